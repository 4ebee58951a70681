#!/usr/bin/env bash
# Runs every test: unit tests (GoogleTest via CTest), the API tests against the real binary
# (Node's test runner) on SQLite and again on PostgreSQL, the web UI's unit tests (Vitest) and
# its browser tests (Playwright driving Debian's Chromium against the real binary serving
# web/dist). Installs and builds what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh debug

# A throwaway PostgreSQL 15 cluster (temp dir, free loopback port), stopped on exit: the
# PostgreSQL cases of the store conformance test and the second run of the API tests use it.
eval "$(tests/support/pg-cluster.sh start)"
trap 'tests/support/pg-cluster.sh stop "$CLIENTELE_TEST_PG_DIR"' EXIT
export CLIENTELE_TEST_PG="$CLIENTELE_TEST_PG_URL"

status=0
echo "== Unit tests"
ctest --test-dir build --output-on-failure --no-tests=error --timeout 300 -j2 || status=1

echo "== API tests (SQLite)"
CLIENTELE_BIN="$PWD/build/server/clientele" node --test --test-concurrency=2 tests/api/ || status=1

echo "== API tests (PostgreSQL)"
CLIENTELE_TEST_BACKEND=postgres CLIENTELE_BIN="$PWD/build/server/clientele" \
  node --test --test-concurrency=2 tests/api/ || status=1

echo "== Web unit tests"
(cd web && npx vitest run) || status=1

echo "== Browser tests"
(cd web && CLIENTELE_BIN="$PWD/../build/server/clientele" npx playwright test) || status=1

if ((status)); then echo "Some tests failed."; else echo "All tests passed."; fi
exit $status
