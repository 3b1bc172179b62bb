"""Shared fixtures for Herald's integration tests.

Every test script drives the real `herald` binary only through HTTP and its CLI, against real
servers on loopback (an aiosmtpd SMTP server and a real Kannel with fakesmsc), all started and
stopped by the test itself.  Standard library only; run with Debian's /usr/bin/python3.

A fixture that cannot start raises HarnessError: the test FAILS, it never skips.
"""

from __future__ import annotations

import argparse
import email
import email.policy
import http.client
import json
import os
import queue
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "tests" / "support"))
from postgres_server import PostgresError, PostgresServer  # noqa: E402
SMTP_SERVER_SCRIPT = REPO_ROOT / "tests" / "support" / "smtp_server.py"
TEST_OMS_SCRIPT = REPO_ROOT / "tests" / "support" / "test_oms.py"
PYTHON = "/usr/bin/python3"
BEARERBOX = "/usr/sbin/bearerbox"
SMSBOX = "/usr/sbin/smsbox"
FAKESMSC = "/usr/lib/kannel/test/fakesmsc"
SETPRIV = "/usr/bin/setpriv"

DEFAULT_TIMEOUT = 30.0
POLL = 0.05


class HarnessError(Exception):
    """A fixture could not be started or behaved unexpectedly (always a test failure)."""


# --------------------------------------------------------------------------------------------
# small helpers


