#!/usr/bin/env bash
# Full blocks, re-executed cold, and their import with the database commit.
#
# For each scenario (transfers, mix): a `--dev` node on a database of our own (archive state) is
# filled to full blocks by `telecom-load`; then, with the node stopped,
#  1. `benchmark block` re-executes every block that carries transactions with the trie cache off
#     (the default without --enable-trie-cache) and --repeat 1, so each block runs once on a
#     cold cache: execution including the storage root, not the commit (frame-benchmarking-cli
#     calls the runtime's `execute_block` and drops the changes);
#  2. the same chain is exported and imported with `import-blocks` into a fresh database: the
#     import queue's per-block log lines (millisecond timestamps) give the time of each block's
#     verification, execution AND database commit, as a syncing validator spends it.
# Both are set against the weight each block declared and the 2.25 s of normal-class weight a
# block may carry. One JSON line per scenario goes to $BENCH_OUT (default bench/results.jsonl,
# appended) and the raw outputs to bench/block-<scenario>.txt.
#
#   scripts/bench-block.sh                       # transfers and mix
#   SCENARIOS=transfers scripts/bench-block.sh
#
# Binaries: BENCH_NODE (default: the release node) produces and imports the blocks;
# BLOCK_BENCH_NODE is a node built with `--features runtime-benchmarks` (the `benchmark`
# subcommand); without it the script builds one (release, runtime-benchmarks), keeps a copy as
# $CARGO_TARGET_DIR/release/telecom-node-bench and rebuilds the plain node.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

BENCH_NODE="${BENCH_NODE:-$NODE_BIN}"
BENCH_LOAD="${BENCH_LOAD:-$(dirname "$BENCH_NODE")/telecom-load}"
OUT="${BENCH_OUT:-$ROOT/bench/results.jsonl}"
RAW_DIR="${BENCH_RAW_DIR:-$ROOT/bench}"
SCENARIOS="${SCENARIOS:-transfers mix}"
COMMIT="$("$BENCH_NODE" --version | sed 's/.*-//')"
# The normal-class share of the block weight (runtime/src/configs: 90 % of 2.5 s).
NORMAL_LIMIT_NS=2250000000
mkdir -p "$(dirname "$OUT")" "$RAW_DIR"

if [ -z "${BLOCK_BENCH_NODE:-}" ]; then
	BLOCK_BENCH_NODE="$CARGO_TARGET_DIR/release/telecom-node-bench"
	timed "build telecom-node (release, runtime-benchmarks)" build_node_for runtime-benchmarks
	cp "$NODE_BIN" "$BLOCK_BENCH_NODE"
	timed "rebuild telecom-node (release)" build_node
fi

NODE_PID=""
WORK=""
cleanup() {
	if [ -n "$NODE_PID" ]; then
		kill -TERM "$NODE_PID" 2>/dev/null || true
		wait "$NODE_PID" 2>/dev/null || true
	fi
	NODE_PID=""
	[ -n "$WORK" ] && [ -z "${KEEP_WORK:-}" ] && rm -rf "$WORK"
	WORK=""
	true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Same load as scripts/bench.sh: several full blocks past the warm-up.
scenario_args() {
	case "$1" in
	transfers) echo "--scenario transfers --senders 4000 --per-sender 24 --max-pending 26000" ;;
	mix) echo "--scenario mix --units 12000 --max-pending 20000" ;;
	esac
}

for scenario in $SCENARIOS; do
	if [ -n "${REUSE_WORK:-}" ]; then
		# Re-measure a database an earlier run filled (kept with KEEP_WORK=1).
		WORK="$REUSE_WORK"
	else
		WORK="$(mktemp -d -t telecom-block-XXXXXX)"
		"$BENCH_NODE" build-spec --chain dev --raw >"$WORK/spec.json" 2>/dev/null
		PORT=$((20000 + RANDOM % 20000))
		log "block: $scenario: filling blocks on a dev node ($WORK)"
		"$BENCH_NODE" --chain "$WORK/spec.json" --alice --force-authoring --base-path "$WORK/db" \
			--state-pruning archive --rpc-port "$PORT" --port 0 --no-prometheus --no-telemetry \
			--unsafe-force-node-key-generation \
			--no-mdns --pool-limit 32768 --pool-kbytes 131072 >"$WORK/node.txt" 2>&1 &
		NODE_PID=$!
		for _ in $(seq 1 600); do
			grep -q "Imported #2 " "$WORK/node.txt" && break
			kill -0 "$NODE_PID" 2>/dev/null || { tail -5 "$WORK/node.txt" >&2; exit 1; }
			sleep 1
		done
		# shellcheck disable=SC2046
		"$BENCH_LOAD" --url "http://127.0.0.1:$PORT" $(scenario_args "$scenario") --timeout 300 \
			>"$WORK/load.json" || true
		kill -TERM "$NODE_PID" && wait "$NODE_PID" 2>/dev/null || true
		NODE_PID=""
	fi
	load_line=$(cat "$WORK/load.json" 2>/dev/null || echo '{}')
	# The blocks the node built with transactions (more than the timestamp inherent).
	range=$(grep -o 'Prepared block for proposing at [0-9]* .*extrinsics_count: [0-9]*' "$WORK/node.txt" |
		sed 's/.*proposing at \([0-9]*\) .*extrinsics_count: \([0-9]*\)/\1 \2/' |
		awk '$2 > 1 { if (!f || $1 < f) f = $1; if ($1 > t) t = $1 } END { print f, t }')
	read -r from to <<<"$range"
	[ -n "$to" ] || { log "block: $scenario: no block carried transactions"; exit 1; }
	log "block: $scenario: blocks #$from..#$to carry transactions"

	# 1. Cold re-execution: no trie cache, each block once.
	raw="$RAW_DIR/block-$scenario.txt"
	{
		echo "# $(date -u +%FT%TZ) node $COMMIT, scripts/bench-block.sh ($scenario); shared 2-core VM (load avg $(cut -d' ' -f1-3 /proc/loadavg))"
		echo "# \$ telecom-node benchmark block --chain spec.json -d db --from $((from - 1)) --to $to --repeat 1   (trie cache off; block $((from - 1)) is the warm-up: it pays the runtime's compilation)"
	} >"$raw"
	# The first block measured also pays the runtime's compilation: start one block early (an
	# empty one) and leave it out of the figures.
	"$BLOCK_BENCH_NODE" benchmark block --chain "$WORK/spec.json" -d "$WORK/db" --from "$((from - 1))" --to "$to" \
		--repeat 1 2>&1 | grep -E "Block [0-9]+ with" | sed 's/\x1b\[[0-9;]*m//g' | tee -a "$raw" >&2

	# 2. Import with commit: export, then import into a fresh database, timing each block.
	rm -f "$WORK/blocks.bin"
	"$BENCH_NODE" export-blocks --chain "$WORK/spec.json" -d "$WORK/db" --from 1 --to "$to" --binary \
		"$WORK/blocks.bin" >/dev/null 2>&1
	echo "# \$ telecom-node import-blocks --chain spec.json -d fresh-db --binary blocks.bin -l sync::import-queue=trace --detailed-log-output" >>"$raw"
	# (The file comes first: `-l` takes every value after it.)
	rm -rf "$WORK/db2"
	"$BENCH_NODE" import-blocks "$WORK/blocks.bin" --chain "$WORK/spec.json" -d "$WORK/db2" --binary \
		--detailed-log-output -l sync::import-queue=trace 2>&1 | { grep "Block imported successfully" || true; } |
		sed 's/\x1b\[[0-9;]*m//g' >"$WORK/import.txt"
	# Per block: ms since the previous block's import finished (blocks queue up from the file, so
	# the gap is this block's verification + execution + commit).
	node -e '
