//! Co-owner approval of the lead's changes. Milestones, commissioning, maintenance costs and
//! energy prices oblige every owner, so the lead only proposes them (holding a deposit); a
//! change takes effect when anyone executes it once owners holding `ApprovalThreshold` of the
//! shares approved it and its `DisputeWindow` passed (at once if every owner approved). A
//! co-owner who did not approve may object within the window: the arbiter then overrules the
//! objection or rejects the change. A proposal that has not taken effect by the end of its
//! `ProposalLifetime` can only be closed, by anyone; every end releases its deposit.

use crate::{pallet::*, types::*};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungible::MutateHold, tokens::Precision},
};
use sp_runtime::SaturatedConversion;

impl<T: Config> Pallet<T> {
	fn proposal_of(
		id: ProposalId,
	) -> Result<ChangeProposal<T::AccountId, T::MaxParticipants>, DispatchError> {
		Proposals::<T>::get(id).ok_or_else(|| Error::<T>::UnknownProposal.into())
	}

	/// Checks that `who` may make `change` of project `id` now (the same checks run again when
	/// the change takes effect).
	fn check_change(who: &T::AccountId, id: ProjectId, change: &SiteChange) -> DispatchResult {
		match *change {
			SiteChange::ApproveProject => {
				Self::check_milestone(who, id, Milestone::Approved).map(|_| ())
			},
			SiteChange::CompleteConstruction => {
				Self::check_milestone(who, id, Milestone::Built).map(|_| ())
			},
			SiteChange::Commission { device, capacity, .. } => {
				Self::check_commission(who, id, device, capacity)
			},
			SiteChange::Maintenance { period, .. } => Self::check_maintenance(who, id, period),
			SiteChange::EnergyPrice { .. } => Self::check_site_lead(who, id),
			SiteChange::Capacity { kind, capacity } => {
				Self::check_capacity(who, id, kind, capacity)
			},
			SiteChange::OpexSplit { rule } => Self::check_opex_split(who, id, &rule),
		}
	}

	/// Makes `change` on behalf of `who`, the proposer.
	fn apply_change(who: T::AccountId, id: ProjectId, change: SiteChange) -> DispatchResult {
		match change {
			SiteChange::ApproveProject => Self::do_milestone(who, id, Milestone::Approved),
			SiteChange::CompleteConstruction => Self::do_milestone(who, id, Milestone::Built),
			SiteChange::Commission { device, capacity, energy_price } => {
				Self::do_commission(who, id, device, capacity, energy_price)
			},
			SiteChange::Maintenance { period, cost, invoice } => {
				Self::do_record_maintenance(who, id, period, cost, invoice)
			},
			SiteChange::EnergyPrice { price } => Self::do_set_energy_price(who, id, price),
			SiteChange::Capacity { kind, capacity } => {
				Self::do_declare_capacity(who, id, kind, capacity)
			},
			SiteChange::OpexSplit { rule } => Self::do_set_opex_split(who, id, rule),
		}
	}

	/// Shares, in basis points, of the current owners among `approvals`: an owner who left
	/// counts no more.
	pub fn approved_share(project: &ProjectOf<T>, approvals: &[T::AccountId]) -> u32 {
		approvals
			.iter()
			.filter_map(|who| project.share_of(who))
			.fold(0u32, |sum, share| sum.saturating_add(u32::from(share)))
	}

	/// The lead proposes `change` of project `id`, holding `ProposalDeposit`; its own share
	/// approves it.
	pub(crate) fn open_proposal(
		who: T::AccountId,
		id: ProjectId,
		change: SiteChange,
	) -> DispatchResult {
		Self::check_change(&who, id, &change)?;
		let proposal = NextProposalId::<T>::get();
		NextProposalId::<T>::put(proposal.checked_add(1).ok_or(Error::<T>::Overflow)?);
		ProjectProposals::<T>::try_mutate(id, |open| open.try_push(proposal))
			.map_err(|_| Error::<T>::TooManyProposals)?;
		let deposit = T::ProposalDeposit::get();
		T::Currency::hold(&HoldReason::ProposalDeposit.into(), &who, deposit)?;
		let approvals = BoundedVec::try_from(alloc::vec![who.clone()])
			.map_err(|_| Error::<T>::TooManyParticipants)?;
		Proposals::<T>::insert(
			proposal,
			ChangeProposal {
				project: id,
				proposer: who.clone(),
				change,
				deposit: deposit.saturated_into(),
				opened: Self::now_millis(),
				approvals,
				dispute: DisputeState::None,
			},
		);
		Self::deposit_event(Event::ChangeProposed { proposal, project: id, proposer: who, change });
		Ok(())
	}

