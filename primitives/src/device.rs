//! Device identity: self-generated device keys of four types, their signatures, and the
//! verification trait other pallets use to check that a device signed a payload.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::{ecdsa, ed25519, sr25519, H256};
use sp_runtime::traits::Verify;

/// A device's identifier on-chain: the Blake2-256 hash of its serial number, IMEI or EUI-64
/// (salted off-chain where the identifier is personal), never the identifier itself.
pub type DeviceId = H256;

/// The type of a device or attestation key.
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
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub enum KeyType {
	/// Schnorr over Ristretto25519 (Substrate's default).
	Sr25519,
	/// EdDSA over Curve25519.
	Ed25519,
	/// ECDSA over secp256k1; messages are hashed with Blake2-256 (Substrate's convention).
	Ecdsa,
	/// ECDSA over NIST P-256 (secp256r1), the curve of SIM cards, eSIMs and secure elements;
	/// messages are hashed with SHA-256 (ES256).
	P256,
}

/// A public key a device generated itself (or a manufacturer's attestation key).
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
pub enum DeviceKey {
	/// A 32-byte sr25519 public key.
	Sr25519([u8; 32]),
	/// A 32-byte ed25519 public key.
	Ed25519([u8; 32]),
	/// A 33-byte compressed secp256k1 public key.
	Ecdsa([u8; 33]),
	/// A 33-byte compressed (SEC1) P-256 public key.
	P256([u8; 33]),
}

/// A signature by a [`DeviceKey`].
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
pub enum DeviceSignature {
	/// A 64-byte sr25519 signature.
	Sr25519([u8; 64]),
	/// A 64-byte ed25519 signature.
	Ed25519([u8; 64]),
	/// A 65-byte recoverable secp256k1 signature (r, s, recovery id) over Blake2-256.
	Ecdsa([u8; 65]),
	/// A 64-byte P-256 signature (r ‖ s, big-endian) over SHA-256.
	P256([u8; 64]),
}

impl DeviceKey {
	/// The key's type.
	pub fn key_type(&self) -> KeyType {
		match self {
			Self::Sr25519(_) => KeyType::Sr25519,
			Self::Ed25519(_) => KeyType::Ed25519,
			Self::Ecdsa(_) => KeyType::Ecdsa,
			Self::P256(_) => KeyType::P256,
		}
	}

	/// Whether `signature` is this key's signature of `message`. A signature of another key
	/// type, a malformed key or a malformed signature never verifies.
	pub fn verify(&self, signature: &DeviceSignature, message: &[u8]) -> bool {
		match (self, signature) {
			(Self::Sr25519(key), DeviceSignature::Sr25519(sig)) => {
				sr25519::Signature::from_raw(*sig).verify(message, &sr25519::Public::from_raw(*key))
			},
			(Self::Ed25519(key), DeviceSignature::Ed25519(sig)) => {
				ed25519::Signature::from_raw(*sig).verify(message, &ed25519::Public::from_raw(*key))
			},
			(Self::Ecdsa(key), DeviceSignature::Ecdsa(sig)) => {
				ecdsa::Signature::from_raw(*sig).verify(message, &ecdsa::Public::from_raw(*key))
			},
			(Self::P256(key), DeviceSignature::P256(sig)) => verify_p256(key, sig, message),
			_ => false,
		}
	}
}

impl DeviceSignature {
	/// The type of key that makes such a signature.
	pub fn key_type(&self) -> KeyType {
		match self {
			Self::Sr25519(_) => KeyType::Sr25519,
			Self::Ed25519(_) => KeyType::Ed25519,
			Self::Ecdsa(_) => KeyType::Ecdsa,
			Self::P256(_) => KeyType::P256,
		}
	}
}

/// Text form of keys and signatures in JSON (genesis presets, RPC): `"<type>:0x<hex>"`, the
/// type being `sr25519`, `ed25519`, `ecdsa` or `p256`.
mod text {
	use alloc::{format, string::String, vec::Vec};

