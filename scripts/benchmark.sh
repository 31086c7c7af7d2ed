#!/usr/bin/env bash
# Runs the frame-benchmarking benchmarks of our pallets and writes their `weights.rs`, and
# benchmarks the polkadot-sdk pallets every transfer and signed extrinsic goes through
# (balances, frame_system's extensions, the fee extension) into `runtime/src/weights`.
#
#   scripts/benchmark.sh                 # every pallet of ours
#   PALLETS=erc20 scripts/benchmark.sh   # only some of them (names under pallets/)
#   PALLETS=none scripts/benchmark.sh    # only the runtime's sdk pallets and the overheads
#   PROFILE=release scripts/benchmark.sh # with an optimized node (a full release build)
#
# The runtime's wasm is always optimized; PROFILE only changes the node's host side (storage
# overlay, hashing), which a debug node runs slower, so debug-profile weights are higher than
# release ones (conservative). The profile used is written into each weights.rs header.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$LABELCHAIN_ROOT"

PROFILE="${PROFILE:-debug}"
STEPS="${STEPS:-20}"
REPEAT="${REPEAT:-10}"
PALLETS="${PALLETS:-labeling disputes eth-bridge erc20 validator-set beacon}"
[ "$PALLETS" = none ] && PALLETS=""
profile_flag=()
[ "$PROFILE" = release ] && profile_flag=(--release)

# NO_BUILD=1 re-runs with the node already built.
if [ -z "${NO_BUILD:-}" ]; then
  cargo build --locked "${profile_flag[@]}" --features runtime-benchmarks -p labelchain-node
fi
NODE="$CARGO_TARGET_DIR/$PROFILE/labelchain-node"

run() {
  local pallet=$1 extrinsic=$2 output=$3
  shift 3
  "$NODE" benchmark pallet --chain dev --pallet "$pallet" --extrinsic "$extrinsic" \
    --steps "$STEPS" --repeat "$REPEAT" --heap-pages 4096 \
    --header scripts/weights-header.txt --output "$output" "$@"
}

mkdir -p benchmarks
written=()
# Our pallets: the trait, the runtime's impl and a test impl (`()`), from our template.
for p in $PALLETS; do
  out="pallets/$p/src/weights.rs"
  run "pallet_${p//-/_}" '*' "$out" --template scripts/pallet-weight-template.hbs
  written+=("$out")
done
# The polkadot-sdk pallets on the path of every transfer and every signed extrinsic, measured
# on this runtime so that a transfer and a label are weighed the same way: balances (the
# transfer's call), frame_system's transaction extensions (nonce, era, weight, ...) and the fee
# extension. The runtime uses these files (`runtime/src/weights`), not the reference weights.
for p in pallet_balances frame_system_extensions pallet_asset_tx_payment; do
  out="runtime/src/weights/$p.rs"
  run "$p" '*' "$out"
  written+=("$out")
done
# The CLI names the trait after the benchmark; frame_system's extensions implement this one.
sed -i 's/impl<T: frame_system::Config> frame_system_extensions::WeightInfo for/impl<T: frame_system::Config> frame_system::ExtensionsWeightInfo for/' \
  runtime/src/weights/frame_system_extensions.rs

# The fixed costs the runtime charges (`RuntimeBlockWeights`): an empty block (its inherents:
# the timestamp and the author's VRF proof) and an empty signed remark with every transaction
# extension, measured on a dev chain in a fresh database (`benchmark overhead`).
db=$(mktemp -d)
trap 'rm -rf "$db"' EXIT
"$NODE" benchmark overhead --chain dev --base-path "$db/overhead" --header scripts/weights-header.txt \
  --weight-path runtime/src/weights
# The generated files name sp_weights / sp_core; the runtime has them through frame_support.
sed -i 's/sp_weights::/frame_support::weights::/g; s/use sp_core::parameter_types;/use frame_support::parameter_types;/' \
  runtime/src/weights/block_weights.rs runtime/src/weights/extrinsic_weights.rs
written+=(runtime/src/weights/block_weights.rs runtime/src/weights/extrinsic_weights.rs)
# Whole signed extrinsics as users send them, every extension included: what a transfer and an
# empty remark take to execute (printed, and kept in benchmarks/extrinsics.txt).
for x in "balances transfer_keep_alive" "system remark"; do
  set -- $x
  "$NODE" benchmark extrinsic --chain dev --base-path "$db/$1" --pallet "$1" --extrinsic "$2" 2>&1 |
    sed -n '/takes\[ns\]/,/Percentiles/p'
done > benchmarks/extrinsics.txt
cat benchmarks/extrinsics.txt
sed -i "1i // Node profile: $PROFILE; steps $STEPS, repeat $REPEAT; machine: $(nproc) cores." "${written[@]}"
echo "weights written: ${written[*]}"
