//! Where blocks execute: natively (`Executive`, the default) or through the runtime's wasm
//! blob (`--wasm`), the code validators run. Both act on the same
//! externalities, so the fuzzer's builders, dry runs and invariants (native reads of the
//! state) work unchanged between the wasm calls.

use codec::{Decode, Encode};
use sp_runtime::ApplyExtrinsicResult;
use telecom_runtime::{Executive, Header, UncheckedExtrinsic};

/// The engine that initialises blocks, applies extrinsics and finalises blocks.
pub enum Engine {
	/// The runtime compiled into the fuzzer.
	Native,
	/// The runtime's wasm, through `sc-executor`.
	Wasm(wasm::Wasm),
}

impl Engine {
	/// The wasm engine, if the build has one: the blob at `file` (raw or compressed, as the
	/// chain spec's `:code` or `wbuild/telecom-runtime/*.wasm`), else the one built into the
	/// runtime crate (not with `SKIP_WASM_BUILD`). The blob must be the same runtime version as
	/// the native runtime the fuzzer was built with (checked through `Core_version`).
	pub fn wasm(file: Option<&std::path::Path>) -> Result<Self, String> {
		wasm::Wasm::new(file).map(Engine::Wasm)
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
			Engine::Wasm(wasm) => wasm.call("Core_initialize_block", &header.encode()).map(|_| ()),
		}
	}

	/// `BlockBuilder_apply_extrinsic`; `Err` is a wasm trap (a panic in the runtime).
	pub fn apply_extrinsic(&self, uxt: UncheckedExtrinsic) -> Result<ApplyExtrinsicResult, String> {
		match self {
			Engine::Native => Ok(Executive::apply_extrinsic(uxt)),
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
			Engine::Wasm(wasm) => {
				let out = wasm.call("BlockBuilder_finalize_block", &[])?;
				Header::decode(&mut &out[..])
					.map(|_| ())
					.map_err(|e| format!("finalize_block's header does not decode: {e}"))
			},
		}
	}
}

mod wasm {
	use sc_executor::WasmExecutor;
	use sp_core::traits::{CallContext, CodeExecutor, RuntimeCode, WrappedRuntimeCode};

	/// The runtime's wasm blob and an executor with the host functions the node gives it.
	pub struct Wasm {
		executor: WasmExecutor<sp_io::SubstrateHostFunctions>,
		code: Vec<u8>,
		hash: Vec<u8>,
	}

	impl Wasm {
		pub fn new(file: Option<&std::path::Path>) -> Result<Self, String> {
			let code = match file {
				Some(path) => std::fs::read(path)
					.map_err(|e| format!("reading the runtime wasm {}: {e}", path.display()))?,
				None => telecom_runtime::WASM_BINARY
					.ok_or(
						"the runtime was built without its wasm (SKIP_WASM_BUILD): give \
						 --wasm-file or build runtime-fuzz without SKIP_WASM_BUILD",
					)?
					.to_vec(),
			};
			let hash = sp_io::hashing::blake2_256(&code).to_vec();
			let wasm = Wasm { executor: WasmExecutor::builder().build(), code, hash };
			// The blob must be the runtime the fuzzer's native reads and builders assume.
			let native = telecom_runtime::VERSION;
			let version = sp_io::TestExternalities::default()
				.execute_with(|| wasm.call("Core_version", &[]))?;
			let version = <sp_version::RuntimeVersion as codec::Decode>::decode(&mut &version[..])
				.map_err(|e| format!("Core_version does not decode: {e}"))?;
			if version.spec_name != native.spec_name
				|| version.spec_version != native.spec_version
				|| version.transaction_version != native.transaction_version
			{
				return Err(format!(
					"the wasm is {} {} (tx {}), the native runtime {} {} (tx {})",
					version.spec_name,
					version.spec_version,
					version.transaction_version,
					native.spec_name,
					native.spec_version,
					native.transaction_version
				));
			}
			Ok(wasm)
		}

		/// Calls a runtime API function of the wasm on the current externalities (those of
		/// the fuzzer's `execute_with`).
		pub fn call(&self, method: &str, data: &[u8]) -> Result<Vec<u8>, String> {
			let fetch = WrappedRuntimeCode(self.code.as_slice().into());
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
