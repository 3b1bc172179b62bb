#!/usr/bin/python3
"""Order webhooks from the OMS (contract §12.3), sent by the test OMS (tests/support/test_oms.py)
to the real Herald with the real SMTP test server: the x-fp-signature over the raw body (401,
nothing stored), 404 for an unknown store or a connector switched off, the status mapping
(both vocabularies), statuses that map to no event kept and answered {"ignored":true} unless
the store defined them as a status code, a storm of duplicated, reordered and delayed
webhooks over one order that sends each message exactly once, and the order's OMS history
(GET /v1/orders/{id}): every status once, as it happened, with the event and messages it made."""

import sys
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402

MAPPED = {
    "placed": "ORDER_PLACED", "bag_confirmed": "BAG_CONFIRMED",
    "dp_assigned": "DELIVERY_PARTNER_ASSIGNED", "bag_picked": "BAG_PICKED",
    "out_for_delivery": "OUT_FOR_DELIVERY", "delivery_done": "DELIVERY_DONE",
    "out_for_pickup": "OUT_FOR_PICKUP", "return_dp_out_for_pickup": "OUT_FOR_PICKUP",
    "return_initiated": "BAG_RETURN_INITIATED", "return_accepted": "RETURN_APPROVED",
    "return_bag_in_transit": "RETURN_BAG_IN_TRANSIT", "rto_bag_in_transit": "RTO_BAG_IN_TRANSIT",
    "rto_in_transit": "RTO_BAG_IN_TRANSIT", "rto_bag_accepted": "RTO_BAG_APPROVED",
    "cancelled_customer": "CUSTOMER_CANCELLED", "cancelled_fynd": "FYND_CANCELLED",
    "refund_initiated": "REFUND_INITIATED", "refund_completed": "REFUND_COMPLETED",
}
T0 = 1764900000  # created_timestamp of the first status, in seconds


def setup(run):
    smtp = run.smtp()
    oms = run.test_oms()
    herald = run.start_herald(smtp=smtp)
    ctx = SimpleNamespace(run=run, herald=herald, oms=oms, smtp=smtp)
    ctx.api = herald.client(herald.store_add("shop"))
    status, body = ctx.api.put("/v1/oms", oms.settings())
    assert status == 200, f"PUT /v1/oms: {status} {body!r}"
    ctx.url = f"{herald.base}/v1/oms/webhook/shop"
    for etype in sorted(set(MAPPED.values())):
        ctx.api.put_template(etype, {"channel": "email", "locale": "en",
                                     "subject": etype + " {{order.number}} {{data.shipment_id}}",
                                     "text": "Hi {{customer.name}}, {{order.id}}: " + etype,
                                     "html": "<p>" + etype + "</p>"})
    return ctx


def ev(event_id, status, order="FY-1", number="KRT-1", email="sara@test.no", at=T0, **kw):
    return {"event_id": event_id, "status": status, "order_id": order,
            "affiliate_order_id": number, "shipment_id": "SH-" + order, "created_timestamp": at,
            "user": {"id": "C-9", "name": "Sara", "email": email, "mobile": "+4790000000"}, **kw}


def send(ctx, events, **kw):
    return ctx.oms.send_webhooks(ctx.url, events, **kw)


def settle(ctx, event_ids):
    """Waits until every message of the events is sent; returns them."""
    out = []
    for eid in event_ids:
        for m in ctx.api.messages(event=eid):
            out.append(ctx.api.wait_status(m["id"], {"sent"}))
    return out


def case_signature_is_checked_over_the_raw_body(ctx):
    for signature in ("bad", "none"):
        eid = f"sig-{signature}"
        r = send(ctx, [ev(eid, "placed", order="FY-SIG", email="sig@test.no")],
                 signature=signature)[0]
        assert r["status"] == 401, f"{signature} signature: {r!r}"
        assert ctx.api.messages(event=eid) == [], "a refused webhook stored an event"
        assert ctx.api.messages(order="FY-SIG") == []
    r = send(ctx, [ev("sig-bad", "placed", order="FY-SIG", email="sig@test.no")])[0]
    assert r["status"] == 202 and r["body"]["duplicate"] is False, \
        f"the same event id, now signed, is new (nothing was kept of the refused one): {r!r}"


