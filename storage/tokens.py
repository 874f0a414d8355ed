"""API tokens: `rgs_<id>_<secret>`, 256 random bits, only SHA-256(secret) stored.

The id part finds the row by primary key; the secret is then compared in constant time, so
neither the lookup nor the comparison reveals how much of a guess was right.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from domain.viewer import Role, Viewer
from storage.tables import ApiToken

__all__ = ["IssuedToken", "authenticate", "create_token", "list_tokens", "revoke_token"]

TOKEN = ApiToken.__table__  # type: ignore[attr-defined]
_FORMAT = re.compile(r"rgs_([1-9][0-9]{0,17})_([A-Za-z0-9_-]{43})")


@dataclass(frozen=True, slots=True)
class IssuedToken:
    id: int
    token: str


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


async def create_token(
    conn: AsyncConnection,
    *,
    role: Role,
    subject: str | None,
    label: str | None,
    now: datetime,
) -> IssuedToken:
    secret = secrets.token_urlsafe(32)
    result = await conn.execute(
        insert(TOKEN)
        .values(
            secret_hash=_hash(secret), role=role.value, subject=subject, label=label, created_at=now
        )
        .returning(TOKEN.c.id)
    )
    token_id = int(result.scalar_one())
    return IssuedToken(id=token_id, token=f"rgs_{token_id}_{secret}")


async def revoke_token(conn: AsyncConnection, token_id: int, *, now: datetime) -> bool:
    """True when a live token was revoked; False when none exists or it was already revoked."""
    result = await conn.execute(
        update(TOKEN)
        .where(TOKEN.c.id == token_id, TOKEN.c.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return bool(result.rowcount)


async def authenticate(engine: AsyncEngine, presented: str) -> Viewer | None:
    """The viewer a presented token stands for, or None for a malformed, unknown or revoked one."""
    match = _FORMAT.fullmatch(presented)
    if match is None:
        return None
    token_id, secret = int(match.group(1)), match.group(2)
    async with engine.connect() as conn:
        row = (
            await conn.execute(
                select(TOKEN.c.secret_hash, TOKEN.c.role, TOKEN.c.subject).where(
                    TOKEN.c.id == token_id, TOKEN.c.revoked_at.is_(None)
                )
            )
        ).first()
        await conn.rollback()
    if row is None or not hmac.compare_digest(row.secret_hash, _hash(secret)):
        return None
    return Viewer(role=Role(row.role), subject=row.subject, token_id=token_id)


async def list_tokens(conn: AsyncConnection) -> list[Row[Any]]:
    columns = [c for c in TOKEN.c if c.name != "secret_hash"]
    return list((await conn.execute(select(*columns).order_by(TOKEN.c.id))).all())
