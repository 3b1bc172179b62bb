#!/usr/bin/python3
"""Suppression list (contract §6): API, hard bounces add to it, suppressed addresses are not sent to."""

import sys
import time
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402
from common import event  # noqa: E402


def setup(run):
    smtp = run.smtp()
    herald = run.start_herald(smtp)
    api = herald.client(herald.store_add("supp", country="NO", locale="en"))
    api.put_template("ORDER_PLACED", {"channel": "email", "locale": "en",
                                      "subject": "Order {{order.number}}",
                                      "text": "Thanks {{customer.name}}"})
    other = herald.client(herald.store_add("other", country="NO", locale="en"))
    return SimpleNamespace(run=run, smtp=smtp, herald=herald, api=api, other=other)


def case_api_add_list_delete(ctx):
    s, b = ctx.api.post("/v1/suppressions", {"address": "Manual@Test.no", "reason": "manual"})
    assert s == 201, f"POST: want 201, got {s} {b!r}"
    assert b["address"] == "manual@test.no" and b["channel"] == "email", b
    s, b = ctx.api.get("/v1/suppressions", params={"address": "manual@test.no"})
    assert s == 200 and [i["address"] for i in b["items"]] == ["manual@test.no"], b
    s, b = ctx.other.get("/v1/suppressions")
    assert s == 200 and b["items"] == [], f"another store sees the list: {b!r}"
    s, b = ctx.api.post("/v1/suppressions", {"address": "+47 900 00 001"})
    assert s == 201 and b["address"] == "+4790000001" and b["channel"] == "sms", b
    s, b = ctx.api.post("/v1/suppressions", {"address": "not an address"})
    assert s == 400 and b.get("field") == "address", f"{s} {b!r}"
    s, b = ctx.api.post("/v1/suppressions", {"address": "x@test.no", "expires_at": "yesterday"})
    assert s == 400 and b.get("field") == "expires_at", f"{s} {b!r}"
    s, b = ctx.api.delete("/v1/suppressions", params={"address": "MANUAL@test.no"})
    assert s == 200, f"DELETE: {s} {b!r}"
    s, b = ctx.api.delete("/v1/suppressions", params={"address": "manual@test.no"})
    assert s == 404, f"second DELETE: want 404, got {s}"


def case_suppressed_address_is_logged_not_sent(ctx):
    ctx.api.post("/v1/suppressions", {"address": "gone@test.no", "reason": "userunknown"})
    s, b = ctx.api.post("/v1/events", event("evt-s1", "ORDER_PLACED", "O-S1", name="Gone",
                                            email="Gone@test.no"))
    assert s == 202, f"{s} {b!r}"
    assert b["messages"][0]["status"] == "suppressed", b
    assert any(x["reason"] == "suppressed" for x in b["skipped"]), b
    m = ctx.api.message(b["messages"][0]["id"])
    assert m["status"] == "suppressed" and m["fail_count"] == 1, m
    assert any(e["type"] == "suppressed" and e["reason"] == "userunknown" and e["description"]
               for e in m["events"]), m["events"]
    time.sleep(1.5)
    assert ctx.smtp.mails_to("gone@test.no") == [], "a suppressed address got mail"
    # the same address in another store is not suppressed
    ctx.other.put_template("ORDER_PLACED", {"channel": "email", "locale": "en",
                                            "subject": "Hi", "text": "Hi"})
    s, b = ctx.other.post("/v1/events", event("evt-s1", "ORDER_PLACED", "O-S1",
                                              email="gone@test.no"))
    assert s == 202 and b["messages"][0]["status"] == "queued", b
    ctx.smtp.wait_mail_to("gone@test.no")


def case_hard_bounce_at_send_time_does_not_suppress_soft(ctx):
    s, b = ctx.api.post("/v1/events", event("evt-s2", "ORDER_PLACED", "O-S2",
                                            email="full.s2@test.no"))
    mid = b["messages"][0]["id"]
    ctx.api.wait_status(mid, ["deferred"])
    s, b = ctx.api.get("/v1/suppressions", params={"address": "full.s2@test.no"})
    assert b["items"] == [], f"a soft failure suppressed the address: {b!r}"


def case_hard_bounce_at_send_time_suppresses(ctx):
    s, b = ctx.api.post("/v1/events", event("evt-s3", "ORDER_PLACED", "O-S3",
                                            email="unknown.s3@test.no"))
    mid = b["messages"][0]["id"]
    ctx.api.wait_status(mid, ["bounced"])
    s, b = ctx.api.get("/v1/suppressions", params={"address": "unknown.s3@test.no"})
    assert [i["reason"] for i in b["items"]] == ["userunknown"], b
    assert b["items"][0]["source_message"] == mid, b
    s, b = ctx.api.post("/v1/events", event("evt-s4", "ORDER_PLACED", "O-S4",
                                            email="unknown.s3@test.no"))
    assert b["messages"][0]["status"] == "suppressed", b


if __name__ == "__main__":
    h.main("suppression", setup, [case_api_add_list_delete,
                                   case_suppressed_address_is_logged_not_sent,
                                   case_hard_bounce_at_send_time_does_not_suppress_soft,
                                   case_hard_bounce_at_send_time_suppresses])
