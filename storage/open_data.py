"""Reading the public registers for the open datasets, in keyset batches.

Visibility is the public GraphQL schema's, decided here: every statement goes through
`storage.organizations.visible_to(PUBLIC)` or `storage.specialists.visible_to(PUBLIC)`. The
viewer is fixed, not a parameter, so no caller can export what the public may not see.

Order: inclusion date, then id (indexes ix_organization_included_on, ix_specialist_included_on),
the order a register grows in; the organisations' row numbers follow it. A batch is one
statement for organisations (the current licence and the latest service contract joined) and
three for specialists (the entries, then their education and employment entries). Memory holds
one batch, whatever the size of the register.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Sequence
from contextlib import aclosing
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Select, and_, func, select, true
from sqlalchemy.engine import Row

from domain.labels import Lang
from domain.open_data import (
    Dataset,
    EducationEntry,
    EmploymentEntry,
    OrganizationEntry,
    SpecialistEntry,
)
from domain.regions import Region
from domain.register import ClientCategory, ServiceCondition
from domain.specialist_codes import EducationLevel, QualificationCategory
from domain.viewer import PUBLIC
from storage import organizations, specialists
from storage.bitsets import from_mask
from storage.changes import CHANGE, Entity
from storage.engine import Reader
from storage.records import after_position
from storage.specialists import SPECIALIST

__all__ = [
    "BATCH_SIZE",
    "DatasetSummary",
    "organization_batches",
    "specialist_batches",
    "summary",
]

BATCH_SIZE = 1000

ORG, LIC, CONTRACT = organizations.ORG, organizations.LIC, organizations.CONTRACT
_ENTITIES = {Dataset.ORGANIZATIONS: Entity.ORGANIZATION, Dataset.SPECIALISTS: Entity.SPECIALIST}


@dataclass(frozen=True, slots=True)
class DatasetSummary:
    rows: int
    last_modified: datetime | None


async def summary(reader: Reader, dataset: Dataset) -> DatasetSummary:
    """Public rows, and when the public register last changed, in one statement.

    Last modified: the newest change-feed row the public sees of this register (storage.changes:
    `public_seq` is set for changes of records public before or after them), so a consent
    withdrawal moves it, as do the changes of licences and service contracts that the export
    shows (their writers record a change of the organisation). A change of a record hidden
    before and after it has no public place and moves nothing: the index does not tell when a
    hidden record changed. Null while the public has seen no change of the register.
    """
    entity = _ENTITIES[dataset]
    newest = (
        select(CHANGE.c.at)
        .where(CHANGE.c.entity == entity.value, CHANGE.c.public_seq.is_not(None))
        .order_by(CHANGE.c.at.desc())
        .limit(1)
        .scalar_subquery()
    )
    if dataset is Dataset.ORGANIZATIONS:
        visible = organizations.visible_to(PUBLIC)
    else:
        visible = specialists.visible_to(PUBLIC)
    row = await reader.first(select(func.count(), newest).where(visible))
    assert row is not None
    count, last_modified = tuple(row)
    return DatasetSummary(rows=int(count), last_modified=last_modified)


async def _batches(
    reader: Reader, statement: Select[Any], key: Any, pk: Any, batch_size: int | None
) -> AsyncGenerator[Sequence[Row[Any]], None]:
    size = batch_size or BATCH_SIZE
    after: tuple[Any, int] | None = None
    while True:
        page = statement
        if after is not None:
            page = page.where(after_position(key, pk, after, descending=False))
        rows = await reader.all(page.order_by(key, pk).limit(size))
        if rows:
            yield rows
        if len(rows) < size:
            return
        last = rows[-1]._mapping
        after = (last[key.name], last[pk.name])


# --- organisations ---------------------------------------------------------------------------


def _organizations(lang: Lang) -> Select[Any]:
    suffix = lang.value
    latest = CONTRACT.alias("latest_contract")
    latest_id = (
        select(func.max(latest.c.id))
        .where(latest.c.organization_id == ORG.c.id)
        .correlate(ORG)
        .scalar_subquery()
    )
    joined = ORG.outerjoin(
        LIC, and_(LIC.c.organization_id == ORG.c.id, LIC.c.is_current == true())
    ).outerjoin(CONTRACT, CONTRACT.c.id == latest_id)
    return (
        select(
            ORG.c.id,
            ORG.c.included_on,
            ORG.c["name_" + suffix].label("name"),
            ORG.c.bin,
            ORG.c["legal_address_" + suffix].label("legal_address"),
            ORG.c.region,
            ORG.c.service_conditions,
            ORG.c.client_categories,
            ORG.c.total_capacity,
            ORG.c.phone,
            ORG.c.email,
            LIC.c.issued_on.label("licence_issued_on"),
            LIC.c.valid_until.label("licence_valid_until"),
            LIC.c.reissued_on.label("licence_reissued_on"),
            CONTRACT.c.concluded_on.label("contract_concluded_on"),
            CONTRACT.c.valid_until.label("contract_valid_until"),
            ORG.c.removed_on,
            ORG.c["removal_grounds_" + suffix].label("removal_grounds"),
        )
        .select_from(joined)
        .where(organizations.visible_to(PUBLIC))
    )


@cache
def _conditions(mask: int) -> tuple[ServiceCondition, ...]:
    return tuple(from_mask(ServiceCondition, mask))


@cache
def _categories(mask: int) -> tuple[ClientCategory, ...]:
    return tuple(from_mask(ClientCategory, mask))


def _organization(row: Row[Any]) -> OrganizationEntry:
    return OrganizationEntry(
        name=row.name,
        bin=row.bin,
        legal_address=row.legal_address,
        region=Region(row.region),
        service_conditions=_conditions(row.service_conditions),
        client_categories=_categories(row.client_categories),
        total_capacity=row.total_capacity,
        phone=row.phone,
        email=row.email,
        licence_issued_on=row.licence_issued_on,
        licence_valid_until=row.licence_valid_until,
        licence_reissued_on=row.licence_reissued_on,
        contract_concluded_on=row.contract_concluded_on,
        contract_valid_until=row.contract_valid_until,
        included_on=row.included_on,
        licence_terminated_on=row.removed_on,
        removal_grounds=row.removal_grounds,
    )


async def organization_batches(
    reader: Reader, lang: Lang, batch_size: int | None = None
) -> AsyncGenerator[list[OrganizationEntry], None]:
    """The public organisations register, `batch_size` (default BATCH_SIZE) rows at a time."""
    rows = _batches(reader, _organizations(lang), ORG.c.included_on, ORG.c.id, batch_size)
    async with aclosing(rows):
        async for batch in rows:
            yield [_organization(row) for row in batch]


# --- specialists -----------------------------------------------------------------------------


def _specialists(lang: Lang) -> Select[Any]:
    suffix = lang.value
    s = SPECIALIST.c
    return select(
        s.id,
        s.included_on,
        s.surname,
        s.given_name,
        s.patronymic,
        s.birth_date,
        s.mobile_phone,
        s.email,
        s.region,
        s["settlement_" + suffix].label("settlement"),
        s["address_" + suffix].label("address"),
        s["profession_" + suffix].label("profession"),
        s.experience_years,
        s.experience_months,
        s.qualification_category,
        s.qualification_assigned_on,
        s["qualification_body_" + suffix].label("qualification_body"),
    ).where(specialists.visible_to(PUBLIC))


def _specialist(
    row: Row[Any], education: Sequence[Row[Any]], employment: Sequence[Row[Any]], lang: Lang
) -> SpecialistEntry:
    kk = lang is Lang.KK
    category = row.qualification_category
    return SpecialistEntry(
        surname=row.surname,
        given_name=row.given_name,
        patronymic=row.patronymic,
        birth_date=row.birth_date,
        mobile_phone=row.mobile_phone,
        email=row.email,
        region=Region(row.region),
        settlement=row.settlement,
        address=row.address,
        profession=row.profession,
        experience_years=row.experience_years,
        experience_months=row.experience_months,
        education=tuple(
            EducationEntry(
                level=EducationLevel(e.level),
                institution=e.institution_kk if kk else e.institution_ru,
                started_on=e.started_on,
                finished_on=e.finished_on,
                document=e.document,
            )
            for e in education
        ),
        employment=tuple(
            EmploymentEntry(
                organization_name=e.organization_name_kk if kk else e.organization_name_ru,
                employer_bin=e.employer_bin,
                position=e.position_kk if kk else e.position_ru,
                started_on=e.started_on,
                ended_on=e.ended_on,
            )
            for e in employment
        ),
        qualification_category=QualificationCategory(category) if category else None,
        qualification_assigned_on=row.qualification_assigned_on,
        qualification_body=row.qualification_body,
        included_on=row.included_on,
    )


async def specialist_batches(
    reader: Reader, lang: Lang, batch_size: int | None = None
) -> AsyncGenerator[list[SpecialistEntry], None]:
    """The public register of specialists, `batch_size` (default BATCH_SIZE) at a time, each
    with its education and employment entries in the applicant's order."""
    key, pk = SPECIALIST.c.included_on, SPECIALIST.c.id
    rows = _batches(reader, _specialists(lang), key, pk, batch_size)
    async with aclosing(rows):
        async for batch in rows:
            ids = [row.id for row in batch]
            education = await specialists.education_by_specialist(reader, PUBLIC, ids)
            employment = await specialists.employment_by_specialist(reader, PUBLIC, ids)
            yield [_specialist(row, education[row.id], employment[row.id], lang) for row in batch]
