//! Discount agreements: worked examples computed by hand (in the comments), boundaries, errors
//! and properties over a fixed-seed generator.

#![allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]

use super::*;
use crate::{rate_usage, DataUsage, Rate, Service, ServiceUsage, Tariff, UsageTotals, VoiceUsage};
use codec::{Decode, Encode, MaxEncodedLen};

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
}

const CASES: usize = 500;

/// The IOT of both directions: 5 minor units (0.05 XDR) a minute for calls, per second; 2 a
/// message; 1.25 a megabyte, per kilobyte.
fn iot() -> Tariff {
	Tariff {
		moc_local: Rate::per_unit(5_000, 1),
		moc_home: Rate::per_unit(5_000, 1),
		moc_international: Rate::per_unit(20_000, 60),
		mtc: Rate::per_unit(1_000, 1),
		sms_mo: Rate::per_unit(2_000, 0),
		sms_mt: Rate::default(),
		data: Rate::per_unit(1_250, 1),
		volte: Rate::per_unit(5_000, 1),
		video: Rate::default(),
	}
}

fn services(list: &[Service]) -> ServiceList {
	list.to_vec().try_into().unwrap()
}

fn group(list: &[Service], model: ServiceModel) -> ServiceDiscount {
	ServiceDiscount { services: services(list), model }
}

fn volume_tiers(style: DiscountModel, tiers: &[(u64, u64)]) -> ServiceModel {
	ServiceModel::VolumeTiers {
		style,
		tiers: tiers
			.iter()
			.map(|&(from, price)| VolumeTier { from, price })
			.collect::<Vec<_>>()
			.try_into()
			.unwrap(),
	}
}

fn revenue_tiers(style: DiscountModel, tiers: &[(u128, u16)]) -> ServiceModel {
	ServiceModel::RevenueTiers {
		style,
		tiers: tiers
			.iter()
			.map(|&(from, basis_points)| DiscountTier { from, basis_points })
			.collect::<Vec<_>>()
			.try_into()
			.unwrap(),
	}
}

fn flat(bands: &[(u64, u128)], excess_price: u64) -> ServiceModel {
	ServiceModel::FlatRate {
		bands: bands
			.iter()
			.map(|&(up_to, charge)| FlatBand { up_to, charge })
			.collect::<Vec<_>>()
			.try_into()
			.unwrap(),
		excess_price,
	}
}

fn terms(discounts: Vec<ServiceDiscount>, commitments: Vec<Commitment>) -> DirectionTerms {
	DirectionTerms {
		iot: iot(),
		discounts: discounts.try_into().unwrap(),
		commitments: commitments.try_into().unwrap(),
	}
}

fn plain() -> DirectionTerms {
	terms(vec![], vec![])
}

fn agreement(months: u8, a: DirectionTerms, b: DirectionTerms) -> DiscountAgreement {
	DiscountAgreement {
		start: PeriodMonth::new(2026, 1).unwrap(),
		months,
		true_up_every: 0,
		network_a: a,
		network_b: b,
	}
}

fn calls(service: Service, minutes: u64) -> UsageTotals {
	let mut usage = UsageTotals::default();
	usage.set_service(service, ServiceUsage { events: 1, volume: minutes * 60 });
	usage
}

fn usage(moc_local_seconds: u64, sms_mo: u32, data_kilobytes: u64) -> UsageTotals {
	UsageTotals {
		moc_local: VoiceUsage { calls: 1, seconds: moc_local_seconds },
		sms_mo,
		data: DataUsage { sessions: 1, kilobytes: data_kilobytes },
		..Default::default()
	}
}

/// The figures of `months` months from January 2026, each direction with the same usage every
/// month, provisionally charged at the IOT (each month rounded half up, as monthly settlement
/// does).
fn figures(months: usize, a: UsageTotals, b: UsageTotals) -> Vec<MonthFigures> {
	let start = PeriodMonth::new(2026, 1).unwrap();
	(0..months)
		.map(|i| MonthFigures {
			month: start.plus(i as u32).unwrap(),
			network_a: MonthUsage { usage: a, provisional: rate_usage(&iot(), &a).unwrap() },
			network_b: MonthUsage { usage: b, provisional: rate_usage(&iot(), &b).unwrap() },
		})
		.collect()
}

/// The period's charge of a one-month agreement under `model` on `list`, for `usage` on A and
/// `reverse` on B: (exact, rounded).
fn charge_of(
	list: &[Service],
	model: ServiceModel,
	usage: UsageTotals,
	reverse: UsageTotals,
) -> (u128, u128) {
	let a = terms(vec![group(list, model.clone())], vec![]);
	let b = terms(vec![group(list, model)], vec![]);
	let note = true_up(&agreement(1, a, b), &figures(1, usage, reverse), None).unwrap();
	(note.network_a.discounted_exact, note.network_a.due)
}

const MOC: [Service; 2] = [Service::MocLocal, Service::MocHome];

fn moc_tiers(style: DiscountModel) -> ServiceModel {
	// 4 minor units a minute from the first minute, 3 from 10,000 minutes, 2 from 50,000.
	volume_tiers(style, &[(0, 4_000), (10_000, 3_000), (50_000, 2_000)])
}

