#!/usr/bin/env bash
# The adversarial simulation of the labeling market (issue 16): every strategy of
# `sim/src/catalog.rs` drives the real pallet-labeling, and the results with the goals they are
# held to go to benchmarks/incentives.md and benchmarks/incentives.json.
#   scripts/simulate.sh [--scale X] [--only NAME] [--out DIR]
# Built in release (about 10 min once, then seconds); SIM_PROFILE=debug skips that build.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$LABELCHAIN_ROOT"
profile="${SIM_PROFILE:-release}"
if [ "$profile" = release ]; then
  cargo build --locked --release -p labelchain-sim
else
  cargo build --locked -p labelchain-sim
fi
exec "$CARGO_TARGET_DIR/$profile/labelchain-sim" "$@"
