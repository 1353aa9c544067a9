//! Domain types of roaming settlement: IOT agreements and their tariffs, TAP/BCE usage batches,
//! disputes, per-period totals and settlement statements.
//!
//! Money is integer throughout. Charges and claims are in minor units of the agreement's
//! currency ([`Amount`]); tariff rates are in **thousandths of a minor unit** per rating unit
//! (TAP's five decimal places of an XDR: a rate of 1,250 is 1.25 cents, 0.0125 XDR).
//!
//! Tariffs, usage totals, discounts and the rating units come from the shared rating crate
//! [`telecom_roaming_rating`] (re-exported here), which the operators' billing tools use too.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::ConstU32, BoundedVec};
use scale_info::TypeInfo;
use telecom_primitives::{
	Amount, CurrencyCode, DocumentHash, ObligationId, SettlementPeriod, TadigCode,
};

use crate::{
	posting::{PostedService, MAX_POSTED_SERVICES},
	sealed::{AgreementMode, SealedTerms},
};
use telecom_primitives::amount_string;
use telecom_primitives::commitment::TermsCommitment;

pub use telecom_roaming_rating::{
	DataUsage, Discount, DiscountModel, DiscountTier, ExactAmount, Rate, Service, Tariff,
	UsageTotals, VoiceUsage, BASIS_POINTS, KILOBYTES_PER_MEGABYTE, MAX_DISCOUNT_TIERS, RATE_SCALE,
	SECONDS_PER_MINUTE, SUB_UNITS,
};

/// Identifier of an agreement.
pub type AgreementId = u32;

/// A TAP file sequence number: 1 to [`MAX_FILE_SEQUENCE`] per sender → recipient pair, after
/// which it wraps to 1 (TD.57 file naming has five digits).
pub type FileSequence = u32;

/// The highest file sequence number; the file after it is number 1 again.
pub const MAX_FILE_SEQUENCE: FileSequence = 99_999;

/// Seconds during which a file's hash is remembered per agreement and the same file is refused
/// under any sequence number: 90 days (clearing houses check at least 80).
pub const DUPLICATE_WINDOW_SECS: u64 = 90 * 86_400;

/// A RAP-style reason code for a dispute (e.g. TD.32 error codes such as 30 "charge
/// incorrect"); the pallet records it without interpreting it.
pub type ReasonCode = u16;

/// Reason code of a reconciliation the chain opens itself when a claim exceeds its re-rating
/// beyond the tolerance (RAP error codes start at 1).
pub const RECONCILIATION_REASON: ReasonCode = 0;

/// Reason code of the hold the chain puts on a confidential batch's whole claim when it
/// arrives: the chain cannot rate it, so it is never accepted by silence. The hold ends when
/// the home side answers within the dispute window (a matching posting, an acceptance or its
/// own dispute) or, after the window, by settlement between the parties or the arbiter
/// (outside the RAP range, like [`RECONCILIATION_REASON`]).
pub const AWAITING_HOME_TOTALS_REASON: ReasonCode = 65_534;

/// Most open sequence gaps remembered per sender → recipient pair.
pub const MAX_SEQUENCE_GAPS: u32 = 16;

/// How far a claim may exceed the chain's re-rating before a reconciliation opens: the larger
/// of `basis_points` of the re-rating and `minimum` (absorbing per-event rounding and pricing the
/// on-chain tariff cannot express).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct Tolerance {
	/// Share of the re-rating, in basis points (at most 10,000).
	pub basis_points: u16,
	/// Minimum allowance in minor units.
	#[serde(with = "amount_string")]
	pub minimum: Amount,
}

impl Tolerance {
	/// What two figures of about `figure` (exact sub-units) may differ by: the larger of
	/// `basis_points` of `figure` and `minimum`. Differences of the allowance plus one minor unit
	/// or more are beyond the tolerance; anything less is rounding.
	pub fn allowance(&self, figure: ExactAmount) -> ExactAmount {
		let basis_points = u128::from(self.basis_points);
		let share = (figure / BASIS_POINTS)
			.saturating_mul(basis_points)
			.saturating_add((figure % BASIS_POINTS).saturating_mul(basis_points) / BASIS_POINTS);
		share.max(self.minimum.saturating_mul(SUB_UNITS))
	}
}

/// A tolerance stated for one figure of dual posting (one service of the tariff model or the
/// charge) in place of the network's general tolerance, e.g. 0.5 % on data but a fixed 2 XDR on
/// SMS, where per-event rounding differs by service.
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
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct ServiceTolerance {
	/// The service (or the charge) the tolerance is stated for.
	pub service: PostedService,
	/// Its tolerance.
	pub tolerance: Tolerance,
}

