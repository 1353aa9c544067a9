//! Capacity of every kind and usage-based opex allocation.
//!
//! A site's capacity is kept per [`ResourceKind`] (radio, edge compute at the MEC host,
//! backhaul): the owners approve each kind's capacity, and offers and leases take from their
//! own kind's pool only.
//!
//! A site's opex is split among its owners by the rule they approved ([`OpexSplit`]): by shares,
//! by the period's per-operator traffic counters (3GPP TS 28.552 data volume per PLMN), or a
//! fixed floor by shares and the rest by traffic. The counters are signed by the site's
//! station, reported once per period after it ends, and may be disputed by an owner within
//! `DisputeWindow`; the arbiter keeps or drops them. A period settles by traffic only once its
//! counters are past the window and undisputed; without counters (or with no traffic at all)
//! it is split by shares. Rounding: the fixed part by the largest-remainder rule, the traffic
//! part floor per owner with the leftover minor units to the lead; the parts sum to the opex.

use crate::{pallet::*, split_by_shares, types::*, WeightInfo};
use alloc::vec::Vec;
use frame_support::{ensure, pallet_prelude::*};
use sp_runtime::{helpers_128bit::multiply_by_rational_with_rounding, Rounding};
use telecom_primitives::{Amount, DeviceSignature, DeviceVerifier, SettlementPeriod};

impl<T: Config> Pallet<T> {
	/// Checks that `who` (the lead) may set the site's capacity of `kind` to `capacity`: never
	/// below what leases of the kind hold.
	pub(crate) fn check_capacity(
		who: &T::AccountId,
		id: ProjectId,
		kind: ResourceKind,
		capacity: u32,
	) -> DispatchResult {
		Self::check_site_lead(who, id)?;
		let site = Self::site_of(id)?;
		ensure!(capacity >= site.pools.get(kind).allocated, Error::<T>::CapacityBelowLeased);
		Ok(())
	}

	/// Sets the site's capacity of `kind`. Runs only when the owners' approved change takes
	/// effect.
	pub(crate) fn do_declare_capacity(
		who: T::AccountId,
		id: ProjectId,
		kind: ResourceKind,
		capacity: u32,
	) -> DispatchResult {
		Self::check_capacity(&who, id, kind, capacity)?;
		Sites::<T>::try_mutate(id, |site| -> DispatchResult {
			let site = site.as_mut().ok_or(Error::<T>::UnknownSite)?;
			site.pools.get_mut(kind).capacity = capacity;
			Ok(())
		})?;
		Self::deposit_event(Event::CapacityDeclared { site: id, kind, capacity });
		Ok(())
	}

	/// Checks that `who` (the lead) may propose `rule` for the site.
	pub(crate) fn check_opex_split(
		who: &T::AccountId,
		id: ProjectId,
		rule: &OpexSplit,
	) -> DispatchResult {
		Self::check_site_lead(who, id)?;
		if let OpexSplit::Mixed { floor } = rule {
			ensure!(*floor > 0 && *floor < FULL_SHARE, Error::<T>::InvalidSplit);
		}
		Ok(())
	}

	/// Sets the site's opex split. Runs only when the owners' approved change takes effect.
	pub(crate) fn do_set_opex_split(
		who: T::AccountId,
		id: ProjectId,
		rule: OpexSplit,
	) -> DispatchResult {
		Self::check_opex_split(&who, id, &rule)?;
		OpexRules::<T>::insert(id, rule);
		Self::deposit_event(Event::OpexSplitSet { site: id, rule });
		Ok(())
	}

	/// Weight of `report_traffic` with `counters` counters and `signature`: the ed25519
	/// benchmark, plus for another key type the surplus its signature check costs (measured
	/// by the `report_energy_*` benchmarks, whose payload is of the same size class).
	pub fn report_traffic_weight(counters: u32, signature: &DeviceSignature) -> Weight {
		let base = T::WeightInfo::report_traffic(counters.min(T::MaxParticipants::get()));
		base.saturating_add(match signature {
			DeviceSignature::Ed25519(_) => Weight::zero(),
			DeviceSignature::Sr25519(_) => T::WeightInfo::report_energy_sr25519(),
			DeviceSignature::Ecdsa(_) => T::WeightInfo::report_energy_ecdsa(),
			DeviceSignature::P256(_) => T::WeightInfo::report_energy_p256(),
		})
	}

