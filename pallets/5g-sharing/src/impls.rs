//! The logic behind the calls: share arithmetic, milestones, signed reports, leasing and
//! period settlement, and the invariants.

use crate::{pallet::*, types::*, WeightInfo};
use alloc::vec::Vec;
use codec::Encode;
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungible::MutateHold, tokens::Precision},
};
use sp_runtime::SaturatedConversion;
use telecom_primitives::{
	Amount, ContractAward, CurrencyCode, DeviceId, DeviceSignature, DeviceVerifier, DocumentHash,
	LotIndex, Obligation, ObligationSink, ObligationSource, SettlementPeriod, TenderId,
};

/// Splits `amount` by `shares` (basis points totalling 10,000) with the largest-remainder
/// rule: each part is the floor of its exact share; the leftover units (fewer than the number
/// of parts) go one each to the largest fractional remainders, earlier parts first on ties.
/// The parts always sum to `amount`. `None` if the shares do not total 10,000 or on overflow.
pub fn split_by_shares(amount: Amount, shares: &[BasisPoints]) -> Option<Vec<Amount>> {
	let total: u32 = shares.iter().map(|s| u32::from(*s)).sum();
	if total != u32::from(FULL_SHARE) {
		return None;
	}
	let whole = u128::from(FULL_SHARE);
	let mut parts = Vec::with_capacity(shares.len());
	let mut remainders = Vec::with_capacity(shares.len());
	for (index, share) in shares.iter().enumerate() {
		let exact = amount.checked_mul(u128::from(*share))?;
		parts.push(exact.checked_div(whole)?);
		remainders.push((exact.checked_rem(whole)?, index));
	}
	let given: Amount = parts.iter().try_fold(0u128, |sum, part| sum.checked_add(*part))?;
	let left = amount.checked_sub(given)?;
	remainders.sort_by(|(a, i), (b, j)| b.cmp(a).then(i.cmp(j)));
	for (_, index) in remainders.into_iter().take(usize::try_from(left).ok()?) {
		let part = parts.get_mut(index)?;
		*part = part.checked_add(1)?;
	}
	Some(parts)
}

impl<T: Config> Pallet<T> {
	pub(crate) fn project_of(id: ProjectId) -> Result<ProjectOf<T>, DispatchError> {
		Projects::<T>::get(id).ok_or_else(|| Error::<T>::UnknownProject.into())
	}

	/// Records an obligation in clearing unless it is zero or to oneself.
	fn oblige(
		payer: &T::AccountId,
		payee: &T::AccountId,
		currency: CurrencyCode,
		amount: Amount,
		reference: DocumentHash,
	) -> DispatchResult {
		if amount == 0 || payer == payee {
			return Ok(());
		}
		T::Obligations::submit(Obligation {
			payer: payer.clone(),
			payee: payee.clone(),
			currency,
			amount,
			source: ObligationSource::SiteSharing,
			reference,
		})
		.map(|_| ())
	}

	fn reference(what: &[u8], site: ProjectId, detail: impl Encode) -> DocumentHash {
		DocumentHash::from(sp_io::hashing::blake2_256(&(what, site, detail).encode()))
	}

	/// The wall clock in Unix milliseconds.
	pub(crate) fn now_millis() -> u64 {
		u64::try_from(<T::Time as frame_support::traits::UnixTime>::now().as_millis())
			.unwrap_or(u64::MAX)
	}

	fn shares(project: &ProjectOf<T>) -> Vec<BasisPoints> {
		project.stakes.iter().map(|s| s.share).collect()
	}

	pub(crate) fn do_propose(
		who: T::AccountId,
		cell: u64,
		technology: Technology,
		capex: Amount,
		currency: CurrencyCode,
		document: DocumentHash,
		share: BasisPoints,
	) -> DispatchResult {
		ensure!(share > 0 && share <= FULL_SHARE, Error::<T>::InvalidShare);
		ensure!(currency.is_valid(), Error::<T>::InvalidCurrency);
		let deposit = T::ProjectDeposit::get();
		T::Currency::hold(&HoldReason::ProjectDeposit.into(), &who, deposit)?;
		let id = NextProjectId::<T>::get();
		NextProjectId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		let stakes = BoundedVec::try_from(alloc::vec![Stake { who: who.clone(), share }])
			.map_err(|_| Error::<T>::TooManyParticipants)?;
		Projects::<T>::insert(
			id,
			Project {
				lead: who.clone(),
				cell,
				technology,
				capex,
				currency,
				document,
				stakes,
				status: ProjectStatus::Proposed,
				builder: who.clone(),
				tender: None,
				awarded: false,
				deposit: deposit.saturated_into(),
				since: Self::now_millis(),
			},
		);
		Self::deposit_event(Event::ProjectProposed { project: id, lead: who.clone(), cell });
		Self::deposit_event(Event::Joined { project: id, who, share });
		Ok(())
	}

