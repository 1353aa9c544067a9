//! The true-up of a discount agreement: the period's usage charged under the discount models
//! and commitments, against what monthly provisional settlement at IOT rates already charged,
//! into one credit (or debit) note per direction and their net.
//!
//! ## Arithmetic
//!
//! Every charge is kept exactly in **accrual units**, [`ACCRUAL_UNITS`] to the minor unit
//! (the rating crate's sub-units times 10,000, so that a revenue discount in basis points of an
//! exact IOT charge is exact too). Each direction's amount due is rounded **once, half up**, to
//! the minor unit; the note's adjustment and the net are differences of whole minor units.
//!
//! ## What counts
//!
//! - The IOT charge of a service is rated month by month with the IOT of the period (as
//!   provisional settlement rated it: usage rounded up to the increment, minimums and set-up
//!   fees per event) and added up exactly.
//! - Volumes are the months' reported volumes added up (seconds of calls, messages, kilobytes
//!   of data; no further rounding); discount prices apply to them exactly, per second and per
//!   kilobyte.
//! - Services in no discount group are charged at the IOT.
//! - Commitments are settled only by the final note (after the period's last month); an
//!   interim note (after a multiple of `trueUpEvery` months) applies the tiers to the
//!   cumulative figures so far and the final note settles the rest.

use crate::{
	amount_string,
	discount::{
		agreement::{
			CommitmentKind, DirectionTerms, DiscountAgreement, DiscountError, Party, PeriodMonth,
			ServiceDiscount, ServiceModel, MAX_COMMITMENTS, MAX_PERIOD_MONTHS,
			MAX_SERVICE_DISCOUNTS,
		},
		DiscountModel,
	},
	rate::service_charge_exact,
	rounding::{Amount, ExactAmount, BASIS_POINTS, RATE_SCALE, SUB_UNITS},
	tariff::Service,
	usage::UsageTotals,
};
use bounded_collections::{BoundedVec, ConstU32};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Accrual units per minor unit: [`SUB_UNITS`] × 10,000 (3 × 10^22).
pub const ACCRUAL_UNITS: u128 = SUB_UNITS * BASIS_POINTS;

/// An exact amount in accrual units ([`ACCRUAL_UNITS`] to the minor unit).
pub type AccrualAmount = u128;

/// One direction's figures of one month.
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
pub struct MonthUsage {
	/// The month's accepted usage totals.
	pub usage: UsageTotals,
	/// What monthly settlement charged for it at IOT rates, in minor units.
	#[serde(with = "amount_string")]
	pub provisional: Amount,
}

/// Both directions' figures of one month of the period.
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
pub struct MonthFigures {
	/// The month.
	pub month: PeriodMonth,
	/// Usage on network A (charged by A to B).
	pub network_a: MonthUsage,
	/// Usage on network B (charged by B to A).
	pub network_b: MonthUsage,
}

/// A period's monthly figures, in month order from the period's start.
pub type PeriodFigures = BoundedVec<MonthFigures, ConstU32<MAX_PERIOD_MONTHS>>;

/// The IOT charge and the discounted charge of one discount group.
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
pub struct GroupCharge {
	/// The group's period volume in its usage unit (seconds, messages or kilobytes).
	#[serde(with = "amount_string")]
	pub volume: u128,
	/// Its IOT charge, in accrual units.
	#[serde(with = "amount_string")]
	pub iot_exact: AccrualAmount,
	/// Its charge under the group's model, in accrual units.
	#[serde(with = "amount_string")]
	pub charge_exact: AccrualAmount,
}

/// The shortfall payment of one commitment.
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
pub struct Shortfall {
	/// What the commitment measures over the period: volume in the usage unit, or the charge in
	/// accrual units.
	#[serde(with = "amount_string")]
	pub actual: u128,
	/// The payment, in accrual units (zero when the commitment was met).
	#[serde(with = "amount_string")]
	pub payment_exact: AccrualAmount,
}

