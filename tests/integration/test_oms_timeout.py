#!/usr/bin/python3
"""The OMS timeout through the real interface (contract §12.2, `[oms] timeout_seconds`): Herald
runs with a 1 s timeout and the test OMS (tests/support/test_oms.py) holds its answers 4 s, less
than the default 10 s, so only the setting turns them into timeouts. A storefront call answers
503 naming "oms", the call log records the call that timed out, and an order push that timed
out is kept as push_failed, retried while the OMS stays slow, and placed once it answers in
time again, once at the OMS."""

import sys
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402

OMS_FAULT = {"error": "the OMS did not answer", "field": "oms"}
SLOW_SECONDS = 4  # the test OMS's delay: over the 1 s configured, under the default 10 s


def setup(run):
    oms = run.test_oms()
    herald = run.start_herald(overrides={"oms": {
        "timeout_seconds": 1, "retry_initial_seconds": 1, "retry_max_seconds": 1}})
    api = herald.client(herald.store_add("shop"))
    status, body = api.put("/v1/oms", oms.settings())
    assert status == 200, f"PUT /v1/oms: {status} {body!r}"
    return SimpleNamespace(run=run, herald=herald, oms=oms, api=api)


def logged_calls(api, limit=50) -> list[dict]:
    status, body = api.get("/v1/oms/calls", params={"limit": limit})
    assert status == 200, f"GET /v1/oms/calls: {status} {body!r}"
    return body["items"]


def order(order_id):
    return {"order_id": order_id, "payment": "cod",
            "customer": {"name": "Sara", "email": "sara@test.no", "phone": "+4790000000"},
            "address": {"line1": "MG Road 1", "city": "Bengaluru", "pincode": "560001"},
            "items": [{"sku": "TS-M", "qty": 1, "price": 499.0}]}


def get_order(api, order_id) -> dict:
    status, body = api.get(f"/v1/oms/orders/{order_id}")
    assert status == 200, f"GET /v1/oms/orders/{order_id}: {status} {body!r}"
    return body


def case_a_storefront_call_past_the_timeout_answers_503(ctx):
    serviceability = {"pincode": "560001", "payment": "cod", "items": [{"sku": "A", "qty": 1}]}
    stock_check = {"items": [{"sku": "A", "qty": 1}]}
    ctx.oms.set_stock([{"sku": "A", "quantity": 3}])
    ctx.oms.fault("delay", seconds=SLOW_SECONDS)
    try:
        status, body = ctx.api.post("/v1/oms/serviceability", serviceability, timeout=60)
        assert status == 503 and body == OMS_FAULT, f"serviceability: {status} {body!r}"
        status, body = ctx.api.post("/v1/carts/C-1/stock-check", stock_check, timeout=60)
        assert status == 503 and body == OMS_FAULT, f"stock-check: {status} {body!r}"
    finally:
        ctx.oms.fault("none")
    newest = logged_calls(ctx.api, 2)
    assert [(c["method"], c["path"].split("?")[0]) for c in newest] == [
        ("GET", "/service/application/catalog/v1.0/products/stock-status/"),
        ("POST", "/serviceability")], newest
    for c in newest:
        assert c["status"] == 0 and "timed out" in (c["error"] or ""), f"call log: {c!r}"
        assert "no answer within 1000 ms" in c["error"], f"the timeout is not the setting: {c!r}"
    # The connector itself is fine: the same calls answer once the OMS is quick again.
    status, body = ctx.api.post("/v1/oms/serviceability", serviceability)
    assert status == 200 and body["serviceable"] is True, f"{status} {body!r}"
    status, body = ctx.api.post("/v1/carts/C-1/stock-check", stock_check)
    assert status == 200 and body["ok"] is True, f"{status} {body!r}"


def case_a_push_that_timed_out_is_retried_until_placed(ctx):
    ctx.oms.fault("delay", seconds=SLOW_SECONDS, path="/orders", method="POST")
    try:
        status, first = ctx.api.post("/v1/oms/orders", order("KRT-T1"), timeout=60)
        assert status == 202, f"push while the OMS is slow: {status} {first!r}"
        assert first["state"] == "push_failed" and "(timeout)" in first["error"], first
        # The background retry times out as well, and the order stays kept.
        retried = h.wait_for(lambda: (lambda o: o if o["attempts"] >= 2 else None)(
            get_order(ctx.api, "KRT-T1")), 30, what="a retry of KRT-T1 while the OMS is slow")
        assert retried["state"] == "push_failed" and "(timeout)" in retried["error"], retried
    finally:
        ctx.oms.fault("none")
    placed = h.wait_for(lambda: (lambda o: o if o["state"] == "placed" else None)(
        get_order(ctx.api, "KRT-T1")), 30, what="KRT-T1 placed once the OMS answers in time")
    assert placed["fynd_order_id"] and placed["error"] is None, placed
    # Pushes the OMS received but Herald gave up on carried the same order id: one order there.
    at_oms = [o for o in ctx.oms.control("GET", "/orders")["orders"]
              if o["order_id"] == "KRT-T1"]
    assert len(at_oms) == 1 and at_oms[0]["fynd_order_id"] == placed["fynd_order_id"], at_oms
    pushes = [c for c in logged_calls(ctx.api, 200)
              if c["order_id"] == "KRT-T1" and c["path"] == "/orders"]
    timed_out = [c for c in pushes if c["status"] == 0 and "timed out" in (c["error"] or "")]
    assert len(timed_out) >= 2 and pushes[0]["status"] == 200, pushes


if __name__ == "__main__":
    h.main("test_oms_timeout", setup, [
        case_a_storefront_call_past_the_timeout_answers_503,
        case_a_push_that_timed_out_is_retried_until_placed,
    ])
