//! The expert registry and the panel draw.
//!
//! A weighted tender's panel is drawn from the governance-kept registry, never named by the
//! buyer. Randomness comes from the parties with opposed interests: the buyer and the bidders
//! commit seeds (with a deposit) until the bid deadline and reveal them within
//! `SeedRevealPeriod` blocks after it. The draw's seed is
//! `blake2_256(SCALE(DRAW_DOMAIN, tender, anchor, ⊕ revealed seeds, reveals))`, the anchor being
//! the hash of the bid-deadline block (fixed after every commitment, before any reveal). At
//! least `MIN_DRAW_SEEDS` seeds must be revealed; a withholder only removes its own seed from
//! the exclusive-or and forfeits its deposit. The pool of eligible experts is frozen at the
//! first reveal, so neither a registry change nor a recusal can move the draw once seeds are
//! being opened.

use crate::{pallet::*, types::*, WeightInfo};
use alloc::vec::Vec;
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
	},
};
use frame_system::pallet_prelude::*;
use sp_runtime::traits::{Saturating, Zero};
use telecom_primitives::{DocumentHash, TenderId};

impl<T: Config> Pallet<T> {
	/// Most parties that can contribute a seed to one draw: the buyer and every bid.
	pub fn max_contributors() -> u32 {
		Self::max_bids().saturating_add(1)
	}

	pub(crate) fn do_add_expert(
		expert: T::AccountId,
		affiliation: Option<T::AccountId>,
		field: Option<DocumentHash>,
	) -> DispatchResult {
		Experts::<T>::try_mutate(|registry| {
			ensure!(!registry.iter().any(|e| e.account == expert), Error::<T>::AlreadyExpert);
			registry
				.try_push(Expert {
					account: expert.clone(),
					affiliation: affiliation.clone(),
					field,
					since: frame_system::Pallet::<T>::block_number(),
				})
				.map_err(|_| Error::<T>::TooManyExperts)?;
			Ok::<(), Error<T>>(())
		})?;
		Self::deposit_event(Event::ExpertAdded { expert, affiliation });
		Ok(())
	}

	pub(crate) fn do_remove_expert(expert: T::AccountId) -> DispatchResult {
		Experts::<T>::try_mutate(|registry| {
			let at =
				registry.iter().position(|e| e.account == expert).ok_or(Error::<T>::NotExpert)?;
			registry.remove(at);
			Ok::<(), Error<T>>(())
		})?;
		Self::deposit_event(Event::ExpertRemoved { expert });
		Ok(())
	}

	/// The last block in which draw seeds may be revealed.
	pub(crate) fn seed_reveal_end(tender: &TenderOf<T>) -> BlockNumberFor<T> {
		tender.timetable.bid_deadline.saturating_add(T::SeedRevealPeriod::get())
	}

	/// Whether `tender` is weighted and its panel not yet drawn.
	pub(crate) fn awaits_draw(tender: &TenderOf<T>) -> bool {
		matches!(tender.method, EvaluationMethod::Weighted { .. }) && tender.panel.is_empty()
	}

	/// A weighted tender leaves time after the seed reveal period to draw and seal scores.
	pub(crate) fn ensure_draw_window(
		timetable: &Timetable<BlockNumberFor<T>>,
		method: &EvaluationMethod,
	) -> DispatchResult {
		if matches!(method, EvaluationMethod::Weighted { .. }) {
			ensure!(
				timetable.bid_deadline.saturating_add(T::SeedRevealPeriod::get())
					< timetable.technical_end,
				Error::<T>::DrawWindowTooShort
			);
		}
		Ok(())
	}

	fn weighted_open(id: TenderId) -> Result<TenderOf<T>, DispatchError> {
		let tender = Tenders::<T>::get(id).ok_or(Error::<T>::UnknownTender)?;
		ensure!(tender.status == TenderStatus::Open, Error::<T>::NotOpen);
		ensure!(
			matches!(tender.method, EvaluationMethod::Weighted { .. }),
			Error::<T>::NotWeighted
		);
		Ok(tender)
	}

