"""Driving GraphiQL's editors from a test: the query, the variables, the headers, the result."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from playwright.async_api import Page

__all__ = [
    "ARTIFACTS",
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "CHROMIUM_FOUND",
    "ROOT",
    "open_graphiql",
    "response_text",
    "run_query",
    "set_editor",
    "set_headers",
    "set_variables",
]

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

_TOOL_EDITOR = ".graphiql-editor-tool .graphiql-editor:not(.hidden)"


async def open_graphiql(page: Page, base_url: str) -> None:
    await page.goto(f"{base_url}/graphql")
    await page.locator(".graphiql-container").wait_for(timeout=15_000)


async def response_text(page: Page) -> str:
    return await page.locator(".graphiql-response").inner_text()


async def set_editor(page: Page, selector: str, value: str) -> None:
    """Replace a CodeMirror editor's content through its own API (no auto-closing brackets)."""
    await page.eval_on_selector(
        f"{selector} .CodeMirror", "(el, value) => el.CodeMirror.setValue(value)", value
    )


async def set_headers(page: Page, headers: str) -> None:
    """Open the Headers tab under the query editor and write `headers` (a JSON object)."""
    await page.get_by_role("button", name="Headers").click()
    await set_editor(page, _TOOL_EDITOR, headers)


async def set_variables(page: Page, variables: str) -> None:
    """Open the Variables tab under the query editor and write `variables` (a JSON object)."""
    await page.get_by_role("button", name="Variables").click()
    await set_editor(page, _TOOL_EDITOR, variables)


async def run_query(page: Page, query: str, expect: str) -> str:
    await set_editor(page, ".graphiql-query-editor", query)
    await page.wait_for_timeout(500)  # GraphiQL reads the operation name after a debounce
    await page.locator(".graphiql-execute-button").click()
    await page.locator(".graphiql-response").get_by_text(expect).first.wait_for(timeout=10_000)
    return await response_text(page)
