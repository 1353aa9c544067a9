//! Benchmarks of the roaming settlement pallet (frame-benchmarking v2). Each call runs in its
//! worst case: full discount tables, a foreign-currency claim that exceeds its re-rating beyond
//! the tolerance (opening a reconciliation) and
//! splits the last of a nearly full set of sequence gaps, a close that discounts and nets both
//! directions into clearing.

#![allow(clippy::arithmetic_side_effects, clippy::unwrap_used)]

use super::*;
use crate::pallet::{Agreements, Batches, EncryptionKeys, Sequences, TadigsOf};
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate as _, EnsureOrigin, Get};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_runtime::traits::{Bounded, Saturating};
use telecom_primitives::{
	Amount, CurrencyCode, DocumentHash, OperatorMembership, SettlementPeriod, TadigCode,
};

/// 2026-11-15T00:00:00Z.
const NOVEMBER: u64 = 1_794_700_800_000;
/// 2026-12-15T00:00:00Z.
const DECEMBER: u64 = 1_797_292_800_000;

fn operator<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	// Enough for deposits, small enough that many such accounts cannot overflow the issuance.
	let _ = T::Currency::set_balance(&who, BalanceOf::<T>::max_value() / 1_000_000u32.into());
	if !T::Operators::is_operator(&who) {
		T::Operators::add_operator(&who);
	}
	who
}

/// A TADIG code `XX<a><b>` unique per index.
fn code(country: &[u8; 3], index: u32) -> TadigCode {
	let digit = |n: u32| b'0' + (n % 10) as u8;
	let [c1, c2, c3] = *country;
	TadigCode::new([c1, c2, c3, digit(index / 10), digit(index)]).unwrap()
}

fn november() -> SettlementPeriod {
	SettlementPeriod::new(2026, 11).unwrap()
}

fn full_discount() -> Option<Discount> {
	let tiers: Vec<_> = (0..MAX_DISCOUNT_TIERS)
		.map(|i| DiscountTier { from: u128::from(i) * 1_000, basis_points: 100 * (i as u16 + 1) })
		.collect();
	Some(Discount { model: DiscountModel::Incremental, tiers: tiers.try_into().unwrap() })
}

fn terms<T: Config>() -> AgreementTerms {
	// Every service priced, with set-up fees and minimum charges: the most rating work.
	let call = |price| Rate { price, increment: 1, setup_fee: 100, minimum_charge: 1_000 };
	let tariff = Tariff {
		moc_local: call(5_000),
		moc_home: call(5_000),
		moc_international: call(5_000),
		mtc: Rate { increment: 30, ..call(1_000) },
		sms_mo: Rate { price: 2_000, increment: 1, setup_fee: 10, minimum_charge: 0 },
		sms_mt: Rate { price: 1_000, increment: 1, setup_fee: 10, minimum_charge: 0 },
		data: Rate { price: 1_250, increment: 10, setup_fee: 100, minimum_charge: 1_000 },
		volte: call(5_000),
		video: Rate { increment: 60, ..call(20_000) },
	};
	// Every figure has its own tolerance, so each lookup scans the whole list; all equal the
	// general one.
	let all_services = |tolerance| {
		let stated = Service::ALL
			.into_iter()
			.map(PostedService::Service)
			.chain([PostedService::Charge])
			.map(|service| ServiceTolerance { service, tolerance });
		ServiceTolerances::truncate_from(stated.collect())
	};
	// Claims up to 1,000,000 above the re-rating (about 100,000) are within the tolerance.
	let tolerance = Tolerance { basis_points: 0, minimum: 1_000_000 };
	AgreementTerms {
		valid_from: november(),
		valid_to: november().add_months(T::MaxAgreementPeriods::get() - 1).unwrap(),
		currency: CurrencyCode::XDR,
		network_a: NetworkTerms {
			tariff,
			discount: full_discount(),
			tolerance,
			service_tolerances: all_services(tolerance),
		},
		network_b: NetworkTerms {
			tariff,
			discount: full_discount(),
			tolerance,
			service_tolerances: all_services(tolerance),
		},
		dispute_window: T::MinDisputeWindow::get(),
		notice_periods: 3,
		tax_included: false,
		document: DocumentHash::repeat_byte(0xC0),
		invoice: Some(InvoiceTerms {
			currency: CurrencyCode::EUR,
			rate_date: RateDate::UsagePeriod,
		}),
	}
}

/// Two operators with one network each.
fn parties<T: Config>() -> (T::AccountId, TadigCode, T::AccountId, TadigCode) {
	T::BenchmarkHelper::set_unix_time(NOVEMBER);
	let (a, b) = (operator::<T>("visited", 0), operator::<T>("home", 0));
	let (tadig_a, tadig_b) = (code(b"DEU", 1), code(b"FRA", 1));
	Pallet::<T>::do_register_tadig(&a, tadig_a).unwrap();
	Pallet::<T>::do_register_tadig(&b, tadig_b).unwrap();
	(a, tadig_a, b, tadig_b)
}

