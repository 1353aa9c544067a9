//! Domain types of the spectrum market: licences, lease offers, bids, grants and their
//! lifecycle, incumbent activities and interference reports.
//!
//! Frequencies are in Hz, ranges inclusive–exclusive (`[low, high)`). Areas are sorted sets of
//! grid cells of one fixed resolution (e.g. H3 resolution-7 indexes), so overlap is a set
//! intersection. Time windows are block ranges `[start, end)`.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::Get, BoundedVec};
use scale_info::TypeInfo;
use telecom_primitives::{Amount, CurrencyCode, DeviceId, DocumentHash};

/// Identifier of a licence.
pub type LicenceId = u32;
/// Identifier of an offer.
pub type OfferId = u32;
/// Identifier of a grant.
pub type GrantId = u64;
/// Identifier of an incumbent activity.
pub type ActivityId = u32;
/// Identifier of an interference report.
pub type ReportId = u32;
/// A grid cell (e.g. an H3 index at the chain's fixed resolution).
pub type CellId = u64;
/// A band block: `frequency / BandBlockHz`, the unit of the occupancy index.
pub type BandBlock = u32;

/// Hz in a MHz.
pub const HZ_PER_MHZ: u128 = 1_000_000;

/// Access tier (the CBRS model).
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
)]
pub enum Tier {
	/// Protected incumbent (e.g. radar, satellite earth station).
	Incumbent,
	/// Priority access: exclusive within its range, area and time.
	Priority,
	/// General authorised access: may coexist with other general-access grants.
	General,
}

/// A frequency range `[low, high)` in Hz.
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
pub struct FrequencyRange {
	/// Lowest frequency, inclusive.
	pub low: u64,
	/// Highest frequency, exclusive.
	pub high: u64,
}

impl FrequencyRange {
	/// Whether the range is non-empty.
	pub fn is_valid(&self) -> bool {
		self.low < self.high
	}

	/// Whether the two ranges share a frequency (touching ranges do not).
	pub fn overlaps(&self, other: &Self) -> bool {
		self.low < other.high && other.low < self.high
	}

	/// Whether `other` lies within this range.
	pub fn contains(&self, other: &Self) -> bool {
		self.low <= other.low && other.high <= self.high
	}

	/// Bandwidth in Hz.
	pub fn width(&self) -> u64 {
		self.high.saturating_sub(self.low)
	}
}

/// A block window `[start, end)`.
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
pub struct Window<BlockNumber> {
	/// First block.
	pub start: BlockNumber,
	/// First block after the window.
	pub end: BlockNumber,
}

impl<BlockNumber: PartialOrd + Copy> Window<BlockNumber> {
	/// Whether the window is non-empty.
	pub fn is_valid(&self) -> bool {
		self.start < self.end
	}

	/// Whether the windows share a block (adjacent windows do not).
	pub fn overlaps(&self, other: &Self) -> bool {
		self.start < other.end && other.start < self.end
	}

	/// Whether `other` lies within this window.
	pub fn contains(&self, other: &Self) -> bool {
		self.start <= other.start && other.end <= self.end
	}
}

/// A sorted, duplicate-free set of grid cells.
pub type Cells<S> = BoundedVec<CellId, S>;

/// Whether two sorted cell sets share a cell (linear merge).
pub fn cells_intersect(a: &[CellId], b: &[CellId]) -> bool {
	let (mut i, mut j) = (0usize, 0usize);
	while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
		match x.cmp(y) {
			core::cmp::Ordering::Equal => return true,
			core::cmp::Ordering::Less => i = i.saturating_add(1),
			core::cmp::Ordering::Greater => j = j.saturating_add(1),
		}
	}
	false
}

/// Whether every cell of sorted `inner` is in sorted `outer`.
pub fn cells_subset(inner: &[CellId], outer: &[CellId]) -> bool {
	inner.iter().all(|cell| outer.binary_search(cell).is_ok())
}

/// Whether a cell list is sorted strictly ascending (hence duplicate-free) and non-empty.
pub fn cells_well_formed(cells: &[CellId]) -> bool {
	!cells.is_empty() && cells.windows(2).all(|w| matches!(w, [a, b] if a < b))
}

