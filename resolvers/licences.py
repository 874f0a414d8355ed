"""Licences after issue: reissue applications and decisions, suspension, resumption,
revocation, termination, duplicates (domain.licence_events), service contracts and
publication consent. Each mutation is one `mutate` call: one transaction, one audit row.

Who may reach what: an officer any licence or organisation; an applicant only its own, and
anything else answers NOT_FOUND, whether or not it exists or is public, so a mutation never
tells an applicant more than the register does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

import orjson
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.calendar import WorkingCalendar
from domain.errors import DomainError, ErrorCode
from domain.labels import Label
from domain.licence_events import (
    ApplyForReissue,
    ApproveReissue,
    LicenceCommand,
    LicenceDecision,
    LicenceEventKind,
    LicenceState,
    RefuseReissue,
    Reissue,
    ReissueReason,
    ReissueRequest,
    ReissueStatus,
    check_reissue_request,
    check_service_contract,
    command_name,
    decide_licence,
    decide_reissue,
    may_set_consent,
    open_reissue,
)
from domain.regions import Region
from domain.register import LicenceStatus
from domain.text import name_keys
from domain.viewer import Role, Viewer
from resolvers.context import Context
from resolvers.ids import decode_typed_id
from resolvers.mutations import Outcome, audit_target, mutate, require_version
from resolvers.pagination import RegisteredPage, registered_page
from storage import licences as repo
from storage.idempotency import remember, replayed, request_hash
from storage.ids import new_id
from storage.register_writes import append_licence_event, record_consent

__all__ = [
    "ReissuePage",
    "count_reissues",
    "decide_reissue_application",
    "find_reissue",
    "licence_command",
    "list_reissues",
    "record_service_contract",
    "reissue_by_pk",
    "request_of",
    "set_publication_consent",
    "submit_reissue",
]

SUBMIT = "submitReissueApplication"
DECIDE = "decideReissue"
CONTRACT = "recordServiceContract"
CONSENT = "setPublicationConsent"
SCOPE = "reissueApplications"


def _acts_on(viewer: Viewer, bin_: str) -> bool:
    return viewer.role is not Role.APPLICANT or viewer.subject == bin_


def _not_found(field: str) -> DomainError:
    return DomainError(ErrorCode.NOT_FOUND, field=[field])


def licence_state(row: Row[Any]) -> LicenceState:
    return LicenceState(
        status=LicenceStatus(row.status), licensee=row.licensee_bin, issued_on=row.issued_on
    )


async def _licence(conn: AsyncConnection, viewer: Viewer, global_id: str) -> Row[Any]:
    pk = decode_typed_id(global_id, "Licence", "licenceId")
    row = await repo.load_licence(conn, viewer, pk)
    if row is None or not _acts_on(viewer, row.licensee_bin):
        raise _not_found("licenceId")
    return row


async def _organization(conn: AsyncConnection, viewer: Viewer, global_id: str) -> Row[Any]:
    pk = decode_typed_id(global_id, "Organization", "organizationId")
    row = await repo.load_organization(conn, viewer, pk)
    if row is None or not _acts_on(viewer, row.bin):
        raise _not_found("organizationId")
    return row


async def _apply(
    conn: AsyncConnection,
    ctx: Context,
    licence: Row[Any],
    decision: LicenceDecision,
    expected_version: int | None,
) -> None:
    """Save a decision: the licence (versioned), the register record if this is the
    organisation's current licence, and the history entry."""
    values = {**decision.licence, "status": decision.status.value}
    if expected_version is None:
        await repo.bump_licence(conn, licence.id, values)
    else:
        await repo.update_licence(conn, licence.id, expected_version, values)
    if decision.register and licence.is_current:
        register = dict(decision.register)
        if "name_kk" in register:
            # The organisation was matched to the licence by this BIN at issue.
            register |= name_keys(
                str(register["name_kk"]), str(register["name_ru"]), licence.licensee_bin
            )
        await repo.update_organization(conn, licence.organization_id, register, at=ctx.now)
    if decision.kind is not None:
        await append_licence_event(
            conn,
            licence.id,
            at=ctx.now,
            actor=ctx.viewer,
            kind=decision.kind.value,
            note=decision.note,
        )


