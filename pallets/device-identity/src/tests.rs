//! Unit tests with real keys and signatures of all four key types: registration proofs,
//! lifecycle transitions allowed and forbidden, custody, inspections, key rotation and
//! revocation at a block, credentials and the verification trait.

#![allow(clippy::arithmetic_side_effects)]

use crate::{mock::*, types::*, Error, Event, HoldReason};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
use sp_core::H256;
use sp_runtime::DispatchError;
use telecom_primitives::{DeviceCheckError, DeviceSignature, DeviceVerifier, KeyType};

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

fn held(reason: HoldReason, who: u64) -> u64 {
	Balances::balance_on_hold(&RuntimeHoldReason::Devices(reason), &who)
}

fn status(device: H256) -> DeviceStatus {
	crate::Devices::<Test>::get(device).unwrap().status
}

/// Registers device `n` with a key of `key_type` and returns the key.
fn registered(n: u8, key_type: KeyType) -> TestKey {
	let key = TestKey::new(key_type, n);
	assert_ok!(Devices::register_device(origin(MAKER), registration(device_id(n), &key)));
	key
}

/// Registers device `n`, hands it over to operator 1, which activates it.
fn active(n: u8, key_type: KeyType) -> TestKey {
	let key = registered(n, key_type);
	assert_ok!(Devices::transfer_custody(origin(MAKER), device_id(n), 1, None));
	assert_ok!(Devices::activate(origin(1), device_id(n)));
	key
}

// ---- manufacturers ----

#[test]
fn governance_registers_manufacturers_who_manage_their_keys() {
	build_and_execute(|| {
		assert_noop!(
			Devices::register_manufacturer(origin(1), OTHER_MAKER, label("Beta")),
			DispatchError::BadOrigin
		);
		assert_ok!(Devices::register_manufacturer(origin(GOVERNANCE), OTHER_MAKER, label("Beta")));
		assert_eq!(last_event(), Event::ManufacturerRegistered { manufacturer: OTHER_MAKER });
		assert_noop!(
			Devices::register_manufacturer(origin(GOVERNANCE), OTHER_MAKER, label("Beta")),
			Error::<Test>::AlreadyManufacturer
		);
		let key = TestKey::new(KeyType::P256, 7).public();
		assert_noop!(Devices::add_attestation_key(origin(1), key), Error::<Test>::NotManufacturer);
		assert_ok!(Devices::add_attestation_key(origin(OTHER_MAKER), key));
		assert_eq!(
			last_event(),
			Event::AttestationKeyAdded { manufacturer: OTHER_MAKER, index: 0, key }
		);
		assert_ok!(Devices::add_attestation_key(origin(OTHER_MAKER), key));
		assert_noop!(
			Devices::add_attestation_key(origin(OTHER_MAKER), key),
			Error::<Test>::TooManyAttestationKeys
		);
		// The manufacturer or governance revokes; nobody else.
		assert_noop!(
			Devices::revoke_attestation_key(
				origin(1),
				OTHER_MAKER,
				0,
				RevocationReason::Superseded
			),
			Error::<Test>::NotKeyAuthority
		);
		assert_ok!(Devices::revoke_attestation_key(
			origin(OTHER_MAKER),
			OTHER_MAKER,
			0,
			RevocationReason::Superseded
		));
		assert_eq!(
			last_event(),
			Event::AttestationKeyRevoked {
				manufacturer: OTHER_MAKER,
				index: 0,
				reason: RevocationReason::Superseded
			}
		);
		assert_noop!(
			Devices::revoke_attestation_key(
				origin(OTHER_MAKER),
				OTHER_MAKER,
				0,
				RevocationReason::Superseded
			),
			Error::<Test>::AttestationKeyRevoked
		);
		assert_ok!(Devices::revoke_attestation_key(
			origin(GOVERNANCE),
			OTHER_MAKER,
			1,
			RevocationReason::Superseded
		));
		assert_noop!(
			Devices::revoke_attestation_key(
				origin(GOVERNANCE),
				OTHER_MAKER,
				2,
				RevocationReason::Superseded
			),
			Error::<Test>::UnknownAttestationKey
		);
		assert_noop!(
			Devices::revoke_attestation_key(origin(GOVERNANCE), 4, 0, RevocationReason::Superseded),
			Error::<Test>::NotManufacturer
		);
	});
}

// ---- registration with real signatures ----

#[test]
fn devices_of_every_key_type_register_with_valid_proofs() {
	build_and_execute(|| {
		for (n, key_type) in KEY_TYPES.into_iter().enumerate() {
			let key = registered(n as u8 + 1, key_type);
			let device = crate::Devices::<Test>::get(device_id(n as u8 + 1)).unwrap();
			assert_eq!(
				(device.status, device.custodian, device.current_key),
				(DeviceStatus::Manufactured, MAKER, Some(0))
			);
			assert_eq!(crate::KeyOwner::<Test>::get(key.public()), Some(device_id(n as u8 + 1)));
			assert_eq!(
				last_event(),
				Event::DeviceRegistered {
					device: device_id(n as u8 + 1),
					manufacturer: MAKER,
					key_type
				}
			);
		}
		assert_eq!(held(HoldReason::DeviceDeposit, MAKER), 4 * DEVICE_DEPOSIT);
		assert_eq!(crate::Manufacturers::<Test>::get(MAKER).unwrap().devices, 4);
	});
}

#[test]
fn a_manufacturer_attestation_key_of_any_type_attests() {
	build_and_execute(|| {
		for (i, key_type) in
			[KeyType::Sr25519, KeyType::Ecdsa, KeyType::P256].into_iter().enumerate()
		{
			let maker = 30 + i as u64;
			let _ = <Balances as frame_support::traits::fungible::Mutate<u64>>::set_balance(
				&maker, ENDOWMENT,
			);
			let signer = TestKey::new(key_type, 0xB0 + i as u8);
			assert_ok!(Devices::register_manufacturer(origin(GOVERNANCE), maker, label("M")));
			assert_ok!(Devices::commit_identifier_key(origin(maker), H256::repeat_byte(3)));
			assert_ok!(Devices::add_attestation_key(origin(maker), signer.public()));
			let device = device_id(0x40 + i as u8);
			let key = TestKey::new(KeyType::P256, 0x50 + i as u8);
			let mut reg = registration(device, &key);
			reg.attestation = signer.sign(&Devices::attestation_payload(&device, &key.public()));
			assert_ok!(Devices::register_device(origin(maker), reg));
		}
	});
}

#[test]
fn bad_proofs_are_refused_with_distinct_errors() {
	build_and_execute(|| {
		for (n, key_type) in KEY_TYPES.into_iter().enumerate() {
			let device = device_id(n as u8 + 1);
			let key = TestKey::new(key_type, n as u8 + 1);
			let other = TestKey::new(key_type, 0x77);

			// Wrong key: another key of the same type signs the possession proof.
			let mut reg = registration(device, &key);
			reg.possession = other.sign(&Devices::possession_payload(&device, 0));
			assert_noop!(
				Devices::register_device(origin(MAKER), reg),
				Error::<Test>::BadPossessionProof
			);

			// Wrong payload: the device signs the proof for another device id.
			let mut reg = registration(device, &key);
			reg.possession = key.sign(&Devices::possession_payload(&device_id(0xEE), 0));
			assert_noop!(
				Devices::register_device(origin(MAKER), reg),
				Error::<Test>::BadPossessionProof
			);

			// Replayed from another chain: a proof bound to another genesis hash.
			let mut reg = registration(device, &key);
			frame_system::BlockHash::<Test>::insert(0, H256::repeat_byte(0x01));
			reg.possession = key.sign(&Devices::possession_payload(&device, 0));
			reg.attestation =
				maker_key().sign(&Devices::attestation_payload(&device, &key.public()));
			frame_system::BlockHash::<Test>::insert(0, GENESIS);
			assert_noop!(
				Devices::register_device(origin(MAKER), reg.clone()),
				Error::<Test>::BadAttestation
			);
			reg.attestation = registration(device, &key).attestation;
			assert_noop!(
				Devices::register_device(origin(MAKER), reg),
				Error::<Test>::BadPossessionProof
			);

			// The attestation must be the manufacturer's, over this key.
			let mut reg = registration(device, &key);
			reg.attestation = other.sign(&Devices::attestation_payload(&device, &key.public()));
			assert_noop!(
				Devices::register_device(origin(MAKER), reg),
				Error::<Test>::BadAttestation
			);
			let mut reg = registration(device, &key);
			reg.attestation =
				maker_key().sign(&Devices::attestation_payload(&device, &other.public()));
			assert_noop!(
				Devices::register_device(origin(MAKER), reg),
				Error::<Test>::BadAttestation
			);
		}
	});
}

#[test]
fn registration_refusals() {
	build_and_execute(|| {
		let key = TestKey::new(KeyType::P256, 1);
		assert_noop!(
			Devices::register_device(origin(1), registration(device_id(1), &key)),
			Error::<Test>::NotManufacturer
		);
		let mut reg = registration(device_id(1), &key);
		reg.attestation_key = 1;
		assert_noop!(
			Devices::register_device(origin(MAKER), reg),
			Error::<Test>::UnknownAttestationKey
		);
		assert_ok!(Devices::register_device(origin(MAKER), registration(device_id(1), &key)));
		assert_noop!(
			Devices::register_device(
				origin(MAKER),
				registration(device_id(1), &TestKey::new(KeyType::P256, 2))
			),
			Error::<Test>::DeviceExists
		);
		assert_noop!(
			Devices::register_device(origin(MAKER), registration(device_id(2), &key)),
			Error::<Test>::KeyInUse
		);
		// A revoked attestation key attests nothing more.
		assert_ok!(Devices::revoke_attestation_key(
			origin(MAKER),
			MAKER,
			0,
			RevocationReason::Superseded
		));
		assert_noop!(
			Devices::register_device(
				origin(MAKER),
				registration(device_id(3), &TestKey::new(KeyType::Sr25519, 3))
			),
			Error::<Test>::AttestationKeyRevoked
		);
		// Without the deposit nothing is recorded.
		assert_ok!(Devices::add_attestation_key(origin(MAKER), maker_key().public()));
		let _ = <Balances as frame_support::traits::fungible::Mutate<u64>>::set_balance(&MAKER, 1);
		let mut reg = registration(device_id(4), &TestKey::new(KeyType::Ed25519, 4));
		reg.attestation_key = 1;
		assert!(Devices::register_device(origin(MAKER), reg).is_err());
		assert!(crate::Devices::<Test>::get(device_id(4)).is_none());
	});
}

