//! Confidential discount agreements: the discount terms of a confidential IOT agreement stay
//! sealed like its tariffs; the chain trues them up by **dual posting** of the credit note's
//! net, or computes the note itself from terms a party **reveals** for arbitration.
//!
//! - **Proposal** (`propose_sealed_discount`): a party of an active, confidential agreement
//!   posts the public [`DiscountHeader`] (first month, months, true-up schedule), the
//!   commitment `terms_commitment(SCALE(DiscountAgreement), salt)` and one padded (version 2)
//!   envelope per party, sealed to its current key with the discount key derivation
//!   (`telecom_terms_seal::seal_discount`: bound to the chain, the agreement and the first
//!   month). The chain records the commitment of the agreement's terms in force
//!   (`iot_commitment`): the discount's IOT must be those terms' tariffs. Period checks and
//!   deposit as `propose_discount`.
//! - **Acceptance** (`accept_sealed_discount`) by the other party states
//!   [`sealed_discount_acceptance_digest`] of the agreement, the header, the commitment, the
//!   IOT commitment and both envelopes, so a re-proposal with another header, IOT commitment
//!   or envelope is not accepted by an acceptance of what the partner opened. `cancel_discount` ends a proposal of either kind.
//! - **Dual posting** (`post_discount_note`): after the months of a note are closed (the same
//!   months rules as `true_up_discount`), each party posts the net (owed to A) that it computed
//!   off-chain with the shared rating crate from the opened terms and the chain's month
//!   figures, cumulative over the months: `true_up(terms, figures, None).net_to_a`. Equal
//!   postings book it, less the nets booked before for this discount, as **one** note and
//!   **one** obligation to clearing; different
//!   ones are recorded (`DiscountNotesDiffer`) and wait for a reveal. Nothing but the net is
//!   posted: no tier, price, commitment or shortfall.
//! - **Reveal** (`reveal_discount_terms`): either party, once the months are closed, reveals
//!   the discount terms and their salt and the IOT terms and theirs. The chain checks both
//!   commitments, the header and that the discount's IOT is the agreement's, computes the note
//!   with the shared crate and books it, whatever was posted. This is the **liveness path**: a
//!   party that never posts (or posts a wrong figure) cannot hold the note, the obligation or
//!   the proposer's deposit back; the cost of using it is that the terms become public.

use crate::{
	discount::{DiscountHeader, DiscountRecord, DiscountStatus, DiscountTerms, SealedDiscount},
	pallet::*,
	sealed::{SealedEnvelope, SealedTerms, SEALED_ENVELOPE_VERSION_PADDED},
	types::*,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
	},
};
use scale_info::TypeInfo;
use sp_runtime::{SaturatedConversion, Saturating};
use telecom_primitives::{
	amount_string,
	commitment::{
		sealed_discount_acceptance_digest, terms_commitment, AcceptanceDigest, TermsCommitment,
		TermsSalt,
	},
	Amount, CurrencyCode, DocumentHash, Obligation, ObligationId, ObligationSink, ObligationSource,
	SettlementPeriod,
};
use telecom_roaming_rating::{DiscountAgreement, DiscountError};

/// The two parties' postings of one note of a confidential discount agreement: the net owed
/// to A (negative: owed by A) each computed, and when the latest was made.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct NotePostings<BlockNumber> {
	/// Party A's figure, once posted.
	#[serde(with = "telecom_roaming_rating::amount_string::signed_option")]
	pub a: Option<i128>,
	/// Party B's figure, once posted.
	#[serde(with = "telecom_roaming_rating::amount_string::signed_option")]
	pub b: Option<i128>,
	/// The last block of the other party's time to answer the latest posting (the
	/// agreement's dispute window, at least `MinNoteWindow`, fixed when it was posted). When
	/// only one party has posted, its figure can be booked (`book_uncontested_discount_note`)
	/// after this block: silence accepts the figure, as it accepts a batch. A contest posted
	/// before the booking still counts.
	pub answer_by: BlockNumber,
}

