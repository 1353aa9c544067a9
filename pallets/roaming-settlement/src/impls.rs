//! The logic behind the calls, the sequence control and the invariants.

use crate::{pallet::*, posting::PostedService, rating, types::*};
use codec::Encode;
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungible::MutateHold, tokens::Precision},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{traits::Saturating, SaturatedConversion};
use telecom_primitives::{
	commitment::TermsCommitment, Amount, CurrencyCode, DocumentHash, Obligation, ObligationSink,
	ObligationSource, SettlementPeriod, TadigCode,
};

impl<T: Config> Pallet<T> {
	/// The calendar month the chain's clock is in.
	pub fn current_period() -> Result<SettlementPeriod, DispatchError> {
		SettlementPeriod::current::<T::Time>().ok_or_else(|| Error::<T>::ClockUnset.into())
	}

	/// The key of a pair of networks: the two codes in ascending order.
	pub fn pair_key(one: TadigCode, other: TadigCode) -> (TadigCode, TadigCode) {
		if one <= other {
			(one, other)
		} else {
			(other, one)
		}
	}

	fn agreement_of(id: AgreementId) -> Result<AgreementOf<T>, DispatchError> {
		Agreements::<T>::get(id).ok_or_else(|| Error::<T>::UnknownAgreement.into())
	}

	fn party_side(agreement: &AgreementOf<T>, who: &T::AccountId) -> Result<Side, DispatchError> {
		agreement.side_of(who).ok_or_else(|| Error::<T>::NotParty.into())
	}

	fn hold(reason: HoldReason, who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		T::Currency::hold(&reason.into(), who, amount)
	}

	fn release(reason: HoldReason, who: &T::AccountId, amount: u128) -> DispatchResult {
		T::Currency::release(&reason.into(), who, amount.saturated_into(), Precision::BestEffort)
			.map(|_| ())
	}

	pub(crate) fn do_register_tadig(who: &T::AccountId, tadig: TadigCode) -> DispatchResult {
		ensure!(!TadigOwner::<T>::contains_key(tadig), Error::<T>::TadigTaken);
		TadigsOf::<T>::try_mutate(who, |codes| codes.try_push(tadig))
			.map_err(|_| Error::<T>::TooManyTadigs)?;
		TadigOwner::<T>::insert(tadig, who);
		Self::deposit_event(Event::TadigRegistered { operator: who.clone(), tadig });
		Ok(())
	}

	pub(crate) fn do_deregister_tadig(who: T::AccountId, tadig: TadigCode) -> DispatchResult {
		ensure!(TadigOwner::<T>::get(tadig).as_ref() == Some(&who), Error::<T>::NotTadigOwner);
		ensure!(TadigAgreements::<T>::get(tadig) == 0, Error::<T>::TadigInUse);
		TadigOwner::<T>::remove(tadig);
		TadigsOf::<T>::mutate(&who, |codes| codes.retain(|code| *code != tadig));
		Self::deposit_event(Event::TadigDeregistered { operator: who, tadig });
		Ok(())
	}

	/// Checks terms a party proposes.
	fn check_terms(terms: &AgreementTerms) -> DispatchResult {
		let AgreementTerms { valid_from, valid_to, currency, dispute_window, .. } = terms;
		ensure!(
			valid_from.is_valid() && valid_to.is_valid() && valid_from <= valid_to,
			Error::<T>::InvalidValidity
		);
		ensure!(*valid_to >= Self::current_period()?, Error::<T>::InvalidValidity);
		ensure!(
			valid_from.months_until(valid_to) < T::MaxAgreementPeriods::get(),
			Error::<T>::ValidityTooLong
		);
		ensure!(currency.is_valid(), Error::<T>::InvalidCurrency);
		Self::check_invoice_terms(terms)?;
		ensure!(
			(T::MinDisputeWindow::get()..=T::MaxDisputeWindow::get()).contains(dispute_window),
			Error::<T>::InvalidDisputeWindow
		);
		for network in [&terms.network_a, &terms.network_b] {
			Self::check_tolerances(network)?;
			if let Some(discount) = &network.discount {
				let ascending = discount.tiers.windows(2).all(|pair| match pair {
					[lower, upper] => lower.from < upper.from,
					_ => true,
				});
				let bounded =
					discount.tiers.iter().all(|tier| u128::from(tier.basis_points) <= BASIS_POINTS);
				ensure!(
					!discount.tiers.is_empty() && ascending && bounded,
					Error::<T>::InvalidDiscount
				);
			}
		}
		Ok(())
	}

	/// Checks a network's tolerances: each at most 10,000 basis points, each service stated at
	/// most once and in ascending order.
	fn check_tolerances(network: &NetworkTerms) -> DispatchResult {
		let stated = network.service_tolerances.iter().map(|stated| &stated.tolerance);
		let bounded = core::iter::once(&network.tolerance)
			.chain(stated)
			.all(|tolerance| u128::from(tolerance.basis_points) <= BASIS_POINTS);
		let ascending = network.service_tolerances.windows(2).all(|pair| match pair {
			[lower, upper] => lower.service < upper.service,
			_ => true,
		});
		ensure!(bounded && ascending, Error::<T>::InvalidTolerance);
		Ok(())
	}

	/// Whether an agreement has ended: not a pending proposal, and its last period is past.
	fn has_ended(agreement: &AgreementOf<T>, now: SettlementPeriod) -> bool {
		agreement.status != AgreementStatus::Proposed && agreement.terms.valid_to < now
	}

	/// The terms `period` is settled with: pinned ones, else those in force.
	pub fn terms_for(
		id: AgreementId,
		agreement: &AgreementOf<T>,
		period: SettlementPeriod,
	) -> PinnedTerms {
		PeriodTerms::<T>::get(id, period).unwrap_or_else(|| PinnedTerms {
			version: agreement.version,
			network_a: agreement.terms.network_a.clone(),
			network_b: agreement.terms.network_b.clone(),
			commitment: agreement.sealed.as_ref().map(|sealed| sealed.commitment),
		})
	}

	/// Pins the terms of `period` unless they already are; returns them.
	fn pin_terms(
		id: AgreementId,
		agreement: &AgreementOf<T>,
		period: SettlementPeriod,
	) -> PinnedTerms {
		let pinned = Self::terms_for(id, agreement, period);
		if !PeriodTerms::<T>::contains_key(id, period) {
			PeriodTerms::<T>::insert(id, period, pinned.clone());
		}
		pinned
	}

	/// Whether any usage was booked into `period` (either direction).
	fn has_usage(id: AgreementId, period: SettlementPeriod) -> bool {
		Totals::<T>::get((id, period, Side::A)).batches > 0
			|| Totals::<T>::get((id, period, Side::B)).batches > 0
	}

	/// Checks that the validity `valid_from..=valid_to` may replace the agreement's: it stays
	/// after the pair's earlier agreement and drops no period (before `valid_from` or after
	/// `valid_to`) that has usage or a statement. Only the agreement's periods up to the current
	/// one can have either (batches and closes refuse later ones), so the walk stops there: at
	/// most `MaxAgreementPeriods` periods, three reads each, however far the validity moves.
	fn check_validity(
		id: AgreementId,
		agreement: &AgreementOf<T>,
		valid_from: SettlementPeriod,
		valid_to: SettlementPeriod,
	) -> DispatchResult {
		if let Some(previous) = agreement.previous.and_then(Agreements::<T>::get) {
			ensure!(valid_from > previous.terms.valid_to, Error::<T>::OverlapsEarlierAgreement);
		}
		let last = agreement.terms.valid_to.min(Self::current_period()?);
		let mut period = agreement.terms.valid_from;
		while period <= last {
			if period < valid_from || period > valid_to {
				ensure!(
					!Self::has_usage(id, period) && !Statements::<T>::contains_key(id, period),
					Error::<T>::StrandsPeriod
				);
			}
			period = period.add_months(1).ok_or(Error::<T>::Overflow)?;
		}
		Ok(())
	}

