"""Fixtures: a migrated database per test (a SQLite file, or a PostgreSQL database with
`REGISTERS_TEST_DATABASE=postgresql`: tests/databases.py), the ASGI app over it, direct schema
execution."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.labels import Lang
from domain.viewer import PUBLIC, Role, Viewer
from rate_limit import ClientLimits
from resolvers.context import Context
from schema.full import full_schema
from schema.public import public_schema
from server import create_app
from storage.engine import TAKE_WRITER_LOCK, Reader, write_transaction
from storage.tokens import create_token
from tests.databases import BACKEND, migrated_engine, on_postgresql, stop_cluster
from tests.factories import NOW


def sqlite_only(reason: str) -> pytest.MarkDecorator:
    """For a test of SQLite itself (a PRAGMA, the file): skipped on PostgreSQL, saying why."""
    return pytest.mark.skipif(on_postgresql(), reason=f"SQLite only: {reason}")


def postgresql_only(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(not on_postgresql(), reason=f"PostgreSQL only: {reason}")


def pytest_report_header() -> str:
    return f"database: {BACKEND} (REGISTERS_TEST_DATABASE)"


def pytest_sessionfinish() -> None:
    stop_cluster()


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    async with migrated_engine(tmp_path, "test") as engine:
        yield engine


@dataclass
class StatementCounter:
    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def sql_counter(engine: AsyncEngine) -> Iterator[StatementCounter]:
    counter = StatementCounter()

    def record(*args: Any) -> None:
        statement: str = args[2]
        # Transaction control, and PostgreSQL's writer lock (its BEGIN IMMEDIATE), are not
        # queries.
        if statement == TAKE_WRITER_LOCK:
            return
        if statement.split(None, 1)[0].upper() not in {"BEGIN", "COMMIT", "ROLLBACK"}:
            counter.statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    yield counter
    event.remove(engine.sync_engine, "before_cursor_execute", record)


@dataclass
class Result:
    data: dict[str, Any] | None
    errors: list[dict[str, Any]]

    @property
    def codes(self) -> list[str]:
        return [e.get("extensions", {}).get("code") for e in self.errors]


async def execute(
    engine: AsyncEngine,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    viewer: Viewer = PUBLIC,
    lang: Lang = Lang.RU,
    now: datetime = NOW,
) -> Result:
    """Runs a query through the schema the viewer would get over HTTP, without HTTP."""
    reader = Reader(engine)
    context = Context(engine=engine, reader=reader, viewer=viewer, lang=lang, now=now)
    schema = public_schema if viewer.is_public else full_schema
    try:
        result = await schema.execute(query, variable_values=variables, context_value=context)
    finally:
        await context.reader.close()
    return Result(
        data=result.data,
        errors=[dict(e.formatted) for e in result.errors or []],
    )


OFFICER = Viewer(Role.LICENSOR)
ADMIN = Viewer(Role.ADMIN, subject="test-admin", token_id=None)


@pytest.fixture
async def client(engine: AsyncEngine) -> AsyncIterator[httpx.AsyncClient]:
    # No rate limits here: tests/http/test_observability.py tests them on an app of its own.
    app = create_app(
        engine, run_migrations=False, clock=lambda: NOW, limits=ClientLimits(None, None)
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


async def issue_token(engine: AsyncEngine, role: Role, subject: str | None = None) -> str:
    async with write_transaction(engine) as conn:
        issued = await create_token(conn, role=role, subject=subject, label=None, now=NOW)
    return issued.token
