#!/usr/bin/python3
"""Resident memory of `herald serve` after many distinct large inline templates.

  /usr/bin/python3 bench/template_memory.py --herald build/herald [--count 120] [--kb 900]
      [--nested]

Posts COUNT messages to POST /v1/messages, each with its own inline html of KB kilobytes of
ordinary text (--nested: of nested sections, {{#a}}... {{/a}}...), and prints herald's VmRSS
before and after (and the answers' statuses)."""

import argparse
import sys
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "integration"))
import harness as h  # noqa: E402


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--herald", required=True)
    ap.add_argument("--count", type=int, default=120)
    ap.add_argument("--kb", type=int, default=900)
    ap.add_argument("--nested", action="store_true")
    args = ap.parse_args()
    run = h.Run("template_memory", argparse.Namespace(herald=str(Path(args.herald).resolve()),
                                                      case=None, keep=False))
    try:
        herald = run.start_herald(run.smtp())
        api = herald.client(herald.store_add("shop", country="NO", locale="en"))
        pid = herald.proc.pid
        before = rss_mb(pid)
        line = "<p>Dear {{data.name}}, our autumn sale has shoes, boots and bags.</p>\n"
        statuses = {}
        for i in range(args.count):
            html = f"<h1>Letter {i}</h1>\n" + line * (args.kb * 1024 // len(line))
            if args.nested:
                depth = args.kb * 1024 // 12
                html = f"{i}" + "{{#a}}" * depth + "{{/a}}" * depth
            s, _ = api.post("/v1/messages", {"type": "newsletter", "to": [f"c{i}@test.no"],
                                             "subject": "Sale", "html": html,
                                             "data": {"name": "Sara"}}, timeout=300)
            statuses[s] = statuses.get(s, 0) + 1
        after = rss_mb(pid)
        print(f"{args.count} x {args.kb} KB {'nested ' if args.nested else ''}inline: answers {statuses}; "
              f"VmRSS {before:.0f} MB before, {after:.0f} MB after")
    finally:
        run.close()


if __name__ == "__main__":
    main()
