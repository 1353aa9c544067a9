// The submission pattern of one `telecom-load` run set against the blocks the node built
// (`scripts/bench-client.sh`): where in its slot the load began, how many extrinsics had been
// submitted at each slot start, and what each block then carried, how long it took to build and
// why the proposer stopped.
//
//   node scripts/lib/client-trace.mjs <trace.jsonl> <blocks.jsonl>
//
// Prints one JSON line: the run's pattern (submission start phase, submitted after 2/4/6/10 s,
// time to reach 90 % of the load) and `slots`, one entry per block of the load window.
import { readFileSync } from "node:fs";

const SLOT_MS = 6000;
const read = (path) =>
	readFileSync(path, "utf8")
		.trim()
		.split("\n")
		.filter(Boolean)
		.map((l) => JSON.parse(l));
const [trace, blocks] = process.argv.slice(2).map(read);
const t0 = trace[0].unix_ms - trace[0].t_ms;
const total = trace.at(-1).submitted;
// Last sample at or before unix time `t`.
const at = (t) => {
	let last = null;
	for (const s of trace) {
		if (s.unix_ms > t) break;
		last = s;
	}
	return last;
};
const submittedAfter = (ms) => at(t0 + ms)?.submitted ?? 0;
const reach = (n) => trace.find((s) => s.submitted >= n)?.t_ms ?? null;
const loaded = blocks.filter((b) => b.txs > 0 && b.timestamp >= t0 - SLOT_MS);
const slots = loaded.map((b) => {
	const slotStart = b.slot * SLOT_MS;
	const s = at(slotStart);
	return {
		number: b.number,
		slot_start_after_load_ms: slotStart - t0,
		submitted_at_slot: s ? s.submitted : 0,
		in_blocks_at_slot: s ? s.included : 0,
		txs: b.txs,
		fill: b.fill,
		build_ms: b.build_ms ?? null,
		end: b.end ?? null,
		author_pool_at_slot: b.author_pool_at_slot ?? null,
	};
});
console.log(
	JSON.stringify({
		start_phase_ms: ((t0 % SLOT_MS) + SLOT_MS) % SLOT_MS,
		submitted_after_ms: { 2000: submittedAfter(2000), 4000: submittedAfter(4000), 6000: submittedAfter(6000), 10000: submittedAfter(10000) },
		ms_to_90_percent: reach(Math.ceil(total * 0.9)),
		total,
		slots,
	}),
);