/// One direction of a credit note.
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
pub struct DirectionNote {
	/// The usage's charge at IOT rates, in accrual units.
	#[serde(with = "amount_string")]
	pub iot_exact: AccrualAmount,
	/// The same, rounded half up (for reading: provisional settlement rounded each month).
	#[serde(with = "amount_string")]
	pub iot: Amount,
	/// The charge under the discount models (groups) and the IOT (other services), in accrual
	/// units.
	#[serde(with = "amount_string")]
	pub discounted_exact: AccrualAmount,
	/// The commitments' shortfall payments, in accrual units (final note only).
	#[serde(with = "amount_string")]
	pub shortfall_exact: AccrualAmount,
	/// What is due for the months covered: discounted charge plus shortfalls, rounded once,
	/// half up, in minor units.
	#[serde(with = "amount_string")]
	pub due: Amount,
	/// What monthly provisional settlement charged for the months covered.
	#[serde(with = "amount_string")]
	pub provisional: Amount,
	/// The adjustments of earlier interim notes of the period.
	#[serde(with = "amount_string::signed")]
	pub previously_adjusted: i128,
	/// This note's amount: `due − provisional − previouslyAdjusted`. Positive: the home
	/// network owes the visited network more (a debit note); negative: the visited network
	/// credits the home network.
	#[serde(with = "amount_string::signed")]
	pub adjustment: i128,
	/// Per discount group, in the terms' order.
	pub groups: BoundedVec<GroupCharge, ConstU32<MAX_SERVICE_DISCOUNTS>>,
	/// Per commitment, in the terms' order (empty on an interim note).
	pub shortfalls: BoundedVec<Shortfall, ConstU32<MAX_COMMITMENTS>>,
}

/// The true-up of a discount agreement after some (or all) months of its period.
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
pub struct CreditNote {
	/// The period's first month.
	pub start: PeriodMonth,
	/// Months covered, from the start.
	pub months: u8,
	/// Whether this is the period's final note (commitments settled).
	pub is_final: bool,
	/// Usage on network A, charged by A to B.
	pub network_a: DirectionNote,
	/// Usage on network B, charged by B to A.
	pub network_b: DirectionNote,
	/// The net of the two adjustments, owed to A (positive) or by A to B (negative), in minor
	/// units: what goes to clearing.
	#[serde(with = "amount_string::signed")]
	pub net_to_a: i128,
}

impl DirectionNote {
	/// Whether the direction's figures agree with each other: `due` is the exact charge plus
	/// the shortfalls rounded once, half up; the shortfalls add up; and the earlier adjustments
	/// plus this one are exactly what is due less what was billed provisionally.
	pub fn is_consistent(&self) -> bool {
		let exact = self.discounted_exact.checked_add(self.shortfall_exact);
		let shortfalls =
			self.shortfalls.iter().try_fold(0u128, |sum, s| sum.checked_add(s.payment_exact));
		let adjusted = self.previously_adjusted.checked_add(self.adjustment);
		let owed = match (i128::try_from(self.due), i128::try_from(self.provisional)) {
			(Ok(due), Ok(provisional)) => due.checked_sub(provisional),
			_ => None,
		};
		exact.map(round_accrual) == Some(self.due)
			&& shortfalls == Some(self.shortfall_exact)
			&& adjusted.is_some()
			&& adjusted == owed
	}
}

impl CreditNote {
	/// Whether the note agrees with itself: each direction is consistent, the net is A's
	/// adjustment less B's, and only a final note carries shortfalls. (The pallet's `try_state`
	/// can check stored notes with it; a true-up refuses a previous note that is not.)
	pub fn is_consistent(&self) -> bool {
		let shortfalls_only_final = self.is_final
			|| (self.network_a.shortfalls.is_empty() && self.network_b.shortfalls.is_empty());
		self.network_a.is_consistent()
			&& self.network_b.is_consistent()
			&& shortfalls_only_final
			&& self.network_a.adjustment.checked_sub(self.network_b.adjustment)
				== Some(self.net_to_a)
	}

