//! Benchmarks of the clearing pallet (frame-benchmarking v2).

#![allow(clippy::arithmetic_side_effects, clippy::indexing_slicing, clippy::unwrap_used)]

use super::*;
use crate::pallet::{
	Batches, BillReferences, Bills, Collateral, CreditLimits, Currencies, CycleArchives,
	CycleCurrencies, Cycles, Instructions, Mandates, NextBatchId, OpenCycle, Participants,
	Positions, SettlementAssets, SettlementMethods, SettlingCycle, Suspended, Totals,
};
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Mutate as _, EnsureOrigin, Get, Hooks},
	weights::Weight,
	BoundedVec,
};
use frame_system::RawOrigin;
use sp_runtime::traits::{Bounded, One, Saturating};
use telecom_primitives::{Amount, CurrencyCode, DocumentHash, OperatorMembership};

const XDR: CurrencyCode = CurrencyCode::XDR;

/// Participants a benchmark leaves free for those the chain spec registers at genesis.
const GENESIS_HEADROOM: u32 = 16;

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	// Enough for every deposit, and small enough that a thousand such accounts cannot
	// overflow the total issuance.
	let _ = T::Currency::set_balance(&who, BalanceOf::<T>::max_value() / 1_000_000u32.into());
	who
}

fn participant<T: Config>(index: u32) -> T::AccountId {
	// Every benchmark works in XDR: make sure the consortium registered it.
	if !Currencies::<T>::contains_key(XDR) {
		Pallet::<T>::add_currency(XDR, 2).unwrap();
	}
	let who = funded::<T>("participant", index);
	if !Participants::<T>::contains_key(&who) {
		Pallet::<T>::add_participant(&who, ParticipantKind::Admitted).unwrap();
	}
	// The consortium's credit line: room for every obligation a benchmark books.
	CreditLimits::<T>::insert(&who, XDR, Amount::MAX);
	who
}

/// Makes XDR settle in a fresh asset and gives `who` `amount` of collateral in it.
fn collateral<T: Config>(who: &T::AccountId, amount: Amount) {
	let asset = match SettlementAssets::<T>::get(XDR) {
		Some(asset) => asset,
		None => {
			let asset = T::BenchmarkHelper::create_asset(&funded::<T>("owner", 0));
			SettlementAssets::<T>::insert(XDR, asset);
			asset
		},
	};
	T::BenchmarkHelper::mint(asset, who, amount.saturating_mul(2));
	Pallet::<T>::do_post_collateral(who.clone(), XDR, amount).unwrap();
}

fn operator<T: Config>() -> T::AccountId {
	let who = funded::<T>("operator", 0);
	T::Operators::add_operator(&who);
	who
}

fn hash(byte: u8) -> DocumentHash {
	DocumentHash::repeat_byte(byte)
}

fn mandate<T: Config>(payer: &T::AccountId, payee: &T::AccountId) {
	Pallet::<T>::grant_mandate(
		RawOrigin::Signed(payer.clone()).into(),
		payee.clone(),
		XDR,
		Pallet::<T>::cap_ceiling(),
	)
	.unwrap();
}

/// Puts cycle 0 into `phase` with `instructions` pending XDR instructions between fresh
/// participants, and cycle 1 open.
fn instructed_cycle<T: Config>(count: u32, phase: CyclePhase) -> Vec<(T::AccountId, T::AccountId)> {
	let now = frame_system::Pallet::<T>::block_number();
	let mut parties = Vec::new();
	for i in 0..count {
		let payer = participant::<T>(2 * i + 10);
		let payee = participant::<T>(2 * i + 11);
		Instructions::<T>::insert(
			0,
			i,
			Instruction {
				currency: XDR,
				payer: payer.clone(),
				payee: payee.clone(),
				amount: 1_000,
				status: InstructionStatus::Pending,
			},
		);
		parties.push((payer, payee));
	}
	Totals::<T>::insert(
		0,
		XDR,
		CurrencyTotals { first_instruction: 0, instructions: count, ..Default::default() },
	);
	Cycles::<T>::insert(
		0,
		Cycle {
			phase,
			opened_at: now,
			cut_off_due: now,
			instructed_at: Some(now),
			obligations: 0,
			instructions: count,
			unsettled: count,
		},
	);
	SettlingCycle::<T>::put(0);
	Pallet::<T>::open_cycle(1, now);
	parties
}