#[test]
fn volume_tiers_all_units_and_incremental_by_hand() {
	// 12 months of 5,000 minutes of local calls on A: 60,000 minutes, IOT 60,000 × 5 = 300,000.
	let a = terms(vec![group(&MOC, moc_tiers(DiscountModel::AllUnits))], vec![]);
	let months = figures(12, calls(Service::MocLocal, 5_000), UsageTotals::default());
	let note = true_up(&agreement(12, a, plain()), &months, None).unwrap();
	assert!(note.is_final);
	assert_eq!(note.network_a.iot, 300_000);
	assert_eq!(note.network_a.provisional, 300_000);
	// All units ("back to first"): 60,000 ≥ 50,000, so every minute at 2: 120,000.
	assert_eq!(note.network_a.due, 120_000);
	assert_eq!(note.network_a.groups[0].volume, 3_600_000);
	assert_eq!(note.network_a.groups[0].charge_exact, 120_000 * ACCRUAL_UNITS);
	// A credits B 300,000 − 120,000; nothing on B: the net is that credit, paid by A.
	assert_eq!(note.network_a.adjustment, -180_000);
	assert_eq!(note.network_b.adjustment, 0);
	assert_eq!(note.net_to_a, -180_000);
	assert_eq!(note.obligation(), Some((Party::A, Party::B, 180_000)));

	// Incremental: 10,000 × 4 + 40,000 × 3 + 10,000 × 2 = 40,000 + 120,000 + 20,000.
	let a = terms(vec![group(&MOC, moc_tiers(DiscountModel::Incremental))], vec![]);
	let note = true_up(&agreement(12, a, plain()), &months, None).unwrap();
	assert_eq!(note.network_a.due, 180_000);
	assert_eq!(note.network_a.adjustment, -120_000);
	// The group's services add up: MOC home minutes count towards the same tiers.
	let mut mixed = calls(Service::MocLocal, 2_500);
	mixed.moc_home = VoiceUsage { calls: 1, seconds: 2_500 * 60 };
	let a = terms(vec![group(&MOC, moc_tiers(DiscountModel::AllUnits))], vec![]);
	let note =
		true_up(&agreement(12, a, plain()), &figures(12, mixed, UsageTotals::default()), None)
			.unwrap();
	assert_eq!(note.network_a.due, 120_000);
}

#[test]
fn volume_tier_boundaries_are_exact() {
	let none = UsageTotals::default();
	let all = || moc_tiers(DiscountModel::AllUnits);
	let inc = || moc_tiers(DiscountModel::Incremental);
	let seconds = |s: u64| usage(s, 0, 0);
	// All units at exactly 10,000 minutes: the second tier, 10,000 × 3.
	assert_eq!(charge_of(&MOC, all(), seconds(600_000), none).1, 30_000);
	// One second short: the first tier, 599,999 s × 4/60 = 39,999.93 → 40,000.
	let (exact, due) = charge_of(&MOC, all(), seconds(599_999), none);
	assert_eq!(due, 40_000);
	assert_eq!(exact, 599_999 * 4 * ACCRUAL_UNITS / 60);
	// One second over: 600,001 × 3/60 = 30,000.05 → 30,000.
	assert_eq!(charge_of(&MOC, all(), seconds(600_001), none).1, 30_000);
	// Incremental: 40,000 at the boundary, then 3 a minute above it.
	assert_eq!(charge_of(&MOC, inc(), seconds(600_000), none).1, 40_000);
	assert_eq!(charge_of(&MOC, inc(), seconds(600_060), none).1, 40_003);
	assert_eq!(charge_of(&MOC, inc(), seconds(599_940), none).1, 39_996);
	// All units with a first tier above zero: below it, the IOT (5 a minute).
	let threshold = volume_tiers(DiscountModel::AllUnits, &[(1_000, 1_000)]);
	assert_eq!(charge_of(&MOC, threshold.clone(), seconds(59_940), none).1, 4_995);
	assert_eq!(charge_of(&MOC, threshold, seconds(60_000), none).1, 1_000);
}

#[test]
fn revenue_tiers_by_hand_and_at_the_boundary() {
	let none = UsageTotals::default();
	let data = [Service::Data];
	// 10 % off the IOT charge, 30 % from an IOT charge of 1,000,000.
	let tiers = |style| revenue_tiers(style, &[(0, 1_000), (1_000_000, 3_000)]);
	let megabytes = |mb: u64| usage(0, 0, mb * 1_024);
	// 1,000,000 MB at 1.25: IOT 1,250,000. All units: 30 % off all of it, 875,000.
	let (_, due) = charge_of(&data, tiers(DiscountModel::AllUnits), megabytes(1_000_000), none);
	assert_eq!(due, 875_000);
	// Incremental: 1,000,000 × 0.9 + 250,000 × 0.7 = 900,000 + 175,000.
	let (_, due) = charge_of(&data, tiers(DiscountModel::Incremental), megabytes(1_000_000), none);
	assert_eq!(due, 1_075_000);
	// Exactly at 1,000,000 of IOT (800,000 MB): all units reach 30 %; incremental has no band
	// above the threshold yet.
	let at = megabytes(800_000);
	assert_eq!(charge_of(&data, tiers(DiscountModel::AllUnits), at, none).1, 700_000);
	assert_eq!(charge_of(&data, tiers(DiscountModel::Incremental), at, none).1, 900_000);
	// One kilobyte short: IOT 999,999.998…, 10 % off: 899,999.998… → 900,000, and exactly so.
	let short = usage(0, 0, 800_000 * 1_024 - 1);
	let (exact, due) = charge_of(&data, tiers(DiscountModel::AllUnits), short, none);
	assert_eq!(due, 900_000);
	// (819,199,999 KB × 1,250/1,024 thousandths) × 0.9, in accrual units.
	assert_eq!(exact, 819_199_999 * 1_250 * 9 * (ACCRUAL_UNITS / 1_024_000) / 10);
	// Incremental tiers starting above zero leave the first band at the IOT.
	let above = revenue_tiers(DiscountModel::Incremental, &[(1_000_000, 2_000)]);
	assert_eq!(charge_of(&data, above, megabytes(1_000_000), none).1, 1_200_000);
}