impl<BlockNumber> NotePostings<BlockNumber> {
	/// The posting of the party on `side`.
	pub fn of(&self, side: Side) -> Option<i128> {
		match side {
			Side::A => self.a,
			Side::B => self.b,
		}
	}

	/// The figure and its poster when exactly one party has posted.
	pub fn uncontested(&self) -> Option<(Side, i128)> {
		match (self.a, self.b) {
			(Some(net), None) => Some((Side::A, net)),
			(None, Some(net)) => Some((Side::B, net)),
			_ => None,
		}
	}
}

/// A note of a confidential discount agreement the chain booked: its net only.
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
pub struct SealedBookedNote {
	/// The net of this note owed to A (negative: owed by A), in the settlement currency.
	#[serde(with = "telecom_roaming_rating::amount_string::signed")]
	pub net_to_a: i128,
	/// Whether it is the period's final note.
	pub is_final: bool,
	/// Whether the chain computed it from revealed terms (else both parties posted it).
	pub revealed: bool,
	/// The clearing obligation of its net, if it is not zero.
	pub obligation: Option<ObligationId>,
	/// The obligation's currency (the invoice currency, if the agreement has one).
	pub currency: CurrencyCode,
	/// The obligation's amount in that currency (0 when the net is zero).
	#[serde(with = "amount_string")]
	pub amount: Amount,
	/// Blake2-256 of the SCALE-encoded (agreement, first month, months, net, "discount-net");
	/// the obligation's reference.
	pub reference: DocumentHash,
}

impl SealedDiscount {
	/// The digest its acceptance states ([`sealed_discount_acceptance_digest`]).
	pub fn acceptance_digest(&self, agreement: AgreementId) -> AcceptanceDigest {
		sealed_discount_acceptance_digest(
			agreement,
			&self.header.encode(),
			&self.sealed.commitment,
			&self.iot_commitment,
			&(&self.sealed.envelope_a, &self.sealed.envelope_b).encode(),
		)
	}
}

impl<T: Config> Pallet<T> {
	fn sealed_of(record: &DiscountRecord) -> Result<SealedDiscount, DispatchError> {
		match &record.terms {
			DiscountTerms::Sealed(sealed) => Ok(sealed.clone()),
			DiscountTerms::Transparent(_) => Err(Error::<T>::TransparentDiscount.into()),
		}
	}

	/// A discount envelope must be padded and sealed to its recipient's current key.
	fn check_discount_envelope(
		recipient: &T::AccountId,
		envelope: &SealedEnvelope,
	) -> DispatchResult {
		ensure!(
			envelope.bytes.first() == Some(&SEALED_ENVELOPE_VERSION_PADDED),
			Error::<T>::UnpaddedDiscountEnvelope
		);
		Self::check_envelope(recipient, envelope)
	}

	pub(crate) fn do_propose_sealed_discount(
		who: T::AccountId,
		id: AgreementId,
		header: DiscountHeader,
		sealed: SealedTerms,
	) -> DispatchResult {
		let agreement = Agreements::<T>::get(id).ok_or(Error::<T>::UnknownAgreement)?;
		let proposer = Self::discount_side(&agreement, &who)?;
		ensure!(agreement.status == AgreementStatus::Active, Error::<T>::NotActive);
		let iot_commitment =
			agreement.sealed.as_ref().ok_or(Error::<T>::TransparentAgreement)?.commitment;
		ensure!(header.is_valid(), Error::<T>::InvalidDiscountTerms);
		Self::check_discount_envelope(&agreement.party_a, &sealed.envelope_a)?;
		Self::check_discount_envelope(&agreement.party_b, &sealed.envelope_b)?;
		let commitment = sealed.commitment;
		let terms =
			DiscountTerms::Sealed(SealedDiscount { header, sealed, iot_commitment, booked_net: 0 });
		let start = Self::store_discount_proposal(&who, id, &agreement, proposer, terms)?;
		Self::deposit_event(Event::SealedDiscountProposed {
			agreement: id,
			start,
			months: header.months,
			true_up_every: header.true_up_every,
			by: proposer,
			commitment,
			iot_commitment,
		});
		Ok(())
	}

