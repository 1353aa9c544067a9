// The consortium demo: one business story per pallet, driven over JSON-RPC against a running dev
// chain (`scripts/start-dev.sh`), on top of the demo data of the dev genesis. Every story checks
// what it expects and the script exits non-zero on the first surprise.
//
//   node e2e/demo.mjs [--url ws://127.0.0.1:9944] [--only device,roaming,...]
//
// Stories run in order: device, roaming, spectrum, sharing, tender, clearing. The last one nets
// whatever the others put into clearing. Every story may be run again on the same chain: ids come
// from events, sequence numbers from the chain, and periods that are already closed are skipped.
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign as signWith } from 'node:crypto';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { u8aConcat, u8aToHex, stringToU8a, hexToU8a, numberToU8a } from '@polkadot/util';
import { blake2AsHex, blake2AsU8a, xxhashAsHex } from '@polkadot/util-crypto';
import { telecomRpc } from '@telecom-consortium/api';
import { submit } from './lib/tx.mjs';

const STORIES = ['device', 'roaming', 'spectrum', 'sharing', 'tender', 'clearing'];

function parseArgs(argv) {
  const options = { url: process.env.RPC_URL || 'ws://127.0.0.1:9944', only: STORIES };
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--url' && value) { options.url = value; i += 1; }
    else if (flag === '--only' && value) { options.only = value.split(','); i += 1; }
    else if (flag === '--help' || flag === '-h') {
      console.log('usage: node e2e/demo.mjs [--url ws://127.0.0.1:9944] [--only ' + STORIES.join(',') + ']');
      process.exit(0);
    } else throw new Error(`unknown argument ${flag}`);
  }
  for (const story of options.only) {
    if (!STORIES.includes(story)) throw new Error(`unknown story ${story}; stories: ${STORIES.join(', ')}`);
  }
  return options;
}

const h = (byte) => `0x${byte.toString(16).padStart(2, '0').repeat(32)}`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const money = (minor, currency) => `${(Number(minor) / 100).toLocaleString('en', { minimumFractionDigits: 2 })} ${currency}`;
const say = (story, text) => console.log(`[${story.padEnd(8)}] ${text}`);

// Calendar months (UTC) as the pallets' settlement periods.
function months() {
  const now = new Date();
  const current = { year: now.getUTCFullYear(), month: now.getUTCMonth() + 1 };
  const last = current.month === 1 ? { year: current.year - 1, month: 12 } : { year: current.year, month: current.month - 1 };
  const before = last.month === 1 ? { year: last.year - 1, month: 12 } : { year: last.year, month: last.month - 1 };
  return { current, last, before };
}
const periodName = ({ year, month }) => `${year}-${String(month).padStart(2, '0')}`;

