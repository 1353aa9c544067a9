//! Storage migrations of the roaming settlement pallet.

/// Version 1 → 2: charges are kept exact below the minor unit.
///
/// Batches gain `claimed_exact`, `rated_exact` and `value_exact`; period totals gain the exact
/// sums of claims, ratings, values and withheld disputes; each direction of a statement gains
/// `accepted_exact`. Version 1 booked whole minor units, so every exact amount is the stored
/// whole amount in sub-units, and a dispute withholds its amount up to its batch's value: the
/// books read the same after the migration, and later batches, resolutions and true-ups add to
/// them exactly.
pub mod v2 {
	use crate::{
		pallet::{Batches, Config, Pallet, Totals},
		types::*,
	};
	use codec::{Decode, Encode};
	use frame_support::{
		migrations::VersionedMigration,
		traits::{Get, UncheckedOnRuntimeUpgrade},
		weights::Weight,
	};
	use frame_system::pallet_prelude::BlockNumberFor;
	use telecom_primitives::{Amount, CurrencyCode, DocumentHash, ObligationId, SettlementPeriod};

	/// The layout of version 1.
	pub mod v1 {
		use super::*;
		use frame_support::{pallet_prelude::*, Twox64Concat};

		/// A usage batch as version 1 stored it.
		#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
		pub struct Batch<BlockNumber> {
			/// Period the batch is booked into.
			pub period: SettlementPeriod,
			/// Period of the usage.
			pub usage_period: SettlementPeriod,
			/// Call detail records.
			pub records: u32,
			/// Per-service totals.
			pub usage: UsageTotals,
			/// Hash of the file.
			pub file: DocumentHash,
			/// The claim, converted and rounded.
			pub claimed: Amount,
			/// The re-rating, rounded.
			pub rated: Amount,
			/// What the batch settles at.
			pub value: Amount,
			/// Agreement version the batch was rated with.
			pub version: u32,
			/// Block of arrival.
			pub received_at: BlockNumber,
			/// Last block for a dispute.
			pub dispute_deadline: BlockNumber,
			/// Resolution deadline of an open dispute.
			pub resolve_by: Option<BlockNumber>,
			/// Where it stands.
			pub status: BatchStatus,
			/// Deposit held from the sender.
			pub deposit: u128,
		}

		/// Running totals as version 1 stored them.
		#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Encode, Decode)]
		pub struct PeriodTotals<BlockNumber> {
			/// Batches received.
			pub batches: u32,
			/// Batches whose claim differs from the re-rating.
			pub mismatches: u32,
			/// Call detail records.
			pub records: u64,
			/// Sum of the claims.
			pub claimed: Amount,
			/// Sum of the re-ratings.
			pub rated: Amount,
			/// Sum of the values.
			pub value: Amount,
			/// Amount under open dispute.
			pub disputed: Amount,
			/// Disputes not yet resolved.
			pub open_disputes: u32,
			/// Batches neither accepted nor disputed.
			pub pending: u32,
			/// Latest dispute deadline.
			pub latest_deadline: BlockNumber,
		}

		/// One direction of a statement as version 1 stored it.
		#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Encode, Decode)]
		pub struct DirectionStatement {
			/// Batches settled.
			pub batches: u32,
			/// Records settled.
			pub records: u64,
			/// Sum of the claims.
			pub claimed: Amount,
			/// Accepted charge before discount.
			pub accepted: Amount,
			/// Discount granted.
			pub discount: Amount,
			/// Accepted charge after discount.
			pub payable: Amount,
			/// Amount withheld by open disputes.
			pub withheld: Amount,
			/// `payable` at the close.
			pub payable_at_close: Amount,
		}

		/// A statement as version 1 stored it.
		#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
		pub struct Statement<AccountId, BlockNumber> {
			/// Usage on party A's network.
			pub network_a: DirectionStatement,
			/// Usage on party B's network.
			pub network_b: DirectionStatement,
			/// Currency of every amount.
			pub currency: CurrencyCode,
			/// Who pays the net.
			pub payer: Option<AccountId>,
			/// Who receives the net.
			pub payee: Option<AccountId>,
			/// The net amount.
			pub net: Amount,
			/// The clearing obligation of the net.
			pub obligation: Option<ObligationId>,
			/// Hash of the statement figures.
			pub reference: DocumentHash,
			/// Block of the close.
			pub closed_at: BlockNumber,
			/// Whether party A signed off.
			pub signed_by_a: bool,
			/// Whether party B signed off.
			pub signed_by_b: bool,
		}

		/// Batches under the version 1 layout.
		#[frame_support::storage_alias]
		pub type Batches<T: Config> = StorageNMap<
			Pallet<T>,
			(
				NMapKey<Twox64Concat, AgreementId>,
				NMapKey<Twox64Concat, Side>,
				NMapKey<Twox64Concat, FileSequence>,
			),
			Batch<BlockNumberFor<T>>,
			OptionQuery,
		>;

		/// Period totals under the version 1 layout.
		#[frame_support::storage_alias]
		pub type Totals<T: Config> = StorageNMap<
			Pallet<T>,
			(
				NMapKey<Twox64Concat, AgreementId>,
				NMapKey<Twox64Concat, SettlementPeriod>,
				NMapKey<Twox64Concat, Side>,
			),
			PeriodTotals<BlockNumberFor<T>>,
			ValueQuery,
		>;

