//! Re-rating, discounts and currency conversion: pure integer arithmetic with stated rounding.
//!
//! Rounding rules (the same on every node, and what the parties' billing systems reproduce):
//! - **Usage** is charged in whole increments: chargeable seconds (voice) and kilobytes (data)
//!   that are not a multiple of the tariff's increment round *up* to the next increment.
//! - **Charges are exact below the minor unit.** A batch's re-rating and a claim's conversion
//!   into the agreement's currency are kept exactly, in sub-units ([`SUB_UNITS`] to the minor
//!   unit, a precision in which every tariff charge and every conversion is exact): no batch is
//!   ever rounded on its own, so splitting usage over many files, or converting it file by file,
//!   books exactly what one file would.
//! - **A batch books** the exact re-rating when its claim is within one minor unit of it (the
//!   difference is the sender's rounding of the same figure), and otherwise its exact claim
//!   ([`booked_value`]). A claim exceeding the exact re-rating by the tolerance plus one minor
//!   unit or more opens a reconciliation of the excess, rounded up ([`reconciliation`]).
//! - **A period** rounds once: each direction's exact total is rounded *half up* to the minor
//!   unit when the period is closed (and the running totals show the same rounding).
//! - **A discount** is the sum of each band's exact share, rounded *down* to the minor unit
//!   (never more discount than the tiers give).

use crate::types::{
	Discount, DiscountModel, ExactAmount, ExchangeRate, Rate, Tariff, Tolerance, UsageTotals,
	BASIS_POINTS, KILOBYTES_PER_MEGABYTE, RATE_SCALE, SECONDS_PER_MINUTE, SUB_UNITS,
};
use telecom_primitives::Amount;

/// Common denominator of the per-service rating units: a minute has 60 seconds and a megabyte
/// 1,024 kilobytes, so every service is expressed in 1/(60 × 1,024) of a rating unit.
const UNIT_DENOMINATOR: u128 = SECONDS_PER_MINUTE * KILOBYTES_PER_MEGABYTE;

/// Sub-units per 1/(60 × 1,024 × 1,000) of a minor unit, the unit a service charge is computed
/// in (an exact division: see [`SUB_UNITS`]).
const SUB_UNITS_PER_RATING_UNIT: u128 = SUB_UNITS / (UNIT_DENOMINATOR * RATE_SCALE);

/// `usage` rounded up to a whole number of `increment`s (an increment of zero counts as one).
pub fn chargeable(usage: u64, increment: u32) -> Option<u128> {
	let increment = u128::from(increment.max(1));
	let usage = u128::from(usage);
	let remainder = usage.checked_rem(increment)?;
	if remainder == 0 {
		Some(usage)
	} else {
		usage.checked_add(increment.checked_sub(remainder)?)
	}
}

/// The exact charge of one service in 1/(60 × 1,024 × 1,000) of a minor unit.
fn service_charge(rate: &Rate, units: u128, units_per_rating_unit: u128) -> Option<u128> {
	let scale = UNIT_DENOMINATOR.checked_div(units_per_rating_unit)?;
	units.checked_mul(u128::from(rate.price))?.checked_mul(scale)
}

/// Re-rates `usage` against `tariff` exactly: the charge in sub-units, or `None` on overflow.
pub fn rate_usage_exact(tariff: &Tariff, usage: &UsageTotals) -> Option<ExactAmount> {
	let voice_mo = chargeable(usage.voice_mo.seconds, tariff.voice_mo.increment)?;
	let voice_mt = chargeable(usage.voice_mt.seconds, tariff.voice_mt.increment)?;
	let data = chargeable(usage.data.kilobytes, tariff.data.increment)?;
	service_charge(&tariff.voice_mo, voice_mo, SECONDS_PER_MINUTE)?
		.checked_add(service_charge(&tariff.voice_mt, voice_mt, SECONDS_PER_MINUTE)?)?
		.checked_add(service_charge(&tariff.sms_mo, u128::from(usage.sms_mo), 1)?)?
		.checked_add(service_charge(&tariff.data, data, KILOBYTES_PER_MEGABYTE)?)?
		.checked_mul(SUB_UNITS_PER_RATING_UNIT)
}

