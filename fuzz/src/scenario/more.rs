//! Builders of the calls the first builders did not reach: the block list's regulator
//! decisions, factory batches (a Merkle tree the fuzzer builds), SIM consent receipts (a
//! subscriber key it holds), inspection deposits past their retention, radios named on spectrum
//! grants and their signed heartbeats, a site's signed traffic counters and their answers,
//! roaming statements' sign-off and the home side's posting, and clearing's mandate releases,
//! batch records and on-chain settlement.

use super::{now, Cx, Step};
use crate::world::random_hash;
use frame_support::{traits::Get, BoundedVec};
use pallet_device_identity::{DeviceEvent, DeviceStatus};
use telecom_primitives::{
	merkle::{leaf_hash, merkle_proof, merkle_root},
	DeviceId, SettlementPeriod,
};
use telecom_runtime::{AccountId, Runtime, RuntimeCall};

type Devices = pallet_device_identity::Pallet<Runtime>;

fn root(call: impl Into<RuntimeCall>) -> Option<Step> {
	Some(Step { who: 0, call: call.into(), sudo: true })
}

impl Cx<'_> {
	/// A dev account that is a device regulator, or (none being one) root's step appointing
	/// one.
	fn device_regulator(&mut self) -> Result<usize, Box<Step>> {
		let regulators: Vec<usize> = (0..self.accounts.len())
			.filter(|i| {
				pallet_device_identity::Regulators::<Runtime>::contains_key(&self.accounts[*i])
			})
			.collect();
		match self.pick(&regulators) {
			Some(who) => Ok(who),
			None => {
				let regulator = self.accounts[4 + self.rng.below(2)].clone();
				let call = pallet_device_identity::Call::set_regulator { regulator, enabled: true };
				Err(Box::new(Step { who: 0, call: call.into(), sudo: true }))
			},
		}
	}

	/// A regulator rejects an operator's report as false, or clears a device's listing.
	pub(super) fn regulator_decision(&mut self) -> Option<Step> {
		let reports: Vec<(DeviceId, AccountId)> =
			pallet_device_identity::BlockReports::<Runtime>::iter()
				.map(|(device, reporter, _)| (device, reporter))
				.collect();
		let Some((device, reporter)) = self.pick(&reports) else {
			return self.report_device();
		};
		let regulator = match self.device_regulator() {
			Ok(who) => who,
			Err(appoint) => return Some(*appoint),
		};
		let call = if self.rng.chance(50) {
			pallet_device_identity::Call::reject_report { device, reporter }
		} else {
			pallet_device_identity::Call::clear_listing { device }
		};
		Step::signed(self.mostly(regulator), call.into())
	}

	/// A manufacturer with an identifier key registers a small factory batch by the Merkle
	/// root of leaves whose keys the fuzzer made; or a device of one of them enrolls with its
	/// proof and proof of possession.
	pub(super) fn factory_batch(&mut self) -> Option<Step> {
		let open: Vec<(u32, usize)> = pallet_device_identity::FactoryBatches::<Runtime>::iter()
			.filter_map(|(id, batch)| {
				let i = self.world.factory.iter().position(|(root, _)| *root == batch.root)?;
				Some((id, i))
			})
			.collect();
		if !open.is_empty() && self.rng.chance(75) {
			let (batch, i) = self.pick(&open)?;
			let leaves = self.world.factory[i].1.clone();
			let hashes: Vec<_> = leaves.iter().map(|(d, k)| leaf_hash(d, k)).collect();
			let index = self.rng.below(leaves.len());
			let (device, key) = leaves[index];
			let secret = self.world.keyring.get(&key)?.clone();
			let possession =
				secret.sign_maybe_bad(&Devices::possession_payload(&device, 0), self.rng, 8);
			let mut proof = merkle_proof(&hashes, index)?;
			if self.rng.chance(5) {
				proof.reverse();
			}
			let call = pallet_device_identity::Call::enroll_from_batch {
				batch,
				index: index as u32,
				device,
				key,
				possession,
				proof: BoundedVec::truncate_from(proof),
			};
			return Step::signed(self.rng.below(self.accounts.len()), call.into());
		}
		let makers: Vec<(usize, u32)> = self
			.attesting_makers()
			.into_iter()
			.filter(|(who, _)| {
				pallet_device_identity::Manufacturers::<Runtime>::get(&self.accounts[*who])
					.is_some_and(|m| m.identifier_key.is_some())
			})
			.collect();
		let (who, attestation_key) = self.pick(&makers)?;
		let size = 1 + self.rng.below(6);
		let mut leaves = Vec::new();
		for _ in 0..size {
			let device: DeviceId = random_hash(self.rng);
			let (key, _) = self.world.new_key(self.rng);
			leaves.push((device, key));
		}
		let hashes: Vec<_> = leaves.iter().map(|(d, k)| leaf_hash(d, k)).collect();
		let root = merkle_root(&hashes);
		self.world.factory.push((root, leaves));
		let call = pallet_device_identity::Call::register_factory_batch {
			root,
			devices: size as u32,
			attestation_key,
			model: super::label(b"AAU 8T8R n78"),
			batch: super::label(b"F1"),
			firmware: super::label(b"2.0"),
		};
		Step::signed(who, call.into())
	}

	/// Dev-account manufacturers and their unrevoked attestation keys.
	fn attesting_makers(&self) -> Vec<(usize, u32)> {
		let mut makers = Vec::new();
		for (maker, _) in pallet_device_identity::Manufacturers::<Runtime>::iter() {
			let Some(who) = self.index_of(&maker) else { continue };
			for (index, key) in
				pallet_device_identity::AttestationKeys::<Runtime>::iter_prefix(&maker)
			{
				if key.revoked_at.is_none() {
					makers.push((who, index));
				}
			}
		}
		makers
	}

	/// A subscriber's key signs consent terms that anyone records; later it revokes them;
	/// after the grace period anyone purges the receipt.
	pub(super) fn consent(&mut self) -> Option<Step> {
		use pallet_device_identity::{ConsentRecipient, ConsentTerms};
		let now = now();
		let mut moves: Vec<(usize, RuntimeCall)> = Vec::new();
		for (consent, key) in self.world.consents.clone() {
			let Some(receipt) = pallet_device_identity::Consents::<Runtime>::get(consent) else {
				continue;
			};
			let anyone = self.rng.below(self.accounts.len());
			if now >= Devices::consent_purgeable_from(&receipt) {
				moves
					.push((anyone, pallet_device_identity::Call::purge_consent { consent }.into()));
			} else if receipt.revoked_at.is_none() {
				let Some(secret) = self.world.keyring.get(&key) else { continue };
				let signature = secret.sign_maybe_bad(
					&Devices::consent_revocation_payload(&consent),
					self.rng,
					8,
				);
				let call = pallet_device_identity::Call::revoke_consent { consent, signature };
				moves.push((anyone, call.into()));
			}
		}
		if !moves.is_empty() && self.rng.chance(60) {
			let (who, call) = self.take(moves)?;
			return Step::signed(who, call);
		}
		let (key, secret) = self.world.new_key(self.rng);
		let recipient = if self.rng.chance(50) {
			ConsentRecipient::Operator(self.accounts[self.rng.below(4)].clone())
		} else {
			ConsentRecipient::Partner(random_hash(self.rng))
		};
		// Mostly short consents, so that a long gap passes their expiry and grace.
		let span = if self.rng.chance(80) { 200 } else { 20_000 };
		let expires_at = now + 1 + self.rng.below(span) as u32;
		let terms = ConsentTerms {
			subscriber: pallet_device_identity::subscriber_key_id(&key),
			purpose: BoundedVec::truncate_from(b"MARKETING".to_vec()),
			data_category: BoundedVec::truncate_from(b"LOCATION".to_vec()),
			recipient,
			expires_at,
			nonce: self.rng.next(),
		};
		let signature = secret.sign_maybe_bad(&Devices::consent_payload(&terms), self.rng, 8);
		self.world.consents.push((Devices::consent_id(&terms), key));
		let who = self.rng.below(self.accounts.len());
		Step::signed(
			who,
			pallet_device_identity::Call::record_consent { key, terms, signature }.into(),
		)
	}

	/// An inspector reclaims an inspection deposit whose retention is over (or not yet).
	pub(super) fn reclaim_inspection(&mut self) -> Option<Step> {
		let now = now();
		let retention = <Runtime as pallet_device_identity::Config>::InspectionRetention::get();
		let mut due = Vec::new();
		for (device, entry, record) in pallet_device_identity::History::<Runtime>::iter() {
			if let DeviceEvent::Inspected { inspector, deposit, .. } = &record.event {
				let ripe = record.at.saturating_add(retention) <= now;
				if *deposit > 0 && (ripe || self.rng.clone().chance(5)) {
					if let Some(who) = self.index_of(inspector) {
						due.push((device, entry, who));
					}
				}
			}
		}
		let (device, entry, who) = self.pick(&due)?;
		let call = pallet_device_identity::Call::reclaim_inspection_deposit { device, entry };
		Step::signed(who, call.into())
	}

	/// The lessee of a live grant names an active radio in its custody (handing it one of
	/// its own devices first if it has none), or a named radio signs a heartbeat.
	pub(super) fn radio(&mut self) -> Option<Step> {
		let now = now();
		let grants: Vec<_> = pallet_spectrum_market::Grants::<Runtime>::iter()
			.filter(|(_, g)| g.state.is_live())
			.collect();
		let (grant, record) = self.take(grants)?;
		if let Some(radio) = pallet_spectrum_market::GrantRadios::<Runtime>::get(grant) {
			if self.rng.chance(75) {
				let secret = self.device_secret(&radio.device)?;
				let at = if self.rng.chance(85) {
					now
				} else {
					now.saturating_sub(self.rng.below(3) as u32)
				};
				let genesis = frame_system::Pallet::<Runtime>::block_hash(0);
				let payload = pallet_spectrum_market::radio_heartbeat_payload(
					&genesis,
					grant,
					&radio.device,
					&at,
				);
				let signature = secret.sign_maybe_bad(&payload, self.rng, 8);
				let who = self.rng.below(self.accounts.len());
				let call = pallet_spectrum_market::Call::radio_heartbeat { grant, at, signature };
				return Step::signed(who, call.into());
			}
		}
		let lessee = self.index_of(&record.lessee)?;
		let owned: Vec<DeviceId> = pallet_device_identity::Devices::<Runtime>::iter()
			.filter(|(id, d)| d.custodian == record.lessee && self.device_secret(id).is_some())
			.filter(|(_, d)| matches!(d.status, DeviceStatus::Active | DeviceStatus::Manufactured))
			.map(|(id, _)| id)
			.collect();
		let active: Vec<DeviceId> = owned
			.iter()
			.copied()
			.filter(|id| {
				pallet_device_identity::Devices::<Runtime>::get(id)
					.is_some_and(|d| d.status == DeviceStatus::Active)
			})
			.collect();
		if let Some(device) = self.pick(&active) {
			let licence = pallet_spectrum_market::Licences::<Runtime>::get(record.licence)?;
			let eirp = if self.rng.chance(90) {
				licence.max_eirp.saturating_sub(self.rng.below(20) as i16)
			} else {
				licence.max_eirp.saturating_add(1)
			};
			let tallest = if self.rng.chance(90) { 300 } else { 400 };
			let antenna_height = self.rng.below(tallest) as u16;
			let call =
				pallet_spectrum_market::Call::assign_radio { grant, device, eirp, antenna_height };
			return Step::signed(self.mostly(lessee), call.into());
		}
		if let Some(device) = self.pick(&owned) {
			// A manufactured device in the lessee's custody is put into service.
			return Step::signed(lessee, pallet_device_identity::Call::activate { device }.into());
		}
		// Another dev account hands the lessee a device it holds the key of.
		let others: Vec<(usize, DeviceId)> = pallet_device_identity::Devices::<Runtime>::iter()
			.filter(|(id, d)| {
				d.custodian != record.lessee
					&& self.device_secret(id).is_some()
					&& matches!(d.status, DeviceStatus::Active | DeviceStatus::Manufactured)
					&& !pallet_5g_sharing::SiteOfDevice::<Runtime>::contains_key(id)
			})
			.filter_map(|(id, d)| Some((self.index_of(&d.custodian)?, id)))
			.collect();
		let (from, device) = self.pick(&others)?;
		let call = pallet_device_identity::Call::transfer_custody {
			device,
			to: record.lessee.clone(),
			site: None,
		};
		Step::signed(from, call.into())
	}

	/// A site's station signs an ended period's traffic counters; an owner accepts or objects;
	/// the arbiter (root) decides an objection. Also the arbiter's decision on an objected
	/// change proposal.
	pub(super) fn traffic(&mut self) -> Option<Step> {
		use pallet_5g_sharing::DisputeState;
		let mut moves: Vec<(usize, RuntimeCall, bool)> = Vec::new();
		for (proposal, open) in pallet_5g_sharing::Proposals::<Runtime>::iter() {
			if matches!(open.dispute, DisputeState::Objected { .. }) {
				let overrule = self.rng.chance(50);
				let call = pallet_5g_sharing::Call::resolve_objection { proposal, overrule };
				moves.push((0, call.into(), true));
			}
		}
		for (site, period, report) in pallet_5g_sharing::TrafficCounters::<Runtime>::iter() {
			let Some(project) = pallet_5g_sharing::Projects::<Runtime>::get(site) else {
				continue;
			};
			if matches!(report.dispute, DisputeState::Objected { .. }) {
				let overrule = self.rng.chance(50);
				let call =
					pallet_5g_sharing::Call::resolve_traffic_objection { site, period, overrule };
				moves.push((0, call.into(), true));
			}
			for stake in project.stakes.iter() {
				if report.accepted.contains(&stake.who) {
					continue;
				}
				let Some(who) = self.index_of(&stake.who) else { continue };
				let call = if self.rng.chance(60) {
					pallet_5g_sharing::Call::accept_traffic { site, period }
				} else {
					pallet_5g_sharing::Call::object_to_traffic { site, period }
				};
				moves.push((who, call.into(), false));
			}
		}
		if moves.is_empty() || self.rng.chance(40) {
			if let Some(report) = self.report_traffic() {
				return Some(report);
			}
		}
		let (who, call, sudo) = self.take(moves)?;
		if sudo {
			return root(call);
		}
		Step::signed(self.mostly(who), call)
	}

	/// A site's station signs a past period's per-owner traffic counters.
	fn report_traffic(&mut self) -> Option<Step> {
		let sites: Vec<(u32, DeviceId)> = pallet_5g_sharing::Sites::<Runtime>::iter()
			.map(|(id, site)| (id, site.device))
			.collect();
		let (site, device) = self.pick(&sites)?;
		let project = pallet_5g_sharing::Projects::<Runtime>::get(site)?;
		let secret = self.device_secret(&device)?;
		let current = SettlementPeriod::current::<telecom_runtime::Timestamp>()?;
		let mut period = current;
		for _ in 0..1 + self.rng.below(3) {
			let (year, month) = if period.month == 1 {
				(period.year - 1, 12)
			} else {
				(period.year, period.month - 1)
			};
			period = SettlementPeriod::new(year, month)?;
		}
		let mut counters: Vec<(AccountId, u64)> = Vec::new();
		for stake in project.stakes.iter() {
			if self.rng.chance(90) {
				counters.push((stake.who.clone(), self.rng.below(1_000_000) as u64));
			}
		}
		let genesis = frame_system::Pallet::<Runtime>::block_hash(0);
		let payload = pallet_5g_sharing::traffic_payload(&genesis, site, period, &counters);
		let signature = secret.sign_maybe_bad(&payload, self.rng, 8);
		let who = self.rng.below(self.accounts.len());
		let call = pallet_5g_sharing::Call::report_traffic {
			site,
			period,
			counters: BoundedVec::truncate_from(counters),
			signature,
		};
		Step::signed(who, call.into())
	}

	/// A party signs a closed period's statement off, the home side posts its own totals of a
	/// pending file of the other side (usually equal to the file's, sometimes not), or anyone
	/// purges a batch of a closed period once its file's duplicate window has passed.
	pub(super) fn roaming_answer(&mut self) -> Option<Step> {
		use pallet_roaming_settlement::{BatchStatus, HomeTotals, Side};
		let now = now();
		let mut moves: Vec<(usize, RuntimeCall)> = Vec::new();
		for (agreement, period, statement) in
			pallet_roaming_settlement::Statements::<Runtime>::iter()
		{
			let Some(record) = pallet_roaming_settlement::Agreements::<Runtime>::get(agreement)
			else {
				continue;
			};
			for (signed, party) in
				[(statement.signed_by_a, &record.party_a), (statement.signed_by_b, &record.party_b)]
			{
				if let (false, Some(who)) = (signed, self.index_of(party)) {
					let call =
						pallet_roaming_settlement::Call::sign_off_statement { agreement, period };
					moves.push((who, call.into()));
				}
			}
		}
		for ((agreement, network, sequence), batch) in
			pallet_roaming_settlement::Batches::<Runtime>::iter()
		{
			if batch.status != BatchStatus::Pending
				|| now > batch.dispute_deadline
				|| pallet_roaming_settlement::DualPostings::<Runtime>::contains_key((
					agreement, network, sequence,
				)) {
				continue;
			}
			let Some(record) = pallet_roaming_settlement::Agreements::<Runtime>::get(agreement)
			else {
				continue;
			};
			let home = match network {
				Side::A => &record.party_b,
				Side::B => &record.party_a,
			};
			let Some(who) = self.index_of(home) else { continue };
			let mut usage = batch.usage;
			if self.rng.chance(20) {
				usage.sms_mo = usage.sms_mo.saturating_add(1 + self.rng.below(50) as u32);
			}
			let totals = HomeTotals {
				sequence,
				records: batch.records,
				usage,
				charged: batch.claimed,
				file: batch.file,
			};
			let call = pallet_roaming_settlement::Call::post_home_totals { agreement, totals };
			moves.push((who, call.into()));
		}
		// A batch of a closed period, past the file's duplicate window: anyone purges it (its
		// deposit back to the sender); sometimes one still in its window (refused).
		let now_secs = pallet_timestamp::Now::<Runtime>::get() / 1_000;
		for ((agreement, network, sequence), batch) in
			pallet_roaming_settlement::Batches::<Runtime>::iter()
		{
			if !pallet_roaming_settlement::Statements::<Runtime>::contains_key(
				agreement,
				batch.period,
			) || matches!(batch.status, BatchStatus::Disputed { .. })
			{
				continue;
			}
			let seen = pallet_roaming_settlement::FileHashes::<Runtime>::get(agreement, batch.file)
				.filter(|seen| seen.network == network && seen.sequence == sequence);
			let due = seen.is_none_or(|seen| {
				now_secs
					>= seen.seen_at.saturating_add(pallet_roaming_settlement::DUPLICATE_WINDOW_SECS)
			});
			if due || self.rng.chance(5) {
				let anyone = self.rng.below(self.accounts.len());
				let call =
					pallet_roaming_settlement::Call::purge_batch { agreement, network, sequence };
				moves.push((anyone, call.into()));
			}
		}
		let (who, call) = self.take(moves)?;
		Step::signed(self.mostly(who), call)
	}

	/// Clearing's slower paths: a mandate's bill released once its dispute window passed, a
	/// batch record removed after its retention, a payer settling its instructions on-chain.
	pub(super) fn clearing_release(&mut self) -> Option<Step> {
		let now = now();
		let mut moves: Vec<(usize, RuntimeCall)> = Vec::new();
		for (bill, record) in pallet_clearing::Bills::<Runtime>::iter() {
			let accepted = matches!(record.status, pallet_clearing::BillStatus::Accepted { .. });
			if accepted && (now > record.dispute_until || self.rng.clone().chance(10)) {
				let anyone = self.rng.below(self.accounts.len());
				moves.push((anyone, pallet_clearing::Call::release_bill { bill }.into()));
			}
		}
		let retention = <Runtime as pallet_clearing::Config>::DuplicateRetention::get();
		for (batch, info) in pallet_clearing::Batches::<Runtime>::iter() {
			if info.submitted_at.saturating_add(retention) < now || self.rng.clone().chance(5) {
				if let Some(who) = self.index_of(&info.submitter) {
					let call = pallet_clearing::Call::remove_batch_record { batch };
					moves.push((who, call.into()));
				}
			}
		}
		let (who, call) = self.take(moves)?;
		Step::signed(who, call)
	}

	/// The lead of a built project proposes commissioning it with a device an owner holds; if
	/// no owner holds a free device, a dev custodian hands the lead one.
	pub(super) fn commission_move(
		&mut self,
		project: u32,
		record: &pallet_5g_sharing::ProjectOf<Runtime>,
		lead: usize,
	) -> Option<(usize, RuntimeCall)> {
		let usable = |d: &pallet_device_identity::DeviceOf<Runtime>| {
			!matches!(d.status, DeviceStatus::Revoked | DeviceStatus::Decommissioned)
		};
		let owned: Vec<DeviceId> = pallet_device_identity::Devices::<Runtime>::iter()
			.filter(|(id, d)| {
				usable(d)
					&& record.stakes.iter().any(|s| s.who == d.custodian)
					&& !pallet_5g_sharing::SiteOfDevice::<Runtime>::contains_key(id)
			})
			.map(|(id, _)| id)
			.collect();
		if let Some(device) = self.pick(&owned) {
			let call = pallet_5g_sharing::Call::commission_site {
				project,
				device,
				capacity: 100 + self.rng.below(1_000) as u32,
				energy_price: 10 + self.rng.below(100) as u128,
			};
			return Some((lead, call.into()));
		}
		let others: Vec<(usize, DeviceId)> = pallet_device_identity::Devices::<Runtime>::iter()
			.filter(|(id, d)| {
				usable(d) && !pallet_5g_sharing::SiteOfDevice::<Runtime>::contains_key(id)
			})
			.filter_map(|(id, d)| Some((self.index_of(&d.custodian)?, id)))
			.collect();
		let (from, device) = self.pick(&others)?;
		let call = pallet_device_identity::Call::transfer_custody {
			device,
			to: record.lead.clone(),
			site: None,
		};
		Some((from, call.into()))
	}

	/// A participant submits a bulk batch of records it pays (they enter the open cycle at
	/// once), under fresh record numbers.
	pub(super) fn clearing_batch(&mut self) -> Option<Step> {
		let members: Vec<(usize, u32)> = (0..self.accounts.len())
			.filter_map(|i| {
				Some((i, pallet_clearing::Participants::<Runtime>::get(&self.accounts[i])?.index))
			})
			.collect();
		let (who, me) = self.pick(&members)?;
		let others: Vec<u32> = members.iter().map(|(_, ix)| *ix).filter(|ix| *ix != me).collect();
		let currencies: Vec<_> = pallet_clearing::Currencies::<Runtime>::iter_keys().collect();
		let currency = self.pick(&currencies)?;
		let mut reference = self.rng.next() >> 16;
		let mut records = Vec::new();
		let mut pairs = std::collections::BTreeSet::new();
		for _ in 0..1 + self.rng.below(4) {
			let payee = self.pick(&others)?;
			reference += 1 + self.rng.below(3) as u64;
			pairs.insert(payee);
			records.push(pallet_clearing::BillRecord {
				payer: me,
				payee,
				currency,
				amount: 1 + self.rng.below(100_000) as u128,
				reference,
			});
		}
		let call = pallet_clearing::Call::submit_batch {
			records: BoundedVec::truncate_from(records),
			pairs: pairs.len() as u32,
		};
		Step::signed(who, call.into())
	}

	/// Prepares on-chain settlement while no cycle is settling (methods are frozen then): a
	/// currency gets its settlement asset (root), a participant settles it on-chain, mostly
	/// both parties of a bill the next cycle will net, in its currency.
	pub(super) fn on_chain_setup(&mut self) -> Option<Step> {
		use pallet_clearing::{SettlementAssets, SettlementMethod, SettlementMethods};
		if pallet_clearing::SettlingCycle::<Runtime>::get().is_some() {
			return None;
		}
		let assets = telecom_runtime::genesis_config_presets::SETTLEMENT_ASSETS;
		let currencies: Vec<(telecom_primitives::CurrencyCode, u32)> =
			pallet_clearing::Currencies::<Runtime>::iter_keys()
				.filter_map(|c| Some((c, assets.iter().find(|a| a.symbol == c.as_bytes())?.id)))
				.collect();
		// Mostly a party of a bill that the next cycle will net, in the bill's currency (its
		// payer and payee must both settle on-chain for the instruction to); else anyone.
		let billed: Vec<(telecom_primitives::CurrencyCode, u32, [AccountId; 2])> =
			pallet_clearing::Bills::<Runtime>::iter_values()
				.filter_map(|bill| {
					let (_, asset) = currencies.iter().find(|(c, _)| *c == bill.currency)?;
					Some((bill.currency, *asset, [bill.payer, bill.payee]))
				})
				.filter(|(currency, _, parties)| {
					parties.iter().any(|who| {
						SettlementMethods::<Runtime>::get(who, currency)
							!= Some(SettlementMethod::OnChain)
					})
				})
				.collect();
		let ((currency, asset), parties) = match self.take(billed) {
			Some((currency, asset, parties)) if self.rng.chance(80) => {
				((currency, asset), Some(parties))
			},
			_ => (self.pick(&currencies)?, None),
		};
		if SettlementAssets::<Runtime>::get(currency).is_none() {
			return root(pallet_clearing::Call::set_settlement_asset {
				currency,
				asset: Some(asset),
			});
		}
		let off: Vec<usize> = (0..self.accounts.len())
			.filter(|i| {
				let who = &self.accounts[*i];
				parties.as_ref().is_none_or(|parties| parties.contains(who))
					&& pallet_clearing::Participants::<Runtime>::contains_key(who)
					&& SettlementMethods::<Runtime>::get(who, currency)
						!= Some(SettlementMethod::OnChain)
			})
			.collect();
		let who = self.pick(&off)?;
		let call = pallet_clearing::Call::set_settlement_method {
			currency,
			method: SettlementMethod::OnChain,
		};
		Step::signed(who, call.into())
	}
}
