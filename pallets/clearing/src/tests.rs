//! Tests of the clearing pallet.

#![allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]

use crate::{mock::*, pallet::*, types::*, Error, Event, WeightInfo};
use frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::InspectHold, fungibles::Inspect as _, Hooks},
	weights::Weight,
	BoundedVec,
};
use sp_core::H256;
use sp_runtime::DispatchError;
use telecom_primitives::{CurrencyCode, Obligation, ObligationSink, ObligationSource};

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn h(byte: u8) -> H256 {
	H256::repeat_byte(byte)
}

fn join_all() {
	for who in [1, 2, 3] {
		assert_ok!(Clearing::join(signed(who)));
	}
}

fn held(reason: HoldReason, who: u64) -> u64 {
	Balances::balance_on_hold(&RuntimeHoldReason::Clearing(reason), &who)
}

fn position(cycle: CycleId, currency: CurrencyCode, who: u64) -> Option<Position> {
	Positions::<Test>::get((cycle, currency, who))
}

fn record(payer: u32, payee: u32, amount: u128, reference: u64) -> BillRecord {
	BillRecord { payer, payee, currency: XDR, amount, reference }
}

fn batch(records: Vec<BillRecord>) -> BoundedVec<BillRecord, ConstBound> {
	BoundedVec::truncate_from(records)
}

type ConstBound = <Test as crate::Config>::MaxBatchRecords;

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}

fn has_event(event: Event<Test>) -> bool {
	System::events().iter().any(|r| r.event == RuntimeEvent::Clearing(event.clone()))
}

/// Bills 2 → 1 for 100 and accepts it: operator 1 is owed 100 by operator 2.
fn accepted_bill(payee: u64, payer: u64, amount: u128) {
	let id = NextBillId::<Test>::get();
	assert_ok!(Clearing::submit_bill(
		signed(payee),
		payer,
		XDR,
		amount,
		H256::from_low_u64_be(1_000 + id),
		h(2)
	));
	assert_ok!(Clearing::accept_bill(signed(payer), id));
}

/// Runs the pipeline of the open cycle up to `Instructed`; returns the cycle id.
fn cut_off_and_instruct() -> CycleId {
	let cycle = OpenCycle::<Test>::get();
	assert_ok!(Clearing::force_cut_off(RuntimeOrigin::root()));
	let now = System::block_number();
	run_to_block(now + 2);
	cycle
}

// ---- Participants ----

#[test]
fn operators_join_by_right_with_sequential_indices() {
	build_and_execute(|| {
		assert_ok!(Clearing::join(signed(2)));
		assert_eq!(
			last_event(),
			RuntimeEvent::Clearing(Event::ParticipantRegistered {
				who: 2,
				index: 0,
				kind: ParticipantKind::Operator
			})
		);
		assert_ok!(Clearing::join(signed(1)));
		assert_eq!(
			Participants::<Test>::get(1),
			Some(Participant { index: 1, kind: ParticipantKind::Operator })
		);
		assert_eq!(ParticipantAccounts::<Test>::get(1), Some(1));
		assert_eq!(ParticipantCount::<Test>::get(), 2);
	});
}

#[test]
fn join_rejects_non_operators_and_repeats() {
	build_and_execute(|| {
		assert_noop!(Clearing::join(signed(5)), Error::<Test>::NotOperator);
		assert_ok!(Clearing::join(signed(1)));
		assert_noop!(Clearing::join(signed(1)), Error::<Test>::AlreadyParticipant);
	});
}

#[test]
fn consortium_admits_partners() {
	build_and_execute(|| {
		assert_noop!(Clearing::admit_participant(signed(1), 5), DispatchError::BadOrigin);
		assert_ok!(Clearing::admit_participant(RuntimeOrigin::root(), 5));
		assert_eq!(Participants::<Test>::get(5).unwrap().kind, ParticipantKind::Admitted);
		assert_ok!(Clearing::admit_participant(RuntimeOrigin::root(), 3));
		assert_eq!(Participants::<Test>::get(3).unwrap().kind, ParticipantKind::Operator);
		assert_noop!(
			Clearing::admit_participant(RuntimeOrigin::root(), 5),
			Error::<Test>::AlreadyParticipant
		);
	});
}

#[test]
fn participants_are_capped() {
	build_and_execute(|| {
		for who in 1..=u64::from(MAX_PARTICIPANTS) {
			assert_ok!(Clearing::admit_participant(RuntimeOrigin::root(), who));
		}
		assert_noop!(
			Clearing::admit_participant(RuntimeOrigin::root(), 1_000),
			Error::<Test>::TooManyParticipants
		);
	});
}

// ---- Settlement assets and methods ----

#[test]
fn consortium_maps_currencies_to_settlement_assets() {
	build_and_execute(|| {
		assert_noop!(
			Clearing::set_settlement_asset(signed(1), EUR, Some(2)),
			DispatchError::BadOrigin
		);
		let bad = codec_bad_currency();
		assert_noop!(
			Clearing::set_settlement_asset(RuntimeOrigin::root(), bad, Some(2)),
			Error::<Test>::UnknownCurrency
		);
		assert_ok!(Clearing::set_settlement_asset(RuntimeOrigin::root(), EUR, Some(2)));
		assert_eq!(SettlementAssets::<Test>::get(EUR), Some(2));
		assert!(has_event(Event::SettlementAssetSet { currency: EUR, asset: Some(2) }));
		assert_ok!(Clearing::set_settlement_asset(RuntimeOrigin::root(), EUR, None));
		assert_eq!(SettlementAssets::<Test>::get(EUR), None);
	});
}

/// A currency code that decodes but is not valid ISO 4217.
fn codec_bad_currency() -> CurrencyCode {
	use codec::Decode;
	CurrencyCode::decode(&mut &b"x1z"[..]).unwrap()
}

#[test]
fn participants_choose_settlement_methods() {
	build_and_execute(|| {
		assert_noop!(
			Clearing::set_settlement_method(signed(1), XDR, SettlementMethod::OnChain),
			Error::<Test>::NotParticipant
		);
		assert_ok!(Clearing::join(signed(1)));
		assert_noop!(
			Clearing::set_settlement_method(
				signed(1),
				codec_bad_currency(),
				SettlementMethod::OffChain
			),
			Error::<Test>::UnknownCurrency
		);
		assert_noop!(
			Clearing::set_settlement_method(signed(1), EUR, SettlementMethod::OnChain),
			Error::<Test>::NoSettlementAsset
		);
		assert_ok!(Clearing::set_settlement_method(signed(1), XDR, SettlementMethod::OnChain));
		assert_eq!(SettlementMethods::<Test>::get(1, XDR), Some(SettlementMethod::OnChain));
		assert_ok!(Clearing::set_settlement_method(signed(1), XDR, SettlementMethod::OffChain));
		assert_eq!(SettlementMethods::<Test>::get(1, XDR), None);
		assert!(has_event(Event::SettlementMethodSet {
			who: 1,
			currency: XDR,
			method: SettlementMethod::OffChain
		}));
	});
}

// ---- Mandates ----

#[test]
fn mandates_hold_a_deposit_and_can_be_revoked() {
	build_and_execute(|| {
		join_all();
		assert_ok!(Clearing::grant_mandate(signed(2), 1, XDR, 500));
		assert_eq!(held(HoldReason::MandateDeposit, 2), MANDATE_DEPOSIT);
		assert!(has_event(Event::MandateGranted {
			payer: 2,
			payee: 1,
			currency: XDR,
			cap_per_cycle: 500
		}));
		assert_noop!(Clearing::grant_mandate(signed(2), 1, XDR, 9), Error::<Test>::MandateExists);
		assert_ok!(Clearing::revoke_mandate(signed(2), 1, XDR));
		assert_eq!(held(HoldReason::MandateDeposit, 2), 0);
		assert!(Mandates::<Test>::get((2, 1, XDR)).is_none());
		assert_noop!(Clearing::revoke_mandate(signed(2), 1, XDR), Error::<Test>::NoMandate);
	});
}

#[test]
fn grant_mandate_checks_its_inputs() {
	build_and_execute(|| {
		assert_noop!(Clearing::grant_mandate(signed(2), 1, XDR, 5), Error::<Test>::NotParticipant);
		assert_ok!(Clearing::join(signed(2)));
		assert_noop!(
			Clearing::grant_mandate(signed(2), 6, XDR, 5),
			Error::<Test>::CounterpartyNotParticipant
		);
		assert_noop!(Clearing::grant_mandate(signed(2), 2, XDR, 5), Error::<Test>::SelfPayment);
		assert_ok!(Clearing::admit_participant(RuntimeOrigin::root(), 6));
		assert_noop!(
			Clearing::grant_mandate(signed(2), 6, codec_bad_currency(), 5),
			Error::<Test>::UnknownCurrency
		);
		assert_noop!(Clearing::grant_mandate(signed(2), 6, XDR, 0), Error::<Test>::ZeroAmount);
		// Operator 3 has not joined: it is registered on first use, by right.
		assert_ok!(Clearing::grant_mandate(signed(2), 3, XDR, 5));
		assert!(Participants::<Test>::contains_key(3));
	});
}

// ---- Direct bills ----

#[test]
fn a_bill_waits_for_the_payer_and_enters_the_cycle_when_accepted() {
	build_and_execute(|| {
		join_all();
		assert_ok!(Clearing::submit_bill(signed(1), 2, XDR, 100, h(1), h(2)));
		assert_eq!(held(HoldReason::BillDeposit, 1), BILL_DEPOSIT);
		let bill = Bills::<Test>::get(0).unwrap();
		assert_eq!(bill.status, BillStatus::Submitted);
		assert_eq!(bill.dispute_until, 1 + DISPUTE);
		assert_eq!(position(0, XDR, 1), None);

		assert_noop!(Clearing::accept_bill(signed(3), 0), Error::<Test>::NotPayer);
		assert_noop!(Clearing::accept_bill(signed(2), 7), Error::<Test>::UnknownBill);
		assert_ok!(Clearing::accept_bill(signed(2), 0));
		assert!(has_event(Event::BillAccepted { bill: 0, cycle: 0, by_mandate: false }));
		assert_eq!(position(0, XDR, 1), Some(Position { payable: 0, receivable: 100 }));
		assert_eq!(position(0, XDR, 2), Some(Position { payable: 100, receivable: 0 }));
		assert_eq!(Totals::<Test>::get(0, XDR).gross, 100);
		assert!(Bills::<Test>::get(0).is_none());
		assert_eq!(held(HoldReason::BillDeposit, 1), 0);
	});
}

#[test]
fn a_bill_left_for_the_payer_is_refunded_the_mandate_path() {
	build_and_execute(|| {
		join_all();
		let full = <() as WeightInfo>::submit_bill();
		let pending = <() as WeightInfo>::submit_bill_pending();
		// The mandate path writes one more item (the cap drawn); both read the same proofs.
		assert!(pending.ref_time() < full.ref_time(), "the pending path costs less time");
		assert!(pending.proof_size() <= full.proof_size());

		let waits = Clearing::submit_bill(signed(1), 2, XDR, 100, h(1), h(2)).unwrap();
		assert_eq!(waits.actual_weight, Some(pending));
		assert_eq!(Bills::<Test>::get(0).unwrap().status, BillStatus::Submitted);

		// A mandate whose cap is spent leaves the bill waiting: still the cheaper path.
		assert_ok!(Clearing::grant_mandate(signed(2), 1, XDR, 150));
		let accepted = Clearing::submit_bill(signed(1), 2, XDR, 100, h(3), h(2)).unwrap();
		assert_eq!(accepted.actual_weight, None, "the mandate path pays its full weight");
		let over_cap = Clearing::submit_bill(signed(1), 2, XDR, 100, h(4), h(2)).unwrap();
		assert_eq!(over_cap.actual_weight, Some(pending));
		assert_eq!(Bills::<Test>::get(2).unwrap().status, BillStatus::Submitted);
	});
}

#[test]
fn submit_bill_checks_its_inputs() {
	build_and_execute(|| {
		assert_noop!(
			Clearing::submit_bill(signed(1), 2, XDR, 1, h(1), h(1)),
			Error::<Test>::NotParticipant
		);
		assert_ok!(Clearing::join(signed(1)));
		assert_noop!(
			Clearing::submit_bill(signed(1), 1, XDR, 1, h(1), h(1)),
			Error::<Test>::SelfPayment
		);
		assert_noop!(
			Clearing::submit_bill(signed(1), 2, XDR, 0, h(1), h(1)),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			Clearing::submit_bill(signed(1), 2, codec_bad_currency(), 1, h(1), h(1)),
			Error::<Test>::UnknownCurrency
		);
		assert_noop!(
			Clearing::submit_bill(signed(1), 7, XDR, 1, h(1), h(1)),
			Error::<Test>::CounterpartyNotParticipant
		);
	});
}

#[test]
fn a_mandate_accepts_bills_up_to_its_cap_per_cycle() {
	build_and_execute(|| {
		join_all();
		assert_ok!(Clearing::grant_mandate(signed(2), 1, XDR, 150));
		assert_ok!(Clearing::submit_bill(signed(1), 2, XDR, 100, h(1), h(2)));
		assert_eq!(
			Bills::<Test>::get(0).unwrap().status,
			BillStatus::Accepted { cycle: 0, by_mandate: true }
		);
		assert!(has_event(Event::BillAccepted { bill: 0, cycle: 0, by_mandate: true }));
		// Netted only when released after its dispute window.
		assert_eq!(position(0, XDR, 2), None);
		// Over the cap: the bill waits for the payer.
		assert_ok!(Clearing::submit_bill(signed(1), 2, XDR, 60, h(3), h(2)));
		assert_eq!(Bills::<Test>::get(1).unwrap().status, BillStatus::Submitted);
		assert_eq!(Mandates::<Test>::get((2, 1, XDR)).unwrap().used, 100);
		// The cap starts again in the next cycle.
		let _ = cut_off_and_instruct();
		assert_ok!(Clearing::submit_bill(signed(1), 2, XDR, 150, h(4), h(2)));
		assert_eq!(
			Bills::<Test>::get(2).unwrap().status,
			BillStatus::Accepted { cycle: 1, by_mandate: true }
		);
	});
}

#[test]
fn disputed_bills_are_withheld_from_netting() {
	build_and_execute(|| {
		join_all();
		assert_ok!(Clearing::grant_mandate(signed(2), 1, XDR, 1_000));
		assert_ok!(Clearing::submit_bill(signed(1), 2, XDR, 100, h(1), h(2)));
		assert_eq!(Mandates::<Test>::get((2, 1, XDR)).unwrap().used, 100);
		assert_noop!(
			Clearing::dispute_bill(signed(1), 0, DisputeReason::Duplicate, h(9)),
			Error::<Test>::NotPayer
		);
		assert_ok!(Clearing::dispute_bill(signed(2), 0, DisputeReason::WrongAmount, h(9)));
		assert!(has_event(Event::BillDisputed {
			bill: 0,
			reason: DisputeReason::WrongAmount,
			evidence: h(9)
		}));
		assert_eq!(Totals::<Test>::get(0, XDR), CurrencyTotals::default());
		assert_eq!(position(0, XDR, 1), None);
		assert_eq!(Mandates::<Test>::get((2, 1, XDR)).unwrap().used, 0);
		assert_noop!(
			Clearing::dispute_bill(signed(2), 0, DisputeReason::WrongAmount, h(9)),
			Error::<Test>::InvalidBillState
		);
		assert_noop!(Clearing::accept_bill(signed(2), 0), Error::<Test>::InvalidBillState);
	});
}