	/// The one payment that settles the note: `(payer, payee, amount)`, or `None` when the net
	/// is zero.
	pub fn obligation(&self) -> Option<(Party, Party, Amount)> {
		let amount = self.net_to_a.unsigned_abs();
		match self.net_to_a {
			0 => None,
			net if net > 0 => Some((Party::B, Party::A, amount)),
			_ => Some((Party::A, Party::B, amount)),
		}
	}
}

/// An accrual amount rounded half up to the minor unit.
pub fn round_accrual(exact: AccrualAmount) -> Amount {
	let whole = exact / ACCRUAL_UNITS;
	if exact % ACCRUAL_UNITS >= ACCRUAL_UNITS / 2 {
		whole.saturating_add(1)
	} else {
		whole
	}
}

const OVERFLOW: DiscountError = DiscountError::Overflow;

/// The position of `service` in [`Service::ALL`].
fn slot(service: Service) -> usize {
	match service {
		Service::MocLocal => 0,
		Service::MocHome => 1,
		Service::MocInternational => 2,
		Service::Mtc => 3,
		Service::SmsMo => 4,
		Service::SmsMt => 5,
		Service::Data => 6,
		Service::Volte => 7,
		Service::Video => 8,
	}
}

/// One direction's period totals per service.
#[derive(Default)]
struct Totals {
	/// Volume in the usage unit.
	volume: [u128; 9],
	/// IOT charge in sub-units.
	iot: [ExactAmount; 9],
}

impl Totals {
	fn volume(&self, services: &[Service]) -> Result<u128, DiscountError> {
		services.iter().try_fold(0u128, |sum, s| {
			sum.checked_add(self.volume.get(slot(*s)).copied().unwrap_or(0)).ok_or(OVERFLOW)
		})
	}

	fn iot(&self, services: &[Service]) -> Result<ExactAmount, DiscountError> {
		services.iter().try_fold(0u128, |sum, s| {
			sum.checked_add(self.iot.get(slot(*s)).copied().unwrap_or(0)).ok_or(OVERFLOW)
		})
	}
}

/// The period totals of `terms`' direction from the months' usage of that direction.
fn totals(
	terms: &DirectionTerms,
	months: impl Iterator<Item = UsageTotals>,
) -> Result<Totals, DiscountError> {
	let mut totals = Totals::default();
	for usage in months {
		for service in Service::ALL {
			let used = usage.service(service);
			let charge = service_charge_exact(service, terms.iot.rate(service), used)
				.map_err(|_| OVERFLOW)?;
			let index = slot(service);
			if let Some(v) = totals.volume.get_mut(index) {
				*v = v.checked_add(u128::from(used.volume)).ok_or(OVERFLOW)?;
			}
			if let Some(c) = totals.iot.get_mut(index) {
				*c = c.checked_add(charge).ok_or(OVERFLOW)?;
			}
		}
	}
	Ok(totals)
}

/// The period volumes of the months' usage (no charges).
fn volumes(months: impl Iterator<Item = UsageTotals>) -> Result<Totals, DiscountError> {
	let mut totals = Totals::default();
	for usage in months {
		for service in Service::ALL {
			if let Some(v) = totals.volume.get_mut(slot(service)) {
				*v = v.checked_add(u128::from(usage.service(service).volume)).ok_or(OVERFLOW)?;
			}
		}
	}
	Ok(totals)
}

/// `volume` usage units at `price` thousandths of a minor unit per rating unit of
/// `units_per_rating_unit` usage units, in accrual units (exact: [`ACCRUAL_UNITS`] is a
/// multiple of 1,000 × 60 and of 1,000 × 1,024).
fn price_volume(
	volume: u128,
	price: u64,
	units_per_rating_unit: u128,
) -> Result<u128, DiscountError> {
	let per_unit = RATE_SCALE
		.checked_mul(units_per_rating_unit)
		.and_then(|d| ACCRUAL_UNITS.checked_div(d))
		.ok_or(OVERFLOW)?;
	volume.checked_mul(u128::from(price)).and_then(|c| c.checked_mul(per_unit)).ok_or(OVERFLOW)
}

