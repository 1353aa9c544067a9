//! Governance to `Root`: council motions, not a sudo key, hold the chain's highest authority.

#[cfg(feature = "runtime-benchmarks")]
use crate::AccountId;
use crate::{Runtime, RuntimeCall, RuntimeOrigin};
use frame_support::traits::{Contains, EnsureOrigin, OriginTrait};
use pallet_collective::{MemberCount, RawOrigin as CouncilOrigin};

/// Fewest aye votes a motion needs to act as `Root`, whatever the council's size.
pub const MIN_ROOT_AYES: MemberCount = 3;

/// A council motion that acts as `Root`: at least two thirds of the seats voted aye, and at
/// least [`MIN_ROOT_AYES`] of them (a council shrunk to one or two seats never holds Root).
pub struct CouncilRootOrigin;

impl EnsureOrigin<RuntimeOrigin> for CouncilRootOrigin {
	type Success = ();

	fn try_origin(origin: RuntimeOrigin) -> Result<(), RuntimeOrigin> {
		match origin.caller() {
			crate::OriginCaller::Council(CouncilOrigin::Members(ayes, seats))
				if *ayes >= MIN_ROOT_AYES
					&& u64::from(*ayes).saturating_mul(3)
						>= u64::from(*seats).saturating_mul(2) =>
			{
				Ok(())
			},
			_ => Err(origin),
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<RuntimeOrigin, ()> {
		Ok(CouncilOrigin::<AccountId, super::CouncilCollective>::Members(
			MIN_ROOT_AYES,
			MIN_ROOT_AYES,
		)
		.into())
	}
}

/// Members who do not vote count as voting nay when a motion closes: a prime member's vote is
/// not extended to absent members, so no motion (and no `Root` call) passes on silence.
pub struct AbsentIsNay;

impl pallet_collective::DefaultVote for AbsentIsNay {
	fn default_vote(
		_prime: Option<bool>,
		_yes: MemberCount,
		_no: MemberCount,
		_len: MemberCount,
	) -> bool {
		false
	}
}

/// Every call that reaches `pallet-sudo` or its storage, also inside `utility` batches and
/// wrappers, `multisig` and `proxy` calls and a nested `councilRoot.dispatchAsRoot`. No motion can install or
/// use a sudo key, so the production chain (whose genesis has none) never gets one; the
/// council's own power is the runtime upgrade.
pub struct ReachesSudo;

/// Whether a raw storage key lies under pallet-sudo's prefix.
fn is_sudo_storage(key: &[u8]) -> bool {
	let prefix = <frame_support::Twox128 as frame_support::StorageHasher>::hash(b"Sudo");
	key.starts_with(&prefix) || prefix.starts_with(key)
}

impl Contains<RuntimeCall> for ReachesSudo {
	fn contains(call: &RuntimeCall) -> bool {
		use frame_system::Call as System;
		use pallet_multisig::Call as Multisig;
		use pallet_utility::Call as Utility;
		match call {
			RuntimeCall::Sudo(_) => true,
			RuntimeCall::System(System::set_storage { items }) => {
				items.iter().any(|(key, _)| is_sudo_storage(key))
			},
			RuntimeCall::System(System::kill_storage { keys }) => {
				keys.iter().any(|key| is_sudo_storage(key))
			},
			RuntimeCall::System(System::kill_prefix { prefix, .. }) => is_sudo_storage(prefix),
			RuntimeCall::Utility(
				Utility::batch { calls }
				| Utility::batch_all { calls }
				| Utility::force_batch { calls },
			) => calls.iter().any(Self::contains),
			RuntimeCall::Utility(
				Utility::as_derivative { call, .. }
				| Utility::dispatch_as { call, .. }
				| Utility::dispatch_as_fallible { call, .. }
				| Utility::with_weight { call, .. },
			) => Self::contains(call),
			RuntimeCall::Utility(Utility::if_else { main, fallback }) => {
				Self::contains(main) || Self::contains(fallback)
			},
			RuntimeCall::Multisig(
				Multisig::as_multi_threshold_1 { call, .. } | Multisig::as_multi { call, .. },
			) => Self::contains(call),
			RuntimeCall::Proxy(
				pallet_proxy::Call::proxy { call, .. }
				| pallet_proxy::Call::proxy_announced { call, .. },
			) => Self::contains(call),
			RuntimeCall::CouncilRoot(pallet_council_root::Call::dispatch_as_root { call }) => {
				Self::contains(call)
			},
			_ => false,
		}
	}
}

impl pallet_council_root::Config for Runtime {
	type RuntimeCall = RuntimeCall;
	/// Two thirds of the operators' council, and at least three ayes.
	type CouncilOrigin = CouncilRootOrigin;
	type ForbiddenCalls = ReachesSudo;
	type WeightInfo = pallet_council_root::weights::SubstrateWeight<Runtime>;
}
