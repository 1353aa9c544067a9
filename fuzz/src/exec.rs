//! Where blocks execute: natively (`Executive`, the default) or through the runtime's wasm
//! blob (`--wasm`, cargo feature `wasm`), the code validators run. Both act on the same
//! externalities, so the fuzzer's builders, dry runs and invariants (native reads of the
//! state) work unchanged between the wasm calls.

#[cfg(feature = "wasm")]
use codec::{Decode, Encode};
use sp_runtime::ApplyExtrinsicResult;
use telecom_runtime::{Executive, Header, UncheckedExtrinsic};

/// The engine that initialises blocks, applies extrinsics and finalises blocks.
pub enum Engine {
	/// The runtime compiled into the fuzzer.
	Native,
	/// The runtime's wasm, through `sc-executor`.
	#[cfg(feature = "wasm")]
	Wasm(wasm::Wasm),
}

impl Engine {
	/// The wasm engine, if the build has one and the runtime's blob was built.
	pub fn wasm() -> Result<Self, String> {
		#[cfg(feature = "wasm")]
		{
			wasm::Wasm::new().map(Engine::Wasm)
		}
		#[cfg(not(feature = "wasm"))]
		{
			Err("this runtime-fuzz was built without the `wasm` feature \
				 (cargo build --release -p telecom-runtime-fuzz --features wasm)"
				.into())
		}
	}

	/// Whether blocks run through the wasm runtime.
	pub fn is_wasm(&self) -> bool {
		!matches!(self, Engine::Native)
	}

	/// `Core_initialize_block`.
	pub fn initialize_block(&self, header: &Header) -> Result<(), String> {
		match self {
			Engine::Native => {
				Executive::initialize_block(header);
				Ok(())
			},
			#[cfg(feature = "wasm")]
			Engine::Wasm(wasm) => wasm.call("Core_initialize_block", &header.encode()).map(|_| ()),
		}
	}

	/// `BlockBuilder_apply_extrinsic`; `Err` is a wasm trap (a panic in the runtime).
	pub fn apply_extrinsic(&self, uxt: UncheckedExtrinsic) -> Result<ApplyExtrinsicResult, String> {
		match self {
			Engine::Native => Ok(Executive::apply_extrinsic(uxt)),
			#[cfg(feature = "wasm")]
			Engine::Wasm(wasm) => {
				let out = wasm.call("BlockBuilder_apply_extrinsic", &uxt.encode())?;
				ApplyExtrinsicResult::decode(&mut &out[..])
					.map_err(|e| format!("apply_extrinsic's result does not decode: {e}"))
			},
		}
	}

	/// `BlockBuilder_finalize_block`.
	pub fn finalize_block(&self) -> Result<(), String> {
		match self {
			Engine::Native => {
				Executive::finalize_block();
				Ok(())
			},
			#[cfg(feature = "wasm")]
			Engine::Wasm(wasm) => {
				let out = wasm.call("BlockBuilder_finalize_block", &[])?;
				Header::decode(&mut &out[..])
					.map(|_| ())
					.map_err(|e| format!("finalize_block's header does not decode: {e}"))
			},
		}
	}
}

#[cfg(feature = "wasm")]
mod wasm {
	use sc_executor::WasmExecutor;
	use sp_core::traits::{CallContext, CodeExecutor, RuntimeCode, WrappedRuntimeCode};

	/// The runtime's wasm blob and an executor with the host functions the node gives it.
	pub struct Wasm {
		executor: WasmExecutor<sp_io::SubstrateHostFunctions>,
		code: &'static [u8],
		hash: Vec<u8>,
	}

	impl Wasm {
		pub fn new() -> Result<Self, String> {
			let code = telecom_runtime::WASM_BINARY.ok_or(
				"the runtime was built without its wasm (SKIP_WASM_BUILD): build runtime-fuzz \
				 in release without it",
			)?;
			Ok(Wasm {
				executor: WasmExecutor::builder().build(),
				code,
				hash: sp_io::hashing::blake2_256(code).to_vec(),
			})
		}

		/// Calls a runtime API function of the wasm on the current externalities (those of
		/// the fuzzer's `execute_with`).
		pub fn call(&self, method: &str, data: &[u8]) -> Result<Vec<u8>, String> {
			let fetch = WrappedRuntimeCode(self.code.into());
			let code =
				RuntimeCode { code_fetcher: &fetch, heap_pages: None, hash: self.hash.clone() };
			sp_externalities::with_externalities(|ext| {
				self.executor
					.call(ext, &code, method, data, CallContext::Onchain { import: false })
					.0
					.map_err(|e| format!("wasm {method}: {e}"))
			})
			.unwrap_or_else(|| Err("no externalities set".into()))
		}
	}
}
