#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks to build, run and test the chain. Idempotent.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

if ! command -v protoc >/dev/null 2>&1; then
	log "installing protoc (protobuf-compiler) with apt"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq protobuf-compiler >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1; then
	echo "cargo is missing: install Rust with rustup first" >&2
	exit 1
fi

# The runtime is compiled to WebAssembly for the active (stable) toolchain; no other toolchain
# is downloaded.
if ! rustup target list --installed | grep -qx wasm32v1-none; then
	log "adding the wasm32v1-none target"
	rustup target add wasm32v1-none
fi
for component in rustfmt clippy; do
	if ! rustup component list --installed | grep -q "^$component"; then
		rustup component add "$component"
	fi
done

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	log "installing Node.js and npm with apt"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null
fi

if [ ! -d "$ROOT/e2e/node_modules/@polkadot/api" ] ||
	[ "$ROOT/e2e/package-lock.json" -nt "$ROOT/e2e/node_modules/.package-lock.json" ]; then
	log "installing the end-to-end tests' npm packages"
	(cd "$ROOT/e2e" && npm ci --no-audit --no-fund --loglevel=error)
fi

mkdir -p "$CARGO_TARGET_DIR"
log "setup complete (cargo target dir: $CARGO_TARGET_DIR)"
