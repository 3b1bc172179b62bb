#!/usr/bin/python3
"""How many of Sisimai's own reason phrases Herald reads as Sisimai does.

Sisimai's reason classes (Debian's libsisimai-perl, /usr/share/perl5/Sisimai/Reason/*.pm) each
match a list of server phrases. This expands those lists (their /x regular expressions, one
spelling per alternative), puts each phrase in a Postfix bounce as a 550 reply at the SMTP
stage its class is usually said at, and counts how many `herald bounce parse` gives the same
class. Nothing is copied into Herald: the phrases are read from the installed package at run
time. `scripts/setup.sh bench` installs it.

    bench/bounce/sisimai_phrases.py [build/herald] [-v]
"""
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter

REASONS = "/usr/share/perl5/Sisimai/Reason"
HERE = os.path.dirname(os.path.abspath(__file__))
STAGE = {"rejected": "MAIL FROM", "blocked": "MAIL FROM", "spamdetected": "end of DATA",
         "policyviolation": "end of DATA", "contenterror": "end of DATA",
         "virusdetected": "end of DATA", "mesgtoobig": "end of DATA", "filtered": "end of DATA"}


def expand(rx, i=0):
    """The spellings of a /x regular expression from rx[i] to its closing ')': a list."""
    alts, cur = [], [""]

    def cat(a, b):
        return [x + y for x in a for y in b][:64]

    while i < len(rx):
        c = rx[i]
        if c == "(":
            j = i + 1 + (2 if rx.startswith(("?:", "?>"), i + 1) else 0)
            opts, i = expand(rx, j)
            i += 1
            if i < len(rx) and rx[i] == "?":
                opts, i = opts + [""], i + 1
            elif i < len(rx) and rx[i] in "*+":
                i += 1
            cur = cat(cur, opts)
        elif c == ")":
            break
        elif c == "|":
            alts.append(cur)
            cur, i = [""], i + 1
        elif c == "[":
            j = rx.index("]", i + 2)
            cls, i = rx[i + 1:j], j + 1
            lit = {"^ ": "example.net", "0-9": "1", "0-9a-z_": "abc"}.get(
                cls, "x" if cls.startswith("^") else (" " if cls[0] == "\\" else cls[0]))
            if i < len(rx) and rx[i] in "+*?":
                i += 1
            cur = cat(cur, [lit])
        elif c == "\\":
            lit, i = {"d": "1", "s": " ", "w": "a"}.get(rx[i + 1], rx[i + 1]), i + 2
            if i < len(rx) and rx[i] in "+*":
                i += 1
            cur = cat(cur, [lit])
        elif c == ".":
            i += 1
            while i < len(rx) and rx[i] in "+*?":
                i += 1
            cur = cat(cur, [" xx "])
        elif c in "^$" or c.isspace():
            i += 1
        elif c == "#":
            while i < len(rx) and rx[i] != "\n":
                i += 1
        else:
            i += 1
            if i < len(rx) and rx[i] == "?":
                cur, i = cat(cur, [c, ""]), i + 1
            else:
                if i < len(rx) and rx[i] in "+*":
                    i += 1
                cur = cat(cur, [c])
    alts.append(cur)
    return [x for a in alts for x in a], i


def phrases():
    out = []
    for name in sorted(os.listdir(REASONS)):
        reason = name[:-3].lower()
        body = re.search(r"sub match \{(.*?)\n\}", open(os.path.join(REASONS, name)).read(), re.S)
        if not body or reason == "vacation":
            continue
        for rx in re.finditer(r"qr\{(.*?)\}x", body.group(1), re.S):
            text = "\n".join(line.split(" #")[0] for line in rx.group(1).split("\n"))
            for p in expand(text)[0]:
                p = re.sub(r"\s+", " ", p).strip()
                if len(p) >= 5:
                    out.append((reason, p))
        for s in re.finditer(r"^\s*'([^']{6,})',?\s*$", body.group(1), re.M):
            out.append((reason, s.group(1)))
    return list(dict.fromkeys(out))


def main():
    herald = next((a for a in sys.argv[1:] if not a.startswith("-")), "build/herald")
    sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "bounce", "public"))
    import layouts
    cases = phrases()
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for n, (reason, text) in enumerate(cases):
            path = os.path.join(tmp, "p%04d.eml" % n)
            with open(path, "w") as f:
                f.write(layouts.postfix("p%04d" % n, "550 " + text, STAGE.get(reason, "RCPT TO"),
                                        "5.0.0"))
            files.append(path)
        out = subprocess.run([herald, "bounce", "parse", "--json"] + files,
                             capture_output=True, text=True, check=True).stdout
    got = {}
    for line in out.splitlines():
        r = json.loads(line)
        got[os.path.basename(r["file"])] = r["recipients"][0]["reason"] if r["recipients"] else ""
    same, wrong = 0, Counter()
    for n, (reason, text) in enumerate(cases):
        mine = got.get("p%04d.eml" % n, "")
        same += mine == reason
        if mine != reason:
            wrong[(reason, mine)] += 1
            if "-v" in sys.argv:
                print(f"  {reason:15} herald {mine:15} | {text}")
    print(f"{len(cases)} phrases of Sisimai's reason classes: Herald gives the same class to "
          f"{same} ({100.0 * same / len(cases):.1f} %)")
    for (want, mine), k in wrong.most_common(8):
        print(f"  {k:3} {want} read as {mine or 'nothing'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
