//! Discount agreements on chain (GSMA BCE / TD.201 practice), trued up into clearing.
//!
//! The two parties of a transparent IOT agreement agree a [`DiscountAgreement`] for an
//! agreement period (typically 12 months): its discount models and commitments per direction,
//! pinned for the period. Monthly settlement goes on at IOT rates (`close_period`); at the end of
//! the period, or after each multiple of its `trueUpEvery` months, either party asks the chain
//! for the true-up, which the shared rating crate computes
//! ([`telecom_roaming_rating::true_up`]) and whose net goes to clearing as **one** obligation.
//!
//! - **Proposal** (`propose_discount`): a party of an active, transparent agreement states the
//!   terms. They must validate, every month of the period must lie within the agreement's
//!   validity, have no usage booked and no statement yet (the chain counts the period's usage
//!   from its first batch), and not be covered by another discount agreement of the agreement
//!   (proposed or in force). The IOT of each direction must be the agreement's tariff in force.
//!   The proposer's `DiscountDeposit` is held until the period's final note (or a cancel).
//! - **Acceptance** (`accept_discount`) by the other party puts it in force; either party
//!   cancels a proposal (`cancel_discount`).
//! - **Usage**: from the proposal on, each commercial batch booked into one of the period's
//!   months adds its usage totals to [`DiscountUsage`] of that month and direction (a late file
//!   counts in the month it is booked into, as its provisional charge does).
//! - **True-up** (`true_up_discount`): every month covered must be closed and withhold no
//!   disputed amount. A month's provisional figure is its statement's `payable` for the
//!   direction (after dispute true-ups). The latest interim note is the `previous` note; a note
//!   for the same or fewer months than the latest is refused, so each note and its obligation
//!   is booked once. The obligation (payer, payee, |net|) goes to clearing in the settlement
//!   currency, or converted at the invoice rate of the period's last covered month when the
//!   agreement invoices in another currency. The final note settles the period: the deposit
//!   returns and the per-month usage and coverage entries are removed; notes stay.
//! - Confidential agreements are refused for now: their IOT is not on chain (see the README).

use crate::sealed::SealedTerms;
use crate::{invoicing, pallet::*, types::*};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::{InspectHold, MutateHold},
		tokens::Precision,
	},
};
use scale_info::TypeInfo;
use sp_runtime::SaturatedConversion;
use telecom_primitives::{
	amount_string, commitment::TermsCommitment, Amount, CurrencyCode, DocumentHash, Obligation,
	ObligationId, ObligationSink, ObligationSource, SettlementPeriod,
};

pub use telecom_roaming_rating::{
	CreditNote, DirectionTerms, DiscountAgreement, DiscountError, MonthFigures, MonthUsage, Party,
	PeriodFigures, PeriodMonth, ServiceUsage, MAX_PERIOD_MONTHS,
};

/// Where a discount agreement stands.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub enum DiscountStatus {
	/// Proposed, waiting for the other party.
	Proposed,
	/// In force: its usage is counted and it is trued up on its schedule.
	Active,
	/// Its final note is booked; the deposit is back.
	Settled,
	/// A confidential discount whose committed terms could never be revealed (invalid, or not
	/// priced against the agreement's IOT), ended by a party that opened them: the proposer's
	/// deposit went to the other party and its months are free again.
	Voided,
}

/// The public part of a discount agreement: its period and true-up schedule (what a
/// confidential discount agreement shows; its terms stay sealed).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct DiscountHeader {
	/// The period's first month.
	pub start: PeriodMonth,
	/// The period's length in months (1 to 24).
	pub months: u8,
	/// Interim true-ups every this many months; zero: only the final one.
	#[serde(default)]
	pub true_up_every: u8,
}

impl DiscountHeader {
	/// The header of `terms`.
	pub fn of(terms: &DiscountAgreement) -> Self {
		DiscountHeader {
			start: terms.start,
			months: terms.months,
			true_up_every: terms.true_up_every,
		}
	}

	/// Whether the header is one a discount agreement may have: a valid first month, 1 to
	/// [`MAX_PERIOD_MONTHS`] months, a schedule no longer than the period (the checks of
	/// [`DiscountAgreement::validate`] that do not need the terms).
	pub fn is_valid(&self) -> bool {
		let empty = DirectionTerms {
			iot: Default::default(),
			discounts: Default::default(),
			commitments: Default::default(),
		};
		DiscountAgreement {
			start: self.start,
			months: self.months,
			true_up_every: self.true_up_every,
			network_a: empty.clone(),
			network_b: empty,
		}
		.validate()
		.is_ok()
	}
}

