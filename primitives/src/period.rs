//! Settlement periods: the calendar months in which inter-operator business is billed.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// A settlement period: one calendar month, the unit in which roaming, spectrum leases and site
/// sharing are billed.
///
/// Ordered chronologically; encoded as year then month.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Hash,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct SettlementPeriod {
	/// Calendar year, e.g. 2026.
	pub year: u16,
	/// Month of the year, 1 to 12.
	pub month: u8,
}

impl SettlementPeriod {
	/// Builds a period, or `None` if `month` is not 1 to 12 or `year` is before 2000.
	pub const fn new(year: u16, month: u8) -> Option<Self> {
		if year >= 2000 && month >= 1 && month <= 12 {
			Some(Self { year, month })
		} else {
			None
		}
	}

	/// Whether the period is well-formed; pallets check periods decoded from extrinsics with it.
	pub const fn is_valid(&self) -> bool {
		Self::new(self.year, self.month).is_some()
	}

	/// The following month, or `None` after December 65535.
	pub fn next(&self) -> Option<Self> {
		if self.month >= 12 {
			Some(Self { year: self.year.checked_add(1)?, month: 1 })
		} else {
			Some(Self { year: self.year, month: self.month.saturating_add(1) })
		}
	}

	/// The period as `YYYYMM`, the form used in TAP file names and billing systems.
	pub fn as_yyyymm(&self) -> u32 {
		u32::from(self.year).saturating_mul(100).saturating_add(u32::from(self.month))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn validates_months() {
		assert!(SettlementPeriod::new(2026, 1).is_some());
		assert!(SettlementPeriod::new(2026, 12).is_some());
		assert!(SettlementPeriod::new(2026, 0).is_none());
		assert!(SettlementPeriod::new(2026, 13).is_none());
		assert!(SettlementPeriod::new(1999, 5).is_none());
		assert!(!SettlementPeriod { year: 2026, month: 13 }.is_valid());
	}

	#[test]
	fn next_rolls_over_the_year() {
		let dec = SettlementPeriod::new(2026, 12).unwrap();
		assert_eq!(dec.next(), SettlementPeriod::new(2027, 1));
		let may = SettlementPeriod::new(2026, 5).unwrap();
		assert_eq!(may.next(), SettlementPeriod::new(2026, 6));
		assert_eq!(SettlementPeriod { year: u16::MAX, month: 12 }.next(), None);
	}

	#[test]
	fn orders_chronologically_and_formats_yyyymm() {
		let a = SettlementPeriod::new(2025, 12).unwrap();
		let b = SettlementPeriod::new(2026, 1).unwrap();
		assert!(a < b);
		assert_eq!(b.as_yyyymm(), 202601);
	}
}
