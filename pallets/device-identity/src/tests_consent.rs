//! SIM consent receipts: signed terms recorded by anyone, verified by anyone, revoked only by
//! the subscriber's key, purged after a grace period; replays on another chain, with other terms
//! or another recipient, and revocations by others are refused.

#![allow(clippy::arithmetic_side_effects)]

use crate::{mock::*, types::*, Error, Event, HoldReason};
use codec::Encode;
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
use sp_core::H256;
use telecom_primitives::KeyType;

fn origin(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn last_event() -> Event<Test> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Devices(event) => Some(event),
			_ => None,
		})
		.next_back()
		.expect("an event")
}

fn held(who: u64) -> u64 {
	Balances::balance_on_hold(&RuntimeHoldReason::Devices(HoldReason::ConsentReceipt), &who)
}

fn code(text: &str) -> ConsentCode {
	text.as_bytes().to_vec().try_into().unwrap()
}

/// A subscriber's eSIM key (P-256).
fn sim() -> TestKey {
	TestKey::new(KeyType::P256, 0x51)
}

/// Terms of `key` for number porting to operator 2, expiring at `expires_at`.
fn terms(key: &TestKey, expires_at: u64, nonce: u64) -> ConsentTermsOf {
	ConsentTerms {
		subscriber: subscriber_key_id(&key.public()),
		purpose: code("number-porting"),
		data_category: code("msisdn"),
		recipient: ConsentRecipient::Operator(2),
		expires_at,
		nonce,
	}
}

type ConsentTermsOf = crate::ConsentTermsOf<Test>;

fn signed(key: &TestKey, terms: &ConsentTermsOf) -> telecom_primitives::DeviceSignature {
	key.sign(&Devices::consent_payload(terms))
}

/// Records `terms` signed by `key`, paid by account 4; returns the id.
fn record(key: &TestKey, terms: &ConsentTermsOf) -> H256 {
	assert_ok!(Devices::record_consent(origin(4), key.public(), terms.clone(), signed(key, terms)));
	Devices::consent_id(terms)
}

fn status(id: H256) -> Option<ConsentStatus> {
	Devices::consent_details(id).map(|details| details.status)
}

