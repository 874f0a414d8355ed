"""After issue (licensing rules chapter 3), through the API: reissue, suspension, resumption,
revocation, termination, duplicate, service contracts and publication consent. After each
step: the register as the public reads it, the licence's history, and the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.viewer import PUBLIC, Role, Viewer
from resolvers.ids import encode_id
from storage.tables import AuditLog, ServiceContract
from tests.conftest import ADMIN, Result, StatementCounter, execute
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

MONDAY = almaty(2026, 4, 6, 10)  # the licence was issued on Friday 3 April 2026
OTHER_APPLICANT = Viewer(Role.APPLICANT, subject="180240000019")
ERRORS = "userErrors { code field message }"
LICENCE = """id number status statusLabel { kk ru } version issuedOn reissuedOn terminatedOn
  suspendedUntil licensee { name { kk ru } location { kk ru } } servicePlaceAddress { kk ru }
  history { kind kindLabel { kk ru } note at }"""
ORGANIZATION = f"""id bin name {{ kk ru }} legalAddress {{ kk ru }} region {{ code }} status
  includedOn licenceTerminatedOn removalGrounds {{ kk ru }}
  serviceContract {{ concludedOn validUntil }} licence {{ {LICENCE} }}"""
REGISTER = f"query($bin: String!) {{ organization(bin: $bin) {{ {ORGANIZATION} }} }}"
REISSUE = """id version status statusLabel { ru } reason reasonLabel { kk ru }
  requestedChanges { name { kk ru } legalAddress { kk ru } region { code }
                     servicePlaceAddress { kk ru } }
  documents registeredOn dueOn overdue decidedAt decisionReason licence { number }"""
SUBMIT_REISSUE = f"""mutation($id: ID!, $input: ReissueInput!, $key: String) {{
  submitReissueApplication(licenceId: $id, input: $input, idempotencyKey: $key) {{
    reissueApplication {{ {REISSUE} }} {ERRORS} }} }}"""
DECIDE = f"""mutation($id: ID!, $v: Int!, $approve: Boolean!, $reason: String) {{
  decideReissue(id: $id, expectedVersion: $v, approve: $approve, reason: $reason) {{
    reissueApplication {{ {REISSUE} }} {ERRORS} }} }}"""
REISSUES = f"""query($filter: ReissueApplicationFilter) {{
  reissueApplications(first: 10, filter: $filter) {{ totalCount nodes {{ {REISSUE} }} }} }}"""
CONTRACT = f"""mutation($id: ID!, $concluded: Date!, $until: Date) {{
  recordServiceContract(organizationId: $id, concludedOn: $concluded, validUntil: $until) {{
    organization {{ serviceContract {{ concludedOn validUntil }} }}
    serviceContract {{ concludedOn validUntil }} {ERRORS} }} }}"""
CONSENT = f"""mutation($id: ID!, $consent: Boolean!) {{
  setPublicationConsent(organizationId: $id, consent: $consent) {{
    organization {{ bin }} publicationConsent {ERRORS} }} }}"""
LICENCE_MUTATIONS = {
    "suspendLicence": "$reason: String!, $until: Date",
    "resumeLicence": "$reason: String",
    "revokeLicence": "$reason: String!",
    "terminateLicence": "$ground: TerminationGround!, $note: String, $terminatedOn: Date",
    "issueDuplicateLicence": "$reason: DuplicateReason!, $note: String",
}
GOOD_ARGUMENTS: dict[str, dict[str, Any]] = {
    "suspendLicence": {"reason": "Нарушение квалификационных требований", "until": "2026-05-06"},
    "resumeLicence": {"reason": "Нарушения устранены"},
    "revokeLicence": {"reason": "Решение суда от 01.04.2026"},
    "terminateLicence": {"ground": "VOLUNTARY_RETURN", "note": "Заявление от 02.04.2026"},
    "issueDuplicateLicence": {"reason": "LOST", "note": "Утерян бланк"},
}


def licence_mutation(name: str) -> str:
    params = LICENCE_MUTATIONS[name]
    arguments = ", ".join(
        f"{p.split(':')[0].strip()[1:]}: {p.split(':')[0].strip()}" for p in params.split(",")
    )
    return f"""mutation($id: ID!, $v: Int!, {params}) {{
      {name}(licenceId: $id, expectedVersion: $v, {arguments}) {{
        licence {{ {LICENCE} }} {ERRORS} }} }}"""


@dataclass(frozen=True)
class Issued:
    licence_id: str
    number: str
    organization_id: str
    bin: str


async def issue_through_the_api(engine: AsyncEngine) -> Issued:
    """The real path: submitted Wed 1 April 2026, signed Fri 3 April 2026."""
    submitted = payload(
        await execute(
            engine,
            SUBMIT,
            {"input": application_input()},
            viewer=APPLICANT,
            now=almaty(2026, 4, 1, 10),
        ),
        "submitLicenceApplication",
    )["licenceApplication"]
    steps: list[tuple[str, Viewer, datetime, dict[str, Any], str]] = [
        (
            "recordCompletenessCheck",
            INSPECTOR,
            almaty(2026, 4, 1, 15),
            {"complete": True},
            "$complete: Boolean!",
        ),
        (
            "submitInspectionConclusion",
            INSPECTOR,
            almaty(2026, 4, 2, 11),
            {"input": {"findings": [{"requirement": "Помещение", "conforms": True}]}},
            "$input: ConclusionInput!",
        ),
        ("agreeConclusion", LICENSOR, almaty(2026, 4, 2, 16), {}, ""),
        ("signLicence", LICENSOR, almaty(2026, 4, 3, 11), {}, ""),
    ]
    application = submitted
    for name, viewer, at, variables, args in steps:
        result = await run(
            engine,
            name,
            viewer,
            at,
            {"id": application["id"], "v": application["version"], **variables},
            args,
        )
        application = payload(result, name)["licenceApplication"]
        assert application is not None
    number = application["licence"]["number"]
    found = await execute(
        engine,
        "query($n: String!) { licence(number: $n) { id organization { id bin } } }",
        {"n": number},
        viewer=LICENSOR,
    )
    assert found.data is not None
    licence = found.data["licence"]
    return Issued(
        licence_id=licence["id"],
        number=number,
        organization_id=licence["organization"]["id"],
        bin=licence["organization"]["bin"],
    )


@pytest.fixture
async def issued(engine: AsyncEngine) -> Issued:
    return await issue_through_the_api(engine)


async def register(engine: AsyncEngine, bin_: str, viewer: Viewer = PUBLIC) -> dict[str, Any]:
    """The organisation's register record as `viewer` reads it (the public by default)."""
    result = await execute(engine, REGISTER, {"bin": bin_}, viewer=viewer, now=MONDAY)
    assert result.errors == [], result.errors
    assert result.data is not None
    record = result.data["organization"]
    assert isinstance(record, dict)
    return record


