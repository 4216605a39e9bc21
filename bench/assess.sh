#!/usr/bin/env bash
# Assessment benchmark: on a desk of TOTAL tickets (default 1,000,000, 100,000 open; the same
# kept desk as bench/report.sh), times in process last month's KPI sheet for every
# department and handler (cached days, and cold), then loads the page's data and the CSV
# export over HTTP with wrk. Prints p50/p99 per backend (SQLite always; PostgreSQL from
# HOTLINE_TEST_PG when it answers).
# Usage: bench/assess.sh [TOTAL] [OPEN] [SECONDS per HTTP run, default 10]
source "$(dirname "$0")/lib.sh"
total="${1:-1000000}"; open="${2:-100000}"; secs="${3:-10}"
build assess_bench
month=$(TZ=Asia/Shanghai date -d "$(date +%Y-%m-01) -1 month" +%Y-%m)
for label in $(backends); do
  seeded "$label" "$total" "$open"
  "$examples/assess_bench" "$desk_url"
  serve
  for target in "assessment/kpis?period=$month" "assessment/export?period=$month&format=csv"; do
    load "$target" "$secs"
  done
  stop
done
