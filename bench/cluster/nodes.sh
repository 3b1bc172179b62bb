# The runs of bench/cluster/run.sh (sourced after bench/lib.sh and pg.sh): Herald nodes on one
# database, the ingest runs, and the fill and drain of a queue. Results go into R[KEY.name].
declare -A R

fadd() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", a+b}'; }

# node_config DIR PORT STORAGE_URL SMTP_PORT CONNECTIONS GREETING_S: DIR/herald.toml.
node_config() {
  mkdir -p "$1"
  cat >"$1/herald.toml" <<EOF
[server]
listen = "127.0.0.1:$2"
public_url = "http://127.0.0.1:$2"
[storage]
url = "$3"
[email]
smtp_url = "smtp://127.0.0.1:$4"
default_from = "shop@example.com"
connections = $5
greeting_timeout_seconds = $6
[sms]
url = "http://127.0.0.1:1/cgi-bin/sendsms"
[workers]
threads = 1
EOF
}

# new_storage KEY KIND: a fresh database for the run KEY; prints its [storage] url.
new_storage() {
  if [ "$2" = sqlite ]; then
    echo "sqlite://$BENCH_TMP/$1.db"
  else
    pg_sql postgres "CREATE DATABASE herald_$1" >/dev/null
    pg_url "herald_$1"
  fi
}

# start_node DIR PORT: `herald serve` on DIR's config, waits for /healthz = 200; sets NODE_PID.
start_node() {
  local dir=$1 port=$2 code=000
  "$HERALD_BIN" serve --config "$dir/herald.toml" >>"$dir/serve.log" 2>&1 &
  NODE_PID=$!
  BENCH_PIDS+=("$NODE_PID")
  for _ in $(seq 600); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz" || true)
    [ "$code" = 200 ] && return 0
    alive "$NODE_PID" || die "herald serve exited: $(tail -3 "$dir/serve.log")"
    sleep 0.1
  done
  die "herald /healthz answered $code"
}

# add_store DIR PORT: a store with an ORDER_PLACED email template (through the node on PORT,
# already running on DIR's config); sets HERALD_KEY.
add_store() {
  local code
  HERALD_KEY=$("$HERALD_BIN" store add bench --country NO --locale en --config "$1/herald.toml" |
    sed -n 's/.*"api_key":"\([^"]*\)".*/\1/p')
  [ -n "$HERALD_KEY" ] || die "herald store add printed no api_key"
  code=$(curl -s -o "$1/template.json" -w '%{http_code}' -X PUT \
    -H "Authorization: Bearer $HERALD_KEY" -H 'Content-Type: application/json' \
    --data '{"channel":"email","locale":"en","subject":"Order {{order.number}}","html":"<p>Hi {{customer.name}}</p>","text":"Hi {{customer.name}}"}' \
    "http://127.0.0.1:$2/v1/templates/ORDER_PLACED")
  case $code in 2*) ;; *) die "PUT /v1/templates/ORDER_PLACED answered $code: $(cat "$1/template.json")" ;; esac
}

# sink_start NAME PORT [smtp-sink options]: like start_sink (bench/lib.sh), with options.
sink_start() {
  local name=$1 port=$2 user=()
  shift 2
  [ "$(id -u)" -eq 0 ] && user=(-u nobody)
  "$SMTP_SINK" -c "${user[@]}" "$@" "127.0.0.1:$port" 256 >"$BENCH_TMP/$name.log" 2>&1 &
  SINK_PID=$!
  BENCH_PIDS+=("$SINK_PID")
  wait_port "$port"
}

