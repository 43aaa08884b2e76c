#!/usr/bin/env bash
# Cluster benchmark: redis-server, two hosts with the same --redis-url and nginx in front of them running the
# documented configuration (docs/examples/nginx/sessionkit.conf), all on loopback. The three-session-step flow of
# bench/flow-load.sh through nginx (two hosts) next to the same flow sent straight to one of the hosts (one host, no
# nginx), measured in turns in the same run; for each run the CPU that each process spent per request (hosts, nginx,
# Redis), the figures of the capacity model in docs/performance.md.
#
#   ./mvnw -q -DskipTests package && bench/cluster.sh [seconds per measured run, default 20]
#
# Needs wrk, redis-server and nginx (apt-get install -y wrk redis-server nginx). Traffic goes to 127.0.0.1 only; each
# wrk run is bounded in time; the script stops nginx, the hosts and Redis when it ends.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-20}"
USERS="${BENCH_USERS:-16}"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "nginx is missing: apt-get install -y nginx" >&2; exit 1; }
. bench/redis-server.sh

# Host B, started by hand beside host A (which bench/host.sh starts and signs in).
B_PORT="${BENCH_PORT_B:-7102}"
B_DATA=$(mktemp -d)
SESSIONKIT_ADMIN_PASSWORD=bench-password-1234 java -Xmx1g -jar host-app/target/sessionkit.jar --data-dir "$B_DATA" \
  --port "$B_PORT" --redis-url "$REDIS_URL" --trusted-proxies 127.0.0.1 >"$B_DATA/host.log" 2>&1 &
B_PID=$!

PORT="${BENCH_PORT:-7101}"
HOST_ARGS="--redis-url $REDIS_URL --trusted-proxies 127.0.0.1"
. bench/host.sh
A_PID=$HOST_PID

# nginx with the documented configuration, the two hosts as its upstream and its own port.
NGINX_DIR=$(mktemp -d)
NGINX_PORT="${BENCH_PORT_NGINX:-7100}"
sed -E -e '/^\s*server 127\.0\.0\.1:7071 /d' \
  -e "s/^(\s*)server 127\.0\.0\.1:7070 (.*)$/\1server 127.0.0.1:$PORT \2\n\1server 127.0.0.1:$B_PORT \2/" \
  -e "s/^(\s*)listen 127\.0\.0\.1:[0-9]+;/\1listen 127.0.0.1:$NGINX_PORT;/" \
  docs/examples/nginx/sessionkit.conf >"$NGINX_DIR/sessionkit.conf"
cat >"$NGINX_DIR/nginx.conf" <<CONF
$([ "$(id -u)" = 0 ] && echo "user root;")
worker_processes 1;
pid $NGINX_DIR/nginx.pid;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $NGINX_DIR/client-body;
    proxy_temp_path $NGINX_DIR/proxy;
    fastcgi_temp_path $NGINX_DIR/fastcgi;
    uwsgi_temp_path $NGINX_DIR/uwsgi;
    scgi_temp_path $NGINX_DIR/scgi;
    include $NGINX_DIR/sessionkit.conf;
}
CONF
"$NGINX" -p "$NGINX_DIR" -e "$NGINX_DIR/error.log" -c "$NGINX_DIR/nginx.conf" -g 'daemon off;' &
NGINX_PID=$!
trap 'code=$?; kill $NGINX_PID $A_PID $B_PID 2>/dev/null; wait $NGINX_PID $A_PID $B_PID 2>/dev/null || true;
      rm -rf "$DATA" "$B_DATA" "$NGINX_DIR"; stop_redis; exit $code' EXIT
LB="http://127.0.0.1:$NGINX_PORT"
B="http://127.0.0.1:$B_PORT"
for _ in $(seq 1 100); do curl -sf "$B/health" >/dev/null && curl -sf "$LB/health" >/dev/null && break; sleep 0.2; done
curl -sf "$LB/health" >/dev/null || { echo "host B or nginx did not start:" >&2; cat "$B_DATA/host.log" \
  "$NGINX_DIR/error.log" >&2; exit 1; }

