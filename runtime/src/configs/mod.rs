//! Configuration of every pallet in the runtime.

use crate::weights::{
	block_weights::BlockExecutionWeight, extrinsic_base_weight,
	paritydb_weights::constants::ParityDbWeight,
};
use crate::{
	deposit, AccountId, AssetId, Aura, Balance, Balances, Block, BlockNumber, Council, Hash, Nonce,
	OriginCaller, PalletInfo, Runtime, RuntimeCall, RuntimeEvent, RuntimeFreezeReason,
	RuntimeHoldReason, RuntimeOrigin, RuntimeTask, System, DAYS, EXISTENTIAL_DEPOSIT, HOURS,
	SLOT_DURATION, UNIT, VERSION,
};
use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{
		AsEnsureOriginWithArg, ConstBool, ConstU128, ConstU16, ConstU32, ConstU64, ConstU8,
		EitherOfDiverse, VariantCountOf,
	},
	weights::{constants::WEIGHT_REF_TIME_PER_SECOND, IdentityFee, Weight},
};
use frame_system::{limits::BlockLength, EnsureRoot};
use pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier};
use sp_runtime::{traits::One, Perbill};
use sp_version::RuntimeVersion;
use telecom_primitives::{EnsureOperator, MembersOf};

mod governance;
pub use governance::{AbsentIsNay, CouncilRootOrigin, ReachesSudo, MIN_ROOT_AYES};
mod proxy;
pub use proxy::{ProxyDepositBase, ProxyDepositFactor, ProxyType};
pub mod equivocation;
mod validators;
pub use validators::{
	ClampedSessionPeriod, NodeDeposit, OperatorValidators, SessionKeyDeposit, SessionPeriod,
	MAX_SESSION_PERIOD, MAX_VALIDATORS, MIN_SESSION_PERIOD,
};

/// Share of a block's weight and length that ordinary (`Normal`) extrinsics may use. The tenth
/// kept back is for operational extrinsics such as council motions: 250 ms of weight, room for
/// hundreds of them even when business traffic fills every block.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(90);

/// 2.5 s of execution per six-second block. By declared (benchmarked, worst-case) weight, the
/// author's full block and another validator's import of it take at most 5 s together, which
/// leaves a second of the slot to gossip the block before the next author builds on it. Measured
/// on the reference machine, full blocks re-execute in 38-84 % of their declared weight.
const MAXIMUM_BLOCK_WEIGHT: Weight =
	Weight::from_parts(WEIGHT_REF_TIME_PER_SECOND.saturating_mul(5).saturating_div(2), u64::MAX);

/// Five MiB per block: room for large bulk bill batches while a block still crosses a 100 Mbit/s
/// link in well under a second.
const MAXIMUM_BLOCK_LENGTH: u32 = 5 * 1024 * 1024;

parameter_types! {
	/// Most grid cells of a spectrum licence, offer, grant or incumbent activity.
	pub const SpectrumMaxCells: u32 = 16;
	pub const BlockHashCount: BlockNumber = 2400;
	pub const Version: RuntimeVersion = VERSION;
	/// Block and extrinsic base costs as measured on our reference machine
	/// (`weights/block_weights.rs`, `weights::extrinsic_base_weight`); normal extrinsics get
	/// `NORMAL_DISPATCH_RATIO` of the block, operational ones all of it.
	pub RuntimeBlockWeights: frame_system::limits::BlockWeights =
		frame_system::limits::BlockWeights::builder()
			.base_block(BlockExecutionWeight::get())
			.for_class(DispatchClass::all(), |weights| {
				weights.base_extrinsic = extrinsic_base_weight();
			})
			.for_class(DispatchClass::Normal, |weights| {
				weights.max_total = Some(NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT);
			})
			.for_class(DispatchClass::Operational, |weights| {
				weights.max_total = Some(MAXIMUM_BLOCK_WEIGHT);
				weights.reserved =
					Some(MAXIMUM_BLOCK_WEIGHT.saturating_sub(NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT));
			})
			.avg_block_initialization(Perbill::from_percent(10))
			// Constant limits, validated by `tests::block_limits_are_as_documented`.
			.build_or_panic(); // panic-ok
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(MAXIMUM_BLOCK_LENGTH)
		.modify_max_length_for_class(DispatchClass::Normal, |max| {
			*max = NORMAL_DISPATCH_RATIO * *max
		})
		.build();
	/// Generic Substrate address prefix.
	pub const SS58Prefix: u8 = 42;
}

