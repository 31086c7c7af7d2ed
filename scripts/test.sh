#!/usr/bin/env bash
# The whole LabelChain test suite: set-up (idempotent), the workspace's cargo tests, then the
# SDK's unit tests, the app's browser test (Playwright in Debian's Chromium) and the end-to-end
# tests, all against real nodes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$LABELCHAIN_ROOT"

bash scripts/setup.sh

stamp() { date +%s; }
t0=$(stamp)
echo "[test] building labelchain-node, labelchain-cli and labelchain-relayer (target dir: $CARGO_TARGET_DIR)"
# Built one by one: the tools' RPC client features must not change the node's feature set.
cargo build --locked -p labelchain-node
cargo build --locked -p labelchain-cli
cargo build --locked -p labelchain-relayer
t1=$(stamp)
echo "[test] cargo test --workspace"
cargo test --locked --workspace
# The benchmarks, run once each against each pallet's mock, so that they keep working.
echo "[test] benchmark tests (--features runtime-benchmarks)"
cargo test --locked -p pallet-labeling -p pallet-disputes -p pallet-eth-bridge -p pallet-erc20 -p pallet-validator-set -p pallet-beacon \
  --features pallet-labeling/runtime-benchmarks,pallet-disputes/runtime-benchmarks,pallet-eth-bridge/runtime-benchmarks,pallet-erc20/runtime-benchmarks,pallet-validator-set/runtime-benchmarks,pallet-beacon/runtime-benchmarks \
  benchmarking
t2=$(stamp)
echo "[test] end-to-end tests (tests/)"
export LABELCHAIN_NODE="$CARGO_TARGET_DIR/debug/labelchain-node"
export LABELCHAIN_CLI="$CARGO_TARGET_DIR/debug/labelchain-cli"
export LABELCHAIN_RELAYER="$CARGO_TARGET_DIR/debug/labelchain-relayer"
(cd sdk && npm test)
t_app=$(stamp)
(cd app && npm test)
t_e2e=$(stamp)
(cd tests && npm test)
t3=$(stamp)
echo "[test] build $((t1 - t0)) s, cargo tests $((t2 - t1)) s, end-to-end $((t3 - t2)) s (app in the browser $((t_e2e - t_app)) s)"
