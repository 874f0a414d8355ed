"""What happens to a licence after issue (licensing rules chapter 3, p. 26-34), as tables.

The licence (`LICENCE_TRANSITIONS`; "=" keeps the status):

    ACTIVE | SUSPENDED ──submitReissueApplication (applicant, arts. 33-34)──> =  (no event)
    ACTIVE | SUSPENDED ──decideReissue, approved (arts. 33-34)──────────────> =  REISSUED
    ACTIVE ──suspendLicence (art. 45)────────────────────────────────────────> SUSPENDED
    SUSPENDED ──resumeLicence (art. 45)──────────────────────────────────────> ACTIVE
    ACTIVE | SUSPENDED ──revokeLicence (deprivation, art. 45)───────────────> REVOKED
    ACTIVE | SUSPENDED | REVOKED ──terminateLicence (art. 35)───────────────> TERMINATED
    ACTIVE | SUSPENDED | REVOKED ──issueDuplicateLicence (art. 43)──────────> =  DUPLICATE_ISSUED

The reissue application (annex 4; `REISSUE_TRANSITIONS`), whole term 2 working days
(annex 1 item 4, `Term.WHOLE_REISSUE`):

    SUBMITTED ──decideReissue(approve: true)──────────> APPROVED
    SUBMITTED ──decideReissue(approve: false, reason)─> REFUSED

The licensor gives every licence command (the admin may do anything); the applicant only
applies for the reissue of its own licence. Recording a service contract and changing the
publication consent act on the organisation, not on the licence's status (`check_service_contract`,
`may_set_consent`). Like `domain.licensing`, nothing here reads the clock.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from domain.calendar import Term, WorkingCalendar
from domain.errors import DomainError, ErrorCode
from domain.labels import Label, label_of, register_labels
from domain.regions import Region
from domain.register import LicenceStatus
from domain.validation import Problems
from domain.viewer import Role, Viewer

__all__ = [
    "LICENCE_TRANSITIONS",
    "MAX_NOTE_LENGTH",
    "REISSUE_CHANGES",
    "REISSUE_TRANSITIONS",
    "ApplyForReissue",
    "ApproveReissue",
    "DuplicateReason",
    "IssueDuplicate",
    "LicenceCommand",
    "LicenceDecision",
    "LicenceEventKind",
    "LicenceState",
    "RefuseReissue",
    "Reissue",
    "ReissueCommand",
    "ReissueReason",
    "ReissueRequest",
    "ReissueStatus",
    "Resume",
    "Revoke",
    "Suspend",
    "Terminate",
    "TerminationGround",
    "allowed_licence_commands",
    "check_reissue_request",
    "check_service_contract",
    "command_name",
    "decide_licence",
    "decide_reissue",
    "may_set_consent",
    "open_reissue",
]

MAX_NOTE_LENGTH = 2000
MAX_GROUND_NOTE_LENGTH = 500  # the ground's label and this note fit the register's 1000
MAX_TEXT = 500  # names and addresses: the annex 3 columns
MAX_DOCUMENTS = 50


class LicenceEventKind(StrEnum):
    """An entry of a licence's public history."""

    ISSUED = "ISSUED"
    REISSUED = "REISSUED"
    SUSPENDED = "SUSPENDED"
    RESUMED = "RESUMED"
    REVOKED = "REVOKED"
    TERMINATED = "TERMINATED"
    DUPLICATE_ISSUED = "DUPLICATE_ISSUED"
    SERVICE_CONTRACT_RECORDED = "SERVICE_CONTRACT_RECORDED"


