//! Weights of pallet-clearing: the interface, until `benchmark pallet` generates the numbers.

use core::marker::PhantomData;
use frame_support::weights::Weight;

/// Weight functions needed for `pallet_clearing`.
pub trait WeightInfo {
	fn join() -> Weight;
	fn admit_participant() -> Weight;
	fn set_settlement_asset() -> Weight;
	fn set_settlement_method() -> Weight;
	fn grant_mandate() -> Weight;
	fn revoke_mandate() -> Weight;
	fn submit_bill() -> Weight;
	fn accept_bill() -> Weight;
	fn dispute_bill() -> Weight;
	fn withdraw_bill() -> Weight;
	fn resolve_dispute() -> Weight;
	fn release_bill() -> Weight;
	fn submit_batch(r: u32, p: u32) -> Weight;
	fn remove_batch_record() -> Weight;
	fn force_cut_off() -> Weight;
	fn settle_on_chain(i: u32) -> Weight;
	fn confirm_payment() -> Weight;
	fn acknowledge_payment() -> Weight;
	fn on_initialize_idle() -> Weight;
	fn on_initialize_cut_off() -> Weight;
	fn on_initialize_net(p: u32) -> Weight;
	fn on_initialize_instruct(p: u32) -> Weight;
	fn on_initialize_default(i: u32) -> Weight;
	fn on_initialize_close() -> Weight;
}

// PLACEHOLDER: replaced by the generated file before this lands.
impl WeightInfo for () {
	fn join() -> Weight {
		Weight::zero()
	}
	fn admit_participant() -> Weight {
		Weight::zero()
	}
	fn set_settlement_asset() -> Weight {
		Weight::zero()
	}
	fn set_settlement_method() -> Weight {
		Weight::zero()
	}
	fn grant_mandate() -> Weight {
		Weight::zero()
	}
	fn revoke_mandate() -> Weight {
		Weight::zero()
	}
	fn submit_bill() -> Weight {
		Weight::zero()
	}
	fn accept_bill() -> Weight {
		Weight::zero()
	}
	fn dispute_bill() -> Weight {
		Weight::zero()
	}
	fn withdraw_bill() -> Weight {
		Weight::zero()
	}
	fn resolve_dispute() -> Weight {
		Weight::zero()
	}
	fn release_bill() -> Weight {
		Weight::zero()
	}
	fn submit_batch(_r: u32, _p: u32) -> Weight {
		Weight::zero()
	}
	fn remove_batch_record() -> Weight {
		Weight::zero()
	}
	fn force_cut_off() -> Weight {
		Weight::zero()
	}
	fn settle_on_chain(_i: u32) -> Weight {
		Weight::zero()
	}
	fn confirm_payment() -> Weight {
		Weight::zero()
	}
	fn acknowledge_payment() -> Weight {
		Weight::zero()
	}
	fn on_initialize_idle() -> Weight {
		Weight::zero()
	}
	fn on_initialize_cut_off() -> Weight {
		Weight::zero()
	}
	fn on_initialize_net(_p: u32) -> Weight {
		Weight::zero()
	}
	fn on_initialize_instruct(_p: u32) -> Weight {
		Weight::zero()
	}
	fn on_initialize_default(_i: u32) -> Weight {
		Weight::zero()
	}
	fn on_initialize_close() -> Weight {
		Weight::zero()
	}
}

/// Weights for `pallet_clearing` on the reference machine.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn join() -> Weight {
		Weight::zero()
	}
	fn admit_participant() -> Weight {
		Weight::zero()
	}
	fn set_settlement_asset() -> Weight {
		Weight::zero()
	}
	fn set_settlement_method() -> Weight {
		Weight::zero()
	}
	fn grant_mandate() -> Weight {
		Weight::zero()
	}
	fn revoke_mandate() -> Weight {
		Weight::zero()
	}
	fn submit_bill() -> Weight {
		Weight::zero()
	}
	fn accept_bill() -> Weight {
		Weight::zero()
	}
	fn dispute_bill() -> Weight {
		Weight::zero()
	}
	fn withdraw_bill() -> Weight {
		Weight::zero()
	}
	fn resolve_dispute() -> Weight {
		Weight::zero()
	}
	fn release_bill() -> Weight {
		Weight::zero()
	}
	fn submit_batch(_r: u32, _p: u32) -> Weight {
		Weight::zero()
	}
	fn remove_batch_record() -> Weight {
		Weight::zero()
	}
	fn force_cut_off() -> Weight {
		Weight::zero()
	}
	fn settle_on_chain(_i: u32) -> Weight {
		Weight::zero()
	}
	fn confirm_payment() -> Weight {
		Weight::zero()
	}
	fn acknowledge_payment() -> Weight {
		Weight::zero()
	}
	fn on_initialize_idle() -> Weight {
		Weight::zero()
	}
	fn on_initialize_cut_off() -> Weight {
		Weight::zero()
	}
	fn on_initialize_net(_p: u32) -> Weight {
		Weight::zero()
	}
	fn on_initialize_instruct(_p: u32) -> Weight {
		Weight::zero()
	}
	fn on_initialize_default(_i: u32) -> Weight {
		Weight::zero()
	}
	fn on_initialize_close() -> Weight {
		Weight::zero()
	}
}
