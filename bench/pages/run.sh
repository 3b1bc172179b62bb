#!/usr/bin/env bash
# Page speed with a large log: `herald demo --messages N` (default 1,000,000) into a fresh
# database, `herald serve` on it, then bench/pages/measure.py times every log page.
# Environment: HERALD_BIN, MESSAGES, REPEAT (default 15), KEEP_DB (reuse this database file if
# it exists), RESULTS (default bench/pages/RESULTS.md; "-" for none).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$root/bench/lib.sh"
HERALD_BIN=${HERALD_BIN:-$root/build/herald}
MESSAGES=${MESSAGES:-1000000}
REPEAT=${REPEAT:-15}
RESULTS=${RESULTS:-$here/RESULTS.md}
work=${KEEP_DB:-$(mktemp -d /tmp/herald-pages-XXXXXX)}
mkdir -p "$work"
port=$(free_ports 1)
offline_config "$work" "$port"
gen_s="not measured: the database was reused"
if [ ! -s "$work/herald.db" ]; then
  t0=$(date +%s.%N)
  "$HERALD_BIN" demo --messages "$MESSAGES" --config "$work/herald.toml" >"$work/demo.json"
  gen_s=$(echo "$(date +%s.%N) - $t0" | bc -l | xargs printf '%.0f s')
  printf 'bench-password-1\n' | "$HERALD_BIN" user add bench@example.com --password-stdin \
    --config "$work/herald.toml" >/dev/null
fi
count=$(sqlite3 "$work/herald.db" 'SELECT COUNT(*) FROM messages')
"$HERALD_BIN" serve --config "$work/herald.toml" >"$work/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
table=$(/usr/bin/python3 "$here/measure.py" "http://127.0.0.1:$port" bench@example.com \
  bench-password-1 "$REPEAT")
# The server's memory once every page has been served (resident now, and its peak).
memory=$(awk '/^VmRSS|^VmHWM/ { printf "%s %.0f MiB  ", $1, $2 / 1024 }' "/proc/$pid/status")
report="## Pages with a large log

\`bench/pages/run.sh\`, $(date -u +%Y-%m-%dT%H:%MZ): $count messages in the store database
(\`herald demo --messages $MESSAGES\`, generation time: ${gen_s}), \`herald serve\` on it, each page
fetched $REPEAT times one request at a time after logging in (whole HTTP answer, Python client on
the same machine); $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg).

$table

Memory of \`herald serve\` after the run: $memory"
echo "$report"
[ "$RESULTS" = "-" ] || echo "$report" >"$RESULTS"
