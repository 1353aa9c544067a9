//! Weights of `pallet_device_identity`. Bootstrap file until `scripts/benchmark.sh
//! pallet_device_identity` regenerates it.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(missing_docs)]

use frame_support::weights::Weight;
use core::marker::PhantomData;

/// Weight functions of `pallet_device_identity`.
pub trait WeightInfo {
	fn register_manufacturer() -> Weight;
	fn add_attestation_key() -> Weight;
	fn revoke_attestation_key() -> Weight;
	fn set_regulator() -> Weight;
	fn register_device_sr25519() -> Weight;
	fn register_device_ed25519() -> Weight;
	fn register_device_ecdsa() -> Weight;
	fn register_device_p256() -> Weight;
	fn activate() -> Weight;
	fn set_status() -> Weight;
	fn transfer_custody() -> Weight;
	fn record_inspection() -> Weight;
	fn rotate_key_sr25519() -> Weight;
	fn rotate_key_ed25519() -> Weight;
	fn rotate_key_ecdsa() -> Weight;
	fn rotate_key_p256() -> Weight;
	fn revoke_key() -> Weight;
	fn issue_credential() -> Weight;
	fn revoke_credential() -> Weight;
	fn remove_credential() -> Weight;
}

/// Measured weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn register_manufacturer() -> Weight { Weight::zero() }
	fn add_attestation_key() -> Weight { Weight::zero() }
	fn revoke_attestation_key() -> Weight { Weight::zero() }
	fn set_regulator() -> Weight { Weight::zero() }
	fn register_device_sr25519() -> Weight { Weight::zero() }
	fn register_device_ed25519() -> Weight { Weight::zero() }
	fn register_device_ecdsa() -> Weight { Weight::zero() }
	fn register_device_p256() -> Weight { Weight::zero() }
	fn activate() -> Weight { Weight::zero() }
	fn set_status() -> Weight { Weight::zero() }
	fn transfer_custody() -> Weight { Weight::zero() }
	fn record_inspection() -> Weight { Weight::zero() }
	fn rotate_key_sr25519() -> Weight { Weight::zero() }
	fn rotate_key_ed25519() -> Weight { Weight::zero() }
	fn rotate_key_ecdsa() -> Weight { Weight::zero() }
	fn rotate_key_p256() -> Weight { Weight::zero() }
	fn revoke_key() -> Weight { Weight::zero() }
	fn issue_credential() -> Weight { Weight::zero() }
	fn revoke_credential() -> Weight { Weight::zero() }
	fn remove_credential() -> Weight { Weight::zero() }
}

impl WeightInfo for () {
	fn register_manufacturer() -> Weight { Weight::zero() }
	fn add_attestation_key() -> Weight { Weight::zero() }
	fn revoke_attestation_key() -> Weight { Weight::zero() }
	fn set_regulator() -> Weight { Weight::zero() }
	fn register_device_sr25519() -> Weight { Weight::zero() }
	fn register_device_ed25519() -> Weight { Weight::zero() }
	fn register_device_ecdsa() -> Weight { Weight::zero() }
	fn register_device_p256() -> Weight { Weight::zero() }
	fn activate() -> Weight { Weight::zero() }
	fn set_status() -> Weight { Weight::zero() }
	fn transfer_custody() -> Weight { Weight::zero() }
	fn record_inspection() -> Weight { Weight::zero() }
	fn rotate_key_sr25519() -> Weight { Weight::zero() }
	fn rotate_key_ed25519() -> Weight { Weight::zero() }
	fn rotate_key_ecdsa() -> Weight { Weight::zero() }
	fn rotate_key_p256() -> Weight { Weight::zero() }
	fn revoke_key() -> Weight { Weight::zero() }
	fn issue_credential() -> Weight { Weight::zero() }
	fn revoke_credential() -> Weight { Weight::zero() }
	fn remove_credential() -> Weight { Weight::zero() }
}
