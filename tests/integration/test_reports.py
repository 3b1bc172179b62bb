#!/usr/bin/python3
"""After sending (contract §6): Kannel delivery reports, opens and clicks, provider webhooks."""

import hashlib
import hmac
import json
import secrets
import re
import sys
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402
from common import event, kannel_report_sig  # noqa: E402

MAILGUN_KEY = "key-herald-test-signing"
PROVIDERS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "providers"
SNS_DATA = Path(__file__).resolve().parents[1] / "tracking" / "data" / "sns"
SNS_CERT = SNS_DATA / "SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem"


def setup(run):
    smtp = run.smtp()
    kannel = run.kannel()
    herald = run.start_herald(smtp, kannel, overrides={
        "providers": {"mailgun_signing_key": MAILGUN_KEY, "postmark_username": "pm",
                      "postmark_password": "secret", "sns_certificate_file": str(SNS_CERT)}})
    api = herald.client(herald.store_add("rep", country="NO", locale="en"))
    api.put_template("ORDER_PLACED", {
        "channel": "email", "locale": "en", "subject": "Order {{order.number}}",
        "html": '<html><body><p>Hi {{customer.name}}</p>'
                '<a href="https://shop.example/orders/{{order.number}}?a=1&amp;b=2">Your order</a>'
                '</body></html>',
        "text": "Hi {{customer.name}}"})
    api.put_template("ORDER_PLACED", {"channel": "sms", "locale": "en",
                                      "sms": "Order {{order.number}} received"})
    return SimpleNamespace(run=run, smtp=smtp, kannel=kannel, herald=herald, api=api)


def no_redirect_get(url):
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **kw):
            return None
    opener = urllib.request.build_opener(NoRedirect)
    try:
        r = opener.open(url, timeout=10)
        return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def send_email(ctx, eid, email):
    s, b = ctx.api.post("/v1/events", event(eid, "ORDER_PLACED", "O-" + eid, number="K-" + eid,
                                            name="Sara", email=email))
    assert s == 202, f"{s} {b!r}"
    mid = [m["id"] for m in b["messages"] if m["channel"] == "email"][0]
    mail = ctx.smtp.wait_mail_to(email)
    return mid, mail


def case_kannel_delivery_report(ctx):
    s, b = ctx.api.post("/v1/events", event("evt-k1", "ORDER_PLACED", "O-K1", name="Ola",
                                            phone="+47 911 11 111"))
    mid = [m["id"] for m in b["messages"] if m["channel"] == "sms"][0]
    ctx.kannel.wait_sms(lambda s: "O-K1" in s.text or "K1" in s.text)
    ctx.api.wait_status(mid, ["sent", "delivered"])
    # Kannel calls the dlr-url Herald gave it (SMSC ack at least, dlr-mask 31)
    h.wait_for(lambda: len(ctx.api.message(mid)["events"]) > 2, what="a Kannel report")
    # the handset's delivery report, as Kannel sends it (GET on the signed dlr-url, %d = 1)
    sig = kannel_report_sig(ctx.herald, mid)
    s, b = ctx.api.get("/v1/providers/kannel/events",
                       params={"id": mid, "sig": sig, "type": "1", "answer": "ACK/",
                               "at": str(int(time.time()))})
    assert s == 200, f"{s} {b!r}"
    m = ctx.api.message(mid)
    assert m["status"] == "delivered", m
    assert any(e["type"] == "delivered" and e["description"] for e in m["events"]), m["events"]
    s, b = ctx.api.get("/v1/providers/kannel/events", params={"id": mid, "sig": sig,
                                                              "type": "2",
                                                              "answer": "NACK/0x0000000b"})
    m = ctx.api.message(mid)
    assert m["status"] == "undelivered" and m["fail_count"] == 1, m


def case_opens_and_clicks(ctx):
    mid, mail = send_email(ctx, "evt-t1", "track@test.no")
    html = mail.html or ""
    clicks = re.findall(r'href="(http://127\.0\.0\.1:\d+/t/c/[^"]+)"', html)
    pixels = re.findall(r'src="(http://127\.0\.0\.1:\d+/t/o/[^"]+)"', html)
    assert clicks and pixels, f"no tracking in the sent HTML: {html!r}"
    # the log keeps the HTML exactly as sent (recorded with the outcome, which may come just
    # after the mail arrived); reading the message does not count as an open
    stored = ctx.api.wait_status(mid, ["sent"])
    assert "/t/o/" in stored["content"]["html"], stored["content"]["html"]
    assert ctx.api.message(mid)["status"] == "sent", stored
    status, headers, body = no_redirect_get(pixels[0])
    assert status == 200 and headers.get("Content-Type") == "image/gif", (status, headers)
    assert ctx.api.message(mid)["status"] == "opened"
    status, headers, _ = no_redirect_get(clicks[0])
    assert status == 302, status
    assert headers.get("Location") == "https://shop.example/orders/K-evt-t1?a=1&b=2", headers
    m = ctx.api.message(mid)
    assert m["status"] == "clicked", m
    click = [e for e in m["events"] if e["type"] == "clicked"][0]
    assert "shop.example/orders" in click["description"], click
    # forged and altered tokens: 404, never a redirect
    token = clicks[0].rsplit("/", 1)[1]
    altered = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    for bad in (altered, "x" + token, token[:10], "not-a-token"):
        status, headers, _ = no_redirect_get(f"{ctx.herald.base}/t/c/{bad}")
        assert status == 404 and "Location" not in headers, (bad, status, headers)
    status, _, _ = no_redirect_get(f"{ctx.herald.base}/t/o/{altered}")
    assert status == 404


