#!/usr/bin/python3
"""Stock from the OMS (contract §12.4) over HTTP against the test OMS (tests/support/test_oms.py):
the storefront's SKU list, the inventory sync (first sync, changes only, safety stock, unmapped
SKUs, a failed sync keeping the cursor, a SKU the storefront starts selling synced at the next
sync though the OMS lists no change for it, a sync asked for while one runs answered 409), the
cart's stock check; bad input is refused naming the field."""

import sys
import threading
import time
import urllib.parse
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402


def setup(run):
    oms = run.test_oms()
    herald = run.start_herald()
    api = herald.client(herald.store_add("shop"))
    other = herald.client(herald.store_add("other"))
    return SimpleNamespace(run=run, herald=herald, api=api, other=other, oms=oms)


def refused(ctx, method, path, body=None, field=None, params=None):
    status, answer = ctx.api.request(method, path, body=body, params=params)
    assert status == 400, f"{method} {path} {body!r}: {status} {answer!r}"
    assert answer.get("field") == field, f"{method} {path} {body!r}: field {answer!r}"
    return answer


def case_sku_list_is_replaced_and_read(ctx):
    status, body = ctx.api.put("/v1/catalog/skus", {"skus": ["TS-S", "TS-M", "TS-L", "TS-M"]})
    assert status == 200, f"PUT /v1/catalog/skus: {status} {body!r}"
    assert body == {"skus": ["TS-L", "TS-M", "TS-S"]}, body
    status, body = ctx.api.put("/v1/catalog/skus", {"skus": ["TS-S", "TS-M"]})
    assert status == 200 and body == {"skus": ["TS-M", "TS-S"]}, (status, body)
    status, body = ctx.api.get("/v1/catalog/skus")
    assert status == 200 and body == {"skus": ["TS-M", "TS-S"]}, (status, body)
    status, body = ctx.other.get("/v1/catalog/skus")
    assert status == 200 and body == {"skus": []}, f"another store sees {body!r}"
    status, _ = ctx.api.with_key(None).get("/v1/catalog/skus")
    assert status == 401, status


def case_bad_sku_lists_are_refused_naming_the_field(ctx):
    ctx.api.put("/v1/catalog/skus", {"skus": ["KEEP"]})
    refused(ctx, "PUT", "/v1/catalog/skus", {}, "skus")
    refused(ctx, "PUT", "/v1/catalog/skus", {"skus": "TS-S"}, "skus")
    refused(ctx, "PUT", "/v1/catalog/skus", {"skus": ["TS-S", 7]}, "skus[1]")
    refused(ctx, "PUT", "/v1/catalog/skus", {"skus": ["TS-S", ""]}, "skus[1]")
    refused(ctx, "PUT", "/v1/catalog/skus", {"skus": ["A,B"]}, "skus[0]")
    refused(ctx, "PUT", "/v1/catalog/skus", {"skus": ["x" * 129]}, "skus[0]")
    refused(ctx, "PUT", "/v1/catalog/skus", {"skus": [" TS"]}, "skus[0]")
    status, body = ctx.api.get("/v1/catalog/skus")
    assert body == {"skus": ["KEEP"]}, f"a refused list changed the stored one: {body!r}"


def case_stock_of_skus_never_synced_has_no_quantity(ctx):
    status, body = ctx.api.get("/v1/stock", params={"sku": "TS-S,NOPE,TS-S"})
    assert status == 200, f"GET /v1/stock: {status} {body!r}"
    assert body == {"items": [{"sku": "TS-S", "quantity": None, "synced_at": None},
                              {"sku": "NOPE", "quantity": None, "synced_at": None}]}, body
    refused(ctx, "GET", "/v1/stock", field="sku")
    refused(ctx, "GET", "/v1/stock", field="sku", params={"sku": "A,,B"})
    refused(ctx, "GET", "/v1/stock", field="sku",
            params={"sku": ",".join(f"S{i}" for i in range(501))})
    status, body = ctx.api.get("/v1/oms/unmapped")
    assert status == 200 and body == {"items": []}, (status, body)


# ---- the inventory sync against the test OMS ---------------------------------------------------