#[test]
fn a_flat_rate_band_by_hand() {
	let none = UsageTotals::default();
	let sms = [Service::SmsMo];
	// Up to 100,000 messages: 1,000; up to 500,000: 4,000; above: 0.005 a message.
	let bands = || flat(&[(100_000, 1_000), (500_000, 4_000)], 5);
	let messages = |n: u32| usage(0, n, 0);
	assert_eq!(charge_of(&sms, bands(), messages(0), none).1, 0, "no traffic, no charge");
	assert_eq!(charge_of(&sms, bands(), messages(1), none).1, 1_000);
	assert_eq!(charge_of(&sms, bands(), messages(100_000), none).1, 1_000);
	assert_eq!(charge_of(&sms, bands(), messages(100_001), none).1, 4_000);
	assert_eq!(charge_of(&sms, bands(), messages(500_000), none).1, 4_000);
	// 600,000: 4,000 + 100,000 × 0.005 = 4,500; 500,001: 4,000.005 → 4,000.
	assert_eq!(charge_of(&sms, bands(), messages(600_000), none).1, 4_500);
	assert_eq!(
		charge_of(&sms, bands(), messages(500_001), none).0,
		4_000 * ACCRUAL_UNITS + ACCRUAL_UNITS / 200
	);
}

#[test]
fn balanced_and_unbalanced_traffic_by_hand() {
	// 2 a minute for the balanced part, 4 for the unbalanced excess, in both directions.
	let model = ServiceModel::Balanced { balanced_price: 2_000, unbalanced_price: 4_000 };
	let moc = [Service::MocLocal];
	let a = terms(vec![group(&moc, model.clone())], vec![]);
	let b = terms(vec![group(&moc, model)], vec![]);
	// 30,000 minutes on A and 24,000 on B over the year (2,500 and 2,000 a month).
	let months = figures(12, usage(150_000, 0, 0), usage(120_000, 0, 0));
	let note = true_up(&agreement(12, a, b), &months, None).unwrap();
	// A: 24,000 × 2 + 6,000 × 4 = 72,000 against 30,000 × 5 = 150,000 provisional.
	assert_eq!((note.network_a.due, note.network_a.provisional), (72_000, 150_000));
	// B: 24,000 × 2 = 48,000 against 120,000.
	assert_eq!((note.network_b.due, note.network_b.provisional), (48_000, 120_000));
	assert_eq!((note.network_a.adjustment, note.network_b.adjustment), (-78_000, -72_000));
	// Net: A credits 6,000 more than B does.
	assert_eq!(note.net_to_a, -6_000);
	assert_eq!(note.obligation(), Some((Party::A, Party::B, 6_000)));
}

/// The worked example of the README: a 12-month agreement with a commitment shortfall, and
/// the same period trued up quarterly.
fn worked_example() -> (DiscountAgreement, Vec<MonthFigures>) {
	let a = terms(
		vec![group(&MOC, moc_tiers(DiscountModel::AllUnits))],
		vec![
			// B commits to 500,000 of discounted MOC charges on A…
			Commitment {
				services: services(&MOC),
				kind: CommitmentKind::Revenue { amount: 500_000 },
			},
			// …and to send 2,000,000 MB of data, else 0.8 a megabyte short.
			Commitment {
				services: services(&[Service::Data]),
				kind: CommitmentKind::Volume { units: 2_000_000, shortfall_price: 800 },
			},
		],
	);
	let b = terms(
		vec![group(
			&[Service::Data],
			revenue_tiers(DiscountModel::Incremental, &[(0, 1_000), (1_000_000, 3_000)]),
		)],
		vec![],
	);
	// Each month: 5,000 minutes and 125,000 MB on A; 100,000 MB on B.
	let months = figures(12, usage(300_000, 0, 125_000 * 1_024), usage(0, 0, 100_000 * 1_024));
	(agreement(12, a, b), months)
}