/// A confidential discount agreement: the public header, the commitment to the terms and their
/// envelope for each party, and what the chain booked so far.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct SealedDiscount {
	/// Period and schedule (public).
	pub header: DiscountHeader,
	/// `terms_commitment(SCALE(DiscountAgreement), salt)` and the padded envelopes.
	pub sealed: SealedTerms,
	/// The commitment of the agreement's terms in force at the proposal: the IOT terms the
	/// discount's IOT must equal (checked when the terms are revealed).
	pub iot_commitment: TermsCommitment,
	/// The nets (owed to A) of the notes booked so far, added up.
	#[serde(with = "telecom_roaming_rating::amount_string::signed")]
	pub booked_net: i128,
}

/// The terms of a discount agreement as stored: public, or sealed.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
// Stored and decoded whole: boxing the transparent terms would save nothing in storage.
#[allow(clippy::large_enum_variant)]
pub enum DiscountTerms {
	/// Public terms of a transparent agreement, trued up by the chain (`true_up_discount`).
	Transparent(DiscountAgreement),
	/// Sealed terms of a confidential agreement, trued up by dual posting or a reveal.
	Sealed(SealedDiscount),
}

impl DiscountTerms {
	/// The public header.
	pub fn header(&self) -> DiscountHeader {
		match self {
			DiscountTerms::Transparent(terms) => DiscountHeader::of(terms),
			DiscountTerms::Sealed(sealed) => sealed.header,
		}
	}
}

/// A discount agreement as stored, keyed by (agreement, first month of its period).
#[derive(
	Clone,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct DiscountRecord {
	/// The terms, pinned for the period: public, or sealed.
	pub terms: DiscountTerms,
	/// Who proposed them (and whose deposit is held).
	pub proposer: Side,
	/// Where it stands.
	pub status: DiscountStatus,
	/// Deposit held from the proposer (zero once settled).
	#[serde(with = "amount_string")]
	pub deposit: u128,
	/// Months covered by the latest note (0: no note yet).
	pub trued_up: u8,
}

/// A credit note the chain computed and booked.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct BookedNote {
	/// The note, in the agreement's settlement currency.
	pub note: CreditNote,
	/// The clearing obligation of its net, if it is not zero.
	pub obligation: Option<ObligationId>,
	/// The obligation's currency (the invoice currency, if the agreement has one).
	pub currency: CurrencyCode,
	/// The obligation's amount in that currency (0 when the net is zero).
	#[serde(with = "amount_string")]
	pub amount: Amount,
	/// Blake2-256 of the SCALE-encoded (agreement, note); the obligation's reference.
	pub reference: DocumentHash,
}

/// The chain's period of a discount month.
pub fn settlement_period(month: PeriodMonth) -> Option<SettlementPeriod> {
	SettlementPeriod::new(month.year, month.month)
}

/// The discount month of a chain period.
pub fn period_month(period: SettlementPeriod) -> PeriodMonth {
	PeriodMonth { year: period.year, month: period.month }
}

/// `total + usage`, service by service, or `None` on overflow.
pub fn add_usage(total: &UsageTotals, usage: &UsageTotals) -> Option<UsageTotals> {
	let mut sum = *total;
	for service in Service::ALL {
		let (a, b) = (total.service(service), usage.service(service));
		sum.set_service(
			service,
			ServiceUsage {
				events: a.events.checked_add(b.events)?,
				volume: a.volume.checked_add(b.volume)?,
			},
		);
	}
	Some(sum)
}

impl<T: Config> Pallet<T> {
	/// The chain periods of the months of the discount period `terms` states, in order.
	pub(crate) fn discount_months(
		terms: &DiscountHeader,
	) -> Result<alloc::vec::Vec<SettlementPeriod>, DispatchError> {
		(0..u32::from(terms.months))
			.map(|i| {
				terms
					.start
					.plus(i)
					.and_then(settlement_period)
					.ok_or_else(|| Error::<T>::InvalidPeriod.into())
			})
			.collect()
	}

