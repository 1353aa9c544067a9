#!/bin/sh
# Sets up a production network of OPERATORS founding operators (default 4) in DIR the way the
# runbook in docs/validator.md does it, with keys generated here and no development key:
#   for each operator i: `key generate` (account, Aura, GRANDPA), `key generate-node-key` for its
#   validator and its RPC node; then `production-spec --raw` from the public parts; then
#   `key insert` of each validator's session keys into its own base path.
#
#   usage: init-network.sh DIR
#   DIR/spec/consortium.json       the raw chain spec (public)
#   DIR/spec/founders.json         the public parts it was built from
#   DIR/op<i>/secrets/*.json       the operator's secret phrases (mode 600)
#   DIR/op<i>/node-key             its validator's node key; DIR/op<i>/rpc-node-key its RPC node's
#   DIR/op<i>/base                 its validator's base path, keystore filled
#
# Environment: TELECOM_NODE (the node binary, default `telecom-node` on PATH); BOOTNODE_ADDR,
# the address of operator {n}'s validator without /p2p (default /dns/validator{n}/tcp/30333, the
# compose service names; {port} is P2P_PORT_BASE + n when P2P_PORT_BASE is set, else 30333).
#
# A DIR that already has a spec is left as it is (a restarted container keeps its keys).
# In one directory this is a demonstration: real operators each run the per-operator steps on
# their own machines and send only the public parts (docs/validator.md).
set -eu

dir=${1:?usage: init-network.sh DIR}
node=${TELECOM_NODE:-telecom-node}
count=${OPERATORS:-4}
template=${BOOTNODE_ADDR:-/dns/validator\{n\}/tcp/30333}
spec="$dir/spec/consortium.json"

if [ -s "$spec" ]; then
	echo "init-network: $spec exists, keeping the network's keys"
	exit 0
fi

umask 077
mkdir -p "$dir/spec"
entries="$dir/spec/operators.jsonl"
: >"$entries"

# The peer id `key generate-node-key` prints (on stderr).
node_key() {
	"$node" key generate-node-key --file "$1" 2>&1 >/dev/null | tail -n 1
}

i=1
while [ "$i" -le "$count" ]; do
	op="$dir/op$i"
	mkdir -p "$op/secrets"
	"$node" key generate --scheme sr25519 --output-type json >"$op/secrets/account.json"
	"$node" key generate --scheme sr25519 --output-type json >"$op/secrets/aura.json"
	"$node" key generate --scheme ed25519 --output-type json >"$op/secrets/grandpa.json"
	peer=$(node_key "$op/node-key")
	rpc_peer=$(node_key "$op/rpc-node-key")
	if [ -n "${P2P_PORT_BASE:-}" ]; then port=$((P2P_PORT_BASE + i)); else port=30333; fi
	addr=$(printf '%s' "$template" | sed -e "s/{n}/$i/g" -e "s/{port}/$port/g")
	jq -n -c \
		--arg account "$(jq -r .ss58Address "$op/secrets/account.json")" \
		--arg aura "$(jq -r .ss58Address "$op/secrets/aura.json")" \
		--arg grandpa "$(jq -r .ss58Address "$op/secrets/grandpa.json")" \
		--arg bootnode "$addr/p2p/$peer" \
		--arg rpc "$rpc_peer" \
		'{account: $account, aura: $aura, grandpa: $grandpa, bootnode: $bootnode, nodes: [$rpc]}' \
		>>"$entries"
	i=$((i + 1))
done

# Public parts only from here on.
umask 022
jq -s '{name: "Telecom consortium", id: "telecom_consortium", operators: .}' "$entries" \
	>"$dir/spec/founders.json"
rm -f "$entries"
"$node" production-spec --founders "$dir/spec/founders.json" --raw --output "$spec.tmp"

umask 077
i=1
while [ "$i" -le "$count" ]; do
	op="$dir/op$i"
	"$node" key insert --chain "$spec.tmp" --base-path "$op/base" --scheme sr25519 \
		--key-type aura --suri "$(jq -r .secretPhrase "$op/secrets/aura.json")"
	"$node" key insert --chain "$spec.tmp" --base-path "$op/base" --scheme ed25519 \
		--key-type gran --suri "$(jq -r .secretPhrase "$op/secrets/grandpa.json")"
	i=$((i + 1))
done
chmod 644 "$spec.tmp"
# Last: a spec on disk means a complete network.
mv "$spec.tmp" "$spec"
echo "init-network: $count operators in $dir, spec $spec"
