//! Benchmarks of the device identity pallet (frame-benchmarking v2). Registration and rotation
//! are measured once per key type, with attestation and device keys of that type, since their
//! costs differ by an order of magnitude (sr25519/ed25519/secp256k1 verify in native host
//! functions; P-256 verifies in the runtime itself).

#![allow(clippy::arithmetic_side_effects, clippy::unwrap_used)]

use super::*;
use crate::pallet::{
	AttestationKeys, BlockListings, BlockReports, Consents, Credentials, DeviceKeys, Devices,
	FactoryBatches, Manufacturers, Regulators, SubscriberKeys,
};
use alloc::format;
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate as _, EnsureOrigin, Get};
use frame_system::RawOrigin;
use sp_core::{crypto::KeyTypeId, H256};
use sp_runtime::traits::Bounded;
use telecom_primitives::merkle::{leaf_hash, root_from_proof, MAX_BATCH_DEVICES, MAX_PROOF_DEPTH};
use telecom_primitives::{DeviceId, DeviceKey, DeviceSignature, KeyType, OperatorMembership};

/// Key type under which benchmark keys live in the benchmark keystore.
const BENCH_KEYS: KeyTypeId = KeyTypeId(*b"devi");

/// A key the benchmark can sign with: a keystore key, or a P-256 key held here.
enum BenchKey {
	Sr25519(sp_core::sr25519::Public),
	Ed25519(sp_core::ed25519::Public),
	Ecdsa(sp_core::ecdsa::Public),
	P256(p256::ecdsa::SigningKey),
}

impl BenchKey {
	fn new(key_type: KeyType, name: &str) -> Self {
		let seed = Some(format!("//{name}").into_bytes());
		match key_type {
			KeyType::Sr25519 => Self::Sr25519(sp_io::crypto::sr25519_generate(BENCH_KEYS, seed)),
			KeyType::Ed25519 => Self::Ed25519(sp_io::crypto::ed25519_generate(BENCH_KEYS, seed)),
			KeyType::Ecdsa => Self::Ecdsa(sp_io::crypto::ecdsa_generate(BENCH_KEYS, seed)),
			KeyType::P256 => {
				let secret = sp_io::hashing::blake2_256(name.as_bytes());
				Self::P256(p256::ecdsa::SigningKey::from_slice(&secret).unwrap())
			},
		}
	}

	fn public(&self) -> DeviceKey {
		match self {
			Self::Sr25519(key) => DeviceKey::Sr25519(key.0),
			Self::Ed25519(key) => DeviceKey::Ed25519(key.0),
			Self::Ecdsa(key) => DeviceKey::Ecdsa(key.0),
			Self::P256(key) => DeviceKey::P256(
				key.verifying_key().to_encoded_point(true).as_bytes().try_into().unwrap(),
			),
		}
	}

	fn sign(&self, message: &[u8]) -> DeviceSignature {
		match self {
			Self::Sr25519(key) => DeviceSignature::Sr25519(
				sp_io::crypto::sr25519_sign(BENCH_KEYS, key, message).unwrap().0,
			),
			Self::Ed25519(key) => DeviceSignature::Ed25519(
				sp_io::crypto::ed25519_sign(BENCH_KEYS, key, message).unwrap().0,
			),
			Self::Ecdsa(key) => DeviceSignature::Ecdsa(
				sp_io::crypto::ecdsa_sign(BENCH_KEYS, key, message).unwrap().0,
			),
			Self::P256(key) => {
				use p256::ecdsa::signature::Signer;
				let signature: p256::ecdsa::Signature = key.sign(message);
				DeviceSignature::P256(signature.to_bytes().into())
			},
		}
	}
}

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	// Enough for deposits, small enough that many such accounts cannot overflow the issuance.
	let _ = T::Currency::set_balance(&who, BalanceOf::<T>::max_value() / 1_000_000u32.into());
	who
}

