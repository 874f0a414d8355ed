"""GraphiQL in a real browser: it loads with no internet, and a token opens the full schema.

Headless Chromium from Debian's package (installed by `make test`), driven by Playwright's
Python package with that executable: Playwright's own browser download is never used.
Every request to a host other than the local server is aborted and recorded (conftest.py).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from domain.viewer import Role
from storage.engine import create_engine
from storage.migrate import migrate
from tests.browser.conftest import Browser, serve
from tests.browser.graphiql import ARTIFACTS, open_graphiql, run_query, set_headers
from tests.conftest import issue_token
from tests.databases import new_database
from tests.factories import add_organization


@dataclass(frozen=True)
class Server:
    url: str
    token: str


@pytest.fixture
async def server(tmp_path: Path) -> AsyncIterator[Server]:
    url = await new_database(tmp_path, "browser", migrated=True)
    engine = create_engine(url)
    await migrate(engine)
    await add_organization(engine, name_ru="Видимая организация", name_kk="Көрінетін ұйым")
    token = await issue_token(engine, Role.LICENSOR)
    await engine.dispose()
    async with serve(url) as base:
        yield Server(url=base, token=token)


async def test_graphiql_loads_offline_and_a_token_opens_the_full_schema(
    server: Server, browser: Browser
) -> None:
    page = browser.page
    await open_graphiql(page, server.url)

    public = await run_query(page, "{ organizations { totalCount } }", "totalCount")
    assert '"totalCount": 1' in public
    anonymous = await run_query(page, "{ viewer { role } }", "errors")
    assert "GRAPHQL_VALIDATION_FAILED" in anonymous

    await set_headers(page, '{"Authorization": "Bearer ' + server.token + '"}')
    full = await run_query(page, "{ viewer { role } }", "LICENSOR")
    assert '"role": "LICENSOR"' in full

    # The docs hold the anonymous schema until it is fetched again with the token.
    await page.get_by_role("button", name="Show Documentation Explorer").click()
    docs = page.locator(".graphiql-doc-explorer")
    await docs.get_by_text("Query").first.wait_for(timeout=10_000)
    assert await docs.get_by_text("Mutation").count() == 0
    await page.get_by_role("button", name="Re-fetch GraphQL schema").click()
    await docs.get_by_text("Mutation").first.wait_for(timeout=10_000)

    await page.screenshot(path=ARTIFACTS / "graphiql-full-schema.png", full_page=True)
    assert browser.outside == []
