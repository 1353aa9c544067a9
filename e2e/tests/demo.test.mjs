// The newcomer's demo (`scripts/demo.sh`): all six business stories against a fresh dev chain,
// then the roaming, 5G-sharing and clearing stories again on the same chain (the re-run paths:
// last month already closed and settled, mandate already granted).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startDevNode } from '../lib/node.mjs';

const demo = fileURLToPath(new URL('../demo.mjs', import.meta.url));
let node;

before(async () => {
  node = await startDevNode();
});

after(async () => {
  await node?.stop();
});

// Runs the demo script against the test's node; resolves with its exit code and output.
function runDemo(...args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [demo, '--url', `ws://127.0.0.1:${node.rpcPort}`, ...args]);
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('exit', (code) => resolve({ code, output }));
  });
}

test('every story of the demo succeeds on a fresh dev chain, and again', { timeout: 900_000 }, async () => {
  const first = await runDemo();
  assert.equal(first.code, 0, first.output);
  assert.match(first.output, /All 6 stories succeeded/);
  for (const story of ['device', 'roaming', 'spectrum', 'sharing', 'tender', 'clearing']) {
    assert.match(first.output, new RegExp(`\\[${story}\\s*\\] done in`), `${story} ran`);
  }
  // The netting at the end saw what the other stories put into clearing.
  assert.match(first.output, /Bob → Charlie [\d,.]+ XDR/, 'the roaming net is instructed');

  const again = await runDemo('--only', 'roaming,sharing,clearing');
  assert.equal(again.code, 0, again.output);
  assert.match(again.output, /last month is already closed/);
  assert.match(again.output, /was settled by an earlier run/);
  assert.match(again.output, /All 3 stories succeeded/);
});

test('the demo refuses an unknown story and a missing node with a clear message', { timeout: 60_000 }, async () => {
  const unknown = await runDemo('--only', 'billing');
  assert.notEqual(unknown.code, 0);
  assert.match(unknown.output, /unknown story billing/);
  const child = spawn(process.execPath, [demo, '--url', 'ws://127.0.0.1:9']);
  let output = '';
  child.stderr.on('data', (chunk) => { output += chunk; });
  const code = await new Promise((resolve) => child.on('exit', resolve));
  assert.notEqual(code, 0);
  assert.match(output, /no node at ws:\/\/127\.0\.0\.1:9/);
});
