#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks to build, run and test the chain. Idempotent.
#
# Needs: rustup with a stable toolchain (the machine's; none is downloaded), root or sudo for apt,
# and the Debian and npm package registries. Installs with apt when missing: a C toolchain
# (build-essential) and clang for crates that build C, protoc, jq and curl (docker/test-native.sh),
# Node.js and npm; then Node.js 20 from the npm registry if Debian's is older (bookworm ships 18,
# whose test runner rejects `--test-concurrency`), the wasm32v1-none target, rustfmt and clippy,
# and the end-to-end tests' npm packages.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

APT_UPDATED=0
apt_install() {
	if [ "$APT_UPDATED" = 0 ]; then
		$SUDO apt-get update -qq
		APT_UPDATED=1
	fi
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

if ! command -v cc >/dev/null 2>&1 || ! command -v make >/dev/null 2>&1; then
	log "installing a C toolchain (build-essential) with apt"
	apt_install build-essential
fi
if ! command -v clang >/dev/null 2>&1; then
	log "installing clang with apt"
	apt_install clang
fi
if ! command -v openssl >/dev/null 2>&1; then
	# The TLS end-to-end test makes its certificates with the openssl command.
	log "installing openssl with apt"
	apt_install openssl
fi
for tool in jq curl; do
	# docker/test-native.sh (run by scripts/test.sh) drives the nodes' RPC with curl and jq.
	if ! command -v "$tool" >/dev/null 2>&1; then
		log "installing $tool with apt"
		apt_install "$tool"
	fi
done
if ! command -v protoc >/dev/null 2>&1; then
	log "installing protoc (protobuf-compiler) with apt"
	apt_install protobuf-compiler
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
	apt_install nodejs npm
fi
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" -lt 20 ]; then
	# The npm registry's `node` package carries the official Node.js binary for this platform.
	log "Node.js $(node --version) is older than 20: installing Node.js 20 from the npm registry"
	$SUDO npm install -g --no-audit --no-fund --loglevel=error node@20
	hash -r
	if [ "$(node_major)" -lt 20 ]; then
		echo "Node.js 20 or newer is needed for the end-to-end tests; found $(node --version) at $(command -v node)" >&2
		exit 1
	fi
fi

# The client package (clients/js) is installed into e2e/node_modules as a copy (e2e/.npmrc):
# reinstall when the copy differs from the source tree.
client_copy_stale() {
	local file installed="$ROOT/e2e/node_modules/@telecom-consortium/api"
	for file in package.json index.d.ts definitions.d.ts rpc-augment.d.ts src; do
		diff -rq "$ROOT/clients/js/$file" "$installed/$file" >/dev/null 2>&1 || return 0
	done
	return 1
}

if [ ! -d "$ROOT/e2e/node_modules/@polkadot/api" ] ||
	[ "$ROOT/e2e/package-lock.json" -nt "$ROOT/e2e/node_modules/.package-lock.json" ] ||
	client_copy_stale; then
	log "installing the end-to-end tests' npm packages"
	(cd "$ROOT/e2e" && npm ci --no-audit --no-fund --loglevel=error)
fi

mkdir -p "$CARGO_TARGET_DIR"
log "setup complete (cargo target dir: $CARGO_TARGET_DIR)"
