//! Unit tests: share arithmetic with remainders (no unit created or lost), milestones and the
//! tender award, oversubscription refused, signed reports accepted and rejected (wrong key,
//! inactive device, replay), penalty maths at the SLA boundary, and period settlement totals.

#![allow(clippy::arithmetic_side_effects)]

use crate::{
	energy_payload, mock::*, sla_payload, split_by_shares, types::*, Error, Event, HoldReason,
};
use codec::Encode;
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
use sp_core::{ed25519, Pair, H256};
use telecom_primitives::{
	ContractAward, CurrencyCode, DeviceKey, DeviceSignature, ObligationSource, OnContractAwarded,
	SettlementPeriod,
};

fn origin(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Sharing(e) => Some(e),
			_ => None,
		})
		.collect()
}

fn sign(payload: impl Encode) -> DeviceSignature {
	DeviceSignature::Ed25519(station().sign(&payload.encode()).0)
}

/// `(payer, payee, amount)` of every obligation so far.
fn cleared() -> Vec<(u64, u64, u128)> {
	Cleared::get().iter().map(|o| (o.payer, o.payee, o.amount)).collect()
}

/// The last proposal opened.
fn last_proposal() -> ProposalId {
	crate::NextProposalId::<Test>::get() - 1
}

/// Every owner approves the last proposal, so it takes effect at once: anyone executes it.
fn agree() {
	let id = last_proposal();
	let proposal = crate::Proposals::<Test>::get(id).unwrap();
	let project = crate::Projects::<Test>::get(proposal.project).unwrap();
	for stake in project.stakes.iter() {
		if !proposal.approvals.contains(&stake.who) {
			assert_ok!(Sharing::approve_change(origin(stake.who), id));
		}
	}
	assert_ok!(Sharing::execute_change(origin(9), id));
}

/// Operators 1 (lead, 60 %) and 2 (40 %) co-build a site of 100 units with capex 1,000 EUR.
fn project() -> ProjectId {
	let id = crate::NextProjectId::<Test>::get();
	assert_ok!(Sharing::propose_project(
		origin(1),
		8_833_001,
		Technology::Nr,
		1_000,
		CurrencyCode::EUR,
		H256::repeat_byte(1),
		6_000
	));
	assert_ok!(Sharing::join_project(origin(2), id, 4_000));
	id
}

fn site() -> ProjectId {
	let id = project();
	assert_ok!(Sharing::approve_project(origin(1), id));
	agree();
	assert_ok!(Sharing::complete_construction(origin(1), id));
	agree();
	assert_ok!(Sharing::commission_site(origin(1), id, station_id(), 100, 20));
	agree();
	Cleared::set(vec![]);
	id
}

fn sla() -> SlaTerms {
	SlaTerms { availability: 9_950, throughput: 100, penalty: 1_000 }
}

/// Site, an offer of 60 units at 10 a unit per period for November–December, and the MVNO's
/// lease of 50 units (500 a period).
fn leased() -> (ProjectId, LeaseId) {
	let id = site();
	let dec = SettlementPeriod::new(2026, 12).unwrap();
	assert_ok!(Sharing::offer_capacity(origin(1), id, 60, 10, nov(), dec, sla()));
	assert_ok!(Sharing::lease_capacity(origin(MVNO), 0, 50));
	(id, 0)
}

fn station_signs(payload: Vec<u8>) -> DeviceSignature {
	DeviceSignature::Ed25519(station().sign(&payload).0)
}

/// The station's signature of an SLA measurement on this chain.
fn sla_signature(
	lease: LeaseId,
	period: SettlementPeriod,
	sequence: u32,
	availability: u16,
	throughput: u32,
) -> DeviceSignature {
	station_signs(sla_payload(
		&Sharing::genesis_hash(),
		lease,
		period,
		sequence,
		availability,
		throughput,
	))
}

/// The station's signature of a meter reading on this chain.
fn energy_signature(site: ProjectId, period: SettlementPeriod, reading: u64) -> DeviceSignature {
	station_signs(energy_payload(&Sharing::genesis_hash(), site, period, reading))
}

fn report_energy(
	site: ProjectId,
	period: SettlementPeriod,
	reading: u64,
) -> frame_support::dispatch::DispatchResult {
	Sharing::report_energy(
		origin(9),
		site,
		period,
		reading,
		energy_signature(site, period, reading),
	)
}

fn report_sla(
	lease: LeaseId,
	sequence: u32,
	availability: u16,
	throughput: u32,
) -> frame_support::dispatch::DispatchResult {
	let signature = sla_signature(lease, nov(), sequence, availability, throughput);
	Sharing::report_sla(origin(5), lease, nov(), sequence, availability, throughput, signature)
}

// ---- share arithmetic ----

#[test]
fn shares_split_without_creating_or_losing_a_unit() {
	assert_eq!(split_by_shares(100, &[3_333, 3_333, 3_334]), Some(vec![33, 33, 34]));
	// 7 × 60 % = 4.2 and 7 × 40 % = 2.8: the larger remainder takes the leftover unit.
	assert_eq!(split_by_shares(7, &[6_000, 4_000]), Some(vec![4, 3]));
	// Equal remainders: the earlier participant first.
	assert_eq!(split_by_shares(1, &[5_000, 5_000]), Some(vec![1, 0]));
	assert_eq!(split_by_shares(2, &[3_333, 3_333, 3_334]), Some(vec![1, 0, 1]));
	assert_eq!(split_by_shares(0, &[10_000]), Some(vec![0]));
	assert_eq!(split_by_shares(5, &[6_000, 3_000]), None, "shares must total 10,000");
	assert_eq!(split_by_shares(u128::MAX, &[10_000]), None, "overflow is reported");
	// Every amount, every split: the parts add up.
	let splits: [&[u16]; 4] = [&[10_000], &[6_000, 4_000], &[3_333, 3_333, 3_334], &[1, 2, 9_997]];
	for shares in splits {
		for amount in 0..500u128 {
			let parts = split_by_shares(amount, shares).unwrap();
			assert_eq!(parts.iter().sum::<u128>(), amount, "{amount} by {shares:?}");
		}
	}
}

// ---- projects and milestones ----

#[test]
fn operators_join_until_the_shares_are_complete() {
	build_and_execute(|| {
		assert_noop!(
			Sharing::propose_project(
				origin(MVNO),
				1,
				Technology::Nr,
				1,
				CurrencyCode::EUR,
				H256::zero(),
				5_000
			),
			Error::<Test>::NotOperator
		);
		assert_noop!(
			Sharing::propose_project(
				origin(1),
				1,
				Technology::Nr,
				1,
				CurrencyCode::EUR,
				H256::zero(),
				0
			),
			Error::<Test>::InvalidShare
		);
		assert_noop!(
			Sharing::propose_project(
				origin(1),
				1,
				Technology::Nr,
				1,
				CurrencyCode::EUR,
				H256::zero(),
				10_001
			),
			Error::<Test>::InvalidShare
		);
		let bad = codec::Decode::decode(&mut &b"e1r"[..]).unwrap();
		assert_noop!(
			Sharing::propose_project(origin(1), 1, Technology::Nr, 1, bad, H256::zero(), 1),
			Error::<Test>::InvalidCurrency
		);
		assert_ok!(Sharing::propose_project(
			origin(1),
			1,
			Technology::NrLte,
			900,
			CurrencyCode::EUR,
			H256::zero(),
			5_000
		));
		assert_eq!(
			Balances::balance_on_hold(&RuntimeHoldReason::Sharing(HoldReason::ProjectDeposit), &1),
			PROJECT_DEPOSIT
		);
		assert_noop!(Sharing::join_project(origin(1), 0, 100), Error::<Test>::AlreadyJoined);
		assert_noop!(Sharing::join_project(origin(2), 0, 5_001), Error::<Test>::SharesExceeded);
		assert_noop!(Sharing::join_project(origin(2), 0, 0), Error::<Test>::InvalidShare);
		assert_noop!(Sharing::join_project(origin(MVNO), 0, 100), Error::<Test>::NotOperator);
		assert_noop!(Sharing::join_project(origin(2), 9, 100), Error::<Test>::UnknownProject);
		assert_ok!(Sharing::join_project(origin(2), 0, 2_000));
		assert_noop!(Sharing::approve_project(origin(1), 0), Error::<Test>::SharesIncomplete);
		assert_noop!(Sharing::approve_project(origin(2), 0), Error::<Test>::NotLead);
		assert_ok!(Sharing::join_project(origin(3), 0, 3_000));
		OperatorSet::mutate(|set| set.push(4));
		let _ = <Balances as frame_support::traits::fungible::Mutate<u64>>::set_balance(&4, 100);
		assert_noop!(Sharing::join_project(origin(4), 0, 1), Error::<Test>::SharesExceeded);
		assert_ok!(Sharing::approve_project(origin(1), 0));
		agree();
		assert_noop!(Sharing::join_project(origin(4), 0, 1), Error::<Test>::WrongStage);
		assert_noop!(Sharing::approve_project(origin(1), 0), Error::<Test>::WrongStage);
	});
}

#[test]
fn a_project_takes_at_most_max_participants_owners() {
	build_and_execute(|| {
		let max: u32 =
			<<Test as crate::Config>::MaxParticipants as frame_support::traits::Get<u32>>::get();
		assert_ok!(Sharing::propose_project(
			origin(1),
			8_833_009,
			Technology::Nr,
			1_000,
			CurrencyCode::EUR,
			H256::repeat_byte(9),
			1_000
		));
		// Small stakes, so only the owner count can stop a newcomer.
		for who in 2..=u64::from(max) {
			assert_ok!(Sharing::join_project(origin(who), 0, 1_000));
		}
		let newcomer = u64::from(max) + 1;
		OperatorSet::mutate(|set| set.push(newcomer));
		let _ =
			<Balances as frame_support::traits::fungible::Mutate<u64>>::set_balance(&newcomer, 100);
		assert_noop!(
			Sharing::join_project(origin(newcomer), 0, 1_000),
			Error::<Test>::TooManyParticipants
		);
		let project = crate::Projects::<Test>::get(0).unwrap();
		assert_eq!(project.stakes.len() as u32, max);
		assert_eq!(project.committed(), 1_000 * max);
	});
}

#[test]
fn milestones_split_the_capex_by_share_into_obligations() {
	build_and_execute(|| {
		let id = project();
		assert_noop!(Sharing::complete_construction(origin(1), id), Error::<Test>::WrongStage);
		assert_ok!(Sharing::approve_project(origin(1), id));
		agree();
		// 30 % of 1,000: operator 2 owes its 40 % (120) to the builder, the lead itself.
		assert_eq!(cleared(), vec![(2, 1, 120)]);
		assert_eq!(Cleared::get()[0].source, ObligationSource::SiteSharing);
		assert_ok!(Sharing::complete_construction(origin(1), id));
		agree();
		assert_noop!(
			Sharing::commission_site(origin(1), id, H256::repeat_byte(9), 100, 20),
			Error::<Test>::UnknownDevice
		);
		assert_noop!(
			Sharing::commission_site(origin(1), id, station_id(), 0, 20),
			Error::<Test>::ZeroCapacity
		);
		assert_noop!(
			Sharing::commission_site(origin(2), id, station_id(), 100, 20),
			Error::<Test>::NotLead
		);
		assert_ok!(Sharing::commission_site(origin(1), id, station_id(), 100, 20));
		agree();
		assert_eq!(cleared(), vec![(2, 1, 120), (2, 1, 200), (2, 1, 80)]);
		assert!(events().contains(&Event::SiteCommissioned {
			site: id,
			device: station_id(),
			capacity: 100
		}));
		// Commissioned: the station is the site's now.
		assert_noop!(
			Sharing::commission_site(origin(1), id, station_id(), 100, 20),
			Error::<Test>::DeviceInUse
		);
	});
}

