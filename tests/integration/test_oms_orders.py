#!/usr/bin/python3
"""OMS orders (contract §12.5) against the test OMS (tests/support/test_oms.py), stores made with
the CLI: serviceability passed on, prepaid orders placed at once and kept missing until paid, COD
orders placed, a repeated push answered from what is stored (one push at the OMS), a push the
OMS refused or did not answer kept as push_failed and retried until placed, payment
confirmation, the reconciler following the OMS for orders still missing, the track answer, the
list by state with its cursor, bad input naming the field, and 503 naming "oms" for each kind of
OMS fault.

Herald runs with the [oms] waits shortened (missing after 2 s, checked every second, retries
after a second); the 15 minutes themselves are unit-tested on an injected clock
(tests/oms/order_service_test.cpp)."""

import json
import sys
import threading
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402

OMS_FAULT = {"error": "the OMS did not answer", "field": "oms"}


def setup(run):
    oms = run.test_oms()
    herald = run.start_herald(overrides={"oms": {
        "missing_after_seconds": 2, "missing_check_seconds": 1,
        "retry_initial_seconds": 1, "retry_max_seconds": 1}})
    ctx = SimpleNamespace(run=run, herald=herald, oms=oms, stores={})
    return ctx


def store(ctx, slug):
    """A store made with `herald store add`, its connector pointing at the test OMS."""
    if slug not in ctx.stores:
        api = ctx.herald.client(ctx.herald.store_add(slug))
        status, body = api.put("/v1/oms", ctx.oms.settings())
        assert status == 200, f"PUT /v1/oms: {status} {body!r}"
        ctx.stores[slug] = api
    return ctx.stores[slug]


def order(order_id, payment="prepaid", pincode="560001"):
    return {"order_id": order_id, "payment": payment,
            "customer": {"name": "Sara", "email": "sara@test.no", "phone": "+4790000000"},
            "address": {"line1": "MG Road 1", "city": "Bengaluru", "pincode": pincode},
            "items": [{"sku": "TS-M", "qty": 1, "price": 499.0},
                      {"sku": "TS-L", "qty": 2, "price": 499.0}]}


def push(api, body, expect):
    status, answer = api.post("/v1/oms/orders", body)
    assert status == expect, f"POST /v1/oms/orders {body['order_id']}: {status} {answer!r}"
    return answer


def get_order(api, order_id):
    status, body = api.get(f"/v1/oms/orders/{order_id}")
    assert status == 200, f"GET /v1/oms/orders/{order_id}: {status} {body!r}"
    return body


def wait_state(api, order_id, state, timeout=30):
    seen = []

    def check():
        o = get_order(api, order_id)
        if not seen or seen[-1] != o["state"]:
            seen.append(o["state"])
        return o if o["state"] == state else None
    try:
        return h.wait_for(check, timeout, what=f"order {order_id} in state {state}")
    except AssertionError as e:
        raise AssertionError(f"{e}; states seen: {seen}") from None


def oms_calls(ctx, method, path):
    return [c for c in ctx.oms.calls() if c["method"] == method and c["path"] == path]


def oms_order(ctx, fynd_order_id):
    for o in ctx.oms.control("GET", "/orders")["orders"]:
        if o["fynd_order_id"] == fynd_order_id:
            return o
    raise AssertionError(f"the OMS has no order {fynd_order_id}")


def case_serviceability_is_the_oms_answer(ctx):
    api = store(ctx, "shop")
    ctx.oms.control("POST", "/serviceability", {"unserviceable": ["99999"], "no_cod": ["12345"]})
    items = [{"sku": "TS-M", "qty": 1}]
    status, body = api.post("/v1/oms/serviceability",
                            {"pincode": "99999", "payment": "cod", "items": items})
    assert status == 200 and body["serviceable"] is False, f"{status} {body!r}"
    assert body["message"] == "We are not delivering to 99999", body
    status, body = api.post("/v1/oms/serviceability",
                            {"pincode": "12345", "payment": "prepaid", "items": items})
    assert status == 200 and body["serviceable"] is True and body["cod_available"] is False, body
    assert body["promise"] == {"min": "2 days", "max": "5 days"}, body
    sent = oms_calls(ctx, "POST", "/serviceability")[-1]
    assert json.loads(sent["body"]) == {"pincode": "12345", "payment": "prepaid",
                                          "items": [{"sku": "TS-M", "qty": 1}]}, sent


