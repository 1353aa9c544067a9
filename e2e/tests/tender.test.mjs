// Tendering over JSON-RPC: Alice publishes a weighted tender for Bob, Charlie and Ferdie; all
// three commit sealed bids, Ferdie never reveals, Alice, Bob and Charlie draw a five-member panel
// from the dev expert registry by commit-reveal seeds (Ferdie, an expert who bids, is never
// drawn), the panel scores, the award survives the standstill, and every bond ends where it
// should.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { blake2AsU8a, xxhashAsHex } from '@polkadot/util-crypto';
import { stringToU8a, u8aToHex } from '@polkadot/util';
import { startDevNode, waitFor } from '../lib/node.mjs';
import { telecomRpc } from '@telecom-consortium/api';
import { submit } from '../lib/tx.mjs';

const UNIT = 1_000_000_000_000n;
const BOND = 100n * UNIT;
const h = (byte) => `0x${byte.toString(16).padStart(2, '0').repeat(32)}`;

let node;
let api;
let alice, bob, charlie, dave, eve, ferdie;
// The dev chain's expert registry (genesis): funded well-known accounts that are not operators.
let experts;

before(async () => {
  node = await startDevNode({ rpc: telecomRpc });
  api = node.api;
  const keyring = new Keyring({ type: 'sr25519' });
  [alice, bob, charlie, dave, eve, ferdie] = ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve', '//Ferdie']
    .map((uri) => keyring.addFromUri(uri));
  experts = ['//Eve', '//Ferdie', '//Alice//stash', '//Bob//stash', '//Charlie//stash', '//Dave//stash', '//Eve//stash']
    .map((uri) => keyring.addFromUri(uri));
});

after(async () => {
  await node?.stop();
});

const best = async () => (await api.rpc.chain.getHeader()).number.toNumber();
const untilBlock = (n) => waitFor(`block #${n}`, async () => (await best()) >= n, 120_000, 500);
const account = async (who) => (await api.query.system.account(who.address)).data;
const feePaid = (events, who) => events
  .filter(({ event }) => api.events.transactionPayment.TransactionFeePaid.is(event))
  .filter(({ event }) => event.data.who.toString() === who.address)
  .reduce((sum, { event }) => sum + event.data.actualFee.toBigInt(), 0n);

// The commitment the pallet checks: blake2_256(SCALE(tender, lot, (price, document), salt, bidder)).
function commitment(tender, lot, price, document, salt, bidder) {
  const encoded = api.createType('(u32, u8, (u128, H256), [u8; 32], AccountId32)',
    [tender, lot, [price, document], salt, bidder.address]).toU8a();
  return u8aToHex(blake2AsU8a(encoded, 256));
}

