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
	/// "tadig": "DEUTC", "bootnode": "/dns/v1.example/tcp/30333/p2p/12D3…", "nodes": ["12D3…"]}]}`.
	/// Keys are SS58 or 0x-prefixed hex public keys; `tadig`, `bootnode` and `nodes` are optional.
	/// The peer ids of `bootnode` and `nodes` (its other nodes, e.g. an RPC node) are the operator's
	/// registered nodes: the only peers the network accepts.
	#[arg(long, value_name = "FILE")]
	pub founders: PathBuf,

	/// Write the raw (storage-level) spec that validators start from, not the readable one.
	#[arg(long)]
	pub raw: bool,

	/// Output file; standard output without it.
	#[arg(long, value_name = "FILE")]
	pub output: Option<PathBuf>,
}

/// Fewest founding operators: with two, finality stops whenever either is offline.
pub const MIN_FOUNDERS: usize = 3;
/// Most founding operators: the Aura and GRANDPA authority limit.
pub const MAX_FOUNDERS: usize = 32;

const FILE_FIELDS: [&str; 3] = ["name", "id", "operators"];
const OPERATOR_FIELDS: [&str; 6] = ["account", "aura", "grandpa", "tadig", "bootnode", "nodes"];

fn refuse_unknown_fields(value: &Value, known: &[&str], what: &str) -> Result<(), String> {
	let Some(object) = value.as_object() else {
		return Err(format!("{what} is not a JSON object"));
	};
	match object.keys().find(|key| !known.contains(&key.as_str())) {
		Some(key) => Err(format!("{what}: unknown field `{key}` (known: {})", known.join(", "))),
		None => Ok(()),
	}
}

/// An optional string field: absent is `None`, anything but a string is refused.
fn optional_text<'a>(entry: &'a Value, field: &str, what: &str) -> Result<Option<&'a str>, String> {
	match entry.get(field) {
		None => Ok(None),
		Some(Value::String(text)) => Ok(Some(text)),
		Some(_) => Err(format!("{what}: `{field}` is not a string")),
	}
}

fn text<'a>(entry: &'a Value, field: &str, what: &str) -> Result<&'a str, String> {
	optional_text(entry, field, what)?.ok_or_else(|| format!("{what}: `{field}` is missing"))
}

