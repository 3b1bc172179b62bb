#!/usr/bin/python3
"""`herald copy --from URL --to URL` (contract §11 "Moving house"): a SQLite database filled
through the API (a store and its key, templates, events with email and SMS, a message of its
own, statuses, a campaign with a send still waiting, a suppression, a user, and an SMS still
queued because its gateway is not there) is copied into a real PostgreSQL 15, and that one into
a new SQLite file. A server started on each copy answers as the first did (log, search by
address, number, order and subject words, messages read exactly, timelines, orders), the old
API key works, new ids do not collide with copied ones, and the queued SMS and the waiting
campaign send go out once from each copy. An unmatched bounce in raw 8-bit bytes comes back
byte for byte. A copy into a database that is not empty exits 2 and changes nothing; bad flags
exit 2 and a database that does not answer exits 1."""

import json
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402
from common import contract_event, event  # noqa: E402

SUBJECT_TPL = "Ordre {{order.number}} er på vei 🚚"
HTML_TPL = "<p>Hei <b>{{customer.name}}</b>, ordre {{order.number}} er på vei. Ærlig talt!</p>"
TEXT_TPL = "Hei {{customer.name}}, ordre {{order.number}} er på vei."
SMS_TPL = "Hei {{customer.name}}, ordre {{order.number}} er på vei: {{data.tracking_url}}"
SMS_TEXT = "Hei Sara, ordre KRT-1001 er på vei: https://carrier.example/t/123"
QUEUED_DIGITS = "4790000000"  # the contract event's customer: its SMS waits for the gateway
VIP_DIGITS = "4790000222"  # the campaign's customer
CAMPAIGN_DELAY = 20  # seconds: the send waits through both copies
OWN_SUBJECT = "Tilbakestill passordet – ÆØÅ ünïcödé \u2603"
OWN_HTML = "<p>Klikk <a href=\"https://shop.example/reset?t=1&amp;u=2\">her</a> · 🚀</p>"
ADMIN = "admin@nordshop.example"
RAW_BOUNCE = (b"From: postmaster@relay.example\r\nSubject: Unzustellbar\r\n\r\n"
              b"Ihre Nachricht an M\xfcller konnte nicht zugestellt werden: Empf\xe4nger "
              b"unbekannt.\r\n\xff\x00\x93end\x94\r\n")
NOW = datetime.now(timezone.utc).replace(microsecond=0)


def herald_on(ctx, url: str, name: str, kannel=None) -> h.Herald:
    herald = h.Herald(ctx.run, ctx.run.args.herald, ctx.smtp, kannel or ctx.kannel, overrides={
        "storage": {"url": url},
        "workers": {"retry_initial_seconds": 1, "retry_max_seconds": 1, "max_attempts": 10000}})
    herald.config.rename(ctx.run.dir / f"{name}.toml")
    herald.config = ctx.run.dir / f"{name}.toml"
    herald.log = ctx.run.dir / f"{name}.log"
    return herald


def copy(ctx, src: str, dst: str, *extra):
    r = subprocess.run([ctx.run.args.herald, "copy", "--from", src, "--to", dst, *extra],
                       capture_output=True, timeout=300, cwd=ctx.run.dir)
    return r.returncode, r.stdout.decode(errors="replace"), r.stderr.decode(errors="replace")


def copied(ctx, src: str, dst: str) -> dict:
    code, out, err = copy(ctx, src, dst)
    assert code == 0, f"herald copy exited {code}: {err.strip()}"
    lines = [ln for ln in out.splitlines() if ln.strip()]
    assert len(lines) == 1, f"want one JSON line, got {out!r}"
    return json.loads(lines[0])


def setup(run):
    ctx = SimpleNamespace(run=run, pg=run.postgres(), smtp=run.smtp(),
                          kannel=run.kannel(start=False))
    ctx.a_path = run.dir / "a" / "herald.db"
    ctx.a_url = f"sqlite://{ctx.a_path}"
    ctx.b_url = ctx.pg.create_database("moved")
    ctx.c_path = run.dir / "c" / "herald.db"
    ctx.c_url = f"sqlite://{ctx.c_path}"
    ctx.counts = None
    return ctx


def set_status(api, order_id, code, when):
    status, body = api.post(f"/v1/orders/{order_id}/statuses",
                            {"type": "delivery", "code": code, "at": h.rfc3339(when)})
    assert status in (200, 201), f"POST /v1/orders/{order_id}/statuses: {status} {body!r}"


