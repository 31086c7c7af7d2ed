# Shared environment for every LabelChain script (sourced, never executed).
# The cargo target dir lives outside the work tree so that a fresh clone (CI, a new session)
# reuses the previous build: only what changed is rebuilt.
LABELCHAIN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export LABELCHAIN_ROOT
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/labelchain/target}"
# With the target dir outside the tree, the runtime's wasm build must be told where the
# workspace (and so Cargo.lock) is, or it re-resolves every crate.
export WASM_BUILD_WORKSPACE_HINT="$LABELCHAIN_ROOT"
export PATH="$HOME/.cargo/bin:$PATH"
# The Python venv of the dataset loaders the export test reads exports with (scripts/setup.sh).
export LABELCHAIN_VENV="${LABELCHAIN_VENV:-$HOME/.cache/labelchain/venv}"
# frame-benchmarking-cli (runtime-benchmarks builds only) carries a test runtime whose wasm
# build cannot resolve itself in our workspace; `benchmark pallet` does not use it.
export SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1

# The node binary a script runs: $LABELCHAIN_NODE if set, else the one built here (after
# scripts/setup.sh), in the given cargo profile (`debug`, the default, or `release`).
labelchain_node() {
  local profile="${1:-debug}" flag=()
  if [ -n "${LABELCHAIN_NODE:-}" ]; then
    echo "$LABELCHAIN_NODE"
    return
  fi
  [ "$profile" = release ] && flag=(--release)
  bash "$LABELCHAIN_ROOT/scripts/setup.sh" >&2
  cargo build --locked "${flag[@]}" -p labelchain-node >&2
  echo "$CARGO_TARGET_DIR/$profile/labelchain-node"
}
