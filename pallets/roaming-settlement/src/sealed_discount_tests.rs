//! Tests of confidential discount agreements: sealed proposal and acceptance by digest, dual
//! posting of the note's net into one obligation, a reveal for arbitration (the liveness path),
//! every error, a stranger's view, the invariants and the v4 → v5 migration.
//!
//! Figures are in the mock's XDR minor units: local MOC at 5 a minute. The discount terms on A's
//! network: all-units tiers of 4 a minute from 0 and 3 a minute from 1,000 minutes, and B's
//! commitment to 5,000 minutes (1 a minute short). Every expected figure below is worked out by
//! hand in the comments, not read from the rating crate.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::arithmetic_side_effects)]

use crate::{
	discount::{DiscountHeader, DiscountRecord, DiscountStatus, DiscountTerms},
	mock::*,
	types::*,
	DiscountAgreements, DiscountMonths, DiscountNotePostings, Error, Event, HoldReason,
	NotePostings, SealedCreditNotes, SealedEnvelope, SealedTerms, SEALED_ENVELOPE_VERSION,
	SEALED_ENVELOPE_VERSION_PADDED,
};
use codec::Encode;
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold, BoundedVec};
use telecom_primitives::{
	commitment::{
		sealed_discount_acceptance_digest, terms_commitment, AcceptanceDigest, TermsCommitment,
		PADDED_ENVELOPE_LEN,
	},
	CurrencyCode, DocumentHash, ObligationSource, SettlementPeriod,
};
use telecom_roaming_rating::{
	Commitment, CommitmentKind, DirectionTerms, DiscountAgreement, PeriodMonth, ServiceDiscount,
	ServiceModel, VolumeTier,
};

fn origin(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Roaming(event) => Some(event),
			_ => None,
		})
		.collect()
}

fn last_event() -> Event<Test> {
	events().pop().expect("an event")
}

fn held(who: u64) -> u64 {
	Balances::balance_on_hold(&RuntimeHoldReason::Roaming(HoldReason::DiscountDeposit), &who)
}

/// The salt of the agreement's (IOT) terms.
const IOT_SALT: [u8; 32] = [0x3C; 32];
/// The salt of the discount terms.
const SALT: [u8; 32] = [0x5D; 32];
/// A price the discount terms carry and no other figure of the tests has.
const SECRET_PRICE: u64 = 0x0BAD_F00D_1234;

/// Days from 1970-01-01 to `year-month-day`.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
	let y = if month <= 2 { year - 1 } else { year };
	let era = if y >= 0 { y } else { y - 399 } / 400;
	let yoe = y - era * 400;
	let mp = (month + 9) % 12;
	let doy = (153 * mp + 2) / 5 + day - 1;
	let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	era * 146_097 + doe - 719_468
}

fn set_month(p: SettlementPeriod) {
	NowMillis::set(days_from_civil(p.year.into(), p.month.into(), 15) as u64 * 86_400_000);
}

fn check_state() {
	Roaming::do_try_state().expect("pallet invariants hold");
	Roaming::discount_try_state().expect("discount invariants hold");
	Roaming::sealed_discount_items_try_state().expect("sealed discount invariants hold");
}

fn iot_commitment() -> TermsCommitment {
	terms_commitment(&terms().encode(), &IOT_SALT)
}

/// Operators 1 (A) and 2 (B) register keys and sign the mock's terms confidentially.
fn sign_sealed() -> AgreementId {
	assert_ok!(Roaming::register_encryption_key(origin(1), [0x11; 32]));
	assert_ok!(Roaming::register_encryption_key(origin(2), [0x22; 32]));
	let id = crate::NextAgreementId::<Test>::get();
	let t = terms();
	let sealed =
		SealedTerms { commitment: iot_commitment(), envelope_a: padded(1), envelope_b: padded(1) };
	assert_ok!(Roaming::propose_sealed(origin(1), deu(), fra(), t.header(), sealed, id));
	let digest = telecom_primitives::commitment::sealed_acceptance_digest(
		id,
		1,
		&t.header().encode(),
		&iot_commitment(),
	);
	assert_ok!(Roaming::accept_sealed(origin(2), id, digest));
	id
}

/// Party `who` reveals `terms` (with [`SALT`]) and the agreement's terms (with [`IOT_SALT`]) for
/// the note over the first `months` months.
fn reveal(
	who: u64,
	id: AgreementId,
	start: SettlementPeriod,
	months: u8,
	terms: &DiscountAgreement,
) -> frame_support::dispatch::DispatchResult {
	Roaming::reveal_discount_terms(
		origin(who),
		id,
		start,
		months,
		Box::new(terms.clone()),
		SALT,
		Box::new(crate::mock::terms()),
		IOT_SALT,
	)
}

/// Party `who` voids the discount from `start`, opening `terms` (with [`SALT`]) and the
/// agreement's terms (with [`IOT_SALT`]).
fn void(
	who: u64,
	id: AgreementId,
	start: SettlementPeriod,
	terms: &DiscountAgreement,
) -> frame_support::dispatch::DispatchResult {
	Roaming::void_sealed_discount(
		origin(who),
		id,
		start,
		Box::new(terms.clone()),
		SALT,
		Box::new(crate::mock::terms()),
		IOT_SALT,
	)
}

/// A padded (version 2) envelope of filler bytes sealed to key epoch `epoch`.
fn padded(epoch: u32) -> SealedEnvelope {
	let mut bytes = vec![0xEE; PADDED_ENVELOPE_LEN as usize];
	bytes[0] = SEALED_ENVELOPE_VERSION_PADDED;
	SealedEnvelope { epoch, bytes: bytes.try_into().unwrap() }
}

fn services(list: &[Service]) -> BoundedVec<Service, frame_support::traits::ConstU32<9>> {
	list.to_vec().try_into().unwrap()
}

/// From `start`, `months` months, interim notes every `every`: on A's network local MOC at 4 a
/// minute, or 3 from 1,000 minutes (all units), and B's commitment to 5,000 minutes (1 a minute
/// short); on B's network the IOT only. The IOT is the mock's tariff.
fn discount_terms(start: SettlementPeriod, months: u8, every: u8) -> DiscountAgreement {
	DiscountAgreement {
		start: PeriodMonth { year: start.year, month: start.month },
		months,
		true_up_every: every,
		network_a: DirectionTerms {
			iot: tariff(),
			discounts: vec![ServiceDiscount {
				services: services(&[Service::MocLocal]),
				model: ServiceModel::VolumeTiers {
					style: DiscountModel::AllUnits,
					tiers: vec![
						VolumeTier { from: 0, price: 4_000 },
						VolumeTier { from: 1_000, price: 3_000 },
						// Never reached: a price only the terms carry.
						VolumeTier { from: 1_000_000_000, price: SECRET_PRICE },
					]
					.try_into()
					.unwrap(),
				},
			}]
			.try_into()
			.unwrap(),
			commitments: vec![Commitment {
				services: services(&[Service::MocLocal]),
				kind: CommitmentKind::Volume { units: 5_000, shortfall_price: 1_000 },
			}]
			.try_into()
			.unwrap(),
		},
		network_b: DirectionTerms {
			iot: tariff(),
			discounts: Default::default(),
			commitments: Default::default(),
		},
	}
}