#[test]
fn a_manufacturer_commits_its_identifier_key_before_registering() {
	build_and_execute(|| {
		assert_ok!(Devices::register_manufacturer(origin(GOVERNANCE), OTHER_MAKER, label("Beta")));
		assert_ok!(Devices::add_attestation_key(origin(OTHER_MAKER), maker_key().public()));
		let key = TestKey::new(KeyType::Ed25519, 1);
		let plain = H256(sp_io::hashing::blake2_256(b"35-209900-176148-1"));
		// Without a committed identifier key its ids would be plain, brute-forceable hashes.
		assert_noop!(
			Devices::register_device(origin(OTHER_MAKER), registration(plain, &key)),
			Error::<Test>::NoIdentifierKey
		);
		let other_key: IdentifierKey = [0x2e; 32];
		let commitment = identifier_key_commitment(&other_key);
		assert_noop!(
			Devices::commit_identifier_key(origin(1), commitment),
			Error::<Test>::NotManufacturer
		);
		assert_ok!(Devices::commit_identifier_key(origin(OTHER_MAKER), commitment));
		assert_eq!(
			last_event(),
			Event::IdentifierKeyCommitted { manufacturer: OTHER_MAKER, commitment }
		);
		// Ids depend on it: it never changes.
		assert_noop!(
			Devices::commit_identifier_key(origin(OTHER_MAKER), H256::zero()),
			Error::<Test>::IdentifierKeyCommitted
		);
		let id = device_id_of(&other_key, b"35-209900-176148-1");
		assert_ok!(Devices::register_device(origin(OTHER_MAKER), registration(id, &key)));
	});
}

#[test]
fn a_party_that_knows_the_imei_and_the_identifier_key_finds_the_device() {
	build_and_execute(|| {
		let imei = b"35-209900-176148-1";
		let id = device_id_of(&ID_KEY, imei);
		assert_ok!(Devices::register_device(
			origin(MAKER),
			registration(id, &TestKey::new(KeyType::P256, 1))
		));
		// Hashing candidate IMEIs finds nothing: the id is keyed.
		assert!(crate::Devices::<Test>::get(H256(sp_io::hashing::blake2_256(imei))).is_none());
		assert_ne!(id, device_id_of(&[0; 32], imei));
		// An operator given the key checks it against the manufacturer's commitment, then looks
		// the device up by IMEI.
		assert!(Devices::identifier_key_matches(&MAKER, &ID_KEY));
		assert!(!Devices::identifier_key_matches(&MAKER, &[0x2e; 32]));
		assert!(!Devices::identifier_key_matches(&OTHER_MAKER, &ID_KEY));
		let found = Devices::device_details(device_id_of(&ID_KEY, imei)).unwrap();
		assert_eq!(found.device.manufacturer, MAKER);
		// The documented derivation: blake2_256("tcc/device/ident" ‖ key ‖ identifier).
		let mut preimage = b"tcc/device/ident".to_vec();
		preimage.extend_from_slice(&ID_KEY);
		preimage.extend_from_slice(imei);
		assert_eq!(id, H256(sp_io::hashing::blake2_256(&preimage)));
	});
}

// ---- lifecycle and custody ----

