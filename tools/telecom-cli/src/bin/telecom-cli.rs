//! `telecom-cli`: what an operator's billing system calls to work with the consortium chain.
//!
//! Keys come from `--key-file` or `$TELECOM_SURI`, never from the command line. Every command
//! prints a human summary, or one JSON document with `--json`; errors go to stderr with a
//! non-zero exit code.

#![allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]

use clap::{Parser, Subcommand};
use frame_support::traits::Get;
use serde_json::{json, Value};
use sp_core::crypto::Ss58Codec;
use std::{
	io::{IsTerminal, Write},
	path::PathBuf,
	process::ExitCode,
	time::Duration,
};
use telecom_cli::{
	bills::{self, Party},
	chain::{self, ChainInfo},
	evidence, keys,
	rpc::{Client, TlsFiles},
	submit,
};
use telecom_runtime::{Runtime, RuntimeCall};

#[derive(Parser)]
#[command(
	name = "telecom-cli",
	version,
	about = "Billing-system client of the telecom consortium chain"
)]
struct Cli {
	/// The node's RPC endpoint: `ws://` or `wss://` (finality followed by subscription), or
	/// `http://` or `https://` (by polling) [default: $TELECOM_RPC, else ws://127.0.0.1:9944].
	#[arg(long, global = true)]
	url: Option<String>,
	/// PEM file of the CA certificate(s) to trust for `wss://`/`https://` instead of the
	/// system's root certificates (a consortium's private CA).
	#[arg(long, global = true, value_name = "PEM")]
	ca_cert: Option<PathBuf>,
	/// PEM client certificate chain, for an RPC front that requires mutual TLS (with
	/// --client-key).
	#[arg(long, global = true, value_name = "PEM", requires = "client_key")]
	client_cert: Option<PathBuf>,
	/// PEM private key of --client-cert.
	#[arg(long, global = true, value_name = "PEM", requires = "client_cert")]
	client_key: Option<PathBuf>,
	/// Print one JSON document instead of text.
	#[arg(long, global = true)]
	json: bool,
	/// Sign as this operator's `Billing` proxy (SS58): the key is the billing host's, registered
	/// by the operator with `proxy.addProxy(host, Billing, 0)`; bills and usage are the operator's.
	#[arg(long, global = true, value_name = "OPERATOR")]
	proxy_for: Option<String>,
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// Prints the account of the signing key.
	Account {
		/// File whose first line is the secret URI (else $TELECOM_SURI).
		#[arg(long)]
		key_file: Option<PathBuf>,
	},
	/// Submits a CSV of bills as bulk clearing batches; a re-run sends only what is missing.
	SubmitBills {
		/// The CSV: `payer,payee,currency,amount,reference` (amount in minor units).
		csv: PathBuf,
		/// File whose first line is the secret URI (else $TELECOM_SURI).
		#[arg(long)]
		key_file: Option<PathBuf>,
		/// Most batches in the transaction pool at once.
		#[arg(long, default_value_t = 8)]
		in_flight: usize,
		/// Most records per batch (the runtime's limit is the ceiling).
		#[arg(long)]
		batch_records: Option<usize>,
		/// Journal of submitted and finalized batches (default: the CSV's path + `.journal`).
		#[arg(long)]
		journal: Option<PathBuf>,
		/// Give up when none of the pending batches is finalized for this many seconds.
		#[arg(long, default_value_t = 120)]
		timeout: u64,
		/// No progress bar.
		#[arg(long)]
		quiet: bool,
	},
	/// Submits a TAP/BCE usage summary to a roaming agreement, from a JSON file
	/// `{"agreement": 0, "report": {"sequence": 1, "period": …, …}}`.
	SubmitUsage {
		/// The JSON file.
		file: PathBuf,
		/// File whose first line is the secret URI (else $TELECOM_SURI).
		#[arg(long)]
		key_file: Option<PathBuf>,
		/// Give up when the batch is not finalized within this many seconds.
		#[arg(long, default_value_t = 120)]
		timeout: u64,
	},
	/// An account's gross and net positions per currency in the open clearing cycle.
	Positions {
		/// SS58 address.
		account: String,
	},
	/// An account's statement of a clearing cycle.
	Statement {
		/// SS58 address.
		account: String,
		/// The cycle (the open one if omitted).
		#[arg(long)]
		cycle: Option<u64>,
	},
	/// Checks that a record is part of a clearing batch: its inclusion proof (a
	/// `clearing_recordProof` answer, from --proof or fetched with --batch and --index) must lead
	/// from the record to the batch's Merkle root read from the chain's storage. Exits non-zero
	/// when it does not.
	VerifyRecord {
		/// JSON file of a `clearing_recordProof` answer (the record may be edited to test a
		/// claim); fetched from the node when omitted.
		#[arg(long, conflicts_with_all = ["batch", "index"])]
		proof: Option<PathBuf>,
		/// The batch (with --index, instead of --proof).
		#[arg(long, requires = "index")]
		batch: Option<u64>,
		/// Position of the record in the batch, from 0.
		#[arg(long, requires = "batch")]
		index: Option<u32>,
	},
	/// Checks that an active device's current key signed a message.
	VerifyDevice {
		/// Device id (`0x` + 64 hex), or its serial number / IMEI / EUI-64 with `--id-key`.
		device: String,
		/// The manufacturer's identifier key (`0x` + 64 hex), which keys device ids: the id of
		/// serial S is `blake2_256("tcc/device/ident" ‖ key ‖ S)`. The manufacturer shares it
		/// with the parties that look devices up by serial or IMEI.
		#[arg(long)]
		id_key: Option<String>,
		/// The signed message as `0x` hex.
		#[arg(long)]
		message: String,
		/// The signature as `<sr25519|ed25519|ecdsa|p256>:0x<hex>`.
		#[arg(long)]
		signature: String,
	},
}