#[test]
fn disputes_close_with_the_window_or_the_cycle() {
	build_and_execute(|| {
		join_all();
		assert_ok!(Clearing::submit_bill(signed(1), 2, XDR, 100, h(1), h(2)));
		run_to_block(2 + DISPUTE);
		assert_noop!(
			Clearing::dispute_bill(signed(2), 0, DisputeReason::Other, h(9)),
			Error::<Test>::DisputeWindowClosed
		);
		assert_noop!(
			Clearing::dispute_bill(signed(2), 5, DisputeReason::Other, h(9)),
			Error::<Test>::UnknownBill
		);
		// A forced cut-off does not shorten a mandate bill's window.
		assert_ok!(Clearing::grant_mandate(signed(3), 1, XDR, 1_000));
		assert_ok!(Clearing::submit_bill(signed(1), 3, XDR, 10, h(3), h(2)));
		assert_ok!(Clearing::force_cut_off(RuntimeOrigin::root()));
		assert_ok!(Clearing::dispute_bill(signed(3), 1, DisputeReason::Other, h(9)));
	});
}

#[test]
fn payees_withdraw_pending_or_disputed_bills() {
	build_and_execute(|| {
		join_all();
		assert_ok!(Clearing::submit_bill(signed(1), 2, XDR, 100, h(1), h(2)));
		assert_noop!(Clearing::withdraw_bill(signed(2), 0), Error::<Test>::NotPayee);
		assert_noop!(Clearing::withdraw_bill(signed(1), 3), Error::<Test>::UnknownBill);
		assert_ok!(Clearing::withdraw_bill(signed(1), 0));
		assert!(has_event(Event::BillWithdrawn { bill: 0 }));
		assert_eq!(held(HoldReason::BillDeposit, 1), 0);
		assert_ok!(Clearing::grant_mandate(signed(2), 1, XDR, 1_000));
		assert_ok!(Clearing::submit_bill(signed(1), 2, XDR, 100, h(1), h(2)));
		assert_noop!(Clearing::withdraw_bill(signed(1), 1), Error::<Test>::InvalidBillState);
	});
}

#[test]
fn the_arbiter_resolves_disputes() {
	build_and_execute(|| {
		join_all();
		assert_ok!(Clearing::submit_bill(signed(1), 2, XDR, 100, h(1), h(2)));
		assert_noop!(Clearing::resolve_dispute(signed(1), 0, 50), DispatchError::BadOrigin);
		assert_noop!(
			Clearing::resolve_dispute(signed(ARBITER), 0, 50),
			Error::<Test>::InvalidBillState
		);
		assert_noop!(Clearing::resolve_dispute(signed(ARBITER), 9, 50), Error::<Test>::UnknownBill);
		assert_ok!(Clearing::dispute_bill(signed(2), 0, DisputeReason::WrongAmount, h(9)));
		assert_noop!(
			Clearing::resolve_dispute(signed(ARBITER), 0, 101),
			Error::<Test>::AcceptedAmountTooHigh
		);
		assert_ok!(Clearing::resolve_dispute(signed(ARBITER), 0, 60));
		assert!(has_event(Event::DisputeResolved { bill: 0, accepted: 60, cycle: Some(0) }));
		assert_eq!(position(0, XDR, 2), Some(Position { payable: 60, receivable: 0 }));
		assert!(Bills::<Test>::get(0).is_none());

		assert_ok!(Clearing::submit_bill(signed(1), 3, XDR, 40, h(5), h(2)));
		assert_ok!(Clearing::dispute_bill(signed(3), 1, DisputeReason::NotDelivered, h(9)));
		assert_ok!(Clearing::resolve_dispute(signed(ARBITER), 1, 0));
		assert!(has_event(Event::DisputeResolved { bill: 1, accepted: 0, cycle: None }));
		assert_eq!(position(0, XDR, 3), None);
		assert_eq!(held(HoldReason::BillDeposit, 1), 0);
	});
}

#[test]
fn mandate_bills_are_released_after_their_dispute_window() {
	build_and_execute(|| {
		join_all();
		assert_ok!(Clearing::grant_mandate(signed(2), 1, XDR, 1_000));
		assert_ok!(Clearing::submit_bill(signed(1), 2, XDR, 100, h(1), h(2)));
		assert_ok!(Clearing::submit_bill(signed(1), 3, XDR, 100, h(5), h(2)));
		assert_noop!(Clearing::release_bill(signed(5), 0), Error::<Test>::DisputeWindowOpen);
		assert_noop!(Clearing::release_bill(signed(5), 1), Error::<Test>::InvalidBillState);
		assert_noop!(Clearing::release_bill(signed(5), 4), Error::<Test>::UnknownBill);
		run_to_block(2 + DISPUTE);
		assert_eq!(position(0, XDR, 2), None);
		assert_ok!(Clearing::release_bill(signed(5), 0));
		assert!(has_event(Event::BillReleased { bill: 0, cycle: 0 }));
		assert_eq!(held(HoldReason::BillDeposit, 1), BILL_DEPOSIT);
		// Released, the bill is netted in the open cycle.
		assert_eq!(position(0, XDR, 2), Some(Position { payable: 100, receivable: 0 }));
	});
}

// ---- Bulk batches ----

#[test]
fn a_batch_aggregates_records_per_pair_in_one_pass() {
	build_and_execute(|| {
		join_all(); // indices: 1 → 0, 2 → 1, 3 → 2
		assert_ok!(Clearing::grant_mandate(signed(2), 1, XDR, 1_000_000));
		let mut records = Vec::new();
		for n in 0..400u64 {
			// 1 bills 2 (under 2's mandate) and pays 3, interleaved.
			records.push(record(1, 0, 10, 2 * n));
			records.push(record(0, 2, 3, 2 * n + 1));
		}
		records.push(BillRecord { payer: 0, payee: 1, currency: EUR, amount: 7, reference: 900 });
		let encoded = codec::Encode::encode(&batch(records.clone()));
		assert_ok!(Clearing::submit_batch(signed(1), batch(records), 3));

		// What 1 pays is booked at once; what it bills under 2's mandate waits, as one bill, for
		// 2's dispute window.
		assert_eq!(position(0, XDR, 1), Some(Position { payable: 1_200, receivable: 0 }));
		assert_eq!(position(0, XDR, 2), None);
		assert_eq!(position(0, XDR, 3), Some(Position { payable: 0, receivable: 1_200 }));
		assert_eq!(position(0, EUR, 2), Some(Position { payable: 0, receivable: 7 }));
		assert_eq!(Cycles::<Test>::get(0).unwrap().obligations, 2);
		assert_eq!(Mandates::<Test>::get((2, 1, XDR)).unwrap().used, 4_000);
		let bill = Bills::<Test>::get(0).unwrap();
		assert_eq!((bill.payer, bill.payee, bill.amount, bill.batch), (2, 1, 4_000, Some(0)));
		assert_eq!(bill.status, BillStatus::Accepted { cycle: 0, by_mandate: true });
		assert_eq!(held(HoldReason::BillDeposit, 1), BILL_DEPOSIT);
		assert_eq!(PendingExposure::<Test>::get(2, XDR), 4_000);
		run_to_block(2 + DISPUTE);
		assert_ok!(Clearing::release_bill(signed(5), 0));
		assert_eq!(PendingExposure::<Test>::get(2, XDR), 0);
		assert_eq!(position(0, XDR, 1), Some(Position { payable: 1_200, receivable: 4_000 }));
		assert_eq!(position(0, XDR, 2), Some(Position { payable: 4_000, receivable: 0 }));
		let totals = Totals::<Test>::get(0, XDR);
		assert_eq!((totals.gross, totals.participants), (5_200, 3));
		assert_eq!(Cycles::<Test>::get(0).unwrap().obligations, 3);

		let info = Batches::<Test>::get(0).unwrap();
		assert_eq!((info.records, info.pairs, info.cycle, info.submitter), (801, 3, 0, 1));
		assert_eq!(info.hash, H256::from(sp_io::hashing::blake2_256(&encoded)));
		assert_eq!(held(HoldReason::BatchDeposit, 1), BATCH_DEPOSIT);
		assert!(has_event(Event::BatchAccepted {
			batch: 0,
			submitter: 1,
			cycle: 0,
			records: 801,
			pairs: 3,
			hash: info.hash,
			records_root: BatchRecordRoots::<Test>::get(0).unwrap(),
		}));
	});
}

#[test]
fn a_batch_is_rejected_whole_on_any_bad_record() {
	build_and_execute(|| {
		assert_noop!(
			Clearing::submit_batch(signed(1), batch(vec![record(0, 1, 1, 0)]), 1),
			Error::<Test>::NotParticipant
		);
		join_all();
		assert_ok!(Clearing::grant_mandate(signed(2), 1, XDR, 100));
		let ok = record(0, 1, 5, 0);
		let cases: Vec<(Vec<BillRecord>, u32, Error<Test>)> = vec![
			(vec![], 1, Error::<Test>::EmptyBatch),
			(vec![ok.clone()], 17, Error::<Test>::TooManyPairs),
			(vec![ok.clone(), record(0, 2, 1, 1)], 1, Error::<Test>::TooManyPairs),
			(vec![ok.clone(), record(0, 1, 0, 1)], 2, Error::<Test>::ZeroAmount),
			(vec![ok.clone(), record(0, 0, 5, 1)], 2, Error::<Test>::SelfPayment),
			(vec![ok.clone(), record(1, 2, 5, 1)], 2, Error::<Test>::NotPartyToRecord),
			(
				vec![
					ok.clone(),
					BillRecord { currency: codec_bad_currency(), ..record(0, 1, 1, 1) },
				],
				2,
				Error::<Test>::UnknownCurrency,
			),
			(vec![ok.clone(), record(0, 6, 5, 1)], 2, Error::<Test>::UnknownParticipantIndex),
			(vec![record(2, 0, 5, 1)], 1, Error::<Test>::NoMandate),
			(vec![record(1, 0, 60, 1), record(1, 0, 41, 2)], 1, Error::<Test>::MandateCapExceeded),
		];
		for (records, pairs, error) in cases {
			assert_noop!(Clearing::submit_batch(signed(1), batch(records), pairs), error);
		}
		assert_eq!(NextBatchId::<Test>::get(), 0);
	});
}

#[test]
fn batch_records_overflowing_an_amount_are_rejected() {
	build_and_execute(|| {
		join_all();
		let records = vec![record(0, 1, u128::MAX, 0), record(0, 1, 1, 1)];
		assert_noop!(Clearing::submit_batch(signed(1), batch(records), 1), Error::<Test>::Overflow);
	});
}

#[test]
fn batch_records_are_removed_after_their_cycle_closes() {
	build_and_execute(|| {
		join_all();
		assert_ok!(Clearing::submit_batch(signed(1), batch(vec![record(0, 1, 5, 0)]), 1));
		assert_noop!(Clearing::remove_batch_record(signed(2), 0), Error::<Test>::NotSubmitter);
		assert_noop!(Clearing::remove_batch_record(signed(1), 0), Error::<Test>::WrongCyclePhase);
		assert_noop!(Clearing::remove_batch_record(signed(1), 3), Error::<Test>::UnknownBatch);
		let cycle = cut_off_and_instruct();
		assert_ok!(Clearing::acknowledge_payment(signed(2), cycle, 0));
		run_to_block(System::block_number() + 1);
		assert_eq!(Cycles::<Test>::get(cycle).unwrap().phase, CyclePhase::Closed);
		// Kept for the duplicate retention period, then removable.
		assert_noop!(Clearing::remove_batch_record(signed(1), 0), Error::<Test>::RetentionNotOver);
		System::set_block_number(1 + RETENTION + 1);
		assert!(BatchRecordRoots::<Test>::contains_key(0));
		assert_ok!(Clearing::remove_batch_record(signed(1), 0));
		assert_eq!(BatchHashes::<Test>::iter().count(), 0);
		assert_eq!(BatchRecordRoots::<Test>::iter().count(), 0);
		assert!(has_event(Event::BatchRecordRemoved { batch: 0 }));
		assert_eq!(held(HoldReason::BatchDeposit, 1), 0);
	});
}

// ---- Evidence per record ----

#[test]
fn a_batch_keeps_the_merkle_root_of_its_records_and_each_record_is_provable() {
	use telecom_primitives::evidence::{record_leaf, record_proof, records_root, verify_record};
	build_and_execute(|| {
		join_all();
		// An odd number of records: the last one moves up the tree unpaired.
		let records: Vec<BillRecord> =
			(0..7u64).map(|n| record(0, 1 + (n as u32 % 2), 10 + n as u128, n)).collect();
		assert_ok!(Clearing::submit_batch(signed(1), batch(records.clone()), 2));
		let root = BatchRecordRoots::<Test>::get(0).unwrap();
		assert_eq!(root, records_root(&records));
		assert_eq!(Clearing::batch_record_root(0), Some(root));
		let info = Batches::<Test>::get(0).unwrap();
		assert!(has_event(Event::BatchAccepted {
			batch: 0,
			submitter: 1,
			cycle: 0,
			records: 7,
			pairs: 2,
			hash: info.hash,
			records_root: root,
		}));
		for index in 0..7u32 {
			let proof = record_proof(&records, index).unwrap();
			assert!(proof.verifies_against(&root));
		}
		// A record changed after the fact is not in the batch.
		let mut forged = records[3].clone();
		forged.amount += 1;
		let proof = record_proof(&records, 3).unwrap();
		assert!(!verify_record(&root, record_leaf(&forged), &proof.proof, 7, 3));

		// One record: the root is its leaf.
		let single = vec![record(0, 2, 5, 100)];
		assert_ok!(Clearing::submit_batch(signed(1), batch(single.clone()), 1));
		assert_eq!(BatchRecordRoots::<Test>::get(1), Some(record_leaf(&single[0])));
	});
}

#[test]
fn a_refused_batch_stores_no_record_root() {
	build_and_execute(|| {
		join_all();
		assert_ok!(Clearing::submit_batch(signed(1), batch(vec![record(0, 1, 5, 0)]), 1));
		assert_noop!(
			Clearing::submit_batch(signed(1), batch(vec![record(0, 1, 5, 0)]), 1),
			Error::<Test>::DuplicateBatch
		);
		assert_noop!(
			Clearing::submit_batch(signed(1), batch(vec![record(0, 1, 0, 1)]), 1),
			Error::<Test>::ZeroAmount
		);
		assert_eq!(BatchRecordRoots::<Test>::iter().count(), 1);
	});
}

#[test]
fn try_state_checks_that_record_roots_and_batches_agree() {
	new_test_ext().execute_with(|| {
		join_all();
		for n in 0..3u64 {
			assert_ok!(Clearing::submit_batch(signed(1), batch(vec![record(0, 1, 5, n)]), 1));
		}
		assert_ok!(Clearing::do_try_state());
		// A batch stored before roots were kept (the oldest) has none: accepted.
		let oldest = BatchRecordRoots::<Test>::take(0).unwrap();
		assert_ok!(Clearing::do_try_state());
		// A batch after the first rooted one without its root: refused.
		let middle = BatchRecordRoots::<Test>::take(1).unwrap();
		BatchRecordRoots::<Test>::insert(0, oldest);
		assert!(Clearing::do_try_state().is_err());
		BatchRecordRoots::<Test>::insert(1, middle);
		assert_ok!(Clearing::do_try_state());
		// A root without its batch: refused.
		BatchRecordRoots::<Test>::insert(9, H256::repeat_byte(1));
		assert!(Clearing::do_try_state().is_err());
	});
}

