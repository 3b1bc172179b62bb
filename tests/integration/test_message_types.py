#!/usr/bin/python3
"""POST /v1/messages for each standard type: default templates, owner routing,
Reply-To, copy to owner, cart link, newsletter fail_count and OTP masking."""

import sys
import time
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402

OWNER = "owner@nordshop.example"
OTP = "739251"


def setup(run):
    smtp = run.smtp()
    kannel = run.kannel()
    herald = run.start_herald(smtp, kannel)
    key = herald.store_add("nordshop", name="Nord Shop", country="NO", locale="en",
                           owner_email=OWNER)
    other = herald.store_add("other", name="Other", country="NO", locale="en")
    return SimpleNamespace(run=run, smtp=smtp, kannel=kannel, herald=herald,
                           api=herald.client(key), other=herald.client(other), otp_id=None)


def send(ctx, body, api=None, want=202):
    status, answer = (api or ctx.api).post("/v1/messages", body)
    assert status == want, f"POST /v1/messages {body.get('type')}: want {want}, got {status} " \
                           f"{answer!r}"
    return answer


def settled(ctx, mid):
    return ctx.api.wait_status(mid, {"sent", "delivered", "bounced", "failed"})


def case_password_reset_default_templates(ctx):
    send(ctx, {"type": "password_reset", "to": ["pw@test.no"],
               "data": {"reset_url": "https://shop.example/r/abc"}})
    mail = ctx.smtp.wait_mail_to("pw@test.no")
    assert "Reset your password" in mail.subject, f"English default subject: {mail.subject!r}"
    assert "https://shop.example/r/abc" in (mail.text or ""), f"reset link: {mail.text!r}"
    send(ctx, {"type": "password_reset", "to": ["pw-nb@test.no"], "locale": "nb-NO",
               "data": {"reset_url": "https://shop.example/r/def"}})
    mail = ctx.smtp.wait_mail_to("pw-nb@test.no")
    assert "Tilbakestill" in mail.subject, f"Norwegian default subject: {mail.subject!r}"


def case_store_template_overrides_default(ctx):
    ctx.api.put_template("password_reset", {"channel": "email", "locale": "en",
                                            "subject": "Own reset {{data.reset_url}}",
                                            "text": "own"})
    send(ctx, {"type": "password_reset", "to": ["pw2@test.no"], "data": {"reset_url": "X1"}})
    mail = ctx.smtp.wait_mail_to("pw2@test.no")
    assert mail.subject == "Own reset X1", f"store template not used: {mail.subject!r}"


def case_contact_form_to_owner_reply_to_customer(ctx):
    ans = send(ctx, {"type": "contact_form",
                     "data": {"name": "Ola", "email": "ola@test.no", "subject": "Levering",
                              "message": "Når kommer pakken?"}})
    mail = ctx.smtp.wait_mail_to(OWNER)
    assert "Levering" in mail.subject, f"subject: {mail.subject!r}"
    assert "ola@test.no" in (mail.header("Reply-To") or ""), \
        f"Reply-To should be the customer: {mail.header('Reply-To')!r}"
    m = ctx.api.message(ans["id"])
    assert m["to"] == [OWNER], f"log 'to': {m['to']!r}"
    # a store without owner_email and no `to`: 400 naming the field
    status, body = ctx.other.post("/v1/messages", {"type": "contact_form",
                                                   "data": {"email": "x@test.no"}})
    assert status == 400 and body.get("field") == "to", f"{status} {body!r}"


def case_order_confirmation_copy_to_owner(ctx):
    ans = send(ctx, {"type": "order_confirmation", "to": ["buyer@test.no"],
                     "order_id": "ORD-77", "data": {"order_number": "K-77", "total": "499"}})
    mails = ctx.smtp.wait_mails(lambda m: "K-77" in m.subject, count=2,
                                what="order confirmation to customer and owner")
    rcpts = {r.lower() for m in mails for r in m.rcpt_tos}
    assert {"buyer@test.no", OWNER} == rcpts, f"recipients: {rcpts}"
    assert OWNER in (mails[0].header("Cc") or ""), f"Cc: {mails[0].header('Cc')!r}"
    assert len(ctx.api.messages(order="ORD-77")) == 1, "one log row for the confirmation"
    assert ctx.api.message(ans["id"])["type"] == "order_confirmation"


