#!/bin/sh
# Builds parse_bench.cpp (-O2, as RelWithDebInfo), runs it, prints each reader's median.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
g++ -std=c++20 -O2 -DNDEBUG -I"$root/src" "$root/bench/json_read/parse_bench.cpp" \
  "$root/src/common/json_read.cpp" -o "$out/parse_bench"
"$out/parse_bench" "${1:-100000}" "${2:-7}" | sort -k1,1 -k2,2n | awk '
  { n[$1]++; v[$1, n[$1]] = $2 }
  END { for (k in n) printf "%-22s median %s ns/parse over %d rounds\n", k, v[k, int((n[k] + 1) / 2)], n[k] }'