OMS_DOWN = {"error": "the OMS did not answer", "field": "oms"}


def connected_store(ctx, slug: str, **settings) -> h.Api:
    """A new store whose connector points at the test OMS, its OMS emptied first."""
    api = ctx.herald.client(ctx.herald.store_add(slug))
    ctx.oms.control("POST", "/reset")
    status, body = api.put("/v1/oms", ctx.oms.settings(**settings))
    assert status == 200, f"PUT /v1/oms: {status} {body!r}"
    return api


def sync(api: h.Api) -> dict:
    status, body = api.post("/v1/oms/sync")
    assert status == 200, f"POST /v1/oms/sync: {status} {body!r}"
    assert set(body) == {"since", "until", "changed", "updated", "unmapped", "added"}, body
    return body


def quantities(api: h.Api, skus: list[str]) -> dict:
    status, body = api.get("/v1/stock", params={"sku": ",".join(skus)})
    assert status == 200, f"GET /v1/stock: {status} {body!r}"
    return {i["sku"]: i["quantity"] for i in body["items"]}


def oms_calls(ctx, kind: str) -> list[dict]:
    """The test OMS's calls of one kind ("poll" or "stock"), oldest first."""
    prefix = "/service/application/catalog/v1.0/products/stock-status/"
    calls = [c for c in ctx.oms.calls() if c["path"].startswith(prefix)]
    return [c for c in calls if c["path"].endswith("/poll/") == (kind == "poll")]


def query_of(call: dict) -> dict:
    q = call["query"]
    return q if isinstance(q, dict) else dict(urllib.parse.parse_qsl(q))


def first(v):
    return v[0] if isinstance(v, list) else v


def case_first_sync_sees_every_sku_then_only_changes(ctx):
    api = connected_store(ctx, "sync1", safety_stock=1)
    api.put("/v1/catalog/skus", {"skus": ["TS-S", "TS-M", "TS-L"]})
    hour_ago = time.time() - 3600
    ctx.oms.set_stock([{"sku": "TS-S", "size": "S", "quantity": 5, "changed_at": hour_ago},
                       {"sku": "TS-M", "size": "M", "quantity": 1, "changed_at": hour_ago},
                       {"sku": "TS-L", "size": "L", "quantity": 0, "changed_at": hour_ago},
                       {"sku": "TS-XL", "size": "XL", "quantity": 4, "changed_at": hour_ago}])
    one = sync(api)
    assert one["since"] == "1970-01-01T00:00:00Z", one
    assert (one["changed"], one["updated"], one["unmapped"]) == (4, 3, 1), one
    polls = oms_calls(ctx, "poll")
    assert len(polls) == 1 and first(query_of(polls[0])["timestamp"]) == one["since"], polls
    stock_calls = oms_calls(ctx, "stock")
    asked = sorted(s for c in stock_calls for s in first(query_of(c)["sku_code"]).split(","))
    assert asked == ["TS-L", "TS-M", "TS-S", "TS-XL"], asked
    assert quantities(api, ["TS-S", "TS-M", "TS-L"]) == {"TS-S": 4, "TS-M": 0, "TS-L": 0}
    status, body = api.get("/v1/oms/unmapped")
    assert status == 200 and [(i["sku"], i["quantity"]) for i in body["items"]] == \
        [("TS-XL", 4)], f"unmapped: {status} {body!r}"

    ctx.oms.control("POST", "/calls/clear")
    ctx.oms.set_stock([{"sku": "TS-M", "size": "M", "quantity": 6}])  # changed now
    two = sync(api)
    assert two["since"] == one["until"], (one, two)
    assert (two["changed"], two["updated"], two["unmapped"]) == (1, 1, 0), two
    stock_calls = oms_calls(ctx, "stock")
    assert [first(query_of(c)["sku_code"]) for c in stock_calls] == ["TS-M"], stock_calls
    assert quantities(api, ["TS-S", "TS-M"]) == {"TS-S": 4, "TS-M": 5}

    # A bigger safety stock applies from the next sync of a SKU on.
    status, body = api.put("/v1/oms", {"safety_stock": 3})
    assert status == 200, f"PUT /v1/oms safety_stock: {status} {body!r}"
    ctx.oms.set_stock([{"sku": "TS-S", "size": "S", "quantity": 5}])
    sync(api)
    # (TS-M, changed in the second the last sync started, may be seen again: never missed.)
    assert quantities(api, ["TS-S"]) == {"TS-S": 2}