register_labels(
    LicenceEventKind,
    {
        LicenceEventKind.ISSUED: Label(kk="лицензия берілді", ru="лицензия выдана"),
        LicenceEventKind.REISSUED: Label(
            kk="лицензия қайта ресімделді", ru="лицензия переоформлена"
        ),
        LicenceEventKind.SUSPENDED: Label(
            kk="лицензияның қолданылуы тоқтатыла тұрды", ru="действие лицензии приостановлено"
        ),
        LicenceEventKind.RESUMED: Label(
            kk="лицензияның қолданылуы қайта басталды", ru="действие лицензии возобновлено"
        ),
        LicenceEventKind.REVOKED: Label(kk="лицензиядан айырылды", ru="лишение лицензии"),
        LicenceEventKind.TERMINATED: Label(
            kk="лицензияның қолданылуы тоқтатылды", ru="действие лицензии прекращено"
        ),
        LicenceEventKind.DUPLICATE_ISSUED: Label(
            kk="лицензияның телнұсқасы берілді", ru="выдан дубликат лицензии"
        ),
        LicenceEventKind.SERVICE_CONTRACT_RECORDED: Label(
            kk="қызмет көрсету шарты тіркелді", ru="внесён договор на оказание услуг"
        ),
    },
)


class ReissueReason(StrEnum):
    """Art. 33 p. 1 of the Law "On permits and notifications" (reorganisation: art. 34), as far
    as they concern this licence: no object class, no alienation, no branch."""

    REORGANISATION_MERGER = "REORGANISATION_MERGER"
    REORGANISATION_TRANSFORMATION = "REORGANISATION_TRANSFORMATION"
    REORGANISATION_ACCESSION = "REORGANISATION_ACCESSION"
    REORGANISATION_DIVISION = "REORGANISATION_DIVISION"
    REORGANISATION_SEPARATION = "REORGANISATION_SEPARATION"
    NAME_CHANGE = "NAME_CHANGE"
    LEGAL_ADDRESS_CHANGE = "LEGAL_ADDRESS_CHANGE"
    SERVICE_PLACE_CHANGE = "SERVICE_PLACE_CHANGE"


register_labels(
    ReissueReason,
    {
        ReissueReason.REORGANISATION_MERGER: Label(
            kk="лицензиат-заңды тұлғаның бірігу нысанында қайта ұйымдастырылуы",
            ru="реорганизация юридического лица-лицензиата в форме слияния",
        ),
        ReissueReason.REORGANISATION_TRANSFORMATION: Label(
            kk="лицензиат-заңды тұлғаның қайта құру нысанында қайта ұйымдастырылуы",
            ru="реорганизация юридического лица-лицензиата в форме преобразования",
        ),
        ReissueReason.REORGANISATION_ACCESSION: Label(
            kk="лицензиат-заңды тұлғаның қосылу нысанында қайта ұйымдастырылуы",
            ru="реорганизация юридического лица-лицензиата в форме присоединения",
        ),
        ReissueReason.REORGANISATION_DIVISION: Label(
            kk="лицензиат-заңды тұлғаның бөліну нысанында қайта ұйымдастырылуы",
            ru="реорганизация юридического лица-лицензиата в форме разделения",
        ),
        ReissueReason.REORGANISATION_SEPARATION: Label(
            kk="лицензиат-заңды тұлғаның бөліп шығару нысанында қайта ұйымдастырылуы",
            ru="реорганизация юридического лица-лицензиата в форме выделения",
        ),
        ReissueReason.NAME_CHANGE: Label(
            kk="лицензиаттың атауының (тегінің, атының, әкесінің атының) өзгеруі",
            ru="изменение наименования (фамилии, имени, отчества) лицензиата",
        ),
        ReissueReason.LEGAL_ADDRESS_CHANGE: Label(
            kk="лицензиаттың заңды мекенжайының (орналасқан жерінің) өзгеруі",
            ru="изменение юридического адреса (места нахождения) лицензиата",
        ),
        ReissueReason.SERVICE_PLACE_CHANGE: Label(
            kk="қызмет көрсету орнының мекенжайының оны нақты орнын ауыстырмай өзгеруі",
            ru="изменение адреса места оказания услуг без его физического перемещения",
        ),
    },
)