	/// A commissioned site recorded at genesis, without capex obligations.
	#[allow(clippy::too_many_arguments)]
	pub(crate) fn genesis_site(
		lead: T::AccountId,
		owners: Vec<(T::AccountId, BasisPoints)>,
		cell: u64,
		capex: Amount,
		currency: CurrencyCode,
		device: DeviceId,
		capacity: u32,
		energy_price: Amount,
	) -> DispatchResult {
		let total: u32 = owners.iter().map(|(_, share)| u32::from(*share)).sum();
		ensure!(total == u32::from(FULL_SHARE), Error::<T>::SharesIncomplete);
		ensure!(capacity > 0, Error::<T>::ZeroCapacity);
		let stakes: Vec<_> = owners.into_iter().map(|(who, share)| Stake { who, share }).collect();
		let stakes = BoundedVec::try_from(stakes).map_err(|_| Error::<T>::TooManyParticipants)?;
		let deposit = T::ProjectDeposit::get();
		T::Currency::hold(&HoldReason::ProjectDeposit.into(), &lead, deposit)?;
		let id = NextProjectId::<T>::get();
		NextProjectId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		Projects::<T>::insert(
			id,
			Project {
				lead: lead.clone(),
				cell,
				technology: Technology::Nr,
				capex,
				currency,
				document: DocumentHash::zero(),
				stakes,
				status: ProjectStatus::Reached(Milestone::Commissioned),
				builder: lead,
				tender: None,
				awarded: false,
				deposit: deposit.saturated_into(),
				since: Self::now_millis(),
			},
		);
		ensure!(!SiteOfDevice::<T>::contains_key(device), Error::<T>::DeviceInUse);
		SiteOfDevice::<T>::insert(device, id);
		Sites::<T>::insert(
			id,
			Site {
				device,
				pools: ResourcePools::radio(capacity),
				energy_price,
				metered: None,
				opening: None,
				billed_kwh: 0,
			},
		);
		Ok(())
	}

	pub(crate) fn do_join(who: T::AccountId, id: ProjectId, share: BasisPoints) -> DispatchResult {
		let mut project = Self::project_of(id)?;
		ensure!(project.status == ProjectStatus::Proposed, Error::<T>::WrongStage);
		ensure!(share > 0, Error::<T>::InvalidShare);
		ensure!(project.share_of(&who).is_none(), Error::<T>::AlreadyJoined);
		ensure!(
			project.committed().saturating_add(u32::from(share)) <= u32::from(FULL_SHARE),
			Error::<T>::SharesExceeded
		);
		project
			.stakes
			.try_push(Stake { who: who.clone(), share })
			.map_err(|_| Error::<T>::TooManyParticipants)?;
		Projects::<T>::insert(id, project);
		Self::deposit_event(Event::Joined { project: id, who, share });
		Ok(())
	}

	fn release_project_deposit(project: &ProjectOf<T>) {
		let _ = T::Currency::release(
			&HoldReason::ProjectDeposit.into(),
			&project.lead,
			project.deposit.saturated_into(),
			Precision::BestEffort,
		);
	}

	pub(crate) fn do_leave(who: T::AccountId, id: ProjectId) -> DispatchResult {
		let mut project = Self::project_of(id)?;
		ensure!(project.status == ProjectStatus::Proposed, Error::<T>::WrongStage);
		ensure!(project.lead != who, Error::<T>::LeadCannotLeave);
		ensure!(project.share_of(&who).is_some(), Error::<T>::NotParticipant);
		project.stakes.retain(|s| s.who != who);
		Projects::<T>::insert(id, project);
		Self::deposit_event(Event::Left { project: id, who });
		Ok(())
	}

	pub(crate) fn do_cancel(who: T::AccountId, id: ProjectId) -> DispatchResult {
		let project = Self::project_of(id)?;
		match project.status {
			ProjectStatus::Proposed => ensure!(project.lead == who, Error::<T>::NotLead),
			// A stalled construction: any participant may end it after the deadline, so the
			// lead's deposit and the co-owners' commitment are never locked by the lead or its
			// builder doing nothing.
			ProjectStatus::Reached(Milestone::Approved)
			| ProjectStatus::Reached(Milestone::Built) => {
				ensure!(project.share_of(&who).is_some(), Error::<T>::NotParticipant);
				ensure!(
					Self::now_millis() >= project.since.saturating_add(CONSTRUCTION_DEADLINE),
					Error::<T>::NotStalled
				);
			},
			ProjectStatus::Reached(Milestone::Commissioned) => {
				return Err(Error::<T>::WrongStage.into())
			},
		}
		if let Some((tender, lot)) = project.tender {
			TenderProjects::<T>::remove((&project.lead, tender, lot));
		}
		Self::drop_proposals(id);
		Self::release_project_deposit(&project);
		Projects::<T>::remove(id);
		Self::deposit_event(Event::ProjectCancelled { project: id });
		Ok(())
	}

	pub(crate) fn do_decommission(who: T::AccountId, id: ProjectId) -> DispatchResult {
		Self::site_of(id)?;
		let project = Self::project_of(id)?;
		ensure!(project.lead == who, Error::<T>::NotLead);
		ensure!(
			SiteLeases::<T>::get(id).is_empty() && SiteOffers::<T>::get(id).is_empty(),
			Error::<T>::SiteInUse
		);
		if let Some((tender, lot)) = project.tender {
			TenderProjects::<T>::remove((&project.lead, tender, lot));
		}
		Self::drop_proposals(id);
		Self::release_project_deposit(&project);
		if let Some(site) = Sites::<T>::take(id) {
			SiteOfDevice::<T>::remove(site.device);
		}
		Projects::<T>::remove(id);
		SiteLeases::<T>::remove(id);
		SiteOffers::<T>::remove(id);
		OpexRules::<T>::remove(id);
		Self::deposit_event(Event::SiteDecommissioned { site: id });
		Ok(())
	}

	pub(crate) fn do_link_tender(
		who: T::AccountId,
		id: ProjectId,
		tender: TenderId,
		lot: LotIndex,
	) -> DispatchResult {
		let mut project = Self::project_of(id)?;
		ensure!(project.lead == who, Error::<T>::NotLead);
		// Awards apply only before approval, so links are made only then.
		ensure!(project.status == ProjectStatus::Proposed, Error::<T>::WrongStage);
		ensure!(!project.awarded, Error::<T>::AlreadyAwarded);
		// Links are keyed by the lead: only its own tenders' awards reach the project, and
		// nobody can squat another buyer's tender id.
		ensure!(!TenderProjects::<T>::contains_key((&who, tender, lot)), Error::<T>::TenderLinked);
		if let Some((old, old_lot)) = project.tender.replace((tender, lot)) {
			TenderProjects::<T>::remove((&who, old, old_lot));
		}
		TenderProjects::<T>::insert((&who, tender, lot), id);
		Projects::<T>::insert(id, project);
		Self::deposit_event(Event::TenderLinked { project: id, tender, lot });
		Ok(())
	}

