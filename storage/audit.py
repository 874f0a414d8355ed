"""The audit log: one row per mutation or administrative command, refused ones included."""

from __future__ import annotations

from datetime import datetime

import orjson
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.viewer import Viewer
from storage.tables import AuditLog

__all__ = ["append_audit"]

AUDIT = AuditLog.__table__  # type: ignore[attr-defined]


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
    await conn.execute(
        insert(AUDIT).values(
            at=at,
            actor_role=actor.role.value,
            actor_subject=actor.subject,
            actor_token_id=actor.token_id,
            operation=operation,
            target=target,
            outcome=outcome,
            detail=orjson.dumps(detail).decode() if detail else None,
        )
    )
