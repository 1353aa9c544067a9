//! Dual posting: the home operator posts its own totals of a visited operator's file (from its
//! TAP-in processing) and the chain matches them with the visited side's filing, service by
//! service, within the visited network's tolerance.
//!
//! Figures compared, all in the agreement's currency and exact (sub-units) until shown:
//! - per service of the IOT tariff model (MOC local, home and international, MTC, SMS MO and
//!   MT, data, VoLTE, video): each side's usage of the service rated
//!   with the period's pinned tariff, so a difference in minutes, messages or kilobytes shows
//!   as money and the tolerance applies to it;
//! - the charge: the visited side's claim against the home side's own charge, which catches
//!   pricing the on-chain tariff cannot express.
//!
//! Two figures differ when they are apart by the tolerance (the larger of its basis points of
//! the larger figure and its minimum) plus one minor unit or more, the same allowance for
//! rounding as a reconciliation. The chain's own re-rating of the visited side's usage is kept
//! beside both charges as a third figure; it caps nothing.
//!
//! A home posting is refused until the visited side's file is on chain (`UnknownBatch`): the
//! home side's window only starts when the file arrives, so refusing costs it no time, and the
//! chain keeps nothing for a file that may never come.

use crate::{pallet::*, rating, types::*};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{ensure, pallet_prelude::*, traits::ConstU32, BoundedVec};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;
use sp_runtime::traits::Saturating;
use telecom_primitives::{amount_string, Amount, DocumentHash};

/// Reason code of a dispute the chain opens because the two sides' postings differ (outside
/// the RAP range, like [`RECONCILIATION_REASON`]).
pub const POSTING_MISMATCH_REASON: ReasonCode = u16::MAX;

/// Most figures a posting can differ in: every service of the tariff model and the charge.
pub const MAX_POSTED_SERVICES: u32 = Service::ALL.len() as u32 + 1;

/// What the two postings are matched on.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub enum PostedService {
	/// One service of the IOT tariff (both sides' usage of it rated with the pinned tariff).
	Service(Service),
	/// The visited side's claim against the home side's own charge.
	Charge,
}

/// The home operator's own totals of one of the visited operator's files.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct HomeTotals {
	/// The visited side's file sequence number.
	pub sequence: FileSequence,
	/// Call detail records the home side accepted from the file.
	pub records: u32,
	/// Per-service totals of the home side's TAP-in processing.
	pub usage: UsageTotals,
	/// The charge the home side computed, in minor units of the agreement's currency.
	#[serde(with = "amount_string")]
	pub charged: Amount,
	/// Blake2-256 hash of the file: it must be the visited side's file.
	pub file: DocumentHash,
}

/// One figure on which the two postings differ (rounded half up, for display).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct PostedDifference {
	/// The service (or the charge).
	pub service: PostedService,
	/// The visited side's figure.
	#[serde(with = "amount_string")]
	pub visited: Amount,
	/// The home side's figure.
	#[serde(with = "amount_string")]
	pub home: Amount,
}

/// What the chain did with a home posting.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub enum PostingOutcome {
	/// Both postings match: the batch is accepted.
	Accepted,
	/// They differ: a dispute of `amount` was opened (reason [`POSTING_MISMATCH_REASON`]).
	DisputeOpened {
		/// The amount withheld: the home side's shortfall, rounded up, at least one minor unit
		/// and at most the batch's value.
		#[serde(with = "amount_string")]
		amount: Amount,
	},
	/// The batch was under the chain's reconciliation of a smaller amount: the amount withheld
	/// was raised to the home side's shortfall (rounded up, at most the batch's value), so the
	/// visited side cannot shrink the home side's dispute by over-claiming a little.
	DisputeWidened {
		/// The amount now withheld.
		#[serde(with = "amount_string")]
		amount: Amount,
	},
	/// Recorded only: the batch was already under a dispute of the home side's own or of at
	/// least the shortfall, its month is closed, or it is worth nothing.
	Recorded,
}

