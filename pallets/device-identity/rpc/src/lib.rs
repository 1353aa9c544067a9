//! JSON-RPC methods of the device identity pallet: an OCSP-like answer, and more, in one call.
//!
//! Keys and signatures are text `"<type>:0x<hex>"` with type `sr25519`, `ed25519`, `ecdsa`
//! (secp256k1, Blake2-256 message hash) or `p256` (compressed SEC1 key; r ‖ s signature over
//! SHA-256). Device ids and hashes are `0x…` hex, accounts SS58, block numbers numbers.
//!
//! | method | answers |
//! | --- | --- |
//! | `device_device(id, at?)` | status, manufacturer, custodian, site, operator, labels, key history, event history |
//! | `device_verify(id, payload, signature, at?)` | `{ valid, reason }`: is the device active and did its current key sign the payload (hex bytes)? `reason` `attesterCompromised` when it did, but the manufacturer's attestation key that vouched for the device was revoked for compromise; `blockListed` when the device is on the block list, whatever the signature |
//! | `device_keyValidAt(id, key, block, at?)` | was `key` a valid key of the device in `block` (not ended, not compromised by then, device not suspended)? |
//! | `device_credentials(subject, at?)` | credentials about `device:0x…` or `subscriber:0x…`, each with `valid` now |
//! | `device_verifyConsent(consent, at?)` | `{ valid, reason, … }`: does the SIM consent receipt hold now (recorded with a verified subscriber signature, not expired, not revoked)? `reason` `unknown`, `expired` or `revoked` when not; the receipt's subscriber key id and key, purpose, data category, recipient (`{ operator }` or `{ partner }`), expiry and revocation |
//! | `device_blockListing(id, at?)` | the device's block-list entry: `{ listed, since, reasons, reporters, regulator, reports }` (`listed` false and empty lists if nobody reported it) |

use codec::Codec;
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::error::{ErrorObject, ErrorObjectOwned},
};
use pallet_device_identity::{
	BlockListingDetails, ConsentDetails, ConsentRecipient, ConsentStatus, Credential,
	DeviceDetails, DeviceEvent, DeviceStatus, Subject, Verification,
};
pub use pallet_device_identity_runtime_api::DeviceIdentityApi as DeviceIdentityRuntimeApi;
use serde_json::{json, Value};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::{Bytes, H256};
use sp_runtime::traits::Block as BlockT;
use std::{fmt::Display, marker::PhantomData, sync::Arc};
use telecom_primitives::{DeviceCheckError, DeviceKey, DeviceSignature};

/// The device identity RPC methods.
#[rpc(client, server)]
pub trait DeviceIdentityApi<BlockHash, BlockNumber> {
	/// A device's record, key history and event history, or null.
	#[method(name = "device_device")]
	fn device(&self, device: H256, at: Option<BlockHash>) -> RpcResult<Option<Value>>;

	/// Whether the device is active and its current key signed `payload`.
	#[method(name = "device_verify")]
	fn verify(
		&self,
		device: H256,
		payload: Bytes,
		signature: DeviceSignature,
		at: Option<BlockHash>,
	) -> RpcResult<Value>;

	/// Whether `key` was a valid key of the device in block `block`.
	#[method(name = "device_keyValidAt")]
	fn key_valid_at(
		&self,
		device: H256,
		key: DeviceKey,
		block: BlockNumber,
		at: Option<BlockHash>,
	) -> RpcResult<bool>;

	/// Credentials about a subject (`device:0x…` or `subscriber:0x…`).
	#[method(name = "device_credentials")]
	fn credentials(&self, subject: String, at: Option<BlockHash>) -> RpcResult<Vec<Value>>;

	/// The device's block-list entry: whether (since when) it is listed, the reasons given,
	/// the number of reporting operators, the regulator's listing and the open reports.
	#[method(name = "device_blockListing")]
	fn block_listing(&self, device: H256, at: Option<BlockHash>) -> RpcResult<Value>;

	/// Whether a SIM consent receipt holds now, with its terms.
	#[method(name = "device_verifyConsent")]
	fn verify_consent(&self, consent: H256, at: Option<BlockHash>) -> RpcResult<Value>;
}

/// Serves [`DeviceIdentityApiServer`] from the runtime API.
pub struct DeviceIdentity<C, Block, AccountId> {
	client: Arc<C>,
	_marker: PhantomData<(Block, AccountId)>,
}

