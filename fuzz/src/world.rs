//! What the fuzzer knows that the chain does not: the secret keys of the devices and
//! manufacturers it created (and of the dev chain's demo ones), the salts of the commitments
//! it made, and the pools of values the chain has shown in its events.

use crate::generate::{Pools, Rng};
use p256::ecdsa::{signature::Signer, SigningKey};
use sp_core::{ecdsa, ed25519, sr25519, Pair, H256};
use std::collections::BTreeMap;
use telecom_primitives::{DeviceKey, DeviceSignature};

/// A device's or manufacturer's secret key, of any of the four types the chain accepts.
#[derive(Clone)]
#[allow(clippy::large_enum_variant)] // a few hundred keys per program; boxing buys nothing
pub enum Secret {
	/// sr25519 (Substrate's default).
	Sr25519(sr25519::Pair),
	/// ed25519.
	Ed25519(ed25519::Pair),
	/// secp256k1 ECDSA over Blake2-256.
	Ecdsa(ecdsa::Pair),
	/// NIST P-256 ECDSA over SHA-256 (ES256), the curve of SIMs and secure elements.
	P256(SigningKey),
}

impl Secret {
	/// A fresh key of a random type.
	pub fn generate(rng: &mut Rng) -> Self {
		let mut seed = [0u8; 32];
		for chunk in seed.chunks_mut(8) {
			chunk.copy_from_slice(&rng.next().to_le_bytes());
		}
		match rng.below(4) {
			0 => Self::Sr25519(sr25519::Pair::from_seed(&seed)),
			1 => Self::Ed25519(ed25519::Pair::from_seed(&seed)),
			2 => Self::Ecdsa(ecdsa::Pair::from_seed(&seed)),
			// A seed at or above the curve order (probability ~2^-32) falls back to a fixed key.
			_ => Self::P256(
				SigningKey::from_slice(&seed)
					.unwrap_or_else(|_| SigningKey::from_slice(&[7; 32]).expect("valid scalar")),
			),
		}
	}

	/// The public key, as the chain stores it.
	pub fn public(&self) -> DeviceKey {
		match self {
			Self::Sr25519(pair) => DeviceKey::Sr25519(pair.public().0),
			Self::Ed25519(pair) => DeviceKey::Ed25519(pair.public().0),
			Self::Ecdsa(pair) => DeviceKey::Ecdsa(pair.public().0),
			Self::P256(key) => {
				let point = key.verifying_key().to_encoded_point(true);
				DeviceKey::P256(point.as_bytes().try_into().expect("33-byte compressed point"))
			},
		}
	}

	/// This key's signature of `message`.
	pub fn sign(&self, message: &[u8]) -> DeviceSignature {
		match self {
			Self::Sr25519(pair) => DeviceSignature::Sr25519(pair.sign(message).0),
			Self::Ed25519(pair) => DeviceSignature::Ed25519(pair.sign(message).0),
			Self::Ecdsa(pair) => DeviceSignature::Ecdsa(pair.sign(message).0),
			Self::P256(key) => {
				let signature: p256::ecdsa::Signature = key.sign(message);
				DeviceSignature::P256(signature.to_bytes().into())
			},
		}
	}

	/// Usually this key's signature of `message`; sometimes (`bad_percent`) a signature the
	/// chain must refuse: of another payload, or by another key of the same type.
	pub fn sign_maybe_bad(
		&self,
		message: &[u8],
		rng: &mut Rng,
		bad_percent: u64,
	) -> DeviceSignature {
		if !rng.chance(bad_percent) {
			return self.sign(message);
		}
		if rng.chance(50) {
			let mut other = message.to_vec();
			other.push(0);
			self.sign(&other)
		} else {
			Self::generate(rng).sign(message)
		}
	}
}

/// A sealed tender bid the fuzzer may reveal: what it committed to and the salt.
#[derive(Clone)]
pub struct SealedBid {
	/// Tender id.
	pub tender: u32,
	/// Lot.
	pub lot: u8,
	/// Index of the bidder among the dev accounts.
	pub bidder: usize,
	/// Price and document hash committed to.
	pub content: pallet_tender::BidContent,
	/// The salt mixed into the commitment.
	pub salt: [u8; 32],
}

