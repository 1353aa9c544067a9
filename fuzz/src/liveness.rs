//! Liveness and deposit paths, checked after every block: a model, per business pallet, of who
//! can move each stored object that is not in a final state, and of the records that account
//! for each deposit.
//!
//! Every such object becomes an [`Obligation`]: the transitions some party (its named parties,
//! anyone, or root as the consortium's arbiter/review body) can make, and possibly the block
//! from which one of them applies. An object is stuck when its gate is beyond
//! [`HORIZON_BLOCKS`] (longer than any period the runtime configures) or, its gate passed (or it
//! has none), none of its transitions would dispatch now (each is dry-run in a storage
//! transaction, rolled back). The gates are checked for every object each block; the dry runs
//! for a sample of [`PROBES`] objects a block, chosen by the block number, so every object is
//! probed over a program.
//!
//! Deposit paths: for each hold reason the model covers ([`covered`]), every account's hold of
//! that reason must be matched by the deposits the model's objects record for it (an object
//! that holds a deposit is itself an obligation, so its deposit's path back is its transitions).
//! A hold beyond what the records state has no path back.

use frame_support::{
	storage::{with_transaction, TransactionOutcome},
	traits::Get,
};
use sp_runtime::traits::Dispatchable;
use std::collections::BTreeMap;
use telecom_runtime::{AccountId, Runtime, RuntimeCall, RuntimeHoldReason, RuntimeOrigin};

/// Who makes a transition.
#[derive(Clone)]
pub enum Who {
	/// Any signed account (Alice signs for it).
	Anyone,
	/// A named party.
	Signed(AccountId),
	/// The consortium (its arbiter, review body or governance), as root.
	Root,
}

/// A stored object in a non-final state and the ways out of it.
pub struct Obligation {
	/// The pallet and a description of the object.
	pub what: String,
	/// The deposit it holds: (holder, reason, amount).
	pub deposit: Option<(AccountId, RuntimeHoldReason, u128)>,
	/// Transitions some party may make (when `from` has passed).
	pub exits: Vec<(Who, RuntimeCall)>,
	/// The first block in which one of `exits` applies (none: now).
	pub from: Option<u32>,
}

/// The longest wait the model accepts before an object can move, in blocks: two years and 60
/// days (the longest configured period is a consent's 730 days plus its 30-day grace).
pub const HORIZON_BLOCKS: u32 = 790 * 14_400;

/// Objects whose transitions are dry-run per block.
pub const PROBES: usize = 4;

fn ob(what: String, exits: Vec<(Who, RuntimeCall)>) -> Obligation {
	Obligation { what, deposit: None, exits, from: None }
}

/// The hold reasons whose every hold the model accounts for with records.
pub fn covered(reason: &RuntimeHoldReason) -> bool {
	use RuntimeHoldReason as R;
	matches!(
		reason,
		R::DeviceIdentity(
			pallet_device_identity::HoldReason::BlockListReport
				| pallet_device_identity::HoldReason::FactoryBatch
				| pallet_device_identity::HoldReason::ConsentReceipt
				| pallet_device_identity::HoldReason::InspectionDeposit
		) | R::FiveGSharing(pallet_5g_sharing::HoldReason::ProposalDeposit)
			| R::Clearing(pallet_clearing::HoldReason::BillDeposit)
	)
}

/// Every obligation of the six business pallets now.
pub fn obligations() -> Vec<Obligation> {
	let mut all = Vec::new();
	device_identity(&mut all);
	spectrum(&mut all);
	sharing(&mut all);
	tender(&mut all);
	roaming(&mut all);
	clearing(&mut all);
	all
}

