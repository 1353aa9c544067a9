//! Test runtime: system, balances and the spectrum market. Operators 1 to 5, the regulator 99.
//! Band blocks of 10 MHz, 10 blocks an hour, heartbeats every 5 blocks; obligations recorded.

#![allow(clippy::arithmetic_side_effects)]

use crate as pallet_spectrum_market;
use crate::types::*;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU16, ConstU32, ConstU64, Hooks, SortedMembers},
	BoundedVec,
};
use sp_core::{Pair, H256};
use sp_runtime::{BuildStorage, DispatchError};
use telecom_primitives::{
	DeviceCheckError, DeviceId, DeviceKey, DeviceSignature, DeviceVerifier, MembersOf, Obligation,
	ObligationId, ObligationSink,
};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Spectrum: pallet_spectrum_market,
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
	pub static OperatorSet: Vec<u64> = vec![1, 2, 3, 4, 5];
	pub static Cleared: Vec<Obligation<u64>> = vec![];
	/// The device registry: (device, custodian, key, active).
	pub static Radios: Vec<(DeviceId, u64, DeviceKey, bool)> = vec![];
}

/// A device registry stand-in that checks real signatures of the registered keys.
pub struct TestDevices;
impl DeviceVerifier<u64> for TestDevices {
	fn verify(
		device: &DeviceId,
		payload: &[u8],
		signature: &DeviceSignature,
	) -> Result<(), DeviceCheckError> {
		let (_, _, key, active) = Radios::get()
			.into_iter()
			.find(|(id, ..)| id == device)
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
		Radios::get().into_iter().find(|(id, ..)| id == device).map(|(_, who, ..)| who)
	}

