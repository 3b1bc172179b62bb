#!/usr/bin/python3
"""`herald demo`: two stores, every event type, three locales, every status, a real history."""

import json
import sys
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402

ORDER_EVENTS = ["ORDER_PLACED", "BAG_CONFIRMED", "BAG_PICKED", "DELIVERY_PARTNER_ASSIGNED",
                "OUT_FOR_DELIVERY", "DELIVERY_DONE", "OUT_FOR_PICKUP", "BAG_RETURN_INITIATED",
                "RETURN_APPROVED", "RETURN_BAG_IN_TRANSIT", "RTO_BAG_IN_TRANSIT",
                "RTO_BAG_APPROVED", "CUSTOMER_CANCELLED", "FYND_CANCELLED", "REFUND_INITIATED",
                "REFUND_COMPLETED"]
SETTLED = ["sent", "delivered", "opened", "clicked", "bounced", "failed", "suppressed",
           "complained", "undelivered"]
MESSAGES = 6000


def setup(run):
    smtp = run.smtp()
    herald = h.Herald(run, run.args.herald, smtp)
    code, out, err = herald.cli("demo", "--messages", str(MESSAGES), timeout=300)
    assert code == 0, f"herald demo exited {code}: {err}"
    lines = [ln for ln in out.splitlines() if ln.strip()]
    assert len(lines) == 1, f"herald demo printed {len(lines)} lines, want one JSON line: {out!r}"
    report = json.loads(lines[0])
    herald.start()
    apis = {s["store"]: herald.client(s["api_key"]) for s in report["stores"]}
    return SimpleNamespace(run=run, herald=herald, report=report, apis=apis, smtp=smtp)


def db_counts(ctx):
    return dict(ctx.herald.sql("SELECT store_id, COUNT(*) FROM messages GROUP BY store_id"))


def case_two_stores_with_keys(ctx):
    stores = ctx.report["stores"]
    assert [s["store"] for s in stores] == ["demo", "loja-sol"], stores
    total = sum(s["messages"] for s in stores)
    assert 0.8 * MESSAGES <= total <= 1.2 * MESSAGES, f"asked for ~{MESSAGES}, made {total}"
    seen = {}
    for slug, api in ctx.apis.items():
        items = api.messages(limit=500)
        assert items, f"store {slug} shows no messages"
        seen[slug] = {m["order_id"] for m in items if m["order_id"]}
    # Each key sees only its own store: the shops' order numbers do not overlap.
    assert seen["demo"] and seen["loja-sol"] and not (seen["demo"] & seen["loja-sol"])
    assert all(o.startswith("NS-") for o in seen["demo"]), seen["demo"]


def case_every_event_type(ctx):
    missing = [t for t in ORDER_EVENTS
               if not any(api.messages(type=t, limit=1) for api in ctx.apis.values())]
    assert not missing, f"no demo message for {missing}"
    for t in ("password_reset", "abandoned_cart"):
        assert ctx.apis["demo"].messages(type=t, limit=1), f"no {t} message"
    cart = ctx.apis["demo"].messages(type="abandoned_cart", limit=1)[0]
    assert cart["cart_id"], cart
    assert ctx.apis["demo"].messages(cart=cart["cart_id"]), "cart filter finds nothing"


def case_every_status(ctx):
    missing = [st for st in SETTLED
               if not any(api.messages(status=st, limit=1) for api in ctx.apis.values())]
    assert not missing, f"no demo message with status {missing}"
    failed = ctx.apis["demo"].messages(failed="true", limit=50)
    assert failed and all(m["fail_count"] > 0 for m in failed), failed[:3]


def case_three_locales(ctx):
    subjects = [m["subject"] for m in ctx.apis["demo"].messages(channel="email", limit=500)]
    assert any(s.startswith("Ordre ") or "ordren" in s for s in subjects), subjects[:10]
    assert any(s.startswith("Order ") or "your order" in s for s in subjects), subjects[:10]
    pt = [m["subject"] for m in ctx.apis["loja-sol"].messages(channel="email", limit=500)]
    assert any("Pedido" in s or "pedido" in s for s in pt), pt[:10]


