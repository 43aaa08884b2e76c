#!/usr/bin/env bash
# Flow benchmark: a flow of three session steps (GLOBAL Set Parameters, GLOBAL Get Parameters with an output target,
# LOCAL Session Management PUT_DATA) called through its REST trigger with a JWT, vs GET /health of the same host, in
# the same run, 64 connections (docs/performance.md records the numbers; the target is >= 0.6x health). The requests
# rotate over BENCH_USERS signed-in users (default 16; 1 makes every request write the same GLOBAL session).
#
#   ./mvnw -q -DskipTests package && bench/flow-load.sh [seconds per measured run, default 20]
#
# Needs wrk (apt-get install -y wrk). Traffic goes to 127.0.0.1 only; each wrk run is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-20}"
PORT="${BENCH_PORT:-7098}"
USERS="${BENCH_USERS:-16}"
. bench/host.sh
. bench/flow-setup.sh
TOKENS=$(flow_setup "$BASE" "$TOKEN" "$USERS")
export TOKENS
echo "check: $(curl -sf -X POST "$BASE/run/bench/cart/items" -H 'Content-Type: application/json' \
  -H "Authorization: Bearer ${TOKENS%%,*}" -d '{"sku":"sku-42","quantity":3}')"

echo "== warm-up (${WARMUP} s each, not counted)"
wrk -t2 -c64 -d"${WARMUP}s" "$BASE/health" >/dev/null
wrk -t2 -c64 -d"${WARMUP}s" -s bench/flow-three-steps.lua "$BASE/run/bench/cart/items" >/dev/null

echo "== ${ROUNDS} rounds of ${DURATION} s per endpoint, 64 connections, $USERS users"
ratios=()
for round in $(seq 1 "$ROUNDS"); do
  measure "health-$round" "$DURATION" "$BASE/health"
  measure "flow-$round" "$DURATION" -s bench/flow-three-steps.lua "$BASE/run/bench/cart/items"
  ratios+=("$(ratio "flow-$round" "health-$round")")
  echo "round $round: flow / health ${ratios[-1]}"
done

echo "== summary"
echo "flow / health: $(median "${ratios[@]}") (median of ${ratios[*]})"
