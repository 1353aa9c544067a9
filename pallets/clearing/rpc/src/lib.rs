//! JSON-RPC methods of the clearing pallet.
//!
//! Billing systems ask "what do I owe whom this cycle", "what must I pay", "what is the state of
//! batch N" without decoding storage. Amounts are decimal strings (they exceed JavaScript's safe
//! integers), currencies are ISO 4217 codes and accounts use the chain's SS58 format.
//!
//! | method | answers |
//! | --- | --- |
//! | `clearing_openPositions(who, at?)` | `who`'s gross and net positions per currency, open cycle |
//! | `clearing_cycle(cycle?, at?)` | a cycle's phase, deadlines and counters (the open one by default) |
//! | `clearing_cyclePositions(cycle, currency, at?)` | every participant's position in a cycle-currency |
//! | `clearing_instructions(cycle, at?)` | the settlement instructions of a cycle |
//! | `clearing_recordProof(batch, index, at?)` | one record of a batch with its Merkle inclusion proof |
//! | `clearing_statement(cycle, who, at?)` | `who`'s statement of a cycle |
//! | `clearing_batch(batch, at?)` | the audit record of a bulk batch |

use codec::{Codec, Encode};
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::error::{ErrorObject, ErrorObjectOwned},
};
use pallet_clearing::{
	BatchId, BatchInfo, BillRecord, Cycle, CycleId, CyclePhase, Instruction, InstructionIndex,
	InstructionStatus, NetPosition, Position,
};
pub use pallet_clearing_runtime_api::ClearingApi as ClearingRuntimeApi;
use sc_client_api::BlockBackend;
use serde::{Deserialize, Serialize};
use sp_api::{ApiExt, ProvideRuntimeApi};
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::{BlakeTwo256, Block as BlockT, Hash, NumberFor, UniqueSaturatedFrom};
use std::{fmt::Display, marker::PhantomData, sync::Arc};
use telecom_primitives::{evidence, CurrencyCode, DocumentHash};

/// A gross and net position in one currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PositionView {
	/// ISO 4217 code.
	pub currency: String,
	/// What the participant owes, gross.
	pub payable: String,
	/// What the participant is owed, gross.
	pub receivable: String,
	/// Receivable minus payable: positive receives, negative pays.
	pub net: String,
}

impl PositionView {
	fn new(currency: CurrencyCode, position: Position, net: NetPosition) -> Self {
		let net = match net {
			NetPosition::Credit(a) => a.to_string(),
			NetPosition::Debit(a) => format!("-{a}"),
			NetPosition::Flat => "0".into(),
		};
		Self {
			currency: currency.to_string(),
			payable: position.payable.to_string(),
			receivable: position.receivable.to_string(),
			net,
		}
	}
}

/// A participant's position in a cycle-currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ParticipantPositionView {
	/// The participant (SS58).
	pub participant: String,
	/// The position.
	#[serde(flatten)]
	pub position: PositionView,
}

/// A settlement cycle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CycleView {
	/// Cycle id.
	pub id: CycleId,
	/// `open`, `cutOff`, `netted`, `instructed`, `settled` or `closed`.
	pub phase: String,
	/// Block at which it opened.
	pub opened_at: u64,
	/// Block of its scheduled cut-off.
	pub cut_off_due: u64,
	/// Block at which instructions were issued, if they were.
	pub instructed_at: Option<u64>,
	/// Obligations taken in.
	pub obligations: u64,
	/// Instructions issued.
	pub instructions: u32,
	/// Instructions neither settled nor defaulted.
	pub unsettled: u32,
}

fn phase_name(phase: CyclePhase) -> &'static str {
	match phase {
		CyclePhase::Open => "open",
		CyclePhase::CutOff => "cutOff",
		CyclePhase::Netted => "netted",
		CyclePhase::Instructed => "instructed",
		CyclePhase::Acknowledging => "acknowledging",
		CyclePhase::Settled => "settled",
		CyclePhase::Closed => "closed",
		CyclePhase::Aborted => "aborted",
	}
}

impl CycleView {
	fn new<N: Into<u64> + Copy>(id: CycleId, cycle: Cycle<N>) -> Self {
		Self {
			id,
			phase: phase_name(cycle.phase).into(),
			opened_at: cycle.opened_at.into(),
			cut_off_due: cycle.cut_off_due.into(),
			instructed_at: cycle.instructed_at.map(Into::into),
			obligations: cycle.obligations,
			instructions: cycle.instructions,
			unsettled: cycle.unsettled,
		}
	}
}

