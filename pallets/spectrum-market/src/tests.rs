//! Unit tests: overlap rules at every edge, tier coexistence, heartbeats, incumbent suspend and
//! resume, auctions, billing, interference, and a randomized check that no sequence of
//! operations leaves two conflicting live grants.

#![allow(clippy::arithmetic_side_effects)]

use crate::{mock::*, types::*, Error, Event, HoldReason};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
use sp_core::H256;
use sp_runtime::DispatchError;
use telecom_primitives::{CurrencyCode, ObligationSource};

fn origin(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Spectrum(e) => Some(e),
			_ => None,
		})
		.collect()
}

fn state(grant: GrantId) -> GrantState {
	crate::Grants::<Test>::get(grant).unwrap().state
}

fn held(reason: HoldReason, who: u64) -> u64 {
	Balances::balance_on_hold(&RuntimeHoldReason::Spectrum(reason), &who)
}

/// Licence 0: operator 1 holds 3,550–3,650 MHz (priority access) in cells 1–6, blocks 1–1,000.
fn licence(tier: Tier) -> LicenceId {
	let id = crate::NextLicenceId::<Test>::get();
	assert_ok!(Spectrum::register_licence(
		origin(REGULATOR),
		1,
		mhz(3_550, 3_650),
		cells(&[1, 2, 3, 4, 5, 6]),
		window(1, 1_000),
		30,
		tier
	));
	id
}

/// A posted offer of the whole licence at 10 per MHz-hour.
fn posted_offer(licence: LicenceId, pricing: Pricing) -> OfferId {
	let id = crate::NextOfferId::<Test>::get();
	assert_ok!(Spectrum::create_offer(
		origin(1),
		licence,
		mhz(3_550, 3_650),
		cells(&[1, 2, 3, 4, 5, 6]),
		window(1, 1_000),
		pricing,
		CurrencyCode::EUR,
		5,
		H256::repeat_byte(0x5a),
		OfferMode::Posted
	));
	id
}

fn market(tier: Tier) -> OfferId {
	let licence = licence(tier);
	posted_offer(licence, Pricing::PerMhzHour(10))
}

fn take(
	who: u64,
	offer: OfferId,
	range: FrequencyRange,
	area: &[u64],
	w: Window<u64>,
) -> Result<GrantId, sp_runtime::DispatchError> {
	let id = crate::NextGrantId::<Test>::get();
	Spectrum::accept_offer(origin(who), offer, range, cells(area), w).map_err(|e| e.error)?;
	// Every grant taken here names its own radio, in its lessee's custody, at the licence's
	// EIRP.
	let device = register_radio(id, who);
	assert_ok!(Spectrum::assign_radio(origin(who), id, device, 30, 10));
	Ok(id)
}

// ---- licences and offers ----

#[test]
fn the_regulator_licenses_and_holders_offer_slices() {
	build_and_execute(|| {
		assert_noop!(
			Spectrum::register_licence(
				origin(1),
				1,
				mhz(1, 2),
				cells(&[1]),
				window(1, 9),
				30,
				Tier::Priority
			),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Spectrum::register_licence(
				origin(REGULATOR),
				1,
				mhz(2, 2),
				cells(&[1]),
				window(1, 9),
				30,
				Tier::Priority
			),
			Error::<Test>::InvalidRange
		);
		assert_noop!(
			Spectrum::register_licence(
				origin(REGULATOR),
				1,
				mhz(1, 2),
				cells(&[2, 1]),
				window(1, 9),
				30,
				Tier::Priority
			),
			Error::<Test>::InvalidCells
		);
		assert_noop!(
			Spectrum::register_licence(
				origin(REGULATOR),
				1,
				mhz(1, 2),
				cells(&[1]),
				window(9, 9),
				30,
				Tier::Priority
			),
			Error::<Test>::InvalidWindow
		);
		let licence = licence(Tier::Priority);
		let offer = |who, range, area: &[u64], w, currency| {
			Spectrum::create_offer(
				origin(who),
				licence,
				range,
				cells(area),
				w,
				Pricing::Fixed(5),
				currency,
				1,
				H256::zero(),
				OfferMode::Posted,
			)
		};
		assert_noop!(
			offer(2, mhz(3_550, 3_560), &[1], window(1, 10), CurrencyCode::EUR),
			Error::<Test>::NotHolder
		);
		assert_noop!(
			offer(1, mhz(3_540, 3_560), &[1], window(1, 10), CurrencyCode::EUR),
			Error::<Test>::OutsideLicence
		);
		assert_noop!(
			offer(1, mhz(3_550, 3_560), &[7], window(1, 10), CurrencyCode::EUR),
			Error::<Test>::OutsideLicence
		);
		assert_noop!(
			offer(1, mhz(3_550, 3_560), &[1], window(1, 2_000), CurrencyCode::EUR),
			Error::<Test>::OutsideLicence
		);
		assert_noop!(
			offer(1, mhz(3_560, 3_560), &[1], window(1, 10), CurrencyCode::EUR),
			Error::<Test>::InvalidRange
		);
		let bad = codec::Decode::decode(&mut &b"eu1"[..]).unwrap();
		assert_noop!(
			offer(1, mhz(3_550, 3_560), &[1], window(1, 10), bad),
			Error::<Test>::InvalidCurrency
		);
		assert_ok!(offer(1, mhz(3_550, 3_560), &[1], window(1, 10), CurrencyCode::EUR));
		assert_eq!(held(HoldReason::OfferDeposit, 1), OFFER_DEPOSIT);
		assert_noop!(Spectrum::withdraw_offer(origin(2), 0), Error::<Test>::NotHolder);
		assert_ok!(Spectrum::withdraw_offer(origin(1), 0));
		assert_eq!(held(HoldReason::OfferDeposit, 1), 0);
		assert_noop!(Spectrum::withdraw_offer(origin(1), 0), Error::<Test>::OfferClosed);
		assert_noop!(Spectrum::rescind_licence(origin(1), licence), DispatchError::BadOrigin);
		assert_ok!(Spectrum::rescind_licence(origin(REGULATOR), licence));
		assert_noop!(
			offer(1, mhz(3_550, 3_560), &[1], window(1, 10), CurrencyCode::EUR),
			Error::<Test>::LicenceRescinded
		);
		let incumbent = self::licence(Tier::Incumbent);
		assert_noop!(
			Spectrum::create_offer(
				origin(1),
				incumbent,
				mhz(3_550, 3_560),
				cells(&[1]),
				window(1, 10),
				Pricing::Fixed(5),
				CurrencyCode::EUR,
				1,
				H256::zero(),
				OfferMode::Posted
			),
			Error::<Test>::IncumbentNotLeasable
		);
	});
}

// ---- overlap rules ----