async def licence_version(engine: AsyncEngine, bin_: str) -> int:
    return int((await register(engine, bin_, LICENSOR))["licence"]["version"])


async def command(
    engine: AsyncEngine,
    name: str,
    licence_id: str,
    version: int,
    *,
    viewer: Viewer = LICENSOR,
    at: datetime = MONDAY,
    **arguments: Any,
) -> Result:
    variables = {"id": licence_id, "v": version, **(arguments or GOOD_ARGUMENTS[name])}
    return await execute(engine, licence_mutation(name), variables, viewer=viewer, now=at)


def ok(result: Result, name: str) -> dict[str, Any]:
    value = payload(result, name)
    assert value["userErrors"] == [], value["userErrors"]
    return value


def refused(result: Result, name: str) -> dict[str, Any]:
    value = payload(result, name)
    assert len(value["userErrors"]) >= 1
    error = value["userErrors"][0]
    assert isinstance(error, dict)
    return error


def kinds(record: dict[str, Any]) -> list[str]:
    return [e["kind"] for e in record["licence"]["history"]]


async def last_audit(engine: AsyncEngine) -> Any:
    async with engine.connect() as conn:
        return (await conn.execute(select(AuditLog).order_by(AuditLog.id.desc()))).first()  # type: ignore[union-attr]


# --- reissue --------------------------------------------------------------------------------

NEW_NAME = {"kk": "«Жаңа Мейірім» ЖШС", "ru": "ТОО «Жана Мейирим»"}
NEW_ADDRESS = {"kk": "Қарағанды қ., Бұқар жырау д-лы, 1", "ru": "г. Караганда, пр. Бухар жырау, 1"}


def name_change(**overrides: Any) -> dict[str, Any]:
    value: dict[str, Any] = {
        "reason": "NAME_CHANGE",
        "name": NEW_NAME,
        "legalAddress": NEW_ADDRESS,
        "region": "KARAGANDA",
        "documents": ["Справка о государственной перерегистрации"],
    }
    value.update(overrides)
    return value


async def submit_reissue(
    engine: AsyncEngine,
    licence_id: str,
    input_: dict[str, Any],
    *,
    viewer: Viewer = APPLICANT,
    key: str | None = None,
    at: datetime = MONDAY,
) -> dict[str, Any]:
    result = await execute(
        engine,
        SUBMIT_REISSUE,
        {"id": licence_id, "input": input_, "key": key},
        viewer=viewer,
        now=at,
    )
    return payload(result, "submitReissueApplication")