/// Sets the status of instruction `index` of cycle 0.
fn confirm<T: Config>(index: InstructionIndex, status: InstructionStatus) {
	Instructions::<T>::mutate(0, index, |instruction| {
		if let Some(instruction) = instruction {
			instruction.status = status;
		}
	});
}

/// Cuts cycle 0 off with `count` XDR positions: one debtor owing every other participant.
fn cut_off_cycle<T: Config>(count: u32) {
	let debtor = participant::<T>(0);
	for i in 1..count.max(2) {
		Pallet::<T>::record(0, &debtor, &participant::<T>(i), XDR, 1_000 + u128::from(i)).unwrap();
	}
	Pallet::<T>::cut_off(frame_system::Pallet::<T>::block_number(), true);
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn join() {
		let caller = operator::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()));
		assert!(Participants::<T>::contains_key(&caller));
	}

	#[benchmark]
	fn admit_participant() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let who: T::AccountId = account("partner", 0, 0);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());
		assert!(Participants::<T>::contains_key(&who));
		Ok(())
	}

	#[benchmark]
	fn set_settlement_asset() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let asset = T::BenchmarkHelper::create_asset(&funded::<T>("owner", 0));
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, XDR, Some(asset));
		assert!(SettlementAssets::<T>::contains_key(XDR));
		Ok(())
	}

	#[benchmark]
	fn register_currency() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let asset = T::BenchmarkHelper::create_asset(&funded::<T>("owner", 0));
		let currency = CurrencyCode::try_from("JPY").unwrap();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, currency, 0, Some(asset));
		assert!(Currencies::<T>::contains_key(currency));
		Ok(())
	}

	#[benchmark]
	fn set_settlement_method() {
		let caller = participant::<T>(0);
		let asset = T::BenchmarkHelper::create_asset(&caller);
		SettlementAssets::<T>::insert(XDR, asset);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), XDR, SettlementMethod::OnChain);
		assert_eq!(SettlementMethods::<T>::get(&caller, XDR), Some(SettlementMethod::OnChain));
	}

	#[benchmark]
	fn grant_mandate() {
		let payer = participant::<T>(0);
		let payee = participant::<T>(1);
		#[extrinsic_call]
		_(RawOrigin::Signed(payer.clone()), payee.clone(), XDR, 1_000_000);
		assert!(Mandates::<T>::contains_key((&payer, &payee, XDR)));
	}

	#[benchmark]
	fn revoke_mandate() {
		let payer = participant::<T>(0);
		let payee = participant::<T>(1);
		mandate::<T>(&payer, &payee);
		#[extrinsic_call]
		_(RawOrigin::Signed(payer.clone()), payee.clone(), XDR);
		assert!(!Mandates::<T>::contains_key((&payer, &payee, XDR)));
	}

	/// Worst case: a mandate accepts the bill, which is recorded into new positions.
	#[benchmark]
	fn submit_bill() {
		let payee = participant::<T>(0);
		let payer = participant::<T>(1);
		mandate::<T>(&payer, &payee);
		#[extrinsic_call]
		_(RawOrigin::Signed(payee.clone()), payer.clone(), XDR, 1_000, hash(1), hash(2));
		assert_eq!(
			Bills::<T>::get(0).unwrap().status,
			BillStatus::Accepted { cycle: 0, by_mandate: true }
		);
	}

	/// Worst case of a bill left waiting for the payer: a mandate exists but its cap is spent,
	/// so it is read and tried before the bill is stored as submitted.
	#[benchmark]
	fn submit_bill_pending() {
		let payee = participant::<T>(0);
		let payer = participant::<T>(1);
		mandate::<T>(&payer, &payee);
		let over_cap = Pallet::<T>::cap_ceiling() + 1;
		#[extrinsic_call]
		submit_bill(
			RawOrigin::Signed(payee.clone()),
			payer.clone(),
			XDR,
			over_cap,
			hash(1),
			hash(2),
		);
		assert_eq!(Bills::<T>::get(0).map(|bill| bill.status), Some(BillStatus::Submitted));
		assert!(!Positions::<T>::contains_key((0, XDR, &payer)));
	}

	#[benchmark]
	fn accept_bill() {
		let payee = participant::<T>(0);
		let payer = participant::<T>(1);
		Pallet::<T>::do_submit_bill(payee, payer.clone(), XDR, 1_000, hash(1), hash(2)).unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(payer.clone()), 0);
		assert!(Positions::<T>::contains_key((0, XDR, &payer)));
	}

	/// Worst case: the bill was accepted by mandate and must leave the positions.
	#[benchmark]
	fn dispute_bill() {
		let payee = participant::<T>(0);
		let payer = participant::<T>(1);
		mandate::<T>(&payer, &payee);
		Pallet::<T>::do_submit_bill(payee, payer.clone(), XDR, 1_000, hash(1), hash(2)).unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(payer.clone()), 0, DisputeReason::WrongAmount, hash(3));
		assert!(!Positions::<T>::contains_key((0, XDR, &payer)));
	}

	#[benchmark]
	fn withdraw_bill() {
		let payee = participant::<T>(0);
		let payer = participant::<T>(1);
		Pallet::<T>::do_submit_bill(payee.clone(), payer, XDR, 1_000, hash(1), hash(2)).unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(payee), 0);
		assert!(Bills::<T>::get(0).is_none());
	}

	/// Worst case: part of the amount is accepted and recorded.
	#[benchmark]
	fn resolve_dispute() -> Result<(), BenchmarkError> {
		let payee = participant::<T>(0);
		let payer = participant::<T>(1);
		Pallet::<T>::do_submit_bill(payee, payer.clone(), XDR, 1_000, hash(1), hash(2)).unwrap();
		Pallet::<T>::do_dispute_bill(payer.clone(), 0, DisputeReason::WrongAmount, hash(3))
			.unwrap();
		let origin =
			T::ArbiterOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 0, 600);
		assert!(Positions::<T>::contains_key((0, XDR, &payer)));
		Ok(())
	}

	#[benchmark]
	fn release_bill() {
		let payee = participant::<T>(0);
		let payer = participant::<T>(1);
		mandate::<T>(&payer, &payee);
		Pallet::<T>::do_submit_bill(payee, payer, XDR, 1_000, hash(1), hash(2)).unwrap();
		// Worst case: accepted in an earlier cycle, so the release draws on the open cycle's cap.
		Bills::<T>::mutate(0, |bill| {
			if let Some(bill) = bill {
				bill.status = BillStatus::Accepted { cycle: 1, by_mandate: true };
			}
		});
		let later = frame_system::Pallet::<T>::block_number()
			.saturating_add(T::DisputeWindow::get())
			.saturating_add(One::one());
		frame_system::Pallet::<T>::set_block_number(later);
		#[extrinsic_call]
		_(RawOrigin::Signed(participant::<T>(2)), 0);
		assert!(Bills::<T>::get(0).is_none());
	}

	/// `r` records over `p` distinct pairs; the submitter bills every counterparty under a
	/// mandate, and records alternate between pairs so that no run of equal pairs helps.
	#[benchmark]
	fn remove_bill_reference() {
		let payee = participant::<T>(0);
		let payer = participant::<T>(1);
		Pallet::<T>::do_submit_bill(payee.clone(), payer, XDR, 1_000, hash(1), hash(2)).unwrap();
		let later = frame_system::Pallet::<T>::block_number()
			.saturating_add(T::DuplicateRetention::get())
			.saturating_add(One::one());
		frame_system::Pallet::<T>::set_block_number(later);
		#[extrinsic_call]
		_(RawOrigin::Signed(participant::<T>(2)), payee.clone(), hash(1));
		assert!(!BillReferences::<T>::contains_key(&payee, hash(1)));
	}

	#[benchmark]
	fn submit_batch(
		r: Linear<1, { T::MaxBatchRecords::get() }>,
		p: Linear<1, { T::MaxBatchPairs::get() }>,
	) {
		let submitter = participant::<T>(0);
		let me = Participants::<T>::get(&submitter).unwrap().index;
		let mut payers = Vec::new();
		for i in 0..p {
			let payer = participant::<T>(i + 1);
			mandate::<T>(&payer, &submitter);
			payers.push(Participants::<T>::get(&payer).unwrap().index);
		}
		// Worst case: all but one of the booked intervals are taken, below the batch, so the
		// check walks them all and the batch adds the last one.
		let gaps = u64::from(T::MaxBookedIntervals::get().saturating_sub(1));
		let booked: Vec<(u64, u64)> = (0..gaps).map(|k| (2 * k, 2 * k)).collect();
		BookedReferences::<T>::insert(&submitter, BoundedVec::try_from(booked).unwrap());
		let base = 2 * gaps + 1;
		let records: Vec<BillRecord> = (0..r)
			.map(|i| BillRecord {
				payer: payers[(i % p) as usize],
				payee: me,
				currency: XDR,
				amount: 1_000 + u128::from(i),
				reference: base + u64::from(i),
			})
			.collect();
		let records = BoundedVec::try_from(records).unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(submitter.clone()), records, p);
		assert_eq!(Batches::<T>::get(0).unwrap().records, r);
	}

	#[benchmark]
	fn remove_batch_record() {
		let submitter = participant::<T>(0);
		let counterparty = participant::<T>(1);
		let me = Participants::<T>::get(&submitter).unwrap().index;
		let index = Participants::<T>::get(&counterparty).unwrap().index;
		let records = BoundedVec::try_from(vec![BillRecord {
			payer: me,
			payee: index,
			currency: XDR,
			amount: 5,
			reference: 1,
		}])
		.unwrap();
		Pallet::<T>::do_submit_batch(submitter.clone(), records, 1).unwrap();
		Cycles::<T>::mutate(0, |c| {
			if let Some(c) = c {
				c.phase = CyclePhase::Closed;
			}
		});
		let later = frame_system::Pallet::<T>::block_number()
			.saturating_add(T::DuplicateRetention::get())
			.saturating_add(One::one());
		frame_system::Pallet::<T>::set_block_number(later);
		#[extrinsic_call]
		_(RawOrigin::Signed(submitter), 0);
		assert_eq!(NextBatchId::<T>::get(), 1);
		assert!(Batches::<T>::get(0).is_none());
	}

	#[benchmark]
	fn force_cut_off() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin);
		assert_eq!(OpenCycle::<T>::get(), 1);
		Ok(())
	}

	/// `i` pending instructions of one currency, each between two fresh participants.
	#[benchmark]
	fn settle_on_chain(i: Linear<1, { T::MaxParticipants::get() / 2 - 6 }>) {
		// One payer owes `i` payees: the most instructions one payer settles at once.
		let caller = participant::<T>(0);
		let asset = T::BenchmarkHelper::create_asset(&caller);
		SettlementAssets::<T>::insert(XDR, asset);
		T::BenchmarkHelper::mint(asset, &caller, 1_000_000_000);
		SettlementMethods::<T>::insert(&caller, XDR, SettlementMethod::OnChain);
		for (_, payee) in instructed_cycle::<T>(i, CyclePhase::Instructed) {
			T::BenchmarkHelper::mint(asset, &payee, 1_000_000);
			SettlementMethods::<T>::insert(&payee, XDR, SettlementMethod::OnChain);
		}
		for index in 0..i {
			Instructions::<T>::mutate(0, index, |instruction| {
				if let Some(instruction) = instruction {
					instruction.payer = caller.clone();
				}
			});
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), 0, XDR);
		assert_eq!(Cycles::<T>::get(0).unwrap().phase, CyclePhase::Settled);
	}

	#[benchmark]
	fn confirm_payment() {
		let parties = instructed_cycle::<T>(1, CyclePhase::Instructed);
		let payer = parties[0].0.clone();
		#[extrinsic_call]
		_(RawOrigin::Signed(payer), 0, 0, hash(9));
		assert_eq!(
			Instructions::<T>::get(0, 0).unwrap().status,
			InstructionStatus::PaymentConfirmed(hash(9))
		);
	}

	#[benchmark]
	fn acknowledge_payment() {
		let parties = instructed_cycle::<T>(1, CyclePhase::Instructed);
		let payee = parties[0].1.clone();
		#[extrinsic_call]
		_(RawOrigin::Signed(payee), 0, 0);
		assert_eq!(Cycles::<T>::get(0).unwrap().phase, CyclePhase::Settled);
	}

	#[benchmark]
	fn dispute_non_receipt() {
		let parties = instructed_cycle::<T>(1, CyclePhase::Instructed);
		let payee = parties[0].1.clone();
		confirm::<T>(0, InstructionStatus::PaymentConfirmed(hash(7)));
		#[extrinsic_call]
		_(RawOrigin::Signed(payee), 0, 0);
		assert_eq!(
			Instructions::<T>::get(0, 0).unwrap().status,
			InstructionStatus::NonReceiptDisputed(hash(7))
		);
	}

	#[benchmark]
	fn decide_non_receipt() -> Result<(), BenchmarkError> {
		// Worst case: not paid, so the payer defaults, its collateral pays part and the rest is
		// carried over.
		let parties = instructed_cycle::<T>(1, CyclePhase::Settled);
		collateral::<T>(&parties[0].0, 400);
		confirm::<T>(0, InstructionStatus::NonReceiptDisputed(hash(7)));
		let origin =
			T::ArbiterOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 0, 0, false);
		assert!(Positions::<T>::contains_key((1, XDR, &parties[0].0)));
		assert!(Suspended::<T>::contains_key(&parties[0].0));
		Ok(())
	}

	#[benchmark]
	fn on_initialize_idle() {
		let now = frame_system::Pallet::<T>::block_number();
		#[block]
		{
			Pallet::<T>::on_initialize(now);
		}
		assert_eq!(OpenCycle::<T>::get(), 0);
	}

	#[benchmark]
	fn on_initialize_cut_off() {
		let due = Cycles::<T>::get(0).unwrap().cut_off_due;
		#[block]
		{
			Pallet::<T>::on_initialize(due);
		}
		assert_eq!(OpenCycle::<T>::get(), 1);
	}

	/// `p` positions to net in one currency: one unit of the pipeline, measured up to the
	/// runtime's `MaxParticipants` (2,000); a cycle of several currencies takes one such unit
	/// per currency, as many per block as `MaxPipelineWeight` allows. The range leaves room for
	/// participants a chain spec registers at genesis; the weight is charged for the positions
	/// actually read. Measured as a whole step (unlimited budget).
	#[benchmark]
	fn on_initialize_net(p: Linear<2, { T::MaxParticipants::get() - GENESIS_HEADROOM }>) {
		cut_off_cycle::<T>(p);
		let now = frame_system::Pallet::<T>::block_number();
		#[block]
		{
			Pallet::<T>::advance_pipeline(now, Weight::MAX);
		}
		assert_eq!(Cycles::<T>::get(0).unwrap().phase, CyclePhase::Netted);
	}

	/// `p` positions, one debtor and `p - 1` creditors: `p - 1` instructions.
	#[benchmark]
	fn on_initialize_instruct(p: Linear<2, { T::MaxParticipants::get() - GENESIS_HEADROOM }>) {
		cut_off_cycle::<T>(p);
		Pallet::<T>::net_step(0, Weight::MAX);
		let now = frame_system::Pallet::<T>::block_number();
		#[block]
		{
			Pallet::<T>::advance_pipeline(now, Weight::MAX);
		}
		assert_eq!(Cycles::<T>::get(0).unwrap().instructions, p - 1);
	}

	/// `i` unpaid instructions defaulted: each payer's collateral pays part, the rest is carried
	/// into the open cycle.
	#[benchmark]
	fn on_initialize_default(i: Linear<1, { T::MaxParticipants::get() / 2 - 6 }>) {
		for (payer, _) in instructed_cycle::<T>(i, CyclePhase::Instructed) {
			collateral::<T>(&payer, 400);
		}
		let late = frame_system::Pallet::<T>::block_number()
			.saturating_add(T::SettlementWindow::get())
			.saturating_add(One::one());
		#[block]
		{
			Pallet::<T>::advance_pipeline(late, Weight::MAX);
		}
		assert_eq!(Cycles::<T>::get(0).unwrap().phase, CyclePhase::Settled);
	}

	#[benchmark]
	fn abort_cycle(
		p: Linear<2, { T::MaxParticipants::get() - GENESIS_HEADROOM }>,
	) -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		cut_off_cycle::<T>(p);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 0);
		assert_eq!(Cycles::<T>::get(0).unwrap().phase, CyclePhase::Aborted);
		Ok(())
	}

	/// Worst case: the currency has `p` positions and `p − 1` instructions (the most netting
	/// issues), all final; at the runtime's 2,000 participants × 16 currencies a cycle takes 16
	/// calls of `p` = 2,000.
	#[benchmark]
	fn prune_cycle(p: Linear<2, { T::MaxParticipants::get() }>) {
		let caller = funded::<T>("caller", 0);
		let now = frame_system::Pallet::<T>::block_number();
		let accounts: Vec<T::AccountId> = (0..p).map(|i| account("position", i, 0)).collect();
		for (i, who) in accounts.iter().enumerate() {
			Positions::<T>::insert((0, XDR, who), Position { payable: 1, receivable: 1 });
			if i > 0 {
				Instructions::<T>::insert(
					0,
					i as u32 - 1,
					Instruction {
						currency: XDR,
						payer: accounts[i - 1].clone(),
						payee: who.clone(),
						amount: 1,
						status: InstructionStatus::Settled,
					},
				);
			}
		}
		Totals::<T>::insert(
			0,
			XDR,
			CurrencyTotals {
				gross: u128::from(p),
				participants: p,
				first_instruction: 0,
				instructions: p - 1,
				..Default::default()
			},
		);
		CycleCurrencies::<T>::insert(0, BoundedVec::truncate_from(vec![XDR]));
		Cycles::<T>::insert(
			0,
			Cycle {
				phase: CyclePhase::Closed,
				opened_at: now,
				cut_off_due: now,
				instructed_at: Some(now),
				obligations: 0,
				instructions: p - 1,
				unsettled: 0,
			},
		);
		Pallet::<T>::open_cycle(1, now);
		frame_system::Pallet::<T>::set_block_number(
			now.saturating_add(T::CycleRetention::get()).saturating_add(One::one()),
		);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), 0);
		assert!(CycleArchives::<T>::get(0).is_some_and(|a| a.pruned == 1 && a.currencies == 1));
		assert_eq!(Totals::<T>::iter_prefix(0).count(), 0);
	}

	#[benchmark]
	fn on_initialize_close() {
		instructed_cycle::<T>(0, CyclePhase::Settled);
		let now = frame_system::Pallet::<T>::block_number();
		#[block]
		{
			Pallet::<T>::on_initialize(now);
		}
		assert_eq!(Cycles::<T>::get(0).unwrap().phase, CyclePhase::Closed);
	}

	/// Worst case: the first collateral in the asset, which opens the clearing account's balance.
	#[benchmark]
	fn post_collateral() {
		let who = participant::<T>(0);
		let asset = T::BenchmarkHelper::create_asset(&funded::<T>("owner", 0));
		SettlementAssets::<T>::insert(XDR, asset);
		T::BenchmarkHelper::mint(asset, &who, 1_000_000);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), XDR, 10_000);
		assert_eq!(Collateral::<T>::get(&who, XDR), 10_000);
	}

	/// Worst case: the caller has exposure in the open cycle and a flat position in the cycle
	/// being settled, so every part of its exposure is read; collateral is left behind.
	#[benchmark]
	fn withdraw_collateral() {
		let who = participant::<T>(0);
		let other = participant::<T>(1);
		collateral::<T>(&who, 10_000);
		collateral::<T>(&other, 10_000);
		Pallet::<T>::record(0, &who, &other, XDR, 100).unwrap();
		Pallet::<T>::record(0, &other, &who, XDR, 100).unwrap();
		Pallet::<T>::cut_off(frame_system::Pallet::<T>::block_number(), true);
		Pallet::<T>::record(1, &who, &other, XDR, 100).unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), XDR, 4_000);
		assert_eq!(Collateral::<T>::get(&who, XDR), 6_000);
	}

	#[benchmark]
	fn reinstate() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let who = participant::<T>(0);
		Suspended::<T>::insert(&who, frame_system::Pallet::<T>::block_number());
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());
		assert!(!Suspended::<T>::contains_key(&who));
		Ok(())
	}

	#[benchmark]
	fn set_credit_limit() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let who = participant::<T>(0);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone(), XDR, 1_000_000);
		assert_eq!(CreditLimits::<T>::get(&who, XDR), 1_000_000);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
