"""Small, explicit test data: each test states the records it needs."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import UTC, date, datetime

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.identifiers import check_digit
from domain.regions import Region
from domain.register import ClientCategory, LicenceStatus, ServiceCondition
from domain.text import name_keys
from storage.bitsets import to_mask
from storage.engine import write_transaction
from storage.ids import new_id
from storage.tables import Licence, Organization, PublicationConsentEvent, ServiceContract

NOW = datetime(2026, 3, 20, 10, 0, tzinfo=UTC)
_serial = itertools.count(1)


def make_bin(year: int = 24, month: int = 1) -> str:
    """A fresh valid BIN: registration YYMM, resident legal entity, head office."""
    while True:
        prefix = f"{year:02d}{month:02d}40{next(_serial):05d}"
        digit = check_digit(prefix)
        if digit is not None:
            return prefix + str(digit)


async def add_organization(
    engine: AsyncEngine,
    *,
    name_ru: str = "ТОО «Мейірім»",
    name_kk: str = "«Мейірім» ЖШС",
    bin: str | None = None,
    consent: bool = True,
    region: Region = Region.ASTANA,
    conditions: Sequence[ServiceCondition] = (ServiceCondition.INPATIENT,),
    categories: Sequence[ClientCategory] = (ClientCategory.ELDERLY_NO_SELF_CARE,),
    included_on: date = date(2024, 1, 15),
    removed_on: date | None = None,
    phone: str | None = "+77172000000",
    email: str | None = "info@example.kz",
    licences: int = 1,
    contracts: int = 0,
) -> int:
    """Inserts an organisation with `licences` licences (the last one current); returns its id."""
    org_id, bin = new_id(), bin or make_bin()
    async with write_transaction(engine) as conn:
        await conn.execute(
            insert(Organization.__table__).values(  # type: ignore[attr-defined]
                id=org_id,
                bin=bin,
                name_kk=name_kk,
                name_ru=name_ru,
                legal_address_kk="Астана қ., Мәңгілік Ел даңғылы, 8",
                legal_address_ru="г. Астана, проспект Мангилик Ел, 8",
                region=region.value,
                service_conditions=to_mask(conditions),
                client_categories=to_mask(categories),
                total_capacity=120,
                phone=phone,
                email=email,
                included_on=included_on,
                removed_on=removed_on,
                removal_grounds_kk="Лицензиаттың өтініші" if removed_on else None,
                removal_grounds_ru="По заявлению лицензиата" if removed_on else None,
                publication_consent=consent,
                **name_keys(name_kk, name_ru, bin),
                created_at=NOW,
                updated_at=NOW,
            )
        )
        for n in range(licences):
            current = n == licences - 1
            await conn.execute(
                insert(Licence.__table__).values(  # type: ignore[attr-defined]
                    id=new_id(),
                    organization_id=org_id,
                    number=f"KZ{bin}-{n + 1}",
                    status=(
                        LicenceStatus.TERMINATED
                        if removed_on or not current
                        else LicenceStatus.ACTIVE
                    ).value,
                    is_current=current,
                    issued_on=date(included_on.year + n, included_on.month, included_on.day),
                    initial_issued_on=included_on,
                    terminated_on=removed_on if current else None,
                    licensee_bin=bin,
                    licensee_name_kk=name_kk,
                    licensee_name_ru=name_ru,
                    licensee_location_kk="Астана қ.",
                    licensee_location_ru="г. Астана",
                    service_place_address_kk="Астана қ., Сарайшық к., 5",
                    service_place_address_ru="г. Астана, ул. Сарайшык, 5",
                    note_kk="Иеліктен шығарылмайтын",
                    note_ru="Неотчуждаемая",
                    licensor_kk="Комитет (kk)",
                    licensor_ru="Комитет",
                    signer_name="Әлиев Нұрлан",
                    place_of_issue_kk="Астана қ.",
                    place_of_issue_ru="г. Астана",
                    created_at=NOW,
                )
            )
        for n in range(contracts):
            await conn.execute(
                insert(ServiceContract.__table__).values(  # type: ignore[attr-defined]
                    organization_id=org_id,
                    concluded_on=date(2025, 1 + n, 10),
                    valid_until=date(2026, 1 + n, 10),
                    recorded_at=NOW,
                    recorded_by_role="licensor",
                )
            )
        await conn.execute(
            insert(PublicationConsentEvent.__table__).values(  # type: ignore[attr-defined]
                organization_id=org_id,
                consent=consent,
                changed_at=NOW,
                actor_role="applicant",
                actor_subject=bin,
            )
        )
    return org_id
