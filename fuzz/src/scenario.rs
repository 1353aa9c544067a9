//! Calls the metadata walk cannot make valid: they carry signatures, proofs of possession or
//! commitments (which need the fuzzer's secret keys and salts), or timetables that must be
//! ordered relative to the current block. Each builder reads the chain's storage to pick
//! objects that exist, and makes a valid call most of the time and an invalid one sometimes
//! (a bad signature, a wrong salt, a disordered timetable), so the refusals stay covered.

use crate::{
	generate::Rng,
	world::{random_bytes, random_hash, SealedBid, SealedScores, SealedSeed, Secret, World},
};
use codec::Decode;
use frame_support::{traits::Get, BoundedVec};
use pallet_device_identity::{DeviceRegistration, DeviceStatus};
use pallet_tender::{
	BidContent, Eligibility, EvaluationMethod, Procedure, TenderStatus, Timetable,
};
use sp_runtime::Percent;
use telecom_primitives::{DeviceId, SettlementPeriod};
use telecom_runtime::{AccountId, Runtime, RuntimeCall};

mod more;
mod rare;
mod sealed;
mod sealed_discount;

pub use sealed_discount::next_note;

type Devices = pallet_device_identity::Pallet<Runtime>;

/// The tender pallet's protective minimums in the fuzzer's world (storage parameters the
/// consortium sets by root; dev and test chains shorten them so a tender runs in minutes):
/// (bid, open, EU open, EU open after notice, answer cut-off, reveal, standstill, conclude,
/// retention), in blocks.
pub const TENDER_PERIODS: [u32; 9] = [8, 12, 16, 10, 3, 10, 10, 12, 30];

/// `TenderSeedRevealPeriod` in the fuzzer's world, in blocks (a storage parameter, 3 hours on
/// the chain): panel-draw seeds are revealed in the blocks after the bid deadline, then the
/// panel is drawn and seals its scores before the technical end.
pub const TENDER_SEED_REVEAL: u32 = 3;

/// One step a builder chose: who signs, the call, and whether Alice wraps it in `sudo`.
pub struct Step {
	/// Index of the signer among the dev accounts.
	pub who: usize,
	/// The call.
	pub call: RuntimeCall,
	/// Dispatched through `sudo` (root).
	pub sudo: bool,
}

impl Step {
	fn signed(who: usize, call: RuntimeCall) -> Option<Self> {
		Some(Step { who, call, sudo: false })
	}
}

/// The builders of each pallet, by name (repeated: more often).
fn builders(pallet: &str) -> &'static [&'static str] {
	match pallet {
		"DeviceIdentity" => &[
			"register_manufacturer",
			"add_attestation_key",
			"register_device",
			"register_device",
			"rotate_key",
			"reprovision_key",
			"regulator_decision",
			"factory_batch",
			"factory_batch",
			"consent",
			"consent",
			"reclaim_inspection",
			"report_device",
		],
		"FiveGSharing" => &[
			"join_project",
			"offer_capacity",
			"commission_site",
			"site_step",
			"site_step",
			"site_step",
			"site_step",
			"report_energy",
			"report_sla",
			"report_sla",
			"traffic",
			"traffic",
			"lease",
		],
		"Tender" => &[
			"publish_tender",
			"commit_bid",
			"commit_bid",
			"reveal_bid",
			"commit_scores",
			"score_bids",
		],
		"Spectrum" => &[
			"register_licence",
			"create_spectrum_offer",
			"accept_spectrum_offer",
			"place_spectrum_bid",
			"radio",
			"radio",
			"incumbent",
			"report_usage",
		],
		"Roaming" => &[
			"propose_agreement",
			"submit_usage",
			"submit_usage",
			"amendment",
			"roaming_answer",
			"roaming_answer",
			"sealed",
			"sealed",
			"sealed",
			"discount",
			"discount",
			"sealed_discount",
			"sealed_discount",
		],
		"Clearing" => &[
			"submit_bill",
			"submit_bill",
			"answer_bill",
			"cut_off",
			"pay_instruction",
			"pay_instruction",
			"clearing_release",
			"clearing_batch",
			"on_chain_setup",
			"on_chain_setup",
		],
		_ => &[],
	}
}

/// The pallets that have builders.
const BUILT: [&str; 6] =
	["DeviceIdentity", "FiveGSharing", "Tender", "Spectrum", "Roaming", "Clearing"];

/// Whether a tender step has a short window open now (seeds, the draw, sealed scores,
/// reveals, evaluation, the standstill): the program then advances no empty blocks, so that
/// the window is not skipped.
pub fn tender_window_open() -> bool {
	let now = now();
	pallet_tender::Tenders::<Runtime>::iter().any(|(_, t)| {
		let open = t.status == TenderStatus::Open
			&& now > t.timetable.bid_deadline
			&& now <= t.timetable.evaluation_end + 1;
		let standstill = t.status == TenderStatus::Awarded && now <= t.timetable.standstill_end;
		open || standstill
	})
}

/// Whether a confidential discount note waits for the other party's answer (one party
/// posted, its window not over): a program on roaming then lets a week pass more often, so
/// that silence can book it.
pub fn discount_note_waiting() -> bool {
	let now = now();
	pallet_roaming_settlement::DiscountNotePostings::<Runtime>::iter_values()
		.any(|postings| postings.uncontested().is_some() && now <= postings.answer_by)
}

/// Builds one of the structured calls, or `None` if the chain has nothing for it to act on.
/// Usually for one of the program's `focus` pallets.
pub fn step(
	world: &mut World,
	rng: &mut Rng,
	accounts: &[AccountId],
	focus: &[&str],
) -> Option<Step> {
	let mut cx = Cx { world, rng, accounts };
	// Steps whose window is open now come first: a sealed bid in its reveal window, sealed
	// scores in their evaluation window, a panel that has not sealed its scores yet.
	// Each urgent step is tried in turn from a random one, so a short window (the seed
	// reveals, the draw) is not missed for want of the right pick.
	if cx.rng.chance(if focus.contains(&"Tender") { 75 } else { 20 }) {
		const URGENT: usize = 10;
		let first = cx.rng.below(URGENT);
		for k in 0..URGENT {
			let urgent = match (first + k) % URGENT {
				0 => cx.reveal_due(),
				1 => cx.score_due(),
				2 => cx.commit_scores_due(),
				3 => cx.commit_seed_due(),
				4 => cx.reveal_seed_due(),
				5 => cx.draw_due(),
				6 => cx.award_due(),
				7 => cx.challenge_due(),
				8 => cx.decide_due(),
				_ => cx.conclude_due(),
			};
			if urgent.is_some() {
				return urgent;
			}
		}
	}
	// A program on the sharing pallet drives its projects' milestones first (the longest
	// chain of the runtime: a project subscribed, approved, built and commissioned); one on
	// clearing, the settling cycle's instructions (on-chain settlement, non-receipt disputes
	// and their decision); one on roaming, its confidential agreements and discounts.
	if focus.contains(&"FiveGSharing") && cx.rng.chance(40) {
		if let Some(step) = cx.site_step() {
			return Some(step);
		}
	}
	if focus.contains(&"Clearing")
		&& pallet_clearing::SettlingCycle::<Runtime>::get().is_some()
		&& cx.rng.chance(40)
	{
		if let Some(step) = cx.pay_instruction() {
			return Some(step);
		}
	}
	// A deep roaming program (roaming alone) works its confidential chains more often: a
	// discount's proposal, acceptance, closes and notes take a dozen built steps.
	let chain_odds = if focus == ["Roaming"] { 55 } else { 30 };
	if focus.contains(&"Roaming") && cx.rng.chance(chain_odds) {
		let step = match cx.rng.below(10) {
			0..=3 => cx.sealed(),
			4..=6 => cx.sealed_discount(),
			_ => cx.discount(),
		};
		if step.is_some() {
			return step;
		}
	}
	// A focus pallet with nothing to work on gets its first object.
	if focus.contains(&"Tender") && cx.open_tenders().len() < 2 && cx.rng.chance(50) {
		return cx.publish_tender();
	}
	let focused: Vec<&str> = focus.iter().copied().filter(|p| BUILT.contains(p)).collect();
	let pallet = if !focused.is_empty() && cx.rng.chance(80) {
		*cx.rng.pick(&focused)
	} else {
		*cx.rng.pick(&BUILT)
	};
	let builder = *cx.rng.pick(builders(pallet));
	cx.build(builder)
}

struct Cx<'a> {
	world: &'a mut World,
	rng: &'a mut Rng,
	accounts: &'a [AccountId],
}

