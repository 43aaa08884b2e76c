# Sourced by the bench scripts: checks the tools, starts the packaged host on 127.0.0.1:$PORT over a fresh data
# directory (stopped and deleted on exit), waits for /health, and signs the admin in ($TOKEN). Sets BASE, DATA, LOG
# WARMUP and ROUNDS, and defines measure, rps, p99, errors (which read a wrk --latency report), ratio and median.
#
# Environment:
#   BENCH_WARMUP    seconds of load on each endpoint before it is measured (default 30: on 2 cores the JIT needs
#                   20-30 s under load before a flow's throughput settles; shorter warm-ups measure the compiler)
#   BENCH_ROUNDS    how many times each endpoint is measured, in turns (default 3): the ratios of a 2-core machine
#                   move by several percent from one run to the next, so the scripts report their median
#   BENCH_PROFILER  path of async-profiler's libasyncProfiler.so (linux-x64/ in the tools.profiler:async-profiler
#                   jar on Maven Central): each measured run is then CPU-profiled into bench/profiles/<name>.collapsed
#                   (flame-graph input; the numbers of a profiled run are a few percent lower, do not record them)
#   BENCH_JAR       the host's jar (default host-app/target/sessionkit.jar): a copy of an earlier build's jar measures
#                   that build, for A/B comparisons run one after the other
#   HOST_ARGS       more options for the host, e.g. "--redis-url redis://127.0.0.1:6399" (bench/redis-load.sh)
JAR="${BENCH_JAR:-host-app/target/sessionkit.jar}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
[ -f "$JAR" ] || { echo "$JAR is missing: run ./mvnw -q -DskipTests package first" >&2; exit 1; }

# start_host DATA PORT OPTIONS...: starts the packaged host over the data directory DATA on 127.0.0.1:PORT (its log
# appended to DATA/host.log), waits for /health (20 s at most) and signs the admin in: sets STARTED_PID and
# STARTED_TOKEN. The host is stopped on exit.
HOST_PIDS=()
start_host() {
  local data="$1" port="$2"
  shift 2
  SESSIONKIT_ADMIN_PASSWORD=bench-password-1234 java -Xmx1g -jar "$JAR" --data-dir "$data" --bind-address 127.0.0.1 \
    --port "$port" "$@" >>"$data/host.log" 2>&1 &
  STARTED_PID=$!
  HOST_PIDS+=("$STARTED_PID")
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.2; done
  curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null \
    || { echo "the host did not start; its log:" >&2; cat "$data/host.log" >&2; exit 1; }
  STARTED_TOKEN=$(curl -sf -X POST "http://127.0.0.1:$port/api/auth/login" -H 'Content-Type: application/json' \
    -d '{"username":"admin","password":"bench-password-1234"}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
}
# stop_host PID: stops a host as SIGTERM does and waits for it.
stop_host() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

DATA=$(mktemp -d)
LOG="$DATA/host.log"
BENCH_DIRS=("$DATA")
trap 'code=$?; for pid in "${HOST_PIDS[@]}"; do stop_host "$pid"; done; rm -rf "${BENCH_DIRS[@]}"; exit $code' EXIT
# shellcheck disable=SC2086 # HOST_ARGS is a list of options
start_host "$DATA" "$PORT" ${HOST_ARGS:-}
HOST_PID=$STARTED_PID
BASE="http://127.0.0.1:$PORT"
TOKEN=$STARTED_TOKEN
export TOKEN

WARMUP="${BENCH_WARMUP:-30}"
ROUNDS="${BENCH_ROUNDS:-3}"

# measure NAME SECONDS WRK-ARGS...: one measured wrk run, its report in $DATA/NAME.txt and a summary line on stdout,
# profiled when BENCH_PROFILER is set.
measure() {
  local name="$1" seconds="$2"
  shift 2
  if [ -n "${BENCH_PROFILER:-}" ]; then
    jcmd "$HOST_PID" JVMTI.agent_load "$BENCH_PROFILER" '"start,event=itimer,interval=2ms"' >/dev/null
  fi
  local cpu_before
  cpu_before=$(host_cpu_ticks)
  wrk -t2 -c64 -d"${seconds}s" --latency "$@" > "$DATA/$name.txt"
  local cpu_ticks=$(($(host_cpu_ticks) - cpu_before))
  printf '%-22s %10s req/s  p99 %8s  non-2xx %s  host CPU %s us/request\n' "$name" "$(rps "$DATA/$name.txt")" \
    "$(p99 "$DATA/$name.txt")" "$(errors "$DATA/$name.txt")" \
    "$(awk -v t="$cpu_ticks" -v hz="$(getconf CLK_TCK)" -v r="$(rps "$DATA/$name.txt")" -v s="$seconds" \
      'BEGIN {printf "%.1f", t / hz * 1e6 / (r * s)}')"
  if [ -n "${BENCH_PROFILER:-}" ]; then
    mkdir -p bench/profiles
    jcmd "$HOST_PID" JVMTI.agent_load "$BENCH_PROFILER" \
      "\"stop,file=$PWD/bench/profiles/$name.collapsed,collapsed\"" >/dev/null
    echo "profile: bench/profiles/$name.collapsed"
  fi
}

# host_cpu_ticks: the CPU time the host process has used so far (user + system), in clock ticks
host_cpu_ticks() { awk '{print $14 + $15}' "/proc/$HOST_PID/stat"; }
rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
p99() { awk '$1 == "99%" {print $2}' "$1"; }
errors() { awk '/Non-2xx/ {print $5; found = 1} END {if (!found) print 0}' "$1"; }

# ratio A B: requests/s of the report $DATA/A.txt divided by those of $DATA/B.txt, two decimals
ratio() { awk -v a="$(rps "$DATA/$1.txt")" -v b="$(rps "$DATA/$2.txt")" 'BEGIN {printf "%.2f", a / b}'; }
# median X...: the median of the numbers given
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# store_read_parameters URL TOKEN: stores the three GLOBAL parameters bench/get-parameters.lua reads, for TOKEN's user
store_read_parameters() {
  curl -sf -X POST "$1/api/apps/default/methods/session.set-parameters" -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $2" -d '{"inputs":{"scope":"GLOBAL","parameters":[
      {"name":"cartId","dataType":"STRING","value":"cart-42"},
      {"name":"itemCount","dataType":"INTEGER","value":3},
      {"name":"lastSeen","dataType":"DATETIME","value":"2026-11-22T10:15:30+01:00"}]}}' >/dev/null
}
# read_once URL TOKEN: the answer to one request of bench/get-parameters.lua (what the load will be answered)
read_once() {
  curl -sf -X POST "$1/api/apps/default/methods/session.get-parameters" -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $2" -d "$(sed -n "s/^wrk.body = '\(.*\)'$/\1/p" bench/get-parameters.lua)"
}
