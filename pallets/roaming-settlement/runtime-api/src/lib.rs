//! Runtime API of the roaming settlement pallet: what billing systems and auditors ask without
//! decoding storage.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
use pallet_roaming_settlement::{
	Agreement, AgreementId, BatchInfo, RunningBalance, SequenceControl, Statement,
};
use telecom_primitives::{SettlementPeriod, TadigCode};

sp_api::decl_runtime_apis! {
	/// Queries of the roaming settlement pallet.
	pub trait RoamingApi<AccountId, BlockNumber>
	where
		AccountId: Codec,
		BlockNumber: Codec,
	{
		/// An agreement: parties, networks, status, version, terms and any pending amendment.
		fn agreement(agreement: AgreementId) -> Option<Agreement<AccountId, BlockNumber>>;

		/// The current agreement between two networks, if any.
		fn agreement_between(one: TadigCode, other: TadigCode) -> Option<AgreementId>;

		/// An agreement's stored batches (of one period, or all), by network and sequence.
		fn batches(agreement: AgreementId, period: Option<SettlementPeriod>) -> Vec<BatchInfo<BlockNumber>>;

		/// File sequence control from `sender` to `recipient`: next expected number and gaps.
		fn sequence_control(sender: TadigCode, recipient: TadigCode) -> SequenceControl;

		/// Both directions' totals for a period so far and the net before discounts.
		fn running_balance(agreement: AgreementId, period: SettlementPeriod) -> RunningBalance<BlockNumber>;

		/// The statement of a closed period.
		fn statement(agreement: AgreementId, period: SettlementPeriod) -> Option<Statement<AccountId, BlockNumber>>;
	}
}
