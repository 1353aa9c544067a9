//! Multilateral netting: from net positions to the payments that settle them.
//!
//! Pure functions, independent of storage, so that they can be tested exhaustively.

use crate::types::NetPosition;
use alloc::{collections::BTreeMap, vec::Vec};
use telecom_primitives::Amount;

/// Why a set of positions cannot be settled.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum NettingError {
	/// Net credits and net debits differ: the positions do not sum to zero.
	NotZeroSum,
	/// A sum of positions exceeds the amount type.
	Overflow,
}

/// One payment of a settlement plan.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Payment<AccountId> {
	/// Participant with a net debit.
	pub payer: AccountId,
	/// Participant with a net credit.
	pub payee: AccountId,
	/// Amount to pay.
	pub amount: Amount,
}

/// Sum of the net debits of `positions`, which equals the sum of net credits when they are
/// zero-sum.
pub fn check_zero_sum<AccountId>(
	positions: &[(AccountId, NetPosition)],
) -> Result<Amount, NettingError> {
	let mut credits: Amount = 0;
	let mut debits: Amount = 0;
	for (_, position) in positions {
		match position {
			NetPosition::Credit(a) => {
				credits = credits.checked_add(*a).ok_or(NettingError::Overflow)?
			},
			NetPosition::Debit(a) => {
				debits = debits.checked_add(*a).ok_or(NettingError::Overflow)?
			},
			NetPosition::Flat => {},
		}
	}
	if credits == debits {
		Ok(debits)
	} else {
		Err(NettingError::NotZeroSum)
	}
}

/// The payments that settle every position of one currency.
///
/// The plan first pairs each debtor with a creditor of exactly the same amount (one payment
/// closes two positions), then settles the rest greedily from the largest debtor to the largest
/// creditor. Each payment closes at least one position and the last closes two, so the plan has
/// at most `n - 1` payments for `n` non-flat positions. Ties are broken by account, so the plan
/// depends only on the set of positions, not on their order.
pub fn settlement_payments<AccountId: Ord + Clone>(
	positions: &[(AccountId, NetPosition)],
) -> Result<Vec<Payment<AccountId>>, NettingError> {
	check_zero_sum(positions)?;

	let mut debtors: Vec<(Amount, AccountId)> = Vec::new();
	let mut creditors: BTreeMap<Amount, Vec<AccountId>> = BTreeMap::new();
	for (who, position) in positions {
		match position {
			NetPosition::Debit(a) => debtors.push((*a, who.clone())),
			NetPosition::Credit(a) => creditors.entry(*a).or_default().push(who.clone()),
			NetPosition::Flat => {},
		}
	}
	// Largest amounts first; among equal amounts, lowest account first.
	debtors.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
	for accounts in creditors.values_mut() {
		// Reversed so that `pop` yields the lowest account first.
		accounts.sort_by(|a, b| b.cmp(a));
	}

	let mut payments = Vec::new();

	// Exact matches: one payment settles two positions.
	let mut remaining_debtors = Vec::with_capacity(debtors.len());
	for (amount, debtor) in debtors {
		match creditors.get_mut(&amount).and_then(|accounts| accounts.pop()) {
			Some(creditor) => payments.push(Payment { payer: debtor, payee: creditor, amount }),
			None => remaining_debtors.push((amount, debtor)),
		}
	}
	let mut remaining_creditors: Vec<(Amount, AccountId)> = creditors
		.into_iter()
		.flat_map(|(amount, accounts)| accounts.into_iter().map(move |who| (amount, who)))
		.collect();
	remaining_creditors.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));

	// Greedy: largest remaining debtor pays largest remaining creditor.
	let mut creditor_iter = remaining_creditors.into_iter();
	let mut creditor = creditor_iter.next();
	for (mut owed, debtor) in remaining_debtors {
		while owed > 0 {
			let Some((due, payee)) = creditor.as_mut() else {
				return Err(NettingError::NotZeroSum);
			};
			let amount = owed.min(*due);
			payments.push(Payment { payer: debtor.clone(), payee: payee.clone(), amount });
			owed = owed.saturating_sub(amount);
			*due = due.saturating_sub(amount);
			if *due == 0 {
				creditor = creditor_iter.next();
			}
		}
	}
	if creditor.is_some() {
		return Err(NettingError::NotZeroSum);
	}
	Ok(payments)
}

#[cfg(test)]
mod tests {
	#![allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]

	use super::*;
	use NetPosition::*;

