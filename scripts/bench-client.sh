#!/usr/bin/env bash
# Client comparison benchmark (issue #28's acceptance: "telecom-load figures unchanged or better
# with the new client"): one node binary, one telecom-load binary built with the benchmark
# comparator (`cargo build --release -p telecom-cli -p telecom-runtime-fuzz --features
# telecom-cli/bench-legacy-client`: with the fuzzer in the same invocation, as `build_tools`
# builds, the runtime stack keeps the node's features and is not compiled again), and the
# load driven through each client variant in turn, interleaved run by run (old, new, old, new, ...)
# so that machine noise hits every variant alike.
#
#   CLIENT_NODE=/root/coord/bin-client/telecom-node CLIENT_LOAD=/root/coord/bin-client/telecom-load-cmp \
#     scripts/bench-client.sh
#   REPEAT=1 CLIENT_SCENARIOS=transfers CLIENT_VARIANTS="legacy|legacy+http| jsonrpsee|http|" scripts/bench-client.sh
#   CLIENT_RUNS="2 3" ...            # run numbers (default 1..$REPEAT)
#
# Variants: space-separated `name|URL scheme|extra telecom-load arguments (commas for spaces)`;
# the default compares the hand-written client (`legacy+http`) with the jsonrpsee HTTP client as
# bench.sh runs it; add e.g. `paced|http|--start-after-block` to try telecom-load's pacing.
#
# Each run: a fresh `--dev` node with bench.sh's flags (pool 32,768 / 128 MiB) pinned to core 0;
# `telecom-load` (with bench.sh's scenario arguments, custom RPC probes included) and the
# per-block monitor (scripts/lib/net-monitor.mjs) pinned to core 1. One summary line per run is
# appended to $BENCH_OUT (default bench/results.jsonl, `"bench":"client"`), per-block lines go to
# bench/client/<scenario>-<variant>-<run>.jsonl, and the load's submission trace (a sample every
# ~100 ms) to $CLIENT_TRACES (default /tmp/telecom-client-traces). Every process is stopped by pid.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

REPEAT="${REPEAT:-3}"
CLIENT_SCENARIOS="${CLIENT_SCENARIOS:-transfers mix clearing}"
CLIENT_VARIANTS="${CLIENT_VARIANTS:-legacy|legacy+http| jsonrpsee|http|}"
OUT="${BENCH_OUT:-$ROOT/bench/results.jsonl}"
NODE="${CLIENT_NODE:-$NODE_BIN}"
LOAD="${CLIENT_LOAD:-$CARGO_TARGET_DIR/release/telecom-load}"
DETAILS="$ROOT/bench/client"
TRACES="${CLIENT_TRACES:-/tmp/telecom-client-traces}"
mkdir -p "$DETAILS" "$TRACES" "$(dirname "$OUT")"
COMMIT="$(git rev-parse --short HEAD)"
# Lines of one comparison share a label (the medians below are over it).
LABEL="${CLIENT_LABEL:-$COMMIT}"

# bench.sh's scenario arguments.
scenario_args() {
	case "$1" in
	transfers) echo "--scenario transfers --senders 4000 --per-sender 24 --max-pending 26000 --rpc-rate 200" ;;
	clearing) echo "--scenario clearing --batches 72 --records 20000 --max-pending 40 --request-batch 2" ;;
	mix) echo "--scenario mix --units 12000 --max-pending 20000 --rpc-rate 200" ;;
	esac
}

NODE_PID=""
MON_PID=""
BASE=""
stop_all() {
	[ -n "$MON_PID" ] && kill "$MON_PID" 2>/dev/null
	if [ -n "$NODE_PID" ]; then
		kill -TERM "$NODE_PID" 2>/dev/null || true
		for _ in $(seq 1 50); do kill -0 "$NODE_PID" 2>/dev/null || break; sleep 0.2; done
		kill -KILL "$NODE_PID" 2>/dev/null || true
	fi
	NODE_PID=""
	MON_PID=""
	[ -n "$BASE" ] && rm -rf "$BASE"
	BASE=""
}
trap stop_all EXIT
trap 'stop_all; exit 130' INT TERM

