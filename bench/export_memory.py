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
import os
import platform
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "RESULTS.md"
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


def _status(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])  # kB
    raise KeyError(field)


def _reset_peak(pid: int) -> bool:
    """Linux >= 4.0: writing 5 to clear_refs resets VmHWM to the current RSS."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


class _Sampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, _status(self.pid, "VmRSS"))
            self.done.wait(0.02)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _organizations_in(db: Path) -> int:
    if not db.exists():
        return 0
    with sqlite3.connect(db) as conn:
        try:
            return int(conn.execute("SELECT count(*) FROM organization").fetchone()[0])
        except sqlite3.OperationalError:
            return 0


def _env(db: Path) -> dict[str, str]:
    """The checkout's modules first, whatever the installed entry points know of."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path, "REGISTERS_DATABASE_URL": f"sqlite+aiosqlite:///{db}"}


def seed(db: Path, n: int) -> None:
    have = _organizations_in(db)
    if have >= n:
        print(f"reusing {db} ({have:,} organisations)")
        return
    if have:
        sys.exit(f"{db} holds {have:,} organisations, fewer than {n:,}: remove it or pick --db")
    print(f"seeding {n:,} organisations and {n // 2:,} specialists into {db} ...", flush=True)
    started = time.perf_counter()
    registers = Path(sys.executable).with_name("registers")
    command = [str(registers), "seed", "--scale", str(n)]
    subprocess.run(command, env=_env(db), check=True)  # noqa: S603  (our own command line)
    print(f"seeded in {time.perf_counter() - started:.0f} s", flush=True)


@contextmanager
def server(db: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    port = _free_port()
    command = [sys.executable, "-m", "uvicorn", "server:create_app", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    process = subprocess.Popen(command, cwd=ROOT, env=_env(db))  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.2)
        yield process, base
    finally:
        process.terminate()
        process.wait(timeout=30)


def export(client: httpx.Client, pid: int, path: str, rows: int) -> Measurement:
    before = _status(pid, "VmRSS")
    resettable = _reset_peak(pid)
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
    peak = max(sampler.peak, _status(pid, "VmHWM") if resettable else 0)
    if path.endswith(".csv") and lines - 1 != rows:
        # Seeded texts hold no line breaks: one line per row plus the header.
        raise RuntimeError(f"{path}: {lines - 1} lines for {rows} rows")
    return Measurement(path, rows, size, first_byte, seconds, before, peak)


def _machine() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "?",
    )
    memory = _status_meminfo("MemTotal") // 1024 // 1024
    return (
        f"{platform.system()} {platform.release()}, {model}, {os.cpu_count()} CPUs, "
        f"{memory} GiB RAM, Python {platform.python_version()}"
    )


def _status_meminfo(field: str) -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _commit() -> str:
    executable = shutil.which("git")

    def git(*args: str) -> str:
        if executable is None:
            return ""
        command = [executable, *args]
        run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603
        return run.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "?"
    return commit + (" (with uncommitted changes)" if git("status", "--porcelain") else "")


def _mib(kib: int) -> str:
    return f"{kib / 1024:.1f}"


def report(n: int, db: Path, index_s: float, measurements: list[Measurement]) -> str:
    lines = [
        f"### Open-data exports, {n:,} organisations seeded "
        f"({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)",
        "",
        f"- machine: {_machine()}",
        f"- commit: {_commit()}",
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
    db: Path = args.db or Path(tempfile.gettempdir()) / "registers-bench" / f"export-{args.n}.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    seed(db, args.n)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    measurements = []
    with server(db) as (process, base), httpx.Client(base_url=base) as client:
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
    print()
    print(text)
    if not args.no_results:
        existing = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
        header = "" if existing else "# Benchmark results\n\nAppended by the scripts in bench/.\n"
        RESULTS.write_text(f"{existing}{header}\n{text}", encoding="utf-8")
        print(f"appended to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