/// Both sides' figures of one file, kept beside its batch (and removed with it).
#[derive(
	Clone,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct DualPosting<BlockNumber> {
	/// Records the home side counted.
	pub records: u32,
	/// The home side's per-service totals.
	pub usage: UsageTotals,
	/// The home side's charge.
	#[serde(with = "amount_string")]
	pub charged: Amount,
	/// The visited side's claim in the agreement's currency.
	#[serde(with = "amount_string")]
	pub claimed: Amount,
	/// The chain's re-rating of the visited side's usage: the third figure, capping nothing.
	#[serde(with = "amount_string")]
	pub rated: Amount,
	/// The figures that differ beyond the tolerance, in [`PostedService`] order.
	pub differences: BoundedVec<PostedDifference, ConstU32<MAX_POSTED_SERVICES>>,
	/// Block of the home posting.
	pub posted_at: BlockNumber,
	/// What the chain did with it.
	pub outcome: PostingOutcome,
}

/// Whether exact figures `one` and `other` are apart by `tolerance` (the larger of its basis
/// points of the larger figure and its minimum) plus one minor unit or more.
pub fn beyond_tolerance(tolerance: &Tolerance, one: ExactAmount, other: ExactAmount) -> bool {
	let allowance = tolerance.allowance(one.max(other));
	one.abs_diff(other) >= allowance.saturating_add(SUB_UNITS)
}

/// The result of matching two postings.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Matching {
	/// The figures that differ.
	pub differences: alloc::vec::Vec<PostedDifference>,
	/// What the home side's figures fall short of the visited side's, exactly: the larger of
	/// the charge shortfall and the sum of the per-service shortfalls.
	pub shortfall: ExactAmount,
}

/// Matches the visited side's `usage` and exact `claimed` with the home side's `home`, rating
/// usage with the visited network's `terms` and allowing each figure its tolerance. `None` on
/// overflow.
pub fn match_postings(
	terms: &NetworkTerms,
	usage: &UsageTotals,
	claimed: ExactAmount,
	home: &HomeTotals,
) -> Option<Matching> {
	let mut matching = Matching::default();
	let mut service_shortfall: ExactAmount = 0;
	let visited_charges = rating::rate_services_exact(&terms.tariff, usage).ok()?;
	let home_charges = rating::rate_services_exact(&terms.tariff, &home.usage).ok()?;
	for ((service, visited), (_, homes)) in visited_charges.into_iter().zip(home_charges) {
		if beyond_tolerance(terms.tolerance_of(PostedService::Service(service)), visited, homes) {
			service_shortfall = service_shortfall.checked_add(visited.saturating_sub(homes))?;
			matching.differences.push(PostedDifference {
				service: PostedService::Service(service),
				visited: rating::round_half_up(visited),
				home: rating::round_half_up(homes),
			});
		}
	}
	let charged = rating::to_exact(home.charged)?;
	if beyond_tolerance(terms.tolerance_of(PostedService::Charge), claimed, charged) {
		matching.differences.push(PostedDifference {
			service: PostedService::Charge,
			visited: rating::round_half_up(claimed),
			home: home.charged,
		});
	}
	matching.shortfall = claimed.saturating_sub(charged).max(service_shortfall);
	Some(matching)
}

impl<T: Config> Pallet<T> {
	/// Opens a dispute of `amount` on a pending `batch` (stored by the caller) and books it in
	/// the period's totals: its resolution deadline is one dispute window from now.
	pub(crate) fn open_dispute(
		id: AgreementId,
		network: Side,
		batch: &mut Batch<BlockNumberFor<T>>,
		amount: Amount,
		reason: ReasonCode,
		evidence: DocumentHash,
		window: u32,
	) -> DispatchResult {
		let withheld = Self::withheld_exact(amount, batch.value_exact);
		batch.status =
			BatchStatus::Disputed { amount, reason, evidence, proposal: None, escalated: false };
		batch.resolve_by =
			Some(frame_system::Pallet::<T>::block_number().saturating_add(window.into()));
		Totals::<T>::try_mutate((id, batch.period, network), |totals| -> DispatchResult {
			totals.pending = totals.pending.saturating_sub(1);
			totals.open_disputes =
				totals.open_disputes.checked_add(1).ok_or(Error::<T>::Overflow)?;
			totals.disputed = totals.disputed.checked_add(amount).ok_or(Error::<T>::Overflow)?;
			totals.disputed_exact =
				totals.disputed_exact.checked_add(withheld).ok_or(Error::<T>::Overflow)?;
			Ok(())
		})
	}

