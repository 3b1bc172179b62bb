#!/usr/bin/python3
"""Operations: /healthz, /metrics, --version, help, exit codes, SIGTERM."""

import re
import sys
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402
from common import event  # noqa: E402

SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)(\s+\d+)?$")


def setup(run):
    smtp = run.smtp()
    herald = run.start_herald(smtp)
    api = herald.client(herald.store_add("opsshop", country="NO", locale="nb-NO"))
    api.put_template("ORDER_PLACED", {"channel": "email", "locale": "nb-NO",
                                      "subject": "Ordre {{order.number}}",
                                      "html": "<p>Takk</p>", "text": "Takk"})
    return SimpleNamespace(run=run, smtp=smtp, herald=herald, api=api)


def parse_metrics(text):
    """{name: [(labels-dict, value)]}, {name: type}; asserts every line is well-formed."""
    samples, types = {}, {}
    for ln in text.splitlines():
        if not ln.strip():
            continue
        if ln.startswith("#"):
            parts = ln.split(None, 3)
            if len(parts) >= 4 and parts[1] == "TYPE":
                types[parts[2]] = parts[3].strip()
            continue
        m = SAMPLE.match(ln.strip())
        assert m, f"not a Prometheus sample line: {ln!r}"
        labels = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', m.group(2) or ""))
        samples.setdefault(m.group(1), []).append((labels, float(m.group(3))))
    return samples, types


def base_name(sample_name, types):
    for suffix in ("_total", "_bucket", "_sum", "_count", "_created"):
        if sample_name.endswith(suffix) and sample_name[:-len(suffix)] in types:
            return sample_name[:-len(suffix)]
    return sample_name


def case_healthz(ctx):
    s, b = ctx.herald.api.get("/healthz")
    assert s == 200, f"/healthz: {s} {b!r}"


def case_metrics(ctx):
    s, b = ctx.api.post("/v1/events", event("evt-ops-1", "ORDER_PLACED", "FY-OPS", id="C-1",
                                            name="Sara", email="ops@test.no"))
    assert s == 202, f"POST /v1/events: {s} {b!r}"
    mid = b["messages"][0]["id"]
    ctx.smtp.wait_mail_to("ops@test.no")
    ctx.api.wait_status(mid, {"sent", "delivered"})

    anon = ctx.herald.client(None)
    status, text = anon.get("/metrics", headers={"Accept": "text/plain"})
    assert status == 200, f"/metrics: {status} {str(text)[:500]!r}"
    ctype = anon.last_headers.get("Content-Type", "")
    assert ctype.startswith("text/plain"), f"/metrics Content-Type: {ctype!r}"
    assert isinstance(text, str), f"/metrics is not text: {text!r}"
    samples, types = parse_metrics(text)
    herald = {n: v for n, v in samples.items() if n.startswith("herald_")}
    assert herald, f"no herald_* metrics in:\n{text[:2000]}"
    problems = []

    # events received: a counter whose value counts our event
    ev = [n for n in herald if "event" in n and types.get(base_name(n, types)) == "counter"]
    if not ev:
        problems.append(f"no herald_*event* counter (names: {sorted(herald)})")
    elif not any(v >= 1 for n in ev for _, v in herald[n]):
        problems.append(f"events-received counter(s) {ev} are 0 after one event")

    # messages by channel and status
    by = [n for n, ss in herald.items() if "message" in n
          and any("channel" in lb and "status" in lb for lb, _ in ss)]
    if not by:
        problems.append("no herald_*message* metric with channel and status labels "
                        f"(names: {sorted(herald)})")
    else:
        hit = [(n, lb, v) for n in by for lb, v in herald[n]
               if lb.get("channel") == "email" and lb.get("status") == "sent" and v >= 1]
        if not hit:
            problems.append(f"no {by} sample with channel=email,status=sent >= 1: "
                            f"{[(n, herald[n]) for n in by]}")

    # queue depth gauge
    q = [n for n in herald if "queue" in n and types.get(base_name(n, types)) == "gauge"]
    if not q:
        problems.append(f"no herald_*queue* gauge (names: {sorted(herald)}, types {types})")

    # send latency (contract §10) — a histogram or summary
    lat = [n for n in herald if "latency" in n or "duration" in n or "seconds" in n]
    if not lat:
        problems.append(f"no send latency metric (names: {sorted(herald)})")

    assert not problems, "/metrics:\n  " + "\n  ".join(problems)


