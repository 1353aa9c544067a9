//! Retention: a closed cycle's positions, instructions, totals and currency list are pruned once
//! `CycleRetention` has passed since its scheduled cut-off, one currency per `prune_cycle` call.
//! Before a currency's entries are removed they are folded into the cycle's archived hash
//! ([`CycleArchive`]), so that a statement kept off-chain stays provable against the chain.
//!
//! Archived hash: `h₀ = blake2_256(SCALE(("tcc/clearing/cycle", cycle)))`, then for each currency
//! of the cycle in `CycleCurrencies` order
//! `hₖ₊₁ = blake2_256(hₖ ‖ SCALE((currency, totals, positions, instructions)))`, where
//! `positions` are `(account, Position)` sorted by account and `instructions` are
//! `(index, Instruction)` of the currency in index order. The last `h` is the archive, emitted in
//! `CyclePruned`.
//!
//! Nothing a later phase needs is pruned: only `Closed` cycles (never the open or the settling
//! one, whose positions the exposure and collateral rules read), and a currency is refused
//! (`InstructionStillNeeded`) while one of its instructions is not final: pending, confirmed and
//! awaiting acknowledgement, disputed for non-receipt (the arbiter decides it later), or a default
//! waiting in `UncarriedDefaults`. Pruning resumes once it is final. The cycle's `Cycles` entry
//! stays (batches, defaults carried into it and mandates name cycles by id).

use crate::{pallet::*, types::*, WeightInfo};
use alloc::vec::Vec;
use codec::Encode;
use frame_support::pallet_prelude::*;
use sp_runtime::traits::Saturating;
use telecom_primitives::DocumentHash;

impl<T: Config> Pallet<T> {
	/// The first link of a cycle's archived hash chain.
	pub fn archive_seed(cycle: CycleId) -> DocumentHash {
		(b"tcc/clearing/cycle", cycle).using_encoded(sp_io::hashing::blake2_256).into()
	}

	/// Whether an instruction is final, so that nothing will read or change it again.
	fn is_final(
		cycle: CycleId,
		index: InstructionIndex,
		instruction: &Instruction<T::AccountId>,
	) -> bool {
		let final_status = match instruction.status {
			InstructionStatus::Settled => true,
			InstructionStatus::Defaulted { carried_to: Some(_), .. } => true,
			InstructionStatus::Defaulted { carried_to: None, covered } => {
				covered >= instruction.amount
			},
			InstructionStatus::Pending
			| InstructionStatus::PaymentConfirmed(_)
			| InstructionStatus::NonReceiptDisputed(_) => false,
		};
		final_status && !UncarriedDefaults::<T>::contains_key((cycle, index))
	}

	/// Prunes the next currency of a closed cycle past its retention (see the module docs);
	/// returns the weight used.
	pub(crate) fn do_prune_cycle(cycle: CycleId) -> Result<Weight, DispatchError> {
		let info = Cycles::<T>::get(cycle).ok_or(Error::<T>::UnknownCycle)?;
		ensure!(info.phase == CyclePhase::Closed, Error::<T>::WrongCyclePhase);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(
			now > info.cut_off_due.saturating_add(T::CycleRetention::get()),
			Error::<T>::RetentionNotOver
		);
		let currencies = CycleCurrencies::<T>::get(cycle);
		let mut archive = match CycleArchives::<T>::get(cycle) {
			Some(archive) => {
				ensure!(archive.pruned < archive.currencies, Error::<T>::CycleAlreadyPruned);
				archive
			},
			None => CycleArchive {
				hash: Self::archive_seed(cycle),
				currencies: u32::try_from(currencies.len()).map_err(|_| Error::<T>::Overflow)?,
				pruned: 0,
				instructions_pruned: 0,
			},
		};
		let mut positions_pruned = 0u32;
		if let Some(&currency) = currencies.get(archive.pruned as usize) {
			let totals = Totals::<T>::get(cycle, currency);
			let mut instructions = Vec::new();
			let end = totals.first_instruction.saturating_add(totals.instructions);
			for index in totals.first_instruction..end {
				let Some(instruction) = Instructions::<T>::get(cycle, index) else { continue };
				ensure!(
					Self::is_final(cycle, index, &instruction),
					Error::<T>::InstructionStillNeeded
				);
				instructions.push((index, instruction));
			}
			let mut positions: Vec<(T::AccountId, Position)> =
				Positions::<T>::iter_prefix((cycle, currency)).collect();
			positions.sort_by(|a, b| a.0.cmp(&b.0));
			let mut link = archive.hash.as_bytes().to_vec();
			(currency, totals, &positions, &instructions).encode_to(&mut link);
			archive.hash = sp_io::hashing::blake2_256(&link).into();
			for (who, _) in &positions {
				Positions::<T>::remove((cycle, currency, who));
			}
			for (index, _) in &instructions {
				Instructions::<T>::remove(cycle, index);
			}
			Totals::<T>::remove(cycle, currency);
			positions_pruned = u32::try_from(positions.len()).map_err(|_| Error::<T>::Overflow)?;
			let instruction_count =
				u32::try_from(instructions.len()).map_err(|_| Error::<T>::Overflow)?;
			archive.pruned = archive.pruned.saturating_add(1);
			archive.instructions_pruned =
				archive.instructions_pruned.saturating_add(instruction_count);
			Self::deposit_event(Event::CycleCurrencyPruned {
				cycle,
				currency,
				positions: positions_pruned,
				instructions: instruction_count,
			});
		}
		if archive.pruned >= archive.currencies {
			CycleCurrencies::<T>::remove(cycle);
			Self::deposit_event(Event::CyclePruned {
				cycle,
				archive: archive.hash,
				currencies: archive.currencies,
				instructions: archive.instructions_pruned,
			});
		}
		CycleArchives::<T>::insert(cycle, archive);
		Ok(T::WeightInfo::prune_cycle(positions_pruned))
	}
}
