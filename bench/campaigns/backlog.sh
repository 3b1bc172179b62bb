#!/usr/bin/env bash
# How long `herald serve` takes to evaluate the campaign backlog that `herald demo` leaves: every
# order event is a status change the campaign worker evaluates once (BENCHMARKS.md §6).
# Usage: bench/campaigns/backlog.sh [MESSAGES]   (HERALD_BIN: default build/herald)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/bench/lib.sh"
HERALD_BIN=${HERALD_BIN:-$root/build/herald}
MESSAGES=${1:-50000}
command -v sqlite3 >/dev/null || { echo "bench/campaigns: sqlite3 missing (scripts/setup.sh bench)" >&2; exit 1; }
work=$(mktemp -d /tmp/herald-backlog-XXXXXX)
trap 'kill "$pid" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
pid=
offline_config "$work" "$(free_ports 1)"
"$HERALD_BIN" demo --messages "$MESSAGES" --config "$work/herald.toml" >/dev/null
pending() { sqlite3 "$work/herald.db" 'SELECT count(*) FROM status_changes WHERE evaluated = 0'; }
backlog=$(pending)
t0=$(date +%s.%N)
"$HERALD_BIN" serve --config "$work/herald.toml" >"$work/serve.log" 2>&1 &
pid=$!
until [ "$(pending 2>/dev/null)" = 0 ]; do
  kill -0 "$pid" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
  sleep 0.1
done
t1=$(date +%s.%N)
printf 'campaign backlog of %s status changes evaluated in %.2f s\n' "$backlog" "$(echo "$t1 - $t0" | bc -l)"