async def decide(
    engine: AsyncEngine, application: dict[str, Any], approve: bool, reason: str | None = None
) -> dict[str, Any]:
    variables = {
        "id": application["id"],
        "v": application["version"],
        "approve": approve,
        "reason": reason,
    }
    result = await execute(engine, DECIDE, variables, viewer=LICENSOR, now=almaty(2026, 4, 7, 11))
    return payload(result, "decideReissue")


async def test_an_approved_reissue_shows_in_the_register_with_the_new_name_and_date(
    engine: AsyncEngine, issued: Issued
) -> None:
    before, version = await audit_count(engine), await licence_version(engine, issued.bin)
    submitted = await submit_reissue(engine, issued.licence_id, name_change())
    application = submitted["reissueApplication"]
    assert submitted["userErrors"] == []
    assert application["status"] == "SUBMITTED"
    assert (application["registeredOn"], application["dueOn"]) == ("2026-04-06", "2026-04-08")
    assert (
        application["reasonLabel"]["ru"]
        == "изменение наименования (фамилии, имени, отчества) лицензиата"
    )
    assert application["requestedChanges"]["region"] == {"code": "KARAGANDA"}
    assert application["licence"] == {"number": issued.number}
    assert await audit_count(engine) == before + 1
    assert await licence_version(engine, issued.bin) == version  # applying changes nothing yet

    decided = await decide(engine, application, approve=True)
    assert decided["userErrors"] == []
    assert decided["reissueApplication"]["status"] == "APPROVED"
    assert decided["reissueApplication"]["decidedAt"] is not None
    assert await audit_count(engine) == before + 2

    record = await register(engine, issued.bin)
    assert record["name"] == NEW_NAME
    assert record["legalAddress"] == NEW_ADDRESS
    assert record["region"] == {"code": "KARAGANDA"}
    licence = record["licence"]
    assert licence["reissuedOn"] == "2026-04-07"
    assert licence["number"] == issued.number
    assert licence["licensee"] == {"name": NEW_NAME, "location": NEW_ADDRESS}
    assert licence["version"] == version + 1
    assert kinds(record) == ["ISSUED", "REISSUED"]
    assert licence["history"][1]["kindLabel"]["ru"] == "лицензия переоформлена"
    assert licence["history"][1]["note"] == "NAME_CHANGE"


async def test_a_reissued_name_is_what_the_register_searches_and_sorts_by(
    engine: AsyncEngine, issued: Issued
) -> None:
    application = (await submit_reissue(engine, issued.licence_id, name_change()))[
        "reissueApplication"
    ]
    await decide(engine, application, approve=True)
    search = """query($s: String!) { organizations(filter: {search: $s}) { nodes { bin } } }"""
    found = await execute(engine, search, {"s": "жана мейирим"})
    assert found.data == {"organizations": {"nodes": [{"bin": issued.bin}]}}
    old = await execute(engine, search, {"s": "ТОО «Мейірім»"})
    assert old.data == {"organizations": {"nodes": []}}


async def test_a_refused_reissue_needs_a_reason_and_changes_nothing_in_the_licence(
    engine: AsyncEngine, issued: Issued
) -> None:
    before_record = await register(engine, issued.bin, LICENSOR)
    application = (await submit_reissue(engine, issued.licence_id, name_change()))[
        "reissueApplication"
    ]
    audit = await audit_count(engine)

    no_reason = await decide(engine, application, approve=False)
    assert [(e["code"], e["field"]) for e in no_reason["userErrors"]] == [("REQUIRED", ["reason"])]
    assert await audit_count(engine) == audit + 1

    decided = await decide(engine, application, approve=False, reason="Не приложено решение")
    assert decided["userErrors"] == []
    assert decided["reissueApplication"]["status"] == "REFUSED"
    assert decided["reissueApplication"]["decisionReason"] == "Не приложено решение"
    assert await audit_count(engine) == audit + 2
    assert await register(engine, issued.bin, LICENSOR) == before_record

    again = await decide(engine, decided["reissueApplication"], approve=True)
    assert again["userErrors"][0]["code"] == "ILLEGAL_TRANSITION"
    assert "мотивированный отказ в переоформлении" in again["userErrors"][0]["message"]
    assert await register(engine, issued.bin, LICENSOR) == before_record


