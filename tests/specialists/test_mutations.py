"""What every specialist mutation shares with the licence mutations: role checks, coded
refusals that change nothing, expectedVersion, idempotency keys, one audit row per call; and
the applicant's identity by phone or e-mail (specialists rules p. 8)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.labels import Lang
from domain.viewer import Role, Viewer
from storage.specialist_tables import SpecialistApplication
from storage.tables import AuditLog
from tests.conftest import execute
from tests.lifecycle.flow import almaty
from tests.specialists.flow import (
    APPLICANT,
    OTHER_APPLICANT,
    REGISTER,
    REGISTRAR,
    RESUBMIT,
    RETURN,
    SUBMIT,
    payload,
    specialist_input,
    submit,
)
from tests.specialists.flow import REFUSE as REFUSE_QUERY

AT = almaty(2026, 4, 2, 10)


async def count(engine: AsyncEngine, model: Any) -> int:
    async with engine.connect() as conn:
        value = await conn.scalar(select(func.count()).select_from(model.__table__))
    assert isinstance(value, int)
    return value


def errors(result: Any, name: str) -> list[tuple[str, list[str] | None]]:
    return [(e["code"], e["field"]) for e in payload(result, name)["userErrors"]]


@pytest.mark.parametrize(
    "viewer",
    [
        pytest.param(REGISTRAR, id="registrar"),
        pytest.param(Viewer(Role.LICENSOR), id="licensor"),
        pytest.param(Viewer(Role.INSPECTOR, subject="*"), id="inspector"),
        pytest.param(Viewer(Role.ADMIN), id="admin without an applicant identity"),
    ],
)
async def test_only_an_applicant_submits(engine: AsyncEngine, viewer: Viewer) -> None:
    result = await execute(engine, SUBMIT, {"input": specialist_input()}, viewer=viewer, now=AT)
    assert errors(result, "submitSpecialistApplication") == [("FORBIDDEN", None)]
    assert await count(engine, SpecialistApplication) == 0
    assert await count(engine, AuditLog) == 1


async def test_the_public_schema_has_no_specialist_mutations(engine: AsyncEngine) -> None:
    result = await execute(engine, SUBMIT, {"input": specialist_input()}, now=AT)
    assert set(result.codes) == {"GRAPHQL_VALIDATION_FAILED"}
    assert result.data is None


async def test_an_applicant_registered_by_phone_applies_and_sees_only_its_own(
    engine: AsyncEngine,
) -> None:
    by_phone = Viewer(Role.APPLICANT, subject="+77071234567")
    mine = (await submit(engine, AT, viewer=by_phone))["specialistApplication"]
    assert mine["applicant"] == "+77071234567"
    theirs = (await submit(engine, AT, iin=None))["specialistApplication"]
    query = "{ specialistApplications { totalCount nodes { id applicant } } }"
    listed = {}
    for who, viewer in (("phone", by_phone), ("e-mail", APPLICANT), ("registrar", REGISTRAR)):
        result = await execute(engine, query, viewer=viewer, now=AT)
        assert result.data is not None
        listed[who] = {n["id"] for n in result.data["specialistApplications"]["nodes"]}
    assert listed == {
        "phone": {mine["id"]},
        "e-mail": {theirs["id"]},
        "registrar": {mine["id"], theirs["id"]},
    }
    licensor = await execute(engine, query, viewer=Viewer(Role.LICENSOR), now=AT)
    assert licensor.data == {"specialistApplications": {"totalCount": 0, "nodes": []}}
    foreign = await execute(
        engine,
        "query($id: ID!) { specialistApplication(id: $id) { id } node(id: $id) { id } }",
        {"id": mine["id"]},
        viewer=APPLICANT,
        now=AT,
    )
    assert foreign.data == {"specialistApplication": None, "node": None}


async def test_a_bad_form_is_refused_whole_with_every_problem_in_kk_and_ru(
    engine: AsyncEngine,
) -> None:
    bad = specialist_input(
        iin="850315400016",
        mobilePhone="+7 7172 55 12 34",  # a landline in Astana, not a mobile
        email="not an address",
        experience={"years": 8, "months": 12},
        employment=[
            {
                "organizationName": {"kk": "«Мейірім» ЖШС", "ru": "ТОО «Мейірім»"},
                "employerBin": "940140000386",
                "position": {"kk": "", "ru": "социальный работник"},
                "startedOn": "2030-01-01",
            }
        ],
    )
    answers = {}
    for lang in (Lang.KK, Lang.RU):
        result = await execute(engine, SUBMIT, {"input": bad}, viewer=APPLICANT, now=AT, lang=lang)
        answers[lang] = payload(result, "submitSpecialistApplication")
    problems = [(e["code"], e["field"]) for e in answers[Lang.RU]["userErrors"]]
    assert sorted(problems) == sorted(
        [
            ("INVALID_IIN", ["input", "iin"]),
            ("INVALID_PHONE", ["input", "mobilePhone"]),
            ("INVALID_EMAIL", ["input", "email"]),
            ("INVALID_VALUE", ["input", "experience", "months"]),
            ("INVALID_BIN", ["input", "employment", "0", "employerBin"]),
            ("REQUIRED", ["input", "employment", "0", "position", "kk"]),
            ("DATE_IN_FUTURE", ["input", "employment", "0", "startedOn"]),
        ]
    )
    assert answers[Lang.RU]["specialistApplication"] is None
    kk = {e["code"]: e["message"] for e in answers[Lang.KK]["userErrors"]}
    ru = {e["code"]: e["message"] for e in answers[Lang.RU]["userErrors"]}
    assert ru["INVALID_IIN"].startswith("Неверный ИИН")
    assert kk["INVALID_IIN"].startswith("ЖСН дұрыс емес")
    assert all(kk[code] != ru[code] for code in kk)
    assert await count(engine, SpecialistApplication) == 0
    assert await count(engine, AuditLog) == 2  # one per refused call


async def test_one_open_application_per_applicant_and_iin(engine: AsyncEngine) -> None:
    first = (await submit(engine, AT))["specialistApplication"]
    again = await execute(engine, SUBMIT, {"input": specialist_input()}, viewer=APPLICANT, now=AT)
    assert errors(again, "submitSpecialistApplication") == [
        ("SPECIALIST_APPLICATION_PENDING", ["input", "iin"])
    ]
    registered = await execute(
        engine, REGISTER, {"id": first["id"], "v": 1}, viewer=REGISTRAR, now=AT
    )
    assert payload(registered, "registerSpecialistApplication")["userErrors"] == []
    later = await execute(engine, SUBMIT, {"input": specialist_input()}, viewer=APPLICANT, now=AT)
    assert errors(later, "submitSpecialistApplication") == [
        ("SPECIALIST_ALREADY_REGISTERED", ["input", "iin"])
    ]


async def test_another_applicant_learns_nothing_of_an_iin_but_the_register_stays_unique(
    engine: AsyncEngine,
) -> None:
    """Whether someone else applied for this IIN, or registered it (perhaps hidden), is not
    an applicant's to learn: its application is accepted, and the registrar, who sees the
    whole register, meets the duplicate on registering it."""
    hidden = specialist_input(specialistConsent=False)
    mine = (await submit(engine, AT, **hidden))["specialistApplication"]["id"]
    theirs_pending = await execute(
        engine, SUBMIT, {"input": specialist_input()}, viewer=OTHER_APPLICANT, now=AT
    )
    theirs = payload(theirs_pending, "submitSpecialistApplication")
    assert theirs["userErrors"] == []
    registered = await execute(engine, REGISTER, {"id": mine, "v": 1}, viewer=REGISTRAR, now=AT)
    assert payload(registered, "registerSpecialistApplication")["userErrors"] == []

    duplicate = await execute(
        engine,
        REGISTER,
        {"id": theirs["specialistApplication"]["id"], "v": 1},
        viewer=REGISTRAR,
        now=AT,
    )
    assert errors(duplicate, "registerSpecialistApplication") == [
        ("SPECIALIST_ALREADY_REGISTERED", None)
    ]
    after = await execute(
        engine, SUBMIT, {"input": specialist_input()}, viewer=Viewer(Role.APPLICANT, "x@y.kz")
    )
    assert payload(after, "submitSpecialistApplication")["userErrors"] == []


async def test_the_database_refuses_a_second_open_application_for_one_iin(
    engine: AsyncEngine,
) -> None:
    """The check before writing can race with a concurrent submission on PostgreSQL; the
    partial unique index is what holds then."""
    from sqlalchemy import update
    from sqlalchemy.exc import IntegrityError

    from storage.engine import write_transaction

    first = (await submit(engine, AT))["specialistApplication"]["id"]
    second = (await submit(engine, AT, iin=None))["specialistApplication"]["id"]
    table = SpecialistApplication.__table__  # type: ignore[attr-defined]
    from resolvers.ids import decode_id

    with pytest.raises(IntegrityError):
        async with write_transaction(engine) as conn:
            await conn.execute(
                update(table).where(table.c.id == decode_id(second)[1]).values(iin="850315400015")
            )
    # Once the first is decided, the IIN is free for a new application of the same applicant.
    returned = await execute(
        engine,
        REFUSE_QUERY,
        {"id": first, "v": 1, "reasons": ["EMIGRATED"]},
        viewer=REGISTRAR,
        now=AT,
    )
    assert payload(returned, "refuseSpecialistApplication")["userErrors"] == []
    again = await execute(engine, SUBMIT, {"input": specialist_input()}, viewer=APPLICANT, now=AT)
    assert payload(again, "submitSpecialistApplication")["userErrors"] == []


async def test_decisions_and_resubmission_check_who_acts(engine: AsyncEngine) -> None:
    ident = (await submit(engine, AT))["specialistApplication"]["id"]
    refused = {}
    for who, viewer in (
        ("applicant", APPLICANT),
        ("licensor", Viewer(Role.LICENSOR)),
        ("other applicant", OTHER_APPLICANT),
    ):
        result = await execute(engine, REGISTER, {"id": ident, "v": 1}, viewer=viewer, now=AT)
        refused[who] = errors(result, "registerSpecialistApplication")
    # Whoever may not see the application is told it does not exist.
    assert refused == {
        "applicant": [("FORBIDDEN", None)],
        "licensor": [("NOT_FOUND", ["id"])],
        "other applicant": [("NOT_FOUND", ["id"])],
    }
    returned = await execute(
        engine,
        RETURN,
        {"id": ident, "v": 1, "reasons": ["FALSE_QUALIFICATION_DATA"], "comment": "Растаңыз"},
        viewer=REGISTRAR,
        now=AT,
    )
    assert payload(returned, "returnSpecialistApplication")["userErrors"] == []
    by_registrar = await execute(
        engine, RESUBMIT, {"id": ident, "v": 2, "input": specialist_input()}, viewer=REGISTRAR
    )
    assert errors(by_registrar, "resubmitSpecialistApplication") == [("FORBIDDEN", None)]
    by_other = await execute(
        engine, RESUBMIT, {"id": ident, "v": 2, "input": specialist_input()}, viewer=OTHER_APPLICANT
    )
    assert errors(by_other, "resubmitSpecialistApplication") == [("NOT_FOUND", ["id"])]


async def test_a_return_needs_reasons_and_a_comment(engine: AsyncEngine) -> None:
    ident = (await submit(engine, AT))["specialistApplication"]["id"]
    cases = {
        "no reason": {"reasons": [], "comment": "x"},
        "no comment": {"reasons": ["PROFESSION_MISMATCH"], "comment": "   "},
        "twice the same": {
            "reasons": ["PROFESSION_MISMATCH", "PROFESSION_MISMATCH"],
            "comment": "x",
        },
        "too long": {"reasons": ["PROFESSION_MISMATCH"], "comment": "я" * 4001},
    }
    found = {}
    for name, variables in cases.items():
        result = await execute(
            engine, RETURN, {"id": ident, "v": 1, **variables}, viewer=REGISTRAR, now=AT
        )
        found[name] = errors(result, "returnSpecialistApplication")
    assert found == {
        "no reason": [("REASONS_REQUIRED", ["reasons"])],
        "no comment": [("REQUIRED", ["comment"])],
        "twice the same": [("DUPLICATE_VALUES", ["reasons"])],
        "too long": [("TEXT_TOO_LONG", ["comment"])],
    }


async def test_a_stale_version_is_refused_naming_the_current_one(engine: AsyncEngine) -> None:
    ident = (await submit(engine, AT))["specialistApplication"]["id"]
    first = await execute(engine, REGISTER, {"id": ident, "v": 1}, viewer=REGISTRAR, now=AT)
    assert payload(first, "registerSpecialistApplication")["userErrors"] == []
    stale = await execute(
        engine,
        RETURN,
        {"id": ident, "v": 1, "reasons": ["PROFESSION_MISMATCH"], "comment": "x"},
        viewer=REGISTRAR,
        now=AT,
        lang=Lang.RU,
    )
    problems = payload(stale, "returnSpecialistApplication")["userErrors"]
    assert [(e["code"], e["field"]) for e in problems] == [
        ("VERSION_CONFLICT", ["expectedVersion"])
    ]
    assert "2" in problems[0]["message"]


async def test_an_idempotency_key_replays_the_first_submission(engine: AsyncEngine) -> None:
    variables = {"input": specialist_input(), "key": "spec-2026-04-02-1"}
    first = await execute(engine, SUBMIT, variables, viewer=APPLICANT, now=AT)
    replay = await execute(engine, SUBMIT, variables, viewer=APPLICANT, now=almaty(2026, 4, 2, 11))
    made = payload(first, "submitSpecialistApplication")["specialistApplication"]
    again = payload(replay, "submitSpecialistApplication")["specialistApplication"]
    assert again["id"] == made["id"]
    assert again["receivedAt"] == made["receivedAt"]
    assert await count(engine, SpecialistApplication) == 1

    other_input = {"input": specialist_input(surname="Сейітқызы"), "key": "spec-2026-04-02-1"}
    reused = await execute(engine, SUBMIT, other_input, viewer=APPLICANT, now=AT)
    assert errors(reused, "submitSpecialistApplication") == [
        ("IDEMPOTENCY_KEY_REUSED", ["idempotencyKey"])
    ]
    # The key belongs to its actor: another applicant's same key is a new submission.
    theirs = await execute(
        engine,
        SUBMIT,
        {"input": specialist_input(iin=None), "key": "spec-2026-04-02-1"},
        viewer=OTHER_APPLICANT,
        now=AT,
    )
    assert payload(theirs, "submitSpecialistApplication")["userErrors"] == []
    assert await count(engine, SpecialistApplication) == 2


async def test_every_call_leaves_exactly_one_audit_row(engine: AsyncEngine) -> None:
    ident = (await submit(engine, AT))["specialistApplication"]["id"]
    calls: list[tuple[str, dict[str, Any], Viewer]] = [
        (REGISTER, {"id": ident, "v": 7}, REGISTRAR),  # stale
        (REGISTER, {"id": ident, "v": 1}, APPLICANT),  # forbidden
        (REGISTER, {"id": "bm9wZQ", "v": 1}, REGISTRAR),  # not an id
        (REGISTER, {"id": ident, "v": 1}, REGISTRAR),  # ok
    ]
    before = await count(engine, AuditLog)
    for query, variables, viewer in calls:
        await execute(engine, query, variables, viewer=viewer, now=AT)
    assert await count(engine, AuditLog) == before + len(calls)
    table = AuditLog.__table__  # type: ignore[attr-defined]
    async with engine.connect() as conn:
        outcomes = list(
            await conn.scalars(select(table.c.outcome).order_by(table.c.id).offset(before))
        )
    assert outcomes == [
        "refused:VERSION_CONFLICT",
        "refused:FORBIDDEN",
        "refused:INVALID_ID",
        "ok",
    ]
