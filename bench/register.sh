#!/usr/bin/env bash
# Registration benchmark on SQLite and PostgreSQL: registrations/s, p50/p99 and the ratio to a
# bare single-row insert into the same database, at concurrency 1, 4, 16, 32.
# Usage: bench/register.sh [TOTAL per level, default 400]. PostgreSQL from HOTLINE_TEST_PG
# (default postgres://postgres@127.0.0.1:5432) when it answers.
set -euo pipefail
cd "$(dirname "$0")/.."
total="${1:-400}"
export RUSTFLAGS="--cfg erase_components"
cargo build --release -q -p server --example register_bench
bin="${CARGO_TARGET_DIR:-target}/release/examples/register_bench"
work=$(mktemp -d /tmp/hotline-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "== SQLite"
"$bin" "sqlite://$work/bench.db" "$total"
pg="${HOTLINE_TEST_PG:-postgres://postgres@127.0.0.1:5432}"
if psql "$pg/postgres" -qc "SELECT 1" >/dev/null 2>&1; then
  db="hotline_bench_$$"
  psql "$pg/postgres" -qc "CREATE DATABASE $db" >/dev/null
  echo "== PostgreSQL"
  "$bin" "$pg/$db" "$total" || true
  psql "$pg/postgres" -qc "DROP DATABASE $db" >/dev/null
fi
