//! Domain types of the tender pallet.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use scale_info::TypeInfo;
use sp_runtime::{traits::Get, Percent};
use telecom_primitives::{Amount, CurrencyCode, DocumentHash, LotIndex};

/// Random secret a bidder mixes into its commitment so the bid cannot be guessed from the hash.
pub type Salt = [u8; 32];

/// Highest technical score a panel member may give.
pub const MAX_TECHNICAL_SCORE: u8 = 100;

/// Scale of evaluation points: a perfect price or technical score is worth this much.
pub const POINTS_SCALE: u128 = 1_000_000;

/// Who may bid.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
#[scale_info(skip_type_params(MaxInvited))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
pub enum Eligibility<AccountId: Clone + PartialEq + Eq + core::fmt::Debug, MaxInvited: Get<u32>> {
	/// Any consortium operator.
	Operators,
	/// Only the listed accounts (a restricted or negotiated procedure).
	Invited(BoundedVec<AccountId, MaxInvited>),
}

/// How bids are ranked.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum EvaluationMethod {
	/// The lowest valid price wins.
	LowestPrice,
	/// Most economically advantageous tender: `price_weight` of the points come from price
	/// (lowest price ÷ bid price), the rest from the panel's mean technical score (0–100). The
	/// panel is drawn at random from the expert registry after the bid deadline; the buyer
	/// does not name it.
	Weighted {
		/// Share of the points that price carries.
		price_weight: Percent,
	},
}

/// The procurement procedure, which sets the shortest bid period.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum Procedure {
	/// Restricted or negotiated: only invited bidders; at least `MinBidPeriod`.
	Restricted,
	/// Open to every operator under China's Bidding Law (art. 24): at least `MinOpenPeriod`
	/// (20 days).
	Open,
	/// EU open procedure (Directive 2014/24/EU art. 27): at least `MinEuOpenPeriod` (35 days).
	EuOpen,
	/// EU open procedure after a prior information notice (art. 27(2)): at least
	/// `MinEuOpenPriorNoticePeriod` (15 days).
	EuOpenWithPriorNotice,
}

/// Deadlines of a tender, as block numbers; each is the last block of its stage.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct Timetable<BlockNumber> {
	/// Last block for clarification questions.
	pub clarification_deadline: BlockNumber,
	/// Last block for committing, replacing or withdrawing a sealed bid.
	pub bid_deadline: BlockNumber,
	/// Last block of the technical envelope: the panel commits its sealed technical scores
	/// after the bid deadline and before any price can be opened (equal to the bid deadline
	/// when there is no panel).
	pub technical_end: BlockNumber,
	/// Last block for revealing a bid.
	pub reveal_end: BlockNumber,
	/// Last block for panel scores (weighted evaluation).
	pub evaluation_end: BlockNumber,
	/// Last block of the standstill in which losing bidders may challenge the award.
	pub standstill_end: BlockNumber,
}

impl<BlockNumber: PartialOrd + Copy> Timetable<BlockNumber> {
	/// Whether every stage starts after `now` and ends after the previous one (the technical
	/// envelope may be empty).
	pub fn is_ordered_after(&self, now: BlockNumber) -> bool {
		now < self.clarification_deadline
			&& self.clarification_deadline <= self.bid_deadline
			&& self.bid_deadline <= self.technical_end
			&& self.technical_end < self.reveal_end
			&& self.reveal_end < self.evaluation_end
			&& self.evaluation_end < self.standstill_end
	}

	/// Whether no deadline of `self` is earlier than the same deadline of `old`.
	pub fn only_extends(&self, old: &Self) -> bool {
		self.clarification_deadline >= old.clarification_deadline
			&& self.bid_deadline >= old.bid_deadline
			&& self.technical_end >= old.technical_end
			&& self.reveal_end >= old.reveal_end
			&& self.evaluation_end >= old.evaluation_end
			&& self.standstill_end >= old.standstill_end
	}
}

/// Where a tender stands.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum TenderStatus {
	/// Published: clarifications, sealed bids, reveal and evaluation follow its timetable.
	Open,
	/// Winners published; losing bidders may challenge until the standstill ends.
	Awarded,
	/// Final: the contract is recorded and every bond settled.
	Concluded,
	/// Cancelled before award, annulled on review, or lapsed because the buyer did not conclude
	/// in time; every live bond released.
	Cancelled,
}