/// Sealed technical scores of a panel member the fuzzer may open.
#[derive(Clone)]
pub struct SealedScores {
	/// Tender id.
	pub tender: u32,
	/// Lot.
	pub lot: u8,
	/// Index of the panel member among the dev accounts.
	pub member: usize,
	/// (bidder, score) as committed.
	pub scores: Vec<(telecom_runtime::AccountId, u8)>,
	/// The salt mixed into the commitment.
	pub salt: [u8; 32],
}

/// A panel-draw seed the fuzzer committed and may reveal.
#[derive(Clone)]
pub struct SealedSeed {
	/// Tender id.
	pub tender: u32,
	/// Index of the contributor (the buyer or a bidder) among the dev accounts.
	pub who: usize,
	/// The seed committed to.
	pub seed: [u8; 32],
}

/// The fuzzer's memory during one program.
#[derive(Clone, Default)]
pub struct World {
	/// Secret keys by public key: every device and attestation key the fuzzer can sign with.
	pub keyring: BTreeMap<DeviceKey, Secret>,
	/// Values seen in events.
	pub pools: Pools,
	/// Bids committed by the fuzzer.
	pub bids: Vec<SealedBid>,
	/// Scores committed by the fuzzer.
	pub scores: Vec<SealedScores>,
	/// Panel-draw seeds committed by the fuzzer.
	pub seeds: Vec<SealedSeed>,
	/// Factory batches the fuzzer registered: their leaves `(device, key)` in batch order
	/// (the keys' secrets are in `keyring`), by Merkle root.
	pub factory: Vec<(H256, Vec<(telecom_primitives::DeviceId, DeviceKey)>)>,
	/// Consent receipts the fuzzer had signed: (receipt id, subscriber key; its secret is in
	/// `keyring`).
	pub consents: Vec<(H256, DeviceKey)>,
	/// The operators' X25519 encryption secrets, by public key (every key the fuzzer registered).
	pub encryption: BTreeMap<[u8; 32], [u8; 32]>,
	/// What the fuzzer committed to, by commitment: the SCALE encoding of the committed value
	/// (confidential roaming terms, or anything else committed the same way) and its salt, so
	/// that it can reveal, reseal and state acceptance digests.
	pub committed: BTreeMap<H256, Committed>,
}

/// A value the fuzzer committed to with `terms_commitment(encoded, salt)`.
#[derive(Clone)]
pub struct Committed {
	/// The value's SCALE encoding.
	pub encoded: Vec<u8>,
	/// The salt.
	pub salt: [u8; 32],
}

impl World {
	/// The dev chain's known keys: the demo manufacturer Dave's ed25519 attestation key and
	/// the demo radio units' ed25519 keys (the dev keys of Ferdie, One and Two).
	pub fn dev() -> Self {
		let mut world = Self::default();
		for seed in ["//Dave", "//Ferdie", "//One", "//Two"] {
			let secret = Secret::Ed25519(ed25519::Pair::from_string(seed, None).expect("dev key"));
			world.keyring.insert(secret.public(), secret);
		}
		world
	}

	/// Remembers a new key and returns it.
	pub fn new_key(&mut self, rng: &mut Rng) -> (DeviceKey, Secret) {
		let secret = Secret::generate(rng);
		let public = secret.public();
		self.keyring.insert(public, secret.clone());
		(public, secret)
	}
}

/// 32 random bytes.
pub fn random_bytes(rng: &mut Rng) -> [u8; 32] {
	let mut bytes = [0u8; 32];
	for chunk in bytes.chunks_mut(8) {
		chunk.copy_from_slice(&rng.next().to_le_bytes());
	}
	bytes
}

/// A random hash.
pub fn random_hash(rng: &mut Rng) -> H256 {
	H256(random_bytes(rng))
}
