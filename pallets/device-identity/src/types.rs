//! Domain types of the device registry: manufacturers and their attestation keys, devices, their
//! lifecycle, custody, key history and event trail, and credentials.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::ConstU32, BoundedVec};
use scale_info::TypeInfo;
use telecom_primitives::{DeviceId, DeviceKey, DocumentHash};

/// Index of a manufacturer's attestation key.
pub type AttestationKeyIndex = u32;

/// Identifier of a credential.
pub type CredentialId = u64;

/// Identifier of a site (the hash of the operator's site reference).
pub type SiteId = DocumentHash;

/// Longest manufacturer name, model, batch or firmware label, in bytes.
pub const MAX_LABEL_LEN: u32 = 64;

/// A short UTF-8 label.
pub type Label = BoundedVec<u8, ConstU32<MAX_LABEL_LEN>>;

/// Domain tag of a manufacturer's attestation: `(tag, genesis, device, key)`.
pub const ATTESTATION_TAG: &[u8; 16] = b"tcc/device/attst";
/// Domain tag of a device's proof of possession: `(tag, genesis, device, nonce)`.
pub const POSSESSION_TAG: &[u8; 16] = b"tcc/device/possn";
/// Domain tag of a key rotation signed by the old key: `(tag, genesis, device, nonce, new key)`.
pub const ROTATION_TAG: &[u8; 16] = b"tcc/device/rotat";
/// Domain tag of a device id: `blake2_256(tag ‖ identifier key ‖ serial/IMEI/EUI-64 bytes)`.
pub const IDENTIFIER_TAG: &[u8; 16] = b"tcc/device/ident";
/// Domain tag of the commitment to a manufacturer's identifier key: `blake2_256(tag ‖ key)`.
pub const IDENTIFIER_KEY_TAG: &[u8; 16] = b"tcc/device/idkey";

/// A manufacturer's secret identifier key (32 random bytes): it keys every device id, so an
/// IMEI (whose serial part spans only a million values per type code) cannot be brute-forced
/// back from the id by anyone without the key.
pub type IdentifierKey = [u8; 32];

/// The id of the device whose serial number, IMEI or EUI-64 is `identifier`, under the
/// manufacturer's identifier key: `blake2_256(IDENTIFIER_TAG ‖ key ‖ identifier)` (plain byte
/// concatenation, no length prefixes). A party that knows the IMEI and was given the key (an
/// operator or regulator, by the manufacturer; or the device itself presenting its id) computes
/// it locally and looks the device up; nobody else can.
pub fn device_id_of(key: &IdentifierKey, identifier: &[u8]) -> DeviceId {
	let mut preimage = alloc::vec::Vec::with_capacity(identifier.len().saturating_add(48));
	preimage.extend_from_slice(IDENTIFIER_TAG);
	preimage.extend_from_slice(key);
	preimage.extend_from_slice(identifier);
	sp_io::hashing::blake2_256(&preimage).into()
}

/// The on-chain commitment to an identifier key, `blake2_256(IDENTIFIER_KEY_TAG ‖ key)`: a
/// party given the key checks it against the manufacturer's record before computing ids.
pub fn identifier_key_commitment(key: &IdentifierKey) -> DocumentHash {
	let mut preimage = [0u8; 48];
	let (tag, rest) = preimage.split_at_mut(16);
	tag.copy_from_slice(IDENTIFIER_KEY_TAG);
	rest.copy_from_slice(key);
	sp_io::hashing::blake2_256(&preimage).into()
}

/// A manufacturer's attestation key.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct AttestationKey<BlockNumber> {
	/// The public key.
	pub key: DeviceKey,
	/// Block it was added.
	pub added_at: BlockNumber,
	/// Block it was revoked, if it was.
	pub revoked_at: Option<BlockNumber>,
	/// Why it was revoked: `KeyCompromise` or `CaCompromise` flag every device it attested.
	pub reason: Option<RevocationReason>,
}

impl<BlockNumber> AttestationKey<BlockNumber> {
	/// Whether the key was revoked because it was (or may have been) compromised: nothing it
	/// ever attested can be trusted.
	pub fn compromised(&self) -> bool {
		matches!(
			self.reason,
			Some(RevocationReason::KeyCompromise | RevocationReason::CaCompromise)
		)
	}
}

