#!/usr/bin/python3
"""How many failed recipients `herald bounce parse` finds in bounces it was never written from.

The bounces are flufl.bounce's test messages (Mailman's collection of real bounces from many
MTAs, 1999-2012, LGPL-3): each sample names the addresses it should yield. They are not in this
repository; clone them and point this script at the clone:

    git clone https://github.com/wRAR/flufl.bounce /tmp/flufl.bounce
    bench/bounce/found_on_flufl.py /tmp/flufl.bounce [build/herald]

A sample counts as found when every address it names is a recipient of the report, as the
report's final address or as the address the sender gave ("original_address").
"""
import ast
import json
import os
import subprocess
import sys


def samples(root):
    """(file, [addresses]) for every sample of flufl.bounce's detector tests."""
    src = open(os.path.join(root, "flufl/bounce/_detectors/tests/detectors.py")).read()
    for node in ast.parse(src).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "DATA":
            for row in ast.literal_eval(node.value):
                if row[2]:
                    yield row[1], [a.decode().lower() for a in row[2]]


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    root = sys.argv[1]
    herald = sys.argv[2] if len(sys.argv) > 2 else "build/herald"
    data = os.path.join(root, "flufl/bounce/tests/data")
    rows = list(samples(root))
    files = sorted({f for f, _ in rows})
    out = subprocess.run([herald, "bounce", "parse", "--json"] +
                         [os.path.join(data, f) for f in files],
                         capture_output=True, text=True, check=True).stdout
    parsed = {}
    for line in out.splitlines():
        report = json.loads(line)
        parsed[os.path.basename(report["file"])] = report
    found = bounces = 0
    for f, expected in rows:
        report = parsed.get(f, {})
        bounces += bool(report.get("is_bounce"))
        names = set()
        for r in report.get("recipients", []):
            names.add(r["address"].lower())
            names.add(r.get("original_address", "").lower())
        if all(a in names for a in expected):
            found += 1
        else:
            print("not found:", f, expected, "report names", sorted(n for n in names if n))
    print(f"{len(rows)} samples: taken for bounces {bounces}, every address found {found} "
          f"({100.0 * found / len(rows):.1f} %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