// A device's monotonic report counter: seconds since 2026-01-01, so re-runs always move forward.
const counter = () => Math.floor((Date.now() - Date.UTC(2026, 0, 1)) / 1000);

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const provider = new WsProvider(options.url, false);
  const noNode = new Error(`no node at ${options.url}: start one with scripts/start-dev.sh`);
  let timer;
  await Promise.race([
    new Promise((resolve, reject) => {
      provider.on('connected', resolve);
      provider.on('error', () => reject(noNode));
      provider.connect().catch(() => reject(noNode));
    }),
    new Promise((_, reject) => { timer = setTimeout(() => reject(noNode), 15_000); }),
  ]).finally(() => clearTimeout(timer));
  const api = await ApiPromise.create({ provider, rpc: telecomRpc, noInitWarn: true, throwOnConnect: true });
  const chain = (await api.rpc.system.chain()).toString();
  const sr = new Keyring({ type: 'sr25519' });
  const ed = new Keyring({ type: 'ed25519' });
  const who = Object.fromEntries(['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie']
    .map((name) => [name.toLowerCase(), sr.addFromUri(`//${name}`)]));
  const names = new Map(Object.entries(who).map(([name, pair]) => [pair.address, name[0].toUpperCase() + name.slice(1)]));
  const nameOf = (address) => names.get(address.toString()) ?? address.toString();
  if (!(await api.query.sudo.key()).eq(who.alice.address)) {
    throw new Error(`${chain} is not a dev chain (Alice is not its sudo key): the demo only runs on --dev`);
  }
  console.log(`Connected to ${chain} at ${options.url}, block #${(await api.rpc.chain.getHeader()).number}`);

  const ctx = { api, who, ed, nameOf };
  const started = Date.now();
  for (const story of options.only) {
    const t0 = Date.now();
    await ({ device, roaming, spectrum, sharing, tender, clearing })[story](ctx);
    say(story, `done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  console.log(`All ${options.only.length} stories succeeded in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  await api.disconnect();
}

const best = async (api) => (await api.rpc.chain.getHeader()).number.toNumber();
async function untilBlock(api, n) {
  const deadline = Date.now() + 180_000;
  while ((await best(api)) < n) {
    if (Date.now() > deadline) throw new Error(`block #${n} did not come within 3 minutes`);
    await sleep(1_000);
  }
}
const eventOf = (api, result, section, name) => {
  const found = result.events.find(({ event }) => api.events[section][name].is(event));
  assert.ok(found, `${section}.${name} emitted`);
  return found.event.data;
};

// Device identity: Dave's factory attests a P-256 radio unit and hands it to Alice, who takes it into service; a
// meter reading it signs verifies over RPC, a tampered one does not; Alice revokes the key.
async function device({ api, who }) {
  const S = 'device';
  const genesis = api.genesisHash.toHex();
  const serial = `IMEI 35-209900-${String(counter()).slice(-6)}-1`;
  // Ids are keyed with Dave's identifier key (public on the dev chain): nobody hashing IMEIs finds it.
  const id = blake2AsHex(u8aConcat(stringToU8a('tcc/device/ident'), hexToU8a(`0x${'da'.repeat(32)}`), stringToU8a(serial)));
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { x, y } = publicKey.export({ format: 'jwk' });
  const key = u8aToHex(u8aConcat([Buffer.from(y, 'base64url')[31] & 1 ? 0x03 : 0x02], Buffer.from(x, 'base64url')));
  const sign = (message) => u8aToHex(signWith('sha256', message, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
  const attestation = u8aConcat(stringToU8a('tcc/device/attst'), hexToU8a(genesis), hexToU8a(id), [3], hexToU8a(key));
  const possession = u8aConcat(stringToU8a('tcc/device/possn'), hexToU8a(genesis), hexToU8a(id), numberToU8a(0, 32).reverse());
  const factoryKey = new Keyring({ type: 'ed25519' }).addFromUri('//Dave');

  await submit(api, api.tx.deviceIdentity.registerDevice({
    device: id, key: { P256: key }, model: 'AAU 64T64R n78', batch: '2026-W48', firmware: '5.2.1',
    attestationKey: 0,
    attestation: { Ed25519: u8aToHex(factoryKey.sign(attestation)) },
    possession: { P256: sign(possession) },
  }), who.dave);
  say(S, `Dave Radio Systems attests ${serial} (P-256 key from its secure element)`);
  await submit(api, api.tx.deviceIdentity.transferCustody(id, who.alice.address, null), who.dave);
  await submit(api, api.tx.deviceIdentity.activate(id), who.alice);
  say(S, 'Dave hands the unit over to Alice (DEUTC), who takes it into service');

  const reading = u8aToHex(stringToU8a(`kWh=1042;site=LYS-0042;t=${new Date().toISOString()}`));
  const signature = `p256:${sign(hexToU8a(reading))}`;
  assert.deepEqual((await api.rpc.device.verify(id, reading, signature)).toJSON(), { valid: true, reason: null });
  const tampered = u8aToHex(stringToU8a('kWh=9999;site=LYS-0042'));
  assert.deepEqual((await api.rpc.device.verify(id, tampered, signature)).toJSON(), { valid: false, reason: 'badSignature' });
  say(S, 'device_verify: its signed meter reading is valid; a tampered reading is badSignature');

  await submit(api, api.tx.deviceIdentity.revokeKey(id, 'KeyCompromise', null, null), who.alice);
  assert.deepEqual((await api.rpc.device.verify(id, reading, signature)).toJSON(), { valid: false, reason: 'noValidKey' });
  say(S, 'Alice revokes the key (KeyCompromise): the same reading no longer verifies');
}

// Roaming: on the genesis IOT agreement GBRTC (Charlie) ↔ FRAMC (Bob), both networks file TAP
// usage summaries for last month, accept each other's, close the month and sign the statement off;
// the net goes to clearing. On a re-run (last month closed) the files go to the current month.
async function roaming({ api, who, nameOf }) {
  const S = 'roaming';
  const id = (await api.rpc.roaming.agreementBetween('GBRTC', 'FRAMC')).toJSON();
  assert.notEqual(id, null, 'the dev genesis holds the GBRTC–FRAMC agreement');
  const { last, current } = months();
  const lastBalance = (await api.rpc.roaming.balance(id, last)).toJSON();
  const closing = !lastBalance?.closed;
  const period = closing ? last : current;
  say(S, `IOT agreement #${id} GBRTC ↔ FRAMC; filing usage of ${periodName(period)}${closing ? '' : ' (last month is already closed)'}`);

  const usage = (minutes, mb) => ({
    mocLocal: { calls: minutes / 3, seconds: minutes * 60 }, mocHome: { calls: 0, seconds: 0 },
    mocInternational: { calls: 0, seconds: 0 }, mtc: { calls: 0, seconds: 0 }, smsMo: 400, smsMt: 0,
    data: { sessions: 50, kilobytes: mb * 1024 }, volte: { calls: 0, seconds: 0 }, video: { calls: 0, seconds: 0 },
  });
  // 0.05 XDR a minute, 0.02 an SMS, 0.0125 a MB (10 KB increments): the sender's own rating.
  const rated = (minutes, mb) => minutes * 5 + 400 * 2 + mb * 1.25;
  const file = async (sender, tadig, recipient, minutes, mb) => {
    const { expected: sequence } = (await api.rpc.roaming.sequenceGaps(tadig, recipient)).toJSON();
    const claimed = Math.round(rated(minutes, mb));
    await submit(api, api.tx.roaming.submitBatch(id, {
      sequence, period, records: minutes / 3 + 450, usage: usage(minutes, mb), claimed, currency: 'XDR',
      file: blake2AsHex(`${tadig}${recipient}${sequence}`),
    }), sender);
    say(S, `${tadig} files TAP summary #${sequence} to ${recipient}: ${minutes.toLocaleString('en')} min, 400 SMS, ${mb.toLocaleString('en')} MB → ${money(claimed, 'XDR')}`);
    return sequence;
  };
  const a = await file(who.charlie, 'GBRTC', 'FRAMC', 30_000, 200_000);
  const b = await file(who.bob, 'FRAMC', 'GBRTC', 12_000, 80_000);
  await Promise.all([
    submit(api, api.tx.roaming.acceptBatch(id, 'A', a), who.bob),
    submit(api, api.tx.roaming.acceptBatch(id, 'B', b), who.charlie),
  ]);
  const balance = (await api.rpc.roaming.balance(id, period)).toJSON();
  say(S, `both files accepted; running balance ${periodName(period)}: GBRTC ${money(balance.networkA.value, 'XDR')}, FRAMC ${money(balance.networkB.value, 'XDR')}`);
  if (!closing) return;

  const closed = await submit(api, api.tx.roaming.closePeriod(id, period), who.charlie);
  const event = eventOf(api, closed, 'roaming', 'PeriodClosed');
  const statement = (await api.rpc.roaming.statement(id, period)).toJSON();
  say(S, `month closed (10 % discount on each side's charge above 1,000 XDR): ${nameOf(event.payer)} pays ${nameOf(event.payee)} ${money(event.net, 'XDR')} (discounts ${money(statement.networkA.discount, 'XDR')} / ${money(statement.networkB.discount, 'XDR')})`);
  await submit(api, api.tx.roaming.signOffStatement(id, period), who.charlie);
  const signed = await submit(api, api.tx.roaming.signOffStatement(id, period), who.bob);
  assert.equal(eventOf(api, signed, 'roaming', 'StatementSignedOff').complete.isTrue, true);
  say(S, 'both networks sign the statement off; the net obligation waits in clearing');
}

// Spectrum: Bob leases 20 MHz of Alice's posted 3.7 GHz offer over two cells, names the radio
// that transmits (a P-256 unit from Dave's factory in his custody), which signs its own heartbeat
// into service (Eve relays it); he is billed pro rata after a few blocks and gives the slice back.
async function spectrum({ api, who }) {
  const S = 'spectrum';
  const MHZ = 1_000_000;
  const offer = await api.query.spectrum.offers(0);
  assert.ok(offer.isSome, 'the dev genesis posts offer #0');
  const cells = [613_300_001, 613_300_002];
  const n = await best(api);
  const window = { start: n, end: n + 600 };
  const range = { low: 3_700 * MHZ, high: 3_720 * MHZ };
  const free = (await api.rpc.spectrum.freeSpectrum(range.low, range.high, cells, n, n + 600)).toJSON();
  assert.equal(free.free, true, `3,700–3,720 MHz is free (blocking grants: ${free.blockingGrants})`);
  const accepted = await submit(api, api.tx.spectrum.acceptOffer(0, range, cells, window), who.bob);
  const grant = eventOf(api, accepted, 'spectrum', 'Granted').grant.toNumber();
  say(S, `Bob (FRAMC) leases 3,700–3,720 MHz over 2 cells from Alice's offer at 0.50 EUR per MHz-hour: grant #${grant}`);
  // His radio: a CBSD whose P-256 key never leaves its secure element, attested by Dave's factory.
  const genesis = api.genesisHash.toHex();
  const serial = `SN-CBSD-2026-${String(counter()).slice(-6)}`;
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
    attestation: { Ed25519: u8aToHex(new Keyring({ type: 'ed25519' }).addFromUri('//Dave').sign(attestation)) },
    possession: { P256: sign(possession) },
  }), who.dave);
  await submit(api, api.tx.deviceIdentity.transferCustody(device, who.bob.address, null), who.dave);
  await submit(api, api.tx.deviceIdentity.activate(device), who.bob);
  await submit(api, api.tx.spectrum.assignRadio(grant, device, 30, 25), who.bob);
  say(S, `Bob names the radio that transmits: ${serial} from Dave's factory, in his custody, 30 dBm/10 MHz (the licence's maximum), antenna at 25 m`);
  const at = await best(api);
  const payload = api.createType('([u8;16], Hash, u64, H256, u32)',
    [Array.from(stringToU8a('tcc/spectrum/hb1')), api.genesisHash, grant, device, at]).toU8a();
  await submit(api, api.tx.spectrum.radioHeartbeat(grant, at, { P256: sign(payload) }), who.eve);
  assert.equal((await api.rpc.spectrum.grant(grant)).toJSON().state, 'active');
  say(S, `the radio signs its heartbeat (block #${at}) with its own key; Eve relays it: the grant is active`);
  await untilBlock(api, (await best(api)) + 3);
  const billed = eventOf(api, await submit(api, api.tx.spectrum.bill(grant), who.alice), 'spectrum', 'Billed');
  say(S, `Alice bills the grant so far: ${money(billed.amount, 'EUR')} into clearing`);
  await submit(api, api.tx.spectrum.relinquish(grant), who.bob);
  assert.equal((await api.rpc.spectrum.freeSpectrum(range.low, range.high, cells, n + 600, n + 610)).toJSON().free, true);
  say(S, `Bob relinquishes the grant (state ${(await api.rpc.spectrum.grant(grant)).toJSON().state}); the slice is free again`);
}

