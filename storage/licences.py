"""Licences after issue in the database: loading what a viewer may act on, versioned updates,
the public history, service contracts and reissue applications.

Loads go through `organizations.visible_to(viewer)` like every read of the register; reissue
applications have their own predicate (`reissues_visible_to`): the applicant sees its own,
the licensor and admins all, everyone else none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, false, func, insert, select, true, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.licence_events import ReissueStatus
from domain.viewer import Role, Viewer
from storage.changes import record_organization_change
from storage.engine import Reader
from storage.lifecycle_tables import ReissueApplication
from storage.organizations import CONTRACT, LIC, ORG, visible_to
from storage.records import page_by_registration, update_versioned
from storage.register_writes import LICENCE_EVENT

__all__ = [
    "REISSUE",
    "ReissueFilter",
    "append_contract",
    "bump_licence",
    "count_reissues",
    "current_licence",
    "events_by_licence",
    "insert_reissue",
    "load_licence",
    "load_organization",
    "load_reissue",
    "page_of_reissues",
    "pending_reissue",
    "reissue_by_id",
    "update_licence",
    "update_organization",
    "update_reissue",
]

REISSUE = ReissueApplication.__table__  # type: ignore[attr-defined]


# --- licences and their organisations -----------------------------------------------------


async def load_licence(conn: AsyncConnection, viewer: Viewer, pk: int) -> Row[Any] | None:
    """The licence, if its organisation is visible to `viewer`."""
    statement = (
        select(*LIC.c)
        .select_from(LIC.join(ORG, ORG.c.id == LIC.c.organization_id))
        .where(LIC.c.id == pk, visible_to(viewer))
    )
    return (await conn.execute(statement)).first()


async def load_organization(conn: AsyncConnection, viewer: Viewer, pk: int) -> Row[Any] | None:
    statement = select(ORG).where(ORG.c.id == pk, visible_to(viewer))
    return (await conn.execute(statement)).first()


async def current_licence(conn: AsyncConnection, organization_id: int) -> Row[Any] | None:
    statement = select(LIC).where(LIC.c.organization_id == organization_id, LIC.c.is_current)
    return (await conn.execute(statement)).first()


async def update_licence(
    conn: AsyncConnection, pk: int, expected_version: int, values: Mapping[str, Any]
) -> None:
    return await update_versioned(conn, LIC, pk, expected_version, values)


async def bump_licence(conn: AsyncConnection, pk: int, values: Mapping[str, Any]) -> None:
    """A new version without a version check: for changes decided on another record."""
    await conn.execute(
        update(LIC).where(LIC.c.id == pk).values(**values, version=LIC.c.version + 1)
    )


async def update_organization(
    conn: AsyncConnection, pk: int, values: Mapping[str, Any], *, at: datetime
) -> None:
    await conn.execute(
        update(ORG).where(ORG.c.id == pk).values(**values, updated_at=at, version=ORG.c.version + 1)
    )
    await record_organization_change(conn, pk, at)


async def append_contract(
    conn: AsyncConnection,
    organization_id: int,
    *,
    concluded_on: date,
    valid_until: date | None,
    at: datetime,
    actor: Viewer,
) -> None:
    """A new row each time: the register shows the latest, the earlier ones stay (columns 13-14)."""
    await conn.execute(
        insert(CONTRACT).values(
            organization_id=organization_id,
            concluded_on=concluded_on,
            valid_until=valid_until,
            recorded_at=at,
            recorded_by_role=actor.role.value,
            recorded_by_subject=actor.subject,
        )
    )
    await record_organization_change(conn, organization_id, at)  # register columns 13-14


async def events_by_licence(
    reader: Reader, viewer: Viewer, licence_ids: Sequence[int]
) -> dict[int, list[Row[Any]]]:
    """Each licence's history, oldest first, in one statement; only of visible organisations."""
    joined = LICENCE_EVENT.join(LIC, LIC.c.id == LICENCE_EVENT.c.licence_id).join(
        ORG, ORG.c.id == LIC.c.organization_id
    )
    statement = (
        select(
            LICENCE_EVENT.c.licence_id,
            LICENCE_EVENT.c.at,
            LICENCE_EVENT.c.kind,
            LICENCE_EVENT.c.note,
        )
        .select_from(joined)
        .where(LICENCE_EVENT.c.licence_id.in_(licence_ids), visible_to(viewer))
        .order_by(LICENCE_EVENT.c.licence_id, LICENCE_EVENT.c.id)
    )
    grouped: dict[int, list[Row[Any]]] = {i: [] for i in licence_ids}
    for row in await reader.all(statement):
        grouped[row.licence_id].append(row)
    return grouped


# --- reissue applications -----------------------------------------------------------------


def reissues_visible_to(viewer: Viewer) -> ColumnElement[bool]:
    if viewer.role in (Role.LICENSOR, Role.ADMIN):
        return true()
    if viewer.role is Role.APPLICANT and viewer.subject:
        return REISSUE.c.applicant_bin == viewer.subject  # type: ignore[no-any-return]
    return false()


@dataclass(frozen=True, slots=True)
class ReissueFilter:
    statuses: Sequence[ReissueStatus] = ()
    overdue_on: date | None = None  # "overdue as of this local date"


def _conditions(viewer: Viewer, f: ReissueFilter) -> list[ColumnElement[bool]]:
    where = [reissues_visible_to(viewer)]
    if f.statuses:
        where.append(REISSUE.c.status.in_([s.value for s in f.statuses]))
    if f.overdue_on is not None:
        where.append(REISSUE.c.status == ReissueStatus.SUBMITTED.value)
        where.append(REISSUE.c.due_on < f.overdue_on)
    return where


async def insert_reissue(conn: AsyncConnection, values: Mapping[str, Any]) -> None:
    await conn.execute(insert(REISSUE).values(**values))


async def pending_reissue(conn: AsyncConnection, licence_id: int) -> int | None:
    """The licence's reissue application still waiting for a decision, if any."""
    statement = select(REISSUE.c.id).where(
        REISSUE.c.licence_id == licence_id, REISSUE.c.status == ReissueStatus.SUBMITTED.value
    )
    found = await conn.scalar(statement.limit(1))
    return None if found is None else int(found)


async def load_reissue(conn: AsyncConnection, viewer: Viewer, pk: int) -> Row[Any] | None:
    statement = select(REISSUE).where(REISSUE.c.id == pk, reissues_visible_to(viewer))
    return (await conn.execute(statement)).first()


async def update_reissue(
    conn: AsyncConnection, pk: int, expected_version: int, values: Mapping[str, Any]
) -> None:
    return await update_versioned(conn, REISSUE, pk, expected_version, values)


async def reissue_by_id(reader: Reader, viewer: Viewer, pk: int) -> Row[Any] | None:
    return await reader.first(
        select(REISSUE).where(REISSUE.c.id == pk, reissues_visible_to(viewer))
    )


async def page_of_reissues(
    reader: Reader, viewer: Viewer, f: ReissueFilter, first: int, after: tuple[Any, int] | None
) -> tuple[Sequence[Row[Any]], bool]:
    return await page_by_registration(reader, REISSUE, _conditions(viewer, f), first, after)


async def count_reissues(reader: Reader, viewer: Viewer, f: ReissueFilter) -> int:
    statement = select(func.count()).select_from(REISSUE).where(*_conditions(viewer, f))
    return int(await reader.scalar(statement))
