//! # Tender pallet
//!
//! Trusted electronic tendering for the consortium: an operator (the buyer) publishes a notice
//! with its documents' hash, lots, eligibility, bid bond, timetable and evaluation method; bidders
//! ask clarifications and place **sealed bids by commit–reveal**: before the bid deadline only
//! `blake2_256(tender, lot, bid, salt, bidder)` is on-chain, with the bond held; after it each
//! bidder reveals its bid and salt and the chain checks them against the commitment. Nobody, the
//! buyer and the block authors included, can read a bid early or place one late.
//!
//! A weighted tender's panel is not named by the buyer: it is drawn at random from an expert
//! registry kept by governance (`ExpertOrigin`), with seeds the buyer and the bidders commit
//! before the bid deadline and reveal after it, mixed with the bid-deadline block's hash; the
//! draw never picks the buyer, a bidder or an expert affiliated with either (see the `panel`
//! module). Weighted tenders follow the two-envelope procedure: after the bid deadline and
//! before any price can be opened (`technical_end`), each drawn panel member seals its technical
//! scores; it opens
//! them after the reveal, and they must match the seal, so no member can steer a score once the
//! prices are known.
//!
//! Evaluation is reproducible from on-chain data: the lowest valid price wins, or, with weighted
//! evaluation, price points (lowest price ÷ bid price) and the panel's mean technical score are
//! combined with the stated price weight; ties go to the lower price, then to the earlier first
//! commitment. A bidder can never sit on the panel of a tender it bids in. Bids never validly
//! revealed forfeit their bond to a neutral account (the treasury), never the buyer; the reveal
//! window lasts at least `MinRevealPeriod` blocks so no block author can censor it. After the award a
//! standstill lets losing bidders challenge; the disinterested members of the review body (never
//! the buyer, a bidder or a panel member) vote, and their majority rejects a challenge (the award
//! stands) or upholds it (the award and the tender are annulled). Once the standstill has passed
//! with no open challenge the buyer concludes the contract: its hash is recorded, every bond is
//! released and the [`OnContractAwarded`] hook tells other pallets. Every step is an event and an
//! entry in the tender's history.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod evaluation;
mod impls;
#[cfg(test)]
mod mock;
mod panel;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