	/// Ends an agreement whose last period has passed once no period with usage is open: the
	/// deposit goes back to party A.
	fn end_if_done(id: AgreementId, agreement: &mut AgreementOf<T>) -> DispatchResult {
		let over = agreement.terms.valid_to < Self::current_period()?;
		let live =
			matches!(agreement.status, AgreementStatus::Active | AgreementStatus::Terminating);
		if over && live && agreement.open_periods == 0 && agreement.withheld_disputes == 0 {
			Self::release(HoldReason::AgreementDeposit, &agreement.party_a, agreement.deposit)?;
			agreement.deposit = 0;
			agreement.status = AgreementStatus::Ended;
			agreement.amendment = None;
			// At most `MaxAgreementPeriods` entries.
			let _ = PeriodTerms::<T>::clear_prefix(id, T::MaxAgreementPeriods::get(), None);
			Self::deposit_event(Event::AgreementEnded { agreement: id });
		}
		Ok(())
	}

	pub(crate) fn do_propose_agreement(
		who: T::AccountId,
		own: TadigCode,
		counterparty: TadigCode,
		terms: AgreementTerms,
	) -> DispatchResult {
		Self::propose(who, own, counterparty, terms, None, None)
	}

	/// Proposes an agreement: transparent with `sealed` none, else confidential (`terms` are
	/// then the public header with blank prices).
	pub(crate) fn propose(
		who: T::AccountId,
		own: TadigCode,
		counterparty: TadigCode,
		terms: AgreementTerms,
		sealed: Option<crate::sealed::SealedTerms>,
		reserved: Option<AgreementId>,
	) -> DispatchResult {
		ensure!(TadigOwner::<T>::get(own).as_ref() == Some(&who), Error::<T>::NotTadigOwner);
		let party_b = TadigOwner::<T>::get(counterparty).ok_or(Error::<T>::UnknownTadig)?;
		ensure!(party_b != who, Error::<T>::SelfAgreement);
		Self::check_terms(&terms)?;
		let now = Self::current_period()?;
		let pair = Self::pair_key(own, counterparty);
		let previous = PairAgreement::<T>::get(pair);
		if let Some(existing) = previous.and_then(Agreements::<T>::get) {
			ensure!(Self::has_ended(&existing, now), Error::<T>::AgreementExists);
			ensure!(
				terms.valid_from > existing.terms.valid_to,
				Error::<T>::OverlapsEarlierAgreement
			);
		}

		let deposit = T::AgreementDeposit::get();
		Self::hold(HoldReason::AgreementDeposit, &who, deposit)?;
		// A reserved id (`reserve_agreement_id`) was taken from the counter when reserved.
		let id = match reserved {
			Some(id) => id,
			None => {
				let id = NextAgreementId::<T>::get();
				NextAgreementId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
				id
			},
		};
		for code in [own, counterparty] {
			TadigAgreements::<T>::mutate(code, |count| count.saturating_inc());
		}
		let document = terms.document;
		Agreements::<T>::insert(
			id,
			Agreement {
				party_a: who.clone(),
				tadig_a: own,
				party_b: party_b.clone(),
				tadig_b: counterparty,
				status: AgreementStatus::Proposed,
				version: 0,
				terms,
				amendment: None,
				proposed_at: frame_system::Pallet::<T>::block_number(),
				deposit: deposit.saturated_into(),
				previous,
				open_periods: 0,
				withheld_disputes: 0,
				sealed,
			},
		);
		PairAgreement::<T>::insert(pair, id);
		Self::deposit_event(Event::AgreementProposed {
			agreement: id,
			party_a: who,
			tadig_a: own,
			party_b,
			tadig_b: counterparty,
			document,
		});
		Ok(())
	}

	/// An agreement in force from genesis, between the owners of two registered networks.
	pub(crate) fn genesis_agreement(
		own: TadigCode,
		counterparty: TadigCode,
		terms: AgreementTerms,
	) -> DispatchResult {
		let party_a = TadigOwner::<T>::get(own).ok_or(Error::<T>::UnknownTadig)?;
		let party_b = TadigOwner::<T>::get(counterparty).ok_or(Error::<T>::UnknownTadig)?;
		ensure!(party_a != party_b, Error::<T>::SelfAgreement);
		ensure!(terms.valid_from <= terms.valid_to, Error::<T>::InvalidValidity);
		// Bounds every walk over the agreement's periods, as for proposed terms.
		ensure!(
			terms.valid_from.months_until(&terms.valid_to) < T::MaxAgreementPeriods::get(),
			Error::<T>::ValidityTooLong
		);
		let deposit = T::AgreementDeposit::get();
		Self::hold(HoldReason::AgreementDeposit, &party_a, deposit)?;
		let id = NextAgreementId::<T>::get();
		NextAgreementId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		for code in [own, counterparty] {
			TadigAgreements::<T>::mutate(code, |count| count.saturating_inc());
		}
		Agreements::<T>::insert(
			id,
			Agreement {
				party_a,
				tadig_a: own,
				party_b,
				tadig_b: counterparty,
				status: AgreementStatus::Active,
				version: 1,
				terms,
				amendment: None,
				proposed_at: frame_system::Pallet::<T>::block_number(),
				deposit: deposit.saturated_into(),
				previous: None,
				open_periods: 0,
				withheld_disputes: 0,
				sealed: None,
			},
		);
		PairAgreement::<T>::insert(Self::pair_key(own, counterparty), id);
		Ok(())
	}

	pub(crate) fn do_accept_agreement(who: T::AccountId, id: AgreementId) -> DispatchResult {
		Self::accept(who, id, None)
	}

	/// Party B accepts a proposal; a confidential one only naming its commitment.
	pub(crate) fn accept(
		who: T::AccountId,
		id: AgreementId,
		commitment: Option<TermsCommitment>,
	) -> DispatchResult {
		let mut agreement = Self::agreement_of(id)?;
		ensure!(agreement.status == AgreementStatus::Proposed, Error::<T>::NotProposed);
		ensure!(agreement.party_b == who, Error::<T>::NotCounterparty);
		Self::check_stated_commitment(agreement.sealed.as_ref(), commitment)?;
		ensure!(agreement.terms.valid_to >= Self::current_period()?, Error::<T>::InvalidValidity);
		agreement.status = AgreementStatus::Active;
		agreement.version = 1;
		Agreements::<T>::insert(id, agreement);
		Self::deposit_event(Event::AgreementActivated { agreement: id });
		Ok(())
	}

	pub(crate) fn do_cancel_proposal(who: T::AccountId, id: AgreementId) -> DispatchResult {
		let agreement = Self::agreement_of(id)?;
		let by = Self::party_side(&agreement, &who)?;
		ensure!(agreement.status == AgreementStatus::Proposed, Error::<T>::NotProposed);
		Self::release(HoldReason::AgreementDeposit, &agreement.party_a, agreement.deposit)?;
		for code in [agreement.tadig_a, agreement.tadig_b] {
			TadigAgreements::<T>::mutate(code, |count| count.saturating_dec());
		}
		// The pair's earlier agreement is current again, so a later proposal cannot overlap it.
		let pair = Self::pair_key(agreement.tadig_a, agreement.tadig_b);
		if PairAgreement::<T>::get(pair) == Some(id) {
			match agreement.previous {
				Some(previous) => PairAgreement::<T>::insert(pair, previous),
				None => PairAgreement::<T>::remove(pair),
			}
		}
		Agreements::<T>::remove(id);
		Self::deposit_event(Event::ProposalCancelled { agreement: id, by });
		Ok(())
	}

	pub(crate) fn do_propose_amendment(
		who: T::AccountId,
		id: AgreementId,
		terms: AgreementTerms,
	) -> DispatchResult {
		Self::propose_amendment_with(who, id, terms, None)
	}

	/// Checks the commitment a party states when it accepts: none for a transparent agreement,
	/// the pending one for a confidential agreement.
	fn check_stated_commitment(
		pending: Option<&crate::sealed::SealedTerms>,
		stated: Option<TermsCommitment>,
	) -> DispatchResult {
		match (pending, stated) {
			(None, None) => Ok(()),
			(None, Some(_)) => Err(Error::<T>::TransparentAgreement.into()),
			(Some(_), None) => Err(Error::<T>::ConfidentialAgreement.into()),
			(Some(sealed), Some(stated)) => {
				ensure!(sealed.commitment == stated, Error::<T>::WrongCommitment);
				Ok(())
			},
		}
	}

