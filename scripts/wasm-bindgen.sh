#!/usr/bin/env bash
# wasm-bindgen-cli in the version of the wasm-bindgen crate in Cargo.lock (they must match),
# installed into ~/.cargo/bin when missing (about 2 minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
if [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $version" ]; then
  echo "wasm-bindgen $version present"
else
  echo "building wasm-bindgen-cli $version"
  # No --locked: the tool's own lock file asks for a newer rustc (../shared/BUILD.md).
  # --force: cargo's record of installed tools may list it though its binary is gone.
  env -u CARGO_TARGET_DIR -u RUSTFLAGS cargo install --force "wasm-bindgen-cli@$version"
fi
