// Roaming settlement over JSON-RPC: Alice (DEUTC) and Bob (FRAMC) sign an IOT agreement,
// exchange usage batches in both directions (one out of sequence, one over-claimed beyond the
// tolerance and reconciled, one duplicate refused), close last month on time with a partial
// dispute withheld, find the netted obligation in clearing, true the dispute up and book a late
// file of the closed month into the current one. `telecom-cli roaming rate` rates a file of every
// IOT service offline to exactly what the chain books for it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { nodeBinary, startDevNode } from '../lib/node.mjs';
import { telecomRpc } from '@telecom-consortium/api';
import { submit } from '../lib/tx.mjs';
import { stringToHex } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';

// Events carry TADIG codes as their SCALE bytes ([u8; 5]), which @polkadot/api shows as hex.
const tadigBytes = (code) => stringToHex(code);
const h = (byte) => `0x${byte.toString(16).padStart(2, '0').repeat(32)}`;

let node;
let api;
let alice, bob;

before(async () => {
  node = await startDevNode({ rpc: telecomRpc });
  api = node.api;
  const keyring = new Keyring({ type: 'sr25519' });
  [alice, bob] = ['//Alice', '//Bob'].map((uri) => keyring.addFromUri(uri));
});

after(async () => {
  await node?.stop();
});

// Last calendar month (UTC): usage of a month that has ended can be closed.
function lastMonth() {
  const now = new Date();
  const month = now.getUTCMonth(); // 0-based: this is last month's 1-based number
  return month === 0 ? { year: now.getUTCFullYear() - 1, month: 12 } : { year: now.getUTCFullYear(), month };
}

// An IOT tariff (TD.201 services); a rate may add `setupFee` and `minimumCharge` per event.
const rate = (price, increment) => ({ price, increment, setupFee: 0, minimumCharge: 0 });
const tariff = {
  mocLocal: rate(5_000, 1), // 0.05 XDR a minute, per second
  mocHome: rate(5_000, 1),
  mocInternational: rate(5_000, 1),
  mtc: rate(1_000, 30),
  smsMo: rate(2_000, 1),
  smsMt: rate(0, 1),
  data: rate(1_250, 10), // 0.0125 XDR a MB
  volte: rate(5_000, 1),
  video: rate(20_000, 60),
};

const noCalls = { calls: 0, seconds: 0 };
// `minutes` of local outgoing calls at 0.05 XDR a minute.
const usage = (minutes) => ({
  mocLocal: { calls: minutes, seconds: minutes * 60 },
  mocHome: noCalls,
  mocInternational: noCalls,
  mtc: noCalls,
  smsMo: 0,
  smsMt: 0,
  data: { sessions: 0, kilobytes: 0 },
  volte: noCalls,
  video: noCalls,
});

// Each file's hash differs by sender and number (the chain refuses a hash it saw within 90 days).
const report = (sequence, period, minutes, claimed = minutes * 5, sender = 'A') => ({
  sequence, period, records: minutes, usage: usage(minutes), claimed, currency: 'XDR',
  file: blake2AsHex(`${sender}:${sequence}`), testFile: false,
});

// The named fields of every `roaming.<name>` event of a result, as plain JSON.
const camel = (snake) => snake.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
const eventsOf = (result, name) => result.events
  .filter(({ event }) => api.events.roaming[name].is(event))
  .map(({ event }) => Object.fromEntries(
    event.meta.fields.map((field, i) => [camel(field.name.toString()), event.data[i].toJSON()])));

