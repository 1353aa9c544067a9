#!/usr/bin/env bash
# Builds the node (release; only the node, the tools build in `scripts/test.sh` or when first used)
# and runs a development chain with RPC on 127.0.0.1:9944.
# State is thrown away when the node stops (`--dev` runs in a temporary directory), unless
# DEV_BASE_PATH names a folder to keep it in. Extra arguments go to the node.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

"$ROOT/scripts/setup.sh"
timed "building telecom-node (release)" build_node

RPC_PORT="${RPC_PORT:-9944}"
STATE="State: thrown away when the node stops (--dev runs in a temporary directory).
                        To keep it: DEV_BASE_PATH=/some/folder scripts/start-dev.sh"
BASE_ARGS=()
if [ -n "${DEV_BASE_PATH:-}" ]; then
	BASE_ARGS=(--base-path "$DEV_BASE_PATH")
	STATE="State: kept in $DEV_BASE_PATH (delete that folder for a fresh chain;
                        after a runtime change the old state no longer matches the new genesis)."
fi
cat >&2 <<TXT

  Dev chain: Alice authors a block every 6 s and GRANDPA finalizes it.
  JSON-RPC / WebSocket: ws://127.0.0.1:$RPC_PORT
  Polkadot.js apps:     https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A$RPC_PORT#/explorer
                        (or a local build of apps: Settings > custom endpoint ws://127.0.0.1:$RPC_PORT)
  Prometheus metrics:   http://127.0.0.1:9615/metrics
  $STATE
  Stop with Ctrl-C.

TXT
exec "$NODE_BIN" --dev "${BASE_ARGS[@]}" --rpc-port "$RPC_PORT" --rpc-cors all "$@"
