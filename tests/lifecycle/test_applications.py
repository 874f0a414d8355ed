"""The licence application through the full schema: every path of the diagram, the matrix,
roles, versions, idempotency, validation and the queries. Each step checks the register, the
history, the due dates and the audit log."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.viewer import Role, Viewer
from tests.conftest import ADMIN, execute
from tests.lifecycle.flow import (
    APPLICANT,
    APPLICANT_BIN,
    FIELDS,
    INSPECTOR,
    LICENSOR,
    SUBMIT,
    add_application,
    almaty,
    application_input,
    audit_count,
    payload,
    run,
)

PUBLIC_RECORD = """query($bin: String) { organization(bin: $bin) {
  name { ru } status includedOn licence { number status issuedOn } } }"""

CHECK = ("recordCompletenessCheck", "$complete: Boolean!, $missingDocuments: [String!]")
CONCLUDE = ("submitInspectionConclusion", "$input: ConclusionInput!")
PRELIMINARY = (
    "issuePreliminaryRefusal",
    "$grounds: [RefusalGroundInput!]!, $hearingAt: DateTime!, $hearingPlace: String!",
)
OBJECT = ("recordObjection", "$text: String!")
HEAR = ("recordHearing", "$outcome: HearingOutcome!, $minutes: String!")
REFUSE = ("refuseLicence", "$grounds: [RefusalGroundInput!]!")
WITHDRAW = ("withdrawLicenceApplication", "$reason: String")
GROUNDS = [{"ground": "NONCONFORMITY_WITH_RULES", "note": "Помещение не соответствует"}]
POSITIVE = {"findings": [{"requirement": "Помещение", "conforms": True}]}
NEGATIVE = {"findings": [{"requirement": "Помещение", "conforms": False, "note": "Нет пандуса"}]}


async def submit(engine: AsyncEngine, **overrides: Any) -> dict[str, Any]:
    result = await execute(
        engine,
        SUBMIT,
        {"input": application_input(**overrides)},
        viewer=APPLICANT,
        now=almaty(2026, 3, 20, 19),
    )
    body = payload(result, "submitLicenceApplication")
    assert body["userErrors"] == []
    application = body["licenceApplication"]
    assert isinstance(application, dict)
    return application


async def step(
    engine: AsyncEngine,
    action: tuple[str, str] | str,
    viewer: Viewer,
    at: Any,
    app: dict[str, Any],
    **variables: Any,
) -> dict[str, Any]:
    name, args = (action, "") if isinstance(action, str) else action
    result = await run(
        engine, name, viewer, at, {"id": app["id"], "v": app["version"], **variables}, args
    )
    body = payload(result, name)
    assert body["userErrors"] == [], body["userErrors"]
    updated = body["licenceApplication"]
    assert isinstance(updated, dict)
    return updated


def commands(app: dict[str, Any]) -> list[str]:
    return [event["command"] for event in app["history"]]


async def test_the_issue_path_ends_with_a_licence_in_the_register(engine: AsyncEngine) -> None:
    app = await submit(engine)
    assert (app["status"], app["registeredOn"], app["dueOn"]) == (
        "SUBMITTED",
        "2026-03-26",
        "2026-04-16",
    )
    assert (app["step"], app["stepDueOn"]) == ("COMPLETENESS_CHECK", "2026-03-27")

    app = await step(engine, CHECK, INSPECTOR, almaty(2026, 3, 27, 9), app, complete=True)
    # Friday 27 March + 7 wd: 30, 31 March, 1, 2, 3, 6, 7 April.
    assert (app["status"], app["step"], app["stepDueOn"]) == (
        "UNDER_INSPECTION",
        "INSPECTION",
        "2026-04-07",
    )

    app = await step(engine, CONCLUDE, INSPECTOR, almaty(2026, 4, 3), app, input=POSITIVE)
    # Friday 3 April + 2 wd: 6, 7 April.
    assert (app["status"], app["stepDueOn"]) == ("CONCLUSION_READY", "2026-04-07")

    app = await step(engine, "agreeConclusion", LICENSOR, almaty(2026, 4, 6), app)
    assert (app["status"], app["step"], app["stepDueOn"]) == (
        "AWAITING_SIGNATURE",
        "SIGNATURE",
        "2026-04-08",
    )
    before = await execute(engine, PUBLIC_RECORD, {"bin": APPLICANT_BIN})
    assert before.data == {"organization": None}

    app = await step(engine, "signLicence", LICENSOR, almaty(2026, 4, 7), app)
    assert app["status"] == "LICENCE_ISSUED"
    assert app["step"] is None
    assert app["allowedCommands"] == []
    number = app["licence"]["number"]
    assert number.startswith("KZ26LSS")
    assert commands(app) == [
        "submitLicenceApplication",
        "recordCompletenessCheck",
        "submitInspectionConclusion",
        "agreeConclusion",
        "signLicence",
    ]
    assert [e["actorRole"] for e in app["history"]] == [
        "APPLICANT",
        "INSPECTOR",
        "INSPECTOR",
        "LICENSOR",
        "LICENSOR",
    ]
    public = await execute(engine, PUBLIC_RECORD, {"bin": APPLICANT_BIN})
    assert public.data == {
        "organization": {
            "name": {"ru": "ТОО «Мейірім»"},
            "status": "ACTIVE",
            "includedOn": "2026-04-07",
            "licence": {"number": number, "status": "ACTIVE", "issuedOn": "2026-04-07"},
        }
    }
    assert await audit_count(engine) == 5


async def test_a_licence_chosen_without_publication_consent_stays_out_of_public_view(
    engine: AsyncEngine,
) -> None:
    app = await add_application(engine, "AWAITING_SIGNATURE", publication_consent=False)
    signed = await step(
        engine, "signLicence", LICENSOR, almaty(2026, 4, 7), {"id": app, "version": 1}
    )
    assert signed["licence"]["organization"] == {"bin": APPLICANT_BIN}
    public = await execute(engine, PUBLIC_RECORD, {"bin": APPLICANT_BIN})
    owner = await execute(engine, PUBLIC_RECORD, {"bin": APPLICANT_BIN}, viewer=APPLICANT)
    assert public.data == {"organization": None}
    assert owner.data is not None
    assert owner.data["organization"]["licence"]["number"] == signed["licence"]["number"]


async def test_incomplete_documents_refuse_acceptance_and_list_what_is_missing(
    engine: AsyncEngine,
) -> None:
    app = await submit(engine)
    missing = ["Справка о судимости руководителя", "Договор аренды (истек)"]
    app = await step(
        engine, CHECK, INSPECTOR, almaty(2026, 3, 26), app, complete=False, missingDocuments=missing
    )
    # p. 14: the licensor signs the receipt (annex 2-1) within 1 working day.
    assert (app["status"], app["step"]) == ("RECEIPT_AWAITING_SIGNATURE", "RECEIPT_SIGNING")
    assert app["stepDueOn"] == "2026-03-27"
    assert app["missingDocuments"] == missing
    assert app["history"][-1]["documents"] == missing
    assert app["allowedCommands"] == ["withdrawLicenceApplication", "signAcceptanceRefusal"]
    app = await step(engine, "signAcceptanceRefusal", LICENSOR, almaty(2026, 3, 27), app)
    assert app["status"] == "ACCEPTANCE_REFUSED"
    assert app["allowedCommands"] == []
    assert [e["actorRole"] for e in app["history"]][-2:] == ["INSPECTOR", "LICENSOR"]


async def test_preliminary_refusal_objection_hearing_then_licence(engine: AsyncEngine) -> None:
    app = await add_application(engine, "CONCLUSION_READY", conclusion_positive=False)
    app_ref = {"id": app, "version": 1}
    # Notice Monday 30 March 2026; the hearing no later than 3 wd: Thursday 2 April.
    refused = await step(
        engine,
        PRELIMINARY,
        LICENSOR,
        almaty(2026, 3, 30),
        app_ref,
        grounds=GROUNDS,
        hearingAt="2026-04-02T11:00:00+05:00",
        hearingPlace="Астана, каб. 305",
    )
    assert refused["status"] == "PRELIMINARY_REFUSAL"
    assert refused["hearing"]["noticeOn"] == "2026-03-30"
    assert refused["stepDueOn"] == "2026-04-02"
    assert refused["grounds"] == GROUNDS
    objected = await step(
        engine, OBJECT, APPLICANT, almaty(2026, 3, 31), refused, text="Пандус построен"
    )
    assert objected["hearing"]["objection"] == "Пандус построен"
    heard = await step(
        engine,
        HEAR,
        LICENSOR,
        almaty(2026, 4, 2, 12),
        objected,
        outcome="ISSUE",
        minutes="Устранено",
    )
    assert (heard["status"], heard["hearing"]["outcome"]) == ("HEARING_HELD", "ISSUE")
    issued = await step(engine, "signLicence", LICENSOR, almaty(2026, 4, 3), heard)
    assert issued["status"] == "LICENCE_ISSUED"
    assert commands(issued)[-4:] == [
        "issuePreliminaryRefusal",
        "recordObjection",
        "recordHearing",
        "signLicence",
    ]
    assert issued["history"][0]["reasons"] == ["NONCONFORMITY_WITH_RULES"]
    assert await audit_count(engine) == 4


async def test_preliminary_refusal_hearing_then_motivated_refusal(engine: AsyncEngine) -> None:
    app: dict[str, Any] = {
        "id": await add_application(engine, "CONCLUSION_READY", conclusion_positive=False),
        "version": 1,
    }
    app = await step(
        engine,
        PRELIMINARY,
        LICENSOR,
        almaty(2026, 3, 30),
        app,
        grounds=GROUNDS,
        hearingAt="2026-04-01T10:00:00+05:00",
        hearingPlace="каб. 305",
    )
    app = await step(
        engine,
        HEAR,
        LICENSOR,
        almaty(2026, 4, 1, 12),
        app,
        outcome="REFUSE",
        minutes="Не устранено",
    )
    app = await step(engine, REFUSE, LICENSOR, almaty(2026, 4, 2), app, grounds=GROUNDS)
    assert app["status"] == "REFUSED"
    assert app["history"][-1]["reasons"] == ["NONCONFORMITY_WITH_RULES"]
    public = await execute(engine, PUBLIC_RECORD, {"bin": APPLICANT_BIN}, viewer=ADMIN)
    assert public.data == {"organization": None}


async def test_the_applicant_may_withdraw_an_open_application(engine: AsyncEngine) -> None:
    app = await submit(engine)
    app = await step(engine, WITHDRAW, APPLICANT, almaty(2026, 3, 26), app, reason="Передумали")
    assert app["status"] == "WITHDRAWN"
    assert app["history"][-1]["note"] == "Передумали"


# --- the (state × command) matrix through the API: illegal pairs change nothing -----------

ALL_COMMANDS: dict[str, tuple[tuple[str, str] | str, dict[str, Any]]] = {
    "withdraw": (WITHDRAW, {"reason": "x"}),
    "check": (CHECK, {"complete": True}),
    "sign-receipt": ("signAcceptanceRefusal", {}),
    "conclude": (CONCLUDE, {"input": POSITIVE}),
    "agree": ("agreeConclusion", {}),
    "preliminary": (
        PRELIMINARY,
        {"grounds": GROUNDS, "hearingAt": "2026-04-01T10:00:00+05:00", "hearingPlace": "x"},
    ),
    "object": (OBJECT, {"text": "x"}),
    "hear": (HEAR, {"outcome": "ISSUE", "minutes": "x"}),
    "sign": ("signLicence", {}),
    "refuse": (REFUSE, {"grounds": GROUNDS}),
}
LEGAL = {
    "SUBMITTED": {"withdraw", "check"},
    "RECEIPT_AWAITING_SIGNATURE": {"withdraw", "sign-receipt"},
    "UNDER_INSPECTION": {"withdraw", "conclude"},
    "CONCLUSION_READY": {"withdraw", "agree", "preliminary"},
    "AWAITING_SIGNATURE": {"withdraw", "sign"},
    "PRELIMINARY_REFUSAL": {"withdraw", "object", "hear"},
    "HEARING_HELD": {"withdraw", "sign", "refuse"},
    "ACCEPTANCE_REFUSED": set(),
    "LICENCE_ISSUED": set(),
    "REFUSED": set(),
    "WITHDRAWN": set(),
}
ILLEGAL = [(s, c) for s in LEGAL for c in ALL_COMMANDS if c not in LEGAL[s]]


@pytest.mark.parametrize(("status", "command"), ILLEGAL, ids=[f"{s}-{c}" for s, c in ILLEGAL])
async def test_an_illegal_command_is_refused_naming_the_state_and_changes_nothing(
    engine: AsyncEngine, status: str, command: str
) -> None:
    app = await add_application(engine, status)
    action, variables = ALL_COMMANDS[command]
    name, args = (action, "") if isinstance(action, str) else action
    read = f"query($id: ID!) {{ licenceApplication(id: $id) {{ {FIELDS} }} }}"
    before = await execute(engine, read, {"id": app}, viewer=ADMIN)
    result = await run(
        engine, name, ADMIN, almaty(2026, 3, 30), {"id": app, "v": 1, **variables}, args
    )
    body = payload(result, name)
    assert body["licenceApplication"] is None
    [error] = body["userErrors"]
    assert error["code"] == "ILLEGAL_TRANSITION"
    after = await execute(engine, read, {"id": app}, viewer=ADMIN)
    assert after == before
    assert await audit_count(engine) == 1


async def test_an_illegal_transition_says_what_is_allowed_in_kazakh_and_russian(
    engine: AsyncEngine,
) -> None:
    app = await add_application(engine, "SUBMITTED")
    for lang, state_label in (("ru", "подано"), ("kk", "берілді")):
        from domain.labels import Lang

        result = await execute(
            engine,
            """mutation($id: ID!) { signLicence(id: $id, expectedVersion: 1) {
                userErrors { code message } } }""",
            {"id": app},
            viewer=LICENSOR,
            lang=Lang(lang),
        )
        [error] = payload(result, "signLicence")["userErrors"]
        assert state_label in error["message"]
        assert "withdrawLicenceApplication, recordCompletenessCheck" in error["message"]


# --- who may act ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("viewer", "code"),
    [
        (Viewer(Role.INSPECTOR, "KARAGANDA"), "NOT_FOUND"),
        (Viewer(Role.APPLICANT, "990140004654"), "NOT_FOUND"),
        (Viewer(Role.REGISTRAR), "NOT_FOUND"),
        (LICENSOR, "FORBIDDEN"),
        (APPLICANT, "FORBIDDEN"),
    ],
    ids=["inspector-other-region", "other-applicant", "registrar", "licensor", "owner"],
)
async def test_only_the_regional_inspector_checks_completeness(
    engine: AsyncEngine, viewer: Viewer, code: str
) -> None:
    app = await add_application(engine, "SUBMITTED")
    result = await run(
        engine,
        CHECK[0],
        viewer,
        almaty(2026, 3, 26),
        {"id": app, "v": 1, "complete": True},
        CHECK[1],
    )
    body = payload(result, CHECK[0])
    assert [e["code"] for e in body["userErrors"]] == [code]
    again = await execute(
        engine,
        "query($id: ID!) { licenceApplication(id: $id) { status version } }",
        {"id": app},
        viewer=ADMIN,
    )
    assert again.data == {"licenceApplication": {"status": "SUBMITTED", "version": 1}}
    assert await audit_count(engine) == 1


async def test_a_stale_version_is_refused_and_changes_nothing(engine: AsyncEngine) -> None:
    app = await submit(engine)
    app = await step(engine, CHECK, INSPECTOR, almaty(2026, 3, 26), app, complete=True)
    stale = {"id": app["id"], "v": 1, "input": POSITIVE}
    result = await run(engine, CONCLUDE[0], INSPECTOR, almaty(2026, 3, 27), stale, CONCLUDE[1])
    [error] = payload(result, CONCLUDE[0])["userErrors"]
    assert error["code"] == "VERSION_CONFLICT"
    assert "2" in error["message"]
    read = await execute(
        engine,
        "query($id: ID!) { licenceApplication(id: $id) { status version } }",
        {"id": app["id"]},
        viewer=ADMIN,
    )
    assert read.data == {"licenceApplication": {"status": "UNDER_INSPECTION", "version": 2}}


async def test_two_officers_racing_with_one_version_one_wins_and_one_is_told_of_the_conflict(
    engine: AsyncEngine,
) -> None:
    """Both requests run at once (their statements interleave on the event loop); writers take
    turns (storage.engine), so the second reads the first's commit, as on one machine."""
    app = await submit(engine)
    app = await step(engine, CHECK, INSPECTOR, almaty(2026, 3, 26), app, complete=True)
    variables = {"id": app["id"], "v": app["version"], "input": POSITIVE}
    results = await asyncio.gather(
        *(
            run(engine, CONCLUDE[0], INSPECTOR, almaty(2026, 3, 27), variables, CONCLUDE[1])
            for _ in range(2)
        )
    )
    codes = sorted(
        [e["code"] for e in payload(result, CONCLUDE[0])["userErrors"]] for result in results
    )
    assert codes == [[], ["VERSION_CONFLICT"]]
    read = await execute(
        engine,
        "query($id: ID!) { licenceApplication(id: $id) { status version history { command } } }",
        {"id": app["id"]},
        viewer=ADMIN,
    )
    assert read.data is not None
    found = read.data["licenceApplication"]
    assert (found["status"], found["version"]) == ("CONCLUSION_READY", 3)
    assert [e["command"] for e in found["history"]] == [
        "submitLicenceApplication",
        "recordCompletenessCheck",
        "submitInspectionConclusion",
    ]


