#!/usr/bin/python3
"""The HTTP server stays available when clients hold connections open or misbehave.

Herald runs with a low open-file limit (RLIMIT_NOFILE set in the child before exec) and a
connection cap from its config. Clients opening more idle connections than it can hold make it
stop accepting, not spin on EMFILE: its CPU time barely moves while they wait, and a new client is
served once the idle connections are closed or time out. A client trickling its headers one byte
at a time is closed after the header timeout, an idle keep-alive connection after the idle
timeout. A body over 1 MiB sent without `Expect: 100-continue` is answered and the rest read
and discarded, so the client reads the answer instead of meeting a reset. The bearer scheme of
`Authorization` is case-insensitive."""

import json
import os
import resource
import select
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402

FILE_LIMIT = 128  # herald's RLIMIT_NOFILE in these tests
IDLE_CLIENTS = 160  # more connections than the cap, and more than FILE_LIMIT
CLK_TCK = os.sysconf("SC_CLK_TCK")


def low_file_limit():
    resource.setrlimit(resource.RLIMIT_NOFILE, (FILE_LIMIT, FILE_LIMIT))


def start(ctx, **server):
    """A herald with the [server] settings given and the low open-file limit."""
    if ctx.herald is not None:
        ctx.herald.stop()
    herald = h.Herald(ctx.run, ctx.run.args.herald, overrides={"server": server})
    herald.preexec_fn = low_file_limit
    ctx.herald = herald.start()
    return ctx.herald


def setup(run):
    return SimpleNamespace(run=run, herald=None)