#[test]
fn a_year_with_a_commitment_shortfall_by_hand() {
	let (agreement, months) = worked_example();
	let note = true_up(&agreement, &months, None).unwrap();
	let a = &note.network_a;
	// A: provisional 12 × (25,000 + 156,250) = 2,175,000 (60,000 minutes, 1,500,000 MB).
	assert_eq!((a.iot, a.provisional), (2_175_000, 2_175_000));
	// Discounted: MOC 60,000 × 2 = 120,000; data at the IOT, 1,875,000.
	assert_eq!(a.discounted_exact, 1_995_000 * ACCRUAL_UNITS);
	// Shortfalls: 500,000 − 120,000 = 380,000; (2,000,000 − 1,500,000) MB × 0.8 = 400,000.
	assert_eq!(a.shortfalls[0].payment_exact, 380_000 * ACCRUAL_UNITS);
	assert_eq!(a.shortfalls[0].actual, 120_000 * ACCRUAL_UNITS);
	assert_eq!(a.shortfalls[1].payment_exact, 400_000 * ACCRUAL_UNITS);
	assert_eq!(a.shortfalls[1].actual, 1_500_000 * 1_024);
	// Due 1,995,000 + 780,000 = 2,775,000: B owes A 600,000 more than provisionally paid.
	assert_eq!((a.due, a.adjustment), (2_775_000, 600_000));
	// B: 1,200,000 MB, IOT 1,500,000; 1,000,000 × 0.9 + 500,000 × 0.7 = 1,250,000.
	let b = &note.network_b;
	assert_eq!((b.provisional, b.due, b.adjustment), (1_500_000, 1_250_000, -250_000));
	// Net: 600,000 + 250,000, paid by B to A.
	assert_eq!(note.net_to_a, 850_000);
	assert_eq!(note.obligation(), Some((Party::B, Party::A, 850_000)));
}

#[test]
fn quarterly_true_ups_add_up_to_the_year() {
	let (mut agreement, months) = worked_example();
	// Without a schedule an interim true-up is refused.
	assert_eq!(true_up(&agreement, &months[..3], None), Err(DiscountError::NotScheduled));
	agreement.true_up_every = 3;
	assert_eq!(true_up(&agreement, &months[..4], None), Err(DiscountError::NotScheduled));
	let q1 = true_up(&agreement, &months[..3], None).unwrap();
	assert!(!q1.is_final);
	// Q1 on A: 15,000 minutes reach the second tier: 45,000; data 468,750 at the IOT; no
	// shortfall yet: due 513,750 against 543,750 provisional.
	assert_eq!((q1.network_a.due, q1.network_a.adjustment), (513_750, -30_000));
	assert!(q1.network_a.shortfalls.is_empty());
	// Q1 on B: 300,000 MB, IOT 375,000, all in the 10 % band: 337,500.
	assert_eq!((q1.network_b.due, q1.network_b.adjustment), (337_500, -37_500));
	assert_eq!(q1.net_to_a, 7_500);
	let q2 = true_up(&agreement, &months[..6], Some(&q1)).unwrap();
	let q3 = true_up(&agreement, &months[..9], Some(&q2)).unwrap();
	let year = true_up(&agreement, &months, Some(&q3)).unwrap();
	assert!(year.is_final);
	// Each note settles only what the earlier ones did not: together, the year's figures.
	let notes = [&q1, &q2, &q3, &year];
	assert_eq!(notes.iter().map(|n| n.network_a.adjustment).sum::<i128>(), 600_000);
	assert_eq!(notes.iter().map(|n| n.network_b.adjustment).sum::<i128>(), -250_000);
	assert_eq!(notes.iter().map(|n| n.net_to_a).sum::<i128>(), 850_000);
	assert_eq!(
		year.network_a.previously_adjusted,
		q3.network_a.previously_adjusted + q3.network_a.adjustment
	);
	// A previous note must be an earlier interim note of the same period.
	assert_eq!(true_up(&agreement, &months[..6], Some(&q2)), Err(DiscountError::PreviousMismatch));
	assert_eq!(true_up(&agreement, &months, Some(&year)), Err(DiscountError::PreviousMismatch));
	let mut other = q1.clone();
	other.start = PeriodMonth::new(2025, 1).unwrap();
	assert_eq!(
		true_up(&agreement, &months[..6], Some(&other)),
		Err(DiscountError::PreviousMismatch)
	);
}

#[test]
fn the_true_up_also_corrects_monthly_rounding() {
	// 6 s of local calls a month is 0.5 a month, provisionally rounded up to 1 each month; the
	// year's exact 6 rounds once: A credits 6.
	let months = figures(12, usage(6, 0, 0), UsageTotals::default());
	let note = true_up(&agreement(12, plain(), plain()), &months, None).unwrap();
	assert_eq!((note.network_a.provisional, note.network_a.due), (12, 6));
	assert_eq!(note.network_a.adjustment, -6);
}

#[test]
fn months_must_be_the_periods_in_order() {
	let (agreement, months) = worked_example();
	assert_eq!(true_up(&agreement, &[], None), Err(DiscountError::NoMonths));
	let mut thirteen = months.clone();
	thirteen.push(months[0]);
	assert_eq!(true_up(&agreement, &thirteen, None), Err(DiscountError::TooManyMonths));
	let mut swapped = months.clone();
	swapped.swap(3, 4);
	assert_eq!(
		true_up(&agreement, &swapped, None),
		Err(DiscountError::UnexpectedMonth(PeriodMonth::new(2026, 4).unwrap()))
	);
	let mut gap = months.clone();
	gap.remove(0);
	assert_eq!(
		true_up(&agreement, &gap, None),
		Err(DiscountError::UnexpectedMonth(PeriodMonth::new(2026, 1).unwrap()))
	);
	// A period across the year's end counts on into the next year.
	let mut late = agreement.clone();
	late.start = PeriodMonth::new(2026, 11).unwrap();
	assert_eq!(late.end(), PeriodMonth::new(2027, 10));
	assert_eq!(late.start.plus(2), PeriodMonth::new(2027, 1));
}

