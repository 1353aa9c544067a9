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

	/// The calendar month (UTC) that contains `millis` milliseconds after the Unix epoch, as the
	/// timestamp pallet counts; `None` before the year 2000.
	pub fn from_unix_millis(millis: u64) -> Option<Self> {
		// Days since 1970-01-01, then the proleptic Gregorian civil date of that day (the
		// era-based algorithm: 400-year eras of 146,097 days, March-based years).
		let days = millis / 86_400_000;
		let z = days.checked_add(719_468)?;
		let era = z / 146_097;
		let day_of_era = z % 146_097;
		let year_of_era = (day_of_era
			.saturating_sub(day_of_era / 1_460)
			.saturating_add(day_of_era / 36_524)
			.saturating_sub(day_of_era / 146_096))
			/ 365;
		let day_of_year = day_of_era.saturating_sub(
			(365u64.saturating_mul(year_of_era))
				.saturating_add(year_of_era / 4)
				.saturating_sub(year_of_era / 100),
		);
		let march_month = (5u64.saturating_mul(day_of_year).saturating_add(2)) / 153;
		let month = if march_month < 10 {
			march_month.saturating_add(3)
		} else {
			march_month.saturating_sub(9)
		};
		let year = era
			.saturating_mul(400)
			.saturating_add(year_of_era)
			.saturating_add(u64::from(month <= 2));
		Self::new(u16::try_from(year).ok()?, u8::try_from(month).ok()?)
	}

	/// The calendar month a wall clock (such as the timestamp pallet) is in; `None` before 2000.
	pub fn current<Clock: frame_support::traits::UnixTime>() -> Option<Self> {
		Self::from_unix_millis(u64::try_from(Clock::now().as_millis()).unwrap_or(u64::MAX))
	}

	/// The period `months` months later, or `None` past the year 65535.
	pub fn add_months(&self, months: u32) -> Option<Self> {
		let index = self.month_index().checked_add(months)?;
		let year = u16::try_from(index / 12).ok()?;
		let month = u8::try_from(index % 12).ok()?.checked_add(1)?;
		Self::new(year, month)
	}

	/// Months from `self` to `later` (zero if `later` is not after `self`).
	pub fn months_until(&self, later: &Self) -> u32 {
		later.month_index().saturating_sub(self.month_index())
	}

	/// Months since January of year 0: a linear index for month arithmetic.
	fn month_index(&self) -> u32 {
		u32::from(self.year)
			.saturating_mul(12)
			.saturating_add(u32::from(self.month).saturating_sub(1))
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
	fn unix_time_maps_to_its_utc_month() {
		let at = |ms| SettlementPeriod::from_unix_millis(ms);
		assert_eq!(at(0), None, "1970 is before the first valid period");
		assert_eq!(at(946_684_800_000), SettlementPeriod::new(2000, 1));
		// 2024-02-29T23:59:59.999Z and one millisecond later (leap day).
		assert_eq!(at(1_709_251_199_999), SettlementPeriod::new(2024, 2));
		assert_eq!(at(1_709_251_200_000), SettlementPeriod::new(2024, 3));
		// 2026-12-31T23:59:59.999Z and 2027-01-01T00:00:00Z.
		assert_eq!(at(1_798_761_599_999), SettlementPeriod::new(2026, 12));
		assert_eq!(at(1_798_761_600_000), SettlementPeriod::new(2027, 1));
		assert_eq!(at(u64::MAX), None);
	}

	#[test]
	fn month_arithmetic() {
		let nov = SettlementPeriod::new(2026, 11).unwrap();
		assert_eq!(nov.add_months(0), Some(nov));
		assert_eq!(nov.add_months(2), SettlementPeriod::new(2027, 1));
		assert_eq!(nov.add_months(14), SettlementPeriod::new(2028, 1));
		assert_eq!(nov.months_until(&SettlementPeriod::new(2027, 2).unwrap()), 3);
		assert_eq!(nov.months_until(&SettlementPeriod::new(2026, 1).unwrap()), 0);
		assert_eq!(SettlementPeriod { year: u16::MAX, month: 12 }.add_months(1), None);
	}

	#[test]
	fn orders_chronologically_and_formats_yyyymm() {
		let a = SettlementPeriod::new(2025, 12).unwrap();
		let b = SettlementPeriod::new(2026, 1).unwrap();
		assert!(a < b);
		assert_eq!(b.as_yyyymm(), 202601);
	}
}
