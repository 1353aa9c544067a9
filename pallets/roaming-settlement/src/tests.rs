//! Unit tests: every call, every error, the rating boundaries, sequence control, the dispute
//! window in both outcomes and the period close into clearing.

#![allow(clippy::arithmetic_side_effects)]

use crate::{mock::*, types::*, Error, Event, HoldReason};
use frame_support::traits::fungible::Mutate;
use frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::InspectHold, Get},
};
use sp_runtime::{BuildStorage, DispatchError};
use telecom_primitives::{
	CurrencyCode, DocumentHash, ObligationSource, SettlementPeriod, TadigCode,
};

type Call = crate::Call<Test>;

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

fn held(reason: HoldReason, who: u64) -> u64 {
	Balances::balance_on_hold(&RuntimeHoldReason::Roaming(reason), &who)
}

/// Operator 1 (`DEUD1`, side A) and operator 2 (`FRAF1`, side B) sign `terms`; returns the id.
fn sign(terms: AgreementTerms) -> AgreementId {
	let id = crate::NextAgreementId::<Test>::get();
	assert_ok!(Roaming::propose_agreement(origin(1), deu(), fra(), terms));
	assert_ok!(Roaming::accept_agreement(origin(2), id));
	id
}

/// `who` proposes from `own` to `other`'s owner, who accepts; returns the id.
fn sign_pair(who: u64, own: TadigCode, other: TadigCode, terms: AgreementTerms) -> AgreementId {
	let id = crate::NextAgreementId::<Test>::get();
	assert_ok!(Roaming::propose_agreement(origin(who), own, other, terms));
	let counterparty = crate::TadigOwner::<Test>::get(other).unwrap();
	assert_ok!(Roaming::accept_agreement(origin(counterparty), id));
	id
}

fn batch(id: AgreementId, network: Side, sequence: FileSequence) -> Batch<u64> {
	crate::Batches::<Test>::get((id, network, sequence)).expect("batch stored")
}

fn totals(id: AgreementId, network: Side) -> PeriodTotals<u64> {
	crate::Totals::<Test>::get((id, period(2026, 11), network))
}

fn in_december() {
	NowMillis::set(DEC_2026);
}

fn discount(model: DiscountModel, tiers: &[(u128, u16)]) -> Discount {
	Discount {
		model,
		tiers: tiers
			.iter()
			.map(|&(from, basis_points)| DiscountTier { from, basis_points })
			.collect::<Vec<_>>()
			.try_into()
			.unwrap(),
	}
}

// ---- roaming profiles ----

#[test]
fn operators_register_and_withdraw_tadig_codes() {
	build_and_execute(|| {
		let code = tadig("ITAIT");
		assert_ok!(Roaming::register_tadig(origin(3), code));
		assert_eq!(crate::TadigOwner::<Test>::get(code), Some(3));
		assert_eq!(crate::TadigsOf::<Test>::get(3).to_vec(), vec![code]);
		assert_eq!(last_event(), Event::TadigRegistered { operator: 3, tadig: code });

		assert_ok!(Roaming::deregister_tadig(origin(3), code));
		assert_eq!(crate::TadigOwner::<Test>::get(code), None);
		assert!(crate::TadigsOf::<Test>::get(3).is_empty());
		assert_eq!(last_event(), Event::TadigDeregistered { operator: 3, tadig: code });
	});
}

#[test]
fn tadig_registration_refusals() {
	build_and_execute(|| {
		assert_noop!(
			Roaming::register_tadig(origin(5), tadig("ITAIT")),
			Error::<Test>::NotOperator
		);
		let malformed = codec::Decode::decode(&mut &b"it-it"[..]).unwrap();
		assert_noop!(Roaming::register_tadig(origin(3), malformed), Error::<Test>::InvalidTadig);
		assert_noop!(Roaming::register_tadig(origin(3), deu()), Error::<Test>::TadigTaken);
		assert_noop!(Roaming::register_tadig(origin(1), deu()), Error::<Test>::TadigTaken);
		// Operator 2 holds the cap of two codes.
		assert_noop!(
			Roaming::register_tadig(origin(2), tadig("FRAF3")),
			Error::<Test>::TooManyTadigs
		);
		assert_noop!(Roaming::deregister_tadig(origin(3), deu()), Error::<Test>::NotTadigOwner);
		sign(terms());
		assert_noop!(Roaming::deregister_tadig(origin(1), deu()), Error::<Test>::TadigInUse);
	});
}

// ---- agreements ----

#[test]
fn an_agreement_is_proposed_then_accepted() {
	build_and_execute(|| {
		assert_ok!(Roaming::propose_agreement(origin(1), deu(), fra(), terms()));
		assert_eq!(held(HoldReason::AgreementDeposit, 1), AGREEMENT_DEPOSIT);
		assert_eq!(
			last_event(),
			Event::AgreementProposed {
				agreement: 0,
				party_a: 1,
				tadig_a: deu(),
				party_b: 2,
				tadig_b: fra(),
				document: terms().document,
			}
		);
		let proposed = crate::Agreements::<Test>::get(0).unwrap();
		assert_eq!((proposed.status, proposed.version), (AgreementStatus::Proposed, 0));
		assert_eq!(crate::PairAgreement::<Test>::get(Roaming::pair_key(fra(), deu())), Some(0));
		assert_eq!(crate::TadigAgreements::<Test>::get(deu()), 1);

		assert_ok!(Roaming::accept_agreement(origin(2), 0));
		let active = crate::Agreements::<Test>::get(0).unwrap();
		assert_eq!((active.status, active.version), (AgreementStatus::Active, 1));
		assert_eq!(last_event(), Event::AgreementActivated { agreement: 0 });
	});
}

#[test]
fn proposal_refusals() {
	build_and_execute(|| {
		let propose =
			|who, own, other, terms| Roaming::propose_agreement(origin(who), own, other, terms);
		assert_noop!(propose(5, deu(), fra(), terms()), Error::<Test>::NotOperator);
		assert_noop!(propose(1, fra(), deu(), terms()), Error::<Test>::NotTadigOwner);
		assert_noop!(propose(1, deu(), tadig("ITAIT"), terms()), Error::<Test>::UnknownTadig);
		assert_noop!(propose(2, fra(), tadig("FRAF2"), terms()), Error::<Test>::SelfAgreement);

		let mut t = terms();
		t.valid_to = period(2026, 10);
		assert_noop!(propose(1, deu(), fra(), t), Error::<Test>::InvalidValidity);
		let mut t = terms();
		t.valid_from = period(2026, 9);
		t.valid_to = period(2026, 10);
		assert_noop!(propose(1, deu(), fra(), t), Error::<Test>::InvalidValidity);
		let mut t = terms();
		t.valid_to = SettlementPeriod { year: 2027, month: 13 };
		assert_noop!(propose(1, deu(), fra(), t), Error::<Test>::InvalidValidity);
		// 24 periods is the cap: November 2026 to October 2028 is fine, one more is not.
		let mut t = terms();
		t.valid_to = period(2028, 11);
		assert_noop!(propose(1, deu(), fra(), t), Error::<Test>::ValidityTooLong);
		let mut t = terms();
		t.currency = codec::Decode::decode(&mut &b"xdr"[..]).unwrap();
		assert_noop!(propose(1, deu(), fra(), t), Error::<Test>::InvalidCurrency);
		for window in [MIN_WINDOW - 1, MAX_WINDOW + 1] {
			let mut t = terms();
			t.dispute_window = window;
			assert_noop!(propose(1, deu(), fra(), t), Error::<Test>::InvalidDisputeWindow);
		}
		for tiers in [vec![], vec![(100, 10), (100, 20)], vec![(0, 10_001)]] {
			let mut t = terms();
			t.network_b.discount = Some(discount(DiscountModel::Incremental, &tiers));
			assert_noop!(propose(1, deu(), fra(), t), Error::<Test>::InvalidDiscount);
		}
		NowMillis::set(0);
		assert_noop!(propose(1, deu(), fra(), terms()), Error::<Test>::ClockUnset);
		NowMillis::set(NOV_2026);
		assert_noop!(propose(6, deu(), fra(), terms()), Error::<Test>::NotOperator);
	});
}

#[test]
fn proposal_boundaries_are_accepted() {
	build_and_execute(|| {
		let mut t = terms();
		t.valid_to = period(2028, 10);
		t.dispute_window = MIN_WINDOW;
		t.network_a.discount = Some(discount(DiscountModel::AllUnits, &[(0, 10_000)]));
		assert_ok!(Roaming::propose_agreement(origin(1), deu(), fra(), t));
		assert_ok!(Roaming::cancel_proposal(origin(1), 0));
		let mut t = terms();
		t.valid_from = period(2026, 11);
		t.valid_to = period(2026, 11);
		t.dispute_window = MAX_WINDOW;
		assert_ok!(Roaming::propose_agreement(origin(1), deu(), fra(), t));
	});
}

#[test]
fn a_pair_has_one_agreement_until_it_ends() {
	build_and_execute(|| {
		assert_ok!(Roaming::propose_agreement(origin(1), deu(), fra(), terms()));
		assert_noop!(
			Roaming::propose_agreement(origin(2), fra(), deu(), terms()),
			Error::<Test>::AgreementExists
		);
		assert_ok!(Roaming::accept_agreement(origin(2), 0));
		assert_noop!(
			Roaming::propose_agreement(origin(2), fra(), deu(), terms()),
			Error::<Test>::AgreementExists
		);
		// Another network of the same operator is another pair.
		assert_ok!(Roaming::propose_agreement(origin(2), tadig("FRAF2"), deu(), terms()));
		// After the first agreement's last period the pair may sign anew.
		assert_ok!(Roaming::terminate_agreement(origin(1), 0));
		NowMillis::set(1_804_000_000_000); // March 2027, after the notice's end in February.
		let mut t = terms();
		t.valid_from = period(2027, 3);
		t.valid_to = period(2027, 12);
		assert_ok!(Roaming::propose_agreement(origin(2), fra(), deu(), t));
		assert_eq!(crate::PairAgreement::<Test>::get(Roaming::pair_key(deu(), fra())), Some(2));
		assert_eq!(crate::TadigAgreements::<Test>::get(deu()), 3);
	});
}

#[test]
fn agreement_ids_never_wrap() {
	build_and_execute(|| {
		crate::NextAgreementId::<Test>::put(AgreementId::MAX);
		assert_noop!(
			Roaming::propose_agreement(origin(1), deu(), fra(), terms()),
			Error::<Test>::Overflow
		);
	});
}

#[test]
fn acceptance_refusals() {
	build_and_execute(|| {
		assert_noop!(Roaming::accept_agreement(origin(2), 0), Error::<Test>::UnknownAgreement);
		assert_ok!(Roaming::propose_agreement(origin(1), deu(), fra(), terms()));
		assert_noop!(Roaming::accept_agreement(origin(1), 0), Error::<Test>::NotCounterparty);
		assert_noop!(Roaming::accept_agreement(origin(3), 0), Error::<Test>::NotCounterparty);
		NowMillis::set(1_830_000_000_000); // December 2027: the proposal's validity has passed.
		assert_noop!(Roaming::accept_agreement(origin(2), 0), Error::<Test>::InvalidValidity);
		NowMillis::set(NOV_2026);
		assert_ok!(Roaming::accept_agreement(origin(2), 0));
		assert_noop!(Roaming::accept_agreement(origin(2), 0), Error::<Test>::NotProposed);
	});
}

#[test]
fn either_party_cancels_a_proposal_and_the_deposit_returns() {
	build_and_execute(|| {
		assert_ok!(Roaming::propose_agreement(origin(1), deu(), fra(), terms()));
		assert_noop!(Roaming::cancel_proposal(origin(3), 0), Error::<Test>::NotParty);
		assert_ok!(Roaming::cancel_proposal(origin(2), 0));
		assert_eq!(last_event(), Event::ProposalCancelled { agreement: 0, by: Side::B });
		assert_eq!(held(HoldReason::AgreementDeposit, 1), 0);
		assert!(crate::Agreements::<Test>::get(0).is_none());
		assert_eq!(crate::PairAgreement::<Test>::get(Roaming::pair_key(deu(), fra())), None);
		assert_eq!(crate::TadigAgreements::<Test>::get(deu()), 0);
		assert_noop!(Roaming::cancel_proposal(origin(1), 0), Error::<Test>::UnknownAgreement);
		let id = sign(terms());
		assert_noop!(Roaming::cancel_proposal(origin(1), id), Error::<Test>::NotProposed);
	});
}