	pub(crate) fn do_commit_draw_seed(
		who: T::AccountId,
		id: TenderId,
		commitment: DocumentHash,
	) -> DispatchResult {
		let tender = Self::weighted_open(id)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now <= tender.timetable.bid_deadline, Error::<T>::SeedCommitClosed);
		ensure!(
			tender.buyer == who || TenderBidders::<T>::contains_key(id, &who),
			Error::<T>::NotDrawContributor
		);
		if let Some(mut contribution) = DrawSeeds::<T>::get(id, &who) {
			contribution.commitment = commitment;
			DrawSeeds::<T>::insert(id, &who, contribution);
		} else {
			let mut draw = PanelDraws::<T>::get(id).unwrap_or_default();
			let deposit = T::DrawSeedDeposit::get();
			T::Currency::hold(&HoldReason::DrawSeed.into(), &who, deposit)?;
			DrawSeeds::<T>::insert(
				id,
				&who,
				SeedContribution { commitment, deposit, revealed: false },
			);
			draw.committed = draw.committed.saturating_add(1);
			PanelDraws::<T>::insert(id, draw);
		}
		Self::deposit_event(Event::DrawSeedCommitted { tender: id, contributor: who, commitment });
		Ok(())
	}

	/// Experts of the registry eligible for `tender`'s panel: not its buyer or a bidder, and
	/// not affiliated with either.
	pub(crate) fn eligible_experts(id: TenderId, tender: &TenderOf<T>) -> Vec<T::AccountId> {
		let interested =
			|who: &T::AccountId| who == &tender.buyer || TenderBidders::<T>::contains_key(id, who);
		Experts::<T>::get()
			.into_iter()
			.filter(|e| !interested(&e.account) && !e.affiliation.as_ref().is_some_and(interested))
			.map(|e| e.account)
			.collect()
	}

	/// Reveals a seed; returns the number of registry experts examined (all of them at the
	/// first reveal, which freezes the pool; none afterwards).
	pub(crate) fn do_reveal_draw_seed(
		who: T::AccountId,
		id: TenderId,
		seed: DrawSeed,
	) -> Result<u32, DispatchError> {
		let tender = Self::weighted_open(id)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(
			now > tender.timetable.bid_deadline && now <= Self::seed_reveal_end(&tender),
			Error::<T>::NotSeedRevealPeriod
		);
		let mut contribution = DrawSeeds::<T>::get(id, &who).ok_or(Error::<T>::NoSeedCommitment)?;
		ensure!(!contribution.revealed, Error::<T>::SeedAlreadyRevealed);
		ensure!(
			draw_seed_commitment_of(id, &who, &seed) == contribution.commitment,
			Error::<T>::SeedCommitmentMismatch
		);
		let mut draw = PanelDraws::<T>::get(id).unwrap_or_default();
		let mut examined: u32 = 0;
		if draw.anchor.is_none() {
			// The bid-deadline block's hash: every seed was committed by then and none was
			// revealed. The pool is frozen now too, before any seed is known.
			draw.anchor = Some(DocumentHash::from_slice(
				frame_system::Pallet::<T>::block_hash(tender.timetable.bid_deadline).as_ref(),
			));
			examined = Experts::<T>::decode_len().unwrap_or_default() as u32;
			draw.pool = BoundedVec::truncate_from(Self::eligible_experts(id, &tender));
		}
		for (acc, byte) in draw.entropy.iter_mut().zip(seed.iter()) {
			*acc ^= *byte;
		}
		draw.revealed = draw.revealed.saturating_add(1);
		if !contribution.deposit.is_zero() {
			T::Currency::release(
				&HoldReason::DrawSeed.into(),
				&who,
				contribution.deposit,
				Precision::BestEffort,
			)?;
		}
		contribution.deposit = Zero::zero();
		contribution.revealed = true;
		DrawSeeds::<T>::insert(id, &who, contribution);
		PanelDraws::<T>::insert(id, draw);
		Self::deposit_event(Event::DrawSeedRevealed { tender: id, contributor: who, seed });
		Ok(examined)
	}

	/// Settles every seed deposit still held for `id`: forfeited to `ForfeitTo` if `forfeit`
	/// (the reveal period is over), released otherwise. Returns the seeds visited.
	pub(crate) fn settle_seeds(id: TenderId, forfeit: bool) -> Result<u32, DispatchError> {
		let mut visited: u32 = 0;
		let to = T::ForfeitTo::get();
		for (who, mut contribution) in DrawSeeds::<T>::iter_prefix(id) {
			visited = visited.saturating_add(1);
			if contribution.deposit.is_zero() {
				continue;
			}
			if forfeit {
				T::Currency::transfer_on_hold(
					&HoldReason::DrawSeed.into(),
					&who,
					&to,
					contribution.deposit,
					Precision::BestEffort,
					Restriction::Free,
					Fortitude::Polite,
				)?;
				Self::deposit_event(Event::DrawSeedForfeited {
					tender: id,
					contributor: who.clone(),
					to: to.clone(),
					amount: contribution.deposit,
				});
			} else {
				T::Currency::release(
					&HoldReason::DrawSeed.into(),
					&who,
					contribution.deposit,
					Precision::BestEffort,
				)?;
			}
			contribution.deposit = Zero::zero();
			DrawSeeds::<T>::insert(id, &who, contribution);
		}
		Ok(visited)
	}

	/// Draws the panel, or cancels the tender if it cannot be drawn; returns the weight used.
	pub(crate) fn do_draw_panel(id: TenderId) -> Result<Weight, DispatchError> {
		let mut tender = Self::weighted_open(id)?;
		ensure!(tender.panel.is_empty(), Error::<T>::PanelAlreadyDrawn);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now > Self::seed_reveal_end(&tender), Error::<T>::DrawTooEarly);
		let draw = PanelDraws::<T>::get(id).unwrap_or_default();
		let seeds = Self::settle_seeds(id, true)?;
		let seed = draw_seed_of(id, &draw.anchor.unwrap_or_default(), &draw.entropy, draw.revealed);
		let failure = if now > tender.timetable.technical_end {
			Some(DrawFailure::TooLate)
		} else if draw.revealed < MIN_DRAW_SEEDS {
			Some(DrawFailure::TooFewSeeds)
		} else {
			None
		};
		let drawn = match failure {
			Some(_) => None,
			None => draw_from(&draw.pool, T::PanelSize::get(), &seed),
		};
		let Some(members) = drawn else {
			let reason = failure.unwrap_or(DrawFailure::TooFewExperts);
			let bids = Self::cancel_undrawn(id, &mut tender, reason)?;
			Self::deposit_event(Event::PanelDrawFailed { tender: id, reason });
			return Ok(T::WeightInfo::draw_panel_failed(bids, seeds));
		};
		tender.panel = BoundedVec::try_from(members.clone()).map_err(|_| Error::<T>::Overflow)?;
		let pool = draw.pool.len() as u32;
		PanelDraws::<T>::insert(id, PanelDraw { seed: Some(seed), ..draw });
		Self::note(id, &mut tender, TenderStep::PanelDrawn);
		Tenders::<T>::insert(id, tender);
		Self::deposit_event(Event::PanelDrawn { tender: id, panel: members, seed });
		Ok(T::WeightInfo::draw_panel(pool, seeds))
	}

	/// Closes a weighted tender whose panel could not be drawn. No price was opened (reveals
	/// wait for the panel), so every bid bond is released; the buyer's deposit too, unless the
	/// draw lacked seeds and the buyer did not reveal one. Returns the bids visited.
	fn cancel_undrawn(
		id: TenderId,
		tender: &mut TenderOf<T>,
		reason: DrawFailure,
	) -> Result<u32, DispatchError> {
		let bids = Self::release_all_bonds(id, tender)?;
		let buyer_revealed = DrawSeeds::<T>::get(id, &tender.buyer)
			.is_some_and(|contribution| contribution.revealed);
		if reason == DrawFailure::TooFewSeeds && !buyer_revealed {
			let to = Self::forfeit_deposit(tender)?;
			Self::deposit_event(Event::DepositForfeited { tender: id, to, amount: tender.deposit });
		} else {
			Self::release_deposit(tender)?;
		}
		tender.status = TenderStatus::Cancelled;
		Self::note(id, tender, TenderStep::DrawFailed);
		Tenders::<T>::insert(id, tender.clone());
		Self::deposit_event(Event::Cancelled { tender: id });
		Ok(bids)
	}

	/// Invariants of the registry and the draws: distinct experts; a drawn panel has
	/// `PanelSize` distinct members, all from its frozen pool of registry experts, none the
	/// buyer or a bidder; a pool holds no buyer or bidder; draw counters match the seeds; held
	/// seed deposits equal the deposits of unrevealed seeds.
	pub(crate) fn try_state_panels() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;
		use frame_support::traits::fungible::InspectHold;

		let registry = Experts::<T>::get();
		for (i, expert) in registry.iter().enumerate() {
			ensure!(
				!registry.iter().take(i).any(|e| e.account == expert.account),
				"an expert is registered twice"
			);
		}
		for (id, tender) in Tenders::<T>::iter() {
			let draw = PanelDraws::<T>::get(id);
			if let Some(draw) = &draw {
				ensure!(
					matches!(tender.method, EvaluationMethod::Weighted { .. }),
					"a draw for a lowest-price tender"
				);
				for member in draw.pool.iter() {
					ensure!(
						member != &tender.buyer && !TenderBidders::<T>::contains_key(id, member),
						"the buyer or a bidder in the draw pool"
					);
				}
			}
			if tender.panel.is_empty() {
				continue;
			}
			let draw = draw.ok_or("a panel without a draw")?;
			ensure!(draw.seed.is_some(), "a panel without a draw seed");
			ensure!(tender.panel.len() as u32 == T::PanelSize::get(), "panel size");
			for (i, member) in tender.panel.iter().enumerate() {
				ensure!(!tender.panel.iter().take(i).any(|m| m == member), "a member drawn twice");
				ensure!(draw.pool.contains(member), "a panel member outside the expert pool");
				ensure!(member != &tender.buyer, "the buyer on its own panel");
				ensure!(!TenderBidders::<T>::contains_key(id, member), "a bidder on the panel");
			}
		}
		let mut held: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (id, draw) in PanelDraws::<T>::iter() {
			let mut committed: u32 = 0;
			let mut revealed: u32 = 0;
			for (who, contribution) in DrawSeeds::<T>::iter_prefix(id) {
				committed = committed.saturating_add(1);
				if contribution.revealed {
					revealed = revealed.saturating_add(1);
					ensure!(contribution.deposit.is_zero(), "a revealed seed still holds");
				}
				let slot = held.entry(who).or_default();
				*slot = slot.saturating_add(contribution.deposit);
			}
			ensure!(committed == draw.committed, "seed commitment count");
			ensure!(revealed == draw.revealed, "seed reveal count");
		}
		for (id, _, _) in DrawSeeds::<T>::iter() {
			ensure!(PanelDraws::<T>::contains_key(id), "a seed without a draw");
		}
		for (who, amount) in held {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::DrawSeed.into(), &who) == amount,
				"held seed deposits do not match unrevealed seeds"
			);
		}
		Ok(())
	}
}
