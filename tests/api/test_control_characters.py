"""Control characters (NUL and the rest of C0, DEL) are refused wherever text comes in, before
anything runs: PostgreSQL's text type refuses NUL, and no name, address or note holds one."""

from __future__ import annotations

import base64

import orjson
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.labels import Lang
from tests.conftest import execute
from tests.lifecycle.flow import almaty
from tests.specialists.flow import APPLICANT, SUBMIT, specialist_input


@pytest.mark.parametrize(
    "query",
    [
        pytest.param('{ specialists(filter: {name: "a\\u0000"}) { totalCount } }', id="NUL"),
        pytest.param('{ organizations(filter: {search: "\\u001b[31m"}) { totalCount } }', id="ESC"),
        pytest.param('{ specialists(filter: {profession: "x\\u007F"}) { totalCount } }', id="DEL"),
    ],
)
async def test_an_escaped_control_character_in_the_document_is_refused(
    engine: AsyncEngine, query: str
) -> None:
    result = await execute(engine, query, lang=Lang.KK)
    assert result.data is None
    assert result.codes == ["INVALID_CHARACTERS"]
    assert result.errors[0]["message"].startswith("Мәтінде басқару таңбалары")


async def test_a_control_character_deep_in_the_variables_refuses_the_whole_mutation(
    engine: AsyncEngine,
) -> None:
    from sqlalchemy import func, select

    from storage.specialist_tables import SpecialistApplication

    bad = specialist_input()
    bad["education"][0]["institution"]["kk"] = "ҚазҰУ\x00"
    result = await execute(engine, SUBMIT, {"input": bad}, viewer=APPLICANT, now=almaty(2026, 4, 2))
    assert result.codes == ["INVALID_CHARACTERS"]
    table = SpecialistApplication.__table__  # type: ignore[attr-defined]
    async with engine.connect() as conn:
        assert await conn.scalar(select(func.count()).select_from(table)) == 0


async def test_tabs_and_line_breaks_are_text(engine: AsyncEngine) -> None:
    query = "query($s: String) { organizations(filter: {search: $s}) { totalCount } }"
    result = await execute(engine, query, {"s": "бір\tекі\r\nүш"})
    assert result.errors == []


async def test_a_cursor_hiding_a_control_character_is_refused(engine: AsyncEngine) -> None:
    raw = orjson.dumps(["specialists:NAME_ASC:ru", "\x00", 1])
    cursor = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    result = await execute(
        engine, "query($c: String) { specialists(after: $c) { totalCount } }", {"c": cursor}
    )
    assert result.codes == ["INVALID_CURSOR"]
