//! Runtime API of the device identity pallet: what an OCSP responder answers, and more, in one
//! call.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
use pallet_device_identity::{
	AttestationKeyIndex, BlockListingDetails, ConsentDetails, ConsentId, Credential, CredentialId,
	DeviceDetails, Subject, Verification,
};
use telecom_primitives::{DeviceId, DeviceKey, DeviceSignature};

sp_api::decl_runtime_apis! {
	/// Queries of the device registry.
	pub trait DeviceIdentityApi<AccountId, BlockNumber>
	where
		AccountId: Codec,
		BlockNumber: Codec,
	{
		/// A device's record, key history and event history.
		fn device(device: DeviceId) -> Option<DeviceDetails<AccountId, BlockNumber>>;

		/// Whether the device is active and its current key signed `payload` (and whether the
		/// attestation key that vouched for it was revoked for compromise, or the device is on
		/// the block list).
		fn verify(device: DeviceId, payload: Vec<u8>, signature: DeviceSignature) -> Verification;

		/// Whether `key` was a valid key of `device` in block `at`.
		fn key_valid_at(device: DeviceId, key: DeviceKey, at: BlockNumber) -> bool;

		/// The devices a manufacturer's attestation key vouched for, each with whether it is
		/// flagged now because that key was revoked for compromise.
		fn attested_devices(manufacturer: AccountId, index: AttestationKeyIndex) -> Vec<(DeviceId, bool)>;

		/// Credentials about a subject, each with whether it is valid now.
		fn credentials(subject: Subject) -> Vec<(CredentialId, Credential<AccountId, BlockNumber>, bool)>;

		/// A device's entry in the shared block list (whether and since when it is listed, the
		/// regulator's listing, the open reports), or `None` if nobody reported it.
		fn block_listing(device: DeviceId) -> Option<BlockListingDetails<AccountId, BlockNumber>>;

		/// A SIM consent receipt, the subscriber key that signed it, and whether it holds now
		/// (recorded, not expired, not revoked); `None` if no such receipt is stored.
		fn consent(consent: ConsentId) -> Option<ConsentDetails<AccountId, BlockNumber>>;
	}
}