// ---- Cycles ----

#[test]
fn cycles_cut_off_net_and_instruct_on_schedule() {
	build_and_execute(|| {
		join_all();
		accepted_bill(1, 2, 100); // 2 owes 1
		accepted_bill(3, 1, 30); // 1 owes 3
		accepted_bill(3, 2, 20); // 2 owes 3
		run_to_block(CYCLE - 1);
		assert_eq!(OpenCycle::<Test>::get(), 0);
		run_to_block(CYCLE);
		assert!(has_event(Event::CycleCutOff { cycle: 0, forced: false }));
		assert!(has_event(Event::CycleOpened { cycle: 1, cut_off_due: CYCLE + CYCLE }));
		assert_eq!(Cycles::<Test>::get(0).unwrap().phase, CyclePhase::CutOff);
		run_to_block(CYCLE + 1);
		assert!(has_event(Event::CurrencyNetted {
			cycle: 0,
			currency: XDR,
			gross: 150,
			net_settlement: 120,
			participants: 3
		}));
		assert_eq!(Cycles::<Test>::get(0).unwrap().phase, CyclePhase::Netted);
		run_to_block(CYCLE + 2);
		// Net: 1 = +70, 2 = -120, 3 = +50 → two payments from 2.
		let instructions = Clearing::cycle_instructions(0);
		assert_eq!(instructions.len(), 2);
		assert_eq!(
			(instructions[0].1.payer, instructions[0].1.payee, instructions[0].1.amount),
			(2, 1, 70)
		);
		assert_eq!(
			(instructions[1].1.payer, instructions[1].1.payee, instructions[1].1.amount),
			(2, 3, 50)
		);
		let info = Cycles::<Test>::get(0).unwrap();
		assert_eq!((info.phase, info.instructions, info.unsettled), (CyclePhase::Instructed, 2, 2));
		assert!(has_event(Event::CycleInstructed {
			cycle: 0,
			instructions: 2,
			settle_by: CYCLE + 2 + WINDOW
		}));
	});
}

#[test]
fn operators_force_a_cut_off_one_cycle_at_a_time() {
	build_and_execute(|| {
		join_all();
		// A single operator cannot force the cut-off: it needs the consortium.
		assert_noop!(Clearing::force_cut_off(signed(3)), DispatchError::BadOrigin);
		accepted_bill(1, 2, 100);
		assert_ok!(Clearing::force_cut_off(RuntimeOrigin::root()));
		assert!(has_event(Event::CycleCutOff { cycle: 0, forced: true }));
		assert_eq!(SettlingCycle::<Test>::get(), Some(0));
		assert_noop!(
			Clearing::force_cut_off(RuntimeOrigin::root()),
			Error::<Test>::PreviousCycleUnsettled
		);
	});
}

#[test]
fn an_empty_cycle_settles_and_closes_by_itself() {
	build_and_execute(|| {
		assert_ok!(Clearing::force_cut_off(RuntimeOrigin::root()));
		run_to_block(4);
		assert!(has_event(Event::CycleSettled { cycle: 0 }));
		assert!(has_event(Event::CycleClosed { cycle: 0 }));
		assert_eq!(SettlingCycle::<Test>::get(), None);
	});
}

#[test]
fn the_next_cut_off_is_one_cycle_length_after_the_last() {
	build_and_execute(|| {
		join_all();
		accepted_bill(1, 2, 100);
		// Cycle 0 is forced off at block 1: cycle 1 is due at 1 + CYCLE.
		let _ = cut_off_and_instruct();
		run_to_block(CYCLE);
		assert_eq!(OpenCycle::<Test>::get(), 1);
		run_to_block(CYCLE + 1);
		assert_eq!(OpenCycle::<Test>::get(), 2);
		assert!(has_event(Event::CycleCutOff { cycle: 1, forced: false }));
	});
}

#[test]
fn instructions_settle_on_chain_atomically_per_currency() {
	build_and_execute(|| {
		join_all();
		accepted_bill(1, 2, 100);
		accepted_bill(3, 2, 50);
		for who in [1, 2, 3] {
			assert_ok!(Clearing::set_settlement_method(
				signed(who),
				XDR,
				SettlementMethod::OnChain
			));
		}
		let cycle = cut_off_and_instruct();
		assert_noop!(
			Clearing::settle_on_chain(signed(5), cycle, XDR),
			Error::<Test>::NotParticipant
		);
		assert_noop!(Clearing::settle_on_chain(signed(1), 9, XDR), Error::<Test>::UnknownCycle);
		assert_noop!(
			Clearing::settle_on_chain(signed(1), cycle + 1, XDR),
			Error::<Test>::WrongCyclePhase
		);
		assert_noop!(
			Clearing::settle_on_chain(signed(1), cycle, EUR),
			Error::<Test>::NoSettlementAsset
		);
		assert_noop!(
			Clearing::settle_on_chain(signed(3), cycle, XDR),
			Error::<Test>::NothingToSettle
		);
		assert_ok!(Clearing::settle_on_chain(signed(2), cycle, XDR));
		assert!(has_event(Event::SettledOnChain {
			cycle,
			currency: XDR,
			payer: 2,
			instructions: 2
		}));
		assert_eq!(Assets::balance(XDR_ASSET, 2), XDR_FLOAT - 150);
		assert_eq!(Assets::balance(XDR_ASSET, 1), XDR_FLOAT + 100);
		assert_eq!(Assets::balance(XDR_ASSET, 3), XDR_FLOAT + 50);
		assert_eq!(Cycles::<Test>::get(cycle).unwrap().phase, CyclePhase::Settled);
		assert!(has_event(Event::CycleSettled { cycle }));
		run_to_block(System::block_number() + 1);
		assert_eq!(Cycles::<Test>::get(cycle).unwrap().phase, CyclePhase::Closed);
		assert_noop!(
			Clearing::settle_on_chain(signed(1), cycle, XDR),
			Error::<Test>::WrongCyclePhase
		);
	});
}

#[test]
fn on_chain_settlement_needs_the_payer_on_chain_and_funds() {
	build_and_execute(|| {
		join_all();
		assert_ok!(Clearing::admit_participant(RuntimeOrigin::root(), 5));
		accepted_bill(1, 2, 100);
		accepted_bill(3, 5, 70);
		for who in [2, 3, 5] {
			assert_ok!(Clearing::set_settlement_method(
				signed(who),
				XDR,
				SettlementMethod::OnChain
			));
		}
		let cycle = cut_off_and_instruct();
		// 2's payee settles off-chain: nothing to settle on-chain for 2.
		assert_noop!(
			Clearing::settle_on_chain(signed(2), cycle, XDR),
			Error::<Test>::NothingToSettle
		);
		assert_noop!(
			Clearing::settle_on_chain(signed(1), cycle, XDR),
			Error::<Test>::OffChainParticipant
		);
		// Account 5 holds no XDR tokens: its payment fails, nothing moves.
		assert!(Clearing::settle_on_chain(signed(5), cycle, XDR).is_err());
		assert_eq!(Assets::balance(XDR_ASSET, 3), XDR_FLOAT);
		assert_eq!(Cycles::<Test>::get(cycle).unwrap().unsettled, 2);
	});
}

#[test]
fn off_chain_payments_are_confirmed_and_acknowledged() {
	build_and_execute(|| {
		join_all();
		accepted_bill(1, 2, 100);
		let cycle = cut_off_and_instruct();
		assert_noop!(Clearing::confirm_payment(signed(1), cycle, 0, h(7)), Error::<Test>::NotPayer);
		assert_noop!(
			Clearing::confirm_payment(signed(2), cycle, 5, h(7)),
			Error::<Test>::UnknownInstruction
		);
		assert_noop!(
			Clearing::confirm_payment(signed(2), cycle + 1, 0, h(7)),
			Error::<Test>::WrongCyclePhase
		);
		assert_ok!(Clearing::confirm_payment(signed(2), cycle, 0, h(7)));
		assert!(has_event(Event::PaymentConfirmed { cycle, index: 0, bank_reference: h(7) }));
		assert_noop!(
			Clearing::confirm_payment(signed(2), cycle, 0, h(7)),
			Error::<Test>::InvalidInstructionState
		);
		assert_noop!(
			Clearing::settle_on_chain(signed(2), cycle, XDR),
			Error::<Test>::OffChainParticipant
		);
		assert_noop!(Clearing::acknowledge_payment(signed(2), cycle, 0), Error::<Test>::NotPayee);
		assert_noop!(
			Clearing::acknowledge_payment(signed(1), cycle, 3),
			Error::<Test>::UnknownInstruction
		);
		assert_noop!(
			Clearing::acknowledge_payment(signed(1), cycle + 7, 0),
			Error::<Test>::UnknownCycle
		);
		assert_ok!(Clearing::acknowledge_payment(signed(1), cycle, 0));
		assert!(has_event(Event::PaymentAcknowledged { cycle, index: 0 }));
		assert_eq!(Clearing::cycle_instructions(cycle)[0].1.status, InstructionStatus::Settled);
		assert_eq!(Cycles::<Test>::get(cycle).unwrap().phase, CyclePhase::Settled);
		assert_noop!(
			Clearing::acknowledge_payment(signed(1), cycle, 0),
			Error::<Test>::WrongCyclePhase
		);
	});
}

#[test]
fn unpaid_instructions_default_and_carry_over() {
	build_and_execute(|| {
		join_all();
		accepted_bill(1, 2, 100);
		let cycle = cut_off_and_instruct();
		let instructed_at = System::block_number();
		run_to_block(instructed_at + WINDOW);
		assert_eq!(Cycles::<Test>::get(cycle).unwrap().phase, CyclePhase::Instructed);
		run_to_block(instructed_at + WINDOW + 1);
		assert_noop!(
			Clearing::confirm_payment(signed(2), cycle, 0, h(7)),
			Error::<Test>::WrongCyclePhase
		);
		assert!(has_event(Event::PaymentDefaulted {
			cycle,
			index: 0,
			payer: 2,
			payee: 1,
			currency: XDR,
			amount: 100,
			covered: 0,
			carried_to: Some(cycle + 1)
		}));
		assert_eq!(
			Clearing::cycle_instructions(cycle)[0].1.status,
			InstructionStatus::Defaulted { carried_to: Some(cycle + 1), covered: 0 }
		);
		assert_eq!(position(cycle + 1, XDR, 2), Some(Position { payable: 100, receivable: 0 }));
		run_to_block(instructed_at + WINDOW + 2);
		assert_eq!(Cycles::<Test>::get(cycle).unwrap().phase, CyclePhase::Closed);
	});
}

#[test]
fn payments_after_the_deadline_are_refused() {
	build_and_execute(|| {
		join_all();
		accepted_bill(1, 2, 100);
		let cycle = cut_off_and_instruct();
		let at = System::block_number();
		// Past the deadline but before the hook has run.
		System::set_block_number(at + WINDOW + 1);
		assert_noop!(
			Clearing::confirm_payment(signed(2), cycle, 0, h(7)),
			Error::<Test>::DeadlinePassed
		);
		assert_noop!(
			Clearing::settle_on_chain(signed(2), cycle, XDR),
			Error::<Test>::DeadlinePassed
		);
	});
}

// ---- Obligations from other pallets ----

#[test]
fn the_obligation_sink_records_into_the_open_cycle() {
	build_and_execute(|| {
		let obligation = |payer, payee, amount| Obligation {
			payer,
			payee,
			currency: XDR,
			amount,
			source: ObligationSource::Roaming,
			reference: h(5),
		};
		// Operators 1 and 2 become participants by right.
		assert_eq!(<Clearing as ObligationSink<u64>>::submit(obligation(2, 1, 40)), Ok(0));
		assert_eq!(<Clearing as ObligationSink<u64>>::submit(obligation(1, 2, 15)), Ok(1));
		assert!(has_event(Event::ObligationRecorded {
			id: 1,
			source: ObligationSource::Roaming,
			payer: 1,
			payee: 2,
			currency: XDR,
			amount: 15,
			reference: h(5),
			cycle: 0
		}));
		assert_eq!(position(0, XDR, 1), Some(Position { payable: 15, receivable: 40 }));
		assert_eq!(
			Clearing::open_positions(&1),
			vec![(XDR, Position { payable: 15, receivable: 40 }, NetPosition::Credit(25))]
		);

		let sink = <Clearing as ObligationSink<u64>>::submit;
		assert_eq!(sink(obligation(1, 2, 0)), Err(Error::<Test>::ZeroAmount.into()));
		assert_eq!(sink(obligation(1, 1, 5)), Err(Error::<Test>::SelfPayment.into()));
		assert_eq!(
			sink(obligation(1, 7, 5)),
			Err(Error::<Test>::CounterpartyNotParticipant.into())
		);
		assert_eq!(
			sink(Obligation { currency: codec_bad_currency(), ..obligation(1, 2, 5) }),
			Err(Error::<Test>::UnknownCurrency.into())
		);
	});
}

#[test]
fn the_registry_and_so_every_cycle_hold_at_most_max_currencies() {
	build_and_execute(|| {
		join_all();
		assert_ok!(Clearing::register_currency(RuntimeOrigin::root(), CurrencyCode::USD, 2, None));
		assert_ok!(Clearing::set_credit_limit(RuntimeOrigin::root(), 2, CurrencyCode::USD, 5));
		for (n, currency) in [XDR, EUR, CurrencyCode::USD].into_iter().enumerate() {
			assert_ok!(Clearing::submit_bill(signed(1), 2, currency, 5, h(10 + n as u8), h(1)));
			assert_ok!(Clearing::accept_bill(signed(2), n as u64));
		}
		assert_eq!(CycleCurrencies::<Test>::get(0).len(), 3);
		assert_noop!(
			Clearing::register_currency(RuntimeOrigin::root(), CurrencyCode::GBP, 2, None),
			Error::<Test>::TooManyCurrencies
		);
		assert_noop!(
			Clearing::submit_bill(signed(1), 2, CurrencyCode::GBP, 5, h(44), h(1)),
			Error::<Test>::UnknownCurrency
		);
	});
}

// ---- Queries ----

#[test]
fn statements_show_positions_and_instructions() {
	build_and_execute(|| {
		join_all();
		accepted_bill(1, 2, 100);
		accepted_bill(3, 1, 30);
		let cycle = cut_off_and_instruct();
		let statement = Clearing::statement(cycle, &1).unwrap();
		assert_eq!(statement.info.phase, CyclePhase::Instructed);
		assert_eq!(statement.lines.len(), 1);
		let line = &statement.lines[0];
		assert_eq!(line.position, Position { payable: 30, receivable: 100 });
		assert_eq!(line.net, NetPosition::Credit(70));
		assert_eq!(line.instructions.len(), 1);
		assert!(Clearing::statement(42, &1).is_none());
		assert_eq!(Clearing::cycle_info(None).map(|(id, _)| id), Some(cycle + 1));
		assert_eq!(Clearing::cycle_positions(cycle, XDR).len(), 3);
		assert!(Clearing::batch_info(0).is_none());
	});
}

