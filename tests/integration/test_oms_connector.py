#!/usr/bin/python3
"""The OMS connector's settings and call log (contract §12.1, §12.6) against the test OMS
(tests/support/test_oms.py): PUT/GET /v1/oms with the token and secret masked and kept when left
out, fields checked (400 naming the field), the credentials never stored or logged in clear,
the call log newest first with a keyset cursor, and OMS faults told apart from refusals."""

import sys
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402

MASK = "\u2022\u2022\u2022\u2022"


def setup(run):
    oms = run.test_oms()
    herald = run.start_herald()
    return SimpleNamespace(run=run, herald=herald, oms=oms)


def new_store(ctx, slug):
    return ctx.herald.client(ctx.herald.store_add(slug))


def put(api, body, expect=200):
    status, answer = api.put("/v1/oms", body)
    assert status == expect, f"PUT /v1/oms: {status} {answer!r}"
    return answer


def case_settings_round_trip_masks_the_credentials(ctx):
    api = new_store(ctx, "round")
    status, body = api.get("/v1/oms")
    assert status == 404, f"no connector yet: {status} {body!r}"
    sent = ctx.oms.settings(safety_stock=3, inventory_sync_minutes=30)
    answer = put(api, sent)
    for k in ("provider", "api_url", "affiliate_id", "safety_stock", "inventory_sync_minutes",
              "enabled"):
        assert answer[k] == sent[k], f"{k}: {answer!r}"
    assert answer["affiliate_token"] == MASK + "1234", answer
    assert answer["secret"] == MASK + "5678", answer
    assert answer["webhook_url"].endswith("/v1/oms/webhook/round"), answer
    status, got = api.get("/v1/oms")
    assert status == 200 and got == answer, f"GET /v1/oms: {status} {got!r} (PUT: {answer!r})"


def case_put_without_credentials_keeps_them(ctx):
    api = new_store(ctx, "keeps")
    put(api, ctx.oms.settings())
    changed = put(api, {"safety_stock": 7, "enabled": True})
    assert changed["safety_stock"] == 7 and changed["affiliate_token"] == MASK + "1234", changed
    # the masked values as GET shows them, sent back by a form, keep them too
    put(api, {**changed, "inventory_sync_minutes": 45})
    status, body = api.post("/v1/oms/check", {})
    assert status == 200, f"the kept token must still be the OMS's: {status} {body!r}"
    call = ctx.oms.calls()[-1]
    assert call["headers"].get("x-affiliate-id") == ctx.oms.AFFILIATE_ID, call
    assert call["headers"].get("x-affiliate-token") == ctx.oms.AFFILIATE_TOKEN, call
    # a new token replaces the stored one
    put(api, {"affiliate_token": "another-token-9999"})
    status, body = api.post("/v1/oms/check", {})
    assert status == 400 and body.get("field") == "oms", f"the OMS refused: {status} {body!r}"
    assert api.get("/v1/oms")[1]["affiliate_token"] == MASK + "9999"


def case_bad_settings_name_the_field(ctx):
    api = new_store(ctx, "checks")
    good = ctx.oms.settings()
    bad = [({"inventory_sync_minutes": 14}, "inventory_sync_minutes"),
           ({"inventory_sync_minutes": 61}, "inventory_sync_minutes"),
           ({"inventory_sync_minutes": "30"}, "inventory_sync_minutes"),
           ({"safety_stock": -1}, "safety_stock"),
           ({"provider": "shopify"}, "provider"),
           ({"api_url": "ftp://oms.example"}, "api_url"),
           ({"api_url": ""}, "api_url"),
           ({"affiliate_id": ""}, "affiliate_id"),
           ({"enabled": "yes"}, "enabled")]
    for change, field in bad:
        status, body = api.put("/v1/oms", {**good, **change})
        assert status == 400 and body.get("field") == field, \
            f"{change}: want 400 naming {field}, got {status} {body!r}"
    assert api.get("/v1/oms")[0] == 404, "nothing is stored by a refused PUT"
    for missing in ("affiliate_token", "secret", "api_url", "affiliate_id"):
        body = {k: v for k, v in good.items() if k != missing}
        status, answer = api.put("/v1/oms", body)
        assert status == 400 and answer.get("field") == missing, \
            f"first PUT without {missing}: {status} {answer!r}"
    status, body = api.put("/v1/oms", "[1,2]")
    assert status == 400, f"not an object: {status} {body!r}"
    put(api, {**good, "inventory_sync_minutes": 15})
    put(api, {**good, "inventory_sync_minutes": 60})
    status, body = ctx.herald.client("hk_wrong").get("/v1/oms")
    assert status == 401, f"without the store's key: {status}"