/// `units` rating units in usage units.
fn usage_units(units: u64, units_per_rating_unit: u128) -> Result<u128, DiscountError> {
	u128::from(units).checked_mul(units_per_rating_unit).ok_or(OVERFLOW)
}

/// The group's period volume, IOT charge and charge under its model, in accrual units.
fn group_charge(
	discount: &ServiceDiscount,
	own: &Totals,
	reverse: &Totals,
) -> Result<GroupCharge, DiscountError> {
	let services = &discount.services;
	let upr = services.first().map_or(1, |s| s.units_per_rating_unit());
	let volume = own.volume(services)?;
	let iot = own.iot(services)?;
	let iot_exact = iot.checked_mul(BASIS_POINTS).ok_or(OVERFLOW)?;
	let charge_exact = match &discount.model {
		ServiceModel::VolumeTiers { style: DiscountModel::AllUnits, tiers } => {
			let mut reached = None;
			for tier in tiers.iter() {
				if usage_units(tier.from, upr)? <= volume {
					reached = Some(tier);
				}
			}
			match reached {
				Some(tier) => price_volume(volume, tier.price, upr)?,
				None => iot_exact,
			}
		},
		ServiceModel::VolumeTiers { style: DiscountModel::Incremental, tiers } => {
			let mut charge: u128 = 0;
			for (index, tier) in tiers.iter().enumerate() {
				let lower = usage_units(tier.from, upr)?;
				if volume <= lower {
					break;
				}
				let upper = match tiers.get(index.saturating_add(1)) {
					Some(next) => usage_units(next.from, upr)?.min(volume),
					None => volume,
				};
				let band = upper.checked_sub(lower).ok_or(OVERFLOW)?;
				charge =
					charge.checked_add(price_volume(band, tier.price, upr)?).ok_or(OVERFLOW)?;
			}
			charge
		},
		ServiceModel::RevenueTiers { style, tiers } => {
			// Thresholds in sub-units; a band of the charge × its basis points is exact in
			// accrual units.
			let mut discount: u128 = 0;
			for (index, tier) in tiers.iter().enumerate() {
				let lower = tier.from.checked_mul(SUB_UNITS).ok_or(OVERFLOW)?;
				let reached = if *style == DiscountModel::AllUnits {
					iot > 0 && lower <= iot
				} else {
					iot > lower
				};
				if !reached {
					break;
				}
				let base = match (style, tiers.get(index.saturating_add(1))) {
					(DiscountModel::AllUnits, _) => iot,
					(DiscountModel::Incremental, Some(next)) => {
						let upper = next.from.checked_mul(SUB_UNITS).ok_or(OVERFLOW)?.min(iot);
						upper.checked_sub(lower).ok_or(OVERFLOW)?
					},
					(DiscountModel::Incremental, None) => iot.checked_sub(lower).ok_or(OVERFLOW)?,
				};
				let share = base.checked_mul(u128::from(tier.basis_points)).ok_or(OVERFLOW)?;
				discount = if *style == DiscountModel::AllUnits {
					// The highest tier reached replaces the lower ones.
					share
				} else {
					discount.checked_add(share).ok_or(OVERFLOW)?
				};
			}
			iot_exact.checked_sub(discount).ok_or(OVERFLOW)?
		},
		ServiceModel::FlatRate { bands, excess_price } => {
			if volume == 0 {
				0
			} else {
				let mut within = None;
				for band in bands.iter() {
					if volume <= usage_units(band.up_to, upr)? {
						within = Some(band);
						break;
					}
				}
				match (within, bands.last()) {
					(Some(band), _) => band.charge.checked_mul(ACCRUAL_UNITS).ok_or(OVERFLOW)?,
					(None, Some(last)) => {
						let excess =
							volume.checked_sub(usage_units(last.up_to, upr)?).ok_or(OVERFLOW)?;
						last.charge
							.checked_mul(ACCRUAL_UNITS)
							.ok_or(OVERFLOW)?
							.checked_add(price_volume(excess, *excess_price, upr)?)
							.ok_or(OVERFLOW)?
					},
					(None, None) => iot_exact,
				}
			}
		},
		ServiceModel::Balanced { balanced_price, unbalanced_price } => {
			let balanced = volume.min(reverse.volume(services)?);
			let unbalanced = volume.checked_sub(balanced).ok_or(OVERFLOW)?;
			price_volume(balanced, *balanced_price, upr)?
				.checked_add(price_volume(unbalanced, *unbalanced_price, upr)?)
				.ok_or(OVERFLOW)?
		},
	};
	Ok(GroupCharge { volume, iot_exact, charge_exact })
}

