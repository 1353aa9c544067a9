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

/// Length of every **padded** envelope (`telecom-terms-seal` version 2): the terms, their length
/// and the salt are padded with zeros to one fixed size before sealing, so an envelope's length
/// says nothing about the terms (how many tiers, bands or services they price). It is also the
/// longest envelope the runtime stores.
pub const PADDED_ENVELOPE_LEN: u32 = 2_048;

/// Bytes a padded envelope spends on anything but the terms' encoding: version (1), ephemeral
/// key (32), nonce (12), the terms' length (4), the salt (32) and the tag (16). Terms encoded in
/// more than `PADDED_ENVELOPE_LEN − PADDED_ENVELOPE_OVERHEAD` bytes cannot be sealed padded.
pub const PADDED_ENVELOPE_OVERHEAD: u32 = 1 + 32 + 12 + 4 + 32 + 16;

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

/// What `accept_sealed` states: the digest of the pending item ([`sealed_acceptance_digest`]).
pub type AcceptanceDigest = H256;

/// Domain separator of [`sealed_acceptance_digest`]: no other hash in the system starts with
/// these bytes, so an acceptance digest is never a terms commitment or any other hash.
pub const SEALED_ACCEPTANCE_DOMAIN: &[u8; 32] = b"telecom/roaming/accept-sealed/v1";

/// What a party accepting confidential terms signs: the hash of the **whole pending item**, not
/// just its commitment, so the proposer cannot swap the public header (tolerances, dispute
/// window, validity, notice, document) under the same commitment after the partner checked it:
///
/// `blake2_256(SEALED_ACCEPTANCE_DOMAIN ‖ LE32(agreement) ‖ LE32(version) ‖ commitment ‖
/// encoded_header)`
///
/// `version` is the version the terms come into force as (1 for a proposal, the agreement's
/// version + 1 for an amendment) and `encoded_header` the SCALE encoding of the public header
/// of the terms. Every field but the last has a fixed length, so the preimage splits one way
/// only. The runtime computes it from the pending item and `telecom-cli roaming accept` from
/// the terms it opened and checked.
pub fn sealed_acceptance_digest(
	agreement: u32,
	version: u32,
	encoded_header: &[u8],
	commitment: &TermsCommitment,
) -> AcceptanceDigest {
	// Domain (32), agreement (4), version (4), commitment (32), then the header.
	let mut preimage = Vec::with_capacity(72usize.saturating_add(encoded_header.len()));
	preimage.extend_from_slice(SEALED_ACCEPTANCE_DOMAIN);
	preimage.extend_from_slice(&agreement.to_le_bytes());
	preimage.extend_from_slice(&version.to_le_bytes());
	preimage.extend_from_slice(commitment.as_bytes());
	preimage.extend_from_slice(encoded_header);
	BlakeTwo256::hash(&preimage)
}

/// Domain separator of [`sealed_discount_acceptance_digest`] (32 bytes, like
/// [`SEALED_ACCEPTANCE_DOMAIN`], and different from it). Version 2 binds the envelopes.
pub const SEALED_DISCOUNT_ACCEPTANCE_DOMAIN: &[u8; 32] = b"telecom/roaming/accept-discnt/v2";

