#!/usr/bin/env python3
"""Writes the seed corpora of fuzz/corpus/<harness>/ (kept in git; run again after a change).

The seeds are small on purpose: fuzz/run.sh also reads ../shared/corpus (bounces, provider
callbacks) when it is there. Provider seeds that a callback check would refuse are signed here
with the secrets of fuzz/entries/provider_entries.cpp, so the fuzzer starts past the check.
"""
import base64
import hashlib
import hmac
import json
import shutil
from pathlib import Path
from urllib.parse import quote

FUZZ = Path(__file__).resolve().parent
REPO = FUZZ.parent
SHARED = REPO.parent / "shared" / "corpus"
OUT = FUZZ / "corpus"
MAILGUN_KEY = b"fuzz-mailgun-key"
KANNEL_SECRET = b"fuzz-kannel-secret"
NOW = 1780000000  # provider_entries.cpp's clock, in seconds

ORDER = {"order": {"id": "FY-88812", "number": "KRT-1001", "total": 1200,
                   "bags": [{"id": "B-1", "sku": "TSHIRT-M", "name": "T-shirt", "qty": 1}]},
         "customer": {"id": "C-9", "name": "Sara", "email": "sara@test.no",
                      "phone": "+47 900 00 000", "locale": "nb-NO"},
         "data": {"tracking_url": "https://carrier.example/t/123", "tags": ["vip"]},
         "status": "SHIPPED"}


def write(harness: str, name: str, data) -> None:
    folder = OUT / harness
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode())


def events() -> None:
    base = {"id": "evt-000123", "type": "OUT_FOR_DELIVERY", "occurred_at": "2026-11-20T10:00:00Z"}
    write("event", "contract.json", json.dumps({**base, **ORDER}))
    write("event", "minimal.json", '{"id":"e1","type":"ORDER_PLACED","order":{"id":"1"}}')
    write("event", "custom.json", json.dumps({**base, "type": "SHOP_PACKED", "order": {"id": 7},
                                              "customer": {"phone": "90000000"}}))


def messages() -> None:
    write("message", "contract.json", json.dumps(
        {"type": "password_reset", "channel": "email", "to": ["sara@test.no"], "cc": [],
         "data": ORDER, "customer_id": "C-9", "cart_id": "CART-7", "order_id": None}))
    write("message", "inline.json", json.dumps(
        {"type": "newsletter", "to": "a@b.no", "reply_to": "c@d.no", "subject": "Hi {{name}}",
         "html": "<p>{{#items}}{{.}}{{/items}}</p>", "text": "{{{raw}}}",
         "data": {"name": "A", "items": [1, 2], "raw": "<b>"}}))
    write("message", "sms.json", json.dumps(
        {"type": "otp", "channel": "sms", "to": ["+4790000000"], "sms": "Code {{code}}",
         "data": {"code": "1234"}}))


def filters() -> None:
    context = json.dumps(ORDER)
    for name, f in {
        "all.json": {"all": [{"field": "order.total", "op": "gte", "value": 1000},
                             {"field": "customer.email", "op": "exists", "value": True}]},
        "any_not.json": {"any": [{"not": {"field": "status", "op": "eq", "value": "shipped"}},
                                 {"field": "data.tags", "op": "contains", "value": "vip"}]},
        "in_prefix.json": {"all": [{"field": "customer.phone", "op": "prefix", "value": "+47"},
                                   {"field": "order.number", "op": "in", "value": ["KRT-1001"]}]},
    }.items():
        write("filter", name, json.dumps(f) + "\0" + context)
    write("filter", "empty.json", "{}")


def templates() -> None:
    data = json.dumps(ORDER)
    write("render", "sections.mustache",
          "Hei {{customer.name}}!\n{{#order.bags}}{{qty}} x {{name}} ({{sku}})\n{{/order.bags}}"
          "{{^order.bags}}none{{/order.bags}}{{! note }}{{{data.tracking_url}}}\0" + data)
    write("render", "partials_delims.mustache", "{{=<% %>=}}<%customer.name%><%={{ }}=%>"
          "{{> footer}}{{&order.id}}\0" + data)
    write("render", "nested.mustache", "{{#a}}{{#b}}{{#c}}{{.}}{{/c}}{{/b}}{{/a}}\0"
          '{"a":[{"b":[{"c":[1,2,3]}]}]}')


def providers() -> None:
    copies = {"ses": ["amazon_ses/sns_wrapped", "amazon_ses/ses_message_only"],
              "sendgrid": ["sendgrid/bounce.json", "sendgrid/open.json"],
              "postmark": ["postmark/bounce_hard.json", "postmark/click.json"]}
    for harness, sources in copies.items():
        for source in sources:
            path = SHARED / "providers" / source
            files = sorted(path.glob("*.json"))[:3] if path.is_dir() else [path]
            for f in files:
                shutil.copyfile(f, OUT / harness / f.name) if (OUT / harness).is_dir() else (
                    write(harness, f.name, f.read_bytes()))
    for sns in (REPO / "tests/tracking/data/sns").glob("*.json"):
        write("ses", sns.name, sns.read_bytes())
    # Mailgun: signed with our key at our clock, so the callback check passes.
    for source in ("delivered.json", "failed_permanent.json", "opened.json"):
        body = json.loads((SHARED / "providers/mailgun" / source).read_text())
        token = hashlib.sha256(source.encode()).hexdigest()[:50]
        sig = hmac.new(MAILGUN_KEY, f"{NOW}{token}".encode(), hashlib.sha256).hexdigest()
        body["signature"] = {"timestamp": str(NOW), "token": token, "signature": sig}
        write("mailgun", source, json.dumps(body))
    # Twilio: the StatusCallback query, a line feed, the form body.
    for source in ["delivered.txt", "synthetic/undelivered_30003.SYNTHETIC.txt"]:
        form = (SHARED / "providers/twilio" / source).read_text().strip()
        write("twilio", Path(source).name, "id=msg-1\n" + form)
    # Kannel: our dlr-url with Kannel's escapes filled in, its token valid for the id.
    for i, (kind, answer) in enumerate([(1, "id:1 sub:001 dlvrd:001 stat:DELIVRD err:000"),
                                        (2, "id:2 stat:UNDELIV err:001"), (16, "NACK/0x0b"),
                                        (4, "buffered")]):
        herald_id = f"msg-{i}"
        tag = hmac.new(KANNEL_SECRET, b"herald.kannel-dlr.v1\0" + herald_id.encode(),
                       hashlib.sha256).digest()[:16]
        sig = base64.urlsafe_b64encode(tag).rstrip(b"=").decode()
        write("kannel", f"type{kind}.query",
              f"id={herald_id}&sig={sig}&type={kind}&answer={quote(answer)}&at={NOW}")


def bounces() -> None:
    for name in ["rfc3464-35.eml", "arf-11.eml", "rfc3834-01.eml", "lhost-qmail-06.eml",
                 "lhost-exim-06.eml", "lhost-postfix-34.eml"]:
        write("bounce", name, (SHARED / "bounces/eml" / name).read_bytes())


if __name__ == "__main__":
    shutil.rmtree(OUT, ignore_errors=True)
    events(), messages(), filters(), templates(), providers(), bounces()
    print(sum(1 for _ in OUT.rglob("*") if _.is_file()), "seeds in", OUT)
