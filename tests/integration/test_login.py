#!/usr/bin/python3
"""Logging in to the pages over plain HTTP: a wrong password is refused, and after five wrong
passwords the account is locked for a while, even for the right password (however the address is
padded or cased); others are not. One client address is stopped after twenty wrong passwords for
any accounts. The `next` page never reaches the response headers. Password checks run off the
HTTP threads: while they are busy the API still answers, and a login beyond the queue gets 503.

Different client addresses are different loopback addresses (127.0.0.x), bound as the source."""

import socket
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# A password check of this many PBKDF2 rounds takes seconds: long enough that what the server
# does meanwhile is decided by its design, not by a race.
SLOW_ROUNDS = 2_000_000


def setup(run):
    herald = run.start_herald(overrides={"server": {"login_workers": 1, "login_queue": 1}})
    for email, password in (("sara@shop.test", "right-password-1"),
                            ("ola@shop.test", "right-password-2"),
                            ("admin@example.com", "right-password-3"),
                            ("slow@shop.test", "right-password-4")):
        code, out, err = herald.cli("user", "add", email, "--password-stdin",
                                    stdin=(password + "\n").encode())
        assert code == 0, f"user add {email}: {code} {err}"
    herald.sql("UPDATE users SET password_hash = ? WHERE email = 'slow@shop.test'",
               (f"pbkdf2-sha256${SLOW_ROUNDS}$00112233445566778899aabbccddeeff${'0' * 64}",))
    key = herald.store_add("login-shop")
    return SimpleNamespace(run=run, herald=herald, key=key)


def raw_post(ctx, path, fields, client="127.0.0.1"):
    """POST a form over a plain socket from `client`; (status, [(name, value)], raw head, body).
    A plain socket, so that whatever the server writes in its head is seen as written."""
    body = urllib.parse.urlencode(fields).encode()
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{ctx.herald.port}\r\n"
            f"Origin: {ctx.herald.base}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
    return raw_exchange(ctx, head + body, client)


def raw_get(ctx, target, client="127.0.0.1"):
    return raw_exchange(ctx, (f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{ctx.herald.port}\r\n"
                              f"Connection: close\r\n\r\n").encode(), client)


def raw_exchange(ctx, request, client, sent=None):
    with socket.create_connection(("127.0.0.1", ctx.herald.port), timeout=120,
                                  source_address=(client, 0)) as s:
        s.sendall(request)
        if sent is not None:
            sent.set()
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = [tuple(p.strip() for p in ln.split(":", 1)) for ln in lines[1:] if ":" in ln]
    return status, headers, head.decode("latin-1"), body.decode(errors="replace")


def header_values(headers, name):
    return [v for n, v in headers if n.lower() == name.lower()]


def post_login(ctx, email, password, client, next_page="/ui"):
    return raw_post(ctx, "/ui/login", {"email": email, "password": password, "next": next_page},
                    client)


def login(ctx, email, password):
    data = urllib.parse.urlencode({"email": email, "password": password, "next": "/ui"}).encode()
    req = urllib.request.Request(ctx.herald.base + "/ui/login", data=data,
                                 headers={"Origin": ctx.herald.base})
    try:
        with urllib.request.build_opener(NoRedirect).open(req, timeout=30) as r:
            return r.status, r.headers.get("Set-Cookie", ""), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Set-Cookie", ""), e.read().decode()


def case_right_password_gets_a_session(ctx):
    status, cookie, _ = login(ctx, "ola@shop.test", "right-password-2")
    assert status == 303 and "herald_session=" in cookie and "HttpOnly" in cookie, (status, cookie)


def case_lockout_after_five_wrong_passwords(ctx):
    for i in range(5):
        status, cookie, body = login(ctx, "sara@shop.test", f"guess-{i}")
        assert status == 401 and "Wrong email or password" in body and not cookie, (i, status)
    status, cookie, body = login(ctx, "Sara@Shop.test", "right-password-1")
    assert status == 429 and "Too many wrong passwords" in body and not cookie, (status, body[:300])
    status, cookie, _ = login(ctx, "ola@shop.test", "right-password-2")
    assert status == 303 and cookie, "another account must not be locked"


def case_next_page_never_reaches_the_headers(ctx):
    injected = "/ui\r\nSet-Cookie: injected=1; Path=/\r\nX-Injected: yes"
    status, _, _, body = raw_get(ctx, "/ui/login?next=" + urllib.parse.quote(injected))
    assert status == 200 and 'name="next" value="/ui"' in body, (status, body[:600])
    for next_page in (injected, "/ui%0d%0aSet-Cookie:%20injected=1", "/ui\x00x", "/ui\x7fx",
                      "/ui%0AX-Injected:%20yes"):
        status, headers, head, _ = post_login(ctx, "ola@shop.test", "right-password-2",
                                              "127.0.0.1", next_page)
        assert status == 303, (next_page, status, head)
        assert "injected" not in head.lower() and not header_values(headers, "X-Injected"), head
        assert header_values(headers, "Location") == ["/ui"], (next_page, head)
        cookies = header_values(headers, "Set-Cookie")
        assert len(cookies) == 1 and cookies[0].startswith("herald_session="), head
    # A page inside the UI is still where the login goes.
    status, headers, head, _ = post_login(ctx, "ola@shop.test", "right-password-2", "127.0.0.1",
                                          "/ui/orders?status=failed")
    assert status == 303 and header_values(headers, "Location") == ["/ui/orders?status=failed"], \
        head


