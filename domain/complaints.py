"""Complaints as a transition table (licensing rules, chapter 4, p. 36-41).

    (applicant files, registered on the next working day if after hours)──> filed
    filed ──(licensor forwards it with the case file, ≤3 wd, p. 39)────────> forwarded
    filed ──(licensor fully satisfies it within those 3 wd, p. 40)─────────> satisfied
    forwarded ──(reviewer: upheld | rejected, with reasons)────────────────> decided
    decided | satisfied ──(applicant: closing note, e.g. went to court, p. 41)──> unchanged

The reviewer is the head of the licensor (5 working days from registration, p. 37) or the
authorised body for assessing and controlling the quality of state services (15 working days,
p. 38), whichever the applicant addressed. Every term counts from the registration day (day 0),
so each step's deadline is `STEP_TERMS[step, addressee]` working days after it.

There is no role for the quality-assessment body yet (domain.viewer.Role): a complaint addressed
to it is decided by the admin role until one exists.

Forwarding late is allowed (the complaint simply shows as overdue); satisfying late is not:
after the 3 working days p. 40 no longer applies and the complaint must go to the reviewer.
`decide` never reads the clock; the time and the calendar are arguments.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from types import MappingProxyType

from domain.calendar import Term, WorkingCalendar
from domain.errors import DomainError, ErrorCode
from domain.labels import Label, register_labels
from domain.validation import Problems
from domain.viewer import Role, Viewer

__all__ = [
    "FILING_ROLES",
    "MAX_NOTE_LENGTH",
    "MAX_TEXT_LENGTH",
    "OPEN_STATES",
    "STEP_TERMS",
    "TRANSITIONS",
    "Close",
    "Command",
    "ComplaintAddressee",
    "ComplaintDecision",
    "ComplaintForm",
    "ComplaintState",
    "ComplaintStatus",
    "ComplaintStep",
    "Decide",
    "Decision",
    "Event",
    "Filing",
    "Forward",
    "Satisfy",
    "Transition",
    "allowed_commands",
    "check_complaint",
    "decide",
    "file_complaint",
    "step_due_on",
    "transition_for",
]

MAX_TEXT_LENGTH = 8000
"""The complaint's own text (the column holds 8000 characters)."""

MAX_NOTE_LENGTH = 4000
"""Notes, reasons and closing notes, as for applications (domain.licensing)."""


class ComplaintStatus(StrEnum):
    FILED = "FILED"
    FORWARDED = "FORWARDED"
    SATISFIED = "SATISFIED"
    DECIDED = "DECIDED"


register_labels(
    ComplaintStatus,
    {
        ComplaintStatus.FILED: Label(kk="шағым берілді", ru="жалоба подана"),
        ComplaintStatus.FORWARDED: Label(
            kk="шағымды қарайтын органға жіберілді",
            ru="направлена в орган, рассматривающий жалобу",
        ),
        ComplaintStatus.SATISFIED: Label(
            kk="3 жұмыс күні ішінде толық қанағаттандырылды",
            ru="полностью удовлетворена в течение 3 рабочих дней",
        ),
        ComplaintStatus.DECIDED: Label(
            kk="шағым бойынша шешім қабылданды", ru="по жалобе принято решение"
        ),
    },
)

OPEN_STATES = frozenset({ComplaintStatus.FILED, ComplaintStatus.FORWARDED})
"""States with a step still to take and so a deadline that can pass."""


class ComplaintAddressee(StrEnum):
    """p. 36: the head of the service provider (the licensor), or the quality-assessment body."""

    LICENSOR = "LICENSOR"
    QUALITY_BODY = "QUALITY_BODY"


register_labels(
    ComplaintAddressee,
    {
        ComplaintAddressee.LICENSOR: Label(
            kk="көрсетілетін қызметті берушінің (лицензиардың) басшысы",
            ru="руководитель услугодателя (лицензиара)",
        ),
        ComplaintAddressee.QUALITY_BODY: Label(
            kk="мемлекеттік қызметтер көрсету сапасын бағалау және бақылау жөніндегі уәкілетті "
            "орган",
            ru="уполномоченный орган по оценке и контролю за качеством оказания "
            "государственных услуг",
        ),
    },
)


