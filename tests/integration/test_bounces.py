#!/usr/bin/python3
"""Bounce intake (contract §6): POST /v1/bounces and `herald bounce ingest` match the message."""

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402
from common import event  # noqa: E402


def setup(run):
    smtp = run.smtp()
    herald = run.start_herald(smtp)
    api = herald.client(herald.store_add("bnc", country="NO", locale="en"))
    api.put_template("ORDER_PLACED", {"channel": "email", "locale": "en",
                                      "subject": "Order {{order.number}}", "text": "Hi"})
    return SimpleNamespace(run=run, smtp=smtp, herald=herald, api=api)


def dsn(mail, recipient, status, diagnostic, original=None):
    """An RFC 3464 report as an MTA writes it, returning the headers of the sent mail."""
    given = f"Original-Recipient: rfc822;{original}\r\n" if original else ""
    headers = mail.data.split("\r\n\r\n", 1)[0]
    return (f"From: MAILER-DAEMON@relay.example\r\nTo: {mail.mail_from}\r\n"
            f"Subject: Undelivered Mail Returned to Sender\r\nMIME-Version: 1.0\r\n"
            f"Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n"
            f"--B\r\nContent-Type: text/plain\r\n\r\nI'm sorry to have to inform you that your "
            f"message could not be delivered.\r\n\r\n"
            f"--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; relay.example\r\n\r\n"
            f"{given}Final-Recipient: rfc822; {recipient}\r\nAction: failed\r\nStatus: {status}\r\n"
            f"Diagnostic-Code: smtp; {diagnostic}\r\n\r\n"
            f"--B\r\nContent-Type: text/rfc822-headers\r\n\r\n{headers}\r\n\r\n--B--\r\n").encode()


def sent_mail(ctx, eid, email):
    s, b = ctx.api.post("/v1/events", event(eid, "ORDER_PLACED", "O-" + eid, email=email))
    mid = b["messages"][0]["id"]
    mail = ctx.smtp.wait_mail_to(email)
    ctx.api.wait_status(mid, ["sent"])
    return mid, mail


def case_http_bounce_mailbox_full(ctx):
    mid, mail = sent_mail(ctx, "evt-b1", "sara.b1@test.no")
    body = dsn(mail, "sara.b1@test.no", "5.2.2",
               "552-5.2.2 The email account that you tried to reach is over quota.")
    s, b = ctx.api.request("POST", "/v1/bounces", raw=body,
                           headers={"Content-Type": "message/rfc822"})
    assert s == 202 and b["matched"] and b["message"] == mid, f"{s} {b!r}"
    m = ctx.api.message(mid)
    assert m["status"] == "bounced" and m["fail_count"] == 1, m
    ev = [e for e in m["events"] if e["type"] == "bounced"][-1]
    assert ev["enhanced_code"] == "5.2.2" and ev["reason"] == "mailboxfull", ev
    assert ev["description"] == "The recipient's mailbox is full", ev
    # a full mailbox is not a reason to stop sending to the address
    s, b = ctx.api.get("/v1/suppressions", params={"address": "sara.b1@test.no"})
    assert b["items"] == [], b


def case_pipe_bounce_user_unknown_suppresses(ctx):
    mid, mail = sent_mail(ctx, "evt-b2", "gone.b2@test.no")
    body = dsn(mail, "gone.b2@test.no", "5.1.1",
               "550 5.1.1 <gone.b2@test.no>: Recipient address rejected: User unknown")
    p = subprocess.run([ctx.herald.binary, "bounce", "ingest", "--config", str(ctx.herald.config)],
                       input=body, capture_output=True, timeout=30)
    assert p.returncode == 0, p.stderr
    assert b'"matched":true' in p.stdout, p.stdout
    m = ctx.api.message(mid)
    assert m["status"] == "bounced", m
    assert [e["reason"] for e in m["events"] if e["type"] == "bounced"] == ["userunknown"], m
    s, b = ctx.api.get("/v1/suppressions", params={"address": "gone.b2@test.no"})
    assert [i["reason"] for i in b["items"]] == ["userunknown"], b
    # the same report twice does not count the recipient twice
    subprocess.run([ctx.herald.binary, "bounce", "ingest", "--config", str(ctx.herald.config)],
                   input=body, capture_output=True, timeout=30, check=True)
    assert ctx.api.message(mid)["fail_count"] == 1


