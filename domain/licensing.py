"""The licence application as a transition table (licensing rules p. 7-25, annex 1).

    submitted ──(inspector: incomplete, ≤1 wd)──────────> receipt_awaiting_signature
    receipt_awaiting_signature ──(licensor signs receipt 2-1, ≤1 wd)──> acceptance_refused
    submitted ──(inspector: complete, ≤1 wd)────────────> under_inspection
    under_inspection ──(inspector: conclusion, ≤7 wd)───> conclusion_ready
    conclusion_ready ──(licensor agrees, ≤2 wd)─────────> awaiting_signature
    conclusion_ready ──(licensor: preliminary refusal)──> preliminary_refusal
    preliminary_refusal ──(applicant objects, ≤3 wd)────> preliminary_refusal
    preliminary_refusal ──(licensor: hearing, ≤3 wd)────> hearing_held
    awaiting_signature | hearing_held(favourable) ──(head signs, ≤2 wd)──> licence_issued
    hearing_held(unfavourable) ──(motivated refusal)────> refused
    any open state ──(applicant withdraws)──────────────> withdrawn

`TRANSITIONS` below is that diagram as data: who may give each command, in which states, what
it checks and which deadline it sets. `decide` is the only way a state changes; it takes the
time and the calendar as arguments and never reads the clock.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from domain.calendar import OFFICE_CLOSES, OFFICE_OPENS, Term, WorkingCalendar, to_almaty
from domain.errors import DomainError, ErrorCode
from domain.labels import Label, register_labels
from domain.regions import Region
from domain.viewer import Role, Viewer

__all__ = [
    "MAX_GROUNDS",
    "MAX_NOTE_LENGTH",
    "TRANSITIONS",
    "AgreeConclusion",
    "ApplicationState",
    "ApplicationStatus",
    "Command",
    "CompletenessCheck",
    "Conclusion",
    "Decision",
    "Event",
    "Finding",
    "Ground",
    "Hearing",
    "HearingOutcome",
    "Objection",
    "PreliminaryRefusal",
    "RefusalGround",
    "RefuseLicence",
    "SignAcceptanceRefusal",
    "SignLicence",
    "Step",
    "Withdraw",
    "allowed_commands",
    "decide",
    "open_application",
    "transition_for",
]

MAX_NOTE_LENGTH = 4000
MAX_GROUNDS = 6
MAX_DOCUMENTS = 50
MAX_FINDINGS = 50
MAX_SHORT_TEXT = 500


class ApplicationStatus(StrEnum):
    SUBMITTED = "SUBMITTED"
    RECEIPT_AWAITING_SIGNATURE = "RECEIPT_AWAITING_SIGNATURE"
    ACCEPTANCE_REFUSED = "ACCEPTANCE_REFUSED"
    UNDER_INSPECTION = "UNDER_INSPECTION"
    CONCLUSION_READY = "CONCLUSION_READY"
    AWAITING_SIGNATURE = "AWAITING_SIGNATURE"
    PRELIMINARY_REFUSAL = "PRELIMINARY_REFUSAL"
    HEARING_HELD = "HEARING_HELD"
    LICENCE_ISSUED = "LICENCE_ISSUED"
    REFUSED = "REFUSED"
    WITHDRAWN = "WITHDRAWN"

    @property
    def is_final(self) -> bool:
        return self in FINAL_STATES


FINAL_STATES = frozenset(
    {
        ApplicationStatus.ACCEPTANCE_REFUSED,
        ApplicationStatus.LICENCE_ISSUED,
        ApplicationStatus.REFUSED,
        ApplicationStatus.WITHDRAWN,
    }
)

register_labels(
    ApplicationStatus,
    {
        ApplicationStatus.SUBMITTED: Label(kk="берілді", ru="подано"),
        ApplicationStatus.RECEIPT_AWAITING_SIGNATURE: Label(
            kk="қабылдаудан бас тарту туралы қолхат қол қоюда",
            ru="расписка об отказе в приеме на подписи",
        ),
        ApplicationStatus.ACCEPTANCE_REFUSED: Label(
            kk="қабылдаудан бас тартылды", ru="отказано в приеме"
        ),
        ApplicationStatus.UNDER_INSPECTION: Label(kk="тексеруде", ru="на проверке"),
        ApplicationStatus.CONCLUSION_READY: Label(kk="қорытынды дайын", ru="заключение готово"),
        ApplicationStatus.AWAITING_SIGNATURE: Label(kk="қол қоюды күтуде", ru="ожидает подписи"),
        ApplicationStatus.PRELIMINARY_REFUSAL: Label(
            kk="алдын ала бас тарту, тыңдау тағайындалды",
            ru="предварительный отказ, назначено заслушивание",
        ),
        ApplicationStatus.HEARING_HELD: Label(kk="тыңдау өткізілді", ru="заслушивание проведено"),
        ApplicationStatus.LICENCE_ISSUED: Label(kk="лицензия берілді", ru="лицензия выдана"),
        ApplicationStatus.REFUSED: Label(kk="дәлелді бас тарту", ru="мотивированный отказ"),
        ApplicationStatus.WITHDRAWN: Label(kk="кері қайтарылды", ru="отозвано заявителем"),
    },
)


class Step(StrEnum):
    """The step an open application waits on; each has its own term (domain.calendar.Term)."""

    COMPLETENESS_CHECK = "COMPLETENESS_CHECK"
    RECEIPT_SIGNING = "RECEIPT_SIGNING"
    INSPECTION = "INSPECTION"
    LICENSOR_AGREEMENT = "LICENSOR_AGREEMENT"
    SIGNATURE = "SIGNATURE"
    HEARING = "HEARING"
    DECISION_AFTER_HEARING = "DECISION_AFTER_HEARING"


register_labels(
    Step,
    {
        Step.COMPLETENESS_CHECK: Label(
            kk="құжаттардың толықтығын тексеру", ru="проверка полноты документов"
        ),
        Step.RECEIPT_SIGNING: Label(
            kk="қабылдаудан бас тарту туралы қолхатқа қол қою",
            ru="подписание расписки об отказе в приеме",
        ),
        Step.INSPECTION: Label(
            kk="құжаттарды тексеру және объектіге бару, қорытынды",
            ru="проверка документов и выезд на объект, заключение",
        ),
        Step.LICENSOR_AGREEMENT: Label(
            kk="лицензиардың қорытындыны келісуі", ru="согласование заключения лицензиаром"
        ),
        Step.SIGNATURE: Label(kk="басшының қол қоюы", ru="подписание руководителем"),
        Step.HEARING: Label(kk="тыңдау", ru="заслушивание"),
        Step.DECISION_AFTER_HEARING: Label(
            kk="тыңдаудан кейінгі шешім", ru="решение по итогам заслушивания"
        ),
    },
)


class RefusalGround(StrEnum):
    """Annex 1 item 10: grounds for refusing a licence."""

    QUALIFICATION_REQUIREMENTS_NOT_MET = "QUALIFICATION_REQUIREMENTS_NOT_MET"
    COURT_BAN_ON_ACTIVITY = "COURT_BAN_ON_ACTIVITY"
    BAILIFF_TEMPORARY_BAN = "BAILIFF_TEMPORARY_BAN"
    UNRELIABLE_DOCUMENTS = "UNRELIABLE_DOCUMENTS"
    NONCONFORMITY_WITH_RULES = "NONCONFORMITY_WITH_RULES"
    NO_PERSONAL_DATA_CONSENT = "NO_PERSONAL_DATA_CONSENT"


register_labels(
    RefusalGround,
    {
        RefusalGround.QUALIFICATION_REQUIREMENTS_NOT_MET: Label(
            kk="арнаулы әлеуметтік қызметтер көрсетуге қойылатын біліктілік талаптарына сәйкес "
            "келмейді",
            ru="несоответствие квалификационным требованиям к предоставлению специальных "
            "социальных услуг",
        ),
        RefusalGround.COURT_BAN_ON_ACTIVITY: Label(
            kk="лицензиялауға жататын қызметті немесе қызметтің жекелеген түрлерін тоқтата тұру "
            "немесе оған тыйым салу туралы заңды күшіне енген сот шешімі (үкімі) бар",
            ru="наличие вступившего в законную силу решения (приговора) суда о приостановлении "
            "или запрещении деятельности или отдельных видов деятельности, подлежащих "
            "лицензированию",
        ),
        RefusalGround.BAILIFF_TEMPORARY_BAN: Label(
            kk="сот орындаушысының ұсынуы негізінде көрсетілетін қызметті алушы-борышкерге "
            "лицензия беруге уақытша тыйым салынады",
            ru="временный запрет на выдачу лицензии должнику на основании представления "
            "судебного исполнителя",
        ),
        RefusalGround.UNRELIABLE_DOCUMENTS: Label(
            kk="лицензия алу үшін ұсынған құжаттардың және (немесе) олардағы деректердің "
            "(мәліметтердің) анық еместігі анықталды",
            ru="установлена недостоверность документов и (или) данных (сведений), "
            "представленных для получения лицензии",
        ),
        RefusalGround.NONCONFORMITY_WITH_RULES: Label(
            kk="көрсетілетін қызметті алушының және (немесе) ұсынылған материалдардың, "
            "объектілердің, деректер мен мәліметтердің осы Қағидаларда белгіленген талаптарға "
            "сәйкес келмеуі",
            ru="несоответствие услугополучателя и (или) представленных материалов, объектов, "
            "данных и сведений требованиям настоящих Правил",
        ),
        RefusalGround.NO_PERSONAL_DATA_CONSENT: Label(
            kk="қолжетімділігі шектеулі дербес деректерге қол жеткізуге көрсетілетін қызметті "
            "алушының келісімінің болмауы",
            ru="отсутствие согласия услугополучателя на доступ к персональным данным "
            "ограниченного доступа",
        ),
    },
)


class HearingOutcome(StrEnum):
    """p. 24: after the hearing the licensor issues the licence or refuses, with reasons."""

    ISSUE = "ISSUE"
    REFUSE = "REFUSE"


register_labels(
    HearingOutcome,
    {
        HearingOutcome.ISSUE: Label(kk="лицензия беру", ru="выдать лицензию"),
        HearingOutcome.REFUSE: Label(kk="бас тарту", ru="отказать"),
    },
)


@dataclass(frozen=True, slots=True)
class Ground:
    ground: RefusalGround
    note: str


@dataclass(frozen=True, slots=True)
class Finding:
    """One line of the conclusion (annex 2-2): a requirement, whether it is met, a note."""

    requirement: str
    conforms: bool
    note: str = ""


# --- commands -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Withdraw:
    reason: str = ""


@dataclass(frozen=True, slots=True)
class CompletenessCheck:
    complete: bool
    missing_documents: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SignAcceptanceRefusal:
    pass


@dataclass(frozen=True, slots=True)
class Conclusion:
    findings: tuple[Finding, ...]
    note: str = ""

    @property
    def positive(self) -> bool:
        return all(f.conforms for f in self.findings)


@dataclass(frozen=True, slots=True)
class AgreeConclusion:
    pass


@dataclass(frozen=True, slots=True)
class PreliminaryRefusal:
    grounds: tuple[Ground, ...]
    hearing_at: datetime
    hearing_place: str


@dataclass(frozen=True, slots=True)
class Objection:
    text: str


@dataclass(frozen=True, slots=True)
class Hearing:
    outcome: HearingOutcome
    minutes: str


@dataclass(frozen=True, slots=True)
class SignLicence:
    pass


@dataclass(frozen=True, slots=True)
class RefuseLicence:
    grounds: tuple[Ground, ...]


Command = (
    Withdraw
    | CompletenessCheck
    | SignAcceptanceRefusal
    | Conclusion
    | AgreeConclusion
    | PreliminaryRefusal
    | Objection
    | Hearing
    | SignLicence
    | RefuseLicence
)


# --- state, events, decisions -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ApplicationState:
    status: ApplicationStatus
    applicant: str
    region: Region
    registered_on: date
    due_on: date
    conclusion_positive: bool | None = None
    notice_on: date | None = None
    hearing_outcome: HearingOutcome | None = None
    hearing_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One append-only history entry: who, when, from, to, why."""

    at: datetime
    actor_role: Role
    actor_subject: str | None
    command: str
    from_status: ApplicationStatus | None
    to_status: ApplicationStatus
    reasons: tuple[str, ...] = ()
    note: str = ""
    documents: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Decision:
    state: ApplicationState
    step: Step | None
    step_due_on: date | None
    event: Event
    issues_licence: bool = False
    changes: Mapping[str, object] = field(default_factory=dict)