// FRAME's macro expansion of storage items and errors calls `expect` on paths that cannot fail;
// the workspace lint would flag that generated code. Hand-written code here stays panic-free:
// `scripts/test.sh` rejects `.expect(` / `.unwrap()` in runtime sources. `publish` takes a whole
// notice; the call enum's generated constructors inherit its arity.
#[allow(clippy::expect_used, clippy::too_many_arguments)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{pallet_prelude::*, traits::fungible};
	use frame_system::pallet_prelude::*;
	use telecom_primitives::{
		Amount, CurrencyCode, DocumentHash, LotIndex, OnContractAwarded, OperatorMembership,
		TenderId,
	};

	/// Balance of the bond currency.
	pub type BalanceOf<T> = <<T as Config>::Currency as fungible::Inspect<
		<T as frame_system::Config>::AccountId,
	>>::Balance;

	/// A tender as stored.
	pub type TenderOf<T> = Tender<
		<T as frame_system::Config>::AccountId,
		BalanceOf<T>,
		BlockNumberFor<T>,
		<T as Config>::MaxTitleLen,
		<T as Config>::MaxInvited,
		<T as Config>::MaxPanel,
	>;

	/// A bid as stored.
	pub type BidOf<T> = Bid<BalanceOf<T>, BlockNumberFor<T>>;

	/// Eligibility as the calls take it.
	pub type EligibilityOf<T> =
		Eligibility<<T as frame_system::Config>::AccountId, <T as Config>::MaxInvited>;

	/// A registered expert as stored.
	pub type ExpertOf<T> = Expert<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

	/// A tender's panel draw as stored.
	pub type PanelDrawOf<T> =
		PanelDraw<<T as frame_system::Config>::AccountId, <T as Config>::MaxExperts>;

	/// A history entry as stored.
	pub type HistoryEntryOf<T> =
		HistoryEntry<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

	/// One panel member's technical scores for a lot: (bidder, score 0–100).
	pub type ScoresOf<T> =
		BoundedVec<(<T as frame_system::Config>::AccountId, u8), <T as Config>::MaxBidsPerLot>;

	/// Version of the pallet's storage layout: a release that changes the layout bumps it and
	/// ships the migration from the previous version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the tender pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Native currency, from which bonds and deposits are held.
		type Currency: fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ fungible::Mutate<Self::AccountId>;

		/// The runtime's hold reasons.
		type RuntimeHoldReason: From<HoldReason>;

		/// Consortium operators: they publish tenders and may bid in open ones.
		type Operators: OperatorMembership<Self::AccountId>;

		/// Cancels a tender after its bid deadline.
		type ReviewOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The review body whose members vote on challenges. Members with an interest in the
		/// tender (its buyer, its bidders and its panel) are excluded from the vote; a strict
		/// majority of the remaining members decides. Root may also decide.
		type ReviewBody: OperatorMembership<Self::AccountId>;

		/// Most members of the review body (bounds the votes kept per challenge).
		#[pallet::constant]
		type MaxReviewers: Get<u32>;

		/// The neutral account (the consortium treasury) that receives forfeited bonds and
		/// deposits. Never the buyer: a buyer paid for its bidders' silence would gain from
		/// censoring their reveals.
		type ForfeitTo: Get<Self::AccountId>;

		/// Told of every concluded contract.
		type OnContractAwarded: OnContractAwarded<Self::AccountId>;

		/// Deposit held from the buyer while a tender runs.
		#[pallet::constant]
		type TenderDeposit: Get<BalanceOf<Self>>;

		/// Smallest bid bond a notice may ask for.
		#[pallet::constant]
		type MinBond: Get<BalanceOf<Self>>;

		/// Fewest blocks between publication and the bid deadline.
		#[pallet::constant]
		type MinBidPeriod: Get<BlockNumberFor<Self>>;

		/// Fewest blocks between publication and the bid deadline of an open procedure (China's
		/// Bidding Law: 20 days).
		#[pallet::constant]
		type MinOpenPeriod: Get<BlockNumberFor<Self>>;

		/// Fewest blocks between publication and the bid deadline of an EU open procedure (35
		/// days).
		#[pallet::constant]
		type MinEuOpenPeriod: Get<BlockNumberFor<Self>>;

		/// Fewest blocks between publication and the bid deadline of an EU open procedure after
		/// a prior information notice (15 days).
		#[pallet::constant]
		type MinEuOpenPriorNoticePeriod: Get<BlockNumberFor<Self>>;

		/// Blocks before the bid deadline after which the buyer may no longer answer
		/// clarifications or amend the notice (EU practice: 6 days); questions close by then.
		#[pallet::constant]
		type AnswerCutoff: Get<BlockNumberFor<Self>>;

		/// Fewest blocks between the bid deadline and the reveal end: long enough (several
		/// hours) that no block author, the buyer's included, can censor a reveal for the whole
		/// window.
		#[pallet::constant]
		type MinRevealPeriod: Get<BlockNumberFor<Self>>;

		/// Fewest blocks of standstill after the award.
		#[pallet::constant]
		type MinStandstill: Get<BlockNumberFor<Self>>;

		/// Blocks after the standstill in which only the buyer may conclude; after them anyone
		/// may close the award, releasing every bond and forfeiting the buyer's deposit.
		#[pallet::constant]
		type ConcludePeriod: Get<BlockNumberFor<Self>>;

		/// Blocks a concluded or cancelled tender's records are kept before anyone may purge
		/// them (keeping its history hash).
		#[pallet::constant]
		type RetentionPeriod: Get<BlockNumberFor<Self>>;

		/// Longest title, in bytes.
		#[pallet::constant]
		type MaxTitleLen: Get<u32>;

		/// Most lots in a tender.
		#[pallet::constant]
		type MaxLots: Get<u32>;

		/// Most invited bidders in a restricted tender.
		#[pallet::constant]
		type MaxInvited: Get<u32>;

		/// Most members of an evaluation panel.
		#[pallet::constant]
		type MaxPanel: Get<u32>;

		/// Fewest members of an evaluation panel; a panel has an odd number of members (China's
		/// bidding rules: at least five, odd).
		#[pallet::constant]
		type MinPanel: Get<u32>;

		/// Members drawn for each weighted tender's panel: odd, at least `MinPanel`, at most
		/// `MaxPanel`.
		#[pallet::constant]
		type PanelSize: Get<u32>;

		/// Keeps the expert registry from which panels are drawn (governance).
		type ExpertOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Most experts in the registry.
		#[pallet::constant]
		type MaxExperts: Get<u32>;

		/// Deposit held from a party that commits a seed to a panel draw, returned when it
		/// reveals the seed and forfeited to `ForfeitTo` if it never does: withholding a seed
		/// to bias the draw is not free.
		#[pallet::constant]
		type DrawSeedDeposit: Get<BalanceOf<Self>>;

		/// Blocks after the bid deadline in which draw seeds are revealed. Shorter than the
		/// system's `BlockHashCount`, so the bid-deadline block hash (the draw's anchor) is
		/// still known at the first reveal; long enough that no block author can censor a
		/// reveal for the whole window.
		#[pallet::constant]
		type SeedRevealPeriod: Get<BlockNumberFor<Self>>;

		/// Smallest share of the points that price carries in a weighted evaluation.
		#[pallet::constant]
		type MinPriceWeight: Get<sp_runtime::Percent>;

		/// Most bids (withdrawn ones included) for one lot.
		#[pallet::constant]
		type MaxBidsPerLot: Get<u32>;

		/// Most clarification questions in a tender.
		#[pallet::constant]
		type MaxClarifications: Get<u32>;

		/// Most amendments of a notice.
		#[pallet::constant]
		type MaxAmendments: Get<u32>;

		/// Most times a bidder may replace its commitment for a lot.
		#[pallet::constant]
		type MaxReplacements: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A bid bond.
		BidBond,
		/// A buyer's deposit for a running tender.
		TenderDeposit,
		/// A deposit for a seed committed to a panel draw, until it is revealed.
		DrawSeed,
	}

	/// Id of the next tender.
	#[pallet::storage]
	pub type NextTenderId<T: Config> = StorageValue<_, TenderId, ValueQuery>;

	/// Every tender.
	#[pallet::storage]
	pub type Tenders<T: Config> = StorageMap<_, Twox64Concat, TenderId, TenderOf<T>, OptionQuery>;

	/// Sealed bids: (tender, lot, bidder) → bid.
	#[pallet::storage]
	pub type Bids<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, TenderId>,
			NMapKey<Twox64Concat, LotIndex>,
			NMapKey<Blake2_128Concat, T::AccountId>,
		),
		BidOf<T>,
		OptionQuery,
	>;

	/// Bids placed per lot, withdrawn ones included.
	#[pallet::storage]
	pub type LotBidCount<T: Config> =
		StorageDoubleMap<_, Twox64Concat, TenderId, Twox64Concat, LotIndex, u32, ValueQuery>;

	/// Index of each bidder's bids: bidder → (tender, lot).
	#[pallet::storage]
	pub type BidsOf<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		(TenderId, LotIndex),
		(),
		OptionQuery,
	>;

	/// Clarification questions and answers per tender.
	#[pallet::storage]
	pub type Clarifications<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		TenderId,
		Twox64Concat,
		u32,
		Clarification<T::AccountId>,
		OptionQuery,
	>;

	/// The panel's technical scores per bid: (tender, lot, bidder) → tally.
	#[pallet::storage]
	pub type Tallies<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, TenderId>,
			NMapKey<Twox64Concat, LotIndex>,
			NMapKey<Blake2_128Concat, T::AccountId>,
		),
		ScoreTally,
		ValueQuery,
	>;

	/// Sealed technical scores, committed before prices are opened: (tender, lot, member) →
	/// commitment.
	#[pallet::storage]
	pub type ScoreCommitments<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, TenderId>,
			NMapKey<Twox64Concat, LotIndex>,
			NMapKey<Blake2_128Concat, T::AccountId>,
		),
		DocumentHash,
		OptionQuery,
	>;

	/// Panel members who scored a lot: (tender, lot, member).
	#[pallet::storage]
	pub type Scored<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, TenderId>,
			NMapKey<Twox64Concat, LotIndex>,
			NMapKey<Blake2_128Concat, T::AccountId>,
		),
		(),
		OptionQuery,
	>;

	/// The award of each lot.
	#[pallet::storage]
	pub type Awards<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		TenderId,
		Twox64Concat,
		LotIndex,
		LotAward<T::AccountId>,
		OptionQuery,
	>;

	/// Challenges of an award: (tender, challenger) → challenge.
	#[pallet::storage]
	pub type Challenges<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		TenderId,
		Blake2_128Concat,
		T::AccountId,
		Challenge,
		OptionQuery,
	>;

	/// Votes of disinterested review-body members on a pending challenge: (tender, challenger)
	/// → (member, uphold).
	#[pallet::storage]
	pub type ChallengeVotes<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		TenderId,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<(T::AccountId, bool), T::MaxReviewers>,
		ValueQuery,
	>;

	/// Purged tenders: what remains after the retention period, the history hash included.
	#[pallet::storage]
	pub type Purged<T: Config> = StorageMap<
		_,
		Twox64Concat,
		TenderId,
		PurgedTender<T::AccountId, BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// The expert registry kept by `ExpertOrigin`, in registration order; panels are drawn
	/// from it.
	#[pallet::storage]
	pub type Experts<T: Config> =
		StorageValue<_, BoundedVec<ExpertOf<T>, T::MaxExperts>, ValueQuery>;

	/// Everyone who placed a bid in a tender (any lot, withdrawn bids included): they are never
	/// drawn for its panel.
	#[pallet::storage]
	pub type TenderBidders<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		TenderId,
		Blake2_128Concat,
		T::AccountId,
		(),
		OptionQuery,
	>;

	/// The panel draw of each weighted tender.
	#[pallet::storage]
	pub type PanelDraws<T: Config> =
		StorageMap<_, Twox64Concat, TenderId, PanelDrawOf<T>, OptionQuery>;

	/// Seeds committed to a tender's panel draw: (tender, contributor) → contribution.
	#[pallet::storage]
	pub type DrawSeeds<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		TenderId,
		Blake2_128Concat,
		T::AccountId,
		SeedContribution<BalanceOf<T>>,
		OptionQuery,
	>;

	/// Audit trail of each tender: (tender, sequence) → entry.
	#[pallet::storage]
	pub type History<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		TenderId,
		Twox64Concat,
		u32,
		HistoryEntryOf<T>,
		OptionQuery,
	>;

	/// A tender at genesis: (buyer, title, document hash, currency, bid deadline block).
	pub type GenesisTender<AccountId, BlockNumber> =
		(AccountId, alloc::vec::Vec<u8>, DocumentHash, CurrencyCode, BlockNumber);

	/// Tenders open at genesis (demo chains): (buyer, title, document hash, currency, bid
	/// deadline block); one lot, open procedure (at least `MinOpenPeriod`), lowest price, minimum
	/// bond, questions closing `AnswerCutoff` before the bid deadline, later deadlines 100 blocks
	/// apart after the bid deadline (the reveal window at least
	/// `MinRevealPeriod`).
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The open tenders.
		pub tenders: alloc::vec::Vec<GenesisTender<T::AccountId, BlockNumberFor<T>>>,
		/// The initial expert registry: (expert, affiliated operator).
		pub experts: alloc::vec::Vec<(T::AccountId, Option<T::AccountId>)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (expert, affiliation) in &self.experts {
				let added = Pallet::<T>::do_add_expert(expert.clone(), affiliation.clone(), None);
				assert!(added.is_ok(), "genesis expert registers"); // panic-ok
			}
			for (buyer, title, document, currency, bid_deadline) in &self.tenders {
				let step: BlockNumberFor<T> = 100u32.into();
				let reveal_end = sp_runtime::traits::Saturating::saturating_add(
					*bid_deadline,
					step.max(T::MinRevealPeriod::get()),
				);
				let evaluation_end =
					sp_runtime::traits::Saturating::saturating_add(reveal_end, step);
				let standstill_end = sp_runtime::traits::Saturating::saturating_add(
					sp_runtime::traits::Saturating::saturating_add(
						evaluation_end,
						T::MinStandstill::get(),
					),
					step,
				);
				let timetable = Timetable {
					clarification_deadline: sp_runtime::traits::Saturating::saturating_sub(
						*bid_deadline,
						T::AnswerCutoff::get(),
					),
					bid_deadline: *bid_deadline,
					technical_end: *bid_deadline,
					reveal_end,
					evaluation_end,
					standstill_end,
				};
				let published = Pallet::<T>::do_publish(
					buyer.clone(),
					BoundedVec::truncate_from(title.clone()),
					*document,
					1,
					*currency,
					Eligibility::Operators,
					T::MinBond::get(),
					timetable,
					EvaluationMethod::LowestPrice,
					Procedure::Open,
				);
				assert!(published.is_ok(), "genesis tender publishes"); // panic-ok
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A tender notice was published.
		Published {
			/// The tender.
			tender: TenderId,
			/// The buyer.
			buyer: T::AccountId,
			/// Hash of the tender documents.
			document: DocumentHash,
			/// Number of lots.
			lots: LotIndex,
			/// Bond per bid.
			bond: BalanceOf<T>,
			/// The deadlines.
			timetable: Timetable<BlockNumberFor<T>>,
		},
		/// The buyer amended the notice; deadlines may only have moved later.
		Amended {
			/// The tender.
			tender: TenderId,
			/// Hash of the amended documents.
			document: DocumentHash,
			/// The new deadlines.
			timetable: Timetable<BlockNumberFor<T>>,
		},
		/// A prospective bidder asked a clarification.
		ClarificationAsked {
			/// The tender.
			tender: TenderId,
			/// Its index.
			index: u32,
			/// Hash of the question.
			question: DocumentHash,
		},
		/// The buyer answered a clarification for every bidder.
		ClarificationAnswered {
			/// The tender.
			tender: TenderId,
			/// Its index.
			index: u32,
			/// Hash of the answer.
			answer: DocumentHash,
		},
		/// A bidder committed a sealed bid and its bond is held.
		BidCommitted {
			/// The tender.
			tender: TenderId,
			/// The lot.
			lot: LotIndex,
			/// The bidder.
			bidder: T::AccountId,
			/// The commitment.
			commitment: DocumentHash,
			/// Whether it replaced the bidder's earlier commitment.
			replaced: bool,
		},
		/// A bidder withdrew its sealed bid before the deadline; its bond is released.
		BidWithdrawn {
			/// The tender.
			tender: TenderId,
			/// The lot.
			lot: LotIndex,
			/// The bidder.
			bidder: T::AccountId,
		},
		/// A bidder revealed a bid matching its commitment.
		BidRevealed {
			/// The tender.
			tender: TenderId,
			/// The lot.
			lot: LotIndex,
			/// The bidder.
			bidder: T::AccountId,
			/// The bid.
			content: BidContent,
			/// Whether the bid is valid (an invalid one forfeits its bond at award).
			valid: bool,
		},
		/// A panel member sealed its technical scores for a lot before prices were opened.
		ScoresCommitted {
			/// The tender.
			tender: TenderId,
			/// The lot.
			lot: LotIndex,
			/// The panel member.
			member: T::AccountId,
			/// The commitment.
			commitment: DocumentHash,
		},
		/// A panel member scored the valid bids of a lot.
		Scored {
			/// The tender.
			tender: TenderId,
			/// The lot.
			lot: LotIndex,
			/// The panel member.
			member: T::AccountId,
		},
		/// A bid never validly revealed forfeited its bond to the treasury (`ForfeitTo`).
		BondForfeited {
			/// The tender.
			tender: TenderId,
			/// The lot.
			lot: LotIndex,
			/// The bidder.
			bidder: T::AccountId,
			/// Who received the bond: the `ForfeitTo` account.
			to: T::AccountId,
			/// Amount forfeited.
			amount: BalanceOf<T>,
		},
		/// A lot was awarded to the best valid bid.
		LotAwarded {
			/// The tender.
			tender: TenderId,
			/// The lot.
			lot: LotIndex,
			/// The winning bidder.
			winner: T::AccountId,
			/// Its price.
			price: Amount,
			/// Its evaluation points (out of 100 × 1,000,000).
			points: u128,
		},
		/// The tender was awarded; losing bidders may challenge until `standstill_end`.
		Awarded {
			/// The tender.
			tender: TenderId,
			/// Last block of the standstill.
			standstill_end: BlockNumberFor<T>,
		},
		/// No lot had a valid bid: the tender closed without award.
		NoValidBids {
			/// The tender.
			tender: TenderId,
		},
		/// A disinterested member of the review body voted on a challenge.
		ChallengeVoted {
			/// The tender.
			tender: TenderId,
			/// The challenger.
			bidder: T::AccountId,
			/// The voting member.
			member: T::AccountId,
			/// Whether it votes to uphold.
			uphold: bool,
		},
		/// A losing bidder challenged the award, suspending it.
		Challenged {
			/// The tender.
			tender: TenderId,
			/// The challenger.
			bidder: T::AccountId,
			/// Hash of the grounds.
			grounds: DocumentHash,
		},
		/// The review body (or root) rejected a challenge; the award stands.
		ChallengeRejected {
			/// The tender.
			tender: TenderId,
			/// The challenger.
			bidder: T::AccountId,
		},
		/// The review body (or root) upheld a challenge: the award and the tender are annulled and every
		/// live bond is released.
		AwardAnnulled {
			/// The tender.
			tender: TenderId,
			/// The challenger.
			bidder: T::AccountId,
		},
		/// A losing bid's bond was released at award.
		BondReleased {
			/// The tender.
			tender: TenderId,
			/// The lot.
			lot: LotIndex,
			/// The bidder.
			bidder: T::AccountId,
			/// Amount released.
			amount: BalanceOf<T>,
		},
		/// The buyer did not conclude within `ConcludePeriod` after the standstill: the award
		/// lapsed, every bond was released and the buyer's deposit forfeited.
		Lapsed {
			/// The tender.
			tender: TenderId,
			/// Who closed it.
			by: T::AccountId,
			/// Who received the buyer's deposit: the `ForfeitTo` account.
			to: T::AccountId,
			/// The forfeited deposit.
			deposit: BalanceOf<T>,
		},
		/// The review body cancelled the tender after the bid deadline: the buyer's deposit was
		/// forfeited.
		DepositForfeited {
			/// The tender.
			tender: TenderId,
			/// Who received it: the `ForfeitTo` account.
			to: T::AccountId,
			/// The forfeited deposit.
			amount: BalanceOf<T>,
		},
		/// The award is final and the contract recorded; every bond is released.
		Concluded {
			/// The tender.
			tender: TenderId,
			/// Hash of the signed contract.
			contract: DocumentHash,
		},
		/// A closed tender's records were purged after the retention period; its history hash
		/// is kept in `Purged`.
		PurgedRecords {
			/// The tender.
			tender: TenderId,
			/// The running hash of its whole history.
			history_hash: DocumentHash,
		},
		/// The tender was cancelled before award; live bonds are released (after the reveal end
		/// unrevealed ones are forfeited).
		Cancelled {
			/// The tender.
			tender: TenderId,
		},
		/// Governance registered an expert.
		ExpertAdded {
			/// The expert.
			expert: T::AccountId,
			/// The operator it works for, if any.
			affiliation: Option<T::AccountId>,
		},
		/// Governance removed an expert from the registry; panels it already sits on keep it.
		ExpertRemoved {
			/// The expert.
			expert: T::AccountId,
		},
		/// A party committed a seed to a tender's panel draw; its deposit is held.
		DrawSeedCommitted {
			/// The tender.
			tender: TenderId,
			/// The contributor.
			contributor: T::AccountId,
			/// The commitment.
			commitment: DocumentHash,
		},
		/// A party revealed its draw seed; its deposit is released.
		DrawSeedRevealed {
			/// The tender.
			tender: TenderId,
			/// The contributor.
			contributor: T::AccountId,
			/// The seed.
			seed: DrawSeed,
		},
		/// A party never revealed its draw seed: its deposit went to `ForfeitTo`.
		DrawSeedForfeited {
			/// The tender.
			tender: TenderId,
			/// The contributor.
			contributor: T::AccountId,
			/// Who received the deposit.
			to: T::AccountId,
			/// The deposit.
			amount: BalanceOf<T>,
		},
		/// The panel was drawn from the expert registry.
		PanelDrawn {
			/// The tender.
			tender: TenderId,
			/// The members, in draw order.
			panel: alloc::vec::Vec<T::AccountId>,
			/// The seed it was drawn with (replayable with `draw_from`).
			seed: DrawSeed,
		},
		/// The panel could not be drawn; the tender was cancelled and every bid bond released.
		PanelDrawFailed {
			/// The tender.
			tender: TenderId,
			/// Why.
			reason: DrawFailure,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// Only consortium operators may publish tenders or bid in an open tender.
		NotOperator,
		/// The caller is not invited to this restricted tender.
		NotInvited,
		/// There is no tender with this id.
		UnknownTender,
		/// Only the tender's buyer may do this (conclusion: until `ConcludePeriod` blocks after
		/// the standstill; then anyone may close the award).
		NotBuyer,
		/// The buyer may not bid in, ask about or challenge its own tender.
		BuyerCannotBid,
		/// Members of the evaluation panel may not bid in the tender they evaluate.
		PanelMemberCannotBid,
		/// The caller is not on the tender's evaluation panel.
		NotPanelMember,
		/// A tender needs between 1 and `MaxLots` lots.
		InvalidLotCount,
		/// The lot does not exist in this tender.
		UnknownLot,
		/// The currency is not three upper-case ISO 4217 letters.
		InvalidCurrency,
		/// The bond is below `MinBond`.
		BondTooLow,
		/// The deadlines are not in order (clarification ≤ bid < reveal < evaluation <
		/// standstill) or the first one has passed.
		InvalidTimetable,
		/// The bid deadline is sooner than the procedure's minimum period (and `MinBidPeriod`)
		/// after publication.
		BidPeriodTooShort,
		/// The reveal window (technical end to reveal end) is shorter than `MinRevealPeriod`.
		RevealPeriodTooShort,
		/// The procedure does not fit the eligibility: restricted needs an invited list, the
		/// open procedures are open to every operator.
		ProcedureMismatch,
		/// Questions must close at least `AnswerCutoff` blocks before the bid deadline.
		ClarificationTooLate,
		/// Answers and amendments stop `AnswerCutoff` blocks before the bid deadline (an
		/// amendment must leave that long before its new bid deadline).
		AnswerCutoffPassed,
		/// An amendment may only keep or extend deadlines, never bring one forward.
		DeadlineBroughtForward,
		/// The notice has been amended `MaxAmendments` times.
		TooManyAmendments,
		/// An invited list must not be empty.
		NoInvitees,
		/// A weighted tender needs an expert registry of at least `PanelSize` members to draw
		/// its panel from.
		TooFewExperts,
		/// The account is already in the expert registry.
		AlreadyExpert,
		/// The expert registry holds `MaxExperts` experts already.
		TooManyExperts,
		/// The account is not in the expert registry.
		NotExpert,
		/// Only the buyer and the tender's bidders may contribute a seed to its panel draw.
		NotDrawContributor,
		/// Draw seeds are committed only until the bid deadline.
		SeedCommitClosed,
		/// Draw seeds are revealed only after the bid deadline and for `SeedRevealPeriod`
		/// blocks.
		NotSeedRevealPeriod,
		/// The caller committed no draw seed for this tender.
		NoSeedCommitment,
		/// The draw seed was already revealed.
		SeedAlreadyRevealed,
		/// The seed does not hash to the caller's commitment.
		SeedCommitmentMismatch,
		/// The panel is drawn only after the seed reveal period.
		DrawTooEarly,
		/// The panel of this tender has been drawn already.
		PanelAlreadyDrawn,
		/// The panel of this weighted tender has not been drawn: no score, price or award
		/// until it is.
		PanelNotDrawn,
		/// A weighted tender's technical envelope must end after the seed reveal period
		/// (`bid_deadline + SeedRevealPeriod < technical_end`), leaving time to draw and seal.
		DrawWindowTooShort,
		/// The price weight is below `MinPriceWeight`.
		PriceWeightTooLow,
		/// The tender is not open: it was awarded, concluded or cancelled.
		NotOpen,
		/// The clarification deadline has passed.
		ClarificationClosed,
		/// The tender has `MaxClarifications` questions already.
		TooManyClarifications,
		/// There is no clarification with this index.
		UnknownClarification,
		/// The clarification is already answered.
		AlreadyAnswered,
		/// The bid deadline has passed: no more commitments, replacements or withdrawals.
		BiddingClosed,
		/// The lot has `MaxBidsPerLot` bids already.
		TooManyBids,
		/// The bidder replaced its commitment `MaxReplacements` times already.
		TooManyReplacements,
		/// The bidder withdrew from this lot and may not bid in it again.
		BidWithdrawnBefore,
		/// The caller has no bid for this lot.
		NoBid,
		/// Bids (prices) are revealed only after the technical envelope (`technical_end`) and
		/// until the reveal end.
		NotRevealPeriod,
		/// The bid was already revealed.
		AlreadyRevealed,
		/// The revealed bid and salt do not hash to the commitment.
		CommitmentMismatch,
		/// Panel scores are taken only after the reveal end and until the evaluation end.
		NotEvaluationPeriod,
		/// Technical scores are sealed only after the bid deadline and until `technical_end`.
		NotTechnicalPeriod,
		/// The member sealed no technical scores for this lot before prices were opened.
		NoScoreCommitment,
		/// The scores and salt do not hash to the member's sealed commitment.
		ScoreCommitmentMismatch,
		/// The tender is evaluated on price only; it takes no panel scores.
		NotWeighted,
		/// The panel member scored this lot already.
		AlreadyScored,
		/// The scores must name every valid bid of the lot exactly once, and only bidders of the
		/// lot.
		ScoresIncomplete,
		/// A technical score is above 100.
		ScoreTooHigh,
		/// The award comes after the reveal end (price only), or once the panel has scored every
		/// lot or the evaluation period has ended (weighted); before that only if the caller is
		/// the buyer and every score is in.
		TooEarlyToAward,
		/// The tender has not been awarded.
		NotAwarded,
		/// Only a bidder whose valid bid lost may challenge.
		NotLosingBidder,
		/// The standstill has ended: no more challenges.
		StandstillOver,
		/// The bidder challenged this award already.
		AlreadyChallenged,
		/// There is no pending challenge from this bidder.
		NoPendingChallenge,
		/// The standstill has not ended yet.
		StandstillRunning,
		/// A challenge is pending review: the award is suspended.
		ChallengePending,
		/// After the bid deadline prices can be known: only the review body may cancel.
		CancelNeedsReview,
		/// Only members of the review body (or root) may decide challenges.
		NotReviewer,
		/// The member has an interest in the tender (buyer, bidder or panel member) and may not
		/// vote on its challenges.
		InterestedReviewer,
		/// The member already voted on this challenge.
		AlreadyVoted,
		/// Only a concluded or cancelled tender may be purged, and only `RetentionPeriod`
		/// blocks after it closed.
		NotPurgeable,
		/// A counter would overflow.
		Overflow,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxLots::get() >= 1 && T::MaxLots::get() <= u32::from(LotIndex::MAX));
			assert!(T::MaxBidsPerLot::get() >= 1);
			assert!(T::MinPanel::get() % 2 == 1 && T::MinPanel::get() <= T::MaxPanel::get());
			let size = T::PanelSize::get();
			assert!(size % 2 == 1 && size >= T::MinPanel::get() && size <= T::MaxPanel::get());
			assert!(T::MaxExperts::get() >= size);
			assert!(
				T::SeedRevealPeriod::get() < <T as frame_system::Config>::BlockHashCount::get()
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_now: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Publishes a tender notice. Holds `TenderDeposit` from the caller until the tender is
		/// concluded or cancelled. The procedure sets the shortest bid period (restricted: an
		/// invited list and `MinBidPeriod`; open: every operator and `MinOpenPeriod`; EU open:
		/// `MinEuOpenPeriod`, or `MinEuOpenPriorNoticePeriod` after a prior information notice);
		/// questions close at least `AnswerCutoff` blocks before the bid deadline.
		///
		/// Origin: a consortium operator (the buyer).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::publish())]
		pub fn publish(
			origin: OriginFor<T>,
			title: BoundedVec<u8, T::MaxTitleLen>,
			document: DocumentHash,
			lots: LotIndex,
			currency: CurrencyCode,
			eligibility: EligibilityOf<T>,
			bond: BalanceOf<T>,
			timetable: Timetable<BlockNumberFor<T>>,
			method: EvaluationMethod,
			procedure: Procedure,
		) -> DispatchResult {
			let buyer = ensure_signed(origin)?;
			ensure!(T::Operators::is_operator(&buyer), Error::<T>::NotOperator);
			Self::do_publish(
				buyer,
				title,
				document,
				lots,
				currency,
				eligibility,
				bond,
				timetable,
				method,
				procedure,
			)
		}

		/// Amends the notice: new documents and deadlines, each equal to or later than before;
		/// the (new) bid deadline must be at least `AnswerCutoff` blocks away.
		///
		/// Origin: the buyer.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::amend())]
		pub fn amend(
			origin: OriginFor<T>,
			tender: TenderId,
			document: DocumentHash,
			timetable: Timetable<BlockNumberFor<T>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_amend(who, tender, document, timetable)
		}

		/// Asks the buyer a clarification (the hash of the question), up to the clarification
		/// deadline.
		///
		/// Origin: an account eligible to bid.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::ask_clarification())]
		pub fn ask_clarification(
			origin: OriginFor<T>,
			tender: TenderId,
			question: DocumentHash,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_ask_clarification(who, tender, question)
		}

		/// Publishes the answer (a hash) to a clarification, up to `AnswerCutoff` blocks before
		/// the bid deadline.
		///
		/// Origin: the buyer.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::answer_clarification())]
		pub fn answer_clarification(
			origin: OriginFor<T>,
			tender: TenderId,
			index: u32,
			answer: DocumentHash,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_answer_clarification(who, tender, index, answer)
		}

		/// Commits a sealed bid for a lot, or replaces the caller's commitment, up to the bid
		/// deadline. The first commitment holds the tender's bond. `commitment` is
		/// `blake2_256(SCALE(tender, lot, bid, salt, bidder))`; see [`commitment_of`].
		///
		/// Origin: an account eligible to bid that is neither the buyer nor on the panel.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::commit_bid())]
		pub fn commit_bid(
			origin: OriginFor<T>,
			tender: TenderId,
			lot: LotIndex,
			commitment: DocumentHash,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_commit_bid(who, tender, lot, commitment)
		}

		/// Withdraws the caller's sealed bid for a lot before the bid deadline and releases its
		/// bond. The caller may not bid in that lot again.
		///
		/// Origin: the bidder.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::withdraw_bid())]
		pub fn withdraw_bid(
			origin: OriginFor<T>,
			tender: TenderId,
			lot: LotIndex,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw_bid(who, tender, lot)
		}

		/// Reveals the caller's bid and salt after the bid deadline, until the reveal end. A
		/// bid with a zero price is recorded as invalid and forfeits its bond at award.
		///
		/// Origin: the bidder.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::reveal_bid())]
		pub fn reveal_bid(
			origin: OriginFor<T>,
			tender: TenderId,
			lot: LotIndex,
			content: BidContent,
			salt: Salt,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_reveal_bid(who, tender, lot, content, salt)
		}

		/// Opens the caller's sealed technical scores (0–100) for a lot, once, between the
		/// reveal end and the evaluation end: `scores` and `salt` must hash to the commitment
		/// made with `commit_scores` before prices were opened, and name every valid bid (they
		/// may name bidders whose bids were not validly revealed; those scores are ignored).
		///
		/// Origin: a member of the tender's evaluation panel.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::score_bids(T::MaxBidsPerLot::get()))]
		pub fn score_bids(
			origin: OriginFor<T>,
			tender: TenderId,
			lot: LotIndex,
			scores: ScoresOf<T>,
			salt: Salt,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			// Checking the scores visits every bid of the lot (withdrawn and unrevealed ones
			// included), so the call is priced for a full lot and refunded to the bids visited.
			let visited = Self::do_score_bids(who, tender, lot, scores, salt)?;
			Ok(Some(T::WeightInfo::score_bids(visited)).into())
		}

		/// Evaluates every lot and publishes the winners; bids never validly revealed forfeit
		/// their bonds. The buyer may award once the reveal period is over (price only) or
		/// every panel member has scored every lot (weighted); anyone may once the evaluation
		/// period is over, so an award cannot be stalled. The standstill lasts until the
		/// timetable's end, and at least `MinStandstill` blocks.
		///
		/// Origin: signed.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::award(Pallet::<T>::max_bids()))]
		pub fn award(origin: OriginFor<T>, tender: TenderId) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let bids = Self::do_award(who, tender)?;
			Ok(Some(T::WeightInfo::award(bids)).into())
		}

		/// Challenges the award during the standstill, with the hash of the grounds; the award
		/// is suspended until the review body decides. The challenger's bid bond, released at
		/// award, is held again until the tender ends.
		///
		/// Origin: a bidder whose valid bid lost.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::challenge())]
		pub fn challenge(
			origin: OriginFor<T>,
			tender: TenderId,
			grounds: DocumentHash,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_challenge(who, tender, grounds)
		}

		/// Votes on, or decides, a pending challenge: rejected, the award stands; upheld, the
		/// award and the tender are annulled and every live bond is released. A member of the
		/// review body without an interest in the tender (not its buyer, a bidder or on its
		/// panel) casts a vote; the challenge is decided once a strict majority of the
		/// disinterested members agrees. Root decides at once.
		///
		/// Origin: a disinterested member of `ReviewBody`, or root.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::decide_challenge(
			Pallet::<T>::max_bids(),
			T::MaxReviewers::get(),
		))]
		pub fn decide_challenge(
			origin: OriginFor<T>,
			tender: TenderId,
			bidder: T::AccountId,
			uphold: bool,
		) -> DispatchResultWithPostInfo {
			let voter = match ensure_root(origin.clone()) {
				Ok(()) => None,
				Err(_) => Some(ensure_signed(origin)?),
			};
			let (bids, reviewers) = Self::do_decide_challenge(voter, tender, bidder, uphold)?;
			Ok(Some(T::WeightInfo::decide_challenge(bids, reviewers)).into())
		}

		/// Makes the award final after the standstill with no challenge pending: records the
		/// contract's hash, releases every bond and the buyer's deposit, and tells
		/// `OnContractAwarded` of each awarded lot. If the buyer has not concluded
		/// `ConcludePeriod` blocks after the standstill, anyone may call this to close the award
		/// instead: no contract is recorded, every bond is released and the buyer's deposit is
		/// forfeited to `ForfeitTo` (`contract` is ignored).
		///
		/// Origin: the buyer; anyone after the conclusion period.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::conclude(Pallet::<T>::max_bids()))]
		pub fn conclude(
			origin: OriginFor<T>,
			tender: TenderId,
			contract: DocumentHash,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let bids = Self::do_conclude(who, tender, contract)?;
			Ok(Some(T::WeightInfo::conclude(bids)).into())
		}

		/// Cancels the tender before award. Until the bid deadline the buyer may, and every bond
		/// and the buyer's deposit are released. After it, prices can be known: only the review
		/// body may cancel, the buyer's deposit is forfeited to `ForfeitTo`, revealed bids get
		/// their bonds back, and bids still unrevealed after the reveal end forfeit theirs.
		///
		/// Origin: the buyer until the bid deadline; `ReviewOrigin` at any time before award.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::cancel(Pallet::<T>::max_bids()).saturating_add(
			T::WeightInfo::draw_panel_failed(0, Pallet::<T>::max_contributors()),
		))]
		pub fn cancel(origin: OriginFor<T>, tender: TenderId) -> DispatchResultWithPostInfo {
			// `None`: the review body; `Some`: a signed caller, who must be the buyer.
			let who = match T::ReviewOrigin::try_origin(origin) {
				Ok(_) => None,
				Err(origin) => Some(ensure_signed(origin)?),
			};
			let (bids, seeds) = Self::do_cancel(who, tender)?;
			let weight = T::WeightInfo::cancel(bids)
				.saturating_add(T::WeightInfo::draw_panel_failed(0, seeds));
			Ok(Some(weight).into())
		}

		/// Seals the caller's technical scores for a lot (two-envelope procedure): after the bid
		/// deadline and until `technical_end`, before any price can be opened. `commitment` is
		/// `blake2_256(SCALE(tender, lot, member, scores, salt))`; see
		/// [`scores_commitment_of`]. May be replaced until `technical_end`.
		///
		/// Origin: a member of the tender's evaluation panel.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::commit_scores())]
		pub fn commit_scores(
			origin: OriginFor<T>,
			tender: TenderId,
			lot: LotIndex,
			commitment: DocumentHash,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_commit_scores(who, tender, lot, commitment)
		}

		/// Registers an expert in the registry panels are drawn from, with the operator it works
		/// for (it is never drawn for that operator's tenders or tenders it bids in) and the hash
		/// of its field of expertise and credentials.
		///
		/// Origin: `ExpertOrigin` (governance).
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::add_expert())]
		pub fn add_expert(
			origin: OriginFor<T>,
			expert: T::AccountId,
			affiliation: Option<T::AccountId>,
			field: Option<DocumentHash>,
		) -> DispatchResult {
			T::ExpertOrigin::ensure_origin(origin)?;
			Self::do_add_expert(expert, affiliation, field)
		}

		/// Removes an expert from the registry. Panels already drawn keep it (their tenders go
		/// on); pools frozen for draws in progress are unaffected; later draws skip it.
		///
		/// Origin: `ExpertOrigin` (governance).
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::remove_expert())]
		pub fn remove_expert(origin: OriginFor<T>, expert: T::AccountId) -> DispatchResult {
			T::ExpertOrigin::ensure_origin(origin)?;
			Self::do_remove_expert(expert)
		}

		/// Commits a seed to a weighted tender's panel draw, or replaces the caller's
		/// commitment, until the bid deadline; the first holds `DrawSeedDeposit`.
		/// `commitment` is `blake2_256(SCALE(tender, caller, seed))`; see
		/// [`draw_seed_commitment_of`].
		///
		/// Origin: the buyer or a bidder of the tender.
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::commit_draw_seed())]
		pub fn commit_draw_seed(
			origin: OriginFor<T>,
			tender: TenderId,
			commitment: DocumentHash,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_commit_draw_seed(who, tender, commitment)
		}

		/// Reveals the caller's draw seed after the bid deadline, within `SeedRevealPeriod`
		/// blocks, and releases its deposit. The first reveal fixes the draw's anchor (the
		/// bid-deadline block's hash) and freezes the pool of eligible experts.
		///
		/// Origin: a contributor that committed a seed.
		#[pallet::call_index(18)]
		#[pallet::weight(T::WeightInfo::reveal_draw_seed(T::MaxExperts::get()))]
		pub fn reveal_draw_seed(
			origin: OriginFor<T>,
			tender: TenderId,
			seed: DrawSeed,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let experts = Self::do_reveal_draw_seed(who, tender, seed)?;
			Ok(Some(T::WeightInfo::reveal_draw_seed(experts)).into())
		}

		/// Draws the panel after the seed reveal period and until `technical_end`: `PanelSize`
		/// members from the frozen pool, with the hash of the anchor and the revealed seeds.
		/// Unrevealed seeds forfeit their deposits. If fewer than two seeds were revealed, the
		/// pool is smaller than `PanelSize`, or the technical envelope has ended, the tender is
		/// cancelled: every bid bond is released (no price was opened), and the buyer's deposit
		/// too unless the buyer did not reveal a seed to a draw that lacked seeds.
		///
		/// Origin: signed (anyone).
		#[pallet::call_index(19)]
		#[pallet::weight(T::WeightInfo::draw_panel(
			T::MaxExperts::get(),
			Pallet::<T>::max_contributors(),
		).max(T::WeightInfo::draw_panel_failed(
			Pallet::<T>::max_bids(),
			Pallet::<T>::max_contributors(),
		)))]
		pub fn draw_panel(origin: OriginFor<T>, tender: TenderId) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let weight = Self::do_draw_panel(tender)?;
			Ok(Some(weight).into())
		}

		/// Purges a concluded or cancelled tender's records `RetentionPeriod` blocks after it
		/// closed: its notice, bids, clarifications, scores, awards, challenges and history.
		/// What remains (`Purged`) is its buyer, final state, contract hash and the running hash
		/// of its whole history, against which a copy kept off-chain can be checked.
		///
		/// Origin: signed (anyone).
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::purge(Pallet::<T>::max_bids(), Pallet::<T>::max_history()))]
		pub fn purge(origin: OriginFor<T>, tender: TenderId) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let (bids, history) = Self::do_purge(tender)?;
			Ok(Some(T::WeightInfo::purge(bids, history)).into())
		}
	}
}
