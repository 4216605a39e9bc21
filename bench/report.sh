#!/usr/bin/env bash
# Daily report benchmark: on a desk of TOTAL tickets (default 1,000,000, 100,000 open; the
# seed writes each ticket's whole history and its report facts), times in process the
# report a day and a year to that day take to compute (cached days and cold), then loads
# the report page's data (day, year) and the CSV export over HTTP with wrk. Prints p50/p99
# per backend (SQLite always; PostgreSQL from HOTLINE_TEST_PG when it answers).
# Usage: bench/report.sh [TOTAL] [OPEN] [SECONDS per HTTP run, default 10]
source "$(dirname "$0")/lib.sh"
total="${1:-1000000}"; open="${2:-100000}"; secs="${3:-10}"
build report_bench
day=$(TZ=Asia/Shanghai date -d "2 days ago" +%F)
for label in $(backends); do
  seeded "$label" "$total" "$open"
  "$examples/report_bench" "$desk_url"
  serve
  for target in "report/get?date=$day" "report/get?date=$day&period=year" \
    "report/export?date=$day&format=csv&list=report"; do
    load "$target" "$secs"
  done
  stop
done
