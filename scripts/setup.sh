#!/usr/bin/env bash
# Installs the Debian packages Herald needs to build, test and run (idempotent).
# Usage: scripts/setup.sh [bench|sanitizers]
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build ccache pkg-config clang-format
  libboost-dev libsqlite3-dev libcurl4-openssl-dev libgmime-3.0-dev
  libphonenumber-dev libkainjow-mustache-dev nlohmann-json3-dev
  libspdlog-dev libfmt-dev libcli11-dev libtoml11-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev libjemalloc-dev libpq-dev
  # the PostgreSQL backend's tests start their own server (initdb, pg_ctl) on loopback
  postgresql-15
  # integration tests: real SMTP server, real Kannel, real Postfix relay, HTTP client
  python3 python3-aiosmtpd kannel kannel-extras postfix curl
  # browser tests of the pages: chromium driven by playwright-core (npm)
  chromium nodejs
)
if [ "${1:-}" = bench ]; then
  packages+=(wrk nginx-light libsisimai-perl python3-flufl.bounce linux-perf valgrind sqlite3 bc)
fi
# make fuzz, make test-asan: clang, its runtime libraries (libclang_rt.fuzzer, asan, ubsan) and
# llvm-symbolizer (llvm-14), which names the functions in reports and suppressions.
if [ "${1:-}" = sanitizers ]; then
  packages+=(clang libclang-rt-14-dev llvm-14)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
command -v npm >/dev/null 2>&1 || missing+=(npm)  # nodesource's nodejs ships npm itself

# npm dev dependencies of the browser tests (playwright-core only; node_modules is ignored by git).
install_npm_deps() {
  local dir
  dir="$(cd "$(dirname "$0")/.." && pwd)/tests/ui"
  if [ ! -d "$dir/node_modules" ]; then
    echo "Installing npm dependencies in $dir"
    npm ci --prefix "$dir" --no-audit --no-fund
  fi
}
if [ ${#missing[@]} -eq 0 ]; then
  install_npm_deps
  exit 0
fi

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
# Postfix must not ask questions nor start a system-wide service on install.
echo "postfix postfix/main_mailer_type select No configuration" | $SUDO debconf-set-selections
# PostgreSQL must not create and start a system-wide cluster: the tests start their own.
if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
  $SUDO mkdir -p /etc/postgresql-common
  echo "create_main_cluster = false" | $SUDO tee /etc/postgresql-common/createcluster.conf >/dev/null
fi
echo "Installing: ${missing[*]}"
$SUDO apt-get update -qq || true
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
install_npm_deps