#[test]
fn a_linked_tender_award_makes_the_contractor_the_builder() {
	build_and_execute(|| {
		let id = project();
		assert_noop!(Sharing::link_tender(origin(2), id, 4, 0), Error::<Test>::NotLead);
		assert_ok!(Sharing::link_tender(origin(1), id, 4, 0));
		let other = project();
		assert_noop!(Sharing::link_tender(origin(1), other, 4, 0), Error::<Test>::TenderLinked);
		let award = |buyer, currency| ContractAward {
			tender: 4,
			lot: 0,
			buyer,
			contractor: CONTRACTOR,
			currency,
			price: 1_333,
			contract: H256::repeat_byte(2),
		};
		// Another buyer's or another currency's award changes nothing.
		assert_ok!(<Sharing as OnContractAwarded<u64>>::on_contract_awarded(&award(
			2,
			CurrencyCode::EUR
		)));
		assert_ok!(<Sharing as OnContractAwarded<u64>>::on_contract_awarded(&award(
			1,
			CurrencyCode::USD
		)));
		assert_eq!(crate::Projects::<Test>::get(id).unwrap().builder, 1);
		assert_ok!(<Sharing as OnContractAwarded<u64>>::on_contract_awarded(&award(
			1,
			CurrencyCode::EUR
		)));
		let p = crate::Projects::<Test>::get(id).unwrap();
		assert_eq!((p.builder, p.capex), (CONTRACTOR, 1_333));
		// Unlinked tenders are ignored.
		let mut unlinked = award(1, CurrencyCode::EUR);
		unlinked.tender = 99;
		assert_ok!(<Sharing as OnContractAwarded<u64>>::on_contract_awarded(&unlinked));
		// Both owners now pay the contractor: 30 % of 1,333 = 399 → 239 / 160.
		assert_ok!(Sharing::approve_project(origin(1), id));
		agree();
		assert_eq!(cleared(), vec![(1, CONTRACTOR, 239), (2, CONTRACTOR, 160)]);
		assert_ok!(Sharing::complete_construction(origin(1), id));
		agree();
		assert_ok!(Sharing::commission_site(origin(1), id, station_id(), 100, 20));
		agree();
		let paid: u128 = Cleared::get().iter().map(|o| o.amount).sum();
		assert_eq!(paid, 1_333, "the tranches add up to the contract price");
	});
}

// ---- signed reports ----

#[test]
fn energy_reports_must_be_signed_by_the_sites_device_and_never_replayed() {
	build_and_execute(|| {
		let id = site();
		let good = energy_signature(id, nov(), 420);
		assert_ok!(Sharing::report_energy(origin(9), id, nov(), 420, good));
		assert_eq!(
			events().last(),
			Some(&Event::EnergyReported { site: id, period: nov(), reading: 420 })
		);
		// Replayed: the reading is known.
		assert_noop!(
			Sharing::report_energy(origin(9), id, nov(), 420, good),
			Error::<Test>::ReadingKnown
		);
		// Wrong key.
		let stranger = ed25519::Pair::from_seed(&[9; 32]);
		let forged = DeviceSignature::Ed25519(
			stranger.sign(&energy_payload(&Sharing::genesis_hash(), id, nov(), 430)).0,
		);
		assert_noop!(
			Sharing::report_energy(origin(9), id, nov(), 430, forged),
			Error::<Test>::BadSignature
		);
		// Altered payload.
		assert_noop!(
			Sharing::report_energy(origin(9), id, nov(), 999, energy_signature(id, nov(), 430)),
			Error::<Test>::BadSignature
		);
		// Signed for another chain (another genesis hash).
		let elsewhere = station_signs(energy_payload(&H256::repeat_byte(0xEE), id, nov(), 430));
		assert_noop!(
			Sharing::report_energy(origin(9), id, nov(), 430, elsewhere),
			Error::<Test>::BadSignature
		);
		// The old payload without the genesis hash.
		let unbound = sign((ENERGY_TAG, id, nov(), 430u64));
		assert_noop!(
			Sharing::report_energy(origin(9), id, nov(), 430, unbound),
			Error::<Test>::BadSignature
		);
		// An inactive (revoked or suspended) device signs nothing.
		Registry::mutate(|r| r[0].2 = false);
		assert_noop!(report_energy(id, nov(), 430), Error::<Test>::BadSignature);
		Registry::mutate(|r| r[0].2 = true);
		assert_noop!(
			Sharing::report_energy(origin(9), 7, nov(), 420, good),
			Error::<Test>::UnknownSite
		);
		assert_noop!(
			Sharing::record_maintenance(origin(2), id, nov(), 5, H256::zero()),
			Error::<Test>::NotLead
		);
		assert_ok!(Sharing::record_maintenance(origin(1), id, nov(), 600, H256::repeat_byte(3)));
		agree();
		assert_eq!(crate::Costs::<Test>::get(id, nov()).maintenance, 600);
	});
}

#[test]
fn cumulative_readings_lose_no_kwh_and_arrive_in_any_order() {
	build_and_execute(|| {
		let id = site();
		// November: 1,000 (opening), 1,250 and 1,420 arrive out of order; one report between
		// them was never relayed.
		assert_ok!(report_energy(id, nov(), 1_250));
		assert_ok!(report_energy(id, nov(), 1_420));
		assert_ok!(report_energy(id, nov(), 1_000));
		// A reading inside the known range adds nothing.
		assert_noop!(report_energy(id, nov(), 1_300), Error::<Test>::ReadingKnown);
		let dec = SettlementPeriod::new(2026, 12).unwrap();
		// December's only relayed reading: what was used since November's last one counts.
		NowMillis::set(DEC_2026);
		assert_ok!(report_energy(id, dec, 1_500));
		assert_ok!(Sharing::settle_period(origin(1), id, nov()));
		let billed = crate::Costs::<Test>::get(id, nov());
		assert_eq!((billed.energy_kwh, billed.energy_cost), (420, 8_400));
		NowMillis::set(DEC_2026 + 31 * 86_400_000);
		assert_ok!(Sharing::settle_period(origin(1), id, dec));
		let billed = crate::Costs::<Test>::get(id, dec);
		assert_eq!((billed.energy_kwh, billed.energy_cost), (80, 1_600));
		assert_eq!(crate::Sites::<Test>::get(id).unwrap().metered, Some(1_500));
		// 8,400 + 1,600: operator 2 owes its 40 %.
		assert_eq!(cleared(), vec![(2, 1, 3_360), (2, 1, 640)]);
	});
}

// ---- leasing ----

#[test]
fn capacity_is_never_oversubscribed() {
	build_and_execute(|| {
		let id = site();
		let dec = SettlementPeriod::new(2026, 12).unwrap();
		assert_noop!(
			Sharing::offer_capacity(origin(2), id, 10, 1, nov(), dec, sla()),
			Error::<Test>::NotLead
		);
		assert_noop!(
			Sharing::offer_capacity(origin(1), id, 101, 1, nov(), dec, sla()),
			Error::<Test>::Oversubscribed
		);
		assert_noop!(
			Sharing::offer_capacity(origin(1), id, 0, 1, nov(), dec, sla()),
			Error::<Test>::ZeroUnits
		);
		assert_noop!(
			Sharing::offer_capacity(origin(1), id, 10, 1, dec, nov(), sla()),
			Error::<Test>::InvalidLeasePeriods
		);
		let mut bad = sla();
		bad.penalty = 10_001;
		assert_noop!(
			Sharing::offer_capacity(origin(1), id, 10, 1, nov(), dec, bad),
			Error::<Test>::InvalidSla
		);
		// Two offers of 60 and 50 units may coexist; their leases may not exceed 100.
		assert_ok!(Sharing::offer_capacity(origin(1), id, 60, 1, nov(), dec, sla()));
		assert_ok!(Sharing::offer_capacity(origin(1), id, 50, 1, nov(), dec, sla()));
		assert_ok!(Sharing::lease_capacity(origin(MVNO), 0, 60));
		assert_noop!(Sharing::lease_capacity(origin(3), 1, 41), Error::<Test>::Oversubscribed);
		// The fully leased offer is gone.
		assert_noop!(Sharing::lease_capacity(origin(3), 0, 1), Error::<Test>::UnknownOffer);
		assert_noop!(Sharing::lease_capacity(origin(3), 1, 0), Error::<Test>::ZeroUnits);
		assert_noop!(Sharing::lease_capacity(origin(3), 5, 1), Error::<Test>::UnknownOffer);
		assert_ok!(Sharing::lease_capacity(origin(3), 1, 40));
		let site = crate::Sites::<Test>::get(id).unwrap();
		assert_eq!((site.pools.radio.allocated, site.pools.radio.capacity), (100, 100));
		assert_noop!(
			Sharing::offer_capacity(origin(1), id, 1, 1, nov(), dec, sla()),
			Error::<Test>::Oversubscribed
		);
	});
}

// ---- SLA monitoring ----

#[test]
fn breaches_credit_the_agreed_penalty_at_the_boundary() {
	build_and_execute(|| {
		let (_, lease) = leased();
		// Exactly on target (99.50 %, 100 Mbps): met.
		assert_ok!(report_sla(lease, 0, 9_950, 100));
		assert!(events().contains(&Event::SlaMet { lease, period: nov() }));
		// One basis point below: breach, 10 % of 500 = 50.
		assert_ok!(report_sla(lease, 1, 9_949, 100));
		assert_eq!(
			events().last(),
			Some(&Event::SlaBreached {
				lease,
				period: nov(),
				availability: 9_949,
				throughput: 100,
				penalty: 50
			})
		);
		// One Mbps below: breach.
		assert_ok!(report_sla(lease, 2, 9_999, 99));
		let record = crate::SlaRecords::<Test>::get(lease, nov());
		assert_eq!((record.samples, record.breaches, record.penalty), (3, 2, 100));
		assert_eq!((record.worst_availability, record.worst_throughput), (9_949, 99));
		assert_noop!(report_sla(lease, 2, 9_999, 200), Error::<Test>::DuplicateReport);
		assert_ok!(report_sla(lease, 3, 9_999, 200));
		// Sequences run from 0 to below the sample cap.
		assert_noop!(report_sla(lease, 4, 9_999, 200), Error::<Test>::SequenceOutOfRange);
		assert_noop!(report_sla(9, 1, 9_999, 200), Error::<Test>::UnknownLease);
		let jan = SettlementPeriod::new(2027, 1).unwrap();
		let signature = sla_signature(lease, jan, 1, 9_999, 200);
		assert_noop!(
			Sharing::report_sla(origin(5), lease, jan, 1, 9_999, 200, signature),
			Error::<Test>::OutsideLease
		);
		let forged = DeviceSignature::Ed25519([7; 64]);
		assert_noop!(
			Sharing::report_sla(origin(5), lease, nov(), 0, 9_999, 200, forged),
			Error::<Test>::BadSignature
		);
	});
}

#[test]
fn penalties_never_exceed_the_period_price() {
	build_and_execute(|| {
		let id = site();
		let dec = SettlementPeriod::new(2026, 12).unwrap();
		let harsh = SlaTerms { availability: 9_950, throughput: 100, penalty: 4_000 };
		assert_ok!(Sharing::offer_capacity(origin(1), id, 10, 10, nov(), dec, harsh));
		assert_ok!(Sharing::lease_capacity(origin(MVNO), 0, 10));
		for sequence in 1..=3 {
			assert_ok!(report_sla(0, sequence, 5_000, 1));
		}
		// 40 % three times would be 120 %: capped at the 100 price; the last adds only 20.
		assert_eq!(crate::SlaRecords::<Test>::get(0, nov()).penalty, 100);
		assert_eq!(
			events().last(),
			Some(&Event::SlaBreached {
				lease: 0,
				period: nov(),
				availability: 5_000,
				throughput: 1,
				penalty: 20
			})
		);
	});
}

// ---- settlement ----

#[test]
fn a_settled_period_reflects_costs_revenue_and_penalties() {
	build_and_execute(|| {
		let (id, lease) = leased();
		// 50 kWh: readings 1,000 and 1,050.
		assert_ok!(report_energy(id, nov(), 1_000));
		assert_ok!(report_energy(id, nov(), 1_050));
		assert_ok!(Sharing::record_maintenance(origin(1), id, nov(), 1, H256::zero()));
		agree();
		assert_ok!(report_sla(lease, 1, 9_000, 100));
		assert_noop!(Sharing::settle_period(origin(1), id, nov()), Error::<Test>::PeriodNotOver);
		NowMillis::set(DEC_2026);
		assert_ok!(Sharing::settle_period(origin(2), id, nov()));
		// Opex 50 kWh × 20 + 1 = 1,001: operator 2 owes the lead 40 % → 400.4, rounded by
		// largest remainder to 400 (the lead's 600.6 takes the leftover unit: 601).
		// Lease 500 less a 50 penalty = 450: the MVNO pays 270 to 1 and 180 to 2.
		assert_eq!(cleared(), vec![(2, 1, 400), (MVNO, 1, 270), (MVNO, 2, 180)]);
		let line = |who| Sharing::statement(id, nov(), &who).unwrap();
		assert_eq!(
			line(1),
			ParticipantStatement {
				opex: 601,
				revenue: 270,
				penalties: 30,
				lease_payments: 0,
				unpaid: 0
			}
		);
		assert_eq!(
			line(2),
			ParticipantStatement {
				opex: 400,
				revenue: 180,
				penalties: 20,
				lease_payments: 0,
				unpaid: 0
			}
		);
		assert_eq!(
			line(MVNO),
			ParticipantStatement {
				opex: 0,
				revenue: 0,
				penalties: 0,
				lease_payments: 450,
				unpaid: 0
			}
		);
		assert_eq!(
			events().last(),
			Some(&Event::PeriodSettled {
				site: id,
				period: nov(),
				opex: 1_001,
				revenue: 450,
				penalties: 50
			})
		);
		assert_noop!(Sharing::settle_period(origin(1), id, nov()), Error::<Test>::PeriodSettled);
		assert_noop!(report_sla(lease, 2, 9_999, 200), Error::<Test>::PeriodSettled);
		assert_noop!(
			Sharing::record_maintenance(origin(1), id, nov(), 1, H256::zero()),
			Error::<Test>::PeriodSettled
		);
		assert_noop!(Sharing::settle_period(origin(1), 77, nov()), Error::<Test>::UnknownSite);
	});
}

