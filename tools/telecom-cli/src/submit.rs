//! Submitting bulk bill batches: resumable and idempotent.
//!
//! A chunk counts as done when the chain holds a batch audit record of this submitter with the
//! chunk's hash, or when the journal beside the CSV says it was finalized (audit records are
//! removed some cycles later). Chunks of ours still in the transaction pool are waited for, not
//! sent again. So a re-run, after success or after a crash at any point, sends only what is
//! missing.

use crate::{
	bills::Chunk,
	chain::{self, from_hex, to_hex, ChainInfo},
	follow::{Follower, Head},
	rpc::Client,
};
use codec::Decode;
use pallet_clearing::{BatchId, BatchInfo};
use serde_json::{json, Value};
use sp_core::H256;
use sp_io::hashing::twox_128;
use std::{
	collections::{HashMap, HashSet},
	io::Write,
	path::PathBuf,
	time::{Duration, Instant},
};
use telecom_runtime::{
	AccountId, Balance, BlockNumber, RuntimeCall, RuntimeEvent, UncheckedExtrinsic,
};

/// How a submission runs.
pub struct Options {
	/// Most batches in the pool at once.
	pub in_flight: usize,
	/// Journal file of submitted and finalized chunks.
	pub journal: PathBuf,
	/// Give up when none of the pending batches is finalized for this long.
	pub stall_timeout: Duration,
	/// The submitter's booked record-reference intervals on chain (`BookedReferences`): records
	/// inside them are booked and never sent again; records in gaps are.
	pub booked: Vec<(u64, u64)>,
}

/// What a submission did.
#[derive(Debug, Default, serde::Serialize)]
pub struct Summary {
	/// Records in the file.
	pub records: u64,
	/// Batches the file chunks into.
	pub batches: usize,
	/// Batches found already on chain or in the journal, not sent again.
	pub already_done: usize,
	/// Batches found in the pool from an earlier run, waited for.
	pub resumed_from_pool: usize,
	/// Batches sent by this run.
	pub submitted: usize,
	/// Batches finalized during this run.
	pub finalized: usize,
	/// Records finalized during this run.
	pub records_finalized: u64,
	/// Audit record ids of the batches finalized during this run.
	pub batch_ids: Vec<BatchId>,
	/// Seconds this run took.
	pub seconds: f64,
	/// How finality was followed: `subscription` (WebSocket) or `polling` (HTTP).
	pub finality: &'static str,
	/// Connections re-opened after a drop during this run.
	pub reconnects: u64,
}

/// Progress of a submission, for a progress bar.
pub struct Progress {
	/// Records done (already on chain, or finalized now).
	pub records_done: u64,
	/// All records of the file.
	pub records_total: u64,
	/// Batches done.
	pub batches_done: usize,
	/// All batches.
	pub batches_total: usize,
}

type BatchInfoOf = BatchInfo<AccountId, Balance, BlockNumber>;

/// Hashes of the batch audit records `who` has on chain, with their ids.
pub fn batches_on_chain(
	client: &mut Client,
	who: &AccountId,
) -> chain::Result<HashMap<[u8; 32], BatchId>> {
	let prefix = [twox_128(b"Clearing"), twox_128(b"Batches")].concat();
	let prefix_hex = to_hex(&prefix);
	let mut found = HashMap::new();
	let mut start: Option<String> = None;
	loop {
		let keys = client.call("state_getKeysPaged", json!([prefix_hex, 1000, start, null]))?;
		let keys: Vec<Value> = keys.as_array().cloned().unwrap_or_default();
		if keys.is_empty() {
			break;
		}
		start = keys.last().and_then(Value::as_str).map(str::to_string);
		let answer = client.call("state_queryStorageAt", json!([keys, null]))?;
		let changes = answer.pointer("/0/changes").and_then(Value::as_array).cloned();
		for change in changes.unwrap_or_default() {
			let (Some(key), Some(value)) = (change.get(0), change.get(1)) else { continue };
			if value.is_null() {
				continue;
			}
			let key = from_hex(key)?;
			// Twox64Concat: 8 bytes of hash, then the SCALE-encoded id.
			let id = key
				.get(prefix.len().saturating_add(8)..)
				.and_then(|mut raw| BatchId::decode(&mut raw).ok());
			let info = BatchInfoOf::decode(&mut &from_hex(value)?[..]).ok();
			if let (Some(id), Some(info)) = (id, info) {
				if &info.submitter == who {
					found.insert(info.hash.0, id);
				}
			}
		}
	}
	Ok(found)
}

