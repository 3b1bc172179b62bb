#!/usr/bin/python3
"""`herald store key rotate|revoke SLUG` while `herald serve` runs: the new key works at once,
the old one is refused — at once by anything that has not seen it, and by the running server
within its key cache's TTL (docs/CONTRACT.md)."""

import json
import sys
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402


def setup(run):
    herald = run.start_herald()
    return SimpleNamespace(run=run, herald=herald)


def works(ctx, key: str) -> bool:
    status, body = ctx.herald.client(key).get("/v1/store")
    assert status in (200, 401), f"GET /v1/store: {status} {body!r}"
    return status == 200


def refused_soon(ctx, key: str, what: str):
    """Polls until the running server refuses `key` (the contract bounds this by the key
    cache's TTL; the generous timeout is only there so a broken build fails, not hangs)."""
    h.wait_for(lambda: not works(ctx, key), what=f"{what} refused")


def key_command(ctx, verb: str, slug: str) -> dict:
    code, out, err = ctx.herald.cli("store", "key", verb, slug)
    assert code == 0, f"herald store key {verb} {slug} exited {code}: {err.strip()}"
    lines = [ln for ln in out.splitlines() if ln.strip()]
    assert len(lines) == 1, f"want one JSON line, got {out!r}"
    return json.loads(lines[0])


def rotate(ctx, slug: str) -> str:
    obj = key_command(ctx, "rotate", slug)
    assert obj.get("store") == slug and isinstance(obj.get("api_key"), str) \
        and obj["api_key"].startswith("hk_"), f"rotate answered {obj!r}"
    return obj["api_key"]


def case_rotate_while_serving(ctx):
    old = ctx.herald.store_add("busy")
    assert works(ctx, old)  # the running server has now seen (and cached) the old key
    new = rotate(ctx, "busy")
    assert new != old
    assert works(ctx, new), "the new key must work at once"
    refused_soon(ctx, old, "the rotated-out key")
    assert works(ctx, new)


def case_rotated_key_unseen_by_the_server_is_refused_at_once(ctx):
    old = ctx.herald.store_add("quiet")
    new = rotate(ctx, "quiet")
    assert not works(ctx, old), "once the CLI has exited, the old key is refused"
    assert works(ctx, new)


def case_revoke_until_rotated(ctx):
    key = ctx.herald.store_add("gone")
    assert works(ctx, key)
    assert key_command(ctx, "revoke", "gone") == {"store": "gone", "revoked": True}
    refused_soon(ctx, key, "the revoked key")
    status, body = ctx.herald.client(key).get("/v1/store")
    assert status == 401 and body.get("field") == "Authorization", f"{status} {body!r}"
    again = rotate(ctx, "gone")
    assert works(ctx, again) and not works(ctx, key)


def case_other_stores_keep_their_keys(ctx):
    a, b = ctx.herald.store_add("alpha"), ctx.herald.store_add("beta")
    key_command(ctx, "revoke", "alpha")
    rotate(ctx, "alpha")
    assert works(ctx, b)
    assert not works(ctx, a)


def case_bad_usage_exits_2_naming_the_argument(ctx):
    for args, named in ((("store", "key", "rotate"), "SLUG"),
                        (("store", "key", "revoke"), "SLUG"),
                        (("store", "key", "rotate", "no-such-shop"), "no-such-shop"),
                        (("store", "key", "revoke", "no-such-shop"), "no-such-shop"),
                        (("store", "key", "rotate", "a", "b"), "b"),
                        (("store", "key", "frob", "alpha"), "frob"),
                        (("store", "key"), "rotate")):
        code, out, err = ctx.herald.cli(*args)
        lines = [ln for ln in err.splitlines() if ln.strip()]
        assert code == 2, f"herald {' '.join(args)}: want exit 2, got {code} ({err!r})"
        assert len(lines) == 1 and named in lines[0], \
            f"herald {' '.join(args)}: want one stderr line naming {named!r}, got {err!r}"
        assert not out.strip(), f"herald {' '.join(args)} printed {out!r}"


CASES = [case_rotate_while_serving, case_rotated_key_unseen_by_the_server_is_refused_at_once,
         case_revoke_until_rotated, case_other_stores_keep_their_keys,
         case_bad_usage_exits_2_naming_the_argument]

if __name__ == "__main__":
    h.main("store_keys", setup, CASES)
