//! The regulator as its own origin: any one of the accounts governance appointed.

use crate::pallet::{Config, Regulators};
use core::marker::PhantomData;
use frame_support::traits::EnsureOrigin;
use frame_system::RawOrigin;

/// Ensures a signed origin that is one of the appointed [`Regulators`], acting alone (no vote);
/// yields the account.
pub struct EnsureRegulator<T>(PhantomData<T>);

impl<T: Config> EnsureOrigin<T::RuntimeOrigin> for EnsureRegulator<T> {
	type Success = T::AccountId;

	fn try_origin(origin: T::RuntimeOrigin) -> Result<Self::Success, T::RuntimeOrigin> {
		origin.into().and_then(|raw| match raw {
			RawOrigin::Signed(who) if Regulators::<T>::get().contains(&who) => Ok(who),
			other => Err(T::RuntimeOrigin::from(other)),
		})
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<T::RuntimeOrigin, ()> {
		let who = Regulators::<T>::get().first().cloned().ok_or(())?;
		Ok(RawOrigin::Signed(who).into())
	}
}
