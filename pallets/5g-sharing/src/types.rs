//! Domain types of 5G site sharing: co-construction projects, shared sites, capacity offers and
//! leases with SLA terms, signed measurements, and per-period statements.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::Get, BoundedVec};
use scale_info::TypeInfo;
use telecom_primitives::{
	Amount, CurrencyCode, DeviceId, DocumentHash, LotIndex, SettlementPeriod, TenderId,
};

/// Identifier of a project (and of the site it becomes).
pub type ProjectId = u32;
/// Identifier of a capacity offer.
pub type OfferId = u32;
/// Identifier of a lease.
pub type LeaseId = u32;
/// Shares in basis points; a project's shares total [`FULL_SHARE`].
pub type BasisPoints = u16;

/// A whole: 10,000 basis points.
pub const FULL_SHARE: BasisPoints = 10_000;

/// Share of the capex each milestone releases, in basis points: 30 % at approval, 50 % when
/// built, 20 % at commissioning.
pub const MILESTONE_TRANCHES: [(Milestone, BasisPoints); 3] =
	[(Milestone::Approved, 3_000), (Milestone::Built, 5_000), (Milestone::Commissioned, 2_000)];

/// How long, in milliseconds, an approved or built project may wait for its next milestone
/// before any of its participants may cancel it (the lead or its builder stalled): 180 days.
pub const CONSTRUCTION_DEADLINE: u64 = 180 * 86_400_000;

/// Domain tag of an energy meter report:
/// `(tag, genesis hash, site, period, cumulative meter reading in kWh)`.
pub const ENERGY_TAG: &[u8; 16] = b"tcc/5g/energy/v2";
/// Domain tag of an SLA measurement:
/// `(tag, genesis hash, lease, period, sequence, availability, Mbps)`.
pub const SLA_TAG: &[u8; 16] = b"tcc/5g/sla/v2///";

/// The bytes a site's base station signs for a meter reading: SCALE of
/// `(ENERGY_TAG, genesis, site, period, reading)`. `genesis` is the chain's genesis hash, so a
/// report cannot be replayed on another chain.
pub fn energy_payload<H: Encode>(
	genesis: &H,
	site: ProjectId,
	period: SettlementPeriod,
	reading: u64,
) -> alloc::vec::Vec<u8> {
	(ENERGY_TAG, genesis, site, period, reading).encode()
}

/// The bytes a site's base station signs for an SLA measurement: SCALE of
/// `(SLA_TAG, genesis, lease, period, sequence, availability, throughput)`.
pub fn sla_payload<H: Encode>(
	genesis: &H,
	lease: LeaseId,
	period: SettlementPeriod,
	sequence: u32,
	availability: BasisPoints,
	throughput: u32,
) -> alloc::vec::Vec<u8> {
	(SLA_TAG, genesis, lease, period, sequence, availability, throughput).encode()
}

/// Radio technology of a site.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum Technology {
	/// 5G NR.
	Nr,
	/// 4G LTE.
	Lte,
	/// Both, on shared equipment.
	NrLte,
}

/// A construction milestone.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum Milestone {
	/// Shares complete and the project approved by its lead.
	Approved,
	/// Construction complete.
	Built,
	/// In service: the project became a shared site.
	Commissioned,
}

/// Where a project stands.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum ProjectStatus {
	/// Open for operators to join.
	Proposed,
	/// A milestone was reached.
	Reached(Milestone),
}

/// A participant and its share.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Stake<AccountId> {
	/// The operator.
	pub who: AccountId,
	/// Its share in basis points.
	pub share: BasisPoints,
}

/// A co-construction project; once commissioned it is the shared site.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(MaxParticipants))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
pub struct Project<AccountId, MaxParticipants: Get<u32>> {
	/// The proposer, who manages the project and site and pays its bills.
	pub lead: AccountId,
	/// Grid cell of the site.
	pub cell: u64,
	/// Radio technology.
	pub technology: Technology,
	/// Capital cost (the tender's price once awarded).
	pub capex: Amount,
	/// Currency of every amount of the project and site.
	pub currency: CurrencyCode,
	/// Hash of the site proposal.
	pub document: DocumentHash,
	/// Participants in joining order.
	pub stakes: BoundedVec<Stake<AccountId>, MaxParticipants>,
	/// Where it stands.
	pub status: ProjectStatus,
	/// Who builds and is paid the capex (the lead until a tender awards a contractor).
	pub builder: AccountId,
	/// The construction tender and lot, if one was linked (by the lead, who runs it).
	pub tender: Option<(TenderId, LotIndex)>,
	/// Whether the linked lot's award was applied (it applies once).
	pub awarded: bool,
	/// Deposit held from the lead.
	pub deposit: u128,
	/// When the project reached its current status, in Unix milliseconds: an approved or built
	/// project may be cancelled by any participant [`CONSTRUCTION_DEADLINE`] after it.
	pub since: u64,
}