class ComplaintDecision(StrEnum):
    UPHELD = "UPHELD"
    REJECTED = "REJECTED"


register_labels(
    ComplaintDecision,
    {
        ComplaintDecision.UPHELD: Label(kk="шағым қанағаттандырылды", ru="жалоба удовлетворена"),
        ComplaintDecision.REJECTED: Label(
            kk="шағымды қанағаттандырудан бас тартылды", ru="в удовлетворении жалобы отказано"
        ),
    },
)


class ComplaintStep(StrEnum):
    """The step an open complaint waits on."""

    FORWARDING = "FORWARDING"
    DECISION = "DECISION"


register_labels(
    ComplaintStep,
    {
        ComplaintStep.FORWARDING: Label(
            kk="шағымды әкімшілік іспен бірге қарайтын органға жіберу",
            ru="направление жалобы с административным делом в орган, рассматривающий жалобу",
        ),
        ComplaintStep.DECISION: Label(kk="шағымды қарау", ru="рассмотрение жалобы"),
    },
)

STEP_TERMS: Mapping[tuple[ComplaintStep, ComplaintAddressee], Term] = MappingProxyType(
    {
        # p. 39: forwarded with the case file within 3 working days, whoever reviews it.
        (ComplaintStep.FORWARDING, ComplaintAddressee.LICENSOR): Term.COMPLAINT_FORWARDING,
        (ComplaintStep.FORWARDING, ComplaintAddressee.QUALITY_BODY): Term.COMPLAINT_FORWARDING,
        # p. 37: the head of the licensor decides within 5 working days of registration.
        (ComplaintStep.DECISION, ComplaintAddressee.LICENSOR): Term.COMPLAINT_LICENSOR,
        # p. 38: the quality-assessment body within 15 working days of registration.
        (ComplaintStep.DECISION, ComplaintAddressee.QUALITY_BODY): Term.COMPLAINT_QUALITY_BODY,
    }
)
"""Each step's term, in working days counted from the complaint's registration day."""


def step_due_on(
    step: ComplaintStep, addressee: ComplaintAddressee, registered_on: date, cal: WorkingCalendar
) -> date:
    """The last day of `step`: its term counted from the registration day (day 0)."""
    return cal.due_date(registered_on, STEP_TERMS[step, addressee])


# --- commands -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Forward:
    """p. 39: the complaint and the administrative case go to the reviewer."""

    note: str = ""


@dataclass(frozen=True, slots=True)
class Satisfy:
    """p. 40: a decision or action that fully satisfies the complaint, so it is not forwarded."""

    note: str


@dataclass(frozen=True, slots=True)
class Decide:
    """p. 37-38: the reviewer's decision, with its reasons."""

    decision: ComplaintDecision
    reasons: str


@dataclass(frozen=True, slots=True)
class Close:
    """p. 41: what the applicant did next (e.g. went to court); the status does not change."""

    note: str


Command = Forward | Satisfy | Decide | Close


# --- state, events, decisions -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ComplaintState:
    status: ComplaintStatus
    applicant: str
    addressee: ComplaintAddressee
    registered_on: date
    due_on: date
    closed: bool = False


@dataclass(frozen=True, slots=True)
class Event:
    """One append-only history entry."""

    at: datetime
    actor_role: Role
    actor_subject: str | None
    command: str
    from_status: ComplaintStatus | None
    to_status: ComplaintStatus
    note: str = ""


@dataclass(frozen=True, slots=True)
class Decision:
    state: ComplaintState
    step: ComplaintStep | None
    step_due_on: date | None
    event: Event
    changes: Mapping[str, object] = field(default_factory=dict)


# --- the table ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Context:
    state: ComplaintState
    actor: Viewer
    now: datetime
    calendar: WorkingCalendar

    @property
    def today(self) -> date:
        return self.calendar.local_date(self.now)


Guard = Callable[[Context, Command], dict[str, object]]
"""Checks the command against the state; returns the columns it changes, or raises."""