# --- the table ----------------------------------------------------------------------------

Guard = Callable[
    ["Context", Command], tuple[ApplicationStatus, Step | None, int | None, dict[str, object]]
]


@dataclass(frozen=True, slots=True)
class Context:
    state: ApplicationState
    actor: Viewer
    now: datetime
    calendar: WorkingCalendar

    @property
    def today(self) -> date:
        return self.calendar.local_date(self.now)


@dataclass(frozen=True, slots=True)
class Transition:
    """One row: `command` by `roles` in `sources`; the guard returns (target, step, term)."""

    command: type
    name: str
    roles: frozenset[Role]
    sources: frozenset[ApplicationStatus]
    guard: Guard


def _text(
    value: str, field_name: str, *, required: bool = True, limit: int = MAX_NOTE_LENGTH
) -> str:
    value = value.strip()
    if required and not value:
        raise DomainError(ErrorCode.REQUIRED, field=[field_name])
    if len(value) > limit:
        raise DomainError(ErrorCode.TEXT_TOO_LONG, field=[field_name], params={"max": limit})
    return value


def _grounds(grounds: tuple[Ground, ...]) -> dict[str, object]:
    if not grounds:
        raise DomainError(ErrorCode.GROUNDS_REQUIRED, field=["grounds"])
    if len(grounds) > MAX_GROUNDS:
        raise DomainError(ErrorCode.TOO_MANY_VALUES, field=["grounds"], params={"max": MAX_GROUNDS})
    if len({g.ground for g in grounds}) != len(grounds):
        raise DomainError(ErrorCode.DUPLICATE_VALUES, field=["grounds"])
    for i, g in enumerate(grounds):
        _text(g.note, f"grounds.{i}.note")
    return {"grounds": grounds}