// 5G sharing: the genesis site (Alice 60 %, Bob 40 %) whose base station is SN-AAU-2026-0002
// signs an energy report; Alice records maintenance and offers capacity; Charlie leases some;
// the base station reports an SLA breach; the month before last is settled into clearing (once, by a co-owner).
async function sharing({ api, who, ed, nameOf }) {
  const S = 'sharing';
  const site = 0;
  const record = (await api.rpc.sharing.site(site)).toJSON();
  assert.ok(record, 'the dev genesis holds site #0');
  const station = ed.addFromUri('//One');
  // The month before last: past its three-day settlement grace for late reports.
  const { before: last, current } = months();
  const settled = (await api.query.fiveGSharing.settled(site, last)).isSome;
  const period = settled ? current : last;
  const next = period.month === 12 ? { year: period.year + 1, month: 1 } : { year: period.year, month: period.month + 1 };
  const tag = (text) => Array.from(Buffer.from(text));
  const signed = (types, values) => ({ Ed25519: u8aToHex(station.sign(api.createType(types, values).toU8a())) });
  say(S, `site #${site}: owners ${record.owners.map((o) => `${nameOf(o.who ?? o.owner)} ${o.share / 100} %`).join(', ')}; period ${periodName(period)}`);

  // Cumulative meter readings for this chain (genesis hash): 1,800 kWh used over the month; a
  // re-run extends the month's readings.
  const known = (await api.query.fiveGSharing.costs(site, period)).toJSON();
  const opening = known.readings > 0 ? known.highReading : 100_000;
  const meter = (kwh) => signed('([u8;16], Hash, u32, (u16, u8), u64)', [tag('tcc/5g/energy/v2'), api.genesisHash, site, [period.year, period.month], kwh]);
  for (const kwh of [opening + 1_800, ...(known.readings > 0 ? [] : [opening])]) {
    await submit(api, api.tx.fiveGSharing.reportEnergy(site, period, kwh, meter(kwh)), who.eve);
  }
  say(S, 'the base station signs meter readings 1,800 kWh apart; Eve relays them');
  // Alice's maintenance invoice is a proposal: Bob, the other owner, approves and executes it
  // (every owner approved, so the dispute window need not pass).
  const proposed = await submit(api, api.tx.fiveGSharing.recordMaintenance(site, period, 12_000, h(0x5e)), who.alice);
  const proposal = eventOf(api, proposed, 'fiveGSharing', 'ChangeProposed').proposal.toNumber();
  await submit(api, api.tx.utility.batchAll([
    api.tx.fiveGSharing.approveChange(proposal),
    api.tx.fiveGSharing.executeChange(proposal),
  ]), who.bob);
  say(S, `Alice proposes a maintenance invoice of ${money(12_000, 'EUR')}; Bob approves it and it is booked`);

  const sla = { availability: 9_950, throughput: 100, penalty: 1_000 };
  const offered = await submit(api, api.tx.fiveGSharing.offerCapacity(site, 100, 80, period, next, sla), who.alice);
  const offer = eventOf(api, offered, 'fiveGSharing', 'CapacityOffered').offer.toNumber();
  const leased = await submit(api, api.tx.fiveGSharing.leaseCapacity(offer, 50), who.charlie);
  const lease = eventOf(api, leased, 'fiveGSharing', 'Leased').lease.toNumber();
  say(S, `Alice offers 100 units at 0.80 EUR; Charlie (GBRTC) leases 50 (lease #${lease}, 99.5 % availability SLA)`);
  // A new lease each run: its first sample (sequences run from 0 below the sample cap).
  const slaSequence = 0;
  const breach = await submit(api, api.tx.fiveGSharing.reportSla(lease, period, slaSequence, 9_870, 120,
    signed('([u8;16], Hash, u32, (u16, u8), u32, u16, u32)', [tag('tcc/5g/sla/v2///'), api.genesisHash, lease, [period.year, period.month], slaSequence, 9_870, 120])), who.charlie);
  say(S, `the base station reports 98.70 % availability: breach, credit ${money(eventOf(api, breach, 'fiveGSharing', 'SlaBreached').penalty, 'EUR')}`);

  if (settled) {
    say(S, `${periodName(last)} was settled by an earlier run; ${periodName(current)} settles after the month ends`);
    return;
  }
  // Only a party settles: Bob, a co-owner.
  await submit(api, api.tx.fiveGSharing.settlePeriod(site, period), who.bob);
  const statement = (await api.rpc.sharing.statement(site, period, who.bob.address)).toJSON();
  say(S, `${periodName(period)} settled: Bob's share — opex ${money(statement.opex, 'EUR')}, revenue ${money(statement.revenue, 'EUR')}, penalties ${money(statement.penalties, 'EUR')}`);
}