@dataclass(frozen=True, slots=True)
class Transition:
    """One row: `command` by `roles[addressee]` in `sources` → `target` (None: unchanged),
    waiting next on `step`, whose deadline is `STEP_TERMS[step, addressee]` from registration.
    Admins may give any command (as in domain.licensing)."""

    command: type
    name: str
    roles: Mapping[ComplaintAddressee, frozenset[Role]]
    sources: frozenset[ComplaintStatus]
    target: ComplaintStatus | None
    step: ComplaintStep | None
    guard: Guard


def _either(*roles: Role) -> Mapping[ComplaintAddressee, frozenset[Role]]:
    return MappingProxyType({a: frozenset(roles) for a in ComplaintAddressee})


def _text(value: str, field_name: str, *, required: bool, limit: int = MAX_NOTE_LENGTH) -> str:
    value = value.strip()
    if required and not value:
        raise DomainError(ErrorCode.REQUIRED, field=[field_name])
    if len(value) > limit:
        raise DomainError(ErrorCode.TEXT_TOO_LONG, field=[field_name], params={"max": limit})
    return value


def _forward(c: Context, cmd: Command) -> dict[str, object]:
    """p. 39: within 3 working days; later is still allowed, the complaint shows overdue."""
    assert isinstance(cmd, Forward)
    _text(cmd.note, "note", required=False)
    return {"forwarded_at": c.now}


def _satisfy(c: Context, cmd: Command) -> dict[str, object]:
    """p. 40: only while the 3 working days of p. 39 run; after that it must be forwarded."""
    assert isinstance(cmd, Satisfy)
    _text(cmd.note, "note", required=True)
    last = step_due_on(
        ComplaintStep.FORWARDING, c.state.addressee, c.state.registered_on, c.calendar
    )
    if c.today > last:
        raise DomainError(ErrorCode.SATISFACTION_TOO_LATE, params={"due": last})
    return {}


def _decide(c: Context, cmd: Command) -> dict[str, object]:
    """p. 37-38: upheld or rejected, always with reasons (p. 41: the applicant may sue)."""
    assert isinstance(cmd, Decide)
    reasons = _text(cmd.reasons, "reasons", required=True)
    return {"decision": cmd.decision, "decision_reasons": reasons}


def _close(c: Context, cmd: Command) -> dict[str, object]:
    """p. 41: the closing note, once; the status stays."""
    assert isinstance(cmd, Close)
    return {"closing_note": _text(cmd.note, "note", required=True)}


S = ComplaintStatus

TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        Forward,
        "forwardComplaint",
        _either(Role.LICENSOR),
        frozenset({S.FILED}),
        S.FORWARDED,
        ComplaintStep.DECISION,
        _forward,
    ),
    Transition(
        Satisfy,
        "satisfyComplaint",
        _either(Role.LICENSOR),
        frozenset({S.FILED}),
        S.SATISFIED,
        None,
        _satisfy,
    ),
    Transition(
        Decide,
        "decideComplaint",
        MappingProxyType(
            {
                ComplaintAddressee.LICENSOR: frozenset({Role.LICENSOR}),
                # No quality-body role yet: the admin role stands in for that body.
                ComplaintAddressee.QUALITY_BODY: frozenset({Role.ADMIN}),
            }
        ),
        frozenset({S.FORWARDED}),
        S.DECIDED,
        None,
        _decide,
    ),
    Transition(
        Close,
        "closeComplaint",
        _either(Role.APPLICANT),
        frozenset({S.SATISFIED, S.DECIDED}),
        None,
        None,
        _close,
    ),
)
_BY_COMMAND = {t.command: t for t in TRANSITIONS}

FILING_ROLES = frozenset({Role.APPLICANT})
"""Only the applicant complains, about its own application or licence (p. 36)."""


def transition_for(command: Command) -> Transition:
    return _BY_COMMAND[type(command)]


def allowed_commands(status: ComplaintStatus, closed: bool = False) -> list[str]:
    """The commands the table allows in `status`; none once the closing note is recorded."""
    if closed:
        return []
    return [t.name for t in TRANSITIONS if status in t.sources]


