//! Benchmarks of the tender pallet (frame-benchmarking v2). Each call runs in its worst case:
//! full invited lists, a full expert registry (every expert affiliated, so each costs two
//! conflict checks), full lots, every bond and seed deposit to move.

#![allow(clippy::arithmetic_side_effects, clippy::unwrap_used)]

use super::*;
use crate::pallet::{
	Bids, Challenges, Clarifications, DrawSeeds, Experts, NextTenderId, Scored, Tenders,
};
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Mutate as _, EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_runtime::{
	traits::{Bounded, One, Saturating},
	Percent,
};
use telecom_primitives::{CurrencyCode, DocumentHash, LotIndex, OperatorMembership, TenderId};

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	// Enough for deposits and bonds, small enough that many such accounts cannot overflow the
	// total issuance.
	let _ = T::Currency::set_balance(&who, BalanceOf::<T>::max_value() / 1_000_000u32.into());
	who
}

fn operator<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who = funded::<T>(name, index);
	if !T::Operators::is_operator(&who) {
		T::Operators::add_operator(&who);
	}
	who
}

fn hash(byte: u8) -> DocumentHash {
	DocumentHash::repeat_byte(byte)
}

fn now<T: Config>() -> BlockNumberFor<T> {
	frame_system::Pallet::<T>::block_number()
}

/// Deadlines ten blocks (or the minimum reveal window) apart, the bid deadline after the
/// minimum bid period (of a restricted procedure) from now.
fn timetable<T: Config>() -> Timetable<BlockNumberFor<T>> {
	// Ten blocks of margin: the benchmark harness may move blocks before the call, and questions
	// close `AnswerCutoff` before the bid deadline, which must still be after now.
	let start = now::<T>()
		.saturating_add(T::MinBidPeriod::get().max(T::AnswerCutoff::get()))
		.saturating_add(10u32.into());
	// Each stage is longer than the seed reveal period, leaving time to draw the panel.
	let step: BlockNumberFor<T> = T::MinRevealPeriod::get()
		.max(10u32.into())
		.max(T::SeedRevealPeriod::get().saturating_add(2u32.into()));
	Timetable {
		clarification_deadline: start.saturating_sub(T::AnswerCutoff::get()),
		bid_deadline: start,
		technical_end: start.saturating_add(step),
		reveal_end: start.saturating_add(step).saturating_add(step),
		evaluation_end: start.saturating_add(step).saturating_add(step).saturating_add(step),
		standstill_end: start
			.saturating_add(step)
			.saturating_add(step)
			.saturating_add(step)
			.saturating_add(step),
	}
}

fn set_block<T: Config>(n: BlockNumberFor<T>) {
	frame_system::Pallet::<T>::set_block_number(n);
}

/// The bidders of a benchmark tender: invited, so they need not be operators.
fn bidder<T: Config>(index: u32) -> T::AccountId {
	funded::<T>("bidder", index)
}

/// Fills the expert registry with `n` experts, each affiliated with an operator that takes no
/// part in the tenders (every conflict check runs in full).
fn experts<T: Config>(n: u32) {
	Experts::<T>::kill();
	for i in 0..n {
		Pallet::<T>::do_add_expert(
			account("expert", i, 0),
			Some(account("employer", i, 0)),
			Some(hash(6)),
		)
		.unwrap();
	}
}

fn draw_seed(who: &impl codec::Encode) -> DrawSeed {
	who.using_encoded(sp_io::hashing::blake2_256)
}

fn commit_seed<T: Config>(id: TenderId, who: &T::AccountId) {
	let commitment = draw_seed_commitment_of(id, who, &draw_seed(who));
	Pallet::<T>::commit_draw_seed(RawOrigin::Signed(who.clone()).into(), id, commitment).unwrap();
}

fn reveal_seed<T: Config>(id: TenderId, who: &T::AccountId) {
	Pallet::<T>::reveal_draw_seed(RawOrigin::Signed(who.clone()).into(), id, draw_seed(who))
		.unwrap();
}