#[test]
fn amendments_are_versioned_and_rate_later_batches() {
	build_and_execute(|| {
		let id = sign(terms());
		let mut amended = terms();
		amended.network_a.tariff.moc_local.price = 10_000; // 0.10 XDR a minute on DEUD1.
		amended.document = DocumentHash::repeat_byte(0xA2);
		assert_ok!(Roaming::submit_batch(origin(1), id, report(1, 10)));
		assert_ok!(Roaming::propose_amendment(origin(2), id, amended.clone()));
		assert_eq!(
			last_event(),
			Event::AmendmentProposed {
				agreement: id,
				by: Side::B,
				version: 2,
				document: amended.document
			}
		);
		assert_noop!(Roaming::accept_amendment(origin(2), id, 2), Error::<Test>::OwnAmendment);
		assert_noop!(Roaming::accept_amendment(origin(1), id, 3), Error::<Test>::StaleAmendment);
		assert_noop!(Roaming::accept_amendment(origin(3), id, 2), Error::<Test>::NotParty);
		assert_ok!(Roaming::accept_amendment(origin(1), id, 2));
		assert_eq!(last_event(), Event::AgreementAmended { agreement: id, version: 2 });
		assert_noop!(Roaming::accept_amendment(origin(1), id, 3), Error::<Test>::NoAmendment);

		// The amendment applies from the next period: November keeps version 1.
		let mut second = report(2, 10);
		second.claimed = 100;
		assert_ok!(Roaming::submit_batch(origin(1), id, second));
		in_december();
		let mut third = report(3, 10);
		third.period = period(2026, 12);
		third.claimed = 100;
		assert_ok!(Roaming::submit_batch(origin(1), id, third));
		assert_eq!((batch(id, Side::A, 1).version, batch(id, Side::A, 1).rated), (1, 50));
		assert_eq!((batch(id, Side::A, 2).version, batch(id, Side::A, 2).rated), (1, 50));
		assert_eq!((batch(id, Side::A, 3).version, batch(id, Side::A, 3).rated), (2, 100));
	});
}

#[test]
fn amendment_refusals() {
	build_and_execute(|| {
		assert_ok!(Roaming::propose_agreement(origin(1), deu(), fra(), terms()));
		assert_noop!(Roaming::propose_amendment(origin(1), 0, terms()), Error::<Test>::NotActive);
		assert_ok!(Roaming::accept_agreement(origin(2), 0));
		let mut t = terms();
		t.currency = CurrencyCode::EUR;
		assert_noop!(Roaming::propose_amendment(origin(1), 0, t), Error::<Test>::CurrencyChange);
		let mut t = terms();
		t.dispute_window = 0;
		assert_noop!(
			Roaming::propose_amendment(origin(1), 0, t),
			Error::<Test>::InvalidDisputeWindow
		);
		assert_noop!(Roaming::propose_amendment(origin(3), 0, terms()), Error::<Test>::NotParty);
		assert_noop!(
			Roaming::propose_amendment(origin(1), 9, terms()),
			Error::<Test>::UnknownAgreement
		);
	});
}

#[test]
fn termination_gives_notice_and_bounds_later_batches() {
	build_and_execute(|| {
		let id = sign(terms());
		assert_ok!(Roaming::propose_amendment(origin(1), id, terms()));
		assert_ok!(Roaming::terminate_agreement(origin(2), id));
		assert_eq!(
			last_event(),
			Event::AgreementTerminated { agreement: id, by: Side::B, last_period: period(2027, 2) }
		);
		let agreement = crate::Agreements::<Test>::get(id).unwrap();
		assert_eq!(agreement.status, AgreementStatus::Terminating);
		assert_eq!(agreement.terms.valid_to, period(2027, 2));
		assert_eq!(agreement.amendment, None, "notice drops a pending amendment");
		assert_noop!(Roaming::terminate_agreement(origin(1), id), Error::<Test>::NotActive);
		assert_noop!(Roaming::terminate_agreement(origin(3), id), Error::<Test>::NotParty);

		// Batches still flow during the notice, and stop after it.
		assert_ok!(Roaming::submit_batch(origin(1), id, report(1, 1)));
		NowMillis::set(1_804_000_000_000); // March 2027.
		let mut march = report(2, 1);
		march.period = period(2027, 3);
		assert_noop!(Roaming::submit_batch(origin(1), id, march), Error::<Test>::OutsideValidity);
	});
}

#[test]
fn termination_never_extends_an_agreement() {
	build_and_execute(|| {
		let mut t = terms();
		t.valid_to = period(2026, 12);
		let id = sign(t);
		assert_ok!(Roaming::terminate_agreement(origin(1), id));
		assert_eq!(crate::Agreements::<Test>::get(id).unwrap().terms.valid_to, period(2026, 12));
	});
}

// ---- usage batches ----

#[test]
fn a_batch_is_rerated_and_recorded() {
	build_and_execute(|| {
		let id = sign(terms());
		assert_ok!(Roaming::submit_batch(origin(1), id, report(1, 100)));
		let b = batch(id, Side::A, 1);
		assert_eq!((b.claimed, b.rated, b.value), (500, 500, 500));
		assert_eq!((b.status, b.dispute_deadline, b.records), (BatchStatus::Pending, 11, 100));
		assert_eq!(held(HoldReason::BatchDeposit, 1), BATCH_DEPOSIT);
		let t = totals(id, Side::A);
		assert_eq!((t.batches, t.records, t.value, t.pending, t.mismatches), (1, 100, 500, 1, 0));
		assert_eq!(
			last_event(),
			Event::BatchReceived {
				agreement: id,
				network: Side::A,
				sequence: 1,
				period: period(2026, 11),
				claimed: 500,
				rated: 500,
				value: 500,
				dispute_deadline: 11,
				rated_exact: 500 * SUB_UNITS,
				value_exact: 500 * SUB_UNITS,
			}
		);
		// The other direction has its own sequence and totals.
		assert_ok!(Roaming::submit_batch(origin(2), id, report(1, 10)));
		assert_eq!(totals(id, Side::B).value, 50);
		assert_eq!(crate::Sequences::<Test>::get((fra(), deu())).expected, 2);
	});
}

#[test]
fn a_batch_settles_at_its_claim_within_the_tolerance() {
	build_and_execute(|| {
		let id = sign(terms());
		// Re-rated at 500; the tolerance is 1 % or 5 cents: 505 is within it.
		let mut over = report(1, 100);
		over.claimed = 505;
		assert_ok!(Roaming::submit_batch(origin(1), id, over));
		assert_eq!(
			last_event(),
			Event::RatingMismatch {
				agreement: id,
				network: Side::A,
				sequence: 1,
				claimed: 505,
				rated: 500
			}
		);
		assert_eq!(
			(batch(id, Side::A, 1).value, batch(id, Side::A, 1).status),
			(505, BatchStatus::Pending)
		);
		let mut under = report(2, 100);
		under.claimed = 499;
		assert_ok!(Roaming::submit_batch(origin(1), id, under));
		assert_eq!(batch(id, Side::A, 2).value, 499);
		let t = totals(id, Side::A);
		assert_eq!(
			(t.claimed, t.rated, t.value, t.mismatches, t.pending),
			(1_004, 1_000, 1_004, 2, 2)
		);
	});
}

#[test]
fn rerating_applies_increments_and_rounds_once() {
	build_and_execute(|| {
		let id = sign(terms());
		let mut r = report(1, 0);
		// 3,001 s MT → 3,030 s in 30 s increments = 50.5 cents → 51; 10 SMS = 20 cents;
		// 2,047 KB → 2,050 KB = 2.5024 cents. Exact sum 73.0024 → 73.
		r.usage = UsageTotals {
			mtc: VoiceUsage { calls: 3, seconds: 3_001 },
			sms_mo: 10,
			data: DataUsage { sessions: 2, kilobytes: 2_047 },
			..Default::default()
		};
		r.claimed = 73;
		assert_ok!(Roaming::submit_batch(origin(1), id, r));
		assert_eq!(batch(id, Side::A, 1).rated, 73);
		assert_eq!(totals(id, Side::A).mismatches, 0);
	});
}

#[test]
fn every_iot_service_is_rated_with_set_up_fees_and_minimum_charges() {
	build_and_execute(|| {
		let mut t = terms();
		let tariff = &mut t.network_a.tariff;
		tariff.moc_home = Rate { price: 10_000, increment: 1, setup_fee: 0, minimum_charge: 0 };
		tariff.moc_international =
			Rate { price: 50_000, increment: 60, setup_fee: 5_000, minimum_charge: 0 };
		tariff.sms_mt = Rate::per_unit(1_000, 0);
		tariff.volte = Rate { price: 5_000, increment: 1, setup_fee: 0, minimum_charge: 3_000 };
		tariff.video = Rate::per_unit(20_000, 60);
		let id = sign(t.clone());
		let mut r = report(1, 0);
		r.usage = UsageTotals {
			// 1 min local: 5 cents.
			moc_local: VoiceUsage { calls: 1, seconds: 60 },
			// 2 min home: 20 cents.
			moc_home: VoiceUsage { calls: 2, seconds: 120 },
			// 61 s international in whole minutes = 2 min at 50 cents + a 5 cent set-up: 105.
			moc_international: VoiceUsage { calls: 1, seconds: 61 },
			// 4 SMS MT at 1 cent.
			sms_mt: 4,
			// Ten VoLTE calls of 6 s in all: 0.5 cent of volume, raised to 10 × 3 cents: 30.
			volte: VoiceUsage { calls: 10, seconds: 60 },
			// 1 min of video: 20 cents.
			video: VoiceUsage { calls: 1, seconds: 30 },
			..Default::default()
		};
		r.claimed = 184;
		assert_ok!(Roaming::submit_batch(origin(1), id, r));
		let booked = batch(id, Side::A, 1);
		assert_eq!(booked.rated, 184);
		assert_eq!(
			Ok(booked.rated_exact),
			telecom_roaming_rating::rate_usage_exact(&t.network_a.tariff, &r.usage),
			"the chain books exactly what the shared rating crate computes"
		);
		assert_eq!(totals(id, Side::A).mismatches, 0);
	});
}

#[test]
fn file_sequences_are_controlled_per_direction() {
	build_and_execute(|| {
		let id = sign(terms());
		assert_noop!(
			Roaming::submit_batch(origin(1), id, report(0, 1)),
			Error::<Test>::InvalidSequence
		);
		assert_ok!(Roaming::submit_batch(origin(1), id, report(1, 1)));
		assert_noop!(
			Roaming::submit_batch(origin(1), id, report(1, 1)),
			Error::<Test>::DuplicateSequence
		);
		// Files 2 to 4 are missing when 5 arrives.
		assert_ok!(Roaming::submit_batch(origin(1), id, report(5, 1)));
		assert!(events().contains(&Event::SequenceGap {
			sender: deu(),
			recipient: fra(),
			first: 2,
			last: 4
		}));
		let control = crate::Sequences::<Test>::get((deu(), fra()));
		assert_eq!((control.expected, control.gaps.to_vec()), (6, vec![(2, 4)]));
		// A late file in the middle splits the gap; the ends shrink it.
		assert_ok!(Roaming::submit_batch(origin(1), id, report(3, 1)));
		assert_eq!(
			last_event(),
			Event::BatchReceived {
				agreement: id,
				network: Side::A,
				sequence: 3,
				period: period(2026, 11),
				claimed: 5,
				rated: 5,
				value: 5,
				dispute_deadline: 11,
				rated_exact: 5 * SUB_UNITS,
				value_exact: 5 * SUB_UNITS,
			}
		);
		assert!(events().contains(&Event::GapFilled {
			sender: deu(),
			recipient: fra(),
			sequence: 3
		}));
		assert_eq!(
			crate::Sequences::<Test>::get((deu(), fra())).gaps.to_vec(),
			vec![(2, 2), (4, 4)]
		);
		assert_noop!(
			Roaming::submit_batch(origin(1), id, report(3, 1)),
			Error::<Test>::DuplicateSequence
		);
		assert_ok!(Roaming::submit_batch(origin(1), id, report(4, 1)));
		assert_ok!(Roaming::submit_batch(origin(1), id, report(2, 1)));
		assert!(crate::Sequences::<Test>::get((deu(), fra())).gaps.is_empty());
		// The other direction starts at 1 on its own (with its own file).
		let mut other = report(1, 1);
		other.file = DocumentHash::repeat_byte(0xB1);
		assert_ok!(Roaming::submit_batch(origin(2), id, other));
		assert_noop!(
			Roaming::submit_batch(origin(1), id, report(u32::MAX, 1)),
			Error::<Test>::InvalidSequence
		);
	});
}

#[test]
fn gaps_are_capped_and_refusals_leave_no_trace() {
	build_and_execute(|| {
		let id = sign(terms());
		let cap: u32 = MAX_SEQUENCE_GAPS;
		// Files 2, 4, 6 … each skip one number: `cap` gaps.
		for n in 1..=cap {
			assert_ok!(Roaming::submit_batch(origin(1), id, report(2 * n, 1)));
		}
		assert_eq!(crate::Sequences::<Test>::get((deu(), fra())).gaps.len() as u32, cap);
		assert_noop!(
			Roaming::submit_batch(origin(1), id, report(2 * cap + 2, 1)),
			Error::<Test>::TooManyGaps
		);
		// The next number in order opens no gap.
		assert_ok!(Roaming::submit_batch(origin(1), id, report(2 * cap + 1, 1)));
		// A late file fills a one-number gap outright.
		assert_ok!(Roaming::submit_batch(origin(1), id, report(1, 1)));
		assert_eq!(crate::Sequences::<Test>::get((deu(), fra())).gaps.len() as u32, cap - 1);
	});
}

