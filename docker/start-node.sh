#!/bin/sh
# Starts operator N's validator, or its RPC node, from what init-network.sh set up in DIR
# (docs/validator.md, runbook step 6 and "An RPC node for billing systems").
#
#   usage: start-node.sh validator|rpc DIR N [more telecom-node arguments]
#
# The validator keeps its RPC server on loopback (the container's health check reaches it there);
# the RPC node serves safe methods only, to the outside. Environment: TELECOM_NODE (default
# `telecom-node`), P2P_PORT (default 30333), RPC_PORT (default 9944).
set -eu

role=${1:?usage: start-node.sh validator|rpc DIR N [args]}
dir=${2:?usage: start-node.sh validator|rpc DIR N [args]}
n=${3:?usage: start-node.sh validator|rpc DIR N [args]}
shift 3
node=${TELECOM_NODE:-telecom-node}
op="$dir/op$n"

case $role in
validator)
	exec "$node" --chain "$dir/spec/consortium.json" --validator --base-path "$op/base" \
		--node-key-file "$op/node-key" --name "operator-$n" \
		--port "${P2P_PORT:-30333}" --rpc-port "${RPC_PORT:-9944}" "$@"
	;;
rpc)
	exec "$node" --chain "$dir/spec/consortium.json" --base-path "$op/rpc-base" \
		--node-key-file "$op/rpc-node-key" --name "operator-$n-rpc" \
		--port "${P2P_PORT:-30333}" --rpc-port "${RPC_PORT:-9944}" \
		--rpc-external --rpc-methods safe --rpc-rate-limit 200 --rpc-max-connections 200 "$@"
	;;
*)
	echo "start-node: role must be validator or rpc" >&2
	exit 64
	;;
esac
