"""domain.licensing: the (state × command) matrix and the guards, without a database."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.calendar import WorkingCalendar
from domain.errors import DomainError, ErrorCode
from domain.licensing import (
    TRANSITIONS,
    AgreeConclusion,
    ApplicationState,
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
    decide,
    open_application,
)
from domain.regions import Region
from domain.viewer import Role, Viewer

CAL = WorkingCalendar.kazakhstan()
ADMIN = Viewer(Role.ADMIN)
NOW = datetime(2026, 3, 30, 5, 0, tzinfo=UTC)  # Monday 30 March 2026, 10:00 in Almaty
GROUND = (Ground(RefusalGround.UNRELIABLE_DOCUMENTS, "Акт не подписан"),)
COMMANDS: list[Command] = [
    Withdraw("передумали"),
    CompletenessCheck(True),
    SignAcceptanceRefusal(),
    Conclusion((Finding("Помещение", True),)),
    AgreeConclusion(),
    PreliminaryRefusal(GROUND, datetime(2026, 3, 31, 6, 0, tzinfo=UTC), "Астана, каб. 305"),
    Objection("Не согласны"),
    Hearing(HearingOutcome.ISSUE, "Протокол"),
    SignLicence(),
    RefuseLicence(GROUND),
]


def state(status: ApplicationStatus, **extra: object) -> ApplicationState:
    values: dict[str, object] = {
        "status": status,
        "applicant": "940140000385",
        "region": Region.ASTANA,
        "registered_on": date(2026, 3, 26),
        "due_on": date(2026, 4, 16),
        "conclusion_positive": True,
        "notice_on": date(2026, 3, 30),
        "hearing_outcome": HearingOutcome.ISSUE,
    }
    values.update(extra)
    return ApplicationState(**values)  # type: ignore[arg-type]


def allowed(status: ApplicationStatus, command: Command) -> bool:
    [row] = [t for t in TRANSITIONS if t.command is type(command)]
    return status in row.sources


@pytest.mark.parametrize("status", list(ApplicationStatus), ids=str)
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: type(c).__name__)
def test_every_state_and_command_pair_is_allowed_exactly_as_the_table_says(
    status: ApplicationStatus, command: Command
) -> None:
    if allowed(status, command):
        if isinstance(command, RefuseLicence):
            current = state(status, hearing_outcome=HearingOutcome.REFUSE)
        else:
            current = state(status)
        decision = decide(current, command, ADMIN, NOW, CAL)
        assert decision.event.from_status is status
    else:
        with pytest.raises(DomainError) as refused:
            decide(state(status), command, ADMIN, NOW, CAL)
        assert refused.value.code is ErrorCode.ILLEGAL_TRANSITION
        assert refused.value.params["state"] is status


def test_final_states_allow_nothing() -> None:
    for status in ApplicationStatus:
        if status.is_final:
            assert not any(status in t.sources for t in TRANSITIONS)


@pytest.mark.parametrize(
    ("received", "registered", "whole_due", "check_due"),
    [
        # Friday 20 March 2026 19:00: after hours, then Nauryz 21-25 March -> Thursday 26 March.
        (
            datetime(2026, 3, 20, 14, 0, tzinfo=UTC),
            date(2026, 3, 26),
            date(2026, 4, 16),
            date(2026, 3, 27),
        ),
        # Friday 20 March 2026 17:00: in hours -> that day; 1 wd later is Thursday 26 March;
        # 15 wd: 26, 27, 30, 31 March, 1, 2, 3, 6, 7, 8, 9, 10, 13, 14, 15 April.
        (
            datetime(2026, 3, 20, 12, 0, tzinfo=UTC),
            date(2026, 3, 20),
            date(2026, 4, 15),
            date(2026, 3, 26),
        ),
    ],
    ids=["after-hours-before-nauryz", "in-hours-before-nauryz"],
)
def test_a_new_application_is_registered_and_due_by_the_calendar(
    received: datetime, registered: date, whole_due: date, check_due: date
) -> None:
    opened, _, step_due = open_application(
        applicant="940140000385", region=Region.ASTANA, received_at=received, calendar=CAL
    )
    assert opened.registered_on == registered
    assert opened.due_on == whole_due
    assert step_due == check_due


def test_the_inspection_conclusion_is_due_in_7_working_days() -> None:
    decision = decide(state(ApplicationStatus.SUBMITTED), CompletenessCheck(True), ADMIN, NOW, CAL)
    # Monday 30 March 2026 + 7 wd: 31 Mar, 1, 2, 3, 6, 7, 8 April.
    assert decision.step_due_on == date(2026, 4, 8)


@pytest.mark.parametrize(
    ("viewer", "allowed_to_act"),
    [
        (Viewer(Role.INSPECTOR, "ASTANA"), True),
        (Viewer(Role.INSPECTOR, "*"), True),
        (Viewer(Role.INSPECTOR, "KARAGANDA"), False),
        (Viewer(Role.LICENSOR), False),
        (Viewer(Role.APPLICANT, "940140000385"), False),
        (Viewer(Role.REGISTRAR), False),
    ],
    ids=["region", "all-regions", "other-region", "licensor", "applicant", "registrar"],
)
def test_the_completeness_check_is_the_regional_inspectors(
    viewer: Viewer, allowed_to_act: bool
) -> None:
    command = CompletenessCheck(True)
    if allowed_to_act:
        decide(state(ApplicationStatus.SUBMITTED), command, viewer, NOW, CAL)
    else:
        with pytest.raises(DomainError) as refused:
            decide(state(ApplicationStatus.SUBMITTED), command, viewer, NOW, CAL)
        assert refused.value.code is ErrorCode.FORBIDDEN


def test_only_the_owning_applicant_may_withdraw() -> None:
    other = Viewer(Role.APPLICANT, "990140004654")
    with pytest.raises(DomainError) as refused:
        decide(state(ApplicationStatus.SUBMITTED), Withdraw(), other, NOW, CAL)
    assert refused.value.code is ErrorCode.FORBIDDEN


@pytest.mark.parametrize(
    ("hearing_at", "code"),
    [
        (datetime(2026, 3, 30, 4, 0, tzinfo=UTC), ErrorCode.HEARING_OUTSIDE_WINDOW),  # past
        (datetime(2026, 4, 4, 5, 0, tzinfo=UTC), ErrorCode.HEARING_OUTSIDE_WINDOW),  # Saturday
        (datetime(2026, 4, 6, 5, 0, tzinfo=UTC), ErrorCode.HEARING_OUTSIDE_WINDOW),  # 4th wd
        (datetime(2026, 4, 2, 5, 0, tzinfo=UTC), None),  # 3rd working day: the last allowed
        (datetime(2026, 4, 1, 14, 0, tzinfo=UTC), ErrorCode.HEARING_OUTSIDE_WINDOW),  # 19:00
        (datetime(2026, 4, 1, 3, 30, tzinfo=UTC), ErrorCode.HEARING_OUTSIDE_WINDOW),  # 08:30
        (datetime(9999, 12, 31, 23, 0, tzinfo=UTC), ErrorCode.HEARING_OUTSIDE_WINDOW),
    ],
    ids=[
        "past",
        "saturday",
        "fourth-working-day",
        "third-working-day",
        "after-office-hours",
        "before-office-hours",
        "year-9999",
    ],
)
def test_the_hearing_falls_within_3_working_days_of_the_notice(
    hearing_at: datetime, code: ErrorCode | None
) -> None:
    command = PreliminaryRefusal(GROUND, hearing_at, "каб. 305")
    current = state(ApplicationStatus.CONCLUSION_READY, conclusion_positive=False)
    if code is None:
        decision = decide(current, command, ADMIN, NOW, CAL)
        assert decision.step_due_on == date(2026, 4, 2)
    else:
        with pytest.raises(DomainError) as refused:
            decide(current, command, ADMIN, NOW, CAL)
        assert refused.value.code is code


def test_the_notice_comes_at_least_3_working_days_before_the_term_ends() -> None:
    late = state(ApplicationStatus.CONCLUSION_READY, due_on=date(2026, 4, 1))
    command = PreliminaryRefusal(GROUND, datetime(2026, 3, 31, 6, 0, tzinfo=UTC), "каб. 305")
    with pytest.raises(DomainError) as refused:
        decide(late, command, ADMIN, NOW, CAL)
    assert refused.value.code is ErrorCode.PRELIMINARY_NOTICE_TOO_LATE


def test_an_objection_after_3_working_days_is_refused() -> None:
    current = state(ApplicationStatus.PRELIMINARY_REFUSAL, notice_on=date(2026, 3, 26))
    # Notice Thursday 26 March; 3 wd: 27, 30, 31 March. Wednesday 1 April is late.
    late = datetime(2026, 4, 1, 5, 0, tzinfo=UTC)
    in_time = datetime(2026, 3, 31, 5, 0, tzinfo=UTC)
    assert decide(current, Objection("Возражаем"), ADMIN, in_time, CAL).state.status is (
        ApplicationStatus.PRELIMINARY_REFUSAL
    )
    with pytest.raises(DomainError) as refused:
        decide(current, Objection("Возражаем"), ADMIN, late, CAL)
    assert refused.value.code is ErrorCode.OBJECTION_TOO_LATE


@pytest.mark.parametrize(
    ("command", "current", "code"),
    [
        (
            AgreeConclusion(),
            state(ApplicationStatus.CONCLUSION_READY, conclusion_positive=False),
            ErrorCode.CONCLUSION_NOT_POSITIVE,
        ),
        (
            SignLicence(),
            state(ApplicationStatus.HEARING_HELD, hearing_outcome=HearingOutcome.REFUSE),
            ErrorCode.HEARING_OUTCOME_MISMATCH,
        ),
        (
            RefuseLicence(GROUND),
            state(ApplicationStatus.HEARING_HELD),
            ErrorCode.HEARING_OUTCOME_MISMATCH,
        ),
        (
            RefuseLicence(()),
            state(ApplicationStatus.HEARING_HELD, hearing_outcome=HearingOutcome.REFUSE),
            ErrorCode.GROUNDS_REQUIRED,
        ),
        (
            CompletenessCheck(False),
            state(ApplicationStatus.SUBMITTED),
            ErrorCode.MISSING_DOCUMENTS_REQUIRED,
        ),
        (Conclusion(()), state(ApplicationStatus.UNDER_INSPECTION), ErrorCode.REQUIRED),
        (
            Conclusion((Finding("Помещение", False),)),
            state(ApplicationStatus.UNDER_INSPECTION),
            ErrorCode.REQUIRED,
        ),
        (
            RefuseLicence(GROUND * 2),
            state(ApplicationStatus.HEARING_HELD, hearing_outcome=HearingOutcome.REFUSE),
            ErrorCode.DUPLICATE_VALUES,
        ),
    ],
    ids=[
        "agree-negative",
        "sign-after-refusal-hearing",
        "refuse-after-issue-hearing",
        "refuse-without-grounds",
        "incomplete-without-list",
        "conclusion-without-findings",
        "nonconformity-without-note",
        "duplicate-grounds",
    ],
)
def test_guards_refuse_with_their_code(
    command: Command, current: ApplicationState, code: ErrorCode
) -> None:
    with pytest.raises(DomainError) as refused:
        decide(current, command, ADMIN, NOW, CAL)
    assert refused.value.code is code


def test_the_hearing_outcome_cannot_be_recorded_before_the_hearing() -> None:
    hearing = datetime(2026, 3, 31, 6, 0, tzinfo=UTC)
    current = state(ApplicationStatus.PRELIMINARY_REFUSAL, hearing_at=hearing)
    command = Hearing(HearingOutcome.ISSUE, "Протокол")
    with pytest.raises(DomainError) as refused:
        decide(current, command, ADMIN, datetime(2026, 3, 31, 5, 59, tzinfo=UTC), CAL)
    assert refused.value.code is ErrorCode.HEARING_NOT_YET_HELD
    assert (
        decide(current, command, ADMIN, hearing, CAL).state.status is ApplicationStatus.HEARING_HELD
    )


def test_an_objection_stays_open_for_3_working_days_until_the_hearing_is_recorded() -> None:
    hearing = datetime(2026, 3, 31, 6, 0, tzinfo=UTC)
    current = state(ApplicationStatus.PRELIMINARY_REFUSAL, hearing_at=hearing)
    after_hearing_time = datetime(2026, 3, 31, 7, 0, tzinfo=UTC)
    decision = decide(current, Objection("Возражаем"), ADMIN, after_hearing_time, CAL)
    assert decision.state.status is ApplicationStatus.PRELIMINARY_REFUSAL


def test_a_notice_given_on_a_saturday_counts_from_monday() -> None:
    saturday = datetime(2026, 3, 28, 6, 0, tzinfo=UTC)
    # Received Monday 30 March: the hearing may be as late as Thursday 2 April.
    command = PreliminaryRefusal(GROUND, datetime(2026, 4, 2, 6, 0, tzinfo=UTC), "каб. 305")
    decision = decide(state(ApplicationStatus.CONCLUSION_READY), command, ADMIN, saturday, CAL)
    assert decision.state.notice_on == date(2026, 3, 30)


@pytest.mark.parametrize(
    ("current", "expected"),
    [
        (
            state(ApplicationStatus.CONCLUSION_READY, conclusion_positive=False),
            ["withdrawLicenceApplication", "issuePreliminaryRefusal"],
        ),
        (
            state(ApplicationStatus.CONCLUSION_READY, conclusion_positive=True),
            ["withdrawLicenceApplication", "agreeConclusion", "issuePreliminaryRefusal"],
        ),
        (
            state(ApplicationStatus.HEARING_HELD, hearing_outcome=HearingOutcome.ISSUE),
            ["withdrawLicenceApplication", "signLicence"],
        ),
        (
            state(ApplicationStatus.HEARING_HELD, hearing_outcome=HearingOutcome.REFUSE),
            ["withdrawLicenceApplication", "refuseLicence"],
        ),
    ],
    ids=["negative-conclusion", "positive-conclusion", "hearing-issue", "hearing-refuse"],
)
def test_allowed_commands_leave_out_what_the_recorded_facts_rule_out(
    current: ApplicationState, expected: list[str]
) -> None:
    from domain.licensing import allowed_commands

    assert allowed_commands(current) == expected


def test_a_hearing_cannot_precede_the_day_a_weekend_notice_counts_from() -> None:
    saturday = datetime(2026, 3, 28, 6, 0, tzinfo=UTC)
    # The notice counts from Monday 30 March; a hearing on that Saturday evening is refused.
    command = PreliminaryRefusal(GROUND, datetime(2026, 3, 28, 7, 0, tzinfo=UTC), "каб. 305")
    with pytest.raises(DomainError) as refused:
        decide(state(ApplicationStatus.CONCLUSION_READY), command, ADMIN, saturday, CAL)
    assert refused.value.code is ErrorCode.HEARING_OUTSIDE_WINDOW
