//! Test runtime: system, balances, the device registry and 5G sharing. Operators 1 to 3, the
//! MVNO 7 (not an operator), the contractor 8. The base station is a registered ed25519 device;
//! obligations are recorded; the clock is a test value.

#![allow(clippy::arithmetic_side_effects)]

use crate as pallet_5g_sharing;
use core::time::Duration;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU16, ConstU32, ConstU64, SortedMembers, UnixTime},
};
use sp_core::{ed25519, Pair, H256};
use sp_runtime::{BuildStorage, DispatchError};
use telecom_primitives::{
	DeviceCheckError, DeviceId, DeviceKey, DeviceSignature, DeviceVerifier, MembersOf, Obligation,
	ObligationId, ObligationSink, SettlementPeriod,
};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Sharing: pallet_5g_sharing,
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

/// 2026-11-15T00:00:00Z.
pub const NOV_2026: u64 = 1_794_700_800_000;
/// 2026-12-15T00:00:00Z.
pub const DEC_2026: u64 = 1_797_292_800_000;

parameter_types! {
	pub static OperatorSet: Vec<u64> = vec![1, 2, 3];
	pub static NowMillis: u64 = NOV_2026;
	/// Registered devices: (id, key, active).
	pub static Registry: Vec<(DeviceId, DeviceKey, bool)> = vec![];
	/// Accounts clearing refuses (not clearing participants).
	pub static Outsiders: Vec<u64> = vec![];
	/// Who holds custody of every registered device.
	pub static DeviceCustodian: u64 = 1;
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

/// A device registry stand-in that checks real ed25519 signatures.
pub struct TestDevices;
impl DeviceVerifier<u64> for TestDevices {
	fn verify(
		device: &DeviceId,
		payload: &[u8],
		signature: &DeviceSignature,
	) -> Result<(), DeviceCheckError> {
		let (_, key, active) = Registry::get()
			.into_iter()
			.find(|(id, _, _)| id == device)
			.ok_or(DeviceCheckError::UnknownDevice)?;
		if !active {
			return Err(DeviceCheckError::NotActive);
		}
		if key.verify(signature, payload) {
			Ok(())
		} else {
			Err(DeviceCheckError::BadSignature)
		}
	}

	fn custodian(device: &DeviceId) -> Option<u64> {
		Registry::get().iter().any(|(id, _, _)| id == device).then_some(DeviceCustodian::get())
	}
}

/// Obligations recorded so far, kept in storage so a rolled-back transaction (the lease-time
/// clearing probe) leaves no trace, as with the real clearing pallet.
pub struct Cleared;
impl Cleared {
	const KEY: &'static [u8] = b":test:cleared";
	/// The obligations.
	pub fn get() -> Vec<Obligation<u64>> {
		frame_support::storage::unhashed::get(Self::KEY).unwrap_or_default()
	}
	/// Replaces them.
	pub fn set(list: Vec<Obligation<u64>>) {
		frame_support::storage::unhashed::put(Self::KEY, &list);
	}
	/// Changes them.
	pub fn mutate(f: impl FnOnce(&mut Vec<Obligation<u64>>)) {
		let mut list = Self::get();
		f(&mut list);
		Self::set(list);
	}
}

/// Records obligations as clearing would accept them.
pub struct RecordObligations;
impl ObligationSink<u64> for RecordObligations {
	fn submit(obligation: Obligation<u64>) -> Result<ObligationId, DispatchError> {
		obligation.check_form()?;
		if Outsiders::get().iter().any(|o| *o == obligation.payer || *o == obligation.payee) {
			return Err(DispatchError::Other("not a clearing participant"));
		}
		let id = Cleared::get().len() as ObligationId;
		Cleared::mutate(|list| list.push(obligation));
		Ok(id)
	}
}

/// A clock the tests set.
pub struct TestClock;
impl UnixTime for TestClock {
	fn now() -> Duration {
		Duration::from_millis(NowMillis::get())
	}
}

/// Grace for late reports after a period: three days.
pub const GRACE: u64 = 3 * 86_400_000;

/// Project deposit.
pub const PROJECT_DEPOSIT: u64 = 50;
/// Lease deposit.
pub const LEASE_DEPOSIT: u64 = 5;
/// Deposit per proposed change.
pub const PROPOSAL_DEPOSIT: u64 = 7;
/// Owners holding more than half the shares approve a change.
pub const APPROVAL_THRESHOLD: u16 = 5_001;
/// Co-owners object within an hour of a proposal.
pub const DISPUTE_WINDOW: u64 = 3_600_000;
/// A proposal lives 40 days (past its month's settlement).
pub const PROPOSAL_LIFETIME: u64 = 40 * 86_400_000;

impl pallet_5g_sharing::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Operators = MembersOf<TestOperators>;
	type Devices = TestDevices;
	type Obligations = RecordObligations;
	type Time = TestClock;
	type SettlementGrace = ConstU64<GRACE>;
	type ProjectDeposit = ConstU64<PROJECT_DEPOSIT>;
	type LeaseDeposit = ConstU64<LEASE_DEPOSIT>;
	type MaxParticipants = ConstU32<3>;
	type MaxLeasesPerSite = ConstU32<3>;
	type MaxSamplesPerPeriod = ConstU32<4>;
	type MaxLeasePeriods = ConstU32<12>;
	type ArbiterOrigin = frame_system::EnsureRoot<u64>;
	type ApprovalThreshold = ConstU16<APPROVAL_THRESHOLD>;
	type DisputeWindow = ConstU64<DISPUTE_WINDOW>;
	type ProposalLifetime = ConstU64<PROPOSAL_LIFETIME>;
	type ProposalDeposit = ConstU64<PROPOSAL_DEPOSIT>;
	type MaxProposals = ConstU32<3>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchHelper;
}