def case_a_failed_sync_keeps_the_cursor_and_the_next_catches_up(ctx):
    api = connected_store(ctx, "sync2")
    api.put("/v1/catalog/skus", {"skus": ["A", "B", "C"]})
    ctx.oms.set_stock([{"sku": "A", "quantity": 1, "changed_at": time.time() - 3600}])
    last = sync(api)
    faults = [("a 503", {"mode": "status", "status": 503}),
              ("a timeout", {"mode": "delay", "seconds": 12, "times": 1}),
              ("a refused connection", {"mode": "refuse"})]
    for n, (what, fault) in enumerate(faults):
        sku = "ABC"[n]
        ctx.oms.set_stock([{"sku": sku, "quantity": 10 + n}])
        before = quantities(api, ["A", "B", "C"])
        ctx.oms.fault(**fault)
        status, body = api.post("/v1/oms/sync")
        assert status == 503 and body == OMS_DOWN, f"sync during {what}: {status} {body!r}"
        assert quantities(api, ["A", "B", "C"]) == before, f"{what} changed the stock"
        ctx.oms.fault("none")
        if fault["mode"] == "refuse":
            ctx.oms.control("POST", "/listen")
        ctx.oms.control("POST", "/calls/clear")
        after = sync(api)
        assert after["since"] == last["until"], f"after {what} the cursor moved: {last} {after}"
        assert after["changed"] >= 1, after
        polls = oms_calls(ctx, "poll")
        assert first(query_of(polls[0])["timestamp"]) == last["until"], polls
        assert quantities(api, [sku])[sku] == 10 + n, f"after {what}: {quantities(api, [sku])}"
        last = after


def case_a_newly_sold_sku_gets_its_stock_at_the_next_sync(ctx):
    api = connected_store(ctx, "newsku", safety_stock=1)
    api.put("/v1/catalog/skus", {"skus": ["TS-S"]})
    hour_ago = time.time() - 3600
    ctx.oms.set_stock([{"sku": "TS-S", "quantity": 5, "changed_at": hour_ago},
                       {"sku": "TS-XL", "quantity": 4, "changed_at": hour_ago}])
    one = sync(api)
    assert (one["changed"], one["added"]) == (2, 0), one
    # The storefront starts selling TS-XL (the OMS listed it unmapped) and TS-NEW (unknown to
    # the OMS); neither changes at the OMS.
    status, body = api.put("/v1/catalog/skus", {"skus": ["TS-S", "TS-XL", "TS-NEW"]})
    assert status == 200, f"PUT /v1/catalog/skus: {status} {body!r}"
    assert quantities(api, ["TS-XL", "TS-NEW"]) == {"TS-XL": None, "TS-NEW": None}
    ctx.oms.control("POST", "/calls/clear")
    two = sync(api)
    assert (two["changed"], two["updated"], two["unmapped"], two["added"]) == (0, 2, 0, 2), two
    asked = [first(query_of(c)["sku_code"]) for c in oms_calls(ctx, "stock")]
    assert asked == ["TS-NEW,TS-XL"], f"stock calls of the second sync: {asked}"
    assert quantities(api, ["TS-S", "TS-XL", "TS-NEW"]) == {"TS-S": 4, "TS-XL": 3, "TS-NEW": 0}
    status, body = api.get("/v1/stock", params={"sku": "TS-XL"})
    assert body["items"][0]["synced_at"] is not None, body
    # Synced once, they are asked about again only when they change.
    ctx.oms.control("POST", "/calls/clear")
    three = sync(api)
    assert (three["changed"], three["added"]) == (0, 0), three
    assert oms_calls(ctx, "stock") == [], oms_calls(ctx, "stock")


SYNC_RUNNING = {"error": "a sync is running", "field": "sync"}


