//! The logic behind the calls, signature payloads, verification and the invariants.

use crate::{pallet::*, types::*, weights::WeightInfo};
use codec::Encode;
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungible::MutateHold, tokens::Precision},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{Saturating, Zero},
	SaturatedConversion,
};
use telecom_primitives::{
	DeviceCheckError, DeviceId, DeviceKey, DeviceSignature, DocumentHash, KeyType,
	OperatorMembership,
};

impl<T: Config> Pallet<T> {
	pub(crate) fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// The hash of this chain's genesis block, which binds every device proof to this chain.
	pub fn genesis_hash() -> T::Hash {
		frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero())
	}

	/// The payload a manufacturer signs to attest `key` for `device`.
	pub fn attestation_payload(device: &DeviceId, key: &DeviceKey) -> alloc::vec::Vec<u8> {
		(ATTESTATION_TAG, Self::genesis_hash(), device, key).encode()
	}

	/// The payload a device signs to prove it holds the key it installs as key number `nonce`.
	pub fn possession_payload(device: &DeviceId, nonce: u32) -> alloc::vec::Vec<u8> {
		(POSSESSION_TAG, Self::genesis_hash(), device, nonce).encode()
	}

	/// The payload a device's current key signs to hand over to `new_key` as key `nonce`.
	pub fn rotation_payload(
		device: &DeviceId,
		nonce: u32,
		new_key: &DeviceKey,
	) -> alloc::vec::Vec<u8> {
		(ROTATION_TAG, Self::genesis_hash(), device, nonce, new_key).encode()
	}

	/// The weight of a registration or re-provisioning with these (attestation, device) key
	/// types: each per-type benchmark verifies two signatures of its type, so the mean of two
	/// is the base cost plus one verification of each.
	pub(crate) fn register_weight((attestation, device): (KeyType, KeyType)) -> Weight {
		let of = |key_type| match key_type {
			KeyType::Sr25519 => T::WeightInfo::register_device_sr25519(),
			KeyType::Ed25519 => T::WeightInfo::register_device_ed25519(),
			KeyType::Ecdsa => T::WeightInfo::register_device_ecdsa(),
			KeyType::P256 => T::WeightInfo::register_device_p256(),
		};
		of(attestation).saturating_add(of(device)).checked_div(2).unwrap_or(Weight::MAX)
	}

	/// The weight of a rotation from a key of one type to a key of another (see
	/// [`Self::register_weight`]).
	pub(crate) fn rotate_weight((old, new): (KeyType, KeyType)) -> Weight {
		let of = |key_type| match key_type {
			KeyType::Sr25519 => T::WeightInfo::rotate_key_sr25519(),
			KeyType::Ed25519 => T::WeightInfo::rotate_key_ed25519(),
			KeyType::Ecdsa => T::WeightInfo::rotate_key_ecdsa(),
			KeyType::P256 => T::WeightInfo::rotate_key_p256(),
		};
		of(old).saturating_add(of(new)).checked_div(2).unwrap_or(Weight::MAX)
	}

	pub(crate) fn do_register_manufacturer(who: T::AccountId, name: Label) -> DispatchResult {
		ensure!(!Manufacturers::<T>::contains_key(&who), Error::<T>::AlreadyManufacturer);
		Manufacturers::<T>::insert(
			&who,
			Manufacturer {
				name,
				registered_at: Self::now(),
				keys: 0,
				devices: 0,
				identifier_key: None,
			},
		);
		Self::deposit_event(Event::ManufacturerRegistered { manufacturer: who });
		Ok(())
	}

	pub(crate) fn do_commit_identifier_key(
		who: T::AccountId,
		commitment: DocumentHash,
	) -> DispatchResult {
		Manufacturers::<T>::try_mutate(&who, |maker| -> DispatchResult {
			let maker = maker.as_mut().ok_or(Error::<T>::NotManufacturer)?;
			ensure!(maker.identifier_key.is_none(), Error::<T>::IdentifierKeyCommitted);
			maker.identifier_key = Some(commitment);
			Ok(())
		})?;
		Self::deposit_event(Event::IdentifierKeyCommitted { manufacturer: who, commitment });
		Ok(())
	}

	/// Whether `key` is the identifier key `manufacturer` committed to: a party given the key
	/// checks it before computing device ids with [`device_id_of`].
	pub fn identifier_key_matches(manufacturer: &T::AccountId, key: &IdentifierKey) -> bool {
		Manufacturers::<T>::get(manufacturer)
			.and_then(|maker| maker.identifier_key)
			.is_some_and(|commitment| commitment == identifier_key_commitment(key))
	}

	pub(crate) fn do_add_attestation_key(who: T::AccountId, key: DeviceKey) -> DispatchResult {
		let index = Manufacturers::<T>::try_mutate(&who, |maker| -> Result<u32, DispatchError> {
			let maker = maker.as_mut().ok_or(Error::<T>::NotManufacturer)?;
			ensure!(maker.keys < T::MaxAttestationKeys::get(), Error::<T>::TooManyAttestationKeys);
			let index = maker.keys;
			maker.keys = index.saturating_add(1);
			Ok(index)
		})?;
		AttestationKeys::<T>::insert(
			&who,
			index,
			AttestationKey { key, added_at: Self::now(), revoked_at: None, reason: None },
		);
		Self::deposit_event(Event::AttestationKeyAdded { manufacturer: who, index, key });
		Ok(())
	}

	/// Revokes an attestation key. A compromise flags every device it attested, lazily: the flag
	/// is read from the key whenever a device is verified, so the cost does not grow with the
	/// number of devices.
	pub(crate) fn do_revoke_attestation_key(
		manufacturer: T::AccountId,
		index: AttestationKeyIndex,
		reason: RevocationReason,
	) -> DispatchResult {
		ensure!(Manufacturers::<T>::contains_key(&manufacturer), Error::<T>::NotManufacturer);
		AttestationKeys::<T>::try_mutate(&manufacturer, index, |key| -> DispatchResult {
			let key = key.as_mut().ok_or(Error::<T>::UnknownAttestationKey)?;
			ensure!(key.revoked_at.is_none(), Error::<T>::AttestationKeyRevoked);
			key.revoked_at = Some(Self::now());
			key.reason = Some(reason);
			Ok(())
		})?;
		Self::deposit_event(Event::AttestationKeyRevoked { manufacturer, index, reason });
		Ok(())
	}

	/// Checks a manufacturer's attestation of `key` for `device` with its key `index`.
	fn check_attestation(
		manufacturer: &T::AccountId,
		index: AttestationKeyIndex,
		device: &DeviceId,
		key: &DeviceKey,
		attestation: &DeviceSignature,
	) -> Result<KeyType, DispatchError> {
		let signer = AttestationKeys::<T>::get(manufacturer, index)
			.ok_or(Error::<T>::UnknownAttestationKey)?;
		ensure!(signer.revoked_at.is_none(), Error::<T>::AttestationKeyRevoked);
		ensure!(
			signer.key.verify(attestation, &Self::attestation_payload(device, key)),
			Error::<T>::BadAttestation
		);
		Ok(signer.key.key_type())
	}

	pub(crate) fn do_register_device(
		who: T::AccountId,
		registration: DeviceRegistration,
	) -> Result<(KeyType, KeyType), DispatchError> {
		let DeviceRegistration {
			device,
			key,
			model,
			batch,
			firmware,
			attestation_key,
			attestation,
			possession,
		} = registration;
		let maker = Manufacturers::<T>::get(&who).ok_or(Error::<T>::NotManufacturer)?;
		ensure!(maker.identifier_key.is_some(), Error::<T>::NoIdentifierKey);
		ensure!(!Devices::<T>::contains_key(device), Error::<T>::DeviceExists);
		ensure!(!KeyOwner::<T>::contains_key(key), Error::<T>::KeyInUse);
		let attestation_type =
			Self::check_attestation(&who, attestation_key, &device, &key, &attestation)?;
		ensure!(
			key.verify(&possession, &Self::possession_payload(&device, 0)),
			Error::<T>::BadPossessionProof
		);
		Self::install_device(who, device, key, model, batch, firmware, attestation_key)?;
		Ok((attestation_type, key.key_type()))
	}

	/// Records a device whose proofs were checked (or that genesis trusts), holding the deposit.
	pub(crate) fn install_device(
		manufacturer: T::AccountId,
		device: DeviceId,
		key: DeviceKey,
		model: Label,
		batch: Label,
		firmware: Label,
		attestation_key: AttestationKeyIndex,
	) -> DispatchResult {
		ensure!(!Devices::<T>::contains_key(device), Error::<T>::DeviceExists);
		ensure!(!KeyOwner::<T>::contains_key(key), Error::<T>::KeyInUse);
		Manufacturers::<T>::try_mutate(&manufacturer, |maker| -> DispatchResult {
			let maker = maker.as_mut().ok_or(Error::<T>::NotManufacturer)?;
			maker.devices = maker.devices.checked_add(1).ok_or(Error::<T>::Overflow)?;
			Ok(())
		})?;
		let deposit = T::DeviceDeposit::get();
		T::Currency::hold(&HoldReason::DeviceDeposit.into(), &manufacturer, deposit)?;
		let now = Self::now();
		DeviceKeys::<T>::insert(
			device,
			0,
			KeyRecord {
				key,
				valid_from: now,
				valid_until: None,
				ended_by: None,
				attested_by: Some(attestation_key),
				compromised_since: None,
			},
		);
		KeyOwner::<T>::insert(key, device);
		AttestedDevices::<T>::insert((&manufacturer, attestation_key, device), ());
		let mut record = Device {
			manufacturer: manufacturer.clone(),
			model,
			batch,
			firmware,
			status: DeviceStatus::Manufactured,
			custodian: manufacturer.clone(),
			site: None,
			custody_since: now,
			operator: None,
			attested_by: attestation_key,
			current_key: Some(0),
			keys: 1,
			history: 0,
			history_start: 0,
			history_digest: DocumentHash::zero(),
			registered_at: now,
			deposit: deposit.saturated_into(),
			hold: None,
		};
		Self::append_history(device, &mut record, DeviceEvent::Registered);
		Devices::<T>::insert(device, record);
		Self::deposit_event(Event::DeviceRegistered {
			device,
			manufacturer,
			key_type: key.key_type(),
		});
		Ok(())
	}

	pub(crate) fn device_of(device: &DeviceId) -> Result<DeviceOf<T>, DispatchError> {
		Devices::<T>::get(device).ok_or_else(|| Error::<T>::UnknownDevice.into())
	}

	/// Adds an entry to a device's history (the caller stores `record`). The history keeps the
	/// newest `MaxHistory` entries: older ones are folded into `history_digest` and any
	/// inspection deposit they carry returns to the inspector. It never fails, so no step — a
	/// suspension or revocation least of all — can be refused for lack of room.
	pub(crate) fn append_history(
		device: DeviceId,
		record: &mut DeviceOf<T>,
		event: DeviceEvent<T::AccountId>,
	) {
		History::<T>::insert(device, record.history, HistoryEntry { at: Self::now(), event });
		record.history = record.history.saturating_add(1);
		while record.history.saturating_sub(record.history_start) > T::MaxHistory::get() {
			Self::drop_oldest_entry(device, record);
		}
	}

	/// Removes the oldest stored history entry, folding it into the digest.
	fn drop_oldest_entry(device: DeviceId, record: &mut DeviceOf<T>) {
		let seq = record.history_start;
		if let Some(entry) = History::<T>::take(device, seq) {
			record.history_digest =
				sp_io::hashing::blake2_256(&(record.history_digest, seq, &entry).encode()).into();
			if let DeviceEvent::Inspected { inspector, deposit, .. } = entry.event {
				Self::release_inspection_deposit(&inspector, deposit);
			}
		}
		record.history_start = seq.saturating_add(1);
	}

	/// Releases exactly what an inspection record held (try_state checks the sums).
	fn release_inspection_deposit(inspector: &T::AccountId, deposit: u128) {
		if deposit > 0 {
			let _ = T::Currency::release(
				&HoldReason::InspectionDeposit.into(),
				inspector,
				deposit.saturated_into(),
				Precision::BestEffort,
			);
		}
	}

	/// Returns every inspection deposit the device's stored history holds (at most
	/// `MaxHistory` records), zeroing each record's deposit: a revoked or decommissioned device
	/// gets no more entries, so none of them would ever leave the history.
	fn release_all_inspection_deposits(device: DeviceId, record: &DeviceOf<T>) {
		for seq in record.history_start..record.history {
			History::<T>::mutate(device, seq, |entry| {
				if let Some(HistoryEntry {
					event: DeviceEvent::Inspected { inspector, deposit, .. },
					..
				}) = entry
				{
					Self::release_inspection_deposit(inspector, *deposit);
					*deposit = 0;
				}
			});
		}
	}

	/// Zeroes and returns the deposit of inspection record `entry` to its inspector, once
	/// `InspectionRetention` has passed; the record stays.
	pub(crate) fn do_reclaim_inspection_deposit(
		who: T::AccountId,
		device: DeviceId,
		entry: u32,
	) -> DispatchResult {
		Self::device_of(&device)?;
		let now = Self::now();
		History::<T>::try_mutate(device, entry, |stored| -> DispatchResult {
			let stored = stored.as_mut().ok_or(Error::<T>::NotAnInspection)?;
			let at = stored.at;
			let DeviceEvent::Inspected { inspector, deposit, .. } = &mut stored.event else {
				return Err(Error::<T>::NotAnInspection.into());
			};
			ensure!(*inspector == who, Error::<T>::NotInspector);
			ensure!(*deposit > 0, Error::<T>::NothingToReclaim);
			ensure!(
				at.saturating_add(T::InspectionRetention::get()) <= now,
				Error::<T>::RetentionNotOver
			);
			Self::release_inspection_deposit(inspector, *deposit);
			*deposit = 0;
			Ok(())
		})?;
		Self::deposit_event(Event::InspectionDepositReclaimed { device, entry, inspector: who });
		Ok(())
	}

	/// Whether `who` may manage the device: its custodian (rights move with custody, so a
	/// seller keeps none) or, if `manufacturer_too`, its manufacturer.
	fn may_manage(record: &DeviceOf<T>, who: &T::AccountId, manufacturer_too: bool) -> bool {
		record.custodian == *who || (manufacturer_too && record.manufacturer == *who)
	}

	pub(crate) fn set_status(
		device: DeviceId,
		mut record: DeviceOf<T>,
		status: DeviceStatus,
		by: T::AccountId,
		event: DeviceEvent<T::AccountId>,
	) -> DispatchResult {
		record.status = status;
		Self::append_history(device, &mut record, event);
		Devices::<T>::insert(device, record);
		Self::deposit_event(Event::StatusChanged { device, status, by });
		Ok(())
	}

	/// Activates a manufactured device for `who`, which must hold custody: the manufacturer
	/// names the buyer by handing custody over first.
	pub(crate) fn do_activate(who: T::AccountId, device: DeviceId) -> DispatchResult {
		let mut record = Self::device_of(&device)?;
		ensure!(record.status == DeviceStatus::Manufactured, Error::<T>::InvalidTransition);
		ensure!(record.custodian == who, Error::<T>::NotAuthorized);
		ensure!(record.current_key.is_some(), Error::<T>::NoValidKey);
		// A device on the block list (a stolen or counterfeit unit) is not put into service.
		ensure!(!Self::is_block_listed(&device), Error::<T>::BlockListed);
		record.operator = Some(who.clone());
		let event = DeviceEvent::Activated { operator: who.clone() };
		Self::set_status(device, record, DeviceStatus::Active, who, event)
	}

	pub(crate) fn do_suspend(
		who: T::AccountId,
		device: DeviceId,
		reason: RevocationReason,
	) -> DispatchResult {
		let mut record = Self::device_of(&device)?;
		ensure!(Self::may_manage(&record, &who, true), Error::<T>::NotAuthorized);
		// A device the block list alone suspends still takes a hold of its own (a key compromise,
		// say), which then outlives the listing; its suspension period is already open.
		let listed_only = record.status == DeviceStatus::Suspended && record.hold.is_none();
		ensure!(
			record.status == DeviceStatus::Active || listed_only,
			Error::<T>::InvalidTransition
		);
		record.hold = Some(Hold { by: who.clone(), reason, key: record.current_key });
		if !listed_only {
			Self::open_suspension(device, record.custody_since);
		}
		let event = DeviceEvent::Suspended { by: who.clone(), reason };
		Self::set_status(device, record, DeviceStatus::Suspended, who, event)
	}

	/// Lifts a hold: only the party that placed it (a custodian's hold passes on with custody),
	/// the manufacturer or a regulator, so the party a hold targets cannot lift it; a hold for a
	/// compromise only once the key it was placed on was replaced (revoked and re-provisioned).
	pub(crate) fn do_resume(who: T::AccountId, device: DeviceId) -> DispatchResult {
		let mut record = Self::device_of(&device)?;
		ensure!(record.status == DeviceStatus::Suspended, Error::<T>::InvalidTransition);
		// The block list's suspension is lifted only by clearing the listing.
		ensure!(!Self::is_block_listed(&device), Error::<T>::BlockListed);
		let hold = record.hold.take().ok_or(Error::<T>::InvalidTransition)?;
		ensure!(
			hold.by == who || record.manufacturer == who || Regulators::<T>::contains_key(&who),
			Error::<T>::NotAuthorized
		);
		let current = record.current_key.ok_or(Error::<T>::NoValidKey)?;
		ensure!(
			!hold.reason.is_compromise() || hold.key != Some(current),
			Error::<T>::KeyNotReplaced
		);
		Self::close_suspension(device);
		let event = DeviceEvent::Resumed { by: who.clone() };
		Self::set_status(device, record, DeviceStatus::Active, who, event)
	}

	/// Revokes (with a reason) or decommissions (without) a device; its current key ends.
	pub(crate) fn do_end_device(
		who: T::AccountId,
		device: DeviceId,
		reason: Option<RevocationReason>,
	) -> DispatchResult {
		let mut record = Self::device_of(&device)?;
		ensure!(Self::may_manage(&record, &who, reason.is_some()), Error::<T>::NotAuthorized);
		ensure!(
			!matches!(record.status, DeviceStatus::Revoked | DeviceStatus::Decommissioned),
			Error::<T>::InvalidTransition
		);
		if let Some(index) = record.current_key.take() {
			let ended_by = reason.unwrap_or(RevocationReason::CessationOfOperation);
			Self::end_key(device, index, ended_by);
		}
		// Ends the open suspension, if any: a hold's or the block list's (a listed device that
		// was never activated has one too).
		Self::close_suspension(device);
		record.hold = None;
		Self::release_all_inspection_deposits(device, &record);
		let (status, event) = match reason {
			Some(reason) => {
				(DeviceStatus::Revoked, DeviceEvent::Revoked { by: who.clone(), reason })
			},
			None => (DeviceStatus::Decommissioned, DeviceEvent::Decommissioned { by: who.clone() }),
		};
		Self::set_status(device, record, status, who, event)
	}

	/// Records the start of a suspension; never refused for lack of room. When the list is
	/// full, two periods merge into one spanning both and the gap between them, which can only
	/// make "valid at" stricter: the two newest, if both began in the current custody, so that
	/// a custodian cycling holds only ever widens its own time, never a previous custodian's;
	/// otherwise (the current custody has fewer than two periods) the two oldest. Every
	/// suspension and resumption stays in the device's history (and its digest) exactly.
	pub(crate) fn open_suspension(device: DeviceId, custody_since: BlockNumberFor<T>) {
		let now = Self::now();
		Suspensions::<T>::mutate(device, |periods| {
			if periods.is_full() {
				let len = periods.len();
				let newest_in_custody = len >= 2
					&& periods.get(len.saturating_sub(2)).is_some_and(|p| p.from >= custody_since);
				let first = if newest_in_custody { len.saturating_sub(2) } else { 0 };
				let second = first.saturating_add(1);
				let until = periods.get(second).and_then(|p| p.until);
				if let Some(period) = periods.get_mut(first) {
					period.until = until;
				}
				if second < len {
					periods.remove(second);
				}
			}
			// Cannot fail: a place was made above.
			let _ = periods.try_push(Suspension { from: now, until: None });
		});
	}

	/// Ends the open suspension in the current block, if one is open (writes nothing else).
	pub(crate) fn close_suspension(device: DeviceId) {
		let mut periods = Suspensions::<T>::get(device);
		if let Some(last) = periods.last_mut() {
			if last.until.is_none() {
				last.until = Some(Self::now());
				Suspensions::<T>::insert(device, periods);
			}
		}
	}

	/// Ends key `index` of `device` in the current block.
	fn end_key(device: DeviceId, index: u32, reason: RevocationReason) {
		let now = Self::now();
		DeviceKeys::<T>::mutate(device, index, |key| {
			if let Some(key) = key {
				key.valid_until = Some(now);
				key.ended_by = Some(reason);
			}
		});
	}

	pub(crate) fn do_transfer_custody(
		who: T::AccountId,
		device: DeviceId,
		to: T::AccountId,
		site: Option<SiteId>,
	) -> DispatchResult {
		let mut record = Self::device_of(&device)?;
		ensure!(record.custodian == who, Error::<T>::NotAuthorized);
		ensure!(
			!matches!(record.status, DeviceStatus::Revoked | DeviceStatus::Decommissioned),
			Error::<T>::InvalidTransition
		);
		// A device in service sold to another operator is in that operator's network now.
		if record.status != DeviceStatus::Manufactured && T::Operators::is_operator(&to) {
			record.operator = Some(to.clone());
		}
		// A custodian's hold passes on with custody: the seller keeps no right to lift it, the
		// buyer gets it (a manufacturer's or regulator's hold stays theirs).
		if let Some(hold) = record.hold.as_mut() {
			if hold.by == who && who != record.manufacturer {
				hold.by = to.clone();
			}
		}
		if record.custodian != to {
			record.custody_since = Self::now();
		}
		record.custodian = to.clone();
		record.site = site;
		let event = DeviceEvent::CustodyTransferred { from: who, to: to.clone(), site };
		Self::append_history(device, &mut record, event);
		Devices::<T>::insert(device, record);
		Self::deposit_event(Event::CustodyTransferred { device, to, site });
		Ok(())
	}

	pub(crate) fn do_record_inspection(
		who: T::AccountId,
		device: DeviceId,
		report: DocumentHash,
		result: InspectionResult,
	) -> DispatchResult {
		let mut record = Self::device_of(&device)?;
		ensure!(
			record.custodian == who
				|| record.manufacturer == who
				|| Regulators::<T>::contains_key(&who),
			Error::<T>::NotAuthorized
		);
		let deposit = T::InspectionDeposit::get();
		T::Currency::hold(&HoldReason::InspectionDeposit.into(), &who, deposit)?;
		let event = DeviceEvent::Inspected {
			inspector: who.clone(),
			report,
			result,
			deposit: deposit.saturated_into(),
		};
		Self::append_history(device, &mut record, event);
		Devices::<T>::insert(device, record);
		Self::deposit_event(Event::Inspected { device, inspector: who, report, result });
		Ok(())
	}

	/// Installs `new_key` as the device's next key, ending the current one (if any) as
	/// superseded.
	fn install_key(
		device: DeviceId,
		mut record: DeviceOf<T>,
		new_key: DeviceKey,
		attested_by: Option<AttestationKeyIndex>,
		event: impl FnOnce(u32) -> DeviceEvent<T::AccountId>,
	) -> DispatchResult {
		let index = record.keys;
		ensure!(index < T::MaxKeysPerDevice::get(), Error::<T>::TooManyKeys);
		if let Some(old) = record.current_key {
			Self::end_key(device, old, RevocationReason::Superseded);
		}
		DeviceKeys::<T>::insert(
			device,
			index,
			KeyRecord {
				key: new_key,
				valid_from: Self::now(),
				valid_until: None,
				ended_by: None,
				attested_by,
				compromised_since: None,
			},
		);
		if let Some(attestation_key) = attested_by {
			record.attested_by = attestation_key;
			AttestedDevices::<T>::insert((&record.manufacturer, attestation_key, device), ());
		}
		KeyOwner::<T>::insert(new_key, device);
		record.keys = index.saturating_add(1);
		record.current_key = Some(index);
		Self::append_history(device, &mut record, event(index));
		Devices::<T>::insert(device, record);
		Self::deposit_event(Event::KeyChanged { device, index, key_type: new_key.key_type() });
		Ok(())
	}

	pub(crate) fn do_rotate_key(
		device: DeviceId,
		new_key: DeviceKey,
		rotation: DeviceSignature,
		possession: DeviceSignature,
	) -> Result<(KeyType, KeyType), DispatchError> {
		let record = Self::device_of(&device)?;
		// A hold stops the key: whoever holds a lost or stolen device's key must not swap it
		// for one of their own while the custodian investigates.
		ensure!(record.status != DeviceStatus::Suspended, Error::<T>::DeviceSuspended);
		ensure!(
			!matches!(record.status, DeviceStatus::Revoked | DeviceStatus::Decommissioned),
			Error::<T>::InvalidTransition
		);
		// Nor while listed (a stolen unit not yet activated is not suspended, but listed).
		ensure!(!Self::is_block_listed(&device), Error::<T>::BlockListed);
		let current = record.current_key.ok_or(Error::<T>::NoValidKey)?;
		let old = DeviceKeys::<T>::get(device, current).ok_or(Error::<T>::NoValidKey)?;
		ensure!(!KeyOwner::<T>::contains_key(new_key), Error::<T>::KeyInUse);
		let nonce = record.keys;
		ensure!(
			old.key.verify(&rotation, &Self::rotation_payload(&device, nonce, &new_key)),
			Error::<T>::BadRotationSignature
		);
		ensure!(
			new_key.verify(&possession, &Self::possession_payload(&device, nonce)),
			Error::<T>::BadPossessionProof
		);
		Self::install_key(device, record, new_key, None, |key| DeviceEvent::KeyRotated { key })?;
		Ok((old.key.key_type(), new_key.key_type()))
	}

	/// Revokes the current key (`key` `None` or the current index) or, for a compromise, a
	/// past key, optionally from a block in the past on.
	pub(crate) fn do_revoke_key(
		who: T::AccountId,
		device: DeviceId,
		reason: RevocationReason,
		key: Option<u32>,
		compromised_since: Option<BlockNumberFor<T>>,
	) -> DispatchResult {
		let mut record = Self::device_of(&device)?;
		ensure!(Self::may_manage(&record, &who, true), Error::<T>::NotAuthorized);
		let now = Self::now();
		// A custodian speaks for its own custody only: a buyer cannot void what the device
		// signed under the seller. The manufacturer is not bound.
		let earliest = (who != record.manufacturer).then_some(record.custody_since);
		ensure!(
			compromised_since.is_none_or(|since| {
				reason.is_compromise() && since <= now && earliest.is_none_or(|e| since >= e)
			}),
			Error::<T>::InvalidCompromiseDate
		);
		let index = match key {
			None => record.current_key.ok_or(Error::<T>::NoValidKey)?,
			Some(index) => index,
		};
		let mut stored = DeviceKeys::<T>::get(device, index).ok_or(Error::<T>::UnknownKey)?;
		if record.current_key == Some(index) {
			record.current_key = None;
			stored.valid_until = Some(now);
			stored.ended_by = Some(reason);
			stored.compromised_since = compromised_since;
		} else {
			// A past key: only a compromise is news, and only if it moves the date forward.
			ensure!(reason.is_compromise(), Error::<T>::PastKeyNeedsCompromise);
			// By default its whole life, or, for a custodian, from its custody on; a custodian
			// cannot touch a key that ended before its custody began.
			let since = compromised_since.unwrap_or_else(|| match earliest {
				Some(e) if e > stored.valid_from => e,
				_ => stored.valid_from,
			});
			ensure!(
				stored.compromised_since.is_none_or(|known| since < known),
				Error::<T>::InvalidCompromiseDate
			);
			ensure!(
				earliest.is_none() || stored.valid_until.is_none_or(|until| since < until),
				Error::<T>::InvalidCompromiseDate
			);
			stored.ended_by = Some(reason);
			stored.compromised_since = Some(since);
		}
		let compromised_since = stored.compromised_since;
		DeviceKeys::<T>::insert(device, index, stored);
		let event = DeviceEvent::KeyRevoked { key: index, by: who, reason };
		Self::append_history(device, &mut record, event);
		Devices::<T>::insert(device, record);
		Self::deposit_event(Event::KeyRevoked { device, index, reason, compromised_since });
		Ok(())
	}

	pub(crate) fn do_reprovision_key(
		who: T::AccountId,
		device: DeviceId,
		new_key: DeviceKey,
		attestation_key: AttestationKeyIndex,
		attestation: DeviceSignature,
		possession: DeviceSignature,
	) -> Result<(KeyType, KeyType), DispatchError> {
		let record = Self::device_of(&device)?;
		ensure!(record.manufacturer == who, Error::<T>::NotAuthorized);
		ensure!(
			!matches!(record.status, DeviceStatus::Revoked | DeviceStatus::Decommissioned),
			Error::<T>::InvalidTransition
		);
		ensure!(record.current_key.is_none(), Error::<T>::KeyStillValid);
		ensure!(!KeyOwner::<T>::contains_key(new_key), Error::<T>::KeyInUse);
		let attestation_type =
			Self::check_attestation(&who, attestation_key, &device, &new_key, &attestation)?;
		ensure!(
			new_key.verify(&possession, &Self::possession_payload(&device, record.keys)),
			Error::<T>::BadPossessionProof
		);
		Self::install_key(device, record, new_key, Some(attestation_key), |key| {
			DeviceEvent::KeyReprovisioned { key }
		})?;
		Ok((attestation_type, new_key.key_type()))
	}

	fn is_issuer(who: &T::AccountId) -> bool {
		T::Operators::is_operator(who)
			|| Manufacturers::<T>::contains_key(who)
			|| Regulators::<T>::contains_key(who)
	}

	pub(crate) fn do_issue_credential(
		who: T::AccountId,
		subject: Subject,
		claim_type: DocumentHash,
		claim: DocumentHash,
		expires_at: Option<BlockNumberFor<T>>,
	) -> DispatchResult {
		ensure!(Self::is_issuer(&who), Error::<T>::NotIssuer);
		let now = Self::now();
		ensure!(expires_at.is_none_or(|end| end > now), Error::<T>::ExpiryInPast);
		if let Subject::Device(device) = subject {
			ensure!(Devices::<T>::contains_key(device), Error::<T>::UnknownDevice);
		}
		let id = NextCredentialId::<T>::get();
		NextCredentialId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		let deposit = T::CredentialDeposit::get();
		T::Currency::hold(&HoldReason::CredentialDeposit.into(), &who, deposit)?;
		Credentials::<T>::insert(
			id,
			Credential {
				issuer: who.clone(),
				subject,
				claim_type,
				claim,
				issued_at: now,
				expires_at,
				revoked_at: None,
				deposit: deposit.saturated_into(),
			},
		);
		CredentialsOf::<T>::insert(subject, id, ());
		Self::deposit_event(Event::CredentialIssued { id, issuer: who, subject, claim_type });
		Ok(())
	}

	pub(crate) fn do_revoke_credential(who: T::AccountId, id: CredentialId) -> DispatchResult {
		Credentials::<T>::try_mutate(id, |credential| -> DispatchResult {
			let credential = credential.as_mut().ok_or(Error::<T>::UnknownCredential)?;
			ensure!(credential.issuer == who, Error::<T>::NotCredentialIssuer);
			ensure!(credential.revoked_at.is_none(), Error::<T>::AlreadyRevoked);
			credential.revoked_at = Some(Self::now());
			Ok(())
		})?;
		Self::deposit_event(Event::CredentialRevoked { id });
		Ok(())
	}

	pub(crate) fn do_remove_credential(who: T::AccountId, id: CredentialId) -> DispatchResult {
		let credential = Credentials::<T>::get(id).ok_or(Error::<T>::UnknownCredential)?;
		ensure!(credential.issuer == who, Error::<T>::NotCredentialIssuer);
		ensure!(!credential.valid_at(Self::now()), Error::<T>::CredentialStillValid);
		T::Currency::release(
			&HoldReason::CredentialDeposit.into(),
			&who,
			credential.deposit.saturated_into(),
			Precision::BestEffort,
		)?;
		Credentials::<T>::remove(id);
		CredentialsOf::<T>::remove(credential.subject, id);
		Self::deposit_event(Event::CredentialRemoved { id });
		Ok(())
	}

	/// Registers (if needed) `manufacturer`, then `device` with `key`, activated by
	/// `operator` — for other pallets' benchmarks, which need a device that signs.
	#[cfg(feature = "runtime-benchmarks")]
	pub fn register_device_for_benchmarks(
		manufacturer: T::AccountId,
		operator: T::AccountId,
		device: DeviceId,
		key: DeviceKey,
	) -> DispatchResult {
		use frame_support::traits::fungible::Mutate;
		use sp_runtime::traits::Bounded;
		if !Manufacturers::<T>::contains_key(&manufacturer) {
			Self::do_register_manufacturer(manufacturer.clone(), Label::default())?;
			Self::do_commit_identifier_key(
				manufacturer.clone(),
				identifier_key_commitment(&[7; 32]),
			)?;
		}
		let funds = sp_runtime::traits::CheckedDiv::checked_div(
			&BalanceOf::<T>::max_value(),
			&1_000_000u32.into(),
		)
		.unwrap_or_default();
		let _ = T::Currency::set_balance(&manufacturer, funds);
		Self::install_device(
			manufacturer.clone(),
			device,
			key,
			Label::default(),
			Label::default(),
			Label::default(),
			0,
		)?;
		Self::do_transfer_custody(manufacturer, device, operator.clone(), None)?;
		Self::do_activate(operator, device)
	}

	// ---- verification and queries ----

	/// Whether the attestation key that vouched for the device was revoked for compromise.
	pub fn attester_compromised(record: &DeviceOf<T>) -> bool {
		AttestationKeys::<T>::get(&record.manufacturer, record.attested_by)
			.is_some_and(|key| key.compromised())
	}

	/// Checks that the device is active and its current key signed `payload`; `Ok(false)` if
	/// the signature verifies but the device's attester was revoked for compromise.
	fn check(
		device: &DeviceId,
		payload: &[u8],
		signature: &DeviceSignature,
	) -> Result<bool, DeviceCheckError> {
		let record = Devices::<T>::get(device).ok_or(DeviceCheckError::UnknownDevice)?;
		ensure!(record.status == DeviceStatus::Active, DeviceCheckError::NotActive);
		let index = record.current_key.ok_or(DeviceCheckError::NoValidKey)?;
		let key = DeviceKeys::<T>::get(device, index).ok_or(DeviceCheckError::NoValidKey)?;
		ensure!(key.key.verify(signature, payload), DeviceCheckError::BadSignature);
		Ok(!Self::attester_compromised(&record))
	}

	/// Checks that the device is active and its current key signed `payload` (what other
	/// pallets ask through [`telecom_primitives::DeviceVerifier`]). A device whose attester was
	/// revoked for compromise has no trustworthy key: `NoValidKey`.
	pub fn check_signature(
		device: &DeviceId,
		payload: &[u8],
		signature: &DeviceSignature,
	) -> Result<(), DeviceCheckError> {
		match Self::check(device, payload, signature)? {
			true => Ok(()),
			false => Err(DeviceCheckError::NoValidKey),
		}
	}

	/// What `device_verify` answers: valid, refused with a reason, or signed but flagged
	/// because the device's attester was revoked for compromise.
	pub fn verification(
		device: &DeviceId,
		payload: &[u8],
		signature: &DeviceSignature,
	) -> Verification {
		// Reports and listings exist only for registered devices.
		if Self::is_block_listed(device) {
			return Verification::BlockListed;
		}
		match Self::check(device, payload, signature) {
			Ok(true) => Verification::Valid,
			Ok(false) => Verification::AttesterCompromised,
			Err(reason) => Verification::Refused(reason),
		}
	}

	/// Whether `key` was a valid key of `device` in block `at`: within its validity, before
	/// any compromise date, and outside the device's suspensions.
	pub fn key_valid_at(device: &DeviceId, key: &DeviceKey, at: BlockNumberFor<T>) -> bool {
		DeviceKeys::<T>::iter_prefix_values(device)
			.any(|record| record.key == *key && record.valid_at(at))
			&& !Suspensions::<T>::get(device).iter().any(|period| period.covers(at))
	}

	/// The devices `manufacturer`'s attestation key `index` vouched for, each with whether it
	/// is flagged now (its current attester is a compromised key).
	pub fn attested_devices(
		manufacturer: T::AccountId,
		index: AttestationKeyIndex,
	) -> alloc::vec::Vec<(DeviceId, bool)> {
		AttestedDevices::<T>::iter_key_prefix((&manufacturer, index))
			.filter_map(|device| {
				Devices::<T>::get(device)
					.map(|record| (device, Self::attester_compromised(&record)))
			})
			.collect()
	}

	/// A device's record, key history and event history.
	pub fn device_details(
		device: DeviceId,
	) -> Option<DeviceDetails<T::AccountId, BlockNumberFor<T>>> {
		let record = Devices::<T>::get(device)?;
		let keys = (0..record.keys).filter_map(|i| DeviceKeys::<T>::get(device, i)).collect();
		let history = (record.history_start..record.history)
			.filter_map(|i| History::<T>::get(device, i))
			.collect();
		let suspensions = Suspensions::<T>::get(device).into_inner();
		let attester_compromised = Self::attester_compromised(&record);
		let block_listed_since = BlockListings::<T>::get(device).and_then(|l| l.listed_since);
		Some(DeviceDetails {
			id: device,
			device: record,
			keys,
			history,
			suspensions,
			attester_compromised,
			block_listed_since,
		})
	}

	/// Every credential about `subject`, with whether it is valid now.
	pub fn credentials_of(
		subject: Subject,
	) -> alloc::vec::Vec<(CredentialId, CredentialOf<T>, bool)> {
		let now = Self::now();
		let mut list: alloc::vec::Vec<_> = CredentialsOf::<T>::iter_key_prefix(subject)
			.filter_map(|id| Credentials::<T>::get(id).map(|c| (id, c.clone(), c.valid_at(now))))
			.collect();
		list.sort_by_key(|(id, _, _)| *id);
		list
	}

	/// Checks the registry's invariants: indexes, counters, key validity and deposits.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;
		use frame_support::traits::fungible::InspectHold;

		let mut device_deposits: BTreeMap<T::AccountId, u128> = BTreeMap::new();
		let mut per_maker: BTreeMap<T::AccountId, u32> = BTreeMap::new();
		let mut inspection_deposits: BTreeMap<T::AccountId, u128> = BTreeMap::new();
		for (id, device) in Devices::<T>::iter() {
			ensure!(
				Manufacturers::<T>::contains_key(&device.manufacturer),
				"device of no manufacturer"
			);
			let count = per_maker.entry(device.manufacturer.clone()).or_default();
			*count = count.saturating_add(1);
			let held = device_deposits.entry(device.manufacturer.clone()).or_default();
			*held = held.saturating_add(device.deposit);
			ensure!(DeviceKeys::<T>::iter_prefix(id).count() == device.keys as usize, "key count");
			let stored = device.history.checked_sub(device.history_start).ok_or("history start")?;
			ensure!(History::<T>::iter_prefix(id).count() == stored as usize, "history count");
			ensure!(stored <= T::MaxHistory::get(), "history beyond its cap");
			for (seq, entry) in History::<T>::iter_prefix(id) {
				ensure!(seq >= device.history_start && seq < device.history, "history sequence");
				if let DeviceEvent::Inspected { inspector, deposit, .. } = entry.event {
					let held = inspection_deposits.entry(inspector).or_default();
					*held = held.saturating_add(deposit);
				}
			}
			let open: alloc::vec::Vec<u32> = DeviceKeys::<T>::iter_prefix(id)
				.filter(|(_, key)| key.valid_until.is_none())
				.map(|(index, _)| index)
				.collect();
			match device.current_key {
				Some(index) => ensure!(open == alloc::vec![index], "only the current key is open"),
				None => ensure!(open.is_empty(), "no open key without a current key"),
			}
			if matches!(device.status, DeviceStatus::Revoked | DeviceStatus::Decommissioned) {
				ensure!(device.current_key.is_none(), "an ended device has no key");
			}
			if matches!(device.status, DeviceStatus::Active | DeviceStatus::Suspended) {
				ensure!(device.operator.is_some(), "a device in service was activated");
			}
			for (_, key) in DeviceKeys::<T>::iter_prefix(id) {
				ensure!(KeyOwner::<T>::get(key.key) == Some(id), "key owner index");
			}
			ensure!(
				AttestedDevices::<T>::contains_key((&device.manufacturer, device.attested_by, id)),
				"attested-by index"
			);
			let listed = Self::is_block_listed(&id);
			ensure!(
				device.hold.is_none() || device.status == DeviceStatus::Suspended,
				"a hold only while suspended"
			);
			match device.status {
				DeviceStatus::Suspended => ensure!(
					device.hold.is_some() || listed,
					"suspended by a hold or the block list"
				),
				DeviceStatus::Active => ensure!(!listed, "a listed device is not active"),
				_ => {},
			}
			let periods = Suspensions::<T>::get(id);
			let open = periods.iter().filter(|period| period.until.is_none()).count();
			let suspended = device.status == DeviceStatus::Suspended
				|| (device.status == DeviceStatus::Manufactured && listed);
			ensure!(
				open == usize::from(suspended),
				"an open suspension exactly while suspended (or listed before activation)"
			);
			ensure!(
				periods.last().is_none_or(|last| last.until.is_some() || open == 1),
				"only the newest suspension is open"
			);
			ensure!(
				periods.iter().zip(periods.iter().skip(1)).all(|(earlier, later)| {
					earlier.until.is_some_and(|until| until <= later.from)
				}),
				"suspensions are ordered and disjoint"
			);
			ensure!(device.custody_since >= device.registered_at, "custody after registration");
		}
		for (maker, record) in Manufacturers::<T>::iter() {
			ensure!(per_maker.get(&maker).copied().unwrap_or(0) == record.devices, "device count");
			ensure!(
				AttestationKeys::<T>::iter_prefix(&maker).count() == record.keys as usize,
				"attestation key count"
			);
			let held: u128 =
				T::Currency::balance_on_hold(&HoldReason::DeviceDeposit.into(), &maker)
					.saturated_into();
			ensure!(held == device_deposits.get(&maker).copied().unwrap_or(0), "device deposits");
		}
		for (inspector, amount) in inspection_deposits {
			let held: u128 =
				T::Currency::balance_on_hold(&HoldReason::InspectionDeposit.into(), &inspector)
					.saturated_into();
			ensure!(held == amount, "inspection deposits");
		}
		let mut credential_deposits: BTreeMap<T::AccountId, u128> = BTreeMap::new();
		for (id, credential) in Credentials::<T>::iter() {
			ensure!(id < NextCredentialId::<T>::get(), "credential id beyond the next id");
			ensure!(CredentialsOf::<T>::contains_key(credential.subject, id), "subject index");
			let held = credential_deposits.entry(credential.issuer.clone()).or_default();
			*held = held.saturating_add(credential.deposit);
		}
		for (subject, id, ()) in CredentialsOf::<T>::iter() {
			ensure!(
				Credentials::<T>::get(id).is_some_and(|c| c.subject == subject),
				"subject index points at its credential"
			);
		}
		for (issuer, amount) in credential_deposits {
			let held: u128 =
				T::Currency::balance_on_hold(&HoldReason::CredentialDeposit.into(), &issuer)
					.saturated_into();
			ensure!(held == amount, "credential deposits");
		}
		Self::try_state_block_list()?;
		Self::try_state_factory()?;
		Self::try_state_consent()
	}
}