/// The most bytes of `Normal` extrinsics one block may carry. The node's block author builds blocks
/// up to this size, so a block it proposes never holds more than the runtime lets in.
pub fn normal_block_length() -> u32 {
	*RuntimeBlockLength::get().max.get(DispatchClass::Normal)
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	/// The chain runs on ParityDB: database costs are ParityDB's, measured on our reference
	/// machine (`weights/paritydb_weights.rs`).
	type DbWeight = ParityDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
	type SystemWeightInfo = crate::weights::frame_system::WeightInfo<Runtime>;
	/// Measured on our reference machine (`weights/frame_system_extensions.rs`).
	type ExtensionsWeightInfo = crate::weights::frame_system_extensions::WeightInfo<Runtime>;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = sp_consensus_aura::sr25519::AuthorityId;
	/// A validator disabled for an equivocation authors no block: its slots stay empty.
	type DisabledValidators = crate::Session;
	type MaxAuthorities = ConstU32<32>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<32>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = equivocation::MaxSetIdSessionEntries;
	/// A session's validator-trie proof (`sp_session::MembershipProof`).
	type KeyOwnerProof = equivocation::GrandpaKeyOwnerProof;
	type EquivocationReportSystem = equivocation::GrandpaEquivocationReports;
}

impl pallet_timestamp::Config for Runtime {
	/// Milliseconds since the Unix epoch.
	type Moment = u64;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = crate::weights::pallet_timestamp::WeightInfo<Runtime>;
}

impl pallet_balances::Config for Runtime {
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ConstU32<50>;
	type ReserveIdentifier = [u8; 8];
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type WeightInfo = crate::weights::pallet_balances::WeightInfo<Runtime>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type DoneSlashHandler = ();
}

parameter_types! {
	pub FeeMultiplier: Multiplier = Multiplier::one();
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, ()>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = IdentityFee<Balance>;
	type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
	/// Measured on our reference machine (`weights/pallet_transaction_payment.rs`).
	type WeightInfo = crate::weights::pallet_transaction_payment::WeightInfo<Runtime>;
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = crate::weights::pallet_sudo::WeightInfo<Runtime>;
}

impl pallet_utility::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type WeightInfo = crate::weights::pallet_utility::WeightInfo<Runtime>;
}

parameter_types! {
	/// Deposit for a multisig operation: one storage item plus its key.
	pub const MultisigDepositBase: Balance = deposit(1, 88);
	/// Additional deposit per signatory.
	pub const MultisigDepositFactor: Balance = deposit(0, 32);
}

impl pallet_multisig::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type DepositBase = MultisigDepositBase;
	type DepositFactor = MultisigDepositFactor;
	type MaxSignatories = ConstU32<32>;
	type WeightInfo = crate::weights::pallet_multisig::WeightInfo<Runtime>;
	type BlockNumberProvider = System;
}

/// The council collective.
pub type CouncilCollective = pallet_collective::Instance1;
/// The operators' membership set.
pub type OperatorsMembership = pallet_membership::Instance1;

/// Root (sudo on dev chains), or two thirds of the council.
pub type RootOrCouncilTwoThirds = EitherOfDiverse<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionAtLeast<AccountId, CouncilCollective, 2, 3>,
>;

/// Root, or a simple majority of the council.
pub type RootOrCouncilMajority = EitherOfDiverse<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionMoreThan<AccountId, CouncilCollective, 1, 2>,
>;

/// Consortium operators as the business pallets see them.
pub type ConsortiumOperators = MembersOf<crate::Operators>;

/// A signed origin whose account is a consortium operator.
pub type EnsureConsortiumOperator = EnsureOperator<ConsortiumOperators, AccountId>;

/// Upper bound on the number of operators (and so council seats).
pub const MAX_OPERATORS: u32 = 100;

parameter_types! {
	/// A council motion stays open for votes for three days.
	pub const CouncilMotionDuration: BlockNumber = 3 * DAYS;
	/// A motion may use at most half of a block's weight.
	pub MaxCouncilProposalWeight: Weight = Perbill::from_percent(50) * RuntimeBlockWeights::get().max_block;
}

