//! Logic of the clearing pallet: recording obligations, bills, batches and the cycle pipeline.

use crate::{netting, pallet::*, types::*};
use alloc::{collections::BTreeMap, vec::Vec};
use codec::Encode;
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		fungibles,
		tokens::{Precision, Preservation},
	},
};
use frame_system::{ensure_signed, pallet_prelude::*};
use sp_runtime::traits::{Saturating, Zero};
use telecom_primitives::{
	Amount, CurrencyCode, DocumentHash, Obligation, ObligationId, ObligationSink,
	OperatorMembership,
};

/// Most waiting defaults the hook retries per block.
pub(crate) const MAX_CARRY_RETRIES: u32 = 16;

impl<T: Config> Pallet<T> {
	/// The signed caller, if it is a participant.
	pub(crate) fn ensure_participant(origin: OriginFor<T>) -> Result<T::AccountId, DispatchError> {
		let who = ensure_signed(origin)?;
		ensure!(Participants::<T>::contains_key(&who), Error::<T>::NotParticipant);
		Ok(who)
	}

	/// Checks that `who` can be a counterparty, registering operators on first use: operators
	/// are participants by right.
	pub(crate) fn ensure_counterparty(who: &T::AccountId) -> DispatchResult {
		if Participants::<T>::contains_key(who) {
			return Ok(());
		}
		ensure!(T::Operators::is_operator(who), Error::<T>::CounterpartyNotParticipant);
		Self::add_participant(who, ParticipantKind::Operator)
	}

	/// Registers a participant with the next free index.
	pub(crate) fn add_participant(who: &T::AccountId, kind: ParticipantKind) -> DispatchResult {
		ensure!(!Participants::<T>::contains_key(who), Error::<T>::AlreadyParticipant);
		let index = ParticipantCount::<T>::get();
		ensure!(index < T::MaxParticipants::get(), Error::<T>::TooManyParticipants);
		Participants::<T>::insert(who, Participant { index, kind });
		ParticipantAccounts::<T>::insert(index, who);
		ParticipantCount::<T>::put(index.saturating_add(1));
		Self::deposit_event(Event::ParticipantRegistered { who: who.clone(), index, kind });
		Ok(())
	}

	/// Refuses a currency the consortium has not registered.
	pub(crate) fn ensure_currency(currency: CurrencyCode) -> DispatchResult {
		ensure!(Currencies::<T>::contains_key(currency), Error::<T>::UnknownCurrency);
		Ok(())
	}

	/// Registers `currency` (or updates its exponent), within `MaxCurrencies`.
	pub(crate) fn add_currency(currency: CurrencyCode, exponent: u8) -> DispatchResult {
		ensure!(currency.is_valid(), Error::<T>::InvalidCurrency);
		if !Currencies::<T>::contains_key(currency) {
			let count = CurrencyCount::<T>::get();
			ensure!(count < T::MaxCurrencies::get(), Error::<T>::TooManyCurrencies);
			CurrencyCount::<T>::put(count.saturating_add(1));
		}
		Currencies::<T>::insert(currency, CurrencyInfo { exponent });
		Ok(())
	}

	/// Refuses to change a registered currency's settlement asset or (with `Some`) exponent
	/// while a cut-off cycle carrying it settles: its payers may be frozen at on-chain
	/// settlement, priced in that exponent.
	pub(crate) fn ensure_rail_unchanged_while_settling(
		currency: CurrencyCode,
		exponent: Option<u8>,
		asset: Option<T::AssetId>,
	) -> DispatchResult {
		let Some(info) = Currencies::<T>::get(currency) else { return Ok(()) };
		let unchanged = SettlementAssets::<T>::get(currency) == asset
			&& exponent.is_none_or(|e| e == info.exponent);
		if unchanged {
			return Ok(());
		}
		if let Some(cycle) = SettlingCycle::<T>::get() {
			let settling = Cycles::<T>::get(cycle)
				.is_some_and(|c| c.phase > CyclePhase::Open && c.phase < CyclePhase::Settled);
			ensure!(
				!(settling && CycleCurrencies::<T>::get(cycle).contains(&currency)),
				Error::<T>::CurrencyInSettlement
			);
		}
		Ok(())
	}

	/// Opens cycle `id` at block `now`.
	pub(crate) fn open_cycle(id: CycleId, now: BlockNumberFor<T>) {
		let cut_off_due = now.saturating_add(T::CycleLength::get());
		Cycles::<T>::insert(
			id,
			Cycle {
				phase: CyclePhase::Open,
				opened_at: now,
				cut_off_due,
				instructed_at: None,
				obligations: 0,
				instructions: 0,
				unsettled: 0,
			},
		);
		OpenCycle::<T>::put(id);
		Self::deposit_event(Event::CycleOpened { cycle: id, cut_off_due });
	}

	/// Adds `currency` to the currencies of `cycle`.
	pub(crate) fn note_currency(cycle: CycleId, currency: CurrencyCode) -> DispatchResult {
		CycleCurrencies::<T>::try_mutate(cycle, |currencies| {
			if !currencies.contains(&currency) {
				currencies.try_push(currency).map_err(|_| Error::<T>::TooManyCurrencies)?;
			}
			Ok(())
		})
	}

	/// Adds `payable` and `receivable` to `who`'s position, counting new positions in `totals`.
	pub(crate) fn add_to_position(
		cycle: CycleId,
		currency: CurrencyCode,
		who: &T::AccountId,
		payable: Amount,
		receivable: Amount,
		totals: &mut CurrencyTotals,
	) -> DispatchResult {
		Positions::<T>::try_mutate((cycle, currency, who), |slot| {
			let position = match slot {
				Some(position) => position,
				None => {
					totals.participants =
						totals.participants.checked_add(1).ok_or(Error::<T>::Overflow)?;
					slot.insert(Position::default())
				},
			};
			position.payable = position.payable.checked_add(payable).ok_or(Error::<T>::Overflow)?;
			position.receivable =
				position.receivable.checked_add(receivable).ok_or(Error::<T>::Overflow)?;
			Ok(())
		})
	}

	/// Records that `payer` owes `payee` `amount` of `currency` in cycle `cycle`.
	pub(crate) fn record(
		cycle: CycleId,
		payer: &T::AccountId,
		payee: &T::AccountId,
		currency: CurrencyCode,
		amount: Amount,
	) -> DispatchResult {
		Self::note_currency(cycle, currency)?;
		let mut totals = Totals::<T>::get(cycle, currency);
		totals.gross = totals.gross.checked_add(amount).ok_or(Error::<T>::Overflow)?;
		Self::add_to_position(cycle, currency, payer, amount, 0, &mut totals)?;
		Self::add_to_position(cycle, currency, payee, 0, amount, &mut totals)?;
		Totals::<T>::insert(cycle, currency, totals);
		Cycles::<T>::try_mutate(cycle, |info| {
			let info = info.as_mut().ok_or(Error::<T>::UnknownCycle)?;
			info.obligations = info.obligations.saturating_add(1);
			Ok(())
		})
	}

