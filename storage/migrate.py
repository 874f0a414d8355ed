"""Apply the Alembic migrations in storage/migrations to the configured database."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.engine import write_transaction

__all__ = ["alembic_config", "migrate"]

_HERE = Path(__file__).resolve().parent


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(_HERE / "migrations"))
    return config


async def migrate(engine: AsyncEngine) -> None:
    """Upgrade to head in one transaction (IMMEDIATE on SQLite, so workers take turns)."""

    def upgrade(connection: Connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")

    async with write_transaction(engine) as conn:
        await conn.run_sync(upgrade)