fn now() -> u32 {
	frame_system::Pallet::<Runtime>::block_number()
}

fn label(text: &[u8]) -> pallet_device_identity::Label {
	BoundedVec::truncate_from(text.to_vec())
}

impl Cx<'_> {
	fn index_of(&self, who: &AccountId) -> Option<usize> {
		self.accounts.iter().position(|a| a == who)
	}

	fn pick<T: Clone>(&mut self, items: &[T]) -> Option<T> {
		if items.is_empty() {
			return None;
		}
		Some(self.rng.pick(items).clone())
	}

	/// One element of `items`, moved out.
	fn take<T>(&mut self, mut items: Vec<T>) -> Option<T> {
		if items.is_empty() {
			return None;
		}
		let i = self.rng.below(items.len());
		Some(items.swap_remove(i))
	}

	/// Usually the right signer; sometimes anyone (the refusal path).
	fn mostly(&mut self, right: usize) -> usize {
		if self.rng.chance(90) {
			right
		} else {
			self.rng.below(self.accounts.len())
		}
	}

	/// A dev-account manufacturer and one of its unrevoked attestation keys the fuzzer holds.
	fn attesting_manufacturer(&mut self) -> Option<(usize, u32, Secret)> {
		let mut choices = Vec::new();
		for (maker, _) in pallet_device_identity::Manufacturers::<Runtime>::iter() {
			let Some(who) = self.index_of(&maker) else { continue };
			for (index, key) in
				pallet_device_identity::AttestationKeys::<Runtime>::iter_prefix(&maker)
			{
				if key.revoked_at.is_some() {
					continue;
				}
				if let Some(secret) = self.world.keyring.get(&key.key) {
					choices.push((who, index, secret.clone()));
				}
			}
		}
		self.pick(&choices)
	}

	/// The council (root) makes a dev account a manufacturer.
	fn register_manufacturer(&mut self) -> Option<Step> {
		let who = self.rng.below(self.accounts.len());
		let call = pallet_device_identity::Call::register_manufacturer {
			manufacturer: self.accounts[who].clone(),
			name: label(b"Fuzz Radio"),
		};
		Some(Step { who: 0, call: call.into(), sudo: true })
	}

	/// A manufacturer adds an attestation key of a random type (the fuzzer keeps the secret).
	fn add_attestation_key(&mut self) -> Option<Step> {
		let makers: Vec<usize> = pallet_device_identity::Manufacturers::<Runtime>::iter_keys()
			.filter_map(|m| self.index_of(&m))
			.collect();
		let who = self.pick(&makers)?;
		let who = self.mostly(who);
		let (key, _) = self.world.new_key(self.rng);
		Step::signed(who, pallet_device_identity::Call::add_attestation_key { key }.into())
	}

	/// A manufacturer registers a new device whose key (of a random type) the fuzzer made,
	/// with its attestation and the device's proof of possession, both bound to the genesis.
	fn register_device(&mut self) -> Option<Step> {
		let (who, attestation_key, attester) = self.attesting_manufacturer()?;
		let device: DeviceId = random_hash(self.rng);
		let (key, secret) = self.world.new_key(self.rng);
		let attestation =
			attester.sign_maybe_bad(&Devices::attestation_payload(&device, &key), self.rng, 8);
		let possession =
			secret.sign_maybe_bad(&Devices::possession_payload(&device, 0), self.rng, 8);
		let registration = DeviceRegistration {
			device,
			key,
			model: label(b"AAU 32T32R n78"),
			batch: label(b"B1"),
			firmware: label(b"1.0"),
			attestation_key,
			attestation,
			possession,
		};
		Step::signed(who, pallet_device_identity::Call::register_device { registration }.into())
	}

	/// Devices whose current key the fuzzer holds: (device, key count, current secret).
	fn signing_devices(&self) -> Vec<(DeviceId, u32, Secret)> {
		pallet_device_identity::Devices::<Runtime>::iter()
			.filter_map(|(device, record)| {
				let current = record.current_key?;
				let key = pallet_device_identity::DeviceKeys::<Runtime>::get(device, current)?;
				let secret = self.world.keyring.get(&key.key)?;
				Some((device, record.keys, secret.clone()))
			})
			.collect()
	}

	/// Anyone submits a rotation the device's current key signed, with the new key's proof.
	fn rotate_key(&mut self) -> Option<Step> {
		let devices = self.signing_devices();
		let (device, nonce, old) = self.pick(&devices)?;
		let (new_key, new) = self.world.new_key(self.rng);
		let rotation =
			old.sign_maybe_bad(&Devices::rotation_payload(&device, nonce, &new_key), self.rng, 8);
		let possession =
			new.sign_maybe_bad(&Devices::possession_payload(&device, nonce), self.rng, 8);
		let who = self.rng.below(self.accounts.len());
		let call =
			pallet_device_identity::Call::rotate_key { device, new_key, rotation, possession };
		Step::signed(who, call.into())
	}

	/// The manufacturer re-provisions a device whose key was revoked: a new key it attests.
	fn reprovision_key(&mut self) -> Option<Step> {
		let (who, attestation_key, attester) = self.attesting_manufacturer()?;
		let maker = self.accounts[who].clone();
		let devices: Vec<(DeviceId, u32)> = pallet_device_identity::Devices::<Runtime>::iter()
			.filter(|(_, r)| {
				r.manufacturer == maker
					&& (r.current_key.is_none() || self.rng.clone().chance(10))
					&& !matches!(r.status, DeviceStatus::Revoked | DeviceStatus::Decommissioned)
			})
			.map(|(device, r)| (device, r.keys))
			.collect();
		let (device, nonce) = self.pick(&devices)?;
		let (new_key, new) = self.world.new_key(self.rng);
		let attestation =
			attester.sign_maybe_bad(&Devices::attestation_payload(&device, &new_key), self.rng, 8);
		let possession =
			new.sign_maybe_bad(&Devices::possession_payload(&device, nonce), self.rng, 8);
		let call = pallet_device_identity::Call::reprovision_key {
			device,
			new_key,
			attestation_key,
			attestation,
			possession,
		};
		Step::signed(who, call.into())
	}

	/// The current settlement period, or one or two months back.
	fn recent_period(&mut self) -> Option<SettlementPeriod> {
		let now = SettlementPeriod::current::<telecom_runtime::Timestamp>()?;
		let back = match self.rng.below(10) {
			0..=6 => 0,
			7 | 8 => 1,
			_ => 2,
		};
		let mut period = now;
		for _ in 0..back {
			let (year, month) = if period.month == 1 {
				(period.year - 1, 12)
			} else {
				(period.year, period.month - 1)
			};
			period = SettlementPeriod::new(year, month)?;
		}
		Some(period)
	}

	/// The base station of a site signs a meter reading.
	fn report_energy(&mut self) -> Option<Step> {
		let sites: Vec<(u32, DeviceId)> = pallet_5g_sharing::Sites::<Runtime>::iter()
			.map(|(id, site)| (id, site.device))
			.collect();
		let (site, device) = self.pick(&sites)?;
		let secret = self.device_secret(&device)?;
		let period = self.recent_period()?;
		let reading = match self.rng.below(3) {
			0 => self.rng.below(1_000) as u64,
			_ => 1_000 + self.rng.below(1_000_000) as u64,
		};
		let payload =
			pallet_5g_sharing::energy_payload(&Devices::genesis_hash(), site, period, reading);
		let signature = secret.sign_maybe_bad(&payload, self.rng, 8);
		let who = self.rng.below(self.accounts.len());
		let call = pallet_5g_sharing::Call::report_energy { site, period, reading, signature };
		Step::signed(who, call.into())
	}

	fn device_secret(&self, device: &DeviceId) -> Option<Secret> {
		let record = pallet_device_identity::Devices::<Runtime>::get(device)?;
		let key = pallet_device_identity::DeviceKeys::<Runtime>::get(device, record.current_key?)?;
		self.world.keyring.get(&key.key).cloned()
	}

	/// The base station of a lease's site signs an SLA measurement for a period of the lease.
	fn report_sla(&mut self) -> Option<Step> {
		let leases: Vec<_> = pallet_5g_sharing::Leases::<Runtime>::iter().collect();
		let (lease, record) = self.pick(&leases)?;
		let site = pallet_5g_sharing::Sites::<Runtime>::get(record.site)?;
		let secret = self.device_secret(&site.device)?;
		let now = SettlementPeriod::current::<telecom_runtime::Timestamp>()?;
		let period = if self.rng.chance(80) && record.first <= now {
			let last = if record.last < now { record.last } else { now };
			let span = record.first.months_until(&last);
			record.first.add_months(self.rng.below(span as usize + 1) as u32)?
		} else {
			self.recent_period()?
		};
		let sequence = self.rng.below(4) as u32;
		let availability = if self.rng.chance(50) {
			record.sla.availability
		} else {
			self.rng.below(10_001) as u16
		};
		let throughput = if self.rng.chance(50) {
			record.sla.throughput
		} else {
			self.rng.below(record.sla.throughput as usize * 2 + 1) as u32
		};
		let payload = pallet_5g_sharing::sla_payload(
			&Devices::genesis_hash(),
			lease,
			period,
			sequence,
			availability,
			throughput,
		);
		let signature = secret.sign_maybe_bad(&payload, self.rng, 8);
		let who = self.rng.below(self.accounts.len());
		let call = pallet_5g_sharing::Call::report_sla {
			lease,
			period,
			sequence,
			availability,
			throughput,
			signature,
		};
		Step::signed(who, call.into())
	}

	/// A buyer publishes a tender whose timetable fits the (shortened) minimums from now:
	/// lowest price or weighted with a panel of five, open, EU or restricted.
	fn publish_tender(&mut self) -> Option<Step> {
		let [bid, open, eu, eu_notice, cutoff, reveal, standstill, ..] = TENDER_PERIODS;
		let operators = 4;
		let buyer = self.rng.below(operators);
		let weighted = self.rng.chance(50);
		// The panel: five accounts other than the buyer, the non-operators first, so that
		// operators remain to bid.
		let panel: Vec<usize> = (operators..self.accounts.len())
			.chain((0..operators).rev().filter(|i| *i != buyer))
			.take(5)
			.collect();
		let (eligibility, procedure) = match self.rng.below(4) {
			0 => {
				let invited: Vec<AccountId> = (0..operators)
					.filter(|i| *i != buyer && !(weighted && panel.contains(i)))
					.map(|i| self.accounts[i].clone())
					.collect();
				(Eligibility::Invited(BoundedVec::truncate_from(invited)), Procedure::Restricted)
			},
			1 => (Eligibility::Operators, Procedure::EuOpen),
			2 => (Eligibility::Operators, Procedure::EuOpenWithPriorNotice),
			_ => (Eligibility::Operators, Procedure::Open),
		};
		let period = match procedure {
			Procedure::Restricted => bid,
			Procedure::Open => open,
			Procedure::EuOpen => eu,
			Procedure::EuOpenWithPriorNotice => eu_notice,
		}
		.max(bid);
		let now = now();
		let bid_deadline = now + period + 1 + self.rng.below(6) as u32;
		let clarification_deadline = now + 1 + self.rng.below((period - cutoff) as usize) as u32;
		// A weighted tender's seeds are revealed after the bid deadline, then the panel is
		// drawn and seals its scores before the technical end.
		let technical_end = if weighted {
			bid_deadline + TENDER_SEED_REVEAL + 10 + self.rng.below(8) as u32
		} else {
			bid_deadline
		};
		let reveal_end = technical_end + reveal + self.rng.below(4) as u32;
		let evaluation_end = reveal_end + 6 + self.rng.below(6) as u32;
		let standstill_end = evaluation_end + standstill + self.rng.below(4) as u32;
		let mut timetable = Timetable {
			clarification_deadline,
			bid_deadline,
			technical_end,
			reveal_end,
			evaluation_end,
			standstill_end,
		};
		if self.rng.chance(5) {
			timetable.reveal_end = timetable.technical_end + 1;
		}
		let method = if weighted {
			EvaluationMethod::Weighted {
				price_weight: Percent::from_percent(30 + self.rng.below(60) as u8),
			}
		} else {
			EvaluationMethod::LowestPrice
		};
		let call = pallet_tender::Call::publish {
			title: BoundedVec::truncate_from(b"Fuzz tender".to_vec()),
			document: random_hash(self.rng),
			lots: 1 + self.rng.below(2) as u8,
			currency: telecom_primitives::CurrencyCode::EUR,
			eligibility,
			bond: telecom_runtime::UNIT * (10 + self.rng.below(5) as u128),
			timetable,
			method,
			procedure,
		};
		Step::signed(buyer, call.into())
	}

	/// Open tenders: (id, tender).
	fn open_tenders(&self) -> Vec<(u32, pallet_tender::TenderOf<Runtime>)> {
		pallet_tender::Tenders::<Runtime>::iter()
			.filter(|(_, t)| t.status == TenderStatus::Open)
			.collect()
	}

	/// An eligible bidder seals a bid; the fuzzer remembers its content and salt.
	fn commit_bid(&mut self) -> Option<Step> {
		let now = now();
		let tenders: Vec<_> = self
			.open_tenders()
			.into_iter()
			.filter(|(_, t)| now <= t.timetable.bid_deadline || self.rng.clone().chance(10))
			.collect();
		let (tender, record) = self.pick(&tenders)?;
		// A lot needs two valid bids for a losing bidder to challenge the award: a lot with
		// fewer gets the bid most of the time.
		let thin: Vec<u8> = (0..record.lots)
			.filter(|lot| pallet_tender::Bids::<Runtime>::iter_prefix((tender, *lot)).count() < 2)
			.collect();
		let lot = match self.pick(&thin) {
			Some(lot) if self.rng.chance(80) => lot,
			_ => self.rng.below(record.lots as usize) as u8,
		};
		// The panel is drawn from the expert registry after the bid deadline (empty before).
		let panel: Vec<AccountId> = record.panel.to_vec();
		let bidders: Vec<usize> = (0..self.accounts.len())
			.filter(|i| self.accounts[*i] != record.buyer && !panel.contains(&self.accounts[*i]))
			.filter(|i| match &record.eligibility {
				Eligibility::Invited(list) => list.contains(&self.accounts[*i]),
				Eligibility::Operators => *i < 4,
			})
			.collect();
		let bidder = self.pick(&bidders)?;
		let bidder = self.mostly(bidder);
		let content = BidContent {
			price: 1_000 + self.rng.below(1_000_000) as u128,
			document: random_hash(self.rng),
		};
		let salt = random_bytes(self.rng);
		let commitment =
			pallet_tender::commitment_of(tender, lot, &content, &salt, &self.accounts[bidder]);
		self.world.bids.push(SealedBid { tender, lot, bidder, content, salt });
		Step::signed(bidder, pallet_tender::Call::commit_bid { tender, lot, commitment }.into())
	}

	/// A bidder opens a bid it sealed, in the reveal window if one is open.
	fn reveal_bid(&mut self) -> Option<Step> {
		let now = now();
		let in_window: Vec<SealedBid> = self
			.world
			.bids
			.iter()
			.filter(|b| {
				pallet_tender::Tenders::<Runtime>::get(b.tender).is_some_and(|t| {
					now > t.timetable.technical_end && now <= t.timetable.reveal_end
				})
			})
			.cloned()
			.collect();
		let bid = if !in_window.is_empty() && self.rng.chance(85) {
			self.pick(&in_window)?
		} else {
			let all = self.world.bids.clone();
			self.pick(&all)?
		};
		let salt = if self.rng.chance(8) { random_bytes(self.rng) } else { bid.salt };
		let call = pallet_tender::Call::reveal_bid {
			tender: bid.tender,
			lot: bid.lot,
			content: bid.content.clone(),
			salt,
		};
		Step::signed(bid.bidder, call.into())
	}

	/// A panel member seals scores for every bidder of a lot, after the bid deadline.
	fn commit_scores(&mut self) -> Option<Step> {
		let now = now();
		let tenders: Vec<(u32, u8, Vec<AccountId>)> = self
			.open_tenders()
			.into_iter()
			.filter(|(_, t)| now > t.timetable.bid_deadline || self.rng.clone().chance(10))
			.filter_map(|(id, t)| match t.method {
				EvaluationMethod::Weighted { .. } => Some((id, t.lots, t.panel.to_vec())),
				EvaluationMethod::LowestPrice => None,
			})
			.collect();
		let (tender, lots, panel) = self.pick(&tenders)?;
		let lot = self.rng.below(lots as usize) as u8;
		let member = self.pick(&panel)?;
		let member = self.index_of(&member)?;
		let scores: Vec<(AccountId, u8)> =
			pallet_tender::Bids::<Runtime>::iter_prefix((tender, lot))
				.map(|(bidder, _)| (bidder, self.rng.below(101) as u8))
				.collect();
		let salt = random_bytes(self.rng);
		let commitment = pallet_tender::scores_commitment_of(
			tender,
			lot,
			&self.accounts[member],
			&scores,
			&salt,
		);
		self.world.scores.push(SealedScores { tender, lot, member, scores, salt });
		let call = pallet_tender::Call::commit_scores { tender, lot, commitment };
		Step::signed(member, call.into())
	}

	/// A sealed bid of the fuzzer's whose reveal window is open.
	fn reveal_due(&mut self) -> Option<Step> {
		let now = now();
		let due: Vec<SealedBid> = self
			.world
			.bids
			.iter()
			.filter(|b| {
				let sealed = pallet_tender::Bids::<Runtime>::get((
					b.tender,
					b.lot,
					&self.accounts[b.bidder],
				))
				.is_some_and(|bid| {
					bid.status == pallet_tender::BidStatus::Sealed
						&& pallet_tender::commitment_of(
							b.tender,
							b.lot,
							&b.content,
							&b.salt,
							&self.accounts[b.bidder],
						) == bid.commitment
				});
				sealed
					&& pallet_tender::Tenders::<Runtime>::get(b.tender).is_some_and(|t| {
						t.status == TenderStatus::Open
							&& now > t.timetable.technical_end
							&& now <= t.timetable.reveal_end
					})
			})
			.cloned()
			.collect();
		let bid = self.pick(&due)?;
		let call = pallet_tender::Call::reveal_bid {
			tender: bid.tender,
			lot: bid.lot,
			content: bid.content,
			salt: bid.salt,
		};
		Step::signed(bid.bidder, call.into())
	}

	/// Sealed scores of the fuzzer's whose evaluation window is open.
	fn score_due(&mut self) -> Option<Step> {
		let now = now();
		let due: Vec<SealedScores> = self
			.world
			.scores
			.iter()
			.filter(|s| {
				let member = &self.accounts[s.member];
				!pallet_tender::Scored::<Runtime>::contains_key((s.tender, s.lot, member))
					&& pallet_tender::ScoreCommitments::<Runtime>::get((s.tender, s.lot, member))
						== Some(pallet_tender::scores_commitment_of(
							s.tender, s.lot, member, &s.scores, &s.salt,
						)) && pallet_tender::Tenders::<Runtime>::get(s.tender).is_some_and(|t| {
					t.status == TenderStatus::Open
						&& now > t.timetable.reveal_end
						&& now <= t.timetable.evaluation_end
				})
			})
			.cloned()
			.collect();
		let scores = self.pick(&due)?;
		let call = pallet_tender::Call::score_bids {
			tender: scores.tender,
			lot: scores.lot,
			scores: BoundedVec::truncate_from(scores.scores),
			salt: scores.salt,
		};
		Step::signed(scores.member, call.into())
	}

	/// A panel member who has not sealed scores for a lot in its technical window.
	fn commit_scores_due(&mut self) -> Option<Step> {
		let now = now();
		let mut due = Vec::new();
		for (tender, t) in self.open_tenders() {
			let EvaluationMethod::Weighted { .. } = &t.method else { continue };
			let panel = &t.panel;
			if !(now > t.timetable.bid_deadline && now <= t.timetable.technical_end) {
				continue;
			}
			for lot in 0..t.lots {
				for member in panel.iter() {
					if !pallet_tender::ScoreCommitments::<Runtime>::contains_key((
						tender, lot, member,
					)) {
						if let Some(i) = self.index_of(member) {
							due.push((tender, lot, i));
						}
					}
				}
			}
		}
		let (tender, lot, member) = self.pick(&due)?;
		let scores: Vec<(AccountId, u8)> =
			pallet_tender::Bids::<Runtime>::iter_prefix((tender, lot))
				.map(|(bidder, _)| (bidder, self.rng.below(101) as u8))
				.collect();
		let salt = random_bytes(self.rng);
		let commitment = pallet_tender::scores_commitment_of(
			tender,
			lot,
			&self.accounts[member],
			&scores,
			&salt,
		);
		self.world.scores.push(SealedScores { tender, lot, member, scores, salt });
		let call = pallet_tender::Call::commit_scores { tender, lot, commitment };
		Step::signed(member, call.into())
	}

	/// The buyer or a bidder of a weighted tender awaiting its draw commits a seed before the
	/// bid deadline; the fuzzer keeps the seed.
	fn commit_seed_due(&mut self) -> Option<Step> {
		let now = now();
		let mut due = Vec::new();
		for (tender, t) in self.open_tenders() {
			if !matches!(t.method, EvaluationMethod::Weighted { .. })
				|| !t.panel.is_empty()
				|| now > t.timetable.bid_deadline
			{
				continue;
			}
			for (i, account) in self.accounts.iter().enumerate() {
				let contributor = account == &t.buyer
					|| pallet_tender::TenderBidders::<Runtime>::contains_key(tender, account);
				if contributor
					&& !pallet_tender::DrawSeeds::<Runtime>::contains_key(tender, account)
				{
					due.push((tender, i));
				}
			}
		}
		let (tender, who) = self.pick(&due)?;
		let seed = random_bytes(self.rng);
		let commitment = pallet_tender::draw_seed_commitment_of(tender, &self.accounts[who], &seed);
		self.world.seeds.push(SealedSeed { tender, who, seed });
		Step::signed(who, pallet_tender::Call::commit_draw_seed { tender, commitment }.into())
	}

	/// A committed draw seed of the fuzzer's whose reveal window is open (sometimes a wrong
	/// seed).
	fn reveal_seed_due(&mut self) -> Option<Step> {
		let now = now();
		let reveal = TENDER_SEED_REVEAL;
		let due: Vec<SealedSeed> = self
			.world
			.seeds
			.iter()
			.filter(|s| {
				pallet_tender::DrawSeeds::<Runtime>::get(s.tender, &self.accounts[s.who])
					.is_some_and(|c| {
						!c.revealed
							&& c.commitment
								== pallet_tender::draw_seed_commitment_of(
									s.tender,
									&self.accounts[s.who],
									&s.seed,
								)
					}) && pallet_tender::Tenders::<Runtime>::get(s.tender).is_some_and(|t| {
					t.status == TenderStatus::Open
						&& now > t.timetable.bid_deadline
						&& now <= t.timetable.bid_deadline + reveal
				})
			})
			.cloned()
			.collect();
		let sealed = self.pick(&due)?;
		let seed = if self.rng.chance(5) { random_bytes(self.rng) } else { sealed.seed };
		let call = pallet_tender::Call::reveal_draw_seed { tender: sealed.tender, seed };
		Step::signed(sealed.who, call.into())
	}

	/// Anyone draws the panel of a weighted tender whose seed reveal period is over.
	fn draw_due(&mut self) -> Option<Step> {
		let now = now();
		let due: Vec<u32> = self
			.open_tenders()
			.into_iter()
			.filter(|(_, t)| {
				matches!(t.method, EvaluationMethod::Weighted { .. })
					&& t.panel.is_empty()
					&& now > t.timetable.bid_deadline + TENDER_SEED_REVEAL
					&& now <= t.timetable.technical_end
			})
			.map(|(id, _)| id)
			.collect();
		let tender = self.pick(&due)?;
		let who = self.rng.below(self.accounts.len());
		Step::signed(who, pallet_tender::Call::draw_panel { tender }.into())
	}

	/// The buyer awards a tender whose evaluation is over.
	fn award_due(&mut self) -> Option<Step> {
		let now = now();
		let due: Vec<(u32, usize)> = self
			.open_tenders()
			.into_iter()
			.filter(|(_, t)| now > t.timetable.evaluation_end)
			.filter_map(|(id, t)| Some((id, self.index_of(&t.buyer)?)))
			.collect();
		let (tender, buyer) = self.pick(&due)?;
		let who = self.mostly(buyer);
		Step::signed(who, pallet_tender::Call::award { tender }.into())
	}

	/// A losing bidder challenges an award in its standstill.
	fn challenge_due(&mut self) -> Option<Step> {
		let now = now();
		let mut due = Vec::new();
		for (tender, t) in pallet_tender::Tenders::<Runtime>::iter() {
			if t.status != TenderStatus::Awarded || now > t.timetable.standstill_end {
				continue;
			}
			for lot in 0..t.lots {
				for (bidder, bid) in pallet_tender::Bids::<Runtime>::iter_prefix((tender, lot)) {
					if bid.status == pallet_tender::BidStatus::Lost
						&& !pallet_tender::Challenges::<Runtime>::contains_key(tender, &bidder)
					{
						if let Some(i) = self.index_of(&bidder) {
							due.push((tender, i));
						}
					}
				}
			}
		}
		let (tender, who) = self.pick(&due)?;
		let grounds = random_hash(self.rng);
		Step::signed(who, pallet_tender::Call::challenge { tender, grounds }.into())
	}

	/// The review body (root) decides a pending challenge, upholding it or not.
	fn decide_due(&mut self) -> Option<Step> {
		let due: Vec<(u32, AccountId)> = pallet_tender::Challenges::<Runtime>::iter()
			.filter(|(_, _, c)| c.status == pallet_tender::ChallengeStatus::Pending)
			.map(|(tender, bidder, _)| (tender, bidder))
			.collect();
		let (tender, bidder) = self.pick(&due)?;
		let uphold = self.rng.chance(40);
		let call = pallet_tender::Call::decide_challenge { tender, bidder, uphold };
		Some(Step { who: 0, call: call.into(), sudo: true })
	}

	/// The buyer concludes an award whose standstill is over.
	fn conclude_due(&mut self) -> Option<Step> {
		let now = now();
		let due: Vec<(u32, usize)> = pallet_tender::Tenders::<Runtime>::iter()
			.filter(|(_, t)| {
				t.status == TenderStatus::Awarded
					&& now > t.timetable.standstill_end
					&& t.open_challenges == 0
			})
			.filter_map(|(id, t)| Some((id, self.index_of(&t.buyer)?)))
			.collect();
		let (tender, buyer) = self.pick(&due)?;
		let who = self.mostly(buyer);
		let contract = random_hash(self.rng);
		Step::signed(who, pallet_tender::Call::conclude { tender, contract }.into())
	}

	/// A panel member opens the scores it sealed.
	fn score_bids(&mut self) -> Option<Step> {
		let sealed = self.world.scores.clone();
		let scores = self.pick(&sealed)?;
		let salt = if self.rng.chance(8) { random_bytes(self.rng) } else { scores.salt };
		let call = pallet_tender::Call::score_bids {
			tender: scores.tender,
			lot: scores.lot,
			scores: BoundedVec::truncate_from(scores.scores.clone()),
			salt,
		};
		Step::signed(scores.member, call.into())
	}
}