/// Draws the panel of weighted tender `id` with seeds of the buyer and the first bidder (which
/// must have bid); leaves the chain at the first block of the draw. Returns the panel.
fn drawn<T: Config>(id: TenderId) -> Vec<T::AccountId> {
	let tender = Tenders::<T>::get(id).unwrap();
	let contributors = [tender.buyer.clone(), bidder::<T>(0)];
	for who in &contributors {
		commit_seed::<T>(id, who);
	}
	let times = tender.timetable;
	set_block::<T>(times.bid_deadline.saturating_add(One::one()));
	for who in &contributors {
		reveal_seed::<T>(id, who);
	}
	set_block::<T>(
		times.bid_deadline.saturating_add(T::SeedRevealPeriod::get()).saturating_add(One::one()),
	);
	Pallet::<T>::draw_panel(RawOrigin::Signed(tender.buyer).into(), id).unwrap();
	Tenders::<T>::get(id).unwrap().panel.to_vec()
}

/// The worst-case parts of a notice: the longest title, a full invited list of bidders (the
/// longest eligibility scan) and, if `weighted`, a full panel.
fn notice<T: Config>(
	weighted: bool,
) -> (BoundedVec<u8, T::MaxTitleLen>, EligibilityOf<T>, EvaluationMethod) {
	let title = BoundedVec::try_from(vec![b'T'; T::MaxTitleLen::get() as usize]).unwrap();
	let invited: Vec<_> = (0..T::MaxInvited::get()).map(bidder::<T>).collect();
	let method = if weighted {
		experts::<T>(T::MaxExperts::get());
		EvaluationMethod::Weighted { price_weight: Percent::from_percent(40) }
	} else {
		EvaluationMethod::LowestPrice
	};
	(title, Eligibility::Invited(BoundedVec::try_from(invited).unwrap()), method)
}

/// Publishes a worst-case notice with `MaxLots` lots; returns its id and buyer.
fn tender<T: Config>(weighted: bool) -> (TenderId, T::AccountId) {
	let buyer = operator::<T>("buyer", 0);
	let (title, eligibility, method) = notice::<T>(weighted);
	let id = NextTenderId::<T>::get();
	Pallet::<T>::publish(
		RawOrigin::Signed(buyer.clone()).into(),
		title,
		hash(1),
		T::MaxLots::get() as LotIndex,
		CurrencyCode::EUR,
		eligibility,
		T::MinBond::get(),
		timetable::<T>(),
		method,
		Procedure::Restricted,
	)
	.unwrap();
	(id, buyer)
}

fn content(price: u128) -> BidContent {
	BidContent { price, document: hash(9) }
}

fn salt() -> Salt {
	[7; 32]
}

fn commit<T: Config>(id: TenderId, lot: LotIndex, who: &T::AccountId, price: u128) {
	let commitment = commitment_of(id, lot, &content(price), &salt(), who);
	Pallet::<T>::commit_bid(RawOrigin::Signed(who.clone()).into(), id, lot, commitment).unwrap();
}

fn reveal<T: Config>(id: TenderId, lot: LotIndex, who: &T::AccountId, price: u128) {
	Pallet::<T>::reveal_bid(RawOrigin::Signed(who.clone()).into(), id, lot, content(price), salt())
		.unwrap();
}

fn deadlines<T: Config>(id: TenderId) -> Timetable<BlockNumberFor<T>> {
	Tenders::<T>::get(id).unwrap().timetable
}

/// Spreads `bids` bids over the lots, at most `MaxBidsPerLot` each, from the invited bidders;
/// every other one is revealed (the rest forfeit at award). Moves past the reveal end.
fn bids_placed<T: Config>(id: TenderId, bids: u32) -> Vec<(LotIndex, T::AccountId)> {
	let per_lot = T::MaxBidsPerLot::get().min(T::MaxInvited::get());
	let mut placed = Vec::new();
	for n in 0..bids {
		let lot = (n / per_lot) as LotIndex;
		let who = bidder::<T>(n % per_lot);
		commit::<T>(id, lot, &who, 1_000 + u128::from(n));
		placed.push((lot, who));
	}
	let tender = Tenders::<T>::get(id).unwrap();
	if matches!(tender.method, EvaluationMethod::Weighted { .. }) && tender.panel.is_empty() {
		drawn::<T>(id);
	}
	let times = deadlines::<T>(id);
	set_block::<T>(times.technical_end.saturating_add(One::one()));
	for (n, (lot, who)) in placed.iter().enumerate() {
		if n % 2 == 0 {
			reveal::<T>(id, *lot, who, 1_000 + n as u128);
		}
	}
	set_block::<T>(times.reveal_end.saturating_add(One::one()));
	placed
}

