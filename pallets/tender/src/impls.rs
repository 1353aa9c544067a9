//! Logic of the tender pallet: the stages of a tender, bonds, and the queries.

use crate::{evaluation, pallet::*, types::*};
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
use telecom_primitives::{
	ContractAward, CurrencyCode, DocumentHash, LotIndex, OnContractAwarded, OperatorMembership,
	TenderId,
};

impl<T: Config> Pallet<T> {
	/// Most history entries a tender can reach: publication, amendments, clarifications asked
	/// and answered, a commitment, withdrawal, reveal per bid, a score per panel member and lot,
	/// award, challenges and their decisions, and the closing step.
	pub fn max_history() -> u32 {
		let bids = Self::max_bids();
		let scores = T::MaxPanel::get().saturating_mul(T::MaxLots::get());
		// Publication, the panel draw, the award and the closing step.
		bids.saturating_mul(5)
			.saturating_add(scores)
			.saturating_add(T::MaxAmendments::get())
			.saturating_add(T::MaxClarifications::get().saturating_mul(2))
			.saturating_add(4)
	}

	/// Purges a closed tender after the retention period; returns the bids and history entries
	/// removed.
	pub(crate) fn do_purge(id: TenderId) -> Result<(u32, u32), DispatchError> {
		let tender = Self::tender(id)?;
		let closed_at = tender.closed_at.ok_or(Error::<T>::NotPurgeable)?;
		ensure!(
			matches!(tender.status, TenderStatus::Concluded | TenderStatus::Cancelled),
			Error::<T>::NotPurgeable
		);
		ensure!(
			Self::now() > closed_at.saturating_add(T::RetentionPeriod::get()),
			Error::<T>::NotPurgeable
		);
		let mut bids: u32 = 0;
		for lot in 0..tender.lots {
			let removed = Bids::<T>::clear_prefix((id, lot), u32::MAX, None);
			bids = bids.saturating_add(removed.unique);
			let _ = Tallies::<T>::clear_prefix((id, lot), u32::MAX, None);
			let _ = Scored::<T>::clear_prefix((id, lot), u32::MAX, None);
			let _ = ScoreCommitments::<T>::clear_prefix((id, lot), u32::MAX, None);
			// Closing released every bond and dropped the bidders' index entries already.
		}
		let _ = LotBidCount::<T>::clear_prefix(id, u32::MAX, None);
		let _ = TenderBidders::<T>::clear_prefix(id, u32::MAX, None);
		let _ = DrawSeeds::<T>::clear_prefix(id, u32::MAX, None);
		PanelDraws::<T>::remove(id);
		let _ = Clarifications::<T>::clear_prefix(id, u32::MAX, None);
		let _ = Awards::<T>::clear_prefix(id, u32::MAX, None);
		let _ = Challenges::<T>::clear_prefix(id, u32::MAX, None);
		let _ = ChallengeVotes::<T>::clear_prefix(id, u32::MAX, None);
		let _ = History::<T>::clear_prefix(id, u32::MAX, None);
		Tenders::<T>::remove(id);
		Purged::<T>::insert(
			id,
			PurgedTender {
				buyer: tender.buyer,
				status: tender.status,
				contract: tender.contract,
				history_len: tender.history_len,
				history_hash: tender.history_hash,
				closed_at,
			},
		);
		Self::deposit_event(Event::PurgedRecords { tender: id, history_hash: tender.history_hash });
		Ok((bids, tender.history_len))
	}

	/// Most bids a tender can hold: the pre-dispatch bound of the calls that visit them all.
	pub fn max_bids() -> u32 {
		T::MaxLots::get().saturating_mul(T::MaxBidsPerLot::get())
	}

	fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	fn tender(id: TenderId) -> Result<TenderOf<T>, DispatchError> {
		Tenders::<T>::get(id).ok_or_else(|| Error::<T>::UnknownTender.into())
	}

	fn ensure_buyer(tender: &TenderOf<T>, who: &T::AccountId) -> DispatchResult {
		ensure!(&tender.buyer == who, Error::<T>::NotBuyer);
		Ok(())
	}

	fn ensure_lot(tender: &TenderOf<T>, lot: LotIndex) -> DispatchResult {
		ensure!(lot < tender.lots, Error::<T>::UnknownLot);
		Ok(())
	}

	/// Whether `who` may bid in (and ask about) `tender`.
	fn ensure_eligible(tender: &TenderOf<T>, who: &T::AccountId) -> DispatchResult {
		ensure!(&tender.buyer != who, Error::<T>::BuyerCannotBid);
		match &tender.eligibility {
			Eligibility::Operators => {
				ensure!(T::Operators::is_operator(who), Error::<T>::NotOperator)
			},
			Eligibility::Invited(list) => ensure!(list.contains(who), Error::<T>::NotInvited),
		}
		Ok(())
	}

	/// The drawn panel (empty for lowest price and before the draw).
	fn panel(tender: &TenderOf<T>) -> &[T::AccountId] {
		&tender.panel
	}

	/// Appends a step to the tender's history.
	pub(crate) fn note(id: TenderId, tender: &mut TenderOf<T>, step: TenderStep<T::AccountId>) {
		let entry = HistoryEntry { at: Self::now(), step };
		tender.history_hash = DocumentHash::from(
			(tender.history_hash, &entry).using_encoded(sp_io::hashing::blake2_256),
		);
		History::<T>::insert(id, tender.history_len, entry);
		tender.history_len = tender.history_len.saturating_add(1);
		if matches!(tender.status, TenderStatus::Concluded | TenderStatus::Cancelled)
			&& tender.closed_at.is_none()
		{
			tender.closed_at = Some(Self::now());
		}
	}

