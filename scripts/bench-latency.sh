#!/usr/bin/env bash
# Finality across continents: the four-validator `local` chain with every validator-to-validator
# connection through a latency-injecting TCP proxy (scripts/lib/latency-proxy.mjs) on loopback,
# at 50 % load. Each validator listens on its own port and advertises (--public-addr) the port of
# its proxy; validators peer only with each other's proxies (--reserved-only, --reserved-nodes,
# --no-private-ip), so each connection crosses exactly one proxy: round trip = 2 × one-way delay.
# The script checks, while the load runs, that no validator holds a direct connection to
# another's own port (`direct_connections` must be 0). The chain is the `local` spec marked "Live"
# (see start_network).
#
# Per run: telecom-load sends transfers to Alice at half the single-node capacity while
# scripts/lib/finality-monitor.mjs times, at Alice, each block's import → finality and counts the
# Aura slots with no block. One JSON line per run goes to $BENCH_OUT (default
# bench/results.jsonl, appended), then the medians per delay are printed.
#
#   scripts/bench-latency.sh                          # 50, 150, 300 ms one-way; 3 runs each
#   DELAYS="150" REPEAT=1 scripts/bench-latency.sh
#   SMOKE=1 scripts/bench-latency.sh                  # one short run (4,000 transfers) at 50 ms, asserts finality
#
# Environment: BENCH_NODE / BENCH_LOAD (binaries; default: the release build), LATENCY_RATE
# (tx/s; default 504 = half of the 6,046-transfer full block per 6 s slot), RESET_FRACTION
# (default 0.01), JITTER_PCT (jitter as % of the delay, default 10), LATENCY_NODE_ARGS (extra
# validator flags, e.g. "--network-backend libp2p"; recorded in each line).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

BENCH_NODE="${BENCH_NODE:-$NODE_BIN}"
BENCH_LOAD="${BENCH_LOAD:-$(dirname "$BENCH_NODE")/telecom-load}"
OUT="${BENCH_OUT:-$ROOT/bench/results.jsonl}"
SMOKE="${SMOKE:-0}"
if [ "$SMOKE" = 1 ]; then
	DELAYS="${DELAYS:-50}"
	REPEAT=1
else
	DELAYS="${DELAYS:-50 150 300}"
	REPEAT="${REPEAT:-3}"
fi
RATE="${LATENCY_RATE:-504}"
RESET_FRACTION="${RESET_FRACTION:-0.01}"
JITTER_PCT="${JITTER_PCT:-10}"
NAMES=(alice bob charlie dave)
COMMIT="$("$BENCH_NODE" --version | sed 's/.*-//')"
mkdir -p "$(dirname "$OUT")"
LINE_FILE="$(mktemp)"

PIDS=()
WORK=""
cleanup() {
	local pid
	for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
	for pid in "${PIDS[@]}"; do
		for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
		kill -KILL "$pid" 2>/dev/null || true
	done
	PIDS=()
	[ -n "$WORK" ] && [ -z "${KEEP_WORK:-}" ] && rm -rf "$WORK"
	WORK=""
	true
}
trap 'cleanup; rm -f "$LINE_FILE"' EXIT
trap 'exit 130' INT TERM

# Established TCP connections held by validator process $1 to any port in $2 (space-separated).
direct_to() {
	ss -tnpH state established 2>/dev/null |
		awk -v pid="pid=$1," -v ports=" $2 " 'index($0, pid) { n = split($4, a, ":"); if (index(ports, " " a[n] " ")) c++ } END { print c + 0 }'
}

# One network for the whole bench (a validator takes minutes to start on the shared machine);
# between delays only the proxies are replaced (same ports), and the validators redial.
# Ports: p2p B+i, proxies B+10+i, RPC B+20+i; a random B keeps parallel runs apart.
B=$((32000 + (RANDOM % 1500) * 20))
URL="http://127.0.0.1:$((B + 20))"
PROXY_PIDS=(0 0 0 0)
NODE_PIDS=()

start_proxies() {
	local delay="$1" jitter="$2" seed="$3" i
	for i in 0 1 2 3; do
		if [ "${PROXY_PIDS[$i]}" != 0 ]; then
			kill -TERM "${PROXY_PIDS[$i]}" 2>/dev/null || true
			wait "${PROXY_PIDS[$i]}" 2>/dev/null || true
		fi
	done
	for i in 0 1 2 3; do
		node scripts/lib/latency-proxy.mjs --name "proxy-${NAMES[$i]}" \
			--listen "127.0.0.1:$((B + 10 + i))" --target "127.0.0.1:$((B + i))" \
			--delay-ms "$delay" --jitter-ms "$jitter" --reset-fraction "$RESET_FRACTION" \
			--reset-within-s 120 --seed "$((seed + i))" --stats-file "$WORK/proxy$i.json" \
			>/dev/null 2>>"$WORK/proxy$i.log" &
		PROXY_PIDS[i]=$!
		PIDS+=($!)
	done
}