	fn is_active(device: &DeviceId) -> bool {
		Radios::get().iter().any(|(id, _, _, active)| id == device && *active)
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64> for TestDevices {
	fn register_radio(index: u32, custodian: &u64, key: DeviceKey) -> DeviceId {
		let device = H256::from_low_u64_be(0xBE00_0000 + u64::from(index));
		Radios::mutate(|all| {
			all.retain(|(id, ..)| *id != device);
			all.push((device, *custodian, key, true));
		});
		device
	}
}

/// The ed25519 key pair of test radio `n`.
pub fn radio_pair(n: u64) -> sp_core::ed25519::Pair {
	let mut seed = [7u8; 32];
	seed[..8].copy_from_slice(&n.to_le_bytes());
	sp_core::ed25519::Pair::from_seed(&seed)
}

/// The device id of test radio `n`.
pub fn radio_id(n: u64) -> DeviceId {
	H256::from_low_u64_be(0x5AD1_0000_0000 + n)
}

/// Registers test radio `n` (its ed25519 key), active, in `custodian`'s custody.
pub fn register_radio(n: u64, custodian: u64) -> DeviceId {
	let device = radio_id(n);
	let key = DeviceKey::Ed25519(radio_pair(n).public().0);
	Radios::mutate(|all| {
		all.retain(|(id, ..)| *id != device);
		all.push((device, custodian, key, true));
	});
	device
}

/// Sets whether a registered radio is active (suspending or revoking it in the registry).
pub fn set_radio_active(device: DeviceId, active: bool) {
	Radios::mutate(|all| all.iter_mut().filter(|r| r.0 == device).for_each(|r| r.3 = active));
}

/// Moves a registered radio into `custodian`'s custody.
pub fn set_radio_custodian(device: DeviceId, custodian: u64) {
	Radios::mutate(|all| all.iter_mut().filter(|r| r.0 == device).for_each(|r| r.1 = custodian));
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

/// The regulator.
pub const REGULATOR: u64 = 99;

/// Records obligations as clearing would accept them.
pub struct RecordObligations;
impl ObligationSink<u64> for RecordObligations {
	fn submit(obligation: Obligation<u64>) -> Result<ObligationId, DispatchError> {
		obligation.check_form()?;
		let id = Cleared::get().len() as ObligationId;
		Cleared::mutate(|list| list.push(obligation));
		Ok(id)
	}
}

/// 10 MHz band blocks.
pub const BAND_BLOCK: u64 = 10_000_000;
/// Heartbeat interval.
pub const HEARTBEAT: u64 = 5;
/// Deposits.
pub const OFFER_DEPOSIT: u64 = 10;
/// Grant deposit.
pub const GRANT_DEPOSIT: u64 = 4;
/// Bid bond.
pub const BID_BOND: u64 = 25;
/// Report deposit.
pub const REPORT_DEPOSIT: u64 = 30;
/// Live grants per slot.
pub const SLOT_CAP: u32 = 4;

impl pallet_spectrum_market::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Operators = MembersOf<TestOperators>;
	type RegulatorOrigin = crate::EnsureRegulator<Test>;
	type GovernanceOrigin = frame_system::EnsureRoot<u64>;
	type MaxRegulators = ConstU32<3>;
	type Obligations = RecordObligations;
	type BandBlockHz = ConstU64<BAND_BLOCK>;
	type BlocksPerHour = ConstU32<10>;
	type HeartbeatInterval = ConstU64<HEARTBEAT>;
	type OfferDeposit = ConstU64<OFFER_DEPOSIT>;
	type GrantDeposit = ConstU64<GRANT_DEPOSIT>;
	type BidBond = ConstU64<BID_BOND>;
	type ReportDeposit = ConstU64<REPORT_DEPOSIT>;
	type MaxCells = ConstU32<8>;
	type MaxBandBlocks = ConstU32<12>;
	type MaxGrantsPerSlot = ConstU32<SLOT_CAP>;
	type MaxActivitiesPerSlot = ConstU32<2>;
	type MaxOpenOffers = ConstU32<4>;
	type MaxPreemptions = ConstU32<4>;
	type MaxHeartbeatBatch = ConstU32<8>;
	type MaxDuePerBlock = ConstU32<16>;
	type SweepSlotsPerBlock = ConstU32<4>;
	type MaxSweeps = ConstU32<4>;
	type MaxGrantHistory = ConstU32<6>;
	type Devices = TestDevices;
	type MaxGrantsPerRadio = ConstU32<MAX_GRANTS_PER_RADIO>;
	type MaxAntennaHeight = ConstU16<MAX_ANTENNA_HEIGHT>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = TestDevices;
}

/// Live grants one radio may serve.
pub const MAX_GRANTS_PER_RADIO: u32 = 3;
/// Highest antenna, metres.
pub const MAX_ANTENNA_HEIGHT: u16 = 100;

/// Initial balance of every account.
pub const ENDOWMENT: u64 = 1_000;

/// Builds the test externalities at block 1, accounts 1 to 6 and the regulator funded.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=6).chain([REGULATOR]).map(|who| (who, ENDOWMENT)).collect(),
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
		Radios::set(vec![]);
		crate::Regulators::<Test>::put(BoundedVec::truncate_from(vec![REGULATOR]));
	});
	ext
}

/// Runs `test`, then checks the pallet's invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Spectrum::do_try_state().expect("invariants hold after the test");
	});
}

/// Moves to block `n`, running the hook and checking the invariants in every block.
pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Spectrum::on_initialize(next);
		Spectrum::do_try_state().expect("invariants hold in every block");
	}
}

/// A range in MHz.
pub fn mhz(low: u64, high: u64) -> FrequencyRange {
	FrequencyRange { low: low * 1_000_000, high: high * 1_000_000 }
}

/// A cell set.
pub fn cells(ids: &[u64]) -> BoundedVec<CellId, ConstU32<8>> {
	ids.to_vec().try_into().unwrap()
}

/// A window.
pub fn window(start: u64, end: u64) -> Window<u64> {
	Window { start, end }
}