	fn apply(positions: &[(u32, NetPosition)], payments: &[Payment<u32>]) -> BTreeMap<u32, i128> {
		let mut balance: BTreeMap<u32, i128> = positions
			.iter()
			.map(|(who, p)| {
				let v = match p {
					Credit(a) => *a as i128,
					Debit(a) => -(*a as i128),
					Flat => 0,
				};
				(*who, v)
			})
			.collect();
		for p in payments {
			*balance.get_mut(&p.payer).unwrap() += p.amount as i128;
			*balance.get_mut(&p.payee).unwrap() -= p.amount as i128;
		}
		balance
	}

	#[test]
	fn three_party_cycle_settles_with_at_most_two_payments() {
		let positions = [(1, Debit(70)), (2, Credit(50)), (3, Credit(20))];
		let payments = settlement_payments(&positions).unwrap();
		assert_eq!(
			payments,
			vec![
				Payment { payer: 1, payee: 2, amount: 50 },
				Payment { payer: 1, payee: 3, amount: 20 }
			]
		);
		assert!(apply(&positions, &payments).values().all(|v| *v == 0));
	}

	#[test]
	fn exact_matches_are_paired_first() {
		// Greedy alone would give 3 payments; pairing 30/30 first gives 2.
		let positions = [(1, Debit(50)), (2, Debit(30)), (3, Credit(30)), (4, Credit(50))];
		let payments = settlement_payments(&positions).unwrap();
		assert_eq!(payments.len(), 2);
		assert!(apply(&positions, &payments).values().all(|v| *v == 0));
	}

	#[test]
	fn flat_and_empty_positions_need_no_payment() {
		assert_eq!(settlement_payments::<u32>(&[]).unwrap(), vec![]);
		assert_eq!(settlement_payments(&[(1, Flat), (2, Flat)]).unwrap(), vec![]);
	}

	#[test]
	fn rejects_positions_that_do_not_sum_to_zero() {
		assert_eq!(
			settlement_payments(&[(1, Debit(10)), (2, Credit(9))]),
			Err(NettingError::NotZeroSum)
		);
		assert_eq!(check_zero_sum(&[(1, Credit(1))]), Err(NettingError::NotZeroSum));
		assert_eq!(
			check_zero_sum(&[(1, Credit(u128::MAX)), (2, Credit(1))]),
			Err(NettingError::Overflow)
		);
	}

	#[test]
	fn plan_is_independent_of_input_order() {
		let a = [(1, Debit(40)), (2, Debit(40)), (3, Credit(25)), (4, Credit(55)), (5, Flat)];
		let mut b = a;
		b.reverse();
		assert_eq!(settlement_payments(&a).unwrap(), settlement_payments(&b).unwrap());
	}

	/// Property test over pseudo-random obligation sets: the net positions of any obligations
	/// sum to zero, the plan zeroes every position, and it has at most n - 1 payments.
	#[test]
	fn random_obligation_sets_settle_completely() {
		let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
		let mut next = move |bound: u64| {
			seed ^= seed << 13;
			seed ^= seed >> 7;
			seed ^= seed << 17;
			seed % bound
		};
		for _ in 0..2_000 {
			let participants = 2 + next(20) as u32;
			let mut net: BTreeMap<u32, i128> = BTreeMap::new();
			for _ in 0..next(60) {
				let payer = next(participants as u64) as u32;
				let payee = next(participants as u64) as u32;
				if payer == payee {
					continue;
				}
				let amount = 1 + next(1_000) as i128;
				*net.entry(payer).or_default() -= amount;
				*net.entry(payee).or_default() += amount;
			}
			assert_eq!(net.values().sum::<i128>(), 0);
			let positions: Vec<(u32, NetPosition)> = net
				.iter()
				.map(|(who, v)| {
					let p = if *v > 0 {
						Credit(*v as u128)
					} else if *v < 0 {
						Debit((-*v) as u128)
					} else {
						Flat
					};
					(*who, p)
				})
				.collect();
			let payments = settlement_payments(&positions).unwrap();
			let non_flat = positions.iter().filter(|(_, p)| *p != Flat).count();
			assert!(payments.len() <= non_flat.saturating_sub(1));
			assert!(payments.len() < participants as usize);
			assert!(payments.iter().all(|p| p.amount > 0 && p.payer != p.payee));
			assert!(apply(&positions, &payments).values().all(|v| *v == 0));
		}
	}
}
