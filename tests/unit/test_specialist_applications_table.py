"""domain.specialists: the (status × command) matrix of a specialist's application, roles, guards
and the 5-working-day term (specialists rules p. 9-10), without a database.

Dates are counted by hand from the 2026 calendar: Nauryz 21-23 March (Sat-Mon) is carried to
Tue 24 and Wed 25, so 21-25 March are days off; 1 May (Fri), 7 May (Thu) and 11 May (Mon, for
Victory Day on Saturday 9 May) are days off too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest

from domain.calendar import ALMATY, Term, WorkingCalendar
from domain.errors import DomainError, ErrorCode
from domain.labels import Lang
from domain.specialist_codes import ReturnReason, SpecialistRefusalReason
from domain.specialists import (
    MAX_COMMENT_LENGTH,
    OPEN_STATES,
    TRANSITIONS,
    RefuseSpecialist,
    RegisterSpecialist,
    Resubmit,
    ReturnForRevision,
    SpecialistApplicationState,
    SpecialistApplicationStatus,
    SpecialistCommand,
    allowed_commands,
    decide,
    open_round,
)
from domain.viewer import Role, Viewer

S = SpecialistApplicationStatus
CAL = WorkingCalendar.kazakhstan()
OWNER = "+77012345678"  # the applicant registered on the portal by mobile phone (p. 8)
APPLICANT = Viewer(Role.APPLICANT, OWNER, token_id=7)
REGISTRAR = Viewer(Role.REGISTRAR, token_id=3)
ADMIN = Viewer(Role.ADMIN, token_id=1)
NOW = datetime(2026, 3, 30, 5, 0, tzinfo=UTC)  # Monday 30 March 2026, 10:00 in Almaty

RETURN = ReturnForRevision(
    (ReturnReason.PROFESSION_MISMATCH, ReturnReason.EMPLOYMENT_DATA_MISMATCH),
    "Укажите профессию по классификатору и штатную должность.",
)
REFUSE = RefuseSpecialist((SpecialistRefusalReason.EMIGRATED,), "Выехала на ПМЖ")
COMMANDS: list[SpecialistCommand] = [RegisterSpecialist(), RETURN, REFUSE, Resubmit()]
ACTOR = {
    RegisterSpecialist: REGISTRAR,
    ReturnForRevision: REGISTRAR,
    RefuseSpecialist: REGISTRAR,
    Resubmit: APPLICANT,
}

# The diagram of p. 9-10, written out by hand: (from, command) -> (to, name, reasons, comment).
ALLOWED: dict[tuple[S, type], tuple[S, str, tuple[str, ...], str]] = {
    (S.SUBMITTED, RegisterSpecialist): (S.REGISTERED, "registerSpecialistApplication", (), ""),
    (S.SUBMITTED, ReturnForRevision): (
        S.RETURNED,
        "returnSpecialistApplication",
        ("PROFESSION_MISMATCH", "EMPLOYMENT_DATA_MISMATCH"),
        "Укажите профессию по классификатору и штатную должность.",
    ),
    (S.SUBMITTED, RefuseSpecialist): (
        S.REFUSED,
        "refuseSpecialistApplication",
        ("EMIGRATED",),
        "Выехала на ПМЖ",
    ),
    (S.RETURNED, Resubmit): (S.SUBMITTED, "resubmitSpecialistApplication", (), ""),
}
ALLOWED_NAMES = {
    S.SUBMITTED: "registerSpecialistApplication, returnSpecialistApplication, "
    "refuseSpecialistApplication",
    S.RETURNED: "resubmitSpecialistApplication",
    S.REGISTERED: "-",
    S.REFUSED: "-",
}


def state(status: S = S.SUBMITTED, **extra: object) -> SpecialistApplicationState:
    # Round 1 registered Thursday 26 March 2026: 5 wd are 27, 30, 31 March, 1, 2 April.
    values: dict[str, object] = {
        "status": status,
        "applicant": OWNER,
        "round": 1,
        "registered_on": date(2026, 3, 26),
        "due_on": date(2026, 4, 2),
    }
    values.update(extra)
    return SpecialistApplicationState(**values)  # type: ignore[arg-type]


def almaty(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ALMATY)


def refusal(
    current: SpecialistApplicationState, command: SpecialistCommand, actor: Viewer
) -> DomainError:
    with pytest.raises(DomainError) as refused:
        decide(current, command, actor, NOW, CAL)
    for lang in Lang:
        assert "{" not in refused.value.message(lang)
    return refused.value


# --- the matrix ---------------------------------------------------------------------------------


@pytest.mark.parametrize("status", list(S), ids=str)
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: type(c).__name__)
def test_every_status_and_command_pair_is_allowed_exactly_as_p9_and_p10_say(
    status: S, command: SpecialistCommand
) -> None:
    actor = ACTOR[type(command)]
    expected = ALLOWED.get((status, type(command)))
    if expected is None:
        error = refusal(state(status), command, actor)
        assert error.code is ErrorCode.ILLEGAL_TRANSITION
        assert error.params["state"] is status
        assert error.params["allowed"] == ALLOWED_NAMES[status]
        return
    target, name, reasons, comment = expected
    decision = decide(state(status), command, actor, NOW, CAL)
    assert decision.state.status is target
    assert decision.state.applicant == OWNER
    assert decision.registers is (target is S.REGISTERED)
    event = decision.event
    assert (event.command, event.from_status, event.to_status) == (name, status, target)
    assert event.round == (2 if isinstance(command, Resubmit) else 1)
    assert (event.reasons, event.comment) == (reasons, comment)
    assert (event.at, event.actor_role, event.actor_subject) == (NOW, actor.role, actor.subject)


@pytest.mark.parametrize("status", list(S), ids=str)
def test_allowed_commands_lists_what_the_status_allows(status: S) -> None:
    expected = [name for (source, _), (_, name, _, _) in ALLOWED.items() if source is status]
    assert allowed_commands(state(status)) == expected


def test_the_open_statuses_are_submitted_and_returned_and_nothing_leaves_the_others() -> None:
    assert set(OPEN_STATES) == {S.SUBMITTED, S.RETURNED}
    assert {s for t in TRANSITIONS for s in t.sources} == set(OPEN_STATES)


def test_the_illegal_transition_message_names_the_state_by_its_label() -> None:
    error = refusal(state(S.REGISTERED), RETURN, REGISTRAR)
    assert "зарегистрирована, специалист включен в реестр" in error.message(Lang.RU)
    assert "тіркелді, маман тізілімге енгізілді" in error.message(Lang.KK)


# --- who may act --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "viewer",
    [
        pytest.param(Viewer(Role.INSPECTOR, "*"), id="inspector-all-regions"),
        pytest.param(Viewer(Role.INSPECTOR, "ASTANA"), id="inspector-region"),
        pytest.param(Viewer(Role.LICENSOR), id="licensor"),
        pytest.param(Viewer(Role.PUBLIC), id="public"),
        pytest.param(APPLICANT, id="the-owning-applicant"),
        pytest.param(Viewer(Role.APPLICANT, "+77771234567"), id="another-applicant"),
    ],
)
@pytest.mark.parametrize(
    "command", [RegisterSpecialist(), RETURN, REFUSE], ids=lambda c: type(c).__name__
)
def test_only_the_registrar_decides(viewer: Viewer, command: SpecialistCommand) -> None:
    assert refusal(state(S.SUBMITTED), command, viewer).code is ErrorCode.FORBIDDEN


@pytest.mark.parametrize(
    "viewer",
    [
        pytest.param(Viewer(Role.APPLICANT, "+77771234567"), id="another-applicant-by-phone"),
        pytest.param(Viewer(Role.APPLICANT, "940140000385"), id="another-applicant-by-bin"),
        pytest.param(Viewer(Role.APPLICANT), id="applicant-without-subject"),
        pytest.param(REGISTRAR, id="registrar"),
        pytest.param(Viewer(Role.INSPECTOR, "*"), id="inspector"),
        pytest.param(Viewer(Role.LICENSOR), id="licensor"),
        pytest.param(Viewer(Role.PUBLIC), id="public"),
    ],
)
def test_only_the_owning_applicant_resubmits(viewer: Viewer) -> None:
    assert refusal(state(S.RETURNED), Resubmit(), viewer).code is ErrorCode.FORBIDDEN


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: type(c).__name__)
def test_an_admin_may_act_on_any_application(command: SpecialistCommand) -> None:
    source = S.RETURNED if isinstance(command, Resubmit) else S.SUBMITTED
    decision = decide(state(source), command, ADMIN, NOW, CAL)
    assert decision.state.status is ALLOWED[(source, type(command))][0]
    assert (decision.event.actor_role, decision.event.actor_subject) == (Role.ADMIN, None)


def test_an_admin_still_cannot_leave_a_final_status() -> None:
    error = refusal(state(S.REFUSED), RegisterSpecialist(), ADMIN)
    assert error.code is ErrorCode.ILLEGAL_TRANSITION


# --- reasons and comments (p. 9 sub-p. 2 and 3) -------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [ReturnForRevision((), "Исправьте"), RefuseSpecialist(())],
    ids=["return", "refuse"],
)
def test_return_and_refuse_need_a_reason(command: SpecialistCommand) -> None:
    error = refusal(state(), command, REGISTRAR)
    assert (error.code, error.field) == (ErrorCode.REASONS_REQUIRED, ["reasons"])


@pytest.mark.parametrize(
    "command",
    [
        ReturnForRevision(
            (ReturnReason.PROFESSION_MISMATCH, ReturnReason.PROFESSION_MISMATCH), "Исправьте"
        ),
        RefuseSpecialist((SpecialistRefusalReason.EMIGRATED, SpecialistRefusalReason.EMIGRATED)),
    ],
    ids=["return", "refuse"],
)
def test_a_reason_given_twice_is_refused(command: SpecialistCommand) -> None:
    error = refusal(state(), command, REGISTRAR)
    assert (error.code, error.field) == (ErrorCode.DUPLICATE_VALUES, ["reasons"])


@pytest.mark.parametrize("comment", ["", "   \n\t"], ids=["empty", "blank"])
def test_a_return_says_what_to_fix(comment: str) -> None:
    command = ReturnForRevision((ReturnReason.FALSE_QUALIFICATION_DATA,), comment)
    error = refusal(state(), command, REGISTRAR)
    assert (error.code, error.field) == (ErrorCode.REQUIRED, ["comment"])


def test_a_refusal_needs_no_comment() -> None:
    command = RefuseSpecialist((SpecialistRefusalReason.LEGALLY_INCAPACITATED,))
    decision = decide(state(), command, REGISTRAR, NOW, CAL)
    assert decision.state.status is S.REFUSED
    assert (decision.event.reasons, decision.event.comment) == (("LEGALLY_INCAPACITATED",), "")


def test_every_reason_is_kept_in_the_order_given() -> None:
    reasons = tuple(reversed(ReturnReason))
    decision = decide(state(), ReturnForRevision(reasons, "Исправьте"), REGISTRAR, NOW, CAL)
    assert decision.event.reasons == (
        "EMPLOYMENT_DATA_MISMATCH",
        "INCOMPLETE_OR_EXPIRED_DOCUMENTS",
        "FALSE_QUALIFICATION_DATA",
        "PROFESSION_MISMATCH",
    )


def test_the_comment_is_stored_trimmed() -> None:
    command = ReturnForRevision((ReturnReason.PROFESSION_MISMATCH,), "  Исправьте профессию \n")
    assert decide(state(), command, REGISTRAR, NOW, CAL).event.comment == "Исправьте профессию"


@pytest.mark.parametrize(
    "make",
    [
        lambda text: ReturnForRevision((ReturnReason.PROFESSION_MISMATCH,), text),
        lambda text: RefuseSpecialist((SpecialistRefusalReason.EMIGRATED,), text),
    ],
    ids=["return", "refuse"],
)
def test_a_comment_is_at_most_4000_characters(make: Callable[[str], SpecialistCommand]) -> None:
    assert MAX_COMMENT_LENGTH == 4000
    at_cap = decide(state(), make("ж" * 4000), REGISTRAR, NOW, CAL)
    assert len(at_cap.event.comment) == 4000
    error = refusal(state(), make("ж" * 4001), REGISTRAR)
    assert (error.code, error.field, error.params) == (
        ErrorCode.TEXT_TOO_LONG,
        ["comment"],
        {"max": 4000},
    )


# --- the term: 5 working days after the day of receipt (p. 9) ----------------------------------


def test_a_decision_keeps_the_rounds_term_met_or_missed() -> None:
    late = datetime(2026, 4, 10, 5, 0, tzinfo=UTC)  # Friday 10 April: after the 2 April term
    for command in (RegisterSpecialist(), RETURN, REFUSE):
        decided = decide(state(), command, REGISTRAR, late, CAL).state
        assert (decided.round, decided.registered_on, decided.due_on) == (
            1,
            date(2026, 3, 26),
            date(2026, 4, 2),
        )


@pytest.mark.parametrize(
    ("received", "registered", "due"),
    [
        # Friday 20 March 19:00: after hours; 21-25 March off -> Thursday 26 March;
        # 5 wd: 27, 30, 31 March, 1, 2 April.
        pytest.param(almaty(2026, 3, 20, 19), date(2026, 3, 26), date(2026, 4, 2), id="fri-19-00"),
        # 18:30 is already after hours.
        pytest.param(
            almaty(2026, 3, 20, 18, 30), date(2026, 3, 26), date(2026, 4, 2), id="fri-18-30"
        ),
        # 18:29 is that day's; 5 wd: 26, 27, 30, 31 March, 1 April.
        pytest.param(
            almaty(2026, 3, 20, 18, 29), date(2026, 3, 20), date(2026, 4, 1), id="fri-18-29"
        ),
        # Monday 23 March 11:00, a Nauryz holiday -> Thursday 26 March.
        pytest.param(
            almaty(2026, 3, 23, 11), date(2026, 3, 26), date(2026, 4, 2), id="nauryz-holiday"
        ),
        # Saturday 4 April -> Monday 6 April; 5 wd: 7, 8, 9, 10, 13 April.
        pytest.param(almaty(2026, 4, 4, 10), date(2026, 4, 6), date(2026, 4, 13), id="saturday"),
        # Monday 30 March 08:00, before the office opens: that day; 5 wd: 31 March, 1, 2, 3,
        # 6 April.
        pytest.param(
            almaty(2026, 3, 30, 8), date(2026, 3, 30), date(2026, 4, 6), id="mon-before-nine"
        ),
        # Thursday 30 April 19:00 -> 1 May off, weekend -> Monday 4 May;
        # 5 wd: 5, 6, 8 (7 off), 12 (11 off), 13 May.
        pytest.param(almaty(2026, 4, 30, 19), date(2026, 5, 4), date(2026, 5, 13), id="may"),
        # The same Friday 19:00 in Almaty, sent from UTC as 14:00.
        pytest.param(
            datetime(2026, 3, 20, 14, 0, tzinfo=UTC),
            date(2026, 3, 26),
            date(2026, 4, 2),
            id="utc-clock",
        ),
    ],
)
def test_a_resubmission_opens_the_next_round_registered_and_due_by_the_calendar(
    received: datetime, registered: date, due: date
) -> None:
    returned = state(S.RETURNED, round=2, registered_on=date(2026, 3, 2), due_on=date(2026, 3, 10))
    decision = decide(returned, Resubmit(), APPLICANT, received, CAL)
    assert decision.state == SpecialistApplicationState(
        status=S.SUBMITTED,
        applicant=OWNER,
        round=3,
        registered_on=registered,
        due_on=due,
    )
    assert decision.event.round == 3
    assert decision.event.at == received
    assert decision.registers is False
    assert CAL.working_days_between(registered, due) == Term.SPECIALIST_DECISION == 5


def test_a_first_submission_opens_round_1_with_the_same_term() -> None:
    opened = open_round(applicant=OWNER, round=1, received_at=almaty(2026, 3, 20, 19), calendar=CAL)
    assert opened == SpecialistApplicationState(
        status=S.SUBMITTED,
        applicant=OWNER,
        round=1,
        registered_on=date(2026, 3, 26),
        due_on=date(2026, 4, 2),
    )


def test_a_naive_time_is_refused_rather_than_guessed() -> None:
    with pytest.raises(ValueError, match="naive"):
        decide(state(S.RETURNED), Resubmit(), APPLICANT, datetime(2026, 3, 20, 19), CAL)  # noqa: DTZ001
