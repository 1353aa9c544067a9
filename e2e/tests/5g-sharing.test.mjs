// 5G sharing over JSON-RPC: Alice (60 %) and Bob (40 %) co-build a site whose base station is
// the dev chain's radio unit SN-AAU-2026-0001 (key: Ferdie's ed25519 dev key); they lease
// capacity to Eve, an MVNO the consortium admitted to clearing; the base station signs an energy
// report and an SLA breach; settling the month before last (Eve, a lessee, is a party) puts costs, revenue and the penalty into clearing.
// Then the same site shares edge compute (vCPUs at its MEC host): Eve's lease of it is credited for
// an SLA breach, and the owners split a month's opex by their traffic counters above a fixed floor.
// Last, the genesis site's leases end: one expires and frees its capacity and deposit, one is
// terminated early and pays exactly its notice period.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { blake2AsHex } from '@polkadot/util-crypto';
import { u8aConcat, u8aToHex, stringToU8a, hexToU8a } from '@polkadot/util';
import { startDevNode } from '../lib/node.mjs';
import { telecomRpc } from '@telecom-consortium/api';
import { submit } from '../lib/tx.mjs';

let node;
let api;
let alice, bob, charlie, dave, eve, station;
// The site of the first story, shared with the second.
let site;

before(async () => {
  node = await startDevNode({ rpc: telecomRpc });
  api = node.api;
  const keyring = new Keyring({ type: 'sr25519' });
  [alice, bob, charlie, dave, eve] = ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve'].map((uri) => keyring.addFromUri(uri));
  station = new Keyring({ type: 'ed25519' }).addFromUri('//Ferdie');
});

after(async () => {
  await node?.stop();
});

// The month before last: its three-day settlement grace (late reports) has surely passed.
function monthBeforeLast() {
  const now = new Date();
  const then = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 1));
  return { year: then.getUTCFullYear(), month: then.getUTCMonth() + 1 };
}

const tag = (text) => Array.from(Buffer.from(text));
// The base station signs SCALE(tag, …): the payloads of the pallet.
const signed = (types, values) => ({ Ed25519: u8aToHex(station.sign(api.createType(types, values).toU8a())) });

