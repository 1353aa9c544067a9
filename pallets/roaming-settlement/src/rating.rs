//! Re-rating, the booking rule and currency conversion of the pallet.
//!
//! **Rating and its rounding live in one place**, the shared crate [`telecom_roaming_rating`]
//! (re-exported here), which `telecom-cli roaming rate` and the operators' billing systems use
//! too: usage rounds up to the increment, charges stay exact in sub-units below the minor unit,
//! a file's claim and a period's total round once, half up; discounts round down.
//!
//! What the pallet adds on top (settlement policy, not rating):
//! - **A batch books** the exact re-rating when its claim is within one minor unit of it (the
//!   difference is the sender's rounding of the same figure), and otherwise its exact claim
//!   ([`booked_value`]). A claim exceeding the exact re-rating by the tolerance plus one minor
//!   unit or more opens a reconciliation of the excess, rounded up ([`reconciliation`]); the
//!   tolerance also absorbs per-event rounding and minimum charges the chain cannot see in a
//!   file's totals.
//! - **A claim in another currency** is converted exactly into sub-units ([`convert_exact`]).

use crate::types::{ExactAmount, ExchangeRate, Tolerance, SUB_UNITS};
use telecom_primitives::Amount;
pub use telecom_roaming_rating::{
	chargeable, discount_on, rate_services_exact, rate_usage, rate_usage_exact, round_half_up,
	round_up, service_charge_exact, to_exact, RatingError,
};

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
	let allowance = tolerance.allowance(rated);
	(excess >= allowance.saturating_add(SUB_UNITS)).then(|| round_up(excess))
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
