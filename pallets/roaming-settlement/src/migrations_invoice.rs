//! Storage migration for statements in the invoice currency, kept apart from the other
//! migrations so that it can be ordered with them.
//!
//! Storage version 2 → 3: agreement terms (those in force and a pending amendment's) gain
//! `invoice` and statements gain `invoice`. Every existing agreement and statement gets `None`:
//! they settled, and keep settling, in their settlement currency only.

use crate::{
	pallet::{Agreements, Config, Pallet, Statements},
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

/// The layout of version 2.
pub mod v2 {
	use super::*;
	use frame_support::{pallet_prelude::OptionQuery, Twox64Concat};

	/// Statements under the version 2 layout (what the version 1 → 2 step writes).
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

	/// Agreement terms as version 2 stored them (no invoice currency).
	#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
	pub struct AgreementTerms {
		/// First period.
		pub valid_from: SettlementPeriod,
		/// Last period.
		pub valid_to: SettlementPeriod,
		/// Settlement currency.
		pub currency: CurrencyCode,
		/// Terms on party A's network.
		pub network_a: NetworkTerms,
		/// Terms on party B's network.
		pub network_b: NetworkTerms,
		/// Dispute window in blocks.
		pub dispute_window: u32,
		/// Notice in periods.
		pub notice_periods: u8,
		/// Tax flag.
		pub tax_included: bool,
		/// Contract hash.
		pub document: DocumentHash,
	}

	/// A pending amendment as version 2 stored it.
	#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
	pub struct PendingAmendment {
		/// Proposer.
		pub by: Side,
		/// Amended terms.
		pub terms: AgreementTerms,
	}

	/// An agreement as version 2 stored it.
	#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
	pub struct Agreement<AccountId, BlockNumber> {
		/// Party A.
		pub party_a: AccountId,
		/// Party A's network.
		pub tadig_a: telecom_primitives::TadigCode,
		/// Party B.
		pub party_b: AccountId,
		/// Party B's network.
		pub tadig_b: telecom_primitives::TadigCode,
		/// Status.
		pub status: AgreementStatus,
		/// Version.
		pub version: u32,
		/// Terms in force.
		pub terms: AgreementTerms,
		/// Pending amendment.
		pub amendment: Option<PendingAmendment>,
		/// Block of the proposal.
		pub proposed_at: BlockNumber,
		/// Deposit held.
		pub deposit: u128,
		/// Earlier agreement of the pair.
		pub previous: Option<AgreementId>,
		/// Open periods.
		pub open_periods: u32,
		/// Disputes withheld in closed periods.
		pub withheld_disputes: u32,
	}

	/// A statement as version 2 stored it.
	#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
	pub struct Statement<AccountId, BlockNumber> {
		/// Usage on A's network.
		pub network_a: DirectionStatement,
		/// Usage on B's network.
		pub network_b: DirectionStatement,
		/// Currency.
		pub currency: CurrencyCode,
		/// Payer of the net.
		pub payer: Option<AccountId>,
		/// Payee of the net.
		pub payee: Option<AccountId>,
		/// Net.
		pub net: Amount,
		/// Clearing obligation.
		pub obligation: Option<ObligationId>,
		/// Statement hash.
		pub reference: DocumentHash,
		/// Block of the close.
		pub closed_at: BlockNumber,
		/// Signed off by A.
		pub signed_by_a: bool,
		/// Signed off by B.
		pub signed_by_b: bool,
	}
}

/// Version 2 terms with no invoice currency.
pub fn terms(old: v2::AgreementTerms) -> AgreementTerms {
	AgreementTerms {
		valid_from: old.valid_from,
		valid_to: old.valid_to,
		currency: old.currency,
		network_a: old.network_a,
		network_b: old.network_b,
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
		Agreements::<T>::translate_values::<v2::Agreement<T::AccountId, BlockNumberFor<T>>, _>(
			|old| {
				entries = entries.saturating_add(1);
				Some(Agreement {
					party_a: old.party_a,
					tadig_a: old.tadig_a,
					party_b: old.party_b,
					tadig_b: old.tadig_b,
					status: old.status,
					version: old.version,
					terms: terms(old.terms),
					amendment: old.amendment.map(|pending| PendingAmendment {
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
		let agreements = Agreements::<T>::iter_keys().count() as u64;
		let statements = Statements::<T>::iter_keys().count() as u64;
		Ok((agreements, statements).encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		let (agreements, statements) =
			<(u64, u64)>::decode(&mut &state[..]).map_err(|_| "pre-upgrade counts decode")?;
		frame_support::ensure!(
			Agreements::<T>::iter().count() as u64 == agreements,
			"every agreement migrated"
		);
		frame_support::ensure!(
			Statements::<T>::iter().count() as u64 == statements,
			"every statement migrated"
		);
		Pallet::<T>::do_try_state()
	}
}

/// Migrates the pallet's storage from version 2 to 3 (invoice currency), once.
pub type MigrateV2ToV3<T> = VersionedMigration<
	2,
	3,
	UncheckedMigrateV2ToV3<T>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;
