//! Client side of the telecom consortium chain: what an operator's billing system and the
//! project's load generator share.
//!
//! - [`rpc`]: JSON-RPC over HTTP keep-alive connections, with batch requests.
//! - [`chain`]: extrinsics signed with the runtime's own call types, blocks and their events.
//! - [`follow`]: reading finalized (or best) blocks one by one.
//! - [`bills`] and [`submit`]: bulk bills from CSV, chunked and submitted idempotently.
//! - [`evidence`]: offline check of a clearing record's inclusion proof against the chain's root.
//! - [`keys`]: signing keys from a file or the environment.
//! - [`load`]: the load generator's scenarios and statistics.

// Off-chain tool: counters are u64/usize sums of bounded inputs, and panics here abort a
// command, not a block. The workspace's runtime lints are relaxed accordingly.
#![allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]

pub mod bills;
pub mod chain;
pub mod evidence;
pub mod follow;
pub mod keys;
pub mod load;
pub mod rpc;
pub mod submit;