def case_a_signed_envelope_without_a_status_is_400_naming_it(ctx):
    envelope = {"event": {"id": "bad-env-1", "created_timestamp": T0},
                "payload": {"shipment": {"order_id": "FY-BAD", "shipment_id": "SH-BAD"}}}
    r = send(ctx, [{"envelope": envelope}])[0]
    assert r["status"] == 400 and r["body"].get("field") == "payload.shipment.status", r
    assert ctx.api.messages(order="FY-BAD") == []


def case_unknown_store_or_connector_off_is_404(ctx):
    r = ctx.oms.send_webhooks(f"{ctx.herald.base}/v1/oms/webhook/nosuchshop",
                              [ev("nf-1", "placed")])[0]
    assert r["status"] == 404, f"unknown store: {r!r}"
    other = ctx.herald.client(ctx.herald.store_add("paused"))
    url = f"{ctx.herald.base}/v1/oms/webhook/paused"
    r = ctx.oms.send_webhooks(url, [ev("nf-2", "placed")])[0]
    assert r["status"] == 404, f"a store without a connector: {r!r}"
    assert other.put("/v1/oms", ctx.oms.settings(enabled=False))[0] == 200
    r = ctx.oms.send_webhooks(url, [ev("nf-3", "placed")])[0]
    assert r["status"] == 404, f"a connector switched off: {r!r}"
    assert other.put("/v1/oms", {"enabled": True})[0] == 200
    r = ctx.oms.send_webhooks(url, [ev("nf-3", "placed")])[0]
    assert r["status"] == 202, f"switched on again: {r!r}"


def case_every_status_of_the_table_maps_to_its_event(ctx):
    events = [ev(f"map-{s}", s, order=f"FY-MAP-{i}", number=f"KRT-MAP-{i}",
                 email=f"map{i}@test.no") for i, s in enumerate(MAPPED)]
    results = send(ctx, events)
    for e, r in zip(events, results):
        assert r["status"] == 202, f"{e['status']}: {r!r}"
        msgs = ctx.api.messages(event=e["event_id"])
        assert len(msgs) == 1 and msgs[0]["type"] == MAPPED[e["status"]], \
            f"{e['status']} should be {MAPPED[e['status']]}: {msgs!r}"
        assert msgs[0]["order_id"] == e["order_id"] and msgs[0]["to"] == [e["user"]["email"]], \
            msgs[0]
    r = send(ctx, [ev("map-own-name", "OUT_FOR_DELIVERY", order="FY-OWN", email="own@test.no")])
    assert r[0]["status"] == 202, f"a §4 type name is accepted as the status: {r!r}"
    assert ctx.api.messages(event="map-own-name")[0]["type"] == "OUT_FOR_DELIVERY"
    mail = ctx.smtp.wait_mail_to("map0@test.no")
    assert mail.subject == "ORDER_PLACED KRT-MAP-0 SH-FY-MAP-0", \
        f"order.number is affiliate_order_id, data.shipment_id the shipment: {mail.subject!r}"


def case_other_statuses_are_ignored_unless_defined(ctx):
    r = send(ctx, [ev("ign-1", "bag_packed", order="FY-IGN", email="ign@test.no"),
                   ev("ign-2", "delivery_attempt_failed", order="FY-IGN", email="ign@test.no")])
    for x in r:
        assert x["status"] == 200 and x["body"] == {"ignored": True}, x
    assert ctx.api.messages(order="FY-IGN") == []
    status, body = ctx.api.post("/v1/order-statuses", {"name": "Packed", "type": "delivery",
                                                       "code": "bag_packed"})
    assert status == 201, f"POST /v1/order-statuses: {status} {body!r}"
    ctx.api.put_template("bag_packed", {"channel": "email", "locale": "en",
                                        "subject": "Packed {{order.number}}", "text": "packed"})
    r = send(ctx, [ev("ign-3", "bag_packed", order="FY-IGN", email="ign@test.no")])[0]
    assert r["status"] == 202 and len(r["body"]["messages"]) == 1, \
        f"a status the store defined is an event: {r!r}"
    assert ctx.smtp.wait_mail_to("ign@test.no").subject == "Packed KRT-1"