fn operator<T: Config>() -> T::AccountId {
	let who = funded::<T>("operator", 0);
	if !T::Operators::is_operator(&who) {
		T::Operators::add_operator(&who);
	}
	who
}

fn label(len: u32) -> Label {
	Label::try_from(alloc::vec![b'x'; len as usize]).unwrap()
}

/// A manufacturer whose attestation key 0 is of `key_type`.
fn manufacturer<T: Config>(key_type: KeyType) -> (T::AccountId, BenchKey) {
	let who = funded::<T>("maker", 0);
	Pallet::<T>::do_register_manufacturer(who.clone(), label(MAX_LABEL_LEN)).unwrap();
	Pallet::<T>::do_commit_identifier_key(who.clone(), identifier_key_commitment(&[7; 32]))
		.unwrap();
	let signer = BenchKey::new(key_type, "attestation");
	Pallet::<T>::do_add_attestation_key(who.clone(), signer.public()).unwrap();
	(who, signer)
}

/// A registration of `device` with a fresh key of `key_type`, attested by `signer`.
fn registration<T: Config>(
	device: DeviceId,
	key: &BenchKey,
	signer: &BenchKey,
) -> DeviceRegistration {
	DeviceRegistration {
		device,
		key: key.public(),
		model: label(MAX_LABEL_LEN),
		batch: label(MAX_LABEL_LEN),
		firmware: label(MAX_LABEL_LEN),
		attestation_key: 0,
		attestation: signer.sign(&Pallet::<T>::attestation_payload(&device, &key.public())),
		possession: key.sign(&Pallet::<T>::possession_payload(&device, 0)),
	}
}

/// Fills the device's history with `MaxHistory` inspections by `inspector`, so that the next
/// entry drops an inspection and releases its deposit: the worst case of every step.
fn fill_history<T: Config>(device: DeviceId, inspector: &T::AccountId) {
	for _ in 0..T::MaxHistory::get() {
		Pallet::<T>::do_record_inspection(
			inspector.clone(),
			device,
			H256::repeat_byte(0x1f),
			InspectionResult::Pass,
		)
		.unwrap();
	}
}

/// An active device with a key of `key_type`, custody with the operator, its history full.
fn active_device<T: Config>(key_type: KeyType) -> (DeviceId, BenchKey, T::AccountId, T::AccountId) {
	let (maker, signer) = manufacturer::<T>(KeyType::Ed25519);
	let device = H256::repeat_byte(0xD1);
	let key = BenchKey::new(key_type, "device");
	Pallet::<T>::do_register_device(maker.clone(), registration::<T>(device, &key, &signer))
		.unwrap();
	let operator = operator::<T>();
	Pallet::<T>::do_transfer_custody(maker.clone(), device, operator.clone(), None).unwrap();
	Pallet::<T>::do_activate(operator.clone(), device).unwrap();
	fill_history::<T>(device, &maker);
	(device, key, maker, operator)
}

/// A manufacturer and a registration whose attestation and device keys are of `key_type`.
fn register_with<T: Config>(key_type: KeyType) -> (T::AccountId, DeviceRegistration) {
	let (maker, signer) = manufacturer::<T>(key_type);
	let device = H256::repeat_byte(0xD1);
	let key = BenchKey::new(key_type, "device");
	(maker, registration::<T>(device, &key, &signer))
}

fn rotate_with<T: Config>(
	key_type: KeyType,
) -> (DeviceId, DeviceKey, DeviceSignature, DeviceSignature) {
	let (device, old, _, _) = active_device::<T>(key_type);
	let new = BenchKey::new(key_type, "rotated");
	let rotation = old.sign(&Pallet::<T>::rotation_payload(&device, 1, &new.public()));
	let possession = new.sign(&Pallet::<T>::possession_payload(&device, 1));
	(device, new.public(), rotation, possession)
}