def case_lockout_holds_however_the_address_is_written(ctx):
    for i, spelling in enumerate(["admin@example.com", " admin@example.com", "Admin@Example.com ",
                                  "\tADMIN@example.com", "admin@EXAMPLE.com\n"]):
        status, _, head, body = post_login(ctx, spelling, f"guess-{i}", "127.0.0.2")
        assert status == 401 and "Wrong email or password" in body, (i, status, head)
    for spelling in (" Admin@Example.com ", "admin@example.com", "ADMIN@EXAMPLE.COM\t"):
        status, headers, head, body = post_login(ctx, spelling, "right-password-3", "127.0.0.3")
        assert status == 429 and "Too many wrong passwords for this account" in body, \
            (spelling, status, head)
        assert not header_values(headers, "Set-Cookie"), head


def case_a_flood_of_made_up_names_is_stopped_and_unlocks_nothing(ctx):
    statuses = []
    for i in range(25):
        status, _, _, body = post_login(ctx, f"made-up-{i}@shop.test", "guess", "127.0.0.4")
        statuses.append(status)
    assert statuses == [401] * 20 + [429] * 5, statuses
    status, _, _, body = post_login(ctx, "someone@shop.test", "guess", "127.0.0.4")
    assert status == 429 and "from this address" in body, (status, body[:300])
    status, _, head, body = post_login(ctx, " Admin@Example.com ", "right-password-3",
                                       "127.0.0.5")
    assert status == 429 and "for this account" in body, (status, head)
    status, _, head, _ = post_login(ctx, "ola@shop.test", "right-password-2", "127.0.0.5")
    assert status == 303, ("another client and account are not affected", status, head)


def case_password_checks_do_not_hold_up_the_api(ctx):
    # login_workers = 1 and login_queue = 1: two slow checks fill the pool (one running, one
    # waiting); the next login is answered 503 at once, and the API answers meanwhile.
    done, lock = [], threading.Lock()
    sent = [threading.Event(), threading.Event()]

    def slow_login(i):
        fields = urllib.parse.urlencode({"email": "slow@shop.test", "password": "wrong",
                                         "next": "/ui"}).encode()
        head = (f"POST /ui/login HTTP/1.1\r\nHost: 127.0.0.1:{ctx.herald.port}\r\n"
                f"Origin: {ctx.herald.base}\r\n"
                f"Content-Type: application/x-www-form-urlencoded\r\n"
                f"Content-Length: {len(fields)}\r\nConnection: close\r\n\r\n").encode()
        status = raw_exchange(ctx, head + fields, f"127.0.0.{6 + i}", sent[i])[0]
        with lock:
            done.append(status)

    threads = [threading.Thread(target=slow_login, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for e in sent:
        assert e.wait(30), "the slow logins were not sent"
    status, _, head, _ = raw_get(ctx, "/healthz", "127.0.0.8")
    with lock:
        pending = 2 - len(done)
    assert status == 200, head
    assert pending == 2, f"/healthz answered only after {2 - pending} password checks finished"
    status, headers, head, body = post_login(ctx, "slow@shop.test", "wrong", "127.0.0.9")
    assert status == 503 and header_values(headers, "Retry-After") == ["1"], (status, head)
    assert "Too many logins at once" in body, body[:300]
    api = ctx.herald.client(ctx.key)
    status, answer = api.get("/v1/campaigns", timeout=60)
    with lock:
        pending = 2 - len(done)
    assert status == 200, (status, answer)
    assert pending >= 1, "the API answered only after every password check had finished"
    for t in threads:
        t.join(120)
    assert sorted(done) == [401, 401], done
    status, headers, head, _ = post_login(ctx, "ola@shop.test", "right-password-2", "127.0.0.9")
    assert status == 303, ("logins go through again once the pool is free", status, head)


CASES = [case_right_password_gets_a_session, case_lockout_after_five_wrong_passwords,
         case_next_page_never_reaches_the_headers,
         case_lockout_holds_however_the_address_is_written,
         case_a_flood_of_made_up_names_is_stopped_and_unlocks_nothing,
         case_password_checks_do_not_hold_up_the_api]

if __name__ == "__main__":
    h.main("login", setup, CASES)
