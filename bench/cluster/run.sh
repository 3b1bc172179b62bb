#!/usr/bin/env bash
# Several Herald nodes on one PostgreSQL: ingest on one PostgreSQL node and on two, beside one
# SQLite node in the same run; the drain of a full queue by one node and by two into Postfix's
# smtp-sink, as fast as the sink takes it and with a sink that takes 1 s per message (then the
# SMTP sessions, not the CPU, are the limit); CPU per event and per message of Herald and
# PostgreSQL; where PostgreSQL's time goes (pg_stat_statements, pg_stat_wal, and samples of
# pg_stat_activity). Starts its own durable postgresql-15 (bench/cluster/pg.sh).
#
# Environment (all optional):
#   HERALD_BIN        Herald binary (default build/herald)
#   DURATION, WARMUP  wrk durations of each measured ingest run and its warm-up (20s, 2s)
#   THREADS, CONNS    wrk threads and connections in all, split evenly between the nodes (2, 64)
#   SMTP_CONNECTIONS  [email] connections of each node (4)
#   DISPATCH_EVENTS   events queued for each full-speed drain (10000)
#   SLOW_EVENTS       events queued for each drain into the slow sink (128)
#   SLOW_DELAY        smtp-sink -w: seconds the slow sink waits before answering DATA (1)
#   DRAIN_TIMEOUT     seconds to wait for a queue to drain (150)
#   BENCH_WAIT_QUIET  wait up to this many seconds for CPU pressure (PSI avg10) < 20 % first (0)
#   RESULTS           report file (default bench/cluster/RESULTS.md; "-" for none)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib.sh"
source "$here/pg.sh"
source "$here/nodes.sh"

DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-2s}
THREADS=${THREADS:-2}
CONNS=${CONNS:-64}
SMTP_CONNECTIONS=${SMTP_CONNECTIONS:-4}
DISPATCH_EVENTS=${DISPATCH_EVENTS:-10000}
SLOW_EVENTS=${SLOW_EVENTS:-128}
SLOW_DELAY=${SLOW_DELAY:-1}
DRAIN_TIMEOUT=${DRAIN_TIMEOUT:-150}
RESULTS=${RESULTS:-$here/RESULTS.md}
INGEST_TARGET=50 # % of the SQLite node's events/s
DRAIN_TARGET=1.5 # two nodes' drain ÷ one node's, when the sink is the limit

bench_init
cluster_cleanup() {
  local rc=$?
  pg_stop
  (exit $rc)
  bench_cleanup
}
trap cluster_cleanup EXIT
if [ "${BENCH_WAIT_QUIET:-0}" -gt 0 ]; then
  log "waiting up to ${BENCH_WAIT_QUIET}s for a quiet machine"
  for _ in $(seq "$BENCH_WAIT_QUIET"); do
    awk '/^some/ {sub("avg10=", "", $2); exit !($2 < 20)}' /proc/pressure/cpu 2>/dev/null && break
    sleep 1
  done
fi
psi_total() { awk '/^some/ {sub("total=", "", $5); print $5}' /proc/pressure/cpu 2>/dev/null; }
T0=$(now)
PSI0=$(psi_total)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
OTHERS=$(ps -eo pcpu=,comm= --sort=-pcpu | awk '$1 >= 5 && $2 != "ps" {printf "%s%s (%s %%)", (n++ ? ", " : ""), $2, $1} END {if (!n) print "none above 5 %"}')
log "Herald: $HERALD_BIN; temp dir $BENCH_TMP; load average $LOAD_BEFORE; busy: $OTHERS"
pg_start
PG_VERSION=$(pg_version)
DISK_FLUSH=$(disk_flush)
log "disk: one 8 kB write + fdatasync: $DISK_FLUSH"
log "postgresql $PG_VERSION on 127.0.0.1:$PG_PORT ($PG_OPTS)"

# ---------------------------------------------------------------- ingest
ingest sqlite1 sqlite 1
ingest pg1 postgresql 1
ingest pg2 postgresql 2

# ---------------------------------------------------------------- dispatch
for run in fastsq:sqlite:1:0:$DISPATCH_EVENTS fast1:postgresql:1:0:$DISPATCH_EVENTS \
  fast2:postgresql:2:0:$DISPATCH_EVENTS slow1:postgresql:1:$SLOW_DELAY:$SLOW_EVENTS \
  slow2:postgresql:2:$SLOW_DELAY:$SLOW_EVENTS; do
  IFS=: read -r key kind nodes delay events <<<"$run"
  fill "$key" "$kind" "$events"
  drain "$key" "$kind" "$nodes" "$delay"
done

TOTAL_S=$(fsub "$(now)" "$T0")
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
PSI1=$(psi_total)
PSI_PCT=n/a
[ -n "$PSI0" ] && [ -n "$PSI1" ] &&
  PSI_PCT=$(awk -v a="$PSI0" -v b="$PSI1" -v t="$TOTAL_S" 'BEGIN{printf "%.0f %%", (b-a)/1e6/t*100}')
pg_stop

