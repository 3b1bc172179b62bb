#!/usr/bin/python3
"""Values a client sends that Herald checks once, wherever they arrive: NUL and other control
characters in text (refused, or never reaching a header), a Reply-To address,
times dated far ahead of the server's clock, and what an order known only from its messages
shows."""

import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402
from common import event  # noqa: E402

OWNER = "owner@nordshop.example"


def setup(run):
    smtp = run.smtp()
    herald = run.start_herald(smtp)
    key = herald.store_add("nordshop", name="Nord Shop", country="NO", locale="en",
                           owner_email=OWNER)
    api = herald.client(key)
    api.put_template("ORDER_PLACED", {"channel": "email", "locale": "en",
                                      "subject": "Order {{order.number}} for {{customer.name}}",
                                      "text": "Thanks, {{customer.name}}"})
    return SimpleNamespace(run=run, smtp=smtp, herald=herald, api=api)


def inline_message(**fields):
    body = {"type": "welcome", "to": ["sara@test.no"], "subject": "Hi", "text": "Hello"}
    body.update(fields)
    return body


def case_reply_to_is_an_address(ctx):
    s, b = ctx.api.post("/v1/messages", inline_message(reply_to="not an address"))
    assert s == 400, f"reply_to 'not an address': want 400, got {s} {b!r}"
    assert b.get("field") == "reply_to", f"the error should name reply_to: {b!r}"
    # the same check as a contact form's data.email
    s, b = ctx.api.post("/v1/messages", {"type": "contact_form",
                                         "data": {"email": "not an address", "message": "?"}})
    assert s == 400 and b.get("field") == "data.email", f"contact form data.email: {s} {b!r}"
    for kind in ("welcome", "contact_form"):
        assert ctx.api.messages(type=kind) == [], f"a refused {kind} left a message in the log"
    s, b = ctx.api.post("/v1/messages", inline_message(reply_to="Support@Nordshop.example"))
    assert s == 202, f"a valid reply_to: want 202, got {s} {b!r}"
    mail = ctx.smtp.wait_mail_to("sara@test.no")
    assert mail.header("Reply-To") and "Support@Nordshop.example" in mail.header("Reply-To"), \
        f"Reply-To should carry the address given: {mail!r}"


def case_order_known_from_messages_has_null_times(ctx):
    s, b = ctx.api.post("/v1/messages", inline_message(order_id="MSG-ONLY-1",
                                                       to=["ola@test.no"]))
    assert s == 202, f"{s} {b!r}"
    s, order = ctx.api.get("/v1/orders/MSG-ONLY-1")
    assert s == 200, f"GET /v1/orders of an order known from a message: {s} {order!r}"
    for key in ("created_at", "updated_at"):
        assert key in order, f"{key} missing from {order!r}"
        assert order[key] is None, f"{key} should be null for an order with no record: {order!r}"
    assert len(order["messages"]) == 1, f"the message should be listed: {order!r}"


def case_nul_in_text_is_refused_naming_the_field(ctx):
    ev = event("evt-nul", "ORDER_PLACED", "NUL-1", name="Sara\u0000Nordmann",
               email="sara.nul@test.no")
    s, b = ctx.api.post("/v1/events", ev)
    assert s == 400 and b.get("field") == "customer.name", \
        f"a NUL in customer.name: want 400 customer.name, got {s} {b!r}"
    s, b = ctx.api.post("/v1/messages", inline_message(subject="Hi\u0000there"))
    assert s == 400 and b.get("field") == "subject", f"a NUL in subject: {s} {b!r}"
    s, b = ctx.api.post("/v1/orders/NUL-2/statuses",
                        {"type": "general", "code": "SHIPPED", "data": {"note": "a\u0000b"}})
    assert s == 400 and b.get("field") == "data.note", f"a NUL in a status change: {s} {b!r}"
    assert ctx.api.messages(order="NUL-1") == [], "a refused event left a message"
    # the same id is new once the name is clean
    ev["customer"]["name"] = "Sara Nordmann"
    s, b = ctx.api.post("/v1/events", ev)
    assert s == 202 and b.get("duplicate") is False, f"{s} {b!r}"
    mail = ctx.smtp.wait_mail_to("sara.nul@test.no")
    assert mail.subject == "Order NUL-1 for Sara Nordmann", f"{mail.subject!r}"


def case_control_characters_never_reach_a_header(ctx):
    ev = event("evt-ctl", "ORDER_PLACED", "CTL-1", name="Sara\u0001\r\nBcc: x@evil.example",
               email="sara.ctl@test.no")
    s, b = ctx.api.post("/v1/events", ev)
    assert s == 202, f"control characters other than NUL are text: {s} {b!r}"
    mail = ctx.smtp.wait_mail_to("sara.ctl@test.no")
    assert mail.subject.startswith("Order CTL-1 for Sara"), f"{mail.subject!r}"
    assert "Bcc: x@evil.example" in mail.subject, f"the rest stays in the subject: {mail!r}"
    assert not any(ord(c) < 0x20 for c in mail.subject), f"control characters: {mail.subject!r}"
    assert mail.header("Bcc") is None, f"a Bcc header was injected: {mail!r}"
    assert all("x@evil.example" not in m.rcpt_tos for m in ctx.smtp.mails()), \
        "a data value added a recipient"


def ahead(**delta) -> str:
    return h.rfc3339(datetime.now(timezone.utc) + timedelta(**delta))


def case_status_far_ahead_is_refused(ctx):
    s, b = ctx.api.post("/v1/orders/FUT-1/statuses",
                        {"type": "general", "code": "SHIPPED", "at": "9999-01-01T00:00:00Z"})
    assert s == 400 and b.get("field") == "at", f"a status dated 9999: want 400 at, got {s} {b!r}"
    s, b = ctx.api.get("/v1/orders/FUT-1")
    assert s == 404, f"a refused status recorded the order: {s} {b!r}"
    s, b = ctx.api.post("/v1/orders/FUT-1/statuses",
                        {"type": "general", "code": "SHIPPED", "at": ahead(hours=2)})
    assert s == 201, f"a status two hours ahead (clock drift) is kept: {s} {b!r}"
    s, b = ctx.api.post("/v1/orders/FUT-1/statuses",
                        {"type": "general", "code": "DELIVERED", "at": ahead(days=2)})
    assert s == 400 and b.get("field") == "at", f"two days ahead: want 400 at, got {s} {b!r}"
    s, order = ctx.api.get("/v1/orders/FUT-1")
    assert order["statuses"]["general"]["current"]["code"] == "SHIPPED", f"{order!r}"


def case_event_far_ahead_is_refused(ctx):
    ev = event("evt-future", "ORDER_PLACED", "FUT-2")
    ev["occurred_at"] = "9999-12-31T23:59:59Z"
    s, b = ctx.api.post("/v1/events", ev)
    assert s == 400 and b.get("field") == "occurred_at", \
        f"an event dated 9999: want 400 occurred_at, got {s} {b!r}"
    ev["occurred_at"] = ahead(hours=1)
    s, b = ctx.api.post("/v1/events", ev)
    assert s == 202 and b.get("duplicate") is False, f"an hour ahead is kept, as new: {s} {b!r}"


CASES = [case_nul_in_text_is_refused_naming_the_field,
         case_control_characters_never_reach_a_header, case_reply_to_is_an_address, case_order_known_from_messages_has_null_times,
         case_status_far_ahead_is_refused, case_event_far_ahead_is_refused]

if __name__ == "__main__":
    h.main("input_checks", setup, CASES)