/// Tolerances stated per service, in strictly ascending [`PostedService`] order (each at most
/// once).
pub type ServiceTolerances = BoundedVec<ServiceTolerance, ConstU32<MAX_POSTED_SERVICES>>;

/// The terms for usage on one party's network.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct NetworkTerms {
	/// The tariff the network's operator charges.
	pub tariff: Tariff,
	/// The volume discount it grants on a period's accepted charge, if any.
	pub discount: Option<Discount>,
	/// The general tolerance: how far a claim may exceed the re-rating before a reconciliation
	/// opens, and how far the two sides' postings may differ per service and on the charge.
	#[serde(default)]
	pub tolerance: Tolerance,
	/// Tolerances stated for single services or the charge, in place of the general one.
	#[serde(default)]
	pub service_tolerances: ServiceTolerances,
}

impl NetworkTerms {
	/// The tolerance of `figure`: the one stated for it, else the general tolerance. The
	/// reconciliation of a claim against the chain's re-rating uses the charge's.
	pub fn tolerance_of(&self, figure: PostedService) -> &Tolerance {
		self.service_tolerances
			.iter()
			.find(|stated| stated.service == figure)
			.map_or(&self.tolerance, |stated| &stated.tolerance)
	}
}

/// The commercial terms of an IOT agreement.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct AgreementTerms {
	/// First settlement period covered.
	pub valid_from: SettlementPeriod,
	/// Last settlement period covered.
	pub valid_to: SettlementPeriod,
	/// Settlement currency of tariffs, charges and the net obligation (GSMA practice: `XDR`).
	pub currency: CurrencyCode,
	/// Terms for the proposer's subscribers roaming on the counterparty's network are in
	/// `network_b`; for the counterparty's subscribers on the proposer's network, `network_a`.
	pub network_a: NetworkTerms,
	/// Terms for usage on the counterparty's network (see `network_a`).
	pub network_b: NetworkTerms,
	/// Blocks the home operator has to dispute a batch after it arrives.
	pub dispute_window: u32,
	/// Settlement periods of notice a termination gives.
	pub notice_periods: u8,
	/// Whether tariffs include tax (recorded for the parties' invoicing).
	pub tax_included: bool,
	/// Hash of the signed contract document.
	pub document: DocumentHash,
	/// The currency invoices are issued in, if not the settlement currency: a closed period's
	/// net is converted into it at the rate of the rate date before it goes to clearing.
	#[serde(default)]
	pub invoice: Option<crate::invoicing::InvoiceTerms>,
}

/// Where an agreement stands.
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
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub enum AgreementStatus {
	/// Proposed by party A, waiting for party B.
	Proposed,
	/// In force.
	Active,
	/// Terminated with notice: in force until `terms.valid_to`, which the notice shortened.
	Terminating,
	/// Its last period has passed and every period with usage is closed: the deposit is back.
	Ended,
}

/// Which side of an agreement.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub enum Side {
	/// The proposer.
	A,
	/// The counterparty.
	B,
}

impl Side {
	/// The other side.
	pub fn other(self) -> Self {
		match self {
			Side::A => Side::B,
			Side::B => Side::A,
		}
	}
}

/// The terms a period is settled with, pinned when the period first needs them (its first
/// batch, an amendment accepted during or after it, or its close).
#[derive(
	Clone,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct PinnedTerms {
	/// Agreement version the terms come from.
	pub version: u32,
	/// Terms for usage on party A's network.
	pub network_a: NetworkTerms,
	/// Terms for usage on party B's network.
	pub network_b: NetworkTerms,
	/// The commitment to the confidential terms of `version` (whose prices are blank here), or
	/// none for a transparent agreement.
	pub commitment: Option<TermsCommitment>,
}

impl PinnedTerms {
	/// Terms for usage on the network of `side`.
	pub fn network(&self, side: Side) -> &NetworkTerms {
		match side {
			Side::A => &self.network_a,
			Side::B => &self.network_b,
		}
	}
}

/// An amendment waiting for the other party.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct PendingAmendment {
	/// Who proposed it.
	pub by: Side,
	/// The amended terms (of a confidential agreement: the public header, prices blank).
	pub terms: AgreementTerms,
	/// The commitment to the amended confidential terms and their envelopes; none for a
	/// transparent agreement.
	pub sealed: Option<SealedTerms>,
}