#[test]
fn invalid_terms_are_refused_with_the_problem() {
	let ok = worked_example().0;
	assert_eq!(ok.validate(), Ok(()));
	let check = |change: &dyn Fn(&mut DiscountAgreement)| {
		let mut agreement = ok.clone();
		change(&mut agreement);
		agreement.validate()
	};
	use TermsProblem::*;
	let bad_a = |p| Err(DiscountError::InvalidTerms(Party::A, p));
	assert_eq!(check(&|a| a.start.month = 13), Err(DiscountError::InvalidStart));
	assert_eq!(check(&|a| a.start.year = 1999), Err(DiscountError::InvalidStart));
	assert_eq!(check(&|a| a.months = 0), Err(DiscountError::InvalidLength));
	assert_eq!(check(&|a| a.months = 25), Err(DiscountError::InvalidLength));
	assert_eq!(check(&|a| a.months = 24), Ok(()));
	assert_eq!(check(&|a| a.true_up_every = 13), Err(DiscountError::InvalidSchedule));
	assert_eq!(check(&|a| a.true_up_every = 12), Ok(()));
	let set = |a: &mut DiscountAgreement, d: Vec<ServiceDiscount>| {
		a.network_a.discounts = d.try_into().unwrap()
	};
	let tiers = || moc_tiers(DiscountModel::AllUnits);
	assert_eq!(check(&|a| set(a, vec![group(&[], tiers())])), bad_a(NoServices));
	assert_eq!(
		check(&|a| set(a, vec![group(&[Service::Mtc, Service::Mtc], tiers())])),
		bad_a(DuplicateService(Service::Mtc))
	);
	assert_eq!(
		check(&|a| set(a, vec![group(&MOC, tiers()), group(&[Service::MocHome], tiers())])),
		bad_a(DuplicateService(Service::MocHome))
	);
	assert_eq!(
		check(&|a| set(a, vec![group(&[Service::Mtc, Service::Data], tiers())])),
		bad_a(MixedUnits)
	);
	// Revenue tiers may mix units: they count the charge.
	let revenue = || revenue_tiers(DiscountModel::AllUnits, &[(0, 500)]);
	assert_eq!(check(&|a| set(a, vec![group(&[Service::Mtc, Service::Data], revenue())])), Ok(()));
	assert_eq!(
		check(&|a| set(a, vec![group(&MOC, volume_tiers(DiscountModel::AllUnits, &[]))])),
		bad_a(NoTiers)
	);
	assert_eq!(
		check(&|a| set(
			a,
			vec![group(&MOC, volume_tiers(DiscountModel::AllUnits, &[(5, 1), (5, 1)]))]
		)),
		bad_a(NotAscending)
	);
	assert_eq!(
		check(&|a| set(a, vec![group(&MOC, volume_tiers(DiscountModel::Incremental, &[(1, 1)]))])),
		bad_a(FirstTierNotZero)
	);
	assert_eq!(
		check(&|a| set(
			a,
			vec![group(&MOC, revenue_tiers(DiscountModel::AllUnits, &[(0, 10_001)]))]
		)),
		bad_a(AboveWhole)
	);
	assert_eq!(
		check(&|a| set(
			a,
			vec![group(&MOC, revenue_tiers(DiscountModel::AllUnits, &[(0, 10_000)]))]
		)),
		Ok(())
	);
	assert_eq!(
		check(&|a| set(
			a,
			vec![group(&MOC, revenue_tiers(DiscountModel::Incremental, &[(9, 1), (3, 1)]))]
		)),
		bad_a(NotAscending)
	);
	assert_eq!(check(&|a| set(a, vec![group(&MOC, flat(&[], 0))])), bad_a(NoTiers));
	assert_eq!(
		check(&|a| set(a, vec![group(&MOC, flat(&[(2, 1), (1, 1)], 0))])),
		bad_a(NotAscending)
	);
	// The revenue commitment on MOC splits a group of local calls and MTC.
	assert_eq!(
		check(&|a| set(a, vec![group(&[Service::MocLocal, Service::Mtc], tiers())])),
		bad_a(SplitsDiscountGroup)
	);
	let commit = |a: &mut DiscountAgreement, c: Commitment| {
		a.network_b.commitments = vec![c].try_into().unwrap()
	};
	let volume = CommitmentKind::Volume { units: 1, shortfall_price: 1 };
	assert_eq!(
		check(&|a| commit(
			a,
			Commitment { services: services(&[Service::SmsMo, Service::Data]), kind: volume }
		)),
		Err(DiscountError::InvalidTerms(Party::B, MixedUnits))
	);
	assert_eq!(
		check(&|a| commit(a, Commitment { services: services(&[]), kind: volume })),
		Err(DiscountError::InvalidTerms(Party::B, NoServices))
	);
	// An invalid agreement is refused by the true-up too.
	let mut broken = ok.clone();
	broken.months = 0;
	assert_eq!(true_up(&broken, &worked_example().1, None), Err(DiscountError::InvalidLength));
}

