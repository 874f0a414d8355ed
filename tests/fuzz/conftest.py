"""One event loop and one seeded database per module, driven from synchronous hypothesis tests
(as in tests/property/conftest.py), and the ASGI app over it without rate limits."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from rate_limit import ClientLimits
from server import create_app
from storage.engine import create_engine
from storage.migrate import migrate
from tests.databases import drop_database, new_database, on_postgresql
from tests.factories import NOW
from tests.fuzz.world import World, seed


@dataclass(frozen=True)
class Seeded:
    url: str
    engine: AsyncEngine
    world: World


@pytest.fixture(scope="module")
def runner() -> Iterator[asyncio.Runner]:
    with asyncio.Runner() as runner:
        yield runner


@pytest.fixture(scope="module")
def seeded(runner: asyncio.Runner, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    url = runner.run(new_database(tmp_path_factory.mktemp("fuzz"), "registers", migrated=True))
    engine = create_engine(url)
    try:
        if not on_postgresql():
            runner.run(migrate(engine))
        yield Seeded(url, engine, runner.run(seed(engine)))
    finally:
        runner.run(engine.dispose())
        runner.run(drop_database(url))


@pytest.fixture(scope="module")
def client(runner: asyncio.Runner, seeded: Seeded) -> Iterator[httpx.AsyncClient]:
    app = create_app(
        seeded.engine, run_migrations=False, clock=lambda: NOW, limits=ClientLimits(None, None)
    )
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")
    yield client
    runner.run(client.aclose())