/// A tender notice and its state.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
#[scale_info(skip_type_params(MaxTitle, MaxInvited, MaxPanel))]
#[codec(mel_bound(AccountId: MaxEncodedLen, Balance: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
// The codec derives restate the inline bounds in where clauses of their own.
#[allow(clippy::multiple_bound_locations)]
pub struct Tender<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxTitle: Get<u32>,
	MaxInvited: Get<u32>,
	MaxPanel: Get<u32>,
> {
	/// The contracting operator.
	pub buyer: AccountId,
	/// Short title, UTF-8.
	pub title: BoundedVec<u8, MaxTitle>,
	/// Hash of the tender documents (specification, terms, evaluation criteria).
	pub document: DocumentHash,
	/// Number of lots; every lot is bid for, evaluated and awarded on its own.
	pub lots: LotIndex,
	/// Currency of bid prices.
	pub currency: CurrencyCode,
	/// Who may bid.
	pub eligibility: Eligibility<AccountId, MaxInvited>,
	/// The procedure, which set the shortest bid period.
	pub procedure: Procedure,
	/// Bond held from each bid until the tender ends; forfeited by a bid never validly revealed.
	pub bond: Balance,
	/// The deadlines.
	pub timetable: Timetable<BlockNumber>,
	/// How bids are ranked.
	pub method: EvaluationMethod,
	/// The evaluation panel of a weighted tender: empty until drawn from the expert registry
	/// (`draw_panel`); never the buyer, a bidder or an expert affiliated with either.
	pub panel: BoundedVec<AccountId, MaxPanel>,
	/// Where the tender stands.
	pub status: TenderStatus,
	/// Block the notice was published in.
	pub published_at: BlockNumber,
	/// Amendments so far.
	pub amendments: u32,
	/// Clarification questions so far.
	pub clarifications: u32,
	/// Challenges lodged and not yet decided.
	pub open_challenges: u32,
	/// Entries in the tender's history.
	pub history_len: u32,
	/// Running hash of the history: `blake2_256(SCALE(previous hash, entry))` per entry, from
	/// zero. It outlives the records when the tender is purged.
	pub history_hash: DocumentHash,
	/// Block the tender reached its final state (concluded or cancelled).
	pub closed_at: Option<BlockNumber>,
	/// Deposit held from the buyer for the notice and its records.
	pub deposit: Balance,
	/// Hash of the signed contract, once concluded.
	pub contract: Option<DocumentHash>,
}

/// What a sealed bid says, revealed after the bid deadline.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct BidContent {
	/// Total price in minor units of the tender's currency.
	pub price: Amount,
	/// Hash of the full (encrypted or off-chain) bid document.
	pub document: DocumentHash,
}

/// Blake2-256 commitment to a bid: `blake2_256(SCALE(tender, lot, content, salt, bidder))`.
///
/// Binding the tender, lot and bidder stops one bidder from copying another's commitment.
pub fn commitment_of<AccountId: Encode>(
	tender: telecom_primitives::TenderId,
	lot: LotIndex,
	content: &BidContent,
	salt: &Salt,
	bidder: &AccountId,
) -> DocumentHash {
	DocumentHash::from(
		(tender, lot, content, salt, bidder).using_encoded(sp_io::hashing::blake2_256),
	)
}

/// Blake2-256 commitment to a panel member's technical scores for a lot:
/// `blake2_256(SCALE(tender, lot, member, scores, salt))`, made before prices are opened.
pub fn scores_commitment_of<AccountId: Encode>(
	tender: telecom_primitives::TenderId,
	lot: LotIndex,
	member: &AccountId,
	scores: &[(AccountId, u8)],
	salt: &Salt,
) -> DocumentHash {
	DocumentHash::from(
		(tender, lot, member, scores, salt).using_encoded(sp_io::hashing::blake2_256),
	)
}

/// Where a bid stands.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum BidStatus {
	/// Committed, not yet revealed.
	Sealed,
	/// Revealed and valid: it takes part in the evaluation.
	Revealed,
	/// Revealed but invalid (a zero price); its bond is forfeited at award.
	Invalid,
	/// Never revealed; its bond was forfeited at award.
	Forfeited,
	/// Ranked first and awarded the lot.
	Winner,
	/// Ranked below the winner.
	Lost,
	/// Withdrawn before the bid deadline; its bond was released.
	Withdrawn,
}

