// Polkadot.js apps compatibility: walks the whole metadata of our pallets as apps does and checks
// that every call can be built from its metadata and decodes back, every storage item can be
// queried and decoded, every constant decodes, every event's fields have known types, and every
// call, storage item, constant, event and error has documentation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDevNode } from '../lib/node.mjs';
import { telecomRpc } from '@telecom-consortium/api';

const SECTIONS = ['clearing', 'tender', 'roaming', 'deviceIdentity', 'spectrum', 'fiveGSharing'];

let node;
let api;

before(async () => {
  node = await startDevNode({ rpc: telecomRpc });
  api = node.api;
});

after(async () => {
  await node?.stop();
});

test('every call of our pallets is built from metadata and round-trips', async () => {
  let calls = 0;
  for (const section of SECTIONS) {
    assert.ok(api.tx[section], `${section} has calls`);
    for (const [name, tx] of Object.entries(api.tx[section])) {
      assert.ok(tx.meta.docs.length > 0, `${section}.${name} is documented`);
      // Default values of every argument type, exactly as apps' extrinsic form starts.
      const args = tx.meta.args.map((arg) => api.createType(arg.type.toString()));
      const call = tx(...args);
      const decoded = api.createType('Call', call.method.toHex());
      assert.equal(decoded.section, section);
      assert.equal(decoded.method, name);
      assert.equal(decoded.toHex(), call.method.toHex(), `${section}.${name} round-trips`);
      calls += 1;
    }
  }
  assert.ok(calls >= 70, `walked ${calls} calls`);
});

test('every storage item is documented, queryable and decodes', { timeout: 120_000 }, async () => {
  let items = 0;
  for (const section of SECTIONS) {
    for (const [name, query] of Object.entries(api.query[section])) {
      const { meta } = query.creator;
      assert.ok(meta.docs.length > 0, `${section}.${name} storage is documented`);
      if (meta.type.isPlain) {
        const value = await query();
        assert.doesNotThrow(() => value.toJSON(), `${section}.${name} decodes`);
      } else {
        // Maps: the first page of entries, as apps' chain-state browser lists them.
        const entries = await query.entriesPaged({ args: [], pageSize: 5 });
        for (const [key, value] of entries) {
          assert.doesNotThrow(() => key.args.map((a) => a.toJSON()), `${section}.${name} key decodes`);
          assert.doesNotThrow(() => value.toJSON(), `${section}.${name} value decodes`);
        }
      }
      items += 1;
    }
  }
  assert.ok(items >= 60, `walked ${items} storage items`);
  // The demo data is there to browse.
  assert.equal((await api.query.roaming.agreements(0)).toJSON().status, 'Active');
  assert.ok((await api.query.spectrum.offers(0)).isSome);
  assert.ok((await api.query.tender.tenders(0)).isSome);
  assert.ok((await api.query.fiveGSharing.sites(0)).isSome);
});

test('every constant, event and error is documented and its types are known', () => {
  for (const section of SECTIONS) {
    for (const [name, constant] of Object.entries(api.consts[section] ?? {})) {
      assert.ok(constant.meta.docs.length > 0, `${section}.${name} constant is documented`);
      assert.doesNotThrow(() => constant.toJSON(), `${section}.${name} constant decodes`);
    }
    for (const [name, event] of Object.entries(api.events[section])) {
      assert.ok(event.meta.docs.length > 0, `${section}.${name} event is documented`);
      for (const field of event.meta.fields) {
        assert.doesNotThrow(() => api.createType(api.registry.lookup.getTypeDef(field.type).type),
          `${section}.${name}.${field.name} has a known type`);
      }
    }
    for (const [name, error] of Object.entries(api.errors[section])) {
      assert.ok(error.meta.docs.length > 0, `${section}.${name} error is documented`);
    }
  }
});