def case_timeline_tells_the_story(ctx):
    clicked = ctx.apis["demo"].messages(status="clicked", limit=1)[0]
    detail = ctx.apis["demo"].message(clicked["id"])
    types = [e["type"] for e in detail["events"]]
    for want in ("queued", "sent", "delivered", "opened", "clicked"):
        assert want in types, f"clicked message timeline lacks {want}: {types}"
    assert types.index("sent") < types.index("delivered") < types.index("opened") < \
        types.index("clicked"), types
    bounced = ctx.apis["demo"].messages(status="bounced", limit=20)
    reasons = {e["reason"] for m in bounced for e in ctx.apis["demo"].message(m["id"])["events"]
               if e["type"] == "bounced"}
    assert reasons & {"userunknown", "blocked", "mailboxfull"}, reasons
    descs = [e["description"] for m in bounced[:5]
             for e in ctx.apis["demo"].message(m["id"])["events"] if e["type"] == "bounced"]
    assert all(descs), f"a bounce without plain words: {descs}"


def case_sms_found_by_national_number(ctx):
    sms = ctx.apis["demo"].messages(channel="sms", limit=1)[0]
    e164 = sms["to"][0]
    assert e164.startswith("+47"), sms
    national = e164[3:6] + " " + e164[6:8] + " " + e164[8:]
    ids = {m["id"] for m in ctx.apis["demo"].all_messages(number=national, channel="sms")}
    assert sms["id"] in ids, f"number={national!r} did not find {sms['id']}"


def case_suppressions_from_bounces(ctx):
    s, b = ctx.apis["demo"].get("/v1/suppressions", params={"limit": 100})
    assert s == 200, (s, b)
    reasons = {x["reason"] for x in b["items"]} if isinstance(b, dict) else set()
    assert "userunknown" in reasons, f"hard bounces did not suppress: {reasons}"


def case_order_statuses_and_campaign(ctx):
    api = ctx.apis["demo"]
    s, b = api.get("/v1/order-statuses")
    assert s == 200 and len(b["items"]) == len(ORDER_EVENTS), (s, b)
    names = {i["code"]: i["name"] for i in b["items"]}
    assert names["DELIVERY_DONE"] == "Levert", names  # the Norwegian shop's own words
    order_id = api.messages(type="DELIVERY_DONE", limit=1)[0]["order_id"]
    s, order = api.get(f"/v1/orders/{order_id}")
    assert s == 200, (s, order)
    delivery = [c["code"] for c in order["statuses"]["delivery"]["history"]]
    assert "DELIVERY_DONE" in delivery, order["statuses"]
    assert order["messages"], "the order shows its messages"
    s, b = api.get("/v1/campaigns")
    assert s == 200 and b["items"] and not any(c["active"] for c in b["items"]), b


def case_second_run_leaves_stores_alone(ctx):
    before = db_counts(ctx)
    code, out, err = ctx.herald.cli("demo", "--messages", "200", timeout=120)
    assert code == 0, f"second herald demo exited {code}: {err}"
    report = json.loads(out.strip().splitlines()[-1])
    assert all(not s["created"] and "api_key" not in s for s in report["stores"]), report
    assert db_counts(ctx) == before, "a second demo run changed the existing stores"


def case_bad_option(ctx):
    code, _, err = ctx.herald.cli("demo", "--messages", "abc")
    assert code == 2 and "messages" in err, (code, err)


CASES = [case_two_stores_with_keys, case_every_event_type, case_every_status,
         case_three_locales, case_timeline_tells_the_story, case_sms_found_by_national_number,
         case_suppressions_from_bounces, case_order_statuses_and_campaign,
         case_second_run_leaves_stores_alone, case_bad_option]

if __name__ == "__main__":
    h.main("demo", setup, CASES)