fn commitment(terms: &DiscountAgreement) -> TermsCommitment {
	terms_commitment(&terms.encode(), &SALT)
}

fn sealed(terms: &DiscountAgreement) -> SealedTerms {
	SealedTerms { commitment: commitment(terms), envelope_a: padded(1), envelope_b: padded(1) }
}

/// What the accepting party states, computed from the terms it opened.
fn digest(id: AgreementId, terms: &DiscountAgreement) -> AcceptanceDigest {
	let proposed = sealed(terms);
	sealed_discount_acceptance_digest(
		id,
		&DiscountHeader::of(terms).encode(),
		&commitment(terms),
		&iot_commitment(),
		&(&proposed.envelope_a, &proposed.envelope_b).encode(),
	)
}

/// A proposes `terms` sealed, B accepts.
fn agree(id: AgreementId, terms: &DiscountAgreement) -> SettlementPeriod {
	let start = SettlementPeriod::new(terms.start.year, terms.start.month).unwrap();
	assert_ok!(Roaming::propose_sealed_discount(
		origin(1),
		id,
		DiscountHeader::of(terms),
		sealed(terms)
	));
	assert_ok!(Roaming::accept_sealed_discount(origin(2), id, start, digest(id, terms)));
	start
}

/// `minutes` of local MOC on `network` in `p`, claimed at the IOT (5 a minute) and accepted by
/// the home operator.
fn file(id: AgreementId, network: Side, p: SettlementPeriod, sequence: u32, minutes: u64) {
	let (sender, home) = match network {
		Side::A => (1, 2),
		Side::B => (2, 1),
	};
	let report = UsageReport {
		period: p,
		file: DocumentHash::from(sp_io::hashing::blake2_256(&(p, network, sequence).encode())),
		..report(sequence, minutes)
	};
	assert_ok!(Roaming::submit_batch(origin(sender), id, report));
	assert_ok!(Roaming::accept_batch(origin(home), id, network, sequence));
}

/// Moves to the month after `p`, past the dispute windows, and closes `p`.
fn close(id: AgreementId, p: SettlementPeriod) {
	set_month(p.next().unwrap());
	run_to_block(System::block_number() + 11);
	assert_ok!(Roaming::close_period(origin(1), id, p));
}

/// November: 600 minutes on A (3,000 at the IOT), 1,500 on B (7,500). December: 400 on A
/// (2,000). January: 1,000 on A (5,000). All three months closed.
fn three_months(id: AgreementId) {
	let (nov, dec, jan) = (period(2026, 11), period(2026, 12), period(2027, 1));
	file(id, Side::A, nov, 1, 600);
	file(id, Side::B, nov, 1, 1_500);
	close(id, nov);
	file(id, Side::A, dec, 2, 400);
	close(id, dec);
	file(id, Side::A, jan, 3, 1_000);
	close(id, jan);
}

/// By hand, over the three months. On A: 2,000 minutes reach the 1,000-minute tier, so all cost
/// 3: 6,000; B committed to 5,000 minutes and is 3,000 short at 1: 3,000; due 9,000 against
/// 10,000 billed: A credits B 1,000. On B: IOT only, 7,500 due and billed. Net to A: −1,000,
/// of which the shortfall is +3,000 (without it A would credit 4,000).
const FINAL_NET: i128 = -1_000;

#[test]
fn equal_postings_book_one_note_and_one_obligation() {
	build_and_execute(|| {
		let id = sign_sealed();
		let nov = period(2026, 11);
		let t = discount_terms(nov, 3, 0);
		assert_ok!(Roaming::propose_sealed_discount(
			origin(1),
			id,
			DiscountHeader::of(&t),
			sealed(&t)
		));
		assert_eq!(
			last_event(),
			Event::SealedDiscountProposed {
				agreement: id,
				start: nov,
				months: 3,
				true_up_every: 0,
				by: Side::A,
				commitment: commitment(&t),
				iot_commitment: iot_commitment(),
			}
		);
		assert_eq!(held(1), DISCOUNT_DEPOSIT);
		assert_eq!(Roaming::pending_discount_digest(id, nov), Some(digest(id, &t)));
		assert_ok!(Roaming::accept_sealed_discount(origin(2), id, nov, digest(id, &t)));
		assert_eq!(last_event(), Event::DiscountAccepted { agreement: id, start: nov });
		assert_eq!(Roaming::pending_discount_digest(id, nov), None);
		check_state();

		three_months(id);
		let monthly = Cleared::get().len();
		assert_eq!(monthly, 3, "three monthly closes at IOT rates");

		assert_ok!(Roaming::post_discount_note(origin(1), id, nov, 3, FINAL_NET));
		assert_eq!(
			last_event(),
			Event::DiscountNotePosted {
				agreement: id,
				start: nov,
				months: 3,
				by: Side::A,
				net_to_a: FINAL_NET
			}
		);
		assert_eq!(Cleared::get().len(), monthly, "one posting books nothing");
		assert_eq!(
			DiscountNotePostings::<Test>::get((id, nov, 3u8)),
			Some(NotePostings {
				a: Some(FINAL_NET),
				b: None,
				answer_by: System::block_number() + u64::from(NOTE_WINDOW)
			})
		);
		check_state();
		assert_ok!(Roaming::post_discount_note(origin(2), id, nov, 3, FINAL_NET));

		let cleared = Cleared::get();
		assert_eq!(cleared.len(), monthly + 1, "exactly one obligation");
		let obligation = &cleared[monthly];
		assert_eq!((obligation.payer, obligation.payee, obligation.amount), (1, 2, 1_000));
		assert_eq!(obligation.currency, CurrencyCode::XDR);
		assert_eq!(obligation.source, ObligationSource::Roaming);
		let booked = SealedCreditNotes::<Test>::get((id, nov, 3u8)).unwrap();
		assert_eq!((booked.net_to_a, booked.is_final, booked.revealed), (FINAL_NET, true, false));
		assert_eq!((booked.amount, booked.obligation), (1_000, Some(3)));
		assert_eq!(obligation.reference, booked.reference);
		assert_eq!(
			last_event(),
			Event::DiscountTrueUp {
				agreement: id,
				start: nov,
				months: 3,
				is_final: true,
				net_to_a: FINAL_NET,
				payer: Some(1),
				payee: Some(2),
				currency: CurrencyCode::XDR,
				amount: 1_000,
				obligation: Some(3),
			}
		);
		// Settled: the deposit is back, coverage, counters and postings are gone.
		let record = DiscountAgreements::<Test>::get(id, nov).unwrap();
		assert_eq!(
			(record.status, record.deposit, record.trued_up),
			(DiscountStatus::Settled, 0, 3)
		);
		assert_eq!(held(1), 0);
		assert_eq!(DiscountMonths::<Test>::iter_prefix(id).count(), 0);
		assert_eq!(DiscountNotePostings::<Test>::iter().count(), 0);
		check_state();

		// Booked once: another posting or a reveal is refused.
		assert_noop!(
			Roaming::post_discount_note(origin(1), id, nov, 3, FINAL_NET),
			Error::<Test>::AlreadyTruedUp
		);
		assert_noop!(reveal(1, id, nov, 3, &t), Error::<Test>::AlreadyTruedUp);
		assert_eq!(Cleared::get().len(), monthly + 1);
	});
}