fn signed(amount: Amount) -> Result<i128, DiscountError> {
	i128::try_from(amount).map_err(|_| OVERFLOW)
}

/// One direction's note.
fn direction_note(
	terms: &DirectionTerms,
	months: &[MonthFigures],
	party: Party,
	is_final: bool,
	previously_adjusted: i128,
) -> Result<DirectionNote, DiscountError> {
	let pick = |m: &MonthFigures| match party {
		Party::A => m.network_a,
		Party::B => m.network_b,
	};
	let reverse_of = |m: &MonthFigures| match party {
		Party::A => m.network_b,
		Party::B => m.network_a,
	};
	let own = totals(terms, months.iter().map(|m| pick(m).usage))?;
	// The reverse direction's volumes only (for balanced traffic).
	let reverse = volumes(months.iter().map(|m| reverse_of(m).usage))?;

	let mut groups: BoundedVec<GroupCharge, ConstU32<MAX_SERVICE_DISCOUNTS>> = BoundedVec::new();
	let mut discounted_exact: AccrualAmount = 0;
	for discount in terms.discounts.iter() {
		let group = group_charge(discount, &own, &reverse)?;
		discounted_exact = discounted_exact.checked_add(group.charge_exact).ok_or(OVERFLOW)?;
		groups.try_push(group).map_err(|_| OVERFLOW)?;
	}
	let mut iot_sub: ExactAmount = 0;
	for service in Service::ALL {
		let charge = own.iot(&[service])?;
		iot_sub = iot_sub.checked_add(charge).ok_or(OVERFLOW)?;
		if terms.group_of(service).is_none() {
			let exact = charge.checked_mul(BASIS_POINTS).ok_or(OVERFLOW)?;
			discounted_exact = discounted_exact.checked_add(exact).ok_or(OVERFLOW)?;
		}
	}
	let iot_exact = iot_sub.checked_mul(BASIS_POINTS).ok_or(OVERFLOW)?;

	let mut shortfalls: BoundedVec<Shortfall, ConstU32<MAX_COMMITMENTS>> = BoundedVec::new();
	let mut shortfall_exact: AccrualAmount = 0;
	if is_final {
		for commitment in terms.commitments.iter() {
			let services = &commitment.services;
			let shortfall = match commitment.kind {
				CommitmentKind::Volume { units, shortfall_price } => {
					let upr = services.first().map_or(1, |s| s.units_per_rating_unit());
					let actual = own.volume(services)?;
					let missing = usage_units(units, upr)?.saturating_sub(actual);
					Shortfall {
						actual,
						payment_exact: price_volume(missing, shortfall_price, upr)?,
					}
				},
				CommitmentKind::Revenue { amount } => {
					// The discounted charge of the groups it covers (wholly: validated) and the
					// IOT charge of its services in no group.
					let mut actual: AccrualAmount = 0;
					for (discount, group) in terms.discounts.iter().zip(groups.iter()) {
						if discount.services.iter().any(|s| services.contains(s)) {
							actual = actual.checked_add(group.charge_exact).ok_or(OVERFLOW)?;
						}
					}
					for service in services.iter().filter(|s| terms.group_of(**s).is_none()) {
						let exact =
							own.iot(&[*service])?.checked_mul(BASIS_POINTS).ok_or(OVERFLOW)?;
						actual = actual.checked_add(exact).ok_or(OVERFLOW)?;
					}
					let committed = amount.checked_mul(ACCRUAL_UNITS).ok_or(OVERFLOW)?;
					Shortfall { actual, payment_exact: committed.saturating_sub(actual) }
				},
			};
			shortfall_exact =
				shortfall_exact.checked_add(shortfall.payment_exact).ok_or(OVERFLOW)?;
			shortfalls.try_push(shortfall).map_err(|_| OVERFLOW)?;
		}
	}

	let due = round_accrual(discounted_exact.checked_add(shortfall_exact).ok_or(OVERFLOW)?);
	let provisional = months
		.iter()
		.try_fold(0u128, |sum, m| sum.checked_add(pick(m).provisional))
		.ok_or(OVERFLOW)?;
	let adjustment = signed(due)?
		.checked_sub(signed(provisional)?)
		.and_then(|a| a.checked_sub(previously_adjusted))
		.ok_or(OVERFLOW)?;
	Ok(DirectionNote {
		iot_exact,
		iot: round_accrual(iot_exact),
		discounted_exact,
		shortfall_exact,
		due,
		provisional,
		previously_adjusted,
		adjustment,
		groups,
		shortfalls,
	})
}

