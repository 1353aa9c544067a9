//! Dispatches the command line to the node or to one of its subcommands.

use crate::{
	chain_spec,
	cli::{Cli, Subcommand},
	service,
};
use sc_cli::SubstrateCli;
use sc_service::PartialComponents;
use telecom_runtime::opaque::Block;

impl SubstrateCli for Cli {
	fn impl_name() -> String {
		"Telecom consortium chain node".into()
	}

	fn impl_version() -> String {
		env!("SUBSTRATE_CLI_IMPL_VERSION").into()
	}

	fn description() -> String {
		env!("CARGO_PKG_DESCRIPTION").into()
	}

	fn author() -> String {
		env!("CARGO_PKG_AUTHORS").into()
	}

	fn support_url() -> String {
		"the project's issue tracker".into()
	}

	fn copyright_start_year() -> i32 {
		2026
	}

	fn load_spec(&self, id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
		Ok(match id {
			"dev" => Box::new(chain_spec::development_chain_spec()?),
			"" | "local" => Box::new(chain_spec::local_chain_spec()?),
			path => {
				Box::new(chain_spec::ChainSpec::from_json_file(std::path::PathBuf::from(path))?)
			},
		})
	}
}

/// Node defaults that differ from Substrate's, as `(flag, value)`; a flag given on the command
/// line wins. The transaction pool holds more than five full blocks of transfers (a full block
/// carries 6,046; Substrate's default of 8,192 ready transactions holds one and a third), so an
/// author's pool still holds a full block when bursts arrive between its slots.
const NODE_DEFAULTS: [(&str, &str); 4] = [
	("--pool-limit", "32768"),
	("--pool-kbytes", "65536"),
	// Every node, not only validators, applies the permissioned network's peer list
	// (`pallet-operator-nodes`' offchain worker).
	("--offchain-worker", "always"),
	// When a peer's transaction buffer overflows under full load, litep2p (Substrate's default)
	// closes the whole connection, block announcements and GRANDPA votes included, while libp2p
	// closes only the transactions substream (docs/validator.md, "Full blocks across the network").
	("--network-backend", "libp2p"),
];

/// The command line with [`NODE_DEFAULTS`] added for the flags it does not give, when it runs the
/// node (a subcommand takes none of the node's flags).
fn with_node_defaults(args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
	let command = <Cli as clap::CommandFactory>::command();
	let is_subcommand = |arg: &str| {
		command
			.get_subcommands()
			.any(|sub| sub.get_name() == arg || sub.get_all_aliases().any(|alias| alias == arg))
	};
	if args.iter().skip(1).any(|arg| arg.to_str().is_some_and(is_subcommand)) {
		return args;
	}
	let given = |flag: &str| {
		args.iter().any(|arg| {
			arg.to_str().is_some_and(|a| {
				a == flag || a.strip_prefix(flag).is_some_and(|r| r.starts_with('='))
			})
		})
	};
	let mut extra = Vec::new();
	for (flag, value) in NODE_DEFAULTS {
		if !given(flag) {
			extra.push(flag.into());
			extra.push(value.into());
		}
	}
	// The defaults go right after the program name, before any subcommand.
	let mut out = Vec::with_capacity(args.len().saturating_add(extra.len()));
	let mut args = args.into_iter();
	out.extend(args.next());
	out.extend(extra);
	out.extend(args);
	out
}

/// Parses the command line with [`NODE_DEFAULTS`] added. When that fails, the error reported is
/// the one for the command line as given: an unknown word (a typo, or `benchmark` on a node built
/// without runtime benchmarks) is then named as such, rather than as a subcommand clashing with
/// flags the user never typed.
fn parse_command_line(args: Vec<std::ffi::OsString>) -> Result<Cli, clap::Error> {
	Cli::try_from_iter(with_node_defaults(args.clone()))
		.map_err(|with_defaults| Cli::try_from_iter(args).err().unwrap_or(with_defaults))
}

