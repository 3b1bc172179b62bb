#!/usr/bin/python3
"""Herald's bounce reading on a public bounce collection it was not written from, labelled by
hand (bench/bounce/labels/flufl.tsv) from the words' meaning before Herald read them.

The collection is flufl.bounce's test messages (Mailman's real bounces, 1999-2012, addresses
anonymised), shipped by Debian's python3-flufl.bounce (`scripts/setup.sh bench` installs it):

    bench/bounce/labelled_sets.py [--herald build/herald] [--flufl DIR] [-v]

Each label row names a file, a failed address and its reason class (the vocabulary of
corpus/bounces/README.md). A row is found when the report names the address (as its final
address or as the address the sender gave); its reason and hard/soft are then compared. Rows
whose labeller was unsure say so in the words column and are also counted apart. It also
counts the samples whose every address, as flufl.bounce's own tests expect them, the report
names.
"""
import argparse
import ast
import csv
import json
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
DEBIAN = "/usr/lib/python3/dist-packages/flufl/bounce"


def parse(herald, data, files):
    """`herald bounce parse --json` of the files: file name -> report."""
    out = subprocess.run([herald, "bounce", "parse", "--json"] +
                         [os.path.join(data, f) for f in files],
                         capture_output=True, text=True, check=True).stdout
    reports = {}
    for line in out.splitlines():
        report = json.loads(line)
        reports[os.path.basename(report["file"])] = report
    return reports


def names(report):
    out = set()
    for r in report.get("recipients", []):
        out.add(r["address"].lower())
        out.add(r.get("original_address", "").lower())
    return out - {""}


def own_expectations(herald, root, verbose):
    """flufl.bounce's detector tests: every sample that names its failed addresses."""
    src = open(os.path.join(root, "testing/helpers.py")).read()
    samples = []
    for node in ast.walk(ast.parse(src)):
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "DATA":
            samples = [(row[1], [a.decode().lower() for a in row[2]])
                       for row in ast.literal_eval(node.value) if row[2]]
    reports = parse(herald, os.path.join(root, "tests/data"), sorted({f for f, _ in samples}))
    found = 0
    for f, expected in samples:
        ok = all(a in names(reports.get(f, {})) for a in expected)
        found += ok
        if verbose and not ok:
            print(f"  {f}: flufl expects {expected}, the report names "
                  f"{sorted(names(reports.get(f, {})))}")
    print(f"flufl.bounce's own expectations: {found} of {len(samples)} samples have every "
          f"address found ({100.0 * found / len(samples):.1f} %)")


def score(herald, root, verbose):
    rows = list(csv.DictReader(open(os.path.join(HERE, "labels", "flufl.tsv")), delimiter="\t"))
    reports = parse(herald, os.path.join(root, "tests/data"), sorted({r["file"] for r in rows}))
    found = reason = hard = sure = sure_right = 0
    for r in rows:
        got = None
        for x in reports.get(r["file"], {}).get("recipients", []):
            if r["address"] in (x["address"].lower(), x.get("original_address", "").lower()):
                got = x
        unsure = "unsure" in r["words"]
        if got is None:
            if verbose:
                print(f"  {r['file']}: {r['address']} not found")
            continue
        found += 1
        right = got["reason"] == r["reason"]
        reason += right
        hard += str(got["hard_bounce"]).lower() == r["hard_bounce"]
        if not unsure:
            sure += 1
            sure_right += right
        if verbose and not right:
            print(f"  {r['file']}: {got['reason']} (labelled {r['reason']}) | {r['words']}")
    n = len(rows)
    print(f"labelled rows: {n}, found {found} ({100.0 * found / n:.1f} %), reason {reason} "
          f"({100.0 * reason / n:.1f} %), hard/soft {hard} ({100.0 * hard / n:.1f} %); "
          f"reason on the {sure} rows labelled without doubt {100.0 * sure_right / sure:.1f} %")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--herald", default="build/herald")
    p.add_argument("--flufl", default=DEBIAN, help="flufl.bounce's package directory")
    p.add_argument("-v", action="store_true")
    a = p.parse_args()
    if not os.path.isdir(os.path.join(a.flufl, "tests/data")):
        raise SystemExit(f"no flufl.bounce samples in {a.flufl}: scripts/setup.sh bench "
                         "installs python3-flufl.bounce")
    own_expectations(a.herald, a.flufl, a.v)
    score(a.herald, a.flufl, a.v)


if __name__ == "__main__":
    main()
