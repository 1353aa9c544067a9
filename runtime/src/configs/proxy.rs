//! Proxies: an operator lets its billing host sign a narrow set of calls in its name, so the host
//! never holds the operator's own key (which also votes in the council and moves funds).

use crate::{deposit, Balance, Balances, Runtime, RuntimeCall, RuntimeEvent, System};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{parameter_types, traits::InstanceFilter};
use scale_info::TypeInfo;
use sp_runtime::traits::BlakeTwo256;

/// What a proxy account may do for the account that registered it.
#[derive(
	Copy,
	Clone,
	Eq,
	PartialEq,
	Ord,
	PartialOrd,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Default,
)]
pub enum ProxyType {
	/// Every call the account itself could make.
	#[default]
	Any,
	/// An operator's billing host: submits, accepts, disputes and withdraws clearing bills and
	/// batch records, and posts and answers roaming usage (TAP) batches, alone or in a `utility`
	/// batch. It cannot move funds, settle, vote, change mandates or settlement details, or manage
	/// proxies.
	Billing,
}

/// The clearing and roaming calls a billing host makes.
fn is_billing_call(call: &RuntimeCall) -> bool {
	use pallet_clearing::Call as Clearing;
	use pallet_roaming_settlement::Call as Roaming;
	use pallet_utility::Call as Utility;
	match call {
		RuntimeCall::Clearing(
			Clearing::submit_bill { .. }
			| Clearing::accept_bill { .. }
			| Clearing::dispute_bill { .. }
			| Clearing::withdraw_bill { .. }
			| Clearing::submit_batch { .. }
			| Clearing::remove_batch_record { .. }
			| Clearing::remove_bill_reference { .. },
		) => true,
		RuntimeCall::Roaming(
			Roaming::submit_batch { .. }
			| Roaming::accept_batch { .. }
			| Roaming::dispute_batch { .. }
			// The home side's TAP-in totals: no more than accepting or disputing the batch.
			| Roaming::post_home_totals { .. },
		) => true,
		// Each call inside a batch passes this filter again when the batch dispatches it.
		RuntimeCall::Utility(
			Utility::batch { .. } | Utility::batch_all { .. } | Utility::force_batch { .. },
		) => true,
		_ => false,
	}
}

impl InstanceFilter<RuntimeCall> for ProxyType {
	fn filter(&self, call: &RuntimeCall) -> bool {
		match self {
			ProxyType::Any => true,
			ProxyType::Billing => is_billing_call(call),
		}
	}

	fn is_superset(&self, other: &Self) -> bool {
		match (self, other) {
			(ProxyType::Any, _) => true,
			(ProxyType::Billing, ProxyType::Billing) => true,
			(ProxyType::Billing, ProxyType::Any) => false,
		}
	}
}

parameter_types! {
	/// Deposit for an account's proxy list: one storage item with its key.
	pub const ProxyDepositBase: Balance = deposit(1, 8);
	/// Additional deposit per proxy: an account id, a proxy type and a delay.
	pub const ProxyDepositFactor: Balance = deposit(0, 33);
	/// Deposit for an account's list of announced calls.
	pub const AnnouncementDepositBase: Balance = deposit(1, 8);
	/// Additional deposit per announcement: an account id, a call hash and a block number.
	pub const AnnouncementDepositFactor: Balance = deposit(0, 68);
}

impl pallet_proxy::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type ProxyType = ProxyType;
	type ProxyDepositBase = ProxyDepositBase;
	type ProxyDepositFactor = ProxyDepositFactor;
	type MaxProxies = frame_support::traits::ConstU32<32>;
	type WeightInfo = pallet_proxy::weights::SubstrateWeight<Runtime>;
	type MaxPending = frame_support::traits::ConstU32<32>;
	type CallHasher = BlakeTwo256;
	type AnnouncementDepositBase = AnnouncementDepositBase;
	type AnnouncementDepositFactor = AnnouncementDepositFactor;
	type BlockNumberProvider = System;
}