/// Parses the command line and runs what it asks for.
pub fn run() -> sc_cli::Result<()> {
	let cli = parse_command_line(std::env::args_os().collect()).unwrap_or_else(|e| e.exit());

	match &cli.subcommand {
		Some(Subcommand::Key(cmd)) => cmd.run(&cli),
		#[allow(deprecated)]
		Some(Subcommand::BuildSpec(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.chain_spec, config.network))
		},
		Some(Subcommand::ProductionSpec(cmd)) => cmd.run(),
		Some(Subcommand::ExportChainSpec(cmd)) => {
			let spec = cli.load_spec(&cmd.chain)?;
			cmd.run(spec)
		},
		Some(Subcommand::CheckBlock(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config, None)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		},
		Some(Subcommand::ExportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } =
					service::new_partial(&config, None)?;
				Ok((cmd.run(client, config.database), task_manager))
			})
		},
		Some(Subcommand::ExportState(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } =
					service::new_partial(&config, None)?;
				Ok((cmd.run(client, config.chain_spec), task_manager))
			})
		},
		Some(Subcommand::ImportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config, None)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		},
		Some(Subcommand::PurgeChain(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.database))
		},
		Some(Subcommand::Revert(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, backend, .. } =
					service::new_partial(&config, None)?;
				let aux_revert = Box::new(|client, _, blocks| {
					sc_consensus_grandpa::revert(client, blocks)?;
					Ok(())
				});
				Ok((cmd.run(client, backend, Some(aux_revert)), task_manager))
			})
		},
		Some(Subcommand::ChainInfo(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run::<Block>(&config))
		},
		#[cfg(feature = "runtime-benchmarks")]
		Some(Subcommand::Benchmark(cmd)) => run_benchmark(&cli, cmd),
		None => {
			let runner = cli.create_runner(&cli.run)?;
			let pool =
				service::PoolSetup::from_cli(&cli.run.pool_config, cli.run.shared_params.is_dev())
					.with_validation_nice(cli.pool_validation_nice);
			let vote_behind = cli.grandpa_vote_behind;
			runner.run_node_until_exit(|config| async move {
				match config.network.network_backend {
					sc_network::config::NetworkBackendType::Libp2p => {
						service::new_full::<
							sc_network::NetworkWorker<
								Block,
								<Block as sp_runtime::traits::Block>::Hash,
							>,
						>(config, pool, vote_behind)
						.map_err(sc_cli::Error::Service)
					},
					sc_network::config::NetworkBackendType::Litep2p => service::new_full::<
						sc_network::Litep2pNetworkBackend,
					>(
						config, pool, vote_behind
					)
					.map_err(sc_cli::Error::Service),
				}
			})
		},
	}
}

#[cfg(feature = "runtime-benchmarks")]
fn run_benchmark(cli: &Cli, cmd: &frame_benchmarking_cli::BenchmarkCmd) -> sc_cli::Result<()> {
	use frame_benchmarking_cli::{BenchmarkCmd, SUBSTRATE_REFERENCE_HARDWARE};
	use sp_runtime::traits::HashingFor;

	let runner = cli.create_runner(cmd)?;
	runner.sync_run(|config| match cmd {
		BenchmarkCmd::Pallet(cmd) => {
			cmd.run_with_spec::<HashingFor<Block>, ()>(Some(config.chain_spec))
		},
		BenchmarkCmd::Overhead(cmd) => {
			cmd.run_with_default_builder_and_spec::<Block, ()>(Some(config.chain_spec))
		},
		BenchmarkCmd::Storage(cmd) => {
			let PartialComponents { client, backend, .. } = service::new_partial(&config, None)?;
			let db = backend.expose_db();
			let storage = backend.expose_storage();
			let shared_cache = backend.expose_shared_trie_cache();
			cmd.run(config, client, db, storage, shared_cache)
		},
		BenchmarkCmd::Machine(cmd) => cmd.run(&config, SUBSTRATE_REFERENCE_HARDWARE.clone()),
		// Re-executes blocks of an archive database and sets their execution time against the
		// weight they declared: the check that weights do not under-state the real work.
		BenchmarkCmd::Block(cmd) => {
			let PartialComponents { client, .. } = service::new_partial(&config, None)?;
			cmd.run(client)
		},
		BenchmarkCmd::Extrinsic(_) => {
			Err("this benchmark is not wired into the node; use `pallet`, `overhead` or `block`"
				.into())
		},
	})
}

#[cfg(test)]
mod tests {
	use super::*;

	fn parse(list: &[&str]) -> Cli {
		Cli::from_iter(with_node_defaults(args(list)))
	}

	fn args(list: &[&str]) -> Vec<std::ffi::OsString> {
		list.iter().map(Into::into).collect()
	}

	/// Whether clap refuses `list` as typed (no node defaults added).
	fn refused(list: &[&str]) -> bool {
		<Cli as clap::Parser>::try_parse_from(args(list)).is_err()
	}

	#[test]
	fn node_defaults_apply_unless_told_otherwise() {
		let cli = parse(&["telecom-node", "--dev"]);
		assert_eq!(cli.run.pool_config.pool_limit, 32768);
		assert_eq!(cli.run.pool_config.pool_kbytes, 65536);
		assert!(matches!(
			cli.run.offchain_worker_params.enabled,
			sc_cli::OffchainWorkerEnabled::Always
		));
		assert!(matches!(
			cli.run.network_params.network_backend,
			sc_cli::NetworkBackendType::Libp2p
		));
		// At least two blocks' worth of bytes at the runtime's normal-class length.
		let full_block = telecom_runtime::configs::normal_block_length() as usize;
		assert!(cli.run.pool_config.pool_kbytes * 1024 >= 2 * full_block);
		let cli = parse(&["telecom-node", "--dev", "--pool-limit", "100", "--pool-kbytes=50"]);
		assert_eq!(cli.run.pool_config.pool_limit, 100);
		assert_eq!(cli.run.pool_config.pool_kbytes, 50);
		for flag in [["--network-backend", "litep2p"], ["--network-backend=litep2p", ""]] {
			let mut args = vec!["telecom-node", "--dev"];
			args.extend(flag.iter().filter(|a| !a.is_empty()));
			let cli = parse(&args);
			assert!(matches!(
				cli.run.network_params.network_backend,
				sc_cli::NetworkBackendType::Litep2p
			));
		}
	}

