//! Tests of confidential agreements: encryption keys and their epochs, sealed proposals and
//! amendments accepted by commitment, booking by claim and dual posting, reveal for
//! arbitration, reseal after a key rotation, what a stranger sees, and the v3 → v4 migration.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::arithmetic_side_effects)]

use crate::{
	mock::*, types::*, AgreementHeader, AgreementMode, Error, Event, HoldReason, KeyEpoch,
	RevealBatches, SealedEnvelope, SealedTerms, MAX_SEALED_TERMS_LEN, SEALED_ENVELOPE_VERSION,
};
use codec::Encode;
use frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::InspectHold, Get},
};
use telecom_primitives::{
	commitment::{
		sealed_acceptance_digest, terms_commitment, AcceptanceDigest, TermsCommitment,
		SEALED_TERMS_OVERHEAD,
	},
	DocumentHash,
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

fn in_december() {
	NowMillis::set(DEC_2026);
}

fn last_event() -> Event<Test> {
	events().pop().expect("an event")
}

const SALT: [u8; 32] = [0x3C; 32];
const KEY_1: [u8; 32] = [0x11; 32];
const KEY_2: [u8; 32] = [0x22; 32];

/// An envelope of `len` bytes (version 1, then filler) sealed to key epoch `epoch`.
fn envelope_of(epoch: KeyEpoch, len: usize) -> SealedEnvelope {
	let mut bytes = vec![0xEE; len];
	if let Some(first) = bytes.first_mut() {
		*first = SEALED_ENVELOPE_VERSION;
	}
	SealedEnvelope { epoch, bytes: bytes.try_into().unwrap() }
}

fn envelope(epoch: KeyEpoch) -> SealedEnvelope {
	envelope_of(epoch, 400)
}

fn commitment_of(terms: &AgreementTerms, salt: &[u8; 32]) -> TermsCommitment {
	terms_commitment(&terms.encode(), salt)
}

/// What the accepting party states for `terms` (opened and checked) committed as `commitment`,
/// coming into force as `version` of agreement `id`: computed from the terms, not read from
/// the chain.
fn acceptance(
	id: AgreementId,
	version: u32,
	terms: &AgreementTerms,
	commitment: TermsCommitment,
) -> AcceptanceDigest {
	sealed_acceptance_digest(id, version, &terms.header().encode(), &commitment)
}

/// `terms` committed with [`SALT`] and sealed to both parties' first keys.
fn sealed(terms: &AgreementTerms) -> SealedTerms {
	SealedTerms {
		commitment: commitment_of(terms, &SALT),
		envelope_a: envelope(1),
		envelope_b: envelope(1),
	}
}

/// Operators 1 and 2 register their first keys.
fn keys() {
	assert_ok!(Roaming::register_encryption_key(origin(1), KEY_1));
	assert_ok!(Roaming::register_encryption_key(origin(2), KEY_2));
}

/// Terms with prices a stranger must never find: every rate and the discount tier carry
/// distinctive values.
fn secret_terms() -> AgreementTerms {
	let mut t = terms();
	t.network_a.tariff.data.price = 0x0BAD_CAFE_1234;
	t.network_b.tariff.moc_local.price = 0x0DEC_AFBA_D555;
	t.network_b.discount = Some(Discount {
		model: DiscountModel::Incremental,
		tiers: vec![DiscountTier { from: 0x0F00_DFAC_E000_7777, basis_points: 1_234 }]
			.try_into()
			.unwrap(),
	});
	t
}

/// Keys, then operator 1 proposes `terms` sealed and operator 2 accepts stating the
/// acceptance digest; returns the id.
fn sign_sealed(terms: &AgreementTerms) -> AgreementId {
	keys();
	let id = crate::NextAgreementId::<Test>::get();
	let sealed = sealed(terms);
	let commitment = sealed.commitment;
	assert_ok!(Roaming::propose_sealed(origin(1), deu(), fra(), terms.header(), sealed, id));
	assert_ok!(Roaming::accept_sealed(origin(2), id, acceptance(id, 1, terms, commitment)));
	id
}

/// The status of a confidential claim of `amount` withheld for the home side's answer.
fn awaiting(amount: u128) -> BatchStatus {
	BatchStatus::Disputed {
		amount,
		reason: AWAITING_HOME_TOTALS_REASON,
		evidence: DocumentHash::zero(),
		proposal: None,
		escalated: false,
	}
}

fn batch(id: AgreementId, network: Side, sequence: FileSequence) -> Batch<u64> {
	crate::Batches::<Test>::get((id, network, sequence)).expect("batch stored")
}

fn home_totals(r: &UsageReport, charged: u128) -> crate::HomeTotals {
	crate::HomeTotals {
		sequence: r.sequence,
		records: r.records,
		usage: r.usage,
		charged,
		file: r.file,
	}
}

// ---- encryption keys ----

#[test]
fn operators_register_and_rotate_encryption_keys() {
	build_and_execute(|| {
		assert_ok!(Roaming::register_encryption_key(origin(1), KEY_1));
		let key = crate::EncryptionKeys::<Test>::get(1).unwrap();
		assert_eq!((key.key, key.epoch, key.registered_at), (KEY_1, 1, 1));
		assert_eq!(
			last_event(),
			Event::EncryptionKeyRegistered { operator: 1, key: KEY_1, epoch: 1 }
		);
		run_to_block(3);
		let rotated = [0x99; 32];
		assert_ok!(Roaming::register_encryption_key(origin(1), rotated));
		let key = crate::EncryptionKeys::<Test>::get(1).unwrap();
		assert_eq!((key.key, key.epoch, key.registered_at), (rotated, 2, 3));
		assert_eq!(crate::EncryptionKeys::<Test>::iter().count(), 1, "one key per operator");

		assert_noop!(
			Roaming::register_encryption_key(origin(5), KEY_1),
			Error::<Test>::NotOperator
		);
		assert_noop!(
			Roaming::register_encryption_key(origin(2), [0; 32]),
			Error::<Test>::InvalidEncryptionKey
		);
		assert_noop!(
			Roaming::register_encryption_key(origin(1), rotated),
			Error::<Test>::KeyUnchanged
		);
		// Another operator may hold the same public key bytes (they are its own business).
		assert_ok!(Roaming::register_encryption_key(origin(2), rotated));
	});
}

// ---- proposals ----

#[test]
fn a_confidential_agreement_holds_a_header_a_commitment_and_two_envelopes() {
	build_and_execute(|| {
		keys();
		let t = secret_terms();
		let s = sealed(&t);
		let commitment = s.commitment;
		assert_ok!(Roaming::propose_sealed(origin(1), deu(), fra(), t.header(), s.clone(), 0));
		let stored = crate::Agreements::<Test>::get(0).unwrap();
		assert_eq!(stored.mode(), AgreementMode::Confidential);
		assert_eq!(stored.status, AgreementStatus::Proposed);
		assert_eq!(stored.sealed, Some(s));
		// The stored terms are the header with blank prices.
		assert!(stored.terms.is_blank());
		assert_eq!(stored.terms.header(), t.header());
		assert_eq!(stored.terms.network_a.tolerance, t.network_a.tolerance);
		assert_eq!(held(HoldReason::AgreementDeposit, 1), AGREEMENT_DEPOSIT);
		let evs = events();
		assert!(evs.contains(&Event::AgreementProposed {
			agreement: 0,
			party_a: 1,
			tadig_a: deu(),
			party_b: 2,
			tadig_b: fra(),
			document: t.document,
		}));
		assert_eq!(
			last_event(),
			Event::ConfidentialTermsProposed { agreement: 0, version: 1, commitment }
		);

		assert_eq!(Roaming::pending_acceptance_digest(0), Some(acceptance(0, 1, &t, commitment)));
		assert_ok!(Roaming::accept_sealed(origin(2), 0, acceptance(0, 1, &t, commitment)));
		let stored = crate::Agreements::<Test>::get(0).unwrap();
		assert_eq!((stored.status, stored.version), (AgreementStatus::Active, 1));
		assert_eq!(last_event(), Event::AgreementActivated { agreement: 0 });
	});
}

fn held(reason: HoldReason, who: u64) -> u64 {
	Balances::balance_on_hold(&RuntimeHoldReason::Roaming(reason), &who)
}

#[test]
fn sealed_proposal_refusals() {
	build_and_execute(|| {
		let t = terms();
		let s = sealed(&t);
		let propose = |who: u64, s: SealedTerms, header: AgreementHeader, id: AgreementId| {
			Roaming::propose_sealed(origin(who), deu(), fra(), header, s, id)
		};
		assert_noop!(propose(5, s.clone(), t.header(), 0), Error::<Test>::NotOperator);
		// Keys first: neither party has one.
		assert_noop!(propose(1, s.clone(), t.header(), 0), Error::<Test>::NoEncryptionKey);
		assert_ok!(Roaming::register_encryption_key(origin(1), KEY_1));
		assert_noop!(propose(1, s.clone(), t.header(), 0), Error::<Test>::NoEncryptionKey);
		assert_ok!(Roaming::register_encryption_key(origin(2), KEY_2));
		// Sealed for another id: another proposal came first.
		assert_noop!(propose(1, s.clone(), t.header(), 1), Error::<Test>::AgreementIdMismatch);
		// Envelopes must name each recipient's current epoch.
		let mut future = s.clone();
		future.envelope_b.epoch = 2;
		assert_noop!(propose(1, future, t.header(), 0), Error::<Test>::StaleKeyEpoch);
		assert_ok!(Roaming::register_encryption_key(origin(1), [0x12; 32]));
		assert_noop!(propose(1, s.clone(), t.header(), 0), Error::<Test>::StaleKeyEpoch);
		let mut current = s.clone();
		current.envelope_a.epoch = 2;
		// Envelopes must be envelopes.
		let mut short = current.clone();
		short.envelope_b = envelope_of(1, SEALED_TERMS_OVERHEAD as usize);
		assert_noop!(propose(1, short, t.header(), 0), Error::<Test>::MalformedEnvelope);
		let mut unknown_version = current.clone();
		let mut bytes = vec![0xEE; 400];
		bytes[0] = 2;
		unknown_version.envelope_a = SealedEnvelope { epoch: 2, bytes: bytes.try_into().unwrap() };
		assert_noop!(propose(1, unknown_version, t.header(), 0), Error::<Test>::MalformedEnvelope);
		// The header is checked as terms are.
		let mut header = t.header();
		header.dispute_window = MAX_WINDOW + 1;
		assert_noop!(propose(1, current.clone(), header, 0), Error::<Test>::InvalidDisputeWindow);
		let mut header = t.header();
		header.network_b.tolerance.basis_points = 10_001;
		assert_noop!(propose(1, current.clone(), header, 0), Error::<Test>::InvalidTolerance);
		assert_noop!(
			Roaming::propose_sealed(origin(1), deu(), deu(), t.header(), current.clone(), 0),
			Error::<Test>::SelfAgreement
		);
		assert_noop!(
			Roaming::propose_sealed(
				origin(1),
				deu(),
				tadig("ZZZZ1"),
				t.header(),
				current.clone(),
				0
			),
			Error::<Test>::UnknownTadig
		);
		assert_ok!(propose(1, current, t.header(), 0));
	});
}

#[test]
fn the_envelope_length_is_capped() {
	build_and_execute(|| {
		keys();
		let t = terms();
		// The longest envelope stored and the shortest that can be one are accepted.
		let mut s = sealed(&t);
		s.envelope_a = envelope_of(1, MAX_SEALED_TERMS_LEN as usize);
		s.envelope_b = envelope_of(1, SEALED_TERMS_OVERHEAD as usize + 1);
		assert_ok!(Roaming::propose_sealed(origin(1), deu(), fra(), t.header(), s, 0));
		// One byte more does not fit the bound, so such a call does not even decode.
		let too_long = vec![1u8; MAX_SEALED_TERMS_LEN as usize + 1];
		assert!(frame_support::BoundedVec::<
			u8,
			frame_support::traits::ConstU32<MAX_SEALED_TERMS_LEN>,
		>::try_from(too_long.clone())
		.is_err());
		let call = crate::Call::<Test>::reseal {
			agreement: 0,
			side: Side::A,
			envelope: envelope_of(1, MAX_SEALED_TERMS_LEN as usize),
		};
		let mut encoded = call.encode();
		// Re-encode with a longer byte vector: the length prefix and one more byte.
		let good = (1u32, too_long[..MAX_SEALED_TERMS_LEN as usize].to_vec()).encode();
		let bad = (1u32, too_long).encode();
		let at = encoded.len() - good.len();
		encoded.truncate(at);
		encoded.extend_from_slice(&bad);
		assert!(<crate::Call<Test> as codec::Decode>::decode(&mut &encoded[..]).is_err());
	});
}

// ---- acceptance ----

#[test]
fn acceptance_names_the_whole_pending_item() {
	build_and_execute(|| {
		keys();
		let t = terms();
		let s = sealed(&t);
		let commitment = s.commitment;
		let digest = acceptance(0, 1, &t, commitment);
		assert_ok!(Roaming::propose_sealed(origin(1), deu(), fra(), t.header(), s, 0));
		// Another commitment, the bare commitment, another header, version or agreement id:
		// none is the pending item.
		assert_noop!(
			Roaming::accept_sealed(origin(2), 0, acceptance(0, 1, &t, commitment_of(&t, &[0; 32]))),
			Error::<Test>::WrongCommitment
		);
		assert_noop!(
			Roaming::accept_sealed(origin(2), 0, commitment),
			Error::<Test>::WrongCommitment
		);
		let mut other_header = t.clone();
		other_header.dispute_window += 1;
		assert_noop!(
			Roaming::accept_sealed(origin(2), 0, acceptance(0, 1, &other_header, commitment)),
			Error::<Test>::WrongCommitment
		);
		assert_noop!(
			Roaming::accept_sealed(origin(2), 0, acceptance(0, 2, &t, commitment)),
			Error::<Test>::WrongCommitment
		);
		assert_noop!(
			Roaming::accept_sealed(origin(2), 0, acceptance(1, 1, &t, commitment)),
			Error::<Test>::WrongCommitment
		);
		assert_noop!(Roaming::accept_sealed(origin(1), 0, digest), Error::<Test>::NotCounterparty);
		assert_noop!(Roaming::accept_sealed(origin(2), 9, digest), Error::<Test>::UnknownAgreement);
		// A confidential proposal is not accepted blind.
		assert_noop!(Roaming::accept_agreement(origin(2), 0), Error::<Test>::ConfidentialAgreement);
		// A transparent one takes no commitment.
		assert_ok!(Roaming::propose_agreement(origin(2), tadig("FRAF2"), deu(), terms()));
		assert_noop!(
			Roaming::accept_sealed(origin(1), 1, digest),
			Error::<Test>::TransparentAgreement
		);
		assert_ok!(Roaming::accept_sealed(origin(2), 0, digest));
		// Nothing pending any more.
		assert_eq!(Roaming::pending_acceptance_digest(0), None);
		assert_noop!(Roaming::accept_sealed(origin(1), 0, digest), Error::<Test>::NoAmendment);
	});
}

// ---- booking and dual posting ----

#[test]
fn confidential_batches_book_their_claim_and_settle_by_dual_posting() {
	build_and_execute(|| {
		let id = sign_sealed(&secret_terms());
		// A claim the public (blank) terms cannot rate: it is booked as claimed, with no
		// re-rating, mismatch or reconciliation, and withheld whole until the home side answers.
		let mut r1 = report(1, 10);
		r1.claimed = 777;
		assert_ok!(Roaming::submit_batch(origin(1), id, r1));
		let b = batch(id, Side::A, 1);
		assert_eq!((b.claimed, b.rated, b.value), (777, 0, 777));
		assert_eq!(b.status, awaiting(777));
		assert_eq!(
			(b.claimed_exact, b.rated_exact, b.value_exact),
			(777 * SUB_UNITS, 0, 777 * SUB_UNITS)
		);
		let pinned = crate::PeriodTerms::<Test>::get(id, period(2026, 11)).unwrap();
		assert_eq!(pinned.commitment, Some(commitment_of(&secret_terms(), &SALT)));
		assert!(pinned.network_a.is_blank() && pinned.network_b.is_blank());
		assert!(!events().iter().any(|e| matches!(
			e,
			Event::RatingMismatch { .. } | Event::ReconciliationOpened { .. }
		)));
		// A sub-unit claim is booked too (a transparent batch would book the re-rating).
		let mut tiny = report(2, 0);
		tiny.claimed = 0;
		assert_ok!(Roaming::submit_batch(origin(1), id, tiny));
		assert_eq!(batch(id, Side::A, 2).value, 0);
		// (A zero claim withholds nothing.)
		assert_eq!(batch(id, Side::A, 2).status, BatchStatus::Pending);

		// The home side's charge matches within the header's tolerance (1 % or 5): accepted.
		assert_ok!(Roaming::post_home_totals(origin(2), id, home_totals(&r1, 773)));
		assert_eq!(batch(id, Side::A, 1).status, BatchStatus::Accepted);
		// Beyond it: a dispute of the shortfall.
		let mut r3 = report(3, 20);
		r3.claimed = 1_000;
		assert_ok!(Roaming::submit_batch(origin(1), id, r3));
		assert_ok!(Roaming::post_home_totals(origin(2), id, home_totals(&r3, 900)));
		let b3 = batch(id, Side::A, 3);
		assert!(matches!(b3.status, BatchStatus::Disputed { amount: 100, .. }));
		let posting = crate::DualPostings::<Test>::get((id, Side::A, 3)).unwrap();
		assert_eq!(posting.rated, 0, "the chain has no rating of its own");
		assert_eq!(posting.differences.len(), 1, "only the charge is compared");
		// B's side: the home operator never answers, so nothing is accepted by silence.
		let mut r4 = report(1, 30);
		r4.claimed = 2_000;
		assert_ok!(Roaming::submit_batch(origin(2), id, r4));

		// The close: answered claims netted, the disputed shortfall and B's unanswered claim
		// withheld, no discount deducted on chain (the pinned terms carry none).
		in_december();
		run_to_block(30);
		assert_ok!(Roaming::close_period(origin(1), id, period(2026, 11)));
		let s = crate::Statements::<Test>::get(id, period(2026, 11)).unwrap();
		assert_eq!(
			(s.network_a.accepted, s.network_a.withheld, s.network_a.discount),
			(1_677, 100, 0)
		);
		assert_eq!((s.network_b.accepted, s.network_b.withheld), (0, 2_000));
		assert_eq!((s.payer, s.payee, s.net), (Some(2), Some(1), 1_677));
		let cleared = Cleared::get();
		assert_eq!((cleared[0].payer, cleared[0].payee, cleared[0].amount), (2, 1, 1_677));
	});
}

/// Review finding 5: a confidential claim is never accepted by silence. It is withheld whole
/// from its arrival; the home side's matching posting or its acceptance (within the window)
/// releases it, a differing posting or its own dispute narrows the hold to the amount in
/// question. Unanswered, it keeps the period open until the window ends, is withheld at the
/// close, and the visited side takes it to the arbiter, whose decision is trued up.
#[test]
fn a_confidential_claim_is_never_accepted_by_silence() {
	build_and_execute(|| {
		let id = sign_sealed(&secret_terms());
		let mut claims = Vec::new();
		for (sequence, claimed) in [(1, 1_000u128), (2, 500), (3, 800), (4, 300), (5, 700)] {
			let mut r = report(sequence, 10);
			r.claimed = claimed;
			assert_ok!(Roaming::submit_batch(origin(1), id, r));
			assert_eq!(batch(id, Side::A, sequence).status, awaiting(claimed));
			assert_eq!(
				last_event(),
				Event::BatchDisputed {
					agreement: id,
					network: Side::A,
					sequence,
					amount: claimed,
					reason: AWAITING_HOME_TOTALS_REASON,
					evidence: DocumentHash::zero(),
				}
			);
			claims.push(r);
		}
		let totals = crate::Totals::<Test>::get((id, period(2026, 11), Side::A));
		assert_eq!((totals.pending, totals.open_disputes, totals.disputed), (5, 5, 3_300));
		// The parties cannot forge the chain's reason code.
		assert_noop!(
			Roaming::dispute_batch(
				origin(2),
				id,
				Side::A,
				1,
				10,
				AWAITING_HOME_TOTALS_REASON,
				DocumentHash::zero()
			),
			Error::<Test>::ReservedReasonCode
		);
		// Only the home side answers: the visited side cannot accept its own claim.
		assert_noop!(
			Roaming::accept_batch(origin(1), id, Side::A, 1),
			Error::<Test>::NotHomeOperator
		);
		// 1: a matching posting releases it.
		assert_ok!(Roaming::post_home_totals(origin(2), id, home_totals(&claims[0], 1_000)));
		assert_eq!(batch(id, Side::A, 1).status, BatchStatus::Accepted);
		// 2: the home side accepts it explicitly.
		assert_ok!(Roaming::accept_batch(origin(2), id, Side::A, 2));
		assert_eq!(batch(id, Side::A, 2).status, BatchStatus::Accepted);
		// 3: a differing posting holds only the shortfall.
		assert_ok!(Roaming::post_home_totals(origin(2), id, home_totals(&claims[2], 600)));
		assert!(matches!(
			batch(id, Side::A, 3).status,
			BatchStatus::Disputed {
				amount: 200,
				reason: crate::posting::POSTING_MISMATCH_REASON,
				..
			}
		));
		// 4: the home side's own dispute holds its amount.
		assert_ok!(Roaming::dispute_batch(origin(2), id, Side::A, 4, 50, 30, DocumentHash::zero()));
		assert!(matches!(
			batch(id, Side::A, 4).status,
			BatchStatus::Disputed { amount: 50, reason: 30, .. }
		));
		// 5: never answered. While its window runs the period cannot close.
		let totals = crate::Totals::<Test>::get((id, period(2026, 11), Side::A));
		assert_eq!((totals.pending, totals.open_disputes, totals.disputed), (1, 3, 950));
		in_december();
		assert_noop!(
			Roaming::close_period(origin(1), id, period(2026, 11)),
			Error::<Test>::DisputeWindowOpen
		);
		run_to_block(30);
		// Past the window the home side can no longer answer ...
		assert_noop!(
			Roaming::post_home_totals(origin(2), id, home_totals(&claims[4], 700)),
			Error::<Test>::DisputeWindowClosed
		);
		assert_noop!(
			Roaming::accept_batch(origin(2), id, Side::A, 5),
			Error::<Test>::DisputeWindowClosed
		);
		// ... and the close withholds the unanswered claim with the two disputes: only the
		// answered 1,000 + 500 + 600 + 250 clears.
		assert_ok!(Roaming::close_period(origin(1), id, period(2026, 11)));
		let s = crate::Statements::<Test>::get(id, period(2026, 11)).unwrap();
		assert_eq!((s.network_a.accepted, s.network_a.withheld), (2_350, 950));
		assert_eq!(Cleared::get()[0].amount, 2_350);
		assert_eq!(batch(id, Side::A, 5).status, awaiting(700));
		// The exit: the visited side proposes its claim; past the hold's deadline that takes
		// it to the arbiter, who decides (after a reveal if needed) and the decision is trued
		// up through clearing.
		assert_ok!(Roaming::propose_settlement(origin(1), id, Side::A, 5, 700));
		assert!(events().contains(&Event::DisputeEscalated {
			agreement: id,
			network: Side::A,
			sequence: 5
		}));
		assert_ok!(Roaming::arbitrate(RuntimeOrigin::signed(ARBITER), id, Side::A, 5, 650));
		assert_eq!(batch(id, Side::A, 5).status, BatchStatus::Resolved { by_arbiter: true });
		let cleared = Cleared::get();
		assert_eq!((cleared[1].payer, cleared[1].payee, cleared[1].amount), (2, 1, 650));
	});
}

// ---- reveal ----

/// A sealed agreement with a disputed batch on A's network: ten minutes of local calls,
/// priced 5 per minute by the sealed tariff, claimed at 90.
fn disputed_sealed() -> AgreementId {
	let id = sign_sealed(&terms());
	let mut r = report(1, 10);
	r.claimed = 90;
	assert_ok!(Roaming::submit_batch(origin(1), id, r));
	assert_ok!(Roaming::dispute_batch(origin(2), id, Side::A, 1, 40, 30, DocumentHash::zero()));
	id
}

fn reveal_list(list: &[(Side, FileSequence)]) -> RevealBatches {
	list.to_vec().try_into().unwrap()
}

#[test]
fn a_reveal_rerates_the_disputed_batches_for_the_arbiter() {
	build_and_execute(|| {
		let id = disputed_sealed();
		assert_eq!(batch(id, Side::A, 1).rated, 0);
		assert_ok!(Roaming::reveal_terms(
			origin(2),
			id,
			terms(),
			SALT,
			reveal_list(&[(Side::A, 1)])
		));
		let b = batch(id, Side::A, 1);
		assert_eq!((b.claimed, b.rated, b.value), (90, 50, 90));
		assert_eq!(b.rated_exact, 50 * SUB_UNITS);
		let t = crate::Totals::<Test>::get((id, period(2026, 11), Side::A));
		assert_eq!((t.rated, t.rated_exact), (50, 50 * SUB_UNITS));
		let evs = events();
		assert_eq!(
			evs[evs.len() - 2],
			Event::BatchReRated {
				agreement: id,
				network: Side::A,
				sequence: 1,
				claimed: 90,
				rated: 50,
				rated_exact: 50 * SUB_UNITS,
			}
		);
		assert_eq!(
			last_event(),
			Event::TermsRevealed {
				agreement: id,
				by: Side::B,
				commitment: commitment_of(&terms(), &SALT),
				batches: 1,
			}
		);
		// Revealing again changes nothing.
		assert_ok!(Roaming::reveal_terms(
			origin(1),
			id,
			terms(),
			SALT,
			reveal_list(&[(Side::A, 1)])
		));
		assert_eq!(batch(id, Side::A, 1).rated, 50);
		// The arbitration proceeds as today, with the re-rating in view.
		assert_ok!(Roaming::arbitrate(origin(ARBITER), id, Side::A, 1, 50));
		let b = batch(id, Side::A, 1);
		assert_eq!((b.value, b.status), (50, BatchStatus::Resolved { by_arbiter: true }));
	});
}

#[test]
fn a_reveal_with_a_wrong_salt_or_altered_terms_is_refused() {
	build_and_execute(|| {
		let id = disputed_sealed();
		let one = reveal_list(&[(Side::A, 1)]);
		let mut wrong_salt = SALT;
		wrong_salt[31] ^= 1;
		assert_noop!(
			Roaming::reveal_terms(origin(2), id, terms(), wrong_salt, one.clone()),
			Error::<Test>::RevealMismatch
		);
		let mut cheaper = terms();
		cheaper.network_a.tariff.moc_local.price -= 1;
		assert_noop!(
			Roaming::reveal_terms(origin(2), id, cheaper, SALT, one.clone()),
			Error::<Test>::RevealMismatch
		);
		let mut wider = terms();
		wider.network_a.tolerance.minimum += 1;
		assert_noop!(
			Roaming::reveal_terms(origin(2), id, wider, SALT, one.clone()),
			Error::<Test>::RevealMismatch
		);
		assert_noop!(
			Roaming::reveal_terms(origin(2), id, terms(), SALT, reveal_list(&[])),
			Error::<Test>::NothingToReveal
		);
		assert_noop!(
			Roaming::reveal_terms(origin(3), id, terms(), SALT, one.clone()),
			Error::<Test>::NotParty
		);
		assert_noop!(
			Roaming::reveal_terms(origin(2), id, terms(), SALT, reveal_list(&[(Side::B, 1)])),
			Error::<Test>::UnknownBatch
		);
		let mut r = report(2, 3);
		r.claimed = 15;
		assert_ok!(Roaming::submit_batch(origin(1), id, r));
		// A withheld confidential claim is a dispute the arbiter may need a reveal for; once
		// the home side accepts it, it is not.
		assert_ok!(Roaming::accept_batch(origin(2), id, Side::A, 2));
		assert_noop!(
			Roaming::reveal_terms(
				origin(2),
				id,
				terms(),
				SALT,
				reveal_list(&[(Side::A, 1), (Side::A, 2)])
			),
			Error::<Test>::NotDisputed
		);
		// Transparent terms are public already.
		let open = {
			assert_ok!(Roaming::propose_agreement(origin(2), tadig("FRAF2"), deu(), terms()));
			assert_ok!(Roaming::accept_agreement(origin(1), 1));
			1
		};
		assert_noop!(
			Roaming::reveal_terms(origin(2), open, terms(), SALT, one.clone()),
			Error::<Test>::TransparentAgreement
		);
		assert_eq!(batch(id, Side::A, 1).rated, 0, "nothing re-rated");
	});
}

#[test]
fn terms_contradicting_the_public_header_are_not_used_to_rate() {
	build_and_execute(|| {
		keys();
		// The proposer committed terms whose tolerance differs from the header it published.
		let committed = terms();
		let mut header = committed.header();
		header.network_a.tolerance.minimum = 50;
		let s = sealed(&committed);
		let commitment = s.commitment;
		assert_ok!(Roaming::propose_sealed(origin(1), deu(), fra(), header.clone(), s, 0));
		let digest = sealed_acceptance_digest(0, 1, &header.encode(), &commitment);
		assert_ok!(Roaming::accept_sealed(origin(2), 0, digest));
		assert_ok!(Roaming::submit_batch(origin(1), 0, report(1, 10)));
		assert_ok!(Roaming::dispute_batch(origin(2), 0, Side::A, 1, 10, 30, DocumentHash::zero()));
		assert_noop!(
			Roaming::reveal_terms(origin(2), 0, committed, SALT, reveal_list(&[(Side::A, 1)])),
			Error::<Test>::RevealContradictsHeader
		);
	});
}

// ---- amendments ----

#[test]
fn amendments_are_new_commitments_accepted_by_the_other_party() {
	build_and_execute(|| {
		let id = disputed_sealed();
		let mut amended = terms();
		amended.network_a.tariff.moc_local.price = 6_000;
		let mut s = sealed(&amended);
		s.commitment = commitment_of(&amended, &[0x44; 32]);
		let new_commitment = s.commitment;
		// The transparent calls are refused on a confidential agreement.
		assert_noop!(
			Roaming::propose_amendment(origin(2), id, amended.clone()),
			Error::<Test>::ConfidentialAgreement
		);
		let mut stale = s.clone();
		stale.envelope_a.epoch = 0;
		assert_noop!(
			Roaming::propose_sealed_amendment(origin(2), id, amended.header(), stale),
			Error::<Test>::StaleKeyEpoch
		);
		assert_noop!(
			Roaming::propose_sealed_amendment(origin(3), id, amended.header(), s.clone()),
			Error::<Test>::NotParty
		);
		assert_ok!(Roaming::propose_sealed_amendment(origin(2), id, amended.header(), s.clone()));
		assert_eq!(
			last_event(),
			Event::ConfidentialTermsProposed {
				agreement: id,
				version: 2,
				commitment: new_commitment
			}
		);
		let pending = crate::Agreements::<Test>::get(id).unwrap().amendment.unwrap();
		assert!(pending.terms.is_blank());
		assert_eq!(pending.sealed, Some(s));
		assert_noop!(
			Roaming::accept_amendment(origin(1), id, 2),
			Error::<Test>::ConfidentialAgreement
		);
		assert_noop!(
			Roaming::accept_sealed(
				origin(1),
				id,
				acceptance(id, 2, &terms(), commitment_of(&terms(), &SALT))
			),
			Error::<Test>::WrongCommitment
		);
		let digest = acceptance(id, 2, &amended, new_commitment);
		assert_noop!(Roaming::accept_sealed(origin(2), id, digest), Error::<Test>::OwnAmendment);
		assert_ok!(Roaming::accept_sealed(origin(1), id, digest));
		let agreement = crate::Agreements::<Test>::get(id).unwrap();
		assert_eq!(agreement.version, 2);
		assert_eq!(agreement.sealed.map(|s| s.commitment), Some(new_commitment));
		assert!(agreement.terms.is_blank());
		// November keeps the commitment it was booked under; December takes the new one.
		let nov = crate::PeriodTerms::<Test>::get(id, period(2026, 11)).unwrap();
		assert_eq!(nov.commitment, Some(commitment_of(&terms(), &SALT)));
		in_december();
		let mut r = report(2, 1);
		r.period = period(2026, 12);
		assert_ok!(Roaming::submit_batch(origin(1), id, r));
		let dec = crate::PeriodTerms::<Test>::get(id, period(2026, 12)).unwrap();
		assert_eq!((dec.version, dec.commitment), (2, Some(new_commitment)));
		// A November dispute is revealed with November's terms, not the amendment's.
		assert_noop!(
			Roaming::reveal_terms(origin(2), id, amended, [0x44; 32], reveal_list(&[(Side::A, 1)])),
			Error::<Test>::RevealMismatch
		);
		assert_ok!(Roaming::reveal_terms(
			origin(2),
			id,
			terms(),
			SALT,
			reveal_list(&[(Side::A, 1)])
		));
		// A transparent agreement takes no sealed amendment.
		assert_ok!(Roaming::propose_agreement(origin(2), tadig("FRAF2"), deu(), terms()));
		assert_noop!(
			Roaming::propose_sealed_amendment(origin(2), 1, terms().header(), sealed(&terms())),
			Error::<Test>::TransparentAgreement
		);
	});
}

// ---- reseal ----

#[test]
fn envelopes_are_resealed_after_a_key_rotation() {
	build_and_execute(|| {
		let id = sign_sealed(&terms());
		let commitment = commitment_of(&terms(), &SALT);
		// Nobody replaces a current envelope of the other party.
		assert_noop!(
			Roaming::reseal(origin(2), id, Side::A, envelope(1)),
			Error::<Test>::EnvelopeCurrent
		);
		// Operator 1 rotates: its envelope is stale, and the new one must name epoch 2.
		assert_ok!(Roaming::register_encryption_key(origin(1), [0x77; 32]));
		assert_noop!(
			Roaming::reseal(origin(1), id, Side::A, envelope(1)),
			Error::<Test>::StaleKeyEpoch
		);
		assert_noop!(
			Roaming::reseal(origin(1), id, Side::A, envelope_of(2, 10)),
			Error::<Test>::MalformedEnvelope
		);
		assert_noop!(Roaming::reseal(origin(3), id, Side::A, envelope(2)), Error::<Test>::NotParty);
		// The other party may reseal it (the recipient lost its old key), once.
		assert_ok!(Roaming::reseal(origin(2), id, Side::A, envelope(2)));
		assert_eq!(
			last_event(),
			Event::EnvelopeResealed {
				agreement: id,
				side: Side::A,
				by: Side::B,
				epoch: 2,
				commitment
			}
		);
		assert_noop!(
			Roaming::reseal(origin(2), id, Side::A, envelope(2)),
			Error::<Test>::EnvelopeCurrent
		);
		// The recipient reseals its own envelope at any time.
		assert_ok!(Roaming::reseal(origin(1), id, Side::A, envelope_of(2, 500)));
		let s = crate::Agreements::<Test>::get(id).unwrap().sealed.unwrap();
		assert_eq!(
			(s.commitment, s.envelope_a.epoch, s.envelope_a.bytes.len()),
			(commitment, 2, 500)
		);
		assert_eq!(s.envelope_b, envelope(1));
		// A transparent agreement has no envelopes.
		assert_ok!(Roaming::propose_agreement(origin(2), tadig("FRAF2"), deu(), terms()));
		assert_noop!(
			Roaming::reseal(origin(2), 1, Side::B, envelope(1)),
			Error::<Test>::TransparentAgreement
		);
	});
}

// ---- a stranger's view ----

/// Whether `needle` occurs in `haystack`.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
	haystack.windows(needle.len()).any(|window| window == needle)
}