/// A manufacturer registered by governance.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Manufacturer<BlockNumber> {
	/// Its name.
	pub name: Label,
	/// Block of registration.
	pub registered_at: BlockNumber,
	/// Attestation keys ever added, by index.
	pub keys: u32,
	/// Devices registered.
	pub devices: u32,
	/// Commitment to its secret identifier key ([`identifier_key_commitment`]), which keys the
	/// ids of the devices it registers ([`device_id_of`]); none, none registered.
	pub identifier_key: Option<DocumentHash>,
}

/// Where a device is in its life.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum DeviceStatus {
	/// Registered by its manufacturer, not yet in service.
	Manufactured,
	/// Activated by an operator: in service.
	Active,
	/// Suspended (reversible, like an X.509 certificate hold).
	Suspended,
	/// Revoked for good (lost, stolen, compromised, fraud).
	Revoked,
	/// Taken out of service for good.
	Decommissioned,
}

/// Why a key or device was revoked, or a device suspended (X.509 reasons and GSMA block-list
/// causes).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum RevocationReason {
	/// The private key may be known to others.
	KeyCompromise,
	/// A newer key replaces it.
	Superseded,
	/// The holder changed (sale, merger, transfer).
	AffiliationChanged,
	/// The device is out of operation.
	CessationOfOperation,
	/// Rights were withdrawn by the operator or manufacturer.
	PrivilegeWithdrawn,
	/// Reported lost.
	Lost,
	/// Reported stolen.
	Stolen,
	/// Found faulty.
	Faulty,
	/// Used for fraud.
	Fraud,
	/// The manufacturer's attestation key that vouched for it was compromised (X.509
	/// cACompromise).
	CaCompromise,
}

impl RevocationReason {
	/// Whether the reason says a key was (or may have been) known to others.
	pub fn is_compromise(self) -> bool {
		matches!(self, Self::KeyCompromise | Self::CaCompromise)
	}
}

/// The result of an inspection or maintenance visit.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum InspectionResult {
	/// Passed.
	Pass,
	/// Passed with remarks.
	Remarks,
	/// Failed.
	Fail,
	/// Maintenance carried out.
	Maintained,
}

/// A device as registered.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Device<AccountId, BlockNumber> {
	/// The manufacturer's account.
	pub manufacturer: AccountId,
	/// Model.
	pub model: Label,
	/// Production batch.
	pub batch: Label,
	/// Firmware version at registration.
	pub firmware: Label,
	/// Where it is in its life.
	pub status: DeviceStatus,
	/// Who holds custody, and with it the rights over the device (the manufacturer until it
	/// hands the device over to its buyer).
	pub custodian: AccountId,
	/// The site it is installed at, if any.
	pub site: Option<SiteId>,
	/// Block from which the current custodian holds custody (registration for the
	/// manufacturer): bounds what the custodian may declare about the past.
	pub custody_since: BlockNumber,
	/// The operator whose network it is in: the one that activated it, then any operator it
	/// is sold to (informational; rights follow custody).
	pub operator: Option<AccountId>,
	/// Index of the manufacturer's attestation key that vouched for it (at registration, or at
	/// its latest re-provisioning). If that key is revoked for compromise, the device is
	/// flagged: `device_verify` refuses it with `attesterCompromised`.
	pub attested_by: AttestationKeyIndex,
	/// Index of its current key in its key history, if it has a valid one.
	pub current_key: Option<u32>,
	/// Keys installed so far (also the nonce of the next key proof).
	pub keys: u32,
	/// Entries ever added to its history (the sequence number of the next one).
	pub history: u32,
	/// Sequence number of the oldest entry still stored: the history keeps the newest
	/// `MaxHistory` entries and folds each older one into `history_digest`.
	pub history_start: u32,
	/// Running hash of the entries dropped from the history, oldest first:
	/// `blake2_256(previous digest ‖ sequence ‖ entry)` (SCALE), zero while none was dropped.
	pub history_digest: DocumentHash,
	/// Block of registration.
	pub registered_at: BlockNumber,
	/// Deposit held from the manufacturer.
	pub deposit: u128,
	/// The hold on it while it is suspended: who placed it, why, and on which key.
	pub hold: Option<Hold<AccountId>>,
}

