#!/usr/bin/env bash
# Profiles `herald serve` under the benchmark loads with perf (CPU clock sampling, DWARF call
# graphs) — or, where perf cannot sample, valgrind's callgrind on a shorter run — and prints the
# hotspots as Markdown.
#
#   bench/profile.sh [ingest|dispatch|all]      (default all)
#
# ingest:   perf attached to Herald for PROFILE_SECONDS while wrk posts events (bench/ingest.lua),
#           the dispatcher idle (its smtp-sink paused): the intake alone.
# dispatch: Herald gets PROFILE_EVENTS events with its smtp-sink paused, is restarted, and perf is
#           attached while the full queue drains into the sink (as in bench/run.sh).
# Environment: HERALD_BIN (default build/herald; built with -g for symbols: RelWithDebInfo, the
# default of `make build`), PROFILE_SECONDS (10), PROFILE_EVENTS (10000), THREADS/CONNS (2/64),
# PROFILE_DIR (raw perf data and full reports; default /tmp/herald-profile), PROFILE_OUT
# (Markdown; default stdout), PROFILE_TOOL (perf|callgrind; default: perf if it can sample).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

WHAT=${1:-all}
case $WHAT in ingest | dispatch | all) ;; *) die "usage: bench/profile.sh [ingest|dispatch|all]" ;; esac
PROFILE_SECONDS=${PROFILE_SECONDS:-10}
PROFILE_EVENTS=${PROFILE_EVENTS:-10000}
THREADS=${THREADS:-2}
CONNS=${CONNS:-64}
PROFILE_DIR=${PROFILE_DIR:-/tmp/herald-profile}
PROFILE_OUT=${PROFILE_OUT:-/dev/stdout}
TOP=${TOP:-15}
mkdir -p "$PROFILE_DIR"

bench_init

if [ -z "${PROFILE_TOOL:-}" ]; then
  PROFILE_TOOL=callgrind
  # Hardware counters are often missing in VMs: sample on the cpu-clock software event.
  if perf record -q -e cpu-clock -o "$PROFILE_DIR/probe.data" true >/dev/null 2>&1; then
    PROFILE_TOOL=perf
  fi
  rm -f "$PROFILE_DIR/probe.data"
fi
log "profiling with $PROFILE_TOOL; raw data in $PROFILE_DIR"

# table FILE: perf report --stdio lines ("  12.34%  …  [.] symbol") → Markdown rows.
table() {
  awk -v top="$TOP" '
    /^#/ || NF == 0 || n >= top { next }   # read to the end: no SIGPIPE upstream
    $1 ~ /%$/ {
      line = $0
      if ($2 ~ /%$/) { pct = $1 " / " $2; sub(/^ *[0-9.]+% +[0-9.]+% +/, "", line) }
      else { pct = $1; sub(/^ *[0-9.]+% +/, "", line) }
      sub(/ +$/, "", line)
      gsub(/ +/, " ", line)
      sub(/^\[[.k]\] /, "", line)
      gsub(/\|/, "\\|", line)
      if (length(line) > 110) line = substr(line, 1, 107) "..."
      printf "| %s | `%s` |\n", pct, line
      n++
    }'
}

# Interesting frames for the inclusive table: Herald's own functions and the library entry points
# it calls (the rest is asio/beast plumbing and inlined templates).
KEY_FRAMES='^(herald::|write<herald::|read<herald::|sqlite3_(step|prepare)|sqlite3WalFrames|curl_easy_perform|__x64_sys_fdatasync|__x64_sys_fsync|spdlog::|g_mime_|nlohmann::.*parse|kainjow::mustache::.*render|SHA256|EVP_Digest|malloc$|free$)'

