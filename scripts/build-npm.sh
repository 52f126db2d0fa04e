#!/usr/bin/env bash
# Build the npm package into bindings-wasm/pkg with wasm-pack (--target web: one ES
# module for browsers and Node 18+). Sets up what it needs the first time: the
# wasm32 target (scripts/setup-wasm32.sh), wasm-bindgen-cli at the version in
# Cargo.lock, wasm-pack, and bindings-wasm's npm devDependencies (wasm-opt).
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

# The standard library rebuilt for the module's size (about 22 KB gzipped less, and a
# minute more on the first build): panics abort at once instead of formatting a
# message nobody sees (wasm32-unknown-unknown has no stderr; JS gets the trap as a
# GradebridgeError "internal" either way), no file/line strings for them, and std's
# `optimize_for_size` code paths (smaller sorts and formatting). These are unstable
# cargo/rustc options, enabled on the stable compiler with RUSTC_BOOTSTRAP=1 for
# this one build; they need the standard library's sources (rustup's `rust-src`, or
# Debian's rust-web-src on the fallback toolchain). Where the sources cannot be had
# or the options are refused (another toolchain), the plain build is made instead,
# with a warning: the module works the same, only larger (bench/size.mjs holds it to
# its own budget). GRADEBRIDGE_WASM_PLAIN=1 asks for the plain build.
RUSTC_FOR_WASM=rustc
if [ -n "$WASM_PATH" ]; then RUSTC_FOR_WASM="$WASM_PATH/rustc"; fi
std_sources() { [ -f "$("$RUSTC_FOR_WASM" --print sysroot)/lib/rustlib/src/rust/library/std/Cargo.toml" ]; }
SMALL=""
if [ -z "${GRADEBRIDGE_WASM_PLAIN:-}" ]; then
  if ! std_sources && [ -z "$WASM_PATH" ] && command -v rustup >/dev/null; then
    echo "build-npm: adding rustup's rust-src (the standard library's sources, once)" >&2
    timeout 120 rustup component add rust-src >&2 || true
  fi
  if std_sources; then SMALL=1; else
    echo "build-npm: warning: no standard library sources; building the larger plain module" >&2
  fi
fi
wasm_pack() {
  (
    if [ -n "$WASM_PATH" ]; then export PATH="$WASM_PATH:$PATH"; fi
    cd bindings-wasm
    # Size over speed for the download: opt-level z, LTO, one codegen unit. Set here
    # (not in Cargo.toml) so the Python wheel keeps the speed-tuned release profile;
    # target/wasm keeps the two builds apart.
    export CARGO_PROFILE_RELEASE_OPT_LEVEL=${GRADEBRIDGE_WASM_OPT_LEVEL:-z} CARGO_PROFILE_RELEASE_LTO=true \
      CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 CARGO_PROFILE_RELEASE_PANIC=abort
    if [ "$1" = small ]; then
      export RUSTC_BOOTSTRAP=1 RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none"
      set -- -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size
    else
      set --
    fi
    CARGO_TARGET_DIR="$PWD/../target/wasm" wasm-pack build --mode no-install --release --target web \
      --out-dir pkg --out-name gradebridge_wasm --no-pack --no-opt . "$@" >&2
  )
}
# Which build was made, for bench/size.mjs's budget (target/, not the package).
KIND=plain
if [ -n "$SMALL" ]; then
  if wasm_pack small; then KIND=small; else
    echo "build-npm: warning: this toolchain refused the size options; building the larger plain module" >&2
    wasm_pack plain
  fi
else
  wasm_pack plain
fi
mkdir -p target/wasm && echo "$KIND" > target/wasm/build-kind
PKG_WASM=bindings-wasm/pkg/gradebridge_wasm_bg.wasm
# binaryen's wasm-opt (the npm package, a devDependency: Debian's is too old for
# today's wasm), with size passes that keep the module compressible: identical
# functions merged, dead code and blocks removed, instructions simplified, locals
# reordered; twice, as the second round finds what the first uncovered. About 4 KB
# gzipped less, 5 s. Not -Oz/-Os/-O2: they shrink the raw module but grow the
# gzipped one (README, performance), partly by reordering functions.
WASM_OPT=bindings-wasm/node_modules/.bin/wasm-opt
if [ ! -x "$WASM_OPT" ]; then
  echo "build-npm: installing the npm package's build tools (binaryen's wasm-opt)" >&2
  (cd bindings-wasm && npm install --no-audit --no-fund --loglevel=error >&2)
fi
ROUND="--duplicate-function-elimination --remove-unused-module-elements --vacuum --remove-unused-brs
  --merge-blocks --simplify-locals-nostructure --reorder-locals"
# The order of the functions matters to gzip, which finds repeats only 32 KB back:
# like functions side by side compress better. Three layouts are made and the
# smallest gzipped one kept (5 s each): rustc's order; sorted by symbol name
# (binaryen's --reorder-functions-by-name: a generic function's instances together);
# and scripts/order-functions.py's walk from each function to the one most like it.
# Which wins depends on the module (on 2026-11-28 the walk, 248.7 KB, for the
# size-tuned build; the names, 275.0 KB, for the plain one, where the walk gave
# 289.5 KB); keeping the smallest never makes it larger than rustc's order.
python3 scripts/order-functions.py "$PKG_WASM" target/wasm/ordered.wasm
gz_size() { python3 -c 'import sys, zlib; print(len(zlib.compress(open(sys.argv[1], "rb").read(), 9)))' "$1"; }
BEST=""
for layout in rustc names walk; do
  case $layout in
    rustc) input=$PKG_WASM; reorder="" ;;
    names) input=$PKG_WASM; reorder="--reorder-functions-by-name" ;;
    walk) input=target/wasm/ordered.wasm; reorder="--reorder-functions-by-name" ;;
  esac
  # shellcheck disable=SC2086 # the pass lists are words
  "$WASM_OPT" --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    $reorder $ROUND --optimize-instructions --rse --remove-unused-names $ROUND \
    "$input" -o "target/wasm/opt-$layout.wasm"
  size=$(gz_size "target/wasm/opt-$layout.wasm")
  echo "build-npm: wasm-opt, functions in $layout order: $size bytes compressed" >&2
  if [ -z "$BEST" ] || [ "$size" -lt "$BEST_SIZE" ]; then BEST=$layout; BEST_SIZE=$size; fi
done
echo "build-npm: keeping the $BEST order" >&2
cp "target/wasm/opt-$BEST.wasm" "$PKG_WASM"
rm -f target/wasm/ordered.wasm target/wasm/opt-*.wasm
node bindings-wasm/bench/strip-custom-sections.mjs "$PKG_WASM"
cp bindings-wasm/js/index.js bindings-wasm/js/index.cjs bindings-wasm/js/lib.js bindings-wasm/js/index.d.ts bindings-wasm/js/client.d.ts \
  bindings-wasm/js/models.d.ts bindings-wasm/js/operations.js bindings-wasm/js/read.js bindings-wasm/js/readers.js bindings-wasm/js/package.json bindings-wasm/js/README.md \
  bindings-wasm/pkg/
rm -f bindings-wasm/pkg/.gitignore
echo "built bindings-wasm/pkg ($(du -k "$PKG_WASM" | cut -f1) KiB of wasm)" >&2
