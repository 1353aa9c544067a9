// Checks the package's definitions against a running dev node (the e2e run executes this file
// too, through e2e/tests/js-client.test.mjs): the custom RPC methods the node lists in
// `rpc_methods` and those the package defines are the same; every non-standard runtime API in the
// node's metadata (v15/v16 `apis`) is defined with the same version, method names, parameter
// names and types and result type; the named types match the metadata's shapes; every custom RPC
// and every runtime API method, called with plausible arguments, decodes, and runtime API results
// decode the same with the package's own types (a registry without metadata) as with metadata.
//
// The node and @polkadot/api come from the e2e tests' setup (e2e/lib/node.mjs, e2e/node_modules):
// run `npm ci` in e2e/ once; TELECOM_NODE names the node binary (default: the release build).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDevNode } from '../../../e2e/lib/node.mjs';
import {
  checkDefinitions, customRpcMethods, definedRpcMethods, definitionsFromMetadata, STANDARD_RUNTIME_APIS,
  telecomOptions, telecomRpc, telecomRuntime, telecomTypes,
} from '../src/definitions.mjs';

/** Alice of the dev chain: operator, clearing participant and holder of demo data. */
const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const ZERO_HASH = `0x${'00'.repeat(32)}`;
const PERIOD = { year: 2026, month: 11 };

/** Methods that answer the dev chain's plausible arguments with an error of their own. */
const RPC_ERRORS = {
  clearing_recordProof: /unknown batch 0/, // the dev chain has no bulk batch
};

/** Plausible arguments of every custom RPC method (ids 0 are the dev chain's demo records). */
const RPC_ARGS = {
  clearing_openPositions: [ALICE],
  clearing_cycle: [null],
  clearing_cyclePositions: [0, 'XDR'],
  clearing_instructions: [0],
  clearing_statement: [0, ALICE],
  clearing_batch: [0],
  clearing_recordProof: [0, 0],
  tender_tender: [0],
  tender_bidsOf: [ALICE],
  roaming_agreement: [0],
  roaming_agreementBetween: ['DEUTC', 'FRAMC'],
  roaming_batches: [0, null],
  roaming_sequenceGaps: ['DEUTC', 'FRAMC'],
  roaming_balance: [0, PERIOD],
  roaming_statement: [0, PERIOD],
  device_device: [ZERO_HASH],
  device_verify: [ZERO_HASH, '0x00', `ed25519:0x${'00'.repeat(64)}`],
  device_keyValidAt: [ZERO_HASH, `ed25519:0x${'00'.repeat(32)}`, 1],
  device_credentials: [`device:${ZERO_HASH}`],
  device_blockListing: [ZERO_HASH],
  device_verifyConsent: [ZERO_HASH],
  spectrum_freeSpectrum: [3_550_000_000, 3_560_000_000, [1], 0, 100],
  spectrum_grantsOf: [ALICE],
  spectrum_grant: [0],
  sharing_site: [0],
  sharing_leases: [0, PERIOD],
  sharing_statement: [0, PERIOD, ALICE],
};

/** @polkadot/api's name of a runtime API section or method: `clearingApi`, `openPositions`. */
const camel = (name) => name[0].toLowerCase() + name.slice(1).replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

/** A plausible runtime API argument: Alice for accounts, the demo period, else the type's default. */
function runtimeArg(registry, type) {
  if (/AccountId32$/.test(type)) return registry.createType(type, ALICE);
  if (type === 'TelecomPrimitivesPeriodSettlementPeriod') return registry.createType(type, PERIOD);
  return registry.createType(type);
}

let node;
let api;

/** The dev node these tests run against (`{ api, rpcPort, … }`), for e2e/tests/js-client.test.mjs. */
export const devNode = () => node;

before(async () => {
  node = await startDevNode({ ...telecomOptions(), readyTimeoutMs: 180_000 });
  api = node.api;
});

after(async () => {
  await node?.stop();
});

test('the custom RPC methods the node serves are exactly those the package defines', async () => {
  const served = customRpcMethods((await api.rpc.rpc.methods()).methods);
  assert.ok(served.length >= 25, `the node serves ${served.length} custom methods`);
  assert.deepEqual(definedRpcMethods(telecomRpc), served);
});