#[test]
fn random_obligations_net_to_zero_and_settle_completely() {
	build_and_execute(|| {
		for who in 1..=8 {
			assert_ok!(Clearing::admit_participant(RuntimeOrigin::root(), who));
		}
		let mut seed: u64 = 42;
		let mut next = |bound: u64| {
			seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
			(seed >> 33) % bound
		};
		for round in 0..5 {
			for _ in 0..40 {
				let payer = 1 + next(8);
				let payee = 1 + next(8);
				if payer == payee {
					continue;
				}
				let obligation = Obligation {
					payer,
					payee,
					currency: if next(2) == 0 { XDR } else { EUR },
					amount: 1 + next(10_000) as u128,
					source: ObligationSource::Spectrum,
					reference: h(round),
				};
				assert_ok!(<Clearing as ObligationSink<u64>>::submit(obligation));
			}
			let cycle = cut_off_and_instruct();
			for currency in [XDR, EUR] {
				let participants = Clearing::cycle_positions(cycle, currency)
					.iter()
					.filter(|(_, _, net)| *net != NetPosition::Flat)
					.count();
				let count = Clearing::cycle_instructions(cycle)
					.iter()
					.filter(|(_, i)| i.currency == currency)
					.count();
				assert!(count <= participants.saturating_sub(1));
			}
			for (index, instruction) in Clearing::cycle_instructions(cycle) {
				assert_ok!(Clearing::acknowledge_payment(signed(instruction.payee), cycle, index));
			}
			run_to_block(System::block_number() + 1);
			assert_eq!(Cycles::<Test>::get(cycle).unwrap().phase, CyclePhase::Closed);
		}
	});
}

#[test]
fn integrity_test_passes() {
	new_test_ext().execute_with(Clearing::integrity_test);
}

#[test]
fn genesis_opens_cycle_zero_and_maps_assets() {
	new_test_ext().execute_with(|| {
		assert_eq!(OpenCycle::<Test>::get(), 0);
		assert_eq!(Cycles::<Test>::get(0).unwrap().cut_off_due, CYCLE);
		assert_eq!(SettlementAssets::<Test>::get(XDR), Some(XDR_ASSET));
		assert!(Assets::asset_exists(XDR_ASSET));
	});
}

// ---- Issue 19: defects ----

/// Defect 1: a payment the payer confirmed off-chain is not a default at the payment deadline,
/// and nothing is carried into the next cycle.
#[test]
fn a_confirmed_payment_is_not_defaulted_at_the_deadline() {
	build_and_execute(|| {
		join_all();
		accepted_bill(1, 2, 100);
		let cycle = cut_off_and_instruct();
		let instructed_at = System::block_number();
		assert_ok!(Clearing::confirm_payment(signed(2), cycle, 0, h(7)));
		run_to_block(instructed_at + WINDOW + 1);
		assert_eq!(
			Clearing::cycle_instructions(cycle)[0].1.status,
			InstructionStatus::PaymentConfirmed(h(7))
		);
		assert_eq!(position(cycle + 1, XDR, 2), None);
		assert!(!System::events()
			.iter()
			.any(|r| matches!(r.event, RuntimeEvent::Clearing(Event::PaymentDefaulted { .. }))));
	});
}

#[test]
fn a_confirmed_payment_waits_for_the_payee_and_counts_as_received_at_the_deadline() {
	build_and_execute(|| {
		join_all();
		accepted_bill(1, 2, 100);
		accepted_bill(3, 1, 40);
		let cycle = cut_off_and_instruct();
		let at = System::block_number();
		// Instructions: 2 pays 1 60... find them by payer.
		let list = Clearing::cycle_instructions(cycle);
		assert_eq!(list.len(), 2);
		for (index, i) in &list {
			assert_ok!(Clearing::confirm_payment(signed(i.payer), cycle, *index, h(7)));
		}
		run_to_block(at + WINDOW + 1);
		assert_eq!(Cycles::<Test>::get(cycle).unwrap().phase, CyclePhase::Acknowledging);
		assert_eq!(Cycles::<Test>::get(cycle).unwrap().unsettled, 2);
		// Payments can no longer be confirmed, but the payee still acknowledges.
		let (first, one) = list[0].clone();
		assert_ok!(Clearing::acknowledge_payment(signed(one.payee), cycle, first));
		assert_eq!(Cycles::<Test>::get(cycle).unwrap().unsettled, 1);
		run_to_block(at + WINDOW + ACK);
		assert_eq!(Cycles::<Test>::get(cycle).unwrap().phase, CyclePhase::Acknowledging);
		run_to_block(at + WINDOW + ACK + 1);
		let (second, other) = list[1].clone();
		assert!(has_event(Event::PaymentDeemedAcknowledged { cycle, index: second }));
		assert_eq!(Cycles::<Test>::get(cycle).unwrap().phase, CyclePhase::Settled);
		assert_eq!(
			Instructions::<Test>::get(cycle, second).unwrap().status,
			InstructionStatus::Settled
		);
		assert_noop!(
			Clearing::dispute_non_receipt(signed(other.payee), cycle, second),
			Error::<Test>::WrongCyclePhase
		);
		// Nothing was carried over.
		assert_eq!(
			CycleCurrencies::<Test>::get(cycle + 1)
				.iter()
				.filter(|c| { Totals::<Test>::get(cycle + 1, **c).gross > 0 })
				.count(),
			0
		);
	});
}

#[test]
fn the_arbiter_decides_non_receipt_disputes() {
	build_and_execute(|| {
		join_all();
		accepted_bill(1, 2, 100);
		accepted_bill(3, 2, 50);
		let cycle = cut_off_and_instruct();
		let at = System::block_number();
		let list = Clearing::cycle_instructions(cycle);
		let [(a, first), (b, second)] = [list[0].clone(), list[1].clone()];
		assert_noop!(
			Clearing::dispute_non_receipt(signed(first.payee), cycle, a),
			Error::<Test>::InvalidInstructionState
		);
		assert_ok!(Clearing::confirm_payment(signed(2), cycle, a, h(7)));
		assert_ok!(Clearing::confirm_payment(signed(2), cycle, b, h(8)));
		assert_noop!(Clearing::dispute_non_receipt(signed(2), cycle, a), Error::<Test>::NotPayee);
		assert_noop!(
			Clearing::dispute_non_receipt(signed(first.payee), cycle, 9),
			Error::<Test>::UnknownInstruction
		);
		run_to_block(at + WINDOW + 1);
		assert_ok!(Clearing::dispute_non_receipt(signed(first.payee), cycle, a));
		assert!(has_event(Event::NonReceiptDisputed { cycle, index: a }));
		assert_eq!(
			Instructions::<Test>::get(cycle, a).unwrap().status,
			InstructionStatus::NonReceiptDisputed(h(7))
		);
		assert_ok!(Clearing::dispute_non_receipt(signed(second.payee), cycle, b));
		// Disputes do not hold the cycle: it settles and closes.
		assert_eq!(Cycles::<Test>::get(cycle).unwrap().phase, CyclePhase::Settled);
		run_to_block(System::block_number() + 1);
		assert_eq!(Cycles::<Test>::get(cycle).unwrap().phase, CyclePhase::Closed);

		assert_noop!(
			Clearing::decide_non_receipt(signed(1), cycle, a, true),
			DispatchError::BadOrigin
		);
		assert_ok!(Clearing::decide_non_receipt(signed(ARBITER), cycle, a, true));
		assert!(has_event(Event::NonReceiptDecided { cycle, index: a, paid: true }));
		assert_eq!(Instructions::<Test>::get(cycle, a).unwrap().status, InstructionStatus::Settled);
		assert_noop!(
			Clearing::decide_non_receipt(signed(ARBITER), cycle, a, false),
			Error::<Test>::InvalidInstructionState
		);
		assert_ok!(Clearing::decide_non_receipt(signed(ARBITER), cycle, b, false));
		assert!(matches!(
			Instructions::<Test>::get(cycle, b).unwrap().status,
			InstructionStatus::Defaulted { .. }
		));
		assert_eq!(
			position(cycle + 1, XDR, 2),
			Some(Position { payable: second.amount, receivable: 0 })
		);
	});
}

#[test]
fn non_receipt_cannot_be_disputed_after_the_acknowledgement_deadline() {
	build_and_execute(|| {
		join_all();
		accepted_bill(1, 2, 100);
		let cycle = cut_off_and_instruct();
		let at = System::block_number();
		assert_ok!(Clearing::confirm_payment(signed(2), cycle, 0, h(7)));
		// Past the deadline but before the hook has run.
		System::set_block_number(at + WINDOW + ACK + 1);
		assert_noop!(
			Clearing::dispute_non_receipt(signed(1), cycle, 0),
			Error::<Test>::AcknowledgementWindowClosed
		);
		assert_noop!(
			Clearing::acknowledge_payment(signed(1), cycle, 0),
			Error::<Test>::AcknowledgementWindowClosed
		);
	});
}

/// Defect 2: a default must be carried even when the open cycle has no free currency slot.
#[test]
fn a_default_is_carried_even_when_the_open_cycle_is_full_of_currencies() {
	build_and_execute(|| {
		join_all();
		accepted_bill(1, 2, 100);
		let cycle = cut_off_and_instruct();
		let at = System::block_number();
		// Before the deadline the open cycle fills up with other currencies.
		assert_ok!(Clearing::register_currency(RuntimeOrigin::root(), CurrencyCode::USD, 2, None));
		for (n, code) in ["EUR", "USD"].iter().enumerate() {
			let currency = CurrencyCode::try_from(*code).unwrap();
			let id = NextBillId::<Test>::get();
			assert_ok!(Clearing::submit_bill(signed(1), 3, currency, 5, h(n as u8 + 10), h(1)));
			let _ = Clearing::accept_bill(signed(3), id);
		}
		run_to_block(at + WINDOW + 1);
		assert_eq!(position(cycle + 1, XDR, 2), Some(Position { payable: 100, receivable: 0 }));
		assert_eq!(position(cycle + 1, XDR, 1), Some(Position { payable: 0, receivable: 100 }));
	});
}

/// Defect 2: a default that does not fit into the open cycle (an amount would overflow) waits
/// and is carried into the next cycle that has room; it never vanishes.
#[test]
fn a_default_that_does_not_fit_waits_and_is_carried_later() {
	build_and_execute(|| {
		join_all();
		accepted_bill(1, 2, 100);
		let cycle = cut_off_and_instruct();
		let at = System::block_number();
		// The open cycle is filled to the brim: the payer's position cannot take 100 more.
		// (Only an obligation from another pallet can still be that large: bills, batches and
		// mandates stay within the payer's exposure cap.)
		assert_ok!(<Clearing as ObligationSink<u64>>::submit(Obligation {
			source: ObligationSource::Roaming,
			payer: 2,
			payee: 3,
			currency: XDR,
			amount: u128::MAX - 50,
			reference: h(20),
		}));
		run_to_block(at + WINDOW + 1);
		assert!(has_event(Event::PaymentDefaulted {
			cycle,
			index: 0,
			payer: 2,
			payee: 1,
			currency: XDR,
			amount: 100,
			covered: 0,
			carried_to: None
		}));
		assert!(UncarriedDefaults::<Test>::contains_key((cycle, 0)));
		assert_eq!(position(cycle + 1, XDR, 1), None);
		// The cycle still closes; the next cycle takes the default.
		run_to_block(System::block_number() + 1);
		assert_eq!(Cycles::<Test>::get(cycle).unwrap().phase, CyclePhase::Closed);
		let big = cut_off_and_instruct();
		assert_eq!(big, cycle + 1);
		assert!(has_event(Event::DefaultCarried { cycle, index: 0, carried_to: cycle + 2 }));
		assert!(!UncarriedDefaults::<Test>::contains_key((cycle, 0)));
		assert_eq!(
			Instructions::<Test>::get(cycle, 0).unwrap().status,
			InstructionStatus::Defaulted { carried_to: Some(cycle + 2), covered: 0 }
		);
		assert_eq!(position(cycle + 2, XDR, 2), Some(Position { payable: 100, receivable: 0 }));
		// Settle the large cycle so that it is not carried into the same cycle again.
		for (index, i) in Clearing::cycle_instructions(big) {
			assert_ok!(Clearing::acknowledge_payment(signed(i.payee), big, index));
		}
	});
}

/// Defect 6: one payer that cannot pay does not stop the others from settling on-chain.
#[test]
fn an_unfunded_payer_does_not_block_on_chain_settlement_of_others() {
	build_and_execute(|| {
		join_all();
		assert_ok!(Clearing::admit_participant(RuntimeOrigin::root(), 5));
		accepted_bill(1, 2, 100);
		accepted_bill(3, 5, 70);
		for who in [1, 2, 3, 5] {
			assert_ok!(Clearing::set_settlement_method(
				signed(who),
				XDR,
				SettlementMethod::OnChain
			));
		}
		let cycle = cut_off_and_instruct();
		assert_ok!(Clearing::settle_on_chain(signed(2), cycle, XDR));
		assert_eq!(Assets::balance(XDR_ASSET, 2), XDR_FLOAT - 100);
		assert_eq!(Assets::balance(XDR_ASSET, 1), XDR_FLOAT + 100);
		assert_eq!(Cycles::<Test>::get(cycle).unwrap().unsettled, 1);
		// 5 cannot pay: only its own instruction defaults; 2 is no defaulter.
		let at = Cycles::<Test>::get(cycle).unwrap().instructed_at.unwrap();
		run_to_block(at + WINDOW + 1);
		let defaulted: Vec<_> = Clearing::cycle_instructions(cycle)
			.into_iter()
			.filter(|(_, i)| matches!(i.status, InstructionStatus::Defaulted { .. }))
			.map(|(_, i)| i.payer)
			.collect();
		assert_eq!(defaulted, vec![5]);
	});
}

/// Defect 6: a party cannot switch its settlement method once its cycle is cut off.
#[test]
fn settlement_methods_are_frozen_once_a_cycle_is_cut_off() {
	build_and_execute(|| {
		join_all();
		accepted_bill(1, 2, 100);
		for who in [1, 2] {
			assert_ok!(Clearing::set_settlement_method(
				signed(who),
				XDR,
				SettlementMethod::OnChain
			));
		}
		let cycle = cut_off_and_instruct();
		assert_noop!(
			Clearing::set_settlement_method(signed(1), XDR, SettlementMethod::OffChain),
			Error::<Test>::MethodFrozen
		);
		// Confirming the frozen method is no change.
		assert_ok!(Clearing::set_settlement_method(signed(1), XDR, SettlementMethod::OnChain));
		// Without a position in the cycle, 3 may still choose.
		assert_ok!(Clearing::set_settlement_method(signed(3), XDR, SettlementMethod::OnChain));
		assert_ok!(Clearing::settle_on_chain(signed(2), cycle, XDR));
		assert_ok!(Clearing::set_settlement_method(signed(1), XDR, SettlementMethod::OffChain));
	});
}