async def test_a_submission_replayed_while_the_first_is_running_returns_the_first_result(
    engine: AsyncEngine,
) -> None:
    variables = {"input": application_input(), "key": "form-race"}
    results = await asyncio.gather(
        *(
            execute(engine, SUBMIT, variables, viewer=APPLICANT, now=almaty(2026, 3, 20, 19))
            for _ in range(3)
        )
    )
    bodies = [payload(result, "submitLicenceApplication") for result in results]
    assert [body["userErrors"] for body in bodies] == [[], [], []]
    assert len({body["licenceApplication"]["id"] for body in bodies}) == 1
    listing = await execute(engine, "{ licenceApplications { totalCount } }", viewer=ADMIN)
    assert listing.data == {"licenceApplications": {"totalCount": 1}}


# --- submission: idempotency and validation ------------------------------------------------


async def test_a_replayed_submission_returns_the_first_result(engine: AsyncEngine) -> None:
    variables = {"input": application_input(), "key": "form-42"}
    first = await execute(engine, SUBMIT, variables, viewer=APPLICANT, now=almaty(2026, 3, 20, 19))
    again = await execute(
        engine, SUBMIT, variables, viewer=APPLICANT, now=almaty(2026, 3, 20, 19, 5)
    )
    changed = await execute(
        engine,
        SUBMIT,
        {"input": application_input(totalCapacity=61), "key": "form-42"},
        viewer=APPLICANT,
        now=almaty(2026, 3, 20, 19, 6),
    )
    one = payload(first, "submitLicenceApplication")["licenceApplication"]
    two = payload(again, "submitLicenceApplication")["licenceApplication"]
    assert one["id"] == two["id"]
    assert [e["code"] for e in payload(changed, "submitLicenceApplication")["userErrors"]] == [
        "IDEMPOTENCY_KEY_REUSED"
    ]
    listing = await execute(engine, "{ licenceApplications { totalCount } }", viewer=ADMIN)
    assert listing.data == {"licenceApplications": {"totalCount": 1}}


