#!/usr/bin/python3
"""Mustache templates over Herald's limits (sections nested too deep, too many bytes) are
answered 400 naming the part, on every way in, before they are parsed; the server stays
responsive; and many distinct large templates do not grow its memory without bound."""

import sys
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402

# The limits recorded in docs/CONTRACT.md.
MAX_DEPTH = 16
MAX_BYTES = 256 * 1024

# Growth of herald's resident memory allowed over the many-templates case. Without a bound the
# same requests keep every parsed template: several GB.
RSS_GROWTH_ALLOWED_MB = 250


def nested(depth: int, inner: str = "x", name: str = "a") -> str:
    return f"{{{{#{name}}}}}" * depth + inner + f"{{{{/{name}}}}}" * depth


def setup(run):
    smtp = run.smtp()
    herald = run.start_herald(smtp)
    key = herald.store_add("shop", country="NO", locale="en")
    return SimpleNamespace(run=run, smtp=smtp, herald=herald, api=herald.client(key))


def inline_email(**parts) -> dict:
    body = {"type": "promo", "channel": "email", "to": ["sara@test.no"], "subject": "Hi",
            "html": "<p>Hi</p>"}
    body.update(parts)
    return body


def expect_400(what, status, body, field):
    assert status == 400, f"{what}: want 400, got {status} {str(body)[:300]!r}"
    assert isinstance(body, dict) and body.get("field") == field, \
        f"{what}: want field {field!r}: {str(body)[:300]!r}"
    assert isinstance(body.get("error"), str) and field in body["error"], \
        f"{what}: the error should name {field!r}: {body!r}"
    return body["error"]


def case_inline_message_nested_too_deep(ctx):
    deep = nested(5000)
    for field in ("html", "text", "subject"):
        s, b = ctx.api.post("/v1/messages", inline_email(**{field: deep}))
        error = expect_400(f"inline {field} nested 5000 deep", s, b, field)
        assert "deep" in error and str(MAX_DEPTH) in error, f"say what the limit is: {error!r}"
    s, b = ctx.api.post("/v1/messages", {"type": "promo", "channel": "sms",
                                         "to": ["+47 900 00 001"], "sms": deep})
    expect_400("inline sms nested 5000 deep", s, b, "sms")
    s, b = ctx.api.post("/v1/messages", inline_email(html=nested(MAX_DEPTH + 1)))
    expect_400(f"inline html nested {MAX_DEPTH + 1} deep", s, b, "html")


def case_stored_template_nested_too_deep(ctx):
    for field, tpl in (("html", {"channel": "email", "subject": "Hi", "html": nested(5000)}),
                       ("subject", {"channel": "email", "subject": nested(MAX_DEPTH + 1),
                                    "text": "x"}),
                       ("sms", {"channel": "sms", "sms": nested(5000)})):
        s, b = ctx.api.put("/v1/templates/deep", {"locale": "en", **tpl})
        expect_400(f"PUT template with {field} nested too deep", s, b, field)
    s, b = ctx.api.get("/v1/templates/deep")
    assert s == 404, f"a refused template was stored: {s} {b!r}"


def case_template_too_big(ctx):
    big = "<p>" + "y" * MAX_BYTES + "</p>"
    s, b = ctx.api.post("/v1/messages", inline_email(html=big))
    error = expect_400("inline html over the size limit", s, b, "html")
    assert str(MAX_BYTES) in error, f"say what the limit is: {error!r}"
    s, b = ctx.api.put("/v1/templates/big", {"channel": "email", "locale": "en",
                                             "subject": "Hi", "text": big})
    expect_400("PUT template text over the size limit", s, b, "text")


def case_nested_lists_that_would_write_too_much(ctx):
    # 12 sections over a list of 10: 10^12 copies of the innermost text
    html = nested(12, "x", "data.l")
    s, b = ctx.api.post("/v1/messages", inline_email(html=html, data={"l": list(range(10))}))
    error = expect_400("nested lists repeating a section 10^12 times", s, b, "html")
    assert "MB" in error, f"say what the limit is: {error!r}"
    ctx.api.put_template("repeats", {"channel": "email", "locale": "en", "subject": "Hi",
                                     "html": html})
    s, b = ctx.api.post("/v1/messages", {"type": "repeats", "to": ["x@test.no"],
                                         "data": {"l": list(range(10))}})
    expect_400("a stored template repeating a section 10^12 times", s, b, "html")