#[test]
fn splitting_a_gap_at_the_cap_is_refused() {
	build_and_execute(|| {
		let id = sign(terms());
		let cap: u32 = MAX_SEQUENCE_GAPS;
		// Gap (1, 3) first, then single-number gaps up to the cap.
		assert_ok!(Roaming::submit_batch(origin(1), id, report(4, 1)));
		for n in 1..cap {
			assert_ok!(Roaming::submit_batch(origin(1), id, report(4 + 2 * n, 1)));
		}
		assert_noop!(
			Roaming::submit_batch(origin(1), id, report(2, 1)),
			Error::<Test>::TooManyGaps
		);
		assert_ok!(Roaming::submit_batch(origin(1), id, report(1, 1)));
	});
}

#[test]
fn batch_refusals() {
	build_and_execute(|| {
		assert_ok!(Roaming::propose_agreement(origin(1), deu(), fra(), terms()));
		assert_noop!(Roaming::submit_batch(origin(1), 0, report(1, 1)), Error::<Test>::NotActive);
		assert_ok!(Roaming::accept_agreement(origin(2), 0));
		assert_noop!(Roaming::submit_batch(origin(3), 0, report(1, 1)), Error::<Test>::NotParty);
		assert_noop!(
			Roaming::submit_batch(origin(1), 7, report(1, 1)),
			Error::<Test>::UnknownAgreement
		);
		let mut r = report(1, 1);
		r.period = SettlementPeriod { year: 2026, month: 0 };
		assert_noop!(Roaming::submit_batch(origin(1), 0, r), Error::<Test>::InvalidPeriod);
		r.period = period(2026, 10);
		assert_noop!(Roaming::submit_batch(origin(1), 0, r), Error::<Test>::OutsideValidity);
		r.period = period(2026, 12);
		assert_noop!(Roaming::submit_batch(origin(1), 0, r), Error::<Test>::FuturePeriod);
		let mut r = report(1, 1);
		r.currency = codec::Decode::decode(&mut &b"e1r"[..]).unwrap();
		assert_noop!(Roaming::submit_batch(origin(1), 0, r), Error::<Test>::InvalidCurrency);
		r.currency = CurrencyCode::EUR;
		assert_noop!(Roaming::submit_batch(origin(1), 0, r), Error::<Test>::NoExchangeRate);
		let mut r = report(1, 1);
		r.usage.moc_local.seconds = u64::MAX;
		let mut t = terms();
		t.network_a.tariff.moc_local.price = u64::MAX;
		assert_ok!(Roaming::propose_amendment(origin(2), 0, t));
		assert_ok!(Roaming::accept_amendment(origin(1), 0, 2));
		in_december();
		r.period = period(2026, 12);
		assert_noop!(Roaming::submit_batch(origin(1), 0, r), Error::<Test>::RatingOverflow);
	});
}

#[test]
fn a_batch_needs_its_deposit() {
	build_and_execute(|| {
		let id = sign(terms());
		let free = Balances::free_balance(2);
		let _ = Balances::set_balance(&2, 1);
		assert!(Roaming::submit_batch(origin(2), id, report(1, 1)).is_err());
		assert!(!crate::Sequences::<Test>::contains_key((fra(), deu())), "nothing recorded");
		// What the RPC reports before a network's first file: file 1 is expected.
		assert_eq!(crate::Sequences::<Test>::get((fra(), deu())).expected, 1);
		let _ = Balances::set_balance(&2, free);
		assert_ok!(Roaming::submit_batch(origin(2), id, report(1, 1)));
	});
}

#[test]
fn claims_in_another_currency_convert_at_the_period_rate() {
	build_and_execute(|| {
		let id = sign(terms());
		let rate = ExchangeRate { rate: 8_675, decimals: 4 };
		assert_ok!(Roaming::set_exchange_rate(
			origin(RATE_SETTER),
			period(2026, 11),
			CurrencyCode::EUR,
			CurrencyCode::XDR,
			rate
		));
		assert_eq!(
			last_event(),
			Event::ExchangeRateSet {
				period: period(2026, 11),
				from: CurrencyCode::EUR,
				to: CurrencyCode::XDR,
				rate
			}
		);
		let mut r = report(1, 100);
		r.currency = CurrencyCode::EUR;
		r.claimed = 576; // 576 EUR cents × 0.8675 = 499.68 → 500 XDR cents.
		assert_ok!(Roaming::submit_batch(origin(1), id, r));
		let b = batch(id, Side::A, 1);
		assert_eq!((b.claimed, b.rated, b.value), (500, 500, 500));
	});
}

#[test]
fn exchange_rate_refusals() {
	build_and_execute(|| {
		let set = |who, period, from, to, rate| {
			Roaming::set_exchange_rate(origin(who), period, from, to, rate)
		};
		let ok = ExchangeRate { rate: 1, decimals: 0 };
		let nov = period(2026, 11);
		let (eur, xdr) = (CurrencyCode::EUR, CurrencyCode::XDR);
		assert_noop!(set(1, nov, eur, xdr, ok), DispatchError::BadOrigin);
		assert_noop!(
			set(RATE_SETTER, SettlementPeriod { year: 1999, month: 1 }, eur, xdr, ok),
			Error::<Test>::InvalidPeriod
		);
		let bad = codec::Decode::decode(&mut &b"eu1"[..]).unwrap();
		assert_noop!(set(RATE_SETTER, nov, bad, xdr, ok), Error::<Test>::InvalidCurrency);
		assert_noop!(set(RATE_SETTER, nov, eur, eur, ok), Error::<Test>::InvalidExchangeRate);
		assert_noop!(
			set(RATE_SETTER, nov, eur, xdr, ExchangeRate { rate: 0, decimals: 0 }),
			Error::<Test>::InvalidExchangeRate
		);
		assert_noop!(
			set(RATE_SETTER, nov, eur, xdr, ExchangeRate { rate: 1, decimals: 19 }),
			Error::<Test>::InvalidExchangeRate
		);
		assert_ok!(set(RATE_SETTER, nov, eur, xdr, ExchangeRate { rate: 1, decimals: 18 }));
	});
}

// ---- acceptance and disputes ----

#[test]
fn the_home_operator_accepts_within_the_window() {
	build_and_execute(|| {
		let id = sign(terms());
		assert_ok!(Roaming::submit_batch(origin(1), id, report(1, 10)));
		assert_noop!(
			Roaming::accept_batch(origin(1), id, Side::A, 1),
			Error::<Test>::NotHomeOperator
		);
		assert_noop!(Roaming::accept_batch(origin(3), id, Side::A, 1), Error::<Test>::NotParty);
		assert_noop!(Roaming::accept_batch(origin(2), id, Side::A, 2), Error::<Test>::UnknownBatch);
		run_to_block(11); // the deadline itself is still inside the window
		assert_ok!(Roaming::accept_batch(origin(2), id, Side::A, 1));
		assert_eq!(
			last_event(),
			Event::BatchAccepted { agreement: id, network: Side::A, sequence: 1 }
		);
		assert_eq!(batch(id, Side::A, 1).status, BatchStatus::Accepted);
		assert_eq!(totals(id, Side::A).pending, 0);
		assert_noop!(Roaming::accept_batch(origin(2), id, Side::A, 1), Error::<Test>::NotPending);
	});
}

#[test]
fn silence_past_the_window_is_acceptance() {
	build_and_execute(|| {
		let id = sign(terms());
		assert_ok!(Roaming::submit_batch(origin(1), id, report(1, 10)));
		in_december();
		assert_noop!(
			Roaming::close_period(origin(1), id, period(2026, 11)),
			Error::<Test>::DisputeWindowOpen
		);
		run_to_block(12);
		assert_noop!(
			Roaming::accept_batch(origin(2), id, Side::A, 1),
			Error::<Test>::DisputeWindowClosed
		);
		assert_noop!(
			Roaming::dispute_batch(origin(2), id, Side::A, 1, 10, 30, DocumentHash::zero()),
			Error::<Test>::DisputeWindowClosed
		);
		assert_ok!(Roaming::close_period(origin(1), id, period(2026, 11)));
		let statement = crate::Statements::<Test>::get(id, period(2026, 11)).unwrap();
		assert_eq!(
			(statement.network_a.accepted, statement.net, statement.payer),
			(50, 50, Some(2))
		);
	});
}

#[test]
fn a_dispute_inside_the_window_is_settled_by_both_parties() {
	build_and_execute(|| {
		let id = sign(terms());
		assert_ok!(Roaming::submit_batch(origin(1), id, report(1, 100)));
		let evidence = DocumentHash::repeat_byte(0xEE);
		assert_noop!(
			Roaming::dispute_batch(origin(2), id, Side::A, 1, 0, 30, evidence),
			Error::<Test>::InvalidDisputeAmount
		);
		assert_noop!(
			Roaming::dispute_batch(origin(2), id, Side::A, 1, 501, 30, evidence),
			Error::<Test>::InvalidDisputeAmount
		);
		assert_noop!(
			Roaming::dispute_batch(origin(1), id, Side::A, 1, 100, 30, evidence),
			Error::<Test>::NotHomeOperator
		);
		run_to_block(11);
		assert_ok!(Roaming::dispute_batch(origin(2), id, Side::A, 1, 100, 30, evidence));
		assert_eq!(
			last_event(),
			Event::BatchDisputed {
				agreement: id,
				network: Side::A,
				sequence: 1,
				amount: 100,
				reason: 30,
				evidence
			}
		);
		let t = totals(id, Side::A);
		assert_eq!((t.pending, t.open_disputes, t.disputed), (0, 1, 100));
		assert_noop!(Roaming::accept_batch(origin(2), id, Side::A, 1), Error::<Test>::NotPending);
		in_december();
		run_to_block(21); // the resolution deadline: one dispute window after the dispute
		assert_eq!(batch(id, Side::A, 1).resolve_by, Some(21));

		assert_noop!(
			Roaming::propose_settlement(origin(1), id, Side::A, 1, 501),
			Error::<Test>::SettlementAboveValue
		);
		assert_noop!(
			Roaming::propose_settlement(origin(3), id, Side::A, 1, 450),
			Error::<Test>::NotParty
		);
		assert_ok!(Roaming::propose_settlement(origin(1), id, Side::A, 1, 450));
		assert_eq!(
			last_event(),
			Event::SettlementProposed {
				agreement: id,
				network: Side::A,
				sequence: 1,
				by: Side::A,
				amount: 450
			}
		);
		// The same party repeating itself, or the other party naming another amount, settles
		// nothing.
		assert_ok!(Roaming::propose_settlement(origin(1), id, Side::A, 1, 450));
		assert_ok!(Roaming::propose_settlement(origin(2), id, Side::A, 1, 420));
		assert!(matches!(batch(id, Side::A, 1).status, BatchStatus::Disputed { .. }));
		assert_ok!(Roaming::propose_settlement(origin(1), id, Side::A, 1, 420));
		assert_eq!(
			last_event(),
			Event::DisputeResolved {
				agreement: id,
				network: Side::A,
				sequence: 1,
				value: 420,
				by_arbiter: false
			}
		);
		let b = batch(id, Side::A, 1);
		assert_eq!((b.value, b.status), (420, BatchStatus::Resolved { by_arbiter: false }));
		let t = totals(id, Side::A);
		assert_eq!((t.value, t.open_disputes, t.disputed), (420, 0, 0));
		assert_noop!(
			Roaming::propose_settlement(origin(1), id, Side::A, 1, 420),
			Error::<Test>::NotDisputed
		);

		assert_ok!(Roaming::close_period(origin(2), id, period(2026, 11)));
		assert_eq!(Cleared::get()[0].amount, 420);
	});
}

