#!/usr/bin/python3
"""Order event in -> email over SMTP + SMS through Kannel out -> searchable message log."""

import sys
import time
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402
from common import (by_channel, contract_event, ev_is, ev_kinds, event,  # noqa: E402
                    norm)

SUBJECT = "Ordre KRT-1001 er på vei"
HTML_TPL = "<p>Hei <b>{{customer.name}}</b>, ordre {{order.number}} er på vei.</p>"
TEXT_TPL = "Hei {{customer.name}}, ordre {{order.number}} er på vei."
SMS_TPL = "Hei {{customer.name}}, ordre {{order.number}} er på vei: {{data.tracking_url}}"
SMS_TEXT = "Hei Sara, ordre KRT-1001 er på vei: https://carrier.example/t/123"


def setup(run):
    smtp = run.smtp()
    kannel = run.kannel()
    herald = run.start_herald(smtp, kannel)
    key = herald.store_add("nordshop", name="Nord Shop", country="NO", locale="nb-NO",
                           owner_email="owner@nordshop.example")
    api = herald.client(key)
    api.put_template("OUT_FOR_DELIVERY", {"channel": "email", "locale": "nb-NO",
                                          "subject": "Ordre {{order.number}} er på vei",
                                          "html": HTML_TPL, "text": TEXT_TPL})
    api.put_template("OUT_FOR_DELIVERY", {"channel": "sms", "locale": "nb", "sms": SMS_TPL})
    return SimpleNamespace(run=run, smtp=smtp, kannel=kannel, herald=herald, api=api,
                           main=None, mail=None, escape=None)


def need_main(ctx):
    assert ctx.main, "needs case_event_accepted to have passed"
    return ctx.main


# -- the contract §4 example ------------------------------------------------------------------

def case_event_accepted(ctx):
    status, body = ctx.api.post("/v1/events", contract_event())
    assert status == 202, f"POST /v1/events: want 202, got {status} {body!r}"
    assert body.get("event") == "evt-000123", f"answer 'event': {body!r}"
    assert body.get("duplicate") is False, f"answer 'duplicate' should be false: {body!r}"
    ch = by_channel(body)
    assert len(ch.get("email", [])) == 1 and len(ch.get("sms", [])) == 1 \
        and len(body["messages"]) == 2, f"want one email and one sms message, got {body!r}"
    for m in body["messages"]:
        assert m.get("status") == "queued", f"message should be queued: {m!r}"
        assert isinstance(m.get("id"), str) and m["id"], f"message without id: {m!r}"
    assert not body.get("skipped"), f"nothing should be skipped: {body.get('skipped')!r}"
    ctx.main = {"email": ch["email"][0]["id"], "sms": ch["sms"][0]["id"]}


def case_mail_delivered(ctx):
    ids = need_main(ctx)
    mail = ctx.smtp.wait_mail_to("sara@test.no")
    ctx.mail = mail
    assert mail.subject == SUBJECT, f"subject: want {SUBJECT!r}, got {mail.subject!r}"
    assert mail.html is not None, f"no text/html part in {mail.data[:2000]!r}"
    assert "<b>Sara</b>" in mail.html and "ordre KRT-1001 er på vei" in mail.html, \
        f"HTML part not rendered as expected: {mail.html!r}"
    assert mail.text is not None, f"no text/plain part in {mail.data[:2000]!r}"
    assert "Hei Sara, ordre KRT-1001 er på vei." in mail.text, \
        f"text part not rendered as expected: {mail.text!r}"
    assert "{{" not in mail.html + mail.text + mail.subject, "unrendered mustache left"
    assert "shop@example.com" in (mail.header("From") or ""), \
        f"From should be the default_from shop@example.com: {mail.header('From')!r}"
    mid = ids["email"]
    assert mid in (mail.mail_from or "") or mid in mail.message_id, \
        (f"neither MAIL FROM {mail.mail_from!r} nor Message-ID {mail.message_id!r} "
         f"identifies Herald message {mid!r}")
    assert len(ctx.smtp.mails_to("sara@test.no")) == 1, "more than one mail to sara@test.no"


