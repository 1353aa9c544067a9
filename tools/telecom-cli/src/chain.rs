//! The chain as a billing system sees it: signed extrinsics built from the runtime's own call
//! types, submitted over JSON-RPC, and followed into finalized blocks with their events.

use crate::rpc::{Client, RpcError};
use codec::{Decode, Encode};
use serde_json::{json, Value};
use sp_core::{crypto::Ss58Codec, sr25519, Pair, H256};
use sp_io::hashing::twox_128;
use sp_runtime::{generic::Era, traits::IdentifyAccount, MultiSigner};
use std::collections::HashMap;
use telecom_runtime::{
	AccountId, Nonce, Runtime, RuntimeCall, RuntimeEvent, SignedPayload, TxExtension,
	UncheckedExtrinsic,
};

/// Errors of the chain helpers.
#[derive(Debug)]
pub enum ChainError {
	/// The RPC call failed.
	Rpc(RpcError),
	/// The node answered with data this client cannot read.
	Decode(String),
	/// The node runs a runtime whose transactions this client cannot sign: (spec_version,
	/// transaction_version) of the node's runtime.
	RuntimeMismatch { spec_version: u32, transaction_version: u32 },
}

impl std::fmt::Display for ChainError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			ChainError::Rpc(e) => e.fmt(f),
			ChainError::Decode(e) => write!(f, "cannot read the node's answer: {e}"),
			ChainError::RuntimeMismatch { spec_version, transaction_version } => write!(
				f,
				"the node runs runtime spec_version {spec_version} (transaction_version \
				 {transaction_version}), but this client was built for spec_version {} \
				 (transaction_version {}): it refuses to sign, as its calls may no longer mean \
				 what they say. Use a telecom-cli built for spec_version {spec_version}; reading \
				 commands still work",
				telecom_runtime::VERSION.spec_version,
				telecom_runtime::VERSION.transaction_version,
			),
		}
	}
}

impl std::error::Error for ChainError {}

impl From<RpcError> for ChainError {
	fn from(e: RpcError) -> Self {
		ChainError::Rpc(e)
	}
}

/// Result of the chain helpers.
pub type Result<T> = std::result::Result<T, ChainError>;

/// Decodes a `0x…` hex string.
pub fn from_hex(value: &Value) -> Result<Vec<u8>> {
	let text = value.as_str().ok_or_else(|| ChainError::Decode(format!("not hex: {value}")))?;
	hex::decode(text.trim_start_matches("0x")).map_err(|e| ChainError::Decode(e.to_string()))
}

/// Encodes bytes as `0x…` hex.
pub fn to_hex(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}

/// The account of an sr25519 key pair.
pub fn account_of(pair: &sr25519::Pair) -> AccountId {
	MultiSigner::from(pair.public()).into_account()
}

/// Who signs, and for whom: an operator's own key, or a billing host's key acting as the
/// operator's `Billing` proxy (registered by the operator with `proxy.addProxy`), so the host never
/// holds the operator's key.
pub struct Signer {
	/// The key that signs the extrinsics and pays their fees.
	pub pair: sr25519::Pair,
	/// The operator the key acts for as a `Billing` proxy; `None` when the key is the operator's.
	pub real: Option<AccountId>,
}

impl Signer {
	/// The account whose bills and batches these are: the operator.
	pub fn account(&self) -> AccountId {
		self.real.clone().unwrap_or_else(|| account_of(&self.pair))
	}

	/// The account that signs (and whose nonce the extrinsics use).
	pub fn signing_account(&self) -> AccountId {
		account_of(&self.pair)
	}

	/// `call` as the extrinsic carries it: the call itself, or the call inside `proxy.proxy`.
	pub fn wrap(&self, call: RuntimeCall) -> RuntimeCall {
		match &self.real {
			None => call,
			Some(real) => RuntimeCall::Proxy(pallet_proxy::Call::proxy {
				real: real.clone().into(),
				force_proxy_type: Some(telecom_runtime::configs::ProxyType::Billing),
				call: Box::new(call),
			}),
		}
	}

