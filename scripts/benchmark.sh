#!/usr/bin/env bash
# Builds the node with runtime benchmarks and regenerates the weights of our pallets on this
# machine, with the runtime's ParityDB database weights.
#
#   scripts/benchmark.sh                 every pallet of ours
#   scripts/benchmark.sh pallet_clearing one pallet
#
# STEPS and REPEAT can be overridden (defaults 50 and 20, the values polkadot-sdk uses).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

STEPS="${STEPS:-50}"
REPEAT="${REPEAT:-20}"
PALLETS=("$@")
if [ ${#PALLETS[@]} -eq 0 ]; then
	PALLETS=()
	for dir in pallets/*/; do
		[ -f "$dir/src/benchmarking.rs" ] && PALLETS+=("pallet_$(basename "$dir" | tr '-' '_')")
	done
fi

# frame-benchmarking-cli's storage-access test runtime is only used by `benchmark storage`, and its
# wasm build cannot find itself in this workspace's metadata (the CLI is an optional dependency).
export SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1
timed "building telecom-node with runtime-benchmarks" \
	build_node_for runtime-benchmarks

for pallet in "${PALLETS[@]}"; do
	crate_dir="pallets/$(echo "${pallet#pallet_}" | tr '_' '-')"
	[ -d "$crate_dir" ] || crate_dir="pallets/${pallet#pallet_}"
	timed "benchmarking $pallet" "$NODE_BIN" benchmark pallet \
		--chain dev \
		--pallet "$pallet" --extrinsic '*' \
		--steps "$STEPS" --repeat "$REPEAT" \
		--template scripts/weight-template.hbs \
		--output "$crate_dir/src/weights.rs"
done
