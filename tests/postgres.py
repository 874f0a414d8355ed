"""A throwaway PostgreSQL cluster for the test suite (`REGISTERS_TEST_DATABASE=postgresql`).

`initdb` into a temporary folder, `postgres` listening on a Unix socket in that folder only
(no TCP port to collide on), stopped and removed at the end of the session, also when it fails.
PostgreSQL refuses to run as root, and CI runs as root: the cluster then runs as `nobody`
(`setpriv`), which owns the folder. The server is started with `--pdeathsig`, so a test run
that is killed outright takes its cluster with it instead of leaving it running.

Durability is off (fsync, synchronous_commit, full_page_writes): nothing here outlives the
run. The default collation is ICU's root locale, as on a production cluster created with a
language locale, so that any text comparison which relies on SQLite's byte order without
saying `COLLATE "C"` fails here.

`python -m tests.postgres` starts one and prints its URL until interrupted (for a debugger).
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

__all__ = ["Cluster"]

_USER = "nobody"
_SUPERUSER = "postgres"
_SETTINGS = {
    "listen_addresses": "",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "wal_level": "minimal",
    "max_wal_senders": "0",
    "max_connections": "300",
    "shared_buffers": "128MB",
    "checkpoint_timeout": "1h",
    "max_wal_size": "8GB",
    "log_min_messages": "warning",
}


class Cluster:
    """One PostgreSQL server in a temporary folder; `url(db)` for asyncpg over its socket."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="registers-pg-"))
        self.data = self.folder / "data"
        self._server: subprocess.Popen[bytes] | None = None

    def _as_owner(self) -> list[str]:
        """`setpriv` to an unprivileged user when run as root (postgres refuses root)."""
        if os.geteuid() != 0:
            return []
        account = pwd.getpwnam(_USER)
        os.chown(self.folder, account.pw_uid, account.pw_gid)
        return [
            "setpriv",
            f"--reuid={account.pw_uid}",
            f"--regid={account.pw_gid}",
            "--clear-groups",
        ]

    def start(self) -> Cluster:
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self) -> None:
        prefix = self._as_owner()
        initdb = subprocess.run(  # noqa: S603 - our own command line
            [
                *prefix,
                "initdb",
                "--pgdata",
                str(self.data),
                "--username",
                _SUPERUSER,
                "--auth",
                "trust",
                "--encoding",
                "UTF8",
                "--locale",
                "C.UTF-8",
                "--locale-provider",
                "icu",
                "--icu-locale",
                "und",
                "--no-sync",
            ],
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            cwd=self.folder,
        )
        if initdb.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{initdb.stderr.decode(errors='replace')}")
        command = [
            *(prefix or ["setpriv"]),
            "--pdeathsig",
            "INT",
            "postgres",
            "-D",
            str(self.data),
            "-k",
            str(self.folder),
        ]
        for name, value in _SETTINGS.items():
            command += ["-c", f"{name}={value}"]
        with open(self.folder / "server.log", "wb") as log:
            self._server = subprocess.Popen(  # noqa: S603 - our own command line
                command, cwd=self.folder, stdout=subprocess.DEVNULL, stderr=log
            )
        self._wait_ready()

    def _ready(self) -> bool:
        """postmaster.pid's eighth line says `ready` once connections are accepted."""
        try:
            lines = (self.data / "postmaster.pid").read_text().splitlines()
        except FileNotFoundError:
            return False
        return len(lines) > 7 and lines[7].strip() == "ready"

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while not self._ready():
            assert self._server is not None
            if self._server.poll() is not None or time.monotonic() > deadline:
                log = (self.folder / "server.log").read_text(errors="replace")
                raise RuntimeError(f"PostgreSQL did not start:\n{log}")
            time.sleep(0.05)  # polling the server's start-up, not synchronising tests

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+asyncpg://{_SUPERUSER}@/{database}?host={self.folder}"

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGINT)  # fast shutdown: disconnects clients
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def main() -> None:
    cluster = Cluster().start()
    print(cluster.url(), flush=True)
    try:
        signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
