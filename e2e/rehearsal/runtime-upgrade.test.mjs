// A council-governed runtime upgrade on a running four-validator `local` network, under load and
// with business open. Transfers stream in while an operator's tender takes bids and the open
// clearing cycle holds bills. Outsiders cannot authorise the upgrade; a council motion (three of
// the four operators) authorises the next runtime's hash as Root, and an account outside the
// council applies the wasm. Then: every validator runs spec_version + 1 and finalizes, the
// clearing pallet's storage version 2 migration has re-keyed the bill references (visible in the
// raw storage keys), balances, holds, bills and the tender are as they were, and the business
// goes on: the tender takes another bid and is awarded, a re-sent bill is still refused, and the
// cycle settles on-chain.
//
// The next runtime is `telecom-runtime` built with `upgrade-rehearsal` (`scripts/common.sh`
// `build_next_runtime`): `telecom-runtime-next.compact.compressed.wasm` beside the node binary, or
// $TELECOM_NEXT_RUNTIME.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { blake2AsHex, blake2AsU8a, xxhashAsHex } from '@polkadot/util-crypto';
import { u8aToHex, hexToU8a, u8aConcat } from '@polkadot/util';
import { nodeBinary, startNode, waitFor, heads } from '../lib/node.mjs';
import { telecomRpc } from '@telecom-consortium/api';
import { submit } from '../lib/tx.mjs';

const ALICE_NODE_KEY = '0000000000000000000000000000000000000000000000000000000000000001';
const ALICE_PEER_ID = '12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp';
const NAMES = ['alice', 'bob', 'charlie', 'dave'];
const UNIT = 1_000_000_000_000n;
const XDR = 'XDR';
const XDR_ASSET = 1;
const h = (byte) => `0x${byte.toString(16).padStart(2, '0').repeat(32)}`;

const nextWasmPath = process.env.TELECOM_NEXT_RUNTIME
  || join(dirname(nodeBinary()), 'telecom-runtime-next.compact.compressed.wasm');

const root = mkdtempSync(join(tmpdir(), 'telecom-upgrade-'));
const nodes = {};
let api;
let alice, bob, charlie, dave, eve, ferdie;
let idle;
// Receives the load's transfers.
let payee;

async function startValidator(name) {
  const args = ['--chain', 'local', `--${name}`];
  if (name === 'alice') {
    args.push('--node-key', ALICE_NODE_KEY);
  } else {
    args.push(
      '--unsafe-force-node-key-generation',
      '--bootnodes', `/ip4/127.0.0.1/tcp/${nodes.alice.p2pPort}/p2p/${ALICE_PEER_ID}`,
    );
  }
  // Each node compiles the runtime and builds the genesis state before its RPC server starts: on
  // a shared two-core machine, three at once take over a minute.
  nodes[name] = await startNode({ args, basePath: join(root, name), rpc: telecomRpc, readyTimeoutMs: 300_000 });
}

before(async () => {
  assert.ok(existsSync(nextWasmPath), `the next runtime ${nextWasmPath} is built (scripts/common.sh build_next_runtime)`);
  await startValidator('alice');
  await Promise.all(NAMES.slice(1).map(startValidator));
  api = nodes.alice.api;
  const keyring = new Keyring({ type: 'sr25519' });
  [alice, bob, charlie, dave, eve, ferdie] = ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve', '//Ferdie']
    .map((uri) => keyring.addFromUri(uri));
  // Accounts nothing in this test touches: their balances must come through the upgrade as is.
  idle = ['//Alice//stash', '//Bob//stash', '//Charlie//stash', '//Dave//stash'].map((uri) => keyring.addFromUri(uri));
  payee = keyring.addFromUri('//Eve//stash');
});

after(async () => {
  await Promise.all(Object.values(nodes).map((node) => node.stop()));
  rmSync(root, { recursive: true, force: true });
});

