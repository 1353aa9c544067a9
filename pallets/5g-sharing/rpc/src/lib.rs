//! JSON-RPC methods of 5G sharing. Amounts are decimal strings, accounts SS58, periods
//! `{ "year": 2026, "month": 11 }`.
//!
//! | method | answers |
//! | --- | --- |
//! | `sharing_site(id, at?)` | lead, owners and shares, capex, milestone, builder, radio capacity, allocation and utilisation, and `pools` (each kind: radio, edge vCPU, edge memory, edge GPU hours, backhaul) |
//! | `sharing_leases(site, period, at?)` | leases with their SLA terms and the period's SLA record (samples, breaches, penalty) |
//! | `sharing_statement(site, period, who, at?)` | a participant's opex, revenue, penalties and lease payments of a settled period |

use codec::Codec;
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::error::{ErrorObject, ErrorObjectOwned},
};
pub use pallet_5g_sharing::Project;
use pallet_5g_sharing::{Milestone, Pool, ProjectId, ProjectStatus, ResourceKind, Technology};
pub use pallet_5g_sharing_runtime_api::SharingApi as SharingRuntimeApi;
use serde_json::{json, Value};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::{Block as BlockT, Get};
use std::{fmt::Display, marker::PhantomData, sync::Arc};
use telecom_primitives::SettlementPeriod;

/// The 5G sharing RPC methods.
#[rpc(client, server)]
pub trait SharingApi<BlockHash, AccountId> {
	/// A site (or project) with its owners, capacity and utilisation, or null.
	#[method(name = "sharing_site")]
	fn site(&self, site: ProjectId, at: Option<BlockHash>) -> RpcResult<Option<Value>>;

	/// A site's leases with their SLA record for a period.
	#[method(name = "sharing_leases")]
	fn leases(
		&self,
		site: ProjectId,
		period: SettlementPeriod,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<Value>>;

	/// A participant's statement of a settled period, or null.
	#[method(name = "sharing_statement")]
	fn statement(
		&self,
		site: ProjectId,
		period: SettlementPeriod,
		who: AccountId,
		at: Option<BlockHash>,
	) -> RpcResult<Option<Value>>;
}

/// Serves [`SharingApiServer`] from the runtime API.
pub struct Sharing<C, Block, MaxParticipants> {
	client: Arc<C>,
	_marker: PhantomData<(Block, MaxParticipants)>,
}

impl<C, Block, MaxParticipants> Sharing<C, Block, MaxParticipants> {
	/// Creates the RPC handler.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _marker: PhantomData }
	}
}

const RUNTIME_ERROR: i32 = 1;

/// Leased share of a pool, in basis points.
fn utilisation(pool: &Pool) -> u64 {
	u64::from(pool.allocated) * 10_000 / u64::from(pool.capacity.max(1))
}

/// JSON name of a capacity kind.
fn kind_name(kind: ResourceKind) -> &'static str {
	match kind {
		ResourceKind::Radio => "radio",
		ResourceKind::EdgeVcpu => "edgeVcpu",
		ResourceKind::EdgeMemory => "edgeMemory",
		ResourceKind::EdgeGpuHours => "edgeGpuHours",
		ResourceKind::Backhaul => "backhaul",
	}
}

fn runtime_error(error: impl std::fmt::Debug) -> ErrorObjectOwned {
	ErrorObject::owned(RUNTIME_ERROR, "runtime API call failed", Some(format!("{error:?}")))
}

fn stage(status: ProjectStatus) -> &'static str {
	match status {
		ProjectStatus::Proposed => "proposed",
		ProjectStatus::Reached(Milestone::Approved) => "approved",
		ProjectStatus::Reached(Milestone::Built) => "built",
		ProjectStatus::Reached(Milestone::Commissioned) => "commissioned",
	}
}

impl<C, Block, AccountId, MaxParticipants> SharingApiServer<<Block as BlockT>::Hash, AccountId>
	for Sharing<C, Block, MaxParticipants>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: SharingRuntimeApi<Block, AccountId, Project<AccountId, MaxParticipants>>,
	AccountId: Codec + Display + Send + Sync + 'static,
	MaxParticipants: Get<u32> + Send + Sync + 'static,
{
	fn site(&self, site: ProjectId, at: Option<Block::Hash>) -> RpcResult<Option<Value>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let Some((p, s)) = self.client.runtime_api().site(at, site).map_err(runtime_error)? else {
			return Ok(None);
		};
		Ok(Some(json!({
			"id": site,
			"lead": p.lead.to_string(),
			"cell": p.cell,
			"technology": match p.technology { Technology::Nr => "nr", Technology::Lte => "lte", Technology::NrLte => "nrLte" },
			"capex": p.capex.to_string(),
			"currency": p.currency.to_string(),
			"stage": stage(p.status),
			"builder": p.builder.to_string(),
			"tender": p.tender,
			"owners": p.stakes.iter().map(|s| json!({ "who": s.who.to_string(), "share": s.share })).collect::<Vec<_>>(),
			"device": s.as_ref().map(|s| s.device),
			"capacity": s.as_ref().map(|s| s.pools.radio.capacity),
			"allocated": s.as_ref().map(|s| s.pools.radio.allocated),
			"utilisationBps": s.as_ref().map(|s| utilisation(&s.pools.radio)),
			"pools": s.as_ref().map(|s| ResourceKind::ALL.iter().map(|kind| {
				let pool = s.pools.get(*kind);
				json!({
					"kind": kind_name(*kind),
					"capacity": pool.capacity,
					"allocated": pool.allocated,
					"utilisationBps": utilisation(pool),
				})
			}).collect::<Vec<_>>()),
			"energyPrice": s.as_ref().map(|s| s.energy_price.to_string()),
		})))
	}

	fn leases(
		&self,
		site: ProjectId,
		period: SettlementPeriod,
		at: Option<Block::Hash>,
	) -> RpcResult<Vec<Value>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let leases = self.client.runtime_api().leases(at, site, period).map_err(runtime_error)?;
		Ok(leases
			.into_iter()
			.map(|(id, l, r)| {
				json!({
					"id": id,
					"lessee": l.lessee.to_string(),
					"kind": kind_name(l.kind),
					"units": l.units,
					"price": l.price.to_string(),
					"first": l.first,
					"last": l.last,
					"sla": { "availability": l.sla.availability, "throughput": l.sla.throughput, "penalty": l.sla.penalty },
					"record": {
						"samples": r.samples, "breaches": r.breaches,
						"worstAvailability": r.worst_availability, "worstThroughput": r.worst_throughput,
						"penalty": r.penalty.to_string(),
					},
				})
			})
			.collect())
	}

	fn statement(
		&self,
		site: ProjectId,
		period: SettlementPeriod,
		who: AccountId,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<Value>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let line =
			self.client.runtime_api().statement(at, site, period, who).map_err(runtime_error)?;
		Ok(line.map(|l| {
			json!({
				"opex": l.opex.to_string(),
				"revenue": l.revenue.to_string(),
				"penalties": l.penalties.to_string(),
				"leasePayments": l.lease_payments.to_string(),
				"unpaid": l.unpaid.to_string(),
			})
		}))
	}
}
