// Clearing over JSON-RPC: three operators exchange bills and a bulk batch, the cycle is cut off,
// the RPC reports net positions and instructions, and settlement completes on-chain. Then the
// default rules on a real node: a payment confirmed off-chain is never defaulted, a payer who
// cannot pay blocks nobody else, and a defaulter's collateral pays its instruction.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { stringToU8a, u8aConcat } from '@polkadot/util';
import { startDevNode, waitFor } from '../lib/node.mjs';
import { telecomRpc } from '@telecom-consortium/api';
import { submit, submitFinalized } from '../lib/tx.mjs';

let node;
let api;
let alice;
let bob;
let charlie;
let dave;
let eve;
const XDR_ASSET = 1;
const XDR = 'XDR';
const h = (byte) => `0x${byte.toString(16).padStart(2, '0').repeat(32)}`;

before(async () => {
  node = await startDevNode({ rpc: telecomRpc });
  api = node.api;
  const keyring = new Keyring({ type: 'sr25519' });
  [alice, bob, charlie, dave, eve] = ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve']
    .map((uri) => keyring.addFromUri(uri));
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

// ---- Default management and payment finality (issue #19), each on a cycle of its own ----

const EUR = 'EUR';
const USD = 'USD';

const bestNumber = async () => (await api.rpc.chain.getHeader()).number.toNumber();
const cycleView = async (id) => (await api.rpc.clearing.cycle(id)).toJSON();
const instructionsOf = async (cycle) => (await api.rpc.clearing.instructions(cycle)).toJSON();
const billOf = ({ events }) => events
  .find(({ event }) => api.events.clearing.BillSubmitted.is(event)).event.data.bill.toNumber();
const balanceIn = async (asset, address) => {
  const account = await api.query.assets.account(asset, address);
  return account.isSome ? account.unwrap().balance.toBigInt() : 0n;
};
const isSuspended = async (who) => (await api.query.clearing.suspended(who.address)).isSome;
/** The clearing account (`PalletId` "tc/clrng"), which holds the collateral. */
const clearingAccount = () => api.createType(
  'AccountId',
  u8aConcat(stringToU8a('modl'), api.consts.clearing.palletId.toU8a(), new Uint8Array(20)),
).toString();

/** Dispatches `call` as Root; rejects with the call's own error (the sudo extrinsic itself succeeds either way). */
async function sudo(call) {
  const result = await submit(api, api.tx.sudo.sudo(call), alice);
  const sudid = result.events.find(({ event }) => api.events.sudo.Sudid.is(event));
  const outcome = sudid.event.data.sudoResult;
  if (outcome.isErr) {
    const error = outcome.asErr;
    if (!error.isModule) throw new Error(error.toString());
    const { section, name } = api.registry.findMetaError(error.asModule);
    throw new Error(`${section}.${name}`);
  }
  return result;
}

/** Clearing events of blocks `from`..best, as `{ block, name, ...fields }` with JSON field values. */
async function clearingEventsSince(from) {
  const to = await bestNumber();
  const found = [];
  for (let n = from; n <= to; n += 1) {
    const events = await api.query.system.events.at(await api.rpc.chain.getBlockHash(n));
    for (const { event } of events) {
      if (event.section !== 'clearing') continue;
      const fields = Object.fromEntries(event.data.names.map((name, i) => [name, event.data[i].toJSON()]));
      found.push({ block: n, name: event.method, ...fields });
    }
  }
  return found;
}

/** Cuts the open cycle off as Root, once no other cycle is settling, and waits for its instructions. */
async function cutOffAndInstruct() {
  await waitFor('no cycle settling', async () => (await api.query.clearing.settlingCycle()).isNone, 60_000, 1000);
  const { id } = await cycleView(null);
  await sudo(api.tx.clearing.forceCutOff());
  await waitFor(`cycle ${id} instructed`, async () => (await cycleView(id)).phase === 'instructed', 60_000, 1000);
  return id;
}

/**
 * Settles every pending instruction of `cycle` except `own` (what earlier tests left in the cycle):
 * each payee acknowledges receipt, as it does for a payment made outside the chain.
 */
async function settleTheRest(cycle, own) {
  const signer = new Map([alice, bob, charlie, dave, eve].map((k) => [k.address, k]));
  const byPayee = new Map();
  for (const i of await instructionsOf(cycle)) {
    if (own.includes(i.index) || i.status !== 'pending') continue;
    byPayee.set(i.payee, [...(byPayee.get(i.payee) ?? []), i.index]);
  }
  await Promise.all([...byPayee].map(([payee, indices]) => {
    assert.ok(signer.has(payee), `payee ${payee} is a dev account`);
    const calls = indices.map((index) => api.tx.clearing.acknowledgePayment(cycle, index));
    return submit(api, api.tx.utility.batchAll(calls), signer.get(payee));
  }));
}

/**
 * Moves `cycle` past its payment deadline. The dev chain's four-hour settlement window cannot be
 * waited for, and its block numbers are too low to move `instructed_at` back by that much, so
 * Root clears `instructed_at`: the deadline then counts from block 0, and the next block's hook
 * takes the path it takes at a real deadline. The acknowledgement deadline (twelve hours later)
 * stays ahead.
 */
async function passPaymentDeadline(cycle) {
  const info = (await api.query.clearing.cycles(cycle)).unwrap();
  assert.equal(info.phase.toString(), 'Instructed');
  const patched = new info.constructor(api.registry, { ...Object.fromEntries(info.entries()), instructedAt: null });
  await sudo(api.tx.system.setStorage([[api.query.clearing.cycles.key(cycle), patched.toHex()]]));
}

test('a payment confirmed off-chain is not defaulted at the deadline: the payee acknowledges late or disputes, the arbiter decides', { timeout: 240_000 }, async () => {
  const from = await bestNumber();
  // EUR settles off-chain for all four operators (no method stored is off-chain).
  for (const who of [alice, bob, charlie, dave]) {
    assert.ok((await api.query.clearing.settlementMethods(who.address, EUR)).isNone, 'EUR is off-chain');
  }
  // Dave bills Bob 4,000 and Alice bills Charlie 2,500; the payers accept.
  const [toDaveBill, toAliceBill] = (await Promise.all([
    submit(api, api.tx.clearing.submitBill(bob.address, EUR, 4_000, h(0xc1), h(0xd1)), dave),
    submit(api, api.tx.clearing.submitBill(charlie.address, EUR, 2_500, h(0xc2), h(0xd2)), alice),
  ])).map(billOf);
  await Promise.all([
    submit(api, api.tx.clearing.acceptBill(toDaveBill), bob),
    submit(api, api.tx.clearing.acceptBill(toAliceBill), charlie),
  ]);

  const cycle = await cutOffAndInstruct();
  const eur = (await instructionsOf(cycle)).filter((i) => i.currency === EUR);
  assert.deepEqual(
    eur.map((i) => [i.payer, i.payee, i.amount, i.status]).sort(),
    [[bob.address, dave.address, '4000', 'pending'], [charlie.address, alice.address, '2500', 'pending']].sort(),
  );
  const toDave = eur.find((i) => i.payer === bob.address).index;
  const toAlice = eur.find((i) => i.payer === charlie.address).index;
  await settleTheRest(cycle, [toDave, toAlice]);

  // Both payers pay through their banks and confirm with the bank reference's hash; neither
  // payee answers before the payment deadline.
  await Promise.all([
    submit(api, api.tx.clearing.confirmPayment(cycle, toDave, h(0xe1)), bob),
    submit(api, api.tx.clearing.confirmPayment(cycle, toAlice, h(0xe2)), charlie),
  ]);
  await passPaymentDeadline(cycle);
  await waitFor('acknowledging', async () => (await cycleView(cycle)).phase === 'acknowledging', 30_000, 1000);

  // Nothing defaulted: both wait for their payee in their own state, nobody is suspended and
  // nothing is carried into the open cycle.
  const waiting = (await instructionsOf(cycle)).filter((i) => [toDave, toAlice].includes(i.index));
  assert.deepEqual(waiting.map((i) => [i.status, i.bankReference]).sort(), [
    ['paymentConfirmed', h(0xe1)], ['paymentConfirmed', h(0xe2)],
  ]);
  assert.equal((await cycleView(cycle)).unsettled, 2);
  const open = (await cycleView(null)).id;
  for (const who of [bob, charlie]) {
    assert.equal(await isSuspended(who), false, 'a payer who confirmed is no defaulter');
    assert.ok((await api.query.clearing.positions(open, EUR, who.address)).isNone, 'nothing carried over');
  }
  assert.equal((await api.query.clearing.uncarriedDefaults.entries()).length, 0);
  // Past the deadline the payer cannot confirm again, nor pay another instruction.
  await assert.rejects(
    submit(api, api.tx.clearing.confirmPayment(cycle, toDave, h(0xe3)), bob),
    /clearing\.WrongCyclePhase/,
  );

  // Late, within the acknowledgement window: Dave acknowledges receipt; Alice says she was not
  // paid. Only the payee answers, once.
  await assert.rejects(submit(api, api.tx.clearing.acknowledgePayment(cycle, toDave), bob), /clearing\.NotPayee/);
  await submit(api, api.tx.clearing.acknowledgePayment(cycle, toDave), dave);
  await assert.rejects(submit(api, api.tx.clearing.disputeNonReceipt(cycle, toDave), dave), /clearing\.InvalidInstructionState/);
  await submit(api, api.tx.clearing.disputeNonReceipt(cycle, toAlice), alice);
  // The dispute leaves the cycle's pipeline: the cycle settles and closes without the arbiter.
  await waitFor('cycle closed', async () => (await cycleView(cycle)).phase === 'closed', 30_000, 1000);
  let statuses = Object.fromEntries((await instructionsOf(cycle)).map((i) => [i.index, i.status]));
  assert.deepEqual([statuses[toDave], statuses[toAlice]], ['settled', 'nonReceiptDisputed']);

  // The arbiter (Root here, a council majority on a production chain) finds Charlie did pay.
  await assert.rejects(submit(api, api.tx.clearing.decideNonReceipt(cycle, toAlice, true), alice), /BadOrigin/);
  await sudo(api.tx.clearing.decideNonReceipt(cycle, toAlice, true));
  statuses = Object.fromEntries((await instructionsOf(cycle)).map((i) => [i.index, i.status]));
  assert.deepEqual([statuses[toDave], statuses[toAlice]], ['settled', 'settled']);

  const events = await clearingEventsSince(from);
  const ofCycle = (name) => events.filter((e) => e.name === name && e.cycle === cycle).map((e) => e.index).sort();
  assert.deepEqual(ofCycle('PaymentConfirmed'), [toDave, toAlice].sort());
  assert.deepEqual(ofCycle('PaymentAcknowledged').filter((i) => [toDave, toAlice].includes(i)), [toDave]);
  assert.deepEqual(ofCycle('NonReceiptDisputed'), [toAlice]);
  assert.deepEqual(events.filter((e) => e.name === 'NonReceiptDecided').map((e) => [e.cycle, e.index, e.paid]), [[cycle, toAlice, true]]);
  for (const name of ['PaymentDefaulted', 'DefaultCarried', 'ParticipantSuspended', 'CollateralDrawn']) {
    assert.deepEqual(events.filter((e) => e.name === name), [], `no ${name}`);
  }
  assert.equal(await isSuspended(charlie), false);
  assert.ok((await api.query.clearing.positions(open, EUR, charlie.address)).isNone, 'nothing carried over');
});

test('a payer who cannot pay on-chain blocks nobody: the funded payer settles its own instructions, the other defaults at the deadline', { timeout: 240_000 }, async () => {
  const from = await bestNumber();
  const asset = (await api.query.clearing.settlementAssets(USD)).unwrap().toNumber();
  // Eve, a partner with an unsecured USD line and no USD at all, is admitted by the consortium.
  await sudo(api.tx.utility.batchAll([
    api.tx.clearing.admitParticipant(eve.address),
    api.tx.clearing.setCreditLimit(eve.address, USD, 1_000_000),
  ]));
  assert.equal(await balanceIn(asset, eve.address), 0n);
  // Everyone settles USD on-chain. Charlie bills Bob 900; Alice bills Eve 700; both accept.
  await Promise.all([alice, bob, charlie, eve].map((who) => submit(api, api.tx.clearing.setSettlementMethod(USD, 'OnChain'), who)));
  const [toCharlieBill, toAliceBill] = (await Promise.all([
    submit(api, api.tx.clearing.submitBill(bob.address, USD, 900, h(0xc3), h(0xd3)), charlie),
    submit(api, api.tx.clearing.submitBill(eve.address, USD, 700, h(0xc4), h(0xd4)), alice),
  ])).map(billOf);
  await Promise.all([
    submit(api, api.tx.clearing.acceptBill(toCharlieBill), bob),
    submit(api, api.tx.clearing.acceptBill(toAliceBill), eve),
  ]);

  const cycle = await cutOffAndInstruct();
  const usd = (await instructionsOf(cycle)).filter((i) => i.currency === USD);
  assert.deepEqual(
    usd.map((i) => [i.payer, i.payee, i.amount]).sort(),
    [[bob.address, charlie.address, '900'], [eve.address, alice.address, '700']].sort(),
  );
  const fromBob = usd.find((i) => i.payer === bob.address).index;
  const fromEve = usd.find((i) => i.payer === eve.address).index;
  await settleTheRest(cycle, [fromBob, fromEve]);
  const before = await Promise.all([alice, bob, charlie, eve].map((who) => balanceIn(asset, who.address)));

  // Eve cannot pay, and cannot slip out of on-chain settlement once the cycle is cut off.
  await assert.rejects(submit(api, api.tx.clearing.settleOnChain(cycle, USD), eve), /FundsUnavailable|BalanceLow|NoAccount/);
  await assert.rejects(submit(api, api.tx.clearing.setSettlementMethod(USD, 'OffChain'), eve), /clearing\.MethodFrozen/);
  // Bob pays his own instruction all the same.
  const { events: settledEvents } = await submit(api, api.tx.clearing.settleOnChain(cycle, USD), bob);
  const settled = settledEvents.find(({ event }) => api.events.clearing.SettledOnChain.is(event)).event.data;
  assert.equal(settled.instructions.toNumber(), 1);
  let statuses = Object.fromEntries((await instructionsOf(cycle)).map((i) => [i.index, i.status]));
  assert.deepEqual([statuses[fromBob], statuses[fromEve]], ['settled', 'pending']);

  // At the deadline Eve, and only Eve, defaults: no collateral, so the whole amount is carried
  // into the open cycle and she is suspended.
  const open = (await cycleView(null)).id;
  await passPaymentDeadline(cycle);
  await waitFor('cycle closed', async () => (await cycleView(cycle)).phase === 'closed', 30_000, 1000);
  const after = await Promise.all([alice, bob, charlie, eve].map((who) => balanceIn(asset, who.address)));
  assert.deepEqual(after.map((b, i) => b - before[i]), [0n, -900n, 900n, 0n]);
  const final = Object.fromEntries((await instructionsOf(cycle)).map((i) => [i.index, i]));
  assert.equal(final[fromBob].status, 'settled');
  assert.deepEqual([final[fromEve].status, final[fromEve].carriedTo, final[fromEve].covered], ['defaulted', open, '0']);

  const events = await clearingEventsSince(from);
  const defaults = events.filter((e) => e.name === 'PaymentDefaulted');
  assert.deepEqual(
    defaults.map((e) => [e.cycle, e.index, e.payer, e.payee, BigInt(e.amount), BigInt(e.covered), e.carriedTo]),
    [[cycle, fromEve, eve.address, alice.address, 700n, 0n, open]],
  );
  assert.deepEqual(events.filter((e) => e.name === 'ParticipantSuspended').map((e) => e.who), [eve.address]);
  assert.deepEqual(events.filter((e) => e.name === 'CollateralDrawn'), []);
  assert.equal(await isSuspended(bob), false);
  assert.equal(await isSuspended(eve), true);
  // The claim is not lost: Eve owes Alice 700 in the open cycle.
  const carried = (await api.query.clearing.positions(open, USD, eve.address)).unwrap();
  assert.equal(carried.payable.toBigInt(), 700n);
  assert.equal((await api.query.clearing.positions(open, USD, alice.address)).unwrap().receivable.toBigInt() >= 700n, true);
  // Suspended, Eve can take on nothing new.
  await assert.rejects(
    submit(api, api.tx.clearing.grantMandate(alice.address, USD, 10), eve),
    /clearing\.ParticipantSuspended/,
  );
});

test('a defaulter\'s collateral pays its instruction: the payee is paid at the deadline and the defaulter is suspended', { timeout: 240_000 }, async () => {
  const from = await bestNumber();
  const asset = (await api.query.clearing.settlementAssets(USD)).unwrap().toNumber();
  const vault = clearingAccount();
  const creditLimit = (await api.query.clearing.creditLimits(dave.address, USD)).toBigInt();
  const daveStart = await balanceIn(asset, dave.address);
  const vaultStart = await balanceIn(asset, vault);

  // Dave posts 5,000 USD of collateral, and the consortium takes his unsecured line away: his
  // cap is now twice his collateral.
  await submit(api, api.tx.clearing.postCollateral(USD, 5_000), dave);
  await sudo(api.tx.clearing.setCreditLimit(dave.address, USD, 0));
  assert.equal((await api.query.clearing.collateral(dave.address, USD)).toBigInt(), 5_000n);
  assert.equal(await balanceIn(asset, dave.address), daveStart - 5_000n);
  assert.equal(await balanceIn(asset, vault), vaultStart + 5_000n);

  // Charlie bills Dave 3,000 and 8,000: the first fits the 10,000 cap, the second is refused and
  // nothing of it is recorded.
  const small = billOf(await submit(api, api.tx.clearing.submitBill(dave.address, USD, 3_000, h(0xc5), h(0xd5)), charlie));
  const large = billOf(await submit(api, api.tx.clearing.submitBill(dave.address, USD, 8_000, h(0xc6), h(0xd6)), charlie));
  await submit(api, api.tx.clearing.acceptBill(small), dave);
  await assert.rejects(submit(api, api.tx.clearing.acceptBill(large), dave), /clearing\.ExposureCapExceeded/);
  const openBefore = (await cycleView(null)).id;
  assert.equal((await api.query.clearing.positions(openBefore, USD, dave.address)).unwrap().payable.toBigInt(), 3_000n);
  assert.equal((await api.query.clearing.bills(large)).unwrap().status.toString(), 'Submitted');

  const cycle = await cutOffAndInstruct();
  const mine = (await instructionsOf(cycle)).find((i) => i.currency === USD && i.payer === dave.address);
  assert.deepEqual([mine.payee, mine.amount, mine.status], [charlie.address, '3000', 'pending']);
  await settleTheRest(cycle, [mine.index]);
  // Collateral is not returned while Dave owes in the cycle being settled.
  await assert.rejects(submit(api, api.tx.clearing.withdrawCollateral(USD, 1), dave), /clearing\.OwesInSettlingCycle/);
  const charlieBefore = await balanceIn(asset, charlie.address);
  const daveBefore = await balanceIn(asset, dave.address);

  // Dave does not pay. At the deadline his collateral pays Charlie in full.
  await passPaymentDeadline(cycle);
  await waitFor('cycle closed', async () => (await cycleView(cycle)).phase === 'closed', 30_000, 1000);
  assert.equal(await balanceIn(asset, charlie.address), charlieBefore + 3_000n, 'the payee is paid');
  assert.equal(await balanceIn(asset, dave.address), daveBefore, 'from the collateral, not the account');
  assert.equal(await balanceIn(asset, vault), vaultStart + 2_000n);
  assert.equal((await api.query.clearing.collateral(dave.address, USD)).toBigInt(), 2_000n);
  const instruction = (await instructionsOf(cycle)).find((i) => i.index === mine.index);
  assert.deepEqual([instruction.status, instruction.covered, instruction.carriedTo], ['defaulted', '3000', null]);
  const open = (await cycleView(null)).id;
  assert.ok((await api.query.clearing.positions(open, USD, dave.address)).isNone, 'nothing left to carry');

  const events = await clearingEventsSince(from);
  assert.deepEqual(
    events.filter((e) => e.name === 'CollateralPosted').map((e) => [e.who, BigInt(e.amount), BigInt(e.total)]),
    [[dave.address, 5_000n, 5_000n]],
  );
  assert.deepEqual(
    events.filter((e) => e.name === 'CollateralDrawn').map((e) => [e.cycle, e.index, e.who, e.payee, BigInt(e.amount)]),
    [[cycle, mine.index, dave.address, charlie.address, 3_000n]],
  );
  assert.deepEqual(
    events.filter((e) => e.name === 'PaymentDefaulted' && e.cycle === cycle)
      .map((e) => [e.index, e.payer, BigInt(e.amount), BigInt(e.covered), e.carriedTo]),
    [[mine.index, dave.address, 3_000n, 3_000n, null]],
  );
  assert.deepEqual(events.filter((e) => e.name === 'ParticipantSuspended').map((e) => e.who), [dave.address]);

  // Suspended: no new obligations, no collateral back, until the consortium reinstates him.
  await assert.rejects(submit(api, api.tx.clearing.acceptBill(large), dave), /clearing\.ParticipantSuspended/);
  await assert.rejects(submit(api, api.tx.clearing.withdrawCollateral(USD, 2_000), dave), /clearing\.ParticipantSuspended/);
  await assert.rejects(submit(api, api.tx.clearing.reinstate(dave.address), bob), /BadOrigin/);
  await sudo(api.tx.clearing.reinstate(dave.address));
  assert.equal(await isSuspended(dave), false);
  await submit(api, api.tx.clearing.withdrawCollateral(USD, 2_000), dave);
  assert.equal((await api.query.clearing.collateral(dave.address, USD)).toBigInt(), 0n);
  assert.equal(await balanceIn(asset, dave.address), daveStart - 3_000n, 'Dave paid 3,000 in all');
  assert.equal(await balanceIn(asset, vault), vaultStart);

  // Leave the chain as found: the refused bill withdrawn, the credit line back.
  await submit(api, api.tx.clearing.withdrawBill(large), charlie);
  await sudo(api.tx.clearing.setCreditLimit(dave.address, USD, creditLimit));
});
