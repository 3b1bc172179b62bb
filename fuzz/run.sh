#!/usr/bin/env bash
# Runs each libFuzzer harness of a HERALD_FUZZ build for a bounded time, one after the other,
# at the lowest CPU priority, and prints a table: seconds, executions, corpus size, crashes.
# Usage: fuzz/run.sh BUILD_DIR SECONDS [HARNESS...]   (default: every harness)
# The corpus each run grows is kept in BUILD_DIR/corpus/<harness>/ (the next run starts from
# it); a crash leaves its input in BUILD_DIR/crashes/. Seeds come from fuzz/corpus/<harness>/
# and, when present, from ../shared/corpus. An input counts as a hang after 60 s: at nice 19
# on a busy machine, a first input that builds a lookup table once took over 10 s.
set -uo pipefail
build=$(cd "$1" && pwd)
seconds=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
shared=$(cd "$here/../.." && pwd)/shared/corpus
harnesses=("$@")
[ ${#harnesses[@]} -eq 0 ] && harnesses=(bounce event message filter render ses sendgrid
                                         mailgun postmark twilio kannel)
declare -A extra=([bounce]="bounces/eml bounces/not-bounce" [ses]="providers/amazon_ses/sns_wrapped
  providers/amazon_ses/ses_message_only providers/amazon_ses/assembled"
  [sendgrid]=providers/sendgrid [mailgun]=providers/mailgun [postmark]=providers/postmark
  [twilio]=providers/twilio/synthetic)

mkdir -p "$build/crashes" "$build/logs"
rows=()
failed=0
for h in "${harnesses[@]}"; do
  corpus="$build/corpus/$h"
  mkdir -p "$corpus"
  seeds=("$here/corpus/$h")
  for d in ${extra[$h]:-}; do [ -d "$shared/$d" ] && seeds+=("$shared/$d"); done
  log="$build/logs/$h.log"
  echo "fuzz_$h: ${seconds}s (log: $log)"
  before=$(ls "$build/crashes" | wc -l)
  start=$(date +%s)
  nice -n 19 "$build/fuzz/fuzz_$h" "$corpus" "${seeds[@]}" -max_total_time="$seconds" \
    -max_len=65536 -timeout=60 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$build/crashes/$h-" >"$log" 2>&1
  rc=$?
  took=$(($(date +%s) - start))
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  crashes=$(($(ls "$build/crashes" | wc -l) - before))
  [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ] && crashes="exit $rc"
  [ "$rc" -ne 0 ] && failed=1 && tail -n 40 "$log"
  rows+=("| $h | $took | ${execs:-?} | $(ls "$corpus" | wc -l) | $crashes |")
done

echo
echo "| harness | seconds | executions | corpus | crashes |"
echo "|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
[ "$failed" -eq 0 ] || echo "crash inputs: $build/crashes/"
exit "$failed"
