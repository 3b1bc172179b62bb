#!/usr/bin/python3
"""A test OMS in the shape of Fynd's affiliate API (contract §12.2), for Herald's tests.

    /usr/bin/python3 tests/support/test_oms.py [--port 0] [--control-port 0]

prints `READY <oms port> <control port>` on stdout once both ports listen. Standard library
only. Everything is in memory; nothing is written to disk. Two ports, so that the OMS port can
stop listening (a refused connection) while the control port still answers.

The OMS port serves every call of §12.2, exactly as the contract shapes them:

    GET  /service/application/catalog/v1.0/products/stock-status/poll/?timestamp=&page_size=&page_id=
    GET  /service/application/catalog/v1.0/products/stock-status/?sku_code=A,B
    POST /serviceability          POST /orders          POST /orders/{fynd_order_id}/payment
    GET  /orders/{fynd_order_id}  GET  /orders/{fynd_order_id}/track

Every call needs `x-affiliate-id` and `x-affiliate-token` equal to the configured ones (401
otherwise). Unknown order: 404 {"message":"order not found"}. More than 50 SKUs: 400.

Control port (JSON in, JSON out; every POST answers {"ok":true} unless said otherwise):

    POST /reset                 forget everything (stock, orders, calls, faults, settings)
    POST /config                {"affiliate_id","affiliate_token","secret"}: expected headers
                                and the webhook signing secret (defaults: AFF-1,
                                tok-test-abcd1234, sec-test-wxyz5678)
    POST /stock                 {"items":[{"sku","size","quantity","changed_at"?}]}: sets stock;
                                changed_at (unix seconds) defaults to now
    POST /serviceability        {"unserviceable":["99999"],"no_cod":["12345"]}
    POST /orders                {"fynd_order_id","order_id","status","payment_status",
                                 "shipments":[...]} seeds or replaces an order (track shape)
    GET  /orders                {"orders":[...]} everything the OMS holds
    GET  /calls                 {"calls":[{"method","path","query","headers","body","at"}]}
                                every OMS-port call received, oldest first (headers lowercased)
    POST /calls/clear
    POST /fault                 {"mode":"none|status|delay|refuse","status":503,"seconds":12,
                                 "times":N,"path":"substring","method":"POST"}: the next N calls
                                 (all when "times" is absent) whose path contains "path" (and
                                 whose method is "method", when given) answer `status`
                                 (status), are held `seconds` before answering (delay: a
                                 timeout), or the OMS port stops listening (refuse; "seconds"
                                 then reopens it, else POST /listen does)
    POST /listen                reopens the OMS port (same port number)
    POST /webhooks              sends order webhooks to Herald (§12.3), see below; answers
                                {"results":[{"event_id","status","body"}]} in sending order
                                (immediately with "async": true; results then in GET /webhooks)
    GET  /webhooks              {"results":[...]} of every webhook sent so far

POST /webhooks body:

    {"url": "http://127.0.0.1:PORT/v1/oms/webhook/shop",
     "events": [{"event_id":"e1","status":"placed","order_id":"FY-1",
                 "affiliate_order_id":"KRT-1","shipment_id":"SH-1","payment_mode":"COD",
                 "tracking_url":"...","bags":[...],"user":{...},"created_timestamp":1764900000}
                or {"envelope": {...}} sent exactly as given],
     "duplicates": 0,           each event sent this many extra times (right after itself)
     "order": "as_given|reverse|shuffle",   sending order (shuffle takes "seed", default 1)
     "delay_ms": 0,             wait before each send
     "signature": "good|bad|none",
     "concurrency": 1,          senders in parallel
     "async": false}

The signature is `x-fp-signature: <hex HMAC-SHA256 of the raw body with the secret>`.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import random
import socket
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STOCK_PREFIX = "/service/application/catalog/v1.0/products/stock-status/"


class State:
    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        self.creds = {"affiliate_id": "AFF-1", "affiliate_token": "tok-test-abcd1234",
                      "secret": "sec-test-wxyz5678"}
        self.stock: dict[str, dict] = {}  # sku -> {sku,size,quantity,changed_at}
        self.unserviceable: set[str] = set()
        self.no_cod: set[str] = set()
        self.orders: dict[str, dict] = {}  # fynd_order_id -> order
        self.by_order_id: dict[str, str] = {}
        self.calls: list[dict] = []
        self.fault = {"mode": "none"}
        self.webhook_results: list[dict] = []
        self.next_order = 1


STATE = State()


def parse_time(text: str) -> float:
    from datetime import datetime
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    return datetime.fromisoformat(text).timestamp()


def new_order(req: dict) -> dict:
    fid = f"FY-{STATE.next_order:05d}"
    STATE.next_order += 1
    prepaid = req.get("payment") == "prepaid"
    bags = [{"bag_id": f"{fid}-B{i + 1}", "sku": it.get("sku"), "returnable": False,
             "cancellable": True} for i, it in enumerate(req.get("items") or [])]
    status = "pending" if prepaid else "placed"
    return {"fynd_order_id": fid, "order_id": req.get("order_id"), "status": status,
            "payment_status": "pending" if prepaid else "cod", "request": req,
            "shipments": [{"shipment_id": f"{fid}-S1", "status": status, "tracking_url": "",
                           "bags": bags, "history": [{"status": status, "at": now_rfc3339()}]}]}


def now_rfc3339() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def public_shipments(order: dict, track: bool) -> list:
    out = []
    for s in order.get("shipments") or []:
        bags = [b if track else {"bag_id": b.get("bag_id"), "sku": b.get("sku")}
                for b in s.get("bags") or []]
        if track:
            out.append({"shipment_id": s.get("shipment_id"), "status": s.get("status"),
                        "tracking_url": s.get("tracking_url", ""), "bags": bags,
                        "history": s.get("history") or []})
        else:
            out.append({"shipment_id": s.get("shipment_id"), "bags": bags})
    return out


OPEN_CONNECTIONS: set = set()


class JsonHandler(BaseHTTPRequestHandler):
    """What both ports share: HTTP/1.1, no request log, JSON answers."""
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet
        pass

    def answer(self, status: int, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class OmsHandler(JsonHandler):
    def setup(self):
        super().setup()
        with STATE.lock:
            OPEN_CONNECTIONS.add(self.connection)

    def finish(self):
        with STATE.lock:
            OPEN_CONNECTIONS.discard(self.connection)
        super().finish()

    def read_body(self) -> bytes:
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def do_GET(self):
        self.serve("GET")

    def do_POST(self):
        self.serve("POST")

    def serve(self, method: str):
        raw = self.read_body()
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
        with STATE.lock:
            STATE.calls.append({"method": method, "path": url.path, "query": query,
                                "headers": {k.lower(): v for k, v in self.headers.items()},
                                "body": raw.decode(errors="replace"), "at": time.time()})
            fault = self.take_fault(method, url.path)
        if fault is not None:
            if fault["mode"] == "delay":
                time.sleep(float(fault.get("seconds", 12)))
            elif fault["mode"] == "status":
                return self.answer(int(fault.get("status", 503)), {"message": "injected fault"})
        with STATE.lock:
            if (self.headers.get("x-affiliate-id") != STATE.creds["affiliate_id"]
                    or self.headers.get("x-affiliate-token") != STATE.creds["affiliate_token"]):
                return self.answer(401, {"message": "bad affiliate credentials"})
            try:
                body = json.loads(raw) if raw else {}
            except ValueError:
                return self.answer(400, {"message": "body is not JSON"})
            status, out = self.route(method, url.path, query, body)
        self.answer(status, out)

    @staticmethod
    def take_fault(method: str, path: str):
        f = STATE.fault
        if f.get("mode", "none") in ("none", "refuse") or f.get("path", "") not in path:
            return None
        if f.get("method", method) != method:
            return None
        if "times" in f:
            if f["times"] <= 0:
                return None
            f["times"] -= 1
        return dict(f)

    def route(self, method, path, query, body):
        if method == "GET" and path == STOCK_PREFIX + "poll/":
            return self.poll(query)
        if method == "GET" and path == STOCK_PREFIX:
            skus = [s for s in query.get("sku_code", "").split(",") if s]
            if len(skus) > 50:
                return 400, {"message": "at most 50 sku_code values"}
            return 200, {"items": [stock_item(STATE.stock[s]) for s in skus if s in STATE.stock]}
        if method == "POST" and path == "/serviceability":
            pin = str(body.get("pincode", ""))
            if pin in STATE.unserviceable:
                return 200, {"serviceable": False, "cod_available": False,
                             "message": f"We are not delivering to {pin}",
                             "promise": {"min": "", "max": ""}}
            return 200, {"serviceable": True, "cod_available": pin not in STATE.no_cod,
                         "message": "", "promise": {"min": "2 days", "max": "5 days"}}
        if method == "POST" and path == "/orders":
            oid = body.get("order_id")
            if not oid:
                return 400, {"message": "order_id is required"}
            if oid in STATE.by_order_id:
                order = STATE.orders[STATE.by_order_id[oid]]
            else:
                order = new_order(body)
                STATE.orders[order["fynd_order_id"]] = order
                STATE.by_order_id[oid] = order["fynd_order_id"]
            return 200, {"fynd_order_id": order["fynd_order_id"], "status": order["status"],
                         "shipments": public_shipments(order, track=False)}
        parts = path.strip("/").split("/")
        if len(parts) >= 2 and parts[0] == "orders":
            order = STATE.orders.get(urllib.parse.unquote(parts[1]))
            if order is None:
                return 404, {"message": "order not found"}
            if method == "GET" and len(parts) == 2:
                return 200, {"fynd_order_id": order["fynd_order_id"], "status": order["status"],
                             "payment_status": order["payment_status"]}
            if method == "GET" and len(parts) == 3 and parts[2] == "track":
                return 200, {"shipments": public_shipments(order, track=True)}
            if method == "POST" and len(parts) == 3 and parts[2] == "payment":
                if body.get("status") == "paid":
                    order["status"], order["payment_status"] = "placed", "paid"
                    for sh in order.get("shipments") or []:
                        sh["status"] = "placed"
                        sh.setdefault("history", []).append({"status": "placed",
                                                             "at": now_rfc3339()})
                elif body.get("status") == "failed":
                    order["payment_status"] = "failed"
                else:
                    return 400, {"message": "status must be paid or failed"}
                return 200, {"fynd_order_id": order["fynd_order_id"], "status": order["status"]}
        return 404, {"message": f"no such endpoint {method} {path}"}

    @staticmethod
    def poll(query):
        try:
            since = parse_time(query.get("timestamp", ""))
        except ValueError:
            return 400, {"message": "timestamp must be RFC 3339"}
        size = max(1, min(int(query.get("page_size") or 100), 100))
        start = int(query.get("page_id") or 0)
        changed = sorted((s for s in STATE.stock.values() if s["changed_at"] >= since),
                         key=lambda s: (s["changed_at"], s["sku"]))
        page = changed[start:start + size]
        has_next = start + size < len(changed)
        return 200, {"items": [stock_item(s) for s in page],
                     "page": {"has_next": has_next,
                              "next_id": str(start + size) if has_next else ""}}


def stock_item(s: dict) -> dict:
    return {"identifier": {"sku_code": s["sku"]}, "size": s.get("size", ""),
            "quantity": s["quantity"]}


class OmsServer:
    """The OMS port, which can stop listening and come back on the same port."""

    def __init__(self, port: int):
        self.port = port
        self.server = None
        self.lock = threading.Lock()
        self.listen()

    def listen(self):
        with self.lock:
            if self.server is not None:
                return
            ThreadingHTTPServer.allow_reuse_address = True
            self.server = ThreadingHTTPServer(("127.0.0.1", self.port), OmsHandler)
            self.server.daemon_threads = True
            self.port = self.server.server_address[1]
            threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def refuse(self):
        with self.lock:
            if self.server is None:
                return
            self.server.shutdown()
            self.server.server_close()
            self.server = None
        # Kept-alive connections go too: a client's next call must find nothing listening.
        with STATE.lock:
            conns = list(OPEN_CONNECTIONS)
        for c in conns:
            try:
                c.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


OMS: OmsServer | None = None


def envelope(e: dict) -> dict:
    if "envelope" in e:
        return e["envelope"]
    shipment = {"shipment_id": e.get("shipment_id", "SH-1"), "order_id": e.get("order_id", "FY-1"),
                "affiliate_order_id": e.get("affiliate_order_id", "KRT-1"),
                "status": e["status"], "payment_mode": e.get("payment_mode", "COD"),
                "tracking_url": e.get("tracking_url", "https://carrier.example/t/1"),
                "bags": e.get("bags", [{"bag_id": "B-1", "sku": "TS-M", "name": "T-shirt",
                                        "qty": 1}]),
                "user": e.get("user", {"id": "C-9", "name": "Sara", "email": "sara@test.no",
                                       "mobile": "+4790000000"})}
    return {"event": {"id": e["event_id"], "name": "shipment", "type": "update",
                      "category": "application", "version": "1",
                      "created_timestamp": e.get("created_timestamp", int(time.time()))},
            "payload": {"shipment": shipment}}


def send_webhooks(spec: dict) -> list:
    url = spec["url"]
    items = []
    for e in spec.get("events") or []:
        env = envelope(e)
        for _ in range(1 + int(spec.get("duplicates", 0))):
            items.append(env)
    order = spec.get("order", "as_given")
    if order == "reverse":
        items.reverse()
    elif order == "shuffle":
        random.Random(spec.get("seed", 1)).shuffle(items)
    signature = spec.get("signature", "good")
    with STATE.lock:
        secret = STATE.creds["secret"].encode()
    results: list = [None] * len(items)
    next_index = [0]
    lock = threading.Lock()

    def send(i, env):
        time.sleep(int(spec.get("delay_ms", 0)) / 1000)
        raw = json.dumps(env).encode()
        headers = {"Content-Type": "application/json"}
        if signature == "good":
            headers["x-fp-signature"] = hmac.new(secret, raw, hashlib.sha256).hexdigest()
        elif signature == "bad":
            headers["x-fp-signature"] = hmac.new(b"wrong" + secret, raw,
                                                 hashlib.sha256).hexdigest()
        req = urllib.request.Request(url, data=raw, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                status, body = r.status, r.read()
        except urllib.error.HTTPError as err:
            status, body = err.code, err.read()
        except OSError as err:
            status, body = 0, repr(err).encode()
        try:
            parsed = json.loads(body)
        except ValueError:
            parsed = body.decode(errors="replace")
        results[i] = {"event_id": env.get("event", {}).get("id"), "status": status,
                      "body": parsed}

    def worker():
        while True:
            with lock:
                i = next_index[0]
                next_index[0] += 1
            if i >= len(items):
                return
            send(i, items[i])

    threads = [threading.Thread(target=worker, daemon=True)
               for _ in range(max(1, int(spec.get("concurrency", 1))))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with STATE.lock:
        STATE.webhook_results.extend(results)
    return results


class ControlHandler(JsonHandler):
    def do_GET(self):
        with STATE.lock:
            if self.path == "/calls":
                return self.answer(200, {"calls": list(STATE.calls)})
            if self.path == "/orders":
                return self.answer(200, {"orders": list(STATE.orders.values())})
            if self.path == "/webhooks":
                return self.answer(200, {"results": list(STATE.webhook_results)})
        self.answer(404, {"message": "no such control endpoint"})

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(n) or b"{}")
        except ValueError:
            return self.answer(400, {"message": "body is not JSON"})
        try:
            out = self.control(self.path, body)
        except (KeyError, TypeError, ValueError) as e:
            return self.answer(400, {"message": f"bad control request: {e!r}"})
        self.answer(200, out)

    def control(self, path: str, body: dict):
        if path == "/webhooks":
            if body.get("async"):
                threading.Thread(target=send_webhooks, args=(body,), daemon=True).start()
                return {"ok": True}
            return {"results": send_webhooks(body)}
        if path == "/fault":
            with STATE.lock:
                STATE.fault = dict(body)
            if body.get("mode") == "refuse":
                OMS.refuse()
                if body.get("seconds"):
                    threading.Timer(float(body["seconds"]), OMS.listen).start()
            return {"ok": True}
        if path == "/listen":
            OMS.listen()
            with STATE.lock:
                if STATE.fault.get("mode") == "refuse":
                    STATE.fault = {"mode": "none"}
            return {"ok": True}
        with STATE.lock:
            if path == "/reset":
                STATE.reset()
            elif path == "/config":
                for k in ("affiliate_id", "affiliate_token", "secret"):
                    if k in body:
                        STATE.creds[k] = str(body[k])
            elif path == "/stock":
                for it in body["items"]:
                    STATE.stock[it["sku"]] = {"sku": it["sku"], "size": it.get("size", ""),
                                              "quantity": int(it["quantity"]),
                                              "changed_at": float(it.get("changed_at",
                                                                         time.time()))}
            elif path == "/serviceability":
                STATE.unserviceable = set(map(str, body.get("unserviceable", [])))
                STATE.no_cod = set(map(str, body.get("no_cod", [])))
            elif path == "/orders":
                order = {"status": "placed", "payment_status": "paid", "shipments": [],
                         **body}
                STATE.orders[order["fynd_order_id"]] = order
                if order.get("order_id"):
                    STATE.by_order_id[order["order_id"]] = order["fynd_order_id"]
            elif path == "/calls/clear":
                STATE.calls.clear()
            else:
                raise KeyError(path)
        return {"ok": True}


def main():
    global OMS
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--control-port", type=int, default=0)
    args = ap.parse_args()
    OMS = OmsServer(args.port)
    control = ThreadingHTTPServer(("127.0.0.1", args.control_port), ControlHandler)
    control.daemon_threads = True
    print(f"READY {OMS.port} {control.server_address[1]}", flush=True)
    try:
        control.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
