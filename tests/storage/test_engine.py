"""The database settings the service relies on, and the migration matching the models."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import event, func, insert, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, IntegrityError, StatementError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel

from domain.viewer import Role, Viewer
from storage.audit import AUDIT, append_audit
from storage.engine import TAKE_WRITER_LOCK, WRITER_LOCK_KEY, Reader, write_transaction
from storage.tables import Licence
from tests.conftest import postgresql_only, sqlite_only
from tests.factories import NOW, add_organization


async def pragma(engine: AsyncEngine, name: str) -> Any:
    async with engine.connect() as conn:
        return (await conn.exec_driver_sql(f"PRAGMA {name}")).scalar()


@sqlite_only("PRAGMAs")
async def test_sqlite_runs_in_wal_with_foreign_keys_a_busy_timeout_and_full_sync(
    engine: AsyncEngine,
) -> None:
    assert await pragma(engine, "journal_mode") == "wal"
    assert await pragma(engine, "foreign_keys") == 1
    assert await pragma(engine, "busy_timeout") == 10_000
    assert await pragma(engine, "synchronous") == 2  # FULL


async def test_write_transactions_take_their_turn_and_readers_do_not(engine: AsyncEngine) -> None:
    """SQLite: BEGIN IMMEDIATE; PostgreSQL: the writers' advisory lock (storage.engine)."""
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(args[2])

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        async with write_transaction(engine) as conn:
            await conn.execute(text("SELECT 1"))
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 2"))
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)
    if engine.dialect.name == "sqlite":
        assert seen == ["BEGIN IMMEDIATE", "SELECT 1", "BEGIN", "SELECT 2"]
    else:
        assert seen == [TAKE_WRITER_LOCK, "SELECT 1", "SELECT 2"]


@postgresql_only("its isolation levels")
async def test_a_reader_reads_one_snapshot_and_a_writer_every_commit(engine: AsyncEngine) -> None:
    reader = Reader(engine)
    try:
        level = await reader.scalar(text("SHOW transaction_isolation"))
        assert level == "repeatable read"
        before = await reader.scalar(select(func.count()).select_from(AUDIT))
        async with write_transaction(engine) as conn:
            await append_audit(
                conn, at=NOW, actor=Viewer(Role.ADMIN), operation="x", target=None, outcome="ok"
            )
        assert await reader.scalar(select(func.count()).select_from(AUDIT)) == before
    finally:
        await reader.close()
    async with write_transaction(engine) as conn:
        level = await conn.scalar(text("SHOW transaction_isolation"))
        assert level == "read committed"
        assert await conn.scalar(select(func.count()).select_from(AUDIT)) == before + 1


@postgresql_only("its advisory lock")
async def test_a_write_transaction_holds_the_writers_lock_until_it_ends(
    engine: AsyncEngine,
) -> None:
    """Another writer, in any process, cannot take the lock while one holds it."""
    try_lock = text(f"SELECT pg_try_advisory_xact_lock({WRITER_LOCK_KEY})")

    async def free() -> bool:
        async with engine.connect() as other:
            taken = bool(await other.scalar(try_lock))
            await other.rollback()
            return taken

    async with write_transaction(engine) as conn:
        await conn.execute(text("SELECT 1"))
        assert not await free()
    assert await free()
    held = []

    async def fail() -> None:
        async with write_transaction(engine):
            held.append(not await free())
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        await fail()
    assert held == [True]
    assert await free()


async def test_the_migrations_produce_exactly_the_models(engine: AsyncEngine) -> None:
    def diff(connection: Connection) -> list[Any]:
        return list(compare_metadata(MigrationContext.configure(connection), SQLModel.metadata))

    async with engine.connect() as conn:
        assert await conn.run_sync(diff) == []


async def test_the_audit_log_refuses_update_and_delete(engine: AsyncEngine) -> None:
    async with write_transaction(engine) as conn:
        await append_audit(
            conn, at=NOW, actor=Viewer(Role.ADMIN), operation="x", target=None, outcome="ok"
        )
    for statement in (AUDIT.update().values(outcome="forged"), AUDIT.delete()):
        with pytest.raises(DBAPIError, match="append-only"):
            async with write_transaction(engine) as conn:
                await conn.execute(statement)
    async with engine.connect() as conn:
        assert (await conn.execute(AUDIT.select())).one().outcome == "ok"


async def test_a_licence_must_belong_to_an_existing_organisation(engine: AsyncEngine) -> None:
    await add_organization(engine)
    with pytest.raises(IntegrityError):
        async with write_transaction(engine) as conn:
            await conn.execute(
                insert(Licence.__table__).values(  # type: ignore[attr-defined]
                    id=1,
                    organization_id=999,
                    number="X",
                    status="ACTIVE",
                    is_current=True,
                    issued_on=NOW.date(),
                    initial_issued_on=NOW.date(),
                    licensee_bin="1",
                    licensee_name_kk="",
                    licensee_name_ru="",
                    licensee_location_kk="",
                    licensee_location_ru="",
                    service_place_address_kk="",
                    service_place_address_ru="",
                    note_kk="",
                    note_ru="",
                    licensor_kk="",
                    licensor_ru="",
                    signer_name="",
                    created_at=NOW,
                )
            )


async def test_naive_datetimes_are_refused(engine: AsyncEngine) -> None:
    with pytest.raises(StatementError, match="naive"):
        async with write_transaction(engine) as conn:
            await append_audit(
                conn,
                at=datetime(2026, 1, 1),  # noqa: DTZ001  (the point of the test)
                actor=Viewer(Role.ADMIN),
                operation="x",
                target=None,
                outcome="ok",
            )


async def test_datetimes_come_back_aware_in_utc(engine: AsyncEngine) -> None:
    async with write_transaction(engine) as conn:
        await append_audit(
            conn, at=NOW, actor=Viewer(Role.ADMIN), operation="x", target=None, outcome="ok"
        )
    async with engine.connect() as conn:
        at = (await conn.execute(AUDIT.select())).one().at
    assert at == NOW
    assert at.utcoffset() is not None
