//! The runtime's upgrade checks against a snapshot of a populated dev chain (what `try-runtime-cli
//! on-runtime-upgrade` does, in-repo and offline): the snapshot's raw storage is loaded into test
//! externalities, then `Executive::try_runtime_upgrade` runs every migration of `Migrations` and
//! every pallet's `on_runtime_upgrade` with their `pre_upgrade`/`post_upgrade` checks, decodes the
//! entire state and runs every pallet's `try_state`.
//!
//! The snapshot (`runtime/snapshots/dev-populated.json`) is the raw chain spec that
//! `telecom-node export-state` wrote of a dev chain after `scripts/demo.sh` ran every business
//! story on it (roaming agreements and batches, spectrum grants, 5G sites, tenders, device
//! identities, clearing bills): see `runtime/snapshots/README.md` to make a new one. Only the
//! runtime's own wasm (`:code`) is left out; the checks run natively.
//!
//! `cargo test --release -p telecom-runtime --features try-runtime try_runtime` checks the
//! migrations of this runtime; with `--features try-runtime,upgrade-rehearsal` those of the next
//! runtime (clearing storage version 1 → 2), which the upgrade rehearsal installs.

use crate::{Executive, Runtime};
use frame_support::traits::{GetStorageVersion, StorageVersion};
use frame_try_runtime::UpgradeCheckSelect;
use sp_core::storage::{Storage, StorageChild};

const SNAPSHOT: &str = include_str!("../../snapshots/dev-populated.json");

/// The snapshot's raw storage, as the node would open it.
fn snapshot() -> sp_io::TestExternalities {
	let spec: serde_json::Value = serde_json::from_str(SNAPSHOT).expect("the snapshot is JSON");
	let raw = &spec["genesis"]["raw"];
	let decode = |map: &serde_json::Value| -> std::collections::BTreeMap<Vec<u8>, Vec<u8>> {
		map.as_object()
			.expect("a map of hex keys to hex values")
			.iter()
			.map(|(key, value)| {
				let value = value.as_str().expect("a hex value");
				(
					sp_core::bytes::from_hex(key).expect("a hex key"),
					sp_core::bytes::from_hex(value).expect("a hex value"),
				)
			})
			.collect()
	};
	let mut storage = Storage { top: decode(&raw["top"]), children_default: Default::default() };
	if let Some(children) = raw["childrenDefault"].as_object() {
		for (key, child) in children {
			let key = sp_core::bytes::from_hex(key).expect("a hex child key");
			storage.children_default.insert(
				key.clone(),
				StorageChild {
					data: decode(child),
					child_info: sp_core::storage::ChildInfo::new_default(&key),
				},
			);
		}
	}
	sp_io::TestExternalities::new(storage)
}

#[test]
fn the_snapshot_is_a_populated_dev_chain() {
	snapshot().execute_with(|| {
		assert!(frame_system::Pallet::<Runtime>::block_number() > 10, "blocks were authored");
		assert!(pallet_tender::NextTenderId::<Runtime>::get() > 1, "tenders were published");
		assert!(pallet_clearing::NextBillId::<Runtime>::get() > 0, "bills were submitted");
		assert!(pallet_roaming_settlement::Batches::<Runtime>::iter_keys().count() > 0);
		assert!(pallet_device_identity::Devices::<Runtime>::iter_keys().count() > 0);
		assert_eq!(
			pallet_clearing::Pallet::<Runtime>::on_chain_storage_version(),
			StorageVersion::new(1)
		);
	});
}

#[test]
fn try_runtime_upgrade_passes_every_check_on_the_snapshot() {
	let mut ext = snapshot();
	ext.execute_with(|| {
		let references = sp_io::storage::next_key(&clearing_references_prefix())
			.filter(|key| key.starts_with(&clearing_references_prefix()))
			.is_some();
		assert!(references, "the snapshot holds bill references to migrate");

		Executive::try_runtime_upgrade(UpgradeCheckSelect::All)
			.unwrap_or_else(|error| panic!("try_runtime_upgrade failed: {error:?}"));

		let expected = if cfg!(feature = "upgrade-rehearsal") { 2 } else { 1 };
		assert_eq!(
			pallet_clearing::Pallet::<Runtime>::on_chain_storage_version(),
			StorageVersion::new(expected)
		);
		assert!(pallet_clearing::BillReferences::<Runtime>::iter_keys().count() > 0);
		// A second upgrade to the same code migrates nothing and still passes.
		Executive::try_runtime_upgrade(UpgradeCheckSelect::All)
			.unwrap_or_else(|error| panic!("a second try_runtime_upgrade failed: {error:?}"));
	});
}

/// The raw storage prefix of the clearing pallet's bill references.
fn clearing_references_prefix() -> Vec<u8> {
	use frame_support::storage::StoragePrefixedMap;
	<pallet_clearing::BillReferences<Runtime> as StoragePrefixedMap<_>>::final_prefix().to_vec()
}
