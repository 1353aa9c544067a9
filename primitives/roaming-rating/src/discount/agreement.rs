//! The terms of a discount agreement (GSMA BCE / TD.201 practice) for one agreement period, and
//! their validation. Evaluation is in [`super::true_up`].
//!
//! Volumes and thresholds are stated in **rating units** (minutes of a call service, messages,
//! megabytes of data), prices per rating unit in **thousandths of a minor unit** (as IOT
//! prices), fixed charges and revenue amounts in **minor units** of the agreement's settlement
//! currency.

use crate::{
	amount_string,
	discount::{DiscountModel, DiscountTier, MAX_DISCOUNT_TIERS},
	rounding::{Amount, BASIS_POINTS},
	tariff::{Service, Tariff},
};
use bounded_collections::{BoundedVec, ConstU32};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Longest agreement period, in months.
pub const MAX_PERIOD_MONTHS: u32 = 24;

/// Most discounted service groups per direction (each service is in at most one).
pub const MAX_SERVICE_DISCOUNTS: u32 = 9;

/// Most commitments per direction.
pub const MAX_COMMITMENTS: u32 = 4;

/// A calendar month: the start of an agreement period and the month of a settlement. Encoded
/// as year then month, like the chain's `SettlementPeriod`, so the pallet converts one into the
/// other field by field.
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
pub struct PeriodMonth {
	/// Calendar year, 2000 or later.
	pub year: u16,
	/// Month of the year, 1 to 12.
	pub month: u8,
}

impl PeriodMonth {
	/// The month, or `None` if `month` is not 1 to 12 or `year` is before 2000.
	pub const fn new(year: u16, month: u8) -> Option<Self> {
		if year >= 2000 && month >= 1 && month <= 12 {
			Some(Self { year, month })
		} else {
			None
		}
	}

	/// Whether the month is well formed.
	pub const fn is_valid(&self) -> bool {
		Self::new(self.year, self.month).is_some()
	}

	/// The month `count` months later, or `None` past the year 65,535.
	pub fn plus(&self, count: u32) -> Option<Self> {
		let index = u32::from(self.year)
			.checked_mul(12)?
			.checked_add(u32::from(self.month.checked_sub(1)?))?
			.checked_add(count)?;
		let year = u16::try_from(index.checked_div(12)?).ok()?;
		let month = u8::try_from(index.checked_rem(12)?.checked_add(1)?).ok()?;
		Some(Self { year, month })
	}
}

/// The services a discount model or a commitment covers (each at most once).
pub type ServiceList = BoundedVec<Service, ConstU32<9>>;

/// One tier of a volume-tiered discount.
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
pub struct VolumeTier {
	/// Period volume (rating units: minutes, messages or megabytes) from which the tier applies.
	pub from: u64,
	/// Price per rating unit in the tier, in thousandths of a minor unit.
	pub price: u64,
}

/// One band of a flat-rate model.
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
pub struct FlatBand {
	/// Highest period volume (rating units) the band covers, inclusive; a band starts above the
	/// previous band's `upTo` (the first at zero).
	pub up_to: u64,
	/// The fixed charge for any volume within the band, in minor units.
	#[serde(with = "amount_string")]
	pub charge: Amount,
}

