#!/usr/bin/env bash
# Starts the four-validator `local` chain (Alice, Bob, Charlie, Dave) on loopback ports and stops
# every node cleanly on Ctrl-C or when the script ends.
#
#   scripts/local-testnet.sh            build, start, and wait for Ctrl-C
#   scripts/local-testnet.sh --no-build start with the existing binary
#
# Ports: validator i (0..3) listens on p2p 30333+i, RPC 9944+i, Prometheus 9615+i.
# Logs and databases live in $TESTNET_DIR (default: a new temporary directory); $TESTNET_NODE_ARGS
# adds flags to every validator.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

BUILD=1
[ "${1:-}" = "--no-build" ] && BUILD=0
[ "$BUILD" = 1 ] && timed "building telecom-node (release)" build_node

TESTNET_DIR="${TESTNET_DIR:-$(mktemp -d -t telecom-local-XXXXXX)}"
NAMES=(alice bob charlie dave)
# Fixed node keys so the others can name Alice as their boot node.
ALICE_NODE_KEY=0000000000000000000000000000000000000000000000000000000000000001
ALICE_PEER_ID=12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp
PIDS=()

stop_all() {
	for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
	for pid in "${PIDS[@]}"; do
		for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
		kill -KILL "$pid" 2>/dev/null || true
	done
}
trap stop_all EXIT INT TERM

for i in 0 1 2 3; do
	name=${NAMES[$i]}
	args=(--chain local "--$name" --base-path "$TESTNET_DIR/$name"
		--rpc-port $((9944 + i)) --prometheus-port $((9615 + i))
		--listen-addr "/ip4/127.0.0.1/tcp/$((30333 + i))"
		--no-mdns --no-telemetry --rpc-cors all
		--unsafe-force-node-key-generation)
	# Extra flags for every validator, e.g. a larger pool for load tests.
	# shellcheck disable=SC2206
	args+=(${TESTNET_NODE_ARGS:-})
	if [ "$i" = 0 ]; then
		args+=(--node-key "$ALICE_NODE_KEY")
	else
		args+=(--bootnodes "/ip4/127.0.0.1/tcp/30333/p2p/$ALICE_PEER_ID")
	fi
	"$NODE_BIN" "${args[@]}" >"$TESTNET_DIR/$name.log" 2>&1 &
	PIDS+=($!)
	log "started $name (pid $!, rpc ws://127.0.0.1:$((9944 + i)), log $TESTNET_DIR/$name.log)"
done

log "four validators running; Ctrl-C stops them"
wait