impl pallet_collective::Config<CouncilCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = CouncilMotionDuration;
	type MaxProposals = ConstU32<100>;
	type MaxMembers = ConstU32<MAX_OPERATORS>;
	/// Absent members count as nays: no motion passes on silence.
	type DefaultVote = AbsentIsNay;
	type WeightInfo = crate::weights::pallet_collective::WeightInfo<Runtime>;
	/// Council seats follow the operators' membership; only root may override them.
	type SetMembersOrigin = EnsureRoot<AccountId>;
	type MaxProposalWeight = MaxCouncilProposalWeight;
	type DisapproveOrigin = RootOrCouncilTwoThirds;
	type KillOrigin = RootOrCouncilTwoThirds;
	type Consideration = ();
}

impl pallet_membership::Config<OperatorsMembership> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// Admitting an operator takes two thirds of the council.
	type AddOrigin = RootOrCouncilTwoThirds;
	/// Expelling an operator takes two thirds of the council.
	type RemoveOrigin = RootOrCouncilTwoThirds;
	type SwapOrigin = RootOrCouncilTwoThirds;
	type ResetOrigin = RootOrCouncilTwoThirds;
	type PrimeOrigin = RootOrCouncilMajority;
	/// Every operator holds a council seat.
	type MembershipInitialized = Council;
	type MembershipChanged = Council;
	type MaxMembers = ConstU32<MAX_OPERATORS>;
	type WeightInfo = crate::weights::pallet_membership::WeightInfo<Runtime>;
}

parameter_types! {
	pub const AssetDeposit: Balance = 10 * UNIT;
	pub const AssetAccountDeposit: Balance = deposit(1, 16);
	pub const AssetsStringLimit: u32 = 50;
	pub const MetadataDepositBase: Balance = deposit(1, 68);
	pub const MetadataDepositPerByte: Balance = deposit(0, 1);
	pub const ApprovalDeposit: Balance = EXISTENTIAL_DEPOSIT;
}

impl pallet_assets::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Balance = Balance;
	type RemoveItemsLimit = ConstU32<1000>;
	type AssetId = AssetId;
	type AssetIdParameter = codec::Compact<AssetId>;
	type ReserveData = ();
	type Currency = Balances;
	/// Settlement assets are created by operators (with a deposit).
	type CreateOrigin = AsEnsureOriginWithArg<EnsureConsortiumOperator>;
	type ForceOrigin = RootOrCouncilTwoThirds;
	type AssetDeposit = AssetDeposit;
	type AssetAccountDeposit = AssetAccountDeposit;
	type MetadataDepositBase = MetadataDepositBase;
	type MetadataDepositPerByte = MetadataDepositPerByte;
	type ApprovalDeposit = ApprovalDeposit;
	type StringLimit = AssetsStringLimit;
	type Freezer = ();
	type Holder = ();
	type Extra = ();
	type CallbackHandle = ();
	type AssetIdAllocator = ();
	type WeightInfo = crate::weights::pallet_assets::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

parameter_types! {
	/// A clearing cycle collects obligations for one day.
	pub const ClearingCycleLength: BlockNumber = DAYS;
	/// Instructions are due four hours after they are issued.
	pub const ClearingSettlementWindow: BlockNumber = 4 * HOURS;
	/// Payees acknowledge (or dispute receipt of) confirmed off-chain payments within twelve
	/// hours of the payment deadline.
	pub const ClearingAcknowledgementWindow: BlockNumber = 12 * HOURS;
	/// Batch content hashes and bill references are remembered for 90 days to refuse duplicates.
	pub const ClearingDuplicateRetention: BlockNumber = 90 * DAYS;
	pub const ClearingCycleRetention: BlockNumber = 90 * DAYS;
	/// Payers may dispute a bill for two days.
	pub const ClearingDisputeWindow: BlockNumber = 2 * DAYS;
	/// Deposit for a stored bill (about 200 bytes).
	pub const ClearingBillDeposit: Balance = deposit(1, 200);
	/// Deposit for a batch's audit record (about 120 bytes).
	pub const ClearingBatchDeposit: Balance = deposit(1, 120);
	/// Deposit for a mandate (about 100 bytes).
	pub const ClearingMandateDeposit: Balance = deposit(1, 100);
	/// The clearing account, which holds participants' collateral in settlement assets.
	pub const ClearingPalletId: frame_support::PalletId = frame_support::PalletId(*b"tc/clrng");
	/// The cycle pipeline takes at most a quarter of a block: a 2,000 × 16 cycle nets,
	/// instructs and defaults over several blocks and leaves room for business traffic.
	pub ClearingMaxPipelineWeight: Weight = Perbill::from_percent(25) * RuntimeBlockWeights::get().max_block;
}

