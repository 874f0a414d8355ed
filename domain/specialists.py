"""A specialist's application to the register of specialists (specialists rules p. 6-10).

    submitted ──(registrar: register, ≤5 wd)───────────> registered   (enters the register)
    submitted ──(registrar: return with reasons, ≤5 wd)─> returned
    returned ──(applicant resubmits corrections)────────> submitted    (a new round, a new 5 wd)
    submitted ──(registrar: refuse with reasons, ≤5 wd)─> refused      (final)

p. 9: the administrator decides within five working days after the day of receipt; p. 10: the
applicant removes the causes of a return and applies again. `TRANSITIONS` is this diagram as
data; `decide` takes the time and the calendar as arguments and never reads the clock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum, StrEnum

from domain.calendar import Term, WorkingCalendar
from domain.errors import DomainError, ErrorCode
from domain.labels import Label, register_labels
from domain.specialist_codes import ReturnReason, SpecialistRefusalReason
from domain.viewer import Role, Viewer

__all__ = [
    "MAX_COMMENT_LENGTH",
    "OPEN_STATES",
    "TRANSITIONS",
    "ConsentRight",
    "Decision",
    "RefuseSpecialist",
    "RegisterSpecialist",
    "Resubmit",
    "ReturnForRevision",
    "SpecialistApplicationState",
    "SpecialistApplicationStatus",
    "SpecialistCommand",
    "SpecialistEvent",
    "allowed_commands",
    "consent_right",
    "decide",
    "open_round",
    "transition_for",
]

MAX_COMMENT_LENGTH = 4000


class SpecialistApplicationStatus(StrEnum):
    SUBMITTED = "SUBMITTED"
    RETURNED = "RETURNED"
    REGISTERED = "REGISTERED"
    REFUSED = "REFUSED"


# Awaiting the registrar or the applicant; one per applicant and IIN (a unique index).
OPEN_STATES = (SpecialistApplicationStatus.SUBMITTED, SpecialistApplicationStatus.RETURNED)

register_labels(
    SpecialistApplicationStatus,
    {
        SpecialistApplicationStatus.SUBMITTED: Label(
            kk="берілді, шешім күтуде", ru="подана, ожидает решения"
        ),
        SpecialistApplicationStatus.RETURNED: Label(
            kk="пысықтауға қайтарылды", ru="возвращена на доработку"
        ),
        SpecialistApplicationStatus.REGISTERED: Label(
            kk="тіркелді, маман тізілімге енгізілді",
            ru="зарегистрирована, специалист включен в реестр",
        ),
        SpecialistApplicationStatus.REFUSED: Label(kk="бас тартылды", ru="отказано"),
    },
)


# --- commands -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RegisterSpecialist:
    """p. 9 sub-p. 1: the application is registered; the specialist enters the register."""


@dataclass(frozen=True, slots=True)
class ReturnForRevision:
    reasons: tuple[ReturnReason, ...]
    comment: str


@dataclass(frozen=True, slots=True)
class RefuseSpecialist:
    reasons: tuple[SpecialistRefusalReason, ...]
    comment: str = ""


@dataclass(frozen=True, slots=True)
class Resubmit:
    """p. 10: the corrected application; the form itself is checked by domain.specialist_form."""


SpecialistCommand = RegisterSpecialist | ReturnForRevision | RefuseSpecialist | Resubmit


# --- state, events, decisions -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SpecialistApplicationState:
    status: SpecialistApplicationStatus
    applicant: str
    round: int
    registered_on: date
    due_on: date


@dataclass(frozen=True, slots=True)
class SpecialistEvent:
    """One append-only history entry: who, when, from, to, why; `round` counts submissions."""

    at: datetime
    actor_role: Role
    actor_subject: str | None
    command: str
    from_status: SpecialistApplicationStatus | None
    to_status: SpecialistApplicationStatus
    round: int
    reasons: tuple[str, ...] = ()
    comment: str = ""


@dataclass(frozen=True, slots=True)
class Decision:
    state: SpecialistApplicationState
    event: SpecialistEvent
    registers: bool = False


Guard = Callable[[SpecialistCommand], tuple[tuple[str, ...], str]]


@dataclass(frozen=True, slots=True)
class Transition:
    command: type
    name: str
    roles: frozenset[Role]
    sources: frozenset[SpecialistApplicationStatus]
    target: SpecialistApplicationStatus
    guard: Guard


def _comment(value: str, *, required: bool) -> str:
    value = value.strip()
    if required and not value:
        raise DomainError(ErrorCode.REQUIRED, field=["comment"])
    if len(value) > MAX_COMMENT_LENGTH:
        raise DomainError(
            ErrorCode.TEXT_TOO_LONG, field=["comment"], params={"max": MAX_COMMENT_LENGTH}
        )
    return value


def _reasons(reasons: tuple[StrEnum, ...]) -> tuple[str, ...]:
    if not reasons:
        raise DomainError(ErrorCode.REASONS_REQUIRED, field=["reasons"])
    if len(set(reasons)) != len(reasons):
        raise DomainError(ErrorCode.DUPLICATE_VALUES, field=["reasons"])
    return tuple(r.value for r in reasons)


def _nothing(command: SpecialistCommand) -> tuple[tuple[str, ...], str]:
    return (), ""


def _return(command: SpecialistCommand) -> tuple[tuple[str, ...], str]:
    """p. 9 sub-p. 2: one or more of the four reasons, and what to fix (the comment)."""
    assert isinstance(command, ReturnForRevision)
    return _reasons(command.reasons), _comment(command.comment, required=True)


def _refuse(command: SpecialistCommand) -> tuple[tuple[str, ...], str]:
    """p. 9 sub-p. 3: one or more of the four reasons; final."""
    assert isinstance(command, RefuseSpecialist)
    return _reasons(command.reasons), _comment(command.comment, required=False)


S = SpecialistApplicationStatus
DECIDERS = frozenset({Role.REGISTRAR})

TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        RegisterSpecialist,
        "registerSpecialistApplication",
        DECIDERS,
        frozenset({S.SUBMITTED}),
        S.REGISTERED,
        _nothing,
    ),
    Transition(
        ReturnForRevision,
        "returnSpecialistApplication",
        DECIDERS,
        frozenset({S.SUBMITTED}),
        S.RETURNED,
        _return,
    ),
    Transition(
        RefuseSpecialist,
        "refuseSpecialistApplication",
        DECIDERS,
        frozenset({S.SUBMITTED}),
        S.REFUSED,
        _refuse,
    ),
    Transition(
        Resubmit,
        "resubmitSpecialistApplication",
        frozenset({Role.APPLICANT}),
        frozenset({S.RETURNED}),
        S.SUBMITTED,
        _nothing,
    ),
)
_BY_COMMAND = {t.command: t for t in TRANSITIONS}


def transition_for(command: SpecialistCommand) -> Transition:
    return _BY_COMMAND[type(command)]


def allowed_commands(state: SpecialistApplicationState) -> list[str]:
    return [t.name for t in TRANSITIONS if state.status in t.sources]


def may_act(actor: Viewer, state: SpecialistApplicationState, transition: Transition) -> bool:
    """Admins may do anything; an applicant only on its own application."""
    if actor.role is Role.ADMIN:
        return True
    if actor.role not in transition.roles:
        return False
    return actor.role is not Role.APPLICANT or actor.subject == state.applicant


def open_round(
    *, applicant: str, round: int, received_at: datetime, calendar: WorkingCalendar
) -> SpecialistApplicationState:
    """A submission or a resubmission: received after hours, it counts from the next working
    day; the administrator decides within 5 working days after that day (p. 9)."""
    registered = calendar.registration_day(received_at)
    return SpecialistApplicationState(
        status=SpecialistApplicationStatus.SUBMITTED,
        applicant=applicant,
        round=round,
        registered_on=registered,
        due_on=calendar.due_date(registered, Term.SPECIALIST_DECISION),
    )


def decide(
    state: SpecialistApplicationState,
    command: SpecialistCommand,
    actor: Viewer,
    now: datetime,
    calendar: WorkingCalendar,
) -> Decision:
    """The new state and its history event, or a DomainError saying why not."""
    transition = _BY_COMMAND[type(command)]
    if not may_act(actor, state, transition):
        raise DomainError(ErrorCode.FORBIDDEN)
    if state.status not in transition.sources:
        raise DomainError(
            ErrorCode.ILLEGAL_TRANSITION,
            params={"state": state.status, "allowed": ", ".join(allowed_commands(state)) or "-"},
        )
    reasons, comment = transition.guard(command)
    if isinstance(command, Resubmit):
        new_state = open_round(
            applicant=state.applicant, round=state.round + 1, received_at=now, calendar=calendar
        )
    else:
        new_state = SpecialistApplicationState(
            status=transition.target,
            applicant=state.applicant,
            round=state.round,
            registered_on=state.registered_on,
            due_on=state.due_on,  # the round's deadline stays on record; met or missed
        )
    event = SpecialistEvent(
        at=now,
        actor_role=actor.role,
        actor_subject=actor.subject,
        command=transition.name,
        from_status=state.status,
        to_status=new_state.status,
        round=new_state.round,
        reasons=reasons,
        comment=comment,
    )
    return Decision(
        state=new_state,
        event=event,
        registers=new_state.status is SpecialistApplicationStatus.REGISTERED,
    )


class ConsentRight(Enum):
    NONE = "none"
    ORGANIZATION = "organization"  # the organisation's consent only
    BOTH = "both"


def consent_right(actor: Viewer, *, applicant: str, employers: frozenset[str]) -> ConsentRight:
    """p. 5 consents. The registrar (or an admin) records either; the applicant that applied
    for the specialist gives or withdraws both, as it gave them in the application; the
    organisation the specialist works at now (an applicant whose subject is its BIN) gives or
    withdraws its own (domain.md, "Consent": "given or withdrawn by the provider")."""
    if actor.role in (Role.REGISTRAR, Role.ADMIN):
        return ConsentRight.BOTH
    if actor.role is not Role.APPLICANT or not actor.subject:
        return ConsentRight.NONE
    if actor.subject == applicant:
        return ConsentRight.BOTH
    return ConsentRight.ORGANIZATION if actor.subject in employers else ConsentRight.NONE