perf_reports() { # NAME: Markdown from $PROFILE_DIR/NAME.data
  local name=$1 data=$PROFILE_DIR/$1.data
  perf report -i "$data" --no-children --sort dso --stdio -g none 2>/dev/null >"$PROFILE_DIR/$name-dso.txt" || true
  perf report -i "$data" --no-children --sort dso,sym --stdio -g none --percent-limit 0.3 2>/dev/null \
    >"$PROFILE_DIR/$name-self.txt" || true
  perf report -i "$data" --children --sort sym --stdio -g none --percent-limit 0.5 2>/dev/null \
    >"$PROFILE_DIR/$name-children.txt" || true
  local samples
  samples=$(awk '/^# Samples:/ {print $3 " samples"; n++} END {if (!n) print "? samples"}' "$PROFILE_DIR/$name-dso.txt")
  echo "$samples (cpu-clock, 997 Hz), all threads of \`herald serve\`; % of those samples."
  echo
  # Top-level functions of each kind of thread (inclusive time).
  local children=$PROFILE_DIR/$name-children.txt
  pick() { awk -v sym="$1" '$3 == "[.]" || $3 == "[k]" { l = $0; sub(/^ *[0-9.]+% +[0-9.]+% +\[.\] /, "", l); if (l == sym && !found) { print $1; found = 1 } } END { if (!found) print "< 0.5%" }' "$children"; }
  echo "| thread kind (entry function) | % of samples, inclusive |"
  echo "|---|---|"
  echo "| HTTP I/O threads (\`boost::asio::detail::scheduler::run\`) | $(pick 'boost::asio::detail::scheduler::run') |"
  echo "| group committer (\`herald::intake::GroupCommitter::run\`) | $(pick 'herald::intake::GroupCommitter::run') |"
  echo "| delivery workers (\`herald::delivery::Dispatcher::worker\`) | $(pick 'herald::delivery::Dispatcher::worker') |"
  echo "| kernel, all threads (self time in \`[kernel.kallsyms]\`) | $(awk '/\[kernel.kallsyms\]/ {print $1; exit}' "$PROFILE_DIR/$name-dso.txt") |"
  echo
  echo "Inclusive time of Herald's functions and of the library calls that matter (a function and"
  echo "everything it calls; DWARF call graphs):"
  echo
  echo "| % incl. / % self | function |"
  echo "|---|---|"
  awk '$3 == "[.]" || $3 == "[k]"' "$children" |
    awk -v re="$KEY_FRAMES" '{ l = $0; sub(/^ *[0-9.]+% +[0-9.]+% +\[.\] /, "", l); sub(/ \(inlined\)$/, "", l); if (l ~ re && !seen[l]++) print }' |
    TOP=$((TOP + 10)) table
  echo
  echo "Hottest functions by self time (where the CPU actually is):"
  echo
  echo "| % self | library, function |"
  echo "|---|---|"
  table <"$PROFILE_DIR/$name-self.txt"
  echo
  echo "Self time by library:"
  echo
  echo "| % self | library |"
  echo "|---|---|"
  TOP=8 table <"$PROFILE_DIR/$name-dso.txt"
}

callgrind_reports() { # NAME: Markdown from $PROFILE_DIR/NAME.callgrind
  local name=$1 out=$PROFILE_DIR/$1.callgrind
  callgrind_annotate "$out" 2>/dev/null >"$PROFILE_DIR/$name-self.txt" || true
  callgrind_annotate --inclusive=yes "$out" 2>/dev/null >"$PROFILE_DIR/$name-children.txt" || true
  # "  1,234 (12.34%)  file.cpp:function [lib]" → "| 12.34% | `function [lib]` |"
  cg_rows() {
    awk -v top="$1" -v re="${2:-.}" '
      /^ *[0-9,]+ \(/ && !/PROGRAM TOTALS/ && n < top {
        match($0, /\( *[0-9.]+%\)/); pct = substr($0, RSTART + 1, RLENGTH - 2); gsub(/ /, "", pct)
        line = $0; sub(/^ *[0-9,]+ \([^)]*\) +/, "", line)
        sub(/^(\?\?\?|[^ :]*\.[A-Za-z]+):/, "", line)
        sub(/ \[[^]]*\]$/, "", line)
        if (line !~ re || seen[line]++) next
        if (length(line) > 110) line = substr(line, 1, 107) "..."
        gsub(/\|/, "\\|", line)
        printf "| %s | `%s` |\n", pct, line
        n++
      }'
  }
  echo "Instructions executed (Ir) under callgrind, over the whole life of the process (start-up included)."
  echo
  echo "Herald's functions and the library calls that matter, inclusive:"
  echo
  echo "| % Ir incl. | function |"
  echo "|---|---|"
  cg_rows $((TOP + 10)) "$KEY_FRAMES" <"$PROFILE_DIR/$name-children.txt"
  echo
  echo "Hottest functions, self:"
  echo
  echo "| % Ir self | function |"
  echo "|---|---|"
  cg_rows "$TOP" <"$PROFILE_DIR/$name-self.txt"
}

# profiler_prefix NAME: the command put in front of `herald serve` (callgrind) or nothing (perf
# attaches by pid).
profiler_prefix() {
  if [ "$PROFILE_TOOL" = callgrind ]; then
    echo valgrind --tool=callgrind --callgrind-out-file="$PROFILE_DIR/$1.callgrind"
  fi
}

