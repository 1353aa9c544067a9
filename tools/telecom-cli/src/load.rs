//! The load generator: pre-signed extrinsics submitted at a controlled rate, counted in finalized
//! blocks.
//!
//! Everything is signed before the timed window. Submitter threads send JSON-RPC batch requests
//! while fewer than `max_pending` of our extrinsics wait in the pool (and no faster than `rate`
//! if set); the main thread follows best blocks (inclusion time) and finalized blocks (outcome,
//! from the events). The window ends when every submitted extrinsic is finalized or was
//! rejected, or at the timeout: whatever is then neither is reported as `lost`.
//!
//! Pacing (both off by default): `start_after_block` starts the window just after a new best
//! block, so the pool fills for most of a slot before the first block that can carry the load is
//! built (otherwise the window starts wherever signing happened to end, and a first block built
//! from a half-empty pool costs the block-timestamp rate a whole slot); `max_ready` caps our
//! extrinsics waiting in the pool (submitted, not yet in a best block), so the node validates
//! submissions at the rate blocks take them instead of in one burst of `max_pending`.
//! `trace` writes the submission pattern (a sample per main-loop turn) for comparing clients.
//!
//! With `rpc_rate` set, probe threads meanwhile send the read-only custom RPC queries a billing
//! system polls ([`billing_queries`]) at that fixed rate and time each answer from its scheduled
//! send time, so a slow answer also delays (and is charged to) the ones queued behind it.

use crate::{
	chain::{self, to_hex, ChainInfo, Outcome},
	follow::{Follower, Head},
	rpc::{Client, RpcError, TlsFiles},
};
use codec::Encode;
use serde_json::{json, Value};
use sp_core::{ed25519, sr25519, Pair, H256};
use std::{
	collections::{BTreeMap, HashMap, VecDeque},
	sync::{
		atomic::{AtomicU64, Ordering},
		Arc, Mutex,
	},
	time::{Duration, Instant},
};
use telecom_primitives::{CurrencyCode, SettlementPeriod, TadigCode};
use telecom_runtime::{AccountId, Nonce, RuntimeCall, UNIT};

/// One pre-signed extrinsic.
#[derive(Clone)]
pub struct Job {
	/// The encoded extrinsic.
	pub xt: Vec<u8>,
	/// Its hash.
	pub hash: H256,
	/// Business records it carries (bills of a bulk batch; 1 otherwise).
	pub records: u64,
	/// Which kind of extrinsic, for the per-kind counts.
	pub kind: &'static str,
}

impl Job {
	/// Wraps an encoded extrinsic.
	pub fn new(xt: Vec<u8>, records: u64, kind: &'static str) -> Self {
		Job { hash: chain::extrinsic_hash(&xt), xt, records, kind }
	}
}

/// How jobs are submitted.
#[derive(Clone, Debug)]
pub struct RunOptions {
	/// Node RPC URL.
	pub url: String,
	/// TLS material for `wss://` and `https://` URLs.
	pub tls: TlsFiles,
	/// Most of our extrinsics in the pool: submitted, neither finalized nor rejected. The
	/// fork-aware pool keeps an extrinsic until its block is finalized, so this must stay below
	/// the node's `--pool-limit`.
	pub max_pending: u64,
	/// Extrinsics per second to aim for; 0 for as fast as `max_pending` allows.
	pub rate: u64,
	/// Extrinsics per JSON-RPC batch request.
	pub request_batch: usize,
	/// Parallel RPC connections submitting.
	pub connections: usize,
	/// End of the window at the latest.
	pub timeout: Duration,
	/// Custom RPC queries per second sent while the load runs; 0 for none.
	pub rpc_rate: u64,
	/// The queries, sent in turn (method, params).
	pub rpc_queries: Vec<(String, Value)>,
	/// Most of our extrinsics submitted and not yet seen in a best block (nor refused); 0 for no
	/// limit beyond `max_pending`.
	pub max_ready: u64,
	/// Wait for a new best block before the first submission.
	pub start_after_block: bool,
	/// Where to write the submission trace (JSON lines), if anywhere.
	pub trace: Option<std::path::PathBuf>,
}

/// Threads sharing `rpc_rate`, each on its own connection, so one slow answer does not stop the
/// clock of the others.
const PROBE_THREADS: u64 = 4;

/// Read-only queries a billing system polls, valid on the dev chain: Alice's open clearing
/// positions, the open clearing cycle, the GBRTC → FRAMC TAP sequence, the demo IOT agreement and
/// the demo 5G site.
pub fn billing_queries(alice: &AccountId) -> Vec<(String, Value)> {
	let alice = alice.to_string();
	vec![
		("clearing_openPositions".into(), json!([alice])),
		("clearing_cycle".into(), json!([])),
		("roaming_sequenceGaps".into(), json!(["GBRTC", "FRAMC"])),
		("roaming_agreement".into(), json!([0])),
		("sharing_site".into(), json!([0])),
	]
}

