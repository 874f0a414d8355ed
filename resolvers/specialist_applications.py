"""Specialist applications: submit, the registrar's decisions, resubmission, the queries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
from sqlalchemy import insert
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.errors import DomainError, ErrorCode
from domain.specialist_form import (
    SpecialistForm,
    check_specialist_form,
    form_from_json,
    form_to_json,
    full_name,
)
from domain.specialists import (
    Resubmit,
    SpecialistApplicationState,
    SpecialistApplicationStatus,
    SpecialistCommand,
    SpecialistEvent,
    allowed_commands,
    decide,
    open_round,
    transition_for,
)
from domain.tokens import applicant_subject
from domain.viewer import Role, Viewer
from resolvers.context import Context
from resolvers.ids import decode_typed_id
from resolvers.mutations import Outcome, audit_target, mutate, require_version
from resolvers.pagination import RegisteredPage, registered_page
from storage import specialist_applications as repo
from storage.idempotency import remember, replayed, request_hash
from storage.ids import new_id
from storage.specialist_writes import include_specialist, specialist_by_iin

__all__ = [
    "SUBMIT",
    "SpecialistApplicationPage",
    "check_applicant",
    "commands_for",
    "count",
    "find_application",
    "form_of",
    "list_applications",
    "state_of",
    "submit",
    "transition",
]

SUBMIT = "submitSpecialistApplication"
SCOPE = "specialistApplications"
TYPE = "SpecialistApplication"


def check_applicant(value: str | None) -> str | None:
    """An applicant filter in the canonical form of token subjects (domain.tokens)."""
    if value is None:
        return None
    subject = applicant_subject(value)
    if subject is None:
        raise DomainError(ErrorCode.INVALID_VALUE, field=["filter", "applicant"])
    return subject


def state_of(row: Row[Any]) -> SpecialistApplicationState:
    return SpecialistApplicationState(
        status=SpecialistApplicationStatus(row.status),
        applicant=row.applicant,
        round=row.round,
        registered_on=row.registered_on,
        due_on=row.due_on,
    )


def form_of(row: Row[Any]) -> SpecialistForm:
    return form_from_json(orjson.loads(row.form))


def _json(form: SpecialistForm) -> str:
    return orjson.dumps(form_to_json(form)).decode()


async def _check_own(
    conn: AsyncConnection, applicant: str, form: SpecialistForm, application: int | None
) -> None:
    """One open application and one entry per specialist and applicant, where the IIN is
    known. Only the applicant's own are looked at: whether anyone else applied for this IIN,
    or registered it (perhaps hidden), is not an applicant's to learn. The registrar meets
    such a duplicate on registering it (`_include`)."""
    if form.iin is None:
        return
    if await specialist_by_iin(conn, form.iin, applicant=applicant) is not None:
        raise DomainError(ErrorCode.SPECIALIST_ALREADY_REGISTERED, field=["input", "iin"])
    if await repo.open_application_for_iin(conn, applicant, form.iin, other_than=application):
        raise DomainError(ErrorCode.SPECIALIST_APPLICATION_PENDING, field=["input", "iin"])


async def _include(conn: AsyncConnection, ctx: Context, row: Row[Any]) -> int:
    """p. 9 sub-p. 1: the entry, with the consents the applicant gave in the application."""
    form = form_of(row)
    if form.iin is not None and await specialist_by_iin(conn, form.iin) is not None:
        raise DomainError(ErrorCode.SPECIALIST_ALREADY_REGISTERED)
    try:
        return await include_specialist(
            conn,
            application_id=row.id,
            applicant=row.applicant,
            form=form,
            included_on=ctx.calendar.local_date(ctx.now),
            at=ctx.now,
            consent_by=Viewer(Role.APPLICANT, subject=row.applicant),
        )
    except IntegrityError:  # the same IIN registered by a concurrent decision
        raise DomainError(ErrorCode.SPECIALIST_ALREADY_REGISTERED) from None


async def _insert_open(conn: AsyncConnection, statement: Any) -> None:
    """Write an open application; a concurrent one of the same applicant for the same IIN
    trips the partial unique index and is refused like the check before it."""
    try:
        await conn.execute(statement)
    except IntegrityError:
        raise DomainError(
            ErrorCode.SPECIALIST_APPLICATION_PENDING, field=["input", "iin"]
        ) from None


def _form_columns(form: SpecialistForm) -> dict[str, object]:
    return {
        "form": _json(form),
        "iin": form.iin,
        "full_name": full_name(form.surname, form.given_name, form.patronymic),
    }


async def submit(ctx: Context, form: SpecialistForm, idempotency_key: str | None) -> Outcome[int]:
    """p. 8: the applicant, registered on the portal by phone, e-mail (or BIN/IIN), applies
    for a specialist; the 5-working-day term (p. 9) counts from the day of receipt."""

    async def work(conn: AsyncConnection) -> int:
        viewer = ctx.viewer
        if viewer.role is not Role.APPLICANT or not viewer.subject:
            raise DomainError(ErrorCode.FORBIDDEN)
        cleaned = check_specialist_form(form, ctx.calendar.local_date(ctx.now))
        digest = request_hash(SUBMIT, form_to_json(cleaned))
        if idempotency_key is not None:
            first = await replayed(conn, viewer, idempotency_key, SUBMIT, digest)
            if first is not None:
                return first
        await _check_own(conn, viewer.subject, cleaned, None)
        state = open_round(
            applicant=viewer.subject, round=1, received_at=ctx.now, calendar=ctx.calendar
        )
        pk = new_id()
        await _insert_open(
            conn,
            insert(repo.APPLICATION).values(
                id=pk,
                applicant=state.applicant,
                status=state.status.value,
                round=state.round,
                received_at=ctx.now,
                registered_on=state.registered_on,
                due_on=state.due_on,
                created_at=ctx.now,
                updated_at=ctx.now,
                **_form_columns(cleaned),
            ),
        )
        event = SpecialistEvent(
            at=ctx.now,
            actor_role=viewer.role,
            actor_subject=viewer.subject,
            command=SUBMIT,
            from_status=None,
            to_status=state.status,
            round=state.round,
        )
        await repo.append_event(
            conn,
            pk,
            event,
            registered_on=state.registered_on,
            due_on=state.due_on,
            form=_json(cleaned),
        )
        if idempotency_key is not None:
            await remember(conn, viewer, idempotency_key, SUBMIT, digest, pk, ctx.now)
        return pk

    return await mutate(ctx, SUBMIT, None, work, created=lambda pk: f"{TYPE}:{pk}")


async def transition(
    ctx: Context,
    global_id: str,
    expected_version: int,
    command: SpecialistCommand,
    form: SpecialistForm | None = None,
) -> Outcome[int]:
    """Load, check the version, decide, save: one transaction, one audit row, one event.
    A resubmission (`Resubmit`) carries the corrected `form`."""
    name = transition_for(command).name

    async def work(conn: AsyncConnection) -> int:
        pk = decode_typed_id(global_id, TYPE)
        row = await repo.load_application(conn, pk)
        if row is None or not repo.may_see(ctx.viewer, row):
            raise DomainError(ErrorCode.NOT_FOUND, field=["id"])
        require_version(row, expected_version)
        decision = decide(state_of(row), command, ctx.viewer, ctx.now, ctx.calendar)
        new = decision.state
        values: dict[str, object] = {"status": new.status.value, "updated_at": ctx.now}
        round_form = None
        if isinstance(command, Resubmit):
            assert form is not None
            cleaned = check_specialist_form(form, ctx.calendar.local_date(ctx.now))
            await _check_own(conn, row.applicant, cleaned, pk)
            round_form = _json(cleaned)
            values |= _form_columns(cleaned) | {
                "round": new.round,
                "received_at": ctx.now,
                "registered_on": new.registered_on,
                "due_on": new.due_on,
                "reasons": "[]",
                "comment": "",
                "decided_at": None,
            }
        else:
            values |= {
                "reasons": orjson.dumps(list(decision.event.reasons)).decode(),
                "comment": decision.event.comment,
                "decided_at": ctx.now,
            }
        # The versioned update first: of two concurrent decisions, the second waits on the
        # row and is refused with VERSION_CONFLICT before it can write an entry.
        try:
            await repo.update_application(conn, pk, expected_version, values)
        except IntegrityError:
            raise DomainError(
                ErrorCode.SPECIALIST_APPLICATION_PENDING, field=["input", "iin"]
            ) from None
        if decision.registers:
            await repo.link_specialist(conn, pk, await _include(conn, ctx, row))
        await repo.append_event(
            conn,
            pk,
            decision.event,
            registered_on=new.registered_on,
            due_on=new.due_on,
            form=round_form,
        )
        return pk

    return await mutate(ctx, name, audit_target(global_id), work)


SpecialistApplicationPage = RegisteredPage[repo.SpecialistApplicationFilter]


async def list_applications(
    ctx: Context, *, first: int, after: str | None, f: repo.SpecialistApplicationFilter
) -> SpecialistApplicationPage:
    async def fetch(position: tuple[Any, int] | None) -> tuple[Sequence[Row[Any]], bool]:
        return await repo.page_of_applications(ctx.reader, ctx.viewer, f, first, position)

    return await registered_page(SCOPE, first, after, f, fetch)


async def count(ctx: Context, f: repo.SpecialistApplicationFilter) -> int:
    return await repo.count_applications(ctx.reader, ctx.viewer, f)


async def find_application(ctx: Context, global_id: str) -> Row[Any] | None:
    pk = decode_typed_id(global_id, TYPE)
    return await ctx.loaders.specialist_application_by_id.load(pk)


def commands_for(row: Row[Any]) -> list[str]:
    return allowed_commands(state_of(row))