def free_port() -> int:
    """A TCP port that is free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_ports(n: int) -> list[int]:
    socks, ports = [], []
    try:
        for _ in range(n):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            socks.append(s)
            ports.append(s.getsockname()[1])
    finally:
        for s in socks:
            s.close()
    return ports


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def wait_for(predicate, timeout: float = DEFAULT_TIMEOUT, interval: float = POLL, what: str = ""):
    """Poll `predicate` until it returns something truthy; return that value.

    Raises AssertionError naming `what` and the last value seen on timeout.  Exceptions raised
    by the predicate are remembered and reported, not swallowed silently."""
    deadline = time.monotonic() + timeout
    last, last_exc = None, None
    while True:
        try:
            last = predicate()
            last_exc = None
            if last:
                return last
        except (AssertionError, HarnessError):
            raise
        except Exception as e:  # noqa: BLE001 - reported below
            last_exc = e
        if time.monotonic() >= deadline:
            desc = what or getattr(predicate, "__name__", "condition")
            msg = f"timed out after {timeout:g}s waiting for {desc}; last value: {last!r}"
            if last_exc is not None:
                msg += f"; last exception: {last_exc!r}"
            raise AssertionError(msg)
        time.sleep(interval)


def rfc3339(dt: datetime) -> str:
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(s: str) -> datetime:
    """Parse an RFC 3339 timestamp as Herald returns it."""
    s = s.strip()
    if s.endswith("Z") or s.endswith("z"):
        s = s[:-1] + "+00:00"
    # fromisoformat in 3.11 accepts up to 6 fractional digits; trim longer ones
    s = re.sub(r"(\.\d{6})\d+", r"\1", s)
    s = s.replace(" ", "T", 1) if "T" not in s else s
    dt = datetime.fromisoformat(s)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt


def tail(path: Path, lines: int = 200) -> str:
    try:
        data = Path(path).read_text(errors="replace").splitlines()
    except FileNotFoundError:
        return f"<{path} does not exist>"
    return "\n".join(data[-lines:])


def toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    return json.dumps(str(v), ensure_ascii=False)  # JSON escapes are valid TOML basic strings


def write_toml(path: Path, sections: dict) -> None:
    out = []
    for name, keys in sections.items():
        out.append(f"[{name}]")
        for k, v in keys.items():
            out.append(f"{k} = {toml_value(v)}")
        out.append("")
    Path(path).write_text("\n".join(out))


def header_get(headers, name: str):
    """Find a header value in whatever shape Herald's `content.headers` has:
    an object, a list of [name, value] pairs or {"name","value"} objects, or raw header text."""
    lname = name.lower()
    if headers is None:
        return None
    if isinstance(headers, dict):
        for k, v in headers.items():
            if k.lower() == lname:
                return v[0] if isinstance(v, list) and v else v
        return None
    if isinstance(headers, list):
        for h in headers:
            if isinstance(h, (list, tuple)) and len(h) >= 2 and str(h[0]).lower() == lname:
                return h[1]
            if isinstance(h, dict):
                n = h.get("name") or h.get("key")
                if n and n.lower() == lname:
                    return h.get("value")
        return None
    if isinstance(headers, str):
        msg = email.message_from_string(headers + "\n\n", policy=email.policy.default)
        v = msg.get(name)
        return str(v) if v is not None else None
    return None


def digits_e164(number: str) -> str:
    """+47 900 00 000 / 004790000000 / 4790000000 -> 4790000000 (Kannel may show any)."""
    n = re.sub(r"[^\d+]", "", number)
    if n.startswith("+"):
        return n[1:]
    if n.startswith("00"):
        return n[2:]
    return n


# --------------------------------------------------------------------------------------------
# process management


class Proc:
    """A child process whose output goes to a log file; killed if the test process dies."""

    def __init__(self, run: "Run", name: str, argv: list[str], log: Path, cwd=None, env=None,
                 stdout_pipe: bool = False, preexec_fn=None):
        self.run, self.name, self.argv, self.log = run, name, argv, Path(log)
        self.logf = open(self.log, "ab", buffering=0)
        self.logf.write(f"=== {time.strftime('%H:%M:%S')} starting: {' '.join(argv)}\n".encode())
        wrapped = argv
        if os.path.exists(SETPRIV):
            wrapped = [SETPRIV, "--pdeathsig", "KILL", "--"] + argv
        try:
            self.p = subprocess.Popen(
                wrapped, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE if stdout_pipe else self.logf,
                stderr=self.logf, start_new_session=True, preexec_fn=preexec_fn)
        except OSError as e:
            raise HarnessError(f"cannot start {name}: {' '.join(argv)}: {e}") from e
        run.procs.append(self)

    @property
    def pid(self) -> int:
        return self.p.pid

    def alive(self) -> bool:
        return self.p.poll() is None

    def returncode(self):
        return self.p.poll()

    def terminate(self, timeout: float = 30.0) -> int | None:
        """SIGTERM, wait; SIGKILL if it does not exit. Returns the exit status (or None if it
        had to be killed)."""
        if self.p.poll() is not None:
            return self.p.returncode
        try:
            self.p.send_signal(signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            return self.p.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill9()
            return None

    def kill9(self) -> None:
        if self.p.poll() is None:
            try:
                os.kill(self.p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.p.wait(30)

    def close(self) -> None:
        self.terminate(10)
        try:
            self.logf.close()
        except OSError:
            pass


def _clean_env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HERALD_")}
    for k in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        env.pop(k, None)
    return env


# --------------------------------------------------------------------------------------------
# SMTP server (tests/support/smtp_server.py, aiosmtpd)


class Mail:
    def __init__(self, rec: dict):
        self.raw = rec
        self.mail_from = rec.get("mail_from")
        self.rcpt_tos = list(rec.get("rcpt_tos") or [])
        self.data = rec.get("data") or ""
        self.peer = rec.get("peer")
        self.connection = rec.get("connection")
        # parse bytes, not str: 8bit UTF-8 bodies only decode correctly from bytes
        self.msg = email.message_from_bytes(self.data.encode("utf-8", "surrogateescape"),
                                            policy=email.policy.default)

    @property
    def subject(self) -> str:
        v = self.msg.get("Subject")
        return str(v) if v is not None else ""

    @property
    def message_id(self) -> str:
        v = self.msg.get("Message-ID")
        return str(v).strip() if v is not None else ""

    def header(self, name: str):
        v = self.msg.get(name)
        return str(v) if v is not None else None

    def _part(self, subtype: str):
        for part in self.msg.walk():
            if part.is_multipart():
                continue
            if part.get_content_type() == f"text/{subtype}" and \
                    (part.get_content_disposition() in (None, "inline")):
                return part.get_content()
        return None

    @property
    def html(self):
        return self._part("html")

    @property
    def text(self):
        return self._part("plain")

    def __repr__(self):
        return (f"Mail(from={self.mail_from!r}, to={self.rcpt_tos!r}, subject={self.subject!r}, "
                f"message_id={self.message_id!r})")


class TestOms:
    """tests/support/test_oms.py (a Fynd-shaped OMS, its control API documented at its top),
    started for the run. `api_url` goes into PUT /v1/oms; `control(method, path, body)` drives
    it; the helpers below wrap the common control calls."""

    AFFILIATE_ID, AFFILIATE_TOKEN, SECRET = "AFF-1", "tok-test-abcd1234", "sec-test-wxyz5678"

    def __init__(self, run: "Run", name: str = "oms"):
        self.run = run
        self.log = run.dir / f"{name}.log"
        self.proc = Proc(run, name, [PYTHON, str(TEST_OMS_SCRIPT), "--port", "0",
                                     "--control-port", "0"],
                         self.log, env=_clean_env(), stdout_pipe=True)
        line = self.proc.p.stdout.readline().decode(errors="replace").strip()
        m = re.match(r"READY (\d+) (\d+)", line)
        if not m:
            raise HarnessError(f"test OMS did not print 'READY <port> <control port>' (got "
                               f"{line!r}, exit code {self.proc.returncode()}); log:\n"
                               f"{tail(self.log)}")
        self.port, self.control_port = int(m.group(1)), int(m.group(2))
        self.api_url = f"http://127.0.0.1:{self.port}"
        if not port_open(self.port) or not port_open(self.control_port):
            raise HarnessError(f"test OMS said READY {self.port} {self.control_port} but a "
                               "port is closed")

    def control(self, method: str, path: str, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(f"http://127.0.0.1:{self.control_port}{path}", data=data,
                                     method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=120) as r:
                return json.loads(r.read())
        except urllib.error.HTTPError as e:
            raise HarnessError(f"test OMS control {method} {path}: {e.code} "
                               f"{e.read().decode(errors='replace')}") from e

    def settings(self, **changes) -> dict:
        """A PUT /v1/oms body pointing at this OMS with its credentials."""
        body = {"provider": "fynd", "api_url": self.api_url,
                "affiliate_id": self.AFFILIATE_ID, "affiliate_token": self.AFFILIATE_TOKEN,
                "secret": self.SECRET, "safety_stock": 0, "inventory_sync_minutes": 15,
                "enabled": True}
        body.update(changes)
        return body

    def set_stock(self, items: list[dict]):
        return self.control("POST", "/stock", {"items": items})

    def fault(self, mode: str, **kw):
        return self.control("POST", "/fault", {"mode": mode, **kw})

    def calls(self) -> list[dict]:
        return self.control("GET", "/calls")["calls"]

    def send_webhooks(self, url: str, events: list[dict], **kw) -> list[dict]:
        return self.control("POST", "/webhooks", {"url": url, "events": events, **kw})["results"]


class SmtpServer:
    def __init__(self, run: "Run", defer_times: int | None = None, name: str = "smtp",
                 port: int = 0):
        if not SMTP_SERVER_SCRIPT.exists():
            raise HarnessError(f"SMTP test server {SMTP_SERVER_SCRIPT} does not exist")
        self.run = run
        self.out = run.dir / f"{name}.jsonl"
        self.log = run.dir / f"{name}.log"
        argv = [PYTHON, str(SMTP_SERVER_SCRIPT), "--port", str(port), "--out", str(self.out)]
        if defer_times is not None:
            argv += ["--defer-times", str(defer_times)]
        self.proc = Proc(run, name, argv, self.log, env=_clean_env(), stdout_pipe=True)
        lines: queue.Queue = queue.Queue()

        def pump():
            with open(self.log, "ab", buffering=0) as f:
                for line in self.proc.p.stdout:
                    f.write(line)
                    lines.put(line.decode(errors="replace"))
            lines.put(None)

        threading.Thread(target=pump, daemon=True).start()
        deadline = time.monotonic() + DEFAULT_TIMEOUT
        self.port = None
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=0.2)
            except queue.Empty:
                continue
            if line is None:
                break
            m = re.match(r"READY (\d+)", line.strip())
            if m:
                self.port = int(m.group(1))
                break
        if self.port is None:
            raise HarnessError(
                f"SMTP server did not print 'READY <port>' within {DEFAULT_TIMEOUT:g}s "
                f"(exit code {self.proc.returncode()}); log:\n{tail(self.log)}")
        if not port_open(self.port):
            raise HarnessError(f"SMTP server said READY {self.port} but the port is closed")

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def mails(self) -> list[Mail]:
        try:
            text = self.out.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return []
        out = []
        for line in text.splitlines():
            line = line.strip()
            if not line:
                continue
            try:
                out.append(Mail(json.loads(line)))
            except json.JSONDecodeError:
                continue  # a line still being written
        return out

    def mails_to(self, address: str) -> list[Mail]:
        a = address.lower()
        return [m for m in self.mails() if a in (r.lower() for r in m.rcpt_tos)]

    def wait_mails(self, pred=lambda m: True, count: int = 1, timeout: float = DEFAULT_TIMEOUT,
                   what: str = "mail") -> list[Mail]:
        def check():
            ms = [m for m in self.mails() if pred(m)]
            return ms if len(ms) >= count else None
        return wait_for(check, timeout, what=f"{count} x {what} at the SMTP server")

    def wait_mail_to(self, address: str, timeout: float = DEFAULT_TIMEOUT) -> Mail:
        a = address.lower()
        return self.wait_mails(lambda m: a in (r.lower() for r in m.rcpt_tos), 1, timeout,
                               what=f"mail to {address}")[0]


# --------------------------------------------------------------------------------------------
# Kannel: bearerbox + smsbox + fakesmsc


class Sms:
    def __init__(self, sender: str, receiver: str, kind: str, payload: str):
        self.sender, self.receiver, self.kind, self.payload = sender, receiver, kind, payload
        self.text = self._decode(kind, payload)

    @staticmethod
    def _decode(kind: str, payload: str) -> str:
        if kind == "text":
            return payload
        raw = urllib.parse.unquote_to_bytes(payload.replace("+", " "))
        if kind in ("ucs-2", "ucs2"):
            return raw.decode("utf-16-be", errors="replace")
        if kind == "data":
            try:
                return raw.decode("utf-8")
            except UnicodeDecodeError:
                return raw.decode("latin-1")
        return payload

    def __repr__(self):
        return f"Sms(from={self.sender!r}, to={self.receiver!r}, {self.kind}, text={self.text!r})"


PROBE_TEXT = "harness-probe"


class Kannel:
    USER, PASSWORD, ADMIN_PASSWORD = "herald", "sendsms-secret", "admin-secret"

    def __init__(self, run: "Run", start: bool = True):
        """Writes kannel.conf on free ports; with start=False nothing runs yet (see start() and
        start_smsbox())."""
        self.run = run
        d = run.dir / "kannel"
        d.mkdir()
        self.dir = d
        self.admin_port, self.smsbox_port, self.sendsms_port, self.smsc_port = free_ports(4)
        self.conf = d / "kannel.conf"
        self.conf.write_text(f"""\
