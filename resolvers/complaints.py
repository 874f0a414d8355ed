"""Complaints: filing, every transition of domain.complaints, and the queries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.complaints import (
    FILING_ROLES,
    Command,
    ComplaintAddressee,
    ComplaintDecision,
    ComplaintForm,
    ComplaintState,
    ComplaintStatus,
    allowed_commands,
    check_complaint,
    decide,
    file_complaint,
    transition_for,
)
from domain.errors import DomainError, ErrorCode
from resolvers.context import Context
from resolvers.ids import decode_typed_id
from resolvers.mutations import Outcome, audit_target, mutate, require_version
from resolvers.pagination import RegisteredPage, registered_page
from storage import applications as applications_repo
from storage import complaints as repo
from storage.idempotency import remember, replayed, request_hash
from storage.ids import new_id

__all__ = [
    "FILE",
    "ComplaintPage",
    "commands_for",
    "count",
    "file",
    "find_complaint",
    "list_complaints",
    "load_visible",
    "state_of",
    "transition",
]

FILE = "fileComplaint"
SCOPE = "complaints"


def state_of(row: Row[Any]) -> ComplaintState:
    return ComplaintState(
        status=ComplaintStatus(row.status),
        applicant=row.applicant_bin,
        addressee=ComplaintAddressee(row.addressee),
        registered_on=row.registered_on,
        due_on=row.due_on,
        closed=row.closing_note is not None,
    )


def _target(global_id: str | None, type_name: str, name: str) -> int | None:
    if global_id is None:
        return None
    try:
        return decode_typed_id(global_id, type_name)
    except DomainError as error:
        raise DomainError(error.code, field=["input", name]) from None


async def _owner(conn: AsyncConnection, ctx: Context, form: ComplaintForm) -> str:
    """Whose application or licence it is; NOT_FOUND unless it is the caller's own."""
    if form.application_id is not None:
        row = await applications_repo.load_application(conn, form.application_id)
        owner = None if row is None else str(row.applicant_bin)
        field = ["input", "applicationId"]
    else:
        assert form.licence_id is not None
        owner = await repo.licence_owner(conn, form.licence_id)
        field = ["input", "licenceId"]
    if owner is None or owner != ctx.viewer.subject:
        raise DomainError(ErrorCode.NOT_FOUND, field=field)
    return owner


async def file(
    ctx: Context,
    *,
    application_id: str | None,
    licence_id: str | None,
    addressee: ComplaintAddressee,
    text: str,
    idempotency_key: str | None,
) -> Outcome[int]:
    """p. 36-38: a complaint about the applicant's own application or licence."""

    async def work(conn: AsyncConnection) -> int:
        if ctx.viewer.role not in FILING_ROLES:
            raise DomainError(ErrorCode.FORBIDDEN)
        form = check_complaint(
            ComplaintForm(
                application_id=_target(application_id, "LicenceApplication", "applicationId"),
                licence_id=_target(licence_id, "Licence", "licenceId"),
                addressee=addressee,
                text=text,
            )
        )
        digest = request_hash(FILE, form)
        if idempotency_key is not None:
            first = await replayed(conn, ctx.viewer, idempotency_key, FILE, digest)
            if first is not None:
                return first
        owner = await _owner(conn, ctx, form)
        filing = file_complaint(
            applicant=ctx.viewer,
            owner=owner,
            addressee=form.addressee,
            received_at=ctx.now,
            calendar=ctx.calendar,
        )
        pk = new_id()
        await conn.execute(
            insert(repo.COMPLAINT).values(
                id=pk,
                applicant_bin=owner,
                application_id=form.application_id,
                licence_id=form.licence_id,
                addressee=form.addressee.value,
                text=form.text,
                status=filing.state.status.value,
                received_at=ctx.now,
                registered_on=filing.state.registered_on,
                due_on=filing.state.due_on,
                step=filing.step.value,
                step_due_on=filing.step_due_on,
                created_at=ctx.now,
                updated_at=ctx.now,
            )
        )
        await repo.append_event(conn, pk, filing.event)
        if idempotency_key is not None:
            await remember(conn, ctx.viewer, idempotency_key, FILE, digest, pk, ctx.now)
        return pk

    return await mutate(ctx, FILE, None, work, created=lambda pk: f"Complaint:{pk}")


def _values(changes: dict[str, object]) -> dict[str, object]:
    values: dict[str, object] = {}
    for key, value in changes.items():
        values[key] = value.value if isinstance(value, ComplaintDecision) else value
    return values


async def transition(
    ctx: Context, global_id: str, expected_version: int, command: Command
) -> Outcome[int]:
    """Load, check the version, decide, save: one transaction, one audit row, one event."""
    name = transition_for(command).name

    async def work(conn: AsyncConnection) -> int:
        pk = decode_typed_id(global_id, "Complaint")
        row = await repo.load_complaint(conn, pk)
        if row is None or not repo.may_see(ctx.viewer, row):
            raise DomainError(ErrorCode.NOT_FOUND, field=["id"])
        require_version(row, expected_version)
        decision = decide(state_of(row), command, ctx.viewer, ctx.now, ctx.calendar)
        values = _values(dict(decision.changes)) | {
            "status": decision.state.status.value,
            "step": decision.step.value if decision.step else None,
            "step_due_on": decision.step_due_on,
            "updated_at": ctx.now,
        }
        await repo.update_complaint(conn, pk, expected_version, values)
        await repo.append_event(conn, pk, decision.event)
        return pk

    return await mutate(ctx, name, audit_target(global_id), work)


ComplaintPage = RegisteredPage[repo.ComplaintFilter]


async def list_complaints(
    ctx: Context, *, first: int, after: str | None, f: repo.ComplaintFilter
) -> ComplaintPage:
    async def fetch(position: tuple[Any, int] | None) -> tuple[Sequence[Row[Any]], bool]:
        return await repo.page_of_complaints(ctx.reader, ctx.viewer, f, first, position)

    return await registered_page(SCOPE, first, after, f, fetch)


async def count(ctx: Context, f: repo.ComplaintFilter) -> int:
    return await repo.count_complaints(ctx.reader, ctx.viewer, f)


async def load_visible(ctx: Context, pk: int) -> Row[Any] | None:
    return (await repo.complaints_by_ids(ctx.reader, ctx.viewer, [pk])).get(pk)


async def find_complaint(ctx: Context, global_id: str) -> Row[Any] | None:
    return await load_visible(ctx, decode_typed_id(global_id, "Complaint"))


def commands_for(row: Row[Any]) -> list[str]:
    return allowed_commands(ComplaintStatus(row.status), closed=row.closing_note is not None)