/// A licence registered by the regulator.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(MaxCells))]
#[codec(mel_bound(AccountId: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub struct Licence<AccountId, BlockNumber, MaxCells: Get<u32>> {
	/// The licensee.
	pub holder: AccountId,
	/// Licensed frequencies.
	pub range: FrequencyRange,
	/// Licensed area.
	pub cells: Cells<MaxCells>,
	/// Licensed period.
	pub validity: Window<BlockNumber>,
	/// Highest permitted EIRP, in dBm per 10 MHz (the CBRS unit: 30 for a category A radio,
	/// 47 for category B); a radio named on a grant of the licence transmits at most this.
	pub max_eirp: i16,
	/// Access tier.
	pub tier: Tier,
	/// Whether the regulator rescinded it.
	pub rescinded: bool,
}

/// How a lease is priced.
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
pub enum Pricing {
	/// Minor units per MHz per hour, billed pro rata by block.
	PerMhzHour(Amount),
	/// A fixed price for the whole lease, accrued pro rata over its window as it runs (the
	/// rest falls due if it ends early); incumbent-suspended blocks are not charged.
	Fixed(Amount),
	/// Minor units per unit the lessee reports (e.g. GB carried), billed as reported; no usage
	/// is reported while an incumbent holds the grant suspended.
	PerReportedUnit(Amount),
}

/// How an offer is taken.
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
pub enum OfferMode<BlockNumber> {
	/// Any slice within the offer, at its price, first come first served.
	Posted,
	/// The whole offer, to the highest open bid when bidding closes.
	Auction {
		/// Last block for bids.
		closes_at: BlockNumber,
		/// Lowest acceptable total bid.
		reserve: Amount,
	},
}

/// A holder's offer to lease part of its licence.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(MaxCells))]
#[codec(mel_bound(AccountId: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub struct Offer<AccountId, BlockNumber, MaxCells: Get<u32>> {
	/// The licence.
	pub licence: LicenceId,
	/// The holder.
	pub holder: AccountId,
	/// Offered frequencies.
	pub range: FrequencyRange,
	/// Offered area.
	pub cells: Cells<MaxCells>,
	/// Offered period.
	pub window: Window<BlockNumber>,
	/// Price.
	pub pricing: Pricing,
	/// Currency of prices and bills.
	pub currency: CurrencyCode,
	/// Shortest lease, in blocks.
	pub min_lease: BlockNumber,
	/// Hash of the permitted use (technology, power, emission mask).
	pub allowed_use: DocumentHash,
	/// Posted price or auction.
	pub mode: OfferMode<BlockNumber>,
	/// Whether it is still open.
	pub open: bool,
	/// Deposit held from the holder while it is open.
	pub deposit: u128,
}

/// The leading bid of an auction.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct LeadingBid<AccountId> {
	/// The bidder.
	pub bidder: AccountId,
	/// Its total price for the whole offer.
	pub amount: Amount,
	/// Bond held from the bidder; the winner's stays held until its grant ran to its end and
	/// its price is billed in full (forfeited to the holder if the grant ends early).
	pub bond: u128,
	/// The grant deposit, held from the bidder at its bid so the close never depends on the
	/// winner's free balance.
	pub deposit: u128,
}

/// Why a grant is suspended.
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
pub enum SuspensionCause {
	/// No heartbeat within the interval.
	MissedHeartbeat,
	/// An incumbent is active in its range, area and time.
	Incumbent,
	/// A general-access grant pre-empted by a priority-access grant over its range, area and
	/// time, until that grant ends.
	Priority,
}

/// Where a grant stands (WInnForum: granted, authorized, suspended, terminated).
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
pub enum GrantState {
	/// Granted; not transmitting until its first heartbeat inside its window.
	Granted,
	/// Authorised to transmit.
	Active,
	/// Not authorised to transmit for now.
	Suspended(SuspensionCause),
	/// Ended by the regulator.
	Terminated,
	/// Its window passed.
	Expired,
	/// Given up by the lessee.
	Relinquished,
}

