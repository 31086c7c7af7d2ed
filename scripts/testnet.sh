#!/usr/bin/env bash
# The four-validator local testnet (Alice, Bob, Charlie, Dave) on loopback, each with its own
# base path and ports: p2p 30333-30336, RPC 9944-9947. Logs and state go to
# $TESTNET_DIR (default: a fresh temporary directory). Ctrl-C stops all four.
#
# Validators serve only safe RPC methods, to the origins the node allows by default (localhost
# and https://polkadot.js.org): a web page open in the operator's browser must not reach
# `author_rotateKeys` or `author_insertKey` (it could with `--rpc-cors all` and unsafe methods).
# To rotate keys, an operator opens them deliberately on one validator for the time it takes:
#   VALIDATOR_RPC_METHODS=unsafe scripts/testnet.sh     (then author_rotateKeys from a local shell)
# LABELCHAIN_NODE=<binary> uses a built node instead of building one.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$LABELCHAIN_ROOT"

NODE=$(labelchain_node debug)
RPC_METHODS="${VALIDATOR_RPC_METHODS:-safe}"
DIR="${TESTNET_DIR:-$(mktemp -d -t labelchain-testnet-XXXXXX)}"
mkdir -p "$DIR"

pids=()
cleanup() {
  echo "[testnet] stopping validators"
  for pid in "${pids[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
  wait || true
}
trap cleanup EXIT INT TERM

# Every validator of a non-dev chain needs a network key; Alice's also names her as the others'
# boot node.
for name in alice bob charlie dave; do
  [ -f "$DIR/$name.key" ] || "$NODE" key generate-node-key --file "$DIR/$name.key" 2>/dev/null
done
ALICE_PEER=$("$NODE" key inspect-node-key --file "$DIR/alice.key")

i=0
for name in alice bob charlie dave; do
  p2p=$((30333 + i)); rpc=$((9944 + i))
  args=(--chain local "--$name" --validator --base-path "$DIR/$name"
        --listen-addr "/ip4/127.0.0.1/tcp/$p2p" --rpc-port "$rpc" --rpc-methods "$RPC_METHODS"
        --no-mdns --no-prometheus --no-telemetry)
  args+=(--node-key-file "$DIR/$name.key")
  if [ "$name" != alice ]; then
    args+=(--bootnodes "/ip4/127.0.0.1/tcp/30333/p2p/$ALICE_PEER")
  fi
  "$NODE" "${args[@]}" >"$DIR/$name.log" 2>&1 &
  pids+=($!)
  echo "[testnet] $name: ws://127.0.0.1:$rpc  (log: $DIR/$name.log)"
  i=$((i + 1))
done
echo "[testnet] Polkadot-JS Apps: https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A9944#/explorer"
echo "[testnet] running; Ctrl-C stops all four"
wait -n "${pids[@]}" || true
echo "[testnet] a validator exited; see the logs in $DIR"