def case_sms_delivered(ctx):
    need_main(ctx)
    sms = ctx.kannel.wait_sms(lambda s: h.digits_e164(s.receiver) == "4790000000",
                              what="SMS to +4790000000")[0]
    assert sms.text == SMS_TEXT, f"SMS text: want {SMS_TEXT!r}, got {sms.text!r} ({sms!r})"
    assert sms.receiver in ("+4790000000", "4790000000", "004790000000"), \
        f"receiver not in E.164-ish form: {sms.receiver!r}"
    assert sms.sender == "SHOP", f"sender should be the configured 'SHOP': {sms!r}"


def case_statuses_sent(ctx):
    ids = need_main(ctx)
    m = ctx.api.wait_status(ids["email"], {"sent", "delivered", "opened", "clicked"})
    assert m.get("fail_count") == 0, f"email fail_count: {m!r}"
    m = ctx.api.wait_status(ids["sms"], {"sent", "delivered"})
    assert m.get("fail_count") == 0, f"sms fail_count: {m!r}"


def check_timeline(events, what):
    assert isinstance(events, list) and events, f"{what}: empty timeline {events!r}"
    assert ev_is(events[0], "queued"), f"{what}: timeline should start with queued: " \
                                       f"{ev_kinds(events)}"
    sent = [i for i, e in enumerate(events) if ev_is(e, "sent")]
    assert sent, f"{what}: no 'sent' event in timeline {ev_kinds(events)}"
    assert all(e.get("at") for e in events), f"{what}: timeline events without 'at': {events!r}"
    ats = [h.parse_time(e["at"]) for e in events]
    assert ats == sorted(ats), f"{what}: timeline not oldest first: {[e['at'] for e in events]}"


def case_email_detail(ctx):
    ids = need_main(ctx)
    mail = ctx.mail or ctx.smtp.wait_mail_to("sara@test.no")
    m = ctx.api.wait_status(ids["email"], {"sent", "delivered", "opened", "clicked"})
    for k, want in (("id", ids["email"]), ("channel", "email"), ("type", "OUT_FOR_DELIVERY"),
                    ("event_id", "evt-000123"), ("order_id", "FY-88812"),
                    ("customer_id", "C-9"), ("subject", SUBJECT), ("fail_count", 0)):
        assert m.get(k) == want, f"GET /v1/messages/{{id}} '{k}': want {want!r}, got " \
                                 f"{m.get(k)!r}"
    assert "sara@test.no" in (m.get("to") or []), f"'to': {m.get('to')!r}"
    assert "shop@example.com" in (m.get("from") or ""), f"'from': {m.get('from')!r}"
    for k in ("created_at", "updated_at"):
        h.parse_time(m[k])
    c = m.get("content")
    assert isinstance(c, dict), f"no content object: {m!r}"
    assert norm(c.get("html")) == norm(mail.html), \
        f"content.html is not exactly as sent:\n log: {c.get('html')!r}\nmail: {mail.html!r}"
    assert norm(c.get("text")) == norm(mail.text), \
        f"content.text is not exactly as sent:\n log: {c.get('text')!r}\nmail: {mail.text!r}"
    hdrs = c.get("headers")
    assert hdrs, f"content.headers missing: {c!r}"
    logged_mid = h.header_get(hdrs, "Message-ID")
    assert logged_mid, f"content.headers has no Message-ID: {hdrs!r}"
    assert logged_mid.strip() == mail.message_id, \
        f"logged Message-ID {logged_mid!r} != sent {mail.message_id!r}"
    check_timeline(m.get("events"), "email")