	pub fn encode(kind: &str, bytes: &[u8]) -> String {
		let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
		format!("{kind}:0x{hex}")
	}

	pub fn decode(text: &str) -> Result<(&str, Vec<u8>), &'static str> {
		let (kind, hex) = text.split_once(":0x").ok_or("expected `<type>:0x<hex>`")?;
		if hex.len() % 2 != 0 {
			return Err("odd number of hex digits");
		}
		let bytes = (0..hex.len())
			.step_by(2)
			.map(|i| {
				hex.get(i..i.saturating_add(2))
					.and_then(|pair| u8::from_str_radix(pair, 16).ok())
					.ok_or("invalid hex digit")
			})
			.collect::<Result<Vec<u8>, _>>()?;
		Ok((kind, bytes))
	}
}

macro_rules! text_serde {
	($ty:ident, $($variant:ident = $name:literal),+) => {
		impl serde::Serialize for $ty {
			fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
				let text = match self {
					$(Self::$variant(bytes) => text::encode($name, bytes),)+
				};
				serializer.serialize_str(&text)
			}
		}

		impl<'de> serde::Deserialize<'de> for $ty {
			fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
				use serde::de::Error;
				let text = <alloc::string::String as serde::Deserialize>::deserialize(deserializer)?;
				let (kind, bytes) = text::decode(&text).map_err(D::Error::custom)?;
				match kind {
					$($name => bytes
						.as_slice()
						.try_into()
						.map(Self::$variant)
						.map_err(|_| D::Error::custom("wrong length for this type")),)+
					_ => Err(D::Error::custom("unknown key type")),
				}
			}
		}
	};
}

text_serde!(DeviceKey, Sr25519 = "sr25519", Ed25519 = "ed25519", Ecdsa = "ecdsa", P256 = "p256");
text_serde!(
	DeviceSignature,
	Sr25519 = "sr25519",
	Ed25519 = "ed25519",
	Ecdsa = "ecdsa",
	P256 = "p256"
);

/// ES256 verification in the runtime, by the `no_std` `p256` crate.
fn verify_p256(key: &[u8; 33], signature: &[u8; 64], message: &[u8]) -> bool {
	use p256::ecdsa::{signature::Verifier, Signature, VerifyingKey};
	let Ok(key) = VerifyingKey::from_sec1_bytes(key) else { return false };
	let Ok(signature) = Signature::from_slice(signature) else { return false };
	key.verify(message, &signature).is_ok()
}

/// Why a device signature was not accepted.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub enum DeviceCheckError {
	/// No device has this id.
	UnknownDevice,
	/// The device is not active (not yet activated, suspended, revoked or decommissioned).
	NotActive,
	/// The device has no valid key (its key was revoked).
	NoValidKey,
	/// The signature is not the current key's signature of the payload.
	BadSignature,
}

/// What other pallets ask the device registry; implemented by the device-identity pallet.
pub trait DeviceVerifier<AccountId> {
	/// Checks that `signature` is the signature of `payload` by the current key of `device`,
	/// and that the device is active.
	fn verify(
		device: &DeviceId,
		payload: &[u8],
		signature: &DeviceSignature,
	) -> Result<(), DeviceCheckError>;

	/// The account that holds custody of the device, if it exists.
	fn custodian(device: &DeviceId) -> Option<AccountId>;

	/// Whether the device is registered and active (in service: not awaiting activation,
	/// suspended, revoked or decommissioned). A registry that cannot tell answers `false`, so
	/// callers that require an active device refuse it.
	fn is_active(_device: &DeviceId) -> bool {
		false
	}
}

/// No registry: every check fails with `UnknownDevice`.
impl<AccountId> DeviceVerifier<AccountId> for () {
	fn verify(_: &DeviceId, _: &[u8], _: &DeviceSignature) -> Result<(), DeviceCheckError> {
		Err(DeviceCheckError::UnknownDevice)
	}