	/// Draws `amount` on the mandate of (payer, payee, currency) for `cycle`.
	fn draw_on_mandate(
		payer: &T::AccountId,
		payee: &T::AccountId,
		currency: CurrencyCode,
		amount: Amount,
		cycle: CycleId,
	) -> DispatchResult {
		Mandates::<T>::try_mutate((payer, payee, currency), |mandate| {
			let mandate = mandate.as_mut().ok_or(Error::<T>::NoMandate)?;
			if mandate.used_in != cycle {
				mandate.used_in = cycle;
				mandate.used = 0;
			}
			let used = mandate.used.checked_add(amount).ok_or(Error::<T>::Overflow)?;
			ensure!(used <= mandate.cap_per_cycle, Error::<T>::MandateCapExceeded);
			mandate.used = used;
			Ok(())
		})
	}

	/// Gives back `amount` drawn on a mandate in `cycle`.
	fn refund_mandate(
		payer: &T::AccountId,
		payee: &T::AccountId,
		currency: CurrencyCode,
		amount: Amount,
		cycle: CycleId,
	) {
		Mandates::<T>::mutate((payer, payee, currency), |mandate| {
			if let Some(mandate) = mandate.as_mut().filter(|m| m.used_in == cycle) {
				mandate.used = mandate.used.saturating_sub(amount);
			}
		});
	}

	/// Stores a bill from `payee` to `payer`; `true` if a mandate accepted it into the open
	/// cycle, `false` if it waits for the payer.
	pub(crate) fn do_submit_bill(
		payee: T::AccountId,
		payer: T::AccountId,
		currency: CurrencyCode,
		amount: Amount,
		reference: DocumentHash,
		document: DocumentHash,
	) -> Result<bool, DispatchError> {
		ensure!(payer != payee, Error::<T>::SelfPayment);
		ensure!(amount > 0, Error::<T>::ZeroAmount);
		Self::ensure_currency(currency)?;
		Self::ensure_counterparty(&payer)?;
		let now = frame_system::Pallet::<T>::block_number();
		// One bill per (payee, reference) within the retention period: a re-sent bill is refused.
		ensure!(
			BillReferences::<T>::get(&payee, reference).is_none_or(|until| now > until),
			Error::<T>::DuplicateBill
		);
		BillReferences::<T>::insert(
			&payee,
			reference,
			now.saturating_add(T::DuplicateRetention::get()),
		);

		let id = NextBillId::<T>::get();
		NextBillId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		let deposit = T::BillDeposit::get();
		T::Currency::hold(&HoldReason::BillDeposit.into(), &payee, deposit)?;

		let cycle = OpenCycle::<T>::get();
		let by_mandate = Mandates::<T>::contains_key((&payer, &payee, currency))
			&& Self::draw_on_mandate(&payer, &payee, currency, amount, cycle).is_ok();
		if by_mandate {
			// The mandate accepts for the payer: within the payer's exposure cap, or not at all.
			Self::ensure_can_owe(&payer, currency, amount)?;
			Self::add_pending(&payer, currency, amount);
		}
		// A mandate accepts the bill at once but it enters netting only when released, after
		// its dispute window: a forced cut-off cannot shorten the payer's window.
		let status = if by_mandate {
			BillStatus::Accepted { cycle, by_mandate: true }
		} else {
			BillStatus::Submitted
		};
		Bills::<T>::insert(
			id,
			Bill {
				payee: payee.clone(),
				payer: payer.clone(),
				currency,
				amount,
				reference,
				document,
				status,
				dispute_until: now.saturating_add(T::DisputeWindow::get()),
				deposit,
				batch: None,
			},
		);
		Self::deposit_event(Event::BillSubmitted {
			bill: id,
			payee,
			payer,
			currency,
			amount,
			reference,
		});
		if by_mandate {
			Self::deposit_event(Event::BillAccepted { bill: id, cycle, by_mandate: true });
		}
		Ok(by_mandate)
	}

	pub(crate) fn do_accept_bill(who: T::AccountId, id: BillId) -> DispatchResult {
		let bill = Bills::<T>::get(id).ok_or(Error::<T>::UnknownBill)?;
		ensure!(bill.payer == who, Error::<T>::NotPayer);
		ensure!(bill.status == BillStatus::Submitted, Error::<T>::InvalidBillState);
		Self::ensure_can_owe(&bill.payer, bill.currency, bill.amount)?;
		let cycle = OpenCycle::<T>::get();
		Self::record(cycle, &bill.payer, &bill.payee, bill.currency, bill.amount)?;
		// The payer's own acceptance is final: the bill leaves storage.
		Self::remove_bill(id, &bill)?;
		Self::deposit_event(Event::BillAccepted { bill: id, cycle, by_mandate: false });
		Ok(())
	}

