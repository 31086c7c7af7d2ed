#!/usr/bin/env bash
# Builds and serves LabelChain's web app (app/) on http://127.0.0.1:4173, against the node at
# $RPC (a ws:// address); when RPC is not set, also builds and starts a dev chain (Alice) on
# ws://127.0.0.1:9944 and stops it when the app stops. Open the printed address; pick an account
# (the polkadot.js extension, a development account or a mnemonic) and a tab (Annotate/Vendor).
#
#   scripts/app.sh                         # dev chain + app
#   RPC=ws://10.0.0.5:9944 scripts/app.sh  # app only, against that node
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$LABELCHAIN_ROOT"

bash scripts/setup.sh
PORT="${APP_PORT:-4173}"
if [ -z "${RPC:-}" ]; then
  RPC_PORT="${RPC_PORT:-9944}"
  cargo build --locked -p labelchain-node
  "$CARGO_TARGET_DIR/debug/labelchain-node" --dev --rpc-port "$RPC_PORT" --rpc-cors all \
    --no-mdns --listen-addr /ip4/127.0.0.1/tcp/0 > "${TMPDIR:-/tmp}/labelchain-app-node.log" 2>&1 &
  node_pid=$!
  trap 'kill -INT $node_pid 2>/dev/null; wait $node_pid 2>/dev/null || true' EXIT
  RPC="ws://127.0.0.1:${RPC_PORT}"
  echo "[app] dev chain started on $RPC (log: ${TMPDIR:-/tmp}/labelchain-app-node.log)"
fi
(cd app && npx vite build --logLevel warn)
echo "[app] open http://127.0.0.1:${PORT}/?rpc=$(python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1],safe=""))' "$RPC")"
echo "[app] stop with Ctrl-C"
cd app && npx vite preview --port "$PORT" --strictPort
