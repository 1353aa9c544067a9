// Generated from src/rpc.mjs by scripts/rpc-dts.mjs; do not edit.
// Types the telecom node's custom RPC sections on @polkadot/api's `api.rpc` (TypeScript sees them
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
    clearing: {
      /** An account's gross and net positions per currency in the open clearing cycle */
      openPositions: AugmentedRpc<(who: AccountId | string | Uint8Array, at?: BlockHash | string | Uint8Array) => Observable<Vec<Json>>>;
      /** A clearing cycle (the open one when omitted) */
      cycle: AugmentedRpc<(cycle: Option<u32> | null | Uint8Array | u32 | AnyNumber, at?: BlockHash | string | Uint8Array) => Observable<Option<Json>>>;
      /** Every participant's position in one cycle and currency */
      cyclePositions: AugmentedRpc<(cycle: u32 | AnyNumber | Uint8Array, currency: Text | string, at?: BlockHash | string | Uint8Array) => Observable<Vec<Json>>>;
      /** The settlement instructions of a cycle */
      instructions: AugmentedRpc<(cycle: u32 | AnyNumber | Uint8Array, at?: BlockHash | string | Uint8Array) => Observable<Vec<Json>>>;
      /** An account's statement of a cycle */
      statement: AugmentedRpc<(cycle: u32 | AnyNumber | Uint8Array, who: AccountId | string | Uint8Array, at?: BlockHash | string | Uint8Array) => Observable<Option<Json>>>;
      /** The audit record of a bulk batch */
      batch: AugmentedRpc<(batch: u64 | AnyNumber | Uint8Array, at?: BlockHash | string | Uint8Array) => Observable<Option<Json>>>;
      /** One record of a bulk batch with its Merkle inclusion proof against the batch's on-chain root */
      recordProof: AugmentedRpc<(batch: u64 | AnyNumber | Uint8Array, index: u32 | AnyNumber | Uint8Array, at?: BlockHash | string | Uint8Array) => Observable<Json>>;
    };
    tender: {
      /** A tender's notice, status, bids, clarifications, awards, challenges and history */
      tender: AugmentedRpc<(tender: u32 | AnyNumber | Uint8Array, at?: BlockHash | string | Uint8Array) => Observable<Option<Json>>>;
      /** Every bid an account holds in a running tender */
      bidsOf: AugmentedRpc<(bidder: AccountId | string | Uint8Array, at?: BlockHash | string | Uint8Array) => Observable<Vec<Json>>>;
    };
    roaming: {
      /** An IOT agreement: parties, networks, status, version, terms, pending amendment */
      agreement: AugmentedRpc<(agreement: u32 | AnyNumber | Uint8Array, at?: BlockHash | string | Uint8Array) => Observable<Option<Json>>>;
      /** The current agreement id between two TADIG codes */
      agreementBetween: AugmentedRpc<(one: Text | string, other: Text | string, at?: BlockHash | string | Uint8Array) => Observable<Option<u32>>>;
      /** An agreement's stored usage batches, of one period ({ year, month }) or all (null) */
      batches: AugmentedRpc<(agreement: u32 | AnyNumber | Uint8Array, period: Option<Json> | null | object, at?: BlockHash | string | Uint8Array) => Observable<Vec<Json>>>;
      /** TAP file sequence control from sender to recipient: next expected number and missing ranges */
      sequenceGaps: AugmentedRpc<(sender: Text | string, recipient: Text | string, at?: BlockHash | string | Uint8Array) => Observable<Json>>;
      /** Both directions' running totals of a period and the net before discounts */
      balance: AugmentedRpc<(agreement: u32 | AnyNumber | Uint8Array, period: Json | object, at?: BlockHash | string | Uint8Array) => Observable<Json>>;
      /** The settlement statement of a closed period */
      statement: AugmentedRpc<(agreement: u32 | AnyNumber | Uint8Array, period: Json | object, at?: BlockHash | string | Uint8Array) => Observable<Option<Json>>>;
    };
    device: {
      /** A device's status, custody, key history and event history */
      device: AugmentedRpc<(device: H256 | string | Uint8Array, at?: BlockHash | string | Uint8Array) => Observable<Option<Json>>>;
      /** Whether the device is active and its current key signed the payload ({ valid, reason }; reason 'blockListed' for a listed device) */
      verify: AugmentedRpc<(device: H256 | string | Uint8Array, payload: Bytes | string | Uint8Array, signature: Text | string, at?: BlockHash | string | Uint8Array) => Observable<Json>>;
      /** Whether a key ('<type>:0x<hex>') was valid for the device in a block */
      keyValidAt: AugmentedRpc<(device: H256 | string | Uint8Array, key: Text | string, block: u32 | AnyNumber | Uint8Array, at?: BlockHash | string | Uint8Array) => Observable<bool>>;
      /** Credentials about 'device:0x…' or 'subscriber:0x…', each with whether it is valid now */
      credentials: AugmentedRpc<(subject: Text | string, at?: BlockHash | string | Uint8Array) => Observable<Vec<Json>>>;
      /** A device's block-list entry ({ listed, since, reasons, reporters, regulator, reports }) */
      blockListing: AugmentedRpc<(device: H256 | string | Uint8Array, at?: BlockHash | string | Uint8Array) => Observable<Json>>;
      /** Whether a SIM consent receipt holds now ({ valid, reason: 'unknown' | 'expired' | 'revoked' | null, purpose, dataCategory, recipient, expiresAt, revokedAt, … }) */
      verifyConsent: AugmentedRpc<(consent: H256 | string | Uint8Array, at?: BlockHash | string | Uint8Array) => Observable<Json>>;
    };
    spectrum: {
      /** Whether a priority lease of [low, high) Hz over the cells in [start, end) would be free, and which grants block it */
      freeSpectrum: AugmentedRpc<(low: u64 | AnyNumber | Uint8Array, high: u64 | AnyNumber | Uint8Array, cells: Vec<u64> | (u64 | AnyNumber | Uint8Array)[], start: u32 | AnyNumber | Uint8Array, end: u32 | AnyNumber | Uint8Array, at?: BlockHash | string | Uint8Array) => Observable<Json>>;
      /** An account's grants, as lessee or holder, each with the radio it names (radio: { device, eirp, antennaHeight, lastBeat } or null) */
      grantsOf: AugmentedRpc<(who: AccountId | string | Uint8Array, at?: BlockHash | string | Uint8Array) => Observable<Vec<Json>>>;
      /** A grant's parties, slice, tier, state, billing, history and radio ({ device, eirp, antennaHeight, lastBeat } or null) */
      grant: AugmentedRpc<(grant: u64 | AnyNumber | Uint8Array, at?: BlockHash | string | Uint8Array) => Observable<Option<Json>>>;
    };
    sharing: {
      /** A site's lead, owners and shares, capex, stage, builder, capacity, allocation and utilisation */
      site: AugmentedRpc<(site: u32 | AnyNumber | Uint8Array, at?: BlockHash | string | Uint8Array) => Observable<Option<Json>>>;
      /** A site's leases with their SLA terms and the SLA record of a period ({ year, month }) */
      leases: AugmentedRpc<(site: u32 | AnyNumber | Uint8Array, period: Json | object, at?: BlockHash | string | Uint8Array) => Observable<Vec<Json>>>;
      /** A participant's opex, revenue, penalties and lease payments of a settled period */
      statement: AugmentedRpc<(site: u32 | AnyNumber | Uint8Array, period: Json | object, who: AccountId | string | Uint8Array, at?: BlockHash | string | Uint8Array) => Observable<Option<Json>>>;
    };
  }
}
