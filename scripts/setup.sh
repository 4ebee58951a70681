#!/usr/bin/env bash
# Installs what Clientele needs to build and test (Debian 12 packages), then builds it.
#   scripts/setup.sh release   -> build-release/ (optimised; what scripts/run.sh serves)
#   scripts/setup.sh debug     -> build/ (warnings as errors, unit tests; what scripts/test.sh uses)
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-release}"
packages=(g++ cmake ninja-build pkg-config
          libboost1.81-dev libboost-url1.81-dev libboost-json1.81-dev
          libsqlite3-dev libpq-dev libsodium-dev libcurl4-openssl-dev
          libspdlog-dev libfmt-dev libcli11-dev libgtest-dev nodejs)

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
