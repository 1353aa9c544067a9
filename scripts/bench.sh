#!/usr/bin/env bash
# Throughput benchmark: builds the release node and tools, then for each scenario and run starts
# a fresh `--dev` node (ParityDB) on loopback, drives it with `telecom-load`, samples the node's
# RSS, and stops it; the `testnet` scenario runs the four-validator local testnet instead. Writes one JSON line per run to $BENCH_OUT (default bench/results.jsonl)
# and prints the medians.
#
#   scripts/bench.sh                 # transfers, clearing, mix, testnet, network; 3 runs each
#   REPEAT=1 SCENARIOS="clearing" scripts/bench.sh
#   SCENARIOS="block latency" scripts/bench.sh   # scripts/bench-block.sh, scripts/bench-latency.sh
#                                    (bench.sh starts $BENCH_OUT afresh; run those two directly to append)
#   CARGO_TARGET_DIR=/tmp/t BENCH_NO_BUILD=1 BENCH_OUT=/tmp/r.jsonl scripts/bench.sh   # prebuilt
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

REPEAT="${REPEAT:-3}"
SCENARIOS="${SCENARIOS:-transfers clearing mix testnet network}"
OUT="${BENCH_OUT:-$ROOT/bench/results.jsonl}"
LOAD="$CARGO_TARGET_DIR/release/telecom-load"
mkdir -p "$(dirname "$OUT")"
: >"$OUT"

# BENCH_NO_BUILD=1 measures the binaries already in $CARGO_TARGET_DIR/release (e.g. a copy of a
# known commit's build) instead of building.
if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
	timed "build telecom-node (release)" build_node
	timed "build telecom-load (release)" build_tools
fi

# Arguments of each scenario: enough work to fill several blocks past the warm-up; while blocks
# are full, 200 custom RPC queries a second measure the node's answer times.
scenario_args() {
	case "$1" in
	transfers) echo "--scenario transfers --senders 4000 --per-sender 24 --max-pending 26000 --rpc-rate 200" ;;
	clearing) echo "--scenario clearing --batches 72 --records 20000 --max-pending 40 --request-batch 2" ;;
	mix) echo "--scenario mix --units 12000 --max-pending 20000 --rpc-rate 200" ;;
	esac
}

NODE_PID=""
cleanup() {
	[ -n "$NODE_PID" ] && kill "$NODE_PID" 2>/dev/null && wait "$NODE_PID" 2>/dev/null
	[ -n "${BASE:-}" ] && rm -rf "$BASE"
	true
}
trap cleanup EXIT