	/// A concluded tender lot its buyer linked to a project makes the contractor the builder at
	/// the contract price, once and only before approval; a linked lot's award that cannot
	/// apply is reported (`AwardNotApplied`), never silently dropped. Awards of lots nobody
	/// linked are not this pallet's business. Never fails, so the tender always concludes.
	pub(crate) fn apply_award(award: &ContractAward<T::AccountId>) {
		let Some(id) = TenderProjects::<T>::get((&award.buyer, award.tender, award.lot)) else {
			return;
		};
		let Some(mut project) = Projects::<T>::get(id) else { return };
		let refusal = if project.status != ProjectStatus::Proposed {
			Some(AwardRefusal::AfterApproval)
		} else if project.awarded {
			Some(AwardRefusal::AlreadyAwarded)
		} else if project.currency != award.currency {
			Some(AwardRefusal::WrongCurrency)
		} else {
			None
		};
		if let Some(reason) = refusal {
			Self::deposit_event(Event::AwardNotApplied {
				project: id,
				tender: award.tender,
				lot: award.lot,
				reason,
			});
			return;
		}
		project.builder = award.contractor.clone();
		project.capex = award.price;
		project.awarded = true;
		Projects::<T>::insert(id, project);
		Self::deposit_event(Event::ContractorAwarded {
			project: id,
			contractor: award.contractor.clone(),
			price: award.price,
		});
	}

	/// The tranche of `milestone`.
	fn tranche(project: &ProjectOf<T>, milestone: Milestone) -> Result<Amount, DispatchError> {
		let bps = MILESTONE_TRANCHES
			.iter()
			.find(|(m, _)| *m == milestone)
			.map(|(_, bps)| u128::from(*bps))
			.unwrap_or(0);
		project
			.capex
			.checked_mul(bps)
			.and_then(|x| x.checked_div(u128::from(FULL_SHARE)))
			.ok_or_else(|| Error::<T>::Overflow.into())
	}

	/// The tranche for the last milestone is what is left of the capex, so the tranches sum to
	/// it exactly.
	fn tranche_due(project: &ProjectOf<T>, milestone: Milestone) -> Result<Amount, DispatchError> {
		if milestone == Milestone::Commissioned {
			let earlier = Self::tranche(project, Milestone::Approved)?
				.saturating_add(Self::tranche(project, Milestone::Built)?);
			Ok(project.capex.saturating_sub(earlier))
		} else {
			Self::tranche(project, milestone)
		}
	}

	fn reach(id: ProjectId, mut project: ProjectOf<T>, milestone: Milestone) -> DispatchResult {
		let tranche = Self::tranche_due(&project, milestone)?;
		let parts = split_by_shares(tranche, &Self::shares(&project))
			.ok_or(Error::<T>::SharesIncomplete)?;
		let reference = Self::reference(b"5g/capex", id, milestone);
		for (stake, part) in project.stakes.iter().zip(parts) {
			Self::oblige(&stake.who, &project.builder, project.currency, part, reference)?;
		}
		project.status = ProjectStatus::Reached(milestone);
		project.since = Self::now_millis();
		Projects::<T>::insert(id, project);
		Self::deposit_event(Event::MilestoneReached { project: id, milestone, tranche });
		Ok(())
	}

	/// Checks that `who` (the lead) may move the project to `milestone` now.
	pub(crate) fn check_milestone(
		who: &T::AccountId,
		id: ProjectId,
		milestone: Milestone,
	) -> Result<ProjectOf<T>, DispatchError> {
		let project = Self::project_of(id)?;
		ensure!(project.lead == *who, Error::<T>::NotLead);
		let expected = match milestone {
			Milestone::Approved => ProjectStatus::Proposed,
			Milestone::Built => ProjectStatus::Reached(Milestone::Approved),
			Milestone::Commissioned => ProjectStatus::Reached(Milestone::Built),
		};
		ensure!(project.status == expected, Error::<T>::WrongStage);
		ensure!(project.committed() == u32::from(FULL_SHARE), Error::<T>::SharesIncomplete);
		Ok(project)
	}

	/// Moves the project to `milestone`: its tranche becomes obligations of the owners. Runs
	/// only when the owners' approved change takes effect.
	pub(crate) fn do_milestone(
		who: T::AccountId,
		id: ProjectId,
		milestone: Milestone,
	) -> DispatchResult {
		let project = Self::check_milestone(&who, id, milestone)?;
		Self::reach(id, project, milestone)
	}

	/// Checks that `who` may commission the project with `device` and `capacity` now.
	pub(crate) fn check_commission(
		who: &T::AccountId,
		id: ProjectId,
		device: DeviceId,
		capacity: u32,
	) -> DispatchResult {
		ensure!(capacity > 0, Error::<T>::ZeroCapacity);
		let custodian = T::Devices::custodian(&device).ok_or(Error::<T>::UnknownDevice)?;
		let project = Self::project_of(id)?;
		// The base station signs the site's costs and SLA: it must be the owners' own device,
		// and one device cannot report for two sites.
		ensure!(project.share_of(&custodian).is_some(), Error::<T>::DeviceNotInCustody);
		ensure!(!SiteOfDevice::<T>::contains_key(device), Error::<T>::DeviceInUse);
		Self::check_milestone(who, id, Milestone::Commissioned).map(|_| ())
	}

