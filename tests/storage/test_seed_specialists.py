"""Specialists demo and scale seeding: valid forms, the real histories, a register that matches.

The demo is seeded once for the module (it takes a few seconds) and read back whole; each test
looks at one property of it.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import orjson
import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel

from domain.calendar import OFFICE_CLOSES, OFFICE_OPENS, Term, WorkingCalendar, to_almaty
from domain.contacts import normalize_phone
from domain.identifiers import is_valid_bin, is_valid_iin
from domain.regions import Region
from domain.specialist_codes import EducationLevel
from domain.specialist_form import SpecialistForm, check_specialist_form, form_from_json
from domain.specialists import (
    TRANSITIONS,
    RefuseSpecialist,
    RegisterSpecialist,
    Resubmit,
    ReturnForRevision,
    SpecialistApplicationStatus,
    decide,
    open_round,
)
from domain.text import search_key, sort_key
from domain.tokens import applicant_subject
from domain.viewer import Role
from storage.engine import create_engine
from storage.migrate import migrate
from storage.seed import generate_bin, seed_demo, seed_scale
from storage.seed_specialist_data import (
    DEMO_REGISTRAR,
    KK_FEMALE,
    KK_MALE,
    KK_SURNAMES,
    PROFESSIONS,
    RU_FEMALE,
    RU_MALE,
    RU_SURNAMES,
    Employer,
    People,
    bin_registered,
    female_surname,
    name_keys,
    person_name,
    scale_iin,
    whole_months,
    years_before,
)
from storage.seed_specialists import (
    SUBMIT,
    SpecialistSeedReport,
    _history,
    _Path,
    seed_demo_specialists,
    seed_scale_specialists,
)
from storage.specialist_writes import entry_columns
from tests.databases import new_database

NOW = datetime(2026, 3, 20, 10, 0, tzinfo=UTC)
CALENDAR = WorkingCalendar.kazakhstan()
TODAY = CALENDAR.local_date(NOW)
S = SpecialistApplicationStatus
NAME = {t.command: t.name for t in TRANSITIONS}
REGISTER, RETURN, REFUSE, RESUBMIT = (
    NAME[RegisterSpecialist],
    NAME[ReturnForRevision],
    NAME[RefuseSpecialist],
    NAME[Resubmit],
)
PATHS = {
    (SUBMIT,),
    (SUBMIT, REGISTER),
    (SUBMIT, REFUSE),
    (SUBMIT, RETURN),
    (SUBMIT, RETURN, RESUBMIT, REGISTER),
    (SUBMIT, RETURN, RESUBMIT, REFUSE),
}
LEVELS = list(EducationLevel)
TABLES = SQLModel.metadata.tables


@dataclass
class Demo:
    url: str
    report: SpecialistSeedReport
    applications: list[Any]
    events: dict[int, list[Any]]
    audit: list[Any]
    specialists: list[Any]
    education: dict[int, list[Any]]
    employment: dict[int, list[Any]]
    consents: dict[int, list[Any]]
    organizations: dict[str, Any]


async def _read(engine: AsyncEngine, table: str, *order: str) -> list[Any]:
    t = TABLES[table]
    async with engine.connect() as conn:
        return list((await conn.execute(select(t).order_by(*(t.c[o] for o in order)))).all())


def _grouped(rows: list[Any], key: str) -> dict[Any, list[Any]]:
    grouped: dict[Any, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, key)].append(row)
    return grouped


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    folder = tmp_path_factory.mktemp("specialists")

    async def seeded() -> Demo:
        url = await new_database(folder, "demo", migrated=True)
        engine = create_engine(url)
        try:
            await migrate(engine)
            await seed_demo(engine, now=NOW)
            report = await seed_demo_specialists(engine, now=NOW, calendar=CALENDAR)
            return Demo(
                url=url,
                report=report,
                applications=await _read(engine, "specialist_application", "id"),
                events=_grouped(
                    await _read(engine, "specialist_application_event", "id"), "application_id"
                ),
                audit=await _read(engine, "audit_log", "id"),
                specialists=await _read(engine, "specialist", "id"),
                education=_grouped(
                    await _read(engine, "specialist_education", "specialist_id", "ordinal"),
                    "specialist_id",
                ),
                employment=_grouped(
                    await _read(engine, "specialist_employment", "specialist_id", "ordinal"),
                    "specialist_id",
                ),
                consents=_grouped(
                    await _read(engine, "specialist_consent_event", "id"), "specialist_id"
                ),
                organizations={row.bin: row for row in await _read(engine, "organization", "id")},
            )
        finally:
            await engine.dispose()

    return asyncio.run(seeded())


def _form(row: Any) -> SpecialistForm:
    return form_from_json(orjson.loads(row.form))


# --- the applications ------------------------------------------------------------------------


def test_about_500_applications_in_every_status_as_reported(demo: Demo) -> None:
    statuses = Counter(row.status for row in demo.applications)
    assert len(demo.applications) == demo.report.applications == 500
    assert set(statuses) == {s.value for s in S}
    assert dict(statuses) == dict(demo.report.by_status)
    assert list(demo.report.by_status) == [s.value for s in S]  # printed in the enum's order
    paths = Counter(tuple(e.command for e in demo.events[row.id]) for row in demo.applications)
    assert set(paths) == PATHS
    assert 0.75 <= paths[(SUBMIT, REGISTER)] / 500 <= 0.85
    assert 0.06 <= paths[(SUBMIT, RETURN, RESUBMIT, REGISTER)] / 500 <= 0.10
    assert 0.02 <= paths[(SUBMIT, RETURN, RESUBMIT, REFUSE)] / 500 <= 0.04
    assert 0.02 <= paths[(SUBMIT, REFUSE)] / 500 <= 0.04
    assert 0.03 <= paths[(SUBMIT,)] / 500 <= 0.05
    assert 0.02 <= paths[(SUBMIT, RETURN)] / 500 <= 0.04


def test_every_stored_form_passes_the_check_of_its_day(demo: Demo) -> None:
    checked = 0
    for row in demo.applications:
        form = _form(row)
        assert check_specialist_form(form, CALENDAR.local_date(row.received_at)) == form
        assert row.iin == form.iin
        for event in demo.events[row.id]:
            if event.form is not None:
                round_form = form_from_json(orjson.loads(event.form))
                assert (
                    check_specialist_form(round_form, CALENDAR.local_date(event.at)) == round_form
                )
                checked += 1
    assert checked == sum(
        e.command in (SUBMIT, RESUBMIT) for events in demo.events.values() for e in events
    )


def test_histories_replay_through_the_transition_table(demo: Demo) -> None:
    overdue = 0
    for row in demo.applications:
        events = demo.events[row.id]
        first = events[0]
        assert (first.command, first.from_status, first.to_status, first.round) == (
            SUBMIT,
            None,
            S.SUBMITTED,
            1,
        )
        assert (first.actor_role, first.actor_subject) == (Role.APPLICANT, row.applicant)
        state = open_round(
            applicant=row.applicant, round=1, received_at=first.at, calendar=CALENDAR
        )
        assert (first.registered_on, first.due_on) == (state.registered_on, state.due_on)
        assert [e.at for e in events] == sorted(e.at for e in events)
        for previous, event in itertools.pairwise(events):
            local = to_almaty(event.at)
            assert local.date() < TODAY
            assert event.from_status == previous.to_status
            if event.command == RESUBMIT:
                assert (event.from_status, event.to_status) == (S.RETURNED, S.SUBMITTED)
                assert event.round == previous.round + 1
                assert event.actor_subject == row.applicant
                assert event.registered_on == CALENDAR.registration_day(event.at)
                assert event.form is not None
                assert event.form != events[0].form  # the fault named by the return was fixed
                continue
            # The registrar decides in office hours on a working day inside the round's term.
            assert (event.actor_role, event.actor_subject) == (Role.REGISTRAR, DEMO_REGISTRAR)
            assert CALENDAR.is_working_day(local.date())
            assert OFFICE_OPENS <= local.time() < OFFICE_CLOSES
            assert event.registered_on < local.date() <= event.due_on
            assert event.round == previous.round
            assert (event.registered_on, event.due_on) == (previous.registered_on, previous.due_on)
            assert event.form is None
            reasons = orjson.loads(event.reasons)
            assert bool(reasons) == (event.command != REGISTER)
            assert bool(event.comment) == (event.command != REGISTER)
        for event in events:
            assert CALENDAR.working_days_between(event.registered_on, event.due_on) == 5
            assert event.due_on == CALENDAR.due_date(event.registered_on, Term.SPECIALIST_DECISION)
        last = events[-1]
        submissions = [e for e in events if e.form is not None]
        decisions = [e for e in events if e.command not in (SUBMIT, RESUBMIT)]
        assert (row.status, row.round, row.version) == (last.to_status, last.round, len(events))
        assert (row.registered_on, row.due_on) == (last.registered_on, last.due_on)
        assert row.received_at == submissions[-1].at
        assert row.form == submissions[-1].form
        assert row.created_at == first.at
        assert row.updated_at == last.at
        if decisions:
            assert (row.decided_at, row.reasons, row.comment) == (
                last.at,
                last.reasons,
                last.comment,
            )
        else:
            assert (row.decided_at, row.reasons, row.comment) == (None, "[]", "")
        assert (row.specialist_id is not None) == (row.status == S.REGISTERED)
        if row.status == S.SUBMITTED:
            overdue += CALENDAR.is_overdue(row.due_on, NOW)
    assert overdue == 2


def test_one_audit_row_per_history_event(demo: Demo) -> None:
    audit = _grouped(
        [row for row in demo.audit if row.target.startswith("SpecialistApplication:")], "target"
    )
    events = [e for es in demo.events.values() for e in es]
    assert sum(len(rows) for rows in audit.values()) == len(events)
    for row in demo.applications:
        logged = audit[f"SpecialistApplication:{row.id}"]
        expected = demo.events[row.id]
        assert [(a.operation, a.at, a.actor_role, a.actor_subject) for a in logged] == [
            (e.command, e.at, e.actor_role, e.actor_subject) for e in expected
        ]
        assert {a.outcome for a in logged} == {"ok"}


def test_applicants_are_mostly_the_employers(demo: Demo) -> None:
    kinds: Counter[str] = Counter()
    for row in demo.applications:
        assert applicant_subject(row.applicant) == row.applicant
        kinds[
            "bin" if row.applicant.isdigit() else "phone" if row.applicant[0] == "+" else "@"
        ] += 1
        if row.applicant.isdigit():
            assert row.applicant == _form(row).employment[-1].employer_bin
    assert kinds["bin"] >= 400
    assert kinds["phone"] > 0
    assert kinds["@"] > 0


# --- the register ----------------------------------------------------------------------------


def test_each_registered_application_made_one_matching_entry(demo: Demo) -> None:
    applications = {row.id: row for row in demo.applications}
    registered = [row for row in demo.applications if row.status == S.REGISTERED]
    assert len(demo.specialists) == len(registered) == demo.report.specialists
    for entry in demo.specialists:
        application = applications[entry.application_id]
        assert application.specialist_id == entry.id
        assert entry.applicant == application.applicant
        form = _form(application)
        assert {k: getattr(entry, k) for k in entry_columns(form)} == entry_columns(form)
        decided = demo.events[application.id][-1]
        assert decided.command == REGISTER
        assert entry.included_on == CALENDAR.local_date(decided.at)
        assert len(demo.education[entry.id]) == len(form.education) >= 1
        jobs = demo.employment[entry.id]
        assert len(jobs) == len(form.employment) >= 1
        assert [job.ended_on is None for job in jobs] == [False] * (len(jobs) - 1) + [True]
        (consent,) = demo.consents[entry.id]
        assert (consent.specialist_consent, consent.organization_consent) == (
            entry.specialist_consent,
            entry.organization_consent,
        )
        # Given in the application, so recorded as the applicant's.
        assert (consent.actor_role, consent.actor_subject) == (Role.APPLICANT, entry.applicant)
        assert consent.changed_at == decided.at


def test_consents_mix_both_one_and_the_other(demo: Demo) -> None:
    forms = Counter(
        (f.specialist_consent, f.organization_consent) for f in map(_form, demo.applications)
    )
    assert forms == {(True, True): 400, (False, True): 50, (True, False): 50}
    entries = Counter((e.specialist_consent, e.organization_consent) for e in demo.specialists)
    assert set(entries) == {(True, True), (False, True), (True, False)}
    assert demo.report.without_consent == entries[(False, True)] + entries[(True, False)]


# --- the people ------------------------------------------------------------------------------


def _female(form: SpecialistForm) -> bool | None:
    if form.given_name in KK_FEMALE or form.given_name in RU_FEMALE:
        return True
    if form.given_name in KK_MALE or form.given_name in RU_MALE:
        return False
    return None


def test_names_ids_and_contacts_look_real(demo: Demo) -> None:
    forms = [_form(row) for row in demo.applications]
    iins = [f.iin for f in forms if f.iin]
    assert len(iins) == len(set(iins)) >= 0.85 * len(forms)
    assert len({f.mobile_phone for f in forms}) == len(forms)
    assert sum(f.email is not None for f in forms) >= 0.8 * len(forms)
    without_patronymic = 0
    for f in forms:
        female = _female(f)
        assert female is not None, f.given_name
        if f.patronymic is None:
            without_patronymic += 1
        elif female:
            assert f.patronymic.endswith(("қызы", "овна", "евна")), f.patronymic
        else:
            assert f.patronymic.endswith(("ұлы", "ович", "евич")), f.patronymic
        if female:
            assert not f.surname.endswith(("ов", "ев", "ин", "ий", "ұлы")), f.surname
        else:
            assert not f.surname.endswith(("ова", "ева", "ина", "ая", "қызы")), f.surname
        if f.iin:
            assert is_valid_iin(f.iin)
            assert f.iin[7] != "9"  # below the scale IINs' serials
            assert int(f.iin[6]) % 2 == (0 if female else 1)
            assert f.iin[6] in ("34" if f.birth_date.year < 2000 else "56")
        assert normalize_phone(f.mobile_phone, mobile_only=True) == f.mobile_phone
        age = (TODAY - f.birth_date).days / 365.25
        assert 19 <= age <= 65
    assert 0 < without_patronymic < 0.15 * len(forms)
    assert {f.region for f in forms} == set(Region)
    assert any(f.surname in ("Ким", "Шевченко") for f in forms)


def test_professions_education_and_work_fit_together(demo: Demo) -> None:
    professions = {(p.kk, p.ru) for p in PROFESSIONS}
    registered = [_form(row) for row in demo.applications if row.status == S.REGISTERED]
    seen = Counter((f.profession_kk, f.profession_ru) for f in registered)
    assert set(seen) <= professions
    assert len(seen) >= 12
    outside, qualified = 0, 0
    for row in demo.applications:
        f = _form(row)
        day = CALENDAR.local_date(row.received_at)
        levels = [LEVELS.index(e.level) for e in f.education]
        assert levels == sorted(levels)
        assert all(a.finished_on <= b.started_on for a, b in itertools.pairwise(f.education))
        sixteen = years_before(f.birth_date, -16)
        months = 0
        for i, job in enumerate(f.employment):
            assert is_valid_bin(job.employer_bin), job.employer_bin
            assert job.started_on >= max(sixteen, f.education[0].finished_on)
            assert job.started_on >= bin_registered(job.employer_bin)
            if i:
                ended = f.employment[i - 1].ended_on
                assert ended is not None
                assert ended < job.started_on
            months += whole_months(job.started_on, job.ended_on or day)
        assert divmod(months, 12) == (f.experience_years, f.experience_months)
        assert f.employment[-1].ended_on is None
        current = demo.organizations.get(f.employment[-1].employer_bin)
        if current is None:
            outside += 1
        else:
            assert f.employment[-1].organization_name_ru == current.name_ru
            assert current.removed_on is None
        if f.qualification is not None:
            qualified += 1
            assert sixteen < f.qualification.assigned_on <= day
    assert 0.03 <= outside / len(demo.applications) <= 0.2
    assert 0.5 <= qualified / len(demo.applications) <= 0.7


async def test_demo_needs_the_organisations(engine: AsyncEngine) -> None:
    with pytest.raises(RuntimeError, match="organisations"):
        await seed_demo_specialists(engine, now=NOW, calendar=CALENDAR)
    async with engine.connect() as conn:
        assert await conn.scalar(text("SELECT count(*) FROM specialist_application")) == 0


async def test_demo_runs_once(demo: Demo) -> None:
    engine = create_engine(demo.url)
    try:
        with pytest.raises(RuntimeError, match="once"):
            await seed_demo_specialists(engine, now=NOW, calendar=CALENDAR, seed=4)
        async with engine.connect() as conn:
            assert await conn.scalar(text("SELECT count(*) FROM specialist_application")) == 500
    finally:
        await engine.dispose()


def test_people_are_drawn_the_same_for_a_seed() -> None:
    bins = [generate_bin(random.Random(k), registered=date(2005, 1 + k % 12, 1)) for k in range(40)]
    employers = [
        Employer(b, f"«Ұйым {k}» ЖШС", f"ТОО «Организация {k}»", list(Region)[k % 20], k % 7 > 0)
        for k, b in enumerate(bins)
    ]
    drawn = []
    for _ in range(2):
        people = People(random.Random(9), employers, TODAY)
        drawn.append([people.form(people.person(), TODAY) for _ in range(60)])
    assert drawn[0] == drawn[1]
    assert all(check_specialist_form(form, TODAY) == form for form in drawn[0])


# Seeding days: a Sunday night; Friday after the office closed; a Nauryz holiday; Thursday
# after Nauryz before the office opens (as tests/test_cli.py seeds the whole demo).
MOMENTS = [
    datetime(2026, 11, 22, 2, 30, tzinfo=UTC),
    datetime(2026, 3, 20, 14, 0, tzinfo=UTC),
    datetime(2026, 3, 23, 7, 0, tzinfo=UTC),
    datetime(2026, 3, 26, 3, 30, tzinfo=UTC),
]


@pytest.mark.parametrize("now", MOMENTS, ids=lambda m: m.isoformat())
def test_histories_are_legal_on_any_seeding_day(now: datetime) -> None:
    rng, today = random.Random(1), CALENDAR.local_date(now)
    for path in _Path:
        for _ in range(40):
            steps = _history(rng, path, "940140000385", today, CALENDAR, medical=False)
            state = open_round(
                applicant="940140000385", round=1, received_at=steps[0].at, calendar=CALENDAR
            )
            for step in steps[1:]:
                assert step.command is not None
                assert CALENDAR.local_date(step.at) < today
                decision = decide(state, step.command, step.actor, step.at, CALENDAR)
                if not isinstance(step.command, Resubmit):
                    assert state.registered_on < CALENDAR.local_date(step.at) <= state.due_on
                state = decision.state
            assert CALENDAR.local_date(steps[0].at) < today
            if state.status is S.SUBMITTED:  # open: in its term, but the two overdue ones
                assert CALENDAR.is_overdue(state.due_on, now) == (path is _Path.OVERDUE)
            else:
                assert path not in (_Path.SUBMITTED, _Path.OVERDUE)


# --- scale -----------------------------------------------------------------------------------

STORED_MOMENT = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$")


async def test_scale_entries_are_complete_and_a_second_run_continues(
    engine: AsyncEngine,
) -> None:
    await seed_scale(engine, 300, now=NOW)
    assert await seed_scale_specialists(engine, 2000, now=NOW, batch=700) == 2000
    assert await seed_scale_specialists(engine, 1500, now=NOW, batch=1000) == 1500

    entries = await _read(engine, "specialist", "id")
    education = _grouped(await _read(engine, "specialist_education", "id"), "specialist_id")
    employment = _grouped(
        await _read(engine, "specialist_employment", "specialist_id", "ordinal"), "specialist_id"
    )
    consents = _grouped(await _read(engine, "specialist_consent_event", "id"), "specialist_id")
    assert len(entries) == len({e.id for e in entries}) == 3500
    assert len({e.iin for e in entries}) == 3500
    scale_bins = {row.bin for row in await _read(engine, "organization", "id")}
    missing = 0
    for e in entries:
        assert e.application_id is None
        assert is_valid_iin(e.iin)
        assert e.iin[:6] == f"{e.birth_date:%y%m%d}"
        assert e.iin[7] == "9"
        assert (e.name_search, e.sort_kk, e.sort_ru) == (
            search_key(" ".join(p for p in (e.surname, e.given_name, e.patronymic) if p)),
            sort_key(" ".join(p for p in (e.surname, e.given_name, e.patronymic) if p), "kk"),
            sort_key(" ".join(p for p in (e.surname, e.given_name, e.patronymic) if p), "ru"),
        )
        assert e.profession_search == search_key(e.profession_kk, e.profession_ru)
        assert 1 <= len(education[e.id]) <= 2
        jobs = employment[e.id]
        assert 1 <= len(jobs) <= 2
        assert [j.ended_on is None for j in jobs] == [False] * (len(jobs) - 1) + [True]
        months = sum(whole_months(j.started_on, j.ended_on or TODAY) for j in jobs)
        assert divmod(months, 12) == (e.experience_years, e.experience_months)
        for job in jobs:
            assert job.employer_bin in scale_bins
            assert job.employer_bin[4:6] == "42"
            assert job.started_on >= max(
                years_before(e.birth_date, -16), education[e.id][0].finished_on
            )
        (consent,) = consents[e.id]
        assert (consent.actor_role, consent.actor_subject) == (Role.APPLICANT, e.applicant)
        assert e.applicant == jobs[-1].employer_bin
        missing += not (e.specialist_consent and e.organization_consent)
        assert e.included_on < TODAY
    assert 0.05 <= missing / len(entries) <= 0.15
    # Written past SQLAlchemy's statement layer, stored as it would have stored them.
    async with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            raw = (
                await conn.execute(
                    text(
                        "SELECT created_at, birth_date, typeof(specialist_consent) FROM specialist "
                        "UNION ALL SELECT changed_at, NULL, 'integer' FROM specialist_consent_event"
                    )
                )
            ).all()
            assert all(STORED_MOMENT.match(moment) for moment, _, _ in raw)
            assert all(kind == "integer" for _, _, kind in raw)
        else:  # typed columns: moments are instants, read back in UTC
            moments = (
                await conn.execute(
                    text(
                        "SELECT created_at FROM specialist "
                        "UNION ALL SELECT changed_at FROM specialist_consent_event"
                    )
                )
            ).scalars()
            assert all(moment.utcoffset() == timedelta(0) for moment in moments)


async def test_scale_without_organisations_names_valid_employers(engine: AsyncEngine) -> None:
    assert await seed_scale_specialists(engine, 300, now=NOW) == 300
    jobs = await _read(engine, "specialist_employment", "id")
    assert all(is_valid_bin(job.employer_bin) for job in jobs)


def test_scale_iins_are_valid_unique_and_cover_the_birth_years() -> None:
    iins = {}
    for index in [*range(40_000), *range(8_035_000, 8_035_500)]:
        iin, born = scale_iin(index, index % 3 == 0)
        assert is_valid_iin(iin), iin
        assert iin[:6] == f"{born:%y%m%d}"
        iins[iin] = born
    assert len(iins) == 40_500
    assert min(iins.values()) == date(1961, 1, 1)
    assert max(iins.values()).year == 2004
    with pytest.raises(RuntimeError):
        scale_iin(10**8, False)


@pytest.mark.parametrize(
    ("male", "female"),
    [
        ("Сейітов", "Сейітова"),
        ("Иванов", "Иванова"),
        ("Сатыбалдин", "Сатыбалдина"),
        ("Вишневский", "Вишневская"),
        ("Новицкий", "Новицкая"),
        ("Серікұлы", "Серікқызы"),
        ("Шевченко", "Шевченко"),
        ("Ким", "Ким"),
        ("Шмидт", "Шмидт"),
    ],
)
def test_women_take_the_female_form_of_a_surname(male: str, female: str) -> None:
    assert female_surname(male) == female


def test_every_listed_surname_has_its_female_form() -> None:
    same = {"Шевченко", "Бондаренко", "Кравченко", "Ткаченко", "Ким", "Пак", "Цой", "Шмидт"}
    for surname in (*KK_SURNAMES, *RU_SURNAMES):
        assert (female_surname(surname) == surname) == (surname in same | {"Миллер"}), surname


def test_name_keys_are_the_full_names_keys() -> None:
    rng = random.Random(5)
    for _ in range(3000):
        parts = person_name(rng, rng.random() < 0.5)
        name = " ".join(p for p in parts if p)
        assert name_keys(*parts) == (
            search_key(name),
            sort_key(name, "kk"),
            sort_key(name, "ru"),
        )


async def test_scale_needs_a_sensible_call(engine: AsyncEngine) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        await seed_scale_specialists(engine, 10, now=NOW.replace(tzinfo=None))
    with pytest.raises(ValueError, match="n must be"):
        await seed_scale_specialists(engine, -1, now=NOW)
    assert await seed_scale_specialists(engine, 0, now=NOW) == 0
