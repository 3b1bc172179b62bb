#!/usr/bin/python3
"""`herald secrets rotate --new-key-file PATH` (docs/CONTRACT.md, "Where the sealing key lives"):
every store's OMS credentials are re-sealed under the new key in one go; Herald restarted with
`[secrets] key_file` pointing at the new file still reaches the test OMS with them and verifies
its webhooks, while the old key no longer opens them. Bad input exits 2 naming the option and
changes nothing."""

import hashlib
import json
import os
import stat
import sys
import tomllib
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402


def key_id(path: Path) -> str:
    return hashlib.sha256(bytes.fromhex(path.read_text().strip())).hexdigest()[:8]


def use_key(ctx, path: Path):
    """Restarts Herald with [secrets] key_file = path."""
    with open(ctx.herald.config, "rb") as f:
        sections = tomllib.load(f)
    sections.setdefault("secrets", {})["key_file"] = str(path)
    h.write_toml(ctx.herald.config, sections)
    ctx.herald.restart()


def sealed(ctx) -> list[tuple]:
    return ctx.herald.sql(
        "SELECT store_id, sealed_token, sealed_secret FROM oms_settings ORDER BY store_id")


def setup(run):
    oms = run.test_oms()
    old_key = run.dir / "old.key"
    herald = run.start_herald(overrides={"secrets": {"key_file": str(old_key)}})
    apis = {}
    for slug in ("shop", "other"):
        api = herald.client(herald.store_add(slug))
        status, body = api.put("/v1/oms", oms.settings())
        assert status == 200, f"PUT /v1/oms {slug}: {status} {body!r}"
        apis[slug] = api
    return SimpleNamespace(run=run, oms=oms, herald=herald, apis=apis, old_key=old_key,
                           new_key=run.dir / "keys" / "new.key")


def check_reaches_the_oms(ctx, api):
    ctx.oms.control("POST", "/calls/clear")
    status, body = api.post("/v1/oms/check")
    assert status == 200 and body == {"ok": True}, f"POST /v1/oms/check: {status} {body!r}"
    # (the background inventory sync may have called too, with the same credentials)
    tokens = {c["headers"].get("x-affiliate-token") for c in ctx.oms.calls()}
    assert tokens == {h.TestOms.AFFILIATE_TOKEN}, f"the OMS saw tokens {tokens}"


def case_bad_input_exits_2_naming_the_option_and_changes_nothing(ctx):
    before = sealed(ctx)
    code, out, err = ctx.herald.cli("secrets", "rotate")
    assert code == 2 and "--new-key-file" in err, f"no option: {code} {err!r}"
    garbage = ctx.run.dir / "garbage.key"
    garbage.write_text("not a key\n")
    for path in (garbage, ctx.old_key):
        code, out, err = ctx.herald.cli("secrets", "rotate", "--new-key-file", str(path))
        assert code == 2 and "--new-key-file" in err and out == "", f"{path}: {code} {err!r}"
        assert len(err.strip().splitlines()) == 1, f"want one stderr line: {err!r}"
    # The current key file missing: nothing to open the credentials with.
    with open(ctx.herald.config, "rb") as f:
        sections = tomllib.load(f)
    sections["secrets"]["key_file"] = str(ctx.run.dir / "missing.key")
    lost = ctx.run.dir / "lost-key.toml"
    h.write_toml(lost, sections)
    code, out, err = ctx.herald.cli("secrets", "rotate", "--new-key-file", str(ctx.new_key),
                                    "--config", str(lost), config=False)
    assert code == 2 and "secrets.key_file" in err, f"missing current key: {code} {err!r}"
    assert not (ctx.run.dir / "missing.key").exists()
    assert sealed(ctx) == before, "a refused rotation changed the stored credentials"


def case_rotated_credentials_work_with_the_new_key_only(ctx):
    check_reaches_the_oms(ctx, ctx.apis["shop"])
    old_id = key_id(ctx.old_key)
    before = sealed(ctx)
    assert all(t.startswith(f"v1.{old_id}.") and s.startswith(f"v1.{old_id}.")
               for _, t, s in before), before

    code, out, err = ctx.herald.cli("secrets", "rotate", "--new-key-file", str(ctx.new_key))
    assert code == 0, f"secrets rotate exited {code}: {err!r}"
    lines = [ln for ln in out.splitlines() if ln.strip()]
    assert len(lines) == 1, f"want one JSON line: {out!r}"
    answer = json.loads(lines[0])
    new_id = key_id(ctx.new_key)
    assert answer == {"stores": 2, "old_key": old_id, "new_key": new_id,
                      "new_key_file": str(ctx.new_key)}, answer
    assert stat.S_IMODE(os.stat(ctx.new_key).st_mode) == 0o600, "the new key file is not 0600"
    after = sealed(ctx)
    assert [r[0] for r in after] == [r[0] for r in before], after
    assert all(t.startswith(f"v1.{new_id}.") and s.startswith(f"v1.{new_id}.")
               for _, t, s in after), after

    use_key(ctx, ctx.new_key)
    for api in ctx.apis.values():
        check_reaches_the_oms(ctx, api)
        status, body = api.get("/v1/oms")
        assert status == 200 and body["affiliate_token"].endswith("1234"), f"{status} {body!r}"
    # The webhook secret was re-sealed too: a signed webhook is verified.
    results = ctx.oms.send_webhooks(f"{ctx.herald.base}/v1/oms/webhook/shop",
                                    [{"event_id": "rotated-1", "status": "placed"}])
    assert results[0]["status"] == 202, f"signed webhook after the rotation: {results}"

    # The new key is the current one now: rotating to it again is refused.
    code, out, err = ctx.herald.cli("secrets", "rotate", "--new-key-file", str(ctx.new_key))
    assert code == 2 and "current key" in err, f"rotating to the current key: {code} {err!r}"
    assert sealed(ctx) == after

    use_key(ctx, ctx.old_key)
    status, body = ctx.apis["shop"].get("/v1/oms")
    assert status == 500, f"the old key still opens the credentials: {status} {body!r}"
    ctx.oms.control("POST", "/calls/clear")
    status, body = ctx.apis["shop"].post("/v1/oms/check")
    assert status == 500 and ctx.oms.calls() == [], f"check with the old key: {status} {body!r}"
    use_key(ctx, ctx.new_key)
    check_reaches_the_oms(ctx, ctx.apis["shop"])


if __name__ == "__main__":
    h.main("test_secrets_rotate", setup, [
        case_bad_input_exits_2_naming_the_option_and_changes_nothing,
        case_rotated_credentials_work_with_the_new_key_only,
    ])
