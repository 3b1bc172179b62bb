#!/usr/bin/python3
"""kill -9 in the middle of a burst of events, while mail is being sent: after a restart every
accepted event's mail arrives, the events left unanswered can be posted again, and the log
ends with every message sent. Prints how many mails went out twice: a send's outcome is
committed before the next send on its SMTP session, so a mail is repeated only when the crash
fell between the relay's answer to it and that commit (at most one per session)."""

import re
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402
from common import event  # noqa: E402

N_EVENTS = 2000
N_THREADS = 4
SMTP_CONNECTIONS = 2  # [email] connections in the harness's config
KILL_AFTER = N_EVENTS // 2  # events answered 202 before the kill
STALL_TIMEOUT = 120.0  # fail when no new mail arrives for this long (no fixed deadline)
SUBJECT = re.compile(r"Order (CR-\d{4}) received")


def setup(run):
    smtp = run.smtp()
    herald = run.start_herald(smtp)
    api = herald.client(herald.store_add("crashy", country="NO", locale="nb-NO"))
    api.put_template("ORDER_PLACED", {"channel": "email", "locale": "nb-NO",
                                      "subject": "Order {{order.id}} received",
                                      "html": "<p>Order {{order.id}}</p>",
                                      "text": "Order {{order.id}}"})
    return SimpleNamespace(run=run, smtp=smtp, herald=herald, api=api, accepted={},
                           unanswered=[])


def order_id(i):
    return f"CR-{i:04d}"


def crash_event(i):
    return event(f"evt-crash-{i:04d}", "ORDER_PLACED", order_id(i), id=f"C-{i}",
                 name=f"Kunde {i}", email=f"crash{i:04d}@test.no", locale="nb-NO")


def mail_counts(smtp):
    counts = {}
    for m in smtp.mails():
        mm = SUBJECT.search(m.subject)
        if mm:
            counts[mm.group(1)] = counts.get(mm.group(1), 0) + 1
    return counts


def case_kill9_in_the_middle_of_a_burst(ctx):
    lock = threading.Lock()
    errors = []

    def worker(k):
        api = ctx.api.with_key(ctx.api.key)
        for i in range(k, N_EVENTS, N_THREADS):
            try:
                s, b = api.post("/v1/events", crash_event(i), timeout=10)
            except OSError as e:  # the server was killed: the event may or may not be stored
                s, b = None, repr(e)
            with lock:
                if s == 202:
                    ctx.accepted[order_id(i)] = [m["id"] for m in b.get("messages") or []]
                elif s is None:
                    ctx.unanswered.append(i)
                else:
                    errors.append((i, s, b))
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(N_THREADS)]
    for t in threads:
        t.start()
    # Kill while events still arrive and mail is being sent.
    def mail_going_out():
        return ctx.smtp.out.exists() and ctx.smtp.out.stat().st_size > 0
    h.wait_for(lambda: len(ctx.accepted) >= KILL_AFTER and mail_going_out(), 120, 0.01,
               what=f"{KILL_AFTER} events accepted and mail going out")
    ctx.herald.kill9()
    for t in threads:
        t.join(300)
    sent_before = len(mail_counts(ctx.smtp))
    print(f"kill -9 after {len(ctx.accepted)} of {N_EVENTS} events were answered 202 and "
          f"{sent_before} mails had arrived; {len(ctx.unanswered)} events unanswered", flush=True)
    assert not errors, f"{len(errors)} events answered neither 202 nor not at all: {errors[:3]!r}"
    assert ctx.unanswered, "the kill came after the last event: no crash in mid-burst"
    for oid, mids in ctx.accepted.items():
        assert len(mids) == 1, f"{oid}: want one message, got {mids}"


def case_restart_delivers_every_accepted_event_once(ctx):
    assert ctx.accepted, "needs case_kill9_in_the_middle_of_a_burst"
    ctx.herald.start()
    # The unanswered events again: one may have been stored before the kill (200, duplicate).
    for i in sorted(ctx.unanswered):
        s, b = ctx.api.post("/v1/events", crash_event(i))
        assert s in (200, 202), f"event {i} posted again: {s} {b!r}"
        assert b.get("duplicate") is (s == 200), f"event {i}: {s} with {b!r}"
        ctx.accepted[order_id(i)] = [m["id"] for m in b.get("messages") or []]
    assert len(ctx.accepted) == N_EVENTS
    last_progress, last_count = time.monotonic(), -1
    while True:
        counts = mail_counts(ctx.smtp)
        missing = sorted(set(ctx.accepted) - set(counts))
        if not missing:
            break
        if len(counts) != last_count:
            last_count, last_progress = len(counts), time.monotonic()
        if time.monotonic() - last_progress > STALL_TIMEOUT:
            raise AssertionError(
                f"{len(missing)} of {len(ctx.accepted)} accepted events never got their mail "
                f"(no progress for {STALL_TIMEOUT:g}s), e.g. {missing[:10]}")
        if not ctx.herald.alive():
            raise AssertionError(f"herald exited ({ctx.herald.proc.returncode()}) after restart")
        time.sleep(0.2)


def case_log_consistent_after_restart(ctx):
    assert ctx.accepted, "needs case_kill9_in_the_middle_of_a_burst"
    want = {mid for mids in ctx.accepted.values() for mid in mids}

    def all_sent():
        items = ctx.api.all_messages()
        by_id = {m["id"]: m for m in items}
        missing = want - set(by_id)
        assert not missing, f"{len(missing)} accepted messages missing from the log after " \
                            f"the crash, e.g. {sorted(missing)[:5]}"
        extra = set(by_id) - want
        assert not extra, f"{len(extra)} unexpected messages in the log: {sorted(extra)[:5]}"
        pending = [m for m in items if m.get("status") not in ("sent", "delivered")]
        return True if not pending else None
    h.wait_for(all_sent, what="every message to reach status sent")
    # Every message is recorded as sent, so nothing more will go out: count the duplicates.
    counts = mail_counts(ctx.smtp)
    dups = {k: v for k, v in counts.items() if v > 1}
    print(f"all {len(ctx.accepted)} mails arrived; duplicates after kill -9: "
          f"{sum(v - 1 for v in dups.values())} extra mails for {len(dups)} events"
          + (f", e.g. {sorted(dups.items())[:5]}" if dups else "")
          + f" (at most {SMTP_CONNECTIONS} by construction: one per SMTP session)", flush=True)
    code = ctx.herald.stop()
    assert code == 0, f"herald exited {code} on SIGTERM"


CASES = [case_kill9_in_the_middle_of_a_burst, case_restart_delivers_every_accepted_event_once,
         case_log_consistent_after_restart]

if __name__ == "__main__":
    h.main("crash_recovery", setup, CASES)