async def test_a_bad_form_lists_every_problem_and_stores_nothing(engine: AsyncEngine) -> None:
    bad = application_input(
        applicantBin="940140000386",
        phone="12345",
        email="not-an-email",
        applicantName={"kk": " ", "ru": "x" * 501},
        serviceConditions=[],
        documents=[],
        personalDataConsent=False,
    )
    result = await execute(
        engine, SUBMIT, {"input": bad}, viewer=APPLICANT, now=almaty(2026, 3, 20, 19)
    )
    errors = payload(result, "submitLicenceApplication")["userErrors"]
    found = {(e["code"], ".".join(e["field"])) for e in errors}
    assert found >= {
        ("INVALID_BIN", "input.applicantBin"),
        ("FORBIDDEN", "input.applicantBin"),
        ("INVALID_PHONE", "input.phone"),
        ("INVALID_EMAIL", "input.email"),
        ("REQUIRED", "input.applicantName.kk"),
        ("TEXT_TOO_LONG", "input.applicantName.ru"),
        ("REQUIRED", "input.serviceConditions"),
        ("REQUIRED", "input.documents"),
        ("PERSONAL_DATA_CONSENT_REQUIRED", "input.personalDataConsent"),
    }
    assert all(e["message"] for e in errors)
    listing = await execute(engine, "{ licenceApplications { totalCount } }", viewer=ADMIN)
    assert listing.data == {"licenceApplications": {"totalCount": 0}}
    assert await audit_count(engine) == 1