/// Builders of the sharing, spectrum and roaming objects whose arguments must fit stored ones.
impl Cx<'_> {
	/// An operator joins a proposed project, usually with exactly the share still open.
	fn join_project(&mut self) -> Option<Step> {
		let projects: Vec<_> = pallet_5g_sharing::Projects::<Runtime>::iter()
			.filter(|(_, p)| p.status == pallet_5g_sharing::ProjectStatus::Proposed)
			.collect();
		let (project, record) = self.take(projects)?;
		let committed: u32 = record.stakes.iter().map(|s| u32::from(s.share)).sum();
		let open = 10_000u32.saturating_sub(committed) as u16;
		let outsiders: Vec<usize> =
			(0..4).filter(|i| !record.stakes.iter().any(|s| s.who == self.accounts[*i])).collect();
		let who = self.pick(&outsiders)?;
		let share = if self.rng.chance(70) || open < 2 {
			open
		} else {
			1 + self.rng.below(open as usize - 1) as u16
		};
		Step::signed(who, pallet_5g_sharing::Call::join_project { project, share }.into())
	}

	/// A site's lead offers spare capacity for a few months from now.
	fn offer_capacity(&mut self) -> Option<Step> {
		let sites: Vec<_> = pallet_5g_sharing::Sites::<Runtime>::iter().collect();
		let (site, record) = self.pick(&sites)?;
		let lead = pallet_5g_sharing::Projects::<Runtime>::get(site)?.lead;
		let who = self.index_of(&lead)?;
		let spare = record.pools.radio.free();
		let units = 1 + self.rng.below(spare.max(1) as usize) as u32;
		let first = self.recent_period()?;
		let last = first.add_months(self.rng.below(4) as u32)?;
		let sla = pallet_5g_sharing::SlaTerms {
			availability: 9_000 + self.rng.below(1_000) as u16,
			throughput: 100 + self.rng.below(900) as u32,
			penalty: self.rng.below(2_000) as u16,
		};
		let call = pallet_5g_sharing::Call::offer_capacity {
			site,
			units,
			unit_price: 1_000 + self.rng.below(100_000) as u128,
			first,
			last,
			sla,
		};
		Step::signed(who, call.into())
	}

	/// A project's lead commissions a built site with a device in an owner's custody.
	fn commission_site(&mut self) -> Option<Step> {
		let projects: Vec<_> = pallet_5g_sharing::Projects::<Runtime>::iter()
			.filter(|(id, p)| {
				p.status != pallet_5g_sharing::ProjectStatus::Proposed
					&& !pallet_5g_sharing::Sites::<Runtime>::contains_key(id)
			})
			.collect();
		let (project, record) = self.take(projects)?;
		let who = self.index_of(&record.lead)?;
		let devices: Vec<DeviceId> = pallet_device_identity::Devices::<Runtime>::iter()
			.filter(|(id, d)| {
				record.stakes.iter().any(|s| s.who == d.custodian)
					&& !pallet_5g_sharing::SiteOfDevice::<Runtime>::contains_key(id)
			})
			.map(|(id, _)| id)
			.collect();
		let device = self.pick(&devices)?;
		let call = pallet_5g_sharing::Call::commission_site {
			project,
			device,
			capacity: 100 + self.rng.below(1_000) as u32,
			energy_price: 10 + self.rng.below(100) as u128,
		};
		Step::signed(who, call.into())
	}

	/// Moves a project through its milestones, each a change its owners approve: a co-owner
	/// approves an open proposal, anyone executes one, and the lead of a project with no
	/// proposal open proposes its next milestone (approval once fully subscribed, then
	/// construction complete, then commissioning with a device an owner holds). The most
	/// advanced project's step is taken most of the time, so that the longest chain (to
	/// `commission_site`) runs to its end within a program; an expired proposal that blocks a
	/// project is closed; with no project under way, an operator proposes one (often as its
	/// sole owner, so that it needs no partner).
	fn site_step(&mut self) -> Option<Step> {
		use pallet_5g_sharing::{Milestone, ProjectStatus, SiteChange};
		// (stage, signer, call): a later milestone is a higher stage.
		let mut moves: Vec<(u8, usize, RuntimeCall)> = Vec::new();
		let now_ms = pallet_timestamp::Now::<Runtime>::get();
		let lifetime = <Runtime as pallet_5g_sharing::Config>::ProposalLifetime::get();
		for (proposal, open) in pallet_5g_sharing::Proposals::<Runtime>::iter() {
			let Some(project) = pallet_5g_sharing::Projects::<Runtime>::get(open.project) else {
				continue;
			};
			let stage = match open.change {
				SiteChange::Commission { .. } => 3,
				SiteChange::CompleteConstruction => 2,
				SiteChange::ApproveProject => 1,
				_ => 0,
			};
			if now_ms >= open.opened.saturating_add(lifetime) {
				let anyone = self.rng.below(self.accounts.len());
				let call = pallet_5g_sharing::Call::close_change { proposal };
				moves.push((stage, anyone, call.into()));
				continue;
			}
			// An objection waits for the arbiter (root), who overrules it or rejects the
			// change.
			if matches!(open.dispute, pallet_5g_sharing::DisputeState::Objected { .. }) {
				let overrule = self.rng.chance(70);
				let call = pallet_5g_sharing::Call::resolve_objection { proposal, overrule };
				moves.push((stage, usize::MAX, call.into()));
				continue;
			}
			// The owners who have not approved do so first (now and then one objects instead);
			// once every owner has, anyone executes it (no dispute window to wait for).
			let mut missing = 0;
			for stake in project.stakes.iter() {
				if !open.approvals.contains(&stake.who) {
					missing += 1;
					if let Some(who) = self.index_of(&stake.who) {
						let call = if self.rng.chance(8) {
							pallet_5g_sharing::Call::object_to_change { proposal }
						} else {
							pallet_5g_sharing::Call::approve_change { proposal }
						};
						moves.push((stage, who, call.into()));
					}
				}
			}
			if missing == 0 || self.rng.chance(20) {
				let anyone = self.rng.below(self.accounts.len());
				let call = pallet_5g_sharing::Call::execute_change { proposal };
				moves.push((stage, anyone, call.into()));
			}
		}
		let mut under_way = false;
		for (project, record) in pallet_5g_sharing::Projects::<Runtime>::iter() {
			if !matches!(record.status, ProjectStatus::Reached(Milestone::Commissioned)) {
				under_way = true;
			}
			if !pallet_5g_sharing::ProjectProposals::<Runtime>::get(project).is_empty() {
				continue;
			}
			let Some(lead) = self.index_of(&record.lead) else { continue };
			match record.status {
				ProjectStatus::Proposed if record.committed() == 10_000 => {
					let call = pallet_5g_sharing::Call::approve_project { project };
					moves.push((1, lead, call.into()));
				},
				ProjectStatus::Reached(Milestone::Approved) => {
					let call = pallet_5g_sharing::Call::complete_construction { project };
					moves.push((2, lead, call.into()));
				},
				ProjectStatus::Reached(Milestone::Built) => {
					if let Some((who, call)) = self.commission_move(project, &record, lead) {
						moves.push((3, who, call));
					}
				},
				_ => {},
			}
		}
		if !under_way || (moves.is_empty() && self.rng.chance(30)) {
			return self.propose_project();
		}
		if moves.is_empty() {
			return self.join_project();
		}
		let top = moves.iter().map(|(stage, ..)| *stage).max().unwrap_or(0);
		if self.rng.chance(75) {
			moves.retain(|(stage, ..)| *stage == top);
		}
		let (_, who, call) = self.take(moves)?;
		if who == usize::MAX {
			return Some(Step { who: 0, call, sudo: true });
		}
		let who = self.mostly(who);
		Step::signed(who, call)
	}

	/// An operator (not Dave, who is out of clearing, where tranches become obligations)
	/// proposes a site, half the time as its sole owner.
	fn propose_project(&mut self) -> Option<Step> {
		let who = self.rng.below(3);
		let share = if self.rng.chance(50) { 10_000 } else { 2_000 + self.rng.below(6_000) as u16 };
		let technology = match self.rng.below(3) {
			0 => pallet_5g_sharing::Technology::Nr,
			1 => pallet_5g_sharing::Technology::Lte,
			_ => pallet_5g_sharing::Technology::NrLte,
		};
		let call = pallet_5g_sharing::Call::propose_project {
			cell: 8_833_100 + self.rng.below(1_000) as u64,
			technology,
			capex: 100_000 + self.rng.below(10_000_000) as u128,
			currency: telecom_primitives::CurrencyCode::EUR,
			document: random_hash(self.rng),
			share,
		};
		Step::signed(who, call.into())
	}

	/// The regulator (root) licences an operator a band over some cells.
	fn register_licence(&mut self) -> Option<Step> {
		let mhz = 1_000_000u64;
		let holder = self.accounts[self.rng.below(4)].clone();
		let low = (3_400 + 20 * self.rng.below(20) as u64) * mhz;
		let range = pallet_spectrum_market::FrequencyRange {
			low,
			high: low + (20 + 20 * self.rng.below(3) as u64) * mhz,
		};
		let first = 613_300_001 + self.rng.below(6) as u64;
		let cells =
			BoundedVec::truncate_from((first..first + 1 + self.rng.below(3) as u64).collect());
		let now = now();
		let validity = pallet_spectrum_market::Window {
			start: now,
			end: now + 500 + self.rng.below(5_000) as u32,
		};
		let tier = match self.rng.below(4) {
			0 => pallet_spectrum_market::Tier::General,
			1 => pallet_spectrum_market::Tier::Incumbent,
			_ => pallet_spectrum_market::Tier::Priority,
		};
		let call = pallet_spectrum_market::Call::register_licence {
			holder,
			range,
			cells,
			validity,
			max_eirp: 30,
			tier,
		};
		Some(Step { who: 0, call: call.into(), sudo: true })
	}

	/// A sub-range of `range` on 5 MHz blocks.
	fn sub_range(
		&mut self,
		range: &pallet_spectrum_market::FrequencyRange,
	) -> pallet_spectrum_market::FrequencyRange {
		let block = 5_000_000u64;
		let blocks = (range.high.saturating_sub(range.low) / block).clamp(1, 1_000);
		let start = self.rng.below(blocks as usize) as u64;
		let len = 1 + self.rng.below((blocks - start) as usize) as u64;
		let low = range.low.saturating_add(start * block);
		pallet_spectrum_market::FrequencyRange {
			low,
			high: low.saturating_add(len * block).min(range.high),
		}
	}

	/// A sub-window of `window` starting no earlier than now, at least `min` blocks long
	/// where the window allows.
	fn sub_window(
		&mut self,
		window: &pallet_spectrum_market::Window<u32>,
		min: u32,
	) -> pallet_spectrum_market::Window<u32> {
		let start = window.start.max(now());
		let span = window.end.saturating_sub(start).clamp(1, 100_000);
		let offset = self.rng.below((span / 4).max(1) as usize) as u32;
		let room = span - offset;
		let length = min.saturating_add(self.rng.below(room as usize) as u32).clamp(1, room);
		let start = start.saturating_add(offset);
		pallet_spectrum_market::Window { start, end: start.saturating_add(length) }
	}

	/// A licence holder offers part of its licence, posted or by auction.
	fn create_spectrum_offer(&mut self) -> Option<Step> {
		let licences: Vec<_> = pallet_spectrum_market::Licences::<Runtime>::iter()
			.filter(|(_, l)| !l.rescinded && l.tier != pallet_spectrum_market::Tier::Incumbent)
			.collect();
		let (licence, record) = self.take(licences)?;
		let who = self.index_of(&record.holder)?;
		let range = self.sub_range(&record.range);
		let take = 1 + self.rng.below(record.cells.len().max(1));
		let cells = BoundedVec::truncate_from(record.cells.iter().copied().take(take).collect());
		let window = self.sub_window(&record.validity, 50);
		let pricing = match self.rng.below(3) {
			0 => pallet_spectrum_market::Pricing::Fixed(1_000 + self.rng.below(10_000) as u128),
			1 => pallet_spectrum_market::Pricing::PerReportedUnit(1 + self.rng.below(100) as u128),
			_ => pallet_spectrum_market::Pricing::PerMhzHour(1 + self.rng.below(100) as u128),
		};
		let mode = if self.rng.chance(35) {
			let closes_at = now() + 1 + self.rng.below(8) as u32;
			pallet_spectrum_market::OfferMode::Auction {
				closes_at: closes_at.min(window.end.saturating_sub(1)),
				reserve: self.rng.below(10_000) as u128,
			}
		} else {
			pallet_spectrum_market::OfferMode::Posted
		};
		let call = pallet_spectrum_market::Call::create_offer {
			licence,
			range,
			cells,
			window,
			pricing,
			currency: telecom_primitives::CurrencyCode::EUR,
			min_lease: 1 + self.rng.below(10) as u32,
			allowed_use: random_hash(self.rng),
			mode,
		};
		Step::signed(who, call.into())
	}

	/// Another operator takes a slice of a posted offer.
	fn accept_spectrum_offer(&mut self) -> Option<Step> {
		let offers: Vec<_> = pallet_spectrum_market::Offers::<Runtime>::iter()
			.filter(|(_, o)| o.open && o.mode == pallet_spectrum_market::OfferMode::Posted)
			.collect();
		let (offer, record) = self.take(offers)?;
		let takers: Vec<usize> = (0..4).filter(|i| self.accounts[*i] != record.holder).collect();
		let who = self.pick(&takers)?;
		let range = self.sub_range(&record.range);
		let take = 1 + self.rng.below(record.cells.len().max(1));
		let cells = BoundedVec::truncate_from(record.cells.iter().copied().take(take).collect());
		let window = self.sub_window(&record.window, record.min_lease);
		let call = pallet_spectrum_market::Call::accept_offer { offer, range, cells, window };
		Step::signed(who, call.into())
	}

	/// Another operator outbids the leader of an open auction.
	fn place_spectrum_bid(&mut self) -> Option<Step> {
		let offers: Vec<_> = pallet_spectrum_market::Offers::<Runtime>::iter()
			.filter(|(_, o)| o.open && o.mode != pallet_spectrum_market::OfferMode::Posted)
			.collect();
		let (offer, record) = self.take(offers)?;
		let bidders: Vec<usize> = (0..4).filter(|i| self.accounts[*i] != record.holder).collect();
		let who = self.pick(&bidders)?;
		let floor = match record.mode {
			pallet_spectrum_market::OfferMode::Auction { reserve, .. } => reserve,
			pallet_spectrum_market::OfferMode::Posted => 0,
		};
		let leading =
			pallet_spectrum_market::LeadingBids::<Runtime>::get(offer).map_or(0, |bid| bid.amount);
		let amount = floor.max(leading).saturating_add(1 + self.rng.below(1_000) as u128);
		Step::signed(who, pallet_spectrum_market::Call::place_bid { offer, amount }.into())
	}

	/// An operator proposes an agreement from one of its networks to another operator's, on
	/// the terms of an existing agreement, valid from this month for a year.
	fn propose_agreement(&mut self) -> Option<Step> {
		let owners: Vec<_> = pallet_roaming_settlement::TadigOwner::<Runtime>::iter().collect();
		let (own, owner) = self.pick(&owners)?;
		let who = self.index_of(&owner)?;
		let others: Vec<_> = owners.iter().filter(|(_, o)| *o != owner).cloned().collect();
		let (counterparty, _) = self.pick(&others)?;
		let templates: Vec<_> = pallet_roaming_settlement::Agreements::<Runtime>::iter()
			.map(|(_, a)| a.terms)
			.collect();
		let mut terms = self.pick(&templates)?;
		let from = self.recent_period()?;
		terms.valid_from = from;
		terms.valid_to = from.add_months(1 + self.rng.below(12) as u32)?;
		terms.document = random_hash(self.rng);
		// Sometimes an IOT's per-event terms on one service each way: a set-up fee, a minimum
		// charge per event, another increment.
		for network in [&mut terms.network_a, &mut terms.network_b] {
			if self.rng.chance(50) {
				let services = pallet_roaming_settlement::Service::ALL;
				let service = services[self.rng.below(services.len())];
				let rate = network.tariff.rate_mut(service);
				rate.setup_fee = self.rng.below(5_000) as u64;
				rate.minimum_charge = self.rng.below(10_000) as u64;
				rate.increment = [0, 1, 30, 60, 1_024][self.rng.below(5)];
			}
		}
		let call = pallet_roaming_settlement::Call::propose_agreement { own, counterparty, terms };
		Step::signed(who, call.into())
	}

	/// A party of an active agreement proposes amended terms (a new document, sometimes a
	/// longer validity), or the other party accepts a pending amendment with its version.
	fn amendment(&mut self) -> Option<Step> {
		use pallet_roaming_settlement::{AgreementStatus, Side};
		let mut moves: Vec<(usize, RuntimeCall)> = Vec::new();
		for (agreement, record) in pallet_roaming_settlement::Agreements::<Runtime>::iter() {
			if record.status != AgreementStatus::Active {
				continue;
			}
			match &record.amendment {
				Some(pending) => {
					let other =
						if pending.by == Side::A { &record.party_b } else { &record.party_a };
					if let Some(who) = self.index_of(other) {
						let version = record.version + 1;
						let call = pallet_roaming_settlement::Call::accept_amendment {
							agreement,
							version,
						};
						moves.push((who, call.into()));
					}
				},
				None => {
					let party = if self.rng.chance(50) { &record.party_a } else { &record.party_b };
					let Some(who) = self.index_of(party) else { continue };
					let mut terms = record.terms.clone();
					terms.document = random_hash(self.rng);
					if self.rng.chance(50) {
						if let Some(longer) =
							terms.valid_to.add_months(1 + self.rng.below(3) as u32)
						{
							terms.valid_to = longer;
						}
					}
					let call =
						pallet_roaming_settlement::Call::propose_amendment { agreement, terms };
					moves.push((who, call.into()));
				},
			}
		}
		let (who, call) = self.take(moves)?;
		let who = self.mostly(who);
		Step::signed(who, call)
	}

	/// A party of an active agreement submits its next usage file for a recent period.
	fn submit_usage(&mut self) -> Option<Step> {
		use pallet_roaming_settlement::{
			AgreementStatus, DataUsage, Side, UsageReport, UsageTotals, VoiceUsage,
		};
		let agreements: Vec<_> = pallet_roaming_settlement::Agreements::<Runtime>::iter()
			.filter(|(_, a)| {
				matches!(a.status, AgreementStatus::Active | AgreementStatus::Terminating)
			})
			.collect();
		let (agreement, record) = self.pick(&agreements)?;
		let side = if self.rng.chance(50) { Side::A } else { Side::B };
		let (sender, recipient, party) = match side {
			Side::A => (record.tadig_a, record.tadig_b, record.party_a.clone()),
			Side::B => (record.tadig_b, record.tadig_a, record.party_b.clone()),
		};
		let who = self.index_of(&party)?;
		let test_file = self.rng.chance(10);
		let control = if test_file {
			pallet_roaming_settlement::TestSequences::<Runtime>::get((sender, recipient))
		} else {
			pallet_roaming_settlement::Sequences::<Runtime>::get((sender, recipient))
		};
		let sequence = if self.rng.chance(85) {
			control.expected
		} else {
			control.expected.wrapping_add(1 + self.rng.below(3) as u32)
		};
		let mut period = self.recent_period()?;
		if period < record.terms.valid_from {
			period = record.terms.valid_from;
		}
		let calls = self.rng.below(500) as u32;
		let usage = UsageTotals {
			moc_local: VoiceUsage { calls, seconds: u64::from(calls) * 90 },
			moc_home: VoiceUsage { calls: calls / 3, seconds: u64::from(calls) * 50 },
			moc_international: VoiceUsage { calls: calls / 10, seconds: u64::from(calls) * 7 },
			mtc: VoiceUsage { calls: calls / 2, seconds: u64::from(calls) * 40 },
			sms_mo: self.rng.below(1_000) as u32,
			sms_mt: self.rng.below(1_000) as u32,
			data: DataUsage { sessions: calls, kilobytes: self.rng.below(10_000_000) as u64 },
			volte: VoiceUsage { calls: calls / 4, seconds: u64::from(calls) * 30 },
			video: VoiceUsage { calls: calls / 20, seconds: u64::from(calls) * 3 },
		};
		// A confidential agreement's stored tariff is blank: its claim is rated with the
		// terms the fuzzer committed to for the period.
		let tariff = match self.sealed_tariff(agreement, &record, period, side) {
			Some(tariff) => tariff,
			None => match side {
				Side::A => record.terms.network_a.tariff,
				Side::B => record.terms.network_b.tariff,
			},
		};
		let pinned = pallet_roaming_settlement::rating::rate_usage(&tariff, &usage).ok()?;
		let claimed = if self.rng.chance(70) {
			pinned
		} else {
			pinned.saturating_add(self.rng.below(100_000) as u128)
		};
		let report = UsageReport {
			sequence,
			period,
			records: calls + 1,
			usage,
			claimed,
			currency: record.terms.currency,
			file: random_hash(self.rng),
			test_file,
		};
		let call = pallet_roaming_settlement::Call::submit_batch { agreement, report };
		Step::signed(who, call.into())
	}
}

