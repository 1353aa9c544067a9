//! Commitments to confidential agreement terms.
//!
//! A confidential agreement keeps its terms off the public state: the chain holds only
//! `blake2_256(SCALE(terms) ‖ salt)`, where the salt is 32 random bytes the parties keep with the
//! terms. The salt is what makes the commitment hiding: roaming terms have little entropy (a
//! handful of prices from a small range), so without it anyone could hash candidate terms until
//! one matched. A party that takes a dispute to arbitration reveals the encoded terms and the
//! salt, and the runtime recomputes the commitment with [`terms_commitment`] before it trusts
//! them.
//!
//! This function is the one definition of the commitment: the runtime, the sealing crate
//! (`telecom-terms-seal`, which binds every sealed envelope to it) and `telecom-cli` call it. It
//! needs nothing beyond Blake2, so the runtime gets it without any encryption code.

use alloc::vec::Vec;
use sp_core::H256;
use sp_runtime::traits::{BlakeTwo256, Hash};

/// A commitment to an agreement's terms: Blake2-256 of `SCALE(terms) ‖ salt`.
pub type TermsCommitment = H256;

/// The 32 secret random bytes a terms commitment is salted with.
pub type TermsSalt = [u8; 32];

/// Bytes a sealed envelope of terms adds to their SCALE encoding: a version byte, the sender's
/// ephemeral X25519 public key (32), the nonce (12), the salt sealed with the terms (32) and the
/// authentication tag (16). The runtime bounds a stored envelope by the terms' largest encoding
/// plus this; `telecom-terms-seal` writes exactly this layout.
pub const SEALED_TERMS_OVERHEAD: u32 = 1 + 32 + 12 + 32 + 16;

/// The commitment to terms whose SCALE encoding is `encoded`, salted with `salt`:
/// `blake2_256(encoded ‖ salt)`.
///
/// The salt is always the last 32 bytes hashed, so an encoding and a salt are recovered
/// unambiguously from their concatenation.
pub fn terms_commitment(encoded: &[u8], salt: &TermsSalt) -> TermsCommitment {
	let mut preimage = Vec::with_capacity(encoded.len().saturating_add(salt.len()));
	preimage.extend_from_slice(encoded);
	preimage.extend_from_slice(salt);
	BlakeTwo256::hash(&preimage)
}

/// Whether `encoded` and `salt` open `commitment`.
pub fn opens_commitment(commitment: &TermsCommitment, encoded: &[u8], salt: &TermsSalt) -> bool {
	terms_commitment(encoded, salt) == *commitment
}

#[cfg(test)]
mod tests {
	use super::*;
	use codec::Encode;

	#[test]
	fn commitment_is_blake2_256_of_the_encoding_then_the_salt() {
		let encoded = (7u32, 1_250u128, *b"XDR").encode();
		let salt = [0x5a; 32];
		let mut preimage = encoded.clone();
		preimage.extend_from_slice(&salt);
		let commitment = terms_commitment(&encoded, &salt);
		assert_eq!(commitment, BlakeTwo256::hash(&preimage));
		assert!(opens_commitment(&commitment, &encoded, &salt));
	}

	#[test]
	fn commitment_of_empty_terms_and_zero_salt_is_frozen() {
		// Blake2b-256 values computed independently (Python's hashlib), so the definition cannot
		// drift.
		let commitment = terms_commitment(&[], &[0u8; 32]);
		assert_eq!(
			format!("{commitment:?}"),
			"0x89eb0d6a8a691dae2cd15ed0369931ce0a949ecafa5c3f93f8121833646e15c3"
		);
		let mut salt = [0u8; 32];
		for (i, byte) in salt.iter_mut().enumerate() {
			*byte = i as u8;
		}
		assert_eq!(
			format!("{:?}", terms_commitment(b"terms", &salt)),
			"0x5ee433f47d1cfdf2769c09f3a51351994c1cf2e2e85cea3ae3f6ee2c538cfa17"
		);
	}

	#[test]
	fn another_salt_or_altered_terms_do_not_open_it() {
		let encoded = (7u32, 1_250u128).encode();
		let salt = [1u8; 32];
		let commitment = terms_commitment(&encoded, &salt);
		let mut other_salt = salt;
		other_salt[31] ^= 1;
		assert!(!opens_commitment(&commitment, &encoded, &other_salt));
		let altered = (7u32, 1_251u128).encode();
		assert!(!opens_commitment(&commitment, &altered, &salt));
		// Moving a byte between the encoding and the salt changes the commitment too, because
		// the salt's length is fixed.
		let mut shifted = encoded.clone();
		shifted.push(salt[0]);
		let mut shifted_salt = [1u8; 32];
		shifted_salt[31] = 0;
		assert!(!opens_commitment(&commitment, &shifted, &shifted_salt));
	}
}
