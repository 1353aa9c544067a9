//! Default management: collateral, exposure caps, suspension after a default.
//!
//! A participant's exposure in a currency is its gross payable in the open cycle, plus the
//! mandate-accepted bills waiting to enter netting, plus its net debit in the cycle being settled
//! (until that cycle is settled). Its cap is its collateral times `CollateralMultiplier` plus the
//! consortium's unsecured credit limit, and never more than [`Pallet::cap_ceiling`], so that the
//! capped payables of every participant together stay below half of the amount type. Bills,
//! batches and mandates that would take a payer above its cap are refused. On a default the
//! defaulter's collateral pays the instruction first, the defaulter is suspended and the rest is
//! carried into the open cycle (see the crate README for the loss-allocation rule).

use crate::{pallet::*, types::*};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungibles, tokens::Preservation},
};
use sp_runtime::traits::AccountIdConversion;
use telecom_primitives::{Amount, CurrencyCode};

impl<T: Config> Pallet<T> {
	/// The clearing account, which holds the collateral.
	pub fn clearing_account() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// The most any participant's cap can be: `Amount::MAX / (2 × MaxParticipants)`, so that the
	/// payables booked under caps sum to at most half the amount type and no cycle total can
	/// overflow through bills, batches or mandates.
	pub fn cap_ceiling() -> Amount {
		let participants = Amount::from(T::MaxParticipants::get().max(1));
		(Amount::MAX >> 1).checked_div(participants).unwrap_or(0)
	}

	/// The cap that `collateral` and `credit_limit` allow.
	pub(crate) fn cap_of(collateral: Amount, credit_limit: Amount) -> Amount {
		collateral
			.saturating_mul(Amount::from(T::CollateralMultiplier::get()))
			.saturating_add(credit_limit)
			.min(Self::cap_ceiling())
	}

	/// Net debit of `who` in `currency` in the cycle being settled, until it is settled.
	pub(crate) fn settling_debit(who: &T::AccountId, currency: CurrencyCode) -> Amount {
		let Some(cycle) = SettlingCycle::<T>::get() else { return 0 };
		let settling = Cycles::<T>::get(cycle)
			.is_some_and(|c| c.phase > CyclePhase::Open && c.phase < CyclePhase::Settled);
		if !settling {
			return 0;
		}
		match Positions::<T>::get((cycle, currency, who)).map(|p| p.net()) {
			Some(NetPosition::Debit(debit)) => debit,
			_ => 0,
		}
	}

	/// `who`'s exposure and cap in `currency`.
	pub fn exposure(who: &T::AccountId, currency: CurrencyCode) -> Exposure {
		let open = OpenCycle::<T>::get();
		let collateral = Collateral::<T>::get(who, currency);
		let credit_limit = CreditLimits::<T>::get(who, currency);
		Exposure {
			open_payable: Positions::<T>::get((open, currency, who)).map_or(0, |p| p.payable),
			pending: PendingExposure::<T>::get(who, currency),
			settling_debit: Self::settling_debit(who, currency),
			collateral,
			credit_limit,
			cap: Self::cap_of(collateral, credit_limit),
		}
	}

	/// Refuses a new obligation of `amount` for `payer` in `currency` if the payer is suspended
	/// or the amount would take its exposure above its cap.
	pub(crate) fn ensure_can_owe(
		payer: &T::AccountId,
		currency: CurrencyCode,
		amount: Amount,
	) -> DispatchResult {
		ensure!(!Suspended::<T>::contains_key(payer), Error::<T>::ParticipantSuspended);
		let exposure = Self::exposure(payer, currency);
		let after = exposure.total().checked_add(amount).ok_or(Error::<T>::ExposureCapExceeded)?;
		ensure!(after <= exposure.cap, Error::<T>::ExposureCapExceeded);
		Ok(())
	}

	/// Refuses a mandate whose cap per cycle exceeds the payer's exposure cap, or a payer that
	/// is suspended.
	pub(crate) fn ensure_mandate_within_cap(
		payer: &T::AccountId,
		currency: CurrencyCode,
		cap_per_cycle: Amount,
	) -> DispatchResult {
		ensure!(!Suspended::<T>::contains_key(payer), Error::<T>::ParticipantSuspended);
		ensure!(
			cap_per_cycle <= Self::exposure(payer, currency).cap,
			Error::<T>::ExposureCapExceeded
		);
		Ok(())
	}

	/// Reserves `amount` of a mandate-accepted bill in its payer's exposure.
	pub(crate) fn add_pending(payer: &T::AccountId, currency: CurrencyCode, amount: Amount) {
		PendingExposure::<T>::mutate(payer, currency, |pending| {
			*pending = pending.saturating_add(amount)
		});
	}