	/// Records a period's signed traffic counters: the period is over and unsettled, every
	/// counter names a distinct owner, the station signed them, and none stand for the period.
	pub(crate) fn do_report_traffic(
		id: ProjectId,
		period: SettlementPeriod,
		counters: BoundedVec<(T::AccountId, u64), T::MaxParticipants>,
		signature: DeviceSignature,
	) -> DispatchResult {
		let site = Self::site_of(id)?;
		let project = Self::project_of(id)?;
		ensure!(period.is_valid(), Error::<T>::InvalidPeriod);
		ensure!(!Settled::<T>::contains_key(id, period), Error::<T>::PeriodSettled);
		let now = SettlementPeriod::current::<T::Time>().ok_or(Error::<T>::InvalidPeriod)?;
		ensure!(period < now, Error::<T>::PeriodNotOver);
		ensure!(!TrafficCounters::<T>::contains_key(id, period), Error::<T>::TrafficKnown);
		let mut seen: Vec<&T::AccountId> = Vec::with_capacity(counters.len());
		for (who, _) in counters.iter() {
			ensure!(project.share_of(who).is_some(), Error::<T>::NotOwner);
			ensure!(!seen.contains(&who), Error::<T>::DuplicateCounter);
			seen.push(who);
		}
		let payload = traffic_payload(&Self::genesis_hash(), id, period, &counters);
		T::Devices::verify(&site.device, &payload, &signature)
			.map_err(|_| Error::<T>::BadSignature)?;
		let total = counters.iter().fold(0u64, |sum, (_, mb)| sum.saturating_add(*mb));
		TrafficCounters::<T>::insert(
			id,
			period,
			TrafficReport {
				counters,
				reported: Self::now_millis(),
				dispute: DisputeState::None,
				accepted: BoundedVec::new(),
			},
		);
		Self::deposit_event(Event::TrafficReported { site: id, period, total });
		Ok(())
	}

	/// An owner objects to a period's counters within `DisputeWindow` of their report, once.
	pub(crate) fn do_object_to_traffic(
		who: T::AccountId,
		id: ProjectId,
		period: SettlementPeriod,
	) -> DispatchResult {
		let project = Self::project_of(id)?;
		ensure!(project.share_of(&who).is_some(), Error::<T>::NotOwner);
		ensure!(!Settled::<T>::contains_key(id, period), Error::<T>::PeriodSettled);
		TrafficCounters::<T>::try_mutate(id, period, |report| -> DispatchResult {
			let report = report.as_mut().ok_or(Error::<T>::NoTraffic)?;
			ensure!(
				Self::now_millis() < report.reported.saturating_add(T::DisputeWindow::get()),
				Error::<T>::DisputeWindowOver
			);
			ensure!(!report.accepted.contains(&who), Error::<T>::AlreadyApproved);
			ensure!(report.dispute == DisputeState::None, Error::<T>::AlreadyDisputed);
			report.dispute = DisputeState::Objected { by: who.clone() };
			Ok(())
		})?;
		Self::deposit_event(Event::TrafficObjected { site: id, period, by: who });
		Ok(())
	}

	/// An owner accepts a period's counters, once.
	pub(crate) fn do_accept_traffic(
		who: T::AccountId,
		id: ProjectId,
		period: SettlementPeriod,
	) -> DispatchResult {
		let project = Self::project_of(id)?;
		ensure!(project.share_of(&who).is_some(), Error::<T>::NotOwner);
		ensure!(!Settled::<T>::contains_key(id, period), Error::<T>::PeriodSettled);
		TrafficCounters::<T>::try_mutate(id, period, |report| -> DispatchResult {
			let report = report.as_mut().ok_or(Error::<T>::NoTraffic)?;
			ensure!(!report.accepted.contains(&who), Error::<T>::AlreadyApproved);
			report.accepted.try_push(who.clone()).map_err(|_| Error::<T>::TooManyParticipants)?;
			Ok(())
		})?;
		Self::deposit_event(Event::TrafficAccepted { site: id, period, who });
		Ok(())
	}

	/// The arbiter keeps (`overrule`) or drops a period's disputed counters.
	pub(crate) fn do_resolve_traffic(
		id: ProjectId,
		period: SettlementPeriod,
		overrule: bool,
	) -> DispatchResult {
		let mut report = TrafficCounters::<T>::get(id, period).ok_or(Error::<T>::NoTraffic)?;
		ensure!(matches!(report.dispute, DisputeState::Objected { .. }), Error::<T>::NotDisputed);
		if overrule {
			report.dispute = DisputeState::Overruled;
			TrafficCounters::<T>::insert(id, period, report);
		} else {
			TrafficCounters::<T>::remove(id, period);
		}
		Self::deposit_event(Event::TrafficObjectionResolved {
			site: id,
			period,
			overruled: overrule,
		});
		Ok(())
	}

