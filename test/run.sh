#!/usr/bin/env bash
# `npm test`: type-check, lint, then every vitest project (unit, integration, real-browser), with a one-line summary.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-artifacts

bash test/ensure-chromium.sh || exit 1
bash test/ensure-postgres.sh || exit 1
echo "== type-check" && npx tsc --noEmit -p tsconfig.json || exit 1
echo "== lint" && npx eslint . || exit 1
echo "== tests (unit, integration, real browser)"
npx vitest run --reporter=default --reporter=json --outputFile.json=test-artifacts/vitest.json
status=$?
npx tsx test/summary.ts test-artifacts/vitest.json || status=1
exit $status
