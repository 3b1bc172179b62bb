# PostgreSQL helpers of bench/cluster/run.sh (sourced after bench/lib.sh, not run): the
# benchmark's own postgresql-15 server, its CPU time and where its time went.
#
# The server is durable as a deployment would be: fsync and synchronous_commit on (the
# defaults; the test server of tests/support/postgres_server.py turns fsync off), so a 2xx from
# Herald means the commit is on disk, as with SQLite's synchronous=FULL.

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_STARTED=0

# initdb refuses to run as root: the server then belongs to the postgres system user.
pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# pg_start: a fresh cluster in $BENCH_TMP/pg on 127.0.0.1:PG_PORT; sets PG_DIR, PG_PORT, PG_OPTS.
pg_start() {
  local exe
  for exe in initdb pg_ctl postgres psql; do
    [ -x "$PG_BIN/$exe" ] || die "$PG_BIN/$exe is missing: install postgresql-15 (scripts/setup.sh)"
  done
  PG_DIR=$BENCH_TMP/pg
  mkdir -p "$PG_DIR"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PG_DIR"
  chmod 700 "$PG_DIR"
  PG_PORT=$(free_ports 1)
  pg_as_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 \
    --locale=C.UTF-8 >"$BENCH_TMP/initdb.log" 2>&1 || die "initdb failed: $(tail -3 "$BENCH_TMP/initdb.log")"
  PG_OPTS="-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PG_DIR -c max_connections=200"
  PG_OPTS+=" -c fsync=on -c synchronous_commit=on"
  PG_OPTS+=" -c shared_preload_libraries=pg_stat_statements -c track_wal_io_timing=on"
  pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -o "$PG_OPTS" \
    -w -t 60 start >/dev/null || die "pg_ctl start failed: $(tail -5 "$PG_DIR/postgres.log")"
  PG_STARTED=1
  pg_sql postgres "CREATE EXTENSION pg_stat_statements" >/dev/null
}

pg_stop() {
  [ "$PG_STARTED" = 1 ] || return 0
  pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null || true
  PG_STARTED=0
}

# pg_sql DB SQL: runs SQL, prints the rows unaligned ("a|b|c"), no header.
pg_sql() {
  "$PG_BIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$1" -c "$2"
}

pg_url() { echo "postgresql://postgres@127.0.0.1:$PG_PORT/$1"; }

pg_version() { pg_sql postgres "SHOW server_version" | cut -d' ' -f1; }

# disk_flush: what one 8 kB write + fdatasync costs on this disk (pg_test_fsync, in the
# benchmark's temp dir, so on the disk the databases use).
disk_flush() {
  "$PG_BIN/pg_test_fsync" -s 1 -f "$BENCH_TMP/fsync.test" 2>/dev/null |
    awk '!done && $1 == "fdatasync" {printf "%s ops/s, %s µs each", $2, $4; done = 1}'
  rm -f "$BENCH_TMP/fsync.test"
}

# pg_cpu: user+system CPU seconds of the whole server so far: the postmaster with its exited
# children (cutime/cstime), plus every child alive now (backends, WAL writer, checkpointer…).
pg_cpu() {
  local pm hz t c
  pm=$(head -1 "$PG_DIR/data/postmaster.pid")
  hz=$(getconf CLK_TCK)
  t=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat")
  for c in $(pgrep -P "$pm"); do
    t=$((t + $(awk '{print $14 + $15}' "/proc/$c/stat" 2>/dev/null || echo 0)))
  done
  awk -v t="$t" -v hz="$hz" 'BEGIN{printf "%.2f", t/hz}'
}

# pg_cpu_snapshot FILE: "pid ticks role" for every process of the server (the postmaster's
# ticks include its exited children's), the role from the process title.
pg_cpu_snapshot() {
  local pm c
  pm=$(head -1 "$PG_DIR/data/postmaster.pid")
  {
    echo "$pm $(awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat") postmaster, and processes that exited (autovacuum workers…)"
    for c in $(pgrep -P "$pm"); do
      echo "$c $(awk '{print $14 + $15}' "/proc/$c/stat" 2>/dev/null || echo 0) $(tr '\0' ' ' <"/proc/$c/cmdline" 2>/dev/null |
        awk '{ if ($2 == "postgres" && $3 ~ /^herald_/) print "backends serving Herald";
               else if ($2 == "postgres") print "the benchmark'"'"'s psql sessions (sampling)";
               else if ($2 == "autovacuum") print "autovacuum"; else { $1 = ""; sub(/^ /, ""); print } }')"
    done
  } >"$1"
}

