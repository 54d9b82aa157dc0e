#!/usr/bin/env bash
# Makes sure Debian's Chromium is present for the real-browser tests: installs it with apt when running as root.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Chromium is missing at $CHROMIUM: install it with 'sudo apt-get install -y chromium' (or set CHROMIUM_PATH), then rerun npm test." >&2
  exit 1
fi
echo "Installing Debian's chromium for the real-browser tests..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends chromium fonts-noto-core >/dev/null
[ -x "$CHROMIUM" ] || { echo "Chromium install failed: $CHROMIUM still missing." >&2; exit 1; }
