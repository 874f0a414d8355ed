"""Reading the register of specialists. Visibility is decided here, once per statement.

Every statement that can return a specialist, or something of one (education, employment),
goes through `visible_to(viewer)`: the public sees entries with both consents only (p. 5), an
applicant also the specialists it applied for and those working at it now (its BIN is their
current employer's), the registrar and admins everything
(domain.viewer.specialist_visibility). Filters, counts and orderings run inside the same
predicate, so a hidden entry changes no count, order or filter result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, or_, select, true
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.labels import Lang
from domain.regions import Region
from domain.specialist_codes import QualificationCategory
from domain.text import search_key
from domain.viewer import OrganizationVisibility, Viewer, specialist_visibility
from storage.engine import Reader
from storage.records import after_position, keyset_page
from storage.specialist_tables import Specialist, SpecialistEducation, SpecialistEmployment

__all__ = [
    "EDUCATION",
    "EMPLOYMENT",
    "SPECIALIST",
    "ConsentHolders",
    "SpecialistFilter",
    "SpecialistOrder",
    "consent_holders",
    "count_by_employer",
    "count_specialists",
    "education_by_specialist",
    "employment_by_specialist",
    "page_by_employer",
    "page_of_specialists",
    "sort_column",
    "specialists_by_ids",
    "visible_to",
]

SPECIALIST = Specialist.__table__  # type: ignore[attr-defined]
EDUCATION = SpecialistEducation.__table__  # type: ignore[attr-defined]
EMPLOYMENT = SpecialistEmployment.__table__  # type: ignore[attr-defined]
EMPLOYER_BIN = "employer__bin"


def visible_to(viewer: Viewer) -> ColumnElement[bool]:
    visibility = specialist_visibility(viewer)
    if visibility is OrganizationVisibility.ALL:
        return true()
    consenting = and_(
        SPECIALIST.c.specialist_consent == true(), SPECIALIST.c.organization_consent == true()
    )
    if visibility is OrganizationVisibility.CONSENTING_OR_OWN:
        # Its own: the specialists it applied for, and those who work at it now.
        # Its own alias: a query over specialist_employment itself (the employment loader)
        # would otherwise correlate both tables and leave the EXISTS without a FROM.
        staff = EMPLOYMENT.alias("staff")
        works_here = exists().where(
            staff.c.specialist_id == SPECIALIST.c.id,
            _currently_at([viewer.subject or ""], staff),
        )
        return or_(consenting, SPECIALIST.c.applicant == viewer.subject, works_here)
    return consenting


class SpecialistOrder(StrEnum):
    NAME_ASC = "NAME_ASC"
    NAME_DESC = "NAME_DESC"
    INCLUDED_ON_ASC = "INCLUDED_ON_ASC"
    INCLUDED_ON_DESC = "INCLUDED_ON_DESC"

    @property
    def descending(self) -> bool:
        return self.endswith("_DESC")

    @property
    def by_date(self) -> bool:
        return self.startswith("INCLUDED_ON")


@dataclass(frozen=True, slots=True)
class SpecialistFilter:
    """Already validated by the resolver; empty collections mean "no condition"."""

    name: str | None = None
    profession: str | None = None
    regions: Sequence[Region] = ()
    employer_bin: str | None = None
    qualification_categories: Sequence[QualificationCategory] = ()


def sort_column(order: SpecialistOrder, lang: Lang) -> ColumnElement[Any]:
    if order.by_date:
        return SPECIALIST.c.included_on  # type: ignore[no-any-return]
    return SPECIALIST.c.sort_kk if lang is Lang.KK else SPECIALIST.c.sort_ru  # type: ignore[no-any-return]


def _contains(column: ColumnElement[str], text: str) -> ColumnElement[bool]:
    pattern = search_key(text).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.like(f"%{pattern}%", escape="\\")


def _currently_at(employer_bins: Sequence[str], employment: Any = EMPLOYMENT) -> Any:
    """Employment entries without an end date: where the specialist works now."""
    return employment.c.employer_bin.in_(employer_bins) & employment.c.ended_on.is_(None)


def _conditions(viewer: Viewer, f: SpecialistFilter) -> list[ColumnElement[bool]]:
    where = [visible_to(viewer)]
    if f.name:
        where.append(_contains(SPECIALIST.c.name_search, f.name))
    if f.profession:
        where.append(_contains(SPECIALIST.c.profession_search, f.profession))
    if f.regions:
        where.append(SPECIALIST.c.region.in_([r.value for r in f.regions]))
    if f.employer_bin:
        where.append(
            exists().where(
                EMPLOYMENT.c.specialist_id == SPECIALIST.c.id, _currently_at([f.employer_bin])
            )
        )
    if f.qualification_categories:
        where.append(
            SPECIALIST.c.qualification_category.in_([c.value for c in f.qualification_categories])
        )
    return where


async def page_of_specialists(
    reader: Reader,
    viewer: Viewer,
    f: SpecialistFilter,
    order: SpecialistOrder,
    lang: Lang,
    first: int,
    after: tuple[Any, int] | None,
) -> tuple[Sequence[Row[Any]], bool]:
    return await keyset_page(
        reader,
        select(SPECIALIST).where(*_conditions(viewer, f)),
        sort_column(order, lang),
        SPECIALIST.c.id,
        descending=order.descending,
        first=first,
        after=after,
    )


async def count_specialists(reader: Reader, viewer: Viewer, f: SpecialistFilter) -> int:
    statement = select(func.count()).select_from(SPECIALIST).where(*_conditions(viewer, f))
    return int(await reader.scalar(statement))


async def specialists_by_ids(
    reader: Reader, viewer: Viewer, ids: Sequence[int]
) -> dict[int, Row[Any]]:
    rows = await reader.all(select(SPECIALIST).where(SPECIALIST.c.id.in_(ids), visible_to(viewer)))
    return {row.id: row for row in rows}


async def _children(
    reader: Reader, viewer: Viewer, table: Any, ids: Sequence[int]
) -> dict[int, list[Row[Any]]]:
    """Education or employment entries of visible specialists, in the applicant's order."""
    statement = (
        select(table)
        .join(SPECIALIST, SPECIALIST.c.id == table.c.specialist_id)
        .where(table.c.specialist_id.in_(ids), visible_to(viewer))
        .order_by(table.c.specialist_id, table.c.ordinal)
    )
    grouped: dict[int, list[Row[Any]]] = {i: [] for i in ids}
    for row in await reader.all(statement):
        grouped[row.specialist_id].append(row)
    return grouped


