#!/usr/bin/env bash
# Builds the node (release) and runs a development chain with RPC on 127.0.0.1:9944.
# Extra arguments go to the node, e.g. `scripts/start-dev.sh --tmp` for a throw-away chain.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

"$ROOT/scripts/setup.sh"
timed "building telecom-node (release)" build_node

RPC_PORT="${RPC_PORT:-9944}"
cat >&2 <<TXT

  Dev chain: Alice authors a block every 6 s and GRANDPA finalizes it.
  JSON-RPC / WebSocket: ws://127.0.0.1:$RPC_PORT
  Polkadot.js apps:     https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A$RPC_PORT#/explorer
                        (or a local build of apps: Settings > custom endpoint ws://127.0.0.1:$RPC_PORT)
  Prometheus metrics:   http://127.0.0.1:9615/metrics
  Stop with Ctrl-C. State is kept in the node's base path; add --tmp for a fresh chain.

TXT
exec "$NODE_BIN" --dev --rpc-port "$RPC_PORT" --rpc-cors all "$@"
