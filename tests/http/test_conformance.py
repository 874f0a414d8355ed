"""GraphQL over HTTP conformance: graphql-http's `serverAudits` against the real server.

`conformance/audit.mjs` runs every audit of the `graphql-http` npm package (installed by
`make install` into conformance/node_modules) against `/graphql` served by uvicorn over a
migrated database (tests/databases.py), once anonymously (the public schema) and once with a
bearer token (the full schema). Every MUST audit has to pass; SHOULD and MAY results are
printed as a table and repeated in the failure message. Skipped only when `node` is not
installed at all.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from domain.viewer import Role
from storage.engine import create_engine
from storage.migrate import migrate
from tests.conftest import issue_token
from tests.databases import new_database

ROOT = Path(__file__).resolve().parents[2]
CONFORMANCE = ROOT / "conformance"
NODE = shutil.which("node")
STATUSES = {"ok", "notice", "warn", "error"}

pytestmark = pytest.mark.skipif(
    NODE is None, reason="`node` is not installed: the graphql-http audits need Node.js >= 18"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.asynccontextmanager
async def _serve(database_url: str) -> AsyncIterator[str]:
    """The app under uvicorn on a free port (as tests/browser/conftest.py); yields its URL."""
    port = _free_port()
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


async def _audit(url: str, authorization: str | None) -> list[dict[str, Any]]:
    assert NODE is not None
    env = dict(os.environ)
    env.pop("AUDIT_AUTHORIZATION", None)
    if authorization is not None:
        env["AUDIT_AUTHORIZATION"] = authorization  # not an argument: no token in `ps`
    process = await asyncio.create_subprocess_exec(
        *(NODE, str(CONFORMANCE / "audit.mjs"), url),
        env=env,
        cwd=CONFORMANCE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=120)
    except TimeoutError:
        process.kill()
        await process.wait()
        pytest.fail("the graphql-http audits did not finish in 120 s")
    assert process.returncode == 0, f"audit.mjs failed:\n{stderr.decode()}"
    results: list[dict[str, Any]] = json.loads(stdout)
    return results


def _table(results: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{r['id']:<5} {r['status']:<7} {r['name']}" + (f"  — {r['reason']}" if r["reason"] else "")
        for r in results
    )


async def test_every_must_audit_of_graphql_http_passes(tmp_path: Path) -> None:
    assert (CONFORMANCE / "node_modules" / "graphql-http").is_dir(), (
        "conformance/node_modules is missing: run `make install`"
    )
    database_url = await new_database(tmp_path, "conformance", migrated=True)
    engine = create_engine(database_url)
    await migrate(engine)
    token = await issue_token(engine, Role.ADMIN)
    await engine.dispose()

    # One server for both viewers: starting it is most of this test's time.
    async with _serve(database_url) as base:
        runs = {
            "anonymous (public schema)": await _audit(f"{base}/graphql", None),
            "bearer token (full schema)": await _audit(f"{base}/graphql", f"Bearer {token}"),
        }

    failures = []
    for viewer, results in runs.items():
        table = _table(results)
        print(f"\ngraphql-http serverAudits, {viewer}:\n{table}")
        assert len(results) > 50, f"too few audits ran ({viewer}):\n{table}"
        assert {r["status"] for r in results} <= STATUSES, table
        assert sum(r["name"].startswith("MUST") for r in results) > 10, table
        failed = [r for r in results if r["status"] == "error"]  # a MUST failed, or an audit threw
        if failed:
            others = [r for r in results if not r["name"].startswith("MUST")]
            failures.append(
                f"{len(failed)} graphql-http audit(s) failed, {viewer}:\n{_table(failed)}\n"
                f"SHOULD and MAY results, {viewer}:\n{_table(others)}"
            )
    assert not failures, "\n\n".join(failures)