start_perf() { # NAME: perf attached to $HERALD_PID
  perf record -q -e cpu-clock -F 997 --call-graph dwarf,16384 -p "$HERALD_PID" \
    -o "$PROFILE_DIR/$1.data" >"$PROFILE_DIR/$1.perf.log" 2>&1 &
  PERF_PID=$!
  BENCH_PIDS+=("$PERF_PID")
  sleep 0.5
}
stop_perf() {
  alive "$PERF_PID" && kill -INT "$PERF_PID" 2>/dev/null
  wait "$PERF_PID" 2>/dev/null || true
  forget "$PERF_PID"
}

SHORT=$PROFILE_SECONDS
[ "$PROFILE_TOOL" = callgrind ] && SHORT=$((PROFILE_SECONDS / 2 + 1)) # ~50x slower

{
  echo "Reproduce: \`bench/profile.sh $WHAT\` ($PROFILE_TOOL; Herald \`$HERALD_BIN\`)."
  if [ "$WHAT" != dispatch ]; then
    # Intake alone: the sink is paused, so the dispatcher's SMTP sessions wait for a greeting.
    read -r P_HERALD P_SINK <<<"$(free_ports 2)"
    start_sink sink-ingest "$P_SINK"
    kill -STOP "$SINK_PID"
    # shellcheck disable=SC2046
    start_herald herald-ingest "$P_HERALD" "$P_SINK" $(profiler_prefix ingest)
    [ "$PROFILE_TOOL" = perf ] && start_perf ingest
    BENCH_KEY=$HERALD_KEY BENCH_RUN=prof run_wrk "$BENCH_TMP/ingest.txt" "$HERALD_URL" \
      -t"$THREADS" -c"$CONNS" -d"${SHORT}s" --latency --timeout 10s
    [ "$PROFILE_TOOL" = perf ] && stop_perf
    kill -CONT "$SINK_PID"
    stop_pid "$HERALD_PID" 60
    stop_pid "$SINK_PID" 5
    echo
    echo "### Ingest: \`wrk -t$THREADS -c$CONNS -d${SHORT}s\` against Herald, dispatcher idle (intake alone)"
    echo
    echo "During the profile: $(bench_value "$BENCH_TMP/ingest.txt" ok_per_s) events/s, p99 $(bench_value "$BENCH_TMP/ingest.txt" p99_ms) ms (slowed down by the profiler)."
    echo
    if [ "$PROFILE_TOOL" = perf ]; then perf_reports ingest; else callgrind_reports ingest; fi
  fi
  if [ "$WHAT" != ingest ]; then
    # As bench/run.sh: fill the queue with the sink paused, restart Herald, profile the drain.
    read -r P_HERALD P_SINK <<<"$(free_ports 2)"
    start_sink sink-dispatch "$P_SINK"
    kill -STOP "$SINK_PID"
    start_herald herald-dispatch "$P_HERALD" "$P_SINK"
    BENCH_KEY=$HERALD_KEY BENCH_RUN=prof load_events "$BENCH_TMP/load.txt" "$PROFILE_EVENTS" \
      "$THREADS" -c"$CONNS" -d600s --timeout 10s
    wait_quiet
    kill -CONT "$SINK_PID"
    stop_pid "$HERALD_PID" 60
    # shellcheck disable=SC2046
    serve_herald herald-dispatch $(profiler_prefix dispatch)
    [ "$PROFILE_TOOL" = perf ] && start_perf dispatch
    drain_queue "$SHORT"
    [ "$PROFILE_TOOL" = perf ] && stop_perf
    stop_pid "$HERALD_PID" 60
    stop_pid "$SINK_PID" 5
    echo
    echo "### Dispatch: Herald restarted on a queue of $PROFILE_EVENTS emails, draining into smtp-sink"
    echo
    echo "Sampled from ≈ 0.5 s after the restarted Herald answered /healthz, for ${DRAIN_SECONDS:-$SHORT}s (queue depth $DRAIN_START_DEPTH → ${DRAIN_LEFT}; the profiler slows Herald down)."
    echo
    if [ "$PROFILE_TOOL" = perf ]; then perf_reports dispatch; else callgrind_reports dispatch; fi
  fi
} >"$BENCH_TMP/profile.md"
cat "$BENCH_TMP/profile.md" >"$PROFILE_OUT"
log "profile written"
