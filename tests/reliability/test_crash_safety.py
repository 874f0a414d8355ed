"""Crash safety (issue 7 item 2): a server killed with SIGKILL at random moments while clients
write loses no acknowledged mutation and leaves a sound database file.

The server is `registers serve` in its own process over a SQLite file (WAL,
`synchronous=FULL`: storage/engine.py), started by a fork server (tests/reliability/
forkserver.py) so that a restart costs a fork, not a fresh interpreter. Four clients send
`createApiToken` mutations with unique labels, as an admin; a mutation is acknowledged when
its answer is a 200 with a token and no errors. At a random moment the server is killed with
SIGKILL and reaped; then the file, opened read-only as the crash left it (its WAL not yet
recovered by a server), must pass `PRAGMA integrity_check`, hold every acknowledged token
with its label, and hold exactly one `createApiToken` audit row for every token and no audit
row without its token (the mutation and its audit row commit together, or neither does; an
unacknowledged mutation in flight at the kill may have committed, whole). Then the server is
started again on the same file, and the loop goes on.

SIGKILL tests a crash of the process, whose writes the operating system still holds; a power
loss, which `synchronous=FULL` is also for, cannot be simulated here.

REGISTERS_CRASH_SEED replays a run (the seed is printed), REGISTERS_CRASH_KILLS sets the number
of kills (50).
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import socket
import sqlite3
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from domain.viewer import Role, Viewer
from resolvers import admin
from resolvers.ids import decode_typed_id
from storage.engine import create_engine
from storage.migrate import migrate
from tests.conftest import sqlite_only

pytestmark = [pytest.mark.slow, sqlite_only("kills a server writing a SQLite file")]

ROOT = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("REGISTERS_CRASH_KILLS", "50"))
WRITERS = 4
MAX_DELAY = 0.4  # seconds from a server's first acknowledged mutation to its kill, at most
EARLY = 0.2  # the share of kills at a moment counted from the start instead, maybe before any
START_TIMEOUT = 30.0
CREATE = """mutation($label: String) { createApiToken(role: REGISTRAR, label: $label) {
  token apiTokenId userErrors { code } } }"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Tally:
    acknowledged: dict[int, str] = field(default_factory=dict)  # token id → label
    tokens: list[str] = field(default_factory=list)  # the acknowledged tokens themselves
    first: asyncio.Event = field(default_factory=asyncio.Event)  # an ack since the last start
    unexpected: list[str] = field(default_factory=list)  # answers that were not an ack


class ForkServer:
    """tests/reliability/forkserver.py in a subprocess: spawns and reaps the servers."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    async def ask(self, line: str) -> str:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(f"{line}\n".encode())
        await self.process.stdin.drain()
        answer = await asyncio.wait_for(self.process.stdout.readline(), START_TIMEOUT)
        assert answer, f"the fork server ended (asked: {line})"
        return answer.decode().strip()


@asynccontextmanager
async def fork_server(url: str) -> AsyncIterator[ForkServer]:
    env = {
        **os.environ,
        "REGISTERS_DATABASE_URL": url,
        "REGISTERS_RATE_LIMIT": "0",
        "REGISTERS_RATE_LIMIT_TOKEN": "0",
    }
    process = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "tests.reliability.forkserver"),
        env=env,
        cwd=ROOT,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        server = ForkServer(process)
        assert process.stdout is not None
        ready = await asyncio.wait_for(process.stdout.readline(), START_TIMEOUT)
        assert ready == b"ready\n"
        yield server
    finally:
        if process.returncode is None:
            process.kill()
        await process.wait()


async def prepare(url: str) -> str:
    """Migrate the file and issue the admin token the clients write with (audited, as
    `registers token create` does)."""
    engine = create_engine(url)
    try:
        await migrate(engine)
        outcome = await admin.create_token(
            engine,
            Viewer(Role.ADMIN, subject="crash-test"),
            role=Role.ADMIN,
            subject=None,
            label="crash-test admin",
            now=datetime.now(UTC),
        )
    finally:
        await engine.dispose()
    assert outcome.token is not None
    return outcome.token


def tail(log: Path) -> str:
    return log.read_text(errors="replace")[-3000:] if log.exists() else "(no log)"


async def wait_healthy(client: httpx.AsyncClient, base: str, log: Path) -> None:
    """Bounded polling of /healthz: the only waiting on time in this test."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        try:
            if (await client.get(f"{base}/healthz")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.02)
    pytest.fail(f"the server did not start:\n{tail(log)}")