def _withdraw(
    c: Context, cmd: Command
) -> tuple[ApplicationStatus, Step | None, int | None, dict[str, object]]:
    assert isinstance(cmd, Withdraw)
    _text(cmd.reason, "reason", required=False)
    return ApplicationStatus.WITHDRAWN, None, None, {}


def _completeness(
    c: Context, cmd: Command
) -> tuple[ApplicationStatus, Step | None, int | None, dict[str, object]]:
    """p. 13: 1 working day; incomplete or expired documents: a reasoned refusal (annex 2-1)."""
    assert isinstance(cmd, CompletenessCheck)
    if cmd.complete:
        if cmd.missing_documents:
            raise DomainError(ErrorCode.INVALID_VALUE, field=["missingDocuments"])
        return ApplicationStatus.UNDER_INSPECTION, Step.INSPECTION, Term.INSPECTION_CONCLUSION, {}
    if not cmd.missing_documents:
        raise DomainError(ErrorCode.MISSING_DOCUMENTS_REQUIRED, field=["missingDocuments"])
    if len(cmd.missing_documents) > MAX_DOCUMENTS:
        raise DomainError(
            ErrorCode.TOO_MANY_VALUES, field=["missingDocuments"], params={"max": MAX_DOCUMENTS}
        )
    for i, doc in enumerate(cmd.missing_documents):
        _text(doc, f"missingDocuments.{i}", limit=MAX_SHORT_TEXT)
    return (
        ApplicationStatus.RECEIPT_AWAITING_SIGNATURE,
        Step.RECEIPT_SIGNING,
        Term.ACCEPTANCE_REFUSAL_SIGNING,
        {},
    )