// Tender: Alice publishes a weighted sealed-bid tender (40 % price); Bob and Charlie commit bids;
// Alice, Bob and Charlie draw a five-member panel from the expert registry by commit-reveal
// seeds; they reveal; the panel scores; Alice awards and concludes after the standstill.
// The dev chain's minimum bid period and standstill are shortened through sudo, as the test does.
async function tender({ api, who, nameOf }) {
  const S = 'tender';
  const u32 = (n) => u8aToHex(api.createType('u32', n).toU8a());
  await submit(api, api.tx.sudo.sudo(api.tx.system.setStorage([
    [xxhashAsHex(':TenderMinBidPeriod:', 128), u32(2)],
    [xxhashAsHex(':TenderMinRevealPeriod:', 128), u32(3)],
    [xxhashAsHex(':TenderAnswerCutoff:', 128), u32(1)],
    [xxhashAsHex(':TenderMinStandstill:', 128), u32(1)],
    [xxhashAsHex(':TenderSeedRevealPeriod:', 128), u32(2)],
  ])), who.alice);
  // The dev chain's expert registry (genesis): funded well-known accounts that are not operators.
  const experts = ['//Eve', '//Ferdie', '//Alice//stash', '//Bob//stash', '//Charlie//stash', '//Dave//stash', '//Eve//stash']
    .map((uri) => new Keyring({ type: 'sr25519' }).addFromUri(uri));
  const n = await best(api);
  const timetable = { clarificationDeadline: n + 3, bidDeadline: n + 6, technicalEnd: n + 12, revealEnd: n + 15, evaluationEnd: n + 18, standstillEnd: n + 20 };
  const published = await submit(api, api.tx.tender.publish(
    'Dark fibre ring, 40 shared sites', h(0x7e), 1, 'EUR',
    { Invited: [who.bob.address, who.charlie.address] }, 100_000_000_000_000n, timetable,
    { Weighted: { priceWeight: 40 } },
    'Restricted',
  ), who.alice);
  const id = eventOf(api, published, 'tender', 'Published').tender.toNumber();
  say(S, `Alice publishes tender #${id} (bids due at #${timetable.bidDeadline}, 100 UNIT bid bond, panel to be drawn from the expert registry)`);

  const bids = [
    { bidder: who.bob, price: 1_200_000n, document: h(0xb1), salt: blake2AsHex(`bob${id}${Date.now()}`) },
    { bidder: who.charlie, price: 1_050_000n, document: h(0xc1), salt: blake2AsHex(`charlie${id}${Date.now()}`) },
  ];
  const commitment = ({ bidder, price, document, salt }) => u8aToHex(blake2AsU8a(api.createType(
    '(u32, u8, (u128, H256), [u8; 32], AccountId32)', [id, 0, [price, document], salt, bidder.address]).toU8a(), 256));
  await Promise.all(bids.map((bid) => submit(api, api.tx.tender.commitBid(id, 0, commitment(bid)), bid.bidder)));
  say(S, 'Bob and Charlie commit sealed bids (only hashes on chain; bonds held)');

  // Panel draw: the buyer and the bidders commit seeds before the deadline, reveal them after.
  const contributors = [who.alice, who.bob, who.charlie];
  const seeds = new Map(contributors.map((c) => [c, blake2AsHex(`seed${c.address}${id}${Date.now()}`)]));
  const seedCommitment = (c) => u8aToHex(blake2AsU8a(api.createType('(u32, AccountId32, [u8; 32])', [id, c.address, seeds.get(c)]).toU8a(), 256));
  await Promise.all(contributors.map((c) => submit(api, api.tx.tender.commitDrawSeed(id, seedCommitment(c)), c)));
  await untilBlock(api, timetable.bidDeadline + 1);
  await Promise.all(contributors.map((c) => submit(api, api.tx.tender.revealDrawSeed(id, seeds.get(c)), c)));
  await untilBlock(api, timetable.bidDeadline + 3);
  const drawn = eventOf(api, await submit(api, api.tx.tender.drawPanel(id), who.alice), 'tender', 'PanelDrawn');
  const panel = drawn.panel.map((m) => experts.find((e) => e.address === m.toString()));
  say(S, `Alice, Bob and Charlie reveal their seeds; the panel is drawn: ${panel.map((m) => nameOf(m.address)).join(', ')}`);

  // Two-envelope: the panel seals its technical scores before any price opens.
  const scores = [[who.bob.address, 90], [who.charlie.address, 70]];
  const scoreSalt = (member) => blake2AsHex(`scores${member.address}${id}${Date.now()}`);
  const salts = new Map(panel.map((member) => [member, scoreSalt(member)]));
  const sealedScores = (member) => u8aToHex(blake2AsU8a(api.createType(
    '(u32, u8, AccountId32, Vec<(AccountId32, u8)>, [u8; 32])',
    [id, 0, member.address, scores, salts.get(member)]).toU8a(), 256));
  await Promise.all(panel.map((member) => submit(api, api.tx.tender.commitScores(id, 0, sealedScores(member)), member)));
  say(S, 'the five-member panel seals its technical scores before any price is opened');
  await untilBlock(api, timetable.technicalEnd + 1);
  await Promise.all(bids.map((bid) => submit(api, api.tx.tender.revealBid(id, 0, { price: bid.price, document: bid.document }, bid.salt), bid.bidder)));
  say(S, `bids revealed: Bob ${money(bids[0].price, 'EUR')}, Charlie ${money(bids[1].price, 'EUR')}`);

  await untilBlock(api, timetable.revealEnd + 1);
  await Promise.all(panel.map((member) => submit(api, api.tx.tender.scoreBids(id, 0, scores, salts.get(member)), member)));
  say(S, 'the panel opens its sealed scores: Bob 90, Charlie 70');
  const awarded = eventOf(api, await submit(api, api.tx.tender.award(id), who.alice), 'tender', 'LotAwarded');
  say(S, `award: ${nameOf(awarded.winner)} wins with ${(Number(awarded.points) / 1_000_000).toFixed(1)} points`);

  await untilBlock(api, timetable.standstillEnd + 1);
  await submit(api, api.tx.tender.conclude(id, h(0xcc)), who.alice);
  const final = (await api.rpc.tender.tender(id)).toJSON();
  assert.equal(final.status, 'concluded');
  say(S, `standstill over, contract signed: tender ${final.status}, ${final.history.length} steps in its audit trail, bonds released`);
}

