//! SIM consent receipts: a subscriber's SIM or eSIM key, known on chain only by the hash of its
//! public key, signs consent terms (purpose, data category, recipient, expiry, nonce) bound to
//! this chain's genesis; anyone submits the signed receipt with a deposit, anyone verifies it,
//! and only the same key revokes it. Expired or revoked receipts are purged by anyone after a
//! grace period, their deposit returning to whoever paid it.

use crate::{pallet::*, types::*};
use codec::Encode;
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungible::MutateHold, tokens::Precision},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{traits::Saturating, SaturatedConversion};
use telecom_primitives::{DeviceKey, DeviceSignature, OperatorMembership};

impl<T: Config> Pallet<T> {
	/// The payload a subscriber key signs to consent: `(CONSENT_TAG, genesis, terms)`.
	pub fn consent_payload(terms: &ConsentTermsOf<T>) -> alloc::vec::Vec<u8> {
		(CONSENT_TAG, Self::genesis_hash(), terms).encode()
	}

	/// The payload a subscriber key signs to revoke consent `consent`:
	/// `(CONSENT_REVOKE_TAG, genesis, consent id)`.
	pub fn consent_revocation_payload(consent: &ConsentId) -> alloc::vec::Vec<u8> {
		(CONSENT_REVOKE_TAG, Self::genesis_hash(), consent).encode()
	}

	/// The id of the receipt with these terms.
	pub fn consent_id(terms: &ConsentTermsOf<T>) -> ConsentId {
		sp_io::hashing::blake2_256(&terms.encode()).into()
	}

	pub(crate) fn do_record_consent(
		payer: T::AccountId,
		key: DeviceKey,
		terms: ConsentTermsOf<T>,
		signature: DeviceSignature,
	) -> DispatchResult {
		let subscriber = subscriber_key_id(&key);
		ensure!(terms.subscriber == subscriber, Error::<T>::WrongSubscriberKey);
		ensure!(
			!terms.purpose.is_empty() && !terms.data_category.is_empty(),
			Error::<T>::EmptyConsentCode
		);
		let now = Self::now();
		ensure!(terms.expires_at > now, Error::<T>::ConsentExpired);
		ensure!(
			terms.expires_at <= now.saturating_add(T::MaxConsentDuration::get()),
			Error::<T>::ConsentTooLong
		);
		if let ConsentRecipient::Operator(operator) = &terms.recipient {
			ensure!(T::Operators::is_operator(operator), Error::<T>::RecipientNotOperator);
		}
		let id = Self::consent_id(&terms);
		ensure!(!Consents::<T>::contains_key(id), Error::<T>::ConsentExists);
		let mut record = SubscriberKeys::<T>::get(subscriber).unwrap_or(SubscriberKey {
			key,
			receipts: 0,
			since: now,
		});
		ensure!(record.receipts < T::MaxConsentsPerSubscriber::get(), Error::<T>::TooManyConsents);
		ensure!(
			key.verify(&signature, &Self::consent_payload(&terms)),
			Error::<T>::BadConsentSignature
		);
		let deposit = T::ConsentDeposit::get();
		T::Currency::hold(&HoldReason::ConsentReceipt.into(), &payer, deposit)?;
		record.receipts = record.receipts.saturating_add(1);
		SubscriberKeys::<T>::insert(subscriber, record);
		let recipient = terms.recipient.clone();
		let expires_at = terms.expires_at;
		Consents::<T>::insert(
			id,
			ConsentReceipt {
				terms,
				recorded_at: now,
				revoked_at: None,
				payer,
				deposit: deposit.saturated_into(),
			},
		);
		Self::deposit_event(Event::ConsentRecorded {
			consent: id,
			subscriber,
			recipient,
			expires_at,
		});
		Ok(())
	}

	pub(crate) fn do_revoke_consent(
		consent: ConsentId,
		signature: DeviceSignature,
	) -> DispatchResult {
		let mut receipt = Consents::<T>::get(consent).ok_or(Error::<T>::UnknownConsent)?;
		ensure!(receipt.revoked_at.is_none(), Error::<T>::ConsentAlreadyRevoked);
		let subscriber = receipt.terms.subscriber;
		let record = SubscriberKeys::<T>::get(subscriber).ok_or(Error::<T>::UnknownConsent)?;
		ensure!(
			record.key.verify(&signature, &Self::consent_revocation_payload(&consent)),
			Error::<T>::BadConsentSignature
		);
		receipt.revoked_at = Some(Self::now());
		Consents::<T>::insert(consent, receipt);
		Self::deposit_event(Event::ConsentRevoked { consent, subscriber });
		Ok(())
	}