/// An agreement in force between the two parties.
fn agreement<T: Config>() -> (AgreementId, T::AccountId, T::AccountId) {
	let (a, tadig_a, b, tadig_b) = parties::<T>();
	let id = NextAgreementId::<T>::get();
	Pallet::<T>::do_propose_agreement(a.clone(), tadig_a, tadig_b, terms::<T>()).unwrap();
	Pallet::<T>::do_accept_agreement(b.clone(), id).unwrap();
	(id, a, b)
}

fn report(sequence: FileSequence, currency: CurrencyCode, claimed: Amount) -> UsageReport {
	UsageReport {
		sequence,
		period: november(),
		records: 10_000,
		usage: UsageTotals {
			moc_local: VoiceUsage { calls: 1_000, seconds: 120_000 },
			moc_home: VoiceUsage { calls: 600, seconds: 80_000 },
			moc_international: VoiceUsage { calls: 400, seconds: 40_000 },
			mtc: VoiceUsage { calls: 1_000, seconds: 90_000 },
			sms_mo: 3_000,
			sms_mt: 1_000,
			data: DataUsage { sessions: 4_000, kilobytes: 50_000_000 },
			volte: VoiceUsage { calls: 500, seconds: 30_000 },
			video: VoiceUsage { calls: 100, seconds: 6_000 },
		},
		claimed,
		currency,
		file: DocumentHash::repeat_byte(sequence as u8),
		test_file: false,
	}
}

/// A batch on A's network with sequence `sequence`, pending.
fn batch<T: Config>(id: AgreementId, a: &T::AccountId, sequence: FileSequence) {
	Pallet::<T>::do_submit_batch(a.clone(), id, report(sequence, CurrencyCode::XDR, 1_000_000))
		.unwrap();
}

/// Publishes November's XDR → EUR rate, which the terms invoice with (a close converts).
fn invoice_rate<T: Config>() {
	let rate = ExchangeRate { rate: 1_234_567, decimals: 6 };
	Pallet::<T>::do_set_exchange_rate(november(), CurrencyCode::XDR, CurrencyCode::EUR, rate)
		.unwrap();
}

/// Sets the clock to a moment inside `period`.
fn set_clock_in<T: Config>(period: SettlementPeriod) {
	const DAY: u64 = 86_400_000;
	let mut millis = NOVEMBER + u64::from(november().months_until(&period)) * 30 * DAY;
	while SettlementPeriod::from_unix_millis(millis).unwrap() < period {
		millis += DAY;
	}
	T::BenchmarkHelper::set_unix_time(millis);
}

fn set_block<T: Config>(n: BlockNumberFor<T>) {
	frame_system::Pallet::<T>::set_block_number(n);
}

/// The batch's dispute window has passed.
fn after_window<T: Config>(id: AgreementId, network: Side, sequence: FileSequence) {
	let deadline = Batches::<T>::get((id, network, sequence)).unwrap().dispute_deadline;
	set_block::<T>(deadline.saturating_add(1u32.into()));
}

/// Batch 1 on A's network is disputed at the end of its window, and November is closed with
/// the disputed amount withheld; the dispute is still inside its resolution deadline.
fn disputed_in_closed_period<T: Config>(id: AgreementId, a: &T::AccountId, b: &T::AccountId) {
	batch::<T>(id, a, 1);
	let deadline = Batches::<T>::get((id, Side::A, 1)).unwrap().dispute_deadline;
	set_block::<T>(deadline);
	Pallet::<T>::do_dispute_batch(b.clone(), id, Side::A, 1, 1_000, 30, DocumentHash::zero())
		.unwrap();
	set_block::<T>(deadline.saturating_add(1u32.into()));
	T::BenchmarkHelper::set_unix_time(DECEMBER);
	invoice_rate::<T>();
	Pallet::<T>::do_close_period(a.clone(), id, november()).unwrap();
}

/// In the agreement's last period, an amendment moving `valid_from` past it: every period
/// of the agreement is checked for usage and a statement (the walk's bound).
fn dropping_every_period<T: Config>() -> AgreementTerms {
	let last = november().add_months(T::MaxAgreementPeriods::get() - 1).unwrap();
	set_clock_in::<T>(last);
	let mut amended = terms::<T>();
	amended.valid_from = last.add_months(1).unwrap();
	amended.valid_to = amended.valid_from;
	amended
}

/// The salt of the benchmarks' confidential terms.
const SALT: [u8; 32] = [0x5A; 32];

/// An envelope of the longest length the chain stores, sealed to key epoch `epoch`.
fn envelope(epoch: KeyEpoch) -> SealedEnvelope {
	let mut bytes = alloc::vec![SEALED_ENVELOPE_VERSION];
	bytes.resize(MAX_SEALED_TERMS_LEN as usize, 0xAB);
	SealedEnvelope { epoch, bytes: bytes.try_into().unwrap() }
}

/// `terms` committed with [`SALT`], sealed (as far as the chain can tell) to key epoch 1 of
/// both parties.
fn sealed_terms(terms: &AgreementTerms) -> SealedTerms {
	use codec::Encode;
	SealedTerms {
		commitment: telecom_primitives::commitment::terms_commitment(&terms.encode(), &SALT),
		envelope_a: envelope(1),
		envelope_b: envelope(1),
	}
}