	pub(crate) fn do_approve_change(who: T::AccountId, id: ProposalId) -> DispatchResult {
		let mut proposal = Self::proposal_of(id)?;
		let project = Self::project_of(proposal.project)?;
		ensure!(project.share_of(&who).is_some(), Error::<T>::NotParticipant);
		ensure!(
			Self::now_millis() < proposal.opened.saturating_add(T::ProposalLifetime::get()),
			Error::<T>::ProposalExpired
		);
		ensure!(!proposal.approvals.contains(&who), Error::<T>::AlreadyApproved);
		// Owners who left no longer count: they make room, so the list never outgrows the
		// owners.
		proposal.approvals.retain(|a| project.share_of(a).is_some());
		proposal.approvals.try_push(who.clone()).map_err(|_| Error::<T>::TooManyParticipants)?;
		let approved = Self::approved_share(&project, &proposal.approvals);
		Proposals::<T>::insert(id, proposal);
		Self::deposit_event(Event::ChangeApproved { proposal: id, who, approved });
		Ok(())
	}

	pub(crate) fn do_object(who: T::AccountId, id: ProposalId) -> DispatchResult {
		let mut proposal = Self::proposal_of(id)?;
		let project = Self::project_of(proposal.project)?;
		ensure!(project.share_of(&who).is_some(), Error::<T>::NotParticipant);
		ensure!(!proposal.approvals.contains(&who), Error::<T>::AlreadyApproved);
		ensure!(
			Self::now_millis() < proposal.opened.saturating_add(T::DisputeWindow::get()),
			Error::<T>::DisputeWindowOver
		);
		ensure!(proposal.dispute == DisputeState::None, Error::<T>::AlreadyDisputed);
		proposal.dispute = DisputeState::Objected { by: who.clone() };
		Proposals::<T>::insert(id, proposal);
		Self::deposit_event(Event::ChangeObjected { proposal: id, by: who });
		Ok(())
	}

	pub(crate) fn do_resolve(id: ProposalId, overrule: bool) -> DispatchResult {
		let mut proposal = Self::proposal_of(id)?;
		ensure!(matches!(proposal.dispute, DisputeState::Objected { .. }), Error::<T>::NotDisputed);
		if overrule {
			proposal.dispute = DisputeState::Overruled;
			Proposals::<T>::insert(id, proposal);
			Self::deposit_event(Event::ObjectionOverruled { proposal: id });
		} else {
			Self::remove_proposal(id, &proposal);
			Self::deposit_event(Event::ChangeRejected { proposal: id });
		}
		Ok(())
	}

	pub(crate) fn do_execute(id: ProposalId) -> DispatchResult {
		let proposal = Self::proposal_of(id)?;
		let now = Self::now_millis();
		ensure!(
			now < proposal.opened.saturating_add(T::ProposalLifetime::get()),
			Error::<T>::ProposalExpired
		);
		ensure!(!matches!(proposal.dispute, DisputeState::Objected { .. }), Error::<T>::Disputed);
		let project = Self::project_of(proposal.project)?;
		let approved = Self::approved_share(&project, &proposal.approvals);
		ensure!(approved >= u32::from(T::ApprovalThreshold::get()), Error::<T>::ThresholdNotMet);
		// Every owner approved: nobody is left to object, so the window need not pass.
		let unanimous = approved >= u32::from(FULL_SHARE);
		ensure!(
			unanimous || now >= proposal.opened.saturating_add(T::DisputeWindow::get()),
			Error::<T>::DisputeWindowOpen
		);
		Self::apply_change(proposal.proposer.clone(), proposal.project, proposal.change)?;
		Self::remove_proposal(id, &proposal);
		Self::deposit_event(Event::ChangeExecuted { proposal: id, project: proposal.project });
		Ok(())
	}

