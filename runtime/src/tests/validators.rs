//! Validators follow membership: an admitted operator with session keys validates from the
//! session after next, a removed one stops, and nobody else ever validates.

use super::merge;
use crate::{
	genesis_config_presets::{production_genesis, FoundingOperator},
	opaque::SessionKeys,
	AccountId, Balances, Operators, Runtime, RuntimeOrigin, Session, System, UNIT,
};
use codec::Encode;
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
use sp_core::{ed25519, sr25519};
use sp_runtime::BuildStorage;
use std::sync::Arc;

pub(super) fn account(n: u8) -> AccountId {
	AccountId::from([n; 32])
}

/// An ed25519 libp2p peer id (identity multihash of the protobuf-encoded key) made from `n`.
pub(super) fn peer_id(n: u8) -> Vec<u8> {
	let mut id = vec![0x00, 0x24, 0x08, 0x01, 0x12, 0x20];
	id.extend([n; 32]);
	id
}

fn founders() -> Vec<FoundingOperator> {
	(1u8..=4)
		.map(|n| FoundingOperator {
			account: account(n),
			aura: sr25519::Public::from_raw([n.saturating_add(10); 32]).into(),
			grandpa: ed25519::Public::from_raw([n.saturating_add(20); 32]).into(),
			tadig: None,
			nodes: vec![peer_id(n)],
		})
		.collect()
}