	#[test]
	fn the_future_queue_gets_the_ready_queues_limits() {
		let setup = |args: &[&str]| {
			let cli = parse(args);
			service::PoolSetup::from_cli(&cli.run.pool_config, cli.run.shared_params.is_dev())
		};
		let pool = setup(&["telecom-node", "--dev"]);
		assert!(pool.fork_aware);
		assert_eq!(pool.options.ready.count, 32768);
		assert_eq!(pool.options.ready.total_bytes, 65536 * 1024);
		// Substrate's own setup would give the future queue 3,276 transactions.
		assert_eq!(pool.options.future.count, pool.options.ready.count);
		assert_eq!(pool.options.future.total_bytes, pool.options.ready.total_bytes);
		assert!(!pool.options.reject_future_transactions);
		assert_eq!(pool.options.ban_time.as_secs(), 0);

		let pool = setup(&["telecom-node", "--chain", "local", "--pool-type", "single-state"]);
		assert!(!pool.fork_aware);
		assert_eq!(pool.options.ban_time.as_secs(), 1800);
		let pool = setup(&["telecom-node", "--pool-limit", "100", "--tx-ban-seconds", "7"]);
		assert_eq!((pool.options.ready.count, pool.options.future.count), (100, 100));
		assert_eq!(pool.options.ban_time.as_secs(), 7);
	}

	#[test]
	fn a_validators_pool_validates_below_the_node_unless_told_otherwise() {
		let setup = |args: &[&str]| {
			let cli = parse(args);
			service::PoolSetup::from_cli(&cli.run.pool_config, false)
				.with_validation_nice(cli.pool_validation_nice)
		};
		let default = setup(&["telecom-node"]);
		assert_eq!(
			(default.validation_nice_for(true), default.validation_nice_for(false)),
			(10, 0)
		);
		let off = setup(&["telecom-node", "--pool-validation-nice", "0"]);
		assert_eq!((off.validation_nice_for(true), off.validation_nice_for(false)), (0, 0));
		let most = setup(&["telecom-node", "--pool-validation-nice", "19"]);
		assert_eq!((most.validation_nice_for(true), most.validation_nice_for(false)), (19, 19));
		assert!(refused(&["telecom-node", "--pool-validation-nice", "20"]));
	}

	#[test]
	fn subcommands_get_no_node_defaults_and_still_parse() {
		let key = args(&["telecom-node", "key", "generate"]);
		assert_eq!(with_node_defaults(key.clone()), key);
		let cli = parse(&["telecom-node", "key", "generate"]);
		assert!(matches!(cli.subcommand, Some(Subcommand::Key(_))));
		let spec = args(&["telecom-node", "production-spec", "--founders", "f.json"]);
		assert_eq!(with_node_defaults(spec.clone()), spec);
	}

	#[test]
	fn grandpa_votes_one_block_behind_unless_told_otherwise() {
		assert_eq!(parse(&["telecom-node"]).grandpa_vote_behind, 1);
		assert_eq!(parse(&["telecom-node", "--grandpa-vote-behind", "0"]).grandpa_vote_behind, 0);
		assert_eq!(parse(&["telecom-node", "--grandpa-vote-behind=2"]).grandpa_vote_behind, 2);
		assert!(refused(&["telecom-node", "--grandpa-vote-behind", "3"]));
	}

	#[test]
	fn an_unknown_word_is_reported_as_typed() {
		let error = |list: &[&str]| match parse_command_line(args(list)) {
			Ok(_) => panic!("{list:?} parsed"),
			Err(e) => (e.kind(), e.to_string()),
		};
		let (kind, message) = error(&["telecom-node", "purge-chian", "--dev"]);
		assert_eq!(kind, clap::error::ErrorKind::InvalidSubcommand, "{message}");
		assert!(
			message.contains("'purge-chian'") && !message.contains("--pool-limit"),
			"{message}"
		);
		#[cfg(not(feature = "runtime-benchmarks"))]
		{
			let (_, message) = error(&["telecom-node", "benchmark", "block"]);
			assert!(
				message.contains("'benchmark'") && !message.contains("--pool-limit"),
				"{message}"
			);
		}
		// A bad value of a flag the user gave is still reported against that flag.
		let (kind, _) = error(&["telecom-node", "--pool-limit", "many"]);
		assert_eq!(kind, clap::error::ErrorKind::ValueValidation);
		assert!(parse_command_line(args(&["telecom-node", "--dev"])).is_ok());
	}
}