const best = async () => (await api.rpc.chain.getHeader()).number.toNumber();
const untilBlock = (n) => waitFor(`block #${n}`, async () => (await best()) >= n, 180_000, 500);
const account = async (who) => (await api.query.system.account(who.address)).data.toJSON();
const xdrBalance = async (who) => {
  const entry = await api.query.assets.account(XDR_ASSET, who.address);
  return entry.isSome ? entry.unwrap().balance.toBigInt() : 0n;
};
// Without a block hash, the best block's (an undefined argument would be sent as the zero hash).
const specVersionOf = async (node, at) => (await (at === undefined
  ? node.api.rpc.state.getRuntimeVersion()
  : node.api.rpc.state.getRuntimeVersion(at))).specVersion.toNumber();

// Raw storage keys of the clearing pallet.
const palletPrefix = xxhashAsHex('Clearing', 128);
const storageVersionKey = palletPrefix + xxhashAsHex(':__STORAGE_VERSION__:', 128).slice(2);
const billReferencesPrefix = palletPrefix + xxhashAsHex('BillReferences', 128).slice(2);
const clearingStorageVersion = async () => {
  const raw = await api.rpc.state.getStorage(storageVersionKey);
  return api.createType('u16', raw.unwrap()).toNumber();
};
const billReferenceKeys = async () => (await api.rpc.state.getKeysPaged(billReferencesPrefix, 1000, billReferencesPrefix))
  .map((k) => k.toHex());
// The key of (payee, reference): version 1 appends the reference as is, version 2 its
// `Blake2_128Concat` form.
const payeePart = (who) => u8aToHex(u8aConcat(blake2AsU8a(who.addressRaw, 128), who.addressRaw)).slice(2);
const v1Key = (who, reference) => billReferencesPrefix + payeePart(who) + reference.slice(2);
const v2Key = (who, reference) => billReferencesPrefix + payeePart(who)
  + u8aToHex(u8aConcat(blake2AsU8a(hexToU8a(reference), 128), hexToU8a(reference))).slice(2);

/** Signs and submits; resolves when in a block, rejects if invalid, dropped or failed. */
function send(tx, signer) {
  return new Promise((resolve, reject) => {
    let unsubscribe;
    const timer = setTimeout(() => { unsubscribe?.(); reject(new Error('timeout')); }, 60_000);
    const done = (fn) => (value) => { clearTimeout(timer); unsubscribe?.(); fn(value); };
    tx.signAndSend(signer, ({ status, dispatchError }) => {
      if (dispatchError) done(reject)(new Error(dispatchError.toString()));
      else if (status.isInBlock) done(resolve)(status.asInBlock);
      else if (status.isInvalid || status.isDropped || status.isUsurped) done(reject)(new Error(status.type));
    }).then((u) => { unsubscribe = u; }).catch(done(reject));
  });
}

/**
 * Steady load: Ferdie pays Eve's stash 1 unit after 1 unit, one transfer in flight at a time, until
 * stopped. A transfer caught by the upgrade (signed for the old spec) may fail; the chain goes on.
 */