NAME, LEGAL_ADDRESS, REGION, SERVICE_PLACE = "name", "legalAddress", "region", "servicePlaceAddress"
_REORGANISATION = (frozenset({NAME}), frozenset({NAME, LEGAL_ADDRESS, REGION}))
_LICENSEE = frozenset({NAME, LEGAL_ADDRESS, REGION})
REISSUE_CHANGES: Mapping[ReissueReason, tuple[frozenset[str], frozenset[str]]] = {
    # reason: (the changes it needs, the changes it may carry). Art. 33 p. 1 4) joins the
    # name and the location ("and (or)"); the region goes with the legal address (annex 2).
    ReissueReason.REORGANISATION_MERGER: _REORGANISATION,
    ReissueReason.REORGANISATION_TRANSFORMATION: _REORGANISATION,
    ReissueReason.REORGANISATION_ACCESSION: _REORGANISATION,
    ReissueReason.REORGANISATION_DIVISION: _REORGANISATION,
    ReissueReason.REORGANISATION_SEPARATION: _REORGANISATION,
    ReissueReason.NAME_CHANGE: (frozenset({NAME}), _LICENSEE),
    ReissueReason.LEGAL_ADDRESS_CHANGE: (frozenset({LEGAL_ADDRESS}), _LICENSEE),
    ReissueReason.SERVICE_PLACE_CHANGE: (frozenset({SERVICE_PLACE}), frozenset({SERVICE_PLACE})),
}


class ReissueStatus(StrEnum):
    SUBMITTED = "SUBMITTED"
    APPROVED = "APPROVED"
    REFUSED = "REFUSED"


register_labels(
    ReissueStatus,
    {
        ReissueStatus.SUBMITTED: Label(kk="берілді", ru="подано"),
        ReissueStatus.APPROVED: Label(kk="лицензия қайта ресімделді", ru="лицензия переоформлена"),
        ReissueStatus.REFUSED: Label(
            kk="қайта ресімдеуден дәлелді бас тарту", ru="мотивированный отказ в переоформлении"
        ),
    },
)


class TerminationGround(StrEnum):
    """Art. 35 p. 1 of the Law "On permits and notifications": why a licence stops."""

    TERM_EXPIRED = "TERM_EXPIRED"
    DEPRIVATION = "DEPRIVATION"
    LIQUIDATION = "LIQUIDATION"
    VOLUNTARY_RETURN = "VOLUNTARY_RETURN"
    OTHER_BY_LAW = "OTHER_BY_LAW"


register_labels(
    TerminationGround,
    {
        TerminationGround.TERM_EXPIRED: Label(
            kk="лицензия берілген мерзімнің өтуі",
            ru="истечение срока, на который была выдана лицензия",
        ),
        TerminationGround.DEPRIVATION: Label(kk="лицензиядан айыру", ru="лишение лицензии"),
        TerminationGround.LIQUIDATION: Label(
            kk="лицензиат-заңды тұлғаның таратылуы, лицензиат-жеке тұлғаның қызметін тоқтатуы",
            ru="ликвидация юридического лица-лицензиата, прекращение деятельности "
            "физического лица-лицензиата",
        ),
        TerminationGround.VOLUNTARY_RETURN: Label(
            kk="лицензиаттың лицензияны ерікті түрде қайтаруы",
            ru="добровольный возврат лицензии лицензиатом",
        ),
        TerminationGround.OTHER_BY_LAW: Label(
            kk="Қазақстан Республикасының заңдарында көзделген өзге де жағдайлар",
            ru="иные случаи, предусмотренные законами Республики Казахстан",
        ),
    },
)


class DuplicateReason(StrEnum):
    """Art. 43: a duplicate of a licence issued on paper, when it is lost or damaged."""

    LOST = "LOST"
    DAMAGED = "DAMAGED"


register_labels(
    DuplicateReason,
    {
        DuplicateReason.LOST: Label(kk="жоғалуы", ru="утеря"),
        DuplicateReason.DAMAGED: Label(kk="бүлінуі", ru="порча"),
    },
)


