#!/usr/bin/env bash
# Browser tests: for each backend, a fresh database seeded by `hotline seed --demo`, the
# debug server on a spare port, and Playwright (Debian's Chromium) against it.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${CARGO_TARGET_DIR:-target}/debug/hotline"
port=3100
work=$(mktemp -d /tmp/hotline-e2e.XXXXXX)
server_pid=""
stop_server() { if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""; fi; }
trap 'stop_server; rm -rf "$work"' EXIT

run_backend() {
  local label=$1 url=$2
  echo "--- end-to-end on $label"
  "$bin" --database-url "$url" seed --demo --credentials-file "$work/creds-$label.txt" >/dev/null
  HOTLINE_ADMIN_PASSWORD=$(sed -n 's/^admin password: //p' "$work/creds-$label.txt")
  HOTLINE_STAFF_PASSWORD=$(sed -n 's/^other demo users, password \(.*\):$/\1/p' "$work/creds-$label.txt")
  export HOTLINE_ADMIN_PASSWORD HOTLINE_STAFF_PASSWORD
  DATABASE_URL="$url" HOTLINE_BIND="127.0.0.1:$port" HOTLINE_SECRET="e2e-secret-0123456789-abcdefghijklmnop" \
    HOTLINE_LOGIN_BURST_PER_IP=10000 HOTLINE_LOGIN_BURST_PER_ACCOUNT=10000 \
    "$bin" serve >"$work/server-$label.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.2
  done
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$work/server-$label.log"; exit 1; }
  # On failure the server's last lines come first and Playwright's verdict last, so that the
  # end of the output (all a CI summary may keep) names the test that failed.
  if ! (cd end2end && HOTLINE_BASE_URL="http://127.0.0.1:$port" npx playwright test) 2>&1 | tee "$work/playwright-$label.log"; then
    echo "--- the server's last lines ($label)"
    tail -50 "$work/server-$label.log"
    echo "--- what failed on $label"
    grep -E '✘|Error|expect|[0-9]+ (failed|flaky|passed)' "$work/playwright-$label.log" | tail -40
    exit 1
  fi
  stop_server
}

run_backend sqlite "sqlite://$work/e2e.db"
if [ -n "${HOTLINE_TEST_PG:-}" ]; then
  db="hotline_test_e2e_$$"
  psql "$HOTLINE_TEST_PG/postgres" -qc "CREATE DATABASE $db" >/dev/null
  run_backend postgres "$HOTLINE_TEST_PG/$db"
fi
