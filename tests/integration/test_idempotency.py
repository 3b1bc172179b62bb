#!/usr/bin/python3
"""The same event id twice: 202 then 200 duplicate:true, same messages, one mail."""

import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402
from common import event  # noqa: E402

QUIET_SECONDS = 3.0  # after the first mail arrives, how long to watch for a second one


def setup(run):
    smtp = run.smtp()
    herald = run.start_herald(smtp)
    api = herald.client(herald.store_add("idem", country="NO", locale="nb-NO"))
    api.put_template("ORDER_PLACED", {"channel": "email", "locale": "nb-NO",
                                      "subject": "Ordre {{order.number}} mottatt",
                                      "html": "<p>Takk {{customer.name}}</p>",
                                      "text": "Takk {{customer.name}}"})
    return SimpleNamespace(run=run, smtp=smtp, herald=herald, api=api)


def ids_of(body):
    return sorted(m.get("id") for m in body.get("messages") or [])


def assert_one_mail(ctx, address):
    ctx.smtp.wait_mail_to(address)
    time.sleep(QUIET_SECONDS)
    n = len(ctx.smtp.mails_to(address))
    assert n == 1, f"{n} mails arrived for {address}; want exactly 1"


def case_duplicate_sequential(ctx):
    ev = event("evt-dup-1", "ORDER_PLACED", "FY-D1", id="C-1", name="Sara",
               email="dup1@test.no", locale="nb-NO")
    s1, b1 = ctx.api.post("/v1/events", ev)
    assert s1 == 202, f"first POST: want 202, got {s1} {b1!r}"
    assert b1.get("duplicate") is False, f"first POST: duplicate should be false: {b1!r}"
    assert len(b1.get("messages") or []) == 1, f"first POST: want one message: {b1!r}"
    s2, b2 = ctx.api.post("/v1/events", ev)
    assert s2 == 200, f"second POST: want 200, got {s2} {b2!r}"
    assert b2.get("duplicate") is True, f"second POST: duplicate should be true: {b2!r}"
    assert b2.get("event") == "evt-dup-1", f"second POST: 'event': {b2!r}"
    assert ids_of(b2) == ids_of(b1), f"second POST: messages {ids_of(b2)} != first " \
                                     f"{ids_of(b1)}"
    assert_one_mail(ctx, "dup1@test.no")
    # and after it was sent: still a duplicate, still the same ids
    s3, b3 = ctx.api.post("/v1/events", ev)
    assert s3 == 200 and b3.get("duplicate") is True and ids_of(b3) == ids_of(b1), \
        f"third POST (after sending): {s3} {b3!r}"
    assert len(ctx.api.messages(event="evt-dup-1")) == 1, "more than one log row for the event"


def case_duplicate_with_changed_body(ctx):
    """Identity is the event id: a changed body with the same id is still a duplicate."""
    ev = event("evt-dup-2", "ORDER_PLACED", "FY-D2", id="C-2", name="Ola",
               email="dup2@test.no", locale="nb-NO")
    s1, b1 = ctx.api.post("/v1/events", ev)
    assert s1 == 202, f"first POST: {s1} {b1!r}"
    ev2 = dict(ev, customer=dict(ev["customer"], name="Ola Changed"))
    s2, b2 = ctx.api.post("/v1/events", ev2)
    assert s2 == 200 and b2.get("duplicate") is True and ids_of(b2) == ids_of(b1), \
        f"same id, changed body: {s2} {b2!r}"
    assert_one_mail(ctx, "dup2@test.no")


def case_duplicate_concurrent(ctx):
    """Eight clients post the same event at once: one 202, seven 200 duplicates, one mail."""
    ev = event("evt-dup-3", "ORDER_PLACED", "FY-D3", id="C-3", name="Kari",
               email="dup3@test.no", locale="nb-NO")
    results, barrier = [], threading.Barrier(8)

    def post():
        barrier.wait()
        results.append(ctx.api.with_key(ctx.api.key).post("/v1/events", ev))
    threads = [threading.Thread(target=post) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    statuses = sorted(s for s, _ in results)
    assert statuses == [200] * 7 + [202], f"statuses {statuses}; answers {results!r}"
    first = [b for s, b in results if s == 202][0]
    for s, b in results:
        assert ids_of(b) == ids_of(first), f"different message ids: {ids_of(b)} vs " \
                                           f"{ids_of(first)}"
        assert b.get("duplicate") is (s == 200), f"duplicate flag wrong in {s} {b!r}"
    assert_one_mail(ctx, "dup3@test.no")


def case_same_id_other_store(ctx):
    """'id (unique per store)': the same id in another store is a new event."""
    api_b = ctx.herald.client(ctx.herald.store_add("idem-b", country="NO", locale="nb-NO"))
    api_b.put_template("ORDER_PLACED", {"channel": "email", "locale": "nb-NO",
                                        "subject": "B {{order.number}}", "html": "<p>B</p>",
                                        "text": "B"})
    ev = event("evt-dup-1", "ORDER_PLACED", "FY-B1", id="C-1", name="Sara",
               email="dup-b@test.no", locale="nb-NO")
    s, b = api_b.post("/v1/events", ev)
    assert s == 202 and b.get("duplicate") is False, \
        f"evt-dup-1 in store B should be new (202, duplicate:false): {s} {b!r}"
    assert_one_mail(ctx, "dup-b@test.no")


CASES = [case_duplicate_sequential, case_duplicate_with_changed_body, case_duplicate_concurrent,
         case_same_id_other_store]

if __name__ == "__main__":
    h.main("idempotency", setup, CASES)
