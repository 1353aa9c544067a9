//! Validators follow membership: `pallet-session` takes each session's validator set from the
//! operators' membership, keeping the operators that registered session keys.

use crate::{deposit, opaque::SessionKeys, AccountId, Balances, Runtime, RuntimeEvent, MINUTES};
use crate::{Balance, BlockNumber, Operators, RuntimeHoldReason};
use alloc::vec::Vec;
use frame_support::{
	parameter_types,
	traits::{ConstU32, Contains, SortedMembers},
};
use sp_runtime::traits::{ConvertInto, OpaqueKeys};

/// Most validators a session can have: the Aura and GRANDPA authority limit.
pub const MAX_VALIDATORS: usize = 32;

/// Shortest session: a block that rotates the session spends its whole weight on it, so sessions
/// shorter than a minute would crowd out business traffic (and a period of 0 would divide by zero).
pub const MIN_SESSION_PERIOD: BlockNumber = MINUTES;

/// Longest session: a day, so that admissions and removals never wait longer than two days.
pub const MAX_SESSION_PERIOD: BlockNumber = crate::DAYS;

/// [`SessionPeriod`] as the council set it, clamped to its safe range: no stored value can stop
/// sessions or the chain.
pub struct ClampedSessionPeriod;

impl frame_support::traits::Get<BlockNumber> for ClampedSessionPeriod {
	fn get() -> BlockNumber {
		SessionPeriod::get().clamp(MIN_SESSION_PERIOD, MAX_SESSION_PERIOD)
	}
}

parameter_types! {
	/// The session length the council sets (a storage parameter, changed as Root); the chain
	/// uses it clamped to [`MIN_SESSION_PERIOD`, `MAX_SESSION_PERIOD`] ([`ClampedSessionPeriod`]).
	/// Ten minutes by default: an operator admitted by the council, with its session keys
	/// registered, validates within two sessions (at most twenty minutes); a removed one stops as
	/// fast. Rotating a session with an unchanged set changes no authority.
	pub storage SessionPeriod: BlockNumber = 10 * MINUTES;
	/// Sessions start at block 0.
	pub const SessionOffset: BlockNumber = 0;
	/// Held while an account has session keys registered (one key-owner entry per key and the
	/// keys themselves), returned by `session.purgeKeys`.
	pub const SessionKeyDeposit: crate::Balance = deposit(3, 128);
}

/// The validator set of each new session: every operator (in the membership's sorted order) that
/// has registered session keys and is not suspended for an equivocation, at most
/// [`MAX_VALIDATORS`]. If none is left, nothing is planned and the session pallet re-queues the
/// current validators that still have keys (a chain that keeps running over one that stops).
/// The session pallet calls it through [`super::equivocation::OperatorSessions`], which stores the
/// historical root of each planned set.
pub struct OperatorValidators;

impl OperatorValidators {
	/// The operators that would validate in a session planned now.
	pub fn planned() -> Vec<AccountId> {
		Operators::sorted_members()
			.into_iter()
			.filter(|operator| pallet_session::NextKeys::<Runtime>::contains_key(operator))
			.filter(|operator| !super::equivocation::IsSuspended::contains(operator))
			.take(MAX_VALIDATORS)
			.collect()
	}
}

impl pallet_session::SessionManager<AccountId> for OperatorValidators {
	/// Every planned set, changed or not, so that its historical root is stored.
	fn new_session(_new_index: u32) -> Option<Vec<AccountId>> {
		let planned = Self::planned();
		if planned.is_empty() {
			return None;
		}
		Some(planned)
	}

	/// At genesis the session pallet's own `keys` list is the first validator set.
	fn new_session_genesis(_new_index: u32) -> Option<Vec<AccountId>> {
		None
	}

	fn end_session(_end_index: u32) {}

	fn start_session(_start_index: u32) {}
}

impl pallet_session::historical::SessionManager<AccountId, ()> for OperatorValidators {
	fn new_session(new_index: u32) -> Option<Vec<(AccountId, ())>> {
		<Self as pallet_session::SessionManager<AccountId>>::new_session(new_index)
			.map(|planned| planned.into_iter().map(|validator| (validator, ())).collect())
	}

	fn new_session_genesis(_new_index: u32) -> Option<Vec<(AccountId, ())>> {
		None
	}

	fn start_session(_start_index: u32) {}

	fn end_session(_end_index: u32) {}
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// A validator is named by its operator account.
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = pallet_session::PeriodicSessions<ClampedSessionPeriod, SessionOffset>;
	type NextSessionRotation =
		pallet_session::PeriodicSessions<ClampedSessionPeriod, SessionOffset>;
	type SessionManager = super::equivocation::OperatorSessions;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	/// A validator reported for a GRANDPA equivocation is disabled at once, up to a third of the
	/// set (more would stop Aura): its Aura slots stay empty until it leaves the set. See
	/// [`super::equivocation::DisableAndSuspend`].
	type DisablingStrategy = pallet_session::disabling::UpToLimitDisablingStrategy;
	/// Upstream's weights: the session pallet's benchmarks need a staking pallet, which this
	/// chain does not have.
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type KeyDeposit = SessionKeyDeposit;
}

parameter_types! {
	/// Deposit per registered node: its peer id and owner, in two storage items.
	pub const NodeDeposit: Balance = deposit(2, 120);
}

/// The permissioned network: every node (validators and RPC nodes alike, run with
/// `--offchain-worker always`) keeps only member operators' registered nodes as sync peers.
impl pallet_operator_nodes::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Operators = super::ConsortiumOperators;
	/// A compromised node key is removed by two thirds of the council.
	type AdminOrigin = super::RootOrCouncilTwoThirds;
	type NodeDeposit = NodeDeposit;
	/// A validator, an RPC node and spares.
	type MaxNodesPerOperator = ConstU32<4>;
	type WeightInfo = pallet_operator_nodes::weights::SubstrateWeight<Runtime>;
}
