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
    made: list[AsyncEngine] = []

    def make() -> AsyncEngine:
        path: Path = tmp_path_factory.mktemp("property") / "registers.db"
        engine = create_engine(f"sqlite+aiosqlite:///{path}")
        runner.run(migrate(engine))
        made.append(engine)
        return engine

    yield make
    for engine in made:
        runner.run(engine.dispose())