async def test_officers_other_than_admin_cannot_submit(engine: AsyncEngine) -> None:
    result = await execute(
        engine, SUBMIT, {"input": application_input()}, viewer=LICENSOR, now=almaty(2026, 3, 20, 19)
    )
    assert [e["code"] for e in payload(result, "submitLicenceApplication")["userErrors"]] == [
        "FORBIDDEN"
    ]


# --- queries -------------------------------------------------------------------------------


async def test_each_reader_sees_the_applications_it_may(engine: AsyncEngine) -> None:
    await add_application(engine, applicant=APPLICANT_BIN, region="ASTANA")
    await add_application(engine, applicant="990140004654", region="KARAGANDA")
    query = "{ licenceApplications { totalCount nodes { applicantBin } } }"
    counts = {}
    for name, viewer in {
        "owner": APPLICANT,
        "astana-inspector": INSPECTOR,
        "karaganda-inspector": Viewer(Role.INSPECTOR, "KARAGANDA"),
        "all-inspector": Viewer(Role.INSPECTOR, "*"),
        "licensor": LICENSOR,
        "registrar": Viewer(Role.REGISTRAR),
    }.items():
        result = await execute(engine, query, viewer=viewer)
        assert result.data is not None
        counts[name] = result.data["licenceApplications"]["totalCount"]
    assert counts == {
        "owner": 1,
        "astana-inspector": 1,
        "karaganda-inspector": 1,
        "all-inspector": 2,
        "licensor": 2,
        "registrar": 0,
    }


