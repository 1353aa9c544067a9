//! Submitting bulk bill batches: resumable and idempotent.
//!
//! A chunk counts as done when the chain holds a batch audit record of this submitter with the
//! chunk's hash, or when the journal beside the CSV says it was finalized (audit records are
//! removed some cycles later). Chunks of ours still in the transaction pool are waited for, not
//! sent again. So a re-run, after success or after a crash at any point, sends only what is
//! missing.
//!
//! Within a run, a batch that leaves the pool without reaching a block (the node restarted, the
//! pool dropped it, its mortal era ran out) is signed again with the same nonce and a fresh era
//! and resubmitted, a bounded number of times: two copies with one nonce are never both
//! included, so a resubmission cannot book a batch twice.

use crate::{
	bills::Chunk,
	chain::{self, from_hex, to_hex, ChainInfo, Mortality},
	exit::Failure,
	follow::{Follower, Head},
	rpc::{Client, RpcError},
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
	AccountId, Balance, BlockNumber, Nonce, RuntimeCall, RuntimeEvent, UncheckedExtrinsic,
};

/// How often batches in flight are looked for in the pool.
const CHECK_EVERY: Duration = Duration::from_secs(5);
/// A batch is looked for in the pool only this long after it was (re)submitted.
const LOST_AFTER: Duration = Duration::from_secs(2);
/// Most resubmissions of one batch lost from the pool, in one run.
pub const MAX_RESUBMISSIONS: u32 = 5;

/// What to do about a batch in flight that has not been seen finalized.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
	/// It is in the pool, or its nonce is used in the best chain (it is in a block on its way
	/// to finality): wait.
	Wait,
	/// Neither in the pool nor in a block: sign it again (same nonce, fresh era) and resubmit.
	Resubmit,
	/// Lost once more after [`MAX_RESUBMISSIONS`] resubmissions: give up.
	GiveUp,
}

/// The fate of a batch signed with `nonce`: `in_pool` when a copy of it is in the pool, `used`
/// the signer's nonce at the best block (read after the pool), `resubmitted` how often it was
/// resubmitted already.
pub fn fate(in_pool: bool, nonce: Nonce, used: Nonce, resubmitted: u32) -> Fate {
	if in_pool || nonce < used {
		Fate::Wait
	} else if resubmitted >= MAX_RESUBMISSIONS {
		Fate::GiveUp
	} else {
		Fate::Resubmit
	}
}

/// How the node answered a resubmission.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resubmission {
	/// In the pool again.
	Sent,
	/// A copy with this nonce is in the pool or was just included ("already imported",
	/// "priority too low", "temporarily banned", "stale"): keep waiting for the copies sent.
	Pending,
	/// The chain refuses it (an invalid transaction): exit as refused.
	Refused,
	/// The connection broke for good.
	Lost,
}

/// Classifies the node's answer to a resubmission.
pub fn resubmission(answer: &Result<Value, RpcError>) -> Resubmission {
	match answer {
		Ok(_) => Resubmission::Sent,
		Err(RpcError::Call { code: 1012..=1014, .. }) => Resubmission::Pending,
		Err(RpcError::Call { code: 1010, message, data })
			if message.contains("Stale")
				|| data.as_ref().and_then(Value::as_str).is_some_and(|d| d.contains("Stale")) =>
		{
			Resubmission::Pending
		},
		Err(RpcError::Call { .. }) => Resubmission::Refused,
		Err(_) => Resubmission::Lost,
	}
}