/// A settlement instruction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstructionView {
	/// Index within the cycle.
	pub index: InstructionIndex,
	/// ISO 4217 code.
	pub currency: String,
	/// Who pays (SS58).
	pub payer: String,
	/// Who is paid (SS58).
	pub payee: String,
	/// Amount in minor units.
	pub amount: String,
	/// `pending`, `paymentConfirmed`, `nonReceiptDisputed`, `settled` or `defaulted`.
	pub status: String,
	/// Hash of the bank reference, once the payer confirmed payment.
	pub bank_reference: Option<String>,
	/// For a default: the cycle that carries the amount (`None` while it waits for room).
	pub carried_to: Option<CycleId>,
	/// For a default: the part the defaulter's collateral paid the payee (decimal string).
	pub covered: Option<String>,
}

impl InstructionView {
	fn new<A: Display>(index: InstructionIndex, instruction: Instruction<A>) -> Self {
		let mut carried_to = None;
		let mut covered = None;
		let (status, bank_reference) = match instruction.status {
			InstructionStatus::Pending => ("pending", None),
			InstructionStatus::PaymentConfirmed(reference) => {
				("paymentConfirmed", Some(format!("{reference:?}")))
			},
			InstructionStatus::NonReceiptDisputed(reference) => {
				("nonReceiptDisputed", Some(format!("{reference:?}")))
			},
			InstructionStatus::Settled => ("settled", None),
			InstructionStatus::Defaulted { carried_to: to, covered: paid } => {
				carried_to = to;
				covered = Some(paid.to_string());
				("defaulted", None)
			},
		};
		Self {
			index,
			currency: instruction.currency.to_string(),
			payer: instruction.payer.to_string(),
			payee: instruction.payee.to_string(),
			amount: instruction.amount.to_string(),
			status: status.into(),
			bank_reference,
			carried_to,
			covered,
		}
	}
}

/// One currency of a statement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementLineView {
	/// The position.
	#[serde(flatten)]
	pub position: PositionView,
	/// The participant's instructions in this currency.
	pub instructions: Vec<InstructionView>,
}

/// A participant's statement of a cycle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementView {
	/// The cycle.
	pub cycle: CycleView,
	/// One line per currency.
	pub lines: Vec<StatementLineView>,
}

/// The audit record of a bulk batch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchView {
	/// Batch id.
	pub id: BatchId,
	/// Submitter (SS58).
	pub submitter: String,
	/// Cycle the batch was netted in.
	pub cycle: CycleId,
	/// Blake2-256 hash of the encoded records.
	pub hash: String,
	/// Number of records.
	pub records: u32,
	/// Number of distinct (payer, payee, currency) pairs.
	pub pairs: u32,
	/// Block of submission.
	pub submitted_at: u64,
}

/// One record of a bulk batch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordView {
	/// Participant index of the payer.
	pub payer: u32,
	/// Participant index of the payee.
	pub payee: u32,
	/// ISO 4217 code.
	pub currency: String,
	/// Amount in minor units (decimal string).
	pub amount: String,
	/// The billing system's record number (decimal string).
	pub reference: String,
}

impl From<&BillRecord> for RecordView {
	fn from(record: &BillRecord) -> Self {
		Self {
			payer: record.payer,
			payee: record.payee,
			currency: record.currency.to_string(),
			amount: record.amount.to_string(),
			reference: record.reference.to_string(),
		}
	}
}

impl TryFrom<&RecordView> for BillRecord {
	type Error = String;

	fn try_from(view: &RecordView) -> Result<Self, String> {
		Ok(BillRecord {
			payer: view.payer,
			payee: view.payee,
			currency: CurrencyCode::try_from(view.currency.as_str())
				.map_err(|e| format!("currency: {e}"))?,
			amount: view.amount.parse().map_err(|e| format!("amount: {e}"))?,
			reference: view.reference.parse().map_err(|e| format!("reference: {e}"))?,
		})
	}
}

