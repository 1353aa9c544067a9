// Spectrum leasing over JSON-RPC: the regulator (root on the dev chain) licenses 3,550–3,600 MHz
// to Alice; she auctions a 20 MHz slice; Bob and Charlie bid; Charlie's winning grant names his
// radio and heartbeats into service; Ferdie, appointed a regulator account, declares an
// incumbent radar alone, which suspends the grant until the radar stops; the lease is billed
// into clearing pro rata. A radio registered in device identity (a P-256 key from its secure
// element) is named on Bob's grant and keeps it active with heartbeats it signs itself, relayed
// by Eve; a replayed heartbeat, and any from the radio once suspended, are refused. An auction
// its lessor never closes ends all the same: after its window anyone closes it and every
// bidder's holds come back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign as signWith } from 'node:crypto';
import { Keyring } from '@polkadot/keyring';
import { u8aConcat, u8aToHex, stringToU8a, hexToU8a, numberToU8a } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import { startDevNode, waitFor } from '../lib/node.mjs';
import { telecomRpc } from '@telecom-consortium/api';
import { submit } from '../lib/tx.mjs';

const MHZ = 1_000_000;
let node;
let api;
let alice, bob, charlie, dave, eve, ferdie, daveAttestation;

before(async () => {
  node = await startDevNode({ rpc: telecomRpc });
  api = node.api;
  const keyring = new Keyring({ type: 'sr25519' });
  [alice, bob, charlie, dave, eve, ferdie] = ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve', '//Ferdie']
    .map((uri) => keyring.addFromUri(uri));
  // Dave, the dev chain's radio maker, attests with his ed25519 dev key.
  daveAttestation = new Keyring({ type: 'ed25519' }).addFromUri('//Dave');
});

