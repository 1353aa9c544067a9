# Shared settings of the project's scripts; sourced, not run.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Builds survive a fresh clone: the target directory lives outside the work tree.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/telecom-chain/target}"
# The runtime's wasm build looks for Cargo.lock from the target dir; point it at the workspace.
export WASM_BUILD_WORKSPACE_HINT="${WASM_BUILD_WORKSPACE_HINT:-$ROOT}"
NODE_BIN="$CARGO_TARGET_DIR/release/telecom-node"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Runs a step and prints its wall time.
timed() {
	local name="$1"
	shift
	local start=$SECONDS
	log "$name"
	"$@"
	log "$name: $((SECONDS - start)) s"
}

# The runtime's wasm is built into one shared directory whatever the node's features, and cargo
# does not rerun the runtime's build script when only the other feature set wrote that wasm: a
# plain node built after `scripts/benchmark.sh` would embed the benchmarking runtime (and fail
# to start). A marker records which feature set the wasm was last built for; switching forces a
# wasm rebuild.
WASM_MARKER="$CARGO_TARGET_DIR/release/.telecom-runtime-wasm"

# Builds the release node for feature set `$1` ("default" or "runtime-benchmarks").
build_node_for() {
	local features="$1"
	local extra=()
	[ "$features" = default ] || extra=(--features "$features")
	if [ "$(cat "$WASM_MARKER" 2>/dev/null)" != "$features" ]; then
		export FORCE_WASM_BUILD="$features-$(date +%s)"
	fi
	(cd "$ROOT" && cargo build --locked --release -p telecom-node "${extra[@]}")
	mkdir -p "$(dirname "$WASM_MARKER")"
	echo "$features" >"$WASM_MARKER"
}

# Builds the release node, nothing else: what a first `scripts/start-dev.sh` needs.
build_node() {
	build_node_for default
}

# Builds the tools (billing CLI and load generator, runtime fuzzer). They build in their own cargo
# invocation: in one with the node, cargo would unify features into a third set and rebuild the
# stack. Scripts that run them (tests, benchmarks) call this after `build_node`.
build_tools() {
	(cd "$ROOT" && cargo build --locked --release -p telecom-cli -p telecom-runtime-fuzz)
}

# The next runtime of the upgrade rehearsal (`telecom-runtime` with `upgrade-rehearsal`: one
# `spec_version` up, with a storage migration), as the wasm blob a council upgrade installs.
NEXT_RUNTIME_WASM="$CARGO_TARGET_DIR/release/telecom-runtime-next.compact.compressed.wasm"

# Builds the next runtime's wasm and copies it to `$NEXT_RUNTIME_WASM`. The host crate is only
# checked (no native code is needed), under its own cargo profile: the wasm builder derives its
# build directory from the profile's, so this wasm is built in `upgrade-rehearsal/wbuild` and never
# overwrites the node's in `release/wbuild`, which the node embeds with `include_bytes!`. The node
# therefore keeps its runtime whatever runs after this, and `$WASM_MARKER` (which records the
# feature set of the shared `release/wbuild` blob) stays true without being touched.
build_next_runtime() {
	local project="$CARGO_TARGET_DIR/upgrade-rehearsal/wbuild/telecom-runtime"
	local wasm="$project/telecom_runtime.compact.compressed.wasm"
	local node_wasm_target="$CARGO_TARGET_DIR/release/wbuild/telecom-runtime/target"
	# The first time, seed the wasm build with a copy of the node's (about 1.4 GB): the two differ
	# only in `telecom-runtime` and `pallet-clearing`, so only those recompile for wasm instead of
	# the whole stack. A copy, not links: cargo rewrites its fingerprint files in place.
	if [ ! -d "$project/target" ] && [ -d "$node_wasm_target" ]; then
		mkdir -p "$project"
		cp -a "$node_wasm_target" "$project/target.partial"
		mv -T "$project/target.partial" "$project/target"
	fi
	# A forced rerun of the runtime's build script: it must rebuild the blob whenever the sources
	# changed, even the ones cargo's check of the host crate does not track.
	(cd "$ROOT" && FORCE_WASM_BUILD="next-$(date +%s)" cargo check --locked \
		--profile upgrade-rehearsal -p telecom-runtime --features upgrade-rehearsal)
	mkdir -p "$(dirname "$NEXT_RUNTIME_WASM")"
	cp "$wasm" "$NEXT_RUNTIME_WASM"
}