	/// `call` of an extrinsic signed by this signer, unwrapped from `proxy.proxy` for the
	/// operator; `None` if the extrinsic is not one of this signer's.
	pub fn own_call<'a>(
		&self,
		signer: &AccountId,
		call: &'a RuntimeCall,
	) -> Option<&'a RuntimeCall> {
		if *signer != self.signing_account() {
			return None;
		}
		match (&self.real, call) {
			(None, call) => Some(call),
			(
				Some(real),
				RuntimeCall::Proxy(pallet_proxy::Call::proxy {
					real: sp_runtime::MultiAddress::Id(named),
					call,
					..
				}),
			) if named == real => Some(call),
			_ => None,
		}
	}
}

/// Parses an SS58 address.
pub fn parse_account(text: &str) -> std::result::Result<AccountId, String> {
	AccountId::from_ss58check(text.trim())
		.map_err(|e| format!("{text}: not an SS58 address ({e:?})"))
}

/// What every signature commits to besides the call: the chain and the runtime version.
#[derive(Clone, Copy, Debug)]
pub struct ChainInfo {
	/// Genesis block hash.
	pub genesis: H256,
	/// Runtime spec version.
	pub spec_version: u32,
	/// Runtime transaction version.
	pub transaction_version: u32,
}

impl ChainInfo {
	/// Reads the genesis hash and runtime version from the node, and checks that the node runs
	/// the runtime this client was built with ([`telecom_runtime::VERSION`]): signing for another
	/// one is refused with [`ChainError::RuntimeMismatch`].
	pub fn fetch(client: &mut Client) -> Result<Self> {
		let info = Self::fetch_unchecked(client)?;
		info.check_runtime()?;
		Ok(info)
	}

	/// Reads the genesis hash and runtime version from the node, whatever runtime it runs.
	pub fn fetch_unchecked(client: &mut Client) -> Result<Self> {
		let genesis = hash_of(&client.call("chain_getBlockHash", json!([0]))?)?;
		let version = client.call("state_getRuntimeVersion", json!([]))?;
		let number = |key: &str| {
			version
				.get(key)
				.and_then(Value::as_u64)
				.and_then(|v| u32::try_from(v).ok())
				.ok_or_else(|| ChainError::Decode(format!("runtime version without {key}")))
		};
		Ok(ChainInfo {
			genesis,
			spec_version: number("specVersion")?,
			transaction_version: number("transactionVersion")?,
		})
	}

	/// Fails unless the node's runtime is the one this client's call types come from: the same
	/// `spec_version` and `transaction_version` as [`telecom_runtime::VERSION`].
	pub fn check_runtime(&self) -> Result<()> {
		let built = &telecom_runtime::VERSION;
		if self.spec_version != built.spec_version
			|| self.transaction_version != built.transaction_version
		{
			return Err(ChainError::RuntimeMismatch {
				spec_version: self.spec_version,
				transaction_version: self.transaction_version,
			});
		}
		Ok(())
	}

	/// Signs `call` as `pair` with `nonce`; immortal, no tip. Returns the encoded extrinsic.
	/// (The load generator's pre-signed extrinsics; what a billing system sends is mortal:
	/// [`ChainInfo::sign_mortal`].)
	pub fn sign(&self, pair: &sr25519::Pair, nonce: Nonce, call: RuntimeCall) -> Vec<u8> {
		self.extrinsic(pair, nonce, call, None).encode()
	}

	/// Signs `call` as `pair` with `nonce`, valid only from the block of `mortality` for its
	/// period; no tip. Returns the encoded extrinsic.
	pub fn sign_mortal(
		&self,
		pair: &sr25519::Pair,
		nonce: Nonce,
		call: RuntimeCall,
		mortality: &Mortality,
	) -> Vec<u8> {
		self.extrinsic(pair, nonce, call, Some(mortality)).encode()
	}

