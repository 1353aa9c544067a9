//! Unit tests of dual posting: the home side's own totals matched with the visited side's
//! filing, every outcome, every refusal and the hostile uses of the call.

#![allow(clippy::arithmetic_side_effects)]

use crate::{mock::*, posting::*, types::*, Error, Event};
use frame_support::{assert_noop, assert_ok};
use telecom_primitives::DocumentHash;

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

/// Operator 1 (`DEUD1`, side A) and operator 2 (`FRAF1`, side B) sign the reference terms.
fn sign() -> AgreementId {
	let id = crate::NextAgreementId::<Test>::get();
	assert_ok!(Roaming::propose_agreement(origin(1), deu(), fra(), terms()));
	assert_ok!(Roaming::accept_agreement(origin(2), id));
	id
}

fn batch(id: AgreementId, sequence: FileSequence) -> Batch<u64> {
	crate::Batches::<Test>::get((id, Side::A, sequence)).expect("batch stored")
}

fn posting(id: AgreementId, sequence: FileSequence) -> DualPosting<u64> {
	crate::DualPostings::<Test>::get((id, Side::A, sequence)).expect("posting stored")
}

fn november_totals(id: AgreementId) -> PeriodTotals<u64> {
	crate::Totals::<Test>::get((id, period(2026, 11), Side::A))
}

/// Operator 1 files `report(sequence, 60)`: 60 MO minutes on its network, claiming 300.
fn visited_files(id: AgreementId, sequence: FileSequence) -> DocumentHash {
	let report = report(sequence, 60);
	assert_ok!(Roaming::submit_batch(origin(1), id, report));
	report.file
}

/// The home side's totals of file `file`: `minutes` MO minutes charged `charged`.
fn home(sequence: FileSequence, minutes: u64, charged: u128, file: DocumentHash) -> HomeTotals {
	HomeTotals { sequence, records: minutes as u32, usage: voice_minutes(minutes), charged, file }
}

fn differing(
	services: &[PostedService],
) -> frame_support::BoundedVec<PostedService, frame_support::traits::ConstU32<MAX_POSTED_SERVICES>>
{
	services.to_vec().try_into().unwrap()
}

#[test]
fn matching_postings_accept_the_batch() {
	build_and_execute(|| {
		let id = sign();
		let file = visited_files(id, 1);
		assert_eq!(november_totals(id).pending, 1);

		assert_ok!(Roaming::post_home_totals(origin(2), id, home(1, 60, 300, file)));

		assert_eq!(batch(id, 1).status, BatchStatus::Accepted);
		assert_eq!(november_totals(id).pending, 0);
		assert_eq!(november_totals(id).open_disputes, 0);
		let stored = posting(id, 1);
		assert_eq!(stored.outcome, PostingOutcome::Accepted);
		assert!(stored.differences.is_empty());
		assert_eq!((stored.claimed, stored.charged, stored.rated), (300, 300, 300));
		assert_eq!((stored.records, stored.posted_at), (60, 1));
		let tail = events().split_off(events().len() - 2);
		assert_eq!(
			tail,
			vec![
				Event::HomeTotalsPosted {
					agreement: id,
					network: Side::A,
					sequence: 1,
					claimed: 300,
					charged: 300,
					rated: 300,
					differing: differing(&[]),
					outcome: PostingOutcome::Accepted,
				},
				Event::BatchAccepted { agreement: id, network: Side::A, sequence: 1 },
			]
		);
	});
}

#[test]
fn differences_within_the_tolerance_match() {
	build_and_execute(|| {
		// Tolerance 1 % or 5 cents: one minute (5 cents) less and a charge 5 cents lower match.
		let id = sign();
		let file = visited_files(id, 1);
		assert_ok!(Roaming::post_home_totals(origin(2), id, home(1, 59, 295, file)));
		assert_eq!(posting(id, 1).outcome, PostingOutcome::Accepted);
		assert_eq!(batch(id, 1).status, BatchStatus::Accepted);
	});
}

