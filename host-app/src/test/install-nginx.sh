#!/bin/sh
# Installs what the load-balancer tests need when it is missing: Debian's nginx package (/usr/sbin/nginx). Idempotent;
# run it as root (or through sudo) before the build:
#   host-app/src/test/install-nginx.sh && ./mvnw -B verify
# The test fixture (dev.sessionkit.host.NginxServer) also runs it by itself when nginx is missing. The package's own
# service is not used: the tests start nginx with their own configuration on free loopback ports.
exec sh "$(dirname "$0")/../../../build/install-debian-packages.sh" "the load-balancer tests" \
  "-Dsessionkit.nginx=<path of the nginx binary>" nginx -- /usr/sbin/nginx