/// The JSON line a run prints.
#[derive(Debug, Default, serde::Serialize)]
pub struct Report {
	/// Scenario name.
	pub scenario: String,
	/// The RPC client that submitted (`jsonrpsee-http`, `jsonrpsee-ws`, or the benchmark
	/// comparator's `legacy-http`).
	pub client: String,
	/// Extrinsics submitted (accepted or not by the pool).
	pub submitted: u64,
	/// Extrinsics seen in a best block.
	pub included: u64,
	/// Extrinsics in finalized blocks (dispatch failures included, see `failed`).
	pub finalized: u64,
	/// Finalized extrinsics whose dispatch failed, by error.
	pub failed: BTreeMap<String, u64>,
	/// Extrinsics the node refused at submission, by reason.
	pub rejected: BTreeMap<String, u64>,
	/// Submitted, neither finalized nor rejected when the window closed.
	pub lost: u64,
	/// Records in successfully dispatched finalized extrinsics.
	pub records: u64,
	/// Finalized extrinsics by kind.
	pub kinds: BTreeMap<String, u64>,
	/// Blocks that carried our extrinsics.
	pub blocks: u64,
	/// Most of our extrinsics in one block.
	pub max_per_block: u64,
	/// Block-time span of the load: from the slot before the first block that carried our
	/// extrinsics to the last such block, in seconds (by the blocks' timestamps).
	pub span_s: f64,
	/// Wall time from the first submission to the last finalization seen, in seconds.
	pub wall_s: f64,
	/// Successful finalized extrinsics per second of `span_s`.
	pub tx_per_s: f64,
	/// Records per second of `span_s`.
	pub records_per_s: f64,
	/// Inclusion (first seen in a best block) → finality latency, median, ms.
	pub latency_p50_ms: u64,
	/// The same, 95th percentile, ms.
	pub latency_p95_ms: u64,
	/// Custom RPC queries answered while the load ran (`rpc_rate`).
	pub rpc_queries: u64,
	/// Of those, answered with an error or not at all.
	pub rpc_errors: u64,
	/// Answer time of the queries from their scheduled send time, median, µs.
	pub rpc_p50_us: u64,
	/// The same, 99th percentile, µs.
	pub rpc_p99_us: u64,
	/// Successful finalized extrinsics per second of `wall_s`.
	pub wall_tx_per_s: f64,
	/// Our extrinsics in each finalized block that carried any, in block order.
	pub per_block: Vec<u64>,
	/// Milliseconds from the first submission to the first best block carrying ours.
	pub first_block_after_ms: u64,
	/// Our extrinsics submitted by then (what the pool could offer that block, at most).
	pub submitted_before_first_block: u64,
	/// CPU time of this process during the window (all threads), seconds.
	pub client_cpu_s: f64,
	/// Pacing used: `max_ready` (0: none) and whether the window started after a new best block.
	pub max_ready: u64,
	/// See `max_ready`.
	pub start_after_block: bool,
}

/// CPU time (user + system) this process has used so far, in seconds; 0 where `/proc` is not
/// readable.
pub fn process_cpu_s() -> f64 {
	let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return 0.0 };
	// Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
	let Some((_, rest)) = stat.rsplit_once(')') else { return 0.0 };
	let fields: Vec<&str> = rest.split_whitespace().collect();
	let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok()).unwrap_or(0);
	// Linux reports them in USER_HZ, 100 a second on every architecture's user ABI.
	(ticks(11) + ticks(12)) as f64 / 100.0
}