/// Builders of clearing's bills and cycles.
impl Cx<'_> {
	/// A participant bills another in a registered currency, under a fresh reference.
	fn submit_bill(&mut self) -> Option<Step> {
		let participants: Vec<usize> = (0..self.accounts.len())
			.filter(|i| pallet_clearing::Participants::<Runtime>::contains_key(&self.accounts[*i]))
			.collect();
		// Half the time a bill under a standing mandate (accepted by it, released later).
		let mandated: Vec<(usize, usize, telecom_primitives::CurrencyCode)> =
			pallet_clearing::Mandates::<Runtime>::iter_keys()
				.filter_map(|(payer, payee, currency)| {
					Some((self.index_of(&payer)?, self.index_of(&payee)?, currency))
				})
				.collect();
		let (payer, payee, currency) = match self.pick(&mandated) {
			Some(choice) if self.rng.chance(50) => choice,
			_ => {
				let payee = self.pick(&participants)?;
				let payers: Vec<usize> =
					participants.iter().copied().filter(|i| *i != payee).collect();
				let payer = self.pick(&payers)?;
				let currencies: Vec<_> =
					pallet_clearing::Currencies::<Runtime>::iter_keys().collect();
				(payer, payee, self.pick(&currencies)?)
			},
		};
		let largest = if mandated.contains(&(payer, payee, currency)) { 1_000 } else { 1_000_000 };
		let call = pallet_clearing::Call::submit_bill {
			payer: self.accounts[payer].clone(),
			currency,
			amount: 1 + self.rng.below(largest) as u128,
			reference: random_hash(self.rng),
			document: random_hash(self.rng),
		};
		Step::signed(payee, call.into())
	}

	/// The payer accepts or disputes a submitted bill, or the payee withdraws it.
	fn answer_bill(&mut self) -> Option<Step> {
		let bills: Vec<_> = pallet_clearing::Bills::<Runtime>::iter()
			.map(|(id, b)| (id, b.payer, b.payee))
			.collect();
		let (bill, payer, payee) = self.pick(&bills)?;
		let (who, call) = match self.rng.below(4) {
			0 => (
				payer,
				pallet_clearing::Call::dispute_bill {
					bill,
					reason: pallet_clearing::DisputeReason::decode(
						&mut &[self.rng.below(4) as u8][..],
					)
					.ok()?,
					evidence: random_hash(self.rng),
				},
			),
			1 => (payee, pallet_clearing::Call::withdraw_bill { bill }),
			_ => (payer, pallet_clearing::Call::accept_bill { bill }),
		};
		Step::signed(self.index_of(&who)?, call.into())
	}

	/// The consortium (root) cuts the open cycle off.
	fn cut_off(&mut self) -> Option<Step> {
		// A cycle cut off but not yet instructed may be aborted (its positions roll over).
		if let Some(cycle) = pallet_clearing::SettlingCycle::<Runtime>::get() {
			let abortable = pallet_clearing::Cycles::<Runtime>::get(cycle).is_some_and(|c| {
				c.phase == pallet_clearing::CyclePhase::CutOff
					|| (c.phase == pallet_clearing::CyclePhase::Netted && c.instructions == 0)
			});
			if abortable && self.rng.chance(40) {
				let call = pallet_clearing::Call::abort_cycle { cycle };
				return Some(Step { who: 0, call: call.into(), sudo: true });
			}
		}
		Some(Step { who: 0, call: pallet_clearing::Call::force_cut_off {}.into(), sudo: true })
	}

	/// The issuer's mint of the settlement asset of `currency` that lets `payer` settle every
	/// pending instruction it owes in the settling cycle `cycle` on-chain, if its balance is
	/// short (`None` if it is not, or the currency has no asset).
	fn settlement_shortfall(
		&mut self,
		cycle: pallet_clearing::CycleId,
		payer: &AccountId,
		currency: telecom_primitives::CurrencyCode,
	) -> Option<Step> {
		let asset = pallet_clearing::SettlementAssets::<Runtime>::get(currency)?;
		let owed: u128 = pallet_clearing::Instructions::<Runtime>::iter_prefix_values(cycle)
			.filter(|i| {
				&i.payer == payer
					&& i.currency == currency
					&& i.status == pallet_clearing::InstructionStatus::Pending
			})
			.map(|i| i.amount)
			.fold(0u128, u128::saturating_add);
		let held = pallet_assets::Pallet::<Runtime>::balance(asset, payer);
		let shortfall = owed.checked_sub(held).filter(|s| *s > 0)?;
		let issuer = pallet_assets::Asset::<Runtime>::get(asset)?.issuer;
		let who = self.index_of(&issuer)?;
		let call = pallet_assets::Call::mint {
			id: asset.into(),
			beneficiary: payer.clone().into(),
			amount: shortfall.saturating_add(1),
		};
		Step::signed(who, call.into())
	}

	/// A step on an instruction of the settling cycle: the payer confirms an off-chain
	/// payment or settles on-chain, the payee acknowledges or disputes receipt, the arbiter
	/// (root) decides a dispute.
	fn pay_instruction(&mut self) -> Option<Step> {
		use pallet_clearing::InstructionStatus;
		let cycle = pallet_clearing::SettlingCycle::<Runtime>::get()?;
		let instructions: Vec<_> =
			pallet_clearing::Instructions::<Runtime>::iter_prefix(cycle).collect();
		let (index, instruction) = self.take(instructions)?;
		let payer = self.index_of(&instruction.payer)?;
		let payee = self.index_of(&instruction.payee)?;
		match instruction.status {
			InstructionStatus::Pending => {
				let ready = {
					use pallet_clearing::{SettlementAssets, SettlementMethod, SettlementMethods};
					let currency = instruction.currency;
					SettlementAssets::<Runtime>::get(currency).is_some()
						&& [&instruction.payer, &instruction.payee].iter().all(|who| {
							SettlementMethods::<Runtime>::get(who, currency)
								== Some(SettlementMethod::OnChain)
						})
				};
				if ready && self.rng.chance(60) {
					let currency = instruction.currency;
					// The payer's settlement-asset float must cover what it owes on-chain:
					// the asset's issuer (Alice, the dev chain's treasury) tops it up first.
					if let Some(top_up) =
						self.settlement_shortfall(cycle, &instruction.payer, currency)
					{
						return Some(top_up);
					}
					return Step::signed(
						payer,
						pallet_clearing::Call::settle_on_chain { cycle, currency }.into(),
					);
				}
				if self.rng.chance(45) {
					// On-chain settlement needs the currency's settlement asset and both
					// parties settling it on-chain: whichever is missing is set up first.
					use pallet_clearing::{SettlementAssets, SettlementMethod, SettlementMethods};
					let currency = instruction.currency;
					let on_chain = |who: &AccountId| {
						SettlementMethods::<Runtime>::get(who, currency)
							== Some(SettlementMethod::OnChain)
					};
					if SettlementAssets::<Runtime>::get(currency).is_none() {
						let asset = telecom_runtime::genesis_config_presets::SETTLEMENT_ASSETS
							.iter()
							.find(|a| a.symbol == currency.as_bytes())
							.map(|a| a.id)?;
						let call = pallet_clearing::Call::set_settlement_asset {
							currency,
							asset: Some(asset),
						};
						return Some(Step { who: 0, call: call.into(), sudo: true });
					}
					let method = SettlementMethod::OnChain;
					if !on_chain(&instruction.payer) {
						let call =
							pallet_clearing::Call::set_settlement_method { currency, method };
						return Step::signed(payer, call.into());
					}
					if !on_chain(&instruction.payee) {
						let call =
							pallet_clearing::Call::set_settlement_method { currency, method };
						return Step::signed(payee, call.into());
					}
					Step::signed(
						payer,
						pallet_clearing::Call::settle_on_chain { cycle, currency }.into(),
					)
				} else {
					let call = pallet_clearing::Call::confirm_payment {
						cycle,
						index,
						bank_reference: random_hash(self.rng),
					};
					Step::signed(payer, call.into())
				}
			},
			InstructionStatus::PaymentConfirmed(_) => {
				if self.rng.chance(60) {
					Step::signed(
						payee,
						pallet_clearing::Call::acknowledge_payment { cycle, index }.into(),
					)
				} else {
					Step::signed(
						payee,
						pallet_clearing::Call::dispute_non_receipt { cycle, index }.into(),
					)
				}
			},
			InstructionStatus::NonReceiptDisputed(_) => Some(Step {
				who: 0,
				call: pallet_clearing::Call::decide_non_receipt {
					cycle,
					index,
					paid: self.rng.chance(50),
				}
				.into(),
				sudo: true,
			}),
			_ => None,
		}
	}
}

