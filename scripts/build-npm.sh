#!/usr/bin/env bash
# Build the npm package into bindings-wasm/pkg with wasm-pack (--target web: one ES
# module for browsers and Node 18+). Sets up what it needs the first time: the
# wasm32 target (scripts/setup-wasm32.sh), wasm-bindgen-cli at the version in
# Cargo.lock, and wasm-pack.
set -euo pipefail
cd "$(dirname "$0")/.."

WBG_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if ! command -v wasm-bindgen >/dev/null || [ "$(wasm-bindgen --version | awk '{print $2}')" != "$WBG_VERSION" ]; then
  echo "build-npm: installing wasm-bindgen-cli $WBG_VERSION" >&2
  cargo install -q wasm-bindgen-cli --version "$WBG_VERSION" >&2
fi
if ! command -v wasm-pack >/dev/null; then
  echo "build-npm: installing wasm-pack" >&2
  cargo install -q wasm-pack >&2
fi
WASM_PATH=$(./scripts/setup-wasm32.sh)

python3 scripts/faces.py --check
(
  if [ -n "$WASM_PATH" ]; then export PATH="$WASM_PATH:$PATH"; fi
  cd bindings-wasm
  # Size over speed for the download: opt-level z, LTO, one codegen unit. Set here
  # (not in Cargo.toml) so the Python wheel keeps the speed-tuned release profile;
  # target/wasm keeps the two builds apart.
  export CARGO_PROFILE_RELEASE_OPT_LEVEL=${GRADEBRIDGE_WASM_OPT_LEVEL:-z} CARGO_PROFILE_RELEASE_LTO=true \
    CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 CARGO_PROFILE_RELEASE_PANIC=abort
  CARGO_TARGET_DIR="$PWD/../target/wasm" wasm-pack build --mode no-install --release --target web \
    --out-dir pkg --out-name gradebridge_wasm --no-pack --no-opt . >&2
)
node bindings-wasm/bench/strip-custom-sections.mjs bindings-wasm/pkg/gradebridge_wasm_bg.wasm
cp bindings-wasm/js/index.js bindings-wasm/js/index.cjs bindings-wasm/js/lib.js bindings-wasm/js/index.d.ts bindings-wasm/js/client.d.ts \
  bindings-wasm/js/models.d.ts bindings-wasm/js/operations.js bindings-wasm/js/read.js bindings-wasm/js/readers.js bindings-wasm/js/package.json bindings-wasm/js/README.md \
  bindings-wasm/pkg/
rm -f bindings-wasm/pkg/.gitignore
echo "built bindings-wasm/pkg ($(du -k bindings-wasm/pkg/gradebridge_wasm_bg.wasm | cut -f1) KiB of wasm)" >&2
