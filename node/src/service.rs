//! The node's service: client, transaction pool, networking, Aura authoring, GRANDPA voting
//! and the RPC server.

use futures::FutureExt;
use sc_client_api::{Backend, BlockBackend, UsageProvider};
use sc_consensus_aura::{ImportQueueParams, SlotProportion, StartAuraParams};
use sc_consensus_grandpa::SharedVoterState;
use sc_service::{error::Error as ServiceError, Configuration, TaskManager, WarpSyncConfig};
use sc_telemetry::{Telemetry, TelemetryWorker};
use sc_transaction_pool_api::OffchainTransactionPoolFactory;
use sp_consensus_aura::sr25519::{AuthorityId as AuraId, AuthorityPair as AuraPair};
use std::{sync::Arc, time::Duration};
use telecom_runtime::{apis::RuntimeApi, opaque::Block};

/// Host functions the runtime's WebAssembly may call: the standard ones, and with the
/// `runtime-benchmarks` feature those a benchmarking runtime imports, so that such a node can
/// also run its own chain (as `benchmark storage` does).
#[cfg(not(feature = "runtime-benchmarks"))]
type HostFunctions = sp_io::SubstrateHostFunctions;
#[cfg(feature = "runtime-benchmarks")]
type HostFunctions =
	(sp_io::SubstrateHostFunctions, frame_benchmarking::benchmarking::HostFunctions);

/// The client: runs the runtime's WebAssembly with `HostFunctions`.
pub(crate) type FullClient =
	sc_service::TFullClient<Block, RuntimeApi, sc_executor::WasmExecutor<HostFunctions>>;
type FullBackend = sc_service::TFullBackend<Block>;
type FullSelectChain = sc_consensus::LongestChain<FullBackend, Block>;
type FullGrandpaBlockImport =
	sc_consensus_grandpa::GrandpaBlockImport<FullBackend, Block, FullClient, FullSelectChain>;

/// Every this many blocks GRANDPA stores a justification, so that light clients and warp sync
/// can prove finality without replaying every vote.
const GRANDPA_JUSTIFICATION_PERIOD: u32 = 512;

/// The node's transaction pool: the command line's pool flags, with a future queue as large as the
/// ready queue.
///
/// Substrate gives the future queue (transactions whose nonce is ahead of the sender's next one)
/// a tenth of the ready queue's limits and, when it is full, evicts its oldest entry for good.
/// Under sustained load that loses transactions that were accepted: a submission that arrives
/// while the fork-aware pool builds the view of a new block reaches only the previous view, so the
/// new view has a nonce gap until the next block's view takes it from the mempool. Meanwhile the
/// sender's later transactions wait as future; at 2,000 submissions a second a tenth of 32,768 is
/// full within two seconds, and the entry evicted first is the one right after the gap, which
/// strands every later transaction of that sender (`wip/pool-drop/DIAGNOSIS.md`). With the ready
/// queue's limits the future queue holds more than two slots of submissions at that rate, so the
/// gap closes with the next view before anything is evicted.
#[derive(Clone, Debug)]
pub struct PoolSetup {
	pub(crate) options: sc_transaction_pool::Options,
	pub(crate) fork_aware: bool,
	/// Nice steps of the pool's validation workers below the node's other threads
	/// (`--pool-validation-nice`, [`crate::validation_priority`]); `None`: the role's default.
	pub(crate) validation_nice: Option<u8>,
}

impl PoolSetup {
	/// The setup for the node's command line; `is_dev` as in `--dev` (no ban of invalid
	/// transactions unless `--tx-ban-seconds` sets one, as Substrate does).
	pub fn from_cli(params: &sc_cli::TransactionPoolParams, is_dev: bool) -> Self {
		let queue = sc_transaction_pool::PoolLimit {
			count: params.pool_limit,
			total_bytes: params.pool_kbytes.saturating_mul(1024),
		};
		let ban_seconds = params.tx_ban_seconds.unwrap_or(if is_dev { 0 } else { 30 * 60 });
		Self {
			options: sc_transaction_pool::Options {
				ready: queue.clone(),
				future: queue,
				reject_future_transactions: false,
				ban_time: Duration::from_secs(ban_seconds),
			},
			fork_aware: matches!(params.pool_type, sc_cli::TransactionPoolType::ForkAware),
			validation_nice: None,
		}
	}