# wrk_nodes OUT RUN DURATION PORT...: one wrk per node at the same time, THREADS and CONNS split
# between them; OUT-N.txt is node N's (with OUT-N.txt.time, wrk's CPU).
wrk_nodes() {
  local out=$1 run=$2 dur=$3 n i pids=()
  shift 3
  n=$#
  i=0
  for port in "$@"; do
    i=$((i + 1))
    BENCH_KEY=$HERALD_KEY BENCH_RUN=$run-$i timed "$out-$i.txt.time" wrk -t$((THREADS / n > 0 ? THREADS / n : 1)) \
      -c$((CONNS / n)) -d"$dur" --latency --timeout 10s -s "$BENCH_ROOT/bench/ingest.lua" \
      "http://127.0.0.1:$port/v1/events" >"$out-$i.txt" 2>&1 &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || die "wrk failed: $(cat "$out"-*.txt)"; done
}

# sum_value OUT N NAME: the sum of ingest.lua's "BENCH NAME" over OUT-1.txt … OUT-N.txt.
sum_value() {
  local i s=0
  for i in $(seq "$2"); do s=$(fadd "$s" "$(bench_value "$1-$i.txt" "$3")"); done
  awk -v s="$s" 'BEGIN{printf "%.1f", s}'
}

# ingest KEY KIND NODES: a fresh database (sqlite|postgresql), NODES nodes on it with their sink
# paused (the intake alone), a warm-up, then the measured wrk run on all nodes at once.
ingest() {
  local key=$1 kind=$2 nodes=$3 url sink ports pids=() dir i c0 p0 x0 out ok
  log "ingest ($key): $kind, $nodes node(s)"
  read -r -a ports <<<"$(free_ports $((nodes + 1)))"
  sink_start "sink-$key" "${ports[nodes]}"
  sink=$SINK_PID
  kill -STOP "$sink"
  url=$(new_storage "$key" "$kind")
  for i in $(seq 0 $((nodes - 1))); do
    dir=$BENCH_TMP/$key-$i
    node_config "$dir" "${ports[i]}" "$url" "${ports[nodes]}" "$SMTP_CONNECTIONS" 3600
    start_node "$dir" "${ports[i]}"
    pids+=("$NODE_PID")
    if [ "$i" = 0 ]; then add_store "$dir" "${ports[0]}"; fi
  done
  wrk_nodes "$BENCH_TMP/$key-warm" warm "$WARMUP" "${ports[@]:0:nodes}"
  sleep 1 # the last commits of the warm-up
  out=$BENCH_TMP/$key
  thread_ticks "${pids[0]}" "$out.threads0"
  c0=$(cpu_seconds "${pids[@]}")
  if [ "$kind" = postgresql ]; then
    p0=$(pg_cpu)
    pg_cpu_snapshot "$out.pgcpu0"
    x0=$(pg_commits)
    pg_reset
    pg_sampler_start "$out.samples"
  fi
  wrk_nodes "$out" main "$DURATION" "${ports[@]:0:nodes}"
  thread_ticks "${pids[0]}" "$out.threads1"
  R[$key.cpu_h]=$(fsub "$(cpu_seconds "${pids[@]}")" "$c0")
  R[$key.cpu_pg]=
  ok=$(sum_value "$out" "$nodes" ok_2xx | cut -d. -f1)
  R[$key.ok]=$ok
  R[$key.rate]=$(sum_value "$out" "$nodes" ok_per_s)
  R[$key.p50]=$(bench_value "$out-1.txt" p50_ms)
  R[$key.p99]=$(bench_value "$out-1.txt" p99_ms)
  thread_rows "$out.threads0" "$out.threads1" "$(bench_value "$out-1.txt" duration_s)" >"$out.rows"
  sleep 1 # answers still in flight when wrk stopped
  if [ "$kind" = postgresql ]; then
    R[$key.cpu_pg]=$(fsub "$(pg_cpu)" "$p0")
    pg_cpu_snapshot "$out.pgcpu1"
    R[$key.commits_per]=$(awk -v a="$(pg_commits)" -v b="$x0" -v n="$ok" 'BEGIN{printf "%.3f", (a-b)/n}')
    stop_pid "$SAMPLER_PID" 5
    pg_top_statements 6 "$ok" >"$out.statements"
    pg_wal "$ok" event >"$out.wal"
    pg_calls "$ok" event >"$out.calls"
    pg_cpu_rows "$out.pgcpu0" "$out.pgcpu1" "$ok" >"$out.pgcpu"
    R[$key.stored]=$(pg_sql "herald_$key" "SELECT COUNT(*) FROM events WHERE event_id LIKE 'evt-main-%'")
  else
    R[$key.stored]=$(count_stored "$BENCH_TMP/$key.db" "SELECT COUNT(*) FROM events WHERE event_id LIKE 'evt-main-%'")
  fi
  local sent stored=${R[$key.stored]}
  sent=$(sum_value "$out" "$nodes" requests_generated | cut -d. -f1)
  if [ "$stored" -lt "$ok" ]; then
    R[$key.check]="**FAIL: $((ok - stored)) answered 2xx, not stored**"
  elif [ "$stored" -gt "$sent" ]; then
    R[$key.check]="**FAIL: more stored than sent**"
  else
    R[$key.check]="OK"
  fi
  kill -CONT "$sink" # Herald's shutdown waits for its SMTP sessions
  for i in "${pids[@]}"; do stop_pid "$i" 30; done
  stop_pid "$sink" 5
  log "ingest ($key): ${R[$key.rate]} events/s; stored ${R[$key.stored]} / 2xx $ok"
}

