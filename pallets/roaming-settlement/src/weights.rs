//! Weights of `pallet_roaming_settlement`. Bootstrap file until `scripts/benchmark.sh
//! pallet_roaming_settlement` regenerates it.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(missing_docs)]

use frame_support::weights::Weight;
use core::marker::PhantomData;

/// Weight functions of `pallet_roaming_settlement`.
pub trait WeightInfo {
	fn register_tadig() -> Weight;
	fn deregister_tadig() -> Weight;
	fn propose_agreement() -> Weight;
	fn accept_agreement() -> Weight;
	fn cancel_proposal() -> Weight;
	fn propose_amendment() -> Weight;
	fn accept_amendment() -> Weight;
	fn terminate_agreement() -> Weight;
	fn submit_batch() -> Weight;
	fn accept_batch() -> Weight;
	fn dispute_batch() -> Weight;
	fn propose_settlement() -> Weight;
	fn arbitrate() -> Weight;
	fn set_exchange_rate() -> Weight;
	fn close_period() -> Weight;
	fn sign_off_statement() -> Weight;
	fn purge_batch() -> Weight;
}

/// Measured weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn register_tadig() -> Weight { Weight::zero() }
	fn deregister_tadig() -> Weight { Weight::zero() }
	fn propose_agreement() -> Weight { Weight::zero() }
	fn accept_agreement() -> Weight { Weight::zero() }
	fn cancel_proposal() -> Weight { Weight::zero() }
	fn propose_amendment() -> Weight { Weight::zero() }
	fn accept_amendment() -> Weight { Weight::zero() }
	fn terminate_agreement() -> Weight { Weight::zero() }
	fn submit_batch() -> Weight { Weight::zero() }
	fn accept_batch() -> Weight { Weight::zero() }
	fn dispute_batch() -> Weight { Weight::zero() }
	fn propose_settlement() -> Weight { Weight::zero() }
	fn arbitrate() -> Weight { Weight::zero() }
	fn set_exchange_rate() -> Weight { Weight::zero() }
	fn close_period() -> Weight { Weight::zero() }
	fn sign_off_statement() -> Weight { Weight::zero() }
	fn purge_batch() -> Weight { Weight::zero() }
}

impl WeightInfo for () {
	fn register_tadig() -> Weight { Weight::zero() }
	fn deregister_tadig() -> Weight { Weight::zero() }
	fn propose_agreement() -> Weight { Weight::zero() }
	fn accept_agreement() -> Weight { Weight::zero() }
	fn cancel_proposal() -> Weight { Weight::zero() }
	fn propose_amendment() -> Weight { Weight::zero() }
	fn accept_amendment() -> Weight { Weight::zero() }
	fn terminate_agreement() -> Weight { Weight::zero() }
	fn submit_batch() -> Weight { Weight::zero() }
	fn accept_batch() -> Weight { Weight::zero() }
	fn dispute_batch() -> Weight { Weight::zero() }
	fn propose_settlement() -> Weight { Weight::zero() }
	fn arbitrate() -> Weight { Weight::zero() }
	fn set_exchange_rate() -> Weight { Weight::zero() }
	fn close_period() -> Weight { Weight::zero() }
	fn sign_off_statement() -> Weight { Weight::zero() }
	fn purge_batch() -> Weight { Weight::zero() }
}
