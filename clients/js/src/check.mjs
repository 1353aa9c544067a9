// Derives the package's runtime API and type definitions from a node's metadata, and compares
// the package's definitions with what a connected node serves. No imports: everything comes from
// the `ApiPromise` passed in, so this module also works with the caller's copy of @polkadot/api.

import { telecomRpc } from './rpc.mjs';
import { telecomRuntime } from './runtime.mjs';
import { telecomTypes } from './types.mjs';

/**
 * Namespaces of the JSON-RPC methods every Substrate node may serve (the legacy API, the new
 * JSON-RPC spec's `chainHead_v1_*`, `transaction_v1_*`…, and the FRAME RPC crates). A method in
 * any other namespace is one of the telecom node's own and must be defined in `telecomRpc`.
 */
export const STANDARD_RPC_NAMESPACES = Object.freeze([
  'account', 'archive', 'author', 'babe', 'beefy', 'bitswap', 'chain', 'chainHead', 'chainSpec',
  'childstate', 'dev', 'grandpa', 'mixnet', 'mmr', 'offchain', 'payment', 'rpc', 'state',
  'statement', 'subscribe', 'sync', 'system', 'transaction', 'transactionWatch', 'unsubscribe',
]);

/**
 * Runtime APIs of Substrate and FRAME that @polkadot/api knows by itself. Every other runtime API
 * in the metadata is one of the telecom pallets' and must be defined in `telecomRuntime`.
 */
export const STANDARD_RUNTIME_APIS = Object.freeze([
  'AccountNonceApi', 'AuraApi', 'BabeApi', 'BeefyApi', 'BlockBuilder', 'Core', 'DryRunApi',
  'GenesisBuilder', 'GrandpaApi', 'Metadata', 'MmrApi', 'OffchainWorkerApi', 'SessionKeys',
  'TaggedTransactionQueue', 'TransactionPaymentApi', 'TransactionPaymentCallApi',
]);

/** The namespace of a JSON-RPC method name: `clearing` of `clearing_cycle`. */
const namespaceOf = (method) => method.split('_')[0];

/** The telecom node's own methods among `methods` (the list `rpc_methods` returns), sorted. */
export function customRpcMethods(methods) {
  return methods.map(String).filter((m) => !STANDARD_RPC_NAMESPACES.includes(namespaceOf(m))).sort();
}

/** The JSON-RPC method names `rpc` (default: this package's) defines, sorted. */
export function definedRpcMethods(rpc = telecomRpc) {
  return Object.entries(rpc)
    .flatMap(([section, methods]) => Object.keys(methods).map((method) => `${section}_${method}`))
    .sort();
}

/** The name @polkadot/api gives a metadata type: its path name, or its expanded shape. */
const typeName = (lookup, id) => lookup.getName(id) || lookup.getTypeDef(id).type;

/** The definition of a named type in @polkadot/types' JSON form, from its lookup entry. */
function typeDefinition(lookup, id) {
  const def = lookup.getTypeDef(id);
  const variants = Array.isArray(def.sub) ? def.sub : [];
  // Enums whose variant indices have gaps: pad with unused entries so positions match indices.
  if (def.info === 4 && variants.some((v, i) => v.index !== undefined && v.index !== i)) {
    const shape = JSON.parse(def.type)._enum;
    const names = Array.isArray(shape) ? shape : Object.keys(shape);
    const padded = {};
    const last = Math.max(...variants.map((v) => v.index));
    for (let index = 0; index <= last; index += 1) {
      const at = variants.findIndex((v) => v.index === index);
      if (at === -1) padded[`__Unused${index}`] = 'Null';
      else padded[names[at]] = Array.isArray(shape) ? 'Null' : shape[names[at]];
    }
    return { _enum: padded };
  }
  return def.type.startsWith('{') ? JSON.parse(def.type) : def.type;
}

/**
 * Derives, from the metadata of `api`'s node, the runtime API definitions (`runtime` option) of
 * every runtime API that is not a standard one, and the definitions of every named type they use
 * (`types` option). `scripts/generate.mjs` writes these into `src/runtime.mjs` and `src/types.mjs`;
 * the package's test compares them with the files.
 */