	/// The agreement, the side of `who` on it (a party, else `NotParty`) and its discount
	/// agreement starting in `start` (else `UnknownDiscount`).
	pub(crate) fn discount_of(
		who: &T::AccountId,
		id: AgreementId,
		start: SettlementPeriod,
	) -> Result<(AgreementOf<T>, Side, DiscountRecord), DispatchError> {
		let agreement = Agreements::<T>::get(id).ok_or(Error::<T>::UnknownAgreement)?;
		let side = Self::discount_side(&agreement, who)?;
		let record = DiscountAgreements::<T>::get(id, start).ok_or(Error::<T>::UnknownDiscount)?;
		Ok((agreement, side, record))
	}

	pub(crate) fn discount_side(
		agreement: &AgreementOf<T>,
		who: &T::AccountId,
	) -> Result<Side, DispatchError> {
		agreement.side_of(who).ok_or_else(|| Error::<T>::NotParty.into())
	}

	pub(crate) fn party_of(agreement: &AgreementOf<T>, party: Party) -> T::AccountId {
		match party {
			Party::A => agreement.party_a.clone(),
			Party::B => agreement.party_b.clone(),
		}
	}

	pub(crate) fn do_propose_discount(
		who: T::AccountId,
		id: AgreementId,
		terms: DiscountAgreement,
	) -> DispatchResult {
		let agreement = Agreements::<T>::get(id).ok_or(Error::<T>::UnknownAgreement)?;
		let proposer = Self::discount_side(&agreement, &who)?;
		ensure!(agreement.status == AgreementStatus::Active, Error::<T>::NotActive);
		ensure!(agreement.sealed.is_none(), Error::<T>::ConfidentialAgreement);
		terms.validate().map_err(|_| Error::<T>::InvalidDiscountTerms)?;
		ensure!(
			terms.network_a.iot == agreement.terms.network_a.tariff
				&& terms.network_b.iot == agreement.terms.network_b.tariff,
			Error::<T>::DiscountIotMismatch
		);
		let months = terms.months;
		let start = Self::store_discount_proposal(
			&who,
			id,
			&agreement,
			proposer,
			DiscountTerms::Transparent(terms),
		)?;
		Self::deposit_event(Event::DiscountProposed { agreement: id, start, months, by: proposer });
		Ok(())
	}

	/// The period checks of a discount proposal (every month within the validity, covered by
	/// no other discount agreement, without usage or a statement), then the deposit, the
	/// coverage and the record. Returns the period's first month.
	pub(crate) fn store_discount_proposal(
		who: &T::AccountId,
		id: AgreementId,
		agreement: &AgreementOf<T>,
		proposer: Side,
		terms: DiscountTerms,
	) -> Result<SettlementPeriod, DispatchError> {
		let header = terms.header();
		let start = settlement_period(header.start).ok_or(Error::<T>::InvalidPeriod)?;
		let months = Self::discount_months(&header)?;
		for month in &months {
			ensure!(
				agreement.terms.valid_from <= *month && *month <= agreement.terms.valid_to,
				Error::<T>::OutsideValidity
			);
			ensure!(!DiscountMonths::<T>::contains_key(id, month), Error::<T>::DiscountOverlap);
			// A settled or voided record keeps its start month.
			ensure!(!DiscountAgreements::<T>::contains_key(id, month), Error::<T>::DiscountOverlap);
			let used = Totals::<T>::get((id, *month, Side::A)).batches > 0
				|| Totals::<T>::get((id, *month, Side::B)).batches > 0
				|| Statements::<T>::contains_key(id, month);
			ensure!(!used, Error::<T>::DiscountMonthUsed);
		}
		let deposit = T::DiscountDeposit::get();
		T::Currency::hold(&HoldReason::DiscountDeposit.into(), who, deposit)?;
		for month in &months {
			DiscountMonths::<T>::insert(id, month, start);
		}
		DiscountAgreements::<T>::insert(
			id,
			start,
			DiscountRecord {
				terms,
				proposer,
				status: DiscountStatus::Proposed,
				deposit: deposit.saturated_into(),
				trued_up: 0,
			},
		);
		Ok(start)
	}