	/// The digest `accept_sealed_discount` must state for the confidential discount proposal
	/// of agreement `id` starting in `start` ([`sealed_discount_acceptance_digest`]); `None`
	/// if there is no such proposal.
	pub fn pending_discount_digest(
		id: AgreementId,
		start: SettlementPeriod,
	) -> Option<AcceptanceDigest> {
		let record = DiscountAgreements::<T>::get(id, start)?;
		if record.status != DiscountStatus::Proposed {
			return None;
		}
		match record.terms {
			DiscountTerms::Sealed(sealed) => Some(sealed.acceptance_digest(id)),
			DiscountTerms::Transparent(_) => None,
		}
	}

	pub(crate) fn do_accept_sealed_discount(
		who: T::AccountId,
		id: AgreementId,
		start: SettlementPeriod,
		digest: AcceptanceDigest,
	) -> DispatchResult {
		let (_, side, mut record) = Self::discount_of(&who, id, start)?;
		ensure!(record.status == DiscountStatus::Proposed, Error::<T>::DiscountNotProposed);
		ensure!(side != record.proposer, Error::<T>::OwnDiscountProposal);
		let sealed = Self::sealed_of(&record)?;
		ensure!(digest == sealed.acceptance_digest(id), Error::<T>::WrongDiscountDigest);
		record.status = DiscountStatus::Active;
		DiscountAgreements::<T>::insert(id, start, record);
		Self::deposit_event(Event::DiscountAccepted { agreement: id, start });
		Ok(())
	}

	pub(crate) fn do_post_discount_note(
		who: T::AccountId,
		id: AgreementId,
		start: SettlementPeriod,
		covered: u8,
		net_to_a: i128,
	) -> DispatchResult {
		let (agreement, side, record) = Self::discount_of(&who, id, start)?;
		let sealed = Self::sealed_of(&record)?;
		Self::check_true_up_months(&record, covered)?;
		// Every month closed and free of withheld disputes, as for a transparent note.
		let (_, last_month) = Self::discount_figures(id, &agreement, &sealed.header, covered)?;
		let mut postings = DiscountNotePostings::<T>::get((id, start, covered)).unwrap_or_default();
		// A party may correct its figure until the other party has posted; the window of
		// silence then runs again from the correction.
		ensure!(
			postings.of(side).is_none() || postings.of(side.other()).is_none(),
			Error::<T>::NoteAlreadyPosted
		);
		match side {
			Side::A => postings.a = Some(net_to_a),
			Side::B => postings.b = Some(net_to_a),
		}
		let window = agreement.terms.dispute_window.max(T::MinNoteWindow::get());
		postings.answer_by =
			frame_system::Pallet::<T>::block_number().saturating_add(window.into());
		Self::deposit_event(Event::DiscountNotePosted {
			agreement: id,
			start,
			months: covered,
			by: side,
			net_to_a,
		});
		match (postings.a, postings.b) {
			(Some(by_a), Some(by_b)) if by_a == by_b => {
				// Postings are cumulative over the months they cover; this note books what the
				// notes before it did not, so a posting made before an earlier note was booked
				// still books the right amount.
				let net = by_a.checked_sub(sealed.booked_net).ok_or(Error::<T>::Overflow)?;
				Self::book_sealed_note(
					&agreement, id, start, record, covered, net, last_month, false,
				)
			},
			(Some(by_a), Some(by_b)) => {
				DiscountNotePostings::<T>::insert((id, start, covered), postings);
				Self::deposit_event(Event::DiscountNotesDiffer {
					agreement: id,
					start,
					months: covered,
					net_to_a_by_a: by_a,
					net_to_a_by_b: by_b,
				});
				Ok(())
			},
			_ => {
				DiscountNotePostings::<T>::insert((id, start, covered), postings);
				Ok(())
			},
		}
	}