	/// Commissions the site (the last tranche becomes due). Runs only when the owners'
	/// approved change takes effect.
	pub(crate) fn do_commission(
		who: T::AccountId,
		id: ProjectId,
		device: DeviceId,
		capacity: u32,
		energy_price: Amount,
	) -> DispatchResult {
		Self::check_commission(&who, id, device, capacity)?;
		Self::do_milestone(who, id, Milestone::Commissioned)?;
		SiteOfDevice::<T>::insert(device, id);
		Sites::<T>::insert(
			id,
			Site {
				device,
				pools: ResourcePools::radio(capacity),
				energy_price,
				metered: None,
				opening: None,
				billed_kwh: 0,
			},
		);
		Self::deposit_event(Event::SiteCommissioned { site: id, device, capacity });
		Ok(())
	}

	pub(crate) fn site_of(id: ProjectId) -> Result<Site, DispatchError> {
		Sites::<T>::get(id).ok_or_else(|| Error::<T>::UnknownSite.into())
	}

	fn check_signed(
		device: &DeviceId,
		payload: &[u8],
		signature: &DeviceSignature,
	) -> DispatchResult {
		T::Devices::verify(device, payload, signature).map_err(|_| Error::<T>::BadSignature.into())
	}

	fn open_period(site: ProjectId, period: SettlementPeriod) -> DispatchResult {
		ensure!(period.is_valid(), Error::<T>::InvalidPeriod);
		ensure!(!Settled::<T>::contains_key(site, period), Error::<T>::PeriodSettled);
		Ok(())
	}

	/// Weight of `report_energy` with `signature`: the ed25519 benchmark, plus for another key
	/// type its own benchmark (a well-formed signature checked to the end), a safe upper bound.
	pub fn report_energy_weight(signature: &DeviceSignature) -> Weight {
		let base = T::WeightInfo::report_energy();
		base.saturating_add(match signature {
			DeviceSignature::Ed25519(_) => Weight::zero(),
			DeviceSignature::Sr25519(_) => T::WeightInfo::report_energy_sr25519(),
			DeviceSignature::Ecdsa(_) => T::WeightInfo::report_energy_ecdsa(),
			DeviceSignature::P256(_) => T::WeightInfo::report_energy_p256(),
		})
	}

	/// Weight of `report_sla` with `signature`, as [`Self::report_energy_weight`].
	pub fn report_sla_weight(signature: &DeviceSignature) -> Weight {
		let base = T::WeightInfo::report_sla();
		base.saturating_add(match signature {
			DeviceSignature::Ed25519(_) => Weight::zero(),
			DeviceSignature::Sr25519(_) => T::WeightInfo::report_sla_sr25519(),
			DeviceSignature::Ecdsa(_) => T::WeightInfo::report_sla_ecdsa(),
			DeviceSignature::P256(_) => T::WeightInfo::report_sla_p256(),
		})
	}

	/// The chain's genesis hash, which every signed report payload carries.
	pub fn genesis_hash() -> T::Hash {
		frame_system::Pallet::<T>::block_hash(
			frame_system::pallet_prelude::BlockNumberFor::<T>::zero(),
		)
	}

	pub(crate) fn do_report_energy(
		id: ProjectId,
		period: SettlementPeriod,
		reading: u64,
		signature: DeviceSignature,
	) -> DispatchResult {
		let mut site = Self::site_of(id)?;
		Self::open_period(id, period)?;
		let payload = energy_payload(&Self::genesis_hash(), id, period, reading);
		Self::check_signed(&site.device, &payload, &signature)?;
		Costs::<T>::try_mutate(id, period, |costs| -> DispatchResult {
			if costs.readings == 0 {
				costs.low_reading = reading;
				costs.high_reading = reading;
			} else if reading < costs.low_reading {
				costs.low_reading = reading;
			} else if reading > costs.high_reading {
				costs.high_reading = reading;
			} else {
				return Err(Error::<T>::ReadingKnown.into());
			}
			costs.readings = costs.readings.saturating_add(1);
			Ok(())
		})?;
		// The site's opening reading is its lowest ever, of whichever period: energy is billed
		// from it, so a period settled before an earlier one loses none of the earlier kWh.
		if site.opening.is_none_or(|opening| reading < opening) {
			site.opening = Some(reading);
			Sites::<T>::insert(id, site);
		}
		Self::deposit_event(Event::EnergyReported { site: id, period, reading });
		Ok(())
	}

	/// The energy of a settling period with readings: the meter's range from the site's
	/// opening reading (its lowest ever, of any period) to the highest reading billed through
	/// (this period's highest, or higher if a later period settled first), less the kWh billed
	/// before. Readings are cumulative, so no kWh is lost to a skipped report; whatever order
	/// periods settle in, every kWh between the lowest and the highest billed reading is billed
	/// exactly once (a later period settled first takes the earlier kWh, and the earlier one
	/// then bills what is left, often none).
	fn bill_energy(site: &mut Site, costs: &mut PeriodCosts) -> DispatchResult {
		if costs.readings == 0 {
			return Ok(());
		}
		let opening = site.opening.unwrap_or(costs.low_reading).min(costs.low_reading);
		let high = site.metered.unwrap_or(opening).max(costs.high_reading);
		let total = high.saturating_sub(opening);
		let kwh = total.saturating_sub(site.billed_kwh);
		costs.energy_kwh = kwh;
		costs.energy_cost =
			site.energy_price.checked_mul(u128::from(kwh)).ok_or(Error::<T>::Overflow)?;
		site.opening = Some(opening);
		site.metered = Some(high);
		site.billed_kwh = site.billed_kwh.max(total);
		Ok(())
	}

