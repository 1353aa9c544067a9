//! # Device identity pallet
//!
//! The consortium's shared registry of telecom equipment and IoT device identities, in place of
//! a certificate authority with CRLs and OCSP. A device generates its own key pair — sr25519,
//! ed25519, secp256k1 ECDSA or **P-256**, the curve of SIM cards and secure elements, verified
//! here in the runtime — and its **manufacturer**, registered by governance with attestation
//! keys, registers it with an attestation over (device, key) and the device's **proof of
//! possession**: a signature over a payload bound to this chain's genesis hash and the device's
//! key nonce, so neither can be replayed on another chain or for another key.
//!
//! The manufacturer hands the device over to its buyer, which **activates** it; custody, and
//! with it the rights to suspend, resume, revoke and decommission, passes on to other accounts
//! or to sites; devices are suspended and resumed, revoked or decommissioned; inspections and
//! maintenance are recorded as report hashes. Every step is an entry in the device's history,
//! which keeps the newest `MaxHistory` entries and folds older ones into a running digest, so
//! no step — least of all a suspension or revocation — is ever refused for lack of room.
//! Keys **rotate** by the old key's signature, are **revoked** with an X.509-style reason (a past
//! key too, for a compromise, from a compromise date on), and are re-provisioned by the
//! manufacturer; the key history answers "was this key valid at block N", respecting compromise
//! dates and suspensions. Each device records the attestation key that vouched for it; revoking
//! that key for compromise flags every device it attested.
//! Issuers — operators, manufacturers and regulators — attest **credentials** (claim hashes)
//! about devices and subscribers, which expire and can be revoked; no personal data is stored.
//! Operators share a **block list** (GSMA Device Registry practice): `ReportsToList` operators'
//! deposit-backed reports, or one regulator, list a device, which suspends it automatically
//! until a regulator clears the listing or every report is withdrawn.
//! A manufacturer registers a production batch of up to 100,000 devices by one **Merkle root**
//! (`telecom_primitives::merkle`); each device **enrolls** itself with a proof of its leaf and
//! of possession of its key, which creates the same record as a single registration.
//! A subscriber's SIM or eSIM key, known only by its hash, signs **consent receipts** (purpose,
//! data category, recipient, expiry) that anyone records and verifies and only that key revokes.
//! Other pallets verify device signatures through [`DeviceVerifier`]; off-chain systems use the
//! runtime API and RPC.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod blocklist;
mod consent;
mod factory;
mod impls;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_consent;
#[cfg(test)]
mod tests_factory;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