	/// A party proposes amended terms: transparent with `sealed` none, else a new commitment
	/// and envelopes (`terms` are then the public header with blank prices). An agreement
	/// keeps its mode.
	pub(crate) fn propose_amendment_with(
		who: T::AccountId,
		id: AgreementId,
		terms: AgreementTerms,
		sealed: Option<crate::sealed::SealedTerms>,
	) -> DispatchResult {
		let mut agreement = Self::agreement_of(id)?;
		let by = Self::party_side(&agreement, &who)?;
		ensure!(
			agreement.sealed.is_some() == sealed.is_some(),
			if sealed.is_some() {
				Error::<T>::TransparentAgreement
			} else {
				Error::<T>::ConfidentialAgreement
			}
		);
		ensure!(agreement.status == AgreementStatus::Active, Error::<T>::NotActive);
		ensure!(
			terms.currency == agreement.terms.currency && terms.invoice == agreement.terms.invoice,
			Error::<T>::CurrencyChange
		);
		ensure!(!Self::has_ended(&agreement, Self::current_period()?), Error::<T>::NotActive);
		Self::check_terms(&terms)?;
		Self::check_validity(id, &agreement, terms.valid_from, terms.valid_to)?;
		let version = agreement.version.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let document = terms.document;
		agreement.amendment = Some(PendingAmendment { by, terms, sealed });
		Agreements::<T>::insert(id, agreement);
		Self::deposit_event(Event::AmendmentProposed { agreement: id, by, version, document });
		Ok(())
	}

	pub(crate) fn do_accept_amendment(
		who: T::AccountId,
		id: AgreementId,
		version: u32,
	) -> DispatchResult {
		Self::accept_amendment_with(who, id, version, None)
	}

	/// The other party accepts the pending amendment; a confidential one only naming its
	/// commitment.
	pub(crate) fn accept_amendment_with(
		who: T::AccountId,
		id: AgreementId,
		version: u32,
		commitment: Option<TermsCommitment>,
	) -> DispatchResult {
		let mut agreement = Self::agreement_of(id)?;
		let side = Self::party_side(&agreement, &who)?;
		if agreement.sealed.is_some() != commitment.is_some() {
			Self::check_stated_commitment(agreement.sealed.as_ref(), commitment)?;
		}
		ensure!(agreement.status == AgreementStatus::Active, Error::<T>::NotActive);
		let amendment = agreement.amendment.take().ok_or(Error::<T>::NoAmendment)?;
		ensure!(amendment.by != side, Error::<T>::OwnAmendment);
		Self::check_stated_commitment(amendment.sealed.as_ref(), commitment)?;
		let next = agreement.version.checked_add(1).ok_or(Error::<T>::Overflow)?;
		ensure!(version == next, Error::<T>::StaleAmendment);
		// Time and usage may have moved on since the proposal: the new validity must still
		// include the current period (a later one has no usage yet), and no period may be
		// stranded on either side of it.
		let now = Self::current_period()?;
		ensure!(!Self::has_ended(&agreement, now), Error::<T>::NotActive);
		ensure!(amendment.terms.valid_to >= now, Error::<T>::InvalidValidity);
		let AgreementTerms { valid_from, valid_to, .. } = amendment.terms;
		Self::check_validity(id, &agreement, valid_from, valid_to)?;
		// The current and earlier periods keep the terms in force: the amendment applies
		// from the next period.
		let last = agreement.terms.valid_to.min(now);
		let mut period = agreement.terms.valid_from;
		while period <= last {
			if period < amendment.terms.valid_from {
				// A dropped period (it has no usage): nothing to pin.
				PeriodTerms::<T>::remove(id, period);
			} else {
				Self::pin_terms(id, &agreement, period);
			}
			period = period.add_months(1).ok_or(Error::<T>::Overflow)?;
		}
		agreement.terms = amendment.terms;
		agreement.sealed = amendment.sealed;
		agreement.version = next;
		Agreements::<T>::insert(id, agreement);
		Self::deposit_event(Event::AgreementAmended { agreement: id, version });
		Ok(())
	}

	pub(crate) fn do_terminate_agreement(who: T::AccountId, id: AgreementId) -> DispatchResult {
		let mut agreement = Self::agreement_of(id)?;
		let by = Self::party_side(&agreement, &who)?;
		ensure!(agreement.status == AgreementStatus::Active, Error::<T>::NotActive);
		let notice_end = Self::current_period()?
			.add_months(u32::from(agreement.terms.notice_periods))
			.ok_or(Error::<T>::Overflow)?;
		let last_period = agreement.terms.valid_to.min(notice_end.max(agreement.terms.valid_from));
		agreement.terms.valid_to = last_period;
		agreement.status = AgreementStatus::Terminating;
		agreement.amendment = None;
		Agreements::<T>::insert(id, agreement);
		Self::deposit_event(Event::AgreementTerminated { agreement: id, by, last_period });
		Ok(())
	}

	/// `sequence` moved `steps` numbers forward, wrapping from `MAX_FILE_SEQUENCE` to 1.
	fn sequence_after(sequence: FileSequence, steps: u32) -> FileSequence {
		let zero_based = u64::from(sequence.saturating_sub(1)).saturating_add(u64::from(steps));
		let wrapped = zero_based.checked_rem(u64::from(MAX_FILE_SEQUENCE)).unwrap_or(0);
		FileSequence::try_from(wrapped).unwrap_or(0).saturating_add(1)
	}

	/// Adds the missing range `first..=last` (no wrap) to `gaps`, in order, refusing overlaps.
	fn insert_gap(
		gaps: &mut SequenceGaps,
		first: FileSequence,
		last: FileSequence,
	) -> DispatchResult {
		let overlaps = gaps.iter().any(|(f, l)| *f <= last && first <= *l);
		ensure!(!overlaps, Error::<T>::InvalidSequence);
		let at = gaps.iter().position(|(f, _)| *f > last).unwrap_or(gaps.len());
		gaps.try_insert(at, (first, last)).map_err(|_| Error::<T>::TooManyGaps)?;
		Ok(())
	}

	/// Records `sequence` from `sender` to `recipient` in `control`: refuses duplicates, opens a
	/// gap for skipped numbers (up to half the numbering ahead, wrapping after
	/// `MAX_FILE_SEQUENCE`), closes a gap for a late file. Returns whether the file was late.
	fn control_sequence(
		control: &mut SequenceControl,
		sender: TadigCode,
		recipient: TadigCode,
		sequence: FileSequence,
	) -> Result<bool, DispatchError> {
		ensure!((1..=MAX_FILE_SEQUENCE).contains(&sequence), Error::<T>::InvalidSequence);
		let expected = control.expected.clamp(1, MAX_FILE_SEQUENCE);
		if let Some(position) =
			control.gaps.iter().position(|(first, last)| (*first..=*last).contains(&sequence))
		{
			let (first, last) =
				control.gaps.get(position).copied().ok_or(Error::<T>::DuplicateSequence)?;
			control.gaps.remove(position);
			let mut insert_at = position;
			if first < sequence {
				control
					.gaps
					.try_insert(insert_at, (first, sequence.saturating_sub(1)))
					.map_err(|_| Error::<T>::TooManyGaps)?;
				insert_at = insert_at.saturating_add(1);
			}
			if sequence < last {
				control
					.gaps
					.try_insert(insert_at, (sequence.saturating_add(1), last))
					.map_err(|_| Error::<T>::TooManyGaps)?;
			}
			Self::deposit_event(Event::GapFilled { sender, recipient, sequence });
			return Ok(true);
		}
		// Numbers ahead of the expected one (within half the numbering) are new; the rest are
		// old numbers already received.
		let ahead = if sequence >= expected {
			sequence.saturating_sub(expected)
		} else {
			MAX_FILE_SEQUENCE.saturating_sub(expected).saturating_add(sequence)
		};
		ensure!(ahead < MAX_FILE_SEQUENCE / 2, Error::<T>::DuplicateSequence);
		if ahead > 0 {
			let last = Self::sequence_after(sequence, MAX_FILE_SEQUENCE.saturating_sub(1));
			if expected <= last {
				Self::insert_gap(&mut control.gaps, expected, last)?;
			} else {
				Self::insert_gap(&mut control.gaps, expected, MAX_FILE_SEQUENCE)?;
				Self::insert_gap(&mut control.gaps, 1, last)?;
			}
			Self::deposit_event(Event::SequenceGap { sender, recipient, first: expected, last });
		}
		control.expected = Self::sequence_after(sequence, 1);
		Ok(false)
	}