	/// The reveal window lasts at least `MinRevealPeriod` blocks, so no single block author can
	/// censor a reveal for the whole of it.
	fn ensure_reveal_window(timetable: &Timetable<BlockNumberFor<T>>) -> DispatchResult {
		ensure!(
			timetable.reveal_end
				>= timetable.technical_end.saturating_add(T::MinRevealPeriod::get()),
			Error::<T>::RevealPeriodTooShort
		);
		Ok(())
	}

	/// Questions close at least `AnswerCutoff` blocks before the bid deadline, so every answer
	/// can be published in time.
	fn ensure_questions_close_in_time(timetable: &Timetable<BlockNumberFor<T>>) -> DispatchResult {
		ensure!(
			timetable.clarification_deadline.saturating_add(T::AnswerCutoff::get())
				<= timetable.bid_deadline,
			Error::<T>::ClarificationTooLate
		);
		Ok(())
	}

	/// Whether answers and amendments are still allowed before `bid_deadline`.
	fn ensure_before_cutoff(bid_deadline: BlockNumberFor<T>) -> DispatchResult {
		ensure!(
			Self::now().saturating_add(T::AnswerCutoff::get()) <= bid_deadline,
			Error::<T>::AnswerCutoffPassed
		);
		Ok(())
	}

	#[allow(clippy::too_many_arguments)]
	pub(crate) fn do_publish(
		buyer: T::AccountId,
		title: BoundedVec<u8, T::MaxTitleLen>,
		document: DocumentHash,
		lots: LotIndex,
		currency: CurrencyCode,
		eligibility: EligibilityOf<T>,
		bond: BalanceOf<T>,
		timetable: Timetable<BlockNumberFor<T>>,
		method: EvaluationMethod,
		procedure: Procedure,
	) -> DispatchResult {
		ensure!(lots >= 1 && u32::from(lots) <= T::MaxLots::get(), Error::<T>::InvalidLotCount);
		ensure!(currency.is_valid(), Error::<T>::InvalidCurrency);
		ensure!(bond >= T::MinBond::get(), Error::<T>::BondTooLow);
		let now = Self::now();
		ensure!(timetable.is_ordered_after(now), Error::<T>::InvalidTimetable);
		let restricted = matches!(eligibility, Eligibility::Invited(_));
		ensure!(restricted == (procedure == Procedure::Restricted), Error::<T>::ProcedureMismatch);
		let period = match procedure {
			Procedure::Restricted => T::MinBidPeriod::get(),
			Procedure::Open => T::MinOpenPeriod::get(),
			Procedure::EuOpen => T::MinEuOpenPeriod::get(),
			Procedure::EuOpenWithPriorNotice => T::MinEuOpenPriorNoticePeriod::get(),
		}
		.max(T::MinBidPeriod::get());
		ensure!(
			timetable.bid_deadline >= now.saturating_add(period),
			Error::<T>::BidPeriodTooShort
		);
		Self::ensure_reveal_window(&timetable)?;
		Self::ensure_questions_close_in_time(&timetable)?;
		if let Eligibility::Invited(list) = &eligibility {
			ensure!(!list.is_empty(), Error::<T>::NoInvitees);
		}
		if let EvaluationMethod::Weighted { price_weight } = &method {
			// The panel is drawn from the registry after the bid deadline (see `panel.rs`);
			// the registry must at least be large enough to supply it.
			ensure!(*price_weight >= T::MinPriceWeight::get(), Error::<T>::PriceWeightTooLow);
			ensure!(
				Experts::<T>::decode_len().unwrap_or_default() as u32 >= T::PanelSize::get(),
				Error::<T>::TooFewExperts
			);
			Self::ensure_draw_window(&timetable, &method)?;
		}

		let id = NextTenderId::<T>::get();
		NextTenderId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		let deposit = T::TenderDeposit::get();
		T::Currency::hold(&HoldReason::TenderDeposit.into(), &buyer, deposit)?;
		let mut tender = Tender {
			buyer: buyer.clone(),
			title,
			document,
			lots,
			currency,
			eligibility,
			procedure,
			bond,
			timetable,
			method,
			panel: BoundedVec::new(),
			status: TenderStatus::Open,
			published_at: now,
			amendments: 0,
			clarifications: 0,
			open_challenges: 0,
			history_len: 0,
			history_hash: DocumentHash::zero(),
			closed_at: None,
			deposit,
			contract: None,
		};
		Self::note(id, &mut tender, TenderStep::Published);
		Tenders::<T>::insert(id, tender);
		Self::deposit_event(Event::Published {
			tender: id,
			buyer,
			document,
			lots,
			bond,
			timetable,
		});
		Ok(())
	}

	pub(crate) fn do_amend(
		who: T::AccountId,
		id: TenderId,
		document: DocumentHash,
		timetable: Timetable<BlockNumberFor<T>>,
	) -> DispatchResult {
		let mut tender = Self::tender(id)?;
		Self::ensure_buyer(&tender, &who)?;
		ensure!(tender.status == TenderStatus::Open, Error::<T>::NotOpen);
		ensure!(Self::now() <= tender.timetable.bid_deadline, Error::<T>::BiddingClosed);
		ensure!(tender.amendments < T::MaxAmendments::get(), Error::<T>::TooManyAmendments);
		ensure!(timetable.only_extends(&tender.timetable), Error::<T>::DeadlineBroughtForward);
		// The clarification deadline may already be behind us; the later stages must stay in
		// order.
		ensure!(
			timetable.is_ordered_after(BlockNumberFor::<T>::zero()),
			Error::<T>::InvalidTimetable
		);
		// A later bid deadline must not squeeze the reveal window below its minimum, and
		// bidders get at least `AnswerCutoff` blocks to take the amendment into account.
		Self::ensure_reveal_window(&timetable)?;
		Self::ensure_draw_window(&timetable, &tender.method)?;
		Self::ensure_before_cutoff(timetable.bid_deadline)?;
		if timetable.clarification_deadline != tender.timetable.clarification_deadline {
			Self::ensure_questions_close_in_time(&timetable)?;
		}
		tender.timetable = timetable;
		tender.document = document;
		tender.amendments = tender.amendments.saturating_add(1);
		Self::note(id, &mut tender, TenderStep::Amended { document });
		Tenders::<T>::insert(id, tender);
		Self::deposit_event(Event::Amended { tender: id, document, timetable });
		Ok(())
	}

