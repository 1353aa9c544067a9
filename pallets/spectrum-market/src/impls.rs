//! The logic behind the calls and hooks: the occupancy index, grant lifecycle, incumbent sweeps,
//! billing and the invariants.

use crate::{pallet::*, types::*, weights::WeightInfo};
use codec::Encode;
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{Saturating, UniqueSaturatedInto, Zero},
	SaturatedConversion,
};
use telecom_primitives::{
	Amount, CurrencyCode, DeviceCheckError, DeviceId, DeviceSignature, DeviceVerifier,
	DocumentHash, Obligation, ObligationSink, ObligationSource,
};

/// Tries further blocks when a due-list is full.
pub(crate) const DUE_SPREAD: u32 = 16;

impl<T: Config> Pallet<T> {
	fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// The band blocks `range` covers, checked against `MaxBandBlocks`.
	pub fn band_blocks(range: &FrequencyRange) -> Result<(BandBlock, BandBlock), DispatchError> {
		ensure!(range.is_valid(), Error::<T>::InvalidRange);
		let width = T::BandBlockHz::get().max(1);
		let first = BandBlock::try_from(range.low.checked_div(width).unwrap_or(0))
			.map_err(|_| Error::<T>::InvalidRange)?;
		let last =
			BandBlock::try_from(range.high.saturating_sub(1).checked_div(width).unwrap_or(0))
				.map_err(|_| Error::<T>::InvalidRange)?;
		ensure!(last.saturating_sub(first) < T::MaxBandBlocks::get(), Error::<T>::InvalidRange);
		Ok((first, last))
	}

	/// Every (cell, band block) slot of a range and area.
	fn slots(
		range: &FrequencyRange,
		cells: &[CellId],
	) -> Result<alloc::vec::Vec<(CellId, BandBlock)>, DispatchError> {
		let (first, last) = Self::band_blocks(range)?;
		Ok(cells.iter().flat_map(|cell| (first..=last).map(move |block| (*cell, block))).collect())
	}

	fn check_cells(cells: &[CellId]) -> DispatchResult {
		ensure!(cells_well_formed(cells), Error::<T>::InvalidCells);
		Ok(())
	}

