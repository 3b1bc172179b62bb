#!/usr/bin/python3
"""Deeply nested JSON cannot crash Herald: a request body nested past the limit (64 levels) is
answered 400 naming the member, and JSON an older version stored deeper than that (an order
snapshot, a status change's context behind a due campaign send) is refused where it is read,
with the reason logged, while the server and its campaign worker go on."""

import base64
import json
import sys
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402
from common import event  # noqa: E402

LIMIT = 64
DEEP = 55_000  # deep enough to overflow a thread's stack in any recursive walk
POSTMARK_AUTH = "Basic " + base64.b64encode(b"pm:secret").decode()


def nested(levels: int) -> str:
    """A JSON array nested `levels` deep, as text (json.dumps itself would recurse)."""
    return "[" * levels + "]" * levels


def nested_objects(key: str, levels: int, leaf: str = "1") -> str:
    return f'{{"{key}":' * levels + leaf + "}" * levels


def with_member(obj: dict, member: str, value_text: str) -> bytes:
    """`obj` as JSON with one more member whose value is the raw JSON text given."""
    text = json.dumps(obj)
    return (text[:-1] + (", " if obj else "") + json.dumps(member) + ": " + value_text
            + "}").encode()


def setup(run):
    smtp = run.smtp()
    herald = run.start_herald(smtp, overrides={
        "providers": {"postmark_username": "pm", "postmark_password": "secret"}})
    key = herald.store_add("deep", country="NO", locale="en")
    api = herald.client(key)
    api.put_template("shipped", {"channel": "email", "locale": "en",
                                 "subject": "Order {{order.id}} shipped",
                                 "html": "<p>{{#data}}{{data}}{{/data}}</p>", "text": "Shipped"})
    return SimpleNamespace(run=run, smtp=smtp, herald=herald, api=api, key=key, n=0)


def ensure_running(ctx):
    """A case that crashed the server must not make the next ones fail for that reason."""
    if not ctx.herald.alive():
        ctx.herald.start()


def good_event(ctx):
    ctx.n += 1
    return event(f"evt-ok-{ctx.n}", "ORDER_PLACED", f"OK-{ctx.n}", id="C-1",
                 email="kari@test.no", locale="en")


def expect_still_serving(ctx, what):
    assert ctx.herald.alive(), f"{what}: herald died (exit {ctx.herald.proc.returncode()})"
    s, b = ctx.api.get("/healthz")
    assert s == 200, f"{what}: /healthz answered {s} {b!r}"
    s, b = ctx.api.post("/v1/events", good_event(ctx))
    assert s == 202, f"{what}: a normal event afterwards answered {s} {b!r}"


def expect_deep_refused(ctx, what, path, raw: bytes, field, api=None, headers=None):
    ensure_running(ctx)
    try:
        s, b = (api or ctx.api).request("POST", path, raw=raw, headers=headers)
    except OSError as e:  # the connection dropped: the server died answering
        raise AssertionError(f"{what}: no answer ({e!r}); herald alive: {ctx.herald.alive()}")
    assert s == 400, f"{what}: want 400, got {s} {str(b)[:300]!r}"
    assert isinstance(b, dict) and b.get("field") == field, \
        f"{what}: want field {field!r}: {str(b)[:300]!r}"
    assert f"deeper than {LIMIT} levels" in b.get("error", ""), f"{what}: {b!r}"
    expect_still_serving(ctx, what)


def case_event_data(ctx):
    ev = good_event(ctx)
    del ev["data"]
    expect_deep_refused(ctx, "event data 30000 deep", "/v1/events",
                        with_member(ev, "data", nested_objects("a", 30_000)), "data")
    expect_deep_refused(ctx, f"event data {DEEP} deep", "/v1/events",
                        with_member(ev, "data", nested_objects("a", DEEP)), "data")


def case_event_unknown_member(ctx):
    expect_deep_refused(ctx, "unknown member of an event", "/v1/events",
                        with_member(good_event(ctx), "extra", nested(DEEP)), "extra")


def case_event_whole_body(ctx):
    expect_deep_refused(ctx, "a body that is only an array", "/v1/events",
                        nested(DEEP).encode(), "body")


def case_just_under_the_limit_is_accepted(ctx):
    ensure_running(ctx)
    ev = good_event(ctx)
    del ev["data"]
    # The body is level 1: LIMIT - 2 objects from data's value down, then {} at the limit.
    raw = with_member(ev, "data", nested_objects("a", LIMIT - 2, "{}"))
    s, b = ctx.api.request("POST", "/v1/events", raw=raw)
    assert s == 202, f"an event at the limit: want 202, got {s} {b!r}"


def case_messages(ctx):
    body = {"type": "welcome", "channel": "email", "to": "kari@test.no",
            "subject": "Hi", "text": "Hello"}
    expect_deep_refused(ctx, "message data", "/v1/messages",
                        with_member(body, "data", nested_objects("a", DEEP)), "data")


def case_order_statuses(ctx):
    expect_deep_refused(ctx, "status change data", "/v1/orders/O-1/statuses",
                        with_member({"type": "delivery", "code": "SHIPPED"}, "data",
                                    nested_objects("a", DEEP)), "data")


