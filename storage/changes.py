"""The registers' change feed in the database: recording a change inside the write that makes
it, reading a reader's page of changes, and the change stamp HTTP caches derive ETags from.

Privacy (domain.md, "Consent"): each row says whether its record was public before and after
the write. The public sees only rows public on one side or both, and is placed in the feed by
`public_seq` alone, which counts public rows only; so neither its rows, nor its cursors, nor
its counts, nor its stamp tell anything of a record that was hidden at the time, not even that
it changed. A reader who sees a whole register (domain.viewer: visibility ALL) reads every
row of it, placed by `entity_seq`.

Writers call `record_change` (or `record_organization_change` / `record_licence_change`, which
read the consent themselves) in their own write transaction. Writers take turns
(storage.engine: BEGIN IMMEDIATE on SQLite, an advisory lock on PostgreSQL), so the max+1
orders are free of races and `seq` rises in commit order: a reader after a cursor can never
miss a row committed later with a smaller number. A record changed twice in one
transaction without its visibility changing gets one row: the feed tells that it changed, the
reader loads its current state anyway.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import Enum, StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    and_,
    case,
    false,
    func,
    insert,
    literal,
    not_,
    or_,
    select,
    true,
)
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.viewer import (
    PUBLIC,
    OrganizationVisibility,
    Viewer,
    organization_visibility,
    specialist_visibility,
)
from storage.change_tables import RegisterChange
from storage.engine import Reader
from storage.organizations import LIC, ORG
from storage.organizations import visible_to as organizations_visible_to
from storage.specialists import SPECIALIST
from storage.specialists import visible_to as specialists_visible_to

__all__ = [
    "CHANGE",
    "Entity",
    "Position",
    "Reach",
    "change_stamp",
    "count_changes",
    "organization_is_public",
    "page_of_changes",
    "place_of",
    "reaches",
    "record_change",
    "record_included",
    "record_licence_change",
    "record_organization_change",
    "specialist_is_public",
    "specialist_public",
]

CHANGE = RegisterChange.__table__  # type: ignore[attr-defined]
_RECORDED = "registers.register_changes"


class Entity(StrEnum):
    ORGANIZATION = "ORGANIZATION"
    SPECIALIST = "SPECIALIST"


class Reach(Enum):
    """How much of one register's changes a reader sees."""

    ALL = "a"  # every row, placed by entity_seq
    PUBLIC = "p"  # rows public before or after the write, placed by public_seq


def reaches(viewer: Viewer) -> dict[Entity, Reach]:
    """Officers whose visibility of a register is ALL read all of its changes; everyone else,
    applicants included, reads the public's (an applicant's own hidden records stay out)."""

    def of(visibility: OrganizationVisibility) -> Reach:
        return Reach.ALL if visibility is OrganizationVisibility.ALL else Reach.PUBLIC

    return {
        Entity.ORGANIZATION: of(organization_visibility(viewer)),
        Entity.SPECIALIST: of(specialist_visibility(viewer)),
    }


def specialist_public(specialist_consent: bool, organization_consent: bool) -> bool:
    """Specialists rules p. 5: public with both consents (storage.specialists.visible_to)."""
    return specialist_consent and organization_consent


# --- reading consent inside a write -------------------------------------------------------


async def organization_is_public(conn: AsyncConnection, pk: int) -> bool:
    """Rules p. 7: the record is public with the provider's consent (organizations.visible_to)."""
    value = await conn.scalar(select(ORG.c.publication_consent).where(ORG.c.id == pk))
    return bool(value)


async def specialist_is_public(conn: AsyncConnection, pk: int) -> bool:
    statement = select(SPECIALIST.c.specialist_consent, SPECIALIST.c.organization_consent)
    row = (await conn.execute(statement.where(SPECIALIST.c.id == pk))).first()
    return row is not None and specialist_public(row.specialist_consent, row.organization_consent)


# --- recording ----------------------------------------------------------------------------


def _recorded(conn: AsyncConnection) -> set[tuple[str, int]]:
    """The records this transaction has already written a row for."""
    sync = conn.sync_connection
    assert sync is not None
    transaction = sync.get_transaction()
    assert transaction is not None, "register changes are written inside write_transaction"
    held = conn.info.get(_RECORDED)
    if held is None or held[0]() is not transaction:
        held = (weakref.ref(transaction), set())
        conn.info[_RECORDED] = held
    recorded: set[tuple[str, int]] = held[1]
    return recorded


