"""The shape every mutation shares (design.md, "Every mutation"):

one write transaction; exactly one audit row, refusals included; a refusal (DomainError)
rolls the work back and changes nothing but the audit log.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncConnection

from domain.errors import DomainError, ErrorCode
from resolvers.context import Context
from resolvers.ids import decode_id
from storage.audit import append_audit
from storage.engine import write_transaction

__all__ = ["Outcome", "audit_target", "mutate", "require_version"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Outcome(Generic[T]):
    value: T | None = None
    error: DomainError | None = None


def require_version(row: Any, expected: int) -> None:
    """expectedVersion: a change made on a stale read is refused, naming the current version."""
    if row.version != expected:
        raise DomainError(
            ErrorCode.VERSION_CONFLICT, field=["expectedVersion"], params={"current": row.version}
        )


def audit_target(global_id: str) -> str:
    """The audit log names targets as `Type:pk`; a malformed id is kept as sent, cut short."""
    try:
        type_name, pk = decode_id(global_id)
    except DomainError:
        return global_id[:200]
    return f"{type_name}:{pk}"


async def mutate(
    ctx: Context,
    operation: str,
    target: str | None,
    work: Callable[[AsyncConnection], Awaitable[T]],
    *,
    created: Callable[[T], str] | None = None,
) -> Outcome[T]:
    """Run `work` in one write transaction with its audit row; `created` names a new target.

    Every call leaves exactly one audit row: "ok", "refused:<code>" for an expected refusal, or
    "failed:INTERNAL_SERVER_ERROR" for a bug (then re-raised, answered as a coded 500-class
    error). Afterwards the request reads from a fresh snapshot, so the payload of this mutation
    (and of any later one in the same document) shows what was just committed.
    """
    try:
        async with write_transaction(ctx.engine) as conn:
            value = await work(conn)
            await append_audit(
                conn,
                at=ctx.now,
                actor=ctx.viewer,
                operation=operation,
                target=created(value) if created else target,
                outcome="ok",
            )
        return Outcome(value=value)
    except DomainError as error:
        await _audit_only(ctx, operation, target, f"refused:{error.code.value}")
        return Outcome(error=error)
    except Exception:
        await _audit_only(ctx, operation, target, f"failed:{ErrorCode.INTERNAL_SERVER_ERROR.value}")
        raise
    finally:
        await ctx.refresh()


async def _audit_only(ctx: Context, operation: str, target: str | None, outcome: str) -> None:
    async with write_transaction(ctx.engine) as conn:
        await append_audit(
            conn,
            at=ctx.now,
            actor=ctx.viewer,
            operation=operation,
            target=target[:200] if target else None,
            outcome=outcome,
        )
