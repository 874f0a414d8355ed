"""Licence applications: submit, every transition of domain.licensing, and the queries."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import orjson
from sqlalchemy import insert
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.application_form import ApplicationForm, check_form
from domain.errors import DomainError, ErrorCode
from domain.licensing import (
    ApplicationState,
    ApplicationStatus,
    Command,
    Conclusion,
    Event,
    HearingOutcome,
    allowed_commands,
    decide,
    open_application,
    transition_for,
)
from domain.regions import Region
from resolvers.context import Context
from resolvers.ids import decode_typed_id
from resolvers.mutations import Outcome, audit_target, mutate, require_version
from resolvers.pagination import RegisteredPage, registered_page
from storage import applications as repo
from storage.bitsets import to_mask
from storage.engine import Reader
from storage.idempotency import remember, replayed, request_hash
from storage.ids import new_id
from storage.register_writes import issue_licence, licence_in_force

__all__ = [
    "ApplicationPage",
    "find_application",
    "list_applications",
    "state_of",
    "submit_application",
    "transition",
]

SUBMIT = "submitLicenceApplication"
SCOPE = "licenceApplications"


def state_of(row: Row[Any]) -> ApplicationState:
    return ApplicationState(
        status=ApplicationStatus(row.status),
        applicant=row.applicant_bin,
        region=Region(row.region),
        registered_on=row.registered_on,
        due_on=row.due_on,
        conclusion_positive=row.conclusion_positive,
        notice_on=row.notice_on,
        hearing_outcome=HearingOutcome(row.hearing_outcome) if row.hearing_outcome else None,
        hearing_at=row.hearing_at,
    )


def _json(value: object) -> str:
    return orjson.dumps(value, default=_plain).decode()


def _plain(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return str(value)


async def submit_application(
    ctx: Context, form: ApplicationForm, idempotency_key: str | None
) -> Outcome[int]:
    """p. 9: the application is registered on the next working day if it came after hours."""

    async def work(conn: AsyncConnection) -> int:
        if ctx.viewer.role.value not in ("applicant", "admin"):
            raise DomainError(ErrorCode.FORBIDDEN)
        cleaned = check_form(form, ctx.viewer)
        held = await licence_in_force(conn, cleaned.applicant_bin)
        if held is not None:
            raise DomainError(
                ErrorCode.LICENCE_ALREADY_HELD,
                field=["input", "applicantBin"],
                params={"number": held},
            )
        digest = request_hash(SUBMIT, cleaned)
        if idempotency_key is not None:
            first = await replayed(conn, ctx.viewer, idempotency_key, SUBMIT, digest)
            if first is not None:
                return first
        state, step, step_due = open_application(
            applicant=cleaned.applicant_bin,
            region=cleaned.region,
            received_at=ctx.now,
            calendar=ctx.calendar,
        )
        pk = new_id()
        await conn.execute(
            insert(repo.APP).values(
                id=pk,
                applicant_bin=cleaned.applicant_bin,
                applicant_name_kk=cleaned.applicant_name_kk,
                applicant_name_ru=cleaned.applicant_name_ru,
                legal_address_kk=cleaned.legal_address_kk,
                legal_address_ru=cleaned.legal_address_ru,
                region=cleaned.region.value,
                email=cleaned.email,
                phone=cleaned.phone,
                service_place_address_kk=cleaned.service_place_address_kk,
                service_place_address_ru=cleaned.service_place_address_ru,
                service_conditions=to_mask(cleaned.service_conditions),
                client_categories=to_mask(cleaned.client_categories),
                total_capacity=cleaned.total_capacity,
                head_name=cleaned.head_name,
                documents=_json(list(cleaned.documents)),
                publication_consent=cleaned.publication_consent,
                status=state.status.value,
                received_at=ctx.now,
                registered_on=state.registered_on,
                due_on=state.due_on,
                step=step.value,
                step_due_on=step_due,
                created_at=ctx.now,
                updated_at=ctx.now,
            )
        )
        await repo.append_event(
            conn,
            pk,
            Event(
                at=ctx.now,
                actor_role=ctx.viewer.role,
                actor_subject=ctx.viewer.subject,
                command=SUBMIT,
                from_status=None,
                to_status=state.status,
                documents=cleaned.documents,
            ),
        )
        if idempotency_key is not None:
            await remember(conn, ctx.viewer, idempotency_key, SUBMIT, digest, pk, ctx.now)
        return pk

    return await mutate(ctx, SUBMIT, None, work, created=lambda pk: f"LicenceApplication:{pk}")


def _values(decision_changes: dict[str, object]) -> dict[str, object]:
    """Columns a decision's changes map onto."""
    values: dict[str, object] = {}
    for key, value in decision_changes.items():
        if key == "grounds":
            values["grounds"] = _json(value)
        elif key == "hearing_outcome":
            assert isinstance(value, HearingOutcome)
            values["hearing_outcome"] = value.value
        else:
            values[key] = value
    return values


async def transition(
    ctx: Context, global_id: str, expected_version: int, command: Command
) -> Outcome[int]:
    """Load, check the version, decide, save: one transaction, one audit row, one event."""
    name = transition_for(command).name

    async def work(conn: AsyncConnection) -> int:
        pk = decode_typed_id(global_id, "LicenceApplication")
        row = await repo.load_application(conn, pk)
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
        if isinstance(command, Conclusion):
            values["conclusion"] = _json([dataclasses.asdict(f) for f in command.findings])
        if decision.event.documents:
            values["missing_documents"] = _json(list(decision.event.documents))
        # The versioned update first: of two concurrent calls, the second waits on the row and
        # is refused with VERSION_CONFLICT before it can issue a second licence.
        await repo.update_application(conn, pk, expected_version, values)
        if decision.issues_licence:
            held = await licence_in_force(conn, row.applicant_bin)
            if held is not None:
                raise DomainError(ErrorCode.LICENCE_ALREADY_HELD, params={"number": held})
            licence_id, _, _ = await issue_licence(
                conn, row, issued_on=ctx.calendar.local_date(ctx.now), at=ctx.now, actor=ctx.viewer
            )
            await repo.link_licence(conn, pk, licence_id)
        await repo.append_event(conn, pk, decision.event)
        return pk

    return await mutate(ctx, name, audit_target(global_id), work)


ApplicationPage = RegisteredPage[repo.ApplicationFilter]


async def list_applications(
    ctx: Context, *, first: int, after: str | None, f: repo.ApplicationFilter
) -> ApplicationPage:
    async def fetch(position: tuple[Any, int] | None) -> tuple[Sequence[Row[Any]], bool]:
        return await repo.page_of_applications(ctx.reader, ctx.viewer, f, first, position)

    return await registered_page(SCOPE, first, after, f, fetch)


async def count(ctx: Context, f: repo.ApplicationFilter) -> int:
    return await repo.count_applications(ctx.reader, ctx.viewer, f)


async def find_application(ctx: Context, global_id: str) -> Row[Any] | None:
    pk = decode_typed_id(global_id, "LicenceApplication")
    return await ctx.loaders.application_by_id.load(pk)


def commands_for(row: Row[Any]) -> list[str]:
    return allowed_commands(state_of(row))


async def history(reader: Reader, pk: int) -> list[Row[Any]]:
    return (await repo.events_by_application(reader, [pk]))[pk]