/// Hashes of the records of the signer's `submit_batch` extrinsics in the pool (also as a proxy),
/// with each one's extrinsic hash.
pub fn batches_in_pool(
	client: &mut Client,
	signer: &chain::Signer,
) -> chain::Result<HashMap<[u8; 32], H256>> {
	let pending = client.call("author_pendingExtrinsics", json!([]))?;
	let mut found = HashMap::new();
	for xt in pending.as_array().into_iter().flatten() {
		let bytes = from_hex(xt)?;
		let Ok(uxt) = UncheckedExtrinsic::decode(&mut &bytes[..]) else { continue };
		let by = match &uxt.preamble {
			sp_runtime::generic::Preamble::Signed(sp_runtime::MultiAddress::Id(by), ..) => by,
			_ => continue,
		};
		if let Some(RuntimeCall::Clearing(pallet_clearing::Call::submit_batch {
			records, ..
		})) = signer.own_call(by, &uxt.function)
		{
			use codec::Encode;
			found.insert(
				sp_io::hashing::blake2_256(&records.encode()),
				chain::extrinsic_hash(&bytes),
			);
		}
	}
	Ok(found)
}

/// Chunk hashes the journal records as finalized.
pub fn journal_finalized(path: &std::path::Path) -> HashSet<[u8; 32]> {
	let Ok(text) = std::fs::read_to_string(path) else { return HashSet::new() };
	text.lines()
		.filter_map(|line| {
			let mut words = line.split_whitespace();
			(words.next() == Some("finalized")).then_some(())?;
			let bytes = hex::decode(words.next()?.trim_start_matches("0x")).ok()?;
			<[u8; 32]>::try_from(bytes).ok()
		})
		.collect()
}

fn journal_line(path: &std::path::Path, line: &str) -> Result<(), String> {
	let mut file = std::fs::OpenOptions::new()
		.create(true)
		.append(true)
		.open(path)
		.map_err(|e| format!("cannot write journal {}: {e}", path.display()))?;
	writeln!(file, "{line}").map_err(|e| format!("cannot write journal {}: {e}", path.display()))
}