/// A suspension in force (an X.509 certificate hold): only the party that placed it (a
/// custodian's hold passes to the next custodian with custody), the manufacturer or a regulator
/// lifts it, and a hold for a compromise only once the key it was placed on was replaced.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Hold<AccountId> {
	/// Who placed the hold.
	pub by: AccountId,
	/// Why.
	pub reason: RevocationReason,
	/// Index of the device's current key when the hold was placed, if it had one.
	pub key: Option<u32>,
}

/// One key in a device's key history.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct KeyRecord<BlockNumber> {
	/// The public key.
	pub key: DeviceKey,
	/// First block in which it is valid.
	pub valid_from: BlockNumber,
	/// First block in which it is no longer valid, if it has ended.
	pub valid_until: Option<BlockNumber>,
	/// Why it ended, if it was revoked (a rotation ends a key as `Superseded`).
	pub ended_by: Option<RevocationReason>,
	/// The manufacturer's attestation key that attested it, for a key installed at
	/// registration or re-provisioning (a rotated key is vouched for by its predecessor).
	pub attested_by: Option<AttestationKeyIndex>,
	/// First block from which the key is known (or feared) to be compromised: nothing it
	/// signed from then on is valid, even before it was revoked.
	pub compromised_since: Option<BlockNumber>,
}

impl<BlockNumber: PartialOrd + Copy> KeyRecord<BlockNumber> {
	/// Whether the key was valid in block `at` (the device's suspensions aside).
	pub fn valid_at(&self, at: BlockNumber) -> bool {
		self.valid_from <= at
			&& self.valid_until.is_none_or(|until| at < until)
			&& self.compromised_since.is_none_or(|since| at < since)
	}
}

/// A period in which a device was suspended: its key signed nothing valid.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Suspension<BlockNumber> {
	/// First block of the suspension.
	pub from: BlockNumber,
	/// First block after it (the resumption, or the end of the device), if it is over.
	pub until: Option<BlockNumber>,
}

impl<BlockNumber: PartialOrd + Copy> Suspension<BlockNumber> {
	/// Whether block `at` falls in the suspension.
	pub fn covers(&self, at: BlockNumber) -> bool {
		self.from <= at && self.until.is_none_or(|until| at < until)
	}
}

/// What happened to a device: its traceable history.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub enum DeviceEvent<AccountId> {
	/// Registered by its manufacturer.
	Registered,
	/// Activated by an operator, which took custody.
	Activated {
		/// The operator.
		operator: AccountId,
	},
	/// Suspended.
	Suspended {
		/// Who suspended it.
		by: AccountId,
		/// Why.
		reason: RevocationReason,
	},
	/// Back in service after a suspension.
	Resumed {
		/// Who resumed it.
		by: AccountId,
	},
	/// Revoked for good.
	Revoked {
		/// Who revoked it.
		by: AccountId,
		/// Why.
		reason: RevocationReason,
	},
	/// Taken out of service.
	Decommissioned {
		/// Who decommissioned it.
		by: AccountId,
	},
	/// Custody passed to another account, or to a site.
	CustodyTransferred {
		/// The previous custodian.
		from: AccountId,
		/// The new custodian.
		to: AccountId,
		/// The site, if installed at one.
		site: Option<SiteId>,
	},
	/// Inspected or maintained.
	Inspected {
		/// The inspector.
		inspector: AccountId,
		/// Hash of the report.
		report: DocumentHash,
		/// The result.
		result: InspectionResult,
		/// Deposit held from the inspector until the entry leaves the bounded history.
		deposit: u128,
	},
	/// A new key replaced the previous one (signed by the old key).
	KeyRotated {
		/// Index of the new key.
		key: u32,
	},
	/// A key was revoked: the current one, or a past one found compromised.
	KeyRevoked {
		/// Index of the key.
		key: u32,
		/// Who revoked it.
		by: AccountId,
		/// Why.
		reason: RevocationReason,
	},
	/// The manufacturer installed a new attested key after a revocation.
	KeyReprovisioned {
		/// Index of the new key.
		key: u32,
	},
	/// Put on the shared block list (suspended if it was in service).
	BlockListed {
		/// The regulator that listed it, or the operator whose report met the threshold.
		by: AccountId,
		/// The reason given by that listing or report.
		reason: BlockReason,
	},
	/// Taken off the shared block list (back in service if nothing else holds it).
	BlockListCleared {
		/// The regulator that cleared it, or the reporter that withdrew the last report.
		by: AccountId,
	},
}