run_one() {
	local scenario="$1" variant="$2" run="$3"
	local name="${variant%%|*}" rest="${variant#*|}"
	local scheme="${rest%%|*}" extra="${rest#*|}"
	extra="${extra//,/ }"
	BASE="$(mktemp -d -t telecom-clientbench-XXXXXX)"
	local port=$((40000 + RANDOM % 20000))
	taskset -c 0 "$NODE" --dev --base-path "$BASE/dev" --rpc-port "$port" --port 0 \
		--prometheus-port $((port + 20)) --no-telemetry --pool-limit 32768 --pool-kbytes 131072 \
		--rpc-max-response-size 64 >"$BASE/dev.log" 2>&1 &
	NODE_PID=$!
	for _ in $(seq 1 "${BENCH_START_S:-120}"); do
		grep -q "Imported #2" "$BASE/dev.log" 2>/dev/null && break
		sleep 1
	done
	local details="$DETAILS/$scenario-$name-$run.jsonl" trace="$TRACES/$scenario-$name-$run.jsonl"
	taskset -c 1 node "$ROOT/scripts/lib/net-monitor.mjs" \
		"{\"rpc\":\"http://127.0.0.1:$port\",\"blocks_out\":\"$details\",\"nodes\":[{\"name\":\"dev\",\"prom\":$((port + 20)),\"rpc\":$port,\"log\":\"$BASE/dev.log\",\"validator\":true}]}" \
		>"$BASE/monitor.out" &
	MON_PID=$!
	local uptime_start started line summary args
	uptime_start=$(uptime | sed 's/.*load average: //')
	started=$(date -u +%FT%TZ)
	args="$(scenario_args "$scenario") $extra --trace $trace --timeout 300"
	# shellcheck disable=SC2086
	line=$(taskset -c 1 "$LOAD" --url "$scheme://127.0.0.1:$port" $args \
		2> >(while IFS= read -r l; do
			echo "$l" >&2
			[[ $l == *submitting* ]] && kill -USR1 "$MON_PID" 2>/dev/null
		done))
	# The load saw its last block finalized; the monitor's last samples need a moment.
	sleep 3
	kill -TERM "$MON_PID"
	wait "$MON_PID" || true
	MON_PID=""
	summary=$(cat "$BASE/monitor.out")
	local cmd="telecom-load --url $scheme://127.0.0.1:PORT $args (scripts/bench-client.sh)"
	node -e '
const [load, mon, meta] = process.argv.slice(1).map((s) => JSON.parse(s));
// The monitor counts every transaction of the window (the load generator counts its own).
const { blocks: monitor_blocks, max_per_block: monitor_max_per_block, ...rest } = mon;
console.log(JSON.stringify({ ...meta, ...load, monitor_blocks, monitor_max_per_block, ...rest }));' "$line" "$summary" \
		"$(printf '{"bench":"client","label":"%s","variant":"%s","run":%s,"date":"%s","commit":"%s","command":"%s","layout":"--dev node on core 0 (bench.sh flags), telecom-load and monitor on core 1","uptime_start":"%s","uptime_end":"%s","shared_machine":"2 cores shared with other engineers"}' \
			"$LABEL" "$name" "$run" "$started" "$COMMIT" "$cmd" "$uptime_start" "$(uptime | sed 's/.*load average: //')")" |
		tee -a "$OUT"
	stop_all
}

# Run by run, scenario by scenario, every variant in turn: a round that is cut short still
# compares the variants under the same conditions.
for run in ${CLIENT_RUNS:-$(seq 1 "$REPEAT")}; do
	for scenario in $CLIENT_SCENARIOS; do
		for variant in $CLIENT_VARIANTS; do
			run_one "$scenario" "$variant" "$run"
		done
	done
done

log "client comparison medians (from $OUT, label $LABEL)"
node -e '
const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse)
  .filter((l) => l.bench === "client" && l.label === process.argv[2]);
const median = (xs) => { const s = xs.filter((x) => x != null).sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)] : null; };
for (const scenario of [...new Set(lines.map((l) => l.scenario))]) {
  const rate = (l) => (scenario === "clearing" ? l.records_per_s : l.tx_per_s);
  const wall = (l) => (scenario === "clearing" ? Math.round(l.records / l.wall_s) : l.wall_tx_per_s);
  const variants = [...new Set(lines.filter((l) => l.scenario === scenario).map((l) => l.variant))];
  const base = median(lines.filter((l) => l.scenario === scenario && l.variant === variants[0]).map(rate));
  for (const variant of variants) {
    const runs = lines.filter((l) => l.scenario === scenario && l.variant === variant);
    const m = median(runs.map(rate));
    console.log(JSON.stringify({ scenario, variant, runs: runs.length, rates: runs.map(rate), median: m,
      ratio_to_first: base ? +(m / base).toFixed(3) : null, wall_median: median(runs.map(wall)),
      blocks: runs.map((r) => r.blocks), lost: runs.reduce((a, r) => a + r.lost, 0),
      rejected: runs.reduce((a, r) => a + Object.values(r.rejected).reduce((x, y) => x + y, 0), 0),
      client_cpu_s: median(runs.map((r) => r.client_cpu_s)) }));
  }
}' "$OUT" "$LABEL"
