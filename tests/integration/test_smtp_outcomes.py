#!/usr/bin/python3
"""SMTP answers at send time: 550 5.1.1 -> bounced, 452 4.2.2 -> deferred then failed,
451 4.3.0 twice then 250 -> sent exactly once; "550 User unknown" at RCPT TO -> suppressed,
after DATA -> not."""

import sys
import time
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402
from common import by_channel, code_eq, ev_is, ev_kinds, event  # noqa: E402

DEFER_TIMES = 2
MAX_ATTEMPTS = 5
# retries are 1-2 s apart with max_attempts 5; allow a very generous margin
RETRY_TIMEOUT = 90.0


def setup(run):
    smtp = run.smtp(defer_times=DEFER_TIMES)
    herald = run.start_herald(smtp)
    api = herald.client(herald.store_add("outcomes", country="NO", locale="nb-NO"))
    api.put_template("DELIVERY_DONE", {"channel": "email", "locale": "nb-NO",
                                       "subject": "Levert {{order.number}}",
                                       "html": "<p>Levert</p>", "text": "Levert"})
    return SimpleNamespace(run=run, smtp=smtp, herald=herald, api=api)


def send_to(ctx, eid, address):
    s, b = ctx.api.post("/v1/events", event(eid, "DELIVERY_DONE", f"FY-{eid}", id=f"C-{eid}",
                                            name="X", email=address, locale="nb-NO"))
    assert s == 202, f"POST /v1/events {eid}: {s} {b!r}"
    ems = by_channel(b).get("email") or []
    assert len(ems) == 1, f"want one email message: {b!r}"
    return ems[0]["id"]


def find_event(events, kind, code, enhanced):
    for e in events or []:
        if ev_is(e, kind) and code_eq(e.get("smtp_code"), code) \
                and e.get("enhanced_code") == enhanced:
            return e
    return None


def case_unknown_user_bounces(ctx):
    mid = send_to(ctx, "evt-unknown", "unknown-user@test.no")
    m = ctx.api.wait_status(mid, "bounced")
    assert m.get("fail_count") == 1, f"fail_count: want 1, got {m.get('fail_count')!r}"
    e = find_event(m.get("events"), "bounced", 550, "5.1.1")
    assert e, f"no bounced event with smtp_code 550 / 5.1.1 in {m.get('events')!r}"
    assert e.get("reason") == "userunknown", f"reason: want 'userunknown': {e!r}"
    assert isinstance(e.get("description"), str) and e["description"].strip(), \
        f"description should be non-empty: {e!r}"
    time.sleep(2)
    assert not ctx.smtp.mails_to("unknown-user@test.no"), "a mail was accepted for unknown-user"
    m2 = ctx.api.message(mid)
    assert m2.get("status") == "bounced", f"a hard bounce must not be retried: {m2!r}"
    assert mid in ctx.api.message_ids(failed="true"), "failed=true does not list the bounce"
    assert mid in ctx.api.message_ids(status="bounced"), "status=bounced does not list it"


def case_spam_block_bounces(ctx):
    mid = send_to(ctx, "evt-blocked", "blocked-user@test.no")
    m = ctx.api.wait_status(mid, "bounced")
    assert m.get("fail_count") == 1, f"fail_count: want 1, got {m.get('fail_count')!r}"
    e = find_event(m.get("events"), "bounced", 550, "5.7.1")
    assert e, f"no bounced event with smtp_code 550 / 5.7.1 in {m.get('events')!r}"
    assert e.get("reason") == "spamdetected", \
        f"'550 5.7.1 Message rejected as spam': want reason 'spamdetected': {e!r}"


def case_mailbox_full_defers_then_fails(ctx):
    mid = send_to(ctx, "evt-full", "full-box@test.no")
    m = ctx.api.wait_status(mid, "deferred")
    e = find_event(m.get("events"), "deferred", 452, "4.2.2")
    assert e, f"no deferred event with 452 / 4.2.2 in {m.get('events')!r}"
    assert e.get("reason") == "mailboxfull", f"reason: want 'mailboxfull': {e!r}"
    assert mid in ctx.api.message_ids(status="deferred"), "status=deferred does not list it"
    m = ctx.api.wait_status(mid, "failed", timeout=RETRY_TIMEOUT)
    assert m.get("fail_count") == 1, f"fail_count after failing: {m.get('fail_count')!r}"
    kinds = ev_kinds(m.get("events"))
    n_deferred = sum(1 for e in m["events"] if ev_is(e, "deferred"))
    assert 1 <= n_deferred <= MAX_ATTEMPTS, \
        f"{n_deferred} deferred events for max_attempts={MAX_ATTEMPTS}: {kinds}"
    assert ev_is(m["events"][-1], "failed"), f"timeline should end with failed: {kinds}"
    assert not ctx.smtp.mails_to("full-box@test.no"), "a mail was accepted for full-box"
    assert mid in ctx.api.message_ids(failed="true"), "failed=true does not list it"