	pub(crate) fn do_accept_discount(
		who: T::AccountId,
		id: AgreementId,
		start: SettlementPeriod,
	) -> DispatchResult {
		let (_, side, mut record) = Self::discount_of(&who, id, start)?;
		ensure!(record.status == DiscountStatus::Proposed, Error::<T>::DiscountNotProposed);
		ensure!(side != record.proposer, Error::<T>::OwnDiscountProposal);
		ensure!(
			matches!(record.terms, DiscountTerms::Transparent(_)),
			Error::<T>::ConfidentialAgreement
		);
		record.status = DiscountStatus::Active;
		DiscountAgreements::<T>::insert(id, start, record);
		Self::deposit_event(Event::DiscountAccepted { agreement: id, start });
		Ok(())
	}

	/// Removes the period's coverage and counted usage.
	pub(crate) fn clear_discount_months(id: AgreementId, terms: &DiscountHeader) -> DispatchResult {
		for month in Self::discount_months(terms)? {
			DiscountMonths::<T>::remove(id, month);
			DiscountUsage::<T>::remove((id, month, Side::A));
			DiscountUsage::<T>::remove((id, month, Side::B));
		}
		Ok(())
	}

	pub(crate) fn release_discount_deposit(
		agreement: &AgreementOf<T>,
		record: &mut DiscountRecord,
	) -> DispatchResult {
		let depositor = agreement.party(record.proposer);
		T::Currency::release(
			&HoldReason::DiscountDeposit.into(),
			depositor,
			record.deposit.saturated_into(),
			Precision::BestEffort,
		)?;
		record.deposit = 0;
		Ok(())
	}

	pub(crate) fn do_cancel_discount(
		who: T::AccountId,
		id: AgreementId,
		start: SettlementPeriod,
	) -> DispatchResult {
		let (agreement, side, mut record) = Self::discount_of(&who, id, start)?;
		ensure!(record.status == DiscountStatus::Proposed, Error::<T>::DiscountNotProposed);
		Self::release_discount_deposit(&agreement, &mut record)?;
		Self::clear_discount_months(id, &record.terms.header())?;
		DiscountAgreements::<T>::remove(id, start);
		Self::deposit_event(Event::DiscountCancelled { agreement: id, start, by: side });
		Ok(())
	}

	/// Counts a booked batch's usage into the discount agreement covering `period`, if any.
	pub(crate) fn count_discount_usage(
		id: AgreementId,
		period: SettlementPeriod,
		network: Side,
		usage: &UsageTotals,
	) -> DispatchResult {
		if DiscountMonths::<T>::contains_key(id, period) {
			DiscountUsage::<T>::try_mutate((id, period, network), |total| -> DispatchResult {
				*total = add_usage(total, usage).ok_or(Error::<T>::Overflow)?;
				Ok(())
			})?;
		}
		Ok(())
	}

	/// Both directions' figures of the first `covered` months of the discount period of
	/// agreement `id`: usage as counted, provisional charge as each month's statement has it
	/// now. A month the agreement no longer covers (terminated with notice, or its start moved
	/// by an amendment) can hold no usage and counts as empty, so a shortened agreement can
	/// still be trued up. So does a month of an **ended** agreement that was never closed: an
	/// agreement ends only once every period with usage is closed and takes no usage after, and
	/// a month nobody closed before the end can no longer be closed.
	pub(crate) fn discount_figures(
		id: AgreementId,
		agreement: &AgreementOf<T>,
		terms: &DiscountHeader,
		covered: u8,
	) -> Result<(PeriodFigures, SettlementPeriod), DispatchError> {
		let validity = (agreement.terms.valid_from, agreement.terms.valid_to);
		let ended = agreement.status == AgreementStatus::Ended;
		let mut figures = PeriodFigures::default();
		let mut last = settlement_period(terms.start).ok_or(Error::<T>::InvalidPeriod)?;
		for month in Self::discount_months(terms)?.into_iter().take(usize::from(covered)) {
			let never_closed = ended && !Statements::<T>::contains_key(id, month);
			if month < validity.0 || validity.1 < month || never_closed {
				let empty = MonthUsage { usage: UsageTotals::default(), provisional: 0 };
				figures
					.try_push(MonthFigures {
						month: period_month(month),
						network_a: empty,
						network_b: empty,
					})
					.map_err(|_| Error::<T>::InvalidDiscountTerms)?;
				continue;
			}
			let statement = Statements::<T>::get(id, month).ok_or(Error::<T>::DiscountMonthOpen)?;
			ensure!(
				statement.network_a.withheld == 0 && statement.network_b.withheld == 0,
				Error::<T>::DiscountDisputesOpen
			);
			let direction = |side: Side, payable: Amount| MonthUsage {
				usage: DiscountUsage::<T>::get((id, month, side)),
				provisional: payable,
			};
			figures
				.try_push(MonthFigures {
					month: period_month(month),
					network_a: direction(Side::A, statement.network_a.payable),
					network_b: direction(Side::B, statement.network_b.payable),
				})
				.map_err(|_| Error::<T>::InvalidDiscountTerms)?;
			last = month;
		}
		Ok((figures, last))
	}

