//! Governance to `Root` on a production genesis: council motions act as `Root`, nothing reaches
//! sudo.

use super::merge;
use crate::{
	genesis_config_presets::{production_genesis, FoundingOperator, FOUNDER_ENDOWMENT},
	AccountId, Balances, Council, CouncilRoot, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin,
	Sudo, System,
};
use codec::Encode;
use frame_support::{assert_noop, assert_ok, dispatch::GetDispatchInfo, traits::SortedMembers};
use sp_core::{ed25519, sr25519, H256};
use sp_runtime::{BuildStorage, DispatchError};

/// Four founders with keys made from fixed seeds in the test (no dev keyring account anywhere).
fn founders() -> Vec<FoundingOperator> {
	(1u8..=4)
		.map(|n| FoundingOperator {
			account: AccountId::from([n; 32]),
			aura: sr25519::Public::from_raw([n.saturating_add(10); 32]).into(),
			grandpa: ed25519::Public::from_raw([n.saturating_add(20); 32]).into(),
			tadig: None,
			nodes: Vec::new(),
		})
		.collect()
}

fn production_ext() -> sp_io::TestExternalities {
	let mut full = serde_json::to_value(crate::RuntimeGenesisConfig::default()).expect("json");
	merge(&mut full, production_genesis(&founders()));
	let genesis: crate::RuntimeGenesisConfig = serde_json::from_value(full).expect("decodes");
	let mut ext = sp_io::TestExternalities::new(genesis.build_storage().expect("builds"));
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Proposes `call` as a council motion from founder 1, founders 1 to `ayes` vote aye (a proposer
/// does not vote by proposing), then closes it.
fn carry_motion(call: RuntimeCall, ayes: u8) -> H256 {
	let proposal = RuntimeCall::CouncilRoot(pallet_council_root::Call::dispatch_as_root {
		call: Box::new(call),
	});
	let length = proposal.encoded_size() as u32;
	let weight = proposal.get_dispatch_info().call_weight;
	let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&proposal);
	let member = |n: u8| RuntimeOrigin::signed(AccountId::from([n; 32]));
	assert_ok!(Council::propose(member(1), 3, Box::new(proposal), length));
	let index =
		pallet_collective::ProposalCount::<Runtime, crate::configs::CouncilCollective>::get()
			.saturating_sub(1);
	for n in 1..=ayes {
		assert_ok!(Council::vote(member(n), hash, index, true));
	}
	assert_ok!(Council::close(member(1), hash, index, weight, length));
	hash
}

fn last_root_result() -> Option<Result<(), DispatchError>> {
	System::events().into_iter().rev().find_map(|record| match record.event {
		RuntimeEvent::CouncilRoot(pallet_council_root::Event::DispatchedAsRoot { result }) => {
			Some(result)
		},
		_ => None,
	})
}

use sp_runtime::traits::Hash as _;

/// `CouncilRoot`'s pallet index: its `CallForbidden` is the module error these tests expect.
const COUNCIL_ROOT_INDEX: u8 = 12;

#[test]
fn production_genesis_has_no_sudo_key_and_no_dev_accounts() {
	production_ext().execute_with(|| {
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None);
		let mut expected: Vec<AccountId> = founders().into_iter().map(|f| f.account).collect();
		expected.sort();
		assert_eq!(crate::Operators::sorted_members(), expected);
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 4);
		for founder in &expected {
			assert_eq!(Balances::free_balance(founder), FOUNDER_ENDOWMENT);
		}
		let alice = sp_keyring::Sr25519Keyring::Alice.to_account_id();
		assert_eq!(Balances::free_balance(&alice), 0);
		// No account can use sudo: there is no key.
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
		for who in expected.iter().cloned().chain([alice]) {
			assert_noop!(
				Sudo::sudo(RuntimeOrigin::signed(who), Box::new(remark.clone())),
				pallet_sudo::Error::<Runtime>::RequireSudo
			);
		}
	});
}

