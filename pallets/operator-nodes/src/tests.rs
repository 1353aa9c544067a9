//! Unit tests: every call's happy path and errors, the node bounds, deposits, the authorization
//! rule as membership changes, the off-chain worker's hand-over to the node, genesis and the
//! invariants.

#![allow(clippy::arithmetic_side_effects)]

use crate::{
	authorized_peers, mock::*, Error, Event, HoldReason, NodePeerId, NodeRecord, Nodes, NodesOf,
};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::{GetDispatchInfo, Pays, PostDispatchInfo},
	traits::{fungible::InspectHold, Hooks},
};
use sp_core::OpaquePeerId;
use sp_runtime::{DispatchError, TokenError};

fn held(who: u64) -> u64 {
	Balances::balance_on_hold(&RuntimeHoldReason::OperatorNodes(HoldReason::NodeDeposit), &who)
}

fn free(who: u64) -> u64 {
	Balances::free_balance(who)
}

fn register(who: u64, peer_id: NodePeerId) -> sp_runtime::DispatchResult {
	OperatorNodes::register_node(RuntimeOrigin::signed(who), peer_id)
}

fn last_event() -> Event<Test> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::OperatorNodes(event) => Some(event),
			_ => None,
		})
		.next_back()
		.expect("a pallet event")
}

// ---- register_node ----

#[test]
fn operator_registers_a_node_holding_the_deposit() {
	build_and_execute(|| {
		assert_ok!(register(1, peer(1)));
		assert_eq!(NodesOf::<Test>::get(1).into_inner(), vec![peer(1)]);
		assert_eq!(
			Nodes::<Test>::get(peer(1)),
			Some(NodeRecord { operator: 1, deposit: NODE_DEPOSIT })
		);
		assert_eq!(held(1), NODE_DEPOSIT);
		assert_eq!(free(1), ENDOWMENT - NODE_DEPOSIT);
		assert_eq!(
			last_event(),
			Event::NodeRegistered { operator: 1, peer_id: peer(1), deposit: NODE_DEPOSIT }
		);
	});
}

