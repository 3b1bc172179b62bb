#!/usr/bin/python3
"""A database that cannot write: the SQLite file lives on a small tmpfs that the test fills.
Writes answer 503 with Retry-After and "code":"storage_unavailable" (never a 500, never a 2xx
for what was not stored), /healthz answers 503 meanwhile, and both recover by themselves once
space is freed, with no restart."""

import errno
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402
from common import event  # noqa: E402

TMPFS_SIZE = "16m"
# A big member makes each event cost many pages, so the disk runs out after a few events.
PADDING = "x" * 200_000


def mount_tmpfs(run, path: Path):
    path.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={TMPFS_SIZE},mode=0700", "tmpfs",
                        str(path)], capture_output=True, text=True)
    if r.returncode != 0:
        raise h.HarnessError(f"cannot mount a tmpfs on {path} (this test needs root): "
                             f"{r.returncode} {r.stderr.strip()}")
    run.cleanups.append(lambda: subprocess.run(["umount", str(path)], check=False))


def fill(path: Path) -> Path:
    """Writes a file until the file system has no byte left; returns it."""
    filler = path / "filler"
    with open(filler, "wb", buffering=0) as f:
        for chunk in (1 << 20, 1 << 16, 1 << 12, 1):
            while True:
                try:
                    f.write(b"\0" * chunk)
                except OSError as e:
                    if e.errno != errno.ENOSPC:
                        raise
                    break
    st = os.statvfs(path)
    assert st.f_bavail == 0, f"the tmpfs still has {st.f_bavail} free blocks"
    return filler


def setup(run):
    smtp = run.smtp()
    data = run.dir / "data"
    mount_tmpfs(run, data)
    herald = h.Herald(run, run.args.herald, smtp,
                      overrides={"storage": {"url": f"sqlite://{data}/herald.db"}})
    herald.start()
    key = herald.store_add("fullshop", name="Full Shop")
    api = herald.client(key)
    api.put_template("OUT_FOR_DELIVERY", {"channel": "email", "locale": "en",
                                          "subject": "On its way", "text": "Soon"})
    return SimpleNamespace(run=run, herald=herald, api=api, data=data, smtp=smtp)


def big_event(eid):
    ev = event(eid, order_id=f"ORD-{eid}", email=f"{eid}@test.no")
    ev["data"]["padding"] = PADDING
    return ev


def case_full_disk_is_503_then_recovers_without_restart(ctx):
    api = ctx.api
    s, b = api.post("/v1/events", big_event("before"))
    assert s == 202, f"before filling: {s} {b!r}"
    assert api.get("/healthz")[0] == 200

    filler = fill(ctx.data)
    accepted, refused = [], []
    for i in range(200):
        eid = f"full-{i}"
        s, b = api.post("/v1/events", big_event(eid))
        assert s in (202, 503), f"POST {eid} on a full disk: {s} {b!r} (no 500, no other answer)"
        if s == 202:
            accepted.append(eid)
            continue
        assert b.get("code") == "storage_unavailable", f"503 body: {b!r}"
        assert "disk is full" in b.get("error", ""), f"503 body: {b!r}"
        assert api.last_headers.get("Retry-After"), "503 without Retry-After"
        refused.append(eid)
        if len(refused) >= 3:
            break
    assert refused, f"200 events on a full disk were all accepted: {accepted}"

    s, b = api.get("/healthz")
    assert s == 503, f"/healthz while writes fail: {s} {b!r}"
    assert b.get("code") == "storage_unavailable", f"/healthz body: {b!r}"
    assert api.last_headers.get("Retry-After"), "/healthz 503 without Retry-After"
    # A template write is refused the same way, through the same mapping.
    s, b = api.put("/v1/templates/ORDER_PLACED", {"channel": "email", "locale": "en",
                                                  "subject": "x" * 100_000, "text": "y"})
    assert s == 503 and b.get("code") == "storage_unavailable", f"PUT template: {s} {b!r}"
    assert ctx.herald.alive(), "herald died on a full disk"

    filler.unlink()
    h.wait_for(lambda: api.get("/healthz")[0] == 200, what="/healthz 200 after freeing space")
    s, b = api.post("/v1/events", big_event("after"))
    assert s == 202, f"after freeing space: {s} {b!r}"

    # Every 202 was a commit: posting it again is a duplicate. Every 503 stored nothing:
    # posting it again is new.
    for eid in accepted + ["before"]:
        s, b = api.post("/v1/events", big_event(eid))
        assert s == 200 and b.get("duplicate") is True, f"{eid} answered 202 but: {s} {b!r}"
    for eid in refused:
        s, b = api.post("/v1/events", big_event(eid))
        assert s == 202 and b.get("duplicate") is False, f"{eid} answered 503 but: {s} {b!r}"
    ctx.smtp.wait_mail_to("after@test.no", timeout=60)


if __name__ == "__main__":
    h.main("disk_full", setup, [case_full_disk_is_503_then_recovers_without_restart])