/// A SIM key (P-256) and its consent to an operator, with the longest codes and expiry.
fn consent_terms<T: Config>() -> (BenchKey, ConsentTermsOf<T>) {
	let key = BenchKey::new(KeyType::P256, "sim");
	let code = ConsentCode::try_from(alloc::vec![b'c'; MAX_CONSENT_CODE_LEN as usize]).unwrap();
	let terms = ConsentTerms {
		subscriber: subscriber_key_id(&key.public()),
		purpose: code.clone(),
		data_category: code,
		recipient: ConsentRecipient::Operator(operator::<T>()),
		expires_at: frame_system::Pallet::<T>::block_number() + T::MaxConsentDuration::get(),
		nonce: u64::MAX,
	};
	(key, terms)
}

/// Records `terms` signed by `key`.
fn recorded_consent<T: Config>(key: &BenchKey, terms: ConsentTermsOf<T>) -> ConsentId {
	let signature = key.sign(&Pallet::<T>::consent_payload(&terms));
	let id = Pallet::<T>::consent_id(&terms);
	Pallet::<T>::do_record_consent(funded::<T>("payer", 0), key.public(), terms, signature)
		.unwrap();
	id
}

/// The `i`-th reporting operator (never the device's custodian).
fn reporter<T: Config>(i: u32) -> T::AccountId {
	let who = funded::<T>("reporter", i);
	if !T::Operators::is_operator(&who) {
		T::Operators::add_operator(&who);
	}
	who
}

/// An appointed regulator.
fn regulator<T: Config>() -> T::AccountId {
	let who = funded::<T>("regulator", 0);
	Regulators::<T>::insert(&who, ());
	who
}

/// An active device in the operator's custody whose suspension list and history are full
/// (`MaxHistory` suspend/resume cycles, then `MaxHistory` inspections by the manufacturer): a
/// listing then merges two suspension periods and drops an inspection, releasing its deposit.
fn crowded_device<T: Config>() -> (DeviceId, T::AccountId) {
	let (device, _, maker, operator) = active_device::<T>(KeyType::Ed25519);
	for _ in 0..T::MaxHistory::get() {
		Pallet::<T>::do_suspend(operator.clone(), device, RevocationReason::Faulty).unwrap();
		Pallet::<T>::do_resume(operator.clone(), device).unwrap();
	}
	fill_history::<T>(device, &maker);
	(device, maker)
}