	pub(crate) fn do_ask_clarification(
		who: T::AccountId,
		id: TenderId,
		question: DocumentHash,
	) -> DispatchResult {
		let mut tender = Self::tender(id)?;
		ensure!(tender.status == TenderStatus::Open, Error::<T>::NotOpen);
		Self::ensure_eligible(&tender, &who)?;
		ensure!(
			Self::now() <= tender.timetable.clarification_deadline,
			Error::<T>::ClarificationClosed
		);
		let index = tender.clarifications;
		ensure!(index < T::MaxClarifications::get(), Error::<T>::TooManyClarifications);
		Clarifications::<T>::insert(
			id,
			index,
			Clarification { asker: who, question, answer: None },
		);
		tender.clarifications = index.saturating_add(1);
		Self::note(id, &mut tender, TenderStep::ClarificationAsked { index });
		Tenders::<T>::insert(id, tender);
		Self::deposit_event(Event::ClarificationAsked { tender: id, index, question });
		Ok(())
	}

	pub(crate) fn do_answer_clarification(
		who: T::AccountId,
		id: TenderId,
		index: u32,
		answer: DocumentHash,
	) -> DispatchResult {
		let mut tender = Self::tender(id)?;
		Self::ensure_buyer(&tender, &who)?;
		ensure!(tender.status == TenderStatus::Open, Error::<T>::NotOpen);
		ensure!(Self::now() <= tender.timetable.bid_deadline, Error::<T>::BiddingClosed);
		Self::ensure_before_cutoff(tender.timetable.bid_deadline)?;
		Clarifications::<T>::try_mutate(id, index, |slot| {
			let clarification = slot.as_mut().ok_or(Error::<T>::UnknownClarification)?;
			ensure!(clarification.answer.is_none(), Error::<T>::AlreadyAnswered);
			clarification.answer = Some(answer);
			Ok::<(), Error<T>>(())
		})?;
		Self::note(id, &mut tender, TenderStep::ClarificationAnswered { index });
		Tenders::<T>::insert(id, tender);
		Self::deposit_event(Event::ClarificationAnswered { tender: id, index, answer });
		Ok(())
	}

	pub(crate) fn do_commit_bid(
		who: T::AccountId,
		id: TenderId,
		lot: LotIndex,
		commitment: DocumentHash,
	) -> DispatchResult {
		let mut tender = Self::tender(id)?;
		ensure!(tender.status == TenderStatus::Open, Error::<T>::NotOpen);
		Self::ensure_lot(&tender, lot)?;
		let now = Self::now();
		ensure!(now <= tender.timetable.bid_deadline, Error::<T>::BiddingClosed);
		Self::ensure_eligible(&tender, &who)?;
		ensure!(!Self::panel(&tender).contains(&who), Error::<T>::PanelMemberCannotBid);

		let key = (id, lot, &who);
		if let Some(mut bid) = Bids::<T>::get(key) {
			ensure!(bid.status == BidStatus::Sealed, Error::<T>::BidWithdrawnBefore);
			ensure!(bid.replacements < T::MaxReplacements::get(), Error::<T>::TooManyReplacements);
			bid.commitment = commitment;
			bid.committed_at = now;
			bid.replacements = bid.replacements.saturating_add(1);
			Bids::<T>::insert(key, bid);
			Self::deposit_event(Event::BidCommitted {
				tender: id,
				lot,
				bidder: who,
				commitment,
				replaced: true,
			});
			return Ok(());
		}

		let sequence = LotBidCount::<T>::get(id, lot);
		ensure!(sequence < T::MaxBidsPerLot::get(), Error::<T>::TooManyBids);
		T::Currency::hold(&HoldReason::BidBond.into(), &who, tender.bond)?;
		Bids::<T>::insert(
			key,
			Bid {
				commitment,
				sequence,
				committed_at: now,
				replacements: 0,
				bond: tender.bond,
				status: BidStatus::Sealed,
				content: None,
				points: None,
			},
		);
		LotBidCount::<T>::insert(id, lot, sequence.saturating_add(1));
		BidsOf::<T>::insert(&who, (id, lot), ());
		TenderBidders::<T>::insert(id, &who, ());
		Self::note(id, &mut tender, TenderStep::BidCommitted { bidder: who.clone(), lot });
		Tenders::<T>::insert(id, tender);
		Self::deposit_event(Event::BidCommitted {
			tender: id,
			lot,
			bidder: who,
			commitment,
			replaced: false,
		});
		Ok(())
	}

	pub(crate) fn do_withdraw_bid(
		who: T::AccountId,
		id: TenderId,
		lot: LotIndex,
	) -> DispatchResult {
		let mut tender = Self::tender(id)?;
		ensure!(tender.status == TenderStatus::Open, Error::<T>::NotOpen);
		ensure!(Self::now() <= tender.timetable.bid_deadline, Error::<T>::BiddingClosed);
		let key = (id, lot, &who);
		let mut bid = Bids::<T>::get(key).ok_or(Error::<T>::NoBid)?;
		ensure!(bid.status == BidStatus::Sealed, Error::<T>::BidWithdrawnBefore);
		Self::release_bond(&who, &bid)?;
		bid.status = BidStatus::Withdrawn;
		Bids::<T>::insert(key, bid);
		Self::note(id, &mut tender, TenderStep::BidWithdrawn { bidder: who.clone(), lot });
		Tenders::<T>::insert(id, tender);
		Self::deposit_event(Event::BidWithdrawn { tender: id, lot, bidder: who });
		Ok(())
	}

