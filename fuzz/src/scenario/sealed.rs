//! Builders of the roaming pallet's confidential agreements (calls 18–23) and discount
//! agreements (calls 24–27).
//!
//! Confidential terms: the fuzzer holds every operator's X25519 secret it registered
//! (`World::encryption`) and everything it committed to (`World::committed`: the encoded terms
//! and the salt, by commitment). Envelopes are real (`telecom-terms-seal`, padded version 2,
//! bound to the fuzzer's genesis and the agreement id); an acceptance opens the accepting
//! party's envelope with its secret and states the digest of what it opened
//! (`sealed_acceptance_digest` of the agreement, the version, the public header and the
//! commitment). A reveal names disputed batches whose pinned commitment the fuzzer knows. The
//! helpers `commit`, `envelope` and `opened` serve any later sealed call (sealed discounts) the
//! same way.
//!
//! Discounts: a party of an active transparent agreement proposes a discount agreement (IOT =
//! the tariff in force) for months with no usage yet; the other party accepts (or either
//! cancels); once its months are over, a party closes them and trues the discount up.

use super::{
	sealed_discount::{next_note, open_month},
	Cx, Step,
};
use crate::world::{random_bytes, random_hash, Committed};
use codec::{Decode, Encode};
use frame_support::BoundedVec;
use pallet_roaming_settlement::{
	discount::{DiscountAgreement, PeriodMonth},
	AgreementStatus, AgreementTerms, BatchStatus, DiscountStatus, DiscountTerms, SealedEnvelope,
	SealedTerms, Side,
};
use sp_core::H256;
use telecom_primitives::{
	commitment::{sealed_acceptance_digest, terms_commitment},
	SettlementPeriod,
};
use telecom_roaming_rating::{
	DirectionTerms, DiscountModel, ServiceDiscount, ServiceModel, VolumeTier,
};
use telecom_runtime::{AccountId, Runtime, RuntimeCall};
use telecom_terms_seal::{PublicKey, SealContext, SecretKey};

type Roaming = pallet_roaming_settlement::Pallet<Runtime>;

/// The operators (the first four dev accounts) own the TADIG codes and sign agreements.
const OPERATORS: usize = 4;