	/// The signed extrinsic of `call` by `pair` with `nonce`, without a tip, with every
	/// transaction extension of the runtime: immortal without `mortality`, else mortal from its
	/// block (whose hash the signature commits to, as `CheckMortality` expects).
	pub fn extrinsic(
		&self,
		pair: &sr25519::Pair,
		nonce: Nonce,
		call: RuntimeCall,
		mortality: Option<&Mortality>,
	) -> UncheckedExtrinsic {
		let (era, birth_hash) = match mortality {
			None => (Era::Immortal, self.genesis),
			Some(m) => (m.era(), m.birth_hash),
		};
		let extension: TxExtension = (
			frame_system::CheckNonZeroSender::<Runtime>::new(),
			frame_system::CheckSpecVersion::<Runtime>::new(),
			frame_system::CheckTxVersion::<Runtime>::new(),
			frame_system::CheckGenesis::<Runtime>::new(),
			frame_system::CheckEra::<Runtime>::from(era),
			frame_system::CheckNonce::<Runtime>::from(nonce),
			frame_system::CheckWeight::<Runtime>::new(),
			pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(0),
			frame_system::WeightReclaim::<Runtime>::new(),
		);
		let implicit = (
			(),
			self.spec_version,
			self.transaction_version,
			self.genesis,
			birth_hash,
			(),
			(),
			(),
			(),
		);
		let payload = SignedPayload::from_raw(call.clone(), extension.clone(), implicit);
		let signature = payload.using_encoded(|bytes| pair.sign(bytes));
		UncheckedExtrinsic::new_signed(call, account_of(pair).into(), signature.into(), extension)
	}
}

/// Blocks a billing system's transaction stays valid for: about six minutes at six-second
/// blocks. A transaction lost from the pool can never be included later than that, and one
/// re-signed after it cannot meet an old copy still floating in some pool.
pub const MORTAL_PERIOD: u32 = 64;

/// A mortal era's anchor: transactions signed with it are valid from block `birth` (whose hash
/// they commit to) until `birth + period`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mortality {
	/// Blocks of validity: a power of two from 4 to 4,096, so that the era's birth is `birth`
	/// itself (longer periods quantize the birth).
	pub period: u32,
	/// The block the validity starts at.
	pub birth: u32,
	/// That block's hash.
	pub birth_hash: H256,
}

impl Mortality {
	/// Mortal for [`MORTAL_PERIOD`] blocks from block `birth` with hash `birth_hash`.
	pub fn at(birth: u32, birth_hash: H256) -> Self {
		Mortality { period: MORTAL_PERIOD, birth, birth_hash }
	}

	/// Mortal from the node's finalized head: a block that no reorganisation removes, so the
	/// hash the signature commits to stays the chain's.
	pub fn fetch(client: &mut Client) -> Result<Self> {
		let (number, hash) = finalized_head(client)?;
		Ok(Self::at(number, hash))
	}

	/// The era of the extension (`CheckMortality`).
	pub fn era(&self) -> Era {
		Era::mortal(u64::from(self.period), u64::from(self.birth))
	}

	/// The first block in which a transaction of this era is no longer valid.
	pub fn death(&self) -> u32 {
		self.birth.saturating_add(self.period)
	}
}

/// Parses a `0x…` block or extrinsic hash.
pub fn hash_of(value: &Value) -> Result<H256> {
	let bytes = from_hex(value)?;
	(bytes.len() == 32)
		.then(|| H256::from_slice(&bytes))
		.ok_or_else(|| ChainError::Decode(format!("not a 32-byte hash: {value}")))
}

/// The hash the pool and blocks know an extrinsic by.
pub fn extrinsic_hash(encoded: &[u8]) -> H256 {
	H256(sp_io::hashing::blake2_256(encoded))
}

/// What the node did with a submitted extrinsic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Submitted {
	/// Accepted into the pool now.
	Accepted,
	/// Already there, or already gone into a block: the connection dropped during the
	/// submission, so the node had it from the first attempt. Follow the blocks for it.
	Earlier,
}

