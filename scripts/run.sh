#!/usr/bin/env bash
# `make run`: starts Herald on the embedded default (SQLite in ./herald-data, 127.0.0.1:8080),
# filling it with demo data the first time. Usage: scripts/run.sh [CONFIG_FILE]
#
# Without a configuration file, email and SMS go to the capture transport unless a relay is
# named in the environment (HERALD_EMAIL_SMTP_URL / HERALD_EMAIL_TRANSPORT, HERALD_SMS_URL /
# HERALD_SMS_PROVIDER): messages are recorded as sent and read in the pages and the API, and
# nothing leaves the machine. HERALD_HOME (default: the repository) is where herald-data goes;
# HERALD_BIN (default: build/herald) is the binary.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$(realpath "${HERALD_BIN:-$root/build/herald}")"
cd "${HERALD_HOME:-$root}"
config_args=()
[ -n "${1:-}" ] && config_args=(--config "$(realpath "$1")")
listen="${HERALD_SERVER_LISTEN:-127.0.0.1:8080}"
if [ -z "${1:-}" ]; then
  if [ -z "${HERALD_EMAIL_SMTP_URL:-}${HERALD_EMAIL_TRANSPORT:-}" ]; then
    export HERALD_EMAIL_TRANSPORT=capture
    echo "email: capture (nothing leaves this machine; configure [email] relay to send)"
  fi
  if [ -z "${HERALD_SMS_URL:-}${HERALD_SMS_PROVIDER:-}" ]; then
    export HERALD_SMS_PROVIDER=capture
    echo "sms: capture (nothing leaves this machine; configure [sms] gateway to send)"
  fi
fi
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
  echo "Pages: http://$listen/ui (login in herald-data/admin-password.txt)"
echo "Herald: http://$listen/healthz (Ctrl-C stops)"
exec "$bin" serve "${config_args[@]}"
