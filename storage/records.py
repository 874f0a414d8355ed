"""Mechanisms every versioned, dated record shares (applications, reissues, complaints,
licences): the optimistic-concurrency update and the "newest registration first" page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Table, select, tuple_, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.errors import DomainError, ErrorCode
from storage.engine import Reader

__all__ = ["page_by_registration", "update_versioned"]


async def update_versioned(
    conn: AsyncConnection,
    table: Table,
    pk: int,
    expected_version: int,
    values: Mapping[str, Any],
) -> None:
    """Apply `values` and bump the version, only if nobody changed the row since
    `expected_version`; otherwise VERSION_CONFLICT naming the current version."""
    result = await conn.execute(
        update(table)
        .where(table.c.id == pk, table.c.version == expected_version)
        .values(**values, version=table.c.version + 1)
    )
    if not result.rowcount:
        current = await conn.scalar(select(table.c.version).where(table.c.id == pk))
        raise DomainError(
            ErrorCode.VERSION_CONFLICT, field=["expectedVersion"], params={"current": current}
        )


async def page_by_registration(
    reader: Reader,
    table: Table,
    where: Sequence[ColumnElement[bool]],
    first: int,
    after: tuple[Any, int] | None,
) -> tuple[Sequence[Row[Any]], bool]:
    """Newest registration first; keyset on (registered_on, id) descending; one statement."""
    conditions = list(where)
    if after is not None:
        conditions.append(tuple_(table.c.registered_on, table.c.id) < tuple_(*after))
    statement = (
        select(table)
        .where(*conditions)
        .order_by(table.c.registered_on.desc(), table.c.id.desc())
        .limit(first + 1)
    )
    rows = await reader.all(statement)
    return rows[:first], len(rows) > first
