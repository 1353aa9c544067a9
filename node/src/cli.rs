//! Command-line interface of the node.

/// Subcommands beside running the node.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management tools (generate, inspect, insert into the keystore, ...).
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Build a chain specification (deprecated: use `export-chain-spec`).
	#[deprecated(note = "build-spec will be removed; use export-chain-spec instead")]
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Export the chain specification of a built-in or file chain.
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Build the chain spec of a production network from the founding operators' own keys (no
	/// sudo, no dev accounts, no demo data; see docs/validator.md).
	ProductionSpec(crate::production_spec::ProductionSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Database metadata of the chain.
	ChainInfo(sc_cli::ChainInfoCmd),

	/// Runtime benchmarks (pallet weights, block and extrinsic overhead, storage, machine).
	#[cfg(feature = "runtime-benchmarks")]
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),
}

/// Arguments of the node.
#[derive(Debug, clap::Parser)]
pub struct Cli {
	/// Subcommand; without one the node runs.
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	/// Options of the running node.
	#[clap(flatten)]
	pub run: sc_cli::RunCmd,

	/// Runs the transaction pool's validation workers this many nice levels below the node's
	/// other threads (Linux), so that on a busy core authoring, importing and finality come
	/// first. Default: 10 on a validator, 0 (as Substrate runs them) on other nodes, whose main
	/// work is taking transactions in.
	#[arg(long, value_name = "STEPS", value_parser = clap::value_parser!(u8).range(0..=19))]
	pub pool_validation_nice: Option<u8>,

	/// How many blocks behind its best block a validator's GRANDPA vote goes. 0 votes for the best
	/// block itself (finality then follows a block's import by one voting round instead of one
	/// slot); 1, the default, waits for the next block; upstream Substrate waits for two.
	#[arg(
		long,
		value_name = "BLOCKS",
		default_value_t = crate::service::GRANDPA_VOTE_BEHIND,
		value_parser = clap::value_parser!(u32).range(0..=2)
	)]
	pub grandpa_vote_behind: u32,
}
