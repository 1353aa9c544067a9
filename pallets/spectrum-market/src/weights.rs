//! Weights of `pallet_spectrum_market`. Bootstrap file until `scripts/benchmark.sh
//! pallet_spectrum_market` regenerates it.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(missing_docs)]

use frame_support::weights::Weight;
use core::marker::PhantomData;

/// Weight functions of `pallet_spectrum_market`.
pub trait WeightInfo {
	fn register_licence() -> Weight;
	fn rescind_licence() -> Weight;
	fn create_offer() -> Weight;
	fn withdraw_offer() -> Weight;
	fn accept_offer(c: u32, ) -> Weight;
	fn place_bid() -> Weight;
	fn close_auction(c: u32, ) -> Weight;
	fn heartbeat(n: u32, ) -> Weight;
	fn relinquish(c: u32, ) -> Weight;
	fn declare_incumbent(c: u32, ) -> Weight;
	fn end_incumbent() -> Weight;
	fn report_usage() -> Weight;
	fn bill() -> Weight;
	fn report_interference() -> Weight;
	fn resolve_interference(c: u32, ) -> Weight;
	fn purge_grant() -> Weight;
	fn on_initialize_idle() -> Weight;
	fn sweep_slots(n: u32, ) -> Weight;
	fn lapse_heartbeats(n: u32, ) -> Weight;
	fn expire_grants(n: u32, ) -> Weight;
}

/// Measured weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn register_licence() -> Weight { Weight::zero() }
	fn rescind_licence() -> Weight { Weight::zero() }
	fn create_offer() -> Weight { Weight::zero() }
	fn withdraw_offer() -> Weight { Weight::zero() }
	fn accept_offer(_c: u32, ) -> Weight { Weight::zero() }
	fn place_bid() -> Weight { Weight::zero() }
	fn close_auction(_c: u32, ) -> Weight { Weight::zero() }
	fn heartbeat(_n: u32, ) -> Weight { Weight::zero() }
	fn relinquish(_c: u32, ) -> Weight { Weight::zero() }
	fn declare_incumbent(_c: u32, ) -> Weight { Weight::zero() }
	fn end_incumbent() -> Weight { Weight::zero() }
	fn report_usage() -> Weight { Weight::zero() }
	fn bill() -> Weight { Weight::zero() }
	fn report_interference() -> Weight { Weight::zero() }
	fn resolve_interference(_c: u32, ) -> Weight { Weight::zero() }
	fn purge_grant() -> Weight { Weight::zero() }
	fn on_initialize_idle() -> Weight { Weight::zero() }
	fn sweep_slots(_n: u32, ) -> Weight { Weight::zero() }
	fn lapse_heartbeats(_n: u32, ) -> Weight { Weight::zero() }
	fn expire_grants(_n: u32, ) -> Weight { Weight::zero() }
}

impl WeightInfo for () {
	fn register_licence() -> Weight { Weight::zero() }
	fn rescind_licence() -> Weight { Weight::zero() }
	fn create_offer() -> Weight { Weight::zero() }
	fn withdraw_offer() -> Weight { Weight::zero() }
	fn accept_offer(_c: u32, ) -> Weight { Weight::zero() }
	fn place_bid() -> Weight { Weight::zero() }
	fn close_auction(_c: u32, ) -> Weight { Weight::zero() }
	fn heartbeat(_n: u32, ) -> Weight { Weight::zero() }
	fn relinquish(_c: u32, ) -> Weight { Weight::zero() }
	fn declare_incumbent(_c: u32, ) -> Weight { Weight::zero() }
	fn end_incumbent() -> Weight { Weight::zero() }
	fn report_usage() -> Weight { Weight::zero() }
	fn bill() -> Weight { Weight::zero() }
	fn report_interference() -> Weight { Weight::zero() }
	fn resolve_interference(_c: u32, ) -> Weight { Weight::zero() }
	fn purge_grant() -> Weight { Weight::zero() }
	fn on_initialize_idle() -> Weight { Weight::zero() }
	fn sweep_slots(_n: u32, ) -> Weight { Weight::zero() }
	fn lapse_heartbeats(_n: u32, ) -> Weight { Weight::zero() }
	fn expire_grants(_n: u32, ) -> Weight { Weight::zero() }
}
