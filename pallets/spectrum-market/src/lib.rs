//! # Spectrum market pallet
//!
//! A shared, auditable grant ledger for dynamic spectrum leasing in place of a central Spectrum
//! Access System. The regulator registers **licences** (holder, frequency range, area as a set
//! of grid cells of one fixed resolution, validity, maximum EIRP, tier: incumbent, priority or
//! general access). Holders **offer** slices of their licences — a sub-range, sub-area and time
//! window — at a posted price (per MHz-hour, fixed, or per reported unit) or by open auction;
//! operators take a slice of a posted offer or bid, the highest bid winning at the close.
//!
//! Matching never leaves two live grants overlapping in frequency, area and time unless both are
//! general access. The check is **indexed by (cell, band block)**: it reads only the slots the
//! new grant covers, so its cost does not grow with the number of grants elsewhere.
//!
//! **Grants** name their **radio** (a device registered in device identity, active and in the
//! lessee's custody, with an EIRP within the licence's and a bounded antenna height; one radio
//! never serves two grants overlapping in frequency and time), and go granted → active on a
//! heartbeat: lessees renew many grants in one heartbeat extrinsic, or a radio signs its own
//! heartbeat with its device key (any key type, P-256 included), bound to the chain, the grant
//! and a rising recent block; a grant whose heartbeat lapses is suspended by the hook in bounded
//! work per block.
//! The regulator declares **incumbent activity** (range, cells, until a block): every
//! overlapping lower-tier grant is suspended by a sweep of bounded work per block — well inside
//! the 300 s (50 blocks) CBRS budget — and resumes when the activity ends. Grants expire at the
//! end of their window or are relinquished or terminated. **Billing** turns each grant's accrued
//! charge into an obligation from lessee to holder in `clearing` (incumbent-suspended time is
//! not billed). **Interference reports** carry a deposit the reporter forfeits if the regulator
//! rejects the complaint.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod impls;
#[cfg(test)]
mod mock;
mod origin;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use origin::EnsureRegulator;
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