#[test]
fn two_thirds_of_the_council_authorise_a_runtime_upgrade() {
	production_ext().execute_with(|| {
		let code_hash = H256::repeat_byte(0x42);
		let authorize = RuntimeCall::System(frame_system::Call::authorize_upgrade { code_hash });
		carry_motion(authorize, 3);
		assert_eq!(last_root_result(), Some(Ok(())));
		assert_eq!(
			frame_system::Pallet::<Runtime>::authorized_upgrade().map(|a| *a.code_hash()),
			Some(code_hash)
		);
	});
}

#[test]
fn half_of_the_council_cannot_act_as_root() {
	production_ext().execute_with(|| {
		let code_hash = H256::repeat_byte(0x42);
		let authorize = RuntimeCall::System(frame_system::Call::authorize_upgrade { code_hash });
		let proposal = RuntimeCall::CouncilRoot(pallet_council_root::Call::dispatch_as_root {
			call: Box::new(authorize.clone()),
		});
		let length = proposal.encoded_size() as u32;
		let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&proposal);
		let member = |n: u8| RuntimeOrigin::signed(AccountId::from([n; 32]));
		// A motion proposed with a threshold of two still only carries two of four seats: the
		// council-root origin asks for two thirds and refuses it.
		assert_ok!(Council::propose(member(1), 2, Box::new(proposal.clone()), length));
		assert_ok!(Council::vote(member(1), hash, 0, true));
		assert_ok!(Council::vote(member(2), hash, 0, true));
		let weight = proposal.get_dispatch_info().call_weight;
		assert_ok!(Council::close(member(1), hash, 0, weight, length));
		assert!(System::events().iter().any(|record| matches!(
			record.event,
			RuntimeEvent::Council(pallet_collective::Event::Executed {
				result: Err(DispatchError::BadOrigin),
				..
			})
		)));
		assert!(frame_system::Pallet::<Runtime>::authorized_upgrade().is_none());
		// And no single operator can call it directly.
		assert_noop!(
			CouncilRoot::dispatch_as_root(member(1), Box::new(authorize)),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn no_motion_reaches_sudo_even_inside_a_batch() {
	production_ext().execute_with(|| {
		let founder = AccountId::from([1u8; 32]);
		let set_key = RuntimeCall::Sudo(pallet_sudo::Call::set_key { new: founder.into() });
		let batched = RuntimeCall::Utility(pallet_utility::Call::batch_all {
			calls: vec![
				RuntimeCall::System(frame_system::Call::remark { remark: vec![] }),
				set_key.clone(),
			],
		});
		let nested = RuntimeCall::Utility(pallet_utility::Call::with_weight {
			call: Box::new(batched.clone()),
			weight: Default::default(),
		});
		for call in [set_key, batched, nested] {
			carry_motion(call, 4);
			assert!(System::events().iter().any(|record| matches!(
				record.event,
				RuntimeEvent::Council(pallet_collective::Event::Executed {
					result: Err(DispatchError::Module(sp_runtime::ModuleError {
						index: COUNCIL_ROOT_INDEX,
						..
					})),
					..
				})
			)));
			assert_eq!(pallet_sudo::Key::<Runtime>::get(), None);
			System::reset_events();
		}
	});
}

#[test]
fn a_motion_changes_the_council_through_the_operators_set() {
	production_ext().execute_with(|| {
		let newcomer = AccountId::from([9u8; 32]);
		let add = RuntimeCall::Operators(pallet_membership::Call::add_member {
			who: newcomer.clone().into(),
		});
		carry_motion(add, 3);
		assert_eq!(last_root_result(), Some(Ok(())));
		assert!(crate::Operators::sorted_members().contains(&newcomer));
		assert!(pallet_collective::Members::<Runtime, crate::configs::CouncilCollective>::get()
			.contains(&newcomer));
	});
}

#[test]
fn no_motion_writes_sudo_storage_or_nests_sudo_in_a_multisig() {
	production_ext().execute_with(|| {
		let mut key =
			<frame_support::Twox128 as frame_support::StorageHasher>::hash(b"Sudo").to_vec();
		key.extend(<frame_support::Twox128 as frame_support::StorageHasher>::hash(b"Key"));
		let founder = AccountId::from([1u8; 32]);
		let write_key = RuntimeCall::System(frame_system::Call::set_storage {
			items: vec![(key.clone(), founder.encode())],
		});
		let kill_prefix = RuntimeCall::System(frame_system::Call::kill_prefix {
			prefix: <frame_support::Twox128 as frame_support::StorageHasher>::hash(b"Sudo")
				.to_vec(),
			subkeys: 1,
		});
		let in_multisig = RuntimeCall::Utility(pallet_utility::Call::dispatch_as {
			as_origin: Box::new(crate::OriginCaller::system(frame_system::RawOrigin::Signed(
				founder.clone(),
			))),
			call: Box::new(RuntimeCall::Multisig(pallet_multisig::Call::as_multi_threshold_1 {
				other_signatories: vec![AccountId::from([2u8; 32])],
				call: Box::new(RuntimeCall::Sudo(pallet_sudo::Call::remove_key {})),
			})),
		});
		for call in [write_key, kill_prefix, in_multisig] {
			carry_motion(call, 4);
			assert!(System::events().iter().any(|record| matches!(
				record.event,
				RuntimeEvent::Council(pallet_collective::Event::Executed {
					result: Err(DispatchError::Module(sp_runtime::ModuleError {
						index: COUNCIL_ROOT_INDEX,
						..
					})),
					..
				})
			)));
			System::reset_events();
		}
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None);
		// Other storage parameters stay settable as Root.
		let other = RuntimeCall::System(frame_system::Call::set_storage {
			items: vec![(b":SessionPeriod:".to_vec(), 300u32.encode())],
		});
		carry_motion(other, 3);
		assert_eq!(last_root_result(), Some(Ok(())));
	});
}

#[test]
fn a_prime_member_and_silence_never_act_as_root() {
	production_ext().execute_with(|| {
		let member = |n: u8| RuntimeOrigin::signed(AccountId::from([n; 32]));
		pallet_collective::Prime::<Runtime, crate::configs::CouncilCollective>::put(
			AccountId::from([1u8; 32]),
		);
		let proposal = RuntimeCall::CouncilRoot(pallet_council_root::Call::dispatch_as_root {
			call: Box::new(RuntimeCall::System(frame_system::Call::authorize_upgrade {
				code_hash: H256::repeat_byte(9),
			})),
		});
		let length = proposal.encoded_size() as u32;
		let weight = proposal.get_dispatch_info().call_weight;
		let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&proposal);
		assert_ok!(Council::propose(member(1), 3, Box::new(proposal), length));
		assert_ok!(Council::vote(member(1), hash, 0, true));
		System::set_block_number(crate::configs::CouncilMotionDuration::get().saturating_add(2));
		assert_ok!(Council::close(member(2), hash, 0, weight, length));
		assert!(System::events().iter().any(|record| matches!(
			record.event,
			RuntimeEvent::Council(pallet_collective::Event::Disapproved { .. })
		)));
		assert!(frame_system::Pallet::<Runtime>::authorized_upgrade().is_none());
	});
}

#[test]
fn a_council_shrunk_below_three_seats_never_acts_as_root() {
	production_ext().execute_with(|| {
		let two = vec![AccountId::from([1u8; 32]), AccountId::from([2u8; 32])];
		assert_ok!(Council::set_members(RuntimeOrigin::root(), two, None, 4));
		let member = |n: u8| RuntimeOrigin::signed(AccountId::from([n; 32]));
		let proposal = RuntimeCall::CouncilRoot(pallet_council_root::Call::dispatch_as_root {
			call: Box::new(RuntimeCall::System(frame_system::Call::authorize_upgrade {
				code_hash: H256::repeat_byte(9),
			})),
		});
		let length = proposal.encoded_size() as u32;
		let weight = proposal.get_dispatch_info().call_weight;
		let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&proposal);
		assert_ok!(Council::propose(member(1), 2, Box::new(proposal), length));
		let index = 0;
		assert_ok!(Council::vote(member(1), hash, index, true));
		assert_ok!(Council::vote(member(2), hash, index, true));
		assert_ok!(Council::close(member(1), hash, index, weight, length));
		assert!(System::events().iter().any(|record| matches!(
			record.event,
			RuntimeEvent::Council(pallet_collective::Event::Executed {
				result: Err(DispatchError::BadOrigin),
				..
			})
		)));
		assert!(frame_system::Pallet::<Runtime>::authorized_upgrade().is_none());
	});
}
