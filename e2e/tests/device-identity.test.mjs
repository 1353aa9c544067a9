// Device identity over JSON-RPC: Dave (the dev chain's manufacturer) attests a radio unit whose
// P-256 key, generated as a SIM secure element would, proves possession on this chain; Dave
// hands it over to Alice, who activates it; the RPC verifies the unit's signature until Alice revokes the key.
// Bob and Charlie block-list a unit of Alice's, which suspends it until they withdraw.
// A subscriber's eSIM key signs a consent receipt that a partner verifies over RPC until the key
// revokes it; Dave registers 1,000 trackers by one Merkle root and one enrolls itself with a proof.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign as signWith } from 'node:crypto';
import { Keyring } from '@polkadot/keyring';
import { u8aConcat, u8aToHex, stringToU8a, hexToU8a, numberToU8a } from '@polkadot/util';
import { blake2AsHex, blake2AsU8a } from '@polkadot/util-crypto';
import { startDevNode } from '../lib/node.mjs';
import { telecomRpc } from '@telecom-consortium/api';
import { submit } from '../lib/tx.mjs';

let node;
let api;
let alice, dave, daveAttestation;

before(async () => {
  node = await startDevNode({ rpc: telecomRpc });
  api = node.api;
  const keyring = new Keyring({ type: 'sr25519' });
  alice = keyring.addFromUri('//Alice');
  dave = keyring.addFromUri('//Dave');
  // Dave's attestation key at genesis is his ed25519 dev key.
  daveAttestation = new Keyring({ type: 'ed25519' }).addFromUri('//Dave');
});

after(async () => {
  await node?.stop();
});

