"""Open-data exports at scale: rows, bytes, time and the server's memory while it streams.

    .venv/bin/python bench/export_memory.py                 # 1,000,000 organisations
    .venv/bin/python bench/export_memory.py --n 200000 --formats csv,xlsx

Seeds (or reuses) a SQLite file with `registers seed --scale N` (N organisations, N // 2
specialists), serves it with uvicorn in a subprocess, downloads each export streaming to
nowhere, and reads the server's resident memory from /proc/<pid>/status: VmRSS before the
export, and the peak during it (VmHWM after resetting it through /proc/<pid>/clear_refs, and
VmRSS sampled every 20 ms as a cross-check where the reset is not allowed). Prints a table
and appends it to bench/RESULTS.md with the machine, the commit and the date. Linux only.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
from common import (
    cache_dir,
    commit,
    machine,
    publish,
    reset_peak,
    seed,
    server,
    sqlite_url,
    status,
)

EXPORTS = ("organizations", "specialists")


@dataclass
class Measurement:
    path: str
    rows: int
    bytes: int
    first_byte_s: float
    seconds: float
    rss_before_kib: int
    peak_kib: int

    @property
    def growth_kib(self) -> int:
        return self.peak_kib - self.rss_before_kib


class _Sampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, status(self.pid, "VmRSS"))
            self.done.wait(0.02)


def export(client: httpx.Client, pid: int, path: str, rows: int) -> Measurement:
    before = status(pid, "VmRSS")
    resettable = reset_peak(pid)
    sampler = _Sampler(pid)
    sampler.start()
    started = time.perf_counter()
    first_byte = 0.0
    size = lines = 0
    with client.stream("GET", path, timeout=None) as response:
        response.raise_for_status()
        for chunk in response.iter_raw(1 << 20):
            if not size:
                first_byte = time.perf_counter() - started
            size += len(chunk)
            lines += chunk.count(b"\n")
    seconds = time.perf_counter() - started
    sampler.done.set()
    sampler.join()
    peak = max(sampler.peak, status(pid, "VmHWM") if resettable else 0)
    if path.endswith(".csv") and lines - 1 != rows:
        # Seeded texts hold no line breaks: one line per row plus the header.
        raise RuntimeError(f"{path}: {lines - 1} lines for {rows} rows")
    return Measurement(path, rows, size, first_byte, seconds, before, peak)


def _mib(kib: int) -> str:
    return f"{kib / 1024:.1f}"


def report(n: int, db: Path, index_s: float, measurements: list[Measurement]) -> str:
    lines = [
        f"### Open-data exports, {n:,} organisations seeded "
        f"({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)",
        "",
        f"- machine: {machine()}",
        f"- commit: {commit()}",
        f"- database: SQLite file, {db.stat().st_size / 2**30:.2f} GiB; "
        f"`GET /open-data/` (counts, last modified) {index_s:.2f} s",
        "- RSS: the uvicorn process; peak = VmHWM reset before each export (and sampled "
        "VmRSS, whichever is higher)",
        "",
        "| export | rows | MiB | first byte s | total s | rows/s | RSS before MiB "
        "| peak RSS MiB | growth MiB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for m in measurements:
        lines.append(
            f"| `{m.path}` | {m.rows:,} | {m.bytes / 2**20:,.1f} | {m.first_byte_s:.2f} "
            f"| {m.seconds:.1f} | {m.rows / m.seconds:,.0f} | {_mib(m.rss_before_kib)} "
            f"| {_mib(m.peak_kib)} | {_mib(m.growth_kib)} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="organisations to seed")
    parser.add_argument(
        "--db", type=Path, help="SQLite file (default: <tmp>/registers-bench/export-N.db)"
    )
    parser.add_argument("--formats", default="csv,json,xlsx", help="comma-separated")
    parser.add_argument("--lang", default="ru", choices=["kk", "ru"])
    parser.add_argument("--no-results", action="store_true", help="do not append RESULTS.md")
    args = parser.parse_args()
    db: Path = args.db or cache_dir() / f"export-{args.n}.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    seed(db, args.n)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    measurements = []
    with server(sqlite_url(db)) as (process, base), httpx.Client(base_url=base) as client:
        started = time.perf_counter()
        index = client.get("/open-data/", timeout=None).json()
        index_s = time.perf_counter() - started
        rows = {d["name"]: d["rows"] for d in index["datasets"]}
        for dataset in EXPORTS:
            for fmt in formats:
                path = f"/open-data/{dataset}.{fmt}?lang={args.lang}"
                print(f"GET {path} ...", flush=True)
                measurements.append(export(client, process.pid, path, rows[dataset]))
    text = report(args.n, db, index_s, measurements)
    publish(text, keep=not args.no_results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