	pub(crate) fn do_reveal_bid(
		who: T::AccountId,
		id: TenderId,
		lot: LotIndex,
		content: BidContent,
		salt: Salt,
	) -> DispatchResult {
		let mut tender = Self::tender(id)?;
		ensure!(tender.status == TenderStatus::Open, Error::<T>::NotOpen);
		let now = Self::now();
		// Prices open only once the panel is drawn and its technical scores are sealed.
		ensure!(
			now > tender.timetable.technical_end && now <= tender.timetable.reveal_end,
			Error::<T>::NotRevealPeriod
		);
		ensure!(!Self::awaits_draw(&tender), Error::<T>::PanelNotDrawn);
		let key = (id, lot, &who);
		let mut bid = Bids::<T>::get(key).ok_or(Error::<T>::NoBid)?;
		ensure!(bid.status == BidStatus::Sealed, Error::<T>::AlreadyRevealed);
		ensure!(
			commitment_of(id, lot, &content, &salt, &who) == bid.commitment,
			Error::<T>::CommitmentMismatch
		);
		let valid = !content.price.is_zero();
		bid.status = if valid { BidStatus::Revealed } else { BidStatus::Invalid };
		bid.content = Some(content.clone());
		Bids::<T>::insert(key, bid);
		Self::note(id, &mut tender, TenderStep::BidRevealed { bidder: who.clone(), lot, valid });
		Tenders::<T>::insert(id, tender);
		Self::deposit_event(Event::BidRevealed { tender: id, lot, bidder: who, content, valid });
		Ok(())
	}

	/// Records a panel member's scores; returns the number of bids visited (every bid of the
	/// lot, and never fewer than the scores given), which the call is weighed by.
	pub(crate) fn do_score_bids(
		who: T::AccountId,
		id: TenderId,
		lot: LotIndex,
		scores: ScoresOf<T>,
		salt: Salt,
	) -> Result<u32, DispatchError> {
		let mut tender = Self::tender(id)?;
		ensure!(tender.status == TenderStatus::Open, Error::<T>::NotOpen);
		Self::ensure_lot(&tender, lot)?;
		ensure!(
			matches!(tender.method, EvaluationMethod::Weighted { .. }),
			Error::<T>::NotWeighted
		);
		ensure!(Self::panel(&tender).contains(&who), Error::<T>::NotPanelMember);
		let now = Self::now();
		ensure!(
			now > tender.timetable.reveal_end && now <= tender.timetable.evaluation_end,
			Error::<T>::NotEvaluationPeriod
		);
		ensure!(!Scored::<T>::contains_key((id, lot, &who)), Error::<T>::AlreadyScored);
		// The scores were sealed before any price was opened.
		let sealed =
			ScoreCommitments::<T>::get((id, lot, &who)).ok_or(Error::<T>::NoScoreCommitment)?;
		ensure!(
			scores_commitment_of(id, lot, &who, &scores, &salt) == sealed,
			Error::<T>::ScoreCommitmentMismatch
		);

		// Every valid bid exactly once; other entries must name bidders of the lot (whose bids
		// were sealed when the scores were) and are ignored.
		let mut visited: u32 = 0;
		let mut valid: usize = 0;
		for (_, bid) in Bids::<T>::iter_prefix((id, lot)) {
			visited = visited.saturating_add(1);
			if bid.status == BidStatus::Revealed {
				valid = valid.saturating_add(1);
			}
		}
		let mut counted: usize = 0;
		let mut valid_scores = Vec::new();
		for (i, (bidder, score)) in scores.iter().enumerate() {
			ensure!(*score <= MAX_TECHNICAL_SCORE, Error::<T>::ScoreTooHigh);
			ensure!(
				!scores.iter().take(i).any(|(earlier, _)| earlier == bidder),
				Error::<T>::ScoresIncomplete
			);
			let status = Bids::<T>::get((id, lot, bidder)).map(|bid| bid.status);
			ensure!(status.is_some(), Error::<T>::ScoresIncomplete);
			if status == Some(BidStatus::Revealed) {
				counted = counted.saturating_add(1);
				valid_scores.push((bidder, score));
			}
		}
		ensure!(counted == valid, Error::<T>::ScoresIncomplete);
		visited = visited.max(scores.len() as u32);
		for (bidder, score) in valid_scores {
			Tallies::<T>::mutate((id, lot, bidder), |tally| {
				tally.sum = tally.sum.saturating_add(u32::from(*score));
				tally.count = tally.count.saturating_add(1);
			});
		}
		Scored::<T>::insert((id, lot, &who), ());
		Self::note(id, &mut tender, TenderStep::Scored { member: who.clone(), lot });
		Tenders::<T>::insert(id, tender);
		Self::deposit_event(Event::Scored { tender: id, lot, member: who });
		Ok(visited)
	}

	pub(crate) fn do_commit_scores(
		who: T::AccountId,
		id: TenderId,
		lot: LotIndex,
		commitment: DocumentHash,
	) -> DispatchResult {
		let tender = Self::tender(id)?;
		ensure!(tender.status == TenderStatus::Open, Error::<T>::NotOpen);
		Self::ensure_lot(&tender, lot)?;
		ensure!(
			matches!(tender.method, EvaluationMethod::Weighted { .. }),
			Error::<T>::NotWeighted
		);
		ensure!(Self::panel(&tender).contains(&who), Error::<T>::NotPanelMember);
		let now = Self::now();
		ensure!(
			now > tender.timetable.bid_deadline && now <= tender.timetable.technical_end,
			Error::<T>::NotTechnicalPeriod
		);
		ScoreCommitments::<T>::insert((id, lot, &who), commitment);
		Self::deposit_event(Event::ScoresCommitted { tender: id, lot, member: who, commitment });
		Ok(())
	}

