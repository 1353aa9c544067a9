//! Benchmarks of 5G sharing (frame-benchmarking v2): full projects whose builder is outside
//! them (every participant owes a tranche), signed reports verified through the runtime's
//! device registry, and settlement over every participant and lease.

#![allow(clippy::arithmetic_side_effects, clippy::unwrap_used)]

use super::*;
use crate::pallet::*;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate as _, EnsureOrigin, Get};
use frame_system::RawOrigin;
use sp_core::{crypto::KeyTypeId, H256};
use sp_runtime::traits::Bounded as _;
use telecom_primitives::{
	CurrencyCode, DeviceId, DeviceKey, DeviceSignature, DeviceVerifier, KeyType,
	OperatorMembership, SettlementPeriod,
};

const BENCH_KEYS: KeyTypeId = KeyTypeId(*b"5gbs");
/// 2026-11-15 and 2026-12-15.
const NOVEMBER: u64 = 1_794_700_800_000;
const DECEMBER: u64 = 1_797_292_800_000;

fn operator<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	let _ = T::Currency::set_balance(&who, BalanceOf::<T>::max_value() / 1_000_000u32.into());
	if !T::Operators::is_operator(&who) {
		T::Operators::add_operator(&who);
	}
	who
}

fn nov() -> SettlementPeriod {
	SettlementPeriod::new(2026, 11).unwrap()
}

/// A proposed project of `participants` operators with equal shares (the lead takes the
/// remainder) and capex 1,000,000.
fn project<T: Config>(participants: u32) -> (ProjectId, T::AccountId) {
	let lead = operator::<T>("lead", 0);
	let each = FULL_SHARE / participants as u16;
	let lead_share = FULL_SHARE - each * (participants as u16 - 1);
	Pallet::<T>::do_propose(
		lead.clone(),
		7,
		Technology::Nr,
		1_000_000,
		CurrencyCode::EUR,
		H256::zero(),
		lead_share,
	)
	.unwrap();
	let id = NextProjectId::<T>::get() - 1;
	for i in 1..participants {
		Pallet::<T>::do_join(operator::<T>("partner", i), id, each).unwrap();
	}
	(id, lead)
}

/// Makes someone outside the project the builder, so every participant owes each tranche.
fn outside_builder<T: Config>(id: ProjectId) {
	let contractor = operator::<T>("contractor", 0);
	Projects::<T>::mutate(id, |p| p.as_mut().unwrap().builder = contractor);
}

/// A commissioned site of `participants` with a registered base station (an ed25519 keystore
/// key); returns the site, its lead and the station's public key.
fn site<T: Config>(participants: u32) -> (ProjectId, T::AccountId, sp_core::ed25519::Public) {
	T::BenchmarkHelper::set_unix_time(NOVEMBER);
	let (id, lead) = project::<T>(participants);
	let key = sp_io::crypto::ed25519_generate(BENCH_KEYS, Some(b"//station".to_vec()));
	let device = T::BenchmarkHelper::register_device(key.0);
	Pallet::<T>::do_milestone(lead.clone(), id, Milestone::Approved).unwrap();
	Pallet::<T>::do_milestone(lead.clone(), id, Milestone::Built).unwrap();
	let lead = custody::<T>(id, &device);
	Pallet::<T>::do_commission(lead.clone(), id, device, 1_000_000, 20).unwrap();
	(id, lead, key)
}

/// Makes the custodian of `device` (the runtime's registry names its own) an owner of the
/// project, and an operator, so the device may serve the site: it takes the last partner's
/// stake, or the lead's role if the lead is alone. Returns the lead.
fn custody<T: Config>(id: ProjectId, device: &DeviceId) -> T::AccountId {
	let custodian = T::Devices::custodian(device).unwrap();
	if !T::Operators::is_operator(&custodian) {
		T::Operators::add_operator(&custodian);
	}
	let _ = T::Currency::set_balance(&custodian, BalanceOf::<T>::max_value() / 1_000_000u32.into());
	Projects::<T>::mutate(id, |p| {
		let p = p.as_mut().unwrap();
		if p.share_of(&custodian).is_none() {
			if p.stakes.len() == 1 {
				p.lead = custodian.clone();
				p.builder = custodian.clone();
			}
			p.stakes.last_mut().unwrap().who = custodian;
		}
		p.lead.clone()
	})
}

