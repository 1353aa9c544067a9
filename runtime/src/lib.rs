//! FRAME runtime of the telecom consortium chain.
//!
//! Hosts the standard pallets (system, consensus, balances, fees, utility, multisig), the
//! consortium's governance (an operators' `pallet-membership` instance and the `pallet-collective`
//! council it feeds), `pallet-assets` for tokenised settlement currencies, and the telecom
//! business pallets.

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime`, `impl_runtime_apis` and `parameter_types` expand to arithmetic and
// indexing that the workspace lints would otherwise flag in generated code.
#![allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]
// The runtime macro expands deeper than the default limit with the offence pallets.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

use alloc::vec::Vec;

// `define_benchmarks!` makes the `list_benchmarks!`/`add_benchmarks!` macros that `apis` uses, so
// it comes first.
#[cfg(feature = "runtime-benchmarks")]
#[macro_use]
mod benchmarks;
pub mod apis;
pub mod configs;
/// Finds clearing batches in extrinsics, for the node's `clearing_recordProof` (native only).
#[cfg(feature = "std")]
pub mod evidence;
pub mod genesis_config_presets;
pub mod weights;

use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::{runtime_version, RuntimeVersion};

pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;

/// Block number.
pub type BlockNumber = u32;

/// Signature of a transaction: sr25519, ed25519 or ecdsa.
pub type Signature = MultiSignature;

/// Account identifier: the public key of the account's signing key.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;

/// Balance of the native token, in its smallest unit.
pub type Balance = u128;

/// Transaction counter of an account.
pub type Nonce = u32;

/// Hash of blocks, extrinsics and storage.
pub type Hash = sp_core::H256;

/// Identifier of a `pallet-assets` asset (one per tokenised settlement currency).
pub type AssetId = u32;

/// Smallest unit of the native token: the token has 12 decimals.
pub const UNIT: Balance = 1_000_000_000_000;
/// One thousandth of a token.
pub const MILLI_UNIT: Balance = UNIT / 1_000;
/// One millionth of a token.
pub const MICRO_UNIT: Balance = UNIT / 1_000_000;

/// Minimum balance an account must keep to exist.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;

/// Target block time: Aura authors one block per 6-second slot.
pub const MILLI_SECS_PER_BLOCK: u64 = 6_000;
/// Aura slot duration; it cannot change once the chain runs.
pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;

/// Blocks per minute.
pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
/// Blocks per hour.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks per day.
pub const DAYS: BlockNumber = HOURS * 24;

/// Deposit for storing `items` items that take `bytes` bytes.
pub const fn deposit(items: u32, bytes: u32) -> Balance {
	items as Balance * 20 * MILLI_UNIT + (bytes as Balance) * 100 * MICRO_UNIT
}

/// Types the node uses without knowing the runtime's call and extension types.
pub mod opaque {
	use super::*;

	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Block header.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Block with opaque extrinsics.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Block identifier.
	pub type BlockId = generic::BlockId<Block>;

	impl_opaque_keys! {
		/// Session keys of a validator: its Aura and GRANDPA keys.
		pub struct SessionKeys {
			/// Aura block-authoring key.
			pub aura: Aura,
			/// GRANDPA finality-voting key.
			pub grandpa: Grandpa,
		}
	}
}

/// Version of the runtime; `spec_version` must grow with every upgrade.
#[cfg(not(feature = "upgrade-rehearsal"))]
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("telecom-chain"),
	impl_name: alloc::borrow::Cow::Borrowed("telecom-chain"),
	authoring_version: 1,
	spec_version: 100,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// Version of the next runtime, built with the `upgrade-rehearsal` feature
/// (`scripts/common.sh` `build_next_runtime`): one `spec_version` up, with the clearing
/// pallet's storage version 2. `e2e/rehearsal/runtime-upgrade.test.mjs` installs it on a running
/// network by council motion.
#[cfg(feature = "upgrade-rehearsal")]
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("telecom-chain"),
	impl_name: alloc::borrow::Cow::Borrowed("telecom-chain"),
	authoring_version: 1,
	spec_version: 101,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// How a transaction names its sender.
pub type Address = MultiAddress<AccountId, ()>;
/// Block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// Transaction extensions, checked in this order for every signed transaction.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// Extrinsic as it travels over the wire.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload a sender signs.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Runtime migrations beyond those the pallets declare, run once each (every one checks the
/// pallet's on-chain storage version).
#[cfg(not(feature = "upgrade-rehearsal"))]
type Migrations = (
	// Roaming settlement v1 → v2: exact sub-unit amounts on batches, totals and statements.
	pallet_roaming_settlement::migrations::v2::MigrateV1ToV2<Runtime>,
	// Roaming settlement v2 → v3: the IOT tariff model (MOC classes, MTC, SMS MO/MT, data,
	// VoLTE, video, set-up fees and minimum charges) in agreements, pinned terms and batches,
	// and the invoice currency on agreement terms and statements.
	pallet_roaming_settlement::migrations::v3::MigrateV2ToV3<Runtime>,
	// Roaming settlement v3 → v4: confidential agreements (sealed terms on agreements and
	// amendments, the commitment on pinned terms); every existing agreement stays transparent.
	pallet_roaming_settlement::migrations::v4::MigrateV3ToV4<Runtime>,
	// Roaming settlement v4 → v5: confidential discount agreements (a discount record's terms
	// are public or sealed); every existing discount agreement stays transparent.
	pallet_roaming_settlement::migrations::v5::MigrateV4ToV5<Runtime>,
	// 5G sharing v1 → v2: capacity pools per kind; existing offers and leases become radio.
	pallet_5g_sharing::migrations::v2::MigrateV1ToV2<Runtime>,
	// Equivocation reports on a live chain: GRANDPA's previous set gets its session back.
	configs::equivocation::InitEquivocationHistory,
);
/// The next runtime's migrations (`upgrade-rehearsal`): this one's versioned migrations (no-ops
/// once the pallets are at their version), then clearing v1 → v2 (bill references keyed by a hash
/// of the reference). `InitEquivocationHistory` is left out: it is not versioned and is meant to
/// run once, with the upgrade to this runtime.
#[cfg(feature = "upgrade-rehearsal")]
type Migrations = (
	pallet_roaming_settlement::migrations::v2::MigrateV1ToV2<Runtime>,
	pallet_roaming_settlement::migrations::v3::MigrateV2ToV3<Runtime>,
	pallet_roaming_settlement::migrations::v4::MigrateV3ToV4<Runtime>,
	pallet_roaming_settlement::migrations::v5::MigrateV4ToV5<Runtime>,
	pallet_5g_sharing::migrations::v2::MigrateV1ToV2<Runtime>,
	pallet_clearing::migrations::v2::MigrateV1ToV2<Runtime>,
);

/// Dispatches blocks and extrinsics to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	/// Sessions: each one's validators are the operators with registered session keys. Declared
	/// before Aura and GRANDPA so that their authorities follow each new session.
	#[runtime::pallet_index(13)]
	pub type Session = pallet_session;

	/// Historical validator-set roots of recent sessions: proofs that an equivocating GRANDPA key
	/// belonged to a validator.
	#[runtime::pallet_index(16)]
	pub type Historical = pallet_session::historical;

	/// Recorded offences (GRANDPA equivocations), each once; the offender is disabled and
	/// suspended, never slashed.
	#[runtime::pallet_index(17)]
	pub type Offences = pallet_offences;

	/// The current block's author: the reporter of an equivocation it includes.
	#[runtime::pallet_index(18)]
	pub type Authorship = pallet_authorship;

	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;

	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;

	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;

	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;

	#[runtime::pallet_index(6)]
	pub type Sudo = pallet_sudo;

	#[runtime::pallet_index(7)]
	pub type Utility = pallet_utility;

	#[runtime::pallet_index(8)]
	pub type Multisig = pallet_multisig;

	/// The consortium council: every operator sits on it and votes on admissions.
	#[runtime::pallet_index(9)]
	pub type Council = pallet_collective<Instance1>;

	/// The consortium's operators, changed by the council.
	#[runtime::pallet_index(10)]
	pub type Operators = pallet_membership<Instance1>;

	/// Tokenised settlement currencies.
	#[runtime::pallet_index(11)]
	pub type Assets = pallet_assets;

	/// Root calls by council motion (two thirds of the operators): upgrades, council seats,
	/// parameters. Never reaches `pallet-sudo`.
	#[runtime::pallet_index(12)]
	pub type CouncilRoot = pallet_council_root;

	/// Proxy accounts, e.g. a billing host signing clearing bills for its operator.
	#[runtime::pallet_index(14)]
	pub type Proxy = pallet_proxy;

	/// The peer ids of member operators' nodes: each node keeps only these as sync peers.
	#[runtime::pallet_index(15)]
	pub type OperatorNodes = pallet_operator_nodes;

	/// Multilateral clearing and settlement of inter-operator obligations.
	#[runtime::pallet_index(20)]
	pub type Clearing = pallet_clearing;

	/// Electronic tendering with sealed commit–reveal bids.
	#[runtime::pallet_index(21)]
	pub type Tender = pallet_tender;

	/// Roaming settlement: IOT agreements, re-rated TAP/BCE batches, disputes, period close.
	#[runtime::pallet_index(22)]
	pub type Roaming = pallet_roaming_settlement;

	/// Device identity: attested device keys (P-256 included), lifecycle, credentials.
	#[runtime::pallet_index(23)]
	pub type DeviceIdentity = pallet_device_identity;

	/// Spectrum leasing: licences, offers, non-overlapping grants, incumbent protection.
	#[runtime::pallet_index(24)]
	pub type Spectrum = pallet_spectrum_market;

	/// 5G site sharing: co-construction, shared sites, capacity leasing, SLA, settlement.
	#[runtime::pallet_index(25)]
	pub type FiveGSharing = pallet_5g_sharing;
}

#[cfg(test)]
mod tests;
