//! `telecom-node production-spec`: the chain spec of a production network, built from what each
//! founding operator supplies itself (its account, its validator's session keys, its node's
//! address). No sudo key, no dev accounts, no demo data: see
//! `telecom_runtime::genesis_config_presets::production_genesis` and `docs/validator.md`.

use crate::chain_spec::{wasm, ChainSpec};
use sc_network::config::MultiaddrWithPeerId;
use sc_service::ChainType;
use serde_json::Value;
use sp_core::{crypto::Ss58Codec, ed25519, sr25519};
use std::path::PathBuf;
use telecom_primitives::TadigCode;
use telecom_runtime::{genesis_config_presets::FoundingOperator, AccountId};

/// Builds a production chain spec from the founding operators' file.
#[derive(Debug, clap::Parser)]
pub struct ProductionSpecCmd {
	/// JSON file of the founding operators, e.g.
	/// `{"name": "…", "id": "…", "operators": [{"account": "5…", "aura": "5…", "grandpa": "5…",
	/// "tadig": "DEUTC", "bootnode": "/dns/v1.example/tcp/30333/p2p/12D3…"}]}`.
	/// Keys are SS58 or 0x-prefixed hex public keys; `tadig` and `bootnode` are optional.
	#[arg(long, value_name = "FILE")]
	pub founders: PathBuf,

	/// Write the raw (storage-level) spec that validators start from, not the readable one.
	#[arg(long)]
	pub raw: bool,

	/// Output file; standard output without it.
	#[arg(long, value_name = "FILE")]
	pub output: Option<PathBuf>,
}

fn text<'a>(entry: &'a Value, field: &str, at: usize) -> Result<&'a str, String> {
	entry
		.get(field)
		.and_then(Value::as_str)
		.ok_or_else(|| format!("operator {at}: `{field}` is missing or not a string"))
}

fn public_bytes(value: &str, field: &str, at: usize) -> Result<[u8; 32], String> {
	let bad = || format!("operator {at}: `{field}` is neither SS58 nor 32 bytes of 0x hex");
	if let Some(hex) = value.strip_prefix("0x") {
		let bytes = (0..hex.len())
			.step_by(2)
			.map(|i| hex.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok()))
			.collect::<Option<Vec<u8>>>()
			.ok_or_else(bad)?;
		return bytes.try_into().map_err(|_| bad());
	}
	sr25519::Public::from_ss58check(value).map(|p| p.0).map_err(|_| bad())
}

/// Reads the founders' file into the runtime's founders and the network's boot nodes.
pub fn parse_founders(
	json: &Value,
) -> Result<(String, String, Vec<FoundingOperator>, Vec<MultiaddrWithPeerId>), String> {
	let name = json.get("name").and_then(Value::as_str).unwrap_or("Telecom consortium");
	let id = json.get("id").and_then(Value::as_str).unwrap_or("telecom_consortium");
	let entries = json
		.get("operators")
		.and_then(Value::as_array)
		.filter(|list| !list.is_empty())
		.ok_or("the founders' file lists no `operators`")?;
	let mut founders = Vec::new();
	let mut boot_nodes = Vec::new();
	for (at, entry) in entries.iter().enumerate() {
		let account = AccountId::from(public_bytes(text(entry, "account", at)?, "account", at)?);
		let aura = sr25519::Public::from_raw(public_bytes(text(entry, "aura", at)?, "aura", at)?);
		let grandpa =
			ed25519::Public::from_raw(public_bytes(text(entry, "grandpa", at)?, "grandpa", at)?);
		let tadig =
			match entry.get("tadig").and_then(Value::as_str) {
				None => None,
				Some(code) => {
					Some(code.as_bytes().try_into().ok().and_then(TadigCode::new).ok_or_else(
						|| format!("operator {at}: `tadig` {code} is not a TADIG code"),
					)?)
				},
			};
		if founders.iter().any(|f: &FoundingOperator| f.account == account) {
			return Err(format!("operator {at}: the account is listed twice"));
		}
		founders.push(FoundingOperator {
			account,
			aura: aura.into(),
			grandpa: grandpa.into(),
			tadig,
		});
		if let Some(addr) = entry.get("bootnode").and_then(Value::as_str) {
			boot_nodes
				.push(addr.parse().map_err(|e| format!("operator {at}: `bootnode` {addr}: {e}"))?);
		}
	}
	Ok((name.to_string(), id.to_string(), founders, boot_nodes))
}

impl ProductionSpecCmd {
	/// Writes the chain spec.
	pub fn run(&self) -> sc_cli::Result<()> {
		let file = std::fs::read(&self.founders)?;
		let json: Value = serde_json::from_slice(&file)
			.map_err(|e| format!("{}: {e}", self.founders.display()))?;
		let (name, id, founders, boot_nodes) = parse_founders(&json)?;
		let patch = telecom_runtime::genesis_config_presets::production_genesis(&founders);
		let spec = ChainSpec::builder(wasm()?, None)
			.with_name(&name)
			.with_id(&id)
			.with_chain_type(ChainType::Live)
			.with_genesis_config_patch(patch)
			.with_boot_nodes(boot_nodes)
			.with_properties(crate::chain_spec::properties())
			.build();
		let out = sc_service::ChainSpec::as_json(&spec, self.raw)?;
		match &self.output {
			Some(path) => std::fs::write(path, out)?,
			None => println!("{out}"),
		}
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn founders_file_parses_keys_in_ss58_and_hex() {
		let alice = sr25519::Public::from_raw([1; 32]).to_ss58check();
		let json = serde_json::json!({
			"name": "Consortium", "id": "consortium",
			"operators": [
				{"account": alice, "aura": format!("0x{}", "02".repeat(32)),
				 "grandpa": format!("0x{}", "03".repeat(32)), "tadig": "DEUTC",
				 "bootnode": "/ip4/127.0.0.1/tcp/30333/p2p/12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp"},
				{"account": format!("0x{}", "04".repeat(32)), "aura": format!("0x{}", "05".repeat(32)),
				 "grandpa": format!("0x{}", "06".repeat(32))}
			]
		});
		let (name, id, founders, boot_nodes) = parse_founders(&json).expect("parses");
		assert_eq!((name.as_str(), id.as_str()), ("Consortium", "consortium"));
		assert_eq!(founders.len(), 2);
		assert_eq!(founders[0].account, AccountId::from([1; 32]));
		assert_eq!(founders[0].tadig, TadigCode::new(*b"DEUTC"));
		assert_eq!(founders[1].tadig, None);
		assert_eq!(boot_nodes.len(), 1);
	}

	#[test]
	fn founders_file_errors_name_the_operator_and_field() {
		let json = serde_json::json!({"operators": [{"account": "nope", "aura": "0x00", "grandpa": "0x00"}]});
		let err = parse_founders(&json).expect_err("refused");
		assert!(err.contains("operator 0: `account`"), "{err}");
		assert!(parse_founders(&serde_json::json!({"operators": []})).is_err());
		let twice = serde_json::json!({"operators": [
			{"account": format!("0x{}", "01".repeat(32)), "aura": format!("0x{}", "02".repeat(32)), "grandpa": format!("0x{}", "03".repeat(32))},
			{"account": format!("0x{}", "01".repeat(32)), "aura": format!("0x{}", "05".repeat(32)), "grandpa": format!("0x{}", "06".repeat(32))}
		]});
		assert!(parse_founders(&twice).expect_err("refused").contains("twice"));
	}
}