def fill(ctx, api, herald):
    api.put_template("OUT_FOR_DELIVERY", {"channel": "email", "locale": "nb-NO",
                                          "subject": SUBJECT_TPL, "html": HTML_TPL,
                                          "text": TEXT_TPL})
    api.put_template("OUT_FOR_DELIVERY", {"channel": "sms", "locale": "nb", "sms": SMS_TPL})
    api.put_template("vip_thanks", {"channel": "sms", "locale": "nb-NO",
                                    "sms": "Thank you {{customer.name}}!"})
    for name, code in (("Shipped", "SHIPPED"), ("Delivered", "DELIVERED")):
        status, body = api.post("/v1/order-statuses", {"name": name, "type": "delivery",
                                                       "code": code})
        assert status == 201, f"POST /v1/order-statuses {code}: {status} {body!r}"
    status, body = api.post("/v1/campaigns", {
        "name": "VIP thanks",
        "trigger": {"type": "order_status_changed", "status_type": "delivery", "to": "DELIVERED"},
        "filter": {"field": "customer.tags", "op": "contains", "value": "vip"},
        "actions": [{"type": "send_sms", "template": "vip_thanks",
                     "delay_seconds": CAMPAIGN_DELAY}]})
    assert status == 201, f"POST /v1/campaigns: {status} {body!r}"
    status, body = api.post("/v1/suppressions", {"address": "blocked@test.no",
                                                 "channel": "email", "reason": "manual"})
    assert status in (200, 201), f"POST /v1/suppressions: {status} {body!r}"
    code, out, err = herald.cli("user", "add", ADMIN, "--password-stdin",
                                stdin=b"correct horse battery staple\n")
    assert code == 0, f"herald user add: {code} {err}"

    ids = {}
    _, body = api.post_event(contract_event(), expect=(202,))
    for m in body["messages"]:
        ids[m["channel"]] = m["id"]
    ctx.queued = ids["sms"]
    ctx.sent = [ids["email"]]
    for i, who in enumerate(("ola@test.no", "kari@test.no", "blocked@test.no")):
        _, body = api.post_event(event(f"evt-{i}", order_id=f"ORD-{i}", name=f"Kunde {i}",
                                    email=who, locale="nb-NO"), expect=(202,))
        ctx.sent += [m["id"] for m in body["messages"]]
    status, body = api.post("/v1/messages", {"type": "password_reset", "channel": "email",
                                             "to": ["sara@test.no"], "customer_id": "C-9",
                                             "subject": OWN_SUBJECT, "html": OWN_HTML,
                                             "text": "Klikk her · 🚀"})
    assert status == 202, f"POST /v1/messages: {status} {body!r}"
    ctx.own = body["id"]
    ctx.sent.append(ctx.own)
    for mid in ctx.sent:
        api.wait_status(mid, {"sent", "suppressed"})
    api.wait_status(ctx.queued, {"deferred"})

    # A report no message matches, in raw 8-bit Latin-1 with a NUL, as real bounces come.
    status, body = api.request("POST", "/v1/bounces", raw=RAW_BOUNCE,
                               headers={"Content-Type": "message/rfc822"})
    assert status == 202 and body["matched"] is False, f"POST /v1/bounces: {status} {body!r}"

    # The campaign's customer, then the change its send waits on (the last thing filled).
    api.post_event({"id": "evt-vip", "type": "ORDER_PLACED",
                    "order": {"id": "ORD-VIP", "number": "K-VIP"},
                    "customer": {"id": "C-VIP", "name": "Vera", "phone": "+47 900 00 222",
                                 "tags": ["vip"]}}, expect=(202,))
    set_status(api, "ORD-VIP", "SHIPPED", NOW - timedelta(minutes=5))
    set_status(api, "ORD-VIP", "DELIVERED", NOW - timedelta(minutes=1))

    def scheduled():
        with sqlite3.connect(f"file:{ctx.a_path}?mode=ro", uri=True) as db:
            return db.execute("SELECT count(*) FROM campaign_sends").fetchone()[0] == 1
    h.wait_for(scheduled, what="the campaign send scheduled")


def strip_queued(value, queued):
    """An answer without the queued SMS (the one thing a copy's server changes)."""
    if isinstance(value, list):
        return [strip_queued(v, queued) for v in value
                if not (isinstance(v, dict) and v.get("id") == queued)]
    if isinstance(value, dict):
        return {k: strip_queued(v, queued) for k, v in value.items()}
    return value


SEARCHES = [{}, {"to": "sara@test.no"}, {"number": "90000000"}, {"number": "+47 900 00 000"},
            {"order": "FY-88812"}, {"order": "ORD-1"}, {"subject": "på vei"},
            {"subject": "ORDRE vei"}, {"subject": "passordet"}, {"channel": "email"},
            {"status": "suppressed"}, {"customer": "C-9"}, {"type": "password_reset"}]


