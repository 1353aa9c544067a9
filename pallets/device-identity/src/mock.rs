//! Test runtime: system, balances and the device registry. Operators 1 to 3, manufacturer
//! accounts 10 and 11 (not operators), governance 99, a regulator candidate 20. Real keys of
//! all four types sign real payloads.

#![allow(clippy::arithmetic_side_effects)]

use crate as pallet_device_identity;
use crate::types::*;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, SortedMembers},
};
use p256::ecdsa::{signature::Signer, SigningKey};
use sp_core::{ecdsa, ed25519, sr25519, Pair, H256};
use sp_runtime::BuildStorage;
use telecom_primitives::{DeviceId, DeviceKey, DeviceSignature, KeyType, MembersOf};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Devices: pallet_device_identity,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

parameter_types! {
	pub static OperatorSet: Vec<u64> = vec![1, 2, 3];
}

/// The consortium's operators in tests.
pub struct TestOperators;
impl SortedMembers<u64> for TestOperators {
	fn sorted_members() -> Vec<u64> {
		OperatorSet::get()
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn add(who: &u64) {
		OperatorSet::mutate(|set| {
			if let Err(at) = set.binary_search(who) {
				set.insert(at, *who);
			}
		});
	}
}

/// Governance (stands in for the council).
pub const GOVERNANCE: u64 = 99;
/// The test manufacturer.
pub const MAKER: u64 = 10;
/// Another manufacturer.
pub const OTHER_MAKER: u64 = 11;
/// A regulator candidate.
pub const REGULATOR: u64 = 20;

/// Governance's member set.
pub struct Governance;
impl SortedMembers<u64> for Governance {
	fn sorted_members() -> Vec<u64> {
		vec![GOVERNANCE]
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn add(_: &u64) {}
}

/// Deposit per device.
pub const DEVICE_DEPOSIT: u64 = 20;
/// Deposit per credential.
pub const CREDENTIAL_DEPOSIT: u64 = 7;
/// Deposit per inspection record.
pub const INSPECTION_DEPOSIT: u64 = 3;
/// Blocks after which an inspector reclaims its record's deposit.
pub const INSPECTION_RETENTION: u64 = 100;
/// History cap.
pub const MAX_HISTORY: u32 = 12;
/// Keys per device.
pub const MAX_KEYS: u32 = 3;
/// Deposit per block-list report.
pub const REPORT_DEPOSIT: u64 = 5;
/// Reports that list a device.
pub const REPORTS_TO_LIST: u32 = 2;
/// Most open reports per device.
pub const MAX_REPORTS: u32 = 3;
/// Deposit per factory batch.
pub const BATCH_DEPOSIT: u64 = 30;
/// Deposit per consent receipt.
pub const CONSENT_DEPOSIT: u64 = 4;
/// Consent receipts per subscriber key.
pub const MAX_CONSENTS: u32 = 3;
/// Longest consent, in blocks.
pub const MAX_CONSENT_DURATION: u64 = 1_000;
/// Grace before an expired or revoked receipt is purged.
pub const CONSENT_GRACE: u64 = 10;
/// The neutral account that receives the deposits of false reports (the treasury).
pub const TREASURY: u64 = 98;

parameter_types! {
	/// The neutral account of rejected reports' deposits.
	pub const ForfeitAccount: u64 = TREASURY;
}

impl pallet_device_identity::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Operators = MembersOf<TestOperators>;
	type GovernanceOrigin = frame_system::EnsureSignedBy<Governance, u64>;
	type DeviceDeposit = ConstU64<DEVICE_DEPOSIT>;
	type CredentialDeposit = ConstU64<CREDENTIAL_DEPOSIT>;
	type InspectionDeposit = ConstU64<INSPECTION_DEPOSIT>;
	type InspectionRetention = ConstU64<INSPECTION_RETENTION>;
	type MaxAttestationKeys = ConstU32<2>;
	type MaxKeysPerDevice = ConstU32<MAX_KEYS>;
	type MaxHistory = ConstU32<MAX_HISTORY>;
	type ReportDeposit = ConstU64<REPORT_DEPOSIT>;
	type ForfeitTo = ForfeitAccount;
	type ReportsToList = ConstU32<REPORTS_TO_LIST>;
	type MaxReportsPerDevice = ConstU32<MAX_REPORTS>;
	type FactoryBatchDeposit = ConstU64<BATCH_DEPOSIT>;
	type ConsentDeposit = ConstU64<CONSENT_DEPOSIT>;
	type MaxConsentsPerSubscriber = ConstU32<MAX_CONSENTS>;
	type MaxConsentDuration = ConstU64<MAX_CONSENT_DURATION>;
	type ConsentGrace = ConstU64<CONSENT_GRACE>;
	type WeightInfo = ();
}

/// The genesis hash the tests' chain has.
pub const GENESIS: H256 = H256::repeat_byte(0x6e);

/// A key pair of one of the four types, from a one-byte seed.
#[derive(Clone)]
#[allow(clippy::large_enum_variant)]
pub enum TestKey {
	/// sr25519.
	Sr(sr25519::Pair),
	/// ed25519.
	Ed(ed25519::Pair),
	/// secp256k1.
	Ec(ecdsa::Pair),
	/// P-256.
	P256(SigningKey),
}

impl TestKey {
	/// A key of `key_type` from `seed`.
	pub fn new(key_type: KeyType, seed: u8) -> Self {
		let seed32 = [seed; 32];
		match key_type {
			KeyType::Sr25519 => Self::Sr(sr25519::Pair::from_seed(&seed32)),
			KeyType::Ed25519 => Self::Ed(ed25519::Pair::from_seed(&seed32)),
			KeyType::Ecdsa => Self::Ec(ecdsa::Pair::from_seed(&seed32)),
			KeyType::P256 => Self::P256(SigningKey::from_slice(&seed32).unwrap()),
		}
	}