#[test]
fn different_postings_wait_for_a_reveal_that_books_the_chains_figure() {
	build_and_execute(|| {
		let id = sign_sealed();
		let t = discount_terms(period(2026, 11), 3, 0);
		let nov = agree(id, &t);
		three_months(id);
		let monthly = Cleared::get().len();

		// B forgets its commitment (posting −4,000): the postings differ, nothing is booked.
		assert_ok!(Roaming::post_discount_note(origin(1), id, nov, 3, FINAL_NET));
		assert_ok!(Roaming::post_discount_note(origin(2), id, nov, 3, -4_000));
		assert_eq!(
			last_event(),
			Event::DiscountNotesDiffer {
				agreement: id,
				start: nov,
				months: 3,
				net_to_a_by_a: FINAL_NET,
				net_to_a_by_b: -4_000,
			}
		);
		assert_eq!(Cleared::get().len(), monthly, "no obligation until a reveal");
		assert_eq!(SealedCreditNotes::<Test>::iter().count(), 0);
		assert_noop!(
			Roaming::post_discount_note(origin(2), id, nov, 3, FINAL_NET),
			Error::<Test>::NoteAlreadyPosted
		);
		check_state();

		// A reveals: the chain computes the note, shortfall included, and books it.
		assert_ok!(reveal(1, id, nov, 3, &t));
		let revealed = events()
			.into_iter()
			.find(|e| matches!(e, Event::DiscountTermsRevealed { .. }))
			.unwrap();
		assert_eq!(
			revealed,
			Event::DiscountTermsRevealed {
				agreement: id,
				start: nov,
				months: 3,
				by: Side::A,
				commitment: commitment(&t),
			}
		);
		let cleared = Cleared::get();
		assert_eq!(cleared.len(), monthly + 1);
		assert_eq!((cleared[monthly].payer, cleared[monthly].payee), (1, 2));
		assert_eq!(cleared[monthly].amount, 1_000);
		let booked = SealedCreditNotes::<Test>::get((id, nov, 3u8)).unwrap();
		assert_eq!((booked.net_to_a, booked.revealed), (FINAL_NET, true));
		assert_eq!(DiscountNotePostings::<Test>::iter().count(), 0, "postings settled");
		assert_eq!(held(1), 0);
		check_state();
	});
}

#[test]
fn a_party_that_never_posts_cannot_hold_the_note_back() {
	build_and_execute(|| {
		let id = sign_sealed();
		let t = discount_terms(period(2026, 11), 3, 0);
		let nov = agree(id, &t);
		three_months(id);
		// B (which owes nothing... but is owed 1,000) never posts; nor does A. B, owed money,
		// reveals without having posted at all.
		assert_ok!(reveal(2, id, nov, 3, &t));
		let booked = SealedCreditNotes::<Test>::get((id, nov, 3u8)).unwrap();
		assert_eq!(booked.net_to_a, FINAL_NET);
		// The proposer's deposit is back although the proposer never acted.
		assert_eq!(held(1), 0);
		check_state();
	});
}

#[test]
fn a_proposal_the_partner_never_accepts_is_cancelled_with_its_deposit_back() {
	build_and_execute(|| {
		let id = sign_sealed();
		let nov = period(2026, 11);
		let t = discount_terms(nov, 3, 0);
		assert_ok!(Roaming::propose_sealed_discount(
			origin(1),
			id,
			DiscountHeader::of(&t),
			sealed(&t)
		));
		assert_eq!(held(1), DISCOUNT_DEPOSIT);
		// Either party can end it: here the proposer itself.
		assert_ok!(Roaming::cancel_discount(origin(1), id, nov));
		assert_eq!(held(1), 0);
		assert_eq!(DiscountAgreements::<Test>::iter().count(), 0);
		assert_eq!(DiscountMonths::<Test>::iter().count(), 0);
		check_state();
	});
}

#[test]
fn interim_notes_by_posting_and_the_final_by_reveal_add_up_to_the_period() {
	build_and_execute(|| {
		let id = sign_sealed();
		let t = discount_terms(period(2026, 11), 3, 1);
		let nov = agree(id, &t);
		let (dec, jan) = (period(2026, 12), period(2027, 1));
		file(id, Side::A, nov, 1, 600);
		file(id, Side::B, nov, 1, 1_500);
		close(id, nov);
		// After November, by hand: 600 minutes on A below the 1,000-minute tier, at 4: 2,400
		// against 3,000 billed, −600; no shortfall on an interim note; B: 0.
		assert_ok!(Roaming::post_discount_note(origin(1), id, nov, 1, -600));
		assert_ok!(Roaming::post_discount_note(origin(2), id, nov, 1, -600));
		assert_eq!(SealedCreditNotes::<Test>::get((id, nov, 1u8)).unwrap().net_to_a, -600);
		file(id, Side::A, dec, 2, 400);
		close(id, dec);
		// After December the parties disagree and nobody reveals.
		assert_ok!(Roaming::post_discount_note(origin(1), id, nov, 2, -100));
		assert_ok!(Roaming::post_discount_note(origin(2), id, nov, 2, -200));
		file(id, Side::A, jan, 3, 1_000);
		close(id, jan);
		// The final note by reveal: the period's −1,000 less the −600 booked: −400.
		assert_ok!(reveal(2, id, nov, 3, &t));
		let last = SealedCreditNotes::<Test>::get((id, nov, 3u8)).unwrap();
		assert_eq!((last.net_to_a, last.is_final), (-400, true));
		let total: i128 =
			SealedCreditNotes::<Test>::iter_prefix((id, nov)).map(|(_, note)| note.net_to_a).sum();
		assert_eq!(total, FINAL_NET);
		// The unbooked postings of the second month went with the final note.
		assert_eq!(DiscountNotePostings::<Test>::iter().count(), 0);
		match DiscountAgreements::<Test>::get(id, nov).unwrap().terms {
			DiscountTerms::Sealed(sealed) => assert_eq!(sealed.booked_net, FINAL_NET),
			DiscountTerms::Transparent(_) => panic!("sealed"),
		}
		check_state();
	});
}

/// Review finding (stop 33): postings are cumulative, so a posting made for the final note
/// before an interim note was booked still books only the rest of the period's discount.
#[test]
fn a_posting_made_before_an_interim_note_was_booked_does_not_count_it_twice() {
	build_and_execute(|| {
		let id = sign_sealed();
		let t = discount_terms(period(2026, 11), 3, 1);
		let nov = agree(id, &t);
		three_months(id);
		// A's billing team catches up after the period: it posts the first month's note and
		// the final one, both computed while nothing was booked.
		assert_ok!(Roaming::post_discount_note(origin(1), id, nov, 1, -600));
		assert_ok!(Roaming::post_discount_note(origin(1), id, nov, 3, FINAL_NET));
		// B books the first month's note, then matches A's final posting.
		assert_ok!(Roaming::post_discount_note(origin(2), id, nov, 1, -600));
		assert_ok!(Roaming::post_discount_note(origin(2), id, nov, 3, FINAL_NET));
		let last = SealedCreditNotes::<Test>::get((id, nov, 3u8)).unwrap();
		assert_eq!((last.net_to_a, last.is_final, last.amount), (-400, true, 400));
		let total: i128 =
			SealedCreditNotes::<Test>::iter_prefix((id, nov)).map(|(_, note)| note.net_to_a).sum();
		assert_eq!(total, FINAL_NET, "the period's discount is booked once");
		match DiscountAgreements::<Test>::get(id, nov).unwrap().terms {
			DiscountTerms::Sealed(sealed) => assert_eq!(sealed.booked_net, FINAL_NET),
			DiscountTerms::Transparent(_) => panic!("sealed"),
		}
		check_state();
	});
}