test('every non-standard runtime API in the metadata is defined, with the same methods and types', () => {
  assert.ok(api.runtimeMetadata.version >= 15, `metadata v${api.runtimeMetadata.version} lists runtime APIs`);
  const inMetadata = api.registry.metadata.apis.map((a) => a.name.toString());
  const ours = inMetadata.filter((name) => !STANDARD_RUNTIME_APIS.includes(name)).sort();
  assert.deepEqual(Object.keys(telecomRuntime).sort(), ours);
  assert.deepEqual(ours, ['ClearingApi', 'DeviceIdentityApi', 'RoamingApi', 'SharingApi', 'SpectrumApi', 'TenderApi']);
  const actual = definitionsFromMetadata(api);
  for (const [name, [def]] of Object.entries(telecomRuntime)) {
    const [node_] = actual.runtime[name];
    assert.equal(def.version, node_.version, `${name} version`);
    assert.ok(Number.isInteger(def.version), `${name} is in the node's runtime version`);
    assert.deepEqual(Object.keys(def.methods), Object.keys(node_.methods), `${name} method names`);
    for (const [method, m] of Object.entries(def.methods)) {
      assert.deepEqual(m.params, node_.methods[method].params, `${name}.${method} params`);
      assert.equal(m.type, node_.methods[method].type, `${name}.${method} result type`);
      assert.ok(m.description.length > 0, `${name}.${method} is documented`);
    }
  }
  assert.deepEqual(telecomTypes, actual.types, 'the named types have the metadata\'s shapes');
  assert.ok(Object.keys(telecomTypes).length >= 50, `${Object.keys(telecomTypes).length} named types`);
});

test('checkDefinitions finds no difference, and reports one it is shown', async () => {
  assert.deepEqual(await checkDefinitions(api), []);
  const { clearing, ...withoutClearing } = telecomRpc;
  const stale = {
    ...withoutClearing,
    clearing: { ...clearing, netPositions: clearing.openPositions },
  };
  const [ClearingApi] = telecomRuntime.ClearingApi;
  const { batch, ...methods } = ClearingApi.methods;
  const problems = await checkDefinitions(api, {
    rpc: stale,
    runtime: { ...telecomRuntime, ClearingApi: [{ ...ClearingApi, version: 3, methods: { ...methods, batch: { ...batch, type: 'Option<u32>' } } }] },
    types: { ...telecomTypes, PalletClearingPosition: { payable: 'u64', receivable: 'u128' } },
  });
  assert.deepEqual(problems, [
    'RPC clearing_netPositions: defined, not served by the node',
    'runtime API ClearingApi: version 3, node has 2',
    'runtime API ClearingApi.batch: result Option<u32>, node has Option<PalletClearingBatchInfo>',
    'type PalletClearingPosition: {"payable":"u64","receivable":"u128"}, node has {"payable":"u128","receivable":"u128"}',
  ]);
});

test('every custom RPC method decodes an answer to plausible arguments', async () => {
  assert.deepEqual(Object.keys(RPC_ARGS).sort(), definedRpcMethods(), 'an example for every method');
  const answers = {};
  for (const [name, args] of Object.entries(RPC_ARGS)) {
    const [section, method] = name.split('_');
    if (name in RPC_ERRORS) {
      // No demo data to answer with: the error must be the method's own, not a decoding one.
      await assert.rejects(api.rpc[section][method](...args), RPC_ERRORS[name], name);
      continue;
    }
    const answer = await api.rpc[section][method](...args);
    answers[name] = answer.toJSON();
  }
  // The demo data is found through them.
  assert.equal(answers.roaming_agreement.status, 'active', 'demo agreement 0');
  assert.ok(answers.tender_tender, 'demo tender 0');
  assert.ok(answers.sharing_site, 'demo site 0');
  assert.equal(answers.device_verify.valid, false);
  assert.equal(answers.device_keyValidAt, false);
  assert.ok(Array.isArray(answers.clearing_openPositions));
  assert.ok(Array.isArray(answers.roaming_batches), 'batches of every period (null)');
});

test('every runtime API method decodes the same with the package\'s types as with metadata', async () => {
  // A registry without metadata that knows only the package's types.
  const bare = new api.registry.constructor();
  bare.register(telecomTypes);
  let calls = 0;
  let found = 0;
  for (const [name, [def]] of Object.entries(telecomRuntime)) {
    for (const [method, m] of Object.entries(def.methods)) {
      const args = m.params.map((p) => runtimeArg(api.registry, p.type));
      const viaMetadata = await api.call[camel(name)][camel(method)](...args);
      // The arguments as the package's types encode them: the same bytes as metadata's.
      const hex = (u8a) => Buffer.from(u8a).toString('hex');
      const input = `0x${m.params.map((p, i) => hex(bare.createType(p.type, args[i].toU8a()).toU8a())).join('')}`;
      assert.equal(input, `0x${args.map((a) => hex(a.toU8a())).join('')}`, `${name}_${method} arguments encode the same`);
      const raw = await api.rpc.state.call(`${name}_${method}`, input);
      const viaPackage = bare.createType(m.type, raw.toU8a(true));
      assert.deepEqual(viaPackage.toJSON(), viaMetadata.toJSON(), `${name}_${method} decodes the same`);
      assert.equal(viaPackage.encodedLength, raw.toU8a(true).length, `${name}_${method} consumes the whole answer`);
      const json = viaMetadata.toJSON();
      if (json !== null && !(Array.isArray(json) && json.length === 0)) found += 1;
      calls += 1;
    }
  }
  assert.equal(calls, 28);
  assert.ok(found >= 6, `${found} runtime API answers carry demo data`);
});