/// Defect 7: a cycle whose netting fails is retried every block and the consortium can abort it;
/// its obligations move intact into the open cycle and clearing goes on.
#[test]
fn a_cycle_whose_netting_fails_is_retried_and_can_be_aborted() {
	new_test_ext().execute_with(|| {
		join_all();
		accepted_bill(1, 2, 100);
		accepted_bill(3, 1, 30);
		let cycle = OpenCycle::<Test>::get();
		assert_ok!(Clearing::force_cut_off(RuntimeOrigin::root()));
		// A stray position breaks the zero sum (think: a faulty migration).
		Positions::<Test>::insert((cycle, XDR, 9), Position { payable: 0, receivable: 5 });
		let step = |n: u64| {
			System::set_block_number(n);
			Clearing::on_initialize(n);
		};
		step(2);
		step(3);
		let failures = System::events()
			.iter()
			.filter(|r| {
				r.event == RuntimeEvent::Clearing(Event::NettingFailed { cycle, currency: XDR })
			})
			.count();
		assert_eq!(failures, 2, "the step is retried every block");
		assert_eq!(Cycles::<Test>::get(cycle).unwrap().phase, CyclePhase::CutOff);

		assert_noop!(Clearing::abort_cycle(signed(1), cycle), DispatchError::BadOrigin);
		assert_noop!(
			Clearing::abort_cycle(RuntimeOrigin::root(), cycle + 1),
			Error::<Test>::WrongCyclePhase
		);
		assert_ok!(Clearing::abort_cycle(RuntimeOrigin::root(), cycle));
		let open = OpenCycle::<Test>::get();
		assert!(has_event(Event::CycleAborted { cycle, carried_to: open, positions: 4 }));
		assert_eq!(Cycles::<Test>::get(cycle).unwrap().phase, CyclePhase::Aborted);
		assert_eq!(SettlingCycle::<Test>::get(), None);
		assert_eq!(position(open, XDR, 1), Some(Position { payable: 30, receivable: 100 }));
		assert_eq!(position(open, XDR, 2), Some(Position { payable: 100, receivable: 0 }));
		assert_eq!(position(open, XDR, 3), Some(Position { payable: 0, receivable: 30 }));
		assert_eq!(Totals::<Test>::get(open, XDR).gross, 130);
		assert_eq!(position(cycle, XDR, 1), None);
		// Governance removes the stray position; clearing goes on with the next cut-off.
		Positions::<Test>::remove((open, XDR, 9));
		Totals::<Test>::mutate(open, XDR, |t| t.participants -= 1);
		Clearing::do_try_state().unwrap();
		assert_ok!(Clearing::force_cut_off(RuntimeOrigin::root()));
		step(4);
		step(5);
		assert_eq!(Cycles::<Test>::get(open).unwrap().phase, CyclePhase::Instructed);
		Clearing::do_try_state().unwrap();
	});
}

/// Defect 5: a mandate bill is netted only after its dispute window, whatever the cut-off; a
/// single operator cannot force the cut-off.
#[test]
fn a_mandate_bill_enters_netting_only_after_its_dispute_window() {
	build_and_execute(|| {
		join_all();
		assert_ok!(Clearing::grant_mandate(signed(2), 1, XDR, 1_000));
		assert_ok!(Clearing::submit_bill(signed(1), 2, XDR, 100, h(1), h(2)));
		// Not in the positions of the open cycle while the payer may still dispute.
		assert_eq!(position(0, XDR, 2), None);
		assert!(Clearing::force_cut_off(signed(1)).is_err());
		assert_ok!(Clearing::force_cut_off(RuntimeOrigin::root()));
		// The payer disputes after the cut-off, within its window.
		run_to_block(3);
		assert_ok!(Clearing::dispute_bill(signed(2), 0, DisputeReason::WrongAmount, h(9)));
		assert_eq!(Mandates::<Test>::get((2, 1, XDR)).unwrap().used, 0);
		// A younger bill rolls into the cycle open when its window has passed.
		assert_ok!(Clearing::submit_bill(signed(1), 2, XDR, 40, h(3), h(2)));
		run_to_block(4 + DISPUTE);
		assert_ok!(Clearing::release_bill(signed(3), 1));
		assert_eq!(position(1, XDR, 2), Some(Position { payable: 40, receivable: 0 }));
		assert_eq!(position(0, XDR, 2), None);
	});
}

/// Defect 4: a re-sent batch (same content) is refused.
#[test]
fn a_re_sent_batch_is_refused() {
	build_and_execute(|| {
		join_all();
		let records = batch(vec![record(0, 1, 100, 1), record(0, 2, 50, 2)]);
		assert_ok!(Clearing::submit_batch(signed(1), records.clone(), 2));
		assert_noop!(Clearing::submit_batch(signed(1), records, 2), Error::<Test>::DuplicateBatch);
		assert_eq!(Totals::<Test>::get(0, XDR).gross, 150);
	});
}

/// Defect 4: a second bill with the same (payee, reference) is refused.
#[test]
fn a_second_bill_with_the_same_reference_is_refused() {
	build_and_execute(|| {
		join_all();
		assert_ok!(Clearing::submit_bill(signed(1), 2, XDR, 100, h(1), h(2)));
		assert_ok!(Clearing::accept_bill(signed(2), 0));
		assert_noop!(
			Clearing::submit_bill(signed(1), 2, XDR, 100, h(1), h(3)),
			Error::<Test>::DuplicateBill
		);
		// Another payee may use the same reference.
		assert_ok!(Clearing::submit_bill(signed(3), 2, XDR, 100, h(1), h(2)));
		assert_eq!(Totals::<Test>::get(0, XDR).gross, 100);
		// The reference is forgotten only after the retention period, by anyone.
		assert_noop!(
			Clearing::remove_bill_reference(signed(5), 1, h(1)),
			Error::<Test>::RetentionNotOver
		);
		assert_noop!(
			Clearing::remove_bill_reference(signed(5), 1, h(9)),
			Error::<Test>::UnknownBill
		);
		System::set_block_number(2 + RETENTION);
		assert_ok!(Clearing::remove_bill_reference(signed(5), 1, h(1)));
		assert!(has_event(Event::BillReferenceRemoved { payee: 1, reference: h(1) }));
		assert_ok!(Clearing::submit_bill(signed(1), 2, XDR, 100, h(1), h(2)));
	});
}

/// Defect 4: a record number is never booked twice by the same submitter.
#[test]
fn a_record_reference_is_never_booked_twice() {
	build_and_execute(|| {
		join_all();
		assert_ok!(Clearing::submit_batch(
			signed(1),
			batch(vec![record(0, 1, 100, 1), record(0, 1, 100, 2)]),
			1
		));
		// A re-chunked re-run: same record 2 with a new one.
		assert_noop!(
			Clearing::submit_batch(
				signed(1),
				batch(vec![record(0, 1, 100, 2), record(0, 1, 7, 3)]),
				1
			),
			Error::<Test>::RecordAlreadyBooked
		);
		// Out of order within a batch.
		assert_noop!(
			Clearing::submit_batch(
				signed(1),
				batch(vec![record(0, 1, 7, 5), record(0, 1, 7, 4)]),
				1
			),
			Error::<Test>::RecordAlreadyBooked
		);
		assert_ok!(Clearing::submit_batch(signed(1), batch(vec![record(0, 1, 7, 3)]), 1));
		assert_eq!(BookedReferences::<Test>::get(1).into_inner(), vec![(1, 3)]);
		assert_eq!(Totals::<Test>::get(0, XDR).gross, 207);
	});
}

/// Defect 3: only currencies the consortium registered are accepted anywhere in clearing.
#[test]
fn only_registered_currencies_are_accepted() {
	build_and_execute(|| {
		join_all();
		let jpy = CurrencyCode::try_from("JPY").unwrap();
		assert_noop!(
			Clearing::submit_bill(signed(1), 2, jpy, 5, h(1), h(1)),
			Error::<Test>::UnknownCurrency
		);
		assert_noop!(
			Clearing::submit_batch(
				signed(1),
				batch(vec![BillRecord { currency: jpy, ..record(0, 1, 5, 1) }]),
				1
			),
			Error::<Test>::UnknownCurrency
		);
		assert_eq!(
			<Clearing as ObligationSink<u64>>::submit(Obligation {
				payer: 1,
				payee: 2,
				currency: jpy,
				amount: 5,
				source: ObligationSource::Roaming,
				reference: h(5),
			}),
			Err(Error::<Test>::UnknownCurrency.into())
		);
		assert_noop!(Clearing::grant_mandate(signed(2), 1, jpy, 5), Error::<Test>::UnknownCurrency);
		assert_noop!(
			Clearing::set_settlement_method(signed(1), jpy, SettlementMethod::OffChain),
			Error::<Test>::UnknownCurrency
		);
		assert_noop!(
			Clearing::set_settlement_asset(RuntimeOrigin::root(), jpy, Some(XDR_ASSET)),
			Error::<Test>::UnknownCurrency
		);
		// The consortium registers it; a participant cannot.
		assert_noop!(
			Clearing::register_currency(signed(1), jpy, 0, None),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Clearing::register_currency(RuntimeOrigin::root(), codec_bad_currency(), 0, None),
			Error::<Test>::InvalidCurrency
		);
		assert_ok!(Clearing::register_currency(RuntimeOrigin::root(), jpy, 0, None));
		assert!(has_event(Event::CurrencyRegistered { currency: jpy, exponent: 0, asset: None }));
		assert_eq!(Currencies::<Test>::get(jpy), Some(CurrencyInfo { exponent: 0 }));
		assert_ok!(Clearing::submit_bill(signed(1), 2, jpy, 5, h(1), h(1)));
		// The registry is covered by MaxCurrencies (3 here): every cycle has room for all.
		assert_noop!(
			Clearing::register_currency(RuntimeOrigin::root(), CurrencyCode::GBP, 2, None),
			Error::<Test>::TooManyCurrencies
		);
		// Updating a registered currency needs no new slot.
		assert_ok!(Clearing::register_currency(RuntimeOrigin::root(), jpy, 0, Some(XDR_ASSET)));
		assert_eq!(CurrencyCount::<Test>::get(), 3);
	});
}

/// A batch that failed at dispatch leaves its record numbers free: a later batch with higher
/// numbers does not shut them out, and the gap can be filled when the batch is re-sent.
#[test]
fn a_gap_left_by_a_failed_batch_can_be_filled_later() {
	build_and_execute(|| {
		join_all();
		// Batch k (records 1-2) failed at dispatch; batch k+1 (records 3-4) landed.
		assert_ok!(Clearing::submit_batch(
			signed(1),
			batch(vec![record(0, 1, 10, 3), record(0, 1, 10, 4)]),
			1
		));
		// The re-sent batch k is booked.
		assert_ok!(Clearing::submit_batch(
			signed(1),
			batch(vec![record(0, 1, 5, 1), record(0, 1, 5, 2)]),
			1
		));
		assert_eq!(Totals::<Test>::get(0, XDR).gross, 30);
		// Every number is still booked once.
		for reference in 1..=4 {
			assert_noop!(
				Clearing::submit_batch(signed(1), batch(vec![record(0, 1, 1, reference)]), 1),
				Error::<Test>::RecordAlreadyBooked
			);
		}
		assert_eq!(BookedReferences::<Test>::get(1).into_inner(), vec![(1, 4)]);
		// A batch's span is booked whole; disjoint spans stay apart up to the cap (4 here).
		for reference in [10, 20, 30] {
			assert_ok!(Clearing::submit_batch(
				signed(1),
				batch(vec![record(0, 1, 1, reference)]),
				1
			));
		}
		assert_noop!(
			Clearing::submit_batch(signed(1), batch(vec![record(0, 1, 1, 40)]), 1),
			Error::<Test>::TooManyBookedIntervals
		);
		// Filling a gap or spanning gaps merges intervals.
		assert_ok!(Clearing::submit_batch(
			signed(1),
			batch(vec![record(0, 1, 1, 5), record(0, 1, 1, 9)]),
			1
		));
		assert_noop!(
			Clearing::submit_batch(
				signed(1),
				batch(vec![record(0, 1, 1, 25), record(0, 1, 1, 30)]),
				1
			),
			Error::<Test>::RecordAlreadyBooked
		);
		assert_ok!(Clearing::submit_batch(
			signed(1),
			batch(vec![record(0, 1, 1, 25), record(0, 1, 1, 40)]),
			1
		));
		assert_eq!(
			BookedReferences::<Test>::get(1).into_inner(),
			vec![(1, 10), (20, 20), (25, 40)]
		);
		assert_noop!(
			Clearing::submit_batch(signed(1), batch(vec![record(0, 1, 2, 30)]), 1),
			Error::<Test>::RecordAlreadyBooked
		);
	});
}

/// The consortium cannot pull or change a currency's settlement rail while a cut-off cycle in
/// that currency settles: payers frozen at on-chain settlement would be stuck.
#[test]
fn a_settling_currency_keeps_its_settlement_rail() {
	build_and_execute(|| {
		join_all();
		accepted_bill(1, 2, 100);
		for who in [1, 2] {
			assert_ok!(Clearing::set_settlement_method(
				signed(who),
				XDR,
				SettlementMethod::OnChain
			));
		}
		let cycle = cut_off_and_instruct();
		assert_noop!(
			Clearing::register_currency(RuntimeOrigin::root(), XDR, 2, None),
			Error::<Test>::CurrencyInSettlement
		);
		assert_noop!(
			Clearing::register_currency(RuntimeOrigin::root(), XDR, 3, Some(XDR_ASSET)),
			Error::<Test>::CurrencyInSettlement
		);
		assert_noop!(
			Clearing::set_settlement_asset(RuntimeOrigin::root(), XDR, None),
			Error::<Test>::CurrencyInSettlement
		);
		// Re-registering unchanged, and another currency, are fine.
		assert_ok!(Clearing::register_currency(RuntimeOrigin::root(), XDR, 2, Some(XDR_ASSET)));
		assert_ok!(Clearing::register_currency(RuntimeOrigin::root(), EUR, 2, Some(XDR_ASSET)));
		assert_ok!(Clearing::settle_on_chain(signed(2), cycle, XDR));
		assert_eq!(Cycles::<Test>::get(cycle).unwrap().phase, CyclePhase::Settled);
		// Once settled, the rail may change.
		assert_ok!(Clearing::set_settlement_asset(RuntimeOrigin::root(), XDR, None));
	});
}

/// Waiting defaults are retried in turn: defaults queued behind `MAX_CARRY_RETRIES` others that
/// never fit are still retried and carried.
#[test]
fn every_waiting_default_is_retried_in_turn() {
	build_and_execute(|| {
		join_all();
		// Participant 2 owes 5 in the open cycle: a default of u128::MAX from 2 never fits.
		assert_ok!(Clearing::submit_batch(signed(2), batch(vec![record(1, 0, 5, 1)]), 1));
		let old: CycleId = 99;
		let waiting = crate::impls::MAX_CARRY_RETRIES * 2 + 8;
		for index in 0..waiting {
			Instructions::<Test>::insert(
				old,
				index,
				Instruction {
					currency: XDR,
					payer: 2,
					payee: 1,
					amount: u128::MAX,
					status: InstructionStatus::Defaulted { carried_to: None, covered: 0 },
				},
			);
			UncarriedDefaults::<Test>::insert((old, index), ());
		}
		// The one that fits is the last in storage order.
		let (_, last) = UncarriedDefaults::<Test>::iter_keys().last().unwrap();
		Instructions::<Test>::mutate(old, last, |i| i.as_mut().unwrap().amount = 1);
		let now = System::block_number();
		run_to_block(now + 3);
		assert!(has_event(Event::DefaultCarried { cycle: old, index: last, carried_to: 0 }));
		assert!(!UncarriedDefaults::<Test>::contains_key((old, last)));
		assert_eq!(UncarriedDefaults::<Test>::iter_keys().count() as u32, waiting - 1);
	});
}

