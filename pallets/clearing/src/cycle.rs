//! The settling cycle's pipeline: netting, issuing instructions, defaulting unpaid ones at the
//! payment deadline, deeming confirmed payments received at the acknowledgement deadline, and
//! moving an aborted cycle's positions into the open cycle.
//!
//! Each of these is split over as many blocks as it needs. Work comes in units — a currency for
//! netting, instructions and aborts; an instruction for defaults and acknowledgements — and a
//! block takes units while their benchmarked weight fits `MaxPipelineWeight`, always at least
//! one, so a cycle of any size progresses. [`PipelineCursor`] keeps where the current phase
//! stands between blocks. Writes that can fail part-way (moving an aborted currency) run in a
//! storage layer: a unit completes or leaves nothing behind.

use crate::{netting, pallet::*, types::*, WeightInfo};
use frame_support::{pallet_prelude::*, storage::with_storage_layer};
use frame_system::pallet_prelude::*;
use sp_runtime::traits::Saturating;
use telecom_primitives::CurrencyCode;

impl<T: Config> Pallet<T> {
	/// Retries waiting defaults, then takes one step of the cycle pipeline; returns the weight
	/// used.
	pub(crate) fn advance_cycles(now: BlockNumberFor<T>) -> Weight {
		let retried = if UncarriedDefaults::<T>::iter_keys().next().is_some() {
			T::WeightInfo::on_initialize_default(Self::retry_carries())
		} else {
			Weight::zero()
		};
		retried.saturating_add(Self::advance_pipeline(now, T::MaxPipelineWeight::get()))
	}

	/// One step of the cycle pipeline, within `budget` (see the module docs); returns the
	/// weight used. Benchmarks call it with an unlimited budget to measure whole steps.
	pub(crate) fn advance_pipeline(now: BlockNumberFor<T>, budget: Weight) -> Weight {
		let Some(cycle) = SettlingCycle::<T>::get() else {
			let open = OpenCycle::<T>::get();
			let due = Cycles::<T>::get(open).is_some_and(|info| now >= info.cut_off_due);
			if due {
				Self::cut_off(now, false);
				return T::WeightInfo::on_initialize_cut_off();
			}
			return T::WeightInfo::on_initialize_idle();
		};
		if AbortingCycle::<T>::get().is_some_and(|(aborting, _)| aborting == cycle) {
			return Self::abort_step(cycle, budget);
		}
		let Some(info) = Cycles::<T>::get(cycle) else {
			return T::WeightInfo::on_initialize_idle();
		};
		match info.phase {
			CyclePhase::CutOff => Self::net_step(cycle, budget),
			CyclePhase::Netted => Self::instruct_step(cycle, now, budget),
			CyclePhase::Instructed if now > Self::payment_deadline(&info) => {
				Self::default_step(cycle, budget)
			},
			CyclePhase::Acknowledging if now > Self::acknowledgement_deadline(&info) => {
				Self::deem_step(cycle, budget)
			},
			CyclePhase::Settled => {
				Cycles::<T>::insert(cycle, Cycle { phase: CyclePhase::Closed, ..info });
				SettlingCycle::<T>::kill();
				Self::deposit_event(Event::CycleClosed { cycle });
				T::WeightInfo::on_initialize_close()
			},
			_ => T::WeightInfo::on_initialize_idle(),
		}
	}

	/// Whether one more unit of work, of weight `next`, fits `budget` after `used`. The first
	/// unit of a block always runs.
	fn within_budget(used: Weight, next: Weight, budget: Weight) -> bool {
		used.is_zero() || used.saturating_add(next).all_lte(budget)
	}

	/// Whether examining instruction number `examined + 1` of this block stays within `budget`.
	/// The first always runs.
	fn instruction_within_budget(examined: u32, budget: Weight) -> bool {
		examined == 0
			|| T::WeightInfo::on_initialize_default(examined.saturating_add(1)).all_lte(budget)
	}

