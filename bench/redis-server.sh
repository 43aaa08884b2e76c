# Sourced by the Redis bench scripts: starts Debian's redis-server on a free loopback port, without persistence, in a
# temporary directory (stopped and deleted on exit, after whatever the caller's own exit trap does), and defines rcli.
# Sets REDIS_PORT and REDIS_URL.
command -v redis-server >/dev/null || { echo "redis-server is missing: apt-get install -y redis-server" >&2; exit 1; }
REDIS_DIR=$(mktemp -d)
REDIS_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$REDIS_DIR" \
  --maxmemory-policy noeviction >"$REDIS_DIR/redis.log" 2>&1 &
REDIS_PID=$!
stop_redis() { kill "$REDIS_PID" 2>/dev/null; wait "$REDIS_PID" 2>/dev/null || true; rm -rf "$REDIS_DIR"; }
REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
rcli() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@"; }
for _ in $(seq 1 100); do [ "$(rcli PING 2>/dev/null)" = PONG ] && break; sleep 0.05; done
[ "$(rcli PING 2>/dev/null)" = PONG ] || { echo "redis-server did not start:" >&2; cat "$REDIS_DIR/redis.log" >&2; exit 1; }
# info_field SECTION FIELD: one field of INFO
info_field() { rcli INFO "$1" | tr -d '\r' | awk -F: -v f="$2" '$1 == f {print $2}'; }
