#!/usr/bin/python3
"""Two `herald serve` nodes on one PostgreSQL 15 database (contract §11):
- the same event id posted to both at the same moment is accepted once, and its mail goes once;
- each node is named in /metrics and on the timeline steps it recorded;
- the campaigns run on one node at a time, and pass to the other when it dies (the daily purge
  takes its job the same way, a minute after start: tests/store/cluster_test.cpp);
- kill -9 of one node in the middle of a burst spread over both: every accepted event's mail
  arrives (the survivor takes the dead node's claims when their lease ends); prints how many
  mails went out twice (at most one per SMTP session of the dead node, by construction);
- the database stopped and started again: /healthz and writes answer 503 meanwhile, never a
  2xx, and both nodes recover by themselves."""

import re
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness as h  # noqa: E402
from common import event  # noqa: E402

LEASE_SECONDS = 3
SMTP_CONNECTIONS = 2  # [email] connections per node in the harness's config
N_BURST = 1000
N_THREADS = 4
STALL_TIMEOUT = 120.0  # fail when no new mail arrives for this long (no fixed deadline)
SUBJECT = re.compile(r"Order (\S+) received")


def node(run, smtp, url, name):
    return h.Herald(run, run.args.herald, smtp, name=name,
                    overrides={"server": {"node_id": name},
                               "storage": {"url": url, "lease_seconds": LEASE_SECONDS}})


def setup(run):
    pg = run.postgres()
    url = pg.create_database("cluster")
    smtp = run.smtp()
    a = node(run, smtp, url, "node-a").start()
    b = node(run, smtp, url, "node-b").start()
    key = a.store_add("duo", country="NO", locale="nb-NO")
    api_a, api_b = a.client(key), b.client(key)
    api_a.put_template("ORDER_PLACED", {"channel": "email", "locale": "nb-NO",
                                        "subject": "Order {{order.id}} received",
                                        "html": "<p>Order {{order.id}}</p>",
                                        "text": "Order {{order.id}}"})
    return SimpleNamespace(run=run, pg=pg, smtp=smtp, a=a, b=b, api_a=api_a, api_b=api_b)


def placed(order_id):
    return event(f"evt-{order_id}", "ORDER_PLACED", order_id, id=f"C-{order_id}",
                 name="Kunde", email=f"{order_id.lower()}@test.no", locale="nb-NO")


def mail_counts(smtp):
    counts = {}
    for m in smtp.mails():
        found = SUBJECT.search(m.subject)
        if found:
            counts[found.group(1)] = counts.get(found.group(1), 0) + 1
    return counts


def wait_mails(ctx, orders, alive):
    """Until every order in `orders` has its mail; fails when none arrives for a long time."""
    last_progress, last_count = time.monotonic(), -1
    while True:
        counts = mail_counts(ctx.smtp)
        missing = sorted(set(orders) - set(counts))
        if not missing:
            return counts
        if len(counts) != last_count:
            last_count, last_progress = len(counts), time.monotonic()
        if time.monotonic() - last_progress > STALL_TIMEOUT:
            raise AssertionError(f"{len(missing)} of {len(orders)} accepted events never got "
                                 f"their mail (no progress for {STALL_TIMEOUT:g}s): {missing[:10]}")
        for n in alive:
            assert n.alive(), f"{n.log.name}: herald exited ({n.proc.returncode()})"
        time.sleep(0.2)


