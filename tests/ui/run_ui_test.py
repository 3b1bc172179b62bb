#!/usr/bin/python3
"""Browser test of the /ui pages: real SMTP server, real Kannel, real `herald serve`, data made
through the HTTP API, an admin made with `herald user add`, then pages.test.mjs drives Debian's
chromium through playwright-core.  Screenshots go to $HERALD_SCREENSHOTS (build/screenshots)."""

import json
import os
import subprocess
import sys
from pathlib import Path

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "integration"))
import harness as h  # noqa: E402
from common import event  # noqa: E402

NODE = "/usr/bin/node"
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "correct horse battery"
SMS_NUMBER = "+47 900 00 000"  # stored as +4790000000; the test searches it as 0047 900 00 000


def setup(run):
    for path, what in ((NODE, "node"), (CHROMIUM, "chromium")):
        if not os.access(path, os.X_OK):
            raise h.HarnessError(f"{what} is missing at {path} (run scripts/setup.sh)")
    if not (HERE / "node_modules" / "playwright-core").is_dir():
        raise h.HarnessError("tests/ui/node_modules is missing (npm ci --prefix tests/ui)")
    smtp = run.smtp()
    kannel = run.kannel()
    herald = run.start_herald(smtp, kannel)
    key = herald.store_add("nordshop", name="Nord Shop", country="NO", locale="nb-NO")
    herald.store_add("sydshop", name="Syd Shop", country="NO", locale="en")
    api = herald.client(key)
    api.put_template("OUT_FOR_DELIVERY", {
        "channel": "email", "locale": "nb-NO", "subject": "Ordre {{order.number}} er på vei",
        "html": "<p>Hei {{customer.name}}, ordre {{order.number}} er på vei: "
                "<a href=\"{{data.tracking_url}}\">spor pakken</a></p>",
        "text": "Hei {{customer.name}}, ordre {{order.number}} er på vei."})
    api.put_template("OUT_FOR_DELIVERY", {"channel": "sms", "locale": "nb",
                                          "sms": "Hei {{customer.name}}, ordre {{order.number}} "
                                                 "er på vei: {{data.tracking_url}}"})
    ids = {"sms_same_number": [], "emails": []}
    # Seven orders to one phone number (more than one page at limit=3), three to others.
    for i in range(10):
        phone = SMS_NUMBER if i < 7 else f"+47 912 34 5{i:02d}"
        status, body = api.post_event(event(f"evt-ui-{i}", order_id=f"ORD-{i}",
                                            number=f"KRT-{1000 + i}", name="Sara",
                                            email=f"sara{i}@test.no", phone=phone,
                                            locale="nb-NO"))
        for m in body["messages"]:
            if m["channel"] == "sms" and i < 7:
                ids["sms_same_number"].append(m["id"])
            if m["channel"] == "email":
                ids["emails"].append(m["id"])
    # A mail whose subject and body try to run script and load a remote image.
    spy_port = h.free_port()
    html = ("<html><head><title>Mail</title></head><body><h1 id=\"greeting\">Hello</h1>"
            "<script>document.getElementById('greeting').textContent='PWNED';"
            "document.title='PWNED';parent.postMessage('PWNED','*');"
            f"fetch('http://127.0.0.1:{spy_port}/script-ran')</script>"
            f"<img src=\"http://127.0.0.1:{spy_port}/remote.png\" alt=\"remote\">"
            "<p>Body text</p></body></html>")
    status, body = api.post("/v1/messages", {
        "type": "newsletter", "channel": "email", "to": ["reader@test.no"],
        "subject": "<script>alert(1)</script> Vinterkampanje", "html": html,
        "text": "Vinterkampanje", "order_id": "ORD-0"})
    assert status == 202, f"POST /v1/messages: {status} {body!r}"
    xss_id = body["id"]
    # A hard bounce at send time for the failure log.
    status, body = api.post("/v1/messages", {
        "type": "password_reset", "channel": "email", "to": ["unknown-anna@test.no"],
        "subject": "Reset your password", "text": "Reset it here"})
    assert status == 202, f"POST /v1/messages: {status} {body!r}"
    bounced_id = body["id"]
    status, body = api.post("/v1/messages", {
        "type": "abandoned_cart", "channel": "email", "to": ["sara@test.no"],
        "customer_id": "C-42", "cart_id": "CART-7",
        "subject": "Du glemte noe", "html": "<p>Handlekurven din venter</p>"})
    assert status == 202, f"POST /v1/messages: {status} {body!r}"
    cart_id = body["id"]
    for mid in ids["sms_same_number"] + ids["emails"] + [xss_id]:
        api.wait_status(mid, {"sent", "delivered"})
    api.wait_status(bounced_id, {"bounced", "failed"})
    api.wait_status(cart_id, {"sent", "delivered"})
    code, out, err = herald.cli("user", "add", "admin@example.com", "--password-stdin",
                                stdin=(PASSWORD + "\n").encode())
    assert code == 0, f"herald user add exited {code}: {err}"
    code, _, err = herald.cli("user", "add", "not-an-email", "--password-stdin",
                              stdin=b"whatever-long\n")
    assert code == 2, f"user add with a bad email should exit 2, got {code}: {err}"
    return {"herald": herald, "api_key": key, "spy_port": spy_port, "xss_id": xss_id,
            "xss_html": html,
            "bounced_id": bounced_id, "sms_ids": ids["sms_same_number"], "cart_id": cart_id,
            "api": api, "smtp": smtp}