fn main() -> ExitCode {
	let cli = Cli::parse();
	match run(&cli) {
		Ok(output) => {
			if cli.json {
				println!("{}", output.json);
			} else {
				println!("{}", output.text);
			}
			ExitCode::SUCCESS
		},
		Err(error) => {
			if cli.json {
				println!("{}", json!({ "error": error }));
			}
			eprintln!("error: {error}");
			ExitCode::FAILURE
		},
	}
}

struct Output {
	text: String,
	json: Value,
}

fn run(cli: &Cli) -> Result<Output, String> {
	let url = cli
		.url
		.clone()
		.or_else(|| std::env::var("TELECOM_RPC").ok())
		.unwrap_or_else(|| "ws://127.0.0.1:9944".into());
	let tls = TlsFiles {
		ca_cert: cli.ca_cert.clone(),
		client_cert: cli.client_cert.clone(),
		client_key: cli.client_key.clone(),
	};
	let mut client = Client::with_tls(&url, &tls).map_err(|e| e.to_string())?;
	match &cli.command {
		Command::Account { key_file } => {
			let pair = keys::load(key_file.as_deref())?;
			let account = chain::account_of(&pair).to_ss58check();
			Ok(Output { text: account.clone(), json: json!({ "account": account }) })
		},
		Command::SubmitBills {
			csv,
			key_file,
			in_flight,
			batch_records,
			journal,
			timeout,
			quiet,
		} => {
			let signer = signer(cli, key_file.as_deref())?;
			let file = std::fs::File::open(csv)
				.map_err(|e| format!("cannot open {}: {e}", csv.display()))?;
			let parsed = bills::parse_csv(file)?;
			let me = signer.account();
			let mut indexes = std::collections::HashMap::new();
			let mut records = Vec::with_capacity(parsed.len());
			let my_index = participant_index(&mut client, &me)?
				.ok_or_else(|| format!("{} is not a clearing participant", me.to_ss58check()))?;
			for bill in parsed {
				let mut index_of = |party: &Party, column: &str| -> Result<u32, String> {
					match party {
						Party::Index(i) => Ok(*i),
						Party::Account(who) => {
							if let Some(i) = indexes.get(who) {
								return Ok(*i);
							}
							let i = participant_index(&mut client, who)?.ok_or_else(|| {
								format!(
									"line {}: {column} {} is not a clearing participant",
									bill.line,
									who.to_ss58check()
								)
							})?;
							indexes.insert(who.clone(), i);
							Ok(i)
						},
					}
				};
				let payer = index_of(&bill.payer, "payer")?;
				let payee = index_of(&bill.payee, "payee")?;
				if payer != my_index && payee != my_index {
					return Err(format!(
						"line {}: the signing account (participant {my_index}) is neither payer nor payee",
						bill.line
					));
				}
				records.push((
					bill.line,
					pallet_clearing::BillRecord {
						payer,
						payee,
						currency: bill.currency,
						amount: bill.amount,
						reference: bill.reference,
					},
				));
			}
			let max_records =
				<<Runtime as pallet_clearing::Config>::MaxBatchRecords as Get<u32>>::get() as usize;
			let max_pairs =
				<<Runtime as pallet_clearing::Config>::MaxBatchPairs as Get<u32>>::get() as usize;
			let per_batch = batch_records.unwrap_or(max_records).clamp(1, max_records);
			// The chain books a submitter's record numbers once, in increasing order.
			bills::order_by_reference(&mut records)?;
			// Only records the chain proves booked are dropped: a batch that failed leaves a
			// gap below later batches, and its records are sent again.
			let booked: Vec<(u64, u64)> = chain::storage(
				&mut client,
				&chain::blake2_map_key("Clearing", "BookedReferences", &me),
				None,
			)
			.map_err(|e| e.to_string())?
			.unwrap_or_default();
			let chunks = bills::chunk(&records, per_batch, max_pairs);
			let info = ChainInfo::fetch(&mut client).map_err(|e| e.to_string())?;
			let options = submit::Options {
				in_flight: *in_flight,
				journal: journal.clone().unwrap_or_else(|| {
					let mut path = csv.clone().into_os_string();
					path.push(".journal");
					path.into()
				}),
				stall_timeout: Duration::from_secs(*timeout),
				booked,
			};
			let mut bar = ProgressBar::new(!quiet);
			let summary =
				submit::submit_chunks(&mut client, &info, &signer, &chunks, &options, &mut |p| {
					bar.show(p)
				});
			bar.finish();
			let summary = summary?;
			let text = format!(
				"{} records in {} batches: {} already on chain, {} resumed from the pool, {} submitted; {} records finalized in {:.1} s",
				summary.records,
				summary.batches,
				summary.already_done,
				summary.resumed_from_pool,
				summary.submitted,
				summary.records_finalized,
				summary.seconds
			);
			Ok(Output { text, json: serde_json::to_value(&summary).map_err(|e| e.to_string())? })
		},
		Command::SubmitUsage { file, key_file, timeout } => {
			let signer = signer(cli, key_file.as_deref())?;
			let text = std::fs::read_to_string(file)
				.map_err(|e| format!("cannot read {}: {e}", file.display()))?;
			#[derive(serde::Deserialize)]
			#[serde(deny_unknown_fields)]
			struct UsageFile {
				agreement: pallet_roaming_settlement::AgreementId,
				report: pallet_roaming_settlement::UsageReport,
			}
			let usage: UsageFile = serde_json::from_str(&text)
				.map_err(|e| format!("{}: not a usage summary: {e}", file.display()))?;
			let call = RuntimeCall::Roaming(pallet_roaming_settlement::Call::submit_batch {
				agreement: usage.agreement,
				report: usage.report,
			});
			let block = submit_one(&mut client, &signer, call, Duration::from_secs(*timeout))?;
			let events: Vec<Value> = block
				.events
				.iter()
				.filter_map(|e| match e {
					telecom_runtime::RuntimeEvent::Roaming(event) => {
						Some(json!(format!("{event:?}")))
					},
					_ => None,
				})
				.collect();
			Ok(Output {
				text: format!(
					"usage batch finalized in block #{}\n{}",
					block.number,
					events.iter().filter_map(Value::as_str).collect::<Vec<_>>().join("\n")
				),
				json: json!({ "block": block.number, "events": events }),
			})
		},
		Command::Positions { account } => {
			let who = chain::parse_account(account)?;
			let value = client
				.call("clearing_openPositions", json!([who.to_ss58check(), null]))
				.map_err(|e| e.to_string())?;
			Ok(Output { text: pretty(&value), json: value })
		},
		Command::Statement { account, cycle } => {
			let who = chain::parse_account(account)?;
			let cycle = match cycle {
				Some(c) => *c,
				None => client
					.call("clearing_cycle", json!([null, null]))
					.map_err(|e| e.to_string())?
					.get("id")
					.and_then(Value::as_u64)
					.ok_or("the node reports no open cycle")?,
			};
			let value = client
				.call("clearing_statement", json!([cycle, who.to_ss58check(), null]))
				.map_err(|e| e.to_string())?;
			if value.is_null() {
				return Err(format!("no statement of cycle {cycle} for {account}"));
			}
			Ok(Output { text: pretty(&value), json: value })
		},
		Command::VerifyRecord { proof, batch, index } => {
			let answer = match (proof, batch, index) {
				(Some(path), _, _) => {
					let text = std::fs::read_to_string(path)
						.map_err(|e| format!("cannot read {}: {e}", path.display()))?;
					serde_json::from_str::<Value>(&text)
						.map_err(|e| format!("{}: not JSON: {e}", path.display()))?
				},
				(None, Some(batch), Some(index)) => client
					.call("clearing_recordProof", json!([batch, index, null]))
					.map_err(|e| e.to_string())?,
				_ => return Err("give --proof FILE, or --batch and --index".into()),
			};
			let evidence = evidence::RecordEvidence::from_json(&answer)?;
			let (root, leaf_count) = evidence::on_chain_root(&mut client, evidence.batch)?;
			let leaf = evidence.check(root, leaf_count)?;
			let r = &evidence.record;
			Ok(Output {
				text: format!(
					"proven: record {} of batch {} (payer {} → payee {}, {} {}, reference {}) leads to the on-chain root {root:?}",
					evidence.index, evidence.batch, r.payer, r.payee, r.amount, r.currency, r.reference
				),
				json: json!({
					"proven": true,
					"batch": evidence.batch,
					"index": evidence.index,
					"leaf": format!("{leaf:?}"),
					"root": format!("{root:?}"),
					"leafCount": leaf_count,
				}),
			})
		},
		Command::VerifyDevice { device, id_key, message, signature } => {
			let id = device_id(device, id_key.as_deref())?;
			let value = client
				.call("device_verify", json!([id, message, signature, null]))
				.map_err(|e| e.to_string())?;
			let valid = value.get("valid").and_then(Value::as_bool).unwrap_or(false);
			let text = if valid {
				format!("valid: device {id} signed the message with its current key")
			} else {
				format!("NOT valid: {}", pretty(&value))
			};
			Ok(Output { text, json: value })
		},
	}
}

