// JSON-RPC definitions of the telecom node's custom methods (`clearing_*`, `tender_*`, `roaming_*`,
// `device_*`, `spectrum_*`, `sharing_*`), in @polkadot/api's `rpc` option format:
//   const api = await ApiPromise.create({ provider, rpc: telecomRpc });
//   const positions = (await api.rpc.clearing.openPositions(address)).toJSON();
// Amounts come back as decimal strings. Lists are `Vec<Json>`, single records `Option<Json>`
// (`.toJSON()` gives plain objects, or null when there is none). Every method takes an optional
// last `at` block hash. The package's test checks this list against a running node's
// `rpc_methods`: nothing the node serves is missing here, nothing here is unknown to the node.

const at = { name: 'at', type: 'BlockHash', isOptional: true };

/** Custom RPC sections of the telecom node, for @polkadot/api's `rpc` option. */
export const telecomRpc = {
  clearing: {
    openPositions: {
      description: "An account's gross and net positions per currency in the open clearing cycle",
      params: [{ name: 'who', type: 'AccountId' }, at],
      type: 'Vec<Json>',
    },
    cycle: {
      description: 'A clearing cycle (the open one when omitted)',
      params: [{ name: 'cycle', type: 'Option<u32>' }, at],
      type: 'Option<Json>',
    },
    cyclePositions: {
      description: "Every participant's position in one cycle and currency",
      params: [{ name: 'cycle', type: 'u32' }, { name: 'currency', type: 'Text' }, at],
      type: 'Vec<Json>',
    },
    instructions: {
      description: 'The settlement instructions of a cycle',
      params: [{ name: 'cycle', type: 'u32' }, at],
      type: 'Vec<Json>',
    },
    statement: {
      description: "An account's statement of a cycle",
      params: [{ name: 'cycle', type: 'u32' }, { name: 'who', type: 'AccountId' }, at],
      type: 'Option<Json>',
    },
    batch: {
      description: 'The audit record of a bulk batch',
      params: [{ name: 'batch', type: 'u64' }, at],
      type: 'Option<Json>',
    },
    recordProof: {
      description: "One record of a bulk batch with its Merkle inclusion proof against the batch's on-chain root",
      params: [{ name: 'batch', type: 'u64' }, { name: 'index', type: 'u32' }, at],
      type: 'Json',
    },
  },
  tender: {
    tender: {
      description: "A tender's notice, status, bids, clarifications, awards, challenges and history",
      params: [{ name: 'tender', type: 'u32' }, at],
      type: 'Option<Json>',
    },
    bidsOf: {
      description: 'Every bid an account holds in a running tender',
      params: [{ name: 'bidder', type: 'AccountId' }, at],
      type: 'Vec<Json>',
    },
  },
  roaming: {
    agreement: {
      description: 'An IOT agreement: parties, networks, status, version, terms, pending amendment',
      params: [{ name: 'agreement', type: 'u32' }, at],
      type: 'Option<Json>',
    },
    agreementBetween: {
      description: 'The current agreement id between two TADIG codes',
      params: [{ name: 'one', type: 'Text' }, { name: 'other', type: 'Text' }, at],
      type: 'Option<u32>',
    },
    batches: {
      description: "An agreement's stored usage batches, of one period ({ year, month }) or all (null)",
      // Option: a bare `Json` sends null as `{}`, which the node refuses (no `year`).
      params: [{ name: 'agreement', type: 'u32' }, { name: 'period', type: 'Option<Json>' }, at],
      type: 'Vec<Json>',
    },
    sequenceGaps: {
      description: 'TAP file sequence control from sender to recipient: next expected number and missing ranges',
      params: [{ name: 'sender', type: 'Text' }, { name: 'recipient', type: 'Text' }, at],
      type: 'Json',
    },
    balance: {
      description: "Both directions' running totals of a period and the net before discounts",
      params: [{ name: 'agreement', type: 'u32' }, { name: 'period', type: 'Json' }, at],
      type: 'Json',
    },
    statement: {
      description: 'The settlement statement of a closed period',
      params: [{ name: 'agreement', type: 'u32' }, { name: 'period', type: 'Json' }, at],
      type: 'Option<Json>',
    },
  },
  device: {
    device: {
      description: "A device's status, custody, key history and event history",
      params: [{ name: 'device', type: 'H256' }, at],
      type: 'Option<Json>',
    },
    verify: {
      description: "Whether the device is active and its current key signed the payload ({ valid, reason }; reason 'blockListed' for a listed device)",
      params: [{ name: 'device', type: 'H256' }, { name: 'payload', type: 'Bytes' }, { name: 'signature', type: 'Text' }, at],
      type: 'Json',
    },
    keyValidAt: {
      description: "Whether a key ('<type>:0x<hex>') was valid for the device in a block",
      params: [{ name: 'device', type: 'H256' }, { name: 'key', type: 'Text' }, { name: 'block', type: 'u32' }, at],
      type: 'bool',
    },
    credentials: {
      description: "Credentials about 'device:0x…' or 'subscriber:0x…', each with whether it is valid now",
      params: [{ name: 'subject', type: 'Text' }, at],
      type: 'Vec<Json>',
    },
    blockListing: {
      description: "A device's block-list entry ({ listed, since, reasons, reporters, regulator, reports })",
      params: [{ name: 'device', type: 'H256' }, at],
      type: 'Json',
    },
    verifyConsent: {
      description: "Whether a SIM consent receipt holds now ({ valid, reason: 'unknown' | 'expired' | 'revoked' | null, purpose, dataCategory, recipient, expiresAt, revokedAt, … })",
      params: [{ name: 'consent', type: 'H256' }, at],
      type: 'Json',
    },
  },
  spectrum: {
    freeSpectrum: {
      description: 'Whether a priority lease of [low, high) Hz over the cells in [start, end) would be free, and which grants block it',
      params: [{ name: 'low', type: 'u64' }, { name: 'high', type: 'u64' }, { name: 'cells', type: 'Vec<u64>' }, { name: 'start', type: 'u32' }, { name: 'end', type: 'u32' }, at],
      type: 'Json',
    },
    grantsOf: {
      description: "An account's grants, as lessee or holder, each with the radio it names (radio: { device, eirp, antennaHeight, lastBeat } or null)",
      params: [{ name: 'who', type: 'AccountId' }, at],
      type: 'Vec<Json>',
    },
    grant: {
      description: "A grant's parties, slice, tier, state, billing, history and radio ({ device, eirp, antennaHeight, lastBeat } or null)",
      params: [{ name: 'grant', type: 'u64' }, at],
      type: 'Option<Json>',
    },
  },
  sharing: {
    site: {
      description: "A site's lead, owners and shares, capex, stage, builder, capacity, allocation and utilisation",
      params: [{ name: 'site', type: 'u32' }, at],
      type: 'Option<Json>',
    },
    leases: {
      description: "A site's leases with their SLA terms and the SLA record of a period ({ year, month })",
      params: [{ name: 'site', type: 'u32' }, { name: 'period', type: 'Json' }, at],
      type: 'Vec<Json>',
    },
    statement: {
      description: "A participant's opex, revenue, penalties and lease payments of a settled period",
      params: [{ name: 'site', type: 'u32' }, { name: 'period', type: 'Json' }, { name: 'who', type: 'AccountId' }, at],
      type: 'Option<Json>',
    },
  },
};
