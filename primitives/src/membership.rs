//! Consortium membership: which accounts are operators, and an origin that requires one.

use alloc::vec::Vec;
use core::marker::PhantomData;
use frame_support::{
	dispatch::RawOrigin,
	traits::{EnsureOrigin, SortedMembers},
};

/// Answers whether an account is a consortium operator.
///
/// The runtime backs it with the operators' `pallet-membership` instance (through
/// [`MembersOf`]); pallets never read that pallet's storage themselves.
pub trait OperatorMembership<AccountId> {
	/// Whether `who` is currently an operator.
	fn is_operator(who: &AccountId) -> bool;

	/// All current operators, sorted.
	fn operators() -> Vec<AccountId>;

	/// Makes `who` an operator; benchmarks use it to set up an authorised caller.
	#[cfg(feature = "runtime-benchmarks")]
	fn add_operator(who: &AccountId);
}

/// [`OperatorMembership`] backed by any sorted member set, such as `pallet-membership`.
pub struct MembersOf<Members>(PhantomData<Members>);

impl<AccountId: Ord + Clone, Members: SortedMembers<AccountId>> OperatorMembership<AccountId>
	for MembersOf<Members>
{
	fn is_operator(who: &AccountId) -> bool {
		Members::contains(who)
	}

	fn operators() -> Vec<AccountId> {
		Members::sorted_members()
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn add_operator(who: &AccountId) {
		Members::add(who)
	}
}

/// Origin check that passes a signed origin whose account is an operator, yielding the account.
pub struct EnsureOperator<Membership, AccountId>(PhantomData<(Membership, AccountId)>);

impl<Origin, Membership, AccountId> EnsureOrigin<Origin> for EnsureOperator<Membership, AccountId>
where
	Origin: Into<Result<RawOrigin<AccountId>, Origin>> + From<RawOrigin<AccountId>>,
	Membership: OperatorMembership<AccountId>,
	AccountId: Clone,
{
	type Success = AccountId;

	fn try_origin(origin: Origin) -> Result<AccountId, Origin> {
		match origin.into()? {
			RawOrigin::Signed(who) if Membership::is_operator(&who) => Ok(who),
			other => Err(Origin::from(other)),
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<Origin, ()> {
		let operator = Membership::operators().into_iter().next().ok_or(())?;
		Ok(Origin::from(RawOrigin::Signed(operator)))
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use frame_support::parameter_types;

	parameter_types! {
		pub Operators: Vec<u64> = alloc::vec![1, 2];
	}

	impl SortedMembers<u64> for Operators {
		fn sorted_members() -> Vec<u64> {
			Operators::get()
		}
	}

	type Ops = MembersOf<Operators>;
	type Ensure = EnsureOperator<Ops, u64>;

	#[test]
	fn membership_reads_the_member_set() {
		assert!(Ops::is_operator(&1));
		assert!(!Ops::is_operator(&3));
		assert_eq!(Ops::operators(), alloc::vec![1, 2]);
	}

	/// A minimal runtime origin wrapping the system origin.
	#[derive(Debug, PartialEq)]
	struct O(RawOrigin<u64>);

	impl From<RawOrigin<u64>> for O {
		fn from(raw: RawOrigin<u64>) -> Self {
			O(raw)
		}
	}

	impl From<O> for Result<RawOrigin<u64>, O> {
		fn from(origin: O) -> Self {
			Ok(origin.0)
		}
	}

	#[test]
	fn ensure_operator_passes_operators_only() {
		let check = |raw: RawOrigin<u64>| <Ensure as EnsureOrigin<O>>::try_origin(O(raw));
		assert_eq!(check(RawOrigin::Signed(2)), Ok(2));
		assert_eq!(check(RawOrigin::Signed(3)), Err(O(RawOrigin::Signed(3))));
		assert_eq!(check(RawOrigin::Root), Err(O(RawOrigin::Root)));
		assert_eq!(check(RawOrigin::None), Err(O(RawOrigin::None)));
	}
}