#[test]
fn overflow_is_an_error_not_a_wrap() {
	let huge = terms(
		vec![],
		vec![Commitment {
			services: services(&[Service::Data]),
			kind: CommitmentKind::Revenue { amount: u128::MAX / 2 },
		}],
	);
	let months = figures(1, UsageTotals::default(), UsageTotals::default());
	assert_eq!(true_up(&agreement(1, huge, plain()), &months, None), Err(DiscountError::Overflow));
	// 32-bit counters and 64-bit volumes at their maxima for a year still fit.
	let max = UsageTotals {
		moc_local: VoiceUsage { calls: u32::MAX, seconds: u64::from(u32::MAX) },
		data: DataUsage { sessions: u32::MAX, kilobytes: u64::from(u32::MAX) },
		..Default::default()
	};
	let (agreement, _) = worked_example();
	assert!(true_up(&agreement, &figures(12, max, max), None).is_ok());
}

#[test]
fn scale_and_json_shapes() {
	let (mut agreement, months) = worked_example();
	agreement.network_b.discounts.try_push(group(&[Service::SmsMo], flat(&[(1, 1)], 1))).unwrap();
	agreement
		.network_b
		.discounts
		.try_push(group(
			&[Service::Mtc],
			ServiceModel::Balanced { balanced_price: 1, unbalanced_price: 2 },
		))
		.unwrap();
	let encoded = agreement.encode();
	assert!(encoded.len() <= DiscountAgreement::max_encoded_len());
	assert_eq!(DiscountAgreement::decode(&mut &encoded[..]).unwrap(), agreement);
	let json = serde_json::to_value(&agreement).unwrap();
	assert_eq!(json["networkA"]["discounts"][0]["model"]["volumeTiers"]["style"], "allUnits");
	assert_eq!(json["networkA"]["commitments"][0]["kind"]["revenue"]["amount"], "500000");
	assert_eq!(json["networkB"]["discounts"][1]["model"]["flatRate"]["excessPrice"], 1);
	assert_eq!(json["networkB"]["discounts"][2]["model"]["balanced"]["unbalancedPrice"], 2);
	assert_eq!(json["networkA"]["discounts"][0]["services"][1], "mocHome");
	let back: DiscountAgreement = serde_json::from_value(json).unwrap();
	assert_eq!(back, agreement);
	// Leaving out the schedule, discounts and commitments means none.
	let minimal: DiscountAgreement = serde_json::from_value(serde_json::json!({
		"start": {"year": 2026, "month": 1}, "months": 12,
		"networkA": {"iot": serde_json::to_value(iot()).unwrap()},
		"networkB": {"iot": serde_json::to_value(iot()).unwrap()},
	}))
	.unwrap();
	assert_eq!(minimal, agreement_with(plain(), plain()));

	let note = true_up(&worked_example().0, &months, None).unwrap();
	let encoded = note.encode();
	assert!(encoded.len() <= CreditNote::max_encoded_len());
	assert_eq!(CreditNote::decode(&mut &encoded[..]).unwrap(), note);
	let json = serde_json::to_value(&note).unwrap();
	assert_eq!(json["netToA"], "850000");
	assert_eq!(json["networkB"]["adjustment"], "-250000");
	assert_eq!(
		json["networkA"]["shortfalls"][1]["paymentExact"],
		(400_000 * ACCRUAL_UNITS).to_string()
	);
	assert_eq!(serde_json::from_value::<CreditNote>(json).unwrap(), note);
	// Month figures as JSON.
	let month: MonthFigures =
		serde_json::from_value(serde_json::to_value(months[0]).unwrap()).unwrap();
	assert_eq!(month, months[0]);
}

fn agreement_with(a: DirectionTerms, b: DirectionTerms) -> DiscountAgreement {
	agreement(12, a, b)
}

/// A random tier or band model for services of one unit.
fn random_model(g: &mut Gen) -> ServiceModel {
	let count = 1 + g.below(u64::from(MAX_DISCOUNT_TIERS)) as usize;
	let style = if g.below(2) == 0 { DiscountModel::AllUnits } else { DiscountModel::Incremental };
	let mut from = 0u64;
	let mut steps = Vec::new();
	for i in 0..count {
		if i > 0 || (style == DiscountModel::AllUnits && g.below(2) == 0) {
			from += 1 + g.below(50_000);
		}
		steps.push(from);
	}
	match g.below(4) {
		0 => ServiceModel::VolumeTiers {
			style,
			tiers: steps
				.iter()
				.map(|&from| VolumeTier { from, price: g.below(10_000) })
				.collect::<Vec<_>>()
				.try_into()
				.unwrap(),
		},
		1 => ServiceModel::RevenueTiers {
			style,
			tiers: steps
				.iter()
				.map(|&from| DiscountTier {
					from: u128::from(from),
					basis_points: g.below(10_001) as u16,
				})
				.collect::<Vec<_>>()
				.try_into()
				.unwrap(),
		},
		2 => ServiceModel::FlatRate {
			bands: steps
				.iter()
				.map(|&up_to| FlatBand { up_to, charge: u128::from(g.below(1_000_000)) })
				.collect::<Vec<_>>()
				.try_into()
				.unwrap(),
			excess_price: g.below(10_000),
		},
		_ => ServiceModel::Balanced {
			balanced_price: g.below(10_000),
			unbalanced_price: g.below(10_000),
		},
	}
}

