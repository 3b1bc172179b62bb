#!/usr/bin/python3
"""The OMS connector on two `herald serve` nodes sharing one PostgreSQL 15 database (contract
§11, §12), against one test OMS (tests/support/test_oms.py):
- a store's inventory sync runs on one node at a time: a sync asked of one node while the other
  runs one (held at the OMS by its delay switch) answers 409 naming "sync" and asks the OMS
  nothing; the next one, on either node, asks from where the first one ended;
- both nodes run the oms-orders reconciler's loop, yet each missing order is asked about at the
  OMS once and followed once (placed when the OMS was paid)."""

import json
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402

POLL_PATH = "/service/application/catalog/v1.0/products/stock-status/poll/"
SYNC_RUNNING = {"error": "a sync is running", "field": "sync"}


def node(run, url, name):
    return h.Herald(run, run.args.herald, name=name, overrides={
        "server": {"node_id": name},
        "storage": {"url": url, "lease_seconds": 3},
        "oms": {"missing_after_seconds": 4, "missing_check_seconds": 1,
                "retry_initial_seconds": 1, "retry_max_seconds": 1}})


def setup(run):
    pg = run.postgres()
    url = pg.create_database("oms")
    oms = run.test_oms()
    a = node(run, url, "node-a").start()
    b = node(run, url, "node-b").start()
    key = a.store_add("duo")
    api_a, api_b = a.client(key), b.client(key)
    status, body = api_a.put("/v1/oms", oms.settings())
    assert status == 200, f"PUT /v1/oms: {status} {body!r}"
    return SimpleNamespace(run=run, oms=oms, a=a, b=b, api_a=api_a, api_b=api_b)


def polls(ctx) -> list[dict]:
    return [c for c in ctx.oms.calls() if c["path"] == POLL_PATH]


def case_a_stores_sync_runs_on_one_node_at_a_time(ctx):
    ctx.api_a.put("/v1/catalog/skus", {"skus": ["A"]})
    ctx.oms.set_stock([{"sku": "A", "quantity": 2, "changed_at": time.time() - 60}])

    # The background sync of a store never synced may start on either node at any moment:
    # the first sync asked for is repeated until it is the one that ran.
    def first_sync():
        status, body = ctx.api_a.post("/v1/oms/sync")
        assert status in (200, 409), f"POST /v1/oms/sync: {status} {body!r}"
        return body if status == 200 else None
    h.wait_for(first_sync, 30, what="a first sync on node-a")

    ctx.oms.control("POST", "/calls/clear")
    ctx.oms.fault("delay", seconds=6, times=1, path="/poll/", method="GET")
    answers = {}
    slow = threading.Thread(target=lambda: answers.update(a=ctx.api_a.post("/v1/oms/sync")))
    slow.start()
    try:
        h.wait_for(lambda: polls(ctx), 10, what="node-a's sync at the OMS")
        status, body = ctx.api_b.post("/v1/oms/sync")
        assert status == 409 and body == SYNC_RUNNING, f"node-b's sync: {status} {body!r}"
    finally:
        slow.join()
        ctx.oms.fault("none")
    status, ran = answers["a"]
    assert status == 200, f"node-a's sync: {status} {ran!r}"
    assert len(polls(ctx)) == 1, f"the refused sync asked the OMS: {polls(ctx)}"

    status, after = ctx.api_b.post("/v1/oms/sync")
    assert status == 200, f"node-b's sync once node-a's ended: {status} {after!r}"
    assert after["since"] == ran["until"], (ran, after)


def order(order_id):
    return {"order_id": order_id, "payment": "prepaid",
            "customer": {"name": "Sara", "email": "sara@test.no", "phone": "+4790000000"},
            "address": {"line1": "MG Road 1", "city": "Bengaluru", "pincode": "560001"},
            "items": [{"sku": "TS-M", "qty": 1, "price": 499.0}]}


def case_a_missing_order_is_reconciled_once(ctx):
    pushed, marked_at = [], {}
    for i in range(6):
        api = ctx.api_a if i % 2 == 0 else ctx.api_b
        status, o = api.post("/v1/oms/orders", order(f"KRT-2N-{i}"))
        assert status == 201 and o["state"] == "missing", f"push {i}: {status} {o!r}"
        pushed.append(o)
        # The payment reaches the OMS but never Herald: the reconciler finds it, 4 s on.
        marked_at[f"/orders/{o['fynd_order_id']}"] = time.time()
        ctx.oms.control("POST", "/orders", {
            "fynd_order_id": o["fynd_order_id"], "order_id": o["order_id"], "status": "placed",
            "payment_status": "paid"})

    def all_placed():
        states = {}
        for i, o in enumerate(pushed):
            api = ctx.api_b if i % 2 == 0 else ctx.api_a
            status, body = api.get(f"/v1/oms/orders/{o['order_id']}")
            assert status == 200, f"{status} {body!r}"
            states[o["order_id"]] = body["state"]
        return states if set(states.values()) == {"placed"} else None
    h.wait_for(all_placed, 60, what="every missing order placed by the reconciler")

    # A second check racing the first would have reached the OMS by now.
    time.sleep(2)
    asked, early = {}, []
    for c in ctx.oms.calls():
        if c["method"] == "GET" and c["path"].startswith("/orders/"):
            asked[c["path"]] = asked.get(c["path"], 0) + 1
            if c["at"] < marked_at.get(c["path"], 0):
                early.append(c["path"])
    assert not early, f"checked before missing_after_seconds: {early}"
    want = {f"/orders/{o['fynd_order_id']}": 1 for o in pushed}
    assert asked == want, f"status calls at the OMS per order: {json.dumps(asked)}"
    status, body = ctx.api_a.get("/v1/oms/calls", params={"limit": 500})
    assert status == 200, body
    logged = [c for c in body["items"] if c["method"] == "GET" and c["path"] in want]
    assert len(logged) == len(pushed), f"status calls in the call log: {logged}"
    for o in pushed:
        status, body = ctx.api_a.get(f"/v1/oms/orders/{o['order_id']}")
        assert body["state"] == "placed" and body["oms_status"] == "placed", body


CASES = [case_a_stores_sync_runs_on_one_node_at_a_time, case_a_missing_order_is_reconciled_once]

if __name__ == "__main__":
    h.main("test_oms_two_nodes", setup, CASES)
