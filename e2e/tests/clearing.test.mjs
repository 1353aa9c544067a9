// Clearing over JSON-RPC: three operators exchange bills and a bulk batch, the cycle is cut off,
// the RPC reports net positions and instructions, and settlement completes on-chain.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { startDevNode, waitFor } from '../lib/node.mjs';
import { telecomRpc } from '@telecom-consortium/api';
import { submit, submitFinalized } from '../lib/tx.mjs';

let node;
let api;
let alice;
let bob;
let charlie;
const XDR_ASSET = 1;
const XDR = 'XDR';
const h = (byte) => `0x${byte.toString(16).padStart(2, '0').repeat(32)}`;

before(async () => {
  node = await startDevNode({ rpc: telecomRpc });
  api = node.api;
  const keyring = new Keyring({ type: 'sr25519' });
  [alice, bob, charlie] = ['//Alice', '//Bob', '//Charlie'].map((uri) => keyring.addFromUri(uri));
});

after(async () => {
  await node?.stop();
});

const assetBalance = async (who) => {
  const account = await api.query.assets.account(XDR_ASSET, who.address);
  return account.isSome ? account.unwrap().balance.toBigInt() : 0n;
};

test('bills and a bulk batch are netted, instructed and settled on-chain', { timeout: 240_000 }, async () => {
  // The dev genesis registers the three operators as participants.
  const index = {};
  for (const who of [alice, bob, charlie]) {
    const participant = await api.query.clearing.participants(who.address);
    assert.ok(participant.isSome, 'dev operators are clearing participants');
    index[who.address] = participant.unwrap().index.toNumber();
  }

  // Each operator settles XDR on-chain; Alice bills Bob 1,000; Charlie bills Alice 300; Bob lets
  // Charlie bill him under a mandate. One utility batch per operator, all in parallel.
  const onChain = () => api.tx.clearing.setSettlementMethod(XDR, 'OnChain');
  const results = await Promise.all([
    submit(api, api.tx.utility.batchAll([onChain(), api.tx.clearing.submitBill(bob.address, XDR, 1000, h(1), h(2))]), alice),
    submit(api, api.tx.utility.batchAll([onChain(), api.tx.clearing.grantMandate(charlie.address, XDR, 1_000_000)]), bob),
    submit(api, api.tx.utility.batchAll([onChain(), api.tx.clearing.submitBill(alice.address, XDR, 300, h(3), h(4))]), charlie),
  ]);
  const billOf = ({ events }) => events
    .find(({ event }) => api.events.clearing.BillSubmitted.is(event)).event.data.bill.toNumber();
  const [aliceBill, charlieBill] = [billOf(results[0]), billOf(results[2])];

  // Bob books 100 × 5 he owes Charlie in one batch (as payer he needs no mandate; records billed
  // under a mandate would wait for Bob's two-day dispute window), with his acceptance of Alice's bill.
  const records = Array.from({ length: 100 }, (_, n) => ({
    payer: index[bob.address], payee: index[charlie.address], currency: XDR, amount: 5, reference: n,
  }));
  const [{ events: batchEvents }] = await Promise.all([
    submit(api, api.tx.utility.batchAll([api.tx.clearing.acceptBill(aliceBill), api.tx.clearing.submitBatch(records, 1)]), bob),
    submit(api, api.tx.clearing.acceptBill(charlieBill), alice),
  ]);
  const accepted = batchEvents.find(({ event }) => api.events.clearing.BatchAccepted.is(event));
  assert.ok(accepted, 'BatchAccepted emitted');
  const batchId = accepted.event.data.batch.toNumber();
  const batch = (await api.rpc.clearing.batch(batchId)).toJSON();
  assert.equal(batch.records, 100);
  assert.equal(batch.pairs, 1);

  const positions = (await api.rpc.clearing.openPositions(alice.address)).toJSON();
  const xdr = positions.find((p) => p.currency === XDR);
  assert.deepEqual({ payable: xdr.payable, receivable: xdr.receivable, net: xdr.net }, {
    payable: '300', receivable: '1000', net: '700',
  });

  const cycle = (await api.rpc.clearing.cycle(null)).toJSON().id;
  assert.equal((await api.rpc.clearing.batch(999)).toJSON(), null, 'unknown batches are null');
  // Forcing the cut-off is the consortium's decision (AdminOrigin), not a single operator's.
  await submit(api, api.tx.sudo.sudo(api.tx.clearing.forceCutOff()), alice);
  await waitFor('instructions', async () => (await api.rpc.clearing.cycle(cycle)).toJSON().phase === 'instructed', 60_000, 1000);

  // Net: Alice +700, Bob −1,500, Charlie +800 → Bob pays Charlie 800 and Alice 700.
  const instructions = (await api.rpc.clearing.instructions(cycle)).toJSON();
  assert.deepEqual(
    instructions.map((i) => [i.payer, i.payee, i.amount, i.status]),
    [
      [bob.address, charlie.address, '800', 'pending'],
      [bob.address, alice.address, '700', 'pending'],
    ],
  );
  const netted = (await api.rpc.clearing.cyclePositions(cycle, XDR)).toJSON();
  const sum = netted.reduce((acc, p) => acc + BigInt(p.net), 0n);
  assert.equal(sum, 0n, 'net positions sum to zero');

  const before = await Promise.all([alice, bob, charlie].map(assetBalance));
  // Each payer settles its own instructions: Bob pays both.
  await submit(api, api.tx.clearing.settleOnChain(cycle, XDR), bob);
  const afterBalances = await Promise.all([alice, bob, charlie].map(assetBalance));
  assert.deepEqual(afterBalances.map((b, i) => b - before[i]), [700n, -1500n, 800n]);

  await waitFor('cycle closed', async () => (await api.rpc.clearing.cycle(cycle)).toJSON().phase === 'closed', 30_000, 1000);
  const finalizedClosed = await waitFor('closed cycle finalized', async () => {
    const head = await api.rpc.chain.getFinalizedHead();
    const view = (await api.rpc.clearing.cycle(cycle, head)).toJSON();
    return view.phase === 'closed' && head;
  }, 30_000, 1000);
  const statement = (await api.rpc.clearing.statement(cycle, alice.address, finalizedClosed)).toJSON();
  assert.equal(statement.cycle.phase, 'closed');
  assert.equal(statement.lines[0].net, '700');
  assert.equal(statement.lines[0].instructions[0].status, 'settled');
});

