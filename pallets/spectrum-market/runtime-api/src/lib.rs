//! Runtime API of the spectrum market: the queries a SAS answers, from the shared ledger.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
use pallet_spectrum_market::{CellId, FrequencyRange, GrantId, GrantStep, RadioAssignment, Window};

/// The answer for one grant: the grant, its recent states and the radio it names (`None` before
/// its lessee names one).
pub type GrantAnswer<Grant, BlockNumber> =
	(Grant, Vec<GrantStep<BlockNumber>>, Option<RadioAssignment<BlockNumber>>);

sp_api::decl_runtime_apis! {
	/// Queries of the spectrum market. `Grant` is the runtime's grant record type.
	///
	/// Version 2: `grants_of` and `grant` also answer the radio each grant names (its device id,
	/// maximum EIRP, antenna height and latest radio-signed heartbeat), `None` before the lessee
	/// names one. Version 1 answered the grant without it.
	#[api_version(2)]
	pub trait SpectrumApi<AccountId, BlockNumber, Grant>
	where
		AccountId: Codec,
		BlockNumber: Codec,
		Grant: Codec,
	{
		/// Live grants that block a priority lease of `range` × `cells` × `window` (none: free).
		fn conflicts(range: FrequencyRange, cells: Vec<CellId>, window: Window<BlockNumber>) -> Vec<GrantId>;

		/// Grants of an account, as lessee or holder, each with the radio it names.
		fn grants_of(who: AccountId) -> Vec<(GrantId, Grant, Option<RadioAssignment<BlockNumber>>)>;

		/// Grants of an account, as lessee or holder (version 1: without their radios).
		#[changed_in(2)]
		fn grants_of(who: AccountId) -> Vec<(GrantId, Grant)>;

		/// A grant, its recent states and the radio it names.
		fn grant(grant: GrantId) -> Option<GrantAnswer<Grant, BlockNumber>>;

		/// A grant and its recent states (version 1: without its radio).
		#[changed_in(2)]
		fn grant(grant: GrantId) -> Option<(Grant, Vec<GrantStep<BlockNumber>>)>;
	}
}