impl BidStatus {
	/// Whether a bid in this state still has its bond on hold (while its tender runs).
	pub fn holds_bond(&self) -> bool {
		matches!(self, Self::Sealed | Self::Revealed | Self::Invalid | Self::Winner | Self::Lost)
	}
}

/// One bidder's sealed bid for one lot.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Bid<Balance, BlockNumber> {
	/// The commitment.
	pub commitment: DocumentHash,
	/// Order of the first commitment in the lot: the last tie-break.
	pub sequence: u32,
	/// Block of the latest commitment.
	pub committed_at: BlockNumber,
	/// Times the commitment was replaced.
	pub replacements: u32,
	/// Bond held for this bid (zero once a losing bid's bond is released at award; a
	/// challenge holds it again).
	pub bond: Balance,
	/// Where the bid stands.
	pub status: BidStatus,
	/// The revealed content.
	pub content: Option<BidContent>,
	/// Evaluation points (out of 100 × `POINTS_SCALE`), once awarded.
	pub points: Option<u128>,
}

/// Sum of the panel's technical scores for one bid.
#[derive(
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct ScoreTally {
	/// Sum of the scores given.
	pub sum: u32,
	/// Members who scored.
	pub count: u32,
}

/// The outcome of one lot.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct LotAward<AccountId> {
	/// The winning bidder.
	pub winner: AccountId,
	/// Its price.
	pub price: Amount,
	/// Its evaluation points.
	pub points: u128,
	/// Valid bids ranked.
	pub valid_bids: u32,
}

/// A clarification question and the buyer's answer.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Clarification<AccountId> {
	/// Who asked.
	pub asker: AccountId,
	/// Hash of the question.
	pub question: DocumentHash,
	/// Hash of the answer, once given (published to every bidder).
	pub answer: Option<DocumentHash>,
}

/// A losing bidder's challenge of the award.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum ChallengeStatus {
	/// Lodged; the award is suspended until review.
	Pending,
	/// Rejected on review; the award stands.
	Rejected,
	/// Upheld on review; the award and the tender were annulled.
	Upheld,
}

/// A challenge of an award.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Challenge {
	/// Hash of the grounds.
	pub grounds: DocumentHash,
	/// Where it stands.
	pub status: ChallengeStatus,
}

/// One step in a tender's audit trail.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub enum TenderStep<AccountId> {
	/// The notice was published.
	Published,
	/// The notice was amended (new document hash, deadlines extended).
	Amended {
		/// Hash of the amended documents.
		document: DocumentHash,
	},
	/// A clarification was asked.
	ClarificationAsked {
		/// Its index.
		index: u32,
	},
	/// A clarification was answered.
	ClarificationAnswered {
		/// Its index.
		index: u32,
	},
	/// A bidder committed its first sealed bid for a lot.
	BidCommitted {
		/// The bidder.
		bidder: AccountId,
		/// The lot.
		lot: LotIndex,
	},
	/// A bidder withdrew its sealed bid for a lot.
	BidWithdrawn {
		/// The bidder.
		bidder: AccountId,
		/// The lot.
		lot: LotIndex,
	},
	/// A bidder revealed its bid for a lot.
	BidRevealed {
		/// The bidder.
		bidder: AccountId,
		/// The lot.
		lot: LotIndex,
		/// Whether the revealed bid is valid.
		valid: bool,
	},
	/// A panel member scored a lot.
	Scored {
		/// The panel member.
		member: AccountId,
		/// The lot.
		lot: LotIndex,
	},
	/// The tender was awarded (every lot with a valid bid).
	Awarded,
	/// A losing bidder challenged the award.
	Challenged {
		/// The challenger.
		bidder: AccountId,
	},
	/// The review origin decided a challenge.
	ChallengeDecided {
		/// The challenger.
		bidder: AccountId,
		/// Whether the challenge was upheld (annulling the award).
		upheld: bool,
	},
	/// The award became final and the contract was recorded.
	Concluded {
		/// Hash of the signed contract.
		contract: DocumentHash,
	},
	/// The buyer cancelled the tender.
	Cancelled,
	/// The buyer did not conclude in time; the award lapsed and anyone closed it.
	Lapsed,
	/// The panel was drawn from the expert registry.
	PanelDrawn,
	/// The panel could not be drawn (too few seeds revealed, too few eligible experts, or too
	/// late): the tender was cancelled.
	DrawFailed,
}