	#[allow(clippy::too_many_arguments)]
	pub(crate) fn do_reveal_discount_terms(
		who: T::AccountId,
		id: AgreementId,
		start: SettlementPeriod,
		covered: u8,
		terms: DiscountAgreement,
		salt: TermsSalt,
		iot_terms: AgreementTerms,
		iot_salt: TermsSalt,
	) -> DispatchResult {
		let (agreement, by, record) = Self::discount_of(&who, id, start)?;
		let sealed = Self::sealed_of(&record)?;
		Self::check_true_up_months(&record, covered)?;
		let commitment = Self::open_commitments(&sealed, &terms, &salt, &iot_terms, &iot_salt)?;
		Self::check_revealable(&sealed, &terms, &iot_terms)?;
		let (figures, last_month) =
			Self::discount_figures(id, &agreement, &sealed.header, covered)?;
		// The note over all the months so far, less what earlier notes booked: the notes of a
		// period add up to the one final figure, whichever way each was booked.
		let note =
			telecom_roaming_rating::true_up(&terms, &figures, None).map_err(
				|error| match error {
					DiscountError::NotScheduled => Error::<T>::TrueUpNotScheduled,
					DiscountError::Overflow => Error::<T>::Overflow,
					_ => Error::<T>::InvalidDiscountTerms,
				},
			)?;
		let net = note.net_to_a.checked_sub(sealed.booked_net).ok_or(Error::<T>::Overflow)?;
		Self::deposit_event(Event::DiscountTermsRevealed {
			agreement: id,
			start,
			months: covered,
			by,
			commitment,
		});
		Self::book_sealed_note(&agreement, id, start, record, covered, net, last_month, true)
	}

	/// Replaces the discount envelope of the party on `side` with one sealed to its current
	/// key (padded, like every discount envelope); the commitment stays. As for the
	/// agreement's envelopes (`reseal`), a party reseals its own envelope at any time, the
	/// other party's only while that one names a key epoch no longer current.
	pub(crate) fn do_reseal_discount_envelope(
		who: T::AccountId,
		id: AgreementId,
		start: SettlementPeriod,
		side: Side,
		envelope: SealedEnvelope,
	) -> DispatchResult {
		let (agreement, by, mut record) = Self::discount_of(&who, id, start)?;
		ensure!(
			matches!(record.status, DiscountStatus::Proposed | DiscountStatus::Active),
			Error::<T>::DiscountNotActive
		);
		let DiscountTerms::Sealed(sealed) = &mut record.terms else {
			return Err(Error::<T>::TransparentDiscount.into());
		};
		let recipient = agreement.party(side);
		let key = EncryptionKeys::<T>::get(recipient).ok_or(Error::<T>::NoEncryptionKey)?;
		ensure!(
			by == side || sealed.sealed.envelope(side).epoch != key.epoch,
			Error::<T>::EnvelopeCurrent
		);
		Self::check_discount_envelope(recipient, &envelope)?;
		let epoch = envelope.epoch;
		match side {
			Side::A => sealed.sealed.envelope_a = envelope,
			Side::B => sealed.sealed.envelope_b = envelope,
		}
		DiscountAgreements::<T>::insert(id, start, record);
		Self::deposit_event(Event::DiscountEnvelopeResealed {
			agreement: id,
			start,
			side,
			by,
			epoch,
		});
		Ok(())
	}

	/// Books the figure of the only party that posted a note once the other party's time to
	/// answer (`NotePostings::answer_by`) has passed: its silence accepts the figure.
	pub(crate) fn do_book_uncontested_discount_note(
		who: T::AccountId,
		id: AgreementId,
		start: SettlementPeriod,
		covered: u8,
	) -> DispatchResult {
		let (agreement, _, record) = Self::discount_of(&who, id, start)?;
		let sealed = Self::sealed_of(&record)?;
		Self::check_true_up_months(&record, covered)?;
		let postings =
			DiscountNotePostings::<T>::get((id, start, covered)).ok_or(Error::<T>::NoNotePosted)?;
		let (by, net_to_a) = postings.uncontested().ok_or(Error::<T>::NoteContested)?;
		ensure!(
			frame_system::Pallet::<T>::block_number() > postings.answer_by,
			Error::<T>::PostingWindowOpen
		);
		let (_, last_month) = Self::discount_figures(id, &agreement, &sealed.header, covered)?;
		let net = net_to_a.checked_sub(sealed.booked_net).ok_or(Error::<T>::Overflow)?;
		Self::deposit_event(Event::DiscountNoteUncontested {
			agreement: id,
			start,
			months: covered,
			by,
			net_to_a,
		});
		Self::book_sealed_note(&agreement, id, start, record, covered, net, last_month, false)
	}

