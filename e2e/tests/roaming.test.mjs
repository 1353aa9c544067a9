// Roaming settlement over JSON-RPC: Alice (DEUTC) and Bob (FRAMC) sign an IOT agreement,
// exchange usage batches in both directions (one out of sequence, one over-claimed beyond the
// tolerance and reconciled, one duplicate refused), close last month on time with a partial
// dispute withheld, find the netted obligation in clearing, true the dispute up and book a late
// file of the closed month into the current one. `telecom-cli roaming rate` rates a file of every
// IOT service offline to exactly what the chain books for it. A second agreement shows dual
// posting: the home side's own totals accept one file and open a dispute on another automatically.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { nodeBinary, startDevNode, waitFor } from '../lib/node.mjs';
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
    disputeWindow: 600, noticePeriods: 3, taxIncluded: false, document: h(0xc0), invoice: null,
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

test('the home operator posts its own totals: a match is accepted, a mismatch disputed automatically', { timeout: 300_000 }, async () => {
  const period = lastMonth();
  // A second pair of networks (one live agreement per pair): Alice's DEUD2 with Bob's FRAMC.
  await submit(api, api.tx.roaming.registerTadig('DEUD2'), alice);
  const tolerance = { basisPoints: 50, minimum: 100 }; // 0.5 % or 1 XDR
  const terms = {
    validFrom: period, validTo: { year: period.year + 1, month: period.month }, currency: 'XDR',
    networkA: { tariff, discount: null, tolerance }, networkB: { tariff, discount: null, tolerance },
    disputeWindow: 600, noticePeriods: 3, taxIncluded: false, document: h(0xc2), invoice: null,
  };
  const proposed = await submit(api, api.tx.roaming.proposeAgreement('DEUD2', 'FRAMC', terms), alice);
  const id = eventsOf(proposed, 'AgreementProposed')[0].agreement;
  await submit(api, api.tx.roaming.acceptAgreement(id), bob);
  // Alice's network carried Bob's subscribers: file 1 (1,000 minutes, 50 XDR) and file 2
  // (600 minutes, 30 XDR), filed by Alice as the visited side.
  await submit(api, api.tx.roaming.submitBatch(id, report(1, period, 1_000, undefined, 'D2')), alice);
  await submit(api, api.tx.roaming.submitBatch(id, report(2, period, 600, undefined, 'D2')), alice);
  const home = (sequence, minutes, charged) => ({
    sequence, records: minutes, usage: usage(minutes), charged, file: blake2AsHex(`D2:${sequence}`),
  });

  // Bob's TAP-in processing posts its own totals. File 1 is 10 cents lower: within the tolerance.
  const matched = await submit(api, api.tx.roaming.postHomeTotals(id, home(1, 1_000, 4_990)), bob);
  assert.deepEqual(eventsOf(matched, 'HomeTotalsPosted')[0], {
    agreement: id, network: 'A', sequence: 1, claimed: 5_000, charged: 4_990, rated: 5_000,
    differing: [], outcome: { accepted: null },
  });
  assert.equal(eventsOf(matched, 'BatchAccepted').length, 1);

  // File 2: Bob counted 500 minutes and 25 XDR, 5 XDR short: voice MO and the charge differ
  // beyond 1 XDR, and a dispute of the shortfall opens at once (reason 65535).
  const differing = await submit(api, api.tx.roaming.postHomeTotals(id, home(2, 500, 2_500)), bob);
  assert.deepEqual(eventsOf(differing, 'HomeTotalsPosted')[0], {
    agreement: id, network: 'A', sequence: 2, claimed: 3_000, charged: 2_500, rated: 3_000,
    differing: [{ service: 'MocLocal' }, { charge: null }], outcome: { disputeOpened: { amount: 500 } },
  });
  const disputed = eventsOf(differing, 'BatchDisputed')[0];
  assert.deepEqual({ amount: disputed.amount, reason: disputed.reason }, { amount: 500, reason: 65_535 });

  // A second posting, a posting for a file that has not arrived and one naming another file are refused.
  await assert.rejects(submit(api, api.tx.roaming.postHomeTotals(id, home(2, 600, 3_000)), bob), /roaming\.AlreadyPosted/);
  await assert.rejects(submit(api, api.tx.roaming.postHomeTotals(id, home(3, 600, 3_000)), bob), /roaming\.UnknownBatch/);
  await submit(api, api.tx.roaming.submitBatch(id, report(3, period, 10, undefined, 'D2')), alice);
  await assert.rejects(
    submit(api, api.tx.roaming.postHomeTotals(id, { ...home(3, 10, 50), file: blake2AsHex('D2:1') }), bob),
    /roaming\.PostedFileMismatch/,
  );

  // The mismatch settles like any dispute: both propose 27.50 XDR.
  await submit(api, api.tx.roaming.proposeSettlement(id, 'A', 2, 2_750), bob);
  const settled = await submit(api, api.tx.roaming.proposeSettlement(id, 'A', 2, 2_750), alice);
  assert.deepEqual(eventsOf(settled, 'DisputeResolved')[0], { agreement: id, network: 'A', sequence: 2, value: 2_750, byArbiter: false });
});

