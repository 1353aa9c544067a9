// The dev chain over JSON-RPC: blocks, finality, a signed transfer, the metadata.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { startDevNode, waitFor } from '../lib/node.mjs';

let node;

before(async () => {
  node = await startDevNode();
});

after(async () => {
  await node?.stop();
});

test('blocks are produced every 6 seconds and GRANDPA finalizes them', { timeout: 60_000 }, async () => {
  const { api } = node;
  const first = await waitFor('block #4', async () => {
    const header = await api.rpc.chain.getHeader();
    return header.number.toNumber() >= 4 && header;
  }, 45_000);
  assert.equal((await api.call.auraApi.slotDuration()).toNumber(), 6000, 'Aura slots last 6 s');
  // A block's timestamp is its author's clock when it built the block: on a loaded machine it
  // may trail its slot's start by a few milliseconds, but it never leaves its slot.
  const slotOf = async (hash) => Math.floor((await api.query.timestamp.now.at(hash)).toNumber() / 6000);
  const slots = [];
  for (let n = first.number.toNumber() - 3; n <= first.number.toNumber(); n += 1) {
    slots.push(await slotOf(await api.rpc.chain.getBlockHash(n)));
  }
  const gaps = slots.slice(1).map((slot, i) => slot - slots[i]).sort();
  assert.ok(gaps.every((gap) => gap >= 1), `one block per slot at most (${gaps})`);
  assert.equal(gaps[1], 1, `blocks follow each other every 6 s (slot gaps ${gaps})`);

  const finalized = await waitFor('finality of block #2', async () => {
    const head = await api.rpc.chain.getFinalizedHead();
    const header = await api.rpc.chain.getHeader(head);
    return header.number.toNumber() >= 2 && header.number.toNumber();
  }, 30_000);
  assert.ok(finalized >= 2);
});

test('a signed transfer lands in a finalized block with its event', { timeout: 60_000 }, async () => {
  const { api } = node;
  const keyring = new Keyring({ type: 'sr25519' });
  const alice = keyring.addFromUri('//Alice');
  const eve = keyring.addFromUri('//Eve');
  const amount = 1_234_000_000_000n;
  const before = (await api.query.system.account(eve.address)).data.free.toBigInt();

  const { blockHash, events } = await new Promise((resolve, reject) => {
    api.tx.balances
      .transferKeepAlive(eve.address, amount)
      .signAndSend(alice, ({ status, events, dispatchError }) => {
        if (dispatchError) reject(new Error(dispatchError.toString()));
        if (status.isFinalized) resolve({ blockHash: status.asFinalized, events });
      })
      .catch(reject);
  });

  const transfer = events.find(({ event }) => api.events.balances.Transfer.is(event.event ?? event));
  assert.ok(transfer, 'a Balances.Transfer event was emitted');
  const [from, to, value] = transfer.event.data;
  assert.equal(from.toString(), alice.address);
  assert.equal(to.toString(), eve.address);
  assert.equal(value.toBigInt(), amount);
  assert.ok(events.some(({ event }) => api.events.system.ExtrinsicSuccess.is(event)));

  const after = (await api.query.system.account.at(blockHash, eve.address)).data.free.toBigInt();
  assert.equal(after - before, amount);
});

test('the metadata lists the runtime pallets with documentation', async () => {
  const { api } = node;
  const pallets = api.runtimeMetadata.asLatest.pallets.map((p) => p.name.toString());
  for (const name of [
    'System', 'Timestamp', 'Aura', 'Grandpa', 'Balances', 'TransactionPayment', 'Sudo',
    'Utility', 'Multisig', 'Council', 'Operators', 'Assets', 'Clearing', 'Tender', 'Roaming', 'DeviceIdentity', 'Spectrum',
    'FiveGSharing',
  ]) {
    assert.ok(pallets.includes(name), `pallet ${name} is in the metadata`);
  }
  const operators = (await api.query.operators.members()).map((a) => a.toString());
  assert.equal(operators.length, 4, 'Alice, Bob, Charlie and Dave are the dev operators');
  assert.equal(api.runtimeVersion.specName.toString(), 'telecom-chain');
  const rpc = await api.rpc.rpc.methods();
  const methods = rpc.methods.map((m) => m.toString());
  for (const method of [
    'system_accountNextIndex', 'payment_queryInfo', 'chain_getFinalizedHead', 'clearing_cycle',
    'tender_tender', 'tender_bidsOf', 'roaming_agreement', 'roaming_agreementBetween', 'roaming_batches',
    'roaming_sequenceGaps', 'roaming_balance', 'roaming_statement', 'device_device', 'device_verify',
    'device_keyValidAt', 'device_credentials', 'device_blockListing', 'device_verifyConsent', 'spectrum_freeSpectrum', 'spectrum_grantsOf', 'spectrum_grant',
    'sharing_site', 'sharing_leases', 'sharing_statement',
  ]) {
    assert.ok(methods.includes(method), `RPC method ${method} is served`);
  }
  // Polkadot.js apps shows these docs: every call and error of our pallets has some.
  for (const section of ['clearing', 'tender', 'roaming', 'deviceIdentity', 'spectrum', 'fiveGSharing']) {
    for (const [name, call] of Object.entries(api.tx[section])) {
      assert.ok(call.meta.docs.length > 0, `${section}.${name} is documented`);
    }
    for (const [name, error] of Object.entries(api.errors[section])) {
      assert.ok(error.meta.docs.length > 0, `${section}.${name} error is documented`);
    }
  }
});