#[test]
fn governance_appoints_regulators_who_act_alone() {
	build_and_execute(|| {
		let appoint = |who: Vec<u64>| frame_support::BoundedVec::truncate_from(who);
		assert_noop!(
			Spectrum::set_regulators(origin(REGULATOR), appoint(vec![7])),
			DispatchError::BadOrigin
		);
		assert_ok!(Spectrum::set_regulators(RuntimeOrigin::root(), appoint(vec![8, 7, 7])));
		assert_eq!(crate::Regulators::<Test>::get().into_inner(), vec![7, 8]);
		assert!(events().contains(&Event::RegulatorsSet { regulators: vec![7, 8] }));
		// One regulator account declares an incumbent on its own, in one extrinsic.
		assert_ok!(Spectrum::declare_incumbent(origin(7), mhz(3_560, 3_570), cells(&[1]), 9));
		assert_ok!(Spectrum::end_incumbent(origin(8), 0));
		// The previous regulator no longer is one; neither is root.
		assert_noop!(
			Spectrum::declare_incumbent(origin(REGULATOR), mhz(3_560, 3_570), cells(&[1]), 9),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Spectrum::declare_incumbent(RuntimeOrigin::root(), mhz(3_560, 3_570), cells(&[1]), 9),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn overlap_is_refused_and_touching_edges_are_not_overlap() {
	build_and_execute(|| {
		let offer = market(Tier::Priority);
		let g = take(2, offer, mhz(3_560, 3_580), &[2, 3], window(10, 50)).unwrap();
		assert_eq!(state(g), GrantState::Granted);
		// Shared frequency, a shared single cell and overlapping time: refused.
		assert_eq!(
			take(3, offer, mhz(3_570, 3_590), &[3, 4], window(40, 60)),
			Err(Error::<Test>::Overlap.into())
		);
		// Touching ranges (3,580 is exclusive): fine.
		assert_ok!(take(3, offer, mhz(3_580, 3_590), &[2, 3], window(10, 50)));
		// Touching just below: fine.
		assert_ok!(take(3, offer, mhz(3_550, 3_560), &[2, 3], window(10, 50)));
		// Adjacent windows (50 is exclusive): fine, and so is the window before.
		assert_ok!(take(4, offer, mhz(3_560, 3_580), &[2, 3], window(50, 60)));
		assert_ok!(take(4, offer, mhz(3_560, 3_580), &[2, 3], window(5, 10)));
		// Disjoint cells: fine.
		assert_ok!(take(5, offer, mhz(3_560, 3_580), &[4, 5], window(10, 50)));
		// One shared cell only: refused.
		assert_eq!(
			take(5, offer, mhz(3_560, 3_570), &[1, 2], window(20, 30)),
			Err(Error::<Test>::Overlap.into())
		);
		// A sliver inside the first grant's range, in its last blocks: refused.
		assert_eq!(
			take(5, offer, mhz(3_565, 3_566), &[3], window(45, 50)),
			Err(Error::<Test>::Overlap.into())
		);
	});
}

#[test]
fn general_access_coexists_only_with_general_access() {
	build_and_execute(|| {
		let gaa = market(Tier::General);
		let a = take(2, gaa, mhz(3_560, 3_580), &[1], window(10, 50)).unwrap();
		let b = take(3, gaa, mhz(3_560, 3_580), &[1], window(10, 50)).unwrap();
		assert_eq!(crate::Grants::<Test>::get(b).unwrap().tier, Tier::General);
		assert_ne!(a, b);
		// General access may not land on a priority grant.
		let pal = market(Tier::Priority);
		let p = take(4, pal, mhz(3_600, 3_610), &[1], window(10, 50)).unwrap();
		assert_eq!(
			take(5, gaa, mhz(3_600, 3_610), &[1], window(20, 30)),
			Err(Error::<Test>::Overlap.into())
		);
		assert_eq!(state(p), GrantState::Granted);
	});
}

#[test]
fn a_priority_grant_preempts_general_access_until_it_ends() {
	build_and_execute(|| {
		let gaa = market(Tier::General);
		let a = take(2, gaa, mhz(3_560, 3_580), &[1], window(1, 100)).unwrap();
		let b = take(3, gaa, mhz(3_560, 3_580), &[2], window(1, 100)).unwrap();
		run_to_block(10);
		for (who, g) in [(2, a), (3, b)] {
			assert_ok!(Spectrum::heartbeat(origin(who), vec![g].try_into().unwrap()));
		}
		// A priority lease over a's cell and band pre-empts it (not b, in another cell).
		let pal = market(Tier::Priority);
		let p = take(4, pal, mhz(3_570, 3_575), &[1], window(10, 30)).unwrap();
		assert_eq!(state(p), GrantState::Granted);
		assert_eq!(state(a), GrantState::Suspended(SuspensionCause::Priority));
		assert_eq!(state(b), GrantState::Active);
		// Heartbeats keep a alive but cannot lift the pre-emption; it is not billed meanwhile.
		for n in [12, 16, 20, 24, 28] {
			run_to_block(n);
			assert_ok!(Spectrum::heartbeat(origin(2), vec![a].try_into().unwrap()));
			assert_eq!(state(a), GrantState::Suspended(SuspensionCause::Priority));
		}
		// The priority grant expires at 30: a resumes.
		run_to_block(30);
		assert_eq!(state(a), GrantState::Active);
		run_to_block(40);
		assert_ok!(Spectrum::bill(origin(1), a));
		// 20 MHz at 10 per MHz-hour: 20 a block, for 39 blocks less the 20 pre-empted.
		assert_eq!(crate::Grants::<Test>::get(a).unwrap().billed, 20 * (39 - 20));
	});
}

#[test]
fn slices_stay_within_the_offer_and_its_minimum() {
	build_and_execute(|| {
		let offer = market(Tier::Priority);
		assert_eq!(
			take(2, offer, mhz(3_540, 3_560), &[1], window(10, 50)),
			Err(Error::<Test>::OutsideOffer.into())
		);
		assert_eq!(
			take(2, offer, mhz(3_560, 3_570), &[9], window(10, 50)),
			Err(Error::<Test>::OutsideOffer.into())
		);
		assert_eq!(
			take(2, offer, mhz(3_560, 3_570), &[1], window(10, 14)),
			Err(Error::<Test>::LeaseTooShort.into())
		);
		assert_eq!(
			take(2, offer, mhz(3_560, 3_570), &[1], window(10, 10)),
			Err(Error::<Test>::InvalidWindow.into())
		);
		assert_eq!(
			take(2, offer, mhz(3_560, 3_570), &[], window(10, 30)),
			Err(Error::<Test>::InvalidCells.into())
		);
		assert_eq!(
			take(9, offer, mhz(3_560, 3_570), &[1], window(10, 30)),
			Err(Error::<Test>::NotOperator.into())
		);
		assert_eq!(
			take(2, 7, mhz(3_560, 3_570), &[1], window(10, 30)),
			Err(Error::<Test>::UnknownOffer.into())
		);
		assert_ok!(take(2, offer, mhz(3_560, 3_570), &[1], window(10, 20)));
		assert_eq!(held(HoldReason::GrantDeposit, 2), GRANT_DEPOSIT);
	});
}

#[test]
fn a_later_priority_grant_preempts_general_access_only_from_its_start() {
	build_and_execute(|| {
		let gaa = market(Tier::General);
		let a = take(2, gaa, mhz(3_560, 3_580), &[1], window(1, 100)).unwrap();
		let pal = market(Tier::Priority);
		let p = take(4, pal, mhz(3_560, 3_570), &[1], window(20, 30)).unwrap();
		// One given up before it starts pre-empts nothing.
		let q = take(5, pal, mhz(3_570, 3_580), &[1], window(20, 30)).unwrap();
		assert_ok!(Spectrum::relinquish(origin(5), q));
		for n in (2..=18).step_by(4) {
			run_to_block(n);
			assert_ok!(Spectrum::heartbeat(origin(2), vec![a].try_into().unwrap()));
			assert_eq!(state(a), GrantState::Active);
		}
		run_to_block(20);
		assert_eq!(state(a), GrantState::Suspended(SuspensionCause::Priority));
		assert_noop!(Spectrum::report_usage(origin(2), a, 1), Error::<Test>::NotUsagePriced);
		assert_ok!(Spectrum::heartbeat(origin(2), vec![a].try_into().unwrap()));
		for n in [24, 28] {
			run_to_block(n);
			assert_ok!(Spectrum::heartbeat(origin(2), vec![a].try_into().unwrap()));
		}
		run_to_block(30);
		assert_eq!(state(p), GrantState::Expired);
		assert_eq!(state(a), GrantState::Active);
		assert!(crate::Preempted::<Test>::iter().next().is_none());
	});
}

#[test]
fn a_full_slot_refuses_further_time_shares() {
	build_and_execute(|| {
		let offer = market(Tier::Priority);
		for i in 0..SLOT_CAP as u64 {
			assert_ok!(take(2, offer, mhz(3_560, 3_570), &[1], window(10 + 20 * i, 30 + 20 * i)));
		}
		assert_eq!(
			take(2, offer, mhz(3_560, 3_570), &[1], window(200, 220)),
			Err(Error::<Test>::SlotFull.into())
		);
	});
}

// ---- heartbeats and expiry ----

#[test]
fn heartbeats_activate_and_a_missed_one_suspends() {
	build_and_execute(|| {
		let offer = market(Tier::Priority);
		let g = take(2, offer, mhz(3_560, 3_570), &[1], window(3, 40)).unwrap();
		let batch = |ids: Vec<GrantId>| ids.try_into().unwrap();
		assert_noop!(Spectrum::heartbeat(origin(3), batch(vec![g])), Error::<Test>::NotLessee);
		assert_noop!(Spectrum::heartbeat(origin(2), batch(vec![77])), Error::<Test>::UnknownGrant);
		// Before the window a heartbeat does not authorise transmission.
		assert_ok!(Spectrum::heartbeat(origin(2), batch(vec![g])));
		assert_eq!(state(g), GrantState::Granted);
		run_to_block(3);
		assert_ok!(Spectrum::heartbeat(origin(2), batch(vec![g])));
		assert_eq!(state(g), GrantState::Active);
		// Renewed at 3: still active at 7, suspended at 8 (3 + 5).
		run_to_block(7);
		assert_eq!(state(g), GrantState::Active);
		run_to_block(8);
		assert_eq!(state(g), GrantState::Suspended(SuspensionCause::MissedHeartbeat));
		assert_ok!(Spectrum::heartbeat(origin(2), batch(vec![g])));
		assert_eq!(state(g), GrantState::Active);
		// A renewal just in time keeps it active.
		run_to_block(12);
		assert_ok!(Spectrum::heartbeat(origin(2), batch(vec![g])));
		run_to_block(16);
		assert_eq!(state(g), GrantState::Active);
	});
}

#[test]
fn one_ended_grant_does_not_revert_a_heartbeat_batch() {
	build_and_execute(|| {
		let offer = market(Tier::Priority);
		let live = take(2, offer, mhz(3_560, 3_570), &[1], window(1, 40)).unwrap();
		let ended = take(2, offer, mhz(3_570, 3_580), &[1], window(1, 40)).unwrap();
		let other = take(3, offer, mhz(3_580, 3_590), &[1], window(1, 40)).unwrap();
		assert_ok!(Spectrum::relinquish(origin(2), ended));
		let batch = vec![ended, live, other, 77].try_into().unwrap();
		assert_ok!(Spectrum::heartbeat(origin(2), batch));
		assert_eq!(state(live), GrantState::Active);
		assert_eq!(state(other), GrantState::Granted, "not the caller's: untouched");
		let rejected: Vec<_> = events()
			.into_iter()
			.filter_map(|e| match e {
				Event::HeartbeatRejected { grant, reason } => Some((grant, reason)),
				_ => None,
			})
			.collect();
		assert_eq!(
			rejected,
			vec![
				(ended, Error::<Test>::GrantEnded.into()),
				(other, Error::<Test>::NotLessee.into()),
				(77, Error::<Test>::UnknownGrant.into()),
			]
		);
		assert!(events().contains(&Event::Heartbeat { lessee: 2, grants: 1 }));
		// A batch in which nothing renews fails with the first grant's reason.
		assert_noop!(
			Spectrum::heartbeat(origin(2), vec![ended].try_into().unwrap()),
			Error::<Test>::GrantEnded
		);
	});
}

#[test]
fn repeated_heartbeats_in_one_block_schedule_the_grant_once() {
	build_and_execute(|| {
		let offer = market(Tier::Priority);
		let g = take(2, offer, mhz(3_560, 3_570), &[1], window(1, 40)).unwrap();
		let due_at = System::block_number() + HEARTBEAT;
		let due = || {
			crate::HeartbeatDue::<Test>::iter()
				.flat_map(|(_, ids)| ids.into_inner())
				.filter(|id| *id == g)
				.count()
		};
		// More renewals in one block than a block's due list holds, and one batch naming the
		// grant eight times: the grant is due once, and nobody is refused with `Busy`.
		for _ in 0..20 {
			assert_ok!(Spectrum::heartbeat(origin(2), vec![g].try_into().unwrap()));
		}
		assert_ok!(Spectrum::heartbeat(origin(2), vec![g; 8].try_into().unwrap()));
		assert_eq!(due(), 1);
		assert_eq!(crate::HeartbeatDue::<Test>::get(due_at).into_inner(), vec![g]);
		assert_eq!(state(g), GrantState::Active);
		// The next block's renewal schedules nothing more: the check at `due_at` finds the
		// grant fresh and moves it to that renewal's deadline.
		run_to_block(System::block_number() + 1);
		assert_ok!(Spectrum::heartbeat(origin(2), vec![g].try_into().unwrap()));
		assert_eq!(due(), 1);
		assert!(crate::HeartbeatDue::<Test>::get(due_at + 1).is_empty());
		run_to_block(due_at);
		assert_eq!(crate::HeartbeatDue::<Test>::get(due_at + 1).into_inner(), vec![g]);
		assert_eq!(crate::Grants::<Test>::get(g).unwrap().heartbeat_due, Some(due_at + 1));
		assert_eq!(state(g), GrantState::Active);
		run_to_block(due_at + 1);
		assert_eq!(state(g), GrantState::Suspended(SuspensionCause::MissedHeartbeat));
		assert_eq!(due(), 0);
	});
}

#[test]
fn grants_expire_at_the_end_of_their_window_and_free_the_spectrum() {
	build_and_execute(|| {
		let offer = market(Tier::Priority);
		let g = take(2, offer, mhz(3_560, 3_570), &[1], window(2, 20)).unwrap();
		assert_eq!(
			take(3, offer, mhz(3_560, 3_570), &[1], window(15, 40)),
			Err(Error::<Test>::Overlap.into())
		);
		run_to_block(20);
		assert_eq!(state(g), GrantState::Expired);
		assert!(crate::Occupancy::<Test>::get(1, 356).is_empty());
		assert_ok!(take(3, offer, mhz(3_560, 3_570), &[1], window(20, 40)));
		assert_noop!(
			Spectrum::heartbeat(origin(2), vec![g].try_into().unwrap()),
			Error::<Test>::GrantEnded
		);
		let steps: Vec<_> = crate::GrantHistory::<Test>::get(g).iter().map(|s| s.state).collect();
		assert_eq!(steps, vec![GrantState::Granted, GrantState::Expired]);
	});
}

#[test]
fn relinquishing_frees_the_spectrum_at_once() {
	build_and_execute(|| {
		let offer = market(Tier::Priority);
		let g = take(2, offer, mhz(3_560, 3_570), &[1], window(2, 200)).unwrap();
		assert_noop!(Spectrum::relinquish(origin(3), g), Error::<Test>::NotLessee);
		run_to_block(5);
		assert_ok!(Spectrum::relinquish(origin(2), g));
		assert_eq!(state(g), GrantState::Relinquished);
		assert_noop!(Spectrum::relinquish(origin(2), g), Error::<Test>::GrantEnded);
		assert_ok!(take(3, offer, mhz(3_560, 3_570), &[1], window(5, 200)));
	});
}

// ---- incumbent protection ----

#[test]
fn an_incumbent_suspends_overlapping_grants_and_they_resume_when_it_ends() {
	build_and_execute(|| {
		let offer = market(Tier::Priority);
		let hit = take(2, offer, mhz(3_560, 3_580), &[1, 2], window(1, 500)).unwrap();
		let other_band = take(3, offer, mhz(3_600, 3_610), &[1, 2], window(1, 500)).unwrap();
		let other_cell = take(4, offer, mhz(3_560, 3_580), &[5], window(1, 500)).unwrap();
		for (who, g) in [(2, hit), (3, other_band), (4, other_cell)] {
			assert_ok!(Spectrum::heartbeat(origin(who), vec![g].try_into().unwrap()));
		}
		assert_noop!(
			Spectrum::declare_incumbent(origin(2), mhz(3_550, 3_590), cells(&[1, 2, 3]), 40),
			DispatchError::BadOrigin
		);
		assert_ok!(Spectrum::declare_incumbent(
			origin(REGULATOR),
			mhz(3_550, 3_590),
			cells(&[1, 2, 3]),
			40
		));
		// 3 cells × 4 band blocks = 12 slots at 4 a block: visited in blocks 2 to 4.
		run_to_block(4);
		assert_eq!(state(hit), GrantState::Suspended(SuspensionCause::Incumbent));
		assert_eq!(state(other_band), GrantState::Active);
		assert_eq!(state(other_cell), GrantState::Active);
		run_to_block(5);
		assert!(events().contains(&Event::SweepCompleted { activity: 0, suspend: true }));
		// Heartbeats keep it alive but cannot lift the suspension.
		assert_ok!(Spectrum::heartbeat(origin(2), vec![hit].try_into().unwrap()));
		assert_eq!(state(hit), GrantState::Suspended(SuspensionCause::Incumbent));
		// A new grant in the protected zone starts suspended.
		let newcomer = take(5, offer, mhz(3_585, 3_590), &[3], window(4, 100)).unwrap();
		assert_eq!(state(newcomer), GrantState::Suspended(SuspensionCause::Incumbent));
		// The activity ends at block 40; the resume sweep takes three blocks.
		for n in (8..=40).step_by(4) {
			run_to_block(n);
			assert_ok!(Spectrum::heartbeat(origin(2), vec![hit].try_into().unwrap()));
		}
		run_to_block(43);
		assert_eq!(state(hit), GrantState::Active);
		assert_eq!(state(newcomer), GrantState::Granted, "never heartbeated: granted, not active");
		assert!(crate::Affected::<Test>::iter().next().is_none(), "bookkeeping cleared");
		assert!(crate::IncumbentSlots::<Test>::iter().next().is_none());
	});
}

#[test]
fn the_regulator_may_end_an_incumbent_early() {
	build_and_execute(|| {
		let offer = market(Tier::Priority);
		let g = take(2, offer, mhz(3_560, 3_570), &[1], window(1, 500)).unwrap();
		assert_ok!(Spectrum::declare_incumbent(
			origin(REGULATOR),
			mhz(3_560, 3_570),
			cells(&[1]),
			300
		));
		run_to_block(2);
		assert_eq!(state(g), GrantState::Suspended(SuspensionCause::Incumbent));
		assert_noop!(Spectrum::end_incumbent(origin(2), 0), DispatchError::BadOrigin);
		assert_noop!(Spectrum::end_incumbent(origin(REGULATOR), 5), Error::<Test>::UnknownActivity);
		assert_ok!(Spectrum::end_incumbent(origin(REGULATOR), 0));
		assert_noop!(Spectrum::end_incumbent(origin(REGULATOR), 0), Error::<Test>::ActivityEnded);
		run_to_block(4);
		assert_eq!(state(g), GrantState::Granted);
		// The scheduled end at 300 finds it already ended.
		run_to_block(300);
	});
}

#[test]
fn ending_an_incumbent_early_resumes_grants_it_suspended_in_the_future() {
	build_and_execute(|| {
		let offer = market(Tier::Priority);
		// A grant that starts at block 50 and one running now, both under a radar until 200.
		let later = take(2, offer, mhz(3_560, 3_570), &[1], window(50, 100)).unwrap();
		let now = take(3, offer, mhz(3_570, 3_580), &[1], window(1, 100)).unwrap();
		assert_ok!(Spectrum::heartbeat(origin(3), vec![now].try_into().unwrap()));
		assert_ok!(Spectrum::declare_incumbent(
			origin(REGULATOR),
			mhz(3_560, 3_580),
			cells(&[1]),
			200
		));
		// A second activity over the running grant only, until 30.
		assert_ok!(Spectrum::declare_incumbent(
			origin(REGULATOR),
			mhz(3_570, 3_580),
			cells(&[1]),
			30
		));
		run_to_block(3);
		assert_eq!(state(later), GrantState::Suspended(SuspensionCause::Incumbent));
		assert_eq!(state(now), GrantState::Suspended(SuspensionCause::Incumbent));
		// The radar stops at block 10, long before the future grant's window.
		run_to_block(10);
		assert_ok!(Spectrum::end_incumbent(origin(REGULATOR), 0));
		run_to_block(12);
		assert_eq!(state(later), GrantState::Granted, "resumed although its window is ahead");
		assert_eq!(crate::Grants::<Test>::get(later).unwrap().incumbents, 0);
		// The running grant is still under the second activity until 30, then resumes.
		assert_eq!(state(now), GrantState::Suspended(SuspensionCause::Incumbent));
		for n in (13..=30).step_by(4) {
			run_to_block(n);
			assert_ok!(Spectrum::heartbeat(origin(3), vec![now].try_into().unwrap()));
		}
		run_to_block(32);
		assert_eq!(state(now), GrantState::Active);
		assert!(crate::Affected::<Test>::iter().next().is_none(), "bookkeeping cleared");
	});
}

#[test]
fn incumbent_declarations_are_bounded() {
	build_and_execute(|| {
		assert_noop!(
			// 3,400–3,600 MHz spans 20 ten-MHz band blocks, more than the 12 allowed.
			Spectrum::declare_incumbent(origin(REGULATOR), mhz(3_400, 3_600), cells(&[1]), 9),
			Error::<Test>::InvalidRange
		);
		assert_noop!(
			Spectrum::declare_incumbent(origin(REGULATOR), mhz(3_560, 3_570), cells(&[1]), 1),
			Error::<Test>::InvalidWindow
		);
		assert_ok!(Spectrum::declare_incumbent(
			origin(REGULATOR),
			mhz(3_560, 3_570),
			cells(&[1]),
			9
		));
		assert_ok!(Spectrum::declare_incumbent(
			origin(REGULATOR),
			mhz(3_560, 3_570),
			cells(&[1]),
			9
		));
		assert_noop!(
			Spectrum::declare_incumbent(origin(REGULATOR), mhz(3_560, 3_570), cells(&[1]), 9),
			Error::<Test>::TooManyActivities
		);
	});
}

#[test]
fn a_full_sweep_list_never_drops_a_scheduled_end() {
	build_and_execute(|| {
		let offer = market(Tier::Priority);
		let g = take(2, offer, mhz(3_560, 3_570), &[1], window(1, 500)).unwrap();
		// Large activities (6 cells × 10 band blocks: 15 blocks of sweeping each) fill the
		// sweep list; the first ends at block 5 while the others still sweep.
		let mut declared = vec![];
		for (i, end) in [5u64, 300, 300, 300].into_iter().enumerate() {
			let from = 1 + 10 * i as u64;
			let area: Vec<u64> = (from..from + 6).collect();
			if Spectrum::declare_incumbent(origin(REGULATOR), mhz(3_550, 3_650), cells(&area), end)
				.is_ok()
			{
				declared.push((i as ActivityId, end));
			}
		}
		assert!(!declared.is_empty());
		run_to_block(400);
		for (activity, end) in declared {
			let a = crate::Activities::<Test>::get(activity).unwrap();
			assert!(a.ended, "activity {activity} ended at {end}");
		}
		assert_eq!(state(g), GrantState::Granted, "every incumbent gone: resumed");
		assert!(crate::Affected::<Test>::iter().next().is_none());
		assert!(crate::Sweeps::<Test>::get().is_empty());
	});
}

#[test]
fn offers_on_a_rescinded_licence_cannot_be_taken() {
	build_and_execute(|| {
		let licence = licence(Tier::Priority);
		let posted = posted_offer(licence, Pricing::PerMhzHour(10));
		let auctioned = {
			let other = self::licence(Tier::Priority);
			auction(other, 100)
		};
		assert_ok!(Spectrum::place_bid(origin(2), auctioned, 150));
		assert_ok!(Spectrum::rescind_licence(origin(REGULATOR), licence));
		assert_ok!(Spectrum::rescind_licence(origin(REGULATOR), licence + 1));
		assert_eq!(
			take(2, posted, mhz(3_560, 3_570), &[1], window(1, 40)),
			Err(Error::<Test>::LicenceRescinded.into())
		);
		assert_noop!(
			Spectrum::place_bid(origin(3), auctioned, 500),
			Error::<Test>::LicenceRescinded
		);
		run_to_block(11);
		assert_ok!(Spectrum::close_auction(origin(5), auctioned));
		assert!(auction_failed(auctioned));
		assert_eq!((held(HoldReason::BidBond, 2), held(HoldReason::GrantDeposit, 2)), (0, 0));
		// The holder takes its deposit back.
		assert_ok!(Spectrum::withdraw_offer(origin(1), posted));
	});
}

// ---- auctions ----

#[test]
fn the_highest_bid_wins_at_the_close() {
	build_and_execute(|| {
		let licence = licence(Tier::Priority);
		let mode = OfferMode::Auction { closes_at: 10, reserve: 100 };
		assert_ok!(Spectrum::create_offer(
			origin(1),
			licence,
			mhz(3_560, 3_580),
			cells(&[1, 2]),
			window(5, 100),
			Pricing::Fixed(0),
			CurrencyCode::EUR,
			1,
			H256::zero(),
			mode
		));
		assert_eq!(
			take(2, 0, mhz(3_560, 3_570), &[1], window(20, 40)),
			Err(Error::<Test>::WrongMode.into())
		);
		assert_noop!(Spectrum::place_bid(origin(2), 0, 99), Error::<Test>::BidTooLow);
		assert_noop!(Spectrum::place_bid(origin(9), 0, 500), Error::<Test>::NotOperator);
		assert_ok!(Spectrum::place_bid(origin(2), 0, 150));
		assert_eq!(held(HoldReason::BidBond, 2), BID_BOND);
		assert_noop!(Spectrum::place_bid(origin(3), 0, 150), Error::<Test>::BidTooLow);
		assert_ok!(Spectrum::place_bid(origin(3), 0, 180));
		assert_eq!((held(HoldReason::BidBond, 2), held(HoldReason::BidBond, 3)), (0, BID_BOND));
		assert_noop!(Spectrum::withdraw_offer(origin(1), 0), Error::<Test>::HasBids);
		assert_noop!(Spectrum::close_auction(origin(4), 0), Error::<Test>::BiddingOpen);
		run_to_block(11);
		assert_noop!(Spectrum::place_bid(origin(2), 0, 500), Error::<Test>::BiddingClosed);
		assert_ok!(Spectrum::close_auction(origin(4), 0));
		let grant = crate::Grants::<Test>::get(0).unwrap();
		assert_eq!(
			(grant.lessee, grant.pricing, grant.window),
			(3, Pricing::Fixed(180), window(11, 100))
		);
		assert_eq!(held(HoldReason::BidBond, 3), BID_BOND, "held until the price is paid");
		assert_eq!((held(HoldReason::BidBond, 2), held(HoldReason::GrantDeposit, 2)), (0, 0));
		assert_noop!(Spectrum::close_auction(origin(4), 0), Error::<Test>::OfferClosed);
		assert_noop!(Spectrum::place_bid(origin(2), 7, 500), Error::<Test>::UnknownOffer);
	});
}

#[test]
fn an_auction_without_bids_closes_unsold() {
	build_and_execute(|| {
		let licence = licence(Tier::Priority);
		let mode = OfferMode::Auction { closes_at: 3, reserve: 100 };
		assert_ok!(Spectrum::create_offer(
			origin(1),
			licence,
			mhz(3_560, 3_580),
			cells(&[1]),
			window(5, 100),
			Pricing::Fixed(0),
			CurrencyCode::EUR,
			1,
			H256::zero(),
			mode
		));
		run_to_block(4);
		assert_ok!(Spectrum::close_auction(origin(2), 0));
		assert!(crate::Grants::<Test>::get(0).is_none());
		assert!(!crate::Offers::<Test>::get(0).unwrap().open);
	});
}

/// An auction by holder 1 of 3,560–3,580 MHz in cell 1 for blocks 5 to `end`, closing at 10.
fn auction(licence: LicenceId, end: u64) -> OfferId {
	let id = crate::NextOfferId::<Test>::get();
	assert_ok!(Spectrum::create_offer(
		origin(1),
		licence,
		mhz(3_560, 3_580),
		cells(&[1]),
		window(5, end),
		Pricing::Fixed(0),
		CurrencyCode::EUR,
		1,
		H256::zero(),
		OfferMode::Auction { closes_at: 10, reserve: 100 }
	));
	id
}

fn auction_failed(offer: OfferId) -> bool {
	events().iter().any(|e| matches!(e, Event::AuctionFailed { offer: o, .. } if *o == offer))
}

#[test]
fn an_auction_closed_after_its_window_fails_and_releases_every_hold() {
	build_and_execute(|| {
		let licence = licence(Tier::Priority);
		let offer = auction(licence, 30);
		assert_ok!(Spectrum::place_bid(origin(2), offer, 150));
		// Nobody closes it before the lease window is over.
		run_to_block(40);
		assert_ok!(Spectrum::close_auction(origin(5), offer));
		assert!(auction_failed(offer));
		assert!(crate::Grants::<Test>::get(0).is_none());
		assert!(!crate::Offers::<Test>::get(offer).unwrap().open);
		assert_eq!(held(HoldReason::BidBond, 2), 0);
		assert_eq!(held(HoldReason::GrantDeposit, 2), 0);
		assert_eq!(held(HoldReason::OfferDeposit, 1), 0);
	});
}

#[test]
fn a_winner_that_moved_its_balance_still_wins_and_its_bond_waits_for_payment() {
	build_and_execute(|| {
		let licence = licence(Tier::Priority);
		let offer = auction(licence, 105);
		assert_ok!(Spectrum::place_bid(origin(2), offer, 1_000));
		// The leader empties its free balance before the close.
		let free = Balances::free_balance(2);
		assert_ok!(<Balances as frame_support::traits::fungible::Mutate<u64>>::transfer(
			&2,
			&6,
			free - 1,
			frame_support::traits::tokens::Preservation::Expendable
		));
		run_to_block(11);
		assert_ok!(Spectrum::close_auction(origin(5), offer));
		let grant = crate::Grants::<Test>::get(0).unwrap();
		assert_eq!((grant.lessee, grant.pricing), (2, Pricing::Fixed(1_000)));
		assert_eq!(held(HoldReason::GrantDeposit, 2), GRANT_DEPOSIT);
		// The bond stays held until the price is paid.
		assert_eq!(held(HoldReason::BidBond, 2), BID_BOND);
		run_to_block(50);
		assert_ok!(Spectrum::bill(origin(1), 0));
		assert_eq!(held(HoldReason::BidBond, 2), BID_BOND, "part paid: still held");
		// The grant runs to its end and its price is billed in full: the bond returns.
		run_to_block(105);
		assert_eq!(state(0), GrantState::Expired);
		assert_ok!(Spectrum::bill(origin(1), 0));
		assert_eq!(crate::Grants::<Test>::get(0).unwrap().billed, 1_000);
		assert_eq!(held(HoldReason::BidBond, 2), 0, "ran to its end, paid in full: released");
	});
}

#[test]
fn overlapping_open_offers_are_refused_and_an_auction_that_cannot_grant_fails() {
	build_and_execute(|| {
		let licence = licence(Tier::Priority);
		let offer = auction(licence, 100);
		// A posted offer over the same slice would let its lessee block the auction.
		assert_noop!(
			Spectrum::create_offer(
				origin(1),
				licence,
				mhz(3_570, 3_590),
				cells(&[1, 2]),
				window(50, 200),
				Pricing::PerMhzHour(10),
				CurrencyCode::EUR,
				1,
				H256::zero(),
				OfferMode::Posted
			),
			Error::<Test>::OverlappingOffer
		);
		// Beside it (another band, or after its window) is fine.
		assert_ok!(Spectrum::create_offer(
			origin(1),
			licence,
			mhz(3_580, 3_590),
			cells(&[1]),
			window(5, 100),
			Pricing::PerMhzHour(10),
			CurrencyCode::EUR,
			1,
			H256::zero(),
			OfferMode::Posted
		));
		assert_ok!(Spectrum::place_bid(origin(2), offer, 150));
		// Another holder's overlapping priority licence is leased meanwhile.
		assert_ok!(Spectrum::register_licence(
			origin(REGULATOR),
			3,
			mhz(3_550, 3_650),
			cells(&[1]),
			window(1, 1_000),
			30,
			Tier::Priority
		));
		assert_ok!(Spectrum::create_offer(
			origin(3),
			licence + 1,
			mhz(3_550, 3_650),
			cells(&[1]),
			window(1, 1_000),
			Pricing::PerMhzHour(10),
			CurrencyCode::EUR,
			1,
			H256::zero(),
			OfferMode::Posted
		));
		let blocker = take(4, offer + 2, mhz(3_560, 3_570), &[1], window(1, 500)).unwrap();
		run_to_block(11);
		assert_ok!(Spectrum::close_auction(origin(5), offer));
		assert!(auction_failed(offer));
		assert_eq!(state(blocker), GrantState::Granted);
		assert_eq!((held(HoldReason::BidBond, 2), held(HoldReason::GrantDeposit, 2)), (0, 0));
		assert!(!crate::Offers::<Test>::get(offer).unwrap().open);
	});
}

#[test]
fn an_auction_whose_due_list_is_full_still_ends() {
	build_and_execute(|| {
		let licence = licence(Tier::Priority);
		let offer = auction(licence, 100);
		assert_ok!(Spectrum::place_bid(origin(2), offer, 150));
		let full: frame_support::BoundedVec<GrantId, _> = vec![1_000; 16].try_into().unwrap();
		for b in 100..200 {
			crate::Expiring::<Test>::insert(b, full.clone());
		}
		run_to_block(11);
		assert_ok!(Spectrum::close_auction(origin(5), offer));
		assert!(auction_failed(offer));
		assert_eq!((held(HoldReason::BidBond, 2), held(HoldReason::GrantDeposit, 2)), (0, 0));
		for b in 100..200 {
			crate::Expiring::<Test>::remove(b);
		}
	});
}

// ---- billing ----

#[test]
fn per_mhz_hour_billing_is_pro_rata_and_skips_incumbent_time() {
	build_and_execute(|| {
		let offer = market(Tier::Priority);
		// 20 MHz at 10 per MHz-hour = 200 an hour = 20 a block (10 blocks an hour).
		let g = take(2, offer, mhz(3_560, 3_580), &[1], window(10, 110)).unwrap();
		run_to_block(30);
		assert_ok!(Spectrum::bill(origin(1), g));
		let cleared = Cleared::get();
		assert_eq!((cleared[0].payer, cleared[0].payee, cleared[0].amount), (2, 1, 400));
		assert_eq!(
			(cleared[0].currency, cleared[0].source),
			(CurrencyCode::EUR, ObligationSource::Spectrum)
		);
		// An incumbent holds it for blocks 30–50: those 20 blocks are not billed.
		assert_ok!(Spectrum::declare_incumbent(
			origin(REGULATOR),
			mhz(3_560, 3_580),
			cells(&[1]),
			50
		));
		run_to_block(60);
		assert_ok!(Spectrum::bill(origin(1), g));
		// 30 blocks since the last bill; suspended from the sweep at block 31 to the end at 50.
		assert_eq!(Cleared::get()[1].amount, 20 * (30 - 19));
		run_to_block(200);
		assert_ok!(Spectrum::bill(origin(1), g));
		assert_eq!(Cleared::get()[2].amount, 20 * 50, "to the window's end only");
		assert_ok!(Spectrum::bill(origin(1), g));
		assert_eq!(Cleared::get().len(), 3, "nothing more to bill");
		assert_eq!(crate::Grants::<Test>::get(g).unwrap().billed, 400 + 220 + 1_000);
	});
}

#[test]
fn fixed_prices_bill_the_whole_window_once_and_usage_as_reported() {
	build_and_execute(|| {
		let licence = licence(Tier::Priority);
		let fixed = posted_offer(licence, Pricing::Fixed(777));
		let g = take(2, fixed, mhz(3_560, 3_570), &[1], window(10, 30)).unwrap();
		assert_ok!(Spectrum::bill(origin(1), g));
		assert!(Cleared::get().is_empty(), "nothing accrued before the window");
		// Given up early, the whole fixed price still falls due, once.
		assert_ok!(Spectrum::relinquish(origin(2), g));
		assert_ok!(Spectrum::bill(origin(1), g));
		assert_ok!(Spectrum::bill(origin(1), g));
		assert_eq!(Cleared::get().iter().map(|o| o.amount).collect::<Vec<_>>(), vec![777]);
		assert_noop!(Spectrum::report_usage(origin(2), g, 5), Error::<Test>::NotUsagePriced);

		let usage = posted_offer(self::licence(Tier::Priority), Pricing::PerReportedUnit(3));
		let u = take(3, usage, mhz(3_600, 3_610), &[2], window(10, 30)).unwrap();
		assert_noop!(Spectrum::report_usage(origin(2), u, 5), Error::<Test>::NotLessee);
		assert_ok!(Spectrum::report_usage(origin(3), u, 40));
		assert_ok!(Spectrum::report_usage(origin(3), u, 2));
		assert_ok!(Spectrum::bill(origin(1), u));
		assert_eq!(Cleared::get()[1].amount, 126);
		assert_eq!(crate::Grants::<Test>::get(u).unwrap().unbilled_units, 0);
		assert_noop!(Spectrum::bill(origin(1), 99), Error::<Test>::UnknownGrant);
	});
}

#[test]
fn billing_every_block_accrues_the_exact_rent() {
	build_and_execute(|| {
		let licence = licence(Tier::Priority);
		let offer = posted_offer(licence, Pricing::PerMhzHour(1));
		// 5 MHz at 1 per MHz-hour over 10 blocks an hour: half a minor unit a block.
		let g = take(2, offer, mhz(3_560, 3_565), &[1], window(2, 200)).unwrap();
		for n in 3..=22 {
			run_to_block(n);
			assert_ok!(Spectrum::bill(origin(1), g));
		}
		let total: u128 = Cleared::get().iter().map(|o| o.amount).sum();
		assert_eq!(total, 10, "20 blocks at half a unit each, however often billed");
		assert_eq!(crate::Grants::<Test>::get(g).unwrap().billed, 10);
	});
}

#[test]
fn fixed_and_usage_prices_skip_incumbent_suspension() {
	build_and_execute(|| {
		let licence = licence(Tier::Priority);
		let fixed = posted_offer(licence, Pricing::Fixed(1_000));
		// 1,000 for blocks 10 to 110; an incumbent holds it from block 31 to 51.
		let g = take(2, fixed, mhz(3_560, 3_570), &[1], window(10, 110)).unwrap();
		let usage = posted_offer(self::licence(Tier::Priority), Pricing::PerReportedUnit(3));
		let u = take(3, usage, mhz(3_600, 3_610), &[1], window(10, 110)).unwrap();
		run_to_block(30);
		assert_ok!(Spectrum::declare_incumbent(
			origin(REGULATOR),
			mhz(3_560, 3_610),
			cells(&[1]),
			51
		));
		run_to_block(40);
		assert_eq!(state(u), GrantState::Suspended(SuspensionCause::Incumbent));
		assert_noop!(Spectrum::report_usage(origin(3), u, 40), Error::<Test>::SuspendedByIncumbent);
		run_to_block(200);
		assert_ok!(Spectrum::bill(origin(1), g));
		assert_ok!(Spectrum::bill(origin(1), g));
		let billed = crate::Grants::<Test>::get(g).unwrap().billed;
		assert_eq!(billed, 800, "20 of 100 blocks suspended: 80 % of the price");
	});
}

#[test]
fn ended_grants_are_purged_once_fully_billed() {
	build_and_execute(|| {
		let offer = market(Tier::Priority);
		let g = take(2, offer, mhz(3_560, 3_570), &[1], window(2, 12)).unwrap();
		assert_noop!(Spectrum::purge_grant(origin(5), g), Error::<Test>::GrantLive);
		run_to_block(12);
		assert_noop!(Spectrum::purge_grant(origin(5), g), Error::<Test>::Unbilled);
		assert_ok!(Spectrum::bill(origin(5), g));
		assert_ok!(Spectrum::purge_grant(origin(5), g));
		assert_eq!(held(HoldReason::GrantDeposit, 2), 0);
		assert!(crate::Grants::<Test>::get(g).is_none());
		assert!(Spectrum::grants_of(&2).is_empty());
	});
}

// ---- interference ----

#[test]
fn interference_reports_cost_the_loser_its_deposit() {
	build_and_execute(|| {
		let offer = market(Tier::Priority);
		let g = take(2, offer, mhz(3_560, 3_570), &[1], window(2, 200)).unwrap();
		assert_noop!(
			Spectrum::report_interference(origin(9), g, H256::zero()),
			Error::<Test>::NotOperator
		);
		assert_ok!(Spectrum::report_interference(origin(3), g, H256::repeat_byte(1)));
		assert_ok!(Spectrum::report_interference(origin(4), g, H256::repeat_byte(2)));
		assert_eq!(held(HoldReason::ReportDeposit, 3), REPORT_DEPOSIT);
		assert_noop!(
			Spectrum::resolve_interference(origin(3), 0, true, true),
			DispatchError::BadOrigin
		);
		// Rejected: operator 3's deposit goes to the accused lessee.
		let before = Balances::free_balance(2);
		assert_ok!(Spectrum::resolve_interference(origin(REGULATOR), 0, false, false));
		assert_eq!(Balances::free_balance(2), before + REPORT_DEPOSIT);
		assert_eq!(held(HoldReason::ReportDeposit, 3), 0);
		// Upheld with termination: the deposit returns and the grant ends.
		assert_ok!(Spectrum::resolve_interference(origin(REGULATOR), 1, true, true));
		assert_eq!(held(HoldReason::ReportDeposit, 4), 0);
		assert_eq!(state(g), GrantState::Terminated);
		assert_noop!(
			Spectrum::resolve_interference(origin(REGULATOR), 1, true, true),
			Error::<Test>::UnknownReport
		);
		assert_noop!(
			Spectrum::report_interference(origin(3), g, H256::zero()),
			Error::<Test>::GrantEnded
		);
	});
}

// ---- queries ----

#[test]
fn free_spectrum_queries_name_the_blocking_grants() {
	build_and_execute(|| {
		let offer = market(Tier::Priority);
		let g = take(2, offer, mhz(3_560, 3_570), &[1, 2], window(10, 50)).unwrap();
		assert_eq!(Spectrum::conflicts(mhz(3_565, 3_575), vec![2, 3], window(40, 60)), vec![g]);
		assert!(Spectrum::conflicts(mhz(3_570, 3_575), vec![2, 3], window(40, 60)).is_empty());
		assert!(Spectrum::conflicts(mhz(3_565, 3_575), vec![2, 3], window(50, 60)).is_empty());
		assert_eq!(Spectrum::grants_of(&1).len(), 1, "the holder sees its leases");
		assert_eq!(Spectrum::grants_of(&2)[0].0, g);
	});
}

// ---- property: random operations never leave conflicting live grants ----

/// xorshift64*: a small deterministic generator, so the property test needs no crate.
struct Rng(u64);
impl Rng {
	fn next(&mut self) -> u64 {
		self.0 ^= self.0 >> 12;
		self.0 ^= self.0 << 25;
		self.0 ^= self.0 >> 27;
		self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
	}
	fn below(&mut self, n: u64) -> u64 {
		self.next() % n
	}
}

#[test]
fn random_sequences_never_leave_overlapping_live_grants() {
	let mut accepted = 0;
	let mut refused = 0;
	for seed in 1..=40u64 {
		new_test_ext().execute_with(|| {
			let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
			let pal = market(Tier::Priority);
			let gaa = market(Tier::General);
			for _ in 0..60 {
				match rng.below(10) {
					0..=5 => {
						let offer = if rng.below(3) == 0 { gaa } else { pal };
						let low = 3_550 + rng.below(9) * 5;
						let high = low + 5 + rng.below(4) * 5;
						let first = 1 + rng.below(5);
						let area: Vec<u64> = (first..=first + rng.below(2)).collect();
						let start = System::block_number() + rng.below(20);
						let end = start + 10 + rng.below(30);
						let who = 2 + rng.below(4);
						match take(who, offer, mhz(low, high.min(3_650)), &area, window(start, end))
						{
							Ok(_) => accepted += 1,
							Err(_) => refused += 1,
						}
					},
					6 => {
						let next = crate::NextGrantId::<Test>::get();
						if next > 0 {
							let g = rng.below(next);
							if let Some(grant) = crate::Grants::<Test>::get(g) {
								let _ = Spectrum::relinquish(origin(grant.lessee), g);
							}
						}
					},
					7 => {
						let low = 3_550 + rng.below(9) * 5;
						let cell = 1 + rng.below(6);
						let end = System::block_number() + 1 + rng.below(15);
						let _ = Spectrum::declare_incumbent(
							origin(REGULATOR),
							mhz(low, low + 10),
							cells(&[cell]),
							end,
						);
					},
					_ => run_to_block(System::block_number() + 1 + rng.below(5)),
				}
				Spectrum::do_try_state().expect("no conflicting live grants, ever");
			}
		});
	}
	assert!(accepted > 100 && refused > 100, "both outcomes exercised: {accepted} / {refused}");
}

#[test]
fn every_call_event_and_error_is_documented() {
	use scale_info::{TypeDef, TypeInfo};
	fn undocumented<T: TypeInfo>() -> Vec<&'static str> {
		match T::type_info().type_def {
			TypeDef::Variant(v) => {
				v.variants.iter().filter(|x| x.docs.is_empty()).map(|x| x.name).collect()
			},
			_ => vec!["not an enum"],
		}
	}
	assert!(undocumented::<crate::Call<Test>>().is_empty());
	assert!(undocumented::<Event<Test>>().is_empty());
	assert!(undocumented::<Error<Test>>().is_empty());
}

#[test]
fn one_operator_heartbeating_every_block_cannot_fill_the_due_lists() {
	build_and_execute(|| {
		let offer = market(Tier::Priority);
		// Operator 2 holds 32 grants (cells 1–4, eight 10 MHz bands); operator 3 holds one.
		let mut mine = vec![];
		for cell in 1..=4u64 {
			for band in 0..8u64 {
				let low = 3_550 + band * 10;
				mine.push(take(2, offer, mhz(low, low + 10), &[cell], window(1, 200)).unwrap());
			}
		}
		let theirs = take(3, offer, mhz(3_550, 3_560), &[5], window(1, 200)).unwrap();
		// Operator 2 renews all its grants in every block for 30 blocks.
		for _ in 0..30 {
			for chunk in mine.chunks(8) {
				assert_ok!(Spectrum::heartbeat(origin(2), chunk.to_vec().try_into().unwrap()));
			}
			run_to_block(System::block_number() + 1);
		}
		// Everyone else's renewal still finds room, and each grant is due at most once.
		assert_ok!(Spectrum::heartbeat(origin(3), vec![theirs].try_into().unwrap()));
		for id in mine.iter().chain([theirs].iter()) {
			let entries: usize = crate::HeartbeatDue::<Test>::iter()
				.map(|(_, ids)| ids.iter().filter(|g| *g == id).count())
				.sum();
			assert!(entries <= 1, "grant {id} is due {entries} times");
		}
		assert_eq!(state(mine[0]), GrantState::Active);
		assert_eq!(state(theirs), GrantState::Active);
	});
}

#[test]
fn a_winner_that_gives_up_early_forfeits_its_bond_to_the_holder() {
	build_and_execute(|| {
		let licence = licence(Tier::Priority);
		let offer = auction(licence, 105);
		// An absurd bid, then the winner walks away at once.
		assert_ok!(Spectrum::place_bid(origin(2), offer, 1_000_000));
		run_to_block(11);
		assert_ok!(Spectrum::close_auction(origin(5), offer));
		let holder_before = Balances::free_balance(1);
		assert_ok!(Spectrum::relinquish(origin(2), 0));
		assert_ok!(Spectrum::bill(origin(1), 0));
		assert_eq!(crate::Grants::<Test>::get(0).unwrap().billed, 1_000_000);
		// The bond is not returned: it compensates the holder.
		assert_eq!(held(HoldReason::BidBond, 2), 0);
		assert_eq!(Balances::free_balance(1), holder_before + BID_BOND);
		assert_eq!(crate::Grants::<Test>::get(0).unwrap().bond, 0);
		assert!(events().contains(&Event::BondForfeited {
			grant: 0,
			to: 1,
			amount: BID_BOND as u128
		}));
	});
}

#[test]
fn a_grant_with_an_open_complaint_is_not_purged() {
	build_and_execute(|| {
		let offer = market(Tier::Priority);
		let g = take(2, offer, mhz(3_560, 3_570), &[1], window(2, 12)).unwrap();
		assert_ok!(Spectrum::report_interference(origin(3), g, H256::repeat_byte(1)));
		run_to_block(12);
		assert_ok!(Spectrum::bill(origin(5), g));
		assert_noop!(Spectrum::purge_grant(origin(5), g), Error::<Test>::ComplaintOpen);
		// Rejecting the complaint still pays the accused lessee; then the grant is purged.
		let before = Balances::free_balance(2);
		assert_ok!(Spectrum::resolve_interference(origin(REGULATOR), 0, false, false));
		assert_eq!(Balances::free_balance(2), before + REPORT_DEPOSIT);
		assert_ok!(Spectrum::purge_grant(origin(5), g));
		assert!(crate::Grants::<Test>::get(g).is_none());
	});
}

#[test]
fn general_access_filling_a_slot_does_not_block_a_priority_grant() {
	build_and_execute(|| {
		let gaa = market(Tier::General);
		let shares: Vec<GrantId> = (0..SLOT_CAP as u64)
			.map(|i| take(2 + i % 2, gaa, mhz(3_560, 3_570), &[1], window(1, 100)).unwrap())
			.collect();
		// The slot holds `SLOT_CAP` general-access grants: no more general access fits...
		assert_eq!(
			take(2, gaa, mhz(3_560, 3_570), &[1], window(1, 100)),
			Err(Error::<Test>::SlotFull.into())
		);
		// ...but a priority grant is admitted and pre-empts them all.
		let pal = market(Tier::Priority);
		let p = take(4, pal, mhz(3_560, 3_570), &[1], window(5, 30)).unwrap();
		run_to_block(5);
		for g in shares {
			assert_eq!(state(g), GrantState::Suspended(SuspensionCause::Priority));
		}
		assert_eq!(state(p), GrantState::Granted);
		// Priority grants are capped apart: `SLOT_CAP` time shares fill their own class.
		for i in 1..SLOT_CAP as u64 {
			assert_ok!(take(4, pal, mhz(3_560, 3_570), &[1], window(10 + 20 * i, 30 + 20 * i)));
		}
		assert_eq!(
			take(4, pal, mhz(3_560, 3_570), &[1], window(200, 220)),
			Err(Error::<Test>::SlotFull.into())
		);
	});
}

// ---- radios (WInnForum SAS–CBSD: a grant belongs to a registered radio) ----

/// A grant of operator 2's over 3,560–3,570 MHz in cell 1, blocks 3–40, naming no radio.
fn bare_grant(offer: OfferId, range: FrequencyRange, w: Window<u64>) -> GrantId {
	let id = crate::NextGrantId::<Test>::get();
	assert_ok!(Spectrum::accept_offer(origin(2), offer, range, cells(&[1]), w));
	id
}

/// Radio `n`'s ed25519 signature of its heartbeat of `grant` at block `at`.
fn radio_signs(n: u64, grant: GrantId, at: u64) -> telecom_primitives::DeviceSignature {
	let payload =
		crate::radio_heartbeat_payload(&Spectrum::genesis_hash(), grant, &radio_id(n), &at);
	telecom_primitives::DeviceSignature::Ed25519(sp_core::Pair::sign(&radio_pair(n), &payload).0)
}

fn radio_of(grant: GrantId) -> Option<RadioAssignment<u64>> {
	crate::GrantRadios::<Test>::get(grant)
}

fn listed(device: telecom_primitives::DeviceId) -> Vec<GrantId> {
	crate::RadioGrants::<Test>::get(device).iter().map(|e| e.grant).collect()
}

#[test]
fn a_grant_is_renewed_only_once_it_names_an_active_radio_of_its_lessee() {
	build_and_execute(|| {
		let offer = market(Tier::Priority);
		let g = bare_grant(offer, mhz(3_560, 3_570), window(1, 40));
		let batch = |ids: Vec<GrantId>| ids.try_into().unwrap();
		// No radio named: the grant cannot be renewed into service.
		assert_noop!(Spectrum::heartbeat(origin(2), batch(vec![g])), Error::<Test>::NoRadio);
		let mine = register_radio(1, 2);
		let theirs = register_radio(2, 3);
		let idle = register_radio(3, 2);
		set_radio_active(idle, false);
		let unknown = radio_id(9);
		let assign = |who, grant, device, eirp, height| {
			Spectrum::assign_radio(origin(who), grant, device, eirp, height)
		};
		assert_noop!(assign(2, 77, mine, 30, 10), Error::<Test>::UnknownGrant);
		assert_noop!(assign(3, g, mine, 30, 10), Error::<Test>::NotLessee);
		// The licence allows 30 dBm/10 MHz: 31 is refused, 30 accepted.
		assert_noop!(assign(2, g, mine, 31, 10), Error::<Test>::EirpAboveLicence);
		assert_noop!(assign(2, g, mine, 30, MAX_ANTENNA_HEIGHT + 1), Error::<Test>::AntennaTooHigh);
		assert_noop!(assign(2, g, unknown, 30, 10), Error::<Test>::UnknownRadio);
		assert_noop!(assign(2, g, idle, 30, 10), Error::<Test>::RadioNotActive);
		assert_noop!(assign(2, g, theirs, 30, 10), Error::<Test>::RadioNotInCustody);
		assert_ok!(assign(2, g, mine, 30, MAX_ANTENNA_HEIGHT));
		assert_eq!(
			radio_of(g),
			Some(RadioAssignment {
				device: mine,
				eirp: 30,
				antenna_height: MAX_ANTENNA_HEIGHT,
				last_beat: None
			})
		);
		assert_eq!(listed(mine), vec![g]);
		assert!(events().contains(&Event::RadioAssigned {
			grant: g,
			device: mine,
			eirp: 30,
			antenna_height: MAX_ANTENNA_HEIGHT,
			replaced: None,
		}));
		// Lower power is always allowed.
		assert_ok!(assign(2, g, mine, -20, 0));
		assert_eq!(listed(mine), vec![g], "named again, listed once");
		assert_ok!(Spectrum::heartbeat(origin(2), batch(vec![g])));
		assert_eq!(state(g), GrantState::Active);

		// The registry suspends the radio: its grant is no longer renewed and lapses.
		set_radio_active(mine, false);
		assert_noop!(Spectrum::heartbeat(origin(2), batch(vec![g])), Error::<Test>::RadioNotActive);
		run_to_block(6);
		assert_eq!(state(g), GrantState::Suspended(SuspensionCause::MissedHeartbeat));
		// Back in service, but sold to operator 3: not the lessee's radio any more.
		set_radio_active(mine, true);
		set_radio_custodian(mine, 3);
		assert_noop!(
			Spectrum::heartbeat(origin(2), batch(vec![g])),
			Error::<Test>::RadioNotInCustody
		);
		// The lessee names another radio of its own: the old one is freed.
		let spare = register_radio(4, 2);
		assert_ok!(assign(2, g, spare, 25, 12));
		assert!(events().contains(&Event::RadioAssigned {
			grant: g,
			device: spare,
			eirp: 25,
			antenna_height: 12,
			replaced: Some(mine),
		}));
		assert!(listed(mine).is_empty());
		assert_eq!(listed(spare), vec![g]);
		assert_ok!(Spectrum::heartbeat(origin(2), batch(vec![g])));
		assert_eq!(state(g), GrantState::Active);
		// An ended grant frees its radio and takes no other.
		assert_ok!(Spectrum::relinquish(origin(2), g));
		assert!(listed(spare).is_empty());
		assert_noop!(assign(2, g, spare, 30, 10), Error::<Test>::GrantEnded);
	});
}

#[test]
fn one_radio_is_not_counted_twice_for_the_same_spectrum() {
	build_and_execute(|| {
		// General access coexists, so one lessee may hold overlapping grants: one radio
		// cannot serve two of them at once.
		let offer = market(Tier::General);
		let first = bare_grant(offer, mhz(3_560, 3_570), window(1, 40));
		let overlapping = bare_grant(offer, mhz(3_562, 3_568), window(30, 40));
		let other_band = bare_grant(offer, mhz(3_570, 3_580), window(1, 40));
		let later = bare_grant(offer, mhz(3_560, 3_570), window(40, 80));
		let fourth = bare_grant(offer, mhz(3_600, 3_610), window(1, 40));
		let radio = register_radio(1, 2);
		let assign = |grant| Spectrum::assign_radio(origin(2), grant, radio, 30, 10);
		assert_ok!(assign(first));
		assert_noop!(assign(overlapping), Error::<Test>::RadioBusy);
		// Touching bands and adjacent windows do not overlap.
		assert_ok!(assign(other_band));
		assert_ok!(assign(later));
		assert_eq!(listed(radio), vec![first, other_band, later]);
		assert_noop!(assign(fourth), Error::<Test>::TooManyGrantsPerRadio);
		// Once the first grant ends, the radio may serve the overlapping one.
		assert_ok!(Spectrum::relinquish(origin(2), first));
		assert_ok!(assign(overlapping));
		assert_eq!(listed(radio), vec![other_band, later, overlapping]);
		// Expiry frees it too.
		run_to_block(40);
		assert_eq!(listed(radio), vec![later]);
	});
}

#[test]
fn a_radio_signs_its_own_heartbeats_and_replays_are_refused() {
	build_and_execute(|| {
		let offer = market(Tier::Priority);
		let g = bare_grant(offer, mhz(3_560, 3_570), window(3, 40));
		let device = register_radio(1, 2);
		let beat = |at, signature| Spectrum::radio_heartbeat(origin(6), g, at, signature);
		assert_noop!(
			Spectrum::radio_heartbeat(origin(6), 77, 1, radio_signs(1, 77, 1)),
			Error::<Test>::UnknownGrant
		);
		assert_noop!(beat(1, radio_signs(1, g, 1)), Error::<Test>::NoRadio);
		assert_ok!(Spectrum::assign_radio(origin(2), g, device, 30, 10));
		run_to_block(4);
		// Anyone relays it (6 is not even an operator); the radio's key speaks for the grant.
		assert_ok!(beat(3, radio_signs(1, g, 3)));
		assert_eq!(state(g), GrantState::Active);
		assert!(events().contains(&Event::RadioHeartbeat { grant: g, device, at: 3 }));
		assert_eq!(radio_of(g).unwrap().last_beat, Some(3));
		assert_eq!(crate::Grants::<Test>::get(g).unwrap().last_heartbeat, Some(3));
		// The same heartbeat again, or an older one, is a replay.
		assert_noop!(beat(3, radio_signs(1, g, 3)), Error::<Test>::ReplayedHeartbeat);
		assert_noop!(beat(2, radio_signs(1, g, 2)), Error::<Test>::ReplayedHeartbeat);
		// A future block, or one a whole interval old, is stale.
		assert_noop!(beat(5, radio_signs(1, g, 5)), Error::<Test>::StaleHeartbeat);
		run_to_block(8);
		// Signed at 3, active until 3 + 5: lapsed at 8.
		assert_eq!(state(g), GrantState::Suspended(SuspensionCause::MissedHeartbeat));
		// A heartbeat withheld for a whole interval is stale, whoever relays it.
		run_to_block(9);
		assert_noop!(beat(4, radio_signs(1, g, 4)), Error::<Test>::StaleHeartbeat);
		// Signatures for another grant, another radio, another chain or by another key fail.
		assert_noop!(beat(5, radio_signs(1, g + 1, 5)), Error::<Test>::BadRadioSignature);
		let wrong_device =
			crate::radio_heartbeat_payload(&Spectrum::genesis_hash(), g, &radio_id(2), &5u64);
		let sig = |payload: &[u8]| {
			telecom_primitives::DeviceSignature::Ed25519(
				sp_core::Pair::sign(&radio_pair(1), payload).0,
			)
		};
		assert_noop!(beat(5, sig(&wrong_device)), Error::<Test>::BadRadioSignature);
		let other_chain =
			crate::radio_heartbeat_payload(&H256::repeat_byte(0x11), g, &device, &5u64);
		assert_noop!(beat(5, sig(&other_chain)), Error::<Test>::BadRadioSignature);
		assert_noop!(beat(5, radio_signs(2, g, 5)), Error::<Test>::BadRadioSignature);
		// Just inside the interval (9 < 5 + 5) it renews the grant until 10.
		assert_ok!(beat(5, radio_signs(1, g, 5)));
		assert_eq!(state(g), GrantState::Active);
		run_to_block(10);
		assert_eq!(state(g), GrantState::Suspended(SuspensionCause::MissedHeartbeat));
		assert_ok!(beat(9, radio_signs(1, g, 9)));
		assert_eq!(state(g), GrantState::Active);

		// A suspended or revoked radio cannot heartbeat; nor one handed to someone else.
		set_radio_active(device, false);
		assert_noop!(beat(10, radio_signs(1, g, 10)), Error::<Test>::RadioNotActive);
		set_radio_active(device, true);
		set_radio_custodian(device, 3);
		assert_noop!(beat(10, radio_signs(1, g, 10)), Error::<Test>::RadioNotInCustody);
		set_radio_custodian(device, 2);
		assert_ok!(beat(10, radio_signs(1, g, 10)));
		// An ended grant takes no heartbeat.
		assert_ok!(Spectrum::relinquish(origin(2), g));
		assert_noop!(beat(10, radio_signs(1, g, 10)), Error::<Test>::GrantEnded);
		// Purged, the grant's radio record goes with it.
		run_to_block(45);
		assert_ok!(Spectrum::bill(origin(1), g));
		assert_ok!(Spectrum::purge_grant(origin(1), g));
		assert!(radio_of(g).is_none());
	});
}

#[test]
fn an_incumbent_still_holds_a_grant_its_radio_renews() {
	build_and_execute(|| {
		let offer = market(Tier::Priority);
		let g = bare_grant(offer, mhz(3_560, 3_570), window(1, 40));
		let device = register_radio(1, 2);
		assert_ok!(Spectrum::assign_radio(origin(2), g, device, 30, 10));
		assert_ok!(Spectrum::declare_incumbent(
			origin(REGULATOR),
			mhz(3_565, 3_566),
			cells(&[1]),
			20
		));
		run_to_block(2);
		assert_eq!(state(g), GrantState::Suspended(SuspensionCause::Incumbent));
		assert_ok!(Spectrum::radio_heartbeat(origin(6), g, 2, radio_signs(1, g, 2)));
		assert_eq!(state(g), GrantState::Suspended(SuspensionCause::Incumbent));
		assert_ok!(Spectrum::end_incumbent(origin(REGULATOR), 0));
		run_to_block(3);
		assert_eq!(state(g), GrantState::Active, "renewed at 2 by its radio");
	});
}

#[test]
fn p256_radios_heartbeat_and_heartbeats_are_weighed_by_key_type() {
	use p256::ecdsa::{signature::Signer, SigningKey};
	use telecom_primitives::{DeviceKey, DeviceSignature};
	build_and_execute(|| {
		let offer = market(Tier::Priority);
		let g = bare_grant(offer, mhz(3_560, 3_570), window(1, 40));
		// A radio whose key lives in a secure element: P-256, ES256 signatures.
		let signing = SigningKey::from_slice(&[5; 32]).unwrap();
		let point = signing.verifying_key().to_encoded_point(true);
		let device = radio_id(50);
		Radios::mutate(|all| {
			all.push((device, 2, DeviceKey::P256(point.as_bytes().try_into().unwrap()), true))
		});
		assert_ok!(Spectrum::assign_radio(origin(2), g, device, 30, 10));
		run_to_block(3);
		let sign = |at: u64| {
			let payload =
				crate::radio_heartbeat_payload(&Spectrum::genesis_hash(), g, &device, &at);
			let signature: p256::ecdsa::Signature = signing.sign(&payload);
			DeviceSignature::P256(signature.to_bytes().into())
		};
		assert_ok!(Spectrum::radio_heartbeat(origin(6), g, 2, sign(2)));
		assert_eq!(state(g), GrantState::Active);
		assert_noop!(
			Spectrum::radio_heartbeat(origin(6), g, 2, sign(2)),
			Error::<Test>::ReplayedHeartbeat
		);
		let ed25519 = Spectrum::radio_heartbeat_weight(&DeviceSignature::Ed25519([0; 64]));
		let p256 = Spectrum::radio_heartbeat_weight(&sign(3));
		let sr25519 = Spectrum::radio_heartbeat_weight(&DeviceSignature::Sr25519([0; 64]));
		let ecdsa = Spectrum::radio_heartbeat_weight(&DeviceSignature::Ecdsa([0; 65]));
		use crate::WeightInfo;
		type Weights = <Test as crate::Config>::WeightInfo;
		assert_eq!(ed25519, Weights::radio_heartbeat());
		assert_eq!(p256, ed25519 + Weights::radio_heartbeat_p256());
		assert_eq!(sr25519, ed25519 + Weights::radio_heartbeat_sr25519());
		assert_eq!(ecdsa, ed25519 + Weights::radio_heartbeat_ecdsa());
		assert!(p256.ref_time() > 3 * ed25519.ref_time(), "a P-256 check is dear");
		// The call's declared weight is the key type's.
		let call = crate::Call::<Test>::radio_heartbeat { grant: g, at: 3, signature: sign(3) };
		let info = frame_support::dispatch::GetDispatchInfo::get_dispatch_info(&call);
		assert_eq!(info.call_weight, p256);
	});
}

#[test]
fn try_state_catches_a_radio_counted_twice() {
	new_test_ext().execute_with(|| {
		let offer = market(Tier::General);
		let a = bare_grant(offer, mhz(3_560, 3_570), window(1, 40));
		let b = bare_grant(offer, mhz(3_560, 3_570), window(1, 40));
		let radio = register_radio(1, 2);
		assert_ok!(Spectrum::assign_radio(origin(2), a, radio, 30, 10));
		assert_ok!(Spectrum::do_try_state());
		// Forge the second grant onto the same radio past the check.
		crate::GrantRadios::<Test>::insert(
			b,
			RadioAssignment { device: radio, eirp: 30, antenna_height: 10, last_beat: None },
		);
		crate::RadioGrants::<Test>::mutate(radio, |list| {
			list.try_push(RadioEntry { grant: b, range: mhz(3_560, 3_570), window: window(1, 40) })
				.unwrap()
		});
		assert!(Spectrum::do_try_state().is_err());
		// And a radio above its licence's EIRP.
		crate::RadioGrants::<Test>::mutate(radio, |list| list.retain(|e| e.grant != b));
		crate::GrantRadios::<Test>::remove(b);
		assert_ok!(Spectrum::do_try_state());
		crate::GrantRadios::<Test>::mutate(a, |r| r.as_mut().unwrap().eirp = 31);
		assert!(Spectrum::do_try_state().is_err());
	});
}
