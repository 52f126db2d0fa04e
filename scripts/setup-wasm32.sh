#!/usr/bin/env bash
# Make a Rust toolchain with the wasm32-unknown-unknown target available.
#
# On a normal machine `rustup target add` is enough. Where the Rust distribution
# server is unreachable (see CONTRIBUTING.md, "Toolchain"), fall back to Debian's Rust
# (rustc-web) and build its wasm32 std once from the shipped sources.
#
# Prints one line: the PATH prefix to use for wasm32 builds ("" for rustup's).
# Idempotent: quick after the first run.
set -euo pipefail

log() { echo "setup-wasm32: $*" >&2; }

if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  echo ""; exit 0
fi
if [ -z "${GRADEBRIDGE_NO_RUSTUP_TARGET:-}" ] && [ ! -e /usr/lib/rustlib/wasm32-unknown-unknown/lib ]; then
  log "trying rustup target add wasm32-unknown-unknown (60 s limit)"
  if timeout 60 rustup target add wasm32-unknown-unknown >&2 2>&1; then
    echo ""; exit 0
  fi
  log "rustup could not add the target; falling back to Debian's rustc-web"
fi

if ls /usr/lib/rustlib/wasm32-unknown-unknown/lib/libstd-*.rlib >/dev/null 2>&1 \
   && [ -x /usr/bin/rustc ] && [ -x /usr/bin/cargo ]; then
  echo "/usr/bin"; exit 0
fi

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
log "installing rustc-web cargo-web rust-web-src lld"
$SUDO apt-get update -qq >&2
LLD=$(apt-cache search --names-only '^lld-[0-9]+$' | awk '{print $1}' | sort -t- -k2 -n | tail -1)
$SUDO apt-get install -y -qq rustc-web cargo-web rust-web-src "${LLD:-lld}" >&2

log "building std for wasm32 with Debian's rustc (about a minute, once)"
WORK=$(mktemp -d)
mkdir -p "$WORK/src"
cat > "$WORK/Cargo.toml" <<'TOML'
[package]
name = "wasm32-std-seed"
version = "0.0.0"
edition = "2021"
[lib]
path = "src/lib.rs"
[workspace]
TOML
echo '#![no_std]' > "$WORK/src/lib.rs"
(cd "$WORK" && RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 /usr/bin/cargo build -q \
   -Zbuild-std=std,panic_abort --target wasm32-unknown-unknown --release >&2)
DEST=/usr/lib/rustlib/wasm32-unknown-unknown/lib
$SUDO mkdir -p "$DEST"
for f in "$WORK"/target/wasm32-unknown-unknown/release/deps/lib*.rlib; do
  case "$(basename "$f")" in libwasm32_std_seed-*) continue ;; esac
  $SUDO cp "$f" "$DEST/"
done
rm -rf "$WORK"
log "wasm32 std installed in $DEST"
echo "/usr/bin"
