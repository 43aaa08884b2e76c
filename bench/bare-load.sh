#!/usr/bin/env bash
# The framework's floor beside the host, in one run: bench/http-load.sh's three endpoints (GET /health, GET
# /api/auth/me with a JWT, POST .../session.get-parameters with a JWT) measured on the packaged host and on
# bench/BareEndpoint.java (the same endpoints on bare Javalin + java-jwt + Caffeine + Jackson, none of the host's
# work), in turns, so the two ratios "read / health" can be compared on the same machine at the same time.
#
#   ./mvnw -q -DskipTests package && bench/bare-load.sh [seconds per measured run, default 20]
#
# BENCH_PARTS=0 leaves out the bare endpoint's decomposition (POST /bare/...); bench/host.sh lists the other settings.
# Needs wrk (apt-get install -y wrk). Traffic goes to 127.0.0.1 only; each wrk run is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-20}"
PORT="${BENCH_PORT:-7099}"
BARE_PORT="${BENCH_BARE_PORT:-7097}"
. bench/host.sh
store_read_parameters "$BASE" "$TOKEN"
HOST_TOKEN=$TOKEN

java -Xmx1g -cp "$JAR" bench/BareEndpoint.java "$BARE_PORT" >"$DATA/bare.out" 2>"$DATA/bare.err" &
BARE_PID=$!
HOST_PIDS+=("$BARE_PID")
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$BARE_PORT/health" >/dev/null && break; sleep 0.2; done
curl -sf "http://127.0.0.1:$BARE_PORT/health" >/dev/null \
  || { echo "the bare endpoint did not start:" >&2; cat "$DATA/bare.out" "$DATA/bare.err" >&2; exit 1; }
BARE_TOKEN=$(head -1 "$DATA/bare.out")
BARE="http://127.0.0.1:$BARE_PORT"
METHOD=/api/apps/default/methods/session.get-parameters
echo "token lengths: host ${#HOST_TOKEN}, bare ${#BARE_TOKEN}"
# Both must answer 200 with the values, or the ratios below would be measured on refusals.
answer=$(read_once "$BASE" "$HOST_TOKEN") || { echo "the host refused the read" >&2; exit 1; }
echo "check host: $answer"
answer=$(read_once "$BARE" "$BARE_TOKEN") || { echo "the bare endpoint refused the read" >&2; exit 1; }
echo "check bare: $answer"

# on TARGET: the following measure calls count the CPU of the host ("host") or of the bare endpoint ("bare")
on() { if [ "$1" = host ]; then HOST_PID=$STARTED_PID; TOKEN=$HOST_TOKEN; else HOST_PID=$BARE_PID; TOKEN=$BARE_TOKEN; fi
  export TOKEN; }
# all_three PREFIX BASE-URL SECONDS: measures the three endpoints of one server (a warm-up when PREFIX is empty)
all_three() {
  local prefix="$1" url="$2" seconds="$3"
  if [ -z "$prefix" ]; then
    wrk -t2 -c64 -d"${seconds}s" "$url/health" >/dev/null
    wrk -t2 -c64 -d"${seconds}s" -H "Authorization: Bearer $TOKEN" "$url/api/auth/me" >/dev/null
    wrk -t2 -c64 -d"${seconds}s" -s bench/get-parameters.lua "$url$METHOD" >/dev/null
    return
  fi
  measure "$prefix-health" "$seconds" "$url/health"
  measure "$prefix-me" "$seconds" -H "Authorization: Bearer $TOKEN" "$url/api/auth/me"
  measure "$prefix-get" "$seconds" -s bench/get-parameters.lua "$url$METHOD"
}
# parts PREFIX SECONDS: the bare endpoint's decomposition of the read (see BareEndpoint.java), the same request each
parts() {
  [ "${BENCH_PARTS:-1}" = 0 ] && return
  local part
  for part in post post-body params/default/methods/session.get-parameters; do
    if [ -z "$1" ]; then wrk -t2 -c64 -d"${2}s" -s bench/get-parameters.lua "$BARE/bare/$part" >/dev/null
    else measure "$1-${part%%/*}" "$2" -s bench/get-parameters.lua "$BARE/bare/$part"; fi
  done
}

echo "== warm-up (${WARMUP} s each, not counted)"
on host; all_three "" "$BASE" "$WARMUP"
on bare; all_three "" "$BARE" "$WARMUP"; parts "" "$WARMUP"

echo "== ${ROUNDS} rounds of ${DURATION} s per endpoint, 64 connections"
host_ratios=()
bare_ratios=()
for round in $(seq 1 "$ROUNDS"); do
  on host; all_three "host-$round" "$BASE" "$DURATION"
  on bare; all_three "bare-$round" "$BARE" "$DURATION"; parts "bare-$round" "$DURATION"
  host_ratios+=("$(ratio "host-$round-get" "host-$round-health")")
  bare_ratios+=("$(ratio "bare-$round-get" "bare-$round-health")")
  echo "round $round: get-parameters / health: host ${host_ratios[-1]}, bare Javalin ${bare_ratios[-1]};" \
    "auth/me / health: host $(ratio "host-$round-me" "host-$round-health"), bare $(ratio "bare-$round-me" "bare-$round-health");" \
    "$( [ "${BENCH_PARTS:-1}" = 0 ] || echo "bare POST / health: constant $(ratio "bare-$round-post" "bare-$round-health"),"\
      "body parsed $(ratio "bare-$round-post-body" "bare-$round-health"), path parameters $(ratio "bare-$round-params" "bare-$round-health")")"
done

echo "== summary"
echo "host: get-parameters / health $(median "${host_ratios[@]}") (median of ${host_ratios[*]})"
echo "bare: get-parameters / health $(median "${bare_ratios[@]}") (median of ${bare_ratios[*]})"