#[test]
fn sites_hold_a_bounded_number_of_offers_and_leases() {
	build_and_execute(|| {
		let id = site();
		let dec = SettlementPeriod::new(2026, 12).unwrap();
		for _ in 0..3 {
			assert_ok!(Sharing::offer_capacity(origin(1), id, 10, 1, nov(), dec, sla()));
		}
		assert_noop!(
			Sharing::offer_capacity(origin(1), id, 10, 1, nov(), dec, sla()),
			Error::<Test>::TooManyLeases
		);
		let far = SettlementPeriod::new(2027, 11).unwrap();
		assert_noop!(
			Sharing::offer_capacity(origin(1), id, 10, 1, nov(), far, sla()),
			Error::<Test>::InvalidLeasePeriods
		);
	});
}

// ---- invariants and metadata ----

#[test]
fn try_state_detects_oversubscription() {
	new_test_ext().execute_with(|| {
		let (id, _) = leased();
		assert_ok!(Sharing::do_try_state());
		crate::Sites::<Test>::mutate(id, |s| s.as_mut().unwrap().pools.radio.capacity = 10);
		assert!(Sharing::do_try_state().is_err());
	});
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
	let _ = DeviceKey::Ed25519([0; 32]);
}

// ---- issue 22 ----

/// 2026-12-01T00:00:00Z, the first moment of December.
const DEC_START: u64 = 1_796_083_200_000;

#[test]
fn a_lease_ends_after_its_last_period_and_frees_capacity_and_deposit() {
	build_and_execute(|| {
		let id = site();
		let lease_hold = || {
			Balances::balance_on_hold(&RuntimeHoldReason::Sharing(HoldReason::LeaseDeposit), &MVNO)
		};
		assert_ok!(Sharing::offer_capacity(origin(1), id, 100, 1, nov(), nov(), sla()));
		assert_ok!(Sharing::lease_capacity(origin(MVNO), 0, 100));
		assert_eq!(lease_hold(), LEASE_DEPOSIT);
		NowMillis::set(DEC_2026);
		assert_ok!(Sharing::settle_period(origin(1), id, nov()));
		let site = crate::Sites::<Test>::get(id).unwrap();
		assert_eq!(
			site.pools.radio.allocated, 0,
			"the lease's last period is settled: capacity is free"
		);
		assert!(crate::Leases::<Test>::get(0).is_none());
		assert!(crate::SiteLeases::<Test>::get(id).is_empty());
		assert_eq!(lease_hold(), 0);
	});
}

#[test]
fn a_lessee_clearing_refuses_cannot_lease() {
	build_and_execute(|| {
		let id = site();
		let dec = SettlementPeriod::new(2026, 12).unwrap();
		assert_ok!(Sharing::offer_capacity(origin(1), id, 60, 10, nov(), dec, sla()));
		Outsiders::set(vec![MVNO]);
		assert_noop!(
			Sharing::lease_capacity(origin(MVNO), 0, 50),
			Error::<Test>::NotClearingParticipant
		);
		// An owner clearing refuses blocks leases too: its revenue could not be booked.
		Outsiders::set(vec![2]);
		assert_noop!(
			Sharing::lease_capacity(origin(MVNO), 0, 50),
			Error::<Test>::NotClearingParticipant
		);
		// Admitted: the lease is made, and the probe left nothing in clearing.
		Outsiders::set(vec![]);
		assert_ok!(Sharing::lease_capacity(origin(MVNO), 0, 50));
		assert!(Cleared::get().is_empty());
		NowMillis::set(DEC_2026);
		assert_ok!(Sharing::settle_period(origin(1), id, nov()));
		assert_eq!(cleared(), vec![(MVNO, 1, 300), (MVNO, 2, 200)]);
	});
}

#[test]
fn only_parties_settle_and_only_after_the_grace_period() {
	build_and_execute(|| {
		let (id, _) = leased();
		// The first moment of December: November's late reports are still coming.
		NowMillis::set(DEC_START);
		assert_noop!(Sharing::settle_period(origin(1), id, nov()), Error::<Test>::PeriodNotOver);
		NowMillis::set(DEC_START + GRACE - 1);
		assert_noop!(Sharing::settle_period(origin(1), id, nov()), Error::<Test>::PeriodNotOver);
		NowMillis::set(DEC_START + GRACE);
		assert_noop!(Sharing::settle_period(origin(9), id, nov()), Error::<Test>::NotParty);
		// Operator 3 owns nothing here and leases nothing.
		assert_noop!(Sharing::settle_period(origin(3), id, nov()), Error::<Test>::NotParty);
		// An empty month long ago writes nothing.
		let y2k = SettlementPeriod::new(2000, 1).unwrap();
		assert_noop!(Sharing::settle_period(origin(1), id, y2k), Error::<Test>::NothingToSettle);
		assert!(!crate::Settled::<Test>::contains_key(id, y2k));
		// The lessee is a party: it settles (and so recovers its deposit at the end).
		assert_ok!(Sharing::settle_period(origin(MVNO), id, nov()));
		// The owner 2 settles a period with costs only.
		let oct = SettlementPeriod::new(2026, 10).unwrap();
		assert_ok!(Sharing::record_maintenance(origin(1), id, oct, 10, H256::zero()));
		agree();
		assert_ok!(Sharing::settle_period(origin(2), id, oct));
		assert!(crate::Settled::<Test>::contains_key(id, oct));
	});
}

#[test]
fn sla_reports_count_in_any_order_once_each_and_only_on_this_chain() {
	build_and_execute(|| {
		let (id, lease) = leased();
		// The "met" sample 2 lands first; the breach sample 1 still counts.
		assert_ok!(report_sla(lease, 2, 9_999, 200));
		assert_ok!(report_sla(lease, 1, 9_000, 100));
		assert_eq!(crate::SlaRecords::<Test>::get(lease, nov()).breaches, 1);
		// Each once.
		assert_noop!(report_sla(lease, 1, 9_000, 100), Error::<Test>::DuplicateReport);
		assert_noop!(report_sla(lease, 2, 9_999, 200), Error::<Test>::DuplicateReport);
		// Signed for another chain, or without the genesis hash: refused.
		let elsewhere = station_signs(sla_payload(&H256::repeat_byte(0xEE), lease, nov(), 3, 0, 0));
		assert_noop!(
			Sharing::report_sla(origin(5), lease, nov(), 3, 0, 0, elsewhere),
			Error::<Test>::BadSignature
		);
		let unbound = sign((SLA_TAG, lease, nov(), 3u32, 0u16, 0u32));
		assert_noop!(
			Sharing::report_sla(origin(5), lease, nov(), 3, 0, 0, unbound),
			Error::<Test>::BadSignature
		);
		// December has not begun.
		let dec = SettlementPeriod::new(2026, 12).unwrap();
		assert_noop!(
			Sharing::report_sla(origin(5), lease, dec, 1, 0, 0, sla_signature(lease, dec, 1, 0, 0)),
			Error::<Test>::FuturePeriod
		);
		assert_eq!(crate::SlaReports::<Test>::get(lease, nov()).into_inner(), vec![1, 2]);
		NowMillis::set(DEC_2026);
		assert_ok!(Sharing::settle_period(origin(1), id, nov()));
		assert!(crate::SlaReports::<Test>::get(lease, nov()).is_empty());
	});
}

#[test]
fn a_site_leases_again_once_its_leases_have_ended() {
	build_and_execute(|| {
		let id = site();
		let max: u32 =
			<<Test as crate::Config>::MaxLeasesPerSite as frame_support::traits::Get<u32>>::get();
		for offer in 0..max {
			assert_ok!(Sharing::offer_capacity(origin(1), id, 10, 1, nov(), nov(), sla()));
			// A fully leased offer leaves the site's list.
			assert_ok!(Sharing::lease_capacity(origin(MVNO), offer, 10));
			assert!(crate::Offers::<Test>::get(offer).is_none());
		}
		assert_ok!(Sharing::offer_capacity(origin(1), id, 10, 1, nov(), nov(), sla()));
		assert_noop!(Sharing::lease_capacity(origin(MVNO), max, 10), Error::<Test>::TooManyLeases);
		NowMillis::set(DEC_2026);
		assert_ok!(Sharing::settle_period(origin(1), id, nov()));
		assert!(crate::SiteLeases::<Test>::get(id).is_empty());
		// November is settled: no new lease may cover it.
		assert_noop!(Sharing::lease_capacity(origin(MVNO), max, 10), Error::<Test>::PeriodSettled);
		let dec = SettlementPeriod::new(2026, 12).unwrap();
		assert_ok!(Sharing::offer_capacity(origin(1), id, 100, 1, dec, dec, sla()));
		assert_ok!(Sharing::lease_capacity(origin(MVNO), max + 1, 100));
		assert_eq!(crate::Sites::<Test>::get(id).unwrap().pools.radio.allocated, 100);
	});
}

#[test]
fn a_lessee_terminates_with_one_periods_notice() {
	build_and_execute(|| {
		let id = site();
		let mar = SettlementPeriod::new(2027, 3).unwrap();
		assert_ok!(Sharing::offer_capacity(origin(1), id, 50, 10, nov(), mar, sla()));
		assert_ok!(Sharing::lease_capacity(origin(MVNO), 0, 50));
		assert_noop!(Sharing::end_lease(origin(1), 0), Error::<Test>::NotLessee);
		assert_noop!(Sharing::end_lease(origin(MVNO), 9), Error::<Test>::UnknownLease);
		// In November: it pays November and December (the notice), not January to March.
		assert_ok!(Sharing::end_lease(origin(MVNO), 0));
		let dec = SettlementPeriod::new(2026, 12).unwrap();
		assert_eq!(crate::Leases::<Test>::get(0).unwrap().last, dec);
		assert_eq!(events().last(), Some(&Event::LeaseTerminated { lease: 0, last: dec }));
		NowMillis::set(DEC_2026);
		assert_ok!(Sharing::settle_period(origin(MVNO), id, nov()));
		assert!(crate::Leases::<Test>::get(0).is_some());
		NowMillis::set(DEC_2026 + 31 * 86_400_000);
		assert_ok!(Sharing::settle_period(origin(MVNO), id, dec));
		assert!(crate::Leases::<Test>::get(0).is_none());
		assert_eq!(crate::Sites::<Test>::get(id).unwrap().pools.radio.allocated, 0);
		assert_eq!(
			Balances::balance_on_hold(&RuntimeHoldReason::Sharing(HoldReason::LeaseDeposit), &MVNO),
			0
		);
		// Paid: 500 each for November and December, to owners 1 (60 %) and 2 (40 %).
		assert_eq!(cleared(), vec![(MVNO, 1, 300), (MVNO, 2, 200), (MVNO, 1, 300), (MVNO, 2, 200)]);
	});
}

#[test]
fn the_lessor_offers_a_renewal_and_the_lessee_accepts_it() {
	build_and_execute(|| {
		let (_, lease) = leased();
		let jan = SettlementPeriod::new(2027, 1).unwrap();
		let feb = SettlementPeriod::new(2027, 2).unwrap();
		assert_noop!(
			Sharing::renew_lease(origin(MVNO), lease, jan),
			Error::<Test>::RenewalNotOffered
		);
		assert_noop!(Sharing::renew_lease(origin(3), lease, jan), Error::<Test>::NotLeaseParty);
		assert_noop!(Sharing::renew_lease(origin(1), lease, nov()), Error::<Test>::InvalidRenewal);
		let far = SettlementPeriod::new(2028, 1).unwrap();
		assert_noop!(Sharing::renew_lease(origin(1), lease, far), Error::<Test>::InvalidRenewal);
		assert_ok!(Sharing::renew_lease(origin(1), lease, jan));
		assert_noop!(
			Sharing::renew_lease(origin(MVNO), lease, feb),
			Error::<Test>::RenewalNotOffered
		);
		assert_ok!(Sharing::renew_lease(origin(MVNO), lease, jan));
		let renewed = crate::Leases::<Test>::get(lease).unwrap();
		assert_eq!((renewed.last, renewed.renewal, renewed.periods()), (jan, None, 3));
		assert_eq!(events().last(), Some(&Event::LeaseRenewed { lease, last: jan }));
	});
}

