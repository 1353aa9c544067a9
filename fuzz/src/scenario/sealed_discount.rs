//! Builders of the roaming pallet's confidential discount agreements (calls 28–31 and 33–35)
//! and of `reserve_agreement_id` (call 32, which `propose_sealed` uses).
//!
//! A party of an active confidential agreement whose terms the fuzzer committed to (so it
//! knows the IOT tariffs and their salt) proposes a discount agreement: its terms committed
//! with a fresh salt (`World::committed`) and sealed to both parties' current keys with the
//! discount key derivation (`telecom_terms_seal::seal_discount`, bound to the genesis, the
//! agreement and the first month). The other party opens its envelope and accepts with the
//! digest of what it opened. Once the months of a note are closed, each party posts the net
//! it computes off-chain from the opened terms and the chain's month figures (as
//! `telecom-cli roaming post-discount-note` does), or either party reveals the discount and
//! IOT terms with their salts. Now and then a posting is off (the postings then differ and
//! wait for a reveal) or a reveal carries a wrong salt (refused).
//!
//! Three other paths end a discount. In about one note in three the party that did not
//! propose never answers (`silent_side`): the other party's posting is booked by silence once
//! its window (at least `MinNoteWindow`, a week of blocks) has passed, which a long gap
//! brings (`book_uncontested_discount_note`). About one proposal in five is sealed against
//! another IOT tariff than the agreement's (a careless or dishonest proposer); the other
//! party accepts without checking it, the terms can then never be revealed, and either party
//! voids them by opening both commitments (`void_sealed_discount`). Now and then a party
//! seals its own envelope again to its current key, or the other party's after that one's
//! key rotated (`reseal_discount_envelope`).
//!
//! Each possible move is one entry of `moves` in [`Cx::sealed_discount`]: a new call on these
//! objects is one more arm there.

use super::{
	sealed::{direction_terms, genesis, months_back},
	Cx, Step,
};
use crate::world::{random_bytes, Committed};
use codec::{Decode, Encode};
use frame_support::BoundedVec;
use pallet_roaming_settlement::{
	discount::{DiscountAgreement, PeriodMonth},
	AgreementOf, AgreementStatus, AgreementTerms, DiscountHeader, DiscountStatus, DiscountTerms,
	SealedDiscount, SealedEnvelope, SealedTerms, Side,
};
use telecom_primitives::{
	commitment::{sealed_discount_acceptance_digest, terms_commitment},
	SettlementPeriod,
};
use telecom_roaming_rating::{MonthFigures, MonthUsage};
use telecom_runtime::{AccountId, Runtime, RuntimeCall};
use telecom_terms_seal::{DiscountSealContext, PublicKey, SecretKey};

/// The discount key derivation's context for agreement `id`'s discount starting in `start`.
fn context(id: u32, start: SettlementPeriod) -> DiscountSealContext {
	DiscountSealContext { genesis: genesis(), agreement: id, year: start.year, month: start.month }
}

