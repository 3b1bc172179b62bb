#!/usr/bin/python3
"""Bad input gets 400 {error, field} and stores nothing; auth failures 401; other store 404;
bad CLI input exits 2 with one line on stderr."""

import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402
from common import event  # noqa: E402


def setup(run):
    smtp = run.smtp()
    herald = run.start_herald(smtp)
    key_a = herald.store_add("store-a", country="NO", locale="nb-NO")
    key_b = herald.store_add("store-b", country="NO", locale="nb-NO")
    api = herald.client(key_a)
    api.put_template("ORDER_PLACED", {"channel": "email", "locale": "nb-NO",
                                      "subject": "Ordre {{order.number}}",
                                      "html": "<p>Takk</p>", "text": "Takk"})
    return SimpleNamespace(run=run, smtp=smtp, herald=herald, api=api,
                           api_b=herald.client(key_b), key_a=key_a, rejected_ids=[])


def good(eid="evt-good"):
    return event(eid, "ORDER_PLACED", "FY-1", id="C-1", name="Sara", email="sara@test.no",
                 locale="nb-NO")


def expect_400(ctx, what, raw: bytes, fields, eid=None):
    s, b = ctx.api.request("POST", "/v1/events", raw=raw)
    assert s == 400, f"{what}: want 400, got {s} {b!r}"
    assert isinstance(b, dict), f"{what}: answer is not a JSON object: {b!r}"
    assert isinstance(b.get("error"), str) and b["error"].strip(), \
        f"{what}: 'error' should be a non-empty string: {b!r}"
    assert "field" in b, f"{what}: no 'field' in {b!r}"
    if fields is not None:
        assert b.get("field") in fields, f"{what}: 'field' should be one of {fields}: {b!r}"
    if eid:
        ctx.rejected_ids.append(eid)
    return b


def dumps(obj) -> bytes:
    return json.dumps(obj).encode()


def case_malformed_json(ctx):
    expect_400(ctx, "malformed JSON", b'{"id": "evt-x", "type": ', None)
    expect_400(ctx, "not an object", b'["evt-x"]', None)
    expect_400(ctx, "empty body", b"", None)


def case_unknown_type(ctx):
    ev = good("evt-badtype")
    ev["type"] = "NOT_A_REAL_TYPE"
    expect_400(ctx, "unknown event type", dumps(ev), ("type",), "evt-badtype")


def case_missing_type(ctx):
    ev = good("evt-notype")
    del ev["type"]
    expect_400(ctx, "missing type", dumps(ev), ("type",), "evt-notype")


def case_missing_order_id(ctx):
    ev = good("evt-noorderid")
    del ev["order"]["id"]
    expect_400(ctx, "missing order.id", dumps(ev), ("order.id",), "evt-noorderid")
    ev = good("evt-noorder")
    del ev["order"]
    expect_400(ctx, "missing order", dumps(ev), ("order.id", "order"), "evt-noorder")
    ev = good("evt-emptyorderid")
    ev["order"]["id"] = ""
    expect_400(ctx, "empty order.id", dumps(ev), ("order.id",), "evt-emptyorderid")


def case_missing_id(ctx):
    ev = good()
    del ev["id"]
    expect_400(ctx, "missing id", dumps(ev), ("id",))
    ev = good("")
    expect_400(ctx, "empty id", dumps(ev), ("id",))


def case_bad_occurred_at(ctx):
    ev = good("evt-baddate")
    ev["occurred_at"] = "last tuesday"
    expect_400(ctx, "occurred_at not RFC 3339", dumps(ev), ("occurred_at",), "evt-baddate")


def case_body_over_1mib(ctx):
    ev = good("evt-huge")
    ev["data"] = {"pad": "x" * (1024 * 1024 + 1024)}
    raw = dumps(ev)
    assert len(raw) > 1024 * 1024
    s, b = h.raw_http(ctx.herald.port, "POST", "/v1/events", raw,
                      {"Authorization": f"Bearer {ctx.key_a}",
                       "Content-Type": "application/json"})
    assert s == 400, f"body of {len(raw)} bytes: want 400, got {s} {b!r}"
    assert isinstance(b, dict) and b.get("error") and "field" in b, \
        f"body over 1 MiB: want {{error, field}}, got {b!r}"
    ctx.rejected_ids.append("evt-huge")


def case_nothing_stored(ctx):
    items = ctx.api.messages()
    assert items == [], f"bad requests left messages in the log: {items!r}"
    # a rejected event id was not remembered: the same id with a good body is new
    for eid in ctx.rejected_ids:
        s, b = ctx.api.post("/v1/events", good(eid))
        assert s == 202 and b.get("duplicate") is False, \
            f"{eid} was rejected before, so it must be new now: {s} {b!r}"


def case_auth(ctx):
    anon = ctx.herald.client(None)
    for method, path, body in (("POST", "/v1/events", good("evt-auth")),
                               ("GET", "/v1/messages", None),
                               ("PUT", "/v1/templates/ORDER_PLACED",
                                {"channel": "sms", "locale": "nb", "sms": "x"})):
        s, b = anon.request(method, path, body=body)
        assert s == 401, f"{method} {path} without Authorization: want 401, got {s} {b!r}"
        s, b = ctx.herald.client("not-a-key").request(method, path, body=body)
        assert s == 401, f"{method} {path} with a wrong key: want 401, got {s} {b!r}"
        s, b = ctx.herald.client(ctx.key_a + "x").request(method, path, body=body)
        assert s == 401, f"{method} {path} with key+'x': want 401, got {s} {b!r}"
        s, b = anon.request(method, path, body=body, headers={"Authorization": ctx.key_a})
        assert s == 401, f"{method} {path} with the key but no 'Bearer': want 401, got {s}"
    s, b = ctx.herald.client(None).request(
        "POST", "/v1/events", body=good("evt-auth"),
        headers={"Authorization": f"Basic {ctx.key_a}"})
    assert s == 401, f"Basic instead of Bearer: want 401, got {s}"
    # none of it stored anything: evt-auth is still new
    s, b = ctx.api.post("/v1/events", good("evt-auth"))
    assert s == 202 and b.get("duplicate") is False, f"evt-auth after 401s: {s} {b!r}"