def case_b2b_request_and_approval(ctx):
    send(ctx, {"type": "b2b_registration_request",
               "data": {"company": "Fjord AS", "name": "Kari", "email": "kari@fjord.no",
                        "approve_url": "https://shop.example/b2b/approve/42"}})
    mail = ctx.smtp.wait_mails(lambda m: "Fjord AS" in m.subject and
                               OWNER in [r.lower() for r in m.rcpt_tos], what="b2b request")[0]
    assert "https://shop.example/b2b/approve/42" in (mail.text or ""), \
        f"approve link missing: {mail.text!r}"
    assert "/t/c/" in (mail.html or "") or "approve/42" in (mail.html or ""), mail.html
    send(ctx, {"type": "b2b_registration_approved", "to": ["kari@fjord.no"],
               "data": {"company": "Fjord AS"}})
    mail = ctx.smtp.wait_mail_to("kari@fjord.no")
    assert "approved" in mail.subject, f"approval subject: {mail.subject!r}"


def case_abandoned_cart_linked_to_cart(ctx):
    status, body = ctx.api.post("/v1/messages", {"type": "abandoned_cart", "to": ["c@test.no"]})
    assert status == 400 and body.get("field") == "cart_id", f"{status} {body!r}"
    ans = send(ctx, {"type": "abandoned_cart", "to": ["c@test.no"], "cart_id": "CART-7",
                     "data": {"cart_url": "https://shop.example/cart/7"}})
    ctx.smtp.wait_mail_to("c@test.no")
    assert ans["id"] in ctx.api.message_ids(cart="CART-7"), "cart filter misses the message"
    status, body = ctx.api.get("/v1/carts/CART-7/messages")
    assert status == 200 and [m["id"] for m in body["items"]] == [ans["id"]], f"{status} {body!r}"
    status, body = ctx.other.get("/v1/carts/CART-7/messages")
    assert status == 200 and body["items"] == [], f"another store sees the cart: {body!r}"
    send(ctx, {"type": "password_reset", "to": ["cust@test.no"], "customer_id": "C-77",
               "data": {"reset_url": "u"}})
    status, body = ctx.api.get("/v1/customers/C-77/messages")
    assert status == 200 and len(body["items"]) == 1, f"{status} {body!r}"


def case_newsletter_one_row_fail_count(ctx):
    rcpts = ["news1@test.no", "unknown-news@test.no", "news3@test.no"]
    ans = send(ctx, {"type": "newsletter", "to": rcpts, "subject": "November news",
                     "html": "<p>News</p>", "text": "News"})
    m = settled(ctx, ans["id"])
    deadline = time.monotonic() + 20
    while m.get("fail_count") != 1 and time.monotonic() < deadline:
        time.sleep(0.3)
        m = ctx.api.message(ans["id"])
    assert m.get("fail_count") == 1, f"fail_count: want 1, got {m.get('fail_count')} {m!r}"
    rows = ctx.api.messages(type="newsletter")
    assert len(rows) == 1, f"one log row for the newsletter, got {len(rows)}"
    got = {r for mail in ctx.smtp.mails() if mail.subject == "November news"
           for r in mail.rcpt_tos}
    assert {"news1@test.no", "news3@test.no"} <= got, f"delivered to {got}"
    for mail in ctx.smtp.mails():
        if mail.subject == "November news":
            assert "news" not in (mail.header("To") or ""), \
                f"recipients see each other: To {mail.header('To')!r}"
    assert any(e.get("type") == "bounced" for e in m.get("events", [])), m.get("events")


def case_otp_never_in_clear(ctx):
    status, body = ctx.api.post("/v1/messages", {"type": "otp", "to": ["+47 900 00 123"]})
    assert status == 400 and body.get("field") == "data.code", f"{status} {body!r}"
    ans = send(ctx, {"type": "otp", "to": ["+47 900 00 123"], "data": {"code": OTP}})
    assert OTP not in str(ans)
    sms = ctx.kannel.wait_sms(lambda s: h.digits_e164(s.receiver) == "4790000123",
                              what="OTP SMS")[0]
    assert OTP in sms.text, f"the SMS itself carries the code: {sms.text!r}"
    m = ctx.api.wait_status(ans["id"], {"sent", "delivered"})
    assert OTP not in str(m), f"the code is in GET /v1/messages/{{id}}: {m!r}"
    assert "******" in (m.get("content") or {}).get("sms", ""), f"masked: {m.get('content')!r}"
    for path in ("/v1/messages", f"/v1/messages/{ans['id']}"):
        status, body = ctx.api.get(path, params={"limit": 500} if path == "/v1/messages" else None)
        assert status == 200 and OTP not in str(body), f"code in {path}"
    assert OTP not in ctx.herald.stored_text(), "the code is in clear in the database"
    assert OTP not in ctx.herald.log.read_text(errors="replace"), "the code is in the log"


CASES = [case_password_reset_default_templates, case_store_template_overrides_default,
         case_contact_form_to_owner_reply_to_customer, case_order_confirmation_copy_to_owner,
         case_b2b_request_and_approval, case_abandoned_cart_linked_to_cart,
         case_newsletter_one_row_fail_count, case_otp_never_in_clear]

if __name__ == "__main__":
    h.main("message_types", setup, CASES)