#[test]
fn offers_are_withdrawn_by_the_lead_or_by_anyone_once_expired() {
	build_and_execute(|| {
		let id = site();
		assert_ok!(Sharing::offer_capacity(origin(1), id, 10, 1, nov(), nov(), sla()));
		assert_ok!(Sharing::offer_capacity(origin(1), id, 10, 1, nov(), nov(), sla()));
		assert_noop!(Sharing::withdraw_offer(origin(9), 0), Error::<Test>::OfferStillOpen);
		assert_ok!(Sharing::withdraw_offer(origin(1), 0));
		assert_noop!(Sharing::withdraw_offer(origin(1), 0), Error::<Test>::UnknownOffer);
		NowMillis::set(DEC_2026);
		assert_ok!(Sharing::withdraw_offer(origin(9), 1));
		assert!(crate::SiteOffers::<Test>::get(id).is_empty());
		assert_eq!(events().last(), Some(&Event::OfferWithdrawn { offer: 1 }));
	});
}

#[test]
fn a_proposed_project_is_left_or_cancelled_and_its_deposit_returns() {
	build_and_execute(|| {
		let id = project();
		let project_hold = || {
			Balances::balance_on_hold(&RuntimeHoldReason::Sharing(HoldReason::ProjectDeposit), &1)
		};
		assert_eq!(project_hold(), PROJECT_DEPOSIT);
		assert_ok!(Sharing::link_tender(origin(1), id, 4, 0));
		assert_noop!(Sharing::leave_project(origin(1), id), Error::<Test>::LeadCannotLeave);
		assert_noop!(Sharing::leave_project(origin(3), id), Error::<Test>::NotParticipant);
		assert_ok!(Sharing::leave_project(origin(2), id));
		assert_eq!(crate::Projects::<Test>::get(id).unwrap().committed(), 6_000);
		assert_eq!(events().last(), Some(&Event::Left { project: id, who: 2 }));
		assert_noop!(Sharing::cancel_project(origin(2), id), Error::<Test>::NotLead);
		assert_ok!(Sharing::cancel_project(origin(1), id));
		assert!(crate::Projects::<Test>::get(id).is_none());
		assert!(crate::TenderProjects::<Test>::get((1, 4, 0)).is_none());
		assert_eq!(project_hold(), 0);
		assert_eq!(events().last(), Some(&Event::ProjectCancelled { project: id }));
		// Once approved, nobody leaves and the lead does not cancel before the construction
		// deadline: tranches are due.
		let id = project();
		assert_ok!(Sharing::approve_project(origin(1), id));
		agree();
		assert_noop!(Sharing::leave_project(origin(2), id), Error::<Test>::WrongStage);
		assert_noop!(Sharing::cancel_project(origin(1), id), Error::<Test>::NotStalled);
	});
}

#[test]
fn a_site_without_leases_is_decommissioned_and_its_deposit_returns() {
	build_and_execute(|| {
		let (id, lease) = leased();
		assert_noop!(Sharing::decommission_site(origin(2), id), Error::<Test>::NotLead);
		assert_noop!(Sharing::decommission_site(origin(1), id), Error::<Test>::SiteInUse);
		// The lease ends after December; the rest of the offer is withdrawn.
		NowMillis::set(DEC_2026);
		assert_ok!(Sharing::settle_period(origin(1), id, nov()));
		NowMillis::set(DEC_2026 + 31 * 86_400_000);
		assert_ok!(Sharing::settle_period(origin(1), id, SettlementPeriod::new(2026, 12).unwrap()));
		assert!(crate::Leases::<Test>::get(lease).is_none());
		assert_noop!(Sharing::decommission_site(origin(1), id), Error::<Test>::SiteInUse);
		assert_ok!(Sharing::withdraw_offer(origin(1), 0));
		assert_ok!(Sharing::decommission_site(origin(1), id));
		assert!(crate::Sites::<Test>::get(id).is_none());
		assert!(crate::Projects::<Test>::get(id).is_none());
		assert_eq!(
			Balances::balance_on_hold(&RuntimeHoldReason::Sharing(HoldReason::ProjectDeposit), &1),
			0
		);
		assert_eq!(events().last(), Some(&Event::SiteDecommissioned { site: id }));
		// Its settled history stays.
		assert!(Sharing::statement(id, nov(), &2).is_some());
	});
}

#[test]
fn tender_links_handle_late_multi_lot_and_foreign_awards() {
	build_and_execute(|| {
		let award = |lot, contractor, price| ContractAward {
			tender: 4,
			lot,
			buyer: 1,
			contractor,
			currency: CurrencyCode::EUR,
			price,
			contract: H256::repeat_byte(2),
		};
		// Operator 2 leads another project and links tender 4 first: it must not block
		// operator 1, whose tender it is.
		let squatter = crate::NextProjectId::<Test>::get();
		assert_ok!(Sharing::propose_project(
			origin(2),
			1,
			Technology::Nr,
			1,
			CurrencyCode::EUR,
			H256::zero(),
			10_000
		));
		assert_ok!(Sharing::link_tender(origin(2), squatter, 4, 0));
		let id = project();
		assert_ok!(Sharing::link_tender(origin(1), id, 4, 0));
		// Lot 0 builds the project; lot 1 (another contract) must not overwrite it.
		assert_ok!(<Sharing as OnContractAwarded<u64>>::on_contract_awarded(&award(
			0, CONTRACTOR, 1_333
		)));
		assert_ok!(<Sharing as OnContractAwarded<u64>>::on_contract_awarded(&award(1, 9, 500)));
		let p = crate::Projects::<Test>::get(id).unwrap();
		assert_eq!((p.builder, p.capex, p.awarded), (CONTRACTOR, 1_333, true));
		// The squatter's project saw none of it.
		assert_eq!(crate::Projects::<Test>::get(squatter).unwrap().builder, 2);
		// Lot 1 may build another project of the same buyer.
		let second = project();
		assert_ok!(Sharing::link_tender(origin(1), second, 4, 1));
		assert_ok!(<Sharing as OnContractAwarded<u64>>::on_contract_awarded(&award(1, 9, 500)));
		assert_eq!(crate::Projects::<Test>::get(second).unwrap().builder, 9);
		// The same lot awarded again (or relinking an awarded project) changes nothing.
		assert_ok!(<Sharing as OnContractAwarded<u64>>::on_contract_awarded(&award(0, 9, 1)));
		assert_eq!(
			events().last(),
			Some(&Event::AwardNotApplied {
				project: id,
				tender: 4,
				lot: 0,
				reason: AwardRefusal::AlreadyAwarded
			})
		);
		assert_noop!(Sharing::link_tender(origin(1), id, 6, 0), Error::<Test>::AlreadyAwarded);
		// An award after approval is not silently dropped.
		let late = project();
		assert_ok!(Sharing::link_tender(origin(1), late, 5, 0));
		assert_ok!(Sharing::approve_project(origin(1), late));
		agree();
		let before = events().len();
		let mut too_late = award(0, CONTRACTOR, 900);
		too_late.tender = 5;
		assert_ok!(<Sharing as OnContractAwarded<u64>>::on_contract_awarded(&too_late));
		assert!(events().len() > before, "the late award is reported");
		assert_eq!(
			events().last(),
			Some(&Event::AwardNotApplied {
				project: late,
				tender: 5,
				lot: 0,
				reason: AwardRefusal::AfterApproval
			})
		);
		assert_eq!(crate::Projects::<Test>::get(late).unwrap().builder, 1);
		// Links are made before approval only.
		assert_noop!(Sharing::link_tender(origin(1), late, 7, 0), Error::<Test>::WrongStage);
	});
}

#[test]
fn reports_are_weighed_by_the_signatures_key_type() {
	use frame_support::dispatch::GetDispatchInfo;
	let sla = |signature| {
		crate::Call::<Test>::report_sla {
			lease: 0,
			period: nov(),
			sequence: 1,
			availability: 0,
			throughput: 0,
			signature,
		}
		.get_dispatch_info()
		.call_weight
	};
	let ed = sla(DeviceSignature::Ed25519([0; 64]));
	let p256 = sla(DeviceSignature::P256([0; 64]));
	assert!(p256.ref_time() > ed.ref_time(), "a P-256 check costs more than an ed25519 one");
}

#[test]
fn a_site_is_commissioned_only_with_an_owners_device_used_by_no_other_site() {
	build_and_execute(|| {
		let first = site();
		let id = project();
		assert_ok!(Sharing::approve_project(origin(1), id));
		agree();
		assert_ok!(Sharing::complete_construction(origin(1), id));
		agree();
		// The station already serves the first site.
		assert_noop!(
			Sharing::commission_site(origin(1), id, station_id(), 100, 20),
			Error::<Test>::DeviceInUse
		);
		// Another registered device, in the custody of operator 3 (no owner here).
		let other = H256::repeat_byte(0xC0);
		Registry::mutate(|r| r.push((other, DeviceKey::Ed25519(station().public().0), true)));
		DeviceCustodian::set(3);
		assert_noop!(
			Sharing::commission_site(origin(1), id, other, 100, 20),
			Error::<Test>::DeviceNotInCustody
		);
		// Owner 2 holds it: accepted.
		DeviceCustodian::set(2);
		assert_ok!(Sharing::commission_site(origin(1), id, other, 100, 20));
		agree();
		assert_eq!(crate::Sites::<Test>::get(first).unwrap().device, station_id());
		assert_eq!(crate::SiteOfDevice::<Test>::get(other), Some(id));
	});
}

// ---- review fixes ----

#[test]
fn a_lessee_clearing_refuses_at_settlement_does_not_block_the_site() {
	build_and_execute(|| {
		let (id, lease) = leased();
		assert_ok!(Sharing::record_maintenance(origin(1), id, nov(), 100, H256::zero()));
		agree();
		// After leasing, the MVNO leaves clearing (or clearing is full).
		Outsiders::set(vec![MVNO]);
		NowMillis::set(DEC_2026);
		assert_ok!(Sharing::settle_period(origin(1), id, nov()));
		// The owners' opex is booked all the same; none of the lessee's payment is.
		assert_eq!(cleared(), vec![(2, 1, 40)]);
		assert!(events().contains(&Event::LeasePaymentRefused {
			lease,
			period: nov(),
			lessee: MVNO,
			amount: 500
		}));
		let line = Sharing::statement(id, nov(), &MVNO).unwrap();
		assert_eq!((line.lease_payments, line.unpaid), (0, 500));
		let owner = Sharing::statement(id, nov(), &2).unwrap();
		assert_eq!((owner.opex, owner.revenue), (40, 0), "unpaid rent is not shared as revenue");
		assert!(crate::Settled::<Test>::contains_key(id, nov()));
		// December settles too and the lease ends: capacity and deposit come back.
		NowMillis::set(DEC_2026 + 31 * 86_400_000);
		assert_ok!(Sharing::settle_period(origin(2), id, SettlementPeriod::new(2026, 12).unwrap()));
		assert!(crate::Leases::<Test>::get(lease).is_none());
		assert_eq!(crate::Sites::<Test>::get(id).unwrap().pools.radio.allocated, 0);
		assert_eq!(
			Balances::balance_on_hold(&RuntimeHoldReason::Sharing(HoldReason::LeaseDeposit), &MVNO),
			0
		);
		// A lessee clearing takes is still booked in full (the other tests).
	});
}