	pub(crate) fn do_post_home_totals(
		who: T::AccountId,
		id: AgreementId,
		home: HomeTotals,
	) -> DispatchResult {
		let agreement = Agreements::<T>::get(id).ok_or(Error::<T>::UnknownAgreement)?;
		// The caller is the home side; the file is on the other (visited) side's network.
		let network = agreement.side_of(&who).ok_or(Error::<T>::NotParty)?.other();
		let sequence = home.sequence;
		let mut batch =
			Batches::<T>::get((id, network, sequence)).ok_or(Error::<T>::UnknownBatch)?;
		ensure!(batch.file == home.file, Error::<T>::PostedFileMismatch);
		ensure!(
			!DualPostings::<T>::contains_key((id, network, sequence)),
			Error::<T>::AlreadyPosted
		);
		ensure!(
			!matches!(batch.status, BatchStatus::Accepted | BatchStatus::Resolved { .. }),
			Error::<T>::NotPending
		);
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now <= batch.dispute_deadline, Error::<T>::DisputeWindowClosed);
		// A confidential claim withheld for this answer is pending again: the posting decides.
		Self::release_awaiting(id, network, &mut batch)?;
		let pending = batch.status == BatchStatus::Pending;

		let pinned = Self::terms_for(id, &agreement, batch.usage_period);
		let terms = pinned.network(network);
		let matching = match_postings(terms, &batch.usage, batch.claimed_exact, &home)
			.ok_or(Error::<T>::RatingOverflow)?;
		let ceiling = rating::round_up(batch.value_exact);
		let shortfall = rating::round_up(matching.shortfall);
		let outcome = if matching.differences.is_empty() {
			if pending {
				PostingOutcome::Accepted
			} else {
				PostingOutcome::Recorded
			}
		} else if pending && ceiling > 0 {
			PostingOutcome::DisputeOpened { amount: shortfall.clamp(1, ceiling) }
		} else {
			match batch.status {
				// The chain's reconciliation withholds only the excess over its re-rating; the
				// home side's larger shortfall widens it while the month is still open.
				BatchStatus::Disputed { amount, reason, .. }
					if reason == RECONCILIATION_REASON
						&& shortfall.min(ceiling) > amount
						&& !Statements::<T>::contains_key(id, batch.period) =>
				{
					PostingOutcome::DisputeWidened { amount: shortfall.min(ceiling) }
				},
				_ => PostingOutcome::Recorded,
			}
		};
		let differences: BoundedVec<_, _> =
			matching.differences.try_into().map_err(|_| Error::<T>::Overflow)?;
		let evidence = DocumentHash::from(sp_io::hashing::blake2_256(&home.encode()));
		match outcome {
			PostingOutcome::Accepted => {
				batch.status = BatchStatus::Accepted;
				Totals::<T>::mutate((id, batch.period, network), |totals| {
					totals.pending = totals.pending.saturating_sub(1)
				});
			},
			PostingOutcome::DisputeOpened { amount } => Self::open_dispute(
				id,
				network,
				&mut batch,
				amount,
				POSTING_MISMATCH_REASON,
				evidence,
				agreement.terms.dispute_window,
			)?,
			PostingOutcome::DisputeWidened { amount } => {
				Self::widen_dispute(id, network, &mut batch, amount, evidence)?
			},
			PostingOutcome::Recorded => {},
		}
		let services: BoundedVec<PostedService, ConstU32<MAX_POSTED_SERVICES>> = differences
			.iter()
			.map(|difference| difference.service)
			.collect::<alloc::vec::Vec<_>>()
			.try_into()
			.map_err(|_| Error::<T>::Overflow)?;
		DualPostings::<T>::insert(
			(id, network, sequence),
			DualPosting {
				records: home.records,
				usage: home.usage,
				charged: home.charged,
				claimed: batch.claimed,
				rated: batch.rated,
				differences,
				posted_at: now,
				outcome,
			},
		);
		let (claimed, rated) = (batch.claimed, batch.rated);
		Batches::<T>::insert((id, network, sequence), batch);
		Self::deposit_event(Event::HomeTotalsPosted {
			agreement: id,
			network,
			sequence,
			claimed,
			charged: home.charged,
			rated,
			differing: services,
			outcome,
		});
		match outcome {
			PostingOutcome::Accepted => {
				Self::deposit_event(Event::BatchAccepted { agreement: id, network, sequence })
			},
			PostingOutcome::DisputeOpened { amount } => Self::deposit_event(Event::BatchDisputed {
				agreement: id,
				network,
				sequence,
				amount,
				reason: POSTING_MISMATCH_REASON,
				evidence,
			}),
			PostingOutcome::DisputeWidened { amount } => {
				Self::deposit_event(Event::BatchDisputed {
					agreement: id,
					network,
					sequence,
					amount,
					reason: POSTING_MISMATCH_REASON,
					evidence,
				})
			},
			PostingOutcome::Recorded => {},
		}
		Ok(())
	}

	/// Raises the amount a disputed `batch` (stored by the caller) withholds to `amount`, books
	/// the difference in its period's totals and makes the dispute the home side's posting
	/// mismatch. A pending settlement proposal stays (it names a value, not the disputed part).
	fn widen_dispute(
		id: AgreementId,
		network: Side,
		batch: &mut Batch<BlockNumberFor<T>>,
		amount: Amount,
		evidence: DocumentHash,
	) -> DispatchResult {
		let BatchStatus::Disputed { amount: previous, proposal, escalated, .. } = batch.status
		else {
			return Err(Error::<T>::NotDisputed.into());
		};
		let before = Self::withheld_exact(previous, batch.value_exact);
		let after = Self::withheld_exact(amount, batch.value_exact);
		Totals::<T>::try_mutate((id, batch.period, network), |totals| -> DispatchResult {
			totals.disputed = totals
				.disputed
				.saturating_sub(previous)
				.checked_add(amount)
				.ok_or(Error::<T>::Overflow)?;
			totals.disputed_exact = totals
				.disputed_exact
				.saturating_sub(before)
				.checked_add(after)
				.ok_or(Error::<T>::Overflow)?;
			Ok(())
		})?;
		batch.status = BatchStatus::Disputed {
			amount,
			reason: POSTING_MISMATCH_REASON,
			evidence,
			proposal,
			escalated,
		};
		Ok(())
	}

	/// Invariants of the dual postings: each sits beside its batch, lists its differences once
	/// in service order, and a posting that accepted or disputed its batch left it answered.
	pub(crate) fn try_state_postings() -> Result<(), sp_runtime::TryRuntimeError> {
		for ((id, network, sequence), posting) in DualPostings::<T>::iter() {
			let batch =
				Batches::<T>::get((id, network, sequence)).ok_or("a dual posting has its batch")?;
			ensure!(
				posting.differences.windows(2).all(|pair| match pair {
					[first, second] => first.service < second.service,
					_ => true,
				}),
				"posting differences are unique and in service order"
			);
			match posting.outcome {
				PostingOutcome::Accepted => ensure!(
					posting.differences.is_empty() && batch.status == BatchStatus::Accepted,
					"a matching posting accepted its batch"
				),
				PostingOutcome::DisputeOpened { amount } => ensure!(
					!posting.differences.is_empty()
						&& amount > 0 && batch.status != BatchStatus::Pending
						&& batch.status != BatchStatus::Accepted,
					"a differing posting disputed its batch"
				),
				PostingOutcome::DisputeWidened { amount } => ensure!(
					!posting.differences.is_empty() && amount > 0,
					"a widening posting differs"
				),
				PostingOutcome::Recorded => {},
			}
		}
		Ok(())
	}
}
