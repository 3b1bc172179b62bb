#!/usr/bin/python3
"""The inventory sync in the background (contract §12.4) over HTTP against the test OMS
(tests/support/test_oms.py). Herald runs with `[oms] sync_interval_seconds = 2` standing in for
every store's 15-60 minutes and a first retry after a second, and nothing here calls
POST /v1/oms/sync: a connected store's stock arrives by itself, a change at the OMS follows at
the next interval, and while the OMS fails the synced stock stays and the cursor is kept, so a
change made during the failure arrives once the OMS answers again."""

import sys
import time
import urllib.parse
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402

POLL_PATH = "/service/application/catalog/v1.0/products/stock-status/poll/"
EPOCH = "1970-01-01T00:00:00Z"


def setup(run):
    oms = run.test_oms()
    herald = run.start_herald(overrides={"oms": {
        "sync_interval_seconds": 2, "sync_retry_initial_seconds": 1}})
    return SimpleNamespace(run=run, herald=herald, oms=oms, connected=[])


def quantities(api: h.Api, skus: list[str]) -> dict:
    status, body = api.get("/v1/stock", params={"sku": ",".join(skus)})
    assert status == 200, f"GET /v1/stock: {status} {body!r}"
    return {i["sku"]: i["quantity"] for i in body["items"]}


def connect(ctx, slug: str, skus: list[str], **settings) -> h.Api:
    """A new store connected to the test OMS, the stores of earlier cases switched off first (so
    the polls the OMS sees are this store's)."""
    for other in ctx.connected:
        status, body = other.put("/v1/oms", {"enabled": False})
        assert status == 200, f"PUT /v1/oms enabled false: {status} {body!r}"
    api = ctx.herald.client(ctx.herald.store_add(slug))
    status, body = api.put("/v1/catalog/skus", {"skus": skus})
    assert status == 200, f"PUT /v1/catalog/skus: {status} {body!r}"
    status, body = api.put("/v1/oms", ctx.oms.settings(**settings))
    assert status == 200, f"PUT /v1/oms: {status} {body!r}"
    ctx.connected.append(api)
    return api


def poll_timestamps(ctx) -> list[str]:
    """The `timestamp` of every stock-change poll the test OMS received, oldest first."""
    out = []
    for c in ctx.oms.calls():
        if c["path"] != POLL_PATH:
            continue
        q = c["query"] if isinstance(c["query"], dict) else dict(urllib.parse.parse_qsl(c["query"]))
        t = q["timestamp"]
        out.append(t[0] if isinstance(t, list) else t)
    return out


def case_a_connected_store_is_synced_in_the_background(ctx):
    ctx.oms.control("POST", "/reset")
    hour_ago = time.time() - 3600
    ctx.oms.set_stock([{"sku": "TS-S", "size": "S", "quantity": 5, "changed_at": hour_ago},
                       {"sku": "TS-XL", "size": "XL", "quantity": 4, "changed_at": hour_ago}])
    api = connect(ctx, "bg1", ["TS-S", "TS-M"], safety_stock=1)
    h.wait_for(lambda: quantities(api, ["TS-S"]) == {"TS-S": 4}, what="the first background sync")
    status, body = api.get("/v1/oms/unmapped")
    assert status == 200 and [(i["sku"], i["quantity"]) for i in body["items"]] == \
        [("TS-XL", 4)], f"unmapped after the background sync: {status} {body!r}"
    ctx.oms.set_stock([{"sku": "TS-M", "size": "M", "quantity": 9}])
    h.wait_for(lambda: quantities(api, ["TS-M"]) == {"TS-M": 8},
               what="a change at the OMS synced at the next interval")
    stamps = poll_timestamps(ctx)
    assert stamps[0] == EPOCH, f"the first sync must ask from {EPOCH}: {stamps}"
    assert len(stamps) >= 2 and stamps[-1] > EPOCH, f"the cursor did not move on: {stamps}"


def case_a_failing_oms_keeps_the_stock_and_the_cursor(ctx):
    ctx.oms.control("POST", "/reset")
    ctx.oms.set_stock([{"sku": "A", "size": "-", "quantity": 3, "changed_at": time.time() - 60}])
    api = connect(ctx, "bg2", ["A", "B"])
    h.wait_for(lambda: quantities(api, ["A"]) == {"A": 3}, what="the first background sync")

    ctx.oms.fault("status", status=503)
    ctx.oms.set_stock([{"sku": "B", "size": "-", "quantity": 7}])  # changed during the failure
    ctx.oms.control("POST", "/calls/clear")
    h.wait_for(lambda: len(poll_timestamps(ctx)) >= 3, timeout=30,
               what="the background sync retried while the OMS answers 503")
    # (B, sold and unknown to the OMS, was written with 0 by the first sync)
    assert quantities(api, ["A", "B"]) == {"A": 3, "B": 0}, "a failed sync changed the stock"
    failed = poll_timestamps(ctx)
    assert len(set(failed)) == 1, f"failed syncs moved the cursor: {failed}"

    ctx.oms.fault("none")
    h.wait_for(lambda: quantities(api, ["B"]) == {"B": 7}, timeout=30,
               what="the change made during the failure, once the OMS answers again")
    assert quantities(api, ["A"]) == {"A": 3}


CASES = [case_a_connected_store_is_synced_in_the_background,
         case_a_failing_oms_keeps_the_stock_and_the_cursor]

if __name__ == "__main__":
    h.main("test_oms_background_sync", setup, CASES)