	/// Whether every panel member has scored every lot.
	fn all_scored(id: TenderId, tender: &TenderOf<T>) -> bool {
		(0..tender.lots).all(|lot| {
			Self::panel(tender).iter().all(|member| Scored::<T>::contains_key((id, lot, member)))
		})
	}

	/// Awards every lot; returns the number of bids visited.
	pub(crate) fn do_award(who: T::AccountId, id: TenderId) -> Result<u32, DispatchError> {
		let mut tender = Self::tender(id)?;
		ensure!(tender.status == TenderStatus::Open, Error::<T>::NotOpen);
		ensure!(!Self::awaits_draw(&tender), Error::<T>::PanelNotDrawn);
		let now = Self::now();
		let timetable = tender.timetable;
		let ready = match &tender.method {
			EvaluationMethod::LowestPrice => now > timetable.reveal_end && who == tender.buyer,
			EvaluationMethod::Weighted { .. } => {
				now > timetable.reveal_end && who == tender.buyer && Self::all_scored(id, &tender)
			},
		};
		ensure!(ready || now > timetable.evaluation_end, Error::<T>::TooEarlyToAward);

		let price_weight = match &tender.method {
			EvaluationMethod::LowestPrice => None,
			EvaluationMethod::Weighted { price_weight, .. } => Some(*price_weight),
		};
		let mut visited: u32 = 0;
		let mut awarded_lots: u32 = 0;
		for lot in 0..tender.lots {
			let mut candidates = Vec::new();
			for (bidder, mut bid) in Bids::<T>::iter_prefix((id, lot)) {
				visited = visited.saturating_add(1);
				match (bid.status, &bid.content) {
					(BidStatus::Revealed, Some(content)) => {
						let tally = Tallies::<T>::get((id, lot, &bidder));
						candidates.push(evaluation::Candidate {
							bidder,
							price: content.price,
							sequence: bid.sequence,
							tally,
						});
					},
					(BidStatus::Sealed | BidStatus::Invalid, _) => {
						let to = Self::forfeit_bond(&bidder, &bid)?;
						Self::deposit_event(Event::BondForfeited {
							tender: id,
							lot,
							bidder: bidder.clone(),
							to,
							amount: bid.bond,
						});
						bid.status = BidStatus::Forfeited;
						Bids::<T>::insert((id, lot, &bidder), bid);
					},
					_ => {},
				}
			}
			let ranked = evaluation::rank(candidates, price_weight);
			let valid_bids = u32::try_from(ranked.len()).map_err(|_| Error::<T>::Overflow)?;
			for (place, (candidate, points)) in ranked.into_iter().enumerate() {
				let won = place == 0;
				let key = (id, lot, &candidate.bidder);
				if let Some(mut bid) = Bids::<T>::get(key) {
					bid.status = if won { BidStatus::Winner } else { BidStatus::Lost };
					bid.points = Some(points);
					if !won {
						// A loser's bond comes back now, not when the buyer concludes.
						Self::release_bond(&candidate.bidder, &bid)?;
						Self::deposit_event(Event::BondReleased {
							tender: id,
							lot,
							bidder: candidate.bidder.clone(),
							amount: bid.bond,
						});
						bid.bond = Zero::zero();
					}
					Bids::<T>::insert(key, bid);
				}
				if won {
					Awards::<T>::insert(
						id,
						lot,
						LotAward {
							winner: candidate.bidder.clone(),
							price: candidate.price,
							points,
							valid_bids,
						},
					);
					awarded_lots = awarded_lots.saturating_add(1);
					Self::deposit_event(Event::LotAwarded {
						tender: id,
						lot,
						winner: candidate.bidder,
						price: candidate.price,
						points,
					});
				}
			}
		}

		if awarded_lots == 0 {
			// Every bond is forfeited or was withdrawn; this drops the bidders' index entries.
			visited = visited.saturating_add(Self::release_all_bonds(id, &tender)?);
			tender.status = TenderStatus::Cancelled;
			Self::release_deposit(&tender)?;
			Self::note(id, &mut tender, TenderStep::Cancelled);
			Tenders::<T>::insert(id, tender);
			Self::deposit_event(Event::NoValidBids { tender: id });
			return Ok(visited);
		}
		let standstill_end =
			timetable.standstill_end.max(now.saturating_add(T::MinStandstill::get()));
		tender.timetable.standstill_end = standstill_end;
		tender.status = TenderStatus::Awarded;
		Self::note(id, &mut tender, TenderStep::Awarded);
		Tenders::<T>::insert(id, tender);
		Self::deposit_event(Event::Awarded { tender: id, standstill_end });
		Ok(visited)
	}

