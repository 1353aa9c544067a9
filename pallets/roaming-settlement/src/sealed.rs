//! Confidential agreements: the chain keeps a public header and a commitment, the terms
//! themselves travel sealed to each party's registered X25519 key.
//!
//! - **Encryption keys.** Each operator registers one X25519 public key
//!   ([`EncryptionKeys`](crate::EncryptionKeys)); registering another replaces it and increments
//!   its **epoch**. One entry per operator account, overwritten in place: the map is capped by
//!   the consortium's membership, so it takes no deposit.
//! - **A confidential proposal** (`propose_sealed`) carries the [`AgreementHeader`]: parties and
//!   networks (from the call), validity, currency, invoice terms, dispute window, notice, tax
//!   flag, the contract's hash and each network's tolerances. Those are what the chain needs to
//!   run the agreement without its prices (periods, deadlines, conversion, the comparison of
//!   dual postings). The tariffs and discounts stay off the chain: it holds
//!   `terms_commitment(SCALE(terms) ‖ salt)` and one [`SealedEnvelope`] per party, naming the
//!   key epoch it was sealed to. The stored `terms` of a confidential agreement are the header
//!   with **blank prices** (every rate zero, no discount), an invariant `try_state` checks.
//! - **Acceptance** (`accept_sealed`) states the digest of the whole pending item the partner
//!   opened and checked: [`sealed_acceptance_digest`] of the agreement id, the version the terms
//!   come into force as, the SCALE-encoded public header and the commitment. A proposal or
//!   amendment with another header, commitment or version is not accepted, so a proposer who
//!   re-proposes an amendment under the same commitment with another header (a wider
//!   tolerance, a shorter dispute window) does not get it accepted by an acceptance of the
//!   header the partner saw. `telecom-cli roaming accept` computes the digest from the terms it
//!   opened; [`Pallet::pending_acceptance_digest`] gives it for the item on chain.
//! - **Rating.** The chain cannot rate a confidential batch: it books the sender's claim
//!   (converted exactly into the agreement's currency), opens no reconciliation, and records
//!   no re-rating (`rated` is zero until a reveal).
//! - **No acceptance by silence.** The whole claim is withheld on arrival (a chain dispute with
//!   [`AWAITING_HOME_TOTALS_REASON`], deadline the dispute window, also counted as unanswered so
//!   the period cannot close before the window ends). The home side answers within the window:
//!   a matching posting (its charge against the claim, within the charge tolerance of the
//!   header) or `accept_batch` releases it; a differing posting or `dispute_batch` narrows it
//!   to the amount in question. Unanswered, it stays withheld at the close; the exits are a
//!   settlement both parties propose (past the deadline the first proposal escalates it) or the
//!   arbiter (after a reveal if needed), trued up through clearing. A period's close nets both
//!   directions' accepted claims; the pinned terms carry no discount, so none is deducted
//!   on-chain.
//! - **Reveal** (`reveal_terms`): a party taking disputed batches to arbitration publishes the
//!   terms and the salt. The chain recomputes the commitment pinned for each named batch's
//!   period, checks the revealed terms against the public header, and re-rates those batches
//!   with the revealed tariff through the shared rating crate; the arbiter then decides as
//!   for any dispute.
//! - **Amendments** are new commitments with new envelopes (`propose_sealed_amendment`),
//!   accepted by the other party naming the new commitment; **reseal** replaces one party's
//!   envelope after a key rotation without touching the commitment.

use crate::{pallet::*, rating, types::*};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{ensure, pallet_prelude::*, traits::ConstU32, BoundedVec};
use scale_info::TypeInfo;
use telecom_primitives::{
	commitment::{
		sealed_acceptance_digest, terms_commitment, AcceptanceDigest, TermsCommitment, TermsSalt,
		PADDED_ENVELOPE_LEN, SEALED_TERMS_OVERHEAD,
	},
	x25519, CurrencyCode, DocumentHash, SettlementPeriod, TadigCode,
};

