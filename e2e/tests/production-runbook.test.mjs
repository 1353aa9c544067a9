// docs/validator.md's runbook, literally, for four founding operators on loopback: each generates
// its account, session keys and node key with `telecom-node key`, the specs's assembler runs
// `telecom-node production-spec`, each inserts its session keys and starts its validator. No dev
// key is used anywhere. The network finalizes, has no sudo key, and a council motion of three of
// the four operators acts as Root (authorises a runtime upgrade) while two cannot. Validators
// follow membership: the council admits a fifth operator (and shortens sessions for the test by a
// parameter it sets as Root), whose node registers session keys and authors blocks; the council
// removes one, whose validator leaves the set, and finality goes on. The network is permissioned:
// only the registered nodes of member operators peer (the founders' boot nodes at genesis, the
// fifth operator's once it registers it); an outsider's node neither peers nor syncs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { WsProvider } from '@polkadot/api';
import { cryptoWaitReady, blake2AsHex, xxhashAsHex, base58Decode } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import { nodeBinary, startNode, freePort, waitFor, heads } from '../lib/node.mjs';
import { submit } from '../lib/tx.mjs';

const root = mkdtempSync(join(tmpdir(), 'telecom-runbook-'));
const TADIGS = ['DEUTC', 'FRAMC', 'GBRTC', 'ESPTC'];
const operators = [];
const nodes = [];