/// A mandate's cap bounds what its bills add to the cycle they are netted in: bills accepted
/// under it in several cycles and released together cannot exceed one cycle's cap; the excess
/// waits for the payer's own acceptance.
#[test]
fn a_mandate_cap_is_drawn_when_a_bill_is_released() {
	build_and_execute(|| {
		join_all();
		assert_ok!(Clearing::grant_mandate(signed(2), 1, XDR, 100));
		assert_ok!(Clearing::submit_bill(signed(1), 2, XDR, 100, h(1), h(1)));
		assert_ok!(Clearing::force_cut_off(RuntimeOrigin::root()));
		assert_ok!(Clearing::submit_bill(signed(1), 2, XDR, 100, h(2), h(1)));
		assert!(matches!(
			Bills::<Test>::get(1).unwrap().status,
			BillStatus::Accepted { by_mandate: true, .. }
		));
		run_to_block(System::block_number() + DISPUTE + 1);
		assert_ok!(Clearing::release_bill(signed(3), 1));
		let cycle = OpenCycle::<Test>::get();
		assert_eq!(position(cycle, XDR, 2), Some(Position { payable: 100, receivable: 0 }));
		// The older bill does not fit this cycle's cap: it waits for the payer, who may still
		// dispute it.
		assert_ok!(Clearing::release_bill(signed(3), 0));
		assert_eq!(position(cycle, XDR, 2), Some(Position { payable: 100, receivable: 0 }));
		assert_eq!(Bills::<Test>::get(0).unwrap().status, BillStatus::Submitted);
		assert!(has_event(Event::BillReturnedToPayer { bill: 0 }));
		assert_ok!(Clearing::accept_bill(signed(2), 0));
		assert_eq!(position(cycle, XDR, 2), Some(Position { payable: 200, receivable: 0 }));
	});
}

// ---- Exposure caps and default management ----

/// Review finding 1: with no exposure cap, one participant booked a record of `u128::MAX` as
/// payer, and every later booking in the currency failed with `Overflow`: one party blocked a
/// currency for everyone.
#[test]
fn one_payer_cannot_block_a_currency_with_a_huge_record() {
	build_and_execute(|| {
		join_all();
		let hostile = Clearing::submit_batch(signed(1), batch(vec![record(0, 1, u128::MAX, 0)]), 1);
		// Another pair of participants books an ordinary bill in the same currency.
		accepted_bill(3, 2, 10);
		assert_eq!(position(0, XDR, 2).unwrap().payable, 10);
		assert_eq!(hostile, Err(Error::<Test>::ExposureCapExceeded.into()));
		assert_eq!(position(0, XDR, 1), None);
	});
}

/// Review finding 2: a batch record drawn on a mandate was netted at once, so its payer could
/// not dispute it, unlike a mandate bill.
#[test]
fn a_mandate_drawn_batch_record_can_be_disputed_within_the_window() {
	build_and_execute(|| {
		join_all();
		assert_ok!(Clearing::grant_mandate(signed(2), 1, XDR, 500));
		// Participant 1 (index 0) bills participant 2 (index 1) under 2's mandate.
		assert_ok!(Clearing::submit_batch(signed(1), batch(vec![record(1, 0, 100, 0)]), 1));
		assert_eq!(position(0, XDR, 2), None, "not netted before its dispute window");
		assert_ok!(Clearing::dispute_bill(signed(2), 0, DisputeReason::WrongAmount, h(9)));
		assert!(matches!(Bills::<Test>::get(0).unwrap().status, BillStatus::Disputed { .. }));
		assert_ok!(Clearing::resolve_dispute(signed(ARBITER), 0, 40));
		assert_eq!(position(0, XDR, 2).unwrap().payable, 40);
	});
}

fn asset_balance(who: u64) -> u128 {
	Assets::balance(XDR_ASSET, who)
}

/// Participant 2 without the genesis credit line in XDR: its cap is its collateral × MULTIPLIER.
fn secured_only(who: u64, collateral: u128) {
	assert_ok!(Clearing::set_credit_limit(RuntimeOrigin::root(), who, XDR, 0));
	if collateral > 0 {
		assert_ok!(Clearing::post_collateral(signed(who), XDR, collateral));
	}
}

#[test]
fn collateral_is_posted_and_withdrawn_within_the_cap() {
	build_and_execute(|| {
		join_all();
		assert_noop!(Clearing::post_collateral(signed(7), XDR, 5), Error::<Test>::NotParticipant);
		assert_noop!(Clearing::post_collateral(signed(2), XDR, 0), Error::<Test>::ZeroAmount);
		assert_noop!(
			Clearing::post_collateral(signed(2), EUR, 5),
			Error::<Test>::NoSettlementAsset
		);
		secured_only(2, 100);
		assert!(has_event(Event::CollateralPosted {
			who: 2,
			currency: XDR,
			amount: 100,
			total: 100
		}));
		assert_eq!(asset_balance(2), XDR_FLOAT - 100);
		assert_eq!(asset_balance(Clearing::clearing_account()), 100);
		assert_eq!(Collateral::<Test>::get(2, XDR), 100);
		assert_eq!(CollateralTotals::<Test>::get(XDR), 100);
		assert_eq!(Clearing::exposure(&2, XDR).cap, 100 * u128::from(MULTIPLIER));

		// Cap 400: 300 is booked, 101 more is refused and nothing is recorded.
		accepted_bill(1, 2, 300);
		let id = NextBillId::<Test>::get();
		assert_ok!(Clearing::submit_bill(signed(1), 2, XDR, 101, h(77), h(2)));
		assert_noop!(Clearing::accept_bill(signed(2), id), Error::<Test>::ExposureCapExceeded);
		assert_eq!(position(0, XDR, 2).unwrap().payable, 300);
		assert_ok!(Clearing::withdraw_bill(signed(1), id));

		// 300 of exposure needs 75 of collateral: 25 is free, 26 is not.
		assert_noop!(
			Clearing::withdraw_collateral(signed(2), XDR, 26),
			Error::<Test>::CollateralNeeded
		);
		assert_noop!(
			Clearing::withdraw_collateral(signed(2), XDR, 101),
			Error::<Test>::CollateralNeeded
		);
		assert_noop!(Clearing::withdraw_collateral(signed(2), XDR, 0), Error::<Test>::ZeroAmount);
		assert_ok!(Clearing::withdraw_collateral(signed(2), XDR, 25));
		assert!(has_event(Event::CollateralWithdrawn {
			who: 2,
			currency: XDR,
			amount: 25,
			total: 75
		}));
		assert_eq!(asset_balance(2), XDR_FLOAT - 75);
		assert_eq!(asset_balance(Clearing::clearing_account()), 75);
		assert_eq!(CollateralTotals::<Test>::get(XDR), 75);
	});
}

#[test]
fn collateral_stays_while_its_owner_owes_in_the_settling_cycle() {
	build_and_execute(|| {
		join_all();
		secured_only(2, 100);
		accepted_bill(1, 2, 40);
		let cycle = cut_off_and_instruct();
		// The net debit of the settling cycle counts as exposure until that cycle is settled.
		assert_eq!(Clearing::exposure(&2, XDR).settling_debit, 40);
		assert_eq!(Clearing::exposure(&2, XDR).total(), 40);
		assert_noop!(
			Clearing::withdraw_collateral(signed(2), XDR, 1),
			Error::<Test>::OwesInSettlingCycle
		);
		// 2 may book 360 more in the open cycle, not 361.
		let id = NextBillId::<Test>::get();
		assert_ok!(Clearing::submit_bill(signed(3), 2, XDR, 361, h(70), h(2)));
		assert_noop!(Clearing::accept_bill(signed(2), id), Error::<Test>::ExposureCapExceeded);
		assert_ok!(Clearing::acknowledge_payment(signed(1), cycle, 0));
		run_to_block(System::block_number() + 1);
		assert_eq!(Cycles::<Test>::get(cycle).unwrap().phase, CyclePhase::Closed);
		assert_ok!(Clearing::accept_bill(signed(2), id));
		assert_noop!(
			Clearing::withdraw_collateral(signed(2), XDR, 10),
			Error::<Test>::CollateralNeeded
		);
		assert_ok!(Clearing::withdraw_collateral(signed(2), XDR, 9));
	});
}

#[test]
fn mandates_and_mandate_bills_stay_within_the_payers_cap() {
	build_and_execute(|| {
		join_all();
		secured_only(2, 100);
		assert_noop!(
			Clearing::grant_mandate(signed(2), 1, XDR, 401),
			Error::<Test>::ExposureCapExceeded
		);
		assert_ok!(Clearing::grant_mandate(signed(2), 1, XDR, 400));
		assert_ok!(Clearing::submit_bill(signed(1), 2, XDR, 300, h(1), h(2)));
		assert_eq!(PendingExposure::<Test>::get(2, XDR), 300);
		assert_eq!(Clearing::exposure(&2, XDR).total(), 300);
		accepted_bill(3, 2, 50);
		// Within the mandate's cap (400) but above 2's exposure cap (300 + 50 + 100 > 400).
		assert_noop!(
			Clearing::submit_bill(signed(1), 2, XDR, 100, h(3), h(2)),
			Error::<Test>::ExposureCapExceeded
		);
		assert_eq!(Mandates::<Test>::get((2, 1, XDR)).unwrap().used, 300);
		// A dispute frees the pending amount.
		assert_ok!(Clearing::dispute_bill(signed(2), 0, DisputeReason::WrongAmount, h(4)));
		assert_eq!(PendingExposure::<Test>::get(2, XDR), 0);
	});
}

#[test]
fn a_batch_stays_within_every_payers_cap() {
	build_and_execute(|| {
		join_all(); // indices: 1 → 0, 2 → 1, 3 → 2
		secured_only(2, 100);
		// 2 pays 3 (index 2) 401 in its own batch: above its cap.
		assert_noop!(
			Clearing::submit_batch(signed(2), batch(vec![record(1, 2, 401, 0)]), 1),
			Error::<Test>::ExposureCapExceeded
		);
		// 1 bills 2 under 2's mandate above 2's cap.
		assert_ok!(Clearing::grant_mandate(signed(2), 1, XDR, 400));
		accepted_bill(3, 2, 1);
		assert_noop!(
			Clearing::submit_batch(signed(1), batch(vec![record(1, 0, 400, 0)]), 1),
			Error::<Test>::ExposureCapExceeded
		);
		assert_eq!(NextBatchId::<Test>::get(), 0);
		assert_ok!(Clearing::submit_batch(signed(2), batch(vec![record(1, 2, 399, 0)]), 1));
		assert_eq!(position(0, XDR, 2).unwrap().payable, 400);
	});
}

#[test]
fn a_default_is_paid_from_collateral_first_and_suspends_the_payer() {
	build_and_execute(|| {
		join_all();
		secured_only(2, 60);
		accepted_bill(1, 2, 100);
		let cycle = cut_off_and_instruct();
		let before = asset_balance(1);
		run_to_block(System::block_number() + WINDOW + 1);
		// The collateral (60) paid the payee; the rest (40) is carried over.
		assert!(has_event(Event::CollateralDrawn {
			cycle,
			index: 0,
			who: 2,
			payee: 1,
			currency: XDR,
			amount: 60
		}));
		assert!(has_event(Event::ParticipantSuspended { who: 2 }));
		assert!(has_event(Event::PaymentDefaulted {
			cycle,
			index: 0,
			payer: 2,
			payee: 1,
			currency: XDR,
			amount: 100,
			covered: 60,
			carried_to: Some(cycle + 1)
		}));
		assert_eq!(asset_balance(1), before + 60);
		assert_eq!(asset_balance(Clearing::clearing_account()), 0);
		assert_eq!(Collateral::<Test>::get(2, XDR), 0);
		assert_eq!(CollateralTotals::<Test>::get(XDR), 0);
		assert_eq!(
			Instructions::<Test>::get(cycle, 0).unwrap().status,
			InstructionStatus::Defaulted { carried_to: Some(cycle + 1), covered: 60 }
		);
		assert_eq!(position(cycle + 1, XDR, 2), Some(Position { payable: 40, receivable: 0 }));

		// Suspended: no new obligations as payer, no mandate, no withdrawal.
		assert!(Suspended::<Test>::contains_key(2));
		let id = NextBillId::<Test>::get();
		assert_ok!(Clearing::submit_bill(signed(3), 2, XDR, 1, h(50), h(2)));
		assert_noop!(Clearing::accept_bill(signed(2), id), Error::<Test>::ParticipantSuspended);
		assert_noop!(
			Clearing::grant_mandate(signed(2), 3, XDR, 1),
			Error::<Test>::ParticipantSuspended
		);
		assert_ok!(Clearing::set_credit_limit(RuntimeOrigin::root(), 2, XDR, 1_000));
		assert_ok!(Clearing::post_collateral(signed(2), XDR, 10));
		assert_noop!(
			Clearing::withdraw_collateral(signed(2), XDR, 1),
			Error::<Test>::ParticipantSuspended
		);
		// It may still be paid.
		accepted_bill(2, 3, 5);

		// Only the consortium reinstates.
		assert_noop!(Clearing::reinstate(signed(1), 2), DispatchError::BadOrigin);
		assert_ok!(Clearing::reinstate(RuntimeOrigin::root(), 2));
		assert!(has_event(Event::ParticipantReinstated { who: 2 }));
		assert_noop!(Clearing::reinstate(RuntimeOrigin::root(), 2), Error::<Test>::NotSuspended);
		assert_ok!(Clearing::accept_bill(signed(2), id));
	});
}

#[test]
fn collateral_that_covers_a_default_leaves_nothing_to_carry() {
	build_and_execute(|| {
		join_all();
		secured_only(2, 500);
		accepted_bill(1, 2, 100);
		let cycle = cut_off_and_instruct();
		let before = asset_balance(1);
		run_to_block(System::block_number() + WINDOW + 1);
		assert_eq!(
			Instructions::<Test>::get(cycle, 0).unwrap().status,
			InstructionStatus::Defaulted { carried_to: None, covered: 100 }
		);
		assert!(!UncarriedDefaults::<Test>::contains_key((cycle, 0)));
		assert_eq!(asset_balance(1), before + 100);
		assert_eq!(Collateral::<Test>::get(2, XDR), 400);
		assert_eq!(asset_balance(Clearing::clearing_account()), 400);
		assert_eq!(position(cycle + 1, XDR, 2), None);
		assert!(Suspended::<Test>::contains_key(2));
		run_to_block(System::block_number() + 1);
		assert_eq!(Cycles::<Test>::get(cycle).unwrap().phase, CyclePhase::Closed);
	});
}

/// The loss-allocation rule: what collateral does not cover stays the defaulter's debt to the
/// same payee, netted in the next cycle against what the defaulter is owed there; no other
/// participant pays any of it.
#[test]
fn the_uncovered_rest_is_netted_against_what_the_defaulter_is_owed() {
	build_and_execute(|| {
		join_all();
		secured_only(2, 60);
		accepted_bill(1, 2, 100);
		let cycle = cut_off_and_instruct();
		run_to_block(System::block_number() + WINDOW + 1);
		run_to_block(System::block_number() + 1);
		// In the next cycle 3 owes the suspended 2 thirty (a roaming obligation).
		assert_ok!(<Clearing as ObligationSink<u64>>::submit(Obligation {
			source: ObligationSource::Roaming,
			payer: 3,
			payee: 2,
			currency: XDR,
			amount: 30,
			reference: h(40),
		}));
		let next = cut_off_and_instruct();
		assert_eq!(next, cycle + 1);
		let paid: Vec<_> = Clearing::cycle_instructions(next)
			.into_iter()
			.map(|(_, i)| (i.payer, i.payee, i.amount))
			.collect();
		// 1 receives the whole rest (40): 30 from 2's receivable, 10 from 2; 3 pays only its own.
		assert_eq!(paid, vec![(3, 1, 30), (2, 1, 10)]);
	});
}

