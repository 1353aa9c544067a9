//! Test runtime: system, balances and tender; operators 1 to 5, experts 20 to 24 (registered
//! by `with_experts`), the reviewer 99 and the treasury 100.

#![allow(clippy::arithmetic_side_effects)]

use crate as pallet_tender;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, SortedMembers},
};
use sp_runtime::{BuildStorage, DispatchResult};
use telecom_primitives::{ContractAward, MembersOf, OnContractAwarded};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Tender: pallet_tender,
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
	pub const ForfeitAccount: u64 = TREASURY;
	pub static Concluded: Vec<ContractAward<u64>> = vec![];
	/// Price carries at least 10 % of the points.
	pub const MinPriceWeight: sp_runtime::Percent = sp_runtime::Percent::from_percent(10);
	/// The review body voting on challenges: by default the buyer 1, the usual winner 3 and the
	/// reviewer 99, so that only 99 is disinterested in the standard tender.
	pub static ReviewBody: Vec<u64> = vec![1, 3, REVIEWER];
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

/// Records the contracts the pallet reports.
pub struct RecordAwards;
impl OnContractAwarded<u64> for RecordAwards {
	fn on_contract_awarded(award: &ContractAward<u64>) -> DispatchResult {
		Concluded::mutate(|list| list.push(award.clone()));
		Ok(())
	}
}

/// The review body (stands in for the council).
pub const REVIEWER: u64 = 99;
/// The treasury account.
pub const TREASURY: u64 = 100;

/// The review body in tests.
pub struct TestReviewBody;
impl SortedMembers<u64> for TestReviewBody {
	fn sorted_members() -> Vec<u64> {
		let mut members = ReviewBody::get();
		members.sort();
		members
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn add(who: &u64) {
		ReviewBody::mutate(|set| {
			if !set.contains(who) {
				set.push(*who);
			}
		});
	}
}

/// The review origin's member set.
pub struct Reviewers;
impl SortedMembers<u64> for Reviewers {
	fn sorted_members() -> Vec<u64> {
		vec![REVIEWER]
	}
}

/// Deposit held from the buyer.
pub const TENDER_DEPOSIT: u64 = 50;
/// Smallest bond.
pub const MIN_BOND: u64 = 10;
/// Smallest bid period.
pub const MIN_BID_PERIOD: u64 = 5;
/// Smallest bid period of an EU open procedure after a prior information notice.
pub const MIN_EU_PRIOR_NOTICE_PERIOD: u64 = 6;
/// Smallest bid period of an open procedure (China).
pub const MIN_OPEN_PERIOD: u64 = 7;
/// Smallest bid period of an EU open procedure.
pub const MIN_EU_OPEN_PERIOD: u64 = 9;
/// Blocks before the bid deadline when answers and amendments stop.
pub const ANSWER_CUTOFF: u64 = 3;
/// Smallest reveal window.
pub const MIN_REVEAL_PERIOD: u64 = 5;
/// Smallest standstill.
pub const MIN_STANDSTILL: u64 = 10;
/// Blocks after the standstill in which only the buyer concludes.
pub const CONCLUDE_PERIOD: u64 = 10;
/// Blocks a closed tender's records are kept.
pub const RETENTION_PERIOD: u64 = 100;
/// Most bids per lot.
pub const MAX_BIDS: u32 = 4;
/// Members drawn for a panel.
pub const PANEL_SIZE: u32 = 5;
/// Most experts in the registry.
pub const MAX_EXPERTS: u32 = 10;
/// Deposit held for a committed draw seed.
pub const SEED_DEPOSIT: u64 = 5;
/// Blocks after the bid deadline in which draw seeds are revealed.
pub const SEED_REVEAL_PERIOD: u64 = 1;
/// The experts registered by [`with_experts`]: accounts 20 to 24 (exactly `PANEL_SIZE`).
pub const EXPERTS: [u64; 5] = [20, 21, 22, 23, 24];

/// Registers `EXPERTS` (unaffiliated) in the registry.
pub fn with_experts() {
	for expert in EXPERTS {
		frame_support::assert_ok!(Tender::add_expert(RuntimeOrigin::root(), expert, None, None));
	}
}

impl pallet_tender::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Operators = MembersOf<TestOperators>;
	type ReviewOrigin = frame_system::EnsureSignedBy<Reviewers, u64>;
	type ReviewBody = MembersOf<TestReviewBody>;
	type MaxReviewers = ConstU32<8>;
	type ForfeitTo = ForfeitAccount;
	type OnContractAwarded = RecordAwards;
	type TenderDeposit = ConstU64<TENDER_DEPOSIT>;
	type MinBond = ConstU64<MIN_BOND>;
	type MinBidPeriod = ConstU64<MIN_BID_PERIOD>;
	type MinOpenPeriod = ConstU64<MIN_OPEN_PERIOD>;
	type MinEuOpenPeriod = ConstU64<MIN_EU_OPEN_PERIOD>;
	type MinEuOpenPriorNoticePeriod = ConstU64<MIN_EU_PRIOR_NOTICE_PERIOD>;
	type AnswerCutoff = ConstU64<ANSWER_CUTOFF>;
	type MinRevealPeriod = ConstU64<MIN_REVEAL_PERIOD>;
	type MinStandstill = ConstU64<MIN_STANDSTILL>;
	type ConcludePeriod = ConstU64<CONCLUDE_PERIOD>;
	type RetentionPeriod = ConstU64<RETENTION_PERIOD>;
	type MaxTitleLen = ConstU32<32>;
	type MaxLots = ConstU32<3>;
	type MaxInvited = ConstU32<4>;
	type MaxPanel = ConstU32<5>;
	type MinPanel = ConstU32<3>;
	type PanelSize = ConstU32<PANEL_SIZE>;
	type ExpertOrigin = frame_system::EnsureRoot<u64>;
	type MaxExperts = ConstU32<MAX_EXPERTS>;
	type DrawSeedDeposit = ConstU64<SEED_DEPOSIT>;
	type SeedRevealPeriod = ConstU64<SEED_REVEAL_PERIOD>;
	type MinPriceWeight = MinPriceWeight;
	type MaxBidsPerLot = ConstU32<MAX_BIDS>;
	type MaxClarifications = ConstU32<2>;
	type MaxAmendments = ConstU32<2>;
	type MaxReplacements = ConstU32<2>;
	type WeightInfo = ();
}

/// Initial balance of every account.
pub const ENDOWMENT: u64 = 1_000;

/// Builds the test externalities: funded accounts 1 to 12, the reviewer and the treasury, at
/// block 1.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=12).chain([REVIEWER, TREASURY]).map(|who| (who, ENDOWMENT)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test`, then checks the pallet's invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Tender::do_try_state().expect("invariants hold after the test");
	});
}

/// Moves to block `n`, checking the invariants on the way.
pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		System::set_block_number(System::block_number() + 1);
		Tender::do_try_state().expect("invariants hold in every block");
	}
}
