#!/usr/bin/env bash
# Drives one business story per pallet against a running dev chain: start one with
# `scripts/start-dev.sh` in another terminal, then run this. Each story prints what it does and
# checks what the chain answers; the script fails on the first surprise. Stories may be re-run on
# the same chain.
#
#   scripts/demo.sh                                   all six stories against ws://127.0.0.1:9944
#   scripts/demo.sh --url ws://127.0.0.1:9945         another node
#   scripts/demo.sh --only device,roaming             some stories (device, roaming, spectrum,
#                                                     sharing, tender, clearing)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if [ ! -d "$ROOT/e2e/node_modules/@polkadot/api" ]; then
	"$ROOT/scripts/setup.sh"
fi
exec node "$ROOT/e2e/demo.mjs" "$@"