def _may_act(actor: Viewer, state: ComplaintState, transition: Transition) -> bool:
    if actor.role is Role.ADMIN:
        return True
    if actor.role not in transition.roles[state.addressee]:
        return False
    if actor.role is Role.APPLICANT:
        return actor.subject == state.applicant
    return True


def decide(
    state: ComplaintState,
    command: Command,
    actor: Viewer,
    now: datetime,
    calendar: WorkingCalendar,
) -> Decision:
    """The new state and its history event, or a DomainError saying why not."""
    transition = _BY_COMMAND[type(command)]
    if not _may_act(actor, state, transition):
        raise DomainError(ErrorCode.FORBIDDEN)
    if transition.name not in allowed_commands(state.status, state.closed):
        raise DomainError(
            ErrorCode.ILLEGAL_TRANSITION,
            params={
                "state": state.status,
                "allowed": ", ".join(allowed_commands(state.status, state.closed)) or "-",
            },
        )
    context = Context(state=state, actor=actor, now=now, calendar=calendar)
    changes = transition.guard(context, command)
    target = transition.target or state.status
    step = transition.step
    due = None
    if step is not None:
        due = step_due_on(step, state.addressee, state.registered_on, calendar)
    new_state = ComplaintState(
        status=target,
        applicant=state.applicant,
        addressee=state.addressee,
        registered_on=state.registered_on,
        due_on=state.due_on,
        closed=state.closed or "closing_note" in changes,
    )
    event = Event(
        at=now,
        actor_role=actor.role,
        actor_subject=actor.subject,
        command=transition.name,
        from_status=state.status,
        to_status=target,
        note=_event_note(command),
    )
    return Decision(state=new_state, step=step, step_due_on=due, event=event, changes=changes)


def _event_note(command: Command) -> str:
    if isinstance(command, Decide):
        return command.reasons.strip()
    return command.note.strip()


# --- filing -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ComplaintForm:
    """What the applicant complains about (exactly one of the two), to whom, and why."""

    application_id: int | None
    licence_id: int | None
    addressee: ComplaintAddressee
    text: str


def check_complaint(form: ComplaintForm) -> ComplaintForm:
    """The cleaned form, or `Invalid` listing every problem."""
    p = Problems("input")
    if (form.application_id is None) == (form.licence_id is None):
        p.add(ErrorCode.ONE_OF_REQUIRED, "applicationId", fields="applicationId, licenceId")
    text = p.text(form.text, "text", limit=MAX_TEXT_LENGTH)
    p.raise_if_any()
    return ComplaintForm(
        application_id=form.application_id,
        licence_id=form.licence_id,
        addressee=form.addressee,
        text=text,
    )


@dataclass(frozen=True, slots=True)
class Filing:
    state: ComplaintState
    step: ComplaintStep
    step_due_on: date
    event: Event


def file_complaint(
    *,
    applicant: Viewer,
    owner: str,
    addressee: ComplaintAddressee,
    received_at: datetime,
    calendar: WorkingCalendar,
) -> Filing:
    """A new complaint of `owner` (the BIN/IIN of the application or licence complained of).

    Registered like an application (annex 1 item 8: after 18:30, at a weekend or on a holiday,
    the next working day); reviewed within 5 or 15 working days of that day (p. 37, p. 38);
    first forwarded within 3 (p. 39).
    """
    if applicant.role not in FILING_ROLES or applicant.subject != owner:
        raise DomainError(ErrorCode.FORBIDDEN)
    registered = calendar.registration_day(received_at)
    state = ComplaintState(
        status=ComplaintStatus.FILED,
        applicant=owner,
        addressee=addressee,
        registered_on=registered,
        due_on=step_due_on(ComplaintStep.DECISION, addressee, registered, calendar),
    )
    event = Event(
        at=received_at,
        actor_role=applicant.role,
        actor_subject=applicant.subject,
        command="fileComplaint",
        from_status=None,
        to_status=ComplaintStatus.FILED,
    )
    step = ComplaintStep.FORWARDING
    return Filing(
        state=state,
        step=step,
        step_due_on=step_due_on(step, addressee, registered, calendar),
        event=event,
    )
