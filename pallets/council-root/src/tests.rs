//! Tests of `pallet-council-root`.

use crate::{mock::*, Error, Event};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::{GetDispatchInfo, Pays},
	weights::Weight,
};
use frame_system::RawOrigin;
use sp_runtime::DispatchError;

fn root_call(call: RuntimeCall) -> Box<RuntimeCall> {
	Box::new(call)
}

fn set_heap_pages(pages: u64) -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::set_heap_pages { pages })
}

#[test]
fn a_carried_motion_dispatches_a_root_only_call() {
	new_test_ext().execute_with(|| {
		assert_ok!(CouncilRoot::dispatch_as_root(
			RuntimeOrigin::signed(1),
			root_call(set_heap_pages(42))
		));
		assert_eq!(
			sp_io::storage::get(sp_core::storage::well_known_keys::HEAP_PAGES).map(|v| v.to_vec()),
			Some(42u64.to_le_bytes().to_vec())
		);
		System::assert_last_event(Event::DispatchedAsRoot { result: Ok(()) }.into());
	});
}

#[test]
fn a_carried_motion_can_authorise_a_runtime_upgrade() {
	new_test_ext().execute_with(|| {
		let code_hash = sp_core::H256::repeat_byte(7);
		assert_ok!(CouncilRoot::dispatch_as_root(
			RuntimeOrigin::signed(1),
			root_call(RuntimeCall::System(frame_system::Call::authorize_upgrade { code_hash }))
		));
		assert_eq!(
			frame_system::Pallet::<Test>::authorized_upgrade().map(|a| *a.code_hash()),
			Some(code_hash)
		);
	});
}

#[test]
fn anyone_else_is_refused() {
	new_test_ext().execute_with(|| {
		for origin in [RuntimeOrigin::signed(2), RuntimeOrigin::none()] {
			assert_noop!(
				CouncilRoot::dispatch_as_root(origin, root_call(set_heap_pages(1))),
				DispatchError::BadOrigin
			);
		}
		// Root itself is not a council motion either: there is no key that stands for it.
		assert_noop!(
			CouncilRoot::dispatch_as_root(RawOrigin::Root.into(), root_call(set_heap_pages(1))),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn forbidden_calls_are_refused_also_when_nested() {
	new_test_ext().execute_with(|| {
		let forbidden = RuntimeCall::System(frame_system::Call::remark_with_event {
			remark: b"hand the chain to one key".to_vec(),
		});
		assert_noop!(
			CouncilRoot::dispatch_as_root(RuntimeOrigin::signed(1), root_call(forbidden.clone())),
			Error::<Test>::CallForbidden
		);
		let nested =
			RuntimeCall::CouncilRoot(crate::Call::dispatch_as_root { call: Box::new(forbidden) });
		assert_noop!(
			CouncilRoot::dispatch_as_root(RuntimeOrigin::signed(1), root_call(nested)),
			Error::<Test>::CallForbidden
		);
	});
}

#[test]
fn a_failing_inner_call_is_reported_not_hidden() {
	new_test_ext().execute_with(|| {
		// Applying an upgrade that nobody authorised fails: the motion closes, the event carries
		// the inner error.
		let failing = RuntimeCall::System(frame_system::Call::apply_authorized_upgrade {
			code: vec![1, 2, 3],
		});
		assert_ok!(CouncilRoot::dispatch_as_root(RuntimeOrigin::signed(1), root_call(failing)));
		let last = System::events().pop().map(|record| record.event);
		assert!(
			matches!(
				last,
				Some(RuntimeEvent::CouncilRoot(Event::DispatchedAsRoot { result: Err(_) }))
			),
			"{last:?}"
		);
	});
}

#[test]
fn weight_is_the_wrapper_plus_the_inner_call() {
	new_test_ext().execute_with(|| {
		let inner = set_heap_pages(3);
		let inner_info = inner.get_dispatch_info();
		let outer = RuntimeCall::CouncilRoot(crate::Call::dispatch_as_root {
			call: root_call(inner.clone()),
		});
		let wrapper = <() as crate::WeightInfo>::dispatch_as_root();
		assert!(wrapper.any_gt(Weight::zero()));
		let info = outer.get_dispatch_info();
		assert_eq!(info.call_weight, wrapper.saturating_add(inner_info.call_weight));
		assert_eq!(info.class, inner_info.class);
		let post = CouncilRoot::dispatch_as_root(RuntimeOrigin::signed(1), root_call(inner))
			.expect("a carried motion dispatches");
		assert_eq!(post.pays_fee, Pays::Yes);
		assert!(post.actual_weight.is_some_and(|w| w.all_lte(info.call_weight)));
	});
}

#[test]
fn try_state_holds_at_the_declared_storage_version_and_catches_a_missed_migration() {
	new_test_ext().execute_with(|| {
		assert_ok!(crate::Pallet::<Test>::do_try_state());
		assert_ok!(CouncilRoot::dispatch_as_root(
			RuntimeOrigin::signed(1),
			root_call(set_heap_pages(64))
		));
		assert_ok!(crate::Pallet::<Test>::do_try_state());
		frame_support::traits::StorageVersion::new(0).put::<CouncilRoot>();
		assert!(crate::Pallet::<Test>::do_try_state().is_err());
	});
}