#[test]
fn a_sim_key_consents_anyone_verifies_the_subscriber_revokes_and_anyone_purges() {
	build_and_execute(|| {
		let key = sim();
		let terms = terms(&key, 50, 1);
		let id = record(&key, &terms);
		let subscriber = subscriber_key_id(&key.public());
		assert_eq!(
			last_event(),
			Event::ConsentRecorded {
				consent: id,
				subscriber,
				recipient: ConsentRecipient::Operator(2),
				expires_at: 50
			}
		);
		assert_eq!(held(4), CONSENT_DEPOSIT);
		let stored = crate::Consents::<Test>::get(id).unwrap();
		assert_eq!(stored.payer, 4);
		assert_eq!(stored.recorded_at, 1);
		assert_eq!(stored.revoked_at, None);
		let record = crate::SubscriberKeys::<Test>::get(subscriber).unwrap();
		assert_eq!((record.key, record.receipts), (key.public(), 1));
		// No personal data: the key's hash, codes, an operator account.
		assert_eq!(id, H256::from(sp_io::hashing::blake2_256(&terms.encode())));
		let details = Devices::consent_details(id).unwrap();
		assert_eq!((details.status, details.key), (ConsentStatus::Valid, key.public()));

		run_to_block(20);
		// Only the subscriber's key revokes: another key's signature, or a signature of another
		// receipt's revocation, is refused.
		let other = TestKey::new(KeyType::P256, 0x52);
		assert_noop!(
			Devices::revoke_consent(
				origin(2),
				id,
				other.sign(&Devices::consent_revocation_payload(&id))
			),
			Error::<Test>::BadConsentSignature
		);
		assert_noop!(
			Devices::revoke_consent(
				origin(2),
				id,
				key.sign(&Devices::consent_revocation_payload(&H256::repeat_byte(3)))
			),
			Error::<Test>::BadConsentSignature
		);
		// A revocation signed for another chain is refused.
		let elsewhere = (CONSENT_REVOKE_TAG, H256::repeat_byte(0x77), id).encode();
		assert_noop!(
			Devices::revoke_consent(origin(2), id, key.sign(&elsewhere)),
			Error::<Test>::BadConsentSignature
		);
		let revocation = key.sign(&Devices::consent_revocation_payload(&id));
		assert_ok!(Devices::revoke_consent(origin(3), id, revocation));
		assert_eq!(last_event(), Event::ConsentRevoked { consent: id, subscriber });
		assert_eq!(status(id), Some(ConsentStatus::Revoked));
		// Replaying the revocation is refused.
		assert_noop!(
			Devices::revoke_consent(origin(3), id, revocation),
			Error::<Test>::ConsentAlreadyRevoked
		);
		assert_noop!(
			Devices::revoke_consent(origin(3), H256::repeat_byte(9), revocation),
			Error::<Test>::UnknownConsent
		);

		// Revoked at 20: purgeable at max(20 + grace, expiry 50) = 50, so the signed receipt
		// cannot be replayed while it would still hold.
		run_to_block(49);
		assert_noop!(Devices::purge_consent(origin(1), id), Error::<Test>::ConsentNotPurgeable);
		assert_noop!(
			Devices::record_consent(origin(1), key.public(), terms.clone(), signed(&key, &terms)),
			Error::<Test>::ConsentExists
		);
		run_to_block(50);
		assert_ok!(Devices::purge_consent(origin(1), id));
		assert_eq!(last_event(), Event::ConsentPurged { consent: id, payer: 4 });
		assert_eq!(held(4), 0);
		assert!(crate::Consents::<Test>::get(id).is_none());
		assert!(crate::SubscriberKeys::<Test>::get(subscriber).is_none());
		assert_eq!(status(id), None);
		// The purged receipt cannot come back: it has expired.
		assert_noop!(
			Devices::record_consent(origin(1), key.public(), terms.clone(), signed(&key, &terms)),
			Error::<Test>::ConsentExpired
		);
		assert_noop!(Devices::purge_consent(origin(1), id), Error::<Test>::UnknownConsent);
	});
}

#[test]
fn an_expired_receipt_stays_queryable_for_the_grace_period() {
	build_and_execute(|| {
		let key = sim();
		let id = record(&key, &terms(&key, 30, 1));
		run_to_block(29);
		assert_eq!(status(id), Some(ConsentStatus::Valid));
		run_to_block(30);
		assert_eq!(status(id), Some(ConsentStatus::Expired));
		run_to_block(30 + CONSENT_GRACE - 1);
		assert_noop!(Devices::purge_consent(origin(1), id), Error::<Test>::ConsentNotPurgeable);
		run_to_block(30 + CONSENT_GRACE);
		assert_ok!(Devices::purge_consent(origin(1), id));
		assert_eq!(held(4), 0);
	});
}

#[test]
fn a_revoked_receipt_that_expired_long_ago_waits_only_the_grace() {
	build_and_execute(|| {
		let key = sim();
		let id = record(&key, &terms(&key, 5, 1));
		run_to_block(8);
		// Revoking an expired receipt is harmless; purge then waits the grace after revocation.
		assert_ok!(Devices::revoke_consent(
			origin(1),
			id,
			key.sign(&Devices::consent_revocation_payload(&id))
		));
		run_to_block(8 + CONSENT_GRACE - 1);
		assert_noop!(Devices::purge_consent(origin(1), id), Error::<Test>::ConsentNotPurgeable);
		run_to_block(8 + CONSENT_GRACE);
		assert_ok!(Devices::purge_consent(origin(1), id));
	});
}