fn production_ext() -> sp_io::TestExternalities {
	let mut full = serde_json::to_value(crate::RuntimeGenesisConfig::default()).expect("json");
	merge(&mut full, production_genesis(&founders()));
	let genesis: crate::RuntimeGenesisConfig = serde_json::from_value(full).expect("decodes");
	let mut ext = sp_io::TestExternalities::new(genesis.build_storage().expect("builds"));
	ext.register_extension(sp_keystore::KeystoreExt(Arc::new(
		sp_keystore::testing::MemoryKeystore::new(),
	)));
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Registers fresh session keys for `who` the way `author_rotateKeysWithOwner` + `session.setKeys`
/// do, with a valid ownership proof.
fn register_keys(who: &AccountId) -> SessionKeys {
	let generated = SessionKeys::generate(&who.encode(), None);
	assert_ok!(Session::set_keys(
		RuntimeOrigin::signed(who.clone()),
		generated.keys.clone(),
		generated.proof.encode()
	));
	generated.keys
}

fn rotate_twice() {
	Session::rotate_session();
	Session::rotate_session();
}

fn aura_authorities() -> usize {
	pallet_aura::Authorities::<Runtime>::get().len()
}

#[test]
fn the_founders_validate_from_genesis() {
	production_ext().execute_with(|| {
		let founders: Vec<AccountId> = founders().into_iter().map(|f| f.account).collect();
		assert_eq!(Session::validators(), founders);
		assert_eq!(aura_authorities(), 4);
		assert_eq!(crate::Grandpa::grandpa_authorities().len(), 4);
		// A session with the same operators changes nothing.
		rotate_twice();
		assert_eq!(Session::validators(), founders);
	});
}

#[test]
fn an_admitted_operator_with_keys_validates_from_the_session_after_next() {
	production_ext().execute_with(|| {
		let newcomer = account(5);
		assert_ok!(Operators::add_member(RuntimeOrigin::root(), newcomer.clone().into()));
		assert_ok!(Balances::force_set_balance(
			RuntimeOrigin::root(),
			newcomer.clone().into(),
			10 * UNIT
		));
		// Admitted but without keys: not planned.
		rotate_twice();
		assert!(!Session::validators().contains(&newcomer));

		let keys = register_keys(&newcomer);
		Session::rotate_session();
		assert!(!Session::validators().contains(&newcomer), "queued, not yet active");
		Session::rotate_session();
		assert!(Session::validators().contains(&newcomer));
		assert_eq!(aura_authorities(), 5);
		assert!(pallet_aura::Authorities::<Runtime>::get().contains(&keys.aura));
		assert_eq!(
			<Balances as InspectHold<_>>::total_balance_on_hold(&newcomer),
			crate::configs::SessionKeyDeposit::get()
		);
	});
}

#[test]
fn a_removed_operator_stops_validating() {
	production_ext().execute_with(|| {
		let leaving = account(4);
		assert_ok!(Operators::remove_member(RuntimeOrigin::root(), leaving.clone().into()));
		rotate_twice();
		assert!(!Session::validators().contains(&leaving));
		assert_eq!(aura_authorities(), 3);
		assert_eq!(crate::Grandpa::grandpa_authorities().len(), 4, "GRANDPA changes at enactment");
	});
}

#[test]
fn a_validator_rotates_its_keys_without_leaving_the_set() {
	production_ext().execute_with(|| {
		let founder = account(1);
		let old_aura = || {
			pallet_aura::Authorities::<Runtime>::get()
				.contains(&sr25519::Public::from_raw([11; 32]).into())
		};
		assert!(old_aura());
		assert_ok!(Balances::force_set_balance(
			RuntimeOrigin::root(),
			founder.clone().into(),
			10 * UNIT
		));
		let held = || <Balances as InspectHold<_>>::total_balance_on_hold(&founder);
		let held_before = held();
		let keys = register_keys(&founder);
		// Replacing registered keys takes no second deposit (a founder's genesis keys hold none).
		assert_eq!(held(), held_before);

		// The old keys sign for the rest of this session and the next; the founder validates
		// throughout.
		Session::rotate_session();
		assert!(Session::validators().contains(&founder));
		assert!(old_aura(), "the queued keys are not active yet");
		Session::rotate_session();
		assert!(Session::validators().contains(&founder));
		assert!(!old_aura(), "the old Aura key is retired");
		let authorities = pallet_aura::Authorities::<Runtime>::get();
		assert!(authorities.contains(&keys.aura));
		assert_eq!(authorities.len(), 4);
		assert_eq!(Session::load_keys(&founder), Some(keys));
		// Rotating again replaces the registration; still no second deposit.
		register_keys(&founder);
		assert_eq!(held(), held_before);
	});
}

#[test]
fn an_account_that_is_not_an_operator_never_validates() {
	production_ext().execute_with(|| {
		let outsider = account(9);
		assert_ok!(Balances::force_set_balance(
			RuntimeOrigin::root(),
			outsider.clone().into(),
			10 * UNIT
		));
		register_keys(&outsider);
		rotate_twice();
		rotate_twice();
		assert!(!Session::validators().contains(&outsider));
		assert_eq!(aura_authorities(), 4);
	});
}

#[test]
fn keys_need_a_proof_of_ownership() {
	production_ext().execute_with(|| {
		let thief = account(1);
		// Keys generated for another owner: the proof does not hold for the thief.
		let generated = SessionKeys::generate(&account(5).encode(), None);
		assert_noop!(
			Session::set_keys(
				RuntimeOrigin::signed(thief),
				generated.keys,
				generated.proof.encode()
			),
			pallet_session::Error::<Runtime>::InvalidProof
		);
	});
}

#[test]
fn an_operator_that_purges_its_keys_leaves_the_set_and_gets_its_deposit_back() {
	production_ext().execute_with(|| {
		let newcomer = account(5);
		assert_ok!(Operators::add_member(RuntimeOrigin::root(), newcomer.clone().into()));
		assert_ok!(Balances::force_set_balance(
			RuntimeOrigin::root(),
			newcomer.clone().into(),
			10 * UNIT
		));
		register_keys(&newcomer);
		rotate_twice();
		assert!(Session::validators().contains(&newcomer));

		assert_ok!(Session::purge_keys(RuntimeOrigin::signed(newcomer.clone())));
		assert_eq!(<Balances as InspectHold<_>>::total_balance_on_hold(&newcomer), 0);
		assert!(!crate::configs::OperatorValidators::planned().contains(&newcomer));
		rotate_twice();
		assert!(!Session::validators().contains(&newcomer));
		assert_eq!(aura_authorities(), 4);
	});
}

#[test]
fn no_stored_session_period_stops_sessions() {
	use crate::configs::{
		ClampedSessionPeriod, SessionPeriod, MAX_SESSION_PERIOD, MIN_SESSION_PERIOD,
	};
	use frame_support::traits::Get;
	use pallet_session::ShouldEndSession;
	production_ext().execute_with(|| {
		for (stored, used) in [
			(0, MIN_SESSION_PERIOD),
			(1, MIN_SESSION_PERIOD),
			(MIN_SESSION_PERIOD + 1, MIN_SESSION_PERIOD + 1),
			(u32::MAX, MAX_SESSION_PERIOD),
		] {
			SessionPeriod::set(&stored);
			assert_eq!(ClampedSessionPeriod::get(), used);
			// Would divide by zero with the raw value 0.
			let _ = <Runtime as pallet_session::Config>::ShouldEndSession::should_end_session(7);
		}
	});
}

#[test]
fn only_current_operators_nodes_may_connect_and_a_removed_operators_nodes_leave_at_once() {
	production_ext().execute_with(|| {
		let authorized = || {
			let mut nodes: Vec<Vec<u8>> = crate::OperatorNodes::authorized_nodes()
				.into_iter()
				.map(|node| node.into_inner())
				.collect();
			nodes.sort();
			nodes
		};
		assert_eq!(authorized(), (1u8..=4).map(peer_id).collect::<Vec<_>>());
		let deposit = crate::configs::NodeDeposit::get();
		let held = |who: &AccountId| Balances::total_balance_on_hold(who);
		assert!(held(&account(4)) >= deposit);

		// The council removes operator 4: its node is refused from the next offchain-worker run,
		// before its deposit is reaped, and a node of a non-operator cannot be registered.
		assert_ok!(Operators::remove_member(RuntimeOrigin::root(), account(4).into()));
		assert_eq!(authorized(), (1u8..=3).map(peer_id).collect::<Vec<_>>());
		assert_noop!(
			crate::OperatorNodes::register_node(
				RuntimeOrigin::signed(account(4)),
				peer_id(44).try_into().expect("bounded")
			),
			pallet_operator_nodes::Error::<Runtime>::NotOperator
		);
		let before = held(&account(4));
		assert_ok!(crate::OperatorNodes::reap_nodes(RuntimeOrigin::signed(account(1)), account(4)));
		assert_eq!(held(&account(4)), before - deposit);
		assert_eq!(authorized().len(), 3);
	});
}
