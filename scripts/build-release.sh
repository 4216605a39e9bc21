#!/usr/bin/env bash
# `make run`'s build. On a fresh machine three compilations run side by side: the browser
# bundle and the server (two cargo processes with their own target folders, so neither waits
# for the other's lock — they share no artefacts anyway, being different profiles), and
# wasm-bindgen-cli when it is missing. Each writes its log under $CARGO_TARGET_DIR/logs; the
# script prints every half minute what is being compiled and each step's end with the time
# since `make` started.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
logs="$target/logs"
mkdir -p "$logs"
start=${START_TIME:-$(date +%s)}
export SITE_TARGET_DIR="$target/site-build"
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT

step() { # log name, command…
  local log=$1
  shift
  rm -f "$logs/$log.done"
  if "$@" >"$logs/$log.log" 2>&1; then
    touch "$logs/$log.done"
    printf '   [%s s] %s: done\n' $(($(date +%s) - start)) "$log"
  else
    printf '   [%s s] %s: FAILED; the end of %s:\n' $(($(date +%s) - start)) "$log" "$logs/$log.log"
    tail -n 40 "$logs/$log.log"
    return 1
  fi
}
progress() {
  while sleep 30; do
    local line="" log
    for log in wasm-bindgen-cli wasm server; do
      [ -f "$logs/$log.log" ] && [ ! -f "$logs/$log.done" ] || continue
      line+=" · $log: $(grep -o 'Compiling [^ ]*' "$logs/$log.log" | tail -n 1 | cut -d' ' -f2)"
    done
    printf '   [%s s]%s\n' $(($(date +%s) - start)) "$line"
  done
}

progress &
step wasm-bindgen-cli scripts/wasm-bindgen.sh &
bindgen=$!
step wasm scripts/build-site.sh release --wasm-only &
wasm=$!
step server cargo build --release -p server --bin hotline &
server=$!
wait "$bindgen"
wait "$wasm"
step site scripts/build-site.sh release --no-cargo
wait "$server"
