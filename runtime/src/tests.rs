//! Tests of the runtime's genesis presets and configuration.

mod adversarial;
mod capacity;
mod equivocation;
mod governance;
mod proxy;
mod spectrum_api;
#[cfg(feature = "try-runtime")]
mod try_runtime;
mod validators;

use crate::{
	configs::{RuntimeBlockLength, RuntimeBlockWeights},
	genesis_config_presets::{self, SETTLEMENT_ASSETS, SETTLEMENT_FLOAT},
	AccountId, Assets, Aura, Balances, Grandpa, Operators, Runtime, RuntimeGenesisConfig, System,
	UNIT, VERSION,
};
use frame_support::traits::{fungibles::Inspect as _, SortedMembers};
use serde_json::Value;
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::Sr25519Keyring;
use sp_runtime::BuildStorage;

/// Applies a preset patch to a JSON document the way the node's chain-spec builder does.
fn merge(base: &mut Value, patch: Value) {
	match (base, patch) {
		(Value::Object(base), Value::Object(patch)) => {
			for (key, value) in patch {
				merge(base.entry(key).or_insert(Value::Null), value);
			}
		},
		(base, patch) => *base = patch,
	}
}

fn preset_patch(name: &str) -> Value {
	let bytes = genesis_config_presets::get_preset(&PresetId::from(name))
		.unwrap_or_else(|| panic!("preset {name} exists"));
	serde_json::from_slice(&bytes).expect("a preset is valid JSON")
}

/// Builds the full genesis config of a preset and decodes it into the runtime's type.
fn genesis_of(name: &str) -> RuntimeGenesisConfig {
	let mut full = serde_json::to_value(RuntimeGenesisConfig::default()).expect("serialises");
	merge(&mut full, preset_patch(name));
	serde_json::from_value(full).expect("the preset decodes into RuntimeGenesisConfig")
}

fn externalities_of(name: &str) -> sp_io::TestExternalities {
	let storage = genesis_of(name).build_storage().expect("the preset builds a genesis state");
	sp_io::TestExternalities::new(storage)
}

fn accounts(keys: &[Sr25519Keyring]) -> Vec<AccountId> {
	keys.iter().map(|k| k.to_account_id()).collect()
}

#[test]
fn every_listed_preset_builds_and_decodes() {
	let names = genesis_config_presets::preset_names();
	assert_eq!(
		names,
		vec![PresetId::from(DEV_RUNTIME_PRESET), PresetId::from(LOCAL_TESTNET_RUNTIME_PRESET)]
	);
	for name in names {
		let bytes: &[u8] = name.as_ref();
		let name = String::from_utf8(bytes.to_vec()).expect("preset names are UTF-8");
		externalities_of(&name).execute_with(|| {
			assert_eq!(System::block_number(), 0);
			assert!(!Operators::sorted_members().is_empty(), "{name} has operators");
		});
	}
}

#[test]
fn unknown_preset_is_none_and_dev_alias_matches_development() {
	assert!(genesis_config_presets::get_preset(&PresetId::from("mainnet")).is_none());
	assert_eq!(preset_patch("dev"), preset_patch(DEV_RUNTIME_PRESET));
}

#[test]
fn development_preset_has_one_authority_and_four_operators() {
	use Sr25519Keyring::*;
	externalities_of(DEV_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 1);
		assert_eq!(Grandpa::grandpa_authorities().len(), 1);
		let mut operators = accounts(&[Alice, Bob, Charlie, Dave]);
		operators.sort();
		assert_eq!(Operators::sorted_members(), operators);
		// Every operator holds a council seat.
		assert_eq!(
			pallet_collective::Members::<Runtime, crate::configs::CouncilCollective>::get(),
			operators
		);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(Alice.to_account_id()));
		for account in Sr25519Keyring::well_known() {
			// Dave's device deposits are held, not spent.
			let total =
				<Balances as frame_support::traits::fungible::Inspect<AccountId>>::total_balance(
					&account.to_account_id(),
				);
			assert_eq!(total, 1_000_000 * UNIT);
		}
		assert_eq!(Aura::slot_duration(), 6_000);
		// The demo data: the operators' networks and Dave's radio units.
		let tadigs = pallet_roaming_settlement::TadigsOf::<Runtime>::get(Alice.to_account_id());
		assert_eq!(tadigs.iter().map(|t| t.as_str()).collect::<Vec<_>>(), vec!["DEUTC"]);
		let tadigs = pallet_roaming_settlement::TadigsOf::<Runtime>::get(Dave.to_account_id());
		assert_eq!(tadigs.iter().map(|t| t.as_str()).collect::<Vec<_>>(), vec!["ESPTC"]);
		assert!(pallet_device_identity::Manufacturers::<Runtime>::contains_key(
			Dave.to_account_id()
		));
		assert_eq!(pallet_device_identity::Devices::<Runtime>::iter().count(), 3);
		// … a roaming agreement in force, a licence with a posted offer, an open tender and a
		// shared site, so every pallet has data for a newcomer.
		let agreement =
			pallet_roaming_settlement::Agreements::<Runtime>::get(0).expect("agreement");
		assert_eq!(agreement.status, pallet_roaming_settlement::AgreementStatus::Active);
		assert_eq!((agreement.tadig_a.as_str(), agreement.tadig_b.as_str()), ("GBRTC", "FRAMC"));
		assert!(pallet_spectrum_market::Licences::<Runtime>::contains_key(0));
		assert!(pallet_spectrum_market::Offers::<Runtime>::get(0).expect("offer").open);
		assert_eq!(
			pallet_tender::Tenders::<Runtime>::get(0).expect("tender").status,
			pallet_tender::TenderStatus::Open
		);
		let site = pallet_5g_sharing::Sites::<Runtime>::get(0).expect("site");
		assert_eq!(site.pools.radio.capacity, 1_000);
		assert_eq!(
			pallet_5g_sharing::Projects::<Runtime>::get(0).expect("project").committed(),
			10_000
		);
	});
}

