#!/bin/sh
# Tests the compose file's production flow without a Docker daemon: runs docker/init-network.sh
# into a temporary directory with real binaries, starts the four validators and operator 1's RPC
# node with docker/start-node.sh on loopback (the containers' commands, different ports), and
# passes when every validator finalizes block #3, the RPC node (a registered non-validator) syncs
# and refuses unsafe RPC methods, and the image's health check command succeeds against each node.
# Every node is stopped by its pid; nothing runs longer than TIMEOUT seconds of waiting (default 420; a busy 2-core machine needs minutes to initialise the genesis).
#
#   usage: docker/test-native.sh [BIN_DIR]     (BIN_DIR holds telecom-node; default target/release)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../target/release}
export TELECOM_NODE="$bin/telecom-node"
timeout=${TIMEOUT:-420}
[ -x "$TELECOM_NODE" ] || { echo "no telecom-node in $bin" >&2; exit 2; }
# The compose file must be valid (`docker compose` plugin or the standalone `docker-compose`).
if docker compose version >/dev/null 2>&1; then compose="docker compose"
elif command -v docker-compose >/dev/null 2>&1; then compose=docker-compose
else compose=""; fi
if [ -n "$compose" ]; then
	$compose -f "$here/docker-compose.yml" config -q
	echo "ok: $compose config validates docker-compose.yml"
else
	echo "skipped: no compose client to validate docker-compose.yml"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/telecom-docker-native.XXXXXX")
pids=""
cleanup() {
	for pid in $pids; do kill "$pid" 2>/dev/null || true; done
	for pid in $pids; do wait "$pid" 2>/dev/null || true; done
	if [ "${KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT INT TERM

# Ports: P2P base+1..4 for the validators, base+5 for the RPC node; RPC base+11..15.
base=$((20000 + ($$ % 400) * 20))
P2P_PORT_BASE=$base BOOTNODE_ADDR='/ip4/127.0.0.1/tcp/{port}' "$here/init-network.sh" "$work"
# A second run keeps the keys (a restarted init container).
before=$(cksum <"$work/spec/consortium.json")
"$here/init-network.sh" "$work" >/dev/null
[ "$before" = "$(cksum <"$work/spec/consortium.json")" ] || { echo "FAIL: init re-ran" >&2; exit 1; }
echo "ok: a second init keeps the network"
if grep -q '"sudo"' "$work/spec/founders.json" || grep -rq '//Alice' "$work/spec"; then
	echo "FAIL: development keys in the spec" >&2
	exit 1
fi

for n in 1 2 3 4; do
	P2P_PORT=$((base + n)) RPC_PORT=$((base + 10 + n)) "$here/start-node.sh" validator "$work" "$n" \
		--no-prometheus --no-mdns --no-telemetry >"$work/validator$n.log" 2>&1 &
	pids="$pids $!"
done
P2P_PORT=$((base + 5)) RPC_PORT=$((base + 15)) "$here/start-node.sh" rpc "$work" 1 \
	--no-prometheus --no-mdns --no-telemetry >"$work/rpc.log" 2>&1 &
pids="$pids $!"

rpc() { # port method [params]
	curl -s --max-time 5 -H 'Content-Type: application/json' \
		-d "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"$2\",\"params\":${3:-[]}}" "http://127.0.0.1:$1"
}
number() { # port head-kind: finalized or best
	if [ "$2" = finalized ]; then
		hash=$(rpc "$1" chain_getFinalizedHead | jq -r '.result // empty')
		[ -n "$hash" ] || { echo 0; return; }
		header=$(rpc "$1" chain_getHeader "[\"$hash\"]")
	else
		header=$(rpc "$1" chain_getHeader)
	fi
	printf '%d\n' "$(printf '%s' "$header" | jq -r '.result.number // "0x0"')"
}
healthy() { # the image's HEALTHCHECK, on another port
	curl -fsS -o /dev/null --max-time 5 "http://127.0.0.1:$1/health/readiness"
}

deadline=$(($(date +%s) + timeout))
while :; do
	done_count=0
	for n in 1 2 3 4; do
		[ "$(number $((base + 10 + n)) finalized 2>/dev/null || echo 0)" -ge 3 ] && done_count=$((done_count + 1))
	done
	[ "$done_count" -eq 4 ] && [ "$(number $((base + 15)) best 2>/dev/null || echo 0)" -ge 3 ] && break
	if [ "$(date +%s)" -ge "$deadline" ]; then
		echo "FAIL: no finality of #3 on all validators within ${timeout}s" >&2
		tail -n 20 "$work"/*.log >&2
		exit 1
	fi
	sleep 2
done
echo "ok: the four validators finalized #3; the RPC node synced"

for port in $((base + 11)) $((base + 12)) $((base + 13)) $((base + 14)) $((base + 15)); do
	healthy "$port" || { echo "FAIL: health check on port $port" >&2; exit 1; }
done
echo "ok: the health check passes on every node"
rpc $((base + 15)) author_rotateKeys | jq -e '.error' >/dev/null \
	|| { echo "FAIL: the RPC node serves unsafe methods" >&2; exit 1; }
echo "ok: the RPC node refuses author_rotateKeys (--rpc-methods safe)"
echo "1 passed, 0 failed"
