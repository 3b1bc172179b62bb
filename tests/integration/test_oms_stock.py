#!/usr/bin/python3
"""Stock from the OMS (contract §12.4) over HTTP: the storefront's SKU list, the synced stock,
the unmapped SKUs; bad input is refused naming the field."""

import sys
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402


def setup(run):
    herald = run.start_herald()
    api = herald.client(herald.store_add("shop"))
    other = herald.client(herald.store_add("other"))
    return SimpleNamespace(run=run, herald=herald, api=api, other=other)


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


CASES = [case_sku_list_is_replaced_and_read, case_bad_sku_lists_are_refused_naming_the_field,
         case_stock_of_skus_never_synced_has_no_quantity]

if __name__ == "__main__":
    h.main("test_oms_stock", setup, CASES)
