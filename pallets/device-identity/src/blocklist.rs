//! The shared block list (GSMA Device Registry / CEIR practice): operators report lost, stolen,
//! fraudulent, counterfeit or faulty devices with a deposit; `ReportsToList` distinct operators'
//! reports, or one regulator, list the device, which suspends it through the device's ordinary
//! suspension (an open suspension period, so "key valid at" answers no). The listing stands
//! until a regulator clears it or no report and no regulator listing remain; clearing returns
//! the device to its previous state unless a hold of its own still suspends it.

use crate::{pallet::*, types::*};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
	},
};
use sp_runtime::SaturatedConversion;
use telecom_primitives::DeviceId;

impl<T: Config> Pallet<T> {
	/// Whether the device is on the block list now.
	pub fn is_block_listed(device: &DeviceId) -> bool {
		BlockListings::<T>::get(device).is_some_and(|listing| listing.listed())
	}

	fn ended(status: DeviceStatus) -> bool {
		matches!(status, DeviceStatus::Revoked | DeviceStatus::Decommissioned)
	}

	fn ensure_regulator(who: &T::AccountId) -> DispatchResult {
		ensure!(Regulators::<T>::contains_key(who), Error::<T>::NotRegulator);
		Ok(())
	}

	fn empty_listing() -> BlockListingOf<T> {
		BlockListing { reports: 0, regulator: None, listed_since: None }
	}

	pub(crate) fn do_report_device(
		who: T::AccountId,
		device: DeviceId,
		reason: BlockReason,
	) -> DispatchResult {
		let record = Self::device_of(&device)?;
		ensure!(!Self::ended(record.status), Error::<T>::InvalidTransition);
		ensure!(record.custodian != who, Error::<T>::ReporterIsCustodian);
		ensure!(!BlockReports::<T>::contains_key(device, &who), Error::<T>::AlreadyReported);
		let mut listing = BlockListings::<T>::get(device).unwrap_or_else(Self::empty_listing);
		ensure!(listing.reports < T::MaxReportsPerDevice::get(), Error::<T>::TooManyReports);
		let deposit = T::ReportDeposit::get();
		T::Currency::hold(&HoldReason::BlockListReport.into(), &who, deposit)?;
		let now = Self::now();
		BlockReports::<T>::insert(
			device,
			&who,
			BlockReport { reason, at: now, deposit: deposit.saturated_into() },
		);
		listing.reports = listing.reports.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let reports = listing.reports;
		let lists = !listing.listed() && reports >= T::ReportsToList::get();
		if lists {
			listing.listed_since = Some(now);
		}
		BlockListings::<T>::insert(device, listing);
		Self::deposit_event(Event::DeviceReported {
			device,
			reporter: who.clone(),
			reason,
			reports,
		});
		if lists {
			Self::suspend_for_listing(device, record, who, reason)?;
		}
		Ok(())
	}

	pub(crate) fn do_list_device(
		who: T::AccountId,
		device: DeviceId,
		reason: BlockReason,
	) -> DispatchResult {
		Self::ensure_regulator(&who)?;
		let record = Self::device_of(&device)?;
		ensure!(!Self::ended(record.status), Error::<T>::InvalidTransition);
		let mut listing = BlockListings::<T>::get(device).unwrap_or_else(Self::empty_listing);
		ensure!(listing.regulator.is_none(), Error::<T>::AlreadyListed);
		let now = Self::now();
		listing.regulator = Some(RegulatorListing { regulator: who.clone(), reason, at: now });
		let lists = !listing.listed();
		if lists {
			listing.listed_since = Some(now);
		}
		BlockListings::<T>::insert(device, listing);
		Self::deposit_event(Event::RegulatorListed { device, regulator: who.clone(), reason });
		if lists {
			Self::suspend_for_listing(device, record, who, reason)?;
		}
		Ok(())
	}

	pub(crate) fn do_withdraw_report(who: T::AccountId, device: DeviceId) -> DispatchResult {
		let report = BlockReports::<T>::take(device, &who).ok_or(Error::<T>::NoReport)?;
		T::Currency::release(
			&HoldReason::BlockListReport.into(),
			&who,
			report.deposit.saturated_into(),
			Precision::BestEffort,
		)?;
		Self::deposit_event(Event::ReportWithdrawn { device, reporter: who.clone() });
		Self::report_removed(device, who)
	}

	pub(crate) fn do_reject_report(
		who: T::AccountId,
		device: DeviceId,
		reporter: T::AccountId,
	) -> DispatchResult {
		Self::ensure_regulator(&who)?;
		let report = BlockReports::<T>::take(device, &reporter).ok_or(Error::<T>::NoReport)?;
		// A false report's deposit goes to the neutral treasury account, never to the device's
		// custodian (who would otherwise gain from a false report against its own device).
		let forfeited_to = T::ForfeitTo::get();
		let amount = T::Currency::transfer_on_hold(
			&HoldReason::BlockListReport.into(),
			&reporter,
			&forfeited_to,
			report.deposit.saturated_into(),
			Precision::BestEffort,
			Restriction::Free,
			Fortitude::Polite,
		)?;
		Self::deposit_event(Event::ReportRejected { device, reporter, forfeited_to, amount });
		Self::report_removed(device, who)
	}

	/// Counts a report out of the device's entry (the report and its deposit were dealt with);
	/// with no report and no regulator listing left, the entry goes and, if the device was
	/// listed, the listing is cleared by `by`.
	fn report_removed(device: DeviceId, by: T::AccountId) -> DispatchResult {
		let mut listing = BlockListings::<T>::get(device).ok_or(Error::<T>::NoReport)?;
		listing.reports = listing.reports.saturating_sub(1);
		if listing.reports > 0 || listing.regulator.is_some() {
			BlockListings::<T>::insert(device, listing);
			return Ok(());
		}
		BlockListings::<T>::remove(device);
		let was_listed = listing.listed();
		if was_listed {
			Self::restore_after_listing(device, by.clone())?;
			Self::deposit_event(Event::BlockListingCleared { device, by, was_listed });
		}
		Ok(())
	}

