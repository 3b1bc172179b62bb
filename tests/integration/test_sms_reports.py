#!/usr/bin/python3
"""Kannel delivery reports are signed: the dlr-url Herald gives Kannel carries a per-message
token, and a report without the right one is refused and changes nothing."""

import sys
import urllib.parse
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402
from common import by_channel, contract_event, kannel_report_sig  # noqa: E402


def setup(run):
    smtp = run.smtp()
    kannel = run.kannel()
    herald = run.start_herald(smtp, kannel)
    api = herald.client(herald.store_add("smsshop", country="NO", locale="nb-NO"))
    api.put_template("OUT_FOR_DELIVERY", {"channel": "email", "locale": "nb-NO",
                                          "subject": "Ordre {{order.number}}",
                                          "html": "<p>{{order.number}}</p>",
                                          "text": "{{order.number}}"})
    api.put_template("OUT_FOR_DELIVERY", {"channel": "sms", "locale": "nb",
                                          "sms": "Ordre {{order.number}} er på vei"})
    status, body = api.post("/v1/events", contract_event())
    assert status == 202, f"POST /v1/events: {status} {body!r}"
    ch = by_channel(body)
    ids = SimpleNamespace(sms=ch["sms"][0]["id"], email=ch["email"][0]["id"])
    return SimpleNamespace(run=run, smtp=smtp, kannel=kannel, herald=herald, api=api, ids=ids)


def report(ctx, query: dict):
    """GET the Kannel callback as anyone on the network could."""
    return h.Api(ctx.herald.base).get("/v1/providers/kannel/events?" +
                                      urllib.parse.urlencode(query))


def state(ctx, mid: str):
    m = ctx.api.message(mid)
    return m.get("status"), len(m.get("events") or [])


def case_genuine_reports_from_kannel_are_recorded(ctx):
    ctx.kannel.wait_sms(what="the SMS")
    # bearerbox reports the fake SMSC's acknowledgement (type 8) and the fake handset's
    # delivery (type 1) on the signed dlr-url Herald gave it.
    # (The status is not asserted: Kannel can report before Herald has recorded the send.)
    def both_recorded():
        m = ctx.api.message(ctx.ids.sms)
        details = [e.get("detail") or "" for e in m.get("events") or []]
        return m if any(d.startswith("Accepted by the SMS centre") for d in details) and \
            any(d.startswith("Delivered to the phone") for d in details) else None
    h.wait_for(both_recorded, what="Kannel's two reports in the SMS timeline")
    refused = [ln for ln in ctx.herald.log.read_text(errors="replace").splitlines()
               if "/v1/providers/kannel/events -> 4" in ln]
    assert not refused, f"Herald refused a report Kannel sent: {refused}"


def case_forged_reports_are_refused(ctx):
    ctx.api.wait_status(ctx.ids.email, "sent")
    before = {mid: state(ctx, mid) for mid in (ctx.ids.sms, ctx.ids.email)}
    forged = [
        {"id": ctx.ids.sms, "type": "16", "answer": "forged"},
        {"id": ctx.ids.sms, "sig": "", "type": "16"},
        {"id": ctx.ids.sms, "sig": "AAAAAAAAAAAAAAAAAAAAAA", "type": "16"},
        {"id": ctx.ids.sms, "sig": "not base64 !", "type": "2"},
        # the id every recipient can read in the mail's headers
        {"id": ctx.ids.email, "type": "16", "answer": "forged"},
        {"id": ctx.ids.email, "sig": "AAAAAAAAAAAAAAAAAAAAAA", "type": "2"},
    ]
    for q in forged:
        status, body = report(ctx, q)
        assert status == 404 and isinstance(body, dict) and body.get("field") == "sig", \
            f"forged report {q}: want 404 naming sig, got {status} {body!r}"
    after = {mid: state(ctx, mid) for mid in before}
    assert after == before, f"forged reports changed messages: {before} -> {after}"


def case_documented_token_of_another_message_is_refused(ctx):
    """The token is the one docs/CONTRACT.md describes; it only fits its own message."""
    sig = kannel_report_sig(ctx.herald, ctx.ids.sms)
    before = state(ctx, ctx.ids.email)
    status, body = report(ctx, {"id": ctx.ids.email, "sig": sig, "type": "16"})
    assert status == 404, f"the SMS's token on the email's id: {status} {body!r}"
    assert state(ctx, ctx.ids.email) == before
    status, body = report(ctx, {"id": ctx.ids.sms, "sig": sig, "type": "2",
                                "answer": "id:1 stat:UNDELIV err:001"})
    assert status == 200 and body.get("matched") == 1, f"signed report: {status} {body!r}"
    ctx.api.wait_status(ctx.ids.sms, "undelivered")


CASES = [case_genuine_reports_from_kannel_are_recorded, case_forged_reports_are_refused,
         case_documented_token_of_another_message_is_refused]

if __name__ == "__main__":
    h.main("sms_reports", setup, CASES)