group = core
admin-port = {self.admin_port}
admin-interface = 127.0.0.1
admin-password = "{self.ADMIN_PASSWORD}"
admin-allow-ip = "127.0.0.1"
smsbox-port = {self.smsbox_port}
smsbox-interface = 127.0.0.1
box-allow-ip = "127.0.0.1"
log-file = "{d}/bearerbox.log"
log-level = 0
access-log = "{d}/access.log"

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = {self.smsbox_port}
sendsms-port = {self.sendsms_port}
sendsms-interface = 127.0.0.1
log-file = "{d}/smsbox.log"
log-level = 0

group = sendsms-user
username = "{self.USER}"
password = "{self.PASSWORD}"
max-messages = 10

group = smsc
smsc = fake
smsc-id = fake
port = {self.smsc_port}
our-host = 127.0.0.1
connect-allow-ip = "127.0.0.1"
""")
        for exe in (BEARERBOX, SMSBOX, FAKESMSC):
            if not os.access(exe, os.X_OK):
                raise HarnessError(f"Kannel executable {exe} is missing (packages kannel, "
                                   "kannel-extras)")
        self.env = _clean_env()
        self.fake_out = d / "fakesmsc.log"
        self.bearerbox = self.smsbox = self.fakesmsc = None
        if start:
            self.start()

    def start_smsbox(self) -> Proc:
        """smsbox alone; returns once its sendsms port answers, which it does BEFORE it has
        connected to bearerbox (a sendsms in that window makes smsbox PANIC)."""
        self.smsbox = Proc(self.run, "smsbox", [SMSBOX, str(self.conf)],
                           self.dir / "smsbox.out", cwd=self.dir, env=self.env)
        self._wait_port(self.sendsms_port, f"smsbox sendsms port {self.sendsms_port}",
                        self.smsbox, self.dir / "smsbox.log")
        return self.smsbox

    def start(self):
        """bearerbox, then smsbox and fakesmsc; returns once the whole chain delivers."""
        d = self.dir
        self.bearerbox = Proc(self.run, "bearerbox", [BEARERBOX, str(self.conf)],
                              d / "bearerbox.out", cwd=d, env=self.env)
        for port, what in ((self.admin_port, "admin"), (self.smsbox_port, "smsbox"),
                           (self.smsc_port, "fake smsc")):
            self._wait_port(port, f"bearerbox {what} port {port}", self.bearerbox,
                            d / "bearerbox.log")
        # -m 0: generate no traffic of its own; it prints every message it receives
        self.fakesmsc = Proc(self.run, "fakesmsc",
                             [FAKESMSC, "-H", "127.0.0.1", "-r", str(self.smsc_port), "-m", "0",
                              "-i", "1", "0000 0000 text nop"],
                             self.fake_out, cwd=d, env=self.env)
        # smsbox answers on its sendsms port before it is connected to bearerbox, and a
        # sendsms request in that window makes it PANIC; so wait until bearerbox reports the
        # smsbox connected and the fake SMSC online (its real readiness) before sending. A
        # client already retrying (Herald with queued SMS) can still hit the window: then
        # smsbox is started again, a few times at most.
        for attempt in range(1, 4):
            try:
                self.start_smsbox()
                wait_for(self._connected, DEFAULT_TIMEOUT, 0.1,
                         what="bearerbox status: smsbox on-line and fake SMSC online")
                break
            except (AssertionError, HarnessError) as e:
                early = "Assertion `conn != NULL'" in tail(d / "smsbox.log", 50)
                if attempt < 3 and early and not self.smsbox.alive():
                    continue
                raise HarnessError(f"Kannel did not come up: {e}\n{self._dead_report()}") from e
        self._probe()

    def _wait_port(self, port, what, proc: Proc, log: Path):
        deadline = time.monotonic() + DEFAULT_TIMEOUT
        while time.monotonic() < deadline:
            if port_open(port):
                return
            if not proc.alive():
                break
            time.sleep(POLL)
        raise HarnessError(f"{what} not listening (process {proc.name} exit code "
                           f"{proc.returncode()}); log:\n{tail(log, 60)}\n{tail(proc.log, 30)}")

    def status_text(self) -> str:
        url = (f"http://127.0.0.1:{self.admin_port}/status.txt?"
               + urllib.parse.urlencode({"password": self.ADMIN_PASSWORD}))
        with _opener.open(url, timeout=5) as r:
            return r.read().decode(errors="replace")

    def _connected(self):
        if not all(p.alive() for p in (self.bearerbox, self.smsbox, self.fakesmsc)):
            raise HarnessError(self._dead_report())
        st = self.status_text()
        box = re.search(r"^\s*smsbox:.*\(on-line", st, re.M)
        smsc = re.search(r"^\s*fake\[fake\].*\(online", st, re.M)
        return st if box and smsc else None

    @property
    def sendsms_url(self) -> str:
        return f"http://127.0.0.1:{self.sendsms_port}/cgi-bin/sendsms"

    def send(self, to: str, text: str, sender: str = "PROBE") -> tuple[int, str]:
        q = urllib.parse.urlencode({"username": self.USER, "password": self.PASSWORD,
                                    "from": sender, "to": to, "text": text,
                                    "charset": "UTF-8"})
        try:
            with _opener.open(f"{self.sendsms_url}?{q}", timeout=10) as r:
                return r.status, r.read().decode(errors="replace")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode(errors="replace")

    def _probe(self):
        """Send a message through sendsms and wait for fakesmsc to print it: the whole chain
        (smsbox -> bearerbox -> fake smsc -> fakesmsc) works."""
        def accepted():
            if not all(p.alive() for p in (self.bearerbox, self.smsbox, self.fakesmsc)):
                raise HarnessError(self._dead_report())
            try:
                status, body = self.send("0000", PROBE_TEXT)
            except OSError:
                return None
            return (status, body) if status in (200, 202) else None
        try:
            wait_for(accepted, DEFAULT_TIMEOUT, 0.25, what="Kannel sendsms to accept a message")
            wait_for(lambda: any(s.text == PROBE_TEXT for s in self.all_sms()), DEFAULT_TIMEOUT,
                     what="the probe SMS to reach fakesmsc")
        except AssertionError as e:
            raise HarnessError(f"Kannel did not come up: {e}\n{self._dead_report()}") from e

    def _dead_report(self) -> str:
        parts = []
        for p in (x for x in (self.bearerbox, self.smsbox, self.fakesmsc) if x is not None):
            parts.append(f"{p.name}: {'running' if p.alive() else f'exited {p.returncode()}'}")
        return ("; ".join(parts) + "\n--- bearerbox.log\n" + tail(self.dir / "bearerbox.log", 40)
                + "\n--- smsbox.log\n" + tail(self.dir / "smsbox.log", 40)
                + "\n--- fakesmsc.log\n" + tail(self.fake_out, 20))

    _LINE = re.compile(r"Got message \d+: <(\S*) (\S*) (\S+) (.*?)>\n(?=\d{4}-\d\d-\d\d |===|\Z)",
                       re.S)

    def all_sms(self) -> list[Sms]:
        try:
            text = self.fake_out.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return []
        return [Sms(*m.groups()) for m in self._LINE.finditer(text)]

    def sms(self) -> list[Sms]:
        """Every SMS that reached fakesmsc, except the harness's own probe."""
        return [s for s in self.all_sms() if s.text != PROBE_TEXT]

    def wait_sms(self, pred=lambda s: True, count: int = 1, timeout: float = DEFAULT_TIMEOUT,
                 what: str = "SMS") -> list[Sms]:
        def check():
            ss = [s for s in self.sms() if pred(s)]
            return ss if len(ss) >= count else None
        return wait_for(check, timeout, what=f"{count} x {what} at fakesmsc")


