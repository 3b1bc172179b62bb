#!/usr/bin/python3
"""Fails when a source file includes a header from its own layer's other modules or a higher
layer. The layer order is the `layers` block of docs/ARCHITECTURE.md (lowest first)."""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PLUGIN_MODULES = ("store", "providers")
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def read_layers():
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text()
    block = re.search(r"```layers\n(.*?)```", text, re.S)
    if not block:
        sys.exit("docs/ARCHITECTURE.md has no ```layers block")
    rank = {}
    for i, line in enumerate(block.group(1).splitlines()):
        for module in line.split():
            rank[module] = i
    return rank


def check(rank):
    problems = []
    src = ROOT / "src"
    for path in sorted(src.rglob("*")):
        if path.suffix not in (".h", ".cpp") or not path.is_file():
            continue
        rel = path.relative_to(src)
        module = rel.parts[0]
        if module not in rank:
            problems.append(f"src/{rel}: module '{module}' is not in the layer list")
            continue
        for target in INCLUDE.findall(path.read_text(errors="replace")):
            parts = target.split("/")
            if len(parts) < 2 or parts[0] not in rank:
                continue  # a header of the same folder or of a library
            other = parts[0]
            if other != module and rank[other] >= rank[module]:
                how = "its own layer" if rank[other] == rank[module] else "a higher layer"
                problems.append(f"src/{rel}: includes {target} ({other} is {how} than {module})")
            # A plug-in folder (store/sqlite/, providers/twilio/) is private to itself and to
            # the files directly in its module (the opener, the registry).
            if other in PLUGIN_MODULES and len(parts) > 2:
                inside = rel.parts[:2] == (other, parts[1])
                registry = module == other and len(rel.parts) == 2
                if not (inside or registry):
                    problems.append(f"src/{rel}: includes plug-in header {target}")
    return problems


def main():
    problems = check(read_layers())
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} include(s) break the layer order of docs/ARCHITECTURE.md")
        return 1
    print("layers: every include goes down")
    return 0


if __name__ == "__main__":
    sys.exit(main())
