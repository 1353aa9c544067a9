//! Discounts: the tiered discount on a period's accepted charge that an agreement's network
//! terms carry ([`Discount`], [`discount_on`]), and discount agreements in GSMA BCE / TD.201
//! practice, trued up at the end of their period ([`agreement`], [`true_up`]).

pub mod agreement;
pub mod true_up;

#[cfg(test)]
mod tests;

pub use agreement::{
	Commitment, CommitmentKind, DirectionTerms, DiscountAgreement, DiscountError, FlatBand, Party,
	PeriodMonth, ServiceDiscount, ServiceList, ServiceModel, TermsProblem, VolumeTier,
	MAX_COMMITMENTS, MAX_PERIOD_MONTHS, MAX_SERVICE_DISCOUNTS,
};
pub use true_up::{
	round_accrual, true_up, AccrualAmount, CreditNote, DirectionNote, GroupCharge, MonthFigures,
	MonthUsage, PeriodFigures, Shortfall, ACCRUAL_UNITS,
};

use crate::rounding::{Amount, BASIS_POINTS};
use bounded_collections::{BoundedVec, ConstU32};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Most tiers of a volume discount.
pub const MAX_DISCOUNT_TIERS: u32 = 8;

/// How tier discounts apply to a period's accepted charge.
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
pub enum DiscountModel {
	/// Each tier's rate applies to the part of the charge inside that tier (degressive by band).
	Incremental,
	/// The rate of the highest tier reached applies to the whole charge (retroactive).
	AllUnits,
}

/// One tier of a volume discount.
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
pub struct DiscountTier {
	/// Charge (minor units) from which the tier applies.
	#[serde(with = "crate::amount_string")]
	pub from: Amount,
	/// Discount in basis points (0 to 10,000).
	pub basis_points: u16,
}

/// A volume discount on a direction's period charge.
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
pub struct Discount {
	/// How the tiers apply.
	pub model: DiscountModel,
	/// Tiers in strictly ascending `from` order.
	pub tiers: BoundedVec<DiscountTier, ConstU32<MAX_DISCOUNT_TIERS>>,
}

/// The discount `discount` grants on a period's accepted `charge`, rounded down to the minor
/// unit, or `None` on overflow.
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
