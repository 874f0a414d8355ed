"""The async engine, and the two ways in: a per-request reader and a write transaction.

Writers take turns, on both databases, so that every race between two writers has the answer
it has when one comes after the other: a stale `expectedVersion` is a VERSION_CONFLICT, a
replayed idempotency key returns the first result, a second open application for one IIN is
SPECIALIST_APPLICATION_PENDING, never a unique-index error or a lost update. Each write
transaction reads what the previous one committed, then decides.

In one process, writers first queue on an asyncio lock per engine, before they take a pooled
connection: in turn (first come, first served), and without holding connections while they
wait. Waiting at the database instead let the pool run dry (every connection parked in a
writer's wait, the writer holding the lock needing one more to read its answer) and left the
order to SQLite's busy handler, which is not fair: under 32 clients a writer could wait past
the busy timeout and fail with "database is locked" (tests/reliability/test_concurrency.py).
The database's own queue below orders writers of different processes.

SQLite: WAL (readers never block the writer), foreign keys on, a busy timeout, and write
transactions that begin IMMEDIATE so that two writers queue at BEGIN instead of failing
with "database is locked" at their first write. `synchronous=FULL`: a commit that has been
acknowledged survives a power loss, not only a process crash.

PostgreSQL: a write transaction first takes one transaction-level advisory lock
(`pg_advisory_xact_lock`), released at commit or rollback: the same queue as BEGIN
IMMEDIATE, across every process and replica connected to the database, without SERIALIZABLE's
retries or a `SELECT ... FOR UPDATE` in each repository function (which a new one could
forget). Under READ COMMITTED each statement after the lock sees every earlier writer's commit.
Write throughput is that of one writer at a time, as on SQLite; the registers' writes are a
few per second at most, and readers never wait for the lock. Readers use REPEATABLE READ: a
request (or an open-data export) reads one snapshot, as on SQLite.
"""

from __future__ import annotations

import asyncio
import os
import weakref
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import Executable, Row, event
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

__all__ = [
    "DEFAULT_DATABASE_URL",
    "TAKE_WRITER_LOCK",
    "WRITER_LOCK_KEY",
    "Reader",
    "create_engine",
    "database_url",
    "read_isolation",
    "write_transaction",
]

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./registers.db"
BUSY_TIMEOUT_MS = 10_000
_WRITE = "registers_write"
# pg_advisory_xact_lock's key for "a registers writer": any 64-bit number no other
# application on the same database uses (b"regwrite" read as a big-endian integer).
WRITER_LOCK_KEY = int.from_bytes(b"regwrite", "big")
TAKE_WRITER_LOCK = f"SELECT pg_advisory_xact_lock({WRITER_LOCK_KEY})"


def database_url() -> str:
    return os.environ.get("REGISTERS_DATABASE_URL", DEFAULT_DATABASE_URL)


def create_engine(url: str | None = None, **kwargs: Any) -> AsyncEngine:
    engine = create_async_engine(url or database_url(), **kwargs)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    elif engine.dialect.name == "postgresql":
        _configure_postgresql(engine)
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


def _configure_postgresql(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        if connection.get_execution_options().get(_WRITE, False):
            connection.exec_driver_sql(TAKE_WRITER_LOCK)


def read_isolation(engine: AsyncEngine) -> dict[str, str]:
    """Execution options for a reader's transaction: one snapshot for all its statements
    (SQLite's transactions are snapshots already)."""
    if engine.dialect.name == "postgresql":
        return {"isolation_level": "REPEATABLE READ"}
    return {}


_WRITERS: weakref.WeakKeyDictionary[Any, asyncio.Lock] = weakref.WeakKeyDictionary()


def _writers(engine: AsyncEngine) -> asyncio.Lock:
    """The queue of this process's writers to `engine` (asyncio.Lock wakes its waiters in the
    order they came)."""
    lock = _WRITERS.get(engine.sync_engine)
    if lock is None:
        lock = _WRITERS[engine.sync_engine] = asyncio.Lock()
    return lock


@asynccontextmanager
async def write_transaction(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """One write transaction: committed on success, rolled back on any exception. Not to be
    nested (a second one inside the first would wait for it for ever)."""
    async with _writers(engine), engine.connect() as conn:
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
            conn = await self._engine.connect()
            self._conn = await conn.execution_options(**read_isolation(self._engine))
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