fn sign(key: &sp_core::ed25519::Public, payload: Vec<u8>) -> DeviceSignature {
	DeviceSignature::Ed25519(sp_io::crypto::ed25519_sign(BENCH_KEYS, key, &payload).unwrap().0)
}

fn energy<T: Config>(
	key: &sp_core::ed25519::Public,
	site: ProjectId,
	reading: u64,
) -> DeviceSignature {
	sign(key, energy_payload(&Pallet::<T>::genesis_hash(), site, nov(), reading))
}

fn sla_sig<T: Config>(
	key: &sp_core::ed25519::Public,
	lease: LeaseId,
	sequence: u32,
) -> DeviceSignature {
	sign(key, sla_payload(&Pallet::<T>::genesis_hash(), lease, nov(), sequence, 9_000, 50))
}

fn sla() -> SlaTerms {
	SlaTerms { availability: 9_950, throughput: 100, penalty: 1_000 }
}

/// `count` leases of one unit each on the site, over November.
fn leases<T: Config>(id: ProjectId, lead: &T::AccountId, count: u32) -> Vec<LeaseId> {
	(0..count)
		.map(|i| {
			Pallet::<T>::do_offer(
				lead.clone(),
				id,
				ResourceKind::Radio,
				1,
				1_000,
				nov(),
				nov(),
				sla(),
			)
			.unwrap();
			let offer = NextOfferId::<T>::get() - 1;
			Pallet::<T>::do_lease(operator::<T>("lessee", i), offer, 1).unwrap();
			NextLeaseId::<T>::get() - 1
		})
		.collect()
}

/// The P-256 generator point, compressed: a valid P-256 public key.
const P256_G: [u8; 33] = [
	0x03, 0x6B, 0x17, 0xD1, 0xF2, 0xE1, 0x2C, 0x42, 0x47, 0xF8, 0xBC, 0xE6, 0xE5, 0x63, 0xA4, 0x40,
	0xF2, 0x77, 0x03, 0x7D, 0x81, 0x2D, 0xEB, 0x33, 0xA0, 0xF4, 0xA1, 0x39, 0x45, 0xD8, 0x98, 0xC2,
	0x96,
];

/// A site whose base station has a `kind` key, and a well-formed signature of that type that
/// is not the station's signature of the report: verification runs to its last step (the
/// garbage a flooder sends).
fn keyed_site<T: Config>(kind: KeyType) -> (ProjectId, T::AccountId, DeviceSignature) {
	T::BenchmarkHelper::set_unix_time(NOVEMBER);
	let (id, lead) = project::<T>(2);
	let (key, signature) = match kind {
		KeyType::Sr25519 => {
			let key = sp_io::crypto::sr25519_generate(BENCH_KEYS, None);
			let sig = sp_io::crypto::sr25519_sign(BENCH_KEYS, &key, b"other").unwrap();
			(DeviceKey::Sr25519(key.0), DeviceSignature::Sr25519(sig.0))
		},
		KeyType::Ecdsa => {
			let key = sp_io::crypto::ecdsa_generate(BENCH_KEYS, None);
			let sig = sp_io::crypto::ecdsa_sign(BENCH_KEYS, &key, b"other").unwrap();
			(DeviceKey::Ecdsa(key.0), DeviceSignature::Ecdsa(sig.0))
		},
		KeyType::P256 | KeyType::Ed25519 => {
			let mut sig = [0x11u8; 64];
			sig[32..].copy_from_slice(&[0x22; 32]);
			(DeviceKey::P256(P256_G), DeviceSignature::P256(sig))
		},
	};
	let device = T::BenchmarkHelper::register_device_key(key);
	Pallet::<T>::do_milestone(lead.clone(), id, Milestone::Approved).unwrap();
	Pallet::<T>::do_milestone(lead.clone(), id, Milestone::Built).unwrap();
	let lead = custody::<T>(id, &device);
	Pallet::<T>::do_commission(lead.clone(), id, device, 1_000_000, 20).unwrap();
	(id, lead, signature)
}

