# Shared by the bench scripts (sourced): a release build, a seeded desk per backend that is
# kept between runs (seeding 1,000,000 tickets takes minutes; tickets go to 50 departments,
# BENCH_DEPARTMENTS says otherwise), a served desk and a
# supervisor's session. BENCH_FRESH=1 seeds again; BENCH_DIR says where desks are kept.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export RUSTFLAGS="--cfg erase_components"
bin="${CARGO_TARGET_DIR:-target}/release/hotline"
examples="${CARGO_TARGET_DIR:-target}/release/examples"
keep="${BENCH_DIR:-$HOME/.cache/hotline-bench}"
pg="${HOTLINE_TEST_PG:-postgres://postgres@127.0.0.1:5432}"
site="${LEPTOS_SITE_ROOT:-target/site}"
port=3900
server=""
work=$(mktemp -d /tmp/hotline-bench.XXXXXX)
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
# Bump when the seeded data changes shape, so kept desks are seeded again.
seed_version=4

# The release binary (and the examples named), without the browser bundle: the benches
# talk to the JSON API only. BENCH_SKIP_BUILD=1 uses the binaries already built.
build() {
  [ -z "${BENCH_SKIP_BUILD:-}" ] || return 0
  local args=(-p server --bin hotline)
  for e in "$@"; do args+=(--example "$e"); done
  cargo build --release -q "${args[@]}"
}

# The backends to run on: SQLite always, PostgreSQL when it answers (BENCH_BACKENDS=SQLite
# for one).
backends() {
  [ -z "${BENCH_BACKENDS:-}" ] || { echo "$BENCH_BACKENDS"; return; }
  echo SQLite
  psql "$pg/postgres" -qc "SELECT 1" >/dev/null 2>&1 && echo PostgreSQL || true
}

# seeded LABEL TOTAL OPEN: sets desk_url and desk_pass to a desk seeded with TOTAL tickets,
# OPEN of them open; seeds it only the first time.
seeded() {
  local label=$1 total=$2 open=$3 name="v$seed_version-$2-$3"
  mkdir -p "$keep"
  local marker="$keep/$label-$name.seeded" creds="$keep/$label-$name.creds"
  if [ "$label" = SQLite ]; then
    desk_url="sqlite://$keep/desk-$name.db"
  else
    desk_url="$pg/hotline_bench_${name//-/_}"
  fi
  if [ -n "${BENCH_FRESH:-}" ] || [ ! -f "$marker" ]; then
    rm -f "$marker"
    if [ "$label" = SQLite ]; then
      rm -f "$keep/desk-$name.db"*
    else
      psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS ${desk_url##*/}" >/dev/null
      psql "$pg/postgres" -qc "CREATE DATABASE ${desk_url##*/}" >/dev/null
    fi
    echo "== $label: seeding $total tickets ($open open), kept in $keep"
    DATABASE_URL="$desk_url" "$bin" migrate >/dev/null
    DATABASE_URL="$desk_url" "$bin" seed --demo --credentials-file "$creds" >/dev/null
    /usr/bin/time -f "seed: %e s, max RSS %M KB" env DATABASE_URL="$desk_url" "$bin" seed --tickets "$total" --open "$open" --departments "${BENCH_DEPARTMENTS:-50}"
    touch "$marker"
  else
    echo "== $label: the desk seeded earlier with $total tickets ($open open)"
  fi
  desk_pass=$(sed -n 's/^other demo users, password \(.*\):$/\1/p' "$creds")
}

# serve: the release build on $desk_url; sets server and cookie (the supervisor signed in).
# The benches sign in once per run: the sign-in limits are lifted for them.
serve() {
  DATABASE_URL="$desk_url" HOTLINE_BIND="127.0.0.1:$port" LEPTOS_SITE_ROOT="$site" RUST_LOG=warn \
    HOTLINE_LOGIN_BURST_PER_IP=10000 HOTLINE_LOGIN_BURST_PER_ACCOUNT=10000 \
    HOTLINE_SECRET="bench-secret-bench-secret-bench-secret-00" "$bin" serve >"$work/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  curl -s -c "$work/jar" -H "Origin: http://127.0.0.1:$port" -H "Accept: application/json" \
    --data-urlencode login=supervisor --data-urlencode "password=$desk_pass" \
    "http://127.0.0.1:$port/api/login" >/dev/null
  cookie=$(awk '$6=="hotline_session"{print $6"="$7}' "$work/jar")
  [ -n "$cookie" ] || { echo "login failed"; cat "$work/serve.log"; exit 1; }
}

# The server's resident memory in MB, now.
rss_mb() { echo $(( $(ps -o rss= -p "$server") / 1024 )); }

# peak COMMAND…: runs it, sampling the server's RSS twice a second; prints the peak.
peak() {
  local top=0 now pid
  "$@" & pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    now=$(rss_mb); [ "$now" -gt "$top" ] && top=$now
    sleep 0.5
  done
  wait "$pid"
  echo "   server RSS peak during it: $top MB"
}

stop() {
  echo "-- server memory: $(ps -o rss= -p "$server") KB RSS"
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
}

# load PATH SECONDS: one request, then wrk with 4 connections on GET /api/PATH for SECONDS;
# prints requests/s, p50, p99.
load() {
  command -v wrk >/dev/null || { local s=""; [ "$(id -u)" = 0 ] || s=sudo; $s apt-get install -y -qq wrk; }
  echo "-- GET /api/$1 (4 connections, ${2}s)"
  # One request first: a report's days not yet kept are computed (and kept) by the first reader.
  curl -s -o /dev/null -H "Cookie: $cookie" -H "Accept: application/json" "http://127.0.0.1:$port/api/$1"
  wrk -t2 -c4 -d"${2}s" --latency -H "Cookie: $cookie" -H "Accept: application/json" \
    "http://127.0.0.1:$port/api/$1" | grep -E "Requests/sec|50%|99%|Non-2xx"
}
