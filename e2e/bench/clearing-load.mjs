// Clearing throughput: bulk bill batches from the dev operators, counted in finalized blocks.
//
//   node bench/clearing-load.mjs [--batches 24] [--records 20000] [--ws ws://127.0.0.1:9944]
//
// Without --ws it starts its own `telecom-node --dev` on free loopback ports and stops it at the
// end. Batches are built and signed before the timed window; the window runs from the first
// submission until every batch is finalized or rejected (or --timeout seconds pass). Prints one
// JSON line.
import { parseArgs } from 'node:util';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { startDevNode } from '../lib/node.mjs';

const { values: opts } = parseArgs({
  options: {
    batches: { type: 'string', default: '24' },
    records: { type: 'string', default: '20000' },
    ws: { type: 'string' },
    timeout: { type: 'string', default: '300' },
  },
});
const BATCHES = Number(opts.batches);
const RECORDS = Number(opts.records);

let node;
let api;
if (opts.ws) {
  api = await ApiPromise.create({ provider: new WsProvider(opts.ws), noInitWarn: true });
} else {
  node = await startDevNode({ args: ['--dev', '--pool-kbytes', '65536'] });
  api = node.api;
}

try {
  const keyring = new Keyring({ type: 'sr25519' });
  const senders = ['//Alice', '//Bob', '//Charlie'].map((uri) => keyring.addFromUri(uri));
  const index = {};
  for (const who of senders) {
    const participant = await api.query.clearing.participants(who.address);
    if (participant.isNone) throw new Error(`${who.address} is not a clearing participant`);
    index[who.address] = participant.unwrap().index.toNumber();
  }

  // Each sender pays the two others, alternating, in its own batches (it is payer of every record,
  // so no mandate is needed): two distinct pairs per batch.
  const signed = [];
  const nonces = {};
  for (const who of senders) nonces[who.address] = (await api.rpc.system.accountNextIndex(who.address)).toNumber();
  const buildStart = Date.now();
  for (let b = 0; b < BATCHES; b += 1) {
    const who = senders[b % senders.length];
    const others = senders.filter((s) => s !== who).map((s) => index[s.address]);
    const records = Array.from({ length: RECORDS }, (_, n) => ({
      payer: index[who.address],
      payee: others[n % 2],
      currency: 'XDR',
      amount: 1 + (n % 1000),
      reference: b * RECORDS + n,
    }));
    const tx = api.tx.clearing.submitBatch(records, 2);
    await tx.signAsync(who, { nonce: nonces[who.address]++, era: 0 });
    signed.push(tx);
  }
  const bytes = signed.reduce((sum, tx) => sum + tx.encodedLength, 0);
  const buildMs = Date.now() - buildStart;

  const expected = new Set(signed.map((tx) => tx.hash.toHex()));
  const rejected = [];
  let finalizedRecords = 0;
  let finalizedBatches = 0;
  const blockTimes = [];
  const perBlock = [];
  const inclusionToFinality = [];
  const includedAt = new Map();

  const done = new Promise((resolve) => {
    const timer = setTimeout(resolve, Number(opts.timeout) * 1000);
    const check = () => {
      if (finalizedBatches + rejected.length >= BATCHES) {
        clearTimeout(timer);
        resolve();
      }
    };
    api.rpc.chain.subscribeNewHeads((header) => {
      includedAt.set(header.hash.toHex(), Date.now());
    });
    let last = null;
    let busyWalking = false;
    api.rpc.chain.subscribeFinalizedHeads(async (header) => {
      if (busyWalking) return;
      busyWalking = true;
      const head = header.number.toNumber();
      if (last === null) last = head;
      // Every block finalized since the last notification, in order.
      for (let n = last + 1; n <= head; n += 1) {
        const blockHash = await api.rpc.chain.getBlockHash(n);
        const block = await api.rpc.chain.getBlock(blockHash);
        const at = await api.at(blockHash);
        const events = await at.query.system.events();
        let records = 0;
        for (const { event } of events) {
          if (api.events.clearing.BatchAccepted.is(event)) records += event.data.records.toNumber();
        }
        let ours = 0;
        for (const ext of block.block.extrinsics) if (expected.has(ext.hash.toHex())) ours += 1;
        const timestamp = (await at.query.timestamp.now()).toNumber();
        perBlock.push({ number: n, records, batches: ours, timestamp });
        if (ours > 0) {
          finalizedBatches += ours;
          finalizedRecords += records;
          blockTimes.push(timestamp);
          const seen = includedAt.get(blockHash.toHex());
          if (seen) for (let i = 0; i < ours; i += 1) inclusionToFinality.push(Date.now() - seen);
        }
      }
      last = head;
      busyWalking = false;
      check();
    });
  });

  const start = Date.now();
  await Promise.all(signed.map((tx) => api.rpc.author.submitExtrinsic(tx).catch((e) => rejected.push(e.message))));
  const submitMs = Date.now() - start;
  await done;
  const wallMs = Date.now() - start;

  // Sustained rate: records over the slots from the first to the last block that carried batches.
  const slots = blockTimes.length ? (blockTimes.at(-1) - blockTimes[0]) / 6000 + 1 : 0;
  const spanS = slots * 6;
  const sorted = [...inclusionToFinality].sort((a, b) => a - b);
  const pct = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : null);
  const busy = perBlock.filter((b) => b.batches > 0);
  console.log(JSON.stringify({
    scenario: 'clearing-bulk',
    batches: BATCHES,
    records_per_batch: RECORDS,
    extrinsic_bytes: Math.round(bytes / BATCHES),
    presign_ms: buildMs,
    submit_ms: submitMs,
    submitted: BATCHES - rejected.length,
    rejected: rejected.length,
    rejected_reasons: [...new Set(rejected)],
    finalized: finalizedBatches,
    lost: BATCHES - rejected.length - finalizedBatches,
    records: finalizedRecords,
    blocks_with_batches: busy.length,
    max_batches_per_block: Math.max(0, ...busy.map((b) => b.batches)),
    span_s: spanS,
    records_per_s: spanS ? Math.round(finalizedRecords / spanS) : 0,
    wall_s: Math.round(wallMs / 100) / 10,
    inclusion_to_finality_ms: { p50: pct(0.5), p95: pct(0.95) },
  }));
} finally {
  await api.disconnect().catch(() => {});
  if (node) await node.stop();
}
process.exit(0);
