"""Reading the organisations register. Visibility is decided here, once per statement.

Every statement that can return an organisation, or something that belongs to one (its
licences, its contracts), goes through `visible_to(viewer)`: the public sees consenting
records only, an applicant also its own, officers everything (domain.viewer).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.engine import Row

from domain.labels import Lang
from domain.regions import Region
from domain.register import ClientCategory, RegisterStatus, ServiceCondition
from domain.text import search_key
from domain.viewer import OrganizationVisibility, Viewer, organization_visibility
from storage.bitsets import to_mask
from storage.engine import Reader
from storage.records import keyset_page
from storage.tables import Licence, Organization, ServiceContract

__all__ = [
    "LICENCE_PREFIX",
    "OrganizationFilter",
    "OrganizationOrder",
    "Page",
    "contracts_by_organization",
    "count_organizations",
    "licence_by_number",
    "licences_by_ids",
    "licences_by_organization",
    "organization_by_bin",
    "organizations_by_bins",
    "organizations_by_ids",
    "page_of_organizations",
    "visible_to",
]

ORG = Organization.__table__  # type: ignore[attr-defined]
LIC = Licence.__table__  # type: ignore[attr-defined]
CONTRACT = ServiceContract.__table__  # type: ignore[attr-defined]
LICENCE_PREFIX = "licence__"


def visible_to(viewer: Viewer) -> ColumnElement[bool]:
    visibility = organization_visibility(viewer)
    if visibility is OrganizationVisibility.ALL:
        return true()
    consenting: ColumnElement[bool] = ORG.c.publication_consent == true()
    if visibility is OrganizationVisibility.CONSENTING_OR_OWN:
        return or_(consenting, ORG.c.bin == viewer.subject)
    return consenting


class OrganizationOrder(StrEnum):
    NAME_ASC = "NAME_ASC"
    NAME_DESC = "NAME_DESC"
    INCLUDED_ON_ASC = "INCLUDED_ON_ASC"
    INCLUDED_ON_DESC = "INCLUDED_ON_DESC"

    @property
    def descending(self) -> bool:
        return self.endswith("_DESC")


@dataclass(frozen=True, slots=True)
class OrganizationFilter:
    """Already validated by the resolver; empty collections mean "no condition"."""

    search: str | None = None
    bin: str | None = None
    regions: Sequence[Region] = ()
    service_conditions: Sequence[ServiceCondition] = ()
    client_categories: Sequence[ClientCategory] = ()
    status: RegisterStatus | None = RegisterStatus.ACTIVE  # None: both
    included_from: date | None = None
    included_to: date | None = None


@dataclass(frozen=True, slots=True)
class Page:
    rows: Sequence[Row[Any]]
    has_next: bool


def sort_column(order: OrganizationOrder, lang: Lang) -> ColumnElement[Any]:
    if order in (OrganizationOrder.NAME_ASC, OrganizationOrder.NAME_DESC):
        return ORG.c.sort_kk if lang is Lang.KK else ORG.c.sort_ru  # type: ignore[no-any-return]
    return ORG.c.included_on  # type: ignore[no-any-return]


def _conditions(viewer: Viewer, f: OrganizationFilter) -> list[ColumnElement[bool]]:
    where = [visible_to(viewer)]
    if f.search:
        pattern = search_key(f.search).replace("\\", "\\\\").replace("%", "\\%")
        pattern = pattern.replace("_", "\\_")
        where.append(ORG.c.search_text.like(f"%{pattern}%", escape="\\"))
    if f.bin:
        where.append(ORG.c.bin == f.bin)
    if f.regions:
        where.append(ORG.c.region.in_([r.value for r in f.regions]))
    if f.service_conditions:
        where.append(ORG.c.service_conditions.op("&")(to_mask(f.service_conditions)) != 0)
    if f.client_categories:
        where.append(ORG.c.client_categories.op("&")(to_mask(f.client_categories)) != 0)
    if f.status is RegisterStatus.ACTIVE:
        where.append(ORG.c.removed_on.is_(None))
    elif f.status is RegisterStatus.REMOVED:
        where.append(ORG.c.removed_on.is_not(None))
    if f.included_from:
        where.append(ORG.c.included_on >= f.included_from)
    if f.included_to:
        where.append(ORG.c.included_on <= f.included_to)
    return where


def _with_current_licence() -> Select[Any]:
    licence_columns = [c.label(LICENCE_PREFIX + c.name) for c in LIC.c]
    joined = ORG.outerjoin(LIC, and_(LIC.c.organization_id == ORG.c.id, LIC.c.is_current == true()))
    return select(*ORG.c, *licence_columns).select_from(joined)


async def page_of_organizations(
    reader: Reader,
    viewer: Viewer,
    f: OrganizationFilter,
    order: OrganizationOrder,
    lang: Lang,
    first: int,
    after: tuple[Any, int] | None,
) -> Page:
    """One statement: the page, each row with its current licence, keyset after `after`."""
    statement = _with_current_licence().where(*_conditions(viewer, f))
    rows, has_next = await keyset_page(
        reader,
        statement,
        sort_column(order, lang),
        ORG.c.id,
        descending=order.descending,
        first=first,
        after=after,
    )
    return Page(rows=rows, has_next=has_next)


async def count_organizations(reader: Reader, viewer: Viewer, f: OrganizationFilter) -> int:
    statement = select(func.count()).select_from(ORG).where(*_conditions(viewer, f))
    return int(await reader.scalar(statement))


async def organizations_by_ids(
    reader: Reader, viewer: Viewer, ids: Sequence[int]
) -> dict[int, Row[Any]]:
    statement = _with_current_licence().where(ORG.c.id.in_(ids), visible_to(viewer))
    return {row.id: row for row in await reader.all(statement)}


async def organizations_by_bins(
    reader: Reader, viewer: Viewer, bins: Sequence[str]
) -> dict[str, Row[Any]]:
    statement = _with_current_licence().where(ORG.c.bin.in_(bins), visible_to(viewer))
    return {row.bin: row for row in await reader.all(statement)}


async def organization_by_bin(reader: Reader, viewer: Viewer, bin_: str) -> Row[Any] | None:
    return await reader.first(_with_current_licence().where(ORG.c.bin == bin_, visible_to(viewer)))


def _licences_of_visible() -> Select[Any]:
    joined = LIC.join(ORG, ORG.c.id == LIC.c.organization_id)
    return select(*LIC.c).select_from(joined)


async def licences_by_organization(
    reader: Reader, viewer: Viewer, organization_ids: Sequence[int]
) -> dict[int, list[Row[Any]]]:
    """Every licence of each organisation, newest first."""
    statement = (
        _licences_of_visible()
        .where(LIC.c.organization_id.in_(organization_ids), visible_to(viewer))
        .order_by(LIC.c.organization_id, LIC.c.issued_on.desc(), LIC.c.id)
    )
    grouped: dict[int, list[Row[Any]]] = {i: [] for i in organization_ids}
    for row in await reader.all(statement):
        grouped[row.organization_id].append(row)
    return grouped


async def licences_by_ids(
    reader: Reader, viewer: Viewer, ids: Sequence[int]
) -> dict[int, Row[Any]]:
    statement = _licences_of_visible().where(LIC.c.id.in_(ids), visible_to(viewer))
    return {row.id: row for row in await reader.all(statement)}


async def licence_by_number(reader: Reader, viewer: Viewer, number: str) -> Row[Any] | None:
    return await reader.first(
        _licences_of_visible().where(LIC.c.number == number, visible_to(viewer))
    )


async def contracts_by_organization(
    reader: Reader, viewer: Viewer, organization_ids: Sequence[int]
) -> dict[int, Row[Any]]:
    """The latest service contract of each organisation (columns 13-14)."""
    latest = (
        select(func.max(CONTRACT.c.id))
        .where(CONTRACT.c.organization_id.in_(organization_ids))
        .group_by(CONTRACT.c.organization_id)
    )
    joined = CONTRACT.join(ORG, ORG.c.id == CONTRACT.c.organization_id)
    statement = (
        select(*CONTRACT.c).select_from(joined).where(CONTRACT.c.id.in_(latest), visible_to(viewer))
    )
    return {row.organization_id: row for row in await reader.all(statement)}