test('an IOT agreement settles a month of two-way roaming into clearing', { timeout: 300_000 }, async () => {
  const period = lastMonth();
  const validTo = { year: period.year + 1, month: period.month };
  const terms = {
    validFrom: period, validTo, currency: 'XDR',
    networkA: { tariff, discount: null, tolerance: { basisPoints: 50, minimum: 100 } },
    // Bob's network grants 10 % on the month's charge above 50 XDR; a claim may exceed the
    // chain's re-rating by 0.5 % or 1 XDR before a reconciliation opens.
    networkB: {
      tariff, discount: { model: 'Incremental', tiers: [{ from: 5_000, basisPoints: 1_000 }] },
      tolerance: { basisPoints: 50, minimum: 100 },
    },
    disputeWindow: 600, noticePeriods: 3, taxIncluded: false, document: h(0xc0),
  };
  assert.equal((await api.rpc.roaming.agreementBetween('DEUTC', 'FRAMC')).toJSON(), null);
  const proposed = await submit(api, api.tx.roaming.proposeAgreement('DEUTC', 'FRAMC', terms), alice);
  const id = eventsOf(proposed, 'AgreementProposed')[0].agreement;
  await assert.rejects(submit(api, api.tx.roaming.acceptAgreement(id), alice), /roaming\.NotCounterparty/);
  await submit(api, api.tx.roaming.acceptAgreement(id), bob);
  const agreement = (await api.rpc.roaming.agreement(id)).toJSON();
  assert.deepEqual(
    { status: agreement.status, version: agreement.version, a: agreement.tadigA, b: agreement.tadigB },
    { status: 'active', version: 1, a: 'DEUTC', b: 'FRAMC' },
  );
  assert.equal((await api.rpc.roaming.agreementBetween('FRAMC', 'DEUTC')).toJSON(), id);

  // Alice's network carried Bob's subscribers: files 1, 2 and 4 arrive, then the late 3.
  // Bob's network carried Alice's subscribers: 2,000 minutes, over-claimed by 2 XDR.
  const [overClaimed] = await Promise.all([
    submit(api, api.tx.roaming.submitBatch(id, report(1, period, 2_000, 10_200, 'B')), bob),
    submit(api, api.tx.roaming.submitBatch(id, report(1, period, 1_000)), alice),
  ]);
  assert.deepEqual(eventsOf(overClaimed, 'RatingMismatch')[0], { agreement: id, network: 'B', sequence: 1, claimed: 10_200, rated: 10_000 });
  // 2 XDR over the re-rating is beyond the 1 XDR tolerance: the excess is reconciled, not cut.
  assert.deepEqual(eventsOf(overClaimed, 'ReconciliationOpened')[0], { agreement: id, network: 'B', sequence: 1, amount: 200 });
  await submit(api, api.tx.roaming.submitBatch(id, report(2, period, 600)), alice);
  const skipped = await submit(api, api.tx.roaming.submitBatch(id, report(4, period, 100)), alice);
  assert.deepEqual(eventsOf(skipped, 'SequenceGap'), [{ sender: tadigBytes('DEUTC'), recipient: tadigBytes('FRAMC'), first: 3, last: 3 }]);
  assert.deepEqual((await api.rpc.roaming.sequenceGaps('DEUTC', 'FRAMC')).toJSON(), { expected: 5, gaps: [[3, 3]] });
  await assert.rejects(submit(api, api.tx.roaming.submitBatch(id, report(2, period, 1)), alice), /roaming\.DuplicateSequence/);
  // The same file re-sent under the next number is refused by its hash.
  await assert.rejects(submit(api, api.tx.roaming.submitBatch(id, { ...report(5, period, 100), file: report(4, period, 100).file }), alice), /roaming\.DuplicateFile/);
  await submit(api, api.tx.roaming.submitBatch(id, report(3, period, 100)), alice);
  assert.deepEqual((await api.rpc.roaming.sequenceGaps('DEUTC', 'FRAMC')).toJSON().gaps, []);


  // Bob disputes 10 XDR of Alice's file 2 (30 XDR) with RAP reason 30; it is still open at the close.
  await submit(api, api.tx.roaming.disputeBatch(id, 'A', 2, 1_000, 30, h(0xee)), bob);

  // The reconciliation of Bob's file 1 settles by proposals at the re-rated 100 XDR (the
  // arbiter could award anything up to the 102 XDR claim).
  await submit(api, api.tx.roaming.proposeSettlement(id, 'B', 1, 10_000), bob);
  const reconciled = await submit(api, api.tx.roaming.proposeSettlement(id, 'B', 1, 10_000), alice);
  assert.deepEqual(eventsOf(reconciled, 'DisputeResolved')[0], { agreement: id, network: 'B', sequence: 1, value: 10_000, byArbiter: false });

  // Everything else is accepted explicitly, so the month can close without waiting out the window.
  await submit(api, api.tx.utility.batchAll([1, 3, 4].map((sequence) => api.tx.roaming.acceptBatch(id, 'A', sequence))), bob);

  const balance = (await api.rpc.roaming.balance(id, period)).toJSON();
  assert.deepEqual(
    { a: balance.networkA.value, disputed: balance.networkA.disputed, b: balance.networkB.value, net: balance.netToA, closed: balance.closed },
    { a: '9000', disputed: '1000', b: '10000', net: '-1000', closed: false },
  );
  const batches = (await api.rpc.roaming.batches(id, period)).toJSON();
  assert.deepEqual(batches.map((b) => [b.network, b.sequence, b.batch.value]), [
    ['a', 1, '5000'], ['a', 2, '3000'], ['a', 3, '500'], ['a', 4, '500'], ['b', 1, '10000'],
  ]);

  // Close on time despite the open dispute: A's network 90 XDR less the 10 withheld = 80 XDR;
  // B's network 100 XDR less 5 XDR discount = 95 XDR. Alice pays Bob 15 XDR.
  const closed = await submit(api, api.tx.roaming.closePeriod(id, period), alice);
  const event = eventsOf(closed, 'PeriodClosed')[0];
  assert.equal(event.net, 1_500);
  assert.equal(event.payer, alice.address);
  assert.equal(event.payee, bob.address);
  const statement = (await api.rpc.roaming.statement(id, period)).toJSON();
  assert.deepEqual(
    { a: statement.networkA.payable, withheld: statement.networkA.withheld, discount: statement.networkB.discount, b: statement.networkB.payable, net: statement.net },
    { a: '8000', withheld: '1000', discount: '500', b: '9500', net: '1500' },
  );
  assert.equal(statement.payer, alice.address);
  assert.equal(statement.obligation, event.obligation);

  // Clearing holds the netted obligation of the undisputed part with the rest of the day's business.
  const xdr = async (who) => (await api.rpc.clearing.openPositions(who.address)).toJSON().find((p) => p.currency === 'XDR');
  assert.equal((await xdr(alice)).payable, '1500');
  assert.equal((await xdr(bob)).receivable, '1500');

  // The dispute settles at 25 XDR after the close: the 5 XDR above the undisputed 20 is trued up,
  // owed by Bob (the home operator) to Alice.
  await submit(api, api.tx.roaming.proposeSettlement(id, 'A', 2, 2_500), alice);
  const resolved = await submit(api, api.tx.roaming.proposeSettlement(id, 'A', 2, 2_500), bob);
  assert.deepEqual(eventsOf(resolved, 'DisputeResolved')[0], { agreement: id, network: 'A', sequence: 2, value: 2_500, byArbiter: false });
  const trueUp = eventsOf(resolved, 'TrueUp')[0];
  assert.deepEqual({ amount: trueUp.amount, payer: trueUp.payer, payee: trueUp.payee }, { amount: 500, payer: bob.address, payee: alice.address });
  const trued = (await api.rpc.roaming.statement(id, period)).toJSON();
  assert.deepEqual(
    { a: trued.networkA.payable, withheld: trued.networkA.withheld, atClose: trued.networkA.payableAtClose },
    { a: '8500', withheld: '0', atClose: '8000' },
  );
  assert.equal((await xdr(alice)).receivable, '500');

  // Both sign the statement off; nothing more can be filed for the month.
  await submit(api, api.tx.roaming.signOffStatement(id, period), alice);
  const signed = await submit(api, api.tx.roaming.signOffStatement(id, period), bob);
  assert.equal(eventsOf(signed, 'StatementSignedOff')[0].complete, true);
  // A late file of the closed month is booked into the current month as a late adjustment.
  const late = await submit(api, api.tx.roaming.submitBatch(id, report(5, period, 1)), alice);
  const booked = eventsOf(late, 'LateFileBooked')[0];
  assert.deepEqual(booked.usagePeriod, period);
  assert.notDeepEqual(booked.bookedInto, period);

  // Settled batches keep their deposit while their file hash guards against duplicates (90 days).
  await assert.rejects(submit(api, api.tx.roaming.purgeBatch(id, 'A', 1), bob), /roaming\.DuplicateWindowOpen/);
});

