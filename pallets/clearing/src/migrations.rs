//! Storage migrations of the clearing pallet.

/// Version 1 → 2: bill references are looked up by a hash of the reference.
///
/// `BillReferences` remembers, per payee, every bill reference until its retention ends, so that
/// a re-sent bill is refused. Version 1 keyed the reference with `Identity`: the reference is
/// whatever 32 bytes the payee's billing system sends, so a payee could pick references that
/// share long key prefixes and make its part of the trie deep, and every lookup of its
/// references would then cost more proof than the benchmarks measured. Version 2 keys it with
/// `Blake2_128Concat` (the reference stays readable at the end of the key), as FRAME advises for
/// keys a caller chooses. The migration re-keys every entry, keeping its expiry block; a bill
/// re-sent after the upgrade is refused exactly as before.
///
/// Built only with the `upgrade-rehearsal` feature: the telecom runtime's next version, which the
/// upgrade rehearsal (`e2e/rehearsal/runtime-upgrade.test.mjs`) installs on a running network.
#[cfg(feature = "upgrade-rehearsal")]
pub mod v2 {
	use crate::pallet::{BillReferences, Config, Pallet};
	#[cfg(feature = "try-runtime")]
	use codec::{Decode, Encode};
	use frame_support::{
		migrations::VersionedMigration,
		traits::{Get, UncheckedOnRuntimeUpgrade},
		weights::Weight,
	};
	#[cfg(feature = "try-runtime")]
	use frame_system::pallet_prelude::BlockNumberFor;
	#[cfg(feature = "try-runtime")]
	use telecom_primitives::DocumentHash;

	/// The layout of version 1.
	pub mod v1 {
		use crate::pallet::{Config, Pallet};
		use frame_support::{pallet_prelude::OptionQuery, Blake2_128Concat, Identity};
		use frame_system::pallet_prelude::BlockNumberFor;
		use telecom_primitives::DocumentHash;

		/// Bill references under the version 1 layout: the reference is the key as is.
		#[frame_support::storage_alias]
		pub type BillReferences<T: Config> = StorageDoubleMap<
			Pallet<T>,
			Blake2_128Concat,
			<T as frame_system::Config>::AccountId,
			Identity,
			DocumentHash,
			BlockNumberFor<T>,
			OptionQuery,
		>;
	}

	/// The migration without its version check; use [`MigrateV1ToV2`].
	pub struct UncheckedMigrateV1ToV2<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV1ToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			// Both layouts share the storage prefix: take every old entry out first, then write
			// the new ones, so that the iteration never meets a re-keyed entry.
			let old: alloc::vec::Vec<_> = v1::BillReferences::<T>::drain().collect();
			let entries = old.len() as u64;
			for (payee, reference, until) in old {
				BillReferences::<T>::insert(payee, reference, until);
			}
			// Each entry is read and removed under the old key, then written under the new one.
			T::DbWeight::get().reads_writes(entries, entries.saturating_mul(2))
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			let entries: alloc::vec::Vec<(T::AccountId, DocumentHash, BlockNumberFor<T>)> =
				v1::BillReferences::<T>::iter().collect();
			Ok(entries.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let entries =
				<alloc::vec::Vec<(T::AccountId, DocumentHash, BlockNumberFor<T>)>>::decode(
					&mut &state[..],
				)
				.map_err(|_| "pre-upgrade bill references decode")?;
			for (payee, reference, until) in &entries {
				frame_support::ensure!(
					BillReferences::<T>::get(payee, reference) == Some(*until),
					"a bill reference lost or changed its expiry"
				);
				frame_support::ensure!(
					!v1::BillReferences::<T>::contains_key(payee, reference),
					"a bill reference left under the version 1 key"
				);
			}
			frame_support::ensure!(
				BillReferences::<T>::iter().count() == entries.len(),
				"bill references appeared in the migration"
			);
			Pallet::<T>::do_try_state()
		}
	}

	/// Migrates the pallet's storage from version 1 to 2, once (checked against the on-chain
	/// storage version).
	pub type MigrateV1ToV2<T> = VersionedMigration<
		1,
		2,
		UncheckedMigrateV1ToV2<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
