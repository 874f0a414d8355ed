"""The registrar's decisions on specialist applications (specialists rules p. 9-10), driven
through the full schema: register; return → resubmit → register; return → resubmit → refuse;
refuse. Each step checks the history, the due dates, the register entry and the audit rows.

Dates are real 2026 working days in Almaty: 21-25 March are Nauryz days off and a weekend.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.tables import AuditLog
from tests.conftest import execute
from tests.lifecycle.flow import almaty
from tests.specialists.flow import (
    APPLICANT,
    APPLICANT_EMAIL,
    REFUSE,
    REGISTER,
    REGISTRAR,
    RESUBMIT,
    RETURN,
    payload,
    specialist_input,
    submit,
)

PUBLIC_ENTRY = """query($id: ID!) { specialist(id: $id) { fullName includedOn
  profession { kk ru } education { level } employment { employerBin current } } }"""
REGISTERED_LIST = "{ specialists { totalCount nodes { fullName } } }"


async def audit_of(engine: AsyncEngine, application_id: str) -> list[tuple[str, str]]:
    """(operation, outcome) of every audit row naming this application, oldest first."""
    from resolvers.mutations import audit_target

    table = AuditLog.__table__  # type: ignore[attr-defined]
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(table.c.operation, table.c.outcome)
            .where(table.c.target == audit_target(application_id))
            .order_by(table.c.id)
        )
        return [(r.operation, r.outcome) for r in rows]


async def decide(engine: AsyncEngine, query: str, name: str, at: Any, **variables: Any) -> Any:
    result = await execute(engine, query, variables, viewer=REGISTRAR, now=at)
    value = payload(result, name)
    assert value["userErrors"] == []
    return value["specialistApplication"]


def steps(application: dict[str, Any]) -> list[tuple[str, str | None, str, int]]:
    return [
        (e["command"], e["fromStatus"], e["toStatus"], e["round"]) for e in application["history"]
    ]


async def test_registering_enters_the_specialist_with_the_inclusion_date(
    engine: AsyncEngine,
) -> None:
    # Thursday 2 April 2026, in office hours: the term counts from that day; 5 working days
    # after it (3, 6, 7, 8, 9 April) the decision is due.
    submitted = (await submit(engine, almaty(2026, 4, 2, 10)))["specialistApplication"]
    ident = submitted["id"]
    assert (submitted["status"], submitted["round"], submitted["version"]) == ("SUBMITTED", 1, 1)
    assert (submitted["registeredOn"], submitted["dueOn"]) == ("2026-04-02", "2026-04-09")
    assert submitted["specialist"] is None
    assert await audit_of(engine, ident) == [("submitSpecialistApplication", "ok")]
    public = await execute(engine, REGISTERED_LIST)
    assert public.data == {"specialists": {"totalCount": 0, "nodes": []}}

    registered = await decide(
        engine, REGISTER, "registerSpecialistApplication", almaty(2026, 4, 8, 16), id=ident, v=1
    )
    assert (registered["status"], registered["version"]) == ("REGISTERED", 2)
    assert registered["decidedAt"] == "2026-04-08T11:00:00+00:00"
    assert registered["allowedCommands"] == []
    assert steps(registered) == [
        ("submitSpecialistApplication", None, "SUBMITTED", 1),
        ("registerSpecialistApplication", "SUBMITTED", "REGISTERED", 1),
    ]
    assert registered["history"][1]["actorRole"] == "REGISTRAR"
    assert registered["history"][1]["dueOn"] == "2026-04-09"
    entry = registered["specialist"]
    assert entry["includedOn"] == "2026-04-08"
    assert await audit_of(engine, ident) == [
        ("submitSpecialistApplication", "ok"),
        ("registerSpecialistApplication", "ok"),
    ]
    # The entry is public at once: both consents were given.
    shown = await execute(engine, PUBLIC_ENTRY, {"id": entry["id"]})
    assert shown.errors == []
    assert shown.data == {
        "specialist": {
            "fullName": "Сейітова Айгүл Серікқызы",
            "includedOn": "2026-04-08",
            "profession": {
                "kk": "әлеуметтік жұмыс жөніндегі маман",
                "ru": "специалист по социальной работе",
            },
            "education": [{"level": "HIGHER"}],
            "employment": [{"employerBin": "940140000385", "current": True}],
        }
    }


async def test_return_then_resubmit_then_register_keeps_every_round(engine: AsyncEngine) -> None:
    # Friday 20 March 2026 at 19:00, after hours; 21-25 March are days off: registered
    # Thursday 26 March, due 2 April (27, 30, 31 March, 1, 2 April).
    first = (await submit(engine, almaty(2026, 3, 20, 19)))["specialistApplication"]
    ident = first["id"]
    assert (first["registeredOn"], first["dueOn"]) == ("2026-03-26", "2026-04-02")

    returned = await decide(
        engine,
        RETURN,
        "returnSpecialistApplication",
        almaty(2026, 3, 27, 11),
        id=ident,
        v=1,
        reasons=["PROFESSION_MISMATCH", "INCOMPLETE_OR_EXPIRED_DOCUMENTS"],
        comment="Кәсіп атауын нақтылаңыз / Уточните наименование профессии",
    )
    assert (returned["status"], returned["version"], returned["round"]) == ("RETURNED", 2, 1)
    assert [r["code"] for r in returned["reasons"]] == [
        "PROFESSION_MISMATCH",
        "INCOMPLETE_OR_EXPIRED_DOCUMENTS",
    ]
    assert returned["reasons"][0]["label"] == {
        "kk": "кәсіп атауының сәйкес келмеуі",
        "ru": "несоответствие наименования профессии",
    }
    assert returned["allowedCommands"] == ["resubmitSpecialistApplication"]
    assert returned["overdue"] is False  # nothing is due from the registrar while returned

    # Saturday 28 March: the corrected application counts from Monday 30 March, a new
    # 5-working-day term: due Monday 6 April.
    corrected = specialist_input(
        profession={"kk": "әлеуметтік қызметкер", "ru": "социальный работник по уходу"},
    )
    result = await execute(
        engine,
        RESUBMIT,
        {"id": ident, "v": 2, "input": corrected},
        viewer=APPLICANT,
        now=almaty(2026, 3, 28, 12),
    )
    resubmitted = payload(result, "resubmitSpecialistApplication")["specialistApplication"]
    assert (resubmitted["status"], resubmitted["round"], resubmitted["version"]) == (
        "SUBMITTED",
        2,
        3,
    )
    assert (resubmitted["registeredOn"], resubmitted["dueOn"]) == ("2026-03-30", "2026-04-06")
    assert (resubmitted["reasons"], resubmitted["comment"]) == ([], "")
    assert resubmitted["data"]["profession"]["ru"] == "социальный работник по уходу"

    registered = await decide(
        engine, REGISTER, "registerSpecialistApplication", almaty(2026, 3, 31, 9, 30), id=ident, v=3
    )
    assert steps(registered) == [
        ("submitSpecialistApplication", None, "SUBMITTED", 1),
        ("returnSpecialistApplication", "SUBMITTED", "RETURNED", 1),
        ("resubmitSpecialistApplication", "RETURNED", "SUBMITTED", 2),
        ("registerSpecialistApplication", "SUBMITTED", "REGISTERED", 2),
    ]
    history = registered["history"]
    # Each round keeps its own data, term and reasons.
    assert history[0]["data"]["profession"]["ru"] == "специалист по социальной работе"
    assert history[2]["data"]["profession"]["ru"] == "социальный работник по уходу"
    assert (history[1]["data"], history[3]["data"]) == (None, None)
    assert [(e["registeredOn"], e["dueOn"]) for e in history] == [
        ("2026-03-26", "2026-04-02"),
        ("2026-03-26", "2026-04-02"),
        ("2026-03-30", "2026-04-06"),
        ("2026-03-30", "2026-04-06"),
    ]
    assert [r["code"] for r in history[1]["reasons"]] == [
        "PROFESSION_MISMATCH",
        "INCOMPLETE_OR_EXPIRED_DOCUMENTS",
    ]
    assert history[1]["comment"].startswith("Кәсіп атауын")
    assert history[2]["actorSubject"] == APPLICANT_EMAIL
    # The register entry carries the corrected data, not the first round's.
    assert registered["specialist"]["profession"] == {"ru": "социальный работник по уходу"}
    assert registered["specialist"]["includedOn"] == "2026-03-31"
    assert await audit_of(engine, ident) == [
        ("submitSpecialistApplication", "ok"),
        ("returnSpecialistApplication", "ok"),
        ("resubmitSpecialistApplication", "ok"),
        ("registerSpecialistApplication", "ok"),
    ]


async def test_return_then_resubmit_then_refuse_leaves_no_register_entry(
    engine: AsyncEngine,
) -> None:
    ident = (await submit(engine, almaty(2026, 4, 1, 10)))["specialistApplication"]["id"]
    await decide(
        engine,
        RETURN,
        "returnSpecialistApplication",
        almaty(2026, 4, 2, 10),
        id=ident,
        v=1,
        reasons=["EMPLOYMENT_DATA_MISMATCH"],
        comment="Лауазымды штаттық кестеге сәйкес көрсетіңіз",
    )
    result = await execute(
        engine,
        RESUBMIT,
        {"id": ident, "v": 2, "input": specialist_input()},
        viewer=APPLICANT,
        now=almaty(2026, 4, 6, 15),
    )
    resubmitted = payload(result, "resubmitSpecialistApplication")["specialistApplication"]
    assert (resubmitted["registeredOn"], resubmitted["dueOn"]) == ("2026-04-06", "2026-04-13")

    refused = await decide(
        engine,
        REFUSE,
        "refuseSpecialistApplication",
        almaty(2026, 4, 10, 12),
        id=ident,
        v=3,
        reasons=["EMIGRATED"],
        comment=None,
    )
    assert (refused["status"], refused["version"], refused["round"]) == ("REFUSED", 4, 2)
    assert refused["reasons"] == [
        {
            "code": "EMIGRATED",
            "label": {
                "kk": "тұрақты тұру үшін Қазақстан Республикасынан тысқары жерлерге шығу",
                "ru": "выезд за пределы Республики Казахстан на постоянное место жительства",
            },
        }
    ]
    assert refused["allowedCommands"] == []
    assert refused["specialist"] is None
    assert steps(refused)[-1] == ("refuseSpecialistApplication", "SUBMITTED", "REFUSED", 2)
    assert await audit_of(engine, ident) == [
        ("submitSpecialistApplication", "ok"),
        ("returnSpecialistApplication", "ok"),
        ("resubmitSpecialistApplication", "ok"),
        ("refuseSpecialistApplication", "ok"),
    ]
    everyone = await execute(engine, REGISTERED_LIST, viewer=REGISTRAR)
    assert everyone.data == {"specialists": {"totalCount": 0, "nodes": []}}
    # Final: nothing more may happen to it.
    again = await execute(
        engine, REGISTER, {"id": ident, "v": 4}, viewer=REGISTRAR, now=almaty(2026, 4, 10, 13)
    )
    errors = payload(again, "registerSpecialistApplication")["userErrors"]
    assert [e["code"] for e in errors] == ["ILLEGAL_TRANSITION"]


async def test_refusing_outright_needs_a_reason_and_is_final(engine: AsyncEngine) -> None:
    ident = (await submit(engine, almaty(2026, 4, 1, 10)))["specialistApplication"]["id"]
    no_reason = await execute(
        engine,
        REFUSE,
        {"id": ident, "v": 1, "reasons": []},
        viewer=REGISTRAR,
        now=almaty(2026, 4, 2, 10),
    )
    errors = payload(no_reason, "refuseSpecialistApplication")["userErrors"]
    assert [(e["code"], e["field"]) for e in errors] == [("REASONS_REQUIRED", ["reasons"])]
    assert errors[0]["message"] == "Укажите хотя бы одну причину."

    refused = await decide(
        engine,
        REFUSE,
        "refuseSpecialistApplication",
        almaty(2026, 4, 2, 11),
        id=ident,
        v=1,
        reasons=["LEGALLY_INCAPACITATED", "DEPRIVED_OF_RIGHT_TO_PRACTISE"],
        comment="Сот шешімі / Решение суда № 2-123/2026",
    )
    assert (refused["status"], refused["version"]) == ("REFUSED", 2)
    assert steps(refused) == [
        ("submitSpecialistApplication", None, "SUBMITTED", 1),
        ("refuseSpecialistApplication", "SUBMITTED", "REFUSED", 1),
    ]
    assert refused["history"][1]["comment"] == "Сот шешімі / Решение суда № 2-123/2026"
    # The refused call without a reason left its own audit row and changed nothing.
    assert await audit_of(engine, ident) == [
        ("submitSpecialistApplication", "ok"),
        ("refuseSpecialistApplication", "refused:REASONS_REQUIRED"),
        ("refuseSpecialistApplication", "ok"),
    ]
    resubmit = await execute(
        engine,
        RESUBMIT,
        {"id": ident, "v": 2, "input": specialist_input()},
        viewer=APPLICANT,
        now=almaty(2026, 4, 3, 10),
    )
    errors = payload(resubmit, "resubmitSpecialistApplication")["userErrors"]
    assert [e["code"] for e in errors] == ["ILLEGAL_TRANSITION"]


OVERDUE = """query($overdue: Boolean!) { specialistApplications(filter: {overdue: $overdue}) {
  totalCount nodes { id overdue dueOn status } } }"""


async def test_an_undecided_application_is_overdue_after_its_fifth_working_day(
    engine: AsyncEngine,
) -> None:
    late = (await submit(engine, almaty(2026, 4, 2, 10)))["specialistApplication"]["id"]
    decided = (
        await submit(engine, almaty(2026, 4, 2, 11), iin="880101300010", birthDate="1988-01-01")
    )["specialistApplication"]["id"]
    await decide(
        engine, REGISTER, "registerSpecialistApplication", almaty(2026, 4, 3, 10), id=decided, v=1
    )

    on_due_day = await execute(
        engine, OVERDUE, {"overdue": True}, viewer=REGISTRAR, now=almaty(2026, 4, 9, 18)
    )
    assert on_due_day.data == {"specialistApplications": {"totalCount": 0, "nodes": []}}

    after = await execute(
        engine, OVERDUE, {"overdue": True}, viewer=REGISTRAR, now=almaty(2026, 4, 10, 9)
    )
    assert after.data is not None
    listed = after.data["specialistApplications"]
    assert listed["totalCount"] == 1
    assert listed["nodes"] == [
        {"id": late, "overdue": True, "dueOn": "2026-04-09", "status": "SUBMITTED"}
    ]
    everything = await execute(
        engine, OVERDUE, {"overdue": False}, viewer=REGISTRAR, now=almaty(2026, 4, 10, 9)
    )
    assert everything.data is not None
    flags = {n["id"]: n["overdue"] for n in everything.data["specialistApplications"]["nodes"]}
    assert flags == {late: True, decided: False}
