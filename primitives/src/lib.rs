//! Shared domain types and traits of the telecom consortium chain.
//!
//! Every type that crosses a pallet boundary lives here, so that pallets talk through traits
//! wired in the runtime and never read each other's storage:
//!
//! - money: [`CurrencyCode`] (ISO 4217, including `XDR`, the IMF special drawing right used in
//!   roaming) and [`Amount`] in minor units;
//! - identity of roaming partners: [`TadigCode`];
//! - business time: [`SettlementPeriod`] (a calendar month);
//! - payment obligations: [`Obligation`], [`ObligationSource`] and the [`ObligationSink`] that the
//!   clearing pallet implements;
//! - consortium membership: [`OperatorMembership`] and the [`EnsureOperator`] origin;
//! - tender outcomes: [`ContractAward`] and the [`OnContractAwarded`] hook;
//! - device identity: [`DeviceKey`]s of four types (P-256 included), their [`DeviceSignature`]s and
//!   the [`DeviceVerifier`] that the device registry implements;
//! - evidence per record: the [`evidence`] Merkle tree over a batch's records, shared by the
//!   runtime, the node's RPC and `telecom-cli`;
//! - confidential terms: the [`commitment`] to an agreement's terms, `blake2_256(SCALE(terms) ‖
//!   salt)`, which the runtime checks on a reveal and `telecom-terms-seal` binds envelopes to.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod commitment;
mod device;
pub mod evidence;
mod membership;
pub mod merkle;
mod money;
mod obligation;
mod period;
mod tadig;
mod tender;
pub mod x25519;

pub use commitment::{
	opens_commitment, terms_commitment, TermsCommitment, TermsSalt, PADDED_ENVELOPE_LEN,
	PADDED_ENVELOPE_OVERHEAD, SEALED_TERMS_OVERHEAD,
};
pub use device::{DeviceCheckError, DeviceId, DeviceKey, DeviceSignature, DeviceVerifier, KeyType};
pub use membership::{EnsureOperator, MembersOf, OperatorMembership};
pub use money::{amount_string, Amount, CurrencyCode};
pub use obligation::{Obligation, ObligationId, ObligationSink, ObligationSource};
pub use period::SettlementPeriod;
pub use tadig::TadigCode;
pub use tender::{ContractAward, LotIndex, OnContractAwarded, TenderId};

/// Blake2-256 hash of an off-chain document (contract, TAP file, report, tender document).
pub type DocumentHash = sp_core::H256;