#[test]
fn a_co_owner_cancels_a_stalled_approved_project() {
	build_and_execute(|| {
		let id = project();
		assert_ok!(Sharing::approve_project(origin(1), id));
		agree();
		let hold = || {
			Balances::balance_on_hold(&RuntimeHoldReason::Sharing(HoldReason::ProjectDeposit), &1)
		};
		assert_eq!(hold(), PROJECT_DEPOSIT);
		// Within the deadline only the lead and builder move the project on.
		NowMillis::set(NOV_2026 + CONSTRUCTION_DEADLINE - 1);
		assert_noop!(Sharing::cancel_project(origin(2), id), Error::<Test>::NotStalled);
		assert_noop!(Sharing::cancel_project(origin(1), id), Error::<Test>::NotStalled);
		// Not a participant: never.
		NowMillis::set(NOV_2026 + CONSTRUCTION_DEADLINE);
		assert_noop!(Sharing::cancel_project(origin(3), id), Error::<Test>::NotParticipant);
		// The lead (or its builder) stalls: after the construction deadline a co-owner ends it.
		assert_ok!(Sharing::cancel_project(origin(2), id));
		assert!(crate::Projects::<Test>::get(id).is_none());
		assert_eq!(hold(), 0, "the lead's deposit is released");
		assert_eq!(events().last(), Some(&Event::ProjectCancelled { project: id }));
	});
}

#[test]
fn a_built_project_stalled_before_commissioning_can_be_cancelled() {
	build_and_execute(|| {
		let id = project();
		assert_ok!(Sharing::approve_project(origin(1), id));
		agree();
		// Building restarts the clock.
		NowMillis::set(NOV_2026 + CONSTRUCTION_DEADLINE - 1);
		assert_ok!(Sharing::complete_construction(origin(1), id));
		agree();
		NowMillis::set(NOV_2026 + CONSTRUCTION_DEADLINE + 1);
		assert_noop!(Sharing::cancel_project(origin(2), id), Error::<Test>::NotStalled);
		NowMillis::set(NOV_2026 + 2 * CONSTRUCTION_DEADLINE);
		assert_ok!(Sharing::cancel_project(origin(1), id));
		assert!(crate::Projects::<Test>::get(id).is_none());
	});
}

#[test]
fn a_commissioned_site_is_not_cancelled() {
	build_and_execute(|| {
		let id = site();
		NowMillis::set(NOV_2026 + 2 * CONSTRUCTION_DEADLINE);
		assert_noop!(Sharing::cancel_project(origin(2), id), Error::<Test>::WrongStage);
	});
}

#[test]
fn met_samples_cannot_fill_the_cap_before_a_breach() {
	build_and_execute(|| {
		let (_, lease) = leased();
		// Sequences beyond the cap are refused, so "met" samples cannot take a breach's room.
		for sequence in 100..104 {
			assert_noop!(
				report_sla(lease, sequence, 9_999, 200),
				Error::<Test>::SequenceOutOfRange
			);
		}
		assert_noop!(report_sla(lease, u32::MAX, 9_999, 200), Error::<Test>::SequenceOutOfRange);
		// Each sequence below the cap has its own room: met samples on 1 to 3 leave 0 free.
		for sequence in 1..4 {
			assert_ok!(report_sla(lease, sequence, 9_999, 200));
		}
		assert_ok!(report_sla(lease, 0, 9_000, 100));
		let record = crate::SlaRecords::<Test>::get(lease, nov());
		assert_eq!((record.samples, record.breaches), (4, 1));
	});
}

#[test]
fn settling_a_later_period_first_loses_no_kwh() {
	build_and_execute(|| {
		let id = site();
		let dec = SettlementPeriod::new(2026, 12).unwrap();
		assert_ok!(report_energy(id, nov(), 100));
		assert_ok!(report_energy(id, nov(), 150));
		assert_ok!(report_energy(id, dec, 160));
		assert_ok!(report_energy(id, dec, 200));
		NowMillis::set(DEC_2026 + 31 * 86_400_000);
		assert_ok!(Sharing::settle_period(origin(1), id, dec));
		assert_ok!(Sharing::settle_period(origin(1), id, nov()));
		let kwh = crate::Costs::<Test>::get(id, nov()).energy_kwh
			+ crate::Costs::<Test>::get(id, dec).energy_kwh;
		assert_eq!(kwh, 100, "the meter moved from 100 to 200 kWh");
		let billed: u128 = cleared().iter().map(|(_, _, amount)| amount).sum();
		// Owner 2's 40 % of 100 kWh at 20 (owner 1's share is its own bill).
		assert_eq!(billed, 800);
	});
}

#[test]
fn a_late_reading_below_the_opening_is_billed_at_the_next_settlement() {
	build_and_execute(|| {
		let id = site();
		let dec = SettlementPeriod::new(2026, 12).unwrap();
		assert_ok!(report_energy(id, nov(), 150));
		assert_ok!(report_energy(id, dec, 200));
		NowMillis::set(DEC_2026 + 31 * 86_400_000);
		assert_ok!(Sharing::settle_period(origin(1), id, dec));
		assert_eq!(crate::Costs::<Test>::get(id, dec).energy_kwh, 50);
		// November's opening reading arrives late, after December was settled.
		assert_ok!(report_energy(id, nov(), 90));
		assert_eq!(crate::Sites::<Test>::get(id).unwrap().opening, Some(90));
		assert_ok!(Sharing::settle_period(origin(1), id, nov()));
		assert_eq!(crate::Costs::<Test>::get(id, nov()).energy_kwh, 60);
		let site = crate::Sites::<Test>::get(id).unwrap();
		assert_eq!((site.metered, site.billed_kwh), (Some(200), 110));
	});
}

// ---- co-owner approval of the lead's changes ----

/// Operators 1 (lead, 40 %) and 2 (60 %): the lead alone holds less than the approval threshold.
fn minority_lead_project() -> ProjectId {
	let id = crate::NextProjectId::<Test>::get();
	assert_ok!(Sharing::propose_project(
		origin(1),
		8_833_004,
		Technology::Nr,
		1_000,
		CurrencyCode::EUR,
		H256::repeat_byte(4),
		4_000
	));
	assert_ok!(Sharing::join_project(origin(2), id, 6_000));
	id
}

fn proposal_hold(who: u64) -> u64 {
	Balances::balance_on_hold(&RuntimeHoldReason::Sharing(HoldReason::ProposalDeposit), &who)
}

/// A project of operators 1 (lead), 2 and 3 with the given shares.
fn three_owner_project(lead: u16, second: u16, third: u16) -> ProjectId {
	let id = crate::NextProjectId::<Test>::get();
	assert_ok!(Sharing::propose_project(
		origin(1),
		8_833_005,
		Technology::Nr,
		1_000,
		CurrencyCode::EUR,
		H256::repeat_byte(5),
		lead
	));
	assert_ok!(Sharing::join_project(origin(2), id, second));
	assert_ok!(Sharing::join_project(origin(3), id, third));
	id
}

#[test]
fn the_lead_alone_cannot_oblige_its_co_owners() {
	build_and_execute(|| {
		let id = minority_lead_project();
		// The lead's milestone is only proposed: nobody owes anything yet.
		assert_ok!(Sharing::approve_project(origin(1), id));
		assert_eq!(cleared(), vec![]);
		assert_eq!(crate::Projects::<Test>::get(id).unwrap().status, ProjectStatus::Proposed);
		let approval = last_proposal();
		assert_eq!(proposal_hold(1), PROPOSAL_DEPOSIT);
		assert_eq!(
			events().last(),
			Some(&Event::ChangeProposed {
				proposal: approval,
				project: id,
				proposer: 1,
				change: SiteChange::ApproveProject
			})
		);
		// Past the window the lead's 40 % is still not enough.
		NowMillis::mutate(|t| *t += DISPUTE_WINDOW);
		assert_noop!(Sharing::execute_change(origin(9), approval), Error::<Test>::ThresholdNotMet);
		// The co-owner approves: anyone executes, and only now the tranche is due.
		assert_ok!(Sharing::approve_change(origin(2), approval));
		assert_ok!(Sharing::execute_change(origin(9), approval));
		assert_eq!(cleared(), vec![(2, 1, 180)]);
		assert_eq!(proposal_hold(1), 0);
		assert!(crate::Proposals::<Test>::get(approval).is_none());
		assert!(events().contains(&Event::ChangeExecuted { proposal: approval, project: id }));
		assert_ok!(Sharing::complete_construction(origin(1), id));
		agree();
		assert_ok!(Sharing::commission_site(origin(1), id, station_id(), 100, 20));
		agree();
		Cleared::set(vec![]);

		// The lead records maintenance and raises the energy price alone: neither applies.
		assert_ok!(Sharing::record_maintenance(origin(1), id, nov(), 600, H256::repeat_byte(3)));
		assert_ok!(Sharing::set_energy_price(origin(1), id, 1_000));
		assert_eq!(crate::Costs::<Test>::get(id, nov()).maintenance, 0);
		assert_eq!(crate::Sites::<Test>::get(id).unwrap().energy_price, 20);
		assert_ok!(report_energy(id, nov(), 1_000));
		assert_ok!(report_energy(id, nov(), 1_010));
		NowMillis::set(DEC_2026);
		for proposal in [last_proposal() - 1, last_proposal()] {
			assert_noop!(
				Sharing::execute_change(origin(9), proposal),
				Error::<Test>::ThresholdNotMet
			);
		}
		assert_ok!(Sharing::settle_period(origin(2), id, nov()));
		// 10 kWh at the agreed 20 and no maintenance: the co-owner owes 60 % of 200.
		assert_eq!(cleared(), vec![(2, 1, 120)]);
		// Expired proposals are closed by anyone; the lead's deposits come back.
		NowMillis::set(DEC_2026 + PROPOSAL_LIFETIME);
		assert_eq!(proposal_hold(1), 2 * PROPOSAL_DEPOSIT);
		assert_ok!(Sharing::close_change(origin(2), last_proposal()));
		assert_ok!(Sharing::close_change(origin(9), last_proposal() - 1));
		assert_eq!(proposal_hold(1), 0);
		assert_eq!(
			events().last(),
			Some(&Event::ProposalClosed {
				proposal: last_proposal() - 1,
				reason: ProposalEnd::Expired
			})
		);
	});
}

#[test]
fn a_change_needs_the_threshold_exactly() {
	build_and_execute(|| {
		// 5,000 + 4,999 + 1: the lead alone is one basis point short of 5,001.
		let id = three_owner_project(5_000, 4_999, 1);
		assert_ok!(Sharing::approve_project(origin(1), id));
		let proposal = last_proposal();
		NowMillis::mutate(|t| *t += DISPUTE_WINDOW);
		assert_noop!(Sharing::execute_change(origin(2), proposal), Error::<Test>::ThresholdNotMet);
		assert_ok!(Sharing::approve_change(origin(3), proposal));
		assert_eq!(
			events().last(),
			Some(&Event::ChangeApproved { proposal, who: 3, approved: 5_001 })
		);
		// The smallest owner executes: no party's inaction stalls an approved change.
		assert_ok!(Sharing::execute_change(origin(3), proposal));
		assert_eq!(
			crate::Projects::<Test>::get(id).unwrap().status,
			ProjectStatus::Reached(Milestone::Approved)
		);
		assert!(events().contains(&Event::MilestoneReached {
			project: id,
			milestone: Milestone::Approved,
			tranche: 300
		}));
		assert_eq!(cleared(), vec![(2, 1, 150)]);
		assert_eq!(proposal_hold(1), 0);
		assert_noop!(Sharing::execute_change(origin(3), proposal), Error::<Test>::UnknownProposal);
	});
}

#[test]
fn a_change_takes_effect_only_after_its_dispute_window() {
	build_and_execute(|| {
		let id = site();
		// The lead holds 60 %, above the threshold alone: the window still protects owner 2.
		assert_ok!(Sharing::set_energy_price(origin(1), id, 35));
		let proposal = last_proposal();
		let opened = NowMillis::get();
		NowMillis::set(opened + DISPUTE_WINDOW - 1);
		assert_noop!(
			Sharing::execute_change(origin(2), proposal),
			Error::<Test>::DisputeWindowOpen
		);
		NowMillis::set(opened + DISPUTE_WINDOW);
		assert_noop!(
			Sharing::object_to_change(origin(2), proposal),
			Error::<Test>::DisputeWindowOver
		);
		assert_ok!(Sharing::execute_change(origin(MVNO), proposal));
		assert_eq!(crate::Sites::<Test>::get(id).unwrap().energy_price, 35);
		assert!(events().contains(&Event::EnergyPriceSet { site: id, price: 35 }));
		// Every owner approving ends the window early: nobody is left to object.
		assert_ok!(Sharing::set_energy_price(origin(1), id, 40));
		assert_noop!(
			Sharing::execute_change(origin(2), last_proposal()),
			Error::<Test>::DisputeWindowOpen
		);
		assert_ok!(Sharing::approve_change(origin(2), last_proposal()));
		assert_ok!(Sharing::execute_change(origin(2), last_proposal()));
		assert_eq!(crate::Sites::<Test>::get(id).unwrap().energy_price, 40);
	});
}

