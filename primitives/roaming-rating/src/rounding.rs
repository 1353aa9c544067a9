//! Units and the rounding rules of rating (stated in the crate's documentation): usage up to
//! the increment, exact sub-units below the minor unit, half up once per file or period.

/// An amount in minor units of a currency (cents of a euro, thousandths of an XDR…); the same
/// type as the chain's `telecom_primitives::Amount`.
pub type Amount = u128;

/// An exact amount in sub-units ([`SUB_UNITS`] to the minor unit).
pub type ExactAmount = u128;

/// Seconds per rating minute.
pub const SECONDS_PER_MINUTE: u128 = 60;

/// Kilobytes per rating megabyte.
pub const KILOBYTES_PER_MEGABYTE: u128 = 1_024;

/// Thousandths of a minor unit per minor unit: the scale of tariff prices, set-up fees and
/// minimum charges.
pub const RATE_SCALE: u128 = 1_000;

/// Basis points in a whole.
pub const BASIS_POINTS: u128 = 10_000;

/// Sub-units per minor unit: the precision in which charges stay exact until a period's total
/// is rounded once. 3 × 10^18 = 2^18 × 3 × 5^18 is divisible both by the rating denominator
/// (60 s × 1,024 KB × 1,000 thousandths = 2^15 × 3 × 5^4, so every tariff charge is exact) and
/// by 10^18 (so every conversion at an exchange rate of up to 18 decimals is exact).
pub const SUB_UNITS: u128 = 3_000_000_000_000_000_000;

/// `usage` rounded up to a whole number of `increment`s (an increment of zero counts as one),
/// or `None` on overflow (never for `u64` usage: the result fits in 128 bits).
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

/// `amount` minor units in sub-units, or `None` on overflow.
pub fn to_exact(amount: Amount) -> Option<ExactAmount> {
	amount.checked_mul(SUB_UNITS)
}

/// An exact amount rounded half up to the minor unit: the one rounding of a file's claim and
/// of a period's total.
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
