#!/usr/bin/env bash
# Runs a command with HOTLINE_TEST_PG pointing at a PostgreSQL server: the one on
# 127.0.0.1:5432 when it answers, else a throwaway cluster (installing Debian's postgresql
# if needed) that is removed afterwards. Test databases (hotline_test_*) are dropped at the end.
set -euo pipefail
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
cleanup_cluster=""
if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  export HOTLINE_TEST_PG="postgres://postgres@127.0.0.1:5432"
else
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "installing Debian's postgresql for the tests…"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql
  fi
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  dir=$(mktemp -d /tmp/hotline-pg.XXXXXX)
  port=55432
  as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >/dev/null
  as_pg "$bin/pg_ctl" -D "$dir/data" -o "-p $port -k $dir -c listen_addresses=127.0.0.1" -l "$dir/log" -w start >/dev/null
  export HOTLINE_TEST_PG="postgres://postgres@127.0.0.1:$port"
  cleanup_cluster="as_pg $bin/pg_ctl -D $dir/data -m fast -w stop >/dev/null; rm -rf $dir"
  echo "started a throwaway PostgreSQL on port $port"
fi

drop_test_dbs() {
  psql "$HOTLINE_TEST_PG/postgres" -Atqc \
    "SELECT datname FROM pg_database WHERE datname LIKE 'hotline_test_%'" 2>/dev/null |
    while read -r db; do psql "$HOTLINE_TEST_PG/postgres" -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true; done
}
finish() {
  drop_test_dbs
  if [ -n "$cleanup_cluster" ]; then eval "$cleanup_cluster"; fi
}
trap finish EXIT
"$@"
