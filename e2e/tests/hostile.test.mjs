// Hostile input over JSON-RPC: malformed extrinsics, wrong signatures, stale and replayed nonces,
// oversized extrinsics, calls from accounts that are not operators, and every `Max*` bound that a
// single extrinsic can cross. Each is refused with an error that names the problem, and the state
// of our six pallets (every storage item, read from metadata) is exactly what it was before.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex, u8aConcat, compactToU8a } from '@polkadot/util';
import { startDevNode, waitFor } from '../lib/node.mjs';
import { telecomRpc } from '@telecom-consortium/api';
import { submit } from '../lib/tx.mjs';

const OUR_PALLETS = ['clearing', 'tender', 'roaming', 'deviceIdentity', 'spectrum', 'fiveGSharing'];
const BOND = 100n * 1_000_000_000_000n; // 100 UNIT, above the dev chain's minimum bid bond
const h = (byte) => `0x${byte.toString(16).padStart(2, '0').repeat(32)}`;

// Periods from January 2027: the first `count` months end at `monthsAfter(count)`.
const FROM = { year: 2027, month: 1 };
const monthsAfter = (count) => ({ year: 2027 + Math.floor((count - 1) / 12), month: ((count - 1) % 12) + 1 });
// IOT agreement terms over `periods` months from January 2027 with a dispute window in blocks.
const one = { price: 1, increment: 1, setupFee: 0, minimumCharge: 0 };
const tariff = { mocLocal: one, mocHome: one, mocInternational: one, mtc: one, smsMo: one, smsMt: one, data: one, volte: one, video: one };
const agreementTerms = (periods, disputeWindow) => ({
  validFrom: FROM, validTo: monthsAfter(periods), currency: 'XDR',
  networkA: { tariff, discount: null }, networkB: { tariff, discount: null },
  disputeWindow, noticePeriods: 3, taxIncluded: false, document: h(7), invoice: null,
});

let node;
let api;
let alice, bob, eve;

before(async () => {
  node = await startDevNode({ rpc: telecomRpc });
  api = node.api;
  const keyring = new Keyring({ type: 'sr25519' });
  [alice, bob, eve] = ['//Alice', '//Bob', '//Eve'].map((uri) => keyring.addFromUri(uri));
});

after(async () => {
  await node?.stop();
});

// Every storage item of our pallets (values, and every entry of maps) at the best block, plus the
// accounts given: the state a refused extrinsic must leave alone.
async function fingerprint(...accounts) {
  const hash = await api.rpc.chain.getBlockHash();
  const at = await api.at(hash);
  const state = {};
  for (const section of OUR_PALLETS) {
    for (const [name, query] of Object.entries(at.query[section])) {
      const value = query.creator.meta.type.isPlain
        ? (await query()).toHex()
        : (await query.entries()).map(([key, v]) => [key.toHex(), v.toHex()]).sort();
      state[`${section}.${name}`] = value;
    }
  }
  for (const who of accounts) state[who.address] = (await at.query.system.account(who.address)).toJSON();
  return state;
}