def case_temporary_failure_then_sent_once(ctx):
    mid = send_to(ctx, "evt-later", "later-user@test.no")
    ctx.smtp.wait_mail_to("later-user@test.no", timeout=RETRY_TIMEOUT)
    m = ctx.api.wait_status(mid, {"sent", "delivered"}, timeout=RETRY_TIMEOUT)
    time.sleep(3)
    n = len(ctx.smtp.mails_to("later-user@test.no"))
    assert n == 1, f"{n} mails arrived for later-user@test.no; want exactly 1"
    assert m.get("fail_count") == 0, f"fail_count after success: {m.get('fail_count')!r}"
    events = m.get("events") or []
    kinds = ev_kinds(events)
    deferred = [i for i, e in enumerate(events) if ev_is(e, "deferred")]
    sent = [i for i, e in enumerate(events) if ev_is(e, "sent")]
    assert len(deferred) == DEFER_TIMES, f"want {DEFER_TIMES} deferred events: {kinds}"
    assert sent and max(deferred) < min(sent), f"deferred events should precede sent: {kinds}"
    e = events[deferred[0]]
    assert code_eq(e.get("smtp_code"), 451) and e.get("enhanced_code") == "4.3.0", \
        f"deferred event should carry 451 / 4.3.0: {e!r}"


def case_partial_failure_counts_recipients(ctx):
    """fail_count is the number of recipients that failed (one good, one unknown)."""
    s, b = ctx.api.post("/v1/messages", {
        "type": "newsletter", "channel": "email",
        "to": ["good-reader@test.no", "unknown-reader@test.no"],
        "subject": "Nyhetsbrev", "html": "<p>Hei</p>", "text": "Hei"})
    assert s == 202, f"POST /v1/messages: want 202, got {s} {b!r}"
    mid = b.get("id")
    assert mid and b.get("status") == "queued", f"answer: {b!r}"
    ctx.smtp.wait_mail_to("good-reader@test.no")

    def settled():
        m = ctx.api.message(mid)
        return m if m.get("status") not in ("queued", "deferred") else None
    m = h.wait_for(settled, what=f"message {mid} to leave queued")
    assert m.get("fail_count") == 1, f"fail_count: want 1 (one of two recipients failed), " \
                                     f"got {m.get('fail_count')!r} (status {m.get('status')})"
    e = find_event(m.get("events"), "bounced", 550, "5.1.1")
    assert e, f"no bounced 550 / 5.1.1 event for the unknown recipient: {m.get('events')!r}"
    time.sleep(2)
    assert len(ctx.smtp.mails_to("good-reader@test.no")) == 1, "good recipient got it twice"


def case_same_words_read_with_the_command_they_answered(ctx):
    """"550 User unknown" at RCPT TO is a missing address (hard: suppressed); the same reply
    at the end of DATA is a filter's verdict (soft: not suppressed), as a bounce report that
    names the command reads it."""
    for eid, address, reason, hard in [("evt-rcpt", "nosuchuser@test.no", "userunknown", True),
                                       ("evt-data", "afterdata@test.no", "filtered", False)]:
        mid = send_to(ctx, eid, address)
        m = ctx.api.wait_status(mid, "bounced")
        e = find_event(m.get("events"), "bounced", 550, "5.0.0")
        assert e, f"{address}: no bounced 550 / 5.0.0 event in {m.get('events')!r}"
        assert e.get("reason") == reason, f"{address}: want reason {reason!r}: {e!r}"
        s, b = ctx.api.get("/v1/suppressions", params={"address": address})
        assert s == 200, f"GET /v1/suppressions: {s} {b!r}"
        listed = [i["reason"] for i in b["items"]]
        assert listed == ([reason] if hard else []), f"{address}: suppressions {listed!r}"


CASES = [case_unknown_user_bounces, case_spam_block_bounces,
         case_mailbox_full_defers_then_fails,
         case_temporary_failure_then_sent_once, case_partial_failure_counts_recipients,
         case_same_words_read_with_the_command_they_answered]

if __name__ == "__main__":
    h.main("smtp_outcomes", setup, CASES)