fn random_terms(g: &mut Gen) -> DirectionTerms {
	let mut discounts = Vec::new();
	for group_services in
		[&MOC[..], &[Service::Mtc][..], &[Service::SmsMo][..], &[Service::Data][..]]
	{
		if g.below(2) == 0 {
			discounts.push(group(group_services, random_model(g)));
		}
	}
	let mut commitments = Vec::new();
	if g.below(2) == 0 {
		commitments.push(Commitment {
			services: services(&[Service::Data]),
			kind: CommitmentKind::Volume {
				units: g.below(5_000_000),
				shortfall_price: g.below(2_000),
			},
		});
	}
	if g.below(2) == 0 {
		commitments.push(Commitment {
			services: services(&MOC),
			kind: CommitmentKind::Revenue { amount: u128::from(g.below(1_000_000)) },
		});
	}
	terms(discounts, commitments)
}

fn random_usage(g: &mut Gen) -> UsageTotals {
	let mut usage = UsageTotals::default();
	for service in Service::ALL {
		let events = g.below(1_000) as u32;
		usage.set_service(service, ServiceUsage { events, volume: g.below(100_000_000) });
	}
	usage
}

fn random_months(g: &mut Gen, count: usize) -> Vec<MonthFigures> {
	let start = PeriodMonth::new(2026, 1).unwrap();
	(0..count)
		.map(|i| MonthFigures {
			month: start.plus(i as u32).unwrap(),
			network_a: MonthUsage {
				usage: random_usage(g),
				provisional: u128::from(g.below(10_000_000)),
			},
			network_b: MonthUsage {
				usage: random_usage(g),
				provisional: u128::from(g.below(10_000_000)),
			},
		})
		.collect()
}

/// Property: with tier prices at most the IOT price and falling tier by tier, a higher volume
/// never gives a higher average rate, and never one above the undiscounted IOT; incremental
/// charges never fall as volume grows.
#[test]
fn property_volume_tiers_never_raise_the_average_rate() {
	let mut g = Gen(0x5EED_0021);
	let moc = [Service::MocLocal];
	for _ in 0..CASES {
		let style =
			if g.below(2) == 0 { DiscountModel::AllUnits } else { DiscountModel::Incremental };
		let count = 1 + g.below(8) as usize;
		let mut tiers = Vec::new();
		let mut from = if style == DiscountModel::AllUnits { g.below(1_000) } else { 0 };
		let mut price = 5_000u64;
		for _ in 0..count {
			price -= g.below(price + 1).min(price / 2 + 1).min(price);
			tiers.push((from, price));
			from += 1 + g.below(20_000);
		}
		let model = volume_tiers(style, &tiers);
		let v1 = g.below(2_000_000);
		let v2 = v1 + 1 + g.below(2_000_000);
		let none = UsageTotals::default();
		let (c1, _) = charge_of(&moc, model.clone(), usage(v1, 0, 0), none);
		let (c2, _) = charge_of(&moc, model, usage(v2, 0, 0), none);
		// Average non-increasing: c2 / v2 ≤ c1 / v1.
		assert!(c2 * u128::from(v1) <= c1 * u128::from(v2), "{tiers:?} {v1} {v2}");
		// Never above the IOT (5,000 a minute, per second).
		assert!(c2 <= u128::from(v2) * 5_000 * (ACCRUAL_UNITS / 60_000));
		if style == DiscountModel::Incremental {
			assert!(c1 <= c2);
		}
	}
}

/// Property: revenue tiers never charge more than the IOT, and the all-units charge at a tier's
/// threshold is exactly the IOT charge less the tier's rate.
#[test]
fn property_revenue_tiers_never_exceed_the_iot() {
	let mut g = Gen(0x5EED_0022);
	let data = [Service::Data];
	for _ in 0..CASES {
		let model = random_model(&mut g);
		if !matches!(model, ServiceModel::RevenueTiers { .. }) {
			continue;
		}
		let kilobytes = g.below(1_000_000_000);
		let a = terms(vec![group(&data, model)], vec![]);
		let note = true_up(
			&agreement(1, a, plain()),
			&figures(1, usage(0, 0, kilobytes), UsageTotals::default()),
			None,
		)
		.unwrap();
		assert!(note.network_a.discounted_exact <= note.network_a.iot_exact);
	}
	// At a threshold of exactly 100,000 (80,000 MB), −1 KB, +1 KB.
	for basis_points in [0u16, 1, 2_500, 9_999, 10_000] {
		let model = revenue_tiers(DiscountModel::AllUnits, &[(100_000, basis_points)]);
		let kb = 80_000 * 1_024;
		let none = UsageTotals::default();
		let below = charge_of(&data, model.clone(), usage(0, 0, kb - 1), none).0;
		assert_eq!(below, (kb as u128 - 1) * 1_250 * (ACCRUAL_UNITS / 1_024_000));
		let at = charge_of(&data, model.clone(), usage(0, 0, kb), none).0;
		assert_eq!(at, 100_000 * ACCRUAL_UNITS / 10_000 * u128::from(10_000 - basis_points));
		let above = charge_of(&data, model, usage(0, 0, kb + 1), none).0;
		assert_eq!(
			above,
			(kb as u128 + 1) * 1_250 * (ACCRUAL_UNITS / 1_024_000) / 10_000
				* u128::from(10_000 - basis_points)
		);
	}
}