# --- commands -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReissueRequest:
    """The reissue application (annex 4): the reason and the new annex 3 texts it brings."""

    reason: ReissueReason
    name: Label | None = None
    legal_address: Label | None = None
    region: Region | None = None
    service_place_address: Label | None = None
    documents: tuple[str, ...] = ()

    @property
    def changes(self) -> frozenset[str]:
        given = {
            NAME: self.name,
            LEGAL_ADDRESS: self.legal_address,
            REGION: self.region,
            SERVICE_PLACE: self.service_place_address,
        }
        return frozenset(k for k, v in given.items() if v is not None)


@dataclass(frozen=True, slots=True)
class ApplyForReissue:
    """The licence side of a reissue application: who may apply, in which states. The form
    itself is `check_reissue_request`'s."""


@dataclass(frozen=True, slots=True)
class Reissue:
    """Applying an approved reissue application to the licence."""

    request: ReissueRequest


@dataclass(frozen=True, slots=True)
class Suspend:
    reason: str
    until: date | None = None


@dataclass(frozen=True, slots=True)
class Resume:
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Revoke:
    reason: str


@dataclass(frozen=True, slots=True)
class Terminate:
    ground: TerminationGround
    note: str = ""
    terminated_on: date | None = None  # default: today


@dataclass(frozen=True, slots=True)
class IssueDuplicate:
    reason: DuplicateReason
    note: str = ""


LicenceCommand = ApplyForReissue | Reissue | Suspend | Resume | Revoke | Terminate | IssueDuplicate


@dataclass(frozen=True, slots=True)
class ApproveReissue:
    reason: str = ""


@dataclass(frozen=True, slots=True)
class RefuseReissue:
    reason: str


ReissueCommand = ApproveReissue | RefuseReissue


# --- the licence table --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LicenceState:
    status: LicenceStatus
    licensee: str  # BIN/IIN
    issued_on: date


@dataclass(frozen=True, slots=True)
class LicenceDecision:
    """The new status, the history entry (None: none), and what changes in the licence's
    columns and, if it is the organisation's current licence, in its register record."""

    status: LicenceStatus
    kind: LicenceEventKind | None
    note: str = ""
    licence: Mapping[str, object] = field(default_factory=dict)
    register: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Context:
    state: LicenceState
    today: date


Guard = Callable[[_Context, LicenceCommand], LicenceDecision]


@dataclass(frozen=True, slots=True)
class LicenceTransition:
    """One row: `command` by `roles` in `sources` moves to `target` (None: stays)."""

    command: type
    name: str
    roles: frozenset[Role]
    sources: frozenset[LicenceStatus]
    target: LicenceStatus | None
    kind: LicenceEventKind | None
    guard: Guard


def _note(value: str, name: str, *, required: bool, limit: int = MAX_NOTE_LENGTH) -> str:
    p = Problems()
    cleaned = p.text(value, name, limit=limit, required=required)
    p.raise_if_any()
    return cleaned


def _coded(code: StrEnum, note: str) -> str:
    """History notes of coded decisions read `CODE: note`, as application events do."""
    return f"{code.value}: {note}" if note else code.value


def _apply_for_reissue(c: _Context, cmd: LicenceCommand) -> LicenceDecision:
    return LicenceDecision(status=c.state.status, kind=None)


def _reissue(c: _Context, cmd: LicenceCommand) -> LicenceDecision:
    """Arts. 33-34: the licence keeps its number; its texts change, with the reissue date."""
    assert isinstance(cmd, Reissue)
    r = cmd.request
    licence: dict[str, object] = {"reissued_on": c.today}
    register: dict[str, object] = {}
    if r.name is not None:
        licence |= {"licensee_name_kk": r.name.kk, "licensee_name_ru": r.name.ru}
        register |= {"name_kk": r.name.kk, "name_ru": r.name.ru}
    if r.legal_address is not None:
        address = r.legal_address
        licence |= {"licensee_location_kk": address.kk, "licensee_location_ru": address.ru}
        register |= {"legal_address_kk": address.kk, "legal_address_ru": address.ru}
    if r.region is not None:
        register["region"] = r.region.value
    if r.service_place_address is not None:
        place = r.service_place_address
        licence |= {"service_place_address_kk": place.kk, "service_place_address_ru": place.ru}
    return LicenceDecision(
        status=c.state.status,
        kind=LicenceEventKind.REISSUED,
        note=r.reason.value,
        licence=licence,
        register=register,
    )