	pub(crate) fn do_challenge(
		who: T::AccountId,
		id: TenderId,
		grounds: DocumentHash,
	) -> DispatchResult {
		let mut tender = Self::tender(id)?;
		ensure!(tender.status == TenderStatus::Awarded, Error::<T>::NotAwarded);
		ensure!(Self::now() <= tender.timetable.standstill_end, Error::<T>::StandstillOver);
		let lost = (0..tender.lots).find_map(|lot| {
			Bids::<T>::get((id, lot, &who))
				.filter(|bid| bid.status == BidStatus::Lost)
				.map(|bid| (lot, bid))
		});
		let (lot, mut bid) = lost.ok_or(Error::<T>::NotLosingBidder)?;
		ensure!(!Challenges::<T>::contains_key(id, &who), Error::<T>::AlreadyChallenged);
		// The bond released at award is held again until the tender ends: a challenge that
		// suspends everyone's award is not free.
		T::Currency::hold(&HoldReason::BidBond.into(), &who, tender.bond)?;
		bid.bond = tender.bond;
		Bids::<T>::insert((id, lot, &who), bid);
		Challenges::<T>::insert(id, &who, Challenge { grounds, status: ChallengeStatus::Pending });
		tender.open_challenges = tender.open_challenges.saturating_add(1);
		Self::note(id, &mut tender, TenderStep::Challenged { bidder: who.clone() });
		Tenders::<T>::insert(id, tender);
		Self::deposit_event(Event::Challenged { tender: id, bidder: who, grounds });
		Ok(())
	}

	/// Whether `who` has an interest in the tender: its buyer, a bidder in any lot, or a panel
	/// member (at most one bid lookup per lot).
	pub(crate) fn is_interested(id: TenderId, tender: &TenderOf<T>, who: &T::AccountId) -> bool {
		&tender.buyer == who
			|| Self::panel(tender).contains(who)
			|| TenderBidders::<T>::contains_key(id, who)
	}

	/// Records a disinterested reviewer's vote (`Some`) or root's decision (`None`) on a
	/// challenge, deciding it once a strict majority of the disinterested members agrees;
	/// returns the number of bids visited and of review-body members checked.
	pub(crate) fn do_decide_challenge(
		voter: Option<T::AccountId>,
		id: TenderId,
		bidder: T::AccountId,
		uphold: bool,
	) -> Result<(u32, u32), DispatchError> {
		let mut tender = Self::tender(id)?;
		ensure!(tender.status == TenderStatus::Awarded, Error::<T>::NotAwarded);
		let mut challenge =
			Challenges::<T>::get(id, &bidder).ok_or(Error::<T>::NoPendingChallenge)?;
		ensure!(challenge.status == ChallengeStatus::Pending, Error::<T>::NoPendingChallenge);
		let mut visited: u32 = 0;
		let mut members: u32 = 0;
		if let Some(voter) = voter {
			ensure!(T::ReviewBody::is_operator(&voter), Error::<T>::NotReviewer);
			ensure!(!Self::is_interested(id, &tender, &voter), Error::<T>::InterestedReviewer);
			let mut votes = ChallengeVotes::<T>::get(id, &bidder);
			ensure!(!votes.iter().any(|(member, _)| member == &voter), Error::<T>::AlreadyVoted);
			votes.try_push((voter.clone(), uphold)).map_err(|_| Error::<T>::Overflow)?;
			Self::deposit_event(Event::ChallengeVoted {
				tender: id,
				bidder: bidder.clone(),
				member: voter,
				uphold,
			});
			// The electorate: members without an interest in this tender.
			let mut electorate: u32 = 0;
			for member in T::ReviewBody::operators() {
				members = members.saturating_add(1);
				if !Self::is_interested(id, &tender, &member) {
					electorate = electorate.saturating_add(1);
				}
			}
			let agreeing = votes.iter().filter(|(_, vote)| *vote == uphold).count() as u32;
			if agreeing.saturating_mul(2) <= electorate {
				ChallengeVotes::<T>::insert(id, &bidder, votes);
				return Ok((visited, members));
			}
		}
		ChallengeVotes::<T>::remove(id, &bidder);
		tender.open_challenges = tender.open_challenges.saturating_sub(1);
		Self::note(
			id,
			&mut tender,
			TenderStep::ChallengeDecided { bidder: bidder.clone(), upheld: uphold },
		);
		if uphold {
			challenge.status = ChallengeStatus::Upheld;
			visited = visited.saturating_add(Self::release_all_bonds(id, &tender)?);
			Self::release_deposit(&tender)?;
			tender.status = TenderStatus::Cancelled;
			tender.closed_at = Some(Self::now());
			Self::deposit_event(Event::AwardAnnulled { tender: id, bidder: bidder.clone() });
		} else {
			challenge.status = ChallengeStatus::Rejected;
			Self::deposit_event(Event::ChallengeRejected { tender: id, bidder: bidder.clone() });
		}
		Challenges::<T>::insert(id, &bidder, challenge);
		Tenders::<T>::insert(id, tender);
		Ok((visited, members))
	}

	/// Concludes the contract; returns the number of bids visited.
	pub(crate) fn do_conclude(
		who: T::AccountId,
		id: TenderId,
		contract: DocumentHash,
	) -> Result<u32, DispatchError> {
		let mut tender = Self::tender(id)?;
		ensure!(tender.status == TenderStatus::Awarded, Error::<T>::NotAwarded);
		let now = Self::now();
		ensure!(now > tender.timetable.standstill_end, Error::<T>::StandstillRunning);
		ensure!(tender.open_challenges == 0, Error::<T>::ChallengePending);
		if who != tender.buyer {
			// The buyer's window to conclude is over: anyone may close the award so that no
			// bond waits on the buyer forever.
			let lapse_after =
				tender.timetable.standstill_end.saturating_add(T::ConcludePeriod::get());
			ensure!(now > lapse_after, Error::<T>::NotBuyer);
			let visited = Self::release_all_bonds(id, &tender)?;
			let to = Self::forfeit_deposit(&tender)?;
			tender.status = TenderStatus::Cancelled;
			Self::note(id, &mut tender, TenderStep::Lapsed);
			let deposit = tender.deposit;
			Tenders::<T>::insert(id, tender);
			Self::deposit_event(Event::Lapsed { tender: id, by: who, to, deposit });
			return Ok(visited);
		}
		let visited = Self::release_all_bonds(id, &tender)?;
		Self::release_deposit(&tender)?;
		for (lot, award) in Awards::<T>::iter_prefix(id) {
			T::OnContractAwarded::on_contract_awarded(&ContractAward {
				tender: id,
				lot,
				buyer: tender.buyer.clone(),
				contractor: award.winner,
				currency: tender.currency,
				price: award.price,
				contract,
			})?;
		}
		tender.status = TenderStatus::Concluded;
		tender.contract = Some(contract);
		Self::note(id, &mut tender, TenderStep::Concluded { contract });
		Tenders::<T>::insert(id, tender);
		Self::deposit_event(Event::Concluded { tender: id, contract });
		Ok(visited)
	}