/// A bilateral IOT agreement between two operators' networks.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
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
	/// Version of the terms in force: 1 when accepted, +1 per accepted amendment.
	pub version: u32,
	/// Terms in force (or proposed, while `Proposed`). Of a confidential agreement these are
	/// the public header: every rate zero and no discount, the real prices being sealed.
	pub terms: AgreementTerms,
	/// An amendment waiting for the other party.
	pub amendment: Option<PendingAmendment>,
	/// Block of the proposal.
	pub proposed_at: BlockNumber,
	/// Deposit held from party A (zero once the agreement ended).
	#[serde(with = "amount_string")]
	pub deposit: u128,
	/// The pair's earlier agreement this one follows (it ended before `terms.valid_from`).
	pub previous: Option<AgreementId>,
	/// Periods with usage that are not closed yet; the agreement ends when none is left after
	/// its last period.
	pub open_periods: u32,
	/// Disputes still open in closed periods (their amounts withheld, to be trued up).
	pub withheld_disputes: u32,
	/// Confidential agreements: the commitment to the terms in force (or proposed) and their
	/// envelope for each party. `None`: a transparent agreement, whose `terms` are public.
	pub sealed: Option<SealedTerms>,
}

impl<AccountId: PartialEq, BlockNumber> Agreement<AccountId, BlockNumber> {
	/// The side `who` is on, if any.
	pub fn side_of(&self, who: &AccountId) -> Option<Side> {
		if *who == self.party_a {
			Some(Side::A)
		} else if *who == self.party_b {
			Some(Side::B)
		} else {
			None
		}
	}

	/// The account on `side`.
	pub fn party(&self, side: Side) -> &AccountId {
		match side {
			Side::A => &self.party_a,
			Side::B => &self.party_b,
		}
	}

	/// The network code on `side`.
	pub fn tadig(&self, side: Side) -> TadigCode {
		match side {
			Side::A => self.tadig_a,
			Side::B => self.tadig_b,
		}
	}

	/// Terms for usage on the network of `side`.
	pub fn network_terms(&self, side: Side) -> &NetworkTerms {
		match side {
			Side::A => &self.terms.network_a,
			Side::B => &self.terms.network_b,
		}
	}

	/// Whether the agreement's prices are public.
	pub fn mode(&self) -> AgreementMode {
		if self.sealed.is_some() {
			AgreementMode::Confidential
		} else {
			AgreementMode::Transparent
		}
	}
}

/// What the visited operator sends: the header and audit totals of one TAP file or BCE report.
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
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct UsageReport {
	/// File sequence number, contiguous per sender → recipient pair from 1.
	pub sequence: FileSequence,
	/// Settlement period of the usage.
	pub period: SettlementPeriod,
	/// Call detail records in the file.
	pub records: u32,
	/// Per-service totals.
	pub usage: UsageTotals,
	/// Total charge the sender claims, in minor units of `currency`.
	#[serde(with = "amount_string")]
	pub claimed: Amount,
	/// The file's TAP currency; converted at the period's exchange rate when it is not the
	/// agreement's currency.
	pub currency: CurrencyCode,
	/// Blake2-256 hash of the file.
	pub file: DocumentHash,
	/// The TAP header's test flag: a test file is checked, re-rated and sequence-controlled in
	/// its own numbering, but never stored, booked or settled.
	#[serde(default)]
	pub test_file: bool,
}

/// Where and when a file hash was first seen, for duplicate detection.
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
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct FileSeen {
	/// Whose network the file's usage was on.
	pub network: Side,
	/// Its sequence number.
	pub sequence: FileSequence,
	/// Unix time (seconds) it arrived.
	pub seen_at: u64,
}

/// A settlement proposal in a dispute.
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
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct SettlementProposal {
	/// Who proposed it.
	pub by: Side,
	/// Amount the batch would settle at.
	#[serde(with = "amount_string")]
	pub amount: Amount,
}

/// Where a batch stands.
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
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub enum BatchStatus {
	/// Waiting for the home operator; accepted by silence after the window.
	Pending,
	/// Accepted by the home operator.
	Accepted,
	/// Disputed by the home operator, or under reconciliation (reason
	/// [`RECONCILIATION_REASON`]) because the claim exceeds the re-rating beyond the tolerance.
	Disputed {
		/// Amount the home operator disputes.
		#[serde(with = "amount_string")]
		amount: Amount,
		/// RAP-style reason code.
		reason: ReasonCode,
		/// Hash of the evidence (e.g. the RAP file).
		evidence: DocumentHash,
		/// A settlement one party proposed, waiting for the other.
		proposal: Option<SettlementProposal>,
		/// The resolution deadline passed without agreement: only a matching proposal or the
		/// arbiter can end it now.
		escalated: bool,
	},
	/// The dispute was settled by both parties or the arbiter at `value`.
	Resolved {
		/// Whether the arbiter decided it.
		by_arbiter: bool,
	},
}