def case_webhook_signature(ctx):
    """Contract §3: with a webhook secret, X-Herald-Signature: sha256=<hex HMAC> is required."""
    import hashlib
    import hmac
    secret = "s3cret-hook"
    key = ctx.herald.store_add("signed", country="NO", locale="nb-NO", webhook_secret=secret)
    api = ctx.herald.client(key)
    raw = dumps(good("evt-signed-1"))
    sig = "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    s, b = api.request("POST", "/v1/events", raw=raw)
    assert s == 401, f"signed store, no X-Herald-Signature: want 401, got {s} {b!r}"
    bad = "sha256=" + hmac.new(b"wrong", raw, hashlib.sha256).hexdigest()
    s, b = api.request("POST", "/v1/events", raw=raw, headers={"X-Herald-Signature": bad})
    assert s == 401, f"signed store, wrong signature: want 401, got {s} {b!r}"
    s, b = api.request("POST", "/v1/events", raw=raw + b" ",
                       headers={"X-Herald-Signature": sig})
    assert s == 401, f"signature of a different body: want 401, got {s} {b!r}"
    s, b = api.request("POST", "/v1/events", raw=raw, headers={"X-Herald-Signature": sig})
    assert s == 202, f"signed store, correct signature: want 202, got {s} {b!r}"
    # a store without a secret does not need one
    s, b = ctx.api.post("/v1/events", good("evt-unsigned-1"))
    assert s == 202, f"store without webhook secret: {s} {b!r}"


def case_other_store_404(ctx):
    s, b = ctx.api.post("/v1/events", good("evt-a-only"))
    assert s == 202, f"{s} {b!r}"
    mid = b["messages"][0]["id"]
    assert ctx.api.message(mid)["id"] == mid
    s, b = ctx.api_b.get(f"/v1/messages/{mid}")
    assert s == 404, f"store A's message with store B's key: want 404, got {s} {b!r}"
    assert mid not in ctx.api_b.message_ids(), "store B's list shows store A's message"
    assert mid not in ctx.api_b.message_ids(event="evt-a-only")
    s, b = ctx.api_b.post(f"/v1/messages/{mid}/resend")
    assert s == 404, f"resend of store A's message with B's key: want 404, got {s} {b!r}"
    s, b = ctx.api.get("/v1/messages/does-not-exist")
    assert s == 404, f"unknown message id: want 404, got {s} {b!r}"


def case_still_healthy(ctx):
    assert ctx.herald.alive(), "herald died"
    s, b = ctx.herald.api.get("/healthz")
    assert s == 200, f"/healthz after bad input: {s} {b!r}"


def case_cli_bad_slug(ctx):
    for slug in ("Bad Slug!", "", "a/b", "UPPER", "x" * 200):
        code, out, err = ctx.herald.cli("store", "add", slug)
        assert code == 2, f"store add {slug!r}: want exit 2, got {code} (stderr {err!r})"
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].strip(), \
            f"store add {slug!r}: want one error line on stderr, got {err!r}"
        if slug:
            assert slug in lines[0], f"store add {slug!r}: the error should name the slug: " \
                                     f"{lines[0]!r}"
        assert "api_key" not in out, f"store add {slug!r} printed a key: {out!r}"
    code, out, err = ctx.herald.cli("store", "add", "store-c")
    assert code == 0 and "api_key" in out, f"a good slug after bad ones: {code} {err!r}"


def case_cli_duplicate_slug(ctx):
    code, out, err = ctx.herald.cli("store", "add", "store-a")
    assert code != 0, f"store add of an existing slug succeeded: {out!r}"
    assert len(err.strip().splitlines()) == 1, f"want one error line: {err!r}"


def case_serve_unknown_sms_provider(ctx):
    env = {k: v for k, v in os.environ.items() if not k.startswith("HERALD_")}
    env["HERALD_SMS_PROVIDER"] = "pigeon"
    r = subprocess.run([ctx.herald.binary, "serve", "--config", str(ctx.herald.config)],
                       capture_output=True, timeout=30, cwd=ctx.herald.run.dir, env=env)
    err = r.stderr.decode(errors="replace")
    assert r.returncode == 2, f"serve with sms.provider=pigeon: want exit 2, got {r.returncode}"
    assert "sms.provider" in err and "kannel" in err, f"the error should name the field: {err!r}"


CASES = [case_malformed_json, case_unknown_type, case_missing_type, case_missing_order_id,
         case_missing_id, case_bad_occurred_at, case_body_over_1mib, case_nothing_stored,
         case_auth, case_webhook_signature, case_other_store_404, case_still_healthy, case_cli_bad_slug,
         case_cli_duplicate_slug, case_serve_unknown_sms_provider]

if __name__ == "__main__":
    h.main("bad_input", setup, CASES)