// A P-256 key pair as a secure element makes one: the compressed SEC1 public key and an ES256
// signer (r ‖ s over SHA-256).
function p256Device() {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { x, y } = publicKey.export({ format: 'jwk' });
  const yBytes = Buffer.from(y, 'base64url');
  const compressed = u8aConcat([yBytes[31] & 1 ? 0x03 : 0x02], Buffer.from(x, 'base64url'));
  const sign = (message) => u8aToHex(signWith('sha256', message, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
  return { public: u8aToHex(compressed), sign };
}

// The pallet's payloads, SCALE-encoded: a 16-byte domain tag, the genesis hash, the device id,
// then the key (enum index 3 = P-256, 33 bytes) or the key nonce (u32, little-endian).
const tag = (text) => stringToU8a(text);
// blake2_256("tcc/device/ident" ‖ identifier key ‖ serial), with the dev maker's identifier key.
const DEMO_ID_KEY = `0x${'da'.repeat(32)}`;
const demoDeviceId = (serial) => blake2AsHex(u8aConcat(tag('tcc/device/ident'), hexToU8a(DEMO_ID_KEY), stringToU8a(serial)));
const attestationPayload = (genesis, device, key) =>
  u8aConcat(tag('tcc/device/attst'), hexToU8a(genesis), hexToU8a(device), [3], hexToU8a(key));
const possessionPayload = (genesis, device, nonce) =>
  u8aConcat(tag('tcc/device/possn'), hexToU8a(genesis), hexToU8a(device), numberToU8a(nonce, 32).reverse());

test('a P-256 device is attested, activated, verified over RPC and revoked', { timeout: 180_000 }, async () => {
  const genesis = api.genesisHash.toHex();
  // Device ids are keyed with the manufacturer's identifier key (the dev maker's is public).
  const device = demoDeviceId('IMEI 35-209900-176148-1');
  const unit = p256Device();

  const registration = {
    device,
    key: { P256: unit.public },
    model: 'AAU 64T64R n78',
    batch: '2026-W47',
    firmware: '5.2.1',
    attestationKey: 0,
    attestation: { Ed25519: u8aToHex(daveAttestation.sign(attestationPayload(genesis, device, unit.public))) },
    possession: { P256: unit.sign(possessionPayload(genesis, device, 0)) },
  };
  // A proof made for another chain is refused.
  const replayed = { ...registration, possession: { P256: unit.sign(possessionPayload(`0x${'11'.repeat(32)}`, device, 0)) } };
  await assert.rejects(submit(api, api.tx.deviceIdentity.registerDevice(replayed), dave), /deviceIdentity\.BadPossessionProof/);
  await submit(api, api.tx.deviceIdentity.registerDevice(registration), dave);

  const payload = u8aToHex(stringToU8a('kWh=1042;site=LYS-0042;t=2026-11-25T10:00Z'));
  const signature = `p256:${unit.sign(hexToU8a(payload))}`;
  assert.deepEqual((await api.rpc.device.verify(device, payload, signature)).toJSON(), { valid: false, reason: 'notActive' });

  // Only the buyer Dave hands the unit to may activate it.
  await assert.rejects(submit(api, api.tx.deviceIdentity.activate(device), alice), /deviceIdentity\.NotAuthorized/);
  await submit(api, api.tx.deviceIdentity.transferCustody(device, alice.address, null), dave);
  await submit(api, api.tx.deviceIdentity.activate(device), alice);
  const record = (await api.rpc.device.device(device)).toJSON();
  assert.equal(record.status, 'active');
  assert.equal(record.custodian, alice.address);
  assert.equal(record.keys[0].key, `p256:${unit.public}`);
  assert.deepEqual(record.history.map((e) => e.step), ['registered', 'custodyTransferred', 'activated']);

  assert.deepEqual((await api.rpc.device.verify(device, payload, signature)).toJSON(), { valid: true, reason: null });
  const tampered = u8aToHex(stringToU8a('kWh=9999;site=LYS-0042;t=2026-11-25T10:00Z'));
  assert.deepEqual((await api.rpc.device.verify(device, tampered, signature)).toJSON(), { valid: false, reason: 'badSignature' });

  const revoked = await submit(api, api.tx.deviceIdentity.revokeKey(device, 'KeyCompromise', null, null), alice);
  const revokedAt = (await api.rpc.chain.getHeader(revoked.blockHash)).number.toNumber();
  assert.deepEqual((await api.rpc.device.verify(device, payload, signature)).toJSON(), { valid: false, reason: 'noValidKey' });
  assert.equal((await api.rpc.device.keyValidAt(device, `p256:${unit.public}`, revokedAt - 1)).toJSON(), true);
  assert.equal((await api.rpc.device.keyValidAt(device, `p256:${unit.public}`, revokedAt)).toJSON(), false);
  const after = (await api.rpc.device.device(device)).toJSON();
  assert.equal(after.keys[0].endedBy, 'KeyCompromise');
  assert.equal(after.history.at(-1).step, 'keyRevoked');

  // The genesis units are there for newcomers: two in service with Alice.
  const inService = (await api.rpc.device.device(demoDeviceId('SN-AAU-2026-0001'))).toJSON();
  // Nobody finds it by hashing the serial alone.
  assert.equal((await api.rpc.device.device(blake2AsHex('SN-AAU-2026-0001'))).toJSON(), null);
  assert.equal(inService.status, 'active');
  assert.equal(inService.manufacturer, dave.address);
});

test('two operators block-list a unit in service, which RPC reports, until both withdraw', { timeout: 180_000 }, async () => {
  // The genesis unit SN-AAU-2026-0002 is in service with Alice and holds One's ed25519 dev key.
  const unit = demoDeviceId('SN-AAU-2026-0002');
  const one = new Keyring({ type: 'ed25519' }).addFromUri('//One');
  const keyring = new Keyring({ type: 'sr25519' });
  const bob = keyring.addFromUri('//Bob');
  const charlie = keyring.addFromUri('//Charlie');
  const payload = u8aToHex(stringToU8a('attach;cell=613300001'));
  const signature = `ed25519:${u8aToHex(one.sign(hexToU8a(payload)))}`;
  assert.deepEqual((await api.rpc.device.verify(unit, payload, signature)).toJSON(), { valid: true, reason: null });

  // The custodian does not report its own unit; Bob's report alone lists nothing.
  await assert.rejects(submit(api, api.tx.deviceIdentity.reportDevice(unit, 'Stolen'), alice), /deviceIdentity\.ReporterIsCustodian/);
  await submit(api, api.tx.deviceIdentity.reportDevice(unit, 'Stolen'), bob);
  assert.equal((await api.rpc.device.blockListing(unit)).toJSON().listed, false);
  const listed = await submit(api, api.tx.deviceIdentity.reportDevice(unit, 'Fraud'), charlie);
  const listedAt = (await api.rpc.chain.getHeader(listed.blockHash)).number.toNumber();

  const entry = (await api.rpc.device.blockListing(unit)).toJSON();
  assert.equal(entry.listed, true);
  assert.equal(entry.since, listedAt);
  assert.deepEqual(entry.reasons, ['Stolen', 'Fraud']);
  assert.equal(entry.reporters, 2);
  assert.equal(entry.regulator, null);
  assert.deepEqual((await api.rpc.device.verify(unit, payload, signature)).toJSON(), { valid: false, reason: 'blockListed' });
  const record = (await api.rpc.device.device(unit)).toJSON();
  assert.equal(record.status, 'suspended');
  assert.equal(record.blockListedSince, listedAt);
  assert.equal(record.history.at(-1).step, 'blockListed');
  // Alice cannot lift the block list's suspension herself.
  await assert.rejects(submit(api, api.tx.deviceIdentity.resume(unit), alice), /deviceIdentity\.BlockListed/);

  // Found: both reporters withdraw, and the unit is back in service.
  await submit(api, api.tx.deviceIdentity.withdrawReport(unit), bob);
  assert.equal((await api.rpc.device.blockListing(unit)).toJSON().listed, true);
  await submit(api, api.tx.deviceIdentity.withdrawReport(unit), charlie);
  assert.deepEqual((await api.rpc.device.blockListing(unit)).toJSON(), {
    listed: false, since: null, reasons: [], reporters: 0, regulator: null, reports: [],
  });
  assert.equal((await api.rpc.device.device(unit)).toJSON().status, 'active');
  assert.deepEqual((await api.rpc.device.verify(unit, payload, signature)).toJSON(), { valid: true, reason: null });
});

// ---- SIM consent receipts ----

// SCALE of a consent's terms as the chain encodes them (taken from the call's own argument),
// and the payloads the subscriber key signs: tag ‖ genesis ‖ terms, tag ‖ genesis ‖ consent id.
const consentPayload = (genesis, terms) => u8aConcat(tag('tcc/sim/consent_'), hexToU8a(genesis), terms);
const consentRevocationPayload = (genesis, id) => u8aConcat(tag('tcc/sim/revoke__'), hexToU8a(genesis), hexToU8a(id));

test('an eSIM key consents, a partner verifies over RPC, the subscriber revokes', { timeout: 180_000 }, async () => {
  const genesis = api.genesisHash.toHex();
  const bob = new Keyring({ type: 'sr25519' }).addFromUri('//Bob');
  const sim = p256Device();
  const key = { P256: sim.public };
  // The key's pseudonymous id: blake2_256 of its SCALE form (kind 3 = P-256, then 33 bytes).
  const subscriber = blake2AsHex(u8aConcat([3], hexToU8a(sim.public)));
  const partner = blake2AsHex('sm-dp-plus.partner.example');
  const head = (await api.rpc.chain.getHeader()).number.toNumber();
  const terms = {
    subscriber,
    purpose: 'esim-profile-download',
    dataCategory: 'eid',
    recipient: { Partner: partner },
    expiresAt: head + 1_000,
    nonce: 1,
  };
  const encode = (t) => api.tx.deviceIdentity.recordConsent(key, t, { P256: `0x${'00'.repeat(64)}` }).args[1].toU8a();
  const termsBytes = encode(terms);
  const consent = blake2AsHex(termsBytes);
  const signature = { P256: sim.sign(consentPayload(genesis, termsBytes)) };

  // A forged recipient, or a receipt signed for another chain, is refused.
  const forged = { ...terms, recipient: { Partner: blake2AsHex('someone-else') } };
  await assert.rejects(submit(api, api.tx.deviceIdentity.recordConsent(key, forged, signature), alice), /deviceIdentity\.BadConsentSignature/);
  const elsewhere = { P256: sim.sign(consentPayload(`0x${'11'.repeat(32)}`, termsBytes)) };
  await assert.rejects(submit(api, api.tx.deviceIdentity.recordConsent(key, terms, elsewhere), alice), /deviceIdentity\.BadConsentSignature/);

  assert.deepEqual((await api.rpc.device.verifyConsent(consent)).toJSON(), { valid: false, reason: 'unknown' });
  // Alice (the subscriber's operator) submits it and holds its deposit.
  await submit(api, api.tx.deviceIdentity.recordConsent(key, terms, signature), alice);
  await assert.rejects(submit(api, api.tx.deviceIdentity.recordConsent(key, terms, signature), alice), /deviceIdentity\.ConsentExists/);

  const answer = (await api.rpc.device.verifyConsent(consent)).toJSON();
  assert.equal(answer.valid, true);
  assert.equal(answer.reason, null);
  assert.equal(answer.subscriber, subscriber);
  assert.equal(answer.key, `p256:${sim.public}`);
  assert.equal(answer.purpose, 'esim-profile-download');
  assert.equal(answer.dataCategory, 'eid');
  assert.deepEqual(answer.recipient, { partner });
  assert.equal(answer.expiresAt, head + 1_000);
  assert.equal(answer.revokedAt, null);
  assert.equal(answer.payer, alice.address);

  // Only the subscriber's key revokes: Bob's own P-256 key cannot; the subscriber's signature,
  // submitted by anyone, does; a replay is refused.
  const intruder = p256Device();
  await assert.rejects(
    submit(api, api.tx.deviceIdentity.revokeConsent(consent, { P256: intruder.sign(consentRevocationPayload(genesis, consent)) }), bob),
    /deviceIdentity\.BadConsentSignature/,
  );
  const revocation = { P256: sim.sign(consentRevocationPayload(genesis, consent)) };
  const revoked = await submit(api, api.tx.deviceIdentity.revokeConsent(consent, revocation), bob);
  const revokedAt = (await api.rpc.chain.getHeader(revoked.blockHash)).number.toNumber();
  await assert.rejects(submit(api, api.tx.deviceIdentity.revokeConsent(consent, revocation), bob), /deviceIdentity\.ConsentAlreadyRevoked/);
  const after = (await api.rpc.device.verifyConsent(consent)).toJSON();
  assert.equal(after.valid, false);
  assert.equal(after.reason, 'revoked');
  assert.equal(after.revokedAt, revokedAt);
  // Not purgeable before its expiry and grace.
  await assert.rejects(submit(api, api.tx.deviceIdentity.purgeConsent(consent), bob), /deviceIdentity\.ConsentNotPurgeable/);
});

// ---- factory batches ----

// The batch tree of telecom_primitives::merkle, written out: leaf = blake2_256(0x00 ‖ device id
// ‖ SCALE key), node = blake2_256(0x01 ‖ left ‖ right), an odd last node is carried up.
const leafHash = (device, keyIndex, keyBytes) => blake2AsU8a(u8aConcat([0], hexToU8a(device), [keyIndex], hexToU8a(keyBytes)));
const nodeHash = (left, right) => blake2AsU8a(u8aConcat([1], left, right));
const nextLevel = (level) => {
  const up = [];
  for (let i = 0; i < level.length; i += 2) up.push(i + 1 < level.length ? nodeHash(level[i], level[i + 1]) : level[i]);
  return up;
};
function merkleRoot(leaves) {
  let level = leaves;
  while (level.length > 1) level = nextLevel(level);
  return u8aToHex(level[0]);
}
function merkleProof(leaves, index) {
  const proof = [];
  let level = leaves;
  let at = index;
  while (level.length > 1) {
    if ((at ^ 1) < level.length) proof.push(u8aToHex(level[at ^ 1]));
    level = nextLevel(level);
    at >>= 1;
  }
  return proof;
}

test('1,000 trackers registered by one root; one enrolls with a proof, once', { timeout: 180_000 }, async () => {
  const genesis = api.genesisHash.toHex();
  const bob = new Keyring({ type: 'sr25519' }).addFromUri('//Bob');
  const size = 1_000;
  const enrolling = 417;
  const tracker = p256Device();
  // Device 417 holds a real P-256 key; the others' (ed25519) keys stand in for devices that do
  // not enroll in this test.
  const devices = Array.from({ length: size }, (_, i) => ({
    id: demoDeviceId(`IMEI 35-777000-${String(i).padStart(6, '0')}-0`),
    key: i === enrolling ? { P256: tracker.public } : { Ed25519: blake2AsHex(`tracker-key-${i}`) },
  }));
  const leaves = devices.map(({ id, key }) => (key.P256 ? leafHash(id, 3, key.P256) : leafHash(id, 1, key.Ed25519)));
  const root = merkleRoot(leaves);

  const registered = await submit(api, api.tx.deviceIdentity.registerFactoryBatch(root, size, 0, 'NB-IoT tracker', '2026-W49', '1.0.0'), dave);
  const event = registered.events.find(({ event }) => api.events.deviceIdentity.FactoryBatchRegistered.is(event));
  const batch = event.event.data.batch.toNumber();
  assert.equal(event.event.data.devices.toNumber(), size);

  const { id } = devices[enrolling];
  const possession = { P256: tracker.sign(possessionPayload(genesis, id, 0)) };
  const proof = merkleProof(leaves, enrolling);
  assert.equal(proof.length, 10);
  // A proof at another index, or against no such batch, is refused.
  await assert.rejects(
    submit(api, api.tx.deviceIdentity.enrollFromBatch(batch, enrolling + 1, id, { P256: tracker.public }, possession, proof), bob),
    /deviceIdentity\.BadMerkleProof/,
  );
  await assert.rejects(
    submit(api, api.tx.deviceIdentity.enrollFromBatch(batch + 1, enrolling, id, { P256: tracker.public }, possession, proof), bob),
    /deviceIdentity\.UnknownBatch/,
  );
  // Anyone submits the device's own enrolment; it becomes an ordinary manufactured device.
  await submit(api, api.tx.deviceIdentity.enrollFromBatch(batch, enrolling, id, { P256: tracker.public }, possession, proof), bob);
  const record = (await api.rpc.device.device(id)).toJSON();
  assert.equal(record.status, 'manufactured');
  assert.equal(record.manufacturer, dave.address);
  assert.equal(record.custodian, dave.address);
  assert.equal(record.batch, '2026-W49');
  assert.equal(record.keys[0].key, `p256:${tracker.public}`);
  assert.deepEqual(record.history.map((e) => e.step), ['registered']);
  // A second enrolment is refused.
  await assert.rejects(
    submit(api, api.tx.deviceIdentity.enrollFromBatch(batch, enrolling, id, { P256: tracker.public }, possession, proof), bob),
    /deviceIdentity\.DeviceExists/,
  );
  // Dave closes the batch: nobody else may; no device enrolls from it afterwards.
  await assert.rejects(submit(api, api.tx.deviceIdentity.closeFactoryBatch(batch), bob), /deviceIdentity\.NotBatchManufacturer/);
  await submit(api, api.tx.deviceIdentity.closeFactoryBatch(batch), dave);
  const other = devices[3];
  await assert.rejects(
    submit(api, api.tx.deviceIdentity.enrollFromBatch(batch, 3, other.id, other.key, possession, merkleProof(leaves, 3)), bob),
    /deviceIdentity\.UnknownBatch/,
  );
});

test('a compromised attestation key flags every unit it attested, over RPC', { timeout: 120_000 }, async () => {
  // The genesis unit SN-AAU-2026-0001 holds Ferdie's ed25519 dev key and was attested by Dave's key 0.
  const unit = demoDeviceId('SN-AAU-2026-0001');
  const ferdie = new Keyring({ type: 'ed25519' }).addFromUri('//Ferdie');
  const payload = u8aToHex(stringToU8a('kWh=77;site=LYS-0001'));
  const signature = `ed25519:${u8aToHex(ferdie.sign(hexToU8a(payload)))}`;
  assert.deepEqual((await api.rpc.device.verify(unit, payload, signature)).toJSON(), { valid: true, reason: null });

  // Governance (sudo on the dev chain) revokes Dave's attestation key 0 for CA compromise.
  await submit(api, api.tx.sudo.sudo(api.tx.deviceIdentity.revokeAttestationKey(dave.address, 0, 'CaCompromise')), alice);
  assert.deepEqual((await api.rpc.device.verify(unit, payload, signature)).toJSON(), { valid: false, reason: 'attesterCompromised' });
  const record = (await api.rpc.device.device(unit)).toJSON();
  assert.equal(record.attesterCompromised, true);
  assert.equal(record.attestedBy, 0);
});