#[test]
fn a_wrong_salt_or_altered_terms_are_refused_and_nothing_changes() {
	build_and_execute(|| {
		let id = sign_sealed();
		let t = discount_terms(period(2026, 11), 3, 0);
		let nov = agree(id, &t);
		three_months(id);
		let reveal = |terms: DiscountAgreement, salt, iot: AgreementTerms, iot_salt| {
			Roaming::reveal_discount_terms(
				origin(1),
				id,
				nov,
				3,
				Box::new(terms),
				salt,
				Box::new(iot),
				iot_salt,
			)
		};
		let mut wrong_salt = SALT;
		wrong_salt[0] ^= 1;
		assert_noop!(
			reveal(t.clone(), wrong_salt, terms(), IOT_SALT),
			Error::<Test>::DiscountRevealMismatch
		);
		// A cheaper tier for the party revealing.
		let mut altered = t.clone();
		let mut groups = altered.network_a.discounts.to_vec();
		if let ServiceModel::VolumeTiers { tiers, .. } = &mut groups[0].model {
			let mut list = tiers.to_vec();
			list[1].price = 2_000;
			*tiers = list.try_into().unwrap();
		}
		altered.network_a.discounts = groups.try_into().unwrap();
		assert_noop!(
			reveal(altered, SALT, terms(), IOT_SALT),
			Error::<Test>::DiscountRevealMismatch
		);
		// Another IOT, or the right one with a wrong salt.
		let mut iot = terms();
		iot.network_a.tariff.moc_local.price = 4_000;
		assert_noop!(reveal(t.clone(), SALT, iot, IOT_SALT), Error::<Test>::IotRevealMismatch);
		assert_noop!(reveal(t.clone(), SALT, terms(), SALT), Error::<Test>::IotRevealMismatch);
		assert_eq!(SealedCreditNotes::<Test>::iter().count(), 0);
		assert_ok!(reveal(t, SALT, terms(), IOT_SALT));
		check_state();
	});
}

#[test]
fn revealed_terms_must_agree_with_the_header_and_the_agreements_iot() {
	build_and_execute(|| {
		let id = sign_sealed();
		let nov = period(2026, 11);
		// Committed terms whose schedule the public header does not state.
		let t = discount_terms(nov, 3, 1);
		let header = DiscountHeader { true_up_every: 0, ..DiscountHeader::of(&t) };
		assert_ok!(Roaming::propose_sealed_discount(origin(1), id, header, sealed(&t)));
		let proposed = sealed(&t);
		let d = sealed_discount_acceptance_digest(
			id,
			&header.encode(),
			&commitment(&t),
			&iot_commitment(),
			&(&proposed.envelope_a, &proposed.envelope_b).encode(),
		);
		assert_ok!(Roaming::accept_sealed_discount(origin(2), id, nov, d));
		three_months(id);
		assert_noop!(reveal(2, id, nov, 3, &t), Error::<Test>::DiscountRevealContradictsHeader);

		// Committed terms priced against another IOT than the agreement's.
		let feb = period(2027, 2);
		let mut other = discount_terms(feb, 1, 0);
		other.network_b.iot.data.price = 9_999;
		agree(id, &other);
		file(id, Side::A, feb, 4, 10);
		close(id, feb);
		assert_noop!(reveal(2, id, feb, 1, &other), Error::<Test>::DiscountIotMismatch);
		check_state();

		// Neither can ever be revealed: B opens each and voids it; A sealed them, so A's
		// deposit goes to B each time and the months are free again.
		let b_free = Balances::free_balance(2);
		assert_ok!(void(2, id, nov, &t));
		assert_eq!(
			last_event(),
			Event::SealedDiscountVoided {
				agreement: id,
				start: nov,
				by: Side::B,
				forfeited: DISCOUNT_DEPOSIT.into()
			}
		);
		assert_ok!(void(2, id, feb, &other));
		assert_eq!(held(1), 0, "no deposit is locked");
		assert_eq!(Balances::free_balance(2), b_free + 2 * DISCOUNT_DEPOSIT);
		assert_eq!(DiscountMonths::<Test>::iter_prefix(id).count(), 0, "the months are free");
		// Neither had a note booked: both records are gone, as after a cancellation.
		for start in [nov, feb] {
			assert!(DiscountAgreements::<Test>::get(id, start).is_none());
		}
		assert_noop!(
			Roaming::post_discount_note(origin(1), id, feb, 1, 0),
			Error::<Test>::UnknownDiscount
		);
		assert_noop!(void(2, id, feb, &other), Error::<Test>::UnknownDiscount);
		check_state();
	});
}

/// Review finding 2 of the sealed-discount branch: a discount the acceptor's tools accepted
/// without checking its IOT could be neither revealed nor cancelled, holding the note, the
/// deposit and the months forever.
#[test]
fn a_discount_that_cannot_be_revealed_is_voided_at_its_proposers_cost() {
	build_and_execute(|| {
		let id = sign_sealed();
		let nov = period(2026, 11);
		let mut bad = discount_terms(nov, 1, 0);
		bad.network_b.iot.data.price = 9_999; // not the agreement's IOT
		agree(id, &bad);
		file(id, Side::A, nov, 1, 600);
		close(id, nov);
		assert_noop!(
			Roaming::cancel_discount(origin(2), id, nov),
			Error::<Test>::DiscountNotProposed
		);
		assert_ok!(void(2, id, nov, &bad));
		assert_eq!(held(1), 0);
		assert_eq!(DiscountMonths::<Test>::iter_prefix(id).count(), 0);
		// The months are free for terms that can be revealed.
		let good = discount_terms(period(2027, 1), 1, 0);
		agree(id, &good);
		check_state();
	});
}

