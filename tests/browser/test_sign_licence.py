"""An officer signs a licence in GraphiQL, in a real browser, and sees its number.

The application is prepared through the real mutations (submitted by the applicant, checked
and concluded by the inspector, agreed by the licensor) in March 2026, so that it waits for
the head's signature (p. 18); the browser then gives `signLicence` with a licensor's token in
the Headers tab, against a uvicorn server on the same database.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.viewer import Role
from resolvers.ids import decode_typed_id
from storage.applications import APP
from storage.engine import create_engine
from storage.migrate import migrate
from storage.organizations import LIC
from tests.browser.conftest import Browser, serve
from tests.browser.graphiql import (
    ARTIFACTS,
    open_graphiql,
    run_query,
    set_headers,
    set_variables,
)
from tests.conftest import execute, issue_token
from tests.databases import new_database
from tests.lifecycle.flow import (
    APPLICANT,
    APPLICANT_BIN,
    INSPECTOR,
    LICENSOR,
    SUBMIT,
    almaty,
    application_input,
    payload,
    run,
)

SIGN = """mutation SignLicence($id: ID!, $version: Int!) {
  signLicence(id: $id, expectedVersion: $version) {
    licenceApplication { status licence { number status } }
    userErrors { code message }
  }
}"""


@dataclass(frozen=True)
class Prepared:
    url: str
    database: str
    token: str
    application: str
    version: int


async def awaiting_signature(engine: AsyncEngine) -> tuple[str, int]:
    """Submit → complete → conclusion → agree, each at a time that keeps every term."""
    submitted = await execute(
        engine,
        SUBMIT,
        {"input": application_input(), "key": None},
        viewer=APPLICANT,
        now=almaty(2026, 3, 2, 10),
    )
    application = payload(submitted, "submitLicenceApplication")["licenceApplication"]
    ident, version = application["id"], application["version"]
    steps: list[tuple[str, Any, Any, dict[str, Any], str]] = [
        (
            "recordCompletenessCheck",
            INSPECTOR,
            almaty(2026, 3, 3, 11),
            {"complete": True},
            "$complete: Boolean!",
        ),
        (
            "submitInspectionConclusion",
            INSPECTOR,
            almaty(2026, 3, 5, 15),
            {"input": {"findings": [{"requirement": "Штат / Штаттар", "conforms": True}]}},
            "$input: ConclusionInput!",
        ),
        ("agreeConclusion", LICENSOR, almaty(2026, 3, 6, 9, 30), {}, ""),
    ]
    for name, viewer, at, variables, args in steps:
        result = await run(engine, name, viewer, at, {"id": ident, "v": version, **variables}, args)
        body = payload(result, name)
        assert body["userErrors"] == [], body
        version = body["licenceApplication"]["version"]
    assert body["licenceApplication"]["status"] == "AWAITING_SIGNATURE"
    return ident, version


@pytest.fixture
async def prepared(tmp_path: Path) -> AsyncIterator[Prepared]:
    url = await new_database(tmp_path, "sign", migrated=True)
    engine = create_engine(url)
    try:
        await migrate(engine)
        ident, version = await awaiting_signature(engine)
        token = await issue_token(engine, Role.LICENSOR, "Жақсыбеков А.")
    finally:
        await engine.dispose()
    async with serve(url) as base:
        yield Prepared(url=base, database=url, token=token, application=ident, version=version)


async def stored_number(database: str, application: str) -> tuple[str, str | None]:
    """The application's status and its licence's number, read back from the database."""
    engine = create_engine(database)
    try:
        async with engine.connect() as conn:
            row = (
                await conn.execute(
                    select(APP.c.status, LIC.c.number)
                    .select_from(APP.outerjoin(LIC, LIC.c.id == APP.c.licence_id))
                    .where(APP.c.id == decode_typed_id(application, "LicenceApplication"))
                )
            ).one()
        public = await execute(
            engine,
            "query($bin: String!) { organization(bin: $bin) { licence { number } } }",
            {"bin": APPLICANT_BIN},
        )
    finally:
        await engine.dispose()
    assert public.errors == []
    assert public.data == {"organization": {"licence": {"number": row.number}}}
    return row.status, row.number


async def test_an_officer_signs_a_licence_in_graphiql_and_sees_its_number(
    prepared: Prepared, browser: Browser
) -> None:
    page = browser.page
    await open_graphiql(page, prepared.url)
    await set_headers(page, json.dumps({"Authorization": f"Bearer {prepared.token}"}))
    await set_variables(
        page, json.dumps({"id": prepared.application, "version": prepared.version}, indent=2)
    )

    shown = await run_query(page, SIGN, "LICENCE_ISSUED")
    await page.screenshot(path=ARTIFACTS / "graphiql-sign-licence.png", full_page=True)

    match = re.search(r'"number": "([^"]+)"', shown)
    assert match, shown
    assert '"userErrors": []' in shown
    status, number = await stored_number(prepared.database, prepared.application)
    assert status == "LICENCE_ISSUED"
    assert number is not None
    assert match.group(1) == number
    assert re.fullmatch(r"KZ\d{2}LSS\d{6}", number)
    assert browser.outside == []
