//! Examples and properties of rating. The properties run over a fixed-seed generator (no
//! external test dependency), so a failure reproduces exactly.

#![allow(clippy::arithmetic_side_effects)]

use crate::*;

/// SplitMix64: a small deterministic generator.
struct Gen(u64);

impl Gen {
	fn next(&mut self) -> u64 {
		self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
		let mut z = self.0;
		z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
		z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
		z ^ (z >> 31)
	}

	fn below(&mut self, bound: u64) -> u64 {
		self.next() % bound.max(1)
	}

	fn rate(&mut self) -> Rate {
		Rate {
			price: self.below(100_000),
			increment: [0, 1, 6, 10, 30, 60, 1_024][self.below(7) as usize],
			setup_fee: if self.below(2) == 0 { 0 } else { self.below(50_000) },
			minimum_charge: if self.below(2) == 0 { 0 } else { self.below(50_000) },
		}
	}

	fn tariff(&mut self) -> Tariff {
		let mut tariff = Tariff::default();
		for service in Service::ALL {
			*tariff.rate_mut(service) = self.rate();
		}
		tariff
	}

	fn usage(&mut self) -> UsageTotals {
		let mut usage = UsageTotals::default();
		for service in Service::ALL {
			let events = self.below(1_000) as u32;
			usage.set_service(service, ServiceUsage { events, volume: self.below(10_000_000) });
		}
		usage
	}
}

const CASES: usize = 2_000;

/// A tariff like the ones IOTs publish (prices in thousandths of an XDR cent).
fn tariff() -> Tariff {
	Tariff {
		// 0.05 XDR a minute, per-second billing, in every MOC class.
		moc_local: Rate::per_unit(5_000, 1),
		moc_home: Rate::per_unit(5_000, 1),
		moc_international: Rate::per_unit(5_000, 1),
		// 0.01 XDR a minute in 30-second increments.
		mtc: Rate::per_unit(1_000, 30),
		// 0.02 XDR a message.
		sms_mo: Rate::per_unit(2_000, 0),
		sms_mt: Rate::default(),
		// 0.0125 XDR a megabyte, 10 KB increments.
		data: Rate::per_unit(1_250, 10),
		volte: Rate::per_unit(5_000, 1),
		video: Rate::per_unit(20_000, 60),
	}
}

fn usage(mo_seconds: u64, mt_seconds: u64, sms: u32, kilobytes: u64) -> UsageTotals {
	UsageTotals {
		moc_local: VoiceUsage { calls: 1, seconds: mo_seconds },
		mtc: VoiceUsage { calls: 1, seconds: mt_seconds },
		sms_mo: sms,
		data: DataUsage { sessions: 1, kilobytes },
		..Default::default()
	}
}

fn only(service: Service, events: u32, volume: u64) -> UsageTotals {
	let mut usage = UsageTotals::default();
	usage.set_service(service, ServiceUsage { events, volume });
	usage
}

#[test]
fn rates_each_service_exactly() {
	let t = tariff();
	assert_eq!(rate_usage(&t, &usage(60, 0, 0, 0)), Ok(5));
	assert_eq!(rate_usage(&t, &usage(0, 60, 0, 0)), Ok(1));
	assert_eq!(rate_usage(&t, &usage(0, 0, 10, 0)), Ok(20));
	// 1,024,000 KB (1,000 MB) at 1.25 cents a MB.
	assert_eq!(rate_usage(&t, &usage(0, 0, 0, 1_024_000)), Ok(1_250));
	// Each MOC class at its own rate.
	let mut classes = t;
	classes.moc_home.price = 10_000;
	classes.moc_international.price = 50_000;
	assert_eq!(rate_usage(&classes, &only(Service::MocLocal, 1, 60)), Ok(5));
	assert_eq!(rate_usage(&classes, &only(Service::MocHome, 1, 60)), Ok(10));
	assert_eq!(rate_usage(&classes, &only(Service::MocInternational, 1, 60)), Ok(50));
	// SMS MT, VoLTE and video.
	classes.sms_mt.price = 1_000;
	assert_eq!(rate_usage(&classes, &only(Service::SmsMt, 7, 7)), Ok(7));
	assert_eq!(rate_usage(&classes, &only(Service::Volte, 2, 120)), Ok(10));
	// Video in whole minutes: 61 s is two minutes at 0.20 XDR.
	assert_eq!(rate_usage(&classes, &only(Service::Video, 1, 61)), Ok(40));
}