impl<C, Block, AccountId> DeviceIdentity<C, Block, AccountId> {
	/// Creates the RPC handler.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _marker: PhantomData }
	}
}

/// JSON-RPC error code of a runtime API call that failed.
const RUNTIME_ERROR: i32 = 1;
/// JSON-RPC error code of a malformed parameter.
const INVALID_PARAMS: i32 = -32602;

fn runtime_error(error: impl std::fmt::Debug) -> ErrorObjectOwned {
	ErrorObject::owned(RUNTIME_ERROR, "runtime API call failed", Some(format!("{error:?}")))
}

fn status_name(status: DeviceStatus) -> &'static str {
	match status {
		DeviceStatus::Manufactured => "manufactured",
		DeviceStatus::Active => "active",
		DeviceStatus::Suspended => "suspended",
		DeviceStatus::Revoked => "revoked",
		DeviceStatus::Decommissioned => "decommissioned",
	}
}

fn text(bytes: &[u8]) -> String {
	String::from_utf8_lossy(bytes).into_owned()
}

fn event_json<A: Display>(event: &DeviceEvent<A>) -> Value {
	match event {
		DeviceEvent::Registered => json!({ "step": "registered" }),
		DeviceEvent::Activated { operator } => {
			json!({ "step": "activated", "operator": operator.to_string() })
		},
		DeviceEvent::Suspended { by, reason } => {
			json!({ "step": "suspended", "by": by.to_string(), "reason": format!("{reason:?}") })
		},
		DeviceEvent::Resumed { by } => json!({ "step": "resumed", "by": by.to_string() }),
		DeviceEvent::Revoked { by, reason } => {
			json!({ "step": "revoked", "by": by.to_string(), "reason": format!("{reason:?}") })
		},
		DeviceEvent::Decommissioned { by } => {
			json!({ "step": "decommissioned", "by": by.to_string() })
		},
		DeviceEvent::CustodyTransferred { from, to, site } => json!({
			"step": "custodyTransferred", "from": from.to_string(), "to": to.to_string(), "site": site,
		}),
		DeviceEvent::Inspected { inspector, report, result, .. } => json!({
			"step": "inspected", "inspector": inspector.to_string(), "report": report,
			"result": format!("{result:?}"),
		}),
		DeviceEvent::KeyRotated { key } => json!({ "step": "keyRotated", "key": key }),
		DeviceEvent::KeyRevoked { key, by, reason } => json!({
			"step": "keyRevoked", "key": key, "by": by.to_string(), "reason": format!("{reason:?}"),
		}),
		DeviceEvent::KeyReprovisioned { key } => json!({ "step": "keyReprovisioned", "key": key }),
		DeviceEvent::BlockListed { by, reason } => json!({
			"step": "blockListed", "by": by.to_string(), "reason": format!("{reason:?}"),
		}),
		DeviceEvent::BlockListCleared { by } => {
			json!({ "step": "blockListCleared", "by": by.to_string() })
		},
	}
}

/// The JSON form of a device's block-list entry (`None`: nobody reported it).
pub fn block_listing_json<A: Display, N: Into<u64> + Copy>(
	details: Option<&BlockListingDetails<A, N>>,
) -> Value {
	let Some(details) = details else {
		return json!({
			"listed": false, "since": null, "reasons": [], "reporters": 0, "regulator": null,
			"reports": [],
		});
	};
	let listing = &details.listing;
	let mut reasons: Vec<_> = listing
		.regulator
		.iter()
		.map(|r| r.reason)
		.chain(details.reports.iter().map(|(_, r)| r.reason))
		.collect();
	reasons.sort();
	reasons.dedup();
	json!({
		"listed": listing.listed_since.is_some(),
		"since": listing.listed_since.map(Into::into),
		"reasons": reasons.iter().map(|r| format!("{r:?}")).collect::<Vec<_>>(),
		"reporters": listing.reports,
		"regulator": listing.regulator.as_ref().map(|r| json!({
			"by": r.regulator.to_string(),
			"reason": format!("{:?}", r.reason),
			"at": r.at.into(),
		})),
		"reports": details.reports.iter().map(|(reporter, r)| json!({
			"reporter": reporter.to_string(),
			"reason": format!("{:?}", r.reason),
			"at": r.at.into(),
		})).collect::<Vec<_>>(),
	})
}

