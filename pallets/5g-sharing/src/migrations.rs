//! Storage migrations of the 5G sharing pallet.

/// Version 1 → 2: capacity of a kind.
///
/// A version 1 site had one radio capacity and allocation; it now has a pool per
/// [`ResourceKind`](crate::ResourceKind), and its old capacity and allocation become the radio
/// pool (the other kinds start empty). Every offer and lease of version 1 was of radio capacity
/// and is now marked `Radio`. Nothing else changes: leases keep their units, so each pool's
/// allocation still equals its leases' units.
pub mod v2 {
	use crate::{
		pallet::{Config, Leases, Offers, Pallet, Sites},
		types::*,
	};
	use codec::{Decode, Encode};
	use frame_support::{
		migrations::VersionedMigration,
		traits::{Get, UncheckedOnRuntimeUpgrade},
		weights::Weight,
	};
	use telecom_primitives::{Amount, DeviceId, SettlementPeriod};

	/// The layout of version 1.
	pub mod v1 {
		use super::*;

		/// A site as version 1 stored it.
		#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
		pub struct Site {
			/// The base station.
			pub device: DeviceId,
			/// Radio capacity.
			pub capacity: u32,
			/// Radio capacity leased.
			pub allocated: u32,
			/// Energy price per kWh.
			pub energy_price: Amount,
			/// Reading billed through.
			pub metered: Option<u64>,
			/// Opening reading.
			pub opening: Option<u64>,
			/// Energy billed so far.
			pub billed_kwh: u64,
		}

		/// An offer as version 1 stored it.
		#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
		pub struct CapacityOffer {
			/// The site.
			pub site: ProjectId,
			/// Units on offer.
			pub available: u32,
			/// Price per unit per period.
			pub unit_price: Amount,
			/// First period.
			pub first: SettlementPeriod,
			/// Last period.
			pub last: SettlementPeriod,
			/// SLA.
			pub sla: SlaTerms,
		}

		/// A lease as version 1 stored it.
		#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
		pub struct Lease<AccountId> {
			/// The site.
			pub site: ProjectId,
			/// The lessee.
			pub lessee: AccountId,
			/// Units.
			pub units: u32,
			/// Price per period.
			pub price: Amount,
			/// First period.
			pub first: SettlementPeriod,
			/// Last period.
			pub last: SettlementPeriod,
			/// SLA.
			pub sla: SlaTerms,
			/// Deposit held.
			pub deposit: u128,
			/// Periods settled.
			pub settled: u32,
			/// A renewal offered.
			pub renewal: Option<SettlementPeriod>,
		}
	}

	/// The unversioned step: rewrites sites, offers and leases.
	pub struct InnerMigrateV1ToV2<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV1ToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut count: u64 = 0;
			Sites::<T>::translate::<v1::Site, _>(|_, old| {
				count = count.saturating_add(1);
				Some(Site {
					device: old.device,
					pools: ResourcePools {
						radio: Pool { capacity: old.capacity, allocated: old.allocated },
						..Default::default()
					},
					energy_price: old.energy_price,
					metered: old.metered,
					opening: old.opening,
					billed_kwh: old.billed_kwh,
				})
			});
			Offers::<T>::translate::<v1::CapacityOffer, _>(|_, old| {
				count = count.saturating_add(1);
				Some(CapacityOffer {
					site: old.site,
					kind: ResourceKind::Radio,
					available: old.available,
					unit_price: old.unit_price,
					first: old.first,
					last: old.last,
					sla: old.sla,
				})
			});
			Leases::<T>::translate::<v1::Lease<T::AccountId>, _>(|_, old| {
				count = count.saturating_add(1);
				Some(Lease {
					site: old.site,
					kind: ResourceKind::Radio,
					lessee: old.lessee,
					units: old.units,
					price: old.price,
					first: old.first,
					last: old.last,
					sla: old.sla,
					deposit: old.deposit,
					settled: old.settled,
					renewal: old.renewal,
				})
			});
			T::DbWeight::get().reads_writes(count, count)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			let counts = (
				Sites::<T>::iter_keys().count() as u64,
				Offers::<T>::iter_keys().count() as u64,
				Leases::<T>::iter_keys().count() as u64,
			);
			Ok(counts.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let (sites, offers, leases) = <(u64, u64, u64)>::decode(&mut state.as_slice())
				.map_err(|_| "pre-upgrade counts decode")?;
			frame_support::ensure!(
				Sites::<T>::iter().count() as u64 == sites,
				"every site migrated"
			);
			frame_support::ensure!(
				Offers::<T>::iter().count() as u64 == offers,
				"every offer migrated"
			);
			frame_support::ensure!(
				Leases::<T>::iter().count() as u64 == leases,
				"every lease migrated"
			);
			Pallet::<T>::do_try_state()
		}
	}

	/// Version 1 → 2, run only on a chain at version 1 (then at version 2).
	pub type MigrateV1ToV2<T> = VersionedMigration<
		1,
		2,
		InnerMigrateV1ToV2<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