def _next(column: Any, entity: Entity) -> ColumnElement[int]:
    latest = select(func.max(column)).where(CHANGE.c.entity == entity.value).scalar_subquery()
    return func.coalesce(latest, 0) + 1


async def record_change(
    conn: AsyncConnection,
    entity: Entity,
    entity_id: int,
    at: datetime,
    before: bool,
    after: bool,
    *,
    created: bool = False,
) -> None:
    """One row: `entity_id` changed at `at`, public `before` and `after` the write (its
    consent flags read inside the same transaction); `created`: this write included it."""
    recorded = _recorded(conn)
    key = (entity.value, entity_id)
    if key in recorded and before == after and not created:
        return
    recorded.add(key)
    await conn.execute(
        insert(CHANGE).values(
            at=at,
            entity=entity.value,
            entity_id=entity_id,
            created=created,
            public_before=before,
            public_after=after,
            entity_seq=_next(CHANGE.c.entity_seq, entity),
            public_seq=_next(CHANGE.c.public_seq, entity) if before or after else None,
        )
    )


async def record_organization_change(
    conn: AsyncConnection, organization_id: int, at: datetime
) -> None:
    """A change to the organisation's record that leaves its consent as it is."""
    public = await organization_is_public(conn, organization_id)
    await record_change(conn, Entity.ORGANIZATION, organization_id, at, public, public)


async def record_licence_change(conn: AsyncConnection, licence_id: int, at: datetime) -> None:
    """A change to a licence: the register shows its status, dates and history, so its
    organisation's record changes with it."""
    statement = (
        select(ORG.c.id, ORG.c.publication_consent)
        .select_from(LIC.join(ORG, ORG.c.id == LIC.c.organization_id))
        .where(LIC.c.id == licence_id)
    )
    row = (await conn.execute(statement)).first()
    if row is not None:
        public = bool(row.publication_consent)
        await record_change(conn, Entity.ORGANIZATION, row.id, at, public, public)


async def record_included(
    conn: AsyncConnection, entity: Entity, records: Sequence[tuple[int, datetime, bool]]
) -> None:
    """Bulk imports (seeds): (id, at, public) of records just included, in one statement."""
    if not records:
        return
    latest = (
        await conn.execute(
            select(
                select(func.max(CHANGE.c.entity_seq))
                .where(CHANGE.c.entity == entity.value)
                .scalar_subquery(),
                select(func.max(CHANGE.c.public_seq))
                .where(CHANGE.c.entity == entity.value)
                .scalar_subquery(),
            )
        )
    ).one()
    next_all, next_public = (latest[0] or 0) + 1, (latest[1] or 0) + 1
    rows: list[dict[str, Any]] = []
    for entity_id, at, public in records:
        rows.append(
            {
                "at": at,
                "entity": entity.value,
                "entity_id": entity_id,
                "created": True,
                "public_before": False,
                "public_after": public,
                "entity_seq": next_all,
                "public_seq": next_public if public else None,
            }
        )
        next_all += 1
        next_public += public
    await conn.execute(insert(CHANGE), rows)
    _recorded(conn).update((entity.value, r[0]) for r in records)


# --- reading ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Position:
    """Where a reader is in each register's changes (0: before the first)."""

    organization: int = 0
    specialist: int = 0

    def of(self, entity: Entity) -> int:
        return self.organization if entity is Entity.ORGANIZATION else self.specialist

    def moved(self, entity: Entity, value: int) -> Position:
        if entity is Entity.ORGANIZATION:
            return replace(self, organization=value)
        return replace(self, specialist=value)


def _place(reach: Reach) -> Any:
    return CHANGE.c.entity_seq if reach is Reach.ALL else CHANGE.c.public_seq


def place_of(row: Row[Any], reach: Reach) -> int:
    """The row's place among the changes its reader sees."""
    return int(row.entity_seq if reach is Reach.ALL else row.public_seq)


def _visible(reach: Reach) -> ColumnElement[bool]:
    return true() if reach is Reach.ALL else CHANGE.c.public_seq.is_not(None)


def _visible_after(seen: Mapping[Entity, Reach], position: Position) -> ColumnElement[bool]:
    """The rows this reader sees after `position` (a null public_seq is never after)."""
    return or_(
        *(
            and_(CHANGE.c.entity == entity.value, _place(reach) > position.of(entity))
            for entity, reach in seen.items()
        )
    )


_READ = [c for c in CHANGE.c if c.name != "seq"]  # seq orders, it is never shown
_NEVER = 2**63 - 1