#[test]
fn a_proposal_expires_and_its_deposit_comes_back() {
	build_and_execute(|| {
		let id = site();
		assert_ok!(Sharing::record_maintenance(origin(1), id, nov(), 70, H256::zero()));
		let proposal = last_proposal();
		let opened = NowMillis::get();
		NowMillis::set(opened + PROPOSAL_LIFETIME - 1);
		assert_noop!(Sharing::close_change(origin(2), proposal), Error::<Test>::NotExpired);
		NowMillis::set(opened + PROPOSAL_LIFETIME);
		assert_noop!(Sharing::approve_change(origin(2), proposal), Error::<Test>::ProposalExpired);
		assert_noop!(Sharing::execute_change(origin(2), proposal), Error::<Test>::ProposalExpired);
		assert_eq!(Balances::free_balance(1), 1_000 - PROJECT_DEPOSIT - PROPOSAL_DEPOSIT);
		assert_ok!(Sharing::close_change(origin(2), proposal));
		assert_eq!(Balances::free_balance(1), 1_000 - PROJECT_DEPOSIT);
		assert_eq!(crate::Costs::<Test>::get(id, nov()).maintenance, 0);
		assert!(crate::ProjectProposals::<Test>::get(id).is_empty());
		// The proposer withdraws its own proposal at any time.
		assert_ok!(Sharing::record_maintenance(origin(1), id, nov(), 70, H256::zero()));
		assert_ok!(Sharing::close_change(origin(1), last_proposal()));
		assert_eq!(
			events().last(),
			Some(&Event::ProposalClosed {
				proposal: last_proposal(),
				reason: ProposalEnd::Withdrawn
			})
		);
		assert_eq!(proposal_hold(1), 0);
		assert_noop!(
			Sharing::close_change(origin(1), last_proposal()),
			Error::<Test>::UnknownProposal
		);
	});
}