impl<AccountId: PartialEq, MaxParticipants: Get<u32>> Project<AccountId, MaxParticipants> {
	/// Total committed share.
	pub fn committed(&self) -> u32 {
		self.stakes.iter().map(|s| u32::from(s.share)).sum()
	}

	/// The share of `who`, if it participates.
	pub fn share_of(&self, who: &AccountId) -> Option<BasisPoints> {
		self.stakes.iter().find(|s| s.who == *who).map(|s| s.share)
	}
}

/// A kind of capacity a site shares. Offers, leases, SLA reports, breach credits and settlement
/// work the same for every kind; each kind has its own pool, so a lease of one kind never
/// consumes another's.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum ResourceKind {
	/// Radio access (MORAN PRB share or MOCN carriage), in the site's radio units (e.g. PRB
	/// share × 100, or Mbps of cell throughput).
	Radio,
	/// Edge compute at the site's MEC host: virtual CPUs.
	EdgeVcpu,
	/// Edge compute at the site's MEC host: memory, in GiB.
	EdgeMemory,
	/// Edge compute at the site's MEC host: GPU hours per period.
	EdgeGpuHours,
	/// Transport from the site (backhaul), in Mbit/s.
	Backhaul,
}

impl ResourceKind {
	/// Every kind, in pool order.
	pub const ALL: [ResourceKind; 5] = [
		ResourceKind::Radio,
		ResourceKind::EdgeVcpu,
		ResourceKind::EdgeMemory,
		ResourceKind::EdgeGpuHours,
		ResourceKind::Backhaul,
	];
}

/// One kind's capacity of a site and what leases hold of it.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct Pool {
	/// Capacity in the kind's units.
	pub capacity: u32,
	/// Units held by leases (never above `capacity`).
	pub allocated: u32,
}

impl Pool {
	/// Units neither leased nor reserved.
	pub fn free(&self) -> u32 {
		self.capacity.saturating_sub(self.allocated)
	}
}

/// A site's capacity pools, one per [`ResourceKind`].
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct ResourcePools {
	/// Radio access.
	pub radio: Pool,
	/// MEC virtual CPUs.
	pub edge_vcpu: Pool,
	/// MEC memory, GiB.
	pub edge_memory: Pool,
	/// MEC GPU hours per period.
	pub edge_gpu_hours: Pool,
	/// Backhaul, Mbit/s.
	pub backhaul: Pool,
}

impl ResourcePools {
	/// Pools with only radio capacity (what a site is commissioned with).
	pub fn radio(capacity: u32) -> Self {
		Self { radio: Pool { capacity, allocated: 0 }, ..Default::default() }
	}

	/// The pool of `kind`.
	pub fn get(&self, kind: ResourceKind) -> &Pool {
		match kind {
			ResourceKind::Radio => &self.radio,
			ResourceKind::EdgeVcpu => &self.edge_vcpu,
			ResourceKind::EdgeMemory => &self.edge_memory,
			ResourceKind::EdgeGpuHours => &self.edge_gpu_hours,
			ResourceKind::Backhaul => &self.backhaul,
		}
	}

	/// The pool of `kind`, to change.
	pub fn get_mut(&mut self, kind: ResourceKind) -> &mut Pool {
		match kind {
			ResourceKind::Radio => &mut self.radio,
			ResourceKind::EdgeVcpu => &mut self.edge_vcpu,
			ResourceKind::EdgeMemory => &mut self.edge_memory,
			ResourceKind::EdgeGpuHours => &mut self.edge_gpu_hours,
			ResourceKind::Backhaul => &mut self.backhaul,
		}
	}
}

/// A commissioned shared site.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Site {
	/// The base station's device identity (its key signs meter, SLA and traffic reports, for
	/// every kind of capacity the site shares).
	pub device: DeviceId,
	/// Capacity and allocation per kind.
	pub pools: ResourcePools,
	/// Energy price per kWh, in minor units of the project's currency.
	pub energy_price: Amount,
	/// Cumulative meter reading energy was billed through (none before the first settlement
	/// with readings).
	pub metered: Option<u64>,
	/// Lowest cumulative meter reading ever reported for the site, of any period: where the
	/// site's billable energy starts (none before the first reading).
	pub opening: Option<u64>,
	/// Energy billed so far, in kWh. Every settlement with readings bills the meter's range
	/// from `opening` to the highest reading billed through, less this, so no kWh is lost or
	/// billed twice whatever order periods settle in.
	pub billed_kwh: u64,
}