/// Both parties register their first encryption key.
fn keys<T: Config>(a: &T::AccountId, b: &T::AccountId) {
	Pallet::<T>::do_register_encryption_key(a.clone(), [1; 32]).unwrap();
	Pallet::<T>::do_register_encryption_key(b.clone(), [2; 32]).unwrap();
}

/// A confidential agreement in force between the two parties, with the benchmarks' terms
/// sealed.
fn sealed_agreement<T: Config>() -> (AgreementId, T::AccountId, T::AccountId) {
	let (a, tadig_a, b, tadig_b) = parties::<T>();
	keys::<T>(&a, &b);
	let id = NextAgreementId::<T>::get();
	let terms = terms::<T>();
	let sealed = sealed_terms(&terms);
	Pallet::<T>::do_propose_sealed(a.clone(), tadig_a, tadig_b, terms.header(), sealed, id)
		.unwrap();
	let digest = Pallet::<T>::pending_acceptance_digest(id).unwrap();
	Pallet::<T>::do_accept_sealed(b.clone(), id, digest).unwrap();
	(id, a, b)
}

/// The heaviest discount terms for the agreement of `terms::<T>()`: the longest period, every
/// service in its own group (tiers of every kind, balanced traffic, flat-rate bands, all at the
/// most tiers), and the most commitments, volume and revenue, in both directions; an interim
/// note every 12 months.
/// A padded (version 2) envelope, the only kind a discount takes.
fn padded_envelope(epoch: KeyEpoch) -> SealedEnvelope {
	let mut bytes = alloc::vec![SEALED_ENVELOPE_VERSION_PADDED];
	bytes.resize(MAX_SEALED_TERMS_LEN as usize, 0xAB);
	SealedEnvelope { epoch, bytes: bytes.try_into().unwrap() }
}

/// The heaviest discount terms sealed with [`SALT`].
fn sealed_discount_terms<T: Config>() -> (discount::DiscountAgreement, SealedTerms) {
	use codec::Encode;
	let discount = discount_terms::<T>();
	let sealed = SealedTerms {
		commitment: telecom_primitives::commitment::terms_commitment(&discount.encode(), &SALT),
		envelope_a: padded_envelope(1),
		envelope_b: padded_envelope(1),
	};
	(discount, sealed)
}

/// A confidential agreement with the heaviest discount terms proposed sealed by A.
fn sealed_discount_proposed<T: Config>() -> (AgreementId, T::AccountId, T::AccountId) {
	sealed_discount_proposed_with::<T>(discount_terms::<T>())
}

/// A confidential agreement with `discount_terms` proposed sealed by A.
fn sealed_discount_proposed_with<T: Config>(
	discount_terms: discount::DiscountAgreement,
) -> (AgreementId, T::AccountId, T::AccountId) {
	use codec::Encode;
	let (id, a, b) = sealed_agreement::<T>();
	let sealed = SealedTerms {
		commitment: telecom_primitives::commitment::terms_commitment(
			&discount_terms.encode(),
			&SALT,
		),
		envelope_a: padded_envelope(1),
		envelope_b: padded_envelope(1),
	};
	let header = discount::DiscountHeader::of(&discount_terms);
	Pallet::<T>::do_propose_sealed_discount(a.clone(), id, header, sealed).unwrap();
	(id, a, b)
}

/// [`sealed_discount_proposed`], accepted, with usage in its first month and every month of
/// the longest period closed (converted into the invoice currency); the interim note after 12
/// months booked by both parties' postings.
fn sealed_discount_closed<T: Config>() -> (AgreementId, T::AccountId, T::AccountId) {
	sealed_discount_closed_with::<T>(discount_terms::<T>())
}

/// [`sealed_discount_closed`] with `discount_terms`.
fn sealed_discount_closed_with<T: Config>(
	discount_terms: discount::DiscountAgreement,
) -> (AgreementId, T::AccountId, T::AccountId) {
	let (id, a, b) = sealed_discount_proposed_with::<T>(discount_terms);
	let digest = Pallet::<T>::pending_discount_digest(id, november()).unwrap();
	Pallet::<T>::do_accept_sealed_discount(b.clone(), id, november(), digest).unwrap();
	batch::<T>(id, &a, 1);
	Pallet::<T>::do_accept_batch(b.clone(), id, Side::A, 1).unwrap();
	after_window::<T>(id, Side::A, 1);
	let months = discount::MAX_PERIOD_MONTHS;
	let rate = ExchangeRate { rate: 1_234_567, decimals: 6 };
	for index in 0..months {
		let month = november().add_months(index).unwrap();
		Pallet::<T>::do_set_exchange_rate(month, CurrencyCode::XDR, CurrencyCode::EUR, rate)
			.unwrap();
		set_clock_in::<T>(month.next().unwrap());
		Pallet::<T>::do_close_period(a.clone(), id, month).unwrap();
		if index == 11 {
			Pallet::<T>::do_post_discount_note(a.clone(), id, november(), 12, -1_000).unwrap();
			Pallet::<T>::do_post_discount_note(b.clone(), id, november(), 12, -1_000).unwrap();
		}
	}
	(id, a, b)
}