	/// The public key.
	pub fn public(&self) -> DeviceKey {
		match self {
			Self::Sr(pair) => DeviceKey::Sr25519(pair.public().0),
			Self::Ed(pair) => DeviceKey::Ed25519(pair.public().0),
			Self::Ec(pair) => DeviceKey::Ecdsa(pair.public().0),
			Self::P256(key) => DeviceKey::P256(
				key.verifying_key().to_encoded_point(true).as_bytes().try_into().unwrap(),
			),
		}
	}

	/// Signs `message`.
	pub fn sign(&self, message: &[u8]) -> DeviceSignature {
		match self {
			Self::Sr(pair) => DeviceSignature::Sr25519(pair.sign(message).0),
			Self::Ed(pair) => DeviceSignature::Ed25519(pair.sign(message).0),
			Self::Ec(pair) => DeviceSignature::Ecdsa(pair.sign(message).0),
			Self::P256(key) => {
				let signature: p256::ecdsa::Signature = key.sign(message);
				DeviceSignature::P256(signature.to_bytes().into())
			},
		}
	}
}

/// All four key types.
pub const KEY_TYPES: [KeyType; 4] =
	[KeyType::Sr25519, KeyType::Ed25519, KeyType::Ecdsa, KeyType::P256];

/// The test manufacturer's attestation key (index 0): ed25519.
pub fn maker_key() -> TestKey {
	TestKey::new(KeyType::Ed25519, 0xA0)
}

/// The test manufacturer's secret identifier key.
pub const ID_KEY: IdentifierKey = [0x1d; 32];

/// A device id from a byte.
pub fn device_id(n: u8) -> DeviceId {
	H256::repeat_byte(n)
}

/// A label.
pub fn label(text: &str) -> Label {
	text.as_bytes().to_vec().try_into().unwrap()
}

/// A registration of `device` with `key`, attested by the test manufacturer's key 0 and
/// proven by the key, on this chain.
pub fn registration(device: DeviceId, key: &TestKey) -> DeviceRegistration {
	DeviceRegistration {
		device,
		key: key.public(),
		model: label("gNB-64T64R"),
		batch: label("2026-W44"),
		firmware: label("5.2.1"),
		attestation_key: 0,
		attestation: maker_key().sign(&Devices::attestation_payload(&device, &key.public())),
		possession: key.sign(&Devices::possession_payload(&device, 0)),
	}
}

/// Initial balance of every account.
pub const ENDOWMENT: u64 = 1_000;

/// Builds the test externalities: funded accounts, the manufacturer 10 with its key, at block 1
/// of a chain whose genesis hash is [`GENESIS`].
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [1, 2, 3, 4, MAKER, OTHER_MAKER, REGULATOR, GOVERNANCE]
			.into_iter()
			.map(|who| (who, ENDOWMENT))
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_device_identity::GenesisConfig::<Test> {
		manufacturers: vec![(
			MAKER,
			b"Acme Radio".to_vec(),
			vec![maker_key().public()],
			Some(identifier_key_commitment(&ID_KEY)),
		)],
		devices: vec![],
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	// The benchmarks sign with keystore keys, as the node's `benchmark pallet` command allows.
	ext.register_extension(sp_keystore::KeystoreExt::new(
		sp_keystore::testing::MemoryKeystore::new(),
	));
	ext.execute_with(|| {
		frame_system::BlockHash::<Test>::insert(0, GENESIS);
		System::set_block_number(1);
	});
	ext
}

/// Runs `test`, then checks the pallet's invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Devices::do_try_state().expect("invariants hold after the test");
	});
}

/// Moves to block `n`.
pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		System::set_block_number(System::block_number() + 1);
	}
}
