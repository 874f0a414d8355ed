"""GraphiQL in a real browser: it loads with no internet, and a token opens the full schema.

Headless Chromium from Debian's package (installed by `make test`), driven by Playwright's
Python package with that executable: Playwright's own browser download is never used.
Every request to a host other than the local server is aborted and recorded.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import httpx
import pytest
from playwright.async_api import Page, Route, async_playwright

from domain.viewer import Role
from storage.engine import create_engine
from storage.migrate import migrate
from tests.conftest import issue_token
from tests.factories import add_organization

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = os.environ.get("REGISTERS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FOUND = shutil.which(CHROMIUM) is not None
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass(frozen=True)
class Server:
    url: str
    token: str


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module", autouse=True)
def artifacts() -> None:
    ARTIFACTS.mkdir(exist_ok=True)


@pytest.fixture
async def server(tmp_path: Path) -> AsyncIterator[Server]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'browser.db'}"
    engine = create_engine(url)
    await migrate(engine)
    await add_organization(engine, name_ru="Видимая организация", name_kk="Көрінетін ұйым")
    token = await issue_token(engine, Role.LICENSOR)
    await engine.dispose()
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "uvicorn", "server:create_app", "--factory"),
        *("--port", str(port)),
        env={**os.environ, "REGISTERS_DATABASE_URL": url},
        cwd=ROOT,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient() as client:
            for _ in range(100):
                try:
                    if (await client.get(f"{base}/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
            else:
                pytest.fail("the server did not start")
        yield Server(url=base, token=token)
    finally:
        process.terminate()
        await asyncio.wait_for(process.wait(), timeout=10)


async def response_text(page: Page) -> str:
    return await page.locator(".graphiql-response").inner_text()


async def set_editor(page: Page, selector: str, value: str) -> None:
    """Replace a CodeMirror editor's content through its own API (no auto-closing brackets)."""
    await page.eval_on_selector(
        f"{selector} .CodeMirror", "(el, value) => el.CodeMirror.setValue(value)", value
    )


async def run_query(page: Page, query: str, expect: str) -> str:
    await set_editor(page, ".graphiql-query-editor", query)
    await page.wait_for_timeout(500)  # GraphiQL reads the operation name after a debounce
    await page.locator(".graphiql-execute-button").click()
    await page.locator(".graphiql-response").get_by_text(expect).first.wait_for(timeout=10_000)
    return await response_text(page)


async def test_graphiql_loads_offline_and_a_token_opens_the_full_schema(server: Server) -> None:
    assert CHROMIUM_FOUND, "install Debian's chromium (make test does)"
    outside: list[str] = []

    async def local_only(route: Route) -> None:
        host = urlparse(route.request.url).hostname
        if host in ("127.0.0.1", "localhost"):
            await route.continue_()
        else:
            outside.append(route.request.url)
            await route.abort()

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = await browser.new_page()
            await page.route("**/*", local_only)
            await page.goto(f"{server.url}/graphql")
            await page.locator(".graphiql-container").wait_for(timeout=15_000)

            public = await run_query(page, "{ organizations { totalCount } }", "totalCount")
            assert '"totalCount": 1' in public
            anonymous = await run_query(page, "{ viewer { role } }", "errors")
            assert "GRAPHQL_VALIDATION_FAILED" in anonymous

            await page.get_by_role("button", name="Headers").click()
            headers = '{"Authorization": "Bearer ' + server.token + '"}'
            await set_editor(page, ".graphiql-editor-tool .graphiql-editor:not(.hidden)", headers)
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
        finally:
            await browser.close()
    assert outside == []