/// Longest sealed envelope the chain stores: the length of every padded (version 2) envelope,
/// which holds the largest encoding of [`AgreementTerms`] plus [`PADDED_ENVELOPE_OVERHEAD`] (a
/// unit test keeps it so).
pub const MAX_SEALED_TERMS_LEN: u32 = PADDED_ENVELOPE_LEN;

/// Most disputed batches one reveal re-rates.
pub const MAX_REVEAL_BATCHES: u32 = 16;

/// The unpadded envelope format (version 1, the first byte of the envelope): still accepted, so
/// agreements sealed before version 2 can be resealed; its length reveals the terms' length.
pub const SEALED_ENVELOPE_VERSION: u8 = 1;

/// The padded envelope format `telecom-terms-seal` writes: every envelope is exactly
/// [`PADDED_ENVELOPE_LEN`] bytes, so its length reveals nothing about the terms.
pub const SEALED_ENVELOPE_VERSION_PADDED: u8 = 2;

/// An X25519 public key (RFC 7748 encoding).
pub type EncryptionPublicKey = [u8; 32];

/// The generation of an operator's encryption key: 1 for its first key, +1 per rotation.
pub type KeyEpoch = u32;

/// An operator's current encryption key.
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
pub struct EncryptionKey<BlockNumber> {
	/// The X25519 public key.
	pub key: EncryptionPublicKey,
	/// Its epoch: envelopes name the epoch they were sealed to.
	pub epoch: KeyEpoch,
	/// Block it was registered in.
	pub registered_at: BlockNumber,
}

/// Agreement terms sealed to one party's key (the `telecom-terms-seal` envelope: version,
/// ephemeral key, nonce, ciphertext of the terms and salt, tag).
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
pub struct SealedEnvelope {
	/// The recipient's key epoch the envelope was sealed to.
	pub epoch: KeyEpoch,
	/// The envelope's bytes.
	pub bytes: BoundedVec<u8, ConstU32<MAX_SEALED_TERMS_LEN>>,
}

impl SealedEnvelope {
	/// Whether the bytes can be an envelope: version 1 longer than its overhead, or version 2
	/// of exactly the padded length.
	pub fn is_well_formed(&self) -> bool {
		match self.bytes.first() {
			Some(&SEALED_ENVELOPE_VERSION) => self.bytes.len() > SEALED_TERMS_OVERHEAD as usize,
			Some(&SEALED_ENVELOPE_VERSION_PADDED) => {
				self.bytes.len() == PADDED_ENVELOPE_LEN as usize
			},
			_ => false,
		}
	}
}

/// The commitment to confidential terms and their envelope for each party.
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
pub struct SealedTerms {
	/// `blake2_256(SCALE(terms) ‖ salt)` ([`terms_commitment`]).
	pub commitment: TermsCommitment,
	/// The terms sealed to party A's key.
	pub envelope_a: SealedEnvelope,
	/// The terms sealed to party B's key.
	pub envelope_b: SealedEnvelope,
}

impl SealedTerms {
	/// The envelope for the party on `side`.
	pub fn envelope(&self, side: Side) -> &SealedEnvelope {
		match side {
			Side::A => &self.envelope_a,
			Side::B => &self.envelope_b,
		}
	}

	/// The envelope for the party on `side`, to replace.
	pub fn envelope_mut(&mut self, side: Side) -> &mut SealedEnvelope {
		match side {
			Side::A => &mut self.envelope_a,
			Side::B => &mut self.envelope_b,
		}
	}
}

/// Whether an agreement's prices are public.
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
pub enum AgreementMode {
	/// Committed and sealed: the chain holds the header, a commitment and the envelopes (the
	/// default for new proposals).
	#[default]
	Confidential,
	/// Public terms, rated by the chain.
	Transparent,
}