def case_sms_detail(ctx):
    ids = need_main(ctx)
    m = ctx.api.wait_status(ids["sms"], {"sent", "delivered"})
    for k, want in (("channel", "sms"), ("type", "OUT_FOR_DELIVERY"), ("event_id", "evt-000123"),
                    ("order_id", "FY-88812"), ("fail_count", 0)):
        assert m.get(k) == want, f"sms '{k}': want {want!r}, got {m.get(k)!r}"
    assert any(h.digits_e164(t) == "4790000000" for t in m.get("to") or []), \
        f"sms 'to': {m.get('to')!r}"
    c = m.get("content") or {}
    assert c.get("sms") == SMS_TEXT, f"content.sms: want {SMS_TEXT!r}, got {c.get('sms')!r}"
    check_timeline(m.get("events"), "sms")


# -- searching the log --------------------------------------------------------------------------

def case_search_by_number(ctx):
    ids = need_main(ctx)
    for spelling in ("+47 900 00 000", "004790000000", "90000000", "+4790000000"):
        found = ctx.api.message_ids(number=spelling)
        assert ids["sms"] in found, f"GET /v1/messages?number={spelling!r} does not find " \
                                    f"the SMS {ids['sms']}: {found}"
        assert ids["email"] not in found, f"number={spelling!r} also returns the email"
    found = ctx.api.message_ids(number="+47 900 00 001")
    assert ids["sms"] not in found, "number=+47 900 00 001 finds the SMS to +4790000000"


def case_search_email_filters(ctx):
    ids = need_main(ctx)
    e, s = ids["email"], ids["sms"]
    want_hit = [
        {"order": "FY-88812"}, {"to": "sara@test.no"}, {"subject": "på vei"},
        {"subject": "ordre"}, {"subject": "ORDRE krt-1001"}, {"channel": "email"},
        {"type": "OUT_FOR_DELIVERY"}, {"event": "evt-000123"}, {"customer": "C-9"},
        {"from": "shop@example.com"}, {"order": "FY-88812", "channel": "email"},
    ]
    for params in want_hit:
        found = ctx.api.message_ids(**params)
        assert e in found, f"GET /v1/messages?{params} does not find the email {e}: {found}"
    want_miss = [{"order": "FY-00000"}, {"to": "nobody@test.no"}, {"subject": "hjemme"},
                 {"channel": "sms"}, {"type": "DELIVERY_DONE"}, {"event": "evt-nope"},
                 {"status": "bounced"}, {"order": "FY-88812", "channel": "sms"}]
    for params in want_miss:
        found = ctx.api.message_ids(**params)
        assert e not in found, f"GET /v1/messages?{params} should not find the email {e}"
    assert s in ctx.api.message_ids(order="FY-88812"), "order=FY-88812 misses the SMS"


def case_search_subject_words(ctx):
    """'case-insensitive words or substring': words in any order, not adjacent."""
    e = need_main(ctx)["email"]
    for q in ("ordre vei", "vei KRT-1001"):
        found = ctx.api.message_ids(subject=q)
        assert e in found, f"subject={q!r} (words) does not find subject {SUBJECT!r}"


def case_search_subject_unicode_case(ctx):
    """Case-insensitive beyond ASCII: a Norwegian user types 'PÅ VEI'."""
    e = need_main(ctx)["email"]
    for q in ("PÅ VEI", "På Vei"):
        found = ctx.api.message_ids(subject=q)
        assert e in found, f"subject={q!r} does not find subject {SUBJECT!r}"


def case_search_time_range(ctx):
    e = need_main(ctx)["email"]
    created = h.parse_time(ctx.api.message(e)["created_at"])
    minute, hour = timedelta(minutes=1), timedelta(hours=1)
    for params in ({"since": h.rfc3339(created - minute)},
                   {"until": h.rfc3339(created + minute)},
                   {"since": h.rfc3339(created - minute), "until": h.rfc3339(created + minute)},
                   {"since": (created - minute).isoformat()}):
        found = ctx.api.message_ids(**params)
        assert e in found, f"GET /v1/messages?{params} does not find the email created " \
                           f"{created.isoformat()}"
    for params in ({"since": h.rfc3339(created + hour)},
                   {"until": h.rfc3339(created - hour)},
                   {"since": h.rfc3339(created - 2 * hour), "until": h.rfc3339(created - hour)}):
        found = ctx.api.message_ids(**params)
        assert e not in found, f"GET /v1/messages?{params} should exclude the email created " \
                               f"{created.isoformat()}"
    status, body = ctx.api.get("/v1/messages", params={"since": "yesterday"})
    assert status == 400, f"since=yesterday (not RFC 3339) should be 400, got {status} {body!r}"