fn device_identity(all: &mut Vec<Obligation>) {
	use pallet_device_identity::{Call, DeviceEvent, DeviceStatus, HoldReason};
	type P = pallet_device_identity::Pallet<Runtime>;
	for (device, reporter, report) in pallet_device_identity::BlockReports::<Runtime>::iter() {
		let mut o = ob(
			format!("DeviceIdentity: report on {device:?} by {reporter}"),
			vec![(Who::Signed(reporter.clone()), Call::withdraw_report { device }.into())],
		);
		o.deposit = Some((
			reporter,
			RuntimeHoldReason::DeviceIdentity(HoldReason::BlockListReport),
			report.deposit,
		));
		all.push(o);
	}
	for (batch, record) in pallet_device_identity::FactoryBatches::<Runtime>::iter() {
		let maker = record.manufacturer.clone();
		let mut o = ob(
			format!("DeviceIdentity: factory batch {batch}"),
			vec![(Who::Signed(maker.clone()), Call::close_factory_batch { batch }.into())],
		);
		o.deposit = Some((
			maker,
			RuntimeHoldReason::DeviceIdentity(HoldReason::FactoryBatch),
			record.deposit,
		));
		all.push(o);
	}
	for (consent, receipt) in pallet_device_identity::Consents::<Runtime>::iter() {
		let mut o = ob(
			format!("DeviceIdentity: consent receipt {consent:?}"),
			vec![(Who::Anyone, Call::purge_consent { consent }.into())],
		);
		o.from = Some(P::consent_purgeable_from(&receipt));
		o.deposit = Some((
			receipt.payer,
			RuntimeHoldReason::DeviceIdentity(HoldReason::ConsentReceipt),
			receipt.deposit,
		));
		all.push(o);
	}
	let retention = <Runtime as pallet_device_identity::Config>::InspectionRetention::get();
	for (device, entry, record) in pallet_device_identity::History::<Runtime>::iter() {
		if let DeviceEvent::Inspected { inspector, deposit, .. } = record.event {
			if deposit == 0 {
				continue;
			}
			let mut o = ob(
				format!("DeviceIdentity: inspection deposit {device:?}/{entry}"),
				vec![(
					Who::Signed(inspector.clone()),
					Call::reclaim_inspection_deposit { device, entry }.into(),
				)],
			);
			o.from = Some(record.at.saturating_add(retention));
			o.deposit = Some((
				inspector,
				RuntimeHoldReason::DeviceIdentity(HoldReason::InspectionDeposit),
				deposit,
			));
			all.push(o);
		}
	}
	for (device, record) in pallet_device_identity::Devices::<Runtime>::iter() {
		if matches!(record.status, DeviceStatus::Revoked | DeviceStatus::Decommissioned) {
			continue;
		}
		let reason = pallet_device_identity::RevocationReason::CessationOfOperation;
		all.push(ob(
			format!("DeviceIdentity: device {device:?} ({:?})", record.status),
			vec![
				(Who::Signed(record.custodian.clone()), Call::decommission { device }.into()),
				(
					Who::Signed(record.manufacturer.clone()),
					Call::revoke_device { device, reason }.into(),
				),
			],
		));
	}
}

fn spectrum(all: &mut Vec<Obligation>) {
	use pallet_spectrum_market::{Call, OfferMode};
	for (offer, record) in pallet_spectrum_market::Offers::<Runtime>::iter() {
		if !record.open {
			continue;
		}
		let mut exits =
			vec![(Who::Signed(record.holder.clone()), Call::withdraw_offer { offer }.into())];
		let mut o = ob(format!("Spectrum: open offer {offer}"), Vec::new());
		if let OfferMode::Auction { closes_at, .. } = record.mode {
			exits.push((Who::Anyone, Call::close_auction { offer }.into()));
			if pallet_spectrum_market::LeadingBids::<Runtime>::contains_key(offer) {
				// With a bid, only the close (after the last bidding block) ends it.
				o.from = Some(closes_at.saturating_add(1));
			}
		}
		o.exits = exits;
		all.push(o);
	}
	for (grant, record) in pallet_spectrum_market::Grants::<Runtime>::iter() {
		if record.state.is_live() {
			all.push(ob(
				format!("Spectrum: live grant {grant} ({:?})", record.state),
				vec![(Who::Signed(record.lessee.clone()), Call::relinquish { grant }.into())],
			));
		} else {
			all.push(ob(
				format!("Spectrum: ended grant {grant} ({:?})", record.state),
				vec![
					(Who::Anyone, Call::bill { grant }.into()),
					(Who::Anyone, Call::purge_grant { grant }.into()),
				],
			));
		}
	}
}