#[test]
fn set_up_fees_and_minimum_charges_apply_per_event() {
	let rate = Rate { price: 6_000, increment: 1, setup_fee: 2_000, minimum_charge: 3_000 };
	let mut t = Tariff { moc_home: rate, ..Default::default() };
	// Ten 60 s calls: 10 × 6 cents + 10 × 2 cents set-up.
	assert_eq!(rate_usage(&t, &only(Service::MocHome, 10, 600)), Ok(80));
	// Ten calls of 10 s in all: 1 cent of volume, raised to the 10 × 3 cent minimum, + set-up.
	assert_eq!(rate_usage(&t, &only(Service::MocHome, 10, 100)), Ok(50));
	// No events, no fees: a zero file costs nothing.
	assert_eq!(rate_usage(&t, &UsageTotals::default()), Ok(0));
	// Data sessions and messages carry the same per-event terms.
	t.data = Rate { price: 1_024, increment: 1, setup_fee: 500, minimum_charge: 0 };
	assert_eq!(rate_usage(&t, &only(Service::Data, 4, 1_024)), Ok(3));
	t.sms_mo = Rate { price: 1_000, increment: 0, setup_fee: 1_000, minimum_charge: 5_000 };
	assert_eq!(rate_usage(&t, &only(Service::SmsMo, 3, 3)), Ok(18));
}

#[test]
fn a_file_rounds_once_half_up() {
	let t = tariff();
	// 3,000 s MTC = 50 min at 1 cent; +1 s rounds to 3,030 s = 50.5 → 51.
	assert_eq!(rate_usage(&t, &usage(0, 3_000, 0, 0)), Ok(50));
	assert_eq!(rate_usage(&t, &usage(0, 3_001, 0, 0)), Ok(51));
	// 6 s MOC = 0.5 cent: half rounds up; 5 s = 0.4167 rounds down.
	assert_eq!(rate_usage(&t, &usage(6, 0, 0, 0)), Ok(1));
	assert_eq!(rate_usage(&t, &usage(5, 0, 0, 0)), Ok(0));
	// 5 s MOC (0.417 cent) and 400 KB (0.488 cent) round to nothing alone; together once, to 1.
	assert_eq!(rate_usage(&t, &usage(5, 0, 0, 400)), Ok(1));
	assert_eq!(rate_usage(&t, &usage(0, 0, 0, 400)), Ok(0));
}

#[test]
fn rating_is_exact_below_the_minor_unit() {
	let t = tariff();
	let six = rate_usage_exact(&t, &usage(6, 0, 0, 0)).unwrap();
	assert_eq!(six, SUB_UNITS / 2);
	let minute = rate_usage_exact(&t, &usage(60, 0, 0, 0)).unwrap();
	assert_eq!(six * 10, minute);
	let second = rate_usage_exact(&t, &usage(1, 0, 0, 0)).unwrap();
	assert_eq!(second * 60, minute);
	let ten_kb = rate_usage_exact(&t, &usage(0, 0, 0, 1)).unwrap();
	assert_eq!(ten_kb * 1_024, rate_usage_exact(&t, &usage(0, 0, 0, 10_240)).unwrap());
}