test('a co-built site leases capacity, reports a breach and settles into clearing', { timeout: 300_000 }, async () => {
  const period = monthBeforeLast();
  const next = period.month === 12 ? { year: period.year + 1, month: 1 } : { year: period.year, month: period.month + 1 };
  // Device ids are keyed with the dev maker's (public, dev-only) identifier key.
  const device = blake2AsHex(u8aConcat(stringToU8a('tcc/device/ident'), hexToU8a(`0x${'da'.repeat(32)}`), stringToU8a('SN-AAU-2026-0001')));

  const proposed = await submit(api, api.tx.fiveGSharing.proposeProject(8_833_001, 'Nr', 100_000, 'EUR', `0x${'01'.repeat(32)}`, 6_000), alice);
  site = proposed.events.find(({ event }) => api.events.fiveGSharing.ProjectProposed.is(event)).event.data.project.toNumber();
  await submit(api, api.tx.fiveGSharing.joinProject(site, 4_000), bob);
  // Alice's milestones and costs are proposals: Bob, the other owner, approves each and executes
  // it (every owner approved, so the dispute window need not pass); only then is anything owed.
  const agreed = async (tx) => {
    const proposed = await submit(api, tx, alice);
    const proposal = proposed.events.find(({ event }) => api.events.fiveGSharing.ChangeProposed.is(event)).event.data.proposal.toNumber();
    await submit(api, api.tx.utility.batchAll([
      api.tx.fiveGSharing.approveChange(proposal),
      api.tx.fiveGSharing.executeChange(proposal),
    ]), bob);
  };
  await agreed(api.tx.fiveGSharing.approveProject(site));
  await agreed(api.tx.fiveGSharing.completeConstruction(site));
  await agreed(api.tx.fiveGSharing.commissionSite(site, device, 1_000, 25));
  await submit(api, api.tx.sudo.sudo(api.tx.clearing.admitParticipant(eve.address)), alice);

  // Energy: cumulative meter readings signed by the base station for this chain (genesis hash),
  // 10,000 then 11,200 kWh; maintenance 5,000: 1,200 kWh × 25 + 5,000 = 35,000 opex.
  const energyTypes = '([u8;16], Hash, u32, (u16, u8), u64)';
  const reading = (kwh) => signed(energyTypes, [tag('tcc/5g/energy/v2'), api.genesisHash, site, [period.year, period.month], kwh]);
  const energy = reading(11_200);
  await submit(api, api.tx.fiveGSharing.reportEnergy(site, period, 11_200, energy), eve);
  await submit(api, api.tx.fiveGSharing.reportEnergy(site, period, 10_000, reading(10_000)), eve);
  await assert.rejects(submit(api, api.tx.fiveGSharing.reportEnergy(site, period, 11_200, energy), eve), /fiveGSharing\.ReadingKnown/);
  await agreed(api.tx.fiveGSharing.recordMaintenance(site, period, 5_000, `0x${'02'.repeat(32)}`));

  // Eve leases 100 of 200 offered units at 100 a unit: 10,000 a period, 99.5 % / 100 Mbps, 10 % credit per breach.
  const sla = { availability: 9_950, throughput: 100, penalty: 1_000 };
  await submit(api, api.tx.fiveGSharing.offerCapacity(site, 200, 100, period, next, sla), alice);
  await assert.rejects(submit(api, api.tx.fiveGSharing.leaseCapacity(0, 201), eve), /fiveGSharing\.Oversubscribed/);
  const leased = await submit(api, api.tx.fiveGSharing.leaseCapacity(0, 100), eve);
  const lease = leased.events.find(({ event }) => api.events.fiveGSharing.Leased.is(event)).event.data.lease.toNumber();
  const utilisation = (await api.rpc.sharing.site(site)).toJSON();
  assert.deepEqual(
    { stage: utilisation.stage, capacity: utilisation.capacity, allocated: utilisation.allocated, bps: utilisation.utilisationBps },
    { stage: 'commissioned', capacity: 1_000, allocated: 100, bps: 1_000 },
  );
  assert.deepEqual(utilisation.owners.map((o) => o.share), [6_000, 4_000]);

  // The base station reports 99.00 % availability: a breach worth 1,000.
  const slaTypes = '([u8;16], Hash, u32, (u16, u8), u32, u16, u32)';
  const breach = signed(slaTypes, [tag('tcc/5g/sla/v2///'), api.genesisHash, lease, [period.year, period.month], 1, 9_900, 150]);
  const reported = await submit(api, api.tx.fiveGSharing.reportSla(lease, period, 1, 9_900, 150, breach), eve);
  const penalty = reported.events.find(({ event }) => api.events.fiveGSharing.SlaBreached.is(event)).event.data.penalty.toString();
  assert.equal(penalty, '1000');
  // Eve cannot forge the station's signature.
  const forged = { Ed25519: u8aToHex(new Keyring({ type: 'ed25519' }).addFromUri('//Eve').sign(api.createType(slaTypes, [tag('tcc/5g/sla/v2///'), api.genesisHash, lease, [period.year, period.month], 2, 0, 0]).toU8a())) };
  await assert.rejects(submit(api, api.tx.fiveGSharing.reportSla(lease, period, 2, 0, 0, forged), eve), /fiveGSharing\.BadSignature/);
  const record = (await api.rpc.sharing.leases(site, period)).toJSON()[0].record;
  assert.deepEqual({ samples: record.samples, breaches: record.breaches, penalty: record.penalty }, { samples: 1, breaches: 1, penalty: '1000' });

  await submit(api, api.tx.fiveGSharing.settlePeriod(site, period), eve);
  // Bob's statement: 40 % of opex (14,000), 40 % of 9,000 revenue (3,600), 40 % of the 1,000 credit.
  assert.deepEqual((await api.rpc.sharing.statement(site, period, bob.address)).toJSON(),
    { opex: '14000', revenue: '3600', penalties: '400', leasePayments: '0', unpaid: '0' });
  assert.deepEqual((await api.rpc.sharing.statement(site, period, eve.address)).toJSON(),
    { opex: '0', revenue: '0', penalties: '0', leasePayments: '9000', unpaid: '0' });

  // Clearing holds it all: Bob owes capex 40,000 + opex 14,000 and receives 3,600; Eve owes 9,000.
  const eur = async (who) => (await api.rpc.clearing.openPositions(who.address)).toJSON().find((p) => p.currency === 'EUR');
  assert.deepEqual(await eur(bob).then((p) => [p.payable, p.receivable]), ['54000', '3600']);
  assert.deepEqual(await eur(eve).then((p) => [p.payable, p.receivable]), ['9000', '0']);
  assert.deepEqual(await eur(alice).then((p) => [p.payable, p.receivable]), ['0', '59400']);
});

