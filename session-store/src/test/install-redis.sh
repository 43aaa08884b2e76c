#!/bin/sh
# Installs what the Redis tests need when it is missing: Debian's redis-server package, which provides
# /usr/bin/redis-server and /usr/bin/redis-cli. Idempotent; run it as root (or through sudo) before the build:
#   session-store/src/test/install-redis.sh && ./mvnw -B verify
# The test fixture (dev.sessionkit.store.testing.RedisServer) also runs it by itself when the binaries are missing.
set -eu
if [ -x /usr/bin/redis-server ] && [ -x /usr/bin/redis-cli ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-redis.sh: no apt-get here. Install Redis (redis-server and redis-cli) yourself and run the" \
       "build with -Dsessionkit.redis-server=<server> -Dsessionkit.redis-cli=<cli>." >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  SUDO="sudo -n"
fi
echo "install-redis.sh: installing redis-server (redis-server and redis-cli) for the Redis tests" >&2
if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server; }
then
  echo "install-redis.sh: could not install the package redis-server (needs root or password-less sudo, and" \
       "Debian's package archive). Install it yourself; the Redis tests fail until it is there." >&2
  exit 1
fi
