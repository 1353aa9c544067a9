//! Runtime API of the spectrum market: the queries a SAS answers, from the shared ledger.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
use pallet_spectrum_market::{CellId, FrequencyRange, GrantId, GrantStep, Window};

sp_api::decl_runtime_apis! {
	/// Queries of the spectrum market. `Grant` is the runtime's grant record type.
	pub trait SpectrumApi<AccountId, BlockNumber, Grant>
	where
		AccountId: Codec,
		BlockNumber: Codec,
		Grant: Codec,
	{
		/// Live grants that block a priority lease of `range` × `cells` × `window` (none: free).
		fn conflicts(range: FrequencyRange, cells: Vec<CellId>, window: Window<BlockNumber>) -> Vec<GrantId>;

		/// Grants of an account, as lessee or holder.
		fn grants_of(who: AccountId) -> Vec<(GrantId, Grant)>;

		/// A grant and its recent states.
		fn grant(grant: GrantId) -> Option<(Grant, Vec<GrantStep<BlockNumber>>)>;
	}
}
