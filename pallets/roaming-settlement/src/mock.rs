//! Test runtime: system, balances and roaming settlement. Operators 1 to 4 (1 runs `DEUD1`,
//! 2 runs `FRAF1` and `FRAF2`), the arbiter 98 and the rate publisher 99. The clock is a test
//! value and obligations are recorded instead of cleared.

#![allow(clippy::arithmetic_side_effects)]

use crate as pallet_roaming_settlement;
use crate::types::*;
use core::time::Duration;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, SortedMembers, UnixTime},
};
use sp_runtime::{BuildStorage, DispatchError};
use telecom_primitives::{
	CurrencyCode, DocumentHash, MembersOf, Obligation, ObligationId, ObligationSink,
	SettlementPeriod, TadigCode,
};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Roaming: pallet_roaming_settlement,
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

/// 2026-11-15T00:00:00Z: the clock at the start of every test.
pub const NOV_2026: u64 = 1_794_700_800_000;
/// 2026-12-15T00:00:00Z.
pub const DEC_2026: u64 = 1_797_292_800_000;

parameter_types! {
	pub static OperatorSet: Vec<u64> = vec![1, 2, 3, 4];
	pub static NowMillis: u64 = NOV_2026;
	pub static Cleared: Vec<Obligation<u64>> = vec![];
	pub static RefuseObligations: bool = false;
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

/// A clock the tests set.
pub struct TestClock;
impl UnixTime for TestClock {
	fn now() -> Duration {
		Duration::from_millis(NowMillis::get())
	}
}

/// Records obligations, as clearing would accept them (or refuses them all on request).
pub struct RecordObligations;
impl ObligationSink<u64> for RecordObligations {
	fn submit(obligation: Obligation<u64>) -> Result<ObligationId, DispatchError> {
		if RefuseObligations::get() {
			return Err(DispatchError::Other("clearing refuses"));
		}
		obligation.check_form()?;
		let id = Cleared::get().len() as ObligationId;
		Cleared::mutate(|list| list.push(obligation));
		Ok(id)
	}
}

/// The arbiter (stands in for a council majority).
pub const ARBITER: u64 = 98;
/// The exchange-rate publisher.
pub const RATE_SETTER: u64 = 99;

/// Arbiter set.
pub struct Arbiters;
impl SortedMembers<u64> for Arbiters {
	fn sorted_members() -> Vec<u64> {
		vec![ARBITER]
	}
}

/// Rate publisher set.
pub struct RateSetters;
impl SortedMembers<u64> for RateSetters {
	fn sorted_members() -> Vec<u64> {
		vec![RATE_SETTER]
	}
}

/// Agreement deposit.
pub const AGREEMENT_DEPOSIT: u64 = 100;
/// Batch deposit.
pub const BATCH_DEPOSIT: u64 = 5;
pub const DISCOUNT_DEPOSIT: u64 = 40;
/// Shortest dispute window.
pub const MIN_WINDOW: u32 = 5;
/// Shortest time to answer a discount note's posting, in blocks (above the mock agreement's
/// 10-block dispute window).
pub const NOTE_WINDOW: u32 = 20;
/// Longest dispute window.
pub const MAX_WINDOW: u32 = 100;

/// Moves the benchmark clock.
#[cfg(feature = "runtime-benchmarks")]
pub struct SetClock;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper for SetClock {
	fn set_unix_time(millis: u64) {
		NowMillis::set(millis);
	}
}

impl pallet_roaming_settlement::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Operators = MembersOf<TestOperators>;
	type Time = TestClock;
	type Obligations = RecordObligations;
	type ArbiterOrigin = frame_system::EnsureSignedBy<Arbiters, u64>;
	type RateOrigin = frame_system::EnsureSignedBy<RateSetters, u64>;
	type AgreementDeposit = ConstU64<AGREEMENT_DEPOSIT>;
	type BatchDeposit = ConstU64<BATCH_DEPOSIT>;
	type DiscountDeposit = ConstU64<DISCOUNT_DEPOSIT>;
	type MinNoteWindow = ConstU32<NOTE_WINDOW>;
	type MinDisputeWindow = ConstU32<MIN_WINDOW>;
	type MaxDisputeWindow = ConstU32<MAX_WINDOW>;
	type MaxAgreementPeriods = ConstU32<24>;
	type MaxTadigsPerOperator = ConstU32<2>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = SetClock;
}

