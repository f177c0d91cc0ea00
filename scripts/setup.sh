#!/usr/bin/env bash
# Installs what Tether needs on a Debian 12 machine, and only what is missing:
#   scripts/setup.sh run    build tools and libraries, Node.js, the web UI's npm packages
#   scripts/setup.sh test   the same, plus Chromium and the pinned Claude Code CLI for the tests
# apt-get needs root (or sudo); npm packages go into folders of the repo, never global.
set -euo pipefail
mode=${1:-run}
root=$(cd "$(dirname "$0")/.." && pwd)

packages=(cmake ninja-build g++ make pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev libspdlog-dev libcli11-dev libssl-dev openssl)
if [ "$mode" = test ]; then
  # python3-prometheus-client: /metrics is checked by a real Prometheus text-format parser.
  packages+=(libgtest-dev libgmock-dev libbenchmark-dev libwebsocketpp-dev chromium clang libclang-rt-14-dev python3
    python3-prometheus-client)
fi
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]} with apt-get" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# npm ci only when the lock file changed since the last install.
npm_install() {
  local dir=$1
  [ -f "$dir/package-lock.json" ] || return 0
  local stamp="$dir/node_modules/.tether-installed"
  if [ ! -f "$stamp" ] || [ "$dir/package-lock.json" -nt "$stamp" ]; then
    echo "setup: npm ci in ${dir#"$root"/}" >&2
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    touch "$stamp"
  fi
}

npm_install "$root/web"
if [ "$mode" = test ]; then
  npm_install "$root/tests/tools"
fi
