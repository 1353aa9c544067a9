//! Test runtime: system and council root. Account 1 stands for a carried council motion.

use crate as pallet_council_root;
use frame_support::{derive_impl, traits::Contains};
use frame_system::EnsureSignedBy;
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		CouncilRoot: pallet_council_root,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

frame_support::ord_parameter_types! {
	/// The account standing in for a carried council motion.
	pub const Council: u64 = 1;
}

/// In tests, `system.remark_with_event` stands for the calls the runtime forbids (sudo's), also
/// when nested in another `dispatch_as_root`.
pub struct ForbidRemarkWithEvent;
impl Contains<RuntimeCall> for ForbidRemarkWithEvent {
	fn contains(call: &RuntimeCall) -> bool {
		match call {
			RuntimeCall::System(frame_system::Call::remark_with_event { .. }) => true,
			RuntimeCall::CouncilRoot(crate::Call::dispatch_as_root { call }) => {
				Self::contains(call)
			},
			_ => false,
		}
	}
}

impl pallet_council_root::Config for Test {
	type RuntimeCall = RuntimeCall;
	type CouncilOrigin = EnsureSignedBy<Council, u64>;
	type ForbiddenCalls = ForbidRemarkWithEvent;
	type WeightInfo = ();
}

/// Externalities at block 1, so that events are recorded.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage =
		frame_system::GenesisConfig::<Test>::default().build_storage().unwrap_or_default();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		// What the runtime's genesis writes for every pallet.
		frame_support::traits::StorageVersion::new(1).put::<CouncilRoot>();
	});
	ext
}