	fn hold(
		reason: HoldReason,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> Result<u128, DispatchError> {
		T::Currency::hold(&reason.into(), who, amount)?;
		Ok(amount.saturated_into())
	}

	fn release(reason: HoldReason, who: &T::AccountId, amount: u128) -> DispatchResult {
		T::Currency::release(&reason.into(), who, amount.saturated_into(), Precision::BestEffort)
			.map(|_| ())
	}

	/// Records a state change in the grant's history and as an event.
	fn note_state(id: GrantId, state: GrantState) {
		let at = Self::now();
		GrantHistory::<T>::mutate(id, |history| {
			if history.is_full() {
				history.remove(0);
			}
			let _ = history.try_push(GrantStep { at, state });
		});
		Self::deposit_event(Event::GrantStateChanged { grant: id, state });
	}

	pub(crate) fn do_set_regulators(
		regulators: BoundedVec<T::AccountId, T::MaxRegulators>,
	) -> DispatchResult {
		let mut regulators = regulators.into_inner();
		regulators.sort();
		regulators.dedup();
		// Deduplicating only shortens the list: it stays within `MaxRegulators`.
		Regulators::<T>::put(BoundedVec::truncate_from(regulators.clone()));
		Self::deposit_event(Event::RegulatorsSet { regulators });
		Ok(())
	}

	pub(crate) fn do_register_licence(
		holder: T::AccountId,
		range: FrequencyRange,
		cells: CellsOf<T>,
		validity: Window<BlockNumberFor<T>>,
		max_eirp: i16,
		tier: Tier,
	) -> DispatchResult {
		ensure!(range.is_valid(), Error::<T>::InvalidRange);
		Self::check_cells(&cells)?;
		ensure!(validity.is_valid() && validity.end > Self::now(), Error::<T>::InvalidWindow);
		let id = NextLicenceId::<T>::get();
		NextLicenceId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		Licences::<T>::insert(
			id,
			Licence {
				holder: holder.clone(),
				range,
				cells,
				validity,
				max_eirp,
				tier,
				rescinded: false,
			},
		);
		Self::deposit_event(Event::LicenceRegistered { licence: id, holder, tier });
		Ok(())
	}

	#[allow(clippy::too_many_arguments)]
	pub(crate) fn do_create_offer(
		who: T::AccountId,
		licence_id: LicenceId,
		range: FrequencyRange,
		cells: CellsOf<T>,
		window: Window<BlockNumberFor<T>>,
		pricing: Pricing,
		currency: CurrencyCode,
		min_lease: BlockNumberFor<T>,
		allowed_use: DocumentHash,
		mode: OfferMode<BlockNumberFor<T>>,
	) -> DispatchResult {
		let licence = Licences::<T>::get(licence_id).ok_or(Error::<T>::UnknownLicence)?;
		ensure!(licence.holder == who, Error::<T>::NotHolder);
		ensure!(!licence.rescinded, Error::<T>::LicenceRescinded);
		ensure!(licence.tier != Tier::Incumbent, Error::<T>::IncumbentNotLeasable);
		Self::band_blocks(&range)?;
		Self::check_cells(&cells)?;
		ensure!(window.is_valid() && window.end > Self::now(), Error::<T>::InvalidWindow);
		ensure!(
			licence.range.contains(&range)
				&& cells_subset(&cells, &licence.cells)
				&& licence.validity.contains(&window),
			Error::<T>::OutsideLicence
		);
		ensure!(currency.is_valid(), Error::<T>::InvalidCurrency);
		if let OfferMode::Auction { closes_at, .. } = mode {
			ensure!(closes_at >= Self::now() && closes_at < window.end, Error::<T>::InvalidWindow);
		}
		let now = Self::now();
		let mut open = LicenceOffers::<T>::get(licence_id);
		let mut kept: BoundedVec<OfferId, T::MaxOpenOffers> = BoundedVec::new();
		for other_id in open.iter().copied() {
			let Some(other) = Offers::<T>::get(other_id) else { continue };
			if !other.open {
				continue;
			}
			// A posted offer whose window is over can no longer be taken: close it.
			if other.mode == OfferMode::Posted && other.window.end <= now {
				Self::close_offer(other_id, other)?;
				continue;
			}
			ensure!(
				!(other.range.overlaps(&range)
					&& other.window.overlaps(&window)
					&& cells_intersect(&other.cells, &cells)),
				Error::<T>::OverlappingOffer
			);
			kept.try_push(other_id).map_err(|_| Error::<T>::TooManyOffers)?;
		}
		open = kept;
		let deposit = Self::hold(HoldReason::OfferDeposit, &who, T::OfferDeposit::get())?;
		let id = NextOfferId::<T>::get();
		NextOfferId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		open.try_push(id).map_err(|_| Error::<T>::TooManyOffers)?;
		LicenceOffers::<T>::insert(licence_id, open);
		Offers::<T>::insert(
			id,
			Offer {
				licence: licence_id,
				holder: who,
				range,
				cells,
				window,
				pricing,
				currency,
				min_lease,
				allowed_use,
				mode,
				open: true,
				deposit,
			},
		);
		Self::deposit_event(Event::OfferCreated { offer: id, licence: licence_id });
		Ok(())
	}

	/// Closes an offer and returns its deposit.
	fn close_offer(id: OfferId, mut offer: OfferOf<T>) -> DispatchResult {
		Self::release(HoldReason::OfferDeposit, &offer.holder, offer.deposit)?;
		LicenceOffers::<T>::mutate_exists(offer.licence, |list| {
			if let Some(ids) = list {
				ids.retain(|other| *other != id);
				if ids.is_empty() {
					*list = None;
				}
			}
		});
		offer.open = false;
		offer.deposit = 0;
		Offers::<T>::insert(id, offer);
		Self::deposit_event(Event::OfferClosed { offer: id });
		Ok(())
	}

	pub(crate) fn do_withdraw_offer(who: T::AccountId, id: OfferId) -> DispatchResult {
		let offer = Offers::<T>::get(id).ok_or(Error::<T>::UnknownOffer)?;
		ensure!(offer.holder == who, Error::<T>::NotHolder);
		ensure!(offer.open, Error::<T>::OfferClosed);
		ensure!(!LeadingBids::<T>::contains_key(id), Error::<T>::HasBids);
		Self::close_offer(id, offer)
	}

	pub(crate) fn do_accept_offer(
		who: T::AccountId,
		offer_id: OfferId,
		range: FrequencyRange,
		cells: CellsOf<T>,
		window: Window<BlockNumberFor<T>>,
	) -> Result<GrantId, DispatchError> {
		let offer = Offers::<T>::get(offer_id).ok_or(Error::<T>::UnknownOffer)?;
		ensure!(offer.open, Error::<T>::OfferClosed);
		ensure!(offer.mode == OfferMode::Posted, Error::<T>::WrongMode);
		Self::ensure_not_rescinded(offer.licence)?;
		Self::check_cells(&cells)?;
		ensure!(window.is_valid() && window.end > Self::now(), Error::<T>::InvalidWindow);
		ensure!(
			offer.range.contains(&range)
				&& cells_subset(&cells, &offer.cells)
				&& offer.window.contains(&window),
			Error::<T>::OutsideOffer
		);
		ensure!(
			window.end.saturating_sub(window.start) >= offer.min_lease,
			Error::<T>::LeaseTooShort
		);
		let deposit = Self::hold(HoldReason::GrantDeposit, &who, T::GrantDeposit::get())?;
		Self::grant(who, offer_id, &offer, range, cells, window, offer.pricing, deposit, 0)
	}

	/// Creates a grant after checking and indexing its slots; `deposit` (and an auction
	/// winner's `bond`) are already held from the lessee.
	#[allow(clippy::too_many_arguments)]
	fn grant(
		lessee: T::AccountId,
		offer_id: OfferId,
		offer: &OfferOf<T>,
		range: FrequencyRange,
		cells: CellsOf<T>,
		window: Window<BlockNumberFor<T>>,
		pricing: Pricing,
		deposit: u128,
		bond: u128,
	) -> Result<GrantId, DispatchError> {
		let licence = Licences::<T>::get(offer.licence).ok_or(Error::<T>::UnknownLicence)?;
		let id = NextGrantId::<T>::get();
		NextGrantId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		let general = licence.tier == Tier::General;
		let entry = SlotEntry { grant: id, range, window, general };
		let now = Self::now();
		let mut incumbents: alloc::collections::BTreeSet<ActivityId> = Default::default();
		// General-access grants a priority grant pre-empts (CBRS: PAL protected from GAA).
		let mut preempted: alloc::collections::BTreeSet<GrantId> = Default::default();
		let priority = licence.tier == Tier::Priority;
		for (cell, block) in Self::slots(&range, &cells)? {
			Occupancy::<T>::try_mutate(cell, block, |entries| -> DispatchResult {
				for other in entries.iter().filter(|o| o.conflicts(&range, &window, general)) {
					ensure!(priority && other.general, Error::<T>::Overlap);
					preempted.insert(other.grant);
				}
				ensure!(
					preempted.len() as u32 <= T::MaxPreemptions::get(),
					Error::<T>::TooManyPreemptions
				);
				// Each access class has its own `MaxGrantsPerSlot`: general access a priority
				// grant pre-empts never takes the room that grant needs.
				let same_class = entries.iter().filter(|o| o.general == general).count();
				ensure!(same_class < T::MaxGrantsPerSlot::get() as usize, Error::<T>::SlotFull);
				entries.try_push(entry).map_err(|_| Error::<T>::SlotFull)?;
				Ok(())
			})?;
			for activity in IncumbentSlots::<T>::get(cell, block) {
				if let Some(a) = Activities::<T>::get(activity) {
					if !a.ended && a.range.overlaps(&range) && a.window.overlaps(&window) {
						incumbents.insert(activity);
					}
				}
			}
		}
		for activity in &incumbents {
			Affected::<T>::insert(activity, id, ());
		}
		let state = if incumbents.is_empty() {
			GrantState::Granted
		} else {
			GrantState::Suspended(SuspensionCause::Incumbent)
		};
		Self::schedule(&Expiring::<T>::get, Expiring::<T>::insert, window.end, id)?;
		GrantsOf::<T>::insert(&lessee, id, ());
		GrantsOf::<T>::insert(&offer.holder, id, ());
		Grants::<T>::insert(
			id,
			Grant {
				licence: offer.licence,
				offer: offer_id,
				holder: offer.holder.clone(),
				lessee: lessee.clone(),
				range,
				cells,
				window,
				tier: licence.tier,
				pricing,
				currency: offer.currency,
				state,
				last_heartbeat: None,
				heartbeat_due: None,
				incumbents: incumbents.len() as u32,
				billed_until: window.start,
				unbilled_units: 0,
				billed: 0,
				ended_at: None,
				incumbent_since: (!incumbents.is_empty()).then_some(now.max(window.start)),
				incumbent_blocks: 0,
				carry: 0,
				deposit,
				bond,
				preemptions: 0,
				complaints: 0,
			},
		);
		Self::deposit_event(Event::Granted { grant: id, offer: offer_id, lessee });
		Self::note_state(id, state);
		if !preempted.is_empty() {
			for gaa in &preempted {
				Preempted::<T>::insert(id, gaa, false);
			}
			if window.start <= now {
				Self::start_preemptions(id);
			} else {
				Self::schedule(
					&PreemptionsDue::<T>::get,
					PreemptionsDue::<T>::insert,
					window.start,
					id,
				)?;
			}
		}
		Ok(id)
	}

	/// Puts `id` in the due-list of block `at`, or of the next block with room; returns the
	/// block it went to.
	fn schedule(
		get: &dyn Fn(BlockNumberFor<T>) -> BoundedVec<GrantId, T::MaxDuePerBlock>,
		put: impl Fn(BlockNumberFor<T>, BoundedVec<GrantId, T::MaxDuePerBlock>),
		at: BlockNumberFor<T>,
		id: GrantId,
	) -> Result<BlockNumberFor<T>, DispatchError> {
		let mut block = at;
		for _ in 0..DUE_SPREAD {
			let mut list = get(block);
			if list.try_push(id).is_ok() {
				put(block, list);
				return Ok(block);
			}
			block = block.saturating_add(1u32.into());
		}
		Err(Error::<T>::Busy.into())
	}

	pub(crate) fn do_place_bid(who: T::AccountId, id: OfferId, amount: Amount) -> DispatchResult {
		let offer = Offers::<T>::get(id).ok_or(Error::<T>::UnknownOffer)?;
		ensure!(offer.open, Error::<T>::OfferClosed);
		let OfferMode::Auction { closes_at, reserve } = offer.mode else {
			return Err(Error::<T>::WrongMode.into());
		};
		ensure!(Self::now() <= closes_at, Error::<T>::BiddingClosed);
		Self::ensure_not_rescinded(offer.licence)?;
		ensure!(amount >= reserve && amount > 0, Error::<T>::BidTooLow);
		if let Some(leading) = LeadingBids::<T>::get(id) {
			ensure!(amount > leading.amount, Error::<T>::BidTooLow);
			Self::release_bid(&leading)?;
		}
		let bond = Self::hold(HoldReason::BidBond, &who, T::BidBond::get())?;
		let deposit = Self::hold(HoldReason::GrantDeposit, &who, T::GrantDeposit::get())?;
		LeadingBids::<T>::insert(id, LeadingBid { bidder: who.clone(), amount, bond, deposit });
		Self::deposit_event(Event::BidPlaced { offer: id, bidder: who, amount });
		Ok(())
	}

	/// Refuses an unknown or rescinded licence: its offers can no longer be taken.
	fn ensure_not_rescinded(licence: LicenceId) -> DispatchResult {
		let licence = Licences::<T>::get(licence).ok_or(Error::<T>::UnknownLicence)?;
		ensure!(!licence.rescinded, Error::<T>::LicenceRescinded);
		Ok(())
	}

	/// Releases what a bid holds.
	fn release_bid(bid: &LeadingBid<T::AccountId>) -> DispatchResult {
		Self::release(HoldReason::BidBond, &bid.bidder, bid.bond)?;
		Self::release(HoldReason::GrantDeposit, &bid.bidder, bid.deposit)
	}

	/// Ends an auction after bidding closed: won (a grant of the whole offer at the leading
	/// bid), unsold (no bid) or failed (no grant could be made: every hold is released). Only
	/// an open offer that is not an auction, or bidding still open, is refused.
	pub(crate) fn do_close_auction(id: OfferId) -> DispatchResult {
		let offer = Offers::<T>::get(id).ok_or(Error::<T>::UnknownOffer)?;
		ensure!(offer.open, Error::<T>::OfferClosed);
		let OfferMode::Auction { closes_at, .. } = offer.mode else {
			return Err(Error::<T>::WrongMode.into());
		};
		let now = Self::now();
		ensure!(now > closes_at, Error::<T>::BiddingOpen);
		if let Some(leading) = LeadingBids::<T>::take(id) {
			// The lease starts no earlier than now.
			let window = Window { start: offer.window.start.max(now), end: offer.window.end };
			let granted = frame_support::storage::with_storage_layer(|| {
				ensure!(window.is_valid(), Error::<T>::InvalidWindow);
				Self::ensure_not_rescinded(offer.licence)?;
				Self::grant(
					leading.bidder.clone(),
					id,
					&offer,
					offer.range,
					offer.cells.clone(),
					window,
					Pricing::Fixed(leading.amount),
					leading.deposit,
					leading.bond,
				)
			});
			if let Err(reason) = granted {
				Self::release_bid(&leading)?;
				Self::deposit_event(Event::AuctionFailed { offer: id, reason });
			}
		}
		Self::close_offer(id, offer)
	}

	fn grant_of(id: GrantId) -> Result<GrantOf<T>, DispatchError> {
		Grants::<T>::get(id).ok_or_else(|| Error::<T>::UnknownGrant.into())
	}

	/// Whether a heartbeat at `beat` still covers block `now`.
	fn fresh(beat: Option<BlockNumberFor<T>>, now: BlockNumberFor<T>) -> bool {
		beat.is_some_and(|beat| now < beat.saturating_add(T::HeartbeatInterval::get()))
	}

	/// Renews each grant of the batch on its own: a grant that cannot be renewed (unknown, not
	/// the caller's, ended, or its due list full) is reported by `HeartbeatRejected` and leaves
	/// the others renewed. Fails only when no grant was renewed.
	pub(crate) fn do_heartbeat(
		who: T::AccountId,
		grants: BoundedVec<GrantId, T::MaxHeartbeatBatch>,
	) -> DispatchResult {
		let mut renewed: u32 = 0;
		let mut first_error = None;
		for id in grants {
			let outcome = frame_support::storage::with_storage_layer(|| Self::renew(&who, id));
			match outcome {
				Ok(()) => renewed = renewed.saturating_add(1),
				Err(reason) => {
					first_error.get_or_insert(reason);
					Self::deposit_event(Event::HeartbeatRejected { grant: id, reason });
				},
			}
		}
		if renewed == 0 {
			if let Some(reason) = first_error {
				return Err(reason);
			}
		}
		Self::deposit_event(Event::Heartbeat { lessee: who, grants: renewed });
		Ok(())
	}

	/// Renews one grant of `who`'s heartbeat: the grant must name a radio that is still
	/// active and in the lessee's custody.
	fn renew(who: &T::AccountId, id: GrantId) -> DispatchResult {
		let grant = Self::grant_of(id)?;
		ensure!(grant.lessee == *who, Error::<T>::NotLessee);
		ensure!(grant.state.is_live(), Error::<T>::GrantEnded);
		let radio = GrantRadios::<T>::get(id).ok_or(Error::<T>::NoRadio)?;
		Self::ensure_radio_serves(&radio.device, &grant.lessee)?;
		Self::renew_grant(id, grant, Self::now())
	}

	/// Checks that `device` is a registered, active radio in `lessee`'s custody.
	fn ensure_radio_serves(device: &DeviceId, lessee: &T::AccountId) -> DispatchResult {
		let custodian = T::Devices::custodian(device).ok_or(Error::<T>::UnknownRadio)?;
		ensure!(T::Devices::is_active(device), Error::<T>::RadioNotActive);
		ensure!(custodian == *lessee, Error::<T>::RadioNotInCustody);
		Ok(())
	}

	/// Renews a live grant by a heartbeat made at block `beat` (now, or a radio's recent
	/// signed block): it stays active until `beat + HeartbeatInterval`.
	fn renew_grant(id: GrantId, mut grant: GrantOf<T>, beat: BlockNumberFor<T>) -> DispatchResult {
		let now = Self::now();
		let due = beat.saturating_add(T::HeartbeatInterval::get());
		// A grant has at most one pending heartbeat check: while it is due in the future a
		// renewal schedules nothing (the hook, finding the grant fresh, checks it again at
		// the latest renewal's deadline), so renewing every block cannot fill the due lists.
		match grant.heartbeat_due {
			Some(at) if at > now => {},
			stale => {
				if let Some(at) = stale {
					// Only if its hook never ran: drop the old entry rather than add a second.
					HeartbeatDue::<T>::mutate_exists(at, |list| {
						if let Some(ids) = list {
							ids.retain(|other| *other != id);
							if ids.is_empty() {
								*list = None;
							}
						}
					});
				}
				grant.heartbeat_due = Some(Self::schedule(
					&HeartbeatDue::<T>::get,
					HeartbeatDue::<T>::insert,
					due,
					id,
				)?);
			},
		}
		grant.last_heartbeat = Some(grant.last_heartbeat.map_or(beat, |last| last.max(beat)));
		let next = if let Some(held) = Self::held_state(&grant) {
			held
		} else if now >= grant.window.start {
			GrantState::Active
		} else {
			GrantState::Granted
		};
		let changed = next != grant.state;
		grant.state = next;
		Grants::<T>::insert(id, grant);
		if changed {
			Self::note_state(id, next);
		}
		Ok(())
	}

	/// The chain's genesis hash, which every radio-signed heartbeat carries.
	pub fn genesis_hash() -> T::Hash {
		frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero())
	}