def campaign(**changes):
    c = {"name": "Shipped", "trigger": {"type": "order_status_changed",
                                        "status_type": "delivery", "to": "SHIPPED"},
         "actions": [{"type": "send_email", "template": "shipped", "delay_seconds": 0}]}
    c.update(changes)
    return c


def case_campaign_name(ctx):
    body = campaign()
    del body["name"]
    expect_deep_refused(ctx, "campaign name", "/v1/campaigns",
                        with_member(body, "name", nested(DEEP)), "name")


def case_campaign_not_filter(ctx):
    leaf = '{"field":"order.id","op":"exists"}'
    expect_deep_refused(ctx, "campaign filter of 10000 nots", "/v1/campaigns",
                        with_member(campaign(), "filter", nested_objects("not", 10_000, leaf)),
                        "filter")


def case_provider_callback(ctx):
    expect_deep_refused(ctx, "Postmark callback", "/v1/providers/postmark/events",
                        with_member({"RecordType": "Delivery"}, "Metadata",
                                    nested_objects("a", DEEP)), "Metadata",
                        api=ctx.herald.client(None), headers={"Authorization": POSTMARK_AUTH})


def case_stored_deep_json_does_not_crash_the_worker(ctx):
    """An older version stored a 30000-deep snapshot and context and scheduled a send on it:
    starting Herald must not crash (again and again); that send is skipped with a logged
    reason and a normal send due after it still goes out."""
    ensure_running(ctx)
    api = ctx.api
    s, b = api.post("/v1/campaigns", campaign(actions=[
        {"type": "send_email", "template": "shipped", "delay_seconds": 86_400}]))
    assert s == 201, f"create campaign: {s} {b!r}"
    campaign_id = b["id"]
    for order in ("O-DEEP", "O-NEXT"):
        s, b = api.post(f"/v1/orders/{order}/statuses",
                        {"type": "delivery", "code": "SHIPPED",
                         "customer": {"email": f"{order.lower()}@test.no", "locale": "en"}})
        assert s in (200, 201), f"status change {order}: {s} {b!r}"
    sql = ctx.herald.sql

    def sends():
        return {r[0]: r[1:] for r in sql("SELECT order_id, state, reason FROM campaign_sends")}

    h.wait_for(lambda: set(sends()) == {"O-DEEP", "O-NEXT"}, what="both sends scheduled")
    ctx.herald.stop()

    deep_context = ('{"order":{"id":"O-DEEP"},"customer":{"email":"o-deep@test.no"},"data":'
                    + nested_objects("a", 30_000) + "}")
    # what an older version could have written
    sql("UPDATE orders SET snapshot = ? WHERE order_id = 'O-DEEP'", (deep_context,))
    sql("UPDATE status_changes SET context = ? WHERE order_id = 'O-DEEP'", (deep_context,))
    sql("UPDATE campaign_sends SET due_at = 1 WHERE order_id = 'O-DEEP'")
    sql("UPDATE campaign_sends SET due_at = 2 WHERE order_id = 'O-NEXT'")
    # and a change not yet evaluated, whose filter would walk the deep context
    sql("INSERT INTO status_changes (store_id, order_id, type, from_code, to_code,"
        " at, received_at, current, source, event_id, context, evaluated) "
        "SELECT store_id, order_id, type, 'PICKED', 'SHIPPED', at + 1,"
        " received_at + 1, 1, source, '', context, 0 FROM status_changes "
        "WHERE order_id = 'O-DEEP'")
    ctx.herald.start()
    h.wait_for(lambda: sends()["O-NEXT"][0] == "sent" or not ctx.herald.alive(),
               what="the send due after the deep one fired")
    assert ctx.herald.alive(), f"herald died (exit {ctx.herald.proc.returncode()})"
    assert sends()["O-DEEP"] == ("skipped", "context_unreadable"), sends()
    ctx.smtp.wait_mail_to("o-next@test.no")
    log = ctx.herald.log.read_text(errors="replace")
    assert f"nested deeper than {LIMIT} levels" in log and "O-DEEP" in log, \
        f"the reason is not logged:\n{h.tail(ctx.herald.log, 30)}"
    [(unevaluated,)] = sql("SELECT COUNT(*) FROM status_changes WHERE evaluated = 0")
    assert unevaluated == 0, "the change with the deep context was not evaluated"

    s, b = api.get("/v1/orders/O-DEEP")
    assert s == 200, f"GET the order with the deep snapshot: {s} {str(b)[:300]!r}"
    s, b = api.post(f"/v1/campaigns/{campaign_id}/dry-run", {})
    assert s == 200, f"dry-run over stored snapshots: {s} {str(b)[:300]!r}"
    s, b = api.post("/v1/orders/O-DEEP/statuses", {"type": "general", "code": "PAID"})
    assert s in (200, 201), f"a new change to the order with the deep snapshot: {s} {b!r}"
    expect_still_serving(ctx, "after the stored deep JSON")


CASES = [case_event_data, case_event_unknown_member, case_event_whole_body,
         case_just_under_the_limit_is_accepted, case_messages, case_order_statuses,
         case_campaign_name, case_campaign_not_filter, case_provider_callback,
         case_stored_deep_json_does_not_crash_the_worker]

if __name__ == "__main__":
    h.main("deep_json", setup, CASES)
