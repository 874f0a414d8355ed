"""GraphQL over HTTP against a plain baseline doing the same SQL: req/s, latency, SQL, memory.

    make bench                                             # both databases, 1,000,000 rows
    .venv/bin/python bench/http_bench.py --database sqlite --scale 20000 --rounds 1 --duration 3

For each database: seeds (SQLite: or reuses) a register of `--scale` organisations and half as
many specialists, serves bench/baseline.py's app (the real app plus `/baseline/<route>`
handlers) with uvicorn (uvloop, httptools, one worker) pinned to core 0, and drives it with
`hey` pinned to core 1. Each scenario of bench/scenarios.py is first fetched from both and must
answer byte-identical JSON; then, round after round, GraphQL (A) and the baseline (B) take
turns: throughput at a fixed concurrency, then latency at a fixed offered rate (half of A's
throughput in round 1, the same for A and B in every round). Also SQL statements per request
and the server's peak RSS. Prints the table and appends it to bench/RESULTS.md with the machine,
the versions, the commit and the date. Linux only (/proc, taskset, sched_setaffinity).
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import importlib.metadata
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import httpx
import orjson
from common import (
    ROOT,
    cache_dir,
    commit,
    machine,
    publish,
    registers,
    reset_peak,
    seed,
    seed_url,
    server,
    sqlite_url,
    status,
)
from scenarios import LANG, Fixtures, Scenario, scenarios

SERVER_CORE, LOAD_CORE = 0, 1
UVICORN_OPTIONS = (
    "--app-dir", "bench", "--loop", "uvloop", "--http", "httptools", "--workers", "1",
    "--no-access-log", "--log-level", "warning",
)  # fmt: skip
SQL_SAMPLES = 5  # requests per SQL count
HEY_TIMEOUT_S = 120
TARGETS = {"a": 0.6, "b": 0.6, "f": 0.4}  # GraphQL/baseline req/s at least
DEEP_TARGET = 1.2  # deep page p50 / first page p50 at most (GraphQL)
KIB_PER_MIB = 1024


# --- hey ----------------------------------------------------------------------------------


def ensure_hey() -> str:
    """`hey` from Debian's package, installed when missing (as root: apt-get)."""
    found = shutil.which("hey")
    if found:
        return found
    if os.geteuid() != 0:
        sys.exit("hey is missing: apt-get install hey (Debian's package), then run again")
    print("installing Debian's hey ...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)  # noqa: S607
    subprocess.run(["apt-get", "install", "-y", "-qq", "hey"], check=True, env=env)  # noqa: S607
    return shutil.which("hey") or sys.exit("apt-get installed no hey")


@dataclass(frozen=True, slots=True)
class Request:
    """What hey sends: a POST of `body` (a file) to `url` with `headers`."""

    url: str
    body: Path
    headers: tuple[str, ...]

    def arguments(self) -> list[str]:
        headers = [item for header in self.headers for item in ("-H", header)]
        return ["-m", "POST", "-T", "application/json", "-D", str(self.body), *headers, self.url]


@dataclass(frozen=True, slots=True)
class Throughput:
    requests_per_s: float
    peak_kib: int


@dataclass(frozen=True, slots=True)
class Latency:
    p50_ms: float
    p99_ms: float
    answered: int
    peak_kib: int
    offered: int
    clients: int

    @property
    def fell_behind(self) -> bool:
        """Fewer than 90% of the offered requests answered (less the one each client may
        have in flight at the end): the server did not keep up with the rate, or hey met
        transport errors (its CSV leaves them out)."""
        return self.answered < 0.9 * self.offered - self.clients


def _hey_command(hey: str, request: Request, options: Sequence[str]) -> list[str]:
    """hey on the load generator's core, with a timeout for slow scenarios: under 16 clients
    a request that takes 1 s of the server's core waits about 16 s (hey's default is 20)."""
    timeout = ["-t", str(HEY_TIMEOUT_S)]
    command = [hey, "-cpus", "1", *timeout, *options, *request.arguments()]
    return ["taskset", "-c", str(LOAD_CORE), *command]


def _hey(hey: str, request: Request, options: Sequence[str]) -> str:
    command = _hey_command(hey, request, options)
    run = subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603
    return run.stdout


def _staggered(hey: str, request: Request, options: Sequence[str], count: int, gap: float) -> str:
    """`count` hey processes with the same options, started `gap` seconds apart; their CSV
    rows together."""
    started, processes = time.monotonic(), []
    for i in range(count):
        time.sleep(max(0.0, started + i * gap - time.monotonic()))
        command = _hey_command(hey, request, options)
        processes.append(subprocess.Popen(command, stdout=subprocess.PIPE, text=True))  # noqa: S603
    outputs = [process.communicate()[0] for process in processes]
    if any(process.returncode for process in processes):
        raise RuntimeError(f"hey failed: {[process.returncode for process in processes]}")
    header, *_ = outputs[0].splitlines()
    return "\n".join([header, *(row for out in outputs for row in out.splitlines()[1:])])


def _summary_field(output: str, name: str) -> float:
    for line in output.splitlines():
        if line.strip().startswith(name):
            return float(line.split(":", 1)[1].split()[0])
    raise RuntimeError(f"hey printed no {name!r}:\n{output}")


def _check_statuses(output: str) -> None:
    """Every answer a 200 and no transport error, from hey's summary."""
    codes = output.split("Status code distribution:", 1)[-1]
    bad = [
        line.strip()
        for line in codes.splitlines()
        if line.strip().startswith("[") and not line.strip().startswith("[200]")
    ]
    if "Error distribution:" in output or bad or "Status code distribution:" not in output:
        raise RuntimeError(f"hey saw non-200 answers or errors:\n{output}")


def throughput(hey: str, request: Request, pid: int, duration: float, clients: int) -> Throughput:
    reset_peak(pid)
    output = _hey(hey, request, ["-z", f"{duration}s", "-c", str(clients)])
    _check_statuses(output)
    return Throughput(_summary_field(output, "Requests/sec"), status(pid, "VmHWM"))


def _percentile(sorted_values: Sequence[float], q: float) -> float:
    """Nearest rank: the smallest value with at least q of the values at or below it."""
    rank = max(1, -(-len(sorted_values) * q // 1))
    return sorted_values[int(rank) - 1]


def latency(
    hey: str, request: Request, pid: int, duration: float, clients: int, rate: float
) -> Latency:
    """`rate` requests/s offered, evenly spaced: `clients` hey processes of one client each
    (hey's -q is per client, and the clients of one hey tick in step: with -c 16, 16 requests
    would arrive at once), each sending every clients/rate seconds, started 1/rate seconds
    apart; a slow answer holds up only its own client. Every answer's time from hey's CSV;
    p50 and p99 by nearest rank. A run with too few answers is reported (Latency.fell_behind),
    not refused: a slow scenario's throughput varies more than its rate allows for."""
    reset_peak(pid)
    clients = max(1, min(clients, int(rate * duration)))  # each sends one request at least
    per_client = rate / clients
    options = ["-z", f"{duration}s", "-c", "1", "-q", f"{per_client:.4f}", "-o", "csv"]
    rows = _staggered(hey, request, options, clients, 1 / rate).splitlines()
    header = rows[0].split(",")
    seconds, code = header.index("response-time"), header.index("status-code")
    times, statuses = [], set()
    for row in rows[1:]:
        cells = row.split(",")
        times.append(float(cells[seconds]) * 1000)
        statuses.add(cells[code])
    if statuses - {"200"}:
        raise RuntimeError(f"non-200 answers at a fixed rate: {sorted(statuses)}")
    offered = clients * int(duration * per_client)
    if not times:
        raise RuntimeError(f"no answers at {rate} req/s for {duration} s")
    times.sort()
    return Latency(
        _percentile(times, 0.50),
        _percentile(times, 0.99),
        len(times),
        status(pid, "VmHWM"),
        offered,
        clients,
    )


# --- the run ------------------------------------------------------------------------------


@dataclass
class Side:
    """One side (GraphQL or the baseline) of one scenario, over the rounds."""

    path: str
    statements: float = 0.0
    throughputs: list[Throughput] = field(default_factory=list)
    latencies: list[Latency] = field(default_factory=list)

    def rps(self) -> list[float]:
        return [t.requests_per_s for t in self.throughputs]

    def peak_mib(self) -> float:
        peaks = [t.peak_kib for t in self.throughputs] + [x.peak_kib for x in self.latencies]
        return statistics.median(peaks) / KIB_PER_MIB


@dataclass
class Measured:
    scenario: Scenario
    graphql: Side
    baseline: Side
    rate: float = 0.0
    same_as: str | None = None  # another scenario with the same request: measured once
    notes: list[str] = field(default_factory=list)

    def ratios(self) -> list[float]:
        return [a / b for a, b in zip(self.graphql.rps(), self.baseline.rps(), strict=True)]


@dataclass(frozen=True, slots=True)
class Settings:
    rounds: int
    duration: float
    clients: int
    latency_clients: int
    rate_fraction: float
    warmup: float


class Bench:
    """The scenarios against one running bench server."""

    def __init__(self, hey: str, base: str, pid: int, token: str, settings: Settings) -> None:
        self.hey, self.base, self.pid, self.token, self.settings = hey, base, pid, token, settings
        self.client = httpx.Client(base_url=base, timeout=120)
        self.folder = Path(tempfile.mkdtemp(prefix="registers-bench-"))

    def close(self) -> None:
        self.client.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def headers(self, scenario: Scenario) -> dict[str, str]:
        headers = {"Accept-Language": LANG, "Content-Type": "application/json"}
        if scenario.officer:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def post(self, path: str, scenario: Scenario) -> bytes:
        response = self.client.post(path, content=scenario.body(), headers=self.headers(scenario))
        if response.status_code != 200:
            raise RuntimeError(f"{path} ({scenario.key}): {response.status_code} {response.text}")
        return response.content

    def request(self, path: str, scenario: Scenario) -> Request:
        body = self.folder / f"{scenario.key}.json"
        body.write_bytes(scenario.body())
        headers = tuple(
            f"{k}: {v}" for k, v in self.headers(scenario).items() if k != "Content-Type"
        )
        return Request(self.base + path, body, headers)

    def check_identical(self, scenario: Scenario, graphql: str, baseline: str) -> None:
        """One request to each: GraphQL answers without errors, and the baseline byte for byte
        the same; otherwise stop with a diff of the two, indented."""
        a, b = self.post(graphql, scenario), self.post(baseline, scenario)
        if "errors" in orjson.loads(a) or a != b:
            pretty = [
                orjson.dumps(orjson.loads(x), option=orjson.OPT_INDENT_2).decode().splitlines()
                for x in (a, b)
            ]
            lines = difflib.unified_diff(pretty[0], pretty[1], "graphql", "baseline", lineterm="")
            diff = "\n".join(lines)
            raise SystemExit(
                f"scenario {scenario.key}: the answers differ ({len(a)} and {len(b)} bytes)\n"
                f"{diff or a.decode()}"
            )

    def statements(self, path: str, scenario: Scenario) -> float:
        """SQL statements per request: the server's counter over SQL_SAMPLES requests."""
        self.client.delete("/bench/sql-count")
        for _ in range(SQL_SAMPLES):
            self.post(path, scenario)
        return float(self.client.get("/bench/sql-count").json()["statements"]) / SQL_SAMPLES

    def prepare(self, measured: Measured) -> None:
        scenario = measured.scenario
        self.check_identical(scenario, measured.graphql.path, measured.baseline.path)
        for side in (measured.graphql, measured.baseline):
            side.statements = self.statements(side.path, scenario)
            if self.settings.warmup:
                _hey(self.hey, self.request(side.path, scenario), self._load(self.settings.warmup))
        if scenario.letter == "f":
            small = replace(scenario, variables={"first": 10, "after": None})
            counts = [
                self.statements(side.path, small) for side in (measured.graphql, measured.baseline)
            ]
            measured.notes.append(
                f"SQL at first: 10: {counts[0]:g} / {counts[1]:g} (GraphQL / baseline)"
            )

    def _load(self, seconds: float) -> list[str]:
        return ["-z", f"{seconds}s", "-c", str(self.settings.clients)]

    def round(self, measured: Measured) -> None:
        """A then B throughput, then A then B latency at the scenario's fixed rate."""
        s, scenario = self.settings, measured.scenario
        sides = (measured.graphql, measured.baseline)
        for side in sides:
            request = self.request(side.path, scenario)
            side.throughputs.append(throughput(self.hey, request, self.pid, s.duration, s.clients))
        if not measured.rate:
            # Two significant digits: 0.55 req/s for a scenario that serves 1.1, 120 for 240.
            measured.rate = float(f"{measured.graphql.rps()[0] * s.rate_fraction:.2g}")
        for side in sides:
            request = self.request(side.path, scenario)
            side.latencies.append(
                latency(self.hey, request, self.pid, s.duration, s.latency_clients, measured.rate)
            )


def run_scenarios(bench: Bench, chosen: Sequence[Scenario], rounds: int) -> list[Measured]:
    """Prepare each scenario, then the rounds: every scenario once per round, in order. Two
    scenarios with the same request (d-first is a's) are measured once."""
    measured: list[Measured] = []
    by_request: dict[tuple[str, bytes], Measured] = {}
    for scenario in chosen:
        twin = by_request.get((scenario.route, scenario.body()))
        if twin is not None:
            measured.append(
                Measured(scenario, twin.graphql, twin.baseline, same_as=twin.scenario.key)
            )
            continue
        m = Measured(scenario, Side("/graphql"), Side(f"/baseline/{scenario.route}"))
        print(f"  {scenario.key}: checking answers, counting SQL, warming up", flush=True)
        bench.prepare(m)
        by_request[(scenario.route, scenario.body())] = m
        measured.append(m)
    for number in range(1, rounds + 1):
        for m in measured:
            if m.same_as is None:
                print(f"  round {number}/{rounds}: {m.scenario.key}", flush=True)
                bench.round(m)
    for m in measured:
        if m.same_as is not None:
            m.rate = next(x.rate for x in measured if x.scenario.key == m.same_as)
    return measured


def give_card_a_history(bench: Bench, fixtures: Fixtures, chosen: Sequence[Scenario]) -> None:
    """Scale-seeded licences have no history: record three service contracts on the card's
    organisation through GraphQL (each appends a licence event), once per database."""
    card = next((s for s in chosen if s.letter == "b"), None)
    if card is None:
        return
    answer = orjson.loads(bench.post("/graphql", card))["data"]["organization"]
    if any(len(licence["history"]) >= 3 for licence in answer["licences"]):
        return
    mutation = next(s for s in scenarios(fixtures) if s.letter == "e")
    for year in (2023, 2024, 2025):
        variables = {
            "organizationId": fixtures.card_organization_id,
            "concludedOn": f"{year}-01-10",
            "validUntil": f"{year}-12-31",
        }
        bench.post("/graphql", replace(mutation, variables=variables))


# --- databases ----------------------------------------------------------------------------


@dataclass
class Database:
    name: str  # SQLite, PostgreSQL
    url: str
    seeded_s: float | None  # None: reused
    detail: str
    pin: list[int] = field(default_factory=list)  # processes to pin to the server's core


@contextlib.contextmanager
def sqlite_database(scale: int, db: Path | None) -> Iterator[Database]:
    path = db or cache_dir() / f"http-{scale}.db"
    seeded = seed(path, scale)
    size = path.stat().st_size / 2**30
    yield Database(
        "SQLite",
        sqlite_url(path),
        seeded,
        f"SQLite {sqlite3.sqlite_version}, {path} ({size:.2f} GiB)",
    )


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.append(int(stat.parent.name))
    return found


@contextlib.contextmanager
def postgresql_database(scale: int) -> Iterator[Database]:
    """tests/postgres.py's throwaway cluster, seeded each time (it is deleted at the end)."""
    sys.path.insert(0, str(ROOT))
    from tests.postgres import Cluster

    cluster = Cluster().start()
    try:
        url = cluster.url()
        seeded = seed_url(url, scale)
        postmaster = int((cluster.data / "postmaster.pid").read_text().split()[0])
        version = subprocess.run(
            ["postgres", "--version"],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        detail = f"{version}, tests/postgres.py's throwaway cluster (durability off), Unix socket"
        yield Database("PostgreSQL", url, seeded, detail, [postmaster, *_children(postmaster)])
    finally:
        cluster.stop()


def pin(pids: Sequence[int], core: int) -> None:
    """Pin processes (and, through inheritance, what they fork later) to `core`."""
    for pid in pids:
        with contextlib.suppress(OSError):
            os.sched_setaffinity(pid, {core})


def licensor_token(url: str) -> str:
    output = registers(url, "token", "create", "--role", "licensor", "--label", "http bench")
    return next(line for line in output.split() if line.startswith("rgs_"))


def bench_database(
    database: Database, hey: str, chosen_keys: set[str], settings: Settings
) -> tuple[list[Measured], float]:
    """Serve the bench app over `database` and measure the chosen scenarios; the seconds taken."""
    started = time.perf_counter()
    token = licensor_token(database.url)
    pin(database.pin, SERVER_CORE)
    prefix = ["taskset", "-c", str(SERVER_CORE)]
    with server(database.url, "baseline:create_app", options=UVICORN_OPTIONS, prefix=prefix) as (
        process,
        base,
    ):
        bench = Bench(hey, base, process.pid, token, settings)
        try:
            fixtures = Fixtures(**bench.client.get("/bench/fixtures").json())
            chosen = [s for s in scenarios(fixtures) if s.letter in chosen_keys]
            give_card_a_history(bench, fixtures, chosen)
            measured = run_scenarios(bench, chosen, settings.rounds)
        finally:
            bench.close()
    return measured, time.perf_counter() - started


# --- the report ---------------------------------------------------------------------------


def _number(value: float) -> str:
    """Whole numbers from 100 on, three significant digits below (1.07 req/s, 48.3)."""
    return f"{value:,.0f}" if value >= 100 else f"{value:.3g}"


def _spread(values: Sequence[float]) -> str:
    return f"{_number(statistics.median(values))} [{_number(min(values))}–{_number(max(values))}]"


def _ratios(values: Sequence[float]) -> str:
    return f"{statistics.median(values):.2f} [{min(values):.2f}–{max(values):.2f}]"


def _ms(values: Sequence[float]) -> str:
    return f"{statistics.median(values):.1f}"


def _p50(side: Side) -> float:
    return statistics.median(x.p50_ms for x in side.latencies)


def table(measured: Sequence[Measured]) -> list[str]:
    lines = [
        "| scenario | GraphQL req/s | baseline req/s | ratio A/B | offered req/s (answers/run) "
        "| p50 ms A / B | p99 ms A / B | SQL/request A / B | peak RSS MiB A / B |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for m in measured:
        a, b = m.graphql, m.baseline
        name = f"({m.scenario.key}) {m.scenario.title}" + (f" (= {m.same_as})" if m.same_as else "")
        lines.append(
            f"| {name} | {_spread(a.rps())} | {_spread(b.rps())} | {_ratios(m.ratios())} "
            f"| {_number(m.rate)} ({statistics.median(x.answered for x in a.latencies):,.0f}) "
            f"| {_ms([x.p50_ms for x in a.latencies])} / {_ms([x.p50_ms for x in b.latencies])} "
            f"| {_ms([x.p99_ms for x in a.latencies])} / {_ms([x.p99_ms for x in b.latencies])} "
            f"| {a.statements:g} / {b.statements:g} | {a.peak_mib():.0f} / {b.peak_mib():.0f} |"
        )
    return lines


def targets(measured: Sequence[Measured]) -> str:
    by_key = {m.scenario.key: m for m in measured}
    verdicts = []
    for key, least in TARGETS.items():
        if key in by_key:
            ratio = statistics.median(by_key[key].ratios())
            verdicts.append(
                f"({key}) {ratio:.2f} ≥ {least}: {'met' if ratio >= least else 'NOT met'}"
            )
    if "d-deep" in by_key and "d-first" in by_key:
        deep, first = by_key["d-deep"], by_key["d-first"]
        ratio = _p50(deep.graphql) / _p50(first.graphql)
        baseline = _p50(deep.baseline) / _p50(first.baseline)
        met = "met" if ratio <= DEEP_TARGET else "NOT met"
        verdicts.append(
            f"deep/first p50 {ratio:.2f} ≤ {DEEP_TARGET}: {met} (baseline {baseline:.2f})"
        )
    return "; ".join(verdicts) or "none measured in this run (they are (a), (b), (f) and (d))"


def _version(package: str) -> str:
    with contextlib.suppress(importlib.metadata.PackageNotFoundError):
        return importlib.metadata.version(package)
    return "?"


def versions() -> str:
    hey = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Version}", "hey"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    packages = ("uvicorn", "uvloop", "httptools", "strawberry-graphql", "starlette", "sqlalchemy")
    return ", ".join([*(f"{p} {_version(p)}" for p in packages), f"hey {hey or '?'} (Debian)"])


def report(
    database: Database, scale: int, settings: Settings, measured: Sequence[Measured], seconds: float
) -> str:
    seeded = "reused" if database.seeded_s is None else f"seeded in {database.seeded_s:.0f} s"
    s = settings
    notes = [f"- ({m.scenario.key}) {note}" for m in measured for note in m.notes]
    notes += [
        f"- ({m.scenario.key}) {name} fell behind the offered rate: {x.answered} answers of "
        f"{x.offered} offered in a latency run"
        for m in measured
        if m.same_as is None
        for name, side in (("GraphQL", m.graphql), ("the baseline", m.baseline))
        for x in side.latencies
        if x.fell_behind
    ]
    lines = [
        f"## HTTP benchmark — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit()}, "
        f"{database.name}",
        "",
        f"- machine: {machine()}",
        f"- versions: {versions()}",
        f"- database: {database.detail}; {scale:,} organisations and {scale // 2:,} specialists "
        f"({seeded})",
        f"- server: uvicorn --loop uvloop --http httptools --workers 1 on core {SERVER_CORE} "
        f"(bench/baseline.py: the app and the baseline in one process); hey on core {LOAD_CORE}"
        + (f"; PostgreSQL's processes on core {SERVER_CORE}" if database.pin else ""),
        f"- runs: {s.rounds} rounds, each scenario in turn: A (GraphQL) then B (baseline) "
        f"throughput, hey -c {s.clients} for {s.duration:g} s; then A then B latency for "
        f"{s.duration:g} s at a fixed offered rate ({s.rate_fraction:.0%} of A's round-1 "
        f"throughput, the same for A and B), evenly spaced ({s.latency_clients} hey processes of "
        "one client, staggered), p50/p99 by nearest rank over every answer; "
        f"{s.warmup:g} s warm-up each side first; medians [min–max] over the rounds",
        "- SQL: statements per request (SQLAlchemy before_cursor_execute, "
        f"{SQL_SAMPLES} requests); peak RSS: the server's VmHWM, reset before each run, median "
        "over the runs",
        f"- the run took {seconds / 60:.1f} min; load average at its end "
        f"{os.getloadavg()[1]:.2f} (5 min): anything else running on the machine shares its cores",
        *notes,
        "",
        *table(measured),
        "",
        f"Targets: {targets(measured)}.",
        "",
    ]
    return "\n".join(lines)


# --- main ---------------------------------------------------------------------------------


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--scale", type=int, default=1_000_000, help="organisations")
    parser.add_argument("--rounds", type=int, default=3, help="A B A B ... rounds")
    parser.add_argument("--duration", type=float, default=10, help="seconds per run")
    parser.add_argument("--scenarios", default="a,b,c,d,e,f", help="comma-separated letters")
    parser.add_argument("--clients", type=int, default=16, help="hey -c for throughput")
    parser.add_argument(
        "--latency-clients", type=int, default=4, help="hey processes at the fixed rate"
    )
    parser.add_argument(
        "--rate", type=float, default=0.5, help="offered rate, a fraction of A's throughput"
    )
    parser.add_argument("--warmup", type=float, default=2, help="seconds per side, unmeasured")
    parser.add_argument("--db", type=Path, help="SQLite file (default <tmp>/registers-bench/)")
    parser.add_argument("--no-results", action="store_true", help="do not append RESULTS.md")
    return parser.parse_args()


def main() -> int:
    args = _arguments()
    keys = {k.strip() for k in args.scenarios.split(",") if k.strip()}
    if not keys or keys - set("abcdef"):
        sys.exit("--scenarios: letters among a,b,c,d,e,f")
    if (os.cpu_count() or 1) < 2:
        sys.exit("needs two cores: one for the server, one for hey")
    settings = Settings(
        args.rounds, args.duration, args.clients, args.latency_clients, args.rate, args.warmup
    )
    hey = ensure_hey()
    chosen = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    for name in chosen:
        opened = (
            sqlite_database(args.scale, args.db)
            if name == "sqlite"
            else postgresql_database(args.scale)
        )
        with opened as database:
            print(f"{database.name}: {database.detail}", flush=True)
            measured, seconds = bench_database(database, hey, keys, settings)
            text = report(database, args.scale, settings, measured, seconds)
        publish(text, keep=not args.no_results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
