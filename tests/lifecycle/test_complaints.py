"""Complaints through the full schema (licensing rules, chapter 4): each way through the table,
the due dates across holidays, the overdue filter, who sees what, the (state × command) matrix,
versions, idempotency, and one audit row per call."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.labels import Lang
from domain.viewer import Role, Viewer
from resolvers.ids import encode_id
from storage.tables import AuditLog
from tests.conftest import ADMIN, StatementCounter, execute
from tests.factories import add_organization, make_bin
from tests.lifecycle.flow import (
    APPLICANT,
    INSPECTOR,
    LICENSOR,
    SUBMIT,
    almaty,
    application_input,
    audit_count,
    payload,
    run,
)

FIELDS = """id version status statusLabel { kk ru } addressee addresseeLabel { ru } text
  registeredOn dueOn step stepDueOn overdue forwardedAt decision decisionLabel { ru }
  decisionReasons closingNote allowedCommands
  application { id status } licence { number }
  history { actorRole command fromStatus toStatus note }"""

FILE = f"""mutation($input: ComplaintInput!, $key: String) {{
  fileComplaint(input: $input, idempotencyKey: $key) {{
    complaint {{ {FIELDS} }} userErrors {{ code field message }} }} }}"""

ONE = f"query($id: ID!) {{ complaint(id: $id) {{ {FIELDS} }} }}"

LIST = """query($filter: ComplaintFilter) { complaints(filter: $filter) {
  totalCount nodes { id status overdue step stepDueOn } } }"""

FORWARD = ("forwardComplaint", "$note: String")
SATISFY = ("satisfyComplaint", "$note: String!")
DECIDE = ("decideComplaint", "$decision: ComplaintDecision!, $reasons: String!")
CLOSE = ("closeComplaint", "$note: String!")
COMMANDS = {
    "forwardComplaint": (FORWARD, LICENSOR, {"note": "Направлено с делом"}),
    "satisfyComplaint": (SATISFY, LICENSOR, {"note": "Заявление принято повторно"}),
    "decideComplaint": (DECIDE, LICENSOR, {"decision": "UPHELD", "reasons": "Довод обоснован"}),
    "closeComplaint": (CLOSE, APPLICANT, {"note": "Обратились в суд"}),
}

FRIDAY_EVENING = almaty(2026, 3, 20, 19)  # after 18:30: registered on the next working day
TEXT = "Проверка полноты документов не проведена в срок (бездействие)."


def complaint_mutation(name: str, args: str) -> str:
    params = "$id: ID!, $v: Int!, " + args
    names = [a.split(":")[0].strip() for a in args.split(",")]
    call = "id: $id, expectedVersion: $v, " + ", ".join(f"{n[1:]}: {n}" for n in names)
    return f"""mutation({params}) {{ {name}({call}) {{
      complaint {{ {FIELDS} }} userErrors {{ code field message }} }} }}"""


async def submit_application(engine: AsyncEngine, viewer: Viewer = APPLICANT) -> str:
    """An application of `viewer` (received on 20 March 2026, 10:00): its global id."""
    result = await execute(
        engine,
        SUBMIT,
        {"input": application_input(applicantBin=viewer.subject)},
        viewer=viewer,
        now=almaty(2026, 3, 20, 10),
    )
    body = payload(result, "submitLicenceApplication")
    assert body["userErrors"] == []
    application_id = body["licenceApplication"]["id"]
    assert isinstance(application_id, str)
    return application_id


async def file(
    engine: AsyncEngine,
    *,
    application_id: str | None = None,
    licence_id: str | None = None,
    addressee: str = "LICENSOR",
    text: str = TEXT,
    at: datetime = FRIDAY_EVENING,
    viewer: Viewer = APPLICANT,
    key: str | None = None,
) -> dict[str, Any]:
    """The fileComplaint payload (complaint and userErrors)."""
    target = {"applicationId": application_id} if application_id else {}
    target |= {"licenceId": licence_id} if licence_id else {}
    result = await execute(
        engine,
        FILE,
        {"input": {**target, "addressee": addressee, "text": text}, "key": key},
        viewer=viewer,
        now=at,
    )
    return payload(result, "fileComplaint")


async def filed(engine: AsyncEngine, **kwargs: Any) -> dict[str, Any]:
    if "application_id" not in kwargs and "licence_id" not in kwargs:
        kwargs["application_id"] = await submit_application(engine)
    body = await file(engine, **kwargs)
    assert body["userErrors"] == [], body["userErrors"]
    complaint = body["complaint"]
    assert isinstance(complaint, dict)
    return complaint


async def call(
    engine: AsyncEngine,
    name: str,
    complaint: dict[str, Any],
    at: datetime,
    *,
    viewer: Viewer | None = None,
    version: int | None = None,
    **variables: Any,
) -> dict[str, Any]:
    """The payload of one complaint command; role and arguments default from COMMANDS."""
    (mutation, args), default_viewer, default_vars = COMMANDS[name]
    result = await execute(
        engine,
        complaint_mutation(mutation, args),
        {
            "id": complaint["id"],
            "v": complaint["version"] if version is None else version,
            **(variables or default_vars),
        },
        viewer=viewer or default_viewer,
        now=at,
    )
    return payload(result, name)


async def ok(
    engine: AsyncEngine, name: str, complaint: dict[str, Any], at: datetime, **kw: Any
) -> dict[str, Any]:
    body = await call(engine, name, complaint, at, **kw)
    assert body["userErrors"] == [], body["userErrors"]
    updated = body["complaint"]
    assert isinstance(updated, dict)
    return updated


async def read(engine: AsyncEngine, complaint_id: str, viewer: Viewer, at: datetime) -> Any:
    result = await execute(engine, ONE, {"id": complaint_id}, viewer=viewer, now=at)
    assert result.errors == [], result.errors
    assert result.data is not None
    return result.data["complaint"]


async def listed(
    engine: AsyncEngine, viewer: Viewer, at: datetime, **filter: Any
) -> dict[str, Any]:
    result = await execute(engine, LIST, {"filter": filter or None}, viewer=viewer, now=at)
    assert result.errors == [], result.errors
    assert result.data is not None
    value = result.data["complaints"]
    assert isinstance(value, dict)
    return value


async def last_audit(engine: AsyncEngine) -> tuple[str, str | None, str]:
    """The latest audit row; its `Type:pk` target shown as the global id the API answered."""
    async with engine.connect() as conn:
        row = (
            await conn.execute(
                select(AuditLog.operation, AuditLog.target, AuditLog.outcome)  # type: ignore[call-overload]
                .order_by(AuditLog.id.desc())  # type: ignore[union-attr]
                .limit(1)
            )
        ).one()
    target = row.target
    if target and ":" in target and target.split(":")[1].isdigit():
        type_name, pk = target.split(":")
        target = encode_id(type_name, int(pk))
    return row.operation, target, row.outcome


async def audited_once(
    engine: AsyncEngine, action: Callable[[], Awaitable[dict[str, Any]]]
) -> dict[str, Any]:
    """Runs `action`, asserting it wrote exactly one audit row."""
    before = await audit_count(engine)
    result = await action()
    assert await audit_count(engine) == before + 1
    return result


def history(complaint: dict[str, Any]) -> list[tuple[str, str | None, str, str]]:
    return [
        (e["command"], e["fromStatus"], e["toStatus"], e["actorRole"]) for e in complaint["history"]
    ]


# --- each way through the table -----------------------------------------------------------


async def test_a_complaint_to_the_licensor_is_forwarded_then_upheld(engine: AsyncEngine) -> None:
    application_id = await submit_application(engine)

    body = await audited_once(engine, lambda: file(engine, application_id=application_id))
    assert body["userErrors"] == []
    complaint = body["complaint"]
    assert await last_audit(engine) == ("fileComplaint", complaint["id"], "ok")
    # Friday 20 March 2026, 19:00: after hours, then Nauryz (21-23 March) and its carry-overs
    # (24-25 March): registered Thursday 26 March. Forwarding, 3 wd: 27, 30, 31 March.
    # The licensor's decision, 5 wd (p. 37): 27, 30, 31 March, 1, 2 April.
    assert complaint["status"] == "FILED"
    assert complaint["statusLabel"] == {"kk": "шағым берілді", "ru": "жалоба подана"}
    assert (complaint["registeredOn"], complaint["dueOn"]) == ("2026-03-26", "2026-04-02")
    assert (complaint["step"], complaint["stepDueOn"]) == ("FORWARDING", "2026-03-31")
    assert complaint["overdue"] is False
    assert complaint["version"] == 1
    assert complaint["text"] == TEXT
    assert complaint["application"] == {"id": application_id, "status": "SUBMITTED"}
    assert complaint["licence"] is None
    assert complaint["allowedCommands"] == ["forwardComplaint", "satisfyComplaint"]
    assert history(complaint) == [("fileComplaint", None, "FILED", "APPLICANT")]

    complaint = await audited_once(
        engine, lambda: ok(engine, "forwardComplaint", complaint, almaty(2026, 3, 27))
    )
    assert await last_audit(engine) == ("forwardComplaint", complaint["id"], "ok")
    assert complaint["status"] == "FORWARDED"
    assert (complaint["step"], complaint["stepDueOn"], complaint["dueOn"]) == (
        "DECISION",
        "2026-04-02",
        "2026-04-02",
    )
    assert complaint["forwardedAt"] == "2026-03-27T05:00:00+00:00"
    assert complaint["allowedCommands"] == ["decideComplaint"]
    assert complaint["version"] == 2

    complaint = await audited_once(
        engine,
        lambda: ok(
            engine,
            "decideComplaint",
            complaint,
            almaty(2026, 4, 2, 17),
            decision="UPHELD",
            reasons="Срок проверки полноты нарушен; заявление рассмотреть",
        ),
    )
    assert complaint["status"] == "DECIDED"
    assert (complaint["decision"], complaint["decisionLabel"]) == (
        "UPHELD",
        {"ru": "жалоба удовлетворена"},
    )
    assert complaint["decisionReasons"] == "Срок проверки полноты нарушен; заявление рассмотреть"
    assert (complaint["step"], complaint["stepDueOn"], complaint["overdue"]) == (None, None, False)
    assert complaint["allowedCommands"] == ["closeComplaint"]
    assert complaint["closingNote"] is None
    assert history(complaint) == [
        ("fileComplaint", None, "FILED", "APPLICANT"),
        ("forwardComplaint", "FILED", "FORWARDED", "LICENSOR"),
        ("decideComplaint", "FORWARDED", "DECIDED", "LICENSOR"),
    ]
    assert complaint["history"][1]["note"] == "Направлено с делом"
    assert complaint["history"][2]["note"] == complaint["decisionReasons"]
    assert await read(engine, complaint["id"], APPLICANT, almaty(2026, 4, 3)) == complaint


async def test_a_complaint_about_a_licence_is_rejected_and_closed_with_a_court_note(
    engine: AsyncEngine,
) -> None:
    licence_id, number = await issued_licence(engine)
    complaint = await filed(engine, licence_id=licence_id, at=almaty(2026, 4, 8, 11))
    # Wednesday 8 April 2026, in office hours: registered that day; 3 wd: 9, 10, 13 April;
    # 5 wd: 9, 10, 13, 14, 15 April.
    assert (complaint["registeredOn"], complaint["stepDueOn"], complaint["dueOn"]) == (
        "2026-04-08",
        "2026-04-13",
        "2026-04-15",
    )
    assert complaint["licence"] == {"number": number}
    assert complaint["application"] is None

    complaint = await ok(engine, "forwardComplaint", complaint, almaty(2026, 4, 9))
    complaint = await ok(
        engine,
        "decideComplaint",
        complaint,
        almaty(2026, 4, 14),
        decision="REJECTED",
        reasons="Лицензия выдана в установленный срок",
    )
    assert (complaint["status"], complaint["decision"]) == ("DECIDED", "REJECTED")
    assert complaint["decisionLabel"] == {"ru": "в удовлетворении жалобы отказано"}
    version = complaint["version"]

    court = "Не согласны с решением: подан иск в суд (п. 41), дело № 7194-26-00-2/123"
    complaint = await audited_once(
        engine,
        lambda: ok(engine, "closeComplaint", complaint, almaty(2026, 4, 20), note=court),
    )
    assert complaint["status"] == "DECIDED"
    assert complaint["version"] == version + 1
    assert complaint["closingNote"] == court
    assert complaint["allowedCommands"] == []
    assert history(complaint)[-1] == ("closeComplaint", "DECIDED", "DECIDED", "APPLICANT")
    assert complaint["history"][-1]["note"] == court

    again = await audited_once(
        engine,
        lambda: call(engine, "closeComplaint", complaint, almaty(2026, 4, 21), note="Ещё раз"),
    )
    assert [e["code"] for e in again["userErrors"]] == ["ILLEGAL_TRANSITION"]
    assert await read(engine, complaint["id"], LICENSOR, almaty(2026, 4, 21)) == complaint
    # A complaint, rejected, leaves the licence in the public register as it was.
    public = await execute(
        engine, "query($n: String!) { licence(number: $n) { number status } }", {"n": number}
    )
    assert public.data == {"licence": {"number": number, "status": "ACTIVE"}}


async def test_a_complaint_fully_satisfied_within_three_working_days_is_not_forwarded(
    engine: AsyncEngine,
) -> None:
    complaint = await filed(engine)
    # The last of the 3 working days, 18:00: still in time (p. 40).
    complaint = await audited_once(
        engine,
        lambda: ok(
            engine,
            "satisfyComplaint",
            complaint,
            almaty(2026, 3, 31, 18),
            note="Проверка полноты проведена, заявление принято",
        ),
    )
    assert complaint["status"] == "SATISFIED"
    assert complaint["statusLabel"]["ru"] == "полностью удовлетворена в течение 3 рабочих дней"
    assert (complaint["step"], complaint["stepDueOn"], complaint["overdue"]) == (None, None, False)
    assert complaint["decision"] is None
    assert complaint["forwardedAt"] is None
    assert complaint["allowedCommands"] == ["closeComplaint"]
    assert history(complaint)[-1] == ("satisfyComplaint", "FILED", "SATISFIED", "LICENSOR")
    assert complaint["history"][-1]["note"] == "Проверка полноты проведена, заявление принято"

    complaint = await ok(engine, "closeComplaint", complaint, almaty(2026, 4, 1), note="Спасибо")
    assert (complaint["status"], complaint["closingNote"]) == ("SATISFIED", "Спасибо")
    assert history(complaint)[-1] == ("closeComplaint", "SATISFIED", "SATISFIED", "APPLICANT")


async def test_satisfying_after_the_three_working_days_is_refused_and_forwarding_is_late(
    engine: AsyncEngine,
) -> None:
    complaint = await filed(engine)
    wednesday = almaty(2026, 4, 1, 9)  # the 4th working day after registration

    shown = await read(engine, complaint["id"], LICENSOR, wednesday)
    assert (shown["step"], shown["stepDueOn"], shown["overdue"]) == (
        "FORWARDING",
        "2026-03-31",
        True,
    )
    refused = await audited_once(
        engine, lambda: call(engine, "satisfyComplaint", complaint, wednesday)
    )
    assert [e["code"] for e in refused["userErrors"]] == ["SATISFACTION_TOO_LATE"]
    assert "2026-03-31" in refused["userErrors"][0]["message"]
    assert "п. 40" in refused["userErrors"][0]["message"]
    assert refused["complaint"] is None
    assert await last_audit(engine) == (
        "satisfyComplaint",
        complaint["id"],
        "refused:SATISFACTION_TOO_LATE",
    )
    assert await read(engine, complaint["id"], LICENSOR, wednesday) == shown

    kazakh = await execute(
        engine,
        complaint_mutation(*SATISFY),
        {"id": complaint["id"], "v": 1, "note": "x"},
        viewer=LICENSOR,
        now=wednesday,
        lang=Lang.KK,
    )
    assert "40-т." in payload(kazakh, "satisfyComplaint")["userErrors"][0]["message"]

    late = await ok(engine, "forwardComplaint", complaint, wednesday)
    assert (late["status"], late["step"], late["stepDueOn"], late["overdue"]) == (
        "FORWARDED",
        "DECISION",
        "2026-04-02",
        False,
    )


@pytest.mark.parametrize(
    ("received", "addressee", "registered", "forward_by", "due"),
    [
        # Friday 20 March 2026, 19:00: after hours; 21-23 March Nauryz, 24-25 March its
        # carry-overs: registered Thursday 26 March. Forwarding 3 wd: 27, 30, 31 March.
        # Licensor 5 wd (p. 37): 27, 30, 31 March, 1, 2 April.
        (almaty(2026, 3, 20, 19), "LICENSOR", "2026-03-26", "2026-03-31", "2026-04-02"),
        # Quality body 15 wd (p. 38): 27, 30, 31 March, 1, 2, 3, 6, 7, 8, 9, 10, 13, 14, 15,
        # 16 April.
        (almaty(2026, 3, 20, 19), "QUALITY_BODY", "2026-03-26", "2026-03-31", "2026-04-16"),
        # Thursday 30 April 2026, 10:00: registered that day. Counting crosses 1 May, 7 May,
        # and 11 May (Victory Day, 9 May, falls on a Saturday and moves to Monday).
        # Forwarding: 4, 5, 6 May. Licensor: 4, 5, 6, 8, 12 May.
        (almaty(2026, 4, 30, 10), "LICENSOR", "2026-04-30", "2026-05-06", "2026-05-12"),
        # Quality body: 4, 5, 6, 8, 12, 13, 14, 15, 18, 19, 20, 21, 22, 25, 26 May.
        (almaty(2026, 4, 30, 10), "QUALITY_BODY", "2026-04-30", "2026-05-06", "2026-05-26"),
        # Saturday 3 January 2026 (a weekend, after New Year 1-2 January): registered Monday
        # 5 January. Forwarding: 6, 8 (7 January is Orthodox Christmas), 9 January.
        # Licensor: 6, 8, 9, 12, 13 January.
        (almaty(2026, 1, 3, 12), "LICENSOR", "2026-01-05", "2026-01-09", "2026-01-13"),
    ],
    ids=["nauryz-licensor", "nauryz-quality-body", "may-licensor", "may-quality-body", "jan"],
)
async def test_the_terms_count_working_days_from_the_registration_day(
    engine: AsyncEngine,
    received: datetime,
    addressee: str,
    registered: str,
    forward_by: str,
    due: str,
) -> None:
    complaint = await filed(engine, addressee=addressee, at=received)
    assert complaint["registeredOn"] == registered
    assert (complaint["step"], complaint["stepDueOn"]) == ("FORWARDING", forward_by)
    assert complaint["dueOn"] == due
    forwarded = await ok(engine, "forwardComplaint", complaint, received)
    assert (forwarded["step"], forwarded["stepDueOn"]) == ("DECISION", due)


async def test_a_complaint_to_the_quality_body_is_decided_by_the_admin_role_not_the_licensor(
    engine: AsyncEngine,
) -> None:
    complaint = await filed(engine, addressee="QUALITY_BODY")
    assert complaint["addresseeLabel"]["ru"].startswith("уполномоченный орган по оценке")
    complaint = await ok(engine, "forwardComplaint", complaint, almaty(2026, 3, 30))

    refused = await call(engine, "decideComplaint", complaint, almaty(2026, 4, 10))
    assert [e["code"] for e in refused["userErrors"]] == ["FORBIDDEN"]
    assert await last_audit(engine) == ("decideComplaint", complaint["id"], "refused:FORBIDDEN")

    decided = await ok(engine, "decideComplaint", complaint, almaty(2026, 4, 10), viewer=ADMIN)
    assert (decided["status"], decided["decision"]) == ("DECIDED", "UPHELD")
    assert history(decided)[-1] == ("decideComplaint", "FORWARDED", "DECIDED", "ADMIN")


# --- queries and who sees what ------------------------------------------------------------


async def test_the_overdue_filter_lists_open_complaints_past_their_current_step(
    engine: AsyncEngine,
) -> None:
    application_id = await submit_application(engine)
    waiting = await filed(engine, application_id=application_id)
    forwarded = await ok(
        engine,
        "forwardComplaint",
        await filed(engine, application_id=application_id),
        almaty(2026, 3, 27),
    )
    satisfied = await ok(
        engine,
        "satisfyComplaint",
        await filed(engine, application_id=application_id),
        almaty(2026, 3, 27),
    )

    # Tuesday 31 March: the last forwarding day; nothing is late yet.
    assert (await listed(engine, LICENSOR, almaty(2026, 3, 31, 18), overdue=True)) == {
        "totalCount": 0,
        "nodes": [],
    }
    # Wednesday 1 April: the unforwarded complaint is past its 3 working days.
    wednesday = almaty(2026, 4, 1)
    late = await listed(engine, LICENSOR, wednesday, overdue=True)
    assert late == {
        "totalCount": 1,
        "nodes": [
            {"id": waiting["id"], "status": "FILED", "overdue": True, "step": "FORWARDING"}
            | {"stepDueOn": "2026-03-31"}
        ],
    }
    assert await listed(engine, APPLICANT, wednesday, overdue=True) == late
    # Friday 3 April: the forwarded one is past its decision day (2 April) too.
    friday = await listed(engine, ADMIN, almaty(2026, 4, 3), overdue=True)
    assert {n["id"] for n in friday["nodes"]} == {waiting["id"], forwarded["id"]}
    everything = await listed(engine, LICENSOR, almaty(2026, 4, 3))
    assert everything["totalCount"] == 3
    overdue_flags = {n["id"]: n["overdue"] for n in everything["nodes"]}
    assert overdue_flags == {waiting["id"]: True, forwarded["id"]: True, satisfied["id"]: False}
    by_status = await listed(engine, LICENSOR, almaty(2026, 4, 3), statuses=["SATISFIED"])
    assert [n["id"] for n in by_status["nodes"]] == [satisfied["id"]]


PAGE = """query($first: Int, $after: String) { complaints(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { id registeredOn statusLabel { text } addresseeLabel { text }
    application { id status } licence { number } history { command note } } } } }"""


async def test_complaints_page_newest_registration_first_with_stable_cursors(
    engine: AsyncEngine,
) -> None:
    application_id = await submit_application(engine)
    days = [almaty(2026, 3, 26), almaty(2026, 3, 30), almaty(2026, 3, 27)]
    ids = [(await filed(engine, application_id=application_id, at=day))["id"] for day in days]

    first = await execute(engine, PAGE, {"first": 2}, viewer=LICENSOR, now=almaty(2026, 3, 31))
    assert first.errors == []
    assert first.data is not None
    page = first.data["complaints"]
    assert [e["node"]["registeredOn"] for e in page["edges"]] == ["2026-03-30", "2026-03-27"]
    assert [e["node"]["id"] for e in page["edges"]] == [ids[1], ids[2]]
    assert (page["totalCount"], page["pageInfo"]["hasNextPage"]) == (3, True)

    await filed(engine, application_id=application_id, at=almaty(2026, 3, 31))  # newer
    rest = await execute(
        engine,
        PAGE,
        {"first": 2, "after": page["pageInfo"]["endCursor"]},
        viewer=LICENSOR,
        now=almaty(2026, 3, 31),
    )
    assert rest.data is not None
    assert [e["node"]["id"] for e in rest.data["complaints"]["edges"]] == [ids[0]]
    assert rest.data["complaints"]["pageInfo"]["hasNextPage"] is False

    foreign = await execute(
        engine, "{ licenceApplications(first: 1) { pageInfo { endCursor } } }", viewer=LICENSOR
    )
    assert foreign.data is not None
    cursor = foreign.data["licenceApplications"]["pageInfo"]["endCursor"]
    refused = await execute(engine, PAGE, {"first": 2, "after": cursor}, viewer=LICENSOR)
    assert refused.codes == ["INVALID_CURSOR"]


async def test_a_page_of_complaints_with_history_and_targets_is_a_constant_cost(
    engine: AsyncEngine, sql_counter: StatementCounter
) -> None:
    # The applications come first: once it holds a licence, the applicant cannot apply again.
    applications = [await submit_application(engine) for _ in range(6)]
    licence_id, _ = await issued_licence(engine)
    # Twelve working days, newest first in the list: targets alternate, so any page of three
    # or more holds complaints against both an application and a licence.
    days = [8, 9, 10, 13, 14, 15, 16, 17, 20, 21, 22, 23]
    for n, day in enumerate(days):
        target = {"licence_id": licence_id} if n % 2 else {"application_id": applications[n // 2]}
        complaint = await filed(engine, at=almaty(2026, 4, day), **target)
        if n % 3 == 0:
            await ok(engine, "forwardComplaint", complaint, almaty(2026, 4, day, 15))

    counts = []
    for first in (3, 12):
        sql_counter.statements.clear()
        result = await execute(engine, PAGE, {"first": first}, viewer=APPLICANT)
        assert result.errors == []
        assert result.data is not None
        assert len(result.data["complaints"]["edges"]) == first
        counts.append(sql_counter.count)
    # page + count + histories + applications + licences
    assert counts == [5, 5], sql_counter.statements


async def test_an_applicant_sees_only_its_own_complaints_and_other_roles_none(
    engine: AsyncEngine,
) -> None:
    other = Viewer(Role.APPLICANT, subject=make_bin())
    mine = await filed(engine)
    theirs = await filed(
        engine, application_id=await submit_application(engine, other), viewer=other
    )
    at = almaty(2026, 3, 27)

    assert [n["id"] for n in (await listed(engine, APPLICANT, at))["nodes"]] == [mine["id"]]
    assert [n["id"] for n in (await listed(engine, other, at))["nodes"]] == [theirs["id"]]
    assert (await listed(engine, APPLICANT, at))["totalCount"] == 1
    assert await read(engine, theirs["id"], APPLICANT, at) is None
    assert await read(engine, mine["id"], other, at) is None
    for officer in (LICENSOR, ADMIN):
        assert (await listed(engine, officer, at))["totalCount"] == 2
    for outsider in (INSPECTOR, Viewer(Role.REGISTRAR)):
        assert await listed(engine, outsider, at) == {"totalCount": 0, "nodes": []}
        assert await read(engine, mine["id"], outsider, at) is None

    # Someone else's complaint cannot be acted on either: it does not exist for them.
    before = await read(engine, theirs["id"], LICENSOR, at)
    refused = await call(engine, "closeComplaint", theirs, at, viewer=APPLICANT)
    assert [e["code"] for e in refused["userErrors"]] == ["NOT_FOUND"]
    assert await read(engine, theirs["id"], LICENSOR, at) == before


async def test_an_applicant_cannot_complain_about_someone_elses_application_or_licence(
    engine: AsyncEngine,
) -> None:
    other = Viewer(Role.APPLICANT, subject=make_bin())
    their_application = await submit_application(engine, other)
    await add_organization(engine, bin=other.subject)
    their_licence = await licence_id_of(engine, other)

    targets: list[tuple[dict[str, Any], list[str]]] = [
        ({"application_id": their_application}, ["input", "applicationId"]),
        ({"licence_id": their_licence}, ["input", "licenceId"]),
    ]
    for kwargs, field in targets:
        before = await audit_count(engine)
        body = await file(engine, **kwargs)
        assert await audit_count(engine) == before + 1
        assert [(e["code"], e["field"]) for e in body["userErrors"]] == [("NOT_FOUND", field)]
        assert body["complaint"] is None
        assert (await last_audit(engine))[2] == "refused:NOT_FOUND"
    assert (await listed(engine, LICENSOR, FRIDAY_EVENING))["totalCount"] == 0


async def test_only_an_applicant_files_and_only_the_licensor_forwards(engine: AsyncEngine) -> None:
    application_id = await submit_application(engine)
    for viewer in (LICENSOR, INSPECTOR, Viewer(Role.REGISTRAR), ADMIN):
        before = await audit_count(engine)
        body = await file(engine, application_id=application_id, viewer=viewer)
        assert await audit_count(engine) == before + 1
        assert [e["code"] for e in body["userErrors"]] == ["FORBIDDEN"]
    assert (await listed(engine, LICENSOR, FRIDAY_EVENING))["totalCount"] == 0

    complaint = await filed(engine, application_id=application_id)
    # The applicant sees its complaint but may not forward it; the inspector does not see it.
    for viewer, code in ((APPLICANT, "FORBIDDEN"), (INSPECTOR, "NOT_FOUND")):
        before = await audit_count(engine)
        refused = await call(
            engine, "forwardComplaint", complaint, almaty(2026, 3, 27), viewer=viewer
        )
        assert await audit_count(engine) == before + 1
        assert [e["code"] for e in refused["userErrors"]] == [code]
    unchanged = await read(engine, complaint["id"], LICENSOR, almaty(2026, 3, 27))
    assert (unchanged["version"], unchanged["status"]) == (1, "FILED")


@pytest.mark.parametrize(
    ("target", "text", "expected"),
    [
        ("both", TEXT, [("ONE_OF_REQUIRED", ["input", "applicationId"])]),
        ("neither", TEXT, [("ONE_OF_REQUIRED", ["input", "applicationId"])]),
        ("application", "   ", [("REQUIRED", ["input", "text"])]),
        ("application", "ж" * 8001, [("TEXT_TOO_LONG", ["input", "text"])]),
        (
            "neither",
            "",
            [("ONE_OF_REQUIRED", ["input", "applicationId"]), ("REQUIRED", ["input", "text"])],
        ),
        ("bad-id", TEXT, [("INVALID_ID", ["input", "applicationId"])]),
    ],
)
async def test_a_complaint_names_exactly_one_target_and_a_text_of_bounded_length(
    engine: AsyncEngine, target: str, text: str, expected: list[tuple[str, list[str]]]
) -> None:
    application_id = await submit_application(engine)
    await add_organization(engine, bin=APPLICANT.subject)
    licence_id = await licence_id_of(engine, APPLICANT)
    kwargs: dict[str, Any] = {
        "both": {"application_id": application_id, "licence_id": licence_id},
        "neither": {},
        "application": {"application_id": application_id},
        "bad-id": {"application_id": licence_id},  # a licence's id where an application's goes
    }[target]
    body = await audited_once(engine, lambda: file(engine, text=text, **kwargs))
    assert [(e["code"], e["field"]) for e in body["userErrors"]] == expected
    assert all(e["message"] for e in body["userErrors"])
    assert (await listed(engine, LICENSOR, FRIDAY_EVENING))["totalCount"] == 0


# --- the (state × command) matrix ---------------------------------------------------------

STATES: dict[str, list[tuple[str, dict[str, Any]]]] = {
    # How to reach each state from FILED (filed Friday 20 March 2026 evening).
    "FILED": [],
    "FORWARDED": [("forwardComplaint", {})],
    "SATISFIED": [("satisfyComplaint", {})],
    "DECIDED": [("forwardComplaint", {}), ("decideComplaint", {})],
    "SATISFIED+closed": [("satisfyComplaint", {}), ("closeComplaint", {})],
    "DECIDED+closed": [
        ("forwardComplaint", {}),
        ("decideComplaint", {"decision": "REJECTED", "reasons": "Нет оснований"}),
        ("closeComplaint", {}),
    ],
}
LEGAL = {
    "FILED": {"forwardComplaint", "satisfyComplaint"},
    "FORWARDED": {"decideComplaint"},
    "SATISFIED": {"closeComplaint"},
    "DECIDED": {"closeComplaint"},
    "SATISFIED+closed": set(),
    "DECIDED+closed": set(),
}
STATE_LABELS = {
    "FILED": "жалоба подана",
    "FORWARDED": "направлена в орган, рассматривающий жалобу",
    "SATISFIED": "полностью удовлетворена в течение 3 рабочих дней",
    "DECIDED": "по жалобе принято решение",
}
ILLEGAL = [
    pytest.param(state, command, id=f"{state}-{command}")
    for state in STATES
    for command in COMMANDS
    if command not in LEGAL[state]
]


def test_the_matrix_covers_every_pair_of_state_and_command() -> None:
    legal = sum(len(v) for v in LEGAL.values())
    assert len(ILLEGAL) + legal == len(STATES) * len(COMMANDS) == 24


@pytest.mark.parametrize(("state", "command"), ILLEGAL)
async def test_an_illegal_command_is_refused_naming_the_state_and_changes_nothing(
    engine: AsyncEngine, state: str, command: str
) -> None:
    complaint = await filed(engine)
    for step, variables in STATES[state]:
        complaint = await ok(engine, step, complaint, almaty(2026, 3, 27), **variables)
    at = almaty(2026, 3, 30)
    before = await read(engine, complaint["id"], LICENSOR, at)

    body = await audited_once(engine, lambda: call(engine, command, complaint, at))

    [error] = body["userErrors"]
    assert error["code"] == "ILLEGAL_TRANSITION"
    assert f"«{STATE_LABELS[state.split('+')[0]]}»" in error["message"]
    allowed = ", ".join(before["allowedCommands"]) or "-"
    assert error["message"].endswith(f"Возможные действия: {allowed}.")
    assert body["complaint"] is None
    assert await last_audit(engine) == (command, complaint["id"], "refused:ILLEGAL_TRANSITION")
    assert await read(engine, complaint["id"], LICENSOR, at) == before


# --- versions and idempotency -------------------------------------------------------------


async def test_a_stale_expected_version_is_refused_and_changes_nothing(
    engine: AsyncEngine,
) -> None:
    complaint = await filed(engine)
    forwarded = await ok(engine, "forwardComplaint", complaint, almaty(2026, 3, 27))
    assert forwarded["version"] == 2

    body = await audited_once(
        engine,
        lambda: call(engine, "decideComplaint", forwarded, almaty(2026, 3, 30), version=1),
    )
    [error] = body["userErrors"]
    assert (error["code"], error["field"]) == ("VERSION_CONFLICT", ["expectedVersion"])
    assert "текущая версия 2" in error["message"]
    assert await last_audit(engine) == (
        "decideComplaint",
        complaint["id"],
        "refused:VERSION_CONFLICT",
    )
    assert await read(engine, complaint["id"], LICENSOR, almaty(2026, 3, 30)) == forwarded


async def test_a_replayed_idempotency_key_returns_the_first_complaint(
    engine: AsyncEngine,
) -> None:
    application_id = await submit_application(engine)
    first = await filed(engine, application_id=application_id, key="complaint-2026-03-20")

    replay = await audited_once(
        engine,
        lambda: file(
            engine,
            application_id=application_id,
            key="complaint-2026-03-20",
            at=almaty(2026, 3, 23, 11),
        ),
    )
    assert replay["userErrors"] == []
    assert replay["complaint"] == first
    assert len(replay["complaint"]["history"]) == 1
    assert (await listed(engine, LICENSOR, FRIDAY_EVENING))["totalCount"] == 1

    other = await audited_once(
        engine,
        lambda: file(
            engine,
            application_id=application_id,
            key="complaint-2026-03-20",
            text="Другая жалоба",
        ),
    )
    assert [(e["code"], e["field"]) for e in other["userErrors"]] == [
        ("IDEMPOTENCY_KEY_REUSED", ["idempotencyKey"])
    ]
    assert other["complaint"] is None
    assert await last_audit(engine) == (
        "fileComplaint",
        None,
        "refused:IDEMPOTENCY_KEY_REUSED",
    )
    assert (await listed(engine, LICENSOR, FRIDAY_EVENING))["totalCount"] == 1


# --- helpers that drive the licence path ----------------------------------------------------


async def licence_id_of(engine: AsyncEngine, owner: Viewer) -> str:
    """The current licence's global id of `owner`'s organisation, as its owner sees it."""
    result = await execute(
        engine,
        "query($bin: String) { organization(bin: $bin) { licence { id } } }",
        {"bin": owner.subject},
        viewer=owner,
    )
    assert result.errors == [], result.errors
    assert result.data is not None
    value = result.data["organization"]["licence"]["id"]
    assert isinstance(value, str)
    return value


async def issued_licence(engine: AsyncEngine) -> tuple[str, str]:
    """A licence issued through the real path: submit, check, conclude, agree, sign."""
    application_id = await submit_application(engine)
    steps: list[tuple[str, Viewer, datetime, dict[str, Any], str]] = [
        (
            "recordCompletenessCheck",
            INSPECTOR,
            almaty(2026, 3, 26),
            {"complete": True},
            "$complete: Boolean!",
        ),
        (
            "submitInspectionConclusion",
            INSPECTOR,
            almaty(2026, 4, 3),
            {"input": {"findings": [{"requirement": "Помещение", "conforms": True}]}},
            "$input: ConclusionInput!",
        ),
        ("agreeConclusion", LICENSOR, almaty(2026, 4, 6), {}, ""),
        ("signLicence", LICENSOR, almaty(2026, 4, 7), {}, ""),
    ]
    version = 1
    for name, viewer, at, variables, args in steps:
        result = await run(
            engine, name, viewer, at, {"id": application_id, "v": version, **variables}, args
        )
        body = payload(result, name)
        assert body["userErrors"] == [], body["userErrors"]
        version = body["licenceApplication"]["version"]
    number = body["licenceApplication"]["licence"]["number"]
    assert isinstance(number, str)
    return await licence_id_of(engine, APPLICANT), number


async def test_node_finds_a_complaint_for_those_who_may_see_it(engine: AsyncEngine) -> None:
    from domain.viewer import Role, Viewer
    from tests.conftest import execute as run_query
    from tests.lifecycle.flow import APPLICANT, LICENSOR, SUBMIT, almaty, application_input

    submitted = await run_query(
        engine,
        SUBMIT,
        {"input": application_input()},
        viewer=APPLICANT,
        now=almaty(2026, 3, 20, 19),
    )
    assert submitted.data is not None
    app_id = submitted.data["submitLicenceApplication"]["licenceApplication"]["id"]
    filed = await run_query(
        engine,
        """mutation($input: ComplaintInput!) { fileComplaint(input: $input) {
            complaint { id } userErrors { code } } }""",
        {"input": {"applicationId": app_id, "addressee": "LICENSOR", "text": "Нарушен срок"}},
        viewer=APPLICANT,
        now=almaty(2026, 3, 30),
    )
    assert filed.data is not None
    complaint_id = filed.data["fileComplaint"]["complaint"]["id"]
    query = "query($id: ID!) { node(id: $id) { id ... on Complaint { status } } }"
    for viewer, expected in [
        (APPLICANT, {"id": complaint_id, "status": "FILED"}),
        (LICENSOR, {"id": complaint_id, "status": "FILED"}),
        (Viewer(Role.APPLICANT, "990140004654"), None),
    ]:
        result = await run_query(engine, query, {"id": complaint_id}, viewer=viewer)
        assert result.data == {"node": expected}
    public = await run_query(
        engine, "query($id: ID!) { node(id: $id) { id } }", {"id": complaint_id}
    )
    assert public.codes == ["INVALID_ID"]