/// Re-rates `usage` against `tariff` and rounds the batch half up to the minor unit: the
/// figure a sender claims for one file, or `None` on overflow. (The chain books the exact
/// charge, [`rate_usage_exact`], and rounds only a period's total.)
pub fn rate_usage(tariff: &Tariff, usage: &UsageTotals) -> Option<Amount> {
	rate_usage_exact(tariff, usage).map(round_half_up)
}

/// `amount` minor units in sub-units, or `None` on overflow.
pub fn to_exact(amount: Amount) -> Option<ExactAmount> {
	amount.checked_mul(SUB_UNITS)
}

/// An exact amount rounded half up to the minor unit: the one rounding of a period's total.
pub fn round_half_up(exact: ExactAmount) -> Amount {
	let whole = exact / SUB_UNITS;
	if exact % SUB_UNITS >= SUB_UNITS / 2 {
		whole.saturating_add(1)
	} else {
		whole
	}
}

/// An exact amount rounded up to the minor unit (the most a dispute of it may name).
pub fn round_up(exact: ExactAmount) -> Amount {
	let whole = exact / SUB_UNITS;
	if !exact.is_multiple_of(SUB_UNITS) {
		whole.saturating_add(1)
	} else {
		whole
	}
}

/// What a batch books, exactly: the re-rating when the claim is within one minor unit of it
/// (the difference is rounding, which the period total does once), else the claim itself.
pub fn booked_value(claimed: ExactAmount, rated: ExactAmount) -> ExactAmount {
	if claimed.abs_diff(rated) < SUB_UNITS {
		rated
	} else {
		claimed
	}
}

/// The amount (minor units, the excess rounded up) to put under reconciliation when the exact
/// `claimed` exceeds the exact `rated` by `tolerance` plus one minor unit or more: the
/// tolerance is the larger of its share of `rated` and its minimum, and anything under one
/// minor unit beyond it is rounding. `None` when the claim stands.
pub fn reconciliation(
	tolerance: &Tolerance,
	claimed: ExactAmount,
	rated: ExactAmount,
) -> Option<Amount> {
	let excess = claimed.checked_sub(rated)?;
	let share =
		(rated / BASIS_POINTS).saturating_mul(u128::from(tolerance.basis_points)).saturating_add(
			(rated % BASIS_POINTS).saturating_mul(u128::from(tolerance.basis_points))
				/ BASIS_POINTS,
		);
	let allowance = share.max(tolerance.minimum.saturating_mul(SUB_UNITS));
	(excess >= allowance.saturating_add(SUB_UNITS)).then(|| round_up(excess))
}

/// The discount `discount` grants on a period's accepted `charge`, or `None` on overflow.
pub fn discount_on(discount: &Discount, charge: Amount) -> Option<Amount> {
	match discount.model {
		DiscountModel::AllUnits => {
			let reached = discount.tiers.iter().rev().find(|tier| tier.from <= charge);
			match reached {
				Some(tier) if charge > 0 => {
					charge.checked_mul(u128::from(tier.basis_points))?.checked_div(BASIS_POINTS)
				},
				_ => Some(0),
			}
		},
		DiscountModel::Incremental => {
			let mut exact: u128 = 0;
			for (index, tier) in discount.tiers.iter().enumerate() {
				if charge <= tier.from {
					break;
				}
				let upper = discount
					.tiers
					.get(index.saturating_add(1))
					.map_or(charge, |next| next.from.min(charge));
				let band = upper.checked_sub(tier.from)?;
				exact = exact.checked_add(band.checked_mul(u128::from(tier.basis_points))?)?;
			}
			exact.checked_div(BASIS_POINTS)
		},
	}
}

