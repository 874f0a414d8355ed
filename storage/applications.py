"""Licence applications in the database: who may see which, versioned updates, history.

Applicants see their own applications, inspectors those of their region (or all with `*`),
the licensor and admins all of them; the registrar and the public none. Like organisation
visibility, this is one predicate per statement (`applications_visible_to`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import orjson
from sqlalchemy import ColumnElement, false, func, insert, or_, select, true, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.licensing import FINAL_STATES, ApplicationStatus, Event
from domain.regions import Region
from domain.viewer import Role, Viewer
from storage.engine import Reader
from storage.lifecycle_tables import ApplicationEvent, LicenceApplication
from storage.records import page_by_registration, update_versioned

__all__ = [
    "APP",
    "APP_EVENT",
    "ApplicationFilter",
    "append_event",
    "applications_visible_to",
    "count_applications",
    "events_by_application",
    "link_licence",
    "load_application",
    "may_see",
    "page_of_applications",
    "update_application",
]

APP = LicenceApplication.__table__  # type: ignore[attr-defined]
APP_EVENT = ApplicationEvent.__table__  # type: ignore[attr-defined]
OPEN_STATES = [s.value for s in ApplicationStatus if s not in FINAL_STATES]


def applications_visible_to(viewer: Viewer) -> ColumnElement[bool]:
    if viewer.role in (Role.LICENSOR, Role.ADMIN):
        return true()
    if viewer.role is Role.INSPECTOR:
        return true() if viewer.subject in (None, "*") else APP.c.region == viewer.subject
    if viewer.role is Role.APPLICANT and viewer.subject:
        return APP.c.applicant_bin == viewer.subject  # type: ignore[no-any-return]
    return false()


def may_see(viewer: Viewer, row: Row[Any]) -> bool:
    """The same rule as `applications_visible_to`, for a row already loaded."""
    if viewer.role in (Role.LICENSOR, Role.ADMIN):
        return True
    if viewer.role is Role.INSPECTOR:
        return viewer.subject in (None, "*", row.region)
    return viewer.role is Role.APPLICANT and viewer.subject == row.applicant_bin


@dataclass(frozen=True, slots=True)
class ApplicationFilter:
    statuses: Sequence[ApplicationStatus] = ()
    regions: Sequence[Region] = ()
    applicant: str | None = None
    overdue_on: date | None = None  # "overdue as of this local date"


def _conditions(viewer: Viewer, f: ApplicationFilter) -> list[ColumnElement[bool]]:
    where = [applications_visible_to(viewer)]
    if f.statuses:
        where.append(APP.c.status.in_([s.value for s in f.statuses]))
    if f.regions:
        where.append(APP.c.region.in_([r.value for r in f.regions]))
    if f.applicant:
        where.append(APP.c.applicant_bin == f.applicant)
    if f.overdue_on is not None:
        where.append(APP.c.status.in_(OPEN_STATES))
        where.append(or_(APP.c.step_due_on < f.overdue_on, APP.c.due_on < f.overdue_on))
    return where


async def page_of_applications(
    reader: Reader, viewer: Viewer, f: ApplicationFilter, first: int, after: tuple[Any, int] | None
) -> tuple[Sequence[Row[Any]], bool]:
    return await page_by_registration(reader, APP, _conditions(viewer, f), first, after)


async def count_applications(reader: Reader, viewer: Viewer, f: ApplicationFilter) -> int:
    return int(
        await reader.scalar(select(func.count()).select_from(APP).where(*_conditions(viewer, f)))
    )


async def applications_by_ids(
    reader: Reader, viewer: Viewer, ids: Sequence[int]
) -> dict[int, Row[Any]]:
    rows = await reader.all(select(APP).where(APP.c.id.in_(ids), applications_visible_to(viewer)))
    return {row.id: row for row in rows}


async def events_by_application(reader: Reader, ids: Sequence[int]) -> dict[int, list[Row[Any]]]:
    rows = await reader.all(
        select(APP_EVENT).where(APP_EVENT.c.application_id.in_(ids)).order_by(APP_EVENT.c.id)
    )
    grouped: dict[int, list[Row[Any]]] = {i: [] for i in ids}
    for row in rows:
        grouped[row.application_id].append(row)
    return grouped


async def load_application(conn: AsyncConnection, application_id: int) -> Row[Any] | None:
    return (await conn.execute(select(APP).where(APP.c.id == application_id))).first()


async def update_application(
    conn: AsyncConnection, application_id: int, expected_version: int, values: Mapping[str, Any]
) -> None:
    return await update_versioned(conn, APP, application_id, expected_version, values)


async def link_licence(conn: AsyncConnection, application_id: int, licence_id: int) -> None:
    """The licence issued on the application (its version was bumped by the same decision)."""
    await conn.execute(update(APP).where(APP.c.id == application_id).values(licence_id=licence_id))


async def append_event(conn: AsyncConnection, application_id: int, event: Event) -> None:
    await conn.execute(
        insert(APP_EVENT).values(
            application_id=application_id,
            at=event.at,
            actor_role=event.actor_role.value,
            actor_subject=event.actor_subject,
            command=event.command,
            from_status=event.from_status.value if event.from_status else None,
            to_status=event.to_status.value,
            reasons=orjson.dumps(list(event.reasons)).decode(),
            note=event.note,
            documents=orjson.dumps(list(event.documents)).decode(),
        )
    )
