// The four-validator `local` chain on loopback: GRANDPA finalizes with one validator down, a
// restarted validator catches up to the same finalized head from its own database, and with two
// of four down finality stalls while Aura goes on, resuming when a third validator returns.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNode, waitFor, heads } from '../lib/node.mjs';

// A fixed node key for Alice, so the others can name her as their boot node.
const ALICE_NODE_KEY = '0000000000000000000000000000000000000000000000000000000000000001';
const ALICE_PEER_ID = '12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp';
const NAMES = ['alice', 'bob', 'charlie', 'dave'];

const root = mkdtempSync(join(tmpdir(), 'telecom-local-'));
const nodes = {};
// p2p port of each validator; the others boot from Alice's.
const ports = {};

async function startValidator(name) {
  const args = ['--chain', 'local', `--${name}`];
  if (name === 'alice') {
    args.push('--node-key', ALICE_NODE_KEY);
  } else {
    args.push(
      '--unsafe-force-node-key-generation',
      '--bootnodes', `/ip4/127.0.0.1/tcp/${ports.alice}/p2p/${ALICE_PEER_ID}`,
    );
  }
  const node = await startNode({ args, basePath: join(root, name) });
  ports[name] = node.p2pPort;
  nodes[name] = node;
  return node;
}

async function stopValidator(name) {
  await nodes[name].stop();
  delete nodes[name];
}

const finalizedOf = async (name) => (await heads(nodes[name].api)).finalized;

before(async () => {
  await startValidator('alice');
  await Promise.all(NAMES.slice(1).map(startValidator));
});

after(async () => {
  await Promise.all(Object.values(nodes).map((node) => node.stop()));
  rmSync(root, { recursive: true, force: true });
});

test('four validators author and finalize', { timeout: 120_000 }, async () => {
  const authorities = await nodes.alice.api.query.aura.authorities();
  assert.equal(authorities.length, 4, 'the local chain has four Aura authorities');
  await waitFor('finality of block #3 on every validator', async () => {
    const finalized = await Promise.all(NAMES.map(finalizedOf));
    return finalized.every((n) => n >= 3);
  }, 90_000, 1000);
});

test('finality continues with one validator stopped, and it catches up on restart', { timeout: 180_000 }, async () => {
  await stopValidator('dave');
  const from = await finalizedOf('alice');
  await waitFor(`finality past #${from + 3} without Dave`, async () => (await finalizedOf('alice')) >= from + 3, 90_000, 1000);

  await startValidator('dave');
  const target = await finalizedOf('alice');
  await waitFor(`Dave catching up to finalized #${target}`, async () => (await finalizedOf('dave')) >= target, 90_000, 1000);
  const hashAtTarget = async (name) => (await nodes[name].api.rpc.chain.getBlockHash(target)).toHex();
  assert.equal(await hashAtTarget('dave'), await hashAtTarget('alice'), 'Dave finalized the same chain');
});

test('with two of four down finality stalls, blocks go on, and a third validator resumes it', { timeout: 240_000 }, async () => {
  await Promise.all([stopValidator('charlie'), stopValidator('dave')]);
  const stalledAt = await finalizedOf('alice');
  const bestBefore = (await heads(nodes.alice.api)).best;
  // Alice and Bob keep authoring in their slots (every other 6-second slot on average).
  await waitFor('two more blocks from Alice and Bob', async () => (await heads(nodes.alice.api)).best >= bestBefore + 2, 90_000, 1000);
  const stalled = await finalizedOf('alice');
  assert.ok(stalled <= stalledAt + 1, `finality stalls with two of four validators (was #${stalledAt}, now #${stalled})`);

  await startValidator('charlie');
  const best = (await heads(nodes.alice.api)).best;
  await waitFor(`finality resuming up to #${best}`, async () => (await finalizedOf('alice')) >= best, 120_000, 1000);
});
