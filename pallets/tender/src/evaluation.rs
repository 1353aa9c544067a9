//! Ranking of a lot's valid bids: pure, deterministic arithmetic on what is on-chain.
//!
//! - Price points: `100 × POINTS_SCALE × lowest price ÷ bid price` (the lowest price earns full
//!   marks), rounded down.
//! - Technical points: the panel's mean score (0–100) × `POINTS_SCALE`, rounded down; zero when
//!   no member scored the bid.
//! - Lowest-price evaluation ranks on price points alone; weighted evaluation on
//!   `(w × price points + (100 − w) × technical points) ÷ 100`, `w` the price weight in percent.
//! - Ties go to the lower price, then to the earlier first commitment.

use crate::types::{ScoreTally, POINTS_SCALE};
use alloc::vec::Vec;
use core::cmp::Ordering;
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding, traits::Zero, Percent, Rounding,
};
use telecom_primitives::Amount;

/// Full marks: 100 points at `POINTS_SCALE`.
pub const FULL_MARKS: u128 = 100 * POINTS_SCALE;

/// A valid bid as the ranking sees it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Candidate<AccountId> {
	/// The bidder.
	pub bidder: AccountId,
	/// Its price (never zero).
	pub price: Amount,
	/// Order of its first commitment in the lot.
	pub sequence: u32,
	/// The panel's scores.
	pub tally: ScoreTally,
}

/// Price points of `price` against the lowest valid price.
pub fn price_points(lowest: Amount, price: Amount) -> u128 {
	if price.is_zero() {
		return 0;
	}
	multiply_by_rational_with_rounding(FULL_MARKS, lowest, price, Rounding::Down).unwrap_or(0)
}

/// Technical points of a tally.
pub fn technical_points(tally: &ScoreTally) -> u128 {
	if tally.count == 0 {
		return 0;
	}
	multiply_by_rational_with_rounding(
		u128::from(tally.sum),
		POINTS_SCALE,
		u128::from(tally.count),
		Rounding::Down,
	)
	.unwrap_or(0)
}

/// Combined points; `price_weight` `None` means lowest-price evaluation.
pub fn points(
	lowest: Amount,
	candidate: &Candidate<impl Sized>,
	price_weight: Option<Percent>,
) -> u128 {
	let price = price_points(lowest, candidate.price);
	let Some(weight) = price_weight else { return price };
	let w = u128::from(weight.deconstruct());
	let technical = technical_points(&candidate.tally);
	// Both point values are at most FULL_MARKS (10^8), so neither product can overflow.
	price
		.saturating_mul(w)
		.saturating_add(technical.saturating_mul(100u128.saturating_sub(w)))
		.checked_div(100)
		.unwrap_or(0)
}

/// Ranks `candidates`, best first, with their points.
pub fn rank<AccountId>(
	candidates: Vec<Candidate<AccountId>>,
	price_weight: Option<Percent>,
) -> Vec<(Candidate<AccountId>, u128)> {
	let Some(lowest) = candidates.iter().map(|c| c.price).min() else { return Vec::new() };
	let mut ranked: Vec<_> = candidates
		.into_iter()
		.map(|c| {
			let p = points(lowest, &c, price_weight);
			(c, p)
		})
		.collect();
	ranked.sort_by(|(a, pa), (b, pb)| {
		pb.cmp(pa)
			.then_with(|| a.price.cmp(&b.price))
			.then_with(|| a.sequence.cmp(&b.sequence))
			.then(Ordering::Equal)
	});
	ranked
}

#[cfg(test)]
mod tests {
	use super::*;

	fn candidate(
		bidder: u64,
		price: Amount,
		sequence: u32,
		sum: u32,
		count: u32,
	) -> Candidate<u64> {
		Candidate { bidder, price, sequence, tally: ScoreTally { sum, count } }
	}

	fn order(ranked: &[(Candidate<u64>, u128)]) -> Vec<u64> {
		ranked.iter().map(|(c, _)| c.bidder).collect()
	}

	#[test]
	fn lowest_price_wins_with_full_marks() {
		let ranked = rank(vec![candidate(1, 200, 0, 0, 0), candidate(2, 100, 1, 0, 0)], None);
		assert_eq!(order(&ranked), vec![2, 1]);
		assert_eq!(ranked[0].1, FULL_MARKS);
		assert_eq!(ranked[1].1, FULL_MARKS / 2);
	}

	#[test]
	fn equal_prices_go_to_the_earlier_commitment() {
		let ranked = rank(vec![candidate(1, 100, 5, 0, 0), candidate(2, 100, 3, 0, 0)], None);
		assert_eq!(order(&ranked), vec![2, 1]);
	}

	#[test]
	fn weighted_points_combine_price_and_mean_technical_score() {
		// 40 % price, 60 % technical. Bidder 1: price 100 (full price marks), scores 50 and 70
		// (mean 60). Bidder 2: price 125 (80 % of price marks), scores 90 and 90.
		let weight = Some(Percent::from_percent(40));
		let ranked = rank(vec![candidate(1, 100, 0, 120, 2), candidate(2, 125, 1, 180, 2)], weight);
		// 1: 0.4 × 100 + 0.6 × 60 = 76 points; 2: 0.4 × 80 + 0.6 × 90 = 86 points.
		assert_eq!(order(&ranked), vec![2, 1]);
		assert_eq!(ranked[0].1, 86 * POINTS_SCALE);
		assert_eq!(ranked[1].1, 76 * POINTS_SCALE);
	}

	#[test]
	fn weighted_ties_go_to_the_lower_price_then_the_earlier_commitment() {
		let weight = Some(Percent::from_percent(0));
		// Technical score alone decides, and both score 80: the lower price wins.
		let ranked = rank(vec![candidate(1, 110, 0, 80, 1), candidate(2, 100, 1, 80, 1)], weight);
		assert_eq!(order(&ranked), vec![2, 1]);
		// Same price and score: the earlier commitment wins.
		let ranked = rank(vec![candidate(1, 100, 7, 80, 1), candidate(2, 100, 2, 80, 1)], weight);
		assert_eq!(order(&ranked), vec![2, 1]);
	}

	#[test]
	fn unscored_bids_earn_no_technical_points() {
		assert_eq!(technical_points(&ScoreTally::default()), 0);
		let weight = Some(Percent::from_percent(50));
		let ranked = rank(vec![candidate(1, 100, 0, 0, 0)], weight);
		assert_eq!(ranked[0].1, FULL_MARKS / 2);
	}

	#[test]
	fn extreme_prices_do_not_overflow() {
		let ranked = rank(vec![candidate(1, u128::MAX, 0, 0, 0), candidate(2, 1, 1, 0, 0)], None);
		assert_eq!(order(&ranked), vec![2, 1]);
		assert_eq!(ranked[0].1, FULL_MARKS);
		assert_eq!(ranked[1].1, 0);
	}

	#[test]
	fn no_candidates_rank_empty() {
		assert!(rank::<u64>(Vec::new(), None).is_empty());
	}
}