#[test]
fn the_lifecycle_allows_only_its_transitions() {
	build_and_execute(|| {
		let d = device_id(1);
		registered(1, KeyType::P256);
		// Manufactured: only activation (by an operator) moves it into service.
		assert_noop!(
			Devices::suspend(origin(MAKER), d, RevocationReason::Faulty),
			Error::<Test>::InvalidTransition
		);
		assert_noop!(Devices::resume(origin(MAKER), d), Error::<Test>::InvalidTransition);
		assert_noop!(Devices::activate(origin(MAKER), d), Error::<Test>::NotOperator);
		assert_noop!(Devices::activate(origin(1), device_id(9)), Error::<Test>::UnknownDevice);
		assert_noop!(Devices::activate(origin(1), d), Error::<Test>::NotAuthorized);
		assert_ok!(Devices::transfer_custody(origin(MAKER), d, 1, None));
		assert_ok!(Devices::activate(origin(1), d));
		assert_eq!(
			last_event(),
			Event::StatusChanged { device: d, status: DeviceStatus::Active, by: 1 }
		);
		let device = crate::Devices::<Test>::get(d).unwrap();
		assert_eq!((device.custodian, device.operator), (1, Some(1)));
		assert_noop!(Devices::activate(origin(2), d), Error::<Test>::InvalidTransition);

		// Active ⇄ suspended, by those who manage it.
		assert_noop!(
			Devices::suspend(origin(2), d, RevocationReason::Lost),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(Devices::resume(origin(1), d), Error::<Test>::InvalidTransition);
		assert_ok!(Devices::suspend(origin(MAKER), d, RevocationReason::Faulty));
		assert_eq!(status(d), DeviceStatus::Suspended);
		assert_noop!(
			Devices::suspend(origin(1), d, RevocationReason::Lost),
			Error::<Test>::InvalidTransition
		);
		// The custodian cannot lift the manufacturer's hold; the manufacturer can.
		assert_noop!(Devices::resume(origin(1), d), Error::<Test>::NotAuthorized);
		assert_ok!(Devices::resume(origin(MAKER), d));
		assert_eq!(status(d), DeviceStatus::Active);

		// Decommissioning is the custodian's and ends the key; nothing follows it.
		assert_noop!(Devices::decommission(origin(MAKER), d), Error::<Test>::NotAuthorized);
		assert_ok!(Devices::decommission(origin(1), d));
		let device = crate::Devices::<Test>::get(d).unwrap();
		assert_eq!((device.status, device.current_key), (DeviceStatus::Decommissioned, None));
		assert_noop!(Devices::decommission(origin(1), d), Error::<Test>::InvalidTransition);
		assert_noop!(
			Devices::revoke_device(origin(1), d, RevocationReason::Stolen),
			Error::<Test>::InvalidTransition
		);
		assert_noop!(Devices::resume(origin(1), d), Error::<Test>::InvalidTransition);
		assert_noop!(
			Devices::transfer_custody(origin(1), d, 2, None),
			Error::<Test>::InvalidTransition
		);
	});
}

#[test]
fn activation_needs_the_manufacturers_handover() {
	build_and_execute(|| {
		let d = device_id(1);
		registered(1, KeyType::Ed25519);
		// Any operator used to be able to grab a manufactured device.
		assert_noop!(Devices::activate(origin(2), d), Error::<Test>::NotAuthorized);
		// The manufacturer names the buyer by handing custody over; only the buyer activates.
		assert_ok!(Devices::transfer_custody(origin(MAKER), d, 1, None));
		assert_noop!(Devices::activate(origin(2), d), Error::<Test>::NotAuthorized);
		assert_ok!(Devices::activate(origin(1), d));
		let device = crate::Devices::<Test>::get(d).unwrap();
		assert_eq!(
			(device.status, device.custodian, device.operator),
			(DeviceStatus::Active, 1, Some(1))
		);
	});
}

#[test]
fn suspension_and_revocation_rights_follow_custody() {
	build_and_execute(|| {
		let d = device_id(1);
		active(1, KeyType::Ed25519);
		// Operator 1 sells the unit to operator 2.
		assert_ok!(Devices::transfer_custody(origin(1), d, 2, None));
		assert_eq!(crate::Devices::<Test>::get(d).unwrap().operator, Some(2));
		for step in [
			Devices::suspend(origin(1), d, RevocationReason::Lost),
			Devices::revoke_device(origin(1), d, RevocationReason::Stolen),
			Devices::revoke_key(origin(1), d, RevocationReason::KeyCompromise, None, None),
			Devices::decommission(origin(1), d),
			Devices::transfer_custody(origin(1), d, 3, None),
		] {
			assert_eq!(step, Err(Error::<Test>::NotAuthorized.into()));
		}
		assert_ok!(Devices::suspend(origin(2), d, RevocationReason::Lost));
		assert_noop!(Devices::resume(origin(1), d), Error::<Test>::NotAuthorized);
		assert_ok!(Devices::resume(origin(2), d));
		// The manufacturer keeps its right to suspend and revoke.
		assert_ok!(Devices::suspend(origin(MAKER), d, RevocationReason::Faulty));
		assert_ok!(Devices::revoke_device(origin(MAKER), d, RevocationReason::Fraud));
	});
}

#[test]
fn revocation_is_final_and_may_come_from_the_manufacturer() {
	build_and_execute(|| {
		let d = device_id(1);
		active(1, KeyType::Ecdsa);
		assert_noop!(
			Devices::revoke_device(origin(3), d, RevocationReason::Stolen),
			Error::<Test>::NotAuthorized
		);
		assert_ok!(Devices::revoke_device(origin(MAKER), d, RevocationReason::Stolen));
		assert_eq!(status(d), DeviceStatus::Revoked);
		let key = crate::DeviceKeys::<Test>::get(d, 0).unwrap();
		assert_eq!((key.valid_until, key.ended_by), (Some(1), Some(RevocationReason::Stolen)));
		assert_noop!(Devices::activate(origin(1), d), Error::<Test>::InvalidTransition);
		assert_noop!(
			Devices::suspend(origin(1), d, RevocationReason::Lost),
			Error::<Test>::InvalidTransition
		);
		// A manufactured device can be revoked before it ever enters service.
		registered(2, KeyType::Sr25519);
		assert_ok!(Devices::revoke_device(origin(MAKER), device_id(2), RevocationReason::Faulty));
	});
}

#[test]
fn custody_moves_from_manufacturer_to_operator_to_site_with_a_trail() {
	build_and_execute(|| {
		let d = device_id(1);
		registered(1, KeyType::Ed25519);
		let site = H256::repeat_byte(0x51);
		assert_noop!(
			Devices::transfer_custody(origin(1), d, 2, None),
			Error::<Test>::NotAuthorized
		);
		assert_ok!(Devices::transfer_custody(origin(MAKER), d, 1, None));
		assert_ok!(Devices::activate(origin(1), d));
		// Installed at a site owned by a tower company (not an operator): still operator 1's
		// network, but the site owner holds custody and its rights.
		assert_ok!(Devices::transfer_custody(origin(1), d, 4, Some(site)));
		assert_eq!(last_event(), Event::CustodyTransferred { device: d, to: 4, site: Some(site) });
		let device = crate::Devices::<Test>::get(d).unwrap();
		assert_eq!((device.custodian, device.site, device.operator), (4, Some(site), Some(1)));
		assert_ok!(Devices::record_inspection(
			origin(4),
			d,
			H256::repeat_byte(0x1f),
			InspectionResult::Pass
		));
		assert_ok!(Devices::record_inspection(
			origin(MAKER),
			d,
			H256::repeat_byte(0x2f),
			InspectionResult::Maintained
		));
		assert_noop!(
			Devices::record_inspection(origin(1), d, H256::zero(), InspectionResult::Fail),
			Error::<Test>::NotAuthorized
		);
		let details = Devices::device_details(d).unwrap();
		let trail: Vec<_> = details.history.iter().map(|entry| entry.event.clone()).collect();
		assert_eq!(
			trail,
			vec![
				DeviceEvent::Registered,
				DeviceEvent::CustodyTransferred { from: MAKER, to: 1, site: None },
				DeviceEvent::Activated { operator: 1 },
				DeviceEvent::CustodyTransferred { from: 1, to: 4, site: Some(site) },
				DeviceEvent::Inspected {
					inspector: 4,
					report: H256::repeat_byte(0x1f),
					result: InspectionResult::Pass,
					deposit: INSPECTION_DEPOSIT as u128,
				},
				DeviceEvent::Inspected {
					inspector: MAKER,
					report: H256::repeat_byte(0x2f),
					result: InspectionResult::Maintained,
					deposit: INSPECTION_DEPOSIT as u128,
				},
			]
		);
	});
}

#[test]
fn a_full_history_never_blocks_suspension_or_revocation() {
	build_and_execute(|| {
		let d = device_id(1);
		active(1, KeyType::Sr25519);
		// Registered, handed over, activated, then inspections up to the cap, then more.
		for n in 2..MAX_HISTORY + 3 {
			assert_ok!(Devices::record_inspection(
				origin(1),
				d,
				H256::repeat_byte(n as u8),
				InspectionResult::Pass
			));
		}
		assert_ok!(Devices::suspend(origin(1), d, RevocationReason::Stolen));
		assert_ok!(Devices::revoke_key(
			origin(MAKER),
			d,
			RevocationReason::KeyCompromise,
			None,
			None
		));
		assert_ok!(Devices::revoke_device(origin(MAKER), d, RevocationReason::Stolen));
		assert_eq!(status(d), DeviceStatus::Revoked);
		// The newest `MaxHistory` entries are kept; the dropped ones are folded into a digest.
		let details = Devices::device_details(d).unwrap();
		assert_eq!(details.history.len(), MAX_HISTORY as usize);
		assert_eq!(
			details.history.last().unwrap().event,
			DeviceEvent::Revoked { by: MAKER, reason: RevocationReason::Stolen }
		);
		let device = crate::Devices::<Test>::get(d).unwrap();
		assert_eq!(device.history, MAX_HISTORY + 7);
		assert_eq!(device.history_start, 7);
		assert_ne!(device.history_digest, H256::zero());
	});
}

#[test]
fn only_the_custodian_manufacturer_or_a_regulator_inspect_for_a_deposit() {
	build_and_execute(|| {
		let d = device_id(1);
		active(1, KeyType::Sr25519);
		let report = H256::repeat_byte(0x1f);
		// Another operator has no business with this device.
		assert_noop!(
			Devices::record_inspection(origin(3), d, report, InspectionResult::Fail),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			Devices::record_inspection(origin(REGULATOR), d, report, InspectionResult::Fail),
			Error::<Test>::NotAuthorized
		);
		assert_ok!(Devices::set_regulator(origin(GOVERNANCE), REGULATOR, true));
		for inspector in [1, MAKER, REGULATOR] {
			assert_ok!(Devices::record_inspection(
				origin(inspector),
				d,
				report,
				InspectionResult::Pass
			));
			assert_eq!(held(HoldReason::InspectionDeposit, inspector), INSPECTION_DEPOSIT);
		}
		// Without the deposit, no record.
		let _ = <Balances as frame_support::traits::fungible::Mutate<u64>>::set_balance(&1, 1);
		assert!(Devices::record_inspection(origin(1), d, report, InspectionResult::Pass).is_err());
		let _ =
			<Balances as frame_support::traits::fungible::Mutate<u64>>::set_balance(&1, ENDOWMENT);
		// Once a record leaves the bounded history, its deposit returns.
		for _ in 0..MAX_HISTORY {
			assert_ok!(Devices::record_inspection(origin(1), d, report, InspectionResult::Pass));
		}
		assert_eq!(held(HoldReason::InspectionDeposit, MAKER), 0);
		assert_eq!(held(HoldReason::InspectionDeposit, REGULATOR), 0);
		assert_eq!(
			held(HoldReason::InspectionDeposit, 1),
			INSPECTION_DEPOSIT * u64::from(MAX_HISTORY)
		);
	});
}

// ---- keys ----

#[test]
fn keys_rotate_between_every_pair_of_types_by_the_old_keys_signature() {
	build_and_execute(|| {
		for (i, from) in KEY_TYPES.into_iter().enumerate() {
			let to = KEY_TYPES[(i + 1) % 4];
			let n = i as u8 + 1;
			let d = device_id(n);
			let old = active(n, from);
			let new = TestKey::new(to, n + 0x30);
			let rotation = old.sign(&Devices::rotation_payload(&d, 1, &new.public()));
			let possession = new.sign(&Devices::possession_payload(&d, 1));

			// Signed by the new key instead of the old one: refused.
			let forged = new.sign(&Devices::rotation_payload(&d, 1, &new.public()));
			assert_noop!(
				Devices::rotate_key(origin(4), d, new.public(), forged, possession),
				Error::<Test>::BadRotationSignature
			);
			// The new key must prove possession.
			assert_noop!(
				Devices::rotate_key(origin(4), d, new.public(), rotation, old.sign(b"x")),
				Error::<Test>::BadPossessionProof
			);
			run_to_block(System::block_number() + 1);
			let at = System::block_number();
			assert_ok!(Devices::rotate_key(origin(4), d, new.public(), rotation, possession));
			assert_eq!(last_event(), Event::KeyChanged { device: d, index: 1, key_type: to });
			assert!(Devices::key_valid_at(&d, &old.public(), at - 1));
			assert!(!Devices::key_valid_at(&d, &old.public(), at));
			assert!(Devices::key_valid_at(&d, &new.public(), at));
			assert_eq!(
				crate::DeviceKeys::<Test>::get(d, 0).unwrap().ended_by,
				Some(RevocationReason::Superseded)
			);

			// A replay of the same rotation finds the nonce moved on (and the key in use).
			assert_noop!(
				Devices::rotate_key(origin(4), d, new.public(), rotation, possession),
				Error::<Test>::KeyInUse
			);
			let third = TestKey::new(to, n + 0x60);
			let stale = old.sign(&Devices::rotation_payload(&d, 1, &third.public()));
			let proof = third.sign(&Devices::possession_payload(&d, 2));
			assert_noop!(
				Devices::rotate_key(origin(4), d, third.public(), stale, proof),
				Error::<Test>::BadRotationSignature
			);
		}
	});
}

#[test]
fn a_suspended_device_cannot_rotate_its_key() {
	build_and_execute(|| {
		let d = device_id(1);
		let old = active(1, KeyType::Ed25519);
		assert_ok!(Devices::suspend(origin(1), d, RevocationReason::Stolen));
		let new = TestKey::new(KeyType::Ed25519, 0x31);
		let rotation = old.sign(&Devices::rotation_payload(&d, 1, &new.public()));
		let possession = new.sign(&Devices::possession_payload(&d, 1));
		// A thief holding the key cannot swap it during the hold.
		assert_noop!(
			Devices::rotate_key(origin(4), d, new.public(), rotation, possession),
			Error::<Test>::DeviceSuspended
		);
		// Back in service, the same rotation goes through.
		assert_ok!(Devices::resume(origin(1), d));
		assert_ok!(Devices::rotate_key(origin(4), d, new.public(), rotation, possession));
		assert!(Devices::key_valid_at(&d, &new.public(), System::block_number()));
	});
}

#[test]
fn revocation_at_a_block_flips_validity_and_the_manufacturer_reprovisions() {
	build_and_execute(|| {
		let d = device_id(1);
		let key = active(1, KeyType::P256);
		run_to_block(5);
		assert_noop!(
			Devices::revoke_key(origin(3), d, RevocationReason::KeyCompromise, None, None),
			Error::<Test>::NotAuthorized
		);
		assert_ok!(Devices::revoke_key(origin(1), d, RevocationReason::KeyCompromise, None, None));
		assert_eq!(
			last_event(),
			Event::KeyRevoked {
				device: d,
				index: 0,
				reason: RevocationReason::KeyCompromise,
				compromised_since: None
			}
		);
		assert!(Devices::key_valid_at(&d, &key.public(), 4), "valid before the revocation");
		assert!(
			!Devices::key_valid_at(&d, &key.public(), 5),
			"invalid from the revocation's block"
		);
		assert!(!Devices::key_valid_at(&d, &key.public(), 0), "not yet valid before registration");
		assert_noop!(
			Devices::revoke_key(origin(1), d, RevocationReason::KeyCompromise, None, None),
			Error::<Test>::NoValidKey
		);
		let signature = key.sign(b"payload");
		assert_eq!(
			Devices::check_signature(&d, b"payload", &signature),
			Err(DeviceCheckError::NoValidKey)
		);
		// Suspend, then resume without a key: refused.
		assert_ok!(Devices::suspend(origin(1), d, RevocationReason::KeyCompromise));
		assert_noop!(Devices::resume(origin(1), d), Error::<Test>::NoValidKey);

		let new = TestKey::new(KeyType::Sr25519, 0x42);
		let attest = |k: &TestKey| maker_key().sign(&Devices::attestation_payload(&d, &k.public()));
		let possess = |k: &TestKey| k.sign(&Devices::possession_payload(&d, 1));
		assert_noop!(
			Devices::reprovision_key(origin(1), d, new.public(), 0, attest(&new), possess(&new)),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			Devices::reprovision_key(
				origin(MAKER),
				d,
				new.public(),
				0,
				attest(&key),
				possess(&new)
			),
			Error::<Test>::BadAttestation
		);
		assert_noop!(
			Devices::reprovision_key(
				origin(MAKER),
				d,
				new.public(),
				0,
				attest(&new),
				new.sign(&Devices::possession_payload(&d, 0))
			),
			Error::<Test>::BadPossessionProof
		);
		assert_ok!(Devices::reprovision_key(
			origin(MAKER),
			d,
			new.public(),
			0,
			attest(&new),
			possess(&new)
		));
		assert_noop!(
			Devices::reprovision_key(
				origin(MAKER),
				d,
				new.public(),
				0,
				attest(&new),
				possess(&new)
			),
			Error::<Test>::KeyStillValid
		);
		assert_ok!(Devices::resume(origin(1), d));
		assert_eq!(Devices::check_signature(&d, b"payload", &new.sign(b"payload")), Ok(()));
	});
}

#[test]
fn key_valid_at_respects_suspension() {
	build_and_execute(|| {
		let d = device_id(1);
		let key = active(1, KeyType::Ed25519);
		run_to_block(5);
		assert_ok!(Devices::suspend(origin(1), d, RevocationReason::Stolen));
		run_to_block(8);
		assert!(Devices::key_valid_at(&d, &key.public(), 4), "valid before the hold");
		assert!(!Devices::key_valid_at(&d, &key.public(), 6), "suspended at block 6");
		assert_ok!(Devices::resume(origin(1), d));
		assert!(!Devices::key_valid_at(&d, &key.public(), 7), "still suspended at block 7");
		assert!(Devices::key_valid_at(&d, &key.public(), 8), "valid again from the resumption");
		assert_eq!(
			Devices::device_details(d).unwrap().suspensions,
			vec![Suspension { from: 5, until: Some(8) }]
		);
	});
}

#[test]
fn suspensions_never_run_out_of_room_and_only_get_stricter() {
	build_and_execute(|| {
		let d = device_id(1);
		let key = active(1, KeyType::Ed25519);
		// Suspended in every even block, resumed in every odd one, far beyond the cap.
		for n in 0..MAX_HISTORY + 3 {
			run_to_block(u64::from(2 * n + 2));
			assert_ok!(Devices::suspend(origin(MAKER), d, RevocationReason::Faulty));
			run_to_block(u64::from(2 * n + 3));
			assert_ok!(Devices::resume(origin(MAKER), d));
		}
		let periods = Devices::device_details(d).unwrap().suspensions;
		assert_eq!(periods.len(), MAX_HISTORY as usize);
		// All in one custody: the newest closed periods merge (covering the gaps between them,
		// blocks 25 and 27 here), the oldest and the gap before the open one stay exact.
		assert!(Devices::key_valid_at(&d, &key.public(), 1));
		assert!(Devices::key_valid_at(&d, &key.public(), 3));
		assert!(Devices::key_valid_at(&d, &key.public(), 21));
		assert!(!Devices::key_valid_at(&d, &key.public(), 25));
		assert!(!Devices::key_valid_at(&d, &key.public(), 27));
		let last_gap = u64::from(2 * (MAX_HISTORY + 2) + 1);
		assert!(Devices::key_valid_at(&d, &key.public(), last_gap));
		assert!(!Devices::key_valid_at(&d, &key.public(), last_gap - 1));
	});
}

#[test]
fn a_past_key_is_revoked_for_compromise_from_a_date() {
	build_and_execute(|| {
		let d = device_id(1);
		let old = active(1, KeyType::Ed25519);
		run_to_block(5);
		let new = TestKey::new(KeyType::Ed25519, 0x31);
		let rotation = old.sign(&Devices::rotation_payload(&d, 1, &new.public()));
		let possession = new.sign(&Devices::possession_payload(&d, 1));
		assert_ok!(Devices::rotate_key(origin(4), d, new.public(), rotation, possession));
		run_to_block(9);
		// The old key leaked at block 3: what it "signed" from then on is void.
		assert_noop!(
			Devices::revoke_key(origin(1), d, RevocationReason::Superseded, Some(0), None),
			Error::<Test>::PastKeyNeedsCompromise
		);
		assert_noop!(
			Devices::revoke_key(origin(1), d, RevocationReason::KeyCompromise, Some(0), Some(10)),
			Error::<Test>::InvalidCompromiseDate
		);
		assert_noop!(
			Devices::revoke_key(origin(1), d, RevocationReason::Superseded, None, Some(3)),
			Error::<Test>::InvalidCompromiseDate
		);
		assert_noop!(
			Devices::revoke_key(origin(1), d, RevocationReason::KeyCompromise, Some(7), None),
			Error::<Test>::UnknownKey
		);
		assert_noop!(
			Devices::revoke_key(origin(3), d, RevocationReason::KeyCompromise, Some(0), Some(3)),
			Error::<Test>::NotAuthorized
		);
		assert!(Devices::key_valid_at(&d, &old.public(), 3));
		assert_ok!(Devices::revoke_key(
			origin(1),
			d,
			RevocationReason::KeyCompromise,
			Some(0),
			Some(3)
		));
		assert_eq!(
			last_event(),
			Event::KeyRevoked {
				device: d,
				index: 0,
				reason: RevocationReason::KeyCompromise,
				compromised_since: Some(3)
			}
		);
		assert!(Devices::key_valid_at(&d, &old.public(), 2));
		assert!(!Devices::key_valid_at(&d, &old.public(), 3));
		assert!(!Devices::key_valid_at(&d, &old.public(), 4));
		// The current key is untouched; the date only moves earlier.
		assert!(Devices::key_valid_at(&d, &new.public(), 9));
		assert_eq!(crate::Devices::<Test>::get(d).unwrap().current_key, Some(1));
		assert_noop!(
			Devices::revoke_key(origin(1), d, RevocationReason::KeyCompromise, Some(0), Some(4)),
			Error::<Test>::InvalidCompromiseDate
		);
		assert_ok!(Devices::revoke_key(
			origin(MAKER),
			d,
			RevocationReason::CaCompromise,
			Some(0),
			None
		));
		assert!(!Devices::key_valid_at(&d, &old.public(), 2), "compromised for its whole life");
		// The current key, revoked with a compromise date in the past.
		assert_ok!(Devices::revoke_key(
			origin(1),
			d,
			RevocationReason::KeyCompromise,
			None,
			Some(7)
		));
		assert!(Devices::key_valid_at(&d, &new.public(), 6));
		assert!(!Devices::key_valid_at(&d, &new.public(), 7));
	});
}

#[test]
fn a_compromised_attestation_key_flags_every_device_it_attested() {
	build_and_execute(|| {
		let second = TestKey::new(KeyType::P256, 0xA1);
		assert_ok!(Devices::add_attestation_key(origin(MAKER), second.public()));
		let keys: Vec<TestKey> = (1..=3).map(|n| active(n, KeyType::Ed25519)).collect();
		// Device 3 is attested by the second key.
		let d3 = device_id(3);
		assert_ok!(Devices::revoke_key(origin(1), d3, RevocationReason::Superseded, None, None));
		let k3 = TestKey::new(KeyType::Ed25519, 0x63);
		assert_ok!(Devices::reprovision_key(
			origin(MAKER),
			d3,
			k3.public(),
			1,
			second.sign(&Devices::attestation_payload(&d3, &k3.public())),
			k3.sign(&Devices::possession_payload(&d3, 1))
		));
		// The attesting key is stored with the device and each attested key.
		assert_eq!(crate::Devices::<Test>::get(device_id(1)).unwrap().attested_by, 0);
		assert_eq!(crate::DeviceKeys::<Test>::get(device_id(1), 0).unwrap().attested_by, Some(0));
		assert_eq!(crate::Devices::<Test>::get(d3).unwrap().attested_by, 1);
		assert_eq!(crate::DeviceKeys::<Test>::get(d3, 1).unwrap().attested_by, Some(1));

		let payload = b"reading";
		let verdict = |n: u8, key: &TestKey| {
			Devices::verification(&device_id(n), payload, &key.sign(payload))
		};
		assert_eq!(verdict(1, &keys[0]), Verification::Valid);
		assert_ok!(Devices::revoke_attestation_key(
			origin(GOVERNANCE),
			MAKER,
			0,
			RevocationReason::CaCompromise
		));
		assert_eq!(
			last_event(),
			Event::AttestationKeyRevoked {
				manufacturer: MAKER,
				index: 0,
				reason: RevocationReason::CaCompromise
			}
		);
		for n in 1..=2u8 {
			assert_eq!(verdict(n, &keys[n as usize - 1]), Verification::AttesterCompromised);
			assert_eq!(
				<Devices as DeviceVerifier<u64>>::verify(
					&device_id(n),
					payload,
					&keys[n as usize - 1].sign(payload)
				),
				Err(DeviceCheckError::NoValidKey)
			);
			assert!(Devices::device_details(device_id(n)).unwrap().attester_compromised);
		}
		assert_eq!(verdict(3, &k3), Verification::Valid);
		let mut flagged = Devices::attested_devices(MAKER, 0);
		flagged.sort();
		assert_eq!(flagged, vec![(device_id(1), true), (device_id(2), true), (d3, false)]);
		assert_eq!(Devices::attested_devices(MAKER, 1), vec![(d3, false)]);

		// The manufacturer re-provisions device 1 under its sound key: no longer flagged.
		let d1 = device_id(1);
		assert_ok!(Devices::revoke_key(
			origin(MAKER),
			d1,
			RevocationReason::CaCompromise,
			None,
			None
		));
		let k1 = TestKey::new(KeyType::Ed25519, 0x61);
		assert_ok!(Devices::reprovision_key(
			origin(MAKER),
			d1,
			k1.public(),
			1,
			second.sign(&Devices::attestation_payload(&d1, &k1.public())),
			k1.sign(&Devices::possession_payload(&d1, 1))
		));
		assert_eq!(verdict(1, &k1), Verification::Valid);
	});
}

#[test]
fn a_device_has_a_bounded_number_of_keys() {
	build_and_execute(|| {
		let d = device_id(1);
		let mut current = active(1, KeyType::Ed25519);
		for nonce in 1..MAX_KEYS {
			let next = TestKey::new(KeyType::Ed25519, 0x80 + nonce as u8);
			let rotation = current.sign(&Devices::rotation_payload(&d, nonce, &next.public()));
			let possession = next.sign(&Devices::possession_payload(&d, nonce));
			assert_ok!(Devices::rotate_key(origin(1), d, next.public(), rotation, possession));
			current = next;
		}
		let next = TestKey::new(KeyType::Ed25519, 0xFF);
		let rotation = current.sign(&Devices::rotation_payload(&d, MAX_KEYS, &next.public()));
		let possession = next.sign(&Devices::possession_payload(&d, MAX_KEYS));
		assert_noop!(
			Devices::rotate_key(origin(1), d, next.public(), rotation, possession),
			Error::<Test>::TooManyKeys
		);
		assert_noop!(
			Devices::rotate_key(origin(1), device_id(7), next.public(), rotation, possession),
			Error::<Test>::UnknownDevice
		);
	});
}

// ---- verification ----

#[test]
fn the_verifier_answers_for_every_key_type_and_state() {
	build_and_execute(|| {
		for (n, key_type) in KEY_TYPES.into_iter().enumerate() {
			let n = n as u8 + 1;
			let d = device_id(n);
			let key = registered(n, key_type);
			let payload = b"kWh=1042;t=2026-11-25T10:00Z";
			let signature = key.sign(payload);
			assert_eq!(
				<Devices as DeviceVerifier<u64>>::verify(&d, payload, &signature),
				Err(DeviceCheckError::NotActive)
			);
			assert_ok!(Devices::transfer_custody(origin(MAKER), d, 2, None));
			assert_ok!(Devices::activate(origin(2), d));
			assert_eq!(<Devices as DeviceVerifier<u64>>::verify(&d, payload, &signature), Ok(()));
			assert_eq!(<Devices as DeviceVerifier<u64>>::custodian(&d), Some(2));
			assert_eq!(
				<Devices as DeviceVerifier<u64>>::verify(&d, b"kWh=9999", &signature),
				Err(DeviceCheckError::BadSignature)
			);
			let stranger = TestKey::new(key_type, 0x99).sign(payload);
			assert_eq!(
				<Devices as DeviceVerifier<u64>>::verify(&d, payload, &stranger),
				Err(DeviceCheckError::BadSignature)
			);
			assert_ok!(Devices::suspend(origin(2), d, RevocationReason::Faulty));
			assert_eq!(
				<Devices as DeviceVerifier<u64>>::verify(&d, payload, &signature),
				Err(DeviceCheckError::NotActive)
			);
		}
		let any = DeviceSignature::Ed25519([0; 64]);
		assert_eq!(
			<Devices as DeviceVerifier<u64>>::verify(&device_id(9), b"", &any),
			Err(DeviceCheckError::UnknownDevice)
		);
	});
}

// ---- credentials ----

#[test]
fn issuers_attest_claims_that_expire_and_can_be_revoked() {
	build_and_execute(|| {
		let d = device_id(1);
		registered(1, KeyType::P256);
		let kyc = H256::repeat_byte(0x4b);
		let subscriber = Subject::Subscriber(H256::repeat_byte(0x5d));
		assert_noop!(
			Devices::issue_credential(
				origin(REGULATOR),
				Subject::Device(d),
				kyc,
				H256::zero(),
				None
			),
			Error::<Test>::NotIssuer
		);
		assert_noop!(Devices::set_regulator(origin(1), REGULATOR, true), DispatchError::BadOrigin);
		assert_ok!(Devices::set_regulator(origin(GOVERNANCE), REGULATOR, true));
		assert_ok!(Devices::issue_credential(
			origin(REGULATOR),
			Subject::Device(d),
			kyc,
			H256::repeat_byte(1),
			Some(10)
		));
		assert_eq!(
			last_event(),
			Event::CredentialIssued {
				id: 0,
				issuer: REGULATOR,
				subject: Subject::Device(d),
				claim_type: kyc
			}
		);
		assert_ok!(Devices::issue_credential(
			origin(1),
			subscriber,
			kyc,
			H256::repeat_byte(2),
			None
		));
		assert_ok!(Devices::issue_credential(
			origin(MAKER),
			Subject::Device(d),
			kyc,
			H256::repeat_byte(3),
			None
		));
		assert_eq!(held(HoldReason::CredentialDeposit, 1), CREDENTIAL_DEPOSIT);
		assert_noop!(
			Devices::issue_credential(
				origin(1),
				Subject::Device(device_id(9)),
				kyc,
				H256::zero(),
				None
			),
			Error::<Test>::UnknownDevice
		);
		assert_noop!(
			Devices::issue_credential(origin(1), subscriber, kyc, H256::zero(), Some(1)),
			Error::<Test>::ExpiryInPast
		);

		let valid = |subject| -> Vec<(CredentialId, bool)> {
			Devices::credentials_of(subject).into_iter().map(|(id, _, ok)| (id, ok)).collect()
		};
		assert_eq!(valid(Subject::Device(d)), vec![(0, true), (2, true)]);
		run_to_block(10);
		assert_eq!(valid(Subject::Device(d)), vec![(0, false), (2, true)], "expired at block 10");

		assert_noop!(Devices::revoke_credential(origin(2), 1), Error::<Test>::NotCredentialIssuer);
		assert_noop!(Devices::remove_credential(origin(1), 1), Error::<Test>::CredentialStillValid);
		assert_ok!(Devices::revoke_credential(origin(1), 1));
		assert_eq!(last_event(), Event::CredentialRevoked { id: 1 });
		assert_noop!(Devices::revoke_credential(origin(1), 1), Error::<Test>::AlreadyRevoked);
		assert_eq!(valid(subscriber), vec![(1, false)]);
		assert_noop!(Devices::remove_credential(origin(2), 1), Error::<Test>::NotCredentialIssuer);
		assert_ok!(Devices::remove_credential(origin(1), 1));
		assert_ok!(Devices::remove_credential(origin(REGULATOR), 0));
		assert_eq!(held(HoldReason::CredentialDeposit, 1), 0);
		assert!(valid(subscriber).is_empty());
		assert_noop!(Devices::revoke_credential(origin(1), 1), Error::<Test>::UnknownCredential);
		assert_noop!(Devices::remove_credential(origin(1), 1), Error::<Test>::UnknownCredential);

		assert_ok!(Devices::set_regulator(origin(GOVERNANCE), REGULATOR, false));
		assert_noop!(
			Devices::issue_credential(origin(REGULATOR), subscriber, kyc, H256::zero(), None),
			Error::<Test>::NotIssuer
		);
	});
}

#[test]
fn credential_ids_never_wrap() {
	build_and_execute(|| {
		crate::NextCredentialId::<Test>::put(CredentialId::MAX);
		assert_noop!(
			Devices::issue_credential(
				origin(1),
				Subject::Subscriber(H256::zero()),
				H256::zero(),
				H256::zero(),
				None
			),
			Error::<Test>::Overflow
		);
	});
}

// ---- invariants and metadata ----

#[test]
fn try_state_detects_a_second_open_key() {
	new_test_ext().execute_with(|| {
		active(1, KeyType::Sr25519);
		assert_ok!(Devices::do_try_state());
		crate::DeviceKeys::<Test>::insert(
			device_id(1),
			1,
			KeyRecord {
				key: TestKey::new(KeyType::Sr25519, 2).public(),
				valid_from: 1,
				valid_until: None,
				ended_by: None,
				attested_by: None,
				compromised_since: None,
			},
		);
		assert!(Devices::do_try_state().is_err());
	});
}

#[test]
fn every_call_event_and_error_is_documented() {
	use scale_info::{TypeDef, TypeInfo};
	fn undocumented<T: TypeInfo>() -> Vec<&'static str> {
		match T::type_info().type_def {
			TypeDef::Variant(variants) => variants
				.variants
				.iter()
				.filter(|variant| variant.docs.is_empty())
				.map(|variant| variant.name)
				.collect(),
			_ => vec!["not an enum"],
		}
	}
	assert!(undocumented::<crate::Call<Test>>().is_empty());
	assert!(undocumented::<Event<Test>>().is_empty());
	assert!(undocumented::<Error<Test>>().is_empty());
}