def case_pagination_newest_first(ctx):
    """limit + next_cursor walk the whole log once, newest first."""
    need_main(ctx)
    for i in range(5):
        ctx.api.post_event(event(f"evt-page-{i}", "OUT_FOR_DELIVERY", f"FY-P{i}", id=f"C-P{i}",
                                 name="P", email=f"page{i}@test.no", locale="nb-NO"),
                           expect=(202,))
    everything = ctx.api.messages(limit=500)
    assert len(everything) >= 7, f"want at least 7 messages, got {len(everything)}"
    created = [h.parse_time(m["created_at"]) for m in everything]
    assert created == sorted(created, reverse=True), \
        f"not newest first: {[m['created_at'] for m in everything]}"
    page_ids, params = [], {"limit": 2}
    for _ in range(100):
        status, body = ctx.api.get("/v1/messages", params=params)
        assert status == 200, f"GET /v1/messages {params}: {status} {body!r}"
        items = body.get("items") or []
        assert len(items) <= 2, f"limit=2 returned {len(items)} items"
        page_ids += [m["id"] for m in items]
        if not body.get("next_cursor"):
            break
        params = {"limit": 2, "cursor": body["next_cursor"]}
    assert page_ids == [m["id"] for m in everything], \
        f"paging with limit=2 gave {page_ids}, want {[m['id'] for m in everything]}"
    # the cursor keeps the filters' meaning: the first page of a filtered query
    status, body = ctx.api.get("/v1/messages", params={"channel": "sms", "limit": 1})
    assert status == 200 and all(m["channel"] == "sms" for m in body.get("items") or [])


# -- skipped, locales, escaping -----------------------------------------------------------------

def case_skipped_no_phone(ctx):
    ev = event("evt-nophone", "OUT_FOR_DELIVERY", "FY-2", id="C-2", name="Ola",
               email="ola@test.no", locale="nb-NO")
    status, body = ctx.api.post("/v1/events", ev)
    assert status == 202, f"want 202, got {status} {body!r}"
    ch = by_channel(body)
    assert len(ch.get("email", [])) == 1 and "sms" not in ch, \
        f"want only an email message: {body!r}"
    skipped = body.get("skipped") or []
    sms = [s for s in skipped if s.get("channel") == "sms"]
    assert len(sms) == 1 and isinstance(sms[0].get("reason"), str) and sms[0]["reason"], \
        f"want skipped [{{'channel':'sms','reason':...}}], got {skipped!r}"
    ctx.smtp.wait_mail_to("ola@test.no")


