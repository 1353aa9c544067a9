//! Security review of confidential agreements (branch `sealed`): each test states the secure
//! behaviour and is named after the defect it proves. They FAIL on `sealed`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::arithmetic_side_effects)]

use crate::{
	mock::*, types::*, Error, Event, SealedEnvelope, SealedTerms, SEALED_ENVELOPE_VERSION,
};
use codec::Encode;
use frame_support::{assert_noop, assert_ok};
use telecom_primitives::commitment::{sealed_acceptance_digest, terms_commitment};

const SALT: [u8; 32] = [0x3C; 32];

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

fn envelope(epoch: u32) -> SealedEnvelope {
	let mut bytes = vec![0xEE; 400];
	bytes[0] = SEALED_ENVELOPE_VERSION;
	SealedEnvelope { epoch, bytes: bytes.try_into().unwrap() }
}

fn sealed_with(terms: &AgreementTerms, salt: [u8; 32]) -> SealedTerms {
	SealedTerms {
		commitment: terms_commitment(&terms.encode(), &salt),
		envelope_a: envelope(1),
		envelope_b: envelope(1),
	}
}

fn keys() {
	assert_ok!(Roaming::register_encryption_key(origin(1), [0x11; 32]));
	assert_ok!(Roaming::register_encryption_key(origin(2), [0x22; 32]));
}

/// Operator 1 (DEUD1, party A) and operator 2 (FRAF1, party B) sign `terms` confidentially.
fn sign_sealed(terms: &AgreementTerms) -> AgreementId {
	keys();
	let id = crate::NextAgreementId::<Test>::get();
	let s = sealed_with(terms, SALT);
	let c = s.commitment;
	assert_ok!(Roaming::propose_sealed(origin(1), deu(), fra(), terms.header(), s, id));
	let accepted = sealed_acceptance_digest(id, 1, &terms.header().encode(), &c);
	assert_ok!(Roaming::accept_sealed(origin(2), id, accepted));
	id
}

/// HIGH finding 1, fixed. `accept_sealed` states the digest of the whole pending item (header,
/// commitment, version), not only the commitment. Party A proposes an amendment (header H1,
/// commitment C); B's `telecom-cli roaming accept` opens the envelope, checks H1 against the
/// terms and submits the digest of H1 and C. A front-runs with `propose_sealed_amendment`
/// carrying the SAME commitment and envelopes but header H2 with a 100 % charge tolerance on
/// its own network: B's acceptance no longer names the pending item and is refused, and the
/// agreement stays on the terms in force. Only the header B checked can be accepted.
#[test]
fn sealed_amendment_header_swapped_under_same_commitment_is_refused() {
	build_and_execute(|| {
		let id = sign_sealed(&terms());
		let in_force = crate::Agreements::<Test>::get(id).unwrap();
		let mut amended = terms();
		amended.network_a.tariff.moc_local.price = 6_000;
		let s = sealed_with(&amended, [0x44; 32]);
		let c = s.commitment;
		let checked_by_b = amended.header();
		assert_ok!(Roaming::propose_sealed_amendment(
			origin(1),
			id,
			checked_by_b.clone(),
			s.clone()
		));
		// B's CLI has read and checked `checked_by_b`; A front-runs B's accept.
		let accepted_by_b = sealed_acceptance_digest(id, 2, &checked_by_b.encode(), &c);
		let mut swapped = checked_by_b.clone();
		swapped.network_a.tolerance = Tolerance { basis_points: 10_000, minimum: 0 };
		assert_ok!(Roaming::propose_sealed_amendment(origin(1), id, swapped.clone(), s.clone()));
		assert_noop!(
			Roaming::accept_sealed(origin(2), id, accepted_by_b),
			Error::<Test>::WrongCommitment
		);
		// Nothing changed: the agreement runs on the header in force, the swap is still only
		// pending and B's 100 % tolerance was never agreed.
		let now = crate::Agreements::<Test>::get(id).unwrap();
		assert_eq!((now.version, &now.terms, &now.sealed), (1, &in_force.terms, &in_force.sealed));
		assert_eq!(now.amendment.unwrap().terms.header(), swapped);
		// The bare commitment (what an acceptance stated before the fix) is refused too.
		assert_noop!(Roaming::accept_sealed(origin(2), id, c), Error::<Test>::WrongCommitment);

		// Once the header B checked is pending again, B's same acceptance takes it.
		assert_ok!(Roaming::propose_sealed_amendment(origin(1), id, checked_by_b.clone(), s));
		assert_ok!(Roaming::accept_sealed(origin(2), id, accepted_by_b));
		let header = crate::Agreements::<Test>::get(id).unwrap().terms.header();
		assert_eq!(header, checked_by_b);
		assert_ne!(header.network_a.tolerance, swapped.network_a.tolerance);
	});
}