#[test]
fn a_charge_beyond_the_tolerance_opens_a_dispute_on_the_charge() {
	build_and_execute(|| {
		// The same usage, but the charge is 6 cents lower: tolerance (5) plus one minor unit.
		let id = sign();
		let file = visited_files(id, 1);
		let totals = home(1, 60, 294, file);
		assert_ok!(Roaming::post_home_totals(origin(2), id, totals));

		let stored = posting(id, 1);
		assert_eq!(stored.outcome, PostingOutcome::DisputeOpened { amount: 6 });
		assert_eq!(
			stored.differences.to_vec(),
			vec![PostedDifference { service: PostedService::Charge, visited: 300, home: 294 }]
		);
		let evidence =
			DocumentHash::from(sp_io::hashing::blake2_256(&codec::Encode::encode(&totals)));
		let disputed = batch(id, 1);
		assert_eq!(
			disputed.status,
			BatchStatus::Disputed {
				amount: 6,
				reason: POSTING_MISMATCH_REASON,
				evidence,
				proposal: None,
				escalated: false,
			}
		);
		assert_eq!(disputed.resolve_by, Some(1 + 10));
		let totals = november_totals(id);
		assert_eq!((totals.pending, totals.open_disputes, totals.disputed), (0, 1, 6));
		assert_eq!(totals.disputed_exact, 6 * SUB_UNITS);
		assert_eq!(
			events().pop(),
			Some(Event::BatchDisputed {
				agreement: id,
				network: Side::A,
				sequence: 1,
				amount: 6,
				reason: POSTING_MISMATCH_REASON,
				evidence,
			})
		);
	});
}

#[test]
fn a_mismatch_names_the_services_and_settles_like_any_dispute() {
	build_and_execute(|| {
		let id = sign();
		let file = visited_files(id, 1);
		// Two minutes (10 cents) fewer and a charge 10 cents lower: voice MO and the charge.
		assert_ok!(Roaming::post_home_totals(origin(2), id, home(1, 58, 290, file)));
		assert!(events().contains(&Event::HomeTotalsPosted {
			agreement: id,
			network: Side::A,
			sequence: 1,
			claimed: 300,
			charged: 290,
			rated: 300,
			differing: differing(&[
				PostedService::Service(Service::MocLocal),
				PostedService::Charge
			]),
			outcome: PostingOutcome::DisputeOpened { amount: 10 },
		}));
		assert_eq!(
			posting(id, 1).differences.to_vec(),
			vec![
				PostedDifference {
					service: PostedService::Service(Service::MocLocal),
					visited: 300,
					home: 290
				},
				PostedDifference { service: PostedService::Charge, visited: 300, home: 290 },
			]
		);
		// The parties settle it as any dispute: matching proposals.
		assert_ok!(Roaming::propose_settlement(origin(2), id, Side::A, 1, 295));
		assert_ok!(Roaming::propose_settlement(origin(1), id, Side::A, 1, 295));
		assert_eq!(batch(id, 1).status, BatchStatus::Resolved { by_arbiter: false });
		assert_eq!(batch(id, 1).value, 295);
		assert_eq!(november_totals(id).open_disputes, 0);
		// The record of both postings stays beside the batch.
		assert_eq!(posting(id, 1).outcome, PostingOutcome::DisputeOpened { amount: 10 });
	});
}

#[test]
fn zeros_from_the_home_side_withhold_no_more_than_the_batch() {
	build_and_execute(|| {
		// A hostile home side posts nothing: it can withhold the batch's value and no more,
		// exactly what `dispute_batch` allows it, and the dispute has the same deadline.
		let id = sign();
		let file = visited_files(id, 1);
		let zeros =
			HomeTotals { sequence: 1, records: 0, usage: UsageTotals::default(), charged: 0, file };
		assert_ok!(Roaming::post_home_totals(origin(2), id, zeros));
		assert_eq!(posting(id, 1).outcome, PostingOutcome::DisputeOpened { amount: 300 });
		assert_eq!(
			posting(id, 1).differences.iter().map(|d| d.service).collect::<Vec<_>>(),
			vec![PostedService::Service(Service::MocLocal), PostedService::Charge]
		);
		assert_eq!(november_totals(id).disputed_exact, batch(id, 1).value_exact);
		// Past its resolution deadline the visited side escalates it to the arbiter, who may
		// award the whole claim.
		run_to_block(12);
		assert_ok!(Roaming::propose_settlement(origin(1), id, Side::A, 1, 300));
		assert!(events().contains(&Event::DisputeEscalated {
			agreement: id,
			network: Side::A,
			sequence: 1
		}));
		assert_ok!(Roaming::arbitrate(RuntimeOrigin::signed(ARBITER), id, Side::A, 1, 300));
		assert_eq!(batch(id, 1).value, 300);
	});
}