def case_prepaid_is_missing_until_paid_and_cod_is_placed(ctx):
    api = store(ctx, "shop")
    placed = push(api, order("KRT-P1"), 201)
    assert placed["state"] == "missing" and placed["fynd_order_id"], placed
    assert placed["duplicate"] is False and placed["payment"] == "prepaid", placed
    assert oms_order(ctx, placed["fynd_order_id"])["order_id"] == "KRT-P1"
    sent = json.loads(oms_calls(ctx, "POST", "/orders")[-1]["body"])
    assert sent["order_id"] == "KRT-P1" and sent["address"]["pincode"] == "560001", sent
    assert [i["sku"] for i in sent["items"]] == ["TS-M", "TS-L"], sent

    cod = push(api, order("KRT-C1", "cod"), 201)
    assert cod["state"] == "placed" and cod["fynd_order_id"], cod
    assert cod["fynd_order_id"] != placed["fynd_order_id"], (cod, placed)

    status, body = api.post("/v1/oms/orders/KRT-P1/payment",
                            {"status": "paid", "gateway": "razorpay", "reference": "pay_9"})
    assert status == 200 and body["state"] == "placed", f"payment: {status} {body!r}"
    paid = oms_calls(ctx, "POST", f"/orders/{placed['fynd_order_id']}/payment")
    assert len(paid) == 1 and json.loads(paid[0]["body"])["reference"] == "pay_9", paid
    # confirmed again: the stored answer, no second call
    status, body = api.post("/v1/oms/orders/KRT-P1/payment", {"status": "paid"})
    assert status == 200 and body["state"] == "placed", f"{status} {body!r}"
    assert len(oms_calls(ctx, "POST", f"/orders/{placed['fynd_order_id']}/payment")) == 1
    # a COD order takes no payment confirmation
    status, body = api.post("/v1/oms/orders/KRT-C1/payment", {"status": "paid"})
    assert status == 409 and body.get("field") == "order_id", f"{status} {body!r}"

    push(api, order("KRT-P2"), 201)
    status, body = api.post("/v1/oms/orders/KRT-P2/payment", {"status": "failed"})
    assert status == 200 and body["state"] == "payment_failed", f"{status} {body!r}"


def case_a_repeated_push_answers_the_stored_result(ctx):
    api = store(ctx, "shop")
    first = push(api, order("KRT-R1", "cod"), 201)
    again = push(api, {**order("KRT-R1", "prepaid"), "items": [{"sku": "X", "qty": 9}]}, 200)
    assert again["duplicate"] is True, again
    for k in ("fynd_order_id", "state", "payment", "created_at"):
        assert again[k] == first[k], (k, first, again)
    pushed = [c for c in oms_calls(ctx, "POST", "/orders")
              if json.loads(c["body"])["order_id"] == "KRT-R1"]
    assert len(pushed) == 1, f"the OMS got {len(pushed)} pushes of KRT-R1"
    # the same order id in another store is another order
    other = push(store(ctx, "other"), order("KRT-R1", "cod"), 201)
    assert other["duplicate"] is False, other


def case_a_repeat_during_the_first_push_makes_no_second_push(ctx):
    api = store(ctx, "shop")
    ctx.oms.fault("delay", seconds=3, times=1, path="/orders", method="POST")
    answers = {}

    def first():
        answers["first"] = api.post("/v1/oms/orders", order("KRT-R2", "cod"))
    t = threading.Thread(target=first)
    t.start()
    h.wait_for(lambda: [c for c in oms_calls(ctx, "POST", "/orders")
                        if json.loads(c["body"])["order_id"] == "KRT-R2"], 10,
               what="the first push at the OMS")
    status, again = api.post("/v1/oms/orders", order("KRT-R2", "cod"))
    t.join()
    assert status == 200 and again["duplicate"] is True, f"{status} {again!r}"
    assert again["state"] == "push_failed" and "not finished" in again["error"], again
    status, first_answer = answers["first"]
    assert status == 201 and first_answer["state"] == "placed", f"{status} {first_answer!r}"
    pushed = [c for c in oms_calls(ctx, "POST", "/orders")
              if json.loads(c["body"])["order_id"] == "KRT-R2"]
    assert len(pushed) == 1, f"the OMS got {len(pushed)} pushes of KRT-R2"
    ctx.oms.fault("none")


