//! # Council root
//!
//! The consortium's highest authority is its operators' council, not a sudo key. A council motion
//! that reaches the [`Config::CouncilOrigin`] threshold (two thirds of the operators in the
//! runtime) may dispatch any call as `Root`: authorise and apply a runtime upgrade
//! (`system.authorize_upgrade` then anyone's `system.apply_authorized_upgrade`), change the
//! council's membership, or set a storage-backed parameter. Calls that [`Config::ForbiddenCalls`]
//! names (in the runtime: anything that reaches `pallet-sudo`, so that no motion can hand the
//! chain to a single key) are refused before they run.
//!
//! The inner call runs with the `Root` origin and its result is reported in
//! [`Event::DispatchedAsRoot`]; the motion itself succeeds either way, as with `pallet-sudo`,
//! so that the council sees why a root call failed instead of a closed motion with no trace.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

pub use pallet::*;
pub use weights::WeightInfo;

// FRAME's expansion of the pallet and error macros calls `expect` on paths that cannot fail; the
// hand-written code stays panic-free (`scripts/check-runtime-panics.sh`).
#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet {
	use super::WeightInfo;
	use alloc::boxed::Box;
	use frame_support::{
		dispatch::{GetDispatchInfo, PostDispatchInfo},
		pallet_prelude::*,
		traits::{Contains, UnfilteredDispatchable},
	};
	use frame_system::{pallet_prelude::*, RawOrigin};

	/// Version of the pallet's storage layout: a release that changes the layout bumps it and
	/// ships the migration from the previous version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// A call the council may dispatch as `Root`.
		type RuntimeCall: Parameter
			+ UnfilteredDispatchable<RuntimeOrigin = Self::RuntimeOrigin>
			+ GetDispatchInfo;

		/// Who may act as `Root`: in the runtime, a council motion carried by two thirds of the
		/// operators.
		type CouncilOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Calls that no motion may dispatch as `Root`, wherever they are nested (in the runtime:
		/// every call of `pallet-sudo`).
		type ForbiddenCalls: Contains<<Self as Config>::RuntimeCall>;

		/// Weights measured by the node's `benchmark pallet` command.
		type WeightInfo: WeightInfo;
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A council motion dispatched a call as `Root`, with the call's own result.
		DispatchedAsRoot { result: DispatchResult },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The motion asked for a call that the runtime never dispatches on the council's behalf
		/// (it reaches `pallet-sudo`); propose the intended call itself instead.
		CallForbidden,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_now: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Dispatches `call` as `Root`. Origin: [`Config::CouncilOrigin`] (a council motion).
		///
		/// Weighs the wrapper plus the inner call's declared weight, refunded to what the inner
		/// call reports it used.
		#[pallet::call_index(0)]
		#[pallet::weight({
			let info = call.get_dispatch_info();
			(T::WeightInfo::dispatch_as_root().saturating_add(info.call_weight), info.class)
		})]
		pub fn dispatch_as_root(
			origin: OriginFor<T>,
			call: Box<<T as Config>::RuntimeCall>,
		) -> DispatchResultWithPostInfo {
			T::CouncilOrigin::ensure_origin(origin)?;
			Self::do_dispatch_as_root(*call)
		}
	}

	impl<T: Config> Pallet<T> {
		/// The pallet keeps no state of its own; its one invariant is that the chain's storage
		/// layout version is the one this code declares (a missed migration would break it).
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			ensure!(
				Self::on_chain_storage_version() == STORAGE_VERSION,
				"council-root: the on-chain storage version differs from the code's"
			);
			Ok(())
		}

		/// Refuses forbidden calls, then runs `call` as `Root` and reports its result.
		pub(crate) fn do_dispatch_as_root(
			call: <T as Config>::RuntimeCall,
		) -> DispatchResultWithPostInfo {
			ensure!(!T::ForbiddenCalls::contains(&call), Error::<T>::CallForbidden);
			let declared = call.get_dispatch_info().call_weight;
			let outcome = call.dispatch_bypass_filter(RawOrigin::Root.into());
			let used = match &outcome {
				Ok(post) => post.actual_weight,
				Err(err) => err.post_info.actual_weight,
			}
			.unwrap_or(declared);
			Self::deposit_event(Event::DispatchedAsRoot {
				result: outcome.map(|_| ()).map_err(|err| err.error),
			});
			Ok(PostDispatchInfo {
				actual_weight: Some(T::WeightInfo::dispatch_as_root().saturating_add(used)),
				pays_fee: Pays::Yes,
			})
		}
	}
}
