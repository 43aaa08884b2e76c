#!/usr/bin/env bash
# Persistence benchmark (docs/performance.md records the numbers): what keeping the embedded store's sessions on disk
# costs. Three hosts run side by side, with --session-persistence everysec (the default), none and always, and are
# measured in turns in the same run, 64 connections: GLOBAL session.set-parameters of two values and the
# three-session-step flow of bench/flow-load.sh, over BENCH_USERS users (default 16), plus GET /health of the everysec
# host as the machine's yardstick. Target: everysec costs at most 5 % of the throughput of none.
# Then the restart: a host started over 100,000 GLOBAL sessions (BENCH_SESSIONS) vs over none, time until /health/ready
# answers (target <= 3 s), and the disk bytes per session.
#
#   ./mvnw -q -DskipTests package && bench/persistence-load.sh [seconds per measured run, default 20]
#
# Needs wrk (apt-get install -y wrk). Traffic goes to 127.0.0.1 only; each wrk run is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-20}"
PORT="${BENCH_PORT:-7097}"
USERS="${BENCH_USERS:-16}"
SESSIONS="${BENCH_SESSIONS:-100000}"
HOST_ARGS="--session-persistence everysec"
. bench/host.sh
. bench/flow-setup.sh

declare -A PID BASES TOKENS_OF
PID[everysec]=$HOST_PID
BASES[everysec]=$BASE
TOKENS_OF[everysec]=$(flow_setup "$BASE" "$TOKEN" "$USERS")
offset=1
for mode in none always; do
  dir=$(mktemp -d)
  BENCH_DIRS+=("$dir")
  start_host "$dir" $((PORT + offset)) --session-persistence "$mode"
  PID[$mode]=$STARTED_PID
  BASES[$mode]="http://127.0.0.1:$((PORT + offset))"
  TOKENS_OF[$mode]=$(flow_setup "${BASES[$mode]}" "$STARTED_TOKEN" "$USERS")
  offset=$((offset + 1))
done
MODES=(everysec none always)
for mode in "${MODES[@]}"; do
  echo "check $mode: $(curl -sf "${BASES[$mode]}/health")"
done

# on MODE: the next measure's host and users
on() { HOST_PID=${PID[$1]}; TOKENS=${TOKENS_OF[$1]}; export TOKENS; }
# GLOBAL session.set-parameters of two values, sent by the flow's wrk script (which takes each user in turn)
SET_BODY='{"inputs":{"scope":"GLOBAL","parameters":[{"name":"cartId","dataType":"STRING","value":"cart-42"},{"name":"itemCount","dataType":"INTEGER","value":3}]}}'

echo "== warm-up (${WARMUP} s each, not counted)"
wrk -t2 -c64 -d"${WARMUP}s" "$BASE/health" >/dev/null
for mode in "${MODES[@]}"; do
  on "$mode"
  BODY=$SET_BODY wrk -t2 -c64 -d"${WARMUP}s" -s bench/flow-three-steps.lua \
    "${BASES[$mode]}/api/apps/default/methods/session.set-parameters" >/dev/null
  wrk -t2 -c64 -d"${WARMUP}s" -s bench/flow-three-steps.lua "${BASES[$mode]}/run/bench/cart/items" >/dev/null
done

echo "== ${ROUNDS} rounds of ${DURATION} s per endpoint and mode, in turns, 64 connections, $USERS users"
set_everysec=(); set_always=(); flow_everysec=(); flow_always=()
for round in $(seq 1 "$ROUNDS"); do
  on everysec
  measure "health-$round" "$DURATION" "$BASE/health"
  # The modes take turns in an order that rotates each round, so none is always measured first or last.
  first=$(((round - 1) % ${#MODES[@]}))
  ORDER=("${MODES[@]:first}" "${MODES[@]:0:first}")
  for mode in "${ORDER[@]}"; do
    on "$mode"
    BODY=$SET_BODY measure "set-$mode-$round" "$DURATION" -s bench/flow-three-steps.lua \
      "${BASES[$mode]}/api/apps/default/methods/session.set-parameters"
  done
  for mode in "${ORDER[@]}"; do
    on "$mode"
    measure "flow-$mode-$round" "$DURATION" -s bench/flow-three-steps.lua "${BASES[$mode]}/run/bench/cart/items"
  done
  set_everysec+=("$(ratio "set-everysec-$round" "set-none-$round")")
  set_always+=("$(ratio "set-always-$round" "set-none-$round")")
  flow_everysec+=("$(ratio "flow-everysec-$round" "flow-none-$round")")
  flow_always+=("$(ratio "flow-always-$round" "flow-none-$round")")
  echo "round $round: set everysec/none ${set_everysec[-1]}, always/none ${set_always[-1]};" \
    "flow everysec/none ${flow_everysec[-1]}, always/none ${flow_always[-1]}"
done
for mode in none always; do stop_host "${PID[$mode]}"; done

echo "== restart over $SESSIONS GLOBAL sessions"
RESTART=$(mktemp -d)
EMPTY=$(mktemp -d)
BENCH_DIRS+=("$RESTART" "$EMPTY")
java -cp "$JAR" bench/SessionFill.java "$RESTART/sessions" "$SESSIONS" >"$RESTART/fill.log" 2>&1
snapshot=$(stat -c %s "$RESTART/sessions/sessions.snapshot")
log=$(stat -c %s "$RESTART/sessions/sessions.log")
# time_start DATA PORT: seconds from launching a host over DATA until its /health/ready answers 200 (polled every 0.2 s;
# bench/start.sh measures to 10 ms)
time_start() {
  local before after
  before=$(date +%s%N)
  start_host "$1" "$2" --session-persistence everysec
  after=$(date +%s%N)
  stop_host "$STARTED_PID"
  awk -v ns=$((after - before)) 'BEGIN {printf "%.2f", ns / 1e9}'
}
empty_times=(); full_times=()
for round in $(seq 1 "$ROUNDS"); do
  empty_times+=("$(time_start "$EMPTY" $((PORT + 3)))")
  full_times+=("$(time_start "$RESTART" $((PORT + 4)))")
done
grep -h "Sessions loaded\|Session store closed" "$RESTART/host.log" | tail -2

echo "== summary"
echo "set-parameters everysec / none: $(median "${set_everysec[@]}") (median of ${set_everysec[*]})"
echo "set-parameters always / none:   $(median "${set_always[@]}") (median of ${set_always[*]})"
echo "flow everysec / none:           $(median "${flow_everysec[@]}") (median of ${flow_everysec[*]})"
echo "flow always / none:             $(median "${flow_always[@]}") (median of ${flow_always[*]})"
echo "start to /health/ready, no sessions:    $(median "${empty_times[@]}") s (median of ${empty_times[*]})"
echo "start to /health/ready, $SESSIONS sessions: $(median "${full_times[@]}") s (median of ${full_times[*]})"
echo "disk: snapshot $snapshot bytes + log $log bytes = $(awk -v s="$snapshot" -v l="$log" -v n="$SESSIONS" \
  'BEGIN {printf "%.0f", (s + l) / n}') bytes per session"