/// `crowded_device`, listed by `ReportsToList` reports of which all but the last were
/// withdrawn, its history full again: the last report's removal clears the listing.
fn listed_by_one_report<T: Config>() -> (DeviceId, T::AccountId) {
	let (device, maker) = crowded_device::<T>();
	let count = T::ReportsToList::get();
	for i in 0..count {
		Pallet::<T>::do_report_device(reporter::<T>(i), device, BlockReason::Stolen).unwrap();
	}
	for i in 1..count {
		Pallet::<T>::do_withdraw_report(reporter::<T>(i), device).unwrap();
	}
	fill_history::<T>(device, &maker);
	assert!(Pallet::<T>::is_block_listed(&device));
	(device, reporter::<T>(0))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_manufacturer() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let maker: T::AccountId = account("maker", 0, 0);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, maker.clone(), label(MAX_LABEL_LEN));

		assert!(Manufacturers::<T>::contains_key(&maker));
		Ok(())
	}

	#[benchmark]
	fn commit_identifier_key() {
		let maker = funded::<T>("maker", 0);
		Pallet::<T>::do_register_manufacturer(maker.clone(), label(MAX_LABEL_LEN)).unwrap();
		let commitment = identifier_key_commitment(&[7; 32]);

		#[extrinsic_call]
		_(RawOrigin::Signed(maker.clone()), commitment);

		assert_eq!(Manufacturers::<T>::get(&maker).unwrap().identifier_key, Some(commitment));
	}

	#[benchmark]
	fn add_attestation_key() {
		let (maker, _) = manufacturer::<T>(KeyType::P256);
		for i in 2..T::MaxAttestationKeys::get() {
			let key = BenchKey::new(KeyType::Ed25519, &format!("extra{i}"));
			Pallet::<T>::do_add_attestation_key(maker.clone(), key.public()).unwrap();
		}
		let key = BenchKey::new(KeyType::P256, "newest").public();

		#[extrinsic_call]
		_(RawOrigin::Signed(maker.clone()), key);

		assert_eq!(Manufacturers::<T>::get(&maker).unwrap().keys, T::MaxAttestationKeys::get());
	}

	#[benchmark]
	fn revoke_attestation_key() {
		let (maker, _) = manufacturer::<T>(KeyType::P256);

		#[extrinsic_call]
		_(RawOrigin::Signed(maker.clone()), maker.clone(), 0, RevocationReason::CaCompromise);

		assert!(AttestationKeys::<T>::get(&maker, 0).unwrap().revoked_at.is_some());
	}

	#[benchmark]
	fn set_regulator() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let regulator: T::AccountId = account("regulator", 0, 0);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, regulator.clone(), true);

		assert!(Regulators::<T>::contains_key(&regulator));
		Ok(())
	}

	#[benchmark]
	fn register_device_sr25519() {
		let (maker, registration) = register_with::<T>(KeyType::Sr25519);

		#[extrinsic_call]
		register_device(RawOrigin::Signed(maker), registration);

		assert!(Devices::<T>::contains_key(H256::repeat_byte(0xD1)));
	}

	#[benchmark]
	fn register_device_ed25519() {
		let (maker, registration) = register_with::<T>(KeyType::Ed25519);

		#[extrinsic_call]
		register_device(RawOrigin::Signed(maker), registration);

		assert!(Devices::<T>::contains_key(H256::repeat_byte(0xD1)));
	}

	#[benchmark]
	fn register_device_ecdsa() {
		let (maker, registration) = register_with::<T>(KeyType::Ecdsa);

		#[extrinsic_call]
		register_device(RawOrigin::Signed(maker), registration);

		assert!(Devices::<T>::contains_key(H256::repeat_byte(0xD1)));
	}

	#[benchmark]
	fn register_device_p256() {
		let (maker, registration) = register_with::<T>(KeyType::P256);

		#[extrinsic_call]
		register_device(RawOrigin::Signed(maker), registration);

		assert!(Devices::<T>::contains_key(H256::repeat_byte(0xD1)));
	}

	#[benchmark]
	fn activate() {
		let (maker, signer) = manufacturer::<T>(KeyType::Ed25519);
		let device = H256::repeat_byte(0xD1);
		let key = BenchKey::new(KeyType::Ed25519, "device");
		Pallet::<T>::do_register_device(maker.clone(), registration::<T>(device, &key, &signer))
			.unwrap();
		fill_history::<T>(device, &maker);
		let operator = operator::<T>();
		Pallet::<T>::do_transfer_custody(maker, device, operator.clone(), None).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(operator), device);

		assert_eq!(Devices::<T>::get(device).unwrap().status, DeviceStatus::Active);
	}

	/// The costliest status change: a revocation of a suspended device whose suspension list
	/// is full, which ends the current key, closes the suspension and releases the deposits of
	/// `MaxHistory` inspection records, each by a different regulator.
	#[benchmark]
	fn set_status() {
		let (device, _, _, operator) = active_device::<T>(KeyType::Ed25519);
		for _ in 0..T::MaxHistory::get() {
			Pallet::<T>::do_suspend(operator.clone(), device, RevocationReason::Faulty).unwrap();
			Pallet::<T>::do_resume(operator.clone(), device).unwrap();
		}
		Pallet::<T>::do_suspend(operator.clone(), device, RevocationReason::Lost).unwrap();
		for i in 0..T::MaxHistory::get() {
			let regulator = funded::<T>("regulator", i);
			Regulators::<T>::insert(&regulator, ());
			Pallet::<T>::do_record_inspection(
				regulator,
				device,
				H256::repeat_byte(0x1f),
				InspectionResult::Pass,
			)
			.unwrap();
		}

		#[extrinsic_call]
		revoke_device(RawOrigin::Signed(operator), device, RevocationReason::Stolen);

		assert_eq!(Devices::<T>::get(device).unwrap().status, DeviceStatus::Revoked);
	}

	#[benchmark]
	fn reclaim_inspection_deposit() {
		// The manufacturer's inspections fill the history.
		let (device, _, maker, _) = active_device::<T>(KeyType::Ed25519);
		let entry = Devices::<T>::get(device).unwrap().history - 1;
		let now = frame_system::Pallet::<T>::block_number();
		frame_system::Pallet::<T>::set_block_number(now + T::InspectionRetention::get());

		#[extrinsic_call]
		_(RawOrigin::Signed(maker), device, entry);

		assert!(matches!(
			crate::pallet::History::<T>::get(device, entry).unwrap().event,
			DeviceEvent::Inspected { deposit: 0, .. }
		));
	}

	#[benchmark]
	fn transfer_custody() {
		let (device, _, _, operator) = active_device::<T>(KeyType::Ed25519);
		let to: T::AccountId = account("site-owner", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(operator), device, to.clone(), Some(H256::repeat_byte(0x51)));

		assert_eq!(Devices::<T>::get(device).unwrap().custodian, to);
	}

	#[benchmark]
	fn record_inspection() {
		let (device, _, _, operator) = active_device::<T>(KeyType::Ed25519);

		#[extrinsic_call]
		_(RawOrigin::Signed(operator), device, H256::repeat_byte(0x1f), InspectionResult::Pass);

		let record = Devices::<T>::get(device).unwrap();
		assert_eq!(record.history - record.history_start, T::MaxHistory::get());
	}

	#[benchmark]
	fn rotate_key_sr25519() {
		let (device, new, rotation, possession) = rotate_with::<T>(KeyType::Sr25519);
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		rotate_key(RawOrigin::Signed(caller), device, new, rotation, possession);

		assert!(DeviceKeys::<T>::contains_key(device, 1));
	}

	#[benchmark]
	fn rotate_key_ed25519() {
		let (device, new, rotation, possession) = rotate_with::<T>(KeyType::Ed25519);
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		rotate_key(RawOrigin::Signed(caller), device, new, rotation, possession);

		assert!(DeviceKeys::<T>::contains_key(device, 1));
	}

	#[benchmark]
	fn rotate_key_ecdsa() {
		let (device, new, rotation, possession) = rotate_with::<T>(KeyType::Ecdsa);
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		rotate_key(RawOrigin::Signed(caller), device, new, rotation, possession);

		assert!(DeviceKeys::<T>::contains_key(device, 1));
	}

	#[benchmark]
	fn rotate_key_p256() {
		let (device, new, rotation, possession) = rotate_with::<T>(KeyType::P256);
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		rotate_key(RawOrigin::Signed(caller), device, new, rotation, possession);

		assert!(DeviceKeys::<T>::contains_key(device, 1));
	}

	#[benchmark]
	fn revoke_key() {
		let (device, _, maker, _) = active_device::<T>(KeyType::Ed25519);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(maker),
			device,
			RevocationReason::KeyCompromise,
			None,
			Some(frame_system::Pallet::<T>::block_number()),
		);

		assert_eq!(Devices::<T>::get(device).unwrap().current_key, None);
	}

	#[benchmark]
	fn issue_credential() {
		let (device, _, _, operator) = active_device::<T>(KeyType::Ed25519);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(operator),
			Subject::Device(device),
			H256::repeat_byte(0x4b),
			H256::repeat_byte(0x01),
			Some(1_000u32.into()),
		);

		assert!(Credentials::<T>::contains_key(0));
	}

	#[benchmark]
	fn revoke_credential() {
		let operator = operator::<T>();
		let subject = Subject::Subscriber(H256::repeat_byte(0x5d));
		Pallet::<T>::do_issue_credential(
			operator.clone(),
			subject,
			H256::zero(),
			H256::zero(),
			None,
		)
		.unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(operator), 0);

		assert!(Credentials::<T>::get(0).unwrap().revoked_at.is_some());
	}

	#[benchmark]
	fn remove_credential() {
		let operator = operator::<T>();
		let subject = Subject::Subscriber(H256::repeat_byte(0x5d));
		Pallet::<T>::do_issue_credential(
			operator.clone(),
			subject,
			H256::zero(),
			H256::zero(),
			None,
		)
		.unwrap();
		Pallet::<T>::do_revoke_credential(operator.clone(), 0).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(operator), 0);

		assert!(!Credentials::<T>::contains_key(0));
	}

	/// The report that meets `ReportsToList`: it lists an active device whose suspension list
	/// and history are full, suspending it.
	#[benchmark]
	fn report_device() {
		let (device, _) = crowded_device::<T>();
		let last = T::ReportsToList::get() - 1;
		for i in 0..last {
			Pallet::<T>::do_report_device(reporter::<T>(i), device, BlockReason::Stolen).unwrap();
		}
		let caller = reporter::<T>(last);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), device, BlockReason::Fraud);

		assert!(Pallet::<T>::is_block_listed(&device));
		assert_eq!(Devices::<T>::get(device).unwrap().status, DeviceStatus::Suspended);
	}

	/// The withdrawal of the last report of a listed device: it clears the listing and resumes
	/// the device (closing its suspension, dropping an inspection from its full history).
	#[benchmark]
	fn withdraw_report() {
		let (device, caller) = listed_by_one_report::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), device);

		assert!(!BlockListings::<T>::contains_key(device));
		assert_eq!(Devices::<T>::get(device).unwrap().status, DeviceStatus::Active);
	}

	/// A regulator lists an active device with `ReportsToList - 1` pending reports, full
	/// suspension list and history.
	#[benchmark]
	fn list_device() {
		let (device, _) = crowded_device::<T>();
		for i in 0..T::ReportsToList::get() - 1 {
			Pallet::<T>::do_report_device(reporter::<T>(i), device, BlockReason::Stolen).unwrap();
		}
		let regulator = regulator::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(regulator), device, BlockReason::Counterfeit);

		assert!(Pallet::<T>::is_block_listed(&device));
	}

	/// A regulator rejects the last report of a listed device as false: the deposit goes to
	/// `ForfeitTo` and the listing is cleared, resuming the device.
	#[benchmark]
	fn reject_report() {
		let (device, reporter) = listed_by_one_report::<T>();
		let regulator = regulator::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(regulator), device, reporter.clone());

		assert!(!BlockReports::<T>::contains_key(device, &reporter));
		assert_eq!(Devices::<T>::get(device).unwrap().status, DeviceStatus::Active);
	}

	/// A regulator clears a full entry: its own listing and `MaxReportsPerDevice` reports, each
	/// by a different operator whose deposit returns; the device resumes.
	#[benchmark]
	fn clear_listing() {
		let (device, maker) = crowded_device::<T>();
		for i in 0..T::MaxReportsPerDevice::get() {
			Pallet::<T>::do_report_device(reporter::<T>(i), device, BlockReason::Stolen).unwrap();
		}
		let regulator = regulator::<T>();
		Pallet::<T>::do_list_device(regulator.clone(), device, BlockReason::Stolen).unwrap();
		fill_history::<T>(device, &maker);

		#[extrinsic_call]
		_(RawOrigin::Signed(regulator), device);

		assert!(!BlockListings::<T>::contains_key(device));
		assert_eq!(BlockReports::<T>::iter_prefix(device).count(), 0);
		assert_eq!(Devices::<T>::get(device).unwrap().status, DeviceStatus::Active);
	}

	/// A batch of 100,000 devices: one record whatever the size.
	#[benchmark]
	fn register_factory_batch() {
		let (maker, _) = manufacturer::<T>(KeyType::P256);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(maker),
			H256::repeat_byte(0xAB),
			MAX_BATCH_DEVICES,
			0,
			label(MAX_LABEL_LEN),
			label(MAX_LABEL_LEN),
			label(MAX_LABEL_LEN),
		);

		assert_eq!(FactoryBatches::<T>::get(0).unwrap().devices, MAX_BATCH_DEVICES);
	}

	/// A P-256 device enrolls from a batch of 100,000 with a proof of 17 hashes (leaf 0 has a
	/// sibling at every level).
	#[benchmark]
	fn enroll_from_batch() {
		let (maker, _) = manufacturer::<T>(KeyType::P256);
		let device = H256::repeat_byte(0xD1);
		let key = BenchKey::new(KeyType::P256, "device");
		let path: alloc::vec::Vec<H256> =
			(0..MAX_PROOF_DEPTH).map(|i| H256::repeat_byte(i as u8)).collect();
		let root = root_from_proof(leaf_hash(&device, &key.public()), 0, MAX_BATCH_DEVICES, &path)
			.unwrap();
		Pallet::<T>::do_register_factory_batch(
			maker,
			root,
			MAX_BATCH_DEVICES,
			0,
			(label(MAX_LABEL_LEN), label(MAX_LABEL_LEN), label(MAX_LABEL_LEN)),
		)
		.unwrap();
		let possession = key.sign(&Pallet::<T>::possession_payload(&device, 0));
		let proof = BatchProof::try_from(path).unwrap();
		let caller = funded::<T>("caller", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), 0, 0, device, key.public(), possession, proof);

		assert!(Devices::<T>::contains_key(device));
		assert_eq!(FactoryBatches::<T>::get(0).unwrap().enrolled, 1);
	}

	#[benchmark]
	fn close_factory_batch() {
		let (maker, _) = manufacturer::<T>(KeyType::P256);
		Pallet::<T>::do_register_factory_batch(
			maker.clone(),
			H256::repeat_byte(0xAB),
			MAX_BATCH_DEVICES,
			0,
			(label(MAX_LABEL_LEN), label(MAX_LABEL_LEN), label(MAX_LABEL_LEN)),
		)
		.unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(maker), 0);

		assert!(!FactoryBatches::<T>::contains_key(0));
	}

	/// A P-256 (SIM) key's consent with the longest codes, to an operator.
	#[benchmark]
	fn record_consent() {
		let (key, terms) = consent_terms::<T>();
		let signature = key.sign(&Pallet::<T>::consent_payload(&terms));
		let payer = funded::<T>("payer", 0);
		let id = Pallet::<T>::consent_id(&terms);

		#[extrinsic_call]
		_(RawOrigin::Signed(payer), key.public(), terms, signature);

		assert!(Consents::<T>::contains_key(id));
	}

	#[benchmark]
	fn revoke_consent() {
		let (key, terms) = consent_terms::<T>();
		let id = recorded_consent::<T>(&key, terms);
		let signature = key.sign(&Pallet::<T>::consent_revocation_payload(&id));
		let caller = funded::<T>("caller", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id, signature);

		assert!(Consents::<T>::get(id).unwrap().revoked_at.is_some());
	}

	/// The subscriber key's last receipt: its record goes too.
	#[benchmark]
	fn purge_consent() {
		let (key, terms) = consent_terms::<T>();
		let expires_at = terms.expires_at;
		let id = recorded_consent::<T>(&key, terms);
		frame_system::Pallet::<T>::set_block_number(expires_at + T::ConsentGrace::get());
		let caller = funded::<T>("caller", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id);

		assert!(!Consents::<T>::contains_key(id));
		assert!(!SubscriberKeys::<T>::contains_key(subscriber_key_id(&key.public())));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