// ---- review defects (D1-D4) ----

#[test]
fn the_custodian_cannot_lift_the_manufacturers_hold_nor_a_compromise_hold_with_the_same_key() {
	build_and_execute(|| {
		let d = device_id(1);
		let key = active(1, KeyType::Ed25519);
		// The manufacturer holds the device; the custodian it targets may not lift the hold.
		assert_ok!(Devices::suspend(origin(MAKER), d, RevocationReason::Fraud));
		let device = crate::Devices::<Test>::get(d).unwrap();
		assert_eq!(
			device.hold,
			Some(Hold { by: MAKER, reason: RevocationReason::Fraud, key: Some(0) })
		);
		assert_noop!(Devices::resume(origin(1), d), Error::<Test>::NotAuthorized);
		assert_noop!(Devices::resume(origin(3), d), Error::<Test>::NotAuthorized);
		// A regulator may lift it, as may the manufacturer.
		assert_ok!(Devices::set_regulator(origin(GOVERNANCE), REGULATOR, true));
		assert_ok!(Devices::resume(origin(REGULATOR), d));
		assert_eq!(crate::Devices::<Test>::get(d).unwrap().hold, None);

		// The custodian's own hold: it, the manufacturer or a regulator lift it.
		assert_ok!(Devices::suspend(origin(1), d, RevocationReason::Lost));
		assert_ok!(Devices::resume(origin(MAKER), d));
		assert_ok!(Devices::suspend(origin(1), d, RevocationReason::Lost));
		assert_ok!(Devices::resume(origin(1), d));

		// A hold for key compromise is lifted only once the key was replaced, by anyone.
		assert_ok!(Devices::suspend(origin(MAKER), d, RevocationReason::KeyCompromise));
		assert_noop!(Devices::resume(origin(MAKER), d), Error::<Test>::KeyNotReplaced);
		assert_noop!(Devices::resume(origin(1), d), Error::<Test>::NotAuthorized);
		assert_ok!(Devices::revoke_key(
			origin(MAKER),
			d,
			RevocationReason::KeyCompromise,
			None,
			None
		));
		let new = TestKey::new(KeyType::Ed25519, 0x52);
		assert_ok!(Devices::reprovision_key(
			origin(MAKER),
			d,
			new.public(),
			0,
			maker_key().sign(&Devices::attestation_payload(&d, &new.public())),
			new.sign(&Devices::possession_payload(&d, 1))
		));
		assert_ok!(Devices::resume(origin(MAKER), d));
		assert_eq!(status(d), DeviceStatus::Active);
		assert!(!Devices::key_valid_at(&d, &key.public(), System::block_number()));
	});
}