/// The value at `quantile` (0–1) of sorted `values`, nearest-rank.
pub fn percentile(sorted: &[u64], quantile: f64) -> u64 {
	if sorted.is_empty() {
		return 0;
	}
	let rank = (quantile * sorted.len() as f64).ceil() as usize;
	sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Sums per key.
fn bump(map: &mut BTreeMap<String, u64>, key: &str, by: u64) {
	*map.entry(key.to_string()).or_default() += by;
}

/// Shortens a refusal to its reason ("Invalid Transaction: Stale" style).
fn reason(error: &RpcError) -> String {
	match error {
		RpcError::Call { message, data, .. } => match data {
			Some(Value::String(data)) => format!("{message}: {data}"),
			Some(data) => format!("{message}: {data}"),
			None => message.clone(),
		},
		other => other.to_string(),
	}
}

struct Shared {
	queue: Mutex<VecDeque<Vec<Job>>>,
	submitted: AtomicU64,
	/// Ours seen in best blocks.
	included: AtomicU64,
	/// Ours the node refused at submission.
	refused: AtomicU64,
	/// Finalized or rejected.
	resolved: AtomicU64,
	stop: std::sync::atomic::AtomicBool,
	rejected: Mutex<Vec<(H256, String)>>,
	submit_times: Mutex<HashMap<H256, Instant>>,
}

/// Submits `jobs` in order and follows them into finalized blocks.
pub fn run(scenario: &str, jobs: Vec<Job>, options: &RunOptions) -> Result<Report, String> {
	let mut client = Client::with_tls(&options.url, &options.tls).map_err(|e| e.to_string())?;
	let mut best = Follower::new(&mut client, Head::Best, false).map_err(|e| e.to_string())?;
	let mut finalized =
		Follower::new(&mut client, Head::Finalized, true).map_err(|e| e.to_string())?;
	let mut waiting: HashMap<H256, (u64, &'static str)> =
		jobs.iter().map(|j| (j.hash, (j.records, j.kind))).collect();
	let total = jobs.len() as u64;
	let shared = Arc::new(Shared {
		queue: Mutex::new(jobs.chunks(options.request_batch.max(1)).map(<[Job]>::to_vec).collect()),
		submitted: AtomicU64::new(0),
		included: AtomicU64::new(0),
		refused: AtomicU64::new(0),
		resolved: AtomicU64::new(0),
		stop: std::sync::atomic::AtomicBool::new(false),
		rejected: Mutex::new(Vec::new()),
		submit_times: Mutex::new(HashMap::new()),
	});
	if options.start_after_block {
		// The window opens just after a block: the pool then fills for most of a slot before
		// the next block is built.
		let wait_until = Instant::now() + Duration::from_secs(30);
		while best.poll(&mut client).map_err(|e| e.to_string())?.is_empty() {
			if Instant::now() >= wait_until {
				return Err("no new best block within 30 s".into());
			}
			std::thread::sleep(Duration::from_millis(20));
		}
	}
	let cpu_at_start = process_cpu_s();
	let started = Instant::now();
	let threads: Vec<_> = (0..options.connections.max(1))
		.map(|_| {
			let shared = Arc::clone(&shared);
			let options = options.clone();
			std::thread::spawn(move || submitter(&shared, &options, started))
		})
		.collect();
	let probe_times = Arc::new(Mutex::new(Vec::new()));
	let probe_errors = Arc::new(AtomicU64::new(0));
	let probes: Vec<_> = if options.rpc_rate > 0 && !options.rpc_queries.is_empty() {
		(0..PROBE_THREADS)
			.map(|thread| {
				let (shared, options) = (Arc::clone(&shared), options.clone());
				let (times, errors) = (Arc::clone(&probe_times), Arc::clone(&probe_errors));
				std::thread::spawn(move || probe(thread, &shared, &options, &times, &errors))
			})
			.collect()
	} else {
		Vec::new()
	};

	let mut report = Report {
		scenario: scenario.to_string(),
		client: client.implementation().to_string(),
		max_ready: options.max_ready,
		start_after_block: options.start_after_block,
		..Default::default()
	};
	let mut trace = Vec::new();
	let mut best_number = 0u32;
	let mut finalized_number = 0u32;
	let mut first_block: Option<(u64, u64)> = None;
	let mut included_at: HashMap<H256, Instant> = HashMap::new();
	let mut latencies = Vec::new();
	let mut first_block_ts: Option<u64> = None;
	let mut last_block_ts: Option<u64> = None;
	let mut last_finalized = started;
	let mut slot_ms: u64 = 6_000;
	let mut previous_ts: Option<u64> = None;
	let deadline = started + options.timeout;
	loop {
		for block in best.poll(&mut client).map_err(|e| e.to_string())? {
			let now = Instant::now();
			best_number = best_number.max(block.number);
			let before = included_at.len();
			for xt in &block.extrinsics {
				if waiting.contains_key(xt) && !included_at.contains_key(xt) {
					included_at.insert(*xt, now);
				}
			}
			if included_at.len() > before && first_block.is_none() {
				first_block = Some((
					now.saturating_duration_since(started).as_millis() as u64,
					shared.submitted.load(Ordering::Relaxed),
				));
			}
			shared.included.store(included_at.len() as u64, Ordering::Relaxed);
		}
		for block in finalized.poll(&mut client).map_err(|e| e.to_string())? {
			let now = Instant::now();
			finalized_number = finalized_number.max(block.number);
			if let (Some(previous), Some(ts)) = (previous_ts, block.timestamp) {
				if ts > previous {
					slot_ms = slot_ms.min(ts - previous);
				}
			}
			previous_ts = block.timestamp.or(previous_ts);
			let mut ours = 0;
			for (position, xt) in block.extrinsics.iter().enumerate() {
				let Some((records, kind)) = waiting.remove(xt) else { continue };
				ours += 1;
				report.finalized += 1;
				if let Some(at) = included_at.get(xt) {
					latencies.push(now.saturating_duration_since(*at).as_millis() as u64);
				}
				match block.outcomes.get(&(position as u32)) {
					Some(Outcome::Failed(error)) => bump(&mut report.failed, error, 1),
					_ => {
						report.records += records;
						bump(&mut report.kinds, kind, 1);
					},
				}
			}
			if ours > 0 {
				report.per_block.push(ours);
				report.blocks += 1;
				report.max_per_block = report.max_per_block.max(ours);
				first_block_ts = first_block_ts.or(block.timestamp);
				last_block_ts = block.timestamp.or(last_block_ts);
				last_finalized = now;
			}
		}
		for (hash, why) in shared.rejected.lock().map_err(|_| "poisoned")?.drain(..) {
			if waiting.remove(&hash).is_some() {
				bump(&mut report.rejected, &why, 1);
			}
		}
		shared.resolved.store(total - waiting.len() as u64, Ordering::Relaxed);
		let submitted = shared.submitted.load(Ordering::Relaxed);
		let queue_empty = shared.queue.lock().map_err(|_| "poisoned")?.is_empty();
		let resolved = total - waiting.len() as u64;
		if options.trace.is_some() {
			trace.push(json!({
				"t_ms": started.elapsed().as_millis() as u64,
				"unix_ms": std::time::SystemTime::now()
					.duration_since(std::time::UNIX_EPOCH)
					.map_or(0, |d| d.as_millis() as u64),
				"submitted": submitted,
				"included": included_at.len(),
				"resolved": resolved,
				"best": best_number,
				"finalized": finalized_number,
			}));
		}
		if (queue_empty && resolved >= submitted && submitted == total)
			|| Instant::now() >= deadline
		{
			break;
		}
		std::thread::sleep(Duration::from_millis(100));
	}
	shared.stop.store(true, Ordering::Relaxed);
	for thread in threads.into_iter().chain(probes) {
		let _ = thread.join();
	}
	report.client_cpu_s = ((process_cpu_s() - cpu_at_start) * 100.0).round() / 100.0;
	if let Some(path) = &options.trace {
		let lines: String = trace.iter().map(|sample| format!("{sample}\n")).collect();
		std::fs::write(path, lines).map_err(|e| format!("{}: {e}", path.display()))?;
	}
	if let Some((after_ms, submitted)) = first_block {
		report.first_block_after_ms = after_ms;
		report.submitted_before_first_block = submitted;
	}
	let mut answer_times = std::mem::take(&mut *probe_times.lock().map_err(|_| "poisoned")?);
	answer_times.sort_unstable();
	report.rpc_queries = answer_times.len() as u64;
	report.rpc_errors = probe_errors.load(Ordering::Relaxed);
	report.rpc_p50_us = percentile(&answer_times, 0.5);
	report.rpc_p99_us = percentile(&answer_times, 0.99);
	report.submitted = shared.submitted.load(Ordering::Relaxed);
	report.included = included_at.len() as u64;
	report.lost = report.submitted - report.finalized - report.rejected.values().sum::<u64>();
	report.wall_s = last_finalized.saturating_duration_since(started).as_secs_f64();
	if let (Some(first), Some(last)) = (first_block_ts, last_block_ts) {
		// The first block's slot counts too: its extrinsics arrived during it.
		report.span_s = (last.saturating_sub(first) + slot_ms) as f64 / 1000.0;
	}
	let ok = report.kinds.values().sum::<u64>();
	if report.wall_s > 0.0 {
		report.wall_tx_per_s = (ok as f64 / report.wall_s).round();
	}
	if report.span_s > 0.0 {
		report.tx_per_s = (ok as f64 / report.span_s).round();
		report.records_per_s = (report.records as f64 / report.span_s).round();
	}
	latencies.sort_unstable();
	report.latency_p50_ms = percentile(&latencies, 0.5);
	report.latency_p95_ms = percentile(&latencies, 0.95);
	Ok(report)
}

/// Probe thread `thread` of [`PROBE_THREADS`]: sends its share of `rpc_rate` queries a second on
/// a fixed schedule until the run stops, recording each answer time (µs from the scheduled send)
/// or counting an error.
fn probe(
	thread: u64,
	shared: &Shared,
	options: &RunOptions,
	times: &Mutex<Vec<u64>>,
	errors: &AtomicU64,
) {
	let Ok(mut client) = Client::with_tls(&options.url, &options.tls) else {
		errors.fetch_add(1, Ordering::Relaxed);
		return;
	};
	let interval = Duration::from_secs_f64(PROBE_THREADS as f64 / options.rpc_rate as f64);
	// Threads start staggered so that their queries interleave evenly.
	let start = Instant::now() + interval.mul_f64(thread as f64 / PROBE_THREADS as f64);
	let mut answered = Vec::new();
	let mut sent: u32 = 0;
	while !shared.stop.load(Ordering::Relaxed) {
		let due = start + interval * sent;
		if let Some(wait) = due.checked_duration_since(Instant::now()) {
			std::thread::sleep(wait);
		}
		let query =
			&options.rpc_queries[(sent as usize + thread as usize) % options.rpc_queries.len()];
		match client.call(&query.0, query.1.clone()) {
			Ok(_) => answered.push(due.elapsed().as_micros() as u64),
			Err(_) => {
				errors.fetch_add(1, Ordering::Relaxed);
			},
		}
		sent = sent.saturating_add(1);
	}
	if let Ok(mut times) = times.lock() {
		times.extend(answered);
	}
}

fn submitter(shared: &Shared, options: &RunOptions, started: Instant) {
	let Ok(mut client) = Client::with_tls(&options.url, &options.tls) else { return };
	loop {
		// Stay below the pool limit and the target rate.
		loop {
			if shared.stop.load(Ordering::Relaxed) {
				return;
			}
			let submitted = shared.submitted.load(Ordering::Relaxed);
			let pending = submitted.saturating_sub(shared.resolved.load(Ordering::Relaxed));
			let allowed_by_rate = options.rate == 0
				|| submitted < (started.elapsed().as_secs_f64() * options.rate as f64) as u64 + 1;
			let waiting_in_pool = submitted.saturating_sub(
				shared.included.load(Ordering::Relaxed) + shared.refused.load(Ordering::Relaxed),
			);
			let allowed_by_pool = options.max_ready == 0 || waiting_in_pool < options.max_ready;
			if pending < options.max_pending && allowed_by_rate && allowed_by_pool {
				break;
			}
			std::thread::sleep(Duration::from_millis(5));
		}
		let Some(chunk) = shared.queue.lock().ok().and_then(|mut q| q.pop_front()) else {
			return;
		};
		{
			let now = Instant::now();
			if let Ok(mut times) = shared.submit_times.lock() {
				times.extend(chunk.iter().map(|j| (j.hash, now)));
			}
		}
		let params = chunk.iter().map(|j| json!([to_hex(&j.xt)]));
		let answers = client.batch("author_submitExtrinsic", params);
		shared.submitted.fetch_add(chunk.len() as u64, Ordering::Relaxed);
		let mut rejected = Vec::new();
		match answers {
			Ok(answers) => {
				for (job, answer) in chunk.iter().zip(answers) {
					match answer {
						// Already in the pool: a request repeated after a dropped connection.
						Ok(_) | Err(RpcError::Call { code: 1013, .. }) => {},
						Err(e) => rejected.push((job.hash, reason(&e))),
					}
				}
			},
			Err(e) => rejected.extend(chunk.iter().map(|j| (j.hash, reason(&e)))),
		}
		if !rejected.is_empty() {
			shared.refused.fetch_add(rejected.len() as u64, Ordering::Relaxed);
			if let Ok(mut list) = shared.rejected.lock() {
				list.extend(rejected);
			}
		}
	}
}

/// A call to sign, with the records it carries and its kind.
pub type PlannedCall = (RuntimeCall, u64, &'static str);

/// A sender's key, first nonce and calls in nonce order.
pub type SenderPlan = (sr25519::Pair, Nonce, Vec<PlannedCall>);

/// Signs `calls` (per sender, in nonce order) on all cores; returns jobs interleaved round by
/// round across senders, so each request carries consecutive nonces of many senders.
pub fn sign_all(info: &ChainInfo, per_sender: Vec<SenderPlan>) -> Vec<Job> {
	let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
	let per_thread = per_sender.len().div_ceil(threads).max(1);
	let signed: Vec<Vec<Job>> = std::thread::scope(|scope| {
		let handles: Vec<_> = per_sender
			.chunks(per_thread)
			.map(|group| {
				scope.spawn(move || {
					group
						.iter()
						.map(|(pair, first, calls)| {
							calls
								.iter()
								.enumerate()
								.map(|(i, (call, records, kind))| {
									let nonce = first.saturating_add(i as Nonce);
									Job::new(info.sign(pair, nonce, call.clone()), *records, kind)
								})
								.collect::<Vec<_>>()
						})
						.collect::<Vec<_>>()
				})
			})
			.collect();
		handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
	});
	let longest = signed.iter().map(Vec::len).max().unwrap_or(0);
	let mut jobs = Vec::with_capacity(signed.iter().map(Vec::len).sum());
	let mut columns: Vec<_> = signed.into_iter().map(Vec::into_iter).collect();
	for _ in 0..longest {
		for column in columns.iter_mut() {
			jobs.extend(column.next());
		}
	}
	jobs
}

/// Waits until `hash` is in a finalized block; fails with its dispatch error.
pub fn submit_and_finalize(
	client: &mut Client,
	xt: Vec<u8>,
	timeout: Duration,
) -> Result<(), String> {
	let hash = chain::extrinsic_hash(&xt);
	let mut follower = Follower::new(client, Head::Finalized, true).map_err(|e| e.to_string())?;
	chain::submit_extrinsic(client, &xt).map_err(|e| format!("set-up extrinsic refused: {e}"))?;
	let deadline = Instant::now() + timeout;
	while Instant::now() < deadline {
		for block in follower.wait(client, Duration::from_millis(500)).map_err(|e| e.to_string())? {
			if let Some(position) = block.extrinsics.iter().position(|x| *x == hash) {
				return match block.outcomes.get(&(position as u32)) {
					Some(Outcome::Failed(e)) => Err(format!("set-up extrinsic failed: {e}")),
					_ => Ok(()),
				};
			}
		}
	}
	Err("set-up extrinsic not finalized in time".into())
}

/// A dev key pair from a secret URI such as `//Alice`.
pub fn dev_pair(suri: &str) -> Result<sr25519::Pair, String> {
	sr25519::Pair::from_string(suri, None).map_err(|e| format!("{suri}: {e:?}"))
}

/// Funds `accounts` with `amount` each from `funder`, in `utility.batch_all` calls of 500.
pub fn fund(
	client: &mut Client,
	info: &ChainInfo,
	funder: &sr25519::Pair,
	accounts: &[AccountId],
	amount: u128,
) -> Result<(), String> {
	let mut nonce =
		chain::next_nonce(client, &chain::account_of(funder)).map_err(|e| e.to_string())?;
	let mut last = None;
	for group in accounts.chunks(500) {
		let calls = group
			.iter()
			.map(|who| {
				RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
					dest: who.clone().into(),
					value: amount,
				})
			})
			.collect();
		let call = RuntimeCall::Utility(pallet_utility::Call::batch_all { calls });
		let xt = info.sign(funder, nonce, call);
		nonce = nonce.saturating_add(1);
		if let Some(previous) = last.replace(xt) {
			chain::submit_extrinsic(client, &previous)
				.map_err(|e| format!("funding refused: {e}"))?;
		}
	}
	match last {
		Some(xt) => submit_and_finalize(client, xt, Duration::from_secs(120)),
		None => Ok(()),
	}
}

/// Plain transfers: `senders` accounts derived from `//Load//transfer//i`, each sending
/// `per_sender` transfers of one unit to the next sender.
pub fn transfers(
	client: &mut Client,
	info: &ChainInfo,
	funder: &sr25519::Pair,
	senders: usize,
	per_sender: usize,
) -> Result<Vec<Job>, String> {
	let pairs: Vec<sr25519::Pair> = (0..senders)
		.map(|i| dev_pair(&format!("//Load//transfer//{i}")))
		.collect::<Result<_, _>>()?;
	let accounts: Vec<AccountId> = pairs.iter().map(chain::account_of).collect();
	fund(client, info, funder, &accounts, (per_sender as u128 + 10) * 2 * UNIT)?;
	let mut plan = Vec::with_capacity(senders);
	for (i, pair) in pairs.into_iter().enumerate() {
		let nonce = chain::next_nonce(client, &accounts[i]).map_err(|e| e.to_string())?;
		let dest = accounts[(i + 1) % accounts.len()].clone();
		let call = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: dest.into(),
			value: UNIT,
		});
		plan.push((pair, nonce, vec![(call, 1, "transfer"); per_sender]));
	}
	Ok(sign_all(info, plan))
}

