#!/usr/bin/env bash
# Network throughput benchmark (issues #27 and #25 item 1): load enters through a non-validator
# RPC node, as billing systems connect, and two validators author in turn; the single-node `--dev`
# figure is measured in the same run as the upper bound.
#
#   scripts/bench-network.sh                       # transfers, clearing, mix; 3 runs each
#   REPEAT=1 NET_SCENARIOS=transfers scripts/bench-network.sh
#   NET_NODE_ARGS="--pool-type single-state" NET_LABEL=single-state-pool scripts/bench-network.sh
#   NET_RPC_ARGS="--pool-type single-state" ...   # extra arguments of the RPC node only
#   NET_SHARED_NICE=19 ...                         # nice of the RPC node, load and monitor in network runs (default 10)
#   NET_RUNS="2 3" ...                             # run numbers (default 1..$REPEAT), e.g. to interleave two labels
#   NET_LOAD_ARGS="--scenario transfers --senders 100 --per-sender 2" ...   # smoke run
#   NET_KEEP=1 ...                                  # keep each run's directory (logs, databases)
#
# Layout (2 cores): network run: validator Alice pinned to core 0, validator Bob to core 1 (each
# alone on its core at normal priority), the RPC node, `telecom-load` and the monitor on both cores
# at nice 10. Single-node run: the `--dev` node on core 0, `telecom-load` and the monitor on core 1
# (NET_DEV_CORES=0,1: the node on both cores, the load and monitor beside it at nice 10, to see
# what the pool's validation of incoming submissions takes from the block author on one core).
# Every node runs with the node's own defaults (pool 32,768 transactions / 64 MiB) plus
# $NET_NODE_ARGS.
#
# Per block (scripts/lib/net-monitor.mjs, every node polled every 200 ms: best header by RPC, pool
# and import counters by Prometheus): author,
# the author's ready pool at its slot start, included transactions, block fill (normal-class
# weight and length), author build time and proposer end reason (log), the peers' import time
# (`substrate_block_verification_and_import_time`, verification + execution + commit) and the time
# from slot start to the block being best on each node; per run, build and import time over the
# declared normal-class weight at p50/p99 (issue #25 item 1). Per-block lines go to
# bench/network/<label>-<scenario>-<mode>-<run>.jsonl; one summary line per run is appended to
# $BENCH_OUT (default bench/results.jsonl).
#
# Binaries: $NET_NODE, else .bin/telecom-node, else the release target's; telecom-load is taken
# from beside it (or the release target). Every process is bounded (the load's --timeout 300) and
# stopped by pid.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

REPEAT="${REPEAT:-3}"
NET_SCENARIOS="${NET_SCENARIOS:-transfers clearing mix}"
NET_MODES="${NET_MODES:-single network}"
NET_LABEL="${NET_LABEL:-defaults}"
OUT="${BENCH_OUT:-$ROOT/bench/results.jsonl}"
NODE="${NET_NODE:-$NODE_BIN}"
[ -x "$ROOT/.bin/telecom-node" ] && [ -z "${NET_NODE:-}" ] && NODE="$ROOT/.bin/telecom-node"
LOAD="$(dirname "$NODE")/telecom-load"
[ -x "$LOAD" ] || LOAD="$CARGO_TARGET_DIR/release/telecom-load"
DETAILS="$ROOT/bench/network"
mkdir -p "$DETAILS" "$(dirname "$OUT")"
COMMIT="$(git rev-parse --short HEAD)"

# The same work as bench.sh's single-node scenarios: about ten full blocks.
scenario_args() {
	case "$1" in
	transfers) echo "--scenario transfers --senders 4000 --per-sender 24 --max-pending 26000" ;;
	clearing) echo "--scenario clearing --batches 72 --records 20000 --max-pending 40 --request-batch 2" ;;
	mix) echo "--scenario mix --units 12000 --max-pending 20000" ;;
	esac
}

PIDS=()
MON_PID=""
BASE=""
stop_all() {
	[ -n "$MON_PID" ] && kill "$MON_PID" 2>/dev/null
	for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
	for pid in "${PIDS[@]}"; do
		for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
		kill -KILL "$pid" 2>/dev/null || true
	done
	PIDS=()
	MON_PID=""
	if [ -n "$BASE" ] && [ -n "${NET_KEEP:-}" ]; then
		log "kept the run's spec, databases and logs in $BASE"
	elif [ -n "$BASE" ]; then
		rm -rf "$BASE"
	fi
	BASE=""
}
trap stop_all EXIT
trap 'stop_all; exit 130' INT TERM

# A `local` chain spec with two validators (Alice, Bob); the four operators stay.
two_validator_spec() {
	"$NODE" build-spec --chain local 2>/dev/null >"$1.full"
	node -e '
const fs = require("fs");
const spec = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
const keep = ["5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"];
const session = spec.genesis.runtimeGenesis.patch.session;
session.keys = session.keys.filter((k) => keep.includes(k[0]));
spec.id = "telecom_bench2";
fs.writeFileSync(process.argv[2], JSON.stringify(spec));' "$1.full" "$1"
}