/// Submits an encoded extrinsic. The same bytes sent twice (a connection that dropped under the
/// first attempt is re-opened and the call repeated) are one extrinsic with one nonce, included
/// at most once: "already imported", and after a reconnect "stale" or "temporarily banned" (it
/// was included or is being removed after inclusion), mean the first attempt got through.
pub fn submit_extrinsic(
	client: &mut Client,
	xt: &[u8],
) -> std::result::Result<Submitted, RpcError> {
	let before = client.reconnects();
	match client.call("author_submitExtrinsic", json!([to_hex(xt)])) {
		Ok(_) => Ok(Submitted::Accepted),
		// Transaction Already Imported: our very bytes are in the pool.
		Err(RpcError::Call { code: 1013, .. }) => Ok(Submitted::Earlier),
		Err(RpcError::Call { code, message, data })
			if client.reconnects() != before && repeated_refusal(code, &message, data.as_ref()) =>
		{
			Ok(Submitted::Earlier)
		},
		Err(e) => Err(e),
	}
}

/// A refusal that a repeated submission of an extrinsic the node already took gets.
fn repeated_refusal(code: i64, message: &str, data: Option<&Value>) -> bool {
	// 1012: temporarily banned (removed from the pool after inclusion); 1010 with "Stale": its
	// nonce is used, by itself.
	let stale = data.and_then(Value::as_str).is_some_and(|d| d.contains("Stale"))
		|| message.contains("Stale");
	code == 1012 || (code == 1010 && stale)
}

/// The next nonce of `who`, counting transactions already in the pool.
pub fn next_nonce(client: &mut Client, who: &AccountId) -> Result<Nonce> {
	let value = client.call("system_accountNextIndex", json!([who.to_ss58check()]))?;
	value
		.as_u64()
		.and_then(|n| Nonce::try_from(n).ok())
		.ok_or_else(|| ChainError::Decode(format!("nonce {value}")))
}

/// The nonce `who` has used up to block `at` (the best block if `None`): its transactions with
/// a lower nonce are in that block's chain; the pool is not counted.
pub fn account_nonce(client: &mut Client, who: &AccountId, at: Option<H256>) -> Result<Nonce> {
	type Info =
		frame_system::AccountInfo<Nonce, pallet_balances::AccountData<telecom_runtime::Balance>>;
	let info: Option<Info> = storage(client, &blake2_map_key("System", "Account", who), at)?;
	Ok(info.map(|i| i.nonce).unwrap_or_default())
}

/// Hashes of every extrinsic in the node's transaction pool.
pub fn pool_hashes(client: &mut Client) -> Result<std::collections::HashSet<H256>> {
	let pending = client.call("author_pendingExtrinsics", json!([]))?;
	pending
		.as_array()
		.into_iter()
		.flatten()
		.map(|xt| from_hex(xt).map(|bytes| extrinsic_hash(&bytes)))
		.collect()
}

/// Reads and decodes a storage value at `at` (latest if `None`).
pub fn storage<T: Decode>(client: &mut Client, key: &[u8], at: Option<H256>) -> Result<Option<T>> {
	let at = at.map(|h| json!(format!("{h:?}"))).unwrap_or(Value::Null);
	let value = client.call("state_getStorage", json!([to_hex(key), at]))?;
	if value.is_null() {
		return Ok(None);
	}
	let bytes = from_hex(&value)?;
	T::decode(&mut &bytes[..]).map(Some).map_err(|e| ChainError::Decode(e.to_string()))
}

/// Storage key of a plain storage value.
pub fn value_key(pallet: &str, item: &str) -> Vec<u8> {
	[twox_128(pallet.as_bytes()), twox_128(item.as_bytes())].concat()
}

