"""Specialist applications in the database: who may see which, versioned updates, history.

The registrar and admins see every application; an applicant its own (the token subject it
applied with); nobody else any. Like the registers, one predicate per statement.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import orjson
from sqlalchemy import ColumnElement, false, func, insert, select, true, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.specialists import OPEN_STATES, SpecialistApplicationStatus, SpecialistEvent
from domain.viewer import Role, Viewer
from storage.engine import Reader
from storage.records import page_by_registration, update_versioned
from storage.specialist_tables import SpecialistApplication, SpecialistApplicationEvent

__all__ = [
    "APPLICATION",
    "APPLICATION_EVENT",
    "SpecialistApplicationFilter",
    "append_event",
    "applications_by_ids",
    "count_applications",
    "events_by_application",
    "link_specialist",
    "load_application",
    "may_see",
    "open_application_for_iin",
    "page_of_applications",
    "update_application",
    "visible_to",
]

APPLICATION = SpecialistApplication.__table__  # type: ignore[attr-defined]
APPLICATION_EVENT = SpecialistApplicationEvent.__table__  # type: ignore[attr-defined]
DECIDERS = (Role.REGISTRAR, Role.ADMIN)


def visible_to(viewer: Viewer) -> ColumnElement[bool]:
    if viewer.role in DECIDERS:
        return true()
    if viewer.role is Role.APPLICANT and viewer.subject:
        return APPLICATION.c.applicant == viewer.subject  # type: ignore[no-any-return]
    return false()


def may_see(viewer: Viewer, row: Row[Any]) -> bool:
    """The same rule as `visible_to`, for a row already loaded."""
    if viewer.role in DECIDERS:
        return True
    return viewer.role is Role.APPLICANT and viewer.subject == row.applicant


@dataclass(frozen=True, slots=True)
class SpecialistApplicationFilter:
    statuses: Sequence[SpecialistApplicationStatus] = ()
    applicant: str | None = None
    overdue_on: date | None = None  # "awaiting a decision past its due date, as of this day"


def _conditions(viewer: Viewer, f: SpecialistApplicationFilter) -> list[ColumnElement[bool]]:
    where = [visible_to(viewer)]
    if f.statuses:
        where.append(APPLICATION.c.status.in_([s.value for s in f.statuses]))
    if f.applicant:
        where.append(APPLICATION.c.applicant == f.applicant)
    if f.overdue_on is not None:
        where.append(APPLICATION.c.status == SpecialistApplicationStatus.SUBMITTED.value)
        where.append(APPLICATION.c.due_on < f.overdue_on)
    return where


async def page_of_applications(
    reader: Reader,
    viewer: Viewer,
    f: SpecialistApplicationFilter,
    first: int,
    after: tuple[Any, int] | None,
) -> tuple[Sequence[Row[Any]], bool]:
    return await page_by_registration(reader, APPLICATION, _conditions(viewer, f), first, after)


async def count_applications(reader: Reader, viewer: Viewer, f: SpecialistApplicationFilter) -> int:
    statement = select(func.count()).select_from(APPLICATION).where(*_conditions(viewer, f))
    return int(await reader.scalar(statement))


async def applications_by_ids(
    reader: Reader, viewer: Viewer, ids: Sequence[int]
) -> dict[int, Row[Any]]:
    rows = await reader.all(
        select(APPLICATION).where(APPLICATION.c.id.in_(ids), visible_to(viewer))
    )
    return {row.id: row for row in rows}


async def events_by_application(
    reader: Reader, viewer: Viewer, ids: Sequence[int]
) -> dict[int, list[Row[Any]]]:
    statement = (
        select(APPLICATION_EVENT)
        .join(APPLICATION, APPLICATION.c.id == APPLICATION_EVENT.c.application_id)
        .where(APPLICATION_EVENT.c.application_id.in_(ids), visible_to(viewer))
        .order_by(APPLICATION_EVENT.c.id)
    )
    grouped: dict[int, list[Row[Any]]] = {i: [] for i in ids}
    for row in await reader.all(statement):
        grouped[row.application_id].append(row)
    return grouped


async def load_application(conn: AsyncConnection, application_id: int) -> Row[Any] | None:
    return (
        await conn.execute(select(APPLICATION).where(APPLICATION.c.id == application_id))
    ).first()


async def open_application_for_iin(
    conn: AsyncConnection, applicant: str, iin: str, *, other_than: int | None = None
) -> int | None:
    """The applicant's application for this IIN still submitted or returned, if any."""
    statement = select(APPLICATION.c.id).where(
        APPLICATION.c.applicant == applicant,
        APPLICATION.c.iin == iin,
        APPLICATION.c.status.in_([s.value for s in OPEN_STATES]),
    )
    if other_than is not None:
        statement = statement.where(APPLICATION.c.id != other_than)
    return await conn.scalar(statement.limit(1))


async def link_specialist(conn: AsyncConnection, application_id: int, specialist_id: int) -> None:
    """The entry made on registering the application (its version was bumped by the decision)."""
    await conn.execute(
        update(APPLICATION)
        .where(APPLICATION.c.id == application_id)
        .values(specialist_id=specialist_id)
    )


async def update_application(
    conn: AsyncConnection, application_id: int, expected_version: int, values: Mapping[str, Any]
) -> None:
    await update_versioned(conn, APPLICATION, application_id, expected_version, values)


async def append_event(
    conn: AsyncConnection,
    application_id: int,
    event: SpecialistEvent,
    *,
    registered_on: date,
    due_on: date,
    form: str | None = None,
) -> None:
    await conn.execute(
        insert(APPLICATION_EVENT).values(
            application_id=application_id,
            at=event.at,
            actor_role=event.actor_role.value,
            actor_subject=event.actor_subject,
            command=event.command,
            from_status=event.from_status.value if event.from_status else None,
            to_status=event.to_status.value,
            round=event.round,
            registered_on=registered_on,
            due_on=due_on,
            reasons=orjson.dumps(list(event.reasons)).decode(),
            comment=event.comment,
            form=form,
        )
    )
