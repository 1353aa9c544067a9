//! Checks around one extrinsic: a failed extrinsic changes nothing but fees, and the time an
//! extrinsic takes against the weight it is charged.

use sp_runtime::StateVersion;
use std::collections::BTreeMap;
use telecom_runtime::{AccountId, Runtime};

/// The state a failed (or invalid) extrinsic may change, with its values now: the signer's
/// account (nonce and fee), the issuance (the fee is burned), the `System` pallet's block
/// bookkeeping (events, weight, length, the extrinsic index) and `TransactionPayment`. Every
/// other key must be as it was before the extrinsic.
pub fn fee_state(signer: Option<&AccountId>) -> BTreeMap<Vec<u8>, Vec<u8>> {
	let system = sp_io::hashing::twox_128(b"System");
	let accounts = [system, sp_io::hashing::twox_128(b"Account")].concat();
	let own = signer.map(frame_system::Account::<Runtime>::hashed_key_for);
	let mut state = BTreeMap::new();
	for prefix in [system.to_vec(), sp_io::hashing::twox_128(b"TransactionPayment").to_vec()] {
		let mut key = prefix.clone();
		while let Some(next) = sp_io::storage::next_key(&key) {
			if !next.starts_with(&prefix) {
				break;
			}
			let other_account = next.starts_with(&accounts) && own.as_ref() != Some(&next);
			if !other_account {
				if let Some(value) = sp_io::storage::get(&next) {
					state.insert(next.clone(), value.to_vec());
				}
			}
			key = next;
		}
	}
	for key in [
		pallet_balances::TotalIssuance::<Runtime>::hashed_key().to_vec(),
		b":extrinsic_index".to_vec(),
	] {
		if let Some(value) = sp_io::storage::get(&key) {
			state.insert(key, value.to_vec());
		}
	}
	state
}

/// The whole state's root.
pub fn root() -> Vec<u8> {
	sp_io::storage::root(StateVersion::V1)
}

/// After a failed extrinsic applied inside a storage transaction (opened by the caller):
/// rolls the transaction back, writes the fee state it left, and compares the root with the
/// root it left. Equal roots mean it changed nothing but its fee state; the state is then the
/// extrinsic's own result again. Returns the differing roots otherwise.
pub fn only_fees_changed(signer: Option<&AccountId>) -> Result<(), String> {
	let after_root = root();
	let after = fee_state(signer);
	sp_io::storage::rollback_transaction();
	for key in fee_state(signer).keys() {
		if !after.contains_key(key) {
			sp_io::storage::clear(key);
		}
	}
	for (key, value) in &after {
		sp_io::storage::set(key, value);
	}
	let expected = root();
	if expected != after_root {
		return Err(format!(
			"a failed extrinsic changed state beyond its fee: root {} after it, {} for its fee \
			 alone",
			hex(&after_root),
			hex(&expected)
		));
	}
	Ok(())
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Execution time against weight, per call.
#[derive(Default, Clone)]
pub struct Timing {
	/// Extrinsics timed.
	pub samples: u64,
	/// Sum of time / weight over the samples.
	pub sum_ratio: f64,
	/// Largest time / weight (re-timed: the least of several runs of that same extrinsic).
	pub max_ratio: f64,
	/// The weight (ref_time, ps) of the extrinsic with the largest ratio.
	pub weight_ps: u64,
	/// Its time (ns).
	pub time_ns: u64,
}

impl Timing {
	/// Notes one extrinsic's time against its weight.
	pub fn note(&mut self, time_ns: u64, weight_ps: u64) {
		let ratio = ratio(time_ns, weight_ps);
		self.samples += 1;
		self.sum_ratio += ratio;
		if ratio > self.max_ratio {
			self.max_ratio = ratio;
			self.weight_ps = weight_ps;
			self.time_ns = time_ns;
		}
	}
}

/// Execution time as a fraction of the weight's time (ref_time is in picoseconds).
pub fn ratio(time_ns: u64, weight_ps: u64) -> f64 {
	time_ns as f64 * 1_000.0 / weight_ps.max(1) as f64
}
