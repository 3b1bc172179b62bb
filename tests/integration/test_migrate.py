#!/usr/bin/python3
"""`herald migrate [--config FILE]` on both backends: it applies the missing migrations, says what
it did as one JSON line, and applies nothing the second time. On PostgreSQL (a real
postgresql-15 started by the test) nodes starting together take turns under the migrations'
advisory lock, and the stores written through one node are read by the other."""

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402


def setup(run):
    pg = run.postgres()
    return SimpleNamespace(run=run, pg=pg)


def herald_on(ctx, url: str, name: str) -> h.Herald:
    herald = h.Herald(ctx.run, ctx.run.args.herald, overrides={"storage": {"url": url}})
    herald.config.rename(ctx.run.dir / f"{name}.toml")
    herald.config = ctx.run.dir / f"{name}.toml"
    return herald


def migrate(herald: h.Herald) -> dict:
    code, out, err = herald.cli("migrate")
    assert code == 0, f"herald migrate exited {code}: {err.strip()}"
    lines = [ln for ln in out.splitlines() if ln.strip()]
    assert len(lines) == 1, f"want one JSON line, got {out!r}"
    return json.loads(lines[0])


def test_sqlite_migrates_once(ctx):
    herald = herald_on(ctx, f"sqlite://{ctx.run.dir}/fresh/herald.db", "sqlite")
    first = migrate(herald)
    assert first["backend"] == "sqlite", first
    assert first["from_version"] == 0 and first["applied"] > 0, first
    again = migrate(herald)
    assert again == {**first, "from_version": first["to_version"], "applied": 0}, (first, again)


def test_postgresql_migrates_once(ctx):
    url = ctx.pg.create_database("once")
    herald = herald_on(ctx, url, "pg-once")
    first = migrate(herald)
    assert first["backend"] == "postgresql", first
    assert first["from_version"] == 0 and first["applied"] > 0, first
    again = migrate(herald)
    assert again["applied"] == 0 and again["from_version"] == first["to_version"], again
    tables = ctx.pg.psql("once", "SELECT count(*) FROM schema_migrations").strip()
    assert int(tables) == first["applied"], tables


def test_postgres_scheme_is_accepted_too(ctx):
    url = ctx.pg.create_database("short").replace("postgresql://", "postgres://", 1)
    assert migrate(herald_on(ctx, url, "pg-short"))["applied"] > 0


def test_nodes_migrating_together_take_turns(ctx):
    url = ctx.pg.create_database("together")
    nodes = [herald_on(ctx, url, f"pg-node{i}") for i in range(4)]
    procs = [subprocess.Popen([n.binary, "migrate", "--config", str(n.config)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for n in nodes]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, f"herald migrate exited {p.returncode}: {err.decode().strip()}"
        results.append(json.loads(out.decode().strip().splitlines()[-1]))
    applied = sorted(r["applied"] for r in results)
    assert applied[:-1] == [0] * (len(results) - 1) and applied[-1] > 0, results


def test_a_store_added_through_one_node_is_seen_by_another(ctx):
    url = ctx.pg.create_database("shared")
    one, two = herald_on(ctx, url, "pg-one"), herald_on(ctx, url, "pg-two")
    key = one.store_add("shop-one", name="Shop One")
    assert key.startswith("hk_"), key
    code, out, err = two.cli("store", "add", "shop-one")
    assert code == 2 and "already exists" in err, (code, out, err)


def test_a_database_that_does_not_answer_is_one_line_and_exit_1(ctx):
    herald = herald_on(ctx, f"postgresql://postgres@127.0.0.1:{h.free_port()}/none", "pg-away")
    code, out, err = herald.cli("migrate")
    assert code == 1, (code, out, err)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and "database" in lines[0], err


if __name__ == "__main__":
    h.main("migrate", setup, [
        test_sqlite_migrates_once,
        test_postgresql_migrates_once,
        test_postgres_scheme_is_accepted_too,
        test_nodes_migrating_together_take_turns,
        test_a_store_added_through_one_node_is_seen_by_another,
        test_a_database_that_does_not_answer_is_one_line_and_exit_1,
    ])