	/// The first period after `closed` that the agreement covers, has started and is not closed.
	fn next_open_period(
		id: AgreementId,
		agreement: &AgreementOf<T>,
		closed: SettlementPeriod,
		now: SettlementPeriod,
	) -> Result<SettlementPeriod, DispatchError> {
		let last = agreement.terms.valid_to.min(now);
		let mut candidate = closed;
		while candidate < last {
			candidate = candidate.add_months(1).ok_or(Error::<T>::Overflow)?;
			if !Statements::<T>::contains_key(id, candidate) {
				return Ok(candidate);
			}
		}
		Err(Error::<T>::PeriodClosed.into())
	}

	/// The chain's clock in seconds.
	fn now_secs() -> u64 {
		use frame_support::traits::UnixTime;
		T::Time::now().as_secs()
	}

	pub(crate) fn do_submit_batch(
		who: T::AccountId,
		id: AgreementId,
		report: UsageReport,
	) -> DispatchResult {
		let agreement = Self::agreement_of(id)?;
		let network = Self::party_side(&agreement, &who)?;
		ensure!(
			matches!(agreement.status, AgreementStatus::Active | AgreementStatus::Terminating),
			Error::<T>::NotActive
		);
		let period = report.period;
		ensure!(period.is_valid(), Error::<T>::InvalidPeriod);
		ensure!(
			agreement.terms.valid_from <= period && period <= agreement.terms.valid_to,
			Error::<T>::OutsideValidity
		);
		let current = Self::current_period()?;
		ensure!(period <= current, Error::<T>::FuturePeriod);
		ensure!(report.currency.is_valid(), Error::<T>::InvalidCurrency);
		let now_secs = Self::now_secs();

		let currency = agreement.terms.currency;
		// Claims and ratings stay exact (sub-units); only a period's total is rounded.
		let claimed_exact = if report.currency == currency {
			rating::to_exact(report.claimed).ok_or(Error::<T>::RatingOverflow)?
		} else {
			let key = (period, report.currency, currency);
			let rate = ExchangeRates::<T>::get(key).ok_or(Error::<T>::NoExchangeRate)?;
			if !report.test_file {
				RatesInUse::<T>::insert(key, ());
			}
			rating::convert_exact(report.claimed, &rate).ok_or(Error::<T>::RatingOverflow)?
		};
		let claimed = rating::round_half_up(claimed_exact);
		// Usage is rated with the terms of its own period, pinned from its first batch on.
		let pinned = if report.test_file {
			Self::terms_for(id, &agreement, period)
		} else {
			Self::pin_terms(id, &agreement, period)
		};
		// Confidential terms (a commitment pinned, no price on chain) cannot be rated: the
		// batch books its claim and is matched by dual posting; its re-rating stays zero until
		// a party reveals the terms in a dispute. Its whole claim is withheld until the home
		// side answers (`AWAITING_HOME_TOTALS_REASON`): silence accepts nothing the chain has
		// not checked.
		let confidential = pinned.commitment.is_some();
		let tariff = &pinned.network(network).tariff;
		let rated_exact = if confidential {
			0
		} else {
			rating::rate_usage_exact(tariff, &report.usage)
				.map_err(|_| Error::<T>::RatingOverflow)?
		};
		let rated = rating::round_half_up(rated_exact);
		// The claim stands, except that within one minor unit of the exact re-rating it is the
		// re-rating (rounded by the sender); an excess over the re-rating beyond the tolerance
		// is reconciled.
		let value_exact = if confidential {
			claimed_exact
		} else {
			rating::booked_value(claimed_exact, rated_exact)
		};
		let value = rating::round_half_up(value_exact);
		let mismatch = !confidential && value_exact != rated_exact;
		let (reconcile, reason) = if confidential {
			let whole = rating::round_up(value_exact);
			((whole > 0).then_some(whole), AWAITING_HOME_TOTALS_REASON)
		} else {
			let excess = rating::reconciliation(
				pinned.network(network).tolerance_of(PostedService::Charge),
				claimed_exact,
				rated_exact,
			);
			(excess, RECONCILIATION_REASON)
		};
		let awaiting = reconcile.is_some() && reason == AWAITING_HOME_TOTALS_REASON;
		let withheld_exact = reconcile.map(|amount| Self::withheld_exact(amount, value_exact));

		let sender = agreement.tadig(network);
		let recipient = agreement.tadig(network.other());
		let sequences =
			if report.test_file { TestSequences::<T>::get } else { Sequences::<T>::get };
		let mut control = sequences((sender, recipient));
		Self::control_sequence(&mut control, sender, recipient, report.sequence)?;
		// The same file under another number (or the other numbering) is refused.
		if let Some(seen) = FileHashes::<T>::get(id, report.file) {
			ensure!(
				now_secs >= seen.seen_at.saturating_add(DUPLICATE_WINDOW_SECS),
				Error::<T>::DuplicateFile
			);
		}
		if report.test_file {
			TestSequences::<T>::insert((sender, recipient), control);
			Self::deposit_event(Event::TestFileReceived {
				agreement: id,
				network,
				sequence: report.sequence,
				claimed,
				rated,
			});
			return Ok(());
		}
		Sequences::<T>::insert((sender, recipient), control);
		ensure!(
			!Batches::<T>::contains_key((id, network, report.sequence)),
			Error::<T>::DuplicateSequence
		);
		// A late file of a closed period is a late adjustment of the next open one.
		let usage_period = period;
		let period = if Statements::<T>::contains_key(id, usage_period) {
			let booked_into = Self::next_open_period(id, &agreement, usage_period, current)?;
			Self::deposit_event(Event::LateFileBooked {
				agreement: id,
				network,
				sequence: report.sequence,
				usage_period,
				booked_into,
			});
			booked_into
		} else {
			usage_period
		};
		FileHashes::<T>::insert(
			id,
			report.file,
			FileSeen { network, sequence: report.sequence, seen_at: now_secs },
		);

		if !Self::has_usage(id, period) {
			Agreements::<T>::try_mutate(id, |stored| -> DispatchResult {
				let stored = stored.as_mut().ok_or(Error::<T>::UnknownAgreement)?;
				stored.open_periods =
					stored.open_periods.checked_add(1).ok_or(Error::<T>::Overflow)?;
				Ok(())
			})?;
		}
		let now = frame_system::Pallet::<T>::block_number();
		let dispute_deadline = now.saturating_add(agreement.terms.dispute_window.into());
		Totals::<T>::try_mutate((id, period, network), |totals| -> DispatchResult {
			totals.batches = totals.batches.checked_add(1).ok_or(Error::<T>::Overflow)?;
			if mismatch {
				totals.mismatches = totals.mismatches.saturating_add(1);
			}
			totals.records = totals
				.records
				.checked_add(u64::from(report.records))
				.ok_or(Error::<T>::Overflow)?;
			totals.claimed_exact =
				totals.claimed_exact.checked_add(claimed_exact).ok_or(Error::<T>::Overflow)?;
			totals.rated_exact =
				totals.rated_exact.checked_add(rated_exact).ok_or(Error::<T>::Overflow)?;
			totals.value_exact =
				totals.value_exact.checked_add(value_exact).ok_or(Error::<T>::Overflow)?;
			totals.claimed = rating::round_half_up(totals.claimed_exact);
			totals.rated = rating::round_half_up(totals.rated_exact);
			totals.value = rating::round_half_up(totals.value_exact);
			match (reconcile, withheld_exact) {
				(Some(amount), Some(withheld)) => {
					totals.open_disputes =
						totals.open_disputes.checked_add(1).ok_or(Error::<T>::Overflow)?;
					totals.disputed =
						totals.disputed.checked_add(amount).ok_or(Error::<T>::Overflow)?;
					totals.disputed_exact =
						totals.disputed_exact.checked_add(withheld).ok_or(Error::<T>::Overflow)?;
					// A claim awaiting the home side's answer also counts as unanswered: the
					// period does not close before its window ends.
					if awaiting {
						totals.pending =
							totals.pending.checked_add(1).ok_or(Error::<T>::Overflow)?;
					}
				},
				_ => totals.pending = totals.pending.checked_add(1).ok_or(Error::<T>::Overflow)?,
			}
			totals.latest_deadline = totals.latest_deadline.max(dispute_deadline);
			Ok(())
		})?;
		Self::count_discount_usage(id, period, network, &report.usage)?;

		let deposit = T::BatchDeposit::get();
		Self::hold(HoldReason::BatchDeposit, &who, deposit)?;
		Batches::<T>::insert(
			(id, network, report.sequence),
			Batch {
				period,
				usage_period,
				records: report.records,
				usage: report.usage,
				file: report.file,
				claimed,
				rated,
				value,
				version: pinned.version,
				received_at: now,
				dispute_deadline,
				status: match reconcile {
					Some(amount) => BatchStatus::Disputed {
						amount,
						reason,
						evidence: DocumentHash::zero(),
						proposal: None,
						escalated: false,
					},
					None => BatchStatus::Pending,
				},
				resolve_by: reconcile.map(|_| dispute_deadline),
				deposit: deposit.saturated_into(),
				claimed_exact,
				rated_exact,
				value_exact,
			},
		);
		Self::deposit_event(Event::BatchReceived {
			agreement: id,
			network,
			sequence: report.sequence,
			period,
			claimed,
			rated,
			value,
			dispute_deadline,
			rated_exact,
			value_exact,
		});
		if mismatch {
			Self::deposit_event(Event::RatingMismatch {
				agreement: id,
				network,
				sequence: report.sequence,
				claimed,
				rated,
			});
		}
		match reconcile {
			Some(amount) if awaiting => Self::deposit_event(Event::BatchDisputed {
				agreement: id,
				network,
				sequence: report.sequence,
				amount,
				reason,
				evidence: DocumentHash::zero(),
			}),
			Some(amount) => Self::deposit_event(Event::ReconciliationOpened {
				agreement: id,
				network,
				sequence: report.sequence,
				amount,
			}),
			None => {},
		}
		Ok(())
	}