/// How a group of services is charged for the period instead of the IOT.
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
#[serde(rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum ServiceModel {
	/// A price per rating unit by period volume. `AllUnits` ("back to first"): the price of the
	/// highest tier reached applies to the whole volume, and below the first tier the group is
	/// charged at the IOT. `Incremental`: each tier's price applies to the volume inside it; the
	/// first tier must start at zero.
	VolumeTiers {
		/// How the tiers apply.
		style: DiscountModel,
		/// Tiers in strictly ascending `from` order.
		tiers: BoundedVec<VolumeTier, ConstU32<MAX_DISCOUNT_TIERS>>,
	},
	/// A discount in basis points off the group's IOT charge, by that charge (minor units).
	/// `AllUnits`: the rate of the highest tier reached applies to the whole charge.
	/// `Incremental`: each tier's rate applies to the part of the charge inside it (below the
	/// first tier, no discount).
	RevenueTiers {
		/// How the tiers apply.
		style: DiscountModel,
		/// Tiers in strictly ascending `from` order, each at most 10,000 basis points.
		tiers: BoundedVec<DiscountTier, ConstU32<MAX_DISCOUNT_TIERS>>,
	},
	/// A fixed charge for the band the period volume falls in; above the last band, the last
	/// band's charge plus the excess volume at `excessPrice`. No traffic, no charge (a
	/// guaranteed minimum is a commitment).
	FlatRate {
		/// Bands in strictly ascending `upTo` order.
		bands: BoundedVec<FlatBand, ConstU32<MAX_DISCOUNT_TIERS>>,
		/// Price per rating unit above the last band, in thousandths of a minor unit.
		excess_price: u64,
	},
	/// Balanced / unbalanced traffic: the part of this direction's volume matched by the
	/// reverse direction's volume of the same services in the same months is charged at
	/// `balancedPrice`, the excess at `unbalancedPrice` (per rating unit, thousandths of a minor
	/// unit).
	Balanced {
		/// Price of the balanced volume.
		balanced_price: u64,
		/// Price of the unbalanced excess.
		unbalanced_price: u64,
	},
}

impl ServiceModel {
	/// Whether the model prices volume (its services must share a usage unit).
	pub fn prices_volume(&self) -> bool {
		!matches!(self, ServiceModel::RevenueTiers { .. })
	}
}

/// A group of services charged together under one model (their volumes, or IOT charges, add
/// up towards the same tiers).
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
pub struct ServiceDiscount {
	/// The services (for a volume-priced model, all calls, all SMS, or data).
	pub services: ServiceList,
	/// How they are charged.
	pub model: ServiceModel,
}

/// What the home operator (the one whose subscribers roam) commits to send in a direction.
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
#[serde(rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum CommitmentKind {
	/// Traffic commitment ("send or pay"): at least `units` rating units over the period; the
	/// shortfall in volume is paid at `shortfallPrice` per rating unit.
	Volume {
		/// Committed period volume, in rating units.
		units: u64,
		/// Price of each unit short, in thousandths of a minor unit.
		shortfall_price: u64,
	},
	/// Financial commitment: a discounted charge of at least `amount` minor units for the
	/// services; the difference is paid.
	Revenue {
		/// Committed period charge, in minor units.
		#[serde(with = "amount_string")]
		amount: Amount,
	},
}

/// A commitment over some services, settled once at the end of the period.
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
pub struct Commitment {
	/// The services whose volume or charge counts (for a revenue commitment, each discount
	/// group wholly or not at all).
	pub services: ServiceList,
	/// What is committed.
	pub kind: CommitmentKind,
}

/// One direction of a discount agreement: what one network (as the visited network) charges
/// the other for its subscribers' usage.
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
pub struct DirectionTerms {
	/// The IOT tariff of the period (what monthly provisional settlement charges); services in
	/// no discount group stay at it.
	pub iot: Tariff,
	/// The discounted service groups.
	#[serde(default)]
	pub discounts: BoundedVec<ServiceDiscount, ConstU32<MAX_SERVICE_DISCOUNTS>>,
	/// The home operator's commitments.
	#[serde(default)]
	pub commitments: BoundedVec<Commitment, ConstU32<MAX_COMMITMENTS>>,
}

/// The discount agreement of one agreement period: its months and both directions' terms,
/// pinned for the period (a new period is a new value).
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
pub struct DiscountAgreement {
	/// The period's first month.
	pub start: PeriodMonth,
	/// The period's length in months (1 to [`MAX_PERIOD_MONTHS`], typically 12).
	pub months: u8,
	/// Interim true-ups every this many months (on cumulative figures, without shortfalls);
	/// zero: one true-up at the end of the period only.
	#[serde(default)]
	pub true_up_every: u8,
	/// Usage on network A (B's subscribers), charged by A to B.
	pub network_a: DirectionTerms,
	/// Usage on network B (A's subscribers), charged by B to A.
	pub network_b: DirectionTerms,
}

