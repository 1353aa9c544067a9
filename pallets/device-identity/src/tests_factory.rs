//! Factory batches: registration by Merkle root, self-enrolment with a proof and the key's
//! proof of possession, double enrolment, proofs of other batches, closing.

#![allow(clippy::arithmetic_side_effects)]

use crate::{mock::*, types::*, Error, Event, HoldReason};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
use sp_core::H256;
use telecom_primitives::{
	merkle::{leaf_hash, merkle_proof, merkle_root, MAX_BATCH_DEVICES},
	DeviceKey, KeyType,
};

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

/// A batch of `n` devices: ids 0x40.., keys of every type in turn (seed 0x40 + i).
struct Batch {
	devices: Vec<(H256, TestKey)>,
	leaves: Vec<H256>,
}

impl Batch {
	fn new(n: u8, first: u8) -> Self {
		let devices: Vec<_> = (0..n)
			.map(|i| {
				let seed = first + i;
				(device_id(seed), TestKey::new(KEY_TYPES[usize::from(i) % 4], seed))
			})
			.collect();
		let leaves = devices.iter().map(|(id, key)| leaf_hash(id, &key.public())).collect();
		Self { devices, leaves }
	}

	fn root(&self) -> H256 {
		merkle_root(&self.leaves)
	}

	fn proof(&self, index: usize) -> BatchProof {
		merkle_proof(&self.leaves, index).unwrap().try_into().unwrap()
	}

	fn register(&self) -> u32 {
		let id = crate::NextFactoryBatchId::<Test>::get();
		assert_ok!(Devices::register_factory_batch(
			origin(MAKER),
			self.root(),
			self.leaves.len() as u32,
			0,
			label("eNB-mini"),
			label("2026-W49"),
			label("1.0.0"),
		));
		id
	}

	/// Enrolls device `index` of the batch registered as `batch`.
	fn enroll(&self, batch: u32, index: usize) -> frame_support::dispatch::DispatchResult {
		let (device, key) = &self.devices[index];
		Devices::enroll_from_batch(
			origin(4),
			batch,
			index as u32,
			*device,
			key.public(),
			key.sign(&Devices::possession_payload(device, 0)),
			self.proof(index),
		)
	}
}

#[test]
fn a_batch_registers_by_root_and_a_device_enrolls_as_if_registered_alone() {
	build_and_execute(|| {
		let batch = Batch::new(7, 0x40);
		let id = batch.register();
		assert_eq!(
			last_event(),
			Event::FactoryBatchRegistered {
				batch: id,
				manufacturer: MAKER,
				root: batch.root(),
				devices: 7
			}
		);
		assert_eq!(held(HoldReason::FactoryBatch, MAKER), BATCH_DEPOSIT);
		assert_eq!(held(HoldReason::DeviceDeposit, MAKER), 0);
		let stored = crate::FactoryBatches::<Test>::get(id).unwrap();
		assert_eq!((stored.devices, stored.enrolled, stored.attestation_key), (7, 0, 0));

		// Device 5 (ed25519) enrolls itself, submitted by an account that is not an operator.
		assert_ok!(batch.enroll(id, 5));
		let (device, key) = &batch.devices[5];
		assert_eq!(last_event(), Event::DeviceEnrolledFromBatch { batch: id, device: *device });
		let record = crate::Devices::<Test>::get(device).unwrap();
		assert_eq!(record.status, DeviceStatus::Manufactured);
		assert_eq!(record.custodian, MAKER);
		assert_eq!(record.manufacturer, MAKER);
		assert_eq!(record.current_key, Some(0));
		assert_eq!(record.attested_by, 0);
		assert_eq!(record.batch, label("2026-W49"));
		assert_eq!(record.deposit, u128::from(DEVICE_DEPOSIT));
		assert_eq!(crate::DeviceKeys::<Test>::get(device, 0).unwrap().key, key.public());
		assert_eq!(crate::KeyOwner::<Test>::get(key.public()), Some(*device));
		assert!(crate::AttestedDevices::<Test>::contains_key((MAKER, 0, *device)));
		assert_eq!(held(HoldReason::DeviceDeposit, MAKER), DEVICE_DEPOSIT);
		assert_eq!(held(HoldReason::DeviceDeposit, 4), 0);
		assert_eq!(crate::Manufacturers::<Test>::get(MAKER).unwrap().devices, 1);
		assert_eq!(crate::FactoryBatches::<Test>::get(id).unwrap().enrolled, 1);

		// From here on it is an ordinary device: handed over, activated, verified.
		assert_ok!(Devices::transfer_custody(origin(MAKER), *device, 1, None));
		assert_ok!(Devices::activate(origin(1), *device));
		let signature = key.sign(b"attach");
		assert_eq!(Devices::verification(device, b"attach", &signature), Verification::Valid);

		// A second enrolment of the same device is refused, by whoever submits it.
		assert_noop!(batch.enroll(id, 5), Error::<Test>::DeviceExists);
		// Every device of the batch can enroll.
		for index in [0, 1, 2, 3, 4, 6] {
			assert_ok!(batch.enroll(id, index));
		}
		assert_eq!(crate::FactoryBatches::<Test>::get(id).unwrap().enrolled, 7);
		assert_eq!(held(HoldReason::DeviceDeposit, MAKER), 7 * DEVICE_DEPOSIT);
	});
}