#[test]
fn a_settlement_asset_holding_collateral_cannot_change() {
	build_and_execute(|| {
		join_all();
		assert_ok!(Clearing::post_collateral(signed(2), XDR, 10));
		assert_noop!(
			Clearing::set_settlement_asset(RuntimeOrigin::root(), XDR, None),
			Error::<Test>::CollateralHeld
		);
		assert_noop!(
			Clearing::register_currency(RuntimeOrigin::root(), XDR, 2, Some(9)),
			Error::<Test>::CollateralHeld
		);
		assert_ok!(Clearing::register_currency(RuntimeOrigin::root(), XDR, 2, Some(XDR_ASSET)));
		assert_ok!(Clearing::withdraw_collateral(signed(2), XDR, 10));
		assert_ok!(Clearing::set_settlement_asset(RuntimeOrigin::root(), XDR, None));
	});
}

#[test]
fn only_the_consortium_sets_credit_limits() {
	build_and_execute(|| {
		join_all();
		assert_noop!(Clearing::set_credit_limit(signed(1), 1, XDR, 5), DispatchError::BadOrigin);
		assert_noop!(
			Clearing::set_credit_limit(RuntimeOrigin::root(), 1, CurrencyCode::USD, 5),
			Error::<Test>::UnknownCurrency
		);
		assert_ok!(Clearing::set_credit_limit(RuntimeOrigin::root(), 1, EUR, 5));
		assert!(has_event(Event::CreditLimitSet { who: 1, currency: EUR, limit: 5 }));
		assert_eq!(Clearing::exposure(&1, EUR).cap, 5);
		assert_ok!(Clearing::set_credit_limit(RuntimeOrigin::root(), 1, EUR, 0));
		assert!(!CreditLimits::<Test>::contains_key(1, EUR));
		// A cap never exceeds the ceiling, however large the limit.
		assert_ok!(Clearing::set_credit_limit(RuntimeOrigin::root(), 1, EUR, u128::MAX));
		assert_eq!(Clearing::exposure(&1, EUR).cap, Clearing::cap_ceiling());
	});
}

#[test]
fn an_upheld_non_receipt_is_paid_from_collateral_and_suspends_the_payer() {
	build_and_execute(|| {
		join_all();
		secured_only(2, 30);
		accepted_bill(1, 2, 100);
		let cycle = cut_off_and_instruct();
		assert_ok!(Clearing::confirm_payment(signed(2), cycle, 0, h(7)));
		run_to_block(System::block_number() + WINDOW + 1);
		// A confirmed payment is not a default: no collateral drawn, no suspension.
		assert_eq!(Collateral::<Test>::get(2, XDR), 30);
		assert!(!Suspended::<Test>::contains_key(2));
		assert_ok!(Clearing::dispute_non_receipt(signed(1), cycle, 0));
		let before = asset_balance(1);
		assert_ok!(Clearing::decide_non_receipt(signed(ARBITER), cycle, 0, false));
		assert_eq!(asset_balance(1), before + 30);
		assert!(Suspended::<Test>::contains_key(2));
		assert_eq!(
			Instructions::<Test>::get(cycle, 0).unwrap().status,
			InstructionStatus::Defaulted { carried_to: Some(cycle + 1), covered: 30 }
		);
		assert_eq!(position(cycle + 1, XDR, 2).unwrap().payable, 70);
	});
}

/// Obligations from the other pallets are contracts the consortium approved: they are booked
/// for a suspended payer too (refusing them would drop the payee's claim) and count toward its
/// exposure.
#[test]
fn obligations_from_other_pallets_still_book_for_a_suspended_payer() {
	build_and_execute(|| {
		join_all();
		Suspended::<Test>::insert(2, 1);
		assert_ok!(<Clearing as ObligationSink<u64>>::submit(Obligation {
			source: ObligationSource::Roaming,
			payer: 2,
			payee: 1,
			currency: XDR,
			amount: 25,
			reference: h(41),
		}));
		assert_eq!(Clearing::exposure(&2, XDR).open_payable, 25);
	});
}

// ---- Stepwise pipeline ----

/// Three currencies with bills 2 → 1 and 2 → 3 in each (two instructions per currency), cut
/// off under a pipeline budget that fits one unit of work per block; returns the cycle.
fn three_currency_cycle_cut_off_one_unit_per_block() -> CycleId {
	join_all();
	assert_ok!(Clearing::register_currency(RuntimeOrigin::root(), CurrencyCode::USD, 2, None));
	for who in [1, 2, 3] {
		assert_ok!(Clearing::set_credit_limit(
			RuntimeOrigin::root(),
			who,
			CurrencyCode::USD,
			LIMIT
		));
	}
	let mut id = NextBillId::<Test>::get();
	for (n, currency) in [XDR, EUR, CurrencyCode::USD].into_iter().enumerate() {
		for (payee, amount) in [(1, 70), (3, 50)] {
			let reference = H256::from_low_u64_be(500 + id);
			assert_ok!(Clearing::submit_bill(
				signed(payee),
				2,
				currency,
				amount,
				reference,
				h(n as u8)
			));
			assert_ok!(Clearing::accept_bill(signed(2), id));
			id += 1;
		}
	}
	MaxPipelineWeight::set(Weight::from_parts(1, 0));
	let cycle = OpenCycle::<Test>::get();
	assert_ok!(Clearing::force_cut_off(RuntimeOrigin::root()));
	cycle
}

fn currencies_netted(cycle: CycleId) -> Vec<CurrencyCode> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Clearing(Event::CurrencyNetted { cycle: c, currency, .. })
				if c == cycle =>
			{
				Some(currency)
			},
			_ => None,
		})
		.collect()
}

#[test]
fn a_cycle_over_the_budget_nets_and_instructs_one_currency_per_block() {
	build_and_execute(|| {
		let cycle = three_currency_cycle_cut_off_one_unit_per_block();
		let now = System::block_number();
		run_to_block(now + 1);
		assert_eq!(currencies_netted(cycle), vec![XDR]);
		assert_eq!(
			(Cycles::<Test>::get(cycle).unwrap().phase, PipelineCursor::<Test>::get()),
			(CyclePhase::CutOff, 1)
		);
		assert!(!has_event(Event::CycleNetted { cycle }));
		run_to_block(now + 2);
		assert_eq!(currencies_netted(cycle), vec![XDR, EUR]);
		run_to_block(now + 3);
		assert_eq!(currencies_netted(cycle), vec![XDR, EUR, CurrencyCode::USD]);
		assert!(has_event(Event::CycleNetted { cycle }));
		assert_eq!(
			(Cycles::<Test>::get(cycle).unwrap().phase, PipelineCursor::<Test>::get()),
			(CyclePhase::Netted, 0)
		);

		// Instructions: one currency per block, indices running on across currencies.
		run_to_block(now + 4);
		assert_eq!(Clearing::cycle_instructions(cycle).len(), 2);
		let info = Cycles::<Test>::get(cycle).unwrap();
		assert_eq!(
			(info.phase, info.instructions, info.instructed_at),
			(CyclePhase::Netted, 2, None)
		);
		// Nothing can be paid, and the cycle cannot be aborted, while instructions are issued.
		assert_noop!(
			Clearing::confirm_payment(signed(2), cycle, 0, h(7)),
			Error::<Test>::WrongCyclePhase
		);
		assert_noop!(
			Clearing::abort_cycle(RuntimeOrigin::root(), cycle),
			Error::<Test>::WrongCyclePhase
		);
		run_to_block(now + 5);
		assert_eq!(Clearing::cycle_instructions(cycle).len(), 4);
		run_to_block(now + 6);
		let instructions = Clearing::cycle_instructions(cycle);
		let indices: Vec<_> = instructions.iter().map(|(index, _)| *index).collect();
		assert_eq!(indices, vec![0, 1, 2, 3, 4, 5]);
		let currencies: Vec<_> = instructions.iter().map(|(_, i)| i.currency).collect();
		assert_eq!(currencies, vec![XDR, XDR, EUR, EUR, CurrencyCode::USD, CurrencyCode::USD]);
		for (n, currency) in [XDR, EUR, CurrencyCode::USD].into_iter().enumerate() {
			let totals = Totals::<Test>::get(cycle, currency);
			assert_eq!((totals.first_instruction, totals.instructions), (2 * n as u32, 2));
		}
		let info = Cycles::<Test>::get(cycle).unwrap();
		assert_eq!((info.phase, info.instructions, info.unsettled), (CyclePhase::Instructed, 6, 6));
		assert_eq!(info.instructed_at, Some(now + 6));
		assert!(has_event(Event::CycleInstructed {
			cycle,
			instructions: 6,
			settle_by: now + 6 + WINDOW
		}));
		assert_eq!(PipelineCursor::<Test>::get(), 0);
	});
}

#[test]
fn units_are_taken_while_their_weight_fits_the_budget() {
	build_and_execute(|| {
		let cycle = three_currency_cycle_cut_off_one_unit_per_block();
		// Room for two currencies of three positions each, not three.
		let unit = <() as WeightInfo>::on_initialize_net(3);
		MaxPipelineWeight::set(unit.saturating_mul(2));
		let next = System::block_number() + 1;
		System::set_block_number(next);
		let used = Clearing::on_initialize(next);
		assert_eq!(currencies_netted(cycle), vec![XDR, EUR]);
		assert!(used.all_lte(MaxPipelineWeight::get()), "{used:?} within the budget");
		assert_eq!(used, unit.saturating_mul(2));
		run_to_block(next + 1);
		assert_eq!(Cycles::<Test>::get(cycle).unwrap().phase, CyclePhase::Netted);
	});
}

#[test]
fn defaults_are_taken_one_instruction_per_block_under_a_small_budget() {
	build_and_execute(|| {
		let cycle = three_currency_cycle_cut_off_one_unit_per_block();
		run_to_block(System::block_number() + 6);
		let info = Cycles::<Test>::get(cycle).unwrap();
		assert_eq!(info.phase, CyclePhase::Instructed);
		// The EUR instruction 2 → 1 (index 2) is paid off-chain and confirmed; the rest is not.
		assert_ok!(Clearing::confirm_payment(signed(2), cycle, 2, h(7)));
		let deadline = Clearing::payment_deadline(&info);
		run_to_block(deadline + 1);
		assert_eq!(PipelineCursor::<Test>::get(), 1);
		assert_eq!(Cycles::<Test>::get(cycle).unwrap().unsettled, 5);
		assert!(matches!(
			Instructions::<Test>::get(cycle, 0).unwrap().status,
			InstructionStatus::Defaulted { .. }
		));
		assert_eq!(Instructions::<Test>::get(cycle, 1).unwrap().status, InstructionStatus::Pending);
		// Late payment is refused while the defaults are being taken.
		assert_noop!(
			Clearing::confirm_payment(signed(2), cycle, 1, h(8)),
			Error::<Test>::DeadlinePassed
		);
		run_to_block(deadline + 6);
		let info = Cycles::<Test>::get(cycle).unwrap();
		// Five defaulted; the confirmed payment waits for its payee.
		assert_eq!((info.phase, info.unsettled), (CyclePhase::Acknowledging, 1));
		assert_eq!(PipelineCursor::<Test>::get(), 0);
		assert!(matches!(
			Instructions::<Test>::get(cycle, 2).unwrap().status,
			InstructionStatus::PaymentConfirmed(_)
		));
		assert_eq!(
			(0..6)
				.filter(|index| matches!(
					Instructions::<Test>::get(cycle, *index).unwrap().status,
					InstructionStatus::Defaulted { .. }
				))
				.count(),
			5
		);
		// After the acknowledgement deadline the pipeline walks the instructions one per block
		// and deems the confirmed payment received.
		let ack = Clearing::acknowledgement_deadline(&info);
		run_to_block(ack + 3);
		assert_eq!(Instructions::<Test>::get(cycle, 2).unwrap().status, InstructionStatus::Settled);
		assert!(has_event(Event::PaymentDeemedAcknowledged { cycle, index: 2 }));
		assert_eq!(Cycles::<Test>::get(cycle).unwrap().phase, CyclePhase::Acknowledging);
		run_to_block(ack + 6);
		let info = Cycles::<Test>::get(cycle).unwrap();
		assert_eq!((info.phase, info.unsettled), (CyclePhase::Settled, 0));
		assert!(has_event(Event::CycleSettled { cycle }));
		run_to_block(ack + 7);
		assert_eq!(Cycles::<Test>::get(cycle).unwrap().phase, CyclePhase::Closed);
	});
}

#[test]
fn an_abort_moves_one_currency_per_block_under_a_small_budget() {
	build_and_execute(|| {
		let cycle = three_currency_cycle_cut_off_one_unit_per_block();
		let open = OpenCycle::<Test>::get();
		assert_ok!(Clearing::abort_cycle(RuntimeOrigin::root(), cycle));
		assert_eq!(AbortingCycle::<Test>::get(), Some((cycle, 3)));
		assert_eq!(position(open, XDR, 2), Some(Position { payable: 120, receivable: 0 }));
		assert_eq!(position(cycle, EUR, 2), Some(Position { payable: 120, receivable: 0 }));
		assert_noop!(
			Clearing::abort_cycle(RuntimeOrigin::root(), cycle),
			Error::<Test>::AbortInProgress
		);
		// While it moves, the cycle is neither netted nor cut off again.
		run_to_block(System::block_number() + 1);
		assert!(currencies_netted(cycle).is_empty());
		assert_eq!(AbortingCycle::<Test>::get(), Some((cycle, 6)));
		assert_eq!(Cycles::<Test>::get(cycle).unwrap().phase, CyclePhase::CutOff);
		run_to_block(System::block_number() + 1);
		assert!(has_event(Event::CycleAborted { cycle, carried_to: open, positions: 9 }));
		assert_eq!(Cycles::<Test>::get(cycle).unwrap().phase, CyclePhase::Aborted);
		assert_eq!((AbortingCycle::<Test>::get(), SettlingCycle::<Test>::get()), (None, None));
		for currency in [XDR, EUR, CurrencyCode::USD] {
			assert_eq!(position(open, currency, 2), Some(Position { payable: 120, receivable: 0 }));
			assert_eq!(Totals::<Test>::get(open, currency).gross, 120);
			assert_eq!(Totals::<Test>::get(cycle, currency).gross, 0);
		}
		assert_eq!(Cycles::<Test>::get(open).unwrap().obligations, 6);
	});
}

#[test]
fn a_stalled_abort_moves_nothing_of_the_currency_and_is_retried() {
	build_and_execute(|| {
		let cycle = three_currency_cycle_cut_off_one_unit_per_block();
		let open = OpenCycle::<Test>::get();
		// The open cycle already holds an EUR position that the aborted one would overflow.
		let huge = Position { payable: u128::MAX, receivable: 0 };
		let other = Position { payable: 0, receivable: u128::MAX };
		Positions::<Test>::insert((open, EUR, 2), huge);
		Positions::<Test>::insert((open, EUR, 1), other);
		Totals::<Test>::insert(
			open,
			EUR,
			CurrencyTotals { gross: u128::MAX, participants: 2, ..Default::default() },
		);
		assert_ok!(Clearing::abort_cycle(RuntimeOrigin::root(), cycle));
		System::set_block_number(System::block_number() + 1);
		Clearing::on_initialize(System::block_number());
		assert!(System::events().iter().any(|r| matches!(
			r.event,
			RuntimeEvent::Clearing(Event::AbortStalled { cycle: c, currency: EUR, .. }) if c == cycle
		)));
		// Nothing of EUR moved: the aborted cycle still holds all of it.
		assert_eq!(position(cycle, EUR, 2), Some(Position { payable: 120, receivable: 0 }));
		assert_eq!(Totals::<Test>::get(cycle, EUR).gross, 120);
		assert_eq!(Positions::<Test>::get((open, EUR, 2)), Some(huge));
		assert_eq!(AbortingCycle::<Test>::get(), Some((cycle, 3)));
		assert_eq!(PipelineCursor::<Test>::get(), 1);
		// Governance repairs the open cycle; the abort completes.
		Positions::<Test>::remove((open, EUR, 2));
		Positions::<Test>::remove((open, EUR, 1));
		Totals::<Test>::remove(open, EUR);
		run_to_block(System::block_number() + 2);
		assert!(has_event(Event::CycleAborted { cycle, carried_to: open, positions: 9 }));
	});
}