/// The JSON form of a consent receipt and whether it holds (`None`: no such receipt).
pub fn consent_json<A: Display, N: Into<u64> + Copy>(
	details: Option<&ConsentDetails<A, N>>,
) -> Value {
	let Some(details) = details else {
		return json!({ "valid": false, "reason": "unknown" });
	};
	let receipt = &details.receipt;
	let terms = &receipt.terms;
	let reason = match details.status {
		ConsentStatus::Valid => None,
		ConsentStatus::Expired => Some("expired"),
		ConsentStatus::Revoked => Some("revoked"),
	};
	json!({
		"valid": details.status == ConsentStatus::Valid,
		"reason": reason,
		"id": details.id,
		"subscriber": terms.subscriber,
		"key": details.key,
		"purpose": text(&terms.purpose),
		"dataCategory": text(&terms.data_category),
		"recipient": match &terms.recipient {
			ConsentRecipient::Operator(operator) => json!({ "operator": operator.to_string() }),
			ConsentRecipient::Partner(partner) => json!({ "partner": partner }),
		},
		"expiresAt": terms.expires_at.into(),
		"nonce": terms.nonce,
		"recordedAt": receipt.recorded_at.into(),
		"revokedAt": receipt.revoked_at.map(Into::into),
		"payer": receipt.payer.to_string(),
	})
}

/// The JSON form of a device's record.
pub fn device_json<A: Display, N: Into<u64> + Copy>(details: &DeviceDetails<A, N>) -> Value {
	let d = &details.device;
	json!({
		"id": details.id,
		"status": status_name(d.status),
		"manufacturer": d.manufacturer.to_string(),
		"custodian": d.custodian.to_string(),
		"custodySince": d.custody_since.into(),
		"operator": d.operator.as_ref().map(ToString::to_string),
		"site": d.site,
		"model": text(&d.model),
		"batch": text(&d.batch),
		"firmware": text(&d.firmware),
		"currentKey": d.current_key,
		"attestedBy": d.attested_by,
		"attesterCompromised": details.attester_compromised,
		"blockListedSince": details.block_listed_since.map(Into::into),
		"hold": d.hold.as_ref().map(|h| json!({
			"by": h.by.to_string(),
			"reason": format!("{:?}", h.reason),
			"key": h.key,
		})),
		"suspensions": details.suspensions.iter().map(|p| json!({
			"from": p.from.into(),
			"until": p.until.map(Into::into),
		})).collect::<Vec<_>>(),
		"registeredAt": d.registered_at.into(),
		"historyStart": d.history_start,
		"historyDigest": d.history_digest,
		"keys": details.keys.iter().map(|k| json!({
			"key": k.key,
			"validFrom": k.valid_from.into(),
			"validUntil": k.valid_until.map(Into::into),
			"endedBy": k.ended_by.map(|r| format!("{r:?}")),
			"attestedBy": k.attested_by,
			"compromisedSince": k.compromised_since.map(Into::into),
		})).collect::<Vec<_>>(),
		"history": details.history.iter().map(|e| {
			let mut entry = event_json(&e.event);
			entry["at"] = json!(e.at.into());
			entry
		}).collect::<Vec<_>>(),
	})
}

fn parse_subject(subject: &str) -> Result<Subject, ErrorObjectOwned> {
	let invalid = || {
		ErrorObject::owned(
			INVALID_PARAMS,
			"subject must be `device:0x<32 bytes>` or `subscriber:0x<32 bytes>`",
			None::<()>,
		)
	};
	let (kind, hex) = subject.split_once(':').ok_or_else(invalid)?;
	let hash: H256 = hex.parse().map_err(|_| invalid())?;
	match kind {
		"device" => Ok(Subject::Device(hash)),
		"subscriber" => Ok(Subject::Subscriber(hash)),
		_ => Err(invalid()),
	}
}

fn credential_json<A: Display, N: Into<u64> + Copy>(
	id: u64,
	c: &Credential<A, N>,
	valid: bool,
) -> Value {
	json!({
		"id": id,
		"issuer": c.issuer.to_string(),
		"claimType": c.claim_type,
		"claim": c.claim,
		"issuedAt": c.issued_at.into(),
		"expiresAt": c.expires_at.map(Into::into),
		"revokedAt": c.revoked_at.map(Into::into),
		"valid": valid,
	})
}

