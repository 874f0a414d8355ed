"""Idempotency keys for submit mutations: a replay returns the first result."""

from __future__ import annotations

import hashlib
from datetime import datetime

import orjson
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.errors import DomainError, ErrorCode
from domain.viewer import Viewer
from storage.lifecycle_tables import IdempotencyKey

__all__ = ["MAX_KEY_LENGTH", "remember", "replayed", "request_hash"]

KEYS = IdempotencyKey.__table__  # type: ignore[attr-defined]
MAX_KEY_LENGTH = 100


def request_hash(operation: str, payload: object) -> str:
    canonical = orjson.dumps([operation, payload], option=orjson.OPT_SORT_KEYS, default=str)
    return hashlib.sha256(canonical).hexdigest()


def _actor(viewer: Viewer) -> str:
    """Keys belong to the actor, not the token: an applicant retrying with a rotated token is
    still recognised. Officers without a subject are told apart by their token."""
    if viewer.subject:
        return f"{viewer.role.value}:{viewer.subject}"
    return f"{viewer.role.value}::{viewer.token_id or ''}"


async def replayed(
    conn: AsyncConnection, viewer: Viewer, key: str, operation: str, digest: str
) -> int | None:
    """The first result's id for a replay; IDEMPOTENCY_KEY_REUSED if the input differs."""
    if not key.strip():
        raise DomainError(ErrorCode.REQUIRED, field=["idempotencyKey"])
    if len(key) > MAX_KEY_LENGTH:
        raise DomainError(
            ErrorCode.TEXT_TOO_LONG, field=["idempotencyKey"], params={"max": MAX_KEY_LENGTH}
        )
    row = (
        await conn.execute(
            select(KEYS.c.operation, KEYS.c.request_hash, KEYS.c.result_id).where(
                KEYS.c.actor == _actor(viewer), KEYS.c.key == key
            )
        )
    ).first()
    if row is None:
        return None
    if row.operation != operation or row.request_hash != digest:
        raise DomainError(ErrorCode.IDEMPOTENCY_KEY_REUSED, field=["idempotencyKey"])
    return int(row.result_id)


async def remember(
    conn: AsyncConnection,
    viewer: Viewer,
    key: str,
    operation: str,
    digest: str,
    result_id: int,
    now: datetime,
) -> None:
    await conn.execute(
        insert(KEYS).values(
            actor=_actor(viewer),
            key=key,
            operation=operation,
            request_hash=digest,
            result_id=result_id,
            created_at=now,
        )
    )
