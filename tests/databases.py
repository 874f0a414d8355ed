"""The database the tests run on: SQLite files by default, PostgreSQL with
`REGISTERS_TEST_DATABASE=postgresql` (`make test` runs both).

On PostgreSQL the suite starts one throwaway cluster (tests/postgres.py) when a test first
needs a database, migrates a template database once, and gives each test its own database
cloned from it (`CREATE DATABASE ... TEMPLATE`, a file copy: about 15 ms), dropped after the
test. `REGISTERS_TEST_POSTGRES_URL` (a superuser's `postgresql+asyncpg://` URL) uses a server
of your own instead of starting one.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.engine import create_engine
from storage.migrate import migrate
from tests.postgres import Cluster

__all__ = [
    "BACKEND",
    "drop_database",
    "migrated_engine",
    "new_database",
    "on_postgresql",
    "stop_cluster",
]

BACKEND = os.environ.get("REGISTERS_TEST_DATABASE", "sqlite").lower()
if BACKEND not in {"sqlite", "postgresql"}:
    raise RuntimeError(f"REGISTERS_TEST_DATABASE={BACKEND!r}: sqlite or postgresql")

_TEMPLATE = "registers_template"
_cluster: Cluster | None = None
_server_url: str | None = os.environ.get("REGISTERS_TEST_POSTGRES_URL")
_template_ready = False
_names = itertools.count(1)


def on_postgresql() -> bool:
    return BACKEND == "postgresql"


def _url(database: str) -> str:
    global _cluster, _server_url
    if _server_url is None:
        _cluster = Cluster().start()
        _server_url = _cluster.url()
    return make_url(_server_url).set(database=database).render_as_string(hide_password=False)


def stop_cluster() -> None:
    global _cluster, _server_url, _template_ready
    if _cluster is not None:
        _cluster.stop()
        _cluster, _server_url, _template_ready = None, None, False


async def _admin(statement: str) -> None:
    url = make_url(_url("postgres"))
    conn = await asyncpg.connect(
        user=url.username,
        password=url.password,
        host=url.query.get("host") or url.host,
        port=url.port,
        database=url.database,
    )
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


async def _ensure_template() -> None:
    global _template_ready
    if _template_ready:
        return
    await _admin(f"DROP DATABASE IF EXISTS {_TEMPLATE}")
    await _admin(f"CREATE DATABASE {_TEMPLATE}")
    engine = create_engine(_url(_TEMPLATE))
    try:
        await migrate(engine)
    finally:
        await engine.dispose()
    _template_ready = True


async def new_database(folder: Path, name: str, *, migrated: bool = False) -> str:
    """The URL of a new database for one test: empty, or already `migrated` (on SQLite a
    migrated database is migrated by whoever opens it: see `migrated_engine`)."""
    if not on_postgresql():
        return f"sqlite+aiosqlite:///{folder / name}.db"
    database = f"t_{os.getpid()}_{next(_names)}"
    if migrated:
        await _ensure_template()
        await _admin(f"CREATE DATABASE {database} TEMPLATE {_TEMPLATE} STRATEGY FILE_COPY")
    else:
        await _admin(f"CREATE DATABASE {database}")
    return _url(database)


async def drop_database(url: str) -> None:
    """After the test: a PostgreSQL database is dropped; a SQLite file goes with tmp_path."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        await _admin(f"DROP DATABASE IF EXISTS {parsed.database} WITH (FORCE)")


@asynccontextmanager
async def migrated_engine(folder: Path, name: str, **kwargs: Any) -> AsyncIterator[AsyncEngine]:
    """An engine over a new migrated database, disposed of (and the database dropped) after."""
    url = await new_database(folder, name, migrated=True)
    engine = create_engine(url, **kwargs)
    try:
        if not on_postgresql():
            await migrate(engine)
        yield engine
    finally:
        await engine.dispose()
        await drop_database(url)