	pub(crate) fn do_clear_listing(who: T::AccountId, device: DeviceId) -> DispatchResult {
		Self::ensure_regulator(&who)?;
		let listing = BlockListings::<T>::take(device).ok_or(Error::<T>::NotListed)?;
		// At most `MaxReportsPerDevice` entries.
		for (reporter, report) in BlockReports::<T>::drain_prefix(device) {
			T::Currency::release(
				&HoldReason::BlockListReport.into(),
				&reporter,
				report.deposit.saturated_into(),
				Precision::BestEffort,
			)?;
		}
		let was_listed = listing.listed();
		if was_listed {
			Self::restore_after_listing(device, who.clone())?;
		}
		Self::deposit_event(Event::BlockListingCleared { device, by: who, was_listed });
		Ok(())
	}

	/// Suspends a device that just went on the block list, through its ordinary suspension:
	/// an active device becomes suspended; a device not yet activated stays so (activation is
	/// refused while listed) but its key is held invalid; a device already held stays held.
	/// Never refused for lack of room: the history and the suspension periods make room.
	fn suspend_for_listing(
		device: DeviceId,
		mut record: DeviceOf<T>,
		by: T::AccountId,
		reason: BlockReason,
	) -> DispatchResult {
		let event = DeviceEvent::BlockListed { by: by.clone(), reason };
		match record.status {
			DeviceStatus::Active => {
				Self::open_suspension(device, record.custody_since);
				Self::set_status(device, record, DeviceStatus::Suspended, by.clone(), event)?;
			},
			DeviceStatus::Manufactured => {
				Self::open_suspension(device, record.custody_since);
				Self::append_history(device, &mut record, event);
				Devices::<T>::insert(device, record);
			},
			DeviceStatus::Suspended => {
				// Its hold's suspension period continues.
				Self::append_history(device, &mut record, event);
				Devices::<T>::insert(device, record);
			},
			// Refused before: an ended device is not listed.
			DeviceStatus::Revoked | DeviceStatus::Decommissioned => {},
		}
		Self::deposit_event(Event::DeviceBlockListed { device, by });
		Ok(())
	}

	/// Returns a device taken off the block list to its previous state, unless a hold of its
	/// own still suspends it; an ended device is left as it is.
	fn restore_after_listing(device: DeviceId, by: T::AccountId) -> DispatchResult {
		let Some(mut record) = Devices::<T>::get(device) else { return Ok(()) };
		let event = DeviceEvent::BlockListCleared { by: by.clone() };
		match record.status {
			DeviceStatus::Suspended if record.hold.is_none() => {
				Self::close_suspension(device);
				Self::set_status(device, record, DeviceStatus::Active, by, event)?;
			},
			DeviceStatus::Manufactured => {
				Self::close_suspension(device);
				Self::append_history(device, &mut record, event);
				Devices::<T>::insert(device, record);
			},
			DeviceStatus::Suspended => {
				// Its own hold keeps it suspended.
				Self::append_history(device, &mut record, event);
				Devices::<T>::insert(device, record);
			},
			// A listed device is never active; an ended one gets no more history.
			DeviceStatus::Active | DeviceStatus::Revoked | DeviceStatus::Decommissioned => {},
		}
		Ok(())
	}

	/// A device's block-list entry with its open reports, oldest first.
	pub fn block_listing(
		device: DeviceId,
	) -> Option<BlockListingDetails<T::AccountId, frame_system::pallet_prelude::BlockNumberFor<T>>>
	{
		let listing = BlockListings::<T>::get(device)?;
		let mut reports: alloc::vec::Vec<_> = BlockReports::<T>::iter_prefix(device).collect();
		reports.sort_by_key(|(_, report)| report.at);
		Some(BlockListingDetails { device, listing, reports })
	}

	/// The block list's invariants: report counts and caps, "listed" exactly when the threshold
	/// was met (and a report remains) or a regulator listed, and report deposits held.
	pub(crate) fn try_state_block_list() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;
		use frame_support::traits::fungible::InspectHold;

		for (device, listing) in BlockListings::<T>::iter() {
			ensure!(Devices::<T>::contains_key(device), "block-list entry of no device");
			let count = BlockReports::<T>::iter_prefix(device).count();
			ensure!(count == listing.reports as usize, "block-list report count");
			ensure!(listing.reports <= T::MaxReportsPerDevice::get(), "reports beyond their cap");
			ensure!(
				listing.reports > 0 || listing.regulator.is_some(),
				"no empty block-list entry"
			);
			if listing.regulator.is_some() || listing.reports >= T::ReportsToList::get() {
				ensure!(listing.listed(), "threshold met or regulator listing, but not listed");
			}
			// Below the threshold, a listing stands only while a report that made it remains
			// (checked above: the entry is not empty).
		}
		let mut report_deposits: BTreeMap<T::AccountId, u128> = BTreeMap::new();
		for (device, reporter, report) in BlockReports::<T>::iter() {
			ensure!(BlockListings::<T>::contains_key(device), "report without an entry");
			let held = report_deposits.entry(reporter).or_default();
			*held = held.saturating_add(report.deposit);
		}
		for (reporter, amount) in report_deposits {
			let held: u128 =
				T::Currency::balance_on_hold(&HoldReason::BlockListReport.into(), &reporter)
					.saturated_into();
			ensure!(held == amount, "report deposits held equal open reports");
		}
		Ok(())
	}
}