# Waits until the node behind RPC port $1 has imported block $2 (and, with $3, has $3 peers).
wait_ready() {
	local port="$1" height="$2" peers="${3:-0}" i out
	# Up to 5 minutes: three nodes starting on a busy shared machine have taken over 2.
	for i in $(seq 1 300); do
		out=$(curl -s -H 'content-type: application/json' \
			-d '[{"jsonrpc":"2.0","id":1,"method":"chain_getHeader"},{"jsonrpc":"2.0","id":2,"method":"system_health"}]' \
			"http://127.0.0.1:$port" 2>/dev/null || true)
		if [ -n "$out" ] && node -e '
const [h, s] = JSON.parse(process.argv[1]).sort((a, b) => a.id - b.id);
process.exit(parseInt(h.result.number, 16) >= +process.argv[2] && s.result.peers >= +process.argv[3] ? 0 : 1);' \
			"$out" "$height" "$peers" 2>/dev/null; then
			return 0
		fi
		sleep 1
	done
	log "node on port $port not ready"
	return 1
}

# Steal ticks of all CPUs so far (the 8th value of /proc/stat's `cpu` line).
steal_ticks() { awk '/^cpu / { print $9; exit }' /proc/stat; }

# One run: mode `single` or `network`, prints the summary line.
run_one() {
	local scenario="$1" mode="$2" run="$3" port rpc nodes_json
	BASE="$(mktemp -d -t telecom-netbench-XXXXXX)"
	port=$((40000 + RANDOM % 20000))
	local common=(--no-telemetry --no-mdns --rpc-max-response-size 64 --unsafe-force-node-key-generation)
	# shellcheck disable=SC2206
	common+=(${NET_NODE_ARGS:-})
	# The proposer's debug lines split an author's build time into the wait for the pool, the
	# push loop and the seal (net-monitor.mjs: pool_wait_ms, push_ms, seal_ms).
	local author_log=(--log basic-authorship=debug)
	local pin_load=(taskset -c 1) dev_cores="${NET_DEV_CORES:-0}" shared_nice="${NET_SHARED_NICE:-10}"
	[ "$dev_cores" = 0 ] || pin_load=(taskset -c 0,1 nice -n 10)
	if [ "$mode" = single ]; then
		rpc=$port
		taskset -c "$dev_cores" "$NODE" --dev --base-path "$BASE/dev" --rpc-port "$rpc" \
			--prometheus-port $((port + 20)) --port $((port + 30)) "${common[@]}" "${author_log[@]}" >"$BASE/dev.log" 2>&1 &
		PIDS+=($!)
		nodes_json="[{\"name\":\"dev\",\"prom\":$((port + 20)),\"rpc\":$rpc,\"log\":\"$BASE/dev.log\",\"validator\":true}]"
		wait_ready "$rpc" 2
	else
		pin_load=(taskset -c 0,1 nice -n "$shared_nice")
		two_validator_spec "$BASE/spec.json"
		local alice_key=0000000000000000000000000000000000000000000000000000000000000001
		local alice_peer=12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp
		local boot="/ip4/127.0.0.1/tcp/$((port + 30))/p2p/$alice_peer"
		taskset -c 0 "$NODE" --chain "$BASE/spec.json" --alice --base-path "$BASE/alice" \
			--node-key "$alice_key" --listen-addr "/ip4/127.0.0.1/tcp/$((port + 30))" \
			--rpc-port $((port + 1)) --prometheus-port $((port + 21)) "${common[@]}" "${author_log[@]}" >"$BASE/alice.log" 2>&1 &
		PIDS+=($!)
		taskset -c 1 "$NODE" --chain "$BASE/spec.json" --bob --base-path "$BASE/bob" \
			--listen-addr "/ip4/127.0.0.1/tcp/$((port + 31))" --bootnodes "$boot" \
			--rpc-port $((port + 2)) --prometheus-port $((port + 22)) "${common[@]}" "${author_log[@]}" >"$BASE/bob.log" 2>&1 &
		PIDS+=($!)
		rpc=$port
		# shellcheck disable=SC2206
		local rpc_args=(${NET_RPC_ARGS:-})
		taskset -c 0,1 nice -n "$shared_nice" "$NODE" --chain "$BASE/spec.json" --base-path "$BASE/rpc" \
			--listen-addr "/ip4/127.0.0.1/tcp/$((port + 32))" --bootnodes "$boot" \
			--rpc-port "$rpc" --prometheus-port $((port + 20)) "${common[@]}" "${rpc_args[@]}" >"$BASE/rpc.log" 2>&1 &
		PIDS+=($!)
		nodes_json="[{\"name\":\"rpc\",\"prom\":$((port + 20)),\"rpc\":$rpc,\"log\":\"$BASE/rpc.log\",\"validator\":false},
{\"name\":\"alice\",\"prom\":$((port + 21)),\"rpc\":$((port + 1)),\"log\":\"$BASE/alice.log\",\"validator\":true},
{\"name\":\"bob\",\"prom\":$((port + 22)),\"rpc\":$((port + 2)),\"log\":\"$BASE/bob.log\",\"validator\":true}]"
		wait_ready "$rpc" 3 2
	fi
	local details="$DETAILS/$NET_LABEL-$scenario-$mode-$run.jsonl"
	"${pin_load[@]}" node "$ROOT/scripts/lib/net-monitor.mjs" \
		"{\"rpc\":\"http://127.0.0.1:$rpc\",\"blocks_out\":\"$details\",\"nodes\":$nodes_json}" >"$BASE/monitor.out" &
	MON_PID=$!
	local load_before started line summary
	load_before=$(cut -d' ' -f1 /proc/loadavg)
	# CPU time the hypervisor gave to other guests while this one wanted it (steal), over the
	# load: a sporadic slow block with steal beside it is the host's, not the node's.
	local steal_before
	steal_before=$(steal_ticks)
	started=$(date -u +%FT%TZ)
	# shellcheck disable=SC2046
	# The load's "submitting" line (after funding and signing) tells the monitor where the load
	# window starts.
	line=$("${pin_load[@]}" "$LOAD" --url "http://127.0.0.1:$rpc" ${NET_LOAD_ARGS:-$(scenario_args "$scenario")} --timeout 300 \
		2> >(while IFS= read -r l; do
			echo "$l" >&2
			[[ $l == *submitting* ]] && kill -USR1 "$MON_PID" 2>/dev/null
		done))
	sleep 7
	kill -TERM "$MON_PID"
	wait "$MON_PID" || true
	MON_PID=""
	summary=$(cat "$BASE/monitor.out")
	local cmd="NET_LABEL=$NET_LABEL NET_NODE_ARGS='${NET_NODE_ARGS:-}' NET_RPC_ARGS='${NET_RPC_ARGS:-}' NET_DEV_CORES=$dev_cores scripts/bench-network.sh ($scenario, $mode)"
	local layout="single: --dev node on core 0, load+monitor on core 1"
	[ "$dev_cores" = 0 ] || layout="single: --dev node on cores $dev_cores, load+monitor on cores 0-1 at nice 10"
	[ "$mode" = network ] && layout="network: 2 validators (alice core 0, bob core 1), non-validator RPC node + load + monitor on cores 0-1 at nice $shared_nice; load through the RPC node"
	node -e '
const [load, mon, meta] = process.argv.slice(1).map((s) => JSON.parse(s));
const l = { ...meta, ...load, ...mon };
l.load_wall_tx_per_s = load.wall_s ? Math.round(load.included / load.wall_s) : null;
console.log(JSON.stringify(l));' "$line" "$summary" \
		"$(printf '{"bench":"network","label":"%s","mode":"%s","run":%s,"date":"%s","commit":"%s","command":"%s","layout":"%s","loadavg_start":%s,"loadavg_end":%s,"steal_s":%s,"shared_machine":"2 cores; loadavg_start/end tell what else ran"}' \
			"$NET_LABEL" "$mode" "$run" "$started" "$COMMIT" "$cmd" "$layout" "$load_before" "$(cut -d' ' -f1 /proc/loadavg)" \
			"$(awk -v a="$steal_before" -v b="$(steal_ticks)" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", (b - a) / hz }')")" |
		tee -a "$OUT"
	stop_all
}

for scenario in $NET_SCENARIOS; do
	for run in ${NET_RUNS:-$(seq 1 "$REPEAT")}; do
		for mode in $NET_MODES; do
			run_one "$scenario" "$mode" "$run"
		done
	done
done

log "network/single medians (label $NET_LABEL, from $OUT)"
node -e '
const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse)
  .filter((l) => l.bench === "network" && l.label === process.argv[2]);
const median = (xs) => { const s = xs.filter((x) => x != null).sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)] : null; };
for (const scenario of [...new Set(lines.map((l) => l.scenario))]) {
  const of = (mode) => lines.filter((l) => l.scenario === scenario && l.mode === mode);
  const [single, net] = [of("single"), of("network")];
  // Clearing is counted in records (a few large batches per block), the others in transactions.
  const rate = (l) => (scenario === "clearing" ? l.records_per_s : l.included_tx_per_s_block_ts);
  const s = median(single.map(rate)), n = median(net.map(rate));
  console.log(JSON.stringify({ scenario, runs: net.length, single_tx_per_s: s, network_tx_per_s: n,
    ratio: s && n ? +(n / s).toFixed(2) : null,
    single_wall: median(single.map((l) => l.included_tx_per_s_wall)), network_wall: median(net.map((l) => l.included_tx_per_s_wall)),
    network_steady_fill_min: median(net.map((l) => l.steady_fill_min)), network_steady_fill_p50: median(net.map((l) => l.steady_fill_p50)) }));
}' "$OUT" "$NET_LABEL"