	/// Loads a batch that the caller, as home operator, may still answer. A confidential claim
	/// awaiting the home side's answer is released to pending (in its period's totals too), so
	/// the answer proceeds as for any pending batch; the caller stores the batch.
	fn pending_batch_for_home(
		who: &T::AccountId,
		id: AgreementId,
		network: Side,
		sequence: FileSequence,
	) -> Result<Batch<BlockNumberFor<T>>, DispatchError> {
		let agreement = Self::agreement_of(id)?;
		ensure!(Self::party_side(&agreement, who)? == network.other(), Error::<T>::NotHomeOperator);
		let mut batch =
			Batches::<T>::get((id, network, sequence)).ok_or(Error::<T>::UnknownBatch)?;
		ensure!(
			batch.status == BatchStatus::Pending || Self::awaits_home(&batch),
			Error::<T>::NotPending
		);
		ensure!(
			frame_system::Pallet::<T>::block_number() <= batch.dispute_deadline,
			Error::<T>::DisputeWindowClosed
		);
		Self::release_awaiting(id, network, &mut batch)?;
		Ok(batch)
	}

	/// Whether `batch` is a confidential claim still withheld for the home side's answer.
	pub(crate) fn awaits_home(batch: &Batch<BlockNumberFor<T>>) -> bool {
		matches!(
			batch.status,
			BatchStatus::Disputed { reason, .. } if reason == AWAITING_HOME_TOTALS_REASON
		)
	}

	/// The home side answers a confidential claim withheld for it (within the window): the
	/// hold is lifted in the period's totals and the batch is pending again (still counted as
	/// unanswered). Does nothing to any other batch.
	pub(crate) fn release_awaiting(
		id: AgreementId,
		network: Side,
		batch: &mut Batch<BlockNumberFor<T>>,
	) -> DispatchResult {
		let BatchStatus::Disputed { amount, reason, .. } = batch.status else {
			return Ok(());
		};
		if reason != AWAITING_HOME_TOTALS_REASON {
			return Ok(());
		}
		let withheld = Self::withheld_exact(amount, batch.value_exact);
		Totals::<T>::mutate((id, batch.period, network), |totals| {
			totals.open_disputes = totals.open_disputes.saturating_sub(1);
			totals.disputed = totals.disputed.saturating_sub(amount);
			totals.disputed_exact = totals.disputed_exact.saturating_sub(withheld);
		});
		batch.status = BatchStatus::Pending;
		batch.resolve_by = None;
		Ok(())
	}

	pub(crate) fn do_accept_batch(
		who: T::AccountId,
		id: AgreementId,
		network: Side,
		sequence: FileSequence,
	) -> DispatchResult {
		let mut batch = Self::pending_batch_for_home(&who, id, network, sequence)?;
		batch.status = BatchStatus::Accepted;
		Totals::<T>::mutate((id, batch.period, network), |totals| {
			totals.pending = totals.pending.saturating_sub(1)
		});
		Batches::<T>::insert((id, network, sequence), batch);
		Self::deposit_event(Event::BatchAccepted { agreement: id, network, sequence });
		Ok(())
	}

	#[allow(clippy::too_many_arguments)]
	pub(crate) fn do_dispute_batch(
		who: T::AccountId,
		id: AgreementId,
		network: Side,
		sequence: FileSequence,
		amount: Amount,
		reason: ReasonCode,
		evidence: DocumentHash,
	) -> DispatchResult {
		let mut batch = Self::pending_batch_for_home(&who, id, network, sequence)?;
		ensure!(
			amount > 0 && amount <= rating::round_up(batch.value_exact),
			Error::<T>::InvalidDisputeAmount
		);
		// The chain's own codes (a reconciliation, a posting mismatch, a withheld confidential
		// claim) are not the parties' to use.
		ensure!(
			reason != RECONCILIATION_REASON
				&& reason != crate::posting::POSTING_MISMATCH_REASON
				&& reason != AWAITING_HOME_TOTALS_REASON,
			Error::<T>::ReservedReasonCode
		);
		let window = Self::agreement_of(id)?.terms.dispute_window;
		Self::open_dispute(id, network, &mut batch, amount, reason, evidence, window)?;
		Batches::<T>::insert((id, network, sequence), batch);
		Self::deposit_event(Event::BatchDisputed {
			agreement: id,
			network,
			sequence,
			amount,
			reason,
			evidence,
		});
		Ok(())
	}

	pub(crate) fn do_propose_settlement(
		who: T::AccountId,
		id: AgreementId,
		network: Side,
		sequence: FileSequence,
		amount: Amount,
	) -> DispatchResult {
		let agreement = Self::agreement_of(id)?;
		let by = Self::party_side(&agreement, &who)?;
		let mut batch =
			Batches::<T>::get((id, network, sequence)).ok_or(Error::<T>::UnknownBatch)?;
		ensure!(amount <= batch.claimed, Error::<T>::SettlementAboveValue);
		let overdue = batch
			.resolve_by
			.is_some_and(|deadline| frame_system::Pallet::<T>::block_number() > deadline);
		let BatchStatus::Disputed { proposal, escalated, .. } = &mut batch.status else {
			return Err(Error::<T>::NotDisputed.into());
		};
		let agreed = matches!(proposal, Some(p) if p.by != by && p.amount == amount);
		if agreed {
			return Self::resolve(id, network, sequence, batch, amount, false);
		}
		// Past the resolution deadline the dispute is escalated to the arbiter (once); the
		// parties keep proposing, and a matching proposal still ends it.
		let escalates = overdue && !*escalated;
		*escalated |= overdue;
		*proposal = Some(SettlementProposal { by, amount });
		Batches::<T>::insert((id, network, sequence), batch);
		if escalates {
			Self::deposit_event(Event::DisputeEscalated { agreement: id, network, sequence });
		}
		Self::deposit_event(Event::SettlementProposed {
			agreement: id,
			network,
			sequence,
			by,
			amount,
		});
		Ok(())
	}