/// Walks every key of the whole state (system events included), the way an RPC client
/// walks them: how many entries it read and the keys whose value holds one of `secrets`.
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
fn a_stranger_reading_every_storage_item_and_event_finds_no_price() {
	build_and_execute(|| {
		let t = secret_terms();
		let id = sign_sealed(&t);
		let r = report(1, 10);
		assert_ok!(Roaming::submit_batch(origin(1), id, r));
		assert_ok!(Roaming::post_home_totals(origin(2), id, home_totals(&r, r.claimed)));
		let mut amended = t.clone();
		amended.network_a.tariff.data.price += 1;
		assert_ok!(Roaming::propose_sealed_amendment(
			origin(2),
			id,
			amended.header(),
			sealed(&amended)
		));

		let secrets: Vec<Vec<u8>> = vec![
			t.network_a.tariff.data.price.encode(),
			t.network_b.tariff.moc_local.price.encode(),
			0x0F00_DFAC_E000_7777u128.encode(),
			SALT.to_vec(),
			t.network_a.tariff.encode(),
			t.network_b.tariff.encode(),
		];
		let (walked, found) = secrets_in_state(&secrets);
		assert!(walked > 10);
		assert_eq!(found, Vec::<String>::new(), "a price in storage");
		for event in events() {
			let bytes = event.encode();
			for secret in &secrets {
				assert!(!contains(&bytes, secret), "a price in {event:?}");
			}
		}
		// The control: the same terms proposed transparently are found at once.
		assert_ok!(Roaming::propose_agreement(origin(2), tadig("FRAF2"), deu(), t.clone()));
		let (_, found) = secrets_in_state(&secrets);
		assert!(!found.is_empty(), "the walk finds public prices");
		// The header and the blank terms are what everyone sees.
		let stored = crate::Agreements::<Test>::get(id).unwrap();
		assert_eq!(stored.terms.network_b.discount, None);
		assert_eq!(stored.terms.network_a.tariff, Tariff::default());
	});
}