/// A history entry.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct HistoryEntry<AccountId, BlockNumber> {
	/// Block of the event.
	pub at: BlockNumber,
	/// What happened.
	pub event: DeviceEvent<AccountId>,
}

/// What a manufacturer submits to register a device.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct DeviceRegistration {
	/// The device id: its serial number, IMEI or EUI-64 keyed with the manufacturer's secret
	/// identifier key ([`device_id_of`]), never a plain hash of it.
	pub device: DeviceId,
	/// The key the device generated.
	pub key: DeviceKey,
	/// Model.
	pub model: Label,
	/// Production batch.
	pub batch: Label,
	/// Firmware version.
	pub firmware: Label,
	/// Index of the manufacturer's attestation key that signed.
	pub attestation_key: AttestationKeyIndex,
	/// The manufacturer's signature of `(ATTESTATION_TAG, genesis, device, key)`.
	pub attestation: telecom_primitives::DeviceSignature,
	/// The device's signature of `(POSSESSION_TAG, genesis, device, 0)`.
	pub possession: telecom_primitives::DeviceSignature,
}

/// Who a credential is about.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum Subject {
	/// A registered device.
	Device(DeviceId),
	/// A subscriber, by the hash of its DID (never personal data).
	Subscriber(DocumentHash),
}

/// A credential: an issuer's attestation of a claim about a subject.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Credential<AccountId, BlockNumber> {
	/// Who attests.
	pub issuer: AccountId,
	/// Who it is about.
	pub subject: Subject,
	/// Hash of the claim's schema or type (e.g. "KYC verified", "type-approved").
	pub claim_type: DocumentHash,
	/// Hash of the claim itself (held off-chain by the holder).
	pub claim: DocumentHash,
	/// Block of issue.
	pub issued_at: BlockNumber,
	/// First block in which it is no longer valid, if it expires.
	pub expires_at: Option<BlockNumber>,
	/// Block of revocation, if revoked.
	pub revoked_at: Option<BlockNumber>,
	/// Deposit held from the issuer.
	pub deposit: u128,
}

impl<AccountId, BlockNumber: PartialOrd + Copy> Credential<AccountId, BlockNumber> {
	/// Whether the credential is valid in block `at`.
	pub fn valid_at(&self, at: BlockNumber) -> bool {
		self.issued_at <= at
			&& self.expires_at.is_none_or(|end| at < end)
			&& self.revoked_at.is_none_or(|revoked| at < revoked)
	}
}

/// Why a device is reported to the shared block list: the causes of the GSMA Device Registry
/// and of national equipment identity registers (CEIR).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum BlockReason {
	/// Reported lost by its owner or subscriber.
	Lost,
	/// Reported stolen.
	Stolen,
	/// Used for fraud (subscription fraud, SIM-box bypass, unpaid equipment).
	Fraud,
	/// A counterfeit or cloned identity (duplicate IMEI, unapproved copy).
	Counterfeit,
	/// Faulty or non-compliant: must not attach to the network.
	Faulty,
}

/// One operator's report of a device to the block list, keyed by (device, reporter).
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct BlockReport<BlockNumber> {
	/// Why the operator reports it.
	pub reason: BlockReason,
	/// Block of the report.
	pub at: BlockNumber,
	/// Deposit held from the reporter: returned when the reporter withdraws the report or a
	/// regulator clears the listing; forfeited to the neutral `ForfeitTo` account if a regulator
	/// rejects the report as false.
	pub deposit: u128,
}

/// A regulator's own listing of a device: it lists the device alone, and only a regulator
/// clears it.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct RegulatorListing<AccountId, BlockNumber> {
	/// The regulator.
	pub regulator: AccountId,
	/// Why.
	pub reason: BlockReason,
	/// Block of the listing.
	pub at: BlockNumber,
}

/// A device's entry in the shared block list: the reports against it, a regulator's listing,
/// and whether (since when) it is listed. A device is listed once `ReportsToList` operators
/// reported it or a regulator listed it, and stays listed until a regulator clears it or every
/// report is withdrawn (a found device) with no regulator listing left.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct BlockListing<AccountId, BlockNumber> {
	/// Open operator reports (at most `MaxReportsPerDevice`), stored in `BlockReports`.
	pub reports: u32,
	/// The regulator's listing, if a regulator listed the device.
	pub regulator: Option<RegulatorListing<AccountId, BlockNumber>>,
	/// The block from which the device is listed, if it is.
	pub listed_since: Option<BlockNumber>,
}

