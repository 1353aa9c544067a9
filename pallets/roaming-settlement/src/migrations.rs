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
		pallet::{Config, Pallet, Totals},
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
			pub usage: crate::migrations::v3::v2::UsageTotals,
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
			// Batches in the version 2 layout (version 3 changes their usage totals).
			crate::migrations::v3::v2::Batches::<T>::translate_values::<
				v1::Batch<BlockNumberFor<T>>,
				_,
			>(|old| {
				entries = entries.saturating_add(1);
				Some(crate::migrations::v3::v2::Batch {
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
			// Written in the version 2 layout: version 3 adds the invoice currency.
			crate::migrations::v3::v2::Statements::<T>::translate_values::<
				v1::Statement<T::AccountId, BlockNumberFor<T>>,
				_,
			>(|old| {
				entries = entries.saturating_add(1);
				Some(crate::migrations::v3::v2::Statement {
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
				crate::migrations::v3::v2::Batches::<T>::iter().count() as u64 == batches,
				"every batch migrated"
			);
			frame_support::ensure!(
				Totals::<T>::iter().count() as u64 == totals,
				"every period total migrated"
			);
			frame_support::ensure!(
				crate::migrations::v3::v2::Statements::<T>::iter().count() as u64 == statements,
				"every statement migrated"
			);
			// The invariants are checked after version 3's migration: until then agreements
			// and batches are in the version 2 layout, which the pallet no longer reads.
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

/// Version 2 → 3: the tariff model covers real IOTs (TD.201/BA.08).
///
/// A tariff's one MO voice rate becomes the rate of all three MOC classes (local, to the home
/// country, international), MT voice becomes MTC, SMS MO and data keep theirs, and the new
/// services (SMS MT, VoLTE, video) are priced 0; no rate has a set-up fee or minimum charge.
/// A batch's MO voice usage becomes local MOC (all classes carry the same rate, so the
/// re-rating is unchanged), MT voice becomes MTC, and the new counters are zero. Migrated:
/// every agreement's terms and pending amendment, every pinned period's terms and every batch.
///
/// The same step adds the invoice currency: agreement terms (in force and pending) and
/// statements gain `invoice: None`, so existing agreements and their closed months keep
/// settling in the settlement currency only. Period totals do not change shape.
pub mod v3 {
	use crate::{
		migrations::v4::v3 as layout,
		pallet::{Batches, Config, Pallet, Statements},
		types::*,
	};
	use frame_support::{
		migrations::VersionedMigration,
		traits::{Get, UncheckedOnRuntimeUpgrade},
		weights::Weight,
	};
	use frame_system::pallet_prelude::BlockNumberFor;

	/// The layout of version 2 (the types that changed and those holding them).
	pub mod v2 {
		use crate::{
			pallet::{Config, Pallet},
			types::{
				AgreementId, AgreementStatus, BatchStatus, DataUsage, DirectionStatement, Discount,
				FileSequence, Side, Tolerance, VoiceUsage,
			},
		};
		use codec::{Decode, Encode};
		use frame_support::{pallet_prelude::*, Twox64Concat};
		use frame_system::pallet_prelude::BlockNumberFor;
		use telecom_primitives::{
			Amount, CurrencyCode, DocumentHash, ObligationId, SettlementPeriod, TadigCode,
		};

		/// One service's rate as version 2 stored it.
		#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Encode, Decode)]
		pub struct Rate {
			/// Price per rating unit in thousandths of a minor unit.
			pub price: u64,
			/// Charging increment in the usage unit.
			pub increment: u32,
		}

		/// A tariff as version 2 stored it.
		#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Encode, Decode)]
		pub struct Tariff {
			/// Mobile-originated voice.
			pub voice_mo: Rate,
			/// Mobile-terminated voice.
			pub voice_mt: Rate,
			/// Mobile-originated SMS.
			pub sms_mo: Rate,
			/// Packet data.
			pub data: Rate,
		}

		/// Usage totals as version 2 stored them.
		#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Encode, Decode)]
		pub struct UsageTotals {
			/// Mobile-originated calls.
			pub voice_mo: VoiceUsage,
			/// Mobile-terminated calls.
			pub voice_mt: VoiceUsage,
			/// Mobile-originated messages.
			pub sms_mo: u32,
			/// Packet data.
			pub data: DataUsage,
		}

		/// Network terms as version 2 stored them.
		#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
		pub struct NetworkTerms {
			/// The tariff.
			pub tariff: Tariff,
			/// The volume discount.
			pub discount: Option<Discount>,
			/// The reconciliation tolerance.
			pub tolerance: Tolerance,
		}

		/// Agreement terms as version 2 stored them.
		#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
		pub struct AgreementTerms {
			/// First period covered.
			pub valid_from: SettlementPeriod,
			/// Last period covered.
			pub valid_to: SettlementPeriod,
			/// Settlement currency.
			pub currency: CurrencyCode,
			/// Terms for usage on party A's network.
			pub network_a: NetworkTerms,
			/// Terms for usage on party B's network.
			pub network_b: NetworkTerms,
			/// Dispute window in blocks.
			pub dispute_window: u32,
			/// Notice periods of a termination.
			pub notice_periods: u8,
			/// Whether tariffs include tax.
			pub tax_included: bool,
			/// Hash of the contract.
			pub document: DocumentHash,
		}

		/// A pending amendment as version 2 stored it.
		#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
		pub struct PendingAmendment {
			/// Who proposed it.
			pub by: Side,
			/// The amended terms.
			pub terms: AgreementTerms,
		}

		/// An agreement as version 2 stored it.
		#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
		pub struct Agreement<AccountId, BlockNumber> {
			/// The proposer's account.
			pub party_a: AccountId,
			/// The proposer's network.
			pub tadig_a: TadigCode,
			/// The counterparty's account.
			pub party_b: AccountId,
			/// The counterparty's network.
			pub tadig_b: TadigCode,
			/// Where it stands.
			pub status: AgreementStatus,
			/// Version of the terms.
			pub version: u32,
			/// Terms in force.
			pub terms: AgreementTerms,
			/// A pending amendment.
			pub amendment: Option<PendingAmendment>,
			/// Block of the proposal.
			pub proposed_at: BlockNumber,
			/// Deposit held from party A.
			pub deposit: u128,
			/// The pair's earlier agreement.
			pub previous: Option<AgreementId>,
			/// Periods with usage not closed yet.
			pub open_periods: u32,
			/// Disputes open in closed periods.
			pub withheld_disputes: u32,
		}

		/// Pinned terms as version 2 stored them.
		#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
		pub struct PinnedTerms {
			/// Agreement version.
			pub version: u32,
			/// Terms for usage on party A's network.
			pub network_a: NetworkTerms,
			/// Terms for usage on party B's network.
			pub network_b: NetworkTerms,
		}

		/// A usage batch as version 2 stored it.
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
			/// The claim exactly.
			pub claimed_exact: u128,
			/// The re-rating exactly.
			pub rated_exact: u128,
			/// The value exactly.
			pub value_exact: u128,
		}

		/// Agreements under the version 2 layout.
		#[frame_support::storage_alias]
		pub type Agreements<T: Config> = StorageMap<
			Pallet<T>,
			Twox64Concat,
			AgreementId,
			Agreement<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>,
			OptionQuery,
		>;

		/// Pinned period terms under the version 2 layout.
		#[frame_support::storage_alias]
		pub type PeriodTerms<T: Config> = StorageDoubleMap<
			Pallet<T>,
			Twox64Concat,
			AgreementId,
			Twox64Concat,
			SettlementPeriod,
			PinnedTerms,
			OptionQuery,
		>;

		/// Batches under the version 2 layout.
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

		/// A period statement as version 2 stored it (no invoice currency).
		#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
		pub struct Statement<AccountId, BlockNumber> {
			/// Usage on party A's network.
			pub network_a: DirectionStatement,
			/// Usage on party B's network.
			pub network_b: DirectionStatement,
			/// Settlement currency.
			pub currency: CurrencyCode,
			/// Who pays the net.
			pub payer: Option<AccountId>,
			/// Who receives it.
			pub payee: Option<AccountId>,
			/// The net amount.
			pub net: Amount,
			/// The clearing obligation raised for it.
			pub obligation: Option<ObligationId>,
			/// Hash of the statement.
			pub reference: DocumentHash,
			/// Block of the close.
			pub closed_at: BlockNumber,
			/// Signed off by party A.
			pub signed_by_a: bool,
			/// Signed off by party B.
			pub signed_by_b: bool,
		}

		/// Statements under the version 2 layout.
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

	/// A version 2 rate with no set-up fee or minimum charge.
	fn rate(old: v2::Rate) -> Rate {
		Rate::per_unit(old.price, old.increment)
	}

	/// A version 2 tariff in the IOT model: MO voice in every MOC class, new services at 0.
	pub fn tariff(old: v2::Tariff) -> Tariff {
		Tariff {
			moc_local: rate(old.voice_mo),
			moc_home: rate(old.voice_mo),
			moc_international: rate(old.voice_mo),
			mtc: rate(old.voice_mt),
			sms_mo: rate(old.sms_mo),
			sms_mt: Rate::default(),
			data: rate(old.data),
			volte: Rate::default(),
			video: Rate::default(),
		}
	}

	/// Version 2 usage totals with MO voice as local MOC and the new counters at zero.
	pub fn usage(old: v2::UsageTotals) -> UsageTotals {
		UsageTotals {
			moc_local: old.voice_mo,
			mtc: old.voice_mt,
			sms_mo: old.sms_mo,
			data: old.data,
			..Default::default()
		}
	}

	fn network(old: v2::NetworkTerms) -> NetworkTerms {
		NetworkTerms {
			tariff: tariff(old.tariff),
			discount: old.discount,
			tolerance: old.tolerance,
			service_tolerances: Default::default(),
		}
	}

	fn terms(old: v2::AgreementTerms) -> AgreementTerms {
		AgreementTerms {
			valid_from: old.valid_from,
			valid_to: old.valid_to,
			currency: old.currency,
			network_a: network(old.network_a),
			network_b: network(old.network_b),
			dispute_window: old.dispute_window,
			notice_periods: old.notice_periods,
			tax_included: old.tax_included,
			document: old.document,
			invoice: None,
		}
	}

	/// The migration without its version check; use [`MigrateV2ToV3`].
	pub struct UncheckedMigrateV2ToV3<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV2ToV3<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut entries: u64 = 0;
			// Version 3's own layout of agreements and pinned terms (version 4 extended both).
			layout::Agreements::<T>::translate::<v2::Agreement<T::AccountId, BlockNumberFor<T>>, _>(
				|_, old| {
					entries = entries.saturating_add(1);
					Some(layout::Agreement {
						party_a: old.party_a,
						tadig_a: old.tadig_a,
						party_b: old.party_b,
						tadig_b: old.tadig_b,
						status: old.status,
						version: old.version,
						terms: terms(old.terms),
						amendment: old.amendment.map(|pending| layout::PendingAmendment {
							by: pending.by,
							terms: terms(pending.terms),
						}),
						proposed_at: old.proposed_at,
						deposit: old.deposit,
						previous: old.previous,
						open_periods: old.open_periods,
						withheld_disputes: old.withheld_disputes,
					})
				},
			);
			layout::PeriodTerms::<T>::translate_values::<v2::PinnedTerms, _>(|old| {
				entries = entries.saturating_add(1);
				Some(layout::PinnedTerms {
					version: old.version,
					network_a: network(old.network_a),
					network_b: network(old.network_b),
				})
			});
			Batches::<T>::translate_values::<v2::Batch<BlockNumberFor<T>>, _>(|old| {
				entries = entries.saturating_add(1);
				Some(Batch {
					period: old.period,
					usage_period: old.usage_period,
					records: old.records,
					usage: usage(old.usage),
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
					claimed_exact: old.claimed_exact,
					rated_exact: old.rated_exact,
					value_exact: old.value_exact,
				})
			});
			Statements::<T>::translate_values::<v2::Statement<T::AccountId, BlockNumberFor<T>>, _>(
				|old| {
					entries = entries.saturating_add(1);
					Some(Statement {
						network_a: old.network_a,
						network_b: old.network_b,
						currency: old.currency,
						payer: old.payer,
						payee: old.payee,
						net: old.net,
						obligation: old.obligation,
						reference: old.reference,
						closed_at: old.closed_at,
						signed_by_a: old.signed_by_a,
						signed_by_b: old.signed_by_b,
						invoice: None,
					})
				},
			);
			T::DbWeight::get().reads_writes(entries, entries)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			use codec::Encode;
			// Entries of each map, and the events and seconds of every batch: all must survive.
			let events: u64 = v2::Batches::<T>::iter_values().fold(0u64, |sum, batch| {
				let u = batch.usage;
				sum.saturating_add(u64::from(u.voice_mo.calls))
					.saturating_add(u64::from(u.voice_mt.calls))
					.saturating_add(u64::from(u.sms_mo))
					.saturating_add(u64::from(u.data.sessions))
			});
			let counts = (
				v2::Agreements::<T>::iter().count() as u64,
				v2::PeriodTerms::<T>::iter().count() as u64,
				v2::Batches::<T>::iter().count() as u64,
				events,
				v2::Statements::<T>::iter().count() as u64,
			);
			Ok(counts.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			use codec::Decode;
			let (agreements, pinned, batches, events, statements) =
				<(u64, u64, u64, u64, u64)>::decode(&mut &state[..])
					.map_err(|_| "pre-upgrade counts decode")?;
			frame_support::ensure!(
				layout::Agreements::<T>::iter().count() as u64 == agreements,
				"every agreement migrated"
			);
			frame_support::ensure!(
				layout::PeriodTerms::<T>::iter().count() as u64 == pinned,
				"every pinned period migrated"
			);
			frame_support::ensure!(
				Batches::<T>::iter().count() as u64 == batches,
				"every batch migrated"
			);
			let migrated: u64 = Batches::<T>::iter_values()
				.fold(0u64, |sum, batch| sum.saturating_add(batch.usage.events()));
			frame_support::ensure!(migrated == events, "every batch keeps its events");
			frame_support::ensure!(
				Statements::<T>::iter().count() as u64 == statements,
				"every statement migrated"
			);
			for (_, agreement) in layout::Agreements::<T>::iter() {
				for t in [&agreement.terms.network_a.tariff, &agreement.terms.network_b.tariff] {
					frame_support::ensure!(
						t.moc_home == t.moc_local && t.moc_international == t.moc_local,
						"every MOC class carries the old MO voice rate"
					);
				}
			}
			// The pallet's invariants are checked after the migration to version 4, which
			// reads the layout this one wrote.
			Ok(())
		}
	}

	/// Migrates the pallet's storage from version 2 to 3, once (checked against the on-chain
	/// storage version).
	pub type MigrateV2ToV3<T> = VersionedMigration<
		2,
		3,
		UncheckedMigrateV2ToV3<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

/// Version 3 → 4: confidential agreements.
///
/// Agreements and pending amendments gain `sealed` (the commitment and the parties' envelopes
/// of confidential terms) and pinned terms gain `commitment`. Every agreement of version 3 has
/// public terms, so each becomes **transparent**: `sealed` and `commitment` are `None` and
/// everything else is kept byte for byte. `EncryptionKeys` is a new map and starts empty.
pub mod v4 {
	use crate::{
		pallet::{Agreements, Config, Pallet, PeriodTerms},
		types::*,
	};
	use frame_support::{
		migrations::VersionedMigration,
		traits::{Get, UncheckedOnRuntimeUpgrade},
		weights::Weight,
	};
	use frame_system::pallet_prelude::BlockNumberFor;

	/// The layout of version 3 (the types that changed and those holding them).
	pub mod v3 {
		use crate::{
			pallet::{Config, Pallet},
			types::{AgreementId, AgreementStatus, AgreementTerms, NetworkTerms, Side},
		};
		use codec::{Decode, Encode};
		use frame_support::{pallet_prelude::*, Twox64Concat};
		use frame_system::pallet_prelude::BlockNumberFor;
		use telecom_primitives::{SettlementPeriod, TadigCode};

		/// A pending amendment as version 3 stored it.
		#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
		pub struct PendingAmendment {
			/// Who proposed it.
			pub by: Side,
			/// The amended terms.
			pub terms: AgreementTerms,
		}

		/// An agreement as version 3 stored it.
		#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
		pub struct Agreement<AccountId, BlockNumber> {
			/// The proposer's account.
			pub party_a: AccountId,
			/// The proposer's network.
			pub tadig_a: TadigCode,
			/// The counterparty's account.
			pub party_b: AccountId,
			/// The counterparty's network.
			pub tadig_b: TadigCode,
			/// Where it stands.
			pub status: AgreementStatus,
			/// Version of the terms.
			pub version: u32,
			/// Terms in force.
			pub terms: AgreementTerms,
			/// A pending amendment.
			pub amendment: Option<PendingAmendment>,
			/// Block of the proposal.
			pub proposed_at: BlockNumber,
			/// Deposit held from party A.
			pub deposit: u128,
			/// The pair's earlier agreement.
			pub previous: Option<AgreementId>,
			/// Periods with usage not closed yet.
			pub open_periods: u32,
			/// Disputes open in closed periods.
			pub withheld_disputes: u32,
		}

		/// Pinned terms as version 3 stored them.
		#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
		pub struct PinnedTerms {
			/// Agreement version.
			pub version: u32,
			/// Terms for usage on party A's network.
			pub network_a: NetworkTerms,
			/// Terms for usage on party B's network.
			pub network_b: NetworkTerms,
		}

		/// Agreements under the version 3 layout.
		#[frame_support::storage_alias]
		pub type Agreements<T: Config> = StorageMap<
			Pallet<T>,
			Twox64Concat,
			AgreementId,
			Agreement<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>,
			OptionQuery,
		>;

		/// Pinned period terms under the version 3 layout.
		#[frame_support::storage_alias]
		pub type PeriodTerms<T: Config> = StorageDoubleMap<
			Pallet<T>,
			Twox64Concat,
			AgreementId,
			Twox64Concat,
			SettlementPeriod,
			PinnedTerms,
			OptionQuery,
		>;
	}

	/// A version 3 agreement as a transparent agreement of version 4.
	pub fn agreement<AccountId, BlockNumber>(
		old: v3::Agreement<AccountId, BlockNumber>,
	) -> Agreement<AccountId, BlockNumber> {
		Agreement {
			party_a: old.party_a,
			tadig_a: old.tadig_a,
			party_b: old.party_b,
			tadig_b: old.tadig_b,
			status: old.status,
			version: old.version,
			terms: old.terms,
			amendment: old.amendment.map(|pending| PendingAmendment {
				by: pending.by,
				terms: pending.terms,
				sealed: None,
			}),
			proposed_at: old.proposed_at,
			deposit: old.deposit,
			previous: old.previous,
			open_periods: old.open_periods,
			withheld_disputes: old.withheld_disputes,
			sealed: None,
		}
	}

	/// The migration without its version check; use [`MigrateV3ToV4`].
	pub struct UncheckedMigrateV3ToV4<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV3ToV4<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut entries: u64 = 0;
			Agreements::<T>::translate::<v3::Agreement<T::AccountId, BlockNumberFor<T>>, _>(
				|_, old| {
					entries = entries.saturating_add(1);
					Some(agreement(old))
				},
			);
			PeriodTerms::<T>::translate_values::<v3::PinnedTerms, _>(|old| {
				entries = entries.saturating_add(1);
				Some(PinnedTerms {
					version: old.version,
					network_a: old.network_a,
					network_b: old.network_b,
					commitment: None,
				})
			});
			T::DbWeight::get().reads_writes(entries, entries)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			use codec::Encode;
			// Every entry must survive, and with it every agreement's terms.
			let terms: alloc::vec::Vec<(AgreementId, AgreementTerms)> =
				v3::Agreements::<T>::iter().map(|(id, old)| (id, old.terms)).collect();
			let pinned = v3::PeriodTerms::<T>::iter().count() as u64;
			Ok((terms, pinned).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			use codec::Decode;
			let (terms, pinned) =
				<(alloc::vec::Vec<(AgreementId, AgreementTerms)>, u64)>::decode(&mut &state[..])
					.map_err(|_| "pre-upgrade state decodes")?;
			frame_support::ensure!(
				Agreements::<T>::iter().count() == terms.len(),
				"every agreement migrated"
			);
			for (id, old) in terms {
				let agreement = Agreements::<T>::get(id).ok_or("a migrated agreement decodes")?;
				frame_support::ensure!(agreement.terms == old, "an agreement keeps its terms");
				frame_support::ensure!(
					agreement.mode() == crate::AgreementMode::Transparent
						&& agreement.amendment.as_ref().is_none_or(|p| p.sealed.is_none()),
					"every existing agreement is transparent"
				);
			}
			frame_support::ensure!(
				PeriodTerms::<T>::iter().count() as u64 == pinned,
				"every pinned period migrated"
			);
			frame_support::ensure!(
				PeriodTerms::<T>::iter_values().all(|p| p.commitment.is_none()),
				"pinned terms of transparent agreements have no commitment"
			);
			Pallet::<T>::do_try_state()
		}
	}

	/// Migrates the pallet's storage from version 3 to 4, once (checked against the on-chain
	/// storage version).
	pub type MigrateV3ToV4<T> = VersionedMigration<
		3,
		4,
		UncheckedMigrateV3ToV4<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

/// Version 4 → 5: confidential discount agreements. A discount record's `terms` become
/// [`DiscountTerms`](crate::DiscountTerms) (public or sealed); every existing record is a
/// transparent one and keeps its terms, status, deposit and notes. `DiscountNotePostings` and
/// `SealedCreditNotes` are new maps.
pub mod v5 {
	use crate::{
		discount::{DiscountRecord, DiscountTerms},
		pallet::{Config, DiscountAgreements, Pallet},
	};
	use frame_support::{
		migrations::VersionedMigration,
		traits::{Get, UncheckedOnRuntimeUpgrade},
		weights::Weight,
	};

	/// The layout of version 4 (the type that changed and the map holding it).
	pub mod v4 {
		use crate::{
			discount::{DiscountAgreement, DiscountStatus},
			pallet::{Config, Pallet},
			types::{AgreementId, Side},
		};
		use codec::{Decode, Encode};
		use frame_support::{pallet_prelude::*, Twox64Concat};
		use telecom_primitives::SettlementPeriod;

		/// A discount record as version 4 stored it.
		#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
		pub struct DiscountRecord {
			/// The terms, pinned for the period.
			pub terms: DiscountAgreement,
			/// Who proposed them.
			pub proposer: Side,
			/// Where it stands.
			pub status: DiscountStatus,
			/// Deposit held from the proposer.
			pub deposit: u128,
			/// Months covered by the latest note.
			pub trued_up: u8,
		}

		/// Discount agreements under the version 4 layout.
		#[frame_support::storage_alias]
		pub type DiscountAgreements<T: Config> = StorageDoubleMap<
			Pallet<T>,
			Twox64Concat,
			AgreementId,
			Twox64Concat,
			SettlementPeriod,
			DiscountRecord,
			OptionQuery,
		>;
	}

	/// A version 4 record as a transparent record of version 5.
	pub fn record(old: v4::DiscountRecord) -> DiscountRecord {
		DiscountRecord {
			terms: DiscountTerms::Transparent(old.terms),
			proposer: old.proposer,
			status: old.status,
			deposit: old.deposit,
			trued_up: old.trued_up,
		}
	}

	/// The migration without its version check; use [`MigrateV4ToV5`].
	pub struct UncheckedMigrateV4ToV5<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV4ToV5<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut entries: u64 = 0;
			DiscountAgreements::<T>::translate_values::<v4::DiscountRecord, _>(|old| {
				entries = entries.saturating_add(1);
				Some(record(old))
			});
			T::DbWeight::get().reads_writes(entries, entries)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			use codec::Encode;
			let records: alloc::vec::Vec<_> = v4::DiscountAgreements::<T>::iter().collect();
			Ok(records.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			use codec::Decode;
			use telecom_primitives::SettlementPeriod;
			let old = <alloc::vec::Vec<(
				crate::types::AgreementId,
				SettlementPeriod,
				v4::DiscountRecord,
			)>>::decode(&mut &state[..])
			.map_err(|_| "pre-upgrade state decodes")?;
			frame_support::ensure!(
				DiscountAgreements::<T>::iter().count() == old.len(),
				"every discount record migrated"
			);
			for (id, start, before) in old {
				let after =
					DiscountAgreements::<T>::get(id, start).ok_or("a migrated record decodes")?;
				frame_support::ensure!(after == record(before), "a record keeps its terms");
			}
			Pallet::<T>::discount_try_state()
		}
	}

	/// Migrates the pallet's storage from version 4 to 5, once (checked against the on-chain
	/// storage version).
	pub type MigrateV4ToV5<T> = VersionedMigration<
		4,
		5,
		UncheckedMigrateV4ToV5<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
