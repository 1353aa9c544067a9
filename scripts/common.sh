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

build_node() {
	(cd "$ROOT" && cargo build --locked --release -p telecom-node)
}
