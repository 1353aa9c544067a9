//! `telecom-load`: load generator of the telecom consortium chain.
//!
//! ```text
//! telecom-load --scenario transfers --senders 1000 --per-sender 12
//! telecom-load --scenario clearing --batches 72 --records 20000
//! telecom-load --scenario mix --units 2000
//! ```
//!
//! Runs against a dev chain (the demo accounts fund senders and submit business calls), over
//! loopback. Set-up (funding, signing) happens before the timed window. Prints one JSON line.

#![allow(clippy::arithmetic_side_effects)]

use clap::{Parser, ValueEnum};
use std::{process::ExitCode, time::Duration};
use telecom_cli::{
	chain::ChainInfo,
	load::{self, RunOptions},
	rpc::{Client, TlsFiles},
};

#[derive(Clone, Copy, ValueEnum)]
enum Scenario {
	/// `balances.transfer_keep_alive` between funded senders.
	Transfers,
	/// `clearing.submit_batch` bulk bill batches from the dev participants.
	Clearing,
	/// Device-signed energy reports, roaming usage batches and clearing bills.
	Mix,
}

#[derive(Parser)]
#[command(name = "telecom-load", version, about = "Load generator of the telecom consortium chain")]
struct Args {
	/// The node's RPC endpoint: `http://` or `https://` (requests), `ws://` or `wss://`
	/// (subscriptions for the heads); in a build with the `bench-legacy-client` feature,
	/// `legacy+http://` selects the hand-written client of before #28 (benchmark comparator).
	#[arg(long, default_value = "http://127.0.0.1:9944")]
	url: String,
	/// PEM CA certificate(s) to trust for a TLS URL instead of the system's roots.
	#[arg(long, value_name = "PEM")]
	ca_cert: Option<std::path::PathBuf>,
	/// PEM client certificate chain, for a TLS front that requires one (with --client-key).
	#[arg(long, value_name = "PEM", requires = "client_key")]
	client_cert: Option<std::path::PathBuf>,
	/// PEM private key of --client-cert.
	#[arg(long, value_name = "PEM", requires = "client_cert")]
	client_key: Option<std::path::PathBuf>,
	/// What to submit.
	#[arg(long, value_enum)]
	scenario: Scenario,
	/// Transfers: number of senders.
	#[arg(long, default_value_t = 1000)]
	senders: usize,
	/// Transfers: transfers per sender.
	#[arg(long, default_value_t = 10)]
	per_sender: usize,
	/// Clearing: number of batches.
	#[arg(long, default_value_t = 24)]
	batches: usize,
	/// Clearing: records per batch.
	#[arg(long, default_value_t = 20_000)]
	records: u32,
	/// Mix: units of (3 energy reports, 1 usage batch, 1 bill).
	#[arg(long, default_value_t = 2000)]
	units: usize,
	/// Most of our extrinsics in the pool, submitted and not yet finalized; keep it below the
	/// node's `--pool-limit` (8,192 by default; `scripts/bench.sh` runs the node with 32,768).
	#[arg(long, default_value_t = 7000)]
	max_pending: u64,
	/// Extrinsics per second to aim for (0: as fast as the pool allows).
	#[arg(long, default_value_t = 0)]
	rate: u64,
	/// Extrinsics per JSON-RPC batch request.
	#[arg(long, default_value_t = 250)]
	request_batch: usize,
	/// Parallel submitting connections.
	#[arg(long, default_value_t = 2)]
	connections: usize,
	/// Custom RPC queries per second sent while the load runs (read-only queries a billing system
	/// polls), answer times reported as `rpc_p50_us`/`rpc_p99_us`; 0 for none.
	#[arg(long, default_value_t = 0)]
	rpc_rate: u64,
	/// Most of our extrinsics waiting in the pool (submitted, not yet in a best block); 0 for no
	/// limit beyond --max-pending. Back-pressure at about a block keeps the node validating
	/// submissions at the rate blocks take them.
	#[arg(long, default_value_t = 0)]
	max_ready: u64,
	/// Start submitting just after a new best block, so that the pool fills for most of a slot
	/// before the first block that can carry the load is built.
	#[arg(long)]
	start_after_block: bool,
	/// Write the submission pattern (submitted, included, finalized over time) to this file as
	/// JSON lines.
	#[arg(long, value_name = "FILE")]
	trace: Option<std::path::PathBuf>,
	/// Longest the timed window may last, in seconds.
	#[arg(long, default_value_t = 300)]
	timeout: u64,
	/// Label for the JSON line (default: the scenario's name).
	#[arg(long)]
	label: Option<String>,
}

fn main() -> ExitCode {
	let args = Args::parse();
	match run(&args) {
		Ok(line) => {
			println!("{line}");
			ExitCode::SUCCESS
		},
		Err(e) => {
			eprintln!("error: {e}");
			ExitCode::FAILURE
		},
	}
}

fn run(args: &Args) -> Result<String, String> {
	let tls = TlsFiles {
		ca_cert: args.ca_cert.clone(),
		client_cert: args.client_cert.clone(),
		client_key: args.client_key.clone(),
	};
	let mut client = Client::with_tls(&args.url, &tls).map_err(|e| e.to_string())?;
	let info = ChainInfo::fetch(&mut client).map_err(|e| e.to_string())?;
	let alice = load::dev_pair("//Alice")?;
	let started = std::time::Instant::now();
	let (name, jobs) = match args.scenario {
		Scenario::Transfers => (
			"transfers",
			load::transfers(&mut client, &info, &alice, args.senders, args.per_sender)?,
		),
		Scenario::Clearing => {
			let submitters = ["//Alice", "//Bob", "//Charlie"]
				.iter()
				.map(|s| load::dev_pair(s))
				.collect::<Result<Vec<_>, _>>()?;
			(
				"clearing",
				load::clearing(&mut client, &info, &submitters, args.batches, args.records)?,
			)
		},
		Scenario::Mix => ("mix", load::mix(&mut client, &info, &alice, args.units)?),
	};
	eprintln!(
		"{name}: {} extrinsics funded and signed in {:.1} s; submitting",
		jobs.len(),
		started.elapsed().as_secs_f64()
	);
	let options = RunOptions {
		url: args.url.clone(),
		tls,
		max_pending: args.max_pending,
		rate: args.rate,
		request_batch: args.request_batch,
		connections: args.connections,
		timeout: Duration::from_secs(args.timeout),
		rpc_rate: args.rpc_rate,
		rpc_queries: load::billing_queries(&telecom_cli::chain::account_of(&alice)),
		max_ready: args.max_ready,
		start_after_block: args.start_after_block,
		trace: args.trace.clone(),
	};
	let report = load::run(args.label.as_deref().unwrap_or(name), jobs, &options)?;
	serde_json::to_string(&report).map_err(|e| e.to_string())
}
