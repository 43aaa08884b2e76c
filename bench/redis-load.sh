#!/usr/bin/env bash
# Sessions on Redis vs in the host's memory: GLOBAL session.get-parameters over HTTP with a JWT, 64 connections, on two
# hosts of the same build in the same run (one embedded, one with --redis-url), measured in turns; and the Redis calls
# each request costs, read from Redis's INFO commandstats over each Redis run (docs/performance.md records the numbers).
#
#   ./mvnw -q -DskipTests package && bench/redis-load.sh [seconds per measured run, default 20]
#
# Needs wrk and redis-server (apt-get install -y wrk redis-server). Traffic goes to 127.0.0.1 only; each wrk run is
# bounded in time; the script stops the hosts and Redis when it ends.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-20}"
. bench/redis-server.sh

# The embedded host, started by hand beside the one bench/host.sh starts.
EMBEDDED_PORT="${BENCH_PORT_EMBEDDED:-7098}"
EMBEDDED_DATA=$(mktemp -d)
SESSIONKIT_ADMIN_PASSWORD=bench-password-1234 java -Xmx1g -jar host-app/target/sessionkit.jar \
  --data-dir "$EMBEDDED_DATA" --port "$EMBEDDED_PORT" >"$EMBEDDED_DATA/host.log" 2>&1 &
EMBEDDED_PID=$!

PORT="${BENCH_PORT:-7099}"
HOST_ARGS="--redis-url $REDIS_URL"
. bench/host.sh
REDIS_HOST_PID=$HOST_PID
trap 'code=$?; kill $HOST_PID $EMBEDDED_PID 2>/dev/null; wait $HOST_PID $EMBEDDED_PID 2>/dev/null || true;
      rm -rf "$DATA" "$EMBEDDED_DATA"; stop_redis; exit $code' EXIT
EMBEDDED="http://127.0.0.1:$EMBEDDED_PORT"
for _ in $(seq 1 100); do curl -sf "$EMBEDDED/health" >/dev/null && break; sleep 0.2; done
EMBEDDED_TOKEN=$(curl -sf -X POST "$EMBEDDED/api/auth/login" -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"bench-password-1234"}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
REDIS_TOKEN=$TOKEN

GET_BODY="$(sed -n "s/^wrk.body = '\(.*\)'$/\1/p" bench/get-parameters.lua)"
for target in "$BASE $REDIS_TOKEN" "$EMBEDDED $EMBEDDED_TOKEN"; do
  set -- $target
  curl -sf -X POST "$1/api/apps/default/methods/session.set-parameters" -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $2" -d '{"inputs":{"scope":"GLOBAL","parameters":[
      {"name":"cartId","dataType":"STRING","value":"cart-42"},
      {"name":"itemCount","dataType":"INTEGER","value":3},
      {"name":"lastSeen","dataType":"DATETIME","value":"2026-11-22T10:15:30+01:00"}]}}' >/dev/null
  echo "check $1: $(curl -sf -X POST "$1/api/apps/default/methods/session.get-parameters" \
    -H 'Content-Type: application/json' -H "Authorization: Bearer $2" -d "$GET_BODY")"
done
echo "health of the Redis host: $(curl -sf "$BASE/health")"

# on HOST: which host the next measure's CPU figure is read from
on() { if [ "$1" = redis ]; then HOST_PID=$REDIS_HOST_PID; TOKEN=$REDIS_TOKEN; else HOST_PID=$EMBEDDED_PID; TOKEN=$EMBEDDED_TOKEN; fi; }

echo "== warm-up (${WARMUP} s each, not counted)"
for host in redis embedded; do
  on $host
  url=$([ $host = redis ] && echo "$BASE" || echo "$EMBEDDED")
  wrk -t2 -c64 -d"${WARMUP}s" -s bench/get-parameters.lua "$url/api/apps/default/methods/session.get-parameters" >/dev/null
done

echo "== ${ROUNDS} rounds of ${DURATION} s per host, 64 connections"
vs=()
for round in $(seq 1 "$ROUNDS"); do
  on embedded
  measure "embedded-$round" "$DURATION" -s bench/get-parameters.lua \
    "$EMBEDDED/api/apps/default/methods/session.get-parameters"
  on redis
  rcli CONFIG RESETSTAT >/dev/null
  measure "redis-$round" "$DURATION" -s bench/get-parameters.lua "$BASE/api/apps/default/methods/session.get-parameters"
  requests=$(awk '/requests in/ {print $1}' "$DATA/redis-$round.txt")
  stats=$(rcli INFO commandstats | tr -d '\r')
  evalsha=$(echo "$stats" | sed -n 's/^cmdstat_evalsha:calls=\([0-9]*\),usec=[0-9]*,usec_per_call=\([0-9.]*\).*/\1 \2/p')
  others=$(echo "$stats" | grep '^cmdstat_' | grep -v -e '^cmdstat_evalsha:' -e '^cmdstat_config:' -e '^cmdstat_info:' \
    | sed 's/,usec=.*//' | tr '\n' ' ')
  set -- $evalsha
  echo "redis-$round: $requests requests, $1 EVALSHA ($(awk -v c="$1" -v r="$requests" 'BEGIN {printf "%.3f", c / r}') per request, the rest the hosts' sweeps), Redis CPU $2 us per EVALSHA; other commands: ${others:-none}"
  vs+=("$(ratio "redis-$round" "embedded-$round")")
done

echo "== summary"
echo "Redis store / embedded store (get-parameters throughput): $(median "${vs[@]}") (median of ${vs[*]})"