def case_version(ctx):
    code, out, err = ctx.herald.cli("--version", config=False)
    assert code == 0, f"herald --version exited {code}: {err!r}"
    assert re.search(r"\d+\.\d+", out), f"herald --version printed no version: {out!r}"


def case_help(ctx):
    """`herald help` as usual: the overview of the commands."""
    code, out, err = ctx.herald.cli("help", config=False)
    assert code == 0, f"herald help exited {code}: {err!r}"
    assert "serve" in out + err, f"herald help does not mention serve: {out!r}"


def case_unknown_command(ctx):
    code, out, err = ctx.herald.cli("frobnicate", config=False)
    assert code == 2, f"herald frobnicate: want exit 2, got {code} (stderr {err!r})"
    assert err.strip(), "herald frobnicate: no error on stderr"
    code, out, err = ctx.herald.cli("serve", "--no-such-flag", config=False, timeout=30)
    assert code == 2, f"herald serve --no-such-flag: want exit 2, got {code} ({err!r})"


def case_usage_errors_one_line(ctx):
    """Contract §1: errors go to stderr as one clear line naming the value at fault."""
    problems = []
    for args, culprit in ((["frobnicate"], "frobnicate"),
                          (["serve", "--no-such-flag"], "--no-such-flag"),
                          (["store", "add", "-x"], "-x")):
        code, out, err = ctx.herald.cli(*args, config=False, timeout=30)
        lines = err.strip().splitlines()
        if code != 2:
            problems.append(f"herald {' '.join(args)}: exit {code}, want 2")
        if len(lines) != 1 or culprit not in err:
            problems.append(f"herald {' '.join(args)}: want one stderr line naming "
                            f"{culprit!r}, got {err!r}")
    assert not problems, "\n  ".join([""] + problems)


def case_bad_config(ctx):
    missing = ctx.run.dir / "nope.toml"
    code, out, err = ctx.herald.cli("serve", "--config", str(missing), config=False,
                                    timeout=30)
    assert code != 0, f"serve with a missing config file exited 0"
    assert "nope.toml" in err, f"error should name the file: {err!r}"
    bad = ctx.run.dir / "bad.toml"
    bad.write_text('[server]\nlisten = "127.0.0.1:notaport"\n')
    code, out, err = ctx.herald.cli("serve", "--config", str(bad), config=False, timeout=30)
    assert code == 2, f"serve with listen=127.0.0.1:notaport: want exit 2, got {code} ({err!r})"
    assert "listen" in err, f"error should name server.listen: {err!r}"
    assert len(err.strip().splitlines()) == 1, f"want one error line: {err!r}"


def case_unknown_path_404(ctx):
    s, _ = ctx.api.get("/v1/no-such-thing")
    assert s == 404, f"unknown path: want 404, got {s}"


def case_sigterm_clean_exit(ctx):
    code = ctx.herald.stop()
    assert code == 0, f"herald exited {code} on SIGTERM, want 0"
    ctx.herald.start()
    s, _ = ctx.herald.api.get("/healthz")
    assert s == 200


CASES = [case_healthz, case_metrics, case_version, case_help, case_unknown_command,
         case_usage_errors_one_line, case_bad_config, case_unknown_path_404,
         case_sigterm_clean_exit]

if __name__ == "__main__":
    h.main("ops", setup, CASES)
