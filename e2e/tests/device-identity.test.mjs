// Device identity over JSON-RPC: Dave (the dev chain's manufacturer) attests a radio unit whose
// P-256 key, generated as a SIM secure element would, proves possession on this chain; Dave
// hands it over to Alice, who activates it; the RPC verifies the unit's signature until Alice revokes the key.
// Bob and Charlie block-list a unit of Alice's, which suspends it until they withdraw.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign as signWith } from 'node:crypto';
import { Keyring } from '@polkadot/keyring';
import { u8aConcat, u8aToHex, stringToU8a, hexToU8a, numberToU8a } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
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
