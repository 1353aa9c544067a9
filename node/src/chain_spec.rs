//! Chain specifications built from the runtime's genesis presets.

use sc_service::ChainType;
use telecom_runtime::WASM_BINARY;

/// Chain specification of this node (no extensions).
pub type ChainSpec = sc_service::GenericChainSpec;

/// Token and address properties shown by wallets and Polkadot.js apps.
pub fn properties() -> sc_chain_spec::Properties {
	let mut properties = sc_chain_spec::Properties::new();
	properties.insert("tokenSymbol".into(), "TEL".into());
	properties.insert("tokenDecimals".into(), 12.into());
	properties.insert("ss58Format".into(), 42.into());
	properties
}

/// The runtime's WebAssembly, built into the node.
pub fn wasm() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| {
		"The runtime's WebAssembly is not available: build without SKIP_WASM_BUILD".to_string()
	})
}

/// The `dev` chain: Alice alone authors and finalises blocks.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name("Telecom consortium development")
		.with_id("telecom_dev")
		.with_chain_type(ChainType::Development)
		.with_genesis_config_preset_name(sp_genesis_builder::DEV_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// The `local` chain: Alice, Bob, Charlie and Dave are the four validators.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name("Telecom consortium local testnet")
		.with_id("telecom_local")
		.with_chain_type(ChainType::Local)
		.with_genesis_config_preset_name(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}