#[test]
fn void_refusals() {
	build_and_execute(|| {
		let id = sign_sealed();
		let nov = period(2026, 11);
		let t = discount_terms(nov, 3, 0);
		let void = |who, terms: &DiscountAgreement, salt, iot_salt| {
			Roaming::void_sealed_discount(
				origin(who),
				id,
				nov,
				Box::new(terms.clone()),
				salt,
				Box::new(crate::mock::terms()),
				iot_salt,
			)
		};
		// Not in force yet: a proposal is cancelled, not voided.
		assert_ok!(Roaming::propose_sealed_discount(
			origin(1),
			id,
			DiscountHeader::of(&t),
			sealed(&t)
		));
		assert_noop!(void(2, &t, SALT, IOT_SALT), Error::<Test>::DiscountNotActive);
		assert_ok!(Roaming::accept_sealed_discount(origin(2), id, nov, digest(id, &t)));
		// Terms that can be revealed are not voided, by either party.
		assert_noop!(void(2, &t, SALT, IOT_SALT), Error::<Test>::DiscountTermsConsistent);
		assert_noop!(void(1, &t, SALT, IOT_SALT), Error::<Test>::DiscountTermsConsistent);
		// The commitments must open.
		let mut wrong = SALT;
		wrong[31] ^= 1;
		assert_noop!(void(2, &t, wrong, IOT_SALT), Error::<Test>::DiscountRevealMismatch);
		assert_noop!(void(2, &t, SALT, wrong), Error::<Test>::IotRevealMismatch);
		assert_noop!(void(3, &t, SALT, IOT_SALT), Error::<Test>::NotParty);
		assert_noop!(self::void(2, id, period(2027, 5), &t), Error::<Test>::UnknownDiscount);
		assert_eq!(held(1), DISCOUNT_DEPOSIT);
		check_state();
	});
}

/// Review finding 3: the acceptance digest did not cover the envelopes, so a proposer could
/// cancel and re-propose the same commitment with a garbage envelope for the acceptor under an
/// acceptance already in flight.
#[test]
fn an_acceptance_does_not_carry_over_to_a_re_proposal_with_another_envelope() {
	build_and_execute(|| {
		let id = sign_sealed();
		let nov = period(2026, 11);
		let t = discount_terms(nov, 3, 0);
		let header = DiscountHeader::of(&t);
		assert_ok!(Roaming::propose_sealed_discount(origin(1), id, header, sealed(&t)));
		let opened = Roaming::pending_discount_digest(id, nov).unwrap();
		assert_eq!(opened, digest(id, &t));
		assert_ok!(Roaming::cancel_discount(origin(1), id, nov));
		let mut swapped = sealed(&t);
		let mut bytes = swapped.envelope_b.bytes.to_vec();
		bytes[100] ^= 0xFF;
		swapped.envelope_b.bytes = bytes.try_into().unwrap();
		assert_ok!(Roaming::propose_sealed_discount(origin(1), id, header, swapped));
		assert_noop!(
			Roaming::accept_sealed_discount(origin(2), id, nov, opened),
			Error::<Test>::WrongDiscountDigest
		);
		check_state();
	});
}

/// Review finding 5: a note only one party posted waited for a reveal forever, so the debtor's
/// silence forced the creditor to publish its terms.
#[test]
fn a_posting_left_unanswered_through_the_dispute_window_is_booked() {
	build_and_execute(|| {
		let id = sign_sealed();
		let t = discount_terms(period(2026, 11), 3, 0);
		let nov = agree(id, &t);
		three_months(id);
		assert_noop!(
			Roaming::book_uncontested_discount_note(origin(2), id, nov, 3),
			Error::<Test>::NoNotePosted
		);
		// B (owed the credit) posts a typo, corrects it before A answers.
		assert_ok!(Roaming::post_discount_note(origin(2), id, nov, 3, -10_000));
		run_to_block(System::block_number() + 5);
		assert_ok!(Roaming::post_discount_note(origin(2), id, nov, 3, FINAL_NET));
		// The agreement's dispute window is 10 blocks, the shortest note window 20: A has 20
		// blocks from the correction to answer.
		let answer_by = System::block_number() + u64::from(NOTE_WINDOW);
		assert_eq!(
			DiscountNotePostings::<Test>::get((id, nov, 3u8)),
			Some(NotePostings { a: None, b: Some(FINAL_NET), answer_by })
		);
		// A stays silent. Until then nothing books it (not even after the batch window).
		run_to_block(answer_by - 9);
		assert_noop!(
			Roaming::book_uncontested_discount_note(origin(2), id, nov, 3),
			Error::<Test>::PostingWindowOpen
		);
		run_to_block(answer_by);
		assert_noop!(
			Roaming::book_uncontested_discount_note(origin(2), id, nov, 3),
			Error::<Test>::PostingWindowOpen
		);
		assert_noop!(
			Roaming::book_uncontested_discount_note(origin(3), id, nov, 3),
			Error::<Test>::NotParty
		);
		run_to_block(answer_by + 1);
		let monthly = Cleared::get().len();
		assert_ok!(Roaming::book_uncontested_discount_note(origin(2), id, nov, 3));
		assert!(events().contains(&Event::DiscountNoteUncontested {
			agreement: id,
			start: nov,
			months: 3,
			by: Side::B,
			net_to_a: FINAL_NET,
		}));
		let cleared = Cleared::get();
		assert_eq!(cleared.len(), monthly + 1, "exactly one obligation");
		let obligation = &cleared[monthly];
		assert_eq!((obligation.payer, obligation.payee, obligation.amount), (1, 2, 1_000));
		let booked = SealedCreditNotes::<Test>::get((id, nov, 3u8)).unwrap();
		assert_eq!((booked.net_to_a, booked.is_final, booked.revealed), (FINAL_NET, true, false));
		let record = DiscountAgreements::<Test>::get(id, nov).unwrap();
		assert_eq!((record.status, record.deposit), (DiscountStatus::Settled, 0));
		assert_eq!(held(1), 0);
		assert_noop!(
			Roaming::book_uncontested_discount_note(origin(2), id, nov, 3),
			Error::<Test>::AlreadyTruedUp
		);
		check_state();
	});
}

#[test]
fn contested_postings_are_not_booked_by_silence_and_cannot_be_replaced() {
	build_and_execute(|| {
		let id = sign_sealed();
		let t = discount_terms(period(2026, 11), 3, 0);
		let nov = agree(id, &t);
		three_months(id);
		assert_ok!(Roaming::post_discount_note(origin(1), id, nov, 3, 0));
		assert_ok!(Roaming::post_discount_note(origin(2), id, nov, 3, FINAL_NET));
		for who in [1, 2] {
			assert_noop!(
				Roaming::post_discount_note(origin(who), id, nov, 3, FINAL_NET + 1),
				Error::<Test>::NoteAlreadyPosted
			);
		}
		run_to_block(System::block_number() + 50);
		assert_noop!(
			Roaming::book_uncontested_discount_note(origin(2), id, nov, 3),
			Error::<Test>::NoteContested
		);
		// A voided or transparent discount takes no booking either.
		assert_noop!(
			Roaming::book_uncontested_discount_note(origin(2), id, period(2027, 5), 3),
			Error::<Test>::UnknownDiscount
		);
		check_state();
	});
}