	/// Checks that `who` is the lead of site `id`.
	pub(crate) fn check_site_lead(who: &T::AccountId, id: ProjectId) -> DispatchResult {
		Self::site_of(id)?;
		ensure!(Self::project_of(id)?.lead == *who, Error::<T>::NotLead);
		Ok(())
	}

	/// Checks that `who` may record maintenance of site `id` for `period`.
	pub(crate) fn check_maintenance(
		who: &T::AccountId,
		id: ProjectId,
		period: SettlementPeriod,
	) -> DispatchResult {
		Self::check_site_lead(who, id)?;
		Self::open_period(id, period)
	}

	/// Adds a maintenance cost to the period's opex. Runs only when the owners' approved change
	/// takes effect.
	pub(crate) fn do_record_maintenance(
		who: T::AccountId,
		id: ProjectId,
		period: SettlementPeriod,
		cost: Amount,
		invoice: DocumentHash,
	) -> DispatchResult {
		Self::check_maintenance(&who, id, period)?;
		Costs::<T>::try_mutate(id, period, |costs| -> DispatchResult {
			costs.maintenance = costs.maintenance.checked_add(cost).ok_or(Error::<T>::Overflow)?;
			Ok(())
		})?;
		Self::deposit_event(Event::MaintenanceRecorded { site: id, period, cost, invoice });
		Ok(())
	}

	/// Sets the site's energy price. Runs only when the owners' approved change takes effect.
	pub(crate) fn do_set_energy_price(
		who: T::AccountId,
		id: ProjectId,
		price: Amount,
	) -> DispatchResult {
		Self::check_site_lead(&who, id)?;
		Sites::<T>::try_mutate(id, |site| -> DispatchResult {
			let site = site.as_mut().ok_or(Error::<T>::UnknownSite)?;
			site.energy_price = price;
			Ok(())
		})?;
		Self::deposit_event(Event::EnergyPriceSet { site: id, price });
		Ok(())
	}

	/// Offers `units` of the site's capacity of `kind`: the same for every kind.
	#[allow(clippy::too_many_arguments)]
	pub(crate) fn do_offer(
		who: T::AccountId,
		site_id: ProjectId,
		kind: ResourceKind,
		units: u32,
		unit_price: Amount,
		first: SettlementPeriod,
		last: SettlementPeriod,
		sla: SlaTerms,
	) -> DispatchResult {
		let site = Self::site_of(site_id)?;
		ensure!(Self::project_of(site_id)?.lead == who, Error::<T>::NotLead);
		ensure!(units > 0, Error::<T>::ZeroUnits);
		ensure!(units <= site.pools.get(kind).free(), Error::<T>::Oversubscribed);
		ensure!(
			first.is_valid()
				&& last.is_valid()
				&& first <= last
				&& first.months_until(&last) < T::MaxLeasePeriods::get(),
			Error::<T>::InvalidLeasePeriods
		);
		ensure!(
			sla.availability <= FULL_SHARE && sla.penalty <= FULL_SHARE,
			Error::<T>::InvalidSla
		);
		let id = NextOfferId::<T>::get();
		NextOfferId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		SiteOffers::<T>::try_mutate(site_id, |offers| offers.try_push(id))
			.map_err(|_| Error::<T>::TooManyLeases)?;
		Offers::<T>::insert(
			id,
			CapacityOffer { site: site_id, kind, available: units, unit_price, first, last, sla },
		);
		Self::deposit_event(Event::CapacityOffered { offer: id, site: site_id, kind, units });
		Ok(())
	}

	pub(crate) fn do_lease(who: T::AccountId, offer_id: OfferId, units: u32) -> DispatchResult {
		let mut offer = Offers::<T>::get(offer_id).ok_or(Error::<T>::UnknownOffer)?;
		ensure!(units > 0, Error::<T>::ZeroUnits);
		ensure!(units <= offer.available, Error::<T>::Oversubscribed);
		let mut site = Self::site_of(offer.site)?;
		// Only the offer's kind is consumed: each kind has its own pool.
		let pool = site.pools.get(offer.kind);
		let allocated = pool.allocated.checked_add(units).ok_or(Error::<T>::Overflow)?;
		ensure!(allocated <= pool.capacity, Error::<T>::Oversubscribed);
		let price = offer.unit_price.checked_mul(u128::from(units)).ok_or(Error::<T>::Overflow)?;
		// A lease counts its settled periods to know when it ends: none may be settled yet.
		Self::ensure_unsettled(offer.site, offer.first, offer.last)?;
		Self::probe_clearing(&who, offer.site)?;
		let id = NextLeaseId::<T>::get();
		NextLeaseId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		SiteLeases::<T>::try_mutate(offer.site, |leases| leases.try_push(id))
			.map_err(|_| Error::<T>::TooManyLeases)?;
		let deposit = T::LeaseDeposit::get();
		T::Currency::hold(&HoldReason::LeaseDeposit.into(), &who, deposit)?;
		site.pools.get_mut(offer.kind).allocated = allocated;
		offer.available = offer.available.saturating_sub(units);
		Sites::<T>::insert(offer.site, site);
		Leases::<T>::insert(
			id,
			Lease {
				site: offer.site,
				kind: offer.kind,
				lessee: who.clone(),
				units,
				price,
				first: offer.first,
				last: offer.last,
				sla: offer.sla,
				deposit: deposit.saturated_into(),
				settled: 0,
				renewal: None,
			},
		);
		let site_id = offer.site;
		if offer.available == 0 {
			Self::remove_offer(offer_id, site_id);
		} else {
			Offers::<T>::insert(offer_id, offer);
		}
		Self::deposit_event(Event::Leased { lease: id, site: site_id, lessee: who, units });
		Ok(())
	}

