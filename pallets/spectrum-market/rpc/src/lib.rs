//! JSON-RPC methods of the spectrum market.
//!
//! Frequencies are Hz, windows block numbers `[start, end)`, cells numbers, amounts decimal
//! strings, accounts SS58.
//!
//! | method | answers |
//! | --- | --- |
//! | `spectrum_freeSpectrum(low, high, cells, start, end, at?)` | `{ free, blockingGrants }` for a priority lease of that slice |
//! | `spectrum_grantsOf(account, at?)` | the account's grants (as lessee or holder), each with its `radio` |
//! | `spectrum_grant(id, at?)` | a grant's parties, slice, tier, state, billing, history and `radio` |
//!
//! A grant's `radio` is the registered device that transmits under it, as its lessee named it:
//! `{ device, eirp, antennaHeight, lastBeat }` (device id hex, dBm per 10 MHz, metres, the block
//! of its latest accepted radio-signed heartbeat or null), or null before one is named or when
//! the runtime's `SpectrumApi` is older than version 2.

use codec::Codec;
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::error::{ErrorObject, ErrorObjectOwned},
};
pub use pallet_spectrum_market::Grant;
use pallet_spectrum_market::{
	CellId, FrequencyRange, GrantId, GrantState, GrantStep, Pricing, RadioAssignment,
	SuspensionCause, Tier, Window,
};
pub use pallet_spectrum_market_runtime_api::SpectrumApi as SpectrumRuntimeApi;
use serde_json::{json, Value};
use sp_api::{ApiExt, ProvideRuntimeApi};
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

/// The JSON form of the radio a grant names.
pub fn radio_json<N: Into<u64> + Copy>(radio: &RadioAssignment<N>) -> Value {
	json!({
		"device": format!("{:?}", radio.device),
		"eirp": radio.eirp,
		"antennaHeight": radio.antenna_height,
		"lastBeat": radio.last_beat.map(Into::into),
	})
}

/// The JSON form of a grant, with the radio it names (`null` if none).
pub fn grant_json<A: Display, N: Into<u64> + Copy + Ord, S: Get<u32>>(
	id: GrantId,
	g: &Grant<A, N, S>,
	history: &[GrantStep<N>],
	radio: Option<&RadioAssignment<N>>,
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
		"radio": radio.map(radio_json),
	})
}

impl<C, Block, MaxCells> Spectrum<C, Block, MaxCells>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block>,
	MaxCells: Get<u32>,
{
	/// The version of the runtime's `SpectrumApi` at `at` (0 if it has none).
	fn api_version<AccountId: Codec, BlockNumber: Codec>(&self, at: Block::Hash) -> RpcResult<u32>
	where
		C::Api: SpectrumRuntimeApi<
			Block,
			AccountId,
			BlockNumber,
			Grant<AccountId, BlockNumber, MaxCells>,
		>,
	{
		Ok(self
			.client
			.runtime_api()
			.api_version::<dyn SpectrumRuntimeApi<
				Block,
				AccountId,
				BlockNumber,
				Grant<AccountId, BlockNumber, MaxCells>,
			>>(at)
			.map_err(runtime_error)?
			.unwrap_or(0))
	}
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
		let api = self.client.runtime_api();
		let grants = if self.api_version::<AccountId, BlockNumber>(at)? >= 2 {
			api.grants_of(at, who).map_err(runtime_error)?
		} else {
			// A runtime before version 2 answers grants without their radios.
			#[allow(deprecated)]
			let old = api.grants_of_before_version_2(at, who).map_err(runtime_error)?;
			old.into_iter().map(|(id, g)| (id, g, None)).collect()
		};
		Ok(grants.iter().map(|(id, g, radio)| grant_json(*id, g, &[], radio.as_ref())).collect())
	}

	fn grant(&self, grant: GrantId, at: Option<Block::Hash>) -> RpcResult<Option<Value>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let api = self.client.runtime_api();
		let found = if self.api_version::<AccountId, BlockNumber>(at)? >= 2 {
			api.grant(at, grant).map_err(runtime_error)?
		} else {
			#[allow(deprecated)]
			let old = api.grant_before_version_2(at, grant).map_err(runtime_error)?;
			old.map(|(g, history)| (g, history, None))
		};
		Ok(found.map(|(g, history, radio)| grant_json(grant, &g, &history, radio.as_ref())))
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_runtime::{traits::ConstU32, BoundedVec};
	use telecom_primitives::CurrencyCode;

	fn grant() -> Grant<u64, u32, ConstU32<4>> {
		Grant {
			licence: 0,
			offer: 1,
			holder: 1,
			lessee: 2,
			range: FrequencyRange { low: 3_550_000_000, high: 3_560_000_000 },
			cells: BoundedVec::truncate_from(vec![7]),
			window: Window { start: 2, end: 50 },
			tier: Tier::Priority,
			pricing: Pricing::PerMhzHour(1),
			currency: CurrencyCode::EUR,
			state: GrantState::Active,
			last_heartbeat: Some(3),
			heartbeat_due: Some(103),
			incumbents: 0,
			billed_until: 2,
			unbilled_units: 0,
			billed: 0,
			ended_at: None,
			incumbent_since: None,
			incumbent_blocks: 0,
			carry: 0,
			deposit: 10,
			bond: 0,
			preemptions: 0,
			complaints: 0,
		}
	}

	#[test]
	fn a_grant_answers_its_radio_or_null_and_keeps_every_other_field() {
		let without = grant_json(5, &grant(), &[], None);
		assert_eq!(without["radio"], Value::Null);
		let radio = RadioAssignment {
			device: telecom_primitives::DeviceId::repeat_byte(0xab),
			eirp: -3,
			antenna_height: 30,
			last_beat: Some(3),
		};
		let with = grant_json(5, &grant(), &[], Some(&radio));
		assert_eq!(
			with["radio"],
			json!({
				"device": format!("0x{}", "ab".repeat(32)),
				"eirp": -3,
				"antennaHeight": 30,
				"lastBeat": 3,
			})
		);
		assert_eq!(
			radio_json(&RadioAssignment { last_beat: None, ..radio })["lastBeat"],
			Value::Null
		);
		// Additive: the answer without a radio is the answer with one, less `radio`.
		let (mut with, mut without) = (with, without);
		with.as_object_mut().map(|o| o.remove("radio"));
		without.as_object_mut().map(|o| o.remove("radio"));
		assert_eq!(with, without);
		assert_eq!(with["state"], "active");
		assert_eq!(with["lastHeartbeat"], 3);
	}
}