	/// The same setup with the validation workers `nice` steps below the node (0: as Substrate
	/// runs them; `None`: the role's default, [`Self::validation_nice_for`]).
	pub fn with_validation_nice(self, nice: Option<u8>) -> Self {
		Self { validation_nice: nice, ..self }
	}

	/// The nice steps of the validation workers on a node that is (`authority`) or is not a
	/// validator: the one set, else 10 on a validator, whose blocks go first, and 0 elsewhere.
	pub fn validation_nice_for(&self, authority: bool) -> u8 {
		self.validation_nice.unwrap_or(if authority {
			crate::validation_priority::VALIDATOR_VALIDATION_NICE
		} else {
			0
		})
	}

	fn build(
		&self,
		config: &Configuration,
		task_manager: &TaskManager,
		client: Arc<FullClient>,
	) -> sc_transaction_pool::TransactionPoolHandle<Block, FullClient> {
		let validation_nice = self.validation_nice_for(config.role.is_authority());
		log::info!(
			"Transaction pool ({}): ready {:?}, future {:?}, validation at nice +{}",
			if self.fork_aware { "fork-aware" } else { "single-state" },
			self.options.ready,
			self.options.future,
			validation_nice,
		);
		let is_validator = config.role.is_authority().into();
		let spawner = task_manager.spawn_essential_handle();
		let prometheus = config.prometheus_registry();
		let options = self.options.clone();
		// As `ForkAwareTxPool::new_full` and `BasicPool::new_full` build it, with the validation
		// workers spawned below the node's priority.
		let api = Arc::new(sc_transaction_pool::FullChainApi::new(
			client.clone(),
			prometheus,
			&crate::validation_priority::ValidationSpawner::new(
				spawner.clone(),
				config.tokio_handle.clone(),
				validation_nice,
			),
		));
		let chain = client.usage_info().chain;
		sc_transaction_pool::TransactionPoolWrapper(if self.fork_aware {
			Box::new(sc_transaction_pool::ForkAwareTxPool::new_with_background_worker(
				options,
				is_validator,
				api,
				prometheus,
				spawner,
				chain.best_hash,
				chain.finalized_hash,
			))
		} else {
			Box::new(sc_transaction_pool::BasicPool::with_revalidation_type(
				options,
				is_validator,
				api,
				prometheus,
				sc_transaction_pool::RevalidationType::Full,
				spawner,
				chain.best_number,
				chain.best_hash,
				chain.finalized_hash,
			))
		})
	}
}

/// The parts of the service the subcommands need, before networking starts.
pub type Service = sc_service::PartialComponents<
	FullClient,
	FullBackend,
	FullSelectChain,
	sc_consensus::DefaultImportQueue<Block>,
	sc_transaction_pool::TransactionPoolHandle<Block, FullClient>,
	(
		FullGrandpaBlockImport,
		sc_consensus_grandpa::LinkHalf<Block, FullClient, FullSelectChain>,
		Option<Telemetry>,
	),
>;

