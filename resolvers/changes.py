"""`registerChanges(since:)`: the registers' change feed, like CQC's `/changes`.

What a change is called depends on who reads it (storage.changes.Reach):
- the public (and applicants): a record that becomes public is CREATED, one public before and
  after is UPDATED, one that stops being public (a consent withdrawn) is REMOVED, carrying its
  id only; a record hidden before and after is not there at all;
- an officer who sees a whole register: the write that included a record is CREATED, any
  later one UPDATED.
A record removed from the organisations register (licence terminated) stays public with the
status REMOVED: that is an UPDATED.

Cursors are (where the reader is in the organisations' changes, where in the specialists'),
counted among the changes that reader sees, never the table's sequence number.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy.engine import Row

from domain.errors import DomainError, ErrorCode
from resolvers.context import Context
from resolvers.pagination import SortedPage, check_first, decode_cursor, encode_cursor
from storage import changes as repo
from storage.changes import Entity, Position, Reach

__all__ = [
    "DEFAULT_CHANGES_PAGE_SIZE",
    "SCOPE",
    "ChangeKind",
    "change_kind",
    "check_since",
    "list_changes",
]

SCOPE = "registerChanges"
DEFAULT_CHANGES_PAGE_SIZE = 100
_PLACE = re.compile(r"[0-9]{1,18}")


class ChangeKind(StrEnum):
    CREATED = "CREATED"
    UPDATED = "UPDATED"
    REMOVED = "REMOVED"


def change_kind(row: Row[Any], reach: Reach) -> ChangeKind:
    if reach is Reach.ALL:
        return ChangeKind.CREATED if row.created else ChangeKind.UPDATED
    if not row.public_before:
        return ChangeKind.CREATED
    return ChangeKind.UPDATED if row.public_after else ChangeKind.REMOVED


def _tag(seen: Mapping[Entity, Reach]) -> str:
    """Which reach the cursor's places count in: a cursor of another reader's feed is refused."""
    return seen[Entity.ORGANIZATION].value + seen[Entity.SPECIALIST].value


def _encode(seen: Mapping[Entity, Reach], position: Position) -> str:
    return encode_cursor(SCOPE, f"{_tag(seen)}:{position.organization}", position.specialist)


def _decode(cursor: str, seen: Mapping[Entity, Reach]) -> Position:
    value, specialist = decode_cursor(cursor, SCOPE, str)
    tag, _, organization = str(value).partition(":")
    if tag != _tag(seen) or not _PLACE.fullmatch(organization) or specialist >= 10**18:
        raise DomainError(ErrorCode.INVALID_CURSOR, field=["after"])
    return Position(organization=int(organization), specialist=specialist)


def check_since(since: datetime) -> datetime:
    """`since` in UTC; a time without a zone is refused, not guessed (the register keeps UTC,
    the office works in UTC+5). Any year is accepted: before the first change or after the
    last, the feed is simply empty."""
    if since.tzinfo is None or since.utcoffset() is None:
        raise DomainError(ErrorCode.INVALID_VALUE, field=["since"])
    try:
        return since.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00+05:00 or 9999-12-31T23:00-05:00
        if since.year == 1:
            return datetime.min.replace(tzinfo=UTC)
        return datetime.max.replace(tzinfo=UTC)


async def list_changes(
    ctx: Context, *, since: datetime, first: int, after: str | None
) -> tuple[SortedPage, dict[Entity, Reach]]:
    """One statement for the page, one for `totalCount` when asked for; the records' data
    come through the request's loaders, which apply the reader's visibility."""
    check_first(first)
    moment = check_since(since)
    seen = repo.reaches(ctx.viewer)
    position = _decode(after, seen) if after is not None else None
    rows, has_next = await repo.page_of_changes(ctx.reader, ctx.viewer, moment, first, position)
    cursors: list[str] = []
    at = position or Position()
    for row in rows:
        entity = Entity(row.entity)
        at = at.moved(entity, repo.place_of(row, seen[entity]))
        cursors.append(_encode(seen, at))

    async def count() -> int:
        return await repo.count_changes(ctx.reader, ctx.viewer, moment)

    page = SortedPage(
        rows=rows,
        cursors=cursors,
        has_next=has_next,
        has_previous=after is not None,
        count=count,
    )
    return page, seen