	/// Frees `amount` of a mandate-accepted bill that was netted, disputed or returned.
	pub(crate) fn remove_pending(payer: &T::AccountId, currency: CurrencyCode, amount: Amount) {
		PendingExposure::<T>::mutate_exists(payer, currency, |pending| {
			let left = pending.unwrap_or(0).saturating_sub(amount);
			*pending = (left > 0).then_some(left);
		});
	}

	/// Refuses to change a currency's settlement asset while collateral is held in it.
	pub(crate) fn ensure_asset_free_of_collateral(
		currency: CurrencyCode,
		asset: Option<T::AssetId>,
	) -> DispatchResult {
		if SettlementAssets::<T>::get(currency) != asset {
			ensure!(CollateralTotals::<T>::get(currency) == 0, Error::<T>::CollateralHeld);
		}
		Ok(())
	}

	/// Moves `amount` of the settlement asset from the clearing account to `to`. The account is
	/// kept alive while other collateral remains in the asset, so no dust of it is swept away.
	fn pay_out(
		asset: T::AssetId,
		to: &T::AccountId,
		amount: Amount,
		rest: Amount,
	) -> DispatchResult {
		let preservation =
			if rest == 0 { Preservation::Expendable } else { Preservation::Preserve };
		<T::Assets as fungibles::Mutate<T::AccountId>>::transfer(
			asset,
			&Self::clearing_account(),
			to,
			amount,
			preservation,
		)?;
		Ok(())
	}

	/// Sum of the collateral held in `asset`, over the currencies settled in it.
	fn collateral_in_asset(asset: &T::AssetId) -> Amount {
		SettlementAssets::<T>::iter()
			.filter(|(_, a)| a == asset)
			.fold(0, |sum, (currency, _)| sum.saturating_add(CollateralTotals::<T>::get(currency)))
	}

	pub(crate) fn do_post_collateral(
		who: T::AccountId,
		currency: CurrencyCode,
		amount: Amount,
	) -> DispatchResult {
		ensure!(amount > 0, Error::<T>::ZeroAmount);
		Self::ensure_currency(currency)?;
		let asset = SettlementAssets::<T>::get(currency).ok_or(Error::<T>::NoSettlementAsset)?;
		let total =
			Collateral::<T>::get(&who, currency).checked_add(amount).ok_or(Error::<T>::Overflow)?;
		let sum =
			CollateralTotals::<T>::get(currency).checked_add(amount).ok_or(Error::<T>::Overflow)?;
		<T::Assets as fungibles::Mutate<T::AccountId>>::transfer(
			asset,
			&who,
			&Self::clearing_account(),
			amount,
			Preservation::Expendable,
		)?;
		Collateral::<T>::insert(&who, currency, total);
		CollateralTotals::<T>::insert(currency, sum);
		Self::deposit_event(Event::CollateralPosted { who, currency, amount, total });
		Ok(())
	}

	pub(crate) fn do_withdraw_collateral(
		who: T::AccountId,
		currency: CurrencyCode,
		amount: Amount,
	) -> DispatchResult {
		ensure!(amount > 0, Error::<T>::ZeroAmount);
		ensure!(!Suspended::<T>::contains_key(&who), Error::<T>::ParticipantSuspended);
		ensure!(Self::settling_debit(&who, currency) == 0, Error::<T>::OwesInSettlingCycle);
		let asset = SettlementAssets::<T>::get(currency).ok_or(Error::<T>::NoSettlementAsset)?;
		let exposure = Self::exposure(&who, currency);
		let left = exposure.collateral.checked_sub(amount).ok_or(Error::<T>::CollateralNeeded)?;
		ensure!(
			exposure.total() <= Self::cap_of(left, exposure.credit_limit),
			Error::<T>::CollateralNeeded
		);
		let rest = CollateralTotals::<T>::get(currency).saturating_sub(amount);
		let rest_in_asset = Self::collateral_in_asset(&asset).saturating_sub(amount);
		Self::pay_out(asset, &who, amount, rest_in_asset)?;
		if left == 0 {
			Collateral::<T>::remove(&who, currency);
		} else {
			Collateral::<T>::insert(&who, currency, left);
		}
		Self::set_collateral_total(currency, rest);
		Self::deposit_event(Event::CollateralWithdrawn { who, currency, amount, total: left });
		Ok(())
	}

