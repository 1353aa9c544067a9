//! Evidence per record: a binary Merkle tree over the records of a bulk batch, so that one record
//! can be shown to belong to a batch whose root the chain keeps, without the other records.
//!
//! - leaf = Blake2-256 of the record's SCALE encoding ([`record_leaf`]);
//! - inner node = Blake2-256 of `left ‖ right`; the last node of a row with an odd number of
//!   nodes moves up unchanged (polkadot-sdk's `binary-merkle-tree`, which builds the tree);
//! - an empty list has the zero root (a batch is never empty).
//!
//! The same code runs in the runtime (root at submission), in the node (proof for the RPC) and in
//! `telecom-cli` (offline verification). [`verify_record`] walks the path itself and requires
//! exactly the proof items the tree's shape calls for, so a proof with an item too many or too few
//! is refused. The root does not commit to the number of leaves (a path that has a sibling at
//! every level fits several counts): a verifier takes the count from the chain's batch record, not
//! from the proof. Records encode to far fewer than 64 bytes, so a leaf can never be mistaken for an
//! inner node.

use crate::DocumentHash;
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode};
use scale_info::TypeInfo;
use sp_runtime::traits::{BlakeTwo256, Hash};

/// An inclusion proof of one record in a batch's record tree.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct RecordProof {
	/// Root of the tree the proof leads to.
	pub root: DocumentHash,
	/// The record's leaf: Blake2-256 of its SCALE encoding.
	pub leaf: DocumentHash,
	/// Sibling hashes from the leaf up to the root (levels where the node moves up unchanged
	/// have none).
	pub proof: Vec<DocumentHash>,
	/// Position of the record in the batch, from 0.
	pub index: u32,
	/// Number of records in the batch.
	pub leaf_count: u32,
}

impl RecordProof {
	/// Whether this proof shows its leaf at its index in a tree of `leaf_count` leaves with
	/// root `root` (the root the chain keeps, not the one the proof carries).
	pub fn verifies_against(&self, root: &DocumentHash) -> bool {
		verify_record(root, self.leaf, &self.proof, self.leaf_count, self.index)
	}
}

/// The leaf of a record: Blake2-256 of its SCALE encoding.
pub fn record_leaf<R: Encode>(record: &R) -> DocumentHash {
	record.using_encoded(BlakeTwo256::hash)
}

/// The root of the tree over `records`, in order; the zero hash for no records.
pub fn records_root<R: Encode>(records: &[R]) -> DocumentHash {
	binary_merkle_tree::merkle_root_raw::<BlakeTwo256, _>(records.iter().map(record_leaf))
}

/// The inclusion proof of `records[index]`; `None` if there is no such record.
pub fn record_proof<R: Encode>(records: &[R], index: u32) -> Option<RecordProof> {
	let leaf_count = u32::try_from(records.len()).ok()?;
	if index >= leaf_count {
		return None;
	}
	let leaves: Vec<DocumentHash> = records.iter().map(record_leaf).collect();
	// `index < leaf_count` was checked above: the crate's proof builder does not panic.
	let built = binary_merkle_tree::merkle_proof_raw::<BlakeTwo256, _>(leaves, index);
	Some(RecordProof {
		root: built.root,
		leaf: built.leaf,
		proof: built.proof,
		index,
		leaf_count: built.number_of_leaves,
	})
}

/// Whether `proof` leads from `leaf`, at position `index` of a tree of `leaf_count` leaves, to
/// `root`. Every level consumes exactly the sibling the tree's shape calls for (none where the
/// node is the odd last one of its row), and no proof item may be left over.
pub fn verify_record(
	root: &DocumentHash,
	leaf: DocumentHash,
	proof: &[DocumentHash],
	leaf_count: u32,
	index: u32,
) -> bool {
	if index >= leaf_count {
		return false;
	}
	let mut items = proof.iter();
	let mut node = leaf;
	let mut position = index;
	let mut width = leaf_count;
	let mut pair = [0u8; 64];
	while width > 1 {
		let is_right = position % 2 == 1;
		let has_right_sibling = position.saturating_add(1) < width;
		if is_right || has_right_sibling {
			let Some(sibling) = items.next() else { return false };
			let (left, right) = if is_right { (sibling, &node) } else { (&node, sibling) };
			let (l, r) = pair.split_at_mut(32);
			l.copy_from_slice(left.as_bytes());
			r.copy_from_slice(right.as_bytes());
			node = BlakeTwo256::hash(&pair);
		}
		position /= 2;
		width = width.div_ceil(2);
	}
	items.next().is_none() && node == *root
}

