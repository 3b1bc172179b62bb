# Shared helpers of bench/run.sh and bench/profile.sh (sourced, not run).
# Every process started here is recorded in BENCH_PIDS and ended by bench_cleanup (trap).
# Everything listens on 127.0.0.1 only.

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HERALD_BIN=${HERALD_BIN:-$BENCH_ROOT/build/herald}
PY=/usr/bin/python3 # Debian's Python (the python3 on PATH may be another interpreter)
SMTP_SINK=${SMTP_SINK:-/usr/sbin/smtp-sink}
SMTP_SOURCE=${SMTP_SOURCE:-/usr/sbin/smtp-source}
NGINX=${NGINX:-/usr/sbin/nginx}
BENCH_PIDS=()
BENCH_KEEP=${BENCH_KEEP:-0} # 1: keep the temp dir (logs, databases) for inspection

log() { printf '%s bench: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

bench_init() {
  BENCH_TMP=$(mktemp -d /tmp/herald-bench.XXXXXX)
  chmod 755 "$BENCH_TMP"
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
  [ -x "$HERALD_BIN" ] || die "no Herald binary at $HERALD_BIN (make build, or set HERALD_BIN)"
  command -v wrk >/dev/null || die "wrk is not installed (scripts/setup.sh bench)"
  command -v sqlite3 >/dev/null || log "sqlite3 CLI not found: counting stored events via the API"
}

bench_cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  local pid i
  for ((i = ${#BENCH_PIDS[@]} - 1; i >= 0; i--)); do
    pid=${BENCH_PIDS[i]}
    alive "$pid" || continue
    kill -CONT "$pid" 2>/dev/null || true # a paused smtp-sink must be able to die
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${BENCH_PIDS[@]}"; do
    for _ in $(seq 50); do alive "$pid" || break; sleep 0.1; done
    if alive "$pid"; then
      log "process $pid did not stop on SIGTERM within 5 s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
  BENCH_PIDS=()
  if [ "$BENCH_KEEP" = 1 ]; then log "kept $BENCH_TMP"; else rm -rf "$BENCH_TMP"; fi
  exit $rc
}

# alive PID: the process exists, is not a zombie, and is a child of this shell (so a recycled
# pid of someone else's process is never signalled).
alive() {
  local stat
  stat=$(awk '{print $3, $4}' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$stat" ] && [ "${stat% *}" != Z ] && [ "${stat#* }" = "$$" ]
}

# forget PID: drops a stopped process from BENCH_PIDS.
forget() {
  local keep=() p
  for p in "${BENCH_PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
  BENCH_PIDS=("${keep[@]}")
}

# stop_pid PID [LIMIT]: stops one process we started (SIGTERM, then SIGKILL after LIMIT seconds);
# sets STOP_SECONDS to the time it took and STOP_KILLED=1 if SIGKILL was needed.
stop_pid() {
  local pid=$1 limit=${2:-15} start
  start=$(now)
  STOP_KILLED=0
  if ! alive "$pid"; then
    wait "$pid" 2>/dev/null || true
    forget "$pid"
    STOP_SECONDS=0
    return 0
  fi
  kill -CONT "$pid" 2>/dev/null || true
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq $((limit * 10))); do alive "$pid" || break; sleep 0.1; done
  if alive "$pid"; then
    log "process $pid ignored SIGTERM for ${limit}s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    STOP_KILLED=1
  fi
  wait "$pid" 2>/dev/null || true
  forget "$pid"
  STOP_SECONDS=$(fsub "$(now)" "$start")
}

now() { date +%s.%N; }

# cpu_seconds PID...: user+system CPU time consumed so far by these processes (all their threads).
cpu_seconds() {
  local hz pid t=0
  hz=$(getconf CLK_TCK)
  for pid in "$@"; do
    t=$((t + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  awk -v t="$t" -v hz="$hz" 'BEGIN{printf "%.2f", t/hz}'
}
fsub() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", a-b}'; }
fdiv() { awk -v a="$1" -v b="$2" 'BEGIN{if (b>0) printf "%.0f", a/b; else print "n/a"}'; }

# thread_ticks PID FILE: "tid cpu_ticks runqueue_wait_ns" for each thread of PID, in tid order
# (CPU: user+system from /proc/PID/task/TID/stat; wait: time runnable but not running, schedstat).
thread_ticks() {
  local t
  for t in /proc/"$1"/task/*; do
    echo "${t##*/} $(awk '{print $14 + $15}' "$t/stat" 2>/dev/null || echo 0) $(awk '{print $2}' "$t/schedstat" 2>/dev/null || echo 0)"
  done | sort -n >"$2"
}

# thread_rows BEFORE AFTER SECONDS: one line per thread, "n|role|cpu %|runqueue wait %", from two
# thread_ticks snapshots (% of the wall time SECONDS). Roles follow Herald's thread creation order
# (cli/serve_command.cpp): the main thread (HTTP I/O), the group committer, SMTP_CONNECTIONS email
# workers, the SMS worker(s), then the other HTTP I/O threads.
thread_rows() {
  local hz
  hz=$(getconf CLK_TCK)
  awk -v hz="$hz" -v secs="$3" -v email="${SMTP_CONNECTIONS:-4}" -v sms="${SMS_WORKERS:-1}" '
    NR == FNR { cpu[$1] = $2; wait[$1] = $3; next }
    {
      i = n++
      if (i == 0) role = "main: HTTP I/O"
      else if (i == 1) role = "group committer"
      else if (i <= 1 + email) role = "email worker"
      else if (i <= 1 + email + sms) role = "SMS worker"
      else role = "HTTP I/O"
      printf "%d|%s|%.0f %%|%.0f %%\n", i + 1, role, 100 * ($2 - cpu[$1]) / hz / secs,
        100 * ($3 - wait[$1]) / 1e9 / secs
    }' "$1" "$2"
}

# free_ports N: N distinct free TCP ports on 127.0.0.1, space separated.
free_ports() {
  "$PY" - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
}

# offline_config DIR PORT: writes DIR/herald.toml for a Herald on 127.0.0.1:PORT with its
# database DIR/herald.db; email and SMS point at a closed port, so nothing leaves the machine.
offline_config() {
  cat >"$1/herald.toml" <<EOF
[server]
listen = "127.0.0.1:$2"
public_url = "http://127.0.0.1:$2"
[storage]
url = "sqlite://$1/herald.db"
[email]
smtp_url = "smtp://127.0.0.1:1"
[sms]
url = "http://127.0.0.1:1/cgi-bin/sendsms"
EOF
}

wait_port() {
  local port=$1 tries=${2:-100}
  for _ in $(seq "$tries"); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  die "nothing listens on 127.0.0.1:$port"
}

# start_sink NAME PORT: Postfix smtp-sink on 127.0.0.1:PORT; sets SINK_PID. -c writes running
# counters ("sess=… quit=… mesg=N") to NAME.log.
start_sink() {
  local name=$1 port=$2 user=()
  # smtp-sink refuses to run as root without -u; drop to nobody then.
  [ "$(id -u)" -eq 0 ] && user=(-u nobody)
  "$SMTP_SINK" -c "${user[@]}" "127.0.0.1:$port" 256 >"$BENCH_TMP/$name.log" 2>&1 &
  SINK_PID=$!
  BENCH_PIDS+=("$SINK_PID")
  wait_port "$port"
}

sink_messages() { tr '\r' '\n' <"$BENCH_TMP/$1.log" | grep -o 'mesg=[0-9]*' | tail -1 | cut -d= -f2; }

# serve_herald NAME [prefix...]: (re)starts `herald serve` on NAME's config and database, waits for
# /healthz = 200; sets HERALD_PID. The prefix (e.g. valgrind …) goes in front of the command.
serve_herald() {
  local name=$1 dir=$BENCH_TMP/$1
  shift
  "$@" "$HERALD_BIN" serve --config "$dir/herald.toml" >>"$dir/serve.log" 2>&1 &
  HERALD_PID=$!
  BENCH_PIDS+=("$HERALD_PID")
  local code=000
  for _ in $(seq 600); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$HERALD_URL/healthz" || true)
    [ "$code" = 200 ] && break
    alive "$HERALD_PID" || die "herald serve exited: $(tail -3 "$dir/serve.log")"
    sleep 0.1
  done
  [ "$code" = 200 ] || die "herald /healthz answered $code"
}

# start_herald NAME HTTP_PORT SMTP_PORT [perf-record args...]: a fresh Herald (own database) with
# an ORDER_PLACED email template; sets HERALD_PID, HERALD_URL, HERALD_KEY, HERALD_DB.
start_herald() {
  local name=$1 port=$2 smtp_port=$3
  shift 3
  local dir=$BENCH_TMP/$name
  mkdir -p "$dir"
  HERALD_DB=$dir/herald.db
  HERALD_URL=http://127.0.0.1:$port
  cat >"$dir/herald.toml" <<EOF
[server]
listen = "127.0.0.1:$port"
public_url = "http://127.0.0.1:$port"
[storage]
url = "sqlite://$HERALD_DB"
[email]
smtp_url = "smtp://127.0.0.1:$smtp_port"
default_from = "shop@example.com"
connections = ${SMTP_CONNECTIONS:-4}
[sms]
url = "http://127.0.0.1:1/cgi-bin/sendsms"
[workers]
threads = 1
EOF
  HERALD_KEY=$("$HERALD_BIN" store add bench --country NO --locale en --config "$dir/herald.toml" |
    sed -n 's/.*"api_key":"\([^"]*\)".*/\1/p')
  [ -n "$HERALD_KEY" ] || die "herald store add printed no api_key"
  serve_herald "$name" "$@"
  local code
  code=$(curl -s -o "$dir/template.json" -w '%{http_code}' -X PUT \
    -H "Authorization: Bearer $HERALD_KEY" -H 'Content-Type: application/json' \
    --data '{"channel":"email","locale":"en","subject":"Order {{order.number}}","html":"<p>Hi {{customer.name}}</p>","text":"Hi {{customer.name}}"}' \
    "$HERALD_URL/v1/templates/ORDER_PLACED")
  case $code in 2*) ;; *) die "PUT /v1/templates/ORDER_PLACED answered $code: $(cat "$dir/template.json")" ;; esac
}

# metric NAME_OR_SERIES: the value of one series on Herald's /metrics (empty if absent).
metric() {
  { curl -s --max-time 10 "$HERALD_URL/metrics" || true; } | awk -v m="$1" '$1 == m {v = $2} END {print v}'
}

# load_events OUTFILE N [wrk args...]: posts N distinct events with wrk (BENCH_LIMIT per thread)
# and interrupts wrk (SIGINT: it prints its statistics) once Herald has counted them; wrk itself
# would wait for the whole -d. Sets LOAD_SECONDS (start of wrk to the last event received).
load_events() {
  local out=$1 n=$2 threads=$3 start got pid
  shift 3
  local base
  base=$(metric herald_events_received_total)
  start=$(now)
  BENCH_LIMIT=$(((n + threads - 1) / threads)) \
    wrk -t"$threads" "$@" -s "$BENCH_ROOT/bench/ingest.lua" "$HERALD_URL/v1/events" >"$out" 2>&1 &
  pid=$!
  BENCH_PIDS+=("$pid")
  for _ in $(seq 3000); do
    got=$(metric herald_events_received_total)
    [ "$((${got:-0} - ${base:-0}))" -ge "$n" ] && break
    alive "$pid" || break
    sleep 0.1
  done
  LOAD_SECONDS=$(fsub "$(now)" "$start")
  alive "$pid" && kill -INT "$pid" 2>/dev/null
  wait "$pid" || true
  forget "$pid"
}

# run_wrk OUTFILE URL [wrk args...]: runs wrk with bench/ingest.lua; BENCH_KEY/BENCH_RUN/BENCH_LIMIT
# come from the environment.
run_wrk() {
  local out=$1 url=$2
  shift 2
  timed "$out.time" wrk "$@" -s "$BENCH_ROOT/bench/ingest.lua" "$url/v1/events" >"$out" 2>&1 || {
    cat "$out" >&2
    die "wrk failed"
  }
}

# timed FILE CMD...: runs CMD, writing its "user system" CPU seconds to FILE (GNU time, if there).
timed() {
  local file=$1
  shift
  if [ -x /usr/bin/time ]; then /usr/bin/time -f '%U %S' -o "$file" "$@"; else "$@"; fi
}

# wrk_cpu FILE: CPU seconds (user+system) wrk used for the run_wrk that wrote FILE.
wrk_cpu() { awk 'NF == 2 && $1 ~ /^[0-9.]+$/ {printf "%.2f", $1 + $2}' "$1.time" 2>/dev/null; }

# bench_value FILE NAME: a "BENCH NAME value" line of ingest.lua's output.
bench_value() { awk -v k="$2" '$1 == "BENCH" && $2 == k {print $3; exit}' "$1"; }
bench_line() { awk -v k="$2" '$1 == "BENCH" && $2 == k {$1 = ""; $2 = ""; sub(/^  /, ""); print; exit}' "$1"; }

# count_stored DB SQL: one number from Herald's database (sqlite3 reads the WAL while Herald runs).
count_stored() { sqlite3 -readonly "file:$1?mode=ro" "$2" 2>/dev/null || sqlite3 "$1" "$2"; }

# wait_quiet: waits until Herald's events_received counter stops moving (in-flight commits).
wait_quiet() {
  local a b
  a=$(metric herald_events_received_total)
  for _ in $(seq 50); do
    sleep 0.2
    b=$(metric herald_events_received_total)
    [ "$a" = "$b" ] && return 0
    a=$b
  done
}

# drain_queue TIMEOUT_S [FLOOR]: reads herald_queue_depth, then polls it every 100 ms until it is
# FLOOR (default 0: messages deferred for later do not count) or less (one Python
# process, so that process start-up does not blur the timing); sets DRAIN_START_DEPTH,
# DRAIN_SECONDS (from the first request to the answer that said 0; empty on timeout) and
# DRAIN_LEFT (the depth last seen).
drain_queue() {
  local out
  out=$("$PY" - "$HERALD_URL" "$1" "${2:-0}" <<'EOF'
import sys, time, urllib.request
url, timeout, floor = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
def depth():
    try:
        with urllib.request.urlopen(url + "/metrics", timeout=10) as r:
            for line in r.read().decode().splitlines():
                if line.startswith("herald_queue_depth "):
                    return int(float(line.split()[1]))
    except OSError:
        pass
    return -1
t0 = time.monotonic()
d0 = d = depth()
while not 0 <= d <= floor and time.monotonic() - t0 < timeout:
    time.sleep(0.1)
    d = depth()
t1 = time.monotonic()
print(d0, "%.3f" % (t1 - t0) if 0 <= d <= floor else "-", d)
EOF
)
  read -r DRAIN_START_DEPTH DRAIN_SECONDS DRAIN_LEFT <<<"$out"
  [ "$DRAIN_SECONDS" = - ] && DRAIN_SECONDS=
  return 0
}