impl Cx<'_> {
	/// Remembers `encoded` committed with a fresh salt; returns the commitment and the salt.
	pub(super) fn commit(&mut self, encoded: Vec<u8>) -> (H256, [u8; 32]) {
		let salt = random_bytes(self.rng);
		let commitment = terms_commitment(&encoded, &salt);
		self.world.committed.insert(commitment, Committed { encoded, salt });
		(commitment, salt)
	}

	/// The envelope of committed `commitment` for `recipient`, sealed to its current key for
	/// agreement `agreement` (padded, version 2); `None` if the recipient has no key or the
	/// fuzzer does not know what was committed.
	pub(super) fn envelope(
		&mut self,
		recipient: &AccountId,
		agreement: u32,
		commitment: H256,
	) -> Option<SealedEnvelope> {
		let key = pallet_roaming_settlement::EncryptionKeys::<Runtime>::get(recipient)?;
		let committed = self.world.committed.get(&commitment)?.clone();
		let context = SealContext { genesis: genesis(), agreement };
		let bytes = telecom_terms_seal::seal(
			&mut telecom_terms_seal::OsRng,
			&context,
			&PublicKey::from_bytes(key.key),
			&committed.encoded,
			&committed.salt,
		)
		.ok()?;
		Some(SealedEnvelope { epoch: key.epoch, bytes: BoundedVec::try_from(bytes).ok()? })
	}

	/// What `recipient` opens from `envelope` (bound to `commitment`) with the secret of its
	/// current key, if the fuzzer holds it: the encoded value and the salt.
	pub(super) fn opened(
		&self,
		recipient: &AccountId,
		agreement: u32,
		commitment: H256,
		envelope: &SealedEnvelope,
	) -> Option<Committed> {
		let key = pallet_roaming_settlement::EncryptionKeys::<Runtime>::get(recipient)?;
		let secret = SecretKey::from_bytes(*self.world.encryption.get(&key.key)?);
		let context = SealContext { genesis: genesis(), agreement };
		let opened =
			telecom_terms_seal::open(&secret, &context, &commitment, &envelope.bytes).ok()?;
		Some(Committed { encoded: opened.encoded().to_vec(), salt: *opened.salt() })
	}

	/// An operator registers a fresh X25519 key (a rotation if it had one); sometimes a key of
	/// small order or its current key again (refused).
	fn register_encryption_key(&mut self, who: usize) -> Option<Step> {
		let key = if self.rng.chance(4) {
			telecom_primitives::x25519::SMALL_ORDER_U[self.rng.below(5)]
		} else if self.rng.chance(3) {
			pallet_roaming_settlement::EncryptionKeys::<Runtime>::get(&self.accounts[who])
				.map_or([0; 32], |current| current.key)
		} else {
			let secret = random_bytes(self.rng);
			let public = SecretKey::from_bytes(secret).public_key().to_bytes();
			self.world.encryption.insert(public, secret);
			public
		};
		let call = pallet_roaming_settlement::Call::register_encryption_key { key };
		Step::signed(who, call.into())
	}

	/// Terms for a new agreement of the fuzzer's: a transparent agreement's terms (the
	/// genesis one's at least), a new document, valid from a recent period for up to a year,
	/// sometimes per-event prices.
	fn fresh_terms(&mut self) -> Option<AgreementTerms> {
		let templates: Vec<AgreementTerms> =
			pallet_roaming_settlement::Agreements::<Runtime>::iter()
				.filter(|(_, a)| a.sealed.is_none())
				.map(|(_, a)| a.terms)
				.collect();
		let mut terms = self.pick(&templates)?;
		let from = self.recent_period()?;
		terms.valid_from = from;
		terms.valid_to = from.add_months(1 + self.rng.below(12) as u32)?;
		terms.document = random_hash(self.rng);
		for network in [&mut terms.network_a, &mut terms.network_b] {
			if self.rng.chance(50) {
				let services = pallet_roaming_settlement::Service::ALL;
				let service = services[self.rng.below(services.len())];
				let rate = network.tariff.rate_mut(service);
				rate.price = rate.price.saturating_add(self.rng.below(3_000) as u64);
				rate.setup_fee = self.rng.below(5_000) as u64;
			}
		}
		Some(terms)
	}

	/// A step of a confidential agreement: a key registered or rotated, a proposal sealed to
	/// both parties, its acceptance (or an amendment's) with the digest of what the accepting
	/// party opened, an amendment, an envelope resealed after a rotation, a reveal of the terms
	/// of disputed batches.
	pub(super) fn sealed(&mut self) -> Option<Step> {
		let keys: Vec<Option<pallet_roaming_settlement::EncryptionKey<u32>>> = (0..OPERATORS)
			.map(|i| pallet_roaming_settlement::EncryptionKeys::<Runtime>::get(&self.accounts[i]))
			.collect();
		let mut moves: Vec<Option<Step>> = Vec::new();
		let agreements: Vec<_> = pallet_roaming_settlement::Agreements::<Runtime>::iter()
			.filter(|(_, a)| a.sealed.is_some())
			.collect();
		for (id, agreement) in &agreements {
			let (id, agreement) = (*id, agreement.clone());
			let Some(sealed) = agreement.sealed.clone() else { continue };
			match agreement.status {
				AgreementStatus::Proposed => moves.push(self.accept_sealed(id, &agreement)),
				AgreementStatus::Active => {
					if agreement.amendment.as_ref().is_some_and(|p| p.sealed.is_some()) {
						moves.push(self.accept_sealed(id, &agreement));
					} else if self.rng.chance(40) {
						moves.push(self.propose_sealed_amendment(id, &agreement));
					}
				},
				_ => {},
			}
			// An envelope sealed to a key its party has since rotated: resealed (by either
			// party); sometimes a party reseals its own current one.
			for side in [Side::A, Side::B] {
				let party = agreement.party(side).clone();
				let current = pallet_roaming_settlement::EncryptionKeys::<Runtime>::get(&party);
				let stale = current.is_some_and(|k| k.epoch != sealed.envelope(side).epoch);
				if stale || self.rng.chance(5) {
					let by = if self.rng.chance(50) { side } else { side.other() };
					let Some(who) = self.index_of(agreement.party(by)) else { continue };
					if let Some(envelope) = self.envelope(&party, id, sealed.commitment) {
						let call = pallet_roaming_settlement::Call::reseal {
							agreement: id,
							side,
							envelope,
						};
						moves.push(Step::signed(self.mostly(who), call.into()));
					}
				}
			}
			moves.push(self.reveal_terms(id, &agreement));
		}
		// A pair of operators with no live agreement gets a confidential proposal (keys first).
		if let Some(step) = self.propose_sealed(&keys) {
			moves.push(Some(step));
		}
		// Now and then a rotation, or a reservation (replacing one held).
		if self.rng.chance(15) {
			let who = self.rng.below(OPERATORS);
			moves.push(self.register_encryption_key(who));
		}
		if self.rng.chance(5) {
			let who = self.rng.below(OPERATORS);
			moves.push(self.reserve_agreement_id(who));
		}
		let moves: Vec<Step> = moves.into_iter().flatten().collect();
		self.take(moves)
	}

	/// An operator with a key proposes confidential terms to another with one (an operator
	/// without a key registers one first).
	fn propose_sealed(
		&mut self,
		keys: &[Option<pallet_roaming_settlement::EncryptionKey<u32>>],
	) -> Option<Step> {
		let owners: Vec<_> = pallet_roaming_settlement::TadigOwner::<Runtime>::iter().collect();
		let now = SettlementPeriod::current::<telecom_runtime::Timestamp>()?;
		let mut pairs = Vec::new();
		for (own, a) in &owners {
			for (counterparty, b) in &owners {
				if a == b {
					continue;
				}
				let pair =
					if own < counterparty { (*own, *counterparty) } else { (*counterparty, *own) };
				let free = pallet_roaming_settlement::PairAgreement::<Runtime>::get(pair)
					.and_then(pallet_roaming_settlement::Agreements::<Runtime>::get)
					.is_none_or(|existing| {
						existing.status != AgreementStatus::Proposed
							&& existing.terms.valid_to < now
					});
				let (Some(ia), Some(ib)) = (self.index_of(a), self.index_of(b)) else { continue };
				if free {
					pairs.push((*own, *counterparty, ia, ib));
				}
			}
		}
		let (own, counterparty, a, b) = self.pick(&pairs)?;
		for who in [a, b] {
			if keys.get(who).is_none_or(|k| k.is_none()) {
				return self.register_encryption_key(who);
			}
		}
		let mut terms = self.fresh_terms()?;
		let existing =
			pallet_roaming_settlement::PairAgreement::<Runtime>::get(if own < counterparty {
				(own, counterparty)
			} else {
				(counterparty, own)
			})
			.and_then(pallet_roaming_settlement::Agreements::<Runtime>::get);
		if let Some(previous) = existing {
			// It follows the pair's ended agreement.
			terms.valid_from = previous.terms.valid_to.add_months(1)?.max(terms.valid_from);
			terms.valid_to = terms.valid_from.add_months(1 + self.rng.below(6) as u32)?;
		}
		// The proposer seals for the id it reserved (`reserve_agreement_id`, which no other
		// proposal can take): it reserves one first, or now and then seals for the next id.
		let reserved =
			pallet_roaming_settlement::AgreementIdReservations::<Runtime>::get(&self.accounts[a]);
		let id = match reserved {
			Some(id) if !self.rng.chance(10) => id,
			_ if self.rng.chance(70) => return self.reserve_agreement_id(a),
			_ => pallet_roaming_settlement::NextAgreementId::<Runtime>::get(),
		};
		let (commitment, _) = self.commit(terms.encode());
		let (party_a, party_b) = (self.accounts[a].clone(), self.accounts[b].clone());
		let envelope_a = self.envelope(&party_a, id, commitment)?;
		let envelope_b = self.envelope(&party_b, id, commitment)?;
		let expected_id = if self.rng.chance(5) { id.wrapping_add(1) } else { id };
		let call = pallet_roaming_settlement::Call::propose_sealed {
			own,
			counterparty,
			header: terms.header(),
			sealed: SealedTerms { commitment, envelope_a, envelope_b },
			expected_id,
		};
		Step::signed(self.mostly(a), call.into())
	}

	/// An operator reserves the next agreement id for its next confidential proposal.
	fn reserve_agreement_id(&mut self, who: usize) -> Option<Step> {
		let call = pallet_roaming_settlement::Call::reserve_agreement_id {};
		Step::signed(self.mostly(who), call.into())
	}

	/// The party that did not propose the pending item opens its envelope and accepts it with
	/// the digest of what it opened (sometimes the bare commitment: refused).
	fn accept_sealed(
		&mut self,
		id: u32,
		agreement: &pallet_roaming_settlement::AgreementOf<Runtime>,
	) -> Option<Step> {
		let (side, version, sealed) = if agreement.status == AgreementStatus::Proposed {
			(Side::B, 1, agreement.sealed.clone()?)
		} else {
			let pending = agreement.amendment.as_ref()?;
			(pending.by.other(), agreement.version.checked_add(1)?, pending.sealed.clone()?)
		};
		let party = agreement.party(side).clone();
		let who = self.index_of(&party)?;
		let opened = self
			.opened(&party, id, sealed.commitment, sealed.envelope(side))
			.or_else(|| self.world.committed.get(&sealed.commitment).cloned())?;
		let terms = AgreementTerms::decode(&mut &opened.encoded[..]).ok()?;
		let commitment = terms_commitment(&opened.encoded, &opened.salt);
		let digest = if self.rng.chance(5) {
			commitment
		} else {
			sealed_acceptance_digest(id, version, &terms.header().encode(), &commitment)
		};
		let call =
			pallet_roaming_settlement::Call::accept_sealed { agreement: id, commitment: digest };
		Step::signed(self.mostly(who), call.into())
	}

	/// A party of an active confidential agreement proposes amended terms (a new document,
	/// sometimes another price or a longer validity), sealed to both parties' current keys.
	fn propose_sealed_amendment(
		&mut self,
		id: u32,
		agreement: &pallet_roaming_settlement::AgreementOf<Runtime>,
	) -> Option<Step> {
		let sealed = agreement.sealed.as_ref()?;
		let current = self.world.committed.get(&sealed.commitment)?.clone();
		let mut terms = AgreementTerms::decode(&mut &current.encoded[..]).ok()?;
		terms.document = random_hash(self.rng);
		if self.rng.chance(50) {
			terms.valid_to = terms.valid_to.add_months(1 + self.rng.below(3) as u32)?;
		}
		if self.rng.chance(50) {
			let rate =
				terms.network_b.tariff.rate_mut(pallet_roaming_settlement::Service::MocLocal);
			rate.price = rate.price.saturating_add(1 + self.rng.below(500) as u64);
		}
		let by = if self.rng.chance(50) { Side::A } else { Side::B };
		let who = self.index_of(agreement.party(by))?;
		let (commitment, _) = self.commit(terms.encode());
		let envelope_a = self.envelope(&agreement.party_a.clone(), id, commitment)?;
		let envelope_b = self.envelope(&agreement.party_b.clone(), id, commitment)?;
		let call = pallet_roaming_settlement::Call::propose_sealed_amendment {
			agreement: id,
			header: terms.header(),
			sealed: SealedTerms { commitment, envelope_a, envelope_b },
		};
		Step::signed(self.mostly(who), call.into())
	}

	/// A party reveals the terms pinned for disputed batches of a confidential agreement (the
	/// batches booked under one commitment; sometimes a wrong salt).
	fn reveal_terms(
		&mut self,
		id: u32,
		agreement: &pallet_roaming_settlement::AgreementOf<Runtime>,
	) -> Option<Step> {
		let mut by_commitment: Vec<(H256, Vec<(Side, u32)>)> = Vec::new();
		let batches = [Side::A, Side::B].into_iter().flat_map(|network| {
			pallet_roaming_settlement::Batches::<Runtime>::iter_prefix((id, network))
				.map(move |(sequence, batch)| (network, sequence, batch))
		});
		for (network, sequence, batch) in batches {
			if !matches!(batch.status, BatchStatus::Disputed { .. }) {
				continue;
			}
			let Some(commitment) = Roaming::terms_for(id, agreement, batch.usage_period).commitment
			else {
				continue;
			};
			if !self.world.committed.contains_key(&commitment) {
				continue;
			}
			match by_commitment.iter_mut().find(|(c, _)| *c == commitment) {
				Some((_, list)) => list.push((network, sequence)),
				None => by_commitment.push((commitment, vec![(network, sequence)])),
			}
		}
		let (commitment, mut batches) = self.take(by_commitment)?;
		batches.truncate(pallet_roaming_settlement::MAX_REVEAL_BATCHES as usize);
		let committed = self.world.committed.get(&commitment)?.clone();
		let terms = AgreementTerms::decode(&mut &committed.encoded[..]).ok()?;
		let salt = if self.rng.chance(5) { random_bytes(self.rng) } else { committed.salt };
		let by = if self.rng.chance(50) { Side::A } else { Side::B };
		let who = self.index_of(agreement.party(by))?;
		let call = pallet_roaming_settlement::Call::reveal_terms {
			agreement: id,
			terms,
			salt,
			batches: BoundedVec::truncate_from(batches),
		};
		Step::signed(self.mostly(who), call.into())
	}

	/// The real tariff of `side`'s network that a confidential agreement pinned for `period`,
	/// from what the fuzzer committed.
	pub(super) fn sealed_tariff(
		&self,
		id: u32,
		agreement: &pallet_roaming_settlement::AgreementOf<Runtime>,
		period: SettlementPeriod,
		side: Side,
	) -> Option<pallet_roaming_settlement::Tariff> {
		let commitment = Roaming::terms_for(id, agreement, period).commitment?;
		let committed = self.world.committed.get(&commitment)?;
		let terms = AgreementTerms::decode(&mut &committed.encoded[..]).ok()?;
		Some(match side {
			Side::A => terms.network_a.tariff,
			Side::B => terms.network_b.tariff,
		})
	}

	/// A step of a discount agreement: a proposal for months with no usage yet, its acceptance
	/// or cancellation, the close of a covered month that is over, the true-up.
	pub(super) fn discount(&mut self) -> Option<Step> {
		let now = SettlementPeriod::current::<telecom_runtime::Timestamp>()?;
		let mut moves: Vec<(usize, RuntimeCall)> = Vec::new();
		for (id, start, record) in pallet_roaming_settlement::DiscountAgreements::<Runtime>::iter()
		{
			// Sealed discounts are `sealed_discount`'s.
			if matches!(record.terms, DiscountTerms::Sealed(_)) {
				continue;
			}
			let Some(agreement) = pallet_roaming_settlement::Agreements::<Runtime>::get(id) else {
				continue;
			};
			let proposer = agreement.party(record.proposer).clone();
			let other = agreement.party(record.proposer.other()).clone();
			match record.status {
				DiscountStatus::Proposed => {
					let (who, call) = if self.rng.chance(80) {
						(
							other,
							pallet_roaming_settlement::Call::accept_discount {
								agreement: id,
								start,
							},
						)
					} else {
						let who = if self.rng.chance(50) { proposer } else { other };
						(
							who,
							pallet_roaming_settlement::Call::cancel_discount {
								agreement: id,
								start,
							},
						)
					};
					if let Some(who) = self.index_of(&who) {
						moves.push((who, call.into()));
					}
				},
				DiscountStatus::Active => {
					// The next note: an interim one on the schedule, or the final one.
					let header = record.terms.header();
					let covered = next_note(header.months, header.true_up_every, record.trued_up);
					let party = if self.rng.chance(50) { &proposer } else { &other };
					let Some(who) = self.index_of(party) else { continue };
					let open = open_month(id, &agreement, start, covered);
					match open {
						Some(month) if month < now => {
							let call = pallet_roaming_settlement::Call::close_period {
								agreement: id,
								period: month,
							};
							moves.push((who, call.into()));
						},
						// A covered month not over yet: nothing to do but wait (sometimes the
						// early true-up, refused).
						Some(_) if !self.rng.chance(5) => {},
						_ => {
							let call = pallet_roaming_settlement::Call::true_up_discount {
								agreement: id,
								start,
								months: covered,
							};
							moves.push((who, call.into()));
						},
					}
				},
				DiscountStatus::Settled | DiscountStatus::Voided => {},
			}
		}
		if moves.is_empty() || self.rng.chance(30) {
			if let Some(step) = self.propose_discount(now) {
				return Some(step);
			}
		}
		let (who, call) = self.take(moves)?;
		Step::signed(self.mostly(who), call)
	}

	/// A party of an active transparent agreement proposes a discount agreement of one to three
	/// months from the first month (from this one, or from three to eight months back) with no
	/// usage, statement or discount yet, at the agreement's tariffs in force; sometimes with a volume-tier discount
	/// on local calls.
	fn propose_discount(&mut self, now: SettlementPeriod) -> Option<Step> {
		let agreements: Vec<_> = pallet_roaming_settlement::Agreements::<Runtime>::iter()
			.filter(|(_, a)| a.status == AgreementStatus::Active && a.sealed.is_none())
			.collect();
		let (id, agreement) = self.take(agreements)?;
		let months = 1 + self.rng.below(3) as u8;
		let free = |month: SettlementPeriod| {
			agreement.terms.valid_from <= month
				&& month <= agreement.terms.valid_to
				&& !pallet_roaming_settlement::DiscountMonths::<Runtime>::contains_key(id, month)
				&& pallet_roaming_settlement::Totals::<Runtime>::get((id, month, Side::A)).batches
					== 0 && pallet_roaming_settlement::Totals::<Runtime>::get((id, month, Side::B)).batches
				== 0 && !pallet_roaming_settlement::Statements::<Runtime>::contains_key(id, month)
		};
		// Usually this month or the next two; half the time an earlier month no usage file
		// reached (usage files are for this month or the two before), whose close and
		// true-up need no waiting.
		let back = if self.rng.chance(50) { 3 + self.rng.below(6) as u32 } else { 0 };
		let first = months_back(now, back)?;
		let start = (0..3u32)
			.filter_map(|i| first.add_months(i))
			.find(|start| (0..u32::from(months)).all(|i| start.add_months(i).is_some_and(&free)));
		let start = match start {
			Some(start) => start,
			None if self.rng.chance(10) => now,
			None => return None,
		};
		let network_a = direction_terms(agreement.terms.network_a.tariff, self.rng);
		let network_b = direction_terms(agreement.terms.network_b.tariff, self.rng);
		let terms = DiscountAgreement {
			start: PeriodMonth { year: start.year, month: start.month },
			months,
			true_up_every: if months > 1 && self.rng.chance(50) { 1 } else { 0 },
			network_a,
			network_b,
		};
		let by = if self.rng.chance(50) { Side::A } else { Side::B };
		let who = self.index_of(agreement.party(by))?;
		let call = pallet_roaming_settlement::Call::propose_discount { agreement: id, terms };
		Step::signed(self.mostly(who), call.into())
	}
}