// FRAME's macro expansion of storage items and errors calls `expect` on paths that cannot fail;
// the workspace lint would flag that generated code. Hand-written code here stays panic-free:
// `scripts/test.sh` rejects `.expect(` / `.unwrap()` in runtime sources. `create_offer` takes
// a whole offer; the call enum's generated constructors inherit its arity.
#[allow(clippy::expect_used, clippy::too_many_arguments)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{pallet_prelude::*, traits::fungible};
	use frame_system::pallet_prelude::*;
	use telecom_primitives::{
		Amount, CurrencyCode, DeviceId, DeviceSignature, DeviceVerifier, DocumentHash,
		ObligationSink, OperatorMembership,
	};

	/// Balance of the deposit currency.
	pub type BalanceOf<T> = <<T as Config>::Currency as fungible::Inspect<
		<T as frame_system::Config>::AccountId,
	>>::Balance;

	/// A licence as stored.
	pub type LicenceOf<T> =
		Licence<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, <T as Config>::MaxCells>;

	/// An offer as stored.
	pub type OfferOf<T> =
		Offer<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, <T as Config>::MaxCells>;

	/// A grant as stored.
	pub type GrantOf<T> =
		Grant<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, <T as Config>::MaxCells>;

	/// An incumbent activity as stored.
	pub type ActivityOf<T> = IncumbentActivity<BlockNumberFor<T>, <T as Config>::MaxCells>;

	/// A cell set as the calls take it.
	pub type CellsOf<T> = Cells<<T as Config>::MaxCells>;

	/// A grant's radio as stored.
	pub type RadioOf<T> = RadioAssignment<BlockNumberFor<T>>;

	/// What the runtime API answers for a grant: the grant, its recent states and the radio it
	/// names.
	pub type GrantAnswerOf<T> =
		(GrantOf<T>, alloc::vec::Vec<GrantStep<BlockNumberFor<T>>>, Option<RadioOf<T>>);

	/// Version of the pallet's storage layout: a release that changes the layout bumps it and
	/// ships the migration from the previous version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the spectrum market pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Native currency, from which deposits and bid bonds are held.
		type Currency: fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ fungible::Mutate<Self::AccountId>;

		/// The runtime's hold reasons.
		type RuntimeHoldReason: From<HoldReason>;

		/// Consortium operators: they lease, bid and complain.
		type Operators: OperatorMembership<Self::AccountId>;

		/// The spectrum regulator: licences, incumbents and interference decisions. In the
		/// runtime, [`EnsureRegulator`]: any one account governance appointed, acting alone.
		type RegulatorOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Governance: appoints the regulator accounts.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Most regulator accounts.
		#[pallet::constant]
		type MaxRegulators: Get<u32>;

		/// Where lease charges go (the clearing pallet).
		type Obligations: ObligationSink<Self::AccountId>;

		/// Width of a band block of the occupancy index, in Hz.
		#[pallet::constant]
		type BandBlockHz: Get<u64>;

		/// Blocks per hour, for per-MHz-hour prices.
		#[pallet::constant]
		type BlocksPerHour: Get<u32>;

		/// Blocks a heartbeat keeps a grant active.
		#[pallet::constant]
		type HeartbeatInterval: Get<BlockNumberFor<Self>>;

		/// Deposit held from a holder per open offer.
		#[pallet::constant]
		type OfferDeposit: Get<BalanceOf<Self>>;

		/// Deposit held from a lessee per grant until it is purged.
		#[pallet::constant]
		type GrantDeposit: Get<BalanceOf<Self>>;

		/// Bond held from the leading bidder of an auction.
		#[pallet::constant]
		type BidBond: Get<BalanceOf<Self>>;

		/// Deposit held from an interference reporter.
		#[pallet::constant]
		type ReportDeposit: Get<BalanceOf<Self>>;

		/// Most cells of a licence, offer, grant or activity.
		#[pallet::constant]
		type MaxCells: Get<u32>;

		/// Most band blocks a grant or activity may span.
		#[pallet::constant]
		type MaxBandBlocks: Get<u32>;

		/// Most live grants of one access class in one (cell, band block) slot: general
		/// access and the rest (time shares, priority) are capped apart, so general access
		/// never fills the room a priority grant needs.
		#[pallet::constant]
		type MaxGrantsPerSlot: Get<u32>;

		/// Most active incumbent activities in one slot.
		#[pallet::constant]
		type MaxActivitiesPerSlot: Get<u32>;

		/// Most open offers of one licence (overlapping open offers are refused).
		#[pallet::constant]
		type MaxOpenOffers: Get<u32>;

		/// Most general-access grants one priority grant may pre-empt.
		#[pallet::constant]
		type MaxPreemptions: Get<u32>;

		/// Most grants one heartbeat renews.
		#[pallet::constant]
		type MaxHeartbeatBatch: Get<u32>;

		/// Most grants due (heartbeat check or expiry) in one block.
		#[pallet::constant]
		type MaxDuePerBlock: Get<u32>;

		/// Most slots the incumbent sweeps visit per block.
		#[pallet::constant]
		type SweepSlotsPerBlock: Get<u32>;

		/// Most sweeps queued at once.
		#[pallet::constant]
		type MaxSweeps: Get<u32>;

		/// Most steps kept in a grant's history (the oldest go first).
		#[pallet::constant]
		type MaxGrantHistory: Get<u32>;

		/// The device registry (device identity): whether a radio is registered, active and in
		/// whose custody, and whether it signed a heartbeat.
		type Devices: DeviceVerifier<Self::AccountId>;

		/// Most live grants that may name one radio (over disjoint frequencies or times).
		#[pallet::constant]
		type MaxGrantsPerRadio: Get<u32>;

		/// Highest antenna a grant's radio may have, in metres above ground.
		#[pallet::constant]
		type MaxAntennaHeight: Get<u16>;

		/// Weights of this pallet's calls and hooks.
		type WeightInfo: WeightInfo;

		/// Registers radios for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// What the benchmarks need from the runtime.
	#[cfg(feature = "runtime-benchmarks")]
	pub trait BenchmarkHelper<AccountId> {
		/// Registers the `index`-th benchmark radio with `key`, active and in the custody of
		/// `custodian`; returns its device id.
		fn register_radio(
			index: u32,
			custodian: &AccountId,
			key: telecom_primitives::DeviceKey,
		) -> DeviceId;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Deposit for an open offer.
		OfferDeposit,
		/// Deposit for a grant record.
		GrantDeposit,
		/// Bond of the leading bid.
		BidBond,
		/// Deposit for an interference report.
		ReportDeposit,
	}

	/// The regulator's accounts, appointed by governance; each acts alone.
	#[pallet::storage]
	pub type Regulators<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxRegulators>, ValueQuery>;

	/// Id of the next licence.
	#[pallet::storage]
	pub type NextLicenceId<T: Config> = StorageValue<_, LicenceId, ValueQuery>;

	/// Every licence.
	#[pallet::storage]
	pub type Licences<T: Config> =
		StorageMap<_, Twox64Concat, LicenceId, LicenceOf<T>, OptionQuery>;

	/// Id of the next offer.
	#[pallet::storage]
	pub type NextOfferId<T: Config> = StorageValue<_, OfferId, ValueQuery>;

	/// Every offer.
	#[pallet::storage]
	pub type Offers<T: Config> = StorageMap<_, Twox64Concat, OfferId, OfferOf<T>, OptionQuery>;

	/// The open offers of each licence.
	#[pallet::storage]
	pub type LicenceOffers<T: Config> =
		StorageMap<_, Twox64Concat, LicenceId, BoundedVec<OfferId, T::MaxOpenOffers>, ValueQuery>;

	/// The leading bid of each auction.
	#[pallet::storage]
	pub type LeadingBids<T: Config> =
		StorageMap<_, Twox64Concat, OfferId, LeadingBid<T::AccountId>, OptionQuery>;

	/// Id of the next grant.
	#[pallet::storage]
	pub type NextGrantId<T: Config> = StorageValue<_, GrantId, ValueQuery>;

	/// Every grant not yet purged.
	#[pallet::storage]
	pub type Grants<T: Config> = StorageMap<_, Twox64Concat, GrantId, GrantOf<T>, OptionQuery>;

	/// The states each grant went through, latest `MaxGrantHistory`.
	#[pallet::storage]
	pub type GrantHistory<T: Config> = StorageMap<
		_,
		Twox64Concat,
		GrantId,
		BoundedVec<GrantStep<BlockNumberFor<T>>, T::MaxGrantHistory>,
		ValueQuery,
	>;

	/// Grants by account (as lessee or holder).
	#[pallet::storage]
	pub type GrantsOf<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, GrantId, (), OptionQuery>;

	/// The occupancy index: live grants per (cell, band block), up to `MaxGrantsPerSlot` of
	/// each access class.
	#[pallet::storage]
	pub type Occupancy<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		CellId,
		Twox64Concat,
		BandBlock,
		BoundedVec<SlotEntry<BlockNumberFor<T>>, TwiceOf<T::MaxGrantsPerSlot>>,
		ValueQuery,
	>;

	/// Id of the next incumbent activity.
	#[pallet::storage]
	pub type NextActivityId<T: Config> = StorageValue<_, ActivityId, ValueQuery>;

	/// Incumbent activities.
	#[pallet::storage]
	pub type Activities<T: Config> =
		StorageMap<_, Twox64Concat, ActivityId, ActivityOf<T>, OptionQuery>;

	/// Active incumbent activities per (cell, band block).
	#[pallet::storage]
	pub type IncumbentSlots<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		CellId,
		Twox64Concat,
		BandBlock,
		BoundedVec<ActivityId, T::MaxActivitiesPerSlot>,
		ValueQuery,
	>;

	/// Grants an activity suspended (so each is counted once however many slots it shares).
	#[pallet::storage]
	pub type Affected<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ActivityId, Twox64Concat, GrantId, (), OptionQuery>;

	/// Sweeps in progress.
	#[pallet::storage]
	pub type Sweeps<T: Config> = StorageValue<_, BoundedVec<Sweep, T::MaxSweeps>, ValueQuery>;

	/// Activities that end in a block.
	#[pallet::storage]
	pub type ActivityEnds<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<ActivityId, T::MaxSweeps>,
		ValueQuery,
	>;

	/// General-access grants each priority grant pre-empts (`true` once in force, from the
	/// priority grant's start until it ends).
	#[pallet::storage]
	pub type Preempted<T: Config> =
		StorageDoubleMap<_, Twox64Concat, GrantId, Twox64Concat, GrantId, bool, OptionQuery>;

	/// Priority grants whose pre-emptions come into force in a block (their start).
	#[pallet::storage]
	pub type PreemptionsDue<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<GrantId, T::MaxDuePerBlock>,
		ValueQuery,
	>;

	/// Grants whose heartbeat is due by a block.
	#[pallet::storage]
	pub type HeartbeatDue<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<GrantId, T::MaxDuePerBlock>,
		ValueQuery,
	>;

	/// Grants whose window ends in a block.
	#[pallet::storage]
	pub type Expiring<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<GrantId, T::MaxDuePerBlock>,
		ValueQuery,
	>;

	/// The radio each grant names (set by its lessee; required before it becomes active).
	#[pallet::storage]
	pub type GrantRadios<T: Config> = StorageMap<_, Twox64Concat, GrantId, RadioOf<T>, OptionQuery>;

	/// The live grants that name each radio, no two overlapping in frequency and time.
	#[pallet::storage]
	pub type RadioGrants<T: Config> = StorageMap<
		_,
		Twox64Concat,
		DeviceId,
		BoundedVec<RadioEntry<BlockNumberFor<T>>, T::MaxGrantsPerRadio>,
		ValueQuery,
	>;

	/// Id of the next interference report.
	#[pallet::storage]
	pub type NextReportId<T: Config> = StorageValue<_, ReportId, ValueQuery>;

	/// Open interference reports.
	#[pallet::storage]
	pub type Reports<T: Config> =
		StorageMap<_, Twox64Concat, ReportId, InterferenceReport<T::AccountId>, OptionQuery>;

	/// A licence at genesis.
	pub type GenesisLicence<AccountId, BlockNumber> =
		(AccountId, u64, u64, alloc::vec::Vec<CellId>, BlockNumber, bool);

	/// A posted offer at genesis.
	pub type GenesisOffer<BlockNumber> =
		(LicenceId, u64, u64, alloc::vec::Vec<CellId>, BlockNumber, Amount, CurrencyCode);

	/// Licences and posted offers at genesis (demo chains).
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// (holder, low Hz, high Hz, cells, last block + 1, priority access (else general)).
		pub licences: alloc::vec::Vec<GenesisLicence<T::AccountId, BlockNumberFor<T>>>,
		/// (licence, low Hz, high Hz, cells, last block + 1, price per MHz-hour, currency):
		/// posted offers by the licence holder, minimum lease one hour.
		pub offers: alloc::vec::Vec<GenesisOffer<BlockNumberFor<T>>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let start: BlockNumberFor<T> = 1u32.into();
			for (holder, low, high, cells, end, priority) in &self.licences {
				let tier = if *priority { Tier::Priority } else { Tier::General };
				let registered = Pallet::<T>::do_register_licence(
					holder.clone(),
					FrequencyRange { low: *low, high: *high },
					BoundedVec::truncate_from(cells.clone()),
					Window { start, end: *end },
					30,
					tier,
				);
				assert!(registered.is_ok(), "genesis licence is valid"); // panic-ok
			}
			for (licence, low, high, cells, end, price, currency) in &self.offers {
				let holder = Licences::<T>::get(licence).map(|l| l.holder);
				assert!(holder.is_some(), "genesis offer of a genesis licence"); // panic-ok
				let Some(holder) = holder else { continue };
				let offered = Pallet::<T>::do_create_offer(
					holder,
					*licence,
					FrequencyRange { low: *low, high: *high },
					BoundedVec::truncate_from(cells.clone()),
					Window { start, end: *end },
					Pricing::PerMhzHour(*price),
					*currency,
					T::BlocksPerHour::get().into(),
					DocumentHash::zero(),
					OfferMode::Posted,
				);
				assert!(offered.is_ok(), "genesis offer is valid"); // panic-ok
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Governance appointed the regulator's accounts (replacing the previous ones).
		RegulatorsSet {
			/// The accounts.
			regulators: alloc::vec::Vec<T::AccountId>,
		},
		/// The regulator registered a licence.
		LicenceRegistered {
			/// The licence.
			licence: LicenceId,
			/// Its holder.
			holder: T::AccountId,
			/// Its tier.
			tier: Tier,
		},
		/// The regulator rescinded a licence; it takes no new offers.
		LicenceRescinded {
			/// The licence.
			licence: LicenceId,
		},
		/// A holder offered part of a licence.
		OfferCreated {
			/// The offer.
			offer: OfferId,
			/// The licence.
			licence: LicenceId,
		},
		/// An offer closed (withdrawn, sold at auction, or unsold).
		OfferClosed {
			/// The offer.
			offer: OfferId,
		},
		/// An auction ended without a grant (its window passed, its licence was rescinded, or
		/// the spectrum could not be granted); every hold it kept was released.
		AuctionFailed {
			/// The offer.
			offer: OfferId,
			/// Why no grant was made.
			reason: DispatchError,
		},
		/// A bid took the lead in an auction.
		BidPlaced {
			/// The offer.
			offer: OfferId,
			/// The bidder.
			bidder: T::AccountId,
			/// Total price bid.
			amount: Amount,
		},
		/// Spectrum was granted.
		Granted {
			/// The grant.
			grant: GrantId,
			/// The offer.
			offer: OfferId,
			/// The lessee.
			lessee: T::AccountId,
		},
		/// A grant changed state.
		GrantStateChanged {
			/// The grant.
			grant: GrantId,
			/// Its new state.
			state: GrantState,
		},
		/// A lessee renewed grants.
		Heartbeat {
			/// The lessee.
			lessee: T::AccountId,
			/// Grants renewed.
			grants: u32,
		},
		/// One grant of a heartbeat batch was not renewed; the others were.
		HeartbeatRejected {
			/// The grant.
			grant: GrantId,
			/// Why (unknown, not the caller's, ended, or its due list busy).
			reason: DispatchError,
		},
		/// The regulator declared incumbent activity; overlapping grants are being suspended.
		IncumbentDeclared {
			/// The activity.
			activity: ActivityId,
		},
		/// An incumbent activity ended; its grants are being resumed.
		IncumbentEnded {
			/// The activity.
			activity: ActivityId,
		},
		/// A sweep visited every slot of its activity.
		SweepCompleted {
			/// The activity.
			activity: ActivityId,
			/// Whether it suspended (or resumed).
			suspend: bool,
		},
		/// A lessee reported usage of a usage-priced grant.
		UsageReported {
			/// The grant.
			grant: GrantId,
			/// Units reported.
			units: u64,
		},
		/// A grant's charge went to clearing.
		Billed {
			/// The grant.
			grant: GrantId,
			/// Amount.
			amount: Amount,
			/// Currency.
			currency: CurrencyCode,
			/// Billed up to this block (exclusive).
			until: BlockNumberFor<T>,
		},
		/// An operator reported interference from a grant.
		InterferenceReported {
			/// The report.
			report: ReportId,
			/// The grant.
			grant: GrantId,
		},
		/// The regulator decided a report.
		InterferenceResolved {
			/// The report.
			report: ReportId,
			/// Whether the complaint was upheld (else the deposit is forfeited).
			upheld: bool,
		},
		/// An auction winner relinquished its grant early or had it terminated: its bid bond
		/// went to the licence holder.
		BondForfeited {
			/// The grant.
			grant: GrantId,
			/// The licence holder paid.
			to: T::AccountId,
			/// Bond forfeited.
			amount: u128,
		},
		/// An ended, fully billed grant was removed and its deposit returned.
		GrantPurged {
			/// The grant.
			grant: GrantId,
		},
		/// A lessee named the radio that transmits under a grant.
		RadioAssigned {
			/// The grant.
			grant: GrantId,
			/// The radio (a device-identity device).
			device: DeviceId,
			/// Its maximum EIRP, dBm per 10 MHz.
			eirp: i16,
			/// Its antenna height, metres.
			antenna_height: u16,
			/// The radio it replaced, if the grant named one before.
			replaced: Option<DeviceId>,
		},
		/// A grant's radio renewed it with a heartbeat signed by its own device key.
		RadioHeartbeat {
			/// The grant.
			grant: GrantId,
			/// The radio.
			device: DeviceId,
			/// The block the radio's signed payload names.
			at: BlockNumberFor<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller is not a consortium operator.
		NotOperator,
		/// The frequency range is empty or spans more than `MaxBandBlocks` band blocks.
		InvalidRange,
		/// The cell list is empty or not strictly ascending.
		InvalidCells,
		/// The window is empty, already over, or outside what it must lie within.
		InvalidWindow,
		/// There is no such licence.
		UnknownLicence,
		/// Only the licence holder may offer it.
		NotHolder,
		/// The licence was rescinded.
		LicenceRescinded,
		/// The offer's range, cells or window is not within its licence.
		OutsideLicence,
		/// Incumbent licences are protected, not leased.
		IncumbentNotLeasable,
		/// The currency is not an ISO 4217 code.
		InvalidCurrency,
		/// There is no such offer.
		UnknownOffer,
		/// The offer is closed.
		OfferClosed,
		/// This call does not apply to the offer's mode (posted versus auction).
		WrongMode,
		/// The requested slice is not within the offer.
		OutsideOffer,
		/// The requested lease is shorter than the offer's minimum.
		LeaseTooShort,
		/// The slice overlaps a live grant in frequency, area and time.
		Overlap,
		/// A (cell, band block) slot holds `MaxGrantsPerSlot` live grants of the new grant's
		/// access class (general access and the rest are capped apart).
		SlotFull,
		/// Bidding has closed.
		BiddingClosed,
		/// Bidding is still open.
		BiddingOpen,
		/// The bid is below the reserve or does not beat the leading bid.
		BidTooLow,
		/// An offer with a leading bid cannot be withdrawn.
		HasBids,
		/// There is no such grant.
		UnknownGrant,
		/// Only the grant's lessee may do this.
		NotLessee,
		/// The grant has ended.
		GrantEnded,
		/// The grant has not ended.
		GrantLive,
		/// The grant is not priced per reported unit.
		NotUsagePriced,
		/// Charges remain to be billed.
		Unbilled,
		/// Too many heartbeats, expiries or sweeps are scheduled; try again shortly.
		Busy,
		/// A slot holds `MaxActivitiesPerSlot` incumbent activities.
		TooManyActivities,
		/// There is no such incumbent activity.
		UnknownActivity,
		/// The activity has already ended.
		ActivityEnded,
		/// There is no such report.
		UnknownReport,
		/// A price or charge overflowed.
		Overflow,
		/// The offer overlaps another open offer of the licence in frequency, area and time.
		OverlappingOffer,
		/// The licence has `MaxOpenOffers` open offers.
		TooManyOffers,
		/// An incumbent (or a pre-empting priority grant) holds the grant suspended: it may not
		/// transmit, so it reports no usage.
		SuspendedByIncumbent,
		/// The priority grant would pre-empt more than `MaxPreemptions` general-access grants.
		TooManyPreemptions,
		/// An interference complaint against the grant is still open: the regulator decides it
		/// before the grant is purged.
		ComplaintOpen,
		/// The grant names no radio yet: its lessee names one with `assign_radio` before the
		/// grant can be renewed.
		NoRadio,
		/// The radio's EIRP is above its licence's `max_eirp`.
		EirpAboveLicence,
		/// The antenna height is above `MaxAntennaHeight`.
		AntennaTooHigh,
		/// No registered device has this id.
		UnknownRadio,
		/// The radio is not active in the device registry (awaiting activation, suspended,
		/// revoked or decommissioned).
		RadioNotActive,
		/// The radio is not in the custody of the grant's lessee.
		RadioNotInCustody,
		/// The radio is already named on a live grant that overlaps this one in frequency and
		/// time: one transmitter cannot be counted twice for the same spectrum.
		RadioBusy,
		/// The radio is named on `MaxGrantsPerRadio` live grants.
		TooManyGrantsPerRadio,
		/// The signature is not the radio's current key's signature of the heartbeat payload
		/// (wrong grant, device, block or chain, or another key).
		BadRadioSignature,
		/// The heartbeat names a block no later than the radio's previous accepted heartbeat
		/// (a replay).
		ReplayedHeartbeat,
		/// The heartbeat names a future block, or one a heartbeat interval or more ago.
		StaleHeartbeat,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::process_block(now)
		}

		fn integrity_test() {
			assert!(T::BandBlockHz::get() > 0); // panic-ok
			assert!(T::BlocksPerHour::get() > 0); // panic-ok
			assert!(T::SweepSlotsPerBlock::get() > 0); // panic-ok
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_now: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// The regulator registers a licence.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_licence())]
		pub fn register_licence(
			origin: OriginFor<T>,
			holder: T::AccountId,
			range: FrequencyRange,
			cells: CellsOf<T>,
			validity: Window<BlockNumberFor<T>>,
			max_eirp: i16,
			tier: Tier,
		) -> DispatchResult {
			T::RegulatorOrigin::ensure_origin(origin)?;
			Self::do_register_licence(holder, range, cells, validity, max_eirp, tier)
		}

		/// The regulator rescinds a licence: it takes no new offers (grants already made run on).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::rescind_licence())]
		pub fn rescind_licence(origin: OriginFor<T>, licence: LicenceId) -> DispatchResult {
			T::RegulatorOrigin::ensure_origin(origin)?;
			Licences::<T>::try_mutate(licence, |l| -> DispatchResult {
				l.as_mut().ok_or(Error::<T>::UnknownLicence)?.rescinded = true;
				Ok(())
			})?;
			Self::deposit_event(Event::LicenceRescinded { licence });
			Ok(())
		}

		/// The holder offers a slice of its licence, holding `OfferDeposit`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::create_offer())]
		pub fn create_offer(
			origin: OriginFor<T>,
			licence: LicenceId,
			range: FrequencyRange,
			cells: CellsOf<T>,
			window: Window<BlockNumberFor<T>>,
			pricing: Pricing,
			currency: CurrencyCode,
			min_lease: BlockNumberFor<T>,
			allowed_use: DocumentHash,
			mode: OfferMode<BlockNumberFor<T>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_create_offer(
				who,
				licence,
				range,
				cells,
				window,
				pricing,
				currency,
				min_lease,
				allowed_use,
				mode,
			)
		}

		/// The holder withdraws an offer that has no leading bid.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::withdraw_offer())]
		pub fn withdraw_offer(origin: OriginFor<T>, offer: OfferId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw_offer(who, offer)
		}

		/// An operator leases a slice of a posted offer at its price, holding `GrantDeposit`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::accept_offer(T::MaxCells::get()))]
		pub fn accept_offer(
			origin: OriginFor<T>,
			offer: OfferId,
			range: FrequencyRange,
			cells: CellsOf<T>,
			window: Window<BlockNumberFor<T>>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			ensure!(T::Operators::is_operator(&who), Error::<T>::NotOperator);
			let used = cells.len() as u32;
			Self::do_accept_offer(who, offer, range, cells, window)?;
			Ok(Some(T::WeightInfo::accept_offer(used)).into())
		}

		/// An operator bids a total price for a whole auctioned offer; the bid must beat the
		/// leading one (and the reserve). `BidBond` and `GrantDeposit` are held until outbid;
		/// the winner's deposit goes to its grant and its bond stays held until the grant ran
		/// to its end and its price is billed in full; relinquished early or terminated, the
		/// bond goes to the licence holder.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::place_bid())]
		pub fn place_bid(origin: OriginFor<T>, offer: OfferId, amount: Amount) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(T::Operators::is_operator(&who), Error::<T>::NotOperator);
			Self::do_place_bid(who, offer, amount)
		}

		/// Anyone closes an auction after its last bidding block: the leading bid wins a grant
		/// of the whole offer at its price. If no grant can be made (the window passed, the
		/// licence was rescinded, the spectrum is taken, the due lists are full) the auction
		/// fails instead; either way every hold but the winner's is released.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::close_auction(T::MaxCells::get()))]
		pub fn close_auction(origin: OriginFor<T>, offer: OfferId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_close_auction(offer)
		}

		/// A lessee renews its grants: each becomes (or stays) active for `HeartbeatInterval`
		/// blocks unless an incumbent holds it suspended.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::heartbeat(grants.len() as u32))]
		pub fn heartbeat(
			origin: OriginFor<T>,
			grants: BoundedVec<GrantId, T::MaxHeartbeatBatch>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_heartbeat(who, grants)
		}

		/// The lessee gives a grant up; its spectrum is free again.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::relinquish(T::MaxCells::get()))]
		pub fn relinquish(origin: OriginFor<T>, grant: GrantId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_relinquish(who, grant)
		}

		/// The regulator declares incumbent activity in a range and area until block `end`;
		/// every overlapping lower-tier grant is suspended by the sweep.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::declare_incumbent(T::MaxCells::get()))]
		pub fn declare_incumbent(
			origin: OriginFor<T>,
			range: FrequencyRange,
			cells: CellsOf<T>,
			end: BlockNumberFor<T>,
		) -> DispatchResult {
			T::RegulatorOrigin::ensure_origin(origin)?;
			Self::do_declare_incumbent(range, cells, end)
		}

		/// The regulator ends an incumbent activity early; its grants resume.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::end_incumbent())]
		pub fn end_incumbent(origin: OriginFor<T>, activity: ActivityId) -> DispatchResult {
			T::RegulatorOrigin::ensure_origin(origin)?;
			Self::do_end_incumbent(activity)
		}

		/// The lessee of a usage-priced grant reports units used.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::report_usage())]
		pub fn report_usage(origin: OriginFor<T>, grant: GrantId, units: u64) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_report_usage(who, grant, units)
		}

		/// Anyone bills a grant's accrued charge into clearing (lessee → holder).
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::bill())]
		pub fn bill(origin: OriginFor<T>, grant: GrantId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_bill(grant).map(|_| ())
		}

		/// An operator reports interference from a grant, holding `ReportDeposit`.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::report_interference())]
		pub fn report_interference(
			origin: OriginFor<T>,
			grant: GrantId,
			evidence: DocumentHash,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(T::Operators::is_operator(&who), Error::<T>::NotOperator);
			Self::do_report_interference(who, grant, evidence)
		}

		/// The regulator decides a report: upheld returns the deposit (and may terminate the
		/// grant); rejected forfeits it to the grant's lessee.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::resolve_interference(T::MaxCells::get()))]
		pub fn resolve_interference(
			origin: OriginFor<T>,
			report: ReportId,
			upheld: bool,
			terminate: bool,
		) -> DispatchResult {
			T::RegulatorOrigin::ensure_origin(origin)?;
			Self::do_resolve_interference(report, upheld, terminate)
		}

		/// Governance appoints the regulator's accounts, replacing the previous ones; each
		/// acts alone as the regulator origin (licences, incumbents, interference).
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::set_regulators(regulators.len() as u32))]
		pub fn set_regulators(
			origin: OriginFor<T>,
			regulators: BoundedVec<T::AccountId, T::MaxRegulators>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_regulators(regulators)
		}

		/// Anyone removes an ended, fully billed grant; the lessee's deposit returns.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::purge_grant())]
		pub fn purge_grant(origin: OriginFor<T>, grant: GrantId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_purge_grant(grant)
		}

		/// The lessee names the registered radio that transmits under a live grant (WInnForum
		/// SAS–CBSD: a grant belongs to a radio), with its maximum EIRP (dBm per 10 MHz, at
		/// most the licence's) and antenna height (metres, at most `MaxAntennaHeight`). The
		/// radio must be active in the device registry and in the lessee's custody, and not
		/// named on another live grant overlapping this one in frequency and time. A grant is
		/// renewed only once it names a radio; naming another replaces it.
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::assign_radio())]
		pub fn assign_radio(
			origin: OriginFor<T>,
			grant: GrantId,
			device: DeviceId,
			eirp: i16,
			antenna_height: u16,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_assign_radio(who, grant, device, eirp, antenna_height)
		}

		/// Anyone (the radio's own relay, or any account paying the fee) submits a heartbeat
		/// of a grant signed by the grant's radio over [`radio_heartbeat_payload`] — the
		/// genesis hash, the grant, the device and a recent block `at`, later than the radio's
		/// previous accepted heartbeat and less than `HeartbeatInterval` ago. It renews the
		/// grant as the lessee's `heartbeat` does, while the radio is active and in the
		/// lessee's custody. Weighed by the signature's key type (a P-256 check costs about
		/// twenty ed25519 ones).
		#[pallet::call_index(18)]
		#[pallet::weight(Pallet::<T>::radio_heartbeat_weight(signature))]
		pub fn radio_heartbeat(
			origin: OriginFor<T>,
			grant: GrantId,
			at: BlockNumberFor<T>,
			signature: DeviceSignature,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_radio_heartbeat(grant, at, signature)
		}
	}
}