async def licence_command(
    ctx: Context, global_id: str, expected_version: int, command: LicenceCommand
) -> Outcome[int]:
    """Load, check the version, decide, save: suspend, resume, revoke, terminate, duplicate."""

    async def work(conn: AsyncConnection) -> int:
        row = await _licence(conn, ctx.viewer, global_id)
        require_version(row, expected_version)
        decision = decide_licence(licence_state(row), command, ctx.viewer, ctx.now, ctx.calendar)
        await _apply(conn, ctx, row, decision, expected_version)
        return int(row.id)

    return await mutate(ctx, command_name(command), audit_target(global_id), work)


# --- reissue ------------------------------------------------------------------------------


def _changes(request: ReissueRequest) -> dict[str, object]:
    values = asdict(request)
    return {k: values[k] for k in ("name", "legal_address", "region", "service_place_address")}


def request_of(row: Row[Any]) -> ReissueRequest:
    """The stored application as the domain's request."""
    changes = orjson.loads(row.changes)

    def text(key: str) -> Label | None:
        value = changes.get(key)
        return None if value is None else Label(kk=value["kk"], ru=value["ru"])

    region = changes.get("region")
    return ReissueRequest(
        reason=ReissueReason(row.reason),
        name=text("name"),
        legal_address=text("legal_address"),
        region=Region(region) if region else None,
        service_place_address=text("service_place_address"),
        documents=tuple(orjson.loads(row.documents)),
    )


async def submit_reissue(
    ctx: Context, licence_id: str, request: ReissueRequest, idempotency_key: str | None
) -> Outcome[int]:
    """Annex 4, registered on the next working day if received after hours; one open
    application per licence. A replay with the same key returns the first application."""

    async def work(conn: AsyncConnection) -> int:
        licence = await _licence(conn, ctx.viewer, licence_id)
        cleaned = check_reissue_request(request)
        digest = request_hash(SUBMIT, {"licence": licence.id, "request": cleaned})
        if idempotency_key is not None:
            first = await replayed(conn, ctx.viewer, idempotency_key, SUBMIT, digest)
            if first is not None:
                return first
        state = licence_state(licence)
        decide_licence(state, ApplyForReissue(), ctx.viewer, ctx.now, ctx.calendar)
        if await repo.pending_reissue(conn, licence.id) is not None:
            raise DomainError(ErrorCode.REISSUE_ALREADY_PENDING, field=["licenceId"])
        registered_on, due_on = open_reissue(ctx.now, ctx.calendar)
        pk = new_id()
        await repo.insert_reissue(
            conn,
            {
                "id": pk,
                "licence_id": licence.id,
                "applicant_bin": licence.licensee_bin,
                "reason": cleaned.reason.value,
                "changes": orjson.dumps(_changes(cleaned)).decode(),
                "documents": orjson.dumps(list(cleaned.documents)).decode(),
                "status": ReissueStatus.SUBMITTED.value,
                "received_at": ctx.now,
                "registered_on": registered_on,
                "due_on": due_on,
                "created_at": ctx.now,
                "updated_at": ctx.now,
            },
        )
        if idempotency_key is not None:
            await remember(conn, ctx.viewer, idempotency_key, SUBMIT, digest, pk, ctx.now)
        return pk

    return await mutate(
        ctx, SUBMIT, audit_target(licence_id), work, created=lambda pk: f"ReissueApplication:{pk}"
    )