#[test]
fn a_custodians_hold_moves_with_custody() {
	build_and_execute(|| {
		let d = device_id(1);
		active(1, KeyType::Ed25519);
		assert_ok!(Devices::suspend(origin(1), d, RevocationReason::Lost));
		assert_ok!(Devices::transfer_custody(origin(1), d, 2, None));
		// The seller keeps no right to lift the hold; the buyer inherits it.
		assert_noop!(Devices::resume(origin(1), d), Error::<Test>::NotAuthorized);
		assert_ok!(Devices::resume(origin(2), d));
	});
}

#[test]
fn inspection_deposits_return_when_the_device_ends_or_after_the_retention_period() {
	build_and_execute(|| {
		let d = device_id(1);
		active(1, KeyType::Sr25519);
		assert_ok!(Devices::set_regulator(origin(GOVERNANCE), REGULATOR, true));
		let report = H256::repeat_byte(0x2f);
		// A quiet device: the regulator's record never leaves the history.
		assert_ok!(Devices::record_inspection(
			origin(REGULATOR),
			d,
			report,
			InspectionResult::Pass
		));
		let entry = crate::Devices::<Test>::get(d).unwrap().history - 1;
		assert_eq!(held(HoldReason::InspectionDeposit, REGULATOR), INSPECTION_DEPOSIT);
		assert_noop!(
			Devices::reclaim_inspection_deposit(origin(REGULATOR), d, entry),
			Error::<Test>::RetentionNotOver
		);
		run_to_block(1 + INSPECTION_RETENTION);
		assert_noop!(
			Devices::reclaim_inspection_deposit(origin(1), d, entry),
			Error::<Test>::NotInspector
		);
		assert_noop!(
			Devices::reclaim_inspection_deposit(origin(REGULATOR), d, entry - 1),
			Error::<Test>::NotAnInspection
		);
		assert_noop!(
			Devices::reclaim_inspection_deposit(origin(REGULATOR), d, entry + 1),
			Error::<Test>::NotAnInspection
		);
		assert_ok!(Devices::reclaim_inspection_deposit(origin(REGULATOR), d, entry));
		assert_eq!(held(HoldReason::InspectionDeposit, REGULATOR), 0);
		assert_eq!(
			last_event(),
			Event::InspectionDepositReclaimed { device: d, entry, inspector: REGULATOR }
		);
		// The record stays, its deposit zeroed; nothing more to reclaim.
		let details = Devices::device_details(d).unwrap();
		assert!(details.history.iter().any(|e| matches!(
			e.event,
			DeviceEvent::Inspected { inspector: REGULATOR, deposit: 0, .. }
		)));
		assert_noop!(
			Devices::reclaim_inspection_deposit(origin(REGULATOR), d, entry),
			Error::<Test>::NothingToReclaim
		);

		// Revocation releases every deposit the device's history still holds.
		assert_ok!(Devices::record_inspection(
			origin(REGULATOR),
			d,
			report,
			InspectionResult::Fail
		));
		assert_ok!(Devices::record_inspection(origin(1), d, report, InspectionResult::Pass));
		assert_ok!(Devices::record_inspection(origin(MAKER), d, report, InspectionResult::Pass));
		assert_ok!(Devices::revoke_device(origin(MAKER), d, RevocationReason::Faulty));
		for inspector in [1, MAKER, REGULATOR] {
			assert_eq!(held(HoldReason::InspectionDeposit, inspector), 0);
		}
		assert_eq!(Balances::free_balance(REGULATOR), ENDOWMENT);

		// Decommissioning too.
		let e = device_id(2);
		active(2, KeyType::Ed25519);
		assert_ok!(Devices::record_inspection(
			origin(REGULATOR),
			e,
			report,
			InspectionResult::Pass
		));
		assert_ok!(Devices::decommission(origin(1), e));
		assert_eq!(held(HoldReason::InspectionDeposit, REGULATOR), 0);
	});
}