#[test]
fn development_preset_creates_funded_settlement_assets() {
	use Sr25519Keyring::*;
	externalities_of(DEV_RUNTIME_PRESET).execute_with(|| {
		for asset in SETTLEMENT_ASSETS.iter() {
			assert!(Assets::asset_exists(asset.id), "asset {} exists", asset.id);
			for who in accounts(&[Alice, Bob, Charlie, Dave]) {
				assert_eq!(Assets::balance(asset.id, &who), SETTLEMENT_FLOAT);
			}
			assert_eq!(Assets::balance(asset.id, Eve.to_account_id()), 0);
		}
		assert_eq!(
			<Assets as frame_support::traits::fungibles::metadata::Inspect<AccountId>>::symbol(1),
			b"XDR".to_vec()
		);
		// Clearing knows the operators and settles XDR, EUR and USD in these assets.
		for who in accounts(&[Alice, Bob, Charlie, Dave]) {
			assert!(pallet_clearing::Participants::<Runtime>::contains_key(&who));
		}
		assert_eq!(
			pallet_clearing::SettlementAssets::<Runtime>::get(
				telecom_primitives::CurrencyCode::XDR
			),
			Some(1)
		);
		assert_eq!(
			pallet_clearing::SettlementAssets::<Runtime>::get(
				telecom_primitives::CurrencyCode::USD
			),
			Some(3)
		);
		assert_eq!(pallet_clearing::OpenCycle::<Runtime>::get(), 0);
	});
}

#[test]
fn local_preset_has_four_validators_who_are_operators() {
	use Sr25519Keyring::*;
	externalities_of(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 4);
		assert_eq!(Grandpa::grandpa_authorities().len(), 4);
		let mut operators = accounts(&[Alice, Bob, Charlie, Dave]);
		operators.sort();
		assert_eq!(Operators::sorted_members(), operators);
		assert_eq!(
			pallet_collective::Members::<Runtime, crate::configs::CouncilCollective>::get(),
			operators
		);
	});
}

#[test]
fn block_limits_are_as_documented() {
	let weights = RuntimeBlockWeights::get();
	assert_eq!(
		weights.max_block.ref_time(),
		5 * frame_support::weights::constants::WEIGHT_REF_TIME_PER_SECOND / 2
	);
	// Normal extrinsics get 2.25 s, operational ones the whole block; bases are the measured ones.
	let normal = weights.get(frame_support::dispatch::DispatchClass::Normal);
	assert_eq!(
		normal.max_total.map(|w| w.ref_time()),
		Some(9 * frame_support::weights::constants::WEIGHT_REF_TIME_PER_SECOND / 4)
	);
	assert_eq!(normal.base_extrinsic, crate::weights::extrinsic_base_weight());
	assert_eq!(weights.base_block, crate::weights::block_weights::BlockExecutionWeight::get());
	assert!(weights.clone().validate().is_ok());
	let length = RuntimeBlockLength::get();
	assert_eq!(
		*length.max.get(frame_support::dispatch::DispatchClass::Operational),
		5 * 1024 * 1024
	);
	assert_eq!(
		*length.max.get(frame_support::dispatch::DispatchClass::Normal),
		sp_runtime::Perbill::from_percent(90) * (5 * 1024 * 1024)
	);
	assert_eq!(VERSION.spec_name, "telecom-chain");
}

#[test]
fn a_signed_no_op_pays_at_least_its_measured_overhead() {
	use crate::weights::{
		author_overhead, executed_base_weight, extrinsic_base, extrinsic_base_weight,
		extrinsic_weights,
	};
	let base = executed_base_weight().ref_time();
	let nanos = frame_support::weights::constants::WEIGHT_REF_TIME_PER_NANOS;
	// The executed base never drops below one signature check, and with the extensions' own
	// execution weights added back it covers the whole measured no-op.
	assert!(base >= extrinsic_base::SR25519_VERIFICATION_NS * nanos);
	assert!(
		base + extrinsic_base::EXTENSIONS_NS * nanos
			>= extrinsic_weights::ExtrinsicBaseWeight::get().ref_time()
	);
	assert!(base <= extrinsic_weights::ExtrinsicBaseWeight::get().ref_time());
	// Every extrinsic also pays what authoring it costs, and nothing else.
	assert_eq!(
		extrinsic_base_weight().ref_time(),
		base + author_overhead::AUTHOR_OVERHEAD_NS * nanos
	);
}

