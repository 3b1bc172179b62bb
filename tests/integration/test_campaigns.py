#!/usr/bin/python3
"""Order statuses and campaigns through HTTP: status CRUD, status changes from the
API and from order events, SMS campaigns with filters, repeats and out-of-order changes,
a delayed action across a restart, dry-run, confinement and the reports."""

import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402

NOW = datetime.now(timezone.utc).replace(microsecond=0)
SMS_TPL = "Hi {{customer.name}}, order {{order.number}} is shipped. Pay {{order.total}} on delivery."


def at(minutes: int) -> str:
    return h.rfc3339(NOW + timedelta(minutes=minutes))


def setup(run):
    smtp = run.smtp()
    kannel = run.kannel()
    herald = run.start_herald(smtp, kannel)
    key = herald.store_add("nordshop", name="Nord Shop", country="NO", locale="en")
    other = herald.store_add("other", name="Other", country="NO", locale="en")
    api = herald.client(key)
    api.put_template("shipped_cod", {"channel": "sms", "locale": "en", "sms": SMS_TPL})
    api.put_template("vip_thanks", {"channel": "sms", "locale": "en",
                                    "sms": "Thank you {{customer.name}}!"})
    return SimpleNamespace(run=run, smtp=smtp, kannel=kannel, herald=herald, api=api,
                           other=herald.client(other), campaign=None)


def order_event(eid, order_id, phone, payment, total, etype="ORDER_PLACED", tags=None, at_=None):
    ev = {"id": eid, "type": etype,
          "order": {"id": order_id, "number": "K-" + order_id, "payment": payment,
                    "total": total},
          "customer": {"id": "C-" + order_id, "name": "Kunde " + order_id, "phone": phone,
                       "tags": tags or []}}
    if at_:
        ev["occurred_at"] = at_
    return ev


def set_status(ctx, order_id, code, when, stype="delivery", want=(200, 201)):
    status, body = ctx.api.post(f"/v1/orders/{order_id}/statuses",
                                {"type": stype, "code": code, "at": when})
    assert status in want, f"POST /v1/orders/{order_id}/statuses {code}: {status} {body!r}"
    return body


def sms_to(ctx, digits):
    return [s for s in ctx.kannel.sms() if h.digits_e164(s.receiver) == digits]


def case_order_status_crud(ctx):
    made = {}
    for name, code in (("At pickup", "AT_PICKUP"), ("Shipped", "SHIPPED"),
                       ("Delivered", "DELIVERED")):
        status, body = ctx.api.post("/v1/order-statuses", {"name": name, "type": "delivery",
                                                           "code": code,
                                                           "include_in_analytics": True})
        assert status == 201, f"create {code}: {status} {body!r}"
        made[code] = body["id"]
    status, body = ctx.api.post("/v1/order-statuses", {"name": "Again", "type": "delivery",
                                                       "code": "SHIPPED"})
    assert status in (400, 409) and body.get("field") == "code", f"duplicate: {status} {body!r}"
    status, body = ctx.api.post("/v1/order-statuses", {"name": "Paid", "type": "payment",
                                                       "code": "SHIPPED"})
    assert status == 201, f"same code, other type is allowed: {status} {body!r}"
    status, body = ctx.api.post("/v1/order-statuses", {"name": "X", "type": "shipping",
                                                       "code": "X"})
    assert status == 400 and body.get("field") == "type", f"{status} {body!r}"
    status, body = ctx.api.get("/v1/order-statuses")
    assert status == 200 and {s["code"] for s in body["items"]} >= set(made), body
    status, body = ctx.api.put(f"/v1/order-statuses/{made['DELIVERED']}",
                               {"name": "Delivered!", "type": "delivery", "code": "DELIVERED"})
    assert status == 200 and body["name"] == "Delivered!", f"{status} {body!r}"
    status, body = ctx.other.get(f"/v1/order-statuses/{made['SHIPPED']}")
    assert status == 404, f"another store's status: {status} {body!r}"
    status, body = ctx.other.delete(f"/v1/order-statuses/{made['SHIPPED']}")
    assert status == 404, f"another store deletes: {status} {body!r}"