/// One of the two networks of an agreement.
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
pub enum Party {
	/// Network A.
	A,
	/// Network B.
	B,
}

impl Party {
	/// The other network.
	pub fn other(self) -> Party {
		match self {
			Party::A => Party::B,
			Party::B => Party::A,
		}
	}
}

/// What is wrong with one direction's terms.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum TermsProblem {
	/// A discount group or commitment lists no service.
	NoServices,
	/// A service is listed twice in one group or commitment, or in two discount groups.
	DuplicateService(Service),
	/// A volume-priced model or a volume commitment mixes services of different usage units
	/// (calls are counted in seconds, SMS in messages, data in kilobytes).
	MixedUnits,
	/// A tier or band list is empty.
	NoTiers,
	/// Tiers or bands are not in strictly ascending order.
	NotAscending,
	/// Incremental volume tiers must start at zero (the first band's price is needed).
	FirstTierNotZero,
	/// A revenue tier's discount is above 10,000 basis points.
	AboveWhole,
	/// A revenue commitment covers part of a discount group: its charge cannot be split.
	SplitsDiscountGroup,
}

/// Why a discount agreement or a true-up was refused.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DiscountError {
	/// The start month is not a valid month.
	InvalidStart,
	/// The period has no month or more than [`MAX_PERIOD_MONTHS`].
	InvalidLength,
	/// `trueUpEvery` is longer than the period.
	InvalidSchedule,
	/// One direction's terms are inconsistent.
	InvalidTerms(Party, TermsProblem),
	/// No month's figures were given.
	NoMonths,
	/// More months' figures than the period has.
	TooManyMonths,
	/// The figures are not the period's months in order from its start: this month was
	/// expected at that position.
	UnexpectedMonth(PeriodMonth),
	/// An interim true-up after a number of months the schedule does not name.
	NotScheduled,
	/// The previous credit note is not an earlier interim note of this period.
	PreviousMismatch,
	/// An amount does not fit in 128 bits (or a signed one in 127): figures are implausibly
	/// large.
	Overflow,
}

impl core::fmt::Display for DiscountError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		match self {
			DiscountError::InvalidTerms(party, problem) => {
				write!(f, "discount terms of network {party:?}: {problem:?}")
			},
			DiscountError::UnexpectedMonth(month) => {
				write!(f, "expected the figures of {:04}-{:02} here", month.year, month.month)
			},
			other => write!(f, "{other:?}"),
		}
	}
}

/// Whether all `services` share one usage unit.
fn same_unit(services: &[Service]) -> bool {
	let mut units = services.iter().map(|s| s.units_per_rating_unit());
	match units.next() {
		Some(first) => units.all(|u| u == first),
		None => true,
	}
}

/// A service list that is not empty and names each service once.
fn check_list(services: &[Service]) -> Result<(), TermsProblem> {
	if services.is_empty() {
		return Err(TermsProblem::NoServices);
	}
	for (index, service) in services.iter().enumerate() {
		if services.iter().skip(index.saturating_add(1)).any(|s| s == service) {
			return Err(TermsProblem::DuplicateService(*service));
		}
	}
	Ok(())
}

/// Whether `from` values are strictly ascending.
fn ascending(values: impl Iterator<Item = u128>) -> bool {
	let mut previous: Option<u128> = None;
	for value in values {
		if previous.is_some_and(|p| p >= value) {
			return false;
		}
		previous = Some(value);
	}
	true
}