#[cfg(test)]
mod tests {
	#![allow(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::unwrap_used)]
	use super::*;

	#[derive(Encode, Clone)]
	struct Rec {
		#[codec(compact)]
		payer: u32,
		#[codec(compact)]
		amount: u128,
		#[codec(compact)]
		reference: u64,
	}

	fn records(n: u32) -> Vec<Rec> {
		(0..n)
			.map(|i| Rec { payer: i % 7, amount: u128::from(i) + 1, reference: u64::from(i) })
			.collect()
	}

	#[test]
	fn every_record_of_every_size_up_to_70_is_proven() {
		for n in 1..=70u32 {
			let list = records(n);
			let root = records_root(&list);
			for i in 0..n {
				let proof = record_proof(&list, i).unwrap();
				assert_eq!(proof.root, root, "n={n} i={i}");
				assert_eq!(proof.leaf, record_leaf(&list[i as usize]));
				assert!(proof.verifies_against(&root), "n={n} i={i}");
				// The crate's own verifier agrees.
				assert!(binary_merkle_tree::verify_proof::<BlakeTwo256, _, _>(
					&root,
					proof.proof.clone(),
					n,
					i,
					binary_merkle_tree::Leaf::Hash(proof.leaf),
				));
			}
			assert_eq!(record_proof(&list, n), None);
		}
	}

	#[test]
	fn one_record_is_its_own_root() {
		let list = records(1);
		let proof = record_proof(&list, 0).unwrap();
		assert_eq!(proof.root, record_leaf(&list[0]));
		assert!(proof.proof.is_empty());
		assert!(proof.verifies_against(&proof.root));
	}

	#[test]
	fn a_full_batch_of_20_000_records_is_proven_at_its_edges() {
		let n = 20_000u32;
		let list = records(n);
		let root = records_root(&list);
		for i in [0, 1, 9_999, 16_383, 16_384, n - 2, n - 1] {
			let proof = record_proof(&list, i).unwrap();
			assert!(proof.verifies_against(&root), "i={i}");
			assert!(proof.proof.len() <= 15);
		}
	}

	#[test]
	fn a_tampered_record_or_proof_is_refused() {
		let list = records(13);
		let root = records_root(&list);
		let proof = record_proof(&list, 12).unwrap();
		let mut forged = list[12].clone();
		forged.amount += 1;
		assert!(!verify_record(&root, record_leaf(&forged), &proof.proof, 13, 12));
		// Another index, another shape of tree, another root.
		let proof5 = record_proof(&list, 5).unwrap();
		assert!(!verify_record(&root, proof5.leaf, &proof5.proof, 13, 4));
		assert!(!verify_record(&root, proof.leaf, &proof.proof, 14, 12));
		assert!(!verify_record(&DocumentHash::zero(), proof5.leaf, &proof5.proof, 13, 5));
		// An item too many or too few.
		let mut longer = proof5.proof.clone();
		longer.push(DocumentHash::repeat_byte(1));
		assert!(!verify_record(&root, proof5.leaf, &longer, 13, 5));
		assert!(!verify_record(&root, proof5.leaf, &proof5.proof[1..], 13, 5));
		// A changed sibling.
		let mut changed = proof5.proof.clone();
		changed[0] = DocumentHash::repeat_byte(9);
		assert!(!verify_record(&root, proof5.leaf, &changed, 13, 5));
		// Index out of range.
		assert!(!verify_record(&root, proof5.leaf, &proof5.proof, 13, 13));
	}

	#[test]
	fn no_records_have_the_zero_root() {
		assert_eq!(records_root::<Rec>(&[]), DocumentHash::zero());
		assert_eq!(record_proof::<Rec>(&[], 0), None);
	}
}