/// A record of a batch with the proof that it is part of the batch whose Merkle root the chain
/// keeps (`Clearing.BatchRecordRoots`). Verify it with
/// `telecom_primitives::evidence::verify_record` against the on-chain root, recomputing the leaf
/// from `record` and taking the leaf count from the chain's batch record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordProofView {
	/// Batch id.
	pub batch: BatchId,
	/// Merkle root of the batch's records, as stored on chain (`0x` hex).
	pub root: String,
	/// Leaf of the record: Blake2-256 of its SCALE encoding (`0x` hex).
	pub leaf: String,
	/// The record.
	pub record: RecordView,
	/// Sibling hashes from the leaf up to the root (`0x` hex).
	pub proof: Vec<String>,
	/// Position of the record in the batch, from 0.
	pub index: u32,
	/// Number of records in the batch.
	pub leaf_count: u32,
	/// Block that included the batch's `submit_batch` extrinsic.
	pub block_number: u64,
	/// Hash of that block.
	pub block_hash: String,
	/// Index of the extrinsic in the block.
	pub extrinsic_index: u32,
}

/// Finds the record lists of `submit_batch` calls in one SCALE-encoded extrinsic (also inside
/// wrapping calls: proxy, utility, sudo, multisig). The node supplies it: only it knows the
/// runtime's extrinsic and call types.
pub type BatchCallFinder = Arc<dyn Fn(&[u8]) -> Vec<Vec<BillRecord>> + Send + Sync>;

/// JSON-RPC error code: the batch is unknown, or has no record root.
pub const UNKNOWN_BATCH: i32 = 2;
/// JSON-RPC error code: the node no longer has the body of the batch's block (pruned).
pub const BODY_PRUNED: i32 = 3;
/// JSON-RPC error code: no `submit_batch` in the batch's block carries its records.
pub const BATCH_NOT_FOUND: i32 = 4;
/// JSON-RPC error code: the runtime or the node cannot answer (too old a runtime API, no
/// extrinsic decoder).
pub const UNSUPPORTED: i32 = 5;

fn error(code: i32, message: impl Into<String>) -> ErrorObjectOwned {
	ErrorObject::owned(code, message.into(), None::<()>)
}

/// Builds the proof of record `index` of a batch from the extrinsics of the block that
/// included it: the first `submit_batch` whose records hash to `content_hash` (the batch's
/// `BatchInfo.hash`) is the batch; its tree must have the on-chain `root`.
pub fn prove_record(
	batch: BatchId,
	index: u32,
	content_hash: DocumentHash,
	root: DocumentHash,
	extrinsics: impl IntoIterator<Item = Vec<u8>>,
	finder: &dyn Fn(&[u8]) -> Vec<Vec<BillRecord>>,
) -> Result<(u32, RecordProofView), ErrorObjectOwned> {
	for (position, encoded) in extrinsics.into_iter().enumerate() {
		for records in finder(&encoded) {
			let hash = BlakeTwo256::hash(&records.encode());
			if hash != content_hash {
				continue;
			}
			let leaf_count = u32::try_from(records.len())
				.map_err(|_| error(BATCH_NOT_FOUND, "batch too large"))?;
			let record = records.get(index as usize).ok_or_else(|| {
				ErrorObject::owned(
					INVALID_PARAMS,
					format!(
						"batch {batch} has {leaf_count} records; index {index} is out of range"
					),
					None::<()>,
				)
			})?;
			let proof = evidence::record_proof(&records, index)
				.ok_or_else(|| error(INVALID_PARAMS, "index out of range"))?;
			if proof.root != root || !proof.verifies_against(&root) {
				return Err(error(
					BATCH_NOT_FOUND,
					format!("the records of batch {batch} do not lead to its on-chain root"),
				));
			}
			let extrinsic_index = u32::try_from(position).unwrap_or(u32::MAX);
			return Ok((
				extrinsic_index,
				RecordProofView {
					batch,
					root: format!("{root:?}"),
					leaf: format!("{:?}", proof.leaf),
					record: record.into(),
					proof: proof.proof.iter().map(|h| format!("{h:?}")).collect(),
					index,
					leaf_count,
					block_number: 0,
					block_hash: String::new(),
					extrinsic_index,
				},
			));
		}
	}
	Err(error(
		BATCH_NOT_FOUND,
		format!("no submit_batch extrinsic with the records of batch {batch} in its block"),
	))
}