#[test]
fn extension_execution_matches_the_generated_extension_weights() {
	use crate::weights::{
		extrinsic_base::EXTENSIONS_NS, frame_system_extensions as system_weights,
		pallet_transaction_payment as payment_weights,
	};
	use ::pallet_transaction_payment::WeightInfo as _;
	use frame_support::weights::Weight;
	use frame_system::ExtensionsWeightInfo as _;
	type System = system_weights::WeightInfo<Runtime>;
	type Payment = payment_weights::WeightInfo<Runtime>;
	let db = <Runtime as frame_system::Config>::DbWeight::get();
	// Execution only: the nonce check and the fee payment each read and write the signer's account.
	let ns =
		|w: Weight| w.ref_time() / frame_support::weights::constants::WEIGHT_REF_TIME_PER_NANOS;
	let execution = [
		ns(System::check_non_zero_sender()),
		ns(System::check_spec_version()),
		ns(System::check_tx_version()),
		ns(System::check_genesis()),
		ns(System::check_mortality_mortal_transaction())
			.min(ns(System::check_mortality_immortal_transaction())),
		ns(System::check_nonce().saturating_sub(db.reads_writes(1, 1))),
		ns(System::check_weight()),
		ns(Payment::charge_transaction_payment().saturating_sub(db.reads_writes(1, 1))),
		ns(System::weight_reclaim()),
	];
	assert_eq!(execution.iter().sum::<u64>(), EXTENSIONS_NS);
}

#[test]
fn every_business_pallet_starts_at_its_declared_storage_version() {
	use frame_support::traits::{GetStorageVersion, StorageVersion};
	externalities_of(DEV_RUNTIME_PRESET).execute_with(|| {
		let versions: [(&str, StorageVersion, StorageVersion); 7] = [
			(
				"Clearing",
				crate::Clearing::on_chain_storage_version(),
				crate::Clearing::in_code_storage_version(),
			),
			(
				"Tender",
				crate::Tender::on_chain_storage_version(),
				crate::Tender::in_code_storage_version(),
			),
			(
				"Roaming",
				crate::Roaming::on_chain_storage_version(),
				crate::Roaming::in_code_storage_version(),
			),
			(
				"DeviceIdentity",
				crate::DeviceIdentity::on_chain_storage_version(),
				crate::DeviceIdentity::in_code_storage_version(),
			),
			(
				"Spectrum",
				crate::Spectrum::on_chain_storage_version(),
				crate::Spectrum::in_code_storage_version(),
			),
			(
				"FiveGSharing",
				crate::FiveGSharing::on_chain_storage_version(),
				crate::FiveGSharing::in_code_storage_version(),
			),
			(
				"CouncilRoot",
				crate::CouncilRoot::on_chain_storage_version(),
				crate::CouncilRoot::in_code_storage_version(),
			),
		];
		for (pallet, on_chain, in_code) in versions {
			// Roaming: exact sub-unit amounts since layout version 2, the IOT tariff model and
			// the invoice currency since version 3, confidential agreements since version 4,
			// confidential discount agreements since version 5. 5G sharing: capacity per kind
			// since version 2.
			let declared = match pallet {
				"Roaming" => 5,
				"FiveGSharing" => 2,
				_ => 1,
			};
			assert_eq!(
				in_code,
				StorageVersion::new(declared),
				"{pallet} declares its layout version"
			);
			assert_eq!(on_chain, in_code, "{pallet}: genesis writes the declared version");
		}
	});
}

#[test]
fn the_runtime_migrates_5g_sharing_sites_to_capacity_per_kind() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	externalities_of(DEV_RUNTIME_PRESET).execute_with(|| {
		// A chain upgraded from a runtime whose 5G sharing storage is at layout version 1.
		StorageVersion::new(1).put::<crate::FiveGSharing>();
		<crate::Migrations as OnRuntimeUpgrade>::on_runtime_upgrade();
		assert_eq!(crate::FiveGSharing::on_chain_storage_version(), StorageVersion::new(2));
	});
}

#[test]
fn the_runtime_migrates_roaming_books_from_layout_version_1() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	externalities_of(DEV_RUNTIME_PRESET).execute_with(|| {
		// A chain upgraded from a runtime whose roaming books are at layout version 1.
		StorageVersion::new(1).put::<crate::Roaming>();
		<crate::Migrations as OnRuntimeUpgrade>::on_runtime_upgrade();
		assert_eq!(crate::Roaming::on_chain_storage_version(), StorageVersion::new(5));
		// Once migrated, the migrations are no-ops: one read each (roaming's storage version
		// for each of its four steps, 5G sharing's, GRANDPA's set id for
		// `InitEquivocationHistory`).
		let again = <crate::Migrations as OnRuntimeUpgrade>::on_runtime_upgrade();
		assert_eq!(again, <crate::Runtime as frame_system::Config>::DbWeight::get().reads(6));
	});
}