// ---- invariants ----

#[test]
fn try_state_refuses_a_price_in_confidential_storage() {
	build_and_execute(|| {
		let id = sign_sealed(&terms());
		assert_ok!(Roaming::do_try_state());
		let mut agreement = crate::Agreements::<Test>::get(id).unwrap();
		agreement.terms.network_a.tariff.data.price = 1;
		crate::Agreements::<Test>::insert(id, agreement.clone());
		assert!(Roaming::do_try_state().is_err());
		agreement.terms.network_a.tariff.data.price = 0;
		agreement.sealed.as_mut().unwrap().envelope_b.epoch = 5;
		crate::Agreements::<Test>::insert(id, agreement.clone());
		assert!(Roaming::do_try_state().is_err(), "an envelope names a future epoch");
		agreement.sealed.as_mut().unwrap().envelope_b.epoch = 1;
		crate::Agreements::<Test>::insert(id, agreement);
		assert_ok!(Roaming::do_try_state());
	});
}

// ---- migration ----

#[test]
fn the_v4_migration_makes_every_existing_agreement_transparent() {
	use crate::migrations::v4::{v3, MigrateV3ToV4};
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	build_and_execute(|| {
		// Books as version 3 kept them: an agreement with a pinned November and a pending
		// amendment.
		let id = crate::NextAgreementId::<Test>::get();
		assert_ok!(Roaming::propose_agreement(origin(1), deu(), fra(), terms()));
		assert_ok!(Roaming::accept_agreement(origin(2), id));
		assert_ok!(Roaming::submit_batch(origin(1), id, report(1, 10)));
		let mut amended = terms();
		amended.network_b.tariff.mtc.price = 2_000;
		assert_ok!(Roaming::propose_amendment(origin(2), id, amended));
		let before = crate::Agreements::<Test>::get(id).unwrap();
		let pinned = crate::PeriodTerms::<Test>::get(id, period(2026, 11)).unwrap();
		v3::Agreements::<Test>::insert(
			id,
			v3::Agreement {
				party_a: before.party_a,
				tadig_a: before.tadig_a,
				party_b: before.party_b,
				tadig_b: before.tadig_b,
				status: before.status,
				version: before.version,
				terms: before.terms.clone(),
				amendment: before
					.amendment
					.clone()
					.map(|p| v3::PendingAmendment { by: p.by, terms: p.terms }),
				proposed_at: before.proposed_at,
				deposit: before.deposit,
				previous: before.previous,
				open_periods: before.open_periods,
				withheld_disputes: before.withheld_disputes,
			},
		);
		v3::PeriodTerms::<Test>::insert(
			id,
			period(2026, 11),
			v3::PinnedTerms {
				version: pinned.version,
				network_a: pinned.network_a.clone(),
				network_b: pinned.network_b.clone(),
			},
		);
		StorageVersion::new(3).put::<Roaming>();
		assert!(crate::Agreements::<Test>::get(id).is_none(), "v3 does not decode as v4");

		let db = <<Test as frame_system::Config>::DbWeight as Get<
			frame_support::weights::RuntimeDbWeight,
		>>::get();
		let weight = MigrateV3ToV4::<Test>::on_runtime_upgrade();
		// 2 entries read and written, and the version read and written.
		assert_eq!(weight, db.reads_writes(3, 3));
		assert_eq!(Roaming::on_chain_storage_version(), StorageVersion::new(4));
		assert_eq!(crate::Agreements::<Test>::get(id).unwrap(), before);
		assert_eq!(before.mode(), AgreementMode::Transparent);
		assert_eq!(crate::PeriodTerms::<Test>::get(id, period(2026, 11)).unwrap(), pinned);
		assert_eq!(pinned.commitment, None);
		assert_ok!(Roaming::do_try_state());
		// Run again: the version check makes it a no-op.
		assert_eq!(MigrateV3ToV4::<Test>::on_runtime_upgrade(), db.reads(1));
		// The migrated agreement keeps working.
		assert_ok!(Roaming::accept_amendment(origin(1), id, 2));
	});
}