/// `amount` minor units of the source currency converted at `rate` exactly, in sub-units of
/// the target currency, or `None` on overflow. Exact for rates of up to 18 decimals (the most
/// `set_exchange_rate` takes); beyond that the sub-unit is truncated.
pub fn convert_exact(amount: Amount, rate: &ExchangeRate) -> Option<ExactAmount> {
	let scale = 10u128.checked_pow(u32::from(rate.decimals))?;
	let converted = amount.checked_mul(rate.rate)?;
	if SUB_UNITS.checked_rem(scale)? == 0 {
		converted.checked_mul(SUB_UNITS.checked_div(scale)?)
	} else {
		converted.checked_mul(SUB_UNITS)?.checked_div(scale)
	}
}

/// `amount` converted at `rate`, rounded half up to the minor unit (for display: the chain
/// books [`convert_exact`] and rounds only a period's total), or `None` on overflow.
pub fn convert(amount: Amount, rate: &ExchangeRate) -> Option<Amount> {
	convert_exact(amount, rate).map(round_half_up)
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::types::{DataUsage, DiscountTier, VoiceUsage};

	fn tariff() -> Tariff {
		Tariff {
			// 0.05 XDR a minute, per-second billing.
			voice_mo: Rate { price: 5_000, increment: 1 },
			// 0.01 XDR a minute in 30-second increments.
			voice_mt: Rate { price: 1_000, increment: 30 },
			// 0.02 XDR a message.
			sms_mo: Rate { price: 2_000, increment: 0 },
			// 0.0125 XDR a megabyte, 10 KB increments.
			data: Rate { price: 1_250, increment: 10 },
		}
	}

	fn usage(mo_seconds: u64, mt_seconds: u64, sms: u32, kilobytes: u64) -> UsageTotals {
		UsageTotals {
			voice_mo: VoiceUsage { calls: 1, seconds: mo_seconds },
			voice_mt: VoiceUsage { calls: 1, seconds: mt_seconds },
			sms_mo: sms,
			data: DataUsage { sessions: 1, kilobytes },
		}
	}

	#[test]
	fn rates_each_service_exactly() {
		// 60 s MO at 5 cents a minute.
		assert_eq!(rate_usage(&tariff(), &usage(60, 0, 0, 0)), Some(5));
		// 60 s MT at 1 cent a minute.
		assert_eq!(rate_usage(&tariff(), &usage(0, 60, 0, 0)), Some(1));
		// 10 SMS at 2 cents.
		assert_eq!(rate_usage(&tariff(), &usage(0, 0, 10, 0)), Some(20));
		// 1,024,000 KB (1,000 MB) at 1.25 cents a MB.
		assert_eq!(rate_usage(&tariff(), &usage(0, 0, 0, 1_024_000)), Some(1_250));
	}

	#[test]
	fn increments_round_usage_up() {
		assert_eq!(chargeable(61, 30), Some(90));
		assert_eq!(chargeable(60, 30), Some(60));
		assert_eq!(chargeable(0, 30), Some(0));
		assert_eq!(chargeable(7, 0), Some(7), "a zero increment is one unit");
		assert_eq!(chargeable(u64::MAX, u32::MAX).map(|c| c >= u128::from(u64::MAX)), Some(true));
	}

	#[test]
	fn a_batch_rounds_once_half_up() {
		// 3,000 s MT = 50 min at 1 cent = 50 cents; +1 s rounds to 3,030 s = 50.5 → 51.
		assert_eq!(rate_usage(&tariff(), &usage(0, 3_000, 0, 0)), Some(50));
		assert_eq!(rate_usage(&tariff(), &usage(0, 3_001, 0, 0)), Some(51));
		// 6 s MO = 0.5 cent: half rounds up; 5 s = 0.4167 rounds down.
		assert_eq!(rate_usage(&tariff(), &usage(6, 0, 0, 0)), Some(1));
		assert_eq!(rate_usage(&tariff(), &usage(5, 0, 0, 0)), Some(0));
		// 5 s MO (0.417 cent) and 400 KB of data (0.488 cent) each round to nothing alone;
		// together (0.905 cent) they round once, to 1.
		assert_eq!(rate_usage(&tariff(), &usage(5, 0, 0, 400)), Some(1));
		assert_eq!(rate_usage(&tariff(), &usage(0, 0, 0, 400)), Some(0));
	}

	#[test]
	fn rating_is_exact_below_the_minor_unit_and_additive() {
		// 6 s MO = half a cent exactly; ten of them are exactly one 60 s file.
		let six = rate_usage_exact(&tariff(), &usage(6, 0, 0, 0)).unwrap();
		assert_eq!(six, SUB_UNITS / 2);
		let minute = rate_usage_exact(&tariff(), &usage(60, 0, 0, 0)).unwrap();
		assert_eq!(six * 10, minute);
		// 1 s MO (1/12 cent) and 1 KB in 10 KB increments (0.0122… cent) stay exact: 60 files
		// of a second make a minute, 1,024 files of 10 KB make 10 MB.
		let second = rate_usage_exact(&tariff(), &usage(1, 0, 0, 0)).unwrap();
		assert_eq!(second * 60, minute);
		let ten_kb = rate_usage_exact(&tariff(), &usage(0, 0, 0, 1)).unwrap();
		assert_eq!(ten_kb * 1_024, rate_usage_exact(&tariff(), &usage(0, 0, 0, 10_240)).unwrap());
		// Each file alone rounds half up (what a sender claims); the exact sum rounds once.
		assert_eq!(rate_usage(&tariff(), &usage(6, 0, 0, 0)), Some(1));
		assert_eq!(round_half_up(six * 10), 5);
	}

	#[test]
	fn rounding_to_the_minor_unit() {
		assert_eq!(round_half_up(0), 0);
		assert_eq!(round_half_up(SUB_UNITS / 2 - 1), 0);
		assert_eq!(round_half_up(SUB_UNITS / 2), 1);
		assert_eq!(round_half_up(3 * SUB_UNITS), 3);
		assert_eq!(round_up(0), 0);
		assert_eq!(round_up(1), 1);
		assert_eq!(round_up(SUB_UNITS), 1);
		assert_eq!(round_up(SUB_UNITS + 1), 2);
		assert_eq!(to_exact(2), Some(2 * SUB_UNITS));
		assert_eq!(to_exact(u128::MAX / SUB_UNITS + 1), None);
	}

	#[test]
	fn a_claim_within_a_minor_unit_books_the_exact_rating() {
		let half = SUB_UNITS / 2;
		// The sender's rounding of the same figure, either way: the rating.
		assert_eq!(booked_value(SUB_UNITS, half), half);
		assert_eq!(booked_value(0, half), half);
		assert_eq!(booked_value(2 * SUB_UNITS - 1, SUB_UNITS), SUB_UNITS);
		// A whole minor unit or more away: the claim stands.
		assert_eq!(booked_value(2 * SUB_UNITS, SUB_UNITS), 2 * SUB_UNITS);
		assert_eq!(booked_value(0, SUB_UNITS), 0);
		assert_eq!(booked_value(3 * SUB_UNITS, half), 3 * SUB_UNITS);
	}

	#[test]
	fn reconciliation_starts_a_minor_unit_beyond_the_tolerance() {
		let five = Tolerance { basis_points: 0, minimum: 5 };
		let rated = 100 * SUB_UNITS + SUB_UNITS / 2; // 100.5
											   // Up to 5 + anything under 1 over the exact rating stands.
		assert_eq!(reconciliation(&five, rated + 6 * SUB_UNITS - 1, rated), None);
		// 6 over: the excess is reconciled, rounded up.
		assert_eq!(reconciliation(&five, rated + 6 * SUB_UNITS, rated), Some(6));
		assert_eq!(reconciliation(&five, rated + 6 * SUB_UNITS + 1, rated), Some(7));
		// Under-claims never reconcile.
		assert_eq!(reconciliation(&five, 0, rated), None);
		// The share is exact: 1 % of 1,000.5 is 10.005.
		let share = Tolerance { basis_points: 100, minimum: 0 };
		let rated = 1_000 * SUB_UNITS + SUB_UNITS / 2;
		let at = rated + 11 * SUB_UNITS + SUB_UNITS / 200; // 10.005 + 1 over
		assert_eq!(reconciliation(&share, at - 1, rated), None);
		assert_eq!(reconciliation(&share, at, rated), Some(12));
		// No tolerance: a whole minor unit over the exact rating is reconciled.
		let none = Tolerance::default();
		assert_eq!(reconciliation(&none, SUB_UNITS, SUB_UNITS / 2), None);
		assert_eq!(reconciliation(&none, 2 * SUB_UNITS, SUB_UNITS / 2), Some(2));
		assert_eq!(reconciliation(&none, u128::MAX, 0), Some(u128::MAX / SUB_UNITS + 1));
	}

	#[test]
	fn conversion_is_exact_and_additive() {
		let rate = ExchangeRate { rate: 8_675, decimals: 4 };
		assert_eq!(convert_exact(1, &rate), Some(SUB_UNITS / 10_000 * 8_675));
		assert_eq!(convert_exact(3, &rate).map(|c| c * 10), convert_exact(30, &rate));
		// 18 decimals: still exact.
		let fine = ExchangeRate { rate: 123_456_789_012_345_678, decimals: 18 };
		assert_eq!(convert_exact(1, &fine), Some(3 * 123_456_789_012_345_678));
		// Beyond 18 decimals (refused by `set_exchange_rate`) the sub-unit is truncated.
		let finer = ExchangeRate { rate: 1, decimals: 19 };
		assert_eq!(convert_exact(1, &finer), Some(SUB_UNITS / 10_000_000_000_000_000_000));
		assert_eq!(convert_exact(u128::MAX, &rate), None);
	}

	#[test]
	fn overflow_is_reported_not_wrapped() {
		let mut expensive = tariff();
		expensive.voice_mo.price = u64::MAX;
		assert_eq!(rate_usage(&expensive, &usage(u64::MAX, 0, 0, 0)), None);
	}

	fn tiers(model: DiscountModel) -> Discount {
		Discount {
			model,
			tiers: vec![
				DiscountTier { from: 1_000, basis_points: 1_000 },
				DiscountTier { from: 5_000, basis_points: 2_500 },
			]
			.try_into()
			.unwrap(),
		}
	}

	#[test]
	fn incremental_tiers_discount_each_band() {
		let d = tiers(DiscountModel::Incremental);
		assert_eq!(discount_on(&d, 0), Some(0));
		assert_eq!(discount_on(&d, 1_000), Some(0), "the band starts above its threshold");
		assert_eq!(discount_on(&d, 1_009), Some(0), "0.9 rounds down");
		assert_eq!(discount_on(&d, 1_010), Some(1));
		assert_eq!(discount_on(&d, 5_000), Some(400));
		// 4,000 × 10 % + 1,000 × 25 %.
		assert_eq!(discount_on(&d, 6_000), Some(650));
	}

	#[test]
	fn all_units_tiers_discount_the_whole_charge() {
		let d = tiers(DiscountModel::AllUnits);
		assert_eq!(discount_on(&d, 999), Some(0));
		assert_eq!(discount_on(&d, 1_000), Some(100));
		assert_eq!(discount_on(&d, 4_999), Some(499));
		assert_eq!(discount_on(&d, 5_000), Some(1_250));
		assert_eq!(discount_on(&d, 0), Some(0));
	}

	#[test]
	fn conversion_rounds_half_up() {
		// 1 EUR cent = 0.8675 XDR cents.
		let rate = ExchangeRate { rate: 8_675, decimals: 4 };
		assert_eq!(convert(10_000, &rate), Some(8_675));
		assert_eq!(convert(2, &rate), Some(2), "1.735 → 2");
		assert_eq!(convert(1, &rate), Some(1), "0.8675 → 1");
		let half = ExchangeRate { rate: 5, decimals: 1 };
		assert_eq!(convert(1, &half), Some(1), "0.5 → 1");
		assert_eq!(convert(u128::MAX, &rate), None);
		assert_eq!(convert(1, &ExchangeRate { rate: 1, decimals: 255 }), None);
	}
}
