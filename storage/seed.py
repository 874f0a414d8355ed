"""Demo and scale data for the register of organisations (organisations register rules).

Why the data looks the way it does:

- The register is formed automatically when a licence is issued (p. 4), so every organisation
  comes with its current licence (annex 3: number, dates, licensee, place of service, note,
  licensor, signer, place of issue, in Kazakh and Russian) and is included on the licence's
  initial issue date (column 15).
- Its details are public only with the provider's consent (p. 7), and every change of consent is
  timestamped and kept (domain.md, "Consent"): each organisation gets one consent event, and a
  share of them have none given, so that the public views have records to hide.
- Termination follows art. 35 of the Law "On permits and notifications" (p. 6): a removed record
  stays in the register with its termination date and removal grounds (columns 16-17), and its
  licence is TERMINATED on that date.
- The service contract (columns 13-14) keeps its history: the later row supersedes.

`seed_demo` writes ~200 realistic organisations over all 20 regions in one transaction, for
demos and manual testing. `seed_scale` writes n synthetic ones fast, for benchmarks: executemany
in batches, each batch in its own write transaction.

Determinism: every choice comes from `random.Random(seed)` and the `now` passed in; this module
never reads the clock. Row ids are the one exception: they come from `storage.ids.new_id`,
random by design so that ids reveal nothing (storage/tables.py); `seed_scale` hands each run's
random ids out in ascending order, which makes SQLite's inserts appends.

BINs: demo BINs are entity type 4 (resident legal entity), kind 0 or 1 (head office, branch).
Scale BINs are type 4, kind 2 (representative office), a combination the demo never makes, and
follow one sequence: index i gives registration period i // 100000 (YY = period // 12, MM =
period % 12 + 1) and serial i % 100000, skipping indexes whose check digit is 10 twice. The
sequence sorts like the BINs, so a later `seed_scale` resumes after the greatest such BIN
already stored, and no uniqueness check is needed. One demo organisation, the README
walkthrough's applicant, has a fixed BIN (`seed_data.WALKTHROUGH_BIN`) in place of its drawn
one. Licence numbers follow `signLicence`'s `KZ<YY>LSS<number>`: `KZ19LSS000123` (demo, a running
number drawn without repeats, not a running one, so gaps count nothing) and
`KZ19LSS<BIN>` (scale, twelve digits, so never a six-digit demo number): unique
because the BINs are.

Demo licence applications: `plan_demo_lifecycle` plans a handful of applications, one in each
state of the lifecycle (domain/licensing.py), as the commands their actors would give and when;
the CLI (server.py) drives each through the resolvers, so every rule, deadline, history event and
audit row is the real one. Times are counted back in working days from `now`, so that every step
was legal when it was taken and what is still open is not yet overdue, whatever day `now` is.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, TypeVar

from sqlalchemy import Table, func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlmodel import SQLModel

from domain.application_form import ApplicationForm
from domain.calendar import ALMATY, WorkingCalendar
from domain.contacts import normalize_phone
from domain.identifiers import check_digit
from domain.labels import label_of
from domain.licensing import (
    AgreeConclusion,
    ApplicationStatus,
    Command,
    CompletenessCheck,
    Conclusion,
    Finding,
    Ground,
    Hearing,
    HearingOutcome,
    Objection,
    PreliminaryRefusal,
    RefusalGround,
    RefuseLicence,
    SignAcceptanceRefusal,
    SignLicence,
    Withdraw,
)
from domain.regions import Region
from domain.register import ClientCategory, LicenceStatus, ServiceCondition
from domain.text import name_keys
from domain.viewer import Role, Viewer
from storage.bitsets import from_mask, to_mask
from storage.changes import Entity, record_included
from storage.engine import write_transaction
from storage.ids import new_id
from storage.seed_data import (
    CITIES,
    DEMO_APPLICANTS,
    DEMO_DOCUMENTS,
    DEMO_HEADS,
    DEMO_REGION_COUNTS,
    DEMO_TEXTS,
    KINDS,
    LICENSOR_KK,
    LICENSOR_RU,
    MOBILE_PREFIXES,
    NOTE_KK,
    NOTE_RU,
    PLACE_OF_ISSUE_KK,
    PLACE_OF_ISSUE_RU,
    PROPER_NAMES,
    REGION_GENITIVE_RU,
    REMOVAL_GROUNDS,
    SIGNERS,
    WALKTHROUGH_BIN,
    City,
    DemoApplicant,
    OrgKind,
    transliterate,
)
from storage.tables import Licence, Organization, PublicationConsentEvent, ServiceContract

__all__ = [
    "DemoApplication",
    "DemoLifecycle",
    "DemoStep",
    "SeedReport",
    "database_is_empty",
    "generate_bin",
    "plan_demo_lifecycle",
    "seed_demo",
    "seed_scale",
]

Row = dict[str, Any]
T = TypeVar("T")


def _table(model: type[SQLModel]) -> Table:
    return SQLModel.metadata.tables[str(model.__tablename__)]


_ORGANIZATION = _table(Organization)
_LICENCE = _table(Licence)
_CONTRACT = _table(ServiceContract)
_CONSENT = _table(PublicationConsentEvent)

_OFFICE_TZ = timezone(timedelta(hours=5))  # Kazakhstan has one time zone, UTC+5, since 2024
_FIRST_ISSUE = date(2019, 1, 1)
_LAST_ISSUE_LAG = timedelta(days=30)  # the newest licence is a month old

_DEMO_NO_CONSENT = 0.15
_DEMO_REMOVED = 0.10
_DEMO_REISSUED = 0.15
_DEMO_SUSPENDED = 5
_DEMO_TIME_LIMITED = 8

_SCALE_NO_CONSENT = 0.10
_SCALE_REMOVED = 0.05
_SCALE_TYPE_KIND = "42"
_SCALE_SERIALS = 100_000


@dataclass(frozen=True)
class SeedReport:
    organizations: int
    licences: int
    without_consent: int
    removed: int


async def database_is_empty(engine: AsyncEngine) -> bool:
    """True when the register has no organisation at all (the CLI seeds only then)."""
    async with engine.connect() as conn:
        return await _is_empty(conn)


async def _is_empty(conn: AsyncConnection) -> bool:
    return await conn.scalar(select(_ORGANIZATION.c.id).limit(1)) is None


def generate_bin(rng: random.Random, *, registered: date) -> str:
    """A valid BIN of a resident legal entity registered in `registered`'s month.

    YYMM, entity type 4, kind 0 (head office; 1 for a branch one time in twenty), five random
    digits and the check digit; serials whose check digit would be 10 are drawn again.
    """
    prefix = f"{registered:%y%m}4{'1' if rng.random() < 0.05 else '0'}"
    while True:
        head = f"{prefix}{rng.randrange(100_000):05d}"
        check = check_digit(head)
        if check is not None:
            return f"{head}{check}"


# --- demo ---------------------------------------------------------------------------------


@dataclass
class _Rows:
    organizations: list[Row] = field(default_factory=list)
    licences: list[Row] = field(default_factory=list)
    contracts: list[Row] = field(default_factory=list)
    consents: list[Row] = field(default_factory=list)


async def seed_demo(engine: AsyncEngine, *, now: datetime, seed: int = 2024) -> SeedReport:
    """About 200 realistic organisations in all 20 regions, in one write transaction.

    Raises RuntimeError when the register already has organisations.
    """
    _require_aware(now)
    rows = _demo_rows(random.Random(seed), now)
    async with write_transaction(engine) as conn:
        if not await _is_empty(conn):
            raise RuntimeError("the register is not empty: demo data goes into an empty one")
        await _insert(conn, _ORGANIZATION, rows.organizations)
        await _insert(conn, _LICENCE, rows.licences)
        await _insert(conn, _CONTRACT, rows.contracts)
        await _insert(conn, _CONSENT, rows.consents)
        await _record_included(conn, rows.organizations)
    return SeedReport(
        organizations=len(rows.organizations),
        licences=len(rows.licences),
        without_consent=sum(not row["publication_consent"] for row in rows.organizations),
        removed=sum(row["removed_on"] is not None for row in rows.organizations),
    )


def _demo_plan(rng: random.Random) -> list[tuple[Region, OrgKind, str | None]]:
    """Each region's providers: two to four state institutions, the rest private ones."""
    state_kinds = [kind for kind in KINDS if kind.state]
    private = [(kind, name) for kind in KINDS if not kind.state for name in PROPER_NAMES]
    rng.shuffle(private)
    plan: list[tuple[Region, OrgKind, str | None]] = []
    for region in Region:
        count = DEMO_REGION_COUNTS[region]
        n_state = rng.randint(2, max(2, min(4, count - 3)))
        plan += [(region, kind, None) for kind in rng.sample(state_kinds, n_state)]
        plan += [(region, *private.pop()) for _ in range(count - n_state)]
    return plan