	pub(crate) fn do_arbitrate(
		id: AgreementId,
		network: Side,
		sequence: FileSequence,
		amount: Amount,
	) -> DispatchResult {
		let batch = Batches::<T>::get((id, network, sequence)).ok_or(Error::<T>::UnknownBatch)?;
		ensure!(matches!(batch.status, BatchStatus::Disputed { .. }), Error::<T>::NotDisputed);
		ensure!(amount <= batch.claimed, Error::<T>::SettlementAboveValue);
		Self::resolve(id, network, sequence, batch, amount, true)
	}

	/// Ends a dispute: the batch settles at `value` from now on.
	fn resolve(
		id: AgreementId,
		network: Side,
		sequence: FileSequence,
		mut batch: Batch<BlockNumberFor<T>>,
		value: Amount,
		by_arbiter: bool,
	) -> DispatchResult {
		let BatchStatus::Disputed { amount: disputed, reason, .. } = batch.status else {
			return Err(Error::<T>::NotDisputed.into());
		};
		// A confidential claim the home side never answered was also counted as unanswered.
		let unanswered = reason == AWAITING_HOME_TOTALS_REASON;
		let previous = batch.value_exact;
		let withheld = Self::withheld_exact(disputed, previous);
		let value_exact = rating::to_exact(value).ok_or(Error::<T>::Overflow)?;
		Totals::<T>::try_mutate((id, batch.period, network), |totals| -> DispatchResult {
			totals.value_exact = totals
				.value_exact
				.saturating_sub(previous)
				.checked_add(value_exact)
				.ok_or(Error::<T>::Overflow)?;
			totals.value = rating::round_half_up(totals.value_exact);
			totals.disputed = totals.disputed.saturating_sub(disputed);
			totals.disputed_exact = totals.disputed_exact.saturating_sub(withheld);
			totals.open_disputes = totals.open_disputes.saturating_sub(1);
			if unanswered {
				totals.pending = totals.pending.saturating_sub(1);
			}
			Ok(())
		})?;
		batch.value = value;
		batch.value_exact = value_exact;
		batch.status = BatchStatus::Resolved { by_arbiter };
		batch.resolve_by = None;
		if Statements::<T>::contains_key(id, batch.period) {
			let counted = previous.saturating_sub(withheld);
			Self::true_up(id, batch.period, network, sequence, counted, disputed, value_exact)?;
		}
		Batches::<T>::insert((id, network, sequence), batch);
		Self::deposit_event(Event::DisputeResolved {
			agreement: id,
			network,
			sequence,
			value,
			by_arbiter,
		});
		Ok(())
	}

	/// A dispute of a closed period ended at `value` (exact): the close counted `counted`
	/// (exact) of the batch and withheld the rest of its `disputed` amount. The direction's exact
	/// accepted charge is re-priced, rounded once and discounted with the period's pinned
	/// discount; the difference in its payable goes to clearing between the two parties.
	fn true_up(
		id: AgreementId,
		period: SettlementPeriod,
		network: Side,
		sequence: FileSequence,
		counted: ExactAmount,
		disputed: Amount,
		value: ExactAmount,
	) -> DispatchResult {
		let mut agreement = Self::agreement_of(id)?;
		let mut statement = Statements::<T>::get(id, period).ok_or(Error::<T>::UnknownStatement)?;
		let pinned = Self::terms_for(id, &agreement, period);
		let direction = match network {
			Side::A => &mut statement.network_a,
			Side::B => &mut statement.network_b,
		};
		let accepted_exact = direction
			.accepted_exact
			.saturating_sub(counted)
			.checked_add(value)
			.ok_or(Error::<T>::Overflow)?;
		let accepted = rating::round_half_up(accepted_exact);
		let discount = match &pinned.network(network).discount {
			Some(discount) => {
				rating::discount_on(discount, accepted).ok_or(Error::<T>::RatingOverflow)?
			},
			None => 0,
		};
		let payable = accepted.saturating_sub(discount);
		let before = direction.payable;
		direction.accepted_exact = accepted_exact;
		direction.accepted = accepted;
		direction.discount = discount;
		direction.payable = payable;
		direction.withheld = direction.withheld.saturating_sub(disputed);
		// Usage on `network` is owed by the other party; a lower payable is refunded.
		let (visited, home) =
			(agreement.party(network).clone(), agreement.party(network.other()).clone());
		let (payer, payee, amount) = if payable >= before {
			(home, visited, payable.saturating_sub(before))
		} else {
			(visited, home, before.saturating_sub(payable))
		};
		// Converted at the statement's invoice rate, if it has one, and rounded on its own.
		let (currency, amount) =
			Self::obligation_amount(statement.currency, statement.invoice.as_ref(), amount)?;
		if amount > 0 {
			let reference = DocumentHash::from(sp_io::hashing::blake2_256(
				&(id, period, network, sequence, value, b"true-up").encode(),
			));
			let obligation = T::Obligations::submit(Obligation {
				payer: payer.clone(),
				payee: payee.clone(),
				currency,
				amount,
				source: ObligationSource::Roaming,
				reference,
			})?;
			Self::deposit_event(Event::TrueUp {
				agreement: id,
				period,
				network,
				sequence,
				payer,
				payee,
				amount,
				obligation,
			});
		}
		Statements::<T>::insert(id, period, statement);
		agreement.withheld_disputes = agreement.withheld_disputes.saturating_sub(1);
		Self::end_if_done(id, &mut agreement)?;
		Agreements::<T>::insert(id, agreement);
		Ok(())
	}

	/// What a dispute of `amount` withholds of a batch worth `value_exact`: its amount, at most
	/// the batch's exact value (a dispute may name the value rounded up).
	pub(crate) fn withheld_exact(amount: Amount, value_exact: ExactAmount) -> ExactAmount {
		amount.saturating_mul(SUB_UNITS).min(value_exact)
	}

	pub(crate) fn do_set_exchange_rate(
		period: SettlementPeriod,
		from: CurrencyCode,
		to: CurrencyCode,
		rate: ExchangeRate,
	) -> DispatchResult {
		ensure!(period.is_valid(), Error::<T>::InvalidPeriod);
		ensure!(from.is_valid() && to.is_valid(), Error::<T>::InvalidCurrency);
		ensure!(
			from != to && rate.rate > 0 && rate.decimals <= 18,
			Error::<T>::InvalidExchangeRate
		);
		ensure!(!RatesInUse::<T>::contains_key((period, from, to)), Error::<T>::RateInUse);
		ExchangeRates::<T>::insert((period, from, to), rate);
		Self::deposit_event(Event::ExchangeRateSet { period, from, to, rate });
		Ok(())
	}

	/// One direction of a period, checked to be final and priced with its discount.
	fn settle_direction(
		terms: &PinnedTerms,
		totals: &PeriodTotals<BlockNumberFor<T>>,
		network: Side,
		now: BlockNumberFor<T>,
	) -> Result<DirectionStatement, DispatchError> {
		ensure!(totals.pending == 0 || now > totals.latest_deadline, Error::<T>::DisputeWindowOpen);
		// Open disputes withhold only their own amounts. The direction's exact total is
		// rounded here, once.
		let withheld = totals.disputed;
		let accepted_exact = totals.value_exact.saturating_sub(totals.disputed_exact);
		let accepted = rating::round_half_up(accepted_exact);
		let discount = match &terms.network(network).discount {
			Some(discount) => {
				rating::discount_on(discount, accepted).ok_or(Error::<T>::RatingOverflow)?
			},
			None => 0,
		};
		Ok(DirectionStatement {
			batches: totals.batches,
			records: totals.records,
			claimed: totals.claimed,
			accepted,
			discount,
			payable: accepted.saturating_sub(discount),
			withheld,
			payable_at_close: accepted.saturating_sub(discount),
			accepted_exact,
		})
	}