/// What remains of a purged tender: enough to check a copy of its history kept off-chain.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct PurgedTender<AccountId, BlockNumber> {
	/// The buyer.
	pub buyer: AccountId,
	/// Its final state.
	pub status: TenderStatus,
	/// Hash of the signed contract, if concluded.
	pub contract: Option<DocumentHash>,
	/// Entries the history had.
	pub history_len: u32,
	/// The running hash of the whole history (see `Tender::history_hash`).
	pub history_hash: DocumentHash,
	/// Block the tender closed.
	pub closed_at: BlockNumber,
}

/// An entry of a tender's audit trail.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct HistoryEntry<AccountId, BlockNumber> {
	/// Block of the step.
	pub at: BlockNumber,
	/// The step.
	pub step: TenderStep<AccountId>,
}

/// Random seed a party contributes to a panel draw.
pub type DrawSeed = [u8; 32];

/// Domain tag of the panel draw's randomness.
pub const DRAW_DOMAIN: &[u8; 12] = b"tender/panel";

/// Fewest seeds, from distinct parties, that must be revealed for a panel draw: with two, no
/// single party knows the combined seed before it has committed its own.
pub const MIN_DRAW_SEEDS: u32 = 2;

/// Blake2-256 commitment to a draw seed: `blake2_256(SCALE(tender, contributor, seed))`.
pub fn draw_seed_commitment_of<AccountId: Encode>(
	tender: telecom_primitives::TenderId,
	contributor: &AccountId,
	seed: &DrawSeed,
) -> DocumentHash {
	DocumentHash::from((tender, contributor, seed).using_encoded(sp_io::hashing::blake2_256))
}

/// An expert in the governance-kept registry from which evaluation panels are drawn.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Expert<AccountId, BlockNumber> {
	/// The expert's account.
	pub account: AccountId,
	/// The operator the expert works for, if any: the expert is conflicted (never drawn) in
	/// that operator's tenders and in tenders it bids in.
	pub affiliation: Option<AccountId>,
	/// Hash of the expert's field of expertise and credentials (kept off-chain), if recorded.
	pub field: Option<DocumentHash>,
	/// Block the expert was registered in.
	pub since: BlockNumber,
}

/// A party's sealed contribution to a tender's panel draw.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct SeedContribution<Balance> {
	/// `blake2_256(SCALE(tender, contributor, seed))`.
	pub commitment: DocumentHash,
	/// Deposit held until the seed is revealed; forfeited to `ForfeitTo` if it never is.
	pub deposit: Balance,
	/// Whether the seed was revealed (and folded into the draw).
	pub revealed: bool,
}

/// The state of a weighted tender's panel draw.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
#[scale_info(skip_type_params(MaxExperts))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
pub struct PanelDraw<AccountId: Clone + PartialEq + Eq + core::fmt::Debug, MaxExperts: Get<u32>> {
	/// Seeds committed.
	pub committed: u32,
	/// Seeds revealed.
	pub revealed: u32,
	/// Exclusive-or of every revealed seed: independent of the order of the reveals, so no
	/// block author gains by reordering them.
	pub entropy: DrawSeed,
	/// Hash of the bid-deadline block, taken at the first reveal: fixed after every seed was
	/// committed and before any was revealed.
	pub anchor: Option<DocumentHash>,
	/// The eligible experts, frozen at the first reveal (registry order): registry members
	/// that are not the buyer or a bidder and not affiliated with either.
	pub pool: BoundedVec<AccountId, MaxExperts>,
	/// The seed the panel was drawn with, once drawn.
	pub seed: Option<DrawSeed>,
}

impl<AccountId: Clone + PartialEq + Eq + core::fmt::Debug, MaxExperts: Get<u32>> Default
	for PanelDraw<AccountId, MaxExperts>
{
	fn default() -> Self {
		Self {
			committed: 0,
			revealed: 0,
			entropy: [0; 32],
			anchor: None,
			pool: BoundedVec::new(),
			seed: None,
		}
	}
}

