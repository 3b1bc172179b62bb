#!/usr/bin/python3
"""The reports of the sanitizer build's test run (make test-asan; cmake/sanitizers.cmake).

Every sanitized process of the run, the unit tests and each `herald` an integration test starts,
writes what ASan, LSan or UBSan finds to DIR/report.<pid> (log_path). `clear` empties DIR before
the run; `check`, after it, prints every report and fails if there is one.
"""

import argparse
import shutil
import sys
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True, type=Path)
    ap.add_argument("action", choices=["clear", "check"])
    args = ap.parse_args()
    if args.action == "clear":
        shutil.rmtree(args.dir, ignore_errors=True)
        args.dir.mkdir(parents=True)
        return 0
    if not args.dir.is_dir():
        print(f"{args.dir} does not exist: the run's reports cannot be read", file=sys.stderr)
        return 1
    reports = sorted(p for p in args.dir.iterdir() if p.is_file())
    for p in reports:
        print(f"===== {p.name}")
        print(p.read_text(errors="replace"))
    print(f"{len(reports)} sanitizer report(s) in {args.dir}")
    return 1 if reports else 0


if __name__ == "__main__":
    sys.exit(main())
