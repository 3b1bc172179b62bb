#!/usr/bin/python3
"""The inventory sync's cost against the test OMS: OMS calls and wall time of a first sync and
of syncs where a share of the SKUs changed. Prints a Markdown section (bench/oms_sync/run.sh)."""

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "integration"))
import harness as h  # noqa: E402

PREFIX = "/service/application/catalog/v1.0/products/stock-status/"


def calls(oms) -> tuple[int, int]:
    got = [c for c in oms.calls() if c["path"].startswith(PREFIX)]
    polls = sum(1 for c in got if c["path"].endswith("/poll/"))
    return polls, len(got) - polls


def timed_sync(api, oms) -> dict:
    oms.control("POST", "/calls/clear")
    t0 = time.monotonic()
    status, body = api.post("/v1/oms/sync", timeout=600)
    ms = (time.monotonic() - t0) * 1000
    assert status == 200, f"POST /v1/oms/sync: {status} {body!r}"
    polls, stock = calls(oms)
    return {"ms": ms, "polls": polls, "stock": stock, "answer": body}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--herald", required=True)
    p.add_argument("--skus", type=int, default=10000)
    p.add_argument("--changed-percent", type=float, default=1.0)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--backend", default="sqlite", choices=["sqlite", "postgresql"])
    a = p.parse_args()
    os.environ["HERALD_IT_BACKEND"] = a.backend
    run = h.Run("bench-oms-sync", SimpleNamespace(herald=str(Path(a.herald).resolve()), keep=False,
                                                  case=[]))
    try:
        oms = run.test_oms()
        herald = run.start_herald()
        api = herald.client(herald.store_add("bench"))
        skus = [f"SKU-{i:06d}" for i in range(a.skus)]
        status, body = api.put("/v1/oms", oms.settings(safety_stock=1, inventory_sync_minutes=60))
        assert status == 200, f"PUT /v1/oms: {status} {body!r}"
        status, body = api.put("/v1/catalog/skus", {"skus": skus})
        assert status == 200, f"PUT /v1/catalog/skus: {status} {body!r}"
        past = time.time() - 3600
        for at in range(0, len(skus), 2000):
            oms.set_stock([{"sku": s, "size": "M", "quantity": 7, "changed_at": past}
                           for s in skus[at:at + 2000]])
        first = timed_sync(api, oms)
        assert first["answer"]["changed"] == a.skus, first
        changed_n = max(1, int(a.skus * a.changed_percent / 100))
        rounds = []
        for r in range(a.repeat):
            step = len(skus) // changed_n
            oms.set_stock([{"sku": skus[(i * step + r) % len(skus)], "size": "M", "quantity": 3 + r}
                           for i in range(changed_n)])
            # The sync asks from the second the last one started: changes made in an earlier
            # second than this sync's start are not seen again by the next.
            time.sleep(1.05 - time.time() % 1)
            rounds.append(timed_sync(api, oms))
            assert rounds[-1]["answer"]["changed"] >= changed_n, rounds[-1]
    finally:
        run.close()
    ms = [x["ms"] for x in rounds]
    polls = statistics.median(x["polls"] for x in rounds)
    stock = statistics.median(x["stock"] for x in rounds)
    changed = statistics.median(x["answer"]["changed"] for x in rounds)
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(f"""## 10. Inventory sync against the test OMS

`bench/oms_sync/run.sh` (SKUS={a.skus} CHANGED_PERCENT={a.changed_percent:g} REPEAT={a.repeat}
BACKEND={a.backend}), {time.strftime('%Y-%m-%dT%H:%MZ', time.gmtime())}: {a.skus} SKUs in the
storefront's list and at the test OMS (`tests/support/test_oms.py`, Python, same machine),
`POST /v1/oms/sync` timed from the client (whole HTTP answer); {os.cpu_count()} cores
({platform.processor() or platform.machine()}), load average {load}.

| sync | SKUs changed | poll calls | stock-status calls | OMS calls | wall time |
|---|---|---|---|---|---|
| first (from 1970-01-01) | {first['answer']['changed']} | {first['polls']} | {first['stock']} | {first['polls'] + first['stock']} | {first['ms']:.0f} ms |
| {a.changed_percent:g} % changed (median of {a.repeat}) | {changed:g} | {polls:g} | {stock:g} | {polls + stock:g} | {statistics.median(ms):.0f} ms (min {min(ms):.0f}, max {max(ms):.0f}) |
""")


if __name__ == "__main__":
    main()