fn reason_name(reason: DeviceCheckError) -> &'static str {
	match reason {
		DeviceCheckError::UnknownDevice => "unknownDevice",
		DeviceCheckError::NotActive => "notActive",
		DeviceCheckError::NoValidKey => "noValidKey",
		DeviceCheckError::BadSignature => "badSignature",
	}
}

impl<C, Block, AccountId, BlockNumber> DeviceIdentityApiServer<<Block as BlockT>::Hash, BlockNumber>
	for DeviceIdentity<C, Block, AccountId>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: DeviceIdentityRuntimeApi<Block, AccountId, BlockNumber>,
	AccountId: Codec + Display + Send + Sync + 'static,
	BlockNumber: Codec + Into<u64> + Copy + serde::de::DeserializeOwned + Send + Sync + 'static,
{
	fn device(&self, device: H256, at: Option<Block::Hash>) -> RpcResult<Option<Value>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let details = self.client.runtime_api().device(at, device).map_err(runtime_error)?;
		Ok(details.as_ref().map(device_json))
	}

	fn verify(
		&self,
		device: H256,
		payload: Bytes,
		signature: DeviceSignature,
		at: Option<Block::Hash>,
	) -> RpcResult<Value> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let outcome = self
			.client
			.runtime_api()
			.verify(at, device, payload.to_vec(), signature)
			.map_err(runtime_error)?;
		Ok(match outcome {
			Verification::Valid => json!({ "valid": true, "reason": null }),
			// The device signed, but the manufacturer's key that vouched for it is compromised.
			Verification::AttesterCompromised => {
				json!({ "valid": false, "reason": "attesterCompromised" })
			},
			Verification::Refused(reason) => {
				json!({ "valid": false, "reason": reason_name(reason) })
			},
			// Reported stolen, lost, fraudulent, counterfeit or faulty (`device_blockListing`).
			Verification::BlockListed => json!({ "valid": false, "reason": "blockListed" }),
		})
	}

	fn key_valid_at(
		&self,
		device: H256,
		key: DeviceKey,
		block: BlockNumber,
		at: Option<Block::Hash>,
	) -> RpcResult<bool> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client.runtime_api().key_valid_at(at, device, key, block).map_err(runtime_error)
	}

	fn credentials(&self, subject: String, at: Option<Block::Hash>) -> RpcResult<Vec<Value>> {
		let subject = parse_subject(&subject)?;
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let list = self.client.runtime_api().credentials(at, subject).map_err(runtime_error)?;
		Ok(list.iter().map(|(id, c, valid)| credential_json(*id, c, *valid)).collect())
	}

	fn block_listing(&self, device: H256, at: Option<Block::Hash>) -> RpcResult<Value> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let details = self.client.runtime_api().block_listing(at, device).map_err(runtime_error)?;
		Ok(block_listing_json(details.as_ref()))
	}

	fn verify_consent(&self, consent: H256, at: Option<Block::Hash>) -> RpcResult<Value> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let details = self.client.runtime_api().consent(at, consent).map_err(runtime_error)?;
		Ok(consent_json(details.as_ref()))
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use pallet_device_identity::{Device, HistoryEntry, KeyRecord, RevocationReason};

	#[test]
	fn a_device_renders_its_keys_and_trail() {
		let details = DeviceDetails {
			id: H256::repeat_byte(1),
			device: Device {
				manufacturer: 10u64,
				model: b"gNB".to_vec().try_into().unwrap(),
				batch: Default::default(),
				firmware: Default::default(),
				status: DeviceStatus::Active,
				custodian: 1,
				site: None,
				custody_since: 3u32,
				operator: Some(1),
				attested_by: 0,
				current_key: Some(1),
				keys: 2,
				history: 2,
				history_start: 0,
				history_digest: H256::zero(),
				registered_at: 3u32,
				deposit: 0,
				hold: None,
			},
			keys: vec![
				KeyRecord {
					key: DeviceKey::Ed25519([1; 32]),
					valid_from: 3,
					valid_until: Some(9),
					ended_by: Some(RevocationReason::Superseded),
					attested_by: Some(0),
					compromised_since: None,
				},
				KeyRecord {
					key: DeviceKey::P256([2; 33]),
					valid_from: 9,
					valid_until: None,
					ended_by: None,
					attested_by: None,
					compromised_since: None,
				},
			],
			history: vec![
				HistoryEntry { at: 3, event: DeviceEvent::Registered },
				HistoryEntry { at: 9, event: DeviceEvent::KeyRotated { key: 1 } },
			],
			suspensions: vec![],
			attester_compromised: false,
			block_listed_since: None,
		};
		let json = device_json(&details);
		assert_eq!(json["status"], "active");
		assert_eq!(json["model"], "gNB");
		assert_eq!(json["keys"][0]["endedBy"], "Superseded");
		assert_eq!(json["keys"][1]["key"], format!("p256:0x{}", "02".repeat(33)));
		assert_eq!(json["history"][1], json!({ "step": "keyRotated", "key": 1, "at": 9 }));
	}

	#[test]
	fn a_block_listing_renders_its_reasons_and_reporters() {
		use pallet_device_identity::{BlockListing, BlockReason, BlockReport, RegulatorListing};
		assert_eq!(
			block_listing_json::<u64, u32>(None),
			json!({
				"listed": false, "since": null, "reasons": [], "reporters": 0,
				"regulator": null, "reports": [],
			})
		);
		let details = BlockListingDetails {
			device: H256::repeat_byte(1),
			listing: BlockListing {
				reports: 2,
				regulator: Some(RegulatorListing {
					regulator: 20u64,
					reason: BlockReason::Stolen,
					at: 9u32,
				}),
				listed_since: Some(7),
			},
			reports: vec![
				(2, BlockReport { reason: BlockReason::Stolen, at: 5, deposit: 5 }),
				(3, BlockReport { reason: BlockReason::Fraud, at: 7, deposit: 5 }),
			],
		};
		let json = block_listing_json(Some(&details));
		assert_eq!(json["listed"], true);
		assert_eq!(json["since"], 7);
		assert_eq!(json["reasons"], json!(["Stolen", "Fraud"]));
		assert_eq!(json["reporters"], 2);
		assert_eq!(json["regulator"], json!({ "by": "20", "reason": "Stolen", "at": 9 }));
		assert_eq!(json["reports"][1], json!({ "reporter": "3", "reason": "Fraud", "at": 7 }));
	}

	#[test]
	fn subjects_parse_from_text() {
		let hash = format!("0x{}", "ab".repeat(32));
		assert_eq!(
			parse_subject(&format!("device:{hash}")).unwrap(),
			Subject::Device(H256::repeat_byte(0xab))
		);
		assert_eq!(
			parse_subject(&format!("subscriber:{hash}")).unwrap(),
			Subject::Subscriber(H256::repeat_byte(0xab))
		);
		assert!(parse_subject("device:0x12").is_err());
		assert!(parse_subject(&format!("site:{hash}")).is_err());
	}

	#[test]
	fn a_consent_renders_its_terms_and_why_it_does_not_hold() {
		use pallet_device_identity::{ConsentReceipt, ConsentTerms};
		assert_eq!(consent_json::<u64, u32>(None), json!({ "valid": false, "reason": "unknown" }));
		let details = ConsentDetails {
			id: H256::repeat_byte(7),
			receipt: ConsentReceipt {
				terms: ConsentTerms {
					subscriber: H256::repeat_byte(1),
					purpose: b"number-porting".to_vec().try_into().unwrap(),
					data_category: b"msisdn".to_vec().try_into().unwrap(),
					recipient: ConsentRecipient::Operator(2u64),
					expires_at: 90u32,
					nonce: 4,
				},
				recorded_at: 10,
				revoked_at: Some(20),
				payer: 5,
				deposit: 1,
			},
			key: DeviceKey::Ed25519([9; 32]),
			status: ConsentStatus::Revoked,
		};
		let rendered = consent_json(Some(&details));
		assert_eq!(rendered["valid"], json!(false));
		assert_eq!(rendered["reason"], json!("revoked"));
		assert_eq!(rendered["purpose"], json!("number-porting"));
		assert_eq!(rendered["dataCategory"], json!("msisdn"));
		assert_eq!(rendered["recipient"], json!({ "operator": "2" }));
		assert_eq!(rendered["expiresAt"], json!(90));
		assert_eq!(rendered["revokedAt"], json!(20));
		assert_eq!(rendered["payer"], json!("5"));
		let valid = ConsentDetails { status: ConsentStatus::Valid, ..details };
		assert_eq!(consent_json(Some(&valid))["valid"], json!(true));
		assert_eq!(consent_json(Some(&valid))["reason"], json!(null));
	}
}