impl pallet_clearing::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type AssetId = AssetId;
	type Assets = crate::Assets;
	type Operators = ConsortiumOperators;
	/// The council admits partners and maps settlement assets.
	type AdminOrigin = RootOrCouncilTwoThirds;
	/// A council majority arbitrates disputed bills.
	type ArbiterOrigin = RootOrCouncilMajority;
	type CycleLength = ClearingCycleLength;
	type SettlementWindow = ClearingSettlementWindow;
	type AcknowledgementWindow = ClearingAcknowledgementWindow;
	type DuplicateRetention = ClearingDuplicateRetention;
	type CycleRetention = ClearingCycleRetention;
	type DisputeWindow = ClearingDisputeWindow;
	type MaxParticipants = ConstU32<2_000>;
	type MaxCurrencies = ConstU32<16>;
	/// About 16 bytes a record: a full batch is some 320 KiB.
	type MaxBatchRecords = ConstU32<20_000>;
	type MaxBatchPairs = ConstU32<512>;
	/// Gaps a billing system may leave open in its record numbering (failed batches to re-send).
	type MaxBookedIntervals = ConstU32<64>;
	type BillDeposit = ClearingBillDeposit;
	type BatchDeposit = ClearingBatchDeposit;
	type MandateDeposit = ClearingMandateDeposit;
	type PalletId = ClearingPalletId;
	/// Collateral covers half of a participant's gross payables: netting settles most of them
	/// against receivables, so the net debit a default leaves unpaid is far smaller (see the
	/// clearing README).
	type CollateralMultiplier = ConstU32<2>;
	type MaxPipelineWeight = ClearingMaxPipelineWeight;
	type WeightInfo = pallet_clearing::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ClearingBenchmarkHelper;
}

/// Creates and funds settlement assets for the clearing benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct ClearingBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_clearing::BenchmarkHelper<AccountId, AssetId> for ClearingBenchmarkHelper {
	fn create_asset(owner: &AccountId) -> AssetId {
		use frame_support::traits::fungibles::{Create, Inspect};
		let id = 1_000;
		if !<crate::Assets as Inspect<AccountId>>::asset_exists(id) {
			let _ = <crate::Assets as Create<AccountId>>::create(id, owner.clone(), true, 1);
		}
		id
	}

	fn mint(asset: AssetId, who: &AccountId, amount: Balance) {
		use frame_support::traits::fungibles::Mutate;
		let _ = <crate::Assets as Mutate<AccountId>>::mint_into(asset, who, amount);
	}
}

parameter_types! {
	/// A buyer's deposit for a running tender: the notice, its history and its records.
	pub const TenderDeposit: Balance = deposit(4, 2_048);
	/// The smallest bid bond a notice may ask for.
	pub const TenderMinBond: Balance = 10 * UNIT;
	/// Price carries at least 30 % of the points of a weighted evaluation.
	pub const TenderMinPriceWeight: sp_runtime::Percent = sp_runtime::Percent::from_percent(30);
	/// Deposit for a seed committed to a panel draw (the seed's record), forfeited if the seed
	/// is never revealed.
	pub const TenderDrawSeedDeposit: Balance = deposit(1, 128);
}