#[test]
fn proposal_and_acceptance_refusals() {
	build_and_execute(|| {
		let nov = period(2026, 11);
		let t = discount_terms(nov, 3, 0);
		let header = DiscountHeader::of(&t);
		// A transparent agreement takes public discount terms only.
		let open = crate::NextAgreementId::<Test>::get();
		assert_ok!(Roaming::propose_agreement(origin(1), deu(), tadig("FRAF2"), terms()));
		assert_ok!(Roaming::accept_agreement(origin(2), open));
		assert_noop!(
			Roaming::propose_sealed_discount(origin(1), open, header, sealed(&t)),
			Error::<Test>::TransparentAgreement
		);

		let id = sign_sealed();
		assert_noop!(
			Roaming::propose_sealed_discount(origin(3), id, header, sealed(&t)),
			Error::<Test>::NotParty
		);
		assert_noop!(
			Roaming::propose_sealed_discount(origin(1), 99, header, sealed(&t)),
			Error::<Test>::UnknownAgreement
		);
		for bad in [
			DiscountHeader { months: 0, ..header },
			DiscountHeader { months: 25, ..header },
			DiscountHeader { true_up_every: 4, ..header },
			DiscountHeader { start: PeriodMonth { year: 2026, month: 13 }, ..header },
		] {
			assert_noop!(
				Roaming::propose_sealed_discount(origin(1), id, bad, sealed(&t)),
				Error::<Test>::InvalidDiscountTerms
			);
		}
		// An unpadded envelope, one sealed to a stale key, one that is not an envelope.
		let mut unpadded = sealed(&t);
		let mut bytes = vec![0xEE; 400];
		bytes[0] = SEALED_ENVELOPE_VERSION;
		unpadded.envelope_b = SealedEnvelope { epoch: 1, bytes: bytes.try_into().unwrap() };
		assert_noop!(
			Roaming::propose_sealed_discount(origin(1), id, header, unpadded),
			Error::<Test>::UnpaddedDiscountEnvelope
		);
		let mut stale = sealed(&t);
		stale.envelope_a.epoch = 2;
		assert_noop!(
			Roaming::propose_sealed_discount(origin(1), id, header, stale),
			Error::<Test>::StaleKeyEpoch
		);
		let mut short = sealed(&t);
		short.envelope_a.bytes = vec![SEALED_ENVELOPE_VERSION_PADDED; 2_000].try_into().unwrap();
		assert_noop!(
			Roaming::propose_sealed_discount(origin(1), id, header, short),
			Error::<Test>::MalformedEnvelope
		);
		// Outside the agreement's validity (November 2026 – October 2027).
		let late = DiscountHeader { start: PeriodMonth { year: 2027, month: 9 }, ..header };
		assert_noop!(
			Roaming::propose_sealed_discount(origin(1), id, late, sealed(&t)),
			Error::<Test>::OutsideValidity
		);

		assert_ok!(Roaming::propose_sealed_discount(origin(1), id, header, sealed(&t)));
		// Overlapping the proposal.
		let overlap = DiscountHeader { start: PeriodMonth { year: 2027, month: 1 }, ..header };
		assert_noop!(
			Roaming::propose_sealed_discount(origin(2), id, overlap, sealed(&t)),
			Error::<Test>::DiscountOverlap
		);
		// Acceptance: not by the proposer, not by a stranger, not with another digest, not by
		// the transparent call; nothing to post or reveal before.
		assert_noop!(
			Roaming::accept_sealed_discount(origin(1), id, nov, digest(id, &t)),
			Error::<Test>::OwnDiscountProposal
		);
		assert_noop!(
			Roaming::accept_sealed_discount(origin(3), id, nov, digest(id, &t)),
			Error::<Test>::NotParty
		);
		let mut other = t.clone();
		other.network_b.commitments = other.network_a.commitments.clone();
		assert_noop!(
			Roaming::accept_sealed_discount(origin(2), id, nov, digest(id, &other)),
			Error::<Test>::WrongDiscountDigest
		);
		// The bare commitment is not the digest either.
		assert_noop!(
			Roaming::accept_sealed_discount(origin(2), id, nov, commitment(&t)),
			Error::<Test>::WrongDiscountDigest
		);
		assert_noop!(
			Roaming::accept_discount(origin(2), id, nov),
			Error::<Test>::ConfidentialAgreement
		);
		assert_noop!(
			Roaming::accept_sealed_discount(origin(2), id, period(2026, 12), digest(id, &t)),
			Error::<Test>::UnknownDiscount
		);
		assert_noop!(
			Roaming::post_discount_note(origin(1), id, nov, 3, 0),
			Error::<Test>::DiscountNotActive
		);
		assert_noop!(reveal(1, id, nov, 3, &t), Error::<Test>::DiscountNotActive);
		assert_ok!(Roaming::accept_sealed_discount(origin(2), id, nov, digest(id, &t)));
		assert_noop!(
			Roaming::accept_sealed_discount(origin(2), id, nov, digest(id, &t)),
			Error::<Test>::DiscountNotProposed
		);
		// In force: only a proposal is cancelled.
		assert_noop!(
			Roaming::cancel_discount(origin(2), id, nov),
			Error::<Test>::DiscountNotProposed
		);
		check_state();
	});
}

#[test]
fn posting_refusals() {
	build_and_execute(|| {
		let id = sign_sealed();
		let t = discount_terms(period(2026, 11), 3, 0);
		let nov = agree(id, &t);
		file(id, Side::A, nov, 1, 600);
		// November is not closed yet.
		assert_noop!(
			Roaming::post_discount_note(origin(1), id, nov, 3, FINAL_NET),
			Error::<Test>::DiscountMonthOpen
		);
		assert_noop!(reveal(1, id, nov, 3, &t), Error::<Test>::DiscountMonthOpen);
		close(id, nov);
		// No interim notes on this schedule; not more months than the period; not zero.
		assert_noop!(
			Roaming::post_discount_note(origin(1), id, nov, 1, 0),
			Error::<Test>::TrueUpNotScheduled
		);
		assert_noop!(
			Roaming::post_discount_note(origin(1), id, nov, 4, 0),
			Error::<Test>::TrueUpNotScheduled
		);
		assert_noop!(
			Roaming::post_discount_note(origin(1), id, nov, 0, 0),
			Error::<Test>::AlreadyTruedUp
		);
		assert_noop!(
			Roaming::post_discount_note(origin(3), id, nov, 3, 0),
			Error::<Test>::NotParty
		);
		assert_noop!(
			Roaming::post_discount_note(origin(1), id, period(2026, 12), 3, 0),
			Error::<Test>::UnknownDiscount
		);
		// The transparent call refuses a sealed discount.
		assert_noop!(
			Roaming::true_up_discount(origin(1), id, nov, 3),
			Error::<Test>::ConfidentialAgreement
		);
		check_state();
	});
}

#[test]
fn transparent_discounts_take_no_posting_or_reveal() {
	build_and_execute(|| {
		let nov = period(2026, 11);
		let id = crate::NextAgreementId::<Test>::get();
		assert_ok!(Roaming::propose_agreement(origin(1), deu(), fra(), terms()));
		assert_ok!(Roaming::accept_agreement(origin(2), id));
		let mut t = discount_terms(nov, 1, 0);
		t.network_a.discounts = Default::default();
		t.network_a.commitments = Default::default();
		assert_ok!(Roaming::propose_discount(origin(1), id, t.clone()));
		assert_ok!(Roaming::accept_discount(origin(2), id, nov));
		assert_noop!(
			Roaming::post_discount_note(origin(1), id, nov, 1, 0),
			Error::<Test>::TransparentDiscount
		);
		assert_noop!(reveal(1, id, nov, 1, &t), Error::<Test>::TransparentDiscount);
		assert_eq!(Roaming::pending_discount_digest(id, nov), None);
	});
}