def case_a_push_the_oms_did_not_take_is_retried_until_placed(ctx):
    api = store(ctx, "shop")
    ctx.oms.fault("status", status=503, times=2, path="/orders", method="POST")
    failed = push(api, order("KRT-F1", "cod"), 202)
    assert failed["state"] == "push_failed" and failed["fynd_order_id"] is None, failed
    assert "did not answer" in failed["error"] and failed["next_attempt_at"], failed
    placed = wait_state(api, "KRT-F1", "placed")
    assert placed["attempts"] == 3 and placed["error"] is None, placed
    assert placed["fynd_order_id"], placed

    # a refusal (4xx) is kept and retried too, never dropped
    ctx.oms.fault("status", status=422, times=1, path="/orders", method="POST")
    refused = push(api, order("KRT-F2"), 202)
    assert refused["state"] == "push_failed" and "refused" in refused["error"], refused
    status, listed = api.get("/v1/oms/orders", params={"state": "push_failed"})
    assert status == 200, listed
    missing = wait_state(api, "KRT-F2", "missing")
    assert missing["attempts"] == 2 and missing["fynd_order_id"], missing
    ctx.oms.fault("none")


def case_the_reconciler_follows_the_oms_for_missing_orders(ctx):
    api = store(ctx, "shop")
    paid = push(api, order("KRT-M1"), 201)
    gone = push(api, order("KRT-M2"), 201)
    waiting = push(api, order("KRT-M3"), 201)
    # the payment reached the OMS but never Herald; the OMS cancelled the other
    ctx.oms.control("POST", "/orders", {**oms_order(ctx, paid["fynd_order_id"]),
                                        "status": "placed", "payment_status": "paid"})
    ctx.oms.control("POST", "/orders", {**oms_order(ctx, gone["fynd_order_id"]),
                                        "status": "cancelled"})
    placed = wait_state(api, "KRT-M1", "placed")
    assert placed["oms_status"] == "placed", placed
    cancelled = wait_state(api, "KRT-M2", "cancelled")
    assert cancelled["oms_status"] == "cancelled", cancelled
    # still unpaid at the OMS: asked again and again, and still missing
    fid = waiting["fynd_order_id"]
    h.wait_for(lambda: len(oms_calls(ctx, "GET", f"/orders/{fid}")) >= 2, 30,
               what=f"two status checks of {fid}")
    assert get_order(api, "KRT-M3")["state"] == "missing"
    status, body = api.post("/v1/oms/orders/KRT-M3/payment", {"status": "paid"})
    assert status == 200 and body["state"] == "placed", f"{status} {body!r}"


def case_the_list_is_by_state_oldest_first_with_a_cursor(ctx):
    api = store(ctx, "lists")
    for i in range(5):
        push(api, order(f"KRT-L{i}", "cod"), 201)
    seen, params = [], {"state": "placed", "limit": 2}
    for _ in range(10):
        status, body = api.get("/v1/oms/orders", params=params)
        assert status == 200, f"{status} {body!r}"
        seen += [o["order_id"] for o in body["items"]]
        if not body["next_cursor"]:
            break
        params["cursor"] = body["next_cursor"]
    assert seen == [f"KRT-L{i}" for i in range(5)], seen
    status, body = api.get("/v1/oms/orders", params={"state": "missing"})
    assert status == 200 and body["items"] == [], body
    status, body = store(ctx, "shop").get("/v1/oms/orders")
    assert status == 200 and "KRT-L0" not in [o["order_id"] for o in body["items"]], body
    for params, field in (({"state": "lost"}, "state"), ({"limit": "0"}, "limit"),
                          ({"cursor": "zz"}, "cursor")):
        status, body = api.get("/v1/oms/orders", params=params)
        assert status == 400 and body.get("field") == field, f"{params}: {status} {body!r}"


def case_track_shows_returnable_and_cancellable_per_bag(ctx):
    api = store(ctx, "shop")
    placed = push(api, order("KRT-T1", "cod"), 201)
    fid = placed["fynd_order_id"]
    ctx.oms.control("POST", "/orders", {
        **oms_order(ctx, fid), "shipments": [{
            "shipment_id": "SH-9", "status": "delivery_done", "tracking_url": "https://c.example/9",
            "bags": [{"bag_id": "B-1", "sku": "TS-M", "returnable": True, "cancellable": False},
                     {"bag_id": "B-2", "sku": "TS-L", "returnable": False,
                      "cancellable": False}],
            "history": [{"status": "placed", "at": "2026-12-01T10:00:00Z"},
                        {"status": "delivery_done", "at": "2026-12-03T10:00:00Z"}]}]})
    status, body = api.get("/v1/oms/orders/KRT-T1/track")
    assert status == 200, f"track: {status} {body!r}"
    assert body["order_id"] == "KRT-T1" and body["fynd_order_id"] == fid, body
    bags = body["shipments"][0]["bags"]
    assert [(b["bag_id"], b["returnable"], b["cancellable"]) for b in bags] == \
        [("B-1", True, False), ("B-2", False, False)], bags
    assert body["shipments"][0]["history"][-1]["status"] == "delivery_done", body
    status, body = api.get("/v1/oms/orders/KRT-NOPE/track")
    assert status == 404, f"unknown order: {status} {body!r}"