fn discount_terms<T: Config>() -> discount::DiscountAgreement {
	use telecom_roaming_rating::{
		Commitment, CommitmentKind, DirectionTerms, FlatBand, ServiceDiscount, ServiceModel,
		VolumeTier, MAX_COMMITMENTS,
	};
	let tiers = |style| ServiceModel::VolumeTiers {
		style,
		tiers: (0..MAX_DISCOUNT_TIERS)
			.map(|i| VolumeTier { from: u64::from(i) * 100, price: 4_000 - u64::from(i) * 100 })
			.collect::<Vec<_>>()
			.try_into()
			.unwrap(),
	};
	let model = |index: usize| match index % 4 {
		0 => tiers(DiscountModel::AllUnits),
		1 => tiers(DiscountModel::Incremental),
		2 => ServiceModel::FlatRate {
			bands: (1..=MAX_DISCOUNT_TIERS)
				.map(|i| FlatBand { up_to: u64::from(i) * 1_000, charge: u128::from(i) * 10_000 })
				.collect::<Vec<_>>()
				.try_into()
				.unwrap(),
			excess_price: 900,
		},
		_ => ServiceModel::Balanced { balanced_price: 1_000, unbalanced_price: 3_000 },
	};
	let direction = |tariff: Tariff| DirectionTerms {
		iot: tariff,
		discounts: Service::ALL
			.into_iter()
			.enumerate()
			.map(|(index, service)| ServiceDiscount {
				services: alloc::vec![service].try_into().unwrap(),
				model: model(index),
			})
			.collect::<Vec<_>>()
			.try_into()
			.unwrap(),
		commitments: Service::ALL
			.into_iter()
			.take(MAX_COMMITMENTS as usize)
			.enumerate()
			.map(|(index, service)| Commitment {
				services: alloc::vec![service].try_into().unwrap(),
				kind: if index % 2 == 0 {
					CommitmentKind::Volume { units: 1_000_000, shortfall_price: 500 }
				} else {
					CommitmentKind::Revenue { amount: 100_000_000 }
				},
			})
			.collect::<Vec<_>>()
			.try_into()
			.unwrap(),
	};
	let agreement = terms::<T>();
	discount::DiscountAgreement {
		start: discount::period_month(november()),
		months: discount::MAX_PERIOD_MONTHS as u8,
		true_up_every: 12,
		network_a: direction(agreement.network_a.tariff),
		network_b: direction(agreement.network_b.tariff),
	}
}