. bench/flow-setup.sh
TOKENS=$(flow_setup "$LB" "$TOKEN" "$USERS")
export TOKENS
echo "check: $(curl -sf -X POST "$LB/run/bench/cart/items" -H 'Content-Type: application/json' \
  -H "Authorization: Bearer ${TOKENS%%,*}" -d '{"sku":"sku-42","quantity":3}')"

# ticks PID...: CPU time (user + system, clock ticks) used so far by the processes and their children's threads
ticks() { local sum=0 pid; for pid in "$@"; do sum=$((sum + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done; echo $sum; }
NGINX_PIDS="$NGINX_PID $(pgrep -P "$NGINX_PID" | tr '\n' ' ')"
# cpu_per_request NAME: the CPU each process spent per request during the last measured run NAME
cpu_per_request() {
  local requests hz
  requests=$(awk '/requests in/ {print $1}' "$DATA/$1.txt")
  hz=$(getconf CLK_TCK)
  printf '%-22s CPU per request (us): host A %s, host B %s, nginx %s, Redis %s\n' "$1" \
    "$(awk -v t=$((AFTER_A - BEFORE_A)) -v h="$hz" -v r="$requests" 'BEGIN {printf "%.1f", t / h * 1e6 / r}')" \
    "$(awk -v t=$((AFTER_B - BEFORE_B)) -v h="$hz" -v r="$requests" 'BEGIN {printf "%.1f", t / h * 1e6 / r}')" \
    "$(awk -v t=$((AFTER_N - BEFORE_N)) -v h="$hz" -v r="$requests" 'BEGIN {printf "%.1f", t / h * 1e6 / r}')" \
    "$(awk -v t=$((AFTER_R - BEFORE_R)) -v h="$hz" -v r="$requests" 'BEGIN {printf "%.1f", t / h * 1e6 / r}')"
  rcli INFO commandstats | tr -d '\r' | grep '^cmdstat_' | grep -v -e '^cmdstat_config:' -e '^cmdstat_info:' \
    | awk -F'[:=,]' -v r="$requests" '{printf "  %s: %.2f calls per request, %s us per call\n", substr($1, 9), $3 / r, $7}'
}
# run NAME URL: one measured flow run against URL, with every process's CPU per request
run() {
  rcli CONFIG RESETSTAT >/dev/null
  BEFORE_A=$(ticks $A_PID); BEFORE_B=$(ticks $B_PID); BEFORE_N=$(ticks $NGINX_PIDS); BEFORE_R=$(ticks $REDIS_PID)
  measure "$1" "$DURATION" -s bench/flow-three-steps.lua "$2/run/bench/cart/items"
  AFTER_A=$(ticks $A_PID); AFTER_B=$(ticks $B_PID); AFTER_N=$(ticks $NGINX_PIDS); AFTER_R=$(ticks $REDIS_PID)
  cpu_per_request "$1"
}

echo "== warm-up (${WARMUP} s each, not counted)"
wrk -t2 -c64 -d"${WARMUP}s" "$BASE/health" >/dev/null
wrk -t2 -c64 -d"${WARMUP}s" -s bench/flow-three-steps.lua "$LB/run/bench/cart/items" >/dev/null
wrk -t2 -c64 -d"${WARMUP}s" -s bench/flow-three-steps.lua "$BASE/run/bench/cart/items" >/dev/null

echo "== ${ROUNDS} rounds of ${DURATION} s per setup, 64 connections, $USERS users ('host CPU' below is host A's)"
vs=()
for round in $(seq 1 "$ROUNDS"); do
  measure "health-A-$round" "$DURATION" "$BASE/health"
  run "one-host-$round" "$BASE"
  run "nginx-two-hosts-$round" "$LB"
  vs+=("$(ratio "nginx-two-hosts-$round" "one-host-$round")")
done

echo "== summary"
echo "two hosts through nginx / one host direct (flow throughput): $(median "${vs[@]}") (median of ${vs[*]})"