fn sharing(all: &mut Vec<Obligation>) {
	use pallet_5g_sharing::{Call, DisputeState, HoldReason, ProjectStatus};
	for (proposal, record) in pallet_5g_sharing::Proposals::<Runtime>::iter() {
		let mut exits =
			vec![(Who::Signed(record.proposer.clone()), Call::close_change { proposal }.into())];
		if matches!(record.dispute, DisputeState::Objected { .. }) {
			exits.push((Who::Root, Call::resolve_objection { proposal, overrule: false }.into()));
		}
		let mut o = ob(format!("FiveGSharing: change proposal {proposal}"), exits);
		o.deposit = Some((
			record.proposer,
			RuntimeHoldReason::FiveGSharing(HoldReason::ProposalDeposit),
			record.deposit,
		));
		all.push(o);
	}
	for (project, record) in pallet_5g_sharing::Projects::<Runtime>::iter() {
		if record.status == ProjectStatus::Proposed {
			all.push(ob(
				format!("FiveGSharing: proposed project {project}"),
				vec![(Who::Signed(record.lead.clone()), Call::cancel_project { project }.into())],
			));
		}
	}
	for (site, period, report) in pallet_5g_sharing::TrafficCounters::<Runtime>::iter() {
		if matches!(report.dispute, DisputeState::Objected { .. }) {
			all.push(ob(
				format!("FiveGSharing: disputed traffic {site}/{period:?}"),
				vec![(
					Who::Root,
					Call::resolve_traffic_objection { site, period, overrule: true }.into(),
				)],
			));
		}
	}
}

fn tender(all: &mut Vec<Obligation>) {
	use pallet_tender::{Call, ChallengeStatus, TenderStatus};
	let retention = <Runtime as pallet_tender::Config>::RetentionPeriod::get();
	for (tender, record) in pallet_tender::Tenders::<Runtime>::iter() {
		match record.status {
			TenderStatus::Open => all.push(ob(
				format!("Tender: open tender {tender}"),
				vec![(Who::Root, Call::cancel { tender }.into())],
			)),
			TenderStatus::Awarded => {
				let pending: Vec<AccountId> =
					pallet_tender::Challenges::<Runtime>::iter_prefix(tender)
						.filter(|(_, c)| c.status == ChallengeStatus::Pending)
						.map(|(bidder, _)| bidder)
						.collect();
				let mut o = ob(format!("Tender: awarded tender {tender}"), Vec::new());
				if pending.is_empty() {
					let contract = sp_core::H256::repeat_byte(1);
					o.exits = vec![(
						Who::Signed(record.buyer.clone()),
						Call::conclude { tender, contract }.into(),
					)];
					o.from = Some(record.timetable.standstill_end.saturating_add(1));
				} else {
					o.exits = pending
						.into_iter()
						.map(|bidder| {
							(
								Who::Root,
								Call::decide_challenge { tender, bidder, uphold: false }.into(),
							)
						})
						.collect();
				}
				all.push(o);
			},
			TenderStatus::Concluded | TenderStatus::Cancelled => {
				let mut o = ob(
					format!("Tender: closed tender {tender} ({:?})", record.status),
					vec![(Who::Anyone, Call::purge { tender }.into())],
				);
				o.from = record.closed_at.map(|at| at.saturating_add(retention).saturating_add(1));
				all.push(o);
			},
		}
	}
}

