//! # Clearing pallet
//!
//! Multilateral clearing of the bills that operators and their partners exchange.
//!
//! Obligations reach a settlement cycle three ways: from the other business pallets through
//! [`telecom_primitives::ObligationSink`], as direct bills (the payee submits, the payer accepts
//! or a standing [`Mandate`](types::Mandate) accepts for it), and as bulk batches of thousands of
//! records aggregated per (payer, payee, currency) in one pass. Each cycle goes
//! `Open → CutOff → Netted → Instructed → Acknowledging → Settled → Closed`: at cut-off (on
//! schedule or forced by the consortium) the pallet nets every participant's position per
//! currency, proves that the positions of a currency sum to zero, and issues the fewest payments
//! that settle them (at most participants − 1 per currency). Payments settle on-chain in a
//! tokenised settlement asset, each payer its own instructions all or nothing, or off-chain with
//! the payer's bank reference and the payee's acknowledgement (or non-receipt dispute, decided by
//! the arbiter). An instruction unpaid at the deadline is a default: the defaulter's collateral
//! pays it first, the defaulter is suspended until the consortium reinstates it, and the rest is
//! carried into the next cycle; a confirmed payment never defaults. Bills, batches and mandates
//! keep every payer within an exposure cap derived from its collateral and the consortium's
//! credit limit. A cycle stuck before its instructions can
//! be aborted by the consortium, its positions moving unchanged into the open cycle.
//!
//! Only currencies the consortium registered are accepted; a re-sent batch, a second bill with
//! the same reference and a record number booked before are refused.
//!
//! Disputed bills are withheld from netting until the dispute is resolved by the payee
//! (withdrawal) or the arbiter origin.
//!
//! Each batch keeps the Merkle root of its records, so one record can be proven part of it
//! (`clearing_recordProof`, `telecom_primitives::evidence`). A closed cycle's positions,
//! instructions and totals are pruned after `CycleRetention` by `prune_cycle`, one currency per
//! call, into an archived hash its statements are proven from.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod cycle;
mod exposure;
mod impls;
pub mod migrations;
#[cfg(test)]
mod mock;
pub mod netting;
mod retention;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use pallet::*;
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
		traits::{
			fungible::{self, MutateHold},
			fungibles,
			tokens::Precision,
		},
	};
	use frame_system::pallet_prelude::*;
	use telecom_primitives::{
		Amount, CurrencyCode, DocumentHash, ObligationId, ObligationSource, OperatorMembership,
	};

	/// Balance of the deposit currency.
	pub type BalanceOf<T> = <<T as Config>::Currency as fungible::Inspect<
		<T as frame_system::Config>::AccountId,
	>>::Balance;

	/// A direct bill as stored.
	pub type BillOf<T> =
		Bill<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

	/// A batch audit record as stored.
	pub type BatchInfoOf<T> =
		BatchInfo<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

	/// Records of one bulk batch.
	pub type BatchRecords<T> = BoundedVec<BillRecord, <T as Config>::MaxBatchRecords>;

	/// A submitter's booked record references: sorted, disjoint, non-adjacent inclusive
	/// `(first, last)` intervals.
	pub type BookedIntervals<T> = BoundedVec<(u64, u64), <T as Config>::MaxBookedIntervals>;

	/// Version of the pallet's storage layout: a release that changes the layout bumps it and
	/// ships the migration from the previous version.
	#[cfg(not(feature = "upgrade-rehearsal"))]
	pub(crate) const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);
	/// Version of the pallet's storage layout: version 2 keys `BillReferences` by a hash of the
	/// caller-chosen reference (`migrations::v2`). Built only with `upgrade-rehearsal`, the
	/// next runtime the upgrade rehearsal installs on a running network.
	#[cfg(feature = "upgrade-rehearsal")]
	pub(crate) const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	/// How `BillReferences` hashes a bill reference. Version 1 stores the payee's reference
	/// as is (`Identity`), which lets a payee choose the trie path of its entries.
	#[cfg(not(feature = "upgrade-rehearsal"))]
	pub type BillReferenceHasher = Identity;
	/// How `BillReferences` hashes a bill reference. Version 2 prefixes it with its
	/// `blake2_128` hash, so caller-chosen references spread evenly over the trie.
	#[cfg(feature = "upgrade-rehearsal")]
	pub type BillReferenceHasher = Blake2_128Concat;

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the clearing pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Native currency, from which deposits are held.
		type Currency: fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ fungible::Mutate<Self::AccountId>;

		/// The runtime's hold reasons.
		type RuntimeHoldReason: From<HoldReason>;

		/// Identifier of a tokenised settlement asset.
		type AssetId: Parameter
			+ MaxEncodedLen
			+ Copy
			+ sp_runtime::traits::MaybeSerializeDeserialize;

		/// Tokenised settlement assets, moved by on-chain settlement.
		type Assets: fungibles::Mutate<Self::AccountId, AssetId = Self::AssetId, Balance = Amount>;

		/// Consortium operators, who are participants by right.
		type Operators: OperatorMembership<Self::AccountId>;

		/// Admits partners and maps currencies to settlement assets (the consortium).
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Resolves disputed bills.
		type ArbiterOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Blocks a cycle stays open before its scheduled cut-off.
		#[pallet::constant]
		type CycleLength: Get<BlockNumberFor<Self>>;

		/// Blocks between the issue of instructions and the payment deadline.
		#[pallet::constant]
		type SettlementWindow: Get<BlockNumberFor<Self>>;

		/// Blocks after the payment deadline during which a payee acknowledges or disputes
		/// (non-receipt) an off-chain payment its payer confirmed; silence then counts as receipt.
		#[pallet::constant]
		type AcknowledgementWindow: Get<BlockNumberFor<Self>>;

		/// Blocks a batch's content hash and a bill's (payee, reference) are remembered so that a
		/// re-sent duplicate is refused (at least 90 days).
		#[pallet::constant]
		type DuplicateRetention: Get<BlockNumberFor<Self>>;

		/// Blocks after submission during which the payer may dispute a bill.
		#[pallet::constant]
		type DisputeWindow: Get<BlockNumberFor<Self>>;

		/// Blocks after a closed cycle's scheduled cut-off during which its positions,
		/// instructions and totals are kept; then anyone may prune them (`prune_cycle`), keeping
		/// the cycle's archived hash (`CycleArchives`).
		#[pallet::constant]
		type CycleRetention: Get<BlockNumberFor<Self>>;

		/// Most participants the clearing house admits.
		#[pallet::constant]
		type MaxParticipants: Get<u32>;

		/// Most currencies one cycle may carry.
		#[pallet::constant]
		type MaxCurrencies: Get<u32>;

		/// Most records in one bulk batch.
		#[pallet::constant]
		type MaxBatchRecords: Get<u32>;

		/// Most distinct (payer, payee, currency) pairs in one bulk batch.
		#[pallet::constant]
		type MaxBatchPairs: Get<u32>;

		/// Most disjoint intervals of booked record references kept per submitter. A batch
		/// that would leave more is refused; a batch spanning a gap closes it.
		#[pallet::constant]
		type MaxBookedIntervals: Get<u32>;

		/// Deposit held from the payee while a direct bill is stored.
		#[pallet::constant]
		type BillDeposit: Get<BalanceOf<Self>>;

		/// Deposit held from the submitter while a batch's audit record is stored.
		#[pallet::constant]
		type BatchDeposit: Get<BalanceOf<Self>>;

		/// Deposit held from the payer while a mandate exists.
		#[pallet::constant]
		type MandateDeposit: Get<BalanceOf<Self>>;

		/// Identifies the clearing account that holds participants' collateral in settlement
		/// assets.
		#[pallet::constant]
		type PalletId: Get<frame_support::PalletId>;

		/// Exposure each unit of collateral allows: a participant's cap in a currency is its
		/// collateral times this plus the consortium's credit limit (see the crate README).
		#[pallet::constant]
		type CollateralMultiplier: Get<u32>;

		/// Most weight the cycle pipeline (netting, instructions, defaults, deemed
		/// acknowledgements, aborts) takes in one block; a larger cycle continues in the next
		/// blocks. At least one currency or instruction is processed per block whatever this is.
		#[pallet::constant]
		type MaxPipelineWeight: Get<Weight>;

		/// Weights of this pallet's calls and hooks.
		type WeightInfo: WeightInfo;

		/// Creates settlement assets and funds accounts for benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId, Self::AssetId>;
	}

	/// Sets up what benchmarks need outside this pallet.
	#[cfg(feature = "runtime-benchmarks")]
	pub trait BenchmarkHelper<AccountId, AssetId> {
		/// Creates a settlement asset and returns its id.
		fn create_asset(owner: &AccountId) -> AssetId;
		/// Gives `who` `amount` of `asset`.
		fn mint(asset: AssetId, who: &AccountId, amount: Amount);
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A stored direct bill.
		BillDeposit,
		/// A stored bulk-batch audit record.
		BatchDeposit,
		/// A standing mandate.
		MandateDeposit,
	}

	/// Registered participants.
	#[pallet::storage]
	pub type Participants<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, Participant, OptionQuery>;

	/// Account of each participant index.
	#[pallet::storage]
	pub type ParticipantAccounts<T: Config> =
		StorageMap<_, Twox64Concat, ParticipantIndex, T::AccountId, OptionQuery>;

	/// Number of participants; also the index the next one gets.
	#[pallet::storage]
	pub type ParticipantCount<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// Currencies the consortium registered for clearing, with their minor-unit exponent; only
	/// these are accepted anywhere in clearing. At most `MaxCurrencies`, so that every cycle has
	/// room for all of them.
	#[pallet::storage]
	pub type Currencies<T: Config> =
		StorageMap<_, Blake2_128Concat, CurrencyCode, CurrencyInfo, OptionQuery>;

	/// Number of registered currencies.
	#[pallet::storage]
	pub type CurrencyCount<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// Settlement asset of each currency that can settle on-chain.
	#[pallet::storage]
	pub type SettlementAssets<T: Config> =
		StorageMap<_, Blake2_128Concat, CurrencyCode, T::AssetId, OptionQuery>;

	/// Participants' settlement method per currency; off-chain unless set.
	#[pallet::storage]
	pub type SettlementMethods<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		CurrencyCode,
		SettlementMethod,
		OptionQuery,
	>;

	/// Standing mandates: (payer, payee, currency) → mandate.
	#[pallet::storage]
	pub type Mandates<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Blake2_128Concat, CurrencyCode>,
		),
		Mandate<BalanceOf<T>>,
		OptionQuery,
	>;

	/// Direct bills that are pending, disputed, or mandate-accepted and not yet released into
	/// netting.
	#[pallet::storage]
	pub type Bills<T: Config> = StorageMap<_, Twox64Concat, BillId, BillOf<T>, OptionQuery>;

	/// Id of the next direct bill.
	#[pallet::storage]
	pub type NextBillId<T: Config> = StorageValue<_, BillId, ValueQuery>;

	/// Audit records of bulk batches.
	#[pallet::storage]
	pub type Batches<T: Config> = StorageMap<_, Twox64Concat, BatchId, BatchInfoOf<T>, OptionQuery>;

	/// Content hash of each stored batch → its id; a batch with a known hash is refused. Kept as
	/// long as the batch's audit record (at least `DuplicateRetention`).
	#[pallet::storage]
	pub type BatchHashes<T: Config> = StorageMap<_, Identity, DocumentHash, BatchId, OptionQuery>;

	/// Merkle root of each stored batch's records (leaf: Blake2-256 of a SCALE-encoded
	/// `BillRecord`; see `telecom_primitives::evidence`), kept as long as the batch's audit
	/// record, so that one record can be proven part of the batch. Every batch submitted since
	/// this map exists has its root; batches stored before it have none.
	#[pallet::storage]
	pub type BatchRecordRoots<T: Config> =
		StorageMap<_, Twox64Concat, BatchId, DocumentHash, OptionQuery>;

	/// Record references each submitter has booked in batches, as sorted, disjoint,
	/// non-adjacent inclusive intervals (at most `MaxBookedIntervals`). A batch books every
	/// number from its first to its last record; no record may fall in a booked interval, so a
	/// number is never booked twice, but a gap left by a failed batch can be filled later.
	#[pallet::storage]
	pub type BookedReferences<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BookedIntervals<T>, ValueQuery>;

	/// (payee, bill reference) → last block the reference is remembered; a second bill with the
	/// same reference is refused until then. Anyone may remove an expired entry.
	#[pallet::storage]
	pub type BillReferences<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BillReferenceHasher,
		DocumentHash,
		BlockNumberFor<T>,
		OptionQuery,
	>;

	/// Id of the next bulk batch.
	#[pallet::storage]
	pub type NextBatchId<T: Config> = StorageValue<_, BatchId, ValueQuery>;

	/// Id of the next obligation received from another pallet.
	#[pallet::storage]
	pub type NextObligationId<T: Config> = StorageValue<_, ObligationId, ValueQuery>;

	/// The cycle that currently accepts obligations.
	#[pallet::storage]
	pub type OpenCycle<T: Config> = StorageValue<_, CycleId, ValueQuery>;

	/// The cut-off cycle being netted, instructed or settled; at most one at a time.
	#[pallet::storage]
	pub type SettlingCycle<T: Config> = StorageValue<_, CycleId, OptionQuery>;

	/// Every cycle.
	#[pallet::storage]
	pub type Cycles<T: Config> =
		StorageMap<_, Twox64Concat, CycleId, Cycle<BlockNumberFor<T>>, OptionQuery>;

	/// Currencies with obligations in a cycle.
	#[pallet::storage]
	pub type CycleCurrencies<T: Config> = StorageMap<
		_,
		Twox64Concat,
		CycleId,
		BoundedVec<CurrencyCode, T::MaxCurrencies>,
		ValueQuery,
	>;

	/// Totals per cycle and currency.
	#[pallet::storage]
	pub type Totals<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		CycleId,
		Blake2_128Concat,
		CurrencyCode,
		CurrencyTotals,
		ValueQuery,
	>;

	/// Gross positions per cycle, currency and participant.
	#[pallet::storage]
	pub type Positions<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, CycleId>,
			NMapKey<Blake2_128Concat, CurrencyCode>,
			NMapKey<Blake2_128Concat, T::AccountId>,
		),
		Position,
		OptionQuery,
	>;

	/// Settlement instructions per cycle.
	#[pallet::storage]
	pub type Instructions<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		CycleId,
		Twox64Concat,
		InstructionIndex,
		Instruction<T::AccountId>,
		OptionQuery,
	>;

	/// Defaulted instructions, as (cycle, index), whose amount could not be added to the open
	/// cycle yet (an amount would overflow); the hook retries up to 16 a block, in turn. Bounded by the
	/// instructions of the cycles.
	#[pallet::storage]
	pub type UncarriedDefaults<T: Config> =
		StorageMap<_, Twox64Concat, (CycleId, InstructionIndex), (), OptionQuery>;

	/// Collateral each participant holds per currency, in the currency's settlement asset, on
	/// the clearing account.
	#[pallet::storage]
	pub type Collateral<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		CurrencyCode,
		Amount,
		ValueQuery,
	>;

	/// Sum of the collateral per currency; a currency's settlement asset cannot change while it
	/// is not zero.
	#[pallet::storage]
	pub type CollateralTotals<T: Config> =
		StorageMap<_, Blake2_128Concat, CurrencyCode, Amount, ValueQuery>;

	/// Unsecured exposure the consortium grants a participant per currency, on top of what its
	/// collateral allows; the only source of a cap in a currency without a settlement asset.
	#[pallet::storage]
	pub type CreditLimits<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		CurrencyCode,
		Amount,
		ValueQuery,
	>;

	/// Amounts of a payer's mandate-accepted bills (and mandate-drawn batch records) not yet
	/// netted, per currency: part of its exposure until released or disputed.
	#[pallet::storage]
	pub type PendingExposure<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		CurrencyCode,
		Amount,
		ValueQuery,
	>;

	/// Participants suspended after a default, with the block of suspension: they add no new
	/// obligations as payer and keep their collateral until the consortium reinstates them.
	#[pallet::storage]
	pub type Suspended<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BlockNumberFor<T>, OptionQuery>;

	/// The waiting default the hook retried last; the next block resumes after it, in storage
	/// order, and wraps around, so every waiting default is retried in turn.
	#[pallet::storage]
	pub type CarryCursor<T: Config> = StorageValue<_, (CycleId, InstructionIndex), OptionQuery>;

	/// Where the settling cycle's current phase stands when its work spans several blocks:
	/// the number of currencies already netted, instructed or moved (phases `CutOff` and
	/// `Netted`, and an abort), or the next instruction to examine (defaults after the payment
	/// deadline, deemed acknowledgements after the acknowledgement deadline). Zero between
	/// phases.
	#[pallet::storage]
	pub type PipelineCursor<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// The cycle the consortium aborted whose positions the pipeline is moving into the open
	/// cycle, with the number of positions moved so far.
	#[pallet::storage]
	pub type AbortingCycle<T: Config> = StorageValue<_, (CycleId, u32), OptionQuery>;

	/// Archived hash of each closed cycle whose entries are being or have been pruned (see
	/// `prune_cycle`): one small record per pruned cycle, kept for good.
	#[pallet::storage]
	pub type CycleArchives<T: Config> =
		StorageMap<_, Twox64Concat, CycleId, CycleArchive, OptionQuery>;

	/// Opens the first cycle at genesis.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Partners admitted at genesis (operators join by themselves).
		pub participants: alloc::vec::Vec<T::AccountId>,
		/// Currencies that settle on-chain, with their settlement asset (registered with exponent
		/// 2 unless listed in `currencies`).
		pub settlement_assets: alloc::vec::Vec<(CurrencyCode, T::AssetId)>,
		/// Currencies registered for clearing, with their minor-unit exponent.
		pub currencies: alloc::vec::Vec<(CurrencyCode, u8)>,
		/// Unsecured credit limits the consortium grants at genesis: (participant, currency,
		/// limit).
		pub credit_limits: alloc::vec::Vec<(T::AccountId, CurrencyCode, Amount)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			Pallet::<T>::open_cycle(0, BlockNumberFor::<T>::zero());
			for who in &self.participants {
				let kind = if T::Operators::is_operator(who) {
					ParticipantKind::Operator
				} else {
					ParticipantKind::Admitted
				};
				if let Err(e) = Pallet::<T>::add_participant(who, kind) {
					log::error!(target: "runtime::clearing", "genesis participant: {e:?}");
				}
			}
			let defaults = self.settlement_assets.iter().map(|(currency, _)| (*currency, 2));
			for (currency, exponent) in self.currencies.iter().copied().chain(defaults) {
				if Currencies::<T>::contains_key(currency) {
					continue;
				}
				if let Err(e) = Pallet::<T>::add_currency(currency, exponent) {
					log::error!(target: "runtime::clearing", "genesis currency: {e:?}");
				}
			}
			for (currency, asset) in &self.settlement_assets {
				SettlementAssets::<T>::insert(currency, asset);
			}
			for (who, currency, limit) in &self.credit_limits {
				CreditLimits::<T>::insert(who, currency, limit);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An account became a clearing participant.
		ParticipantRegistered {
			/// The account.
			who: T::AccountId,
			/// Its compact index for bulk records.
			index: ParticipantIndex,
			/// Operator or admitted partner.
			kind: ParticipantKind,
		},
		/// The consortium registered (or updated) a currency for clearing.
		CurrencyRegistered {
			/// The currency.
			currency: CurrencyCode,
			/// Its minor-unit exponent (2: amounts are in cents).
			exponent: u8,
			/// Its settlement asset, or `None` for the off-chain rail only.
			asset: Option<T::AssetId>,
		},
		/// A currency's settlement asset was set or removed.
		SettlementAssetSet {
			/// The currency.
			currency: CurrencyCode,
			/// The asset, or `None` for off-chain settlement only.
			asset: Option<T::AssetId>,
		},
		/// A participant chose how it settles a currency.
		SettlementMethodSet {
			/// The participant.
			who: T::AccountId,
			/// The currency.
			currency: CurrencyCode,
			/// The method.
			method: SettlementMethod,
		},
		/// A payer granted a standing mandate to a payee.
		MandateGranted {
			/// Who pays.
			payer: T::AccountId,
			/// Who bills.
			payee: T::AccountId,
			/// Currency of the bills.
			currency: CurrencyCode,
			/// Most the payee may bill per cycle.
			cap_per_cycle: Amount,
		},
		/// A payer revoked a mandate.
		MandateRevoked {
			/// Who paid.
			payer: T::AccountId,
			/// Who billed.
			payee: T::AccountId,
			/// Currency of the bills.
			currency: CurrencyCode,
		},
		/// A payee submitted a direct bill.
		BillSubmitted {
			/// The bill.
			bill: BillId,
			/// Who is owed.
			payee: T::AccountId,
			/// Who owes.
			payer: T::AccountId,
			/// Currency.
			currency: CurrencyCode,
			/// Amount in minor units.
			amount: Amount,
			/// Bill reference hash.
			reference: DocumentHash,
		},
		/// A bill was accepted, by its payer (netted at once) or by a mandate (netted when
		/// released after its dispute window).
		BillAccepted {
			/// The bill.
			bill: BillId,
			/// Cycle it is netted in; for a mandate bill, the cycle whose cap it drew on.
			cycle: CycleId,
			/// Whether a mandate accepted it.
			by_mandate: bool,
		},
		/// A payer disputed a bill; it is withheld from netting.
		BillDisputed {
			/// The bill.
			bill: BillId,
			/// The payer's reason.
			reason: DisputeReason,
			/// Hash of the evidence.
			evidence: DocumentHash,
		},
		/// A payee withdrew a bill.
		BillWithdrawn {
			/// The bill.
			bill: BillId,
		},
		/// The arbiter resolved a dispute.
		DisputeResolved {
			/// The bill.
			bill: BillId,
			/// Amount the payer owes after all; zero cancels the bill.
			accepted: Amount,
			/// Cycle the accepted amount is netted in, if any.
			cycle: Option<CycleId>,
		},
		/// A mandate-accepted bill's dispute window passed: it entered netting and its record was
		/// released.
		BillReleased {
			/// The bill.
			bill: BillId,
			/// Cycle it is netted in.
			cycle: CycleId,
		},
		/// A mandate-accepted bill was released but its mandate was revoked or its cap for the
		/// open cycle is used up: it waits for the payer's own acceptance (or dispute).
		BillReturnedToPayer {
			/// The bill.
			bill: BillId,
		},
		/// A bulk batch was validated and aggregated into a cycle.
		BatchAccepted {
			/// The batch.
			batch: BatchId,
			/// Who submitted it.
			submitter: T::AccountId,
			/// Cycle it is netted in.
			cycle: CycleId,
			/// Number of records.
			records: u32,
			/// Number of distinct (payer, payee, currency) pairs.
			pairs: u32,
			/// Blake2-256 hash of the encoded records.
			hash: DocumentHash,
			/// Merkle root of the records (`BatchRecordRoots`): a record's inclusion proof
			/// (`clearing_recordProof`) leads to it.
			records_root: DocumentHash,
		},
		/// An expired bill reference was forgotten.
		BillReferenceRemoved {
			/// The payee.
			payee: T::AccountId,
			/// The reference.
			reference: DocumentHash,
		},
		/// A batch's audit record was removed after its cycle closed.
		BatchRecordRemoved {
			/// The batch.
			batch: BatchId,
		},
		/// Another pallet recorded an obligation.
		ObligationRecorded {
			/// Its id.
			id: ObligationId,
			/// The business process behind it.
			source: ObligationSource,
			/// Who owes.
			payer: T::AccountId,
			/// Who is owed.
			payee: T::AccountId,
			/// Currency.
			currency: CurrencyCode,
			/// Amount in minor units.
			amount: Amount,
			/// Hash of the justifying document.
			reference: DocumentHash,
			/// Cycle it is netted in.
			cycle: CycleId,
		},
		/// A cycle opened for obligations.
		CycleOpened {
			/// The cycle.
			cycle: CycleId,
			/// Block of its scheduled cut-off.
			cut_off_due: BlockNumberFor<T>,
		},
		/// A cycle stopped taking obligations.
		CycleCutOff {
			/// The cycle.
			cycle: CycleId,
			/// Whether the consortium forced the cut-off before its schedule.
			forced: bool,
		},
		/// A currency of a cycle was netted; its positions sum to zero.
		CurrencyNetted {
			/// The cycle.
			cycle: CycleId,
			/// The currency.
			currency: CurrencyCode,
			/// Sum of gross obligations.
			gross: Amount,
			/// What must actually move after netting.
			net_settlement: Amount,
			/// Participants with a position.
			participants: u32,
		},
		/// Every currency of a cycle is netted.
		CycleNetted {
			/// The cycle.
			cycle: CycleId,
		},
		/// A settlement instruction was issued.
		InstructionIssued {
			/// The cycle.
			cycle: CycleId,
			/// Its index in the cycle.
			index: InstructionIndex,
			/// Currency.
			currency: CurrencyCode,
			/// Who pays.
			payer: T::AccountId,
			/// Who is paid.
			payee: T::AccountId,
			/// Amount in minor units.
			amount: Amount,
		},
		/// All instructions of a cycle are issued; payment is due by `settle_by`.
		CycleInstructed {
			/// The cycle.
			cycle: CycleId,
			/// Number of instructions.
			instructions: u32,
			/// Payment deadline.
			settle_by: BlockNumberFor<T>,
		},
		/// A payer settled its instructions of a cycle-currency on-chain in the settlement asset.
		SettledOnChain {
			/// The cycle.
			cycle: CycleId,
			/// The currency.
			currency: CurrencyCode,
			/// The payer.
			payer: T::AccountId,
			/// Instructions executed.
			instructions: u32,
		},
		/// A payer reported an off-chain payment.
		PaymentConfirmed {
			/// The cycle.
			cycle: CycleId,
			/// The instruction.
			index: InstructionIndex,
			/// Hash of the bank reference.
			bank_reference: DocumentHash,
		},
		/// A payee acknowledged an off-chain payment; the instruction is settled.
		PaymentAcknowledged {
			/// The cycle.
			cycle: CycleId,
			/// The instruction.
			index: InstructionIndex,
		},
		/// A confirmed off-chain payment was neither acknowledged nor disputed by the
		/// acknowledgement deadline; it counts as received and the instruction is settled.
		PaymentDeemedAcknowledged {
			/// The cycle.
			cycle: CycleId,
			/// The instruction.
			index: InstructionIndex,
		},
		/// A payee disputes receipt of a confirmed off-chain payment; the arbiter decides.
		NonReceiptDisputed {
			/// The cycle.
			cycle: CycleId,
			/// The instruction.
			index: InstructionIndex,
		},
		/// The arbiter decided a non-receipt dispute: paid (settled) or not (defaulted).
		NonReceiptDecided {
			/// The cycle.
			cycle: CycleId,
			/// The instruction.
			index: InstructionIndex,
			/// Whether the payment was received.
			paid: bool,
		},
		/// A payer missed the deadline; the amount is carried into the open cycle.
		PaymentDefaulted {
			/// The cycle.
			cycle: CycleId,
			/// The instruction.
			index: InstructionIndex,
			/// Who did not pay.
			payer: T::AccountId,
			/// Who was not paid.
			payee: T::AccountId,
			/// Currency.
			currency: CurrencyCode,
			/// Amount of the instruction.
			amount: Amount,
			/// Part the payer's collateral paid to the payee; the rest is carried over.
			covered: Amount,
			/// Cycle that now carries the rest; `None` if collateral covered it all or it waits
			/// for room (see `DefaultCarried`).
			carried_to: Option<CycleId>,
		},
		/// A participant posted collateral in a currency's settlement asset.
		CollateralPosted {
			/// The participant.
			who: T::AccountId,
			/// The currency.
			currency: CurrencyCode,
			/// Amount posted.
			amount: Amount,
			/// Collateral now held.
			total: Amount,
		},
		/// A participant withdrew collateral it no longer needs for its exposure.
		CollateralWithdrawn {
			/// The participant.
			who: T::AccountId,
			/// The currency.
			currency: CurrencyCode,
			/// Amount withdrawn.
			amount: Amount,
			/// Collateral still held.
			total: Amount,
		},
		/// A defaulter's collateral paid (part of) its defaulted instruction to the payee.
		CollateralDrawn {
			/// The cycle of the instruction.
			cycle: CycleId,
			/// The instruction.
			index: InstructionIndex,
			/// The defaulter.
			who: T::AccountId,
			/// The payee paid from the collateral.
			payee: T::AccountId,
			/// The currency.
			currency: CurrencyCode,
			/// Amount paid.
			amount: Amount,
		},
		/// A participant defaulted and is suspended: it adds no new obligations as payer until
		/// the consortium reinstates it.
		ParticipantSuspended {
			/// The participant.
			who: T::AccountId,
		},
		/// The consortium reinstated a suspended participant.
		ParticipantReinstated {
			/// The participant.
			who: T::AccountId,
		},
		/// The consortium set a participant's unsecured credit limit in a currency.
		CreditLimitSet {
			/// The participant.
			who: T::AccountId,
			/// The currency.
			currency: CurrencyCode,
			/// The limit (zero: none).
			limit: Amount,
		},
		/// A default that waited for room was carried into the open cycle.
		DefaultCarried {
			/// The cycle of the defaulted instruction.
			cycle: CycleId,
			/// The instruction.
			index: InstructionIndex,
			/// Cycle that now carries it.
			carried_to: CycleId,
		},
		/// One currency of a closed cycle was pruned after the retention period; its entries are
		/// folded into the cycle's archived hash.
		CycleCurrencyPruned {
			/// The cycle.
			cycle: CycleId,
			/// The currency.
			currency: CurrencyCode,
			/// Positions removed.
			positions: u32,
			/// Instructions removed.
			instructions: u32,
		},
		/// Every currency of a closed cycle was pruned: its statement is provable from `archive`
		/// (the Blake2-256 hash chain over its currencies, positions and instructions; see the
		/// crate README).
		CyclePruned {
			/// The cycle.
			cycle: CycleId,
			/// The archived hash.
			archive: DocumentHash,
			/// Currencies the cycle carried.
			currencies: u32,
			/// Instructions removed in all.
			instructions: u32,
		},
		/// Every instruction of a cycle is settled or defaulted.
		CycleSettled {
			/// The cycle.
			cycle: CycleId,
		},
		/// A cycle is final; its statements can be read.
		CycleClosed {
			/// The cycle.
			cycle: CycleId,
		},
		/// The consortium aborted a cycle stuck before its instructions; its positions were moved
		/// unchanged into the open cycle.
		CycleAborted {
			/// The aborted cycle.
			cycle: CycleId,
			/// The open cycle that now carries its obligations.
			carried_to: CycleId,
			/// Positions moved.
			positions: u32,
		},
		/// A currency of an aborted cycle could not be moved into the open cycle (its amounts
		/// would overflow there); nothing of it moved, and it is retried every block.
		AbortStalled {
			/// The aborted cycle.
			cycle: CycleId,
			/// The currency left in place.
			currency: CurrencyCode,
			/// Why it could not move.
			error: DispatchError,
		},
		/// Netting found positions that do not sum to zero; the step is retried every block until
		/// the consortium aborts the cycle.
		NettingFailed {
			/// The cycle.
			cycle: CycleId,
			/// The currency.
			currency: CurrencyCode,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller is not a clearing participant: an operator must `join`, a partner must be
		/// admitted by the consortium.
		NotParticipant,
		/// The account named as counterparty is not a clearing participant.
		CounterpartyNotParticipant,
		/// The account is already a participant.
		AlreadyParticipant,
		/// Only consortium operators may join by themselves; partners need admission.
		NotOperator,
		/// The clearing house has reached `MaxParticipants`.
		TooManyParticipants,
		/// The currency is not three upper-case ISO 4217 letters.
		InvalidCurrency,
		/// The currency is not registered for clearing: the consortium registers currencies with
		/// `register_currency`.
		UnknownCurrency,
		/// On-chain settlement needs a settlement asset for the currency; none is set.
		NoSettlementAsset,
		/// The amount is zero; obligations must move money.
		ZeroAmount,
		/// Payer and payee are the same account.
		SelfPayment,
		/// A mandate for this payer, payee and currency already exists.
		MandateExists,
		/// There is no mandate for this payer, payee and currency.
		NoMandate,
		/// The bills would exceed the mandate's cap for this cycle.
		MandateCapExceeded,
		/// There is no bill with this id.
		UnknownBill,
		/// Only the bill's payer may do this.
		NotPayer,
		/// Only the bill's payee may do this.
		NotPayee,
		/// The bill is not in a state that allows this.
		InvalidBillState,
		/// The dispute window of this bill has passed, or its cycle is already cut off.
		DisputeWindowClosed,
		/// The dispute window of this bill has not passed yet.
		DisputeWindowOpen,
		/// The accepted amount exceeds the bill's amount.
		AcceptedAmountTooHigh,
		/// A batch must contain at least one record.
		EmptyBatch,
		/// A record names a participant index that does not exist.
		UnknownParticipantIndex,
		/// The submitter is neither payer nor payee of a record.
		NotPartyToRecord,
		/// The batch has more distinct (payer, payee, currency) pairs than its witness declared
		/// (or than `MaxBatchPairs`).
		TooManyPairs,
		/// There is no batch with this id.
		UnknownBatch,
		/// Only the batch's submitter may do this.
		NotSubmitter,
		/// A cycle would carry more than `MaxCurrencies` currencies, or the currency registry is
		/// full.
		TooManyCurrencies,
		/// An amount or counter would overflow.
		Overflow,
		/// There is no cycle with this id.
		UnknownCycle,
		/// The cycle is not in the phase this needs.
		WrongCyclePhase,
		/// The previous cycle is still being settled; only one cycle settles at a time.
		PreviousCycleUnsettled,
		/// There is no instruction with this index in the cycle.
		UnknownInstruction,
		/// The instruction is not in a state that allows this.
		InvalidInstructionState,
		/// The payer has not chosen on-chain settlement for the currency.
		OffChainParticipant,
		/// The caller has a position in this currency in the cycle being settled: its settlement
		/// method is frozen until that cycle is settled.
		MethodFrozen,
		/// The cycle has nothing to settle in this currency.
		NothingToSettle,
		/// The payment deadline has passed.
		DeadlinePassed,
		/// A batch with exactly these records was already submitted: a re-sent batch is not
		/// booked twice.
		DuplicateBatch,
		/// The caller already has a bill with this reference: a re-sent bill is not booked twice.
		DuplicateBill,
		/// A record's reference is already booked by the caller (it lies in one of the caller's
		/// `BookedReferences` intervals) or is not above the one before it in the batch: record
		/// numbers must increase within a batch and are booked once.
		RecordAlreadyBooked,
		/// The batch would leave the caller more than `MaxBookedIntervals` disjoint intervals of
		/// booked references: fill a gap first, or send a batch whose records span gaps to close
		/// them (numbers inside a batch's span count as booked).
		TooManyBookedIntervals,
		/// A cut-off cycle carrying this currency is still settling: its settlement asset and
		/// exponent cannot change until that cycle is settled.
		CurrencyInSettlement,
		/// The retention period that guards against duplicates has not passed yet.
		RetentionNotOver,
		/// The acknowledgement deadline of this cycle has passed: a confirmed payment now counts
		/// as received and can no longer be disputed.
		AcknowledgementWindowClosed,
		/// The obligation (or the mandate's cap) would take the payer's exposure in the currency
		/// above its cap: the payer must post collateral first (or be granted a credit limit).
		ExposureCapExceeded,
		/// The payer defaulted and is suspended: it adds no new obligations as payer, and keeps
		/// its collateral, until the consortium reinstates it.
		ParticipantSuspended,
		/// The account is not suspended.
		NotSuspended,
		/// The withdrawal exceeds the collateral not needed to cover the caller's current
		/// exposure (or the collateral held).
		CollateralNeeded,
		/// The caller owes a net amount in this currency in the cycle being settled: its
		/// collateral stays until that cycle is settled.
		OwesInSettlingCycle,
		/// Collateral is held in this currency's settlement asset: the asset cannot change until
		/// every participant has withdrawn it.
		CollateralHeld,
		/// The cycle is already being aborted: its positions are moving into the open cycle.
		AbortInProgress,
		/// Every currency of this cycle is already pruned; its archived hash is in
		/// `CycleArchives`.
		CycleAlreadyPruned,
		/// An instruction of the currency to prune is not final (pending, awaiting
		/// acknowledgement, disputed for non-receipt, or a default waiting to be carried): prune
		/// it once the instruction is settled or its default carried.
		InstructionStillNeeded,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::advance_cycles(now)
		}

		fn integrity_test() {
			assert!(
				sp_runtime::Saturating::saturating_add(
					T::SettlementWindow::get(),
					T::AcknowledgementWindow::get(),
				) < T::CycleLength::get(),
				"a cycle must settle before the next one is cut off"
			);
			assert!(T::MaxBatchPairs::get() <= T::MaxBatchRecords::get());
			assert!(T::MaxParticipants::get() >= 2);
			assert!(T::MaxCurrencies::get() >= 1);
			// A unit of the pipeline's work (one currency of a full cycle, one instruction)
			// fits its per-block budget, so no block goes over it.
			let budget = T::MaxPipelineWeight::get();
			let participants = T::MaxParticipants::get();
			for (step, unit) in [
				("netting", T::WeightInfo::on_initialize_net(participants)),
				("instructions", T::WeightInfo::on_initialize_instruct(participants)),
				("abort", T::WeightInfo::abort_cycle(participants)),
				("default", T::WeightInfo::on_initialize_default(1)),
			] {
				assert!(unit.all_lte(budget), "one currency's {step} exceeds MaxPipelineWeight");
			}
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_now: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers the calling operator as a clearing participant.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::join())]
		pub fn join(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(T::Operators::is_operator(&who), Error::<T>::NotOperator);
			Self::add_participant(&who, ParticipantKind::Operator)
		}

		/// Admits a partner (content provider, retailer, MVNO) as a participant.
		///
		/// Origin: the consortium (`AdminOrigin`).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::admit_participant())]
		pub fn admit_participant(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			let kind = if T::Operators::is_operator(&who) {
				ParticipantKind::Operator
			} else {
				ParticipantKind::Admitted
			};
			Self::add_participant(&who, kind)
		}

		/// Sets (or with `None` removes) the settlement asset of a registered currency. Refused
		/// while a cut-off cycle carrying the currency settles.
		///
		/// Origin: the consortium (`AdminOrigin`).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_settlement_asset())]
		pub fn set_settlement_asset(
			origin: OriginFor<T>,
			currency: CurrencyCode,
			asset: Option<T::AssetId>,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::ensure_currency(currency)?;
			Self::ensure_rail_unchanged_while_settling(currency, None, asset)?;
			Self::ensure_asset_free_of_collateral(currency, asset)?;
			SettlementAssets::<T>::set(currency, asset);
			Self::deposit_event(Event::SettlementAssetSet { currency, asset });
			Ok(())
		}

		/// Chooses how the caller settles a currency. On-chain needs a settlement asset. Frozen
		/// while a cut-off cycle in which the caller has a position in the currency settles.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_settlement_method())]
		pub fn set_settlement_method(
			origin: OriginFor<T>,
			currency: CurrencyCode,
			method: SettlementMethod,
		) -> DispatchResult {
			let who = Self::ensure_participant(origin)?;
			Self::ensure_currency(currency)?;
			Self::ensure_method_not_frozen(&who, currency, method)?;
			match method {
				SettlementMethod::OnChain => {
					ensure!(
						SettlementAssets::<T>::contains_key(currency),
						Error::<T>::NoSettlementAsset
					);
					SettlementMethods::<T>::insert(&who, currency, method);
				},
				SettlementMethod::OffChain => SettlementMethods::<T>::remove(&who, currency),
			}
			Self::deposit_event(Event::SettlementMethodSet { who, currency, method });
			Ok(())
		}

		/// Grants `payee` a standing mandate: its bills in `currency`, up to `cap_per_cycle` per
		/// cycle, are accepted without the caller's action. Holds `MandateDeposit`. The cap may
		/// not exceed the caller's exposure cap in the currency, and a suspended participant
		/// grants none.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::grant_mandate())]
		pub fn grant_mandate(
			origin: OriginFor<T>,
			payee: T::AccountId,
			currency: CurrencyCode,
			cap_per_cycle: Amount,
		) -> DispatchResult {
			let payer = Self::ensure_participant(origin)?;
			ensure!(payer != payee, Error::<T>::SelfPayment);
			Self::ensure_currency(currency)?;
			ensure!(cap_per_cycle > 0, Error::<T>::ZeroAmount);
			Self::ensure_mandate_within_cap(&payer, currency, cap_per_cycle)?;
			Self::ensure_counterparty(&payee)?;
			let key = (&payer, &payee, currency);
			ensure!(!Mandates::<T>::contains_key(key), Error::<T>::MandateExists);
			let deposit = T::MandateDeposit::get();
			T::Currency::hold(&HoldReason::MandateDeposit.into(), &payer, deposit)?;
			Mandates::<T>::insert(
				key,
				Mandate { cap_per_cycle, used_in: OpenCycle::<T>::get(), used: 0, deposit },
			);
			Self::deposit_event(Event::MandateGranted { payer, payee, currency, cap_per_cycle });
			Ok(())
		}

		/// Revokes a mandate the caller granted and releases its deposit.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::revoke_mandate())]
		pub fn revoke_mandate(
			origin: OriginFor<T>,
			payee: T::AccountId,
			currency: CurrencyCode,
		) -> DispatchResult {
			let payer = ensure_signed(origin)?;
			let mandate =
				Mandates::<T>::take((&payer, &payee, currency)).ok_or(Error::<T>::NoMandate)?;
			T::Currency::release(
				&HoldReason::MandateDeposit.into(),
				&payer,
				mandate.deposit,
				Precision::BestEffort,
			)?;
			Self::deposit_event(Event::MandateRevoked { payer, payee, currency });
			Ok(())
		}

		/// Submits a bill to `payer`. A mandate accepts it at once; otherwise it waits for the
		/// payer. Holds `BillDeposit` from the caller (the payee) while the bill is stored.
		///
		/// Weight: charged as if a mandate accepted it; a bill left waiting for the payer touches
		/// no positions and is refunded the difference.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::submit_bill())]
		pub fn submit_bill(
			origin: OriginFor<T>,
			payer: T::AccountId,
			currency: CurrencyCode,
			amount: Amount,
			reference: DocumentHash,
			document: DocumentHash,
		) -> DispatchResultWithPostInfo {
			let payee = Self::ensure_participant(origin)?;
			let by_mandate =
				Self::do_submit_bill(payee, payer, currency, amount, reference, document)?;
			let actual = (!by_mandate).then(T::WeightInfo::submit_bill_pending);
			Ok(actual.into())
		}

		/// Accepts a bill the caller owes; it enters the open cycle.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::accept_bill())]
		pub fn accept_bill(origin: OriginFor<T>, bill: BillId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept_bill(who, bill)
		}

		/// Disputes a bill the caller owes, within its dispute window; the bill is withheld from
		/// netting until the payee withdraws it or the arbiter resolves it.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::dispute_bill())]
		pub fn dispute_bill(
			origin: OriginFor<T>,
			bill: BillId,
			reason: DisputeReason,
			evidence: DocumentHash,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_dispute_bill(who, bill, reason, evidence)
		}

		/// Withdraws a pending or disputed bill the caller submitted and releases its deposit.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::withdraw_bill())]
		pub fn withdraw_bill(origin: OriginFor<T>, bill: BillId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let record = Bills::<T>::get(bill).ok_or(Error::<T>::UnknownBill)?;
			ensure!(record.payee == who, Error::<T>::NotPayee);
			ensure!(
				matches!(record.status, BillStatus::Submitted | BillStatus::Disputed { .. }),
				Error::<T>::InvalidBillState
			);
			Self::remove_bill(bill, &record)?;
			// A withdrawn bill was never booked: its reference may be used again.
			BillReferences::<T>::remove(&record.payee, record.reference);
			Self::deposit_event(Event::BillWithdrawn { bill });
			Ok(())
		}

		/// Resolves a disputed bill: the payer owes `accepted` (zero cancels the bill), which
		/// enters the open cycle.
		///
		/// Origin: `ArbiterOrigin`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::resolve_dispute())]
		pub fn resolve_dispute(
			origin: OriginFor<T>,
			bill: BillId,
			accepted: Amount,
		) -> DispatchResult {
			T::ArbiterOrigin::ensure_origin(origin)?;
			Self::do_resolve_dispute(bill, accepted)
		}

		/// Nets a mandate-accepted bill whose dispute window has passed in the open cycle, drawing
		/// its amount on the mandate's cap for that cycle, removes it and releases the payee's
		/// deposit. If the mandate is revoked or its cap for the open cycle is used up, the bill
		/// waits for the payer's acceptance instead (`BillReturnedToPayer`). Anyone may call it (the payee has every reason
		/// to). A younger bill waits: it rolls into a later cycle rather than being netted before
		/// its payer could dispute it.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::release_bill())]
		pub fn release_bill(origin: OriginFor<T>, bill: BillId) -> DispatchResult {
			ensure_signed(origin)?;
			if let Some(cycle) = Self::do_release_bill(bill)? {
				Self::deposit_event(Event::BillReleased { bill, cycle });
			}
			Ok(())
		}

		/// Submits a bulk batch of bill records, aggregated per (payer, payee, currency). The
		/// caller must be payer or payee of every record, and needs the payer's mandate for
		/// records where it is the payee: those wait, one bill per payer and currency (holding
		/// `BillDeposit`), for the payer's dispute window and enter netting on `release_bill`;
		/// records the caller pays enter the open cycle at once. Every payer stays within its
		/// exposure cap. `pairs` is the number of distinct
		/// (payer, payee, currency) pairs in the batch (at most `MaxBatchPairs`); it prices the
		/// storage writes. Holds `BatchDeposit` while the audit record is stored.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::submit_batch(records.len() as u32, *pairs))]
		pub fn submit_batch(
			origin: OriginFor<T>,
			records: BatchRecords<T>,
			pairs: u32,
		) -> DispatchResult {
			let submitter = Self::ensure_participant(origin)?;
			Self::do_submit_batch(submitter, records, pairs)
		}

		/// Removes the audit record of a batch (with its records' Merkle root) whose cycle is
		/// closed and whose duplicate retention (`DuplicateRetention`) has passed, and releases its
		/// deposit.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::remove_batch_record())]
		pub fn remove_batch_record(origin: OriginFor<T>, batch: BatchId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let info = Batches::<T>::get(batch).ok_or(Error::<T>::UnknownBatch)?;
			ensure!(info.submitter == who, Error::<T>::NotSubmitter);
			let phase = Cycles::<T>::get(info.cycle).map(|c| c.phase);
			ensure!(phase.is_some_and(|p| p.is_final()), Error::<T>::WrongCyclePhase);
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(
				now > sp_runtime::Saturating::saturating_add(
					info.submitted_at,
					T::DuplicateRetention::get()
				),
				Error::<T>::RetentionNotOver
			);
			BatchHashes::<T>::remove(info.hash);
			BatchRecordRoots::<T>::remove(batch);
			T::Currency::release(
				&HoldReason::BatchDeposit.into(),
				&who,
				info.deposit,
				Precision::BestEffort,
			)?;
			Batches::<T>::remove(batch);
			Self::deposit_event(Event::BatchRecordRemoved { batch });
			Ok(())
		}

		/// Cuts the open cycle off now instead of at its scheduled block; netting follows in the
		/// next blocks. Needs the previous cycle to be closed.
		///
		/// Origin: the consortium (`AdminOrigin`), not a single operator.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::force_cut_off())]
		pub fn force_cut_off(origin: OriginFor<T>) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(SettlingCycle::<T>::get().is_none(), Error::<T>::PreviousCycleUnsettled);
			Self::cut_off(frame_system::Pallet::<T>::block_number(), true);
			Ok(())
		}

		/// Settles the caller's pending instructions of `currency` in cycle `cycle` on-chain, in the
		/// currency's settlement asset, all or nothing for the caller. Only instructions whose
		/// payee also settles on-chain are included; the others are paid off-chain. Other payers
		/// are unaffected: each payer settles its own instructions.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::settle_on_chain(T::MaxParticipants::get()))]
		pub fn settle_on_chain(
			origin: OriginFor<T>,
			cycle: CycleId,
			currency: CurrencyCode,
		) -> DispatchResultWithPostInfo {
			let payer = Self::ensure_participant(origin)?;
			let settled = Self::do_settle_on_chain(payer, cycle, currency)?;
			Ok(Some(T::WeightInfo::settle_on_chain(settled)).into())
		}

		/// Reports that the caller paid an instruction off-chain, with the hash of the bank
		/// reference.
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::confirm_payment())]
		pub fn confirm_payment(
			origin: OriginFor<T>,
			cycle: CycleId,
			index: InstructionIndex,
			bank_reference: DocumentHash,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_confirm_payment(who, cycle, index, bank_reference)
		}

		/// Acknowledges receipt of an instruction's payment; the instruction is settled. Possible
		/// until the acknowledgement deadline.
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::acknowledge_payment())]
		pub fn acknowledge_payment(
			origin: OriginFor<T>,
			cycle: CycleId,
			index: InstructionIndex,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_acknowledge_payment(who, cycle, index)
		}

		/// Disputes receipt of an off-chain payment the payer confirmed: the caller (the payee)
		/// says the money did not arrive. Possible until the acknowledgement deadline; the
		/// arbiter then decides with [`Pallet::decide_non_receipt`].
		#[pallet::call_index(18)]
		#[pallet::weight(T::WeightInfo::dispute_non_receipt())]
		pub fn dispute_non_receipt(
			origin: OriginFor<T>,
			cycle: CycleId,
			index: InstructionIndex,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_dispute_non_receipt(who, cycle, index)
		}

		/// Decides a non-receipt dispute: `paid` settles the instruction; otherwise the payer is
		/// in default and the amount is carried into the open cycle.
		///
		/// Origin: `ArbiterOrigin`.
		#[pallet::call_index(19)]
		#[pallet::weight(T::WeightInfo::decide_non_receipt())]
		pub fn decide_non_receipt(
			origin: OriginFor<T>,
			cycle: CycleId,
			index: InstructionIndex,
			paid: bool,
		) -> DispatchResult {
			T::ArbiterOrigin::ensure_origin(origin)?;
			Self::do_decide_non_receipt(cycle, index, paid)
		}

		/// Aborts the cycle being netted (phase `CutOff` or `Netted`, before any instruction is
		/// issued): its positions move unchanged into the open cycle, which nets them with its
		/// own, and the next cycle may be cut off. The exit for a cycle whose netting keeps
		/// failing. A large cycle moves over several blocks (`CycleAborted` when done).
		///
		/// Origin: the consortium (`AdminOrigin`).
		#[pallet::call_index(20)]
		#[pallet::weight(T::MaxPipelineWeight::get().max(
			T::WeightInfo::abort_cycle(T::MaxParticipants::get())
		))]
		pub fn abort_cycle(origin: OriginFor<T>, cycle: CycleId) -> DispatchResultWithPostInfo {
			T::AdminOrigin::ensure_origin(origin)?;
			let used = Self::do_abort_cycle(cycle)?;
			Ok(Some(used).into())
		}

		/// Forgets a bill reference whose retention period has passed. Anyone may call it.
		#[pallet::call_index(21)]
		#[pallet::weight(T::WeightInfo::remove_bill_reference())]
		pub fn remove_bill_reference(
			origin: OriginFor<T>,
			payee: T::AccountId,
			reference: DocumentHash,
		) -> DispatchResult {
			ensure_signed(origin)?;
			let until =
				BillReferences::<T>::get(&payee, reference).ok_or(Error::<T>::UnknownBill)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(now > until, Error::<T>::RetentionNotOver);
			BillReferences::<T>::remove(&payee, reference);
			Self::deposit_event(Event::BillReferenceRemoved { payee, reference });
			Ok(())
		}

		/// Registers a currency for clearing with its minor-unit exponent and settlement rail: a
		/// settlement asset for on-chain settlement, or `None` for off-chain only. Registering an
		/// already registered currency updates it, unless a cut-off cycle carrying it is still
		/// settling (`CurrencyInSettlement`). At most `MaxCurrencies` currencies.
		///
		/// Origin: the consortium (`AdminOrigin`).
		#[pallet::call_index(22)]
		#[pallet::weight(T::WeightInfo::register_currency())]
		pub fn register_currency(
			origin: OriginFor<T>,
			currency: CurrencyCode,
			exponent: u8,
			asset: Option<T::AssetId>,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::ensure_rail_unchanged_while_settling(currency, Some(exponent), asset)?;
			Self::ensure_asset_free_of_collateral(currency, asset)?;
			Self::add_currency(currency, exponent)?;
			SettlementAssets::<T>::set(currency, asset);
			Self::deposit_event(Event::CurrencyRegistered { currency, exponent, asset });
			Ok(())
		}

		/// Posts `amount` of collateral in `currency`: moves it, in the currency's settlement
		/// asset, from the caller to the clearing account. Each unit raises the caller's exposure
		/// cap in the currency by `CollateralMultiplier`; on a default it pays the defaulted
		/// instruction first.
		#[pallet::call_index(23)]
		#[pallet::weight(T::WeightInfo::post_collateral())]
		pub fn post_collateral(
			origin: OriginFor<T>,
			currency: CurrencyCode,
			amount: Amount,
		) -> DispatchResult {
			let who = Self::ensure_participant(origin)?;
			Self::do_post_collateral(who, currency, amount)
		}

		/// Withdraws `amount` of collateral in `currency` back to the caller. Only the part not
		/// needed to cover the caller's current exposure, never while it owes a net amount in the
		/// currency in the cycle being settled, and never while it is suspended.
		#[pallet::call_index(24)]
		#[pallet::weight(T::WeightInfo::withdraw_collateral())]
		pub fn withdraw_collateral(
			origin: OriginFor<T>,
			currency: CurrencyCode,
			amount: Amount,
		) -> DispatchResult {
			let who = Self::ensure_participant(origin)?;
			Self::do_withdraw_collateral(who, currency, amount)
		}

		/// Reinstates a participant suspended after a default: it may add obligations as payer
		/// again, within its cap.
		///
		/// Origin: the consortium (`AdminOrigin`).
		#[pallet::call_index(25)]
		#[pallet::weight(T::WeightInfo::reinstate())]
		pub fn reinstate(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Suspended::<T>::take(&who).ok_or(Error::<T>::NotSuspended)?;
			Self::deposit_event(Event::ParticipantReinstated { who });
			Ok(())
		}

		/// Sets `who`'s unsecured credit limit in `currency` (zero removes it): exposure the
		/// consortium accepts without collateral, and the only cap in a currency that has no
		/// settlement asset. A lower limit stops new obligations; it does not undo booked ones.
		///
		/// Origin: the consortium (`AdminOrigin`).
		#[pallet::call_index(26)]
		#[pallet::weight(T::WeightInfo::set_credit_limit())]
		pub fn set_credit_limit(
			origin: OriginFor<T>,
			who: T::AccountId,
			currency: CurrencyCode,
			limit: Amount,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::ensure_currency(currency)?;
			if limit == 0 {
				CreditLimits::<T>::remove(&who, currency);
			} else {
				CreditLimits::<T>::insert(&who, currency, limit);
			}
			Self::deposit_event(Event::CreditLimitSet { who, currency, limit });
			Ok(())
		}

		/// Prunes the next currency of a closed cycle whose retention (`CycleRetention` after its
		/// scheduled cut-off) has passed: its positions, instructions and totals are folded into
		/// the cycle's archived hash and removed (`CycleCurrencyPruned`); after the last currency
		/// the archive is final (`CyclePruned`). Refused while an instruction of the currency is
		/// not final. Anyone may call it.
		#[pallet::call_index(27)]
		#[pallet::weight(T::WeightInfo::prune_cycle(T::MaxParticipants::get()))]
		pub fn prune_cycle(origin: OriginFor<T>, cycle: CycleId) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let used = Self::do_prune_cycle(cycle)?;
			Ok(Some(used).into())
		}
	}
}
