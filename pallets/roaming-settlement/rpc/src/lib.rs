//! JSON-RPC methods of the roaming settlement pallet.
//!
//! Billing systems read agreements, batch states, sequence gaps, running balances and
//! statements without decoding storage. Amounts are decimal strings, hashes `0x…` hex, accounts
//! SS58, TADIG and currency codes plain text, periods `{ "year": 2026, "month": 11 }`.
//!
//! | method | answers |
//! | --- | --- |
//! | `roaming_agreement(id, at?)` | parties, networks, status, version, terms, pending amendment |
//! | `roaming_agreementBetween(tadig, tadig, at?)` | the current agreement id of two networks |
//! | `roaming_batches(id, period?, at?)` | stored batches: claim, re-rating, value, state, deadline |
//! | `roaming_sequenceGaps(sender, recipient, at?)` | next expected file number and missing ranges |
//! | `roaming_balance(id, period, at?)` | both directions' running totals and the net so far |
//! | `roaming_statement(id, period, at?)` | the settlement statement of a closed period |

use codec::Codec;
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::error::{ErrorObject, ErrorObjectOwned},
};
use pallet_roaming_settlement::{
	Agreement, AgreementId, BatchInfo, RunningBalance, SequenceControl, Statement,
};
pub use pallet_roaming_settlement_runtime_api::RoamingApi as RoamingRuntimeApi;
use serde::{de::DeserializeOwned, Serialize};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;
use std::{marker::PhantomData, sync::Arc};
use telecom_primitives::{SettlementPeriod, TadigCode};

/// The roaming RPC methods.
#[rpc(client, server)]
pub trait RoamingApi<BlockHash, AccountId, BlockNumber>
where
	AccountId: Serialize + DeserializeOwned,
	BlockNumber: Serialize + DeserializeOwned,
{
	/// An agreement, or null.
	#[method(name = "roaming_agreement")]
	fn agreement(
		&self,
		agreement: AgreementId,
		at: Option<BlockHash>,
	) -> RpcResult<Option<Agreement<AccountId, BlockNumber>>>;

	/// The current agreement between two networks, or null.
	#[method(name = "roaming_agreementBetween")]
	fn agreement_between(
		&self,
		one: TadigCode,
		other: TadigCode,
		at: Option<BlockHash>,
	) -> RpcResult<Option<AgreementId>>;

	/// An agreement's stored batches, of one period or all.
	#[method(name = "roaming_batches")]
	fn batches(
		&self,
		agreement: AgreementId,
		period: Option<SettlementPeriod>,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<BatchInfo<BlockNumber>>>;

	/// File sequence control from `sender` to `recipient`.
	#[method(name = "roaming_sequenceGaps")]
	fn sequence_gaps(
		&self,
		sender: TadigCode,
		recipient: TadigCode,
		at: Option<BlockHash>,
	) -> RpcResult<SequenceControl>;

	/// The running balance of a period.
	#[method(name = "roaming_balance")]
	fn balance(
		&self,
		agreement: AgreementId,
		period: SettlementPeriod,
		at: Option<BlockHash>,
	) -> RpcResult<RunningBalance<BlockNumber>>;

	/// The statement of a closed period, or null.
	#[method(name = "roaming_statement")]
	fn statement(
		&self,
		agreement: AgreementId,
		period: SettlementPeriod,
		at: Option<BlockHash>,
	) -> RpcResult<Option<Statement<AccountId, BlockNumber>>>;
}

/// Serves [`RoamingApiServer`] from the runtime API.
pub struct Roaming<C, Block> {
	client: Arc<C>,
	_marker: PhantomData<Block>,
}

impl<C, Block> Roaming<C, Block> {
	/// Creates the RPC handler.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _marker: PhantomData }
	}
}

/// JSON-RPC error code of a runtime API call that failed.
const RUNTIME_ERROR: i32 = 1;

fn runtime_error(error: impl std::fmt::Debug) -> ErrorObjectOwned {
	ErrorObject::owned(RUNTIME_ERROR, "runtime API call failed", Some(format!("{error:?}")))
}

impl<C, Block, AccountId, BlockNumber>
	RoamingApiServer<<Block as BlockT>::Hash, AccountId, BlockNumber> for Roaming<C, Block>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: RoamingRuntimeApi<Block, AccountId, BlockNumber>,
	AccountId: Codec + Serialize + DeserializeOwned + Send + Sync + 'static,
	BlockNumber: Codec + Serialize + DeserializeOwned + Send + Sync + 'static,
{
	fn agreement(
		&self,
		agreement: AgreementId,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<Agreement<AccountId, BlockNumber>>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client.runtime_api().agreement(at, agreement).map_err(runtime_error)
	}

	fn agreement_between(
		&self,
		one: TadigCode,
		other: TadigCode,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<AgreementId>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client.runtime_api().agreement_between(at, one, other).map_err(runtime_error)
	}

	fn batches(
		&self,
		agreement: AgreementId,
		period: Option<SettlementPeriod>,
		at: Option<Block::Hash>,
	) -> RpcResult<Vec<BatchInfo<BlockNumber>>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client.runtime_api().batches(at, agreement, period).map_err(runtime_error)
	}

	fn sequence_gaps(
		&self,
		sender: TadigCode,
		recipient: TadigCode,
		at: Option<Block::Hash>,
	) -> RpcResult<SequenceControl> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client.runtime_api().sequence_control(at, sender, recipient).map_err(runtime_error)
	}

	fn balance(
		&self,
		agreement: AgreementId,
		period: SettlementPeriod,
		at: Option<Block::Hash>,
	) -> RpcResult<RunningBalance<BlockNumber>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client.runtime_api().running_balance(at, agreement, period).map_err(runtime_error)
	}

	fn statement(
		&self,
		agreement: AgreementId,
		period: SettlementPeriod,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<Statement<AccountId, BlockNumber>>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client.runtime_api().statement(at, agreement, period).map_err(runtime_error)
	}
}

#[cfg(test)]
mod tests {
	use pallet_roaming_settlement::{DirectionStatement, Side};
	use telecom_primitives::{CurrencyCode, DocumentHash};

	use super::*;

	#[test]
	fn statements_render_amounts_as_strings_and_codes_as_text() {
		let statement = Statement {
			network_a: DirectionStatement { accepted: u128::MAX, ..Default::default() },
			network_b: DirectionStatement::default(),
			currency: CurrencyCode::XDR,
			payer: Some(1u64),
			payee: Some(2u64),
			net: 2_250,
			obligation: Some(7),
			reference: DocumentHash::repeat_byte(1),
			closed_at: 12u32,
			signed_by_a: true,
			signed_by_b: false,
			invoice: None,
		};
		let json = serde_json::to_value(&statement).unwrap();
		assert_eq!(json["networkA"]["accepted"], u128::MAX.to_string());
		assert_eq!(json["net"], "2250");
		assert_eq!(json["currency"], "XDR");
		assert_eq!(json["signedByA"], true);
		assert_eq!(json["reference"], format!("0x{}", "01".repeat(32)));
		let control = SequenceControl { expected: 6, gaps: vec![(2, 4)].try_into().unwrap() };
		let json = serde_json::to_value(&control).unwrap();
		assert_eq!(json, serde_json::json!({ "expected": 6, "gaps": [[2, 4]] }));
		assert_eq!(serde_json::to_value(Side::B).unwrap(), "b");
	}
}
