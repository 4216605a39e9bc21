#!/usr/bin/env bash
# The browser half of the desk, built into the site folder without cargo-leptos: the wasm
# (cargo), split into the shell and a part per group of lazy routes (split-wasm), its JS glue
# (wasm-bindgen), wasm-opt for a release, the stylesheet and public files; the build goes into
# pkg/<hash of its content>/ (build-id.txt tells the server which) and every file is
# precompressed (brotli and gzip) for the server to send as it is.
#   scripts/build-site.sh [debug|release] [--wasm-only|--no-cargo]   site: $LEPTOS_SITE_ROOT (target/site)
# --wasm-only: only the cargo builds; --no-cargo: all after them (scripts/build-release.sh
# runs the two apart, beside the server's build).
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
  # The splitter needs the linker's relocations to move each lazy route's code out.
  # erase_components in a release too: every component's view as one AnyView type is smaller
  # than the nested types it erases (measured 2026-12-04: whole app 819 KB brotli with it,
  # 1,188 KB without; the board's first view 429 KB against 485 KB).
  RUSTFLAGS="${RUSTFLAGS:---cfg erase_components} -C link-args=--emit-relocs" \
    cargo build -p frontend --lib --target wasm32-unknown-unknown --profile "$profile" \
    --target-dir "$target"
  say "cargo build -p split-wasm"
  cargo build -p split-wasm --quiet --target-dir "$target"
fi
[ "$cargo_step" = --wasm-only ] && exit 0
wasm="$target/wasm32-unknown-unknown/$out/frontend.wasm"

work=$(mktemp -d "${TMPDIR:-/tmp}/hotline-site.XXXXXX")
trap 'rm -rf "$work"' EXIT
split="$work/split" bindgen="$work/bindgen" pkg="$work/pkg"
mkdir -p "$split" "$bindgen" "$pkg"
say "split at the lazy routes: $("$target/debug/split-wasm" "$wasm" "$split" "$name")"
say "wasm-bindgen $(wasm-bindgen --version | cut -d' ' -f2)"
wasm-bindgen "$split/${name}_main.wasm" --target web --no-typescript --keep-lld-exports \
  --no-demangle --out-dir "$bindgen" --out-name "$name"

# One folder of the build: the JS glue and its main module, the loader and the chunks it
# fetches (they name each other relatively), the manifest, the stylesheet.
mv "$bindgen/$name.js" "$pkg/$name.js"
mv "$bindgen/${name}_bg.wasm" "$pkg/$name.wasm"
[ -d "$bindgen/snippets" ] && mv "$bindgen/snippets" "$pkg/"
rm "$split/${name}_main.wasm"
mv "$split"/* "$pkg/"
cp style/main.css "$pkg/$name.css"

if [ "$mode" = release ]; then
  # npm's binaryen (end2end/node_modules/.bin) — never Debian's, see ../shared/BUILD.md.
  say "wasm-opt -Oz ($(wasm-opt --version)), $(find "$pkg" -name '*.wasm' | wc -l) modules"
  for f in "$pkg"/*.wasm; do
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types "$f" -o "$f.opt"
    mv "$f.opt" "$f"
  done
fi

# The folder is named by its content's hash, so a browser may keep every file in it a year.
build_id=$(cd "$pkg" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)

# A release is compressed as hard as the tools go; a test build quickly.
if [ "$mode" = release ]; then br_q=11 gz_q=9; else br_q=4 gz_q=4; fi
say "compress (brotli -q $br_q, gzip -$gz_q)"
find "$pkg" -type f \( -name '*.js' -o -name '*.wasm' -o -name '*.css' -o -name '*.json' \) -print0 |
  while IFS= read -r -d '' f; do
    brotli -f -q "$br_q" -o "$f.br" "$f"
    gzip -f -k "-$gz_q" -n "$f"
  done

# Swap the new site in whole: a server reading build-id.txt never sees half a build. The
# build before stays beside it, so a page still open from it can fetch the chunks it lacks.
new="$site.new"
rm -rf "$new"
mkdir -p "$new/pkg"
cp -r public/. "$new/"
mv "$pkg" "$new/pkg/$build_id"
if [ -f "$site/build-id.txt" ]; then
  previous=$(cat "$site/build-id.txt")
  [ "$previous" != "$build_id" ] && [ -d "$site/pkg/$previous" ] && mv "$site/pkg/$previous" "$new/pkg/"
fi
echo "$build_id" >"$new/build-id.txt"
rm -rf "$site.old"
[ -d "$site" ] && mv "$site" "$site.old"
mv "$new" "$site"
rm -rf "$site.old"

out_dir="$site/pkg/$build_id"
kb() { echo $(( $(cat "$@" | wc -c) / 1024 )); }
say "site ready in $out_dir: main wasm $(kb "$out_dir/$name.wasm.br") KB brotli, all wasm $(kb "$out_dir"/*.wasm.br) KB brotli ($(kb "$out_dir"/*.wasm) KB)"
