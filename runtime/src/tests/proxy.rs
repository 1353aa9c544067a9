//! A billing host signs as its operator's `Billing` proxy: clearing bills and batches, roaming
//! usage batches, nothing else.

use super::externalities_of;
use crate::{
	configs::{ProxyDepositBase, ProxyDepositFactor, ProxyType},
	AccountId, Balances, Proxy, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin, System,
};
use frame_support::{assert_noop, assert_ok, traits::InstanceFilter};
use sp_core::H256;
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Dave};
use sp_runtime::{traits::Dispatchable, DispatchError};
use telecom_primitives::CurrencyCode;

fn bill(reference: u8) -> RuntimeCall {
	RuntimeCall::Clearing(pallet_clearing::Call::submit_bill {
		payer: Bob.to_account_id(),
		currency: CurrencyCode::XDR,
		amount: 12_345,
		reference: H256::repeat_byte(reference),
		document: H256::repeat_byte(0xd0),
	})
}

/// `host` calls `call` as `Alice`'s `Billing` proxy; returns the outcome the proxy pallet reports.
fn as_billing_host(host: &AccountId, call: RuntimeCall) -> Result<(), DispatchError> {
	System::reset_events();
	assert_ok!(Proxy::proxy(
		RuntimeOrigin::signed(host.clone()),
		Alice.to_account_id().into(),
		Some(ProxyType::Billing),
		Box::new(call),
	));
	System::events()
		.into_iter()
		.find_map(|record| match record.event {
			RuntimeEvent::Proxy(pallet_proxy::Event::ProxyExecuted { result }) => Some(result),
			_ => None,
		})
		.unwrap_or(Ok(()))
}

fn bills_submitted() -> usize {
	System::events()
		.into_iter()
		.filter(|record| {
			matches!(
				&record.event,
				RuntimeEvent::Clearing(pallet_clearing::Event::BillSubmitted { payee, .. })
					if *payee == Alice.to_account_id()
			)
		})
		.count()
}

fn filtered() -> Result<(), DispatchError> {
	Err(frame_system::Error::<Runtime>::CallFiltered.into())
}

#[test]
fn a_billing_proxy_submits_bills_and_nothing_else() {
	externalities_of(DEV_RUNTIME_PRESET).execute_with(|| {
		System::set_block_number(1);
		let alice = Alice.to_account_id();
		let host = Dave.to_account_id();
		let reserved = Balances::reserved_balance(&alice);
		assert_ok!(Proxy::add_proxy(
			RuntimeOrigin::signed(alice.clone()),
			host.clone().into(),
			ProxyType::Billing,
			0
		));
		assert_eq!(
			Balances::reserved_balance(&alice),
			reserved + ProxyDepositBase::get() + ProxyDepositFactor::get()
		);

		// A bill, alone and in a batch, is booked with Alice as payee.
		assert_eq!(as_billing_host(&host, bill(1)), Ok(()));
		assert_eq!(bills_submitted(), 1);
		let batch =
			RuntimeCall::Utility(pallet_utility::Call::batch_all { calls: vec![bill(2), bill(3)] });
		assert_eq!(as_billing_host(&host, batch), Ok(()));
		assert_eq!(bills_submitted(), 2);

		// Moving Alice's funds, settling, managing proxies or voting is refused, also in a batch.
		let free = Balances::free_balance(&alice);
		let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: host.clone().into(),
			value: 1_000,
		});
		assert_eq!(as_billing_host(&host, transfer.clone()), filtered());
		let smuggled = RuntimeCall::Utility(pallet_utility::Call::batch_all {
			calls: vec![bill(4), transfer],
		});
		assert_eq!(as_billing_host(&host, smuggled), filtered());
		assert_eq!(bills_submitted(), 0, "batch_all rolled the bill back with the transfer");
		let escalate = RuntimeCall::Proxy(pallet_proxy::Call::add_proxy {
			delegate: host.clone().into(),
			proxy_type: ProxyType::Any,
			delay: 0,
		});
		assert_eq!(as_billing_host(&host, escalate), filtered());
		let settle = RuntimeCall::Clearing(pallet_clearing::Call::settle_on_chain {
			cycle: 0,
			currency: CurrencyCode::XDR,
		});
		assert_eq!(as_billing_host(&host, settle), filtered());
		let vote = RuntimeCall::Council(pallet_collective::Call::vote {
			proposal: H256::zero(),
			index: 0,
			approve: true,
		});
		assert_eq!(as_billing_host(&host, vote), filtered());
		assert_eq!(Balances::free_balance(&alice), free);

		// Revoked: the host's key is worthless and Alice's proxy deposit comes back (the bills
		// keep theirs).
		let with_proxy = Balances::reserved_balance(&alice);
		assert_ok!(Proxy::remove_proxies(RuntimeOrigin::signed(alice.clone())));
		assert_eq!(
			Balances::reserved_balance(&alice),
			with_proxy - ProxyDepositBase::get() - ProxyDepositFactor::get()
		);
		assert_noop!(
			Proxy::proxy(
				RuntimeOrigin::signed(host.clone()),
				alice.clone().into(),
				Some(ProxyType::Billing),
				Box::new(bill(5)),
			),
			pallet_proxy::Error::<Runtime>::NotProxy
		);
	});
}

#[test]
fn a_billing_proxy_cannot_be_promoted_and_an_any_proxy_can_do_everything() {
	externalities_of(DEV_RUNTIME_PRESET).execute_with(|| {
		System::set_block_number(1);
		assert!(ProxyType::Any.is_superset(&ProxyType::Billing));
		assert!(!ProxyType::Billing.is_superset(&ProxyType::Any));
		let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: Dave.to_account_id().into(),
			value: 1_000,
		});
		assert!(ProxyType::Any.filter(&transfer));
		assert!(!ProxyType::Billing.filter(&transfer));
		assert!(ProxyType::Billing.filter(&bill(1)));
		// Plain dispatch by the operator itself is untouched by proxy filters.
		assert_ok!(transfer.dispatch(RuntimeOrigin::signed(Alice.to_account_id())));
	});
}
