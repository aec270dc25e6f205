#!/usr/bin/env bash
# API fuzzing: schemathesis (PyPI) generates requests from
# GET /api/openapi.json against a real `passeur serve` on a fresh SQLite
# database, and checks that no answer is a server error and that every
# answer matches the description (status codes, content types, headers and
# bodies), and that authentication is never ignored. Business rules the
# schema cannot say (a description's length, a postal code's country) and
# filters that are ignored rather than refused make the data-acceptance
# checks meaningless here: those two checks are left out. Usage: tests/fuzz/api.sh [BINARY]
# (default target/debug/passeur); PASSEUR_FUZZ_EXAMPLES sets the number of
# cases per operation (default 150).
set -euo pipefail
cd "$(dirname "$0")/../.."
binary="${1:-target/debug/passeur}"
examples="${PASSEUR_FUZZ_EXAMPLES:-150}"
work="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
export PASSEUR_DATABASE_URL="sqlite://$work/passeur.db"
export PASSEUR_MAIL_DIR="$work/mail"
export PASSEUR_BIND="127.0.0.1:$port"
# The per-address limit would answer most generated submissions with 429.
export PASSEUR_SUBMISSIONS_PER_HOUR=1000000
export PASSEUR_LOG=warn
"$binary" migrate >/dev/null
"$binary" fixtures load >/dev/null
token="$("$binary" token add fuzz 2>/dev/null)"
"$binary" serve >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 50); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
status=0
schemathesis run "http://127.0.0.1:$port/api/openapi.json" \
  --checks all \
  --exclude-checks positive_data_acceptance,negative_data_rejection \
  --max-examples "$examples" \
  --header "Authorization: Bearer $token" \
  --request-timeout 20 \
  --report junit --report-dir "${PASSEUR_FUZZ_REPORT_DIR:-$work/report}" \
  || status=$?
if grep -q "panicked" "$work/serve.log"; then
  echo "the server panicked:"; grep -A3 panicked "$work/serve.log"; status=1
fi
exit "$status"