/// Builds the client, the import queue and the transaction pool: the node's own [`PoolSetup`]
/// when given, else Substrate's from `config` (the subcommands, which submit nothing).
pub fn new_partial(
	config: &Configuration,
	pool: Option<&PoolSetup>,
) -> Result<Service, ServiceError> {
	let telemetry = config
		.telemetry_endpoints
		.clone()
		.filter(|endpoints| !endpoints.is_empty())
		.map(|endpoints| -> Result<_, sc_telemetry::Error> {
			let worker = TelemetryWorker::new(16)?;
			let telemetry = worker.handle().new_telemetry(endpoints);
			Ok((worker, telemetry))
		})
		.transpose()?;

	let executor = sc_service::new_wasm_executor::<HostFunctions>(&config.executor);
	let (client, backend, keystore_container, task_manager) =
		sc_service::new_full_parts::<Block, RuntimeApi, _>(
			config,
			telemetry.as_ref().map(|(_, telemetry)| telemetry.handle()),
			executor,
			// No block-pruning exceptions: every block body follows the pruning setting.
			Vec::new(),
		)?;
	let client = Arc::new(client);

	let telemetry = telemetry.map(|(worker, telemetry)| {
		task_manager.spawn_handle().spawn("telemetry", None, worker.run());
		telemetry
	});

	let select_chain = sc_consensus::LongestChain::new(backend.clone());

	let transaction_pool = Arc::from(match pool {
		Some(pool) => pool.build(config, &task_manager, client.clone()),
		None => sc_transaction_pool::Builder::new(
			task_manager.spawn_essential_handle(),
			client.clone(),
			config.role.is_authority().into(),
		)
		.with_options(config.transaction_pool.clone())
		.with_prometheus(config.prometheus_registry())
		.build(),
	});

	let (grandpa_block_import, grandpa_link) = sc_consensus_grandpa::block_import(
		client.clone(),
		GRANDPA_JUSTIFICATION_PERIOD,
		&client,
		select_chain.clone(),
		telemetry.as_ref().map(|x| x.handle()),
	)?;

	let cidp_client = client.clone();
	let import_queue =
		sc_consensus_aura::import_queue::<AuraPair, _, _, _, _, _>(ImportQueueParams {
			block_import: grandpa_block_import.clone(),
			justification_import: Some(Box::new(grandpa_block_import.clone())),
			client: client.clone(),
			create_inherent_data_providers: move |parent_hash, _| {
				let cidp_client = cidp_client.clone();
				async move {
					let slot_duration = sc_consensus_aura::standalone::slot_duration_at(
						&*cidp_client,
						parent_hash,
					)?;
					let timestamp = sp_timestamp::InherentDataProvider::from_system_time();
					let slot =
						sp_consensus_aura::inherents::InherentDataProvider::from_timestamp_and_slot_duration(
							*timestamp,
							slot_duration,
						);
					Ok((slot, timestamp))
				}
			},
			spawner: &task_manager.spawn_essential_handle(),
			registry: config.prometheus_registry(),
			check_for_equivocation: Default::default(),
			telemetry: telemetry.as_ref().map(|x| x.handle()),
			compatibility_mode: Default::default(),
		})?;

	Ok(sc_service::PartialComponents {
		client,
		backend,
		task_manager,
		import_queue,
		keystore_container,
		select_chain,
		transaction_pool,
		other: (grandpa_block_import, grandpa_link, telemetry),
	})
}

/// Builds and starts a full node: networking, RPC, and, on validators, Aura and GRANDPA.
pub fn new_full<
	N: sc_network::NetworkBackend<Block, <Block as sp_runtime::traits::Block>::Hash>,
