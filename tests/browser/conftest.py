"""Shared browser-test fixtures: a real uvicorn server over a prepared database, and Chromium.

Headless Chromium from Debian's package (installed by `make test`), driven by Playwright's
Python package with that executable: Playwright's own browser download is never used. Every
request to a host other than the local server is aborted and recorded in `Browser.outside`,
which each test asserts is empty.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from urllib.parse import urlparse

import httpx
import pytest
from playwright.async_api import Page, Route, async_playwright

from tests.browser.graphiql import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, CHROMIUM_FOUND, ROOT

__all__ = ["Browser", "serve"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session", autouse=True)
def artifacts() -> None:
    ARTIFACTS.mkdir(exist_ok=True)


@contextlib.asynccontextmanager
async def serve(database_url: str) -> AsyncIterator[str]:
    """`registers`' app under uvicorn on a free port over `database_url`; yields its base URL.

    The server reads the real clock, as in production; prepare the database before this starts.
    """
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "uvicorn", "server:create_app", "--factory"),
        *("--port", str(port)),
        env={**os.environ, "REGISTERS_DATABASE_URL": database_url},
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
        yield base
    finally:
        process.terminate()
        await asyncio.wait_for(process.wait(), timeout=10)


@dataclass
class Browser:
    """A page in headless Chromium, and every non-local URL it tried to reach (all aborted)."""

    page: Page
    outside: list[str] = field(default_factory=list)


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    assert CHROMIUM_FOUND, "install Debian's chromium (make test does)"
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = await chromium.new_page(viewport={"width": 1400, "height": 900})
            session = Browser(page=page)

            async def local_only(route: Route) -> None:
                host = urlparse(route.request.url).hostname
                if host in ("127.0.0.1", "localhost"):
                    await route.continue_()
                else:
                    session.outside.append(route.request.url)
                    await route.abort()

            await page.route("**/*", local_only)
            yield session
        finally:
            await chromium.close()
