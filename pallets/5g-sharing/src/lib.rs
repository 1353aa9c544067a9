//! # 5G sharing pallet
//!
//! One ledger from site proposal to cleared payment for co-built, shared 5G sites. An operator
//! **proposes a project** (cell, technology, capex estimate, proposal hash) and takes a share;
//! others **join** with shares in basis points; once they total 10,000 the lead approves it.
//! Construction may be put to `tender`: a linked tender's award makes the contractor the
//! builder at the awarded price. Each **milestone** (approved 30 %, built 50 %, commissioned
//! 20 %) splits its tranche of the capex by share into obligations to the builder in
//! `clearing`. A commissioned project is a **shared site** with a capacity and the base
//! station's device identity.
//!
//! The site's **energy meter** reports kWh signed by the base station's key (checked through
//! `device-identity`); maintenance costs are recorded; each period's opex is split by share.
//!
//! The lead's **milestones, commissioning, maintenance costs and energy prices** oblige every
//! owner, so the lead only proposes them: a change takes effect when anyone executes it once
//! owners holding `ApprovalThreshold` of the shares approved it and its `DisputeWindow` passed
//! (at once if every owner approved); a co-owner's objection goes to `ArbiterOrigin`; proposals
//! expire after `ProposalLifetime` and every end returns their deposit.
//! The lead **offers spare capacity** with SLA terms; operators and MVNOs lease units, never
//! more than the site has. **SLA measurements** signed by the site's key are checked against
//! each lease's targets; every breach credits the lessee the agreed penalty, visibly and
//! automatically. **Settling a period** turns opex shares (owners → lead) and lease payments
//! less penalties (lessee → owners, by share) into obligations and a statement per participant.
//!
//! A site shares **capacity of a kind** — radio, edge compute at its MEC host (vCPU, memory,
//! GPU hours) or backhaul — each kind in its own pool; offers, leases, SLA credits and
//! settlement are the same for every kind. Opex is split by the owners' approved rule: by
//! shares, by the station's signed **per-operator traffic counters** (disputable within
//! `DisputeWindow`), or a fixed floor by shares and the rest by traffic.
//!
//! Shares are split by the largest-remainder rule ([`split_by_shares`]): each participant gets
//! the floor of its exact share and the leftover minor units go, one each, to the largest
//! fractional remainders (earlier joiners first on ties), so no unit is created or lost.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod approvals;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod impls;
pub mod migrations;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
mod usage;
pub mod weights;

pub use impls::split_by_shares;
pub use pallet::*;
pub use types::*;
pub use types::{energy_payload, sla_payload, traffic_payload};
pub use weights::WeightInfo;

