#!/usr/bin/env node
// Watches one node over HTTP JSON-RPC and measures, per block, the time from its import at that
// node (first seen as the best head) to its finality there (first finalized head at or above its
// number), plus the Aura slots nobody filled.
//
//   node scripts/lib/finality-monitor.mjs --url http://127.0.0.1:9944 --duration-s 90 [--poll-ms 100]
//
// It polls every --poll-ms (the figures' resolution) for --duration-s, then reads the canonical
// chain back over the window and prints one JSON line: blocks seen, per-block and per-transaction
// (weighted by each block's extrinsic count) inclusion→finality p50/p95/max in ms, the Aura slots
// from the window's first to its last block with no block on the finalized chain (missed slots),
// and blocks imported but not finalized when the window closed. SIGTERM ends the window early.

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, v, i, a) => (i % 2 ? acc : [...acc, [v.replace(/^--/, ''), a[i + 1]]]), []),
);
const url = args.url ?? 'http://127.0.0.1:9944';
const durationMs = Number(args['duration-s'] ?? 60) * 1000;
const pollMs = Number(args['poll-ms'] ?? 100);

let id = 0;
async function rpc(method, params = []) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
  });
  const body = await res.json();
  if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result;
}

// Aura's pre-runtime digest: 0x06, engine id "aura", SCALE-compact length (8 → 0x20), slot u64 LE.
function auraSlot(header) {
  for (const log of header.digest.logs) {
    if (log.startsWith('0x0661757261')) {
      const hex = log.slice(2 + 12, 2 + 12 + 16);
      return Number(BigInt.asUintN(64, BigInt(`0x${hex.match(/../g).reverse().join('')}`)));
    }
  }
  return null;
}

const importedAt = new Map(); // number -> ms when first seen as best
const finalizedAt = new Map(); // number -> ms when first seen at or below the finalized head
let lastBest = -1;
let lastFinal = -1;
let firstBest = -1;
let stop = false;
process.on('SIGTERM', () => { stop = true; });
process.on('SIGINT', () => { stop = true; });

const started = Date.now();
while (!stop && Date.now() - started < durationMs) {
  const t0 = Date.now();
  try {
    const [best, finalHash] = await Promise.all([rpc('chain_getHeader'), rpc('chain_getFinalizedHead')]);
    const finalHeader = await rpc('chain_getHeader', [finalHash]);
    const now = Date.now();
    const bestN = parseInt(best.number, 16);
    const finalN = parseInt(finalHeader.number, 16);
    if (firstBest < 0) {
      // Blocks already there when the window opened are not timed.
      firstBest = bestN + 1;
      lastBest = bestN;
      lastFinal = Math.max(finalN, bestN);
    }
    for (let n = lastBest + 1; n <= bestN; n += 1) importedAt.set(n, now);
    lastBest = Math.max(lastBest, bestN);
    for (let n = lastFinal + 1; n <= finalN; n += 1) finalizedAt.set(n, now);
    lastFinal = Math.max(lastFinal, finalN);
  } catch (e) {
    console.error(`poll failed: ${e.message}`);
  }
  await new Promise((r) => setTimeout(r, Math.max(0, pollMs - (Date.now() - t0))));
}

// The canonical (finalized) chain over the window: extrinsic counts and slots.
const lags = [];
const weighted = [];
const slots = [];
let unfinalized = 0;
for (const [n, tImport] of [...importedAt.entries()].sort((a, b) => a[0] - b[0])) {
  const tFinal = finalizedAt.get(n);
  if (tFinal === undefined) { unfinalized += 1; continue; }
  const hash = await rpc('chain_getBlockHash', [n]);
  const block = await rpc('chain_getBlock', [hash]);
  const lag = tFinal - tImport;
  lags.push(lag);
  // The timestamp inherent is not a user transaction; an empty block still counts once.
  const txs = Math.max(1, block.block.extrinsics.length - 1);
  weighted.push([lag, txs]);
  const slot = auraSlot(block.block.header);
  if (slot !== null) slots.push(slot);
}

const pct = (xs, p) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const wpct = (pairs, p) => {
  if (!pairs.length) return null;
  const s = [...pairs].sort((a, b) => a[0] - b[0]);
  const total = s.reduce((a, [, w]) => a + w, 0);
  let acc = 0;
  for (const [v, w] of s) {
    acc += w;
    if (acc >= (p / 100) * total) return v;
  }
  return s[s.length - 1][0];
};
const missed = slots.length > 1 ? Math.max(...slots) - Math.min(...slots) + 1 - slots.length : 0;
console.log(JSON.stringify({
  blocks: lags.length,
  finality_p50_ms: pct(lags, 50),
  finality_p95_ms: pct(lags, 95),
  finality_max_ms: lags.length ? Math.max(...lags) : null,
  finality_tx_p50_ms: wpct(weighted, 50),
  finality_tx_p95_ms: wpct(weighted, 95),
  slots: slots.length > 1 ? Math.max(...slots) - Math.min(...slots) + 1 : slots.length,
  missed_slots: missed,
  unfinalized_at_end: unfinalized,
  poll_ms: pollMs,
}));