#[test]
fn the_arbiter_overrules_an_objection() {
	build_and_execute(|| {
		let id = site();
		assert_ok!(Sharing::record_maintenance(origin(1), id, nov(), 90, H256::repeat_byte(9)));
		let proposal = last_proposal();
		assert_noop!(
			Sharing::object_to_change(origin(1), proposal),
			Error::<Test>::AlreadyApproved
		);
		assert_noop!(
			Sharing::object_to_change(origin(MVNO), proposal),
			Error::<Test>::NotParticipant
		);
		assert_noop!(
			Sharing::resolve_objection(RuntimeOrigin::root(), proposal, true),
			Error::<Test>::NotDisputed
		);
		assert_ok!(Sharing::object_to_change(origin(2), proposal));
		assert_eq!(events().last(), Some(&Event::ChangeObjected { proposal, by: 2 }));
		assert_noop!(
			Sharing::object_to_change(origin(2), proposal),
			Error::<Test>::AlreadyDisputed
		);
		NowMillis::mutate(|t| *t += DISPUTE_WINDOW);
		assert_noop!(Sharing::execute_change(origin(1), proposal), Error::<Test>::Disputed);
		assert_noop!(
			Sharing::resolve_objection(origin(1), proposal, true),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_ok!(Sharing::resolve_objection(RuntimeOrigin::root(), proposal, true));
		assert_eq!(events().last(), Some(&Event::ObjectionOverruled { proposal }));
		assert_noop!(
			Sharing::resolve_objection(RuntimeOrigin::root(), proposal, false),
			Error::<Test>::NotDisputed
		);
		assert_ok!(Sharing::execute_change(origin(2), proposal));
		assert_eq!(crate::Costs::<Test>::get(id, nov()).maintenance, 90);
		assert!(events().contains(&Event::MaintenanceRecorded {
			site: id,
			period: nov(),
			cost: 90,
			invoice: H256::repeat_byte(9)
		}));
		assert_eq!(proposal_hold(1), 0);
	});
}

#[test]
fn the_arbiter_upholds_an_objection() {
	build_and_execute(|| {
		let id = site();
		assert_ok!(Sharing::record_maintenance(origin(1), id, nov(), 90, H256::zero()));
		let proposal = last_proposal();
		assert_ok!(Sharing::object_to_change(origin(2), proposal));
		assert_ok!(Sharing::resolve_objection(RuntimeOrigin::root(), proposal, false));
		assert_eq!(events().last(), Some(&Event::ChangeRejected { proposal }));
		assert!(crate::Proposals::<Test>::get(proposal).is_none());
		assert_eq!(proposal_hold(1), 0);
		assert_eq!(crate::Costs::<Test>::get(id, nov()).maintenance, 0);
		assert_noop!(Sharing::execute_change(origin(2), proposal), Error::<Test>::UnknownProposal);
		// An undecided objection lasts at most until the proposal expires.
		assert_ok!(Sharing::record_maintenance(origin(1), id, nov(), 90, H256::zero()));
		assert_ok!(Sharing::object_to_change(origin(2), last_proposal()));
		NowMillis::mutate(|t| *t += PROPOSAL_LIFETIME);
		assert_ok!(Sharing::close_change(origin(2), last_proposal()));
		assert_eq!(proposal_hold(1), 0);
	});
}

#[test]
fn a_co_owner_who_leaves_no_longer_counts() {
	build_and_execute(|| {
		let id = three_owner_project(5_000, 3_000, 2_000);
		assert_ok!(Sharing::approve_project(origin(1), id));
		let proposal = last_proposal();
		assert_noop!(Sharing::approve_change(origin(1), proposal), Error::<Test>::AlreadyApproved);
		assert_noop!(
			Sharing::approve_change(origin(MVNO), proposal),
			Error::<Test>::NotParticipant
		);
		assert_noop!(
			Sharing::approve_change(origin(2), proposal + 1),
			Error::<Test>::UnknownProposal
		);
		assert_ok!(Sharing::approve_change(origin(2), proposal));
		assert_ok!(Sharing::leave_project(origin(2), id));
		NowMillis::mutate(|t| *t += DISPUTE_WINDOW);
		// Its 30 % left with it: the lead's 50 % is short.
		assert_noop!(Sharing::execute_change(origin(3), proposal), Error::<Test>::ThresholdNotMet);
		// With owner 3 the threshold is met, but the shares are no longer complete.
		assert_ok!(Sharing::approve_change(origin(3), proposal));
		assert_noop!(Sharing::execute_change(origin(3), proposal), Error::<Test>::SharesIncomplete);
		// A newcomer takes the free share and approves: the approval list holds only owners.
		assert_ok!(Sharing::join_project(origin(2), id, 3_000));
		assert_ok!(Sharing::approve_change(origin(2), proposal));
		assert_eq!(crate::Proposals::<Test>::get(proposal).unwrap().approvals.len(), 3);
		assert_ok!(Sharing::execute_change(origin(3), proposal));
		// The newcomer joined last.
		assert_eq!(cleared(), vec![(3, 1, 60), (2, 1, 90)]);
	});
}

#[test]
fn proposals_are_checked_capped_and_end_with_their_project() {
	build_and_execute(|| {
		let id = project();
		assert_noop!(Sharing::approve_project(origin(2), id), Error::<Test>::NotLead);
		assert_noop!(Sharing::complete_construction(origin(1), id), Error::<Test>::WrongStage);
		assert_noop!(Sharing::set_energy_price(origin(1), id, 1), Error::<Test>::UnknownSite);
		let max: u32 =
			<<Test as crate::Config>::MaxProposals as frame_support::traits::Get<u32>>::get();
		for _ in 0..max {
			assert_ok!(Sharing::approve_project(origin(1), id));
		}
		assert_noop!(Sharing::approve_project(origin(1), id), Error::<Test>::TooManyProposals);
		assert_eq!(proposal_hold(1), u64::from(max) * PROPOSAL_DEPOSIT);
		// One of them takes effect; the others can no longer, and fail when executed.
		assert_ok!(Sharing::approve_change(origin(2), 0));
		assert_ok!(Sharing::execute_change(origin(2), 0));
		assert_ok!(Sharing::approve_change(origin(2), 1));
		assert_noop!(Sharing::execute_change(origin(2), 1), Error::<Test>::WrongStage);
		// A stalled project is cancelled: its open proposals close and their deposits return.
		NowMillis::mutate(|t| *t += CONSTRUCTION_DEADLINE);
		assert_ok!(Sharing::cancel_project(origin(2), id));
		assert_eq!(proposal_hold(1), 0);
		assert!(crate::ProjectProposals::<Test>::get(id).is_empty());
		assert!(events()
			.contains(&Event::ProposalClosed { proposal: 2, reason: ProposalEnd::ProjectEnded }));

		// A decommissioned site's proposals close too.
		let id = site();
		assert_noop!(Sharing::set_energy_price(origin(2), id, 1), Error::<Test>::NotLead);
		assert_ok!(Sharing::set_energy_price(origin(1), id, 1));
		assert_eq!(proposal_hold(1), PROPOSAL_DEPOSIT);
		assert_ok!(Sharing::decommission_site(origin(1), id));
		assert_eq!(proposal_hold(1), 0);
		assert!(crate::Proposals::<Test>::get(last_proposal()).is_none());
	});
}

#[test]
fn a_maintenance_change_of_a_settled_period_cannot_take_effect() {
	build_and_execute(|| {
		let id = site();
		assert_ok!(report_energy(id, nov(), 1_000));
		assert_ok!(Sharing::record_maintenance(origin(1), id, nov(), 70, H256::zero()));
		NowMillis::set(DEC_2026);
		assert_ok!(Sharing::settle_period(origin(2), id, nov()));
		assert_noop!(
			Sharing::execute_change(origin(2), last_proposal()),
			Error::<Test>::PeriodSettled
		);
		assert_noop!(
			Sharing::record_maintenance(origin(1), id, nov(), 70, H256::zero()),
			Error::<Test>::PeriodSettled
		);
		assert_ok!(Sharing::close_change(origin(1), last_proposal()));
	});
}

#[test]
fn try_state_checks_proposal_deposits_and_lists() {
	new_test_ext().execute_with(|| {
		let id = site();
		assert_ok!(Sharing::set_energy_price(origin(1), id, 1));
		assert_ok!(Sharing::do_try_state());
		let proposal = last_proposal();
		crate::Proposals::<Test>::mutate(proposal, |p| p.as_mut().unwrap().deposit += 1);
		assert!(Sharing::do_try_state().is_err());
		crate::Proposals::<Test>::mutate(proposal, |p| p.as_mut().unwrap().deposit -= 1);
		crate::ProjectProposals::<Test>::remove(id);
		assert!(Sharing::do_try_state().is_err());
	});
}

// ---- capacity of a kind: edge compute and backhaul ----

fn declare(site: ProjectId, kind: ResourceKind, capacity: u32) {
	assert_ok!(Sharing::declare_capacity(origin(1), site, kind, capacity));
	agree();
}

fn pool(site: ProjectId, kind: ResourceKind) -> Pool {
	*crate::Sites::<Test>::get(site).unwrap().pools.get(kind)
}

#[test]
fn each_kind_has_its_own_pool_declared_by_the_owners() {
	build_and_execute(|| {
		let id = site();
		let dec = SettlementPeriod::new(2026, 12).unwrap();
		// No MEC host declared yet: nothing of that kind to offer.
		assert_noop!(
			Sharing::offer_resource(
				origin(1),
				id,
				ResourceKind::EdgeVcpu,
				1,
				10,
				nov(),
				dec,
				sla()
			),
			Error::<Test>::Oversubscribed
		);
		assert_noop!(
			Sharing::declare_capacity(origin(2), id, ResourceKind::EdgeVcpu, 64),
			Error::<Test>::NotLead
		);
		assert_noop!(
			Sharing::declare_capacity(origin(1), 77, ResourceKind::EdgeVcpu, 64),
			Error::<Test>::UnknownSite
		);
		// The lead proposes; nothing changes until the owners approve.
		assert_ok!(Sharing::declare_capacity(origin(1), id, ResourceKind::EdgeVcpu, 64));
		assert_eq!(pool(id, ResourceKind::EdgeVcpu).capacity, 0);
		agree();
		assert!(events().contains(&Event::CapacityDeclared {
			site: id,
			kind: ResourceKind::EdgeVcpu,
			capacity: 64
		}));
		assert_eq!(pool(id, ResourceKind::EdgeVcpu), Pool { capacity: 64, allocated: 0 });
		// Edge compute leased in full leaves the radio pool whole, and the other way round.
		assert_ok!(Sharing::offer_resource(
			origin(1),
			id,
			ResourceKind::EdgeVcpu,
			64,
			10,
			nov(),
			dec,
			sla()
		));
		assert_eq!(
			events().last(),
			Some(&Event::CapacityOffered {
				offer: 0,
				site: id,
				kind: ResourceKind::EdgeVcpu,
				units: 64
			})
		);
		assert_ok!(Sharing::lease_capacity(origin(MVNO), 0, 64));
		assert_eq!(crate::Leases::<Test>::get(0).unwrap().kind, ResourceKind::EdgeVcpu);
		assert_eq!(pool(id, ResourceKind::EdgeVcpu), Pool { capacity: 64, allocated: 64 });
		assert_eq!(pool(id, ResourceKind::Radio), Pool { capacity: 100, allocated: 0 });
		assert_ok!(Sharing::offer_capacity(origin(1), id, 100, 1, nov(), dec, sla()));
		assert_ok!(Sharing::lease_capacity(origin(MVNO), 1, 100));
		assert_eq!(pool(id, ResourceKind::Radio), Pool { capacity: 100, allocated: 100 });
		// Nothing left of either kind, and backhaul was never declared.
		for kind in [ResourceKind::EdgeVcpu, ResourceKind::Radio, ResourceKind::Backhaul] {
			assert_noop!(
				Sharing::offer_resource(origin(1), id, kind, 1, 10, nov(), dec, sla()),
				Error::<Test>::Oversubscribed
			);
		}
		// Capacity never falls below what leases hold: refused when proposed...
		assert_noop!(
			Sharing::declare_capacity(origin(1), id, ResourceKind::EdgeVcpu, 63),
			Error::<Test>::CapacityBelowLeased
		);
		// ... and grows once approved.
		declare(id, ResourceKind::EdgeVcpu, 128);
		declare(id, ResourceKind::Backhaul, 10_000);
		assert_eq!(pool(id, ResourceKind::EdgeVcpu).free(), 64);
		assert_eq!(pool(id, ResourceKind::Backhaul).free(), 10_000);
		assert_noop!(
			Sharing::offer_resource(
				origin(2),
				id,
				ResourceKind::Backhaul,
				1,
				10,
				nov(),
				dec,
				sla()
			),
			Error::<Test>::NotLead
		);
	});
}

#[test]
fn a_capacity_change_below_the_leases_cannot_take_effect() {
	build_and_execute(|| {
		let id = site();
		declare(id, ResourceKind::Backhaul, 1_000);
		// Proposed while nothing is leased, then 600 Mbit/s are leased before it takes effect.
		assert_ok!(Sharing::declare_capacity(origin(1), id, ResourceKind::Backhaul, 500));
		let proposal = last_proposal();
		assert_ok!(Sharing::offer_resource(
			origin(1),
			id,
			ResourceKind::Backhaul,
			600,
			1,
			nov(),
			nov(),
			sla()
		));
		assert_ok!(Sharing::lease_capacity(origin(MVNO), 0, 600));
		assert_ok!(Sharing::approve_change(origin(2), proposal));
		assert_noop!(
			Sharing::execute_change(origin(9), proposal),
			Error::<Test>::CapacityBelowLeased
		);
		assert_eq!(pool(id, ResourceKind::Backhaul), Pool { capacity: 1_000, allocated: 600 });
	});
}

#[test]
fn an_edge_compute_lease_is_credited_for_a_breach_and_frees_only_its_kind() {
	build_and_execute(|| {
		let id = site();
		declare(id, ResourceKind::EdgeGpuHours, 200);
		// 100 GPU hours at 5 an hour (500 a period), at least 99.5 % available and 100 hours
		// delivered, 10 % of the price credited per breach.
		assert_ok!(Sharing::offer_resource(
			origin(1),
			id,
			ResourceKind::EdgeGpuHours,
			100,
			5,
			nov(),
			nov(),
			sla()
		));
		assert_ok!(Sharing::offer_capacity(origin(1), id, 30, 1, nov(), nov(), sla()));
		assert_ok!(Sharing::lease_capacity(origin(MVNO), 0, 100));
		assert_ok!(Sharing::lease_capacity(origin(MVNO), 1, 30));
		// The MEC host delivered 80 GPU hours: a breach, credited as for radio.
		assert_ok!(report_sla(0, 0, 9_990, 80));
		assert_eq!(
			events().last(),
			Some(&Event::SlaBreached {
				lease: 0,
				period: nov(),
				availability: 9_990,
				throughput: 80,
				penalty: 50
			})
		);
		assert_ok!(report_sla(0, 1, 9_999, 100));
		NowMillis::set(DEC_2026);
		assert_ok!(Sharing::settle_period(origin(MVNO), id, nov()));
		// Edge lease 500 less 50 = 450 (270 / 180), radio lease 30 (18 / 12).
		assert_eq!(cleared(), vec![(MVNO, 1, 270), (MVNO, 2, 180), (MVNO, 1, 18), (MVNO, 2, 12)]);
		assert_eq!(Sharing::statement(id, nov(), &MVNO).unwrap().lease_payments, 480);
		// Both ended; each kind's pool is free again.
		assert_eq!(pool(id, ResourceKind::EdgeGpuHours), Pool { capacity: 200, allocated: 0 });
		assert_eq!(pool(id, ResourceKind::Radio), Pool { capacity: 100, allocated: 0 });
		assert!(crate::SiteLeases::<Test>::get(id).is_empty());
	});
}

#[test]
fn try_state_checks_each_kinds_allocation() {
	new_test_ext().execute_with(|| {
		let id = site();
		declare(id, ResourceKind::EdgeMemory, 256);
		assert_ok!(Sharing::offer_resource(
			origin(1),
			id,
			ResourceKind::EdgeMemory,
			128,
			1,
			nov(),
			nov(),
			sla()
		));
		assert_ok!(Sharing::lease_capacity(origin(MVNO), 0, 128));
		assert_ok!(Sharing::do_try_state());
		// The lease booked against the wrong kind is caught.
		crate::Sites::<Test>::mutate(id, |s| {
			let s = s.as_mut().unwrap();
			s.pools.edge_memory.allocated = 0;
			s.pools.radio.allocated = 128;
		});
		assert!(Sharing::do_try_state().is_err());
	});
}

#[test]
fn the_v2_migration_makes_every_site_offer_and_lease_radio() {
	use crate::migrations::v2::{v1, MigrateV1ToV2};
	use frame_support::{
		storage::unhashed,
		traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
	};
	new_test_ext().execute_with(|| {
		let id = site();
		let terms = sla();
		// Version 1 records, written where version 2 keeps them.
		unhashed::put(
			&crate::Sites::<Test>::hashed_key_for(id),
			&v1::Site {
				device: station_id(),
				capacity: 100,
				allocated: 30,
				energy_price: 20,
				metered: Some(1_500),
				opening: Some(1_000),
				billed_kwh: 500,
			},
		);
		unhashed::put(
			&crate::Offers::<Test>::hashed_key_for(4),
			&v1::CapacityOffer {
				site: id,
				available: 20,
				unit_price: 3,
				first: nov(),
				last: nov(),
				sla: terms,
			},
		);
		unhashed::put(
			&crate::Leases::<Test>::hashed_key_for(9),
			&v1::Lease {
				site: id,
				lessee: MVNO,
				units: 30,
				price: 90,
				first: nov(),
				last: nov(),
				sla: terms,
				deposit: 0,
				settled: 0,
				renewal: None,
			},
		);
		StorageVersion::new(1).put::<Sharing>();
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(Sharing::on_chain_storage_version(), StorageVersion::new(2));
		let site = crate::Sites::<Test>::get(id).unwrap();
		assert_eq!(site.pools.radio, Pool { capacity: 100, allocated: 30 });
		assert_eq!(site.pools.edge_vcpu, Pool::default());
		assert_eq!(site.pools.backhaul, Pool::default());
		assert_eq!((site.metered, site.opening, site.billed_kwh), (Some(1_500), Some(1_000), 500));
		assert_eq!(site.energy_price, 20);
		let offer = crate::Offers::<Test>::get(4).unwrap();
		assert_eq!((offer.kind, offer.available, offer.unit_price), (ResourceKind::Radio, 20, 3));
		let lease = crate::Leases::<Test>::get(9).unwrap();
		assert_eq!(
			(lease.kind, lease.units, lease.price, lease.lessee),
			(ResourceKind::Radio, 30, 90, MVNO)
		);
		// At version 2 it does nothing.
		crate::Sites::<Test>::mutate(id, |s| s.as_mut().unwrap().pools.backhaul.capacity = 5);
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(crate::Sites::<Test>::get(id).unwrap().pools.backhaul.capacity, 5);
		assert_eq!(Sharing::in_code_storage_version(), StorageVersion::new(2));
	});
}

// ---- usage-based opex allocation ----

type Counters = frame_support::BoundedVec<(u64, u64), frame_support::traits::ConstU32<3>>;

fn counters(list: &[(u64, u64)]) -> Counters {
	Counters::try_from(list.to_vec()).unwrap()
}

fn traffic_signature(
	site: ProjectId,
	period: SettlementPeriod,
	list: &Counters,
) -> DeviceSignature {
	station_signs(crate::traffic_payload(&Sharing::genesis_hash(), site, period, list))
}

fn report_traffic(
	site: ProjectId,
	period: SettlementPeriod,
	list: &[(u64, u64)],
) -> frame_support::dispatch::DispatchResult {
	let list = counters(list);
	let signature = traffic_signature(site, period, &list);
	Sharing::report_traffic(origin(9), site, period, list, signature)
}

/// The site with `rule` approved and 101 kWh at 20 (opex 2,020) in November.
fn site_with_opex(rule: OpexSplit) -> ProjectId {
	let id = site();
	if rule != OpexSplit::Fixed {
		assert_ok!(Sharing::set_opex_split(origin(1), id, rule));
		agree();
		assert!(events().contains(&Event::OpexSplitSet { site: id, rule }));
	}
	assert_eq!(crate::OpexRules::<Test>::get(id), rule);
	assert_ok!(report_energy(id, nov(), 1_000));
	assert_ok!(report_energy(id, nov(), 1_101));
	id
}

fn opex_of(site: ProjectId, who: u64) -> u128 {
	Sharing::statement(site, nov(), &who).unwrap().opex
}

#[test]
fn opex_is_split_by_traffic_with_the_remainder_to_the_lead() {
	build_and_execute(|| {
		let id = site_with_opex(OpexSplit::ByTraffic);
		NowMillis::set(DEC_2026);
		// Owner 1 carried 1 MB, owner 2 2 MB: 2,020 / 3 = 673.33 and 1,346.67.
		assert_ok!(report_traffic(id, nov(), &[(2, 2), (1, 1)]));
		assert_eq!(
			events().last(),
			Some(&Event::TrafficReported { site: id, period: nov(), total: 3 })
		);
		// Owners may still object: the period does not settle by these counters yet.
		assert_noop!(
			Sharing::settle_period(origin(1), id, nov()),
			Error::<Test>::TrafficWindowOpen
		);
		NowMillis::set(DEC_2026 + DISPUTE_WINDOW);
		assert_ok!(Sharing::settle_period(origin(2), id, nov()));
		// Floors 673 and 1,346; the leftover unit goes to the lead: 674 + 1,346 = 2,020.
		assert_eq!(cleared(), vec![(2, 1, 1_346)]);
		assert_eq!((opex_of(id, 1), opex_of(id, 2)), (674, 1_346));
		assert!(events().contains(&Event::OpexAllocated {
			site: id,
			period: nov(),
			rule: OpexSplit::ByTraffic,
			by_shares: 0,
			by_traffic: 2_020
		}));
		// Allocated once: neither the period nor its counters take anything more.
		assert_noop!(Sharing::settle_period(origin(1), id, nov()), Error::<Test>::PeriodSettled);
		assert_noop!(report_traffic(id, nov(), &[(1, 5)]), Error::<Test>::PeriodSettled);
		assert_noop!(
			Sharing::object_to_traffic(origin(2), id, nov()),
			Error::<Test>::PeriodSettled
		);
	});
}

#[test]
fn a_mixed_split_takes_its_floor_by_shares_and_the_rest_by_traffic() {
	build_and_execute(|| {
		let id = site_with_opex(OpexSplit::Mixed { floor: 5_000 });
		NowMillis::set(DEC_2026);
		assert_ok!(report_traffic(id, nov(), &[(1, 1), (2, 2)]));
		NowMillis::set(DEC_2026 + DISPUTE_WINDOW);
		assert_ok!(Sharing::settle_period(origin(1), id, nov()));
		// 1,010 by shares: 606 / 404. 1,010 by traffic: floors 336 / 673, leftover 1 to the
		// lead. Owner 1: 606 + 336 + 1 = 943; owner 2: 404 + 673 = 1,077; together 2,020.
		assert_eq!((opex_of(id, 1), opex_of(id, 2)), (943, 1_077));
		assert_eq!(cleared(), vec![(2, 1, 1_077)]);
		assert!(events().contains(&Event::OpexAllocated {
			site: id,
			period: nov(),
			rule: OpexSplit::Mixed { floor: 5_000 },
			by_shares: 1_010,
			by_traffic: 1_010
		}));
	});
}

#[test]
fn without_counters_or_traffic_opex_is_split_by_shares() {
	build_and_execute(|| {
		// No counters were reported.
		let id = site_with_opex(OpexSplit::ByTraffic);
		NowMillis::set(DEC_2026);
		assert_ok!(Sharing::settle_period(origin(1), id, nov()));
		assert_eq!((opex_of(id, 1), opex_of(id, 2)), (1_212, 808));
		// December: counters of no traffic at all (an owner listed with none counts as none).
		let dec = SettlementPeriod::new(2026, 12).unwrap();
		assert_ok!(report_energy(id, dec, 1_201));
		NowMillis::set(DEC_2026 + 31 * 86_400_000);
		assert_ok!(report_traffic(id, dec, &[(1, 0)]));
		NowMillis::set(DEC_2026 + 31 * 86_400_000 + DISPUTE_WINDOW);
		assert_ok!(Sharing::settle_period(origin(1), id, dec));
		// 100 kWh × 20 = 2,000 by shares.
		let line = |who| Sharing::statement(id, dec, &who).unwrap().opex;
		assert_eq!((line(1), line(2)), (1_200, 800));
	});
}

#[test]
fn a_fixed_split_ignores_traffic_counters() {
	build_and_execute(|| {
		let id = site_with_opex(OpexSplit::Fixed);
		NowMillis::set(DEC_2026);
		assert_ok!(report_traffic(id, nov(), &[(1, 1), (2, 1_000)]));
		// Not split by traffic, so the counters' window does not hold the period up.
		assert_ok!(Sharing::settle_period(origin(1), id, nov()));
		assert_eq!((opex_of(id, 1), opex_of(id, 2)), (1_212, 808));
	});
}

#[test]
fn traffic_counters_are_checked_and_reported_once() {
	build_and_execute(|| {
		let id = site_with_opex(OpexSplit::ByTraffic);
		// November is not over yet.
		assert_noop!(report_traffic(id, nov(), &[(1, 1)]), Error::<Test>::PeriodNotOver);
		NowMillis::set(DEC_2026);
		assert_noop!(report_traffic(77, nov(), &[(1, 1)]), Error::<Test>::UnknownSite);
		let bad = SettlementPeriod { year: 2026, month: 13 };
		assert_noop!(report_traffic(id, bad, &[(1, 1)]), Error::<Test>::InvalidPeriod);
		// The MVNO is not an owner; an owner counted twice.
		assert_noop!(report_traffic(id, nov(), &[(1, 1), (MVNO, 5)]), Error::<Test>::NotOwner);
		assert_noop!(report_traffic(id, nov(), &[(1, 1), (1, 5)]), Error::<Test>::DuplicateCounter);
		// Signed over other counters, or for another site.
		let list = counters(&[(1, 1), (2, 9)]);
		let forged = traffic_signature(id, nov(), &counters(&[(1, 9), (2, 1)]));
		assert_noop!(
			Sharing::report_traffic(origin(9), id, nov(), list.clone(), forged),
			Error::<Test>::BadSignature
		);
		let other_site = traffic_signature(id + 1, nov(), &list);
		assert_noop!(
			Sharing::report_traffic(origin(9), id, nov(), list, other_site),
			Error::<Test>::BadSignature
		);
		assert_ok!(report_traffic(id, nov(), &[(1, 1), (2, 9)]));
		// Once per period: a replay or a second version is refused.
		assert_noop!(report_traffic(id, nov(), &[(1, 1), (2, 9)]), Error::<Test>::TrafficKnown);
		assert_noop!(report_traffic(id, nov(), &[(1, 9)]), Error::<Test>::TrafficKnown);
	});
}

#[test]
fn an_owner_disputes_counters_and_the_arbiter_drops_them() {
	build_and_execute(|| {
		let id = site_with_opex(OpexSplit::ByTraffic);
		NowMillis::set(DEC_2026);
		assert_noop!(Sharing::object_to_traffic(origin(2), id, nov()), Error::<Test>::NoTraffic);
		assert_noop!(
			Sharing::resolve_traffic_objection(RuntimeOrigin::root(), id, nov(), true),
			Error::<Test>::NoTraffic
		);
		assert_ok!(report_traffic(id, nov(), &[(1, 1), (2, 9)]));
		assert_noop!(
			Sharing::resolve_traffic_objection(RuntimeOrigin::root(), id, nov(), true),
			Error::<Test>::NotDisputed
		);
		assert_noop!(Sharing::object_to_traffic(origin(MVNO), id, nov()), Error::<Test>::NotOwner);
		assert_noop!(
			Sharing::object_to_traffic(origin(2), 77, nov()),
			Error::<Test>::UnknownProject
		);
		assert_ok!(Sharing::object_to_traffic(origin(2), id, nov()));
		assert_eq!(
			events().last(),
			Some(&Event::TrafficObjected { site: id, period: nov(), by: 2 })
		);
		assert_noop!(
			Sharing::object_to_traffic(origin(1), id, nov()),
			Error::<Test>::AlreadyDisputed
		);
		// Past the window, an undecided objection still holds the period.
		NowMillis::set(DEC_2026 + DISPUTE_WINDOW);
		assert_noop!(Sharing::settle_period(origin(1), id, nov()), Error::<Test>::TrafficDisputed);
		assert_noop!(
			Sharing::resolve_traffic_objection(RuntimeOrigin::signed(1), id, nov(), false),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_ok!(Sharing::resolve_traffic_objection(RuntimeOrigin::root(), id, nov(), false));
		assert_eq!(
			events().last(),
			Some(&Event::TrafficObjectionResolved { site: id, period: nov(), overruled: false })
		);
		assert!(crate::TrafficCounters::<Test>::get(id, nov()).is_none());
		// The station reports again; the new counters have their own window.
		assert_ok!(report_traffic(id, nov(), &[(1, 1), (2, 1)]));
		assert_noop!(
			Sharing::settle_period(origin(1), id, nov()),
			Error::<Test>::TrafficWindowOpen
		);
		NowMillis::set(DEC_2026 + 2 * DISPUTE_WINDOW);
		assert_ok!(Sharing::settle_period(origin(1), id, nov()));
		assert_eq!((opex_of(id, 1), opex_of(id, 2)), (1_010, 1_010));
	});
}

#[test]
fn the_arbiter_overrules_an_objection_to_counters() {
	build_and_execute(|| {
		let id = site_with_opex(OpexSplit::ByTraffic);
		NowMillis::set(DEC_2026);
		assert_ok!(report_traffic(id, nov(), &[(1, 3), (2, 1)]));
		assert_ok!(Sharing::object_to_traffic(origin(1), id, nov()));
		assert_ok!(Sharing::resolve_traffic_objection(RuntimeOrigin::root(), id, nov(), true));
		// Overruled: no second objection, and the counters stand.
		assert_noop!(
			Sharing::object_to_traffic(origin(2), id, nov()),
			Error::<Test>::AlreadyDisputed
		);
		NowMillis::set(DEC_2026 + DISPUTE_WINDOW);
		assert_noop!(
			Sharing::object_to_traffic(origin(2), id, nov()),
			Error::<Test>::DisputeWindowOver
		);
		assert_ok!(Sharing::settle_period(origin(1), id, nov()));
		assert_eq!((opex_of(id, 1), opex_of(id, 2)), (1_515, 505));
	});
}

#[test]
fn objections_to_counters_are_taken_only_within_the_window() {
	build_and_execute(|| {
		let id = site_with_opex(OpexSplit::ByTraffic);
		NowMillis::set(DEC_2026);
		assert_ok!(report_traffic(id, nov(), &[(1, 3), (2, 1)]));
		NowMillis::set(DEC_2026 + DISPUTE_WINDOW);
		assert_noop!(
			Sharing::object_to_traffic(origin(2), id, nov()),
			Error::<Test>::DisputeWindowOver
		);
	});
}

#[test]
fn opex_split_rules_are_checked_and_need_the_owners() {
	build_and_execute(|| {
		let id = site();
		for floor in [0, FULL_SHARE] {
			assert_noop!(
				Sharing::set_opex_split(origin(1), id, OpexSplit::Mixed { floor }),
				Error::<Test>::InvalidSplit
			);
		}
		assert_noop!(
			Sharing::set_opex_split(origin(2), id, OpexSplit::ByTraffic),
			Error::<Test>::NotLead
		);
		assert_noop!(
			Sharing::set_opex_split(origin(1), 77, OpexSplit::ByTraffic),
			Error::<Test>::UnknownSite
		);
		// Proposed, not in force, until the owners approve.
		assert_ok!(Sharing::set_opex_split(origin(1), id, OpexSplit::Mixed { floor: 2_500 }));
		assert_eq!(crate::OpexRules::<Test>::get(id), OpexSplit::Fixed);
		let proposal = last_proposal();
		assert_noop!(
			Sharing::execute_change(origin(9), proposal),
			Error::<Test>::DisputeWindowOpen
		);
		agree();
		assert_eq!(crate::OpexRules::<Test>::get(id), OpexSplit::Mixed { floor: 2_500 });
		// Decommissioning the site drops its rule.
		assert_ok!(Sharing::decommission_site(origin(1), id));
		assert!(!crate::OpexRules::<Test>::contains_key(id));
	});
}

#[test]
fn try_state_checks_rules_and_counters() {
	new_test_ext().execute_with(|| {
		let id = site_with_opex(OpexSplit::ByTraffic);
		NowMillis::set(DEC_2026);
		assert_ok!(report_traffic(id, nov(), &[(1, 3), (2, 1)]));
		assert_ok!(Sharing::do_try_state());
		crate::TrafficCounters::<Test>::mutate(id, nov(), |r| {
			r.as_mut().unwrap().counters = counters(&[(1, 3), (MVNO, 1)])
		});
		assert!(Sharing::do_try_state().is_err());
		crate::TrafficCounters::<Test>::remove(id, nov());
		assert_ok!(Sharing::do_try_state());
		crate::OpexRules::<Test>::insert(id, OpexSplit::Mixed { floor: 0 });
		assert!(Sharing::do_try_state().is_err());
		crate::OpexRules::<Test>::insert(77, OpexSplit::ByTraffic);
		assert!(Sharing::do_try_state().is_err());
	});
}

#[test]
fn counters_every_owner_accepted_settle_without_waiting() {
	build_and_execute(|| {
		let id = site_with_opex(OpexSplit::ByTraffic);
		NowMillis::set(DEC_2026);
		assert_noop!(Sharing::accept_traffic(origin(1), id, nov()), Error::<Test>::NoTraffic);
		assert_ok!(report_traffic(id, nov(), &[(1, 1), (2, 3)]));
		assert_noop!(Sharing::accept_traffic(origin(MVNO), id, nov()), Error::<Test>::NotOwner);
		assert_noop!(Sharing::accept_traffic(origin(1), 77, nov()), Error::<Test>::UnknownProject);
		assert_ok!(Sharing::accept_traffic(origin(1), id, nov()));
		assert_eq!(
			events().last(),
			Some(&Event::TrafficAccepted { site: id, period: nov(), who: 1 })
		);
		assert_noop!(Sharing::accept_traffic(origin(1), id, nov()), Error::<Test>::AlreadyApproved);
		// Who accepted cannot object; one owner's acceptance is not enough.
		assert_noop!(
			Sharing::object_to_traffic(origin(1), id, nov()),
			Error::<Test>::AlreadyApproved
		);
		assert_noop!(
			Sharing::settle_period(origin(1), id, nov()),
			Error::<Test>::TrafficWindowOpen
		);
		assert_ok!(Sharing::accept_traffic(origin(2), id, nov()));
		assert_ok!(Sharing::settle_period(origin(1), id, nov()));
		assert_eq!((opex_of(id, 1), opex_of(id, 2)), (505, 1_515));
		assert_noop!(Sharing::accept_traffic(origin(2), id, nov()), Error::<Test>::PeriodSettled);
	});
}
