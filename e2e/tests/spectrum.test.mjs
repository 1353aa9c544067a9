// Spectrum leasing over JSON-RPC: the regulator (root on the dev chain) licenses 3,550–3,600 MHz
// to Alice; she auctions a 20 MHz slice; Bob and Charlie bid; Charlie's winning grant heartbeats
// into service; Ferdie, appointed a regulator account, declares an incumbent radar alone, which
// suspends the grant until the radar stops; the lease is billed into clearing pro rata.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { startDevNode, waitFor } from '../lib/node.mjs';
import { telecomRpc } from '@telecom-consortium/api';
import { submit } from '../lib/tx.mjs';

const MHZ = 1_000_000;
let node;
let api;
let alice, bob, charlie, ferdie;

before(async () => {
  node = await startDevNode({ rpc: telecomRpc });
  api = node.api;
  const keyring = new Keyring({ type: 'sr25519' });
  [alice, bob, charlie, ferdie] = ['//Alice', '//Bob', '//Charlie', '//Ferdie'].map((uri) => keyring.addFromUri(uri));
});

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