	/// Weight of `radio_heartbeat` with `signature`: the ed25519 benchmark, plus for another
	/// key type its own benchmark (a well-formed signature checked to the end), a safe upper
	/// bound.
	pub fn radio_heartbeat_weight(signature: &DeviceSignature) -> Weight {
		T::WeightInfo::radio_heartbeat().saturating_add(match signature {
			DeviceSignature::Ed25519(_) => Weight::zero(),
			DeviceSignature::Sr25519(_) => T::WeightInfo::radio_heartbeat_sr25519(),
			DeviceSignature::Ecdsa(_) => T::WeightInfo::radio_heartbeat_ecdsa(),
			DeviceSignature::P256(_) => T::WeightInfo::radio_heartbeat_p256(),
		})
	}

	pub(crate) fn do_assign_radio(
		who: T::AccountId,
		id: GrantId,
		device: DeviceId,
		eirp: i16,
		antenna_height: u16,
	) -> DispatchResult {
		let grant = Self::grant_of(id)?;
		ensure!(grant.lessee == who, Error::<T>::NotLessee);
		ensure!(grant.state.is_live(), Error::<T>::GrantEnded);
		let licence = Licences::<T>::get(grant.licence).ok_or(Error::<T>::UnknownLicence)?;
		ensure!(eirp <= licence.max_eirp, Error::<T>::EirpAboveLicence);
		ensure!(antenna_height <= T::MaxAntennaHeight::get(), Error::<T>::AntennaTooHigh);
		Self::ensure_radio_serves(&device, &who)?;
		let previous = GrantRadios::<T>::get(id);
		let replaced = previous.map(|radio| radio.device);
		// The grant leaves its previous radio's list (also when it names the same radio
		// again with new parameters), then joins the new one's.
		if let Some(old) = replaced {
			Self::unlist_radio(&old, id);
		}
		RadioGrants::<T>::try_mutate(device, |entries| -> DispatchResult {
			// One transmitter is never counted twice for the same spectrum at the same time:
			// it may serve several grants only over disjoint frequencies or periods.
			ensure!(
				!entries
					.iter()
					.any(|e| e.range.overlaps(&grant.range) && e.window.overlaps(&grant.window)),
				Error::<T>::RadioBusy
			);
			entries
				.try_push(RadioEntry { grant: id, range: grant.range, window: grant.window })
				.map_err(|_| Error::<T>::TooManyGrantsPerRadio)?;
			Ok(())
		})?;
		// The heartbeat counter stays with the grant: a new radio's payloads name its own
		// device, and blocks keep rising.
		let last_beat = previous.and_then(|radio| radio.last_beat);
		GrantRadios::<T>::insert(id, RadioAssignment { device, eirp, antenna_height, last_beat });
		Self::deposit_event(Event::RadioAssigned {
			grant: id,
			device,
			eirp,
			antenna_height,
			replaced,
		});
		Ok(())
	}