fn energy_by<T: Config>(kind: KeyType) -> (ProjectId, DeviceSignature, T::AccountId) {
	let (id, _, signature) = keyed_site::<T>(kind);
	(id, signature, operator::<T>("caller", 0))
}

fn sla_by<T: Config>(kind: KeyType) -> (LeaseId, DeviceSignature, T::AccountId) {
	let (id, lead, signature) = keyed_site::<T>(kind);
	let lease = leases::<T>(id, &lead, 1).pop().unwrap();
	(lease, signature, operator::<T>("caller", 0))
}

/// Opens `count` proposals of `change` on project `id` by its lead.
fn open<T: Config>(id: ProjectId, lead: &T::AccountId, change: SiteChange, count: u32) {
	for _ in 0..count {
		Pallet::<T>::open_proposal(lead.clone(), id, change).unwrap();
	}
}

/// The last proposal opened.
fn last_proposal<T: Config>() -> ProposalId {
	NextProposalId::<T>::get() - 1
}

/// Every owner of the project but the last has approved proposal `proposal`; returns the last.
fn all_but_last_approve<T: Config>(proposal: ProposalId) -> T::AccountId {
	let project = Projects::<T>::get(Proposals::<T>::get(proposal).unwrap().project).unwrap();
	let owners: Vec<T::AccountId> = project.stakes.iter().map(|s| s.who.clone()).collect();
	let (last, others) = owners.split_last().unwrap();
	Proposals::<T>::mutate(proposal, |p| {
		p.as_mut().unwrap().approvals =
			frame_support::BoundedVec::try_from(others.to_vec()).unwrap()
	});
	last.clone()
}

/// A full site with `MaxProposals` open energy-price proposals, the last objected to by its
/// last owner; returns the site and that proposal.
fn disputed<T: Config>() -> (ProjectId, ProposalId) {
	let (id, lead, _) = site::<T>(T::MaxParticipants::get());
	open::<T>(id, &lead, SiteChange::EnergyPrice { price: 30 }, T::MaxProposals::get());
	let proposal = last_proposal::<T>();
	let objector = all_but_last_approve::<T>(proposal);
	Pallet::<T>::do_object(objector, proposal).unwrap();
	(id, proposal)
}

/// A counter for every owner of the site (distinct, uneven volumes), in reverse stake order so
/// every lookup walks the list.
fn traffic<T: Config>(
	id: ProjectId,
) -> frame_support::BoundedVec<(T::AccountId, u64), T::MaxParticipants> {
	let project = Projects::<T>::get(id).unwrap();
	let counters: Vec<(T::AccountId, u64)> = project
		.stakes
		.iter()
		.rev()
		.enumerate()
		.map(|(i, s)| (s.who.clone(), 1_000 + 7 * i as u64))
		.collect();
	frame_support::BoundedVec::try_from(counters).unwrap()
}

