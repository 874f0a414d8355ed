"""Demo and scale seeding: realistic, valid, complete, repeatable and safe to run twice."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel

from domain.calendar import OFFICE_CLOSES, OFFICE_OPENS, Term, WorkingCalendar, to_almaty
from domain.contacts import normalize_phone
from domain.identifiers import is_valid_bin
from domain.licensing import ApplicationStatus, PreliminaryRefusal
from domain.regions import Region
from domain.register import LicenceStatus
from domain.text import search_key
from domain.viewer import Role
from storage.seed import (
    SeedReport,
    database_is_empty,
    generate_bin,
    plan_demo_lifecycle,
    seed_demo,
    seed_scale,
)
from storage.seed_data import WALKTHROUGH_BIN
from tests.databases import migrated_engine

NOW = datetime(2026, 3, 20, 10, 0, tzinfo=UTC)


@asynccontextmanager
async def fresh_database(path: Path) -> AsyncIterator[AsyncEngine]:
    async with migrated_engine(path.parent, path.name) as engine:
        yield engine


ORGANIZATION = SQLModel.metadata.tables["organization"]
LICENCE = SQLModel.metadata.tables["licence"]
CONTRACT = SQLModel.metadata.tables["service_contract"]


async def rows(engine: AsyncEngine, sql: str) -> list[Any]:
    async with engine.connect() as conn:
        return list((await conn.execute(text(sql))).all())


async def scalar(engine: AsyncEngine, sql: str) -> Any:
    async with engine.connect() as conn:
        return await conn.scalar(text(sql))


def test_generate_bin_is_a_valid_bin_of_the_registration_month() -> None:
    rng = random.Random(1)
    for registered in (date(1998, 2, 28), date(2007, 11, 1), date(2023, 6, 15)):
        for _ in range(200):
            bin_ = generate_bin(rng, registered=registered)
            assert is_valid_bin(bin_)
            assert bin_[:4] == f"{registered:%y%m}"
            assert bin_[4] == "4"
            assert bin_[5] in "01"


def test_generate_bin_is_deterministic_for_a_seed() -> None:
    first = [generate_bin(random.Random(5), registered=date(2010, 5, 1)) for _ in range(3)]
    assert len(set(first)) == 1


async def test_an_empty_database_is_empty(engine: AsyncEngine) -> None:
    assert await database_is_empty(engine)


async def test_demo_fills_every_region_with_valid_complete_records(engine: AsyncEngine) -> None:
    report = await seed_demo(engine, now=NOW)

    assert not await database_is_empty(engine)
    assert report.organizations == report.licences == 200
    organizations = await rows(
        engine,
        "SELECT id, bin, name_kk, name_ru, region, phone, email, search_text, "
        "publication_consent, removed_on, removal_grounds_kk, removal_grounds_ru, "
        "service_conditions, client_categories, included_on FROM organization",
    )
    assert len(organizations) == 200
    per_region = Counter(row.region for row in organizations)
    assert set(per_region) == {region.value for region in Region}
    assert min(per_region.values()) >= 5

    bins = [row.bin for row in organizations]
    assert all(is_valid_bin(b) for b in bins)
    assert len(set(bins)) == len(bins)
    assert all(normalize_phone(row.phone) == row.phone for row in organizations)
    assert all(row.email.startswith("info@") and row.email.endswith(".kz") for row in organizations)
    assert all(
        row.search_text == search_key(row.name_kk, row.name_ru, row.bin) for row in organizations
    )
    assert all(row.service_conditions > 0 and row.client_categories > 0 for row in organizations)
    assert len({row.name_ru for row in organizations}) == 200

    consents = Counter(bool(row.publication_consent) for row in organizations)
    assert consents[False] == report.without_consent == 30
    assert consents[True] == 170
    removed = [row for row in organizations if row.removed_on is not None]
    assert len(removed) == report.removed == 20
    assert all(row.removal_grounds_kk and row.removal_grounds_ru for row in removed)


async def test_demo_gives_each_organisation_one_current_licence(engine: AsyncEngine) -> None:
    await seed_demo(engine, now=NOW)

    org, lic = ORGANIZATION.c, LICENCE.c
    statement = select(
        org.removed_on,
        org.included_on,
        org.bin,
        lic.status,
        lic.terminated_on,
        lic.issued_on,
        lic.initial_issued_on,
        lic.reissued_on,
        lic.licensee_bin,
        lic.number,
    ).join_from(ORGANIZATION, LICENCE, (lic.organization_id == org.id) & lic.is_current)
    async with engine.connect() as conn:
        current = (await conn.execute(statement)).all()
    assert len(current) == 200
    assert await scalar(engine, "SELECT count(*) FROM licence") == 200
    assert len({row.number for row in current}) == 200
    for row in current:
        assert row.licensee_bin == row.bin
        assert row.included_on == row.initial_issued_on
        assert date(2019, 1, 1) <= row.initial_issued_on <= row.issued_on < NOW.date()
        assert row.reissued_on in (None, row.issued_on)
        if row.removed_on is None:
            assert row.status in (LicenceStatus.ACTIVE, LicenceStatus.SUSPENDED)
            assert row.terminated_on is None
        else:
            assert row.status == LicenceStatus.TERMINATED
            assert row.terminated_on == row.removed_on
            assert row.issued_on < row.removed_on <= NOW.date()
    statuses = Counter(row.status for row in current)
    assert statuses[LicenceStatus.SUSPENDED] == 5
    assert sum(row.reissued_on is not None for row in current) == 30


async def test_demo_records_consent_and_contract_history(engine: AsyncEngine) -> None:
    await seed_demo(engine, now=NOW)

    consent_mismatch = await scalar(
        engine,
        "SELECT count(*) FROM organization o JOIN publication_consent_event e "
        "ON e.organization_id = o.id WHERE e.consent != o.publication_consent "
        "OR e.actor_subject != o.bin OR e.actor_role != 'applicant'",
    )
    assert consent_mismatch == 0
    assert await scalar(engine, "SELECT count(*) FROM publication_consent_event") == 200

    contract, org = CONTRACT.c, ORGANIZATION.c
    statement = (
        select(contract.organization_id, contract.concluded_on, contract.recorded_at)
        .add_columns(org.included_on)
        .join_from(CONTRACT, ORGANIZATION, org.id == contract.organization_id)
        .order_by(contract.id)
    )
    async with engine.connect() as conn:
        contracts = (await conn.execute(statement)).all()
    per_organization = Counter(row.organization_id for row in contracts)
    assert 60 <= len(per_organization) <= 110
    assert set(per_organization.values()) <= {1, 2}
    previous: dict[int, Any] = {}
    for row in contracts:
        assert row.concluded_on > row.included_on
        if row.organization_id in previous:
            assert row.concluded_on > previous[row.organization_id].concluded_on
            assert row.recorded_at > previous[row.organization_id].recorded_at
        previous[row.organization_id] = row


async def test_demo_refuses_a_database_that_is_not_empty(engine: AsyncEngine) -> None:
    await seed_demo(engine, now=NOW)
    with pytest.raises(RuntimeError):
        await seed_demo(engine, now=NOW)
    assert await scalar(engine, "SELECT count(*) FROM organization") == 200


async def test_demo_refuses_a_naive_now(engine: AsyncEngine) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        await seed_demo(engine, now=NOW.replace(tzinfo=None))


async def test_scale_twice_adds_without_collisions(engine: AsyncEngine) -> None:
    first = await seed_scale(engine, 3000, now=NOW, batch=1000)
    second = await seed_scale(engine, 3000, now=NOW, batch=700)

    assert first.organizations == second.organizations == 3000
    assert 150 <= first.without_consent <= 450
    assert 50 <= first.removed <= 250
    organizations = await rows(engine, "SELECT bin, name_ru, phone FROM organization")
    assert len(organizations) == 6000
    assert all(is_valid_bin(row.bin) for row in organizations)
    assert len({row.name_ru for row in organizations}) == 6000
    assert all(normalize_phone(row.phone) == row.phone for row in organizations[::97])
    current = "SELECT count(DISTINCT organization_id) FROM licence WHERE is_current"
    assert await scalar(engine, current) == 6000
    assert await scalar(engine, "SELECT count(*) FROM publication_consent_event") == 6000
    terminated = await scalar(
        engine,
        "SELECT count(*) FROM organization o JOIN licence l ON l.organization_id = o.id "
        "WHERE (o.removed_on IS NOT NULL) != (l.status = 'TERMINATED') "
        "OR l.terminated_on IS DISTINCT FROM o.removed_on",
    )
    assert terminated == 0


async def test_scale_after_demo_keeps_both(engine: AsyncEngine) -> None:
    await seed_demo(engine, now=NOW)
    await seed_scale(engine, 500, now=NOW)
    assert await scalar(engine, "SELECT count(*) FROM organization") == 700
    assert await scalar(engine, "SELECT count(DISTINCT number) FROM licence") == 700


async def test_seeding_is_deterministic_but_for_ids(tmp_path: Path) -> None:
    snapshots: list[tuple[list[Any], list[Any], SeedReport]] = []
    for name in ("a.db", "b.db"):
        async with fresh_database(tmp_path / name) as engine:
            await seed_demo(engine, now=NOW)
            report = await seed_scale(engine, 1000, now=NOW, seed=11, batch=300)
            organizations = await rows(
                engine,
                "SELECT bin, name_kk, name_ru, legal_address_ru, region, service_conditions, "
                "client_categories, total_capacity, phone, email, included_on, removed_on, "
                "publication_consent FROM organization ORDER BY bin",
            )
            licences = await rows(
                engine,
                "SELECT licensee_bin, number, status, issued_on, initial_issued_on, valid_until, "
                "reissued_on, terminated_on, signer_name, service_place_address_kk "
                "FROM licence ORDER BY licensee_bin",
            )
            snapshots.append((organizations, licences, report))
    assert snapshots[0] == snapshots[1]


CALENDAR = WorkingCalendar.kazakhstan()
# A Sunday night; Friday after hours; a Nauryz holiday; before the office opens after Nauryz.
PLANNING_MOMENTS = [
    datetime(2026, 11, 22, 2, 30, tzinfo=UTC),
    datetime(2026, 3, 20, 14, 0, tzinfo=UTC),
    datetime(2026, 3, 23, 7, 0, tzinfo=UTC),
    datetime(2026, 3, 26, 3, 30, tzinfo=UTC),
]


@pytest.mark.parametrize("now", PLANNING_MOMENTS, ids=lambda m: m.isoformat())
async def test_demo_lifecycle_steps_fall_on_earlier_working_days_in_order(
    engine: AsyncEngine, now: datetime
) -> None:
    await seed_demo(engine, now=NOW)
    plan = await plan_demo_lifecycle(engine, now=now, calendar=CALENDAR)

    today = CALENDAR.local_date(now)
    statuses = [application.status for application in plan.applications]
    transient = {
        ApplicationStatus.CONCLUSION_READY,
        ApplicationStatus.HEARING_HELD,
        ApplicationStatus.RECEIPT_AWAITING_SIGNATURE,
    }
    assert set(statuses) == set(ApplicationStatus) - transient
    after_hours = 0
    for application in plan.applications:
        times = [application.submitted_at, *(step.at for step in application.steps)]
        assert times == sorted(times)
        for moment in times:
            local = CALENDAR.local_date(moment)
            assert local < today
            assert CALENDAR.is_working_day(local)
        for moment in times[1:]:
            assert OFFICE_OPENS <= to_almaty(moment).time() < OFFICE_CLOSES
        if not OFFICE_OPENS <= to_almaty(application.submitted_at).time() < OFFICE_CLOSES:
            after_hours += 1
    assert after_hours == 1


@pytest.mark.parametrize("now", PLANNING_MOMENTS, ids=lambda m: m.isoformat())
async def test_the_open_preliminary_refusal_leaves_time_to_object_and_hear(
    engine: AsyncEngine, now: datetime
) -> None:
    await seed_demo(engine, now=NOW)
    plan = await plan_demo_lifecycle(engine, now=now, calendar=CALENDAR)

    (open_refusal,) = [
        a for a in plan.applications if a.status is ApplicationStatus.PRELIMINARY_REFUSAL
    ]
    step = open_refusal.steps[-1]
    assert isinstance(step.command, PreliminaryRefusal)
    notice = CALENDAR.local_date(step.at)
    today = CALENDAR.local_date(now)
    assert step.command.hearing_at > now
    assert CALENDAR.local_date(step.command.hearing_at) <= CALENDAR.due_date(
        notice, Term.HEARING_AFTER_NOTICE
    )
    assert CALENDAR.due_date(notice, Term.OBJECTION) > today
    assert open_refusal.applicant == plan.applicant


async def test_demo_applicants_are_new_but_the_walkthrough_one(engine: AsyncEngine) -> None:
    await seed_demo(engine, now=NOW)
    plan = await plan_demo_lifecycle(engine, now=PLANNING_MOMENTS[0], calendar=CALENDAR)

    registered = {
        row.bin: row
        for row in await rows(
            engine,
            "SELECT o.bin, o.name_ru, o.region, o.publication_consent, o.removed_on, l.status "
            "FROM organization o JOIN licence l ON l.organization_id = o.id AND l.is_current",
        )
    }
    assert plan.applicant.role is Role.APPLICANT
    assert plan.applicant.subject == WALKTHROUGH_BIN
    own = registered[WALKTHROUGH_BIN]
    assert own.publication_consent
    # Its licence terminated, so it holds none in force and may apply (LICENCE_ALREADY_HELD).
    assert own.removed_on is not None
    assert (own.region, own.status) == (Region.ASTANA.value, LicenceStatus.TERMINATED.value)
    assert own.name_ru == plan.applicant_name
    assert (plan.licensor.role, plan.inspector.role, plan.inspector.subject) == (
        Role.LICENSOR,
        Role.INSPECTOR,
        "*",
    )
    others = [a.form for a in plan.applications if a.applicant != plan.applicant]
    assert len(others) == len({form.applicant_bin for form in others}) == 8
    for form in others:
        assert is_valid_bin(form.applicant_bin)
        assert form.applicant_bin not in registered
        assert form.applicant_name_ru not in {row.name_ru for row in registered.values()}
        assert normalize_phone(form.phone) == form.phone


async def test_demo_lifecycle_plan_is_deterministic(tmp_path: Path) -> None:
    plans = []
    for name in ("a.db", "b.db"):
        async with fresh_database(tmp_path / name) as engine:
            await seed_demo(engine, now=NOW)
            plans.append(await plan_demo_lifecycle(engine, now=NOW, calendar=CALENDAR))
    assert plans[0] == plans[1]
