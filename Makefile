# hotline — two commands on a fresh Debian 12 machine with the Rust toolchain:
#   make run    build and serve the desk (SQLite, demo data) on http://127.0.0.1:3000
#   make test   everything CI runs (fmt, clippy, unit + store tests on SQLite and PostgreSQL,
#               Playwright in Debian's Chromium)
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

CARGO_TARGET_DIR ?= $(CURDIR)/target
export CARGO_TARGET_DIR
export LEPTOS_SITE_ROOT := $(CURDIR)/target/site
# Same flags cargo-leptos uses for debug builds, so plain cargo reuses its work.
export RUSTFLAGS := --cfg erase_components
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
RELEASE_BIN := $(CARGO_TARGET_DIR)/release/hotline
DEBUG_BIN := $(CARGO_TARGET_DIR)/debug/hotline

.PHONY: help run test tools tools-test apt-packages apt-packages-test lint unit e2e build-debug build-release clean-test-dbs

help:
	@echo "make run   — build and serve the desk with demo data (SQLite in ./data)"
	@echo "make test  — the whole test suite, as CI runs it"

# Each step says how long the whole command has run so far (sub-makes keep the start).
ifndef START_TIME
START_TIME := $(shell date +%s)
endif
export START_TIME
define step
	@printf '\n\033[1m==> [%s s] %s\033[0m\n' "$$(( $$(date +%s) - $(START_TIME) ))" $(1)
endef

# What serving needs; the browser tests add Chromium and the PostgreSQL client.
apt-packages:
	$(call step,"system packages (nodejs · npm · brotli · build tools) — only what is missing")
	@scripts/apt-missing.sh node:nodejs npm:npm curl:curl brotli:brotli pkg-config:pkg-config libssl-dev

apt-packages-test:
	$(call step,"system packages for the tests (chromium · CJK fonts for its pages and PDFs · postgresql-client) — only what is missing")
	@scripts/apt-missing.sh chromium:chromium psql:postgresql-client fonts-noto-cjk

# No cargo-leptos: scripts/build-site.sh does what a build needs with wasm-bindgen and
# npm's wasm-opt (`cargo leptos watch` still works for development, if you install it).
tools: apt-packages
	$(call step,"Rust target wasm32 · npm packages (wasm-opt from binaryen · Playwright without a browser)")
	@rustup target list --installed | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@cd end2end && if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then npm ci --no-audit --no-fund; else echo "npm packages present"; fi

# make run installs wasm-bindgen-cli beside its build (scripts/build-release.sh).
tools-test: tools apt-packages-test
	$(call step,"wasm-bindgen-cli in the version of Cargo.lock · cargo-nextest if missing")
	@scripts/wasm-bindgen.sh
	@cargo nextest --version >/dev/null 2>&1 || cargo install cargo-nextest --locked

run: tools
	$(MAKE) --no-print-directory build-release
	@mkdir -p data
	@[ -s data/secret ] || (umask 077 && head -c 48 /dev/urandom | base64 -w0 > data/secret && echo "created data/secret")
	$(call step,"database: migrate and seed the demo desk (once)")
	@$(RELEASE_BIN) seed --demo --tickets 3000 --open 120 --credentials-file data/demo-credentials.txt >/dev/null
	@printf '\n\033[1mThe desk is starting on http://127.0.0.1:3000\033[0m\n'
	@if [ -f data/demo-credentials.txt ]; then cat data/demo-credentials.txt; \
	  echo "(kept in data/demo-credentials.txt; stop the desk with Ctrl-C)"; \
	else echo "Sign in with your existing accounts (this desk was not seeded by make run)."; fi
	HOTLINE_SECRET_FILE=data/secret exec $(RELEASE_BIN) serve

test: tools-test lint
	$(call step,"unit and store tests · SQLite and PostgreSQL")
	scripts/with-postgres.sh $(MAKE) --no-print-directory unit
	$(call step,"build for the browser tests")
	$(MAKE) --no-print-directory build-debug
	$(call step,"Playwright in Debian Chromium · on SQLite and on PostgreSQL")
	scripts/with-postgres.sh scripts/e2e.sh
	@echo "make test: all passed"

# Server-side clippy in one invocation: one feature resolution, dependencies checked once.
lint:
	$(call step,"cargo fmt --check")
	cargo fmt --all -- --check
	$(call step,"clippy (server side · ssr)")
	cargo clippy -p app -p server -p split-wasm --features app/ssr --all-targets -- -D warnings
	$(call step,"clippy (browser side · hydrate)")
	cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

# One invocation, so the dependencies are built once with one set of features (two took
# twice the build on a cold machine); it also builds the debug server the browser tests run.
# cargo-nextest (on the machine, else installed by tools-test) runs each test in a process of
# its own, with the time limit and single retry of .config/nextest.toml.
unit:
	cargo nextest run -p app -p server --features app/ssr --no-fail-fast

build-debug:
	scripts/build-site.sh debug
	$(call step,"server (debug)")
	cargo build -p server --bin hotline

# The browser bundle and the server compile side by side, with wasm-bindgen-cli when it is
# missing (scripts/build-release.sh: logs in $(CARGO_TARGET_DIR)/logs).
build-release:
	$(call step,"release build: browser bundle · server · wasm-bindgen-cli if missing — side by side")
	scripts/build-release.sh
