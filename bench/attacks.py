"""How long the attack documents of issue 5 take to be refused, through the whole ASGI app.

    .venv/bin/python bench/attacks.py [--repeat 20]

Runs in-process over a fresh SQLite file (no network, no uvicorn: what is measured is our
code, not the transport), each attack `--repeat` times after one warm-up, and prints the
median and the worst time, the status and the error code; then checks a normal query still
answers. Appends the table to bench/RESULTS.md with the machine, the commit and the date.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rate_limit import ClientLimits  # noqa: E402
from server import create_app  # noqa: E402
from storage.engine import create_engine  # noqa: E402
from storage.migrate import migrate  # noqa: E402
from tests.http.test_limits import ATTACKS, NORMAL  # noqa: E402

BATCH = [{"query": NORMAL} for _ in range(100)]


async def measure(repeat: int) -> list[tuple[str, int, str, float, float]]:
    folder = tempfile.mkdtemp()
    engine = create_engine(f"sqlite+aiosqlite:///{folder}/bench.db")
    await migrate(engine)
    app = create_app(engine, run_migrations=False, limits=ClientLimits(None, None))
    transport = httpx.ASGITransport(app=app)
    rows = []
    attacks: dict[str, Any] = {**ATTACKS, "100 batched operations": BATCH}
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        for name, body in attacks.items():
            times = []
            response = await client.post("/graphql", json=body)  # warm-up
            for _ in range(repeat):
                started = time.perf_counter()
                response = await client.post("/graphql", json=body)
                times.append((time.perf_counter() - started) * 1000)
            code = response.json()["errors"][0]["extensions"]["code"]
            rows.append((name, response.status_code, code, statistics.median(times), max(times)))
        normal = await client.post("/graphql", json={"query": NORMAL})
        assert normal.status_code == 200, normal.text
    await engine.dispose()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    rows = asyncio.run(measure(args.repeat))
    git = shutil.which("git") or "git"
    commit = subprocess.run(  # noqa: S603 - git, with fixed arguments
        [git, "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    lines = [
        f"## Attack refusals — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit}",
        "",
        f"`python bench/attacks.py --repeat {args.repeat}` on {platform.machine()}, "
        f"{platform.python_implementation()} {platform.python_version()}, in-process ASGI "
        "(httpx.ASGITransport), SQLite; a normal query answered 200 afterwards.",
        "",
        "| attack | status | code | median ms | worst ms |",
        "| --- | --- | --- | --- | --- |",
        *(f"| {n} | {s} | {c} | {m:.1f} | {w:.1f} |" for n, s, c, m, w in rows),
        "",
    ]
    print("\n".join(lines))
    with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as results:
        results.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
