#!/usr/bin/python3
"""Fails when a source file includes a header from its own layer's other modules or a higher
layer. The layer order is the `layers` block of docs/ARCHITECTURE.md (lowest first)."""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PLUGIN_MODULES = ("store", "providers", "oms")
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def read_layers(root=ROOT):
    text = (root / "docs" / "ARCHITECTURE.md").read_text()
    block = re.search(r"```layers\n(.*?)```", text, re.S)
    if not block:
        sys.exit("docs/ARCHITECTURE.md has no ```layers block")
    rank = {}
    for i, line in enumerate(block.group(1).splitlines()):
        for module in line.split():
            rank[module] = i
    return rank


def check(rank, root=ROOT):
    problems = []
    src = root / "src"
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


def self_test():
    """The check must catch each kind of bad include in a small made-up tree."""
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        (root / "docs").mkdir()
        (root / "docs" / "ARCHITECTURE.md").write_text("```layers\ncommon\nstore\napi ui\n```\n")
        files = {
            "common/clock.h": '#include "store/storage.h"\n',          # upward
            "api/routes.cpp": '#include "ui/page.h"\n',                # same layer
            "ui/page.cpp": '#include "store/sqlite/db.h"\n',           # a backend's private header
            "store/sqlite/db.cpp": '#include "store/sqlite/db.h"\n',   # allowed
            "store/open.cpp": '#include "store/sqlite/db.h"\n',        # allowed: the opener
            "api/keys.cpp": '#include "common/clock.h"\n#include <vector>\n',  # allowed
        }
        for name, text in files.items():
            path = root / "src" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        found = check(read_layers(root), root)
        wanted = ["src/common/clock.h", "src/api/routes.cpp", "src/ui/page.cpp"]
        got = sorted(p.split(":")[0] for p in found)
        if got != sorted(wanted):
            print(f"self-test: expected problems in {sorted(wanted)}, got {found}")
            return 1
    print("layers self-test: upward, same-layer and private-backend includes are caught")
    return 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
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
