"""Register records placed directly, with ids of our own and every text field given.

`tests.factories.add_organization` draws its ids and fixes some texts (addresses, the
licence's note, licensor and signer); the leak tests need every text of a hidden record to be
a canary, and the differential test needs the same visible records, ids included, in every
state it compares. Specialists go through `storage.specialist_writes`' own column builders, so
their search and sort keys are the ones production writes.
"""

from __future__ import annotations

import importlib
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from domain.identifiers import check_digit
from domain.licence_events import LicenceEventKind
from domain.regions import Region
from domain.register import ClientCategory, LicenceStatus, ServiceCondition
from domain.specialist_form import SpecialistForm
from domain.text import name_keys
from resolvers.ids import encode_id
from storage.bitsets import to_mask
from storage.engine import write_transaction
from storage.lifecycle_tables import LicenceEvent
from storage.specialist_tables import SpecialistConsentEvent
from storage.specialist_writes import child_rows, entry_columns
from storage.specialists import EDUCATION, EMPLOYMENT, SPECIALIST
from storage.tables import Licence, Organization, PublicationConsentEvent, ServiceContract

__all__ = [
    "LICENCE_TEXTS",
    "ORGANIZATION_TEXTS",
    "LicenceRecord",
    "OrganizationRecord",
    "SpecialistRecord",
    "delete_records",
    "insert_records",
    "valid_xin",
]

ORG = Organization.__table__  # type: ignore[attr-defined]
LIC = Licence.__table__  # type: ignore[attr-defined]
CONTRACT = ServiceContract.__table__  # type: ignore[attr-defined]
ORG_CONSENT = PublicationConsentEvent.__table__  # type: ignore[attr-defined]
LICENCE_EVENT = LicenceEvent.__table__  # type: ignore[attr-defined]
SPECIALIST_CONSENT = SpecialistConsentEvent.__table__  # type: ignore[attr-defined]

CREATED_AT = datetime(2026, 3, 1, 4, 0, tzinfo=UTC)

ORGANIZATION_TEXTS = (
    "name_kk",
    "name_ru",
    "legal_address_kk",
    "legal_address_ru",
    "removal_grounds_kk",
    "removal_grounds_ru",
)
LICENCE_TEXTS = (
    "licensee_name_kk",
    "licensee_name_ru",
    "licensee_location_kk",
    "licensee_location_ru",
    "service_place_address_kk",
    "service_place_address_ru",
    "note_kk",
    "note_ru",
    "licensor_kk",
    "licensor_ru",
    "signer_name",
    "place_of_issue_kk",
    "place_of_issue_ru",
)


def valid_xin(first_eleven: str) -> str | None:
    """The BIN/IIN with these 11 leading digits, or None when no check digit is valid."""
    digit = check_digit(first_eleven)
    return None if digit is None else first_eleven + str(digit)


@dataclass(frozen=True, slots=True)
class LicenceRecord:
    id: int
    number: str
    status: LicenceStatus
    is_current: bool
    issued_on: date
    initial_issued_on: date
    texts: Mapping[str, str]  # LICENCE_TEXTS
    valid_until: date | None = None
    reissued_on: date | None = None
    terminated_on: date | None = None
    suspended_until: date | None = None
    events: tuple[tuple[datetime, LicenceEventKind, str], ...] = ()

    @property
    def global_id(self) -> str:
        return encode_id("Licence", self.id)


@dataclass(frozen=True, slots=True)
class OrganizationRecord:
    id: int
    bin: str
    consent: bool
    texts: Mapping[str, str]  # ORGANIZATION_TEXTS; removal grounds used only when removed
    region: Region
    conditions: tuple[ServiceCondition, ...]
    categories: tuple[ClientCategory, ...]
    included_on: date
    capacity: int | None = None
    phone: str | None = None
    email: str | None = None
    removed_on: date | None = None
    licences: tuple[LicenceRecord, ...] = ()  # the last one is current
    contracts: tuple[tuple[date, date | None], ...] = ()
    # Consent events in order; the last must equal `consent` (a withdrawal: True then False).
    consent_history: tuple[bool, ...] = ()

    @property
    def global_id(self) -> str:
        return encode_id("Organization", self.id)


