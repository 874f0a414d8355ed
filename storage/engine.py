"""The async engine, and the two ways in: a per-request reader and a write transaction.

SQLite: WAL (readers never block the writer), foreign keys on, a busy timeout, and write
transactions that begin IMMEDIATE so that two writers queue at BEGIN instead of failing
with "database is locked" at their first write. `synchronous=FULL`: a commit that has been
acknowledged survives a power loss, not only a process crash.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import Executable, Row, event
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

__all__ = [
    "DEFAULT_DATABASE_URL",
    "Reader",
    "create_engine",
    "database_url",
    "write_transaction",
]

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./registers.db"
BUSY_TIMEOUT_MS = 10_000
_WRITE = "registers_write"


def database_url() -> str:
    return os.environ.get("REGISTERS_DATABASE_URL", DEFAULT_DATABASE_URL)


def create_engine(url: str | None = None, **kwargs: Any) -> AsyncEngine:
    engine = create_async_engine(url or database_url(), **kwargs)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control from the driver: BEGIN is emitted in _on_begin below.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        write = connection.get_execution_options().get(_WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


@asynccontextmanager
async def write_transaction(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """One write transaction: committed on success, rolled back on any exception."""
    async with engine.connect() as conn:
        conn = await conn.execution_options(**{_WRITE: True})
        async with conn.begin():
            yield conn


class Reader:
    """The request's read connection: one snapshot, opened on first use, used one at a time.

    Strawberry resolves sibling fields concurrently; a connection is not safe for that, so
    statements queue on a lock. DataLoaders keep the number of statements per request small.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._conn: AsyncConnection | None = None
        self._lock = asyncio.Lock()

    async def _connection(self) -> AsyncConnection:
        if self._conn is None:
            self._conn = await self._engine.connect()
            await self._conn.begin()
        return self._conn

    async def all(self, statement: Executable) -> Sequence[Row[Any]]:
        async with self._lock:
            conn = await self._connection()
            return (await conn.execute(statement)).all()

    async def first(self, statement: Executable) -> Row[Any] | None:
        async with self._lock:
            conn = await self._connection()
            return (await conn.execute(statement)).first()

    async def scalar(self, statement: Executable) -> Any:
        async with self._lock:
            conn = await self._connection()
            return await conn.scalar(statement)

    async def close(self) -> None:
        async with self._lock:
            if self._conn is not None:
                conn, self._conn = self._conn, None
                await conn.rollback()
                await conn.close()
