// The JavaScript client package for billing systems (clients/js, @telecom-consortium/api) in the
// e2e run: its own checks of the definitions against a dev node, imported from the source tree,
// and the copy `npm ci` installed here, used as an integrator would (`connect()`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect, telecomRpc } from '@telecom-consortium/api';
import { devNode } from '../../clients/js/test/node.test.mjs';

const source = fileURLToPath(new URL('../../clients/js/', import.meta.url));
const installed = dirname(createRequire(import.meta.url).resolve('@telecom-consortium/api/package.json'));

test('the installed package is the source tree\'s (else: npm ci in e2e/)', () => {
  const files = (dir) => readdirSync(join(dir, 'src')).sort();
  assert.deepEqual(files(installed), files(source));
  for (const file of [...files(source).map((f) => join('src', f)), 'package.json', 'index.d.ts', 'definitions.d.ts']) {
    assert.equal(readFileSync(join(installed, file), 'utf8'), readFileSync(join(source, file), 'utf8'),
      `${file} is stale in e2e/node_modules: run npm ci in e2e/`);
  }
});

test('connect() over WebSocket and HTTP gives an ApiPromise with the custom RPCs and runtime APIs', async () => {
  const { rpcPort } = devNode();
  const alice = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
  for (const url of [`ws://127.0.0.1:${rpcPort}`, `http://127.0.0.1:${rpcPort}`]) {
    const api = await connect(url, { check: true });
    try {
      assert.equal(api.runtimeVersion.specName.toString(), 'telecom-chain', url);
      assert.deepEqual(Object.keys(api.rpc.clearing).sort(), Object.keys(telecomRpc.clearing).sort());
      const agreement = (await api.rpc.roaming.agreement(0)).toJSON();
      assert.equal(agreement.status, 'active', `${url}: the demo agreement over RPC`);
      const viaRuntime = (await api.call.roamingApi.agreement(0)).toJSON();
      assert.equal(viaRuntime.status, 'Active', `${url}: the demo agreement over the runtime API`);
      assert.ok(Array.isArray((await api.call.clearingApi.openPositions(alice)).toJSON()));
    } finally {
      await api.disconnect();
    }
  }
});

test('connect() rejects when no node listens, and leaves nothing running', { timeout: 30_000 }, async () => {
  await assert.rejects(connect('ws://127.0.0.1:9'));
});