test('a sealed-bid tender is published, revealed, scored, awarded and concluded', { timeout: 420_000 }, async () => {
  // Dev-chain minimums of days are shortened through root, as the consortium may do on any chain.
  // SCALE (little-endian) bytes; `toHex()` of a number type would give big-endian digits.
  const u32 = (n) => u8aToHex(api.createType('u32', n).toU8a());
  await submit(api, api.tx.sudo.sudo(api.tx.system.setStorage([
    [xxhashAsHex(':TenderMinBidPeriod:', 128), u32(2)],
    [xxhashAsHex(':TenderMinRevealPeriod:', 128), u32(3)],
    [xxhashAsHex(':TenderAnswerCutoff:', 128), u32(1)],
    [xxhashAsHex(':TenderMinStandstill:', 128), u32(1)],
    [xxhashAsHex(':TenderSeedRevealPeriod:', 128), u32(2)],
  ])), alice);

  // Demo genesis data holds deposits of its own (Alice's open tender, Charlie's agreement …):
  // bonds and deposits are checked against what each account held before this tender.
  const heldBefore = new Map();
  for (const who of [alice, bob, charlie, ferdie]) heldBefore.set(who, (await account(who)).reserved.toBigInt());
  const held = async (who) => (await account(who)).reserved.toBigInt() - heldBefore.get(who);

  const registry = (await api.query.tender.experts()).map((e) => e.account.toString());
  assert.deepEqual(registry, experts.map((e) => e.address), 'the dev registry is the genesis one');

  const n = await best();
  const timetable = {
    clarificationDeadline: n + 4,
    bidDeadline: n + 8,
    technicalEnd: n + 16,
    revealEnd: n + 19,
    evaluationEnd: n + 22,
    standstillEnd: n + 24,
  };
  const published = await submit(api, api.tx.tender.publish(
    'Fibre backhaul, northern region', h(1), 1, 'EUR',
    { Invited: [bob.address, charlie.address, ferdie.address] },
    BOND, timetable,
    { Weighted: { priceWeight: 40 } },
    'Restricted',
  ), alice);
  const id = published.events.find(({ event }) => api.events.tender.Published.is(event)).event.data.tender.toNumber();

  // Sealed bids: Bob 1,000, Charlie 900, Ferdie 950 (never revealed).
  const bids = [
    { who: bob, price: 1000n, document: h(0xb0), salt: h(0x11) },
    { who: charlie, price: 900n, document: h(0xc0), salt: h(0x22) },
    { who: ferdie, price: 950n, document: h(0xf0), salt: h(0x33) },
  ];
  const content = ({ price, document }) => ({ price, document });
  await Promise.all(bids.map((b) => submit(api,
    api.tx.tender.commitBid(id, 0, commitment(id, 0, b.price, b.document, b.salt, b.who)), b.who)));
  for (const { who } of bids) {
    assert.equal(await held(who), BOND, 'the bond is held');
  }
  // The buyer and two bidders commit seeds for the panel draw before the bid deadline:
  // blake2_256(SCALE(tender, contributor, seed)).
  const contributors = [alice, bob, charlie];
  const seeds = new Map(contributors.map((who) => [who, u8aToHex(blake2AsU8a(`seed${who.address}${id}${Date.now()}`, 256))]));
  const seedCommitment = (who) => u8aToHex(blake2AsU8a(api.createType('(u32, AccountId32, [u8; 32])',
    [id, who.address, seeds.get(who)]).toU8a(), 256));
  await Promise.all(contributors.map((who) =>
    submit(api, api.tx.tender.commitDrawSeed(id, seedCommitment(who)), who)));
  const sealed = (await api.rpc.tender.tender(id)).toJSON();
  assert.deepEqual(sealed.bids.map((b) => b.status), ['sealed', 'sealed', 'sealed']);
  assert.ok(sealed.bids.every((b) => b.price === null), 'nothing but commitments is visible before the reveal');

  // A reveal before the bid deadline is refused.
  await assert.rejects(
    submit(api, api.tx.tender.revealBid(id, 0, content(bids[0]), bids[0].salt), bob),
    /tender\.NotRevealPeriod/,
  );

  // Two-envelope: after the bid deadline, before any price opens, every panel member seals its
  // technical scores (Bob 80, Charlie 60; Ferdie's bid is scored too and ignored if it stays
  // sealed).
  const scores = [[bob.address, 80], [charlie.address, 60], [ferdie.address, 70]];
  const scoreSalt = (member) => u8aToHex(blake2AsU8a(`scores${member.address}${id}`, 256));
  const sealedScores = (member) => u8aToHex(blake2AsU8a(api.createType(
    '(u32, u8, AccountId32, Vec<(AccountId32, u8)>, [u8; 32])',
    [id, 0, member.address, scores, scoreSalt(member)]).toU8a(), 256));
  await untilBlock(timetable.bidDeadline + 1);
  await Promise.all(contributors.map((who) =>
    submit(api, api.tx.tender.revealDrawSeed(id, seeds.get(who)), who)));
  // Anyone draws once the seed reveal period (two blocks here) is over.
  await untilBlock(timetable.bidDeadline + 3);
  const drawn = await submit(api, api.tx.tender.drawPanel(id), ferdie);
  const drawnPanel = drawn.events.find(({ event }) => api.events.tender.PanelDrawn.is(event)).event.data.panel
    .map((member) => member.toString());
  assert.equal(drawnPanel.length, 5);
  assert.ok(!drawnPanel.includes(ferdie.address), 'a bidder is never drawn');
  const panel = drawnPanel.map((address) => experts.find((e) => e.address === address));
  assert.deepEqual((await api.rpc.tender.tender(id)).toJSON().panel, drawnPanel);
  await Promise.all(panel.map((member) =>
    submit(api, api.tx.tender.commitScores(id, 0, sealedScores(member)), member)));
  // Prices stay closed through the technical envelope.
  await assert.rejects(
    submit(api, api.tx.tender.revealBid(id, 0, content(bids[0]), bids[0].salt), bob),
    /tender\.NotRevealPeriod/,
  );
  await untilBlock(timetable.technicalEnd + 1);
  await Promise.all(bids.slice(0, 2).map((b) =>
    submit(api, api.tx.tender.revealBid(id, 0, content(b), b.salt), b.who)));
  // A wrong salt never matches.
  await assert.rejects(
    submit(api, api.tx.tender.revealBid(id, 0, content(bids[2]), h(0x01)), ferdie),
    /tender\.CommitmentMismatch/,
  );

  // The panel opens its sealed scores: Bob 80, Charlie 60 from every member.
  await untilBlock(timetable.revealEnd + 1);
  await Promise.all(panel.map((member) =>
    submit(api, api.tx.tender.scoreBids(id, 0, scores, scoreSalt(member)), member)));

  // Every score is in: the buyer awards. Bob wins on 0.4 × 90 + 0.6 × 80 = 84 points against
  // Charlie's 0.4 × 100 + 0.6 × 60 = 76, though Charlie is cheaper; Ferdie's bond goes to the
  // treasury account, never to the buyer.
  const treasury = api.createType('AccountId32', stringToU8a('modlpy/trsry'.padEnd(32, '\0'))).toString();
  const treasuryBefore = (await api.query.system.account(treasury)).data.free.toBigInt();
  const aliceBefore = (await account(alice)).free.toBigInt();
  const ferdieBefore = await account(ferdie);
  const award = await submit(api, api.tx.tender.award(id), alice);
  const lot = award.events.find(({ event }) => api.events.tender.LotAwarded.is(event)).event.data;
  assert.equal(lot.winner.toString(), bob.address);
  assert.equal(lot.points.toString(), '84000000');
  const forfeit = award.events.find(({ event }) => api.events.tender.BondForfeited.is(event)).event.data;
  assert.equal(forfeit.bidder.toString(), ferdie.address);
  assert.equal(forfeit.to.toString(), treasury);
  const aliceAfter = (await account(alice)).free.toBigInt();
  assert.equal(aliceBefore - aliceAfter, feePaid(award.events, alice), 'the buyer gains nothing');
  const treasuryAfter = (await api.query.system.account(treasury)).data.free.toBigInt();
  assert.equal(treasuryAfter - treasuryBefore, BOND);
  const ferdieAfter = await account(ferdie);
  assert.equal(ferdieAfter.reserved.toBigInt(), heldBefore.get(ferdie));
  assert.equal(ferdieAfter.free.toBigInt(), ferdieBefore.free.toBigInt(), 'the forfeited bond does not come back');
  assert.equal(await held(charlie), 0n, "the loser's bond comes back at award");
  assert.equal(await held(bob), BOND, "the winner's bond stays held until conclusion");

  // Standstill: Charlie may not conclude; the buyer concludes once it has passed.
  const standstillEnd = (await api.rpc.tender.tender(id)).toJSON().timetable.standstillEnd;
  await assert.rejects(submit(api, api.tx.tender.conclude(id, h(0x20)), alice), /tender\.StandstillRunning/);
  await untilBlock(standstillEnd + 1);
  await submit(api, api.tx.tender.conclude(id, h(0x20)), alice);

  const final = (await api.rpc.tender.tender(id)).toJSON();
  assert.equal(final.status, 'concluded');
  assert.equal(final.contract, h(0x20));
  const statusOf = Object.fromEntries(final.bids.map((b) => [b.bidder, b.status]));
  assert.deepEqual(statusOf, {
    [bob.address]: 'winner', [charlie.address]: 'lost', [ferdie.address]: 'forfeited',
  });
  // Steps of one block may land in any order; the trail holds each of them once.
  assert.deepEqual(final.history.map((e) => e.step).sort(), [
    'published', 'bidCommitted', 'bidCommitted', 'bidCommitted', 'panelDrawn', 'bidRevealed', 'bidRevealed',
    'scored', 'scored', 'scored', 'scored', 'scored', 'awarded', 'concluded',
  ].sort());
  assert.equal(final.history[0].step, 'published');
  assert.equal(final.history.at(-1).step, 'concluded');
  for (const who of [bob, charlie]) {
    assert.equal(await held(who), 0n, 'bonds are released at conclusion');
  }
  assert.equal(await held(alice), 0n, 'the deposit is released');
  assert.deepEqual((await api.rpc.tender.bidsOf(bob.address)).toJSON(), [], 'no running bids remain');
});
