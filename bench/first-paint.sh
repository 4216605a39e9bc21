#!/usr/bin/env bash
# First paint of the board on a throttled iPad (bench/first-paint.mjs): the release build,
# the demo desk with 3,000 tickets (120 open), the supervisor signed in. Prints the medians
# of RUNS visits, first (empty cache) and second (cached assets).
# Usage: bench/first-paint.sh [RUNS, default 5]
source "$(dirname "$0")/lib.sh"
runs="${1:-5}"
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then make --no-print-directory build-release; fi
seeded SQLite 3000 120
serve
if [ -f "$site/build-id.txt" ]; then
  echo "-- site: build $(cat "$site/build-id.txt"), $(find "$site/pkg/$(cat "$site/build-id.txt")" -name '*.wasm' | wc -l) wasm modules"
fi
node bench/first-paint.mjs "http://127.0.0.1:$port" supervisor "$desk_pass" "$runs"
echo "-- the same, nothing compressed (as served before precompression):"
FIRST_PAINT_ENCODING=identity node bench/first-paint.mjs "http://127.0.0.1:$port" supervisor "$desk_pass" "$runs"
stop
