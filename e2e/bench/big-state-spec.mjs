// Writes a raw chain spec: the given raw dev spec plus N endowed accounts stored directly in
// `System::Account`, so that `benchmark storage` measures reads and writes on a large state.
//
//   node bench/big-state-spec.mjs <dev-raw.json> <out.json> [accounts=1000000]
import fs from 'node:fs';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { u8aToHex, hexToU8a, u8aToBn, bnToU8a } from '@polkadot/util';

const [input, output, count = '1000000'] = process.argv.slice(2);
const spec = JSON.parse(fs.readFileSync(input, 'utf8'));
const top = spec.genesis.raw.top;
const accountPrefix = '0x26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9';
const totalIssuanceKey = '0xc2261276cc9d1f8598ea4b6a74b15c2f57c875e4cff74148e4628f264b974c80';

// Every new account holds 1,000 units free: `AccountInfo` with nonce 0, one provider.
const free = 1000n * 10n ** 12n;
const info = new Uint8Array(80);
info.set([1, 0, 0, 0], 8); // providers
info.set(bnToU8a(free, { bitLength: 128, isLe: true }), 16);
info.set(hexToU8a('0x00000000000000000000000000000080'), 64); // flags: new logic
const value = u8aToHex(info);

const n = Number(count);
for (let i = 0; i < n; i++) {
  const id = blake2AsU8a(new TextEncoder().encode(`storage-bench/${i}`), 256);
  top[accountPrefix + u8aToHex(blake2AsU8a(id, 128)).slice(2) + u8aToHex(id).slice(2)] = value;
}
const issuance = BigInt(u8aToBn(hexToU8a(top[totalIssuanceKey]), { isLe: true }).toString()) + free * BigInt(n);
top[totalIssuanceKey] = u8aToHex(bnToU8a(issuance, { bitLength: 128, isLe: true }));
spec.id = 'storage_bench';
spec.name = 'telecom-chain';
fs.writeFileSync(output, JSON.stringify(spec));
console.log(JSON.stringify({ keys: Object.keys(top).length, accounts_added: n }));