export function definitionsFromMetadata(api) {
  const { registry } = api;
  const { lookup } = registry;
  // Version of each runtime API, matched through the section hash @polkadot/api decorates with.
  const hashOf = {};
  for (const section of Object.values(api.call)) {
    for (const method of Object.values(section)) {
      hashOf[method.meta.name.split('_')[0]] = method.meta.sectionHash;
    }
  }
  const versionOf = (name) => {
    const found = api.runtimeVersion.apis.find(([hash]) => hash.toHex() === hashOf[name]);
    return found ? found[1].toNumber() : undefined;
  };

  // A registry without metadata knows only @polkadot/types' own types (AccountId32, H256, …).
  const builtIn = new registry.constructor();
  const runtime = {};
  const types = {};
  const seen = new Set();
  const visit = (id) => {
    const index = Number(id.toString());
    if (seen.has(index)) return;
    seen.add(index);
    const name = lookup.getName(index);
    const { def } = lookup.getSiType(index);
    if (name && !builtIn.hasType(name)) {
      types[name] = typeDefinition(lookup, index);
    }
    if (def.isComposite) def.asComposite.fields.forEach((f) => visit(f.type));
    else if (def.isVariant) def.asVariant.variants.forEach((v) => v.fields.forEach((f) => visit(f.type)));
    else if (def.isSequence) visit(def.asSequence.type);
    else if (def.isArray) visit(def.asArray.type);
    else if (def.isTuple) def.asTuple.forEach(visit);
    else if (def.isCompact) visit(def.asCompact.type);
  };

  for (const api_ of registry.metadata.apis) {
    const name = api_.name.toString();
    if (STANDARD_RUNTIME_APIS.includes(name)) continue;
    const methods = {};
    for (const m of api_.methods) {
      m.inputs.forEach((input) => visit(input.type));
      visit(m.output);
      methods[m.name.toString()] = {
        description: m.docs.map((d) => d.toString().trim()).join(' '),
        params: m.inputs.map((input) => ({ name: input.name.toString(), type: typeName(lookup, input.type) })),
        type: typeName(lookup, m.output),
      };
    }
    runtime[name] = [{ version: versionOf(name), methods }];
  }
  return { runtime, types: Object.fromEntries(Object.entries(types).sort(([a], [b]) => a.localeCompare(b))) };
}

/** Deep equality of plain JSON values. */
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Compares the package's definitions (or the given ones) with what the node behind `api` serves:
 * custom RPC methods both ways, runtime APIs (names, versions, method names, parameter names and
 * types, result types) and the shapes of the named types they use. Returns a list of problems,
 * empty when everything matches. A billing system can call this once after connecting to learn
 * that a runtime upgrade changed an API it uses.
 */
export async function checkDefinitions(api, { rpc = telecomRpc, runtime = telecomRuntime, types = telecomTypes } = {}) {
  const problems = [];
  const served = customRpcMethods((await api.rpc.rpc.methods()).methods);
  const defined = definedRpcMethods(rpc);
  for (const m of served) if (!defined.includes(m)) problems.push(`RPC ${m}: served by the node, not defined`);
  for (const m of defined) if (!served.includes(m)) problems.push(`RPC ${m}: defined, not served by the node`);

  const actual = definitionsFromMetadata(api);
  for (const name of Object.keys(actual.runtime)) {
    if (!runtime[name]) problems.push(`runtime API ${name}: in the metadata, not defined`);
  }
  for (const [name, [def]] of Object.entries(runtime)) {
    const [node] = actual.runtime[name] ?? [];
    if (!node) {
      problems.push(`runtime API ${name}: defined, not in the metadata`);
      continue;
    }
    if (def.version !== node.version) problems.push(`runtime API ${name}: version ${def.version}, node has ${node.version}`);
    const names = new Set([...Object.keys(def.methods), ...Object.keys(node.methods)]);
    for (const method of names) {
      const [ours, theirs] = [def.methods[method], node.methods[method]];
      const where = `runtime API ${name}.${method}`;
      if (!theirs) problems.push(`${where}: defined, not in the metadata`);
      else if (!ours) problems.push(`${where}: in the metadata, not defined`);
      else {
        if (!same(ours.params, theirs.params)) {
          problems.push(`${where}: params ${JSON.stringify(ours.params)}, node has ${JSON.stringify(theirs.params)}`);
        }
        if (ours.type !== theirs.type) problems.push(`${where}: result ${ours.type}, node has ${theirs.type}`);
      }
    }
  }
  const typeNames = new Set([...Object.keys(types), ...Object.keys(actual.types)]);
  for (const name of typeNames) {
    if (!(name in actual.types)) problems.push(`type ${name}: defined, not used by the node's runtime APIs`);
    else if (!(name in types)) problems.push(`type ${name}: used by the node's runtime APIs, not defined`);
    else if (!same(types[name], actual.types[name])) {
      problems.push(`type ${name}: ${JSON.stringify(types[name])}, node has ${JSON.stringify(actual.types[name])}`);
    }
  }
  return problems;
}
