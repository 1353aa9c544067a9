//! Weights of the runtime's own overheads, of the standard pallets it hosts (frame-system and its
//! transaction extensions, timestamp, balances, transaction payment, utility, sudo, multisig,
//! membership, collective, assets) and of ParityDB, measured on this project's reference machine
//! (2-core AMD EPYC VM) by `scripts/benchmark.sh` with the node's `benchmark overhead`,
//! `benchmark pallet` and `benchmark storage` commands. Each file's header holds the exact command
//! (collective and assets, rarely called, with 20 steps and 10 repeats to save time).
//!
//! Database costs (`paritydb_weights.rs`) are ParityDB's reads and writes measured on the dev
//! chain's genesis with a million extra accounts (`e2e/bench/big-state-spec.mjs`), writes
//! committed 1,000 keys at a time, the average plus 10 %.
//!
//! Our pallets keep their weights in their own crates (`pallets/*/src/weights.rs`).

use frame_support::weights::{constants::WEIGHT_REF_TIME_PER_NANOS, Weight};

pub mod author_overhead;
pub mod block_weights;
pub mod extrinsic_base;
pub mod extrinsic_weights;
pub mod frame_system;
pub mod frame_system_extensions;
pub mod pallet_assets;
pub mod pallet_balances;
pub mod pallet_collective;
pub mod pallet_membership;
pub mod pallet_multisig;
pub mod pallet_sudo;
pub mod pallet_timestamp;
pub mod pallet_transaction_payment;
pub mod pallet_utility;
pub mod paritydb_weights;

/// Base weight of every extrinsic, on top of its call and its transaction extensions: what
/// executing it costs beyond them ([`executed_base_weight`]) plus what authoring it costs
/// (`author_overhead.rs`).
///
/// The block author applies each extrinsic in a runtime call of its own, which importing a block
/// does not; without that share a full block of transfers took about 1.5 times its declared weight
/// to build, so the weight no longer bounded the author's time (issue #25).
pub fn extrinsic_base_weight() -> Weight {
	let authoring = author_overhead::AUTHOR_OVERHEAD_NS.saturating_mul(WEIGHT_REF_TIME_PER_NANOS);
	executed_base_weight().saturating_add(Weight::from_parts(authoring, 0))
}

/// The execution part of [`extrinsic_base_weight`].
///
/// `benchmark overhead` measures a signed no-op `remark` (`extrinsic_weights.rs`), which already
/// runs every transaction extension, and each extension is charged again through its own weight
/// (polkadot-sdk issue #9981). This is therefore that measurement less what the extensions
/// charge for execution, but never less than one sr25519 signature verification: a signed no-op
/// still pays at least the time it was measured to take.
pub fn executed_base_weight() -> Weight {
	let measured = extrinsic_weights::ExtrinsicBaseWeight::get().ref_time();
	let nanos = |ns: u64| ns.saturating_mul(WEIGHT_REF_TIME_PER_NANOS);
	let remainder = measured.saturating_sub(nanos(extrinsic_base::EXTENSIONS_NS));
	Weight::from_parts(remainder.max(nanos(extrinsic_base::SR25519_VERIFICATION_NS)), 0)
}
