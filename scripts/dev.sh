#!/usr/bin/env bash
# Set up if needed, build, and start a single-validator development chain (Alice) that
# produces and finalizes blocks. State is temporary (--dev implies --tmp).
# Extra arguments are passed to the node, e.g. `scripts/dev.sh --rpc-port 9955`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$LABELCHAIN_ROOT"

bash scripts/setup.sh
cargo build --locked -p labelchain-node
RPC_PORT="${RPC_PORT:-9944}"
cat <<MSG
[dev] LabelChain dev chain starting; RPC/WebSocket on ws://127.0.0.1:${RPC_PORT}
[dev] Polkadot-JS Apps: https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A${RPC_PORT}#/explorer
[dev] Stop with Ctrl-C.
MSG
exec "$CARGO_TARGET_DIR/debug/labelchain-node" --dev --rpc-port "$RPC_PORT" --rpc-cors all \
  --no-mdns --listen-addr /ip4/127.0.0.1/tcp/0 "$@"
