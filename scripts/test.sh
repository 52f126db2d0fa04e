#!/usr/bin/env bash
# Run every test of gradebridge: formatting, lints, the Rust tests (core, client
# against the in-process sandbox, sandbox), the doc tests, and the wasm32 build of
# the core with its client. Installs what it needs the first time (the wasm32 target,
# through rustup or, where rustup cannot reach its server, Debian's toolchain; see
# scripts/setup-wasm32.sh) and is quick after that.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (all targets, all features, -D warnings)"
cargo clippy --workspace --all-targets --all-features -- -D warnings

step "cargo test (workspace, all features)"
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
cargo test --workspace --all-features 2>&1 | tee "$LOG"
read -r RUST_PASSED RUST_FAILED < <(awk '/^test result:/ { for (i = 2; i <= NF; i++) {
  if ($i == "passed;") p += $(i - 1); if ($i == "failed;") f += $(i - 1) } } END { print p + 0, f + 0 }' "$LOG")

step "wasm32: gradebridge with the client feature"
WASM_PATH=$(./scripts/setup-wasm32.sh)
if [ -n "$WASM_PATH" ]; then
  PATH="$WASM_PATH:$PATH" cargo build -p gradebridge --features client \
    --target wasm32-unknown-unknown --target-dir target/wasm
else
  cargo build -p gradebridge --features client --target wasm32-unknown-unknown --target-dir target/wasm
fi

step "all tests passed"
echo "rust: ${RUST_PASSED} passed, ${RUST_FAILED} failed"