/// The true-up of `agreement` over `months` (the period's months in order from its start):
/// the final note when they are all of the period's months, else an interim note, allowed
/// after each multiple of `trueUpEvery` months. `previous` is the period's latest interim note,
/// whose adjustments this note does not repeat (for a final note after interim ones; `None`
/// for the first note of the period); it must be of this period, on its schedule, cover fewer
/// months and agree with itself ([`CreditNote::is_consistent`]).
pub fn true_up(
	agreement: &DiscountAgreement,
	months: &[MonthFigures],
	previous: Option<&CreditNote>,
) -> Result<CreditNote, DiscountError> {
	agreement.validate()?;
	if months.is_empty() {
		return Err(DiscountError::NoMonths);
	}
	if months.len() > usize::from(agreement.months) {
		return Err(DiscountError::TooManyMonths);
	}
	for (index, figures) in months.iter().enumerate() {
		let expected = u32::try_from(index)
			.ok()
			.and_then(|i| agreement.start.plus(i))
			.ok_or(DiscountError::InvalidLength)?;
		if figures.month != expected {
			return Err(DiscountError::UnexpectedMonth(expected));
		}
	}
	let covered = u8::try_from(months.len()).map_err(|_| DiscountError::TooManyMonths)?;
	let is_final = covered == agreement.months;
	if !is_final
		&& (agreement.true_up_every == 0 || covered.checked_rem(agreement.true_up_every) != Some(0))
	{
		return Err(DiscountError::NotScheduled);
	}
	let (earlier_a, earlier_b) = match previous {
		None => (0, 0),
		Some(note) => {
			let on_schedule = agreement.true_up_every != 0
				&& note.months.checked_rem(agreement.true_up_every) == Some(0);
			if note.start != agreement.start
				|| note.is_final
				|| note.months >= covered
				|| !on_schedule
				|| !note.is_consistent()
			{
				return Err(DiscountError::PreviousMismatch);
			}
			let sum = |d: &DirectionNote| d.previously_adjusted.checked_add(d.adjustment);
			(sum(&note.network_a).ok_or(OVERFLOW)?, sum(&note.network_b).ok_or(OVERFLOW)?)
		},
	};
	let network_a = direction_note(&agreement.network_a, months, Party::A, is_final, earlier_a)?;
	let network_b = direction_note(&agreement.network_b, months, Party::B, is_final, earlier_b)?;
	let net_to_a = network_a.adjustment.checked_sub(network_b.adjustment).ok_or(OVERFLOW)?;
	Ok(CreditNote {
		start: agreement.start,
		months: covered,
		is_final,
		network_a,
		network_b,
		net_to_a,
	})
}