	pub(crate) fn do_report_sla(
		lease_id: LeaseId,
		period: SettlementPeriod,
		sequence: u32,
		availability: BasisPoints,
		throughput: u32,
		signature: DeviceSignature,
	) -> DispatchResult {
		let lease = Leases::<T>::get(lease_id).ok_or(Error::<T>::UnknownLease)?;
		// Each sequence number has its own room below the cap, so samples that met the targets
		// can never crowd out a breach of the same period.
		ensure!(sequence < T::MaxSamplesPerPeriod::get(), Error::<T>::SequenceOutOfRange);
		ensure!(lease.first <= period && period <= lease.last, Error::<T>::OutsideLease);
		let now = SettlementPeriod::current::<T::Time>().ok_or(Error::<T>::InvalidPeriod)?;
		ensure!(period <= now, Error::<T>::FuturePeriod);
		Self::open_period(lease.site, period)?;
		let site = Self::site_of(lease.site)?;
		let payload = sla_payload(
			&Self::genesis_hash(),
			lease_id,
			period,
			sequence,
			availability,
			throughput,
		);
		Self::check_signed(&site.device, &payload, &signature)?;
		let breached = availability < lease.sla.availability || throughput < lease.sla.throughput;
		let credit = lease
			.price
			.checked_mul(u128::from(lease.sla.penalty))
			.and_then(|x| x.checked_div(u128::from(FULL_SHARE)))
			.ok_or(Error::<T>::Overflow)?;
		SlaReports::<T>::try_mutate(lease_id, period, |seen| -> DispatchResult {
			let at = seen.binary_search(&sequence).err().ok_or(Error::<T>::DuplicateReport)?;
			seen.try_insert(at, sequence).map_err(|_| Error::<T>::TooManySamples.into())
		})?;
		let mut added = 0;
		SlaRecords::<T>::try_mutate(lease_id, period, |record| -> DispatchResult {
			ensure!(record.samples < T::MaxSamplesPerPeriod::get(), Error::<T>::TooManySamples);
			if record.samples == 0 {
				record.worst_availability = availability;
				record.worst_throughput = throughput;
			}
			record.samples = record.samples.saturating_add(1);
			record.worst_availability = record.worst_availability.min(availability);
			record.worst_throughput = record.worst_throughput.min(throughput);
			if breached {
				record.breaches = record.breaches.saturating_add(1);
				let capped = record.penalty.saturating_add(credit).min(lease.price);
				added = capped.saturating_sub(record.penalty);
				record.penalty = capped;
			}
			Ok(())
		})?;
		if breached {
			Self::deposit_event(Event::SlaBreached {
				lease: lease_id,
				period,
				availability,
				throughput,
				penalty: added,
			});
		} else {
			Self::deposit_event(Event::SlaMet { lease: lease_id, period });
		}
		Ok(())
	}

	/// Settles a site's period; returns (participants, leases) for the weight.
	pub(crate) fn do_settle(
		who: T::AccountId,
		id: ProjectId,
		period: SettlementPeriod,
	) -> Result<(u32, u32), DispatchError> {
		let mut site = Self::site_of(id)?;
		let project = Self::project_of(id)?;
		Self::open_period(id, period)?;
		// The month that held the clock `SettlementGrace` ago must be after the period.
		let now = Self::now_millis();
		let graced =
			SettlementPeriod::from_unix_millis(now.saturating_sub(T::SettlementGrace::get()))
				.ok_or(Error::<T>::PeriodNotOver)?;
		ensure!(period < graced, Error::<T>::PeriodNotOver);
		let leases = SiteLeases::<T>::get(id);
		let covering: Vec<(LeaseId, Lease<T::AccountId>)> = leases
			.iter()
			.filter_map(|l| Leases::<T>::get(l).map(|lease| (*l, lease)))
			.filter(|(_, lease)| lease.first <= period && period <= lease.last)
			.collect();
		ensure!(
			project.share_of(&who).is_some() || covering.iter().any(|(_, l)| l.lessee == who),
			Error::<T>::NotParty
		);
		let mut costs = Costs::<T>::get(id, period);
		ensure!(
			!covering.is_empty() || costs != PeriodCosts::default(),
			Error::<T>::NothingToSettle
		);

		let shares = Self::shares(&project);
		let mut lines: alloc::collections::BTreeMap<T::AccountId, ParticipantStatement> =
			Default::default();
		let currency = project.currency;
		let reference = Self::reference(b"5g/period", id, period);

		// Opex: the lead pays the bills; every owner owes it its share.
		Self::bill_energy(&mut site, &mut costs)?;
		Sites::<T>::insert(id, site);
		Costs::<T>::insert(id, period, costs);
		let opex = costs.energy_cost.checked_add(costs.maintenance).ok_or(Error::<T>::Overflow)?;
		let opex_parts = Self::allocate_opex(id, period, &project, opex, now)?;
		for (stake, part) in project.stakes.iter().zip(opex_parts) {
			Self::oblige(&stake.who, &project.lead, currency, part, reference)?;
			lines.entry(stake.who.clone()).or_default().opex = part;
		}

		// Leases: each lessee pays the owners by share, less its SLA credit.
		let mut revenue_total: Amount = 0;
		let mut penalty_total: Amount = 0;
		for (lease_id, lease) in covering {
			let penalty = SlaRecords::<T>::get(lease_id, period).penalty.min(lease.price);
			// The period takes no more measurements: forget which were counted.
			SlaReports::<T>::remove(lease_id, period);
			let due = lease.price.saturating_sub(penalty);
			let revenue = split_by_shares(due, &shares).ok_or(Error::<T>::SharesIncomplete)?;
			let credits = split_by_shares(penalty, &shares).ok_or(Error::<T>::SharesIncomplete)?;
			// Each lease's payments are booked in their own storage layer: if clearing refuses
			// this lessee (it left the operator set, or clearing is full), none of its payment
			// is booked, the refusal is recorded, and the owners' settlement goes on. One lessee
			// can never hold up a whole site's period.
			let booked = frame_support::storage::with_transaction(|| {
				let result =
					revenue.iter().zip(project.stakes.iter()).try_for_each(|(part, stake)| {
						Self::oblige(&lease.lessee, &stake.who, currency, *part, reference)
					});
				match result {
					Ok(()) => frame_support::storage::TransactionOutcome::Commit(Ok(true)),
					Err(_) => frame_support::storage::TransactionOutcome::Rollback(Ok::<
						_,
						DispatchError,
					>(false)),
				}
			})?;
			penalty_total = penalty_total.saturating_add(penalty);
			for ((stake, part), credit) in project.stakes.iter().zip(revenue).zip(credits) {
				let line = lines.entry(stake.who.clone()).or_default();
				if booked {
					line.revenue = line.revenue.saturating_add(part);
				}
				line.penalties = line.penalties.saturating_add(credit);
			}
			let line = lines.entry(lease.lessee.clone()).or_default();
			if booked {
				revenue_total = revenue_total.saturating_add(due);
				line.lease_payments = line.lease_payments.saturating_add(due);
			} else {
				line.unpaid = line.unpaid.saturating_add(due);
				Self::deposit_event(Event::LeasePaymentRefused {
					lease: lease_id,
					period,
					lessee: lease.lessee.clone(),
					amount: due,
				});
			}
			Self::count_settled(lease_id, lease);
		}
		for (who, line) in lines {
			Statements::<T>::insert((id, period, who), line);
		}
		Settled::<T>::insert(id, period, ());
		Self::deposit_event(Event::PeriodSettled {
			site: id,
			period,
			opex,
			revenue: revenue_total,
			penalties: penalty_total,
		});
		Ok((project.stakes.len() as u32, leases.len() as u32))
	}