	/// The first block in which the receipt may be purged: `ConsentGrace` after its expiry, or
	/// after its revocation but never before its expiry (a purged receipt that had not expired
	/// could be submitted again and hold anew).
	pub fn consent_purgeable_from(receipt: &ConsentReceiptOf<T>) -> BlockNumberFor<T> {
		let grace = T::ConsentGrace::get();
		match receipt.revoked_at {
			Some(revoked) => revoked.saturating_add(grace).max(receipt.terms.expires_at),
			None => receipt.terms.expires_at.saturating_add(grace),
		}
	}

	pub(crate) fn do_purge_consent(consent: ConsentId) -> DispatchResult {
		let receipt = Consents::<T>::get(consent).ok_or(Error::<T>::UnknownConsent)?;
		ensure!(
			Self::now() >= Self::consent_purgeable_from(&receipt),
			Error::<T>::ConsentNotPurgeable
		);
		Consents::<T>::remove(consent);
		let subscriber = receipt.terms.subscriber;
		SubscriberKeys::<T>::mutate_exists(subscriber, |record| {
			if let Some(entry) = record {
				entry.receipts = entry.receipts.saturating_sub(1);
				if entry.receipts == 0 {
					*record = None;
				}
			}
		});
		let _ = T::Currency::release(
			&HoldReason::ConsentReceipt.into(),
			&receipt.payer,
			receipt.deposit.saturated_into(),
			Precision::BestEffort,
		);
		Self::deposit_event(Event::ConsentPurged { consent, payer: receipt.payer });
		Ok(())
	}

	/// A consent receipt with the key that signed it and whether it holds now.
	pub fn consent_details(
		consent: ConsentId,
	) -> Option<ConsentDetails<T::AccountId, BlockNumberFor<T>>> {
		let receipt = Consents::<T>::get(consent)?;
		let key = SubscriberKeys::<T>::get(receipt.terms.subscriber)?.key;
		let status = receipt.status_at(Self::now());
		Some(ConsentDetails { id: consent, receipt, key, status })
	}

	/// Checks the consent receipts: each subscriber key's count matches its stored receipts,
	/// keys hash to their ids, expiries within `MaxConsentDuration` of recording, and every
	/// payer's deposits held.
	pub(crate) fn try_state_consent() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;
		use frame_support::traits::fungible::InspectHold;
		let mut counts: BTreeMap<SubscriberKeyId, u32> = BTreeMap::new();
		let mut held: BTreeMap<T::AccountId, u128> = BTreeMap::new();
		let now = Self::now();
		for (id, receipt) in Consents::<T>::iter() {
			ensure!(Self::consent_id(&receipt.terms) == id, "consent id is the hash of its terms");
			ensure!(
				SubscriberKeys::<T>::contains_key(receipt.terms.subscriber),
				"receipt of no subscriber key"
			);
			ensure!(
				receipt.terms.expires_at
					<= receipt.recorded_at.saturating_add(T::MaxConsentDuration::get()),
				"consent beyond its longest duration"
			);
			ensure!(receipt.revoked_at.is_none_or(|at| at <= now), "revoked in the future");
			let count = counts.entry(receipt.terms.subscriber).or_default();
			*count = count.saturating_add(1);
			let sum = held.entry(receipt.payer.clone()).or_default();
			*sum = sum.saturating_add(receipt.deposit);
		}
		for (id, record) in SubscriberKeys::<T>::iter() {
			ensure!(subscriber_key_id(&record.key) == id, "subscriber key id is its hash");
			ensure!(record.receipts > 0, "a subscriber key is stored only with receipts");
			ensure!(
				record.receipts <= T::MaxConsentsPerSubscriber::get(),
				"receipts beyond the cap"
			);
			ensure!(
				counts.get(&id).copied().unwrap_or(0) == record.receipts,
				"subscriber receipt count"
			);
		}
		for (payer, amount) in held {
			let on_hold: u128 =
				T::Currency::balance_on_hold(&HoldReason::ConsentReceipt.into(), &payer)
					.saturated_into();
			ensure!(on_hold == amount, "consent deposits");
		}
		Ok(())
	}
}
