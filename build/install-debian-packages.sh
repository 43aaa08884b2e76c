#!/bin/sh
# Installs Debian packages that the tests need, when the files they provide are missing; idempotent. Run as root or
# with password-less sudo. Called by the thin scripts beside the tests that need them (install-redis.sh,
# install-browser.sh, install-nginx.sh), which the test fixtures and the build run by themselves:
#   install-debian-packages.sh "<what needs them>" "<how to point the build at them instead>" PACKAGE... -- FILE...
# Exits 0 when every FILE is executable (at once, or after installing the packages), 1 otherwise, saying why.
set -eu
purpose="$1"; instead="$2"; shift 2
packages=""
while [ "$1" != "--" ]; do packages="$packages $1"; shift; done
shift
present=true
for file in "$@"; do [ -x "$file" ] || present=false; done
if $present; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install:$packages: no apt-get here. Install it yourself for $purpose and run the build with $instead." >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  SUDO="sudo -n"
fi
echo "install: installing$packages for $purpose" >&2
# shellcheck disable=SC2086 # the package list is split on purpose
if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $packages; }; then
  echo "install: could not install$packages (needs root or password-less sudo, and Debian's package archive)." \
       "Install it yourself; $purpose fail until it is there." >&2
  exit 1
fi
