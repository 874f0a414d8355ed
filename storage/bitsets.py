"""Multi-valued register columns (service conditions, client categories) as integer bit sets.

One integer column per list keeps a page of organisations in one row each, and a filter
"offers any of these" is `column & mask != 0` on SQLite and PostgreSQL alike. Bit i is the
i-th member in the enum's declaration order: append new members, never reorder.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import TypeVar

__all__ = ["from_mask", "to_mask"]

E = TypeVar("E", bound=Enum)


def to_mask(members: Iterable[Enum]) -> int:
    mask = 0
    for member in members:
        mask |= 1 << list(type(member)).index(member)
    return mask


def from_mask(enum: type[E], mask: int) -> list[E]:
    return [member for bit, member in enumerate(enum) if mask & (1 << bit)]