#[test]
fn a_new_custodians_suspension_cycles_never_void_the_previous_custodians_time() {
	build_and_execute(|| {
		let d = device_id(1);
		let key = active(1, KeyType::Ed25519);
		// Operator 1 holds the device once, then runs it until it sells it at block 20.
		run_to_block(3);
		assert_ok!(Devices::suspend(origin(1), d, RevocationReason::Faulty));
		run_to_block(4);
		assert_ok!(Devices::resume(origin(1), d));
		run_to_block(20);
		assert_ok!(Devices::transfer_custody(origin(1), d, 2, None));
		assert!(Devices::key_valid_at(&d, &key.public(), 10));
		// The buyer cycles holds far beyond the cap.
		for n in 0..u64::from(MAX_HISTORY) + 5 {
			run_to_block(21 + 2 * n);
			assert_ok!(Devices::suspend(origin(2), d, RevocationReason::Faulty));
			run_to_block(22 + 2 * n);
			assert_ok!(Devices::resume(origin(2), d));
		}
		// The seller's time is answered as before: valid outside its own hold.
		assert!(Devices::key_valid_at(&d, &key.public(), 2));
		assert!(!Devices::key_valid_at(&d, &key.public(), 3));
		assert!(Devices::key_valid_at(&d, &key.public(), 10));
		assert!(Devices::key_valid_at(&d, &key.public(), 20));
		let periods = Devices::device_details(d).unwrap().suspensions;
		assert_eq!(periods.len(), MAX_HISTORY as usize);
		assert_eq!(periods.first(), Some(&Suspension { from: 3, until: Some(4) }));
	});
}

#[test]
fn a_custodian_cannot_date_a_compromise_before_its_own_custody() {
	build_and_execute(|| {
		let d = device_id(1);
		let old = active(1, KeyType::Ed25519);
		run_to_block(5);
		let new = TestKey::new(KeyType::Ed25519, 0x61);
		let rotation = old.sign(&Devices::rotation_payload(&d, 1, &new.public()));
		let possession = new.sign(&Devices::possession_payload(&d, 1));
		assert_ok!(Devices::rotate_key(origin(4), d, new.public(), rotation, possession));
		// Operator 1 sells the device to operator 2 at block 20.
		run_to_block(20);
		assert_ok!(Devices::transfer_custody(origin(1), d, 2, None));
		assert_eq!(crate::Devices::<Test>::get(d).unwrap().custody_since, 20);
		run_to_block(30);
		// The buyer cannot mark the seller's past key compromised, by default or by date.
		assert_noop!(
			Devices::revoke_key(origin(2), d, RevocationReason::KeyCompromise, Some(0), None),
			Error::<Test>::InvalidCompromiseDate
		);
		assert_noop!(
			Devices::revoke_key(origin(2), d, RevocationReason::KeyCompromise, Some(0), Some(3)),
			Error::<Test>::InvalidCompromiseDate
		);
		// Nor date the current key's compromise into the seller's time.
		assert_noop!(
			Devices::revoke_key(origin(2), d, RevocationReason::KeyCompromise, None, Some(10)),
			Error::<Test>::InvalidCompromiseDate
		);
		assert!(Devices::key_valid_at(&d, &old.public(), 4));
		assert!(Devices::key_valid_at(&d, &new.public(), 10));
		// From its own custody on, it may.
		assert_ok!(Devices::revoke_key(
			origin(2),
			d,
			RevocationReason::KeyCompromise,
			None,
			Some(20)
		));
		assert!(Devices::key_valid_at(&d, &new.public(), 19));
		assert!(!Devices::key_valid_at(&d, &new.public(), 20));
		// The manufacturer is not bound by custody.
		assert_ok!(Devices::revoke_key(
			origin(MAKER),
			d,
			RevocationReason::KeyCompromise,
			Some(0),
			Some(2)
		));
		assert!(!Devices::key_valid_at(&d, &old.public(), 2));
	});
}

#[test]
fn try_state_detects_overlapping_suspensions() {
	new_test_ext().execute_with(|| {
		let d = device_id(1);
		active(1, KeyType::Ed25519);
		crate::Suspensions::<Test>::insert(
			d,
			frame_support::BoundedVec::truncate_from(vec![
				Suspension { from: 5, until: Some(9) },
				Suspension { from: 7, until: Some(8) },
			]),
		);
		assert_eq!(Devices::do_try_state(), Err("suspensions are ordered and disjoint".into()));
	});
}

// ---- shared block list ----

fn free(who: u64) -> u64 {
	Balances::free_balance(who)
}

fn listed(device: H256) -> bool {
	Devices::is_block_listed(&device)
}

fn has_event(event: Event<Test>) -> bool {
	System::events().iter().any(|record| record.event == RuntimeEvent::Devices(event.clone()))
}

fn open_periods(device: H256) -> usize {
	crate::Suspensions::<Test>::get(device).iter().filter(|p| p.until.is_none()).count()
}

fn appoint_regulator() {
	assert_ok!(Devices::set_regulator(origin(GOVERNANCE), REGULATOR, true));
}

#[test]
fn two_operators_reports_list_and_suspend_a_device_automatically() {
	build_and_execute(|| {
		let d = device_id(1);
		let key = active(1, KeyType::Ed25519);
		let payload = b"attach;cell=613300001";
		let signature = key.sign(payload);
		run_to_block(4);
		// One report: recorded with its deposit, the device untouched.
		assert_ok!(Devices::report_device(origin(2), d, BlockReason::Stolen));
		assert_eq!(
			last_event(),
			Event::DeviceReported {
				device: d,
				reporter: 2,
				reason: BlockReason::Stolen,
				reports: 1
			}
		);
		assert_eq!(held(HoldReason::BlockListReport, 2), REPORT_DEPOSIT);
		assert_eq!(free(2), ENDOWMENT - REPORT_DEPOSIT);
		assert!(!listed(d));
		assert_eq!(status(d), DeviceStatus::Active);
		assert_eq!(Devices::verification(&d, payload, &signature), Verification::Valid);

		// Exactly `ReportsToList` distinct operators: listed and suspended.
		run_to_block(6);
		assert_ok!(Devices::report_device(origin(3), d, BlockReason::Fraud));
		assert!(listed(d));
		assert_eq!(status(d), DeviceStatus::Suspended);
		assert!(has_event(Event::DeviceBlockListed { device: d, by: 3 }));
		assert!(has_event(Event::StatusChanged {
			device: d,
			status: DeviceStatus::Suspended,
			by: 3
		}));
		let details = Devices::device_details(d).unwrap();
		assert_eq!(details.device.hold, None, "the block list is not a hold anyone lifts");
		assert_eq!(details.block_listed_since, Some(6));
		assert_eq!(details.suspensions, vec![Suspension { from: 6, until: None }]);
		assert_eq!(
			details.history.last().unwrap().event,
			DeviceEvent::BlockListed { by: 3, reason: BlockReason::Fraud }
		);
		assert!(Devices::key_valid_at(&d, &key.public(), 5));
		assert!(!Devices::key_valid_at(&d, &key.public(), 6));

		// Verification flags the listing; other pallets see a device that is not active.
		assert_eq!(Devices::verification(&d, payload, &signature), Verification::BlockListed);
		assert_eq!(
			<Devices as DeviceVerifier<u64>>::verify(&d, payload, &signature),
			Err(DeviceCheckError::NotActive)
		);

		// The entry, as the runtime API answers it.
		let entry = Devices::block_listing(d).unwrap();
		assert_eq!(
			entry.listing,
			BlockListing { reports: 2, regulator: None, listed_since: Some(6) }
		);
		assert_eq!(
			entry.reports,
			vec![
				(
					2,
					BlockReport {
						reason: BlockReason::Stolen,
						at: 4,
						deposit: REPORT_DEPOSIT.into()
					}
				),
				(
					3,
					BlockReport {
						reason: BlockReason::Fraud,
						at: 6,
						deposit: REPORT_DEPOSIT.into()
					}
				),
			]
		);
		assert_eq!(Devices::block_listing(device_id(9)), None);
	});
}

