//! Weights of the runtime's own overheads and of the standard pallets' transaction extensions,
//! measured on this project's reference machine (2-core AMD EPYC VM) by `scripts/benchmark.sh`
//! with the node's `benchmark overhead` and `benchmark pallet` commands. Database costs are the
//! runtime's `DbWeight` (ParityDB's constants). Each file's header holds the exact command.
//!
//! Our pallets keep their weights in their own crates (`pallets/*/src/weights.rs`).

pub mod block_weights;
pub mod extrinsic_weights;
pub mod frame_system_extensions;
pub mod pallet_transaction_payment;