impl<AccountId, BlockNumber> BlockListing<AccountId, BlockNumber> {
	/// Whether the device is on the block list.
	pub fn listed(&self) -> bool {
		self.listed_since.is_some()
	}
}

/// A device's block-list entry with its reports, as the runtime API returns it.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct BlockListingDetails<AccountId, BlockNumber> {
	/// The device id.
	pub device: DeviceId,
	/// The entry.
	pub listing: BlockListing<AccountId, BlockNumber>,
	/// Its open reports (reporter, report), oldest first.
	pub reports: alloc::vec::Vec<(AccountId, BlockReport<BlockNumber>)>,
}

/// The outcome of an off-chain verification request.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub enum Verification {
	/// The device is active and its current key signed the payload.
	Valid,
	/// The current key signed the payload, but the manufacturer's attestation key that vouched
	/// for the device was revoked for compromise: the device's identity cannot be trusted.
	AttesterCompromised,
	/// The device or its key is not in a state to sign.
	Refused(telecom_primitives::DeviceCheckError),
	/// The device is on the shared block list (reported stolen, lost, fraudulent, counterfeit
	/// or faulty): nothing it signs is accepted, whatever the signature.
	BlockListed,
}

/// A device's whole record, as the runtime API returns it.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct DeviceDetails<AccountId, BlockNumber> {
	/// The device id.
	pub id: DeviceId,
	/// The device.
	pub device: Device<AccountId, BlockNumber>,
	/// Its keys, oldest first.
	pub keys: alloc::vec::Vec<KeyRecord<BlockNumber>>,
	/// Its history, oldest first.
	pub history: alloc::vec::Vec<HistoryEntry<AccountId, BlockNumber>>,
	/// Its suspensions, oldest first.
	pub suspensions: alloc::vec::Vec<Suspension<BlockNumber>>,
	/// Whether the attestation key that vouched for it was revoked for compromise.
	pub attester_compromised: bool,
	/// The block from which it is on the shared block list, if it is.
	pub block_listed_since: Option<BlockNumber>,
}

// ---- SIM consent receipts ----

/// Domain tag of a consent receipt signed by a subscriber key: `(tag, genesis, terms)`.
pub const CONSENT_TAG: &[u8; 16] = b"tcc/sim/consent_";
/// Domain tag of a consent revocation signed by the subscriber key: `(tag, genesis, consent id)`.
pub const CONSENT_REVOKE_TAG: &[u8; 16] = b"tcc/sim/revoke__";

/// Longest purpose or data-category code, in bytes.
pub const MAX_CONSENT_CODE_LEN: u32 = 32;

/// A short code naming a consent's purpose (`number-porting`, `roaming-data-sharing`,
/// `esim-profile-download`) or data category (`location`, `usage-records`, `imsi`): the code
/// only, never the data.
pub type ConsentCode = BoundedVec<u8, ConstU32<MAX_CONSENT_CODE_LEN>>;

/// Pseudonymous id of a subscriber's SIM or eSIM key: `blake2_256(SCALE(key))`, the key's kind
/// included. Nothing on chain ties it to a person; the operator that issued the SIM knows whose
/// it is.
pub type SubscriberKeyId = DocumentHash;

/// Id of a consent receipt: `blake2_256(SCALE(terms))`. The terms name the subscriber key and
/// carry its nonce, so two receipts never share an id.
pub type ConsentId = DocumentHash;

/// The pseudonymous id of a subscriber key.
pub fn subscriber_key_id(key: &DeviceKey) -> SubscriberKeyId {
	sp_io::hashing::blake2_256(&key.encode()).into()
}

/// Who a subscriber consents to receive its data.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub enum ConsentRecipient<AccountId> {
	/// A consortium operator, by account (checked to be an operator when the receipt is
	/// recorded).
	Operator(AccountId),
	/// A partner outside the consortium (an eSIM SM-DP+, a porting clearinghouse), by the hash
	/// of its identifier.
	Partner(DocumentHash),
}

