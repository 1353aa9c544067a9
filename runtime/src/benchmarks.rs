//! The pallets whose weights the node's `benchmark pallet` command measures.
//!
//! `define_benchmarks!` exports `list_benchmarks!` and `add_benchmarks!`; the pallet types named
//! here resolve where those run, in `apis.rs`.

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench::<Runtime>]
	[frame_system, SystemBench::<Runtime>]
	[frame_system_extensions, SystemExtensionsBench::<Runtime>]
	[pallet_transaction_payment, TransactionPayment]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_sudo, Sudo]
	[pallet_utility, Utility]
	[pallet_multisig, Multisig]
	[pallet_proxy, Proxy]
	[pallet_collective, Council]
	[pallet_membership, Operators]
	[pallet_assets, Assets]
	[pallet_council_root, CouncilRoot]
	[pallet_operator_nodes, OperatorNodes]
	[pallet_clearing, Clearing]
	[pallet_tender, Tender]
	[pallet_roaming_settlement, Roaming]
	[pallet_device_identity, DeviceIdentity]
	[pallet_spectrum_market, Spectrum]
	[pallet_5g_sharing, FiveGSharing]
);
