//! Evidence per record: checks a clearing record's inclusion proof (as `clearing_recordProof`
//! returns it) against the batch's Merkle root and record count read from the chain's own
//! storage, so a record can be disputed with evidence that does not rely on the node's word.

use crate::chain::{self, ChainError};
use crate::rpc::Client;
use pallet_clearing::{BatchId, BillRecord};
use serde_json::Value;
use sp_core::H256;
use telecom_primitives::{evidence, CurrencyCode};
use telecom_runtime::{AccountId, Balance, BlockNumber};

/// A record and its proof, read from a `clearing_recordProof` answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordEvidence {
	/// The batch.
	pub batch: BatchId,
	/// Position of the record in the batch.
	pub index: u32,
	/// The record as claimed.
	pub record: BillRecord,
	/// Sibling hashes from the leaf up to the root.
	pub proof: Vec<H256>,
	/// The root the proof claims (informative: the check uses the chain's).
	pub claimed_root: Option<H256>,
}

fn hash(value: &Value, what: &str) -> Result<H256, String> {
	let text = value.as_str().ok_or_else(|| format!("{what}: not a string"))?;
	let bytes = hex::decode(text.trim_start_matches("0x")).map_err(|e| format!("{what}: {e}"))?;
	(bytes.len() == 32)
		.then(|| H256::from_slice(&bytes))
		.ok_or_else(|| format!("{what}: not 32 bytes"))
}

/// A decimal number given as a JSON string or number.
fn decimal<N: std::str::FromStr>(value: &Value, what: &str) -> Result<N, String> {
	let text = match value {
		Value::String(s) => s.clone(),
		Value::Number(n) => n.to_string(),
		_ => return Err(format!("{what}: missing")),
	};
	text.parse().map_err(|_| format!("{what}: not a non-negative integer: {text}"))
}

impl RecordEvidence {
	/// Reads the JSON of `clearing_recordProof`.
	pub fn from_json(value: &Value) -> Result<Self, String> {
		let record = &value["record"];
		let currency = record["currency"].as_str().ok_or("record.currency: missing")?;
		let record = BillRecord {
			payer: decimal(&record["payer"], "record.payer")?,
			payee: decimal(&record["payee"], "record.payee")?,
			currency: CurrencyCode::try_from(currency)
				.map_err(|e| format!("record.currency: {e}"))?,
			amount: decimal(&record["amount"], "record.amount")?,
			reference: decimal(&record["reference"], "record.reference")?,
		};
		let proof = value["proof"]
			.as_array()
			.ok_or("proof: not a list")?
			.iter()
			.enumerate()
			.map(|(i, h)| hash(h, &format!("proof[{i}]")))
			.collect::<Result<Vec<_>, _>>()?;
		Ok(Self {
			batch: decimal(&value["batch"], "batch")?,
			index: decimal(&value["index"], "index")?,
			record,
			proof,
			claimed_root: value.get("root").map(|r| hash(r, "root")).transpose()?,
		})
	}

	/// The record's leaf, recomputed from the record.
	pub fn leaf(&self) -> H256 {
		evidence::record_leaf(&self.record)
	}

	/// Checks the proof against the chain's `root` and `leaf_count` of the batch: `Ok(leaf)` if
	/// the record is part of the batch, else why not.
	pub fn check(&self, root: H256, leaf_count: u32) -> Result<H256, String> {
		let leaf = self.leaf();
		if evidence::verify_record(&root, leaf, &self.proof, leaf_count, self.index) {
			return Ok(leaf);
		}
		let mut why = format!(
			"record {} of batch {} is NOT proven: the record and proof do not lead to the on-chain root {root:?} ({leaf_count} records)",
			self.index, self.batch
		);
		if self.claimed_root.is_some_and(|claimed| claimed != root) {
			why.push_str("; the proof claims another root");
		}
		Err(why)
	}
}

/// Storage key of `key`'s entry in a `Twox64Concat` map `pallet.item`.
pub fn twox64_map_key(pallet: &str, item: &str, key: &impl codec::Encode) -> Vec<u8> {
	let encoded = key.encode();
	[chain::value_key(pallet, item), sp_io::hashing::twox_64(&encoded).to_vec(), encoded].concat()
}

/// The batch's record root and record count from the chain's storage (latest block).
pub fn on_chain_root(client: &mut Client, batch: BatchId) -> Result<(H256, u32), String> {
	let info: Option<pallet_clearing::BatchInfo<AccountId, Balance, BlockNumber>> =
		chain::storage(client, &twox64_map_key("Clearing", "Batches", &batch), None)
			.map_err(|e: ChainError| e.to_string())?;
	let info = info.ok_or_else(|| format!("batch {batch} is not on chain"))?;
	let root: Option<H256> =
		chain::storage(client, &twox64_map_key("Clearing", "BatchRecordRoots", &batch), None)
			.map_err(|e: ChainError| e.to_string())?;
	let root = root.ok_or_else(|| format!("batch {batch} has no record root on chain"))?;
	Ok((root, info.records))
}

#[cfg(test)]
mod tests {
	#![allow(clippy::unwrap_used)]
	use super::*;
	use serde_json::json;

	fn records() -> Vec<BillRecord> {
		(0..5u64)
			.map(|i| BillRecord {
				payer: 0,
				payee: 1,
				currency: CurrencyCode::XDR,
				amount: 10 + u128::from(i),
				reference: i,
			})
			.collect()
	}

	fn answer(index: u32) -> Value {
		let records = records();
		let proof = evidence::record_proof(&records, index).unwrap();
		let record = &records[index as usize];
		json!({
			"batch": 3,
			"root": format!("{:?}", proof.root),
			"leaf": format!("{:?}", proof.leaf),
			"record": {
				"payer": record.payer, "payee": record.payee, "currency": "XDR",
				"amount": record.amount.to_string(), "reference": record.reference.to_string(),
			},
			"proof": proof.proof.iter().map(|h| format!("{h:?}")).collect::<Vec<_>>(),
			"index": index,
			"leafCount": 5,
		})
	}

	#[test]
	fn a_proof_from_the_node_checks_against_the_root() {
		let root = evidence::records_root(&records());
		for index in 0..5 {
			let evidence = RecordEvidence::from_json(&answer(index)).unwrap();
			assert_eq!(evidence.check(root, 5), Ok(evidence.leaf()));
		}
	}

	#[test]
	fn a_tampered_record_or_another_root_is_not_proven() {
		let root = evidence::records_root(&records());
		let mut value = answer(2);
		value["record"]["amount"] = json!("1000");
		let error = RecordEvidence::from_json(&value).unwrap().check(root, 5).unwrap_err();
		assert!(error.contains("NOT proven"), "{error}");
		let evidence = RecordEvidence::from_json(&answer(2)).unwrap();
		let error = evidence.check(H256::repeat_byte(7), 5).unwrap_err();
		assert!(error.contains("claims another root"), "{error}");
		// The count comes from the chain: the last record of 5 does not fit a batch of 6.
		let last = RecordEvidence::from_json(&answer(4)).unwrap();
		assert!(last.check(root, 5).is_ok());
		assert!(last.check(root, 6).is_err());
	}

	#[test]
	fn malformed_answers_are_refused() {
		let mut value = answer(0);
		value["proof"] = json!(["0x12"]);
		assert!(RecordEvidence::from_json(&value).is_err());
		let mut value = answer(0);
		value["record"]["currency"] = json!("xdr");
		assert!(RecordEvidence::from_json(&value).is_err());
		let mut value = answer(0);
		value["record"]["amount"] = json!("-5");
		assert!(RecordEvidence::from_json(&value).is_err());
	}
}