// Submits raw extrinsic bytes over plain JSON-RPC (no client-side decoding) and returns the
// node's error as "code: message data" (the test fails if the node accepts the bytes).
async function refused(extrinsic) {
  const response = await fetch(`http://127.0.0.1:${node.rpcPort}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'author_submitExtrinsic', params: [extrinsic] }),
  });
  const { result, error } = await response.json();
  assert.ok(error, `the node accepted ${result}`);
  return `${error.code}: ${error.message} ${JSON.stringify(error.data ?? '')}`;
}

// Bytes that are not an extrinsic of this runtime are refused before they reach the pool: the
// node cannot split them into an extrinsic (1040 "Could not decode"), or the runtime cannot
// decode them (1002 "Verification Error"; the node logs "Bad input data provided to
// validate_transaction: Codec error").
function assertUndecodable(message, what) {
  assert.match(message, /^(1040: Client error: Could not decode|1002: Verification Error)/, what);
  if (message.startsWith('1002')) {
    assert.match(node.log(), /Bad input data provided to validate_transaction: Codec error/, what);
  }
}

// Waits for the next block, so anything that was going to be included has been.
async function nextBlock() {
  const start = (await api.rpc.chain.getHeader()).number.toNumber();
  await waitFor(`block #${start + 1}`, async () => (await api.rpc.chain.getHeader()).number.toNumber() > start, 30_000, 250);
}

test('malformed extrinsics are refused as undecodable and change nothing', { timeout: 120_000 }, async () => {
  const before = await fingerprint(alice);
  const garbage = u8aToHex(u8aConcat(compactToU8a(200), new Uint8Array(200).fill(0xab)));
  assertUndecodable(await refused(garbage), 'garbage');
  assertUndecodable(await refused('0x04'), 'a length prefix with nothing behind it');
  // A valid signed transfer cut short by one byte.
  const transfer = await api.tx.balances.transferKeepAlive(bob.address, 1_000).signAsync(alice);
  const body = transfer.toU8a(true); // without the length prefix
  const truncated = u8aConcat(compactToU8a(body.length - 1), body.slice(0, -1));
  assertUndecodable(await refused(u8aToHex(truncated)), 'a truncated extrinsic');
  await nextBlock();
  assert.deepEqual(await fingerprint(alice), before);
});

test('wrong signatures are refused: a flipped bit, and a signature for another chain', { timeout: 120_000 }, async () => {
  const before = await fingerprint(alice);
  const tx = await api.tx.balances.transferKeepAlive(bob.address, 1_000).signAsync(alice);
  const signature = tx.signature.toU8a();
  const bytes = tx.toU8a();
  const at = bytes.findIndex((_, i) => signature.every((b, j) => bytes[i + j] === b));
  assert.ok(at > 0, 'the signature is in the encoding');
  const forged = bytes.slice();
  forged[at + 10] ^= 0x01;
  assert.match(await refused(u8aToHex(forged)), /bad signature/i);

  const otherChain = await api.tx.balances.transferKeepAlive(bob.address, 1_000)
    .signAsync(alice, { genesisHash: h(0x42), blockHash: h(0x42), era: 0 });
  assert.match(await refused(otherChain.toHex()), /bad signature/i);
  await nextBlock();
  assert.deepEqual(await fingerprint(alice), before);
});

test('stale and replayed nonces are refused', { timeout: 120_000 }, async () => {
  const first = api.tx.system.remark('0x01');
  await submit(api, first, alice);
  const nonce = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
  assert.ok(nonce >= 1);
  const before = await fingerprint(alice);
  const stale = await api.tx.balances.transferKeepAlive(bob.address, 1_000).signAsync(alice, { nonce: nonce - 1 });
  assert.match(await refused(stale.toHex()), /outdated/i);
  // The same extrinsic twice: the second copy is refused while the first waits in the pool.
  const once = await api.tx.system.remark('0x02').signAsync(alice, { nonce });
  await api.rpc.author.submitExtrinsic(once.toHex());
  assert.match(await refused(once.toHex()), /already imported|temporarily banned|priority is too low/i);
  await nextBlock();
  await nextBlock();
  // Once included, the replay is outdated, not executed again.
  assert.match(await refused(once.toHex()), /outdated|temporarily banned|already imported/i);
  const after = await fingerprint(alice);
  assert.equal(after[alice.address].nonce, nonce + 1, 'exactly one of the copies executed');
  for (const key of Object.keys(before).filter((k) => k !== alice.address)) {
    assert.deepEqual(after[key], before[key], key);
  }
});

test('extrinsics longer than a block may carry are refused', { timeout: 120_000 }, async () => {
  const before = await fingerprint(alice);
  const normalLength = api.consts.system.blockLength.max.normal.toNumber();
  const remark = await api.tx.system.remark(u8aToHex(new Uint8Array(normalLength + 1))).signAsync(alice);
  assert.match(await refused(remark.toHex()), /exhaust the block limits/i);
  await nextBlock();
  assert.deepEqual(await fingerprint(alice), before);
});

test('accounts that are not operators are refused by every business pallet', { timeout: 240_000 }, async () => {
  const before = await fingerprint();
  const timetable = { clarificationDeadline: 100_000, bidDeadline: 100_010, technicalEnd: 100_010, revealEnd: 100_020, evaluationEnd: 100_030, standstillEnd: 100_040 };
  const attempts = [
    [api.tx.clearing.submitBill(alice.address, 'EUR', 10, h(1), h(2)), /clearing\.NotParticipant/],
    [api.tx.clearing.forceCutOff(), /BadOrigin/],
    [api.tx.tender.publish('Backhaul', h(3), 1, 'EUR', 'Operators', 1_000, timetable, 'LowestPrice', 'Open'), /tender\.NotOperator/],
    [api.tx.roaming.proposeAgreement('DEUTC', 'FRAMC', agreementTerms(12, 600)), /roaming\.NotOperator/],
    [api.tx.deviceIdentity.activate(h(4)), /deviceIdentity\.NotOperator/],
    [api.tx.spectrum.placeBid(0, 1_000), /spectrum\.NotOperator/],
    [api.tx.fiveGSharing.proposeProject(1, 'Nr', 1_000, 'EUR', h(5), 5_000), /fiveGSharing\.NotOperator/],
    [api.tx.sudo.sudo(api.tx.clearing.admitParticipant(eve.address)), /sudo\.RequireSudo/],
  ];
  for (const [tx, error] of attempts) {
    const eveBefore = (await api.query.system.account(eve.address)).data;
    const failure = await submit(api, tx, eve).then(() => null, (e) => e);
    assert.ok(failure, `${tx.method.section}.${tx.method.method} from Eve must fail`);
    assert.match(failure.message, error);
    const eveAfter = (await api.query.system.account(eve.address)).data;
    assert.equal(eveAfter.reserved.toBigInt(), eveBefore.reserved.toBigInt(), 'nothing is held from Eve');
    assert.ok(eveBefore.free.toBigInt() - eveAfter.free.toBigInt() < 10n ** 12n, 'Eve only pays the fee');
  }
  assert.deepEqual(await fingerprint(), before);
});

// Every `Max*` constant that bounds an argument of one extrinsic: the bound itself gets through
// (the pool accepts the extrinsic; its dispatch may still fail on other grounds) and one more is
// refused — by the pool as undecodable for bounded lists, or by the call with the error named.
test('every per-extrinsic Max* bound holds exactly at its constant', { timeout: 420_000 }, async () => {
  const c = api.consts;
  const n = (value) => value.toNumber();
  const maxRecords = n(c.clearing.maxBatchRecords);
  const record = (i) => ({ payer: 0, payee: 1, currency: 'EUR', amount: 1, reference: i });
  const records = (count) => Array.from({ length: count }, (_, i) => record(i));
  const accounts = (count) => Array.from({ length: count }, (_, i) => new Keyring({ type: 'sr25519' }).addFromUri(`//Bound${i}`).address);
  const best = (await api.rpc.chain.getHeader()).number.toNumber();
  // The dev chain's minimums: a day's bid period (restricted procedure), questions closing six
  // days (86,400 blocks) before the bid deadline, six hours' reveal, ten days' standstill.
  const timetable = { clarificationDeadline: best + 10_000, bidDeadline: best + 100_000, technicalEnd: best + 102_000, revealEnd: best + 110_000, evaluationEnd: best + 120_000, standstillEnd: best + 270_000 };
  const publish = ({ title = 'Fibre', invited = 1 }) => api.tx.tender.publish(
    title, h(6), 1, 'EUR', { Invited: accounts(invited) }, BOND, timetable,
    { Weighted: { priceWeight: 50 } }, 'Restricted');
  const cells = (count) => Array.from({ length: count }, (_, i) => 613_300_001 + i);
  const window = { start: best + 10, end: best + 100 };
  const listBounds = [
    ['clearing.MaxBatchRecords', maxRecords, (k) => api.tx.clearing.submitBatch(records(k), 1)],
    ['tender.MaxTitleLen', n(c.tender.maxTitleLen), (k) => publish({ title: 'x'.repeat(k) })],
    ['tender.MaxInvited', n(c.tender.maxInvited), (k) => publish({ invited: k })],
    ['spectrum.MaxCells', n(c.spectrum.maxCells), (k) => api.tx.spectrum.acceptOffer(0, { low: 3_700_000_000, high: 3_710_000_000 }, cells(k), window)],
    ['spectrum.MaxHeartbeatBatch', n(c.spectrum.maxHeartbeatBatch), (k) => api.tx.spectrum.heartbeat(Array.from({ length: k }, (_, i) => 1_000_000 + i))],
  ];
  let nonce = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
  for (const [name, bound, build] of listBounds) {
    const before = await fingerprint(alice);
    const over = await build(bound + 1).signAsync(alice, { nonce });
    assertUndecodable(await refused(over.toHex()), `${name}: ${bound + 1} is undecodable`);
    await nextBlock();
    assert.deepEqual(await fingerprint(alice), before, `${name}: nothing changed`);
    const at = await build(bound).signAsync(alice, { nonce });
    await api.rpc.author.submitExtrinsic(at.toHex());
    nonce += 1;
    await waitFor(`${name}: ${bound} to be included`, async () =>
      (await api.query.system.account(alice.address)).nonce.toNumber() === nonce, 60_000, 500);
  }

  // Bounds the calls check themselves, refused with the named error (and the bound accepted).
  const maxPeriods = n(c.roaming.maxAgreementPeriods);
  const maxWindow = n(c.roaming.maxDisputeWindow);
  const maxPairs = n(c.clearing.maxBatchPairs);
  const maxLots = n(c.tender.maxLots);
  const maxLeasePeriods = n(c.fiveGSharing.maxLeasePeriods);
  const sla = { availability: 9_900, throughput: 10, penalty: 100 };
  const checked = [
    ['roaming.MaxAgreementPeriods', () => api.tx.roaming.proposeAgreement('FRAMC', 'DEUTC', agreementTerms(maxPeriods + 1, 600)), /roaming\.ValidityTooLong/, bob],
    ['roaming.MaxDisputeWindow', () => api.tx.roaming.proposeAgreement('FRAMC', 'DEUTC', agreementTerms(12, maxWindow + 1)), /roaming\.InvalidDisputeWindow/, bob],
    ['clearing.MaxBatchPairs', () => api.tx.clearing.submitBatch(records(1), maxPairs + 1), /clearing\.TooManyPairs/, bob],
    ['tender.MaxLots', () => api.tx.tender.publish('Lots', h(8), maxLots + 1, 'EUR', { Invited: [alice.address] }, BOND, timetable, 'LowestPrice', 'Restricted'), /tender\.InvalidLotCount/, bob],
    ['fiveGSharing.MaxLeasePeriods', () => api.tx.fiveGSharing.offerCapacity(0, 10, 1, FROM, monthsAfter(maxLeasePeriods + 1), sla), /fiveGSharing\.InvalidLeasePeriods/, alice],
  ];
  for (const [name, build, error, signer] of checked) {
    const before = await fingerprint();
    const failure = await submit(api, build(), signer).then(() => null, (e) => e);
    assert.ok(failure, `${name}: one past the bound must fail`);
    assert.match(failure.message, error, name);
    assert.deepEqual(await fingerprint(), before, `${name}: nothing changed`);
  }
  // At the bounds themselves the same calls succeed.
  await submit(api, api.tx.roaming.proposeAgreement('DEUTC', 'FRAMC', agreementTerms(maxPeriods, maxWindow)), alice);
  await submit(api, api.tx.tender.publish('Lots', h(8), maxLots, 'EUR', { Invited: [alice.address] }, BOND, timetable, 'LowestPrice', 'Restricted'), bob);
  await submit(api, api.tx.fiveGSharing.offerCapacity(0, 10, 1, FROM, monthsAfter(maxLeasePeriods), sla), alice);
});