	/// Ends a confidential discount agreement whose committed terms can never be revealed:
	/// `who` opens both commitments and the chain finds the discount terms invalid, their
	/// header not the public one, their IOT not the agreement's, or (once every month is
	/// closed) their final note not computable. The proposer sealed them, so its deposit goes
	/// to the other party; the months are free again and open postings are dropped. A
	/// discount with no note booked is removed (its first month can be proposed again); one
	/// with notes keeps its record, `Voided`, and the notes stay booked. Refused while a
	/// posting can be booked by silence: that note is owed first.
	#[allow(clippy::too_many_arguments)]
	pub(crate) fn do_void_sealed_discount(
		who: T::AccountId,
		id: AgreementId,
		start: SettlementPeriod,
		terms: DiscountAgreement,
		salt: TermsSalt,
		iot_terms: AgreementTerms,
		iot_salt: TermsSalt,
	) -> DispatchResult {
		let (agreement, by, mut record) = Self::discount_of(&who, id, start)?;
		ensure!(record.status == DiscountStatus::Active, Error::<T>::DiscountNotActive);
		let sealed = Self::sealed_of(&record)?;
		Self::open_commitments(&sealed, &terms, &salt, &iot_terms, &iot_salt)?;
		let now = frame_system::Pallet::<T>::block_number();
		let bookable = DiscountNotePostings::<T>::iter_prefix_values((id, start))
			.any(|postings| postings.uncontested().is_some() && now > postings.answer_by);
		ensure!(!bookable, Error::<T>::NoteBookable);
		let consistent = Self::check_revealable(&sealed, &terms, &iot_terms).is_ok()
			&& Self::final_note_computes(id, &agreement, &sealed.header, &terms);
		ensure!(!consistent, Error::<T>::DiscountTermsConsistent);
		// The proposer's deposit goes to the other party.
		let proposer = agreement.party(record.proposer);
		let other = agreement.party(record.proposer.other());
		let forfeited = T::Currency::transfer_on_hold(
			&HoldReason::DiscountDeposit.into(),
			proposer,
			other,
			record.deposit.saturated_into(),
			Precision::BestEffort,
			Restriction::Free,
			Fortitude::Force,
		)?;
		record.deposit = 0;
		record.status = DiscountStatus::Voided;
		for months in 1..=sealed.header.months {
			DiscountNotePostings::<T>::remove((id, start, months));
		}
		Self::clear_discount_months(id, &sealed.header)?;
		if record.trued_up == 0 {
			DiscountAgreements::<T>::remove(id, start);
		} else {
			DiscountAgreements::<T>::insert(id, start, record);
		}
		Self::deposit_event(Event::SealedDiscountVoided {
			agreement: id,
			start,
			by,
			forfeited: forfeited.saturated_into(),
		});
		Ok(())
	}

	/// Checks that `terms` and `salt` open the discount's commitment and `iot_terms` and
	/// `iot_salt` the commitment of the agreement's terms it was proposed under; the discount
	/// commitment.
	fn open_commitments(
		sealed: &SealedDiscount,
		terms: &DiscountAgreement,
		salt: &TermsSalt,
		iot_terms: &AgreementTerms,
		iot_salt: &TermsSalt,
	) -> Result<TermsCommitment, DispatchError> {
		let commitment = terms_commitment(&terms.encode(), salt);
		ensure!(commitment == sealed.sealed.commitment, Error::<T>::DiscountRevealMismatch);
		ensure!(
			terms_commitment(&iot_terms.encode(), iot_salt) == sealed.iot_commitment,
			Error::<T>::IotRevealMismatch
		);
		Ok(commitment)
	}

