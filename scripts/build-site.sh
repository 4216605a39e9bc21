#!/usr/bin/env bash
# The browser half of the desk, built into the site folder without cargo-leptos: the wasm
# (cargo), its JS glue (wasm-bindgen), wasm-opt for a release, the stylesheet and public
# files; every asset gets a content-hashed name (hash.txt tells the server which) and is
# precompressed (brotli and gzip) for the server to send as it is.
#   scripts/build-site.sh [debug|release] [--wasm-only|--no-cargo]   site: $LEPTOS_SITE_ROOT (target/site)
# --wasm-only: only the cargo build; --no-cargo: all after it (scripts/build-release.sh runs
# the two apart, beside the server's build).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-debug}
cargo_step=${2:-}
site=${LEPTOS_SITE_ROOT:-target/site}
# SITE_TARGET_DIR: a target folder of its own, so the server can compile at the same time.
target=${SITE_TARGET_DIR:-${CARGO_TARGET_DIR:-target}}
name=${LEPTOS_OUTPUT_NAME:-hotline}
started=$SECONDS
say() { printf '   [%s %3ds] %s\n' "$mode" $((SECONDS - started)) "$*"; }

case "$mode" in
  debug) profile=dev; out=debug ;;
  release) profile=wasm-release; out=wasm-release ;;
  *) echo "usage: $0 [debug|release] [--wasm-only|--no-cargo]" >&2; exit 2 ;;
esac

if [ "$cargo_step" != --no-cargo ]; then
  say "cargo build -p frontend (wasm32, profile $profile)"
  cargo build -p frontend --lib --target wasm32-unknown-unknown --profile "$profile" \
    --target-dir "$target"
fi
[ "$cargo_step" = --wasm-only ] && exit 0
wasm="$target/wasm32-unknown-unknown/$out/frontend.wasm"

work=$(mktemp -d "${TMPDIR:-/tmp}/hotline-site.XXXXXX")
trap 'rm -rf "$work"' EXIT
say "wasm-bindgen $(wasm-bindgen --version | cut -d' ' -f2)"
wasm-bindgen "$wasm" --target web --no-typescript --out-dir "$work" --out-name "$name"
if [ "$mode" = release ]; then
  # npm's binaryen (end2end/node_modules/.bin) — never Debian's, see ../shared/BUILD.md.
  say "wasm-opt -Oz ($(wasm-opt --version))"
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types \
    "$work/${name}_bg.wasm" -o "$work/${name}_opt.wasm"
  mv "$work/${name}_opt.wasm" "$work/${name}_bg.wasm"
fi

# The page names each file by its content's hash, so a browser may keep it for a year.
hash_of() { sha256sum "$1" | cut -c1-16; }
pkg="$work/pkg"
mkdir -p "$pkg"
h_js=$(hash_of "$work/$name.js")
h_wasm=$(hash_of "$work/${name}_bg.wasm")
h_css=$(hash_of style/main.css)
cp "$work/$name.js" "$pkg/$name.$h_js.js"
cp "$work/${name}_bg.wasm" "$pkg/$name.$h_wasm.wasm"
cp style/main.css "$pkg/$name.$h_css.css"
[ -d "$work/snippets" ] && cp -r "$work/snippets" "$pkg/"

# A release is compressed as hard as the tools go; a test build quickly.
if [ "$mode" = release ]; then br_q=11 gz_q=9; else br_q=4 gz_q=4; fi
say "compress (brotli -q $br_q, gzip -$gz_q)"
find "$pkg" -type f \( -name '*.js' -o -name '*.wasm' -o -name '*.css' \) -print0 |
  while IFS= read -r -d '' f; do
    brotli -f -q "$br_q" -o "$f.br" "$f"
    gzip -f -k "-$gz_q" -n "$f"
  done

# Swap the new site in whole: a server reading hash.txt never sees half a build.
new="$site.new"
rm -rf "$new"
mkdir -p "$new"
cp -r public/. "$new/"
mv "$pkg" "$new/pkg"
printf 'js: %s\nwasm: %s\ncss: %s\n' "$h_js" "$h_wasm" "$h_css" >"$new/hash.txt"
rm -rf "$site.old"
[ -d "$site" ] && mv "$site" "$site.old"
mv "$new" "$site"
rm -rf "$site.old"

wasm_bytes=$(stat -c %s "$site/pkg/$name.$h_wasm.wasm")
wasm_br=$(stat -c %s "$site/pkg/$name.$h_wasm.wasm.br")
say "site ready in $site: wasm $((wasm_bytes / 1024)) KB, $((wasm_br / 1024)) KB brotli"
