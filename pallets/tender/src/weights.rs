//! Weights of `pallet_tender`: the interface, until `benchmark pallet` generates the numbers.

use core::marker::PhantomData;
use frame_support::weights::Weight;

/// Weight functions of `pallet_tender`.
pub trait WeightInfo {
	fn publish() -> Weight;
	fn amend() -> Weight;
	fn ask_clarification() -> Weight;
	fn answer_clarification() -> Weight;
	fn commit_bid() -> Weight;
	fn withdraw_bid() -> Weight;
	fn reveal_bid() -> Weight;
	fn score_bids(s: u32) -> Weight;
	fn award(b: u32) -> Weight;
	fn challenge() -> Weight;
	fn decide_challenge(b: u32) -> Weight;
	fn conclude(b: u32) -> Weight;
	fn cancel(b: u32) -> Weight;
}

impl WeightInfo for () {
	fn publish() -> Weight {
		Weight::zero()
	}
	fn amend() -> Weight {
		Weight::zero()
	}
	fn ask_clarification() -> Weight {
		Weight::zero()
	}
	fn answer_clarification() -> Weight {
		Weight::zero()
	}
	fn commit_bid() -> Weight {
		Weight::zero()
	}
	fn withdraw_bid() -> Weight {
		Weight::zero()
	}
	fn reveal_bid() -> Weight {
		Weight::zero()
	}
	fn score_bids(_s: u32) -> Weight {
		Weight::zero()
	}
	fn award(_b: u32) -> Weight {
		Weight::zero()
	}
	fn challenge() -> Weight {
		Weight::zero()
	}
	fn decide_challenge(_b: u32) -> Weight {
		Weight::zero()
	}
	fn conclude(_b: u32) -> Weight {
		Weight::zero()
	}
	fn cancel(_b: u32) -> Weight {
		Weight::zero()
	}
}

pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn publish() -> Weight {
		Weight::zero()
	}
	fn amend() -> Weight {
		Weight::zero()
	}
	fn ask_clarification() -> Weight {
		Weight::zero()
	}
	fn answer_clarification() -> Weight {
		Weight::zero()
	}
	fn commit_bid() -> Weight {
		Weight::zero()
	}
	fn withdraw_bid() -> Weight {
		Weight::zero()
	}
	fn reveal_bid() -> Weight {
		Weight::zero()
	}
	fn score_bids(_s: u32) -> Weight {
		Weight::zero()
	}
	fn award(_b: u32) -> Weight {
		Weight::zero()
	}
	fn challenge() -> Weight {
		Weight::zero()
	}
	fn decide_challenge(_b: u32) -> Weight {
		Weight::zero()
	}
	fn conclude(_b: u32) -> Weight {
		Weight::zero()
	}
	fn cancel(_b: u32) -> Weight {
		Weight::zero()
	}
}