	pub(crate) fn do_true_up_discount(
		who: T::AccountId,
		id: AgreementId,
		start: SettlementPeriod,
		covered: u8,
	) -> DispatchResult {
		let (agreement, _, mut record) = Self::discount_of(&who, id, start)?;
		let DiscountTerms::Transparent(terms) = record.terms.clone() else {
			return Err(Error::<T>::ConfidentialAgreement.into());
		};
		Self::check_true_up_months(&record, covered)?;
		let (figures, last_month) =
			Self::discount_figures(id, &agreement, &DiscountHeader::of(&terms), covered)?;
		let previous = if record.trued_up > 0 {
			Some(
				CreditNotes::<T>::get((id, start, record.trued_up))
					.ok_or(Error::<T>::UnknownDiscount)?
					.note,
			)
		} else {
			None
		};
		let note = telecom_roaming_rating::true_up(&terms, &figures, previous.as_ref()).map_err(
			|error| match error {
				DiscountError::NotScheduled => Error::<T>::TrueUpNotScheduled,
				DiscountError::Overflow => Error::<T>::Overflow,
				_ => Error::<T>::InvalidDiscountTerms,
			},
		)?;
		let reference =
			DocumentHash::from(sp_io::hashing::blake2_256(&(id, &note, b"discount").encode()));
		let currency = agreement.terms.currency;
		let (obligation, payer, payee, due_currency, due) = match note.obligation() {
			Some((payer, payee, amount)) => {
				let conversion = invoicing_conversion::<T>(&agreement.terms, last_month, amount)?;
				let (due_currency, due) = conversion.unwrap_or((currency, amount));
				let (payer, payee) =
					(Self::party_of(&agreement, payer), Self::party_of(&agreement, payee));
				let obligation = if due > 0 {
					Some(T::Obligations::submit(Obligation {
						payer: payer.clone(),
						payee: payee.clone(),
						currency: due_currency,
						amount: due,
						source: ObligationSource::Roaming,
						reference,
					})?)
				} else {
					None
				};
				(obligation, Some(payer), Some(payee), due_currency, due)
			},
			None => (None, None, None, currency, 0),
		};
		record.trued_up = covered;
		if note.is_final {
			record.status = DiscountStatus::Settled;
			Self::release_discount_deposit(&agreement, &mut record)?;
			Self::clear_discount_months(id, &DiscountHeader::of(&terms))?;
		}
		Self::deposit_event(Event::DiscountTrueUp {
			agreement: id,
			start,
			months: covered,
			is_final: note.is_final,
			net_to_a: note.net_to_a,
			payer,
			payee,
			currency: due_currency,
			amount: due,
			obligation,
		});
		CreditNotes::<T>::insert(
			(id, start, covered),
			BookedNote { note, obligation, currency: due_currency, amount: due, reference },
		);
		DiscountAgreements::<T>::insert(id, start, record);
		Ok(())
	}

	/// The months rules of a note over the first `covered` months: the discount agreement is in
	/// force, no note for as many months is booked yet, and `covered` is the whole period or a
	/// multiple of its schedule.
	pub(crate) fn check_true_up_months(record: &DiscountRecord, covered: u8) -> DispatchResult {
		ensure!(
			!matches!(record.status, DiscountStatus::Proposed | DiscountStatus::Voided),
			Error::<T>::DiscountNotActive
		);
		ensure!(covered > record.trued_up, Error::<T>::AlreadyTruedUp);
		let header = record.terms.header();
		let every = header.true_up_every;
		ensure!(
			covered == header.months
				|| (covered < header.months && every != 0 && covered.checked_rem(every) == Some(0)),
			Error::<T>::TrueUpNotScheduled
		);
		Ok(())
	}