def case_storm_over_one_order_sends_each_message_once(ctx):
    statuses = ["placed", "bag_confirmed", "bag_reached_hub", "dp_assigned", "bag_picked",
                "out_for_delivery", "delivery_attempt_failed", "delivery_done"]
    events = [ev(f"storm-{i}", s, order="FY-STORM", number="KRT-STORM",
                 email="storm@test.no", at=T0 + 60 * i) for i, s in enumerate(statuses)]
    results = send(ctx, events, duplicates=3, order="shuffle", seed=7, concurrency=4,
                   delay_ms=20)
    assert len(results) == 4 * len(events), results
    by_event: dict = {}
    for r in results:
        by_event.setdefault(r["event_id"], []).append(r)
    for e in events:
        answers = by_event[e["event_id"]]
        if e["status"] in MAPPED:
            codes = sorted(a["status"] for a in answers)
            assert codes == [200, 200, 200, 202], f"{e['event_id']}: {answers!r}"
            ids = {tuple(m["id"] for m in a["body"]["messages"]) for a in answers}
            assert len(ids) == 1, f"every answer names the same messages: {answers!r}"
        else:
            assert all(a["status"] == 200 and a["body"] == {"ignored": True} for a in answers), \
                answers
    # a late copy, after everything else
    late = send(ctx, [events[0]], delay_ms=300)[0]
    assert late["status"] == 200 and late["body"]["duplicate"] is True, late
    mapped = [e for e in events if e["status"] in MAPPED]
    sent = settle(ctx, [e["event_id"] for e in mapped])
    assert len(sent) == len(mapped), f"one message per mapped status: {sent!r}"
    mails = ctx.smtp.mails_to("storm@test.no")
    subjects = sorted(m.subject for m in mails)
    want = sorted(f"{MAPPED[e['status']]} KRT-STORM SH-FY-STORM" for e in mapped)
    assert subjects == want, f"each message exactly once: {subjects!r}, want {want!r}"


def case_the_orders_oms_history_is_read_over_http(ctx):
    order = "FY-HIST"
    # bag_reached_hub and delivery_attempt_failed map to no event (bag_packed is a status code
    # of this store since case_other_statuses_are_ignored_unless_defined)
    statuses = ["placed", "bag_reached_hub", "out_for_delivery", "delivery_attempt_failed"]
    events = [ev(f"hist-{i}", s, order=order, number="KRT-HIST", email="hist@test.no",
                 at=T0 + 60 * i) for i, s in enumerate(statuses)]
    # newest first, each webhook twice: the history still reads as it happened, once each
    results = send(ctx, events, duplicates=1, order="reverse")
    assert sorted(r["status"] for r in results) == [200] * 6 + [202] * 2, results
    status, body = ctx.api.get(f"/v1/orders/{order}")
    assert status == 200, f"GET /v1/orders/{order}: {status} {body!r}"
    history = body["oms_history"]
    assert [x["status"] for x in history] == statuses, f"as it happened, once each: {history!r}"
    assert [x["event_id"] for x in history] == [e["event_id"] for e in events], history
    messages = {m["event_id"]: m["id"] for m in body["messages"]}
    for i, x in enumerate(history):
        assert h.parse_time(x["at"]).timestamp() == T0 + 60 * i, x
        assert h.parse_time(x["received_at"]).year >= 2025, x
        assert x["shipment_id"] == "SH-" + order, x
        if statuses[i] in MAPPED:
            assert x["event_type"] == MAPPED[statuses[i]], f"a status that sent a message: {x!r}"
            assert x["messages"] == [messages[x["event_id"]]], f"the message it sent: {x!r}"
        else:
            assert x["event_type"] is None and x["messages"] == [], f"recorded only: {x!r}"
    # an order the OMS only reported statuses for that send nothing is still found
    r = send(ctx, [ev("hist-only", "bag_reached_hub", order="FY-HIST-ONLY",
                      email="only@test.no")])[0]
    assert r["status"] == 200 and r["body"] == {"ignored": True}, r
    status, body = ctx.api.get("/v1/orders/FY-HIST-ONLY")
    assert status == 200 and body["messages"] == [], f"{status} {body!r}"
    assert [(x["status"], x["event_type"]) for x in body["oms_history"]] == \
        [("bag_reached_hub", None)], \
        body["oms_history"]
    status, body = ctx.api.get("/v1/orders/FY-NEVER-SEEN")
    assert status == 404, f"an order nothing is known of: {status} {body!r}"


if __name__ == "__main__":
    h.main("oms_webhooks", setup, [
        case_signature_is_checked_over_the_raw_body,
        case_a_signed_envelope_without_a_status_is_400_naming_it,
        case_unknown_store_or_connector_off_is_404,
        case_every_status_of_the_table_maps_to_its_event,
        case_other_statuses_are_ignored_unless_defined,
        case_storm_over_one_order_sends_each_message_once,
        case_the_orders_oms_history_is_read_over_http,
    ])
