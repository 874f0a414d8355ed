"""Random ids for public records: no order, no gaps to count (see storage/tables.py)."""

from __future__ import annotations

import secrets

__all__ = ["new_id"]


def new_id() -> int:
    """A random positive 63-bit integer; a collision at a million rows has odds of ~1e-7."""
    return secrets.randbits(63) or 1