# ---------------------------------------------------------------- report
pct() { awk -v a="$1" -v b="$2" 'BEGIN{if (b>0) printf "%.1f", 100*a/b; else print "n/a"}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{if (a>0 && b>0) printf "%.2f", b/a; else print "n/a"}'; }
per() { awk -v c="$1" -v n="$2" 'BEGIN{if (c == "") print "—"; else if (n>0) printf "%.0f µs", 1e6*c/n; else print "n/a"}'; }
met() { awk -v a="$1" -v b="$2" 'BEGIN{print (a+0 == a && a >= b) ? "met" : "missed"}'; }
ING_PCT=$(pct "${R[pg1.rate]}" "${R[sqlite1.rate]}")
ING2_PCT=$(pct "${R[pg2.rate]}" "${R[sqlite1.rate]}")
FAST_X=$(ratio "${R[fast1.exact]}" "${R[fast2.exact]}")
SLOW_X=$(ratio "${R[slow1.exact]}" "${R[slow2.exact]}")
commit=$(git -C "$BENCH_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
ingest_row() { # KEY LABEL
  local k=$1
  printf '| %s | **%s** | %s | %s | %s | %s / %s | %s | %s | %s | %s |\n' "$2" "${R[$k.rate]}" \
    "$(pct "${R[$k.rate]}" "${R[sqlite1.rate]}") %" "${R[$k.p50]}" "${R[$k.p99]}" \
    "${R[$k.stored]}" "${R[$k.ok]}" "${R[$k.check]}" "$(per "${R[$k.cpu_h]}" "${R[$k.ok]}")" \
    "$(per "${R[$k.cpu_pg]}" "${R[$k.ok]}")" "$(per "$(fadd "${R[$k.cpu_h]}" "${R[$k.cpu_pg]}")" "${R[$k.ok]}")"
}
drain_row() { # KEY LABEL
  local k=$1
  printf '| %s | %s | %s | **%s** | %s | %s | %s | %s | %s |\n' "$2" "${R[$k.count]}" \
    "${R[$k.seconds]}" "${R[$k.rate]}" "${R[$k.sink]}" "$(per "${R[$k.cpu_h]}" "${R[$k.count]}")" \
    "$(per "${R[$k.cpu_pg]}" "${R[$k.count]}")" "$(per "${R[$k.cpu_sink]}" "${R[$k.count]}")" \
    "${R[$k.fill]}"
}
where() { # KEY TITLE UNIT
  local k=$1
  cat <<EOF

**$2** — $(cat "$BENCH_TMP/$k.calls"); $(cat "$BENCH_TMP/$k.wal");
${R[$k.commits_per]} transactions committed per $3. The statements with the most execution time
(pg_stat_statements, reset before the run; a COMMIT's wait for its WAL flush is not in them):

| ms in all | share | calls per $3 | µs per call | statement |
|---|---|---|---|---|
$(cat "$BENCH_TMP/$k.statements")

What Herald's connections to the server were doing (pg_stat_activity, sampled every 0.2 s):

| state | connections in it, on average | share |
|---|---|---|
$(pg_sampler_rows "$BENCH_TMP/$k.samples")

The server's CPU by process:

| process | CPU-s | per $3 |
|---|---|---|
$(cat "$BENCH_TMP/$k.pgcpu")
EOF
}

report=$(
  cat <<EOF
## Several nodes on PostgreSQL

\`bench/cluster/run.sh\` (part of \`make bench\`), $(date -u '+%Y-%m-%d %H:%M UTC'), ${TOTAL_S}s in all; $(nproc) cores
($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')), load average $LOAD_BEFORE before and
$LOAD_AFTER after; CPU pressure during the run (PSI "some") $PSI_PCT; other processes at ≥ 5 % CPU
when it started: $OTHERS. Herald \`$HERALD_BIN\` ($("$HERALD_BIN" --version 2>/dev/null)); the checkout is at commit $commit.

PostgreSQL $PG_VERSION is the benchmark's own server on 127.0.0.1 (initdb, then
\`postgres $PG_OPTS\`): durable as deployed — \`fsync=on\`, \`synchronous_commit=on\` (the
defaults; the tests' server runs with \`fsync=off\`) — so a 2xx is an event on disk on both
backends (SQLite: WAL, \`synchronous=FULL\`, group commit). Herald talks to it over TCP, and every
node keeps up to 16 connections. Each node is a \`herald serve\` with \`[workers] threads = 1\` and
\`[email] connections = $SMTP_CONNECTIONS\`; the nodes of one cluster share \`[storage] url\` and
differ only in their listen port. Client, nodes, PostgreSQL and sink share the same $(nproc) cores.
The disk under both databases (\`pg_test_fsync\`, one 8 kB write + fdatasync): $DISK_FLUSH.

| target | measured | |
|---|---|---|
| PostgreSQL ingest ≥ $INGEST_TARGET % of SQLite's on the same machine | one node ${R[pg1.rate]} events/s = **$ING_PCT %** of SQLite's ${R[sqlite1.rate]}; two nodes ${R[pg2.rate]} = $ING2_PCT % | $(met "$ING_PCT" "$INGEST_TARGET") |
| two nodes drain ≥ ${DRAIN_TARGET}× one node when the sink is the limit | **${SLOW_X}×** (${R[slow1.rate]} → ${R[slow2.rate]} messages/s); at full speed (the sink answers at once): ${FAST_X}× (${R[fast1.rate]} → ${R[fast2.rate]}) | $(met "$SLOW_X" "$DRAIN_TARGET") |

### Ingest: POST /v1/events

Each row: a fresh database, its nodes (their smtp-sink paused with SIGSTOP, so the dispatcher
waits for a greeting and stays idle: the intake alone), a ${WARMUP} warm-up, then ${DURATION} of
\`BENCH_KEY=<key> BENCH_RUN=main-N wrk -tT -cC -d$DURATION --latency --timeout 10s -s bench/ingest.lua URL/v1/events\`
with -t$THREADS -c$CONNS in all: on two nodes, one wrk per node at the same time, each
with half the threads and connections (the rate is their sum; the latencies those of the first
node's wrk). Every 2xx must be a stored event: counted afterwards in the database.
CPU: user + system seconds of the \`herald serve\` processes and of the whole PostgreSQL server
(postmaster and every child), divided by the 2xx answers.

| setup | 2xx/s | of SQLite's | p50 ms | p99 ms | stored / 2xx | check | CPU per event: Herald | PostgreSQL | both |
|---|---|---|---|---|---|---|---|---|---|
$(ingest_row sqlite1 "SQLite, one node")
$(ingest_row pg1 "PostgreSQL, one node")
$(ingest_row pg2 "PostgreSQL, two nodes")

Each Herald thread of the one-node runs, in % of the wall time on a CPU / runnable but waiting
for one (schedstat); roles by creation order as in bench/run.sh:

| # | thread | SQLite: on CPU | SQLite: run queue | PostgreSQL: on CPU | PostgreSQL: run queue |
|---|---|---|---|---|---|
$(join -t'|' "$BENCH_TMP/sqlite1.rows" <(cut -d'|' -f1,3,4 "$BENCH_TMP/pg1.rows") |
    awk -F'|' '{printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6}')

### Dispatch: a full queue drained by one node and by two

Each row: a fresh database is filled by a loader node (\`wrk\` posts the events; the loader's one
SMTP session goes to a paused sink, so it sends nothing; then it is killed and the batch its
worker had claimed is released, as a node restarted under its name releases it); no node runs
then. The measured nodes start with their own smtp-sink paused, so every worker claims its first
batch (16 messages; on PostgreSQL \`FOR UPDATE SKIP LOCKED\`) and waits for the greeting; the sink
resumes and the drain is timed from there until \`herald_queue_depth\` (a \`COUNT(*)\` of the
shared queue, polled every 100 ms on the first node) is 0. The sink counts what it received:
every queued message once, or the row says otherwise. The SQLite row is the reference.

- *full speed*: \`smtp-sink -c 127.0.0.1:PORT 256\`, which answers at once: Herald and PostgreSQL (on
  the same $(nproc) cores as the sink) set the pace.
- *sink-limited*: \`smtp-sink -c -w $SLOW_DELAY 127.0.0.1:PORT 256\` waits $SLOW_DELAY s before answering each
  DATA, like a slow relay: each SMTP session carries at most one message every $SLOW_DELAY s, so one node's
  $SMTP_CONNECTIONS sessions take at most $SMTP_CONNECTIONS messages/s and two nodes' $((2 * SMTP_CONNECTIONS)) take $((2 * SMTP_CONNECTIONS)); the CPU is nearly idle.
  (smtp-sink's delays are whole seconds, hence the small queue of $SLOW_EVENTS events, a multiple of
  $((2 * SMTP_CONNECTIONS)) workers × 16, so that no worker is left with a last batch alone.)

| drain | messages | seconds | messages/s | sink counted | CPU per message: Herald | PostgreSQL | smtp-sink | fill: events in s |
|---|---|---|---|---|---|---|---|---|
$(drain_row fastsq "SQLite, full speed, one node")
$(drain_row fast1 "PostgreSQL, full speed, one node")
$(drain_row fast2 "PostgreSQL, full speed, two nodes")
$(drain_row slow1 "PostgreSQL, sink-limited, one node")
$(drain_row slow2 "PostgreSQL, sink-limited, two nodes")

Two nodes ÷ one node: **${SLOW_X}×** sink-limited, ${FAST_X}× at full speed.

### Where PostgreSQL's time goes
$(where pg1 "Ingest, one PostgreSQL node" event)
$(where pg2 "Ingest, two PostgreSQL nodes" event)
$(where fast1 "Full-speed drain, one node" message)
$(where fast2 "Full-speed drain, two nodes" message)
EOF
)
echo "$report"
[ "$RESULTS" = "-" ] || echo "$report" >"$RESULTS"
log "ingest: SQLite ${R[sqlite1.rate]}/s, PostgreSQL ${R[pg1.rate]}/s ($ING_PCT %), two nodes ${R[pg2.rate]}/s; drain ×$SLOW_X sink-limited, ×$FAST_X full speed"