# Sum of field $1 over the proxies' counters (rewritten every second, since the proxies started).
proxy_sum() {
	node -e 'let t = 0; for (const f of process.argv.slice(2)) { try { t += JSON.parse(require("fs").readFileSync(f, "utf8"))[process.argv[1]] ?? 0; } catch {} } console.log(t);' \
		"$1" "$WORK"/proxy{0,1,2,3}.json
}

finalized_number() {
	node -e 'const rpc = (m, p = []) => fetch(process.argv[1], { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: m, params: p }) }).then((r) => r.json()).then((b) => b.result);
rpc("chain_getFinalizedHead").then((h) => rpc("chain_getHeader", [h])).then((h) => console.log(parseInt(h.number, 16))).catch(() => console.log(-1));' "$URL"
}

# Waits up to $2 s for the finalized head to reach $1.
wait_finalized() {
	local target="$1" n
	for _ in $(seq 1 "$2"); do
		n=$(finalized_number)
		[ "$n" -ge "$target" ] && return 0
		sleep 1
	done
	return 1
}

start_network() {
	WORK="$(mktemp -d -t telecom-latency-XXXXXX)"
	local ids=() i j
	for i in 0 1 2 3; do
		printf '%064x' $((i + 1)) >"$WORK/key$i"
		ids+=("$("$BENCH_NODE" key inspect-node-key --file "$WORK/key$i")")
	done
	# The `local` chain, marked "Live": like a production network, the validators then keep the
	# loopback addresses peers report about themselves out of their DHT and never dial them
	# (for a Local chain they would, and bypass the proxies); reserved addresses still count.
	"$BENCH_NODE" build-spec --chain local --raw 2>/dev/null |
		sed 's/"chainType": *"Local"/"chainType": "Live"/' >"$WORK/spec.json"
	grep -q '"chainType": "Live"' "$WORK/spec.json" || { log "could not mark the chain spec Live"; exit 1; }
	start_proxies "$1" "$2" 0
	for i in 0 1 2 3; do
		local reserved=()
		for j in 0 1 2 3; do
			[ "$i" = "$j" ] || reserved+=("/ip4/127.0.0.1/tcp/$((B + 10 + j))/p2p/${ids[$j]}")
		done
		"$BENCH_NODE" --chain "$WORK/spec.json" "--${NAMES[$i]}" --base-path "$WORK/${NAMES[$i]}" \
			--node-key-file "$WORK/key$i" --listen-addr "/ip4/127.0.0.1/tcp/$((B + i))" \
			--public-addr "/ip4/127.0.0.1/tcp/$((B + 10 + i))" \
			--reserved-only --reserved-nodes "${reserved[@]}" --no-private-ip --no-mdns \
			--rpc-port $((B + 20 + i)) --no-prometheus --no-telemetry \
			--pool-limit 32768 --pool-kbytes 131072 ${LATENCY_NODE_ARGS:-} \
			>"$WORK/${NAMES[$i]}.log" 2>&1 &
		PIDS+=($!)
		NODE_PIDS+=($!)
	done
	# Start-up (genesis, wasm compilation of four nodes on a busy machine) takes minutes.
	wait_finalized 2 600 || { log "no finality within 600 s"; tail -5 "$WORK/alice.log" >&2; exit 1; }
}

# Validator-to-validator connections that bypass the proxies (must be 0).
direct_connections() {
	local ports="$B $((B + 1)) $((B + 2)) $((B + 3))" total=0 pid
	for pid in "${NODE_PIDS[@]}"; do total=$((total + $(direct_to "$pid" "$ports"))); done
	echo "$total"
}

