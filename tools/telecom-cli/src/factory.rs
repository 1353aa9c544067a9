//! Factory batches off-chain: the Merkle root a manufacturer registers with
//! `register_factory_batch`, and the proof a device presents to `enroll_from_batch`, from a CSV of
//! the batch's devices in batch order, one `device id,device key` per line (`0x` + 64 hex, then
//! `<sr25519|ed25519|ecdsa|p256>:0x<hex>`; blank lines and lines starting with `#` are skipped).
//! The tree is `telecom_primitives::merkle`, the code the runtime verifies with.

use serde_json::{json, Value};
use sp_core::H256;
use telecom_primitives::{
	merkle::{leaf_hash, merkle_proof, merkle_root, MAX_BATCH_DEVICES},
	DeviceKey,
};

/// The devices of a batch CSV, in order.
pub fn parse_batch(csv: &str) -> Result<Vec<(H256, DeviceKey)>, String> {
	let mut devices = Vec::new();
	for (number, line) in csv.lines().enumerate() {
		let line = line.trim();
		if line.is_empty() || line.starts_with('#') {
			continue;
		}
		let (id, key) =
			line.split_once(',').ok_or(format!("line {}: expected `id,key`", number + 1))?;
		let id: H256 =
			id.trim().parse().map_err(|_| format!("line {}: bad device id", number + 1))?;
		let key: DeviceKey = serde_json::from_value(Value::String(key.trim().into()))
			.map_err(|e| format!("line {}: bad key: {e}", number + 1))?;
		devices.push((id, key));
	}
	if devices.is_empty() || devices.len() > MAX_BATCH_DEVICES as usize {
		return Err(format!(
			"a batch holds 1 to {MAX_BATCH_DEVICES} devices, not {}",
			devices.len()
		));
	}
	Ok(devices)
}

fn leaves(devices: &[(H256, DeviceKey)]) -> Vec<H256> {
	devices.iter().map(|(id, key)| leaf_hash(id, key)).collect()
}

/// `{ root, devices }`: what `register_factory_batch` takes.
pub fn factory_root(csv: &str) -> Result<Value, String> {
	let devices = parse_batch(csv)?;
	Ok(json!({ "root": merkle_root(&leaves(&devices)), "devices": devices.len() }))
}

/// `{ index, device, key, proof }` of `device`: what `enroll_from_batch` takes (with the batch id
/// and the device's possession signature).
pub fn activation_proof(csv: &str, device: H256) -> Result<Value, String> {
	let devices = parse_batch(csv)?;
	let index = devices
		.iter()
		.position(|(id, _)| *id == device)
		.ok_or(format!("device {device:?} is not in the batch"))?;
	let proof = merkle_proof(&leaves(&devices), index).ok_or("index out of range")?;
	Ok(json!({ "index": index, "device": device, "key": devices[index].1, "proof": proof }))
}

#[cfg(test)]
mod tests {
	use super::*;
	use telecom_primitives::merkle::verify_merkle_proof;

	#[test]
	fn a_csv_gives_the_root_and_each_devices_proof() {
		let csv = format!(
			"# id,key\n0x{}, ed25519:0x{}\n\n0x{},p256:0x02{}\n0x{},sr25519:0x{}\n",
			"11".repeat(32),
			"aa".repeat(32),
			"22".repeat(32),
			"bb".repeat(32),
			"33".repeat(32),
			"cc".repeat(32),
		);
		let root = factory_root(&csv).unwrap();
		assert_eq!(root["devices"], json!(3));
		let root: H256 = serde_json::from_value(root["root"].clone()).unwrap();
		let devices = parse_batch(&csv).unwrap();
		for (index, (id, key)) in devices.iter().enumerate() {
			let answer = activation_proof(&csv, *id).unwrap();
			assert_eq!(answer["index"], json!(index));
			let proof: Vec<H256> = serde_json::from_value(answer["proof"].clone()).unwrap();
			assert!(verify_merkle_proof(&root, leaf_hash(id, key), index as u32, 3, &proof));
		}
		assert!(activation_proof(&csv, H256::repeat_byte(0x44)).is_err());
		assert!(parse_batch("0x12,ed25519:0x00").is_err());
		assert!(parse_batch("# nothing\n").is_err());
	}
}