	/// Pays as much of a defaulted instruction as the payer's collateral in the currency allows
	/// to the payee, all or nothing for that part; returns the amount paid.
	pub(crate) fn cover_from_collateral(
		cycle: CycleId,
		index: InstructionIndex,
		instruction: &Instruction<T::AccountId>,
	) -> Amount {
		let currency = instruction.currency;
		let held = Collateral::<T>::get(&instruction.payer, currency);
		let amount = held.min(instruction.amount);
		let Some(asset) = SettlementAssets::<T>::get(currency) else { return 0 };
		if amount == 0 {
			return 0;
		}
		let rest_in_asset = Self::collateral_in_asset(&asset).saturating_sub(amount);
		let paid = frame_support::storage::with_storage_layer(|| {
			Self::pay_out(asset, &instruction.payee, amount, rest_in_asset)
		});
		if paid.is_err() {
			// The payee cannot take the asset (frozen, or below its minimum): the whole amount is
			// carried over instead.
			return 0;
		}
		let left = held.saturating_sub(amount);
		if left == 0 {
			Collateral::<T>::remove(&instruction.payer, currency);
		} else {
			Collateral::<T>::insert(&instruction.payer, currency, left);
		}
		Self::set_collateral_total(
			currency,
			CollateralTotals::<T>::get(currency).saturating_sub(amount),
		);
		Self::deposit_event(Event::CollateralDrawn {
			cycle,
			index,
			who: instruction.payer.clone(),
			payee: instruction.payee.clone(),
			currency,
			amount,
		});
		amount
	}

	/// Stores a currency's collateral total, removing it at zero.
	fn set_collateral_total(currency: CurrencyCode, total: Amount) {
		if total == 0 {
			CollateralTotals::<T>::remove(currency);
		} else {
			CollateralTotals::<T>::insert(currency, total);
		}
	}

	/// Suspends a defaulter until the consortium reinstates it.
	pub(crate) fn suspend(who: &T::AccountId) {
		if !Suspended::<T>::contains_key(who) {
			Suspended::<T>::insert(who, frame_system::Pallet::<T>::block_number());
			Self::deposit_event(Event::ParticipantSuspended { who: who.clone() });
		}
	}

	/// Invariants of collateral and exposure, for `try_state`.
	pub(crate) fn try_state_collateral() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;
		use fungibles::Inspect;
		let mut per_currency: BTreeMap<CurrencyCode, Amount> = BTreeMap::new();
		for (_, currency, amount) in Collateral::<T>::iter() {
			ensure!(amount > 0, "zero collateral stored");
			let slot = per_currency.entry(currency).or_default();
			*slot = slot.checked_add(amount).ok_or("collateral overflow")?;
		}
		for (currency, total) in CollateralTotals::<T>::iter() {
			ensure!(
				per_currency.get(&currency).copied().unwrap_or(0) == total,
				"collateral total does not match the participants' collateral"
			);
			if total > 0 {
				let asset = SettlementAssets::<T>::get(currency)
					.ok_or("collateral held in a currency without settlement asset")?;
				ensure!(
					<T::Assets as Inspect<T::AccountId>>::balance(asset, &Self::clearing_account())
						>= Self::collateral_in_asset(&asset),
					"clearing account holds less than the recorded collateral"
				);
			}
		}
		for (currency, total) in per_currency {
			ensure!(CollateralTotals::<T>::get(currency) == total, "collateral total missing");
		}
		// Pending exposure equals the payer's mandate-accepted bills.
		let mut pending: BTreeMap<(T::AccountId, CurrencyCode), Amount> = BTreeMap::new();
		for (_, bill) in Bills::<T>::iter() {
			if matches!(bill.status, BillStatus::Accepted { .. }) {
				let slot = pending.entry((bill.payer.clone(), bill.currency)).or_default();
				*slot = slot.saturating_add(bill.amount);
			}
		}
		let mut stored = 0usize;
		for (payer, currency, amount) in PendingExposure::<T>::iter() {
			stored = stored.saturating_add(1);
			ensure!(
				pending.get(&(payer, currency)) == Some(&amount),
				"pending exposure does not match the accepted bills"
			);
		}
		ensure!(stored == pending.len(), "accepted bills missing from pending exposure");
		for (who, _) in Suspended::<T>::iter() {
			ensure!(Participants::<T>::contains_key(&who), "a suspended account is no participant");
		}
		Ok(())
	}
}

impl<T: Config> Pallet<T> {
	/// Amount of a defaulted instruction still owed after its collateral cover.
	pub(crate) fn uncovered(instruction: &Instruction<T::AccountId>) -> Amount {
		match instruction.status {
			InstructionStatus::Defaulted { covered, .. } => {
				instruction.amount.saturating_sub(covered)
			},
			_ => instruction.amount,
		}
	}
}
