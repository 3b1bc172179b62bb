#!/usr/bin/python3
"""An SMS sent while Kannel is not ready is not lost. Real Kannel: smsbox opens its sendsms
port before it has connected to bearerbox, and a sendsms in that window makes it PANIC without
answering. The test holds that window open (bearerbox's box port listens but accepts nobody,
so smsbox's connect hangs), lets Herald send into it, then starts Kannel for real and waits for
its readiness: the SMS is deferred with a reason that says so, and sent exactly once later."""

import socket
import sys
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402
from common import event  # noqa: E402

TEXT = "Your order ORD-K1 is on its way"


class NotAccepting:
    """A listening port whose accept queue is full: a connect() to it hangs (the SYN is
    dropped), as it does to a bearerbox that is not yet accepting boxes."""

    def __init__(self, port: int):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(0)
        self.fill = []
        for _ in range(3):
            c = socket.socket()
            c.setblocking(False)
            try:
                c.connect(("127.0.0.1", port))
            except BlockingIOError:
                pass
            self.fill.append(c)

    def close(self):
        for c in self.fill:
            c.close()
        self.sock.close()


def setup(run):
    kannel = run.kannel(start=False)
    herald = h.Herald(run, run.args.herald, None, kannel, overrides={
        "workers": {"retry_initial_seconds": 1, "retry_max_seconds": 1, "max_attempts": 200}})
    herald.start()
    key = herald.store_add("smsshop", name="SMS Shop", country="NO")
    api = herald.client(key)
    api.put_template("OUT_FOR_DELIVERY", {"channel": "sms", "locale": "en",
                                          "sms": "Your order {{order.id}} is on its way"})
    return SimpleNamespace(run=run, kannel=kannel, herald=herald, api=api)


def case_sms_in_the_window_is_deferred_then_sent_once(ctx):
    kannel, api = ctx.kannel, ctx.api
    hold = NotAccepting(kannel.smsbox_port)
    try:
        smsbox = kannel.start_smsbox()
        s, b = api.post("/v1/events", event("evt-k1", order_id="ORD-K1",
                                            phone="+47 900 00 001", locale="en"))
        assert s == 202, f"{s} {b!r}"
        mid = b["messages"][0]["id"]
        # Herald's sendsms reached smsbox in its window: smsbox panicked without answering.
        h.wait_for(lambda: not smsbox.alive(), what="smsbox to stop on the early sendsms")
        log = h.tail(kannel.dir / "smsbox.log", 400)
        assert "sendsms used by" in log and "PANIC" in log, log[-3000:]

        def deferred_for_kannel():
            m = api.message(mid)
            d = [e for e in m["events"] if e.get("type") == "deferred"]
            return d if m["status"] == "deferred" and d else None
        deferred = h.wait_for(deferred_for_kannel, what="the SMS deferred")
        assert deferred[0].get("reason") == "networkerror", deferred[0]
        detail = deferred[0].get("detail") or ""
        assert "not yet connected to bearerbox" in detail, deferred[0]
        assert not kannel.sms(), "nothing can have reached the SMSC yet"
    finally:
        hold.close()

    kannel.start()  # waits for real readiness: smsbox on-line, SMSC online, a probe delivered
    m = api.wait_status(mid, {"sent", "delivered"}, timeout=60)
    got = kannel.wait_sms(lambda s: s.text == TEXT, what="the deferred SMS")
    assert len(got) == 1, f"sent {len(got)} times: {got}"
    assert h.digits_e164(got[0].receiver) == "4790000001", got[0]
    kinds = [e.get("type") for e in api.message(mid)["events"]]
    assert kinds.index("deferred") < kinds.index("sent"), kinds
    assert m["status"] in ("sent", "delivered")


if __name__ == "__main__":
    h.main("sms_gateway_not_ready", setup, [case_sms_in_the_window_is_deferred_then_sent_once])