test('telecom-cli roaming rate computes offline exactly what the chain books', { timeout: 120_000 }, async () => {
  const charlie = new Keyring({ type: 'sr25519' }).addFromUri('//Charlie');
  // The dev genesis agreement: GBRTC (Charlie, side A) with FRAMC (Bob), an IOT tariff.
  const id = (await api.rpc.roaming.agreementBetween('GBRTC', 'FRAMC')).toJSON();
  const agreement = (await api.rpc.roaming.agreement(id)).toJSON();
  assert.equal(agreement.partyA, charlie.address);
  const now = new Date();
  const period = { year: now.getUTCFullYear(), month: now.getUTCMonth() + 1 };
  const { expected: sequence } = (await api.rpc.roaming.sequenceGaps('GBRTC', 'FRAMC')).toJSON();
  // One file with every service, volumes off their increments.
  const usage = {
    mocLocal: { calls: 31, seconds: 1_861 }, mocHome: { calls: 4, seconds: 330 },
    mocInternational: { calls: 1, seconds: 61 }, mtc: { calls: 12, seconds: 541 },
    smsMo: 40, smsMt: 7, data: { sessions: 5, kilobytes: 51_201 },
    volte: { calls: 3, seconds: 7 }, video: { calls: 1, seconds: 59 },
  };
  const dir = mkdtempSync(join(tmpdir(), 'roaming-rate-'));
  try {
    writeFileSync(join(dir, 'terms.json'), JSON.stringify(agreement.terms));
    writeFileSync(join(dir, 'usage.csv'), [
      'file,moc_local_calls,moc_local_seconds,moc_home_calls,moc_home_seconds,moc_international_calls,moc_international_seconds,'
        + 'mtc_calls,mtc_seconds,sms_mo,sms_mt,data_sessions,data_kilobytes,volte_calls,volte_seconds,video_calls,video_seconds',
      `F${sequence},31,1861,4,330,1,61,12,541,40,7,5,51201,3,7,1,59`,
    ].join('\n'));
    const cli = await new Promise((resolve) => execFile(
      join(dirname(nodeBinary()), 'telecom-cli'),
      ['--json', 'roaming', 'rate', '--terms', join(dir, 'terms.json'), '--network', 'a', '--usage', join(dir, 'usage.csv')],
      { timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? (error.code ?? 1) : 0, stdout, stderr }),
    ));
    assert.equal(cli.code, 0, cli.stderr);
    const rating = JSON.parse(cli.stdout);
    assert.equal(rating.files.length, 1);
    const claimed = Number(rating.files[0].rated);
    const result = await submit(api, api.tx.roaming.submitBatch(id, {
      sequence, period, records: 104, usage, claimed, currency: 'XDR',
      file: blake2AsHex(`rate:${sequence}`), testFile: false,
    }), charlie);
    assert.deepEqual(eventsOf(result, 'RatingMismatch'), [], 'the claim is the chain\'s own figure');
    const batch = (await api.rpc.roaming.batches(id, period)).toJSON()
      .find((b) => b.network === 'a' && b.sequence === sequence).batch;
    assert.deepEqual(
      { rated: batch.rated, ratedExact: batch.ratedExact },
      { rated: rating.files[0].rated, ratedExact: rating.files[0].ratedExact },
    );
    assert.equal(rating.total, rating.files[0].rated);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