/// The draw's seed: `blake2_256(SCALE(DRAW_DOMAIN, tender, anchor, entropy, revealed))`.
pub fn draw_seed_of(
	tender: telecom_primitives::TenderId,
	anchor: &DocumentHash,
	entropy: &DrawSeed,
	revealed: u32,
) -> DrawSeed {
	(DRAW_DOMAIN, tender, anchor, entropy, revealed).using_encoded(sp_io::hashing::blake2_256)
}

/// Why a panel could not be drawn.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum DrawFailure {
	/// Fewer than `MIN_DRAW_SEEDS` seeds were revealed.
	TooFewSeeds,
	/// Fewer than `PanelSize` experts were eligible.
	TooFewExperts,
	/// Nobody drew the panel before the technical envelope ended.
	TooLate,
}

/// Draws `size` members from `pool` with `seed`: a partial Fisher–Yates shuffle whose `i`-th
/// swap takes index `i + u64(blake2_256(seed, i)) mod (n − i)`. Returns `None` if the pool is
/// smaller than `size`. Pure: anyone can replay a draw from the on-chain seed and pool.
pub fn draw_from<AccountId: Clone>(
	pool: &[AccountId],
	size: u32,
	seed: &DrawSeed,
) -> Option<Vec<AccountId>> {
	let size = usize::try_from(size).ok()?;
	if pool.len() < size {
		return None;
	}
	let mut order: Vec<AccountId> = pool.to_vec();
	let n = order.len() as u64;
	for i in 0..size {
		let word = (seed, i as u32).using_encoded(sp_io::hashing::blake2_256);
		let mut low = [0u8; 8];
		low.copy_from_slice(word.get(..8)?);
		let remaining = n.checked_sub(i as u64)?;
		let offset = u64::from_le_bytes(low).checked_rem(remaining)?;
		let j = usize::try_from((i as u64).checked_add(offset)?).ok()?;
		if j < order.len() {
			order.swap(i, j);
		}
	}
	order.truncate(size);
	Some(order)
}

/// A tender notice as queries return it.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct TenderNotice<AccountId, Balance, BlockNumber> {
	/// The buyer.
	pub buyer: AccountId,
	/// Title, UTF-8.
	pub title: Vec<u8>,
	/// Hash of the tender documents.
	pub document: DocumentHash,
	/// Number of lots.
	pub lots: LotIndex,
	/// Currency of bid prices.
	pub currency: CurrencyCode,
	/// The invited bidders, or `None` when every operator may bid.
	pub invited: Option<Vec<AccountId>>,
	/// The procedure.
	pub procedure: Procedure,
	/// Bond per bid.
	pub bond: Balance,
	/// The deadlines.
	pub timetable: Timetable<BlockNumber>,
	/// Price weight of a weighted evaluation; `None` for lowest price.
	pub price_weight: Option<Percent>,
	/// The evaluation panel (empty for lowest price).
	pub panel: Vec<AccountId>,
	/// Where the tender stands.
	pub status: TenderStatus,
	/// Block of publication.
	pub published_at: BlockNumber,
	/// Amendments so far.
	pub amendments: u32,
	/// Challenges pending review.
	pub open_challenges: u32,
	/// Hash of the signed contract, once concluded.
	pub contract: Option<DocumentHash>,
}

/// Everything on-chain about one tender, for the runtime API.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct TenderDetails<AccountId, Balance, BlockNumber> {
	/// The tender.
	pub id: telecom_primitives::TenderId,
	/// The notice and its state.
	pub notice: TenderNotice<AccountId, Balance, BlockNumber>,
	/// Clarifications by index.
	pub clarifications: Vec<(u32, Clarification<AccountId>)>,
	/// Bids by lot, in commitment order: sealed ones show only their commitment.
	pub bids: Vec<(LotIndex, AccountId, Bid<Balance, BlockNumber>)>,
	/// Awards by lot.
	pub awards: Vec<(LotIndex, LotAward<AccountId>)>,
	/// Challenges by challenger.
	pub challenges: Vec<(AccountId, Challenge)>,
	/// The audit trail, oldest first.
	pub history: Vec<HistoryEntry<AccountId, BlockNumber>>,
}
