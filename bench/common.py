"""What the benchmark scripts share: the seeded SQLite file, a uvicorn server in a subprocess,
the server's memory from /proc, the machine and the commit, and bench/RESULTS.md.

Run from the repository root with the project's virtualenv; Linux only (/proc).
"""

from __future__ import annotations

import os
import platform
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx

__all__ = [
    "RESULTS",
    "ROOT",
    "append_results",
    "cache_dir",
    "commit",
    "env_for",
    "free_port",
    "machine",
    "organizations_in",
    "publish",
    "registers",
    "reset_peak",
    "seed",
    "seed_url",
    "server",
    "sqlite_url",
    "status",
]

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "RESULTS.md"


def cache_dir() -> Path:
    """`<tmp>/registers-bench/`: seeded databases kept between runs."""
    folder = Path(tempfile.gettempdir()) / "registers-bench"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def status(pid: int, field: str) -> int:
    """A kB field of /proc/<pid>/status (VmRSS, VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])  # kB
    raise KeyError(field)


def reset_peak(pid: int) -> bool:
    """Linux >= 4.0: writing 5 to clear_refs resets VmHWM to the current RSS."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def sqlite_url(db: Path) -> str:
    return f"sqlite+aiosqlite:///{db}"


def env_for(url: str) -> dict[str, str]:
    """The checkout's modules first, whatever the installed entry points know of."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path, "REGISTERS_DATABASE_URL": url}


def organizations_in(db: Path) -> int:
    if not db.exists():
        return 0
    with sqlite3.connect(db) as conn:
        try:
            return int(conn.execute("SELECT count(*) FROM organization").fetchone()[0])
        except sqlite3.OperationalError:
            return 0


def registers(url: str, *args: str) -> str:
    """Run the `registers` command line against `url`; its standard output."""
    command = [str(Path(sys.executable).with_name("registers")), *args]
    run = subprocess.run(  # noqa: S603  (our own command line)
        command, env=env_for(url), check=True, stdout=subprocess.PIPE, text=True
    )
    return run.stdout


def seed_url(url: str, n: int, where: str = "") -> float:
    """`registers seed --scale n` (n organisations, n // 2 specialists); the seconds it took."""
    into = f" into {where}" if where else ""
    print(f"seeding {n:,} organisations and {n // 2:,} specialists{into} ...", flush=True)
    started = time.perf_counter()
    registers(url, "seed", "--scale", str(n))
    seconds = time.perf_counter() - started
    print(f"seeded in {seconds:.0f} s", flush=True)
    return seconds


def seed(db: Path, n: int) -> float | None:
    """Seed the SQLite file `db` with n organisations, or reuse it when it already holds n
    (None: reused). Refuses a file that holds fewer."""
    have = organizations_in(db)
    if have >= n:
        print(f"reusing {db} ({have:,} organisations)")
        return None
    if have:
        sys.exit(f"{db} holds {have:,} organisations, fewer than {n:,}: remove it or pick --db")
    return seed_url(sqlite_url(db), n, str(db))


def _wait_healthy(process: subprocess.Popen[bytes], base: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.2)


@contextmanager
def server(
    url: str,
    app: str = "server:create_app",
    *,
    options: Sequence[str] = ("--log-level", "warning"),
    prefix: Sequence[str] = (),
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """uvicorn serving the app factory `app` over `url` on a free port, until the block ends;
    `prefix` goes before the Python command (`taskset -c 0`: it execs, so the process's pid is
    the server's). Yields the process and the base URL once /healthz answers."""
    port = free_port()
    command = [*prefix, sys.executable, "-m", "uvicorn", app, "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), *options]
    process = subprocess.Popen(command, cwd=ROOT, env=env_for(url))  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(process, base)
        yield process, base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _meminfo(field: str) -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def machine() -> str:
    """Kernel, CPU model, cores, RAM and Python, on one line."""
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "?",
    )
    memory = _meminfo("MemTotal") // 1024 // 1024
    return (
        f"{platform.system()} {platform.release()}, {model}, {os.cpu_count()} CPUs, "
        f"{memory} GiB RAM, Python {platform.python_version()}"
    )


def commit() -> str:
    """The short commit, marked when the work tree has uncommitted changes."""
    executable = shutil.which("git")

    def git(*args: str) -> str:
        if executable is None:
            return ""
        command = [executable, *args]
        run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603
        return run.stdout.strip()

    sha = git("rev-parse", "--short", "HEAD") or "?"
    return sha + (" (with uncommitted changes)" if git("status", "--porcelain") else "")


def publish(text: str, *, keep: bool) -> None:
    """Print a run's report; append it to RESULTS.md too when `keep`."""
    print()
    print(text)
    if keep:
        append_results(text)


def append_results(text: str) -> None:
    """Append a section to bench/RESULTS.md (created with its heading if missing)."""
    existing = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    header = "" if existing else "# Benchmark results\n\nAppended by the scripts in bench/.\n"
    RESULTS.write_text(f"{existing}{header}\n{text}", encoding="utf-8")
    print(f"appended to {RESULTS.relative_to(ROOT)}")