/// What a subscriber key signs: purpose, data category, recipient, expiry and a nonce.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct ConsentTerms<AccountId, BlockNumber> {
	/// The signing subscriber key's id ([`subscriber_key_id`]).
	pub subscriber: SubscriberKeyId,
	/// Why the data may be used.
	pub purpose: ConsentCode,
	/// Which data.
	pub data_category: ConsentCode,
	/// Who may receive it.
	pub recipient: ConsentRecipient<AccountId>,
	/// First block in which the consent no longer holds.
	pub expires_at: BlockNumber,
	/// Chosen by the subscriber's wallet, so that equal terms signed twice are two receipts.
	pub nonce: u64,
}

/// A recorded consent receipt.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct ConsentReceipt<AccountId, BlockNumber> {
	/// The signed terms.
	pub terms: ConsentTerms<AccountId, BlockNumber>,
	/// Block in which it was recorded.
	pub recorded_at: BlockNumber,
	/// Block of the subscriber's revocation, if revoked.
	pub revoked_at: Option<BlockNumber>,
	/// Who submitted it and holds its deposit (returned at purge).
	pub payer: AccountId,
	/// The deposit held from the payer.
	pub deposit: u128,
}

impl<AccountId, BlockNumber: PartialOrd + Copy> ConsentReceipt<AccountId, BlockNumber> {
	/// Whether the consent holds in block `at`.
	pub fn status_at(&self, at: BlockNumber) -> ConsentStatus {
		if self.revoked_at.is_some_and(|revoked| revoked <= at) {
			ConsentStatus::Revoked
		} else if at >= self.terms.expires_at {
			ConsentStatus::Expired
		} else {
			ConsentStatus::Valid
		}
	}
}

/// A subscriber key known to the chain: stored with its first receipt, removed with its last.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct SubscriberKey<BlockNumber> {
	/// The public key (any of the four kinds; SIMs and eSIMs use P-256).
	pub key: DeviceKey,
	/// Receipts of this key stored now (at most `MaxConsentsPerSubscriber`).
	pub receipts: u32,
	/// Block in which its first stored receipt was recorded.
	pub since: BlockNumber,
}

/// Whether a consent holds now.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum ConsentStatus {
	/// Signed, recorded, not expired, not revoked.
	Valid,
	/// Its expiry has passed.
	Expired,
	/// The subscriber revoked it.
	Revoked,
}

// ---- factory batches ----

/// Id of a factory batch.
pub type FactoryBatchId = u32;

/// A Merkle proof of a batch leaf: sibling hashes from the leaf up, at most
/// [`telecom_primitives::merkle::MAX_PROOF_DEPTH`].
pub type BatchProof =
	BoundedVec<DocumentHash, ConstU32<{ telecom_primitives::merkle::MAX_PROOF_DEPTH }>>;

/// A production batch a manufacturer registered by the Merkle root of its devices' leaves
/// (`telecom_primitives::merkle`): only the root is stored; each device enrolls itself.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct FactoryBatch<AccountId, BlockNumber> {
	/// The manufacturer.
	pub manufacturer: AccountId,
	/// Root of the tree over the leaves `(device id, device key)`.
	pub root: DocumentHash,
	/// Number of leaves (at most `MAX_BATCH_DEVICES`).
	pub devices: u32,
	/// Devices enrolled from it so far.
	pub enrolled: u32,
	/// The manufacturer's attestation key the batch is registered under: its devices record it
	/// as `attested_by`, and its revocation stops enrolment.
	pub attestation_key: AttestationKeyIndex,
	/// Model of its devices.
	pub model: Label,
	/// Production batch label.
	pub batch: Label,
	/// Firmware version.
	pub firmware: Label,
	/// Block of registration.
	pub registered_at: BlockNumber,
	/// Deposit held from the manufacturer for the batch record (one storage item, whatever
	/// the number of devices).
	pub deposit: u128,
}

/// A consent receipt and whether it holds now, as the runtime API returns it.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct ConsentDetails<AccountId, BlockNumber> {
	/// The receipt's id.
	pub id: ConsentId,
	/// The receipt.
	pub receipt: ConsentReceipt<AccountId, BlockNumber>,
	/// The subscriber key that signed it.
	pub key: DeviceKey,
	/// Whether it holds at the queried block.
	pub status: ConsentStatus,
}