#[test]
fn a_home_figure_above_the_claim_withholds_one_minor_unit() {
	build_and_execute(|| {
		// The home side counts more than the visited side claims: the chain cannot book more
		// than the claim, so the difference is only put on record with the smallest dispute.
		let id = sign();
		let file = visited_files(id, 1);
		assert_ok!(Roaming::post_home_totals(origin(2), id, home(1, 70, 350, file)));
		assert_eq!(posting(id, 1).outcome, PostingOutcome::DisputeOpened { amount: 1 });
		assert_eq!(november_totals(id).disputed, 1);
	});
}

#[test]
fn a_posting_on_a_reconciliation_is_recorded_only() {
	build_and_execute(|| {
		let id = sign();
		// Claims 400 for 300 worth of usage: a reconciliation of 100 opens at once.
		let mut report = report(1, 60);
		report.claimed = 400;
		assert_ok!(Roaming::submit_batch(origin(1), id, report));
		assert_eq!(november_totals(id).open_disputes, 1);
		assert_ok!(Roaming::post_home_totals(origin(2), id, home(1, 60, 300, report.file)));
		let stored = posting(id, 1);
		assert_eq!(stored.outcome, PostingOutcome::Recorded);
		assert_eq!((stored.claimed, stored.charged, stored.rated), (400, 300, 300));
		assert_eq!(
			stored.differences.to_vec(),
			vec![PostedDifference { service: PostedService::Charge, visited: 400, home: 300 }]
		);
		// No second dispute: still the one reconciliation.
		let totals = november_totals(id);
		assert_eq!((totals.open_disputes, totals.disputed), (1, 100));
		assert!(matches!(
			batch(id, 1).status,
			BatchStatus::Disputed { reason: RECONCILIATION_REASON, .. }
		));
	});
}

#[test]
fn home_posting_refusals() {
	build_and_execute(|| {
		let id = sign();
		// Before the visited side's file is on chain.
		let early = home(1, 60, 300, report(1, 60).file);
		assert_noop!(Roaming::post_home_totals(origin(2), id, early), Error::<Test>::UnknownBatch);
		let file = visited_files(id, 1);
		assert_noop!(
			Roaming::post_home_totals(origin(2), 99, home(1, 60, 300, file)),
			Error::<Test>::UnknownAgreement
		);
		assert_noop!(
			Roaming::post_home_totals(origin(3), id, home(1, 60, 300, file)),
			Error::<Test>::NotParty
		);
		// The visited side cannot post "home totals" of its own file: as home side it is
		// looking on the other network, where there is no such file.
		assert_noop!(
			Roaming::post_home_totals(origin(1), id, home(1, 60, 300, file)),
			Error::<Test>::UnknownBatch
		);
		// Another file's hash under this sequence number.
		assert_noop!(
			Roaming::post_home_totals(origin(2), id, home(1, 60, 300, report(2, 60).file)),
			Error::<Test>::PostedFileMismatch
		);
		// Twice.
		assert_ok!(Roaming::post_home_totals(origin(2), id, home(1, 60, 300, file)));
		assert_noop!(
			Roaming::post_home_totals(origin(2), id, home(1, 0, 0, file)),
			Error::<Test>::AlreadyPosted
		);
		// After an explicit acceptance.
		let second = visited_files(id, 2);
		assert_ok!(Roaming::accept_batch(origin(2), id, Side::A, 2));
		assert_noop!(
			Roaming::post_home_totals(origin(2), id, home(2, 60, 300, second)),
			Error::<Test>::NotPending
		);
		// After the window: silence was acceptance.
		let third = visited_files(id, 3);
		run_to_block(1 + 10 + 1);
		assert_noop!(
			Roaming::post_home_totals(origin(2), id, home(3, 0, 0, third)),
			Error::<Test>::DisputeWindowClosed
		);
		// A charge too large to keep exactly is refused, not wrapped.
		let fourth = visited_files(id, 4);
		assert_noop!(
			Roaming::post_home_totals(origin(2), id, home(4, 60, u128::MAX, fourth)),
			Error::<Test>::RatingOverflow
		);
	});
}