#[test]
fn the_arbiter_decides_a_dispute() {
	build_and_execute(|| {
		let id = sign(terms());
		assert_ok!(Roaming::submit_batch(origin(2), id, report(1, 100)));
		assert_noop!(
			Roaming::arbitrate(origin(ARBITER), id, Side::B, 1, 400),
			Error::<Test>::NotDisputed
		);
		assert_ok!(Roaming::dispute_batch(
			origin(1),
			id,
			Side::B,
			1,
			500,
			35,
			DocumentHash::zero()
		));
		assert_noop!(Roaming::arbitrate(origin(1), id, Side::B, 1, 400), DispatchError::BadOrigin);
		assert_noop!(
			Roaming::arbitrate(origin(ARBITER), id, Side::B, 2, 400),
			Error::<Test>::UnknownBatch
		);
		assert_noop!(
			Roaming::arbitrate(origin(ARBITER), id, Side::B, 1, 501),
			Error::<Test>::SettlementAboveValue
		);
		assert_ok!(Roaming::arbitrate(origin(ARBITER), id, Side::B, 1, 0));
		assert_eq!(
			last_event(),
			Event::DisputeResolved {
				agreement: id,
				network: Side::B,
				sequence: 1,
				value: 0,
				by_arbiter: true
			}
		);
		assert_eq!(totals(id, Side::B).value, 0);
		in_december();
		assert_ok!(Roaming::close_period(origin(1), id, period(2026, 11)));
		let statement = crate::Statements::<Test>::get(id, period(2026, 11)).unwrap();
		assert_eq!((statement.net, statement.obligation), (0, None), "nothing to settle");
		assert!(Cleared::get().is_empty());
	});
}

// ---- period close ----

/// Two-way traffic with a volume discount on B's network: A's network carries 1,000 minutes
/// (5,000 cents); B's network 1,500 minutes (7,500 cents) less 10 % above 5,000 (250).
fn two_way_period() -> AgreementId {
	let mut t = terms();
	t.network_b.discount = Some(discount(DiscountModel::Incremental, &[(5_000, 1_000)]));
	let id = sign(t);
	assert_ok!(Roaming::submit_batch(origin(1), id, report(1, 600)));
	assert_ok!(Roaming::submit_batch(origin(1), id, report(2, 400)));
	assert_ok!(Roaming::submit_batch(origin(2), id, report(1, 1_500)));
	id
}

#[test]
fn closing_nets_both_directions_after_discounts_into_one_obligation() {
	build_and_execute(|| {
		let id = two_way_period();
		let nov = period(2026, 11);
		assert_noop!(Roaming::close_period(origin(1), id, nov), Error::<Test>::PeriodNotOver);
		in_december();
		run_to_block(12);
		assert_noop!(Roaming::close_period(origin(3), id, nov), Error::<Test>::NotParty);
		assert_noop!(
			Roaming::close_period(origin(1), id, period(2026, 10)),
			Error::<Test>::OutsideValidity
		);
		assert_noop!(
			Roaming::close_period(origin(1), id, SettlementPeriod { year: 2026, month: 13 }),
			Error::<Test>::InvalidPeriod
		);
		assert_ok!(Roaming::close_period(origin(1), id, nov));

		let s = crate::Statements::<Test>::get(id, nov).unwrap();
		assert_eq!(
			s.network_a,
			DirectionStatement {
				batches: 2,
				records: 1_000,
				claimed: 5_000,
				accepted: 5_000,
				discount: 0,
				payable: 5_000,
				withheld: 0,
				payable_at_close: 5_000,
				accepted_exact: 5_000 * SUB_UNITS,
			}
		);
		assert_eq!(
			s.network_b,
			DirectionStatement {
				batches: 1,
				records: 1_500,
				claimed: 7_500,
				accepted: 7_500,
				discount: 250,
				payable: 7_250,
				withheld: 0,
				payable_at_close: 7_250,
				accepted_exact: 7_500 * SUB_UNITS,
			}
		);
		// A's subscribers used more of B's network: A pays B the difference.
		assert_eq!((s.payer, s.payee, s.net, s.obligation), (Some(1), Some(2), 2_250, Some(0)));
		let cleared = Cleared::get();
		assert_eq!(cleared.len(), 1);
		assert_eq!((cleared[0].payer, cleared[0].payee, cleared[0].amount), (1, 2, 2_250));
		assert_eq!(cleared[0].currency, CurrencyCode::XDR);
		assert_eq!(cleared[0].source, ObligationSource::Roaming);
		assert_eq!(cleared[0].reference, s.reference);
		assert_eq!(
			last_event(),
			Event::PeriodClosed {
				agreement: id,
				period: nov,
				payer: Some(1),
				payee: Some(2),
				net: 2_250,
				obligation: Some(0),
				reference: s.reference,
			}
		);
		assert_noop!(Roaming::close_period(origin(2), id, nov), Error::<Test>::PeriodClosed);
		// A later file of November is a late adjustment of December.
		assert_ok!(Roaming::submit_batch(origin(1), id, report(3, 1)));
		assert!(events().contains(&Event::LateFileBooked {
			agreement: id,
			network: Side::A,
			sequence: 3,
			usage_period: nov,
			booked_into: period(2026, 12),
		}));
		assert_eq!(crate::Statements::<Test>::get(id, nov).unwrap().network_a.batches, 2);
	});
}

#[test]
fn a_refused_obligation_leaves_the_period_open() {
	build_and_execute(|| {
		let id = two_way_period();
		in_december();
		run_to_block(12);
		RefuseObligations::set(true);
		assert_noop!(
			Roaming::close_period(origin(1), id, period(2026, 11)),
			DispatchError::Other("clearing refuses")
		);
		RefuseObligations::set(false);
		assert_ok!(Roaming::close_period(origin(1), id, period(2026, 11)));
	});
}

#[test]
fn a_proposal_cannot_be_closed() {
	build_and_execute(|| {
		assert_ok!(Roaming::propose_agreement(origin(1), deu(), fra(), terms()));
		in_december();
		assert_noop!(
			Roaming::close_period(origin(1), 0, period(2026, 11)),
			Error::<Test>::NotActive
		);
		assert_noop!(
			Roaming::close_period(origin(1), 5, period(2026, 11)),
			Error::<Test>::UnknownAgreement
		);
	});
}

#[test]
fn both_parties_sign_the_statement_off() {
	build_and_execute(|| {
		let id = two_way_period();
		let nov = period(2026, 11);
		assert_noop!(
			Roaming::sign_off_statement(origin(1), id, nov),
			Error::<Test>::UnknownStatement
		);
		in_december();
		run_to_block(12);
		assert_ok!(Roaming::close_period(origin(2), id, nov));
		assert_noop!(Roaming::sign_off_statement(origin(3), id, nov), Error::<Test>::NotParty);
		assert_ok!(Roaming::sign_off_statement(origin(2), id, nov));
		assert_eq!(
			last_event(),
			Event::StatementSignedOff { agreement: id, period: nov, by: Side::B, complete: false }
		);
		assert_noop!(
			Roaming::sign_off_statement(origin(2), id, nov),
			Error::<Test>::AlreadySignedOff
		);
		assert_ok!(Roaming::sign_off_statement(origin(1), id, nov));
		assert_eq!(
			last_event(),
			Event::StatementSignedOff { agreement: id, period: nov, by: Side::A, complete: true }
		);
	});
}

#[test]
fn settled_batches_are_purged_and_their_deposits_return() {
	build_and_execute(|| {
		let id = two_way_period();
		assert_eq!(held(HoldReason::BatchDeposit, 1), 2 * BATCH_DEPOSIT);
		assert_noop!(Roaming::purge_batch(origin(5), id, Side::A, 1), Error::<Test>::PeriodOpen);
		in_december();
		run_to_block(12);
		assert_ok!(Roaming::close_period(origin(1), id, period(2026, 11)));
		// The file's hash is remembered for the duplicate window, and the deposit with it.
		assert_noop!(
			Roaming::purge_batch(origin(5), id, Side::A, 1),
			Error::<Test>::DuplicateWindowOpen
		);
		NowMillis::set(NOV_2026 + DUPLICATE_WINDOW_SECS * 1_000);
		let file = batch(id, Side::A, 1).file;
		assert!(crate::FileHashes::<Test>::contains_key(id, file));
		assert_ok!(Roaming::purge_batch(origin(5), id, Side::A, 1));
		assert!(!crate::FileHashes::<Test>::contains_key(id, file));
		assert_eq!(
			last_event(),
			Event::BatchPurged { agreement: id, network: Side::A, sequence: 1 }
		);
		assert_eq!(held(HoldReason::BatchDeposit, 1), BATCH_DEPOSIT);
		assert_noop!(Roaming::purge_batch(origin(5), id, Side::A, 1), Error::<Test>::UnknownBatch);
		// A purged number is still a duplicate for sequence control.
		let mut december = report(1, 1);
		december.period = period(2026, 12);
		assert_noop!(
			Roaming::submit_batch(origin(1), id, december),
			Error::<Test>::DuplicateSequence
		);
	});
}

// ---- queries and invariants ----

#[test]
fn queries_report_batches_and_running_balance() {
	build_and_execute(|| {
		let id = two_way_period();
		let listed = Roaming::batches(id, Some(period(2026, 11)));
		let keys: Vec<_> = listed.iter().map(|info| (info.network, info.sequence)).collect();
		assert_eq!(keys, vec![(Side::A, 1), (Side::A, 2), (Side::B, 1)]);
		assert!(Roaming::batches(id, Some(period(2026, 12))).is_empty());
		let balance = Roaming::running_balance(id, period(2026, 11));
		assert_eq!((balance.network_a.value, balance.network_b.value), (5_000, 7_500));
		assert_eq!((balance.net_to_a, balance.closed), (-2_500, false));
	});
}

#[test]
fn try_state_detects_totals_that_disagree_with_batches() {
	new_test_ext().execute_with(|| {
		let id = two_way_period();
		assert_ok!(Roaming::do_try_state());
		crate::Totals::<Test>::mutate((id, period(2026, 11), Side::A), |t| t.value += 1);
		assert!(Roaming::do_try_state().is_err());
	});
}

#[test]
fn try_state_detects_a_deposit_that_is_not_held() {
	new_test_ext().execute_with(|| {
		let id = two_way_period();
		crate::Batches::<Test>::mutate((id, Side::A, 1), |b| b.as_mut().unwrap().deposit += 1);
		assert!(Roaming::do_try_state().is_err());
	});
}

#[test]
fn every_call_event_and_error_is_documented_for_apps_users() {
	use scale_info::{TypeDef, TypeInfo};
	fn undocumented<T: TypeInfo>() -> Vec<&'static str> {
		match T::type_info().type_def {
			TypeDef::Variant(variants) => variants
				.variants
				.iter()
				.filter(|variant| variant.docs.is_empty())
				.map(|variant| variant.name)
				.collect(),
			_ => vec!["not an enum"],
		}
	}
	assert_eq!(undocumented::<Call>(), Vec::<&str>::new());
	assert_eq!(undocumented::<Event<Test>>(), Vec::<&str>::new());
	assert_eq!(undocumented::<Error<Test>>(), Vec::<&str>::new());
	// Call indices are the wire format: `submit_batch` is 8.
	let call = Call::submit_batch { agreement: 0, report: report(1, 1) };
	assert_eq!(codec::Encode::encode(&call)[0], 8);
	assert_eq!(<<Test as crate::Config>::MaxTadigsPerOperator as Get<u32>>::get(), 2);
}