# pg_cpu_rows BEFORE AFTER UNITS: Markdown rows "role | CPU-s | per unit" between two snapshots.
pg_cpu_rows() {
  awk -v hz="$(getconf CLK_TCK)" -v n="$3" '
    NR == FNR { t0[$1] = $2; next }
    { pid = $1; d = $2 - t0[pid]; $1 = ""; $2 = ""; sub(/^  /, ""); cpu[$0] += d; all += d }
    END {
      for (r in cpu) if (cpu[r] > 0) printf "%s|%.2f|%.0f µs\n", r, cpu[r] / hz, 1e6 * cpu[r] / hz / n
    }' "$1" "$2" | sort -t'|' -k2 -rn | awk -F'|' '{printf "| %s | %s | %s |\n", $1, $2, $3}'
}

# pg_calls UNITS NAME: statements executed per NAME and their execution time (all of Herald's).
pg_calls() {
  pg_sql postgres "
    SELECT round(SUM(calls)::numeric / $1, 1) || ' statements per $2, '
        || round((1000 * SUM(total_exec_time) / $1)::numeric) || ' µs executing them'
    FROM pg_stat_statements WHERE dbid IN (SELECT oid FROM pg_database WHERE datname LIKE 'herald%')"
}

# pg_reset: zeroes the statement and WAL statistics before a measured run.
pg_reset() {
  pg_sql postgres "SELECT pg_stat_statements_reset(); SELECT pg_stat_reset_shared('wal')" >/dev/null
}

# pg_commits: transactions committed so far in Herald's databases.
pg_commits() {
  pg_sql postgres "SELECT COALESCE(SUM(xact_commit), 0) FROM pg_stat_database WHERE datname LIKE 'herald%'"
}

# pg_top_statements N UNITS: Markdown rows of Herald's N statements with the most execution time
# since pg_reset, with their calls per unit (event or message). A COMMIT's wait for the WAL
# flush happens after the statement returns: pg_stat_statements does not count it (see pg_wal).
pg_top_statements() {
  pg_sql postgres "
    WITH s AS (SELECT * FROM pg_stat_statements
               WHERE dbid IN (SELECT oid FROM pg_database WHERE datname LIKE 'herald%'))
    SELECT '| ' || round(total_exec_time::numeric) || ' | '
        || round(100 * total_exec_time / NULLIF(SUM(total_exec_time) OVER (), 0))
        || ' % | ' || round(calls::numeric / $2, 2) || ' | '
        || round((1000 * total_exec_time / calls)::numeric) || ' | \`'
        || replace(left(regexp_replace(query, '\s+', ' ', 'g'), 120), '|', '\|') || '\` |'
    FROM s ORDER BY total_exec_time DESC LIMIT $1"
}

# pg_wal UNITS NAME: one sentence on the WAL since pg_reset: records, bytes and flushes per NAME.
pg_wal() {
  pg_sql postgres "
    SELECT round(wal_records::numeric / $1, 1) || ' WAL records and '
        || round(wal_bytes / $1) || ' bytes per $2; '
        || wal_sync || ' WAL flushes to disk (fsync/fdatasync: '
        || round(wal_sync::numeric / $1, 3) || ' per $2), '
        || round(wal_sync_time::numeric) || ' ms spent in them'
    FROM pg_stat_wal"
}

# pg_sampler_start FILE: samples, every 0.2 s, what each of Herald's server connections is doing
# (pg_stat_activity), into FILE; one long-lived psql, so the sampling costs little. Sets
# SAMPLER_PID.
pg_sampler_start() {
  local q="SELECT CASE WHEN state = 'active' THEN COALESCE(wait_event_type || ': ' || wait_event,
      'running (on a CPU or waiting for one)')
      WHEN state = 'idle in transaction' THEN 'idle in a transaction: waiting for Herald'
      ELSE 'idle: waiting for Herald' END, COUNT(*)
    FROM pg_stat_activity WHERE backend_type = 'client backend' AND datname LIKE 'herald%'
      AND pid <> pg_backend_pid() GROUP BY 1 UNION ALL SELECT '#sample', 1;"
  q=$(tr '\n' ' ' <<<"$q")
  (while :; do echo "$q"; sleep 0.2; done) |
    "$PG_BIN/psql" -X -q -A -t -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres >"$1" 2>/dev/null &
  SAMPLER_PID=$!
  BENCH_PIDS+=("$SAMPLER_PID")
}

# pg_sampler_rows FILE: Markdown rows "state | connections in it on average | share".
pg_sampler_rows() {
  awk -F'|' '
    $1 == "#sample" { n++; next }
    NF == 2 { c[$1] += $2; total += $2 }
    END {
      if (!n || !total) { print "| (no samples) | | |"; exit }
      for (k in c) printf "%s|%.2f|%.0f %%\n", k, c[k] / n, 100 * c[k] / total
    }' "$1" | sort -t'|' -k2 -rn | awk -F'|' 'NF == 3 {printf "| %s | %s | %s |\n", $1, $2, $3} NF != 3'
}