def _suspend(c: _Context, cmd: LicenceCommand) -> LicenceDecision:
    """Art. 45: suspended for a reason, optionally until a date (shown, not acted on)."""
    assert isinstance(cmd, Suspend)
    reason = _note(cmd.reason, "reason", required=True)
    if cmd.until is not None and cmd.until < c.today:
        raise DomainError(ErrorCode.DATE_TOO_EARLY, field=["until"], params={"earliest": c.today})
    return LicenceDecision(
        status=LicenceStatus.SUSPENDED,
        kind=LicenceEventKind.SUSPENDED,
        note=reason,
        licence={"suspended_until": cmd.until},
    )


def _resume(c: _Context, cmd: LicenceCommand) -> LicenceDecision:
    assert isinstance(cmd, Resume)
    return LicenceDecision(
        status=LicenceStatus.ACTIVE,
        kind=LicenceEventKind.RESUMED,
        note=_note(cmd.reason, "reason", required=False),
        licence={"suspended_until": None},
    )


def _revoke(c: _Context, cmd: LicenceCommand) -> LicenceDecision:
    """Art. 45: deprivation (лишение); the register shows the status."""
    assert isinstance(cmd, Revoke)
    return LicenceDecision(
        status=LicenceStatus.REVOKED,
        kind=LicenceEventKind.REVOKED,
        note=_note(cmd.reason, "reason", required=True),
        licence={"suspended_until": None},
    )


def _terminate(c: _Context, cmd: LicenceCommand) -> LicenceDecision:
    """Art. 35: the register shows the termination date and the removal grounds (columns 16-17);
    the record stays, marked removed."""
    assert isinstance(cmd, Terminate)
    note = _note(cmd.note, "note", required=False, limit=MAX_GROUND_NOTE_LENGTH)
    day = cmd.terminated_on or c.today
    if day > c.today:
        raise DomainError(ErrorCode.DATE_IN_FUTURE, field=["terminatedOn"])
    if day < c.state.issued_on:
        raise DomainError(
            ErrorCode.DATE_TOO_EARLY,
            field=["terminatedOn"],
            params={"earliest": c.state.issued_on},
        )
    ground = label_of(cmd.ground)
    return LicenceDecision(
        status=LicenceStatus.TERMINATED,
        kind=LicenceEventKind.TERMINATED,
        note=_coded(cmd.ground, note),
        licence={"terminated_on": day, "suspended_until": None},
        register={
            "removed_on": day,
            "removal_grounds_kk": f"{ground.kk}: {note}" if note else ground.kk,
            "removal_grounds_ru": f"{ground.ru}: {note}" if note else ground.ru,
        },
    )


def _duplicate(c: _Context, cmd: LicenceCommand) -> LicenceDecision:
    """Art. 43: recorded in the history only."""
    assert isinstance(cmd, IssueDuplicate)
    note = _note(cmd.note, "note", required=False)
    return LicenceDecision(
        status=c.state.status, kind=LicenceEventKind.DUPLICATE_ISSUED, note=_coded(cmd.reason, note)
    )


S = LicenceStatus
LICENSOR = frozenset({Role.LICENSOR})
IN_FORCE = frozenset({S.ACTIVE, S.SUSPENDED})
NOT_TERMINATED = frozenset({S.ACTIVE, S.SUSPENDED, S.REVOKED})