// ---- a stranger's view ----

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
	haystack.windows(needle.len()).any(|window| window == needle)
}

/// Every storage value (system events included) that holds one of `secrets`.
fn secrets_in_state(secrets: &[Vec<u8>]) -> (usize, Vec<String>) {
	let mut key = Vec::new();
	let (mut walked, mut found) = (0, Vec::new());
	while let Some(next) = sp_io::storage::next_key(&key) {
		let value = sp_io::storage::get(&next).unwrap();
		if secrets.iter().any(|secret| contains(&value, secret)) {
			found.push(format!("{next:02x?}"));
		}
		walked += 1;
		key = next;
	}
	(walked, found)
}

#[test]
fn a_stranger_reading_every_storage_item_and_event_finds_no_tier_or_commitment() {
	build_and_execute(|| {
		let id = sign_sealed();
		let t = discount_terms(period(2026, 11), 3, 0);
		let nov = agree(id, &t);
		three_months(id);
		assert_ok!(Roaming::post_discount_note(origin(1), id, nov, 3, FINAL_NET));
		assert_ok!(Roaming::post_discount_note(origin(2), id, nov, 3, FINAL_NET));
		let secrets: Vec<Vec<u8>> = vec![
			SECRET_PRICE.encode(),
			// The tiers and the commitment as encoded.
			t.network_a.discounts.encode(),
			t.network_a.commitments.encode(),
			SALT.to_vec(),
			IOT_SALT.to_vec(),
		];
		let (walked, found) = secrets_in_state(&secrets);
		assert!(walked > 10);
		assert_eq!(found, Vec::<String>::new(), "a tier or commitment in storage");
		for event in events() {
			let bytes = event.encode();
			for secret in &secrets {
				assert!(!contains(&bytes, secret), "a tier or commitment in {event:?}");
			}
		}
		// The control: the same terms proposed transparently are found at once.
		let open = crate::NextAgreementId::<Test>::get();
		assert_ok!(Roaming::propose_agreement(origin(2), tadig("FRAF2"), deu(), terms()));
		assert_ok!(Roaming::accept_agreement(origin(1), open));
		assert_ok!(Roaming::propose_discount(origin(2), open, discount_terms(nov, 3, 0)));
		let (_, found) = secrets_in_state(&secrets);
		assert!(!found.is_empty(), "the walk finds public tiers");
	});
}

// ---- invariants ----

#[test]
fn try_state_checks_sealed_discounts() {
	build_and_execute(|| {
		let id = sign_sealed();
		let t = discount_terms(period(2026, 11), 3, 0);
		let nov = agree(id, &t);
		check_state();
		let record = DiscountAgreements::<Test>::get(id, nov).unwrap();
		let with = |change: &dyn Fn(&mut DiscountRecord)| {
			let mut changed = record.clone();
			change(&mut changed);
			DiscountAgreements::<Test>::insert(id, nov, changed);
			let result = Roaming::discount_try_state();
			DiscountAgreements::<Test>::insert(id, nov, record.clone());
			result
		};
		let sealed_mut = |r: &mut DiscountRecord, f: &dyn Fn(&mut crate::SealedDiscount)| {
			if let DiscountTerms::Sealed(s) = &mut r.terms {
				f(s)
			}
		};
		assert!(with(&|r| sealed_mut(r, &|s| s.booked_net = 5)).is_err(), "nets add up");
		assert!(with(&|r| sealed_mut(r, &|s| s.sealed.envelope_a.epoch = 9)).is_err());
		assert!(with(&|r| sealed_mut(r, &|s| s.header.months = 0)).is_err());
		assert!(with(&|r| r.trued_up = 1).is_err(), "the latest note is on record");
		check_state();
		// A posting of a booked (or impossible) note.
		DiscountNotePostings::<Test>::insert(
			(id, nov, 4u8),
			NotePostings { a: Some(1), b: None, answer_by: 0 },
		);
		assert!(Roaming::discount_try_state().is_err());
		DiscountNotePostings::<Test>::remove((id, nov, 4u8));
		// A posting of an interim note this schedule (final only) does not have.
		DiscountNotePostings::<Test>::insert(
			(id, nov, 2u8),
			NotePostings { a: Some(1), b: None, answer_by: 0 },
		);
		assert!(Roaming::discount_try_state().is_err());
		DiscountNotePostings::<Test>::remove((id, nov, 2u8));
		check_state();
		// A booked note whose obligation is not its net.
		three_months(id);
		assert_ok!(Roaming::post_discount_note(origin(1), id, nov, 3, FINAL_NET));
		assert_ok!(Roaming::post_discount_note(origin(2), id, nov, 3, FINAL_NET));
		check_state();
		let booked = SealedCreditNotes::<Test>::get((id, nov, 3u8)).unwrap();
		SealedCreditNotes::<Test>::insert(
			(id, nov, 3u8),
			crate::SealedBookedNote { amount: booked.amount + 1, ..booked.clone() },
		);
		assert!(Roaming::discount_try_state().is_err(), "an obligation is the note's net");
		SealedCreditNotes::<Test>::insert((id, nov, 3u8), booked);
		check_state();
	});
}

// ---- migration ----