fn public_bytes(value: &str, field: &str, what: &str) -> Result<[u8; 32], String> {
	let bad = || format!("{what}: `{field}` is neither SS58 nor 32 bytes of 0x hex");
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

/// Whether `key` is one of the well-known development keys, whose secrets everyone has.
fn is_dev_key(key: &[u8; 32]) -> bool {
	sp_keyring::Sr25519Keyring::iter().any(|k| &k.public().0 == key)
		|| sp_keyring::Ed25519Keyring::iter().any(|k| &k.public().0 == key)
}

/// Reads the founders' file into the runtime's founders and the network's boot nodes, refusing
/// anything a production network must not start with: fewer than [`MIN_FOUNDERS`] or more than
/// [`MAX_FOUNDERS`] operators, an account, key or TADIG code listed twice, a well-known
/// development key, an unknown or mistyped field, a chain id that is not a plain name.
pub fn parse_founders(
	json: &Value,
) -> Result<(String, String, Vec<FoundingOperator>, Vec<MultiaddrWithPeerId>), String> {
	refuse_unknown_fields(json, &FILE_FIELDS, "the founders' file")?;
	let name = optional_text(json, "name", "the founders' file")?.unwrap_or("Telecom consortium");
	let id = optional_text(json, "id", "the founders' file")?.unwrap_or("telecom_consortium");
	if id.is_empty()
		|| !id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
	{
		return Err(format!(
			"`id` {id:?} must be lower-case letters, digits and `_` (it names the chain's folder)"
		));
	}
	let entries = json
		.get("operators")
		.and_then(Value::as_array)
		.ok_or("the founders' file lists no `operators`")?;
	if !(MIN_FOUNDERS..=MAX_FOUNDERS).contains(&entries.len()) {
		return Err(format!(
			"a production network needs {MIN_FOUNDERS} to {MAX_FOUNDERS} founding operators, the file lists {}",
			entries.len()
		));
	}
	let mut founders: Vec<FoundingOperator> = Vec::new();
	let mut seen_keys: Vec<[u8; 32]> = Vec::new();
	let mut boot_nodes = Vec::new();
	for (at, entry) in entries.iter().enumerate() {
		let what = format!("operator {at}");
		refuse_unknown_fields(entry, &OPERATOR_FIELDS, &what)?;
		let mut key = |field: &str| -> Result<[u8; 32], String> {
			let bytes = public_bytes(text(entry, field, &what)?, field, &what)?;
			if is_dev_key(&bytes) {
				return Err(format!("{what}: `{field}` is a well-known development key"));
			}
			if seen_keys.contains(&bytes) {
				return Err(format!("{what}: `{field}` is listed twice"));
			}
			seen_keys.push(bytes);
			Ok(bytes)
		};
		let account = AccountId::from(key("account")?);
		let aura = sr25519::Public::from_raw(key("aura")?);
		let grandpa = ed25519::Public::from_raw(key("grandpa")?);
		let tadig = match optional_text(entry, "tadig", &what)? {
			None => None,
			Some(code) => Some(
				code.as_bytes()
					.try_into()
					.ok()
					.and_then(TadigCode::new)
					.ok_or_else(|| format!("{what}: `tadig` {code} is not a TADIG code"))?,
			),
		};
		if tadig.is_some() && founders.iter().any(|f| f.tadig == tadig) {
			return Err(format!("{what}: the TADIG code is listed twice"));
		}
		let mut nodes: Vec<Vec<u8>> = Vec::new();
		if let Some(addr) = optional_text(entry, "bootnode", &what)? {
			let addr: MultiaddrWithPeerId =
				addr.parse().map_err(|e| format!("{what}: `bootnode` {addr}: {e}"))?;
			nodes.push(addr.peer_id.to_bytes());
			boot_nodes.push(addr);
		}
		let listed = match entry.get("nodes") {
			None => Vec::new(),
			Some(Value::Array(list)) => list.clone(),
			Some(_) => return Err(format!("{what}: `nodes` is not a list of peer ids")),
		};
		for node in listed {
			let text =
				node.as_str().ok_or_else(|| format!("{what}: `nodes` holds a non-string"))?;
			let peer: sc_network::PeerId = text
				.parse()
				.map_err(|e| format!("{what}: `nodes`: {text} is not a peer id: {e}"))?;
			nodes.push(peer.to_bytes());
		}
		for (index, node) in nodes.iter().enumerate() {
			let seen_before = nodes.get(..index).is_some_and(|earlier| earlier.contains(node))
				|| founders.iter().any(|f| f.nodes.contains(node));
			if seen_before {
				return Err(format!("{what}: a node's peer id is listed twice"));
			}
		}
		founders.push(FoundingOperator {
			account,
			aura: aura.into(),
			grandpa: grandpa.into(),
			tadig,
			nodes,
		});
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

	fn hex(byte: u8) -> String {
		format!("0x{}", format!("{byte:02x}").repeat(32))
	}

	fn operator(n: u8) -> Value {
		serde_json::json!({"account": hex(n), "aura": hex(n + 100), "grandpa": hex(n + 200)})
	}

	fn file(operators: Vec<Value>) -> Value {
		serde_json::json!({"name": "Consortium", "id": "consortium", "operators": operators})
	}

	#[test]
	fn founders_file_parses_keys_in_ss58_and_hex() {
		let ss58 = sr25519::Public::from_raw([1; 32]).to_ss58check();
		let mut first = operator(1);
		first["account"] = ss58.into();
		first["tadig"] = "DEUTC".into();
		first["bootnode"] =
			"/ip4/127.0.0.1/tcp/30333/p2p/12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp"
				.into();
		let (name, id, founders, boot_nodes) =
			parse_founders(&file(vec![first, operator(2), operator(3)])).expect("parses");
		assert_eq!((name.as_str(), id.as_str()), ("Consortium", "consortium"));
		assert_eq!(founders.len(), 3);
		assert_eq!(founders[0].account, AccountId::from([1; 32]));
		assert_eq!(founders[0].tadig, TadigCode::new(*b"DEUTC"));
		assert_eq!(founders[1].tadig, None);
		assert_eq!(boot_nodes.len(), 1);
		// The boot node's peer id is the operator's registered node.
		assert_eq!(founders[0].nodes, vec![boot_nodes[0].peer_id.to_bytes()]);
		assert!(founders[1].nodes.is_empty());
	}

	#[test]
	fn founders_nodes_are_their_boot_node_and_listed_peer_ids_each_once() {
		let boot = "12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp";
		let rpc = "12D3KooWHdiAxVd8uMQR1hGWXccidmfCwLqcMpGwR6QcTP6QRMuD";
		let mut first = operator(1);
		first["bootnode"] = format!("/ip4/127.0.0.1/tcp/30333/p2p/{boot}").into();
		first["nodes"] = serde_json::json!([rpc]);
		let (_, _, founders, _) =
			parse_founders(&file(vec![first.clone(), operator(2), operator(3)])).expect("parses");
		let peer = |text: &str| text.parse::<sc_network::PeerId>().expect("peer id").to_bytes();
		assert_eq!(founders[0].nodes, vec![peer(boot), peer(rpc)]);

		let mut twice = operator(2);
		twice["nodes"] = serde_json::json!([boot]);
		refused(file(vec![first.clone(), twice, operator(3)]), "listed twice");
		let mut bad = operator(2);
		bad["nodes"] = serde_json::json!(["not-a-peer-id"]);
		refused(file(vec![first.clone(), bad, operator(3)]), "is not a peer id");
		let mut not_list = operator(2);
		not_list["nodes"] = "12D3".into();
		refused(file(vec![first, not_list, operator(3)]), "not a list of peer ids");
	}

	fn refused(json: Value, expected: &str) {
		let err = parse_founders(&json).expect_err("refused");
		assert!(err.contains(expected), "{err} does not say {expected}");
	}

	#[test]
	fn founders_files_a_production_network_must_not_start_from_are_refused() {
		let three = || vec![operator(1), operator(2), operator(3)];
		refused(file(vec![operator(1), operator(2)]), "3 to 32");
		refused(file((1..=33).map(operator).collect()), "3 to 32");
		let mut bad = three();
		bad[0]["account"] = "nope".into();
		refused(file(bad), "operator 0: `account`");
		let mut twice = three();
		twice[2]["account"] = hex(1).into();
		refused(file(twice), "listed twice");
		let mut shared_key = three();
		shared_key[1]["grandpa"] = hex(101).into();
		refused(file(shared_key), "listed twice");
		let mut dev = three();
		let alice: String = sp_keyring::Sr25519Keyring::Alice
			.public()
			.0
			.iter()
			.map(|b| format!("{b:02x}"))
			.collect();
		dev[0]["aura"] = format!("0x{alice}").into();
		refused(file(dev), "development key");
		let mut typo = three();
		typo[1]["tadigg"] = "FRAMC".into();
		refused(file(typo), "unknown field `tadigg`");
		let mut mistyped = three();
		mistyped[1]["tadig"] = 5.into();
		refused(file(mistyped), "`tadig` is not a string");
		let mut tadigs = three();
		tadigs[0]["tadig"] = "DEUTC".into();
		tadigs[1]["tadig"] = "DEUTC".into();
		refused(file(tadigs), "TADIG code is listed twice");
		let mut escape = file(three());
		escape["id"] = "../x".into();
		refused(escape, "must be lower-case");
	}
}