@dataclass(frozen=True, slots=True)
class SpecialistRecord:
    id: int
    form: SpecialistForm
    included_on: date
    applicant: str = "kadr@example.kz"
    consent_history: tuple[tuple[bool, bool], ...] = field(default=())

    @property
    def global_id(self) -> str:
        return encode_id("Specialist", self.id)

    @property
    def visible(self) -> bool:
        return self.form.specialist_consent and self.form.organization_consent


def _organization_values(org: OrganizationRecord) -> dict[str, object]:
    t = org.texts
    return {
        "id": org.id,
        "bin": org.bin,
        "name_kk": t["name_kk"],
        "name_ru": t["name_ru"],
        "legal_address_kk": t["legal_address_kk"],
        "legal_address_ru": t["legal_address_ru"],
        "region": org.region.value,
        "service_conditions": to_mask(org.conditions),
        "client_categories": to_mask(org.categories),
        "total_capacity": org.capacity,
        "phone": org.phone,
        "email": org.email,
        "included_on": org.included_on,
        "removed_on": org.removed_on,
        "removal_grounds_kk": t["removal_grounds_kk"] if org.removed_on else None,
        "removal_grounds_ru": t["removal_grounds_ru"] if org.removed_on else None,
        "publication_consent": org.consent,
        **name_keys(t["name_kk"], t["name_ru"], org.bin),
        "created_at": CREATED_AT,
        "updated_at": CREATED_AT,
    }


def _licence_values(org: OrganizationRecord, lic: LicenceRecord) -> dict[str, object]:
    return {
        "id": lic.id,
        "organization_id": org.id,
        "number": lic.number,
        "status": lic.status.value,
        "is_current": lic.is_current,
        "issued_on": lic.issued_on,
        "initial_issued_on": lic.initial_issued_on,
        "valid_until": lic.valid_until,
        "reissued_on": lic.reissued_on,
        "terminated_on": lic.terminated_on,
        "suspended_until": lic.suspended_until,
        "licensee_bin": org.bin,
        **{name: lic.texts[name] for name in LICENCE_TEXTS},
        "created_at": CREATED_AT,
    }


async def _insert_organizations(
    conn: AsyncConnection, organizations: Sequence[OrganizationRecord]
) -> None:
    if not organizations:
        return
    await conn.execute(insert(ORG), [_organization_values(o) for o in organizations])
    licences = [_licence_values(o, lic) for o in organizations for lic in o.licences]
    if licences:
        await conn.execute(insert(LIC), licences)
    events = [
        {
            "licence_id": lic.id,
            "at": at,
            "actor_role": "licensor",
            "actor_subject": None,
            "kind": kind.value,
            "note": note,
            "data": "{}",
        }
        for o in organizations
        for lic in o.licences
        for at, kind, note in lic.events
    ]
    if events:
        await conn.execute(insert(LICENCE_EVENT), events)
    contracts = [
        {
            "organization_id": o.id,
            "concluded_on": concluded,
            "valid_until": until,
            "recorded_at": CREATED_AT,
            "recorded_by_role": "licensor",
        }
        for o in organizations
        for concluded, until in o.contracts
    ]
    if contracts:
        await conn.execute(insert(CONTRACT), contracts)
    consents = [
        {
            "organization_id": o.id,
            "consent": consent,
            "changed_at": CREATED_AT,
            "actor_role": "applicant",
            "actor_subject": o.bin,
        }
        for o in organizations
        for consent in (o.consent_history or (o.consent,))
    ]
    await conn.execute(insert(ORG_CONSENT), consents)


