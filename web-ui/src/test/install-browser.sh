#!/bin/sh
# Installs what the browser tests need when it is missing: Debian's chromium and chromium-driver (the same version),
# at /usr/bin/chromium and /usr/bin/chromedriver. Idempotent; run it as root (or through sudo) before the build:
#   web-ui/src/test/install-browser.sh && ./mvnw -B verify
exec sh "$(dirname "$0")/../../../build/install-debian-packages.sh" "the browser tests" \
  "-Dsessionkit.chromium=<browser> -Dsessionkit.chromedriver=<driver>" chromium chromium-driver -- /usr/bin/chromium \
  /usr/bin/chromedriver