def _sign_receipt(
    c: Context, cmd: Command
) -> tuple[ApplicationStatus, Step | None, int | None, dict[str, object]]:
    """p. 14: the licensor reviews the receipt refusing acceptance (annex 2-1), signs and sends
    it within 1 working day; the refusal is final with the signature."""
    return ApplicationStatus.ACCEPTANCE_REFUSED, None, None, {}


def _conclusion(
    c: Context, cmd: Command
) -> tuple[ApplicationStatus, Step | None, int | None, dict[str, object]]:
    """p. 15: document check and site visit, conclusion (annex 2-2) within 7 working days."""
    assert isinstance(cmd, Conclusion)
    if not cmd.findings:
        raise DomainError(ErrorCode.REQUIRED, field=["findings"])
    if len(cmd.findings) > MAX_FINDINGS:
        raise DomainError(
            ErrorCode.TOO_MANY_VALUES, field=["findings"], params={"max": MAX_FINDINGS}
        )
    for i, f in enumerate(cmd.findings):
        _text(f.requirement, f"findings.{i}.requirement", limit=MAX_SHORT_TEXT)
        _text(f.note, f"findings.{i}.note", required=not f.conforms)
    _text(cmd.note, "note", required=False)
    changes: dict[str, object] = {"conclusion_positive": cmd.positive}
    return (
        ApplicationStatus.CONCLUSION_READY,
        Step.LICENSOR_AGREEMENT,
        Term.LICENSOR_AGREES,
        changes,
    )


