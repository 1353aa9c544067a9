//! Weights of `pallet_5g_sharing`. Bootstrap file until `scripts/benchmark.sh
//! pallet_5g_sharing` regenerates it.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(missing_docs)]

use frame_support::weights::Weight;
use core::marker::PhantomData;

/// Weight functions of `pallet_5g_sharing`.
pub trait WeightInfo {
	fn propose_project() -> Weight;
	fn join_project() -> Weight;
	fn link_tender() -> Weight;
	fn approve_project() -> Weight;
	fn commission_site() -> Weight;
	fn report_energy() -> Weight;
	fn record_maintenance() -> Weight;
	fn offer_capacity() -> Weight;
	fn lease_capacity() -> Weight;
	fn report_sla() -> Weight;
	fn settle_period(p: u32, l: u32, ) -> Weight;
}

/// Measured weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn propose_project() -> Weight { Weight::zero() }
	fn join_project() -> Weight { Weight::zero() }
	fn link_tender() -> Weight { Weight::zero() }
	fn approve_project() -> Weight { Weight::zero() }
	fn commission_site() -> Weight { Weight::zero() }
	fn report_energy() -> Weight { Weight::zero() }
	fn record_maintenance() -> Weight { Weight::zero() }
	fn offer_capacity() -> Weight { Weight::zero() }
	fn lease_capacity() -> Weight { Weight::zero() }
	fn report_sla() -> Weight { Weight::zero() }
	fn settle_period(_p: u32, _l: u32, ) -> Weight { Weight::zero() }
}

impl WeightInfo for () {
	fn propose_project() -> Weight { Weight::zero() }
	fn join_project() -> Weight { Weight::zero() }
	fn link_tender() -> Weight { Weight::zero() }
	fn approve_project() -> Weight { Weight::zero() }
	fn commission_site() -> Weight { Weight::zero() }
	fn report_energy() -> Weight { Weight::zero() }
	fn record_maintenance() -> Weight { Weight::zero() }
	fn offer_capacity() -> Weight { Weight::zero() }
	fn lease_capacity() -> Weight { Weight::zero() }
	fn report_sla() -> Weight { Weight::zero() }
	fn settle_period(_p: u32, _l: u32, ) -> Weight { Weight::zero() }
}