	pub(crate) fn do_close(who: T::AccountId, id: ProposalId) -> DispatchResult {
		let proposal = Self::proposal_of(id)?;
		let expired =
			Self::now_millis() >= proposal.opened.saturating_add(T::ProposalLifetime::get());
		ensure!(expired || proposal.proposer == who, Error::<T>::NotExpired);
		Self::remove_proposal(id, &proposal);
		let reason =
			if proposal.proposer == who { ProposalEnd::Withdrawn } else { ProposalEnd::Expired };
		Self::deposit_event(Event::ProposalClosed { proposal: id, reason });
		Ok(())
	}

	/// Removes a proposal from storage and its project's list and releases its deposit.
	fn remove_proposal(
		id: ProposalId,
		proposal: &ChangeProposal<T::AccountId, T::MaxParticipants>,
	) {
		Proposals::<T>::remove(id);
		ProjectProposals::<T>::mutate_exists(proposal.project, |open| {
			if let Some(list) = open {
				list.retain(|p| *p != id);
				if list.is_empty() {
					*open = None;
				}
			}
		});
		let _ = T::Currency::release(
			&HoldReason::ProposalDeposit.into(),
			&proposal.proposer,
			proposal.deposit.saturated_into(),
			Precision::BestEffort,
		);
	}

	/// Closes every open proposal of a project that ends (cancelled or decommissioned),
	/// releasing their deposits.
	pub(crate) fn drop_proposals(project: ProjectId) {
		for id in ProjectProposals::<T>::take(project) {
			if let Some(proposal) = Proposals::<T>::take(id) {
				let _ = T::Currency::release(
					&HoldReason::ProposalDeposit.into(),
					&proposal.proposer,
					proposal.deposit.saturated_into(),
					Precision::BestEffort,
				);
				Self::deposit_event(Event::ProposalClosed {
					proposal: id,
					reason: ProposalEnd::ProjectEnded,
				});
			}
		}
	}

	/// Invariants of the proposals: each is in its (existing) project's list and each listed
	/// one exists for that project; approvals are distinct; deposits held equal the open
	/// proposals' deposits per proposer.
	pub(crate) fn try_state_proposals() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::traits::fungible::InspectHold;
		let next = NextProposalId::<T>::get();
		let mut deposits: alloc::collections::BTreeMap<T::AccountId, u128> = Default::default();
		let mut count: usize = 0;
		for (id, proposal) in Proposals::<T>::iter() {
			count = count.saturating_add(1);
			ensure!(id < next, "proposal ids are below the next id");
			ensure!(Projects::<T>::contains_key(proposal.project), "a proposal's project exists");
			ensure!(
				ProjectProposals::<T>::get(proposal.project).contains(&id),
				"every proposal is in its project's list"
			);
			let mut seen = proposal.approvals.to_vec();
			seen.sort();
			seen.dedup();
			ensure!(seen.len() == proposal.approvals.len(), "approvals are distinct");
			let slot = deposits.entry(proposal.proposer.clone()).or_default();
			*slot = slot.saturating_add(proposal.deposit);
		}
		let mut listed: usize = 0;
		for (project, open) in ProjectProposals::<T>::iter() {
			ensure!(!open.is_empty(), "no empty proposal lists are stored");
			for id in open.iter() {
				listed = listed.saturating_add(1);
				ensure!(
					Proposals::<T>::get(id).is_some_and(|p| p.project == project),
					"every listed proposal exists for its project"
				);
			}
		}
		ensure!(listed == count, "each proposal is listed once");
		for (who, amount) in deposits.iter() {
			let held: u128 = T::Currency::balance_on_hold(&HoldReason::ProposalDeposit.into(), who)
				.saturated_into();
			ensure!(held == *amount, "proposal deposits held equal the open proposals'");
		}
		Ok(())
	}
}
