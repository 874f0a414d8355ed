"""Administration: tokens and the audit log. Admin only; every command leaves an audit row."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.errors import DomainError, ErrorCode
from domain.tokens import MAX_LABEL_LENGTH, check_token_subject
from domain.viewer import Role, Viewer
from resolvers.ids import decode_typed_id
from resolvers.pagination import check_first
from storage import tokens as token_store
from storage.audit import AUDIT, append_audit
from storage.engine import Reader, write_transaction

__all__ = ["TokenOutcome", "audit_page", "create_token", "list_tokens", "revoke_token"]


@dataclass(frozen=True, slots=True)
class TokenOutcome:
    token: str | None = None
    token_id: int | None = None
    error: DomainError | None = None


def require_admin(viewer: Viewer) -> None:
    if viewer.role is not Role.ADMIN:
        raise DomainError(ErrorCode.FORBIDDEN)


async def _refuse(
    engine: AsyncEngine,
    viewer: Viewer,
    operation: str,
    target: str | None,
    error: DomainError,
    now: datetime,
) -> TokenOutcome:
    async with write_transaction(engine) as conn:
        await append_audit(
            conn,
            at=now,
            actor=viewer,
            operation=operation,
            target=target,
            outcome=f"refused:{error.code.value}",
        )
    return TokenOutcome(error=error)


async def create_token(
    engine: AsyncEngine,
    viewer: Viewer,
    *,
    role: Role,
    subject: str | None,
    label: str | None,
    now: datetime,
) -> TokenOutcome:
    operation = "createApiToken"
    try:
        require_admin(viewer)
        checked_subject = check_token_subject(role, subject)
        if label is not None and len(label) > MAX_LABEL_LENGTH:
            raise DomainError(
                ErrorCode.TEXT_TOO_LONG, field=["label"], params={"max": MAX_LABEL_LENGTH}
            )
    except DomainError as error:
        return await _refuse(engine, viewer, operation, None, error, now)
    async with write_transaction(engine) as conn:
        issued = await token_store.create_token(
            conn, role=role, subject=checked_subject, label=label, now=now
        )
        await append_audit(
            conn,
            at=now,
            actor=viewer,
            operation=operation,
            target=f"ApiToken:{issued.id}",
            outcome="ok",
            detail={"role": role.value, "subject": checked_subject},
        )
    return TokenOutcome(token=issued.token, token_id=issued.id)


async def revoke_token(
    engine: AsyncEngine, viewer: Viewer, global_id: str, *, now: datetime
) -> TokenOutcome:
    operation = "revokeApiToken"
    try:
        require_admin(viewer)
        token_id = decode_typed_id(global_id, "ApiToken")
    except DomainError as error:
        return await _refuse(engine, viewer, operation, global_id[:200], error, now)
    target = f"ApiToken:{token_id}"
    async with write_transaction(engine) as conn:
        revoked = await token_store.revoke_token(conn, token_id, now=now)
        outcome = "ok" if revoked else f"refused:{ErrorCode.NOT_FOUND.value}"
        await append_audit(
            conn, at=now, actor=viewer, operation=operation, target=target, outcome=outcome
        )
    if not revoked:
        return TokenOutcome(error=DomainError(ErrorCode.NOT_FOUND, field=["id"]))
    return TokenOutcome(token_id=token_id)


async def list_tokens(engine: AsyncEngine, viewer: Viewer) -> list[Row[Any]]:
    require_admin(viewer)
    async with engine.connect() as conn:
        return await token_store.list_tokens(conn)


async def audit_page(
    reader: Reader, viewer: Viewer, *, first: int, before_id: int | None
) -> tuple[Sequence[Row[Any]], bool]:
    """Newest first; `before_id` is the keyset position."""
    require_admin(viewer)
    check_first(first)
    statement = select(*AUDIT.c).order_by(AUDIT.c.id.desc()).limit(first + 1)
    if before_id is not None:
        statement = statement.where(AUDIT.c.id < before_id)
    rows = await reader.all(statement)
    return rows[:first], len(rows) > first
