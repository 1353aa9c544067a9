//! The binary Merkle tree of a factory batch: a manufacturer registers up to
//! [`MAX_BATCH_DEVICES`] devices by one root, and each device later proves its leaf with a path of
//! at most [`MAX_PROOF_DEPTH`] sibling hashes. The same code builds roots and proofs off-chain
//! (telecom-cli, factory tooling) and verifies them in the runtime, so both sides hash alike.
//!
//! - leaf hash: `blake2_256(0x00 ‖ SCALE(device id, device key))` — the key's SCALE form starts
//!   with its kind (sr25519 0, ed25519 1, ecdsa 2, P-256 3), so a leaf fixes id, key and kind;
//! - inner node: `blake2_256(0x01 ‖ left ‖ right)`; the prefixes keep a leaf from passing as a node;
//! - a level of odd length carries its last node up unchanged (no duplication), so the path of a
//!   leaf is determined by its index and the number of leaves, both of which the chain knows.

use crate::device::{DeviceId, DeviceKey};
use alloc::vec::Vec;
use codec::Encode;
use sp_core::H256;
use sp_runtime::traits::{BlakeTwo256, Hash};

/// Most devices in one factory batch.
pub const MAX_BATCH_DEVICES: u32 = 100_000;

/// Most sibling hashes in a proof: `ceil(log2(MAX_BATCH_DEVICES))`.
pub const MAX_PROOF_DEPTH: u32 = 17;

/// The hash of a batch leaf: device id and key (with its kind).
pub fn leaf_hash(device: &DeviceId, key: &DeviceKey) -> H256 {
	let mut preimage = Vec::with_capacity(80);
	preimage.push(0u8);
	(device, key).encode_to(&mut preimage);
	BlakeTwo256::hash(&preimage)
}

fn node_hash(left: &H256, right: &H256) -> H256 {
	let mut preimage = Vec::with_capacity(65);
	preimage.push(1u8);
	preimage.extend_from_slice(left.as_bytes());
	preimage.extend_from_slice(right.as_bytes());
	BlakeTwo256::hash(&preimage)
}

fn next_level(level: &[H256]) -> Vec<H256> {
	level
		.chunks(2)
		.map(|pair| match pair {
			[left, right] => node_hash(left, right),
			[single] => *single,
			_ => H256::zero(),
		})
		.collect()
}

/// The root of the tree over `leaves` (leaf hashes, in batch order); zero for no leaves.
pub fn merkle_root(leaves: &[H256]) -> H256 {
	let mut level = leaves.to_vec();
	while level.len() > 1 {
		level = next_level(&level);
	}
	level.first().copied().unwrap_or_default()
}

/// The sibling path of leaf `index` among `leaves`, from the leaf up; `None` if out of range.
pub fn merkle_proof(leaves: &[H256], index: usize) -> Option<Vec<H256>> {
	if index >= leaves.len() {
		return None;
	}
	let mut proof = Vec::new();
	let mut level = leaves.to_vec();
	let mut at = index;
	while level.len() > 1 {
		let sibling = at ^ 1;
		if let Some(hash) = level.get(sibling) {
			proof.push(*hash);
		}
		level = next_level(&level);
		at /= 2;
	}
	Some(proof)
}

/// The root that `proof` leads to from `leaf` at `index` of a tree of `leaves` leaves; `None` if
/// the index is out of range or the proof has the wrong length (a sibling missing or one too
/// many).
pub fn root_from_proof(leaf: H256, index: u32, leaves: u32, proof: &[H256]) -> Option<H256> {
	if index >= leaves {
		return None;
	}
	let mut hash = leaf;
	let mut at = index;
	let mut width = leaves;
	let mut siblings = proof.iter();
	while width > 1 {
		if at ^ 1 < width {
			let sibling = siblings.next()?;
			hash = if at.is_multiple_of(2) {
				node_hash(&hash, sibling)
			} else {
				node_hash(sibling, &hash)
			};
		}
		at /= 2;
		width = width.div_ceil(2);
	}
	siblings.next().is_none().then_some(hash)
}

/// Whether `proof` leads from `leaf` at `index` of a tree of `leaves` leaves to `root`.
pub fn verify_merkle_proof(
	root: &H256,
	leaf: H256,
	index: u32,
	leaves: u32,
	proof: &[H256],
) -> bool {
	root_from_proof(leaf, index, leaves, proof) == Some(*root)
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
	use super::*;

	fn leaves(n: u32) -> Vec<H256> {
		(0..n)
			.map(|i| {
				leaf_hash(&H256::from_low_u64_be(i.into()), &DeviceKey::Ed25519([i as u8; 32]))
			})
			.collect()
	}

	#[test]
	fn every_leaf_proves_and_nothing_else_does() {
		for n in [1u32, 2, 3, 5, 8, 13, 33] {
			let leaves = leaves(n);
			let root = merkle_root(&leaves);
			for (i, leaf) in leaves.iter().enumerate() {
				let proof = merkle_proof(&leaves, i).unwrap();
				assert!(verify_merkle_proof(&root, *leaf, i as u32, n, &proof), "{n} {i}");
				// Wrong index, wrong size, truncated or padded proofs fail.
				assert!(
					!verify_merkle_proof(&root, *leaf, (i as u32 + 1) % n.max(2), n, &proof)
						|| n == 1
				);
				assert!(!verify_merkle_proof(
					&root,
					*leaf,
					i as u32,
					n,
					&[proof.clone(), vec![H256::zero()]].concat()
				));
				if let Some((_, shorter)) = proof.split_last() {
					assert!(!verify_merkle_proof(&root, *leaf, i as u32, n, shorter));
				}
				assert!(!verify_merkle_proof(&root, H256::zero(), i as u32, n, &proof));
			}
			assert!(merkle_proof(&leaves, n as usize).is_none());
			assert!(!verify_merkle_proof(&root, leaves[0], n, n, &[]));
		}
	}

	#[test]
	fn a_full_batch_needs_at_most_the_maximum_depth() {
		assert!(2u64.pow(MAX_PROOF_DEPTH) >= u64::from(MAX_BATCH_DEVICES));
		assert!(2u64.pow(MAX_PROOF_DEPTH - 1) < u64::from(MAX_BATCH_DEVICES));
	}

	#[test]
	fn a_leaf_is_not_a_node() {
		let leaves = leaves(2);
		let root = merkle_root(&leaves);
		assert_ne!(root, leaves[0]);
		assert_eq!(root, node_hash(&leaves[0], &leaves[1]));
	}
}