# --------------------------------------------------------------------------------------------
# HTTP client

_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class Api:
    """Tiny urllib client. Every call returns (status, parsed JSON or text)."""

    def __init__(self, base: str, key: str | None = None):
        self.base, self.key = base.rstrip("/"), key
        self.last_headers = None

    def with_key(self, key: str | None) -> "Api":
        return Api(self.base, key)

    def request(self, method: str, path: str, body=None, params=None, headers=None,
                raw: bytes | None = None, timeout: float = 30.0):
        url = self.base + path
        if params:
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params)
        h = {"Accept": "application/json"}
        if self.key is not None:
            h["Authorization"] = f"Bearer {self.key}"
        data = raw
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            h["Content-Type"] = "application/json"
        elif raw is not None:
            h.setdefault("Content-Type", "application/json")
        if headers:
            h.update(headers)
            h = {k: v for k, v in h.items() if v is not None}
        req = urllib.request.Request(url, data=data, method=method, headers=h)
        try:
            with _opener.open(req, timeout=timeout) as r:
                status, payload, self.last_headers = r.status, r.read(), r.headers
        except urllib.error.HTTPError as e:
            status, payload, self.last_headers = e.code, e.read(), e.headers
        return status, _parse_body(payload)

    def get(self, path, params=None, **kw):
        return self.request("GET", path, params=params, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body=body, **kw)

    def put(self, path, body=None, **kw):
        return self.request("PUT", path, body=body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    # conveniences -------------------------------------------------------------------------

    def post_event(self, event: dict, expect=(200, 202)):
        status, body = self.post("/v1/events", event)
        if expect is not None:
            assert status in expect, f"POST /v1/events {event.get('id')!r}: {status} {body!r}"
        return status, body

    def put_template(self, key: str, tpl: dict):
        status, body = self.put(f"/v1/templates/{urllib.parse.quote(key)}", tpl)
        assert 200 <= status < 300, f"PUT /v1/templates/{key} {tpl.get('channel')}/" \
                                    f"{tpl.get('locale')}: {status} {body!r}"
        return body

    def message(self, mid: str) -> dict:
        status, body = self.get(f"/v1/messages/{urllib.parse.quote(mid)}")
        assert status == 200, f"GET /v1/messages/{mid}: {status} {body!r}"
        return body

    def messages(self, **params) -> list[dict]:
        status, body = self.get("/v1/messages", params=params or None)
        assert status == 200, f"GET /v1/messages {params}: {status} {body!r}"
        assert isinstance(body, dict) and isinstance(body.get("items"), list), \
            f"GET /v1/messages {params}: no items list in {body!r}"
        return body["items"]

    def message_ids(self, **params) -> set[str]:
        return {m.get("id") for m in self.messages(**params)}

    def all_messages(self, **params) -> list[dict]:
        """Follow next_cursor through every page."""
        out, params = [], dict(params)
        params.setdefault("limit", 500)
        for _ in range(10000):
            status, body = self.get("/v1/messages", params=params)
            assert status == 200, f"GET /v1/messages {params}: {status} {body!r}"
            out.extend(body.get("items") or [])
            cur = body.get("next_cursor")
            if not cur or not body.get("items"):
                return out
            params["cursor"] = cur
        raise AssertionError("GET /v1/messages: cursor never ends")

    def wait_status(self, mid: str, statuses, timeout: float = DEFAULT_TIMEOUT) -> dict:
        statuses = {statuses} if isinstance(statuses, str) else set(statuses)
        seen = []

        def check():
            m = self.message(mid)
            if not seen or seen[-1] != m.get("status"):
                seen.append(m.get("status"))
            return m if m.get("status") in statuses else None
        try:
            return wait_for(check, timeout, what=f"message {mid} status in {sorted(statuses)}")
        except AssertionError as e:
            raise AssertionError(f"{e}; statuses seen: {seen}") from None


def _parse_body(payload: bytes):
    text = payload.decode("utf-8", errors="replace")
    try:
        return json.loads(text)
    except (json.JSONDecodeError, ValueError):
        return text


def raw_http(port: int, method: str, path: str, body: bytes, headers: dict,
             timeout: float = 30.0):
    """Send a request with http.client, tolerating a server that answers and closes before
    the whole body is sent (what a server may do with an oversized body).
    Returns (status, parsed body) or (None, error description)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.putrequest(method, path)
        for k, v in headers.items():
            conn.putheader(k, v)
        conn.putheader("Content-Length", str(len(body)))
        conn.endheaders()
        try:
            for i in range(0, len(body), 65536):
                conn.send(body[i:i + 65536])
        except (BrokenPipeError, ConnectionResetError):
            pass
        try:
            r = conn.getresponse()
            return r.status, _parse_body(r.read())
        except (ConnectionResetError, http.client.RemoteDisconnected) as e:
            return None, f"no HTTP answer: {e!r}"
    finally:
        conn.close()


# --------------------------------------------------------------------------------------------
# Herald


class Herald:
    def __init__(self, run: "Run", binary: str, smtp: SmtpServer | None = None,
                 kannel: Kannel | None = None, overrides: dict | None = None,
                 name: str = "herald"):
        """`name` names its files (several nodes in one run)."""
        self.run, self.binary = run, binary
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.config = run.dir / f"{name}.toml"
        self.log = run.dir / f"{name}.log"
        self.db = run.dir / f"{name}.db"
        smtp_url = smtp.url if smtp else f"smtp://127.0.0.1:{free_port()}"
        sections = {
            "server": {"listen": f"127.0.0.1:{self.port}", "public_url": self.base},
            # a fresh database of the run's backend, unless the test names its own
            "storage": {"url": (overrides or {}).get("storage", {}).get("url")
                        or run.storage_url(self.db)},
            "email": {"smtp_url": smtp_url, "default_from": "shop@example.com",
                      "connections": 2},
            "sms": {"provider": "kannel",
                    "url": kannel.sendsms_url if kannel else
                    f"http://127.0.0.1:{free_port()}/cgi-bin/sendsms",
                    "username": Kannel.USER, "password": Kannel.PASSWORD, "sender": "SHOP"},
            "workers": {"threads": 2, "retry_initial_seconds": 1, "retry_max_seconds": 2,
                        "max_attempts": 5},
        }
        for sec, keys in (overrides or {}).items():
            sections.setdefault(sec, {}).update(keys)
        self.storage_url = sections["storage"]["url"]
        write_toml(self.config, sections)
        self.proc: Proc | None = None
        self.preexec_fn = None  # runs in the child before exec (e.g. to lower its rlimits)
        self.api = Api(self.base)
        run.herald = self

    # lifecycle -------------------------------------------------------------------------------

    def start(self, timeout: float = DEFAULT_TIMEOUT) -> "Herald":
        if self.proc is not None and self.proc.alive():
            raise HarnessError("herald is already running")
        self.proc = Proc(self.run, "herald",
                         [self.binary, "serve", "--config", str(self.config)],
                         self.log, cwd=self.run.dir, env=_clean_env(),
                         preexec_fn=self.preexec_fn)
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            if not self.proc.alive():
                raise HarnessError(f"herald serve exited with {self.proc.returncode()} before "
                                   f"/healthz answered; log:\n{tail(self.log, 80)}")
            try:
                status, body = self.api.get("/healthz", timeout=5)
                last = (status, body)
                if status == 200:
                    return self
            except OSError as e:
                last = repr(e)
            time.sleep(POLL)
        raise HarnessError(f"herald /healthz did not answer 200 within {timeout:g}s (last: "
                           f"{last!r}); log:\n{tail(self.log, 80)}")

    def stop(self, timeout: float = 30.0):
        """SIGTERM; returns the exit code. Raises if it does not exit within `timeout`."""
        if self.proc is None:
            return None
        code = self.proc.terminate(timeout)
        if code is None:
            raise AssertionError(f"herald did not exit within {timeout:g}s of SIGTERM "
                                 "(killed it)")
        return code

    def kill9(self):
        if self.proc is not None:
            self.proc.kill9()

    def restart(self, hard: bool = False):
        if hard:
            self.kill9()
        else:
            self.stop()
        return self.start()

    def alive(self) -> bool:
        return self.proc is not None and self.proc.alive()

    # CLI -------------------------------------------------------------------------------------

    def cli(self, *args, stdin: bytes | None = None, config: bool = True, timeout: float = 60.0):
        """Run `herald ARGS --config FILE`; returns (exit code, stdout, stderr)."""
        argv = [self.binary, *args] + (["--config", str(self.config)] if config else [])
        r = subprocess.run(argv, input=stdin, capture_output=True, timeout=timeout,
                           cwd=self.run.dir, env=_clean_env())
        return r.returncode, r.stdout.decode(errors="replace"), r.stderr.decode(errors="replace")

    def store_add(self, slug: str, name: str | None = None, country: str | None = None,
                  locale: str | None = None, owner_email: str | None = None,
                  webhook_secret: str | None = None) -> str:
        args = ["store", "add", slug]
        for flag, v in (("--name", name), ("--country", country), ("--locale", locale),
                        ("--owner-email", owner_email), ("--webhook-secret", webhook_secret)):
            if v is not None:
                args += [flag, v]
        code, out, err = self.cli(*args)
        if code != 0:
            raise AssertionError(f"herald {' '.join(args)} exited {code}: {err.strip()}")
        lines = [ln for ln in out.splitlines() if ln.strip()]
        assert len(lines) == 1, f"herald store add printed {len(lines)} lines, want one: {out!r}"
        obj = json.loads(lines[0])
        assert obj.get("store") == slug, f"store add answered {obj!r}"
        key = obj.get("api_key")
        assert isinstance(key, str) and key, f"store add gave no api_key: {obj!r}"
        return key

    def client(self, key: str | None) -> Api:
        return Api(self.base, key)

    # the database, for what no API shows (what an older version wrote, a secret) -------------

    def sql(self, statement: str, params=()) -> list[tuple]:
        """Runs one SQL statement (`?` placeholders) on this Herald's database, SQLite or
        PostgreSQL; answers its rows. Both schemas have the same tables and columns."""
        url = self.storage_url
        if url.startswith("sqlite://"):
            db = sqlite3.connect(url[len("sqlite://"):], timeout=30)
            try:
                with db:
                    return [tuple(r) for r in db.execute(statement, params)]
            finally:
                db.close()
        return self.run.pg.query(url.rsplit("/", 1)[1], statement, params)

    def stored_text(self) -> str:
        """Everything the database holds (the SQLite files with their journal, or a dump of the
        PostgreSQL database), to look for what must never be stored in clear."""
        if self.storage_url.startswith("sqlite://"):
            path = Path(self.storage_url[len("sqlite://"):])
            return "".join(f.read_bytes().decode("latin-1")
                           for f in path.parent.glob(path.name + "*"))
        return self.run.pg.dump(self.storage_url.rsplit("/", 1)[1])


# --------------------------------------------------------------------------------------------
# test run + case runner


class Run:
    """One test script's run: its temp dir, its processes, its outcome."""

    def __init__(self, name: str, args):
        self.name, self.args = name, args
        self.dir = Path(tempfile.mkdtemp(prefix=f"herald-it-{name}-"))
        self.procs: list[Proc] = []
        self.herald: Herald | None = None
        self.failed = False
        self.pg: PostgresServer | None = None
        self.pg_databases = 0
        # Run after every process has stopped, before the directory goes (e.g. an unmount).
        self.cleanups: list = []

    def smtp(self, **kw) -> SmtpServer:
        return SmtpServer(self, **kw)

    def test_oms(self) -> TestOms:
        return TestOms(self)

    def kannel(self, start: bool = True) -> Kannel:
        return Kannel(self, start)

    def storage_url(self, sqlite_path: Path) -> str:
        """SQLite at `sqlite_path`, or with HERALD_IT_BACKEND=postgresql a fresh database on
        the run's PostgreSQL (started on first use): the same checks on either backend."""
        if os.environ.get("HERALD_IT_BACKEND", "sqlite") != "postgresql":
            return f"sqlite://{sqlite_path}"
        if self.pg is None:
            self.pg = self.postgres()
        self.pg_databases += 1
        return self.pg.create_database(f"herald{self.pg_databases}")

    def postgres(self) -> PostgresServer:
        """A PostgreSQL 15 on loopback, stopped and removed with the run (fails loudly)."""
        try:
            server = PostgresServer().start()
        except PostgresError as e:
            raise HarnessError(str(e)) from e
        server.name = "postgres"
        server.close = server.stop
        self.procs.append(server)
        return server

    def start_herald(self, smtp=None, kannel=None, overrides=None) -> Herald:
        return Herald(self, self.args.herald, smtp, kannel, overrides).start()

    def close(self):
        for p in reversed(self.procs):
            try:
                p.close()
            except Exception as e:  # noqa: BLE001
                print(f"warning: stopping {p.name}: {e!r}", file=sys.stderr)
        for cleanup in reversed(self.cleanups):
            try:
                cleanup()
            except Exception as e:  # noqa: BLE001
                print(f"warning: cleanup: {e!r}", file=sys.stderr)
        if self.failed or self.args.keep:
            print(f"\n*** test directory kept: {self.dir}", file=sys.stderr)
            if self.herald is not None and self.failed:
                print(f"*** herald log ({self.herald.log}), last 300 lines:", file=sys.stderr)
                print(tail(self.herald.log, 300), file=sys.stderr)
        else:
            shutil.rmtree(self.dir, ignore_errors=True)


def parse_args(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--herald", default=os.environ.get("HERALD_BIN", "build/herald"),
                    help="path to the herald binary")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir even on success")
    ap.add_argument("--case", action="append", default=[],
                    help="run only the named case(s) (substring match)")
    args = ap.parse_args(argv)
    args.herald = str(Path(args.herald).resolve())
    if not os.access(args.herald, os.X_OK):
        ap.error(f"herald binary {args.herald} is missing or not executable")
    return args


def main(name: str, setup, cases, argv=None) -> None:
    """Run `setup(run) -> ctx`, then every case(ctx); exit 0 only when all passed."""
    args = parse_args(argv)
    run = Run(name, args)
    results = []
    try:
        try:
            ctx = setup(run)
        except Exception:  # noqa: BLE001
            run.failed = True
            print(f"FAIL {name}: setup failed:\n{traceback.format_exc()}", file=sys.stderr)
            results.append(("setup", False))
            ctx = None
        if ctx is not None or not run.failed:
            selected = [c for c in cases
                        if not args.case or any(s in c.__name__ for s in args.case)]
            for case in selected:
                t0 = time.monotonic()
                print(f"--- {case.__name__}", flush=True)
                try:
                    case(ctx)
                    print(f"PASS {case.__name__} ({time.monotonic() - t0:.1f}s)", flush=True)
                    results.append((case.__name__, True))
                except Exception as e:  # noqa: BLE001
                    run.failed = True
                    results.append((case.__name__, False))
                    kind = "" if isinstance(e, AssertionError) else f"{type(e).__name__}: "
                    print(f"FAIL {case.__name__} ({time.monotonic() - t0:.1f}s): {kind}{e}",
                          flush=True)
                    traceback.print_exc(file=sys.stdout)
                    if run.herald is not None and run.herald.proc is not None \
                            and not run.herald.alive():
                        print(f"!!! herald is not running (exit code "
                              f"{run.herald.proc.returncode()})", flush=True)
    finally:
        run.close()
    failed = [n for n, ok in results if not ok]
    print(f"\n{name}: {len(results) - len(failed)} passed, {len(failed)} failed"
          + (f": {', '.join(failed)}" if failed else ""), flush=True)
    sys.exit(1 if failed else 0)
