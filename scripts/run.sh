#!/usr/bin/env bash
# `make run`: starts Herald on the embedded default (SQLite in ./herald-data, 127.0.0.1:8080),
# filling it with demo data the first time. Usage: scripts/run.sh [CONFIG_FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/herald
config_args=()
[ -n "${1:-}" ] && config_args=(--config "$1")
if [ -z "${1:-}" ] && [ ! -s herald-data/herald.db ]; then
  echo "First start: creating the demo store (keep the api_key below to call the API)."
  "$bin" demo "${config_args[@]}"
fi
# The pages need an admin user: make one once, its password kept in herald-data (mode 600).
if [ -z "${1:-}" ] && [ ! -e herald-data/admin-password.txt ]; then
  password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
  if printf '%s\n' "$password" | "$bin" user add admin@example.com --password-stdin >/dev/null; then
    (umask 077 && printf 'admin@example.com\n%s\n' "$password" > herald-data/admin-password.txt)
  fi
fi
[ -e herald-data/admin-password.txt ] &&
  echo "Pages: http://127.0.0.1:8080/ui (login in herald-data/admin-password.txt)"
echo "Herald: http://127.0.0.1:8080/healthz (Ctrl-C stops)"
exec "$bin" serve "${config_args[@]}"