def case_bad_input_names_the_field(ctx):
    api = store(ctx, "shop")
    good = order("KRT-B1")
    bad = [({**good, "payment": "card"}, "payment"),
           ({k: v for k, v in good.items() if k != "order_id"}, "order_id"),
           ({**good, "address": {"city": "X"}}, "address.pincode"),
           ({**good, "items": []}, "items"),
           ({**good, "items": [{"sku": "A", "qty": "1"}]}, "items[0].qty")]
    for body, field in bad:
        status, answer = api.post("/v1/oms/orders", body)
        assert status == 400 and answer.get("field") == field, f"{field}: {status} {answer!r}"
    status, answer = api.get("/v1/oms/orders/KRT-B1")
    assert status == 404, f"a refused order is not stored: {status} {answer!r}"
    status, answer = api.post("/v1/oms/serviceability", {"payment": "cod", "items": []})
    assert status == 400 and answer.get("field") == "pincode", f"{status} {answer!r}"
    push(api, order("KRT-B2"), 201)
    status, answer = api.post("/v1/oms/orders/KRT-B2/payment", {"status": "maybe"})
    assert status == 400 and answer.get("field") == "status", f"{status} {answer!r}"
    status, answer = api.post("/v1/oms/orders/KRT-NOPE/payment", {"status": "paid"})
    assert status == 404, f"{status} {answer!r}"
    # a store without a connector: nothing to push to
    bare = ctx.herald.client(ctx.herald.store_add("bare"))
    status, answer = bare.post("/v1/oms/orders", order("KRT-B3"))
    assert status == 404, f"no connector: {status} {answer!r}"
    status, answer = bare.get("/v1/oms/orders/KRT-B3")
    assert status == 404, f"{status} {answer!r}"


def case_each_oms_fault_answers_503(ctx):
    api = store(ctx, "faults")
    ready = push(api, order("KRT-X1"), 201)
    push(api, order("KRT-X2", "cod"), 201)
    serviceability = {"pincode": "560001", "payment": "cod", "items": [{"sku": "A", "qty": 1}]}
    calls = [("POST", "/v1/oms/serviceability", serviceability),
             ("POST", "/v1/oms/orders/KRT-X1/payment", {"status": "paid"}),
             ("GET", "/v1/oms/orders/KRT-X2/track", None)]
    for kind, switch in (("5xx", lambda: ctx.oms.fault("status", status=502)),
                         ("timeout", lambda: ctx.oms.fault("delay", seconds=12)),
                         ("refused", lambda: ctx.oms.fault("refuse"))):
        switch()
        try:
            for method, path, body in calls if kind != "timeout" else calls[:1]:
                status, answer = api.request(method, path, body=body, timeout=60)
                assert status == 503 and answer == OMS_FAULT, \
                    f"{kind}: {method} {path}: {status} {answer!r}"
            # an order pushed meanwhile is kept, to be retried
            if kind != "timeout":
                kept = push(api, order(f"KRT-X-{kind}", "cod"), 202)
                assert kept["state"] == "push_failed", kept
        finally:
            ctx.oms.control("POST", "/listen")
            ctx.oms.fault("none")
    assert get_order(api, "KRT-X1")["state"] == "missing", "a failed payment call changed it"
    for kind in ("5xx", "refused"):
        wait_state(api, f"KRT-X-{kind}", "placed")
    assert ready["fynd_order_id"]


if __name__ == "__main__":
    h.main("oms_orders", setup, [
        case_serviceability_is_the_oms_answer,
        case_prepaid_is_missing_until_paid_and_cod_is_placed,
        case_a_repeated_push_answers_the_stored_result,
        case_a_repeat_during_the_first_push_makes_no_second_push,
        case_a_push_the_oms_did_not_take_is_retried_until_placed,
        case_the_reconciler_follows_the_oms_for_missing_orders,
        case_the_list_is_by_state_oldest_first_with_a_cursor,
        case_track_shows_returnable_and_cancellable_per_bag,
        case_bad_input_names_the_field,
        case_each_oms_fault_answers_503,
    ])