/// Clearing bulk batches: each of `submitters` (clearing participants) pays the others,
/// alternating, in `batches` batches of `records` records.
pub fn clearing(
	client: &mut Client,
	info: &ChainInfo,
	submitters: &[sr25519::Pair],
	batches: usize,
	records: u32,
) -> Result<Vec<Job>, String> {
	let mut indexes = Vec::new();
	for pair in submitters {
		let who = chain::account_of(pair);
		let key = chain::blake2_map_key("Clearing", "Participants", &who);
		let participant: Option<pallet_clearing::Participant> =
			chain::storage(client, &key, None).map_err(|e| e.to_string())?;
		indexes.push(participant.ok_or("a clearing submitter is not a participant")?.index);
	}
	if indexes.len() < 2 {
		return Err("clearing load needs at least two participants".into());
	}
	let mut plan = Vec::new();
	for (s, pair) in submitters.iter().enumerate() {
		let me = indexes[s];
		let others: Vec<u32> = indexes.iter().copied().filter(|i| *i != me).collect();
		let nonce =
			chain::next_nonce(client, &chain::account_of(pair)).map_err(|e| e.to_string())?;
		// Record numbers are booked once per submitter: continue above its highest booked one.
		let booked: Vec<(u64, u64)> = chain::storage(
			client,
			&chain::blake2_map_key("Clearing", "BookedReferences", &chain::account_of(pair)),
			None,
		)
		.map_err(|e| e.to_string())?
		.unwrap_or_default();
		let base = booked.last().map_or(0, |(_, last)| last.saturating_add(1));
		let mut calls = Vec::new();
		for b in 0..batches.div_ceil(submitters.len()) {
			if b * submitters.len() + s >= batches {
				break;
			}
			let list: Vec<pallet_clearing::BillRecord> = (0..records)
				.map(|n| pallet_clearing::BillRecord {
					payer: me,
					payee: others[n as usize % others.len()],
					currency: CurrencyCode::EUR,
					amount: 100 + u128::from(n % 997),
					reference: base.saturating_add((b as u64) << 32 | u64::from(n)),
				})
				.collect();
			let pairs = others.len().min(records as usize) as u32;
			let list = list.try_into().map_err(|_| "more records than a batch holds")?;
			calls.push((
				RuntimeCall::Clearing(pallet_clearing::Call::submit_batch { records: list, pairs }),
				u64::from(records),
				"clearing.submit_batch",
			));
		}
		plan.push((pair.clone(), nonce, calls));
	}
	Ok(sign_all(info, plan))
}