fn roaming(all: &mut Vec<Obligation>) {
	use pallet_roaming_settlement::{AgreementStatus, BatchStatus, Call, Side};
	for (agreement, record) in pallet_roaming_settlement::Agreements::<Runtime>::iter() {
		match record.status {
			AgreementStatus::Proposed => all.push(ob(
				format!("Roaming: proposed agreement {agreement}"),
				vec![
					(
						Who::Signed(record.party_a.clone()),
						Call::cancel_proposal { agreement }.into(),
					),
					(
						Who::Signed(record.party_b.clone()),
						Call::accept_agreement { agreement }.into(),
					),
				],
			)),
			AgreementStatus::Active => all.push(ob(
				format!("Roaming: active agreement {agreement}"),
				vec![
					(
						Who::Signed(record.party_a.clone()),
						Call::terminate_agreement { agreement }.into(),
					),
					(
						Who::Signed(record.party_b.clone()),
						Call::terminate_agreement { agreement }.into(),
					),
				],
			)),
			_ => {},
		}
	}
	for ((agreement, network, sequence), batch) in
		pallet_roaming_settlement::Batches::<Runtime>::iter()
	{
		let Some(record) = pallet_roaming_settlement::Agreements::<Runtime>::get(agreement) else {
			all.push(ob(
				format!("Roaming: batch {agreement}/{network:?}/{sequence} of no agreement"),
				Vec::new(),
			));
			continue;
		};
		let home = match network {
			Side::A => record.party_b.clone(),
			Side::B => record.party_a.clone(),
		};
		match batch.status {
			// Past its dispute deadline a pending batch is accepted by silence: its period's
			// close takes it (not modelled: the close waits for the period's end, in time).
			BatchStatus::Pending
				if frame_system::Pallet::<Runtime>::block_number() <= batch.dispute_deadline =>
			{
				all.push(ob(
					format!("Roaming: pending batch {agreement}/{network:?}/{sequence}"),
					vec![(
						Who::Signed(home),
						Call::accept_batch { agreement, network, sequence }.into(),
					)],
				))
			},
			BatchStatus::Disputed { .. } => all.push(ob(
				format!("Roaming: disputed batch {agreement}/{network:?}/{sequence}"),
				vec![(
					Who::Root,
					Call::arbitrate { agreement, network, sequence, amount: batch.claimed }.into(),
				)],
			)),
			_ => {},
		}
	}
	discounts(all);
}

/// Discount agreements: a proposal either party can cancel; an agreement in force on an ended
/// agreement (whose months can no longer be closed) either party trues up (transparent) or
/// posts the next note for (sealed; once both posted different figures the exit is a reveal of
/// the terms, which the model cannot make, so such a note is not probed). A discount of a live
/// agreement waits for its months to end and be closed: not modelled.
fn discounts(all: &mut Vec<Obligation>) {
	use pallet_roaming_settlement::{AgreementStatus, Call, DiscountStatus, DiscountTerms};
	for (agreement, start, record) in
		pallet_roaming_settlement::DiscountAgreements::<Runtime>::iter()
	{
		let what = format!("Roaming: discount {agreement}/{start:?} ({:?})", record.status);
		let Some(stored) = pallet_roaming_settlement::Agreements::<Runtime>::get(agreement) else {
			all.push(ob(format!("{what} of no agreement"), Vec::new()));
			continue;
		};
		let parties = [stored.party_a.clone(), stored.party_b.clone()];
		match record.status {
			DiscountStatus::Proposed => all.push(ob(
				what,
				parties
					.iter()
					.map(|p| {
						(Who::Signed(p.clone()), Call::cancel_discount { agreement, start }.into())
					})
					.collect(),
			)),
			DiscountStatus::Active if stored.status == AgreementStatus::Ended => {
				let header = record.terms.header();
				let months = crate::scenario::next_note(
					header.months,
					header.true_up_every,
					record.trued_up,
				);
				let exits: Vec<(Who, RuntimeCall)> = match &record.terms {
					DiscountTerms::Transparent(_) => parties
						.iter()
						.map(|p| {
							let call = Call::true_up_discount { agreement, start, months };
							(Who::Signed(p.clone()), call.into())
						})
						.collect(),
					DiscountTerms::Sealed(_) => {
						let postings =
							pallet_roaming_settlement::DiscountNotePostings::<Runtime>::get((
								agreement, start, months,
							))
							.unwrap_or_default();
						if postings.a.is_some() && postings.b.is_some() {
							continue;
						}
						parties
							.iter()
							.map(|p| {
								let call = Call::post_discount_note {
									agreement,
									start,
									months,
									net_to_a: 0,
								};
								(Who::Signed(p.clone()), call.into())
							})
							.collect()
					},
				};
				all.push(ob(what, exits));
			},
			_ => {},
		}
	}
}