	/// Removes a grant from its radio's list.
	fn unlist_radio(device: &DeviceId, id: GrantId) {
		RadioGrants::<T>::mutate_exists(device, |list| {
			if let Some(entries) = list {
				entries.retain(|entry| entry.grant != id);
				if entries.is_empty() {
					*list = None;
				}
			}
		});
	}

	pub(crate) fn do_radio_heartbeat(
		id: GrantId,
		at: BlockNumberFor<T>,
		signature: DeviceSignature,
	) -> DispatchResult {
		let grant = Self::grant_of(id)?;
		ensure!(grant.state.is_live(), Error::<T>::GrantEnded);
		let mut radio = GrantRadios::<T>::get(id).ok_or(Error::<T>::NoRadio)?;
		let now = Self::now();
		ensure!(
			at <= now && now < at.saturating_add(T::HeartbeatInterval::get()),
			Error::<T>::StaleHeartbeat
		);
		ensure!(radio.last_beat.is_none_or(|last| at > last), Error::<T>::ReplayedHeartbeat);
		let payload = radio_heartbeat_payload(&Self::genesis_hash(), id, &radio.device, &at);
		T::Devices::verify(&radio.device, &payload, &signature).map_err(|e| match e {
			DeviceCheckError::UnknownDevice => Error::<T>::UnknownRadio,
			DeviceCheckError::NotActive => Error::<T>::RadioNotActive,
			DeviceCheckError::NoValidKey | DeviceCheckError::BadSignature => {
				Error::<T>::BadRadioSignature
			},
		})?;
		// A radio handed to someone else no longer speaks for the lessee's grant.
		ensure!(
			T::Devices::custodian(&radio.device).as_ref() == Some(&grant.lessee),
			Error::<T>::RadioNotInCustody
		);
		radio.last_beat = Some(at);
		let device = radio.device;
		GrantRadios::<T>::insert(id, radio);
		Self::renew_grant(id, grant, at)?;
		Self::deposit_event(Event::RadioHeartbeat { grant: id, device, at });
		Ok(())
	}

	/// Ends a live grant early (relinquished or terminated): frees its slots.
	fn end_grant(id: GrantId, mut grant: GrantOf<T>, state: GrantState) -> DispatchResult {
		ensure!(grant.state.is_live(), Error::<T>::GrantEnded);
		let now = Self::now();
		Self::unindex(id, &grant)?;
		// Its radio is free for other grants over the same spectrum.
		if let Some(radio) = GrantRadios::<T>::get(id) {
			Self::unlist_radio(&radio.device, id);
		}
		Self::end_preemptions(id, now);
		Self::close_incumbent_time(&mut grant, now);
		grant.state = state;
		if state != GrantState::Expired {
			grant.ended_at = Some(now.max(grant.window.start));
			// An auction winner that gives its grant up early, or loses it for cause, forfeits
			// its bond to the licence holder: a bid it never meant to honour is not free.
			if grant.bond > 0 {
				T::Currency::transfer_on_hold(
					&HoldReason::BidBond.into(),
					&grant.lessee,
					&grant.holder,
					grant.bond.saturated_into(),
					Precision::BestEffort,
					Restriction::Free,
					Fortitude::Force,
				)?;
				Self::deposit_event(Event::BondForfeited {
					grant: id,
					to: grant.holder.clone(),
					amount: grant.bond,
				});
				grant.bond = 0;
			}
		}
		Grants::<T>::insert(id, grant);
		Self::note_state(id, state);
		Ok(())
	}

	/// Removes a grant from its slots.
	fn unindex(id: GrantId, grant: &GrantOf<T>) -> DispatchResult {
		for (cell, block) in Self::slots(&grant.range, &grant.cells)? {
			Occupancy::<T>::mutate_exists(cell, block, |entries| {
				if let Some(list) = entries {
					list.retain(|entry| entry.grant != id);
					if list.is_empty() {
						*entries = None;
					}
				}
			});
		}
		Ok(())
	}

	/// The suspension an incumbent or a pre-empting priority grant imposes, if any.
	pub(crate) fn held_state(grant: &GrantOf<T>) -> Option<GrantState> {
		if grant.incumbents > 0 {
			Some(GrantState::Suspended(SuspensionCause::Incumbent))
		} else if grant.preemptions > 0 {
			Some(GrantState::Suspended(SuspensionCause::Priority))
		} else {
			None
		}
	}