// The protective minimums are storage parameters: the consortium may change them with a root
// `system.set_storage` (dev and test chains shorten them so a tender runs in minutes).
parameter_types! {
	/// Bids stay open for at least a day after publication.
	pub storage TenderMinBidPeriod: BlockNumber = DAYS;
	/// An open procedure gives bidders at least 20 days (China's Bidding Law, art. 24).
	pub storage TenderMinOpenPeriod: BlockNumber = 20 * DAYS;
	/// An EU open procedure gives bidders at least 35 days (Directive 2014/24/EU art. 27).
	pub storage TenderMinEuOpenPeriod: BlockNumber = 35 * DAYS;
	/// ... reducible to 15 days after a prior information notice (art. 27(2)).
	pub storage TenderMinEuOpenPriorNoticePeriod: BlockNumber = 15 * DAYS;
	/// Answers to clarifications and amendments stop six days before the bid deadline.
	pub storage TenderAnswerCutoff: BlockNumber = 6 * DAYS;
	/// Reveals stay open for at least six hours after the bid deadline: no block author (the
	/// buyer's included) can censor a reveal for that long.
	pub storage TenderMinRevealPeriod: BlockNumber = 6 * HOURS;
	/// Losing bidders get at least ten days to challenge an award (EU standstill for
	/// electronically notified awards).
	pub storage TenderMinStandstill: BlockNumber = 10 * DAYS;
	/// The buyer has thirty days after the standstill to conclude; then anyone may close the
	/// award, releasing every bond and forfeiting the buyer's deposit.
	pub storage TenderConcludePeriod: BlockNumber = 30 * DAYS;
	/// A closed tender's records are kept three years (Directive 2014/24/EU art. 84), then
	/// anyone may purge them, keeping the hash of their history.
	pub storage TenderRetentionPeriod: BlockNumber = 3 * 365 * DAYS;
	/// Draw seeds are revealed within three hours of the bid deadline: long enough that no
	/// block author can censor a reveal, short enough that the bid-deadline block's hash (the
	/// draw's anchor) is still within `BlockHashCount` (2,400 blocks) at the first reveal.
	pub storage TenderSeedRevealPeriod: BlockNumber = 3 * HOURS;
}

parameter_types! {
	/// Bonds forfeited by unrevealed or invalid bids go to the consortium treasury account
	/// (`py/trsry`, the account a treasury pallet would use), never to the buyer, who could
	/// otherwise profit from censoring reveals.
	pub TenderForfeitTo: AccountId =
		sp_runtime::traits::AccountIdConversion::<AccountId>::into_account_truncating(
			&frame_support::PalletId(*b"py/trsry"),
		);
}

impl pallet_tender::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Operators = ConsortiumOperators;
	/// Root or a council majority may cancel a tender after its bid deadline.
	type ReviewOrigin = RootOrCouncilMajority;
	/// Challenges are decided by a majority of the operators without an interest in the
	/// tender: its buyer, bidders and panel do not vote.
	type ReviewBody = ConsortiumOperators;
	type MaxReviewers = ConstU32<MAX_OPERATORS>;
	type ForfeitTo = TenderForfeitTo;
	/// A concluded construction tender makes its contractor the builder of the linked
	/// co-construction project.
	type OnContractAwarded = crate::FiveGSharing;
	type TenderDeposit = TenderDeposit;
	type MinBond = TenderMinBond;
	type MinBidPeriod = TenderMinBidPeriod;
	type MinOpenPeriod = TenderMinOpenPeriod;
	type MinEuOpenPeriod = TenderMinEuOpenPeriod;
	type MinEuOpenPriorNoticePeriod = TenderMinEuOpenPriorNoticePeriod;
	type AnswerCutoff = TenderAnswerCutoff;
	type MinRevealPeriod = TenderMinRevealPeriod;
	type MinStandstill = TenderMinStandstill;
	type ConcludePeriod = TenderConcludePeriod;
	type RetentionPeriod = TenderRetentionPeriod;
	type MaxTitleLen = ConstU32<128>;
	type MaxLots = ConstU32<16>;
	type MaxInvited = ConstU32<64>;
	/// Panels of five to nine members, an odd number (China's bidding rules).
	type MaxPanel = ConstU32<9>;
	type MinPanel = ConstU32<5>;
	/// Five experts are drawn for each weighted tender.
	type PanelSize = ConstU32<5>;
	/// Root or a council majority keeps the expert registry.
	type ExpertOrigin = RootOrCouncilMajority;
	type MaxExperts = ConstU32<64>;
	type DrawSeedDeposit = TenderDrawSeedDeposit;
	type SeedRevealPeriod = TenderSeedRevealPeriod;
	/// Price carries at least 30 % of a weighted evaluation's points.
	type MinPriceWeight = TenderMinPriceWeight;
	type MaxBidsPerLot = ConstU32<32>;
	type MaxClarifications = ConstU32<64>;
	type MaxAmendments = ConstU32<8>;
	type MaxReplacements = ConstU32<8>;
	type WeightInfo = pallet_tender::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// Deposit for an agreement: the agreement, and its totals and statements for up to ten
	/// years of monthly periods, plus the four sealed envelopes a confidential agreement may
	/// hold at once (two of the terms in force, two of a pending amendment, each at most
	/// `MaxSealedTermsLen` bytes and its key epoch).
	pub const RoamingAgreementDeposit: Balance =
		deposit(4, 4_096 + 4 * (pallet_roaming_settlement::MAX_SEALED_TERMS_LEN + 4));
	/// Deposit for a stored usage batch (about 200 bytes), returned when it is purged.
	pub const RoamingBatchDeposit: Balance = deposit(1, 200);
	/// Deposit for a discount agreement, returned at its final true-up: its terms (at most
	/// 8,192 B; 4,564 B today), up to 24 months of coverage and two usage counters (≤ 128 B
	/// each; 92 B) and up to 24 credit notes (≤ 2,048 B each; 1,461 B), as the pallet's
	/// `stored_discount_items_fit_the_runtime_deposit_sizing` checks.
	pub const RoamingDiscountDeposit: Balance =
		deposit(1 + 3 * 24 + 24, 8_192 + 24 * (2 * 128 + 8) + 24 * 2_048);
}

