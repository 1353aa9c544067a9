//! # Roaming settlement pallet
//!
//! Inter-operator roaming settlement without a data clearing house in the middle. Operators
//! register their networks' **TADIG codes**, agree bilateral **IOT agreements** (tariff per
//! service and rating unit, tiered volume discounts, dispute window, currency — XDR in GSMA
//! practice — and the signed contract's hash; proposed by one side, in force once the other
//! accepts, amended by versions, terminated with notice), and exchange **usage batches**: the
//! header and audit totals of each TAP file or BCE usage report.
//!
//! The chain **re-rates every batch** against the agreement (rounding rules in [`rating`]),
//! records any difference from the sender's claim, and keeps **TAP file sequence control** per
//! sender → recipient pair: duplicate numbers and files (by hash, over a 90-day window) are
//! refused, numbers wrap from 99,999 to 1, gaps are reported by event and query and closed when
//! the late file arrives (booked into the next open period if its own is closed). Test files
//! have their own numbering and are never settled. A batch settles at its claim; a claim above
//! the re-rating by more than the network's tolerance opens a reconciliation of the excess that
//! ends like a dispute. The home operator accepts or disputes a batch (whole or part, RAP-style
//! reason code) within the agreement's window, or posts its own totals of the file ([`posting`]:
//! matched per service within the tolerance, accepting the batch or disputing it automatically);
//! silence past the window is acceptance, except for a confidential claim, which the chain cannot
//! check: it is withheld until the home side answers or the dispute is resolved
//! ([`sealed`]). A dispute
//! ends when both parties propose the same amount or the arbiter origin decides, anything up to
//! the claim.
//!
//! **Closing a period** (a calendar month that has ended, with every dispute window passed; open
//! disputes withhold only their own amounts, trued up in clearing when resolved) totals both
//! directions, applies each side's volume discount deterministically, nets
//! them and sends one obligation to clearing (converted into the agreement's invoice currency at
//! its rate date, [`invoicing`]), where it nets again multilaterally. The settlement
//! statement stays on-chain for both parties to read and sign off.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::boxed::Box;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod discount;
#[cfg(test)]
mod discount_tests;
mod impls;
pub mod invoicing;
#[cfg(test)]
mod invoicing_tests;
pub mod migrations;
#[cfg(test)]
mod mock;
pub mod posting;
#[cfg(test)]
mod posting_tests;
pub mod rating;
#[cfg(test)]
mod review_tests;
pub mod sealed;
pub mod sealed_discount;
#[cfg(test)]
mod sealed_discount_tests;
#[cfg(test)]
mod sealed_tests;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use discount::{
	BookedNote, DiscountHeader, DiscountRecord, DiscountStatus, DiscountTerms, SealedDiscount,
};
pub use invoicing::{InvoiceConversion, InvoiceTerms, RateDate};
pub use pallet::*;
pub use posting::{
	DualPosting, HomeTotals, PostedDifference, PostedService, PostingOutcome, MAX_POSTED_SERVICES,
	POSTING_MISMATCH_REASON,
};
pub use sealed::{
	AgreementHeader, AgreementMode, EncryptionKey, EncryptionPublicKey, KeyEpoch, NetworkHeader,
	RevealBatches, SealedEnvelope, SealedTerms, MAX_REVEAL_BATCHES, MAX_SEALED_TERMS_LEN,
	SEALED_ENVELOPE_VERSION, SEALED_ENVELOPE_VERSION_PADDED,
};
pub use sealed_discount::{NotePostings, SealedBookedNote};
pub use types::*;
pub use weights::WeightInfo;