	pub(crate) fn do_close_period(
		who: T::AccountId,
		id: AgreementId,
		period: SettlementPeriod,
	) -> DispatchResult {
		let mut agreement = Self::agreement_of(id)?;
		Self::party_side(&agreement, &who)?;
		// An ended agreement has every period with usage closed and its terms unpinned; a
		// later close would only pin terms again (with nothing left to remove them).
		ensure!(
			matches!(agreement.status, AgreementStatus::Active | AgreementStatus::Terminating),
			Error::<T>::NotActive
		);
		ensure!(period.is_valid(), Error::<T>::InvalidPeriod);
		ensure!(
			agreement.terms.valid_from <= period && period <= agreement.terms.valid_to,
			Error::<T>::OutsideValidity
		);
		ensure!(period < Self::current_period()?, Error::<T>::PeriodNotOver);
		ensure!(!Statements::<T>::contains_key(id, period), Error::<T>::PeriodClosed);

		let now = frame_system::Pallet::<T>::block_number();
		let pinned = Self::pin_terms(id, &agreement, period);
		let network_a = Self::settle_direction(
			&pinned,
			&Totals::<T>::get((id, period, Side::A)),
			Side::A,
			now,
		)?;
		let network_b = Self::settle_direction(
			&pinned,
			&Totals::<T>::get((id, period, Side::B)),
			Side::B,
			now,
		)?;
		let currency = agreement.terms.currency;
		// Usage on A's network is owed by B to A, and the other way round.
		let (payer, payee, net) = if network_a.payable >= network_b.payable {
			(
				&agreement.party_b,
				&agreement.party_a,
				network_a.payable.saturating_sub(network_b.payable),
			)
		} else {
			(
				&agreement.party_a,
				&agreement.party_b,
				network_b.payable.saturating_sub(network_a.payable),
			)
		};
		let reference = DocumentHash::from(sp_io::hashing::blake2_256(
			&(id, period, network_a, network_b, currency).encode(),
		));
		// An agreement invoicing in another currency converts the net at its rate date's rate
		// (the close waits until that rate is published). A month with amounts withheld under
		// dispute needs the rate even when its net is zero: their true-ups are invoiced with it.
		let withheld = network_a.withheld > 0 || network_b.withheld > 0;
		let invoice = Self::invoice_conversion(&agreement.terms, period, net, withheld)?;
		let (due_currency, due) = match &invoice {
			Some(conversion) => (conversion.currency, conversion.net),
			None => (currency, net),
		};
		let (payer, payee, obligation) = if due > 0 {
			let obligation = T::Obligations::submit(Obligation {
				payer: payer.clone(),
				payee: payee.clone(),
				currency: due_currency,
				amount: due,
				source: ObligationSource::Roaming,
				reference,
			})?;
			(Some(payer.clone()), Some(payee.clone()), Some(obligation))
		} else {
			(None, None, None)
		};
		Statements::<T>::insert(
			id,
			period,
			Statement {
				network_a,
				network_b,
				currency,
				payer: payer.clone(),
				payee: payee.clone(),
				net,
				obligation,
				reference,
				closed_at: now,
				signed_by_a: false,
				signed_by_b: false,
				invoice,
			},
		);
		Self::deposit_event(Event::PeriodClosed {
			agreement: id,
			period,
			payer,
			payee,
			net,
			obligation,
			reference,
		});
		if Self::has_usage(id, period) {
			agreement.open_periods = agreement.open_periods.saturating_sub(1);
		}
		let disputes = Totals::<T>::get((id, period, Side::A))
			.open_disputes
			.saturating_add(Totals::<T>::get((id, period, Side::B)).open_disputes);
		agreement.withheld_disputes =
			agreement.withheld_disputes.checked_add(disputes).ok_or(Error::<T>::Overflow)?;
		Self::end_if_done(id, &mut agreement)?;
		Agreements::<T>::insert(id, agreement);
		Ok(())
	}

	pub(crate) fn do_sign_off_statement(
		who: T::AccountId,
		id: AgreementId,
		period: SettlementPeriod,
	) -> DispatchResult {
		let agreement = Self::agreement_of(id)?;
		let by = Self::party_side(&agreement, &who)?;
		Statements::<T>::try_mutate(id, period, |statement| -> DispatchResult {
			let statement = statement.as_mut().ok_or(Error::<T>::UnknownStatement)?;
			let signed = match by {
				Side::A => &mut statement.signed_by_a,
				Side::B => &mut statement.signed_by_b,
			};
			ensure!(!*signed, Error::<T>::AlreadySignedOff);
			*signed = true;
			let complete = statement.signed_by_a && statement.signed_by_b;
			Self::deposit_event(Event::StatementSignedOff { agreement: id, period, by, complete });
			Ok(())
		})
	}

	pub(crate) fn do_purge_batch(
		id: AgreementId,
		network: Side,
		sequence: FileSequence,
	) -> DispatchResult {
		let batch = Batches::<T>::get((id, network, sequence)).ok_or(Error::<T>::UnknownBatch)?;
		ensure!(Statements::<T>::contains_key(id, batch.period), Error::<T>::PeriodOpen);
		ensure!(!matches!(batch.status, BatchStatus::Disputed { .. }), Error::<T>::OpenDisputes);
		let own_entry = FileHashes::<T>::get(id, batch.file)
			.filter(|seen| seen.network == network && seen.sequence == sequence);
		if let Some(seen) = own_entry {
			ensure!(
				Self::now_secs() >= seen.seen_at.saturating_add(DUPLICATE_WINDOW_SECS),
				Error::<T>::DuplicateWindowOpen
			);
			FileHashes::<T>::remove(id, batch.file);
		}
		let agreement = Self::agreement_of(id)?;
		Self::release(HoldReason::BatchDeposit, agreement.party(network), batch.deposit)?;
		Batches::<T>::remove((id, network, sequence));
		DualPostings::<T>::remove((id, network, sequence));
		Self::deposit_event(Event::BatchPurged { agreement: id, network, sequence });
		Ok(())
	}

	// ---- queries (runtime API) ----

	/// The batches of an agreement, optionally only those of `period`, by network and sequence.
	pub fn batches(
		id: AgreementId,
		period: Option<SettlementPeriod>,
	) -> alloc::vec::Vec<BatchInfo<BlockNumberFor<T>>> {
		let mut list: alloc::vec::Vec<_> =
			[Side::A, Side::B]
				.into_iter()
				.flat_map(|network| {
					Batches::<T>::iter_prefix((id, network))
						.map(move |(sequence, batch)| BatchInfo { network, sequence, batch })
				})
				.filter(|info| period.is_none_or(|p| info.batch.period == p))
				.collect();
		list.sort_by_key(|info| (info.network, info.sequence));
		list
	}

	/// The running balance of an agreement for a period.
	pub fn running_balance(
		id: AgreementId,
		period: SettlementPeriod,
	) -> RunningBalance<BlockNumberFor<T>> {
		let network_a = Totals::<T>::get((id, period, Side::A));
		let network_b = Totals::<T>::get((id, period, Side::B));
		let to_a = i128::try_from(network_a.value).unwrap_or(i128::MAX);
		let to_b = i128::try_from(network_b.value).unwrap_or(i128::MAX);
		RunningBalance {
			network_a,
			network_b,
			net_to_a: to_a.saturating_sub(to_b),
			closed: Statements::<T>::contains_key(id, period),
		}
	}

	/// Checks the pallet's invariants: totals match their batches, deposits match holds, the
	/// sequence control is well-formed and indexes point where they should.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;
		use frame_support::traits::fungible::InspectHold;