async def test_a_reissue_replay_returns_the_first_application_and_another_input_is_refused(
    engine: AsyncEngine, issued: Issued
) -> None:
    first = await submit_reissue(engine, issued.licence_id, name_change(), key="reissue-1")
    replay = await submit_reissue(engine, issued.licence_id, name_change(), key="reissue-1")
    assert replay["reissueApplication"]["id"] == first["reissueApplication"]["id"]
    other = await submit_reissue(
        engine, issued.licence_id, name_change(documents=["Другое"]), key="reissue-1"
    )
    assert [e["code"] for e in other["userErrors"]] == ["IDEMPOTENCY_KEY_REUSED"]
    pending = await submit_reissue(engine, issued.licence_id, name_change())
    assert [e["code"] for e in pending["userErrors"]] == ["REISSUE_ALREADY_PENDING"]
    listed = await execute(engine, REISSUES, viewer=APPLICANT, now=MONDAY)
    assert listed.data is not None
    assert listed.data["reissueApplications"]["totalCount"] == 1


async def test_a_reissue_form_must_carry_what_its_reason_changes(
    engine: AsyncEngine, issued: Issued
) -> None:
    audit = await audit_count(engine)
    result = await submit_reissue(
        engine,
        issued.licence_id,
        {"reason": "SERVICE_PLACE_CHANGE", "name": NEW_NAME, "documents": []},
    )
    problems = {(tuple(e["field"]), e["code"]) for e in result["userErrors"]}
    assert problems == {
        (("input", "servicePlaceAddress"), "REQUIRED"),
        (("input", "name"), "CHANGE_NOT_FOR_REASON"),
    }
    assert result["reissueApplication"] is None
    assert await audit_count(engine) == audit + 1


@pytest.mark.parametrize(
    ("viewer", "code"),
    [
        pytest.param(OTHER_APPLICANT, "NOT_FOUND", id="another-applicant"),
        pytest.param(LICENSOR, "FORBIDDEN", id="the-licensor"),
        pytest.param(INSPECTOR, "FORBIDDEN", id="an-inspector"),
    ],
)
async def test_only_the_licensee_applies_for_a_reissue(
    engine: AsyncEngine, issued: Issued, viewer: Viewer, code: str
) -> None:
    result = await submit_reissue(engine, issued.licence_id, name_change(), viewer=viewer)
    assert [e["code"] for e in result["userErrors"]] == [code]
    listed = await execute(engine, REISSUES, viewer=LICENSOR, now=MONDAY)
    assert listed.data == {"reissueApplications": {"totalCount": 0, "nodes": []}}


async def test_reissue_applications_are_seen_by_their_applicant_and_officers_only(
    engine: AsyncEngine, issued: Issued
) -> None:
    application = (await submit_reissue(engine, issued.licence_id, name_change()))[
        "reissueApplication"
    ]
    friday = almaty(2026, 4, 10, 10)
    overdue = {"filter": {"overdue": True}}
    for viewer, count in [(APPLICANT, 1), (LICENSOR, 1), (ADMIN, 1), (OTHER_APPLICANT, 0)]:
        listed = await execute(engine, REISSUES, overdue, viewer=viewer, now=friday)
        assert listed.data is not None
        assert listed.data["reissueApplications"]["totalCount"] == count, viewer
    for viewer in (INSPECTOR, OTHER_APPLICANT):
        one = await execute(
            engine,
            "query($id: ID!) { reissueApplication(id: $id) { id } }",
            {"id": application["id"]},
            viewer=viewer,
        )
        assert one.data == {"reissueApplication": None}
    on_time = await execute(engine, REISSUES, overdue, viewer=LICENSOR, now=MONDAY)
    assert on_time.data is not None
    assert on_time.data["reissueApplications"]["totalCount"] == 0
    late = await execute(engine, REISSUES, viewer=LICENSOR, now=friday)
    assert late.data is not None
    assert late.data["reissueApplications"]["nodes"][0]["overdue"] is True


# --- suspension, resumption, revocation, termination, duplicate -----------------------------


async def test_a_suspended_licence_shows_suspended_until_it_is_resumed(
    engine: AsyncEngine, issued: Issued
) -> None:
    version, audit = await licence_version(engine, issued.bin), await audit_count(engine)
    past = await command(
        engine, "suspendLicence", issued.licence_id, version, reason="Нарушение", until="2026-04-05"
    )
    error = refused(past, "suspendLicence")
    assert (error["code"], error["field"]) == ("DATE_TOO_EARLY", ["until"])
    assert await audit_count(engine) == audit + 1
    assert (await register(engine, issued.bin))["licence"]["status"] == "ACTIVE"

    suspended = ok(
        await command(engine, "suspendLicence", issued.licence_id, version), "suspendLicence"
    )
    assert suspended["licence"]["status"] == "SUSPENDED"
    record = await register(engine, issued.bin)
    assert record["licence"]["status"] == "SUSPENDED"
    assert record["licence"]["statusLabel"]["ru"] == "приостановлена"
    assert record["licence"]["suspendedUntil"] == "2026-05-06"
    assert record["status"] == "ACTIVE"  # a suspension does not remove the record
    assert record["licence"]["history"][-1]["note"] == "Нарушение квалификационных требований"

    resumed = ok(
        await command(engine, "resumeLicence", issued.licence_id, version + 1), "resumeLicence"
    )
    assert resumed["licence"]["status"] == "ACTIVE"
    record = await register(engine, issued.bin)
    assert record["licence"]["status"] == "ACTIVE"
    assert record["licence"]["suspendedUntil"] is None
    assert kinds(record) == ["ISSUED", "SUSPENDED", "RESUMED"]
    assert record["licence"]["version"] == version + 2
    assert await audit_count(engine) == audit + 3