// The month three months back: its grace has passed and nothing of it is settled.
function threeMonthsBack() {
  const now = new Date();
  const then = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 3, 1));
  return { year: then.getUTCFullYear(), month: then.getUTCMonth() + 1 };
}

// The pallet's rule, computed here on its own: `floor` bps of the opex by shares (largest
// remainder), the rest by traffic (floors), the traffic leftover to the lead (index 0).
function expectedSplit(opex, floorBps, shares, traffic) {
  const byShares = (opex * floorBps) / 10_000n;
  const byTraffic = opex - byShares;
  const exact = shares.map((s) => byShares * s);
  const parts = exact.map((e) => e / 10_000n);
  let left = byShares - parts.reduce((a, b) => a + b, 0n);
  const order = exact.map((e, i) => [e % 10_000n, i]).sort((a, b) => (b[0] > a[0] ? 1 : b[0] < a[0] ? -1 : a[1] - b[1]));
  for (const [, i] of order) { if (left === 0n) break; parts[i] += 1n; left -= 1n; }
  const total = traffic.reduce((a, b) => a + b, 0n);
  const byVolume = traffic.map((t) => (byTraffic * t) / total);
  const leftover = byTraffic - byVolume.reduce((a, b) => a + b, 0n);
  return parts.map((p, i) => p + byVolume[i] + (i === 0 ? leftover : 0n));
}

test('edge compute is leased and credited like radio, and opex is split by traffic counters', { timeout: 300_000 }, async () => {
  assert.ok(site !== undefined, 'the first story built the site');
  const period = threeMonthsBack();
  const agreed = async (tx) => {
    const proposed = await submit(api, tx, alice);
    const proposal = proposed.events.find(({ event }) => api.events.fiveGSharing.ChangeProposed.is(event)).event.data.proposal.toNumber();
    await submit(api, api.tx.utility.batchAll([
      api.tx.fiveGSharing.approveChange(proposal),
      api.tx.fiveGSharing.executeChange(proposal),
    ]), bob);
  };

  // The owners install a MEC host of 64 vCPUs; nothing of it can be offered before they agree.
  await assert.rejects(
    submit(api, api.tx.fiveGSharing.offerResource(site, 'EdgeVcpu', 1, 50, period, period, { availability: 9_950, throughput: 32, penalty: 2_000 }), alice),
    /fiveGSharing\.Oversubscribed/,
  );
  await agreed(api.tx.fiveGSharing.declareCapacity(site, 'EdgeVcpu', 64));
  // 32 vCPUs at 50 each: 1,600 a period; 99.5 % available and all 32 vCPUs delivered; 20 % credit per breach.
  await submit(api, api.tx.fiveGSharing.offerResource(site, 'EdgeVcpu', 32, 50, period, period, { availability: 9_950, throughput: 32, penalty: 2_000 }), alice);
  const offer = (await api.query.fiveGSharing.nextOfferId()).toNumber() - 1;
  const leased = await submit(api, api.tx.fiveGSharing.leaseCapacity(offer, 32), eve);
  const lease = leased.events.find(({ event }) => api.events.fiveGSharing.Leased.is(event)).event.data.lease.toNumber();
  const pools = async () => Object.fromEntries((await api.rpc.sharing.site(site)).toJSON().pools.map((p) => [p.kind, [p.capacity, p.allocated]]));
  // The edge lease takes from its own pool; the radio lease of the first story is untouched.
  assert.deepEqual(await pools(), { radio: [1_000, 100], edgeVcpu: [64, 32], edgeMemory: [0, 0], edgeGpuHours: [0, 0], backhaul: [0, 0] });

  // The MEC host delivered 24 of 32 vCPUs: a breach, credited 20 % of 1,600 = 320.
  const slaTypes = '([u8;16], Hash, u32, (u16, u8), u32, u16, u32)';
  const breach = signed(slaTypes, [tag('tcc/5g/sla/v2///'), api.genesisHash, lease, [period.year, period.month], 0, 9_990, 24]);
  const reported = await submit(api, api.tx.fiveGSharing.reportSla(lease, period, 0, 9_990, 24, breach), eve);
  assert.equal(reported.events.find(({ event }) => api.events.fiveGSharing.SlaBreached.is(event)).event.data.penalty.toString(), '320');

  // Opex of the month: a maintenance bill of 10,001; the owners split it 20 % by shares, the rest by traffic.
  await agreed(api.tx.fiveGSharing.recordMaintenance(site, period, 10_001, `0x${'03'.repeat(32)}`));
  await agreed(api.tx.fiveGSharing.setOpexSplit(site, { Mixed: { floor: 2_000 } }));
  // The station's per-operator data volume (MB): Alice 3,000, Bob 7,000; signed for this chain.
  const counters = [[alice.address, 3_000], [bob.address, 7_000]];
  const trafficTypes = '([u8;16], Hash, u32, (u16, u8), Vec<(AccountId, u64)>)';
  const trafficSig = signed(trafficTypes, [tag('tcc/5g/traffic/1'), api.genesisHash, site, [period.year, period.month], counters]);
  await submit(api, api.tx.fiveGSharing.reportTraffic(site, period, counters, trafficSig), eve);
  await assert.rejects(submit(api, api.tx.fiveGSharing.reportTraffic(site, period, counters, trafficSig), eve), /fiveGSharing\.TrafficKnown/);
  // Within the two-day window only unanimous acceptance lets the period settle now.
  await assert.rejects(submit(api, api.tx.fiveGSharing.settlePeriod(site, period), alice), /fiveGSharing\.TrafficWindowOpen/);
  await submit(api, api.tx.fiveGSharing.acceptTraffic(site, period), alice);
  await submit(api, api.tx.fiveGSharing.acceptTraffic(site, period), bob);
  const settled = await submit(api, api.tx.fiveGSharing.settlePeriod(site, period), alice);
  const allocated = settled.events.find(({ event }) => api.events.fiveGSharing.OpexAllocated.is(event)).event.data;
  assert.deepEqual([allocated.byShares.toString(), allocated.byTraffic.toString()], ['2000', '8001']);

  const [aliceOpex, bobOpex] = expectedSplit(10_001n, 2_000n, [6_000n, 4_000n], [3_000n, 7_000n]);
  assert.equal(aliceOpex + bobOpex, 10_001n);
  // Edge revenue 1,600 − 320 = 1,280, by shares: 768 / 512; credits 192 / 128.
  assert.deepEqual((await api.rpc.sharing.statement(site, period, bob.address)).toJSON(),
    { opex: bobOpex.toString(), revenue: '512', penalties: '128', leasePayments: '0', unpaid: '0' });
  assert.deepEqual((await api.rpc.sharing.statement(site, period, alice.address)).toJSON(),
    { opex: aliceOpex.toString(), revenue: '768', penalties: '192', leasePayments: '0', unpaid: '0' });
  assert.deepEqual((await api.rpc.sharing.statement(site, period, eve.address)).toJSON(),
    { opex: '0', revenue: '0', penalties: '0', leasePayments: '1280', unpaid: '0' });
  // The edge lease's only month is settled: it ended and its vCPUs are free; radio is unchanged.
  assert.deepEqual(await pools(), { radio: [1_000, 100], edgeVcpu: [64, 0], edgeMemory: [0, 0], edgeGpuHours: [0, 0], backhaul: [0, 0] });
});