/// A usage batch as recorded.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct Batch<BlockNumber> {
	/// Settlement period the batch is booked into: its usage period, or for a late file whose
	/// usage period was already closed, the next open period (a late adjustment).
	pub period: SettlementPeriod,
	/// Settlement period of the usage itself.
	pub usage_period: SettlementPeriod,
	/// Call detail records.
	pub records: u32,
	/// Per-service totals.
	pub usage: UsageTotals,
	/// Hash of the file.
	pub file: DocumentHash,
	/// The sender's claim converted into the agreement's currency (rounded half up to the minor
	/// unit for display; `claimed_exact` is what counts).
	#[serde(with = "amount_string")]
	pub claimed: Amount,
	/// The chain's re-rating of `usage` against the agreement, rounded half up to the minor
	/// unit (for display; `rated_exact` is what counts).
	#[serde(with = "amount_string")]
	pub rated: Amount,
	/// What the batch settles at: `value_exact` rounded half up to the minor unit (for display),
	/// or the whole-unit value a resolved dispute or reconciliation decided (at most the claim).
	#[serde(with = "amount_string")]
	pub value: Amount,
	/// Agreement version the batch was rated with.
	pub version: u32,
	/// Block of arrival.
	pub received_at: BlockNumber,
	/// Last block in which the home operator may dispute.
	pub dispute_deadline: BlockNumber,
	/// While disputed: last block for the parties to agree before it escalates to the arbiter.
	pub resolve_by: Option<BlockNumber>,
	/// Where it stands.
	pub status: BatchStatus,
	/// Deposit held from the sender until the batch is purged after its period closes.
	#[serde(with = "amount_string")]
	pub deposit: u128,
	/// `claimed` exactly, in sub-units (a claim in another currency converted without rounding).
	#[serde(with = "amount_string")]
	pub claimed_exact: ExactAmount,
	/// `rated` exactly, in sub-units: the chain's re-rating before any rounding.
	#[serde(with = "amount_string")]
	pub rated_exact: ExactAmount,
	/// `value` exactly, in sub-units: what the period's total adds up (and rounds once). A claim
	/// within one minor unit of `rated_exact` books `rated_exact` (the difference is rounding);
	/// any other claim books itself; a resolved dispute books its whole-unit value.
	#[serde(with = "amount_string")]
	pub value_exact: ExactAmount,
}

/// Missing ranges of file sequence numbers, inclusive.
pub type SequenceGaps = BoundedVec<(FileSequence, FileSequence), ConstU32<MAX_SEQUENCE_GAPS>>;

/// File sequence control of one sender → recipient pair.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct SequenceControl {
	/// The sequence number that follows the latest one received (1 before any file; 1 again
	/// after [`MAX_FILE_SEQUENCE`]).
	pub expected: FileSequence,
	/// Missing ranges, inclusive, ascending and disjoint (a gap across the wrap is two ranges).
	pub gaps: SequenceGaps,
}

impl Default for SequenceControl {
	/// Before any file: file 1 is expected, nothing is missing.
	fn default() -> Self {
		Self { expected: 1, gaps: BoundedVec::new() }
	}
}

/// Running totals of one direction of an agreement in one period.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct PeriodTotals<BlockNumber> {
	/// Batches received.
	pub batches: u32,
	/// Batches whose claim differs from the re-rated charge.
	pub mismatches: u32,
	/// Call detail records.
	pub records: u64,
	/// Sum of the claims, rounded once (half up) from `claimed_exact`.
	#[serde(with = "amount_string")]
	pub claimed: Amount,
	/// Sum of the re-rated charges, rounded once (half up) from `rated_exact`.
	#[serde(with = "amount_string")]
	pub rated: Amount,
	/// Sum of the batches' values (what settles, disputes as resolved so far), rounded once
	/// (half up) from `value_exact`.
	#[serde(with = "amount_string")]
	pub value: Amount,
	/// Amount under open dispute (the disputed amounts as filed, in minor units).
	#[serde(with = "amount_string")]
	pub disputed: Amount,
	/// Disputes not yet resolved.
	pub open_disputes: u32,
	/// Batches neither accepted nor disputed (accepted by silence after their window).
	pub pending: u32,
	/// Latest dispute deadline of the batches received.
	pub latest_deadline: BlockNumber,
	/// Exact sum of the claims, in sub-units.
	#[serde(with = "amount_string")]
	pub claimed_exact: ExactAmount,
	/// Exact sum of the re-rated charges, in sub-units.
	#[serde(with = "amount_string")]
	pub rated_exact: ExactAmount,
	/// Exact sum of the batches' values, in sub-units.
	#[serde(with = "amount_string")]
	pub value_exact: ExactAmount,
	/// Exact amount withheld by open disputes, in sub-units: each dispute withholds its amount,
	/// at most its batch's exact value.
	#[serde(with = "amount_string")]
	pub disputed_exact: ExactAmount,
}