/// Most bids a benchmark tender can take.
fn max_bids<T: Config>() -> u32 {
	T::MaxLots::get() * T::MaxBidsPerLot::get().min(T::MaxInvited::get())
}

/// An awarded tender with `bids` bids, the first loser's challenge pending.
fn challenged<T: Config>(bids: u32) -> (TenderId, T::AccountId, T::AccountId) {
	let (id, buyer) = tender::<T>(false);
	let placed = bids_placed::<T>(id, bids.max(3));
	Pallet::<T>::award(RawOrigin::Signed(buyer.clone()).into(), id).unwrap();
	// Bids 0 and 2 of lot 0 are revealed; the cheaper (0) wins, 2 loses.
	let loser = placed.get(2).unwrap().1.clone();
	Pallet::<T>::challenge(RawOrigin::Signed(loser.clone()).into(), id, hash(4)).unwrap();
	(id, buyer, loser)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn publish() {
		let buyer = operator::<T>("buyer", 0);
		let (title, eligibility, method) = notice::<T>(true);
		#[extrinsic_call]
		_(
			RawOrigin::Signed(buyer),
			title,
			hash(1),
			T::MaxLots::get() as LotIndex,
			CurrencyCode::EUR,
			eligibility,
			T::MinBond::get(),
			timetable::<T>(),
			method,
			Procedure::Restricted,
		);
		assert!(Tenders::<T>::contains_key(0));
	}

	#[benchmark]
	fn amend() {
		let (id, buyer) = tender::<T>(false);
		let mut later = deadlines::<T>(id);
		later.standstill_end = later.standstill_end.saturating_add(One::one());
		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), id, hash(2), later);
		assert_eq!(Tenders::<T>::get(id).unwrap().amendments, 1);
	}

	#[benchmark]
	fn ask_clarification() {
		let (id, _) = tender::<T>(false);
		// The last invited bidder: the longest eligibility scan.
		let who = bidder::<T>(T::MaxInvited::get() - 1);
		#[extrinsic_call]
		_(RawOrigin::Signed(who), id, hash(3));
		assert!(Clarifications::<T>::contains_key(id, 0));
	}

	#[benchmark]
	fn answer_clarification() {
		let (id, buyer) = tender::<T>(false);
		let who = bidder::<T>(0);
		Pallet::<T>::ask_clarification(RawOrigin::Signed(who).into(), id, hash(3)).unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), id, 0, hash(4));
		assert!(Clarifications::<T>::get(id, 0).unwrap().answer.is_some());
	}

	#[benchmark]
	fn commit_bid() {
		let (id, _) = tender::<T>(true);
		let who = bidder::<T>(T::MaxInvited::get() - 1);
		let commitment = commitment_of(id, 0, &content(1_000), &salt(), &who);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), id, 0, commitment);
		assert!(Bids::<T>::contains_key((id, 0, who)));
	}

	#[benchmark]
	fn withdraw_bid() {
		let (id, _) = tender::<T>(false);
		let who = bidder::<T>(0);
		commit::<T>(id, 0, &who, 1_000);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), id, 0);
		assert_eq!(Bids::<T>::get((id, 0, who)).unwrap().status, BidStatus::Withdrawn);
	}

	#[benchmark]
	fn reveal_bid() {
		let (id, _) = tender::<T>(false);
		let who = bidder::<T>(0);
		commit::<T>(id, 0, &who, 1_000);
		set_block::<T>(deadlines::<T>(id).technical_end.saturating_add(One::one()));
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), id, 0, content(1_000), salt());
		assert_eq!(Bids::<T>::get((id, 0, who)).unwrap().status, BidStatus::Revealed);
	}

	/// A panel member scores a lot of `s` bids, every one valid: each bid visited is also read
	/// and tallied, so this bounds a lot of `s` bids with fewer valid ones.
	#[benchmark]
	fn score_bids(s: Linear<1, { T::MaxBidsPerLot::get().min(T::MaxInvited::get()) }>) {
		let (id, _) = tender::<T>(true);
		let bidders: Vec<_> = (0..s).map(bidder::<T>).collect();
		for (n, who) in bidders.iter().enumerate() {
			commit::<T>(id, 0, who, 1_000 + n as u128);
		}
		let times = deadlines::<T>(id);
		let member = drawn::<T>(id).pop().unwrap();
		let scores: Vec<_> = bidders.iter().map(|who| (who.clone(), 70u8)).collect();
		let commitment = scores_commitment_of(id, 0, &member, &scores, &salt());
		Pallet::<T>::commit_scores(RawOrigin::Signed(member.clone()).into(), id, 0, commitment)
			.unwrap();
		set_block::<T>(times.technical_end.saturating_add(One::one()));
		for (n, who) in bidders.iter().enumerate() {
			reveal::<T>(id, 0, who, 1_000 + n as u128);
		}
		set_block::<T>(times.reveal_end.saturating_add(One::one()));
		#[extrinsic_call]
		_(RawOrigin::Signed(member.clone()), id, 0, BoundedVec::try_from(scores).unwrap(), salt());
		assert!(Scored::<T>::contains_key((id, 0, member)));
	}

	/// A panel member seals its technical scores for a lot.
	#[benchmark]
	fn commit_scores() {
		let (id, _) = tender::<T>(true);
		commit::<T>(id, 0, &bidder::<T>(0), 1_000);
		let member = drawn::<T>(id).pop().unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(member.clone()), id, 0, hash(5));
		assert!(crate::pallet::ScoreCommitments::<T>::contains_key((id, 0, member)));
	}

	/// Awards a weighted tender with `b` bids over its lots, half of them forfeiting.
	#[benchmark]
	fn award(b: Linear<1, { max_bids::<T>() }>) {
		let (id, buyer) = tender::<T>(true);
		bids_placed::<T>(id, b);
		set_block::<T>(deadlines::<T>(id).evaluation_end.saturating_add(One::one()));
		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), id);
		assert_eq!(Tenders::<T>::get(id).unwrap().status, TenderStatus::Awarded);
	}

	#[benchmark]
	fn challenge() {
		let (id, buyer) = tender::<T>(false);
		let placed = bids_placed::<T>(id, 3);
		Pallet::<T>::award(RawOrigin::Signed(buyer).into(), id).unwrap();
		let loser = placed.get(2).unwrap().1.clone();
		#[extrinsic_call]
		_(RawOrigin::Signed(loser.clone()), id, hash(4));
		assert!(Challenges::<T>::contains_key(id, loser));
	}

	/// The deciding vote upholds a challenge of a tender with `b` bids, with `r` more
	/// disinterested review-body members: every bond is released.
	#[benchmark]
	fn decide_challenge(
		b: Linear<3, { max_bids::<T>() }>,
		r: Linear<1, { T::MaxReviewers::get() / 2 }>,
	) {
		let (id, _, loser) = challenged::<T>(b);
		for i in 0..r {
			T::ReviewBody::add_operator(&account("reviewer", i, 0));
		}
		let tender = Tenders::<T>::get(id).unwrap();
		let electorate: Vec<T::AccountId> = T::ReviewBody::operators()
			.into_iter()
			.filter(|m| !Pallet::<T>::is_interested(id, &tender, m))
			.collect();
		// Half the electorate (rounded down) votes first; the measured vote is the deciding one.
		let (decider, before) = electorate.split_last().unwrap();
		for member in before.iter().take(electorate.len() / 2) {
			Pallet::<T>::decide_challenge(
				RawOrigin::Signed(member.clone()).into(),
				id,
				loser.clone(),
				true,
			)
			.unwrap();
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(decider.clone()), id, loser, true);
		assert_eq!(Tenders::<T>::get(id).unwrap().status, TenderStatus::Cancelled);
	}

	/// Concludes a tender with `b` bids: every bond is released.
	#[benchmark]
	fn conclude(b: Linear<3, { max_bids::<T>() }>) {
		let (id, buyer) = tender::<T>(false);
		bids_placed::<T>(id, b);
		Pallet::<T>::award(RawOrigin::Signed(buyer.clone()).into(), id).unwrap();
		set_block::<T>(deadlines::<T>(id).standstill_end.saturating_add(One::one()));
		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), id, hash(20));
		assert_eq!(Tenders::<T>::get(id).unwrap().status, TenderStatus::Concluded);
	}

	/// The review body cancels a tender with `b` bids never revealed, after the reveal end:
	/// every bond and the buyer's deposit are forfeited (the worst case; the buyer's own
	/// cancellation before the deadline only releases them).
	#[benchmark]
	fn cancel(b: Linear<1, { max_bids::<T>() }>) -> Result<(), BenchmarkError> {
		let (id, _) = tender::<T>(false);
		let per_lot = T::MaxBidsPerLot::get().min(T::MaxInvited::get());
		for n in 0..b {
			commit::<T>(id, (n / per_lot) as LotIndex, &bidder::<T>(n % per_lot), 1_000);
		}
		set_block::<T>(deadlines::<T>(id).reveal_end.saturating_add(One::one()));
		let origin =
			T::ReviewOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id);
		assert_eq!(Tenders::<T>::get(id).unwrap().status, TenderStatus::Cancelled);
		Ok(())
	}

	/// Purges a concluded tender with `b` bids and a history padded to `h` entries.
	#[benchmark]
	fn purge(b: Linear<3, { max_bids::<T>() }>, h: Linear<1, { Pallet::<T>::max_history() }>) {
		let (id, buyer) = tender::<T>(false);
		bids_placed::<T>(id, b);
		Pallet::<T>::award(RawOrigin::Signed(buyer.clone()).into(), id).unwrap();
		set_block::<T>(deadlines::<T>(id).standstill_end.saturating_add(One::one()));
		Pallet::<T>::conclude(RawOrigin::Signed(buyer.clone()).into(), id, hash(20)).unwrap();
		let mut tender = Tenders::<T>::get(id).unwrap();
		for seq in tender.history_len..h {
			crate::pallet::History::<T>::insert(
				id,
				seq,
				HistoryEntry { at: now::<T>(), step: TenderStep::Published },
			);
		}
		tender.history_len = tender.history_len.max(h);
		let closed = tender.closed_at.unwrap();
		Tenders::<T>::insert(id, tender);
		set_block::<T>(closed.saturating_add(T::RetentionPeriod::get()).saturating_add(One::one()));
		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), id);
		assert!(crate::pallet::Purged::<T>::contains_key(id));
	}

	/// Registers an expert in a registry one short of `MaxExperts` (the duplicate scan is
	/// longest).
	#[benchmark]
	fn add_expert() -> Result<(), BenchmarkError> {
		experts::<T>(T::MaxExperts::get() - 1);
		let origin =
			T::ExpertOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let expert: T::AccountId = account("newcomer", 0, 0);
		#[extrinsic_call]
		_(
			origin as T::RuntimeOrigin,
			expert.clone(),
			Some(account("employer", 0, 0)),
			Some(hash(6)),
		);
		assert!(Experts::<T>::get().iter().any(|e| e.account == expert));
		Ok(())
	}

	/// Removes the last expert of a full registry.
	#[benchmark]
	fn remove_expert() -> Result<(), BenchmarkError> {
		experts::<T>(T::MaxExperts::get());
		let origin =
			T::ExpertOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let expert: T::AccountId = account("expert", T::MaxExperts::get() - 1, 0);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, expert.clone());
		assert!(!Experts::<T>::get().iter().any(|e| e.account == expert));
		Ok(())
	}

	/// A bidder commits its first draw seed (the deposit is held).
	#[benchmark]
	fn commit_draw_seed() {
		let (id, _) = tender::<T>(true);
		let who = bidder::<T>(T::MaxInvited::get() - 1);
		commit::<T>(id, 0, &who, 1_000);
		let commitment = draw_seed_commitment_of(id, &who, &draw_seed(&who));
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), id, commitment);
		assert!(DrawSeeds::<T>::contains_key(id, who));
	}

	/// The first reveal of a draw: it freezes the pool from a registry of `e` experts, each
	/// checked against the buyer and the bidders (itself and its employer).
	#[benchmark]
	fn reveal_draw_seed(e: Linear<0, { T::MaxExperts::get() }>) {
		let (id, buyer) = tender::<T>(true);
		commit_seed::<T>(id, &buyer);
		experts::<T>(e);
		set_block::<T>(deadlines::<T>(id).bid_deadline.saturating_add(One::one()));
		#[extrinsic_call]
		_(RawOrigin::Signed(buyer.clone()), id, draw_seed(&buyer));
		let draw = crate::pallet::PanelDraws::<T>::get(id).unwrap();
		assert_eq!(draw.pool.len() as u32, e);
	}

	/// Draws `PanelSize` members from a pool of `e` experts; of `s` seeds two were revealed and
	/// the rest forfeit their deposits.
	#[benchmark]
	fn draw_panel(
		e: Linear<{ T::PanelSize::get() }, { T::MaxExperts::get() }>,
		s: Linear<2, { T::MaxInvited::get() + 1 }>,
	) {
		let (id, buyer) = tender::<T>(true);
		let per_lot = T::MaxBidsPerLot::get().min(T::MaxInvited::get());
		let mut contributors = vec![buyer.clone()];
		for n in 0..s - 1 {
			let who = bidder::<T>(n);
			commit::<T>(id, (n / per_lot) as LotIndex, &who, 1_000);
			contributors.push(who);
		}
		for who in &contributors {
			commit_seed::<T>(id, who);
		}
		experts::<T>(e);
		let times = deadlines::<T>(id);
		set_block::<T>(times.bid_deadline.saturating_add(One::one()));
		for who in contributors.iter().take(2) {
			reveal_seed::<T>(id, who);
		}
		set_block::<T>(
			times
				.bid_deadline
				.saturating_add(T::SeedRevealPeriod::get())
				.saturating_add(One::one()),
		);
		#[extrinsic_call]
		draw_panel(RawOrigin::Signed(buyer), id);
		assert_eq!(Tenders::<T>::get(id).unwrap().panel.len() as u32, T::PanelSize::get());
	}

	/// A draw that fails for lack of seeds (none revealed, the buyer's included): `b` bids are
	/// released, `s` seed deposits and the buyer's deposit forfeited, the tender cancelled.
	#[benchmark]
	fn draw_panel_failed(
		b: Linear<1, { max_bids::<T>() }>,
		s: Linear<1, { T::MaxInvited::get() + 1 }>,
	) {
		let (id, buyer) = tender::<T>(true);
		let per_lot = T::MaxBidsPerLot::get().min(T::MaxInvited::get());
		for n in 0..b {
			commit::<T>(id, (n / per_lot) as LotIndex, &bidder::<T>(n % per_lot), 1_000);
		}
		commit_seed::<T>(id, &buyer);
		for n in 0..(s - 1).min(per_lot).min(b) {
			commit_seed::<T>(id, &bidder::<T>(n));
		}
		let times = deadlines::<T>(id);
		set_block::<T>(
			times
				.bid_deadline
				.saturating_add(T::SeedRevealPeriod::get())
				.saturating_add(One::one()),
		);
		#[extrinsic_call]
		draw_panel(RawOrigin::Signed(buyer), id);
		assert_eq!(Tenders::<T>::get(id).unwrap().status, TenderStatus::Cancelled);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
