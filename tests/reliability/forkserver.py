"""A fork server for the crash test: imports the application once, then forks one process per
start that runs `registers serve` (`server.main(["serve", ...])`, the console script's own
code). Fifty restarts then cost fifty forks rather than fifty interpreter start-ups, each
importing the whole application again (about 1.2 s on CI's two cores).

    python -m tests.reliability.forkserver      (the database and settings come from the
                                                 REGISTERS_* environment, as for the server)

One line each way on stdin and stdout:

    spawn PORT LOG  ->  PID      a server on 127.0.0.1:PORT, its stdout and stderr appended to LOG
    wait PID        ->  STATUS   reaps that server: `signal N` or `exit N`

End of input ends the fork server; the servers it started are the caller's to stop.
"""

from __future__ import annotations

import os
import sys
import traceback

import server  # imported before any fork: this is the cost each start saves


def _serve(port: str, log: str) -> None:
    """In the child: the server's output to `log`, no stdin, then `registers serve`."""
    code = 1
    try:
        out = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(out, 1)
        os.dup2(out, 2)
        os.close(out)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        code = server.main(["serve", "--host", "127.0.0.1", "--port", port])
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _status(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"exit {os.WEXITSTATUS(status)}"


def main() -> None:
    print("ready", flush=True)
    while line := sys.stdin.readline():
        command, *args = line.split()
        if command == "spawn":
            port, log = args
            pid = os.fork()
            if pid == 0:
                _serve(port, log)
            print(pid, flush=True)
        elif command == "wait":
            _, status = os.waitpid(int(args[0]), 0)
            print(_status(status), flush=True)
        else:
            print(f"error unknown command {command}", flush=True)


if __name__ == "__main__":
    main()