#[test]
fn genesis_agreements_are_in_force_with_their_deposit() {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(1, ENDOWMENT), (2, ENDOWMENT)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	crate::GenesisConfig::<Test> {
		tadigs: vec![(1, deu()), (2, fra())],
		agreements: vec![(deu(), fra(), terms())],
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	sp_io::TestExternalities::new(storage).execute_with(|| {
		let agreement = crate::Agreements::<Test>::get(0).unwrap();
		assert_eq!(
			(agreement.status, agreement.version, agreement.party_b),
			(AgreementStatus::Active, 1, 2)
		);
		assert_eq!(held(HoldReason::AgreementDeposit, 1), AGREEMENT_DEPOSIT);
		assert_eq!(crate::PairAgreement::<Test>::get(Roaming::pair_key(deu(), fra())), Some(0));
		Roaming::do_try_state().unwrap();
	});
}

// ---- issue 20, defect 3: duplicate files, sequence wrap, late files, test files ----

#[test]
fn the_same_file_under_the_next_sequence_number_is_refused() {
	build_and_execute(|| {
		let id = sign(terms());
		assert_ok!(Roaming::submit_batch(origin(1), id, report(1, 100)));
		let mut resent = report(2, 100);
		resent.file = report(1, 100).file;
		assert_noop!(Roaming::submit_batch(origin(1), id, resent), Error::<Test>::DuplicateFile);
		assert_eq!(totals(id, Side::A).batches, 1, "counted once");
	});
}

#[test]
fn sequence_numbers_wrap_from_99999_to_1() {
	build_and_execute(|| {
		let id = sign(terms());
		crate::Sequences::<Test>::insert(
			(deu(), fra()),
			SequenceControl { expected: 99_998, gaps: Default::default() },
		);
		assert_ok!(Roaming::submit_batch(origin(1), id, report(99_998, 1)));
		assert_ok!(Roaming::submit_batch(origin(1), id, report(99_999, 1)));
		assert_eq!(crate::Sequences::<Test>::get((deu(), fra())).expected, 1);
		let mut next = report(1, 1);
		next.file = DocumentHash::repeat_byte(0x51);
		assert_ok!(Roaming::submit_batch(origin(1), id, next));
		let control = crate::Sequences::<Test>::get((deu(), fra()));
		assert_eq!((control.expected, control.gaps.len()), (2, 0));
	});
}

#[test]
fn a_late_file_for_a_closed_period_is_booked_into_the_next_open_one() {
	build_and_execute(|| {
		let id = sign(terms());
		assert_ok!(Roaming::submit_batch(origin(1), id, report(1, 10)));
		assert_ok!(Roaming::submit_batch(origin(1), id, report(3, 10)));
		in_december();
		run_to_block(12);
		assert_ok!(Roaming::close_period(origin(1), id, period(2026, 11)));
		// File 2 of November arrives after the close: it closes the gap, booked into December.
		assert_ok!(Roaming::submit_batch(origin(1), id, report(2, 20)));
		assert!(crate::Sequences::<Test>::get((deu(), fra())).gaps.is_empty());
		let late = batch(id, Side::A, 2);
		assert_eq!(late.period, period(2026, 12));
		assert_eq!(crate::Totals::<Test>::get((id, period(2026, 12), Side::A)).value, 100);
	});
}

#[test]
fn a_late_file_with_no_open_period_left_is_refused() {
	build_and_execute(|| {
		let mut t = terms();
		t.valid_to = period(2026, 12);
		let id = sign(t);
		assert_ok!(Roaming::submit_batch(origin(1), id, report(2, 10)));
		in_december();
		let mut december = report(3, 10);
		december.period = period(2026, 12);
		assert_ok!(Roaming::submit_batch(origin(1), id, december));
		NowMillis::set(1_799_971_200_000); // 15 January 2027
		run_to_block(12);
		assert_ok!(Roaming::close_period(origin(1), id, period(2026, 12)));
		let mut late = report(1, 10);
		late.period = period(2026, 12);
		assert_noop!(Roaming::submit_batch(origin(1), id, late), Error::<Test>::PeriodClosed);
	});
}

#[test]
fn a_wrapped_number_whose_earlier_file_is_stored_is_refused() {
	build_and_execute(|| {
		let id = sign(terms());
		assert_ok!(Roaming::submit_batch(origin(1), id, report(1, 1)));
		crate::Sequences::<Test>::insert(
			(deu(), fra()),
			SequenceControl { expected: 99_999, gaps: Default::default() },
		);
		assert_ok!(Roaming::submit_batch(origin(1), id, report(99_999, 1)));
		let mut again = report(1, 2);
		again.file = DocumentHash::repeat_byte(0x77);
		assert_noop!(Roaming::submit_batch(origin(1), id, again), Error::<Test>::DuplicateSequence);
		// A gap across the wrap is kept as two ranges and filled from either side.
		let mut skip = report(3, 2);
		skip.file = DocumentHash::repeat_byte(0x78);
		crate::Sequences::<Test>::insert(
			(deu(), fra()),
			SequenceControl { expected: 99_998, gaps: Default::default() },
		);
		assert_ok!(Roaming::submit_batch(origin(1), id, skip));
		let control = crate::Sequences::<Test>::get((deu(), fra()));
		assert_eq!((control.expected, control.gaps.to_vec()), (4, vec![(1, 2), (99_998, 99_999)]));
		// Half the numbering ahead or more is an old number, not a new one.
		let mut far = report(60_000, 2);
		far.file = DocumentHash::repeat_byte(0x79);
		assert_noop!(Roaming::submit_batch(origin(1), id, far), Error::<Test>::DuplicateSequence);
		assert_noop!(
			Roaming::submit_batch(origin(1), id, report(MAX_FILE_SEQUENCE + 1, 2)),
			Error::<Test>::InvalidSequence
		);
	});
}

#[test]
fn test_files_are_kept_apart_from_commercial_ones() {
	build_and_execute(|| {
		let id = sign(terms());
		let mut test = report(1, 100);
		test.test_file = true;
		test.file = DocumentHash::repeat_byte(0x7E);
		assert_ok!(Roaming::submit_batch(origin(1), id, test));
		assert_eq!(
			last_event(),
			Event::TestFileReceived {
				agreement: id,
				network: Side::A,
				sequence: 1,
				claimed: 500,
				rated: 500
			}
		);
		// Nothing is stored, booked or held; the commercial numbering still expects file 1.
		assert!(crate::Batches::<Test>::get((id, Side::A, 1)).is_none());
		assert_eq!(totals(id, Side::A).batches, 0);
		assert_eq!(held(HoldReason::BatchDeposit, 1), 0);
		assert_eq!(crate::Sequences::<Test>::get((deu(), fra())).expected, 1);
		assert_eq!(crate::TestSequences::<Test>::get((deu(), fra())).expected, 2);
		assert_noop!(Roaming::submit_batch(origin(1), id, test), Error::<Test>::DuplicateSequence);
		assert_ok!(Roaming::submit_batch(origin(1), id, report(1, 100)));
		// A commercial file is not accepted again as a test file.
		let mut copy = report(1, 100);
		copy.sequence = 2;
		copy.test_file = true;
		assert_noop!(Roaming::submit_batch(origin(1), id, copy), Error::<Test>::DuplicateFile);
	});
}

// ---- issue 20, defect 5: deposits at the end, no backdated overlaps, no stranded periods ----

/// March 2027 (after a termination given in November ends in February).
const MARCH_2027: u64 = 1_804_000_000_000;

#[test]
fn the_agreement_deposit_returns_once_it_ended_and_its_periods_closed() {
	build_and_execute(|| {
		let mut t = terms();
		t.valid_to = period(2026, 12);
		let id = sign(t);
		assert_ok!(Roaming::submit_batch(origin(1), id, report(1, 10)));
		run_to_block(12);
		in_december();
		assert_ok!(Roaming::close_period(origin(2), id, period(2026, 11)));
		assert_eq!(held(HoldReason::AgreementDeposit, 1), AGREEMENT_DEPOSIT, "still in force");
		NowMillis::set(MARCH_2027);
		// December carried no traffic; closing it, the last period, ends the agreement.
		assert_ok!(Roaming::close_period(origin(1), id, period(2026, 12)));
		assert_eq!(held(HoldReason::AgreementDeposit, 1), 0);
		assert_eq!(last_event(), Event::AgreementEnded { agreement: id });
		let ended = crate::Agreements::<Test>::get(id).unwrap();
		assert_eq!(
			(ended.status, ended.deposit, ended.open_periods),
			(AgreementStatus::Ended, 0, 0)
		);
		assert_noop!(Roaming::submit_batch(origin(1), id, report(2, 1)), Error::<Test>::NotActive);
		assert_noop!(Roaming::propose_amendment(origin(1), id, terms()), Error::<Test>::NotActive);
	});
}

#[test]
fn an_agreement_with_an_unclosed_period_keeps_its_deposit() {
	build_and_execute(|| {
		let mut t = terms();
		t.valid_to = period(2026, 12);
		let id = sign(t);
		assert_ok!(Roaming::submit_batch(origin(1), id, report(1, 10)));
		NowMillis::set(MARCH_2027);
		run_to_block(12);
		assert_eq!(crate::Agreements::<Test>::get(id).unwrap().open_periods, 1);
		assert_ok!(Roaming::close_period(origin(1), id, period(2026, 12)));
		assert_eq!(held(HoldReason::AgreementDeposit, 1), AGREEMENT_DEPOSIT, "November is open");
		assert_ok!(Roaming::close_period(origin(2), id, period(2026, 11)));
		assert_eq!(held(HoldReason::AgreementDeposit, 1), 0);
	});
}

#[test]
fn a_new_agreement_cannot_be_backdated_over_an_ended_one() {
	build_and_execute(|| {
		let id = sign(terms());
		assert_ok!(Roaming::terminate_agreement(origin(1), id)); // ends February 2027
		NowMillis::set(MARCH_2027);
		let mut t = terms();
		t.valid_from = period(2027, 1);
		t.valid_to = period(2027, 12);
		assert_noop!(
			Roaming::propose_agreement(origin(2), fra(), deu(), t.clone()),
			Error::<Test>::OverlapsEarlierAgreement
		);
		t.valid_from = period(2027, 3);
		assert_ok!(Roaming::propose_agreement(origin(2), fra(), deu(), t.clone()));
		let second = crate::Agreements::<Test>::get(1).unwrap();
		assert_eq!(second.previous, Some(id));
		// Cancelling the follower makes the ended agreement the pair's current one again, so a
		// later proposal still cannot overlap it; nor can an amendment move back over it.
		assert_ok!(Roaming::cancel_proposal(origin(1), 1));
		assert_eq!(crate::PairAgreement::<Test>::get(Roaming::pair_key(deu(), fra())), Some(id));
		let mut back = t.clone();
		back.valid_from = period(2027, 2);
		assert_noop!(
			Roaming::propose_agreement(origin(2), fra(), deu(), back.clone()),
			Error::<Test>::OverlapsEarlierAgreement
		);
		let follower = sign_pair(2, fra(), deu(), t);
		assert_noop!(
			Roaming::propose_amendment(origin(1), follower, back),
			Error::<Test>::OverlapsEarlierAgreement
		);
	});
}

#[test]
fn an_amendment_cannot_strand_an_open_period() {
	build_and_execute(|| {
		let id = sign(terms());
		assert_ok!(Roaming::submit_batch(origin(1), id, report(1, 10)));
		in_december();
		let mut t = terms();
		t.valid_from = period(2026, 12);
		assert_noop!(
			Roaming::propose_amendment(origin(1), id, t.clone()),
			Error::<Test>::StrandsPeriod
		);
		// A period without usage may be dropped; usage arriving before the acceptance blocks it.
		let other = sign_pair(1, deu(), tadig("FRAF2"), terms());
		assert_ok!(Roaming::propose_amendment(origin(1), other, t));
		let mut november = report(1, 10);
		november.file = DocumentHash::repeat_byte(0x99);
		assert_ok!(Roaming::submit_batch(origin(2), other, november));
		assert_noop!(Roaming::accept_amendment(origin(2), other, 2), Error::<Test>::StrandsPeriod);
	});
}

// ---- issue 20, defect 4: terms pinned per period, used rates immutable ----

#[test]
fn an_amendment_accepted_in_december_does_not_reprice_november() {
	build_and_execute(|| {
		let id = sign(terms());
		assert_ok!(Roaming::submit_batch(origin(1), id, report(1, 100)));
		in_december();
		let mut amended = terms();
		amended.network_a.discount = Some(discount(DiscountModel::AllUnits, &[(0, 5_000)]));
		amended.network_a.tariff.moc_local.price = 10_000;
		assert_ok!(Roaming::propose_amendment(origin(2), id, amended));
		assert_ok!(Roaming::accept_amendment(origin(1), id, 2));
		run_to_block(12);
		assert_ok!(Roaming::close_period(origin(1), id, period(2026, 11)));
		let statement = crate::Statements::<Test>::get(id, period(2026, 11)).unwrap();
		assert_eq!((statement.network_a.accepted, statement.network_a.discount), (500, 0));
		// A late November file is still rated with November's terms; December with the new.
		let mut late = report(2, 100);
		late.period = period(2026, 11);
		assert_ok!(Roaming::submit_batch(origin(1), id, late));
		assert_eq!((batch(id, Side::A, 2).rated, batch(id, Side::A, 2).version), (500, 1));
		// The amendment was accepted in December: it applies from January.
		let mut december = report(3, 100);
		december.period = period(2026, 12);
		assert_ok!(Roaming::submit_batch(origin(1), id, december));
		assert_eq!((batch(id, Side::A, 3).rated, batch(id, Side::A, 3).version), (500, 1));
		NowMillis::set(1_799_971_200_000); // 15 January 2027
		let mut january = report(4, 100);
		january.period = period(2027, 1);
		january.claimed = 1_000;
		assert_ok!(Roaming::submit_batch(origin(1), id, january));
		assert_eq!((batch(id, Side::A, 4).rated, batch(id, Side::A, 4).version), (1_000, 2));
	});
}

#[test]
fn a_published_rate_is_immutable_once_a_batch_used_it() {
	build_and_execute(|| {
		let id = sign(terms());
		let nov = period(2026, 11);
		let (eur, xdr) = (CurrencyCode::EUR, CurrencyCode::XDR);
		let rate = ExchangeRate { rate: 8_675, decimals: 4 };
		assert_ok!(Roaming::set_exchange_rate(origin(RATE_SETTER), nov, eur, xdr, rate));
		let mut r = report(1, 100);
		r.currency = eur;
		r.claimed = 576;
		assert_ok!(Roaming::submit_batch(origin(1), id, r));
		let other = ExchangeRate { rate: 9_000, decimals: 4 };
		assert_noop!(
			Roaming::set_exchange_rate(origin(RATE_SETTER), nov, eur, xdr, other),
			Error::<Test>::RateInUse
		);
		// Other periods and pairs stay open to correction until used.
		let dec = period(2026, 12);
		assert_ok!(Roaming::set_exchange_rate(origin(RATE_SETTER), dec, eur, xdr, rate));
		assert_ok!(Roaming::set_exchange_rate(origin(RATE_SETTER), dec, eur, xdr, other));
		// A test file's conversion does not freeze a rate.
		assert_ok!(Roaming::set_exchange_rate(
			origin(RATE_SETTER),
			nov,
			CurrencyCode::USD,
			xdr,
			rate
		));
		let mut test = report(1, 100);
		test.currency = CurrencyCode::USD;
		test.test_file = true;
		test.file = DocumentHash::repeat_byte(0x7E);
		assert_ok!(Roaming::submit_batch(origin(1), id, test));
		assert_ok!(Roaming::set_exchange_rate(
			origin(RATE_SETTER),
			nov,
			CurrencyCode::USD,
			xdr,
			other
		));
	});
}

// ---- issue 20, defect 1: no silent cut to the re-rating ----

#[test]
fn an_overclaim_beyond_tolerance_opens_a_reconciliation_the_arbiter_may_award_in_full() {
	build_and_execute(|| {
		let id = sign(terms());
		let mut over = report(1, 100);
		over.claimed = 520; // re-rated at 500
		assert_ok!(Roaming::submit_batch(origin(1), id, over));
		assert_eq!(
			last_event(),
			Event::ReconciliationOpened {
				agreement: id,
				network: Side::A,
				sequence: 1,
				amount: 20
			}
		);
		assert!(matches!(
			batch(id, Side::A, 1).status,
			BatchStatus::Disputed { amount: 20, reason: RECONCILIATION_REASON, .. }
		));
		let t = totals(id, Side::A);
		assert_eq!((t.value, t.disputed, t.open_disputes, t.pending), (520, 20, 1, 0));
		// Either party may take part; nobody may ask for more than the claim.
		assert_noop!(
			Roaming::propose_settlement(origin(1), id, Side::A, 1, 521),
			Error::<Test>::SettlementAboveValue
		);
		assert_ok!(Roaming::propose_settlement(origin(1), id, Side::A, 1, 520));
		assert_ok!(Roaming::propose_settlement(origin(2), id, Side::A, 1, 500));
		assert_noop!(
			Roaming::arbitrate(origin(ARBITER), id, Side::A, 1, 521),
			Error::<Test>::SettlementAboveValue
		);
		assert_ok!(Roaming::arbitrate(origin(ARBITER), id, Side::A, 1, 520));
		assert_eq!(batch(id, Side::A, 1).value, 520);
		let t = totals(id, Side::A);
		assert_eq!((t.value, t.disputed, t.open_disputes), (520, 0, 0));
	});
}

#[test]
fn a_tolerance_share_above_the_minimum_applies() {
	build_and_execute(|| {
		let mut t = terms();
		t.network_a.tolerance = Tolerance { basis_points: 50, minimum: 0 }; // 0.5 %
		let id = sign(t);
		let mut r = report(1, 1_000); // re-rated at 5,000: 25 cents allowed
		r.claimed = 5_025;
		assert_ok!(Roaming::submit_batch(origin(1), id, r));
		assert_eq!(batch(id, Side::A, 1).status, BatchStatus::Pending);
		let mut r = report(2, 1_000);
		r.claimed = 5_026;
		assert_ok!(Roaming::submit_batch(origin(1), id, r));
		assert!(matches!(batch(id, Side::A, 2).status, BatchStatus::Disputed { amount: 26, .. }));
		let mut bad = terms();
		bad.network_b.tolerance.basis_points = 10_001;
		assert_noop!(
			Roaming::propose_agreement(origin(1), deu(), tadig("FRAF2"), bad),
			Error::<Test>::InvalidTolerance
		);
	});
}

// ---- issue 20, defect 2: a dispute withholds only its own amount, with a deadline ----

#[test]
fn one_open_dispute_does_not_freeze_the_month() {
	build_and_execute(|| {
		let id = two_way_period();
		// B disputes 10 XDR of A's file 1 (30 XDR) at block 8: it must be resolved by block 18.
		run_to_block(8);
		assert_ok!(Roaming::dispute_batch(
			origin(2),
			id,
			Side::A,
			1,
			1_000,
			30,
			DocumentHash::zero()
		));
		in_december();
		run_to_block(12);
		assert_ok!(Roaming::close_period(origin(1), id, period(2026, 11)));
		let s = crate::Statements::<Test>::get(id, period(2026, 11)).unwrap();
		// A's network: 50 XDR less the 10 withheld; B's network 75 less 2.50 discount.
		assert_eq!(
			(s.network_a.accepted, s.network_a.withheld, s.network_b.payable),
			(4_000, 1_000, 7_250)
		);
		assert_eq!((s.payer, s.payee, s.net), (Some(1), Some(2), 3_250));
		assert_eq!(Cleared::get()[0].amount, 3_250, "the undisputed part clears on time");
		assert_eq!(crate::Agreements::<Test>::get(id).unwrap().withheld_disputes, 1);
		assert_noop!(Roaming::purge_batch(origin(5), id, Side::A, 1), Error::<Test>::OpenDisputes);
		// They settle at 28 XDR: the 8 XDR the close withheld beyond the undisputed 20 is trued up,
		// owed by B (the home operator) to A.
		assert_ok!(Roaming::propose_settlement(origin(1), id, Side::A, 1, 2_800));
		assert_ok!(Roaming::propose_settlement(origin(2), id, Side::A, 1, 2_800));
		let cleared = Cleared::get();
		assert_eq!((cleared[1].payer, cleared[1].payee, cleared[1].amount), (2, 1, 800));
		assert!(events().contains(&Event::TrueUp {
			agreement: id,
			period: period(2026, 11),
			network: Side::A,
			sequence: 1,
			payer: 2,
			payee: 1,
			amount: 800,
			obligation: 1,
		}));
		let s = crate::Statements::<Test>::get(id, period(2026, 11)).unwrap();
		assert_eq!(
			(
				s.network_a.accepted,
				s.network_a.payable,
				s.network_a.withheld,
				s.network_a.payable_at_close
			),
			(4_800, 4_800, 0, 4_000)
		);
		assert_eq!(crate::Agreements::<Test>::get(id).unwrap().withheld_disputes, 0);
	});
}

#[test]
fn a_true_up_below_the_undisputed_part_is_refunded_and_rediscounted() {
	build_and_execute(|| {
		let id = two_way_period();
		// A disputes 25 of B's 75 XDR (discount 10 % above 50 XDR).
		assert_ok!(Roaming::dispute_batch(
			origin(1),
			id,
			Side::B,
			1,
			2_500,
			30,
			DocumentHash::zero()
		));
		in_december();
		run_to_block(12);
		assert_ok!(Roaming::close_period(origin(1), id, period(2026, 11)));
		let s = crate::Statements::<Test>::get(id, period(2026, 11)).unwrap();
		assert_eq!(
			(s.network_b.accepted, s.network_b.discount, s.network_b.payable),
			(5_000, 0, 5_000)
		);
		// B pays A the net: 50 (A's network) against 50 (B's).
		assert_eq!(s.net, 0);
		// The arbiter awards 45 XDR: B's network 50 → 45 XDR, below the discount tier: B refunds 5.
		assert_ok!(Roaming::arbitrate(origin(ARBITER), id, Side::B, 1, 4_500));
		let last = Cleared::get().pop().unwrap();
		assert_eq!((last.payer, last.payee, last.amount), (2, 1, 500));
		let s = crate::Statements::<Test>::get(id, period(2026, 11)).unwrap();
		assert_eq!(
			(s.network_b.accepted, s.network_b.payable, s.network_b.withheld),
			(4_500, 4_500, 0)
		);
	});
}

#[test]
fn an_unresolved_dispute_escalates_to_the_arbiter_after_its_deadline() {
	build_and_execute(|| {
		let id = sign(terms());
		assert_ok!(Roaming::submit_batch(origin(1), id, report(1, 100)));
		assert_ok!(Roaming::dispute_batch(
			origin(2),
			id,
			Side::A,
			1,
			100,
			30,
			DocumentHash::zero()
		));
		assert_ok!(Roaming::propose_settlement(origin(2), id, Side::A, 1, 400));
		run_to_block(12); // past the resolution deadline (block 11)
		assert_ok!(Roaming::propose_settlement(origin(1), id, Side::A, 1, 480));
		assert!(events().contains(&Event::DisputeEscalated {
			agreement: id,
			network: Side::A,
			sequence: 1
		}));
		// Escalated once: a later proposal is only recorded.
		assert_ok!(Roaming::propose_settlement(origin(1), id, Side::A, 1, 470));
		assert_eq!(
			events().iter().filter(|event| matches!(event, Event::DisputeEscalated { .. })).count(),
			1
		);
		// The parties may still meet on the pending proposal; otherwise the arbiter decides.
		assert_ok!(Roaming::arbitrate(origin(ARBITER), id, Side::A, 1, 450));
		assert_eq!(batch(id, Side::A, 1).value, 450);
		// An agreement with a dispute withheld in a closed period keeps its deposit until then.
		let mut t = terms();
		t.valid_to = period(2026, 11);
		let other = sign_pair(1, deu(), tadig("FRAF2"), t);
		let mut r = report(1, 100);
		r.file = DocumentHash::repeat_byte(0x42);
		assert_ok!(Roaming::submit_batch(origin(1), other, r));
		assert_ok!(Roaming::dispute_batch(
			origin(2),
			other,
			Side::A,
			1,
			100,
			30,
			DocumentHash::zero()
		));
		in_december();
		run_to_block(40);
		assert_ok!(Roaming::close_period(origin(1), other, period(2026, 11)));
		assert_eq!(held(HoldReason::AgreementDeposit, 1), 2 * AGREEMENT_DEPOSIT);
		assert_ok!(Roaming::propose_settlement(origin(2), other, Side::A, 1, 450)); // escalates
		assert_ok!(Roaming::arbitrate(origin(ARBITER), other, Side::A, 1, 500));
		assert_eq!(held(HoldReason::AgreementDeposit, 1), AGREEMENT_DEPOSIT);
		assert_eq!(crate::Agreements::<Test>::get(other).unwrap().status, AgreementStatus::Ended);
	});
}

// ---- hostile review: amendments, the close of an ended agreement, escalated disputes ----

/// A moment in January 2027.
const JAN_2027: u64 = 1_800_000_000_000;

#[test]
fn an_amendment_walks_only_the_periods_that_can_hold_usage() {
	build_and_execute(|| {
		let id = sign(terms());
		// A probe no call can make: usage recorded far in the future. A check that walked every
		// month up to the proposed `valid_from` (three reads a month, unbounded) reaches it; one
		// that stops at the current period, after which no period has usage, does not.
		let far = period(9000, 1);
		crate::Totals::<Test>::mutate((id, far, Side::A), |totals| totals.batches = 1);
		let mut t = terms();
		t.valid_from = period(9000, 2);
		t.valid_to = period(9000, 3);
		assert_ok!(Roaming::propose_amendment(origin(2), id, t));
		assert_ok!(Roaming::accept_amendment(origin(1), id, 2));
		crate::Totals::<Test>::remove((id, far, Side::A));
		let amended = crate::Agreements::<Test>::get(id).unwrap();
		assert_eq!(amended.terms.valid_from, period(9000, 2));
		assert_eq!(crate::PeriodTerms::<Test>::iter_prefix(id).count(), 0, "November dropped");
	});
}

#[test]
fn an_amendment_ending_before_the_current_period_is_refused_at_acceptance() {
	build_and_execute(|| {
		let id = sign(terms());
		let mut t = terms();
		t.valid_to = period(2026, 11);
		assert_ok!(Roaming::propose_amendment(origin(2), id, t));
		in_december();
		let mut december = report(1, 10);
		december.period = period(2026, 12);
		assert_ok!(Roaming::submit_batch(origin(1), id, december));
		NowMillis::set(JAN_2027);
		// Accepted now, December (with usage) would fall outside the validity: unclosable.
		assert_noop!(Roaming::accept_amendment(origin(1), id, 2), Error::<Test>::InvalidValidity);
		run_to_block(12);
		assert_ok!(Roaming::close_period(origin(2), id, period(2026, 12)));
		assert_eq!(crate::Agreements::<Test>::get(id).unwrap().open_periods, 0);
	});
}

#[test]
fn an_ended_agreement_cannot_be_closed_again() {
	build_and_execute(|| {
		let mut t = terms();
		t.valid_to = period(2026, 12);
		let id = sign(t);
		assert_ok!(Roaming::submit_batch(origin(1), id, report(1, 10)));
		run_to_block(12);
		NowMillis::set(MARCH_2027);
		assert_ok!(Roaming::close_period(origin(2), id, period(2026, 11)));
		assert_eq!(crate::Agreements::<Test>::get(id).unwrap().status, AgreementStatus::Ended);
		// December had no traffic and was never closed; closing it now would pin terms to an
		// ended agreement.
		assert_noop!(
			Roaming::close_period(origin(1), id, period(2026, 12)),
			Error::<Test>::NotActive
		);
		assert_eq!(crate::PeriodTerms::<Test>::iter_prefix(id).count(), 0);
	});
}

#[test]
fn proposals_after_escalation_are_kept_and_a_matching_one_resolves() {
	build_and_execute(|| {
		let id = sign(terms());
		assert_ok!(Roaming::submit_batch(origin(1), id, report(1, 100)));
		assert_ok!(Roaming::dispute_batch(
			origin(2),
			id,
			Side::A,
			1,
			100,
			30,
			DocumentHash::zero()
		));
		run_to_block(12); // past the resolution deadline (block 11)
		assert_ok!(Roaming::propose_settlement(origin(2), id, Side::A, 1, 450));
		assert!(events().contains(&Event::DisputeEscalated {
			agreement: id,
			network: Side::A,
			sequence: 1
		}));
		assert_eq!(
			last_event(),
			Event::SettlementProposed {
				agreement: id,
				network: Side::A,
				sequence: 1,
				by: Side::B,
				amount: 450
			}
		);
		let BatchStatus::Disputed { proposal, escalated, .. } = batch(id, Side::A, 1).status else {
			panic!("still disputed");
		};
		assert_eq!(proposal, Some(SettlementProposal { by: Side::B, amount: 450 }));
		assert!(escalated);
		// The parties keep negotiating after the escalation; a matching proposal ends it.
		assert_ok!(Roaming::propose_settlement(origin(1), id, Side::A, 1, 470));
		assert_ok!(Roaming::propose_settlement(origin(2), id, Side::A, 1, 470));
		assert_eq!(batch(id, Side::A, 1).value, 470);
		assert_eq!(batch(id, Side::A, 1).status, BatchStatus::Resolved { by_arbiter: false });
	});
}

// ---- rounding: splitting usage over many files gains nothing ----

/// A report of `seconds` of MO voice in one call, claiming `claimed` in `currency`.
fn seconds_report(
	sequence: FileSequence,
	seconds: u64,
	claimed: u128,
	currency: CurrencyCode,
) -> UsageReport {
	UsageReport {
		sequence,
		period: period(2026, 11),
		records: 1,
		usage: UsageTotals { moc_local: VoiceUsage { calls: 1, seconds }, ..Default::default() },
		claimed,
		currency,
		file: DocumentHash::from(sp_io::hashing::blake2_256(&codec::Encode::encode(&(
			b"split", sequence, seconds, claimed,
		)))),
		test_file: false,
	}
}

#[test]
fn splitting_usage_into_many_files_books_the_same_as_one_file() {
	build_and_execute(|| {
		let id = sign(terms());
		// 6 s of local MOC at 0.05 XDR a minute is half a cent; the sender claims the chain's own
		// rating of each file (rounded half up: 1 cent).
		let six =
			UsageTotals { moc_local: VoiceUsage { calls: 1, seconds: 6 }, ..Default::default() };
		let per_file = crate::rating::rate_usage(&tariff(), &six).unwrap();
		assert_eq!(per_file, 1);
		// A's network: ten files of 6 s. B's network: the same minute in one file.
		for sequence in 1..=10 {
			assert_ok!(Roaming::submit_batch(
				origin(1),
				id,
				seconds_report(sequence, 6, per_file, CurrencyCode::XDR)
			));
		}
		assert_ok!(Roaming::submit_batch(
			origin(2),
			id,
			seconds_report(1, 60, 5, CurrencyCode::XDR)
		));
		assert_eq!(totals(id, Side::A).value, totals(id, Side::B).value);
		assert_eq!(totals(id, Side::A).value, 5);
		// The statement books both directions alike: nothing to net.
		in_december();
		run_to_block(12);
		assert_ok!(Roaming::close_period(origin(1), id, period(2026, 11)));
		let s = crate::Statements::<Test>::get(id, period(2026, 11)).unwrap();
		assert_eq!((s.network_a.accepted, s.network_b.accepted, s.net), (5, 5, 0));
	});
}

#[test]
fn claims_in_another_currency_are_not_rounded_file_by_file() {
	build_and_execute(|| {
		let mut t = terms();
		let wide = Tolerance { basis_points: 100, minimum: 100 };
		t.network_a.tolerance = wide;
		t.network_b.tolerance = wide;
		let id = sign(t);
		let rate = ExchangeRate { rate: 8_675, decimals: 4 };
		let eur = CurrencyCode::EUR;
		assert_ok!(Roaming::set_exchange_rate(
			origin(RATE_SETTER),
			period(2026, 11),
			eur,
			CurrencyCode::XDR,
			rate
		));
		// Ten files of 3 EUR cents (2.6025 XDR cents each, 26.025 in all) against one file of
		// 30 EUR cents (26.025 XDR cents): both book 26, not ten times 3 = 30.
		for sequence in 1..=10 {
			assert_ok!(Roaming::submit_batch(origin(1), id, seconds_report(sequence, 6, 3, eur)));
		}
		assert_ok!(Roaming::submit_batch(origin(2), id, seconds_report(1, 60, 30, eur)));
		let (a, b) = (totals(id, Side::A), totals(id, Side::B));
		assert_eq!((a.claimed, a.value), (b.claimed, b.value));
		assert_eq!(a.value, 26);
	});
}

#[test]
fn a_file_rounded_down_by_its_sender_still_books_its_exact_rating() {
	build_and_execute(|| {
		let id = sign(terms());
		// 5 s MO is 0.4167 cents: a sender rounding each file claims 0; twelve such files are a
		// minute, 5 cents, exactly what the chain books.
		for sequence in 1..=12 {
			assert_ok!(Roaming::submit_batch(
				origin(1),
				id,
				seconds_report(sequence, 5, 0, CurrencyCode::XDR)
			));
		}
		let b = batch(id, Side::A, 1);
		assert_eq!((b.claimed, b.rated, b.value), (0, 0, 0));
		assert_eq!(b.value_exact, SUB_UNITS * 5 / 12);
		let t = totals(id, Side::A);
		assert_eq!((t.claimed, t.rated, t.value, t.mismatches), (0, 5, 5, 0));
		assert_eq!(t.value_exact, 5 * SUB_UNITS);
	});
}

#[test]
fn a_claim_a_minor_unit_over_the_exact_rating_stands_and_counts_as_a_mismatch() {
	build_and_execute(|| {
		let id = sign(terms());
		// 6 s (0.5 cent) claimed at 2 cents: 1.5 over, within the 5-cent tolerance.
		assert_ok!(Roaming::submit_batch(
			origin(1),
			id,
			seconds_report(1, 6, 2, CurrencyCode::XDR)
		));
		let b = batch(id, Side::A, 1);
		assert_eq!((b.value, b.value_exact, b.status), (2, 2 * SUB_UNITS, BatchStatus::Pending));
		assert!(events().contains(&Event::RatingMismatch {
			agreement: id,
			network: Side::A,
			sequence: 1,
			claimed: 2,
			rated: 1
		}));
		// 6 s claimed at 7 cents: 6.5 over, beyond 5 + rounding: 7 (6.5 rounded up) reconciled.
		assert_ok!(Roaming::submit_batch(
			origin(1),
			id,
			seconds_report(2, 6, 7, CurrencyCode::XDR)
		));
		assert!(matches!(batch(id, Side::A, 2).status, BatchStatus::Disputed { amount: 7, .. }));
		let t = totals(id, Side::A);
		// 2 + 7 = 9 booked; the reconciliation withholds 7 (all of the second file).
		assert_eq!((t.value, t.disputed, t.disputed_exact), (9, 7, 7 * SUB_UNITS));
	});
}

#[test]
fn a_dispute_of_a_fraction_of_a_cent_withholds_the_fraction_and_trues_up_exactly() {
	build_and_execute(|| {
		let id = sign(terms());
		// Three files of 6 s (half a cent each): 1.5 cents in all.
		for sequence in 1..=3 {
			assert_ok!(Roaming::submit_batch(
				origin(1),
				id,
				seconds_report(sequence, 6, 1, CurrencyCode::XDR)
			));
		}
		// A file worth half a cent may be disputed for 1 cent (its value rounded up), not 2.
		assert_noop!(
			Roaming::dispute_batch(origin(2), id, Side::A, 1, 2, 30, DocumentHash::zero()),
			Error::<Test>::InvalidDisputeAmount
		);
		assert_ok!(Roaming::dispute_batch(origin(2), id, Side::A, 1, 1, 30, DocumentHash::zero()));
		let t = totals(id, Side::A);
		assert_eq!((t.disputed, t.disputed_exact), (1, SUB_UNITS / 2));
		in_december();
		run_to_block(12);
		assert_ok!(Roaming::close_period(origin(1), id, period(2026, 11)));
		let s = crate::Statements::<Test>::get(id, period(2026, 11)).unwrap();
		// Exactly 1 cent is undisputed and accepted.
		assert_eq!((s.network_a.accepted_exact, s.network_a.accepted), (SUB_UNITS, 1));
		assert_eq!((s.network_a.withheld, s.net), (1, 1));
		// Resolved at 1 cent: 2 cents accepted, 1 trued up.
		assert_ok!(Roaming::arbitrate(origin(ARBITER), id, Side::A, 1, 1));
		let s = crate::Statements::<Test>::get(id, period(2026, 11)).unwrap();
		assert_eq!((s.network_a.accepted_exact, s.network_a.payable), (2 * SUB_UNITS, 2));
		assert!(events().iter().any(|e| matches!(e, Event::TrueUp { amount: 1, .. })));
	});
}

// ---- storage migration v1 → v2 ----

fn batch_v1(b: Batch<u64>) -> crate::migrations::v2::v1::Batch<u64> {
	crate::migrations::v2::v1::Batch {
		period: b.period,
		usage_period: b.usage_period,
		records: b.records,
		usage: usage_v2(b.usage),
		file: b.file,
		claimed: b.claimed,
		rated: b.rated,
		value: b.value,
		version: b.version,
		received_at: b.received_at,
		dispute_deadline: b.dispute_deadline,
		resolve_by: b.resolve_by,
		status: b.status,
		deposit: b.deposit,
	}
}

fn totals_v1(t: PeriodTotals<u64>) -> crate::migrations::v2::v1::PeriodTotals<u64> {
	crate::migrations::v2::v1::PeriodTotals {
		batches: t.batches,
		mismatches: t.mismatches,
		records: t.records,
		claimed: t.claimed,
		rated: t.rated,
		value: t.value,
		disputed: t.disputed,
		open_disputes: t.open_disputes,
		pending: t.pending,
		latest_deadline: t.latest_deadline,
	}
}

fn direction_v1(d: DirectionStatement) -> crate::migrations::v2::v1::DirectionStatement {
	crate::migrations::v2::v1::DirectionStatement {
		batches: d.batches,
		records: d.records,
		claimed: d.claimed,
		accepted: d.accepted,
		discount: d.discount,
		payable: d.payable,
		withheld: d.withheld,
		payable_at_close: d.payable_at_close,
	}
}

#[test]
fn the_v2_migration_adds_exact_amounts_to_v1_books() {
	use crate::migrations::{
		v2::{v1, MigrateV1ToV2},
		v3::MigrateV2ToV3,
	};
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	build_and_execute(|| {
		// Books as version 1 kept them (whole minor units): a closed November with a partial
		// dispute still open, and December usage.
		let id = two_way_period();
		assert_ok!(Roaming::dispute_batch(
			origin(2),
			id,
			Side::A,
			1,
			1_000,
			30,
			DocumentHash::zero()
		));
		in_december();
		run_to_block(12);
		assert_ok!(Roaming::close_period(origin(1), id, period(2026, 11)));
		let mut december = report(3, 10);
		december.period = period(2026, 12);
		assert_ok!(Roaming::submit_batch(origin(1), id, december));
		let batches: Vec<_> = crate::Batches::<Test>::iter().collect();
		let totals: Vec<_> = crate::Totals::<Test>::iter().collect();
		let statements: Vec<_> = crate::Statements::<Test>::iter().collect();
		assert_eq!((batches.len(), totals.len(), statements.len()), (4, 3, 1));
		// Rewrite them in the version 1 layout.
		for (key, b) in &batches {
			v1::Batches::<Test>::insert(key, batch_v1(b.clone()));
		}
		for (key, t) in &totals {
			v1::Totals::<Test>::insert(key, totals_v1(*t));
		}
		for (agreement, month, s) in &statements {
			v1::Statements::<Test>::insert(
				agreement,
				month,
				v1::Statement {
					network_a: direction_v1(s.network_a),
					network_b: direction_v1(s.network_b),
					currency: s.currency,
					payer: s.payer,
					payee: s.payee,
					net: s.net,
					obligation: s.obligation,
					reference: s.reference,
					closed_at: s.closed_at,
					signed_by_a: s.signed_by_a,
					signed_by_b: s.signed_by_b,
				},
			);
		}
		// Agreements and pinned terms as version 2 kept them (version 1 had the same tariffs).
		let (agreements, pinned) = rewrite_terms_v2();
		StorageVersion::new(1).put::<Roaming>();
		assert!(crate::Batches::<Test>::iter_values().next().is_none(), "v1 does not decode as v3");

		let db = <<Test as frame_system::Config>::DbWeight as Get<
			frame_support::weights::RuntimeDbWeight,
		>>::get();
		let weight = MigrateV1ToV2::<Test>::on_runtime_upgrade();
		// 8 entries: 16 reads and 8 writes, and the version read and written.
		assert_eq!(weight, db.reads_writes(16, 8).saturating_add(db.reads_writes(1, 1)));
		assert_eq!(Roaming::on_chain_storage_version(), StorageVersion::new(2));
		// Then to version 3, as the runtime's migrations run in a row.
		let weight = MigrateV2ToV3::<Test>::on_runtime_upgrade();
		let entries = (agreements.len() + pinned.len() + batches.len()) as u64;
		assert_eq!(weight, db.reads_writes(entries + 1, entries + 1));
		assert_eq!(Roaming::on_chain_storage_version(), StorageVersion::new(3));
		// And to version 4 (every agreement transparent).
		crate::migrations::v4::MigrateV3ToV4::<Test>::on_runtime_upgrade();
		assert_eq!(Roaming::on_chain_storage_version(), StorageVersion::new(4));
		assert_eq!(crate::Agreements::<Test>::iter().collect::<Vec<_>>().len(), agreements.len());
		// Integer books read the same, with exact amounts of whole units.
		let mut migrated: Vec<_> = crate::Batches::<Test>::iter().collect();
		let mut expected = batches.clone();
		migrated.sort_by_key(|(key, _)| *key);
		expected.sort_by_key(|(key, _)| *key);
		assert_eq!(migrated, expected);
		let mut migrated: Vec<_> = crate::Totals::<Test>::iter().collect();
		let mut expected = totals.clone();
		migrated.sort_by_key(|(key, _)| *key);
		expected.sort_by_key(|(key, _)| *key);
		assert_eq!(migrated, expected);
		assert_eq!(crate::Statements::<Test>::iter().collect::<Vec<_>>(), statements);
		assert_ok!(Roaming::do_try_state());

		// Run again: the version check makes it a no-op.
		let again = MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(again, db.reads(1));
		// The migrated books keep working: the open dispute resolves and trues up exactly.
		assert_ok!(Roaming::arbitrate(origin(ARBITER), id, Side::A, 1, 2_500));
		assert_eq!(
			crate::Statements::<Test>::get(id, period(2026, 11)).unwrap().network_a.accepted,
			4_500
		);
	});
}

// ---- storage migration v2 → v3 ----

use crate::migrations::v3::v2 as layout_v2;

fn rate_v2(rate: Rate) -> layout_v2::Rate {
	assert_eq!((rate.setup_fee, rate.minimum_charge), (0, 0), "version 2 had neither");
	layout_v2::Rate { price: rate.price, increment: rate.increment }
}

/// A version 3 tariff that version 2 could express, in the version 2 layout.
fn tariff_v2(t: Tariff) -> layout_v2::Tariff {
	assert!(t.moc_home == t.moc_local && t.moc_international == t.moc_local);
	layout_v2::Tariff {
		voice_mo: rate_v2(t.moc_local),
		voice_mt: rate_v2(t.mtc),
		sms_mo: rate_v2(t.sms_mo),
		data: rate_v2(t.data),
	}
}

fn usage_v2(u: UsageTotals) -> layout_v2::UsageTotals {
	assert_eq!(u.moc_home.calls + u.moc_international.calls + u.volte.calls + u.video.calls, 0);
	assert_eq!(u.sms_mt, 0);
	layout_v2::UsageTotals {
		voice_mo: u.moc_local,
		voice_mt: u.mtc,
		sms_mo: u.sms_mo,
		data: u.data,
	}
}

fn network_v2(n: NetworkTerms) -> layout_v2::NetworkTerms {
	layout_v2::NetworkTerms {
		tariff: tariff_v2(n.tariff),
		discount: n.discount,
		tolerance: n.tolerance,
	}
}

fn terms_v2(t: AgreementTerms) -> layout_v2::AgreementTerms {
	layout_v2::AgreementTerms {
		valid_from: t.valid_from,
		valid_to: t.valid_to,
		currency: t.currency,
		network_a: network_v2(t.network_a),
		network_b: network_v2(t.network_b),
		dispute_window: t.dispute_window,
		notice_periods: t.notice_periods,
		tax_included: t.tax_included,
		document: t.document,
	}
}

fn batch_v2(b: Batch<u64>) -> layout_v2::Batch<u64> {
	layout_v2::Batch {
		period: b.period,
		usage_period: b.usage_period,
		records: b.records,
		usage: usage_v2(b.usage),
		file: b.file,
		claimed: b.claimed,
		rated: b.rated,
		value: b.value,
		version: b.version,
		received_at: b.received_at,
		dispute_deadline: b.dispute_deadline,
		resolve_by: b.resolve_by,
		status: b.status,
		deposit: b.deposit,
		claimed_exact: b.claimed_exact,
		rated_exact: b.rated_exact,
		value_exact: b.value_exact,
	}
}

/// Rewrites every agreement and pinned period in the version 2 layout; returns them as they
/// were (sorted by key).
#[allow(clippy::type_complexity)]
fn rewrite_terms_v2(
) -> (Vec<(AgreementId, crate::AgreementOf<Test>)>, Vec<(AgreementId, SettlementPeriod, PinnedTerms)>)
{
	let mut agreements: Vec<_> = crate::Agreements::<Test>::iter().collect();
	agreements.sort_by_key(|(id, _)| *id);
	for (id, a) in &agreements {
		let a = a.clone();
		layout_v2::Agreements::<Test>::insert(
			id,
			layout_v2::Agreement {
				party_a: a.party_a,
				tadig_a: a.tadig_a,
				party_b: a.party_b,
				tadig_b: a.tadig_b,
				status: a.status,
				version: a.version,
				terms: terms_v2(a.terms),
				amendment: a
					.amendment
					.map(|p| layout_v2::PendingAmendment { by: p.by, terms: terms_v2(p.terms) }),
				proposed_at: a.proposed_at,
				deposit: a.deposit,
				previous: a.previous,
				open_periods: a.open_periods,
				withheld_disputes: a.withheld_disputes,
			},
		);
	}
	let mut pinned: Vec<_> = crate::PeriodTerms::<Test>::iter().collect();
	pinned.sort_by_key(|(id, period, _)| (*id, *period));
	for (id, period, p) in &pinned {
		let p = p.clone();
		layout_v2::PeriodTerms::<Test>::insert(
			id,
			period,
			layout_v2::PinnedTerms {
				version: p.version,
				network_a: network_v2(p.network_a),
				network_b: network_v2(p.network_b),
			},
		);
	}
	(agreements, pinned)
}

#[test]
fn the_v3_migration_maps_v2_tariffs_and_usage_onto_the_iot_model() {
	use crate::migrations::v3::{self, MigrateV2ToV3};
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	build_and_execute(|| {
		// Books as version 2 kept them: an agreement with a pending amendment, a pinned
		// November with MO and MT voice, SMS and data batches.
		let id = two_way_period();
		let mut r = report(3, 0);
		r.usage = UsageTotals {
			mtc: VoiceUsage { calls: 3, seconds: 3_001 },
			sms_mo: 10,
			data: DataUsage { sessions: 2, kilobytes: 2_047 },
			..Default::default()
		};
		r.claimed = 73;
		assert_ok!(Roaming::submit_batch(origin(1), id, r));
		let mut amended = terms();
		amended.network_b.tariff.mtc.price = 2_000;
		assert_ok!(Roaming::propose_amendment(origin(2), id, amended.clone()));
		let mut batches: Vec<_> = crate::Batches::<Test>::iter().collect();
		batches.sort_by_key(|(key, _)| *key);
		assert_eq!(batches.len(), 4);
		for (key, b) in &batches {
			layout_v2::Batches::<Test>::insert(key, batch_v2(b.clone()));
		}
		let (agreements, pinned) = rewrite_terms_v2();
		assert_eq!((agreements.len(), pinned.len()), (1, 1));
		StorageVersion::new(2).put::<Roaming>();
		assert!(crate::Agreements::<Test>::iter_values().next().is_none(), "v2 does not decode");

		let db = <<Test as frame_system::Config>::DbWeight as Get<
			frame_support::weights::RuntimeDbWeight,
		>>::get();
		let weight = MigrateV2ToV3::<Test>::on_runtime_upgrade();
		// 6 entries read and written, and the version read and written.
		assert_eq!(weight, db.reads_writes(7, 7));
		assert_eq!(Roaming::on_chain_storage_version(), StorageVersion::new(3));
		// Version 3 → 4 (every agreement transparent) makes them readable as today's layout.
		crate::migrations::v4::MigrateV3ToV4::<Test>::on_runtime_upgrade();
		assert_eq!(Roaming::on_chain_storage_version(), StorageVersion::new(4));
		// The mock's tariff is what a v2 tariff becomes: everything reads as before.
		let mut migrated: Vec<_> = crate::Agreements::<Test>::iter().collect();
		migrated.sort_by_key(|(id, _)| *id);
		assert_eq!(migrated, agreements);
		assert_eq!(
			migrated[0].1.amendment.as_ref().map(|p| p.terms.network_b.tariff.mtc.price),
			Some(2_000)
		);
		let mut migrated: Vec<_> = crate::PeriodTerms::<Test>::iter().collect();
		migrated.sort_by_key(|(id, period, _)| (*id, *period));
		assert_eq!(migrated, pinned);
		let mut migrated: Vec<_> = crate::Batches::<Test>::iter().collect();
		migrated.sort_by_key(|(key, _)| *key);
		assert_eq!(migrated, batches);
		assert_ok!(Roaming::do_try_state());
		// Run again: the version check makes it a no-op.
		assert_eq!(MigrateV2ToV3::<Test>::on_runtime_upgrade(), db.reads(1));

		// The mapping itself: MO voice in all three MOC classes, MT as MTC, new services free.
		let old = layout_v2::Tariff {
			voice_mo: layout_v2::Rate { price: 7, increment: 60 },
			voice_mt: layout_v2::Rate { price: 3, increment: 30 },
			sms_mo: layout_v2::Rate { price: 2, increment: 1 },
			data: layout_v2::Rate { price: 9, increment: 1_024 },
		};
		assert_eq!(
			v3::tariff(old),
			Tariff {
				moc_local: Rate::per_unit(7, 60),
				moc_home: Rate::per_unit(7, 60),
				moc_international: Rate::per_unit(7, 60),
				mtc: Rate::per_unit(3, 30),
				sms_mo: Rate::per_unit(2, 1),
				sms_mt: Rate::default(),
				data: Rate::per_unit(9, 1_024),
				volte: Rate::default(),
				video: Rate::default(),
			}
		);
		let old_usage = layout_v2::UsageTotals {
			voice_mo: VoiceUsage { calls: 4, seconds: 240 },
			voice_mt: VoiceUsage { calls: 2, seconds: 61 },
			sms_mo: 5,
			data: DataUsage { sessions: 1, kilobytes: 10 },
		};
		let usage = v3::usage(old_usage);
		assert_eq!(usage.moc_local, old_usage.voice_mo);
		assert_eq!((usage.mtc, usage.sms_mo, usage.data), (old_usage.voice_mt, 5, old_usage.data));
		assert_eq!(usage.events(), 12);
		// A migrated batch re-rates to what version 2 rated it.
		assert_eq!(
			crate::rating::rate_usage_exact(
				&v3::tariff(tariff_v2(tariff())),
				&v3::usage(usage_v2(r.usage))
			),
			Ok(batches[2].1.rated_exact)
		);

		// The migrated books keep working.
		assert_ok!(Roaming::accept_amendment(origin(1), id, 2));
		assert_ok!(Roaming::submit_batch(origin(1), id, report(4, 10)));
	});
}

/// `pallet-utility` (and every runtime that batches calls) refuses a `RuntimeCall` larger than
/// 1,024 bytes: a call carrying terms by value must box them.
#[test]
fn every_call_fits_the_runtime_call_size_limit() {
	let size = core::mem::size_of::<Call>();
	assert!(
		size <= 1024,
		"the roaming Call enum is {size} bytes, over 1,024: box the big arguments"
	);
	assert!(core::mem::size_of::<RuntimeCall>() <= 1024);
}