/// The month before `period`.
pub(super) fn previous(period: SettlementPeriod) -> Option<SettlementPeriod> {
	if period.month == 1 {
		SettlementPeriod::new(period.year.checked_sub(1)?, 12)
	} else {
		SettlementPeriod::new(period.year, period.month - 1)
	}
}

/// `back` months before `period`.
pub(super) fn months_back(period: SettlementPeriod, back: u32) -> Option<SettlementPeriod> {
	(0..back).try_fold(period, |period, _| previous(period))
}

/// One direction of discount terms at IOT `tariff`: half the time an all-units volume-tier
/// discount on local calls (4/5 of the IOT price, 3/5 from 1,000 minutes), else the IOT only.
pub(super) fn direction_terms(
	tariff: pallet_roaming_settlement::Tariff,
	rng: &mut crate::generate::Rng,
) -> DirectionTerms {
	let price = tariff.moc_local.price;
	let discounts = if rng.chance(50) {
		BoundedVec::truncate_from(vec![ServiceDiscount {
			services: BoundedVec::truncate_from(vec![pallet_roaming_settlement::Service::MocLocal]),
			model: ServiceModel::VolumeTiers {
				style: DiscountModel::AllUnits,
				tiers: BoundedVec::truncate_from(vec![
					VolumeTier { from: 0, price: price.saturating_mul(4) / 5 },
					VolumeTier { from: 1_000, price: price.saturating_mul(3) / 5 },
				]),
			},
		}])
	} else {
		BoundedVec::default()
	};
	DirectionTerms { iot: tariff, discounts, commitments: BoundedVec::default() }
}

/// The genesis hash envelopes are bound to (the fuzzer's chain).
pub(super) fn genesis() -> [u8; 32] {
	frame_system::Pallet::<Runtime>::block_hash(0).0
}
