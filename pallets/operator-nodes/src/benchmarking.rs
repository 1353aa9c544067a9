//! Benchmarks of the operator nodes pallet (frame-benchmarking v2). Each call runs in its worst
//! case: the operator's list full (or one short of full, to register), the longest peer id, and
//! for `reap_nodes` every node of the list.

#![allow(clippy::arithmetic_side_effects, clippy::unwrap_used)]

use super::*;
use crate::pallet::{Nodes, NodesOf};
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate as _, EnsureOrigin, Get};
use frame_system::RawOrigin;
use sp_runtime::traits::Bounded;
use telecom_primitives::OperatorMembership;

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	// Enough for every deposit, small enough that several such accounts cannot overflow the
	// total issuance.
	let _ = T::Currency::set_balance(&who, BalanceOf::<T>::max_value() / 1_000_000u32.into());
	who
}

fn operator<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who = funded::<T>(name, index);
	if !T::Operators::is_operator(&who) {
		T::Operators::add_operator(&who);
	}
	who
}

/// The longest peer id the pallet accepts (an identity multihash of a 42-byte key), distinct for
/// each `index`.
fn peer_id(index: u32) -> NodePeerId {
	let mut bytes = vec![peer::IDENTITY_CODE, peer::MAX_INLINE_KEY_LEN as u8];
	bytes.extend(core::iter::repeat_n(0xa5u8, peer::MAX_INLINE_KEY_LEN - 4));
	bytes.extend(index.to_le_bytes());
	NodePeerId::truncate_from(bytes)
}

/// Registers `count` nodes of `owner`, whatever its membership (as genesis does).
fn fill<T: Config>(owner: &T::AccountId, count: u32) {
	for index in 0..count {
		Pallet::<T>::do_register(owner.clone(), peer_id(index)).unwrap();
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// The operator's last free slot, behind a full list to decode and re-encode.
	#[benchmark]
	fn register_node() {
		let who = operator::<T>("operator", 0);
		let max = T::MaxNodesPerOperator::get();
		fill::<T>(&who, max - 1);
		let new = peer_id(max - 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), new.clone());

		assert_eq!(NodesOf::<T>::get(&who).len() as u32, max);
		assert!(Nodes::<T>::contains_key(&new));
	}

	/// The last node of a full list.
	#[benchmark]
	fn deregister_node() {
		let who = operator::<T>("operator", 0);
		let max = T::MaxNodesPerOperator::get();
		fill::<T>(&who, max);
		let last = peer_id(max - 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), last.clone());

		assert!(!Nodes::<T>::contains_key(&last));
	}

	/// The last node of a full list, by the admin origin.
	#[benchmark]
	fn remove_node() -> Result<(), BenchmarkError> {
		let who = operator::<T>("operator", 0);
		let max = T::MaxNodesPerOperator::get();
		fill::<T>(&who, max);
		let last = peer_id(max - 1);
		let admin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(admin as T::RuntimeOrigin, last.clone());

		assert!(!Nodes::<T>::contains_key(&last));
		Ok(())
	}

	/// A former operator's `n` nodes, each releasing its deposit.
	#[benchmark]
	fn reap_nodes(n: Linear<1, { T::MaxNodesPerOperator::get() }>) {
		let former = funded::<T>("former", 0);
		fill::<T>(&former, n);
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), former.clone());

		assert!(!NodesOf::<T>::contains_key(&former));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