/// Registers benchmark devices in the stand-in registry and moves the clock.
#[cfg(feature = "runtime-benchmarks")]
pub struct BenchHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper for BenchHelper {
	fn register_device(key: [u8; 32]) -> DeviceId {
		let id = H256::repeat_byte(0xBE);
		Registry::mutate(|r| r.push((id, DeviceKey::Ed25519(key), true)));
		id
	}
	fn register_device_key(key: DeviceKey) -> DeviceId {
		let id = H256::repeat_byte(0xBF);
		Registry::mutate(|r| r.push((id, key, true)));
		id
	}
	fn set_unix_time(millis: u64) {
		NowMillis::set(millis);
	}
}

/// The MVNO.
pub const MVNO: u64 = 7;
/// The contractor.
pub const CONTRACTOR: u64 = 8;

/// The base station's key.
pub fn station() -> ed25519::Pair {
	ed25519::Pair::from_seed(&[0x5b; 32])
}

/// The base station's device id.
pub fn station_id() -> DeviceId {
	H256::repeat_byte(0xB5)
}

/// November 2026.
pub fn nov() -> SettlementPeriod {
	SettlementPeriod::new(2026, 11).unwrap()
}

/// Builds the test externalities at block 1 with the base station registered and active.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [1, 2, 3, MVNO, CONTRACTOR].into_iter().map(|who| (who, 1_000)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	// The benchmarks sign with keystore keys, as the node's `benchmark pallet` command allows.
	ext.register_extension(sp_keystore::KeystoreExt::new(
		sp_keystore::testing::MemoryKeystore::new(),
	));
	ext.execute_with(|| {
		System::set_block_number(1);
		Cleared::set(vec![]);
		Outsiders::set(vec![]);
		DeviceCustodian::set(1);
		NowMillis::set(NOV_2026);
		Registry::set(vec![(station_id(), DeviceKey::Ed25519(station().public().0), true)]);
	});
	ext
}

/// Runs `test`, then checks the pallet's invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Sharing::do_try_state().expect("invariants hold after the test");
	});
}