async def test_overdue_lists_open_applications_past_their_step_deadline(
    engine: AsyncEngine,
) -> None:
    from datetime import date

    late = await add_application(engine, "SUBMITTED", step_due_on=date(2026, 3, 27))
    await add_application(engine, "UNDER_INSPECTION", step_due_on=date(2026, 4, 7))
    await add_application(engine, "LICENCE_ISSUED", step_due_on=date(2026, 3, 27))
    query = (
        """{ licenceApplications(filter: {overdue: true}) { totalCount nodes { id overdue } } }"""
    )
    # Monday 30 March 2026: the completeness check due Friday 27 March is late.
    result = await execute(engine, query, viewer=LICENSOR, now=almaty(2026, 3, 30))
    assert result.data == {
        "licenceApplications": {"totalCount": 1, "nodes": [{"id": late, "overdue": True}]}
    }
    on_the_day = await execute(engine, query, viewer=LICENSOR, now=almaty(2026, 3, 27, 18))
    assert on_the_day.data == {"licenceApplications": {"totalCount": 0, "nodes": []}}


async def test_filters_by_status_region_and_applicant(engine: AsyncEngine) -> None:
    await add_application(engine, "SUBMITTED", region="ASTANA")
    await add_application(engine, "REFUSED", region="KARAGANDA", applicant="990140004654")
    query = "query($f: LicenceApplicationFilter) { licenceApplications(filter: $f) { totalCount } }"
    for f, expected in [
        ({"statuses": ["SUBMITTED"]}, 1),
        ({"statuses": ["SUBMITTED", "REFUSED"]}, 2),
        ({"regions": ["KARAGANDA"]}, 1),
        ({"applicantBin": "990140004654"}, 1),
    ]:
        result = await execute(engine, query, {"f": f}, viewer=LICENSOR)
        assert result.data == {"licenceApplications": {"totalCount": expected}}, f