def case_a_sync_asked_for_while_one_runs_answers_409(ctx):
    api = connected_store(ctx, "overlap")
    api.put("/v1/catalog/skus", {"skus": ["A"]})
    ctx.oms.set_stock([{"sku": "A", "quantity": 2, "changed_at": time.time() - 60}])
    # The first sync's poll is held 6 s (under the 10 s timeout): it is running meanwhile.
    ctx.oms.fault("delay", seconds=6, times=1, path="/poll/", method="GET")
    answers = {}
    first_sync = threading.Thread(target=lambda: answers.update(first=api.post("/v1/oms/sync")))
    first_sync.start()
    try:
        h.wait_for(lambda: oms_calls(ctx, "poll"), 10, what="the first sync's poll at the OMS")
        status, body = api.post("/v1/oms/sync")
        assert status == 409 and body == SYNC_RUNNING, f"the second sync: {status} {body!r}"
    finally:
        first_sync.join()
        ctx.oms.fault("none")
    status, body = answers["first"]
    assert status == 200 and body["updated"] == 1, f"the first sync: {status} {body!r}"
    assert len(oms_calls(ctx, "poll")) == 1, "the refused sync asked the OMS"
    assert quantities(api, ["A"]) == {"A": 2}
    after = sync(api)  # the first one has ended: the store syncs again
    assert after["since"] == body["until"], (body, after)


def case_on_demand_sync_needs_the_connector_on(ctx):
    api = ctx.herald.client(ctx.herald.store_add("noconn"))
    status, body = api.post("/v1/oms/sync")
    assert status == 404, f"sync without a connector: {status} {body!r}"
    api = connected_store(ctx, "off", enabled=False)
    status, body = api.post("/v1/oms/sync")
    assert status == 404, f"sync with the connector off: {status} {body!r}"


def case_cart_stock_check_asks_the_oms(ctx):
    api = connected_store(ctx, "cart", safety_stock=1)
    ctx.oms.set_stock([{"sku": "A", "quantity": 3}, {"sku": "B", "quantity": 1}])
    status, body = api.post("/v1/carts/CART-7/stock-check",
                            {"items": [{"sku": "A", "qty": 2}, {"sku": "B", "qty": 1},
                                       {"sku": "GONE", "qty": 1}]})
    assert status == 200, f"stock-check: {status} {body!r}"
    assert body == {"ok": False, "items": [
        {"sku": "A", "qty": 2, "available": 2, "ok": True},
        {"sku": "B", "qty": 1, "available": 0, "ok": False},
        {"sku": "GONE", "qty": 1, "available": 0, "ok": False}]}, body
    status, body = api.post("/v1/carts/CART-7/stock-check", {"items": [{"sku": "A", "qty": 2}]})
    assert status == 200 and body["ok"] is True, (status, body)
    ctx.oms.fault("status", status=502)
    status, body = api.post("/v1/carts/CART-7/stock-check", {"items": [{"sku": "A", "qty": 2}]})
    assert status == 503 and body == OMS_DOWN, f"stock-check on a fault: {status} {body!r}"
    ctx.oms.fault("none")
    for bad, field in (({}, "items"), ({"items": []}, "items"),
                       ({"items": [{"sku": "A"}]}, "items[0].qty"),
                       ({"items": [{"sku": "A", "qty": 0}]}, "items[0].qty"),
                       ({"items": [{"sku": "A", "qty": 1}, {"qty": 1}]}, "items[1].sku")):
        status, body = api.post("/v1/carts/CART-7/stock-check", bad)
        assert status == 400 and body.get("field") == field, f"{bad}: {status} {body!r}"


CASES = [case_sku_list_is_replaced_and_read, case_bad_sku_lists_are_refused_naming_the_field,
         case_stock_of_skus_never_synced_has_no_quantity,
         case_first_sync_sees_every_sku_then_only_changes,
         case_a_failed_sync_keeps_the_cursor_and_the_next_catches_up,
         case_a_newly_sold_sku_gets_its_stock_at_the_next_sync,
         case_a_sync_asked_for_while_one_runs_answers_409,
         case_on_demand_sync_needs_the_connector_on, case_cart_stock_check_asks_the_oms]

if __name__ == "__main__":
    h.main("test_oms_stock", setup, CASES)
