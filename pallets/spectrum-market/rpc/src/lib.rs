//! JSON-RPC methods of the spectrum market.
//!
//! Frequencies are Hz, windows block numbers `[start, end)`, cells numbers, amounts decimal
//! strings, accounts SS58.
//!
//! | method | answers |
//! | --- | --- |
//! | `spectrum_freeSpectrum(low, high, cells, start, end, at?)` | `{ free, blockingGrants }` for a priority lease of that slice |
//! | `spectrum_grantsOf(account, at?)` | the account's grants (as lessee or holder) |
//! | `spectrum_grant(id, at?)` | a grant's parties, slice, tier, state, billing and history |

use codec::Codec;
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::error::{ErrorObject, ErrorObjectOwned},
};
pub use pallet_spectrum_market::Grant;
use pallet_spectrum_market::{
	CellId, FrequencyRange, GrantId, GrantState, GrantStep, Pricing, SuspensionCause, Tier, Window,
};
pub use pallet_spectrum_market_runtime_api::SpectrumApi as SpectrumRuntimeApi;
use serde_json::{json, Value};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::{Block as BlockT, Get};
use std::{fmt::Display, marker::PhantomData, sync::Arc};

/// The spectrum RPC methods.
#[rpc(client, server)]
pub trait SpectrumApi<BlockHash, AccountId, BlockNumber> {
	/// Whether a priority lease of the slice would be free, and which grants block it.
	#[method(name = "spectrum_freeSpectrum")]
	fn free_spectrum(
		&self,
		low: u64,
		high: u64,
		cells: Vec<CellId>,
		start: BlockNumber,
		end: BlockNumber,
		at: Option<BlockHash>,
	) -> RpcResult<Value>;

	/// The grants of an account, as lessee or holder.
	#[method(name = "spectrum_grantsOf")]
	fn grants_of(&self, who: AccountId, at: Option<BlockHash>) -> RpcResult<Vec<Value>>;

	/// A grant with its history, or null.
	#[method(name = "spectrum_grant")]
	fn grant(&self, grant: GrantId, at: Option<BlockHash>) -> RpcResult<Option<Value>>;
}

/// Serves [`SpectrumApiServer`] from the runtime API.
pub struct Spectrum<C, Block, MaxCells> {
	client: Arc<C>,
	_marker: PhantomData<(Block, MaxCells)>,
}

impl<C, Block, MaxCells> Spectrum<C, Block, MaxCells> {
	/// Creates the RPC handler.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _marker: PhantomData }
	}
}

const RUNTIME_ERROR: i32 = 1;

fn runtime_error(error: impl std::fmt::Debug) -> ErrorObjectOwned {
	ErrorObject::owned(RUNTIME_ERROR, "runtime API call failed", Some(format!("{error:?}")))
}

fn state_name(state: GrantState) -> &'static str {
	match state {
		GrantState::Granted => "granted",
		GrantState::Active => "active",
		GrantState::Suspended(SuspensionCause::MissedHeartbeat) => "suspendedMissedHeartbeat",
		GrantState::Suspended(SuspensionCause::Incumbent) => "suspendedIncumbent",
		GrantState::Suspended(SuspensionCause::Priority) => "suspendedPriority",
		GrantState::Terminated => "terminated",
		GrantState::Expired => "expired",
		GrantState::Relinquished => "relinquished",
	}
}

/// The JSON form of a grant.
pub fn grant_json<A: Display, N: Into<u64> + Copy + Ord, S: Get<u32>>(
	id: GrantId,
	g: &Grant<A, N, S>,
	history: &[GrantStep<N>],
) -> Value {
	let (pricing, price) = match g.pricing {
		Pricing::PerMhzHour(p) => ("perMhzHour", p),
		Pricing::Fixed(p) => ("fixed", p),
		Pricing::PerReportedUnit(p) => ("perReportedUnit", p),
	};
	json!({
		"id": id,
		"licence": g.licence,
		"offer": g.offer,
		"holder": g.holder.to_string(),
		"lessee": g.lessee.to_string(),
		"low": g.range.low,
		"high": g.range.high,
		"cells": g.cells.to_vec(),
		"start": g.window.start.into(),
		"end": g.window.end.into(),
		"tier": match g.tier { Tier::Incumbent => "incumbent", Tier::Priority => "priority", Tier::General => "general" },
		"state": state_name(g.state),
		"lastHeartbeat": g.last_heartbeat.map(Into::into),
		"pricing": pricing,
		"price": price.to_string(),
		"currency": g.currency.to_string(),
		"billed": g.billed.to_string(),
		"billedUntil": g.billed_until.into(),
		"history": history.iter().map(|s| json!({ "at": s.at.into(), "state": state_name(s.state) })).collect::<Vec<_>>(),
	})
}

impl<C, Block, AccountId, BlockNumber, MaxCells>
	SpectrumApiServer<<Block as BlockT>::Hash, AccountId, BlockNumber> for Spectrum<C, Block, MaxCells>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api:
		SpectrumRuntimeApi<Block, AccountId, BlockNumber, Grant<AccountId, BlockNumber, MaxCells>>,
	AccountId: Codec + Display + Send + Sync + 'static,
	BlockNumber:
		Codec + Into<u64> + Copy + Ord + serde::de::DeserializeOwned + Send + Sync + 'static,
	MaxCells: Get<u32> + Send + Sync + 'static,
{
	fn free_spectrum(
		&self,
		low: u64,
		high: u64,
		cells: Vec<CellId>,
		start: BlockNumber,
		end: BlockNumber,
		at: Option<Block::Hash>,
	) -> RpcResult<Value> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let blocking = self
			.client
			.runtime_api()
			.conflicts(at, FrequencyRange { low, high }, cells, Window { start, end })
			.map_err(runtime_error)?;
		Ok(json!({ "free": blocking.is_empty(), "blockingGrants": blocking }))
	}

	fn grants_of(&self, who: AccountId, at: Option<Block::Hash>) -> RpcResult<Vec<Value>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let grants = self.client.runtime_api().grants_of(at, who).map_err(runtime_error)?;
		Ok(grants.iter().map(|(id, g)| grant_json(*id, g, &[])).collect())
	}

	fn grant(&self, grant: GrantId, at: Option<Block::Hash>) -> RpcResult<Option<Value>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let found = self.client.runtime_api().grant(at, grant).map_err(runtime_error)?;
		Ok(found.map(|(g, history)| grant_json(grant, &g, &history)))
	}
}
