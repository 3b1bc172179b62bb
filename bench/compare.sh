#!/usr/bin/env bash
# Ingest and dispatch of two Herald binaries in one run, alternating, so both see the same
# machine: bench/compare.sh OLD_BIN NEW_BIN [ROUNDS]. Each round runs bench/run.sh with
# BENCH_PARTS=core for OLD then NEW; the table gives every round and the median of each column.
# Build OLD from an earlier commit in its own worktree, e.g.
#   git worktree add --detach ../herald-old <commit> && cmake -S ../herald-old -B ../herald-old/build -G Ninja
#   cmake --build ../herald-old/build --target herald
set -euo pipefail
OLD=${1:?usage: bench/compare.sh OLD_BIN NEW_BIN [ROUNDS]}
NEW=${2:?usage: bench/compare.sh OLD_BIN NEW_BIN [ROUNDS]}
ROUNDS=${3:-2}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$(mktemp -d /tmp/herald-compare.XXXXXX)
COLUMNS=(ingest_sending ingest_idle nginx dispatch smtp_source)

for round in $(seq "$ROUNDS"); do
  for which in old new; do
    bin=$OLD
    [ "$which" = new ] && bin=$NEW
    echo "compare: round $round, $which ($bin)" >&2
    HERALD_BIN=$bin BENCH_PARTS=core PROFILE=0 BENCH_OUT="$OUT/$which-$round.md" \
      BENCH_SUMMARY="$OUT/$which-$round.txt" "$ROOT/bench/run.sh" >"$OUT/$which-$round.log" 2>&1 ||
      { echo "compare: bench/run.sh failed for $which; see $OUT/$which-$round.log" >&2; exit 1; }
  done
done

value() { sed -n "s/^$2=//p" "$1"; }
median() { sort -g | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
echo "| binary | round | ingest, sending (events/s) | ingest, idle (events/s) | nginx (requests/s) | dispatch (messages/s) | smtp-source (messages/s) |"
echo "|---|---|---|---|---|---|---|"
for which in old new; do
  for round in $(seq "$ROUNDS"); do
    printf '| %s | %s |' "$which" "$round"
    for c in "${COLUMNS[@]}"; do printf ' %s |' "$(value "$OUT/$which-$round.txt" "$c")"; done
    echo
  done
  printf '| %s | median |' "$which"
  for c in "${COLUMNS[@]}"; do
    printf ' %s |' "$(for r in $(seq "$ROUNDS"); do value "$OUT/$which-$r.txt" "$c"; done | median)"
  done
  echo
done
echo
echo "old: $OLD ($("$OLD" --version 2>/dev/null)); new: $NEW ($("$NEW" --version 2>/dev/null)); logs in $OUT"