def _agree(
    c: Context, cmd: Command
) -> tuple[ApplicationStatus, Step | None, int | None, dict[str, object]]:
    """p. 17: the licensor agrees a positive conclusion within 2 working days."""
    if not c.state.conclusion_positive:
        raise DomainError(ErrorCode.CONCLUSION_NOT_POSITIVE)
    return ApplicationStatus.AWAITING_SIGNATURE, Step.SIGNATURE, Term.HEAD_SIGNS, {}


def _preliminary_refusal(
    c: Context, cmd: Command
) -> tuple[ApplicationStatus, Step | None, int | None, dict[str, object]]:
    """p. 21: notice no later than 3 wd before the term ends; hearing within 3 wd of notice."""
    assert isinstance(cmd, PreliminaryRefusal)
    changes = _grounds(cmd.grounds)
    _text(cmd.hearing_place, "hearingPlace", limit=MAX_SHORT_TEXT)
    # A notice sent after hours or on a day off is received, and counts, from the next working day.
    cal, notice_day = c.calendar, c.calendar.registration_day(c.now)
    if cal.working_days_between(notice_day, c.state.due_on) < Term.PRELIMINARY_NOTICE_BEFORE_END:
        raise DomainError(ErrorCode.PRELIMINARY_NOTICE_TOO_LATE, params={"due": c.state.due_on})
    latest = cal.due_date(notice_day, Term.HEARING_AFTER_NOTICE)
    outside = DomainError(
        ErrorCode.HEARING_OUTSIDE_WINDOW, field=["hearingAt"], params={"latest": latest}
    )
    # Checked on the raw value first: a far-off year cannot be converted between time zones.
    if cmd.hearing_at.tzinfo is None or abs(cmd.hearing_at.year - notice_day.year) > 1:
        raise outside
    local = to_almaty(cmd.hearing_at)
    in_office = OFFICE_OPENS <= local.time() < OFFICE_CLOSES
    if (
        cmd.hearing_at <= c.now
        or not notice_day <= local.date() <= latest
        or not cal.is_working_day(local.date())
        or not in_office
    ):
        raise outside
    changes |= {
        "notice_on": notice_day,
        "hearing_at": cmd.hearing_at,
        "hearing_place": cmd.hearing_place,
    }
    return ApplicationStatus.PRELIMINARY_REFUSAL, Step.HEARING, None, changes


def _objection(
    c: Context, cmd: Command
) -> tuple[ApplicationStatus, Step | None, int | None, dict[str, object]]:
    """p. 23: the applicant objects within 3 working days of receiving the preliminary decision."""
    assert isinstance(cmd, Objection)
    _text(cmd.text, "text")
    assert c.state.notice_on is not None
    # Open for the full 3 working days while the hearing's outcome is not yet recorded.
    if c.today > c.calendar.due_date(c.state.notice_on, Term.OBJECTION):
        raise DomainError(ErrorCode.OBJECTION_TOO_LATE)
    return ApplicationStatus.PRELIMINARY_REFUSAL, Step.HEARING, None, {"objection": cmd.text}