#[test]
fn a_file_of_another_agreement_is_not_this_agreements_file() {
	build_and_execute(|| {
		let id = sign();
		// Operator 1 also has an agreement with operator 2's second network.
		let other = crate::NextAgreementId::<Test>::get();
		let mut other_terms = terms();
		other_terms.document = DocumentHash::repeat_byte(0xC1);
		assert_ok!(Roaming::propose_agreement(origin(1), deu(), tadig("FRAF2"), other_terms));
		assert_ok!(Roaming::accept_agreement(origin(2), other));
		let mut foreign = report(1, 60);
		foreign.file = DocumentHash::repeat_byte(0xF2);
		assert_ok!(Roaming::submit_batch(origin(1), other, foreign));
		// Under agreement `id` there is no file 1 yet, and then a different one.
		assert_noop!(
			Roaming::post_home_totals(origin(2), id, home(1, 60, 300, foreign.file)),
			Error::<Test>::UnknownBatch
		);
		visited_files(id, 1);
		assert_noop!(
			Roaming::post_home_totals(origin(2), id, home(1, 60, 300, foreign.file)),
			Error::<Test>::PostedFileMismatch
		);
	});
}

#[test]
fn the_visited_side_cannot_refile_a_posted_file() {
	build_and_execute(|| {
		let id = sign();
		let file = visited_files(id, 1);
		assert_ok!(Roaming::post_home_totals(origin(2), id, home(1, 58, 290, file)));
		// Re-filing the same number or the same file under the next number is refused, so the
		// dispute cannot be dodged by a fresh, unposted batch.
		assert_noop!(
			Roaming::submit_batch(origin(1), id, report(1, 60)),
			Error::<Test>::DuplicateSequence
		);
		let mut again = report(2, 60);
		again.file = file;
		assert_noop!(Roaming::submit_batch(origin(1), id, again), Error::<Test>::DuplicateFile);
	});
}

#[test]
fn silence_still_accepts_and_a_purge_removes_the_posting() {
	build_and_execute(|| {
		let id = sign();
		let posted = visited_files(id, 1);
		visited_files(id, 2);
		assert_ok!(Roaming::post_home_totals(origin(2), id, home(1, 60, 300, posted)));
		// File 2 has no home posting: accepted by silence after the window, as before.
		NowMillis::set(DEC_2026);
		run_to_block(12);
		assert_ok!(Roaming::close_period(origin(1), id, period(2026, 11)));
		let statement = crate::Statements::<Test>::get(id, period(2026, 11)).unwrap();
		assert_eq!(statement.network_a.accepted, 600);
		NowMillis::set(NOV_2026 + DUPLICATE_WINDOW_SECS * 1_000);
		assert_ok!(Roaming::purge_batch(origin(5), id, Side::A, 1));
		assert!(!crate::DualPostings::<Test>::contains_key((id, Side::A, 1)));
	});
}

#[test]
fn beyond_tolerance_boundaries() {
	use crate::posting::beyond_tolerance;
	let cents = |amount: u128| amount * SUB_UNITS;
	let minimum = Tolerance { basis_points: 0, minimum: 5 };
	assert!(!beyond_tolerance(&minimum, cents(100), cents(94) + 1));
	assert!(beyond_tolerance(&minimum, cents(100), cents(94)));
	assert!(beyond_tolerance(&minimum, cents(94), cents(100)));
	// 0.5 % of the larger figure (10,000): 50, plus one minor unit.
	let share = Tolerance { basis_points: 50, minimum: 0 };
	assert!(!beyond_tolerance(&share, cents(10_000), cents(9_950)));
	assert!(beyond_tolerance(&share, cents(10_000), cents(9_949)));
	// No tolerance: anything under one minor unit is rounding.
	let none = Tolerance::default();
	assert!(!beyond_tolerance(&none, cents(1), cents(1) + SUB_UNITS - 1));
	assert!(beyond_tolerance(&none, cents(1), cents(2)));
}

