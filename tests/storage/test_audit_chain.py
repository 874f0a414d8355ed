"""The audit log's hash chain (storage.audit): every row follows from the one before, and a row
changed, removed or slipped in past the triggers breaks the chain from that row on."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from alembic import command
from sqlalchemy import insert, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.viewer import Role, Viewer
from storage.audit import AUDIT, GENESIS, append_audit, chain_hash, verify_chain
from storage.engine import write_transaction
from storage.migrate import alembic_config
from tests.conftest import ADMIN, execute
from tests.factories import NOW

CREATE_TOKEN = """mutation($label: String) {
  createApiToken(role: LICENSOR, label: $label) { token userErrors { code } } }"""
REVOKE = """mutation { revokeApiToken(id: "QXBpVG9rZW46OTk5") { userErrors { code } } }"""


async def write(engine: AsyncEngine, n: int) -> None:
    async with write_transaction(engine) as conn:
        for i in range(n):
            await append_audit(
                conn,
                at=NOW + timedelta(microseconds=i),
                actor=Viewer(Role.LICENSOR, subject="Омарова", token_id=7),
                operation=f"op{i}",
                target=f"Organization:{i}" if i % 2 else None,
                outcome="ok" if i % 3 else "FORBIDDEN",
                detail={"n": i, "label": "ә"} if i % 2 else None,
            )


async def ids(engine: AsyncEngine) -> list[int]:
    async with engine.connect() as conn:
        return list((await conn.scalars(select(AUDIT.c.id).order_by(AUDIT.c.id))).all())


async def report(engine: AsyncEngine) -> tuple[int, int | None]:
    async with engine.connect() as conn:
        checked = await verify_chain(conn)
    return checked.rows, checked.first_broken


async def past_the_triggers(engine: AsyncEngine, statement: Any) -> None:
    """What someone holding the database itself could do: lift the triggers, write, restore."""
    sqlite = engine.dialect.name == "sqlite"
    async with write_transaction(engine) as conn:
        if sqlite:
            await conn.execute(text("DROP TRIGGER audit_log_no_update"))
            await conn.execute(text("DROP TRIGGER audit_log_no_delete"))
        else:
            await conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
        await conn.execute(statement)
        if not sqlite:
            await conn.execute(text("ALTER TABLE audit_log ENABLE TRIGGER USER"))


async def test_rows_written_by_mutations_allowed_and_refused_form_an_intact_chain(
    engine: AsyncEngine,
) -> None:
    for label in ("a", "b"):
        assert (await execute(engine, CREATE_TOKEN, {"label": label}, viewer=ADMIN)).data
    refused = await execute(engine, REVOKE, viewer=ADMIN)
    assert refused.data is not None
    assert refused.data["revokeApiToken"]["userErrors"][0]["code"] == "NOT_FOUND"
    await write(engine, 7)
    assert await report(engine) == (10, None)
    async with engine.connect() as conn:
        rows = (await conn.execute(select(AUDIT).order_by(AUDIT.c.id))).mappings().all()
    previous = GENESIS
    for row in rows:  # each hash recomputed by hand from the one before
        assert row["hash"] == chain_hash(previous, row)
        previous = row["hash"]
    assert len({row["hash"] for row in rows}) == 10


async def test_an_empty_log_is_intact(engine: AsyncEngine) -> None:
    assert await report(engine) == (0, None)


@pytest.mark.parametrize("field", ["outcome", "actor_subject", "detail", "at", "hash"])
async def test_a_changed_row_is_named(engine: AsyncEngine, field: str) -> None:
    await write(engine, 6)
    victim = (await ids(engine))[3]
    value: Any = {"at": NOW + timedelta(days=1), "detail": '{"n": 3}'}.get(field, "forged")
    await past_the_triggers(
        engine, AUDIT.update().where(AUDIT.c.id == victim).values(**{field: value})
    )
    assert await report(engine) == (3, victim)


async def test_a_removed_row_breaks_the_chain_at_the_row_after_it(engine: AsyncEngine) -> None:
    await write(engine, 6)
    rows = await ids(engine)
    await past_the_triggers(engine, AUDIT.delete().where(AUDIT.c.id == rows[2]))
    assert await report(engine) == (2, rows[3])


async def test_a_row_slipped_in_is_named(engine: AsyncEngine) -> None:
    await write(engine, 3)
    async with write_transaction(engine) as conn:
        await conn.execute(
            insert(AUDIT).values(
                at=NOW, actor_role="admin", operation="forged", outcome="ok", hash="f" * 64
            )
        )
    forged = (await ids(engine))[-1]
    await write(engine, 2)
    assert await report(engine) == (3, forged)


async def test_the_log_refuses_truncate_on_postgresql(engine: AsyncEngine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no TRUNCATE: DELETE is refused (tests/storage/test_engine.py)")
    await write(engine, 2)
    with pytest.raises(DBAPIError, match="append-only"):
        async with write_transaction(engine) as conn:
            await conn.execute(text("TRUNCATE audit_log"))
    assert await report(engine) == (2, None)


async def test_the_migration_chains_the_rows_already_there(engine: AsyncEngine) -> None:
    def to(revision: str) -> Any:
        def step(connection: Connection) -> None:
            config = alembic_config()
            config.attributes["connection"] = connection
            if revision == "head":
                command.upgrade(config, revision)
            else:
                command.downgrade(config, revision)

        return step

    async with write_transaction(engine) as conn:
        await conn.run_sync(to("0006"))
    async with write_transaction(engine) as conn:  # as 0006's code wrote them: no hash
        for i in range(4):
            await conn.execute(
                insert(AUDIT).values(
                    at=NOW + timedelta(seconds=i),
                    actor_role="admin",
                    operation=f"old{i}",
                    outcome="ok",
                )
            )
    async with write_transaction(engine) as conn:
        await conn.run_sync(to("head"))
    await write(engine, 2)
    assert await report(engine) == (6, None)
    with pytest.raises(DBAPIError, match="append-only"):  # the triggers are back
        async with write_transaction(engine) as conn:
            await conn.execute(AUDIT.update().values(outcome="forged"))
