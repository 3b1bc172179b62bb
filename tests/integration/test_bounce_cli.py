#!/usr/bin/python3
"""`herald bounce parse --json FILE...` (contract §1, §6): one JSON line per file, in order, in
the contract's shape; an unreadable file exits 2 with one stderr line naming it, and the other
files are still printed."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402

CORPUS = h.REPO_ROOT.parent / "shared" / "corpus" / "bounces"
KEYS = ["address", "status", "reply_code", "reason", "hard_bounce", "feedback_type",
        "diagnostic"]


def setup(run):
    if not (CORPUS / "eml").is_dir():
        raise h.HarnessError(f"bounce corpus missing: {CORPUS}")
    return SimpleNamespace(run=run, herald=run.args.herald)


def parse(ctx, *files, cwd=None):
    p = subprocess.run([ctx.herald, "bounce", "parse", "--json", *map(str, files)],
                       capture_output=True, text=True, timeout=60, cwd=cwd)
    lines = [json.loads(line) for line in p.stdout.splitlines()]
    return p.returncode, lines, p.stderr


def check_shape(doc, file):
    assert list(doc) == ["file", "is_bounce", "recipients"], f"keys: {list(doc)}"
    assert doc["file"] == str(file), f"file: {doc['file']!r}, want {file!r}"
    assert isinstance(doc["is_bounce"], bool)
    for r in doc["recipients"]:
        assert list(r) == KEYS, f"recipient keys: {list(r)}"
        assert isinstance(r["hard_bounce"], bool)
        assert all(isinstance(r[k], str) for k in KEYS if k != "hard_bounce")


def case_dsn_postfix(ctx):
    f = CORPUS / "eml" / "lhost-postfix-02.eml"
    code, [doc], err = parse(ctx, f)
    assert code == 0, f"exit {code}: {err}"
    check_shape(doc, f)
    assert doc["is_bounce"] is True
    r = doc["recipients"][0]
    assert (r["status"], r["reply_code"], r["reason"], r["hard_bounce"]) == \
        ("5.2.1", "550", "userunknown", True), r
    assert "@" in r["address"] and r["diagnostic"], r


def case_kinds_in_order(ctx):
    files = [CORPUS / "eml" / "arf-12.eml", CORPUS / "eml" / "rfc3834-02.eml",
             CORPUS / "eml" / "lhost-exim-05.eml", CORPUS / "not-bounce" / "is-not-bounce-01.eml"]
    code, docs, err = parse(ctx, *files)
    assert code == 0, f"exit {code}: {err}"
    assert [d["file"] for d in docs] == [str(f) for f in files], "output order"
    for d, f in zip(docs, files):
        check_shape(d, f)
    arf, vacation, exim, plain = docs
    assert arf["recipients"][0]["reason"] == "feedback"
    assert arf["recipients"][0]["feedback_type"] == "opt-out"
    assert vacation["recipients"][0]["reason"] == "vacation"
    assert exim["recipients"][0]["reason"] == "userunknown"
    assert plain == {"file": str(files[3]), "is_bounce": False, "recipients": []}, plain


def case_unreadable_file(ctx):
    missing = ctx.run.dir / "no-such.eml"
    good = CORPUS / "eml" / "lhost-qmail-01.eml"
    code, docs, err = parse(ctx, good, missing, good)
    assert code == 2, f"exit {code}, want 2"
    lines = err.strip().splitlines()
    assert len(lines) == 1 and str(missing) in lines[0], f"stderr: {err!r}"
    assert [d["file"] for d in docs] == [str(good), str(good)], docs


def case_many_files_same_as_one_by_one(ctx):
    # Enough files for worker processes; one unreadable file in the middle.
    files = sorted((CORPUS / "eml").glob("*.eml")) * 2
    missing = ctx.run.dir / "gone.eml"
    files.insert(len(files) // 2, missing)
    code, together, err = parse(ctx, *files)
    assert code == 2, f"exit {code}, want 2: {err}"
    lines = err.strip().splitlines()
    assert len(lines) == 1 and str(missing) in lines[0], f"stderr: {err!r}"
    files.remove(missing)
    assert [d["file"] for d in together] == [str(f) for f in files], "order or count"
    for f, doc in zip(files[::97], together[::97]):
        _, [alone], _ = parse(ctx, f)
        assert alone == doc, f"{f.name}: differs when parsed with others"


def case_stdin_and_directory(ctx):
    # "-" is standard input (an MTA's pipe); a directory is an unreadable file, not a crash.
    f = CORPUS / "eml" / "lhost-postfix-02.eml"
    p = subprocess.run([ctx.herald, "bounce", "parse", "--json", "-"], input=f.read_bytes(),
                       capture_output=True, timeout=60)
    assert p.returncode == 0, f"exit {p.returncode}: {p.stderr!r}"
    [piped] = [json.loads(line) for line in p.stdout.splitlines()]
    _, [direct], _ = parse(ctx, f)
    assert piped["file"] == "-" and piped["recipients"] == direct["recipients"], piped
    code, docs, err = parse(ctx, CORPUS / "eml", f)
    assert code == 2 and "is a directory" in err, f"exit {code}: {err!r}"
    assert [d["file"] for d in docs] == [str(f)], docs


def case_paths_relative_and_across_directories(ctx):
    # Files are opened relative to their directory, kept open while the next file shares it.
    names = ["arf-12.eml", "../not-bounce/is-not-bounce-01.eml", "./lhost-exim-05.eml",
             str(CORPUS / "eml" / "lhost-exim-05.eml"), "arf-12.eml", "no-such.eml",
             "../eml/rfc3834-02.eml"]
    code, docs, err = parse(ctx, *names, cwd=CORPUS / "eml")
    assert code == 2 and "no-such.eml" in err, f"exit {code}: {err!r}"
    names.remove("no-such.eml")
    assert [d["file"] for d in docs] == names, docs
    for name, doc in zip(names, docs):
        _, [alone], _ = parse(ctx, (CORPUS / "eml" / name).resolve())
        assert alone["recipients"] == doc["recipients"], name
    assert [bool(d["recipients"]) for d in docs] == [True, False, True, True, True, True], docs


def loaded_libraries(binary):
    # What the dynamic loader maps for the binary (ldd's own mechanism), names only.
    env = dict(os.environ, LD_TRACE_LOADED_OBJECTS="1")
    p = subprocess.run([binary], env=env, capture_output=True, text=True, timeout=30)
    assert p.returncode == 0, f"{binary}: {p.stderr!r}"
    return {line.split()[0].split(".so")[0] for line in p.stdout.splitlines() if line.strip()}


def case_parser_loads_none_of_the_servers_libraries(ctx):
    # `herald` parses bounces without mapping the server's libraries; herald-core, beside it,
    # runs everything else and has them all.
    server = {"libpq", "libcurl", "libphonenumber", "libsqlite3", "libicuuc", "libprotobuf"}
    core = Path(ctx.herald).resolve().with_name("herald-core")
    lean, full = loaded_libraries(ctx.herald), loaded_libraries(str(core))
    assert server <= full, f"herald-core lacks {server - full}"
    assert not server & lean, f"herald maps {server & lean}"
    assert "libgmime-3.0" in lean, lean


def case_usage_errors_and_other_commands_go_to_herald_core(ctx):
    for args, want in [(["bounce", "parse"], "files is required"),
                       (["bounce", "parse", "--json", "--jsn", "x.eml"], "--jsn"),
                       (["bounce", "prase", "x.eml"],
                        "herald bounce: unknown command 'prase' (want parse, ingest)"),
                       (["bounce"], "herald bounce: a command is missing (want parse, ingest)"),
                       (["nope"], "unknown command 'nope'")]:
        p = subprocess.run([ctx.herald, *args], capture_output=True, text=True, timeout=30)
        assert p.returncode == 2 and want in p.stderr, f"{args}: exit {p.returncode} {p.stderr!r}"
    p = subprocess.run([ctx.herald, "--version"], capture_output=True, text=True, timeout=30)
    assert p.returncode == 0 and p.stdout.startswith("herald "), p


def case_missing_herald_core_is_named(ctx):
    with tempfile.TemporaryDirectory() as tmp:
        alone = Path(tmp) / "herald"
        shutil.copy(ctx.herald, alone)
        f = CORPUS / "eml" / "lhost-postfix-02.eml"
        p = subprocess.run([alone, "bounce", "parse", "--json", f], capture_output=True,
                           text=True, timeout=30)
        assert p.returncode == 0 and json.loads(p.stdout)["is_bounce"], p
        p = subprocess.run([alone, "migrate"], capture_output=True, text=True, timeout=30)
        want = f"herald: cannot run {Path(tmp).resolve() / 'herald-core'}: No such file"
        assert p.returncode == 1 and p.stderr.startswith(want), p.stderr


CASES = [case_dsn_postfix, case_kinds_in_order, case_unreadable_file,
         case_many_files_same_as_one_by_one, case_stdin_and_directory,
         case_paths_relative_and_across_directories,
         case_parser_loads_none_of_the_servers_libraries,
         case_usage_errors_and_other_commands_go_to_herald_core,
         case_missing_herald_core_is_named]

if __name__ == "__main__":
    h.main("bounce_cli", setup, CASES)
