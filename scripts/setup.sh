#!/usr/bin/env bash
# Idempotent set-up of everything LabelChain needs on a Debian machine that has Rust, gcc,
# Python and Node.js: system packages, the wasm32v1-none runtime toolchain, and the npm
# packages of the end-to-end tests. Safe to run any number of times; it only does what is
# missing. Set LABELCHAIN_SKIP_NPM=1 to skip the npm install.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

log() { printf '[setup] %s\n' "$*"; }
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
  fi
}

# 1. Native build dependencies: clang/libclang for bindgen-based crates, protoc for libp2p;
#    Debian's Chromium for the app's browser test (Playwright drives it; Playwright's own
#    browser download is not used).
apt_install clang libclang-dev protobuf-compiler pkg-config make chromium

# 2. The wasm toolchain for the runtime.
WASM_TARGET=wasm32v1-none
wasm_target_ok() {
  # A toolchain can build for the target if core is present in its sysroot.
  local sysroot
  sysroot=$("$@" --print sysroot 2>/dev/null) || return 1
  ls "$sysroot/lib/rustlib/$WASM_TARGET/lib/"libcore-*.rlib >/dev/null 2>&1
}

cargo_config="$HOME/.cargo/config.toml"
if wasm_target_ok rustc; then
  log "wasm: the default toolchain already has $WASM_TARGET"
elif rustup target add "$WASM_TARGET" >/dev/null 2>&1 && wasm_target_ok rustc; then
  log "wasm: installed $WASM_TARGET with rustup"
else
  log "wasm: rustup cannot provide $WASM_TARGET here; using Debian's rustc-web toolchain"
  apt_install rustc-web cargo-web rust-web-src rust-web-llvm lld-22
  if ! wasm_target_ok /usr/bin/rustc; then
    log "wasm: building core/alloc for $WASM_TARGET from rust-web-src (once)"
    stdbuild=$(mktemp -d)
    mkdir -p "$stdbuild/src"
    cat > "$stdbuild/Cargo.toml" <<'TOML'
[package]
name = "wasm-std-seed"
version = "0.0.0"
edition = "2021"
[lib]
path = "src/lib.rs"
[profile.release]
panic = "abort"
TOML
    echo '#![no_std]' > "$stdbuild/src/lib.rs"
    (cd "$stdbuild" && env -u CARGO_TARGET_DIR RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
      RUSTFLAGS=-Cembed-bitcode=yes /usr/bin/cargo build --release --target "$WASM_TARGET" \
      -Zbuild-std=core,alloc -Zbuild-std-features=compiler-builtins-mem)
    dest="/usr/lib/rustlib/$WASM_TARGET/lib"
    $SUDO mkdir -p "$dest"
    for crate in core alloc compiler_builtins; do
      $SUDO cp "$stdbuild/target/$WASM_TARGET/release/deps/lib${crate}"-*.rlib "$dest/"
      $SUDO cp "$stdbuild/target/$WASM_TARGET/release/deps/lib${crate}"-*.rmeta "$dest/" 2>/dev/null || true
    done
    rm -rf "$stdbuild"
  fi
  # rust-lld for the wasm link.
  if [ ! -e /usr/lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld ] && ! command -v rust-lld >/dev/null; then
    $SUDO ln -sf /usr/bin/lld-22 /usr/bin/rust-lld
  fi
  rustup toolchain list | grep -q '^web' || rustup toolchain link web /usr
  # Record the choice so that plain cargo commands pick it up without any export.
  mkdir -p "$HOME/.cargo"
  touch "$cargo_config"
  if ! grep -q 'WASM_BUILD_TOOLCHAIN' "$cargo_config"; then
    if grep -q '^\[env\]' "$cargo_config"; then
      sed -i '/^\[env\]/a WASM_BUILD_TOOLCHAIN = "web"' "$cargo_config"
    else
      printf '\n[env]\nWASM_BUILD_TOOLCHAIN = "web"\n' >> "$cargo_config"
    fi
  fi
  log "wasm: toolchain 'web' ($(/usr/bin/rustc --version)) recorded in $cargo_config"
fi

# 3. npm packages of the SDK, the app and the end-to-end tests (exact versions from the
# committed lock file). The npm workspace (sdk/, app/, tests/) installs from the one lock file
# at the root.
if [ "${LABELCHAIN_SKIP_NPM:-0}" != "1" ] && [ -f "$LABELCHAIN_ROOT/package-lock.json" ]; then
  if [ ! -d "$LABELCHAIN_ROOT/node_modules/@polkadot/api" ] || \
     [ "$LABELCHAIN_ROOT/package-lock.json" -nt "$LABELCHAIN_ROOT/node_modules/.package-lock.json" ]; then
    log "installing the SDK's, the app's and the end-to-end tests' npm packages"
    (cd "$LABELCHAIN_ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
# 4. The Python dataset loaders (pandas, datasets, pyarrow, pycocotools, tfrecord) in a venv
#    outside the tree, at the exact versions of tests/python/requirements.txt; remade when
#    that file changes. Wheels where there are (tfrecord is a pure-Python sdist).
requirements="$LABELCHAIN_ROOT/tests/python/requirements.txt"
stamp="$LABELCHAIN_VENV/.requirements.sha256"
want=$(sha256sum "$requirements" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  log "python: making the dataset loaders' venv in $LABELCHAIN_VENV"
  rm -rf "$LABELCHAIN_VENV"
  python3 -m venv "$LABELCHAIN_VENV"
  "$LABELCHAIN_VENV/bin/pip" install --quiet --disable-pip-version-check --prefer-binary -r "$requirements"
  echo "$want" > "$stamp"
fi
log "done"
