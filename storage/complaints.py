"""Complaints in the database: who may see which, versioned updates, history.

An applicant sees its own complaints, the licensor and admins all of them (they forward,
satisfy and decide them; admin stands in for the quality-assessment body), every other role
none. One predicate per statement (`complaints_visible_to`), as for applications.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, false, func, insert, select, true
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.complaints import OPEN_STATES, ComplaintStatus, Event
from domain.viewer import Role, Viewer
from storage.engine import Reader
from storage.lifecycle_tables import Complaint, ComplaintEvent
from storage.organizations import LIC, ORG
from storage.records import page_by_registration, update_versioned

__all__ = [
    "COMPLAINT",
    "COMPLAINT_EVENT",
    "ComplaintFilter",
    "append_event",
    "complaints_by_ids",
    "complaints_visible_to",
    "count_complaints",
    "events_by_complaint",
    "licence_owner",
    "load_complaint",
    "may_see",
    "page_of_complaints",
    "update_complaint",
]

COMPLAINT = Complaint.__table__  # type: ignore[attr-defined]
COMPLAINT_EVENT = ComplaintEvent.__table__  # type: ignore[attr-defined]
_OPEN = [s.value for s in OPEN_STATES]


def complaints_visible_to(viewer: Viewer) -> ColumnElement[bool]:
    if viewer.role in (Role.LICENSOR, Role.ADMIN):
        return true()
    if viewer.role is Role.APPLICANT and viewer.subject:
        return COMPLAINT.c.applicant_bin == viewer.subject  # type: ignore[no-any-return]
    return false()


def may_see(viewer: Viewer, row: Row[Any]) -> bool:
    """The same rule as `complaints_visible_to`, for a row already loaded."""
    if viewer.role in (Role.LICENSOR, Role.ADMIN):
        return True
    return viewer.role is Role.APPLICANT and viewer.subject == row.applicant_bin


@dataclass(frozen=True, slots=True)
class ComplaintFilter:
    statuses: Sequence[ComplaintStatus] = ()
    overdue_on: date | None = None  # "overdue as of this local date"


def _conditions(viewer: Viewer, f: ComplaintFilter) -> list[ColumnElement[bool]]:
    where = [complaints_visible_to(viewer)]
    if f.statuses:
        where.append(COMPLAINT.c.status.in_([s.value for s in f.statuses]))
    if f.overdue_on is not None:
        where.append(COMPLAINT.c.status.in_(_OPEN))
        where.append(COMPLAINT.c.step_due_on < f.overdue_on)
    return where


async def page_of_complaints(
    reader: Reader, viewer: Viewer, f: ComplaintFilter, first: int, after: tuple[Any, int] | None
) -> tuple[Sequence[Row[Any]], bool]:
    return await page_by_registration(reader, COMPLAINT, _conditions(viewer, f), first, after)


async def count_complaints(reader: Reader, viewer: Viewer, f: ComplaintFilter) -> int:
    statement = select(func.count()).select_from(COMPLAINT).where(*_conditions(viewer, f))
    return int(await reader.scalar(statement))


async def complaints_by_ids(
    reader: Reader, viewer: Viewer, ids: Sequence[int]
) -> dict[int, Row[Any]]:
    rows = await reader.all(
        select(COMPLAINT).where(COMPLAINT.c.id.in_(ids), complaints_visible_to(viewer))
    )
    return {row.id: row for row in rows}


async def events_by_complaint(reader: Reader, ids: Sequence[int]) -> dict[int, list[Row[Any]]]:
    rows = await reader.all(
        select(COMPLAINT_EVENT)
        .where(COMPLAINT_EVENT.c.complaint_id.in_(ids))
        .order_by(COMPLAINT_EVENT.c.id)
    )
    grouped: dict[int, list[Row[Any]]] = {i: [] for i in ids}
    for row in rows:
        grouped[row.complaint_id].append(row)
    return grouped


async def licence_owner(conn: AsyncConnection, licence_id: int) -> str | None:
    """The BIN/IIN of the organisation holding the licence: whose licence it is."""
    statement = (
        select(ORG.c.bin)
        .select_from(LIC.join(ORG, ORG.c.id == LIC.c.organization_id))
        .where(LIC.c.id == licence_id)
    )
    value = await conn.scalar(statement)
    return None if value is None else str(value)


async def load_complaint(conn: AsyncConnection, complaint_id: int) -> Row[Any] | None:
    return (await conn.execute(select(COMPLAINT).where(COMPLAINT.c.id == complaint_id))).first()


async def update_complaint(
    conn: AsyncConnection, complaint_id: int, expected_version: int, values: Mapping[str, Any]
) -> None:
    return await update_versioned(conn, COMPLAINT, complaint_id, expected_version, values)


async def append_event(conn: AsyncConnection, complaint_id: int, event: Event) -> None:
    await conn.execute(
        insert(COMPLAINT_EVENT).values(
            complaint_id=complaint_id,
            at=event.at,
            actor_role=event.actor_role.value,
            actor_subject=event.actor_subject,
            command=event.command,
            from_status=event.from_status.value if event.from_status else None,
            to_status=event.to_status.value,
            note=event.note,
        )
    )