#[test]
fn report_refusals() {
	build_and_execute(|| {
		let d = device_id(1);
		active(1, KeyType::Ed25519);
		assert_noop!(
			Devices::report_device(origin(4), d, BlockReason::Stolen),
			Error::<Test>::NotOperator
		);
		assert_noop!(
			Devices::report_device(origin(2), device_id(9), BlockReason::Stolen),
			Error::<Test>::UnknownDevice
		);
		// The custodian suspends its own device instead.
		assert_noop!(
			Devices::report_device(origin(1), d, BlockReason::Stolen),
			Error::<Test>::ReporterIsCustodian
		);
		assert_ok!(Devices::report_device(origin(2), d, BlockReason::Stolen));
		assert_noop!(
			Devices::report_device(origin(2), d, BlockReason::Fraud),
			Error::<Test>::AlreadyReported
		);
		// An operator without the deposit.
		OperatorSet::mutate(|set| set.extend([5, 6, 7]));
		assert_noop!(
			Devices::report_device(origin(7), d, BlockReason::Stolen),
			sp_runtime::TokenError::FundsUnavailable
		);
		// `MaxReportsPerDevice` reports, then no more.
		for who in [5, 6] {
			let _ = <Balances as frame_support::traits::fungible::Mutate<u64>>::set_balance(
				&who, ENDOWMENT,
			);
		}
		assert_ok!(Devices::report_device(origin(3), d, BlockReason::Stolen));
		assert_ok!(Devices::report_device(origin(5), d, BlockReason::Lost));
		assert_eq!(crate::BlockListings::<Test>::get(d).unwrap().reports, MAX_REPORTS);
		assert_noop!(
			Devices::report_device(origin(6), d, BlockReason::Stolen),
			Error::<Test>::TooManyReports
		);
		// Nothing to report on an ended device.
		let e = device_id(2);
		active(2, KeyType::Ed25519);
		assert_ok!(Devices::revoke_device(origin(1), e, RevocationReason::Stolen));
		assert_noop!(
			Devices::report_device(origin(2), e, BlockReason::Stolen),
			Error::<Test>::InvalidTransition
		);
		appoint_regulator();
		assert_noop!(
			Devices::list_device(origin(REGULATOR), e, BlockReason::Stolen),
			Error::<Test>::InvalidTransition
		);
		assert_noop!(
			Devices::list_device(origin(REGULATOR), device_id(9), BlockReason::Stolen),
			Error::<Test>::UnknownDevice
		);
	});
}

#[test]
fn nobody_but_the_listing_lifts_a_block_list_suspension() {
	build_and_execute(|| {
		let d = device_id(1);
		let key = active(1, KeyType::Ed25519);
		appoint_regulator();
		assert_ok!(Devices::report_device(origin(2), d, BlockReason::Stolen));
		assert_ok!(Devices::report_device(origin(3), d, BlockReason::Stolen));
		for who in [1, MAKER, REGULATOR] {
			assert_noop!(Devices::resume(origin(who), d), Error::<Test>::BlockListed);
		}
		let new = TestKey::new(KeyType::Ed25519, 0x61);
		let rotation = key.sign(&Devices::rotation_payload(&d, 1, &new.public()));
		let possession = new.sign(&Devices::possession_payload(&d, 1));
		assert_noop!(
			Devices::rotate_key(origin(4), d, new.public(), rotation, possession),
			Error::<Test>::DeviceSuspended
		);
		// The custodian cannot withdraw others' reports, nor clear the listing.
		assert_noop!(Devices::withdraw_report(origin(1), d), Error::<Test>::NoReport);
		assert_noop!(Devices::clear_listing(origin(1), d), Error::<Test>::NotRegulator);
		assert_eq!(status(d), DeviceStatus::Suspended);
	});
}

#[test]
fn withdrawing_every_report_clears_the_listing_and_resumes_the_device() {
	build_and_execute(|| {
		let d = device_id(1);
		let key = active(1, KeyType::Ed25519);
		// A lone report withdrawn: the entry goes, nothing was listed.
		assert_ok!(Devices::report_device(origin(2), d, BlockReason::Lost));
		assert_ok!(Devices::withdraw_report(origin(2), d));
		assert_eq!(last_event(), Event::ReportWithdrawn { device: d, reporter: 2 });
		assert!(crate::BlockListings::<Test>::get(d).is_none());
		assert_eq!((held(HoldReason::BlockListReport, 2), free(2)), (0, ENDOWMENT));

		run_to_block(3);
		assert_ok!(Devices::report_device(origin(2), d, BlockReason::Lost));
		assert_ok!(Devices::report_device(origin(3), d, BlockReason::Stolen));
		// One withdrawal: the other operator still says stolen, the listing stands.
		run_to_block(5);
		assert_ok!(Devices::withdraw_report(origin(2), d));
		assert!(listed(d));
		assert_eq!(status(d), DeviceStatus::Suspended);
		assert_eq!(free(2), ENDOWMENT);
		assert_noop!(Devices::withdraw_report(origin(2), d), Error::<Test>::NoReport);
		// The last one (the device was found): cleared, back in service.
		run_to_block(7);
		assert_ok!(Devices::withdraw_report(origin(3), d));
		assert_eq!(last_event(), Event::BlockListingCleared { device: d, by: 3, was_listed: true });
		assert!(has_event(Event::StatusChanged { device: d, status: DeviceStatus::Active, by: 3 }));
		assert!(!listed(d));
		assert!(crate::BlockListings::<Test>::get(d).is_none());
		assert_eq!(status(d), DeviceStatus::Active);
		assert_eq!((held(HoldReason::BlockListReport, 3), free(3)), (0, ENDOWMENT));
		let details = Devices::device_details(d).unwrap();
		assert_eq!(details.suspensions, vec![Suspension { from: 3, until: Some(7) }]);
		assert_eq!(details.history.last().unwrap().event, DeviceEvent::BlockListCleared { by: 3 });
		assert!(!Devices::key_valid_at(&d, &key.public(), 6));
		assert!(Devices::key_valid_at(&d, &key.public(), 7));
	});
}

#[test]
fn a_regulator_lists_alone_and_only_a_regulator_clears() {
	build_and_execute(|| {
		let d = device_id(1);
		active(1, KeyType::Ed25519);
		assert_noop!(
			Devices::list_device(origin(2), d, BlockReason::Counterfeit),
			Error::<Test>::NotRegulator
		);
		appoint_regulator();
		assert_noop!(Devices::clear_listing(origin(REGULATOR), d), Error::<Test>::NotListed);
		run_to_block(2);
		assert_ok!(Devices::list_device(origin(REGULATOR), d, BlockReason::Counterfeit));
		assert!(has_event(Event::RegulatorListed {
			device: d,
			regulator: REGULATOR,
			reason: BlockReason::Counterfeit
		}));
		assert!(has_event(Event::DeviceBlockListed { device: d, by: REGULATOR }));
		assert!(listed(d));
		assert_eq!(status(d), DeviceStatus::Suspended);
		assert_noop!(
			Devices::list_device(origin(REGULATOR), d, BlockReason::Stolen),
			Error::<Test>::AlreadyListed
		);
		// Operators' reports come and go; the regulator's listing stands.
		assert_ok!(Devices::report_device(origin(2), d, BlockReason::Stolen));
		assert_ok!(Devices::report_device(origin(3), d, BlockReason::Stolen));
		assert_ok!(Devices::withdraw_report(origin(2), d));
		assert!(listed(d));
		assert_ok!(Devices::report_device(origin(2), d, BlockReason::Fraud));
		// Cleared by a regulator: every deposit returns, the device is back in service.
		assert_noop!(Devices::clear_listing(origin(2), d), Error::<Test>::NotRegulator);
		run_to_block(4);
		assert_ok!(Devices::clear_listing(origin(REGULATOR), d));
		assert_eq!(
			last_event(),
			Event::BlockListingCleared { device: d, by: REGULATOR, was_listed: true }
		);
		assert_eq!(status(d), DeviceStatus::Active);
		assert!(crate::BlockListings::<Test>::get(d).is_none());
		assert_eq!(crate::BlockReports::<Test>::iter_prefix(d).count(), 0);
		for who in [2, 3] {
			assert_eq!((held(HoldReason::BlockListReport, who), free(who)), (0, ENDOWMENT));
		}
		assert_eq!(
			Devices::device_details(d).unwrap().suspensions,
			vec![Suspension { from: 2, until: Some(4) }]
		);
		assert_noop!(Devices::clear_listing(origin(REGULATOR), d), Error::<Test>::NotListed);
		// A regulator also clears pending reports that listed nothing.
		assert_ok!(Devices::report_device(origin(2), d, BlockReason::Lost));
		assert_ok!(Devices::clear_listing(origin(REGULATOR), d));
		assert_eq!(
			last_event(),
			Event::BlockListingCleared { device: d, by: REGULATOR, was_listed: false }
		);
		assert_eq!(free(2), ENDOWMENT);
		assert_eq!(status(d), DeviceStatus::Active);
	});
}