// A radio unit with a P-256 key from its secure element, attested by Dave's factory, handed to
// `owner`, who takes it into service. Returns its device id and its ES256 signer.
let serials = 0;
async function radioFor(owner) {
  const genesis = api.genesisHash.toHex();
  serials += 1;
  const serial = `SN-CBSD-E2E-${process.pid}-${serials}`;
  const device = blake2AsHex(u8aConcat(stringToU8a('tcc/device/ident'), hexToU8a(`0x${'da'.repeat(32)}`), stringToU8a(serial)));
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { x, y } = publicKey.export({ format: 'jwk' });
  const key = u8aToHex(u8aConcat([Buffer.from(y, 'base64url')[31] & 1 ? 0x03 : 0x02], Buffer.from(x, 'base64url')));
  const sign = (message) => u8aToHex(signWith('sha256', message, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
  const attestation = u8aConcat(stringToU8a('tcc/device/attst'), hexToU8a(genesis), hexToU8a(device), [3], hexToU8a(key));
  const possession = u8aConcat(stringToU8a('tcc/device/possn'), hexToU8a(genesis), hexToU8a(device), numberToU8a(0, 32).reverse());
  await submit(api, api.tx.deviceIdentity.registerDevice({
    device, key: { P256: key }, model: 'CBSD cat. B n48', batch: '2026-W49', firmware: '1.0.0',
    attestationKey: 0,
    attestation: { Ed25519: u8aToHex(daveAttestation.sign(attestation)) },
    possession: { P256: sign(possession) },
  }), dave);
  await submit(api, api.tx.deviceIdentity.transferCustody(device, owner.address, null), dave);
  await submit(api, api.tx.deviceIdentity.activate(device), owner);
  return { device, sign };
}

// The bytes a grant's radio signs: SCALE of (16-byte tag, genesis hash, grant u64, device, block u32).
const heartbeatPayload = (grant, device, at) => api.createType('([u8;16], Hash, u64, H256, u32)',
  [Array.from(stringToU8a('tcc/spectrum/hb1')), api.genesisHash, grant, device, at]).toU8a();

after(async () => {
  await node?.stop();
});

const best = async () => (await api.rpc.chain.getHeader()).number.toNumber();
const grantState = async (id) => (await api.rpc.spectrum.grant(id)).toJSON().state;
const eventData = (result, name) => result.events.find(({ event }) => api.events.spectrum[name].is(event)).event.data;

test('a licensed band is auctioned, granted, protected from an incumbent and billed', { timeout: 300_000 }, async () => {
  const n = await best();
  const cells = [613_200_001, 613_200_002, 613_200_003]; // H3-style cell ids of one city
  const range = { low: 3_550 * MHZ, high: 3_600 * MHZ };
  const licensed = await submit(api, api.tx.sudo.sudo(api.tx.spectrum.registerLicence(
    alice.address, range, cells, { start: n, end: n + 100_000 }, 30, 'Priority')), alice);
  const licence = eventData(licensed, 'LicenceRegistered').licence.toNumber();

  const slice = { low: 3_560 * MHZ, high: 3_580 * MHZ };
  const closesAt = n + 6;
  const offered = await submit(api, api.tx.spectrum.createOffer(
    licence, slice, cells.slice(0, 2), { start: n, end: n + 50_000 }, { Fixed: 0 }, 'EUR', 100,
    `0x${'5a'.repeat(32)}`, { Auction: { closesAt, reserve: 50_000 } }), alice);
  const offer = eventData(offered, 'OfferCreated').offer.toNumber();

  await submit(api, api.tx.spectrum.placeBid(offer, 60_000), bob);
  await assert.rejects(submit(api, api.tx.spectrum.placeBid(offer, 60_000), charlie), /spectrum\.BidTooLow/);
  await submit(api, api.tx.spectrum.placeBid(offer, 75_000), charlie);

  await waitFor('bidding to close', async () => (await best()) > closesAt, 90_000, 500);
  const closed = await submit(api, api.tx.spectrum.closeAuction(offer), bob);
  const grant = eventData(closed, 'Granted').grant.toNumber();
  const record = (await api.rpc.spectrum.grant(grant)).toJSON();
  assert.equal(record.lessee, charlie.address);
  assert.equal(record.pricing, 'fixed');
  assert.equal(record.price, '75000');
  assert.equal(record.state, 'granted');

  // The slice is taken for a priority lease; the licence's third cell is free.
  const taken = (await api.rpc.spectrum.freeSpectrum(slice.low, slice.high, [cells[1]], record.start, record.start + 10)).toJSON();
  assert.deepEqual(taken, { free: false, blockingGrants: [grant] });
  const free = (await api.rpc.spectrum.freeSpectrum(slice.low, slice.high, [cells[2]], record.start, record.start + 10)).toJSON();
  assert.deepEqual(free, { free: true, blockingGrants: [] });

  // A grant is renewed only once it names its radio (in Charlie's custody, at most the licence's EIRP).
  await assert.rejects(submit(api, api.tx.spectrum.heartbeat([grant]), charlie), /spectrum\.NoRadio/);
  const { device } = await radioFor(charlie);
  await submit(api, api.tx.spectrum.assignRadio(grant, device, 30, 25), charlie);
  await submit(api, api.tx.spectrum.heartbeat([grant]), charlie);
  assert.equal(await grantState(grant), 'active');

  // Governance appoints Ferdie a regulator account; he declares incumbents alone, no vote.
  await submit(api, api.tx.sudo.sudo(api.tx.spectrum.setRegulators([ferdie.address])), alice);
  // A naval radar appears over the first cell: the grant is suspended by the sweep.
  const radarEnd = (await best()) + 8;
  await submit(api, api.tx.spectrum.declareIncumbent(
    { low: 3_570 * MHZ, high: 3_590 * MHZ }, [cells[0]], radarEnd), ferdie);
  await waitFor('suspension', async () => (await grantState(grant)) === 'suspendedIncumbent', 60_000, 500);
  // Heartbeats cannot lift it while the radar is active.
  await submit(api, api.tx.spectrum.heartbeat([grant]), charlie);
  assert.equal(await grantState(grant), 'suspendedIncumbent');
  await waitFor('resumption', async () => (await grantState(grant)) === 'active', 90_000, 500);
  const steps = (await api.rpc.spectrum.grant(grant)).toJSON().history.map((s) => s.state);
  assert.deepEqual(steps, ['granted', 'active', 'suspendedIncumbent', 'active']);

  // Billing: the auction price accrues pro rata over the lease, radar time excluded, and goes
  // to clearing, Charlie → Alice, in EUR.
  const billed = await submit(api, api.tx.spectrum.bill(grant), bob);
  const amount = eventData(billed, 'Billed').amount.toBigInt();
  assert.ok(amount > 0n && amount < 75_000n, `a pro-rata share of the price so far: ${amount}`);
  const eur = async (who) => (await api.rpc.clearing.openPositions(who.address)).toJSON().find((p) => p.currency === 'EUR');
  assert.equal((await eur(charlie)).payable, amount.toString());
  assert.equal((await eur(alice)).receivable, amount.toString());
  const mine = (await api.rpc.spectrum.grantsOf(charlie.address)).toJSON();
  assert.deepEqual(mine.map((g) => [g.id, g.billed]), [[grant, amount.toString()]]);
});

test('a radio registered in device identity keeps its grant active with P-256 heartbeats it signs; replays are refused', { timeout: 300_000 }, async () => {
  const n = await best();
  const cells = [613_400_001, 613_400_002];
  const licensed = await submit(api, api.tx.sudo.sudo(api.tx.spectrum.registerLicence(
    alice.address, { low: 3_600 * MHZ, high: 3_650 * MHZ }, cells, { start: n, end: n + 100_000 }, 30, 'Priority')), alice);
  const licence = eventData(licensed, 'LicenceRegistered').licence.toNumber();
  const range = { low: 3_600 * MHZ, high: 3_610 * MHZ };
  const offered = await submit(api, api.tx.spectrum.createOffer(
    licence, range, cells, { start: n, end: n + 50_000 }, { PerMhzHour: 500 }, 'EUR', 10,
    `0x${'5a'.repeat(32)}`, 'Posted'), alice);
  const offer = eventData(offered, 'OfferCreated').offer.toNumber();
  const accepted = await submit(api, api.tx.spectrum.acceptOffer(offer, range, cells, { start: n, end: n + 10_000 }), bob);
  const grant = eventData(accepted, 'Granted').grant.toNumber();

  // Bob's CBSD: registered by Dave's factory, in Bob's custody, active.
  const radio = await radioFor(bob);
  // Its EIRP may not exceed the licence's 30 dBm/10 MHz; only the lessee names it.
  await assert.rejects(submit(api, api.tx.spectrum.assignRadio(grant, radio.device, 31, 30), bob), /spectrum\.EirpAboveLicence/);
  await assert.rejects(submit(api, api.tx.spectrum.assignRadio(grant, radio.device, 30, 30), charlie), /spectrum\.NotLessee/);
  // A radio in someone else's custody is refused.
  const alices = await radioFor(alice);
  await assert.rejects(submit(api, api.tx.spectrum.assignRadio(grant, alices.device, 30, 30), bob), /spectrum\.RadioNotInCustody/);
  const assigned = await submit(api, api.tx.spectrum.assignRadio(grant, radio.device, 30, 30), bob);
  const named = eventData(assigned, 'RadioAssigned');
  assert.equal(named.device.toHex(), radio.device);
  assert.equal(named.eirp.toNumber(), 30);
  const stored = (await api.query.spectrum.grantRadios(grant)).unwrap();
  assert.equal(stored.antennaHeight.toNumber(), 30);
  assert.equal(await grantState(grant), 'granted');

  // The radio signs a heartbeat over a block it read; Eve relays it (any account may).
  const beat = (at, signature) => submit(api, api.tx.spectrum.radioHeartbeat(grant, at, { P256: signature }), eve);
  const at = await best();
  const first = await beat(at, radio.sign(heartbeatPayload(grant, radio.device, at)));
  const renewed = eventData(first, 'RadioHeartbeat');
  assert.equal(renewed.grant.toNumber(), grant);
  assert.equal(renewed[2].toNumber(), at); // `at`: the block the radio signed
  assert.equal(await grantState(grant), 'active');
  assert.equal((await api.rpc.spectrum.grant(grant)).toJSON().lastHeartbeat, at);

  // The same signed heartbeat again is a replay; one for another grant or chain does not verify.
  await assert.rejects(beat(at, radio.sign(heartbeatPayload(grant, radio.device, at))), /spectrum\.ReplayedHeartbeat/);
  await waitFor('a new block', async () => (await best()) > at, 30_000, 500);
  const later = await best();
  await assert.rejects(beat(later, radio.sign(heartbeatPayload(grant + 1, radio.device, later))), /spectrum\.BadRadioSignature/);
  const foreign = api.createType('([u8;16], Hash, u64, H256, u32)',
    [Array.from(stringToU8a('tcc/spectrum/hb1')), `0x${'11'.repeat(32)}`, grant, radio.device, later]).toU8a();
  await assert.rejects(beat(later, radio.sign(foreign)), /spectrum\.BadRadioSignature/);
  // A fresh one keeps the grant active and moves its heartbeat on.
  await beat(later, radio.sign(heartbeatPayload(grant, radio.device, later)));
  assert.equal(await grantState(grant), 'active');
  assert.equal((await api.rpc.spectrum.grant(grant)).toJSON().lastHeartbeat, later);
  // The grant's answer over RPC names its radio, with the block of its latest signed heartbeat
  // (SpectrumApi version 2); Bob's list of grants answers the same.
  const answered = (await api.rpc.spectrum.grant(grant)).toJSON().radio;
  assert.deepEqual(answered, { device: radio.device, eirp: 30, antennaHeight: 30, lastBeat: later });
  const listed = (await api.rpc.spectrum.grantsOf(bob.address)).toJSON().find((g) => g.id === grant);
  assert.deepEqual(listed.radio, answered);

  // Bob suspends the radio in the registry (it is faulty): it can no longer heartbeat, nor can
  // Bob renew the grant for it.
  await submit(api, api.tx.deviceIdentity.suspend(radio.device, 'Faulty'), bob);
  const now = await best();
  await assert.rejects(beat(now, radio.sign(heartbeatPayload(grant, radio.device, now))), /spectrum\.RadioNotActive/);
  await assert.rejects(submit(api, api.tx.spectrum.heartbeat([grant]), bob), /spectrum\.RadioNotActive/);
});

test('an auction its lessor never closes ends after its window and every bidder gets its holds back', { timeout: 300_000 }, async () => {
  const n = await best();
  const cells = [613_500_001];
  const licensed = await submit(api, api.tx.sudo.sudo(api.tx.spectrum.registerLicence(
    alice.address, { low: 3_650 * MHZ, high: 3_700 * MHZ }, cells, { start: n, end: n + 100_000 }, 30, 'Priority')), alice);
  const licence = eventData(licensed, 'LicenceRegistered').licence.toNumber();
  const reserved = async (who) => (await api.query.system.account(who.address)).data.reserved.toBigInt();
  const spectrumHolds = async (who) => (await api.query.balances.holds(who.address))
    .filter((h) => h.id.isSpectrum).map((h) => [h.id.asSpectrum.toString(), h.amount.toBigInt()]);
  const before = { alice: await reserved(alice), bob: await reserved(bob), charlie: await reserved(charlie) };
  const charlieHolds = await spectrumHolds(charlie);

  // A short auction whose lease window ends soon after bidding closes.
  const m = await best();
  const closesAt = m + 5;
  const windowEnd = m + 10;
  const offered = await submit(api, api.tx.spectrum.createOffer(
    licence, { low: 3_650 * MHZ, high: 3_660 * MHZ }, cells, { start: m, end: windowEnd }, { Fixed: 0 }, 'EUR', 1,
    `0x${'5a'.repeat(32)}`, { Auction: { closesAt, reserve: 1_000 } }), alice);
  const offer = eventData(offered, 'OfferCreated').offer.toNumber();
  assert.ok((await reserved(alice)) > before.alice, 'the offer deposit is held');

  await submit(api, api.tx.spectrum.placeBid(offer, 5_000), bob);
  const bobHeld = await spectrumHolds(bob);
  assert.deepEqual(bobHeld.map(([reason]) => reason).sort(), ['BidBond', 'GrantDeposit']);
  await submit(api, api.tx.spectrum.placeBid(offer, 9_000), charlie);
  // Outbid, Bob's bond and deposit come back at once; Charlie's are held now.
  assert.equal(await reserved(bob), before.bob);
  assert.ok((await reserved(charlie)) > before.charlie);

  // Alice never closes it. Bidding closes; then the lease window passes too.
  await waitFor('the lease window to pass', async () => (await best()) >= windowEnd, 120_000, 500);
  // Anyone ends it: Ferdie, no party to it. No grant can be made any more, so it fails and
  // releases every hold.
  const closed = await submit(api, api.tx.spectrum.closeAuction(offer), ferdie);
  const failed = eventData(closed, 'AuctionFailed');
  assert.equal(failed.offer.toNumber(), offer);
  assert.ok(closed.events.some(({ event }) => api.events.spectrum.OfferClosed.is(event)));
  assert.ok(!closed.events.some(({ event }) => api.events.spectrum.Granted.is(event)));
  assert.equal(await reserved(bob), before.bob);
  assert.equal(await reserved(charlie), before.charlie);
  assert.equal(await reserved(alice), before.alice);
  assert.deepEqual(await spectrumHolds(charlie), charlieHolds, 'only what Charlie held before the auction');
  assert.equal((await api.query.spectrum.leadingBids(offer)).isNone, true);
  assert.equal((await api.query.spectrum.offers(offer)).unwrap().open.isFalse, true);
  // It cannot be closed twice.
  await assert.rejects(submit(api, api.tx.spectrum.closeAuction(offer), bob), /spectrum\.OfferClosed/);
});
