#!/usr/bin/env bash
# What the inventory sync costs: SKUS SKUs (default 10,000) in the storefront's list and at the
# test OMS (tests/support/test_oms.py), a first sync (every SKU), then REPEAT (default 5) syncs
# with CHANGED_PERCENT (default 1) of the SKUs changed, each counted in OMS calls and timed
# (POST /v1/oms/sync, whole HTTP answer). Environment: HERALD_BIN, SKUS, CHANGED_PERCENT, REPEAT,
# BACKEND (sqlite | postgresql, default sqlite), RESULTS (default bench/oms_sync/RESULTS.md;
# "-" for none).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export HERALD_BIN=${HERALD_BIN:-$root/build/herald}
RESULTS=${RESULTS:-$here/RESULTS.md}
report=$(/usr/bin/python3 "$here/measure.py" --herald "$HERALD_BIN" --skus "${SKUS:-10000}" \
  --changed-percent "${CHANGED_PERCENT:-1}" --repeat "${REPEAT:-5}" --backend "${BACKEND:-sqlite}")
echo "$report"
[ "$RESULTS" = "-" ] || echo "$report" >"$RESULTS"