/// Storage key of `key`'s entry in a `Blake2_128Concat` map `pallet.item`.
pub fn blake2_map_key(pallet: &str, item: &str, key: &impl Encode) -> Vec<u8> {
	let encoded = key.encode();
	[value_key(pallet, item), sp_io::hashing::blake2_128(&encoded).to_vec(), encoded].concat()
}

/// Outcome of one extrinsic in a block, from the block's events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
	/// Dispatched successfully.
	Success,
	/// Dispatch failed with this error (`Pallet.Error` where the metadata names it).
	Failed(String),
}

/// A block's extrinsics, by hash, with their outcomes.
#[derive(Clone)]
pub struct BlockContents {
	/// Block number.
	pub number: u32,
	/// Block hash.
	pub hash: H256,
	/// The block's timestamp (ms), from `timestamp.set`.
	pub timestamp: Option<u64>,
	/// Every extrinsic's hash with its index in the block.
	pub extrinsics: Vec<H256>,
	/// Outcome by extrinsic index; empty when events were not read.
	pub outcomes: HashMap<u32, Outcome>,
	/// Runtime events of the block (all phases), when read.
	pub events: Vec<RuntimeEvent>,
}

/// Fetches block `hash`, and its events when `with_events`.
pub fn block(client: &mut Client, hash: H256, with_events: bool) -> Result<BlockContents> {
	let answer = client.call("chain_getBlock", json!([format!("{hash:?}")]))?;
	let block = answer.get("block").ok_or_else(|| ChainError::Decode("no block".into()))?;
	let number = block
		.pointer("/header/number")
		.and_then(Value::as_str)
		.and_then(|n| u32::from_str_radix(n.trim_start_matches("0x"), 16).ok())
		.ok_or_else(|| ChainError::Decode("block without number".into()))?;
	let mut extrinsics = Vec::new();
	let mut timestamp = None;
	for xt in block.get("extrinsics").and_then(Value::as_array).into_iter().flatten() {
		let bytes = from_hex(xt)?;
		extrinsics.push(extrinsic_hash(&bytes));
		if timestamp.is_none() {
			if let Ok(UncheckedExtrinsic {
				function: RuntimeCall::Timestamp(pallet_timestamp::Call::set { now }),
				..
			}) = UncheckedExtrinsic::decode(&mut &bytes[..])
			{
				timestamp = Some(now);
			}
		}
	}
	let mut outcomes = HashMap::new();
	let mut events = Vec::new();
	if with_events {
		type Records = Vec<frame_system::EventRecord<RuntimeEvent, H256>>;
		let records: Records =
			storage(client, &value_key("System", "Events"), Some(hash))?.unwrap_or_default();
		for record in records {
			if let frame_system::Phase::ApplyExtrinsic(index) = record.phase {
				match &record.event {
					RuntimeEvent::System(frame_system::Event::ExtrinsicSuccess { .. }) => {
						// A proxied call that failed has its outcome already.
						outcomes.entry(index).or_insert(Outcome::Success);
					},
					// `proxy.proxy` succeeds whatever its call did: the call's own result is
					// this event's.
					RuntimeEvent::Proxy(pallet_proxy::Event::ProxyExecuted {
						result: Err(dispatch_error),
					}) => {
						outcomes.insert(index, Outcome::Failed(describe(dispatch_error)));
					},
					RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
						dispatch_error,
						..
					}) => {
						outcomes.insert(index, Outcome::Failed(describe(dispatch_error)));
					},
					_ => {},
				}
			}
			events.push(record.event);
		}
	}
	Ok(BlockContents { number, hash, timestamp, extrinsics, outcomes, events })
}

/// `Pallet.Error` for module errors (names from the runtime's own metadata), else the debug form.
pub fn describe(error: &sp_runtime::DispatchError) -> String {
	if let sp_runtime::DispatchError::Module(module) = error {
		if let Some(name) = module_error_names().get(&(module.index, module.error[0])) {
			return name.clone();
		}
	}
	format!("{error:?}")
}

