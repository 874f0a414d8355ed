"""domain.complaints: the (state × command) matrix, roles, guards and terms, without a database."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.calendar import ALMATY, Term, WorkingCalendar
from domain.complaints import (
    STEP_TERMS,
    TRANSITIONS,
    Close,
    Command,
    ComplaintAddressee,
    ComplaintDecision,
    ComplaintForm,
    ComplaintState,
    ComplaintStatus,
    ComplaintStep,
    Decide,
    Forward,
    Satisfy,
    allowed_commands,
    check_complaint,
    decide,
    file_complaint,
)
from domain.errors import DomainError, ErrorCode
from domain.labels import Lang
from domain.validation import Invalid
from domain.viewer import Role, Viewer

CAL = WorkingCalendar.kazakhstan()
BIN = "940140000385"
APPLICANT = Viewer(Role.APPLICANT, subject=BIN)
LICENSOR = Viewer(Role.LICENSOR)
ADMIN = Viewer(Role.ADMIN)
NOW = datetime(2026, 3, 30, 5, 0, tzinfo=UTC)  # Monday 30 March 2026, 10:00 in Almaty
COMMANDS: list[Command] = [
    Forward("с делом"),
    Satisfy("удовлетворена"),
    Decide(ComplaintDecision.UPHELD, "обоснована"),
    Close("суд"),
]
ACTOR = {Forward: LICENSOR, Satisfy: LICENSOR, Decide: LICENSOR, Close: APPLICANT}
# Every state, the closed ones apart: a closing note ends what may be done.
STATES = [(s, False) for s in ComplaintStatus] + [
    (ComplaintStatus.SATISFIED, True),
    (ComplaintStatus.DECIDED, True),
]


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ALMATY)


def state(
    status: ComplaintStatus = ComplaintStatus.FILED,
    *,
    closed: bool = False,
    addressee: ComplaintAddressee = ComplaintAddressee.LICENSOR,
) -> ComplaintState:
    # Registered Thursday 26 March 2026: forwarding by 31 March, the licensor's decision by
    # 2 April, the quality body's by 16 April.
    due = {ComplaintAddressee.LICENSOR: date(2026, 4, 2)}.get(addressee, date(2026, 4, 16))
    return ComplaintState(
        status=status,
        applicant=BIN,
        addressee=addressee,
        registered_on=date(2026, 3, 26),
        due_on=due,
        closed=closed,
    )


@pytest.mark.parametrize(("status", "closed"), STATES, ids=lambda v: str(v))
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: type(c).__name__)
def test_every_state_and_command_pair_is_allowed_exactly_as_the_table_says(
    status: ComplaintStatus, closed: bool, command: Command
) -> None:
    [row] = [t for t in TRANSITIONS if t.command is type(command)]
    current = state(status, closed=closed)
    actor = ACTOR[type(command)]
    if status in row.sources and not closed:
        decision = decide(current, command, actor, NOW, CAL)
        assert decision.state.status is (row.target or status)
        assert decision.event.from_status is status
        assert decision.event.command == row.name
    else:
        with pytest.raises(DomainError) as refused:
            decide(current, command, actor, NOW, CAL)
        assert refused.value.code is ErrorCode.ILLEGAL_TRANSITION
        assert refused.value.params["state"] is status
        allowed = ", ".join(allowed_commands(status, closed)) or "-"
        assert refused.value.params["allowed"] == allowed


def test_the_table_reads_as_the_rules_say() -> None:
    table = {
        t.name: (set(t.sources), t.target, t.step, {a: set(r) for a, r in t.roles.items()})
        for t in TRANSITIONS
    }
    S, L, Q = ComplaintStatus, ComplaintAddressee.LICENSOR, ComplaintAddressee.QUALITY_BODY
    assert table == {
        "forwardComplaint": (
            {S.FILED},
            S.FORWARDED,
            ComplaintStep.DECISION,
            {L: {Role.LICENSOR}, Q: {Role.LICENSOR}},
        ),
        "satisfyComplaint": (
            {S.FILED},
            S.SATISFIED,
            None,
            {L: {Role.LICENSOR}, Q: {Role.LICENSOR}},
        ),
        "decideComplaint": ({S.FORWARDED}, S.DECIDED, None, {L: {Role.LICENSOR}, Q: {Role.ADMIN}}),
        "closeComplaint": (
            {S.SATISFIED, S.DECIDED},
            None,
            None,
            {L: {Role.APPLICANT}, Q: {Role.APPLICANT}},
        ),
    }


def test_each_step_has_the_term_of_its_paragraph() -> None:
    assert dict(STEP_TERMS) == {
        (ComplaintStep.FORWARDING, ComplaintAddressee.LICENSOR): Term.COMPLAINT_FORWARDING,
        (ComplaintStep.FORWARDING, ComplaintAddressee.QUALITY_BODY): Term.COMPLAINT_FORWARDING,
        (ComplaintStep.DECISION, ComplaintAddressee.LICENSOR): Term.COMPLAINT_LICENSOR,
        (ComplaintStep.DECISION, ComplaintAddressee.QUALITY_BODY): Term.COMPLAINT_QUALITY_BODY,
    }
    assert (Term.COMPLAINT_FORWARDING, Term.COMPLAINT_LICENSOR) == (3, 5)
    assert Term.COMPLAINT_QUALITY_BODY == 15


L, Q = ComplaintAddressee.LICENSOR, ComplaintAddressee.QUALITY_BODY
D = date


@pytest.mark.parametrize(
    ("received", "addressee", "registered", "forward_by", "due"),
    [
        # Friday 20 March 2026, 19:00, after hours; Nauryz 21-23 March and its carry-overs
        # 24-25 March: registered Thursday 26 March. Forwarding: 27, 30, 31 March.
        # Licensor (p. 37): 27, 30, 31 March, 1, 2 April.
        (local(2026, 3, 20, 19), L, D(2026, 3, 26), D(2026, 3, 31), D(2026, 4, 2)),
        # Quality body (p. 38): ... 13, 14, 15, 16 April (15 working days).
        (local(2026, 3, 20, 19), Q, D(2026, 3, 26), D(2026, 3, 31), D(2026, 4, 16)),
        # Friday 20 March 2026, 18:29: in office hours, registered that Friday. Forwarding:
        # 26, 27, 30 March; licensor: 26, 27, 30, 31 March, 1 April.
        (local(2026, 3, 20, 18, 29), L, D(2026, 3, 20), D(2026, 3, 30), D(2026, 4, 1)),
        # Thursday 30 April 2026: 1 May, 7 May and 11 May (Victory Day moved from Saturday)
        # are off. Licensor: 4, 5, 6, 8, 12 May. Quality body: ... 22, 25, 26 May.
        (local(2026, 4, 30, 10), L, D(2026, 4, 30), D(2026, 5, 6), D(2026, 5, 12)),
        (local(2026, 4, 30, 10), Q, D(2026, 4, 30), D(2026, 5, 6), D(2026, 5, 26)),
        # Friday 20 June 2025, 20:00: registered Monday 23 June 2025. Forwarding: 24, 25, 26
        # June; licensor: 24, 25, 26, 27, 30 June.
        (local(2025, 6, 20, 20), L, D(2025, 6, 23), D(2025, 6, 26), D(2025, 6, 30)),
    ],
    ids=["nauryz-licensor", "nauryz-quality", "in-hours", "may-licensor", "may-quality", "2025"],
)
def test_a_filed_complaint_is_registered_and_due_by_the_calendar(
    received: datetime,
    addressee: ComplaintAddressee,
    registered: date,
    forward_by: date,
    due: date,
) -> None:
    filing = file_complaint(
        applicant=APPLICANT,
        owner=BIN,
        addressee=addressee,
        received_at=received,
        calendar=CAL,
    )
    assert filing.state.status is ComplaintStatus.FILED
    assert filing.state.registered_on == registered
    assert (filing.step, filing.step_due_on) == (ComplaintStep.FORWARDING, forward_by)
    assert filing.state.due_on == due
    assert filing.event.from_status is None
    assert filing.event.to_status is ComplaintStatus.FILED


def test_only_the_owning_applicant_files() -> None:
    for viewer in (LICENSOR, ADMIN, Viewer(Role.APPLICANT, subject="000000000000")):
        with pytest.raises(DomainError) as refused:
            file_complaint(
                applicant=viewer,
                owner=BIN,
                addressee=ComplaintAddressee.LICENSOR,
                received_at=NOW,
                calendar=CAL,
            )
        assert refused.value.code is ErrorCode.FORBIDDEN


def test_forwarding_sets_the_decision_step_due_at_the_complaint_term() -> None:
    for addressee, due in (
        (ComplaintAddressee.LICENSOR, date(2026, 4, 2)),
        (ComplaintAddressee.QUALITY_BODY, date(2026, 4, 16)),
    ):
        decision = decide(state(addressee=addressee), Forward(), LICENSOR, NOW, CAL)
        assert (decision.step, decision.step_due_on) == (ComplaintStep.DECISION, due)
        assert decision.changes == {"forwarded_at": NOW}


def test_forwarding_late_is_allowed() -> None:
    a_week_late = datetime(2026, 4, 8, 10, tzinfo=ALMATY)
    decision = decide(state(), Forward(), LICENSOR, a_week_late, CAL)
    assert decision.state.status is ComplaintStatus.FORWARDED
    assert decision.step_due_on == date(2026, 4, 2)  # already past: the complaint shows overdue


@pytest.mark.parametrize(
    ("at", "in_time"),
    [
        (datetime(2026, 3, 31, 23, 59, tzinfo=ALMATY), True),  # the last of the 3 working days
        (datetime(2026, 4, 1, 0, 0, tzinfo=ALMATY), False),
        (datetime(2026, 4, 1, 9, 0, tzinfo=ALMATY), False),
    ],
)
def test_a_complaint_is_satisfied_only_within_the_three_working_days(
    at: datetime, in_time: bool
) -> None:
    if in_time:
        decision = decide(state(), Satisfy("удовлетворена"), LICENSOR, at, CAL)
        assert decision.state.status is ComplaintStatus.SATISFIED
        assert (decision.step, decision.step_due_on) == (None, None)
        return
    with pytest.raises(DomainError) as refused:
        decide(state(), Satisfy("удовлетворена"), LICENSOR, at, CAL)
    assert refused.value.code is ErrorCode.SATISFACTION_TOO_LATE
    assert refused.value.params == {"due": date(2026, 3, 31)}
    assert "2026-03-31" in refused.value.message(Lang.RU)
    assert "2026-03-31" in refused.value.message(Lang.KK)


def test_the_reviewer_depends_on_the_addressee() -> None:
    forwarded = state(ComplaintStatus.FORWARDED, addressee=ComplaintAddressee.QUALITY_BODY)
    command = Decide(ComplaintDecision.REJECTED, "необоснована")
    with pytest.raises(DomainError) as refused:
        decide(forwarded, command, LICENSOR, NOW, CAL)
    assert refused.value.code is ErrorCode.FORBIDDEN
    decision = decide(forwarded, command, ADMIN, NOW, CAL)
    assert decision.changes == {
        "decision": ComplaintDecision.REJECTED,
        "decision_reasons": "необоснована",
    }
    assert decision.event.note == "необоснована"


@pytest.mark.parametrize(
    ("actor", "command", "current"),
    [
        (APPLICANT, Forward(), state()),
        (Viewer(Role.INSPECTOR, subject="*"), Satisfy("x"), state()),
        (
            Viewer(Role.REGISTRAR),
            Decide(ComplaintDecision.UPHELD, "x"),
            state(ComplaintStatus.FORWARDED),
        ),
        (LICENSOR, Close("x"), state(ComplaintStatus.DECIDED)),
        (
            Viewer(Role.APPLICANT, subject="000000000000"),
            Close("x"),
            state(ComplaintStatus.DECIDED),
        ),
    ],
    ids=[
        "applicant-forwards",
        "inspector-satisfies",
        "registrar-decides",
        "licensor-closes",
        "stranger-closes",
    ],
)
def test_a_role_outside_the_row_is_forbidden_before_the_state_is_looked_at(
    actor: Viewer, command: Command, current: ComplaintState
) -> None:
    with pytest.raises(DomainError) as refused:
        decide(current, command, actor, NOW, CAL)
    assert refused.value.code is ErrorCode.FORBIDDEN


def test_closing_keeps_the_status_and_closes_the_complaint() -> None:
    for status in (ComplaintStatus.SATISFIED, ComplaintStatus.DECIDED):
        decision = decide(state(status), Close("  иск подан в суд  "), APPLICANT, NOW, CAL)
        assert decision.state.status is status
        assert decision.state.closed is True
        assert decision.changes == {"closing_note": "иск подан в суд"}
        assert (decision.event.from_status, decision.event.to_status) == (status, status)
        assert allowed_commands(status, closed=True) == []


@pytest.mark.parametrize(
    ("command", "current", "field", "code"),
    [
        (Satisfy("  "), state(), "note", ErrorCode.REQUIRED),
        (
            Decide(ComplaintDecision.UPHELD, ""),
            state(ComplaintStatus.FORWARDED),
            "reasons",
            ErrorCode.REQUIRED,
        ),
        (Close(""), state(ComplaintStatus.DECIDED), "note", ErrorCode.REQUIRED),
        (Forward("x" * 4001), state(), "note", ErrorCode.TEXT_TOO_LONG),
        (Close("x" * 4001), state(ComplaintStatus.DECIDED), "note", ErrorCode.TEXT_TOO_LONG),
    ],
)
def test_notes_and_reasons_are_required_where_the_rules_need_them_and_capped(
    command: Command, current: ComplaintState, field: str, code: ErrorCode
) -> None:
    with pytest.raises(DomainError) as refused:
        decide(current, command, ACTOR[type(command)], NOW, CAL)
    assert (refused.value.code, refused.value.field) == (code, [field])


def test_a_complaint_form_names_exactly_one_target_and_a_text() -> None:
    good = ComplaintForm(1, None, ComplaintAddressee.LICENSOR, "  текст  ")
    assert check_complaint(good).text == "текст"
    with pytest.raises(Invalid) as refused:
        check_complaint(ComplaintForm(1, 2, ComplaintAddressee.LICENSOR, ""))
    assert [(p.code, p.field) for p in refused.value.problems] == [
        (ErrorCode.ONE_OF_REQUIRED, ["input", "applicationId"]),
        (ErrorCode.REQUIRED, ["input", "text"]),
    ]
    with pytest.raises(Invalid) as neither:
        check_complaint(ComplaintForm(None, None, ComplaintAddressee.QUALITY_BODY, "x" * 8001))
    assert [p.code for p in neither.value.problems] == [
        ErrorCode.ONE_OF_REQUIRED,
        ErrorCode.TEXT_TOO_LONG,
    ]
    assert "applicationId, licenceId" in neither.value.problems[0].message(Lang.RU)
