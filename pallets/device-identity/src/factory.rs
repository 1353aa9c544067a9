//! Factory-scale registration: a manufacturer registers a production batch by the Merkle root of
//! its devices' leaves `(device id, device key)` — one stored item and one deposit, for up to
//! 100,000 devices — and each device enrolls itself later with a Merkle proof and its key's
//! proof of possession, which creates the same record as a single registration.

use crate::{pallet::*, types::*};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungible::MutateHold, tokens::Precision},
};
use sp_runtime::SaturatedConversion;
use telecom_primitives::{
	merkle::{leaf_hash, verify_merkle_proof, MAX_BATCH_DEVICES},
	DeviceId, DeviceKey, DeviceSignature, DocumentHash,
};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_register_factory_batch(
		who: T::AccountId,
		root: DocumentHash,
		devices: u32,
		attestation_key: AttestationKeyIndex,
		(model, batch, firmware): (Label, Label, Label),
	) -> DispatchResult {
		let maker = Manufacturers::<T>::get(&who).ok_or(Error::<T>::NotManufacturer)?;
		ensure!(maker.identifier_key.is_some(), Error::<T>::NoIdentifierKey);
		ensure!((1..=MAX_BATCH_DEVICES).contains(&devices), Error::<T>::BadBatchSize);
		let signer = AttestationKeys::<T>::get(&who, attestation_key)
			.ok_or(Error::<T>::UnknownAttestationKey)?;
		ensure!(signer.revoked_at.is_none(), Error::<T>::AttestationKeyRevoked);
		let id = NextFactoryBatchId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let deposit = T::FactoryBatchDeposit::get();
		T::Currency::hold(&HoldReason::FactoryBatch.into(), &who, deposit)?;
		NextFactoryBatchId::<T>::put(next);
		FactoryBatches::<T>::insert(
			id,
			FactoryBatch {
				manufacturer: who.clone(),
				root,
				devices,
				enrolled: 0,
				attestation_key,
				model,
				batch,
				firmware,
				registered_at: Self::now(),
				deposit: deposit.saturated_into(),
			},
		);
		Self::deposit_event(Event::FactoryBatchRegistered {
			batch: id,
			manufacturer: who,
			root,
			devices,
		});
		Ok(())
	}

	pub(crate) fn do_enroll_from_batch(
		batch_id: FactoryBatchId,
		index: u32,
		device: DeviceId,
		key: DeviceKey,
		possession: DeviceSignature,
		proof: BatchProof,
	) -> DispatchResult {
		let mut batch = FactoryBatches::<T>::get(batch_id).ok_or(Error::<T>::UnknownBatch)?;
		ensure!(!Devices::<T>::contains_key(device), Error::<T>::DeviceExists);
		ensure!(!KeyOwner::<T>::contains_key(key), Error::<T>::KeyInUse);
		let signer = AttestationKeys::<T>::get(&batch.manufacturer, batch.attestation_key)
			.ok_or(Error::<T>::UnknownAttestationKey)?;
		ensure!(signer.revoked_at.is_none(), Error::<T>::AttestationKeyRevoked);
		ensure!(
			verify_merkle_proof(
				&batch.root,
				leaf_hash(&device, &key),
				index,
				batch.devices,
				&proof
			),
			Error::<T>::BadMerkleProof
		);
		ensure!(
			key.verify(&possession, &Self::possession_payload(&device, 0)),
			Error::<T>::BadPossessionProof
		);
		batch.enrolled = batch.enrolled.checked_add(1).ok_or(Error::<T>::Overflow)?;
		Self::install_device(
			batch.manufacturer.clone(),
			device,
			key,
			batch.model.clone(),
			batch.batch.clone(),
			batch.firmware.clone(),
			batch.attestation_key,
		)?;
		FactoryBatches::<T>::insert(batch_id, batch);
		Self::deposit_event(Event::DeviceEnrolledFromBatch { batch: batch_id, device });
		Ok(())
	}

	pub(crate) fn do_close_factory_batch(
		who: T::AccountId,
		batch_id: FactoryBatchId,
	) -> DispatchResult {
		let batch = FactoryBatches::<T>::get(batch_id).ok_or(Error::<T>::UnknownBatch)?;
		ensure!(batch.manufacturer == who, Error::<T>::NotBatchManufacturer);
		FactoryBatches::<T>::remove(batch_id);
		let _ = T::Currency::release(
			&HoldReason::FactoryBatch.into(),
			&who,
			batch.deposit.saturated_into(),
			Precision::BestEffort,
		);
		Self::deposit_event(Event::FactoryBatchClosed {
			batch: batch_id,
			enrolled: batch.enrolled,
		});
		Ok(())
	}

	/// Checks the factory batches: ids below the next id, sizes and counts in range, and each
	/// manufacturer's batch deposits held.
	pub(crate) fn try_state_factory() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;
		use frame_support::traits::fungible::InspectHold;
		let mut held: BTreeMap<T::AccountId, u128> = BTreeMap::new();
		for (id, batch) in FactoryBatches::<T>::iter() {
			ensure!(id < NextFactoryBatchId::<T>::get(), "batch id beyond the next id");
			ensure!((1..=MAX_BATCH_DEVICES).contains(&batch.devices), "batch size");
			ensure!(batch.enrolled <= batch.devices, "more enrolled than the batch holds");
			ensure!(
				Manufacturers::<T>::contains_key(&batch.manufacturer),
				"batch of no manufacturer"
			);
			let sum = held.entry(batch.manufacturer).or_default();
			*sum = sum.saturating_add(batch.deposit);
		}
		for (maker, _) in Manufacturers::<T>::iter() {
			let on_hold: u128 =
				T::Currency::balance_on_hold(&HoldReason::FactoryBatch.into(), &maker)
					.saturated_into();
			ensure!(on_hold == held.get(&maker).copied().unwrap_or(0), "batch deposits");
		}
		Ok(())
	}
}