/// One direction of a settlement statement.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct DirectionStatement {
	/// Batches settled.
	pub batches: u32,
	/// Call detail records settled.
	pub records: u64,
	/// Sum of the claims.
	#[serde(with = "amount_string")]
	pub claimed: Amount,
	/// Accepted charge before discount: `accepted_exact` rounded once, half up.
	#[serde(with = "amount_string")]
	pub accepted: Amount,
	/// Volume discount granted.
	#[serde(with = "amount_string")]
	pub discount: Amount,
	/// Accepted charge after discount (including true-ups of disputes resolved after the
	/// close).
	#[serde(with = "amount_string")]
	pub payable: Amount,
	/// Amount still under dispute, withheld from the close until resolved.
	#[serde(with = "amount_string")]
	pub withheld: Amount,
	/// `payable` as it was at the close (what the net obligation was computed from); the
	/// difference went to clearing as true-ups.
	#[serde(with = "amount_string")]
	pub payable_at_close: Amount,
	/// The accepted charge exactly, in sub-units: the batches' exact values less what open
	/// disputes withhold (true-ups re-price from it).
	#[serde(with = "amount_string")]
	pub accepted_exact: ExactAmount,
}

/// The settlement statement of one agreement and period.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct Statement<AccountId, BlockNumber> {
	/// Usage on party A's network, which party B owes A for.
	pub network_a: DirectionStatement,
	/// Usage on party B's network, which party A owes B for.
	pub network_b: DirectionStatement,
	/// Currency of every amount.
	pub currency: CurrencyCode,
	/// Who pays the net, if it is not zero.
	pub payer: Option<AccountId>,
	/// Who receives the net, if it is not zero.
	pub payee: Option<AccountId>,
	/// The net amount.
	#[serde(with = "amount_string")]
	pub net: Amount,
	/// The clearing obligation of the net, if it is not zero.
	pub obligation: Option<ObligationId>,
	/// Blake2-256 hash of the SCALE-encoded statement figures; the obligation's reference.
	pub reference: DocumentHash,
	/// Block of the close.
	pub closed_at: BlockNumber,
	/// Whether party A signed the statement off.
	pub signed_by_a: bool,
	/// Whether party B signed the statement off.
	pub signed_by_b: bool,
	/// The net converted into the agreement's invoice currency (the clearing obligation's
	/// currency and amount), with the rate and its date; `None` when the agreement invoices in
	/// its settlement currency.
	pub invoice: Option<crate::invoicing::InvoiceConversion>,
}

/// An exchange rate: one unit of the source currency is `rate / 10^decimals` units of the
/// target currency (minor units to minor units).
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
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct ExchangeRate {
	/// The rate's digits.
	#[serde(with = "amount_string")]
	pub rate: u128,
	/// Decimal places of `rate` (at most 18).
	pub decimals: u8,
}

/// A period's running balance between the two parties (what the statement would say now).
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct RunningBalance<BlockNumber> {
	/// Usage on party A's network so far.
	pub network_a: PeriodTotals<BlockNumber>,
	/// Usage on party B's network so far.
	pub network_b: PeriodTotals<BlockNumber>,
	/// Net owed to A (positive) or to B (negative) before discounts, from the values so far.
	#[serde(with = "signed_string")]
	pub net_to_a: i128,
	/// Whether the period has been closed.
	pub closed: bool,
}

/// A batch with its key, as the runtime API lists them.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct BatchInfo<BlockNumber> {
	/// Whose network the usage was on (the sender).
	pub network: Side,
	/// File sequence number.
	pub sequence: FileSequence,
	/// The batch.
	pub batch: Batch<BlockNumber>,
}

/// Serde helper for signed amounts as decimal strings.
mod signed_string {
	use alloc::string::{String, ToString};

	/// Writes the amount as a decimal string.
	pub fn serialize<S: serde::Serializer>(
		amount: &i128,
		serializer: S,
	) -> Result<S::Ok, S::Error> {
		serializer.serialize_str(&amount.to_string())
	}

	/// Reads a decimal string.
	pub fn deserialize<'de, D: serde::Deserializer<'de>>(
		deserializer: D,
	) -> Result<i128, D::Error> {
		let text = <String as serde::Deserialize>::deserialize(deserializer)?;
		text.parse().map_err(serde::de::Error::custom)
	}
}