def case_campaign_validation(ctx):
    base = {"name": "x", "trigger": {"type": "order_status_changed", "status_type": "delivery"},
            "actions": [{"type": "send_sms", "template": "shipped_cod"}]}
    bad = [({"filter": {"all": [{"field": "order.total", "op": "near", "value": 1}]}},
            "filter.all[0].op"),
           ({"filter": {"field": "order.total", "op": "gte", "value": "lots"}}, "filter.value"),
           ({"actions": [{"type": "send_fax", "template": "t"}]}, "actions[0].type"),
           ({"actions": [{"type": "send_sms", "template": "t", "delay_seconds": -1}]},
            "actions[0].delay_seconds"),
           ({"trigger": {"type": "order_status_changed", "status_type": "mood"}},
            "trigger.status_type"),
           ({"name": ""}, "name")]
    for change, field in bad:
        status, body = ctx.api.post("/v1/campaigns", {**base, **change})
        assert status == 400 and body.get("field") == field, \
            f"{change}: want 400 naming {field}, got {status} {body!r}"


def case_campaign_fires_for_matching_customers_only(ctx):
    status, body = ctx.api.post("/v1/campaigns", {
        "name": "COD shipped",
        "trigger": {"type": "order_status_changed", "status_type": "delivery",
                    "from": "AT_PICKUP", "to": "SHIPPED"},
        "filter": {"all": [{"field": "order.payment", "op": "eq", "value": "cod"},
                           {"any": [{"field": "order.total", "op": "gte", "value": 1000},
                                    {"field": "customer.tags", "op": "contains",
                                     "value": "vip"}]},
                           {"field": "customer.phone", "op": "exists"}]},
        "actions": [{"type": "send_sms", "template": "shipped_cod", "delay_seconds": 0}],
        "active": True})
    assert status == 201, f"POST /v1/campaigns: {status} {body!r}"
    ctx.campaign = body["id"]
    orders = [("O-1", "+4790000101", "cod", 1500, []), ("O-2", "+4790000102", "prepaid", 1500, []),
              ("O-3", "+4790000103", "cod", 500, []), ("O-4", "+4790000104", "cod", 200, ["vip"])]
    for oid, phone, pay, total, tags in orders:
        ctx.api.post_event(order_event("ev-" + oid, oid, phone, pay, total, tags=tags,
                                       at_=at(-30)), expect=(202,))
        set_status(ctx, oid, "AT_PICKUP", at(-20))
        body = set_status(ctx, oid, "SHIPPED", at(-10))
        assert body["outcome"] == "changed" and body["from"] == "AT_PICKUP", body
    got = ctx.kannel.wait_sms(lambda s: h.digits_e164(s.receiver) in ("4790000101", "4790000104"),
                              count=2, what="campaign SMS to O-1 and O-4")
    text = [s.text for s in got if h.digits_e164(s.receiver) == "4790000101"][0]
    assert text == "Hi Kunde O-1, order K-O-1 is shipped. Pay 1500 on delivery.", text
    time.sleep(2)
    for digits in ("4790000102", "4790000103"):
        assert not sms_to(ctx, digits), f"SMS to a customer who does not match: {digits}"
    items = ctx.api.messages(order="O-1")
    assert len(items) == 1 and items[0].get("campaign_id") == ctx.campaign, items
    assert items[0].get("status_change_id"), f"no status_change_id: {items[0]!r}"
    status, order = ctx.api.get("/v1/orders/O-1")
    assert status == 200, f"GET /v1/orders/O-1: {status} {order!r}"
    hist = order["statuses"]["delivery"]["history"]
    assert [x["code"] for x in hist] == ["AT_PICKUP", "SHIPPED"], hist
    assert order["statuses"]["delivery"]["current"]["code"] == "SHIPPED", order["statuses"]
    assert items[0]["status_change_id"] == hist[1]["id"], (items[0], hist)
    assert order["statuses"]["general"]["current"]["code"] == "ORDER_PLACED", order["statuses"]
    assert [m["id"] for m in order["messages"]] == [items[0]["id"]], order["messages"]
    assert order["messages"][0].get("status"), order["messages"]