impl Cx<'_> {
	/// Runs the builder named `name`.
	fn build(&mut self, name: &str) -> Option<Step> {
		match name {
			"accept_spectrum_offer" => self.accept_spectrum_offer(),
			"add_attestation_key" => self.add_attestation_key(),
			"commission_site" => self.commission_site(),
			"site_step" => self.site_step(),
			"amendment" => self.amendment(),
			"commit_bid" => self.commit_bid(),
			"commit_scores" => self.commit_scores(),
			"create_spectrum_offer" => self.create_spectrum_offer(),
			"join_project" => self.join_project(),
			"offer_capacity" => self.offer_capacity(),
			"place_spectrum_bid" => self.place_spectrum_bid(),
			"propose_agreement" => self.propose_agreement(),
			"publish_tender" => self.publish_tender(),
			"register_device" => self.register_device(),
			"register_licence" => self.register_licence(),
			"register_manufacturer" => self.register_manufacturer(),
			"report_energy" => self.report_energy(),
			"report_sla" => self.report_sla(),
			"reprovision_key" => self.reprovision_key(),
			"reveal_bid" => self.reveal_bid(),
			"rotate_key" => self.rotate_key(),
			"score_bids" => self.score_bids(),
			"submit_usage" => self.submit_usage(),
			"submit_bill" => self.submit_bill(),
			"answer_bill" => self.answer_bill(),
			"cut_off" => self.cut_off(),
			"pay_instruction" => self.pay_instruction(),
			"regulator_decision" => self.regulator_decision(),
			"factory_batch" => self.factory_batch(),
			"consent" => self.consent(),
			"reclaim_inspection" => self.reclaim_inspection(),
			"radio" => self.radio(),
			"traffic" => self.traffic(),
			"roaming_answer" => self.roaming_answer(),
			"clearing_release" => self.clearing_release(),
			"clearing_batch" => self.clearing_batch(),
			"on_chain_setup" => self.on_chain_setup(),
			"sealed" => self.sealed(),
			"report_device" => self.report_device(),
			"incumbent" => self.incumbent(),
			"lease" => self.lease(),
			"report_usage" => self.report_usage(),
			"discount" => self.discount(),
			"sealed_discount" => self.sealed_discount(),
			_ => None,
		}
	}
}