async def test_a_page_of_applications_with_history_is_a_constant_cost(
    engine: AsyncEngine, sql_counter: Any
) -> None:
    for _ in range(30):
        await add_application(engine, "SUBMITTED")
    query = (
        f"query($n: Int) {{ licenceApplications(first: $n) {{ totalCount nodes {{ {FIELDS} }} }} }}"
    )
    counts = []
    for size in (5, 30):
        sql_counter.statements.clear()
        result = await execute(engine, query, {"n": size}, viewer=LICENSOR)
        assert result.data is not None
        assert len(result.data["licenceApplications"]["nodes"]) == size
        counts.append(sql_counter.count)
    # page + count + histories; no licences issued here.
    assert counts == [3, 3], sql_counter.statements


async def test_node_finds_an_application_for_those_who_may_see_it(engine: AsyncEngine) -> None:
    app = await add_application(engine, "SUBMITTED")
    query = "query($id: ID!) { node(id: $id) { id ... on LicenceApplication { status } } }"
    owner = await execute(engine, query, {"id": app}, viewer=APPLICANT)
    other = await execute(engine, query, {"id": app}, viewer=Viewer(Role.APPLICANT, "990140004654"))
    public = await execute(engine, "query($id: ID!) { node(id: $id) { id } }", {"id": app})
    assert owner.data == {"node": {"id": app, "status": "SUBMITTED"}}
    assert other.data == {"node": None}
    assert public.codes == ["INVALID_ID"]