async def test_a_revoked_licence_shows_revoked_in_the_register(
    engine: AsyncEngine, issued: Issued
) -> None:
    version = await licence_version(engine, issued.bin)
    ok(await command(engine, "revokeLicence", issued.licence_id, version), "revokeLicence")
    record = await register(engine, issued.bin)
    assert record["licence"]["status"] == "REVOKED"
    assert record["licence"]["statusLabel"] == {"kk": "айырылған", "ru": "лишение лицензии"}
    assert kinds(record) == ["ISSUED", "REVOKED"]
    assert record["licence"]["history"][-1]["kindLabel"]["kk"] == "лицензиядан айырылды"


async def test_a_terminated_licence_leaves_the_record_removed_with_date_and_grounds(
    engine: AsyncEngine, issued: Issued
) -> None:
    version = await licence_version(engine, issued.bin)
    future = await command(
        engine,
        "terminateLicence",
        issued.licence_id,
        version,
        ground="LIQUIDATION",
        terminatedOn="2026-04-07",
    )
    assert refused(future, "terminateLicence")["code"] == "DATE_IN_FUTURE"
    before_issue = await command(
        engine,
        "terminateLicence",
        issued.licence_id,
        version,
        ground="LIQUIDATION",
        terminatedOn="2026-04-02",
    )
    assert refused(before_issue, "terminateLicence")["code"] == "DATE_TOO_EARLY"

    done = ok(
        await command(
            engine,
            "terminateLicence",
            issued.licence_id,
            version,
            ground="LIQUIDATION",
            note="Решение участников",
            terminatedOn="2026-04-04",
        ),
        "terminateLicence",
    )
    assert done["licence"]["terminatedOn"] == "2026-04-04"
    record = await register(engine, issued.bin)
    assert record["status"] == "REMOVED"
    assert record["licenceTerminatedOn"] == "2026-04-04"
    assert record["removalGrounds"] == {
        "kk": "лицензиат-заңды тұлғаның таратылуы, лицензиат-жеке тұлғаның қызметін "
        "тоқтатуы: Решение участников",
        "ru": "ликвидация юридического лица-лицензиата, прекращение деятельности "
        "физического лица-лицензиата: Решение участников",
    }
    assert record["licence"]["status"] == "TERMINATED"
    assert kinds(record) == ["ISSUED", "TERMINATED"]

    listing = """query($status: RegisterStatusFilter) {
      organizations(filter: {status: $status}) { totalCount nodes { bin status } } }"""
    for status, listed in [("ACTIVE", False), ("ALL", True), ("REMOVED", True)]:
        result = await execute(engine, listing, {"status": status}, now=MONDAY)
        assert result.data is not None
        bins = [n["bin"] for n in result.data["organizations"]["nodes"]]
        assert (issued.bin in bins) is listed, status


async def test_a_duplicate_is_recorded_in_the_history_only(
    engine: AsyncEngine, issued: Issued
) -> None:
    before = await register(engine, issued.bin)
    ok(
        await command(
            engine, "issueDuplicateLicence", issued.licence_id, before["licence"]["version"]
        ),
        "issueDuplicateLicence",
    )
    after = await register(engine, issued.bin)
    assert kinds(after) == ["ISSUED", "DUPLICATE_ISSUED"]
    assert after["licence"]["history"][-1]["note"] == "LOST: Утерян бланк"
    assert after["licence"]["history"][-1]["kindLabel"]["ru"] == "выдан дубликат лицензии"
    unchanged = {k: v for k, v in after["licence"].items() if k not in ("history", "version")}
    assert unchanged == {
        k: v for k, v in before["licence"].items() if k not in ("history", "version")
    }


# --- the (status × command) matrix, roles and versions ---------------------------------------