		let mut held: BTreeMap<(T::AccountId, bool), u128> = BTreeMap::new();
		let mut code_uses: BTreeMap<TadigCode, u32> = BTreeMap::new();
		for (id, agreement) in Agreements::<T>::iter() {
			ensure!(id < NextAgreementId::<T>::get(), "agreement id beyond the next id");
			ensure!(agreement.party_a != agreement.party_b, "agreement with itself");
			ensure!(
				agreement.terms.valid_from <= agreement.terms.valid_to,
				"validity ends before it starts"
			);
			ensure!(
				[&agreement.terms.network_a, &agreement.terms.network_b]
					.into_iter()
					.all(|network| Self::check_tolerances(network).is_ok()),
				"tolerances well formed"
			);
			ensure!(
				(agreement.status == AgreementStatus::Proposed) == (agreement.version == 0),
				"version 0 exactly while proposed"
			);
			let slot = held.entry((agreement.party_a.clone(), true)).or_default();
			*slot = slot.saturating_add(agreement.deposit);
			ensure!(
				agreement.status != AgreementStatus::Ended || agreement.deposit == 0,
				"deposit released when ended"
			);
			if let Some(previous) = agreement.previous.and_then(Agreements::<T>::get) {
				ensure!(
					previous.terms.valid_to < agreement.terms.valid_from,
					"agreements of a pair do not overlap"
				);
			}
			let mut open: u32 = 0;
			let mut seen: alloc::collections::BTreeSet<SettlementPeriod> = Default::default();
			for ((period, _), totals) in Totals::<T>::iter_prefix((id,)) {
				if totals.batches > 0
					&& seen.insert(period)
					&& !Statements::<T>::contains_key(id, period)
				{
					open = open.saturating_add(1);
				}
			}
			ensure!(open == agreement.open_periods, "open periods counted");
			for (period, pinned) in PeriodTerms::<T>::iter_prefix(id) {
				ensure!(
					agreement.status != AgreementStatus::Ended,
					"no pinned terms after the end"
				);
				ensure!(pinned.version <= agreement.version, "pinned a future version");
				ensure!(period >= agreement.terms.valid_from, "pinned before the validity");
			}
			for code in [agreement.tadig_a, agreement.tadig_b] {
				let uses = code_uses.entry(code).or_default();
				*uses = uses.saturating_add(1);
			}

			let mut withheld_disputes: u32 = 0;
			// Totals of open periods equal the sums over their batches.
			let mut sums: BTreeMap<(SettlementPeriod, Side), PeriodTotals<BlockNumberFor<T>>> =
				BTreeMap::new();
			for network in [Side::A, Side::B] {
				for (_, batch) in Batches::<T>::iter_prefix((id, network)) {
					let claim_ceiling = batch
						.claimed_exact
						.max(batch.rated_exact)
						.max(batch.claimed.saturating_mul(SUB_UNITS));
					ensure!(batch.value_exact <= claim_ceiling, "batch value above its claim");
					ensure!(
						batch.value == rating::round_half_up(batch.value_exact),
						"batch value is its exact value rounded"
					);
					let slot = held.entry((agreement.party(network).clone(), false)).or_default();
					*slot = slot.saturating_add(batch.deposit);
					let sum = sums.entry((batch.period, network)).or_default();
					sum.batches = sum.batches.saturating_add(1);
					sum.value_exact = sum.value_exact.saturating_add(batch.value_exact);
					sum.claimed_exact = sum.claimed_exact.saturating_add(batch.claimed_exact);
					sum.rated_exact = sum.rated_exact.saturating_add(batch.rated_exact);
					match batch.status {
						BatchStatus::Pending => sum.pending = sum.pending.saturating_add(1),
						BatchStatus::Disputed { amount, reason, .. } => {
							ensure!(batch.resolve_by.is_some(), "a dispute has a deadline");
							if reason == AWAITING_HOME_TOTALS_REASON {
								ensure!(
									agreement.sealed.is_some(),
									"only a confidential claim awaits the home side"
								);
								sum.pending = sum.pending.saturating_add(1);
							}
							sum.open_disputes = sum.open_disputes.saturating_add(1);
							sum.disputed = sum.disputed.saturating_add(amount);
							sum.disputed_exact = sum
								.disputed_exact
								.saturating_add(Self::withheld_exact(amount, batch.value_exact));
							if Statements::<T>::contains_key(id, batch.period) {
								withheld_disputes = withheld_disputes.saturating_add(1);
							}
						},
						BatchStatus::Accepted | BatchStatus::Resolved { .. } => {},
					}
				}
			}
			ensure!(
				withheld_disputes == agreement.withheld_disputes,
				"disputes of closed periods counted"
			);
			for ((period, network), sum) in sums {
				if Statements::<T>::contains_key(id, period) {
					continue;
				}
				let totals = Totals::<T>::get((id, period, network));
				ensure!(totals.batches == sum.batches, "batch count of a period");
				ensure!(totals.value_exact == sum.value_exact, "exact value of a period");
				ensure!(totals.claimed_exact == sum.claimed_exact, "exact claims of a period");
				ensure!(totals.rated_exact == sum.rated_exact, "exact rating of a period");
				ensure!(totals.disputed_exact == sum.disputed_exact, "exact withheld of a period");
				ensure!(
					totals.value == rating::round_half_up(totals.value_exact)
						&& totals.claimed == rating::round_half_up(totals.claimed_exact)
						&& totals.rated == rating::round_half_up(totals.rated_exact),
					"a period's totals are its exact totals rounded once"
				);
				ensure!(totals.pending == sum.pending, "pending count of a period");
				ensure!(totals.open_disputes == sum.open_disputes, "open disputes of a period");
				ensure!(totals.disputed == sum.disputed, "disputed amount of a period");
			}
			for (period, statement) in Statements::<T>::iter_prefix(id) {
				ensure!(
					agreement.terms.valid_from <= period && period <= agreement.terms.valid_to,
					"statement outside the agreement"
				);
				for direction in [statement.network_a, statement.network_b] {
					ensure!(
						direction.payable.saturating_add(direction.discount) == direction.accepted,
						"payable is accepted less discount"
					);
					ensure!(
						direction.accepted == rating::round_half_up(direction.accepted_exact),
						"accepted is its exact value rounded once"
					);
				}
				let (a, b) =
					(statement.network_a.payable_at_close, statement.network_b.payable_at_close);
				ensure!(statement.net == a.max(b).saturating_sub(a.min(b)), "net of a statement");
				let due = statement.invoice.map_or(statement.net, |conversion| conversion.net);
				ensure!((due > 0) == statement.obligation.is_some(), "obligation iff net");
				if let Some(conversion) = statement.invoice {
					ensure!(
						agreement.terms.invoice.map(|terms| terms.currency)
							== Some(conversion.currency),
						"statement converted into the agreement's invoice currency"
					);
					ensure!(
						RatesInUse::<T>::contains_key((
							conversion.rate_period,
							statement.currency,
							conversion.currency
						)),
						"an invoice rate is frozen once used"
					);
				}
			}
		}
		for (code, uses) in &code_uses {
			ensure!(TadigAgreements::<T>::get(code) == *uses, "agreement count of a TADIG code");
		}
		for (code, owner) in TadigOwner::<T>::iter() {
			ensure!(TadigsOf::<T>::get(&owner).contains(&code), "TADIG owner index");
		}
		for ((sender, recipient), control) in
			Sequences::<T>::iter().chain(TestSequences::<T>::iter())
		{
			ensure!(
				(1..=MAX_FILE_SEQUENCE).contains(&control.expected),
				"expected sequence in the numbering"
			);
			let mut floor: FileSequence = 0;
			for (first, last) in control.gaps.iter() {
				ensure!(*first > floor && first <= last, "gaps ascending and disjoint");
				ensure!(*last <= MAX_FILE_SEQUENCE, "gap inside the numbering");
				ensure!(
					!(*first..=*last).contains(&control.expected),
					"the expected sequence is not missing"
				);
				floor = *last;
			}
			ensure!(sender != recipient, "sequence control of a network with itself");
		}
		for (id, hash, seen) in FileHashes::<T>::iter() {
			let batch = Batches::<T>::get((id, seen.network, seen.sequence));
			ensure!(batch.is_some_and(|b| b.file == hash), "file hash index points to its batch");
		}
		for ((who, agreement_deposit), amount) in held {
			let reason = if agreement_deposit {
				HoldReason::AgreementDeposit
			} else {
				HoldReason::BatchDeposit
			};
			let on_hold: u128 = T::Currency::balance_on_hold(&reason.into(), &who).saturated_into();
			ensure!(on_hold == amount, "deposits on hold match the records");
		}
		Self::try_state_postings()?;
		Self::try_state_sealed()
	}
}