#[test]
fn a_false_report_forfeits_its_deposit_to_the_treasury_not_the_custodian() {
	build_and_execute(|| {
		let d = device_id(1);
		active(1, KeyType::Ed25519);
		appoint_regulator();
		assert_ok!(Devices::report_device(origin(2), d, BlockReason::Fraud));
		assert_ok!(Devices::report_device(origin(3), d, BlockReason::Fraud));
		let custodian = free(1);
		assert_noop!(Devices::reject_report(origin(3), d, 2), Error::<Test>::NotRegulator);
		assert_noop!(Devices::reject_report(origin(REGULATOR), d, 1), Error::<Test>::NoReport);
		assert_ok!(Devices::reject_report(origin(REGULATOR), d, 2));
		assert_eq!(
			last_event(),
			Event::ReportRejected {
				device: d,
				reporter: 2,
				forfeited_to: TREASURY,
				amount: REPORT_DEPOSIT
			}
		);
		assert_eq!(free(TREASURY), REPORT_DEPOSIT);
		assert_eq!(
			(held(HoldReason::BlockListReport, 2), free(2)),
			(0, ENDOWMENT - REPORT_DEPOSIT)
		);
		assert_eq!(free(1), custodian, "the custodian gains nothing from a false report");
		// The other report stands, and with it the listing; rejecting it too clears it.
		assert!(listed(d));
		assert_ok!(Devices::reject_report(origin(REGULATOR), d, 3));
		assert_eq!(
			last_event(),
			Event::BlockListingCleared { device: d, by: REGULATOR, was_listed: true }
		);
		assert_eq!(free(TREASURY), 2 * REPORT_DEPOSIT);
		assert_eq!(status(d), DeviceStatus::Active);
		assert_noop!(Devices::reject_report(origin(REGULATOR), d, 3), Error::<Test>::NoReport);
	});
}

#[test]
fn clearing_leaves_a_device_held_for_another_reason_suspended() {
	build_and_execute(|| {
		// Held by its custodian before the listing: the hold outlives the listing.
		let d = device_id(1);
		active(1, KeyType::Ed25519);
		appoint_regulator();
		assert_ok!(Devices::suspend(origin(1), d, RevocationReason::Faulty));
		assert_ok!(Devices::report_device(origin(2), d, BlockReason::Stolen));
		assert_ok!(Devices::report_device(origin(3), d, BlockReason::Stolen));
		assert!(listed(d));
		assert_eq!(open_periods(d), 1);
		assert_noop!(Devices::resume(origin(1), d), Error::<Test>::BlockListed);
		assert_ok!(Devices::clear_listing(origin(REGULATOR), d));
		assert_eq!(status(d), DeviceStatus::Suspended);
		assert_eq!(open_periods(d), 1);
		assert_ok!(Devices::resume(origin(1), d));
		assert_eq!(status(d), DeviceStatus::Active);

		// A hold placed while listed (the manufacturer fears the key leaked): it stays after.
		let e = device_id(2);
		active(2, KeyType::Ed25519);
		assert_ok!(Devices::report_device(origin(2), e, BlockReason::Stolen));
		assert_ok!(Devices::report_device(origin(3), e, BlockReason::Stolen));
		assert_ok!(Devices::suspend(origin(MAKER), e, RevocationReason::KeyCompromise));
		assert_noop!(
			Devices::suspend(origin(1), e, RevocationReason::Lost),
			Error::<Test>::InvalidTransition
		);
		assert_eq!(open_periods(e), 1);
		assert_ok!(Devices::withdraw_report(origin(2), e));
		assert_ok!(Devices::withdraw_report(origin(3), e));
		assert!(!listed(e));
		assert_eq!(status(e), DeviceStatus::Suspended);
		assert_eq!(
			crate::Devices::<Test>::get(e).unwrap().hold,
			Some(Hold { by: MAKER, reason: RevocationReason::KeyCompromise, key: Some(0) })
		);
		assert_noop!(Devices::resume(origin(MAKER), e), Error::<Test>::KeyNotReplaced);
	});
}

#[test]
fn a_device_listed_before_activation_cannot_be_activated_or_rotate_its_key() {
	build_and_execute(|| {
		let d = device_id(1);
		let key = registered(1, KeyType::P256);
		appoint_regulator();
		// Stolen from the warehouse: the manufacturer holds custody, operators report it.
		run_to_block(3);
		assert_ok!(Devices::report_device(origin(2), d, BlockReason::Stolen));
		assert_ok!(Devices::report_device(origin(3), d, BlockReason::Stolen));
		assert!(listed(d));
		assert_eq!(status(d), DeviceStatus::Manufactured);
		assert!(!Devices::key_valid_at(&d, &key.public(), 3));
		assert_eq!(Devices::verification(&d, b"x", &key.sign(b"x")), Verification::BlockListed);
		let new = TestKey::new(KeyType::Ed25519, 0x62);
		let rotation = key.sign(&Devices::rotation_payload(&d, 1, &new.public()));
		let possession = new.sign(&Devices::possession_payload(&d, 1));
		assert_noop!(
			Devices::rotate_key(origin(4), d, new.public(), rotation, possession),
			Error::<Test>::BlockListed
		);
		assert_ok!(Devices::transfer_custody(origin(MAKER), d, 1, None));
		assert_noop!(Devices::activate(origin(1), d), Error::<Test>::BlockListed);
		// Cleared: it goes into service.
		run_to_block(5);
		assert_ok!(Devices::clear_listing(origin(REGULATOR), d));
		assert_eq!(status(d), DeviceStatus::Manufactured);
		assert_eq!(open_periods(d), 0);
		assert!(Devices::key_valid_at(&d, &key.public(), 5));
		assert_ok!(Devices::rotate_key(origin(4), d, new.public(), rotation, possession));
		assert_ok!(Devices::activate(origin(1), d));
	});
}

#[test]
fn a_listed_device_is_still_revoked_and_its_reporters_get_their_deposits_back() {
	build_and_execute(|| {
		let d = device_id(1);
		active(1, KeyType::Ed25519);
		assert_ok!(Devices::report_device(origin(2), d, BlockReason::Stolen));
		assert_ok!(Devices::report_device(origin(3), d, BlockReason::Stolen));
		// Revocation is never refused, listed or not.
		run_to_block(4);
		assert_ok!(Devices::revoke_device(origin(1), d, RevocationReason::Stolen));
		assert_eq!(status(d), DeviceStatus::Revoked);
		assert_eq!(open_periods(d), 0);
		assert!(listed(d), "the listing stays on record");
		let history = crate::Devices::<Test>::get(d).unwrap().history;
		// The reporters exit with their deposits; the revoked device is left as it is.
		assert_ok!(Devices::withdraw_report(origin(2), d));
		assert_ok!(Devices::withdraw_report(origin(3), d));
		assert!(crate::BlockListings::<Test>::get(d).is_none());
		assert_eq!(status(d), DeviceStatus::Revoked);
		assert_eq!(crate::Devices::<Test>::get(d).unwrap().history, history);
		for who in [2, 3] {
			assert_eq!(free(who), ENDOWMENT);
		}
		// A listed device not yet activated, decommissioned: its open period closes too.
		let e = device_id(2);
		registered(2, KeyType::Ed25519);
		assert_ok!(Devices::report_device(origin(2), e, BlockReason::Counterfeit));
		assert_ok!(Devices::report_device(origin(3), e, BlockReason::Counterfeit));
		assert_eq!(open_periods(e), 1);
		assert_ok!(Devices::decommission(origin(MAKER), e));
		assert_eq!(open_periods(e), 0);
	});
}

#[test]
fn a_listing_is_never_refused_for_lack_of_room() {
	build_and_execute(|| {
		let d = device_id(1);
		let key = active(1, KeyType::Ed25519);
		// A full suspension list and a full history of inspections.
		for n in 0..MAX_HISTORY {
			run_to_block(u64::from(2 * n + 2));
			assert_ok!(Devices::suspend(origin(1), d, RevocationReason::Faulty));
			run_to_block(u64::from(2 * n + 3));
			assert_ok!(Devices::resume(origin(1), d));
		}
		for _ in 0..MAX_HISTORY {
			assert_ok!(Devices::record_inspection(
				origin(MAKER),
				d,
				H256::repeat_byte(1),
				InspectionResult::Pass
			));
		}
		let before = held(HoldReason::InspectionDeposit, MAKER);
		run_to_block(100);
		assert_ok!(Devices::report_device(origin(2), d, BlockReason::Stolen));
		assert_ok!(Devices::report_device(origin(3), d, BlockReason::Stolen));
		assert_eq!(status(d), DeviceStatus::Suspended);
		let details = Devices::device_details(d).unwrap();
		assert_eq!(details.suspensions.len(), MAX_HISTORY as usize);
		assert_eq!(details.suspensions.last(), Some(&Suspension { from: 100, until: None }));
		assert_eq!(details.history.len(), MAX_HISTORY as usize);
		assert_eq!(held(HoldReason::InspectionDeposit, MAKER), before - INSPECTION_DEPOSIT);
		assert!(!Devices::key_valid_at(&d, &key.public(), 100));
	});
}

#[test]
fn try_state_checks_the_block_list() {
	new_test_ext().execute_with(|| {
		let d = device_id(1);
		active(1, KeyType::Ed25519);
		assert_ok!(Devices::report_device(origin(2), d, BlockReason::Stolen));
		assert_ok!(Devices::report_device(origin(3), d, BlockReason::Stolen));
		assert_ok!(Devices::do_try_state());
		// A listed device in service is suspended.
		crate::Devices::<Test>::mutate(d, |r| r.as_mut().unwrap().status = DeviceStatus::Active);
		assert_eq!(Devices::do_try_state(), Err("a listed device is not active".into()));
		crate::Devices::<Test>::mutate(d, |r| r.as_mut().unwrap().status = DeviceStatus::Suspended);
		// Listed ⇔ the threshold met or a regulator listing (a revoked device: only the list's
		// own invariant speaks).
		assert_ok!(Devices::revoke_device(origin(1), d, RevocationReason::Stolen));
		crate::BlockListings::<Test>::mutate(d, |l| l.as_mut().unwrap().listed_since = None);
		assert_eq!(
			Devices::do_try_state(),
			Err("threshold met or regulator listing, but not listed".into())
		);
		crate::BlockListings::<Test>::mutate(d, |l| l.as_mut().unwrap().listed_since = Some(1));
		// Deposits held = open reports.
		let report = crate::BlockReports::<Test>::take(d, 3).unwrap();
		crate::BlockReports::<Test>::insert(d, 4, report);
		assert_eq!(Devices::do_try_state(), Err("report deposits held equal open reports".into()));
	});
}
