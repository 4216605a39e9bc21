#!/usr/bin/env bash
# Board benchmark: seeds a desk with TOTAL tickets, OPEN of them open (default 1,000,000 and
# 100,000), serves it (release build) and loads the board as the supervisor with wrk from
# Debian's packages: the whole board (5 lanes of 30 cards + counters) and one card.
# Prints wrk's requests/s and latency percentiles (p50, p99). SQLite always; PostgreSQL
# from HOTLINE_TEST_PG (default postgres://postgres@127.0.0.1:5432) when it answers.
# Usage: bench/board.sh [TOTAL] [OPEN] [SECONDS per run, default 20]
set -euo pipefail
cd "$(dirname "$0")/.."
total="${1:-1000000}"; open="${2:-100000}"; secs="${3:-20}"
command -v wrk >/dev/null || { sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo; $sudo apt-get install -y -qq wrk; }
export RUSTFLAGS="--cfg erase_components"
cargo leptos build --release >/dev/null
bin="${CARGO_TARGET_DIR:-target}/release/hotline"
work=$(mktemp -d /tmp/hotline-board.XXXXXX)
port=3900
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

run() { # $1 label, $2 DATABASE_URL
  echo "== $1: seeding $total tickets ($open open)"
  DATABASE_URL="$2" "$bin" migrate >/dev/null
  DATABASE_URL="$2" "$bin" seed --demo --credentials-file "$work/creds.txt" >/dev/null
  /usr/bin/time -f "seed: %e s, max RSS %M KB" env DATABASE_URL="$2" "$bin" seed --tickets "$total" --open "$open"
  pass=$(sed -n 's/^other demo users, password \(.*\):$/\1/p' "$work/creds.txt")
  DATABASE_URL="$2" HOTLINE_BIND="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site RUST_LOG=warn \
    HOTLINE_SECRET="bench-secret-bench-secret-bench-secret-00" "$bin" serve >"$work/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  curl -s -c "$work/jar" -H "Origin: http://127.0.0.1:$port" -H "Accept: application/json" \
    --data-urlencode login=supervisor --data-urlencode "password=$pass" \
    "http://127.0.0.1:$port/api/login" >/dev/null
  cookie=$(awk '$6=="hotline_session"{print $6"="$7}' "$work/jar")
  [ -n "$cookie" ] || { echo "login failed"; cat "$work/serve.log"; exit 1; }
  for target in "board/get" "board/get?group=department" "board/get?overdue=true&priority=urgent" "board/counters" "board/card?id=$((total - 5))"; do
    echo "-- GET /api/$target (4 connections, ${secs}s)"
    wrk -t2 -c4 -d"${secs}s" --latency -H "Cookie: $cookie" -H "Accept: application/json" \
      "http://127.0.0.1:$port/api/$target" | grep -E "Requests/sec|50%|99%|Non-2xx"
  done
  echo "-- server memory: $(ps -o rss= -p "$server") KB RSS"
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
}

run "SQLite" "sqlite://$work/board.db"
pg="${HOTLINE_TEST_PG:-postgres://postgres@127.0.0.1:5432}"
if psql "$pg/postgres" -qc "SELECT 1" >/dev/null 2>&1; then
  db="hotline_board_$$"
  psql "$pg/postgres" -qc "CREATE DATABASE $db" >/dev/null
  run "PostgreSQL" "$pg/$db" || true
  psql "$pg/postgres" -qc "DROP DATABASE $db" >/dev/null
fi