async def decide_reissue_application(
    ctx: Context, global_id: str, expected_version: int, approve: bool, reason: str | None
) -> Outcome[int]:
    """p. 31: reissue the licence (its texts, the register record, the reissue date), or refuse
    with a reason, which changes nothing in the licence."""

    async def work(conn: AsyncConnection) -> int:
        pk = decode_typed_id(global_id, "ReissueApplication")
        row = await repo.load_reissue(conn, ctx.viewer, pk)
        if row is None:
            raise _not_found("id")
        require_version(row, expected_version)
        command = ApproveReissue(reason or "") if approve else RefuseReissue(reason or "")
        status, decision_reason = decide_reissue(
            ReissueStatus(row.status), row.applicant_bin, command, ctx.viewer
        )
        if status is ReissueStatus.APPROVED:
            licence = await repo.load_licence(conn, ctx.viewer, row.licence_id)
            assert licence is not None  # whoever may decide sees every licence
            reissue = Reissue(request_of(row))
            decision = decide_licence(
                licence_state(licence), reissue, ctx.viewer, ctx.now, ctx.calendar
            )
            await _apply(conn, ctx, licence, decision, None)
        values = {
            "status": status.value,
            "decided_at": ctx.now,
            "decision_reason": decision_reason or None,
            "updated_at": ctx.now,
        }
        await repo.update_reissue(conn, pk, expected_version, values)
        return pk

    return await mutate(ctx, DECIDE, audit_target(global_id), work)


ReissuePage = RegisteredPage[repo.ReissueFilter]


async def list_reissues(
    ctx: Context, *, first: int, after: str | None, f: repo.ReissueFilter
) -> ReissuePage:
    async def fetch(position: tuple[Any, int] | None) -> tuple[Sequence[Row[Any]], bool]:
        return await repo.page_of_reissues(ctx.reader, ctx.viewer, f, first, position)

    return await registered_page(SCOPE, first, after, f, fetch)


async def count_reissues(ctx: Context, f: repo.ReissueFilter) -> int:
    return await repo.count_reissues(ctx.reader, ctx.viewer, f)


async def find_reissue(ctx: Context, global_id: str) -> Row[Any] | None:
    return await reissue_by_pk(ctx, decode_typed_id(global_id, "ReissueApplication"))


async def reissue_by_pk(ctx: Context, pk: int) -> Row[Any] | None:
    return await repo.reissue_by_id(ctx.reader, ctx.viewer, pk)


# --- the organisation ---------------------------------------------------------------------


async def record_service_contract(
    ctx: Context, organization_id: str, concluded_on: date, valid_until: date | None
) -> Outcome[int]:
    """Register columns 13-14: appended, never overwritten; an event on the current licence."""

    async def work(conn: AsyncConnection) -> int:
        return await write_service_contract(
            conn, ctx.viewer, organization_id, concluded_on, valid_until, ctx.now, ctx.calendar
        )

    return await mutate(ctx, CONTRACT, audit_target(organization_id), work)


async def write_service_contract(
    conn: AsyncConnection,
    viewer: Viewer,
    organization_id: str,
    concluded_on: date,
    valid_until: date | None,
    now: datetime,
    calendar: WorkingCalendar,
) -> int:
    """record_service_contract's statements in `conn` (bench/baseline.py runs them too);
    the organisation's pk."""
    org = await _organization(conn, viewer, organization_id)
    note = check_service_contract(viewer, concluded_on, valid_until, calendar.local_date(now))
    await repo.append_contract(
        conn, org.id, concluded_on=concluded_on, valid_until=valid_until, at=now, actor=viewer
    )
    licence = await repo.current_licence(conn, org.id)
    if licence is not None:
        await repo.bump_licence(conn, licence.id, {})
        await append_licence_event(
            conn,
            licence.id,
            at=now,
            actor=viewer,
            kind=LicenceEventKind.SERVICE_CONTRACT_RECORDED.value,
            note=note,
        )
    return int(org.id)


async def set_publication_consent(
    ctx: Context, organization_id: str, consent: bool
) -> Outcome[int]:
    """Register rules p. 7, timestamped history. Deliberately no licence event and no new
    licence version: the licence history is public, and a visible organisation's past
    withdrawals must not be readable from it."""

    async def work(conn: AsyncConnection) -> int:
        org = await _organization(conn, ctx.viewer, organization_id)
        if not may_set_consent(ctx.viewer, org.bin):
            raise DomainError(ErrorCode.FORBIDDEN)
        await record_consent(conn, org.id, consent, at=ctx.now, actor=ctx.viewer)
        return int(org.id)

    return await mutate(ctx, CONSENT, audit_target(organization_id), work)
