#!/bin/sh
# Installs what the metrics format test needs when it is missing: promtool from Debian's prometheus package
# (/usr/bin/promtool). Idempotent; run it as root (or through sudo) before the build:
#   host-app/src/test/install-promtool.sh && ./mvnw -B verify
# The test (dev.sessionkit.host.MetricsFormatTest) also runs it by itself when promtool is missing. The package's own
# Prometheus service is not used: the test only runs 'promtool check metrics'.
exec sh "$(dirname "$0")/../../../build/install-debian-packages.sh" "the metrics format test" \
  "-Dsessionkit.promtool=<path of the promtool binary>" prometheus -- /usr/bin/promtool