function node(args) {
  return new Promise((resolve, reject) => {
    execFile(nodeBinary(), args, { timeout: 60_000, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`telecom-node ${args.join(' ')}: ${error.message}\n${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}

const generate = async (scheme) =>
  JSON.parse((await node(['key', 'generate', '--scheme', scheme, '--output-type', 'json'])).stdout);

before(async () => {
  await cryptoWaitReady();
  // Steps 2 and 3: every operator generates its own keys and hands over the public part.
  for (const [i, tadig] of TADIGS.entries()) {
    const dir = join(root, tadig);
    mkdirSync(dir);
    const account = await generate('sr25519');
    const aura = await generate('sr25519');
    const grandpa = await generate('ed25519');
    const nodeKey = join(dir, 'node-key');
    const peerId = (await node(['key', 'generate-node-key', '--file', nodeKey])).stderr.trim().split('\n').pop();
    const p2pPort = await freePort();
    operators.push({ i, tadig, dir, account, aura, grandpa, nodeKey, peerId, p2pPort });
  }
  // Step 4: the assembler builds the raw spec from the public parts only.
  const founders = {
    name: 'Runbook consortium',
    id: 'runbook_consortium',
    operators: operators.map((o) => ({
      account: o.account.ss58Address,
      aura: o.aura.ss58Address,
      grandpa: o.grandpa.ss58Address,
      tadig: o.tadig,
      bootnode: `/ip4/127.0.0.1/tcp/${o.p2pPort}/p2p/${o.peerId}`,
    })),
  };
  writeFileSync(join(root, 'founders.json'), JSON.stringify(founders, null, 2));
  const spec = join(root, 'consortium.json');
  await node(['production-spec', '--founders', join(root, 'founders.json'), '--raw', '--output', spec]);
  // Steps 5 and 6: each operator inserts its session keys and starts its validator.
  for (const o of operators) {
    const base = join(o.dir, 'base');
    await node(['key', 'insert', '--chain', spec, '--base-path', base, '--scheme', 'sr25519', '--key-type', 'aura', '--suri', o.aura.secretPhrase]);
    await node(['key', 'insert', '--chain', spec, '--base-path', base, '--scheme', 'ed25519', '--key-type', 'gran', '--suri', o.grandpa.secretPhrase]);
    o.base = base;
  }
  for (const o of operators) {
    nodes.push(await startNode({
      args: ['--chain', spec, '--validator', '--node-key-file', o.nodeKey, '--name', o.tadig],
      basePath: o.base,
      p2pPort: o.p2pPort,
    }));
  }
});

after(async () => {
  await Promise.all(nodes.map((n) => n.stop()));
  rmSync(root, { recursive: true, force: true });
});

test('the runbook network of four operators finalizes blocks', { timeout: 180_000 }, async () => {
  const { api } = nodes[0];
  assert.equal((await api.query.aura.authorities()).length, 4);
  await waitFor('finality of block #3 on every validator', async () => {
    const finalized = await Promise.all(nodes.map(async (n) => (await heads(n.api)).finalized));
    return finalized.every((f) => f >= 3);
  }, 150_000, 1000);
});

test('a node of no member operator cannot peer or sync', { timeout: 120_000 }, async () => {
  // Same chain spec (and so the founders' boot nodes), a fresh node key nobody registered.
  const dir = join(root, 'outsider');
  mkdirSync(dir);
  const nodeKey = join(dir, 'node-key');
  await node(['key', 'generate-node-key', '--file', nodeKey]);
  const outsider = await startNode({
    args: ['--chain', join(root, 'consortium.json'), '--node-key-file', nodeKey, '--name', 'outsider'],
    basePath: join(dir, 'base'),
  });
  try {
    const target = (await heads(nodes[0].api)).best + 3;
    await waitFor(`the members past #${target}`, async () => (await heads(nodes[0].api)).best >= target, 90_000, 1000);
    assert.equal((await heads(outsider.api)).best, 0, 'the outsider imported no block');
    const registered = (await nodes[0].api.query.operatorNodes.nodesOf.entries()).length;
    assert.equal(registered, 4, 'the founders\' boot nodes are the registered nodes');
  } finally {
    await outsider.stop();
  }
});

test('the production genesis has no sudo key and only the founders', async () => {
  const { api } = nodes[0];
  assert.ok((await api.query.sudo.key()).isNone, 'no sudo key');
  const members = (await api.query.operators.members()).map((m) => m.toString()).sort();
  assert.deepEqual(members, operators.map((o) => o.account.ss58Address).sort());
  const council = (await api.query.council.members()).map((m) => m.toString()).sort();
  assert.deepEqual(council, members, 'every founder holds a council seat');
  const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice').address;
  assert.equal((await api.query.system.account(alice)).data.free.toBigInt(), 0n, 'no dev account is endowed');
});

test('three of four operators act as Root by council motion; two cannot', { timeout: 180_000 }, async () => {
  const { api } = nodes[0];
  const keyring = new Keyring({ type: 'sr25519' });
  const signers = operators.map((o) => keyring.addFromUri(o.account.secretPhrase));
  const weightBound = { refTime: 50_000_000_000n, proofSize: 1_000_000n };

  const motion = async (codeHash, ayes) => {
    const proposal = api.tx.councilRoot.dispatchAsRoot(api.tx.system.authorizeUpgrade(codeHash));
    const length = proposal.method.encodedLength;
    const hash = proposal.method.hash.toHex();
    const index = (await api.query.council.proposalCount()).toNumber();
    await submit(api, api.tx.council.propose(ayes, proposal, length), signers[0]);
    // Proposing is not voting: each of the first `ayes` operators votes aye.
    for (const signer of signers.slice(0, ayes)) {
      await submit(api, api.tx.council.vote(hash, index, true), signer);
    }
    const { events } = await submit(api, api.tx.council.close(hash, index, weightBound, length), signers[0]);
    return events.map(({ event }) => `${event.section}.${event.method}:${JSON.stringify(event.data.toJSON())}`);
  };

  // Two of four: the motion closes, but the council-root origin refuses it.
  const refused = await motion(blake2AsHex('runtime v0'), 2);
  assert.ok(refused.some((e) => e.startsWith('council.Executed') && e.includes('badOrigin')), refused.join('\n'));
  assert.ok((await api.query.system.authorizedUpgrade()).isNone);

  const codeHash = blake2AsHex('runtime v2');
  const carried = await motion(codeHash, 3);
  assert.ok(carried.some((e) => e.startsWith('councilRoot.DispatchedAsRoot')), carried.join('\n'));
  const authorized = await api.query.system.authorizedUpgrade();
  assert.ok(authorized.isSome, 'the upgrade is authorised');
  assert.equal(authorized.unwrap().codeHash.toHex(), codeHash);
});

/** Runs a council motion dispatching `call` as Root with the first `ayes` operators voting aye. */
async function rootMotion(api, signers, call, ayes) {
  const proposal = api.tx.councilRoot.dispatchAsRoot(call);
  const length = proposal.method.encodedLength;
  const hash = proposal.method.hash.toHex();
  const index = (await api.query.council.proposalCount()).toNumber();
  await submit(api, api.tx.council.propose(ayes, proposal, length), signers[0]);
  await Promise.all(signers.slice(0, ayes).map((s) => submit(api, api.tx.council.vote(hash, index, true), s)));
  const weightBound = { refTime: 50_000_000_000n, proofSize: 1_000_000n };
  const { events } = await submit(api, api.tx.council.close(hash, index, weightBound, length), signers[0]);
  const dispatched = events.find(({ event }) => api.events.councilRoot.DispatchedAsRoot.is(event));
  assert.ok(dispatched, `the motion ran: ${events.map(({ event }) => event.method).join(', ')}`);
  assert.ok(dispatched.event.data.result.isOk, `the root call succeeded: ${dispatched.event.data.result.toString()}`);
}

test('validators follow membership: an admitted operator validates, a removed one stops', { timeout: 900_000 }, async () => {
  const { api } = nodes[0];
  const keyring = new Keyring({ type: 'sr25519' });
  const signers = operators.map((o) => keyring.addFromUri(o.account.secretPhrase));

  // The fifth operator generates its account and starts its validator (no session keys yet).
  const account = await generate('sr25519');
  const fifth = keyring.addFromUri(account.secretPhrase);
  const dir = join(root, 'fifth');
  mkdirSync(dir);
  const nodeKey = join(dir, 'node-key');
  const peerId = (await node(['key', 'generate-node-key', '--file', nodeKey])).stderr.trim().split('\n').pop();
  const spec = join(root, 'consortium.json');
  const newcomer = await startNode({
    args: ['--chain', spec, '--validator', '--node-key-file', nodeKey, '--name', 'fifth'],
    basePath: join(dir, 'base'),
  });
  nodes.push(newcomer);

  // One motion: sessions of 10 blocks, the shortest the runtime takes (a storage parameter, set
  // as Root), and the admission.
  const periodKey = xxhashAsHex(':SessionPeriod:', 128);
  // The SCALE encoding (little-endian), not the number's hex (`toHex` gives 0x0000000a).
  const period = u8aToHex(api.createType('u32', 10).toU8a());
  await rootMotion(api, signers, api.tx.utility.batchAll([
    api.tx.system.setStorage([[periodKey, period]]),
    api.tx.operators.addMember(fifth.address),
  ]), 3);
  assert.ok((await api.query.operators.members()).map(String).includes(fifth.address));

  // Funds for fees and the deposits; members' nodes refuse the fifth node until the operator
  // registers it (through a member's RPC node), then keys generated in its own node's keystore.
  await submit(api, api.tx.balances.transferKeepAlive(fifth.address, 10n ** 15n), signers[0]);
  assert.equal((await heads(newcomer.api)).best, 0, 'an unregistered node does not sync');
  await submit(api, api.tx.operatorNodes.registerNode(u8aToHex(base58Decode(peerId))), fifth);
  await waitFor('the fifth node to sync', async () => (await heads(newcomer.api)).best >= (await heads(api)).best - 1, 120_000, 1000);
  // author_rotateKeysWithOwner: fresh keys in the node's keystore and a proof that the owner (the
  // operator's SCALE-encoded account) holds them.
  const rpc = new WsProvider(`ws://127.0.0.1:${newcomer.rpcPort}`);
  await rpc.isReady;
  const generated = await rpc.send('author_rotateKeysWithOwner', [u8aToHex(fifth.publicKey)]);
  await rpc.disconnect();
  await submit(api, api.tx.session.setKeys(generated.keys, generated.proof), fifth);
  await waitFor('the fifth operator in the validator set', async () =>
    (await api.query.session.validators()).map(String).includes(fifth.address), 360_000, 2000);
  assert.equal((await api.query.aura.authorities()).length, 5);
  // It validates: its node authors a block in its Aura slot (slot modulo the authorities is its
  // position; its Aura key is the first of the session keys its node generated).
  const fifthAura = generated.keys.slice(0, 66);
  await waitFor('a block authored by the fifth operator\'s node', async () => {
    const authorities = (await api.query.aura.authorities()).map((a) => a.toHex());
    const header = await api.rpc.chain.getHeader();
    const aura = header.digest.logs.find((log) => log.isPreRuntime && log.asPreRuntime[0].isAura);
    const slot = api.createType('RawAuraPreDigest', aura.asPreRuntime[1].toU8a(true)).slotNumber.toBigInt();
    return authorities.includes(fifthAura) && authorities[Number(slot % BigInt(authorities.length))] === fifthAura;
  }, 120_000, 1000);

  // The council, now five seats, removes the fourth operator with four ayes (two thirds of five
  // is more than three): its validator leaves the set; finality goes on.
  const leaving = signers[3].address;
  await rootMotion(api, [...signers, fifth], api.tx.operators.removeMember(leaving), 4);
  await waitFor('the removed operator out of the validator set', async () =>
    !(await api.query.session.validators()).map(String).includes(leaving), 360_000, 2000);
  const from = (await heads(api)).finalized;
  await waitFor(`finality past #${from + 2}`, async () => (await heads(api)).finalized >= from + 2, 120_000, 1000);
});