	/// Nets the currencies of a cut-off cycle, as many as the block's budget allows, and moves
	/// the cycle to `Netted` after the last; returns the weight used. A currency whose positions
	/// do not sum to zero stops the step: it is retried every block until the consortium aborts
	/// the cycle.
	pub(crate) fn net_step(cycle: CycleId, budget: Weight) -> Weight {
		let currencies = CycleCurrencies::<T>::get(cycle);
		let mut cursor = PipelineCursor::<T>::get();
		let mut used = Weight::zero();
		while let Some(&currency) = currencies.get(cursor as usize) {
			let totals = Totals::<T>::get(cycle, currency);
			if !Self::within_budget(
				used,
				T::WeightInfo::on_initialize_net(totals.participants),
				budget,
			) {
				break;
			}
			let positions = Self::net_positions(cycle, currency);
			used = used.saturating_add(T::WeightInfo::on_initialize_net(positions.len() as u32));
			let Ok(net_settlement) = netting::check_zero_sum(&positions) else {
				Self::deposit_event(Event::NettingFailed { cycle, currency });
				PipelineCursor::<T>::put(cursor);
				return used;
			};
			Totals::<T>::mutate(cycle, currency, |totals| totals.net_settlement = net_settlement);
			Self::deposit_event(Event::CurrencyNetted {
				cycle,
				currency,
				gross: totals.gross,
				net_settlement,
				participants: totals.participants,
			});
			cursor = cursor.saturating_add(1);
		}
		if (cursor as usize) < currencies.len() {
			PipelineCursor::<T>::put(cursor);
		} else {
			PipelineCursor::<T>::kill();
			Cycles::<T>::mutate(cycle, |info| {
				if let Some(info) = info {
					info.phase = CyclePhase::Netted;
				}
			});
			Self::deposit_event(Event::CycleNetted { cycle });
		}
		Self::at_least_base(used, T::WeightInfo::on_initialize_net(0))
	}

	/// Issues the settlement instructions of a netted cycle's currencies, as many currencies as
	/// the block's budget allows; instruction indices run on across currencies. After the last
	/// currency the cycle is `Instructed` (or `Settled` if nothing is to be paid) and payment is
	/// due `SettlementWindow` later. Returns the weight used.
	pub(crate) fn instruct_step(cycle: CycleId, now: BlockNumberFor<T>, budget: Weight) -> Weight {
		let Some(mut info) = Cycles::<T>::get(cycle) else {
			return T::WeightInfo::on_initialize_idle();
		};
		let currencies = CycleCurrencies::<T>::get(cycle);
		let mut cursor = PipelineCursor::<T>::get();
		let mut used = Weight::zero();
		while let Some(&currency) = currencies.get(cursor as usize) {
			let participants = Totals::<T>::get(cycle, currency).participants;
			if !Self::within_budget(
				used,
				T::WeightInfo::on_initialize_instruct(participants),
				budget,
			) {
				break;
			}
			let positions = Self::net_positions(cycle, currency);
			used =
				used.saturating_add(T::WeightInfo::on_initialize_instruct(positions.len() as u32));
			let Ok(payments) = netting::settlement_payments(&positions) else {
				Self::deposit_event(Event::NettingFailed { cycle, currency });
				break;
			};
			let first = info.instructions;
			let mut index = first;
			for payment in payments {
				Self::deposit_event(Event::InstructionIssued {
					cycle,
					index,
					currency,
					payer: payment.payer.clone(),
					payee: payment.payee.clone(),
					amount: payment.amount,
				});
				Instructions::<T>::insert(
					cycle,
					index,
					Instruction {
						currency,
						payer: payment.payer,
						payee: payment.payee,
						amount: payment.amount,
						status: InstructionStatus::Pending,
					},
				);
				index = index.saturating_add(1);
			}
			Totals::<T>::mutate(cycle, currency, |totals| {
				totals.first_instruction = first;
				totals.instructions = index.saturating_sub(first);
			});
			info.instructions = index;
			cursor = cursor.saturating_add(1);
		}
		let used = Self::at_least_base(used, T::WeightInfo::on_initialize_instruct(0));
		if (cursor as usize) < currencies.len() {
			PipelineCursor::<T>::put(cursor);
			Cycles::<T>::insert(cycle, info);
			return used;
		}
		PipelineCursor::<T>::kill();
		let settled = info.instructions == 0;
		info.phase = if settled { CyclePhase::Settled } else { CyclePhase::Instructed };
		info.instructed_at = Some(now);
		info.unsettled = info.instructions;
		let instructions = info.instructions;
		Cycles::<T>::insert(cycle, info);
		Self::deposit_event(Event::CycleInstructed {
			cycle,
			instructions,
			settle_by: now.saturating_add(T::SettlementWindow::get()),
		});
		if settled {
			Self::deposit_event(Event::CycleSettled { cycle });
		}
		used
	}

