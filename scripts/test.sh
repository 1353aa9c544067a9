#!/usr/bin/env bash
# Runs every check: formatting, clippy, the release node build, unit and runtime tests, and the
# end-to-end tests against a real node. This is the command CI runs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"
START=$SECONDS

timed "setup" "$ROOT/scripts/setup.sh"
timed "rustfmt --check" cargo fmt --all -- --check
# Clippy needs no WebAssembly: skip the runtime's wasm build in this check-only pass.
timed "clippy -D warnings" env SKIP_WASM_BUILD=1 \
	cargo clippy --locked --workspace --all-targets -- -D warnings
# The pallet modules allow clippy's `expect_used` because FRAME's macro expansion uses it; this
# scan keeps hand-written runtime code free of `expect`/`unwrap`/`panic!` all the same.
timed "no panicking calls in runtime code" "$ROOT/scripts/check-runtime-panics.sh"
timed "build telecom-node (release)" build_node
timed "build telecom-cli, telecom-load and runtime-fuzz (release)" build_tools
# Tests run with the release profile so they reuse the node build's compiled dependencies.
timed "unit and runtime tests" cargo test --locked --release --workspace
# Every benchmark also runs once as a test against the pallet's mock runtime.
timed "benchmark tests" env SKIP_WASM_BUILD=1 cargo test --locked --release --lib \
	-p pallet-clearing -p pallet-tender -p pallet-roaming-settlement \
	-p pallet-device-identity -p pallet-spectrum-market \
	-p pallet-5g-sharing -p pallet-council-root -p pallet-operator-nodes --features runtime-benchmarks
# The runtime's upgrade checks (what try-runtime-cli's on-runtime-upgrade does) against the
# snapshot of a populated dev chain: this runtime's migrations, then the next runtime's. Native
# only: no wasm.
timed "try-runtime upgrade checks on the dev-chain snapshot" env SKIP_WASM_BUILD=1 \
	cargo test --locked --release -p telecom-runtime --features try-runtime --lib try_runtime
timed "try-runtime upgrade checks of the next runtime" env SKIP_WASM_BUILD=1 \
	cargo test --locked --release -p telecom-runtime --features try-runtime,upgrade-rehearsal --lib try_runtime
# The runtime compiles with its benchmarks (the pallets' benchmarks ran as tests above).
timed "runtime-benchmarks build of the runtime" env SKIP_WASM_BUILD=1 \
	cargo check --locked --release -p telecom-runtime --features runtime-benchmarks
# Structure-aware runtime fuzzing for a bounded time; any invariant broken fails the run.
# The liveness and deposit-path checks first show they catch injected defects.
timed "runtime fuzzing self-test" "$CARGO_TARGET_DIR/release/runtime-fuzz" --self-test
# Seeds of past findings (fuzz/regressions.txt), one program each.
fuzz_regressions() {
	local seed steps _
	while read -r seed steps _; do
		case "$seed" in '' | '#'*) continue ;; esac
		"$CARGO_TARGET_DIR/release/runtime-fuzz" --seed "$seed" --steps "${steps:-150}" --programs 1 || return 1
	done <"$ROOT/fuzz/regressions.txt"
}
timed "runtime fuzzing regression seeds" fuzz_regressions
# Coverage gate: a fixed seed and program count make the same programs on every machine (a
# program depends on its seed and the binary only), so whether every call of a business pallet
# succeeds (`--require-all`) is decided by the code, not by how fast the runner is. The same run
# fails if a call's execution took more than FUZZ_MAX_TIME_FRACTION of its benchmarked weight
# (fuzz/README.md, "Weight against time").
timed "runtime fuzzing: every business call (seed ${FUZZ_COVERAGE_SEED:-20261203}, ${FUZZ_COVERAGE_PROGRAMS:-250} programs)" \
	"$CARGO_TARGET_DIR/release/runtime-fuzz" --seed "${FUZZ_COVERAGE_SEED:-20261203}" \
	--programs "${FUZZ_COVERAGE_PROGRAMS:-250}" --seconds 1200 --require-all \
	--max-time-fraction "${FUZZ_MAX_TIME_FRACTION:-1.5}"
# Exploration: new programs every run, from a time-derived seed; any finding fails the run.
timed "runtime fuzzing (${FUZZ_SECONDS:-60} s, time-derived seed)" \
	"$CARGO_TARGET_DIR/release/runtime-fuzz" --seconds "${FUZZ_SECONDS:-60}"
timed "end-to-end tests" bash -c "cd '$ROOT/e2e' && npm test"
# The compose file's production flow (init-network.sh, start-node.sh), natively: no Docker daemon.
timed "docker flow without Docker (docker/test-native.sh)" "$ROOT/docker/test-native.sh" "$CARGO_TARGET_DIR/release"
# Opt-in (REHEARSAL=1): the runtime upgrade rehearsal on a running four-validator network, with
# the next runtime's wasm built from the node build's compiled wasm dependencies.
if [ "${REHEARSAL:-0}" = 1 ]; then
	timed "the next runtime's wasm (upgrade-rehearsal)" build_next_runtime
	timed "runtime upgrade rehearsal" bash -c "cd '$ROOT/e2e' && \
		TELECOM_NEXT_RUNTIME='$NEXT_RUNTIME_WASM' node --test rehearsal/runtime-upgrade.test.mjs"
fi

log "all checks passed in $((SECONDS - START)) s"