impl pallet_roaming_settlement::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Operators = ConsortiumOperators;
	type Time = crate::Timestamp;
	/// The net of a closed period is cleared with every other obligation.
	type Obligations = crate::Clearing;
	/// A council majority decides disputes the parties cannot settle.
	type ArbiterOrigin = RootOrCouncilMajority;
	/// A council majority publishes the period exchange rates.
	type RateOrigin = RootOrCouncilMajority;
	type AgreementDeposit = RoamingAgreementDeposit;
	type BatchDeposit = RoamingBatchDeposit;
	type DiscountDeposit = RoamingDiscountDeposit;
	/// A week to answer a confidential discount note's posting before silence accepts it.
	type MinNoteWindow = ConstU32<{ 7 * DAYS }>;
	/// At least a minute (dev chains), at most 60 days, GSMA's usual dispute horizon.
	type MinDisputeWindow = ConstU32<10>;
	type MaxDisputeWindow = ConstU32<{ 60 * DAYS }>;
	/// Ten years of monthly periods.
	type MaxAgreementPeriods = ConstU32<120>;
	type MaxTadigsPerOperator = ConstU32<16>;
	type WeightInfo = pallet_roaming_settlement::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = RoamingBenchmarkHelper;
}

/// Sets the timestamp for the roaming benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct RoamingBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_roaming_settlement::BenchmarkHelper for RoamingBenchmarkHelper {
	fn set_unix_time(millis: u64) {
		// Straight into storage: `set_timestamp` would tell Aura, whose slot check fails when
		// the clock jumps by a month.
		pallet_timestamp::Now::<Runtime>::put(millis);
	}
}

parameter_types! {
	/// Deposit per device: its record, up to `MaxKeysPerDevice` keys and `MaxHistory` entries.
	pub const DeviceDeposit: Balance = deposit(3, 2_048);
	/// Deposit per credential (about 200 bytes and an index entry).
	pub const CredentialDeposit: Balance = deposit(2, 240);
	/// Deposit per inspection record (one history entry, about 120 bytes), returned when the
	/// record leaves the device's bounded history.
	pub const InspectionDeposit: Balance = deposit(1, 128);
	/// Deposit per block-list report: more than its storage (about 100 bytes), since a report
	/// can suspend another operator's device; forfeited to the treasury if a regulator rejects
	/// it as false, like a spectrum interference complaint.
	pub const DeviceReportDeposit: Balance = 10 * UNIT;
	/// Deposit per factory batch: one record (root and labels, about 250 bytes), whatever the
	/// number of devices; each device's own deposit is held when it enrolls.
	pub const FactoryBatchDeposit: Balance = deposit(1, 256);
	/// Deposit per consent receipt (about 200 bytes, and the subscriber key's record).
	pub const ConsentDeposit: Balance = deposit(2, 256);
}

