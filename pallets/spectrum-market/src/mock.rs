//! Test runtime: system, balances and the spectrum market. Operators 1 to 5, the regulator 99.
//! Band blocks of 10 MHz, 10 blocks an hour, heartbeats every 5 blocks; obligations recorded.

#![allow(clippy::arithmetic_side_effects)]

use crate as pallet_spectrum_market;
use crate::types::*;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, Hooks, SortedMembers},
	BoundedVec,
};
use sp_runtime::{BuildStorage, DispatchError};
use telecom_primitives::{MembersOf, Obligation, ObligationId, ObligationSink};

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
	type WeightInfo = ();
}

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
	ext.execute_with(|| {
		System::set_block_number(1);
		Cleared::set(vec![]);
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