/// SLA targets of a lease (GSMA NG.116 fields) and its penalty.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct SlaTerms {
	/// Minimum availability in basis points (e.g. 9,950 = 99.5 %).
	pub availability: BasisPoints,
	/// Minimum delivered performance in the kind's measure: Mbps for radio and backhaul,
	/// units delivered (vCPUs, GiB, GPU hours) for edge compute.
	pub throughput: u32,
	/// Credit per breaching measurement, in basis points of the period price.
	pub penalty: BasisPoints,
}

/// Spare capacity offered for lease.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct CapacityOffer {
	/// The site.
	pub site: ProjectId,
	/// The kind of capacity.
	pub kind: ResourceKind,
	/// Units still on offer.
	pub available: u32,
	/// Price per unit per period.
	pub unit_price: Amount,
	/// First period a lease may cover.
	pub first: SettlementPeriod,
	/// Last period a lease may cover.
	pub last: SettlementPeriod,
	/// SLA every lease of the offer carries.
	pub sla: SlaTerms,
}

/// A capacity lease.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Lease<AccountId> {
	/// The site.
	pub site: ProjectId,
	/// The kind of capacity leased.
	pub kind: ResourceKind,
	/// The lessee (operator or MVNO).
	pub lessee: AccountId,
	/// Units leased.
	pub units: u32,
	/// Price per period.
	pub price: Amount,
	/// First period.
	pub first: SettlementPeriod,
	/// Last period.
	pub last: SettlementPeriod,
	/// SLA.
	pub sla: SlaTerms,
	/// Deposit held from the lessee, released when the lease ends.
	pub deposit: u128,
	/// Periods of the lease settled so far; the lease ends when all are settled.
	pub settled: u32,
	/// A renewal the lessor offered: the new last period, at the same price and SLA, until the
	/// lessee accepts it or the lease ends.
	pub renewal: Option<SettlementPeriod>,
}

impl<AccountId> Lease<AccountId> {
	/// Number of periods the lease covers (`first` to `last` inclusive).
	pub fn periods(&self) -> u32 {
		self.first.months_until(&self.last).saturating_add(1)
	}
}

/// A lease's SLA record for one period.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct SlaRecord {
	/// Measurements received.
	pub samples: u32,
	/// Measurements that breached a target.
	pub breaches: u32,
	/// Lowest availability reported, in basis points.
	pub worst_availability: BasisPoints,
	/// Lowest throughput reported, in Mbps.
	pub worst_throughput: u32,
	/// Credit due to the lessee (capped at the period price).
	pub penalty: Amount,
}

/// Operating costs of a site in a period.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct PeriodCosts {
	/// Signed meter readings received in the period (each extended the range below).
	pub readings: u32,
	/// Lowest cumulative meter reading of the period, in kWh.
	pub low_reading: u64,
	/// Highest cumulative meter reading of the period, in kWh.
	pub high_reading: u64,
	/// Energy billed at settlement: what the meter's range since the site's opening reading
	/// (its lowest ever) grew to with this period's highest reading, less what was billed
	/// before.
	pub energy_kwh: u64,
	/// Energy cost billed at settlement.
	pub energy_cost: Amount,
	/// Maintenance cost.
	pub maintenance: Amount,
}

/// One participant's lines of a settled period.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct ParticipantStatement {
	/// Its share of the period's opex.
	pub opex: Amount,
	/// Its share of lease revenue (after penalties).
	pub revenue: Amount,
	/// Its share of penalties credited to lessees.
	pub penalties: Amount,
	/// What it pays for leases it holds on the site (as lessee), as booked in clearing.
	pub lease_payments: Amount,
	/// What it owed for leases on the site but clearing refused to book (see the
	/// `LeasePaymentRefused` event): owed outside clearing, never shared as revenue.
	pub unpaid: Amount,
}

/// Why a linked tender lot's award did not change the project.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum AwardRefusal {
	/// The project was already approved: its capex tranches are being paid to the builder of
	/// record.
	AfterApproval,
	/// The lot's award was already applied once.
	AlreadyAwarded,
	/// The award is in another currency than the project.
	WrongCurrency,
}

/// Identifier of a change proposal.
pub type ProposalId = u32;

/// A change of a project or site that obliges its co-owners: the lead proposes it, and it takes
/// effect only once co-owners holding `ApprovalThreshold` of the shares approved it and its
/// dispute window passed without an objection standing.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum SiteChange {
	/// Approve the fully subscribed project: the approval tranche of the capex becomes due.
	ApproveProject,
	/// Construction is complete: the construction tranche becomes due.
	CompleteConstruction,
	/// Commission the site with its base station, capacity and energy price: the last tranche
	/// becomes due.
	Commission {
		/// The base station's registered device (in an owner's custody, serving no other site).
		device: DeviceId,
		/// Capacity in units.
		capacity: u32,
		/// Energy price per kWh.
		energy_price: Amount,
	},
	/// A maintenance cost of the site for a period, shared by the owners at settlement.
	Maintenance {
		/// The period.
		period: SettlementPeriod,
		/// The cost.
		cost: Amount,
		/// Hash of the invoice.
		invoice: DocumentHash,
	},
	/// A new energy price per kWh, used for the energy of every settlement from then on.
	EnergyPrice {
		/// The price, in minor units of the project's currency.
		price: Amount,
	},
	/// The site's capacity of a kind (e.g. a MEC host or a backhaul link installed): never
	/// below what leases hold.
	Capacity {
		/// The kind.
		kind: ResourceKind,
		/// The capacity in the kind's units.
		capacity: u32,
	},
	/// How the site's opex is split among its owners, for every settlement from then on.
	OpexSplit {
		/// The rule.
		rule: OpexSplit,
	},
}

