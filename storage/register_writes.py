"""Writes that keep the organisations register in step with licences (register rules p. 4:
the register is formed automatically when a licence is issued).
"""

from __future__ import annotations

import secrets
from datetime import date, datetime
from typing import Any

import orjson
from sqlalchemy import insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.register import LicenceStatus
from domain.text import name_keys
from domain.viewer import Viewer
from storage.changes import Entity, organization_is_public, record_change, record_licence_change
from storage.ids import new_id
from storage.lifecycle_tables import LicenceEvent
from storage.organizations import LIC, ORG
from storage.tables import PublicationConsentEvent

__all__ = [
    "LICENSOR_KK",
    "LICENSOR_RU",
    "append_licence_event",
    "issue_licence",
    "licence_in_force",
    "record_consent",
]

LICENCE_EVENT = LicenceEvent.__table__  # type: ignore[attr-defined]
CONSENT = PublicationConsentEvent.__table__  # type: ignore[attr-defined]

LICENSOR_KK = (
    "Қазақстан Республикасы Еңбек және халықты әлеуметтік қорғау министрлігінің Әлеуметтік "
    "қорғау саласындағы реттеу және бақылау комитеті"
)
LICENSOR_RU = (
    "Комитет регулирования и контроля в сфере социальной защиты населения Министерства труда "
    "и социальной защиты населения Республики Казахстан"
)
NOTE_KK = "Лицензия иеліктен шығарылмайтын, класы: бірінші санаттағы рұқсат"
NOTE_RU = "Лицензия неотчуждаемая, класс: разрешение первой категории"


async def append_licence_event(
    conn: AsyncConnection,
    licence_id: int,
    *,
    at: datetime,
    actor: Viewer,
    kind: str,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> None:
    await conn.execute(
        insert(LICENCE_EVENT).values(
            licence_id=licence_id,
            at=at,
            actor_role=actor.role.value,
            actor_subject=actor.subject,
            kind=kind,
            note=note,
            data=orjson.dumps(data or {}, default=str).decode(),
        )
    )
    await record_licence_change(conn, licence_id, at)  # the history is part of the register


async def record_consent(
    conn: AsyncConnection, organization_id: int, consent: bool, *, at: datetime, actor: Viewer
) -> None:
    before = await organization_is_public(conn, organization_id)
    await _store_consent(conn, organization_id, consent, at=at, actor=actor)
    await record_change(conn, Entity.ORGANIZATION, organization_id, at, before, consent)


async def _store_consent(
    conn: AsyncConnection, organization_id: int, consent: bool, *, at: datetime, actor: Viewer
) -> None:
    await conn.execute(
        update(ORG)
        .where(ORG.c.id == organization_id)
        .values(publication_consent=consent, updated_at=at, version=ORG.c.version + 1)
    )
    await conn.execute(
        insert(CONSENT).values(
            organization_id=organization_id,
            consent=consent,
            changed_at=at,
            actor_role=actor.role.value,
            actor_subject=actor.subject,
        )
    )


async def _next_licence_number(conn: AsyncConnection, issued_on: date) -> str:
    """`KZ26LSS483920`: year of issue and a random, unused number.

    Not a running number: the gaps between public licences' numbers would count the licences
    of organisations that do not consent to publication.
    """
    while True:
        number = f"KZ{issued_on:%y}LSS{secrets.randbelow(10**6):06d}"
        taken = await conn.scalar(select(LIC.c.id).where(LIC.c.number == number))
        if taken is None:
            return number


async def licence_in_force(conn: AsyncConnection, bin_: str) -> str | None:
    """The number of an ACTIVE or SUSPENDED licence the BIN/IIN already holds, if any."""
    statement = (
        select(LIC.c.number)
        .select_from(LIC.join(ORG, ORG.c.id == LIC.c.organization_id))
        .where(
            ORG.c.bin == bin_,
            LIC.c.status.in_([LicenceStatus.ACTIVE.value, LicenceStatus.SUSPENDED.value]),
        )
        .limit(1)
    )
    value = await conn.scalar(statement)
    return None if value is None else str(value)


async def issue_licence(
    conn: AsyncConnection,
    application: Row[Any],
    *,
    issued_on: date,
    at: datetime,
    actor: Viewer,
) -> tuple[int, int, str]:
    """Issue the licence (annex 3) and include the organisation, or update its record.

    Returns (licence id, organisation id, licence number). The organisation is matched by BIN;
    a removed record is included again with a new inclusion date; the consent chosen in the
    application is recorded as a consent event.
    """
    existing = (
        await conn.execute(select(ORG).where(ORG.c.bin == application.applicant_bin))
    ).first()
    register_values = {
        "name_kk": application.applicant_name_kk,
        "name_ru": application.applicant_name_ru,
        "legal_address_kk": application.legal_address_kk,
        "legal_address_ru": application.legal_address_ru,
        "region": application.region,
        "service_conditions": application.service_conditions,
        "client_categories": application.client_categories,
        "total_capacity": application.total_capacity,
        "phone": application.phone,
        "email": application.email,
        **name_keys(
            application.applicant_name_kk, application.applicant_name_ru, application.applicant_bin
        ),
        "removed_on": None,
        "removal_grounds_kk": None,
        "removal_grounds_ru": None,
        "updated_at": at,
    }
    if existing is None:
        organization_id = new_id()
        await conn.execute(
            insert(ORG).values(
                id=organization_id,
                bin=application.applicant_bin,
                included_on=issued_on,
                publication_consent=False,
                created_at=at,
                **register_values,
            )
        )
    else:
        organization_id = existing.id
        included_on = issued_on if existing.removed_on is not None else existing.included_on
        await conn.execute(
            update(ORG)
            .where(ORG.c.id == organization_id)
            .values(included_on=included_on, version=ORG.c.version + 1, **register_values)
        )
        await conn.execute(
            update(LIC).where(LIC.c.organization_id == organization_id).values(is_current=False)
        )
    licence_id, number = new_id(), await _next_licence_number(conn, issued_on)
    await conn.execute(
        insert(LIC).values(
            id=licence_id,
            organization_id=organization_id,
            number=number,
            status=LicenceStatus.ACTIVE.value,
            is_current=True,
            issued_on=issued_on,
            initial_issued_on=issued_on,  # a new licence; reissue keeps the earlier date
            licensee_bin=application.applicant_bin,
            licensee_name_kk=application.applicant_name_kk,
            licensee_name_ru=application.applicant_name_ru,
            licensee_location_kk=application.legal_address_kk,
            licensee_location_ru=application.legal_address_ru,
            service_place_address_kk=application.service_place_address_kk,
            service_place_address_ru=application.service_place_address_ru,
            note_kk=NOTE_KK,
            note_ru=NOTE_RU,
            licensor_kk=LICENSOR_KK,
            licensor_ru=LICENSOR_RU,
            signer_name=actor.subject or "—",
            place_of_issue_kk="Астана қ.",
            place_of_issue_ru="г. Астана",
            created_at=at,
        )
    )
    consent = bool(application.publication_consent)
    await _store_consent(conn, organization_id, consent, at=at, actor=actor)
    before = existing is not None and bool(existing.publication_consent)
    await record_change(
        conn, Entity.ORGANIZATION, organization_id, at, before, consent, created=existing is None
    )
    await append_licence_event(
        conn,
        licence_id,
        at=at,
        actor=actor,
        kind="ISSUED",
        data={"application": application.id, "number": number},
    )
    return licence_id, organization_id, number