#[test]
fn an_over_claim_cannot_shrink_the_home_sides_dispute() {
	build_and_execute(|| {
		let id = sign();
		// 60 minutes are worth 300; a claim of 306 is 6 above the tolerance of 5: the chain
		// reconciles only those 6.
		let mut report = report(1, 60);
		report.claimed = 306;
		assert_ok!(Roaming::submit_batch(origin(1), id, report));
		assert_eq!(november_totals(id).disputed, 6);
		// The home side counted 40 minutes and charges 200: its shortfall of 106 is withheld.
		assert_ok!(Roaming::post_home_totals(origin(2), id, home(1, 40, 200, report.file)));
		assert_eq!(posting(id, 1).outcome, PostingOutcome::DisputeWidened { amount: 106 });
		let totals = november_totals(id);
		assert_eq!((totals.open_disputes, totals.disputed), (1, 106));
		assert!(matches!(
			batch(id, 1).status,
			BatchStatus::Disputed { amount: 106, reason: POSTING_MISMATCH_REASON, .. }
		));
		assert!(events().contains(&Event::BatchDisputed {
			agreement: id,
			network: Side::A,
			sequence: 1,
			amount: 106,
			reason: POSTING_MISMATCH_REASON,
			evidence: DocumentHash::from(sp_io::hashing::blake2_256(&codec::Encode::encode(
				&home(1, 40, 200, report.file)
			))),
		}));
		assert_ok!(Roaming::do_try_state());
		// It settles like any dispute.
		assert_ok!(Roaming::propose_settlement(origin(2), id, Side::A, 1, 250));
		assert_ok!(Roaming::propose_settlement(origin(1), id, Side::A, 1, 250));
		assert_eq!(november_totals(id).disputed, 0);
		assert_ok!(Roaming::do_try_state());
	});
}

#[test]
fn a_reconciliation_in_a_closed_month_is_not_widened() {
	build_and_execute(|| {
		let id = sign();
		let mut report = report(1, 60);
		report.claimed = 306;
		assert_ok!(Roaming::submit_batch(origin(1), id, report));
		// The month closes at once (nothing pending): 6 withheld.
		NowMillis::set(DEC_2026);
		assert_ok!(Roaming::close_period(origin(1), id, period(2026, 11)));
		assert_ok!(Roaming::post_home_totals(origin(2), id, home(1, 40, 200, report.file)));
		assert_eq!(posting(id, 1).outcome, PostingOutcome::Recorded);
		assert_eq!(november_totals(id).disputed, 6);
		assert_ok!(Roaming::do_try_state());
	});
}

#[test]
fn the_chains_reason_codes_are_reserved() {
	build_and_execute(|| {
		let id = sign();
		visited_files(id, 1);
		for reason in [RECONCILIATION_REASON, POSTING_MISMATCH_REASON] {
			assert_noop!(
				Roaming::dispute_batch(origin(2), id, Side::A, 1, 10, reason, DocumentHash::zero()),
				Error::<Test>::ReservedReasonCode
			);
		}
		assert_ok!(Roaming::dispute_batch(origin(2), id, Side::A, 1, 10, 30, DocumentHash::zero()));
	});
}

/// Terms whose visited network (A) states `stated` tolerances beside the general 1 % or 5 cents.
fn sign_with_tolerances(stated: &[(PostedService, Tolerance)]) -> AgreementId {
	let mut t = terms();
	t.network_a.service_tolerances = stated
		.iter()
		.map(|&(service, tolerance)| ServiceTolerance { service, tolerance })
		.collect::<Vec<_>>()
		.try_into()
		.unwrap();
	let id = crate::NextAgreementId::<Test>::get();
	assert_ok!(Roaming::propose_agreement(origin(1), deu(), fra(), t));
	assert_ok!(Roaming::accept_agreement(origin(2), id));
	id
}

#[test]
fn a_tolerance_stated_for_a_service_applies_to_that_service_only() {
	build_and_execute(|| {
		// MO local calls may differ by 20 cents (per-event rounding of its billing); the
		// charge keeps the general 5 cents.
		let moc = PostedService::Service(Service::MocLocal);
		let id = sign_with_tolerances(&[(moc, Tolerance { basis_points: 0, minimum: 20 })]);
		let file = visited_files(id, 1);
		// Two minutes (10 cents) fewer and a charge 10 cents lower: only the charge differs.
		assert_ok!(Roaming::post_home_totals(origin(2), id, home(1, 58, 290, file)));
		let stored = posting(id, 1);
		assert_eq!(
			stored.differences.to_vec(),
			vec![PostedDifference { service: PostedService::Charge, visited: 300, home: 290 }]
		);
		assert_eq!(stored.outcome, PostingOutcome::DisputeOpened { amount: 10 });

		// At its boundary: 20 cents apart is within, 21 beyond (the allowance plus one unit).
		let file = visited_files(id, 2);
		assert_ok!(Roaming::post_home_totals(origin(2), id, home(2, 56, 300, file)));
		assert_eq!(posting(id, 2).outcome, PostingOutcome::Accepted);
		let mut far = home(3, 56, 300, visited_files(id, 3));
		far.usage.moc_local.seconds -= 12; // 0.2 minute more (1 cent) short of the visited side
		assert_ok!(Roaming::post_home_totals(origin(2), id, far));
		assert_eq!(
			posting(id, 3).differences.iter().map(|d| d.service).collect::<Vec<_>>(),
			vec![moc]
		);
	});
}

