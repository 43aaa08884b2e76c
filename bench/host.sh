# Sourced by the bench scripts: checks the tools, starts the packaged host on 127.0.0.1:$PORT over a fresh data
# directory (stopped and deleted on exit), waits for /health, and signs the admin in ($TOKEN). Sets BASE, DATA, LOG,
# and defines rps, p99 and errors, which read a wrk --latency report.
JAR=host-app/target/sessionkit.jar
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
[ -f "$JAR" ] || { echo "$JAR is missing: run ./mvnw -q -DskipTests package first" >&2; exit 1; }

DATA=$(mktemp -d)
LOG="$DATA/host.log"
SESSIONKIT_ADMIN_PASSWORD=bench-password-1234 java -Xmx1g -jar "$JAR" --data-dir "$DATA" --port "$PORT" >"$LOG" 2>&1 &
HOST_PID=$!
trap 'code=$?; kill $HOST_PID 2>/dev/null; wait $HOST_PID 2>/dev/null || true; rm -rf "$DATA"; exit $code' EXIT
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do curl -sf "$BASE/health" >/dev/null && break; sleep 0.2; done
curl -sf "$BASE/health" >/dev/null || { echo "the host did not start; its log:" >&2; cat "$LOG" >&2; exit 1; }

TOKEN=$(curl -sf -X POST "$BASE/api/auth/login" -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"bench-password-1234"}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
export TOKEN

rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
p99() { awk '$1 == "99%" {print $2}' "$1"; }
errors() { awk '/Non-2xx/ {print $5; found = 1} END {if (!found) print 0}' "$1"; }
