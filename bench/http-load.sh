#!/usr/bin/env bash
# HTTP load benchmark: GLOBAL session.get-parameters over HTTP with a JWT vs GET /health of the same host, in the
# same run, 64 connections (docs/performance.md records the numbers). For reference it also measures GET /api/auth/me
# with the same JWT: what any signed-in request costs before it does any session work.
#
#   ./mvnw -q -DskipTests package && bench/http-load.sh [seconds per measured run, default 20]
#
# Needs wrk (apt-get install -y wrk). Traffic goes to 127.0.0.1 only; each wrk run is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-20}"
PORT="${BENCH_PORT:-7099}"
. bench/host.sh
store_read_parameters "$BASE" "$TOKEN"
answer=$(read_once "$BASE" "$TOKEN") || { echo "the host refused the read" >&2; exit 1; }
echo "check: $answer"

echo "== warm-up (${WARMUP} s each, not counted)"
wrk -t2 -c64 -d"${WARMUP}s" "$BASE/health" >/dev/null
wrk -t2 -c64 -d"${WARMUP}s" -H "Authorization: Bearer $TOKEN" "$BASE/api/auth/me" >/dev/null
wrk -t2 -c64 -d"${WARMUP}s" -s bench/get-parameters.lua "$BASE/api/apps/default/methods/session.get-parameters" \
  >/dev/null

echo "== ${ROUNDS} rounds of ${DURATION} s per endpoint, 64 connections"
vs_health=()
vs_me=()
for round in $(seq 1 "$ROUNDS"); do
  measure "health-$round" "$DURATION" "$BASE/health"
  measure "me-$round" "$DURATION" -H "Authorization: Bearer $TOKEN" "$BASE/api/auth/me"
  measure "get-$round" "$DURATION" -s bench/get-parameters.lua \
    "$BASE/api/apps/default/methods/session.get-parameters"
  vs_health+=("$(ratio "get-$round" "health-$round")")
  vs_me+=("$(ratio "get-$round" "me-$round")")
  echo "round $round: get-parameters / health ${vs_health[-1]}, get-parameters / auth/me ${vs_me[-1]}"
done

echo "== summary"
echo "get-parameters / health:  $(median "${vs_health[@]}") (median of ${vs_health[*]})"
echo "get-parameters / auth/me: $(median "${vs_me[@]}") (median of ${vs_me[*]})"
