"""Helpers shared by the test scripts (on top of harness.py)."""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac

CONTRACT_EVENT = {
    "id": "evt-000123",
    "type": "OUT_FOR_DELIVERY",
    "occurred_at": "2026-11-20T10:00:00Z",
    "order": {"id": "FY-88812", "number": "KRT-1001", "payment": "prepaid",
              "bags": [{"id": "B-1", "sku": "TSHIRT-M", "name": "T-shirt", "qty": 1}]},
    "customer": {"id": "C-9", "name": "Sara", "email": "sara@test.no",
                 "phone": "+47 900 00 000", "locale": "nb-NO"},
    "data": {"tracking_url": "https://carrier.example/t/123"},
}


def event(eid: str, etype: str = "OUT_FOR_DELIVERY", order_id: str = "ORD-1",
          number: str | None = None, **customer) -> dict:
    """A minimal valid order event; keyword args become the customer object."""
    ev = {"id": eid, "type": etype,
          "order": {"id": order_id, "number": number or order_id},
          "data": {"tracking_url": f"https://carrier.example/t/{order_id}"}}
    if customer:
        ev["customer"] = dict(customer)
    return ev


def contract_event(**changes) -> dict:
    ev = copy.deepcopy(CONTRACT_EVENT)
    ev.update(changes)
    return ev


def by_channel(answer: dict) -> dict:
    """{channel: [message, ...]} from a POST /v1/events answer."""
    out: dict = {}
    for m in answer.get("messages") or []:
        out.setdefault(m.get("channel"), []).append(m)
    return out


def ev_is(e: dict, name: str) -> bool:
    """A timeline event of kind `name` (by its type or its status)."""
    return e.get("type") == name or e.get("status") == name


def ev_kinds(events: list) -> list:
    return [e.get("type") or e.get("status") for e in events]


def norm(s) -> str:
    return (s or "").replace("\r\n", "\n").rstrip("\n")


def code_eq(v, code: int) -> bool:
    """smtp_code may come as a number or a string."""
    return v is not None and str(v).strip() == str(code)


def kannel_report_sig(herald, mid: str) -> str:
    """The `sig` of a message's Kannel dlr-url as docs/CONTRACT.md describes it, from the
    server secret in Herald's database: what Kannel would send back for that message."""
    [(secret,)] = herald.sql("SELECT value FROM server_settings WHERE key='sms_report_secret'")
    tag = hmac.new(secret.encode(), b"herald.kannel-dlr.v1\0" + mid.encode(),
                   hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(tag).rstrip(b"=").decode()