/// Property: with nothing provisionally billed the adjustment is what is due; billed exactly
/// what is due, the adjustment is zero; the net is always A's adjustment less B's, and the
/// obligation moves exactly the net.
#[test]
fn property_true_up_against_the_provisional_amounts() {
	let mut g = Gen(0x5EED_0023);
	for _ in 0..CASES {
		let agreement = agreement_with(random_terms(&mut g), random_terms(&mut g));
		assert_eq!(agreement.validate(), Ok(()));
		let mut months = random_months(&mut g, 12);
		for m in months.iter_mut() {
			m.network_a.provisional = 0;
			m.network_b.provisional = 0;
		}
		let note = true_up(&agreement, &months, None).unwrap();
		assert!(note.is_consistent());
		assert_eq!(note.network_a.adjustment, note.network_a.due as i128);
		assert_eq!(note.network_b.adjustment, note.network_b.due as i128);
		assert_eq!(note.net_to_a, note.network_a.due as i128 - note.network_b.due as i128);
		// The due amount is the exact charge plus shortfalls, rounded once.
		let exact = note.network_a.discounted_exact + note.network_a.shortfall_exact;
		assert_eq!(note.network_a.due, round_accrual(exact));
		let shortfalls: u128 = note.network_a.shortfalls.iter().map(|s| s.payment_exact).sum();
		assert_eq!(shortfalls, note.network_a.shortfall_exact);
		// Billed exactly the due amount (all in the last month): nothing to adjust.
		months[11].network_a.provisional = note.network_a.due;
		months[11].network_b.provisional = note.network_b.due;
		let settled = true_up(&agreement, &months, None).unwrap();
		assert_eq!((settled.network_a.adjustment, settled.network_b.adjustment), (0, 0));
		assert_eq!(settled.obligation(), None);
		match note.obligation() {
			Some((Party::B, Party::A, amount)) => assert_eq!(amount as i128, note.net_to_a),
			Some((Party::A, Party::B, amount)) => assert_eq!(amount as i128, -note.net_to_a),
			None => assert_eq!(note.net_to_a, 0),
			other => panic!("{other:?}"),
		}
	}
}

/// Property: interim true-ups on any schedule plus the final one add up to the single final
/// true-up of the period, per direction and net.
#[test]
fn property_interim_notes_add_up_to_the_final() {
	let mut g = Gen(0x5EED_0024);
	for _ in 0..CASES / 5 {
		let mut agreement = agreement_with(random_terms(&mut g), random_terms(&mut g));
		let months = random_months(&mut g, 12);
		let single = true_up(&agreement, &months, None).unwrap();
		agreement.true_up_every = [1, 2, 3, 4, 6][g.below(5) as usize];
		let every = usize::from(agreement.true_up_every);
		let mut previous: Option<CreditNote> = None;
		let (mut sum_a, mut sum_b, mut net) = (0i128, 0i128, 0i128);
		for covered in (every..=12).step_by(every) {
			let note = true_up(&agreement, &months[..covered], previous.as_ref()).unwrap();
			assert!(note.is_consistent());
			sum_a += note.network_a.adjustment;
			sum_b += note.network_b.adjustment;
			net += note.net_to_a;
			previous = Some(note);
		}
		let last = previous.unwrap();
		assert!(last.is_final);
		assert_eq!(last.network_a.due, single.network_a.due);
		assert_eq!(
			(sum_a, sum_b, net),
			(single.network_a.adjustment, single.network_b.adjustment, single.net_to_a)
		);
	}
}

/// Property: balanced traffic is symmetric: the balanced volume is the smaller direction's, so
/// with equal volumes both directions are charged at the balanced price only.
#[test]
fn property_balanced_volume_is_the_smaller_direction() {
	let mut g = Gen(0x5EED_0025);
	let data = [Service::Data];
	for _ in 0..CASES {
		let balanced_price = g.below(5_000);
		let unbalanced_price = g.below(5_000);
		let model = ServiceModel::Balanced { balanced_price, unbalanced_price };
		let (va, vb) = (g.below(100_000_000), g.below(100_000_000));
		let note = true_up(
			&agreement(
				1,
				terms(vec![group(&data, model.clone())], vec![]),
				terms(vec![group(&data, model)], vec![]),
			),
			&figures(1, usage(0, 0, va), usage(0, 0, vb)),
			None,
		)
		.unwrap();
		let per_kb = ACCRUAL_UNITS / 1_024_000;
		let balanced = u128::from(va.min(vb));
		let price = |v: u128, p: u64| v * u128::from(p) * per_kb;
		assert_eq!(
			note.network_a.discounted_exact,
			price(balanced, balanced_price) + price(u128::from(va) - balanced, unbalanced_price)
		);
		assert_eq!(
			note.network_b.discounted_exact,
			price(balanced, balanced_price) + price(u128::from(vb) - balanced, unbalanced_price)
		);
	}
}