def _hearing(
    c: Context, cmd: Command
) -> tuple[ApplicationStatus, Step | None, int | None, dict[str, object]]:
    """p. 24: after the hearing, the licence or a motivated refusal; the head signs in 2 wd."""
    assert isinstance(cmd, Hearing)
    _text(cmd.minutes, "minutes")
    if c.state.hearing_at is not None and c.now < c.state.hearing_at:
        at = to_almaty(c.state.hearing_at).strftime("%Y-%m-%d %H:%M")
        raise DomainError(ErrorCode.HEARING_NOT_YET_HELD, params={"at": at})
    changes: dict[str, object] = {"hearing_outcome": cmd.outcome, "hearing_minutes": cmd.minutes}
    return ApplicationStatus.HEARING_HELD, Step.DECISION_AFTER_HEARING, Term.HEAD_SIGNS, changes


def _sign(
    c: Context, cmd: Command
) -> tuple[ApplicationStatus, Step | None, int | None, dict[str, object]]:
    """p. 18: the head signs the licence; after a hearing only if its outcome was to issue."""
    if c.state.status is ApplicationStatus.HEARING_HELD and (
        c.state.hearing_outcome is not HearingOutcome.ISSUE
    ):
        raise DomainError(ErrorCode.HEARING_OUTCOME_MISMATCH)
    return ApplicationStatus.LICENCE_ISSUED, None, None, {}


def _refuse(
    c: Context, cmd: Command
) -> tuple[ApplicationStatus, Step | None, int | None, dict[str, object]]:
    """Annex 3-1: a motivated refusal after a hearing whose outcome was to refuse."""
    assert isinstance(cmd, RefuseLicence)
    if c.state.hearing_outcome is not HearingOutcome.REFUSE:
        raise DomainError(ErrorCode.HEARING_OUTCOME_MISMATCH)
    return ApplicationStatus.REFUSED, None, None, _grounds(cmd.grounds)


S = ApplicationStatus
OPEN = frozenset(s for s in ApplicationStatus if not s.is_final)

TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        Withdraw, "withdrawLicenceApplication", frozenset({Role.APPLICANT}), OPEN, _withdraw
    ),
    Transition(
        CompletenessCheck,
        "recordCompletenessCheck",
        frozenset({Role.INSPECTOR}),
        frozenset({S.SUBMITTED}),
        _completeness,
    ),
    Transition(
        SignAcceptanceRefusal,
        "signAcceptanceRefusal",
        frozenset({Role.LICENSOR}),
        frozenset({S.RECEIPT_AWAITING_SIGNATURE}),
        _sign_receipt,
    ),
    Transition(
        Conclusion,
        "submitInspectionConclusion",
        frozenset({Role.INSPECTOR}),
        frozenset({S.UNDER_INSPECTION}),
        _conclusion,
    ),
    Transition(
        AgreeConclusion,
        "agreeConclusion",
        frozenset({Role.LICENSOR}),
        frozenset({S.CONCLUSION_READY}),
        _agree,
    ),
    Transition(
        PreliminaryRefusal,
        "issuePreliminaryRefusal",
        frozenset({Role.LICENSOR}),
        frozenset({S.CONCLUSION_READY}),
        _preliminary_refusal,
    ),
    Transition(
        Objection,
        "recordObjection",
        frozenset({Role.APPLICANT}),
        frozenset({S.PRELIMINARY_REFUSAL}),
        _objection,
    ),
    Transition(
        Hearing,
        "recordHearing",
        frozenset({Role.LICENSOR}),
        frozenset({S.PRELIMINARY_REFUSAL}),
        _hearing,
    ),
    Transition(
        SignLicence,
        "signLicence",
        frozenset({Role.LICENSOR}),
        frozenset({S.AWAITING_SIGNATURE, S.HEARING_HELD}),
        _sign,
    ),
    Transition(
        RefuseLicence,
        "refuseLicence",
        frozenset({Role.LICENSOR}),
        frozenset({S.HEARING_HELD}),
        _refuse,
    ),
)
_BY_COMMAND = {t.command: t for t in TRANSITIONS}


def transition_for(command: Command) -> Transition:
    return _BY_COMMAND[type(command)]


def allowed_commands(state: ApplicationState) -> list[str]:
    """The commands the state admits, leaving out those its recorded facts already rule out
    (agreeing a negative conclusion; signing after a hearing that decided to refuse, or
    refusing after one that decided to issue)."""
    ruled_out = set()
    if state.conclusion_positive is not True:
        ruled_out.add("agreeConclusion")
    if state.status is ApplicationStatus.HEARING_HELD:
        ruled_out.add(
            "refuseLicence" if state.hearing_outcome is HearingOutcome.ISSUE else "signLicence"
        )
    return [t.name for t in TRANSITIONS if state.status in t.sources and t.name not in ruled_out]