>(
	config: Configuration,
	pool: PoolSetup,
	grandpa_vote_behind: u32,
) -> Result<TaskManager, ServiceError> {
	let sc_service::PartialComponents {
		client,
		backend,
		mut task_manager,
		import_queue,
		keystore_container,
		select_chain,
		transaction_pool,
		other: (block_import, grandpa_link, mut telemetry),
	} = new_partial(&config, Some(&pool))?;

	let mut net_config = sc_network::config::FullNetworkConfiguration::<
		Block,
		<Block as sp_runtime::traits::Block>::Hash,
		N,
	>::new(&config.network, config.prometheus_registry().cloned());
	let metrics = N::register_notification_metrics(config.prometheus_registry());

	let genesis_hash = client
		.block_hash(0)
		.ok()
		.flatten()
		.ok_or_else(|| ServiceError::Other("the genesis block is missing".into()))?;
	let grandpa_protocol_name =
		sc_consensus_grandpa::protocol_standard_name(&genesis_hash, &config.chain_spec);
	let (grandpa_protocol_config, grandpa_notification_service) =
		sc_consensus_grandpa::grandpa_peers_set_config::<_, N>(
			grandpa_protocol_name.clone(),
			metrics.clone(),
			net_config.peer_store_handle(),
		);
	net_config.add_notification_protocol(grandpa_protocol_config);

	let warp_sync = Arc::new(sc_consensus_grandpa::warp_proof::NetworkProvider::new(
		backend.clone(),
		grandpa_link.shared_authority_set().clone(),
		Vec::default(),
	));

	let (network, system_rpc_tx, tx_handler_controller, sync_service, _bitswap) =
		sc_service::build_network(sc_service::BuildNetworkParams {
			config: &config,
			net_config,
			client: client.clone(),
			transaction_pool: transaction_pool.clone(),
			spawn_handle: task_manager.spawn_handle(),
			spawn_essential_handle: task_manager.spawn_essential_handle(),
			import_queue,
			block_announce_validator_builder: None,
			warp_sync_config: Some(WarpSyncConfig::WithProvider(warp_sync)),
			block_relay: None,
			metrics,
			gap_sync_body_policy: None,
		})?;

	if config.offchain_worker.enabled {
		let offchain_workers =
			sc_offchain::OffchainWorkers::new(sc_offchain::OffchainWorkerOptions {
				runtime_api_provider: client.clone(),
				is_validator: config.role.is_authority(),
				keystore: Some(keystore_container.keystore()),
				offchain_db: backend.offchain_storage(),
				transaction_pool: Some(OffchainTransactionPoolFactory::new(
					transaction_pool.clone(),
				)),
				network_provider: Arc::new(network.clone()),
				enable_http_requests: true,
				custom_extensions: |_| vec![],
			})?;
		task_manager.spawn_handle().spawn(
			"offchain-workers-runner",
			"offchain-worker",
			offchain_workers.run(client.clone(), task_manager.spawn_handle()).boxed(),
		);
	}

	let role = config.role;
	let force_authoring = config.force_authoring;
	let name = config.network.node_name.clone();
	let enable_grandpa = !config.disable_grandpa;
	let prometheus_registry = config.prometheus_registry().cloned();

	let rpc_builder = {
		let client = client.clone();
		let pool = transaction_pool.clone();
		Box::new(move |_| {
			let deps = crate::rpc::FullDeps { client: client.clone(), pool: pool.clone() };
			crate::rpc::create_full(deps).map_err(Into::into)
		})
	};

	sc_service::spawn_tasks(sc_service::SpawnTasksParams {
		network: network.clone(),
		client: client.clone(),
		keystore: keystore_container.keystore(),
		task_manager: &mut task_manager,
		transaction_pool: transaction_pool.clone(),
		rpc_builder,
		backend,
		system_rpc_tx,
		tx_handler_controller,
		sync_service: sync_service.clone(),
		config,
		telemetry: telemetry.as_mut(),
		tracing_execute_block: None,
	})?;

	if role.is_authority() {
		let mut proposer_factory = sc_basic_authorship::ProposerFactory::new(
			task_manager.spawn_handle(),
			client.clone(),
			transaction_pool.clone(),
			prometheus_registry.as_ref(),
			telemetry.as_ref().map(|x| x.handle()),
		);
		// The proposer's own default (4 MiB + 512 B) differs from the runtime's limit; use the
		// runtime's normal-class length so a full block is full by the runtime's measure.
		proposer_factory.set_default_block_size_limit(proposer_block_size_limit());

		let slot_duration = sc_consensus_aura::slot_duration::<AuraId, _, _>(&*client)?;

		let aura = sc_consensus_aura::start_aura::<AuraPair, _, _, _, _, _, _, _, _, _, _>(
			StartAuraParams {
				slot_duration,
				client,
				select_chain,
				block_import,
				proposer_factory,
				create_inherent_data_providers: move |_, ()| async move {
					let timestamp = sp_timestamp::InherentDataProvider::from_system_time();
					let slot =
						sp_consensus_aura::inherents::InherentDataProvider::from_timestamp_and_slot_duration(
							*timestamp,
							slot_duration,
						);
					Ok((slot, timestamp))
				},
				force_authoring,
				backoff_authoring_blocks: Option::<()>::None,
				keystore: keystore_container.keystore(),
				sync_oracle: sync_service.clone(),
				justification_sync_link: sync_service.clone(),
				block_proposal_slot_portion: SlotProportion::new(2f32 / 3f32),
				max_block_proposal_slot_portion: None,
				telemetry: telemetry.as_ref().map(|x| x.handle()),
				compatibility_mode: Default::default(),
			},
		)?;

		// Authoring is essential: if it fails, the node stops.
		task_manager.spawn_essential_handle().spawn_blocking("aura", Some("block-authoring"), aura);
	}

	if enable_grandpa {
		// Only validators vote; other nodes follow finality without a keystore.
		let keystore = if role.is_authority() { Some(keystore_container.keystore()) } else { None };

		let grandpa_config = sc_consensus_grandpa::Config {
			gossip_duration: Duration::from_millis(333),
			justification_generation_period: GRANDPA_JUSTIFICATION_PERIOD,
			name: Some(name),
			observer_enabled: false,
			keystore,
			local_role: role,
			telemetry: telemetry.as_ref().map(|x| x.handle()),
			protocol_name: grandpa_protocol_name,
		};

		let grandpa_params = sc_consensus_grandpa::GrandpaParams {
			config: grandpa_config,
			link: grandpa_link,
			network,
			sync: Arc::new(sync_service),
			notification_service: grandpa_notification_service,
			voting_rule: grandpa_voting_rule(grandpa_vote_behind),
			prometheus_registry,
			shared_voter_state: SharedVoterState::empty(),
			telemetry: telemetry.as_ref().map(|x| x.handle()),
			offchain_tx_pool_factory: OffchainTransactionPoolFactory::new(transaction_pool),
		};

		// The voter is essential: if it fails, the node stops.
		task_manager.spawn_essential_handle().spawn_blocking(
			"grandpa-voter",
			None,
			sc_consensus_grandpa::run_grandpa_voter(grandpa_params)?,
		);
	}

	Ok(task_manager)
}