	/// Why opened discount terms cannot be revealed, if they cannot: they contradict the
	/// public header, are invalid, or are not priced against the IOT terms opened.
	fn check_revealable(
		sealed: &SealedDiscount,
		terms: &DiscountAgreement,
		iot_terms: &AgreementTerms,
	) -> DispatchResult {
		ensure!(
			DiscountHeader::of(terms) == sealed.header,
			Error::<T>::DiscountRevealContradictsHeader
		);
		terms.validate().map_err(|_| Error::<T>::InvalidDiscountTerms)?;
		ensure!(
			terms.network_a.iot == iot_terms.network_a.tariff
				&& terms.network_b.iot == iot_terms.network_b.tariff,
			Error::<T>::DiscountIotMismatch
		);
		Ok(())
	}

	/// Whether `terms` compute the final note: true while some month of the period is still
	/// open (nothing to compute yet), else whether `true_up` over every month succeeds.
	fn final_note_computes(
		id: AgreementId,
		agreement: &AgreementOf<T>,
		header: &DiscountHeader,
		terms: &DiscountAgreement,
	) -> bool {
		match Self::discount_figures(id, agreement, header, header.months) {
			Ok((figures, _)) => telecom_roaming_rating::true_up(terms, &figures, None).is_ok(),
			Err(_) => true,
		}
	}

	/// Books the note of a confidential discount agreement over its first `covered` months:
	/// its net to clearing (converted at the invoice rate of `last_month` if the agreement
	/// invoices in another currency), the note on record, the postings of this and earlier
	/// notes removed; the final note settles the period (deposit back, coverage removed).
	#[allow(clippy::too_many_arguments)]
	fn book_sealed_note(
		agreement: &AgreementOf<T>,
		id: AgreementId,
		start: SettlementPeriod,
		mut record: DiscountRecord,
		covered: u8,
		net_to_a: i128,
		last_month: SettlementPeriod,
		revealed: bool,
	) -> DispatchResult {
		let DiscountTerms::Sealed(mut sealed) = record.terms.clone() else {
			return Err(Error::<T>::TransparentDiscount.into());
		};
		let is_final = covered == sealed.header.months;
		let reference = DocumentHash::from(sp_io::hashing::blake2_256(
			&(id, start, covered, net_to_a, b"discount-net").encode(),
		));
		let currency = agreement.terms.currency;
		let amount = net_to_a.unsigned_abs();
		let (payer, payee) = if net_to_a > 0 {
			(Some(agreement.party_b.clone()), Some(agreement.party_a.clone()))
		} else if net_to_a < 0 {
			(Some(agreement.party_a.clone()), Some(agreement.party_b.clone()))
		} else {
			(None, None)
		};
		let (obligation, due_currency, due) = match (&payer, &payee) {
			(Some(payer), Some(payee)) => {
				let conversion =
					Self::invoice_conversion(&agreement.terms, last_month, amount, false)?
						.map(|c| (c.currency, c.net));
				let (due_currency, due) = conversion.unwrap_or((currency, amount));
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
				(obligation, due_currency, due)
			},
			_ => (None, currency, 0),
		};
		sealed.booked_net = sealed.booked_net.checked_add(net_to_a).ok_or(Error::<T>::Overflow)?;
		record.trued_up = covered;
		let header = sealed.header;
		record.terms = DiscountTerms::Sealed(sealed);
		// Postings of this note and of earlier ones nobody booked are settled by this note.
		let last_posting = if is_final { header.months } else { covered };
		for months in 1..=last_posting {
			DiscountNotePostings::<T>::remove((id, start, months));
		}
		if is_final {
			record.status = DiscountStatus::Settled;
			Self::release_discount_deposit(agreement, &mut record)?;
			Self::clear_discount_months(id, &header)?;
		}
		SealedCreditNotes::<T>::insert(
			(id, start, covered),
			SealedBookedNote {
				net_to_a,
				is_final,
				revealed,
				obligation,
				currency: due_currency,
				amount: due,
				reference,
			},
		);
		DiscountAgreements::<T>::insert(id, start, record);
		Self::deposit_event(Event::DiscountTrueUp {
			agreement: id,
			start,
			months: covered,
			is_final,
			net_to_a,
			payer,
			payee,
			currency: due_currency,
			amount: due,
			obligation,
		});
		Ok(())
	}

