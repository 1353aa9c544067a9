//! Tender awards as other pallets see them.

use crate::{Amount, CurrencyCode, DocumentHash};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Identifier of a tender notice.
pub type TenderId = u32;

/// Index of a lot within a tender (0 for a tender without lots).
pub type LotIndex = u8;

/// A concluded tender lot: the buyer contracted the winner at the winning price.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct ContractAward<AccountId> {
	/// The tender.
	pub tender: TenderId,
	/// The lot.
	pub lot: LotIndex,
	/// Who ran the tender and signed the contract.
	pub buyer: AccountId,
	/// The winning bidder, now the contractor.
	pub contractor: AccountId,
	/// Currency of `price`.
	pub currency: CurrencyCode,
	/// Contract price in minor units, as bid.
	pub price: Amount,
	/// Hash of the signed contract.
	pub contract: DocumentHash,
}

/// Told of every contract concluded through a tender; implemented by pallets that run on
/// awarded contracts (for example 5G co-construction) and wired in the runtime.
pub trait OnContractAwarded<AccountId> {
	/// `award` is final: the standstill passed without a successful challenge and the contract
	/// is signed. Runs inside the concluding call; an error reverts the conclusion.
	fn on_contract_awarded(award: &ContractAward<AccountId>) -> sp_runtime::DispatchResult;
}

impl<AccountId> OnContractAwarded<AccountId> for () {
	fn on_contract_awarded(_award: &ContractAward<AccountId>) -> sp_runtime::DispatchResult {
		Ok(())
	}
}