/// The public part of one network's terms: what dual posting compares with.
#[derive(
	Clone,
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
pub struct NetworkHeader {
	/// The general tolerance.
	#[serde(default)]
	pub tolerance: Tolerance,
	/// Tolerances stated for single services or the charge.
	#[serde(default)]
	pub service_tolerances: ServiceTolerances,
}

/// The public header of confidential terms: everything of [`AgreementTerms`] but the tariffs
/// and discounts.
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
pub struct AgreementHeader {
	/// First settlement period covered.
	pub valid_from: SettlementPeriod,
	/// Last settlement period covered.
	pub valid_to: SettlementPeriod,
	/// Settlement currency.
	pub currency: CurrencyCode,
	/// Public part of the terms for usage on the proposer's network.
	pub network_a: NetworkHeader,
	/// Public part of the terms for usage on the counterparty's network.
	pub network_b: NetworkHeader,
	/// Blocks the home operator has to answer a batch.
	pub dispute_window: u32,
	/// Settlement periods of notice a termination gives.
	pub notice_periods: u8,
	/// Whether the (sealed) tariffs include tax.
	pub tax_included: bool,
	/// Hash of the signed contract document.
	pub document: DocumentHash,
	/// The invoice currency and rate date, if not the settlement currency.
	#[serde(default)]
	pub invoice: Option<crate::invoicing::InvoiceTerms>,
}

impl NetworkTerms {
	/// These terms without their prices: a zero tariff and no discount.
	pub fn blanked(&self) -> NetworkTerms {
		NetworkTerms {
			tariff: Tariff::default(),
			discount: None,
			tolerance: self.tolerance,
			service_tolerances: self.service_tolerances.clone(),
		}
	}

	/// Whether these terms carry no price (what a confidential agreement stores).
	pub fn is_blank(&self) -> bool {
		self.tariff == Tariff::default() && self.discount.is_none()
	}
}

impl NetworkHeader {
	/// The network terms the chain stores for this header: blank prices.
	pub fn public_terms(&self) -> NetworkTerms {
		NetworkTerms {
			tariff: Tariff::default(),
			discount: None,
			tolerance: self.tolerance,
			service_tolerances: self.service_tolerances.clone(),
		}
	}
}

impl AgreementHeader {
	/// The terms the chain stores for a confidential agreement: this header with blank prices.
	pub fn public_terms(&self) -> AgreementTerms {
		AgreementTerms {
			valid_from: self.valid_from,
			valid_to: self.valid_to,
			currency: self.currency,
			network_a: self.network_a.public_terms(),
			network_b: self.network_b.public_terms(),
			dispute_window: self.dispute_window,
			notice_periods: self.notice_periods,
			tax_included: self.tax_included,
			document: self.document,
			invoice: self.invoice,
		}
	}
}

impl AgreementTerms {
	/// The public header of these terms.
	pub fn header(&self) -> AgreementHeader {
		let network = |terms: &NetworkTerms| NetworkHeader {
			tolerance: terms.tolerance,
			service_tolerances: terms.service_tolerances.clone(),
		};
		AgreementHeader {
			valid_from: self.valid_from,
			valid_to: self.valid_to,
			currency: self.currency,
			network_a: network(&self.network_a),
			network_b: network(&self.network_b),
			dispute_window: self.dispute_window,
			notice_periods: self.notice_periods,
			tax_included: self.tax_included,
			document: self.document,
			invoice: self.invoice,
		}
	}

	/// Whether neither network's terms carry a price.
	pub fn is_blank(&self) -> bool {
		self.network_a.is_blank() && self.network_b.is_blank()
	}
}