#[test]
fn the_v5_migration_keeps_every_discount_transparent() {
	use crate::migrations::v5::{v4, MigrateV4ToV5};
	use frame_support::traits::{Get, GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	build_and_execute(|| {
		let nov = period(2026, 11);
		let id = crate::NextAgreementId::<Test>::get();
		assert_ok!(Roaming::propose_agreement(origin(1), deu(), fra(), terms()));
		assert_ok!(Roaming::accept_agreement(origin(2), id));
		let t = discount_terms(nov, 3, 0);
		assert_ok!(Roaming::propose_discount(origin(1), id, t.clone()));
		let before = DiscountAgreements::<Test>::get(id, nov).unwrap();
		v4::DiscountAgreements::<Test>::insert(
			id,
			nov,
			v4::DiscountRecord {
				terms: t.clone(),
				proposer: before.proposer,
				status: before.status,
				deposit: before.deposit,
				trued_up: before.trued_up,
			},
		);
		StorageVersion::new(4).put::<Roaming>();
		assert!(DiscountAgreements::<Test>::get(id, nov).is_none(), "v4 does not decode as v5");
		let db = <<Test as frame_system::Config>::DbWeight as Get<
			frame_support::weights::RuntimeDbWeight,
		>>::get();
		let weight = MigrateV4ToV5::<Test>::on_runtime_upgrade();
		assert_eq!(weight, db.reads_writes(2, 2));
		assert_eq!(Roaming::on_chain_storage_version(), StorageVersion::new(5));
		let after = DiscountAgreements::<Test>::get(id, nov).unwrap();
		assert_eq!(after, before);
		assert_eq!(after.terms, DiscountTerms::Transparent(t));
		check_state();
		// Again: a no-op.
		assert_eq!(MigrateV4ToV5::<Test>::on_runtime_upgrade(), db.reads(1));
		// The migrated proposal keeps working.
		assert_ok!(Roaming::accept_discount(origin(2), id, nov));
	});
}

/// Review finding 4: after a key rotation a party could no longer open its discount envelope,
/// so it could neither post a figure it can check nor reveal.
#[test]
fn discount_envelopes_are_resealed_after_a_key_rotation() {
	build_and_execute(|| {
		let id = sign_sealed();
		let t = discount_terms(period(2026, 11), 3, 0);
		let nov = agree(id, &t);
		let reseal = |who, side, envelope| {
			Roaming::reseal_discount_envelope(origin(who), id, nov, side, envelope)
		};
		// B's envelope is sealed to B's current key: only B may replace it.
		assert_noop!(reseal(1, Side::B, padded(1)), Error::<Test>::EnvelopeCurrent);
		// B rotates its key (epoch 2); A reseals B's stale envelope to it.
		assert_ok!(Roaming::register_encryption_key(origin(2), [0x23; 32]));
		assert_noop!(reseal(1, Side::B, padded(1)), Error::<Test>::StaleKeyEpoch);
		let mut unpadded = padded(2);
		unpadded.bytes = {
			let mut bytes = vec![0xEE; 400];
			bytes[0] = SEALED_ENVELOPE_VERSION;
			bytes.try_into().unwrap()
		};
		assert_noop!(reseal(1, Side::B, unpadded), Error::<Test>::UnpaddedDiscountEnvelope);
		assert_ok!(reseal(1, Side::B, padded(2)));
		assert_eq!(
			last_event(),
			Event::DiscountEnvelopeResealed {
				agreement: id,
				start: nov,
				side: Side::B,
				by: Side::A,
				epoch: 2
			}
		);
		let DiscountTerms::Sealed(sealed) = DiscountAgreements::<Test>::get(id, nov).unwrap().terms
		else {
			panic!("sealed")
		};
		assert_eq!((sealed.sealed.envelope_b.epoch, sealed.sealed.commitment), (2, commitment(&t)));
		// A reseals its own envelope at any time; strangers and unknown discounts are refused.
		assert_ok!(reseal(1, Side::A, padded(1)));
		assert_noop!(reseal(3, Side::A, padded(1)), Error::<Test>::NotParty);
		assert_noop!(
			Roaming::reseal_discount_envelope(origin(1), id, period(2027, 5), Side::A, padded(1)),
			Error::<Test>::UnknownDiscount
		);
		check_state();
		// Once settled, there is nothing left to open.
		three_months(id);
		assert_ok!(Roaming::post_discount_note(origin(1), id, nov, 3, FINAL_NET));
		assert_ok!(Roaming::post_discount_note(origin(2), id, nov, 3, FINAL_NET));
		assert_noop!(reseal(1, Side::A, padded(1)), Error::<Test>::DiscountNotActive);
	});
}

/// Review of the exits, finding 1: a voided discount with notes booked keeps its record (the
/// notes refer to it); one without is removed, so its months, closed or not, are free again and
/// the invariants hold when a new discount covers them.
#[test]
fn a_voided_discount_keeps_its_record_only_if_notes_were_booked() {
	build_and_execute(|| {
		let id = sign_sealed();
		let nov = period(2026, 11);
		// Interim notes every month, priced against another IOT than the agreement's: both
		// parties book November's note by posting the same figure, then B voids.
		let mut bad = discount_terms(nov, 3, 1);
		bad.network_b.iot.data.price = 9_999;
		agree(id, &bad);
		file(id, Side::A, nov, 1, 600);
		close(id, nov);
		assert_ok!(Roaming::post_discount_note(origin(1), id, nov, 1, -600));
		assert_ok!(Roaming::post_discount_note(origin(2), id, nov, 1, -600));
		assert_ok!(void(2, id, nov, &bad));
		let record = DiscountAgreements::<Test>::get(id, nov).unwrap();
		assert_eq!(
			(record.status, record.trued_up, record.deposit),
			(DiscountStatus::Voided, 1, 0)
		);
		assert_eq!(SealedCreditNotes::<Test>::get((id, nov, 1u8)).unwrap().net_to_a, -600);
		assert_noop!(
			Roaming::post_discount_note(origin(1), id, nov, 2, 0),
			Error::<Test>::DiscountNotActive
		);
		check_state();
		// December and January are free again: a new discount covers them.
		let dec = period(2026, 12);
		agree(id, &discount_terms(dec, 2, 0));
		check_state();
		// November keeps the voided record: no discount can start there again.
		let t = discount_terms(nov, 1, 0);
		assert_noop!(
			Roaming::propose_sealed_discount(origin(1), id, DiscountHeader::of(&t), sealed(&t)),
			Error::<Test>::DiscountOverlap
		);
	});
}

/// Review of the exits, finding 3: terms whose final note overflows pass every check a reveal
/// makes before computing, so neither a reveal nor (before) a void could end the discount.
#[test]
fn terms_whose_final_note_cannot_be_computed_are_voided() {
	build_and_execute(|| {
		let id = sign_sealed();
		let nov = period(2026, 11);
		let mut huge = discount_terms(nov, 1, 0);
		huge.network_a.commitments = vec![Commitment {
			services: services(&[Service::MocLocal]),
			kind: CommitmentKind::Revenue { amount: u128::MAX / 2 },
		}]
		.try_into()
		.unwrap();
		agree(id, &huge);
		let void = || void(2, id, nov, &huge);
		// While November is open the terms may still compute: not voided.
		assert_noop!(void(), Error::<Test>::DiscountTermsConsistent);
		file(id, Side::A, nov, 1, 600);
		close(id, nov);
		assert_noop!(reveal(2, id, nov, 1, &huge), Error::<Test>::Overflow);
		// A posting still within its answer window does not hold a void up; B voids, and
		// A's deposit goes to B.
		assert_ok!(Roaming::post_discount_note(origin(1), id, nov, 1, -5));
		assert_ok!(void());
		assert!(DiscountAgreements::<Test>::get(id, nov).is_none());
		assert_eq!(DiscountNotePostings::<Test>::iter().count(), 0);
		assert_eq!(held(1), 0);
		check_state();
	});
}

/// A party cannot void a discount to escape a note the other party's posting already owes it.
#[test]
fn a_note_bookable_by_silence_is_booked_before_a_void() {
	build_and_execute(|| {
		let id = sign_sealed();
		let nov = period(2026, 11);
		let mut bad = discount_terms(nov, 3, 1);
		bad.network_b.iot.data.price = 9_999;
		agree(id, &bad);
		file(id, Side::A, nov, 1, 600);
		close(id, nov);
		assert_ok!(Roaming::post_discount_note(origin(2), id, nov, 1, -600));
		let void = || void(1, id, nov, &bad);
		run_to_block(System::block_number() + u64::from(NOTE_WINDOW) + 1);
		assert_noop!(void(), Error::<Test>::NoteBookable);
		assert_ok!(Roaming::book_uncontested_discount_note(origin(2), id, nov, 1));
		assert_ok!(void());
		let record = DiscountAgreements::<Test>::get(id, nov).unwrap();
		assert_eq!((record.status, record.trued_up), (DiscountStatus::Voided, 1));
		check_state();
	});
}