async def test_an_invalid_applicant_bin_in_the_filter_is_a_coded_error(engine: AsyncEngine) -> None:
    result = await execute(
        engine,
        '{ licenceApplications(filter: {applicantBin: "not a bin"}) { totalCount } }',
        viewer=LICENSOR,
    )
    assert result.codes == ["INVALID_BIN"]


async def test_signing_includes_a_removed_organisation_again(engine: AsyncEngine) -> None:
    from datetime import date

    from tests.factories import add_organization

    await add_organization(
        engine,
        bin=APPLICANT_BIN,
        name_ru="Старое имя",
        removed_on=date(2025, 5, 1),
        included_on=date(2020, 2, 3),
    )
    app = await add_application(engine, "AWAITING_SIGNATURE")
    signed = await step(
        engine, "signLicence", LICENSOR, almaty(2026, 4, 7), {"id": app, "version": 1}
    )
    query = """query($bin: String) { organization(bin: $bin) { name { ru } status includedOn
        licenceTerminatedOn removalGrounds { ru } licence { number } licences { status } } }"""
    result = await execute(engine, query, {"bin": APPLICANT_BIN})
    assert result.data == {
        "organization": {
            "name": {"ru": "ТОО «Мейірім»"},
            "status": "ACTIVE",
            "includedOn": "2026-04-07",
            "licenceTerminatedOn": None,
            "removalGrounds": None,
            "licence": {"number": signed["licence"]["number"]},
            "licences": [{"status": "ACTIVE"}, {"status": "TERMINATED"}],
        }
    }


async def test_each_step_leaves_one_audit_row_naming_actor_operation_and_outcome(
    engine: AsyncEngine,
) -> None:
    from sqlalchemy import select

    from storage.tables import AuditLog

    async def last_audit() -> tuple[str, str | None, str, str, str | None]:
        table = AuditLog.__table__  # type: ignore[attr-defined]
        async with engine.connect() as conn:
            row = (await conn.execute(select(table).order_by(table.c.id.desc()).limit(1))).one()
        return (row.actor_role, row.actor_subject, row.operation, row.outcome, row.target)

    app = await submit(engine)
    assert await last_audit() == (
        "applicant",
        APPLICANT_BIN,
        "submitLicenceApplication",
        "ok",
        f"LicenceApplication:{decode_pk(app['id'])}",
    )
    refused = await run(
        engine, "agreeConclusion", LICENSOR, almaty(2026, 3, 26), {"id": app["id"], "v": 1}
    )
    assert payload(refused, "agreeConclusion")["userErrors"][0]["code"] == "ILLEGAL_TRANSITION"
    assert (await last_audit())[:4] == (
        "licensor",
        LICENSOR.subject,
        "agreeConclusion",
        "refused:ILLEGAL_TRANSITION",
    )
    app = await step(engine, CHECK, INSPECTOR, almaty(2026, 3, 26), app, complete=True)
    assert await last_audit() == (
        "inspector",
        "ASTANA",
        "recordCompletenessCheck",
        "ok",
        f"LicenceApplication:{decode_pk(app['id'])}",
    )
    assert await audit_count(engine) == 3


def decode_pk(global_id: str) -> int:
    from resolvers.ids import decode_typed_id

    return decode_typed_id(global_id, "LicenceApplication")