function startLoad() {
  const state = { running: true, ok: 0, failed: 0, okAfterUpgrade: 0, upgraded: false };
  state.done = (async () => {
    while (state.running) {
      try {
        await send(api.tx.balances.transferKeepAlive(payee.address, UNIT), ferdie);
        state.ok += 1;
        if (state.upgraded) state.okAfterUpgrade += 1;
      } catch {
        state.failed += 1;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  })();
  return state;
}

/** A council motion dispatching `call` as Root, carried with the first `ayes` operators voting aye. */
async function rootMotion(call, signers, ayes) {
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

test('a council-authorised runtime upgrade keeps state and open business under load', { timeout: 900_000 }, async (t) => {
  const code = readFileSync(nextWasmPath);
  const codeHash = blake2AsHex(code, 256);

  await waitFor('finality of block #2 on every validator', async () => {
    const finalized = await Promise.all(NAMES.map(async (n) => (await heads(nodes[n].api)).finalized));
    return finalized.every((n) => n >= 2);
  }, 120_000, 1000);
  assert.equal(await specVersionOf(nodes.alice), 100);
  assert.equal(await clearingStorageVersion(), 1, 'the genesis runtime has clearing storage version 1');

  // Test-only shortening of the tender minimums (days on a real chain), through sudo, which the
  // `local` chain has.
  const u32 = (n) => u8aToHex(api.createType('u32', n).toU8a());
  await submit(api, api.tx.sudo.sudo(api.tx.system.setStorage([
    [xxhashAsHex(':TenderMinBidPeriod:', 128), u32(2)],
    [xxhashAsHex(':TenderMinRevealPeriod:', 128), u32(3)],
    [xxhashAsHex(':TenderAnswerCutoff:', 128), u32(1)],
    [xxhashAsHex(':TenderMinStandstill:', 128), u32(1)],
  ])), alice);

  const load = startLoad();
  const payeeStart = BigInt((await account(payee)).free);

  // Open business. A tender: Alice buys at the lowest price from Bob and Charlie; Bob bids now,
  // Charlie after the upgrade.
  const n = await best();
  const timetable = {
    clarificationDeadline: n + 4,
    bidDeadline: n + 40,
    technicalEnd: n + 41,
    revealEnd: n + 45,
    evaluationEnd: n + 48,
    standstillEnd: n + 50,
  };
  const bond = 10n * UNIT;
  const published = await submit(api, api.tx.tender.publish(
    'Microwave backhaul, coastal sites', h(1), 1, 'EUR',
    { Invited: [bob.address, charlie.address] }, bond, timetable, 'LowestPrice', 'Restricted',
  ), alice);
  const tender = published.events.find(({ event }) => api.events.tender.Published.is(event)).event.data.tender.toNumber();
  const commitment = (price, document, salt, bidder) => u8aToHex(blake2AsU8a(api.createType(
    '(u32, u8, (u128, H256), [u8; 32], AccountId32)', [tender, 0, [price, document], salt, bidder.address],
  ).toU8a(), 256));
  const bobBid = { price: 1000n, document: h(0xb0), salt: h(0x11) };
  const charlieBid = { price: 900n, document: h(0xc0), salt: h(0x22) };
  await submit(api, api.tx.tender.commitBid(tender, 0, commitment(bobBid.price, bobBid.document, bobBid.salt, bob)), bob);

  // The open clearing cycle: Alice bills Bob, Charlie bills Alice (both accepted), Bob bills
  // Charlie (still open). Every operator settles on-chain.
  for (const who of [alice, bob, charlie]) {
    assert.ok((await api.query.clearing.participants(who.address)).isSome, 'operators are clearing participants');
  }
  const billOf = (events) => events.find(({ event }) => api.events.clearing.BillSubmitted.is(event)).event.data.bill.toNumber();
  await Promise.all([alice, bob, charlie, dave].map((who) => submit(api, api.tx.utility.batchAll(
    [XDR, 'EUR'].map((currency) => api.tx.clearing.setSettlementMethod(currency, 'OnChain')),
  ), who)));
  const [aliceBill, charlieBill, bobBill] = (await Promise.all([
    submit(api, api.tx.clearing.submitBill(bob.address, XDR, 1000, h(0x61), h(2)), alice),
    submit(api, api.tx.clearing.submitBill(alice.address, XDR, 300, h(0x62), h(2)), charlie),
    submit(api, api.tx.clearing.submitBill(charlie.address, XDR, 50, h(0x63), h(2)), bob),
  ])).map(({ events }) => billOf(events));
  await Promise.all([
    submit(api, api.tx.clearing.acceptBill(aliceBill), bob),
    submit(api, api.tx.clearing.acceptBill(charlieBill), alice),
  ]);
  const cycle = (await api.rpc.clearing.cycle(null)).toJSON().id;

  // What must come through the upgrade.
  const snapshot = async () => ({
    tender: (await api.rpc.tender.tender(tender)).toJSON(),
    cycle: (await api.rpc.clearing.cycle(cycle)).toJSON(),
    bills: (await Promise.all([aliceBill, charlieBill, bobBill].map((id) => api.query.clearing.bills(id))))
      .map((b) => b.toJSON()),
    positions: await Promise.all([alice, bob, charlie].map(async (w) => (await api.rpc.clearing.openPositions(w.address)).toJSON())),
    held: await Promise.all([alice, bob, charlie].map(async (w) => (await account(w)).reserved)),
    idle: await Promise.all(idle.map(account)),
    xdr: await Promise.all([alice, bob, charlie].map(xdrBalance)),
    referenceExpiry: (await api.query.clearing.billReferences(alice.address, h(0x61))).toJSON(),
  });
  const before = await snapshot();
  assert.ok((await api.query.clearing.bills(bobBill)).unwrap().status.isSubmitted, 'Bob\'s bill awaits Charlie');
  assert.ok(before.referenceExpiry > 0, 'the bill reference is remembered');
  // Version 1 keys the reference as is.
  const keysBefore = await billReferenceKeys();
  assert.ok(keysBefore.includes(v1Key(alice, h(0x61))), 'version 1 stores the reference as is');
  assert.ok(!keysBefore.includes(v2Key(alice, h(0x61))));

  // Nobody outside the council authorises: not directly, not through the council-root call, not
  // by proposing; nothing authorised cannot be applied.
  await assert.rejects(submit(api, api.tx.system.authorizeUpgrade(codeHash), eve), /BadOrigin/);
  await assert.rejects(submit(api, api.tx.councilRoot.dispatchAsRoot(api.tx.system.authorizeUpgrade(codeHash)), eve), /BadOrigin/);
  const proposal = api.tx.councilRoot.dispatchAsRoot(api.tx.system.authorizeUpgrade(codeHash));
  await assert.rejects(submit(api, api.tx.council.propose(1, proposal, proposal.method.encodedLength), eve), /council\.NotMember/);
  await assert.rejects(submit(api, api.tx.system.applyAuthorizedUpgrade(u8aToHex(code)), eve), /system\.NothingAuthorized/);
  assert.ok((await api.query.system.authorizedUpgrade()).isNone);

  // The council authorises the next runtime's hash (three of four operators, as Root) …
  await rootMotion(api.tx.system.authorizeUpgrade(codeHash), [alice, bob, charlie, dave], 3);
  const authorized = await api.query.system.authorizedUpgrade();
  assert.equal(authorized.unwrap().codeHash.toHex(), codeHash);
  // … and anyone applies it: Eve, who holds no seat.
  const applied = await submit(api, api.tx.system.applyAuthorizedUpgrade(u8aToHex(code)), eve);
  assert.ok(applied.events.some(({ event }) => api.events.system.CodeUpdated.is(event)), 'the code was updated');
  const upgradeBlock = (await api.rpc.chain.getHeader(applied.blockHash)).number.toNumber();
  t.diagnostic(`upgrade applied in block #${upgradeBlock} (${code.length} bytes of wasm, hash ${codeHash})`);
  load.upgraded = true;
  assert.ok((await api.query.system.authorizedUpgrade()).isNone, 'the authorisation is used up');

  // Every validator runs the new runtime and finalizes past the upgrade.
  await waitFor('every validator finalizing 3 blocks past the upgrade', async () => {
    const finalized = await Promise.all(NAMES.map(async (name) => (await heads(nodes[name].api)).finalized));
    return finalized.every((f) => f >= upgradeBlock + 3);
  }, 180_000, 1000);
  for (const name of NAMES) {
    const head = await nodes[name].api.rpc.chain.getFinalizedHead();
    assert.equal(await specVersionOf(nodes[name], head), 101, `${name} finalized the new runtime`);
  }
  await waitFor('the API on the new metadata', async () => api.runtimeVersion.specVersion.toNumber() === 101, 60_000, 500);

  // The migration ran: storage version 2, every bill reference under its hashed key, with its
  // expiry.
  assert.equal(await clearingStorageVersion(), 2);
  const keysAfter = await billReferenceKeys();
  assert.equal(keysAfter.length, keysBefore.length, 'every bill reference re-keyed, none lost');
  t.diagnostic(`${keysAfter.length} bill references re-keyed`);
  assert.ok(keysAfter.includes(v2Key(alice, h(0x61))), 'version 2 keys the reference by its hash');
  assert.ok(!keysAfter.includes(v1Key(alice, h(0x61))));
  const after = await snapshot();
  assert.deepEqual(after, before, 'tender, cycle, bills, positions, holds, balances and references unchanged');

  // Business goes on. A re-sent bill is still refused; the open bill can be accepted.
  await assert.rejects(
    submit(api, api.tx.clearing.submitBill(bob.address, XDR, 1000, h(0x61), h(3)), alice),
    /clearing\.DuplicateBill/,
  );
  await submit(api, api.tx.clearing.acceptBill(bobBill), charlie);
  // The tender takes Charlie's bid, opens, and is awarded to the lowest price.
  await submit(api, api.tx.tender.commitBid(tender, 0, commitment(charlieBid.price, charlieBid.document, charlieBid.salt, charlie)), charlie);

  // The load went on through the upgrade.
  await waitFor('transfers after the upgrade', async () => load.okAfterUpgrade >= 3, 120_000, 1000);
  load.running = false;
  await load.done;
  t.diagnostic(`load: ${load.ok} transfers in blocks (${load.okAfterUpgrade} after the upgrade), ${load.failed} refused or dropped`);
  const payeeEnd = BigInt((await account(payee)).free);
  assert.equal(payeeEnd - payeeStart, BigInt(load.ok) * UNIT, `every transfer in a block arrived (${load.failed} failed)`);

  // The cycle settles: cut-off (the consortium's decision), then every payer pays on-chain.
  await submit(api, api.tx.sudo.sudo(api.tx.clearing.forceCutOff()), alice);
  await waitFor('instructions', async () => (await api.rpc.clearing.cycle(cycle)).toJSON().phase === 'instructed', 90_000, 1000);
  const netted = (await api.rpc.clearing.cyclePositions(cycle, XDR)).toJSON();
  assert.equal(netted.reduce((acc, p) => acc + BigInt(p.net), 0n), 0n, 'net positions sum to zero');
  // Each payer settles each currency it owes (XDR here; the genesis demo business may add EUR).
  const dues = [...new Set((await api.rpc.clearing.instructions(cycle)).toJSON().map((i) => `${i.payer} ${i.currency}`))]
    .map((due) => due.split(' '));
  const keyring = new Keyring({ type: 'sr25519' });
  const signerOf = Object.fromEntries(['//Alice', '//Bob', '//Charlie', '//Dave']
    .map((uri) => keyring.addFromUri(uri)).map((k) => [k.address, k]));
  const xdrBefore = await Promise.all([alice, bob, charlie].map(xdrBalance));
  for (const [payer, currency] of dues) {
    assert.ok(signerOf[payer], `payer ${payer} is an operator of the local chain`);
    await submit(api, api.tx.clearing.settleOnChain(cycle, currency), signerOf[payer]);
  }
  await waitFor('cycle closed', async () => (await api.rpc.clearing.cycle(cycle)).toJSON().phase === 'closed', 60_000, 1000);
  const xdrAfter = await Promise.all([alice, bob, charlie].map(xdrBalance));
  const netOf = (who) => BigInt(netted.find((p) => p.participant === who.address)?.net ?? 0);
  assert.deepEqual(xdrAfter.map((b, i) => b - xdrBefore[i]), [alice, bob, charlie].map(netOf), 'each paid or received its net');

  await untilBlock(timetable.technicalEnd + 1);
  await Promise.all([[bob, bobBid], [charlie, charlieBid]].map(([who, bid]) =>
    submit(api, api.tx.tender.revealBid(tender, 0, { price: bid.price, document: bid.document }, bid.salt), who)));
  await untilBlock(timetable.revealEnd + 1);
  const award = await submit(api, api.tx.tender.award(tender), alice);
  const lot = award.events.find(({ event }) => api.events.tender.LotAwarded.is(event)).event.data;
  assert.equal(lot.winner.toString(), charlie.address, 'the lowest price wins');

  // Finality still holds on every validator.
  const now = await best();
  await waitFor(`every validator finalizing #${now}`, async () => {
    const finalized = await Promise.all(NAMES.map(async (name) => (await heads(nodes[name].api)).finalized));
    return finalized.every((f) => f >= now);
  }, 120_000, 1000);
});