/// A batch in flight: every signed copy of it (one nonce, so at most one is included).
struct InFlight {
	/// The chunk.
	index: usize,
	/// The nonce of every copy.
	nonce: Nonce,
	/// Extrinsic hashes of the copies.
	hashes: Vec<H256>,
	/// When the last copy was submitted.
	sent: Instant,
	/// Copies signed after the first.
	resubmitted: u32,
}

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
	/// Resubmissions of batches lost from the pool (each signed again with its nonce).
	pub resubmitted: usize,
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
/// with each one's extrinsic hash and nonce.
pub fn batches_in_pool(
	client: &mut Client,
	signer: &chain::Signer,
) -> chain::Result<HashMap<[u8; 32], (H256, Nonce)>> {
	let pending = client.call("author_pendingExtrinsics", json!([]))?;
	let mut found = HashMap::new();
	for xt in pending.as_array().into_iter().flatten() {
		let bytes = from_hex(xt)?;
		let Ok(uxt) = UncheckedExtrinsic::decode(&mut &bytes[..]) else { continue };
		let (by, nonce) = match &uxt.preamble {
			sp_runtime::generic::Preamble::Signed(
				sp_runtime::MultiAddress::Id(by),
				_,
				extension,
			) => (by, extension.5 .0),
			_ => continue,
		};
		if let Some(RuntimeCall::Clearing(pallet_clearing::Call::submit_batch {
			records, ..
		})) = signer.own_call(by, &uxt.function)
		{
			use codec::Encode;
			found.insert(
				sp_io::hashing::blake2_256(&records.encode()),
				(chain::extrinsic_hash(&bytes), nonce),
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

/// Submits the chunks not yet on chain and waits until each is finalized. Fails as
/// [`Refused`](crate::exit::Kind::Refused) when the node refuses a batch or it fails in a block, as
/// [`Connection`](crate::exit::Kind::Connection) when the node cannot be reached any more, else as [`Other`](crate::exit::Kind::Other).
pub fn submit_chunks(
	client: &mut Client,
	info: &ChainInfo,
	signer: &chain::Signer,
	chunks: &[Chunk],
	options: &Options,
	progress: &mut dyn FnMut(&Progress),
) -> Result<Summary, Failure> {
	let started = Instant::now();
	let reconnects_before = client.reconnects();
	let me = signer.account();
	let mut summary = Summary {
		records: chunks.iter().map(|c| c.records.len() as u64).sum(),
		batches: chunks.len(),
		..Default::default()
	};
	let on_chain = batches_on_chain(client, &me)?;
	let journal = journal_finalized(&options.journal);
	let in_pool = batches_in_pool(client, signer)?;

	let mut state = Progress {
		records_done: 0,
		records_total: summary.records,
		batches_done: 0,
		batches_total: chunks.len(),
	};
	// Everything of ours that is in flight.
	let mut pending: Vec<InFlight> = Vec::new();
	let mut to_send = Vec::new();
	let mut chunks: Vec<Chunk> = chunks.to_vec();
	for (index, chunk) in chunks.iter_mut().enumerate() {
		if on_chain.contains_key(&chunk.hash) || journal.contains(&chunk.hash) {
			summary.already_done += 1;
			state.records_done += chunk.records.len() as u64;
			state.batches_done += 1;
		} else if let Some((xt, nonce)) = in_pool.get(&chunk.hash) {
			summary.resumed_from_pool += 1;
			pending.push(InFlight {
				index,
				nonce: *nonce,
				hashes: vec![*xt],
				sent: Instant::now(),
				resubmitted: 0,
			});
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

	let mut follower = Follower::new(client, Head::Finalized, true)?;
	let mut nonce = chain::next_nonce(client, &signer.signing_account())?;
	let mut to_send = to_send.into_iter().peekable();
	let mut last_progress = Instant::now();
	let mut last_check = Instant::now();
	let mut reconnects_seen = client.reconnects();
	let lines = |chunk: &Chunk| format!("lines {}–{}", chunk.lines.0, chunk.lines.1);
	let call_of = |chunk: &Chunk| -> Result<RuntimeCall, Failure> {
		let records = chunk.records.clone().try_into().map_err(|_| {
			Failure::input(format!("{}: more records than a batch holds", lines(chunk)))
		})?;
		Ok(signer.wrap(RuntimeCall::Clearing(pallet_clearing::Call::submit_batch {
			records,
			pairs: chunk.pairs,
		})))
	};
	while to_send.peek().is_some() || !pending.is_empty() {
		if to_send.peek().is_some() && pending.len() < options.in_flight.max(1) {
			// Mortal from the finalized head, read afresh for every round of submissions.
			let mortality = Mortality::fetch(client)?;
			while pending.len() < options.in_flight.max(1) {
				let Some(index) = to_send.next() else { break };
				let chunk = &chunks[index];
				let xt = info.sign_mortal(&signer.pair, nonce, call_of(chunk)?, &mortality);
				let hash = chain::extrinsic_hash(&xt);
				journal_line(
					&options.journal,
					&format!("submitted {} {hash:?}", to_hex(&chunk.hash)),
				)?;
				chain::submit_extrinsic(client, &xt).map_err(|e| {
					let hint =
						if e.is_connection() { "; re-run the same command to resume" } else { "" };
					let failure = Failure::from_submission(e);
					Failure::new(
						failure.kind,
						format!("{}: the node refused the batch: {failure}{hint}", lines(chunk)),
					)
				})?;
				pending.push(InFlight {
					index,
					nonce,
					hashes: vec![hash],
					sent: Instant::now(),
					resubmitted: 0,
				});
				nonce = nonce.saturating_add(1);
				summary.submitted += 1;
			}
		}
		let blocks = follower.wait(client, Duration::from_secs(1)).map_err(|e| {
			let failure = Failure::from(e);
			Failure::new(
				failure.kind,
				format!(
					"{failure}; {} batches pending: re-run the same command to resume",
					pending.len()
				),
			)
		})?;
		for block in blocks {
			for (position, xt) in block.extrinsics.iter().enumerate() {
				let Some(slot) = pending.iter().position(|p| p.hashes.contains(xt)) else {
					continue;
				};
				let index = pending.swap_remove(slot).index;
				let chunk = &chunks[index];
				let position = u32::try_from(position).unwrap_or(u32::MAX);
				if let Some(chain::Outcome::Failed(reason)) = block.outcomes.get(&position) {
					return Err(Failure::refused(format!(
						"{}: batch refused in block #{}: {reason}; no further batch is sent. Fix the cause and re-run the same command: only records the chain has booked are skipped, this batch's records are sent again",
						lines(chunk), block.number
					)));
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
					format!("{}: finalized without a BatchAccepted event", lines(chunk))
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
		// Batches lost from the pool (a node restart empties it; a pool drops what turned
		// invalid; an era runs out): looked for now and then, and at once after a reconnect.
		let reconnected = client.reconnects() != reconnects_seen;
		if !pending.is_empty() && (reconnected || last_check.elapsed() >= CHECK_EVERY) {
			last_check = Instant::now();
			reconnects_seen = client.reconnects();
			let resubmitted = resubmit_lost(
				client,
				info,
				signer,
				&chunks,
				&mut pending,
				&options.journal,
				&call_of,
			)?;
			if resubmitted > 0 {
				// A resubmission restarts the wait (bounded: a batch is resubmitted at most
				// MAX_RESUBMISSIONS times).
				summary.resubmitted += resubmitted;
				last_progress = Instant::now();
			}
		}
		if last_progress.elapsed() > options.stall_timeout {
			return Err(format!(
				"none of the {} pending batches finalized for {} s; re-run the same command to resume",
				pending.len(),
				options.stall_timeout.as_secs(),
			)
			.into());
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

/// Finds the batches in flight that are neither in the pool nor in a block of the best chain,
/// and signs each again with its nonce and a fresh mortal era and resubmits it (in nonce
/// order). Returns how many were resubmitted.
fn resubmit_lost(
	client: &mut Client,
	info: &ChainInfo,
	signer: &chain::Signer,
	chunks: &[Chunk],
	pending: &mut [InFlight],
	journal: &std::path::Path,
	call_of: &dyn Fn(&Chunk) -> Result<RuntimeCall, Failure>,
) -> Result<usize, Failure> {
	if pending.iter().all(|p| p.sent.elapsed() < LOST_AFTER) {
		return Ok(0);
	}
	// The pool first, then the nonce: a batch leaving the pool for a block in between is seen
	// as used, not as lost.
	let pool = chain::pool_hashes(client)?;
	let used = chain::account_nonce(client, &signer.signing_account(), None)?;
	pending.sort_by_key(|p| p.nonce);
	let mut mortality = None;
	let mut resubmitted = 0;
	for batch in pending.iter_mut().filter(|p| p.sent.elapsed() >= LOST_AFTER) {
		let chunk = &chunks[batch.index];
		let in_pool = batch.hashes.iter().any(|h| pool.contains(h));
		match fate(in_pool, batch.nonce, used, batch.resubmitted) {
			Fate::Wait => continue,
			Fate::GiveUp => {
				return Err(format!(
					"{}: the batch left the pool without reaching a block {} times; re-run the same command to resume",
					format_args!("lines {}–{}", chunk.lines.0, chunk.lines.1),
					batch.resubmitted + 1
				)
				.into())
			},
			Fate::Resubmit => {},
		}
		let era = match mortality {
			Some(era) => era,
			None => *mortality.insert(Mortality::fetch(client)?),
		};
		let xt = info.sign_mortal(&signer.pair, batch.nonce, call_of(chunk)?, &era);
		let hash = chain::extrinsic_hash(&xt);
		journal_line(journal, &format!("resubmitted {} {hash:?}", to_hex(&chunk.hash)))?;
		let answer = client.call("author_submitExtrinsic", json!([to_hex(&xt)]));
		batch.sent = Instant::now();
		match resubmission(&answer) {
			Resubmission::Sent => {
				batch.hashes.push(hash);
				batch.resubmitted += 1;
				resubmitted += 1;
			},
			Resubmission::Pending => {},
			Resubmission::Refused | Resubmission::Lost => {
				let failure = Failure::from_submission(
					answer.err().unwrap_or_else(|| RpcError::Protocol("no answer".into())),
				);
				return Err(Failure::new(
					failure.kind,
					format!(
						"lines {}–{}: the batch was lost from the pool and its resubmission failed: {failure}",
						chunk.lines.0, chunk.lines.1
					),
				));
			},
		}
	}
	Ok(resubmitted)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_batch_is_resubmitted_only_when_neither_in_the_pool_nor_in_a_block() {
		// In the pool, whatever the nonce says.
		assert_eq!(fate(true, 5, 5, 0), Fate::Wait);
		assert_eq!(fate(true, 5, 9, MAX_RESUBMISSIONS), Fate::Wait);
		// Its nonce is used in the best chain: in a block, on its way to finality.
		assert_eq!(fate(false, 5, 6, 0), Fate::Wait);
		assert_eq!(fate(false, 5, 6, MAX_RESUBMISSIONS), Fate::Wait);
		// Lost: resubmitted, a bounded number of times.
		assert_eq!(fate(false, 5, 5, 0), Fate::Resubmit);
		assert_eq!(fate(false, 7, 5, MAX_RESUBMISSIONS - 1), Fate::Resubmit);
		assert_eq!(fate(false, 5, 5, MAX_RESUBMISSIONS), Fate::GiveUp);
	}

	#[test]
	fn a_resubmission_answer_is_sent_pending_refused_or_lost() {
		let call = |code, message: &str, data: Option<Value>| {
			Err(RpcError::Call { code, message: message.into(), data })
		};
		assert_eq!(resubmission(&Ok(json!("0x00"))), Resubmission::Sent);
		assert_eq!(
			resubmission(&call(1013, "Transaction Already Imported", None)),
			Resubmission::Pending
		);
		assert_eq!(resubmission(&call(1014, "Priority is too low", None)), Resubmission::Pending);
		assert_eq!(
			resubmission(&call(1012, "Transaction is temporarily banned", None)),
			Resubmission::Pending
		);
		assert_eq!(
			resubmission(&call(
				1010,
				"Invalid Transaction",
				Some(json!("Transaction is outdated (Stale)"))
			)),
			Resubmission::Pending
		);
		assert_eq!(
			resubmission(&call(
				1010,
				"Invalid Transaction",
				Some(json!("Inability to pay some fees"))
			)),
			Resubmission::Refused
		);
		assert_eq!(resubmission(&call(1002, "Verification Error", None)), Resubmission::Refused);
		assert_eq!(resubmission(&Err(RpcError::Connection("gone".into()))), Resubmission::Lost);
	}
}
