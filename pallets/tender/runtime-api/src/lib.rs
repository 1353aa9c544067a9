//! Runtime API of the tender pallet: what buyers, bidders and auditors ask without decoding
//! storage.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
use pallet_tender::{Bid, TenderDetails};
use telecom_primitives::{LotIndex, TenderId};

sp_api::decl_runtime_apis! {
	/// Queries of the tender pallet.
	pub trait TenderApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// A tender's notice, state, bids, clarifications, awards, challenges and history.
		fn tender(tender: TenderId) -> Option<TenderDetails<AccountId, Balance, BlockNumber>>;

		/// Every bid `bidder` holds in a running tender, by tender and lot.
		fn bids_of(bidder: AccountId) -> Vec<(TenderId, LotIndex, Bid<Balance, BlockNumber>)>;
	}
}