// FRAME's macro expansion of storage items and errors calls `expect` on paths that cannot fail;
// the workspace lint would flag that generated code. Hand-written code here stays panic-free:
// `scripts/test.sh` rejects `.expect(` / `.unwrap()` in runtime sources.
#[allow(clippy::expect_used, clippy::too_many_arguments)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{fungible, UnixTime},
	};
	use frame_system::pallet_prelude::*;
	use telecom_primitives::{
		Amount, CurrencyCode, DeviceId, DeviceSignature, DeviceVerifier, DocumentHash, LotIndex,
		ObligationSink, OperatorMembership, SettlementPeriod, TenderId,
	};

	/// Balance of the deposit currency.
	pub type BalanceOf<T> = <<T as Config>::Currency as fungible::Inspect<
		<T as frame_system::Config>::AccountId,
	>>::Balance;

	/// A project as stored.
	pub type ProjectOf<T> =
		Project<<T as frame_system::Config>::AccountId, <T as Config>::MaxParticipants>;

	/// Version of the pallet's storage layout: a release that changes the layout bumps it and
	/// ships the migration from the previous version.
	/// Version 2: capacity of a kind (radio, edge compute, backhaul) in per-kind pools; offers
	/// and leases name their kind.
	pub(crate) const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the 5G sharing pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Native currency, from which deposits are held.
		type Currency: fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ fungible::Mutate<Self::AccountId>;

		/// The runtime's hold reasons.
		type RuntimeHoldReason: From<HoldReason>;

		/// Consortium operators: they propose and join projects.
		type Operators: OperatorMembership<Self::AccountId>;

		/// The device registry that checks base-station signatures.
		type Devices: DeviceVerifier<Self::AccountId>;

		/// Where capex, opex and lease payments go (the clearing pallet).
		type Obligations: ObligationSink<Self::AccountId>;

		/// Wall-clock time, which decides when a period has ended.
		type Time: UnixTime;

		/// Grace after a period's end, in milliseconds, for late reports: the period settles
		/// only once it has passed.
		#[pallet::constant]
		type SettlementGrace: Get<u64>;

		/// Deposit held from a project's lead (project, site, costs and statements).
		#[pallet::constant]
		type ProjectDeposit: Get<BalanceOf<Self>>;

		/// Deposit held from a lessee per lease.
		#[pallet::constant]
		type LeaseDeposit: Get<BalanceOf<Self>>;

		/// Most participants of a project.
		#[pallet::constant]
		type MaxParticipants: Get<u32>;

		/// Most leases (and offers) of a site.
		#[pallet::constant]
		type MaxLeasesPerSite: Get<u32>;

		/// Most SLA measurements of a lease per period.
		#[pallet::constant]
		type MaxSamplesPerPeriod: Get<u32>;

		/// Longest lease, in periods.
		#[pallet::constant]
		type MaxLeasePeriods: Get<u32>;

		/// Who decides a co-owner's objection to a proposed change (the consortium's arbiter).
		type ArbiterOrigin: EnsureOrigin<<Self as frame_system::Config>::RuntimeOrigin>;

		/// Share of a project, in basis points, whose owners must approve a proposed change
		/// (milestone, commissioning, maintenance, energy price) before it takes effect; the
		/// proposer's own share counts (e.g. 5,001: more than half).
		#[pallet::constant]
		type ApprovalThreshold: Get<BasisPoints>;

		/// How long, in milliseconds, co-owners may object to a proposed change: it takes effect
		/// only after this window (or at once, if every owner approved it).
		#[pallet::constant]
		type DisputeWindow: Get<u64>;

		/// How long, in milliseconds, a proposed change may wait to take effect; afterwards it
		/// cannot, and anyone closes it (its deposit goes back). Longer than `DisputeWindow`.
		#[pallet::constant]
		type ProposalLifetime: Get<u64>;

		/// Deposit held from the proposer per open proposal.
		#[pallet::constant]
		type ProposalDeposit: Get<BalanceOf<Self>>;

		/// Most open proposals of a project.
		#[pallet::constant]
		type MaxProposals: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Sets up a registered device and the clock for benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper;
	}

	/// What the benchmarks need from the runtime.
	#[cfg(feature = "runtime-benchmarks")]
	pub trait BenchmarkHelper {
		/// Registers an active device whose key is the ed25519 public key `key`.
		fn register_device(key: [u8; 32]) -> DeviceId;

		/// Registers an active device with `key` of any type.
		fn register_device_key(key: telecom_primitives::DeviceKey) -> DeviceId;

		/// Sets the wall clock to `millis` after the Unix epoch.
		fn set_unix_time(millis: u64);
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Deposit for a project and its site.
		ProjectDeposit,
		/// Deposit for a lease.
		LeaseDeposit,
		/// Deposit for a proposed change awaiting its co-owners.
		ProposalDeposit,
	}

	/// Id of the next project.
	#[pallet::storage]
	pub type NextProjectId<T: Config> = StorageValue<_, ProjectId, ValueQuery>;

	/// Every project (and site) by id.
	#[pallet::storage]
	pub type Projects<T: Config> =
		StorageMap<_, Twox64Concat, ProjectId, ProjectOf<T>, OptionQuery>;

	/// Commissioned sites.
	#[pallet::storage]
	pub type Sites<T: Config> = StorageMap<_, Twox64Concat, ProjectId, Site, OptionQuery>;

	/// The site each base station serves (a device serves at most one site).
	#[pallet::storage]
	pub type SiteOfDevice<T: Config> =
		StorageMap<_, Twox64Concat, DeviceId, ProjectId, OptionQuery>;

	/// The project each linked tender lot builds, by the tender's buyer (the project's lead).
	#[pallet::storage]
	pub type TenderProjects<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Twox64Concat, TenderId>,
			NMapKey<Twox64Concat, LotIndex>,
		),
		ProjectId,
		OptionQuery,
	>;

	/// Id of the next capacity offer.
	#[pallet::storage]
	pub type NextOfferId<T: Config> = StorageValue<_, OfferId, ValueQuery>;

	/// Capacity offers.
	#[pallet::storage]
	pub type Offers<T: Config> = StorageMap<_, Twox64Concat, OfferId, CapacityOffer, OptionQuery>;

	/// Id of the next lease.
	#[pallet::storage]
	pub type NextLeaseId<T: Config> = StorageValue<_, LeaseId, ValueQuery>;

	/// Leases.
	#[pallet::storage]
	pub type Leases<T: Config> =
		StorageMap<_, Twox64Concat, LeaseId, Lease<T::AccountId>, OptionQuery>;

	/// Leases of each site (at most `MaxLeasesPerSite`).
	#[pallet::storage]
	pub type SiteLeases<T: Config> = StorageMap<
		_,
		Twox64Concat,
		ProjectId,
		BoundedVec<LeaseId, T::MaxLeasesPerSite>,
		ValueQuery,
	>;

	/// Offers of each site (at most `MaxLeasesPerSite`).
	#[pallet::storage]
	pub type SiteOffers<T: Config> = StorageMap<
		_,
		Twox64Concat,
		ProjectId,
		BoundedVec<OfferId, T::MaxLeasesPerSite>,
		ValueQuery,
	>;

	/// Operating costs per site and period.
	#[pallet::storage]
	pub type Costs<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		ProjectId,
		Twox64Concat,
		SettlementPeriod,
		PeriodCosts,
		ValueQuery,
	>;

	/// SLA record per lease and period.
	#[pallet::storage]
	pub type SlaRecords<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		LeaseId,
		Twox64Concat,
		SettlementPeriod,
		SlaRecord,
		ValueQuery,
	>;

	/// Sequence numbers of the SLA measurements counted per lease and period (sorted; at most
	/// `MaxSamplesPerPeriod`), removed when the period is settled.
	#[pallet::storage]
	pub type SlaReports<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		LeaseId,
		Twox64Concat,
		SettlementPeriod,
		BoundedVec<u32, T::MaxSamplesPerPeriod>,
		ValueQuery,
	>;

	/// Statements of settled periods: (site, period, participant) → lines.
	#[pallet::storage]
	pub type Statements<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, ProjectId>,
			NMapKey<Twox64Concat, SettlementPeriod>,
			NMapKey<Blake2_128Concat, T::AccountId>,
		),
		ParticipantStatement,
		OptionQuery,
	>;

	/// Settled periods of each site.
	#[pallet::storage]
	pub type Settled<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		ProjectId,
		Twox64Concat,
		SettlementPeriod,
		(),
		OptionQuery,
	>;

	/// How each site's opex is split among its owners (by shares unless the owners approved
	/// another rule).
	#[pallet::storage]
	pub type OpexRules<T: Config> = StorageMap<_, Twox64Concat, ProjectId, OpexSplit, ValueQuery>;

	/// Signed per-operator traffic counters of a site's period (one report per period, at most
	/// one counter per owner); kept after settlement as the allocation's record.
	#[pallet::storage]
	pub type TrafficCounters<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		ProjectId,
		Twox64Concat,
		SettlementPeriod,
		TrafficReport<T::AccountId, T::MaxParticipants>,
		OptionQuery,
	>;

	/// Id of the next change proposal.
	#[pallet::storage]
	pub type NextProposalId<T: Config> = StorageValue<_, ProposalId, ValueQuery>;

	/// Open change proposals by id.
	#[pallet::storage]
	pub type Proposals<T: Config> = StorageMap<
		_,
		Twox64Concat,
		ProposalId,
		ChangeProposal<T::AccountId, T::MaxParticipants>,
		OptionQuery,
	>;

	/// Open proposals of each project (at most `MaxProposals`).
	#[pallet::storage]
	pub type ProjectProposals<T: Config> =
		StorageMap<_, Twox64Concat, ProjectId, BoundedVec<ProposalId, T::MaxProposals>, ValueQuery>;

	/// Sites in service at genesis (demo chains), recorded as commissioned without capex
	/// obligations: (lead, owners with shares, cell, capex, currency, base station, capacity,
	/// energy price per kWh).
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The sites.
		pub sites: alloc::vec::Vec<GenesisSite<T::AccountId>>,
	}

	/// A site at genesis.
	pub type GenesisSite<AccountId> = (
		AccountId,
		alloc::vec::Vec<(AccountId, BasisPoints)>,
		u64,
		Amount,
		CurrencyCode,
		DeviceId,
		u32,
		Amount,
	);

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (lead, owners, cell, capex, currency, device, capacity, energy_price) in &self.sites
			{
				let built = Pallet::<T>::genesis_site(
					lead.clone(),
					owners.clone(),
					*cell,
					*capex,
					*currency,
					*device,
					*capacity,
					*energy_price,
				);
				assert!(built.is_ok(), "genesis site is valid"); // panic-ok
			}
		}
	}

	#[pallet::extra_constants]
	impl<T: Config> Pallet<T> {
		/// How long, in milliseconds, an approved or built project may wait for its next
		/// milestone before any participant may cancel it.
		#[pallet::constant_name(ConstructionDeadline)]
		fn construction_deadline() -> u64 {
			CONSTRUCTION_DEADLINE
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An operator proposed a co-construction project.
		ProjectProposed {
			/// The project.
			project: ProjectId,
			/// Its lead.
			lead: T::AccountId,
			/// Grid cell of the site.
			cell: u64,
		},
		/// An operator joined a project.
		Joined {
			/// The project.
			project: ProjectId,
			/// The operator.
			who: T::AccountId,
			/// Its share.
			share: BasisPoints,
		},
		/// The lead put the construction to a lot of its tender.
		TenderLinked {
			/// The project.
			project: ProjectId,
			/// The tender.
			tender: TenderId,
			/// The lot.
			lot: LotIndex,
		},
		/// A linked lot's award could not change the project (too late, again, or in another
		/// currency); the contract stands in `tender`, outside this project.
		AwardNotApplied {
			/// The project.
			project: ProjectId,
			/// The tender.
			tender: TenderId,
			/// The lot.
			lot: LotIndex,
			/// Why.
			reason: AwardRefusal,
		},
		/// The linked tender awarded the construction contract.
		ContractorAwarded {
			/// The project.
			project: ProjectId,
			/// The contractor, now the builder.
			contractor: T::AccountId,
			/// The contract price, now the capex.
			price: Amount,
		},
		/// A milestone was reached and its capex tranche split into obligations.
		MilestoneReached {
			/// The project.
			project: ProjectId,
			/// The milestone.
			milestone: Milestone,
			/// The tranche.
			tranche: Amount,
		},
		/// A site entered service.
		SiteCommissioned {
			/// The site.
			site: ProjectId,
			/// Its base station.
			device: DeviceId,
			/// Its capacity.
			capacity: u32,
		},
		/// A signed cumulative meter reading was recorded.
		EnergyReported {
			/// The site.
			site: ProjectId,
			/// The period.
			period: SettlementPeriod,
			/// The meter reading, kWh.
			reading: u64,
		},
		/// The lead recorded a maintenance cost.
		MaintenanceRecorded {
			/// The site.
			site: ProjectId,
			/// The period.
			period: SettlementPeriod,
			/// The cost.
			cost: Amount,
			/// Hash of the invoice.
			invoice: DocumentHash,
		},
		/// The lead offered spare capacity.
		CapacityOffered {
			/// The offer.
			offer: OfferId,
			/// The site.
			site: ProjectId,
			/// The kind of capacity.
			kind: ResourceKind,
			/// Units.
			units: u32,
		},
		/// Capacity was leased.
		Leased {
			/// The lease.
			lease: LeaseId,
			/// The site.
			site: ProjectId,
			/// The lessee.
			lessee: T::AccountId,
			/// Units.
			units: u32,
		},
		/// A lease's last period was settled: its capacity is free and its deposit released.
		LeaseEnded {
			/// The lease.
			lease: LeaseId,
			/// The site.
			site: ProjectId,
			/// Units freed.
			units: u32,
		},
		/// The lessee terminated a lease early: it pays through `last` (one period's notice).
		LeaseTerminated {
			/// The lease.
			lease: LeaseId,
			/// Its last period now.
			last: SettlementPeriod,
		},
		/// The lessor offered to renew a lease until `last` at the same price and SLA.
		RenewalOffered {
			/// The lease.
			lease: LeaseId,
			/// The last period offered.
			last: SettlementPeriod,
		},
		/// The lessee accepted a renewal: the lease runs until `last`.
		LeaseRenewed {
			/// The lease.
			lease: LeaseId,
			/// Its last period now.
			last: SettlementPeriod,
		},
		/// A participant left a proposed project.
		Left {
			/// The project.
			project: ProjectId,
			/// The operator.
			who: T::AccountId,
		},
		/// The lead cancelled a proposed project; its deposit was released.
		ProjectCancelled {
			/// The project.
			project: ProjectId,
		},
		/// The lead took a site without leases or offers out of service; its deposit was
		/// released (its settled statements stay).
		SiteDecommissioned {
			/// The site.
			site: ProjectId,
		},
		/// A capacity offer was withdrawn (by the lead, or by anyone once expired).
		OfferWithdrawn {
			/// The offer.
			offer: OfferId,
		},
		/// A signed SLA measurement met the lease's targets.
		SlaMet {
			/// The lease.
			lease: LeaseId,
			/// The period.
			period: SettlementPeriod,
		},
		/// A signed SLA measurement breached the lease's targets: a penalty was credited.
		SlaBreached {
			/// The lease.
			lease: LeaseId,
			/// The period.
			period: SettlementPeriod,
			/// Availability measured (basis points).
			availability: BasisPoints,
			/// Throughput measured (Mbps).
			throughput: u32,
			/// Credit added to the lessee.
			penalty: Amount,
		},
		/// A site's period was settled into clearing.
		PeriodSettled {
			/// The site.
			site: ProjectId,
			/// The period.
			period: SettlementPeriod,
			/// Opex split.
			opex: Amount,
			/// Lease revenue after penalties.
			revenue: Amount,
			/// Penalties credited.
			penalties: Amount,
		},
		/// The lead proposed a change; it takes effect once approved and past its dispute window.
		ChangeProposed {
			/// The proposal.
			proposal: ProposalId,
			/// The project or site.
			project: ProjectId,
			/// The proposer, counted as approving.
			proposer: T::AccountId,
			/// The change.
			change: SiteChange,
		},
		/// An owner approved a proposed change.
		ChangeApproved {
			/// The proposal.
			proposal: ProposalId,
			/// The owner.
			who: T::AccountId,
			/// Shares (basis points) of the owners who approved it so far.
			approved: u32,
		},
		/// A co-owner objected to a proposed change within its window: the arbiter decides.
		ChangeObjected {
			/// The proposal.
			proposal: ProposalId,
			/// The co-owner.
			by: T::AccountId,
		},
		/// The arbiter overruled the objection: the change may take effect once approved.
		ObjectionOverruled {
			/// The proposal.
			proposal: ProposalId,
		},
		/// The arbiter upheld the objection: the change was dropped and its deposit released.
		ChangeRejected {
			/// The proposal.
			proposal: ProposalId,
		},
		/// An approved change took effect; its deposit was released.
		ChangeExecuted {
			/// The proposal.
			proposal: ProposalId,
			/// The project or site.
			project: ProjectId,
		},
		/// A proposal ended without taking effect; its deposit was released.
		ProposalClosed {
			/// The proposal.
			proposal: ProposalId,
			/// Why.
			reason: ProposalEnd,
		},
		/// The owners' approved energy price applies to energy billed from now on.
		EnergyPriceSet {
			/// The site.
			site: ProjectId,
			/// The price per kWh.
			price: Amount,
		},
		/// The owners' approved capacity of a kind took effect.
		CapacityDeclared {
			/// The site.
			site: ProjectId,
			/// The kind.
			kind: ResourceKind,
			/// Its capacity now.
			capacity: u32,
		},
		/// The owners' approved opex split applies to every settlement from now on.
		OpexSplitSet {
			/// The site.
			site: ProjectId,
			/// The rule.
			rule: OpexSplit,
		},
		/// The station's signed traffic counters of a period were recorded; owners may object
		/// within `DisputeWindow`.
		TrafficReported {
			/// The site.
			site: ProjectId,
			/// The period.
			period: SettlementPeriod,
			/// Total data volume, MB.
			total: u64,
		},
		/// An owner accepted a period's traffic counters.
		TrafficAccepted {
			/// The site.
			site: ProjectId,
			/// The period.
			period: SettlementPeriod,
			/// The owner.
			who: T::AccountId,
		},
		/// An owner objected to a period's traffic counters: the arbiter decides.
		TrafficObjected {
			/// The site.
			site: ProjectId,
			/// The period.
			period: SettlementPeriod,
			/// The owner.
			by: T::AccountId,
		},
		/// The arbiter decided an objection to traffic counters: overruled, they stand; upheld,
		/// they are dropped (the station may report again).
		TrafficObjectionResolved {
			/// The site.
			site: ProjectId,
			/// The period.
			period: SettlementPeriod,
			/// Whether the counters stand.
			overruled: bool,
		},
		/// How a settled period's opex was allocated: `by_traffic` by the traffic counters (the
		/// rounding remainder to the lead), the rest by shares.
		OpexAllocated {
			/// The site.
			site: ProjectId,
			/// The period.
			period: SettlementPeriod,
			/// The rule in force.
			rule: OpexSplit,
			/// Opex split by ownership shares.
			by_shares: Amount,
			/// Opex split by traffic.
			by_traffic: Amount,
		},
		/// Clearing refused a lessee's payment for a period (the lessee left the operator set,
		/// or clearing is full): nothing of it was booked, the amount is recorded as unpaid on
		/// the lessee's statement, and the rest of the site's period settled all the same.
		LeasePaymentRefused {
			/// The lease.
			lease: LeaseId,
			/// The period.
			period: SettlementPeriod,
			/// The lessee.
			lessee: T::AccountId,
			/// The payment due (after SLA credits) that was not booked.
			amount: Amount,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller is not a consortium operator.
		NotOperator,
		/// A share must be 1 to 10,000 basis points.
		InvalidShare,
		/// Shares would exceed 10,000 basis points.
		SharesExceeded,
		/// Shares must total exactly 10,000 basis points first.
		SharesIncomplete,
		/// The caller already participates.
		AlreadyJoined,
		/// The project has `MaxParticipants` participants.
		TooManyParticipants,
		/// There is no such project.
		UnknownProject,
		/// Only the project's lead may do this.
		NotLead,
		/// The project is not at the stage this step needs.
		WrongStage,
		/// The currency is not an ISO 4217 code.
		InvalidCurrency,
		/// The lead already linked this tender lot to a project.
		TenderLinked,
		/// The project's tender award was applied: it cannot be linked to another.
		AlreadyAwarded,
		/// The base station's device is not registered (or not in service).
		UnknownDevice,
		/// The base station is not in the custody of an owner of the site.
		DeviceNotInCustody,
		/// The base station already serves another site.
		DeviceInUse,
		/// A site's capacity must be above zero.
		ZeroCapacity,
		/// There is no such site.
		UnknownSite,
		/// The report's signature is not the site device's (wrong key, revoked or inactive
		/// device, or altered payload).
		BadSignature,
		/// A measurement of a period that has not begun.
		FuturePeriod,
		/// This measurement (lease, period, sequence) was already counted: a replay.
		DuplicateReport,
		/// The period's readings already cover this meter reading (a replay, or a reading
		/// between two known ones): it adds nothing.
		ReadingKnown,
		/// The period is malformed.
		InvalidPeriod,
		/// The period is settled; it takes no more reports or costs.
		PeriodSettled,
		/// The period has not ended, or its `SettlementGrace` for late reports has not passed.
		PeriodNotOver,
		/// The offer would lease more than the site's free capacity.
		Oversubscribed,
		/// The site has `MaxLeasesPerSite` offers or leases.
		TooManyLeases,
		/// There is no such offer.
		UnknownOffer,
		/// The lease periods are reversed, or longer than `MaxLeasePeriods`.
		InvalidLeasePeriods,
		/// A lease must take at least one unit.
		ZeroUnits,
		/// The SLA terms are out of range (basis points above 10,000).
		InvalidSla,
		/// There is no such lease.
		UnknownLease,
		/// The period is outside the lease.
		OutsideLease,
		/// The lease has `MaxSamplesPerPeriod` measurements this period.
		TooManySamples,
		/// An amount overflowed.
		Overflow,
		/// Clearing refuses the lessee's payments to an owner (the lessee, or an owner, is not
		/// a clearing participant): admit it to clearing first.
		NotClearingParticipant,
		/// Only a party of the period (an owner of the site, or a lessee of a lease covering the
		/// period) may settle it.
		NotParty,
		/// The period has no costs and no lease: there is nothing to settle.
		NothingToSettle,
		/// The lead cannot leave its project: it cancels it instead.
		LeadCannotLeave,
		/// The caller does not participate in the project.
		NotParticipant,
		/// An SLA measurement's sequence number must be below `MaxSamplesPerPeriod` (the
		/// station numbers a period's samples from 0).
		SequenceOutOfRange,
		/// The project is approved or built and its construction deadline has not passed yet:
		/// until then only its lead and builder move it on.
		NotStalled,
		/// The site still has leases or offers: end or withdraw them first.
		SiteInUse,
		/// Only the lease's lessee may do this.
		NotLessee,
		/// Only the lessor (the site's lead) or the lessee may do this.
		NotLeaseParty,
		/// The renewal's last period must be after the lease's and within `MaxLeasePeriods`.
		InvalidRenewal,
		/// The lessee accepted a renewal the lessor did not offer (or offered differently).
		RenewalNotOffered,
		/// Only the lead may withdraw an offer before its last period is over.
		OfferStillOpen,
		/// There is no such proposal (it took effect, or was closed or rejected).
		UnknownProposal,
		/// The project has `MaxProposals` open proposals: let some take effect or close them.
		TooManyProposals,
		/// The caller already approved this proposal (the proposer approves by proposing), so it
		/// can neither approve nor object to it again.
		AlreadyApproved,
		/// The proposal's `ProposalLifetime` is over: it can no longer take effect, only be
		/// closed.
		ProposalExpired,
		/// Objections are taken only within the proposal's `DisputeWindow`.
		DisputeWindowOver,
		/// The proposal's `DisputeWindow` has not passed and not every owner approved it.
		DisputeWindowOpen,
		/// The proposal was objected to already (once per proposal, and not after the arbiter
		/// overruled an objection).
		AlreadyDisputed,
		/// The arbiter decides only a proposal with an undecided objection.
		NotDisputed,
		/// A co-owner's objection awaits the arbiter: the change cannot take effect yet.
		Disputed,
		/// Owners holding `ApprovalThreshold` of the shares have not approved the change.
		ThresholdNotMet,
		/// Only the proposer may close a proposal before its `ProposalLifetime` is over.
		NotExpired,
		/// The capacity would fall below what leases of the kind hold.
		CapacityBelowLeased,
		/// A mixed opex split's fixed floor must be 1 to 9,999 basis points (use `Fixed` or
		/// `ByTraffic` for the ends).
		InvalidSplit,
		/// A traffic counter names an account that is not an owner of the site.
		NotOwner,
		/// The traffic counters name an owner twice.
		DuplicateCounter,
		/// The period's traffic counters were reported already (once per period; after an
		/// upheld objection they may be reported again).
		TrafficKnown,
		/// There are no traffic counters of this site and period.
		NoTraffic,
		/// An objection to the period's traffic counters awaits the arbiter: the period cannot
		/// be settled by traffic yet.
		TrafficDisputed,
		/// The period's traffic counters are within their `DisputeWindow` and not every owner
		/// accepted them: it settles by them after the window.
		TrafficWindowOpen,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			// Checked when the runtime is built and tested, never on chain.
			assert!(
				T::ApprovalThreshold::get() > 0 && T::ApprovalThreshold::get() <= FULL_SHARE,
				"the approval threshold is a share of 1 to 10,000 basis points"
			);
			assert!(
				T::ProposalLifetime::get() > T::DisputeWindow::get(),
				"a proposal outlives its dispute window"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_now: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// An operator proposes a site and takes `share` basis points, holding
		/// `ProjectDeposit`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::propose_project())]
		pub fn propose_project(
			origin: OriginFor<T>,
			cell: u64,
			technology: Technology,
			capex: Amount,
			currency: CurrencyCode,
			document: DocumentHash,
			share: BasisPoints,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(T::Operators::is_operator(&who), Error::<T>::NotOperator);
			Self::do_propose(who, cell, technology, capex, currency, document, share)
		}

		/// An operator joins a proposed project with `share` basis points.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::join_project())]
		pub fn join_project(
			origin: OriginFor<T>,
			project: ProjectId,
			share: BasisPoints,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(T::Operators::is_operator(&who), Error::<T>::NotOperator);
			Self::do_join(who, project, share)
		}

		/// The lead links the lot of its tender that will award the construction contract,
		/// while the project is proposed (an award applies only before approval). Links are
		/// the lead's own: another buyer's tender of the same id is another link.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::link_tender())]
		pub fn link_tender(
			origin: OriginFor<T>,
			project: ProjectId,
			tender: TenderId,
			lot: LotIndex,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_link_tender(who, project, tender, lot)
		}

		/// The lead proposes to approve a fully subscribed project (holding `ProposalDeposit`):
		/// once co-owners approve it ([`Pallet::approve_change`]) and it is executed
		/// ([`Pallet::execute_change`]), the approval tranche is due.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::approve_project())]
		pub fn approve_project(origin: OriginFor<T>, project: ProjectId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::open_proposal(who, project, SiteChange::ApproveProject)
		}

		/// The lead proposes that construction is complete: once approved and executed, the
		/// construction tranche is due.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::approve_project())]
		pub fn complete_construction(origin: OriginFor<T>, project: ProjectId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::open_proposal(who, project, SiteChange::CompleteConstruction)
		}

		/// The lead proposes to commission the site with its base station's registered device
		/// (in the custody of an owner, serving no other site), capacity and energy price: once
		/// approved and executed (checked again then), the last tranche is due.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::commission_site())]
		pub fn commission_site(
			origin: OriginFor<T>,
			project: ProjectId,
			device: DeviceId,
			capacity: u32,
			energy_price: Amount,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::open_proposal(
				who,
				project,
				SiteChange::Commission { device, capacity, energy_price },
			)
		}

		/// Anyone submits a cumulative meter reading (kWh) signed by the site's base station
		/// over [`energy_payload`] (bound to the genesis hash), weighed by the signature's key
		/// type (a P-256 check costs about twenty ed25519 ones). Readings of a period arrive in
		/// any order; a skipped one loses nothing, as the period's energy is its highest reading
		/// less the reading billed through before.
		#[pallet::call_index(6)]
		#[pallet::weight(Pallet::<T>::report_energy_weight(signature))]
		pub fn report_energy(
			origin: OriginFor<T>,
			site: ProjectId,
			period: SettlementPeriod,
			reading: u64,
			signature: DeviceSignature,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_report_energy(site, period, reading, signature)
		}

		/// The lead proposes a maintenance cost of the site for an unsettled period: once
		/// approved and executed, it is part of the period's opex.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::record_maintenance())]
		pub fn record_maintenance(
			origin: OriginFor<T>,
			site: ProjectId,
			period: SettlementPeriod,
			cost: Amount,
			invoice: DocumentHash,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::open_proposal(who, site, SiteChange::Maintenance { period, cost, invoice })
		}

		/// The lead offers spare radio capacity of the site with SLA terms (see
		/// [`Pallet::offer_resource`] for every kind).
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::offer_capacity())]
		pub fn offer_capacity(
			origin: OriginFor<T>,
			site: ProjectId,
			units: u32,
			unit_price: Amount,
			first: SettlementPeriod,
			last: SettlementPeriod,
			sla: SlaTerms,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_offer(who, site, ResourceKind::Radio, units, unit_price, first, last, sla)
		}

		/// An operator or MVNO leases units of an offer for all its periods, holding
		/// `LeaseDeposit`; the site is never oversubscribed, and clearing must accept the
		/// lessee's payments to every owner (checked now, so settlement cannot fail on it later).
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::lease_capacity())]
		pub fn lease_capacity(origin: OriginFor<T>, offer: OfferId, units: u32) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_lease(who, offer, units)
		}

		/// Anyone submits an SLA measurement signed by the site's base station over
		/// [`sla_payload`] (bound to the genesis hash), weighed by the signature's key type; a
		/// breach credits the lessee the lease's penalty. Measurements of a period count in any order, each `sequence` once.
		#[pallet::call_index(10)]
		#[pallet::weight(Pallet::<T>::report_sla_weight(signature))]
		pub fn report_sla(
			origin: OriginFor<T>,
			lease: LeaseId,
			period: SettlementPeriod,
			sequence: u32,
			availability: BasisPoints,
			throughput: u32,
			signature: DeviceSignature,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_report_sla(lease, period, sequence, availability, throughput, signature)
		}

		/// A party of the period (an owner, or a lessee of a lease covering it) settles it once
		/// it has ended and its `SettlementGrace` has passed: opex shares, lease payments less
		/// penalties, obligations into clearing and a statement per participant. A period with
		/// no costs and no lease is refused and writes nothing.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::settle_period(
			T::MaxParticipants::get(),
			T::MaxLeasesPerSite::get()
		))]
		pub fn settle_period(
			origin: OriginFor<T>,
			site: ProjectId,
			period: SettlementPeriod,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let (owners, leases) = Self::do_settle(who, site, period)?;
			Ok(Some(T::WeightInfo::settle_period(owners, leases)).into())
		}

		/// The lessee ends its lease early: it pays through the period after the current one
		/// (one period's notice, the stated early-termination penalty; never before its first
		/// period). The lease ends, freeing its capacity and deposit, once those are settled.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::end_lease())]
		pub fn end_lease(origin: OriginFor<T>, lease: LeaseId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_end_lease(who, lease)
		}

		/// Renews a lease until `last` at the same price and SLA: the lessor (the site's lead)
		/// offers, then the lessee accepts with the same `last`.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::renew_lease())]
		pub fn renew_lease(
			origin: OriginFor<T>,
			lease: LeaseId,
			last: SettlementPeriod,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_renew_lease(who, lease, last)
		}

		/// Withdraws a capacity offer: the lead at any time, anyone once its last period is
		/// over. Leases already made stay.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::withdraw_offer())]
		pub fn withdraw_offer(origin: OriginFor<T>, offer: OfferId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw_offer(who, offer)
		}

		/// A participant other than the lead leaves a project that is still proposed.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::leave_project())]
		pub fn leave_project(origin: OriginFor<T>, project: ProjectId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_leave(who, project)
		}

		/// Cancels a project: the lead, while it is proposed; or any participant, once an
		/// approved or built project has waited `ConstructionDeadline` for its next milestone
		/// (the lead or its builder stalled). The project and its tender link are removed and
		/// the lead's deposit is released; capex tranches already booked stay with the builder
		/// (the work of those milestones).
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::cancel_project())]
		pub fn cancel_project(origin: OriginFor<T>, project: ProjectId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel(who, project)
		}

		/// The lead takes a site out of service once it has no leases and no offers: the site
		/// and project are removed and the deposit released; settled statements stay.
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::decommission_site())]
		pub fn decommission_site(origin: OriginFor<T>, site: ProjectId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_decommission(who, site)
		}

		/// The lead proposes a new energy price per kWh for the site: once approved and
		/// executed, it prices the energy of every settlement from then on.
		#[pallet::call_index(18)]
		#[pallet::weight(T::WeightInfo::set_energy_price())]
		pub fn set_energy_price(
			origin: OriginFor<T>,
			site: ProjectId,
			price: Amount,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::open_proposal(who, site, SiteChange::EnergyPrice { price })
		}

		/// An owner approves a proposed change with its share, before the proposal expires.
		#[pallet::call_index(19)]
		#[pallet::weight(T::WeightInfo::approve_change())]
		pub fn approve_change(origin: OriginFor<T>, proposal: ProposalId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_approve_change(who, proposal)
		}

		/// An owner who did not approve a proposed change objects to it within its
		/// `DisputeWindow`: the change waits for the arbiter's decision (or expires). Once per
		/// proposal.
		#[pallet::call_index(20)]
		#[pallet::weight(T::WeightInfo::object_to_change())]
		pub fn object_to_change(origin: OriginFor<T>, proposal: ProposalId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_object(who, proposal)
		}

		/// The arbiter decides an objection: `overrule` lets the change take effect once
		/// approved; otherwise the change is rejected and its deposit released.
		#[pallet::call_index(21)]
		#[pallet::weight(T::WeightInfo::resolve_objection())]
		pub fn resolve_objection(
			origin: OriginFor<T>,
			proposal: ProposalId,
			overrule: bool,
		) -> DispatchResult {
			T::ArbiterOrigin::ensure_origin(origin)?;
			Self::do_resolve(proposal, overrule)
		}

		/// Anyone puts an approved change into effect: owners holding `ApprovalThreshold`
		/// approved it, its `DisputeWindow` passed (or every owner approved it), no objection
		/// awaits the arbiter and it has not expired. Its obligations arise only now; its
		/// deposit is released.
		#[pallet::call_index(22)]
		#[pallet::weight(T::WeightInfo::execute_change())]
		pub fn execute_change(origin: OriginFor<T>, proposal: ProposalId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_execute(proposal)
		}

		/// Closes a proposal without effect, releasing its deposit: the proposer at any time,
		/// anyone once its `ProposalLifetime` is over.
		#[pallet::call_index(23)]
		#[pallet::weight(T::WeightInfo::close_change())]
		pub fn close_change(origin: OriginFor<T>, proposal: ProposalId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_close(who, proposal)
		}

		/// The lead offers spare capacity of a `kind` (radio, edge compute, backhaul) with SLA
		/// terms; leases, SLA reports, credits and settlement work as for radio
		/// ([`Pallet::offer_capacity`] is this call for radio).
		#[pallet::call_index(24)]
		#[pallet::weight(T::WeightInfo::offer_resource())]
		pub fn offer_resource(
			origin: OriginFor<T>,
			site: ProjectId,
			kind: ResourceKind,
			units: u32,
			unit_price: Amount,
			first: SettlementPeriod,
			last: SettlementPeriod,
			sla: SlaTerms,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_offer(who, site, kind, units, unit_price, first, last, sla)
		}

		/// The lead proposes the site's capacity of a `kind` (never below what leases hold):
		/// once approved and executed, it can be offered.
		#[pallet::call_index(25)]
		#[pallet::weight(T::WeightInfo::declare_capacity())]
		pub fn declare_capacity(
			origin: OriginFor<T>,
			site: ProjectId,
			kind: ResourceKind,
			capacity: u32,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::open_proposal(who, site, SiteChange::Capacity { kind, capacity })
		}

		/// The lead proposes how the site's opex is split: by shares, by the owners' traffic
		/// counters, or a fixed floor by shares and the rest by traffic. Once approved and
		/// executed, it applies to every settlement from then on.
		#[pallet::call_index(26)]
		#[pallet::weight(T::WeightInfo::set_opex_split())]
		pub fn set_opex_split(
			origin: OriginFor<T>,
			site: ProjectId,
			rule: OpexSplit,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::open_proposal(who, site, SiteChange::OpexSplit { rule })
		}

		/// Anyone submits a period's per-owner traffic counters (data volume, MB) signed by the
		/// site's station over [`traffic_payload`], once the period is over and before it is
		/// settled; once per period. Weighed by the signature's key type.
		#[pallet::call_index(27)]
		#[pallet::weight(Pallet::<T>::report_traffic_weight(counters.len() as u32, signature))]
		pub fn report_traffic(
			origin: OriginFor<T>,
			site: ProjectId,
			period: SettlementPeriod,
			counters: BoundedVec<(T::AccountId, u64), T::MaxParticipants>,
			signature: DeviceSignature,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_report_traffic(site, period, counters, signature)
		}

		/// An owner objects to a period's traffic counters within `DisputeWindow` of their
		/// report, once: the period cannot settle by them until the arbiter decides.
		#[pallet::call_index(28)]
		#[pallet::weight(T::WeightInfo::object_to_traffic())]
		pub fn object_to_traffic(
			origin: OriginFor<T>,
			site: ProjectId,
			period: SettlementPeriod,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_object_to_traffic(who, site, period)
		}

		/// The arbiter decides an objection to traffic counters: `overrule` keeps them;
		/// otherwise they are dropped and the station may report the period again.
		#[pallet::call_index(29)]
		#[pallet::weight(T::WeightInfo::resolve_traffic_objection())]
		pub fn resolve_traffic_objection(
			origin: OriginFor<T>,
			site: ProjectId,
			period: SettlementPeriod,
			overrule: bool,
		) -> DispatchResult {
			T::ArbiterOrigin::ensure_origin(origin)?;
			Self::do_resolve_traffic(site, period, overrule)
		}

		/// An owner accepts a period's traffic counters (and so cannot object to them): once
		/// every owner has, the period settles by them without waiting for the window.
		#[pallet::call_index(30)]
		#[pallet::weight(T::WeightInfo::accept_traffic())]
		pub fn accept_traffic(
			origin: OriginFor<T>,
			site: ProjectId,
			period: SettlementPeriod,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept_traffic(who, site, period)
		}
	}

	impl<T: Config> telecom_primitives::OnContractAwarded<T::AccountId> for Pallet<T> {
		fn on_contract_awarded(
			award: &telecom_primitives::ContractAward<T::AccountId>,
		) -> sp_runtime::DispatchResult {
			Self::apply_award(award);
			Ok(())
		}
	}
}
