#!/usr/bin/env bash
# Bounce parsing speed: messages/s of `herald bounce parse --json` over the whole bounce corpus
# (repeated REPEAT times in one invocation) against Sisimai (Debian's libsisimai-perl) parsing
# the same files in the same run. Prints both rates and the ratio, and the accuracy the corpus
# test measures (leave-one-source-out first, then the whole corpus, then the public set);
# writes bench/bounce/RESULTS.md.
#
# Environment (all optional):
#   HERALD_BIN        herald binary (default build/herald)
#   HERALD_TESTS      unit test binary, for the accuracy figures (default build/herald_unit_tests)
#   CORPUS            bounce corpus (default ../shared/corpus/bounces)
#   REPEAT            times the corpus is passed in one invocation (default 30)
#   RUNS              rounds; in each, every tool runs once (default 5)
#   BENCH_WAIT_QUIET  wait up to this many seconds for a quiet machine first (default 0)
#   RESULTS           report file (default bench/bounce/RESULTS.md; "-" for none)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
HERALD_BIN=${HERALD_BIN:-$root/build/herald}
HERALD_TESTS=${HERALD_TESTS:-$root/build/herald_unit_tests}
CORPUS=${CORPUS:-$root/../shared/corpus/bounces}
REPEAT=${REPEAT:-30}
RUNS=${RUNS:-5}
RESULTS=${RESULTS:-$here/RESULTS.md}
TARGET=20

die() { echo "bench/bounce: $*" >&2; exit 1; }
[ -x "$HERALD_BIN" ] || die "no herald binary at $HERALD_BIN (make build)"
[ -d "$CORPUS/eml" ] || die "no bounce corpus at $CORPUS"
perl -MSisimai -e1 2>/dev/null || die "Sisimai missing: apt-get install libsisimai-perl"

if [ "${BENCH_WAIT_QUIET:-0}" -gt 0 ]; then
  # Other work on a shared machine distorts every number.
  for _ in $(seq "$BENCH_WAIT_QUIET"); do
    awk '{ exit !($1 < 0.5) }' /proc/loadavg && break
    sleep 1
  done
fi