#[test]
fn a_tolerance_stated_for_the_charge_governs_the_charge_and_the_reconciliation() {
	build_and_execute(|| {
		let charge = Tolerance { basis_points: 0, minimum: 15 };
		let id = sign_with_tolerances(&[(PostedService::Charge, charge)]);
		// A charge 10 cents lower is within the charge's own 15 cents (the general 5 would not
		// be); one minute fewer is within the general tolerance of MO local.
		let file = visited_files(id, 1);
		assert_ok!(Roaming::post_home_totals(origin(2), id, home(1, 59, 290, file)));
		assert_eq!(posting(id, 1).outcome, PostingOutcome::Accepted);

		// The claim against the chain's re-rating (300) is reconciled with the charge's
		// tolerance too: 315 stands, 316 opens a reconciliation of the excess.
		let mut within = report(2, 60);
		within.claimed = 315;
		assert_ok!(Roaming::submit_batch(origin(1), id, within));
		assert_eq!(batch(id, 2).status, BatchStatus::Pending);
		let mut beyond = report(3, 60);
		beyond.claimed = 316;
		assert_ok!(Roaming::submit_batch(origin(1), id, beyond));
		assert!(matches!(
			batch(id, 3).status,
			BatchStatus::Disputed { amount: 16, reason: RECONCILIATION_REASON, .. }
		));
	});
}

#[test]
fn malformed_service_tolerances_are_refused() {
	build_and_execute(|| {
		let moc = PostedService::Service(Service::MocLocal);
		let data = PostedService::Service(Service::Data);
		let five = Tolerance { basis_points: 0, minimum: 5 };
		let cases: [&[(PostedService, Tolerance)]; 3] = [
			// Stated twice.
			&[(moc, five), (moc, five)],
			// Not in ascending order.
			&[(data, five), (moc, five)],
			// Above 10,000 basis points.
			&[(moc, Tolerance { basis_points: 10_001, minimum: 0 })],
		];
		for stated in cases {
			let mut t = terms();
			t.network_b.service_tolerances = stated
				.iter()
				.map(|&(service, tolerance)| ServiceTolerance { service, tolerance })
				.collect::<Vec<_>>()
				.try_into()
				.unwrap();
			assert_noop!(
				Roaming::propose_agreement(origin(1), deu(), fra(), t),
				Error::<Test>::InvalidTolerance
			);
		}
		// The boundary: 10,000 basis points, every figure stated once in order.
		let mut t = terms();
		let all = Service::ALL
			.into_iter()
			.map(PostedService::Service)
			.chain([PostedService::Charge])
			.map(|service| ServiceTolerance {
				service,
				tolerance: Tolerance { basis_points: 10_000, minimum: 0 },
			});
		t.network_b.service_tolerances = all.collect::<Vec<_>>().try_into().unwrap();
		assert_ok!(Roaming::propose_agreement(origin(1), deu(), fra(), t));
	});
}

#[test]
fn service_tolerances_read_from_the_json_the_billing_guide_shows() {
	let json = r#"{
		"tolerance": { "basisPoints": 50, "minimum": "100" },
		"serviceTolerances": [
			{ "service": { "service": "smsMo" }, "tolerance": { "basisPoints": 0, "minimum": "200" } },
			{ "service": "charge", "tolerance": { "basisPoints": 100, "minimum": "100" } }
		]
	}"#;
	#[derive(serde::Deserialize)]
	#[serde(rename_all = "camelCase")]
	struct Tolerances {
		tolerance: Tolerance,
		service_tolerances: ServiceTolerances,
	}
	let read: Tolerances = serde_json::from_str(json).unwrap();
	let terms = NetworkTerms {
		tariff: tariff(),
		discount: None,
		tolerance: read.tolerance,
		service_tolerances: read.service_tolerances,
	};
	let sms = PostedService::Service(Service::SmsMo);
	assert_eq!(terms.tolerance_of(sms), &Tolerance { basis_points: 0, minimum: 200 });
	assert_eq!(
		terms.tolerance_of(PostedService::Charge),
		&Tolerance { basis_points: 100, minimum: 100 }
	);
	let data = PostedService::Service(Service::Data);
	assert_eq!(terms.tolerance_of(data), &Tolerance { basis_points: 50, minimum: 100 });
}