def answers(ctx, api) -> dict:
    """What a server on the database answers about what was filled; messages created later
    (the campaign's, the test's own) are left out."""
    known = set(ctx.sent) | {ctx.queued}
    out = {}
    for params in SEARCHES:
        items = [m for m in api.all_messages(**params) if m["id"] in known]
        out[f"messages {params}"] = strip_queued(items, ctx.queued)
    for mid in sorted(known - {ctx.queued}):
        out[f"message {mid}"] = api.message(mid)
    for path in ("/v1/orders/FY-88812", "/v1/orders/ORD-1", "/v1/suppressions",
                 "/v1/campaigns", "/v1/order-statuses", "/v1/templates/OUT_FOR_DELIVERY",
                 "/v1/customers/C-9/messages", "/v1/bounces/unmatched"):
        status, body = api.get(path)
        assert status == 200, f"GET {path}: {status} {body!r}"
        out[path] = strip_queued(body, ctx.queued)
    return out


def case_fill_sqlite_through_the_api(ctx):
    herald = herald_on(ctx, ctx.a_url, "a").start()
    ctx.key = herald.store_add("nordshop", name="Nord Shop", country="NO", locale="nb-NO",
                               owner_email="owner@nordshop.example")
    api = herald.client(ctx.key)
    fill(ctx, api, herald)
    ctx.before = answers(ctx, api)
    ctx.queued_before = api.message(ctx.queued)
    ctx.messages = len(api.all_messages())
    status, body = api.get("/v1/order-statuses")
    assert status == 200, f"GET /v1/order-statuses: {status} {body!r}"
    ctx.statuses = len(body["items"])
    assert herald.stop() == 0
    with sqlite3.connect(f"file:{ctx.a_path}?mode=ro", uri=True) as db:
        (state,) = db.execute("SELECT state FROM campaign_sends").fetchone()
        assert state == "pending", f"the campaign send went before the copy: {state}"
        (queued,) = db.execute("SELECT count(*) FROM queue").fetchone()
        assert queued == 1, f"want the one SMS queued, got {queued} rows"


def case_sqlite_to_postgresql_then_to_a_new_sqlite(ctx):
    first = copied(ctx, ctx.a_url, ctx.b_url)
    assert (first["from"], first["to"]) == ("sqlite", "postgresql"), first
    t = first["tables"]
    want = {"stores": 1, "users": 1, "campaigns": 1, "campaign_sends": 1, "queue": 1,
            "suppressions": 1, "templates": 3, "order_statuses": ctx.statuses,
            "messages": ctx.messages}
    assert {k: t.get(k) for k in want} == want, first
    assert t["message_content"] == ctx.messages and t["message_events"] >= 5, first
    assert t["status_changes"] >= 2 and t["events"] >= 5 and t["orders"] >= 5, first
    assert first["rows"] == sum(t.values()), first
    second = copied(ctx, ctx.b_url, ctx.c_url)
    assert (second["from"], second["to"]) == ("postgresql", "sqlite"), second
    assert second["tables"] == t and second["rows"] == first["rows"], (first, second)
    assert first["reencoded"] == {} and second["reencoded"] == {}, (first, second)
    ctx.counts = t
    # The raw report, byte for byte, and text on SQLite again at the end.
    want = [("text", RAW_BOUNCE.hex().upper())]
    for path in (ctx.a_path, ctx.c_path):
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            got = db.execute("SELECT typeof(raw), hex(raw) FROM unmatched_bounces").fetchall()
        assert got == want, f"{path}: {got!r}"
    got = ctx.pg.query("moved", "SELECT encode(raw, 'hex') FROM unmatched_bounces")
    assert got == [(RAW_BOUNCE.hex(),)], got


def pg_counts(ctx) -> dict:
    return {table: int(ctx.pg.psql("moved", f"SELECT count(*) FROM {table}").strip())
            for table in ctx.counts}


def case_a_second_copy_into_the_filled_target_exits_2_and_changes_nothing(ctx):
    assert ctx.counts, "needs the copy case"
    before = pg_counts(ctx)
    code, out, err = copy(ctx, ctx.a_url, ctx.b_url)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code == 2 and not out.strip(), (code, out, err)
    assert len(lines) == 1 and "not empty" in lines[0] and "messages" in lines[0] \
        and "stores (1 rows)" in lines[0], err
    assert pg_counts(ctx) == before
    code, out, err = copy(ctx, ctx.b_url, ctx.c_url)
    assert code == 2 and "not empty" in err, (code, out, err)