/// The clearing RPC methods.
#[rpc(client, server)]
pub trait ClearingApi<BlockHash, AccountId> {
	/// `who`'s gross and net positions per currency in the open cycle.
	#[method(name = "clearing_openPositions")]
	fn open_positions(&self, who: AccountId, at: Option<BlockHash>)
		-> RpcResult<Vec<PositionView>>;

	/// A cycle (the open one if `cycle` is omitted).
	#[method(name = "clearing_cycle")]
	fn cycle(&self, cycle: Option<CycleId>, at: Option<BlockHash>) -> RpcResult<Option<CycleView>>;

	/// Every participant's position in one cycle and currency.
	#[method(name = "clearing_cyclePositions")]
	fn cycle_positions(
		&self,
		cycle: CycleId,
		currency: String,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<ParticipantPositionView>>;

	/// The settlement instructions of a cycle.
	#[method(name = "clearing_instructions")]
	fn instructions(
		&self,
		cycle: CycleId,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<InstructionView>>;

	/// `who`'s statement of a cycle.
	#[method(name = "clearing_statement")]
	fn statement(
		&self,
		cycle: CycleId,
		who: AccountId,
		at: Option<BlockHash>,
	) -> RpcResult<Option<StatementView>>;

	/// The audit record of a bulk batch.
	#[method(name = "clearing_batch")]
	fn batch(&self, batch: BatchId, at: Option<BlockHash>) -> RpcResult<Option<BatchView>>;

	/// Record `index` of batch `batch` with its Merkle inclusion proof. The chain keeps only
	/// the root: the node reads the records from the `submit_batch` extrinsic in the block the
	/// batch was submitted in, so it needs that block's body (an archive or
	/// `--blocks-pruning archive-canonical` node keeps it).
	#[method(name = "clearing_recordProof")]
	fn record_proof(
		&self,
		batch: BatchId,
		index: u32,
		at: Option<BlockHash>,
	) -> RpcResult<RecordProofView>;
}

/// Serves [`ClearingApiServer`] from the runtime API (and, for record proofs, from block
/// bodies).
pub struct Clearing<C, Block, Balance, BlockNumber> {
	client: Arc<C>,
	finder: Option<BatchCallFinder>,
	_marker: PhantomData<(Block, Balance, BlockNumber)>,
}

impl<C, Block, Balance, BlockNumber> Clearing<C, Block, Balance, BlockNumber> {
	/// Creates the RPC handler; `clearing_recordProof` needs [`Self::with_batch_finder`].
	pub fn new(client: Arc<C>) -> Self {
		Self { client, finder: None, _marker: PhantomData }
	}

	/// Lets `clearing_recordProof` find a batch's records in the extrinsics of a block.
	pub fn with_batch_finder(mut self, finder: BatchCallFinder) -> Self {
		self.finder = Some(finder);
		self
	}
}

/// JSON-RPC error code of a runtime API call that failed.
const RUNTIME_ERROR: i32 = 1;
/// JSON-RPC error code of an invalid parameter.
const INVALID_PARAMS: i32 = -32602;

fn runtime_error(error: impl std::fmt::Debug) -> ErrorObjectOwned {
	ErrorObject::owned(RUNTIME_ERROR, "runtime API call failed", Some(format!("{error:?}")))
}

impl<C, Block, AccountId, Balance, BlockNumber>
	ClearingApiServer<<Block as BlockT>::Hash, AccountId> for Clearing<C, Block, Balance, BlockNumber>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ BlockBackend<Block>
		+ Send
		+ Sync
		+ 'static,
	C::Api: ClearingRuntimeApi<Block, AccountId, Balance, BlockNumber>,
	AccountId: Codec + Display + Clone + Send + Sync + 'static,
	Balance: Codec + Send + Sync + 'static,
	BlockNumber: Codec + Into<u64> + Copy + Send + Sync + 'static,
{
	fn open_positions(
		&self,
		who: AccountId,
		at: Option<Block::Hash>,
	) -> RpcResult<Vec<PositionView>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let positions = self.client.runtime_api().open_positions(at, who).map_err(runtime_error)?;
		Ok(positions.into_iter().map(|(c, p, n)| PositionView::new(c, p, n)).collect())
	}

	fn cycle(
		&self,
		cycle: Option<CycleId>,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<CycleView>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let found = self.client.runtime_api().cycle(at, cycle).map_err(runtime_error)?;
		Ok(found.map(|(id, info)| CycleView::new(id, info)))
	}

	fn cycle_positions(
		&self,
		cycle: CycleId,
		currency: String,
		at: Option<Block::Hash>,
	) -> RpcResult<Vec<ParticipantPositionView>> {
		let currency = CurrencyCode::try_from(currency.as_str())
			.map_err(|e| ErrorObject::owned(INVALID_PARAMS, e, None::<()>))?;
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let positions = self
			.client
			.runtime_api()
			.cycle_positions(at, cycle, currency)
			.map_err(runtime_error)?;
		Ok(positions
			.into_iter()
			.map(|(who, p, n)| ParticipantPositionView {
				participant: who.to_string(),
				position: PositionView::new(currency, p, n),
			})
			.collect())
	}

	fn instructions(
		&self,
		cycle: CycleId,
		at: Option<Block::Hash>,
	) -> RpcResult<Vec<InstructionView>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let list = self.client.runtime_api().instructions(at, cycle).map_err(runtime_error)?;
		Ok(list.into_iter().map(|(i, instruction)| InstructionView::new(i, instruction)).collect())
	}

