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
	# frame-benchmarking-cli's storage-access test runtime serves only `benchmark storage` with a
	# test runtime, and its wasm build cannot find itself in this workspace's metadata (the CLI is
	# an optional dependency of the node): without this a runtime-benchmarks build fails.
	[[ "$features" == *runtime-benchmarks* ]] && export SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1
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
# stack. fuzz/Cargo.toml aligns the runtime stack's features with the node's (see
# fuzz/align-features.py), so that this reuses the node build's compiled runtime, FRAME stack and
# wasm executor. Scripts that run them (tests, benchmarks) call this after `build_node`.
build_tools() {
	(cd "$ROOT" && cargo build --locked --release -p telecom-cli -p telecom-runtime-fuzz)
}

# The next runtime of the upgrade rehearsal (`telecom-runtime` with `upgrade-rehearsal`: one
# `spec_version` up, with a storage migration), as the wasm blob a council upgrade installs.
NEXT_RUNTIME_WASM="$CARGO_TARGET_DIR/release/telecom-runtime-next.compact.compressed.wasm"

# Builds the next runtime's wasm and copies it to `$NEXT_RUNTIME_WASM`; needs `build_node` first.
#
# Nothing on the host side needs compiling for this: the release node build has already compiled
# the runtime's build script (substrate-wasm-builder with binaryen, which takes longer to compile
# than the runtime itself) and every wasm dependency. So this runs that build script once more, by
# hand, as cargo would for `--features upgrade-rehearsal` (the builder reads the features from
# `CARGO_FEATURE_*`), with an `OUT_DIR` under `next-runtime/release/`: the builder derives its
# wasm project from `OUT_DIR`, so the blob is built and compacted in
# `next-runtime/release/wbuild/telecom-runtime` and never replaces the node's in
# `release/wbuild/telecom-runtime`, which the node embeds with `include_bytes!` (and which
# `$WASM_MARKER` describes). The first time, that project's target directory is seeded with a copy
# of the node's (about 1.1 GB; a copy, not links: cargo rewrites its fingerprint files in place):
# its wasm dependencies are then fresh and only the crates whose features or sources differ
# recompile for wasm (`pallet-clearing`, what depends on it, and `telecom-runtime`).
build_next_runtime() {
	local next="$CARGO_TARGET_DIR/next-runtime/release"
	local project="$next/wbuild/telecom-runtime"
	local out_dir="$next/build/telecom-runtime/out"
	local node_wasm_target="$CARGO_TARGET_DIR/release/wbuild/telecom-runtime/target"
	local script
	script=$(ls -t "$CARGO_TARGET_DIR"/release/build/telecom-runtime-*/build-script-build 2>/dev/null | head -n 1)
	if [ -z "$script" ] || [ ! -d "$node_wasm_target" ]; then
		log "the next runtime reuses the release node's build: building the node first"
		build_node
		script=$(ls -t "$CARGO_TARGET_DIR"/release/build/telecom-runtime-*/build-script-build | head -n 1)
	fi
	if [ ! -d "$project/target" ]; then
		mkdir -p "$project"
		rm -rf "$project/target.partial"
		cp -a "$node_wasm_target" "$project/target.partial"
		mv -T "$project/target.partial" "$project/target"
	fi
	mkdir -p "$out_dir"
	# What cargo hands a build script; the builder only reads these (and its own WASM_BUILD_*
	# settings). Its `cargo:` lines (thousands of rerun-if-changed paths) go to `output`, as
	# cargo keeps them; the wasm build's progress goes to stderr.
	if ! (cd "$ROOT/runtime" && env -u SKIP_WASM_BUILD -u SKIP_TELECOM_RUNTIME_WASM_BUILD \
		-u WASM_TARGET_DIRECTORY -u CARGO_ENCODED_RUSTFLAGS -u RUSTFLAGS \
		OUT_DIR="$out_dir" CARGO_MANIFEST_DIR="$ROOT/runtime" CARGO_PKG_NAME=telecom-runtime \
		CARGO="$(command -v cargo)" CARGO_FEATURE_DEFAULT=1 CARGO_FEATURE_STD=1 \
		CARGO_FEATURE_UPGRADE_REHEARSAL=1 WASM_BUILD_NO_COLOR=1 \
		"$script" >"$out_dir/../output"); then
		tail -n 20 "$out_dir/../output" >&2
		return 1
	fi
	# The blob is the one the builder just made (it names it in the file the runtime would
	# include), with the feature on.
	local blob="$project/telecom_runtime.compact.compressed.wasm"
	if ! grep -qF "$blob" "$out_dir/wasm_binary.rs" || ! grep -qF '"upgrade-rehearsal"' "$project/Cargo.toml"; then
		log "the next runtime's build did not produce $blob with upgrade-rehearsal"
		return 1
	fi
	mkdir -p "$(dirname "$NEXT_RUNTIME_WASM")"
	cp "$blob" "$NEXT_RUNTIME_WASM"
}