run_once() {
	local delay="$1" jitter="$2" run="$3"
	local senders=2000 per_sender=16 window=900
	[ "$SMOKE" = 1 ] && senders=500 per_sender=8 window=120
	local discarded_before
	discarded_before=$(cat "$WORK"/{alice,bob,charlie,dave}.log | grep -c "Discarding proposal" || true)
	node scripts/lib/finality-monitor.mjs --url "$URL" --duration-s "$window" >"$WORK/monitor.json" &
	local monitor=$!
	PIDS+=($monitor)
	local load_line
	load_line=$("$BENCH_LOAD" --url "$URL" --scenario transfers --senders "$senders" \
		--per-sender "$per_sender" --rate "$RATE" --max-pending 26000 --timeout 200 || echo '{}')
	local direct
	direct=$(direct_connections)
	kill -TERM "$monitor" 2>/dev/null || true
	wait "$monitor" || true
	local discarded
	discarded=$(($(cat "$WORK"/{alice,bob,charlie,dave}.log | grep -c "Discarding proposal" || true) - discarded_before))
	node -e '
const [load, mon, extra] = process.argv.slice(1).map((s) => JSON.parse(s || "{}"));
const pick = ({ submitted, included, finalized, lost, tx_per_s, latency_p50_ms, latency_p95_ms, max_per_block }) =>
  ({ submitted, included, finalized, lost, tx_per_s, submit_to_final_p50_ms: latency_p50_ms, submit_to_final_p95_ms: latency_p95_ms, max_per_block });
console.log(JSON.stringify({ bench: "latency", ...extra, ...mon, ...pick(load) }));' \
		"$load_line" "$(cat "$WORK/monitor.json")" \
		"{\"date\":\"$(date -u +%FT%TZ)\",\"commit\":\"$COMMIT\",\"proxy_connections_at_delay\":$(proxy_sum connections),\"proxy_resets_at_delay\":$(proxy_sum resets),\"proxy_bytes_at_delay\":$(( $(proxy_sum bytes_in) + $(proxy_sum bytes_out) )),\"command\":\"${LATENCY_RATE:+LATENCY_RATE=$RATE }DELAYS='$DELAYS' REPEAT=$REPEAT scripts/bench-latency.sh\",\"run\":$run,\"one_way_delay_ms\":$delay,\"jitter_ms\":$jitter,\"reset_fraction\":$RESET_FRACTION,\"direct_connections\":$direct,\"discarded_proposals\":$discarded,\"rate\":$RATE,\"node_args\":\"${LATENCY_NODE_ARGS:-}\",\"validators\":4,\"machine\":\"shared 2-core VM, load avg $(cut -d' ' -f1-3 /proc/loadavg)\"}" \
		>"$LINE_FILE"
}

first=1
for delay in $DELAYS; do
	jitter=$((delay * JITTER_PCT / 100))
	if [ "$first" = 1 ]; then
		log "latency: starting four validators behind ${delay} ms proxies (B=$B)"
		start_network "$delay" "$jitter"
		first=0
	else
		log "latency: proxies now ${delay} ms one-way"
		start_proxies "$delay" "$jitter" "$delay"
		# Settled: two more blocks finalized through the new proxies.
		wait_finalized $(($(finalized_number) + 2)) 300 || { log "no finality at $delay ms"; exit 1; }
	fi
	for run in $(seq 1 "$REPEAT"); do
		log "latency: ${delay} ms one-way, run $run/$REPEAT"
		run_once "$delay" "$jitter" "$run"
		line=$(cat "$LINE_FILE")
		echo "$line"
		if [ "$SMOKE" = 1 ]; then
			# The smoke run only asserts that blocks finalize through the proxies.
			node -e 'const l = JSON.parse(process.argv[1]);
if (!(l.blocks > 0 && l.finalized > 0 && l.direct_connections === 0)) { console.error("latency smoke failed", l); process.exit(1); }' "$line"
		else
			echo "$line" >>"$OUT"
		fi
	done
done

[ "$SMOKE" = 1 ] && exit 0
log "medians per one-way delay (from $OUT)"
node -e '
const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse).filter((l) => l.bench === "latency");
const median = (xs) => { const s = xs.filter((x) => x != null).sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)] : null; };
for (const d of [...new Set(lines.map((l) => l.one_way_delay_ms))]) {
  const runs = lines.filter((l) => l.one_way_delay_ms === d);
  const m = (k) => median(runs.map((r) => r[k]));
  console.log(JSON.stringify({ one_way_delay_ms: d, runs: runs.length, finality_p50_ms: m("finality_p50_ms"), finality_p95_ms: m("finality_p95_ms"),
    finality_tx_p95_ms: m("finality_tx_p95_ms"), missed_slots: m("missed_slots"), slots: m("slots"), tx_per_s: m("tx_per_s"),
    resets: median(runs.map((r) => r.proxy_resets_at_delay)), direct_connections: runs.reduce((a, r) => a + r.direct_connections, 0) }));
}' "$OUT"
