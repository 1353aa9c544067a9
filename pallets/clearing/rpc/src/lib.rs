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
//! | `clearing_statement(cycle, who, at?)` | `who`'s statement of a cycle |
//! | `clearing_batch(batch, at?)` | the audit record of a bulk batch |

use codec::Codec;
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::error::{ErrorObject, ErrorObjectOwned},
};
use pallet_clearing::{
	BatchId, BatchInfo, Cycle, CycleId, CyclePhase, Instruction, InstructionIndex,
	InstructionStatus, NetPosition, Position,
};
pub use pallet_clearing_runtime_api::ClearingApi as ClearingRuntimeApi;
use serde::{Deserialize, Serialize};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;
use std::{fmt::Display, marker::PhantomData, sync::Arc};
use telecom_primitives::CurrencyCode;

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
}

/// Serves [`ClearingApiServer`] from the runtime API.
pub struct Clearing<C, Block, Balance, BlockNumber> {
	client: Arc<C>,
	_marker: PhantomData<(Block, Balance, BlockNumber)>,
}

impl<C, Block, Balance, BlockNumber> Clearing<C, Block, Balance, BlockNumber> {
	/// Creates the RPC handler.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _marker: PhantomData }
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
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
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
}