async def _insert_specialists(
    conn: AsyncConnection, specialists: Sequence[SpecialistRecord]
) -> None:
    if not specialists:
        return
    await conn.execute(
        insert(SPECIALIST),
        [
            {
                "id": s.id,
                "application_id": None,
                "applicant": s.applicant,
                "included_on": s.included_on,
                "created_at": CREATED_AT,
                "updated_at": CREATED_AT,
                **entry_columns(s.form),
            }
            for s in specialists
        ],
    )
    education: list[dict[str, object]] = []
    employment: list[dict[str, object]] = []
    for s in specialists:
        rows = child_rows(s.id, s.form)
        education += rows[0]
        employment += rows[1]
    if education:
        await conn.execute(insert(EDUCATION), education)
    if employment:
        await conn.execute(insert(EMPLOYMENT), employment)
    history = [
        (s, pair)
        for s in specialists
        for pair in (
            s.consent_history or ((s.form.specialist_consent, s.form.organization_consent),)
        )
    ]
    await conn.execute(
        insert(SPECIALIST_CONSENT),
        [
            {
                "specialist_id": s.id,
                "specialist_consent": sc,
                "organization_consent": oc,
                "changed_at": CREATED_AT,
                "actor_role": "applicant",
                "actor_subject": s.applicant,
            }
            for s, (sc, oc) in history
        ],
    )


def _change_feed() -> Any:
    """storage.changes, once the registers keep a change feed (issue 5 item 4), else None."""
    try:
        return importlib.import_module("storage.changes")
    except ImportError:  # pragma: no cover - before the change feed
        return None


async def _record_changes(
    conn: AsyncConnection,
    organizations: Sequence[OrganizationRecord],
    specialists: Sequence[SpecialistRecord],
) -> None:
    """The feed's rows the writers would have written: each inclusion, public or not, and
    each consent change after it (a withdrawal: public before, hidden after)."""
    feed = _change_feed()
    if feed is None:  # pragma: no cover
        return
    histories: list[tuple[Any, int, tuple[bool, ...]]] = [
        (feed.Entity.ORGANIZATION, o.id, o.consent_history or (o.consent,)) for o in organizations
    ]
    histories += [
        (
            feed.Entity.SPECIALIST,
            s.id,
            tuple(
                sc and oc
                for sc, oc in (
                    s.consent_history or ((s.form.specialist_consent, s.form.organization_consent),)
                )
            ),
        )
        for s in specialists
    ]
    for entity, pk, public in histories:
        await feed.record_change(conn, entity, pk, CREATED_AT, False, public[0], created=True)
        for n, (before, after) in enumerate(itertools.pairwise(public), start=1):
            at = CREATED_AT + timedelta(days=n)
            await feed.record_change(conn, entity, pk, at, before, after)


async def insert_records(
    engine: AsyncEngine,
    organizations: Sequence[OrganizationRecord] = (),
    specialists: Sequence[SpecialistRecord] = (),
) -> None:
    """One write transaction, with the change feed's rows when there is a feed."""
    async with write_transaction(engine) as conn:
        await _insert_organizations(conn, organizations)
        await _insert_specialists(conn, specialists)
        await _record_changes(conn, organizations, specialists)


async def delete_records(
    engine: AsyncEngine,
    organizations: Iterable[OrganizationRecord] = (),
    specialists: Iterable[SpecialistRecord] = (),
) -> None:
    """Removes records `insert_records` placed, with everything hanging off them; the change
    feed is append-only and keeps their rows (never public ones, for never-public records)."""
    org_ids = [o.id for o in organizations]
    licence_ids = [lic.id for o in organizations for lic in o.licences]
    specialist_ids = [s.id for s in specialists]
    async with write_transaction(engine) as conn:
        for table, column, ids in (
            (LICENCE_EVENT, LICENCE_EVENT.c.licence_id, licence_ids),
            (LIC, LIC.c.organization_id, org_ids),
            (CONTRACT, CONTRACT.c.organization_id, org_ids),
            (ORG_CONSENT, ORG_CONSENT.c.organization_id, org_ids),
            (ORG, ORG.c.id, org_ids),
            (EDUCATION, EDUCATION.c.specialist_id, specialist_ids),
            (EMPLOYMENT, EMPLOYMENT.c.specialist_id, specialist_ids),
            (SPECIALIST_CONSENT, SPECIALIST_CONSENT.c.specialist_id, specialist_ids),
            (SPECIALIST, SPECIALIST.c.id, specialist_ids),
        ):
            if ids:
                await conn.execute(delete(table).where(column.in_(ids)))