fn clearing(all: &mut Vec<Obligation>) {
	use pallet_clearing::{BillStatus, Call, HoldReason};
	for (bill, record) in pallet_clearing::Bills::<Runtime>::iter() {
		let mut o = ob(format!("Clearing: bill {bill} ({:?})", record.status), Vec::new());
		match record.status {
			BillStatus::Submitted => {
				o.exits = vec![
					(Who::Signed(record.payee.clone()), Call::withdraw_bill { bill }.into()),
					(Who::Signed(record.payer.clone()), Call::accept_bill { bill }.into()),
				];
			},
			BillStatus::Accepted { .. } => {
				o.exits = vec![(Who::Anyone, Call::release_bill { bill }.into())];
				o.from = Some(record.dispute_until.saturating_add(1));
			},
			_ => {
				o.exits = vec![(Who::Root, Call::resolve_dispute { bill, accepted: 0 }.into())];
			},
		}
		o.deposit = Some((
			record.payee,
			RuntimeHoldReason::Clearing(HoldReason::BillDeposit),
			record.deposit,
		));
		all.push(o);
	}
	for ((payer, payee, currency), _) in pallet_clearing::Mandates::<Runtime>::iter() {
		all.push(ob(
			format!("Clearing: mandate {payer} → {payee} in {currency:?}"),
			vec![(Who::Signed(payer), Call::revoke_mandate { payee, currency }.into())],
		));
	}
}

/// Whether `call` would dispatch successfully from `who` now (rolled back): `Err` is its error.
fn try_exit(who: &Who, call: &RuntimeCall, anyone: &AccountId) -> Result<(), String> {
	let origin = match who {
		Who::Anyone => RuntimeOrigin::signed(anyone.clone()),
		Who::Signed(account) => RuntimeOrigin::signed(account.clone()),
		Who::Root => RuntimeOrigin::root(),
	};
	let result: Result<Result<(), String>, sp_runtime::DispatchError> = with_transaction(|| {
		let outcome =
			call.clone().dispatch(origin).map(|_| ()).map_err(|e| format!("{:?}", e.error));
		TransactionOutcome::Rollback(Ok(outcome))
	});
	result.unwrap_or_else(|e| Err(format!("{e:?}")))
}

/// Checks the model now: every gate within the horizon, `probes` objects (all if `None`)
/// dry-run from `seed`'s position, and every covered hold accounted for. Returns the first
/// finding.
pub fn check(probes: Option<usize>, seed: usize, anyone: &AccountId) -> Result<usize, String> {
	let now = frame_system::Pallet::<Runtime>::block_number();
	let all = obligations();
	for o in &all {
		if let Some(from) = o.from {
			if from > now && from - now > HORIZON_BLOCKS {
				return Err(format!(
					"stuck: {} can move only from block {from}, beyond any configured period \
					 (now {now})",
					o.what
				));
			}
		}
	}
	let due: Vec<&Obligation> = all.iter().filter(|o| o.from.is_none_or(|f| f <= now)).collect();
	let count = probes.map_or(due.len(), |p| p.min(due.len()));
	for k in 0..count {
		let o = due[(seed + k * 7_919) % due.len()];
		let mut errors = Vec::new();
		let mut moved = false;
		for (who, call) in &o.exits {
			match try_exit(who, call, anyone) {
				Ok(()) => {
					moved = true;
					break;
				},
				Err(e) => errors.push(e),
			}
		}
		if !moved {
			return Err(format!(
				"stuck: no party can move {} (its transitions refused: {errors:?})",
				o.what
			));
		}
	}
	// Deposit paths: each covered hold is at most what the records state.
	let mut recorded: BTreeMap<(AccountId, Vec<u8>), u128> = BTreeMap::new();
	for o in &all {
		if let Some((who, reason, amount)) = &o.deposit {
			let key = (who.clone(), codec::Encode::encode(reason));
			*recorded.entry(key).or_default() += amount;
		}
	}
	for (who, holds) in pallet_balances::Holds::<Runtime>::iter() {
		for hold in holds.iter().filter(|h| h.amount > 0 && covered(&h.id)) {
			let key = (who.clone(), codec::Encode::encode(&hold.id));
			let stated = recorded.get(&key).copied().unwrap_or(0);
			if hold.amount > stated {
				return Err(format!(
					"deposit without a path back: {who} holds {} under {:?} but its records \
					 state {stated}",
					hold.amount, hold.id
				));
			}
		}
	}
	Ok(count)
}