/// HIGH (documented in the crate README, but it defeats the issue's acceptance test "a third
/// operator ... finds no price"). Every confidential batch keeps its per-service usage and the
/// claim in public storage (`Batches`, the `batches` runtime API, `BatchReceived`), and the home
/// side's usage and charge in `DualPostings` / `HomeTotalsPosted`. A stranger divides one by
/// the other and gets the sealed price exactly for a one-service file.
#[test]
#[ignore = "review finding 2 (public usage and claim reveal the price): still open, not in the scope of branch sealedfix; run with --ignored"]
fn defect_stranger_derives_sealed_price_from_public_claim_and_usage() {
	build_and_execute(|| {
		let t = terms();
		let id = sign_sealed(&t);
		// An honest visited operator: 37 minutes of local calls claimed at the sealed price.
		let r = report(1, 37);
		assert_ok!(Roaming::submit_batch(origin(1), id, r));
		// Operator 3, a stranger to the agreement, reads the runtime API.
		let seen = Roaming::batches(id, None);
		let b = &seen[0].batch;
		let minutes = u128::from(b.usage.moc_local.seconds / 60);
		// Prices are in thousandths of a minor unit; the claim is in minor units.
		let derived_price_per_minute = b.claimed * 1_000 / minutes;
		let sealed_price = u128::from(t.network_a.tariff.moc_local.price);
		assert_ne!(
			derived_price_per_minute, sealed_price,
			"a stranger recovered the sealed MOC price from the public batch"
		);
	});
}

/// HIGH (documented as "not built"). The sealed terms carry a discount, but the pinned terms of
/// a confidential agreement are blank, so `close_period` deducts nothing and the home operator
/// pays the undiscounted claim through clearing; no true-up or credit note ever corrects it.
/// The same terms agreed transparently are discounted.
#[test]
#[ignore = "review finding 3 (sealed discounts are not applied): still open, not in the scope of branch sealedfix; run with --ignored"]
fn defect_sealed_discount_is_never_applied_and_home_overpays() {
	build_and_execute(|| {
		let mut t = terms();
		t.network_b.discount = Some(Discount {
			model: DiscountModel::AllUnits,
			tiers: vec![DiscountTier { from: 0, basis_points: 1_000 }].try_into().unwrap(),
		});
		let id = sign_sealed(&t);
		// B's network: 400 minutes at 0.05 = 20.00 XDR, 10 % off under the sealed terms.
		assert_ok!(Roaming::submit_batch(origin(2), id, report(1, 400)));
		NowMillis::set(DEC_2026);
		run_to_block(30);
		assert_ok!(Roaming::close_period(origin(1), id, period(2026, 11)));
		let s = crate::Statements::<Test>::get(id, period(2026, 11)).unwrap();
		let cleared: u128 = Cleared::get().iter().map(|o| o.amount).sum();
		assert_eq!(
			(s.network_b.payable, cleared),
			(1_800, 1_800),
			"operator 1 paid the undiscounted 2000 for usage its sealed terms discount to 1800"
		);
	});
}

