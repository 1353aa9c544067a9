// Writes rpc-augment.d.ts, the TypeScript augmentation that types `api.rpc.clearing.*` and the
// other custom sections, from the definitions in src/rpc.mjs (no node needed):
//   node clients/js/scripts/rpc-dts.mjs
// test/dts.test.mjs fails when the file is not what this script would write.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { telecomRpc } from '../src/rpc.mjs';

/** TypeScript type a parameter of `type` accepts, in @polkadot/rpc-augment's style. */
const INPUT = {
  AccountId: 'AccountId | string | Uint8Array',
  BlockHash: 'BlockHash | string | Uint8Array',
  Bytes: 'Bytes | string | Uint8Array',
  H256: 'H256 | string | Uint8Array',
  Json: 'Json | object',
  'Option<Json>': 'Option<Json> | null | object',
  'Option<u32>': 'Option<u32> | null | Uint8Array | u32 | AnyNumber',
  Text: 'Text | string',
  u32: 'u32 | AnyNumber | Uint8Array',
  u64: 'u64 | AnyNumber | Uint8Array',
  'Vec<u64>': 'Vec<u64> | (u64 | AnyNumber | Uint8Array)[]',
};

/** The augmentation's text for `rpc` (default: the package's definitions). */
export function rpcDts(rpc = telecomRpc) {
  const sections = Object.entries(rpc).map(([section, methods]) => {
    const lines = Object.entries(methods).map(([name, def]) => {
      const params = def.params.map((p) => {
        const input = INPUT[p.type];
        if (!input) throw new Error(`${section}.${name}: no TypeScript input type for ${p.type}; add it to INPUT`);
        return `${p.name}${p.isOptional ? '?' : ''}: ${input}`;
      });
      return `      /** ${def.description} */\n      ${name}: AugmentedRpc<(${params.join(', ')}) => Observable<${def.type}>>;`;
    });
    return `    ${section}: {\n${lines.join('\n')}\n    };`;
  });
  return `// Generated from src/rpc.mjs by scripts/rpc-dts.mjs; do not edit.
// Types the telecom node's custom RPC sections on @polkadot/api's \`api.rpc\` (TypeScript sees them
// once this package is imported).
import '@polkadot/rpc-core/types/jsonrpc';
import type { AugmentedRpc } from '@polkadot/rpc-core/types';
import type { Bytes, Json, Option, Text, Vec, bool, u32, u64 } from '@polkadot/types-codec';
import type { AnyNumber } from '@polkadot/types-codec/types';
import type { BlockHash } from '@polkadot/types/interfaces/chain';
import type { AccountId, H256 } from '@polkadot/types/interfaces/runtime';
import type { Observable } from '@polkadot/types/types';

declare module '@polkadot/rpc-core/types/jsonrpc' {
  interface RpcInterface {
${sections.join('\n')}
  }
}
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(new URL('../rpc-augment.d.ts', import.meta.url), rpcDts());
  console.log('wrote rpc-augment.d.ts');
}
