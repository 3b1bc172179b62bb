#!/usr/bin/python3
"""Times the /ui pages of a running Herald: logs in, then fetches each page REPEAT times one
request at a time and prints a Markdown table (median and worst of the whole HTTP answer).

Usage: measure.py BASE_URL EMAIL PASSWORD REPEAT
"""
import http.cookiejar
import re
import statistics
import sys
import time
import urllib.parse
import urllib.request

base, email, password, repeat = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def get(path):
    t0 = time.perf_counter()
    with opener.open(base + path, timeout=30) as r:
        body = r.read().decode(errors="replace")
        status = r.status
    return status, body, (time.perf_counter() - t0) * 1000


form = urllib.parse.urlencode({"email": email, "password": password, "next": "/ui"}).encode()
req = urllib.request.Request(base + "/ui/login", data=form, headers={"Origin": base})
with opener.open(req, timeout=30) as r:
    assert r.status == 200 and "/ui/login" not in r.url, f"login failed: {r.status} {r.url}"

# Real values from the data, so filters hit something.
_, sms, _ = get("/ui/sms")
number = re.search(r"\+47(\d{8})", sms)
_, email_log, _ = get("/ui/email")
order = re.search(r"/ui/orders/([A-Za-z0-9._%-]+)", email_log)
before = re.findall(r"before=(\d+)", email_log)
_, failures, _ = get("/ui/failures")
_, order_page, _ = get("/ui/orders/" + order.group(1)) if order else (0, "", 0)
customer = re.search(r"/ui/customers/([A-Za-z0-9._%-]+)", order_page + email_log)
message = re.search(r"/ui/messages/([0-9A-Z]{26})", email_log)
day = time.strftime("%Y-%m-%d", time.gmtime(time.time() - 12 * 86400))
pages = [
    ("dashboard", "/ui"),
    ("SMS log, first page", "/ui/sms"),
    ("SMS log, number in national spelling",
     "/ui/sms?number=" + urllib.parse.quote(number.group(1) if number else "90000000")),
    ("email log, first page", "/ui/email"),
    ("email log, subject words", "/ui/email?subject=" + urllib.parse.quote("er levert")),
    ("email log, one day", f"/ui/email?since={day}&until={day}"),
    ("email log, type + status", "/ui/email?type=OUT_FOR_DELIVERY&status=clicked"),
    ("email log, sender text", "/ui/email?from=orders"),
    ("email log, sender nobody has", "/ui/email?from=nobody"),
    ("email log, order", "/ui/email?order=" + (order.group(1) if order else "NS-100000")),
    ("email log, page 2", "/ui/email?before=" + (before[-1] if before else "1")),
    ("failure log", "/ui/failures"),
    ("failure log, reason", "/ui/failures?reason=userunknown"),
    ("order page", "/ui/orders/" + (order.group(1) if order else "NS-100000")),
    ("customer page", "/ui/customers/" + (customer.group(1) if customer else "C-10000")),
    ("message view (the eye)", "/ui/messages/" + (message.group(1) if message else "x")),
    ("message view, timeline tab",
     "/ui/messages/" + (message.group(1) if message else "x") + "?tab=timeline"),
    ("suppression list", "/ui/suppressions"),
]
print("| page | URL | median ms | worst ms |")
print("|---|---|---:|---:|")
worst_all = 0.0
for name, path in pages:
    times = []
    for _ in range(repeat):
        status, _, ms = get(path)
        assert status == 200, f"{path}: HTTP {status}"
        times.append(ms)
    worst_all = max(worst_all, statistics.median(times))
    print(f"| {name} | `{path}` | {statistics.median(times):.1f} | {max(times):.1f} |")
print()
print(f"Slowest median: {worst_all:.1f} ms (target < 100 ms).")
