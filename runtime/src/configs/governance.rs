//! Governance to `Root`: council motions, not a sudo key, hold the chain's highest authority.

use crate::{AccountId, Runtime, RuntimeCall};
use frame_support::traits::Contains;

/// Share of the operators' council that a motion needs to act as `Root`: two thirds.
pub type CouncilRootOrigin =
	pallet_collective::EnsureProportionAtLeast<AccountId, super::CouncilCollective, 2, 3>;

/// Every call that reaches `pallet-sudo`, also inside `utility` batches and wrappers and inside a
/// nested `councilRoot.dispatchAsRoot`. No motion can install or use a sudo key, so the production
/// chain (whose genesis has none) never gets one; the council's own power is the runtime upgrade.
pub struct ReachesSudo;

impl Contains<RuntimeCall> for ReachesSudo {
	fn contains(call: &RuntimeCall) -> bool {
		use pallet_utility::Call as Utility;
		match call {
			RuntimeCall::Sudo(_) => true,
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
			RuntimeCall::CouncilRoot(pallet_council_root::Call::dispatch_as_root { call }) => {
				Self::contains(call)
			},
			_ => false,
		}
	}
}

impl pallet_council_root::Config for Runtime {
	type RuntimeCall = RuntimeCall;
	/// Two thirds of the operators' council (`RootOrCouncilTwoThirds` without its `Root` arm).
	type CouncilOrigin = CouncilRootOrigin;
	type ForbiddenCalls = ReachesSudo;
	type WeightInfo = pallet_council_root::weights::SubstrateWeight<Runtime>;
}
