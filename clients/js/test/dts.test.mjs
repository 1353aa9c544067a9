// The package's TypeScript declarations match its modules (no node needed): the RPC augmentation
// is what scripts/rpc-dts.mjs writes from src/rpc.mjs, and every export of the modules is declared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rpcDts } from '../scripts/rpc-dts.mjs';
import * as definitions from '../src/definitions.mjs';

const read = (file) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');

test('rpc-augment.d.ts is generated from the current RPC definitions', () => {
  assert.equal(read('rpc-augment.d.ts'), rpcDts(), 'stale: run node clients/js/scripts/rpc-dts.mjs');
  const text = read('rpc-augment.d.ts');
  for (const [section, methods] of Object.entries(definitions.telecomRpc)) {
    const start = text.indexOf(`\n    ${section}: {\n`);
    const body = text.slice(start, text.indexOf('\n    };', start));
    assert.ok(start > 0, `section ${section}`);
    for (const method of Object.keys(methods)) {
      assert.ok(body.includes(`\n      ${method}: AugmentedRpc<(`), `${section}.${method} is typed`);
    }
  }
});

test('every export is declared', () => {
  const declared = (file) => [...read(file).matchAll(/export declare (?:const|function) (\w+)/g)].map((m) => m[1]).sort();
  assert.deepEqual(declared('definitions.d.ts'), Object.keys(definitions).sort());
  const index = read('src/index.mjs');
  const own = [...index.matchAll(/^export (?:async )?function (\w+)/gm)].map((m) => m[1]);
  assert.deepEqual(own, ['connect']);
  assert.deepEqual(declared('index.d.ts'), own);
  assert.match(index, /export \* from '\.\/definitions\.mjs'/);
  assert.match(read('index.d.ts'), /export \* from '\.\/definitions\.js'/);
});