def case_a_report_on_an_alias_target_is_the_customers(ctx):
    # The receiving side expanded the customer's address to a mailbox of another name and
    # reports that one: the bounce, its count and the suppression are the customer's address.
    mid, mail = sent_mail(ctx, "evt-b5", "kari.b5@test.no")
    body = dsn(mail, "KNORDMANN@mailhost.test.no", "5.1.1",
               "550 5.1.1 <KNORDMANN@mailhost.test.no>... User unknown", original="kari.b5@test.no")
    s, b = ctx.api.request("POST", "/v1/bounces", raw=body,
                           headers={"Content-Type": "message/rfc822"})
    assert s == 202 and b["matched"] and b["message"] == mid, f"{s} {b!r}"
    m = ctx.api.message(mid)
    assert m["status"] == "bounced" and m["fail_count"] == 1, m
    ev = [e for e in m["events"] if e["type"] == "bounced"][-1]
    assert ev["detail"].startswith("Reported for knordmann@mailhost.test.no. 550 5.1.1"), ev
    s, b = ctx.api.get("/v1/suppressions", params={"address": "kari.b5@test.no"})
    assert [i["reason"] for i in b["items"]] == ["userunknown"], b
    s, b = ctx.api.get("/v1/suppressions", params={"address": "knordmann@mailhost.test.no"})
    assert b["items"] == [], b


def case_unmatched_is_kept(ctx):
    body = (b"From: someone@else.example\r\nTo: bounce+NOPE@example.com\r\nSubject: hello\r\n\r\n"
            b"Just a note, not a bounce.\r\n")
    s, b = ctx.api.request("POST", "/v1/bounces", raw=body,
                           headers={"Content-Type": "message/rfc822"})
    assert s == 202 and b["matched"] is False and b["is_bounce"] is False, f"{s} {b!r}"
    s, b = ctx.api.get("/v1/bounces/unmatched")
    assert s == 200 and len(b["items"]) == 1 and b["items"][0]["source"] == "http", b


def stored_raw(ctx) -> list[bytes]:
    """The unmatched reports' raw bytes, oldest first, as the database holds them."""
    if ctx.herald.storage_url.startswith("sqlite://"):
        rows = ctx.herald.sql("SELECT hex(raw) FROM unmatched_bounces ORDER BY id")
    else:
        rows = ctx.herald.sql("SELECT encode(raw, 'hex') FROM unmatched_bounces ORDER BY id")
    return [bytes.fromhex(r[0]) for r in rows]


def case_8bit_reports_are_taken_and_kept_byte_for_byte(ctx):
    # Real bounces carry raw Latin-1 with no charset: the words are read as Windows-1252, the
    # unmatched report is kept exactly (on PostgreSQL too, whose text holds UTF-8 only).
    mid, mail = sent_mail(ctx, "evt-b8", "ola.b8@test.no")
    body = dsn(mail, "ola.b8@test.no", "5.1.1", "550 5.1.1 WORDS").replace(
        b"WORDS", b"Empf\xe4nger unbekannt \x93x\x94")
    s, b = ctx.api.request("POST", "/v1/bounces", raw=body,
                           headers={"Content-Type": "message/rfc822"})
    assert s == 202 and b["matched"] and b["message"] == mid, f"{s} {b!r}"
    ev = [e for e in ctx.api.message(mid)["events"] if e["type"] == "bounced"][-1]
    assert "Empfänger unbekannt “x”" in ev["detail"], ev
    before = stored_raw(ctx)
    raw = (b"From: postmaster@relay.example\r\nSubject: Unzustellbar\r\n\r\n"
           b"Ihre Nachricht an M\xfcller konnte nicht zugestellt werden.\r\n\xff\x00end\r\n")
    s, b = ctx.api.request("POST", "/v1/bounces", raw=raw,
                           headers={"Content-Type": "message/rfc822"})
    assert s == 202 and b["matched"] is False, f"{s} {b!r}"
    p = subprocess.run([ctx.herald.binary, "bounce", "ingest", "--config", str(ctx.herald.config)],
                       input=raw, capture_output=True, timeout=30)
    assert p.returncode == 0 and b'"matched":false' in p.stdout, (p.returncode, p.stderr)
    assert stored_raw(ctx) == before + [raw, raw]
    s, b = ctx.api.get("/v1/bounces/unmatched")
    assert s == 200 and b["items"][0]["source"] == "http", b


if __name__ == "__main__":
    h.main("bounces", setup, [case_http_bounce_mailbox_full,
                              case_pipe_bounce_user_unknown_suppresses,
                              case_a_report_on_an_alias_target_is_the_customers,
                              case_unmatched_is_kept,
                              case_8bit_reports_are_taken_and_kept_byte_for_byte])