def case_bad_flags_and_databases_that_do_not_answer(ctx):
    cases = [
        (["copy", "--from", ctx.a_url], 2, "--to"),
        (["copy", "--to", ctx.a_url], 2, "--from"),
        (["copy", "--from", "mysql://x/y", "--to", ctx.c_url], 2, "unsupported storage url"),
        (["copy", "--from", ctx.a_url, "--to", "nowhere"], 2, "unsupported storage url"),
        (["copy", "--from", ctx.a_url, "--to", ctx.b_url, "--fast"], 2, "--fast"),
        (["copy", "--from", f"postgresql://postgres@127.0.0.1:{h.free_port()}/none",
          "--to", f"sqlite://{ctx.run.dir}/never.db"], 1, "--from"),
        (["copy", "--from", f"sqlite://{ctx.run.dir}/missing/herald.db",
          "--to", f"sqlite://{ctx.run.dir}/never.db"], 1, "--from"),
        (["copy", "--from", ctx.a_url,
          "--to", f"postgresql://postgres@127.0.0.1:{h.free_port()}/none"], 1, "--to"),
    ]
    for argv, want, says in cases:
        r = subprocess.run([ctx.run.args.herald, *argv], capture_output=True, timeout=60)
        err = r.stderr.decode(errors="replace")
        lines = [ln for ln in err.splitlines() if ln.strip()]
        assert r.returncode == want and len(lines) == 1 and says in lines[0], \
            f"{argv}: want exit {want} and one line naming {says!r}, got {r.returncode} {err!r}"
    assert not (ctx.run.dir / "missing").exists(), "a missing source was created"
    # An empty file is no Herald database: bad input.
    empty = ctx.run.dir / "empty.db"
    sqlite3.connect(empty).close()
    code, out, err = copy(ctx, f"sqlite://{empty}", f"sqlite://{ctx.run.dir}/never2.db")
    assert code == 2 and "not a Herald database" in err, (code, out, err)


def check_copy_serves(ctx, url: str, name: str, sms_before: int):
    assert ctx.counts, "needs the copy case"
    herald = herald_on(ctx, url, name).start()
    api = herald.client(ctx.key)  # the old key
    after = answers(ctx, api)
    for k in ctx.before:
        assert after[k] == ctx.before[k], f"{name}: {k} differs:\n{ctx.before[k]!r}\n{after[k]!r}"

    # The queued SMS goes out once, as it was rendered; its timeline goes on from the copy's.
    sms = ctx.kannel.wait_sms(lambda s: h.digits_e164(s.receiver) == QUEUED_DIGITS,
                              count=sms_before + 1, what=f"{name}: the queued SMS")
    assert sms[-1].text == SMS_TEXT, sms[-1]
    m = api.wait_status(ctx.queued, {"sent", "delivered"})
    old = ctx.queued_before["events"]
    assert m["events"][:len(old)] == old, (old, m["events"])
    assert m["content"] == ctx.queued_before["content"], m

    # The waiting campaign send goes out from the copy, once.
    ctx.kannel.wait_sms(lambda s: h.digits_e164(s.receiver) == VIP_DIGITS,
                        count=sms_before + 1, timeout=CAMPAIGN_DELAY + 40,
                        what=f"{name}: the campaign's SMS")

    # New rows take new ids: nothing collides with a copied one.
    _, body = api.post_event(event(f"evt-{name}", order_id=f"ORD-{name}", email="new@test.no",
                                locale="nb-NO"), expect=(202,))
    new = body["messages"][0]["id"]
    assert new not in ctx.sent and new != ctx.queued
    api.wait_status(new, {"sent"})
    assert new in api.message_ids(subject="på vei"), "a new message is not found by subject"
    status, body = api.post("/v1/order-statuses", {"name": "Returned", "type": "delivery",
                                                   "code": f"RET-{name}".upper()})
    assert status == 201, f"{name}: a new order status: {status} {body!r}"

    # The user came along.
    code, out, err = herald.cli("user", "add", ADMIN, "--password-stdin", stdin=b"x" * 16 + b"\n")
    assert code == 2, f"{name}: user add again: {code} {err}"

    time.sleep(2)  # a second sending would show by now (retries are 1 s apart)
    for digits in (QUEUED_DIGITS, VIP_DIGITS):
        got = [s for s in ctx.kannel.sms() if h.digits_e164(s.receiver) == digits]
        assert len(got) == sms_before + 1, f"{name}: {len(got)} SMS to {digits}"
    assert herald.stop() == 0


def case_a_server_on_the_postgresql_copy_answers_the_same(ctx):
    ctx.kannel.start()
    check_copy_serves(ctx, ctx.b_url, "b", 0)


def case_a_server_on_the_sqlite_copy_of_the_copy_answers_the_same(ctx):
    check_copy_serves(ctx, ctx.c_url, "c", 1)


if __name__ == "__main__":
    h.main("copy", setup, [
        case_fill_sqlite_through_the_api,
        case_sqlite_to_postgresql_then_to_a_new_sqlite,
        case_a_second_copy_into_the_filled_target_exits_2_and_changes_nothing,
        case_bad_flags_and_databases_that_do_not_answer,
        case_a_server_on_the_postgresql_copy_answers_the_same,
        case_a_server_on_the_sqlite_copy_of_the_copy_answers_the_same,
    ])