LICENCE_TRANSITIONS: tuple[LicenceTransition, ...] = (
    LicenceTransition(
        ApplyForReissue,
        "submitReissueApplication",
        frozenset({Role.APPLICANT}),
        IN_FORCE,
        None,
        None,
        _apply_for_reissue,
    ),
    LicenceTransition(
        Reissue, "decideReissue", LICENSOR, IN_FORCE, None, LicenceEventKind.REISSUED, _reissue
    ),
    LicenceTransition(
        Suspend,
        "suspendLicence",
        LICENSOR,
        frozenset({S.ACTIVE}),
        S.SUSPENDED,
        LicenceEventKind.SUSPENDED,
        _suspend,
    ),
    LicenceTransition(
        Resume,
        "resumeLicence",
        LICENSOR,
        frozenset({S.SUSPENDED}),
        S.ACTIVE,
        LicenceEventKind.RESUMED,
        _resume,
    ),
    LicenceTransition(
        Revoke, "revokeLicence", LICENSOR, IN_FORCE, S.REVOKED, LicenceEventKind.REVOKED, _revoke
    ),
    LicenceTransition(
        Terminate,
        "terminateLicence",
        LICENSOR,
        NOT_TERMINATED,
        S.TERMINATED,
        LicenceEventKind.TERMINATED,
        _terminate,
    ),
    LicenceTransition(
        IssueDuplicate,
        "issueDuplicateLicence",
        LICENSOR,
        NOT_TERMINATED,
        None,
        LicenceEventKind.DUPLICATE_ISSUED,
        _duplicate,
    ),
)
_BY_COMMAND = {t.command: t for t in LICENCE_TRANSITIONS}


def command_name(command: LicenceCommand) -> str:
    return _BY_COMMAND[type(command)].name


def allowed_licence_commands(status: LicenceStatus) -> list[str]:
    return list(dict.fromkeys(t.name for t in LICENCE_TRANSITIONS if status in t.sources))


def _may_act(actor: Viewer, roles: frozenset[Role], licensee: str) -> bool:
    """Admins may do anything; an applicant acts only for itself."""
    if actor.role is Role.ADMIN:
        return True
    if actor.role not in roles:
        return False
    return actor.role is not Role.APPLICANT or actor.subject == licensee


def decide_licence(
    state: LicenceState,
    command: LicenceCommand,
    actor: Viewer,
    now: datetime,
    calendar: WorkingCalendar,
) -> LicenceDecision:
    """The licence's new status and history entry, or a DomainError saying why not."""
    transition = _BY_COMMAND[type(command)]
    if not _may_act(actor, transition.roles, state.licensee):
        raise DomainError(ErrorCode.FORBIDDEN)
    if state.status not in transition.sources:
        raise DomainError(
            ErrorCode.ILLEGAL_TRANSITION,
            params={
                "state": state.status,
                "allowed": ", ".join(allowed_licence_commands(state.status)) or "-",
            },
        )
    decision = transition.guard(_Context(state=state, today=calendar.local_date(now)), command)
    assert decision.status is (transition.target or state.status)
    assert decision.kind is transition.kind
    return decision


# --- the reissue application --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReissueTransition:
    command: type
    name: str
    roles: frozenset[Role]
    sources: frozenset[ReissueStatus]
    target: ReissueStatus


REISSUE_TRANSITIONS: tuple[ReissueTransition, ...] = (
    ReissueTransition(
        ApproveReissue,
        "decideReissue",
        LICENSOR,
        frozenset({ReissueStatus.SUBMITTED}),
        ReissueStatus.APPROVED,
    ),
    ReissueTransition(
        RefuseReissue,
        "decideReissue",
        LICENSOR,
        frozenset({ReissueStatus.SUBMITTED}),
        ReissueStatus.REFUSED,
    ),
)
_REISSUE_BY_COMMAND = {t.command: t for t in REISSUE_TRANSITIONS}