async def education_by_specialist(
    reader: Reader, viewer: Viewer, ids: Sequence[int]
) -> dict[int, list[Row[Any]]]:
    return await _children(reader, viewer, EDUCATION, ids)


async def employment_by_specialist(
    reader: Reader, viewer: Viewer, ids: Sequence[int]
) -> dict[int, list[Row[Any]]]:
    return await _children(reader, viewer, EMPLOYMENT, ids)


def _current_jobs(employer_bins: Sequence[str]) -> Any:
    return (
        select(EMPLOYMENT.c.employer_bin, EMPLOYMENT.c.specialist_id)
        .where(_currently_at(employer_bins))
        .distinct()
        .subquery()
    )


async def page_by_employer(
    reader: Reader,
    viewer: Viewer,
    employer_bins: Sequence[str],
    order: SpecialistOrder,
    lang: Lang,
    first: int,
    after: tuple[Any, int] | None,
) -> dict[str, tuple[list[Row[Any]], bool]]:
    """A page of the specialists working now at each organisation, in one statement for all
    of them: a window numbers each organisation's rows, the outer query keeps `first + 1`."""
    jobs = _current_jobs(employer_bins)
    key = sort_column(order, lang)
    ordering = (key.desc(), SPECIALIST.c.id.desc()) if order.descending else (key, SPECIALIST.c.id)
    where = [visible_to(viewer)]
    if after is not None:
        where.append(after_position(key, SPECIALIST.c.id, after, descending=order.descending))
    numbered = (
        select(
            *SPECIALIST.c,
            jobs.c.employer_bin.label(EMPLOYER_BIN),
            func.row_number()
            .over(partition_by=jobs.c.employer_bin, order_by=ordering)
            .label("row_in_group"),
        )
        .select_from(SPECIALIST.join(jobs, jobs.c.specialist_id == SPECIALIST.c.id))
        .where(*where)
        .subquery()
    )
    statement = (
        select(numbered)
        .where(numbered.c.row_in_group <= first + 1)
        .order_by(numbered.c[EMPLOYER_BIN], numbered.c.row_in_group)
    )
    grouped: dict[str, list[Row[Any]]] = {b: [] for b in employer_bins}
    for row in await reader.all(statement):
        grouped[row._mapping[EMPLOYER_BIN]].append(row)
    return {b: (rows[:first], len(rows) > first) for b, rows in grouped.items()}


async def count_by_employer(
    reader: Reader, viewer: Viewer, employer_bins: Sequence[str]
) -> dict[str, int]:
    jobs = _current_jobs(employer_bins)
    statement = (
        select(jobs.c.employer_bin, func.count().label("n"))
        .select_from(SPECIALIST.join(jobs, jobs.c.specialist_id == SPECIALIST.c.id))
        .where(visible_to(viewer))
        .group_by(jobs.c.employer_bin)
    )
    counts = {b: 0 for b in employer_bins}
    for row in await reader.all(statement):
        counts[row.employer_bin] = int(row.n)
    return counts


@dataclass(frozen=True, slots=True)
class ConsentHolders:
    """Who may change an entry's consents: its applicant and its current employers' BINs."""

    applicant: str
    employers: frozenset[str]
    specialist_consent: bool


async def consent_holders(conn: AsyncConnection, pk: int) -> ConsentHolders | None:
    row = (
        await conn.execute(
            select(SPECIALIST.c.applicant, SPECIALIST.c.specialist_consent).where(
                SPECIALIST.c.id == pk
            )
        )
    ).first()
    if row is None:
        return None
    employers = await conn.scalars(
        select(EMPLOYMENT.c.employer_bin).where(
            EMPLOYMENT.c.specialist_id == pk, EMPLOYMENT.c.ended_on.is_(None)
        )
    )
    return ConsentHolders(row.applicant, frozenset(employers), row.specialist_consent)