// FRAME's macro expansion of storage items and errors calls `expect` on paths that cannot fail;
// the workspace lint would flag that generated code. Hand-written code here stays panic-free:
// `scripts/test.sh` rejects `.expect(` / `.unwrap()` in runtime sources.
#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{fungible, UnixTime},
	};
	use frame_system::pallet_prelude::*;
	use telecom_primitives::{
		commitment::{TermsCommitment, TermsSalt},
		Amount, CurrencyCode, DocumentHash, ObligationId, ObligationSink, OperatorMembership,
		SettlementPeriod, TadigCode,
	};

	/// Balance of the deposit currency.
	pub type BalanceOf<T> = <<T as Config>::Currency as fungible::Inspect<
		<T as frame_system::Config>::AccountId,
	>>::Balance;

	/// An agreement as stored.
	pub type AgreementOf<T> = Agreement<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

	/// A statement as stored.
	pub type StatementOf<T> = Statement<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

	/// Version of the pallet's storage layout: a release that changes the layout bumps it and
	/// ships the migration from the previous version.
	///
	/// Version 2 keeps charges exact below the minor unit: batches, period totals and
	/// statements carry exact sub-unit amounts ([`migrations::v2`] migrates from version 1).
	/// Version 3 has the IOT tariff model (MOC classes, MTC, SMS MO/MT, data, VoLTE, video,
	/// set-up fees and minimum charges) and the invoice currency on agreement terms and
	/// statements ([`migrations::v3`] migrates from version 2).
	/// Version 4 has confidential agreements: agreements and pending amendments carry their
	/// sealed terms, pinned terms their commitment ([`migrations::v4`] migrates from version 3;
	/// every existing agreement is transparent).
	/// Version 5 has confidential discount agreements: a discount record's terms are public or
	/// sealed ([`migrations::v5`] migrates from version 4; every existing one is transparent).
	pub(crate) const STORAGE_VERSION: StorageVersion = StorageVersion::new(5);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the roaming settlement pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Native currency, from which deposits are held.
		type Currency: fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ fungible::Mutate<Self::AccountId>;

		/// The runtime's hold reasons.
		type RuntimeHoldReason: From<HoldReason>;

		/// Consortium operators: only they register networks and propose agreements.
		type Operators: OperatorMembership<Self::AccountId>;

		/// Wall-clock time, which decides the current calendar month.
		type Time: UnixTime;

		/// Where the net of a closed period goes (the clearing pallet).
		type Obligations: ObligationSink<Self::AccountId>;

		/// Decides disputes the parties cannot settle.
		type ArbiterOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Publishes exchange rates.
		type RateOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Deposit held from the proposer of an agreement; it covers the agreement, its
		/// per-period totals and statements.
		#[pallet::constant]
		type AgreementDeposit: Get<BalanceOf<Self>>;

		/// Deposit held from the sender of a usage batch until the batch is purged.
		#[pallet::constant]
		type BatchDeposit: Get<BalanceOf<Self>>;

		/// Deposit held from the proposer of a discount agreement until its final true-up (or
		/// its cancellation); it covers the terms, the per-month usage counters and the credit
		/// notes.
		#[pallet::constant]
		type DiscountDeposit: Get<BalanceOf<Self>>;

		/// Shortest time, in blocks, a party has to answer the other party's posting of a
		/// confidential discount note before silence accepts it (the agreement's dispute
		/// window if longer). Longer than a batch's: a note, above all the final one, is a
		/// period's discount at once.
		#[pallet::constant]
		type MinNoteWindow: Get<u32>;

		/// Shortest dispute window an agreement may set, in blocks.
		#[pallet::constant]
		type MinDisputeWindow: Get<u32>;

		/// Longest dispute window an agreement may set, in blocks.
		#[pallet::constant]
		type MaxDisputeWindow: Get<u32>;

		/// Most settlement periods an agreement may cover.
		#[pallet::constant]
		type MaxAgreementPeriods: Get<u32>;

		/// Most TADIG codes one operator may register.
		#[pallet::constant]
		type MaxTadigsPerOperator: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Sets the clock for benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper;
	}

	/// What the benchmarks need from the runtime.
	#[cfg(feature = "runtime-benchmarks")]
	pub trait BenchmarkHelper {
		/// Sets the wall clock to `millis` after the Unix epoch.
		fn set_unix_time(millis: u64);
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Deposit for an agreement.
		AgreementDeposit,
		/// Deposit for a stored usage batch.
		BatchDeposit,
		/// Deposit for a discount agreement.
		DiscountDeposit,
	}

	#[pallet::extra_constants]
	impl<T: Config> Pallet<T> {
		/// Most tiers of a volume discount.
		#[pallet::constant_name(MaxDiscountTiers)]
		fn max_discount_tiers() -> u32 {
			MAX_DISCOUNT_TIERS
		}

		/// Most open sequence gaps remembered per sender → recipient pair; a file that would
		/// open more is refused until late files close some.
		#[pallet::constant_name(MaxSequenceGaps)]
		fn max_sequence_gaps() -> u32 {
			MAX_SEQUENCE_GAPS
		}

		/// The highest TAP file sequence number; the next file is number 1 again.
		#[pallet::constant_name(MaxFileSequence)]
		fn max_file_sequence() -> u32 {
			MAX_FILE_SEQUENCE
		}

		/// Seconds a file hash is remembered per agreement: the same file is refused within them.
		#[pallet::constant_name(DuplicateWindowSecs)]
		fn duplicate_window_secs() -> u64 {
			DUPLICATE_WINDOW_SECS
		}

		/// Sub-units per minor unit: the precision of the exact (`*_exact`) amounts, in which
		/// charges are kept until a period's total is rounded once.
		#[pallet::constant_name(SubUnits)]
		fn sub_units() -> u128 {
			SUB_UNITS
		}

		/// Longest sealed envelope of confidential terms, in bytes.
		#[pallet::constant_name(MaxSealedTermsLen)]
		fn max_sealed_terms_len() -> u32 {
			MAX_SEALED_TERMS_LEN
		}

		/// Most disputed batches one reveal of confidential terms re-rates.
		#[pallet::constant_name(MaxRevealBatches)]
		fn max_reveal_batches() -> u32 {
			MAX_REVEAL_BATCHES
		}
	}

	/// The operator that registered each TADIG code.
	#[pallet::storage]
	pub type TadigOwner<T: Config> =
		StorageMap<_, Blake2_128Concat, TadigCode, T::AccountId, OptionQuery>;

	/// Each operator's TADIG codes (its roaming profile).
	#[pallet::storage]
	pub type TadigsOf<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<TadigCode, T::MaxTadigsPerOperator>,
		ValueQuery,
	>;

	/// Agreements naming each TADIG code; a code in use cannot be deregistered.
	#[pallet::storage]
	pub type TadigAgreements<T: Config> =
		StorageMap<_, Blake2_128Concat, TadigCode, u32, ValueQuery>;

	/// Id of the next agreement.
	#[pallet::storage]
	pub type NextAgreementId<T: Config> = StorageValue<_, AgreementId, ValueQuery>;

	/// Every agreement.
	#[pallet::storage]
	pub type Agreements<T: Config> =
		StorageMap<_, Twox64Concat, AgreementId, AgreementOf<T>, OptionQuery>;

	/// The current agreement of each pair of networks (codes in ascending order).
	#[pallet::storage]
	pub type PairAgreement<T: Config> =
		StorageMap<_, Blake2_128Concat, (TadigCode, TadigCode), AgreementId, OptionQuery>;

	/// TAP file sequence control: (sender, recipient) → expected number and open gaps.
	#[pallet::storage]
	pub type Sequences<T: Config> =
		StorageMap<_, Blake2_128Concat, (TadigCode, TadigCode), SequenceControl, ValueQuery>;

	/// Sequence control of test files, apart from the commercial numbering.
	#[pallet::storage]
	pub type TestSequences<T: Config> =
		StorageMap<_, Blake2_128Concat, (TadigCode, TadigCode), SequenceControl, ValueQuery>;

	/// Hashes of the files of each agreement's stored batches: the same file is refused within
	/// `DUPLICATE_WINDOW_SECS` under any sequence number. Removed with the batch.
	#[pallet::storage]
	pub type FileHashes<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		AgreementId,
		Identity,
		DocumentHash,
		FileSeen,
		OptionQuery,
	>;

	/// Usage batches: (agreement, network the usage was on, file sequence) → batch.
	#[pallet::storage]
	pub type Batches<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, AgreementId>,
			NMapKey<Twox64Concat, Side>,
			NMapKey<Twox64Concat, FileSequence>,
		),
		Batch<BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// Running totals: (agreement, period, network the usage was on) → totals.
	#[pallet::storage]
	pub type Totals<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, AgreementId>,
			NMapKey<Twox64Concat, SettlementPeriod>,
			NMapKey<Twox64Concat, Side>,
		),
		PeriodTotals<BlockNumberFor<T>>,
		ValueQuery,
	>;

	/// Settlement statements of closed periods.
	#[pallet::storage]
	pub type Statements<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		AgreementId,
		Twox64Concat,
		SettlementPeriod,
		StatementOf<T>,
		OptionQuery,
	>;

	/// Exchange rates: (period, from, to) → rate.
	#[pallet::storage]
	pub type ExchangeRates<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, SettlementPeriod>,
			NMapKey<Twox64Concat, CurrencyCode>,
			NMapKey<Twox64Concat, CurrencyCode>,
		),
		ExchangeRate,
		OptionQuery,
	>;

	/// Terms pinned per (agreement, period): an amendment applies from the period after the
	/// one it is accepted in and never re-prices a period already pinned. At most
	/// `MaxAgreementPeriods` per agreement, removed when the agreement ends.
	#[pallet::storage]
	pub type PeriodTerms<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		AgreementId,
		Twox64Concat,
		SettlementPeriod,
		PinnedTerms,
		OptionQuery,
	>;

	/// Exchange rates a batch converted with: they can no longer be changed.
	#[pallet::storage]
	pub type RatesInUse<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, SettlementPeriod>,
			NMapKey<Twox64Concat, CurrencyCode>,
			NMapKey<Twox64Concat, CurrencyCode>,
		),
		(),
		OptionQuery,
	>;

	/// The home operator's own totals of a visited operator's file, matched with the batch:
	/// (agreement, network the usage was on, file sequence) → both sides' figures. One per
	/// batch (covered by its deposit), removed with the batch.
	#[pallet::storage]
	pub type DualPostings<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, AgreementId>,
			NMapKey<Twox64Concat, Side>,
			NMapKey<Twox64Concat, FileSequence>,
		),
		DualPosting<BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// Each operator's current X25519 encryption key, to which the terms of its confidential
	/// agreements are sealed. One per operator account, replaced by a rotation (epoch + 1).
	#[pallet::storage]
	pub type EncryptionKeys<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		EncryptionKey<BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// Each operator's reserved agreement id (`reserve_agreement_id`), which only its next
	/// `propose_sealed` can use. One per operator account, kept until used (capped by
	/// membership, no deposit).
	#[pallet::storage]
	pub type AgreementIdReservations<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, AgreementId, OptionQuery>;

	/// Discount agreements: (agreement, first month of the discount period) → terms and status.
	/// Periods of one agreement do not overlap, so there are at most `MaxAgreementPeriods` per
	/// agreement, each under the proposer's `DiscountDeposit`.
	#[pallet::storage]
	pub type DiscountAgreements<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		AgreementId,
		Twox64Concat,
		SettlementPeriod,
		DiscountRecord,
		OptionQuery,
	>;

	/// The discount agreement (its first month) covering each month of an agreement, while the
	/// discount agreement is proposed or in force; removed at its final true-up or cancel.
	#[pallet::storage]
	pub type DiscountMonths<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		AgreementId,
		Twox64Concat,
		SettlementPeriod,
		SettlementPeriod,
		OptionQuery,
	>;

	/// Usage booked per (agreement, month, network the usage was on) in months a discount
	/// agreement covers, counted from its proposal; removed with the coverage.
	#[pallet::storage]
	pub type DiscountUsage<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, AgreementId>,
			NMapKey<Twox64Concat, SettlementPeriod>,
			NMapKey<Twox64Concat, Side>,
		),
		UsageTotals,
		ValueQuery,
	>;

	/// Credit notes of discount true-ups: (agreement, first month, months covered) → the note
	/// and its clearing obligation. At most `MAX_PERIOD_MONTHS` per discount agreement.
	#[pallet::storage]
	pub type CreditNotes<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, AgreementId>,
			NMapKey<Twox64Concat, SettlementPeriod>,
			NMapKey<Twox64Concat, u8>,
		),
		BookedNote,
		OptionQuery,
	>;

	/// The parties' postings of notes of confidential discount agreements: (agreement, first
	/// month, months covered) → each party's net. At most one per note of the period (24),
	/// under the discount agreement's deposit; removed when the note (or a later one) is booked.
	#[pallet::storage]
	pub type DiscountNotePostings<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, AgreementId>,
			NMapKey<Twox64Concat, SettlementPeriod>,
			NMapKey<Twox64Concat, u8>,
		),
		NotePostings<BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// Notes of confidential discount agreements the chain booked (nets only): (agreement,
	/// first month, months covered) → the net and its clearing obligation. At most
	/// `MAX_PERIOD_MONTHS` per discount agreement.
	#[pallet::storage]
	pub type SealedCreditNotes<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, AgreementId>,
			NMapKey<Twox64Concat, SettlementPeriod>,
			NMapKey<Twox64Concat, u8>,
		),
		SealedBookedNote,
		OptionQuery,
	>;

	/// Networks registered at genesis: (operator, TADIG code).
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Each operator's TADIG codes.
		pub tadigs: alloc::vec::Vec<(T::AccountId, TadigCode)>,
		/// Agreements in force at genesis: (party A's network, party B's network, terms); the
		/// parties are the networks' owners.
		pub agreements: alloc::vec::Vec<(TadigCode, TadigCode, AgreementTerms)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (who, code) in &self.tadigs {
				assert!(code.is_valid(), "genesis TADIG code is malformed"); // panic-ok
				let registered = Pallet::<T>::do_register_tadig(who, *code);
				assert!(registered.is_ok(), "genesis TADIG code registers"); // panic-ok
			}
			for (own, other, terms) in &self.agreements {
				let signed = Pallet::<T>::genesis_agreement(*own, *other, terms.clone());
				assert!(signed.is_ok(), "genesis agreement is valid"); // panic-ok
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An operator registered a network's TADIG code.
		TadigRegistered {
			/// The operator.
			operator: T::AccountId,
			/// The code.
			tadig: TadigCode,
		},
		/// An operator withdrew a TADIG code no agreement uses.
		TadigDeregistered {
			/// The operator.
			operator: T::AccountId,
			/// The code.
			tadig: TadigCode,
		},
		/// Party A proposed an agreement to party B.
		AgreementProposed {
			/// The agreement.
			agreement: AgreementId,
			/// The proposer.
			party_a: T::AccountId,
			/// The proposer's network.
			tadig_a: TadigCode,
			/// The counterparty.
			party_b: T::AccountId,
			/// The counterparty's network.
			tadig_b: TadigCode,
			/// Hash of the contract document.
			document: DocumentHash,
		},
		/// Party B accepted: the agreement is in force at version 1.
		AgreementActivated {
			/// The agreement.
			agreement: AgreementId,
		},
		/// A proposal was withdrawn or declined before acceptance.
		ProposalCancelled {
			/// The agreement.
			agreement: AgreementId,
			/// Who cancelled it.
			by: Side,
		},
		/// A party proposed amended terms.
		AmendmentProposed {
			/// The agreement.
			agreement: AgreementId,
			/// Who proposed them.
			by: Side,
			/// The version they would become.
			version: u32,
			/// Hash of the amended contract.
			document: DocumentHash,
		},
		/// The other party accepted an amendment: its terms are in force.
		AgreementAmended {
			/// The agreement.
			agreement: AgreementId,
			/// The new version.
			version: u32,
		},
		/// A party gave notice: the agreement ends after `last_period`.
		AgreementTerminated {
			/// The agreement.
			agreement: AgreementId,
			/// Who terminated.
			by: Side,
			/// The last period it covers.
			last_period: SettlementPeriod,
		},
		/// A usage batch arrived and was re-rated.
		BatchReceived {
			/// The agreement.
			agreement: AgreementId,
			/// Whose network the usage was on (the sender's).
			network: Side,
			/// File sequence number.
			sequence: FileSequence,
			/// Settlement period.
			period: SettlementPeriod,
			/// The sender's claim in the agreement's currency.
			claimed: Amount,
			/// The chain's re-rating, rounded half up (for display).
			rated: Amount,
			/// What the batch settles at, rounded half up (for display).
			value: Amount,
			/// Last block for a dispute.
			dispute_deadline: BlockNumberFor<T>,
			/// The chain's re-rating exactly, in sub-units (`SubUnits` to the minor unit).
			rated_exact: ExactAmount,
			/// What the batch books exactly, in sub-units: the re-rating when the claim is
			/// within one minor unit of it, else the claim. The period rounds its total once.
			value_exact: ExactAmount,
		},
		/// A batch's claim differs from the chain's re-rating of its totals.
		RatingMismatch {
			/// The agreement.
			agreement: AgreementId,
			/// Whose network the usage was on.
			network: Side,
			/// File sequence number.
			sequence: FileSequence,
			/// The sender's claim.
			claimed: Amount,
			/// The chain's re-rating.
			rated: Amount,
		},
		/// Files `first..=last` from `sender` to `recipient` are missing.
		SequenceGap {
			/// The sending network.
			sender: TadigCode,
			/// The receiving network.
			recipient: TadigCode,
			/// First missing sequence number.
			first: FileSequence,
			/// Last missing sequence number.
			last: FileSequence,
		},
		/// A late file filled part of a sequence gap.
		GapFilled {
			/// The sending network.
			sender: TadigCode,
			/// The receiving network.
			recipient: TadigCode,
			/// The late file's sequence number.
			sequence: FileSequence,
		},
		/// A claim exceeds the re-rating beyond the tolerance: the excess is under
		/// reconciliation until both parties agree a value or the arbiter decides (up to the
		/// claim).
		ReconciliationOpened {
			/// The agreement.
			agreement: AgreementId,
			/// Whose network the usage was on.
			network: Side,
			/// File sequence number.
			sequence: FileSequence,
			/// Amount under reconciliation: the claim less the re-rating.
			amount: Amount,
		},
		/// A late file's usage period was already closed: it is booked into a later open period
		/// as a late adjustment.
		LateFileBooked {
			/// The agreement.
			agreement: AgreementId,
			/// Whose network the usage was on.
			network: Side,
			/// File sequence number.
			sequence: FileSequence,
			/// The closed period of the usage.
			usage_period: SettlementPeriod,
			/// The open period it is booked into.
			booked_into: SettlementPeriod,
		},
		/// A test file passed the checks; it is not stored, booked or settled.
		TestFileReceived {
			/// The agreement.
			agreement: AgreementId,
			/// Whose network the usage was on.
			network: Side,
			/// Test file sequence number.
			sequence: FileSequence,
			/// The sender's claim in the agreement's currency.
			claimed: Amount,
			/// The chain's re-rating.
			rated: Amount,
		},
		/// The home operator accepted a batch.
		BatchAccepted {
			/// The agreement.
			agreement: AgreementId,
			/// Whose network the usage was on.
			network: Side,
			/// File sequence number.
			sequence: FileSequence,
		},
		/// The home operator disputed a batch.
		BatchDisputed {
			/// The agreement.
			agreement: AgreementId,
			/// Whose network the usage was on.
			network: Side,
			/// File sequence number.
			sequence: FileSequence,
			/// Amount disputed.
			amount: Amount,
			/// RAP-style reason code.
			reason: ReasonCode,
			/// Hash of the evidence.
			evidence: DocumentHash,
		},
		/// A party proposed to settle a dispute at `amount`.
		SettlementProposed {
			/// The agreement.
			agreement: AgreementId,
			/// Whose network the usage was on.
			network: Side,
			/// File sequence number.
			sequence: FileSequence,
			/// Who proposed.
			by: Side,
			/// Proposed value of the batch.
			amount: Amount,
		},
		/// A dispute's resolution deadline passed without agreement: it is now for the arbiter
		/// (or a matching proposal of both parties).
		DisputeEscalated {
			/// The agreement.
			agreement: AgreementId,
			/// Whose network the usage was on.
			network: Side,
			/// File sequence number.
			sequence: FileSequence,
		},
		/// A dispute of an already closed period was resolved: the difference it makes to the
		/// period's payable (after the period's discount) went to clearing.
		TrueUp {
			/// The agreement.
			agreement: AgreementId,
			/// The closed period.
			period: SettlementPeriod,
			/// Whose network the usage was on.
			network: Side,
			/// File sequence number.
			sequence: FileSequence,
			/// Who pays the difference.
			payer: T::AccountId,
			/// Who receives it.
			payee: T::AccountId,
			/// The difference, in the obligation's currency (the statement's invoice currency, at
			/// its rate, if it has one).
			amount: Amount,
			/// Its clearing obligation.
			obligation: ObligationId,
		},
		/// A dispute ended: the batch settles at `value`.
		DisputeResolved {
			/// The agreement.
			agreement: AgreementId,
			/// Whose network the usage was on.
			network: Side,
			/// File sequence number.
			sequence: FileSequence,
			/// The batch's value from now on.
			value: Amount,
			/// Whether the arbiter decided (otherwise both parties agreed).
			by_arbiter: bool,
		},
		/// The rate origin published an exchange rate for a period.
		ExchangeRateSet {
			/// The period.
			period: SettlementPeriod,
			/// Source currency.
			from: CurrencyCode,
			/// Target currency.
			to: CurrencyCode,
			/// The rate.
			rate: ExchangeRate,
		},
		/// A period closed; its net went to clearing.
		PeriodClosed {
			/// The agreement.
			agreement: AgreementId,
			/// The period.
			period: SettlementPeriod,
			/// Who pays the net (none when it is zero).
			payer: Option<T::AccountId>,
			/// Who receives it.
			payee: Option<T::AccountId>,
			/// The net amount.
			net: Amount,
			/// Its clearing obligation.
			obligation: Option<ObligationId>,
			/// Hash of the statement.
			reference: DocumentHash,
		},
		/// The agreement's last period passed and every period with usage closed: party A's
		/// deposit is released.
		AgreementEnded {
			/// The agreement.
			agreement: AgreementId,
		},
		/// A party signed a statement off.
		StatementSignedOff {
			/// The agreement.
			agreement: AgreementId,
			/// The period.
			period: SettlementPeriod,
			/// Who signed.
			by: Side,
			/// Whether both parties have now signed.
			complete: bool,
		},
		/// The home operator posted its own totals of a file and the chain matched them with
		/// the visited side's: an empty `differing` accepts the batch, otherwise a dispute
		/// naming the differing services is opened (unless the batch was already disputed).
		HomeTotalsPosted {
			/// The agreement.
			agreement: AgreementId,
			/// Whose network the usage was on (the visited side's).
			network: Side,
			/// File sequence number.
			sequence: FileSequence,
			/// The visited side's claim.
			claimed: Amount,
			/// The home side's charge.
			charged: Amount,
			/// The chain's re-rating of the visited side's usage (a third figure, no cap).
			rated: Amount,
			/// Services (and the charge) that differ beyond the tolerance.
			differing: BoundedVec<PostedService, ConstU32<MAX_POSTED_SERVICES>>,
			/// What the chain did: accepted, disputed or only recorded.
			outcome: PostingOutcome,
		},
		/// A settled batch's record was removed and its deposit returned.
		BatchPurged {
			/// The agreement.
			agreement: AgreementId,
			/// Whose network the usage was on.
			network: Side,
			/// File sequence number.
			sequence: FileSequence,
		},
		/// An operator registered (or rotated) its encryption key.
		EncryptionKeyRegistered {
			/// The operator.
			operator: T::AccountId,
			/// The X25519 public key.
			key: EncryptionPublicKey,
			/// Its epoch: 1 for the first key, +1 per rotation.
			epoch: KeyEpoch,
		},
		/// Confidential terms were proposed (an agreement or an amendment): only their
		/// commitment is public.
		ConfidentialTermsProposed {
			/// The agreement.
			agreement: AgreementId,
			/// The version the terms become once accepted.
			version: u32,
			/// The commitment to the terms.
			commitment: TermsCommitment,
		},
		/// A party's envelope of the confidential terms was sealed again, to its current key.
		EnvelopeResealed {
			/// The agreement.
			agreement: AgreementId,
			/// Whose envelope was replaced.
			side: Side,
			/// Who replaced it.
			by: Side,
			/// The key epoch it is now sealed to.
			epoch: KeyEpoch,
			/// The commitment (unchanged).
			commitment: TermsCommitment,
		},
		/// A party revealed confidential terms for arbitration; they opened the commitment.
		TermsRevealed {
			/// The agreement.
			agreement: AgreementId,
			/// Who revealed them.
			by: Side,
			/// The commitment they opened.
			commitment: TermsCommitment,
			/// Disputed batches re-rated.
			batches: u32,
		},
		/// A disputed batch of a confidential agreement was re-rated with revealed terms.
		BatchReRated {
			/// The agreement.
			agreement: AgreementId,
			/// Whose network the usage was on.
			network: Side,
			/// File sequence number.
			sequence: FileSequence,
			/// The sender's claim.
			claimed: Amount,
			/// The re-rating with the revealed terms, rounded half up.
			rated: Amount,
			/// The re-rating exactly, in sub-units.
			rated_exact: ExactAmount,
		},
		/// A party proposed a discount agreement for an agreement period.
		DiscountProposed {
			/// The agreement.
			agreement: AgreementId,
			/// The period's first month.
			start: SettlementPeriod,
			/// Its length in months.
			months: u8,
			/// Who proposed it.
			by: Side,
		},
		/// The other party accepted: the discount agreement is in force.
		DiscountAccepted {
			/// The agreement.
			agreement: AgreementId,
			/// The period's first month.
			start: SettlementPeriod,
		},
		/// A discount proposal was withdrawn or declined; its deposit is back.
		DiscountCancelled {
			/// The agreement.
			agreement: AgreementId,
			/// The period's first month.
			start: SettlementPeriod,
			/// Who cancelled it.
			by: Side,
		},
		/// A discount agreement was trued up: its credit note is stored (`CreditNotes`) and its
		/// net went to clearing as one obligation.
		DiscountTrueUp {
			/// The agreement.
			agreement: AgreementId,
			/// The period's first month.
			start: SettlementPeriod,
			/// Months covered by the note.
			months: u8,
			/// Whether it is the period's final note (commitments settled, deposit back).
			is_final: bool,
			/// The net owed to A (negative: owed by A), in the settlement currency.
			net_to_a: i128,
			/// Who pays the net (none when it is zero).
			payer: Option<T::AccountId>,
			/// Who receives it.
			payee: Option<T::AccountId>,
			/// The obligation's currency.
			currency: CurrencyCode,
			/// The obligation's amount (zero when the net is).
			amount: Amount,
			/// Its clearing obligation.
			obligation: Option<ObligationId>,
		},
		/// A party proposed a confidential discount agreement: only its period, schedule and
		/// commitments are public.
		SealedDiscountProposed {
			/// The agreement.
			agreement: AgreementId,
			/// The period's first month.
			start: SettlementPeriod,
			/// Its length in months.
			months: u8,
			/// Interim notes every this many months (0: the final one only).
			true_up_every: u8,
			/// Who proposed it.
			by: Side,
			/// The commitment to the discount terms.
			commitment: TermsCommitment,
			/// The commitment of the agreement's terms in force, whose tariffs are the
			/// discount's IOT.
			iot_commitment: TermsCommitment,
		},
		/// An operator reserved an agreement id for its next confidential proposal.
		AgreementIdReserved {
			/// The operator.
			operator: T::AccountId,
			/// The id only its `propose_sealed` can use.
			agreement: AgreementId,
		},
		/// A party posted its net of a confidential discount agreement's note.
		DiscountNotePosted {
			/// The agreement.
			agreement: AgreementId,
			/// The period's first month.
			start: SettlementPeriod,
			/// Months the note covers.
			months: u8,
			/// Who posted.
			by: Side,
			/// The cumulative net it computed over `months`, owed to A (negative: owed by A).
			net_to_a: i128,
		},
		/// The two parties posted different nets for a note: nothing is booked until one of
		/// them reveals the terms (`reveal_discount_terms`).
		DiscountNotesDiffer {
			/// The agreement.
			agreement: AgreementId,
			/// The period's first month.
			start: SettlementPeriod,
			/// Months the note covers.
			months: u8,
			/// Party A's figure.
			net_to_a_by_a: i128,
			/// Party B's figure.
			net_to_a_by_b: i128,
		},
		/// A party revealed a confidential discount agreement's terms for arbitration; they
		/// opened the commitment and the chain computed the note (`DiscountTrueUp` follows).
		DiscountTermsRevealed {
			/// The agreement.
			agreement: AgreementId,
			/// The period's first month.
			start: SettlementPeriod,
			/// Months the note covers.
			months: u8,
			/// Who revealed them.
			by: Side,
			/// The commitment they opened.
			commitment: TermsCommitment,
		},
		/// The only posting of a note stood unanswered through the agreement's dispute window
		/// and was accepted (`DiscountTrueUp` follows).
		DiscountNoteUncontested {
			/// The agreement.
			agreement: AgreementId,
			/// The period's first month.
			start: SettlementPeriod,
			/// Months the note covers.
			months: u8,
			/// Who posted it.
			by: Side,
			/// The cumulative net it posted, owed to A (negative: owed by A).
			net_to_a: i128,
		},
		/// A party replaced an envelope of a confidential discount agreement with one sealed to
		/// its recipient's current key; the commitment is unchanged.
		DiscountEnvelopeResealed {
			/// The agreement.
			agreement: AgreementId,
			/// The period's first month.
			start: SettlementPeriod,
			/// Whose envelope.
			side: Side,
			/// Who resealed it.
			by: Side,
			/// The key epoch it is sealed to.
			epoch: KeyEpoch,
		},
		/// A party opened a confidential discount agreement's commitments and showed its terms
		/// can never be revealed; the discount ended, its months are free again.
		SealedDiscountVoided {
			/// The agreement.
			agreement: AgreementId,
			/// The period's first month.
			start: SettlementPeriod,
			/// Who voided it.
			by: Side,
			/// The proposer's deposit, paid to the other party.
			forfeited: u128,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller is not a consortium operator.
		NotOperator,
		/// The TADIG code is not three upper-case letters and two letters or digits.
		InvalidTadig,
		/// Another operator (or the caller) already registered this TADIG code.
		TadigTaken,
		/// The caller already has `MaxTadigsPerOperator` codes.
		TooManyTadigs,
		/// The caller did not register this TADIG code.
		NotTadigOwner,
		/// The code still appears in an agreement.
		TadigInUse,
		/// No operator registered the counterparty's TADIG code.
		UnknownTadig,
		/// Both networks belong to the caller.
		SelfAgreement,
		/// `valid_from` is after `valid_to`, a period is malformed, or `valid_to` has passed.
		InvalidValidity,
		/// The agreement covers more than `MaxAgreementPeriods` periods.
		ValidityTooLong,
		/// The currency is not an ISO 4217 code.
		InvalidCurrency,
		/// The dispute window is outside `MinDisputeWindow..=MaxDisputeWindow`.
		InvalidDisputeWindow,
		/// Discount tiers are empty, not strictly ascending, or above 10,000 basis points.
		InvalidDiscount,
		/// The two networks already have an agreement that has not ended.
		AgreementExists,
		/// `valid_from` is not after the last period of the pair's earlier agreement.
		OverlapsEarlierAgreement,
		/// The amendment moves `valid_from` past a period that has usage or a statement.
		StrandsPeriod,
		/// There is no agreement with this id.
		UnknownAgreement,
		/// The caller is not a party to the agreement.
		NotParty,
		/// Only the counterparty (party B) may accept a proposal.
		NotCounterparty,
		/// The agreement is not a pending proposal.
		NotProposed,
		/// The agreement is not in force.
		NotActive,
		/// An amendment may not change the settlement currency nor the invoice terms (currency
		/// and rate date): statements already closed were converted with them.
		CurrencyChange,
		/// The invoice currency is not EUR or USD, or is the settlement currency itself.
		InvalidInvoiceCurrency,
		/// No rate from the settlement currency into the invoice currency is published for the
		/// agreement's rate date: publish it (`set_exchange_rate`), then close again.
		NoInvoiceRate,
		/// There is no pending amendment.
		NoAmendment,
		/// The other party must accept an amendment, not its proposer.
		OwnAmendment,
		/// The amendment's version is not the one pending (it was replaced).
		StaleAmendment,
		/// The chain's clock is before the year 2000 (timestamp not set).
		ClockUnset,
		/// The period is malformed (month not 1–12, or before 2000).
		InvalidPeriod,
		/// The period is outside the agreement's validity.
		OutsideValidity,
		/// The period has not started yet.
		FuturePeriod,
		/// The period is closed (its statement exists) and no later open period of the agreement
		/// can take a late file for it.
		PeriodClosed,
		/// File sequence numbers run from 1 to `MaxFileSequence`, and a new gap may not overlap
		/// an open one.
		InvalidSequence,
		/// This file sequence number was already received (or its earlier file, before the
		/// numbering wrapped, is still stored: purge it first).
		DuplicateSequence,
		/// A file with this hash arrived for the agreement within `DuplicateWindowSecs`.
		DuplicateFile,
		/// The batch's file is still inside its duplicate window; purge it after the window.
		DuplicateWindowOpen,
		/// The file would open more than `MaxSequenceGaps` gaps; send the missing files first.
		TooManyGaps,
		/// No exchange rate from the file's currency to the agreement's for the period.
		NoExchangeRate,
		/// Re-rating or conversion overflowed: usage or prices are implausibly large.
		RatingOverflow,
		/// There is no such batch.
		UnknownBatch,
		/// Only the home operator (the recipient) may accept or dispute a batch.
		NotHomeOperator,
		/// The batch is not waiting for acceptance.
		NotPending,
		/// The dispute window has passed: the batch was accepted by silence (a confidential
		/// claim instead stays withheld until a settlement or the arbiter ends it).
		DisputeWindowClosed,
		/// A disputed amount must be above zero and at most the batch's value (its exact value
		/// rounded up to the minor unit).
		InvalidDisputeAmount,
		/// Reason codes 0 (reconciliation) and 65535 (posting mismatch) are the chain's own:
		/// dispute with a RAP reason code instead.
		ReservedReasonCode,
		/// The batch is not under dispute.
		NotDisputed,
		/// A settlement may not exceed the batch's claim.
		SettlementAboveValue,
		/// The rate is zero, has over 18 decimals, or converts a currency into itself.
		InvalidExchangeRate,
		/// A batch already converted with this rate: it can no longer change.
		RateInUse,
		/// The period has not ended yet.
		PeriodNotOver,
		/// The batch is still under dispute.
		OpenDisputes,
		/// A batch of the period is still inside its dispute window.
		DisputeWindowOpen,
		/// There is no statement for this agreement and period.
		UnknownStatement,
		/// The caller already signed this statement off.
		AlreadySignedOff,
		/// The batch's period is not closed yet.
		PeriodOpen,
		/// The home totals name a file hash other than the visited side's file of that
		/// sequence number: post the totals of the same file.
		PostedFileMismatch,
		/// The home side already posted its totals for this file; a posting cannot be replaced
		/// (dispute the batch or propose a settlement instead).
		AlreadyPosted,
		/// A counter or total overflowed.
		Overflow,
		/// A tolerance is above 10,000 basis points, or the per-service tolerances state a
		/// service twice or are not in ascending service order.
		InvalidTolerance,
		/// The encryption key is all zeros: register a real X25519 public key.
		InvalidEncryptionKey,
		/// The key is the caller's current one already; a rotation needs a new key.
		KeyUnchanged,
		/// A party of the agreement has not registered an encryption key: it must register one
		/// before terms can be sealed to it.
		NoEncryptionKey,
		/// An envelope names a key epoch other than its recipient's current one: seal it again
		/// to the current key.
		StaleKeyEpoch,
		/// An envelope is not one: it is no longer than the envelope overhead, or its version
		/// byte is not one the chain knows.
		MalformedEnvelope,
		/// The proposal was sealed for an id that is neither the caller's reserved id nor the
		/// next agreement id (another proposal came first): reserve an id
		/// (`reserve_agreement_id`), which no one else can take, and seal for it.
		AgreementIdMismatch,
		/// The agreement is confidential: use the sealed calls and state the commitment.
		ConfidentialAgreement,
		/// The agreement is transparent: its terms are public and are not sealed or revealed.
		TransparentAgreement,
		/// The acceptance digest stated is not that of the pending proposal or amendment: the
		/// header, commitment or version on chain differ from what the caller opened and
		/// checked (e.g. the proposer re-proposed the amendment), or the caller stated the bare
		/// terms commitment instead of `sealed_acceptance_digest`.
		WrongCommitment,
		/// The other party's envelope is sealed to its current key: only its recipient may
		/// replace it.
		EnvelopeCurrent,
		/// A reveal names no batch to re-rate.
		NothingToReveal,
		/// The revealed terms and salt do not hash to the commitment pinned for the batch's
		/// period: the salt is wrong or the terms were altered (or are another version's).
		RevealMismatch,
		/// The revealed terms open the commitment but contradict the public header (currency
		/// or tolerances): the chain does not re-rate with them.
		RevealContradictsHeader,
		/// The discount terms do not validate: a malformed start or length, a schedule longer
		/// than the period, or inconsistent groups, tiers or commitments in a direction.
		InvalidDiscountTerms,
		/// A direction's IOT in the discount terms is not the agreement's tariff in force.
		DiscountIotMismatch,
		/// A month of the discount period is already covered by another discount agreement of
		/// this agreement.
		DiscountOverlap,
		/// A month of the discount period already has usage or a statement: a discount agreement
		/// is agreed before its first month's first batch.
		DiscountMonthUsed,
		/// There is no discount agreement of this agreement starting in that month.
		UnknownDiscount,
		/// The discount agreement is not a pending proposal.
		DiscountNotProposed,
		/// The other party must accept a discount proposal, not its proposer.
		OwnDiscountProposal,
		/// The discount agreement is not in force: still proposed, voided, or (for a void or a
		/// reseal) already settled.
		DiscountNotActive,
		/// A note for this many months (or more) is already booked: each true-up is booked once.
		AlreadyTruedUp,
		/// The number of months is not the period's length nor a multiple of its `trueUpEvery`.
		TrueUpNotScheduled,
		/// A month of the true-up is not closed yet: close it first.
		DiscountMonthOpen,
		/// A month of the true-up still withholds disputed amounts: resolve them first.
		DiscountDisputesOpen,
		/// The encryption key encodes an X25519 point of small order (0, 1, p − 1 or a point of
		/// order 8, canonically or not): every key agreement with it gives a secret anyone can
		/// compute. Register the public key of a freshly generated secret.
		SmallOrderEncryptionKey,
		/// The discount agreement is transparent: the chain trues it up itself
		/// (`true_up_discount`); postings and reveals are for confidential ones.
		TransparentDiscount,
		/// A discount envelope is not padded (version 2): an unpadded envelope's length tells
		/// how many tiers and commitments the terms have. Seal with `seal_discount`.
		UnpaddedDiscountEnvelope,
		/// The digest stated is not that of the pending confidential discount proposal
		/// (`sealed_discount_acceptance_digest` of the agreement, header, commitment, IOT
		/// commitment and envelopes): what is on chain differs from what the caller opened and
		/// checked.
		WrongDiscountDigest,
		/// Both parties have posted different nets for this note: a posting can be corrected
		/// only until the other party posts; reveal the terms (`reveal_discount_terms`) to
		/// have the chain compute the note.
		NoteAlreadyPosted,
		/// The revealed discount terms and salt do not hash to the discount commitment: the
		/// salt is wrong or the terms were altered.
		DiscountRevealMismatch,
		/// The revealed discount terms open the commitment but state another first month,
		/// length or schedule than the public header.
		DiscountRevealContradictsHeader,
		/// The revealed IOT terms and salt do not hash to the commitment of the agreement's
		/// terms the discount was proposed under.
		IotRevealMismatch,
		/// Nobody has posted a net for this note yet: post one (`post_discount_note`).
		NoNotePosted,
		/// Both parties posted different nets for this note: only a reveal
		/// (`reveal_discount_terms`) books it.
		NoteContested,
		/// The other party's time to answer the posting (the agreement's dispute window, at
		/// least `MinNoteWindow`, from the latest posting) has not passed.
		PostingWindowOpen,
		/// The opened discount terms are valid, match the public header, are priced against
		/// the agreement's IOT and (once its months are closed) the final note computes: they
		/// can be revealed (`reveal_discount_terms`), not voided.
		DiscountTermsConsistent,
		/// A note of this discount only one party posted can be booked by silence: book it
		/// (`book_uncontested_discount_note`) before voiding the discount.
		NoteBookable,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MinDisputeWindow::get() <= T::MaxDisputeWindow::get()); // panic-ok
			assert!(T::MaxAgreementPeriods::get() >= 1); // panic-ok
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_now: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()?;
			Self::discount_try_state()?;
			Self::sealed_discount_items_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers a network's TADIG code in the caller's roaming profile.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_tadig())]
		pub fn register_tadig(origin: OriginFor<T>, tadig: TadigCode) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(T::Operators::is_operator(&who), Error::<T>::NotOperator);
			ensure!(tadig.is_valid(), Error::<T>::InvalidTadig);
			Self::do_register_tadig(&who, tadig)
		}

		/// Withdraws one of the caller's TADIG codes that no agreement names.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::deregister_tadig())]
		pub fn deregister_tadig(origin: OriginFor<T>, tadig: TadigCode) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_deregister_tadig(who, tadig)
		}

		/// Proposes an agreement between the caller's network `own` and `counterparty`'s,
		/// holding `AgreementDeposit`; it is in force once the counterparty accepts.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::propose_agreement())]
		pub fn propose_agreement(
			origin: OriginFor<T>,
			own: TadigCode,
			counterparty: TadigCode,
			terms: AgreementTerms,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(T::Operators::is_operator(&who), Error::<T>::NotOperator);
			Self::do_propose_agreement(who, own, counterparty, terms)
		}

		/// The counterparty accepts a proposed agreement: it comes into force at version 1.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::accept_agreement())]
		pub fn accept_agreement(origin: OriginFor<T>, agreement: AgreementId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept_agreement(who, agreement)
		}

		/// Either party withdraws or declines a proposal that is not yet accepted; the
		/// proposer's deposit is returned.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::cancel_proposal())]
		pub fn cancel_proposal(origin: OriginFor<T>, agreement: AgreementId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel_proposal(who, agreement)
		}

		/// A party proposes amended terms (replacing any amendment pending); once the other
		/// party accepts, they apply from the next period: the current and earlier periods
		/// keep the terms pinned for them.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::propose_amendment())]
		pub fn propose_amendment(
			origin: OriginFor<T>,
			agreement: AgreementId,
			terms: AgreementTerms,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_propose_amendment(who, agreement, terms)
		}

		/// The other party accepts the pending amendment, naming the version it becomes.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::accept_amendment())]
		pub fn accept_amendment(
			origin: OriginFor<T>,
			agreement: AgreementId,
			version: u32,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept_amendment(who, agreement, version)
		}

		/// A party terminates with the agreement's notice: it then covers periods up to the
		/// current one plus `notice_periods` (or its end, if sooner).
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::terminate_agreement())]
		pub fn terminate_agreement(origin: OriginFor<T>, agreement: AgreementId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_terminate_agreement(who, agreement)
		}

		/// The visited operator submits the totals of one TAP file or BCE report for usage on
		/// its network; the chain re-rates it, checks its sequence number (wrapping after
		/// `MaxFileSequence`) and its hash (refused within `DuplicateWindowSecs`), and holds
		/// `BatchDeposit` until the batch is purged. A late file whose period is closed is
		/// booked into the next open period; a test file is checked and rated only.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::submit_batch())]
		pub fn submit_batch(
			origin: OriginFor<T>,
			agreement: AgreementId,
			report: UsageReport,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_submit_batch(who, agreement, report)
		}

		/// The home operator accepts a batch before its window ends.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::accept_batch())]
		pub fn accept_batch(
			origin: OriginFor<T>,
			agreement: AgreementId,
			network: Side,
			sequence: FileSequence,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept_batch(who, agreement, network, sequence)
		}

		/// The home operator disputes `amount` of a batch (all of its value, or part) within
		/// the window, with a RAP-style reason code and the evidence's hash.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::dispute_batch())]
		pub fn dispute_batch(
			origin: OriginFor<T>,
			agreement: AgreementId,
			network: Side,
			sequence: FileSequence,
			amount: Amount,
			reason: ReasonCode,
			evidence: DocumentHash,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_dispute_batch(who, agreement, network, sequence, amount, reason, evidence)
		}

		/// A party proposes the value a disputed batch should settle at; when the other party
		/// proposes the same value the dispute is resolved. After the dispute's resolution
		/// deadline (one dispute window after it opened) the first non-matching call also
		/// escalates it to the arbiter; proposals are still recorded and matching ones still
		/// resolve it.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::propose_settlement())]
		pub fn propose_settlement(
			origin: OriginFor<T>,
			agreement: AgreementId,
			network: Side,
			sequence: FileSequence,
			amount: Amount,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_propose_settlement(who, agreement, network, sequence, amount)
		}

		/// The arbiter decides the value a disputed batch settles at (anything up to its claim).
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::arbitrate())]
		pub fn arbitrate(
			origin: OriginFor<T>,
			agreement: AgreementId,
			network: Side,
			sequence: FileSequence,
			amount: Amount,
		) -> DispatchResult {
			T::ArbiterOrigin::ensure_origin(origin)?;
			Self::do_arbitrate(agreement, network, sequence, amount)
		}

		/// The rate origin publishes the rate converting `from` into `to` for `period`; it may
		/// correct it until a batch converts with it.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::set_exchange_rate())]
		pub fn set_exchange_rate(
			origin: OriginFor<T>,
			period: SettlementPeriod,
			from: CurrencyCode,
			to: CurrencyCode,
			rate: ExchangeRate,
		) -> DispatchResult {
			T::RateOrigin::ensure_origin(origin)?;
			Self::do_set_exchange_rate(period, from, to, rate)
		}

		/// A party closes an ended period: both directions' accepted totals, less discounts,
		/// are netted into one clearing obligation and a statement. Amounts under open dispute
		/// are withheld; each is trued up in clearing when its dispute is resolved. Once the agreement's last
		/// period has passed and no period with usage is open, party A's deposit is released.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::close_period())]
		pub fn close_period(
			origin: OriginFor<T>,
			agreement: AgreementId,
			period: SettlementPeriod,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_close_period(who, agreement, period)
		}

		/// A party signs a closed period's statement off.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::sign_off_statement())]
		pub fn sign_off_statement(
			origin: OriginFor<T>,
			agreement: AgreementId,
			period: SettlementPeriod,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_sign_off_statement(who, agreement, period)
		}

		/// Anyone removes a batch of a closed period once its file's duplicate window has passed;
		/// the sender's deposit is returned.
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::purge_batch())]
		pub fn purge_batch(
			origin: OriginFor<T>,
			agreement: AgreementId,
			network: Side,
			sequence: FileSequence,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_purge_batch(agreement, network, sequence)
		}

		/// The home operator posts its own totals of one of the visited operator's files (same
		/// sequence number and file hash), within the batch's dispute window. The chain matches
		/// them per service and on the charge within the visited network's tolerance: a match
		/// accepts the batch; a difference opens a dispute naming the differing services
		/// (reason `POSTING_MISMATCH_REASON`), recorded beside the batch with the chain's
		/// re-rating as a third figure. The visited side's file must already be on chain.
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::post_home_totals())]
		pub fn post_home_totals(
			origin: OriginFor<T>,
			agreement: AgreementId,
			totals: HomeTotals,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_post_home_totals(who, agreement, totals)
		}

		/// An operator registers its X25519 encryption key, or rotates it (the epoch goes up by
		/// one; envelopes sealed to the old key are then stale and are sealed again with
		/// `reseal`).
		#[pallet::call_index(18)]
		#[pallet::weight(T::WeightInfo::register_encryption_key())]
		pub fn register_encryption_key(
			origin: OriginFor<T>,
			key: EncryptionPublicKey,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(T::Operators::is_operator(&who), Error::<T>::NotOperator);
			Self::do_register_encryption_key(who, key)
		}

		/// Proposes a confidential agreement: the public header, the commitment to the full
		/// terms and their envelope for each party, sealed to the parties' current keys for the
		/// agreement id `expected_id`: the caller's reserved id (`reserve_agreement_id`, which
		/// no one can take first) or the next id (refused if another proposal took it). Holds
		/// `AgreementDeposit` like a transparent proposal.
		#[pallet::call_index(19)]
		#[pallet::weight(T::WeightInfo::propose_sealed())]
		pub fn propose_sealed(
			origin: OriginFor<T>,
			own: TadigCode,
			counterparty: TadigCode,
			header: AgreementHeader,
			sealed: SealedTerms,
			expected_id: AgreementId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(T::Operators::is_operator(&who), Error::<T>::NotOperator);
			Self::do_propose_sealed(who, own, counterparty, header, sealed, expected_id)
		}

		/// The other party accepts confidential terms: a proposal (party B; in force at version
		/// 1) or the pending amendment (in force from the next period).
		///
		/// `commitment` is the **acceptance digest** of the whole pending item the party opened
		/// and checked, `telecom_primitives::commitment::sealed_acceptance_digest(agreement,
		/// version, SCALE(header), terms commitment)`, not the bare terms commitment: an item
		/// re-proposed with another header under the same commitment is refused
		/// (`WrongCommitment`). (The parameter keeps its name so the call's signature does not
		/// change.)
		#[pallet::call_index(20)]
		#[pallet::weight(T::WeightInfo::accept_sealed())]
		pub fn accept_sealed(
			origin: OriginFor<T>,
			agreement: AgreementId,
			commitment: TermsCommitment,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept_sealed(who, agreement, commitment)
		}

		/// A party proposes amended confidential terms: a new header, commitment and envelopes
		/// (replacing any amendment pending).
		#[pallet::call_index(21)]
		#[pallet::weight(T::WeightInfo::propose_sealed_amendment())]
		pub fn propose_sealed_amendment(
			origin: OriginFor<T>,
			agreement: AgreementId,
			header: AgreementHeader,
			sealed: SealedTerms,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_propose_sealed_amendment(who, agreement, header, sealed)
		}

		/// Replaces the envelope of the party on `side` with one sealed to its current key; the
		/// commitment stays. A party reseals its own envelope at any time, the other party's
		/// only while that one names a key epoch no longer current.
		#[pallet::call_index(22)]
		#[pallet::weight(T::WeightInfo::reseal())]
		pub fn reseal(
			origin: OriginFor<T>,
			agreement: AgreementId,
			side: Side,
			envelope: SealedEnvelope,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_reseal(who, agreement, side, envelope)
		}

		/// A party taking disputes to arbitration reveals the confidential terms and salt: the
		/// chain checks them against the commitment pinned for each named disputed batch's
		/// period and against the public header, then re-rates those batches with the revealed
		/// tariff. The terms become public with the extrinsic.
		#[pallet::call_index(23)]
		#[pallet::weight(T::WeightInfo::reveal_terms(batches.len() as u32))]
		pub fn reveal_terms(
			origin: OriginFor<T>,
			agreement: AgreementId,
			terms: AgreementTerms,
			salt: TermsSalt,
			batches: RevealBatches,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_reveal_terms(who, agreement, terms, salt, batches)
		}

		/// A party of an active, transparent agreement proposes a discount agreement for the
		/// period `terms` states (GSMA BCE / TD.201 practice), holding `DiscountDeposit`. The
		/// period lies within the agreement's validity, has no usage yet and overlaps no other
		/// discount agreement; each direction's IOT is the agreement's tariff in force.
		#[pallet::call_index(24)]
		#[pallet::weight(T::WeightInfo::propose_discount())]
		pub fn propose_discount(
			origin: OriginFor<T>,
			agreement: AgreementId,
			terms: discount::DiscountAgreement,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_propose_discount(who, agreement, terms)
		}

		/// The other party accepts a discount proposal: it is in force for its period.
		#[pallet::call_index(25)]
		#[pallet::weight(T::WeightInfo::accept_discount())]
		pub fn accept_discount(
			origin: OriginFor<T>,
			agreement: AgreementId,
			start: SettlementPeriod,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept_discount(who, agreement, start)
		}

		/// Either party withdraws or declines a discount proposal; the deposit returns.
		#[pallet::call_index(26)]
		#[pallet::weight(T::WeightInfo::cancel_discount())]
		pub fn cancel_discount(
			origin: OriginFor<T>,
			agreement: AgreementId,
			start: SettlementPeriod,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel_discount(who, agreement, start)
		}

		/// A party trues the discount agreement up over its first `months` months (all of them:
		/// the final note; a multiple of `trueUpEvery`: an interim note), each closed and free
		/// of withheld disputes. The credit note is stored and its net goes to clearing once.
		#[pallet::call_index(27)]
		#[pallet::weight(T::WeightInfo::true_up_discount())]
		pub fn true_up_discount(
			origin: OriginFor<T>,
			agreement: AgreementId,
			start: SettlementPeriod,
			months: u8,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_true_up_discount(who, agreement, start, months)
		}

		/// An operator reserves the next agreement id for its next confidential proposal, so
		/// that no proposal of another operator can take the id its envelopes are sealed for
		/// (`propose_sealed` with `expected_id` = the reserved id). While it holds an unused
		/// reservation, that one is announced again (no id is burnt).
		#[pallet::call_index(32)]
		#[pallet::weight(T::WeightInfo::reserve_agreement_id())]
		pub fn reserve_agreement_id(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(T::Operators::is_operator(&who), Error::<T>::NotOperator);
			Self::do_reserve_agreement_id(who)
		}

		/// A party of an active, **confidential** agreement proposes a confidential discount
		/// agreement: the public `header` (first month, months, true-up schedule), the
		/// commitment to the `DiscountAgreement` (`terms_commitment(SCALE(terms), salt)`) and
		/// one padded envelope per party, sealed to its current key for this agreement and
		/// first month. The period rules and the deposit are those of `propose_discount`; the
		/// commitment of the agreement's terms in force is recorded as the discount's IOT.
		#[pallet::call_index(28)]
		#[pallet::weight(T::WeightInfo::propose_sealed_discount())]
		pub fn propose_sealed_discount(
			origin: OriginFor<T>,
			agreement: AgreementId,
			header: discount::DiscountHeader,
			sealed: SealedTerms,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_propose_sealed_discount(who, agreement, header, sealed)
		}

		/// The other party accepts a confidential discount proposal, stating the digest of
		/// what it opened and checked (`sealed_discount_acceptance_digest(agreement,
		/// SCALE(header), commitment, iot_commitment)`; `Pallet::pending_discount_digest`).
		#[pallet::call_index(29)]
		#[pallet::weight(T::WeightInfo::accept_sealed_discount())]
		pub fn accept_sealed_discount(
			origin: OriginFor<T>,
			agreement: AgreementId,
			start: SettlementPeriod,
			digest: TermsCommitment,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept_sealed_discount(who, agreement, start, digest)
		}

		/// A party posts the cumulative net (owed to A; negative: owed by A) of the confidential
		/// discount agreement over its first `months` months, computed off-chain with the shared
		/// rating crate (`true_up(terms, figures, None).net_to_a`). The months rules are those of
		/// `true_up_discount`. When both parties posted the same figure, the chain books it, less
		/// the nets of the notes booked before, as one note and one clearing obligation;
		/// different figures wait for a reveal.
		#[pallet::call_index(30)]
		#[pallet::weight(T::WeightInfo::post_discount_note())]
		pub fn post_discount_note(
			origin: OriginFor<T>,
			agreement: AgreementId,
			start: SettlementPeriod,
			months: u8,
			net_to_a: i128,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_post_discount_note(who, agreement, start, months, net_to_a)
		}

		/// Either party, once the note's months are closed, reveals the discount terms and the
		/// agreement's IOT terms with their salts (they become public with the extrinsic). The
		/// chain checks both commitments and the header, computes the note with the shared
		/// rating crate and books it whatever was posted: a party that never posts cannot hold
		/// the note back.
		#[pallet::call_index(31)]
		#[pallet::weight(T::WeightInfo::reveal_discount_terms())]
		#[allow(clippy::too_many_arguments)]
		pub fn reveal_discount_terms(
			origin: OriginFor<T>,
			agreement: AgreementId,
			start: SettlementPeriod,
			months: u8,
			discount_terms: Box<discount::DiscountAgreement>,
			discount_salt: TermsSalt,
			iot_terms: Box<AgreementTerms>,
			iot_salt: TermsSalt,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_reveal_discount_terms(
				who,
				agreement,
				start,
				months,
				*discount_terms,
				discount_salt,
				*iot_terms,
				iot_salt,
			)
		}

		/// Either party books the net of a confidential discount agreement's note that only
		/// one party posted, once the agreement's dispute window has passed since that posting:
		/// the other party's silence accepts it, as it accepts a batch.
		#[pallet::call_index(33)]
		#[pallet::weight(T::WeightInfo::book_uncontested_discount_note())]
		pub fn book_uncontested_discount_note(
			origin: OriginFor<T>,
			agreement: AgreementId,
			start: SettlementPeriod,
			months: u8,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_book_uncontested_discount_note(who, agreement, start, months)
		}

		/// Replaces the discount envelope of the party on `side` with one sealed (padded) to its
		/// current key, e.g. after a key rotation; the commitment stays. A party reseals its
		/// own envelope at any time, the other party's only while that one names a key epoch
		/// no longer current. For discount agreements proposed or in force.
		#[pallet::call_index(35)]
		#[pallet::weight(T::WeightInfo::reseal_discount_envelope())]
		pub fn reseal_discount_envelope(
			origin: OriginFor<T>,
			agreement: AgreementId,
			start: SettlementPeriod,
			side: Side,
			envelope: SealedEnvelope,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_reseal_discount_envelope(who, agreement, start, side, envelope)
		}

		/// Either party ends a confidential discount agreement in force whose committed terms
		/// can never be revealed, by opening its commitment and the agreement's IOT commitment:
		/// the chain voids it only if the terms are invalid, contradict the public header or
		/// are not priced against the agreement's IOT. The proposer sealed them, so its deposit
		/// goes to the other party; the months are free again.
		#[pallet::call_index(34)]
		#[pallet::weight(T::WeightInfo::void_sealed_discount())]
		pub fn void_sealed_discount(
			origin: OriginFor<T>,
			agreement: AgreementId,
			start: SettlementPeriod,
			discount_terms: Box<discount::DiscountAgreement>,
			discount_salt: TermsSalt,
			iot_terms: Box<AgreementTerms>,
			iot_salt: TermsSalt,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_void_sealed_discount(
				who,
				agreement,
				start,
				*discount_terms,
				discount_salt,
				*iot_terms,
				iot_salt,
			)
		}
	}
}
