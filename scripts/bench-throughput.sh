#!/usr/bin/env bash
# The throughput benchmark: transfers per second against labels per second on one release dev
# node (3 s blocks), block by block fullness, the bytes of state a settled item leaves before
# and after `purge_task`, and GRANDPA's finality lag on the four-validator testnet under the
# labeling load. Writes benchmarks/throughput.json and benchmarks/throughput.md.
#
#   scripts/bench-throughput.sh                       # builds the release node if needed
#   LABELCHAIN_NODE=<binary> scripts/bench-throughput.sh
#   THROUGHPUT_ARGS="--senders 1000 --skip-testnet" scripts/bench-throughput.sh
#
# A benchmark, not a test: it takes about 15 minutes on 2 cores and its numbers depend on the
# machine and its load. The node runs with `--pool-limit 20000 --pool-kbytes 40000`: the
# default pool (8192 transactions, 20 MiB) holds fewer than the transfers this sends at once.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$LABELCHAIN_ROOT"

NODE=$(labelchain_node release)
[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
commit=$(git rev-parse --short HEAD)
git diff --quiet HEAD -- runtime pallets node || commit="$commit+changes"
cd tests
LABELCHAIN_NODE="$NODE" LABELCHAIN_COMMIT="$commit" node tools/throughput.js \
  --out ../benchmarks/throughput.json --md ../benchmarks/throughput.md ${THROUGHPUT_ARGS:-}
