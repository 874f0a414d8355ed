"""Fixtures: a migrated SQLite file per test, the ASGI app over it, direct schema execution."""

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
from storage.engine import Reader, create_engine, write_transaction
from storage.migrate import migrate
from storage.tokens import create_token
from tests.factories import NOW


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'test.db'}")
    await migrate(engine)
    yield engine
    await engine.dispose()


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
