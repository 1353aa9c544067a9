//! The charge of a file's usage under a tariff, exactly in sub-units (rounding rules: the
//! crate's documentation and [`crate::rounding`]).

use crate::{
	rounding::{chargeable, round_half_up, Amount, ExactAmount},
	tariff::{Rate, Service, Tariff},
	usage::{ServiceUsage, UsageTotals},
	RatingError, KILOBYTES_PER_MEGABYTE, RATE_SCALE, SECONDS_PER_MINUTE, SUB_UNITS,
};

/// Common denominator of the services' rating units: a minute has 60 seconds and a megabyte
/// 1,024 kilobytes, so every charge is first computed in 1/(60 × 1,024) of a rating unit's
/// price, i.e. in 1/(60 × 1,024 × 1,000) of a minor unit.
const UNIT_DENOMINATOR: u128 = SECONDS_PER_MINUTE * KILOBYTES_PER_MEGABYTE;

/// Sub-units per 1/(60 × 1,024 × 1,000) of a minor unit (an exact division: see
/// [`SUB_UNITS`]).
const SUB_UNITS_PER_RATING_UNIT: u128 = SUB_UNITS / (UNIT_DENOMINATOR * RATE_SCALE);

/// The exact charge, in sub-units, of `usage` of `service` at `rate`: the volume rounded up to
/// the increment and priced per rating unit, raised to the events' minimum charge, plus the
/// events' set-up fees.
pub fn service_charge_exact(
	service: Service,
	rate: &Rate,
	usage: ServiceUsage,
) -> Result<ExactAmount, RatingError> {
	let overflow = RatingError::Overflow(service);
	let volume = match service {
		// A message is its own unit: no increment.
		Service::SmsMo | Service::SmsMt => u128::from(usage.volume),
		_ => chargeable(usage.volume, rate.increment).ok_or(overflow)?,
	};
	let scale = UNIT_DENOMINATOR.checked_div(service.units_per_rating_unit()).ok_or(overflow)?;
	let events = u128::from(usage.events);
	let volume_charge = volume
		.checked_mul(u128::from(rate.price))
		.and_then(|c| c.checked_mul(scale))
		.ok_or(overflow)?;
	let minimum = events
		.checked_mul(u128::from(rate.minimum_charge))
		.and_then(|c| c.checked_mul(UNIT_DENOMINATOR))
		.ok_or(overflow)?;
	let setup = events
		.checked_mul(u128::from(rate.setup_fee))
		.and_then(|c| c.checked_mul(UNIT_DENOMINATOR))
		.ok_or(overflow)?;
	volume_charge
		.max(minimum)
		.checked_add(setup)
		.and_then(|c| c.checked_mul(SUB_UNITS_PER_RATING_UNIT))
		.ok_or(overflow)
}

/// Each service's exact charge of `usage` under `tariff`, in the order of [`Service::ALL`].
pub fn rate_services_exact(
	tariff: &Tariff,
	usage: &UsageTotals,
) -> Result<[(Service, ExactAmount); 9], RatingError> {
	let mut charges = Service::ALL.map(|service| (service, 0));
	for (service, charge) in charges.iter_mut() {
		*charge = service_charge_exact(*service, tariff.rate(*service), usage.service(*service))?;
	}
	Ok(charges)
}

/// Rates `usage` against `tariff` exactly: the file's charge in sub-units (what the chain
/// books and adds up).
pub fn rate_usage_exact(tariff: &Tariff, usage: &UsageTotals) -> Result<ExactAmount, RatingError> {
	rate_services_exact(tariff, usage)?.iter().try_fold(0u128, |sum, (service, charge)| {
		sum.checked_add(*charge).ok_or(RatingError::Overflow(*service))
	})
}

/// Rates `usage` against `tariff` and rounds the file half up to the minor unit: the figure a
/// sender claims for one file. (The chain books [`rate_usage_exact`] and rounds only a
/// period's total.)
pub fn rate_usage(tariff: &Tariff, usage: &UsageTotals) -> Result<Amount, RatingError> {
	rate_usage_exact(tariff, usage).map(round_half_up)
}