// ---- real envelopes ----

#[test]
fn real_envelopes_sealed_off_chain_open_from_chain_state_and_drive_the_flow() {
	use telecom_terms_seal::{
		commit, open_terms, random_salt, seal_terms, OsRng, SealContext, SecretKey,
	};
	build_and_execute(|| {
		let (secret_1, secret_2) =
			(SecretKey::from_bytes([0x41; 32]), SecretKey::from_bytes([0x42; 32]));
		assert_ok!(Roaming::register_encryption_key(origin(1), secret_1.public_key().to_bytes()));
		assert_ok!(Roaming::register_encryption_key(origin(2), secret_2.public_key().to_bytes()));
		// Operator 1 seals its terms off-chain for the id the chain will give the proposal.
		let t = secret_terms();
		let salt = random_salt(&mut OsRng);
		let id = crate::NextAgreementId::<Test>::get();
		let genesis = System::block_hash(0).0;
		let context = SealContext { genesis, agreement: id };
		let envelope = |secret: &SecretKey| SealedEnvelope {
			epoch: 1,
			bytes: seal_terms(&mut OsRng, &context, &secret.public_key(), &t, &salt)
				.unwrap()
				.try_into()
				.unwrap(),
		};
		let s = SealedTerms {
			commitment: commit(&t, &salt),
			envelope_a: envelope(&secret_1),
			envelope_b: envelope(&secret_2),
		};
		// Padded: the envelope's length says nothing about the terms.
		assert_eq!(s.envelope_a.bytes.len(), MAX_SEALED_TERMS_LEN as usize);
		assert_eq!(s.envelope_a.bytes.first(), Some(&crate::SEALED_ENVELOPE_VERSION_PADDED));
		assert_ok!(Roaming::propose_sealed(origin(1), deu(), fra(), t.header(), s, id));

		// Operator 2 reads the chain, opens its envelope against the commitment the chain
		// holds, checks the public header and accepts stating the digest of what it checked.
		let stored = crate::Agreements::<Test>::get(id).unwrap();
		let sealed = stored.sealed.clone().unwrap();
		let (opened, opened_salt) = open_terms::<AgreementTerms>(
			&secret_2,
			&context,
			&sealed.commitment,
			&sealed.envelope_b.bytes,
		)
		.unwrap();
		assert_eq!((&opened, opened_salt), (&t, salt));
		assert_eq!(opened.header(), stored.terms.header());
		// Its envelope is not operator 1's, nor does it open for another agreement id.
		assert!(open_terms::<AgreementTerms>(
			&secret_2,
			&context,
			&sealed.commitment,
			&sealed.envelope_a.bytes
		)
		.is_err());
		let elsewhere = SealContext { genesis, agreement: id + 1 };
		assert!(open_terms::<AgreementTerms>(
			&secret_2,
			&elsewhere,
			&sealed.commitment,
			&sealed.envelope_b.bytes
		)
		.is_err());
		assert_ok!(Roaming::accept_sealed(
			origin(2),
			id,
			acceptance(id, 1, &opened, sealed.commitment)
		));

		// Ciphertext carries no price either.
		let secrets = vec![
			t.network_a.tariff.data.price.encode(),
			t.network_b.tariff.moc_local.price.encode(),
			salt.to_vec(),
		];
		assert_eq!(secrets_in_state(&secrets).1, Vec::<String>::new());

		// A dispute goes to arbitration with the opened terms and salt.
		let mut r = report(1, 10);
		r.claimed = 90;
		assert_ok!(Roaming::submit_batch(origin(1), id, r));
		assert_ok!(Roaming::dispute_batch(origin(2), id, Side::A, 1, 40, 30, DocumentHash::zero()));
		let mut wrong = opened_salt;
		wrong[0] ^= 0xFF;
		assert_noop!(
			Roaming::reveal_terms(
				origin(2),
				id,
				opened.clone(),
				wrong,
				reveal_list(&[(Side::A, 1)])
			),
			Error::<Test>::RevealMismatch
		);
		assert_ok!(Roaming::reveal_terms(
			origin(2),
			id,
			opened,
			opened_salt,
			reveal_list(&[(Side::A, 1)])
		));
		// Ten minutes of local calls at the sealed rate of 5 a minute: 50.
		assert_eq!(batch(id, Side::A, 1).rated, 50);

		// Operator 1 rotates its key; operator 2, which holds the terms and salt, reseals
		// operator 1's envelope to the new key without changing the commitment.
		let rotated = SecretKey::from_bytes([0x43; 32]);
		assert_ok!(Roaming::register_encryption_key(origin(1), rotated.public_key().to_bytes()));
		let resealed = SealedEnvelope {
			epoch: 2,
			bytes: seal_terms(&mut OsRng, &context, &rotated.public_key(), &t, &salt)
				.unwrap()
				.try_into()
				.unwrap(),
		};
		assert_ok!(Roaming::reseal(origin(2), id, Side::A, resealed));
		let sealed = crate::Agreements::<Test>::get(id).unwrap().sealed.unwrap();
		let (reopened, _) = open_terms::<AgreementTerms>(
			&rotated,
			&context,
			&sealed.commitment,
			&sealed.envelope_a.bytes,
		)
		.unwrap();
		assert_eq!(reopened, t);
	});
}
