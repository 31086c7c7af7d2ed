#!/usr/bin/env bash
# The Ethereum bridge on this machine, against the dev chain of `scripts/dev.sh` (start that
# first, in another terminal):
#   scripts/bridge-dev.sh up                         Ganache + contracts + configuration + 3 relayers
#   scripts/bridge-dev.sh deposit <usdc> <account>   mock USDC from Ethereum to a LabelChain account
#   scripts/bridge-dev.sh release <nonce>            a transfer out, released on Ethereum
# Environment: LABELCHAIN_WS (ws://127.0.0.1:9944), ETH_PORT (8545), BRIDGE_DIR.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$LABELCHAIN_ROOT"

if [ "${1:-}" = up ]; then
  bash scripts/setup.sh
  cargo build --locked -p labelchain-relayer
  export LABELCHAIN_RELAYER="$CARGO_TARGET_DIR/debug/labelchain-relayer"
fi
exec node tests/tools/bridge-dev.js "$@"