/// Disputed batches a reveal re-rates: (network the usage was on, file sequence).
pub type RevealBatches = BoundedVec<(Side, FileSequence), ConstU32<MAX_REVEAL_BATCHES>>;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_register_encryption_key(
		who: T::AccountId,
		key: EncryptionPublicKey,
	) -> DispatchResult {
		ensure!(key != [0u8; 32], Error::<T>::InvalidEncryptionKey);
		ensure!(!x25519::is_small_order(&key), Error::<T>::SmallOrderEncryptionKey);
		let previous = EncryptionKeys::<T>::get(&who);
		ensure!(previous.is_none_or(|current| current.key != key), Error::<T>::KeyUnchanged);
		let epoch = match previous {
			Some(current) => current.epoch.checked_add(1).ok_or(Error::<T>::Overflow)?,
			None => 1,
		};
		EncryptionKeys::<T>::insert(
			&who,
			EncryptionKey { key, epoch, registered_at: frame_system::Pallet::<T>::block_number() },
		);
		Self::deposit_event(Event::EncryptionKeyRegistered { operator: who, key, epoch });
		Ok(())
	}

	/// Checks that `envelope` is well formed and sealed to `recipient`'s current key.
	pub(crate) fn check_envelope(
		recipient: &T::AccountId,
		envelope: &SealedEnvelope,
	) -> DispatchResult {
		ensure!(envelope.is_well_formed(), Error::<T>::MalformedEnvelope);
		let key = EncryptionKeys::<T>::get(recipient).ok_or(Error::<T>::NoEncryptionKey)?;
		ensure!(envelope.epoch == key.epoch, Error::<T>::StaleKeyEpoch);
		Ok(())
	}

	/// Checks both envelopes of `sealed` against the parties' current keys.
	fn check_sealed(
		party_a: &T::AccountId,
		party_b: &T::AccountId,
		sealed: &SealedTerms,
	) -> DispatchResult {
		Self::check_envelope(party_a, &sealed.envelope_a)?;
		Self::check_envelope(party_b, &sealed.envelope_b)
	}

	pub(crate) fn do_propose_sealed(
		who: T::AccountId,
		own: TadigCode,
		counterparty: TadigCode,
		header: AgreementHeader,
		sealed: SealedTerms,
		expected_id: AgreementId,
	) -> DispatchResult {
		// The caller's reserved id, which no one else can take; else the next id (which another
		// proposal may take first).
		let reserved = AgreementIdReservations::<T>::get(&who) == Some(expected_id);
		ensure!(
			reserved || NextAgreementId::<T>::get() == expected_id,
			Error::<T>::AgreementIdMismatch
		);
		ensure!(TadigOwner::<T>::get(own).as_ref() == Some(&who), Error::<T>::NotTadigOwner);
		let party_b = TadigOwner::<T>::get(counterparty).ok_or(Error::<T>::UnknownTadig)?;
		ensure!(party_b != who, Error::<T>::SelfAgreement);
		Self::check_sealed(&who, &party_b, &sealed)?;
		let commitment = sealed.commitment;
		Self::propose(
			who.clone(),
			own,
			counterparty,
			header.public_terms(),
			Some(sealed),
			reserved.then_some(expected_id),
		)?;
		if reserved {
			AgreementIdReservations::<T>::remove(&who);
		}
		Self::deposit_event(Event::ConfidentialTermsProposed {
			agreement: expected_id,
			version: 1,
			commitment,
		});
		Ok(())
	}

	/// Takes the next agreement id for the caller's next confidential proposal: the counter
	/// moves on, so no other proposal can take it, and only the caller's `propose_sealed` can
	/// use it. While the caller holds an unused reservation, that one is announced again: ids
	/// are not burnt by repeated calls.
	pub(crate) fn do_reserve_agreement_id(who: T::AccountId) -> DispatchResult {
		let id = match AgreementIdReservations::<T>::get(&who) {
			Some(unused) => unused,
			None => {
				let id = NextAgreementId::<T>::get();
				NextAgreementId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
				AgreementIdReservations::<T>::insert(&who, id);
				id
			},
		};
		Self::deposit_event(Event::AgreementIdReserved { operator: who, agreement: id });
		Ok(())
	}

	/// The confidential item pending acceptance on agreement `id`: the version it comes into
	/// force as (1 for a proposal, the next version for an amendment), its public header and
	/// its commitment. `None` if the agreement is unknown, transparent or has nothing pending.
	pub fn pending_sealed(id: AgreementId) -> Option<(u32, AgreementHeader, TermsCommitment)> {
		let agreement = Agreements::<T>::get(id)?;
		if agreement.status == AgreementStatus::Proposed {
			let sealed = agreement.sealed.as_ref()?;
			Some((1, agreement.terms.header(), sealed.commitment))
		} else {
			let amendment = agreement.amendment.as_ref()?;
			let sealed = amendment.sealed.as_ref()?;
			let next = agreement.version.checked_add(1)?;
			Some((next, amendment.terms.header(), sealed.commitment))
		}
	}

	/// The digest `accept_sealed` must state for the item pending on agreement `id`
	/// ([`sealed_acceptance_digest`] of its version, header and commitment).
	pub fn pending_acceptance_digest(id: AgreementId) -> Option<AcceptanceDigest> {
		let (version, header, commitment) = Self::pending_sealed(id)?;
		Some(sealed_acceptance_digest(id, version, &header.encode(), &commitment))
	}

	pub(crate) fn do_accept_sealed(
		who: T::AccountId,
		id: AgreementId,
		acceptance: AcceptanceDigest,
	) -> DispatchResult {
		let agreement = Agreements::<T>::get(id).ok_or(Error::<T>::UnknownAgreement)?;
		ensure!(agreement.sealed.is_some(), Error::<T>::TransparentAgreement);
		// The digest binds the header, commitment and version of exactly the pending item: a
		// re-proposed amendment (even under the same commitment) is not what was accepted.
		let pending = match Self::pending_sealed(id) {
			Some((version, header, commitment)) => {
				let digest = sealed_acceptance_digest(id, version, &header.encode(), &commitment);
				Some((version, commitment, digest))
			},
			None => None,
		};
		if agreement.status == AgreementStatus::Proposed {
			let (_, commitment, digest) = pending.ok_or(Error::<T>::NotProposed)?;
			// Who may accept is checked first, so a stranger learns nothing from the digest.
			ensure!(agreement.party_b == who, Error::<T>::NotCounterparty);
			ensure!(digest == acceptance, Error::<T>::WrongCommitment);
			Self::accept(who, id, Some(commitment))
		} else {
			let side = agreement.side_of(&who).ok_or(Error::<T>::NotParty)?;
			ensure!(agreement.status == AgreementStatus::Active, Error::<T>::NotActive);
			let amendment = agreement.amendment.as_ref().ok_or(Error::<T>::NoAmendment)?;
			ensure!(amendment.by != side, Error::<T>::OwnAmendment);
			let (version, commitment, digest) = pending.ok_or(Error::<T>::NoAmendment)?;
			ensure!(digest == acceptance, Error::<T>::WrongCommitment);
			Self::accept_amendment_with(who, id, version, Some(commitment))
		}
	}

	pub(crate) fn do_propose_sealed_amendment(
		who: T::AccountId,
		id: AgreementId,
		header: AgreementHeader,
		sealed: SealedTerms,
	) -> DispatchResult {
		let agreement = Agreements::<T>::get(id).ok_or(Error::<T>::UnknownAgreement)?;
		ensure!(agreement.side_of(&who).is_some(), Error::<T>::NotParty);
		ensure!(agreement.sealed.is_some(), Error::<T>::TransparentAgreement);
		Self::check_sealed(&agreement.party_a, &agreement.party_b, &sealed)?;
		let version = agreement.version.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let commitment = sealed.commitment;
		Self::propose_amendment_with(who, id, header.public_terms(), Some(sealed))?;
		Self::deposit_event(Event::ConfidentialTermsProposed {
			agreement: id,
			version,
			commitment,
		});
		Ok(())
	}

	pub(crate) fn do_reseal(
		who: T::AccountId,
		id: AgreementId,
		side: Side,
		envelope: SealedEnvelope,
	) -> DispatchResult {
		let mut agreement = Agreements::<T>::get(id).ok_or(Error::<T>::UnknownAgreement)?;
		let by = agreement.side_of(&who).ok_or(Error::<T>::NotParty)?;
		let recipient = agreement.party(side).clone();
		let sealed = agreement.sealed.as_mut().ok_or(Error::<T>::TransparentAgreement)?;
		let key = EncryptionKeys::<T>::get(&recipient).ok_or(Error::<T>::NoEncryptionKey)?;
		// The other party may only replace an envelope its recipient can no longer open with
		// its current key (after a rotation or a lost key).
		ensure!(
			by == side || sealed.envelope(side).epoch != key.epoch,
			Error::<T>::EnvelopeCurrent
		);
		Self::check_envelope(&recipient, &envelope)?;
		let epoch = envelope.epoch;
		*sealed.envelope_mut(side) = envelope;
		let commitment = sealed.commitment;
		Agreements::<T>::insert(id, agreement);
		Self::deposit_event(Event::EnvelopeResealed { agreement: id, side, by, epoch, commitment });
		Ok(())
	}

	pub(crate) fn do_reveal_terms(
		who: T::AccountId,
		id: AgreementId,
		terms: AgreementTerms,
		salt: TermsSalt,
		batches: RevealBatches,
	) -> DispatchResult {
		let agreement = Agreements::<T>::get(id).ok_or(Error::<T>::UnknownAgreement)?;
		let by = agreement.side_of(&who).ok_or(Error::<T>::NotParty)?;
		ensure!(agreement.sealed.is_some(), Error::<T>::TransparentAgreement);
		ensure!(!batches.is_empty(), Error::<T>::NothingToReveal);
		let commitment = terms_commitment(&terms.encode(), &salt);
		for (network, sequence) in batches.iter().copied() {
			let mut batch =
				Batches::<T>::get((id, network, sequence)).ok_or(Error::<T>::UnknownBatch)?;
			ensure!(matches!(batch.status, BatchStatus::Disputed { .. }), Error::<T>::NotDisputed);
			// The batch was booked under the terms pinned for its usage period.
			let pinned = Self::terms_for(id, &agreement, batch.usage_period);
			ensure!(pinned.commitment == Some(commitment), Error::<T>::RevealMismatch);
			ensure!(
				terms.currency == agreement.terms.currency
					&& terms.network_a.blanked() == pinned.network_a
					&& terms.network_b.blanked() == pinned.network_b,
				Error::<T>::RevealContradictsHeader
			);
			let tariff = match network {
				Side::A => &terms.network_a.tariff,
				Side::B => &terms.network_b.tariff,
			};
			let rated_exact = rating::rate_usage_exact(tariff, &batch.usage)
				.map_err(|_| Error::<T>::RatingOverflow)?;
			let previous = batch.rated_exact;
			Totals::<T>::try_mutate((id, batch.period, network), |totals| -> DispatchResult {
				totals.rated_exact = totals
					.rated_exact
					.saturating_sub(previous)
					.checked_add(rated_exact)
					.ok_or(Error::<T>::Overflow)?;
				totals.rated = rating::round_half_up(totals.rated_exact);
				Ok(())
			})?;
			batch.rated_exact = rated_exact;
			batch.rated = rating::round_half_up(rated_exact);
			let (claimed, rated) = (batch.claimed, batch.rated);
			Batches::<T>::insert((id, network, sequence), batch);
			Self::deposit_event(Event::BatchReRated {
				agreement: id,
				network,
				sequence,
				claimed,
				rated,
				rated_exact,
			});
		}
		Self::deposit_event(Event::TermsRevealed {
			agreement: id,
			by,
			commitment,
			batches: batches.len() as u32,
		});
		Ok(())
	}

	/// Invariants of confidential agreements: no price in the stored terms of a confidential
	/// agreement (in force, pending or pinned), the mode is the same in all three, every
	/// envelope is well formed and names an epoch its recipient has reached, every key is
	/// non-zero and not of small order, with an epoch from 1.
	pub(crate) fn try_state_sealed() -> Result<(), sp_runtime::TryRuntimeError> {
		for (_, id) in AgreementIdReservations::<T>::iter() {
			ensure!(
				id < NextAgreementId::<T>::get() && !Agreements::<T>::contains_key(id),
				"a reserved id was taken from the counter and is not used yet"
			);
		}
		for (_, key) in EncryptionKeys::<T>::iter() {
			ensure!(key.key != [0u8; 32] && key.epoch >= 1, "encryption keys are set");
			ensure!(!x25519::is_small_order(&key.key), "no encryption key is of small order");
		}
		for (id, agreement) in Agreements::<T>::iter() {
			let confidential = agreement.sealed.is_some();
			if let Some(sealed) = &agreement.sealed {
				ensure!(agreement.terms.is_blank(), "a confidential agreement stores no price");
				for side in [Side::A, Side::B] {
					let envelope = sealed.envelope(side);
					ensure!(envelope.is_well_formed(), "envelopes are well formed");
					let epoch =
						EncryptionKeys::<T>::get(agreement.party(side)).map_or(0, |key| key.epoch);
					ensure!(envelope.epoch <= epoch, "an envelope names a key its party had");
				}
			}
			if let Some(amendment) = &agreement.amendment {
				ensure!(
					amendment.sealed.is_some() == confidential,
					"an amendment keeps the agreement's mode"
				);
				ensure!(
					!confidential || amendment.terms.is_blank(),
					"a confidential amendment stores no price"
				);
			}
			for (_, pinned) in PeriodTerms::<T>::iter_prefix(id) {
				ensure!(
					pinned.commitment.is_some() == confidential,
					"pinned terms keep the agreement's mode"
				);
				ensure!(
					!confidential || (pinned.network_a.is_blank() && pinned.network_b.is_blank()),
					"confidential pinned terms store no price"
				);
			}
		}
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use telecom_primitives::commitment::PADDED_ENVELOPE_OVERHEAD;

	#[test]
	fn the_envelope_cap_holds_the_largest_terms() {
		let largest = AgreementTerms::max_encoded_len() as u32 + SEALED_TERMS_OVERHEAD;
		assert!(largest <= MAX_SEALED_TERMS_LEN, "{largest} > {MAX_SEALED_TERMS_LEN}");
		// The largest terms fit a padded envelope too.
		let padded = AgreementTerms::max_encoded_len() as u32 + PADDED_ENVELOPE_OVERHEAD;
		assert!(padded <= PADDED_ENVELOPE_LEN, "{padded} > {PADDED_ENVELOPE_LEN}");
	}

	#[test]
	fn a_padded_envelope_has_exactly_the_padded_length() {
		let envelope = |version: u8, len: usize| {
			let mut bytes = vec![0xEE; len];
			bytes[0] = version;
			SealedEnvelope { epoch: 1, bytes: bytes.try_into().unwrap() }
		};
		let full = PADDED_ENVELOPE_LEN as usize;
		assert!(envelope(SEALED_ENVELOPE_VERSION_PADDED, full).is_well_formed());
		assert!(!envelope(SEALED_ENVELOPE_VERSION_PADDED, full - 1).is_well_formed());
		assert!(!envelope(SEALED_ENVELOPE_VERSION_PADDED, 400).is_well_formed());
		assert!(envelope(SEALED_ENVELOPE_VERSION, 400).is_well_formed());
		assert!(envelope(SEALED_ENVELOPE_VERSION, full).is_well_formed());
		assert!(!envelope(3, full).is_well_formed());
	}
}