def case_alive_and_normal_templates_still_render(ctx):
    assert ctx.herald.alive(), "herald died"
    s, b = ctx.herald.api.get("/healthz")
    assert s == 200, f"/healthz: {s} {b!r}"
    # nested as deep as allowed, inline and stored, renders
    html = "<p>" + nested(MAX_DEPTH, "{{data.name}} ok", "data.a") + "</p>"
    s, b = ctx.api.post("/v1/messages", inline_email(
        to=["inline@test.no"], html=html, data={"name": "Sara", "a": True}))
    assert s == 202, f"inline content nested {MAX_DEPTH} deep: {s} {b!r}"
    ctx.api.put_template("deepest", {"channel": "email", "locale": "en",
                                     "subject": "Order {{data.name}}", "html": html})
    s, b = ctx.api.post("/v1/messages", {"type": "deepest", "to": ["stored@test.no"],
                                         "data": {"name": "Ola", "a": True}})
    assert s == 202, f"stored template nested {MAX_DEPTH} deep: {s} {b!r}"
    mail = ctx.smtp.wait_mail_to("inline@test.no")
    assert "Sara ok" in (mail.html or ""), f"inline mail: {mail.html!r}"
    mail = ctx.smtp.wait_mail_to("stored@test.no")
    assert "Ola ok" in (mail.html or "") and mail.subject == "Order Ola", f"{mail!r}"


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no VmRSS for pid {pid}")


def large_template(i: int, size: int) -> str:
    # One word per line: a parsed piece for every 1.5 bytes, what costs the parser most.
    return f"<p>{{{{data.name}}}} {i}</p>" + "ab\n" * ((size - 100) // 3)


def case_many_distinct_large_templates_keep_memory_bounded(ctx):
    pid = ctx.herald.proc.pid
    before = rss_mb(pid)
    rounds = 30
    for i in range(rounds):
        # inline content as large as allowed: rendered once, never kept
        s, b = ctx.api.post("/v1/messages", inline_email(
            to=[f"large-inline{i}@test.no"], html=large_template(i, MAX_BYTES),
            data={"name": "Sara"}))
        assert s == 202, f"inline template {i}: {s} {str(b)[:300]!r}"
        # stored templates small enough to be kept for reuse: the cache must drop old ones
        key = f"large-{i}"
        ctx.api.put_template(key, {"channel": "email", "locale": "en", "subject": "Hi",
                                   "html": large_template(i, 64 * 1024)})
        s, b = ctx.api.post("/v1/messages", {"type": key, "to": [f"large-stored{i}@test.no"],
                                             "data": {"name": "Ola"}})
        assert s == 202, f"stored template {key}: {s} {str(b)[:300]!r}"
    ctx.smtp.wait_mails(lambda m: any(r.startswith("large-") for r in m.rcpt_tos),
                        count=2 * rounds, timeout=120, what="large message")
    after = rss_mb(pid)
    print(f"herald VmRSS {before:.0f} MB before, {after:.0f} MB after {2 * rounds} distinct "
          f"large templates", flush=True)
    assert after - before <= RSS_GROWTH_ALLOWED_MB, \
        f"herald's memory grew {after - before:.0f} MB ({before:.0f} -> {after:.0f} MB) " \
        f"over {2 * rounds} distinct large templates"
    s, b = ctx.herald.api.get("/healthz")
    assert s == 200, f"/healthz: {s} {b!r}"


CASES = [case_inline_message_nested_too_deep, case_stored_template_nested_too_deep,
         case_template_too_big, case_nested_lists_that_would_write_too_much,
         case_alive_and_normal_templates_still_render,
         case_many_distinct_large_templates_keep_memory_bounded]

if __name__ == "__main__":
    h.main("template_limits", setup, CASES)
