"""Keyset cursors and page sizes shared by every connection.

A cursor names the list and ordering it came from and the sort key of its record, so it
stays valid while records are inserted before it, and a cursor from another list or another
ordering is refused (INVALID_CURSOR) instead of silently returning a wrong page.
"""

from __future__ import annotations

import base64
import binascii
from datetime import date
from typing import Any

import orjson

from domain.errors import DomainError, ErrorCode
from resolvers.ids import MAX_PK

__all__ = ["DEFAULT_PAGE_SIZE", "MAX_PAGE_SIZE", "check_first", "decode_cursor", "encode_cursor"]

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
    if not 0 <= pk < MAX_PK or len(value) > MAX_CURSOR_LENGTH:
        raise bad
    if key_type is date:
        try:
            return date.fromisoformat(value), pk
        except ValueError:
            raise bad from None
    return value, pk