#[test]
fn only_operators_register_nodes() {
	build_and_execute(|| {
		assert_noop!(register(OUTSIDER, peer(1)), Error::<Test>::NotOperator);
		assert_noop!(
			OperatorNodes::register_node(RuntimeOrigin::root(), peer(1)),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn peer_id_bytes_must_be_a_libp2p_multihash() {
	build_and_execute(|| {
		// The base58 text instead of its bytes, a wrong length byte, an unknown hash code.
		let text =
			NodePeerId::truncate_from(b"12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6".to_vec());
		assert_noop!(register(1, text), Error::<Test>::InvalidPeerId);
		let mut bad_length = peer(1).into_inner();
		bad_length[1] = 35;
		assert_noop!(
			register(1, NodePeerId::truncate_from(bad_length)),
			Error::<Test>::InvalidPeerId
		);
		let mut sha512 = peer(1).into_inner();
		sha512[0] = 0x13;
		assert_noop!(register(1, NodePeerId::truncate_from(sha512)), Error::<Test>::InvalidPeerId);
		assert_noop!(register(1, NodePeerId::default()), Error::<Test>::InvalidPeerId);
		// A sha2-256 peer id (an RSA node's) is accepted.
		let mut sha256 = vec![0x12, 32];
		sha256.extend([9u8; 32]);
		assert_ok!(register(1, NodePeerId::truncate_from(sha256)));
	});
}

#[test]
fn a_peer_id_is_registered_once_chain_wide() {
	build_and_execute(|| {
		assert_ok!(register(1, peer(1)));
		assert_noop!(register(1, peer(1)), Error::<Test>::AlreadyRegistered);
		assert_noop!(register(2, peer(1)), Error::<Test>::AlreadyRegistered);
		assert_eq!(held(2), 0);
	});
}

#[test]
fn an_operator_registers_up_to_max_nodes() {
	build_and_execute(|| {
		for seed in 1..=MAX_NODES as u8 {
			assert_ok!(register(1, peer(seed)));
		}
		assert_eq!(NodesOf::<Test>::get(1).len(), MAX_NODES as usize);
		assert_eq!(held(1), MAX_NODES as u64 * NODE_DEPOSIT);
		assert_noop!(register(1, peer(MAX_NODES as u8 + 1)), Error::<Test>::TooManyNodes);
		// The bound is per operator.
		assert_ok!(register(2, peer(MAX_NODES as u8 + 1)));
	});
}

#[test]
fn registering_needs_the_deposit() {
	build_and_execute(|| {
		add_operator(5);
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), 5, NODE_DEPOSIT - 1));
		assert_noop!(register(5, peer(1)), DispatchError::Token(TokenError::FundsUnavailable));
		assert!(Nodes::<Test>::get(peer(1)).is_none());
	});
}

// ---- deregister_node ----

#[test]
fn owner_deregisters_its_node_and_gets_the_deposit_back() {
	build_and_execute(|| {
		assert_ok!(register(1, peer(1)));
		assert_ok!(register(1, peer(2)));
		assert_ok!(OperatorNodes::deregister_node(RuntimeOrigin::signed(1), peer(1)));
		assert_eq!(NodesOf::<Test>::get(1).into_inner(), vec![peer(2)]);
		assert!(Nodes::<Test>::get(peer(1)).is_none());
		assert_eq!(held(1), NODE_DEPOSIT);
		assert_eq!(last_event(), Event::NodeDeregistered { operator: 1, peer_id: peer(1) });

		assert_ok!(OperatorNodes::deregister_node(RuntimeOrigin::signed(1), peer(2)));
		assert!(!NodesOf::<Test>::contains_key(1));
		assert_eq!(held(1), 0);
		assert_eq!(free(1), ENDOWMENT);
		// The peer id is free again, for anyone.
		assert_ok!(register(2, peer(1)));
	});
}

#[test]
fn deregister_errors() {
	build_and_execute(|| {
		assert_noop!(
			OperatorNodes::deregister_node(RuntimeOrigin::signed(1), peer(1)),
			Error::<Test>::UnknownNode
		);
		assert_ok!(register(1, peer(1)));
		assert_noop!(
			OperatorNodes::deregister_node(RuntimeOrigin::signed(2), peer(1)),
			Error::<Test>::NotNodeOwner
		);
		assert_noop!(
			OperatorNodes::deregister_node(RuntimeOrigin::signed(COUNCIL), peer(1)),
			Error::<Test>::NotNodeOwner
		);
	});
}

#[test]
fn a_former_operator_may_deregister_its_own_node() {
	build_and_execute(|| {
		assert_ok!(register(1, peer(1)));
		remove_operator(1);
		assert_ok!(OperatorNodes::deregister_node(RuntimeOrigin::signed(1), peer(1)));
		assert_eq!(held(1), 0);
	});
}

// ---- remove_node ----

#[test]
fn council_removes_a_compromised_node_returning_the_deposit() {
	build_and_execute(|| {
		assert_ok!(register(2, peer(1)));
		assert_ok!(register(2, peer(2)));
		assert_ok!(OperatorNodes::remove_node(RuntimeOrigin::signed(COUNCIL), peer(1)));
		assert!(Nodes::<Test>::get(peer(1)).is_none());
		assert_eq!(NodesOf::<Test>::get(2).into_inner(), vec![peer(2)]);
		// Released to the operator, not slashed.
		assert_eq!(held(2), NODE_DEPOSIT);
		assert_eq!(free(2), ENDOWMENT - NODE_DEPOSIT);
		assert_eq!(last_event(), Event::NodeRemoved { operator: 2, peer_id: peer(1) });
		assert_eq!(OperatorNodes::authorized_nodes(), vec![peer(2)]);
	});
}

#[test]
fn remove_node_errors() {
	build_and_execute(|| {
		assert_ok!(register(2, peer(1)));
		// Neither the node's operator nor another operator is the council.
		assert_noop!(
			OperatorNodes::remove_node(RuntimeOrigin::signed(2), peer(1)),
			DispatchError::BadOrigin
		);
		assert_noop!(
			OperatorNodes::remove_node(RuntimeOrigin::signed(1), peer(1)),
			DispatchError::BadOrigin
		);
		assert_noop!(
			OperatorNodes::remove_node(RuntimeOrigin::signed(COUNCIL), peer(9)),
			Error::<Test>::UnknownNode
		);
	});
}

// ---- the rule and reap_nodes ----

#[test]
fn the_rule_keeps_current_members_nodes_only() {
	let registrations = vec![
		(3u64, vec![peer(7), peer(1)]),
		(1, vec![peer(5)]),
		(2, vec![peer(9)]),
		(8, vec![peer(4)]),
	];
	let members = [1u64, 3];
	assert_eq!(
		authorized_peers(registrations.clone(), |who| members.contains(who)),
		vec![peer(1), peer(5), peer(7)]
	);
	assert!(authorized_peers(registrations, |_| false).is_empty());
	assert!(authorized_peers(Vec::<(u64, Vec<NodePeerId>)>::new(), |_| true).is_empty());
}

#[test]
fn a_removed_operator_loses_authorization_at_once_and_reap_releases_its_deposits() {
	build_and_execute(|| {
		for seed in 1..=MAX_NODES as u8 {
			assert_ok!(register(1, peer(seed)));
		}
		assert_ok!(register(2, peer(10)));
		assert_eq!(OperatorNodes::authorized_nodes().len(), MAX_NODES as usize + 1);

		remove_operator(1);
		// Unauthorized in the same block, though still registered.
		assert_eq!(OperatorNodes::authorized_nodes(), vec![peer(10)]);
		assert_eq!(NodesOf::<Test>::get(1).len(), MAX_NODES as usize);

		// Anyone, even an outsider, may reap.
		let call = crate::Call::<Test>::reap_nodes { operator: 1 };
		let declared = call.get_dispatch_info().call_weight;
		let post = OperatorNodes::reap_nodes(RuntimeOrigin::signed(OUTSIDER), 1).unwrap();
		assert_eq!(
			post,
			PostDispatchInfo {
				actual_weight: Some(<() as crate::WeightInfo>::reap_nodes(MAX_NODES)),
				pays_fee: Pays::Yes
			}
		);
		assert_eq!(post.actual_weight, Some(declared));
		assert!(!NodesOf::<Test>::contains_key(1));
		for seed in 1..=MAX_NODES as u8 {
			assert!(Nodes::<Test>::get(peer(seed)).is_none());
		}
		assert_eq!(held(1), 0);
		assert_eq!(free(1), ENDOWMENT);
		assert_eq!(last_event(), Event::NodesReaped { operator: 1, nodes: MAX_NODES });
		// Other operators' nodes are untouched.
		assert_eq!(held(2), NODE_DEPOSIT);
		assert_eq!(OperatorNodes::authorized_nodes(), vec![peer(10)]);
	});
}

#[test]
fn reaping_fewer_nodes_refunds_weight() {
	build_and_execute(|| {
		assert_ok!(register(1, peer(1)));
		remove_operator(1);
		let post = OperatorNodes::reap_nodes(RuntimeOrigin::signed(2), 1).unwrap();
		assert_eq!(post.actual_weight, Some(<() as crate::WeightInfo>::reap_nodes(1)));
		assert_eq!(last_event(), Event::NodesReaped { operator: 1, nodes: 1 });
	});
}

#[test]
fn reap_errors() {
	build_and_execute(|| {
		assert_ok!(register(1, peer(1)));
		assert_noop!(
			OperatorNodes::reap_nodes(RuntimeOrigin::signed(2), 1),
			Error::<Test>::StillOperator
		);
		assert_noop!(
			OperatorNodes::reap_nodes(RuntimeOrigin::signed(2), OUTSIDER),
			Error::<Test>::NoNodes
		);
		assert_noop!(OperatorNodes::reap_nodes(RuntimeOrigin::root(), 1), DispatchError::BadOrigin);
	});
}

#[test]
fn a_readmitted_operator_that_was_not_reaped_is_authorized_again() {
	build_and_execute(|| {
		assert_ok!(register(3, peer(3)));
		remove_operator(3);
		assert!(OperatorNodes::authorized_nodes().is_empty());
		add_operator(3);
		assert_eq!(OperatorNodes::authorized_nodes(), vec![peer(3)]);
	});
}

// ---- off-chain worker ----

fn opaque(peers: &[NodePeerId]) -> Vec<OpaquePeerId> {
	peers.iter().map(|peer| OpaquePeerId::new(peer.to_vec())).collect()
}

#[test]
fn offchain_worker_hands_the_node_exactly_the_authorized_set() {
	let mut ext = new_test_ext();
	let calls = record_offchain(&mut ext);
	ext.execute_with(|| {
		assert_ok!(register(2, peer(2)));
		assert_ok!(register(1, peer(1)));
		assert_ok!(register(1, peer(3)));
		OperatorNodes::offchain_worker(1);

		remove_operator(1);
		OperatorNodes::offchain_worker(2);
	});
	let calls = calls.lock().unwrap().clone();
	assert_eq!(
		calls,
		vec![
			// Raw multihash bytes (what `PeerId::from_bytes` reads), reserved-only.
			(opaque(&[peer(1), peer(2), peer(3)]), true),
			(opaque(&[peer(2)]), true),
		]
	);
}

#[test]
fn offchain_worker_leaves_the_network_open_while_nothing_is_authorized() {
	let mut ext = new_test_ext();
	let calls = record_offchain(&mut ext);
	ext.execute_with(|| {
		// No node at all.
		OperatorNodes::offchain_worker(1);
		// Only a former operator's node: the set is still empty.
		assert_ok!(register(1, peer(1)));
		remove_operator(1);
		OperatorNodes::offchain_worker(2);
	});
	assert!(calls.lock().unwrap().is_empty());
}

// ---- genesis and invariants ----

#[test]
fn genesis_registers_founders_nodes_with_deposits() {
	OperatorSet::set(vec![1, 2, 3]);
	ext_with_nodes(vec![(1, peer(1).into_inner()), (2, peer(2).into_inner())]).execute_with(|| {
		assert_eq!(OperatorNodes::authorized_nodes(), vec![peer(1), peer(2)]);
		assert_eq!(held(1), NODE_DEPOSIT);
		assert_eq!(held(2), NODE_DEPOSIT);
		assert_ok!(OperatorNodes::do_try_state());
	});
}

#[test]
#[should_panic(expected = "genesis node registers")]
fn genesis_refuses_an_invalid_peer_id() {
	ext_with_nodes(vec![(1, b"not a peer id".to_vec())]);
}

#[test]
#[should_panic(expected = "genesis node registers")]
fn genesis_refuses_a_peer_id_twice() {
	ext_with_nodes(vec![(1, peer(1).into_inner()), (2, peer(1).into_inner())]);
}

#[test]
fn try_state_detects_a_missing_reverse_entry() {
	new_test_ext().execute_with(|| {
		assert_ok!(register(1, peer(1)));
		assert_ok!(OperatorNodes::do_try_state());
		Nodes::<Test>::remove(peer(1));
		assert!(OperatorNodes::do_try_state().is_err());
	});
}

#[test]
fn try_state_detects_an_unlisted_record() {
	new_test_ext().execute_with(|| {
		Nodes::<Test>::insert(peer(1), NodeRecord { operator: 1, deposit: 0 });
		assert!(OperatorNodes::do_try_state().is_err());
	});
}

#[test]
fn try_state_detects_a_deposit_mismatch() {
	new_test_ext().execute_with(|| {
		assert_ok!(register(1, peer(1)));
		Nodes::<Test>::mutate(peer(1), |record| {
			if let Some(record) = record {
				record.deposit = NODE_DEPOSIT + 1;
			}
		});
		assert!(OperatorNodes::do_try_state().is_err());
	});
}