	pub(crate) fn do_dispute_bill(
		who: T::AccountId,
		id: BillId,
		reason: DisputeReason,
		evidence: DocumentHash,
	) -> DispatchResult {
		let mut bill = Bills::<T>::get(id).ok_or(Error::<T>::UnknownBill)?;
		ensure!(bill.payer == who, Error::<T>::NotPayer);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now <= bill.dispute_until, Error::<T>::DisputeWindowClosed);
		match bill.status {
			BillStatus::Submitted => {},
			BillStatus::Accepted { cycle, by_mandate: true } => {
				// Not netted yet (it enters netting on release): give the cap back.
				Self::refund_mandate(&bill.payer, &bill.payee, bill.currency, bill.amount, cycle);
				Self::remove_pending(&bill.payer, bill.currency, bill.amount);
			},
			_ => return Err(Error::<T>::InvalidBillState.into()),
		}
		bill.status = BillStatus::Disputed { reason, evidence };
		Bills::<T>::insert(id, bill);
		Self::deposit_event(Event::BillDisputed { bill: id, reason, evidence });
		Ok(())
	}

	pub(crate) fn do_resolve_dispute(id: BillId, accepted: Amount) -> DispatchResult {
		let bill = Bills::<T>::get(id).ok_or(Error::<T>::UnknownBill)?;
		ensure!(matches!(bill.status, BillStatus::Disputed { .. }), Error::<T>::InvalidBillState);
		ensure!(accepted <= bill.amount, Error::<T>::AcceptedAmountTooHigh);
		let cycle = if accepted > 0 {
			let cycle = OpenCycle::<T>::get();
			Self::record(cycle, &bill.payer, &bill.payee, bill.currency, accepted)?;
			Some(cycle)
		} else {
			None
		};
		Self::remove_bill(id, &bill)?;
		Self::deposit_event(Event::DisputeResolved { bill: id, accepted, cycle });
		Ok(())
	}

	/// Nets a mandate-accepted bill whose dispute window has passed in the open cycle, and
	/// removes it; returns the cycle. The mandate's cap was drawn at submission for the cycle
	/// then open; a bill released in a later cycle is drawn again on that cycle's cap, so a
	/// cycle never nets more than one cap of a mandate's bills. If the mandate was revoked or
	/// that cap is used up, the bill waits for the payer's own acceptance instead, with a
	/// fresh dispute window; returns `None`.
	pub(crate) fn do_release_bill(id: BillId) -> Result<Option<CycleId>, DispatchError> {
		let mut bill = Bills::<T>::get(id).ok_or(Error::<T>::UnknownBill)?;
		let BillStatus::Accepted { cycle: drawn_in, .. } = bill.status else {
			return Err(Error::<T>::InvalidBillState.into());
		};
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now > bill.dispute_until, Error::<T>::DisputeWindowOpen);
		let cycle = OpenCycle::<T>::get();
		// The amount was reserved in the payer's exposure when the mandate accepted it; it now
		// enters the open cycle or returns to the payer.
		Self::remove_pending(&bill.payer, bill.currency, bill.amount);
		if drawn_in != cycle {
			let drawn = frame_support::storage::with_storage_layer(|| {
				Self::draw_on_mandate(&bill.payer, &bill.payee, bill.currency, bill.amount, cycle)
			});
			if drawn.is_err() {
				bill.status = BillStatus::Submitted;
				bill.dispute_until = now.saturating_add(T::DisputeWindow::get());
				Bills::<T>::insert(id, bill);
				Self::deposit_event(Event::BillReturnedToPayer { bill: id });
				return Ok(None);
			}
		}
		Self::record(cycle, &bill.payer, &bill.payee, bill.currency, bill.amount)?;
		Self::remove_bill(id, &bill)?;
		Ok(Some(cycle))
	}

	/// Deletes a bill and releases its payee's deposit.
	pub(crate) fn remove_bill(id: BillId, bill: &BillOf<T>) -> DispatchResult {
		T::Currency::release(
			&HoldReason::BillDeposit.into(),
			&bill.payee,
			bill.deposit,
			Precision::BestEffort,
		)?;
		Bills::<T>::remove(id);
		Ok(())
	}

	/// `booked` with `[first, last]` added, merging overlapping and adjacent intervals; refused
	/// if more than `MaxBookedIntervals` disjoint intervals would remain.
	pub(crate) fn book_interval(
		booked: BookedIntervals<T>,
		first: u64,
		last: u64,
	) -> Result<BookedIntervals<T>, Error<T>> {
		let mut merged: Vec<(u64, u64)> = Vec::with_capacity(booked.len().saturating_add(1));
		let mut new = Some((first, last));
		for (start, end) in booked.into_iter() {
			if let Some((n_start, n_end)) = new {
				if n_end.saturating_add(1) < start {
					merged.push((n_start, n_end));
					new = None;
				} else if end.saturating_add(1) >= n_start {
					// Overlapping or adjacent: grow the new interval and drop this one.
					new = Some((n_start.min(start), n_end.max(end)));
					continue;
				}
			}
			merged.push((start, end));
		}
		if let Some(interval) = new {
			merged.push(interval);
		}
		BookedIntervals::<T>::try_from(merged).map_err(|_| Error::<T>::TooManyBookedIntervals)
	}

	/// Validates and aggregates a bulk batch in one pass, then writes once per distinct pair.
	pub(crate) fn do_submit_batch(
		submitter: T::AccountId,
		records: BatchRecords<T>,
		pairs_witness: u32,
	) -> DispatchResult {
		ensure!(!records.is_empty(), Error::<T>::EmptyBatch);
		ensure!(pairs_witness <= T::MaxBatchPairs::get(), Error::<T>::TooManyPairs);
		let me = Participants::<T>::get(&submitter).ok_or(Error::<T>::NotParticipant)?.index;
		// A re-sent batch (same content) is refused while its audit record is kept, which is at
		// least `DuplicateRetention`.
		let hash = DocumentHash::from(records.using_encoded(sp_io::hashing::blake2_256));
		ensure!(!BatchHashes::<T>::contains_key(hash), Error::<T>::DuplicateBatch);
		// Record numbers are booked once: each must be outside the submitter's booked
		// intervals and above the record before it.
		let booked = BookedReferences::<T>::get(&submitter);
		let mut booked_at = 0usize;
		let mut first_reference: Option<u64> = None;
		let mut last_reference: Option<u64> = None;

		// One pass over the records: validate and sum per (payer, payee, currency). Billing
		// systems usually send records grouped by pair, so a running sum for the current pair
		// saves most map look-ups.
		type PairKey = (ParticipantIndex, ParticipantIndex, CurrencyCode);
		let mut pairs: BTreeMap<PairKey, Amount> = BTreeMap::new();
		let mut run: Option<(PairKey, Amount)> = None;
		let flush = |pairs: &mut BTreeMap<PairKey, Amount>, (key, sum): (PairKey, Amount)| {
			let slot = pairs.entry(key).or_insert(0);
			*slot = slot.checked_add(sum).ok_or(Error::<T>::Overflow)?;
			ensure!(pairs.len() <= pairs_witness as usize, Error::<T>::TooManyPairs);
			Ok::<(), Error<T>>(())
		};
		let mut known: Vec<CurrencyCode> = Vec::new();
		for record in records.iter() {
			ensure!(
				last_reference.is_none_or(|last| record.reference > last),
				Error::<T>::RecordAlreadyBooked
			);
			// References increase, so one forward walk over the intervals checks them all.
			while booked.get(booked_at).is_some_and(|(_, end)| *end < record.reference) {
				booked_at = booked_at.saturating_add(1);
			}
			ensure!(
				booked.get(booked_at).is_none_or(|(start, _)| *start > record.reference),
				Error::<T>::RecordAlreadyBooked
			);
			first_reference.get_or_insert(record.reference);
			last_reference = Some(record.reference);
			ensure!(record.amount > 0, Error::<T>::ZeroAmount);
			ensure!(record.payer != record.payee, Error::<T>::SelfPayment);
			ensure!(record.payer == me || record.payee == me, Error::<T>::NotPartyToRecord);
			let key = (record.payer, record.payee, record.currency);
			match run.as_mut() {
				Some((current, sum)) if *current == key => {
					*sum = sum.checked_add(record.amount).ok_or(Error::<T>::Overflow)?
				},
				_ => {
					if !known.contains(&record.currency) {
						Self::ensure_currency(record.currency)?;
						known.push(record.currency);
					}
					if let Some(done) = run.replace((key, record.amount)) {
						flush(&mut pairs, done)?;
					}
				},
			}
		}
		if let Some(done) = run.take() {
			flush(&mut pairs, done)?;
		}
		let (first, last) = first_reference.zip(last_reference).ok_or(Error::<T>::EmptyBatch)?;
		let booked = Self::book_interval(booked, first, last)?;

		// Resolve each distinct participant index once.
		let mut accounts: BTreeMap<ParticipantIndex, T::AccountId> = BTreeMap::new();
		for (payer, payee, _) in pairs.keys() {
			for index in [payer, payee] {
				if !accounts.contains_key(index) {
					let who = ParticipantAccounts::<T>::get(index)
						.ok_or(Error::<T>::UnknownParticipantIndex)?;
					accounts.insert(*index, who);
				}
			}
		}
		let account = |index: &ParticipantIndex| {
			accounts.get(index).ok_or(Error::<T>::UnknownParticipantIndex)
		};

		// Pairs where the submitter bills draw on the payer's mandate and wait, as one bill per
		// payer and currency, for their dispute window like a mandate bill; pairs where it pays
		// are booked at once. Both within the payer's exposure cap.
		let cycle = OpenCycle::<T>::get();
		let mut deltas: BTreeMap<(CurrencyCode, ParticipantIndex), (Amount, Amount)> =
			BTreeMap::new();
		let mut gross: BTreeMap<CurrencyCode, Amount> = BTreeMap::new();
		let mut mandate_bills: Vec<(T::AccountId, CurrencyCode, Amount)> = Vec::new();
		for ((payer, payee, currency), amount) in pairs.iter() {
			if *payee == me {
				let payer = account(payer)?;
				Self::draw_on_mandate(payer, &submitter, *currency, *amount, cycle)?;
				Self::ensure_can_owe(payer, *currency, *amount)?;
				mandate_bills.push((payer.clone(), *currency, *amount));
				continue;
			}
			let out = deltas.entry((*currency, *payer)).or_insert((0, 0));
			out.0 = out.0.checked_add(*amount).ok_or(Error::<T>::Overflow)?;
			let inn = deltas.entry((*currency, *payee)).or_insert((0, 0));
			inn.1 = inn.1.checked_add(*amount).ok_or(Error::<T>::Overflow)?;
			let total = gross.entry(*currency).or_insert(0);
			*total = total.checked_add(*amount).ok_or(Error::<T>::Overflow)?;
		}
		for (currency, amount) in gross.iter() {
			// The submitter pays every booked pair: its own payables, within its cap.
			Self::ensure_can_owe(&submitter, *currency, *amount)?;
			Self::note_currency(cycle, *currency)?;
			let mut totals = Totals::<T>::get(cycle, currency);
			totals.gross = totals.gross.checked_add(*amount).ok_or(Error::<T>::Overflow)?;
			for ((_, index), (payable, receivable)) in
				deltas.range((*currency, 0)..=(*currency, ParticipantIndex::MAX))
			{
				Self::add_to_position(
					cycle,
					*currency,
					account(index)?,
					*payable,
					*receivable,
					&mut totals,
				)?;
			}
			Totals::<T>::insert(cycle, currency, totals);
		}
		let pair_count = u32::try_from(pairs.len()).map_err(|_| Error::<T>::Overflow)?;
		let booked_pairs = pairs.len().saturating_sub(mandate_bills.len());
		Cycles::<T>::try_mutate(cycle, |info| {
			let info = info.as_mut().ok_or(Error::<T>::UnknownCycle)?;
			info.obligations = info.obligations.saturating_add(booked_pairs as u64);
			Ok::<(), Error<T>>(())
		})?;

		let deposit = T::BatchDeposit::get();
		T::Currency::hold(&HoldReason::BatchDeposit.into(), &submitter, deposit)?;
		let id = NextBatchId::<T>::get();
		NextBatchId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		for (payer, currency, amount) in mandate_bills {
			Self::hold_batch_bill(id, hash, &submitter, payer, currency, amount, cycle)?;
		}
		BatchHashes::<T>::insert(hash, id);
		let records_root = telecom_primitives::evidence::records_root(&records);
		BatchRecordRoots::<T>::insert(id, records_root);
		BookedReferences::<T>::insert(&submitter, booked);
		let record_count = u32::try_from(records.len()).map_err(|_| Error::<T>::Overflow)?;
		Batches::<T>::insert(
			id,
			BatchInfo {
				submitter: submitter.clone(),
				cycle,
				hash,
				records: record_count,
				pairs: pair_count,
				submitted_at: frame_system::Pallet::<T>::block_number(),
				deposit,
			},
		);
		Self::deposit_event(Event::BatchAccepted {
			batch: id,
			submitter,
			cycle,
			records: record_count,
			pairs: pair_count,
			hash,
			records_root,
		});
		Ok(())
	}

	/// Stores the mandate-drawn records of batch `batch` owed by `payer` in `currency` as one
	/// mandate-accepted bill: the payer may dispute it within the dispute window, and it enters
	/// netting when released after it. Holds `BillDeposit` from the submitter.
	fn hold_batch_bill(
		batch: BatchId,
		content: DocumentHash,
		payee: &T::AccountId,
		payer: T::AccountId,
		currency: CurrencyCode,
		amount: Amount,
		cycle: CycleId,
	) -> DispatchResult {
		let id = NextBillId::<T>::get();
		NextBillId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		let deposit = T::BillDeposit::get();
		T::Currency::hold(&HoldReason::BillDeposit.into(), payee, deposit)?;
		let reference = DocumentHash::from(
			(b"clearing/batch-bill", batch, &payer, currency)
				.using_encoded(sp_io::hashing::blake2_256),
		);
		Self::add_pending(&payer, currency, amount);
		let now = frame_system::Pallet::<T>::block_number();
		Bills::<T>::insert(
			id,
			Bill {
				payee: payee.clone(),
				payer: payer.clone(),
				currency,
				amount,
				reference,
				document: content,
				status: BillStatus::Accepted { cycle, by_mandate: true },
				dispute_until: now.saturating_add(T::DisputeWindow::get()),
				deposit,
				batch: Some(batch),
			},
		);
		Self::deposit_event(Event::BillSubmitted {
			bill: id,
			payee: payee.clone(),
			payer,
			currency,
			amount,
			reference,
		});
		Self::deposit_event(Event::BillAccepted { bill: id, cycle, by_mandate: true });
		Ok(())
	}

	/// Cuts the open cycle off and opens the next one.
	pub(crate) fn cut_off(now: BlockNumberFor<T>, forced: bool) {
		let cycle = OpenCycle::<T>::get();
		Cycles::<T>::mutate(cycle, |info| {
			if let Some(info) = info {
				info.phase = CyclePhase::CutOff;
			}
		});
		SettlingCycle::<T>::put(cycle);
		Self::deposit_event(Event::CycleCutOff { cycle, forced });
		let next = cycle.saturating_add(1);
		Self::open_cycle(next, now);
		// Reserve room for the defaults the cut-off cycle may carry over: the new cycle starts
		// with its currencies, so carrying a default never needs a currency slot.
		CycleCurrencies::<T>::insert(next, CycleCurrencies::<T>::get(cycle));
	}

	/// The net positions of one cycle-currency, in account order.
	pub(crate) fn net_positions(
		cycle: CycleId,
		currency: CurrencyCode,
	) -> Vec<(T::AccountId, NetPosition)> {
		let mut positions: Vec<_> = Positions::<T>::iter_prefix((cycle, currency))
			.map(|(who, position)| (who, position.net()))
			.collect();
		positions.sort_by(|a, b| a.0.cmp(&b.0));
		positions
	}

	/// Last block at which the instructions of a cycle may be paid.
	pub(crate) fn payment_deadline(info: &Cycle<BlockNumberFor<T>>) -> BlockNumberFor<T> {
		info.instructed_at
			.map(|at| at.saturating_add(T::SettlementWindow::get()))
			.unwrap_or_else(Zero::zero)
	}

	/// Last block at which a payee may acknowledge or dispute a confirmed payment.
	pub(crate) fn acknowledgement_deadline(info: &Cycle<BlockNumberFor<T>>) -> BlockNumberFor<T> {
		Self::payment_deadline(info).saturating_add(T::AcknowledgementWindow::get())
	}

	/// Marks an unpaid instruction as defaulted: the payer's collateral in the currency pays
	/// the payee first, the payer is suspended, and the rest is carried into the open cycle.
	///
	/// This cannot lose the default: the open cycle reserved room for every currency of the
	/// cycle it followed (see [`Self::cut_off`]), and if the rest still does not fit (an
	/// overflow) the default waits in [`UncarriedDefaults`] and is retried every block.
	pub(crate) fn default_instruction(
		cycle: CycleId,
		index: InstructionIndex,
		mut instruction: Instruction<T::AccountId>,
	) {
		let covered = Self::cover_from_collateral(cycle, index, &instruction);
		Self::suspend(&instruction.payer);
		let rest = instruction.amount.saturating_sub(covered);
		let carried_to = if rest == 0 { None } else { Self::carry(&instruction, rest) };
		if rest > 0 && carried_to.is_none() {
			UncarriedDefaults::<T>::insert((cycle, index), ());
		}
		instruction.status = InstructionStatus::Defaulted { carried_to, covered };
		Self::deposit_event(Event::PaymentDefaulted {
			cycle,
			index,
			payer: instruction.payer.clone(),
			payee: instruction.payee.clone(),
			currency: instruction.currency,
			amount: instruction.amount,
			covered,
			carried_to,
		});
		Instructions::<T>::insert(cycle, index, instruction);
	}

	/// Records `amount` of a defaulted instruction in the open cycle, all or nothing; the cycle
	/// that took it, or `None` if it does not fit.
	fn carry(instruction: &Instruction<T::AccountId>, amount: Amount) -> Option<CycleId> {
		let open = OpenCycle::<T>::get();
		frame_support::storage::with_storage_layer(|| {
			Self::record(open, &instruction.payer, &instruction.payee, instruction.currency, amount)
		})
		.ok()
		.map(|()| open)
	}

	/// Retries up to `MAX_CARRY_RETRIES` defaults that waited for room, resuming after the one
	/// retried last ([`CarryCursor`]) and wrapping around, so none is starved by others that
	/// never fit; returns how many it looked at.
	pub(crate) fn retry_carries() -> u32 {
		let max = MAX_CARRY_RETRIES as usize;
		let mut waiting: Vec<_> = match CarryCursor::<T>::get() {
			Some(last) => {
				UncarriedDefaults::<T>::iter_keys_from(UncarriedDefaults::<T>::hashed_key_for(last))
					.take(max)
					.collect()
			},
			None => Vec::new(),
		};
		if waiting.len() < max {
			// Wrap around to the start, stopping where this round began.
			let room = max.saturating_sub(waiting.len());
			let start = waiting.first().copied();
			for key in UncarriedDefaults::<T>::iter_keys().take(room) {
				if Some(key) == start {
					break;
				}
				waiting.push(key);
			}
		}
		CarryCursor::<T>::set(waiting.last().copied());
		for (cycle, index) in waiting.iter().copied() {
			let Some(mut instruction) = Instructions::<T>::get(cycle, index) else {
				UncarriedDefaults::<T>::remove((cycle, index));
				continue;
			};
			let covered = match instruction.status {
				InstructionStatus::Defaulted { covered, .. } => covered,
				_ => 0,
			};
			if let Some(carried_to) = Self::carry(&instruction, Self::uncovered(&instruction)) {
				instruction.status =
					InstructionStatus::Defaulted { carried_to: Some(carried_to), covered };
				Instructions::<T>::insert(cycle, index, instruction);
				UncarriedDefaults::<T>::remove((cycle, index));
				Self::deposit_event(Event::DefaultCarried { cycle, index, carried_to });
			}
		}
		waiting.len() as u32
	}

	/// Counts one more settled instruction of `cycle`, settling the cycle with the last one.
	fn note_settled(cycle: CycleId, info: &mut Cycle<BlockNumberFor<T>>, count: u32) {
		info.unsettled = info.unsettled.saturating_sub(count);
		if info.unsettled == 0 {
			info.phase = CyclePhase::Settled;
			Self::deposit_event(Event::CycleSettled { cycle });
		}
	}

	/// The instructed cycle `cycle`, checking its payment deadline.
	fn instructed_cycle(cycle: CycleId) -> Result<Cycle<BlockNumberFor<T>>, DispatchError> {
		let info = Cycles::<T>::get(cycle).ok_or(Error::<T>::UnknownCycle)?;
		ensure!(info.phase == CyclePhase::Instructed, Error::<T>::WrongCyclePhase);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now <= Self::payment_deadline(&info), Error::<T>::DeadlinePassed);
		Ok(info)
	}

	/// The cycle `cycle` while payees may still acknowledge or dispute payments.
	fn acknowledging_cycle(cycle: CycleId) -> Result<Cycle<BlockNumberFor<T>>, DispatchError> {
		let info = Cycles::<T>::get(cycle).ok_or(Error::<T>::UnknownCycle)?;
		ensure!(
			matches!(info.phase, CyclePhase::Instructed | CyclePhase::Acknowledging),
			Error::<T>::WrongCyclePhase
		);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(
			now <= Self::acknowledgement_deadline(&info),
			Error::<T>::AcknowledgementWindowClosed
		);
		Ok(info)
	}

	/// Settles `payer`'s pending instructions of one cycle-currency on-chain, all or nothing for
	/// this payer: instructions to payees that settle off-chain are left for off-chain payment,
	/// and other payers' instructions are untouched. Returns the number settled.
	pub(crate) fn do_settle_on_chain(
		payer: T::AccountId,
		cycle: CycleId,
		currency: CurrencyCode,
	) -> Result<u32, DispatchError> {
		let mut info = Self::instructed_cycle(cycle)?;
		let asset = SettlementAssets::<T>::get(currency).ok_or(Error::<T>::NoSettlementAsset)?;
		let on_chain = |who: &T::AccountId| {
			SettlementMethods::<T>::get(who, currency) == Some(SettlementMethod::OnChain)
		};
		ensure!(on_chain(&payer), Error::<T>::OffChainParticipant);
		let totals = Totals::<T>::get(cycle, currency);
		let mut settled: u32 = 0;
		for offset in 0..totals.instructions {
			let index = totals.first_instruction.saturating_add(offset);
			let mut instruction =
				Instructions::<T>::get(cycle, index).ok_or(Error::<T>::UnknownInstruction)?;
			if instruction.payer != payer
				|| instruction.status != InstructionStatus::Pending
				|| !on_chain(&instruction.payee)
			{
				continue;
			}
			<T::Assets as fungibles::Mutate<T::AccountId>>::transfer(
				asset,
				&instruction.payer,
				&instruction.payee,
				instruction.amount,
				Preservation::Expendable,
			)?;
			instruction.status = InstructionStatus::Settled;
			Instructions::<T>::insert(cycle, index, instruction);
			settled = settled.saturating_add(1);
		}
		ensure!(settled > 0, Error::<T>::NothingToSettle);
		Self::deposit_event(Event::SettledOnChain {
			cycle,
			currency,
			payer,
			instructions: settled,
		});
		Self::note_settled(cycle, &mut info, settled);
		Cycles::<T>::insert(cycle, info);
		Ok(settled)
	}

	/// Refuses a change of `who`'s settlement method in `currency` while a cut-off cycle in which
	/// it has a position in that currency is being settled: the method its instructions were
	/// issued under stays frozen until the cycle is settled.
	pub(crate) fn ensure_method_not_frozen(
		who: &T::AccountId,
		currency: CurrencyCode,
		method: SettlementMethod,
	) -> DispatchResult {
		let current =
			SettlementMethods::<T>::get(who, currency).unwrap_or(SettlementMethod::OffChain);
		if current == method {
			return Ok(());
		}
		if let Some(cycle) = SettlingCycle::<T>::get() {
			let settling = Cycles::<T>::get(cycle).is_some_and(|info| {
				info.phase > CyclePhase::Open && info.phase < CyclePhase::Settled
			});
			ensure!(
				!(settling && Positions::<T>::contains_key((cycle, currency, who))),
				Error::<T>::MethodFrozen
			);
		}
		Ok(())
	}

	pub(crate) fn do_confirm_payment(
		who: T::AccountId,
		cycle: CycleId,
		index: InstructionIndex,
		bank_reference: DocumentHash,
	) -> DispatchResult {
		Self::instructed_cycle(cycle)?;
		Instructions::<T>::try_mutate(cycle, index, |instruction| {
			let instruction = instruction.as_mut().ok_or(Error::<T>::UnknownInstruction)?;
			ensure!(instruction.payer == who, Error::<T>::NotPayer);
			ensure!(
				instruction.status == InstructionStatus::Pending,
				Error::<T>::InvalidInstructionState
			);
			instruction.status = InstructionStatus::PaymentConfirmed(bank_reference);
			Ok::<(), DispatchError>(())
		})?;
		Self::deposit_event(Event::PaymentConfirmed { cycle, index, bank_reference });
		Ok(())
	}

	pub(crate) fn do_acknowledge_payment(
		who: T::AccountId,
		cycle: CycleId,
		index: InstructionIndex,
	) -> DispatchResult {
		let mut info = Self::acknowledging_cycle(cycle)?;
		Instructions::<T>::try_mutate(cycle, index, |instruction| {
			let instruction = instruction.as_mut().ok_or(Error::<T>::UnknownInstruction)?;
			ensure!(instruction.payee == who, Error::<T>::NotPayee);
			ensure!(
				matches!(
					instruction.status,
					InstructionStatus::Pending | InstructionStatus::PaymentConfirmed(_)
				),
				Error::<T>::InvalidInstructionState
			);
			instruction.status = InstructionStatus::Settled;
			Ok::<(), DispatchError>(())
		})?;
		Self::deposit_event(Event::PaymentAcknowledged { cycle, index });
		Self::note_settled(cycle, &mut info, 1);
		Cycles::<T>::insert(cycle, info);
		Ok(())
	}

	pub(crate) fn do_dispute_non_receipt(
		who: T::AccountId,
		cycle: CycleId,
		index: InstructionIndex,
	) -> DispatchResult {
		let mut info = Self::acknowledging_cycle(cycle)?;
		Instructions::<T>::try_mutate(cycle, index, |instruction| {
			let instruction = instruction.as_mut().ok_or(Error::<T>::UnknownInstruction)?;
			ensure!(instruction.payee == who, Error::<T>::NotPayee);
			let InstructionStatus::PaymentConfirmed(reference) = instruction.status else {
				return Err(Error::<T>::InvalidInstructionState.into());
			};
			instruction.status = InstructionStatus::NonReceiptDisputed(reference);
			Ok::<(), DispatchError>(())
		})?;
		Self::deposit_event(Event::NonReceiptDisputed { cycle, index });
		// The dispute leaves the cycle's pipeline: the arbiter decides it even after the cycle
		// closed, so one dispute never holds up clearing.
		Self::note_settled(cycle, &mut info, 1);
		Cycles::<T>::insert(cycle, info);
		Ok(())
	}

	pub(crate) fn do_decide_non_receipt(
		cycle: CycleId,
		index: InstructionIndex,
		paid: bool,
	) -> DispatchResult {
		let mut instruction =
			Instructions::<T>::get(cycle, index).ok_or(Error::<T>::UnknownInstruction)?;
		ensure!(
			matches!(instruction.status, InstructionStatus::NonReceiptDisputed(_)),
			Error::<T>::InvalidInstructionState
		);
		Self::deposit_event(Event::NonReceiptDecided { cycle, index, paid });
		if paid {
			instruction.status = InstructionStatus::Settled;
			Instructions::<T>::insert(cycle, index, instruction);
		} else {
			Self::default_instruction(cycle, index, instruction);
		}
		Ok(())
	}

	// ---- Queries for the runtime API ----

	/// Gross and net positions of `who` in the open cycle, per currency.
	pub fn open_positions(who: &T::AccountId) -> Vec<(CurrencyCode, Position, NetPosition)> {
		let cycle = OpenCycle::<T>::get();
		CycleCurrencies::<T>::get(cycle)
			.into_iter()
			.filter_map(|currency| {
				Positions::<T>::get((cycle, currency, who)).map(|p| (currency, p, p.net()))
			})
			.collect()
	}

	/// A cycle (the open one if `None`) with its id.
	pub fn cycle_info(cycle: Option<CycleId>) -> Option<(CycleId, Cycle<BlockNumberFor<T>>)> {
		let id = cycle.unwrap_or_else(OpenCycle::<T>::get);
		Cycles::<T>::get(id).map(|info| (id, info))
	}

	/// The settlement instructions of a cycle, in index order.
	pub fn cycle_instructions(
		cycle: CycleId,
	) -> Vec<(InstructionIndex, Instruction<T::AccountId>)> {
		let mut list: Vec<_> = Instructions::<T>::iter_prefix(cycle).collect();
		list.sort_by_key(|(index, _)| *index);
		list
	}

	/// The net positions of every participant in one cycle-currency.
	pub fn cycle_positions(
		cycle: CycleId,
		currency: CurrencyCode,
	) -> Vec<(T::AccountId, Position, NetPosition)> {
		let mut list: Vec<_> = Positions::<T>::iter_prefix((cycle, currency))
			.map(|(who, p)| (who, p, p.net()))
			.collect();
		list.sort_by(|a, b| a.0.cmp(&b.0));
		list
	}

	/// `who`'s statement of `cycle`.
	pub fn statement(
		cycle: CycleId,
		who: &T::AccountId,
	) -> Option<Statement<T::AccountId, BlockNumberFor<T>>> {
		let info = Cycles::<T>::get(cycle)?;
		let instructions = Self::cycle_instructions(cycle);
		let lines = CycleCurrencies::<T>::get(cycle)
			.into_iter()
			.filter_map(|currency| {
				let position = Positions::<T>::get((cycle, currency, who))?;
				let mine = instructions
					.iter()
					.filter(|(_, i)| i.currency == currency && (&i.payer == who || &i.payee == who))
					.cloned()
					.collect();
				Some(StatementLine { currency, position, net: position.net(), instructions: mine })
			})
			.collect();
		Some(Statement { cycle, info, lines })
	}

	/// The audit record of a batch.
	pub fn batch_info(batch: BatchId) -> Option<BatchInfoOf<T>> {
		Batches::<T>::get(batch)
	}

	/// The Merkle root of a stored batch's records; `None` for an unknown batch or one stored
	/// before roots were kept.
	pub fn batch_record_root(batch: BatchId) -> Option<DocumentHash> {
		BatchRecordRoots::<T>::get(batch)
	}

	/// Checks the pallet's invariants: zero-sum positions, totals matching positions, cycle
	/// pipeline consistency, instruction counts, participant indices and held deposits.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::traits::fungible::InspectHold;

		// The currency registry fits every cycle, and cycles carry registered currencies only.
		let registered = Currencies::<T>::iter().count();
		ensure!(registered == CurrencyCount::<T>::get() as usize, "currency count");
		ensure!(registered <= T::MaxCurrencies::get() as usize, "currency registry too large");

		// Booked record references: sorted, disjoint, non-adjacent, within the cap.
		for (_, booked) in BookedReferences::<T>::iter() {
			ensure!(booked.len() <= T::MaxBookedIntervals::get() as usize, "too many intervals");
			let mut previous: Option<u64> = None;
			for (start, end) in booked.iter() {
				ensure!(start <= end, "booked interval reversed");
				ensure!(
					previous.is_none_or(|p| p.saturating_add(1) < *start),
					"booked intervals not sorted, disjoint and non-adjacent"
				);
				previous = Some(*end);
			}
		}

		// Participants and their indices agree.
		let count = ParticipantCount::<T>::get();
		ensure!(Participants::<T>::iter().count() == count as usize, "participant count");
		for (who, participant) in Participants::<T>::iter() {
			ensure!(participant.index < count, "participant index out of range");
			ensure!(
				ParticipantAccounts::<T>::get(participant.index).as_ref() == Some(&who),
				"participant index does not map back"
			);
		}

		// The cycle pipeline.
		let open = OpenCycle::<T>::get();
		let open_info = Cycles::<T>::get(open).ok_or("open cycle missing")?;
		ensure!(open_info.phase == CyclePhase::Open, "open cycle is not open");
		if let Some(settling) = SettlingCycle::<T>::get() {
			ensure!(settling < open, "settling cycle is not older than the open one");
			let phase = Cycles::<T>::get(settling).ok_or("settling cycle missing")?.phase;
			ensure!(
				phase > CyclePhase::Open && !phase.is_final(),
				"settling cycle in a wrong phase"
			);
		}
		// Stepwise work belongs to the settling cycle and points inside it.
		let cursor = PipelineCursor::<T>::get();
		match SettlingCycle::<T>::get().and_then(|id| Cycles::<T>::get(id).map(|info| (id, info))) {
			Some((id, info)) => {
				let currencies = CycleCurrencies::<T>::get(id).len();
				let aborting = AbortingCycle::<T>::get();
				ensure!(aborting.is_none_or(|(cycle, _)| cycle == id), "aborting another cycle");
				let limit = match info.phase {
					CyclePhase::CutOff | CyclePhase::Netted => currencies,
					_ if aborting.is_some() => currencies,
					_ => info.instructions as usize,
				};
				ensure!(cursor as usize <= limit, "pipeline cursor out of range");
			},
			None => {
				ensure!(cursor == 0, "pipeline cursor without a settling cycle");
				ensure!(AbortingCycle::<T>::get().is_none(), "abort without a settling cycle");
			},
		}
		for (id, info) in Cycles::<T>::iter() {
			if id != open && Some(id) != SettlingCycle::<T>::get() {
				ensure!(info.phase.is_final(), "an old cycle is not closed");
			}
			// Zero-sum and totals per currency; a pruned currency has left nothing behind.
			let archive = CycleArchives::<T>::get(id);
			let pruned = archive.map_or(0, |a| a.pruned as usize);
			for currency in CycleCurrencies::<T>::get(id).into_iter().take(pruned) {
				ensure!(
					!Totals::<T>::contains_key(id, currency),
					"totals of a pruned currency left"
				);
				ensure!(
					Positions::<T>::iter_prefix((id, currency)).next().is_none(),
					"positions of a pruned currency left"
				);
			}
			for currency in CycleCurrencies::<T>::get(id).into_iter().skip(pruned) {
				let totals = Totals::<T>::get(id, currency);
				let (mut payable, mut receivable, mut participants) = (0u128, 0u128, 0u32);
				for (_, position) in Positions::<T>::iter_prefix((id, currency)) {
					payable = payable.checked_add(position.payable).ok_or("payable overflow")?;
					receivable =
						receivable.checked_add(position.receivable).ok_or("receivable overflow")?;
					participants = participants.saturating_add(1);
				}
				ensure!(payable == receivable, "positions do not sum to zero");
				ensure!(payable == totals.gross, "gross total does not match positions");
				ensure!(participants == totals.participants, "participant total mismatch");
				if info.phase >= CyclePhase::Netted {
					let positions = Self::net_positions(id, currency);
					let net =
						netting::check_zero_sum(&positions).map_err(|_| "net not zero-sum")?;
					ensure!(net == totals.net_settlement, "net settlement total mismatch");
				}
			}
			// Instructions.
			if info.phase >= CyclePhase::Instructed {
				let instructions: Vec<_> = Instructions::<T>::iter_prefix(id).collect();
				let pruned = archive.map_or(0, |a| a.instructions_pruned);
				ensure!(
					instructions.len() == info.instructions.saturating_sub(pruned) as usize,
					"instruction count"
				);
				let open_count = instructions
					.iter()
					.filter(|(_, i)| {
						matches!(
							i.status,
							InstructionStatus::Pending | InstructionStatus::PaymentConfirmed(_)
						)
					})
					.count();
				ensure!(open_count == info.unsettled as usize, "unsettled count");
			}
			// Every default is carried into a later cycle or waits to be (retried each block).
			for (index, instruction) in Instructions::<T>::iter_prefix(id) {
				let waiting = UncarriedDefaults::<T>::contains_key((id, index));
				// Every default is covered by collateral, carried, or waiting to be carried.
				match instruction.status {
					InstructionStatus::Defaulted { covered, .. }
						if covered > instruction.amount =>
					{
						return Err("collateral covered more than the instruction".into())
					},
					InstructionStatus::Defaulted { carried_to, covered }
						if covered == instruction.amount =>
					{
						ensure!(carried_to.is_none(), "covered default carried too");
						ensure!(!waiting, "covered default still waiting");
					},
					InstructionStatus::Defaulted { carried_to: Some(to), .. } => {
						ensure!(to > id, "default carried into an older cycle");
						ensure!(Cycles::<T>::contains_key(to), "default carried into no cycle");
						ensure!(!waiting, "carried default still waiting");
					},
					InstructionStatus::Defaulted { carried_to: None, .. } => {
						ensure!(waiting, "uncarried default is not retried")
					},
					_ => ensure!(!waiting, "waiting entry for an instruction not in default"),
				}
			}
		}
		// Archives belong to closed cycles; a finished one leaves only the cycle's record.
		for (id, archive) in CycleArchives::<T>::iter() {
			let phase = Cycles::<T>::get(id).ok_or("archive of no cycle")?.phase;
			ensure!(phase == CyclePhase::Closed, "archive of a cycle that is not closed");
			ensure!(archive.pruned <= archive.currencies, "archive pruned too far");
			if archive.pruned == archive.currencies {
				ensure!(CycleCurrencies::<T>::get(id).is_empty(), "pruned cycle keeps currencies");
				ensure!(
					Instructions::<T>::iter_prefix(id).next().is_none(),
					"pruned cycle keeps instructions"
				);
				ensure!(Totals::<T>::iter_prefix(id).next().is_none(), "pruned cycle keeps totals");
			} else {
				ensure!(
					CycleCurrencies::<T>::get(id).len() == archive.currencies as usize,
					"archive currency count"
				);
			}
		}
		for (cycle, index) in UncarriedDefaults::<T>::iter_keys() {
			ensure!(
				Instructions::<T>::contains_key(cycle, index),
				"waiting default without its instruction"
			);
		}

		Self::try_state_collateral()?;

		// Every stored batch guards its content hash, and nothing else is guarded.
		for (id, batch) in Batches::<T>::iter() {
			ensure!(BatchHashes::<T>::get(batch.hash) == Some(id), "batch hash not guarded");
		}
		ensure!(
			BatchHashes::<T>::iter().count() == Batches::<T>::iter().count(),
			"batch hash without its batch"
		);

		// Record roots: every root belongs to a stored batch, and every batch submitted since
		// roots exist has one. Batches stored before (none on a chain started with roots) have
		// none: they all precede the first rooted batch, so the rooted ids are a suffix of the
		// stored ones.
		let mut first_rooted: Option<BatchId> = None;
		for (id, _) in BatchRecordRoots::<T>::iter() {
			ensure!(Batches::<T>::contains_key(id), "record root without its batch");
			first_rooted = Some(first_rooted.map_or(id, |first| first.min(id)));
		}
		if let Some(first) = first_rooted {
			for (id, _) in Batches::<T>::iter() {
				ensure!(
					id < first || BatchRecordRoots::<T>::contains_key(id),
					"batch submitted with record roots but without one"
				);
			}
		}

		// Every remembered bill reference is stored under the key the current layout gives it
		// (an entry left in an older layout would be unreachable, and its bill re-sendable).
		let mut reachable = 0usize;
		for (payee, reference, until) in BillReferences::<T>::iter() {
			ensure!(
				BillReferences::<T>::get(&payee, reference) == Some(until),
				"bill reference stored under a key of another layout"
			);
			reachable = reachable.saturating_add(1);
		}
		let prefix =
			<BillReferences<T> as frame_support::storage::StoragePrefixedMap<_>>::final_prefix();
		let stored = frame_support::storage::KeyPrefixIterator::new(
			prefix.to_vec(),
			prefix.to_vec(),
			|_| Ok(()),
		)
		.count();
		ensure!(stored == reachable, "bill reference stored under a key of another layout");

		// Held deposits equal what bills, batches and mandates account for.
		let mut held: BTreeMap<(u8, T::AccountId), BalanceOf<T>> = BTreeMap::new();
		for (_, bill) in Bills::<T>::iter() {
			let slot = held.entry((0, bill.payee.clone())).or_default();
			*slot = slot.saturating_add(bill.deposit);
		}
		for (_, batch) in Batches::<T>::iter() {
			let slot = held.entry((1, batch.submitter.clone())).or_default();
			*slot = slot.saturating_add(batch.deposit);
		}
		for ((payer, _, _), mandate) in Mandates::<T>::iter() {
			let slot = held.entry((2, payer)).or_default();
			*slot = slot.saturating_add(mandate.deposit);
		}
		for ((kind, who), amount) in held {
			let reason = match kind {
				0 => HoldReason::BillDeposit,
				1 => HoldReason::BatchDeposit,
				_ => HoldReason::MandateDeposit,
			};
			ensure!(
				T::Currency::balance_on_hold(&reason.into(), &who) == amount,
				"held deposit does not match stored records"
			);
		}
		Ok(())
	}
}

impl<T: Config> ObligationSink<T::AccountId> for Pallet<T> {
	fn submit(obligation: Obligation<T::AccountId>) -> Result<ObligationId, DispatchError> {
		ensure!(obligation.amount > 0, Error::<T>::ZeroAmount);
		ensure!(obligation.payer != obligation.payee, Error::<T>::SelfPayment);
		Self::ensure_currency(obligation.currency)?;
		Self::ensure_counterparty(&obligation.payer)?;
		Self::ensure_counterparty(&obligation.payee)?;
		let cycle = OpenCycle::<T>::get();
		Self::record(
			cycle,
			&obligation.payer,
			&obligation.payee,
			obligation.currency,
			obligation.amount,
		)?;
		let id = NextObligationId::<T>::get();
		NextObligationId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		Self::deposit_event(Event::ObligationRecorded {
			id,
			source: obligation.source,
			payer: obligation.payer,
			payee: obligation.payee,
			currency: obligation.currency,
			amount: obligation.amount,
			reference: obligation.reference,
			cycle,
		});
		Ok(id)
	}
}