	fn statement(
		&self,
		cycle: CycleId,
		who: AccountId,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<StatementView>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let statement =
			self.client.runtime_api().statement(at, cycle, who).map_err(runtime_error)?;
		Ok(statement.map(|s| StatementView {
			cycle: CycleView::new(s.cycle, s.info),
			lines: s
				.lines
				.into_iter()
				.map(|line| StatementLineView {
					position: PositionView::new(line.currency, line.position, line.net),
					instructions: line
						.instructions
						.into_iter()
						.map(|(i, instruction)| InstructionView::new(i, instruction))
						.collect(),
				})
				.collect(),
		}))
	}

	fn batch(&self, batch: BatchId, at: Option<Block::Hash>) -> RpcResult<Option<BatchView>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let info: Option<BatchInfo<AccountId, Balance, BlockNumber>> =
			self.client.runtime_api().batch(at, batch).map_err(runtime_error)?;
		Ok(info.map(|info| BatchView {
			id: batch,
			submitter: info.submitter.to_string(),
			cycle: info.cycle,
			hash: format!("{:?}", info.hash),
			records: info.records,
			pairs: info.pairs,
			submitted_at: info.submitted_at.into(),
		}))
	}

	fn record_proof(
		&self,
		batch: BatchId,
		index: u32,
		at: Option<Block::Hash>,
	) -> RpcResult<RecordProofView> {
		let finder = self.finder.as_ref().ok_or_else(|| {
			error(UNSUPPORTED, "this node serves no record proofs (no extrinsic decoder)")
		})?;
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let api = self.client.runtime_api();
		let version = api
			.api_version::<dyn ClearingRuntimeApi<Block, AccountId, Balance, BlockNumber>>(at)
			.map_err(runtime_error)?
			.unwrap_or(0);
		if version < 2 {
			return Err(error(UNSUPPORTED, "the runtime keeps no record roots (ClearingApi < 2)"));
		}
		let info: BatchInfo<AccountId, Balance, BlockNumber> = api
			.batch(at, batch)
			.map_err(runtime_error)?
			.ok_or_else(|| error(UNKNOWN_BATCH, format!("unknown batch {batch}")))?;
		let root = api.batch_record_root(at, batch).map_err(runtime_error)?.ok_or_else(|| {
			error(UNKNOWN_BATCH, format!("batch {batch} was stored before record roots were kept"))
		})?;
		let number: u64 = info.submitted_at.into();
		let block = self
			.client
			.hash(NumberFor::<Block>::unique_saturated_from(number))
			.map_err(runtime_error)?
			.ok_or_else(|| {
				error(BODY_PRUNED, format!("block #{number} is unknown to this node"))
			})?;
		let body = self.client.block_body(block).map_err(runtime_error)?.ok_or_else(|| {
			error(
				BODY_PRUNED,
				format!(
					"the body of block #{number} (batch {batch}) is pruned on this node: ask an archive node"
				),
			)
		})?;
		let (_, mut view) = prove_record(
			batch,
			index,
			info.hash,
			root,
			body.iter().map(Encode::encode),
			finder.as_ref(),
		)?;
		view.block_number = number;
		view.block_hash = format!("{block:?}");
		Ok(view)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn positions_render_net_with_sign_and_amounts_as_strings() {
		let view = PositionView::new(
			CurrencyCode::XDR,
			Position { payable: 30, receivable: 100 },
			NetPosition::Credit(70),
		);
		assert_eq!(view.net, "70");
		let json = serde_json::to_value(&view).unwrap();
		assert_eq!(json["currency"], "XDR");
		assert_eq!(json["receivable"], "100");
		let debit = PositionView::new(
			CurrencyCode::EUR,
			Position { payable: u128::MAX, receivable: 0 },
			NetPosition::Debit(u128::MAX),
		);
		assert_eq!(debit.net, format!("-{}", u128::MAX));
	}

	#[test]
	fn instructions_name_their_status() {
		let view = InstructionView::new(
			3,
			Instruction {
				currency: CurrencyCode::XDR,
				payer: 1u64,
				payee: 2u64,
				amount: 5,
				status: InstructionStatus::PaymentConfirmed(Default::default()),
			},
		);
		assert_eq!(view.status, "paymentConfirmed");
		assert!(view.bank_reference.is_some());
		assert_eq!((view.payer.as_str(), view.payee.as_str()), ("1", "2"));
		let defaulted = InstructionView::new(
			4,
			Instruction {
				currency: CurrencyCode::XDR,
				payer: 1u64,
				payee: 2u64,
				amount: 5,
				status: InstructionStatus::Defaulted { carried_to: Some(7), covered: 2 },
			},
		);
		assert_eq!((defaulted.status.as_str(), defaulted.carried_to), ("defaulted", Some(7)));
		assert_eq!(defaulted.covered.as_deref(), Some("2"));
		assert_eq!(phase_name(CyclePhase::Acknowledging), "acknowledging");
	}

	fn records(n: u64) -> Vec<BillRecord> {
		(0..n)
			.map(|i| BillRecord {
				payer: 0,
				payee: 1 + (i % 3) as u32,
				currency: CurrencyCode::XDR,
				amount: 100 + u128::from(i),
				reference: 1_000 + i,
			})
			.collect()
	}

	/// A stand-in for the node's decoder: an "extrinsic" is a list of record lists.
	fn finder(encoded: &[u8]) -> Vec<Vec<BillRecord>> {
		codec::Decode::decode(&mut &encoded[..]).unwrap_or_default()
	}

	#[test]
	fn the_batch_is_found_among_the_blocks_extrinsics_and_its_record_proven() {
		let batch = records(5);
		let other = records(3);
		let hash = BlakeTwo256::hash(&batch.encode());
		let root = evidence::records_root(&batch);
		let body = vec![
			vec![1u8, 2, 3],
			vec![other.clone()].encode(),
			vec![other, batch.clone()].encode(),
		];
		let (position, view) = prove_record(7, 4, hash, root, body, &finder).unwrap();
		assert_eq!(position, 2);
		assert_eq!((view.batch, view.index, view.leaf_count), (7, 4, 5));
		assert_eq!(view.record, RecordView::from(&batch[4]));
		assert_eq!(BillRecord::try_from(&view.record).unwrap(), batch[4]);
		assert_eq!(view.root, format!("{root:?}"));
		let json = serde_json::to_value(&view).unwrap();
		assert_eq!(json["leafCount"], 5);
		assert_eq!(json["record"]["amount"], "104");
	}

	#[test]
	fn record_proof_errors_are_distinct() {
		let batch = records(2);
		let hash = BlakeTwo256::hash(&batch.encode());
		let root = evidence::records_root(&batch);
		let body = || vec![vec![batch.clone()].encode()];
		let code = |r: Result<(u32, RecordProofView), ErrorObjectOwned>| r.unwrap_err().code();
		assert_eq!(code(prove_record(0, 2, hash, root, body(), &finder)), INVALID_PARAMS);
		assert_eq!(
			code(prove_record(0, 0, DocumentHash::zero(), root, body(), &finder)),
			BATCH_NOT_FOUND
		);
		assert_eq!(
			code(prove_record(0, 0, hash, DocumentHash::zero(), body(), &finder)),
			BATCH_NOT_FOUND
		);
	}

	#[test]
	fn a_record_view_with_a_bad_field_is_refused() {
		let mut view = RecordView::from(&records(1)[0]);
		view.amount = "-1".into();
		assert!(BillRecord::try_from(&view).is_err());
		view.amount = "1".into();
		view.currency = "xdr".into();
		assert!(BillRecord::try_from(&view).is_err());
	}
}
