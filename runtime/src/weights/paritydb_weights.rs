//! THIS FILE WAS AUTO-GENERATED USING THE SUBSTRATE BENCHMARK CLI VERSION 64.0.0
//! DATE: 2026-11-25 (Y/M/D)
//! HOSTNAME: `vm`, CPU: `AMD EPYC`
//!
//! DATABASE: `ParityDb`, RUNTIME: `telecom-chain`
//! BLOCK-NUM: `Number(0)`
//! SKIP-WRITE: `false`, SKIP-READ: `false`, WARMUPS: `1`
//! STATE-VERSION: `V1`, STATE-CACHE-SIZE: ``
//! WEIGHT-PATH: `runtime/src/weights/`
//! METRIC: `Average`, WEIGHT-MUL: `1.1`, WEIGHT-ADD: `0`

// Executed Command:
//   /root/.cache/telecom-chain/target/release/telecom-node
//   benchmark
//   storage
//   --chain
//   /root/.cache/telecom-chain/target/runtime-weights/storage-spec.json
//   --base-path
//   /root/.cache/telecom-chain/target/runtime-weights/db
//   --database
//   paritydb
//   --state-version
//   1
//   --batch-size
//   1000
//   --mul
//   1.1
//   --weight-path
//   runtime/src/weights/

/// Storage DB weights for the `telecom-chain` runtime and `ParityDb`.
pub mod constants {
	use frame_support::parameter_types;
	use frame_support::weights::constants;
	use frame_support::weights::RuntimeDbWeight;

	parameter_types! {
		/// ParityDB's read and write costs on our reference machine (how: runtime/src/weights/mod.rs).
		pub const ParityDbWeight: RuntimeDbWeight = RuntimeDbWeight {
			// Time to read one storage item.
			// Calculated by multiplying the *Average* of all values with `1.1` and adding `0`.
			//
			// Stats nanoseconds:
			//   Min, Max: 1_272, 4_157_506
			//   Average:  7_107
			//   Median:   6_460
			//   Std-Dev:  7161.59
			//
			// Percentiles nanoseconds:
			//   99th: 15_403
			//   95th: 9_544
			//   75th: 7_251
			read: 7_818 * constants::WEIGHT_REF_TIME_PER_NANOS,

			// Time to write one storage item.
			// Calculated by multiplying the *Average* of all values with `1.1` and adding `0`.
			//
			// Stats nanoseconds:
			//   Min, Max: 15_429, 65_381
			//   Average:  22_414
			//   Median:   21_765
			//   Std-Dev:  4371.04
			//
			// Percentiles nanoseconds:
			//   99th: 49_970
			//   95th: 25_974
			//   75th: 22_799
			write: 24_656 * constants::WEIGHT_REF_TIME_PER_NANOS,
		};
	}

	#[cfg(test)]
	mod test_db_weights {
		use super::constants::ParityDbWeight as W;
		use frame_support::weights::constants;

		/// Checks that all weights exist and have sane values.
		// NOTE: If this test fails but you are sure that the generated values are fine,
		// you can delete it.
		#[test]
		fn bound() {
			// At least 1 µs.
			assert!(
				W::get().reads(1).ref_time() >= constants::WEIGHT_REF_TIME_PER_MICROS,
				"Read weight should be at least 1 µs."
			);
			assert!(
				W::get().writes(1).ref_time() >= constants::WEIGHT_REF_TIME_PER_MICROS,
				"Write weight should be at least 1 µs."
			);
			// At most 1 ms.
			assert!(
				W::get().reads(1).ref_time() <= constants::WEIGHT_REF_TIME_PER_MILLIS,
				"Read weight should be at most 1 ms."
			);
			assert!(
				W::get().writes(1).ref_time() <= constants::WEIGHT_REF_TIME_PER_MILLIS,
				"Write weight should be at most 1 ms."
			);
		}
	}
}