ALLOWED = {
    "ACTIVE": {"suspendLicence", "revokeLicence", "terminateLicence", "issueDuplicateLicence"},
    "SUSPENDED": {"resumeLicence", "revokeLicence", "terminateLicence", "issueDuplicateLicence"},
    "REVOKED": {"terminateLicence", "issueDuplicateLicence"},
    "TERMINATED": set(),
}
LABEL = {
    "ACTIVE": "действует",
    "SUSPENDED": "приостановлена",
    "REVOKED": "лишение лицензии",
    "TERMINATED": "прекращена",
}
REACH = {
    "ACTIVE": [],
    "SUSPENDED": ["suspendLicence"],
    "REVOKED": ["revokeLicence"],
    "TERMINATED": ["terminateLicence"],
}


async def factory_licence(engine: AsyncEngine, status: str) -> tuple[str, str]:
    """A register record with an active licence, taken to `status` through the API."""
    bin_ = make_bin()
    await add_organization(engine, bin=bin_)
    record = await register(engine, bin_, LICENSOR)
    licence_id, version = record["licence"]["id"], record["licence"]["version"]
    for name in REACH[status]:
        ok(await command(engine, name, licence_id, version), name)
        version += 1
    return bin_, licence_id


ILLEGAL = [
    pytest.param(status, name, id=f"{status}-{name}")
    for status, allowed in ALLOWED.items()
    for name in LICENCE_MUTATIONS
    if name not in allowed
]


@pytest.mark.parametrize(("status", "name"), ILLEGAL)
async def test_every_illegal_licence_transition_is_refused_naming_the_state(
    engine: AsyncEngine, status: str, name: str
) -> None:
    bin_, licence_id = await factory_licence(engine, status)
    before, audit = await register(engine, bin_, LICENSOR), await audit_count(engine)
    error = refused(await command(engine, name, licence_id, before["licence"]["version"]), name)
    assert error["code"] == "ILLEGAL_TRANSITION"
    assert f"«{LABEL[status]}»" in error["message"]
    for allowed in ALLOWED[status]:
        assert allowed in error["message"]
    assert await register(engine, bin_, LICENSOR) == before
    assert await audit_count(engine) == audit + 1
    row = await last_audit(engine)
    assert (row.operation, row.outcome) == (name, "refused:ILLEGAL_TRANSITION")


@pytest.mark.parametrize("status", ["REVOKED", "TERMINATED"])
async def test_a_licence_no_longer_in_force_cannot_be_reissued(
    engine: AsyncEngine, status: str
) -> None:
    bin_, licence_id = await factory_licence(engine, status)
    owner = Viewer(Role.APPLICANT, subject=bin_)
    result = await submit_reissue(engine, licence_id, name_change(), viewer=owner)
    assert [e["code"] for e in result["userErrors"]] == ["ILLEGAL_TRANSITION"]


@pytest.mark.parametrize("name", list(LICENCE_MUTATIONS))
async def test_a_stale_expected_version_is_a_conflict_that_changes_nothing(
    engine: AsyncEngine, name: str
) -> None:
    status = "SUSPENDED" if name == "resumeLicence" else "ACTIVE"
    bin_, licence_id = await factory_licence(engine, status)
    before, audit = await register(engine, bin_, LICENSOR), await audit_count(engine)
    stale = before["licence"]["version"] - 1 if status == "SUSPENDED" else 0
    error = refused(await command(engine, name, licence_id, stale), name)
    assert (error["code"], error["field"]) == ("VERSION_CONFLICT", ["expectedVersion"])
    assert str(before["licence"]["version"]) in error["message"]
    assert await register(engine, bin_, LICENSOR) == before
    assert await audit_count(engine) == audit + 1


@pytest.mark.parametrize("name", list(LICENCE_MUTATIONS))
@pytest.mark.parametrize(
    ("viewer", "code"),
    [
        pytest.param(INSPECTOR, "FORBIDDEN", id="inspector"),
        pytest.param(Viewer(Role.REGISTRAR), "FORBIDDEN", id="registrar"),
        pytest.param(OTHER_APPLICANT, "NOT_FOUND", id="another-applicant"),
        pytest.param(APPLICANT, "FORBIDDEN", id="the-licensee"),
    ],
)
async def test_only_the_licensor_gives_licence_commands(
    engine: AsyncEngine, issued: Issued, name: str, viewer: Viewer, code: str
) -> None:
    before, audit = await register(engine, issued.bin, LICENSOR), await audit_count(engine)
    if name == "resumeLicence":
        ok(
            await command(
                engine, "suspendLicence", issued.licence_id, before["licence"]["version"]
            ),
            "suspendLicence",
        )
        before, audit = await register(engine, issued.bin, LICENSOR), await audit_count(engine)
    result = await command(
        engine, name, issued.licence_id, before["licence"]["version"], viewer=viewer
    )
    assert refused(result, name)["code"] == code
    assert await register(engine, issued.bin, LICENSOR) == before
    assert await audit_count(engine) == audit + 1