	/// Brings a live grant's state in line with its incumbent and pre-emption counts (starting
	/// or closing its unbilled protected time); returns the new state if it changed.
	fn refresh_hold(grant: &mut GrantOf<T>, now: BlockNumberFor<T>) -> Option<GrantState> {
		let next = match Self::held_state(grant) {
			Some(held) => {
				if grant.incumbent_since.is_none() {
					grant.incumbent_since = Some(now.max(grant.window.start));
				}
				held
			},
			None => {
				Self::close_incumbent_time(grant, now);
				if !matches!(
					grant.state,
					GrantState::Suspended(SuspensionCause::Incumbent)
						| GrantState::Suspended(SuspensionCause::Priority)
				) {
					return None;
				}
				if Self::fresh(grant.last_heartbeat, now) {
					GrantState::Active
				} else if grant.last_heartbeat.is_none() {
					GrantState::Granted
				} else {
					GrantState::Suspended(SuspensionCause::MissedHeartbeat)
				}
			},
		};
		(next != grant.state).then(|| {
			grant.state = next;
			next
		})
	}

	/// Puts the pre-emptions a priority grant recorded into force: each general-access grant
	/// it overlaps is suspended until the priority grant ends.
	pub(crate) fn start_preemptions(pal: GrantId) {
		let now = Self::now();
		let pending: alloc::vec::Vec<GrantId> = Preempted::<T>::iter_prefix(pal)
			.filter_map(|(gaa, applied)| (!applied).then_some(gaa))
			.collect();
		for gaa in pending {
			Preempted::<T>::insert(pal, gaa, true);
			let Some(mut grant) = Grants::<T>::get(gaa) else { continue };
			if !grant.state.is_live() {
				continue;
			}
			grant.preemptions = grant.preemptions.saturating_add(1);
			let changed = Self::refresh_hold(&mut grant, now);
			Grants::<T>::insert(gaa, grant);
			if let Some(state) = changed {
				Self::note_state(gaa, state);
			}
		}
	}

	/// Lifts the pre-emptions of a priority grant that ended.
	fn end_preemptions(pal: GrantId, now: BlockNumberFor<T>) {
		for (gaa, applied) in Preempted::<T>::drain_prefix(pal) {
			if !applied {
				continue;
			}
			let Some(mut grant) = Grants::<T>::get(gaa) else { continue };
			grant.preemptions = grant.preemptions.saturating_sub(1);
			let changed =
				if grant.state.is_live() { Self::refresh_hold(&mut grant, now) } else { None };
			Grants::<T>::insert(gaa, grant);
			if let Some(state) = changed {
				Self::note_state(gaa, state);
			}
		}
	}

	/// Adds a running incumbent suspension to the blocks not to bill.
	fn close_incumbent_time(grant: &mut GrantOf<T>, now: BlockNumberFor<T>) {
		if let Some(since) = grant.incumbent_since.take() {
			let until = now.min(grant.window.end);
			let blocks: u64 = until.saturating_sub(since).unique_saturated_into();
			grant.incumbent_blocks = grant.incumbent_blocks.saturating_add(blocks);
		}
	}

	pub(crate) fn do_relinquish(who: T::AccountId, id: GrantId) -> DispatchResult {
		let grant = Self::grant_of(id)?;
		ensure!(grant.lessee == who, Error::<T>::NotLessee);
		Self::end_grant(id, grant, GrantState::Relinquished)
	}

	pub(crate) fn do_declare_incumbent(
		range: FrequencyRange,
		cells: CellsOf<T>,
		end: BlockNumberFor<T>,
	) -> DispatchResult {
		Self::check_cells(&cells)?;
		let now = Self::now();
		ensure!(end > now, Error::<T>::InvalidWindow);
		let slots = Self::slots(&range, &cells)?;
		let id = NextActivityId::<T>::get();
		NextActivityId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		for (cell, block) in slots {
			IncumbentSlots::<T>::try_mutate(cell, block, |list| list.try_push(id))
				.map_err(|_| Error::<T>::TooManyActivities)?;
		}
		Sweeps::<T>::try_mutate(|sweeps| {
			sweeps.try_push(Sweep { activity: id, suspend: true, cursor: 0, holding: false })
		})
		.map_err(|_| Error::<T>::Busy)?;
		ActivityEnds::<T>::try_mutate(end, |list| list.try_push(id))
			.map_err(|_| Error::<T>::Busy)?;
		Activities::<T>::insert(
			id,
			IncumbentActivity { range, cells, window: Window { start: now, end }, ended: false },
		);
		Self::deposit_event(Event::IncumbentDeclared { activity: id });
		Ok(())
	}

	pub(crate) fn do_end_incumbent(id: ActivityId) -> DispatchResult {
		let mut activity = Activities::<T>::get(id).ok_or(Error::<T>::UnknownActivity)?;
		ensure!(!activity.ended, Error::<T>::ActivityEnded);
		// The activity's own entry turns into its resume sweep: no room is needed, so a
		// scheduled end is never refused. (An entry is missing only if the activity's resume
		// already completed, which `ended` rules out.)
		Sweeps::<T>::try_mutate(|sweeps| -> DispatchResult {
			let resume = Sweep { activity: id, suspend: false, cursor: 0, holding: false };
			match sweeps.iter_mut().find(|sweep| sweep.activity == id) {
				Some(sweep) => *sweep = resume,
				None => sweeps.try_push(resume).map_err(|_| Error::<T>::Busy)?,
			}
			Ok(())
		})?;
		// Ended early: it leaves the list of its scheduled end, which stays within bounds.
		let now = Self::now();
		if activity.window.end > now {
			ActivityEnds::<T>::mutate_exists(activity.window.end, |list| {
				if let Some(ids) = list {
					ids.retain(|other| *other != id);
					if ids.is_empty() {
						*list = None;
					}
				}
			});
		}
		activity.ended = true;
		activity.window.end = now.max(activity.window.start);
		Activities::<T>::insert(id, activity);
		Self::deposit_event(Event::IncumbentEnded { activity: id });
		Ok(())
	}

	pub(crate) fn do_report_usage(who: T::AccountId, id: GrantId, units: u64) -> DispatchResult {
		let mut grant = Self::grant_of(id)?;
		ensure!(grant.lessee == who, Error::<T>::NotLessee);
		ensure!(matches!(grant.pricing, Pricing::PerReportedUnit(_)), Error::<T>::NotUsagePriced);
		ensure!(grant.state.is_live(), Error::<T>::GrantEnded);
		ensure!(Self::held_state(&grant).is_none(), Error::<T>::SuspendedByIncumbent);
		grant.unbilled_units =
			grant.unbilled_units.checked_add(units).ok_or(Error::<T>::Overflow)?;
		Grants::<T>::insert(id, grant);
		Self::deposit_event(Event::UsageReported { grant: id, units });
		Ok(())
	}

