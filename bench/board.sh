#!/usr/bin/env bash
# Board benchmark: a desk with TOTAL tickets, OPEN of them open (default 1,000,000 and
# 100,000), served by a release build and loaded as the supervisor with wrk from Debian's
# packages: the whole board (5 lanes + counters), grouped by department, a filtered board,
# the counters and one card. Prints requests/s and latency p50/p99 per backend (SQLite
# always; PostgreSQL from HOTLINE_TEST_PG when it answers). The seeded desks are kept for
# the next run (bench/lib.sh).
# The server's memory: RSS idle after start, its peak during each load, after each round of
# loads and a minute after the last (BENCH_REPEATS rounds, default 1; a leak is a staircase).
# Usage: bench/board.sh [TOTAL] [OPEN] [SECONDS per run, default 20]
source "$(dirname "$0")/lib.sh"
total="${1:-1000000}"; open="${2:-100000}"; secs="${3:-20}"
build
for label in $(backends); do
  seeded "$label" "$total" "$open"
  serve
  sleep 2
  echo "-- server RSS idle after start: $(rss_mb) MB"
  for round in $(seq "${BENCH_REPEATS:-1}"); do
    for target in "board/get" "board/get?group=department" "board/get?overdue=true&priority=urgent" \
      "board/counters" "board/card?id=$((total - 5))"; do
      peak load "$target" "$secs"
    done
    echo "-- round $round done: server RSS $(rss_mb) MB"
  done
  sleep 60
  echo "-- a minute after the loads: server RSS $(rss_mb) MB"
  stop
done