	fn custodian(_: &DeviceId) -> Option<AccountId> {
		None
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use p256::ecdsa::{signature::Signer, SigningKey};
	use sp_core::Pair;

	const MESSAGE: &[u8] = b"meter report 42";

	fn p256_pair(seed: u8) -> (DeviceKey, impl Fn(&[u8]) -> DeviceSignature) {
		let signing = SigningKey::from_slice(&[seed; 32]).unwrap();
		let point = signing.verifying_key().to_encoded_point(true);
		let key = DeviceKey::P256(point.as_bytes().try_into().unwrap());
		let sign = move |message: &[u8]| {
			let signature: p256::ecdsa::Signature = signing.sign(message);
			DeviceSignature::P256(signature.to_bytes().into())
		};
		(key, sign)
	}

	#[test]
	fn each_key_type_verifies_its_own_signatures_only() {
		let sr = sr25519::Pair::from_seed(&[1; 32]);
		let ed = ed25519::Pair::from_seed(&[2; 32]);
		let ec = ecdsa::Pair::from_seed(&[3; 32]);
		let (p256_key, p256_sign) = p256_pair(4);
		let cases = [
			(DeviceKey::Sr25519(sr.public().0), DeviceSignature::Sr25519(sr.sign(MESSAGE).0)),
			(DeviceKey::Ed25519(ed.public().0), DeviceSignature::Ed25519(ed.sign(MESSAGE).0)),
			(DeviceKey::Ecdsa(ec.public().0), DeviceSignature::Ecdsa(ec.sign(MESSAGE).0)),
			(p256_key, p256_sign(MESSAGE)),
		];
		for (key, signature) in cases {
			assert!(key.verify(&signature, MESSAGE), "{:?} verifies", key.key_type());
			assert!(!key.verify(&signature, b"another message"), "wrong payload");
			assert_eq!(key.key_type(), signature.key_type());
			for (other, _) in cases.iter().filter(|(other, _)| *other != key) {
				assert!(!other.verify(&signature, MESSAGE), "wrong key");
			}
		}
	}

	#[test]
	fn keys_travel_in_json_as_typed_hex() {
		let key = DeviceKey::Ed25519([0xab; 32]);
		let json = serde_json::to_string(&key).unwrap();
		assert_eq!(json, format!("\"ed25519:0x{}\"", "ab".repeat(32)));
		assert_eq!(serde_json::from_str::<DeviceKey>(&json).unwrap(), key);
		let p256 = DeviceKey::P256([2; 33]);
		assert_eq!(
			serde_json::from_str::<DeviceKey>(&serde_json::to_string(&p256).unwrap()).unwrap(),
			p256
		);
		assert!(serde_json::from_str::<DeviceKey>("\"p256:0x02\"").is_err(), "too short");
		assert!(serde_json::from_str::<DeviceKey>("\"rsa:0x02\"").is_err(), "unknown type");
		assert!(serde_json::from_str::<DeviceKey>("\"ed25519:0xzz\"").is_err(), "not hex");
		let sig = DeviceSignature::Ecdsa([7; 65]);
		assert_eq!(
			serde_json::from_str::<DeviceSignature>(&serde_json::to_string(&sig).unwrap()).unwrap(),
			sig
		);
	}

	#[test]
	fn malformed_p256_keys_and_signatures_are_refused() {
		let (key, sign) = p256_pair(9);
		let DeviceSignature::P256(mut bytes) = sign(MESSAGE) else { unreachable!() };
		bytes[0] ^= 1;
		assert!(!key.verify(&DeviceSignature::P256(bytes), MESSAGE));
		assert!(!key.verify(&DeviceSignature::P256([0; 64]), MESSAGE), "zero r and s");
		assert!(!DeviceKey::P256([2; 33]).verify(&sign(MESSAGE), MESSAGE), "not a curve point");
	}
}
