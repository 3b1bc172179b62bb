#!/usr/bin/python3
"""End to end with a real Postfix as Herald's relay: the next hop rejects a recipient,
Postfix writes the DSN itself and pipes it to `herald bounce ingest`, and the log then says
`bounced` with the reason in plain words. A recipient the next hop accepts stays `sent`."""

import sys
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402
from common import event  # noqa: E402
from postfix_relay import ENVELOPE_DOMAIN, Postfix  # noqa: E402


def setup(run):
    next_hop = run.smtp(name="nexthop")
    relay_port = h.free_port()
    herald = h.Herald(run, run.args.herald, overrides={
        "email": {"smtp_url": f"smtp://127.0.0.1:{relay_port}",
                  "default_from": f"shop@{ENVELOPE_DOMAIN}"}})
    herald.start()
    api = herald.client(herald.store_add("pfx", country="NO", locale="en"))
    api.put_template("ORDER_PLACED", {"channel": "email", "locale": "en",
                                      "subject": "Order {{order.number}}", "text": "Thanks"})
    postfix = Postfix(run, relay_port, next_hop.port, herald)
    return SimpleNamespace(run=run, next_hop=next_hop, herald=herald, api=api, postfix=postfix)


def send(ctx, eid, email):
    s, b = ctx.api.post("/v1/events", event(eid, "ORDER_PLACED", "O-" + eid, email=email))
    assert s == 202, (s, b)
    return b["messages"][0]["id"]


def case_rejected_recipient_bounces_through_postfix_dsn(ctx):
    good = send(ctx, "evt-pf-ok", "sara.pf@shop.test")
    bad = send(ctx, "evt-pf-bad", "unknown.pf@shop.test")
    # Postfix accepted both for relaying, so Herald first records them as sent.
    ctx.api.wait_status(good, ["sent"])
    ctx.next_hop.wait_mail_to("sara.pf@shop.test")
    try:
        msg = ctx.api.wait_status(bad, ["bounced"], timeout=60)
    except AssertionError as e:
        raise AssertionError(f"{e}\nPostfix log:\n{ctx.postfix.log_tail()}") from e
    bounced = [e for e in msg["events"] if e["type"] == "bounced"]
    assert bounced, msg["events"]
    ev = bounced[-1]
    assert ev["reason"] == "userunknown", ev
    assert ev["enhanced_code"] == "5.1.1", ev
    assert "does not exist" in ev["description"].lower(), ev
    assert msg["fail_count"] == 1, msg
    # The DSN came from Postfix's own bounce daemon through the pipe, not from a test fixture.
    def piped():
        log = (ctx.postfix.dir / "maillog").read_text(errors="replace")
        return any("relay=heraldbounce" in ln and "status=sent" in ln for ln in log.splitlines())
    h.wait_for(piped, what="Postfix's log of the DSN piped to herald bounce ingest")
    assert ctx.api.message(good)["status"] == "sent"
    s, b = ctx.api.get("/v1/suppressions", params={"address": "unknown.pf@shop.test"})
    assert s == 200 and b["items"], f"hard bounce did not suppress the address: {b}"


CASES = [case_rejected_recipient_bounces_through_postfix_dsn]

if __name__ == "__main__":
    h.main("postfix_dsn", setup, CASES)