def case_disabled_connector_makes_no_calls(ctx):
    api = new_store(ctx, "off")
    assert put(api, ctx.oms.settings(enabled=False))["enabled"] is False
    before = len(ctx.oms.calls())
    status, body = api.post("/v1/oms/check", {})
    assert status == 404, f"a switched-off connector: {status} {body!r}"
    assert len(ctx.oms.calls()) == before


def case_credentials_are_never_stored_or_logged_in_clear(ctx):
    api = new_store(ctx, "secret")
    token, secret = "clear-token-QWERTY-0001", "clear-secret-ASDFGH-0002"
    ctx.oms.control("POST", "/config", {"affiliate_token": token, "secret": secret})
    try:
        put(api, ctx.oms.settings(affiliate_token=token, secret=secret))
        assert api.post("/v1/oms/check", {})[0] == 200
        status, page = api.get("/v1/oms/calls")
        assert status == 200 and page["items"], f"GET /v1/oms/calls: {status} {page!r}"
        text = repr(page) + ctx.herald.stored_text() + ctx.herald.log.read_text(errors="replace")
        for clear in (token, secret):
            assert clear not in text, f"{clear} found in clear in the log or the database"
        assert "abcd1234" not in repr(page)
    finally:
        ctx.oms.control("POST", "/config", {"affiliate_token": ctx.oms.AFFILIATE_TOKEN,
                                            "secret": ctx.oms.SECRET})


def case_call_log_newest_first_with_cursor_and_faults(ctx):
    api = new_store(ctx, "calls")
    put(api, ctx.oms.settings())
    assert api.post("/v1/oms/check", {})[0] == 200
    ctx.oms.fault("status", status=502, times=1)
    status, body = api.post("/v1/oms/check", {})
    assert status == 503 and body == {"error": "the OMS did not answer", "field": "oms"}, \
        f"a 5xx is an OMS fault: {status} {body!r}"
    ctx.oms.fault("refuse")
    try:
        status, body = api.post("/v1/oms/check", {})
        assert status == 503 and body.get("field") == "oms", f"refused: {status} {body!r}"
    finally:
        ctx.oms.control("POST", "/listen", {})
    assert api.post("/v1/oms/check", {})[0] == 200
    status, first = api.get("/v1/oms/calls", params={"limit": 2})
    assert status == 200 and len(first["items"]) == 2 and first["next_cursor"], first
    status, rest = api.get("/v1/oms/calls", params={"limit": 2, "cursor": first["next_cursor"]})
    assert status == 200, rest
    items = first["items"] + rest["items"]
    assert [c["status"] for c in items] == [200, 0, 502, 200], items
    for c in items:
        assert c["method"] == "GET" and c["path"].startswith(
            "/service/application/catalog/v1.0/products/stock-status/poll/?timestamp="), c
        assert set(c) == {"at", "method", "path", "status", "ms", "error", "order_id"}, c
        assert isinstance(c["ms"], int) and c["ms"] >= 0
    assert items[0]["error"] is None and items[1]["error"] and items[2]["error"], items
    assert h.parse_time(items[0]["at"]) >= h.parse_time(items[3]["at"])
    for bad in ({"limit": 0}, {"limit": 501}, {"limit": "x"}, {"cursor": "abc"}):
        status, body = api.get("/v1/oms/calls", params=bad)
        assert status == 400 and body.get("field") in bad, f"{bad}: {status} {body!r}"
    other = new_store(ctx, "calls-other")
    assert other.get("/v1/oms/calls")[1]["items"] == [], "calls stay within their store"


if __name__ == "__main__":
    h.main("oms_connector", setup, [
        case_settings_round_trip_masks_the_credentials,
        case_put_without_credentials_keeps_them,
        case_bad_settings_name_the_field,
        case_disabled_connector_makes_no_calls,
        case_credentials_are_never_stored_or_logged_in_clear,
        case_call_log_newest_first_with_cursor_and_faults,
    ])
