//! The node's JSON-RPC methods beyond those every Substrate node serves.
//!
//! Each pallet with queries of its own adds its RPC module in [`create_full`].

#![warn(missing_docs)]

use jsonrpsee::RpcModule;
use sc_client_api::BlockBackend;
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};
use std::sync::Arc;
use telecom_runtime::{
	configs::{SharingMaxParticipants, SpectrumMaxCells},
	opaque::Block,
	AccountId, Balance, BlockNumber, Nonce,
};

/// What the RPC methods need from the node.
pub struct FullDeps<C, P> {
	/// The client, to call runtime APIs at a block.
	pub client: Arc<C>,
	/// The transaction pool, for nonces that count pending transactions.
	pub pool: Arc<P>,
}

/// Builds the RPC module: account nonces (`system_accountNextIndex`), fees
/// (`payment_queryInfo`, `payment_queryFeeDetails`), clearing queries (`clearing_*`), tender
/// queries (`tender_*`), roaming settlement queries (`roaming_*`), device identity queries (`device_*`),
/// spectrum market queries (`spectrum_*`) and 5G sharing queries (`sharing_*`).
pub fn create_full<C, P>(
	deps: FullDeps<C, P>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ BlockBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ Send
		+ Sync
		+ 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>
		+ pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>
		+ pallet_clearing_rpc::ClearingRuntimeApi<Block, AccountId, Balance, BlockNumber>
		+ pallet_tender_rpc::TenderRuntimeApi<Block, AccountId, Balance, BlockNumber>
		+ pallet_roaming_settlement_rpc::RoamingRuntimeApi<Block, AccountId, BlockNumber>
		+ pallet_device_identity_rpc::DeviceIdentityRuntimeApi<Block, AccountId, BlockNumber>
		+ pallet_5g_sharing_rpc::SharingRuntimeApi<
			Block,
			AccountId,
			pallet_5g_sharing_rpc::Project<AccountId, SharingMaxParticipants>,
		> + pallet_spectrum_market_rpc::SpectrumRuntimeApi<
			Block,
			AccountId,
			BlockNumber,
			pallet_spectrum_market_rpc::Grant<AccountId, BlockNumber, SpectrumMaxCells>,
		> + BlockBuilder<Block>,
	P: TransactionPool + 'static,
{
	use pallet_5g_sharing_rpc::{Sharing, SharingApiServer};
	use pallet_clearing_rpc::{Clearing, ClearingApiServer};
	use pallet_device_identity_rpc::{DeviceIdentity, DeviceIdentityApiServer};
	use pallet_roaming_settlement_rpc::{Roaming, RoamingApiServer};
	use pallet_spectrum_market_rpc::{Spectrum, SpectrumApiServer};
	use pallet_tender_rpc::{Tender, TenderApiServer};
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool } = deps;

	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	module.merge(
		Clearing::<_, Block, Balance, BlockNumber>::new(client.clone())
			.with_batch_finder(Arc::new(telecom_runtime::evidence::batch_records_in))
			.into_rpc(),
	)?;
	module.merge(Tender::<_, Block, Balance, BlockNumber>::new(client.clone()).into_rpc())?;
	module.merge(Roaming::<_, Block>::new(client.clone()).into_rpc())?;
	module.merge(DeviceIdentity::<_, Block, AccountId>::new(client.clone()).into_rpc())?;
	module.merge(Spectrum::<_, Block, SpectrumMaxCells>::new(client.clone()).into_rpc())?;
	module.merge(Sharing::<_, Block, SharingMaxParticipants>::new(client).into_rpc())?;

	Ok(module)
}