/// The current settlement period by the node's clock (the latest block's timestamp).
fn chain_period(client: &mut Client) -> Result<SettlementPeriod, String> {
	let now: Option<u64> = chain::storage(client, &chain::value_key("Timestamp", "Now"), None)
		.map_err(|e| e.to_string())?;
	now.and_then(SettlementPeriod::from_unix_millis).ok_or_else(|| "no timestamp on chain".into())
}

/// A business mix: per `unit`, three device-signed energy meter reports of the demo site
/// (relayed by a funded account), one roaming usage batch (GBRTC → FRAMC on the demo IOT
/// agreement) and one clearing bill (Alice bills Bob).
pub fn mix(
	client: &mut Client,
	info: &ChainInfo,
	funder: &sr25519::Pair,
	units: usize,
) -> Result<Vec<Job>, String> {
	let period = chain_period(client)?;
	// Energy reports: the site's base station (dev key //One) signs; a relay submits.
	let site: pallet_5g_sharing::ProjectId = 0;
	let station = ed25519::Pair::from_string("//One", None).map_err(|e| format!("{e:?}"))?;
	let relay = dev_pair("//Load//relay")?;
	fund(client, info, funder, &[chain::account_of(&relay)], 10_000 * UNIT)?;
	let costs_key = [
		chain::value_key("FiveGSharing", "Costs"),
		sp_io::hashing::twox_64(&site.encode()).to_vec(),
		site.encode(),
		sp_io::hashing::twox_64(&period.encode()).to_vec(),
		period.encode(),
	]
	.concat();
	let costs: Option<pallet_5g_sharing::PeriodCosts> =
		chain::storage(client, &costs_key, None).map_err(|e| e.to_string())?;
	// Cumulative meter readings, each above the period's highest so far (bound to this chain's
	// genesis hash), so every report extends the period's range and is accepted.
	let mut reading = costs.unwrap_or_default().high_reading;
	// Where this run starts: it grows from run to run, so bill references below stay unique.
	let first_reading = reading;
	let energy: Vec<_> = (0..units * 3)
		.map(|i| {
			reading = reading.saturating_add(40 + (i as u64 % 17));
			let payload = pallet_5g_sharing::energy_payload(&info.genesis, site, period, reading);
			let signature = telecom_primitives::DeviceSignature::Ed25519(station.sign(&payload).0);
			let call = RuntimeCall::FiveGSharing(pallet_5g_sharing::Call::report_energy {
				site,
				period,
				reading,
				signature,
			});
			(call, 1, "5g.report_energy")
		})
		.collect();

	// Roaming usage batches: Charlie's GBRTC network bills Bob's FRAMC for visitors' calls.
	let charlie = dev_pair("//Charlie")?;
	let sender = TadigCode::try_from("GBRTC").map_err(|e| e.to_string())?;
	let recipient = TadigCode::try_from("FRAMC").map_err(|e| e.to_string())?;
	let sequences_key = chain::blake2_map_key("Roaming", "Sequences", &(sender, recipient));
	let control: Option<pallet_roaming_settlement::SequenceControl> =
		chain::storage(client, &sequences_key, None).map_err(|e| e.to_string())?;
	let first_file = control.map(|c| c.expected).unwrap_or(1).max(1);
	let roaming: Vec<_> = (0..units)
		.map(|i| {
			let minutes = 100 + (i as u32 % 50);
			let report = pallet_roaming_settlement::UsageReport {
				sequence: first_file.saturating_add(i as u32),
				period,
				records: minutes,
				usage: pallet_roaming_settlement::UsageTotals {
					moc_local: pallet_roaming_settlement::VoiceUsage {
						calls: minutes,
						seconds: u64::from(minutes) * 60,
					},
					..Default::default()
				},
				claimed: u128::from(minutes) * 5,
				currency: CurrencyCode::XDR,
				file: H256(sp_io::hashing::blake2_256(&(first_file, i as u64).encode())),
				test_file: false,
			};
			let call = RuntimeCall::Roaming(pallet_roaming_settlement::Call::submit_batch {
				agreement: 0,
				report,
			});
			(call, 1, "roaming.submit_batch")
		})
		.collect();

	// Clearing bills: Alice bills Bob for site rental.
	let alice = dev_pair("//Alice")?;
	let bob = chain::account_of(&dev_pair("//Bob")?);
	let bills: Vec<_> = (0..units)
		.map(|i| {
			let call = RuntimeCall::Clearing(pallet_clearing::Call::submit_bill {
				payer: bob.clone(),
				currency: CurrencyCode::EUR,
				amount: 10_000 + i as u128,
				reference: H256(sp_io::hashing::blake2_256(
					&(b"rent", first_reading, i as u64).encode(),
				)),
				document: H256(sp_io::hashing::blake2_256(
					&(b"invoice", first_reading, i as u64).encode(),
				)),
			});
			(call, 1, "clearing.submit_bill")
		})
		.collect();

	let nonce_of = |client: &mut Client, pair: &sr25519::Pair| {
		chain::next_nonce(client, &chain::account_of(pair)).map_err(|e| e.to_string())
	};
	let plan = vec![
		(relay.clone(), nonce_of(client, &relay)?, energy),
		(charlie.clone(), nonce_of(client, &charlie)?, roaming),
		(alice.clone(), nonce_of(client, &alice)?, bills),
	];
	Ok(sign_all(info, plan))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn process_cpu_time_grows_with_work() {
		let before = process_cpu_s();
		// Spin until the counter moves (a busy machine may give this thread little CPU).
		let give_up = Instant::now() + Duration::from_secs(30);
		let mut x = 0u64;
		while process_cpu_s() < before + 0.05 && Instant::now() < give_up {
			for _ in 0..100_000 {
				x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(7));
			}
		}
		let after = process_cpu_s();
		assert!(after >= before + 0.05, "{before} -> {after}");
	}

	#[test]
	fn percentiles_are_nearest_rank() {
		assert_eq!(percentile(&[], 0.5), 0);
		assert_eq!(percentile(&[7], 0.95), 7);
		let values: Vec<u64> = (1..=100).collect();
		assert_eq!(percentile(&values, 0.5), 50);
		assert_eq!(percentile(&values, 0.95), 95);
		assert_eq!(percentile(&values, 1.0), 100);
		assert_eq!(percentile(&values, 0.0), 1);
	}

	#[test]
	fn signing_interleaves_senders_in_nonce_order() {
		let info =
			ChainInfo { genesis: H256::repeat_byte(1), spec_version: 100, transaction_version: 1 };
		let remark = |n: u8| {
			(RuntimeCall::System(frame_system::Call::remark { remark: vec![n] }), 1, "remark")
		};
		let a = dev_pair("//A").unwrap();
		let b = dev_pair("//B").unwrap();
		let jobs = sign_all(
			&info,
			vec![
				(a.clone(), 5, vec![remark(1), remark(2), remark(3)]),
				(b.clone(), 0, vec![remark(4)]),
			],
		);
		let decoded: Vec<(AccountId, Nonce)> = jobs
			.iter()
			.map(|job| {
				let uxt = <telecom_runtime::UncheckedExtrinsic as codec::Decode>::decode(
					&mut &job.xt[..],
				)
				.unwrap();
				let sp_runtime::generic::Preamble::Signed(
					sp_runtime::MultiAddress::Id(who),
					_,
					ext,
				) = uxt.preamble
				else {
					panic!("signed")
				};
				(who, ext.5 .0)
			})
			.collect();
		let (a, b) = (chain::account_of(&a), chain::account_of(&b));
		assert_eq!(decoded, vec![(a.clone(), 5), (b, 0), (a.clone(), 6), (a, 7)]);
		assert!(jobs.iter().all(|j| j.hash == chain::extrinsic_hash(&j.xt)));
	}
}