	/// The charge accrued by a grant up to `now`: the amount, the block it is billed until and
	/// the remainder to carry into the next bill.
	///
	/// Rounding, stated once: time-priced charges accrue exactly as `rate × chargeable blocks`
	/// over a fixed denominator; each bill takes the whole minor units and carries the
	/// remainder (less than one minor unit) to the next, so billing every block costs the
	/// lessee exactly what billing once would. Blocks an incumbent holds the grant suspended
	/// are not chargeable. A fixed price is spread over the whole window: when the grant ends
	/// early the rest of the window (less incumbent time) falls due at once.
	pub fn accrued(
		grant: &GrantOf<T>,
		now: BlockNumberFor<T>,
	) -> Result<(Amount, BlockNumberFor<T>, u128), DispatchError> {
		let end = grant.billing_end();
		let until = if grant.state.is_live() { now.min(end) } else { end }.max(grant.billed_until);
		let (rate, denominator) = match grant.pricing {
			Pricing::PerMhzHour(price) => (
				price.checked_mul(u128::from(grant.range.width())).ok_or(Error::<T>::Overflow)?,
				HZ_PER_MHZ.saturating_mul(u128::from(T::BlocksPerHour::get())),
			),
			Pricing::Fixed(total) => {
				let length: u64 =
					grant.window.end.saturating_sub(grant.window.start).unique_saturated_into();
				(total, u128::from(length))
			},
			Pricing::PerReportedUnit(price) => {
				let amount = price
					.checked_mul(u128::from(grant.unbilled_units))
					.ok_or(Error::<T>::Overflow)?;
				return Ok((amount, until, 0));
			},
		};
		let blocks: u64 = until.saturating_sub(grant.billed_until).unique_saturated_into();
		let running: u64 = grant
			.incumbent_since
			.map(|since| {
				until.saturating_sub(since.max(grant.billed_until)).unique_saturated_into()
			})
			.unwrap_or(0);
		let suspended = grant.incumbent_blocks.saturating_add(running).min(blocks);
		let chargeable = u128::from(blocks.saturating_sub(suspended));
		let denominator = denominator.max(1);
		// rate × n + carry over d, without forming rate × n: rate = q·d + r.
		let (whole, part) = (
			rate.checked_div(denominator).unwrap_or(0),
			rate.checked_rem(denominator).unwrap_or(0),
		);
		let spread = part
			.checked_mul(chargeable)
			.and_then(|x| x.checked_add(grant.carry))
			.ok_or(Error::<T>::Overflow)?;
		let amount = whole
			.checked_mul(chargeable)
			.and_then(|x| x.checked_add(spread.checked_div(denominator).unwrap_or(0)))
			.ok_or(Error::<T>::Overflow)?;
		Ok((amount, until, spread.checked_rem(denominator).unwrap_or(0)))
	}

	/// Bills a grant's accrued charge into clearing; returns the amount.
	pub(crate) fn do_bill(id: GrantId) -> Result<Amount, DispatchError> {
		let mut grant = Self::grant_of(id)?;
		let now = Self::now();
		let (amount, until, carry) = Self::accrued(&grant, now)?;
		if amount > 0 {
			T::Obligations::submit(Obligation {
				payer: grant.lessee.clone(),
				payee: grant.holder.clone(),
				currency: grant.currency,
				amount,
				source: ObligationSource::Spectrum,
				reference: DocumentHash::from(sp_io::hashing::blake2_256(
					&(b"spectrum-grant", id, grant.billed_until, until).encode(),
				)),
			})?;
		}
		grant.billed = grant.billed.saturating_add(amount);
		grant.billed_until = until;
		grant.carry = carry;
		grant.unbilled_units = 0;
		grant.incumbent_blocks = 0;
		if grant.incumbent_since.is_some() {
			grant.incumbent_since = Some(until);
		}
		// An auction winner's bond is released once its grant ran to its end and its price is
		// billed in full (an early end forfeited it already).
		if grant.bond > 0
			&& grant.state == GrantState::Expired
			&& grant.billed_until >= grant.billing_end()
		{
			Self::release(HoldReason::BidBond, &grant.lessee, grant.bond)?;
			grant.bond = 0;
		}
		let currency = grant.currency;
		Grants::<T>::insert(id, grant);
		Self::deposit_event(Event::Billed { grant: id, amount, currency, until });
		Ok(amount)
	}

	pub(crate) fn do_report_interference(
		who: T::AccountId,
		grant: GrantId,
		evidence: DocumentHash,
	) -> DispatchResult {
		let mut record = Self::grant_of(grant)?;
		ensure!(record.state.is_live(), Error::<T>::GrantEnded);
		let deposit = Self::hold(HoldReason::ReportDeposit, &who, T::ReportDeposit::get())?;
		record.complaints = record.complaints.checked_add(1).ok_or(Error::<T>::Overflow)?;
		Grants::<T>::insert(grant, record);
		let id = NextReportId::<T>::get();
		NextReportId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		Reports::<T>::insert(id, InterferenceReport { reporter: who, grant, evidence, deposit });
		Self::deposit_event(Event::InterferenceReported { report: id, grant });
		Ok(())
	}

	pub(crate) fn do_resolve_interference(
		id: ReportId,
		upheld: bool,
		terminate: bool,
	) -> DispatchResult {
		let report = Reports::<T>::take(id).ok_or(Error::<T>::UnknownReport)?;
		// A grant with an open complaint is never purged, so it is still here.
		let mut grant = Self::grant_of(report.grant)?;
		grant.complaints = grant.complaints.saturating_sub(1);
		Grants::<T>::insert(report.grant, grant);
		if upheld {
			Self::release(HoldReason::ReportDeposit, &report.reporter, report.deposit)?;
			if terminate {
				let grant = Self::grant_of(report.grant)?;
				if grant.state.is_live() {
					Self::end_grant(report.grant, grant, GrantState::Terminated)?;
				}
			}
		} else {
			// The rejected complaint's deposit compensates the lessee it accused.
			let lessee = Self::grant_of(report.grant)?.lessee;
			T::Currency::transfer_on_hold(
				&HoldReason::ReportDeposit.into(),
				&report.reporter,
				&lessee,
				report.deposit.saturated_into(),
				Precision::BestEffort,
				Restriction::Free,
				Fortitude::Force,
			)?;
		}
		Self::deposit_event(Event::InterferenceResolved { report: id, upheld });
		Ok(())
	}

	pub(crate) fn do_purge_grant(id: GrantId) -> DispatchResult {
		let grant = Self::grant_of(id)?;
		ensure!(!grant.state.is_live(), Error::<T>::GrantLive);
		let (amount, _, _) = Self::accrued(&grant, grant.billing_end())?;
		ensure!(amount == 0 && grant.billed_until >= grant.billing_end(), Error::<T>::Unbilled);
		ensure!(grant.complaints == 0, Error::<T>::ComplaintOpen);
		Self::release(HoldReason::GrantDeposit, &grant.lessee, grant.deposit)?;
		Self::release(HoldReason::BidBond, &grant.lessee, grant.bond)?;
		GrantsOf::<T>::remove(&grant.lessee, id);
		GrantsOf::<T>::remove(&grant.holder, id);
		GrantHistory::<T>::remove(id);
		GrantRadios::<T>::remove(id);
		Grants::<T>::remove(id);
		Self::deposit_event(Event::GrantPurged { grant: id });
		Ok(())
	}

	// ---- hooks ----

