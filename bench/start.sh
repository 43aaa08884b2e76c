#!/usr/bin/env bash
# Start time: launch of the packaged host to its first 200 on /health/ready (the kept sessions read, every component up:
# the moment a load balancer sends it traffic), and the host's CPU time by then, without and
# with the class data archive the build makes (host-app/target/sessionkit.jsa), over no sessions and over
# BENCH_SESSIONS (default 100,000) GLOBAL sessions kept on disk. Each case BENCH_ROUNDS times (default 3), in turns.
#
#   ./mvnw -q package -DskipTests && bench/start.sh
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=host-app/target/sessionkit.jar
ARCHIVE=host-app/target/sessionkit.jsa
[ -f "$JAR" ] && [ -f "$ARCHIVE" ] || { echo "$JAR or $ARCHIVE is missing: run ./mvnw -q package -DskipTests" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is missing: apt-get install -y curl" >&2; exit 1; }
SESSIONS="${BENCH_SESSIONS:-100000}"
ROUNDS="${BENCH_ROUNDS:-3}"
PORT="${BENCH_PORT:-7290}"
EMPTY=$(mktemp -d)
FULL=$(mktemp -d)
trap 'rm -rf "$EMPTY" "$FULL"' EXIT
java -cp "$JAR" bench/SessionFill.java "$FULL/sessions" "$SESSIONS" >"$FULL/fill.log" 2>&1

# start_once DATA JVM-OPTIONS...: prints "SECONDS CPU-SECONDS" for one start over DATA, then stops the host
start_once() {
  local data="$1"
  shift
  local before after pid stat
  before=$(date +%s%N)
  SESSIONKIT_ADMIN_PASSWORD=bench-password-1234 java -Xmx1g "$@" -jar "$JAR" --data-dir "$data" \
    --bind-address 127.0.0.1 --port "$PORT" >>"$data/host.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 3000); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/health/ready" && break; sleep 0.01; done
  after=$(date +%s%N)
  read -r -a stat <"/proc/$pid/stat"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  awk -v ns=$((after - before)) -v ticks=$((stat[13] + stat[14])) -v hz="$(getconf CLK_TCK)" \
    'BEGIN {printf "%.2f %.2f", ns / 1e9, ticks / hz}'
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
  echo "round $round: seconds to /health/ready and CPU seconds by then"
  echo "  no sessions,  no archive:   $(start_once "$EMPTY")"
  echo "  no sessions,  archive:      $(start_once "$EMPTY" -XX:SharedArchiveFile="$ARCHIVE")"
  echo "  $SESSIONS sessions, no archive: $(start_once "$FULL")"
  echo "  $SESSIONS sessions, archive:    $(start_once "$FULL" -XX:SharedArchiveFile="$ARCHIVE")"
done
grep -h "Session files read" "$FULL/host.log" | tail -1
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
