// Per-block records of `scripts/bench-network.sh` (written by net-monitor.mjs, pooled by
// margin.mjs): the runtime's normal-class budget, percentiles, and each block's measured time
// over its declared weight (issue #25: at most 1 / 1.1 = 0.91 for a 10 % margin).

// The runtime's normal-class budget (runtime/src/configs/mod.rs): 90 % of 2.5 s ref time
// (picoseconds) and 90 % of 5 MiB.
export const NORMAL_REF_TIME = 0.9 * 2.5e12;
export const NORMAL_LENGTH = 4718592;

/** The `p` quantile (0..1) of the defined values of `xs`, or null when there are none. */
export const pct = (xs, p) => {
	const s = xs.filter((x) => x !== null && x !== undefined).sort((a, b) => a - b);
	return s.length ? s[Math.max(0, Math.min(s.length - 1, Math.ceil(p * s.length) - 1))] : null;
};

/** A block's declared normal-class weight in milliseconds. */
export const declaredMs = (b) => b.normal_ref_time / 1e9;

/** The blocks that carry more than 10 % of the normal budget: the ones the ratios count. */
export const loaded = (blocks) => blocks.filter((b) => b.normal_ref_time > 0.1 * NORMAL_REF_TIME);

/**
 * Over the loaded blocks: the author's build time, the same less the wait for the pool's ready
 * set (blocks whose proposer logged its phases), and each other validator's import time, all over
 * the block's declared weight; `phased` are the blocks with the proposer's phases.
 */
export function ratios(blocks, validators) {
	const big = loaded(blocks);
	const phased = big.filter((b) => b.build_ms && b.pool_wait_ms !== undefined);
	return {
		phased,
		build: big.filter((b) => b.build_ms).map((b) => b.build_ms / declaredMs(b)),
		buildLessWait: phased.map((b) => (b.build_ms - b.pool_wait_ms) / declaredMs(b)),
		imports: big.flatMap((b) =>
			validators
				.filter((v) => v !== b.author && b.seen?.[v]?.import_ms !== undefined)
				.map((v) => b.seen[v].import_ms / declaredMs(b)),
		),
	};
}
