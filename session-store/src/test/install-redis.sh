#!/bin/sh
# Installs what the Redis tests need when it is missing: Debian's redis-server package, which provides
# /usr/bin/redis-server and /usr/bin/redis-cli. Idempotent; run it as root (or through sudo) before the build:
#   session-store/src/test/install-redis.sh && ./mvnw -B verify
# The test fixture (dev.sessionkit.store.testing.RedisServer) also runs it by itself when the binaries are missing.
exec sh "$(dirname "$0")/../../../build/install-debian-packages.sh" "the Redis tests" \
  "-Dsessionkit.redis-server=<server> -Dsessionkit.redis-cli=<cli>" redis-server -- /usr/bin/redis-server \
  /usr/bin/redis-cli