/// `0x…` ids pass through; anything else is a serial number, keyed with the manufacturer's
/// identifier key as the registry's ids are.
fn device_id(device: &str, id_key: Option<&str>) -> Result<String, String> {
	let hex_id = device.strip_prefix("0x").filter(|h| h.len() == 64 && hex::decode(h).is_ok());
	if hex_id.is_some() {
		return Ok(device.to_string());
	}
	let key = id_key
		.ok_or("a serial number needs --id-key (the manufacturer's identifier key)")?
		.strip_prefix("0x")
		.and_then(|h| hex::decode(h).ok())
		.filter(|key| key.len() == 32)
		.ok_or("--id-key must be 0x + 64 hex digits")?;
	let mut preimage = b"tcc/device/ident".to_vec();
	preimage.extend_from_slice(&key);
	preimage.extend_from_slice(device.as_bytes());
	Ok(chain::to_hex(&sp_io::hashing::blake2_256(&preimage)))
}

fn pretty(value: &Value) -> String {
	serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

/// The clearing participant index of `who`, if it is a participant.
fn participant_index(
	client: &mut Client,
	who: &telecom_runtime::AccountId,
) -> Result<Option<u32>, String> {
	let key = chain::blake2_map_key("Clearing", "Participants", who);
	let participant: Option<pallet_clearing::Participant> =
		chain::storage(&mut *client, &key, None).map_err(|e| e.to_string())?;
	Ok(participant.map(|p| p.index))
}

/// The signing key, acting for `--proxy-for` if given.
fn signer(cli: &Cli, key_file: Option<&std::path::Path>) -> Result<chain::Signer, String> {
	let pair = keys::load(key_file)?;
	let real = cli.proxy_for.as_deref().map(chain::parse_account).transpose()?;
	Ok(chain::Signer { pair, real })
}

/// Signs and submits one call, and waits until it is finalized; fails with the dispatch error
/// (of the call itself when it goes through a proxy).
fn submit_one(
	client: &mut Client,
	signer: &chain::Signer,
	call: RuntimeCall,
	timeout: Duration,
) -> Result<chain::BlockContents, String> {
	use telecom_cli::follow::{Follower, Head};
	let info = ChainInfo::fetch(client).map_err(|e| e.to_string())?;
	let nonce = chain::next_nonce(client, &signer.signing_account()).map_err(|e| e.to_string())?;
	let xt = info.sign(&signer.pair, nonce, signer.wrap(call));
	let hash = chain::extrinsic_hash(&xt);
	let mut follower = Follower::new(client, Head::Finalized, true).map_err(|e| e.to_string())?;
	chain::submit_extrinsic(client, &xt)
		.map_err(|e| format!("the node refused the extrinsic: {e}"))?;
	let deadline = std::time::Instant::now() + timeout;
	while std::time::Instant::now() < deadline {
		for block in follower.wait(client, Duration::from_secs(1)).map_err(|e| e.to_string())? {
			if let Some(position) = block.extrinsics.iter().position(|x| *x == hash) {
				let position = u32::try_from(position).unwrap_or(u32::MAX);
				if let Some(chain::Outcome::Failed(reason)) = block.outcomes.get(&position) {
					return Err(format!("refused in block #{}: {reason}", block.number));
				}
				return Ok(block);
			}
		}
	}
	Err(format!("not finalized within {} s (extrinsic {hash:?})", timeout.as_secs()))
}

/// A progress bar on stderr: redrawn in place on a terminal, one line per update otherwise.
struct ProgressBar {
	enabled: bool,
	tty: bool,
	started: std::time::Instant,
	drawn: bool,
}

impl ProgressBar {
	fn new(enabled: bool) -> Self {
		ProgressBar {
			enabled,
			tty: std::io::stderr().is_terminal(),
			started: std::time::Instant::now(),
			drawn: false,
		}
	}

	fn show(&mut self, p: &submit::Progress) {
		if !self.enabled {
			return;
		}
		const WIDTH: u64 = 30;
		let filled = (p.records_done * WIDTH).checked_div(p.records_total).unwrap_or(WIDTH);
		let bar: String = (0..WIDTH).map(|i| if i < filled { '#' } else { '-' }).collect();
		let line = format!(
			"[{bar}] {}/{} records, {}/{} batches, {:.1} s",
			p.records_done,
			p.records_total,
			p.batches_done,
			p.batches_total,
			self.started.elapsed().as_secs_f64()
		);
		let mut err = std::io::stderr();
		if self.tty {
			let _ = write!(err, "\r{line}");
		} else {
			let _ = writeln!(err, "{line}");
		}
		let _ = err.flush();
		self.drawn = true;
	}

	fn finish(&mut self) {
		if self.enabled && self.tty && self.drawn {
			eprintln!();
		}
	}
}