#[test]
fn the_breakdown_adds_up_to_the_file() {
	let mut generator = Gen(7);
	for _ in 0..CASES {
		let (t, u) = (generator.tariff(), generator.usage());
		let parts = rate_services_exact(&t, &u).unwrap();
		let sum: u128 = parts.iter().map(|(_, c)| c).sum();
		assert_eq!(Ok(sum), rate_usage_exact(&t, &u));
		for (service, charge) in parts {
			assert_eq!(
				Ok(charge),
				service_charge_exact(service, t.rate(service), u.service(service))
			);
		}
	}
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
fn increments_round_usage_up() {
	assert_eq!(chargeable(61, 30), Some(90));
	assert_eq!(chargeable(60, 30), Some(60));
	assert_eq!(chargeable(0, 30), Some(0));
	assert_eq!(chargeable(7, 0), Some(7), "a zero increment is one unit");
	assert_eq!(chargeable(u64::MAX, u32::MAX).map(|c| c >= u128::from(u64::MAX)), Some(true));
}

/// Property: the chargeable volume is the least multiple of the increment at or above it.
#[test]
fn property_usage_rounds_up_to_the_increment() {
	let mut generator = Gen(1);
	for _ in 0..CASES {
		let usage = generator.next();
		let increment = generator.below(u64::from(u32::MAX)) as u32;
		let step = u128::from(increment.max(1));
		let charged = chargeable(usage, increment).unwrap();
		assert_eq!(charged % step, 0);
		assert!(charged >= u128::from(usage));
		assert!(charged - u128::from(usage) < step, "{usage} in {increment}s → {charged}");
	}
}

/// Property: more volume of any one service never costs less.
#[test]
fn property_rating_is_monotone_in_volume() {
	let mut generator = Gen(2);
	for _ in 0..CASES {
		let t = generator.tariff();
		let u = generator.usage();
		let before = rate_usage_exact(&t, &u).unwrap();
		for service in Service::ALL {
			let mut more = u;
			let mut share = u.service(service);
			let extra = generator.below(100_000);
			share.volume = share.volume.saturating_add(extra);
			if matches!(service, Service::SmsMo | Service::SmsMt) {
				share.events = share.events.saturating_add(extra as u32);
			}
			more.set_service(service, share);
			let after = rate_usage_exact(&t, &more).unwrap();
			assert!(after >= before, "{service:?}: {before} → {after} for {extra} more");
		}
	}
}

/// Property: at the increment's boundaries the charge steps exactly there: volume at
/// boundary − 1 and at the boundary cost the same, boundary + 1 costs one more increment.
#[test]
fn property_increment_boundaries_are_exact() {
	let mut generator = Gen(3);
	for _ in 0..CASES {
		let service = Service::ALL[generator.below(9) as usize];
		if matches!(service, Service::SmsMo | Service::SmsMt) {
			continue;
		}
		let rate = Rate { increment: 2 + generator.below(3_600) as u32, ..generator.rate() };
		let step = u64::from(rate.increment);
		let boundary = step * (1 + generator.below(1_000));
		let charge =
			|volume| service_charge_exact(service, &rate, ServiceUsage { events: 0, volume });
		let per_increment = charge(step).unwrap();
		assert_eq!(charge(boundary - 1), charge(boundary));
		assert_eq!(charge(boundary + 1).unwrap(), charge(boundary).unwrap() + per_increment);
	}
}

/// Property: the minimum charge is a floor exactly at `events × minimum`: just below it the
/// floor applies, at it and above it the volume charge does.
#[test]
fn property_minimum_charge_boundary_is_exact() {
	let mut generator = Gen(4);
	for _ in 0..CASES {
		// Per-second pricing at 60 thousandths a minute: one thousandth a second.
		let events = 1 + generator.below(100) as u32;
		let minimum = 1 + generator.below(10_000);
		let rate = Rate { price: 60, increment: 1, setup_fee: 0, minimum_charge: minimum };
		let boundary = u64::from(events) * minimum;
		let charge = |volume| {
			service_charge_exact(Service::Mtc, &rate, ServiceUsage { events, volume }).unwrap()
		};
		let one_second = SUB_UNITS / 1_000;
		let floor = u128::from(boundary) * one_second;
		assert_eq!(charge(boundary - 1), floor, "below the boundary the minimum applies");
		assert_eq!(charge(boundary), floor);
		assert_eq!(charge(boundary + 1), floor + one_second);
	}
}

/// Property: a discount tier's boundary is exact (boundary − 1, boundary, boundary + 1).
#[test]
fn property_discount_tier_boundaries_are_exact() {
	let mut generator = Gen(5);
	for _ in 0..CASES {
		let from = 1 + u128::from(generator.below(1_000_000));
		let basis_points = 1 + generator.below(10_000) as u16;
		let tiers = [DiscountTier { from, basis_points }].to_vec().try_into().unwrap();
		let all = Discount { model: DiscountModel::AllUnits, tiers };
		assert_eq!(discount_on(&all, from - 1), Some(0));
		assert_eq!(discount_on(&all, from), Some(from * u128::from(basis_points) / 10_000));
		let incremental = Discount { model: DiscountModel::Incremental, ..all.clone() };
		assert_eq!(discount_on(&incremental, from), Some(0), "the band starts above its tier");
		assert_eq!(discount_on(&incremental, from + 1), Some(u128::from(basis_points) / 10_000));
	}
}

/// Property: splitting a file's usage over several files at increment boundaries (and with
/// each file above its events' minimum, here none) books exactly what the one file books, so
/// the period's total rounds the same.
#[test]
fn property_split_files_add_up_to_the_whole() {
	let mut generator = Gen(6);
	for _ in 0..CASES {
		let mut t = generator.tariff();
		for service in Service::ALL {
			t.rate_mut(service).minimum_charge = 0;
		}
		let parts = 1 + generator.below(10) as usize;
		let mut files = vec![UsageTotals::default(); parts];
		let mut whole = UsageTotals::default();
		for service in Service::ALL {
			let step = match service {
				Service::SmsMo | Service::SmsMt => 1,
				_ => u64::from(t.rate(service).increment.max(1)),
			};
			let mut sum = ServiceUsage::default();
			for file in files.iter_mut() {
				let events = generator.below(500) as u32;
				let volume = match service {
					Service::SmsMo | Service::SmsMt => u64::from(events),
					_ => step * generator.below(5_000),
				};
				file.set_service(service, ServiceUsage { events, volume });
				sum.events += events;
				sum.volume += volume;
			}
			whole.set_service(service, sum);
		}
		let split: u128 = files.iter().map(|f| rate_usage_exact(&t, f).unwrap()).sum();
		let one = rate_usage_exact(&t, &whole).unwrap();
		assert_eq!(split, one);
		assert_eq!(round_half_up(split), rate_usage(&t, &whole).unwrap());
	}
}

/// Property: inputs of up to 32 bits (prices, fees, volumes, events) never overflow; the
/// largest values report a typed overflow naming the service instead of wrapping.
#[test]
fn property_no_overflow_at_max_values() {
	let mut generator = Gen(8);
	let big = Rate {
		price: u64::from(u32::MAX),
		increment: u32::MAX,
		setup_fee: u64::from(u32::MAX),
		minimum_charge: u64::from(u32::MAX),
	};
	let mut t = Tariff::default();
	let mut u = UsageTotals::default();
	for service in Service::ALL {
		*t.rate_mut(service) = big;
		u.set_service(service, ServiceUsage { events: u32::MAX, volume: u64::from(u32::MAX) });
	}
	assert!(rate_usage_exact(&t, &u).is_ok());
	for _ in 0..CASES {
		let service = Service::ALL[generator.below(9) as usize];
		let mut huge = t;
		let rate = huge.rate_mut(service);
		match generator.below(3) {
			0 => rate.price = u64::MAX,
			1 => rate.setup_fee = u64::MAX,
			_ => rate.minimum_charge = u64::MAX,
		}
		let mut max = u;
		max.set_service(service, ServiceUsage { events: u32::MAX, volume: u64::MAX });
		assert_eq!(rate_usage_exact(&huge, &max), Err(RatingError::Overflow(service)));
		assert_eq!(rate_usage(&huge, &max), Err(RatingError::Overflow(service)));
	}
}

#[test]
fn json_and_scale_shapes() {
	let t = tariff();
	let json = serde_json::to_string(&t).unwrap();
	assert!(json.contains("\"mocInternational\":{\"price\":5000,\"increment\":1,\"setupFee\":0"));
	let back: Tariff = serde_json::from_str(&json).unwrap();
	assert_eq!(back, t);
	// Set-up fee and minimum may be left out of a rate.
	let rate: Rate = serde_json::from_str("{\"price\":1,\"increment\":2}").unwrap();
	assert_eq!(rate, Rate::per_unit(1, 2));
	use codec::{Decode, Encode, MaxEncodedLen};
	assert_eq!(Tariff::decode(&mut &t.encode()[..]).unwrap(), t);
	assert_eq!(Tariff::max_encoded_len(), 9 * (8 + 4 + 8 + 8));
	let discount = Discount {
		model: DiscountModel::Incremental,
		tiers: vec![DiscountTier { from: 1_000, basis_points: 1_000 }].try_into().unwrap(),
	};
	let json = serde_json::to_string(&discount).unwrap();
	assert_eq!(
		json,
		"{\"model\":\"incremental\",\"tiers\":[{\"from\":\"1000\",\"basisPoints\":1000}]}"
	);
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
