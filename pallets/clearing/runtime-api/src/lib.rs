//! Runtime API of the clearing pallet: the questions billing systems ask without decoding
//! storage.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
use pallet_clearing::{
	BatchId, BatchInfo, Cycle, CycleId, Instruction, InstructionIndex, NetPosition, Position,
	Statement,
};
use telecom_primitives::{CurrencyCode, DocumentHash};

sp_api::decl_runtime_apis! {
	/// Queries of the clearing pallet.
	///
	/// Version 2 adds `batch_record_root`.
	#[api_version(2)]
	pub trait ClearingApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// `who`'s gross and net positions per currency in the open cycle.
		fn open_positions(who: AccountId) -> Vec<(CurrencyCode, Position, NetPosition)>;

		/// A cycle and its id; the open cycle when `cycle` is `None`.
		fn cycle(cycle: Option<CycleId>) -> Option<(CycleId, Cycle<BlockNumber>)>;

		/// Every participant's position in one cycle and currency.
		fn cycle_positions(
			cycle: CycleId,
			currency: CurrencyCode,
		) -> Vec<(AccountId, Position, NetPosition)>;

		/// The settlement instructions of a cycle, in index order.
		fn instructions(cycle: CycleId) -> Vec<(InstructionIndex, Instruction<AccountId>)>;

		/// `who`'s statement of a cycle.
		fn statement(cycle: CycleId, who: AccountId) -> Option<Statement<AccountId, BlockNumber>>;

		/// The audit record of a bulk batch.
		fn batch(batch: BatchId) -> Option<BatchInfo<AccountId, Balance, BlockNumber>>;

		/// The Merkle root of a stored batch's records (`None`: unknown batch, or stored
		/// before roots were kept).
		#[api_version(2)]
		fn batch_record_root(batch: BatchId) -> Option<DocumentHash>;
	}
}