async def test_the_admin_may_give_licence_commands(engine: AsyncEngine, issued: Issued) -> None:
    version = await licence_version(engine, issued.bin)
    ok(
        await command(engine, "revokeLicence", issued.licence_id, version, viewer=ADMIN),
        "revokeLicence",
    )
    assert (await register(engine, issued.bin))["licence"]["status"] == "REVOKED"


async def test_a_licence_id_of_another_type_is_an_invalid_id(
    engine: AsyncEngine, issued: Issued
) -> None:
    result = await command(engine, "revokeLicence", issued.organization_id, 1)
    error = refused(result, "revokeLicence")
    assert (error["code"], error["field"]) == ("INVALID_ID", ["licenceId"])


# --- service contract -----------------------------------------------------------------------


async def contract_rows(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        value = await conn.scalar(select(func.count()).select_from(ServiceContract))
    assert isinstance(value, int)
    return value


async def test_the_register_shows_the_latest_service_contract_and_keeps_the_earlier(
    engine: AsyncEngine, issued: Issued
) -> None:
    audit = await audit_count(engine)
    variables = {"id": issued.organization_id, "concluded": "2026-01-10", "until": "2026-12-31"}
    first = payload(
        await execute(engine, CONTRACT, variables, viewer=LICENSOR, now=MONDAY),
        "recordServiceContract",
    )
    assert first["userErrors"] == []
    assert first["serviceContract"] == {"concludedOn": "2026-01-10", "validUntil": "2026-12-31"}
    second = payload(
        await execute(
            engine,
            CONTRACT,
            {"id": issued.organization_id, "concluded": "2026-04-06", "until": None},
            viewer=ADMIN,
            now=MONDAY,
        ),
        "recordServiceContract",
    )
    assert second["organization"]["serviceContract"] == {
        "concludedOn": "2026-04-06",
        "validUntil": None,
    }
    record = await register(engine, issued.bin)
    assert record["serviceContract"] == {"concludedOn": "2026-04-06", "validUntil": None}
    assert kinds(record) == ["ISSUED", "SERVICE_CONTRACT_RECORDED", "SERVICE_CONTRACT_RECORDED"]
    assert [e["note"] for e in record["licence"]["history"][1:]] == [
        "2026-01-10 – 2026-12-31",
        "2026-04-06",
    ]
    assert await contract_rows(engine) == 2
    assert await audit_count(engine) == audit + 2


@pytest.mark.parametrize(
    ("concluded", "until", "code", "field"),
    [
        pytest.param("2026-04-07", None, "DATE_IN_FUTURE", ["concludedOn"], id="in-the-future"),
        pytest.param(
            "2026-03-01", "2026-02-28", "INVALID_DATE_RANGE", ["validUntil"], id="ends-first"
        ),
    ],
)
async def test_a_service_contract_with_bad_dates_is_refused(
    engine: AsyncEngine,
    issued: Issued,
    concluded: str,
    until: str | None,
    code: str,
    field: list[str],
) -> None:
    before, audit = await register(engine, issued.bin, LICENSOR), await audit_count(engine)
    variables = {"id": issued.organization_id, "concluded": concluded, "until": until}
    result = payload(
        await execute(engine, CONTRACT, variables, viewer=LICENSOR, now=MONDAY),
        "recordServiceContract",
    )
    assert [(e["code"], e["field"]) for e in result["userErrors"]] == [(code, field)]
    assert await register(engine, issued.bin, LICENSOR) == before
    assert await contract_rows(engine) == 0
    assert await audit_count(engine) == audit + 1


@pytest.mark.parametrize(
    ("viewer", "code"),
    [
        pytest.param(APPLICANT, "FORBIDDEN", id="the-provider"),
        pytest.param(OTHER_APPLICANT, "NOT_FOUND", id="another-applicant"),
        pytest.param(INSPECTOR, "FORBIDDEN", id="an-inspector"),
    ],
)
async def test_only_the_licensor_or_the_admin_records_a_service_contract(
    engine: AsyncEngine, issued: Issued, viewer: Viewer, code: str
) -> None:
    variables = {"id": issued.organization_id, "concluded": "2026-01-10", "until": None}
    result = payload(
        await execute(engine, CONTRACT, variables, viewer=viewer, now=MONDAY),
        "recordServiceContract",
    )
    assert [e["code"] for e in result["userErrors"]] == [code]
    assert await contract_rows(engine) == 0


# --- publication consent --------------------------------------------------------------------


async def set_consent(
    engine: AsyncEngine, organization_id: str, consent: bool, viewer: Viewer
) -> dict[str, Any]:
    result = await execute(
        engine, CONSENT, {"id": organization_id, "consent": consent}, viewer=viewer, now=MONDAY
    )
    return payload(result, "setPublicationConsent")


async def test_consent_withdrawn_by_the_owner_hides_the_record_from_the_public_only(
    engine: AsyncEngine, issued: Issued
) -> None:
    before, audit = await register(engine, issued.bin, LICENSOR), await audit_count(engine)
    withdrawn = await set_consent(engine, issued.organization_id, False, APPLICANT)
    assert withdrawn == {
        "organization": {"bin": issued.bin},
        "publicationConsent": False,
        "userErrors": [],
    }
    assert await audit_count(engine) == audit + 1

    public = await execute(
        engine,
        """query($bin: String!, $n: String!) { organization(bin: $bin) { bin }
             licence(number: $n) { number } organizations { totalCount } }""",
        {"bin": issued.bin, "n": issued.number},
        now=MONDAY,
    )
    assert public.data == {
        "organization": None,
        "licence": None,
        "organizations": {"totalCount": 0},
    }
    assert (await register(engine, issued.bin, APPLICANT))["bin"] == issued.bin
    # No trace in the public licence history: no event, no new version.
    assert await register(engine, issued.bin, LICENSOR) == before

    given = await set_consent(engine, issued.organization_id, True, LICENSOR)
    assert given["userErrors"] == []
    assert (await register(engine, issued.bin))["bin"] == issued.bin
    assert await register(engine, issued.bin, LICENSOR) == before


async def test_another_applicant_cannot_change_the_consent_nor_learn_the_record_exists(
    engine: AsyncEngine, issued: Issued
) -> None:
    """NOT_FOUND, not FORBIDDEN: an applicant reaches its own records only, and FORBIDDEN for
    a record that exists would tell it apart from an id that does not, hidden or not."""
    hidden = await add_organization(engine, consent=False)
    missing = encode_id("Organization", 12345)
    audit = await audit_count(engine)
    for target in (issued.organization_id, encode_id("Organization", hidden), missing):
        result = await set_consent(engine, target, False, OTHER_APPLICANT)
        assert [(e["code"], e["field"]) for e in result["userErrors"]] == [
            ("NOT_FOUND", ["organizationId"])
        ]
    assert await audit_count(engine) == audit + 3
    assert (await register(engine, issued.bin))["bin"] == issued.bin  # still public


async def test_an_inspector_may_not_change_the_consent(engine: AsyncEngine, issued: Issued) -> None:
    result = await set_consent(engine, issued.organization_id, False, INSPECTOR)
    assert [e["code"] for e in result["userErrors"]] == ["FORBIDDEN"]
    assert (await register(engine, issued.bin))["bin"] == issued.bin


# --- cost -----------------------------------------------------------------------------------

PAGE = """query($first: Int) { organizations(first: $first) { nodes {
  bin licence { number version history { kind kindLabel { text } note at } }
  licences { number history { kind } } } } }"""


async def statements_for(
    engine: AsyncEngine, counter: StatementCounter, first: int, viewer: Viewer
) -> int:
    counter.statements.clear()
    result = await execute(engine, PAGE, {"first": first}, viewer=viewer, now=MONDAY)
    assert result.errors == []
    assert result.data is not None
    nodes = result.data["organizations"]["nodes"]
    assert len(nodes) == first
    return counter.count


async def test_a_page_of_organisations_with_licence_histories_is_a_constant_cost(
    engine: AsyncEngine, sql_counter: StatementCounter
) -> None:
    for n in range(30):
        bin_ = make_bin()
        await add_organization(engine, bin=bin_, name_ru=f"Организация {n:03d}", licences=2)
        record = await register(engine, bin_, LICENSOR)
        await command(engine, "issueDuplicateLicence", record["licence"]["id"], 1)
    for viewer in (LICENSOR, PUBLIC):
        small = await statements_for(engine, sql_counter, 5, viewer)
        large = await statements_for(engine, sql_counter, 30, viewer)
        assert small == large, sql_counter.statements
        # the page, all licences, and all their histories: the page preloads the histories of
        # every licence at once, the current licence's among them (schema.register)
        assert large == 3, sql_counter.statements
    result = await execute(engine, PAGE, {"first": 1}, now=MONDAY)
    assert result.data is not None
    assert [e["kind"] for e in result.data["organizations"]["nodes"][0]["licence"]["history"]] == [
        "DUPLICATE_ISSUED"
    ]