/// The bill references' raw storage key of `(payee, tail)`: the map's prefix, the payee's
/// `Blake2_128Concat` key, then `tail` as the reference's part.
fn raw_reference_key(payee: u64, tail: &[u8]) -> Vec<u8> {
	use codec::Encode;
	use frame_support::{storage::StoragePrefixedMap, StorageHasher};
	let mut key = <BillReferences<Test> as StoragePrefixedMap<u64>>::final_prefix().to_vec();
	key.extend(frame_support::Blake2_128Concat::hash(&payee.encode()));
	key.extend_from_slice(tail);
	key
}

/// try_state: a bill reference stored under a key the current layout does not give it (a
/// missed or half-done migration) is caught, since the running code cannot see it and would
/// accept the bill again.
#[test]
fn try_state_catches_a_bill_reference_under_another_layout() {
	new_test_ext().execute_with(|| {
		join_all();
		assert_ok!(Clearing::submit_bill(signed(1), 2, XDR, 100, h(1), h(2)));
		assert_ok!(Clearing::do_try_state());
		let mut tail = vec![0u8; 16];
		tail.extend_from_slice(h(7).as_bytes());
		sp_io::storage::set(&raw_reference_key(1, &tail), &9u64.to_le_bytes());
		assert_eq!(
			Clearing::do_try_state(),
			Err("bill reference stored under a key of another layout".into())
		);
	});
}

/// The next runtime's storage version 2 (built with `upgrade-rehearsal`): the migration re-keys
/// every version 1 bill reference with its expiry, a re-sent bill is refused again after it, and
/// it runs once.
#[cfg(feature = "upgrade-rehearsal")]
#[test]
fn migration_v2_rekeys_bill_references_and_keeps_refusing_resent_bills() {
	use crate::migrations::v2::{v1, MigrateV1ToV2};
	use frame_support::traits::{Get, GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	new_test_ext().execute_with(|| {
		join_all();
		assert_ok!(Clearing::submit_bill(signed(1), 2, XDR, 100, h(1), h(2)));
		assert_ok!(Clearing::submit_bill(signed(1), 3, XDR, 50, h(2), h(2)));
		run_to_block(5);
		assert_ok!(Clearing::submit_bill(signed(3), 2, XDR, 70, h(1), h(2)));
		let before: Vec<_> = BillReferences::<Test>::iter().collect();
		assert_eq!(before.len(), 3);
		// The chain as version 1 left it: every reference under its `Identity` key.
		for (payee, reference, until) in BillReferences::<Test>::drain().collect::<Vec<_>>() {
			v1::BillReferences::<Test>::insert(payee, reference, until);
		}
		StorageVersion::new(1).put::<Clearing>();
		// The version 2 code cannot see them: try_state says so.
		assert_eq!(
			Clearing::do_try_state(),
			Err("bill reference stored under a key of another layout".into())
		);

		#[cfg(feature = "try-runtime")]
		let state = MigrateV1ToV2::<Test>::pre_upgrade().unwrap();
		let weight = MigrateV1ToV2::<Test>::on_runtime_upgrade();
		#[cfg(feature = "try-runtime")]
		MigrateV1ToV2::<Test>::post_upgrade(state).unwrap();

		let db: frame_support::weights::RuntimeDbWeight =
			<<Test as frame_system::Config>::DbWeight as Get<_>>::get();
		// The version check, three entries read and moved, the version written.
		assert_eq!(weight, db.reads_writes(1 + 3, 3 * 2 + 1));
		assert_eq!(Clearing::on_chain_storage_version(), StorageVersion::new(2));
		let mut after: Vec<_> = BillReferences::<Test>::iter().collect();
		let mut expected = before.clone();
		after.sort();
		expected.sort();
		assert_eq!(after, expected, "every reference kept with its expiry");
		for (payee, reference, _) in &before {
			assert!(!v1::BillReferences::<Test>::contains_key(payee, reference));
		}
		assert_eq!(BillReferences::<Test>::get(3, h(1)), Some(5 + RETENTION));
		assert_ok!(Clearing::do_try_state());
		// Re-sent bills are refused as before; a new reference is accepted.
		assert_noop!(
			Clearing::submit_bill(signed(1), 2, XDR, 100, h(1), h(3)),
			Error::<Test>::DuplicateBill
		);
		assert_noop!(
			Clearing::submit_bill(signed(3), 2, XDR, 70, h(1), h(3)),
			Error::<Test>::DuplicateBill
		);
		assert_ok!(Clearing::submit_bill(signed(1), 2, XDR, 100, h(9), h(3)));
		// A second run finds version 2 and does nothing.
		assert_eq!(MigrateV1ToV2::<Test>::on_runtime_upgrade(), db.reads(1));
		assert_eq!(BillReferences::<Test>::iter().count(), 4);
		assert_ok!(Clearing::do_try_state());
	});
}

// ---- Retention ----

/// Settles every instruction of `cycle` off-chain (the payees acknowledge) and runs on until it
/// is closed.
fn settle_and_close(cycle: CycleId) {
	for (index, instruction) in Clearing::cycle_instructions(cycle) {
		assert_ok!(Clearing::acknowledge_payment(signed(instruction.payee), cycle, index));
	}
	run_to_block(System::block_number() + 1);
	assert_eq!(Cycles::<Test>::get(cycle).unwrap().phase, CyclePhase::Closed);
}

/// The archived hash of `cycle` as the README defines it, from its current state.
fn expected_archive(cycle: CycleId) -> H256 {
	use codec::Encode;
	let mut hash = Clearing::archive_seed(cycle);
	assert_eq!(
		hash,
		H256::from(sp_io::hashing::blake2_256(&(b"tcc/clearing/cycle", cycle).encode()))
	);
	for currency in CycleCurrencies::<Test>::get(cycle) {
		let totals = Totals::<Test>::get(cycle, currency);
		let mut positions: Vec<(u64, Position)> =
			Positions::<Test>::iter_prefix((cycle, currency)).collect();
		positions.sort_by_key(|(who, _)| *who);
		let instructions: Vec<(InstructionIndex, Instruction<u64>)> = (totals.first_instruction
			..totals.first_instruction + totals.instructions)
			.map(|i| (i, Instructions::<Test>::get(cycle, i).unwrap()))
			.collect();
		let mut link = hash.as_bytes().to_vec();
		(currency, totals, &positions, &instructions).encode_to(&mut link);
		hash = H256::from(sp_io::hashing::blake2_256(&link));
	}
	hash
}

fn past_retention(cycle: CycleId) {
	let due = Cycles::<Test>::get(cycle).unwrap().cut_off_due;
	System::set_block_number(due + CYCLE_RETENTION + 1);
}

#[test]
fn a_closed_cycle_is_pruned_currency_by_currency_into_its_archived_hash() {
	build_and_execute(|| {
		join_all();
		accepted_bill(1, 2, 100); // 2 owes 1
		accepted_bill(3, 1, 30); // 1 owes 3
		assert_ok!(Clearing::submit_bill(signed(3), 2, EUR, 40, H256::from_low_u64_be(77), h(2)));
		assert_ok!(Clearing::accept_bill(signed(2), NextBillId::<Test>::get() - 1));
		let cycle = cut_off_and_instruct();
		// Neither the settling cycle nor the open one can be pruned.
		assert_noop!(Clearing::prune_cycle(signed(5), cycle), Error::<Test>::WrongCyclePhase);
		assert_noop!(Clearing::prune_cycle(signed(5), cycle + 1), Error::<Test>::WrongCyclePhase);
		assert_noop!(Clearing::prune_cycle(signed(5), 99), Error::<Test>::UnknownCycle);
		assert_noop!(Clearing::prune_cycle(RuntimeOrigin::none(), cycle), DispatchError::BadOrigin);
		settle_and_close(cycle);
		assert_noop!(Clearing::prune_cycle(signed(5), cycle), Error::<Test>::RetentionNotOver);
		let due = Cycles::<Test>::get(cycle).unwrap().cut_off_due;
		System::set_block_number(due + CYCLE_RETENTION);
		assert_noop!(Clearing::prune_cycle(signed(5), cycle), Error::<Test>::RetentionNotOver);

		let archive = expected_archive(cycle);
		let currencies = CycleCurrencies::<Test>::get(cycle);
		assert_eq!(currencies.len(), 2);
		let instructions = Cycles::<Test>::get(cycle).unwrap().instructions;
		past_retention(cycle);
		// Anyone may prune: one currency per call.
		assert_ok!(Clearing::prune_cycle(signed(5), cycle));
		let first = currencies[0];
		assert!(has_event(Event::CycleCurrencyPruned {
			cycle,
			currency: first,
			positions: if first == XDR { 3 } else { 2 },
			instructions: if first == XDR { 2 } else { 1 },
		}));
		assert_eq!(Positions::<Test>::iter_prefix((cycle, first)).count(), 0);
		assert!(!Totals::<Test>::contains_key(cycle, first));
		assert_eq!(CycleArchives::<Test>::get(cycle).unwrap().pruned, 1);
		assert_ok!(Clearing::do_try_state());
		assert_ok!(Clearing::prune_cycle(signed(5), cycle));
		assert!(has_event(Event::CyclePruned { cycle, archive, currencies: 2, instructions }));
		assert_eq!(
			CycleArchives::<Test>::get(cycle),
			Some(CycleArchive { hash: archive, currencies: 2, pruned: 2, instructions_pruned: 3 })
		);
		assert_eq!(Positions::<Test>::iter_prefix((cycle,)).count(), 0);
		assert_eq!(Instructions::<Test>::iter_prefix(cycle).count(), 0);
		assert_eq!(Totals::<Test>::iter_prefix(cycle).count(), 0);
		assert!(CycleCurrencies::<Test>::get(cycle).is_empty());
		// The cycle's own record stays.
		assert_eq!(Cycles::<Test>::get(cycle).unwrap().phase, CyclePhase::Closed);
		assert_noop!(Clearing::prune_cycle(signed(5), cycle), Error::<Test>::CycleAlreadyPruned);
	});
}

#[test]
fn a_cycle_without_obligations_is_archived_in_one_call() {
	build_and_execute(|| {
		let cycle = cut_off_and_instruct();
		run_to_block(System::block_number() + 3);
		assert_eq!(Cycles::<Test>::get(cycle).unwrap().phase, CyclePhase::Closed);
		past_retention(cycle);
		assert_ok!(Clearing::prune_cycle(signed(5), cycle));
		assert!(has_event(Event::CyclePruned {
			cycle,
			archive: Clearing::archive_seed(cycle),
			currencies: 0,
			instructions: 0
		}));
		assert_noop!(Clearing::prune_cycle(signed(5), cycle), Error::<Test>::CycleAlreadyPruned);
	});
}

#[test]
fn pruning_waits_for_a_non_receipt_dispute_and_a_waiting_default() {
	build_and_execute(|| {
		join_all();
		accepted_bill(1, 2, 100);
		let cycle = cut_off_and_instruct();
		let at = System::block_number();
		assert_ok!(Clearing::confirm_payment(signed(2), cycle, 0, h(7)));
		run_to_block(at + WINDOW + 1);
		assert_ok!(Clearing::dispute_non_receipt(signed(1), cycle, 0));
		run_to_block(System::block_number() + 1);
		assert_eq!(Cycles::<Test>::get(cycle).unwrap().phase, CyclePhase::Closed);
		past_retention(cycle);
		// The arbiter has yet to decide: the instruction stays.
		assert_noop!(
			Clearing::prune_cycle(signed(5), cycle),
			Error::<Test>::InstructionStillNeeded
		);

		// A default that waits for room in the open cycle stays too.
		Instructions::<Test>::mutate(cycle, 0, |i| {
			i.as_mut().unwrap().status =
				InstructionStatus::Defaulted { carried_to: None, covered: 0 }
		});
		UncarriedDefaults::<Test>::insert((cycle, 0), ());
		assert_ok!(Clearing::do_try_state());
		assert_noop!(
			Clearing::prune_cycle(signed(5), cycle),
			Error::<Test>::InstructionStillNeeded
		);
		// Once carried, it is final.
		UncarriedDefaults::<Test>::remove((cycle, 0));
		let open = OpenCycle::<Test>::get();
		Instructions::<Test>::mutate(cycle, 0, |i| {
			i.as_mut().unwrap().status =
				InstructionStatus::Defaulted { carried_to: Some(open), covered: 0 }
		});
		assert_ok!(Clearing::prune_cycle(signed(5), cycle));
		assert!(Instructions::<Test>::get(cycle, 0).is_none());
	});
}

#[test]
fn pruning_resumes_once_the_arbiter_decided() {
	build_and_execute(|| {
		join_all();
		accepted_bill(1, 2, 100);
		let cycle = cut_off_and_instruct();
		let at = System::block_number();
		assert_ok!(Clearing::confirm_payment(signed(2), cycle, 0, h(7)));
		run_to_block(at + WINDOW + 1);
		assert_ok!(Clearing::dispute_non_receipt(signed(1), cycle, 0));
		run_to_block(System::block_number() + 1);
		past_retention(cycle);
		assert_noop!(
			Clearing::prune_cycle(signed(5), cycle),
			Error::<Test>::InstructionStillNeeded
		);
		assert_ok!(Clearing::decide_non_receipt(signed(ARBITER), cycle, 0, true));
		assert_ok!(Clearing::prune_cycle(signed(5), cycle));
		assert!(CycleArchives::<Test>::get(cycle).is_some_and(|a| a.pruned == a.currencies));
	});
}

#[test]
fn try_state_checks_what_pruning_leaves() {
	new_test_ext().execute_with(|| {
		join_all();
		accepted_bill(1, 2, 100);
		assert_ok!(Clearing::submit_bill(signed(3), 2, EUR, 40, H256::from_low_u64_be(77), h(2)));
		assert_ok!(Clearing::accept_bill(signed(2), NextBillId::<Test>::get() - 1));
		let cycle = cut_off_and_instruct();
		settle_and_close(cycle);
		past_retention(cycle);
		assert_ok!(Clearing::prune_cycle(signed(5), cycle));
		let pruned = CycleCurrencies::<Test>::get(cycle)[0];
		assert_ok!(Clearing::do_try_state());
		Totals::<Test>::insert(cycle, pruned, CurrencyTotals::default());
		assert!(Clearing::do_try_state().is_err());
		Totals::<Test>::remove(cycle, pruned);
		assert_ok!(Clearing::prune_cycle(signed(5), cycle));
		assert_ok!(Clearing::do_try_state());
		Instructions::<Test>::insert(
			cycle,
			0,
			Instruction {
				currency: XDR,
				payer: 2,
				payee: 1,
				amount: 1,
				status: InstructionStatus::Settled,
			},
		);
		assert!(Clearing::do_try_state().is_err());
		Instructions::<Test>::remove(cycle, 0);
		// An archive of a cycle that is not closed.
		CycleArchives::<Test>::insert(OpenCycle::<Test>::get(), CycleArchive::default());
		assert!(Clearing::do_try_state().is_err());
	});
}
