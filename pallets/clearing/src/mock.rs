//! Test runtime: system, balances, assets and clearing, with operators 1, 2 and 3.

#![allow(clippy::arithmetic_side_effects)]

use crate as pallet_clearing;
use frame_support::{
	derive_impl, parameter_types,
	traits::{AsEnsureOriginWithArg, ConstU32, ConstU64, Hooks, SortedMembers},
	weights::Weight,
};
use frame_system::{EnsureRoot, EnsureSigned};
use sp_runtime::BuildStorage;
use telecom_primitives::{CurrencyCode, MembersOf};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Assets: pallet_assets,
		Clearing: pallet_clearing,
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

#[derive_impl(pallet_assets::config_preludes::TestDefaultConfig)]
impl pallet_assets::Config for Test {
	type Balance = u128;
	type Currency = Balances;
	type CreateOrigin = AsEnsureOriginWithArg<EnsureSigned<u64>>;
	type ForceOrigin = EnsureRoot<u64>;
	type Freezer = ();
	type Holder = ();
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

/// The arbiter account (stands in for the council).
pub const ARBITER: u64 = 99;

parameter_types! {
	pub const Arbiter: u64 = ARBITER;
}

/// Most participants.
pub const MAX_PARTICIPANTS: u32 = 64;
/// Cycle length in blocks.
pub const CYCLE: u64 = 100;
/// Settlement window in blocks.
pub const WINDOW: u64 = 20;
/// Acknowledgement window in blocks.
pub const ACK: u64 = 15;
/// Duplicate retention in blocks.
pub const RETENTION: u64 = 200;
/// Blocks a closed cycle's entries are kept after its scheduled cut-off.
pub const CYCLE_RETENTION: u64 = 300;
/// Dispute window in blocks.
pub const DISPUTE: u64 = 10;
/// Deposits.
pub const BILL_DEPOSIT: u64 = 10;
pub const BATCH_DEPOSIT: u64 = 20;
pub const MANDATE_DEPOSIT: u64 = 5;
/// Exposure each unit of collateral allows.
pub const MULTIPLIER: u32 = 4;
/// Unsecured credit limit of accounts 1 to 10 in XDR and EUR at genesis.
pub const LIMIT: u128 = 1_000_000_000_000_000;

parameter_types! {
	pub const ClearingPalletId: frame_support::PalletId = frame_support::PalletId(*b"tc/clrng");
	/// Unlimited unless a test sets it to split the pipeline's work over blocks.
	pub static MaxPipelineWeight: Weight = Weight::MAX;
}

/// Settlement asset of XDR.
pub const XDR_ASSET: u32 = 1;
pub const XDR: CurrencyCode = CurrencyCode::XDR;
pub const EUR: CurrencyCode = CurrencyCode::EUR;

impl pallet_clearing::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type AssetId = u32;
	type Assets = Assets;
	type Operators = MembersOf<TestOperators>;
	type AdminOrigin = EnsureRoot<u64>;
	type ArbiterOrigin = frame_system::EnsureSignedBy<ArbiterMembers, u64>;
	type CycleLength = ConstU64<CYCLE>;
	type SettlementWindow = ConstU64<WINDOW>;
	type AcknowledgementWindow = ConstU64<ACK>;
	type DuplicateRetention = ConstU64<RETENTION>;
	type CycleRetention = ConstU64<CYCLE_RETENTION>;
	type DisputeWindow = ConstU64<DISPUTE>;
	type MaxParticipants = ConstU32<MAX_PARTICIPANTS>;
	type MaxCurrencies = ConstU32<3>;
	type MaxBatchRecords = ConstU32<1_000>;
	type MaxBatchPairs = ConstU32<16>;
	type MaxBookedIntervals = ConstU32<4>;
	type BillDeposit = ConstU64<BILL_DEPOSIT>;
	type BatchDeposit = ConstU64<BATCH_DEPOSIT>;
	type MandateDeposit = ConstU64<MANDATE_DEPOSIT>;
	type PalletId = ClearingPalletId;
	type CollateralMultiplier = ConstU32<MULTIPLIER>;
	type MaxPipelineWeight = MaxPipelineWeight;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = AssetsHelper;
}

/// The arbiter origin's member set.
pub struct ArbiterMembers;
impl SortedMembers<u64> for ArbiterMembers {
	fn sorted_members() -> Vec<u64> {
		vec![ARBITER]
	}
}

/// Benchmark set-up through `pallet-assets`.
#[cfg(feature = "runtime-benchmarks")]
pub struct AssetsHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_clearing::BenchmarkHelper<u64, u32> for AssetsHelper {
	fn create_asset(owner: &u64) -> u32 {
		use frame_support::traits::fungibles::Create;
		let id = 77;
		if !<Assets as frame_support::traits::fungibles::Inspect<u64>>::asset_exists(id) {
			let _ = <Assets as Create<u64>>::create(id, *owner, true, 1);
		}
		id
	}
	fn mint(asset: u32, who: &u64, amount: u128) {
		use frame_support::traits::fungibles::Mutate;
		let _ = <Assets as Mutate<u64>>::mint_into(asset, who, amount);
	}
}

/// Initial native balance of accounts 1 to 10 and of the arbiter.
pub const ENDOWMENT: u64 = 1_000;
/// Initial XDR settlement-asset balance of operators 1 to 3.
pub const XDR_FLOAT: u128 = 1_000_000;

/// Builds the test externalities: funded accounts, the XDR settlement asset, block 1.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=10).chain([ARBITER]).map(|who| (who, ENDOWMENT)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_assets::GenesisConfig::<Test> {
		assets: vec![(XDR_ASSET, 1, true, 1)],
		metadata: vec![],
		accounts: (1..=3).map(|who| (XDR_ASSET, who, XDR_FLOAT)).collect(),
		next_asset_id: None,
		reserves: vec![],
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_clearing::GenesisConfig::<Test> {
		participants: vec![],
		settlement_assets: vec![(XDR, XDR_ASSET)],
		currencies: vec![(XDR, 2), (EUR, 2)],
		credit_limits: (1..=10).flat_map(|who| [(who, XDR, LIMIT), (who, EUR, LIMIT)]).collect(),
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` and then checks the pallet's invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Clearing::do_try_state().expect("invariants hold after the test");
	});
}

/// Advances to block `n`, running the pallet's `on_initialize` in each block.
pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Clearing::on_initialize(next);
		Clearing::do_try_state().expect("invariants hold in every block");
	}
}