impl ServiceModel {
	fn check(&self) -> Result<(), TermsProblem> {
		match self {
			ServiceModel::VolumeTiers { style, tiers } => {
				let first = tiers.first().ok_or(TermsProblem::NoTiers)?;
				if *style == DiscountModel::Incremental && first.from != 0 {
					return Err(TermsProblem::FirstTierNotZero);
				}
				if !ascending(tiers.iter().map(|t| u128::from(t.from))) {
					return Err(TermsProblem::NotAscending);
				}
			},
			ServiceModel::RevenueTiers { tiers, .. } => {
				if tiers.is_empty() {
					return Err(TermsProblem::NoTiers);
				}
				if !ascending(tiers.iter().map(|t| t.from)) {
					return Err(TermsProblem::NotAscending);
				}
				if tiers.iter().any(|t| u128::from(t.basis_points) > BASIS_POINTS) {
					return Err(TermsProblem::AboveWhole);
				}
			},
			ServiceModel::FlatRate { bands, .. } => {
				if bands.is_empty() {
					return Err(TermsProblem::NoTiers);
				}
				if !ascending(bands.iter().map(|b| u128::from(b.up_to))) {
					return Err(TermsProblem::NotAscending);
				}
			},
			ServiceModel::Balanced { .. } => {},
		}
		Ok(())
	}
}

impl DirectionTerms {
	/// The index of the discount group that covers `service`, if any.
	pub fn group_of(&self, service: Service) -> Option<usize> {
		self.discounts.iter().position(|d| d.services.contains(&service))
	}

	/// Checks the direction's groups and commitments.
	pub fn check(&self) -> Result<(), TermsProblem> {
		for (index, discount) in self.discounts.iter().enumerate() {
			check_list(&discount.services)?;
			if discount.model.prices_volume() && !same_unit(&discount.services) {
				return Err(TermsProblem::MixedUnits);
			}
			discount.model.check()?;
			// No service in two groups.
			for other in self.discounts.iter().skip(index.saturating_add(1)) {
				if let Some(service) =
					other.services.iter().find(|s| discount.services.contains(*s))
				{
					return Err(TermsProblem::DuplicateService(*service));
				}
			}
		}
		for commitment in &self.commitments {
			check_list(&commitment.services)?;
			match commitment.kind {
				CommitmentKind::Volume { .. } => {
					if !same_unit(&commitment.services) {
						return Err(TermsProblem::MixedUnits);
					}
				},
				CommitmentKind::Revenue { .. } => {
					let splits = self.discounts.iter().any(|d| {
						let covered =
							d.services.iter().filter(|s| commitment.services.contains(*s));
						let count = covered.count();
						count != 0 && count != d.services.len()
					});
					if splits {
						return Err(TermsProblem::SplitsDiscountGroup);
					}
				},
			}
		}
		Ok(())
	}
}

impl DiscountAgreement {
	/// The terms of the direction whose visited network is `party`.
	pub fn direction(&self, party: Party) -> &DirectionTerms {
		match party {
			Party::A => &self.network_a,
			Party::B => &self.network_b,
		}
	}

	/// Checks the agreement: a valid start, 1 to [`MAX_PERIOD_MONTHS`] months, a schedule
	/// within the period, and consistent terms in both directions. The pallet calls this before
	/// storing an agreement; [`super::true_up`] calls it again.
	pub fn validate(&self) -> Result<(), DiscountError> {
		if !self.start.is_valid() {
			return Err(DiscountError::InvalidStart);
		}
		if self.months == 0 || u32::from(self.months) > MAX_PERIOD_MONTHS {
			return Err(DiscountError::InvalidLength);
		}
		if self.start.plus(u32::from(self.months)).is_none() {
			return Err(DiscountError::InvalidLength);
		}
		if self.true_up_every > self.months {
			return Err(DiscountError::InvalidSchedule);
		}
		for party in [Party::A, Party::B] {
			self.direction(party)
				.check()
				.map_err(|problem| DiscountError::InvalidTerms(party, problem))?;
		}
		Ok(())
	}

	/// The last month of the period.
	pub fn end(&self) -> Option<PeriodMonth> {
		self.start.plus(u32::from(self.months).checked_sub(1)?)
	}
}
