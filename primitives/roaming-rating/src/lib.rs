//! # Roaming rating
//!
//! The one implementation of roaming rating that the runtime (the roaming settlement pallet's
//! re-rating of every TAP/BCE batch) and the operators' billing tools (`telecom-cli roaming
//! rate`) share, so that both billing teams and the chain compute identical figures from the
//! same terms. `no_std`, integer-only, no FRAME: it depends on SCALE codec, `scale-info`, serde
//! and bounded collections only.
//!
//! - [`Tariff`]: an IOT tariff in TD.201/BA.08 terms — MOC local, MOC to the home country, MOC
//!   international, MTC, SMS MO and MT, packet data with its rounding unit, VoLTE and video
//!   calls; each service a [`Rate`] with a price per rating unit, a charging increment, a
//!   per-event surcharge (set-up fee) and a minimum charge per event.
//! - [`UsageTotals`]: the per-service audit totals of one TAP file (events and volume).
//! - [`rate_usage_exact`] / [`rate_usage`] / [`rate_services_exact`]: the charge of a file.
//! - [`Discount`] and [`discount_on`]: tiered volume discounts on a period's charge.
//! - [`DiscountAgreement`] and [`true_up`]: discount agreements in GSMA BCE / TD.201 practice
//!   (tiers by volume or revenue, flat-rate bands, commitments with shortfall payments,
//!   balanced/unbalanced traffic) over a period of months, trued up against the monthly
//!   provisional settlement at IOT rates into one credit note per direction and their net.
//!
//! ## Rounding (stated here and implemented in [`rounding`] only)
//!
//! - **Usage rounds up to the increment.** A service's chargeable volume (seconds of a call
//!   service, kilobytes of data) that is not a whole number of the rate's increment rounds *up*
//!   to the next increment; an increment of zero counts as one unit. Totals are the sender's
//!   per-event rounded volumes, so this only rounds what is left of the sum.
//! - **Charges are exact below the minor unit.** A file's charge is kept exactly in sub-units
//!   ([`SUB_UNITS`] to the minor unit, a precision in which every price, surcharge, minimum and
//!   every conversion at an exchange rate of up to 18 decimals is exact): splitting usage over
//!   files at increment boundaries books exactly what one file would.
//! - **Per event:** a service's charge is its volume charge, raised to `events × minimum_charge`
//!   if it is below that, plus `events × setup_fee`. From file totals the chain cannot see a
//!   single event, so where some events of a file are below the minimum and others above it, the
//!   chain's figure is below the per-event sum the sender rates; that difference (like the
//!   sender's per-event rounding) is what the agreement's tolerance absorbs.
//! - **A file's charge as claimed** is its exact charge rounded *half up* to the minor unit
//!   ([`rate_usage`]). **A period** rounds once: the exact sum of its files, half up
//!   ([`round_half_up`]).
//! - **A discount** is the sum of each band's exact share, rounded *down* to the minor unit
//!   (never more discount than the tiers give).
//!
//! Overflow is never wrapped or saturated: every step is checked and reports
//! [`RatingError::Overflow`] naming the service.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod amount_string;
pub mod discount;
pub mod rate;
pub mod rounding;
pub mod tariff;
pub mod usage;

#[cfg(test)]
mod tests;

pub use discount::{
	discount_on, round_accrual, true_up, AccrualAmount, Commitment, CommitmentKind, CreditNote,
	DirectionNote, DirectionTerms, Discount, DiscountAgreement, DiscountError, DiscountModel,
	DiscountTier, FlatBand, GroupCharge, MonthFigures, MonthUsage, Party, PeriodFigures,
	PeriodMonth, ServiceDiscount, ServiceList, ServiceModel, Shortfall, TermsProblem, VolumeTier,
	ACCRUAL_UNITS, MAX_COMMITMENTS, MAX_DISCOUNT_TIERS, MAX_PERIOD_MONTHS, MAX_SERVICE_DISCOUNTS,
};
pub use rate::{rate_services_exact, rate_usage, rate_usage_exact, service_charge_exact};
pub use rounding::{
	chargeable, round_half_up, round_up, to_exact, Amount, ExactAmount, BASIS_POINTS,
	KILOBYTES_PER_MEGABYTE, RATE_SCALE, SECONDS_PER_MINUTE, SUB_UNITS,
};
pub use tariff::{Rate, Service, Tariff};
pub use usage::{DataUsage, ServiceUsage, UsageTotals, VoiceUsage};

/// Why a rating failed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RatingError {
	/// The charge of this service (or the file's total, named by its last service) does not fit
	/// in 128 bits of sub-units: usage or prices are implausibly large.
	Overflow(Service),
}

impl core::fmt::Display for RatingError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		match self {
			RatingError::Overflow(service) => {
				write!(f, "rating overflow in {}", service.name())
			},
		}
	}
}
