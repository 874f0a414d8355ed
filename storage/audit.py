"""The audit log: one row per mutation or administrative command, refused ones included.

Append-only: triggers refuse UPDATE and DELETE (migration 0001; TRUNCATE on PostgreSQL,
migration 0007). Hash-chained: each row's `hash` is the SHA-256 of the previous row's hash and
of the row's own fields (`chain_hash`), so a row changed, removed or inserted by anyone who
got past the triggers (with the database file, say) breaks the chain from that row on, and
`verify_chain` (`registers audit verify`) names the first broken row. Writers take turns (the
SQLite write lock, PostgreSQL's writers' advisory lock: storage.engine), so the previous row
read in the writer's transaction is the last one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.viewer import Viewer
from storage.tables import AuditLog

__all__ = ["AUDIT", "GENESIS", "ChainReport", "append_audit", "chain_hash", "verify_chain"]

AUDIT = AuditLog.__table__  # type: ignore[attr-defined]
GENESIS = "0" * 64  # the "previous hash" of the first row
CHAINED = ("at", "actor_role", "actor_subject", "actor_token_id", "operation", "target")
VERIFY_BATCH = 5000


def chain_hash(previous: str, row: Mapping[Any, Any]) -> str:
    """The hash of a row that follows a row hashed `previous`: every field but the id (a
    sequence may skip numbers) in a canonical form, the time in UTC to the microsecond."""
    at: datetime = row["at"]
    fields = [
        at.astimezone(UTC).isoformat(timespec="microseconds"),
        *(row[name] for name in CHAINED[1:]),
        row["outcome"],
        row["detail"],
    ]
    return hashlib.sha256(previous.encode() + b"\n" + orjson.dumps(fields)).hexdigest()


async def append_audit(
    conn: AsyncConnection,
    *,
    at: datetime,
    actor: Viewer,
    operation: str,
    target: str | None,
    outcome: str,
    detail: dict[str, object] | None = None,
) -> None:
    """Written in the caller's transaction, so the row and the change land together."""
    row: dict[str, Any] = {
        "at": at,
        "actor_role": actor.role.value,
        "actor_subject": actor.subject,
        "actor_token_id": actor.token_id,
        "operation": operation,
        "target": target,
        "outcome": outcome,
        "detail": orjson.dumps(detail).decode() if detail else None,
    }
    previous = await conn.scalar(select(AUDIT.c.hash).order_by(AUDIT.c.id.desc()).limit(1))
    await conn.execute(insert(AUDIT).values(**row, hash=chain_hash(previous or GENESIS, row)))


@dataclass(frozen=True, slots=True)
class ChainReport:
    rows: int  # rows checked, up to the first broken one
    first_broken: int | None  # the id of the first row whose hash does not follow

    @property
    def intact(self) -> bool:
        return self.first_broken is None


async def verify_chain(conn: AsyncConnection) -> ChainReport:
    """Walk the log in id order, in batches, recomputing every hash."""
    previous, checked, after = GENESIS, 0, None
    while True:
        statement = select(AUDIT).order_by(AUDIT.c.id).limit(VERIFY_BATCH)
        if after is not None:
            statement = statement.where(AUDIT.c.id > after)
        rows = (await conn.execute(statement)).mappings().all()
        if not rows:
            return ChainReport(checked, None)
        for row in rows:
            expected = chain_hash(previous, row)
            if row["hash"] != expected:
                return ChainReport(checked, row["id"])
            previous, checked, after = expected, checked + 1, row["id"]