// FRAME's macro expansion of storage items and errors calls `expect` on paths that cannot fail;
// the workspace lint would flag that generated code. Hand-written code here stays panic-free:
// `scripts/test.sh` rejects `.expect(` / `.unwrap()` in runtime sources.
#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{pallet_prelude::*, traits::fungible};
	use frame_system::pallet_prelude::*;
	use telecom_primitives::{
		DeviceId, DeviceKey, DeviceSignature, DeviceVerifier, DocumentHash, KeyType,
		OperatorMembership,
	};

	/// Balance of the deposit currency.
	pub type BalanceOf<T> = <<T as Config>::Currency as fungible::Inspect<
		<T as frame_system::Config>::AccountId,
	>>::Balance;

	/// A device as stored.
	pub type DeviceOf<T> = Device<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

	/// A credential as stored.
	pub type CredentialOf<T> =
		Credential<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

	/// A device at genesis: (manufacturer, device, key, model, activating operator if in
	/// service).
	pub type GenesisDevice<AccountId> =
		(AccountId, DeviceId, DeviceKey, alloc::vec::Vec<u8>, Option<AccountId>);

	/// A manufacturer at genesis: (account, name, attestation keys, commitment to its identifier
	/// key).
	pub type GenesisManufacturer<AccountId> =
		(AccountId, alloc::vec::Vec<u8>, alloc::vec::Vec<DeviceKey>, Option<DocumentHash>);

	/// A history entry as stored.
	pub type HistoryEntryOf<T> =
		HistoryEntry<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

	/// A block-list entry as stored.
	pub type BlockListingOf<T> =
		BlockListing<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

	/// A factory batch as stored.
	pub type FactoryBatchOf<T> =
		FactoryBatch<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

	/// The terms of a consent receipt.
	pub type ConsentTermsOf<T> =
		ConsentTerms<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

	/// A consent receipt as stored.
	pub type ConsentReceiptOf<T> =
		ConsentReceipt<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

	/// Version of the pallet's storage layout: a release that changes the layout bumps it and
	/// ships the migration from the previous version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the device identity pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Native currency, from which deposits are held.
		type Currency: fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ fungible::Mutate<Self::AccountId>;

		/// The runtime's hold reasons.
		type RuntimeHoldReason: From<HoldReason>;

		/// Consortium operators: they activate devices and issue credentials.
		type Operators: OperatorMembership<Self::AccountId>;

		/// Registers manufacturers and regulators, and may revoke attestation keys.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Deposit held from the manufacturer per device (record, keys and history).
		#[pallet::constant]
		type DeviceDeposit: Get<BalanceOf<Self>>;

		/// Deposit held from the issuer per credential.
		#[pallet::constant]
		type CredentialDeposit: Get<BalanceOf<Self>>;

		/// Deposit held from the inspector per inspection record, released when the record leaves
		/// the device's bounded history.
		#[pallet::constant]
		type InspectionDeposit: Get<BalanceOf<Self>>;

		/// Blocks after which an inspector may reclaim the deposit of its inspection record
		/// (`reclaim_inspection_deposit`); the record itself stays in the history.
		#[pallet::constant]
		type InspectionRetention: Get<BlockNumberFor<Self>>;

		/// Most attestation keys a manufacturer may ever add.
		#[pallet::constant]
		type MaxAttestationKeys: Get<u32>;

		/// Most keys a device may have over its life.
		#[pallet::constant]
		type MaxKeysPerDevice: Get<u32>;

		/// Most history entries stored per device: the newest are kept, older ones are folded
		/// into a running digest, so no step is ever refused for lack of room.
		#[pallet::constant]
		type MaxHistory: Get<u32>;

		/// Deposit held from an operator per block-list report: returned when it withdraws the
		/// report or a regulator clears the listing, forfeited to `ForfeitTo` if a regulator
		/// rejects the report as false.
		#[pallet::constant]
		type ReportDeposit: Get<BalanceOf<Self>>;

		/// The neutral account (the consortium treasury) that receives the deposits of reports a
		/// regulator rejects as false: never the device's custodian, who could otherwise profit
		/// from a false report against its own device.
		#[pallet::constant]
		type ForfeitTo: Get<Self::AccountId>;

		/// Distinct operators' reports that put a device on the block list (at least 2, at
		/// most `MaxReportsPerDevice`).
		#[pallet::constant]
		type ReportsToList: Get<u32>;

		/// Most open reports per device (once `ReportsToList` is reached the device is listed;
		/// further reports add corroboration up to this cap).
		#[pallet::constant]
		type MaxReportsPerDevice: Get<u32>;

		/// Deposit held from the manufacturer per factory batch: one record (the Merkle root and
		/// labels), whatever the number of devices in it.
		#[pallet::constant]
		type FactoryBatchDeposit: Get<BalanceOf<Self>>;

		/// Deposit held from whoever submits a consent receipt, returned to it when the receipt
		/// is purged.
		#[pallet::constant]
		type ConsentDeposit: Get<BalanceOf<Self>>;

		/// Most consent receipts stored per subscriber key (revoked and expired ones count
		/// until purged).
		#[pallet::constant]
		type MaxConsentsPerSubscriber: Get<u32>;

		/// Longest a consent may run: its expiry is at most this many blocks after it is
		/// recorded (which also bounds how long a revoked receipt waits for its purge).
		#[pallet::constant]
		type MaxConsentDuration: Get<BlockNumberFor<Self>>;

		/// Blocks for which an expired or revoked receipt stays queryable before anyone may
		/// purge it.
		#[pallet::constant]
		type ConsentGrace: Get<BlockNumberFor<Self>>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Deposit for a registered device.
		DeviceDeposit,
		/// Deposit for a credential.
		CredentialDeposit,
		/// Deposit for an inspection record in a device's history.
		InspectionDeposit,
		/// Deposit for an operator's block-list report.
		BlockListReport,
		/// Deposit for a factory batch (its Merkle root).
		FactoryBatch,
		/// Deposit for a subscriber's consent receipt.
		ConsentReceipt,
	}

	/// Registered manufacturers, by account.
	#[pallet::storage]
	pub type Manufacturers<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, Manufacturer<BlockNumberFor<T>>, OptionQuery>;

	/// Attestation keys: (manufacturer, index) → key.
	#[pallet::storage]
	pub type AttestationKeys<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		AttestationKeyIndex,
		AttestationKey<BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// Accounts that may issue credentials as regulators.
	#[pallet::storage]
	pub type Regulators<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, (), OptionQuery>;

	/// Every device.
	#[pallet::storage]
	pub type Devices<T: Config> = StorageMap<_, Identity, DeviceId, DeviceOf<T>, OptionQuery>;

	/// Key history of each device: (device, index) → key.
	#[pallet::storage]
	pub type DeviceKeys<T: Config> = StorageDoubleMap<
		_,
		Identity,
		DeviceId,
		Twox64Concat,
		u32,
		KeyRecord<BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// The device each key belongs to (a key identifies one device only, ever).
	#[pallet::storage]
	pub type KeyOwner<T: Config> =
		StorageMap<_, Blake2_128Concat, DeviceKey, DeviceId, OptionQuery>;

	/// History of each device: (device, sequence) → entry.
	#[pallet::storage]
	pub type History<T: Config> =
		StorageDoubleMap<_, Identity, DeviceId, Twox64Concat, u32, HistoryEntryOf<T>, OptionQuery>;

	/// Suspension periods of each device, oldest first (at most `MaxHistory`: when full, the
	/// two newest merge if both began in the current custody, else the two oldest; merging can
	/// only make "valid at" stricter, never laxer, and a custodian's cycling widens only its
	/// own time).
	#[pallet::storage]
	pub type Suspensions<T: Config> = StorageMap<
		_,
		Identity,
		DeviceId,
		BoundedVec<Suspension<BlockNumberFor<T>>, T::MaxHistory>,
		ValueQuery,
	>;

	/// Devices by the attestation key that vouched for them: (manufacturer, key index, device).
	/// Lists the devices a compromised attestation key flags.
	#[pallet::storage]
	pub type AttestedDevices<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Twox64Concat, AttestationKeyIndex>,
			NMapKey<Identity, DeviceId>,
		),
		(),
		OptionQuery,
	>;

	/// Id of the next credential.
	#[pallet::storage]
	pub type NextCredentialId<T: Config> = StorageValue<_, CredentialId, ValueQuery>;

	/// Every credential.
	#[pallet::storage]
	pub type Credentials<T: Config> =
		StorageMap<_, Twox64Concat, CredentialId, CredentialOf<T>, OptionQuery>;

	/// Credentials by subject.
	#[pallet::storage]
	pub type CredentialsOf<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, Subject, Twox64Concat, CredentialId, (), OptionQuery>;

	/// The shared block list: each device reported by an operator or listed by a regulator.
	#[pallet::storage]
	pub type BlockListings<T: Config> =
		StorageMap<_, Identity, DeviceId, BlockListingOf<T>, OptionQuery>;

	/// Open block-list reports: (device, reporter) → report; at most `MaxReportsPerDevice` per
	/// device, one per operator.
	#[pallet::storage]
	pub type BlockReports<T: Config> = StorageDoubleMap<
		_,
		Identity,
		DeviceId,
		Blake2_128Concat,
		T::AccountId,
		BlockReport<BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// Id of the next factory batch.
	#[pallet::storage]
	pub type NextFactoryBatchId<T: Config> = StorageValue<_, FactoryBatchId, ValueQuery>;

	/// Open factory batches: only the root of each is stored, however many devices it holds.
	#[pallet::storage]
	pub type FactoryBatches<T: Config> =
		StorageMap<_, Twox64Concat, FactoryBatchId, FactoryBatchOf<T>, OptionQuery>;

	/// Subscriber (SIM/eSIM) keys with stored consent receipts, by pseudonymous key id.
	#[pallet::storage]
	pub type SubscriberKeys<T: Config> =
		StorageMap<_, Identity, SubscriberKeyId, SubscriberKey<BlockNumberFor<T>>, OptionQuery>;

	/// Consent receipts, by id.
	#[pallet::storage]
	pub type Consents<T: Config> =
		StorageMap<_, Identity, ConsentId, ConsentReceiptOf<T>, OptionQuery>;

	/// Manufacturers, their attestation keys and devices at genesis (trusted: no proofs).
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// (account, name, attestation keys, commitment to its identifier key).
		pub manufacturers: alloc::vec::Vec<GenesisManufacturer<T::AccountId>>,
		/// (manufacturer, device, key, model, activating operator if already in service).
		pub devices: alloc::vec::Vec<GenesisDevice<T::AccountId>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (who, name, keys, identifier_key) in &self.manufacturers {
				let name = Label::try_from(name.clone());
				assert!(name.is_ok(), "genesis manufacturer name too long"); // panic-ok
				let added =
					Pallet::<T>::do_register_manufacturer(who.clone(), name.unwrap_or_default());
				assert!(added.is_ok(), "genesis manufacturer registers"); // panic-ok
				if let Some(commitment) = identifier_key {
					let committed = Pallet::<T>::do_commit_identifier_key(who.clone(), *commitment);
					assert!(committed.is_ok(), "genesis identifier key commits"); // panic-ok
				}
				for key in keys {
					let added = Pallet::<T>::do_add_attestation_key(who.clone(), *key);
					assert!(added.is_ok(), "genesis attestation key adds"); // panic-ok
				}
			}
			for (manufacturer, device, key, model, operator) in &self.devices {
				let model = Label::try_from(model.clone()).unwrap_or_default();
				let added = Pallet::<T>::install_device(
					manufacturer.clone(),
					*device,
					*key,
					model,
					Label::default(),
					Label::default(),
					0,
				);
				assert!(added.is_ok(), "genesis device registers"); // panic-ok
				if let Some(operator) = operator {
					let handed = Pallet::<T>::do_transfer_custody(
						manufacturer.clone(),
						*device,
						operator.clone(),
						None,
					);
					assert!(handed.is_ok(), "genesis device hands over"); // panic-ok
					let activated = Pallet::<T>::do_activate(operator.clone(), *device);
					assert!(activated.is_ok(), "genesis device activates"); // panic-ok
				}
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Governance registered a manufacturer.
		ManufacturerRegistered {
			/// Its account.
			manufacturer: T::AccountId,
		},
		/// A manufacturer committed to its secret identifier key.
		IdentifierKeyCommitted {
			/// The manufacturer.
			manufacturer: T::AccountId,
			/// `blake2_256(IDENTIFIER_KEY_TAG ‖ key)`.
			commitment: DocumentHash,
		},
		/// A manufacturer added an attestation key.
		AttestationKeyAdded {
			/// The manufacturer.
			manufacturer: T::AccountId,
			/// The key's index.
			index: AttestationKeyIndex,
			/// The key.
			key: DeviceKey,
		},
		/// An attestation key was revoked. For `KeyCompromise` or `CaCompromise`, every device
		/// it attested is flagged (listed by the `attested_devices` runtime API).
		AttestationKeyRevoked {
			/// The manufacturer.
			manufacturer: T::AccountId,
			/// The key's index.
			index: AttestationKeyIndex,
			/// Why.
			reason: RevocationReason,
		},
		/// Governance appointed or removed a regulator.
		RegulatorSet {
			/// The account.
			regulator: T::AccountId,
			/// Whether it may issue credentials.
			enabled: bool,
		},
		/// A manufacturer registered a device with an attested, possessed key.
		DeviceRegistered {
			/// The device.
			device: DeviceId,
			/// The manufacturer.
			manufacturer: T::AccountId,
			/// Type of its key.
			key_type: KeyType,
		},
		/// A device changed status.
		StatusChanged {
			/// The device.
			device: DeviceId,
			/// Its new status.
			status: DeviceStatus,
			/// Who changed it.
			by: T::AccountId,
		},
		/// A device changed custodian or site.
		CustodyTransferred {
			/// The device.
			device: DeviceId,
			/// The new custodian.
			to: T::AccountId,
			/// The site, if any.
			site: Option<SiteId>,
		},
		/// An inspection or maintenance visit was recorded.
		Inspected {
			/// The device.
			device: DeviceId,
			/// The inspector.
			inspector: T::AccountId,
			/// Hash of the report.
			report: DocumentHash,
			/// The result.
			result: InspectionResult,
		},
		/// An inspector took back the deposit of its inspection record (after the retention
		/// period, or because the device ended); the record stays.
		InspectionDepositReclaimed {
			/// The device.
			device: DeviceId,
			/// Sequence number of the record in the device's history.
			entry: u32,
			/// The inspector.
			inspector: T::AccountId,
		},
		/// A device's key changed (rotation or re-provisioning).
		KeyChanged {
			/// The device.
			device: DeviceId,
			/// Index of the new key.
			index: u32,
			/// Type of the new key.
			key_type: KeyType,
		},
		/// A device's key was revoked: its current key, or a past one found compromised.
		KeyRevoked {
			/// The device.
			device: DeviceId,
			/// Index of the revoked key.
			index: u32,
			/// Why.
			reason: RevocationReason,
			/// First block from which it is held compromised, if it is.
			compromised_since: Option<BlockNumberFor<T>>,
		},
		/// An issuer attested a claim about a subject.
		CredentialIssued {
			/// The credential.
			id: CredentialId,
			/// The issuer.
			issuer: T::AccountId,
			/// The subject.
			subject: Subject,
			/// The claim's type.
			claim_type: DocumentHash,
		},
		/// An issuer revoked a credential.
		CredentialRevoked {
			/// The credential.
			id: CredentialId,
		},
		/// An ended credential was removed and its deposit returned.
		CredentialRemoved {
			/// The credential.
			id: CredentialId,
		},
		/// An operator reported a device to the block list, holding `ReportDeposit`.
		DeviceReported {
			/// The device.
			device: DeviceId,
			/// The reporting operator.
			reporter: T::AccountId,
			/// Why.
			reason: BlockReason,
			/// Open reports against the device now.
			reports: u32,
		},
		/// A regulator listed a device on its own authority.
		RegulatorListed {
			/// The device.
			device: DeviceId,
			/// The regulator.
			regulator: T::AccountId,
			/// Why.
			reason: BlockReason,
		},
		/// A device went on the block list: it is suspended if it was in service, and cannot
		/// be activated or rotate its key while listed.
		DeviceBlockListed {
			/// The device.
			device: DeviceId,
			/// The regulator, or the operator whose report met `ReportsToList`.
			by: T::AccountId,
		},
		/// A reporter withdrew its report; its deposit returned.
		ReportWithdrawn {
			/// The device.
			device: DeviceId,
			/// The reporter.
			reporter: T::AccountId,
		},
		/// A regulator rejected a report as false: its deposit went to `ForfeitTo`.
		ReportRejected {
			/// The device.
			device: DeviceId,
			/// The reporter.
			reporter: T::AccountId,
			/// Who received the deposit: the `ForfeitTo` account.
			forfeited_to: T::AccountId,
			/// The deposit forfeited.
			amount: BalanceOf<T>,
		},
		/// A device's block-list entry was cleared (by a regulator, or because its last report
		/// was withdrawn or rejected): every open report's deposit returned, and the device
		/// back in its previous state unless something else suspends it.
		BlockListingCleared {
			/// The device.
			device: DeviceId,
			/// The regulator, or the reporter whose withdrawal emptied the entry.
			by: T::AccountId,
			/// Whether the device had been listed (not only reported).
			was_listed: bool,
		},
		/// A manufacturer registered a factory batch by the Merkle root of its devices.
		FactoryBatchRegistered {
			/// The batch.
			batch: FactoryBatchId,
			/// The manufacturer.
			manufacturer: T::AccountId,
			/// The root of its leaves.
			root: DocumentHash,
			/// Number of devices.
			devices: u32,
		},
		/// A device of a factory batch proved its leaf and key and was registered.
		DeviceEnrolledFromBatch {
			/// The batch.
			batch: FactoryBatchId,
			/// The device.
			device: DeviceId,
		},
		/// The manufacturer closed a factory batch: no more devices enroll from it; its deposit
		/// returned.
		FactoryBatchClosed {
			/// The batch.
			batch: FactoryBatchId,
			/// Devices that enrolled from it.
			enrolled: u32,
		},
		/// A subscriber key's signed consent receipt was recorded.
		ConsentRecorded {
			/// The receipt.
			consent: ConsentId,
			/// The subscriber key's pseudonymous id.
			subscriber: SubscriberKeyId,
			/// Who may receive the data.
			recipient: ConsentRecipient<T::AccountId>,
			/// First block in which it no longer holds.
			expires_at: BlockNumberFor<T>,
		},
		/// The subscriber key revoked its consent.
		ConsentRevoked {
			/// The receipt.
			consent: ConsentId,
			/// The subscriber key's pseudonymous id.
			subscriber: SubscriberKeyId,
		},
		/// An expired or revoked receipt was purged; its deposit returned to its payer.
		ConsentPurged {
			/// The receipt.
			consent: ConsentId,
			/// Who got the deposit back.
			payer: T::AccountId,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is already a registered manufacturer.
		AlreadyManufacturer,
		/// The caller (or the named account) is not a registered manufacturer.
		NotManufacturer,
		/// The manufacturer has not committed to an identifier key (`commit_identifier_key`), so
		/// its device ids would be plain, brute-forceable hashes of IMEIs.
		NoIdentifierKey,
		/// The manufacturer committed to its identifier key already: device ids depend on it,
		/// so it never changes.
		IdentifierKeyCommitted,
		/// The manufacturer has added `MaxAttestationKeys` keys already.
		TooManyAttestationKeys,
		/// The manufacturer has no attestation key with this index.
		UnknownAttestationKey,
		/// The attestation key was revoked.
		AttestationKeyRevoked,
		/// Only the manufacturer itself or governance may revoke its attestation keys.
		NotKeyAuthority,
		/// A device with this id is already registered.
		DeviceExists,
		/// This public key already belongs to a device.
		KeyInUse,
		/// The manufacturer's attestation does not verify with the named attestation key.
		BadAttestation,
		/// The device's proof of possession does not verify with its key (wrong key, wrong
		/// payload, or made for another chain or nonce).
		BadPossessionProof,
		/// The rotation is not signed by the device's current key.
		BadRotationSignature,
		/// No device has this id.
		UnknownDevice,
		/// The caller is not a consortium operator.
		NotOperator,
		/// The device is not in a state that allows this step.
		InvalidTransition,
		/// The caller may not change this device (not its custodian, manufacturer or operator).
		NotAuthorized,
		/// The device is suspended: its key cannot rotate until the custodian resumes it.
		DeviceSuspended,
		/// The device was suspended for a key compromise: the manufacturer must revoke and
		/// re-provision its key before the hold can be lifted.
		KeyNotReplaced,
		/// The device has no key with this index.
		UnknownKey,
		/// A compromise date is given for a reason that is not a compromise, lies in the future,
		/// does not bring a past key's compromise forward, or (for a custodian) lies before its
		/// own custody began or after the past key ended.
		InvalidCompromiseDate,
		/// A past key can only be revoked for `KeyCompromise` or `CaCompromise`.
		PastKeyNeedsCompromise,
		/// The device has no valid key to rotate or revoke.
		NoValidKey,
		/// The device still has a valid key; revoke it before re-provisioning.
		KeyStillValid,
		/// The device has had `MaxKeysPerDevice` keys.
		TooManyKeys,
		/// The caller is not an operator, manufacturer or regulator.
		NotIssuer,
		/// The expiry is not after the current block.
		ExpiryInPast,
		/// No credential has this id.
		UnknownCredential,
		/// Only the issuer may revoke or remove its credential.
		NotCredentialIssuer,
		/// The credential is already revoked.
		AlreadyRevoked,
		/// The credential is still valid: revoke it, or wait for its expiry, before removing it.
		CredentialStillValid,
		/// The device's stored history has no inspection record with this sequence number.
		NotAnInspection,
		/// Only the inspector that recorded it may reclaim a record's deposit.
		NotInspector,
		/// The record is younger than `InspectionRetention`: its deposit is still held.
		RetentionNotOver,
		/// The record's deposit was already returned.
		NothingToReclaim,
		/// The caller is not an appointed regulator.
		NotRegulator,
		/// The custodian reports its own device: it suspends it with `suspend` instead; reports
		/// must come from other operators.
		ReporterIsCustodian,
		/// The operator already has an open report on this device (one per operator).
		AlreadyReported,
		/// The device already has `MaxReportsPerDevice` open reports (it is listed already).
		TooManyReports,
		/// The account has no open report on this device.
		NoReport,
		/// A regulator listed the device already.
		AlreadyListed,
		/// The device has no block-list entry to clear.
		NotListed,
		/// The device is on the block list: it cannot be activated, rotate its key or be
		/// resumed until the listing is cleared.
		BlockListed,
		/// A counter overflowed.
		Overflow,
		/// A factory batch must hold between 1 and `MAX_BATCH_DEVICES` (100,000) devices.
		BadBatchSize,
		/// No open factory batch has this id (never registered, or closed by its manufacturer).
		UnknownBatch,
		/// Only the manufacturer that registered the batch may close it.
		NotBatchManufacturer,
		/// The Merkle proof does not lead from the leaf (device id, key) at this index to the
		/// batch's root: the device is not in this batch, or the proof is of another batch.
		BadMerkleProof,
		/// The consent's subscriber key id is not the hash of the key given.
		WrongSubscriberKey,
		/// The subscriber key's signature of the consent (or of its revocation) does not
		/// verify: other terms, another chain, or another key.
		BadConsentSignature,
		/// The consent's expiry is not after the current block.
		ConsentExpired,
		/// The consent runs longer than `MaxConsentDuration` from now.
		ConsentTooLong,
		/// A purpose or data-category code is empty.
		EmptyConsentCode,
		/// The recipient named as an operator is not a consortium operator.
		RecipientNotOperator,
		/// A receipt with these terms is recorded already (a replayed submission).
		ConsentExists,
		/// The subscriber key has `MaxConsentsPerSubscriber` receipts stored; purge expired or
		/// revoked ones first.
		TooManyConsents,
		/// No receipt has this id.
		UnknownConsent,
		/// The subscriber revoked this consent already.
		ConsentAlreadyRevoked,
		/// The receipt may not be purged yet: it still holds, or its grace period (and, if
		/// revoked, its expiry) has not passed.
		ConsentNotPurgeable,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			// Two operators' reports at least list a device, and the cap leaves room for them.
			assert!(T::ReportsToList::get() >= 2); // panic-ok
			assert!(T::MaxReportsPerDevice::get() >= T::ReportsToList::get()); // panic-ok
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_now: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Governance registers a manufacturer's account.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_manufacturer())]
		pub fn register_manufacturer(
			origin: OriginFor<T>,
			manufacturer: T::AccountId,
			name: Label,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_register_manufacturer(manufacturer, name)
		}

		/// A manufacturer adds an attestation key (rotation: add the new key, then revoke the
		/// old one).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::add_attestation_key())]
		pub fn add_attestation_key(origin: OriginFor<T>, key: DeviceKey) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_add_attestation_key(who, key)
		}

		/// The manufacturer or governance revokes an attestation key. With `KeyCompromise` or
		/// `CaCompromise`, every device it attested is flagged: `device_verify` answers
		/// `attesterCompromised` until the manufacturer re-provisions the device under another
		/// key (flagging is read from the key, so this costs the same for any number of devices).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::revoke_attestation_key())]
		pub fn revoke_attestation_key(
			origin: OriginFor<T>,
			manufacturer: T::AccountId,
			index: AttestationKeyIndex,
			reason: RevocationReason,
		) -> DispatchResult {
			let by_governance = T::GovernanceOrigin::try_origin(origin.clone()).is_ok();
			if !by_governance {
				let who = ensure_signed(origin)?;
				ensure!(who == manufacturer, Error::<T>::NotKeyAuthority);
			}
			Self::do_revoke_attestation_key(manufacturer, index, reason)
		}

		/// Governance appoints (or removes) a regulator that may issue credentials.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_regulator())]
		pub fn set_regulator(
			origin: OriginFor<T>,
			regulator: T::AccountId,
			enabled: bool,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			if enabled {
				Regulators::<T>::insert(&regulator, ());
			} else {
				Regulators::<T>::remove(&regulator);
			}
			Self::deposit_event(Event::RegulatorSet { regulator, enabled });
			Ok(())
		}

		/// A manufacturer registers a device: the attestation and the device's proof of
		/// possession must verify; `DeviceDeposit` is held. Priced for P-256 on both signatures
		/// and refunded to the key types used.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::register_device_p256())]
		pub fn register_device(
			origin: OriginFor<T>,
			registration: DeviceRegistration,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let types = Self::do_register_device(who, registration)?;
			Ok(Some(Self::register_weight(types)).into())
		}

		/// The operator holding custody of a manufactured device activates it: the manufacturer
		/// names its buyer by handing custody over first (`transfer_custody`).
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::activate())]
		pub fn activate(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(T::Operators::is_operator(&who), Error::<T>::NotOperator);
			Self::do_activate(who, device)
		}

		/// The custodian or the manufacturer suspends an active device.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::set_status())]
		pub fn suspend(
			origin: OriginFor<T>,
			device: DeviceId,
			reason: RevocationReason,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_suspend(who, device, reason)
		}

		/// Lifts a hold: the party that placed it (a custodian's hold passes on with custody), the
		/// manufacturer or a regulator; a hold for a compromise only once the key was replaced.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::set_status())]
		pub fn resume(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_resume(who, device)
		}

		/// The custodian or the manufacturer revokes a device for good; its key ends with it, and
		/// every inspection deposit its history still holds returns to its inspector.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::set_status())]
		pub fn revoke_device(
			origin: OriginFor<T>,
			device: DeviceId,
			reason: RevocationReason,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_end_device(who, device, Some(reason))
		}

		/// The custodian takes a device out of service for good; its key ends with it, and every
		/// inspection deposit its history still holds returns to its inspector.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::set_status())]
		pub fn decommission(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_end_device(who, device, None)
		}

		/// The custodian hands custody (and with it the rights to suspend, resume, revoke and
		/// decommission) to another account and/or installs the device at a site; the
		/// manufacturer hands a manufactured device to the operator that will activate it.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::transfer_custody())]
		pub fn transfer_custody(
			origin: OriginFor<T>,
			device: DeviceId,
			to: T::AccountId,
			site: Option<SiteId>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_transfer_custody(who, device, to, site)
		}

		/// The custodian, the manufacturer or a regulator records an inspection or maintenance
		/// report, holding `InspectionDeposit` until the record leaves the bounded history, the
		/// device ends, or the inspector reclaims it after `InspectionRetention`.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::record_inspection())]
		pub fn record_inspection(
			origin: OriginFor<T>,
			device: DeviceId,
			report: DocumentHash,
			result: InspectionResult,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_record_inspection(who, device, report, result)
		}

		/// Anyone submits a key rotation for a manufactured or active (never a suspended) device,
		/// signed by the device's current key over
		/// `(ROTATION_TAG, genesis, device, nonce, new key)`, with the new key's proof of
		/// possession. Priced for P-256 and refunded to the key types used.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::rotate_key_p256())]
		pub fn rotate_key(
			origin: OriginFor<T>,
			device: DeviceId,
			new_key: DeviceKey,
			rotation: DeviceSignature,
			possession: DeviceSignature,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let types = Self::do_rotate_key(device, new_key, rotation, possession)?;
			Ok(Some(Self::rotate_weight(types)).into())
		}

		/// The custodian or the manufacturer revokes a key of the device: its current key
		/// (`key` `None` or the current index), or a past key found compromised (`KeyCompromise`
		/// or `CaCompromise`). `compromised_since`, for a compromise only, is the first block from
		/// which the key is held compromised (a past key defaults to its whole life): "key valid
		/// at block N" answers no from then on. A custodian may not date it before its own
		/// custody began (a past key defaults to that block); the manufacturer is not bound.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::revoke_key())]
		pub fn revoke_key(
			origin: OriginFor<T>,
			device: DeviceId,
			reason: RevocationReason,
			key: Option<u32>,
			compromised_since: Option<BlockNumberFor<T>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_revoke_key(who, device, reason, key, compromised_since)
		}

		/// The manufacturer installs a new attested key on a device whose key was revoked.
		/// Priced for P-256 and refunded to the key types used.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::register_device_p256())]
		pub fn reprovision_key(
			origin: OriginFor<T>,
			device: DeviceId,
			new_key: DeviceKey,
			attestation_key: AttestationKeyIndex,
			attestation: DeviceSignature,
			possession: DeviceSignature,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let types = Self::do_reprovision_key(
				who,
				device,
				new_key,
				attestation_key,
				attestation,
				possession,
			)?;
			Ok(Some(Self::register_weight(types)).into())
		}

		/// An operator, manufacturer or regulator attests a claim about a device or subscriber,
		/// holding `CredentialDeposit`.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::issue_credential())]
		pub fn issue_credential(
			origin: OriginFor<T>,
			subject: Subject,
			claim_type: DocumentHash,
			claim: DocumentHash,
			expires_at: Option<BlockNumberFor<T>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_issue_credential(who, subject, claim_type, claim, expires_at)
		}

		/// The issuer revokes its credential.
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::revoke_credential())]
		pub fn revoke_credential(origin: OriginFor<T>, id: CredentialId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_revoke_credential(who, id)
		}

		/// The issuer removes a revoked or expired credential; its deposit returns.
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::remove_credential())]
		pub fn remove_credential(origin: OriginFor<T>, id: CredentialId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_remove_credential(who, id)
		}

		/// A manufacturer commits, once, to the secret identifier key that keys its device ids
		/// (`commitment` = `blake2_256("tcc/device/idkey" ‖ key)`); it registers no device
		/// before. It shares the key with the parties that must look devices up by IMEI.
		#[pallet::call_index(18)]
		#[pallet::weight(T::WeightInfo::commit_identifier_key())]
		pub fn commit_identifier_key(
			origin: OriginFor<T>,
			commitment: DocumentHash,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_commit_identifier_key(who, commitment)
		}

		/// The inspector takes back the deposit of its inspection record `entry` (a sequence
		/// number in the device's history) once `InspectionRetention` blocks have passed since
		/// it was recorded; the record stays, with its deposit zeroed.
		#[pallet::call_index(19)]
		#[pallet::weight(T::WeightInfo::reclaim_inspection_deposit())]
		pub fn reclaim_inspection_deposit(
			origin: OriginFor<T>,
			device: DeviceId,
			entry: u32,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_reclaim_inspection_deposit(who, device, entry)
		}

		/// An operator reports a device as lost, stolen, fraudulent, counterfeit or faulty,
		/// holding `ReportDeposit`: one report per operator, never by the custodian, never on a
		/// revoked or decommissioned device, at most `MaxReportsPerDevice` per device. The
		/// report that makes `ReportsToList` lists the device and suspends it automatically.
		#[pallet::call_index(20)]
		#[pallet::weight(T::WeightInfo::report_device())]
		pub fn report_device(
			origin: OriginFor<T>,
			device: DeviceId,
			reason: BlockReason,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(T::Operators::is_operator(&who), Error::<T>::NotOperator);
			Self::do_report_device(who, device, reason)
		}

		/// The reporter withdraws its report (the device was found); its deposit returns. When
		/// no report and no regulator listing remain, the listing is cleared and the device
		/// returns to its previous state unless something else suspends it.
		#[pallet::call_index(21)]
		#[pallet::weight(T::WeightInfo::withdraw_report())]
		pub fn withdraw_report(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw_report(who, device)
		}

		/// A regulator lists a device on its own authority, which suspends it automatically;
		/// only a regulator clears it.
		#[pallet::call_index(22)]
		#[pallet::weight(T::WeightInfo::list_device())]
		pub fn list_device(
			origin: OriginFor<T>,
			device: DeviceId,
			reason: BlockReason,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_list_device(who, device, reason)
		}

		/// A regulator rejects an operator's report as false: the report is removed and its
		/// deposit forfeited to the neutral `ForfeitTo` account (never the device's custodian).
		/// When no report and no regulator listing remain, the listing is cleared.
		#[pallet::call_index(23)]
		#[pallet::weight(T::WeightInfo::reject_report())]
		pub fn reject_report(
			origin: OriginFor<T>,
			device: DeviceId,
			reporter: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_reject_report(who, device, reporter)
		}

		/// A regulator clears a device's block-list entry: its own listing and every report go,
		/// each report's deposit returns to its reporter, and the device returns to its previous
		/// state unless something else suspends it.
		#[pallet::call_index(24)]
		#[pallet::weight(T::WeightInfo::clear_listing())]
		pub fn clear_listing(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_clear_listing(who, device)
		}

		/// A manufacturer registers a production batch of up to 100,000 devices by the Merkle
		/// root of their leaves `(device id, device key)` (`telecom_primitives::merkle`), under
		/// one of its attestation keys; `FactoryBatchDeposit` is held, whatever the number of
		/// devices (only the root is stored). Each device then enrolls itself with
		/// `enroll_from_batch`.
		#[pallet::call_index(25)]
		#[pallet::weight(T::WeightInfo::register_factory_batch())]
		pub fn register_factory_batch(
			origin: OriginFor<T>,
			root: DocumentHash,
			devices: u32,
			attestation_key: AttestationKeyIndex,
			model: Label,
			batch: Label,
			firmware: Label,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register_factory_batch(
				who,
				root,
				devices,
				attestation_key,
				(model, batch, firmware),
			)
		}

		/// Anyone submits a device's first enrolment from an open factory batch: the Merkle proof
		/// of its leaf at `index` and the key's proof of possession (as at single registration,
		/// `(POSSESSION_TAG, genesis, device, 0)`). It creates the same device record as
		/// `register_device`, holding `DeviceDeposit` from the manufacturer; a second enrolment
		/// is refused (`DeviceExists`). Priced for P-256 and a proof of 17 hashes.
		#[pallet::call_index(26)]
		#[pallet::weight(T::WeightInfo::enroll_from_batch())]
		pub fn enroll_from_batch(
			origin: OriginFor<T>,
			batch: FactoryBatchId,
			index: u32,
			device: DeviceId,
			key: DeviceKey,
			possession: DeviceSignature,
			proof: BatchProof,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_enroll_from_batch(batch, index, device, key, possession, proof)
		}

		/// The manufacturer closes (or withdraws) a factory batch: devices not yet enrolled can no
		/// longer enroll from it; those enrolled stay. Its deposit returns.
		#[pallet::call_index(27)]
		#[pallet::weight(T::WeightInfo::close_factory_batch())]
		pub fn close_factory_batch(origin: OriginFor<T>, batch: FactoryBatchId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_close_factory_batch(who, batch)
		}

		/// Anyone submits a consent receipt signed by a subscriber's SIM/eSIM key over
		/// `(CONSENT_TAG, genesis, terms)`: the key is known only by its hash, the receipt holds
		/// codes and hashes, never personal data. `ConsentDeposit` is held from the submitter
		/// until the receipt is purged. Priced for a P-256 signature.
		#[pallet::call_index(28)]
		#[pallet::weight(T::WeightInfo::record_consent())]
		pub fn record_consent(
			origin: OriginFor<T>,
			key: DeviceKey,
			terms: ConsentTermsOf<T>,
			signature: DeviceSignature,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_record_consent(who, key, terms, signature)
		}

		/// Anyone submits the subscriber key's revocation of its consent, a signature over
		/// `(CONSENT_REVOKE_TAG, genesis, consent id)`; from this block the consent no longer
		/// holds. Priced for a P-256 signature.
		#[pallet::call_index(29)]
		#[pallet::weight(T::WeightInfo::revoke_consent())]
		pub fn revoke_consent(
			origin: OriginFor<T>,
			consent: ConsentId,
			signature: DeviceSignature,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_revoke_consent(consent, signature)
		}

		/// Anyone purges a receipt `ConsentGrace` blocks after it expired, or after it was
		/// revoked (and not before its expiry, so the signed receipt cannot be replayed); its
		/// deposit returns to its payer.
		#[pallet::call_index(30)]
		#[pallet::weight(T::WeightInfo::purge_consent())]
		pub fn purge_consent(origin: OriginFor<T>, consent: ConsentId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_purge_consent(consent)
		}
	}

	impl<T: Config> DeviceVerifier<T::AccountId> for Pallet<T> {
		fn verify(
			device: &DeviceId,
			payload: &[u8],
			signature: &DeviceSignature,
		) -> Result<(), telecom_primitives::DeviceCheckError> {
			Self::check_signature(device, payload, signature)
		}

		fn custodian(device: &DeviceId) -> Option<T::AccountId> {
			Devices::<T>::get(device).map(|d| d.custodian)
		}

		fn is_active(device: &DeviceId) -> bool {
			Devices::<T>::get(device).is_some_and(|d| d.status == DeviceStatus::Active)
		}
	}
}