	/// Cancels a tender before award, by the buyer (`Some`) until the bid deadline or by the
	/// review body (`None`); returns the number of bids visited.
	pub(crate) fn do_cancel(
		who: Option<T::AccountId>,
		id: TenderId,
	) -> Result<(u32, u32), DispatchError> {
		let mut tender = Self::tender(id)?;
		if let Some(who) = &who {
			Self::ensure_buyer(&tender, who)?;
		}
		ensure!(tender.status == TenderStatus::Open, Error::<T>::NotOpen);
		let now = Self::now();
		// Draw seeds still held: released while they may still be revealed, forfeited after.
		let seeds = Self::settle_seeds(id, now > Self::seed_reveal_end(&tender))?;
		// A weighted tender still waiting for its panel never opened a price: nobody could
		// reveal, so nobody forfeits a bond.
		let undrawn = Self::awaits_draw(&tender);
		let visited = if now <= tender.timetable.bid_deadline {
			let visited = Self::release_all_bonds(id, &tender)?;
			Self::release_deposit(&tender)?;
			visited
		} else {
			// Prices may be revealed: a buyer who dislikes them cannot walk away for free.
			ensure!(who.is_none(), Error::<T>::CancelNeedsReview);
			let visited = if now > tender.timetable.reveal_end && !undrawn {
				Self::forfeit_unrevealed(id, &tender)?
					.saturating_add(Self::release_all_bonds(id, &tender)?)
			} else {
				Self::release_all_bonds(id, &tender)?
			};
			let to = Self::forfeit_deposit(&tender)?;
			Self::deposit_event(Event::DepositForfeited { tender: id, to, amount: tender.deposit });
			visited
		};
		tender.status = TenderStatus::Cancelled;
		Self::note(id, &mut tender, TenderStep::Cancelled);
		Tenders::<T>::insert(id, tender);
		Self::deposit_event(Event::Cancelled { tender: id });
		Ok((visited, seeds))
	}

	pub(crate) fn release_bond(who: &T::AccountId, bid: &BidOf<T>) -> DispatchResult {
		if !bid.bond.is_zero() {
			T::Currency::release(
				&HoldReason::BidBond.into(),
				who,
				bid.bond,
				Precision::BestEffort,
			)?;
		}
		Ok(())
	}

	/// Moves the buyer's deposit to the neutral `ForfeitTo` account; returns it.
	pub(crate) fn forfeit_deposit(tender: &TenderOf<T>) -> Result<T::AccountId, DispatchError> {
		let to = T::ForfeitTo::get();
		T::Currency::transfer_on_hold(
			&HoldReason::TenderDeposit.into(),
			&tender.buyer,
			&to,
			tender.deposit,
			Precision::BestEffort,
			Restriction::Free,
			Fortitude::Polite,
		)?;
		Ok(to)
	}

	/// Moves a bid's bond to the neutral `ForfeitTo` account (never the buyer); returns it.
	fn forfeit_bond(bidder: &T::AccountId, bid: &BidOf<T>) -> Result<T::AccountId, DispatchError> {
		let to = T::ForfeitTo::get();
		T::Currency::transfer_on_hold(
			&HoldReason::BidBond.into(),
			bidder,
			&to,
			bid.bond,
			Precision::BestEffort,
			Restriction::Free,
			Fortitude::Polite,
		)?;
		Ok(to)
	}

	/// Forfeits the bond of every bid still sealed or invalid after the reveal end; returns the
	/// number of bids visited.
	fn forfeit_unrevealed(id: TenderId, tender: &TenderOf<T>) -> Result<u32, DispatchError> {
		let mut visited: u32 = 0;
		for lot in 0..tender.lots {
			for (bidder, mut bid) in Bids::<T>::iter_prefix((id, lot)) {
				visited = visited.saturating_add(1);
				if matches!(bid.status, BidStatus::Sealed | BidStatus::Invalid) {
					let to = Self::forfeit_bond(&bidder, &bid)?;
					Self::deposit_event(Event::BondForfeited {
						tender: id,
						lot,
						bidder: bidder.clone(),
						to,
						amount: bid.bond,
					});
					bid.status = BidStatus::Forfeited;
					Bids::<T>::insert((id, lot, &bidder), bid);
				}
			}
		}
		Ok(visited)
	}

	/// Releases the bond of every bid that still holds one; returns the number of bids visited.
	pub(crate) fn release_all_bonds(
		id: TenderId,
		tender: &TenderOf<T>,
	) -> Result<u32, DispatchError> {
		let mut visited: u32 = 0;
		for lot in 0..tender.lots {
			for (bidder, bid) in Bids::<T>::iter_prefix((id, lot)) {
				visited = visited.saturating_add(1);
				if bid.status.holds_bond() {
					Self::release_bond(&bidder, &bid)?;
				}
				BidsOf::<T>::remove(&bidder, (id, lot));
			}
		}
		Ok(visited)
	}

	pub(crate) fn release_deposit(tender: &TenderOf<T>) -> DispatchResult {
		T::Currency::release(
			&HoldReason::TenderDeposit.into(),
			&tender.buyer,
			tender.deposit,
			Precision::BestEffort,
		)?;
		Ok(())
	}