# Inclusion → finality on the four-validator local testnet (`scripts/local-testnet.sh`) under
# transfers at half the rate a full block carries: half of this run's largest transfer block per
# 6 s slot, or 300 a second without a transfers result ($TESTNET_RATE overrides).
testnet_run() {
	local run="$1" rate="${TESTNET_RATE:-}" line
	[ -n "$rate" ] || rate=$(node -e '
const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").filter(Boolean).map(JSON.parse);
const full = lines.filter((l) => l.scenario === "transfers").map((l) => l.max_per_block).sort((a, b) => a - b);
console.log(full.length ? Math.floor(full[Math.floor((full.length - 1) / 2)] / 6 / 2) : 300);' "$OUT")
	BASE="$(mktemp -d)"
	TESTNET_DIR="$BASE" TESTNET_NODE_ARGS="--pool-limit 32768 --pool-kbytes 131072" \
		scripts/local-testnet.sh --no-build >"$BASE/testnet.log" 2>&1 &
	NODE_PID=$!
	for _ in $(seq 1 $((${BENCH_START_S:-60} + 30))); do
		grep -q "finalized #2" "$BASE/alice.log" 2>/dev/null && break
		sleep 1
	done
	line=$("$LOAD" --url "http://127.0.0.1:9944" --scenario transfers --senders 2000 --per-sender 16 \
		--rate "$rate" --max-pending 26000 --timeout 300)
	kill "$NODE_PID" && wait "$NODE_PID" 2>/dev/null || true
	NODE_PID=""
	echo "${line%\}},\"run\":$run,\"rate\":$rate,\"validators\":4}" | tee -a "$OUT"
	rm -rf "$BASE"
	BASE=""
}

for scenario in $SCENARIOS; do
	# Load through a non-validator RPC node, two validators in turn, against a same-run --dev node.
	[ "$scenario" = network ] && { NET_NODE="$NODE_BIN" BENCH_OUT="$OUT" REPEAT="$REPEAT" scripts/bench-network.sh; continue; }
	for run in $(seq 1 "$REPEAT"); do
		[ "$scenario" = block ] && { BENCH_OUT="$OUT" scripts/bench-block.sh; break; }
		[ "$scenario" = latency ] && { BENCH_OUT="$OUT" REPEAT="$REPEAT" scripts/bench-latency.sh; break; }
		if [ "$scenario" = testnet ]; then
			testnet_run "$run"
			continue
		fi
		BASE="$(mktemp -d)"
		PORT=$((20000 + RANDOM % 20000))
		"$NODE_BIN" --dev --base-path "$BASE" --rpc-port "$PORT" --port 0 --no-prometheus \
			--no-telemetry --pool-limit 32768 --pool-kbytes 131072 --rpc-max-response-size 64 \
			>"$BASE/node.log" 2>&1 &
		NODE_PID=$!
		# BENCH_START_S: how long a node may take to import block 2 (longer on a busy machine).
		for _ in $(seq 1 "${BENCH_START_S:-60}"); do
			grep -q "Imported #2" "$BASE/node.log" && break
			sleep 1
		done
		# Peak RSS of the node while the load runs, sampled every half second.
		(
			peak=0
			while kill -0 "$NODE_PID" 2>/dev/null; do
				rss=$(awk '/VmRSS/ {print $2}' "/proc/$NODE_PID/status" 2>/dev/null || echo 0)
				[ "${rss:-0}" -gt "$peak" ] && peak=$rss && echo "$peak" >"$BASE/rss"
				sleep 0.5
			done
		) &
		SAMPLER=$!
		# shellcheck disable=SC2046
		line=$("$LOAD" --url "http://127.0.0.1:$PORT" $(scenario_args "$scenario") --timeout 300)
		kill "$NODE_PID" && wait "$NODE_PID" 2>/dev/null || true
		NODE_PID=""
		wait "$SAMPLER" 2>/dev/null || true
		rss_kib=$(cat "$BASE/rss" 2>/dev/null || echo 0)
		# The longest the node took to build one of its blocks: set against the 2.5 s of weight a
		# block may carry, it shows how far the weights over-estimate the real work.
		build_ms=$(grep -o 'Prepared block for proposing at [0-9]* ([0-9]* ms)' "$BASE/node.log" |
			sed 's/.*(\([0-9]*\) ms)/\1/' | sort -n | tail -1)
		echo "${line%\}},\"run\":$run,\"node_rss_mib\":$((rss_kib / 1024)),\"block_build_ms_max\":${build_ms:-0}}" |
			tee -a "$OUT"
		rm -rf "$BASE"
		BASE=""
	done
done

log "medians over $REPEAT runs (from $OUT)"
node -e '
// block and latency lines (`bench` field) are summarised by their own scripts.
const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse).filter((l) => !l.bench);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
// Testnet runs are transfers too; they are told apart by their validator count.
const nameOf = (l) => (l.validators ? "testnet" : l.scenario);
for (const name of [...new Set(lines.map(nameOf))]) {
  const runs = lines.filter((l) => nameOf(l) === name);
  console.log(JSON.stringify({ scenario: name, runs: runs.length,
    tx_per_s: median(runs.map((r) => r.tx_per_s)), records_per_s: median(runs.map((r) => r.records_per_s)),
    latency_p50_ms: median(runs.map((r) => r.latency_p50_ms)), node_rss_mib: median(runs.map((r) => r.node_rss_mib)),
    rpc_p99_us: median(runs.map((r) => r.rpc_p99_us)), max_per_block: median(runs.map((r) => r.max_per_block)),
    lost: runs.reduce((a, r) => a + r.lost, 0), rejected: runs.reduce((a, r) => a + Object.values(r.rejected).reduce((x, y) => x + y, 0), 0) }));
}' "$OUT"
