// The four-validator `local` chain on loopback: GRANDPA finalizes with one validator down, a
// restarted validator catches up to the same finalized head from its own database, and with two
// of four down finality stalls while Aura goes on, resuming when a third validator returns; and
// after `kill -9` of every validator mid-load the chain resumes from disk with every finalized
// extrinsic still in place.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
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

test('after kill -9 of every validator mid-load, the chain resumes with every finalized extrinsic', { timeout: 300_000 }, async () => {
  await startValidator('dave');
  const api = () => nodes.alice.api;
  const ferdie = new Keyring({ type: 'sr25519' }).addFromUri('//Ferdie');
  const eve = new Keyring({ type: 'sr25519' }).addFromUri('//Eve');
  const UNIT = 1_000_000_000_000n;

  // Load: Ferdie streams transfers to Eve, pre-signed with explicit nonces, without waiting.
  let nonce = (await api().rpc.system.accountNextIndex(ferdie.address)).toNumber();
  const sent = new Set();
  const send = async (count) => {
    for (let i = 0; i < count; i += 1) {
      const tx = api().tx.balances.transferKeepAlive(eve.address, UNIT);
      await tx.signAsync(ferdie, { nonce, era: 0 });
      nonce += 1;
      sent.add(tx.hash.toHex());
      await api().rpc.author.submitExtrinsic(tx);
    }
  };
  const from = (await heads(api())).best;
  await send(20);
  await waitFor('the first transfers to finalize', async () => (await finalizedOf('alice')) >= from + 3, 120_000, 1000);
  // More in flight as the crash hits.
  await send(10);

  // Every transfer in a finalized block before the crash, with its block.
  const finalizedBefore = await finalizedOf('alice');
  const recorded = [];
  for (let n = from; n <= finalizedBefore; n += 1) {
    const hash = await api().rpc.chain.getBlockHash(n);
    const block = await api().rpc.chain.getBlock(hash);
    for (const ext of block.block.extrinsics) {
      if (sent.has(ext.hash.toHex())) recorded.push({ n, hash: hash.toHex(), ext: ext.hash.toHex() });
    }
  }
  assert.ok(recorded.length >= 5, `transfers were finalized before the crash (${recorded.length})`);

  await Promise.all(NAMES.map(async (name) => { await nodes[name].kill(); delete nodes[name]; }));
  await startValidator('alice');
  await Promise.all(NAMES.slice(1).map(startValidator));
  await waitFor(`finality past #${finalizedBefore + 2} after the restart`, async () => {
    const finalized = await Promise.all(NAMES.map(finalizedOf));
    return finalized.every((n) => n >= finalizedBefore + 2);
  }, 180_000, 1000);

  for (const { n, hash, ext } of recorded) {
    for (const name of NAMES) {
      assert.equal((await nodes[name].api.rpc.chain.getBlockHash(n)).toHex(), hash, `${name} keeps finalized block #${n}`);
    }
    const block = await api().rpc.chain.getBlock(hash);
    assert.ok(block.block.extrinsics.some((e) => e.hash.toHex() === ext), `transfer ${ext} is still in #${n}`);
  }
});