		/// Statements under the version 1 layout.
		#[frame_support::storage_alias]
		pub type Statements<T: Config> = StorageDoubleMap<
			Pallet<T>,
			Twox64Concat,
			AgreementId,
			Twox64Concat,
			SettlementPeriod,
			Statement<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>,
			OptionQuery,
		>;
	}

	/// Whole minor units in sub-units (saturating: version 1 amounts are far below the bound).
	fn exact(amount: Amount) -> ExactAmount {
		amount.saturating_mul(SUB_UNITS)
	}

	/// What a version 1 dispute of `amount` withholds of a batch worth `value`.
	fn withheld(status: &BatchStatus, value: Amount) -> ExactAmount {
		match status {
			BatchStatus::Disputed { amount, .. } => exact((*amount).min(value)),
			_ => 0,
		}
	}

	fn direction(old: v1::DirectionStatement) -> DirectionStatement {
		DirectionStatement {
			batches: old.batches,
			records: old.records,
			claimed: old.claimed,
			accepted: old.accepted,
			discount: old.discount,
			payable: old.payable,
			withheld: old.withheld,
			payable_at_close: old.payable_at_close,
			accepted_exact: exact(old.accepted),
		}
	}

	/// The migration without its version check; use [`MigrateV1ToV2`].
	pub struct UncheckedMigrateV1ToV2<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV1ToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut entries: u64 = 0;
			// The exact withheld amount of each (agreement, period, network), from its batches.
			let mut withheld_by_totals = alloc::collections::BTreeMap::<
				(AgreementId, SettlementPeriod, Side),
				ExactAmount,
			>::new();
			for ((id, network, _), batch) in v1::Batches::<T>::iter() {
				let slot = withheld_by_totals.entry((id, batch.period, network)).or_default();
				*slot = slot.saturating_add(withheld(&batch.status, batch.value));
			}
			Batches::<T>::translate_values::<v1::Batch<BlockNumberFor<T>>, _>(|old| {
				entries = entries.saturating_add(1);
				Some(Batch {
					period: old.period,
					usage_period: old.usage_period,
					records: old.records,
					usage: old.usage,
					file: old.file,
					claimed: old.claimed,
					rated: old.rated,
					value: old.value,
					version: old.version,
					received_at: old.received_at,
					dispute_deadline: old.dispute_deadline,
					resolve_by: old.resolve_by,
					status: old.status,
					deposit: old.deposit,
					claimed_exact: exact(old.claimed),
					rated_exact: exact(old.rated),
					value_exact: exact(old.value),
				})
			});
			Totals::<T>::translate::<v1::PeriodTotals<BlockNumberFor<T>>, _>(
				|(id, period, network), old| {
					entries = entries.saturating_add(1);
					// Batches of closed periods may have been purged: the rest of a dispute's
					// amount is withheld whole, as version 1 counted it.
					let disputed_exact = withheld_by_totals
						.get(&(id, period, network))
						.copied()
						.unwrap_or_else(|| exact(old.disputed));
					Some(PeriodTotals {
						batches: old.batches,
						mismatches: old.mismatches,
						records: old.records,
						claimed: old.claimed,
						rated: old.rated,
						value: old.value,
						disputed: old.disputed,
						open_disputes: old.open_disputes,
						pending: old.pending,
						latest_deadline: old.latest_deadline,
						claimed_exact: exact(old.claimed),
						rated_exact: exact(old.rated),
						value_exact: exact(old.value),
						disputed_exact,
					})
				},
			);
			// Written in the version 2 layout: version 3 (`migrations_invoice`) extends it.
			crate::migrations_invoice::v2::Statements::<T>::translate_values::<
				v1::Statement<T::AccountId, BlockNumberFor<T>>,
				_,
			>(|old| {
				entries = entries.saturating_add(1);
				Some(crate::migrations_invoice::v2::Statement {
					network_a: direction(old.network_a),
					network_b: direction(old.network_b),
					currency: old.currency,
					payer: old.payer,
					payee: old.payee,
					net: old.net,
					obligation: old.obligation,
					reference: old.reference,
					closed_at: old.closed_at,
					signed_by_a: old.signed_by_a,
					signed_by_b: old.signed_by_b,
				})
			});
			// Batches are read twice (the withheld sums, then the translation): at most twice
			// the entries migrated.
			T::DbWeight::get().reads_writes(entries.saturating_mul(2), entries)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			let counts = (
				v1::Batches::<T>::iter().count() as u64,
				v1::Totals::<T>::iter().count() as u64,
				v1::Statements::<T>::iter().count() as u64,
			);
			Ok(counts.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let (batches, totals, statements) = <(u64, u64, u64)>::decode(&mut &state[..])
				.map_err(|_| "pre-upgrade counts decode")?;
			frame_support::ensure!(
				Batches::<T>::iter().count() as u64 == batches,
				"every batch migrated"
			);
			frame_support::ensure!(
				Totals::<T>::iter().count() as u64 == totals,
				"every period total migrated"
			);
			frame_support::ensure!(
				crate::migrations_invoice::v2::Statements::<T>::iter().count() as u64 == statements,
				"every statement migrated"
			);
			// The books are checked once the next step (version 3) has run.
			Ok(())
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