def case_repeated_or_out_of_order_change_fires_nothing(ctx):
    assert ctx.campaign, "needs the campaign case"
    body = set_status(ctx, "O-1", "SHIPPED", at(-5), want=(200,))
    assert body["outcome"] == "same" and body["change_id"] is None, body
    body = set_status(ctx, "O-1", "AT_PICKUP", at(-15))
    assert body["outcome"] == "late" and body["current"] == "SHIPPED", body
    # O-5 gets SHIPPED first and the older AT_PICKUP afterwards: no AT_PICKUP -> SHIPPED change
    ctx.api.post_event(order_event("ev-O-5", "O-5", "+4790000105", "cod", 3000, at_=at(-30)),
                       expect=(202,))
    set_status(ctx, "O-5", "SHIPPED", at(-10))
    body = set_status(ctx, "O-5", "AT_PICKUP", at(-20))
    assert body["outcome"] == "late", body
    # O-1 back and forth: AT_PICKUP -> SHIPPED again is the same transition, not sent twice
    set_status(ctx, "O-1", "AT_PICKUP", at(-4))
    set_status(ctx, "O-1", "SHIPPED", at(-3))
    time.sleep(3)
    assert len(sms_to(ctx, "4790000101")) == 1, f"O-1 got {len(sms_to(ctx, '4790000101'))} SMS"
    assert not sms_to(ctx, "4790000105"), "out-of-order change fired the campaign"
    status, order = ctx.api.get("/v1/orders/O-1")
    late = [x for x in order["statuses"]["delivery"]["history"] if x["late"]]
    assert len(late) == 1 and late[0]["code"] == "AT_PICKUP", order["statuses"]["delivery"]
    assert order["statuses"]["delivery"]["current"]["code"] == "SHIPPED"


def case_event_is_a_status_change(ctx):
    assert ctx.campaign, "needs the campaign case"
    status, body = ctx.api.put("/v1/order-statuses/mapping",
                               {"OUT_FOR_DELIVERY": {"type": "delivery", "code": "SHIPPED"}})
    assert status == 200 and body["mapping"]["OUT_FOR_DELIVERY"]["code"] == "SHIPPED", body
    status, body = ctx.api.put("/v1/order-statuses/mapping", {"X Y": {"type": "delivery"}})
    assert status == 400 and body.get("field", "").startswith("mapping"), f"{status} {body!r}"
    ctx.api.post_event(order_event("ev-O-6a", "O-6", "+4790000106", "cod", 1200, at_=at(-30)),
                       expect=(202,))
    set_status(ctx, "O-6", "AT_PICKUP", at(-20))
    ctx.api.post_event(order_event("ev-O-6b", "O-6", "+4790000106", "cod", 1200,
                                   etype="OUT_FOR_DELIVERY", at_=at(-10)), expect=(202,))
    ctx.kannel.wait_sms(lambda s: h.digits_e164(s.receiver) == "4790000106",
                        what="campaign SMS after the OUT_FOR_DELIVERY event")
    status, order = ctx.api.get("/v1/orders/O-6")
    cur = order["statuses"]["delivery"]["current"]
    assert cur["code"] == "SHIPPED", order["statuses"]
    hist = order["statuses"]["delivery"]["history"]
    assert hist[-1]["event_id"] == "ev-O-6b" and hist[-1]["source"] == "event", hist
    # a store's own status code is accepted as an event type and maps to that status
    status, body = ctx.api.post("/v1/events", order_event("ev-O-6c", "O-6", "+4790000106", "cod",
                                                          1200, etype="GIFT_WRAPPED"))
    assert status == 400 and body.get("field") == "type", f"undefined custom type: {status} {body!r}"
    status, body = ctx.api.post("/v1/order-statuses", {"name": "Gift wrapped", "type": "general",
                                                       "code": "GIFT_WRAPPED"})
    assert status == 201, f"{status} {body!r}"
    ctx.api.post_event(order_event("ev-O-6c", "O-6", "+4790000106", "cod", 1200,
                                   etype="GIFT_WRAPPED"), expect=(202,))
    status, order = ctx.api.get("/v1/orders/O-6")
    assert order["statuses"]["general"]["current"]["code"] == "GIFT_WRAPPED", order["statuses"]
    # the same event again is a duplicate: no second status change, no second SMS
    ctx.api.post_event(order_event("ev-O-6b", "O-6", "+4790000106", "cod", 1200,
                                   etype="OUT_FOR_DELIVERY", at_=at(-10)), expect=(200,))
    time.sleep(2)
    assert len(sms_to(ctx, "4790000106")) == 1