/// What `accept_sealed_discount` states: the hash of the whole pending confidential discount
/// proposal, so the proposer cannot swap its public header (period, schedule), the IOT terms
/// it is priced against or either party's envelope under the same commitment after the
/// partner opened and checked it:
///
/// `blake2_256(SEALED_DISCOUNT_ACCEPTANCE_DOMAIN ‖ LE32(agreement) ‖ commitment ‖
/// iot_commitment ‖ blake2_256(encoded_envelopes) ‖ encoded_header)`
///
/// `commitment` is the discount terms' commitment ([`terms_commitment`] of the SCALE-encoded
/// `DiscountAgreement` and its salt), `iot_commitment` the commitment of the agreement's IOT
/// terms in force when the discount was proposed (the terms whose tariffs the discount's IOT
/// must equal), `encoded_envelopes` the SCALE encoding of the pair (party A's envelope, party
/// B's envelope) as proposed, and `encoded_header` the SCALE encoding of the public
/// `DiscountHeader` (first month, months, true-up schedule). Every field but the last has a
/// fixed length.
pub fn sealed_discount_acceptance_digest(
	agreement: u32,
	encoded_header: &[u8],
	commitment: &TermsCommitment,
	iot_commitment: &TermsCommitment,
	encoded_envelopes: &[u8],
) -> AcceptanceDigest {
	let envelopes = BlakeTwo256::hash(encoded_envelopes);
	// Domain (32), agreement (4), commitment (32), IOT commitment (32), envelopes (32), then
	// the header.
	let mut preimage = Vec::with_capacity(132usize.saturating_add(encoded_header.len()));
	preimage.extend_from_slice(SEALED_DISCOUNT_ACCEPTANCE_DOMAIN);
	preimage.extend_from_slice(&agreement.to_le_bytes());
	preimage.extend_from_slice(commitment.as_bytes());
	preimage.extend_from_slice(iot_commitment.as_bytes());
	preimage.extend_from_slice(envelopes.as_bytes());
	preimage.extend_from_slice(encoded_header);
	BlakeTwo256::hash(&preimage)
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

	#[test]
	fn acceptance_digest_is_frozen_and_binds_every_field() {
		// Blake2b-256 values computed independently (Python's hashlib).
		assert_eq!(
			format!("{:?}", sealed_acceptance_digest(0, 1, &[], &H256::zero())),
			"0x74a83a7958152caaae3593689add0accb33ef4ddac415664092fb61a01614c27"
		);
		let mut bytes = [0u8; 32];
		for (i, byte) in bytes.iter_mut().enumerate() {
			*byte = i as u8;
		}
		let commitment = H256::from(bytes);
		let digest = sealed_acceptance_digest(7, 3, b"header", &commitment);
		assert_eq!(
			format!("{digest:?}"),
			"0xc6e994affb976d2b82cde1d343e9187ca62544f5dd1d53f0d9b74cc871903410"
		);
		assert_ne!(digest, sealed_acceptance_digest(8, 3, b"header", &commitment));
		assert_ne!(digest, sealed_acceptance_digest(7, 4, b"header", &commitment));
		assert_ne!(digest, sealed_acceptance_digest(7, 3, b"headeR", &commitment));
		assert_ne!(digest, sealed_acceptance_digest(7, 3, b"header", &H256::zero()));
		// Never the bare commitment, which is what an acceptance stated before.
		assert_ne!(digest, commitment);
	}
	#[test]
	fn discount_acceptance_digest_is_frozen_and_binds_every_field() {
		// Blake2b-256 values computed independently (Python's hashlib).
		assert_eq!(
			format!(
				"{:?}",
				sealed_discount_acceptance_digest(0, &[], &H256::zero(), &H256::zero(), &[])
			),
			"0xe81d30787b736858297c97ce0b852564262faa9defe47a99d899241b2b875dd7"
		);
		let mut bytes = [0u8; 32];
		for (i, byte) in bytes.iter_mut().enumerate() {
			*byte = i as u8;
		}
		let (commitment, iot) = (H256::from(bytes), H256::repeat_byte(0xAA));
		let digest =
			sealed_discount_acceptance_digest(7, b"header", &commitment, &iot, b"envelopes");
		assert_eq!(
			format!("{digest:?}"),
			"0x1bbe6b009db6f1920bf59a26873db85685b9e4f67651bbc1f5a30a5dfca6b490"
		);
		let other = |agreement, header: &[u8], c: &H256, i: &H256, envelopes: &[u8]| {
			sealed_discount_acceptance_digest(agreement, header, c, i, envelopes)
		};
		assert_ne!(digest, other(8, b"header", &commitment, &iot, b"envelopes"));
		assert_ne!(digest, other(7, b"headeR", &commitment, &iot, b"envelopes"));
		assert_ne!(digest, other(7, b"header", &iot, &commitment, b"envelopes"));
		// Another envelope under the same commitment is another proposal.
		assert_ne!(digest, other(7, b"header", &commitment, &iot, b"envelopeS"));
		// Never an agreement's acceptance digest of the same fields.
		assert_ne!(digest, sealed_acceptance_digest(7, 1, b"header", &commitment));
	}
}
