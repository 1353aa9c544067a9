//! Evidence per record, node side: finds a clearing batch's records in a block's extrinsics, so
//! that the node's `clearing_recordProof` can rebuild the batch's Merkle tree (the chain keeps
//! only the root). Native only: it knows this runtime's extrinsic and call types.

use crate::{RuntimeCall, UncheckedExtrinsic};
use alloc::vec::Vec;
use codec::Decode;

/// How deep `batch_records_in` looks into wrapping calls.
const MAX_CALL_NESTING: u32 = 8;

/// The record lists of every `clearing.submit_batch` call in a SCALE-encoded extrinsic: at the
/// top level and inside the wrappers a billing system may use (proxy, utility, sudo, multisig).
/// `clearing_recordProof` matches them against a batch's content hash.
pub fn batch_records_in(encoded: &[u8]) -> Vec<Vec<pallet_clearing::BillRecord>> {
	let mut found = Vec::new();
	if let Ok(extrinsic) = UncheckedExtrinsic::decode(&mut &encoded[..]) {
		collect_batches(&extrinsic.function, 0, &mut found);
	}
	found
}

fn collect_batches(
	call: &RuntimeCall,
	depth: u32,
	found: &mut Vec<Vec<pallet_clearing::BillRecord>>,
) {
	if depth > MAX_CALL_NESTING {
		return;
	}
	let inner = depth.saturating_add(1);
	match call {
		RuntimeCall::Clearing(pallet_clearing::Call::submit_batch { records, .. }) => {
			found.push(records.to_vec())
		},
		RuntimeCall::Proxy(
			pallet_proxy::Call::proxy { call, .. }
			| pallet_proxy::Call::proxy_announced { call, .. },
		)
		| RuntimeCall::Sudo(
			pallet_sudo::Call::sudo { call }
			| pallet_sudo::Call::sudo_unchecked_weight { call, .. }
			| pallet_sudo::Call::sudo_as { call, .. },
		)
		| RuntimeCall::Multisig(
			pallet_multisig::Call::as_multi { call, .. }
			| pallet_multisig::Call::as_multi_threshold_1 { call, .. },
		)
		| RuntimeCall::Utility(
			pallet_utility::Call::as_derivative { call, .. }
			| pallet_utility::Call::dispatch_as { call, .. }
			| pallet_utility::Call::dispatch_as_fallible { call, .. }
			| pallet_utility::Call::with_weight { call, .. },
		) => collect_batches(call, inner, found),
		RuntimeCall::Utility(
			pallet_utility::Call::batch { calls }
			| pallet_utility::Call::batch_all { calls }
			| pallet_utility::Call::force_batch { calls },
		) => {
			for call in calls {
				collect_batches(call, inner, found);
			}
		},
		RuntimeCall::Utility(pallet_utility::Call::if_else { main, fallback }) => {
			collect_batches(main, inner, found);
			collect_batches(fallback, inner, found);
		},
		_ => {},
	}
}

#[cfg(test)]
mod tests {
	#![allow(clippy::unwrap_used, clippy::indexing_slicing)]
	use super::*;
	use codec::Encode;
	use pallet_clearing::BillRecord;
	use telecom_primitives::CurrencyCode;

	fn submit(reference: u64) -> RuntimeCall {
		let record =
			BillRecord { payer: 0, payee: 1, currency: CurrencyCode::XDR, amount: 5, reference };
		RuntimeCall::Clearing(pallet_clearing::Call::submit_batch {
			records: alloc::vec![record].try_into().unwrap(),
			pairs: 1,
		})
	}

	fn bare(call: RuntimeCall) -> Vec<u8> {
		UncheckedExtrinsic::new_bare(call).encode()
	}

	#[test]
	fn batches_are_found_at_the_top_and_inside_wrappers() {
		assert_eq!(batch_records_in(&bare(submit(1)))[0][0].reference, 1);
		let wrapped = RuntimeCall::Utility(pallet_utility::Call::batch_all {
			calls: alloc::vec![
				submit(2),
				RuntimeCall::Sudo(pallet_sudo::Call::sudo {
					call: alloc::boxed::Box::new(submit(3))
				}),
			],
		});
		let found = batch_records_in(&bare(wrapped));
		assert_eq!(found.iter().map(|r| r[0].reference).collect::<Vec<_>>(), [2, 3]);
		assert!(batch_records_in(&[1, 2, 3]).is_empty());
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: Vec::new() });
		assert!(batch_records_in(&bare(remark)).is_empty());
	}
}