def _may_act(actor: Viewer, state: ApplicationState, transition: Transition) -> bool:
    """Admins may do anything; applicants only on their own; inspectors only in their region."""
    if actor.role is Role.ADMIN:
        return True
    if actor.role not in transition.roles:
        return False
    if actor.role is Role.APPLICANT:
        return actor.subject == state.applicant
    if actor.role is Role.INSPECTOR:
        return actor.subject in ("*", state.region.value)
    return True


def _reasons(changes: Mapping[str, object]) -> tuple[str, ...]:
    grounds = changes.get("grounds", ())
    assert isinstance(grounds, tuple)
    return tuple(g.ground.value for g in grounds)


def decide(
    state: ApplicationState,
    command: Command,
    actor: Viewer,
    now: datetime,
    calendar: WorkingCalendar,
) -> Decision:
    """The new state and its history event, or a DomainError saying why not."""
    transition = _BY_COMMAND[type(command)]
    if not _may_act(actor, state, transition):
        raise DomainError(ErrorCode.FORBIDDEN)
    if state.status not in transition.sources:
        raise DomainError(
            ErrorCode.ILLEGAL_TRANSITION,
            params={
                "state": state.status,
                "allowed": ", ".join(allowed_commands(state)) or "-",
            },
        )
    context = Context(state=state, actor=actor, now=now, calendar=calendar)
    target, step, term, changes = transition.guard(context, command)
    today = context.today
    step_due = None
    hearing_at = changes.get("hearing_at")
    if isinstance(hearing_at, datetime):
        step_due = calendar.local_date(hearing_at)  # the hearing is the next step's deadline
    elif term is not None:
        step_due = calendar.due_date(today, term)
    new_state = ApplicationState(
        status=target,
        applicant=state.applicant,
        region=state.region,
        registered_on=state.registered_on,
        due_on=state.due_on,
        conclusion_positive=changes.get("conclusion_positive", state.conclusion_positive),  # type: ignore[arg-type]
        notice_on=changes.get("notice_on", state.notice_on),  # type: ignore[arg-type]
        hearing_at=changes.get("hearing_at", state.hearing_at),  # type: ignore[arg-type]
        hearing_outcome=changes.get("hearing_outcome", state.hearing_outcome),  # type: ignore[arg-type]
    )
    event = Event(
        at=now,
        actor_role=actor.role,
        actor_subject=actor.subject,
        command=transition.name,
        from_status=state.status,
        to_status=target,
        reasons=_reasons(changes),
        note=_event_note(command),
        documents=command.missing_documents if isinstance(command, CompletenessCheck) else (),
    )
    return Decision(
        state=new_state,
        step=step,
        step_due_on=step_due,
        event=event,
        issues_licence=target is ApplicationStatus.LICENCE_ISSUED,
        changes=changes,
    )


def _event_note(command: Command) -> str:
    if isinstance(command, Withdraw):
        return command.reason
    if isinstance(command, Conclusion):
        return command.note
    if isinstance(command, Objection):
        return command.text
    if isinstance(command, Hearing):
        return command.minutes
    if isinstance(command, PreliminaryRefusal | RefuseLicence):
        return "\n".join(f"{g.ground.value}: {g.note}" for g in command.grounds)
    return ""


def open_application(
    *, applicant: str, region: Region, received_at: datetime, calendar: WorkingCalendar
) -> tuple[ApplicationState, Step, date]:
    """A new application: registered on the next working day if received after hours (p. 9);
    the whole service takes 15 working days (annex 1 item 4); the completeness check 1 (p. 13).
    """
    registered = calendar.registration_day(received_at)
    state = ApplicationState(
        status=ApplicationStatus.SUBMITTED,
        applicant=applicant,
        region=region,
        registered_on=registered,
        due_on=calendar.due_date(registered, Term.WHOLE_LICENCE_ISSUE),
    )
    return state, Step.COMPLETENESS_CHECK, calendar.due_date(registered, Term.COMPLETENESS_CHECK)