// The calendar month `offset` months from the current one (UTC), as the pallet names periods.
function monthFrom(offset) {
  const now = new Date();
  const then = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
  return { year: then.getUTCFullYear(), month: then.getUTCMonth() + 1 };
}

test('a lease that ends frees its capacity and deposit; an early termination pays exactly its notice', { timeout: 300_000 }, async () => {
  // The genesis site (0, Alice 60 % and Bob 40 %, 1,000 radio units). Charlie and Dave, operators
  // and clearing participants, lease it; nothing else in this file touches it.
  const SITE = 0;
  const expired = monthFrom(-4);
  const [current, next, afterNext, last] = [0, 1, 2, 3].map(monthFrom);
  const sla = { availability: 9_950, throughput: 100, penalty: 1_000 };
  const deposit = api.consts.fiveGSharing.leaseDeposit.toBigInt();
  assert.ok(deposit > 0n);
  const radio = async () => {
    const { capacity: size, allocated, utilisationBps } = (await api.rpc.sharing.site(SITE)).toJSON().pools.find((p) => p.kind === 'radio');
    return { capacity: size, allocated, utilisationBps };
  };
  const { capacity, allocated: allocatedBefore } = await radio();
  assert.deepEqual([capacity, allocatedBefore], [1_000, 0]);
  const account = async (who) => {
    const { free, reserved } = (await api.query.system.account(who.address)).data;
    const holds = await api.query.balances.holds(who.address);
    const lease = holds.filter((h) => /"fiveGSharing":"leaseDeposit"/i.test(JSON.stringify(h.id.toJSON())))
      .reduce((sum, h) => sum + h.amount.toBigInt(), 0n);
    return { free: free.toBigInt(), reserved: reserved.toBigInt(), lease };
  };
  const feePaid = (events, who) => events
    .filter(({ event }) => api.events.transactionPayment.TransactionFeePaid.is(event))
    .filter(({ event }) => event.data.who.toString() === who.address)
    .reduce((sum, { event }) => sum + event.data.actualFee.toBigInt(), 0n);
  const eur = async (who) => {
    const p = (await api.rpc.clearing.openPositions(who.address)).toJSON().find((x) => x.currency === 'EUR');
    return { payable: BigInt(p?.payable ?? 0), receivable: BigInt(p?.receivable ?? 0) };
  };
  const leaseOf = (result) => result.events.find(({ event }) => api.events.fiveGSharing.Leased.is(event)).event.data.lease.toNumber();
  const ended = (result) => result.events.filter(({ event }) => api.events.fiveGSharing.LeaseEnded.is(event))
    .map(({ event }) => [event.data.lease.toNumber(), event.data.units.toNumber()]);

  // Two offers of the whole site: one month long ago at 3 a unit, and this month to three months
  // ahead at 2 a unit. Offers do not reserve capacity; leases do.
  const offer = async (first, lastPeriod, price) => {
    const r = await submit(api, api.tx.fiveGSharing.offerCapacity(SITE, capacity, price, first, lastPeriod, sla), alice);
    return r.events.find(({ event }) => api.events.fiveGSharing.CapacityOffered.is(event)).event.data.offer.toNumber();
  };
  const old = await offer(expired, expired, 3);
  const ahead = await offer(current, last, 2);

  // Charlie leases 600 units and Dave the other 400: the site is full.
  const charlieBefore = await account(charlie);
  const charlieLeased = await submit(api, api.tx.fiveGSharing.leaseCapacity(old, 600), charlie);
  const charlieLease = leaseOf(charlieLeased);
  const charlieHeld = await account(charlie);
  assert.equal(charlieHeld.lease - charlieBefore.lease, deposit, 'the lease deposit is held');
  assert.equal(charlieHeld.reserved - charlieBefore.reserved, deposit);
  assert.equal(charlieBefore.free - charlieHeld.free, deposit + feePaid(charlieLeased.events, charlie));
  const daveLease = leaseOf(await submit(api, api.tx.fiveGSharing.leaseCapacity(old, 400), dave));
  assert.deepEqual(await radio(), { capacity: 1_000, allocated: 1_000, utilisationBps: 10_000 });
  // Full: a further lease, even of one unit of the other offer, and a new offer are refused.
  await assert.rejects(submit(api, api.tx.fiveGSharing.leaseCapacity(ahead, 1), dave), /fiveGSharing\.Oversubscribed/);
  await assert.rejects(
    submit(api, api.tx.fiveGSharing.offerCapacity(SITE, 1, 2, current, current, sla), alice),
    /fiveGSharing\.Oversubscribed/,
  );

  // The old month is over and past its three-day grace: Charlie, a lessee of it, settles it. Both
  // leases had only that month, so both end: the site is empty and the deposits are free again.
  const daveHeld = await account(dave);
  const [charliePaysBefore, davePaysBefore] = [await eur(charlie), await eur(dave)];
  const settled = await submit(api, api.tx.fiveGSharing.settlePeriod(SITE, expired), charlie);
  assert.deepEqual(ended(settled).sort(), [[charlieLease, 600], [daveLease, 400]].sort());
  assert.deepEqual(await radio(), { capacity: 1_000, allocated: 0, utilisationBps: 0 });
  const charlieAfter = await account(charlie);
  assert.equal(charlieAfter.lease, charlieBefore.lease, "Charlie's deposit is released");
  assert.equal(charlieAfter.reserved, charlieBefore.reserved);
  assert.equal(charlieAfter.free - charlieHeld.free, deposit - feePaid(settled.events, charlie));
  const daveAfter = await account(dave);
  assert.equal(daveHeld.lease - daveAfter.lease, deposit, "Dave's deposit is released");
  assert.equal(daveHeld.reserved - daveAfter.reserved, deposit);
  assert.equal(daveAfter.free - daveHeld.free, deposit, 'to his free balance, exactly');
  // Each paid its month: 600 × 3 and 400 × 3, as obligations in clearing.
  assert.equal((await eur(charlie)).payable - charliePaysBefore.payable, 1_800n);
  assert.equal((await eur(dave)).payable - davePaysBefore.payable, 1_200n);
  assert.equal((await api.query.fiveGSharing.leases(charlieLease)).isNone, true);

  // Its capacity is free again: Dave leases all 1,000 units from this month to three months ahead.
  const daveFree = await account(dave);
  const leasedAhead = await submit(api, api.tx.fiveGSharing.leaseCapacity(ahead, 1_000), dave);
  const aheadLease = leaseOf(leasedAhead);
  assert.deepEqual(await radio(), { capacity: 1_000, allocated: 1_000, utilisationBps: 10_000 });
  const daveHolding = await account(dave);
  assert.equal(daveHolding.lease - daveFree.lease, deposit);
  assert.equal(daveFree.free - daveHolding.free, deposit + feePaid(leasedAhead.events, dave));

  // Dave ends it early, this month. The stated penalty is one period's notice: he pays this month
  // and the next (2 × 1,000 × 2 = 4,000), not the two months after (another 4,000).
  await assert.rejects(submit(api, api.tx.fiveGSharing.endLease(aheadLease), charlie), /fiveGSharing\.NotLessee/);
  const terminated = await submit(api, api.tx.fiveGSharing.endLease(aheadLease), dave);
  const notice = terminated.events.find(({ event }) => api.events.fiveGSharing.LeaseTerminated.is(event)).event.data;
  assert.deepEqual([notice.lease.toNumber(), notice.last.toJSON()], [aheadLease, next]);
  assert.deepEqual((await api.query.fiveGSharing.leases(aheadLease)).unwrap().last.toJSON(), next);
  const daveTerminated = await account(dave);

  // Those months settle only after they are over. The chain's clock is moved, for one batch of
  // Alice's (an owner, and the dev chain's sudo key), to four days into the month after next:
  // both months settle, and the clock is put back before the block ends (blocks keep the wall
  // clock; pallet_timestamp only needs the next block to be later than the restored value).
  const nowKey = api.query.timestamp.now.key();
  const u64 = (n) => u8aToHex(api.createType('u64', n).toU8a());
  const restore = (await api.query.timestamp.now()).toBigInt();
  // Four days into a month: past the three-day grace of the month before.
  const fourDaysInto = ({ year, month }) => BigInt(Date.UTC(year, month - 1, 5));
  const later = fourDaysInto(afterNext);
  const warped = (calls, at = later) => api.tx.utility.batchAll([
    api.tx.sudo.sudo(api.tx.system.setStorage([[nowKey, u64(at)]])),
    ...calls,
    api.tx.sudo.sudo(api.tx.system.setStorage([[nowKey, u64(restore)]])),
  ]);
  const [payerBefore, aliceBefore, bobBefore] = [await eur(dave), await eur(alice), await eur(bob)];
  const paid = await submit(api, warped([
    api.tx.fiveGSharing.settlePeriod(SITE, current),
    api.tx.fiveGSharing.settlePeriod(SITE, next),
  ]), alice);
  assert.ok((await api.query.timestamp.now()).toBigInt() < later, 'the clock is back');
  // After its last (notice) month the lease ends: capacity and deposit come back.
  assert.deepEqual(ended(paid), [[aheadLease, 1_000]]);
  assert.deepEqual(await radio(), { capacity: 1_000, allocated: 0, utilisationBps: 0 });
  const daveDone = await account(dave);
  assert.equal(daveTerminated.lease - daveDone.lease, deposit);
  assert.equal(daveDone.free - daveTerminated.free, deposit, 'the deposit returns in full');
  // Exactly the notice: 2,000 for each of the two months, split 60/40 between Alice and Bob.
  assert.equal((await eur(dave)).payable - payerBefore.payable, 4_000n);
  assert.equal((await eur(alice)).receivable - aliceBefore.receivable, 2_400n);
  assert.equal((await eur(bob)).receivable - bobBefore.receivable, 1_600n);
  for (const period of [current, next]) {
    assert.deepEqual((await api.rpc.sharing.statement(SITE, period, dave.address)).toJSON(),
      { opex: '0', revenue: '0', penalties: '0', leasePayments: '2000', unpaid: '0' });
  }
  // Nothing is owed for the months the termination cut off: there is nothing to settle.
  await assert.rejects(
    submit(api, warped([api.tx.fiveGSharing.settlePeriod(SITE, afterNext)], fourDaysInto(last)), alice),
    /fiveGSharing\.NothingToSettle/,
  );
  assert.equal((await eur(dave)).payable - payerBefore.payable, 4_000n);
});