	/// Each owner's part (in stake order) of a settling period's `opex` under the site's rule.
	/// Fails while the period's counters are in their dispute window or disputed, so a period
	/// is allocated once, on counters nobody can still contest.
	pub(crate) fn allocate_opex(
		id: ProjectId,
		period: SettlementPeriod,
		project: &ProjectOf<T>,
		opex: Amount,
		now: u64,
	) -> Result<Vec<Amount>, DispatchError> {
		let rule = OpexRules::<T>::get(id);
		let shares: Vec<BasisPoints> = project.stakes.iter().map(|s| s.share).collect();
		let traffic = if rule.fixed_part() < FULL_SHARE {
			match TrafficCounters::<T>::get(id, period) {
				Some(report) => {
					ensure!(
						!matches!(report.dispute, DisputeState::Objected { .. }),
						Error::<T>::TrafficDisputed
					);
					// Every owner accepted: nobody is left to object, the window need not pass.
					let unanimous = project.stakes.iter().all(|s| report.accepted.contains(&s.who));
					ensure!(
						unanimous || now >= report.reported.saturating_add(T::DisputeWindow::get()),
						Error::<T>::TrafficWindowOpen
					);
					let volumes: Vec<u64> = project
						.stakes
						.iter()
						.map(|stake| {
							report
								.counters
								.iter()
								.find(|(who, _)| *who == stake.who)
								.map(|(_, mb)| *mb)
								.unwrap_or(0)
						})
						.collect();
					Some(volumes)
				},
				None => None,
			}
		} else {
			None
		};
		let total: u128 = traffic
			.as_ref()
			.map(|v| v.iter().fold(0u128, |sum, mb| sum.saturating_add(u128::from(*mb))))
			.unwrap_or(0);
		let (parts, by_shares, by_traffic) = match traffic {
			Some(volumes) if total > 0 => {
				let by_shares = multiply_by_rational_with_rounding(
					opex,
					u128::from(rule.fixed_part()),
					u128::from(FULL_SHARE),
					Rounding::Down,
				)
				.ok_or(Error::<T>::Overflow)?;
				let by_traffic = opex.checked_sub(by_shares).ok_or(Error::<T>::Overflow)?;
				let mut parts =
					split_by_shares(by_shares, &shares).ok_or(Error::<T>::SharesIncomplete)?;
				let mut given: Amount = 0;
				for (part, mb) in parts.iter_mut().zip(volumes.iter()) {
					let share = multiply_by_rational_with_rounding(
						by_traffic,
						u128::from(*mb),
						total,
						Rounding::Down,
					)
					.ok_or(Error::<T>::Overflow)?;
					given = given.checked_add(share).ok_or(Error::<T>::Overflow)?;
					*part = part.checked_add(share).ok_or(Error::<T>::Overflow)?;
				}
				// The leftover minor units of the traffic part go to the lead, who pays the
				// bills (to the first owner if the lead holds no share).
				let left = by_traffic.checked_sub(given).ok_or(Error::<T>::Overflow)?;
				let lead = project.stakes.iter().position(|s| s.who == project.lead).unwrap_or(0);
				let part = parts.get_mut(lead).ok_or(Error::<T>::SharesIncomplete)?;
				*part = part.checked_add(left).ok_or(Error::<T>::Overflow)?;
				(parts, by_shares, by_traffic)
			},
			_ => (split_by_shares(opex, &shares).ok_or(Error::<T>::SharesIncomplete)?, opex, 0),
		};
		Self::deposit_event(Event::OpexAllocated { site: id, period, rule, by_shares, by_traffic });
		Ok(parts)
	}

	/// Invariants of capacity kinds and usage allocation: opex rules belong to sites and mixed
	/// floors are strictly between the ends; the traffic counters of a site's unsettled periods
	/// name distinct owners of it.
	pub(crate) fn try_state_usage() -> Result<(), sp_runtime::TryRuntimeError> {
		for (id, rule) in OpexRules::<T>::iter() {
			ensure!(Sites::<T>::contains_key(id), "an opex rule belongs to a site");
			if let OpexSplit::Mixed { floor } = rule {
				ensure!(floor > 0 && floor < FULL_SHARE, "a mixed floor is strictly partial");
			}
		}
		for (id, period, report) in TrafficCounters::<T>::iter() {
			let Some(project) = Projects::<T>::get(id) else { continue };
			if Settled::<T>::contains_key(id, period) {
				continue;
			}
			let mut seen: Vec<&T::AccountId> = Vec::new();
			for (who, _) in report.counters.iter() {
				ensure!(project.share_of(who).is_some(), "traffic counters name owners");
				ensure!(!seen.contains(&who), "one traffic counter per owner");
				seen.push(who);
			}
			let mut accepted: Vec<&T::AccountId> = Vec::new();
			for who in report.accepted.iter() {
				ensure!(project.share_of(who).is_some(), "owners accept traffic counters");
				ensure!(!accepted.contains(&who), "each owner accepts once");
				accepted.push(who);
			}
		}
		Ok(())
	}
}
