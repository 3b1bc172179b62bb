#!/usr/bin/python3
"""A throw-away PostgreSQL 15 server on loopback, for tests.

initdb refuses to run as root, so when run as root the server belongs to the `postgres` system
user (runuser -u postgres --); its directory is a fresh temp dir owned by that user. It listens
on 127.0.0.1 on a free port, with its unix socket in that dir, and trusts local connections.
Anything that keeps it from starting raises PostgresError: a test that needs it fails, never
skips.

As a library: `PostgresServer().start()` ... `.url(dbname)`, `.create_database(name)`, `.stop()`.
As a command (the C++ store tests and the ctest fixture use it):
  postgres_server.py start --state-dir DIR   # starts, writes DIR/url, exits 0
  postgres_server.py stop --state-dir DIR    # stops the server started for DIR, removes it
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path("/usr/lib/postgresql/15/bin")
SYSTEM_USER = "postgres"
START_TIMEOUT = 60


# What separates and marks query() output: characters no test value contains.
FIELD, RECORD, NULL = "\x1f", "\x1e", "\x1d"


def _literal(v) -> str:
    if v is None:
        return "NULL"
    if isinstance(v, bool) or isinstance(v, int):
        return str(int(v))
    return "'" + str(v).replace("'", "''") + "'"


def _value(text: str):
    if text == NULL:
        return None
    return int(text) if re.fullmatch(r"-?\d+", text) else text


class PostgresError(Exception):
    """The server could not be started or stopped (always a test failure)."""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_owner(argv: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["/usr/sbin/runuser", "-u", SYSTEM_USER, "--"] + argv
    return argv


def _run(argv: list[str], what: str, timeout: float = START_TIMEOUT) -> str:
    try:
        r = subprocess.run(_as_owner(argv), capture_output=True, timeout=timeout,
                           stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise PostgresError(f"{what}: {' '.join(argv)}: {e}") from e
    out = (r.stdout + r.stderr).decode(errors="replace")
    if r.returncode != 0:
        raise PostgresError(f"{what} exited {r.returncode}: {' '.join(argv)}\n{out}")
    return out


class PostgresServer:
    # The server's own temp dir (not inside the caller's, which the postgres user may not be
    # allowed to enter); `base_dir` names an existing one, to stop it.
    def __init__(self, base_dir: Path | None = None):
        self.dir = Path(base_dir) if base_dir else Path(tempfile.mkdtemp(prefix="herald-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "postgres.log"
        self.port = 0
        self.started = False

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://{SYSTEM_USER}@127.0.0.1:{self.port}/{dbname}"

    def start(self) -> "PostgresServer":
        for exe in ("initdb", "pg_ctl", "postgres", "psql"):
            if not os.access(BIN / exe, os.X_OK):
                raise PostgresError(f"{BIN / exe} is missing: install postgresql-15 "
                                    "(scripts/setup.sh)")
        self.dir.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.dir, SYSTEM_USER, SYSTEM_USER)
        os.chmod(self.dir, 0o700)
        _run([str(BIN / "initdb"), "-D", str(self.data), "-U", SYSTEM_USER, "--auth=trust",
              "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], "initdb")
        self.port = _free_port()
        return self.resume()

    def resume(self) -> "PostgresServer":
        """Starts the server on its data and port (again, after pause())."""
        opts = (f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} -c fsync=off "
                "-c max_connections=200")
        try:
            _run([str(BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", opts,
                  "-w", "-t", str(START_TIMEOUT), "start"], "pg_ctl start",
                 timeout=START_TIMEOUT + 10)
        except PostgresError as e:
            raise PostgresError(f"{e}\nserver log:\n{self.log_tail()}") from e
        self.started = True
        self.psql("postgres", "SELECT 1")
        return self

    def pause(self) -> None:
        """Stops the server (its connections are cut at once) and keeps its data."""
        _run([str(BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"],
             "pg_ctl stop")
        self.started = False

    def psql(self, dbname: str, sql: str) -> str:
        return _run([str(BIN / "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                     "-h", str(self.dir), "-p", str(self.port), "-U", SYSTEM_USER,
                     "-d", dbname, "-c", sql], "psql")

    def query(self, dbname: str, sql: str, params=()) -> list[tuple]:
        """Runs one statement (`?` placeholders, filled as SQL literals) given on stdin, so
        that it may be longer than a command line; answers its rows, integers as int, NULL as
        None, anything else as text."""
        values = iter(params)
        sql = re.sub(r"\?", lambda _: _literal(next(values)), sql)
        argv = [str(BIN / "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                "-P", f"null={NULL}", "-F", FIELD, "-R", RECORD, "-h", str(self.dir),
                "-p", str(self.port), "-U", SYSTEM_USER, "-d", dbname, "-f", "-"]
        try:
            r = subprocess.run(_as_owner(argv), input=sql.encode(), capture_output=True,
                               timeout=START_TIMEOUT)
        except (OSError, subprocess.TimeoutExpired) as e:
            raise PostgresError(f"psql: {e}") from e
        if r.returncode != 0:
            raise PostgresError(f"psql exited {r.returncode}: {r.stderr.decode(errors='replace')}")
        out = r.stdout.decode().removesuffix("\n")
        return [tuple(_value(v) for v in row.split(FIELD)) for row in out.split(RECORD) if row]

    def dump(self, dbname: str) -> str:
        """Everything the database holds, as pg_dump writes it."""
        return _run([str(BIN / "pg_dump"), "-h", str(self.dir), "-p", str(self.port),
                     "-U", SYSTEM_USER, dbname], "pg_dump")

    def create_database(self, name: str) -> str:
        self.psql("postgres", f'CREATE DATABASE "{name}"')
        return self.url(name)

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError as e:
            return f"(no log: {e})"

    def stop(self) -> None:
        if not self.dir.name.startswith("herald-pg-"):
            raise PostgresError(f"refusing to remove {self.dir}: not a test server's directory")
        if self.started and (self.data / "postmaster.pid").exists():
            _run([str(BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"],
                 "pg_ctl stop")
        self.started = False
        shutil.rmtree(self.dir, ignore_errors=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="a throw-away PostgreSQL 15 for tests")
    ap.add_argument("action", choices=("start", "stop"))
    ap.add_argument("--state-dir", required=True,
                    help="where the url file and the server's location are written")
    args = ap.parse_args(argv)
    state = Path(args.state_dir).resolve()
    where = state / "server_dir"
    try:
        # A server left by an earlier run (its stop never ran) goes first.
        if where.exists():
            old = PostgresServer(Path(where.read_text().strip()))
            old.started = True
            old.stop()
            where.unlink()
        (state / "url").unlink(missing_ok=True)
        if args.action == "start":
            state.mkdir(parents=True, exist_ok=True)
            server = PostgresServer().start()
            where.write_text(str(server.dir) + "\n")
            (state / "url").write_text(server.url() + "\n")
            print(server.url(), flush=True)
    except PostgresError as e:
        print(f"postgres_server: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