def mailgun_payload(name, herald_id, key=MAILGUN_KEY, ts=None, token=None):
    body = json.loads((PROVIDERS / "mailgun" / name).read_text())
    body["event-data"].setdefault("user-variables", {})["herald_id"] = herald_id
    ts = ts or str(int(time.time()))
    token = token or secrets.token_hex(25)
    sig = hmac.new(key.encode(), (ts + token).encode(), hashlib.sha256).hexdigest()
    body["signature"] = {"timestamp": ts, "token": token, "signature": sig}
    return body


def case_mailgun_webhook(ctx):
    mid, _ = send_email(ctx, "evt-mg1", "mg@test.no")
    s, b = ctx.api.post("/v1/providers/mailgun/events", mailgun_payload("delivered.json", mid))
    assert s == 200 and b.get("matched") == 1, f"{s} {b!r}"
    assert ctx.api.message(mid)["status"] == "delivered"
    s, b = ctx.api.post("/v1/providers/mailgun/events",
                        mailgun_payload("failed_permanent.json", mid))
    assert s == 200, f"{s} {b!r}"
    m = ctx.api.message(mid)
    assert m["status"] == "bounced" and m["fail_count"] == 1, m
    bounce = [e for e in m["events"] if e["type"] == "bounced"][-1]
    assert bounce["reason"] and bounce["description"], bounce
    forged = mailgun_payload("delivered.json", mid, key="wrong-key")
    s, b = ctx.api.post("/v1/providers/mailgun/events", forged)
    assert s == 401, f"forged Mailgun signature: want 401, got {s} {b!r}"
    # Replay protection: the same signed request twice, or one signed an hour ago, is refused.
    fresh = mailgun_payload("opened.json", mid)
    s, b = ctx.api.post("/v1/providers/mailgun/events", fresh)
    assert s == 200, f"{s} {b!r}"
    s, b = ctx.api.post("/v1/providers/mailgun/events", fresh)
    assert s == 401, f"replayed Mailgun request: want 401, got {s} {b!r}"
    stale = mailgun_payload("opened.json", mid, ts=str(int(time.time()) - 3600))
    s, b = ctx.api.post("/v1/providers/mailgun/events", stale)
    assert s == 401, f"Mailgun request signed an hour ago: want 401, got {s} {b!r}"


def case_postmark_needs_credentials(ctx):
    body = json.loads((PROVIDERS / "postmark" / "delivery.json").read_text())
    s, _ = ctx.api.post("/v1/providers/postmark/events", body)
    assert s == 401, f"Postmark without basic auth: want 401, got {s}"
    s, _ = ctx.api.post("/v1/providers/sendgrid/events", [])
    assert s == 401, f"SendGrid with no key configured: want 401, got {s}"


def case_sns_signature_checked(ctx):
    """A real SNS notification signed by AWS passes; the same with one byte changed does not."""
    raw = (SNS_DATA / "notification_sha256.json").read_text()
    headers = {"x-amz-sns-message-type": "Notification", "Content-Type": "text/plain"}
    s, b = ctx.api.request("POST", "/v1/providers/ses/events", raw=raw.encode(), headers=headers)
    assert s == 200 and b == {"matched": 0, "unmatched": 0}, f"{s} {b!r}"
    tampered = raw.replace("Hello world", "Hello World", 1)
    assert tampered != raw
    s, b = ctx.api.request("POST", "/v1/providers/ses/events", raw=tampered.encode(),
                           headers=headers)
    assert s == 401, f"tampered SNS message: want 401, got {s} {b!r}"


if __name__ == "__main__":
    h.main("reports", setup, [case_kannel_delivery_report, case_opens_and_clicks,
                              case_mailgun_webhook, case_postmark_needs_credentials,
                              case_sns_signature_checked])
