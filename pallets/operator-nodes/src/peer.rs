//! libp2p peer ids as the chain stores them, and the check that bytes are one.
//!
//! A peer id is the multihash of the node's public key: `code ‖ length ‖ digest`, both prefixes
//! unsigned varints. libp2p accepts two codes: identity (`0x00`), whose digest is the
//! protobuf-encoded public key itself and at most 42 bytes (ed25519 node keys: a 36-byte digest,
//! the `12D3KooW…` ids Substrate prints), and sha2-256 (`0x12`) of a larger key (the `Qm…` ids).
//! Both codes and every length that fits the 64-byte bound are one-byte varints, so the framing is
//! exactly two bytes. The check below accepts a subset of what `PeerId::from_bytes` accepts
//! (sha2-256 digests must also be 32 bytes long), so the node never drops an accepted id.

use frame_support::{traits::ConstU32, BoundedVec};

/// Most bytes of a stored peer id: libp2p's own bound on a peer id's multihash.
pub const MAX_PEER_ID_LEN: u32 = 64;

/// A node's libp2p peer id: the bytes of its multihash (`PeerId::to_bytes`), not its base58 text.
pub type NodePeerId = BoundedVec<u8, ConstU32<MAX_PEER_ID_LEN>>;

/// Multihash code of an inlined public key.
pub const IDENTITY_CODE: u8 = 0x00;
/// Multihash code of a sha2-256 digest of the public key.
pub const SHA2_256_CODE: u8 = 0x12;
/// Longest inlined public key libp2p accepts in an identity peer id.
pub const MAX_INLINE_KEY_LEN: usize = 42;
/// Length of a sha2-256 digest.
pub const SHA2_256_LEN: usize = 32;

/// Whether `bytes` are a libp2p peer id: an identity multihash of 1 to 42 bytes or a sha2-256
/// multihash of 32 bytes, whose length byte matches the digest that follows.
pub fn is_valid_peer_id(bytes: &[u8]) -> bool {
	let [code, len, digest @ ..] = bytes else { return false };
	if usize::from(*len) != digest.len() {
		return false;
	}
	match *code {
		IDENTITY_CODE => !digest.is_empty() && digest.len() <= MAX_INLINE_KEY_LEN,
		SHA2_256_CODE => digest.len() == SHA2_256_LEN,
		_ => false,
	}
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
	use super::*;

	/// `12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp`: the peer id of node key
	/// `0x…01` (Alice's in Substrate's docs), base58-decoded.
	const ED25519_PEER: &str =
		"0024080112204cb5abf6ad79fbf5abbccafcc269d85cd2651ed4b885b5869f241aedf0a5ba29";
	/// `QmSk5HQbn6LhUwDiNMseVUjuRYhEtYj4aUZ6WfWoGURpdV`, an RSA node's sha2-256 peer id.
	const SHA256_PEER: &str =
		"1220416ee47468a9eda02236f635bbf665e286aae882b1b0b3387ca6a1465e2076b0";

	fn hex(s: &str) -> Vec<u8> {
		(0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
	}

	#[test]
	fn real_peer_ids_are_accepted() {
		assert!(is_valid_peer_id(&hex(ED25519_PEER)));
		assert!(is_valid_peer_id(&hex(SHA256_PEER)));
	}

	#[test]
	fn identity_digest_length_bounds() {
		let identity = |n: usize| {
			let mut bytes = vec![IDENTITY_CODE, n as u8];
			bytes.extend(core::iter::repeat_n(7u8, n));
			bytes
		};
		assert!(!is_valid_peer_id(&identity(0)));
		assert!(is_valid_peer_id(&identity(1)));
		assert!(is_valid_peer_id(&identity(MAX_INLINE_KEY_LEN)));
		assert!(!is_valid_peer_id(&identity(MAX_INLINE_KEY_LEN + 1)));
	}

	#[test]
	fn framing_errors_are_refused() {
		let good = hex(ED25519_PEER);
		// Empty, code only, and a length byte that over- or under-states the digest.
		assert!(!is_valid_peer_id(&[]));
		assert!(!is_valid_peer_id(&[IDENTITY_CODE]));
		let mut long = good.clone();
		long.push(0);
		assert!(!is_valid_peer_id(&long));
		assert!(!is_valid_peer_id(&good[..good.len() - 1]));
		// Another hash code (sha2-512), and a sha2-256 digest that is not 32 bytes.
		let mut other = good.clone();
		other[0] = 0x13;
		assert!(!is_valid_peer_id(&other));
		let mut short_sha = vec![SHA2_256_CODE, 31];
		short_sha.extend([1u8; 31]);
		assert!(!is_valid_peer_id(&short_sha));
		// Base58 text is not the bytes.
		assert!(!is_valid_peer_id(b"12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp"));
	}
}