	/// The discount agreements' invariants: terms valid, coverage exactly for the months of
	/// proposed and active ones, counted usage only in covered months, notes consistent and on
	/// record, deposits held.
	pub fn discount_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;
		let mut held: BTreeMap<T::AccountId, u128> = BTreeMap::new();
		let mut covered: u32 = 0;
		for (id, start, record) in DiscountAgreements::<T>::iter() {
			let header = record.terms.header();
			match &record.terms {
				DiscountTerms::Transparent(terms) => {
					ensure!(terms.validate().is_ok(), "stored discount terms validate")
				},
				DiscountTerms::Sealed(sealed) => {
					ensure!(header.is_valid(), "a sealed discount's header is valid");
					Self::sealed_discount_try_state(id, start, &record, sealed)?;
				},
			}
			ensure!(settlement_period(header.start) == Some(start), "discount keyed by its start");
			let agreement = Agreements::<T>::get(id).ok_or("discount of an unknown agreement")?;
			let months =
				Self::discount_months(&header).map_err(|_| "discount months are chain periods")?;
			let settled = record.status == DiscountStatus::Settled;
			let voided = record.status == DiscountStatus::Voided;
			ensure!(
				!voided || matches!(record.terms, DiscountTerms::Sealed(_)),
				"only a sealed discount is voided"
			);
			for month in &months {
				let entry = DiscountMonths::<T>::get(id, month);
				if settled {
					ensure!(entry.is_none(), "a settled discount covers no month");
				} else if voided {
					// Its months not yet closed may be covered by a new discount.
					ensure!(entry != Some(start), "a voided discount covers no month");
				} else {
					ensure!(entry == Some(start), "an open discount covers each of its months");
					covered = covered.saturating_add(1);
				}
			}
			ensure!(record.trued_up <= header.months, "trued up within the period");
			ensure!(
				settled == (record.trued_up == header.months),
				"settled exactly after the final note"
			);
			ensure!(
				record.status != DiscountStatus::Proposed || record.trued_up == 0,
				"a proposal has no note"
			);
			ensure!(
				(settled || voided) == (record.deposit == 0),
				"deposit held until settled or voided"
			);
			let transparent = matches!(record.terms, DiscountTerms::Transparent(_));
			if transparent && record.trued_up > 0 {
				let booked = CreditNotes::<T>::get((id, start, record.trued_up))
					.ok_or("the latest note is on record")?;
				ensure!(booked.note.is_consistent(), "a booked note agrees with itself");
				ensure!(booked.note.is_final == settled, "only the final note settles");
				ensure!(
					booked.obligation.is_some() == (booked.amount > 0),
					"an obligation exactly for a non-zero amount"
				);
			}
			let slot = held.entry(agreement.party(record.proposer).clone()).or_default();
			*slot = slot.saturating_add(record.deposit);
		}
		ensure!(
			DiscountMonths::<T>::iter().count() == covered as usize,
			"coverage only for open discounts"
		);
		for ((id, month, _), _) in DiscountUsage::<T>::iter() {
			ensure!(
				DiscountMonths::<T>::contains_key(id, month),
				"usage counted in covered months"
			);
		}
		for ((id, start, months), booked) in CreditNotes::<T>::iter() {
			ensure!(booked.note.months == months, "a note is keyed by its months");
			ensure!(
				DiscountAgreements::<T>::get(id, start)
					.is_some_and(|r| r.trued_up >= months
						&& matches!(r.terms, DiscountTerms::Transparent(_))),
				"a note belongs to a transparent discount trued up that far"
			);
		}
		for (who, amount) in held {
			let on_hold: u128 =
				T::Currency::balance_on_hold(&HoldReason::DiscountDeposit.into(), &who)
					.saturated_into();
			ensure!(on_hold == amount, "discount deposits held");
		}
		Ok(())
	}
}

/// The obligation's currency and amount when the agreement invoices in another currency:
/// converted at the invoice rate of `month` (which the true-up freezes like a close).
fn invoicing_conversion<T: Config>(
	terms: &AgreementTerms,
	month: SettlementPeriod,
	amount: Amount,
) -> Result<Option<(CurrencyCode, Amount)>, DispatchError> {
	Ok(Pallet::<T>::invoice_conversion(terms, month, amount, false)?
		.map(|conversion: invoicing::InvoiceConversion| (conversion.currency, conversion.net)))
}