def _seq_at(entity: Entity, reach: Reach, place: int) -> ColumnElement[int]:
    """The `seq` of the change at `place` in what the reader sees of `entity`'s register;
    a place no change has (a forged cursor) lies after them all."""
    if place == 0:
        return literal(0, BigInteger())
    other = CHANGE.alias("placed")
    column = other.c.entity_seq if reach is Reach.ALL else other.c.public_seq
    found = select(other.c.seq).where(other.c.entity == entity.value, column == place)
    return func.coalesce(found.scalar_subquery(), literal(_NEVER, BigInteger()))


async def page_of_changes(
    reader: Reader, viewer: Viewer, since: datetime, first: int, after: Position | None
) -> tuple[Sequence[Row[Any]], bool]:
    """One statement: the changes at or after `since` this viewer sees, after `after`, oldest
    first. The cursor's places become `seq` bounds (places rise with `seq` in each register),
    so the page is a walk along the primary key from the lower bound that stops at `first`,
    not a sort of everything after the cursor."""
    seen = reaches(viewer)
    position = after or Position()
    bound = {entity: _seq_at(entity, reach, position.of(entity)) for entity, reach in seen.items()}
    organizations, specialists = bound[Entity.ORGANIZATION], bound[Entity.SPECIALIST]
    per_register = case(
        *(
            (
                CHANGE.c.entity == entity.value,
                and_(CHANGE.c.seq > bound[entity], _visible(reach)),
            )
            for entity, reach in seen.items()
        ),
        else_=false(),
    )
    statement = (
        select(*_READ)
        .where(
            CHANGE.c.seq > case((organizations < specialists, organizations), else_=specialists),
            CHANGE.c.at >= since,
            per_register,
        )
        .order_by(CHANGE.c.seq)
        .limit(first + 1)
    )
    rows = await reader.all(statement)
    return rows[:first], len(rows) > first


async def count_changes(reader: Reader, viewer: Viewer, since: datetime) -> int:
    statement = select(func.count()).where(
        CHANGE.c.at >= since, _visible_after(reaches(viewer), Position())
    )
    return int(await reader.scalar(statement.select_from(CHANGE)))


def _latest(entity: Entity, reach: Reach) -> Any:
    column = _place(reach)
    return func.coalesce(
        select(func.max(column)).where(CHANGE.c.entity == entity.value).scalar_subquery(), 0
    )


def _own_hidden_changes(entity: Entity, viewer: Viewer) -> Any:
    """How many rows there are of the hidden records this viewer still sees (its own): they
    change its answers without changing the public's."""
    if entity is Entity.ORGANIZATION:
        records = select(ORG.c.id).where(
            organizations_visible_to(viewer), not_(ORG.c.publication_consent)
        )
    else:
        consenting = and_(SPECIALIST.c.specialist_consent, SPECIALIST.c.organization_consent)
        records = select(SPECIALIST.c.id).where(specialists_visible_to(viewer), not_(consenting))
    return (
        select(func.count())
        .select_from(CHANGE)
        .where(CHANGE.c.entity == entity.value, CHANGE.c.entity_id.in_(records))
        .scalar_subquery()
    )


async def change_stamp(reader: Reader, viewer: Viewer = PUBLIC) -> str:
    """A short string that changes whenever a register answer `viewer` may get changes, and
    only then: for the public, when a record that is or was public changes, never when a
    hidden one does (an ETag that moved on a hidden write would tell of it). An applicant's
    stamp also moves with its own hidden records. One indexed statement."""
    own = {
        Entity.ORGANIZATION: organization_visibility(viewer),
        Entity.SPECIALIST: specialist_visibility(viewer),
    }
    columns: list[Any] = []
    for entity, reach in reaches(viewer).items():
        columns.append(_latest(entity, reach).label(f"{entity.value}_latest"))
        counted = own[entity] is OrganizationVisibility.CONSENTING_OR_OWN
        columns.append(
            (_own_hidden_changes(entity, viewer) if counted else literal(None)).label(
                f"{entity.value}_own"
            )
        )
    row = await reader.first(select(*columns))
    assert row is not None
    parts = []
    for entity, reach in reaches(viewer).items():
        latest, hidden = row._mapping[f"{entity.value}_latest"], row._mapping[f"{entity.value}_own"]
        parts.append(f"{reach.value}{latest}" + ("" if hidden is None else f"+{hidden}"))
    return ".".join(parts)