def case_delayed_action_survives_restart(ctx):
    status, body = ctx.api.post("/v1/campaigns", {
        "name": "VIP thanks",
        "trigger": {"type": "order_status_changed", "status_type": "delivery", "to": "DELIVERED"},
        "filter": {"field": "customer.tags", "op": "contains", "value": "vip"},
        "actions": [{"type": "send_sms", "template": "vip_thanks", "delay_seconds": 3}]})
    assert status == 201, f"{status} {body!r}"
    ctx.api.post_event(order_event("ev-O-8", "O-8", "+4790000108", "card", 100, tags=["vip"],
                                   at_=at(-30)), expect=(202,))
    ctx.api.post_event(order_event("ev-O-9", "O-9", "+4790000109", "card", 100, at_=at(-30)),
                       expect=(202,))
    t0 = time.monotonic()
    set_status(ctx, "O-8", "DELIVERED", at(-1))
    set_status(ctx, "O-9", "DELIVERED", at(-1))
    time.sleep(0.8)  # let the worker schedule it, then restart before it is due
    assert not sms_to(ctx, "4790000108"), "the delayed SMS went out before its delay"
    ctx.herald.restart()
    sms = ctx.kannel.wait_sms(lambda s: h.digits_e164(s.receiver) == "4790000108",
                              what="delayed campaign SMS after restart")[0]
    assert time.monotonic() - t0 >= 2.5, "sent before the delay"
    assert sms.text == "Thank you Kunde O-8!", sms.text
    time.sleep(2)
    assert len(sms_to(ctx, "4790000108")) == 1 and not sms_to(ctx, "4790000109")


def case_dry_run(ctx):
    assert ctx.campaign, "needs the campaign case"
    status, body = ctx.api.post(f"/v1/campaigns/{ctx.campaign}/dry-run", {})
    assert status == 200, f"{status} {body!r}"
    who = {r["order_id"] for r in body["recipients"]}
    assert {"O-1", "O-4", "O-6"} <= who and not who & {"O-2", "O-3", "O-8"}, body
    status, body = ctx.api.post(f"/v1/campaigns/{ctx.campaign}/dry-run",
                                {"order": {"id": "X", "payment": "COD", "total": 2000},
                                 "customer": {"phone": "+47 900 00 999"}})
    assert status == 200 and len(body["recipients"]) == 1, body
    assert h.digits_e164(body["recipients"][0]["to"]) == "4790000999", body
    status, body = ctx.api.post(f"/v1/campaigns/{ctx.campaign}/dry-run",
                                {"order": {"id": "X", "payment": "card", "total": 2000},
                                 "customer": {"phone": "+47 900 00 999"}})
    assert status == 200 and body["recipients"] == [], body


def case_deactivate_and_confinement(ctx):
    assert ctx.campaign, "needs the campaign case"
    status, body = ctx.other.get(f"/v1/campaigns/{ctx.campaign}")
    assert status == 404, f"another store's campaign: {status} {body!r}"
    status, body = ctx.other.post(f"/v1/campaigns/{ctx.campaign}/deactivate")
    assert status == 404, f"another store deactivates: {status} {body!r}"
    status, body = ctx.other.get("/v1/orders/O-1")
    assert status == 404, f"another store's order: {status} {body!r}"
    status, body = ctx.api.post(f"/v1/campaigns/{ctx.campaign}/deactivate")
    assert status == 200 and body["active"] is False, f"{status} {body!r}"
    ctx.api.post_event(order_event("ev-O-10", "O-10", "+4790000110", "cod", 5000, at_=at(-30)),
                       expect=(202,))
    set_status(ctx, "O-10", "AT_PICKUP", at(-20))
    set_status(ctx, "O-10", "SHIPPED", at(-10))
    time.sleep(2.5)
    assert not sms_to(ctx, "4790000110"), "an inactive campaign sent an SMS"
    status, body = ctx.api.get("/v1/campaigns")
    assert status == 200 and len(body["items"]) == 2, body


