//! Re-rating, discounts and currency conversion: pure integer arithmetic with stated rounding.
//!
//! Rounding rules (the same on every node, and what the parties' billing systems reproduce):
//! - **Usage** is charged in whole increments: chargeable seconds (voice) and kilobytes (data)
//!   that are not a multiple of the tariff's increment round *up* to the next increment.
//! - **A batch** is rated exactly, in fractions of a thousandth of a minor unit, summed over its
//!   services and rounded *once*, half up, to the minor unit.
//! - **A discount** is the sum of each band's exact share, rounded *down* to the minor unit
//!   (never more discount than the tiers give).
//! - **A currency conversion** rounds half up to the minor unit of the target currency.

use crate::types::{
	Discount, DiscountModel, ExchangeRate, Rate, Tariff, Tolerance, UsageTotals, BASIS_POINTS,
	KILOBYTES_PER_MEGABYTE, RATE_SCALE, SECONDS_PER_MINUTE,
};
use telecom_primitives::Amount;

/// Common denominator of the per-service rating units: a minute has 60 seconds and a megabyte
/// 1,024 kilobytes, so every service is expressed in 1/(60 × 1,024) of a rating unit.
const UNIT_DENOMINATOR: u128 = SECONDS_PER_MINUTE * KILOBYTES_PER_MEGABYTE;

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

/// Re-rates `usage` against `tariff`: the charge in minor units, or `None` on overflow.
pub fn rate_usage(tariff: &Tariff, usage: &UsageTotals) -> Option<Amount> {
	let voice_mo = chargeable(usage.voice_mo.seconds, tariff.voice_mo.increment)?;
	let voice_mt = chargeable(usage.voice_mt.seconds, tariff.voice_mt.increment)?;
	let data = chargeable(usage.data.kilobytes, tariff.data.increment)?;
	let exact = service_charge(&tariff.voice_mo, voice_mo, SECONDS_PER_MINUTE)?
		.checked_add(service_charge(&tariff.voice_mt, voice_mt, SECONDS_PER_MINUTE)?)?
		.checked_add(service_charge(&tariff.sms_mo, u128::from(usage.sms_mo), 1)?)?
		.checked_add(service_charge(&tariff.data, data, KILOBYTES_PER_MEGABYTE)?)?;
	let denominator = UNIT_DENOMINATOR.checked_mul(RATE_SCALE)?;
	exact.checked_add(denominator / 2)?.checked_div(denominator)
}

/// Whether `claimed` exceeds `rated` by more than `tolerance` allows (the larger of its share of
/// `rated`, rounded down, and its minimum).
pub fn beyond_tolerance(tolerance: &Tolerance, claimed: Amount, rated: Amount) -> bool {
	let share = rated.saturating_mul(u128::from(tolerance.basis_points)) / BASIS_POINTS;
	claimed.saturating_sub(rated) > share.max(tolerance.minimum)
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

/// `amount` converted at `rate`, rounded half up, or `None` on overflow.
pub fn convert(amount: Amount, rate: &ExchangeRate) -> Option<Amount> {
	let scale = 10u128.checked_pow(u32::from(rate.decimals))?;
	amount.checked_mul(rate.rate)?.checked_add(scale / 2)?.checked_div(scale)
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