/// A full site whose November traffic counters were reported in December.
fn traffic_reported<T: Config>() -> (ProjectId, T::AccountId) {
	let (id, _lead, key) = site::<T>(T::MaxParticipants::get());
	T::BenchmarkHelper::set_unix_time(DECEMBER);
	let counters = traffic::<T>(id);
	let last = counters.last().unwrap().0.clone();
	let signature = sign(&key, traffic_payload(&Pallet::<T>::genesis_hash(), id, nov(), &counters));
	Pallet::<T>::do_report_traffic(id, nov(), counters, signature).unwrap();
	(id, last)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn propose_project() {
		let lead = operator::<T>("lead", 0);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(lead),
			7,
			Technology::NrLte,
			1_000_000,
			CurrencyCode::EUR,
			H256::zero(),
			5_000,
		);

		assert!(Projects::<T>::contains_key(0));
	}

	#[benchmark]
	fn join_project() {
		let max = T::MaxParticipants::get();
		let (id, _) = project::<T>(max - 1);
		// Leave room for one more participant.
		Projects::<T>::mutate(id, |p| p.as_mut().unwrap().stakes.get_mut(0).unwrap().share -= 1);
		let joiner = operator::<T>("joiner", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(joiner), id, 1);

		assert_eq!(Projects::<T>::get(id).unwrap().stakes.len() as u32, max);
	}

	#[benchmark]
	fn link_tender() {
		let (id, lead) = project::<T>(2);
		// Relinking: the old link is removed too.
		Pallet::<T>::do_link_tender(lead.clone(), id, 41, 0).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(lead.clone()), id, 42, 1);

		assert_eq!(TenderProjects::<T>::get((&lead, 42, 1)), Some(id));
		assert_eq!(TenderProjects::<T>::get((&lead, 41, 0)), None);
	}

	#[benchmark]
	fn approve_project() {
		// A full project whose proposal list takes one more.
		let (id, lead) = project::<T>(T::MaxParticipants::get());
		open::<T>(id, &lead, SiteChange::ApproveProject, T::MaxProposals::get() - 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(lead), id);

		assert_eq!(ProjectProposals::<T>::get(id).len() as u32, T::MaxProposals::get());
		assert_eq!(Projects::<T>::get(id).unwrap().status, ProjectStatus::Proposed);
	}

	#[benchmark]
	fn commission_site() {
		let (id, lead) = project::<T>(T::MaxParticipants::get());
		outside_builder::<T>(id);
		Pallet::<T>::do_milestone(lead.clone(), id, Milestone::Approved).unwrap();
		Pallet::<T>::do_milestone(lead.clone(), id, Milestone::Built).unwrap();
		let key = sp_io::crypto::ed25519_generate(BENCH_KEYS, Some(b"//station".to_vec()));
		let device: DeviceId = T::BenchmarkHelper::register_device(key.0);
		let lead = custody::<T>(id, &device);
		let change = SiteChange::Commission { device, capacity: 1_000, energy_price: 20 };
		open::<T>(id, &lead, change, T::MaxProposals::get() - 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(lead), id, device, 1_000, 20);

		assert_eq!(ProjectProposals::<T>::get(id).len() as u32, T::MaxProposals::get());
		assert!(!Sites::<T>::contains_key(id));
	}

	#[benchmark]
	fn report_energy() {
		let (id, _, key) = site::<T>(2);
		Pallet::<T>::do_report_energy(id, nov(), 1_420, energy::<T>(&key, id, 1_420)).unwrap();
		// A reading below the site's opening: the site is written too (the longer path).
		let signature = energy::<T>(&key, id, 1_000);
		let caller = operator::<T>("caller", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id, nov(), 1_000, signature);

		assert_eq!(Costs::<T>::get(id, nov()).low_reading, 1_000);
		assert_eq!(Sites::<T>::get(id).unwrap().opening, Some(1_000));
	}

	#[benchmark]
	fn record_maintenance() {
		let (id, lead, _) = site::<T>(2);
		open::<T>(id, &lead, SiteChange::EnergyPrice { price: 1 }, T::MaxProposals::get() - 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(lead), id, nov(), 5_000, H256::zero());

		assert_eq!(ProjectProposals::<T>::get(id).len() as u32, T::MaxProposals::get());
		assert_eq!(Costs::<T>::get(id, nov()).maintenance, 0);
	}

	#[benchmark]
	fn set_energy_price() {
		let (id, lead, _) = site::<T>(2);
		open::<T>(id, &lead, SiteChange::EnergyPrice { price: 1 }, T::MaxProposals::get() - 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(lead), id, 30);

		assert_eq!(ProjectProposals::<T>::get(id).len() as u32, T::MaxProposals::get());
	}

	#[benchmark]
	fn approve_change() {
		// Every owner's approval is searched, kept and weighed: the last owner approves.
		let (id, lead, _) = site::<T>(T::MaxParticipants::get());
		open::<T>(id, &lead, SiteChange::EnergyPrice { price: 30 }, 1);
		let proposal = last_proposal::<T>();
		let approver = all_but_last_approve::<T>(proposal);

		#[extrinsic_call]
		_(RawOrigin::Signed(approver), proposal);

		assert_eq!(
			Proposals::<T>::get(proposal).unwrap().approvals.len() as u32,
			T::MaxParticipants::get()
		);
	}

	#[benchmark]
	fn object_to_change() {
		let (id, lead, _) = site::<T>(T::MaxParticipants::get());
		open::<T>(id, &lead, SiteChange::EnergyPrice { price: 30 }, 1);
		let proposal = last_proposal::<T>();
		let objector = all_but_last_approve::<T>(proposal);

		#[extrinsic_call]
		_(RawOrigin::Signed(objector.clone()), proposal);

		assert_eq!(
			Proposals::<T>::get(proposal).unwrap().dispute,
			DisputeState::Objected { by: objector }
		);
	}

	#[benchmark]
	fn resolve_objection() -> Result<(), BenchmarkError> {
		// Upheld (the longer path): the proposal leaves a full list and its deposit is released.
		let (id, proposal) = disputed::<T>();
		let arbiter =
			T::ArbiterOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(arbiter as T::RuntimeOrigin, proposal, false);

		assert!(Proposals::<T>::get(proposal).is_none());
		assert_eq!(ProjectProposals::<T>::get(id).len() as u32, T::MaxProposals::get() - 1);
		Ok(())
	}

	#[benchmark]
	fn execute_change() {
		// Commissioning a full project whose builder is outside it: every owner owes a tranche
		// and every owner's approval is weighed; the proposal leaves a full list.
		T::BenchmarkHelper::set_unix_time(NOVEMBER);
		let (id, lead) = project::<T>(T::MaxParticipants::get());
		outside_builder::<T>(id);
		Pallet::<T>::do_milestone(lead.clone(), id, Milestone::Approved).unwrap();
		Pallet::<T>::do_milestone(lead.clone(), id, Milestone::Built).unwrap();
		let key = sp_io::crypto::ed25519_generate(BENCH_KEYS, Some(b"//station".to_vec()));
		let device: DeviceId = T::BenchmarkHelper::register_device(key.0);
		let lead = custody::<T>(id, &device);
		let change = SiteChange::Commission { device, capacity: 1_000, energy_price: 20 };
		open::<T>(id, &lead, change, T::MaxProposals::get());
		let proposal = last_proposal::<T>();
		let last = all_but_last_approve::<T>(proposal);
		Pallet::<T>::do_approve_change(last, proposal).unwrap();
		T::BenchmarkHelper::set_unix_time(NOVEMBER + T::DisputeWindow::get());
		let caller = operator::<T>("caller", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), proposal);

		assert!(Sites::<T>::contains_key(id));
		assert!(Proposals::<T>::get(proposal).is_none());
	}

	#[benchmark]
	fn close_change() {
		// Expired, closed by someone else; it leaves a full list.
		let (id, proposal) = disputed::<T>();
		T::BenchmarkHelper::set_unix_time(NOVEMBER + T::ProposalLifetime::get());
		let caller = operator::<T>("caller", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), proposal);

		assert!(Proposals::<T>::get(proposal).is_none());
		assert_eq!(ProjectProposals::<T>::get(id).len() as u32, T::MaxProposals::get() - 1);
	}

	#[benchmark]
	fn offer_capacity() {
		let (id, lead, _) = site::<T>(2);
		for _ in 1..T::MaxLeasesPerSite::get() {
			Pallet::<T>::do_offer(lead.clone(), id, ResourceKind::Radio, 1, 1, nov(), nov(), sla())
				.unwrap();
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(lead), id, 10, 1_000, nov(), nov(), sla());

		assert_eq!(SiteOffers::<T>::get(id).len() as u32, T::MaxLeasesPerSite::get());
	}

	#[benchmark]
	fn lease_capacity() {
		// Every owner is probed in clearing.
		let (id, lead, _) = site::<T>(T::MaxParticipants::get());
		Pallet::<T>::do_offer(lead, id, ResourceKind::Radio, 10, 1_000, nov(), nov(), sla())
			.unwrap();
		let lessee = operator::<T>("lessee", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(lessee), 0, 10);

		assert_eq!(Sites::<T>::get(id).unwrap().pools.radio.allocated, 10);
	}

	#[benchmark]
	fn report_sla() {
		let (id, lead, key) = site::<T>(2);
		let lease = leases::<T>(id, &lead, 1).pop().unwrap();
		// All but one measurement counted (the whole list is read, searched and written), the
		// missing one the first: every counted sequence moves. A breach: the longer path.
		let max = T::MaxSamplesPerPeriod::get();
		SlaReports::<T>::insert(
			lease,
			nov(),
			frame_support::BoundedVec::try_from((1..max).collect::<Vec<_>>()).unwrap(),
		);
		SlaRecords::<T>::mutate(lease, nov(), |r| r.samples = max - 1);
		let signature = sla_sig::<T>(&key, lease, 0);
		let caller = operator::<T>("caller", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), lease, nov(), 0, 9_000, 50, signature);

		assert_eq!(SlaRecords::<T>::get(lease, nov()).breaches, 1);
		assert_eq!(SlaReports::<T>::get(lease, nov()).len() as u32, max);
	}

	#[benchmark]
	fn settle_period(
		p: Linear<1, { T::MaxParticipants::get() }>,
		l: Linear<0, { T::MaxLeasesPerSite::get() }>,
	) {
		let (id, lead, key) = site::<T>(p);
		Pallet::<T>::do_record_maintenance(lead.clone(), id, nov(), 12_345, H256::zero()).unwrap();
		for reading in [1_000, 1_420] {
			Pallet::<T>::do_report_energy(id, nov(), reading, energy::<T>(&key, id, reading))
				.unwrap();
		}
		for lease in leases::<T>(id, &lead, l) {
			let signature = sla_sig::<T>(&key, lease, 1);
			Pallet::<T>::do_report_sla(lease, nov(), 1, 9_000, 50, signature).unwrap();
		}
		// Opex split by a floor and traffic: every owner's counter is looked up and the
		// remainder goes to the lead (the longer path than the fixed split).
		OpexRules::<T>::insert(id, OpexSplit::Mixed { floor: 3_000 });
		T::BenchmarkHelper::set_unix_time(DECEMBER);
		let counters = traffic::<T>(id);
		let signature =
			sign(&key, traffic_payload(&Pallet::<T>::genesis_hash(), id, nov(), &counters));
		Pallet::<T>::do_report_traffic(id, nov(), counters, signature).unwrap();
		T::BenchmarkHelper::set_unix_time(DECEMBER + T::DisputeWindow::get());
		// The lead, a party.

		#[extrinsic_call]
		_(RawOrigin::Signed(lead), id, nov());

		assert!(Settled::<T>::contains_key(id, nov()));
	}

	#[benchmark]
	fn end_lease() {
		let (id, lead, _) = site::<T>(2);
		let jan = SettlementPeriod::new(2027, 1).unwrap();
		Pallet::<T>::do_offer(lead, id, ResourceKind::Radio, 10, 1_000, nov(), jan, sla()).unwrap();
		let lessee = operator::<T>("lessee", 0);
		Pallet::<T>::do_lease(lessee.clone(), 0, 10).unwrap();
		// November settled: ending now pays through December, already all but settled, so the
		// lease closes at once (the longer path).
		Leases::<T>::mutate(0, |l| l.as_mut().unwrap().settled = 2);

		#[extrinsic_call]
		_(RawOrigin::Signed(lessee), 0);

		assert!(Leases::<T>::get(0).is_none());
		assert_eq!(Sites::<T>::get(id).unwrap().pools.radio.allocated, 0);
	}

	#[benchmark]
	fn renew_lease() {
		let (id, lead, _) = site::<T>(2);
		Pallet::<T>::do_offer(
			lead.clone(),
			id,
			ResourceKind::Radio,
			10,
			1_000,
			nov(),
			nov(),
			sla(),
		)
		.unwrap();
		let lessee = operator::<T>("lessee", 0);
		Pallet::<T>::do_lease(lessee.clone(), 0, 10).unwrap();
		// The longest renewal: every new period is checked unsettled.
		let last = nov().add_months(T::MaxLeasePeriods::get()).unwrap();
		Pallet::<T>::do_renew_lease(lead, 0, last).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(lessee), 0, last);

		assert_eq!(Leases::<T>::get(0).unwrap().last, last);
	}

	#[benchmark]
	fn withdraw_offer() {
		let (id, lead, _) = site::<T>(2);
		for _ in 0..T::MaxLeasesPerSite::get() {
			Pallet::<T>::do_offer(lead.clone(), id, ResourceKind::Radio, 1, 1, nov(), nov(), sla())
				.unwrap();
		}
		// Expired: anyone may withdraw it; the site's whole list is searched.
		T::BenchmarkHelper::set_unix_time(DECEMBER);
		let caller = operator::<T>("caller", 0);
		let last = T::MaxLeasesPerSite::get() - 1;

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), last);

		assert!(Offers::<T>::get(last).is_none());
	}

	#[benchmark]
	fn leave_project() {
		// The leaver is the last of a full project: the whole list is searched.
		let max = T::MaxParticipants::get();
		let (id, _) = project::<T>(max);
		let leaver = operator::<T>("partner", max - 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(leaver), id);

		assert_eq!(Projects::<T>::get(id).unwrap().stakes.len() as u32, max - 1);
	}

	#[benchmark]
	fn cancel_project() {
		// The longer path: the last participant of a full project (the whole list is searched)
		// cancels a linked project stalled at approval past the construction deadline.
		let max = T::MaxParticipants::get();
		let (id, lead) = project::<T>(max);
		Pallet::<T>::do_link_tender(lead.clone(), id, 42, 0).unwrap();
		// Every open proposal closes and releases its deposit.
		open::<T>(id, &lead, SiteChange::ApproveProject, T::MaxProposals::get());
		Projects::<T>::mutate(id, |p| {
			let p = p.as_mut().unwrap();
			p.status = ProjectStatus::Reached(Milestone::Approved);
			p.since = 0;
		});
		T::BenchmarkHelper::set_unix_time(DECEMBER);
		let caller = if max > 1 { operator::<T>("partner", max - 1) } else { lead };

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id);

		assert!(Projects::<T>::get(id).is_none());
		assert!(ProjectProposals::<T>::get(id).is_empty());
	}

	#[benchmark]
	fn decommission_site() {
		let (id, lead, _) = site::<T>(T::MaxParticipants::get());
		// Every open proposal closes and releases its deposit.
		open::<T>(id, &lead, SiteChange::EnergyPrice { price: 1 }, T::MaxProposals::get());

		#[extrinsic_call]
		_(RawOrigin::Signed(lead), id);

		assert!(Sites::<T>::get(id).is_none());
	}

	#[benchmark]
	fn report_energy_sr25519() {
		let (id, signature, caller) = energy_by::<T>(KeyType::Sr25519);
		#[block]
		{
			let origin = RawOrigin::Signed(caller).into();
			let result = Pallet::<T>::report_energy(origin, id, nov(), 1_420, signature);
			assert!(result.is_err(), "verified to the end and refused");
		}
	}

	#[benchmark]
	fn report_energy_ecdsa() {
		let (id, signature, caller) = energy_by::<T>(KeyType::Ecdsa);
		#[block]
		{
			let origin = RawOrigin::Signed(caller).into();
			let result = Pallet::<T>::report_energy(origin, id, nov(), 1_420, signature);
			assert!(result.is_err(), "verified to the end and refused");
		}
	}

	#[benchmark]
	fn report_energy_p256() {
		let (id, signature, caller) = energy_by::<T>(KeyType::P256);
		#[block]
		{
			let origin = RawOrigin::Signed(caller).into();
			let result = Pallet::<T>::report_energy(origin, id, nov(), 1_420, signature);
			assert!(result.is_err(), "verified to the end and refused");
		}
	}

	#[benchmark]
	fn report_sla_sr25519() {
		let (lease, signature, caller) = sla_by::<T>(KeyType::Sr25519);
		#[block]
		{
			let origin = RawOrigin::Signed(caller).into();
			let result = Pallet::<T>::report_sla(origin, lease, nov(), 1, 9_000, 50, signature);
			assert!(result.is_err());
		}
	}

	#[benchmark]
	fn report_sla_ecdsa() {
		let (lease, signature, caller) = sla_by::<T>(KeyType::Ecdsa);
		#[block]
		{
			let origin = RawOrigin::Signed(caller).into();
			let result = Pallet::<T>::report_sla(origin, lease, nov(), 1, 9_000, 50, signature);
			assert!(result.is_err());
		}
	}

	#[benchmark]
	fn report_sla_p256() {
		let (lease, signature, caller) = sla_by::<T>(KeyType::P256);
		#[block]
		{
			let origin = RawOrigin::Signed(caller).into();
			let result = Pallet::<T>::report_sla(origin, lease, nov(), 1, 9_000, 50, signature);
			assert!(result.is_err());
		}
	}

	#[benchmark]
	fn offer_resource() {
		// Edge compute, with the site's offer list one short of full.
		let (id, lead, _) = site::<T>(2);
		Pallet::<T>::do_declare_capacity(lead.clone(), id, ResourceKind::EdgeVcpu, 64).unwrap();
		for _ in 1..T::MaxLeasesPerSite::get() {
			Pallet::<T>::do_offer(lead.clone(), id, ResourceKind::Radio, 1, 1, nov(), nov(), sla())
				.unwrap();
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(lead), id, ResourceKind::EdgeVcpu, 16, 1_000, nov(), nov(), sla());

		assert_eq!(SiteOffers::<T>::get(id).len() as u32, T::MaxLeasesPerSite::get());
	}

	#[benchmark]
	fn declare_capacity() {
		let (id, lead, _) = site::<T>(2);
		open::<T>(id, &lead, SiteChange::EnergyPrice { price: 1 }, T::MaxProposals::get() - 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(lead), id, ResourceKind::Backhaul, 10_000);

		assert_eq!(ProjectProposals::<T>::get(id).len() as u32, T::MaxProposals::get());
	}

	#[benchmark]
	fn set_opex_split() {
		let (id, lead, _) = site::<T>(2);
		open::<T>(id, &lead, SiteChange::EnergyPrice { price: 1 }, T::MaxProposals::get() - 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(lead), id, OpexSplit::Mixed { floor: 3_000 });

		assert_eq!(ProjectProposals::<T>::get(id).len() as u32, T::MaxProposals::get());
	}

	#[benchmark]
	fn report_traffic(n: Linear<1, { T::MaxParticipants::get() }>) {
		// `n` owners, each with a counter: every counter is checked against the owners and the
		// others.
		let (id, _, key) = site::<T>(n);
		T::BenchmarkHelper::set_unix_time(DECEMBER);
		let counters = traffic::<T>(id);
		let signature =
			sign(&key, traffic_payload(&Pallet::<T>::genesis_hash(), id, nov(), &counters));
		let caller = operator::<T>("caller", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id, nov(), counters, signature);

		assert!(TrafficCounters::<T>::contains_key(id, nov()));
	}

	#[benchmark]
	fn object_to_traffic() {
		let (id, owner) = traffic_reported::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), id, nov());

		assert_eq!(
			TrafficCounters::<T>::get(id, nov()).unwrap().dispute,
			DisputeState::Objected { by: owner }
		);
	}

	#[benchmark]
	fn resolve_traffic_objection() -> Result<(), BenchmarkError> {
		let (id, owner) = traffic_reported::<T>();
		Pallet::<T>::do_object_to_traffic(owner, id, nov()).unwrap();
		let arbiter =
			T::ArbiterOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(arbiter as T::RuntimeOrigin, id, nov(), false);

		assert!(TrafficCounters::<T>::get(id, nov()).is_none());
		Ok(())
	}

	#[benchmark]
	fn accept_traffic() {
		// Every other owner accepted: the whole list is searched and grows to full.
		let (id, last) = traffic_reported::<T>();
		let project = Projects::<T>::get(id).unwrap();
		for stake in project.stakes.iter().filter(|s| s.who != last) {
			Pallet::<T>::do_accept_traffic(stake.who.clone(), id, nov()).unwrap();
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(last), id, nov());

		assert_eq!(
			TrafficCounters::<T>::get(id, nov()).unwrap().accepted.len() as u32,
			T::MaxParticipants::get()
		);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