// Clearing: Alice bills Charlie, Charlie files a bulk batch of interconnect records against Bob
// under Bob's mandate (held for Bob's dispute window); everything the other stories emitted is
// netted at a forced cut-off and settled on-chain in the tokenised currencies.
async function clearing({ api, who, nameOf }) {
  const S = 'clearing';
  const operators = [who.alice, who.bob, who.charlie];
  const index = {};
  for (const op of operators) index[op.address] = (await api.query.clearing.participants(op.address)).unwrap().index.toNumber();
  const methods = () => ['EUR', 'XDR'].map((c) => api.tx.clearing.setSettlementMethod(c, 'OnChain'));
  const mandated = (await api.query.clearing.mandates(who.bob.address, who.charlie.address, 'EUR')).isSome;
  const mandate = mandated ? [] : [api.tx.clearing.grantMandate(who.charlie.address, 'EUR', 10_000_000)];
  await Promise.all(operators.map((op) => submit(api,
    api.tx.utility.batchAll(op === who.bob ? [...methods(), ...mandate] : methods()), op)));
  say(S, 'the operators settle EUR and XDR on-chain; Bob lets Charlie bill him in bulk');

  const bill = eventOf(api, await submit(api, api.tx.clearing.submitBill(who.charlie.address, 'EUR', 250_000, blake2AsHex(`demo bill ${counter()}`), h(0x12)), who.alice), 'clearing', 'BillSubmitted').bill.toNumber();
  await submit(api, api.tx.clearing.acceptBill(bill), who.charlie);
  say(S, `Alice bills Charlie ${money(250_000, 'EUR')} for site rental; Charlie accepts`);
  const records = Array.from({ length: 2_000 }, (_, n) => ({
    payer: index[who.bob.address], payee: index[who.charlie.address], currency: 'EUR', amount: 35, reference: counter() * 10_000 + n,
  }));
  const batch = eventOf(api, await submit(api, api.tx.clearing.submitBatch(records, 1), who.charlie), 'clearing', 'BatchAccepted');
  say(S, `Charlie files 2,000 interconnect records against Bob as batch #${batch.batch}; Bob may dispute them for two days before they are netted`);

  const cycle = (await api.rpc.clearing.cycle(null)).toJSON().id;
  await submit(api, api.tx.sudo.sudo(api.tx.clearing.forceCutOff()), who.alice);
  const deadline = Date.now() + 120_000;
  while ((await api.rpc.clearing.cycle(cycle)).toJSON().phase !== 'instructed') {
    if (Date.now() > deadline) throw new Error(`cycle ${cycle} was not instructed within 2 minutes`);
    await sleep(1_000);
  }
  const instructions = (await api.rpc.clearing.instructions(cycle)).toJSON();
  say(S, `cycle #${cycle} cut off and netted into ${instructions.length} payment instruction(s):`);
  for (const i of instructions) say(S, `  ${nameOf(i.payer)} → ${nameOf(i.payee)} ${money(i.amount, i.currency)}`);
  const currencies = [...new Set(instructions.map((i) => i.currency))];
  // Each payer settles its own instructions, all or nothing for that payer.
  const payers = [...new Set(instructions.map((i) => `${i.payer} ${i.currency}`))].map((key) => key.split(' '));
  for (const [payer, currency] of payers) {
    const signer = operators.find((op) => op.address === payer);
    if (signer) await submit(api, api.tx.clearing.settleOnChain(cycle, currency), signer);
  }
  const statement = (await api.rpc.clearing.statement(cycle, who.alice.address)).toJSON();
  assert.ok(statement.lines.every((line) => line.instructions.every((i) => i.status === 'settled')), 'every instruction of Alice settled');
  say(S, `settled on-chain in ${currencies.join(' and ') || 'no currency'}; Alice's statement: ${statement.lines.map((l) => `${money(l.net, l.currency)} net`).join(', ')}`);
}

main().catch((error) => {
  console.error(`demo failed: ${error.message}`);
  process.exit(1);
});