	/// Checks that clearing takes the payments `lessee` will owe each owner of the site, by
	/// submitting one minor unit to each through the clearing trait inside a transaction that is
	/// always rolled back: nothing is recorded, but a party clearing refuses is refused now
	/// instead of making the site's settlement fail later.
	fn probe_clearing(lessee: &T::AccountId, site: ProjectId) -> DispatchResult {
		let project = Self::project_of(site)?;
		let reference = Self::reference(b"5g/lease-probe", site, lessee);
		frame_support::storage::with_transaction(|| {
			let accepted = project.stakes.iter().try_for_each(|stake| {
				Self::oblige(lessee, &stake.who, project.currency, 1, reference)
			});
			frame_support::storage::TransactionOutcome::Rollback(Ok::<_, DispatchError>(
				accepted.is_ok(),
			))
		})
		.and_then(|ok| {
			ensure!(ok, Error::<T>::NotClearingParticipant);
			Ok(())
		})
	}

	/// Fails if any period from `first` to `last` of the site is settled.
	fn ensure_unsettled(
		site: ProjectId,
		first: SettlementPeriod,
		last: SettlementPeriod,
	) -> DispatchResult {
		let mut period = first;
		while period <= last {
			ensure!(!Settled::<T>::contains_key(site, period), Error::<T>::PeriodSettled);
			period = period.next().ok_or(Error::<T>::InvalidLeasePeriods)?;
		}
		Ok(())
	}

	fn remove_offer(offer: OfferId, site: ProjectId) {
		Offers::<T>::remove(offer);
		SiteOffers::<T>::mutate(site, |offers| offers.retain(|o| *o != offer));
	}

	/// Counts one more settled period of `lease`; after its last one the lease ends.
	fn count_settled(id: LeaseId, mut lease: Lease<T::AccountId>) {
		lease.settled = lease.settled.saturating_add(1);
		if lease.settled >= lease.periods() {
			Self::close_lease(id, &lease);
		} else {
			Leases::<T>::insert(id, lease);
		}
	}

	/// Ends a lease whose periods are all settled: its capacity is free again, its deposit is
	/// released and it leaves the site's list.
	fn close_lease(id: LeaseId, lease: &Lease<T::AccountId>) {
		Sites::<T>::mutate(lease.site, |site| {
			if let Some(site) = site {
				let pool = site.pools.get_mut(lease.kind);
				pool.allocated = pool.allocated.saturating_sub(lease.units);
			}
		});
		SiteLeases::<T>::mutate(lease.site, |leases| leases.retain(|l| *l != id));
		let _ = T::Currency::release(
			&HoldReason::LeaseDeposit.into(),
			&lease.lessee,
			lease.deposit.saturated_into(),
			Precision::BestEffort,
		);
		Leases::<T>::remove(id);
		Self::deposit_event(Event::LeaseEnded { lease: id, site: lease.site, units: lease.units });
	}

	fn lease_of(id: LeaseId) -> Result<Lease<T::AccountId>, DispatchError> {
		Leases::<T>::get(id).ok_or_else(|| Error::<T>::UnknownLease.into())
	}

	pub(crate) fn do_end_lease(who: T::AccountId, id: LeaseId) -> DispatchResult {
		let mut lease = Self::lease_of(id)?;
		ensure!(lease.lessee == who, Error::<T>::NotLessee);
		let now = SettlementPeriod::current::<T::Time>().ok_or(Error::<T>::InvalidPeriod)?;
		let notice = now.next().ok_or(Error::<T>::InvalidPeriod)?;
		lease.last = lease.last.min(notice).max(lease.first);
		lease.renewal = None;
		let last = lease.last;
		if lease.settled >= lease.periods() {
			Self::close_lease(id, &lease);
		} else {
			Leases::<T>::insert(id, lease);
		}
		Self::deposit_event(Event::LeaseTerminated { lease: id, last });
		Ok(())
	}