/// `Pallet.Error` names of every pallet's errors by (pallet index, error index), read once from
/// the runtime's metadata.
pub fn module_error_names() -> &'static HashMap<(u8, u8), String> {
	use frame_support::__private::{metadata::RuntimeMetadata, scale_info::TypeDef};
	static NAMES: std::sync::OnceLock<HashMap<(u8, u8), String>> = std::sync::OnceLock::new();
	NAMES.get_or_init(|| {
		// Some constants (the tender's minimum periods) read storage: build the metadata inside
		// externalities.
		let metadata = sp_io::TestExternalities::default().execute_with(Runtime::metadata);
		let mut names = HashMap::new();
		let RuntimeMetadata::V14(metadata) = metadata.1 else { return names };
		for pallet in &metadata.pallets {
			let Some(error) = &pallet.error else { continue };
			if let Some(TypeDef::Variant(v)) =
				metadata.types.resolve(error.ty.id).map(|t| &t.type_def)
			{
				for variant in &v.variants {
					names.insert(
						(pallet.index, variant.index),
						format!("{}.{}", pallet.name, variant.name),
					);
				}
			}
		}
		names
	})
}

/// The latest finalized block's number and hash.
pub fn finalized_head(client: &mut Client) -> Result<(u32, H256)> {
	let hash = hash_of(&client.call("chain_getFinalizedHead", json!([]))?)?;
	let header = client.call("chain_getHeader", json!([format!("{hash:?}")]))?;
	Ok((header_number(&header)?, hash))
}

/// The best block's number.
pub fn best_number(client: &mut Client) -> Result<u32> {
	header_number(&client.call("chain_getHeader", json!([]))?)
}

/// The number of a block header as the node sends it.
pub fn header_number(header: &Value) -> Result<u32> {
	header
		.get("number")
		.and_then(Value::as_str)
		.and_then(|n| u32::from_str_radix(n.trim_start_matches("0x"), 16).ok())
		.ok_or_else(|| ChainError::Decode(format!("header without number: {header}")))
}