/// Submits the chunks not yet on chain and waits until each is finalized.
pub fn submit_chunks(
	client: &mut Client,
	info: &ChainInfo,
	signer: &chain::Signer,
	chunks: &[Chunk],
	options: &Options,
	progress: &mut dyn FnMut(&Progress),
) -> Result<Summary, String> {
	let started = Instant::now();
	let reconnects_before = client.reconnects();
	let me = signer.account();
	let mut summary = Summary {
		records: chunks.iter().map(|c| c.records.len() as u64).sum(),
		batches: chunks.len(),
		..Default::default()
	};
	let on_chain = batches_on_chain(client, &me).map_err(|e| e.to_string())?;
	let journal = journal_finalized(&options.journal);
	let in_pool = batches_in_pool(client, signer).map_err(|e| e.to_string())?;

	let mut state = Progress {
		records_done: 0,
		records_total: summary.records,
		batches_done: 0,
		batches_total: chunks.len(),
	};
	// Extrinsic hash → chunk index, for everything of ours that is in flight.
	let mut pending: HashMap<H256, usize> = HashMap::new();
	let mut to_send = Vec::new();
	let mut chunks: Vec<Chunk> = chunks.to_vec();
	for (index, chunk) in chunks.iter_mut().enumerate() {
		if on_chain.contains_key(&chunk.hash) || journal.contains(&chunk.hash) {
			summary.already_done += 1;
			state.records_done += chunk.records.len() as u64;
			state.batches_done += 1;
		} else if let Some(xt) = in_pool.get(&chunk.hash) {
			summary.resumed_from_pool += 1;
			pending.insert(*xt, index);
		} else {
			// Records the chain has booked already (the chain refuses them) are never re-sent.
			let fresh = crate::bills::without_booked(chunk, &options.booked);
			match fresh {
				Some(fresh) => {
					*chunk = fresh;
					to_send.push(index);
				},
				None => {
					summary.already_done += 1;
					state.records_done += chunk.records.len() as u64;
					state.batches_done += 1;
				},
			}
		}
	}
	progress(&state);

	let mut follower = Follower::new(client, Head::Finalized, true).map_err(|e| e.to_string())?;
	let mut nonce =
		chain::next_nonce(client, &signer.signing_account()).map_err(|e| e.to_string())?;
	let mut to_send = to_send.into_iter().peekable();
	let mut last_progress = Instant::now();
	while to_send.peek().is_some() || !pending.is_empty() {
		while pending.len() < options.in_flight.max(1) {
			let Some(index) = to_send.next() else { break };
			let chunk = &chunks[index];
			let records = chunk.records.clone().try_into().map_err(|_| {
				format!(
					"lines {}–{}: more records than a batch holds",
					chunk.lines.0, chunk.lines.1
				)
			})?;
			let call = RuntimeCall::Clearing(pallet_clearing::Call::submit_batch {
				records,
				pairs: chunk.pairs,
			});
			let xt = info.sign(&signer.pair, nonce, signer.wrap(call));
			let hash = chain::extrinsic_hash(&xt);
			journal_line(&options.journal, &format!("submitted {} {hash:?}", to_hex(&chunk.hash)))?;
			chain::submit_extrinsic(client, &xt).map_err(|e| {
				let hint =
					if e.is_connection() { "; re-run the same command to resume" } else { "" };
				format!(
					"lines {}–{}: the node refused the batch: {e}{hint}",
					chunk.lines.0, chunk.lines.1
				)
			})?;
			nonce = nonce.saturating_add(1);
			summary.submitted += 1;
			pending.insert(hash, index);
		}
		let blocks = follower.wait(client, Duration::from_secs(1)).map_err(|e| {
			format!("{e}; {} batches pending: re-run the same command to resume", pending.len())
		})?;
		if last_progress.elapsed() > options.stall_timeout {
			return Err(format!(
				"none of the {} pending batches finalized for {} s; re-run the same command to resume",
				pending.len(),
				options.stall_timeout.as_secs(),
			));
		}
		for block in blocks {
			for (position, xt) in block.extrinsics.iter().enumerate() {
				let Some(index) = pending.remove(xt) else { continue };
				let chunk = &chunks[index];
				let position = u32::try_from(position).unwrap_or(u32::MAX);
				if let Some(chain::Outcome::Failed(reason)) = block.outcomes.get(&position) {
					return Err(format!(
						"lines {}–{}: batch refused in block #{}: {reason}; no further batch is sent. Fix the cause and re-run the same command: only records the chain has booked are skipped, this batch's records are sent again",
						chunk.lines.0, chunk.lines.1, block.number
					));
				}
				let id = block.events.iter().find_map(|event| match event {
					RuntimeEvent::Clearing(pallet_clearing::Event::BatchAccepted {
						batch,
						hash,
						..
					}) if hash.0 == chunk.hash => Some(*batch),
					_ => None,
				});
				let id = id.ok_or_else(|| {
					format!(
						"lines {}–{}: finalized without a BatchAccepted event",
						chunk.lines.0, chunk.lines.1
					)
				})?;
				journal_line(&options.journal, &format!("finalized {} {id}", to_hex(&chunk.hash)))?;
				last_progress = Instant::now();
				summary.finalized += 1;
				summary.records_finalized += chunk.records.len() as u64;
				summary.batch_ids.push(id);
				state.records_done += chunk.records.len() as u64;
				state.batches_done += 1;
				progress(&state);
			}
		}
	}
	summary.seconds = started.elapsed().as_secs_f64();
	summary.finality = if follower.subscribed() || follower.resubscribed() > 0 {
		"subscription"
	} else {
		"polling"
	};
	summary.reconnects = client.reconnects().saturating_sub(reconnects_before);
	Ok(summary)
}
