"""Where a scenario's time goes: pyinstrument over the HTTP benchmark's requests, in-process.

    .venv/bin/python bench/profile.py                          # scenarios a and f, 200 each
    .venv/bin/python bench/profile.py --scenarios b,c --repeat 500 --db /tmp/big.db
    .venv/bin/python bench/profile.py --tree                   # and pyinstrument's call tree

Sends a scenario of bench/scenarios.py again and again to the bench app (bench/baseline.py:
the API and the baseline routes in one Starlette app) through httpx.ASGITransport, once to
`/graphql` and once to its baseline route, each under pyinstrument, and prints each side's time
per request split by who spends it: graphql-core (parsing, validation, execution), strawberry
(its wrapping of fields and the HTTP view), our code (schema/, resolvers/, storage/, domain/,
server.py), SQLAlchemy, the database driver, JSON encoding, and the rest (asyncio, Starlette,
httpx). Self time of every frame goes to the first of these its file belongs to. The
transport is in-process, so no socket or HTTP parsing is in the figures; bench/http_bench.py
measures those. Uses the SQLite file the HTTP benchmark seeded (`--scale`, default 20,000 so
a first run seeds in seconds). Appends nothing to RESULTS.md: the closing notes quote it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path

import httpx
from pyinstrument import Profiler
from pyinstrument.frame import AWAIT_FRAME_IDENTIFIER, SELF_TIME_FRAME_IDENTIFIER, Frame

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import cache_dir, seed, sqlite_url
from scenarios import LANG, Fixtures, Scenario, scenarios

# Who spends the time: the first pattern found in a frame's file path names it (the project's
# own files are told apart first, by their folder).
OWNERS: tuple[tuple[str, str], ...] = (
    ("/graphql/", "graphql-core"),
    ("/strawberry/", "strawberry"),
    ("/sqlalchemy/", "SQLAlchemy"),
    ("/aiosqlite/", "driver"),
    ("/asyncpg/", "driver"),
    ("sqlite3", "driver"),
    ("/orjson", "JSON"),
    ("/json/", "JSON"),
)
PROJECT = Path(__file__).resolve().parents[1]


def owner(file_path: str | None) -> str:
    path = file_path or ""
    if path.startswith(str(PROJECT)) and "/.venv/" not in path:
        return "baseline handlers" if "/bench/" in path else "our code"
    for pattern, name in OWNERS:
        if pattern in path:
            return name
    return "rest (asyncio, Starlette, httpx)"


def frames(root: Frame) -> Iterator[Frame]:
    stack = [root]
    while stack:
        frame = stack.pop()
        yield frame
        stack.extend(frame.children)


WAITING = "waiting (database thread, the other side)"


def split(root: Frame) -> dict[str, float]:
    """Seconds by owner: each frame's own time (its time less its children's), awaits apart."""
    seconds: dict[str, float] = defaultdict(float)
    for frame in frames(root):
        if frame.identifier == AWAIT_FRAME_IDENTIFIER:
            seconds[WAITING] += frame.time
        elif frame.identifier == SELF_TIME_FRAME_IDENTIFIER and frame.parent is not None:
            seconds[owner(frame.parent.file_path)] += frame.time
        elif not frame.is_synthetic:
            own = frame.time - sum(child.time for child in frame.children)
            seconds[owner(frame.file_path)] += max(own, 0.0)
    return seconds


async def profiled(
    client: httpx.AsyncClient, path: str, scenario: Scenario, headers: dict[str, str], n: int
) -> tuple[float, Profiler]:
    """Milliseconds per request (with the profiler on), and the profiler."""
    for _ in range(5):  # warm the caches: parsed documents, statements, pools
        (await client.post(path, content=scenario.body(), headers=headers)).raise_for_status()
    profiler = Profiler(interval=0.0005, async_mode="enabled")
    started = time.perf_counter()
    with profiler:
        for _ in range(n):
            await client.post(path, content=scenario.body(), headers=headers)
    return (time.perf_counter() - started) * 1000 / n, profiler


async def run(keys: Sequence[str], repeat: int, tree: bool) -> None:
    from baseline import create_app  # after REGISTERS_DATABASE_URL is set

    app = create_app()
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://profile"
    ) as client:
        fixtures = Fixtures(**(await client.get("/bench/fixtures")).json())
        chosen = [s for s in scenarios(fixtures) if s.key in keys and not s.officer]
        headers = {"Content-Type": "application/json", "Accept-Language": LANG}
        for scenario in chosen:
            print(f"\n## ({scenario.key}) {scenario.title}, {repeat} requests each side\n")
            sides = {
                "GraphQL": await profiled(client, "/graphql", scenario, headers, repeat),
                "baseline": await profiled(
                    client, f"/baseline/{scenario.route}", scenario, headers, repeat
                ),
            }
            owners = sorted({o for _, p in sides.values() for o in split(root_of(p))})
            print("| spent in | " + " | ".join(f"{side} ms/req" for side in sides) + " |")
            print("| --- |" + " ---: |" * len(sides))
            shares = {side: split(root_of(p)) for side, (_, p) in sides.items()}
            for name in sorted(owners, key=lambda o: -shares["GraphQL"][o]):
                cells = [f"{shares[side][name] * 1000 / repeat:.2f}" for side in sides]
                print(f"| {name} | " + " | ".join(cells) + " |")
            totals = [f"**{ms:.2f}**" for ms, _ in sides.values()]
            print("| total (profiler on) | " + " | ".join(totals) + " |")
            if tree:
                print(sides["GraphQL"][1].output_text(unicode=True, show_all=False))


def root_of(profiler: Profiler) -> Frame:
    session = profiler.last_session
    assert session is not None
    root = session.root_frame()
    assert root is not None
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenarios", default="a,f", help="keys of bench/scenarios.py (reads)")
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--scale", type=int, default=20_000, help="organisations seeded")
    parser.add_argument("--db", type=Path, help="a seeded SQLite file (default: the cache's)")
    parser.add_argument("--tree", action="store_true", help="print GraphQL's call tree too")
    args = parser.parse_args()
    db = args.db or cache_dir() / f"http-{args.scale}.db"
    if args.db is None:
        seed(db, args.scale)
    os.environ["REGISTERS_DATABASE_URL"] = sqlite_url(db)
    asyncio.run(run(args.scenarios.split(","), args.repeat, args.tree))


if __name__ == "__main__":
    main()