	/// The block's bounded work: incumbent sweeps, ended activities, lapsed heartbeats and
	/// expiring grants. Returns the weight used.
	pub(crate) fn process_block(now: BlockNumberFor<T>) -> Weight {
		let mut weight = T::WeightInfo::on_initialize_idle();
		// Activities ending now queue their resume sweeps first, so they start this block.
		let ended = ActivityEnds::<T>::take(now);
		for activity in ended.iter() {
			weight = weight.saturating_add(T::WeightInfo::end_incumbent());
			if Activities::<T>::get(activity).is_some_and(|a| !a.ended)
				&& Self::do_end_incumbent(*activity).is_err()
			{
				// Cannot happen (the activity's own entry becomes its resume sweep); were it
				// to, the end is retried next block rather than dropped.
				let next = now.saturating_add(1u32.into());
				let _ = ActivityEnds::<T>::try_mutate(next, |list| list.try_push(*activity));
			}
		}
		let slots = Self::run_sweeps(now);
		weight = weight.saturating_add(T::WeightInfo::sweep_slots(slots));
		let due = HeartbeatDue::<T>::take(now);
		weight = weight.saturating_add(T::WeightInfo::lapse_heartbeats(due.len() as u32));
		for id in due {
			let Some(mut grant) = Grants::<T>::get(id) else { continue };
			if grant.heartbeat_due != Some(now) {
				continue;
			}
			grant.heartbeat_due = None;
			let mut changed = None;
			if grant.state.is_live() && Self::fresh(grant.last_heartbeat, now) {
				// Renewed since it was scheduled: check again at that renewal's deadline. Were
				// every probed list full, the next renewal schedules it.
				if let Some(beat) = grant.last_heartbeat {
					grant.heartbeat_due = Self::schedule(
						&HeartbeatDue::<T>::get,
						HeartbeatDue::<T>::insert,
						beat.saturating_add(T::HeartbeatInterval::get()),
						id,
					)
					.ok();
				}
			} else if grant.state == GrantState::Active {
				let state = GrantState::Suspended(SuspensionCause::MissedHeartbeat);
				grant.state = state;
				changed = Some(state);
			}
			Grants::<T>::insert(id, grant);
			if let Some(state) = changed {
				Self::note_state(id, state);
			}
		}
		// Priority grants starting now pre-empt the general access they overlap. (Stand-in
		// weight: an expiry per priority grant bounds its `MaxPreemptions` grant writes.)
		let starting = PreemptionsDue::<T>::take(now);
		weight = weight.saturating_add(T::WeightInfo::expire_grants(starting.len() as u32));
		for pal in starting {
			if Grants::<T>::get(pal).is_some_and(|g| g.state.is_live()) {
				Self::start_preemptions(pal);
			}
		}
		let expiring = Expiring::<T>::take(now);
		weight = weight.saturating_add(T::WeightInfo::expire_grants(expiring.len() as u32));
		for id in expiring {
			if let Some(grant) = Grants::<T>::get(id) {
				if grant.state.is_live() {
					let _ = Self::end_grant(id, grant, GrantState::Expired);
				}
			}
		}
		weight
	}

	/// Visits up to `SweepSlotsPerBlock` slots of the queued sweeps; returns how many.
	fn run_sweeps(now: BlockNumberFor<T>) -> u32 {
		Self::run_sweeps_limited(now, T::SweepSlotsPerBlock::get())
	}

	/// Visits up to `budget` slots of the queued sweeps; returns how many.
	pub(crate) fn run_sweeps_limited(now: BlockNumberFor<T>, budget: u32) -> u32 {
		let mut used: u32 = 0;
		let mut sweeps = Sweeps::<T>::get();
		if sweeps.is_empty() {
			return 0;
		}
		while used < budget {
			// The first entry with work: holding entries wait for their activity's end.
			let Some(index) = sweeps.iter().position(|sweep| !sweep.holding) else { break };
			let Some(sweep) = sweeps.get_mut(index) else { break };
			let Some(activity) = Activities::<T>::get(sweep.activity) else {
				sweeps.remove(index);
				continue;
			};
			let slots = Self::slots(&activity.range, &activity.cells).unwrap_or_default();
			if let Some((cell, block)) = slots.get(sweep.cursor as usize).copied() {
				Self::sweep_slot(sweep.activity, &activity, sweep.suspend, cell, block, now);
				sweep.cursor = sweep.cursor.saturating_add(1);
				used = used.saturating_add(1);
				continue;
			}
			let (activity_id, suspend) = (sweep.activity, sweep.suspend);
			if suspend {
				// Every slot visited: the activity holds its grants until it ends.
				sweep.holding = true;
			} else {
				// Every slot visited: a resume sweep then clears the activity's bookkeeping.
				let left = Affected::<T>::clear_prefix(
					activity_id,
					budget.saturating_sub(used).max(1),
					None,
				);
				used = used.saturating_add(left.unique);
				if left.maybe_cursor.is_some() {
					continue;
				}
				sweeps.remove(index);
			}
			Self::deposit_event(Event::SweepCompleted { activity: activity_id, suspend });
		}
		Sweeps::<T>::put(sweeps);
		used
	}

	/// Suspends (or resumes) the live grants of one slot that overlap `activity`.
	fn sweep_slot(
		id: ActivityId,
		activity: &ActivityOf<T>,
		suspend: bool,
		cell: CellId,
		block: BandBlock,
		now: BlockNumberFor<T>,
	) {
		for entry in Occupancy::<T>::get(cell, block) {
			let marked = Affected::<T>::contains_key(id, entry.grant);
			// A suspension is lifted by the mark alone: an activity ended early no longer
			// overlaps in time the grants it suspended ahead of their window, yet still holds
			// them. Only suspending looks at the overlap.
			let overlaps =
				entry.range.overlaps(&activity.range) && entry.window.overlaps(&activity.window);
			if (suspend && (marked || !overlaps)) || (!suspend && !marked) {
				continue;
			}
			let Some(mut grant) = Grants::<T>::get(entry.grant) else { continue };
			if suspend {
				Affected::<T>::insert(id, entry.grant, ());
				grant.incumbents = grant.incumbents.saturating_add(1);
			} else {
				Affected::<T>::remove(id, entry.grant);
				grant.incumbents = grant.incumbents.saturating_sub(1);
			}
			let changed = Self::refresh_hold(&mut grant, now);
			Grants::<T>::insert(entry.grant, grant);
			if let Some(state) = changed {
				Self::note_state(entry.grant, state);
			}
		}
		if !suspend {
			IncumbentSlots::<T>::mutate_exists(cell, block, |list| {
				if let Some(ids) = list {
					ids.retain(|a| *a != id);
					if ids.is_empty() {
						*list = None;
					}
				}
			});
		}
	}

	// ---- queries ----

	/// Live grants that would block a priority-access lease of `range` × `cells` × `window`
	/// (empty when the spectrum is free).
	pub fn conflicts(
		range: FrequencyRange,
		cells: alloc::vec::Vec<CellId>,
		window: Window<BlockNumberFor<T>>,
	) -> alloc::vec::Vec<GrantId> {
		let mut found: alloc::collections::BTreeSet<GrantId> = Default::default();
		for (cell, block) in Self::slots(&range, &cells).unwrap_or_default() {
			for entry in Occupancy::<T>::get(cell, block) {
				if entry.conflicts(&range, &window, false) {
					found.insert(entry.grant);
				}
			}
		}
		found.into_iter().collect()
	}

	/// Grants of an account, as lessee or holder.
	pub fn grants_of(who: &T::AccountId) -> alloc::vec::Vec<(GrantId, GrantOf<T>)> {
		GrantsOf::<T>::iter_key_prefix(who)
			.filter_map(|id| Grants::<T>::get(id).map(|grant| (id, grant)))
			.collect()
	}

	/// Grants of an account, as lessee or holder, each with the radio it names (`None` before
	/// its lessee names one): the runtime API's answer.
	pub fn grants_with_radios_of(
		who: &T::AccountId,
	) -> alloc::vec::Vec<(GrantId, GrantOf<T>, Option<RadioOf<T>>)> {
		Self::grants_of(who)
			.into_iter()
			.map(|(id, grant)| (id, grant, GrantRadios::<T>::get(id)))
			.collect()
	}

	/// A grant, its recent states and the radio it names: the runtime API's answer.
	pub fn grant_answer(id: GrantId) -> Option<GrantAnswerOf<T>> {
		Grants::<T>::get(id).map(|grant| {
			(grant, GrantHistory::<T>::get(id).into_inner(), GrantRadios::<T>::get(id))
		})
	}

	/// Checks the market's invariants: no two conflicting live grants share a slot (every
	/// conflict shares one), the index matches the grants, counters and deposits add up.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;
		use frame_support::traits::fungible::InspectHold;