def _demo_rows(rng: random.Random, now: datetime) -> _Rows:
    today = now.date()
    last_issue = today - _LAST_ISSUE_LAG
    if (last_issue - _FIRST_ISSUE).days < 365:
        raise ValueError("now must be at least a year after the first licences (2019)")
    plan = _demo_plan(rng)
    total = len(plan)
    indexes = range(total)
    no_consent = set(rng.sample(indexes, round(total * _DEMO_NO_CONSENT)))
    removed = set(rng.sample(indexes, round(total * _DEMO_REMOVED)))
    in_force = [i for i in indexes if i not in removed]
    suspended = set(rng.sample(in_force, _DEMO_SUSPENDED))
    time_limited = set(rng.sample(in_force, _DEMO_TIME_LIMITED))
    reissued = set(rng.sample(indexes, round(total * _DEMO_REISSUED)))
    with_contract = set(rng.sample(indexes, total // 2))
    walkthrough = next(
        i
        for i, (region, kind, _) in enumerate(plan)
        if region is Region.ASTANA and not kind.state and i not in no_consent | removed | suspended
    )
    # Its licence was terminated: a licensee with a licence in force may not apply again
    # (LICENCE_ALREADY_HELD), and the walkthrough shows signing including it in the register
    # again. Another record takes its place among the in-force ones, so the counts stay.
    removed.discard(min(removed))
    removed.add(walkthrough)

    rows = _Rows()
    bins: set[str] = set()
    emails: set[str] = set()
    for i, (region, kind, proper_name) in enumerate(plan):
        city = CITIES[region]
        name_kk, name_ru = _names(region, city, kind, proper_name)

        initial = _FIRST_ISSUE + timedelta(
            days=rng.randrange((last_issue - _FIRST_ISSUE).days - 60)
        )
        issued, reissued_on = initial, None
        if i in reissued:
            issued = initial + timedelta(days=rng.randint(30, (last_issue - initial).days))
            reissued_on = issued
        registered = initial - timedelta(days=rng.randint(60, 365 * (20 if kind.state else 12)))
        bin_ = generate_bin(rng, registered=registered)
        while bin_ in bins:
            bin_ = generate_bin(rng, registered=registered)
        if i == walkthrough:
            bin_ = WALKTHROUGH_BIN  # drawn above all the same: the other rows stay as they were
        bins.add(bin_)

        removed_on = grounds_kk = grounds_ru = None
        if i in removed:
            removed_on = issued + timedelta(days=rng.randint(1, (today - issued).days))
            grounds_kk, grounds_ru = rng.choice(REMOVAL_GROUNDS)
        status = (
            LicenceStatus.TERMINATED
            if i in removed
            else LicenceStatus.SUSPENDED
            if i in suspended
            else LicenceStatus.ACTIVE
        )
        valid_until = None
        if i in time_limited:
            valid_until = next(
                (d for d in (_add_years(issued, 5), _add_years(issued, 10)) if d > today), None
            )

        legal_street, place_street = rng.sample(city.streets, 2)
        legal_kk, legal_ru = _address(city, legal_street, rng.randint(1, 180))
        place_kk, place_ru = _address(city, place_street, rng.randint(1, 180))
        conditions = _some(rng, kind.conditions, 3)
        categories = _some(rng, kind.categories, 4)
        capacity = None
        if kind.capacity is not None and conditions != [ServiceCondition.HOME]:
            capacity = rng.randrange(kind.capacity[0], kind.capacity[1] + 1, 5)
        phone = _landline(rng, city) if kind.state else _mobile(rng)
        email = _email(emails, kind, proper_name, city)

        organization_id = new_id()
        consent = i not in no_consent
        rows.organizations.append(
            {
                "id": organization_id,
                "bin": bin_,
                "name_kk": name_kk,
                "name_ru": name_ru,
                "legal_address_kk": legal_kk,
                "legal_address_ru": legal_ru,
                "region": region.value,
                "service_conditions": to_mask(conditions),
                "client_categories": to_mask(categories),
                "total_capacity": capacity,
                "phone": phone,
                "email": email,
                "included_on": initial,
                "removed_on": removed_on,
                "removal_grounds_kk": grounds_kk,
                "removal_grounds_ru": grounds_ru,
                "publication_consent": consent,
                **name_keys(name_kk, name_ru, bin_),
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
        )
        rows.licences.append(
            {
                "id": new_id(),
                "organization_id": organization_id,
                "number": "",  # numbered below, in order of initial issue
                "status": status.value,
                "is_current": True,
                "issued_on": issued,
                "initial_issued_on": initial,
                "valid_until": valid_until,
                "reissued_on": reissued_on,
                "terminated_on": removed_on,
                **_annex3_texts(
                    bin_, (name_kk, name_ru), (legal_kk, legal_ru), (place_kk, place_ru)
                ),
                "signer_name": _signer(issued),
                "created_at": now,
            }
        )
        rows.consents.append(
            {
                "organization_id": organization_id,
                "consent": consent,
                "changed_at": _office_time(rng, initial + timedelta(days=rng.randint(0, 5))),
                "actor_role": Role.APPLICANT.value,
                "actor_subject": bin_,
            }
        )
        if i in with_contract:
            limit = (removed_on or today) - timedelta(days=5)
            rows.contracts += _contracts(rng, organization_id, initial, limit)

    # Random, not running, numbers: gaps in a running sequence would count hidden licences.
    numbers = rng.sample(range(10**6), len(rows.licences))
    for number, licence in zip(numbers, rows.licences, strict=True):
        licence["number"] = f"KZ{licence['initial_issued_on']:%y}LSS{number:06d}"
    return rows


def _names(region: Region, city: City, kind: OrgKind, proper_name: str | None) -> tuple[str, str]:
    values = {
        "name": proper_name or "",
        "region_kk": f"{label_of(region).kk}ның",
        "region_ru": REGION_GENITIVE_RU[region],
        "city_kk": city.kk_genitive,
        "city_ru": f"города {city.ru_genitive}",
    }
    return kind.name_kk.format(**values), kind.name_ru.format(**values)


def _address(city: City, street: tuple[str, str], house: int) -> tuple[str, str]:
    return f"{city.kk} қ., {street[0]}, {house}", f"г. {city.ru}, {street[1]}, {house}"


def _some(rng: random.Random, pool: Sequence[T], most: int) -> list[T]:
    """The first of `pool` and up to `most - 1` others from the rest."""
    extra = rng.randint(0, min(most, len(pool)) - 1)
    return [pool[0], *rng.sample(pool[1:], extra)]


def _landline(rng: random.Random, city: City) -> str:
    while True:
        rest = 10 - len(city.area_code) - 1
        phone = f"+7{city.area_code}{rng.randint(2, 5)}{rng.randrange(10**rest):0{rest}d}"
        if normalize_phone(phone) == phone:
            return phone


def _mobile(rng: random.Random) -> str:
    while True:
        phone = f"+7{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10**7):07d}"
        if normalize_phone(phone) == phone:
            return phone


def _email(taken: set[str], kind: OrgKind, proper_name: str | None, city: City) -> str:
    """`info@<name>-<town>.kz` (private) or `info@<kind>-<town>.kz` (state), made unique."""
    town = transliterate(city.ru)
    stem = f"{kind.slug}-{town}"
    if proper_name is not None:
        stem = f"{transliterate(proper_name)}-{town}"
        if f"info@{stem}.kz" in taken:
            stem = f"{transliterate(proper_name)}-{kind.slug}-{town}"
    email, n = f"info@{stem}.kz", 1
    while email in taken:
        n += 1
        email = f"info@{stem}-{n}.kz"
    taken.add(email)
    return email


def _annex3_texts(
    bin_: str, name: tuple[str, str], location: tuple[str, str], place: tuple[str, str]
) -> Row:
    """The licence's licensee, place of service and fixed texts (annex 3), kk and ru."""
    return {
        "licensee_bin": bin_,
        "licensee_name_kk": name[0],
        "licensee_name_ru": name[1],
        "licensee_location_kk": location[0],
        "licensee_location_ru": location[1],
        "service_place_address_kk": place[0],
        "service_place_address_ru": place[1],
        "note_kk": NOTE_KK,
        "note_ru": NOTE_RU,
        "licensor_kk": LICENSOR_KK,
        "licensor_ru": LICENSOR_RU,
        "place_of_issue_kk": PLACE_OF_ISSUE_KK,
        "place_of_issue_ru": PLACE_OF_ISSUE_RU,
        "version": 1,
    }


def _signer(issued: date) -> str:
    return [name for year, name in SIGNERS if year <= issued.year][-1]


def _contracts(rng: random.Random, organization_id: int, included: date, limit: date) -> list[Row]:
    """One or two contracts with the local executive body, the later superseding the first."""
    rows: list[Row] = []
    concluded = included + timedelta(days=rng.randint(14, 180))
    while concluded <= limit and len(rows) < 2:
        valid_until = None
        if rng.random() < 0.8:  # a year; otherwise open-ended
            valid_until = _add_years(concluded, 1) - timedelta(days=1)
        rows.append(
            {
                "organization_id": organization_id,
                "concluded_on": concluded,
                "valid_until": valid_until,
                "recorded_at": _office_time(rng, concluded + timedelta(days=rng.randint(0, 3))),
                "recorded_by_role": Role.LICENSOR.value,
                "recorded_by_subject": None,
            }
        )
        if rng.random() < 0.5:
            break
        if valid_until is not None:
            concluded = valid_until + timedelta(days=1)
        else:
            concluded += timedelta(days=rng.randint(200, 500))
    return rows


def _office_time(rng: random.Random, day: date) -> datetime:
    return datetime.combine(day, time(rng.randint(9, 17), rng.randrange(60)), tzinfo=_OFFICE_TZ)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# --- demo licence applications ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DemoStep:
    """One command, given by `actor` at `at` (a resolver call with that viewer and clock)."""

    at: datetime
    actor: Viewer
    command: Command


@dataclass(frozen=True, slots=True)
class DemoApplication:
    """An application to submit at `submitted_at`, then take through `steps` to `status`."""

    applicant: Viewer
    form: ApplicationForm
    submitted_at: datetime
    steps: tuple[DemoStep, ...]
    status: ApplicationStatus


@dataclass(frozen=True, slots=True)
class DemoLifecycle:
    """Who acts in the demo (one viewer per role, for the printed tokens) and what they do.

    `applicant` is a demo organisation already in the register (consenting, licence active):
    the walkthrough submits as it, and the demo's preliminary refusal is addressed to it, so
    its token can record the objection.
    """

    licensor: Viewer
    inspector: Viewer
    applicant: Viewer
    applicant_name: str
    applications: tuple[DemoApplication, ...]


async def plan_demo_lifecycle(
    engine: AsyncEngine, *, now: datetime, calendar: WorkingCalendar, seed: int = 2024
) -> DemoLifecycle:
    """Demo applications in every state, planned back from `now` in working days.

    Reads the demo organisations (`seed_demo` first) for the walkthrough applicant and the BINs
    already taken; writes nothing. Each step sits on an earlier working day than `now`'s, in
    office hours, inside its term (p. 13, 15, 17, 18, 21, 23); the preliminary refusal's hearing
    is on the second working day after its notice, so it is still ahead on the day of seeding
    and the applicant's 3 working days to object (p. 23) have not run out.
    """
    _require_aware(now)
    rng = random.Random(seed)
    today = calendar.local_date(now)
    own, taken = await _walkthrough_applicant(engine)

    def at(working_days_ago: int, hour: int, minute: int = 0) -> datetime:
        day = calendar.subtract_working_days(today, working_days_ago)
        return datetime.combine(day, time(hour, minute), tzinfo=ALMATY)

    licensor = Viewer(Role.LICENSOR, subject=_signer(today))
    inspector = Viewer(Role.INSPECTOR, subject="*")
    texts = DEMO_TEXTS
    forms = [
        _applicant_form(rng, applicant, taken, i) for i, applicant in enumerate(DEMO_APPLICANTS)
    ]
    met = tuple(Finding(requirement, True) for requirement in texts.requirements)
    unmet = (*met[:-1], Finding(texts.requirements[-1], False, texts.nonconformity))
    ground = (Ground(RefusalGround.NONCONFORMITY_WITH_RULES, texts.ground_note),)

    def hearing(notice: datetime) -> datetime:
        day = calendar.add_working_days(notice.astimezone(ALMATY).date(), 2)
        return datetime.combine(day, time(11, 0), tzinfo=ALMATY)

    def plan(
        form: ApplicationForm,
        submitted: datetime,
        status: ApplicationStatus,
        *steps: tuple[datetime, Viewer, Command],
    ) -> DemoApplication:
        return DemoApplication(
            applicant=Viewer(Role.APPLICANT, subject=form.applicant_bin),
            form=form,
            submitted_at=submitted,
            steps=tuple(DemoStep(when, actor, command) for when, actor, command in steps),
            status=status,
        )

    # at(k, ...) is k working days before today. Gaps between steps stay inside each term:
    # completeness 1 wd (p. 13), conclusion 7 (p. 15), agreement 2 (p. 17), signature 2 (p. 18),
    # notice >= 3 before the 15-day end and hearing <= 3 after it (p. 21), objection 3 (p. 23).
    S = ApplicationStatus
    complete = CompletenessCheck(complete=True)
    notice_now, notice_before = at(1, 15), at(7, 10)
    applications = (
        plan(forms[0], at(1, 11, 5), S.SUBMITTED),
        # Received at 19:20, after the office closed: registered on the next working day.
        plan(forms[1], at(1, 19, 20), S.SUBMITTED),
        plan(
            forms[2],
            at(3, 10, 30),
            S.ACCEPTANCE_REFUSED,
            (at(2, 15), inspector, CompletenessCheck(False, texts.missing_documents)),
            (at(1, 11), licensor, SignAcceptanceRefusal()),  # p. 14: within 1 working day
        ),
        plan(forms[3], at(3, 16), S.UNDER_INSPECTION, (at(2, 10), inspector, complete)),
        plan(
            forms[4],
            at(5, 12),
            S.WITHDRAWN,
            (at(4, 11), inspector, complete),
            (
                at(2, 9, 40),
                Viewer(Role.APPLICANT, forms[4].applicant_bin),
                Withdraw(texts.withdrawal),
            ),
        ),
        plan(
            forms[5],
            at(7, 9, 15),
            S.AWAITING_SIGNATURE,
            (at(6, 14), inspector, complete),
            (at(3, 16, 30), inspector, Conclusion(met)),
            (at(1, 10), licensor, AgreeConclusion()),
        ),
        plan(
            own,
            at(7, 11, 40),
            S.PRELIMINARY_REFUSAL,
            (at(6, 10, 20), inspector, complete),
            (at(3, 12), inspector, Conclusion(unmet)),
            (
                notice_now,
                licensor,
                PreliminaryRefusal(ground, hearing(notice_now), texts.hearing_place),
            ),
        ),
        plan(
            forms[6],
            at(12, 10),
            S.LICENCE_ISSUED,
            (at(11, 12), inspector, complete),
            (at(6, 15), inspector, Conclusion(met)),
            (at(5, 11), licensor, AgreeConclusion()),
            (at(4, 16), licensor, SignLicence()),
        ),
        plan(
            forms[7],
            at(14, 9, 30),
            S.REFUSED,
            (at(13, 10), inspector, complete),
            (at(8, 17), inspector, Conclusion(unmet)),
            (
                notice_before,
                licensor,
                PreliminaryRefusal(ground, hearing(notice_before), texts.hearing_place),
            ),
            (at(6, 11), Viewer(Role.APPLICANT, forms[7].applicant_bin), Objection(texts.objection)),
            (at(5, 12), licensor, Hearing(HearingOutcome.REFUSE, texts.minutes_refuse)),
            (
                at(4, 10),
                licensor,
                RefuseLicence(
                    (Ground(RefusalGround.NONCONFORMITY_WITH_RULES, texts.refusal_note),)
                ),
            ),
        ),
    )
    return DemoLifecycle(
        licensor=licensor,
        inspector=inspector,
        applicant=Viewer(Role.APPLICANT, subject=own.applicant_bin),
        applicant_name=own.applicant_name_ru,
        applications=applications,
    )


async def _walkthrough_applicant(engine: AsyncEngine) -> tuple[ApplicationForm, set[str]]:
    """The form of the walkthrough's organisation (`WALKTHROUGH_BIN`: consenting, its licence
    terminated), as it would apply again for its own premises; and every BIN the register holds.
    """
    org, lic = _ORGANIZATION.c, _LICENCE.c
    statement = (
        select(_ORGANIZATION, lic.service_place_address_kk, lic.service_place_address_ru)
        .join_from(_ORGANIZATION, _LICENCE, (lic.organization_id == org.id) & lic.is_current)
        .where(org.bin == WALKTHROUGH_BIN)
    )
    async with engine.connect() as conn:
        row = (await conn.execute(statement)).first()
        taken = set((await conn.scalars(select(org.bin))).all())
    if row is None:
        raise RuntimeError(f"seed the demo organisations first: {WALKTHROUGH_BIN} is not there")
    form = ApplicationForm(
        applicant_bin=row.bin,
        applicant_name_kk=row.name_kk,
        applicant_name_ru=row.name_ru,
        legal_address_kk=row.legal_address_kk,
        legal_address_ru=row.legal_address_ru,
        region=Region(row.region),
        email=row.email,
        phone=row.phone,
        service_place_address_kk=row.service_place_address_kk,
        service_place_address_ru=row.service_place_address_ru,
        service_conditions=tuple(from_mask(ServiceCondition, row.service_conditions)),
        client_categories=tuple(from_mask(ClientCategory, row.client_categories)),
        total_capacity=row.total_capacity,
        head_name=DEMO_HEADS[-1],
        documents=DEMO_DOCUMENTS,
        publication_consent=True,
        personal_data_consent=True,
    )
    return form, taken


def _applicant_form(
    rng: random.Random, applicant: DemoApplicant, taken: set[str], index: int
) -> ApplicationForm:
    """A first application (annex 2) by a provider registered one to five years ago."""
    kind = next(k for k in KINDS if k.slug == applicant.kind)
    city = CITIES[applicant.region]
    name_kk, name_ru = _names(applicant.region, city, kind, applicant.proper_name)
    bin_ = generate_bin(rng, registered=date(2021 + index % 4, 1 + index, 1))
    while bin_ in taken:
        bin_ = generate_bin(rng, registered=date(2021 + index % 4, 1 + index, 1))
    taken.add(bin_)
    legal_street, place_street = rng.sample(city.streets, 2)
    legal = _address(city, legal_street, rng.randint(1, 180))
    place = _address(city, place_street, rng.randint(1, 180))
    conditions = _some(rng, kind.conditions, 3)
    capacity = None
    if kind.capacity is not None and conditions != [ServiceCondition.HOME]:
        capacity = rng.randrange(kind.capacity[0], kind.capacity[1] + 1, 5)
    return ApplicationForm(
        applicant_bin=bin_,
        applicant_name_kk=name_kk,
        applicant_name_ru=name_ru,
        legal_address_kk=legal[0],
        legal_address_ru=legal[1],
        region=applicant.region,
        email=f"info@{transliterate(applicant.proper_name)}-{transliterate(city.ru)}.kz",
        phone=_mobile(rng),
        service_place_address_kk=place[0],
        service_place_address_ru=place[1],
        service_conditions=tuple(conditions),
        client_categories=tuple(_some(rng, kind.categories, 4)),
        total_capacity=capacity,
        head_name=DEMO_HEADS[index % len(DEMO_HEADS)],
        documents=DEMO_DOCUMENTS,
        publication_consent=index != 3,  # one provider keeps its record private (p. 7)
        personal_data_consent=True,
    )


# --- scale --------------------------------------------------------------------------------


async def seed_scale(
    engine: AsyncEngine, n: int, *, now: datetime, seed: int = 7, batch: int = 10_000
) -> SeedReport:
    """`n` synthetic organisations, each with its current licence and a consent event.

    Batches of `batch` rows, each in its own write transaction. Safe to call again, and after
    `seed_demo`: BINs continue the scale sequence (see the module docstring). Rows are numbered
    on from the scale rows already stored; inclusion dates rise with the row number from 2019
    to a month ago, as a register grows; ids rise too (`_ascending_ids`).
    """
    _require_aware(now)
    if n < 0 or batch < 1:
        raise ValueError("n must be >= 0 and batch >= 1")
    rng = random.Random(seed)
    async with engine.connect() as conn:
        done, last_bin = (
            await conn.execute(
                select(func.count(), func.max(_ORGANIZATION.c.bin)).where(
                    func.substr(_ORGANIZATION.c.bin, 5, 2) == _SCALE_TYPE_KIND
                )
            )
        ).one()
    bins = _scale_bins(0 if last_bin is None else _scale_index(last_bin) + 1)
    places = [_ScalePlace.of(region) for region in Region]
    today = now.date()
    last_issue = today - _LAST_ISSUE_LAG
    span = (last_issue - _FIRST_ISSUE).days
    if span < 1:
        raise ValueError("now must be after the first licences (2019)")
    home_only = to_mask([ServiceCondition.HOME])
    all_conditions = to_mask(ServiceCondition)
    all_categories = to_mask(ClientCategory)
    organization_ids, licence_ids = _ascending_ids(n), _ascending_ids(n)
    without_consent = removed = 0

    for start in range(0, n, batch):
        organizations: list[Row] = []
        licences: list[Row] = []
        consents: list[Row] = []
        for index in range(start, min(start + batch, n)):
            number = done + index + 1
            bin_ = next(bins)
            place = places[number % len(places)]
            legal_kk, legal_ru, place_kk, place_ru = place.addresses(number)
            name_kk, name_ru = f"Ұйым №{number}", f"Организация №{number}"
            conditions = rng.randint(1, all_conditions)
            initial = _FIRST_ISSUE + timedelta(days=index * span // n)
            issued, reissued_on = initial, None
            if rng.random() < 0.1 and initial < last_issue:
                issued = reissued_on = initial + timedelta(
                    days=rng.randint(1, (last_issue - initial).days)
                )
            consent = rng.random() >= _SCALE_NO_CONSENT
            is_removed = rng.random() < _SCALE_REMOVED
            removed_on = None
            if is_removed:
                removed_on = issued + timedelta(days=rng.randint(1, (today - issued).days))
            grounds_kk, grounds_ru = REMOVAL_GROUNDS[number % 3] if is_removed else (None, None)
            without_consent += not consent
            removed += is_removed
            organization_id = organization_ids[index]
            organizations.append(
                {
                    "id": organization_id,
                    "bin": bin_,
                    "name_kk": name_kk,
                    "name_ru": name_ru,
                    "legal_address_kk": legal_kk,
                    "legal_address_ru": legal_ru,
                    "region": place.region,
                    "service_conditions": conditions,
                    "client_categories": rng.randint(1, all_categories),
                    "total_capacity": None if conditions == home_only else rng.randint(10, 500),
                    "phone": f"+7{MOBILE_PREFIXES[number % len(MOBILE_PREFIXES)]}"
                    f"{number % 10**7:07d}",
                    "email": f"info@org{number}.kz",
                    "included_on": initial,
                    "removed_on": removed_on,
                    "removal_grounds_kk": grounds_kk,
                    "removal_grounds_ru": grounds_ru,
                    "publication_consent": consent,
                    **name_keys(name_kk, name_ru, bin_),
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            licences.append(
                {
                    "id": licence_ids[index],
                    "organization_id": organization_id,
                    "number": f"KZ{initial:%y}LSS{bin_}",
                    "status": (
                        LicenceStatus.TERMINATED if is_removed else LicenceStatus.ACTIVE
                    ).value,
                    "is_current": True,
                    "issued_on": issued,
                    "initial_issued_on": initial,
                    "valid_until": None,
                    "reissued_on": reissued_on,
                    "terminated_on": removed_on,
                    **_annex3_texts(
                        bin_, (name_kk, name_ru), (legal_kk, legal_ru), (place_kk, place_ru)
                    ),
                    "signer_name": _signer(issued),
                    "created_at": now,
                }
            )
            consents.append(
                {
                    "organization_id": organization_id,
                    "consent": consent,
                    "changed_at": datetime.combine(initial, time(10), tzinfo=_OFFICE_TZ),
                    "actor_role": Role.APPLICANT.value,
                    "actor_subject": bin_,
                }
            )
        async with write_transaction(engine) as conn:
            await _insert(conn, _ORGANIZATION, organizations)
            await _insert(conn, _LICENCE, licences)
            await _insert(conn, _CONSENT, consents)
            await _record_included(conn, organizations)

    return SeedReport(organizations=n, licences=n, without_consent=without_consent, removed=removed)


@dataclass(frozen=True, slots=True)
class _ScalePlace:
    """A region's value and its street prefixes, computed once per run."""

    region: str
    streets_kk: tuple[str, ...]
    streets_ru: tuple[str, ...]

    @classmethod
    def of(cls, region: Region) -> _ScalePlace:
        city = CITIES[region]
        return cls(
            region.value,
            tuple(f"{city.kk} қ., {kk}, " for kk, _ in city.streets),
            tuple(f"г. {city.ru}, {ru}, " for _, ru in city.streets),
        )

    def addresses(self, number: int) -> tuple[str, str, str, str]:
        """Legal address and place of service (the next street), in kk and ru."""
        count = len(self.streets_kk)
        legal, place, house = number % count, (number + 1) % count, number % 199 + 1
        return (
            f"{self.streets_kk[legal]}{house}",
            f"{self.streets_ru[legal]}{house}",
            f"{self.streets_kk[place]}{house}",
            f"{self.streets_ru[place]}{house}",
        )


def _ascending_ids(n: int) -> list[int]:
    """`n` distinct random ids, handed out in ascending order within a run.

    The values are as random as `new_id`'s; only the order of insertion follows them, so
    SQLite appends to the tables and the indexes keyed by id instead of dirtying a random page
    per row: 1,000,000 rows took 262 s with ids in random order, 107 s sorted.
    """
    ids: set[int] = set()
    while len(ids) < n:
        ids.add(new_id())
    return sorted(ids)


def _scale_bins(start: int) -> Iterator[str]:
    """Scale BINs from sequence index `start` on, in ascending order."""
    for index in itertools.count(start):
        period, serial = divmod(index, _SCALE_SERIALS)
        year, month = divmod(period, 12)
        if year > 99:
            raise RuntimeError("the scale BIN sequence is exhausted")
        head = f"{year:02d}{month + 1:02d}{_SCALE_TYPE_KIND}{serial:05d}"
        check = check_digit(head)
        if check is not None:
            yield f"{head}{check}"


def _scale_index(bin_: str) -> int:
    period = int(bin_[0:2]) * 12 + int(bin_[2:4]) - 1
    return period * _SCALE_SERIALS + int(bin_[6:11])


# --- helpers ------------------------------------------------------------------------------


async def _insert(conn: AsyncConnection, table: Table, rows: list[Row]) -> None:
    if rows:
        await conn.execute(insert(table), rows)


async def _record_included(conn: AsyncConnection, organizations: list[Row]) -> None:
    """The change feed's rows for a batch of organisations: included, public if consenting."""
    records = [(r["id"], r["created_at"], bool(r["publication_consent"])) for r in organizations]
    await record_included(conn, Entity.ORGANIZATION, records)


def _require_aware(now: datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