/// How a site's opex (energy and maintenance) is split among its owners.
///
/// Rounding: the fixed part is split by the largest-remainder rule; the traffic part gives each
/// owner the floor of its traffic share and the leftover minor units (fewer than the owners) to
/// the site's lead, who pays the bills; the parts always sum to the opex exactly.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum OpexSplit {
	/// By ownership shares (the default).
	#[default]
	Fixed,
	/// By the owners' traffic counters of the period (by shares if there are none, or none
	/// carried traffic).
	ByTraffic,
	/// `floor` basis points of the opex by ownership shares, the rest by traffic.
	Mixed {
		/// The part split by shares, in basis points (1 to 9,999).
		floor: BasisPoints,
	},
}

impl OpexSplit {
	/// The part of the opex, in basis points, split by ownership shares.
	pub fn fixed_part(&self) -> BasisPoints {
		match self {
			OpexSplit::Fixed => FULL_SHARE,
			OpexSplit::ByTraffic => 0,
			OpexSplit::Mixed { floor } => *floor,
		}
	}
}

/// Domain tag of a traffic counter report:
/// `(tag, genesis hash, site, period, [(owner, data volume)])`.
pub const TRAFFIC_TAG: &[u8; 16] = b"tcc/5g/traffic/1";

/// The bytes a site's station signs for a period's per-operator traffic counters: SCALE of
/// `(TRAFFIC_TAG, genesis, site, period, counters)`, `counters` being `(owner account, data
/// volume in MB)` pairs (3GPP TS 28.552 per-PLMN data volume, mapped to the operator).
pub fn traffic_payload<H: Encode, AccountId: Encode>(
	genesis: &H,
	site: ProjectId,
	period: SettlementPeriod,
	counters: &[(AccountId, u64)],
) -> alloc::vec::Vec<u8> {
	(TRAFFIC_TAG, genesis, site, period, counters).encode()
}

/// A period's signed traffic counters of a site.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(MaxParticipants))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
pub struct TrafficReport<AccountId, MaxParticipants: Get<u32>> {
	/// Data volume per owner, MB (an owner not listed carried none).
	pub counters: BoundedVec<(AccountId, u64), MaxParticipants>,
	/// When they were recorded, in Unix milliseconds: owners may object within
	/// `DisputeWindow` of it, and the period settles by them only after it.
	pub reported: u64,
	/// Its dispute.
	pub dispute: DisputeState<AccountId>,
	/// Owners who accepted the counters: once every owner has, the period settles by them
	/// without waiting for the window (nobody is left to object).
	pub accepted: BoundedVec<AccountId, MaxParticipants>,
}

/// Where a proposal's dispute stands.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub enum DisputeState<AccountId> {
	/// Nobody objected.
	None,
	/// A co-owner objected within the window: the arbiter decides, and until then (or the
	/// proposal's expiry) the change cannot take effect.
	Objected {
		/// The co-owner.
		by: AccountId,
	},
	/// The arbiter overruled an objection: the proposal cannot be objected to again.
	Overruled,
}

/// A change the lead proposed and the co-owners approve.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(MaxParticipants))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
pub struct ChangeProposal<AccountId, MaxParticipants: Get<u32>> {
	/// The project (or site).
	pub project: ProjectId,
	/// Who proposed it (the lead) and holds its deposit.
	pub proposer: AccountId,
	/// The change.
	pub change: SiteChange,
	/// Deposit held from the proposer, released whenever the proposal ends.
	pub deposit: u128,
	/// When it was proposed, in Unix milliseconds: its dispute window and lifetime run from
	/// here.
	pub opened: u64,
	/// Owners who approved it (the proposer first); each counts with its share when the change
	/// is executed, so an owner who left counts no more.
	pub approvals: BoundedVec<AccountId, MaxParticipants>,
	/// Its dispute.
	pub dispute: DisputeState<AccountId>,
}

/// Why a proposal ended without taking effect.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum ProposalEnd {
	/// Its proposer withdrew it.
	Withdrawn,
	/// Its `ProposalLifetime` passed.
	Expired,
	/// Its project was cancelled or its site decommissioned.
	ProjectEnded,
}
