#!/usr/bin/python3
"""A relay that accepts TCP connections and never greets: after a few sessions that time out
waiting for the greeting, Herald counts the relay as down and defers its messages at once, with
the reason on each message's timeline; once a working relay answers on that address, a probe
after the cool-down finds it and every message is sent."""

import socket
import sys
import threading
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402
from common import event  # noqa: E402

N_MESSAGES = 20
SESSIONS = 2  # [email] connections in the harness's config
BREAKER_FAILURES = 3
SETTLE_TIMEOUT = 90.0  # generous: this is no speed test


class SilentRelay:
    """Accepts TCP connections on 127.0.0.1, counts them, and never sends a byte."""

    def __init__(self):
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            with self.lock:
                self.accepted.append(conn)

    @property
    def connections(self) -> int:
        with self.lock:
            return len(self.accepted)

    def stop(self):
        # shutdown wakes the thread blocked in accept(); close alone leaves the port bound
        try:
            self.listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.listener.close()
        with self.lock:
            for conn in self.accepted:
                conn.close()


def setup(run):
    silent = SilentRelay()
    herald = run.start_herald(overrides={
        "email": {"smtp_url": f"smtp://127.0.0.1:{silent.port}",
                  "connect_timeout_seconds": 5, "greeting_timeout_seconds": 1,
                  "breaker_failures": BREAKER_FAILURES, "breaker_cooldown_seconds": 10},
        # a relay that is down must not use up a message's attempts in this test
        "workers": {"max_attempts": 100}})
    api = herald.client(herald.store_add("silent", country="NO", locale="nb-NO"))
    api.put_template("ORDER_PLACED", {"channel": "email", "locale": "nb-NO",
                                      "subject": "Order {{order.id}} received",
                                      "text": "Order {{order.id}}"})
    return SimpleNamespace(run=run, silent=silent, herald=herald, api=api, ids=[])


def timeline_details(m, kind):
    return [e for e in m.get("events") or [] if e.get("type") == kind or e.get("status") == kind]


def case_silent_relay_defers_every_message_without_waiting_for_each(ctx):
    for i in range(N_MESSAGES):
        s, b = ctx.api.post("/v1/events", event(f"evt-silent-{i:02d}", "ORDER_PLACED",
                                                f"SR-{i:02d}", id=f"C-{i}", name="Kari",
                                                email=f"kari{i:02d}@test.no", locale="nb-NO"))
        assert s == 202, f"POST /v1/events {i}: {s} {b!r}"
        ctx.ids += [m["id"] for m in b["messages"] if m["channel"] == "email"]
    assert len(ctx.ids) == N_MESSAGES, f"want {N_MESSAGES} email messages, got {ctx.ids}"

    def all_deferred():
        return all(ctx.api.message(mid)["status"] == "deferred" for mid in ctx.ids)
    h.wait_for(all_deferred, SETTLE_TIMEOUT, 0.2, what=f"all {N_MESSAGES} messages deferred")
    connections = ctx.silent.connections
    probes = Path(ctx.herald.log).read_text(errors="replace").count("trying it again")
    print(f"{N_MESSAGES} messages deferred after {connections} connections to the silent relay "
          f"({probes} probes after a cool-down)", flush=True)
    # Each message that waited for a greeting cost a connection. Once the relay counts as down
    # no message waits: only the sessions already opening then, and one probe per cool-down.
    assert connections <= BREAKER_FAILURES + SESSIONS - 1 + probes, \
        f"{connections} connections for {N_MESSAGES} messages: messages still wait for the greeting"

    not_tried, timed_out = 0, 0
    for mid in ctx.ids:
        deferred = timeline_details(ctx.api.message(mid), "deferred")
        assert deferred, f"{mid}: no deferred event on the timeline"
        for e in deferred:
            assert e.get("reason") == "networkerror", f"{mid}: reason of {e!r}"
            assert "will retry" in (e.get("description") or ""), f"{mid}: {e!r}"
        details = [e.get("detail") or "" for e in deferred]
        not_tried += any("not tried: relay smtp://127.0.0.1:" in d and " is down after " in d
                         for d in details)
        timed_out += any("relay sent no greeting within 1 s" in d for d in details)
    assert timed_out >= 1, "no timeline says the relay sent no greeting within the timeout"
    assert not_tried >= N_MESSAGES - connections, \
        f"only {not_tried} messages say they were not tried because the relay is down"


def case_a_working_relay_gets_them_all_after_the_cooldown(ctx):
    assert ctx.ids, "needs the first case"
    port = ctx.silent.port
    ctx.silent.stop()
    smtp = h.SmtpServer(ctx.run, port=port)
    mails = smtp.wait_mails(lambda m: "received" in m.subject, N_MESSAGES, SETTLE_TIMEOUT,
                            what="mail for every deferred message")
    for mid in ctx.ids:
        m = ctx.api.wait_status(mid, "sent", SETTLE_TIMEOUT)
        kinds = [e.get("type") for e in m.get("events") or []]
        assert "deferred" in kinds and kinds.index("deferred") < kinds.index("sent"), \
            f"{mid}: want deferred before sent, got {kinds}"
    subjects = [m.subject for m in smtp.mails()]
    assert len(subjects) == len(set(subjects)) == N_MESSAGES, \
        f"want each of {N_MESSAGES} mails once, got {len(subjects)} ({len(set(subjects))} distinct)"
    assert len(mails) == N_MESSAGES


CASES = [case_silent_relay_defers_every_message_without_waiting_for_each,
         case_a_working_relay_gets_them_all_after_the_cooldown]

if __name__ == "__main__":
    h.main("silent_relay", setup, CASES)