def case_the_same_event_on_both_nodes_at_once_is_accepted_once(ctx):
    orders = [f"SAME-{i:03d}" for i in range(40)]
    for order_id in orders:
        answers = [None, None]
        gate = threading.Barrier(2)

        def post(k, api):
            gate.wait()
            answers[k] = api.post("/v1/events", placed(order_id))
        threads = [threading.Thread(target=post, args=(k, api))
                   for k, api in enumerate((ctx.api_a, ctx.api_b))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        statuses = sorted(s for s, _ in answers)
        assert statuses == [200, 202], f"{order_id}: answers {answers!r}"
        first, second = (b for _, b in sorted(answers, key=lambda a: a[0], reverse=True))
        assert second.get("duplicate") is True and not first.get("duplicate"), answers
        assert [m["id"] for m in first["messages"]] == [m["id"] for m in second["messages"]]
    counts = wait_mails(ctx, orders, (ctx.a, ctx.b))
    time.sleep(LEASE_SECONDS)  # a second copy, if any, would come meanwhile
    counts = mail_counts(ctx.smtp)
    twice = {o: counts[o] for o in orders if counts[o] != 1}
    assert not twice, f"mails sent more than once: {twice}"


def case_each_node_is_named_in_metrics_and_on_the_timeline(ctx):
    for n, name in ((ctx.a, "node-a"), (ctx.b, "node-b")):
        status, text = n.api.get("/metrics")
        assert status == 200 and f'herald_node_info{{node_id="{name}"}} 1' in text, text[:300]
        status, body = n.api.get("/healthz")
        assert status == 200 and body.get("node") == name, body
    s, b = ctx.api_b.post("/v1/events", placed("NAMED-1"))
    assert s == 202, (s, b)
    mid = b["messages"][0]["id"]
    msg = ctx.api_a.wait_status(mid, ("sent",))
    timeline = msg["events"]
    assert timeline[0]["type"] == "queued" and timeline[0]["node"] == "node-b", timeline
    sent = [t for t in timeline if t["type"] == "sent"]
    assert sent and sent[0]["node"] in ("node-a", "node-b"), timeline


def runs(n, job):
    return f"this node now runs {job}" in n.log.read_text(errors="replace")


def case_campaigns_run_on_one_node_at_a_time(ctx):
    h.wait_for(lambda: runs(ctx.a, "campaigns") or runs(ctx.b, "campaigns"),
               what="a node to take the campaigns")
    assert not (runs(ctx.a, "campaigns") and runs(ctx.b, "campaigns")), \
        "both nodes run the campaigns"
    ctx.campaigns_on = ctx.a if runs(ctx.a, "campaigns") else ctx.b


def case_kill9_of_one_node_in_a_burst_over_both(ctx):
    accepted, unanswered, errors = {}, [], []
    lock = threading.Lock()
    orders = [f"KB-{i:04d}" for i in range(N_BURST)]

    def worker(k):
        for i in range(k, N_BURST, N_THREADS):
            api = ctx.api_a if i % 2 == 0 else ctx.api_b
            try:
                s, b = api.post("/v1/events", placed(orders[i]), timeout=10)
            except OSError as e:  # node b was killed: the event may or may not be stored
                s, b = None, repr(e)
            with lock:
                if s == 202:
                    accepted[orders[i]] = b["messages"][0]["id"]
                elif s is None:
                    unanswered.append(i)
                else:
                    errors.append((orders[i], s, b))
    mail_before = ctx.smtp.out.stat().st_size
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(N_THREADS)]
    for t in threads:
        t.start()
    h.wait_for(lambda: len(accepted) >= N_BURST // 2 and
               ctx.smtp.out.stat().st_size > mail_before,
               120, 0.01, what="half the burst accepted and its mail going out")
    with lock:
        answered_at_kill = len(accepted)
    ctx.b.kill9()
    for t in threads:
        t.join(300)
    print(f"kill -9 of node-b when {answered_at_kill} of {N_BURST} events had been answered "
          f"202; {len(unanswered)} sent to node-b unanswered", flush=True)
    assert not errors, f"{len(errors)} events answered neither 202 nor not at all: {errors[:3]}"
    assert unanswered, "the kill came after the last event for node-b"
    for i in sorted(unanswered):  # to the survivor: node-b may have stored it first
        s, b = ctx.api_a.post("/v1/events", placed(orders[i]))
        assert s in (200, 202) and b.get("duplicate") is (s == 200), (orders[i], s, b)
        accepted[orders[i]] = b["messages"][0]["id"]
    wait_mails(ctx, orders, (ctx.a,))

    def all_sent():
        items = ctx.api_a.all_messages()
        status = {m["id"]: m["status"] for m in items}
        missing = set(accepted.values()) - set(status)
        assert not missing, f"{len(missing)} accepted messages missing from the log"
        return all(status[mid] in ("sent", "delivered") for mid in accepted.values()) or None
    h.wait_for(all_sent, what="every message of the burst to be recorded sent")
    counts = mail_counts(ctx.smtp)
    dups = {o: counts[o] - 1 for o in orders if counts.get(o, 0) > 1}
    print(f"all {N_BURST} mails arrived; duplicates after kill -9 of one node: "
          f"{sum(dups.values())} extra mails for {len(dups)} events"
          + (f", e.g. {sorted(dups.items())[:5]}" if dups else "")
          + f" (at most {SMTP_CONNECTIONS}: one per SMTP session of the killed node)", flush=True)
    assert sum(dups.values()) <= SMTP_CONNECTIONS, f"duplicates: {dups}"
    # The campaigns, if node-b ran them, pass to node-a.
    h.wait_for(lambda: runs(ctx.a, "campaigns"), what="node-a to take the campaigns")


def case_the_database_stopped_and_started_again(ctx):
    ctx.b.start()  # the same node_id again, after its kill
    ctx.pg.pause()
    for n in (ctx.a, ctx.b):
        h.wait_for(lambda n=n: n.api.get("/healthz")[0] == 503, what=f"{n.log.name}: 503")
    s, b = ctx.api_a.post("/v1/events", placed("DOWN-1"))
    assert s == 503, f"an event while the database is away: {s} {b!r}"
    ctx.pg.resume()
    for n in (ctx.a, ctx.b):
        h.wait_for(lambda n=n: n.api.get("/healthz")[0] == 200, what=f"{n.log.name}: 200 again")
    s, b = ctx.api_b.post("/v1/events", placed("DOWN-1"))
    assert s == 202 and not b.get("duplicate"), f"after the database came back: {s} {b!r}"
    wait_mails(ctx, ["DOWN-1"], (ctx.a, ctx.b))
    for n in (ctx.a, ctx.b):
        assert n.stop() == 0, f"{n.log.name}: exit code on SIGTERM"


CASES = [case_the_same_event_on_both_nodes_at_once_is_accepted_once,
         case_each_node_is_named_in_metrics_and_on_the_timeline,
         case_campaigns_run_on_one_node_at_a_time,
         case_kill9_of_one_node_in_a_burst_over_both,
         case_the_database_stopped_and_started_again]

if __name__ == "__main__":
    h.main("two_nodes", setup, CASES)
