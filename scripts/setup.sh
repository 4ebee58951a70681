#!/usr/bin/env bash
# Installs what Clientele needs to build and test (Debian 12 packages, the web UI's npm
# packages), then builds the server and the web bundle (web/dist).
#   scripts/setup.sh release   -> build-release/ (optimised; what scripts/run.sh serves)
#   scripts/setup.sh debug     -> build/ (warnings as errors, unit tests; what scripts/test.sh uses),
#                                 plus Debian's Chromium for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-release}"
packages=(g++ cmake ninja-build pkg-config
          libboost1.81-dev libboost-url1.81-dev libboost-json1.81-dev
          libsqlite3-dev libpq-dev libsodium-dev libcurl4-openssl-dev libroaring-dev
          libspdlog-dev libfmt-dev libcli11-dev libgtest-dev zlib1g-dev nodejs)

# The browser tests drive Debian's Chromium; no browser is ever downloaded by npm.
[[ "$mode" == debug ]] && packages+=(chromium)
# The tests also run on a throwaway PostgreSQL 15 cluster (tests/support/pg-cluster.sh).
[[ "$mode" == debug ]] && packages+=(postgresql-15)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node may come from elsewhere than Debian's nodejs package; any node >= 18 will do.
if command -v node >/dev/null 2>&1; then
  missing=("${missing[@]/nodejs}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
if ((${#missing[@]})); then
  echo "Installing: ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}"
fi

# The web UI (web/): Vite needs Node.js 20.19 or newer with npm (Debian 12's own nodejs is 18).
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
    || ! command -v npm >/dev/null 2>&1; then
  echo "The web UI needs Node.js >= 20.19 and npm (found: $(node --version 2>/dev/null || echo none))." >&2
  echo "Install Node.js 20 or 22 (with npm), then run this again." >&2
  exit 1
fi
# Reinstall only when package-lock.json changed since the last install.
if [[ ! -f web/node_modules/.package-lock.json || web/package-lock.json -nt web/node_modules/.package-lock.json ]]; then
  (cd web && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi
(cd web && npm run build --silent -- --logLevel warn)

case "$mode" in
  release)
    cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DCLIENTELE_BUILD_TESTS=OFF >/dev/null
    cmake --build build-release --target clientele
    ;;
  debug)
    cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCLIENTELE_WERROR=ON >/dev/null
    cmake --build build
    ;;
  *)
    echo "usage: scripts/setup.sh [release|debug]" >&2
    exit 2
    ;;
esac
