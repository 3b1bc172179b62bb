#!/usr/bin/python3
"""`make run` on a fresh machine: scripts/run.sh with no configuration fills the demo, starts
`herald serve` on the embedded default and captures email and SMS. The README's example is
`sent` in the API, readable in the pages, and nothing connects to the default relay
(127.0.0.1:25) or SMS gateway (127.0.0.1:13013), where this test listens to see."""

import json
import re
import socket
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402
from common import CONTRACT_EVENT  # noqa: E402

RUN_SH = h.REPO_ROOT / "scripts" / "run.sh"
# The embedded default's relay and gateway (contract §2).
DEFAULT_RELAYS = {"smtp": 25, "sendsms": 13013}


class Listener:
    """Accepts on a port and counts who connected; answers nothing."""

    def __init__(self, port: int):
        self.port, self.connections = port, 0
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            self.sock.bind(("127.0.0.1", port))
        except OSError as e:
            raise h.HarnessError(f"cannot listen on 127.0.0.1:{port} to watch for relay "
                                 f"connections: {e}") from e
        self.sock.listen(16)
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def setup(run):
    listeners = {name: Listener(port) for name, port in DEFAULT_RELAYS.items()}
    run.cleanups.append(lambda: [lst.sock.close() for lst in listeners.values()])
    port = h.free_port()
    base = f"http://127.0.0.1:{port}"
    env = h._clean_env()
    env.update({"HERALD_HOME": str(run.dir), "HERALD_BIN": run.args.herald,
                "HERALD_SERVER_LISTEN": f"127.0.0.1:{port}", "HERALD_SERVER_PUBLIC_URL": base})
    log = run.dir / "run.log"
    proc = h.Proc(run, "run.sh", ["/bin/bash", str(RUN_SH)], log, cwd=run.dir, env=env)
    api = h.Api(base)

    def healthy():
        if not proc.alive():
            raise h.HarnessError(f"run.sh exited {proc.returncode()}:\n{h.tail(log, 60)}")
        try:
            return api.get("/healthz", timeout=5)[0] == 200
        except OSError:
            return False
    h.wait_for(healthy, 300, 0.2, what="run.sh to start herald serve")
    return SimpleNamespace(run=run, proc=proc, log=log, api=api, base=base, env=env,
                           listeners=listeners, cookie=None)


def cli(ctx, *args):
    import subprocess
    r = subprocess.run([ctx.run.args.herald, *args], cwd=ctx.run.dir, env=ctx.env,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, f"herald {' '.join(args)}: {r.returncode} {r.stderr}"
    return r.stdout


def login(ctx):
    email, password = (ctx.run.dir / "herald-data" / "admin-password.txt").read_text().split()
    data = urllib.parse.urlencode({"email": email, "password": password, "next": "/ui"})
    req = urllib.request.Request(ctx.base + "/ui/login", data=data.encode(),
                                 headers={"Origin": ctx.base})
    try:
        urllib.request.build_opener(NoRedirect).open(req, timeout=30)
        raise AssertionError("login answered without a redirect")
    except urllib.error.HTTPError as e:
        assert e.code == 303, f"login: {e.code}"
        ctx.cookie = e.headers.get("Set-Cookie", "").split(";")[0]


def page(ctx, path, form=None):
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    req = urllib.request.Request(ctx.base + path, data=data,
                                 headers={"Cookie": ctx.cookie, "Origin": ctx.base})
    try:
        with urllib.request.build_opener(NoRedirect).open(req, timeout=30) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def case_startup_says_what_it_does(ctx):
    out = h.tail(ctx.log, 400)
    assert "email: capture (nothing leaves this machine" in out, out[-3000:]
    assert "sms: capture (nothing leaves this machine" in out, out[-3000:]


def case_demo_leaves_nothing_queued(ctx):
    s, metrics = ctx.api.get("/metrics")
    assert s == 200, metrics
    depth = re.search(r"^herald_queue_depth (\d+)", metrics, re.M)
    assert depth and depth.group(1) == "0", f"demo left messages to send: {depth and depth[0]}"
    waiting = re.findall(r'herald_messages\{channel="\w+",status="(queued|deferred)"\} (\d+)',
                         metrics)
    assert not [n for _, n in waiting if n != "0"], f"demo messages still waiting: {waiting}"


def case_readme_example_is_sent_and_readable(ctx):
    out = cli(ctx, "store", "add", "myshop", "--country", "NO", "--locale", "nb-NO")
    api = h.Api(ctx.base, json.loads(out)["api_key"])
    api.put_template("OUT_FOR_DELIVERY", {"channel": "sms", "locale": "nb",
                                          "sms": "Hei {{customer.name}}, ordren er på vei"})
    api.put_template("OUT_FOR_DELIVERY", {"channel": "email", "locale": "nb",
                                          "subject": "Ordre {{order.number}} er på vei",
                                          "text": "Hei {{customer.name}}, pakken kommer i dag."})
    s, b = api.post("/v1/events", CONTRACT_EVENT)
    assert s == 202, f"{s} {b!r}"
    ids = {m["channel"]: m["id"] for m in b["messages"]}
    assert set(ids) == {"email", "sms"}, b
    sms = api.wait_status(ids["sms"], "sent")
    email = api.wait_status(ids["email"], "sent")
    assert [m["id"] for m in api.messages(number="90000000")] == [ids["sms"]]
    detail = api.message(ids["sms"])
    assert detail["content"]["sms"] == "Hei Sara, ordren er på vei", detail["content"]
    assert any("captured" in (e.get("detail") or e.get("description") or "")
               for e in detail["events"]), detail["events"]
    mail = api.message(ids["email"])
    assert mail["content"]["subject"] == "Ordre KRT-1001 er på vei", mail["content"]
    assert f"Message-ID: <{ids['email']}@" in mail["content"]["headers"], mail["content"]

    login(ctx)
    s, dashboard = page(ctx, "/ui")
    assert s == 200, s
    csrf = re.search(r'name="csrf" value="([^"]+)"', dashboard).group(1)
    store_ids = [int(x) for x in re.findall(r'<option value="(\d+)"', dashboard)]
    s, _ = page(ctx, "/ui/store", {"csrf": csrf, "store": str(max(store_ids))})
    assert s == 303, f"switching store: {s}"
    s, text = page(ctx, f"/ui/messages/{ids['sms']}")
    assert s == 200 and "Hei Sara, ordren er på vei" in text, f"{s} {text[-2000:]}"
    assert re.search(r'id="status">sent<', text), text[-2000:]
    s, text = page(ctx, f"/ui/messages/{ids['email']}?tab=text")
    assert s == 200 and "pakken kommer i dag" in text, f"{s} {text[-2000:]}"
    assert sms["status"] == email["status"] == "sent"


def case_nothing_connected_to_a_relay(ctx):
    seen = {name: lst.connections for name, lst in ctx.listeners.items()}
    assert not any(seen.values()), f"connections to the default relay/gateway: {seen}"
    out = h.tail(ctx.log, 2000)
    assert "delivery:" not in out, [ln for ln in out.splitlines() if "delivery:" in ln][:5]


CASES = [case_startup_says_what_it_does, case_demo_leaves_nothing_queued,
         case_readme_example_is_sent_and_readable, case_nothing_connected_to_a_relay]

if __name__ == "__main__":
    h.main("first_run", setup, CASES)