	// ---- Queries for the runtime API ----

	/// A tender with its bids, clarifications, awards, challenges and full history.
	pub fn tender_details(
		id: TenderId,
	) -> Option<TenderDetails<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
		let tender = Tenders::<T>::get(id)?;
		let clarifications = (0..tender.clarifications)
			.filter_map(|index| Clarifications::<T>::get(id, index).map(|c| (index, c)))
			.collect();
		let awards = (0..tender.lots)
			.filter_map(|lot| Awards::<T>::get(id, lot).map(|a| (lot, a)))
			.collect();
		let challenges = Challenges::<T>::iter_prefix(id).collect();
		let history =
			(0..tender.history_len).filter_map(|seq| History::<T>::get(id, seq)).collect();
		// Sealed bids stay sealed: only revealed contents are on-chain anyway.
		let mut bids: Vec<_> = (0..tender.lots)
			.flat_map(|lot| {
				Bids::<T>::iter_prefix((id, lot)).map(move |(bidder, bid)| (lot, bidder, bid))
			})
			.collect();
		bids.sort_by_key(|(lot, _, bid)| (*lot, bid.sequence));
		let price_weight = match &tender.method {
			EvaluationMethod::LowestPrice => None,
			EvaluationMethod::Weighted { price_weight } => Some(*price_weight),
		};
		let panel = tender.panel.to_vec();
		let notice = TenderNotice {
			buyer: tender.buyer,
			title: tender.title.into_inner(),
			document: tender.document,
			lots: tender.lots,
			currency: tender.currency,
			invited: match tender.eligibility {
				Eligibility::Operators => None,
				Eligibility::Invited(list) => Some(list.into_inner()),
			},
			procedure: tender.procedure,
			bond: tender.bond,
			timetable: tender.timetable,
			price_weight,
			panel,
			status: tender.status,
			published_at: tender.published_at,
			amendments: tender.amendments,
			open_challenges: tender.open_challenges,
			contract: tender.contract,
		};
		Some(TenderDetails { id, notice, clarifications, bids, awards, challenges, history })
	}

	/// Every bid `who` has in a running or past tender that still holds its record.
	pub fn bids_of(who: &T::AccountId) -> Vec<(TenderId, LotIndex, BidOf<T>)> {
		let mut list: Vec<_> = BidsOf::<T>::iter_key_prefix(who)
			.filter_map(|(id, lot)| Bids::<T>::get((id, lot, who)).map(|bid| (id, lot, bid)))
			.collect();
		list.sort_by_key(|(id, lot, _)| (*id, *lot));
		list
	}

	/// Checks the pallet's invariants: held bonds equal the live bonds of the bids, held
	/// deposits equal those of running tenders, counters match the stored records.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;
		use frame_support::traits::fungible::InspectHold;

		let mut bonds: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (id, tender) in Tenders::<T>::iter() {
			ensure!(id < NextTenderId::<T>::get(), "tender id beyond the next id");
			let running = matches!(tender.status, TenderStatus::Open | TenderStatus::Awarded);
			if running {
				let slot = deposits.entry(tender.buyer.clone()).or_default();
				*slot = slot.saturating_add(tender.deposit);
			}
			for lot in 0..tender.lots {
				let mut count: u32 = 0;
				for (bidder, bid) in Bids::<T>::iter_prefix((id, lot)) {
					count = count.saturating_add(1);
					ensure!(bid.sequence < LotBidCount::<T>::get(id, lot), "bid sequence");
					if running && bid.status.holds_bond() {
						let slot = bonds.entry(bidder.clone()).or_default();
						*slot = slot.saturating_add(bid.bond);
						ensure!(BidsOf::<T>::contains_key(&bidder, (id, lot)), "bid index");
					}
				}
				ensure!(count == LotBidCount::<T>::get(id, lot), "lot bid count");
			}
			ensure!(
				History::<T>::iter_prefix(id).count() == tender.history_len as usize,
				"history length"
			);
			ensure!(
				Clarifications::<T>::iter_prefix(id).count() == tender.clarifications as usize,
				"clarification count"
			);
			if tender.status == TenderStatus::Awarded {
				let pending = Challenges::<T>::iter_prefix(id)
					.filter(|(_, c)| c.status == ChallengeStatus::Pending)
					.count();
				ensure!(pending == tender.open_challenges as usize, "open challenge count");
			}
		}
		Self::try_state_panels()?;
		for (id, challenger, _) in ChallengeVotes::<T>::iter() {
			ensure!(
				Challenges::<T>::get(id, &challenger)
					.is_some_and(|c| c.status == ChallengeStatus::Pending),
				"votes on a challenge that is not pending"
			);
		}
		for (id, _) in Purged::<T>::iter() {
			ensure!(!Tenders::<T>::contains_key(id), "a purged tender is still stored");
			ensure!(History::<T>::iter_prefix(id).next().is_none(), "a purged tender's history");
		}
		for (who, (id, lot)) in BidsOf::<T>::iter_keys() {
			ensure!(Bids::<T>::contains_key((id, lot, &who)), "bid index without bid");
		}
		let mut holders: Vec<T::AccountId> = bonds.keys().cloned().collect();
		holders.extend(deposits.keys().cloned());
		holders.extend(BidsOf::<T>::iter_keys().map(|(who, _)| who));
		for who in holders {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::BidBond.into(), &who)
					== bonds.get(&who).copied().unwrap_or_default(),
				"held bonds do not match live bids"
			);
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::TenderDeposit.into(), &who)
					== deposits.get(&who).copied().unwrap_or_default(),
				"held deposits do not match running tenders"
			);
		}
		Ok(())
	}
}