def decide_reissue(
    status: ReissueStatus, applicant: str, command: ReissueCommand, actor: Viewer
) -> tuple[ReissueStatus, str]:
    """p. 31: the reissue, or a motivated refusal (its reason is required). Returns the new
    status and the cleaned decision reason."""
    transition = _REISSUE_BY_COMMAND[type(command)]
    if not _may_act(actor, transition.roles, applicant):
        raise DomainError(ErrorCode.FORBIDDEN)
    if status not in transition.sources:
        allowed = sorted({t.name for t in REISSUE_TRANSITIONS if status in t.sources})
        raise DomainError(
            ErrorCode.ILLEGAL_TRANSITION,
            params={"state": status, "allowed": ", ".join(allowed) or "-"},
        )
    reason = _note(command.reason, "reason", required=isinstance(command, RefuseReissue))
    return transition.target, reason


def open_reissue(received_at: datetime, calendar: WorkingCalendar) -> tuple[date, date]:
    """(registered on, due on): registered on the next working day if received after hours
    (annex 1 item 8); the whole reissue takes 2 working days (annex 1 item 4)."""
    registered = calendar.registration_day(received_at)
    return registered, calendar.due_date(registered, Term.WHOLE_REISSUE)


def check_reissue_request(request: ReissueRequest) -> ReissueRequest:
    """The cleaned request, or `Invalid` listing every problem: texts present and capped, the
    changes the reason needs given, and none it does not cover."""
    p = Problems("input")

    def text(value: Label | None, name: str) -> Label | None:
        if value is None:
            return None
        return Label(
            kk=p.text(value.kk, f"{name}.kk", limit=MAX_TEXT),
            ru=p.text(value.ru, f"{name}.ru", limit=MAX_TEXT),
        )

    cleaned = ReissueRequest(
        reason=request.reason,
        name=text(request.name, NAME),
        legal_address=text(request.legal_address, LEGAL_ADDRESS),
        region=request.region,
        service_place_address=text(request.service_place_address, SERVICE_PLACE),
        documents=tuple(
            p.text(d, f"documents.{i}", limit=MAX_TEXT) for i, d in enumerate(request.documents)
        ),
    )
    p.items(request.documents, "documents", most=MAX_DOCUMENTS)
    needed, allowed = REISSUE_CHANGES[request.reason]
    given = request.changes
    for missing in sorted(needed - given):
        p.add(ErrorCode.REQUIRED, missing)
    for extra in sorted(given - allowed):
        p.add(ErrorCode.CHANGE_NOT_FOR_REASON, extra, reason=request.reason)
    if REGION in given and LEGAL_ADDRESS in allowed and LEGAL_ADDRESS not in given:
        p.add(ErrorCode.REQUIRED, LEGAL_ADDRESS)  # a new region only with the new address
    p.raise_if_any()
    return cleaned


# --- the organisation ---------------------------------------------------------------------


def check_service_contract(
    actor: Viewer, concluded_on: date, valid_until: date | None, today: date
) -> str:
    """Register columns 13-14: the licensor or the administrator records the contract
    (domain.md); it is concluded by today and does not end before it starts. Returns the
    history note."""
    if actor.role not in (Role.LICENSOR, Role.ADMIN):
        raise DomainError(ErrorCode.FORBIDDEN)
    p = Problems()
    p.not_after(concluded_on, today, "concludedOn")
    p.in_order(concluded_on, valid_until, "validUntil")
    p.raise_if_any()
    if valid_until is None:
        return concluded_on.isoformat()
    return f"{concluded_on.isoformat()} – {valid_until.isoformat()}"


def may_set_consent(actor: Viewer, organization_bin: str) -> bool:
    """Register rules p. 7: the provider gives or withdraws its consent, or the licensor records
    it (the admin may too). The caller answers NOT_FOUND to another applicant (see resolvers)."""
    if actor.role in (Role.LICENSOR, Role.ADMIN):
        return True
    return actor.role is Role.APPLICANT and actor.subject == organization_bin
