// Regenerates src/runtime.mjs and src/types.mjs from the metadata of a throw-away dev node:
//   TELECOM_NODE=path/to/telecom-node node clients/js/scripts/generate.mjs
// (without TELECOM_NODE, the release build in the cargo target dir). It starts the node through
// the e2e helpers and so uses e2e's installed @polkadot/api: run `npm ci` in e2e/ first.
// Run it after changing a runtime API or a type one returns; the package's test fails until then.
import { writeFileSync } from 'node:fs';
import { startDevNode } from '../../../e2e/lib/node.mjs';
import { definitionsFromMetadata } from '../src/check.mjs';

const node = await startDevNode();
try {
  const { runtime, types } = definitionsFromMetadata(node.api);
  const { specName, specVersion } = node.api.runtimeVersion;
  const from = `the metadata of ${specName} spec_version ${specVersion} by scripts/generate.mjs; do not edit`;
  const src = new URL('../src/', import.meta.url);
  writeFileSync(new URL('runtime.mjs', src), `// Generated from ${from}.
// Runtime APIs of the telecom pallets, in @polkadot/api's \`runtime\` option format. @polkadot/api
// reads the same from metadata v15+ on its own; these serve clients on metadata v14 and tools that
// want the shapes without a node. The package's test compares them with a running node.

/** Runtime API definitions of the telecom pallets, for @polkadot/api's \`runtime\` option. */
export const telecomRuntime = ${JSON.stringify(runtime, null, 2)};
`);
  writeFileSync(new URL('types.mjs', src), `// Generated from ${from}.
// Named types the telecom runtime APIs take and return, in @polkadot/types' JSON form and under the
// names @polkadot/api gives them from metadata (path names: \`PalletClearingPosition\`). With
// metadata loaded, the metadata's own definitions take precedence; these let a registry without it
// decode runtime API results. The package's test compares them with a running node.

/** Named types of the telecom runtime APIs, for @polkadot/api's \`types\` option. */
export const telecomTypes = ${JSON.stringify(types, null, 2)};
`);
  console.log(`wrote ${Object.keys(runtime).length} runtime APIs and ${Object.keys(types).length} types from ${specName}/${specVersion}`);
} finally {
  await node.stop();
}