impl Cx<'_> {
	/// A step of a confidential discount agreement: a proposal (sealed), its acceptance by the
	/// other party (or a cancellation), the close of a covered month that is over, a party's
	/// posting of the next note's net, a reveal of the terms.
	pub(super) fn sealed_discount(&mut self) -> Option<Step> {
		let now = SettlementPeriod::current::<telecom_runtime::Timestamp>()?;
		let mut moves: Vec<(usize, RuntimeCall)> = Vec::new();
		for (id, start, record) in pallet_roaming_settlement::DiscountAgreements::<Runtime>::iter()
		{
			let DiscountTerms::Sealed(sealed) = record.terms.clone() else { continue };
			let Some(agreement) = pallet_roaming_settlement::Agreements::<Runtime>::get(id) else {
				continue;
			};
			let proposer = agreement.party(record.proposer).clone();
			let other = agreement.party(record.proposer.other()).clone();
			let live = matches!(record.status, DiscountStatus::Proposed | DiscountStatus::Active);
			if live && self.rng.chance(8) {
				moves.extend(self.reseal_discount(id, start, &agreement, &sealed));
				continue;
			}
			match record.status {
				DiscountStatus::Proposed => {
					let step = if self.rng.chance(85) {
						self.accept_sealed_discount(id, start, &sealed, &other)
					} else {
						let who = if self.rng.chance(50) { &proposer } else { &other };
						self.index_of(who).map(|who| {
							let call = pallet_roaming_settlement::Call::cancel_discount {
								agreement: id,
								start,
							};
							(who, call.into())
						})
					};
					moves.extend(step);
				},
				DiscountStatus::Active => {
					// Terms that can never be revealed: either party voids them.
					if self.rng.chance(50) {
						if let Some(step) = self.void_discount(id, start, &agreement, &sealed) {
							moves.push(step);
							continue;
						}
					}
					let header = sealed.header;
					let covered = next_note(header.months, header.true_up_every, record.trued_up);
					let party = if self.rng.chance(50) { &proposer } else { &other };
					let Some(who) = self.index_of(party) else { continue };
					match open_month(id, &agreement, start, covered) {
						Some(month) if month < now => {
							let call = pallet_roaming_settlement::Call::close_period {
								agreement: id,
								period: month,
							};
							moves.push((who, call.into()));
						},
						// A covered month not over yet: wait.
						Some(_) => {},
						None => {
							let postings =
								pallet_roaming_settlement::DiscountNotePostings::<Runtime>::get((
									id, start, covered,
								))
								.unwrap_or_default();
							let block = frame_system::Pallet::<Runtime>::block_number();
							if postings.uncontested().is_some() && block > postings.answer_by {
								// The other party stayed silent: either party books the
								// figure (the poster, usually).
								let call = pallet_roaming_settlement::Call::book_uncontested_discount_note {
									agreement: id,
									start,
									months: covered,
								};
								moves.push((who, call.into()));
								continue;
							}
							let silent = silent_side(id, start, covered, record.proposer);
							let differ = postings.a.is_some() && postings.b.is_some();
							let step = if differ || (silent.is_none() && self.rng.chance(30)) {
								self.reveal_discount(id, start, covered, &agreement, &sealed)
							} else {
								self.post_discount_note(
									id, start, covered, &agreement, &sealed, postings, silent,
								)
							};
							moves.extend(step);
						},
					}
				},
				DiscountStatus::Settled | DiscountStatus::Voided => {},
			}
		}
		// A new proposal now and then; the discounts on chain move on first.
		if moves.is_empty() || self.rng.chance(10) {
			if let Some(step) = self.propose_sealed_discount(now) {
				return Some(step);
			}
		}
		let (who, call) = self.take(moves)?;
		Step::signed(self.mostly(who), call)
	}

	/// What the fuzzer knows of a sealed item: `party` opens `envelope` with the secret of its
	/// current key; failing that (a key rotated since), what the fuzzer committed.
	fn opened_discount(
		&self,
		party: &AccountId,
		id: u32,
		start: SettlementPeriod,
		sealed: &SealedDiscount,
		envelope: &SealedEnvelope,
	) -> Option<Committed> {
		let commitment = sealed.sealed.commitment;
		let opened = pallet_roaming_settlement::EncryptionKeys::<Runtime>::get(party)
			.and_then(|key| self.world.encryption.get(&key.key).copied())
			.and_then(|secret| {
				telecom_terms_seal::open_discount(
					&SecretKey::from_bytes(secret),
					&context(id, start),
					&commitment,
					&envelope.bytes,
				)
				.ok()
			})
			.map(|opened| Committed { encoded: opened.encoded().to_vec(), salt: *opened.salt() });
		opened.or_else(|| self.world.committed.get(&commitment).cloned())
	}

	/// The other party opens its envelope and accepts with the digest of what it opened
	/// (sometimes the bare commitment: refused).
	fn accept_sealed_discount(
		&mut self,
		id: u32,
		start: SettlementPeriod,
		sealed: &SealedDiscount,
		other: &AccountId,
	) -> Option<(usize, RuntimeCall)> {
		let agreement = pallet_roaming_settlement::Agreements::<Runtime>::get(id)?;
		let side = agreement.side_of(other)?;
		let who = self.index_of(other)?;
		let opened =
			self.opened_discount(other, id, start, sealed, sealed.sealed.envelope(side))?;
		let terms = DiscountAgreement::decode(&mut &opened.encoded[..]).ok()?;
		let commitment = terms_commitment(&opened.encoded, &opened.salt);
		let digest = if self.rng.chance(5) {
			commitment
		} else {
			sealed_discount_acceptance_digest(
				id,
				&DiscountHeader::of(&terms).encode(),
				&commitment,
				&sealed.iot_commitment,
				&(&sealed.sealed.envelope_a, &sealed.sealed.envelope_b).encode(),
			)
		};
		let call = pallet_roaming_settlement::Call::accept_sealed_discount {
			agreement: id,
			start,
			digest,
		};
		Some((who, call.into()))
	}

	/// The discount terms `party` opened and the net (owed to A) of the note over the first
	/// `covered` months it computes from them and the chain's figures (the pallet's own
	/// gathering of the figures, as `telecom-cli` does it): cumulative, like the chain's.
	fn discount_net(
		&self,
		id: u32,
		start: SettlementPeriod,
		covered: u8,
		agreement: &AgreementOf<Runtime>,
		terms: &DiscountAgreement,
	) -> Option<i128> {
		let mut figures = Vec::new();
		for i in 0..u32::from(covered) {
			let month = start.add_months(i)?;
			let period_month = PeriodMonth { year: month.year, month: month.month };
			if month < agreement.terms.valid_from || agreement.terms.valid_to < month {
				figures.push(MonthFigures {
					month: period_month,
					network_a: MonthUsage::default(),
					network_b: MonthUsage::default(),
				});
				continue;
			}
			let statement = pallet_roaming_settlement::Statements::<Runtime>::get(id, month);
			// A month an ended agreement never closed counts as empty, as on chain.
			let Some(statement) = statement else {
				if agreement.status != AgreementStatus::Ended {
					return None;
				}
				figures.push(MonthFigures {
					month: period_month,
					network_a: MonthUsage::default(),
					network_b: MonthUsage::default(),
				});
				continue;
			};
			let usage = |side: Side| {
				pallet_roaming_settlement::DiscountUsage::<Runtime>::get((id, month, side))
			};
			figures.push(MonthFigures {
				month: period_month,
				network_a: MonthUsage {
					usage: usage(Side::A),
					provisional: statement.network_a.payable,
				},
				network_b: MonthUsage {
					usage: usage(Side::B),
					provisional: statement.network_b.payable,
				},
			});
		}
		telecom_roaming_rating::true_up(terms, &figures, None).ok().map(|note| note.net_to_a)
	}

	/// A party that has not posted the note yet posts the net it computed from the terms it
	/// opened (now and then another figure: the postings then differ). A `silent` party
	/// never posts.
	#[allow(clippy::too_many_arguments)]
	fn post_discount_note(
		&mut self,
		id: u32,
		start: SettlementPeriod,
		covered: u8,
		agreement: &AgreementOf<Runtime>,
		sealed: &SealedDiscount,
		postings: pallet_roaming_settlement::NotePostings<u32>,
		silent: Option<Side>,
	) -> Option<(usize, RuntimeCall)> {
		let speaks = |side: &Side| Some(*side) != silent;
		let mut sides: Vec<Side> = [Side::A, Side::B]
			.into_iter()
			.filter(|side| speaks(side) && postings.of(*side).is_none())
			.collect();
		if sides.is_empty() {
			// Waiting for silence to book the posting; sometimes a party posts twice (refused).
			if silent.is_some() && !self.rng.chance(5) {
				return None;
			}
			sides = [Side::A, Side::B].into_iter().filter(speaks).collect();
		} else if self.rng.chance(5) {
			sides = [Side::A, Side::B].into_iter().filter(speaks).collect();
		}
		let side = self.take(sides)?;
		let party = agreement.party(side).clone();
		let who = self.index_of(&party)?;
		let opened =
			self.opened_discount(&party, id, start, sealed, sealed.sealed.envelope(side))?;
		let terms = DiscountAgreement::decode(&mut &opened.encoded[..]).ok()?;
		let mut net = self.discount_net(id, start, covered, agreement, &terms)?;
		if self.rng.chance(8) {
			net = net.saturating_add(1 + self.rng.below(1_000) as i128);
		}
		let call = pallet_roaming_settlement::Call::post_discount_note {
			agreement: id,
			start,
			months: covered,
			net_to_a: net,
		};
		Some((who, call.into()))
	}

	/// Either party reveals the discount terms and the agreement's IOT terms with their salts
	/// (sometimes a wrong salt: refused).
	fn reveal_discount(
		&mut self,
		id: u32,
		start: SettlementPeriod,
		covered: u8,
		agreement: &AgreementOf<Runtime>,
		sealed: &SealedDiscount,
	) -> Option<(usize, RuntimeCall)> {
		let side = if self.rng.chance(50) { Side::A } else { Side::B };
		let party = agreement.party(side).clone();
		let who = self.index_of(&party)?;
		let opened =
			self.opened_discount(&party, id, start, sealed, sealed.sealed.envelope(side))?;
		let discount_terms = DiscountAgreement::decode(&mut &opened.encoded[..]).ok()?;
		let iot = self.world.committed.get(&sealed.iot_commitment)?.clone();
		let iot_terms = AgreementTerms::decode(&mut &iot.encoded[..]).ok()?;
		let discount_salt = if self.rng.chance(5) { random_bytes(self.rng) } else { opened.salt };
		let call = pallet_roaming_settlement::Call::reveal_discount_terms {
			agreement: id,
			start,
			months: covered,
			discount_terms: Box::new(discount_terms),
			discount_salt,
			iot_terms: Box::new(iot_terms),
			iot_salt: iot.salt,
		};
		Some((who, call.into()))
	}

	/// A party voids a discount in force whose terms it opened and found not revealable
	/// (priced against another IOT, or contradicting the header); sometimes it tries with
	/// terms that are consistent (refused).
	fn void_discount(
		&mut self,
		id: u32,
		start: SettlementPeriod,
		agreement: &AgreementOf<Runtime>,
		sealed: &SealedDiscount,
	) -> Option<(usize, RuntimeCall)> {
		let side = if self.rng.chance(50) { Side::A } else { Side::B };
		let party = agreement.party(side).clone();
		let who = self.index_of(&party)?;
		let opened =
			self.opened_discount(&party, id, start, sealed, sealed.sealed.envelope(side))?;
		let discount_terms = DiscountAgreement::decode(&mut &opened.encoded[..]).ok()?;
		let iot = self.world.committed.get(&sealed.iot_commitment)?.clone();
		let iot_terms = AgreementTerms::decode(&mut &iot.encoded[..]).ok()?;
		let revealable = DiscountHeader::of(&discount_terms) == sealed.header
			&& discount_terms.validate().is_ok()
			&& discount_terms.network_a.iot == iot_terms.network_a.tariff
			&& discount_terms.network_b.iot == iot_terms.network_b.tariff;
		if revealable && !self.rng.chance(3) {
			return None;
		}
		let call = pallet_roaming_settlement::Call::void_sealed_discount {
			agreement: id,
			start,
			discount_terms: Box::new(discount_terms),
			discount_salt: opened.salt,
			iot_terms: Box::new(iot_terms),
			iot_salt: iot.salt,
		};
		Some((who, call.into()))
	}

	/// A party seals the discount's terms again to a party's current key: its own envelope,
	/// or the other party's once that one names a key epoch no longer current (sometimes a
	/// current one: refused).
	fn reseal_discount(
		&mut self,
		id: u32,
		start: SettlementPeriod,
		agreement: &AgreementOf<Runtime>,
		sealed: &SealedDiscount,
	) -> Option<(usize, RuntimeCall)> {
		let by = if self.rng.chance(50) { Side::A } else { Side::B };
		let side = if self.rng.chance(70) { by } else { by.other() };
		let sealer = agreement.party(by).clone();
		let recipient = agreement.party(side).clone();
		let who = self.index_of(&sealer)?;
		let opened =
			self.opened_discount(&sealer, id, start, sealed, sealed.sealed.envelope(by))?;
		let key = pallet_roaming_settlement::EncryptionKeys::<Runtime>::get(&recipient)?;
		let bytes = telecom_terms_seal::seal_discount(
			&mut telecom_terms_seal::OsRng,
			&context(id, start),
			&PublicKey::from_bytes(key.key),
			&opened.encoded,
			&opened.salt,
		)
		.ok()?;
		let envelope =
			SealedEnvelope { epoch: key.epoch, bytes: BoundedVec::try_from(bytes).ok()? };
		let call = pallet_roaming_settlement::Call::reseal_discount_envelope {
			agreement: id,
			start,
			side,
			envelope,
		};
		Some((who, call.into()))
	}

	/// A party of an active confidential agreement whose terms the fuzzer committed to
	/// proposes a sealed discount agreement of one to three months at the IOT tariffs of those
	/// terms, for months with no usage, statement or discount yet: mostly months already over
	/// (from the agreement's first month, up to eight months back), whose close and notes
	/// need no waiting; sometimes this month or the next ones.
	fn propose_sealed_discount(&mut self, now: SettlementPeriod) -> Option<Step> {
		let agreements: Vec<_> = pallet_roaming_settlement::Agreements::<Runtime>::iter()
			.filter(|(_, a)| {
				a.status == AgreementStatus::Active
					&& a.sealed
						.as_ref()
						.is_some_and(|s| self.world.committed.contains_key(&s.commitment))
			})
			.collect();
		let (id, agreement) = self.take(agreements)?;
		let iot = self.world.committed.get(&agreement.sealed.as_ref()?.commitment)?.clone();
		let iot_terms = AgreementTerms::decode(&mut &iot.encoded[..]).ok()?;
		let months = 1 + self.rng.below(3) as u8;
		let free = |month: SettlementPeriod| {
			agreement.terms.valid_from <= month
				&& month <= agreement.terms.valid_to
				&& !pallet_roaming_settlement::DiscountMonths::<Runtime>::contains_key(id, month)
				&& pallet_roaming_settlement::Totals::<Runtime>::get((id, month, Side::A)).batches
					== 0 && pallet_roaming_settlement::Totals::<Runtime>::get((id, month, Side::B)).batches
				== 0 && !pallet_roaming_settlement::Statements::<Runtime>::contains_key(id, month)
		};
		let first = if self.rng.chance(75) {
			months_back(now, 8)?.max(agreement.terms.valid_from)
		} else {
			now
		};
		let start = (0..12u32)
			.filter_map(|i| first.add_months(i))
			.find(|start| (0..u32::from(months)).all(|i| start.add_months(i).is_some_and(&free)))?;
		let mut network_a = direction_terms(iot_terms.network_a.tariff, self.rng);
		let network_b = direction_terms(iot_terms.network_b.tariff, self.rng);
		if self.rng.chance(20) {
			// Priced against another IOT than the agreement's: never revealable, voidable.
			let price = &mut network_a.iot.moc_local.price;
			*price = price.saturating_add(1 + self.rng.below(100) as u64);
		}
		let terms = DiscountAgreement {
			start: PeriodMonth { year: start.year, month: start.month },
			months,
			true_up_every: if months > 1 && self.rng.chance(50) { 1 } else { 0 },
			network_a,
			network_b,
		};
		let (commitment, salt) = self.commit(terms.encode());
		let encoded = terms.encode();
		let envelope = |party: &AccountId| -> Option<SealedEnvelope> {
			let key = pallet_roaming_settlement::EncryptionKeys::<Runtime>::get(party)?;
			let bytes = telecom_terms_seal::seal_discount(
				&mut telecom_terms_seal::OsRng,
				&context(id, start),
				&PublicKey::from_bytes(key.key),
				&encoded,
				&salt,
			)
			.ok()?;
			Some(SealedEnvelope { epoch: key.epoch, bytes: BoundedVec::try_from(bytes).ok()? })
		};
		let envelope_a = envelope(&agreement.party_a)?;
		let envelope_b = envelope(&agreement.party_b)?;
		let by = if self.rng.chance(50) { Side::A } else { Side::B };
		let who = self.index_of(agreement.party(by))?;
		let call = pallet_roaming_settlement::Call::propose_sealed_discount {
			agreement: id,
			header: DiscountHeader::of(&terms),
			sealed: SealedTerms { commitment, envelope_a, envelope_b },
		};
		Step::signed(self.mostly(who), call.into())
	}
}

