"""Checks of query arguments every list shares: identifiers and list filters."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from domain.errors import DomainError, ErrorCode
from domain.identifiers import is_valid_xin, normalize_xin

__all__ = ["MAX_FILTER_VALUES", "capped", "check_xin"]

MAX_FILTER_VALUES = 20
T = TypeVar("T")


def check_xin(value: str, field: Sequence[str]) -> str:
    """A BIN or IIN (an individual entrepreneur is registered under the IIN)."""
    normalized = normalize_xin(value)
    if not is_valid_xin(normalized):
        raise DomainError(ErrorCode.INVALID_BIN, field=list(field))
    return normalized


def capped(values: Sequence[T] | None, field: str) -> Sequence[T]:
    """A list filter of at most MAX_FILTER_VALUES values, duplicates dropped."""
    if values and len(values) > MAX_FILTER_VALUES:
        raise DomainError(
            ErrorCode.TOO_MANY_VALUES, field=["filter", field], params={"max": MAX_FILTER_VALUES}
        )
    return tuple(dict.fromkeys(values or ()))
