#!/usr/bin/env bash
# Redis memory per GLOBAL session of three small parameters: used_memory before and after a store over Redis is filled
# with N sessions (default 100,000) by SessionMemoryBenchmark (docs/performance.md records the numbers).
#
#   bench/redis-memory.sh [sessions]
#
# Needs redis-server (apt-get install -y redis-server). Redis runs on a free loopback port and is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
SESSIONS="${1:-100000}"
. bench/redis-server.sh
trap 'code=$?; stop_redis; exit $code' EXIT
before=$(info_field memory used_memory)
./mvnw -q -pl host-app -am -DskipTests -Pmemory verify -Dsessions="$SESSIONS" -Dredis="$REDIS_URL" \
  | grep -v '^\[' || true
after=$(info_field memory used_memory)
echo "Redis $(info_field server redis_version), keys: $(rcli DBSIZE)"
echo "used_memory: $before -> $after bytes"
echo "Redis bytes per GLOBAL session: $(( (after - before) / SESSIONS ))"
