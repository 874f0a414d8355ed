"""domain.licence_events: the licence's (status × command) matrix, the reissue application's
table, the guards and the reissue form, without a database."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.calendar import Term, WorkingCalendar
from domain.errors import DomainError, ErrorCode
from domain.labels import Label, Lang, label_of
from domain.licence_events import (
    LICENCE_TRANSITIONS,
    REISSUE_CHANGES,
    ApplyForReissue,
    ApproveReissue,
    DuplicateReason,
    IssueDuplicate,
    LicenceCommand,
    LicenceEventKind,
    LicenceState,
    RefuseReissue,
    Reissue,
    ReissueCommand,
    ReissueReason,
    ReissueRequest,
    ReissueStatus,
    Resume,
    Revoke,
    Suspend,
    Terminate,
    TerminationGround,
    allowed_licence_commands,
    check_reissue_request,
    check_service_contract,
    decide_licence,
    decide_reissue,
    may_set_consent,
    open_reissue,
)
from domain.regions import Region
from domain.register import LicenceStatus
from domain.validation import Invalid
from domain.viewer import Role, Viewer

CAL = WorkingCalendar.kazakhstan()
NOW = datetime(2026, 4, 6, 5, 0, tzinfo=UTC)  # Monday 6 April 2026, 10:00 in Almaty
TODAY = date(2026, 4, 6)
BIN = "940140000385"
LICENSOR = Viewer(Role.LICENSOR)
ADMIN = Viewer(Role.ADMIN)
OWNER = Viewer(Role.APPLICANT, subject=BIN)
NAME = Label(kk="«Жаңа» ЖШС", ru="ТОО «Жана»")
ADDRESS = Label(kk="Астана қ., Абай д-лы, 12", ru="г. Астана, пр. Абая, 12")

COMMANDS: list[LicenceCommand] = [
    ApplyForReissue(),
    Reissue(ReissueRequest(ReissueReason.NAME_CHANGE, name=NAME)),
    Suspend("Нарушение требований", until=date(2026, 5, 6)),
    Resume("Нарушения устранены"),
    Revoke("Решение суда"),
    Terminate(TerminationGround.VOLUNTARY_RETURN, "Заявление лицензиата"),
    IssueDuplicate(DuplicateReason.LOST),
]
EXPECTED_SOURCES = {
    ApplyForReissue: {LicenceStatus.ACTIVE, LicenceStatus.SUSPENDED},
    Reissue: {LicenceStatus.ACTIVE, LicenceStatus.SUSPENDED},
    Suspend: {LicenceStatus.ACTIVE},
    Resume: {LicenceStatus.SUSPENDED},
    Revoke: {LicenceStatus.ACTIVE, LicenceStatus.SUSPENDED},
    Terminate: {LicenceStatus.ACTIVE, LicenceStatus.SUSPENDED, LicenceStatus.REVOKED},
    IssueDuplicate: {LicenceStatus.ACTIVE, LicenceStatus.SUSPENDED, LicenceStatus.REVOKED},
}


def state(status: LicenceStatus, issued_on: date = date(2025, 2, 3)) -> LicenceState:
    return LicenceState(status=status, licensee=BIN, issued_on=issued_on)


def actor_for(command: LicenceCommand) -> Viewer:
    return OWNER if isinstance(command, ApplyForReissue) else LICENSOR


def decide(status: LicenceStatus, command: LicenceCommand, actor: Viewer | None = None) -> object:
    return decide_licence(state(status), command, actor or actor_for(command), NOW, CAL)


def test_the_table_allows_each_command_in_the_states_the_law_gives() -> None:
    assert {t.command: set(t.sources) for t in LICENCE_TRANSITIONS} == EXPECTED_SOURCES


@pytest.mark.parametrize("status", list(LicenceStatus), ids=str)
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: type(c).__name__)
def test_every_status_and_command_pair_is_decided_exactly_as_the_table_says(
    status: LicenceStatus, command: LicenceCommand
) -> None:
    if status in EXPECTED_SOURCES[type(command)]:
        decide(status, command)
        return
    with pytest.raises(DomainError) as refused:
        decide(status, command)
    assert refused.value.code is ErrorCode.ILLEGAL_TRANSITION
    assert refused.value.params["state"] is status
    message = refused.value.message(Lang.RU)
    assert label_of(status).ru in message
    for name in allowed_licence_commands(status):
        assert name in message


@pytest.mark.parametrize(
    ("command", "status", "kind"),
    [
        pytest.param(COMMANDS[1], LicenceStatus.SUSPENDED, LicenceEventKind.REISSUED, id="reissue"),
        pytest.param(
            COMMANDS[2], LicenceStatus.SUSPENDED, LicenceEventKind.SUSPENDED, id="suspend"
        ),
        pytest.param(COMMANDS[3], LicenceStatus.ACTIVE, LicenceEventKind.RESUMED, id="resume"),
        pytest.param(COMMANDS[4], LicenceStatus.REVOKED, LicenceEventKind.REVOKED, id="revoke"),
        pytest.param(
            COMMANDS[5], LicenceStatus.TERMINATED, LicenceEventKind.TERMINATED, id="terminate"
        ),
        pytest.param(
            COMMANDS[6], LicenceStatus.ACTIVE, LicenceEventKind.DUPLICATE_ISSUED, id="duplicate"
        ),
    ],
)
def test_each_command_from_active_or_suspended_leads_where_the_diagram_says(
    command: LicenceCommand, status: LicenceStatus, kind: LicenceEventKind
) -> None:
    source = LicenceStatus.SUSPENDED if isinstance(command, Resume) else LicenceStatus.ACTIVE
    if isinstance(command, Reissue):
        source = LicenceStatus.SUSPENDED  # a suspended licence is reissued and stays suspended
    decision = decide_licence(state(source), command, LICENSOR, NOW, CAL)
    assert decision.status is status
    assert decision.kind is kind


def test_applying_for_a_reissue_writes_no_licence_event() -> None:
    decision = decide(LicenceStatus.ACTIVE, COMMANDS[0])
    assert decision.kind is None  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", COMMANDS[1:], ids=lambda c: type(c).__name__)
@pytest.mark.parametrize(
    "actor",
    [
        Viewer(Role.INSPECTOR, subject="*"),
        Viewer(Role.REGISTRAR),
        OWNER,
        Viewer(Role.PUBLIC),
    ],
    ids=lambda v: v.role.value,
)
def test_only_the_licensor_and_the_admin_give_the_licence_commands(
    command: LicenceCommand, actor: Viewer
) -> None:
    status = LicenceStatus.SUSPENDED if isinstance(command, Resume) else LicenceStatus.ACTIVE
    with pytest.raises(DomainError) as refused:
        decide(status, command, actor)
    assert refused.value.code is ErrorCode.FORBIDDEN
    decide(status, command, ADMIN)


def test_only_the_licensee_applies_for_a_reissue_of_its_licence() -> None:
    other = Viewer(Role.APPLICANT, subject="180240000019")
    for actor in (other, LICENSOR):
        with pytest.raises(DomainError) as refused:
            decide(LicenceStatus.ACTIVE, COMMANDS[0], actor)
        assert refused.value.code is ErrorCode.FORBIDDEN
    decide(LicenceStatus.ACTIVE, COMMANDS[0], ADMIN)


def test_a_suspension_needs_a_reason_and_an_end_date_not_in_the_past() -> None:
    with pytest.raises(DomainError) as no_reason:
        decide(LicenceStatus.ACTIVE, Suspend("  "))
    assert no_reason.value.code is ErrorCode.REQUIRED
    with pytest.raises(DomainError) as past:
        decide(LicenceStatus.ACTIVE, Suspend("Нарушение", until=date(2026, 4, 5)))
    assert (past.value.code, past.value.field) == (ErrorCode.DATE_TOO_EARLY, ["until"])
    assert "2026-04-06" in past.value.message(Lang.KK)
    today = decide_licence(
        state(LicenceStatus.ACTIVE), Suspend("Нарушение", TODAY), LICENSOR, NOW, CAL
    )
    assert today.licence == {"suspended_until": TODAY}


def test_a_revocation_needs_a_reason_and_ends_any_suspension_date() -> None:
    with pytest.raises(DomainError) as no_reason:
        decide(LicenceStatus.ACTIVE, Revoke(""))
    assert no_reason.value.code is ErrorCode.REQUIRED
    decision = decide_licence(state(LicenceStatus.SUSPENDED), Revoke("Суд"), LICENSOR, NOW, CAL)
    assert decision.licence == {"suspended_until": None}


def test_a_termination_defaults_to_today_and_fills_the_register_columns_in_both_languages() -> None:
    command = Terminate(TerminationGround.LIQUIDATION, "Решение участников")
    decision = decide_licence(state(LicenceStatus.ACTIVE), command, LICENSOR, NOW, CAL)
    ground = label_of(TerminationGround.LIQUIDATION)
    assert decision.licence["terminated_on"] == TODAY
    assert decision.register == {
        "removed_on": TODAY,
        "removal_grounds_kk": f"{ground.kk}: Решение участников",
        "removal_grounds_ru": f"{ground.ru}: Решение участников",
    }
    assert decision.note == "LIQUIDATION: Решение участников"


def test_a_termination_without_a_note_shows_the_ground_alone() -> None:
    command = Terminate(TerminationGround.DEPRIVATION, terminated_on=date(2026, 3, 2))
    decision = decide_licence(state(LicenceStatus.REVOKED), command, LICENSOR, NOW, CAL)
    assert decision.register["removal_grounds_ru"] == "лишение лицензии"
    assert decision.register["removed_on"] == date(2026, 3, 2)


@pytest.mark.parametrize(
    ("day", "code"),
    [
        pytest.param(date(2026, 4, 7), ErrorCode.DATE_IN_FUTURE, id="tomorrow"),
        pytest.param(date(2025, 2, 2), ErrorCode.DATE_TOO_EARLY, id="before-issue"),
    ],
)
def test_a_termination_date_lies_between_the_issue_and_today(day: date, code: ErrorCode) -> None:
    with pytest.raises(DomainError) as refused:
        decide(LicenceStatus.ACTIVE, Terminate(TerminationGround.OTHER_BY_LAW, terminated_on=day))
    assert (refused.value.code, refused.value.field) == (code, ["terminatedOn"])


def test_a_termination_note_is_capped_so_the_grounds_fit_the_register() -> None:
    with pytest.raises(DomainError) as refused:
        decide(LicenceStatus.ACTIVE, Terminate(TerminationGround.OTHER_BY_LAW, "x" * 501))
    assert refused.value.code is ErrorCode.TEXT_TOO_LONG


def test_a_duplicate_changes_nothing_but_the_history() -> None:
    decision = decide_licence(
        state(LicenceStatus.REVOKED),
        IssueDuplicate(DuplicateReason.DAMAGED, "Залит водой"),
        LICENSOR,
        NOW,
        CAL,
    )
    assert decision.status is LicenceStatus.REVOKED
    assert (decision.licence, decision.register) == ({}, {})
    assert decision.note == "DAMAGED: Залит водой"


def test_a_reissue_updates_the_licence_texts_the_register_and_the_reissue_date() -> None:
    request = ReissueRequest(
        ReissueReason.LEGAL_ADDRESS_CHANGE, legal_address=ADDRESS, region=Region.KARAGANDA
    )
    decision = decide_licence(state(LicenceStatus.ACTIVE), Reissue(request), LICENSOR, NOW, CAL)
    assert decision.licence == {
        "reissued_on": TODAY,
        "licensee_location_kk": ADDRESS.kk,
        "licensee_location_ru": ADDRESS.ru,
    }
    assert decision.register == {
        "legal_address_kk": ADDRESS.kk,
        "legal_address_ru": ADDRESS.ru,
        "region": "KARAGANDA",
    }


def test_a_service_place_reissue_changes_the_licence_but_not_the_register_record() -> None:
    request = ReissueRequest(ReissueReason.SERVICE_PLACE_CHANGE, service_place_address=ADDRESS)
    decision = decide_licence(state(LicenceStatus.ACTIVE), Reissue(request), LICENSOR, NOW, CAL)
    assert decision.licence["service_place_address_ru"] == ADDRESS.ru
    assert decision.register == {}


# --- the reissue application ----------------------------------------------------------------


def test_a_reissue_application_registered_after_hours_is_due_two_working_days_later() -> None:
    friday_evening = datetime(2026, 4, 10, 14, 0, tzinfo=UTC)  # 19:00 in Almaty
    registered, due = open_reissue(friday_evening, CAL)
    assert registered == date(2026, 4, 13)
    assert due == date(2026, 4, 15) == CAL.due_date(registered, Term.WHOLE_REISSUE)


REISSUE_COMMANDS: list[ReissueCommand] = [ApproveReissue(), RefuseReissue("Документы неполные")]


@pytest.mark.parametrize("status", list(ReissueStatus), ids=str)
@pytest.mark.parametrize("command", REISSUE_COMMANDS, ids=lambda c: type(c).__name__)
def test_a_reissue_application_is_decided_once_from_submitted(
    status: ReissueStatus, command: ReissueCommand
) -> None:
    if status is ReissueStatus.SUBMITTED:
        target, _ = decide_reissue(status, BIN, command, LICENSOR)
        expected = (
            ReissueStatus.APPROVED if isinstance(command, ApproveReissue) else ReissueStatus.REFUSED
        )
        assert target is expected
        return
    with pytest.raises(DomainError) as refused:
        decide_reissue(status, BIN, command, LICENSOR)
    assert refused.value.code is ErrorCode.ILLEGAL_TRANSITION
    assert label_of(status).kk in refused.value.message(Lang.KK)


def test_a_refusal_of_a_reissue_needs_a_reason() -> None:
    with pytest.raises(DomainError) as refused:
        decide_reissue(ReissueStatus.SUBMITTED, BIN, RefuseReissue(" "), LICENSOR)
    assert refused.value.code is ErrorCode.REQUIRED


def test_the_applicant_does_not_decide_its_own_reissue() -> None:
    with pytest.raises(DomainError) as refused:
        decide_reissue(ReissueStatus.SUBMITTED, BIN, ApproveReissue(), OWNER)
    assert refused.value.code is ErrorCode.FORBIDDEN


def test_every_reason_needs_changes_it_may_carry() -> None:
    assert set(REISSUE_CHANGES) == set(ReissueReason)
    for needed, allowed in REISSUE_CHANGES.values():
        assert needed
        assert needed <= allowed


def fields(error: BaseException) -> dict[str, ErrorCode]:
    assert isinstance(error, Invalid)
    return {".".join(p.field or []): p.code for p in error.problems}


@pytest.mark.parametrize(
    ("request_", "problems"),
    [
        pytest.param(
            ReissueRequest(ReissueReason.NAME_CHANGE),
            {"input.name": ErrorCode.REQUIRED},
            id="name-change-without-a-name",
        ),
        pytest.param(
            ReissueRequest(ReissueReason.REORGANISATION_MERGER, legal_address=ADDRESS),
            {"input.name": ErrorCode.REQUIRED},
            id="merger-without-the-successors-name",
        ),
        pytest.param(
            ReissueRequest(ReissueReason.SERVICE_PLACE_CHANGE, name=NAME),
            {
                "input.servicePlaceAddress": ErrorCode.REQUIRED,
                "input.name": ErrorCode.CHANGE_NOT_FOR_REASON,
            },
            id="a-change-the-reason-does-not-cover",
        ),
        pytest.param(
            ReissueRequest(ReissueReason.NAME_CHANGE, name=NAME, region=Region.ABAI),
            {"input.legalAddress": ErrorCode.REQUIRED},
            id="a-region-without-an-address",
        ),
        pytest.param(
            ReissueRequest(ReissueReason.NAME_CHANGE, name=Label(kk="", ru="x" * 501)),
            {"input.name.kk": ErrorCode.REQUIRED, "input.name.ru": ErrorCode.TEXT_TOO_LONG},
            id="texts-present-and-capped",
        ),
        pytest.param(
            ReissueRequest(
                ReissueReason.NAME_CHANGE, name=NAME, documents=tuple(f"doc {i}" for i in range(51))
            ),
            {"input.documents": ErrorCode.TOO_MANY_VALUES},
            id="too-many-documents",
        ),
    ],
)
def test_a_reissue_form_lists_every_problem(
    request_: ReissueRequest, problems: dict[str, ErrorCode]
) -> None:
    with pytest.raises(Invalid) as refused:
        check_reissue_request(request_)
    assert fields(refused.value) == problems


def test_a_name_change_may_bring_the_new_address_and_region_and_is_cleaned() -> None:
    request = ReissueRequest(
        ReissueReason.NAME_CHANGE,
        name=Label(kk="  «Жаңа»   ЖШС ", ru="ТОО «Жана»"),
        legal_address=ADDRESS,
        region=Region.ASTANA,
        documents=("Свидетельство",),
    )
    cleaned = check_reissue_request(request)
    assert cleaned.name == Label(kk="«Жаңа» ЖШС", ru="ТОО «Жана»")
    assert cleaned.region is Region.ASTANA


# --- the organisation -----------------------------------------------------------------------


def test_a_service_contract_is_recorded_by_the_licensor_or_the_admin_with_dates_in_order() -> None:
    assert check_service_contract(LICENSOR, date(2026, 1, 5), date(2027, 1, 5), TODAY) == (
        "2026-01-05 – 2027-01-05"
    )
    assert check_service_contract(ADMIN, TODAY, None, TODAY) == "2026-04-06"
    with pytest.raises(DomainError) as forbidden:
        check_service_contract(OWNER, TODAY, None, TODAY)
    assert forbidden.value.code is ErrorCode.FORBIDDEN
    with pytest.raises(Invalid) as future:
        check_service_contract(LICENSOR, date(2026, 4, 7), None, TODAY)
    assert fields(future.value) == {"concludedOn": ErrorCode.DATE_IN_FUTURE}
    with pytest.raises(Invalid) as reversed_:
        check_service_contract(LICENSOR, date(2026, 1, 5), date(2026, 1, 4), TODAY)
    assert fields(reversed_.value) == {"validUntil": ErrorCode.INVALID_DATE_RANGE}


def test_the_provider_itself_the_licensor_or_the_admin_sets_the_consent() -> None:
    assert may_set_consent(OWNER, BIN)
    assert may_set_consent(LICENSOR, BIN)
    assert may_set_consent(ADMIN, BIN)
    assert not may_set_consent(Viewer(Role.APPLICANT, subject="180240000019"), BIN)
    assert not may_set_consent(Viewer(Role.INSPECTOR, subject="*"), BIN)
    assert not may_set_consent(Viewer(Role.REGISTRAR), BIN)
