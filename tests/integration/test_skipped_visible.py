#!/usr/bin/python3
"""An event that sends nothing on a channel says why in its 202 answer, and later where support
looks: the serve log (info) and the order's page."""

import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402
from common import event  # noqa: E402

ADMIN, PASSWORD = "support@shop.test", "support-password-1"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def setup(run):
    smtp = run.smtp()
    herald = run.start_herald(smtp)
    key = herald.store_add("nordshop", name="Nord Shop", country="NO", locale="en")
    api = herald.client(key)
    api.put_template("OUT_FOR_DELIVERY", {"channel": "email", "locale": "en",
                                          "subject": "On its way", "text": "Soon"})
    api.put_template("OUT_FOR_DELIVERY", {"channel": "sms", "locale": "en", "sms": "Soon"})
    code, _, err = herald.cli("user", "add", ADMIN, "--password-stdin",
                              stdin=(PASSWORD + "\n").encode())
    assert code == 0, f"user add: {code} {err}"
    return SimpleNamespace(run=run, smtp=smtp, herald=herald, api=api, cookie=None)


def page(ctx, path):
    if ctx.cookie is None:
        data = urllib.parse.urlencode({"email": ADMIN, "password": PASSWORD,
                                       "next": "/ui"}).encode()
        req = urllib.request.Request(ctx.herald.base + "/ui/login", data=data,
                                     headers={"Origin": ctx.herald.base})
        try:
            urllib.request.build_opener(NoRedirect).open(req, timeout=30)
            raise AssertionError("login answered without a redirect")
        except urllib.error.HTTPError as e:
            assert e.code == 303, f"login: {e.code}"
            ctx.cookie = e.headers.get("Set-Cookie", "").split(";")[0]
    req = urllib.request.Request(ctx.herald.base + path, headers={"Cookie": ctx.cookie})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status, r.read().decode()


def case_a_skip_is_answered_logged_and_shown(ctx):
    # no template for ORDER_PLACED: both channels skipped
    s, b = ctx.api.post("/v1/events", event("evt-none", "ORDER_PLACED", "ORD-7",
                                            email="sara@test.no"))
    assert s == 202 and b["messages"] == [], f"{s} {b!r}"
    assert {x["reason"] for x in b["skipped"]} == {"no_template"}, f"{b!r}"
    # templates but no phone: the email goes, the SMS channel is skipped
    s, b = ctx.api.post("/v1/events", event("evt-half", "OUT_FOR_DELIVERY", "ORD-7",
                                            email="sara@test.no"))
    assert s == 202 and len(b["messages"]) == 1, f"{s} {b!r}"
    assert [(x["channel"], x["reason"]) for x in b["skipped"]] == [("sms", "no_phone")], f"{b!r}"

    def logged():
        text = ctx.herald.log.read_text(errors="replace")
        return all(any(f"event nordshop/{eid} for order ORD-7: no email message: no_template" in
                       line and " info " in line for line in text.splitlines())
                   for eid in ("evt-none",))
    h.wait_for(logged, what="an info line naming store, event, order and reason")
    text = ctx.herald.log.read_text(errors="replace")
    assert "event nordshop/evt-half for order ORD-7: no sms message: no_phone" in text, \
        "the SMS skip of a partly sent event is logged too"

    s, html = page(ctx, "/ui/orders/ORD-7")
    assert s == 200, s
    assert 'id="skipped"' in html, "the order page should have a Not sent section"
    section = html[html.index('id="skipped"'):]
    for want in ("evt-none", "evt-half", "no_template", "no_phone", "ORDER_PLACED"):
        assert want in section, f"{want!r} missing from the order page's Not sent section"
    assert section.index("evt-half") < section.index("evt-none"), "newest first"


def case_a_duplicate_is_not_logged_again(ctx):
    before = ctx.herald.log.read_text(errors="replace").count("event nordshop/evt-none ")
    s, b = ctx.api.post("/v1/events", event("evt-none", "ORDER_PLACED", "ORD-7",
                                            email="sara@test.no"))
    assert s == 200 and b["duplicate"] is True, f"{s} {b!r}"
    assert {x["reason"] for x in b["skipped"]} == {"no_template"}, "a duplicate answers the same"
    after = ctx.herald.log.read_text(errors="replace").count("event nordshop/evt-none ")
    assert after == before, "a duplicate logs its skips again"


def case_an_order_without_skips_has_no_section(ctx):
    s, b = ctx.api.post("/v1/events", event("evt-ok", "OUT_FOR_DELIVERY", "ORD-8",
                                            email="ola@test.no", phone="+4790000008"))
    assert s == 202 and b["skipped"] == [] and len(b["messages"]) == 2, f"{s} {b!r}"
    s, html = page(ctx, "/ui/orders/ORD-8")
    assert s == 200 and 'id="skipped"' not in html, "an order whose events skipped nothing"


CASES = [case_a_skip_is_answered_logged_and_shown, case_a_duplicate_is_not_logged_again,
         case_an_order_without_skips_has_no_section]

if __name__ == "__main__":
    h.main("skipped_visible", setup, CASES)