/// MEDIUM finding 4 (liveness), fixed. `propose_sealed` must name the id its envelopes are
/// sealed for; with only the global counter, ANY operator could block a confidential proposal by
/// front-running it with a throw-away proposal of its own (cancelled in the same block, deposit
/// back). The proposer now reserves the id first (`reserve_agreement_id`): the counter moves on,
/// and only the proposer's `propose_sealed` can use the reserved id.
#[test]
fn finding_4_a_reserved_id_cannot_be_front_run() {
	build_and_execute(|| {
		keys();
		let t = terms();
		assert_ok!(Roaming::reserve_agreement_id(origin(1)));
		let id = crate::AgreementIdReservations::<Test>::get(1).unwrap();
		assert_eq!(crate::NextAgreementId::<Test>::get(), id + 1);
		let s = sealed_with(&t, SALT);
		// Operator 3 sees operator 1's propose_sealed(id) in the pool and goes first: it gets
		// another id.
		assert_ok!(Roaming::register_tadig(origin(3), tadig("ITAI1")));
		assert_ok!(Roaming::propose_agreement(origin(3), tadig("ITAI1"), deu(), terms()));
		assert!(crate::Agreements::<Test>::get(id).is_none());
		assert_ok!(Roaming::cancel_proposal(origin(3), id + 1));
		// Nor can operator 3 (or anyone else) use operator 1's reservation.
		assert_ok!(Roaming::register_encryption_key(origin(3), [0x33; 32]));
		assert_noop!(
			Roaming::propose_sealed(origin(3), tadig("ITAI1"), deu(), t.header(), s.clone(), id),
			Error::<Test>::AgreementIdMismatch
		);
		assert_ok!(Roaming::propose_sealed(origin(1), deu(), fra(), t.header(), s.clone(), id));
		assert_eq!(crate::Agreements::<Test>::get(id).unwrap().party_a, 1);
		// The reservation is used up; the id cannot be proposed twice.
		assert_eq!(crate::AgreementIdReservations::<Test>::get(1), None);
		assert_noop!(
			Roaming::propose_sealed(origin(1), deu(), tadig("FRAF2"), t.header(), s, id),
			Error::<Test>::AgreementIdMismatch
		);
		// A second reservation while one is unused announces it again: no id is burnt
		// (review finding 10 of the sealed discounts); strangers cannot reserve.
		assert_ok!(Roaming::reserve_agreement_id(origin(2)));
		let second = crate::AgreementIdReservations::<Test>::get(2).unwrap();
		let next = crate::NextAgreementId::<Test>::get();
		assert_ok!(Roaming::reserve_agreement_id(origin(2)));
		assert_eq!(crate::AgreementIdReservations::<Test>::get(2), Some(second));
		assert_eq!(crate::NextAgreementId::<Test>::get(), next, "no id burnt");
		assert_eq!(
			events().last(),
			Some(&Event::AgreementIdReserved { operator: 2, agreement: second })
		);
		assert_noop!(Roaming::reserve_agreement_id(origin(5)), Error::<Test>::NotOperator);
		Roaming::do_try_state().unwrap();
	});
}

/// LOW finding 6, fixed. A small-order X25519 point gives a shared secret everyone can compute,
/// so it is refused as an encryption key in every encoding: the canonical u = 1, p − 1 and the
/// two points of order 8, the non-canonical p (= 0) and p + 1 (= 1), and each with the top bit
/// set. (All zero keeps its own error.) An ordinary key is registered and a refused one leaves
/// no trace.
#[test]
fn small_order_encryption_keys_are_refused() {
	build_and_execute(|| {
		let mut encodings: Vec<[u8; 32]> = telecom_primitives::x25519::SMALL_ORDER_U[1..].to_vec();
		let mut p = [0xff; 32];
		p[0] = 0xed;
		p[31] = 0x7f;
		encodings.push(p);
		p[0] = 0xee;
		encodings.push(p);
		for key in encodings.clone() {
			let mut top = key;
			top[31] |= 0x80;
			encodings.push(top);
		}
		let mut zero_top = [0u8; 32];
		zero_top[31] = 0x80;
		encodings.push(zero_top);
		assert_eq!(encodings.len(), 13);
		for key in encodings {
			assert_noop!(
				Roaming::register_encryption_key(origin(1), key),
				Error::<Test>::SmallOrderEncryptionKey
			);
		}
		assert_noop!(
			Roaming::register_encryption_key(origin(1), [0u8; 32]),
			Error::<Test>::InvalidEncryptionKey
		);
		assert!(crate::EncryptionKeys::<Test>::get(1).is_none());
		assert_ok!(Roaming::register_encryption_key(origin(1), [0x11; 32]));
		assert_eq!(crate::EncryptionKeys::<Test>::get(1).map(|k| k.epoch), Some(1));
		// A rotation to a small-order key is refused too, and the key in force stays.
		let mut low_order = [0u8; 32];
		low_order[0] = 1;
		assert_noop!(
			Roaming::register_encryption_key(origin(1), low_order),
			Error::<Test>::SmallOrderEncryptionKey
		);
	});
}