// Runs telecom-cli against the test's node as `suri`, with `args`; resolves { code, stdout, stderr }.
const cli = (suri, args) => new Promise((resolve) => execFile(
  join(dirname(nodeBinary()), 'telecom-cli'),
  ['--url', `ws://127.0.0.1:${node.rpcPort}`, '--json', ...args],
  { timeout: 240_000, env: { ...process.env, TELECOM_SURI: suri } },
  (error, stdout, stderr) => resolve({ code: error ? (error.code ?? 1) : 0, stdout, stderr }),
));

test('a month of daily files posted by both billing teams with telecom-cli clears in the invoice currency', { timeout: 600_000 }, async () => {
  const period = lastMonth();
  const month = `${period.year}-${String(period.month).padStart(2, '0')}`;
  // Alice's ITAD3 carried Bob's subscribers all month; the agreement settles in XDR and invoices
  // in EUR at the usage month's rate. A dispute window of 20 blocks (2 minutes on the dev chain).
  await submit(api, api.tx.roaming.registerTadig('ITAD3'), alice);
  const window = 20;
  const tolerance = { basisPoints: 50, minimum: 100 };
  const terms = {
    validFrom: period, validTo: { year: period.year + 1, month: period.month }, currency: 'XDR',
    networkA: { tariff, discount: null, tolerance }, networkB: { tariff, discount: null, tolerance },
    disputeWindow: window, noticePeriods: 3, taxIncluded: false, document: h(0xc3),
    invoice: { currency: 'EUR', rateDate: 'UsagePeriod' },
  };
  const proposed = await submit(api, api.tx.roaming.proposeAgreement('ITAD3', 'FRAMC', terms), alice);
  const id = eventsOf(proposed, 'AgreementProposed')[0].agreement;
  await submit(api, api.tx.roaming.acceptAgreement(id), bob);
  // The council (sudo on the dev chain) publishes November's XDR → EUR rate: 1.2.
  await submit(api, api.tx.sudo.sudo(api.tx.roaming.setExchangeRate(period, 'XDR', 'EUR', { rate: 12, decimals: 1 })), alice);

  // One TAP file a day: file d carries 100 + d minutes of local calls, claimed at 0.05 XDR a minute.
  const days = 30;
  const minutes = (d) => 100 + d;
  const file = (d) => blake2AsHex(`ITAD3:${month}:${d}`);
  const header = 'sequence,period,records,moc_local_calls,moc_local_seconds,amount,currency,file';
  const line = (d, m, amount, hash = file(d)) => `${d},${month},${m},${m},${m * 60},${amount},XDR,${hash}`;
  const dir = mkdtempSync(join(tmpdir(), 'post-usage-'));
  try {
    const tapOut = join(dir, 'itad3-tapout.csv');
    writeFileSync(tapOut, [header, ...Array.from({ length: days }, (_, i) => line(i + 1, minutes(i + 1), minutes(i + 1) * 5))].join('\n'));
    const visited = await cli('//Alice', ['roaming', 'post-usage', '--agreement', String(id), '--side', 'visited', '--csv', tapOut]);
    assert.equal(visited.code, 0, visited.stderr);
    assert.deepEqual(JSON.parse(visited.stdout).posted, days);
    // A re-run posts nothing: every line is journaled.
    const again = JSON.parse((await cli('//Alice', ['roaming', 'post-usage', '--agreement', String(id), '--side', 'visited', '--csv', tapOut])).stdout);
    assert.deepEqual({ posted: again.posted, journaled: again.journaled }, { posted: 0, journaled: days });
    // The same TAP file sent again under the next number is refused by its hash.
    const resent = join(dir, 'itad3-resent.csv');
    writeFileSync(resent, [header, line(days + 1, 130, 650, file(days))].join('\n'));
    const duplicate = await cli('//Alice', ['roaming', 'post-usage', '--agreement', String(id), '--side', 'visited', '--csv', resent]);
    assert.notEqual(duplicate.code, 0);
    assert.match(duplicate.stderr, /DuplicateFile/);

    // Bob's TAP-in processing agrees on files 1–20 except 7 (60 minutes fewer) and 12 (50 fewer);
    // it posts nothing for 21–30, which its silence accepts when their windows end.
    const tapIn = join(dir, 'framc-tapin.csv');
    const homeMinutes = (d) => (d === 7 ? minutes(d) - 60 : d === 12 ? minutes(d) - 50 : minutes(d));
    writeFileSync(tapIn, [header, ...Array.from({ length: 20 }, (_, i) => line(i + 1, homeMinutes(i + 1), homeMinutes(i + 1) * 5))].join('\n'));
    const home = await cli('//Bob', ['roaming', 'post-usage', '--agreement', String(id), '--side', 'home', '--csv', tapIn]);
    assert.equal(home.code, 0, home.stderr);
    const posted = JSON.parse(home.stdout);
    assert.equal(posted.posted, 20);
    const disputedFiles = posted.events.filter((e) => /^(Event::)?BatchDisputed /.test(e)).map((e) => Number(/sequence: (\d+)/.exec(e)[1]));
    assert.deepEqual(disputedFiles.sort((x, y) => x - y), [7, 12], 'only the two mismatches open disputes');
    assert.equal(posted.events.filter((e) => /^(Event::)?BatchAccepted /.test(e)).length, 18);
    const batches = async () => (await api.rpc.roaming.batches(id, period)).toJSON().filter((b) => b.network === 'a');
    const status = (all, d) => all.find((b) => b.sequence === d).batch.status;
    assert.equal(String(status(await batches(), 7).disputed.amount), '300', 'the home side\'s shortfall is withheld');

    // File 7 settles by proposals at 4.00 XDR before its deadline.
    await submit(api, api.tx.roaming.proposeSettlement(id, 'A', 7, 400), bob);
    const agreed = await submit(api, api.tx.roaming.proposeSettlement(id, 'A', 7, 400), alice);
    assert.deepEqual(eventsOf(agreed, 'DisputeResolved')[0], { agreement: id, network: 'A', sequence: 7, value: 400, byArbiter: false });
    // File 12: Alice stands by her claim; after the resolution deadline Bob's counter-offer
    // escalates the dispute and the arbiter (council; sudo here) awards 4.50 XDR.
    await submit(api, api.tx.roaming.proposeSettlement(id, 'A', 12, minutes(12) * 5), alice);
    const opened = (await api.rpc.chain.getHeader()).number.toNumber();
    await waitFor('the resolution deadline of file 12', async () => (await api.rpc.chain.getHeader()).number.toNumber() > opened + window + 1, 300_000, 2_000);
    const counter = await submit(api, api.tx.roaming.proposeSettlement(id, 'A', 12, 310), bob);
    assert.equal(eventsOf(counter, 'DisputeEscalated').length, 1);
    const awarded = await submit(api, api.tx.sudo.sudo(api.tx.roaming.arbitrate(id, 'A', 12, 450)), alice);
    assert.deepEqual(eventsOf(awarded, 'DisputeResolved')[0], { agreement: id, network: 'A', sequence: 12, value: 450, byArbiter: true });

    // Every window has ended: the month closes, converted at 1.2 into one EUR obligation.
    const value = (d) => (d === 7 ? 400 : d === 12 ? 450 : minutes(d) * 5);
    const totalXdr = Array.from({ length: days }, (_, i) => value(i + 1)).reduce((a, b) => a + b, 0);
    const totalEur = Math.round(totalXdr * 1.2);
    const eur = async (who) => (await api.rpc.clearing.openPositions(who.address)).toJSON().find((p) => p.currency === 'EUR') ?? { payable: '0', receivable: '0' };
    const [bobBefore, aliceBefore] = [await eur(bob), await eur(alice)];
    const closed = await submit(api, api.tx.roaming.closePeriod(id, period), alice);
    const event = eventsOf(closed, 'PeriodClosed')[0];
    assert.deepEqual({ net: event.net, payer: event.payer, payee: event.payee }, { net: totalXdr, payer: bob.address, payee: alice.address });
    const statement = (await api.rpc.roaming.statement(id, period)).toJSON();
    assert.deepEqual(
      { currency: statement.invoice.currency, rate: statement.invoice.rate, ratePeriod: statement.invoice.ratePeriod, net: statement.invoice.net },
      { currency: 'EUR', rate: { rate: '12', decimals: 1 }, ratePeriod: period, net: String(totalEur) },
    );
    assert.equal(BigInt((await eur(bob)).payable) - BigInt(bobBefore.payable), BigInt(totalEur));
    assert.equal(BigInt((await eur(alice)).receivable) - BigInt(aliceBefore.receivable), BigInt(totalEur));

    // A file of the closed month that arrives late is booked into the current month.
    const late = join(dir, 'itad3-late.csv');
    writeFileSync(late, [header, line(days + 1, 5, 25)].join('\n'));
    const lateRun = await cli('//Alice', ['roaming', 'post-usage', '--agreement', String(id), '--side', 'visited', '--csv', late]);
    assert.equal(lateRun.code, 0, lateRun.stderr);
    assert.ok(JSON.parse(lateRun.stdout).events.some((e) => /^(Event::)?LateFileBooked /.test(e)), lateRun.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
