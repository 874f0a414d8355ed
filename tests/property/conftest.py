"""One event loop per module, driven from synchronous hypothesis tests, and a migrated
database built once per module in it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.engine import create_engine
from storage.migrate import migrate
from tests.databases import drop_database, new_database, on_postgresql


@pytest.fixture(scope="module")
def runner() -> Iterator[asyncio.Runner]:
    """Hypothesis runs each example synchronously; the examples share this loop, and with it
    the engine's pooled connections."""
    with asyncio.Runner() as runner:
        yield runner


@pytest.fixture(scope="module")
def new_engine(
    runner: asyncio.Runner, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[], AsyncEngine]]:
    """Makes migrated databases in the module's loop; disposes of them after the module."""
    made: list[tuple[AsyncEngine, str]] = []

    def make() -> AsyncEngine:
        folder: Path = tmp_path_factory.mktemp("property")
        url = runner.run(new_database(folder, "registers", migrated=True))
        engine = create_engine(url)
        if not on_postgresql():
            runner.run(migrate(engine))
        made.append((engine, url))
        return engine

    yield make
    for engine, url in made:
        runner.run(engine.dispose())
        runner.run(drop_database(url))