test('a bill from a non-participant is refused with a clear error', { timeout: 60_000 }, async () => {
  const keyring = new Keyring({ type: 'sr25519' });
  const eve = keyring.addFromUri('//Eve');
  await assert.rejects(
    submitFinalized(api, api.tx.clearing.submitBill(alice.address, XDR, 10, h(1), h(2)), eve),
    /clearing\.NotParticipant/,
  );
  await assert.rejects(submit(api, api.tx.clearing.forceCutOff(), eve), /BadOrigin/);
  await assert.rejects(submit(api, api.tx.clearing.forceCutOff(), bob), /BadOrigin/, 'one operator cannot force a cut-off');
});

test('a re-sent batch, a re-used record number or bill reference and an unregistered currency are refused', { timeout: 120_000 }, async () => {
  const index = {};
  for (const who of [alice, bob]) {
    index[who.address] = (await api.query.clearing.participants(who.address)).unwrap().index.toNumber();
  }
  // Alice owes Bob: as payer she needs no mandate.
  const records = [1, 2, 3].map((n) => ({
    payer: index[alice.address], payee: index[bob.address], currency: XDR, amount: 7, reference: 1_000_000 + n,
  }));
  await submit(api, api.tx.clearing.submitBatch(records, 1), alice);
  // A billing system that timed out and re-signed the same batch.
  await assert.rejects(submit(api, api.tx.clearing.submitBatch(records, 1), alice), /clearing\.DuplicateBatch/);
  // Re-chunked: record 1,000,003 again, with a new one.
  await assert.rejects(
    submit(api, api.tx.clearing.submitBatch([records[2], { ...records[2], reference: 1_000_004 }], 1), alice),
    /clearing\.RecordAlreadyBooked/,
  );
  // A batch that failed leaves a gap: a later batch above it does not shut it out, and the gap
  // is filled once.
  const one = (reference) => [{ ...records[0], reference }];
  await submit(api, api.tx.clearing.submitBatch(one(1_000_010), 1), alice);
  await submit(api, api.tx.clearing.submitBatch(one(1_000_005), 1), alice);
  await assert.rejects(submit(api, api.tx.clearing.submitBatch(one(1_000_005), 1), alice), /clearing\.(RecordAlreadyBooked|DuplicateBatch)/);
  await assert.rejects(
    submit(api, api.tx.clearing.submitBatch([{ ...records[0], amount: 8, reference: 1_000_005 }], 1), alice),
    /clearing\.RecordAlreadyBooked/,
  );
  const booked = (await api.query.clearing.bookedReferences(alice.address)).map(([a, b]) => [a.toNumber(), b.toNumber()]);
  for (const n of [1_000_001, 1_000_003, 1_000_005, 1_000_010]) {
    assert.ok(booked.some(([a, b]) => a <= n && n <= b), `${n} booked in ${JSON.stringify(booked)}`);
  }
  assert.ok(!booked.some(([a, b]) => a <= 1_000_007 && 1_000_007 <= b), '1,000,007 is still free');
  await submit(api, api.tx.clearing.submitBill(bob.address, XDR, 10, h(0x51), h(2)), alice);
  await assert.rejects(
    submit(api, api.tx.clearing.submitBill(bob.address, XDR, 10, h(0x51), h(3)), alice),
    /clearing\.DuplicateBill/,
  );
  await assert.rejects(
    submit(api, api.tx.clearing.submitBill(bob.address, 'JPY', 10, h(0x52), h(2)), alice),
    /clearing\.UnknownCurrency/,
  );
});