/// The default of `--grandpa-vote-behind`: a GRANDPA voter votes one block behind its best.
/// Upstream's default stays two blocks behind, for BABE's short forks; with Aura's fixed turn
/// order among a handful of known validators one block is margin enough, and a billing system
/// sees an extrinsic final about one slot after its inclusion instead of two (`scripts/bench.sh`,
/// testnet scenario).
pub const GRANDPA_VOTE_BEHIND: u32 = 1;

/// Which block a GRANDPA voter votes for: `behind` blocks behind its best and at most three
/// quarters of the way along the unfinalized chain; with `behind` 0, its best block (the three
/// quarters rule would hold a one-block unfinalized chain back by that block). Forks cost no
/// safety either way: a vote for a block counts for its ancestors, and rounds finalize what a
/// supermajority's votes have in common.
fn grandpa_voting_rule<B>(behind: u32) -> impl sc_consensus_grandpa::VotingRule<Block, B> + Clone
where
	B: sp_blockchain::HeaderBackend<Block> + 'static,
{
	let rules = sc_consensus_grandpa::VotingRulesBuilder::new();
	if behind == 0 {
		return rules.build();
	}
	rules
		.add(sc_consensus_grandpa::BeforeBestBlockBy(behind))
		.add(sc_consensus_grandpa::ThreeQuartersOfTheUnfinalizedChain)
		.build()
}

/// Bytes the block author may put in a block: the runtime's normal-class length (see
/// `telecom_runtime::configs::normal_block_length`).
fn proposer_block_size_limit() -> usize {
	telecom_runtime::configs::normal_block_length() as usize
}

#[cfg(test)]
mod tests {
	#[test]
	fn the_author_fills_blocks_to_the_runtime_normal_class_length() {
		// 90 % of 5 MiB, not the proposer's own 4 MiB + 512 B default.
		assert_eq!(super::proposer_block_size_limit(), 4_718_592);
		assert_ne!(
			super::proposer_block_size_limit(),
			sc_basic_authorship::DEFAULT_BLOCK_SIZE_LIMIT
		);
	}
}
