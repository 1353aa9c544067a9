// The package's definitions without @polkadot/api: importing this module loads nothing else, so
// tools that only need the shapes (code generators, other RPC clients) can use it on its own.

import { telecomRpc } from './rpc.mjs';
import { telecomRuntime } from './runtime.mjs';
import { telecomTypes } from './types.mjs';

export { telecomRpc, telecomRuntime, telecomTypes };
export {
  STANDARD_RPC_NAMESPACES, STANDARD_RUNTIME_APIS, checkDefinitions, customRpcMethods,
  definedRpcMethods, definitionsFromMetadata,
} from './check.mjs';

/**
 * The telecom definitions as @polkadot/api options (`rpc`, `runtime`, `types`), merged over the
 * given options: `ApiPromise.create({ provider, ...telecomOptions() })`. Definitions given in
 * `options` of the same section or type name take precedence.
 */
export function telecomOptions(options = {}) {
  return {
    ...options,
    rpc: { ...telecomRpc, ...options.rpc },
    runtime: { ...telecomRuntime, ...options.runtime },
    types: { ...telecomTypes, ...options.types },
  };
}
