#!/usr/bin/env bash
# HTTP load benchmark: GLOBAL session.get-parameters over HTTP with a JWT vs GET /health of the same host, in the
# same run, 64 connections (docs/performance.md records the numbers).
#
#   ./mvnw -q -DskipTests package && bench/http-load.sh [seconds]
#
# Needs wrk (apt-get install -y wrk). Traffic goes to 127.0.0.1 only; each wrk run is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-20}"
PORT="${BENCH_PORT:-7099}"
. bench/host.sh
curl -sf -X POST "$BASE/api/apps/default/methods/session.set-parameters" -H 'Content-Type: application/json' \
  -H "Authorization: Bearer $TOKEN" -d '{"inputs":{"scope":"GLOBAL","parameters":[
    {"name":"cartId","dataType":"STRING","value":"cart-42"},
    {"name":"itemCount","dataType":"INTEGER","value":3},
    {"name":"lastSeen","dataType":"DATETIME","value":"2026-11-22T10:15:30+01:00"}]}}' >/dev/null
echo "check: $(curl -sf -X POST "$BASE/api/apps/default/methods/session.get-parameters" -H 'Content-Type: application/json' \
  -H "Authorization: Bearer $TOKEN" -d "$(sed -n "s/^wrk.body = '\(.*\)'$/\1/p" bench/get-parameters.lua)")"

echo "== warm-up (${WARMUP} s each, not counted)"
wrk -t2 -c64 -d"${WARMUP}s" "$BASE/health" >/dev/null
wrk -t2 -c64 -d"${WARMUP}s" -s bench/get-parameters.lua "$BASE/api/apps/default/methods/session.get-parameters" \
  >/dev/null

echo "== GET /health, 64 connections, ${DURATION}s"
measure health "$DURATION" "$BASE/health"
echo "== POST session.get-parameters (GLOBAL, JWT), 64 connections, ${DURATION}s"
measure get "$DURATION" -s bench/get-parameters.lua "$BASE/api/apps/default/methods/session.get-parameters"

echo "== summary"
echo "health:          $(rps "$DATA/health.txt") req/s, p99 $(p99 "$DATA/health.txt")"
echo "get-parameters:  $(rps "$DATA/get.txt") req/s, p99 $(p99 "$DATA/get.txt"), non-2xx: $(errors "$DATA/get.txt")"
echo "ratio:           $(awk -v a="$(rps "$DATA/get.txt")" -v b="$(rps "$DATA/health.txt")" 'BEGIN {printf "%.2f", a / b}')"