# queued KEY KIND: messages in KEY's queue, claimed or not.
queued() {
  if [ "$2" = sqlite ]; then
    count_stored "$BENCH_TMP/$1.db" "SELECT COUNT(*) FROM queue"
  else
    pg_sql "herald_$1" "SELECT COUNT(*) FROM queue"
  fi
}

# fill KEY KIND EVENTS: a fresh database with EVENTS events' emails queued and no node running.
# A loader node takes the events; its one SMTP session goes to a paused sink, so its worker
# holds one claimed batch, waiting for the greeting. Then the loader is killed (SIGKILL: every
# event it answered is committed) and its claims are released, as a node restarted under its
# own name releases them (on SQLite the next node does that at start). Below 1000 events wrk
# runs with one connection, so the count is exact; above, it may pass EVENTS by what arrives
# between two polls of the loader's counter.
fill() {
  local key=$1 kind=$2 n=$3 url ports dir node sink conns=$CONNS threads=$THREADS
  if [ "$n" -lt 1000 ]; then conns=1 threads=1; fi
  read -r -a ports <<<"$(free_ports 2)"
  sink_start "sink-$key-fill" "${ports[1]}"
  sink=$SINK_PID
  kill -STOP "$sink"
  url=$(new_storage "$key" "$kind")
  dir=$BENCH_TMP/$key-fill
  node_config "$dir" "${ports[0]}" "$url" "${ports[1]}" 1 3600
  start_node "$dir" "${ports[0]}"
  node=$NODE_PID
  add_store "$dir" "${ports[0]}"
  HERALD_URL=http://127.0.0.1:${ports[0]}
  BENCH_KEY=$HERALD_KEY BENCH_RUN=fill load_events "$BENCH_TMP/$key-fill.txt" "$n" "$threads" \
    -c"$conns" -d300s --timeout 10s
  wait_quiet
  R[$key.fill]="$(metric herald_events_received_total) in ${LOAD_SECONDS}"
  kill -KILL "$node"
  wait "$node" 2>/dev/null || true
  forget "$node"
  stop_pid "$sink" 5
  if [ "$kind" = postgresql ]; then
    pg_sql "herald_$key" "UPDATE queue SET due_at = 0, leased_until = 0, claimed_by = '' WHERE leased_until > 0" >/dev/null
  fi
  log "fill ($key): ${R[$key.fill]}s; $(queued "$key" "$kind") queued"
}