def cpu_seconds(pid: int) -> float:
    """utime + stime of the process (all its threads) from /proc/PID/stat."""
    text = Path(f"/proc/{pid}/stat").read_text()
    fields = text[text.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def open_idle(port: int, n: int) -> list[socket.socket]:
    """`n` connections that send nothing (the kernel completes them even when herald does not
    accept: they wait in the listen backlog)."""
    return [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(n)]


def close_all(socks):
    for s in socks:
        s.close()


def read_response(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    chunks = []
    while True:
        data = sock.recv(65536)
        if not data:
            return b"".join(chunks)
        chunks.append(data)


def status_and_json(raw: bytes):
    head, _, body = raw.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    return status, json.loads(body) if body else None


def healthz_in_background(port: int, timeout: float):
    """GET /healthz on a new connection, in a thread; returns (thread, result dict)."""
    result = {}

    def run():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
                s.sendall(b"GET /healthz HTTP/1.1\r\nHost: herald\r\nConnection: close\r\n\r\n")
                result["response"] = read_response(s)
        except OSError as e:
            result["error"] = repr(e)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t, result


def expect_healthy_answer(t, result, what):
    t.join(120)
    assert not t.is_alive(), f"{what}: the request is still waiting"
    assert "response" in result, f"{what}: no answer: {result.get('error')}"
    raw = result["response"]
    assert raw.startswith(b"HTTP/1.1 200"), f"{what}: answered {raw[:200]!r}"


def closed_by_server(sock: socket.socket, wait: float) -> bool:
    """True when the server has closed (EOF or reset) within `wait` seconds."""
    readable, _, _ = select.select([sock], [], [], wait)
    if not readable:
        return False
    try:
        while True:
            data = sock.recv(65536)
            if not data:
                return True
            readable, _, _ = select.select([sock], [], [], wait)
            if not readable:
                return False
    except (ConnectionResetError, BrokenPipeError):
        return True


# --------------------------------------------------------------------------------------------


def at_the_cap_it_waits_without_spinning_and_serves_once_connections_close(ctx):
    herald = start(ctx, max_connections=8, header_timeout_seconds=600, idle_timeout_seconds=600)
    idle = open_idle(herald.port, IDLE_CLIENTS)
    try:
        time.sleep(1)  # let herald take what it will
        before = cpu_seconds(herald.proc.pid)
        time.sleep(3)
        used = cpu_seconds(herald.proc.pid) - before
        print(f"herald used {used:.2f} CPU seconds in 3 s holding {IDLE_CLIENTS} idle clients")
        # Busy-looping on accept would use about 3 s here; waiting uses next to nothing.
        assert used < 0.75, f"herald used {used:.2f} CPU seconds in 3 s holding idle clients"
        assert herald.alive(), "herald died"
        t, result = healthz_in_background(herald.port, timeout=90)
    finally:
        close_all(idle)
    expect_healthy_answer(t, result, "a new client after the idle ones closed")
    log = herald.log.read_text()
    assert "at most 8 HTTP connections" in log, f"the effective cap is not logged:\n{log}"


def idle_connections_time_out_and_a_new_client_is_served(ctx):
    herald = start(ctx, max_connections=32, header_timeout_seconds=1, idle_timeout_seconds=1)
    idle = open_idle(herald.port, IDLE_CLIENTS)
    try:
        t, result = healthz_in_background(herald.port, timeout=60)
        expect_healthy_answer(t, result, "a new client while idle ones hold the cap")
    finally:
        close_all(idle)


def a_client_trickling_its_headers_is_closed(ctx):
    herald = start(ctx, header_timeout_seconds=1, idle_timeout_seconds=600)
    with socket.create_connection(("127.0.0.1", herald.port), timeout=10) as s:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: herald\r\nX-Slow: ")
        deadline = time.monotonic() + 30
        closed = False
        while time.monotonic() < deadline and not closed:
            try:
                s.sendall(b"a")  # never the blank line that ends the headers
            except (BrokenPipeError, ConnectionResetError):
                closed = True
                break
            closed = closed_by_server(s, 0.2)
        assert closed, "the connection sending headers one byte at a time is still open"
    expect_still_serving(herald)


def an_idle_keep_alive_connection_is_closed(ctx):
    herald = start(ctx, header_timeout_seconds=600, idle_timeout_seconds=1)
    with socket.create_connection(("127.0.0.1", herald.port), timeout=10) as s:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: herald\r\n\r\n")
        first = s.recv(65536)
        assert first.startswith(b"HTTP/1.1 200"), f"answered {first[:200]!r}"
        assert closed_by_server(s, 30), "the idle keep-alive connection is still open"


def a_large_body_without_expect_is_answered_and_read(ctx):
    herald = ctx.herald if ctx.herald and ctx.herald.alive() else start(ctx)
    body = b'{"pad":"' + b"x" * (2 * 1024 * 1024) + b'"}'
    with socket.create_connection(("127.0.0.1", herald.port), timeout=30) as s:
        s.sendall(b"POST /v1/events HTTP/1.1\r\nHost: herald\r\nContent-Type: application/json"
                  b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n")
        try:
            s.sendall(body)
            raw = read_response(s)
        except (BrokenPipeError, ConnectionResetError) as e:
            raise AssertionError(f"the connection broke before the answer was read: {e!r}")
    status, answer = status_and_json(raw)
    assert status in (400, 413), f"answered {raw[:300]!r}"
    assert isinstance(answer, dict) and answer.get("field") == "body", f"answer {answer!r}"
    expect_still_serving(herald)


def the_bearer_scheme_is_case_insensitive(ctx):
    herald = ctx.herald if ctx.herald and ctx.herald.alive() else start(ctx)
    key = herald.store_add("bearer-case")
    api = herald.client(None)
    for scheme in ("Bearer", "bearer", "BEARER"):
        status, body = api.get("/v1/store", headers={"Authorization": f"{scheme} {key}"})
        assert status == 200, f"Authorization: {scheme} <key> answered {status} {body!r}"
    status, body = api.get("/v1/store", headers={"Authorization": f"Basic {key}"})
    assert status == 401, f"Authorization: Basic <key> answered {status} {body!r}"


def a_bad_connection_setting_exits_2_naming_the_key(ctx):
    if ctx.herald is not None:
        ctx.herald.stop()
    for key, value in (("max_connections", 0), ("header_timeout_seconds", -1),
                       ("idle_timeout_seconds", 0)):
        herald = h.Herald(ctx.run, ctx.run.args.herald, overrides={"server": {key: value}})
        try:
            code, _, err = herald.cli("serve", timeout=30)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"server.{key} = {value}: herald serve started")
        assert code == 2, f"server.{key} = {value}: exit {code}: {err!r}"
        assert f"server.{key}" in err, f"server.{key} = {value}: stderr {err!r}"
    ctx.herald = None


def expect_still_serving(herald):
    assert herald.alive(), f"herald died (exit {herald.proc.returncode()})"
    status, body = herald.api.get("/healthz")
    assert status == 200, f"/healthz answered {status} {body!r}"


if __name__ == "__main__":
    h.main("connection_limits", setup, [
        at_the_cap_it_waits_without_spinning_and_serves_once_connections_close,
        idle_connections_time_out_and_a_new_client_is_served,
        a_client_trickling_its_headers_is_closed,
        an_idle_keep_alive_connection_is_closed,
        a_large_body_without_expect_is_answered_and_read,
        the_bearer_scheme_is_case_insensitive,
        a_bad_connection_setting_exits_2_naming_the_key,
    ])