/// An agreement in force with the heaviest discount agreement proposed by A.
fn discount_proposed<T: Config>() -> (AgreementId, T::AccountId, T::AccountId) {
	let (id, a, b) = agreement::<T>();
	Pallet::<T>::do_propose_discount(a.clone(), id, discount_terms::<T>()).unwrap();
	(id, a, b)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_tadig() {
		let who = operator::<T>("operator", 0);
		for i in 1..T::MaxTadigsPerOperator::get() {
			Pallet::<T>::do_register_tadig(&who, code(b"ITA", i)).unwrap();
		}
		let new = code(b"ITA", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), new);

		assert_eq!(TadigOwner::<T>::get(new), Some(who.clone()));
		assert_eq!(TadigsOf::<T>::get(&who).len() as u32, T::MaxTadigsPerOperator::get());
	}

	#[benchmark]
	fn deregister_tadig() {
		let who = operator::<T>("operator", 0);
		for i in 0..T::MaxTadigsPerOperator::get() {
			Pallet::<T>::do_register_tadig(&who, code(b"ITA", i)).unwrap();
		}
		let gone = code(b"ITA", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), gone);

		assert_eq!(TadigOwner::<T>::get(gone), None);
	}

	#[benchmark]
	fn propose_agreement() {
		let (a, tadig_a, _, tadig_b) = parties::<T>();
		// A chain's genesis may hold agreements of its own.
		let id = NextAgreementId::<T>::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(a), tadig_a, tadig_b, terms::<T>());

		assert_eq!(NextAgreementId::<T>::get(), id + 1);
	}

	#[benchmark]
	fn accept_agreement() {
		let (a, tadig_a, b, tadig_b) = parties::<T>();
		let id = NextAgreementId::<T>::get();
		Pallet::<T>::do_propose_agreement(a, tadig_a, tadig_b, terms::<T>()).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(b), id);

		assert_eq!(Agreements::<T>::get(id).unwrap().status, AgreementStatus::Active);
	}

	#[benchmark]
	fn cancel_proposal() {
		let (a, tadig_a, b, tadig_b) = parties::<T>();
		let id = NextAgreementId::<T>::get();
		Pallet::<T>::do_propose_agreement(a, tadig_a, tadig_b, terms::<T>()).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(b), id);

		assert!(Agreements::<T>::get(id).is_none());
	}

	#[benchmark]
	fn propose_amendment() {
		let (id, _, b) = agreement::<T>();
		let amended = dropping_every_period::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(b), id, amended);

		assert!(Agreements::<T>::get(id).unwrap().amendment.is_some());
	}

	#[benchmark]
	fn accept_amendment() {
		let (id, a, b) = agreement::<T>();
		let amended = dropping_every_period::<T>();
		Pallet::<T>::do_propose_amendment(b, id, amended).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(a), id, 2);

		let agreement = Agreements::<T>::get(id).unwrap();
		assert_eq!(agreement.version, 2);
		assert_eq!(
			november().months_until(&agreement.terms.valid_from),
			T::MaxAgreementPeriods::get()
		);
	}

	#[benchmark]
	fn terminate_agreement() {
		let (id, a, _) = agreement::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(a), id);

		assert_eq!(Agreements::<T>::get(id).unwrap().status, AgreementStatus::Terminating);
	}

	#[benchmark]
	fn submit_batch() {
		let (id, a, _) = agreement::<T>();
		let (tadig_a, tadig_b) = (code(b"DEU", 1), code(b"FRA", 1));
		// All but one of the gap slots hold three-number gaps; the file fills the middle of the
		// last one, which searches every gap and splits it in two.
		let gaps: Vec<_> = (0..MAX_SEQUENCE_GAPS - 1).map(|i| (4 * i + 1, 4 * i + 3)).collect();
		let expected = 4 * (MAX_SEQUENCE_GAPS - 1);
		let late = 4 * (MAX_SEQUENCE_GAPS - 2) + 2;
		Sequences::<T>::insert(
			(tadig_a, tadig_b),
			SequenceControl { expected, gaps: gaps.try_into().unwrap() },
		);
		let rate = ExchangeRate { rate: 8_675, decimals: 4 };
		Pallet::<T>::do_set_exchange_rate(november(), CurrencyCode::EUR, CurrencyCode::XDR, rate)
			.unwrap();

		#[extrinsic_call]
		// The claim exceeds the re-rating beyond the tolerance: a reconciliation opens.
		_(RawOrigin::Signed(a), id, report(late, CurrencyCode::EUR, 10_000_000));

		assert!(matches!(
			Batches::<T>::get((id, Side::A, late)).unwrap().status,
			BatchStatus::Disputed { .. }
		));
		assert_eq!(Sequences::<T>::get((tadig_a, tadig_b)).gaps.len() as u32, MAX_SEQUENCE_GAPS);
	}

	#[benchmark]
	fn accept_batch() {
		let (id, a, b) = agreement::<T>();
		batch::<T>(id, &a, 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(b), id, Side::A, 1);

		assert_eq!(Batches::<T>::get((id, Side::A, 1)).unwrap().status, BatchStatus::Accepted);
	}

	#[benchmark]
	fn dispute_batch() {
		let (id, a, b) = agreement::<T>();
		batch::<T>(id, &a, 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(b), id, Side::A, 1, 1_000, 30, DocumentHash::repeat_byte(0xEE));

		assert!(matches!(
			Batches::<T>::get((id, Side::A, 1)).unwrap().status,
			BatchStatus::Disputed { .. }
		));
	}

	#[benchmark]
	fn propose_settlement() {
		let (id, a, b) = agreement::<T>();
		disputed_in_closed_period::<T>(id, &a, &b);
		Pallet::<T>::do_propose_settlement(b, id, Side::A, 1, 500).unwrap();

		// The matching proposal resolves a dispute of a closed period: the true-up re-prices
		// the direction with its full discount table and sends the difference to clearing.
		#[extrinsic_call]
		_(RawOrigin::Signed(a), id, Side::A, 1, 500);

		assert_eq!(
			Batches::<T>::get((id, Side::A, 1)).unwrap().status,
			BatchStatus::Resolved { by_arbiter: false }
		);
		assert_eq!(Statements::<T>::get(id, november()).unwrap().network_a.withheld, 0);
	}

	#[benchmark]
	fn arbitrate() -> Result<(), BenchmarkError> {
		let origin =
			T::ArbiterOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let (id, a, b) = agreement::<T>();
		disputed_in_closed_period::<T>(id, &a, &b);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, Side::A, 1, 500);

		assert_eq!(
			Batches::<T>::get((id, Side::A, 1)).unwrap().status,
			BatchStatus::Resolved { by_arbiter: true }
		);
		assert_eq!(Statements::<T>::get(id, november()).unwrap().network_a.withheld, 0);
		Ok(())
	}

	#[benchmark]
	fn set_exchange_rate() -> Result<(), BenchmarkError> {
		let origin =
			T::RateOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let rate = ExchangeRate { rate: 8_675, decimals: 4 };

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, november(), CurrencyCode::EUR, CurrencyCode::XDR, rate);

		assert!(ExchangeRates::<T>::contains_key((
			november(),
			CurrencyCode::EUR,
			CurrencyCode::XDR
		)));
		Ok(())
	}

	#[benchmark]
	fn close_period() {
		let (id, a, b) = agreement::<T>();
		batch::<T>(id, &a, 1);
		// More traffic on B's network, so the net is not zero and reaches clearing.
		let mut heavier = report(1, CurrencyCode::XDR, 1_100_000);
		heavier.usage.sms_mo = 30_000;
		heavier.file = DocumentHash::repeat_byte(0xB1);
		Pallet::<T>::do_submit_batch(b.clone(), id, heavier).unwrap();
		after_window::<T>(id, Side::B, 1);
		T::BenchmarkHelper::set_unix_time(DECEMBER);
		invoice_rate::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(a), id, november());

		let statement = Statements::<T>::get(id, november()).unwrap();
		assert!(statement.net > 0 && statement.obligation.is_some());
		assert!(statement.invoice.is_some());
	}

	#[benchmark]
	fn sign_off_statement() {
		let (id, a, b) = agreement::<T>();
		batch::<T>(id, &a, 1);
		after_window::<T>(id, Side::A, 1);
		T::BenchmarkHelper::set_unix_time(DECEMBER);
		invoice_rate::<T>();
		Pallet::<T>::do_close_period(a.clone(), id, november()).unwrap();
		Pallet::<T>::do_sign_off_statement(a, id, november()).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(b), id, november());

		assert!(Statements::<T>::get(id, november()).unwrap().signed_by_b);
	}

	#[benchmark]
	fn purge_batch() {
		let (id, a, b) = agreement::<T>();
		batch::<T>(id, &a, 1);
		after_window::<T>(id, Side::A, 1);
		T::BenchmarkHelper::set_unix_time(DECEMBER);
		invoice_rate::<T>();
		Pallet::<T>::do_close_period(a, id, november()).unwrap();
		// Past the file's duplicate window: the hash entry goes with the batch.
		T::BenchmarkHelper::set_unix_time(DECEMBER + DUPLICATE_WINDOW_SECS * 1_000);

		#[extrinsic_call]
		_(RawOrigin::Signed(b), id, Side::A, 1);

		assert!(!Batches::<T>::contains_key((id, Side::A, 1)));
		assert_eq!(crate::FileHashes::<T>::iter_prefix(id).count(), 0);
	}

	/// Worst case: every service and the charge differ beyond the tolerance (a minimum of
	/// 1,000,000), so the chain rates both sides' usage per service, opens a dispute and stores
	/// every difference (each service of the tariff model and the charge).
	#[benchmark]
	fn post_home_totals() {
		let (id, a, b) = agreement::<T>();
		let calls = VoiceUsage { calls: 1_000, seconds: 30_000_000 };
		let usage = UsageTotals {
			moc_local: calls,
			moc_home: calls,
			moc_international: calls,
			mtc: VoiceUsage { calls: 1_000, seconds: 120_000_000 },
			sms_mo: 1_000_000,
			sms_mt: 1_000_000,
			data: DataUsage { sessions: 1_000, kilobytes: 2_048_000_000 },
			volte: calls,
			video: calls,
		};
		let tariff = terms::<T>().network_a.tariff;
		let claimed = crate::rating::rate_usage(&tariff, &usage).unwrap();
		let file = DocumentHash::repeat_byte(0x77);
		let visited = UsageReport { usage, claimed, file, ..report(1, CurrencyCode::XDR, claimed) };
		Pallet::<T>::do_submit_batch(a, id, visited).unwrap();
		let totals =
			HomeTotals { sequence: 1, records: 0, usage: UsageTotals::default(), charged: 0, file };

		#[extrinsic_call]
		_(RawOrigin::Signed(b), id, totals);

		let posting = crate::DualPostings::<T>::get((id, Side::A, 1)).unwrap();
		assert_eq!(posting.differences.len() as u32, MAX_POSTED_SERVICES);
		assert!(matches!(
			Batches::<T>::get((id, Side::A, 1)).unwrap().status,
			BatchStatus::Disputed { .. }
		));
	}

	#[benchmark]
	fn register_encryption_key() {
		// A rotation: the key exists and its epoch goes up.
		let (a, _, _, _) = parties::<T>();
		Pallet::<T>::do_register_encryption_key(a.clone(), [1; 32]).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(a.clone()), [3; 32]);

		assert_eq!(EncryptionKeys::<T>::get(&a).unwrap().epoch, 2);
	}

	#[benchmark]
	fn propose_sealed() {
		// Envelopes of the longest length stored.
		let (a, tadig_a, b, tadig_b) = parties::<T>();
		keys::<T>(&a, &b);
		let id = NextAgreementId::<T>::get();
		let terms = terms::<T>();
		let sealed = sealed_terms(&terms);

		#[extrinsic_call]
		_(RawOrigin::Signed(a), tadig_a, tadig_b, terms.header(), sealed, id);

		assert!(Agreements::<T>::get(id).unwrap().sealed.is_some());
	}

	#[benchmark]
	fn accept_sealed() {
		// Accepting an amendment that drops every period: the walk over the agreement's
		// periods is the worst case (accepting a proposal reads and writes one agreement).
		let (id, a, b) = sealed_agreement::<T>();
		let amended = dropping_every_period::<T>();
		let sealed = sealed_terms(&amended);
		let commitment = sealed.commitment;
		Pallet::<T>::do_propose_sealed_amendment(b, id, amended.header(), sealed).unwrap();
		let digest = Pallet::<T>::pending_acceptance_digest(id).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(a), id, digest);

		let agreement = Agreements::<T>::get(id).unwrap();
		assert_eq!(agreement.version, 2);
		assert_eq!(agreement.sealed.map(|sealed| sealed.commitment), Some(commitment));
	}

	#[benchmark]
	fn propose_sealed_amendment() {
		let (id, _, b) = sealed_agreement::<T>();
		let amended = dropping_every_period::<T>();
		let sealed = sealed_terms(&amended);

		#[extrinsic_call]
		_(RawOrigin::Signed(b), id, amended.header(), sealed);

		assert!(Agreements::<T>::get(id).unwrap().amendment.is_some());
	}

	#[benchmark]
	fn reseal() {
		// Party A rotated its key; party B reseals A's stale envelope to the new one.
		let (id, a, b) = sealed_agreement::<T>();
		Pallet::<T>::do_register_encryption_key(a, [3; 32]).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(b), id, Side::A, envelope(2));

		let sealed = Agreements::<T>::get(id).unwrap().sealed.unwrap();
		assert_eq!(sealed.envelope_a.epoch, 2);
	}

	#[benchmark]
	fn reveal_terms(n: Linear<1, MAX_REVEAL_BATCHES>) {
		// `n` disputed batches on A's network, each using every service of the tariff.
		let (id, a, b) = sealed_agreement::<T>();
		let mut named = Vec::new();
		for sequence in 1..=n {
			batch::<T>(id, &a, sequence);
			Pallet::<T>::do_dispute_batch(
				b.clone(),
				id,
				Side::A,
				sequence,
				1_000,
				30,
				DocumentHash::zero(),
			)
			.unwrap();
			named.push((Side::A, sequence));
		}
		let batches: RevealBatches = named.try_into().unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(b), id, terms::<T>(), SALT, batches);

		assert!(Batches::<T>::get((id, Side::A, n)).unwrap().rated_exact > 0);
	}

	/// Worst case: the heaviest terms over the longest period, each month checked for
	/// coverage, usage and a statement.
	#[benchmark]
	fn propose_discount() {
		let (id, a, _b) = agreement::<T>();
		let terms = discount_terms::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(a), id, terms);

		assert!(DiscountAgreements::<T>::contains_key(id, november()));
	}

	#[benchmark]
	fn accept_discount() {
		let (id, _a, b) = discount_proposed::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(b), id, november());

		let record = DiscountAgreements::<T>::get(id, november()).unwrap();
		assert_eq!(record.status, discount::DiscountStatus::Active);
	}

	/// Worst case: the longest period's coverage and counters removed.
	#[benchmark]
	fn cancel_discount() {
		let (id, _a, b) = discount_proposed::<T>();
		batch::<T>(id, &_a, 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(b), id, november());

		assert!(!DiscountAgreements::<T>::contains_key(id, november()));
	}

	/// Worst case: the final note of the longest period after an interim note, every service
	/// discounted and every commitment settled, with usage in the first month, converted into
	/// the invoice currency and cleared; the coverage and counters are removed.
	#[benchmark]
	fn true_up_discount() {
		let (id, a, b) = discount_proposed::<T>();
		Pallet::<T>::do_accept_discount(b.clone(), id, november()).unwrap();
		batch::<T>(id, &a, 1);
		after_window::<T>(id, Side::A, 1);
		let months = discount::MAX_PERIOD_MONTHS;
		let last = november().add_months(months - 1).unwrap();
		let rate = ExchangeRate { rate: 1_234_567, decimals: 6 };
		for index in 0..months {
			let month = november().add_months(index).unwrap();
			Pallet::<T>::do_set_exchange_rate(month, CurrencyCode::XDR, CurrencyCode::EUR, rate)
				.unwrap();
			set_clock_in::<T>(month.next().unwrap());
			Pallet::<T>::do_close_period(a.clone(), id, month).unwrap();
			if index == 11 {
				Pallet::<T>::do_true_up_discount(a.clone(), id, november(), 12).unwrap();
			}
		}
		assert!(Statements::<T>::contains_key(id, last));

		#[extrinsic_call]
		_(RawOrigin::Signed(b), id, november(), months as u8);

		let record = DiscountAgreements::<T>::get(id, november()).unwrap();
		assert_eq!(record.status, discount::DiscountStatus::Settled);
		assert!(CreditNotes::<T>::get((id, november(), months as u8))
			.unwrap()
			.obligation
			.is_some());
	}

	#[benchmark]
	fn reserve_agreement_id() {
		// A new reservation (the counter read and moved on, the reservation written); an unused
		// one would only be read.
		let (a, _, _, _) = parties::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(a.clone()));

		assert_eq!(
			crate::AgreementIdReservations::<T>::get(&a),
			Some(NextAgreementId::<T>::get() - 1)
		);
	}

	/// Worst case: the longest period's months checked and covered, two padded envelopes.
	#[benchmark]
	fn propose_sealed_discount() {
		let (id, a, _b) = sealed_agreement::<T>();
		let (discount_terms, sealed) = sealed_discount_terms::<T>();
		let header = discount::DiscountHeader::of(&discount_terms);

		#[extrinsic_call]
		_(RawOrigin::Signed(a), id, header, sealed);

		assert!(DiscountAgreements::<T>::contains_key(id, november()));
	}

	#[benchmark]
	fn accept_sealed_discount() {
		let (id, _a, b) = sealed_discount_proposed::<T>();
		let digest = Pallet::<T>::pending_discount_digest(id, november()).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(b), id, november(), digest);

		let record = DiscountAgreements::<T>::get(id, november()).unwrap();
		assert_eq!(record.status, discount::DiscountStatus::Active);
	}

	/// Worst case: the posting that matches the other party's and books the final note of the
	/// longest period after an interim one: every month's figures read, the net converted into
	/// the invoice currency and cleared, postings, coverage and counters removed.
	#[benchmark]
	fn post_discount_note() {
		let (id, a, b) = sealed_discount_closed::<T>();
		let months = discount::MAX_PERIOD_MONTHS as u8;
		Pallet::<T>::do_post_discount_note(a, id, november(), months, 5_000).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(b), id, november(), months, 5_000);

		let record = DiscountAgreements::<T>::get(id, november()).unwrap();
		assert_eq!(record.status, discount::DiscountStatus::Settled);
		assert!(crate::SealedCreditNotes::<T>::get((id, november(), months))
			.unwrap()
			.obligation
			.is_some());
	}

	/// Worst case: the final note of the longest period with the heaviest terms computed on
	/// chain after an interim note, both commitments checked, over a disagreeing posting.
	#[benchmark]
	fn reveal_discount_terms() {
		let (id, a, b) = sealed_discount_closed::<T>();
		let months = discount::MAX_PERIOD_MONTHS as u8;
		Pallet::<T>::do_post_discount_note(a, id, november(), months, 7).unwrap();
		let (discount_terms, _) = sealed_discount_terms::<T>();
		let iot_terms = terms::<T>();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(b),
			id,
			november(),
			months,
			Box::new(discount_terms),
			SALT,
			Box::new(iot_terms),
			SALT,
		);

		let record = DiscountAgreements::<T>::get(id, november()).unwrap();
		assert_eq!(record.status, discount::DiscountStatus::Settled);
		assert!(crate::SealedCreditNotes::<T>::get((id, november(), months)).unwrap().revealed);
	}

	/// Worst case: the final note of the longest period, with the heaviest terms, booked from
	/// the only posting after an interim note.
	#[benchmark]
	fn book_uncontested_discount_note() {
		let (id, a, b) = sealed_discount_closed::<T>();
		let months = discount::MAX_PERIOD_MONTHS as u8;
		Pallet::<T>::do_post_discount_note(a, id, november(), months, 5_000).unwrap();
		let answer_by =
			crate::DiscountNotePostings::<T>::get((id, november(), months)).unwrap().answer_by;
		frame_system::Pallet::<T>::set_block_number(answer_by + 1u32.into());

		#[extrinsic_call]
		_(RawOrigin::Signed(b), id, november(), months);

		let record = DiscountAgreements::<T>::get(id, november()).unwrap();
		assert_eq!(record.status, discount::DiscountStatus::Settled);
	}

	#[benchmark]
	fn reseal_discount_envelope() {
		// Party A rotated its key; party B reseals A's stale discount envelope to the new one.
		let (id, a, b) = sealed_discount_proposed::<T>();
		Pallet::<T>::do_register_encryption_key(a, [3; 32]).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(b), id, november(), Side::A, padded_envelope(2));

		let record = DiscountAgreements::<T>::get(id, november()).unwrap();
		let discount::DiscountTerms::Sealed(sealed) = record.terms else { panic!("sealed") };
		assert_eq!(sealed.sealed.envelope_a.epoch, 2);
	}

	/// Worst case: the heaviest terms of the longest period, every month closed, an interim
	/// note booked and a posting of the final note open; the terms agree with the header and
	/// the IOT and validate, so the chain computes the final note over every month, which
	/// overflows (a revenue commitment beyond any figure a note can carry).
	#[benchmark]
	fn void_sealed_discount() {
		use telecom_roaming_rating::CommitmentKind;
		let mut discount_terms = discount_terms::<T>();
		if let Some(first) = discount_terms.network_a.commitments.get_mut(0) {
			first.kind = CommitmentKind::Revenue { amount: u128::MAX / 2 };
		}
		let (id, a, b) = sealed_discount_closed_with::<T>(discount_terms.clone());
		let months = discount::MAX_PERIOD_MONTHS as u8;
		Pallet::<T>::do_post_discount_note(a, id, november(), months, 5).unwrap();
		let iot_terms = terms::<T>();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(b),
			id,
			november(),
			Box::new(discount_terms),
			SALT,
			Box::new(iot_terms),
			SALT,
		);

		let record = DiscountAgreements::<T>::get(id, november()).unwrap();
		assert_eq!(record.status, discount::DiscountStatus::Voided);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
