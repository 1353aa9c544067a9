#!/usr/bin/env bash
# Builds the node with runtime benchmarks and regenerates, on this machine and with the runtime's
# ParityDB database weights, the weights of our pallets, of the standard pallets the runtime hosts
# and the runtime's own (`runtime/src/weights/`):
# block and extrinsic base costs (`benchmark overhead`), the transaction extensions of frame-system
# and transaction-payment, ParityDB's read and write costs (`benchmark storage`) and the base weight
# of a signed extrinsic derived from them (`scripts/lib/extrinsic-base.sh`).
#
#   scripts/benchmark.sh                 every pallet (ours and the standard ones) and the runtime's weights
#   scripts/benchmark.sh pallet_clearing one pallet
#   scripts/benchmark.sh standard        the standard pallets the runtime hosts
#   scripts/benchmark.sh runtime         only the runtime's own weights
#
# STEPS and REPEAT can be overridden (defaults 50 and 20, the values polkadot-sdk uses).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

STEPS="${STEPS:-50}"
REPEAT="${REPEAT:-20}"
# The standard pallets the runtime hosts: measured here too (into `runtime/src/weights/`) rather
# than taking upstream's weights from another machine and database.
STANDARD_PALLETS=(frame_system pallet_timestamp pallet_balances pallet_utility pallet_sudo
	pallet_multisig pallet_membership pallet_collective pallet_assets)
PALLETS=("$@")
RUNTIME_WEIGHTS=0
if [ "${PALLETS[*]}" = standard ]; then
	PALLETS=("${STANDARD_PALLETS[@]}")
elif [ "${PALLETS[*]}" = runtime ]; then
	PALLETS=()
	RUNTIME_WEIGHTS=1
elif [ ${#PALLETS[@]} -eq 0 ]; then
	RUNTIME_WEIGHTS=1
	for dir in pallets/*/; do
		[ -f "$dir/src/benchmarking.rs" ] && PALLETS+=("pallet_$(basename "$dir" | tr '-' '_')")
	done
	PALLETS+=("${STANDARD_PALLETS[@]}")
fi

timed "building telecom-node with runtime-benchmarks" \
	build_node_for runtime-benchmarks

# Benchmarks every extrinsic of pallet $1 into file $2; further arguments go to the command.
bench_pallet() {
	local pallet="$1" output="$2"
	shift 2
	timed "benchmarking $pallet" "$NODE_BIN" benchmark pallet --chain dev \
		--pallet "$pallet" --extrinsic '*' --steps "$STEPS" --repeat "$REPEAT" \
		--output "$output" "$@"
}

for pallet in "${PALLETS[@]}"; do
	if [[ " ${STANDARD_PALLETS[*]} " == *" $pallet "* ]]; then
		bench_pallet "$pallet" "runtime/src/weights/$pallet.rs"
		continue
	fi
	crate_dir="pallets/$(echo "${pallet#pallet_}" | tr '_' '-')"
	[ -d "$crate_dir" ] || crate_dir="pallets/${pallet#pallet_}"
	bench_pallet "$pallet" "$crate_dir/src/weights.rs" --template scripts/weight-template.hbs
done

if [ "$RUNTIME_WEIGHTS" = 1 ]; then
	for pallet in frame_system_extensions pallet_transaction_payment; do
		bench_pallet "$pallet" "runtime/src/weights/$pallet.rs"
	done
	timed "benchmarking block and extrinsic overhead" "$NODE_BIN" benchmark overhead \
		--chain dev --warmup 10 --repeat 100 --weight-path runtime/src/weights/
	# The generated constants name sp-core/sp-weights paths; the runtime reaches them through
	# frame-support, as it has no direct dependency on those crates.
	sed -i 's/^use sp_core::parameter_types;/use frame_support::parameter_types;/; s/sp_weights::/frame_support::weights::/g' \
		runtime/src/weights/block_weights.rs runtime/src/weights/extrinsic_weights.rs
	rustfmt --edition 2021 runtime/src/weights/block_weights.rs runtime/src/weights/extrinsic_weights.rs

	work="$CARGO_TARGET_DIR/runtime-weights"
	rm -rf "$work"
	mkdir -p "$work"
	# One sr25519 verification in the runtime: the floor of a signed extrinsic's base weight.
	timed "benchmarking sr25519 verification" "$NODE_BIN" benchmark pallet \
		--chain dev --pallet frame_benchmarking --extrinsic sr25519_verification \
		--steps "$STEPS" --repeat "$REPEAT" --output "$work/baseline.rs"
	# ParityDB's read and write costs on a state of a million accounts (40 times what a benchmark
	# run leaves behind), writes committed in batches of 1,000 keys as a busy block does, the
	# average plus 10 %.
	"$NODE_BIN" build-spec --chain dev --raw >"$work/dev-raw.json" 2>/dev/null
	node e2e/bench/big-state-spec.mjs "$work/dev-raw.json" "$work/storage-spec.json" 1000000
	timed "benchmarking ParityDB reads and writes" "$NODE_BIN" benchmark storage \
		--chain "$work/storage-spec.json" --base-path "$work/db" --database paritydb \
		--state-version 1 --batch-size 1000 --mul 1.1 --weight-path runtime/src/weights/
	# Same path fixes as above; the field comments inside the constant become plain comments
	# (rustc does not document expression fields), and the template's note about ParityDB being
	# experimental gives way to what the constant is here.
	rustfmt --edition 2021 runtime/src/weights/paritydb_weights.rs
	sed -i 's/^\tuse sp_core::parameter_types;/\tuse frame_support::parameter_types;/; s/sp_weights::/frame_support::weights::/g
		s|^\(\t\t\t\)///|\1//|
		/`ParityDB` can be enabled with a feature flag/d
		s|^\t\t/// are available for brave runtime engineers.*|\t\t/// ParityDB'"'"'s read and write costs on our reference machine (how: runtime/src/weights/mod.rs).|' \
		runtime/src/weights/paritydb_weights.rs
	scripts/lib/extrinsic-base.sh "$work/baseline.rs" >runtime/src/weights/extrinsic_base.rs
	rustfmt --edition 2021 runtime/src/weights/extrinsic_base.rs
	rm -rf "$work"
fi
