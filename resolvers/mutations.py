"""The shape every mutation shares (design.md, "Every mutation"):

one write transaction; exactly one audit row, refusals included; a refusal (DomainError)
rolls the work back and changes nothing but the audit log.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncConnection

from domain.errors import DomainError
from resolvers.context import Context
from storage.audit import append_audit
from storage.engine import write_transaction

__all__ = ["Outcome", "mutate"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Outcome(Generic[T]):
    value: T | None = None
    error: DomainError | None = None


async def mutate(
    ctx: Context,
    operation: str,
    target: str | None,
    work: Callable[[AsyncConnection], Awaitable[T]],
    *,
    created: Callable[[T], str] | None = None,
) -> Outcome[T]:
    """Run `work` in one write transaction with its audit row; `created` names a new target."""
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
        async with write_transaction(ctx.engine) as conn:
            await append_audit(
                conn,
                at=ctx.now,
                actor=ctx.viewer,
                operation=operation,
                target=target[:200] if target else None,
                outcome=f"refused:{error.code.value}",
            )
        return Outcome(error=error)