	/// Invariants of one confidential discount agreement: padded envelopes naming epochs their
	/// parties reached, the booked notes on record adding up to `booked_net` with the latest
	/// at `trued_up` and final exactly when settled, and postings only for notes not booked.
	pub(crate) fn sealed_discount_try_state(
		id: AgreementId,
		start: SettlementPeriod,
		record: &DiscountRecord,
		sealed: &SealedDiscount,
	) -> Result<(), sp_runtime::TryRuntimeError> {
		let agreement = Agreements::<T>::get(id).ok_or("discount of an unknown agreement")?;
		ensure!(
			agreement.sealed.is_some(),
			"a sealed discount belongs to a confidential agreement"
		);
		for side in [Side::A, Side::B] {
			let envelope = sealed.sealed.envelope(side);
			ensure!(
				envelope.is_well_formed()
					&& envelope.bytes.first() == Some(&SEALED_ENVELOPE_VERSION_PADDED),
				"discount envelopes are padded"
			);
			let epoch = EncryptionKeys::<T>::get(agreement.party(side)).map_or(0, |key| key.epoch);
			ensure!(envelope.epoch <= epoch, "a discount envelope names a key its party had");
		}
		let mut sum: i128 = 0;
		let mut latest: u8 = 0;
		for (months, note) in SealedCreditNotes::<T>::iter_prefix((id, start)) {
			sum = sum.checked_add(note.net_to_a).ok_or("booked nets add up")?;
			latest = latest.max(months);
			ensure!(
				note.obligation.is_some() == (note.amount > 0),
				"an obligation exactly for a non-zero amount"
			);
			ensure!(
				note.is_final == (months == sealed.header.months),
				"only the note over every month is final"
			);
			ensure!(Self::scheduled(&sealed.header, months), "notes only on the schedule");
			// Without an invoice currency the obligation is the net itself.
			if agreement.terms.invoice.is_none() {
				ensure!(
					note.amount == note.net_to_a.unsigned_abs()
						&& note.currency == agreement.terms.currency,
					"a note's obligation is its net"
				);
			}
		}
		ensure!(sum == sealed.booked_net, "booked nets add up to the record's");
		ensure!(latest == record.trued_up, "the latest sealed note is on record");
		for (months, postings) in DiscountNotePostings::<T>::iter_prefix((id, start)) {
			ensure!(
				months > record.trued_up && Self::scheduled(&sealed.header, months),
				"postings only for scheduled notes not booked"
			);
			ensure!(postings.a.is_some() || postings.b.is_some(), "a stored posting has a figure");
			ensure!(
				!(postings.a.is_some() && postings.a == postings.b),
				"equal postings are booked"
			);
		}
		Ok(())
	}

	/// Whether a note over the first `months` months is on the discount's schedule: the final
	/// one, or an interim one at a multiple of `true_up_every`.
	fn scheduled(header: &DiscountHeader, months: u8) -> bool {
		months == header.months
			|| (months > 0
				&& months < header.months
				&& header.true_up_every != 0
				&& months.checked_rem(header.true_up_every) == Some(0))
	}

	/// Storage-wide invariants of the sealed discount items: every note and posting belongs
	/// to a confidential discount agreement.
	pub fn sealed_discount_items_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		for ((id, start, _), _) in SealedCreditNotes::<T>::iter() {
			ensure!(
				DiscountAgreements::<T>::get(id, start)
					.is_some_and(|r| matches!(r.terms, DiscountTerms::Sealed(_))),
				"a sealed note belongs to a sealed discount"
			);
		}
		for ((id, start, _), _) in DiscountNotePostings::<T>::iter() {
			ensure!(
				DiscountAgreements::<T>::get(id, start).is_some_and(|r| {
					matches!(r.terms, DiscountTerms::Sealed(_))
						&& r.status == DiscountStatus::Active
				}),
				"postings belong to a sealed discount in force"
			);
		}
		Ok(())
	}
}
