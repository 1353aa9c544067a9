// Tendering over JSON-RPC: Alice publishes a weighted tender for Bob, Charlie and Ferdie; all
// three commit sealed bids, Ferdie never reveals, Alice, Bob and Charlie draw a five-member panel
// from the dev expert registry by commit-reveal seeds (Ferdie, an expert who bids, is never
// drawn), the panel scores, the award survives the standstill, and every bond ends where it
// should. A second story (issue #23's acceptance) censors a reveal for most of the minimum reveal
// window, has a challenge decided by the review body without the buyer's or the winner's vote,
// and returns every bond without the buyer concluding.
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

// Issue #23's acceptance story. The reveal window cannot be shorter than the runtime's minimum;
// Grace's reveal is signed and sent in the block before prices open but kept out of blocks (a nonce gap holds it
// in the pool, as a censoring author would) for five of the window's eight blocks, and still
// lands in time; Ferdie, who lost, challenges, and the review body decides without the buyer's
// (or the winner's) vote; the losers' bonds come back at award, the challenger's once the tender
// ends, and when the buyer sits on the award a losing bidder closes it after the conclusion
// period: every bond comes back and the buyer's deposit goes to the treasury.
test('issue #23: a censored reveal lands in the minimum window, the review body decides without the buyer, bonds come back without the buyer', { timeout: 720_000 }, async (t) => {
  const keyring = new Keyring({ type: 'sr25519' });
  const grace = keyring.addFromUri('//Grace');
  const treasury = api.createType('AccountId32', stringToU8a('modlpy/trsry'.padEnd(32, '\0'))).toString();
  const u32 = (n) => u8aToHex(api.createType('u32', n).toU8a());
  const param = (name) => xxhashAsHex(`:${name}:`, 128);

  // Every extrinsic goes through `send`, which keeps what each signer paid in fees (failed calls
  // pay too) so that balances can be checked to the unit.
  const fees = new Map();
  const paid = (who) => fees.get(who.address) ?? 0n;
  const send = (tx, signer, options = {}) => new Promise((resolve, reject) => {
    let unsubscribe;
    let done = false;
    tx.signAndSend(signer, options, ({ status, events, dispatchError }) => {
      if (!done && (status.isInvalid || status.isDropped || status.isUsurped)) {
        done = true;
        unsubscribe?.();
        reject(new Error(`${tx.method.section}.${tx.method.method}: ${status.type}`));
        return;
      }
      if (done || !status.isInBlock) return;
      done = true;
      unsubscribe?.();
      fees.set(signer.address, paid(signer) + feePaid(events, signer));
      let error = null;
      if (dispatchError) {
        error = dispatchError.isModule
          ? (({ section, name }) => `${section}.${name}`)(api.registry.findMetaError(dispatchError.asModule))
          : dispatchError.toString();
      }
      resolve({ blockHash: status.asInBlock, events, error });
    }).then((u) => { unsubscribe = u; if (done) u(); }).catch(reject);
  });
  const ok = async (tx, signer, options) => {
    const result = await send(tx, signer, options);
    assert.equal(result.error, null, `${tx.method.section}.${tx.method.method} succeeds`);
    return result;
  };
  const refused = async (tx, signer, error) => {
    const { error: got } = await send(tx, signer);
    assert.equal(got, error, `${tx.method.section}.${tx.method.method} by ${signer.address} is refused`);
  };
  const event = (result, name) => result.events.find(({ event: e }) => api.events.tender[name].is(e))?.event.data;
  const events = (result, name) => result.events.filter(({ event: e }) => api.events.tender[name].is(e))
    .map(({ event: e }) => e.data);
  const sudo = async (call) => {
    const result = await ok(api.tx.sudo.sudo(call), alice);
    const sudid = result.events.find(({ event: e }) => api.events.sudo.Sudid.is(e)).event.data;
    assert.ok(sudid.sudoResult.isOk, 'the root call succeeds');
  };
  const bondHeld = async (who) => (await api.query.balances.holds(who.address))
    .filter(({ id }) => id.isTender && id.asTender.isBidBond)
    .reduce((sum, { amount }) => sum + amount.toBigInt(), 0n);
  const total = async (who) => {
    const { free, reserved } = await account(who);
    return free.toBigInt() + reserved.toBigInt();
  };
  const tenderAt = async (id, at) => (await (at ? api.rpc.tender.tender(id, at) : api.rpc.tender.tender(id))).toJSON();
  const bidOf = (view, who) => view.bids.find((b) => b.bidder === who.address);

  // Grace is no operator and holds nothing yet: Dave funds her so that she can bid by invitation.
  await ok(api.tx.balances.transferKeepAlive(grace.address, 1_000n * UNIT), dave);

  // The runtime's minimum reveal window is six hours of blocks. Restore the runtime default (an
  // earlier story may have shortened it) and show that a window one block shorter is refused.
  await sudo(api.tx.system.killStorage([param('TenderMinRevealPeriod')]));
  assert.ok((await api.rpc.state.getStorage(param('TenderMinRevealPeriod'))).isEmpty, 'the runtime default applies');
  const defaultMinReveal = api.consts.tender.minRevealPeriod.toNumber();
  assert.equal(defaultMinReveal, 6 * 600, 'six hours of six-second blocks');
  // Every other period a dev chain can shorten (through root, as the consortium may on any chain).
  const MIN_REVEAL = 8;
  const SEED_REVEAL = 3;
  const CONCLUDE_PERIOD = 8;
  await sudo(api.tx.system.setStorage([
    [param('TenderMinBidPeriod'), u32(2)],
    [param('TenderAnswerCutoff'), u32(1)],
    [param('TenderMinStandstill'), u32(4)],
    [param('TenderSeedRevealPeriod'), u32(SEED_REVEAL)],
    [param('TenderConcludePeriod'), u32(CONCLUDE_PERIOD)],
  ]));

  const invited = { Invited: [bob.address, ferdie.address, grace.address] };
  const method = { Weighted: { priceWeight: 40 } };
  const notice = (timetable) => api.tx.tender.publish(
    'Microwave backhaul, coastal sites', h(2), 1, 'EUR', invited, BOND, timetable, method, 'Restricted');
  const timetableFrom = (n, revealWindow) => {
    const technicalEnd = n + 20;
    const revealEnd = technicalEnd + revealWindow;
    return {
      clarificationDeadline: n + 4,
      bidDeadline: n + 10,
      technicalEnd,
      revealEnd,
      evaluationEnd: revealEnd + 5,
      standstillEnd: revealEnd + 6,
    };
  };
  await refused(notice(timetableFrom(await best(), defaultMinReveal - 1)), alice, 'tender.RevealPeriodTooShort');
  // The dev chain shortens the minimum to eight blocks; the same rule holds against it.
  await sudo(api.tx.system.setStorage([[param('TenderMinRevealPeriod'), u32(MIN_REVEAL)]]));
  await refused(notice(timetableFrom(await best(), MIN_REVEAL - 1)), alice, 'tender.RevealPeriodTooShort');

  // Holds and balances before the story; demo genesis data holds deposits of its own.
  const parties = [alice, bob, ferdie, grace];
  const before = new Map();
  for (const who of parties) {
    before.set(who, { total: await total(who), reserved: (await account(who)).reserved.toBigInt(), fees: paid(who) });
    assert.equal(await bondHeld(who), 0n, 'no bond held before the story');
  }
  const held = async (who) => (await account(who)).reserved.toBigInt() - before.get(who).reserved;
  const treasuryBefore = (await api.query.system.account(treasury)).data.free.toBigInt();
  const deposit = api.consts.tender.tenderDeposit.toBigInt();
  const seedDeposit = api.consts.tender.drawSeedDeposit.toBigInt();

  // A window of exactly the minimum is accepted.
  const timetable = timetableFrom(await best(), MIN_REVEAL);
  const published = await ok(notice(timetable), alice);
  const id = event(published, 'Published').tender.toNumber();
  assert.equal(timetable.revealEnd - timetable.technicalEnd, MIN_REVEAL);
  assert.equal(await held(alice), deposit, "the buyer's deposit is held");

  // Sealed bids: Bob 900 (technically best), Grace 1,000, Ferdie 950.
  const bids = new Map([
    [bob, { price: 900n, document: h(0xb1), salt: h(0x41), technical: 80 }],
    [grace, { price: 1000n, document: h(0x61), salt: h(0x42), technical: 75 }],
    [ferdie, { price: 950n, document: h(0xf1), salt: h(0x43), technical: 70 }],
  ]);
  const content = (who) => ({ price: bids.get(who).price, document: bids.get(who).document });
  await Promise.all([...bids].map(([who, b]) =>
    ok(api.tx.tender.commitBid(id, 0, commitment(id, 0, b.price, b.document, b.salt, who)), who)));
  for (const who of bids.keys()) {
    assert.equal(await bondHeld(who), BOND, 'the bond is held');
  }

  // The buyer and two bidders commit seeds to the panel draw and reveal them after the deadline.
  const contributors = [alice, bob, ferdie];
  const seeds = new Map(contributors.map((who) => [who, u8aToHex(blake2AsU8a(`i23${who.address}${id}${Date.now()}`, 256))]));
  const seedCommitment = (who) => u8aToHex(blake2AsU8a(api.createType('(u32, AccountId32, [u8; 32])',
    [id, who.address, seeds.get(who)]).toU8a(), 256));
  await Promise.all(contributors.map((who) => ok(api.tx.tender.commitDrawSeed(id, seedCommitment(who)), who)));
  assert.equal(await held(alice), deposit + seedDeposit);
  await untilBlock(timetable.bidDeadline + 1);
  await Promise.all(contributors.map((who) => ok(api.tx.tender.revealDrawSeed(id, seeds.get(who)), who)));
  for (const who of contributors) {
    assert.equal(await held(who), who === alice ? deposit : BOND, 'a revealed seed releases its deposit');
  }

  // Five of the six eligible experts are drawn (Ferdie, an expert who bids, is not eligible).
  await untilBlock(timetable.bidDeadline + SEED_REVEAL + 1);
  const drawn = await ok(api.tx.tender.drawPanel(id), grace);
  const panelAddresses = event(drawn, 'PanelDrawn').panel.map((m) => m.toString());
  const eligible = experts.filter((e) => e.address !== ferdie.address).map((e) => e.address);
  assert.equal(panelAddresses.length, 5);
  assert.equal(new Set(panelAddresses).size, 5);
  assert.ok(panelAddresses.every((m) => eligible.includes(m)), 'drawn from the registry, never a bidder');
  assert.deepEqual((await api.query.tender.panelDraws(id)).unwrap().pool.map((m) => m.toString()).sort(),
    eligible.sort(), 'the frozen pool: the registry without the bidders');
  const panel = panelAddresses.map((address) => experts.find((e) => e.address === address));

  // First envelope: the panel seals its technical scores before any price opens.
  const scores = [...bids].map(([who, b]) => [who.address, b.technical]);
  const scoreSalt = (member) => u8aToHex(blake2AsU8a(`i23scores${member.address}${id}`, 256));
  const sealedScores = (member) => u8aToHex(blake2AsU8a(api.createType(
    '(u32, u8, AccountId32, Vec<(AccountId32, u8)>, [u8; 32])',
    [id, 0, member.address, scores, scoreSalt(member)]).toU8a(), 256));
  await Promise.all(panel.map((member) => ok(api.tx.tender.commitScores(id, 0, sealedScores(member)), member)));

  // Second envelope: prices open. Bob and Ferdie reveal at once. Grace signs her reveal and sends
  // it too, but with the nonce after her next one: the node keeps it out of every block until the
  // gap is filled, as a block author censoring her would.
  await untilBlock(timetable.technicalEnd);
  const graceNonce = (await api.rpc.system.accountNextIndex(grace.address)).toNumber();
  const censored = send(api.tx.tender.revealBid(id, 0, content(grace), bids.get(grace).salt), grace,
    { nonce: graceNonce + 1 });
  await untilBlock(timetable.technicalEnd + 1);
  await Promise.all([bob, ferdie].map((who) =>
    ok(api.tx.tender.revealBid(id, 0, content(who), bids.get(who).salt), who)));
  const CENSORED_BLOCKS = 5;
  await untilBlock(timetable.technicalEnd + CENSORED_BLOCKS);
  for (let n = timetable.technicalEnd + 1; n <= timetable.technicalEnd + CENSORED_BLOCKS; n += 1) {
    const view = await tenderAt(id, await api.rpc.chain.getBlockHash(n));
    assert.equal(bidOf(view, grace).status, 'sealed', `block #${n}: Grace's reveal is held out`);
  }
  assert.equal(bidOf(await tenderAt(id), bob).status, 'revealed', 'the others reveal meanwhile');
  assert.equal(bidOf(await tenderAt(id), ferdie).status, 'revealed');
  assert.equal((await api.query.system.account(grace.address)).nonce.toNumber(), graceNonce,
    'nothing of Grace landed while censored');
  // The censorship ends with blocks of the minimum window to spare: the reveal lands in time.
  await ok(api.tx.system.remark('0x23'), grace, { nonce: graceNonce });
  const landed = await censored;
  assert.equal(landed.error, null, "Grace's late reveal succeeds");
  const landedAt = (await api.rpc.chain.getHeader(landed.blockHash)).number.toNumber();
  assert.ok(landedAt > timetable.technicalEnd + CENSORED_BLOCKS && landedAt <= timetable.revealEnd,
    `the reveal lands at #${landedAt}, after ${CENSORED_BLOCKS} censored blocks and within the window ending #${timetable.revealEnd}`);
  t.diagnostic(`reveal window #${timetable.technicalEnd + 1}–#${timetable.revealEnd}; Grace's reveal held out of `
    + `#${timetable.technicalEnd + 1}–#${timetable.technicalEnd + CENSORED_BLOCKS}, landed at #${landedAt}`);
  const revealed = event(landed, 'BidRevealed');
  assert.equal(revealed.bidder.toString(), grace.address);
  assert.equal(revealed.valid.isTrue, true);
  assert.equal(revealed.content.price.toBigInt(), 1000n);
  assert.equal(await bondHeld(grace), BOND, 'a revealed bond is not forfeited');

  // Evaluation: the panel opens its scores; the buyer awards. Bob 0.4 × 100 + 0.6 × 80 = 88,
  // Grace 0.4 × 90 + 0.6 × 75 = 81, Ferdie 0.4 × 94.736842 + 0.6 × 70 = 79.894736 (rounded down).
  await untilBlock(timetable.revealEnd + 1);
  await Promise.all(panel.map((member) => ok(api.tx.tender.scoreBids(id, 0, scores, scoreSalt(member)), member)));
  const award = await ok(api.tx.tender.award(id), alice);
  const lot = event(award, 'LotAwarded');
  assert.equal(lot.winner.toString(), bob.address);
  assert.equal(lot.points.toString(), '88000000');
  assert.deepEqual(events(award, 'BondForfeited'), [], 'every bid was revealed: nothing forfeits');
  // Losers' bonds come back at the award itself, without the buyer concluding.
  const released = events(award, 'BondReleased').map((e) => [e.bidder.toString(), e.amount.toBigInt()]).sort();
  assert.deepEqual(released, [[ferdie.address, BOND], [grace.address, BOND]].sort());
  assert.equal(await bondHeld(grace), 0n);
  assert.equal(await bondHeld(ferdie), 0n);
  assert.equal(await bondHeld(bob), BOND, "the winner's bond stays held");
  const awarded = await tenderAt(id);
  assert.deepEqual(Object.fromEntries(awarded.bids.map((b) => [b.bidder, [b.status, b.points, b.bond]])), {
    [bob.address]: ['winner', '88000000', BOND.toString()],
    [grace.address]: ['lost', '81000000', '0'],
    [ferdie.address]: ['lost', '79894736', '0'],
  });
  const standstillEnd = event(award, 'Awarded').standstillEnd.toNumber();
  assert.equal(awarded.timetable.standstillEnd, standstillEnd);

  // Ferdie challenges: his bond is held again and the award is suspended.
  const challenged = await ok(api.tx.tender.challenge(id, h(0xfe)), ferdie);
  assert.equal(event(challenged, 'Challenged').bidder.toString(), ferdie.address);
  assert.equal(await bondHeld(ferdie), BOND, "the challenger's bond is held again");
  await refused(api.tx.tender.conclude(id, h(0x21)), alice, 'tender.StandstillRunning');

  // The review body is the operators, Alice, Bob, Charlie and Dave. Alice bought and Bob won:
  // their votes are refused; Ferdie is no member. Charlie and Dave decide, by a strict majority
  // of two.
  await Promise.all([
    refused(api.tx.tender.decideChallenge(id, ferdie.address, false), alice, 'tender.InterestedReviewer'),
    refused(api.tx.tender.decideChallenge(id, ferdie.address, false), bob, 'tender.InterestedReviewer'),
    refused(api.tx.tender.decideChallenge(id, ferdie.address, true), ferdie, 'tender.NotReviewer'),
  ]);
  const first = await ok(api.tx.tender.decideChallenge(id, ferdie.address, false), dave);
  const vote = event(first, 'ChallengeVoted');
  assert.equal(vote.member.toString(), dave.address);
  assert.equal(vote.uphold.isFalse, true);
  assert.equal(event(first, 'ChallengeRejected'), undefined, 'one vote of two is no majority');
  assert.deepEqual((await api.query.tender.challengeVotes(id, ferdie.address)).map(([m, u]) => [m.toString(), u.isTrue]),
    [[dave.address, false]], 'only a disinterested vote is counted');
  assert.equal((await tenderAt(id)).openChallenges, 1);
  // While the challenge is pending the buyer cannot conclude, even after the standstill.
  await untilBlock(standstillEnd + 1);
  await refused(api.tx.tender.conclude(id, h(0x21)), alice, 'tender.ChallengePending');
  const decided = await ok(api.tx.tender.decideChallenge(id, ferdie.address, false), charlie);
  assert.equal(event(decided, 'ChallengeRejected').bidder.toString(), ferdie.address);
  const reviewed = await tenderAt(id);
  assert.equal(reviewed.status, 'awarded', 'the award stands');
  assert.deepEqual(reviewed.challenges.map((c) => [c.bidder, c.status]), [[ferdie.address, 'rejected']]);
  assert.deepEqual(reviewed.history.filter((e) => e.step === 'challengeDecided').map((e) => [e.account, e.detail]),
    [[ferdie.address, 'rejected']]);
  assert.equal(await bondHeld(ferdie), BOND, "the challenger's bond waits for the tender's end");

  // The buyer sits on the award. Nobody else may close it within the conclusion period …
  await refused(api.tx.tender.conclude(id, h(0x21)), grace, 'tender.NotBuyer');
  // … and after it anyone may: Grace, a losing bidder, closes it; every bond comes back and the
  // buyer's deposit goes to the treasury.
  await untilBlock(standstillEnd + CONCLUDE_PERIOD + 1);
  const lapsed = await ok(api.tx.tender.conclude(id, h(0x21)), grace);
  const lapse = event(lapsed, 'Lapsed');
  assert.equal(lapse.by.toString(), grace.address);
  assert.equal(lapse.to.toString(), treasury);
  assert.equal(lapse.deposit.toBigInt(), deposit);
  assert.equal(event(lapsed, 'Concluded'), undefined, 'no contract is recorded');
  const final = await tenderAt(id);
  assert.equal(final.status, 'cancelled');
  assert.equal(final.contract, null);
  assert.equal(final.history.at(-1).step, 'lapsed');
  assert.deepEqual(final.history.map((e) => e.step).sort(), [
    'published', 'bidCommitted', 'bidCommitted', 'bidCommitted', 'panelDrawn',
    'bidRevealed', 'bidRevealed', 'bidRevealed', 'scored', 'scored', 'scored', 'scored', 'scored',
    'awarded', 'challenged', 'challengeDecided', 'lapsed',
  ].sort());

  // Every bidder holds nothing and lost nothing but fees; the buyer lost its deposit and gained
  // nothing; the treasury received exactly that deposit.
  for (const who of [bob, ferdie, grace]) {
    assert.equal(await bondHeld(who), 0n, 'no bond remains');
    assert.equal(await held(who), 0n, 'nothing else is held');
    assert.equal(await total(who), before.get(who).total - (paid(who) - before.get(who).fees),
      'the bidder paid fees only');
    assert.deepEqual((await api.rpc.tender.bidsOf(who.address)).toJSON(), [], 'no running bids remain');
  }
  assert.equal(await held(alice), 0n);
  assert.equal(await total(alice), before.get(alice).total - deposit - (paid(alice) - before.get(alice).fees),
    'the buyer lost its deposit and fees, and gained nothing');
  assert.equal((await api.query.system.account(treasury)).data.free.toBigInt() - treasuryBefore, deposit);
});
