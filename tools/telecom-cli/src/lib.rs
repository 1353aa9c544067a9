//! Client side of the telecom consortium chain: what an operator's billing system and the
//! project's load generator share.
//!
//! - [`rpc`]: JSON-RPC through jsonrpsee's WebSocket and HTTP clients, with TLS and batch
//!   requests.
//! - `rpc_legacy` (feature `bench-legacy-client` only): the hand-written HTTP client `rpc`
//!   replaced, kept as a benchmark comparator.
//! - [`chain`]: extrinsics signed with the runtime's own call types, blocks and their events.
//! - [`follow`]: reading finalized (or best) blocks one by one.
//! - [`bills`] and [`submit`]: bulk bills from CSV, chunked and submitted idempotently.
//! - [`usage`]: roaming file totals from CSV, posted by the visited or the home side.
//! - [`factory`]: a factory batch's Merkle root and a device's enrolment proof, from CSV.
//! - [`evidence`]: offline check of a clearing record's inclusion proof against the chain's root.
//! - [`exit`]: why a command failed, and its exit code.
//! - [`keys`]: signing keys from a file or the environment.
//! - [`load`]: the load generator's scenarios and statistics.
//! - [`discount`]: offline true-up of a discount agreement with the chain's own rating crate.
//! - [`rate`]: offline rating of TAP file totals with the chain's own rating crate.
//! - [`seal`]: confidential agreement terms sealed to and opened with the parties' X25519 keys,
//!   offline.

// Off-chain tool: counters are u64/usize sums of bounded inputs, and panics here abort a
// command, not a block. The workspace's runtime lints are relaxed accordingly.
#![allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]

pub mod bills;
pub mod chain;
pub mod discount;
pub mod evidence;
pub mod exit;
pub mod factory;
pub mod follow;
pub mod keys;
pub mod load;
pub mod rate;
pub mod rpc;
#[cfg(feature = "bench-legacy-client")]
pub mod rpc_legacy;
pub mod seal;
pub mod submit;
pub mod usage;