def case_browser(ctx):
    shots = os.environ.get("HERALD_SCREENSHOTS") or str(HERE.parents[1] / "build" / "screenshots")
    Path(shots).mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, HERALD_URL=ctx["herald"].base, HERALD_USER="admin@example.com",
               HERALD_PASSWORD=PASSWORD, HERALD_API_KEY=ctx["api_key"],
               SPY_PORT=str(ctx["spy_port"]), XSS_ID=ctx["xss_id"], XSS_HTML=ctx["xss_html"],
               BOUNCED_ID=ctx["bounced_id"], SMS_IDS=json.dumps(ctx["sms_ids"]),
               SCREENSHOTS=shots, CHROMIUM=CHROMIUM)
    r = subprocess.run([NODE, str(HERE / "pages.test.mjs")], env=env, timeout=240)
    assert r.returncode == 0, f"pages.test.mjs failed (exit {r.returncode}); see its output above"


def case_api(ctx):
    """The API endpoints that came with the pages (contract §5)."""
    api, mid = ctx["api"], ctx["cart_id"]
    for path in ("/v1/customers/C-42/messages", "/v1/carts/CART-7/messages"):
        status, body = api.get(path)
        assert status == 200 and [m["id"] for m in body["items"]] == [mid], f"{path}: {body!r}"
        assert body["items"][0]["resent_from"] is None, body
    status, body = api.get("/v1/customers/nobody/messages")
    assert status == 200 and body["items"] == [] and body["next_cursor"] is None, body
    status, body = api.post(f"/v1/messages/{mid}/resend")
    assert status == 202 and body.get("resent_from") == mid, f"resend: {status} {body!r}"
    again = api.wait_status(body["id"], {"sent", "delivered"})
    assert again["resent_from"] == mid and again["cart_id"] == "CART-7", again
    mails = ctx["smtp"].wait_mails(lambda m: m.subject == "Du glemte noe", count=2)
    html = mails[-1].html or ""
    assert "Handlekurven din venter" in html and html.count("/t/o/") <= 1, html
    status, _ = api.post("/v1/messages/01NOSUCHMESSAGE00000000000/resend")
    assert status == 404, f"resend of an unknown message: {status}"
    status, _ = api.with_key(None).post(f"/v1/messages/{mid}/resend")
    assert status == 401, f"resend without a key: {status}"


if __name__ == "__main__":
    h.main("ui_pages", setup, [case_browser, case_api])
