#!/usr/bin/env bash
# Makes sure PostgreSQL server binaries exist for the tests (the test setup starts its own throwaway server).
set -euo pipefail
if [ -n "${PG_BIN:-}" ] && [ -x "$PG_BIN/initdb" ]; then exit 0; fi
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "PostgreSQL is missing: install it with 'sudo apt-get install -y postgresql' (or set PG_BIN), then rerun npm test." >&2
  exit 1
fi
echo "Installing Debian's postgresql for the tests..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends postgresql >/dev/null
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { echo "PostgreSQL install failed: initdb still missing." >&2; exit 1; }