const fs = require("fs");
const [importFile, rawFile, from, to] = process.argv.slice(1);
const times = {};
let prev = null;
for (const line of fs.readFileSync(importFile, "utf8").split("\n").filter(Boolean)) {
  const ts = Date.parse(line.slice(0, 23).replace(" ", "T") + "Z");
  const n = Number((line.match(/successfully (?:Some\()?(\d+)/) || [])[1]);
  if (prev !== null && n >= Number(from) && n <= Number(to)) times[n] = ts - prev;
  prev = ts;
}
const out = Object.entries(times).map(([n, ms]) => `Block ${n} imported in ${ms} ms (verify + execute + commit)`);
fs.appendFileSync(rawFile, out.join("\n") + "\n");
' "$WORK/import.txt" "$raw" "$from" "$to"
	grep "imported in" "$raw" >&2

	node -e '
const fs = require("fs");
const [rawFile, loadLine, scenario, commit, limitNs, date, machine] = process.argv.slice(1);
const raw = fs.readFileSync(rawFile, "utf8");
const exec = [...raw.matchAll(/Block (\d+) with\s+(\d+) tx used\s+([\d.]+)% of its weight \(\s*([\d,]+) of\s+([\d,]+) ns\)/g)]
  .map((m) => ({ n: +m[1], tx: +m[2], pct: +m[3], took: +m[4].replace(/,/g, ""), weight: +m[5].replace(/,/g, "") }))
  .slice(1); // the warm-up block
const imp = Object.fromEntries([...raw.matchAll(/Block (\d+) imported in (\d+) ms/g)].map((m) => [+m[1], +m[2]]));
// Full blocks: at least half the transactions of the fullest block.
const maxTx = Math.max(...exec.map((b) => b.tx));
const full = exec.filter((b) => b.tx >= maxTx / 2);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)] : null; };
const max = (xs) => (xs.length ? Math.max(...xs) : null);
const ms = (ns) => Math.round(ns / 1e6);
const importMs = full.map((b) => imp[b.n]).filter((x) => x !== undefined);
const load = JSON.parse(loadLine || "{}");
console.log(JSON.stringify({
  bench: "block", scenario, date, commit, command: `SCENARIOS=${scenario} scripts/bench-block.sh`, machine,
  full_blocks: full.length, tx_per_block_max: maxTx,
  declared_weight_ms_median: ms(median(full.map((b) => b.weight))),
  execute_cold_ms_median: ms(median(full.map((b) => b.took))), execute_cold_ms_max: ms(max(full.map((b) => b.took))),
  execute_pct_of_declared_median: median(full.map((b) => b.pct)), execute_pct_of_declared_max: max(full.map((b) => b.pct)),
  import_with_commit_ms_median: median(importMs), import_with_commit_ms_max: max(importMs),
  import_pct_of_declared_max: importMs.length ? Math.round(1000 * max(full.filter((b) => imp[b.n] !== undefined).map((b) => imp[b.n] / (b.weight / 1e6)))) / 10 : null,
  normal_limit_ms: ms(+limitNs),
  import_pct_of_normal_limit_max: importMs.length ? Math.round(1000 * max(importMs) / (+limitNs / 1e6)) / 10 : null,
  load_tx_per_s: load.tx_per_s,
}));' "$raw" "$load_line" "$scenario" "$COMMIT" "$NORMAL_LIMIT_NS" "$(date -u +%FT%TZ)" \
		"shared 2-core VM, load avg $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT"
	cleanup
done