#[test]
fn registering_a_batch_checks_the_maker_size_and_key() {
	build_and_execute(|| {
		let root = H256::repeat_byte(1);
		let register = |who: u64, devices: u32, key: u32| {
			Devices::register_factory_batch(
				origin(who),
				root,
				devices,
				key,
				label("m"),
				label("b"),
				label("f"),
			)
		};
		assert_noop!(register(1, 10, 0), Error::<Test>::NotManufacturer);
		assert_noop!(register(MAKER, 0, 0), Error::<Test>::BadBatchSize);
		assert_noop!(register(MAKER, MAX_BATCH_DEVICES + 1, 0), Error::<Test>::BadBatchSize);
		assert_noop!(register(MAKER, 10, 1), Error::<Test>::UnknownAttestationKey);
		// 100,000 devices, one record and one deposit.
		assert_ok!(register(MAKER, MAX_BATCH_DEVICES, 0));
		assert_eq!(held(HoldReason::FactoryBatch, MAKER), BATCH_DEPOSIT);
		assert_eq!(crate::FactoryBatches::<Test>::iter().count(), 1);
		assert_ok!(Devices::revoke_attestation_key(
			origin(MAKER),
			MAKER,
			0,
			RevocationReason::Superseded
		));
		assert_noop!(register(MAKER, 10, 0), Error::<Test>::AttestationKeyRevoked);
		// A manufacturer that never committed its identifier key registers no batch.
		assert_ok!(Devices::register_manufacturer(origin(GOVERNANCE), OTHER_MAKER, label("B")));
		assert_ok!(Devices::add_attestation_key(origin(OTHER_MAKER), maker_key().public()));
		assert_noop!(register(OTHER_MAKER, 10, 0), Error::<Test>::NoIdentifierKey);
		// Funds: a manufacturer that cannot hold the deposit registers nothing.
		assert_ok!(Devices::commit_identifier_key(origin(OTHER_MAKER), H256::repeat_byte(2)));
		assert_ok!(Balances::transfer_all(origin(OTHER_MAKER), 1, false));
		assert!(register(OTHER_MAKER, 10, 0).is_err());
	});
}