# drain KEY KIND NODES DELAY: NODES nodes on KEY's filled database, each with SMTP_CONNECTIONS
# sessions to one smtp-sink (-w DELAY when DELAY > 0), started while the sink is paused; the sink
# resumes and the drain is timed until the queue is empty.
drain() {
  local key=$1 kind=$2 nodes=$3 delay=$4 url ports pids=() dir i sink opts=() c0 p0 k0 x0 got n
  read -r -a ports <<<"$(free_ports $((nodes + 1)))"
  [ "$delay" -gt 0 ] && opts=(-w "$delay")
  sink_start "sink-$key" "${ports[nodes]}" "${opts[@]}"
  sink=$SINK_PID
  kill -STOP "$sink"
  url="sqlite://$BENCH_TMP/$key.db"
  [ "$kind" = postgresql ] && url=$(pg_url "herald_$key")
  for i in $(seq 0 $((nodes - 1))); do
    dir=$BENCH_TMP/$key-$i
    node_config "$dir" "${ports[i]}" "$url" "${ports[nodes]}" "$SMTP_CONNECTIONS" 60
    start_node "$dir" "${ports[i]}"
    pids+=("$NODE_PID")
  done
  sleep 1 # every worker claims its first batch and waits for the greeting
  HERALD_URL=http://127.0.0.1:${ports[0]}
  n=$(queued "$key" "$kind")
  R[$key.count]=$n
  R[$key.cpu_pg]=
  c0=$(cpu_seconds "${pids[@]}")
  k0=$(cpu_seconds "$sink")
  if [ "$kind" = postgresql ]; then
    p0=$(pg_cpu)
    pg_cpu_snapshot "$BENCH_TMP/$key.pgcpu0"
    x0=$(pg_commits)
    pg_reset
    pg_sampler_start "$BENCH_TMP/$key.samples"
  fi
  log "drain ($key): $n messages, $nodes $kind node(s), smtp-sink ${opts[*]}"
  kill -CONT "$sink"
  drain_queue "$DRAIN_TIMEOUT" 0
  R[$key.cpu_h]=$(fsub "$(cpu_seconds "${pids[@]}")" "$c0")
  R[$key.cpu_sink]=$(fsub "$(cpu_seconds "$sink")" "$k0")
  if [ "$kind" = postgresql ]; then
    R[$key.cpu_pg]=$(fsub "$(pg_cpu)" "$p0")
    pg_cpu_snapshot "$BENCH_TMP/$key.pgcpu1"
    R[$key.commits_per]=$(awk -v a="$(pg_commits)" -v b="$x0" -v n="$n" 'BEGIN{printf "%.3f", (a-b)/n}')
    stop_pid "$SAMPLER_PID" 5
    pg_top_statements 6 "$n" >"$BENCH_TMP/$key.statements"
    pg_wal "$n" message >"$BENCH_TMP/$key.wal"
    pg_calls "$n" message >"$BENCH_TMP/$key.calls"
    pg_cpu_rows "$BENCH_TMP/$key.pgcpu0" "$BENCH_TMP/$key.pgcpu1" "$n" >"$BENCH_TMP/$key.pgcpu"
  fi
  if [ -n "$DRAIN_SECONDS" ]; then
    R[$key.seconds]=$DRAIN_SECONDS
    R[$key.rate]=$(awk -v n="$n" -v t="$DRAIN_SECONDS" 'BEGIN{printf "%.1f", n/t}')
    R[$key.exact]=$(awk -v n="$n" -v t="$DRAIN_SECONDS" 'BEGIN{printf "%.4f", n/t}')
  else
    R[$key.seconds]="**not drained in ${DRAIN_TIMEOUT}s: $DRAIN_LEFT left**"
    R[$key.rate]=$(fdiv "$((n - DRAIN_LEFT))" "$DRAIN_TIMEOUT")
    R[$key.exact]=${R[$key.rate]}
  fi
  for i in "${pids[@]}"; do stop_pid "$i" 30; done
  sleep 0.5
  got=$(sink_messages "sink-$key")
  R[$key.sink]=${got:-0}
  [ "${got:-0}" = "$n" ] || R[$key.sink]="**${got:-0}** (queued: $n)"
  stop_pid "$sink" 5
  log "drain ($key): $n messages in ${R[$key.seconds]}s = ${R[$key.rate]}/s; sink ${R[$key.sink]}"
}