/// The party that never answers the note over the first `covered` months of the discount
/// starting in `start`, if this note is one whose other party stays silent (about one in
/// three; the party that did not propose): the poster's figure is then booked by silence.
fn silent_side(id: u32, start: SettlementPeriod, covered: u8, proposer: Side) -> Option<Side> {
	let pick = u64::from(id) + u64::from(start.month) + u64::from(covered);
	(pick % 3 == 0).then(|| proposer.other())
}

/// The months the next note of a discount covers: the next interim note on the schedule, or
/// the final one.
pub fn next_note(months: u8, every: u8, trued_up: u8) -> u8 {
	(trued_up.saturating_add(1)..=months)
		.find(|m| *m == months || (every != 0 && m % every == 0))
		.unwrap_or(months)
}

/// The first of the first `covered` months of a discount starting in `start` that the
/// agreement covers and that is not closed yet (none once the agreement ended: its months
/// nobody closed count as empty).
pub(super) fn open_month(
	id: u32,
	agreement: &AgreementOf<Runtime>,
	start: SettlementPeriod,
	covered: u8,
) -> Option<SettlementPeriod> {
	if agreement.status == AgreementStatus::Ended {
		return None;
	}
	(0..u32::from(covered)).filter_map(|i| start.add_months(i)).find(|month| {
		agreement.terms.valid_from <= *month
			&& *month <= agreement.terms.valid_to
			&& !pallet_roaming_settlement::Statements::<Runtime>::contains_key(id, month)
	})
}