def case_reports(ctx):
    status, body = ctx.api.get("/v1/reports/statuses",
                               params={"since": at(-60), "until": at(60)})
    assert status == 200, f"{status} {body!r}"
    by_code = {(s["type"], s["code"]): s["orders"] for s in body["statuses"]}
    # O-1, O-3, O-4, O-2, O-5, O-6 (mapped event), O-10 entered SHIPPED
    assert by_code[("delivery", "SHIPPED")] == 7, body["statuses"]
    tr = [t for t in body["transitions"] if (t["from"], t["to"]) == ("AT_PICKUP", "SHIPPED")]
    assert tr and tr[0]["median_seconds"] == 600, body["transitions"]
    status, body = ctx.api.get("/v1/reports/statuses", params={"since": "yesterday"})
    assert status == 400 and body.get("field") == "since", f"{status} {body!r}"
    status, body = ctx.api.get("/v1/reports/delivery")
    assert status == 200, f"{status} {body!r}"
    row = [r for r in body["by_template"] if r["template"] == "shipped_cod"]
    assert row and row[0]["messages"] == 3 and row[0]["sent"] == 3, body["by_template"]
    assert any(r["type"] == "vip_thanks" for r in body["by_type"]), body["by_type"]


def case_unreadable_specs_are_named_never_a_bare_500(ctx):
    base = {"name": "unreadable", "active": False,
            "trigger": {"type": "order_status_changed", "status_type": "delivery"},
            "actions": [{"type": "send_sms", "template": "shipped_cod"}]}
    # Submitted: a field path long enough to overflow a recursive matcher is a 400 naming it.
    long_field = {"filter": {"field": "order." + "a" * 400_000, "op": "exists"}}
    status, body = ctx.api.post("/v1/campaigns", {**base, **long_field})
    assert status == 201, f"a long field path: {status} {body!r}"
    status, body = ctx.api.post("/v1/campaigns", {**base, "filter": {"field": "a." * 200_000,
                                                                     "op": "exists"}})
    assert status == 400 and body.get("field") == "filter.field", f"{status} {body!r}"
    # Stored by an older version or by hand: a 500 that names the campaign and says what to
    # do; the list still answers, naming it apart; a PUT replaces it.
    status, made = ctx.api.post("/v1/campaigns", base)
    assert status == 201, f"{status} {made!r}"
    cid = made["id"]
    for spec in ("{not json", "[1, 2]", '{"name": ""}', '{"name": "x", "trigger": 5}'):
        ctx.herald.sql("UPDATE campaigns SET spec = ? WHERE id = ?", (spec, cid))
        for method, path in (("GET", f"/v1/campaigns/{cid}"),
                             ("POST", f"/v1/campaigns/{cid}/activate"),
                             ("POST", f"/v1/campaigns/{cid}/dry-run")):
            status, body = ctx.api.request(method, path)
            assert status == 500 and body.get("field") == "campaign" \
                and f"campaign {cid} " in body.get("error", "") and "PUT" in body["error"], \
                f"{spec}: {method} {path}: {status} {body!r}"
        status, body = ctx.api.get("/v1/campaigns")
        assert status == 200 and cid not in [c["id"] for c in body["items"]], f"{status} {body!r}"
        assert [u["field"] for u in body["unreadable"]] == ["campaign"] \
            and f"campaign {cid} " in body["unreadable"][0]["error"], body
    status, body = ctx.api.put(f"/v1/campaigns/{cid}", base)
    assert status == 200 and body["id"] == cid, f"{status} {body!r}"
    status, body = ctx.api.get("/v1/campaigns")
    assert status == 200 and "unreadable" not in body and cid in [c["id"] for c in body["items"]]
    assert f"campaigns: campaign {cid}: " in ctx.herald.log.read_text(errors="replace")


CASES = [case_order_status_crud, case_campaign_validation,
         case_campaign_fires_for_matching_customers_only,
         case_repeated_or_out_of_order_change_fires_nothing, case_event_is_a_status_change,
         case_delayed_action_survives_restart, case_dry_run, case_deactivate_and_confinement,
         case_reports, case_unreadable_specs_are_named_never_a_bare_500]

if __name__ == "__main__":
    h.main("campaigns", setup, CASES)