impl GrantState {
	/// Whether the grant still holds its spectrum (in the occupancy index).
	pub fn is_live(&self) -> bool {
		matches!(self, Self::Granted | Self::Active | Self::Suspended(_))
	}
}

/// A grant: a lease of a slice of spectrum to a lessee.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(MaxCells))]
#[codec(mel_bound(AccountId: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub struct Grant<AccountId, BlockNumber, MaxCells: Get<u32>> {
	/// The licence leased from.
	pub licence: LicenceId,
	/// The offer taken.
	pub offer: OfferId,
	/// The licensee, who is paid.
	pub holder: AccountId,
	/// The lessee, who pays.
	pub lessee: AccountId,
	/// Frequencies.
	pub range: FrequencyRange,
	/// Area.
	pub cells: Cells<MaxCells>,
	/// Period.
	pub window: Window<BlockNumber>,
	/// Tier (the licence's).
	pub tier: Tier,
	/// Price.
	pub pricing: Pricing,
	/// Currency of bills.
	pub currency: CurrencyCode,
	/// Where it stands.
	pub state: GrantState,
	/// Block of the latest heartbeat.
	pub last_heartbeat: Option<BlockNumber>,
	/// Block of the grant's one pending heartbeat check (its entry in `HeartbeatDue`), if
	/// one is scheduled: renewals while it is pending schedule nothing more.
	pub heartbeat_due: Option<BlockNumber>,
	/// Active incumbent activities overlapping it.
	pub incumbents: u32,
	/// Billed up to (exclusive) this block.
	pub billed_until: BlockNumber,
	/// Reported units not yet billed.
	pub unbilled_units: u64,
	/// Total billed so far.
	pub billed: Amount,
	/// Block it ended early (relinquished or terminated), if it did.
	pub ended_at: Option<BlockNumber>,
	/// Since when an incumbent or a pre-empting priority grant has held it suspended, if one
	/// does (that time is not billed).
	pub incumbent_since: Option<BlockNumber>,
	/// Incumbent-suspended blocks not yet deducted from a bill.
	pub incumbent_blocks: u64,
	/// Remainder of the last accrual, below one minor unit (in parts of the price's
	/// denominator), carried into the next bill.
	pub carry: u128,
	/// Deposit held from the lessee until the grant is purged.
	pub deposit: u128,
	/// An auction winner's bid bond, held until the grant ran to its end and its price is
	/// billed in full; forfeited to the holder if it ends early (relinquished or terminated).
	pub bond: u128,
	/// Priority grants pre-empting it (general access only).
	pub preemptions: u32,
	/// Interference complaints against it still open (it is not purged while any is).
	pub complaints: u32,
}

impl<AccountId, BlockNumber: Ord + Copy, MaxCells: Get<u32>>
	Grant<AccountId, BlockNumber, MaxCells>
{
	/// The block billing stops at: the window's end, or the early end — except that a fixed
	/// price buys the whole window, so it is billed to the window's end however it ends.
	pub fn billing_end(&self) -> BlockNumber {
		match self.pricing {
			Pricing::Fixed(_) => self.window.end,
			_ => self.ended_at.map_or(self.window.end, |ended| ended.min(self.window.end)),
		}
	}
}

/// Twice a bound: an occupancy slot holds up to `MaxGrantsPerSlot` grants of each access class
/// (general access, and priority or time shares), so general access never fills the room a
/// priority grant needs.
pub struct TwiceOf<G>(core::marker::PhantomData<G>);

impl<G: Get<u32>> Get<u32> for TwiceOf<G> {
	fn get() -> u32 {
		G::get().saturating_mul(2)
	}
}

/// A live grant as the occupancy index holds it: enough to decide an overlap without loading
/// the grant (sharing the slot already means sharing a cell).
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
pub struct SlotEntry<BlockNumber> {
	/// The grant.
	pub grant: GrantId,
	/// Its frequencies.
	pub range: FrequencyRange,
	/// Its period.
	pub window: Window<BlockNumber>,
	/// Whether it is general access (which coexists with general access).
	pub general: bool,
}

