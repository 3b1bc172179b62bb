#!/usr/bin/python3
"""Logging in to the pages over plain HTTP: a wrong password is refused, and after five wrong
passwords the account is locked for a while, even for the right password; others are not."""

import sys
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


def setup(run):
    herald = run.start_herald()
    for email, password in (("sara@shop.test", "right-password-1"),
                            ("ola@shop.test", "right-password-2")):
        code, out, err = herald.cli("user", "add", email, "--password-stdin",
                                    stdin=(password + "\n").encode())
        assert code == 0, f"user add {email}: {code} {err}"
    return SimpleNamespace(run=run, herald=herald)


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


CASES = [case_right_password_gets_a_session, case_lockout_after_five_wrong_passwords]

if __name__ == "__main__":
    h.main("login", setup, CASES)
