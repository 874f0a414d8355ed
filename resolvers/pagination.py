"""Keyset cursors and page sizes shared by every connection.

A cursor names the list and ordering it came from and the sort key of its record, so it
stays valid while records are inserted before it, and a cursor from another list or another
ordering is refused (INVALID_CURSOR) instead of silently returning a wrong page.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

import orjson
from sqlalchemy.engine import Row

from domain.errors import DomainError, ErrorCode
from domain.text import has_control_characters
from resolvers.ids import MAX_PK

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "RegisteredPage",
    "SortedPage",
    "check_first",
    "decode_cursor",
    "encode_cursor",
    "registered_page",
    "sorted_page",
]

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_CURSOR_LENGTH = 1000


def check_first(first: int, field: str = "first") -> int:
    if not 1 <= first <= MAX_PAGE_SIZE:
        raise DomainError(
            ErrorCode.PAGE_SIZE_OUT_OF_RANGE, field=[field], params={"max": MAX_PAGE_SIZE}
        )
    return first


def encode_cursor(scope: str, key: str | date, pk: int) -> str:
    value = key.isoformat() if isinstance(key, date) else key
    raw = orjson.dumps([scope, value, pk])
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, scope: str, key_type: type[str] | type[date]) -> tuple[Any, int]:
    """The (sort key, pk) after which the next page starts; INVALID_CURSOR when foreign."""
    bad = DomainError(ErrorCode.INVALID_CURSOR, field=["after"])
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise bad
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        decoded = orjson.loads(raw)
    except (binascii.Error, ValueError, orjson.JSONDecodeError):
        raise bad from None
    if not isinstance(decoded, list) or len(decoded) != 3 or decoded[0] != scope:
        raise bad
    _, value, pk = decoded
    if not isinstance(pk, int) or isinstance(pk, bool) or not isinstance(value, str):
        raise bad
    if not 0 <= pk < MAX_PK or len(value) > MAX_CURSOR_LENGTH or has_control_characters(value):
        raise bad
    if key_type is date:
        try:
            return date.fromisoformat(value), pk
        except ValueError:
            raise bad from None
    return value, pk


F = TypeVar("F")
Fetch = Callable[[tuple[Any, int] | None], Awaitable[tuple[Sequence[Row[Any]], bool]]]


@dataclass(frozen=True, slots=True)
class RegisteredPage(Generic[F]):
    """A page of dated records (applications, reissues, complaints), newest registration first."""

    rows: Sequence[Row[Any]]
    cursors: Sequence[str]
    has_next: bool
    has_previous: bool
    filter: F


async def registered_page(
    scope: str, first: int, after: str | None, f: F, fetch: Fetch
) -> RegisteredPage[F]:
    check_first(first)
    position = decode_cursor(after, scope, date) if after is not None else None
    rows, has_next = await fetch(position)
    return RegisteredPage(
        rows=rows,
        cursors=[encode_cursor(scope, r.registered_on, r.id) for r in rows],
        has_next=has_next,
        has_previous=after is not None,
        filter=f,
    )


SortedFetch = Callable[[tuple[Any, int] | None], Awaitable[tuple[Sequence[Row[Any]], bool]]]


@dataclass(frozen=True, slots=True)
class SortedPage:
    """A page of a register (organisations, specialists) in the order the reader chose;
    `count` counts what the reader may see, only when asked for."""

    rows: Sequence[Row[Any]]
    cursors: Sequence[str]
    has_next: bool
    has_previous: bool
    count: Callable[[], Awaitable[int]]


async def sorted_page(
    scope: str,
    first: int,
    after: str | None,
    *,
    key_type: type[str] | type[date],
    sort_name: str,
    fetch: SortedFetch,
    count: Callable[[], Awaitable[int]],
) -> SortedPage:
    """Check `first`, decode the cursor of `scope`, fetch, and give each row its cursor from
    its `sort_name` column and id."""
    check_first(first)
    position = decode_cursor(after, scope, key_type) if after is not None else None
    rows, has_next = await fetch(position)
    return SortedPage(
        rows=rows,
        cursors=[encode_cursor(scope, row._mapping[sort_name], row.id) for row in rows],
        has_next=has_next,
        has_previous=after is not None,
        count=count,
    )