/// The hash of the canonical block `number`.
pub fn block_hash(client: &mut Client, number: u32) -> Result<Option<H256>> {
	let value = client.call("chain_getBlockHash", json!([number]))?;
	if value.is_null() {
		return Ok(None);
	}
	hash_of(&value).map(Some)
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_runtime::{DispatchError, ModuleError};

	#[test]
	fn module_errors_are_named_from_the_runtime_metadata() {
		let (&(index, error), _) = module_error_names()
			.iter()
			.find(|(_, name)| name.as_str() == "Clearing.NotParticipant")
			.expect("clearing's errors are in the metadata");
		let module = ModuleError { index, error: [error, 0, 0, 0], message: None };
		assert_eq!(describe(&DispatchError::Module(module)), "Clearing.NotParticipant");
		assert_eq!(describe(&DispatchError::BadOrigin), "BadOrigin");
		let unknown = ModuleError { index: 255, error: [0; 4], message: None };
		assert!(describe(&DispatchError::Module(unknown)).starts_with("Module("));
	}

	#[test]
	fn map_keys_are_the_runtimes_own() {
		let who = AccountId::from([7u8; 32]);
		assert_eq!(
			blake2_map_key("Clearing", "Participants", &who),
			pallet_clearing::Participants::<Runtime>::hashed_key_for(&who)
		);
	}

	#[test]
	fn signing_needs_the_runtime_the_client_was_built_with() {
		let built = &telecom_runtime::VERSION;
		let info = |spec_version, transaction_version| ChainInfo {
			genesis: H256::zero(),
			spec_version,
			transaction_version,
		};
		assert!(info(built.spec_version, built.transaction_version).check_runtime().is_ok());
		let newer = built.spec_version + 1;
		let error = info(newer, built.transaction_version).check_runtime().unwrap_err();
		let text = error.to_string();
		assert!(text.contains(&format!("runs runtime spec_version {newer}")), "{text}");
		assert!(text.contains(&format!("built for spec_version {}", built.spec_version)), "{text}");
		assert!(
			text.contains(&format!("Use a telecom-cli built for spec_version {newer}")),
			"{text}"
		);
		let other_tx = info(built.spec_version, built.transaction_version + 1);
		assert!(matches!(other_tx.check_runtime(), Err(ChainError::RuntimeMismatch { .. })));
	}

	#[test]
	fn mortal_eras_start_at_the_block_whose_hash_is_signed() {
		use sp_runtime::traits::TransactionExtension;
		for birth in [0u32, 1, 63, 64, 65, 1_000, 123_457] {
			let hash = H256::repeat_byte(9);
			let m = Mortality::at(birth, hash);
			let era = m.era();
			assert!(matches!(era, Era::Mortal(64, _)), "{era:?}");
			// Anywhere in its period the era's birth is `birth` itself, and it dies after it.
			for current in [birth, birth + 1, birth + 63] {
				assert_eq!(era.birth(u64::from(current)), u64::from(birth));
				assert_eq!(era.death(u64::from(current)), u64::from(m.death()));
			}
			// What the runtime's CheckMortality commits the signature to is that block's hash.
			sp_io::TestExternalities::default().execute_with(|| {
				frame_system::Pallet::<Runtime>::set_block_number(birth + 10);
				frame_system::BlockHash::<Runtime>::insert(birth, hash);
				let extension = frame_system::CheckEra::<Runtime>::from(era);
				assert_eq!(extension.implicit().ok(), Some(hash));
			});
		}
	}

	#[test]
	fn a_mortal_extrinsic_carries_its_era_and_verifies() {
		use sp_runtime::traits::Verify;
		let pair = sr25519::Pair::from_string("//Alice", None).unwrap();
		let info = ChainInfo {
			genesis: H256::repeat_byte(1),
			spec_version: telecom_runtime::VERSION.spec_version,
			transaction_version: telecom_runtime::VERSION.transaction_version,
		};
		let m = Mortality::at(500, H256::repeat_byte(5));
		let call = RuntimeCall::System(frame_system::Call::remark { remark: vec![1] });
		let bytes = info.sign_mortal(&pair, 7, call.clone(), &m);
		let xt = UncheckedExtrinsic::decode(&mut &bytes[..]).unwrap();
		let sp_runtime::generic::Preamble::Signed(_, signature, extension) = xt.preamble else {
			panic!("not signed")
		};
		assert_eq!(extension.4, frame_system::CheckEra::<Runtime>::from(m.era()));
		assert_eq!(extension.5 .0, 7);
		// The signature covers the birth block's hash, not the genesis hash.
		let signed_with = |birth_hash| {
			let implicit = (
				(),
				info.spec_version,
				info.transaction_version,
				info.genesis,
				birth_hash,
				(),
				(),
				(),
				(),
			);
			SignedPayload::from_raw(call.clone(), extension.clone(), implicit)
				.using_encoded(|payload| signature.verify(payload, &account_of(&pair)))
		};
		assert!(signed_with(m.birth_hash));
		assert!(!signed_with(info.genesis));
		// Without a mortality the extrinsic stays immortal, as the load generator signs it.
		let immortal = info.extrinsic(&pair, 7, call, None);
		let sp_runtime::generic::Preamble::Signed(_, _, extension) = immortal.preamble else {
			panic!("not signed")
		};
		assert_eq!(extension.4, frame_system::CheckEra::<Runtime>::from(Era::Immortal));
	}

	#[test]
	fn only_a_repeated_submission_counts_a_stale_refusal_as_sent() {
		assert!(repeated_refusal(
			1010,
			"Invalid Transaction",
			Some(&json!("Transaction is outdated (Stale)"))
		));
		assert!(repeated_refusal(1012, "Transaction is temporarily banned", None));
		assert!(!repeated_refusal(
			1010,
			"Invalid Transaction",
			Some(&json!("Inability to pay some fees"))
		));
		assert!(!repeated_refusal(1002, "Verification Error", None));
	}
}
