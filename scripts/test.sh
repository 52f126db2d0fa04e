#!/usr/bin/env bash
# Run every test of gradebridge: formatting, lints, the Rust tests (core, client
# against the in-process sandbox, sandbox), the doc tests, the Python package (pip
# install into .venv, stub check, pytest against the sandbox binary, mypy --strict,
# the Python demo) and the npm package (wasm-pack build of the core with its client
# for wasm32, node --test in Node and headless Chromium, tsc --strict, size).
# Installs what it needs the first time (the wasm32 target, through rustup or, where
# rustup cannot reach its server, Debian's toolchain, see scripts/setup-wasm32.sh;
# rustup's rust-src, for the npm build's size-tuned standard library; a
# venv with maturin, pytest and mypy; wasm-bindgen-cli and wasm-pack; Debian's
# chromium; typescript and playwright-core from npm) and is quick after that.
set -euo pipefail
cd "$(dirname "$0")/.."
# No incremental caches: they would add up to a gigabyte to target/ on a CI disk that is
# shared and sometimes nearly full. Set CARGO_INCREMENTAL=1 to keep them while editing.
export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-0}
# A cold run writes about 3 GB (target/ 2 GB, cargo's registry, .venv, node_modules).
# Say so first when the disk is short, rather than fail in a linker later.
FREE_MB=$(df -Pm . | awk 'NR == 2 { print $4 }')
if [ ! -d target/debug ] && [ "${FREE_MB:-0}" -lt 3500 ]; then
  echo "warning: ${FREE_MB} MB free on this disk; a first run writes about 3 GB" >&2
fi

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (all targets, all features, -D warnings)"
cargo clippy --workspace --all-targets --all-features -- -D warnings

step "cargo test (workspace, with the client feature)"
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
cargo test --workspace --exclude gradebridge-py --features gradebridge/client,gradebridge/schema 2>&1 | tee "$LOG"
read -r RUST_PASSED RUST_FAILED < <(awk '/^test result:/ { for (i = 2; i <= NF; i++) {
  if ($i == "passed;") p += $(i - 1); if ($i == "failed;") f += $(i - 1) } } END { print p + 0, f + 0 }' "$LOG")

step "python: venv, pip install ./bindings-py, stubs, pytest, mypy --strict"
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
export PATH="$PWD/.venv/bin:$PATH"
.venv/bin/python -m pip install -q --disable-pip-version-check "maturin>=1.5,<2" pytest mypy requests types-requests
# No build isolation: maturin from the venv, and cargo's target/ stays warm.
.venv/bin/python -m pip install -q --disable-pip-version-check --no-build-isolation --force-reinstall --no-deps ./bindings-py
# The faces generated from core/description.json (which a Rust test checks).
python3 scripts/faces.py --check
PYLOG=$(mktemp)
trap 'rm -f "$LOG" "$PYLOG"' EXIT
(cd bindings-py && GRADEBRIDGE_SANDBOX_BIN="$PWD/../target/debug/gradebridge-sandbox" \
  ../.venv/bin/python -m pytest -q tests) 2>&1 | tee "$PYLOG"
read -r PY_PASSED PY_FAILED < <(awk '/ passed/ { for (i = 1; i <= NF; i++) {
  if ($i ~ /^passed/) p = $(i - 1); if ($i ~ /^failed/) f = $(i - 1) } } END { print p + 0, f + 0 }' "$PYLOG")
.venv/bin/python -m mypy --strict examples/python bindings-py/python/gradebridge
.venv/bin/python examples/python/demo.py > /dev/null
.venv/bin/python examples/python/sansio.py > /dev/null

step "npm package: build (wasm-pack), node --test (Node and headless Chromium), tsc --strict, size"
if [ ! -x /usr/bin/chromium ]; then
  SUDO=""; if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
(cd bindings-wasm && npm install --no-audit --no-fund --loglevel=error)
./scripts/build-npm.sh
JSLOG=$(mktemp)
trap 'rm -f "$LOG" "$PYLOG" "$JSLOG"' EXIT
GRADEBRIDGE_SANDBOX_BIN="$PWD/target/debug/gradebridge-sandbox" node --test --test-reporter=spec bindings-wasm/tests/ 2>&1 | tee "$JSLOG"
read -r JS_PASSED JS_FAILED < <(awk '/ pass [0-9]+$/ { p = $NF } / fail [0-9]+$/ { f = $NF } END { print p + 0, f + 0 }' "$JSLOG")
(cd examples/js && ../../bindings-wasm/node_modules/.bin/tsc -p tsconfig.json)
node bindings-wasm/bench/size.mjs
node examples/js/demo.mjs > /dev/null
node examples/js/sync.mjs > /dev/null
node examples/js/sansio.mjs > /dev/null

step "all tests passed"
echo "rust: ${RUST_PASSED} passed, ${RUST_FAILED} failed"
echo "python: ${PY_PASSED} passed, ${PY_FAILED} failed"
echo "js: ${JS_PASSED} passed, ${JS_FAILED} failed"
echo "total: $((RUST_PASSED + PY_PASSED + JS_PASSED)) passed, $((RUST_FAILED + PY_FAILED + JS_FAILED)) failed"
echo "disk: $(du -sm target | cut -f1) MB in target/"
