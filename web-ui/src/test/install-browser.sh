#!/bin/sh
# Installs what the browser tests need when it is missing: Debian's chromium and chromium-driver (the same version),
# at /usr/bin/chromium and /usr/bin/chromedriver. Idempotent; run it as root (or through sudo) before the build:
#   web-ui/src/test/install-browser.sh && ./mvnw -B verify
set -eu
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser.sh: no apt-get here. Install Chromium and its driver (same version) yourself and run the" \
       "build with -Dsessionkit.chromium=<browser> -Dsessionkit.chromedriver=<driver>." >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  SUDO="sudo -n"
fi
echo "install-browser.sh: installing chromium and chromium-driver for the browser tests" >&2
if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver; }
then
  echo "install-browser.sh: could not install chromium and chromium-driver (needs root or password-less sudo, and" \
       "Debian's package archive). Install them yourself; the browser tests fail until they are there." >&2
  exit 1
fi
