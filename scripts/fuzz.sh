#!/usr/bin/env bash
# Whole-runtime fuzzing (fuzzer/): builds the fuzzer in release with the runtime's `try-runtime`
# feature (every polkadot-sdk pallet's try_state runs too) and fuzzes for SECONDS (default 600),
# starting from the corpus in fuzzer/corpus/. Stops at the first input that breaks an invariant
# or panics the runtime and saves it to fuzzer/corpus/crashes/ (exit status 1).
#
#   scripts/fuzz.sh 3600                  # an hour
#   scripts/fuzz.sh 600 --seed 7          # another random stream
#   scripts/fuzz.sh 600 --save-new        # keep inputs that reach new behaviour in the corpus
#   scripts/fuzz.sh replay fuzzer/corpus/crashes/<file>
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$LABELCHAIN_ROOT"

# The fuzzer runs the runtime natively: no wasm needed.
SKIP_WASM_BUILD=1 cargo build --locked --release -p labelchain-fuzzer --features try-runtime
fuzzer="$CARGO_TARGET_DIR/release/labelchain-fuzzer"
if [ "${1:-}" = "replay" ]; then
  exec "$fuzzer" "$@"
fi
seconds="${1:-600}"
shift || true
exec "$fuzzer" --seconds "$seconds" --corpus fuzzer/corpus "$@"