impl<BlockNumber: PartialOrd + Copy> SlotEntry<BlockNumber> {
	/// Whether a grant of `range`, `window` and generality in the same slot would conflict.
	pub fn conflicts(
		&self,
		range: &FrequencyRange,
		window: &Window<BlockNumber>,
		general: bool,
	) -> bool {
		!(self.general && general) && self.range.overlaps(range) && self.window.overlaps(window)
	}
}

/// A protected incumbent's activity declared by the regulator.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(MaxCells))]
#[codec(mel_bound(BlockNumber: MaxEncodedLen))]
pub struct IncumbentActivity<BlockNumber, MaxCells: Get<u32>> {
	/// Frequencies it uses.
	pub range: FrequencyRange,
	/// Where.
	pub cells: Cells<MaxCells>,
	/// When.
	pub window: Window<BlockNumber>,
	/// Whether it has ended (its grants resumed).
	pub ended: bool,
}

/// An incumbent activity's place in the sweep list, from its declaration until its resume
/// sweep is done: suspending its overlapping grants, holding them, then resuming them. Ending
/// the activity turns its own entry into the resume sweep, so an end never needs room.
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
pub struct Sweep {
	/// The activity.
	pub activity: ActivityId,
	/// Whether it suspends (start) or resumes (end).
	pub suspend: bool,
	/// Index of the next (cell, band block) slot to visit; past the last slot, a resume sweep
	/// clears the activity's bookkeeping.
	pub cursor: u32,
	/// Whether the suspend sweep is done and the activity holds its grants until it ends.
	pub holding: bool,
}

/// An interference complaint against a grant.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct InterferenceReport<AccountId> {
	/// Who complains.
	pub reporter: AccountId,
	/// The grant complained about.
	pub grant: GrantId,
	/// Hash of the measurements.
	pub evidence: DocumentHash,
	/// Deposit held from the reporter; forfeited if the complaint is rejected.
	pub deposit: u128,
}

/// A step in a grant's life.
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
pub struct GrantStep<BlockNumber> {
	/// Block.
	pub at: BlockNumber,
	/// State entered.
	pub state: GrantState,
}

/// Domain tag of a radio-signed heartbeat: `(tag, genesis hash, grant, device, block)`.
pub const RADIO_HEARTBEAT_TAG: &[u8; 16] = b"tcc/spectrum/hb1";

/// The bytes a grant's radio signs to renew it: SCALE of
/// `(RADIO_HEARTBEAT_TAG, genesis, grant, device, at)`. `genesis` is the chain's genesis hash
/// (no replay on another chain), `grant` and `device` name what is renewed and by which radio,
/// and `at` is a recent block number the radio read from the chain: each radio's `at` must
/// rise from one accepted heartbeat to the next (no replay) and lie within the heartbeat
/// interval before the block that includes it (a withheld heartbeat goes stale).
pub fn radio_heartbeat_payload<H: Encode, B: Encode>(
	genesis: &H,
	grant: GrantId,
	device: &DeviceId,
	at: &B,
) -> alloc::vec::Vec<u8> {
	(RADIO_HEARTBEAT_TAG, genesis, grant, device, at).encode()
}

/// The radio a grant names (WInnForum: the CBSD a grant belongs to), set by its lessee.
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
pub struct RadioAssignment<BlockNumber> {
	/// The registered device (device identity) that transmits under the grant.
	pub device: DeviceId,
	/// Its maximum EIRP on the grant, in dBm per 10 MHz (at most the licence's `max_eirp`).
	pub eirp: i16,
	/// Its antenna height above ground, in metres (at most `MaxAntennaHeight`).
	pub antenna_height: u16,
	/// The block named by its latest accepted radio-signed heartbeat: the next must name a
	/// later one.
	pub last_beat: Option<BlockNumber>,
}

/// A live grant as its radio's list holds it: enough to refuse naming the radio on a grant
/// that overlaps it in frequency and time.
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
pub struct RadioEntry<BlockNumber> {
	/// The grant.
	pub grant: GrantId,
	/// Its frequencies.
	pub range: FrequencyRange,
	/// Its period.
	pub window: Window<BlockNumber>,
}