#[test]
fn enrolment_refuses_other_batches_bad_proofs_and_bad_possession() {
	build_and_execute(|| {
		let batch = Batch::new(5, 0x40);
		let other = Batch::new(5, 0x60);
		let id = batch.register();
		let other_id = other.register();
		assert_noop!(batch.enroll(99, 0), Error::<Test>::UnknownBatch);
		// A device of one batch cannot enroll with its proof against the other batch.
		assert_noop!(batch.enroll(other_id, 1), Error::<Test>::BadMerkleProof);
		let (device, key) = &batch.devices[1];
		let possession = key.sign(&Devices::possession_payload(device, 0));
		let enroll = |index: u32, device: H256, key: DeviceKey, proof: BatchProof| {
			Devices::enroll_from_batch(origin(4), id, index, device, key, possession, proof)
		};
		// Wrong index, index out of range, truncated proof, another device's proof.
		assert_noop!(
			enroll(2, *device, key.public(), batch.proof(1)),
			Error::<Test>::BadMerkleProof
		);
		assert_noop!(
			enroll(5, *device, key.public(), batch.proof(1)),
			Error::<Test>::BadMerkleProof
		);
		let mut short = batch.proof(1);
		short.pop();
		assert_noop!(enroll(1, *device, key.public(), short), Error::<Test>::BadMerkleProof);
		// Another key, or another id, in the leaf: not what the manufacturer committed to.
		let intruder = TestKey::new(KeyType::P256, 0x99).public();
		assert_noop!(enroll(1, *device, intruder, batch.proof(1)), Error::<Test>::BadMerkleProof);
		assert_noop!(
			enroll(1, device_id(0x99), key.public(), batch.proof(1)),
			Error::<Test>::BadMerkleProof
		);
		// A proof of a leaf without the key's possession proof (signed by another key, or for
		// another device, or for another nonce) is refused.
		let thief = TestKey::new(key.public().key_type(), 0x98);
		for bad in [
			thief.sign(&Devices::possession_payload(device, 0)),
			key.sign(&Devices::possession_payload(&device_id(0x99), 0)),
			key.sign(&Devices::possession_payload(device, 1)),
		] {
			assert_noop!(
				Devices::enroll_from_batch(
					origin(4),
					id,
					1,
					*device,
					key.public(),
					bad,
					batch.proof(1)
				),
				Error::<Test>::BadPossessionProof
			);
		}
		// A key already in use by a device registered singly cannot enroll again.
		let (device3, key3) = &batch.devices[3];
		assert_ok!(Devices::register_device(origin(MAKER), registration(device_id(0x30), key3)));
		assert_noop!(
			Devices::enroll_from_batch(
				origin(4),
				id,
				3,
				*device3,
				key3.public(),
				key3.sign(&Devices::possession_payload(device3, 0)),
				batch.proof(3)
			),
			Error::<Test>::KeyInUse
		);
		// Once the batch's attestation key is revoked, no device enrolls under it.
		assert_ok!(Devices::revoke_attestation_key(
			origin(MAKER),
			MAKER,
			0,
			RevocationReason::KeyCompromise
		));
		assert_noop!(batch.enroll(id, 0), Error::<Test>::AttestationKeyRevoked);
		assert_eq!(crate::FactoryBatches::<Test>::get(id).unwrap().enrolled, 0);
	});
}

#[test]
fn the_manufacturer_closes_its_batch_and_gets_its_deposit_back() {
	build_and_execute(|| {
		let batch = Batch::new(3, 0x40);
		let id = batch.register();
		assert_ok!(batch.enroll(id, 0));
		assert_noop!(
			Devices::close_factory_batch(origin(1), id),
			Error::<Test>::NotBatchManufacturer
		);
		assert_noop!(Devices::close_factory_batch(origin(MAKER), 7), Error::<Test>::UnknownBatch);
		assert_ok!(Devices::close_factory_batch(origin(MAKER), id));
		assert_eq!(last_event(), Event::FactoryBatchClosed { batch: id, enrolled: 1 });
		assert_eq!(held(HoldReason::FactoryBatch, MAKER), 0);
		assert!(crate::FactoryBatches::<Test>::get(id).is_none());
		// Devices not yet enrolled can no longer enroll; the enrolled one stays.
		assert_noop!(batch.enroll(id, 1), Error::<Test>::UnknownBatch);
		assert!(crate::Devices::<Test>::contains_key(batch.devices[0].0));
		assert_noop!(Devices::close_factory_batch(origin(MAKER), id), Error::<Test>::UnknownBatch);
		// Ids are never reused.
		assert_eq!(batch.register(), id + 1);
	});
}