	/// After the payment deadline: marks the instructions still `Pending` as defaulted (see
	/// [`Self::default_instruction`]), in index order and as many as the block's budget allows.
	/// Payments the payer confirmed are never defaulted here: they wait for the payee's
	/// acknowledgement. After the last instruction the cycle is `Settled`, or `Acknowledging`
	/// while confirmed payments wait. Returns the weight used.
	pub(crate) fn default_step(cycle: CycleId, budget: Weight) -> Weight {
		let Some(mut info) = Cycles::<T>::get(cycle) else {
			return T::WeightInfo::on_initialize_idle();
		};
		let (examined, done) =
			Self::walk_instructions(cycle, &mut info, budget, |index, instruction, info| {
				if instruction.status == InstructionStatus::Pending {
					Self::default_instruction(cycle, index, instruction);
					info.unsettled = info.unsettled.saturating_sub(1);
				}
			});
		if done {
			if info.unsettled == 0 {
				info.phase = CyclePhase::Settled;
				Self::deposit_event(Event::CycleSettled { cycle });
			} else {
				info.phase = CyclePhase::Acknowledging;
			}
		}
		Cycles::<T>::insert(cycle, info);
		T::WeightInfo::on_initialize_default(examined)
	}

	/// After the acknowledgement deadline: confirmed payments neither acknowledged nor disputed
	/// count as received, in index order and as many as the block's budget allows; after the
	/// last instruction the cycle is `Settled`. Returns the weight used.
	pub(crate) fn deem_step(cycle: CycleId, budget: Weight) -> Weight {
		let Some(mut info) = Cycles::<T>::get(cycle) else {
			return T::WeightInfo::on_initialize_idle();
		};
		let (examined, done) =
			Self::walk_instructions(cycle, &mut info, budget, |index, mut instruction, info| {
				if matches!(instruction.status, InstructionStatus::PaymentConfirmed(_)) {
					instruction.status = InstructionStatus::Settled;
					Instructions::<T>::insert(cycle, index, instruction);
					info.unsettled = info.unsettled.saturating_sub(1);
					Self::deposit_event(Event::PaymentDeemedAcknowledged { cycle, index });
				}
			});
		if done {
			info.phase = CyclePhase::Settled;
			Self::deposit_event(Event::CycleSettled { cycle });
		}
		Cycles::<T>::insert(cycle, info);
		T::WeightInfo::on_initialize_default(examined)
	}

	/// Hands the cycle's instructions from [`PipelineCursor`] on to `visit`, in index order and
	/// as many as `budget` allows, and moves the cursor past them (back to zero after the last).
	/// Returns how many it examined and whether it reached the last.
	fn walk_instructions(
		cycle: CycleId,
		info: &mut Cycle<BlockNumberFor<T>>,
		budget: Weight,
		mut visit: impl FnMut(
			InstructionIndex,
			Instruction<T::AccountId>,
			&mut Cycle<BlockNumberFor<T>>,
		),
	) -> (u32, bool) {
		let mut next = PipelineCursor::<T>::get();
		let mut examined: u32 = 0;
		while next < info.instructions && Self::instruction_within_budget(examined, budget) {
			if let Some(instruction) = Instructions::<T>::get(cycle, next) {
				visit(next, instruction, info);
			}
			next = next.saturating_add(1);
			examined = examined.saturating_add(1);
		}
		let done = next >= info.instructions;
		if done {
			PipelineCursor::<T>::kill();
		} else {
			PipelineCursor::<T>::put(next);
		}
		(examined, done)
	}