impl pallet_device_identity::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Operators = ConsortiumOperators;
	/// The council registers manufacturers and regulators.
	type GovernanceOrigin = RootOrCouncilMajority;
	type DeviceDeposit = DeviceDeposit;
	type CredentialDeposit = CredentialDeposit;
	type InspectionDeposit = InspectionDeposit;
	/// An inspector reclaims its record's deposit after 90 days (the record stays).
	type InspectionRetention = ConstU32<{ 90 * DAYS }>;
	type MaxAttestationKeys = ConstU32<16>;
	type MaxKeysPerDevice = ConstU32<32>;
	type MaxHistory = ConstU32<256>;
	type ReportDeposit = DeviceReportDeposit;
	/// False reports' deposits go to the consortium treasury (`py/trsry`), never to the
	/// device's custodian.
	type ForfeitTo = TenderForfeitTo;
	/// Two operators' reports list a device (GSMA practice: a regulator lists alone).
	type ReportsToList = ConstU32<2>;
	type MaxReportsPerDevice = ConstU32<16>;
	type FactoryBatchDeposit = FactoryBatchDeposit;
	type ConsentDeposit = ConsentDeposit;
	/// A SIM key keeps at most 64 receipts on chain at once.
	type MaxConsentsPerSubscriber = ConstU32<64>;
	/// A consent runs at most two years; the subscriber renews it.
	type MaxConsentDuration = ConstU32<{ 730 * DAYS }>;
	/// Expired or revoked receipts stay queryable for 30 days before anyone may purge them.
	type ConsentGrace = ConstU32<{ 30 * DAYS }>;
	type WeightInfo = pallet_device_identity::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// Deposit for an open offer (about 300 bytes).
	pub const SpectrumOfferDeposit: Balance = deposit(1, 300);
	/// Deposit for a grant: its record, history and index entries.
	pub const SpectrumGrantDeposit: Balance = deposit(4, 1_024);
	/// Bond of an auction's leading bid.
	pub const SpectrumBidBond: Balance = 10 * UNIT;
	/// Deposit for an interference complaint; forfeited to the accused lessee if rejected.
	pub const SpectrumReportDeposit: Balance = 10 * UNIT;
}

impl pallet_spectrum_market::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Operators = ConsortiumOperators;
	/// The regulator acts alone, without a vote: any one account governance appointed with
	/// `set_regulators` (root stays able to act on dev chains).
	type RegulatorOrigin =
		EitherOfDiverse<EnsureRoot<AccountId>, pallet_spectrum_market::EnsureRegulator<Runtime>>;
	/// The council appoints the regulator's accounts.
	type GovernanceOrigin = RootOrCouncilMajority;
	type MaxRegulators = ConstU32<8>;
	type Obligations = crate::Clearing;
	/// 5 MHz band blocks: the CBRS channel raster.
	type BandBlockHz = ConstU64<5_000_000>;
	type BlocksPerHour = ConstU32<HOURS>;
	/// Ten minutes: renewal is batched per lessee; radios' 60 s heartbeats stay off-chain.
	type HeartbeatInterval = ConstU32<{ HOURS / 6 }>;
	type OfferDeposit = SpectrumOfferDeposit;
	type GrantDeposit = SpectrumGrantDeposit;
	type BidBond = SpectrumBidBond;
	type ReportDeposit = SpectrumReportDeposit;
	type MaxCells = SpectrumMaxCells;
	/// 40 MHz per grant.
	type MaxBandBlocks = ConstU32<8>;
	type MaxGrantsPerSlot = ConstU32<8>;
	type MaxActivitiesPerSlot = ConstU32<4>;
	/// Open offers per licence, each checked for overlap when another is made.
	type MaxOpenOffers = ConstU32<16>;
	/// General-access grants one priority grant may pre-empt (suspend until it ends).
	type MaxPreemptions = ConstU32<16>;
	type MaxHeartbeatBatch = ConstU32<256>;
	type MaxDuePerBlock = ConstU32<64>;
	/// 128 slots (16 cells × 8 band blocks) sweep in two blocks, far inside the 50-block
	/// (300 s) CBRS suspension budget.
	type SweepSlotsPerBlock = ConstU32<64>;
	type MaxSweeps = ConstU32<16>;
	type MaxGrantHistory = ConstU32<32>;
	/// Grants name their radios, registered in device identity; radios sign heartbeats with
	/// their own device keys.
	type Devices = crate::DeviceIdentity;
	/// A radio may serve up to 16 live grants over disjoint channels or periods (the CBRS band's
	/// 150 MHz is 15 channels of 10 MHz).
	type MaxGrantsPerRadio = ConstU32<16>;
	/// Antennas up to 300 m above ground (tall towers; CBRS category B sites are far lower).
	type MaxAntennaHeight = ConstU16<300>;
	type WeightInfo = pallet_spectrum_market::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = SpectrumBenchmarkHelper;
}