/// Initial balance of every account.
pub const ENDOWMENT: u64 = 1_000;

/// A TADIG code from text.
pub fn tadig(code: &str) -> TadigCode {
	TadigCode::try_from(code).unwrap()
}

/// A period.
pub fn period(year: u16, month: u8) -> SettlementPeriod {
	SettlementPeriod::new(year, month).unwrap()
}

/// `DEUD1`, operator 1's network.
pub fn deu() -> TadigCode {
	tadig("DEUD1")
}

/// `FRAF1`, operator 2's network.
pub fn fra() -> TadigCode {
	tadig("FRAF1")
}

/// Builds the test externalities: funded accounts 1 to 6 and the two origins, the networks of
/// operators 1 and 2 registered, at block 1 on 15 November 2026.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=6).chain([ARBITER, RATE_SETTER]).map(|who| (who, ENDOWMENT)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_roaming_settlement::GenesisConfig::<Test> {
		tadigs: vec![(1, deu()), (2, fra()), (2, tadig("FRAF2"))],
		agreements: vec![],
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		NowMillis::set(NOV_2026);
		Cleared::set(vec![]);
		RefuseObligations::set(false);
	});
	ext
}

/// Runs `test`, then checks the pallet's invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Roaming::do_try_state().expect("invariants hold after the test");
	});
}

/// Moves to block `n`, checking the invariants on the way.
pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		System::set_block_number(System::block_number() + 1);
		Roaming::do_try_state().expect("invariants hold in every block");
	}
}

/// The reference tariff: every MOC class 0.05 XDR/min per second, MTC 0.01 XDR/min in 30 s
/// increments, SMS MO 0.02 XDR, data 0.0125 XDR/MB in 10 KB increments; SMS MT, VoLTE and
/// video free (as a tariff migrated from storage version 2 reads).
pub fn tariff() -> Tariff {
	Tariff {
		moc_local: Rate::per_unit(5_000, 1),
		moc_home: Rate::per_unit(5_000, 1),
		moc_international: Rate::per_unit(5_000, 1),
		mtc: Rate::per_unit(1_000, 30),
		sms_mo: Rate::per_unit(2_000, 1),
		data: Rate::per_unit(1_250, 10),
		..Default::default()
	}
}

/// A claim may exceed its re-rating by 1 % or 5 cents, whichever is more.
pub fn tolerance() -> Tolerance {
	Tolerance { basis_points: 100, minimum: 5 }
}

/// The terms of one network: the test tariff, no discount, the general tolerance only.
pub fn network_terms() -> NetworkTerms {
	NetworkTerms {
		tariff: tariff(),
		discount: None,
		tolerance: tolerance(),
		service_tolerances: Default::default(),
	}
}

/// Terms valid November 2026 to October 2027 in XDR with a ten-block dispute window.
pub fn terms() -> AgreementTerms {
	AgreementTerms {
		valid_from: period(2026, 11),
		valid_to: period(2027, 10),
		currency: CurrencyCode::XDR,
		network_a: network_terms(),
		network_b: network_terms(),
		dispute_window: 10,
		notice_periods: 3,
		tax_included: false,
		document: DocumentHash::repeat_byte(0xC0),
		invoice: None,
	}
}

/// Usage of `minutes` local MOC minutes (one call per minute), nothing else.
pub fn voice_minutes(minutes: u64) -> UsageTotals {
	UsageTotals {
		moc_local: VoiceUsage { calls: minutes as u32, seconds: minutes * 60 },
		..Default::default()
	}
}

/// A report in XDR for November 2026 whose claim matches its usage.
pub fn report(sequence: FileSequence, minutes: u64) -> UsageReport {
	UsageReport {
		sequence,
		period: period(2026, 11),
		records: minutes as u32,
		usage: voice_minutes(minutes),
		claimed: u128::from(minutes) * 5,
		currency: CurrencyCode::XDR,
		file: DocumentHash::from(sp_io::hashing::blake2_256(&codec::Encode::encode(&(
			sequence, minutes,
		)))),
		test_file: false,
	}
}