async def write(client: httpx.AsyncClient, base: str, name: str, tally: Tally) -> None:
    """Create tokens until the server is gone; remember each acknowledged one."""
    for n in range(10**6):
        label = f"{name}-{n}"
        try:
            response = await client.post(
                f"{base}/graphql", json={"query": CREATE, "variables": {"label": label}}
            )
        except httpx.TransportError:
            return  # killed
        body: dict[str, Any] = response.json()
        payload = (body.get("data") or {}).get("createApiToken") or {}
        if response.status_code != 200 or body.get("errors") or payload.get("userErrors") != []:
            tally.unexpected.append(f"{response.status_code} {response.text[:500]}")
            return
        tally.tokens.append(payload["token"])
        tally.first.set()
        tally.acknowledged[decode_typed_id(payload["apiTokenId"], "ApiToken")] = label


def check_file(path: Path, tally: Tally) -> int:
    """The file as the crash left it: sound, every acknowledged token in it, one audit row per
    token and none without. Returns how many tokens it holds."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        tokens = dict(conn.execute("SELECT id, label FROM api_token").fetchall())
        audited = conn.execute(
            "SELECT target, outcome, count(*) FROM audit_log WHERE operation = 'createApiToken' "
            "GROUP BY target, outcome"
        ).fetchall()
        other = conn.execute(
            "SELECT count(*) FROM audit_log WHERE operation != 'createApiToken'"
        ).fetchone()
    finally:
        conn.close()
    lost = {i: label for i, label in tally.acknowledged.items() if tokens.get(i) != label}
    assert not lost, f"acknowledged but missing or changed: {lost}"
    assert sorted(audited) == sorted((f"ApiToken:{i}", "ok", 1) for i in tokens)
    assert other == (0,)
    return len(tokens)


async def check_served(
    client: httpx.AsyncClient, base: str, tally: Tally, rng: random.Random
) -> None:
    """The restarted server lists every acknowledged token, and one of them still works."""
    listed = await client.post(f"{base}/graphql", json={"query": "{ apiTokens { id label } }"})
    served = {
        decode_typed_id(t["id"], "ApiToken"): t["label"] for t in listed.json()["data"]["apiTokens"]
    }
    assert tally.acknowledged.items() <= served.items()
    viewer = await client.post(
        f"{base}/graphql",
        json={"query": "{ viewer { role } }"},
        headers={"Authorization": f"Bearer {rng.choice(sorted(tally.tokens))}"},
    )
    assert viewer.json()["data"] == {"viewer": {"role": "REGISTRAR"}}


async def test_acknowledged_mutations_survive_sigkill(tmp_path: Path) -> None:
    seed = int(os.environ.get("REGISTERS_CRASH_SEED") or random.SystemRandom().getrandbits(32))
    print(f"\ncrash test seed {seed} (REGISTERS_CRASH_SEED={seed} replays it)")
    rng = random.Random(seed)
    started = time.monotonic()
    path, log = tmp_path / "crash.db", tmp_path / "server.log"
    url = f"sqlite+aiosqlite:///{path}"
    headers = {"Authorization": f"Bearer {await prepare(url)}"}
    tally = Tally()
    async with (
        fork_server(url) as forks,
        httpx.AsyncClient(headers=headers, timeout=30) as client,
    ):
        for kill in range(KILLS + 1):
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            pid = int(await forks.ask(f"spawn {port} {log}"))
            try:
                await wait_healthy(client, base, log)
                if kill == KILLS:
                    # The last start serves what survived, as the file holds it.
                    await check_served(client, base, tally, rng)
                    break
                tally.first.clear()
                writers = [
                    asyncio.create_task(write(client, base, f"k{kill}w{w}", tally))
                    for w in range(WRITERS)
                ]
                # The random moment: mostly while mutations stream, some during the first.
                if rng.random() >= EARLY:
                    await asyncio.wait_for(tally.first.wait(), START_TIMEOUT)
                await asyncio.sleep(rng.uniform(0, MAX_DELAY))
            finally:
                os.kill(pid, signal.SIGKILL)
                assert await forks.ask(f"wait {pid}") == f"signal {signal.SIGKILL.value}"
            await asyncio.gather(*writers)
            assert not tally.unexpected, tally.unexpected
            check_file(path, tally)
    stored = check_file(path, tally)
    elapsed = time.monotonic() - started
    print(
        f"crash test: {KILLS} kills, {len(tally.acknowledged)} acknowledged mutations, "
        f"{stored - 1 - len(tally.acknowledged)} more committed but unacknowledged "
        f"(in flight at a kill), {elapsed:.1f} s"
    )
    assert len(tally.acknowledged) >= KILLS