/// Registers radios for the spectrum market's benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct SpectrumBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_spectrum_market::BenchmarkHelper<AccountId> for SpectrumBenchmarkHelper {
	fn register_radio(
		index: u32,
		custodian: &AccountId,
		key: telecom_primitives::DeviceKey,
	) -> telecom_primitives::DeviceId {
		let mut id = [0x5Au8; 32];
		id[..4].copy_from_slice(&index.to_le_bytes());
		let device = sp_core::H256(id);
		let maker = AccountId::from([0xAB; 32]);
		let _ = pallet_device_identity::Pallet::<Runtime>::register_device_for_benchmarks(
			maker,
			custodian.clone(),
			device,
			key,
		);
		device
	}
}

parameter_types! {
	/// Deposit for a project and its site: project, site, a few years of costs and statements.
	pub const SharingProjectDeposit: Balance = deposit(8, 4_096);
	/// Deposit for a lease and its SLA records.
	pub const SharingLeaseDeposit: Balance = deposit(2, 1_024);
	/// Most co-owners of a shared site.
	pub const SharingMaxParticipants: u32 = 8;
	/// Deposit for a proposed change of a site and its approvals.
	pub const SharingProposalDeposit: Balance = deposit(2, 1_024);
}

impl pallet_5g_sharing::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Operators = ConsortiumOperators;
	/// Base-station signatures are checked by the device registry.
	type Devices = crate::DeviceIdentity;
	type Obligations = crate::Clearing;
	type Time = crate::Timestamp;
	/// Three days after a month for late meter and SLA reports before it may be settled.
	type SettlementGrace = ConstU64<{ 3 * 24 * 60 * 60 * 1_000 }>;
	type ProjectDeposit = SharingProjectDeposit;
	type LeaseDeposit = SharingLeaseDeposit;
	type MaxParticipants = SharingMaxParticipants;
	type MaxLeasesPerSite = ConstU32<32>;
	/// Up to hourly measurements in a 31-day month.
	type MaxSamplesPerPeriod = ConstU32<744>;
	/// Five years.
	type MaxLeasePeriods = ConstU32<60>;
	/// The council's majority decides a co-owner's objection to a lead's proposed change.
	type ArbiterOrigin = RootOrCouncilMajority;
	/// Owners holding more than half the shares (the lead's own counts) approve a change.
	type ApprovalThreshold = ConstU16<5_001>;
	/// Two days for co-owners to object (the change takes effect at once if all approved).
	type DisputeWindow = ConstU64<{ 2 * 24 * 60 * 60 * 1_000 }>;
	/// A proposed change that has not taken effect within 30 days lapses.
	type ProposalLifetime = ConstU64<{ 30 * 24 * 60 * 60 * 1_000 }>;
	type ProposalDeposit = SharingProposalDeposit;
	/// Open proposals per site.
	type MaxProposals = ConstU32<8>;
	type WeightInfo = pallet_5g_sharing::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = SharingBenchmarkHelper;
}

/// Registers a signing base station and sets the clock for the 5G sharing benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct SharingBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_5g_sharing::BenchmarkHelper for SharingBenchmarkHelper {
	fn register_device(key: [u8; 32]) -> telecom_primitives::DeviceId {
		let device = sp_core::H256::repeat_byte(0xB5);
		let maker = AccountId::from([0xAB; 32]);
		let operator = AccountId::from([0xAC; 32]);
		let key = telecom_primitives::DeviceKey::Ed25519(key);
		let _ = pallet_device_identity::Pallet::<Runtime>::register_device_for_benchmarks(
			maker, operator, device, key,
		);
		device
	}

	fn register_device_key(key: telecom_primitives::DeviceKey) -> telecom_primitives::DeviceId {
		let device = sp_core::H256::repeat_byte(0xB6);
		let maker = AccountId::from([0xAB; 32]);
		let operator = AccountId::from([0xAC; 32]);
		let _ = pallet_device_identity::Pallet::<Runtime>::register_device_for_benchmarks(
			maker, operator, device, key,
		);
		device
	}

	fn set_unix_time(millis: u64) {
		pallet_timestamp::Now::<Runtime>::put(millis);
	}
}