test('a record of a batch is proven against the on-chain root; a tampered record is refused', { timeout: 120_000 }, async () => {
  const { execFile } = await import('node:child_process');
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { dirname, join } = await import('node:path');
  const { nodeBinary } = await import('../lib/node.mjs');
  const cli = (args) => new Promise((resolve) => {
    execFile(join(dirname(nodeBinary()), 'telecom-cli'), ['--url', `ws://127.0.0.1:${node.rpcPort}`, ...args], { timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? (error.code ?? 1) : 0, stdout, stderr }));
  });
  const index = {};
  for (const who of [alice, charlie]) {
    index[who.address] = (await api.query.clearing.participants(who.address)).unwrap().index.toNumber();
  }
  // Seven records (an odd count: the last moves up the tree unpaired), inside a utility batch.
  const records = Array.from({ length: 7 }, (_, n) => ({
    payer: index[charlie.address], payee: index[alice.address], currency: XDR, amount: 11 + n, reference: 2_000_000 + n,
  }));
  const { events } = await submit(api, api.tx.utility.batchAll([api.tx.clearing.submitBatch(records, 1)]), charlie);
  const accepted = events.find(({ event }) => api.events.clearing.BatchAccepted.is(event)).event.data;
  const batch = accepted.batch.toNumber();
  const root = (await api.query.clearing.batchRecordRoots(batch)).unwrap().toHex();
  assert.equal(accepted.recordsRoot.toHex(), root, 'BatchAccepted carries the stored root');

  const proof = (await api.rpc.clearing.recordProof(batch, 3)).toJSON();
  assert.equal(proof.root, root);
  assert.equal(proof.leafCount, 7);
  assert.deepEqual(proof.record, { payer: index[charlie.address], payee: index[alice.address], currency: XDR, amount: '14', reference: '2000003' });
  await assert.rejects(api.rpc.clearing.recordProof(batch, 7), /out of range/);
  await assert.rejects(api.rpc.clearing.recordProof(99_999, 0), /unknown batch/);

  const dir = mkdtempSync(join(tmpdir(), 'record-proof-'));
  try {
    const file = join(dir, 'proof.json');
    writeFileSync(file, JSON.stringify(proof));
    const ok = await cli(['--json', 'verify-record', '--proof', file]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).root, root);
    const fetched = await cli(['--json', 'verify-record', '--batch', String(batch), '--index', '6']);
    assert.equal(fetched.code, 0, fetched.stderr);
    assert.equal(JSON.parse(fetched.stdout).proven, true);
    // The same proof with the amount raised: refused, non-zero exit.
    writeFileSync(file, JSON.stringify({ ...proof, record: { ...proof.record, amount: '1400' } }));
    const tampered = await cli(['verify-record', '--proof', file]);
    assert.notEqual(tampered.code, 0);
    assert.match(tampered.stderr, /NOT proven/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