mapfile -t corpus < <(find "$CORPUS/eml" "$CORPUS/not-bounce" -type f -name '*.eml' | sort)
files=()
for _ in $(seq "$REPEAT"); do files+=("${corpus[@]}"); done
count=${#files[@]}

# Warm the page cache and check that both tools read every file.
lines=$("$HERALD_BIN" bounce parse --json "${files[@]}" | wc -l)
[ "$lines" = "$count" ] || die "herald printed $lines lines for $count files"
read -r parsed _ < <(perl "$here/sisimai.pl" "${corpus[@]}")
[ "$parsed" = "${#corpus[@]}" ] || die "sisimai.pl read $parsed of ${#corpus[@]} files"

# The tools take turns, round after round: a slow spell on a shared machine then falls on all of
# them rather than on one. Each one's fastest and median round are reported; the target is
# judged on the median.
list=$(mktemp)
trap 'rm -f "$list"' EXIT
printf '%s\n' "${files[@]}" >"$list"
declare -A fastest median
while read -r name best mid; do
  fastest[$name]=$best
  median[$name]=$mid
done < <(/usr/bin/python3 "$here/rounds.py" --runs "$RUNS" --files "$list" \
  --tool "herald=$HERALD_BIN bounce parse --json" \
  --tool "single=HERALD_BOUNCE_WORKERS=1 $HERALD_BIN bounce parse --json" \
  --tool "sisimai=perl $here/sisimai.pl" --tool "true=/bin/true")

rate() { echo "$count / $1" | bc -l | xargs printf '%.0f'; }
millis() { echo "$1 * 1000" | bc -l | xargs printf '%.1f'; }
ratio() { echo "$(rate "$1") / $(rate "$2")" | bc -l | xargs printf '%.1f'; }
row() { # tool: messages/s and ratio, fastest round then median round
  echo "$(rate "${fastest[$1]}") | $(ratio "${fastest[$1]}" "${fastest[sisimai]}")× |" \
    "$(rate "${median[$1]}") | $(ratio "${median[$1]}" "${median[sisimai]}")×"
}
ratio_median=$(ratio "${median[herald]}" "${median[sisimai]}")
verdict=$([ "$(echo "$ratio_median >= $TARGET" | bc -l)" = 1 ] && echo met || echo missed)

# Accuracy: the summary lines of the corpus test (bounce_scoring.h prints them).
accuracy="(no unit test binary at $HERALD_TESTS: no accuracy figures)"
# A test below its target still prints its figures; the speed measured above stands either way.
[ -x "$HERALD_TESTS" ] && accuracy=$({ "$HERALD_TESTS" --gtest_filter='BounceCorpus.GeneralisesToSourcesLeftOut:BounceCorpus.MeetsAccuracyTargets:BouncePublicSet.*' 2>&1 || true; } |
  awk '/^bounce (corpus|public)/ { title = $0; print ""; print "**" title "**"; print ""; print "| column | accuracy |"; print "|---|---:|"; next }
       title != "" && /^  [a-z_]+ +[0-9.]+ %/ { print "| " $1 " | " $2 " % " $4 " |"; next }
       /^  misses/ { title = "" }')

sisimai_version=$(perl -MSisimai -e 'print $Sisimai::VERSION')
load=$(cut -d' ' -f1-3 /proc/loadavg)
report=$(cat <<EOF
## Bounce parsing

\`bench/bounce/run.sh\`, $(date -u +%Y-%m-%dT%H:%MZ): $count messages (the corpus, ${#corpus[@]}
files, $REPEAT times over) in one invocation of each tool, timed from spawn to exit
(\`bench/bounce/rounds.py\`, which starts \`/bin/true\` with the same arguments in
$(millis "${median[true]}") ms); $RUNS rounds, the tools in turn; $(nproc) cores,
load average $load.

| parser | messages/s, fastest round | vs Sisimai | messages/s, median round | vs Sisimai |
|---|---:|---:|---:|---:|
| \`herald bounce parse --json\` (one worker process per core) | $(row herald) |
| \`herald bounce parse --json\`, one process (\`HERALD_BOUNCE_WORKERS=1\`) | $(row single) |
| Sisimai $sisimai_version (\`bench/bounce/sisimai.pl\`, \`Sisimai->make\` per file) | $(row sisimai) |

Target ≥ ${TARGET}× Sisimai on the median round: **$verdict** (${ratio_median}×).

Accuracy (\`$(basename "$HERALD_TESTS") --gtest_filter='BounceCorpus.*:BouncePublicSet.*'\`,
one row per failed recipient; leave-one-source-out scores each sending system with the phrases
that match only its own files switched off):
$accuracy

Where the time goes (\`valgrind --tool=callgrind\`, one process, the corpus once, 2026-12-07):
about 319 thousand instructions a message in all since the evening (375 thousand before the
cheaper automaton build and file opening), 206 thousand of them reading, classifying and
printing (556 and 387 thousand while GMime built and freed an object tree per report, 26
GObjects on average; the report is now split into its parts by Herald's own MIME reader,
\`bounce/mime_parts.cpp\`, and GMime only decodes headers and transfer encodings). Of the
per-message part: the MIME split and decoding 27 %, the free-text layouts 23 %, classification
17 %. Once per process: starting \`herald\`, 7.5 million instructions and 12.5 ms over
/dev/null (its 23 libraries are GMime's, GLib's and jemalloc; herald-core with the server's 66
libraries took 38.8 million and 35.7 ms), and the phrase automaton (3.7 million; built before
the worker processes fork, so they share it).
Two worker processes on this 2-vCPU machine give 1.5–1.8× one process on a quiet machine and
nothing on a busy one (the kernel's autogroup shares one CPU allowance among a session's
processes); runs vary by ±20 % on a quiet machine and by 2× on a busy one, Sisimai's too, hence
the rounds in turn.
EOF
)
echo "$report"
if [ "$RESULTS" != "-" ]; then
  echo "$report" >"$RESULTS"
  echo "bench/bounce: wrote $RESULTS"
fi