#[test]
fn recording_refuses_forgeries_replays_and_bad_terms() {
	build_and_execute(|| {
		let key = sim();
		let good = terms(&key, 100, 1);
		let signature = signed(&key, &good);
		let submit = |terms: ConsentTermsOf, signature| {
			Devices::record_consent(origin(4), key.public(), terms, signature)
		};
		// Another key claiming the subscriber's id.
		let other = TestKey::new(KeyType::P256, 0x52);
		assert_noop!(
			Devices::record_consent(origin(4), other.public(), good.clone(), signed(&other, &good)),
			Error::<Test>::WrongSubscriberKey
		);
		// A forged recipient, purpose, expiry or nonce: the signature no longer verifies.
		let mut forged = good.clone();
		forged.recipient = ConsentRecipient::Operator(3);
		assert_noop!(submit(forged, signature), Error::<Test>::BadConsentSignature);
		let mut forged = good.clone();
		forged.recipient = ConsentRecipient::Partner(H256::repeat_byte(5));
		assert_noop!(submit(forged, signature), Error::<Test>::BadConsentSignature);
		let mut forged = good.clone();
		forged.purpose = code("marketing");
		assert_noop!(submit(forged, signature), Error::<Test>::BadConsentSignature);
		let mut forged = good.clone();
		forged.expires_at = 200;
		assert_noop!(submit(forged, signature), Error::<Test>::BadConsentSignature);
		// Signed for another chain.
		let elsewhere = (CONSENT_TAG, H256::repeat_byte(0x77), &good).encode();
		assert_noop!(
			submit(good.clone(), key.sign(&elsewhere)),
			Error::<Test>::BadConsentSignature
		);
		// A revocation signature is not a consent.
		let id = Devices::consent_id(&good);
		assert_noop!(
			submit(good.clone(), key.sign(&Devices::consent_revocation_payload(&id))),
			Error::<Test>::BadConsentSignature
		);
		// Bad terms.
		let mut bad = good.clone();
		bad.purpose = code("");
		assert_noop!(submit(bad.clone(), signed(&key, &bad)), Error::<Test>::EmptyConsentCode);
		let mut bad = good.clone();
		bad.data_category = code("");
		assert_noop!(submit(bad.clone(), signed(&key, &bad)), Error::<Test>::EmptyConsentCode);
		let bad = terms(&key, 1, 1);
		assert_noop!(submit(bad.clone(), signed(&key, &bad)), Error::<Test>::ConsentExpired);
		let bad = terms(&key, 1 + MAX_CONSENT_DURATION + 1, 1);
		assert_noop!(submit(bad.clone(), signed(&key, &bad)), Error::<Test>::ConsentTooLong);
		let mut bad = good.clone();
		bad.recipient = ConsentRecipient::Operator(MAKER);
		assert_noop!(submit(bad.clone(), signed(&key, &bad)), Error::<Test>::RecipientNotOperator);
		// The longest allowed consent, and a partner recipient, are fine.
		let longest = terms(&key, 1 + MAX_CONSENT_DURATION, 2);
		assert_ok!(submit(longest.clone(), signed(&key, &longest)));
		let mut partner = good.clone();
		partner.recipient = ConsentRecipient::Partner(H256::repeat_byte(5));
		assert_ok!(submit(partner.clone(), signed(&key, &partner)));
		// The good receipt once; its replay is refused.
		assert_ok!(submit(good.clone(), signature));
		assert_noop!(submit(good.clone(), signature), Error::<Test>::ConsentExists);
		// The key holds MAX_CONSENTS receipts: the next one is refused until one is purged.
		let more = terms(&key, 100, 9);
		assert_noop!(submit(more.clone(), signed(&key, &more)), Error::<Test>::TooManyConsents);
		assert_eq!(held(4), 3 * CONSENT_DEPOSIT);
		// A payer that cannot hold the deposit records nothing.
		let fresh = TestKey::new(KeyType::P256, 0x53);
		let t = terms(&fresh, 100, 1);
		assert!(Devices::record_consent(origin(5), fresh.public(), t.clone(), signed(&fresh, &t))
			.is_err());
	});
}

#[test]
fn every_key_type_may_sign_consent() {
	build_and_execute(|| {
		for (i, key_type) in KEY_TYPES.into_iter().enumerate() {
			let key = TestKey::new(key_type, 0x70 + i as u8);
			let id = record(&key, &terms(&key, 100, 1));
			assert_eq!(status(id), Some(ConsentStatus::Valid));
			assert_ok!(Devices::revoke_consent(
				origin(1),
				id,
				key.sign(&Devices::consent_revocation_payload(&id))
			));
			assert_eq!(status(id), Some(ConsentStatus::Revoked));
		}
		assert_eq!(held(4), 4 * CONSENT_DEPOSIT);
	});
}
