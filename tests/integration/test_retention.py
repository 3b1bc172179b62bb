#!/usr/bin/python3
"""Retention (contract §9) through `herald purge [--dry-run]` on a month of demo history, with
an OMS connector whose recent call log and reported statuses stay (their old rows going is
driven with an injected clock in tests/retention/purge_test.cpp and the storage conformance
suite)."""

import json
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402


def setup(run):
    herald = h.Herald(run, run.args.herald, run.smtp())
    code, out, err = herald.cli("demo", "--messages", "1500", timeout=300)
    assert code == 0, f"herald demo exited {code}: {err}"
    keys = {s["store"]: s["api_key"] for s in json.loads(out.strip().splitlines()[-1])["stores"]}
    herald.start()
    apis = {slug: herald.client(key) for slug, key in keys.items()}
    s, b = apis["loja-sol"].request("PATCH", "/v1/store",
                                    body={"content_days": 7, "metadata_days": 20})
    assert s == 200, (s, b)
    oms = run.test_oms()
    shop = apis["loja-sol"]
    s, b = shop.put("/v1/oms", oms.settings())
    assert s == 200, f"PUT /v1/oms: {s} {b!r}"
    s, b = shop.post("/v1/oms/check", {})
    assert s == 200, f"POST /v1/oms/check: {s} {b!r}"
    r = oms.send_webhooks(f"{herald.base}/v1/oms/webhook/loja-sol", [{
        "event_id": "ret-1", "status": "bag_packed", "order_id": "FY-RET",
        "affiliate_order_id": "KRT-RET", "shipment_id": "SH-RET"}])[0]
    assert r["status"] == 200 and r["body"] == {"ignored": True}, r
    return SimpleNamespace(run=run, herald=herald, apis=apis)


def ago(days):
    return h.rfc3339(datetime.now(timezone.utc) - timedelta(days=days))


def purge(ctx, *flags):
    code, out, err = ctx.herald.cli("purge", *flags, timeout=120)
    assert code == 0, f"herald purge {flags} exited {code}: {err}"
    return {r["store"]: r for r in map(json.loads, out.strip().splitlines())}


def case_dry_run_then_purge(ctx):
    shop = ctx.apis["loja-sol"]
    old = shop.all_messages(until=ago(20.1))
    middle = [m for m in shop.all_messages(until=ago(7.1), since=ago(19.9))
              if m["status"] not in ("queued", "deferred")]
    assert old and middle, "the demo history should reach back 30 days"
    before_demo = len(ctx.apis["demo"].all_messages())

    dry = purge(ctx, "--dry-run")
    assert dry["loja-sol"]["dry_run"] is True
    assert dry["loja-sol"]["messages_deleted"] >= len(old) > 0, (dry, len(old))
    assert dry["loja-sol"]["contents_expired"] >= len(middle), (dry, len(middle))
    assert dry["demo"]["messages_deleted"] == dry["demo"]["contents_expired"] == 0, dry
    assert dry["loja-sol"]["orders_deleted"] > 0 and dry["demo"]["orders_deleted"] == 0, dry
    cutoff = h.parse_time(ago(20.1))
    old_order = None
    for oid in dict.fromkeys(m["order_id"] for m in old if m["order_id"]):
        s, b = shop.get(f"/v1/orders/{oid}")
        assert s == 200, (s, b)
        if h.parse_time(b["updated_at"]) < cutoff:
            old_order = oid
            break
    assert old_order, "no demo order untouched for 20 days"
    assert len(shop.all_messages(until=ago(20.1))) == len(old), "a dry run removed rows"

    done = purge(ctx)
    assert done["loja-sol"]["messages_deleted"] == dry["loja-sol"]["messages_deleted"], (dry, done)
    assert done["loja-sol"]["contents_expired"] == dry["loja-sol"]["contents_expired"], (dry, done)
    assert shop.all_messages(until=ago(20.1)) == [], "rows older than metadata_days remain"
    s, b = shop.get(f"/v1/messages/{old[0]['id']}")
    assert s == 404, f"a purged message still answers: {s}"
    detail = shop.message(middle[0]["id"])
    assert detail.get("expired") or detail.get("content", {}).get("expired"), detail
    assert detail["events"], "the timeline must stay when only the body expires"
    assert len(ctx.apis["demo"].all_messages()) == before_demo, "another store was purged"
    assert done["loja-sol"]["orders_deleted"] == dry["loja-sol"]["orders_deleted"], (dry, done)
    s, b = shop.get(f"/v1/orders/{old_order}")
    assert s == 404, f"an order untouched for metadata_days is still kept: {s} {b}"

    again = purge(ctx)
    assert again["loja-sol"]["messages_deleted"] == again["loja-sol"]["contents_expired"] == 0


def case_recent_oms_calls_and_statuses_stay(ctx):
    shop = ctx.apis["loja-sol"]
    for flags in (("--dry-run",), ()):
        line = purge(ctx, *flags)["loja-sol"]
        assert line["oms_calls_deleted"] == 0 and line["oms_statuses_deleted"] == 0, line
    s, b = shop.get("/v1/oms/calls")
    assert s == 200 and b["items"], f"the recent call log is kept: {s} {b!r}"
    s, b = shop.get("/v1/orders/FY-RET")
    assert s == 200 and [x["status"] for x in b["oms_history"]] == ["bag_packed"], (s, b)


CASES = [case_dry_run_then_purge, case_recent_oms_calls_and_statuses_stay]

if __name__ == "__main__":
    h.main("retention", setup, CASES)