	/// Starts aborting the cycle being netted (phase `CutOff`, or `Netted` before any
	/// instruction is issued) and moves as many of its currencies into the open cycle as one
	/// pipeline step may; the pipeline moves the rest in the next blocks. Returns the weight
	/// used.
	pub(crate) fn do_abort_cycle(cycle: CycleId) -> Result<Weight, DispatchError> {
		ensure!(SettlingCycle::<T>::get() == Some(cycle), Error::<T>::WrongCyclePhase);
		ensure!(AbortingCycle::<T>::get().is_none(), Error::<T>::AbortInProgress);
		let info = Cycles::<T>::get(cycle).ok_or(Error::<T>::UnknownCycle)?;
		let before_instructions = match info.phase {
			CyclePhase::CutOff => true,
			CyclePhase::Netted => info.instructions == 0,
			_ => false,
		};
		ensure!(before_instructions, Error::<T>::WrongCyclePhase);
		// Currencies instructed so far issued no instruction (flat positions); they move too.
		PipelineCursor::<T>::kill();
		AbortingCycle::<T>::put((cycle, 0));
		Ok(Self::abort_step(cycle, T::MaxPipelineWeight::get()))
	}

	/// Moves the next currencies of an aborted cycle into the open cycle, as many as the
	/// block's budget allows, and ends the cycle after the last; returns the weight used.
	pub(crate) fn abort_step(cycle: CycleId, budget: Weight) -> Weight {
		let currencies = CycleCurrencies::<T>::get(cycle);
		let open = OpenCycle::<T>::get();
		let mut moved = AbortingCycle::<T>::get().map_or(0, |(_, moved)| moved);
		let mut cursor = PipelineCursor::<T>::get();
		let mut used = Weight::zero();
		while let Some(&currency) = currencies.get(cursor as usize) {
			let participants = Totals::<T>::get(cycle, currency).participants;
			if !Self::within_budget(used, T::WeightInfo::abort_cycle(participants), budget) {
				break;
			}
			match with_storage_layer(|| Self::move_currency(cycle, open, currency)) {
				Ok(count) => {
					used = used.saturating_add(T::WeightInfo::abort_cycle(count));
					moved = moved.saturating_add(count);
				},
				Err(error) => {
					Self::deposit_event(Event::AbortStalled { cycle, currency, error });
					used = used.saturating_add(T::WeightInfo::abort_cycle(participants));
					break;
				},
			}
			cursor = cursor.saturating_add(1);
		}
		let used = Self::at_least_base(used, T::WeightInfo::abort_cycle(0));
		if (cursor as usize) < currencies.len() {
			PipelineCursor::<T>::put(cursor);
			AbortingCycle::<T>::put((cycle, moved));
			return used;
		}
		PipelineCursor::<T>::kill();
		AbortingCycle::<T>::kill();
		let obligations = Cycles::<T>::get(cycle).map_or(0, |info| info.obligations);
		Cycles::<T>::mutate(open, |open_info| {
			if let Some(open_info) = open_info {
				open_info.obligations = open_info.obligations.saturating_add(obligations);
			}
		});
		Cycles::<T>::mutate(cycle, |info| {
			if let Some(info) = info {
				info.phase = CyclePhase::Aborted;
			}
		});
		SettlingCycle::<T>::kill();
		Self::deposit_event(Event::CycleAborted { cycle, carried_to: open, positions: moved });
		used
	}

	/// Moves every position of one currency of an aborted cycle into the open cycle; returns
	/// how many. Run in a storage layer by the caller: on error nothing of it stays.
	fn move_currency(
		cycle: CycleId,
		open: CycleId,
		currency: CurrencyCode,
	) -> Result<u32, DispatchError> {
		// The open cycle reserved a slot for each currency of this one at cut-off.
		Self::note_currency(open, currency)?;
		let old = Totals::<T>::take(cycle, currency);
		let mut totals = Totals::<T>::get(open, currency);
		totals.gross = totals.gross.checked_add(old.gross).ok_or(Error::<T>::Overflow)?;
		let mut moved: u32 = 0;
		for (who, position) in Positions::<T>::drain_prefix((cycle, currency)) {
			Self::add_to_position(
				open,
				currency,
				&who,
				position.payable,
				position.receivable,
				&mut totals,
			)?;
			moved = moved.saturating_add(1);
		}
		Totals::<T>::insert(open, currency, totals);
		Ok(moved)
	}

	/// A step's weight, at least the base cost of looking at the cycle.
	fn at_least_base(used: Weight, base: Weight) -> Weight {
		if used.is_zero() {
			base
		} else {
			used
		}
	}
}
