//! Test runtime: system, balances and the node registry. Operators 1 to 3, a funded outsider 4,
//! the council 99. An off-chain worker extension records what the pallet hands the node.

#![allow(clippy::arithmetic_side_effects)]

use crate as pallet_operator_nodes;
use crate::NodePeerId;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, SortedMembers},
};
use sp_core::{
	offchain::{self, HttpError, HttpRequestId, HttpRequestStatus, OpaqueNetworkState, Timestamp},
	OpaquePeerId,
};
use sp_runtime::BuildStorage;
use std::sync::{Arc, Mutex};
use telecom_primitives::MembersOf;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		OperatorNodes: pallet_operator_nodes,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

parameter_types! {
	pub static OperatorSet: Vec<u64> = vec![1, 2, 3];
}

/// The consortium's operators in tests.
pub struct TestOperators;
impl SortedMembers<u64> for TestOperators {
	fn sorted_members() -> Vec<u64> {
		OperatorSet::get()
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn add(who: &u64) {
		OperatorSet::mutate(|set| {
			if let Err(at) = set.binary_search(who) {
				set.insert(at, *who);
			}
		});
	}
}

/// The council removes `who` from the operators.
pub fn remove_operator(who: u64) {
	OperatorSet::mutate(|set| set.retain(|member| *member != who));
}

/// The council admits `who` as an operator.
pub fn add_operator(who: u64) {
	OperatorSet::mutate(|set| {
		if let Err(at) = set.binary_search(&who) {
			set.insert(at, who);
		}
	});
}

/// The council (the admin origin).
pub const COUNCIL: u64 = 99;
/// A funded account that is not an operator.
pub const OUTSIDER: u64 = 4;
/// Deposit per node.
pub const NODE_DEPOSIT: u64 = 50;
/// Nodes per operator.
pub const MAX_NODES: u32 = 4;
/// Every test account's starting balance.
pub const ENDOWMENT: u64 = 1_000;

/// The council's member set.
pub struct Council;
impl SortedMembers<u64> for Council {
	fn sorted_members() -> Vec<u64> {
		vec![COUNCIL]
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn add(_: &u64) {}
}

impl pallet_operator_nodes::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Operators = MembersOf<TestOperators>;
	type AdminOrigin = frame_system::EnsureSignedBy<Council, u64>;
	type NodeDeposit = ConstU64<NODE_DEPOSIT>;
	type MaxNodesPerOperator = ConstU32<MAX_NODES>;
	type WeightInfo = ();
}

/// A valid ed25519-style (identity multihash) peer id whose key bytes are all `seed`.
pub fn peer(seed: u8) -> NodePeerId {
	let mut bytes = vec![0x00, 36, 0x08, 0x01, 0x12, 0x20];
	bytes.extend([seed; 32]);
	NodePeerId::truncate_from(bytes)
}

/// A test chain with funded accounts and the given genesis nodes.
pub fn ext_with_nodes(nodes: Vec<(u64, Vec<u8>)>) -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [1, 2, 3, OUTSIDER, COUNCIL].iter().map(|who| (*who, ENDOWMENT)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_operator_nodes::GenesisConfig::<Test> { nodes }
		.assimilate_storage(&mut storage)
		.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// A test chain with no registered nodes.
pub fn new_test_ext() -> sp_io::TestExternalities {
	OperatorSet::set(vec![1, 2, 3]);
	ext_with_nodes(Vec::new())
}

/// Runs `test`, then checks the pallet's invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		OperatorNodes::do_try_state().expect("invariants hold after the test");
	});
}

/// What the off-chain worker handed the node: each `set_authorized_nodes` call's arguments.
pub type AuthorizedCalls = Arc<Mutex<Vec<(Vec<OpaquePeerId>, bool)>>>;

/// An off-chain worker environment that only records `set_authorized_nodes`; any other
/// off-chain API the worker might use fails the test.
pub struct RecordingNetwork(pub AuthorizedCalls);

impl offchain::Externalities for RecordingNetwork {
	fn is_validator(&self) -> bool {
		unimplemented!("the worker needs no keystore")
	}
	fn network_state(&self) -> Result<OpaqueNetworkState, ()> {
		unimplemented!("the worker needs no network state")
	}
	fn timestamp(&mut self) -> Timestamp {
		unimplemented!("the worker needs no time")
	}
	fn sleep_until(&mut self, _deadline: Timestamp) {
		unimplemented!("the worker never sleeps")
	}
	fn random_seed(&mut self) -> [u8; 32] {
		unimplemented!("the worker needs no randomness")
	}
	fn http_request_start(&mut self, _: &str, _: &str, _: &[u8]) -> Result<HttpRequestId, ()> {
		unimplemented!("the worker makes no HTTP requests")
	}
	fn http_request_add_header(&mut self, _: HttpRequestId, _: &str, _: &str) -> Result<(), ()> {
		unimplemented!("the worker makes no HTTP requests")
	}
	fn http_request_write_body(
		&mut self,
		_: HttpRequestId,
		_: &[u8],
		_: Option<Timestamp>,
	) -> Result<(), HttpError> {
		unimplemented!("the worker makes no HTTP requests")
	}
	fn http_response_wait(
		&mut self,
		_: &[HttpRequestId],
		_: Option<Timestamp>,
	) -> Vec<HttpRequestStatus> {
		unimplemented!("the worker makes no HTTP requests")
	}
	fn http_response_headers(&mut self, _: HttpRequestId) -> Vec<(Vec<u8>, Vec<u8>)> {
		unimplemented!("the worker makes no HTTP requests")
	}
	fn http_response_read_body(
		&mut self,
		_: HttpRequestId,
		_: &mut [u8],
		_: Option<Timestamp>,
	) -> Result<usize, HttpError> {
		unimplemented!("the worker makes no HTTP requests")
	}
	fn set_authorized_nodes(&mut self, nodes: Vec<OpaquePeerId>, authorized_only: bool) {
		self.0.lock().unwrap().push((nodes, authorized_only));
	}
}

/// Registers the recording off-chain worker environment on `ext`; returns its record.
pub fn record_offchain(ext: &mut sp_io::TestExternalities) -> AuthorizedCalls {
	let calls = AuthorizedCalls::default();
	ext.register_extension(offchain::OffchainWorkerExt::new(RecordingNetwork(calls.clone())));
	calls
}
