"""The registers' change feed as GraphQL (`registerChanges`): what changed since a time, for
open-data consumers who keep a copy of the registers in step without reloading them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry
from sqlalchemy.engine import Row
from strawberry.types import Info

from resolvers import changes as resolve
from resolvers.changes import DEFAULT_CHANGES_PAGE_SIZE, ChangeKind
from resolvers.context import Context
from resolvers.ids import encode_id
from schema.common import Connection
from schema.register import Organization
from schema.specialists import Specialist
from storage.changes import Entity, Reach

__all__ = ["RegisterChange", "RegisterChangeConnection", "RegisterChangeQueries"]

strawberry.enum(
    ChangeKind,
    name="RegisterChangeKind",
    description=(
        "CREATED: the record entered what you may see (included, or its consent given); "
        "UPDATED: it changed and you could see it before and after; REMOVED: you may no longer "
        "see it (its consent withdrawn): the change carries its id only. A record removed from "
        "the organisations register stays in it with the status REMOVED: that is an UPDATED."
    ),
)
strawberry.enum(Entity, name="RegisterEntity", description="Which register the record is in.")

_TYPE_NAMES = {Entity.ORGANIZATION: "Organization", Entity.SPECIALIST: "Specialist"}


@strawberry.type(
    description="A change of a register record. Its data are the record's current state, "
    "null when you may not see the record now, whatever it was at the time."
)
class RegisterChange:
    at: datetime = strawberry.field(description="When the change was made (UTC).")
    kind: ChangeKind
    entity: Entity
    id: strawberry.ID = strawberry.field(
        description="The record's id: `node(id)`, `organization(id)` or `specialist(id)`."
    )
    pk: strawberry.Private[int]

    @strawberry.field(description="The organisation now; null for a REMOVED change.")
    async def organization(self, info: Info[Context, None]) -> Organization | None:
        if self.entity is not Entity.ORGANIZATION or self.kind is ChangeKind.REMOVED:
            return None
        row = await info.context.loaders.organization_by_id.load(self.pk)
        return None if row is None else Organization.from_row(row)

    @strawberry.field(description="The specialist now; null for a REMOVED change.")
    async def specialist(self, info: Info[Context, None]) -> Specialist | None:
        if self.entity is not Entity.SPECIALIST or self.kind is ChangeKind.REMOVED:
            return None
        row = await info.context.loaders.specialist_by_id.load(self.pk)
        return None if row is None else Specialist.from_row(row)

    @classmethod
    def from_row(cls, row: Row[Any], reach: Reach) -> RegisterChange:
        entity = Entity(row.entity)
        return cls(
            at=row.at,
            kind=resolve.change_kind(row, reach),
            entity=entity,
            id=strawberry.ID(encode_id(_TYPE_NAMES[entity], row.entity_id)),
            pk=row.entity_id,
        )


RegisterChangeConnection = Connection[RegisterChange]

_SINCE = "Changes made at or after this time; with a time zone (e.g. 2026-04-01T00:00:00Z)."
_AFTER = "The `endCursor` of the previous page: poll on with it, nothing is skipped."


@strawberry.type
class RegisterChangeQueries:
    @strawberry.field(
        description="Organisation and specialist records created, updated or removed since a "
        "time, oldest first, keyset-paginated (first 1..100); only changes of records you could "
        "see at the time, and their data only if you may see them now."
    )
    async def register_changes(
        self,
        info: Info[Context, None],
        since: Annotated[datetime, strawberry.argument(description=_SINCE)],
        first: int | None = DEFAULT_CHANGES_PAGE_SIZE,
        after: Annotated[str | None, strawberry.argument(description=_AFTER)] = None,
    ) -> RegisterChangeConnection:
        page, seen = await resolve.list_changes(
            info.context,
            since=since,
            first=DEFAULT_CHANGES_PAGE_SIZE if first is None else first,
            after=after,
        )
        return Connection.of(
            page, lambda row: RegisterChange.from_row(row, seen[Entity(row.entity)])
        )