	pub(crate) fn do_renew_lease(
		who: T::AccountId,
		id: LeaseId,
		last: SettlementPeriod,
	) -> DispatchResult {
		let mut lease = Self::lease_of(id)?;
		ensure!(
			last.is_valid()
				&& lease.last < last
				&& lease.last.months_until(&last) <= T::MaxLeasePeriods::get(),
			Error::<T>::InvalidRenewal
		);
		if Self::project_of(lease.site)?.lead == who {
			lease.renewal = Some(last);
			Leases::<T>::insert(id, lease);
			Self::deposit_event(Event::RenewalOffered { lease: id, last });
		} else {
			ensure!(lease.lessee == who, Error::<T>::NotLeaseParty);
			ensure!(lease.renewal == Some(last), Error::<T>::RenewalNotOffered);
			Self::ensure_unsettled(lease.site, lease.last, last)?;
			lease.last = last;
			lease.renewal = None;
			Leases::<T>::insert(id, lease);
			Self::deposit_event(Event::LeaseRenewed { lease: id, last });
		}
		Ok(())
	}

	pub(crate) fn do_withdraw_offer(who: T::AccountId, id: OfferId) -> DispatchResult {
		let offer = Offers::<T>::get(id).ok_or(Error::<T>::UnknownOffer)?;
		if Self::project_of(offer.site)?.lead != who {
			let now = SettlementPeriod::current::<T::Time>().ok_or(Error::<T>::InvalidPeriod)?;
			ensure!(offer.last < now, Error::<T>::OfferStillOpen);
		}
		Self::remove_offer(id, offer.site);
		Self::deposit_event(Event::OfferWithdrawn { offer: id });
		Ok(())
	}

	// ---- queries ----

	/// A participant's statement of a settled period.
	pub fn statement(
		site: ProjectId,
		period: SettlementPeriod,
		who: &T::AccountId,
	) -> Option<ParticipantStatement> {
		Statements::<T>::get((site, period, who))
	}

	/// A site's leases with their SLA record for `period`.
	pub fn leases_of(
		site: ProjectId,
		period: SettlementPeriod,
	) -> Vec<(LeaseId, Lease<T::AccountId>, SlaRecord)> {
		SiteLeases::<T>::get(site)
			.iter()
			.filter_map(|id| {
				Leases::<T>::get(id).map(|l| (*id, l, SlaRecords::<T>::get(id, period)))
			})
			.collect()
	}

	/// Checks the invariants: shares never exceed 10,000 and total it from approval on,
	/// allocation never exceeds capacity and equals the leases' units, deposits are held.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::traits::fungible::InspectHold;
		let mut project_deposits: alloc::collections::BTreeMap<T::AccountId, u128> =
			Default::default();
		for (id, project) in Projects::<T>::iter() {
			ensure!(project.committed() <= u32::from(FULL_SHARE), "shares above 10,000");
			if project.status != ProjectStatus::Proposed {
				ensure!(project.committed() == u32::from(FULL_SHARE), "shares total 10,000");
			}
			ensure!(
				(project.status == ProjectStatus::Reached(Milestone::Commissioned))
					== Sites::<T>::contains_key(id),
				"a site exactly for each commissioned project"
			);
			let slot = project_deposits.entry(project.lead.clone()).or_default();
			*slot = slot.saturating_add(project.deposit);
		}
		for (id, site) in Sites::<T>::iter() {
			ensure!(
				SiteOfDevice::<T>::get(site.device) == Some(id),
				"each site's device is its own"
			);
			let leases: Vec<Lease<T::AccountId>> =
				SiteLeases::<T>::get(id).iter().filter_map(Leases::<T>::get).collect();
			for kind in ResourceKind::ALL {
				let pool = site.pools.get(kind);
				ensure!(pool.allocated <= pool.capacity, "allocated capacity within capacity");
				let units: u32 = leases
					.iter()
					.filter(|l| l.kind == kind)
					.fold(0u32, |sum, l| sum.saturating_add(l.units));
				ensure!(units == pool.allocated, "each kind's allocation equals its leases' units");
			}

			if let Some(metered) = site.metered {
				let opening = site.opening.ok_or("billed energy has an opening reading")?;
				ensure!(
					site.billed_kwh <= metered.saturating_sub(opening),
					"billed energy within the meter's range"
				);
			}
		}
		let mut lease_deposits: alloc::collections::BTreeMap<T::AccountId, u128> =
			Default::default();
		for (id, lease) in Leases::<T>::iter() {
			ensure!(
				SiteLeases::<T>::get(lease.site).contains(&id),
				"every lease is in its site's list"
			);
			ensure!(lease.settled < lease.periods(), "a fully settled lease has ended");
			let slot = lease_deposits.entry(lease.lessee.clone()).or_default();
			*slot = slot.saturating_add(lease.deposit);
		}
		for (who, amount) in lease_deposits {
			let held: u128 = T::Currency::balance_on_hold(&HoldReason::LeaseDeposit.into(), &who)
				.saturated_into();
			ensure!(held == amount, "lease deposits held");
		}
		for (who, amount) in project_deposits {
			let held: u128 = T::Currency::balance_on_hold(&HoldReason::ProjectDeposit.into(), &who)
				.saturated_into();
			ensure!(held == amount, "project deposits held");
		}
		Self::try_state_usage()?;
		Self::try_state_proposals()
	}
}
