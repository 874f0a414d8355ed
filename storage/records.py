"""Mechanisms records share: the optimistic-concurrency update of versioned records
(applications, reissues, complaints, licences), the "newest registration first" page of dated
ones, and the keyset page of the registers, ordered by a sort key and the id."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, Table, literal, select, tuple_, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.errors import DomainError, ErrorCode
from storage.engine import Reader

__all__ = ["after_position", "keyset_page", "page_by_registration", "update_versioned"]


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


def after_position(
    key: ColumnElement[Any], pk: ColumnElement[Any], after: tuple[Any, int], *, descending: bool
) -> ColumnElement[bool]:
    """Rows strictly after the cursor's (sort key, id) in the list's order."""
    position = tuple_(key, pk)
    bound = tuple_(literal(after[0], key.type), literal(after[1], pk.type))
    return position < bound if descending else position > bound


async def keyset_page(
    reader: Reader,
    statement: Select[Any],
    key: ColumnElement[Any],
    pk: ColumnElement[Any],
    *,
    descending: bool,
    first: int,
    after: tuple[Any, int] | None,
) -> tuple[Sequence[Row[Any]], bool]:
    """One statement: `first` rows ordered by (key, id) after the cursor, and whether more
    follow. Ties on the key are broken by the id, so a page boundary never drops a row."""
    if after is not None:
        statement = statement.where(after_position(key, pk, after, descending=descending))
    ordering = (key.desc(), pk.desc()) if descending else (key.asc(), pk.asc())
    rows = await reader.all(statement.order_by(*ordering).limit(first + 1))
    return rows[:first], len(rows) > first