def case_locale_fallback(ctx):
    api = ctx.api
    api.put_template("ORDER_PLACED", {"channel": "email", "locale": "nb-NO",
                                      "subject": "Takk for bestillingen {{order.number}}",
                                      "html": "<p>Takk</p>", "text": "Takk"})
    api.put_template("ORDER_PLACED", {"channel": "email", "locale": "en",
                                      "subject": "Thanks for your order {{order.number}}",
                                      "html": "<p>Thanks</p>", "text": "Thanks"})
    api.put_template("DELIVERY_DONE", {"channel": "sms", "locale": "nb",
                                       "sms": "Levert: {{order.number}}"})
    api.put_template("DELIVERY_DONE", {"channel": "sms", "locale": "en",
                                       "sms": "Delivered: {{order.number}}"})
    email_cases = [("nb-NO", "Takk for bestillingen"), ("nb", "Takk for bestillingen"),
                   ("en-US", "Thanks for your order"), ("en", "Thanks for your order"),
                   ("pt-BR", "Takk for bestillingen"), (None, "Takk for bestillingen")]
    for i, (loc, _) in enumerate(email_cases):
        cust = {"id": f"C-L{i}", "name": f"L{i}", "email": f"loc{i}@test.no"}
        if loc:
            cust["locale"] = loc
        api.post_event(event(f"evt-loc-{i}", "ORDER_PLACED", f"FY-L{i}", **cust), expect=(202,))
    sms_cases = [("nb", "Levert"), ("nb-NO", "Levert"), ("en-GB", "Delivered")]
    for i, (loc, _) in enumerate(sms_cases):
        api.post_event(event(f"evt-locs-{i}", "DELIVERY_DONE", f"FY-S{i}", id=f"C-S{i}",
                             name=f"S{i}", phone=f"+47 900 01 0{i}0", locale=loc),
                       expect=(202,))
    problems = []
    for i, (loc, want) in enumerate(email_cases):
        mail = ctx.smtp.wait_mail_to(f"loc{i}@test.no")
        if mail.subject != f"{want} FY-L{i}":
            problems.append(f"customer locale {loc!r}: subject {mail.subject!r}, want "
                            f"{want + ' FY-L' + str(i)!r}")
    for i, (loc, want) in enumerate(sms_cases):
        s = ctx.kannel.wait_sms(lambda s, i=i: h.digits_e164(s.receiver) == f"47900010{i}0",
                                what=f"SMS to +479000010{i}0")[0]
        if s.text != f"{want}: FY-S{i}":
            problems.append(f"customer locale {loc!r}: SMS {s.text!r}, want "
                            f"{want + ': FY-S' + str(i)!r}")
    assert not problems, "locale fallback wrong:\n  " + "\n  ".join(problems)


def escape_event(ctx):
    if ctx.escape is None:
        ev = contract_event(id="evt-escape")
        ev["order"] = {"id": "FY-ESC", "number": "KRT-ESC"}
        ev["customer"] = {"id": "C-ESC", "name": "<script>x</script> & Co",
                          "email": "escape@test.no", "phone": "+47 900 00 999",
                          "locale": "nb-NO"}
        ctx.api.post_event(ev, expect=(202,))
        mail = ctx.smtp.wait_mail_to("escape@test.no")
        sms = ctx.kannel.wait_sms(lambda s: h.digits_e164(s.receiver) == "4790000999",
                                  what="SMS to +4790000999")[0]
        ctx.escape = (mail, sms)
    return ctx.escape


def case_html_escaping(ctx):
    mail, _ = escape_event(ctx)
    html = mail.html or ""
    assert "<script>" not in html.lower(), f"unescaped <script> in the HTML part: {html!r}"
    assert "&lt;script&gt;x&lt;/script&gt;" in html, f"name not HTML-escaped: {html!r}"
    assert "&amp; Co" in html or "&#38; Co" in html, f"'&' not escaped in HTML: {html!r}"


def case_text_and_sms_not_html_escaped(ctx):
    mail, sms = escape_event(ctx)
    name = "<script>x</script> & Co"
    assert name in (mail.text or ""), f"text part should carry the name literally: " \
                                      f"{mail.text!r}"
    assert name in sms.text, f"SMS should carry the name literally: {sms.text!r}"


CASES = [case_event_accepted, case_mail_delivered, case_sms_delivered, case_statuses_sent,
         case_email_detail, case_sms_detail, case_search_by_number, case_search_email_filters,
         case_search_subject_words, case_search_subject_unicode_case, case_search_time_range,
         case_pagination_newest_first,
         case_skipped_no_phone, case_locale_fallback, case_html_escaping,
         case_text_and_sms_not_html_escaped]

if __name__ == "__main__":
    h.main("pipeline", setup, CASES)