		let mut entries: BTreeMap<GrantId, u32> = BTreeMap::new();
		for (_, _, slot) in Occupancy::<T>::iter() {
			for (i, a) in slot.iter().enumerate() {
				let count = entries.entry(a.grant).or_default();
				*count = count.saturating_add(1);
				for b in slot.iter().skip(i.saturating_add(1)) {
					let preempts = Preempted::<T>::contains_key(a.grant, b.grant)
						|| Preempted::<T>::contains_key(b.grant, a.grant);
					ensure!(
						!a.conflicts(&b.range, &b.window, b.general) || preempts,
						"overlapping live grants, unless a priority grant pre-empts general access"
					);
				}
			}
		}
		let mut preemptions: BTreeMap<GrantId, u32> = BTreeMap::new();
		for (pal, gaa, applied) in Preempted::<T>::iter() {
			let live = Grants::<T>::get(pal).is_some_and(|g| g.state.is_live());
			ensure!(live, "only a live priority grant pre-empts");
			if applied {
				let count = preemptions.entry(gaa).or_default();
				*count = count.saturating_add(1);
			}
		}
		let mut affected: BTreeMap<GrantId, u32> = BTreeMap::new();
		let sweeps = Sweeps::<T>::get();
		for (id, activity) in Activities::<T>::iter() {
			let entry = sweeps.iter().find(|s| s.activity == id);
			ensure!(
				activity.ended || entry.is_some_and(|s| s.suspend),
				"a live activity keeps its entry in the sweep list until it ends"
			);
			ensure!(
				!activity.ended || entry.is_none_or(|s| !s.suspend),
				"an ended activity only resumes"
			);
		}
		for (activity, grant, ()) in Affected::<T>::iter() {
			let ended = Activities::<T>::get(activity).is_none_or(|a| a.ended);
			ensure!(
				!ended || sweeps.iter().any(|s| s.activity == activity && !s.suspend),
				"an ended activity holds grants only until its resume sweep lifts them"
			);
			let count = affected.entry(grant).or_default();
			*count = count.saturating_add(1);
		}
		let mut due: BTreeMap<GrantId, alloc::vec::Vec<BlockNumberFor<T>>> = BTreeMap::new();
		for (at, ids) in HeartbeatDue::<T>::iter() {
			for id in ids {
				due.entry(id).or_default().push(at);
			}
		}
		let mut held: BTreeMap<(T::AccountId, u8), u128> = BTreeMap::new();
		let mut add = |who: &T::AccountId, kind: u8, amount: u128| {
			let slot = held.entry((who.clone(), kind)).or_default();
			*slot = slot.saturating_add(amount);
		};
		for (id, grant) in Grants::<T>::iter() {
			let slots =
				Self::slots(&grant.range, &grant.cells).map(|s| s.len() as u32).unwrap_or(0);
			let indexed = entries.get(&id).copied().unwrap_or(0);
			if grant.state.is_live() {
				let listed = due.get(&id).cloned().unwrap_or_default();
				ensure!(
					listed.len() <= 1 && listed.first().copied() == grant.heartbeat_due,
					"a live grant is due at most once, at its stored heartbeat check"
				);
				ensure!(indexed == slots, "a live grant is in each of its slots");
				ensure!(
					affected.get(&id).copied().unwrap_or(0) == grant.incumbents,
					"incumbent count matches the activities that hold it"
				);
				ensure!(
					(grant.incumbents > 0)
						== (grant.state == GrantState::Suspended(SuspensionCause::Incumbent)),
					"suspended by incumbents exactly when an incumbent holds it"
				);
				ensure!(
					(grant.incumbents == 0 && grant.preemptions > 0)
						== (grant.state == GrantState::Suspended(SuspensionCause::Priority)),
					"pre-empted exactly when a priority grant alone holds it"
				);
				ensure!(
					preemptions.get(&id).copied().unwrap_or(0) == grant.preemptions,
					"pre-emption count matches the priority grants in force"
				);
			} else {
				ensure!(indexed == 0, "an ended grant holds no slot");
			}
			add(&grant.lessee, 1, grant.deposit);
			add(&grant.lessee, 2, grant.bond);
		}
		for (id, offer) in Offers::<T>::iter() {
			ensure!(offer.open || offer.deposit == 0, "a closed offer holds no deposit");
			ensure!(
				offer.open == LicenceOffers::<T>::get(offer.licence).contains(&id),
				"the licence's open-offer index lists exactly its open offers"
			);
			ensure!(
				offer.open || !LeadingBids::<T>::contains_key(id),
				"a closed auction keeps no bid"
			);
			add(&offer.holder, 0, offer.deposit);
		}
		for (_, bid) in LeadingBids::<T>::iter() {
			add(&bid.bidder, 2, bid.bond);
			add(&bid.bidder, 1, bid.deposit);
		}
		let mut complaints: BTreeMap<GrantId, u32> = BTreeMap::new();
		for (_, report) in Reports::<T>::iter() {
			add(&report.reporter, 3, report.deposit);
			let count = complaints.entry(report.grant).or_default();
			*count = count.saturating_add(1);
		}
		for (grant, count) in &complaints {
			ensure!(
				Grants::<T>::get(grant).is_some_and(|g| g.complaints == *count),
				"an open complaint's grant is kept and counts it"
			);
		}
		for (id, grant) in Grants::<T>::iter() {
			ensure!(
				grant.complaints == complaints.get(&id).copied().unwrap_or(0),
				"a grant counts exactly its open complaints"
			);
		}
		let max_height = T::MaxAntennaHeight::get();
		for (id, radio) in GrantRadios::<T>::iter() {
			let grant = Grants::<T>::get(id).ok_or("a grant's radio record goes with the grant")?;
			let licence = Licences::<T>::get(grant.licence).ok_or("a grant's licence is kept")?;
			ensure!(radio.eirp <= licence.max_eirp, "a radio's EIRP is within its licence's");
			ensure!(radio.antenna_height <= max_height, "a radio's antenna is within bounds");
			let listed = RadioGrants::<T>::get(radio.device)
				.iter()
				.filter(|entry| entry.grant == id)
				.count();
			ensure!(
				listed == usize::from(grant.state.is_live()),
				"a live grant is listed once under its radio, an ended one not at all"
			);
		}
		for (device, entries) in RadioGrants::<T>::iter() {
			ensure!(!entries.is_empty(), "no empty radio lists are kept");
			for (i, a) in entries.iter().enumerate() {
				let grant = Grants::<T>::get(a.grant).ok_or("a radio lists kept grants")?;
				ensure!(
					GrantRadios::<T>::get(a.grant).is_some_and(|r| r.device == device)
						&& grant.range == a.range
						&& grant.window == a.window,
					"a radio's list entry matches the grant that names it"
				);
				for b in entries.iter().skip(i.saturating_add(1)) {
					ensure!(
						!(a.range.overlaps(&b.range) && a.window.overlaps(&b.window)),
						"no radio serves two grants overlapping in frequency and time"
					);
				}
			}
		}
		for ((who, kind), amount) in held {
			let reason = match kind {
				0 => HoldReason::OfferDeposit,
				1 => HoldReason::GrantDeposit,
				2 => HoldReason::BidBond,
				_ => HoldReason::ReportDeposit,
			};
			let on_hold: u128 = T::Currency::balance_on_hold(&reason.into(), &who).saturated_into();
			ensure!(on_hold == amount, "deposits on hold match the records");
		}
		Ok(())
	}
}
