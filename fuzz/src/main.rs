//! `runtime-fuzz`: random programs of (origin, call, blocks to advance) against the whole
//! runtime from the dev genesis (the demo consortium), through `Executive` and the transaction
//! extensions, with the runtime's invariants checked after every block.
//!
//! ```text
//! runtime-fuzz --seconds 60            # CI: a minute from a time-derived seed
//! runtime-fuzz --seed 42 --programs 1  # replay one program (printed with every finding)
//! ```
//!
//! Calls come from a metadata walk (`generate`), with ids the chain has shown in its events,
//! from builders that hold device keys and commitment salts (`scenario`, `world`), and from
//! guided steps that dry-run candidates and send one that would succeed; see fuzz/README.md.
//!
//! After each block it asserts: no panic; total issuance equals the sum of all balances and
//! moves only by the fees the block burned; no account has more on hold than it has reserved;
//! every custom pallet's `try_state` invariants hold; the block's weight and length are within
//! the limits. A finding prints the program's seed and exits with status 1.

#![allow(clippy::arithmetic_side_effects, clippy::indexing_slicing, clippy::expect_used)]
#![allow(clippy::panic, clippy::unwrap_used)]

mod checks;
mod exec;
mod generate;
mod liveness;
mod scenario;
mod world;

use checks::Timing;
use clap::Parser;
use codec::{Decode, Encode};
use exec::Engine;
use frame_support::dispatch::{DispatchClass, GetDispatchInfo};
use frame_support::BoundedVec;
use generate::{Dictionary, Rng, Targets};
use serde_json::{json, Value};
use sp_consensus_aura::{Slot, AURA_ENGINE_ID};
use sp_core::{sr25519, Pair, H256};
use sp_runtime::{
	generic::{Digest, DigestItem},
	traits::{Header as _, IdentifyAccount},
	BuildStorage, MultiSigner, Storage,
};
use std::{
	collections::{BTreeMap, BTreeSet},
	panic::AssertUnwindSafe,
	time::{Duration, Instant},
};
use telecom_cli::chain::{describe, ChainInfo};
use telecom_runtime::{
	AccountId, Header, Runtime, RuntimeCall, RuntimeEvent, RuntimeGenesisConfig, System,
	UncheckedExtrinsic,
};
use world::World;

#[derive(Parser)]
#[command(name = "runtime-fuzz", about = "Structure-aware fuzzer of the telecom runtime")]
struct Args {
	/// Stop after this many seconds.
	#[arg(long, default_value_t = 60)]
	seconds: u64,
	/// Stop after this many programs (0: no limit).
	#[arg(long, default_value_t = 0)]
	programs: u64,
	/// Seed of the first program (default: from the clock); program n uses seed + n.
	#[arg(long)]
	seed: Option<u64>,
	/// Steps per program.
	#[arg(long, default_value_t = 150)]
	steps: usize,
	/// Stop after this many findings.
	#[arg(long, default_value_t = 5)]
	max_findings: usize,
	/// Exit non-zero if a call of a business pallet never dispatched successfully (other
	/// than the exempt ones, listed in `EXEMPT` with their reasons).
	#[arg(long)]
	require_all: bool,
	/// Session length in blocks, written to the council's `SessionPeriod` parameter at
	/// genesis (default: the runtime's, 10 minutes). A period longer than a program means no
	/// session rotates during it.
	#[arg(long)]
	session_period: Option<u32>,
	/// Execute blocks through the runtime's wasm (the code validators run) instead of the
	/// native runtime (the blob: `--wasm-file`, or the one built into the runtime crate).
	#[arg(long)]
	wasm: bool,
	/// With `--wasm`: the runtime blob to execute (raw or compressed wasm; by default the one
	/// built into the runtime crate). It must be the version of the native runtime.
	#[arg(long)]
	wasm_file: Option<std::path::PathBuf>,
	/// Percent of the failed extrinsics checked to have changed nothing but fees (a storage
	/// root comparison, about two milliseconds each).
	#[arg(long, default_value_t = 100)]
	check_failed: u64,
	/// Exit with status 3 if a call's execution took more than this fraction of its
	/// benchmarked weight (ref_time as time; re-timed as the least of four runs). Meaningful
	/// in release builds only.
	#[arg(long)]
	max_time_fraction: Option<f64>,
	/// Show that the liveness and deposit-path checks catch what they are for: inject a stuck
	/// object, an orphan hold and a deposit whose only way back lies beyond any configured
	/// period, each in a rolled-back storage transaction, and expect a finding for each (and
	/// none on the clean dev genesis). Exit status 4 if one is missed.
	#[arg(long)]
	self_test: bool,
}

/// The pallets whose calls are generated. Admin calls go through `sudo` (Alice is the dev
/// chain's sudo key), so governance paths are exercised too.
const TARGETS: &[&str] =
	&["Clearing", "Tender", "Roaming", "DeviceIdentity", "Spectrum", "FiveGSharing", "Balances"];

/// The pallets whose every call must succeed at least once under `--require-all`.
const BUSINESS: &[&str] =
	&["Clearing", "Tender", "Roaming", "DeviceIdentity", "Spectrum", "FiveGSharing"];

/// Business calls that cannot succeed in the fuzzer's world, with the reason (also in
/// fuzz/README.md). Nothing else may be exempt from `--require-all`.
const EXEMPT: &[(&str, &str)] = &[];

/// The dev accounts that sign: the four operators (Alice … Dave, the consortium at genesis),
/// then the dev expert registry's seven non-operators (Eve, Ferdie and five stash accounts: a
/// weighted tender's panel of five is drawn from them, and the fuzzer must sign for whoever is
/// drawn).
const DEV: &[&str] = &[
	"//Alice",
	"//Bob",
	"//Charlie",
	"//Dave",
	"//Eve",
	"//Ferdie",
	"//Alice//stash",
	"//Bob//stash",
	"//Charlie//stash",
	"//Dave//stash",
	"//Eve//stash",
];

struct Fuzzer {
	targets: Targets,
	dict: Dictionary,
	keys: Vec<sr25519::Pair>,
	genesis: Storage,
	genesis_hash: H256,
	/// (call name, outcome) pairs seen: the coverage measure.
	seen: BTreeSet<(String, String)>,
	/// Per call: (sent, dispatched successfully), over the run.
	calls: BTreeMap<String, (u64, u64)>,
	/// Per call: successes in the current program, which guided steps weigh by (so a
	/// program depends on its seed only and replays alone).
	program_successes: BTreeMap<String, u64>,
	/// Every call of the target pallets: (pallet index, call index, name).
	all_calls: Vec<(u8, u8, String)>,
	/// The business pallets (by index) the current program concentrates on.
	focus: Vec<u8>,
	/// Whether the current program is deep (one pallet, mostly built steps).
	deep: bool,
	/// `FUZZ_TRACE` set: every extrinsic and its outcome is printed as it is applied.
	trace: bool,
	stats: BTreeMap<&'static str, u64>,
	/// Whether the open block started a new session (see `close_block`).
	rotated_session: bool,
	/// The keys of the dev chain's demo devices and manufacturer, which every program starts
	/// with.
	world: World,
	/// Native or wasm execution of blocks.
	engine: Engine,
	/// Percent of failed extrinsics whose state change is checked.
	check_failed: u64,
	/// `--max-time-fraction`: a call still over it after four timed runs is re-timed up to
	/// `RETIMES` runs (none: four runs, the timings are only reported).
	time_limit: Option<f64>,
	/// Per call: execution time against weight.
	timings: BTreeMap<String, Timing>,
	/// Each settlement asset's supply after the last block of the program.
	asset_supply: BTreeMap<u32, u128>,
}

fn merge(base: &mut Value, patch: Value) {
	match (base, patch) {
		(Value::Object(base), Value::Object(patch)) => {
			for (key, value) in patch {
				merge(base.entry(key).or_insert(Value::Null), value);
			}
		},
		(base, patch) => *base = patch,
	}
}

impl Fuzzer {
	fn new(
		session_period: Option<u32>,
		engine: Engine,
		check_failed: u64,
		time_limit: Option<f64>,
	) -> Self {
		let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).expect("serialises");
		merge(&mut config, telecom_runtime::genesis_config_presets::development_config_genesis());
		// Dave, an operator, is left out of clearing at genesis so that `join` (an operator
		// registering itself) can succeed; he joins during a program.
		if let Some(Value::Array(participants)) = config.pointer_mut("/clearing/participants") {
			participants.retain(|p| p != &json!(dev_account("//Dave")));
		}
		let config: RuntimeGenesisConfig = serde_json::from_value(config).expect("dev preset");
		let mut genesis = config.build_storage().expect("dev genesis builds");
		// The tender minimums are storage parameters, shortened as on a test chain so that a
		// tender's whole life (bids, reveals, scores, standstill) fits in a program.
		{
			use telecom_runtime::configs::*;
			let [bid, open, eu, eu_notice, cutoff, reveal, standstill, conclude, retention] =
				scenario::TENDER_PERIODS;
			for (key, value) in [
				(TenderMinBidPeriod::key(), bid),
				(TenderMinOpenPeriod::key(), open),
				(TenderMinEuOpenPeriod::key(), eu),
				(TenderMinEuOpenPriorNoticePeriod::key(), eu_notice),
				(TenderAnswerCutoff::key(), cutoff),
				(TenderMinRevealPeriod::key(), reveal),
				(TenderMinStandstill::key(), standstill),
				(TenderConcludePeriod::key(), conclude),
				(TenderRetentionPeriod::key(), retention),
				(TenderSeedRevealPeriod::key(), scenario::TENDER_SEED_REVEAL),
			] {
				genesis.top.insert(key.to_vec(), value.encode());
			}
			if let Some(period) = session_period {
				genesis.top.insert(SessionPeriod::key().to_vec(), period.encode());
			}
		}
		let keys: Vec<sr25519::Pair> =
			DEV.iter().map(|s| sr25519::Pair::from_string(s, None).expect("dev key")).collect();
		let accounts: Vec<AccountId> =
			keys.iter().map(|k| MultiSigner::from(k.public()).into_account()).collect();
		let devices = ["SN-AAU-2026-0001", "SN-AAU-2026-0002", "SN-AAU-2026-0003"]
			.iter()
			.map(|s| telecom_runtime::genesis_config_presets::demo_device_id(s))
			.chain([H256::zero()])
			.collect();
		let targets = Targets::new(TARGETS);
		Fuzzer {
			all_calls: targets.all_calls(),
			trace: std::env::var_os("FUZZ_TRACE").is_some(),
			focus: Vec::new(),
			deep: false,
			targets,
			dict: Dictionary { accounts, hashes: devices },
			keys,
			genesis,
			genesis_hash: H256::repeat_byte(0x47),
			seen: BTreeSet::new(),
			calls: BTreeMap::new(),
			program_successes: BTreeMap::new(),
			stats: BTreeMap::new(),
			rotated_session: false,
			world: World::dev(),
			engine,
			check_failed,
			time_limit,
			timings: BTreeMap::new(),
			asset_supply: BTreeMap::new(),
		}
	}

	/// `call` signed by dev account `who`, as the billing CLI signs it.
	fn sign(&self, who: usize, nonce: u32, call: RuntimeCall) -> UncheckedExtrinsic {
		let version = telecom_runtime::VERSION;
		ChainInfo {
			genesis: self.genesis_hash,
			spec_version: version.spec_version,
			transaction_version: version.transaction_version,
		}
		.extrinsic(&self.keys[who], nonce, call, None)
	}

	/// Runs one program; returns a description of the first invariant broken, if any.
	fn program(&mut self, seed: u64, steps: usize) -> Result<(), String> {
		let mut rng = Rng(seed);
		let mut world = self.world.clone();
		// Each program concentrates on two business pallets, so their objects live long
		// enough to be driven through their whole life; the other pallets get a few calls.
		let business: Vec<u8> = self
			.targets
			.pallets
			.iter()
			.filter(|(_, name, _)| BUSINESS.contains(&name.as_str()))
			.map(|(index, ..)| *index)
			.collect();
		let first = *rng.pick(&business);
		let second = *rng.pick(&business);
		// One program in three is deep: a single business pallet, mostly built steps, so that
		// its longest sequences (a tender's panel, scores, award and challenge; a project's
		// milestones; on-chain settlement of a cycle) run to their end.
		self.deep = rng.chance(33);
		self.focus = if self.deep { vec![first] } else { vec![first, second] };
		self.program_successes.clear();
		self.asset_supply.clear();
		let mut ext = sp_io::TestExternalities::new(self.genesis.clone());
		let mut log: Vec<String> = Vec::new();
		let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
			ext.execute_with(|| {
				// Block 0's hash is what CheckGenesis compares against.
				frame_system::BlockHash::<Runtime>::insert(0, self.genesis_hash);
				let mut now: u64 = 1_795_000_000_000; // 2026-11-17, in the dev data's year
				let mut number: u32 = 0;
				let mut in_block = false;
				let mut issuance = pallet_balances::TotalIssuance::<Runtime>::get();
				for _ in 0..steps {
					if !in_block {
						number += 1;
						now += 6_000;
						self.open_block(number, now, &mut log)?;
						in_block = true;
					}
					if rng.chance(75) {
						if let Err(e) = self.extrinsic(&mut rng, &mut world, &mut log) {
							return Err(format!("{e}\n  after: {}", log.join("\n         ")));
						}
					} else {
						self.close_block(&mut issuance, &log)?;
						in_block = false;
						// Sometimes time jumps: an hour, a day or a month without blocks.
						// A site change proposal lapses after 30 days: while one is open in
						// a program on the sharing pallet, a month's jump is a day's, so that
						// its owners can approve and execute it (milestones, commissioning).
						let proposals_open = self.focus_named(&["FiveGSharing"])
							&& pallet_5g_sharing::Proposals::<Runtime>::iter_keys()
								.next()
								.is_some();
						now += match rng.below(10) {
							0 => 3_600_000,
							1 => 86_400_000,
							2 if proposals_open => 86_400_000,
							2 => 31 * 86_400_000,
							_ => 0,
						};
						// Rarely, a quarter of a year passes: retention periods (counted in
						// blocks) end, so the purges and reclaims they gate can succeed.
						let odds = if self.focus_named(&["Clearing", "DeviceIdentity", "Roaming"]) {
							25
						} else {
							150
						};
						if rng.below(odds) == 0 {
							self.long_gap(
								LONG_GAP,
								&mut number,
								&mut now,
								&mut issuance,
								&mut log,
							)?;
						} else if rng.below(odds) == 0
							|| (self.focus_named(&["Roaming"])
								&& scenario::discount_note_waiting()
								&& rng.below(8) == 0)
						{
							// Three days: the two-day dispute windows (clearing's mandate
							// bills, 5G traffic counters and changes, roaming files) pass;
							// half the time eight: the week a discount note waits for an
							// answer passes too.
							let gap = if rng.chance(50) { SHORT_GAP } else { WEEK_GAP };
							self.long_gap(gap, &mut number, &mut now, &mut issuance, &mut log)?;
						}
						let mut empty = *rng.pick(&[0u32, 0, 1, 1, 2, 3, 5, 12]);
						if self.focus_named(&["Tender"]) && scenario::tender_window_open() {
							empty = empty.min(1);
						}
						for _ in 0..empty {
							number += 1;
							now += 6_000;
							self.open_block(number, now, &mut log)?;
							self.close_block(&mut issuance, &log)?;
						}
					}
				}
				if in_block {
					self.close_block(&mut issuance, &log)?;
				}
				Ok::<(), String>(())
			})
		}));
		match outcome {
			Ok(result) => result,
			Err(panic) => {
				let message = panic
					.downcast_ref::<String>()
					.cloned()
					.or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
					.unwrap_or_default();
				Err(format!("PANIC {message}\n  after: {}", log.join("\n         ")))
			},
		}
	}

	fn open_block(&mut self, number: u32, now: u64, log: &mut Vec<String>) -> Result<(), String> {
		let slot = Slot::from(now / 6_000);
		let digest = Digest { logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, slot.encode())] };
		let parent = frame_system::BlockHash::<Runtime>::get(number - 1);
		let header = Header::new(number, H256::zero(), H256::zero(), parent, digest);
		let session = pallet_session::CurrentIndex::<Runtime>::get();
		self.engine.initialize_block(&header).map_err(|e| format!("block #{number}: {e}"))?;
		self.rotated_session = pallet_session::CurrentIndex::<Runtime>::get() != session;
		if self.rotated_session {
			*self.stats.entry("session rotations").or_default() += 1;
		}
		let set =
			UncheckedExtrinsic::new_bare(RuntimeCall::Timestamp(pallet_timestamp::Call::set {
				now,
			}));
		let applied =
			self.engine.apply_extrinsic(set).map_err(|e| format!("block #{number}: {e}"))?;
		if !matches!(applied, Ok(Ok(()))) {
			return Err(format!("block #{number}: timestamp inherent refused: {applied:?}"));
		}
		log.push(format!("#{number} at {now}"));
		*self.stats.entry("blocks").or_default() += 1;
		Ok(())
	}

	fn extrinsic(
		&mut self,
		rng: &mut Rng,
		world: &mut World,
		log: &mut Vec<String>,
	) -> Result<(), String> {
		// Structured calls (signatures, commitments, timetables) some of the time; otherwise
		// a call from the metadata walk, with ids from what the chain has shown.
		// A panic in a builder is the fuzzer's own bug, not the runtime's: it is counted
		// (`builder panics`) and the step falls back to a generated call.
		let built = if rng.chance(if self.deep { 70 } else { 35 }) {
			let accounts = &self.dict.accounts;
			let focus: Vec<&str> = self
				.targets
				.pallets
				.iter()
				.filter(|(index, ..)| self.focus.contains(index))
				.map(|(_, name, _)| name.as_str())
				.collect();
			let built = std::panic::catch_unwind(AssertUnwindSafe(|| {
				scenario::step(world, rng, accounts, &focus)
			}));
			built.unwrap_or_else(|_| {
				*self.stats.entry("builder panics").or_default() += 1;
				None
			})
		} else {
			None
		};
		let (who, call) = match built {
			Some(step) => {
				let call = if step.sudo {
					RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(step.call) })
				} else {
					step.call
				};
				(if step.sudo { 0 } else { step.who }, call)
			},
			None if rng.chance(70) => match self.guided(rng, world) {
				Some(choice) => choice,
				None => return Ok(()),
			},
			None => {
				let bytes = if rng.chance(FOCUS_PERCENT) {
					let in_focus: Vec<&(u8, u8, String)> =
						self.all_calls.iter().filter(|c| self.focus.contains(&c.0)).collect();
					let (pallet, index, _) = (*rng.pick(&in_focus)).clone();
					self.targets.call_of(pallet, index, rng, &self.dict, &world.pools)
				} else {
					Some(self.targets.call(rng, &self.dict, &world.pools))
				};
				let Some(bytes) = bytes else { return Ok(()) };
				let Ok(call) = RuntimeCall::decode(&mut &bytes[..]) else {
					*self.stats.entry("undecodable").or_default() += 1;
					return Ok(());
				};
				// Root's own balance calls (mint, burn, set balance) are the known issuance
				// paths; they are left out of sudo so conservation stays checkable.
				let rootable = !matches!(call, RuntimeCall::Balances(_));
				if rootable && rng.chance(15) {
					(0, RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) }))
				} else {
					(rng.below(self.keys.len()), call)
				}
			},
		};
		let inner = match &call {
			RuntimeCall::Sudo(pallet_sudo::Call::sudo { call }) => call.encode(),
			call => call.encode(),
		};
		let name = self.targets.call_name(inner[0], inner.get(1).copied().unwrap_or(0));
		let nonce = frame_system::Pallet::<Runtime>::account_nonce(&self.dict.accounts[who]);
		let uxt = self.sign(who, nonce, call);
		let events_before = System::event_count();
		// The extrinsic runs in a storage transaction, so that it can be re-timed from the
		// same state and a failure's effect compared with its fee alone.
		let info = uxt.get_dispatch_info();
		let limits = <Runtime as frame_system::Config>::BlockWeights::get();
		let weight_ps =
			info.total_weight().saturating_add(limits.get(info.class).base_extrinsic).ref_time();
		sp_io::storage::start_transaction();
		let started = Instant::now();
		let mut applied = self.engine.apply_extrinsic(uxt.clone())?;
		let mut time_ns = started.elapsed().as_nanos() as u64;
		if !cfg!(debug_assertions) && checks::ratio(time_ns, weight_ps) > RETIME_ABOVE {
			// A slow run may be the shared machine's noise: the least of four runs counts, and
			// of up to `RETIMES` if it is still over `--max-time-fraction` (with a pause between
			// runs, so that a preempted stretch passes): an under-weighted call stays slow in
			// every run, a preempted one does not. Without the flag the timings are only
			// reported, and the further runs (which cost more than half of a run's time on the
			// loaded machine) are not made.
			*self.stats.entry("re-timed").or_default() += 1;
			for run in 0..RETIMES {
				if run >= 3 {
					let ratio = checks::ratio(time_ns, weight_ps);
					if self.time_limit.is_none_or(|limit| ratio <= limit) {
						break;
					}
					if run == 3 {
						*self.stats.entry("re-timed again").or_default() += 1;
					}
					std::thread::sleep(Duration::from_millis(2));
				}
				sp_io::storage::rollback_transaction();
				sp_io::storage::start_transaction();
				let started = Instant::now();
				applied = self.engine.apply_extrinsic(uxt.clone())?;
				time_ns = time_ns.min(started.elapsed().as_nanos() as u64);
			}
		}
		*self.stats.entry("extrinsics").or_default() += 1;
		let outcome = match &applied {
			Err(e) => format!("invalid: {e:?}"),
			Ok(Ok(())) => {
				// A sudo'd call reports its own result in the Sudid event.
				let sudid =
					System::events().into_iter().skip(events_before as usize).find_map(|r| match r
						.event
					{
						RuntimeEvent::Sudo(pallet_sudo::Event::Sudid { sudo_result }) => {
							Some(sudo_result)
						},
						_ => None,
					});
				match sudid {
					Some(Err(e)) => describe(&e),
					_ => "Ok".to_string(),
				}
			},
			Ok(Err(e)) => describe(e),
		};
		*self
			.stats
			.entry(if outcome == "Ok" { "dispatched ok" } else { "refused" })
			.or_default() += 1;
		// A failure changes nothing but its fee (and an invalid extrinsic nothing at all).
		if outcome != "Ok" && rng.below(100) < self.check_failed as usize {
			*self.stats.entry("failures checked").or_default() += 1;
			checks::only_fees_changed(Some(&self.dict.accounts[who]))
				.map_err(|e| format!("{name} by {} → {outcome}: {e}", DEV[who]))?;
		} else {
			sp_io::storage::commit_transaction();
		}
		self.timings.entry(name.clone()).or_default().note(time_ns, weight_ps);
		// What the chain showed becomes ids and values for later calls.
		for record in System::events().iter().skip(events_before as usize) {
			self.targets.harvest(&record.event.encode(), &mut world.pools);
		}
		let counts = self.calls.entry(name.clone()).or_default();
		counts.0 += 1;
		if outcome == "Ok" {
			counts.1 += 1;
			*self.program_successes.entry(name.clone()).or_default() += 1;
		}
		log.push(format!("{name} by {} → {outcome}", DEV[who]));
		if self.trace {
			eprintln!("#{} {}", System::block_number(), log.last().map_or("", String::as_str));
		}
		self.seen.insert((name, outcome));
		Ok(())
	}

	/// Whether the program's focus includes one of `pallets`.
	fn focus_named(&self, pallets: &[&str]) -> bool {
		self.targets
			.pallets
			.iter()
			.any(|(index, name, _)| self.focus.contains(index) && pallets.contains(&name.as_str()))
	}

	/// About a quarter of a year passes (`LONG_GAP` blocks): blocks are produced only where
	/// the runtime has work due at an exact block number (the spectrum market's activity
	/// ends, preemptions, heartbeats and expiries, and every block while sweeps are queued),
	/// so nothing scheduled is skipped; the clock advances with the block numbers.
	fn long_gap(
		&mut self,
		blocks: u32,
		number: &mut u32,
		now: &mut u64,
		issuance: &mut u128,
		log: &mut Vec<String>,
	) -> Result<(), String> {
		*self.stats.entry("long gaps").or_default() += 1;
		let target = *number + blocks;
		// Recurring schedules (heartbeats, sweeps) could make a gap produce many blocks: it
		// ends early, after `LONG_GAP_MAX_BLOCKS` (nothing due is ever skipped).
		let mut produced = 0;
		while *number < target && produced < LONG_GAP_MAX_BLOCKS {
			produced += 1;
			let next = if pallet_spectrum_market::Sweeps::<Runtime>::get().is_empty() {
				next_scheduled(*number).unwrap_or(target).min(target)
			} else {
				*number + 1
			};
			*now += u64::from(next - *number) * 6_000;
			// The blocks in between are empty and nothing is due in them: they are elided
			// (frame-system wants consecutive numbers, so the last one is recorded as done).
			frame_system::Pallet::<Runtime>::set_block_number(next - 1);
			*number = next;
			self.open_block(*number, *now, log)?;
			self.close_block(issuance, log)?;
		}
		Ok(())
	}

	/// A generated call that would succeed, found by dry runs: a call is chosen, weighted by
	/// 1/sqrt(1 + its successes in this program) and towards the focus pallets; up to
	/// `GUIDED_CANDIDATES` argument sets are dispatched, each rolled back, under each dev
	/// account and under root, and the first that succeeds is sent for real (through the
	/// extrinsic pipeline, signed; root through `sudo`). If none succeeds, the last candidate
	/// is sent by a random signer (its refusal is covered too).
	fn guided(&mut self, rng: &mut Rng, world: &World) -> Option<(usize, RuntimeCall)> {
		// The call to try: each call is weighted by 1 / (1 + its successes so far), so calls
		// that have never succeeded get most of the attempts. Balances are left to the random
		// steps (a guided search would find the transfers that drain the signers).
		let weights: Vec<f64> = self
			.all_calls
			.iter()
			.map(|(pallet, _, name)| {
				if name.starts_with("Balances.") {
					return 0.0;
				}
				let focus = if self.focus.contains(pallet) {
					FOCUS_PERCENT as f64
				} else {
					(100 - FOCUS_PERCENT) as f64
				};
				let successes = self.program_successes.get(name).copied().unwrap_or(0);
				// Calls that end an object early (a cancelled tender, a project left or
				// cancelled) are reached once a program and then rarely repeated, so that
				// the objects live on to their later steps.
				let ending =
					if successes > 0 && ENDING_CALLS.contains(&name.as_str()) { 0.1 } else { 1.0 };
				ending * focus / (1.0 + successes as f64).sqrt()
			})
			.collect();
		let total: f64 = weights.iter().sum();
		let mut point = (rng.next() % 1_000_000) as f64 / 1_000_000.0 * total;
		let mut chosen = 0;
		for (i, weight) in weights.iter().enumerate() {
			if point < *weight {
				chosen = i;
				break;
			}
			point -= weight;
		}
		let (pallet, index, _) = self.all_calls[chosen].clone();
		let signers = self.keys.len();
		let mut fallback = None;
		for _ in 0..GUIDED_CANDIDATES {
			let bytes = self.targets.call_of(pallet, index, rng, &self.dict, &world.pools)?;
			let Ok(call) = RuntimeCall::decode(&mut &bytes[..]) else {
				*self.stats.entry("undecodable").or_default() += 1;
				continue;
			};
			let first = rng.below(signers);
			for k in 0..=signers {
				let (who, origin) = if k == signers {
					(ROOT, telecom_runtime::RuntimeOrigin::root())
				} else {
					let who = (first + k) % signers;
					(who, telecom_runtime::RuntimeOrigin::signed(self.dict.accounts[who].clone()))
				};
				*self.stats.entry("dry runs").or_default() += 1;
				if dry_run(&call, origin) {
					return Some(if who == ROOT {
						(0, RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) }))
					} else {
						(who, call)
					});
				}
			}
			fallback = Some(call);
		}
		Some((rng.below(signers), fallback?))
	}

	fn close_block(&mut self, issuance: &mut u128, log: &[String]) -> Result<(), String> {
		let fail = |what: String| Err(format!("{what}\n  after: {}", log.join("\n         ")));
		let fees: u128 = System::events()
			.iter()
			.map(|r| match &r.event {
				RuntimeEvent::TransactionPayment(
					pallet_transaction_payment::Event::TransactionFeePaid {
						actual_fee, tip, ..
					},
				) => actual_fee + tip,
				// A holder burning its own funds is a known burn path.
				RuntimeEvent::Balances(pallet_balances::Event::Burned { amount, .. }) => *amount,
				_ => 0,
			})
			.sum();
		let weight = frame_system::BlockWeight::<Runtime>::get();
		// `AllExtrinsicsLen` is private to frame-system: read it by its storage key.
		let length_key =
			[sp_io::hashing::twox_128(b"System"), sp_io::hashing::twox_128(b"AllExtrinsicsLen")]
				.concat();
		let length: u32 = sp_io::storage::get(&length_key)
			.and_then(|raw| u32::decode(&mut &raw[..]).ok())
			.unwrap_or(0);
		self.engine
			.finalize_block()
			.map_err(|e| format!("{e}\n  after: {}", log.join("\n         ")))?;

		// Issuance: equal to all balances, and down by exactly the fees burned.
		let total = pallet_balances::TotalIssuance::<Runtime>::get();
		let mut sum = 0u128;
		for (who, account) in frame_system::Account::<Runtime>::iter() {
			sum += account.data.free + account.data.reserved;
			let held: u128 =
				pallet_balances::Holds::<Runtime>::get(&who).iter().map(|h| h.amount).sum();
			if held > account.data.reserved {
				return fail(format!(
					"{who}: {held} on hold but only {} reserved",
					account.data.reserved
				));
			}
		}
		if sum != total {
			return fail(format!("total issuance {total} but accounts hold {sum}"));
		}
		if *issuance != total + fees {
			return fail(format!(
				"issuance moved from {issuance} to {total}, but the block burned {fees} in fees and burns"
			));
		}
		*issuance = total;

		// Settlement assets: each asset's supply equals its holders' balances and moves only
		// by the issues and burns the block recorded (clearing only transfers them).
		let mut minted: BTreeMap<u32, i128> = BTreeMap::new();
		for record in System::events() {
			match record.event {
				RuntimeEvent::Assets(pallet_assets::Event::Issued { asset_id, amount, .. }) => {
					*minted.entry(asset_id).or_default() += amount as i128;
				},
				RuntimeEvent::Assets(pallet_assets::Event::Burned {
					asset_id, balance, ..
				}) => {
					*minted.entry(asset_id).or_default() -= balance as i128;
				},
				_ => {},
			}
		}
		for (asset, details) in pallet_assets::Asset::<Runtime>::iter() {
			let held: u128 =
				pallet_assets::Account::<Runtime>::iter_prefix(asset).map(|(_, a)| a.balance).sum();
			if held != details.supply {
				return fail(format!(
					"asset {asset}: supply {} but holders have {held}",
					details.supply
				));
			}
			let before = self.asset_supply.get(&asset).copied().unwrap_or(details.supply);
			let expected = before as i128 + minted.get(&asset).copied().unwrap_or(0);
			if details.supply as i128 != expected {
				return fail(format!(
					"asset {asset}: supply moved from {before} to {} but the block issued/burned {}",
					details.supply,
					minted.get(&asset).copied().unwrap_or(0)
				));
			}
			self.asset_supply.insert(asset, details.supply);
		}

		// The custom pallets' own invariants.
		type Check = fn() -> Result<(), sp_runtime::TryRuntimeError>;
		let checks: [(&str, Check); 8] = [
			("Clearing", pallet_clearing::Pallet::<Runtime>::do_try_state),
			("Tender", pallet_tender::Pallet::<Runtime>::do_try_state),
			("Roaming", roaming_try_state),
			("DeviceIdentity", pallet_device_identity::Pallet::<Runtime>::do_try_state),
			("Spectrum", pallet_spectrum_market::Pallet::<Runtime>::do_try_state),
			("FiveGSharing", pallet_5g_sharing::Pallet::<Runtime>::do_try_state),
			("CouncilRoot", pallet_council_root::Pallet::<Runtime>::do_try_state),
			("OperatorNodes", pallet_operator_nodes::Pallet::<Runtime>::do_try_state),
		];
		for (pallet, check) in checks {
			if let Err(e) = check() {
				return fail(format!("{pallet} try_state: {e:?}"));
			}
		}

		// Every hold is one a record accounts for: with one hold of a custom pallet (chosen
		// by the block number) set to zero, some pallet's `try_state` must object (each
		// reconciles its holders' holds with its records). If none does, no record names that
		// hold, and nothing can release it.
		let holds: Vec<(AccountId, usize, String)> = pallet_balances::Holds::<Runtime>::iter()
			.flat_map(|(who, list)| {
				list.iter()
					.enumerate()
					.filter(|(_, hold)| hold.amount > 0 && custom_hold(&hold.id))
					.map(|(i, hold)| (who.clone(), i, format!("{:?}", hold.id)))
					.collect::<Vec<_>>()
			})
			.collect();
		if !holds.is_empty() {
			let (who, i, reason) = &holds[System::block_number() as usize % holds.len()];
			let unnoticed = frame_support::storage::with_transaction(|| {
				pallet_balances::Holds::<Runtime>::mutate(who, |list| {
					if let Some(hold) = list.get_mut(*i) {
						hold.amount = 0;
					}
				});
				let noticed = checks.iter().any(|(_, check)| check().is_err());
				frame_support::storage::TransactionOutcome::Rollback(Ok::<
					bool,
					sp_runtime::DispatchError,
				>(!noticed))
			});
			*self.stats.entry("holds probed").or_default() += 1;
			if unnoticed.unwrap_or(false) {
				return fail(format!("{who}: a hold {reason} that no record accounts for"));
			}
		}

		// Liveness and deposit paths (`liveness`): no object beyond the horizon, a sample of
		// objects with a transition some party can make now, every covered hold recorded.
		let probed = liveness::check(
			Some(liveness::PROBES),
			System::block_number() as usize,
			&self.dict.accounts[0],
		);
		match probed {
			Ok(n) => *self.stats.entry("liveness probes").or_default() += n as u64,
			Err(e) => return fail(e),
		}

		// Block limits.
		let limits = <Runtime as frame_system::Config>::BlockWeights::get();
		let max_length = <Runtime as frame_system::Config>::BlockLength::get();
		for class in [DispatchClass::Normal, DispatchClass::Operational] {
			let used = weight.get(class);
			if let Some(max) = limits.get(class).max_total {
				if used.any_gt(max) {
					return fail(format!("{class:?} weight {used} over {max}"));
				}
			}
		}
		// pallet-session claims the whole block as mandatory weight when it rotates (upstream
		// behaviour: no extrinsic is let in after it). Frame-system lets mandatory weight pass the
		// limit; everything else in the block must still fit beside that one claim.
		let mut total = weight.total();
		if self.rotated_session {
			total = total.saturating_sub(limits.max_block);
		}
		if total.any_gt(limits.max_block) {
			return fail(format!("block weight {total} over {}", limits.max_block));
		}
		if length > *max_length.max.get(DispatchClass::Operational) {
			return fail(format!("block length {length} over the limit"));
		}
		Ok(())
	}
}

/// Argument sets a guided step dry-runs (each under every dev account and root) before it
/// sends one.
const GUIDED_CANDIDATES: usize = 12;

/// Calls that end a business object before its course (see `guided`).
const ENDING_CALLS: &[&str] = &[
	"Tender.cancel",
	"Tender.withdraw_bid",
	"Tender.remove_expert",
	"FiveGSharing.cancel_project",
	"FiveGSharing.leave_project",
	"FiveGSharing.close_change",
	"FiveGSharing.object_to_change",
	"FiveGSharing.decommission_site",
	"Clearing.withdraw_bill",
	"Clearing.revoke_mandate",
	"Roaming.terminate_agreement",
	"Roaming.cancel_proposal",
	"Roaming.cancel_discount",
	"Spectrum.relinquish",
	"Spectrum.rescind_licence",
];

/// Percent of the generated calls (and of a guided step's weight) that go to the program's
/// focus pallets.
const FOCUS_PERCENT: u64 = 85;

/// An extrinsic whose time exceeds this fraction of its weight is re-timed (release builds).
const RETIME_ABOVE: f64 = 0.25;

/// Most re-runs of one extrinsic for its timing.
const RETIMES: usize = 15;

/// Blocks of a long gap: 91 days of six-second blocks, past the 90-day retention periods.
const LONG_GAP: u32 = 91 * 14_400;

/// Blocks of a short gap: three days, past the two-day dispute windows.
const SHORT_GAP: u32 = 3 * 14_400;

/// Blocks of a week-long gap: eight days, past the roaming pallet's `MinNoteWindow` (a week),
/// after which a discount note only one party posted is booked by silence.
const WEEK_GAP: u32 = 8 * 14_400;

/// Most blocks a long gap produces.
const LONG_GAP_MAX_BLOCKS: u32 = 60;

/// The first block after `number` at which the spectrum market has work scheduled.
fn next_scheduled(number: u32) -> Option<u32> {
	use pallet_spectrum_market::{ActivityEnds, Expiring, HeartbeatDue, PreemptionsDue};
	ActivityEnds::<Runtime>::iter_keys()
		.chain(PreemptionsDue::<Runtime>::iter_keys())
		.chain(HeartbeatDue::<Runtime>::iter_keys())
		.chain(Expiring::<Runtime>::iter_keys())
		.filter(|at| *at > number)
		.min()
}

/// Whether a hold is one of the custom pallets' (whose `try_state` reconcile their holds).
fn custom_hold(id: &telecom_runtime::RuntimeHoldReason) -> bool {
	use telecom_runtime::RuntimeHoldReason as Reason;
	matches!(
		id,
		Reason::Clearing(_)
			| Reason::Tender(_)
			| Reason::Roaming(_)
			| Reason::DeviceIdentity(_)
			| Reason::Spectrum(_)
			| Reason::FiveGSharing(_)
			| Reason::OperatorNodes(_)
	)
}

/// Marks a dry run that succeeded as root: the call is sent through `sudo`.
const ROOT: usize = usize::MAX;

/// Whether `call` would dispatch successfully from `origin` now; changes nothing.
fn dry_run(call: &RuntimeCall, origin: telecom_runtime::RuntimeOrigin) -> bool {
	use frame_support::storage::{with_transaction, TransactionOutcome};
	use sp_runtime::traits::Dispatchable;
	let result: Result<bool, sp_runtime::DispatchError> = with_transaction(|| {
		let ok = call.clone().dispatch(origin).is_ok();
		TransactionOutcome::Rollback(Ok(ok))
	});
	result.unwrap_or(false)
}

/// The account of a dev key, as genesis JSON spells it.
fn dev_account(seed: &str) -> AccountId {
	MultiSigner::from(sr25519::Pair::from_string(seed, None).expect("dev key").public())
		.into_account()
}

fn main() -> std::process::ExitCode {
	let args = Args::parse();
	let seed = args.seed.unwrap_or_else(|| {
		std::time::SystemTime::now()
			.duration_since(std::time::UNIX_EPOCH)
			.map(|d| d.as_secs())
			.unwrap_or(1)
	});
	let engine = if args.wasm {
		match Engine::wasm(args.wasm_file.as_deref()) {
			Ok(engine) => engine,
			Err(e) => {
				eprintln!("--wasm: {e}");
				return std::process::ExitCode::from(64);
			},
		}
	} else {
		Engine::Native
	};
	let wasm = engine.is_wasm();
	let mut fuzzer =
		Fuzzer::new(args.session_period, engine, args.check_failed, args.max_time_fraction);
	if args.self_test {
		return self_test(&mut fuzzer);
	}
	// Quiet the runtime's panic messages: findings are reported below with their seed.
	std::panic::set_hook(Box::new(|_| {}));
	let started = Instant::now();
	let deadline = started + Duration::from_secs(args.seconds);
	let mut programs = 0u64;
	let mut findings = Vec::new();
	while Instant::now() < deadline && (args.programs == 0 || programs < args.programs) {
		let program_seed = seed.wrapping_add(programs);
		if let Err(finding) = fuzzer.program(program_seed, args.steps) {
			eprintln!(
				"FINDING (replay: runtime-fuzz --seed {program_seed} --programs 1):\n{finding}"
			);
			findings.push(program_seed);
			if findings.len() >= args.max_findings {
				break;
			}
		}
		programs += 1;
	}
	let calls: BTreeSet<&String> = fuzzer.seen.iter().map(|(c, _)| c).collect();
	let ok_calls: BTreeSet<&String> =
		fuzzer.seen.iter().filter(|(_, o)| o == "Ok").map(|(c, _)| c).collect();
	let business: Vec<String> =
		BUSINESS.iter().flat_map(|pallet| fuzzer.targets.calls_of(pallet)).collect();
	let business_ok = business.iter().filter(|c| ok_calls.contains(c)).count();
	let never_ok: Vec<&String> = business
		.iter()
		.filter(|c| !ok_calls.contains(c) && !EXEMPT.iter().any(|(e, _)| e == c))
		.collect();
	// Weight against time: the calls whose execution took the largest fraction of their
	// benchmarked weight (ref_time read as picoseconds on the benchmark machine, this one).
	let mut timed: Vec<(&String, &Timing)> = fuzzer.timings.iter().collect();
	timed.sort_by(|a, b| b.1.max_ratio.total_cmp(&a.1.max_ratio));
	let weight_vs_time: Vec<Value> = timed
		.iter()
		.take(12)
		.map(|(call, t)| {
			json!({
				"call": call,
				"samples": t.samples,
				"max_fraction": (t.max_ratio * 1000.0).round() / 1000.0,
				"mean_fraction": (t.sum_ratio / t.samples.max(1) as f64 * 1000.0).round() / 1000.0,
				"at_weight_us": t.weight_ps / 1_000_000,
				"took_us": t.time_ns / 1_000,
			})
		})
		.collect();
	let over: Vec<&String> = match args.max_time_fraction {
		Some(limit) => {
			timed.iter().filter(|(_, t)| t.max_ratio > limit).map(|(call, _)| *call).collect()
		},
		None => Vec::new(),
	};
	let per_call: BTreeMap<&String, Value> = fuzzer
		.calls
		.iter()
		.map(|(call, (sent, ok))| (call, json!({ "sent": sent, "ok": ok })))
		.collect();
	println!(
		"{}",
		json!({
			"seed": seed,
			"seconds": started.elapsed().as_secs_f64().round(),
			"programs": programs,
			"stats": fuzzer.stats,
			"calls_reached": calls.len(),
			"calls_dispatched_ok": ok_calls.len(),
			"business_calls": business.len(),
			"business_calls_ok": business_ok,
			"business_calls_never_ok": never_ok,
			"exempt": EXEMPT.iter().map(|(c, _)| c).collect::<Vec<_>>(),
			"distinct_call_outcomes": fuzzer.seen.len(),
			"per_call": per_call,
			"findings": findings,
			"engine": if wasm { "wasm" } else { "native" },
			"weight_vs_time": weight_vs_time,
			"over_time_fraction": over,
		})
	);
	if std::env::var_os("FUZZ_LIST_OUTCOMES").is_some() {
		for (call, outcome) in &fuzzer.seen {
			eprintln!("{call}\t{outcome}");
		}
	}
	if !findings.is_empty() {
		return std::process::ExitCode::FAILURE;
	}
	if args.require_all && !never_ok.is_empty() {
		eprintln!("--require-all: business calls that never succeeded: {never_ok:?}");
		return std::process::ExitCode::from(2);
	}
	if !over.is_empty() {
		eprintln!(
			"--max-time-fraction: calls whose execution exceeded {:?} of their weight: {over:?}",
			args.max_time_fraction
		);
		return std::process::ExitCode::from(3);
	}
	std::process::ExitCode::SUCCESS
}

/// The roaming pallet's `try_state` hook: its core invariants and those of its discount
/// agreements, transparent and sealed (three functions, all of which the hook runs).
fn roaming_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
	type Roaming = pallet_roaming_settlement::Pallet<Runtime>;
	Roaming::do_try_state()?;
	Roaming::discount_try_state()?;
	Roaming::sealed_discount_items_try_state()
}

/// `--self-test`: each injection, in a rolled-back storage transaction on the dev genesis after
/// one block, must make `liveness::check` (every object probed) report a finding; the clean state
/// must not.
fn self_test(fuzzer: &mut Fuzzer) -> std::process::ExitCode {
	use frame_support::traits::fungible::MutateHold;
	use pallet_device_identity::HoldReason as DeviceHold;
	use telecom_runtime::RuntimeHoldReason as Reason;
	type Balances = pallet_balances::Pallet<Runtime>;
	let mut ext = sp_io::TestExternalities::new(fuzzer.genesis.clone());
	let mut log = Vec::new();
	let report = ext.execute_with(|| {
		frame_system::BlockHash::<Runtime>::insert(0, fuzzer.genesis_hash);
		fuzzer.open_block(1, 1_795_000_006_000, &mut log).expect("block 1 opens");
		let alice = fuzzer.dict.accounts[0].clone();
		let bob = fuzzer.dict.accounts[1].clone();
		let charlie = fuzzer.dict.accounts[2].clone();
		let unit = telecom_runtime::UNIT;
		let clean = liveness::check(None, 0, &alice);
		let inject = |name: &'static str,
		              expect: &'static str,
		              f: &dyn Fn()|
		 -> (&'static str, &'static str, Option<String>) {
			let found = frame_support::storage::with_transaction(|| {
				f();
				let found = liveness::check(None, 0, &alice).err();
				frame_support::storage::TransactionOutcome::Rollback(Ok::<
					_,
					sp_runtime::DispatchError,
				>(found))
			});
			(name, expect, found.unwrap_or(None))
		};
		let device = telecom_runtime::genesis_config_presets::demo_device_id("SN-AAU-2026-0003");
		let cases = vec![
			// A report whose block-list entry is missing: withdrawing it fails (no listing to
			// count it out of), no regulator path either: its deposit is stuck with it.
			inject("stuck object: a block-list report without its listing", "report on", &|| {
				let deposit = 10 * unit;
				Balances::hold(&Reason::DeviceIdentity(DeviceHold::BlockListReport), &bob, deposit)
					.expect("Bob holds");
				pallet_device_identity::BlockReports::<Runtime>::insert(
					device,
					&bob,
					pallet_device_identity::BlockReport {
						reason: pallet_device_identity::BlockReason::Lost,
						at: 1,
						deposit,
					},
				);
			}),
			// A hold no record names: nothing can ever release it.
			inject("orphan hold: a consent deposit with no receipt", "ConsentReceipt", &|| {
				Balances::hold(
					&Reason::DeviceIdentity(DeviceHold::ConsentReceipt),
					&charlie,
					5 * unit,
				)
				.expect("Charlie holds");
			}),
			// A receipt that expires in ten years: its deposit returns only after its expiry
			// and grace, beyond any period the runtime allows (a consent lasts at most 730 days).
			inject(
				"deposit path beyond the horizon: a ten-year consent receipt",
				"beyond any",
				&|| {
					use pallet_device_identity::{ConsentReceipt, ConsentRecipient, ConsentTerms};
					let key = telecom_primitives::DeviceKey::Ed25519([9; 32]);
					let subscriber = pallet_device_identity::subscriber_key_id(&key);
					let deposit = 2 * unit;
					Balances::hold(
						&Reason::DeviceIdentity(DeviceHold::ConsentReceipt),
						&bob,
						deposit,
					)
					.expect("Bob holds");
					let terms = ConsentTerms {
						subscriber,
						purpose: BoundedVec::truncate_from(b"P".to_vec()),
						data_category: BoundedVec::truncate_from(b"D".to_vec()),
						recipient: ConsentRecipient::Partner(H256::zero()),
						expires_at: 3_650 * 14_400,
						nonce: 0,
					};
					let id = pallet_device_identity::Pallet::<Runtime>::consent_id(&terms);
					pallet_device_identity::SubscriberKeys::<Runtime>::insert(
						subscriber,
						pallet_device_identity::SubscriberKey { key, receipts: 1, since: 1 },
					);
					pallet_device_identity::Consents::<Runtime>::insert(
						id,
						ConsentReceipt {
							terms,
							recorded_at: 1,
							revoked_at: None,
							payer: bob.clone(),
							deposit,
						},
					);
				},
			),
		];
		(clean, cases)
	});
	let (clean, cases) = report;
	let mut ok = clean.is_ok();
	let cases: Vec<Value> = cases
		.into_iter()
		.map(|(case, expect, finding)| {
			let caught = finding.as_deref().is_some_and(|f| f.contains(expect));
			ok &= caught;
			json!({ "case": case, "caught": caught, "finding": finding })
		})
		.collect();
	println!(
		"{}",
		json!({
			"self_test": cases,
			"clean_genesis": match &clean { Ok(n) => json!({ "probed": n }), Err(e) => json!({ "finding": e }) },
			"passed": ok,
		})
	);
	if ok {
		std::process::ExitCode::SUCCESS
	} else {
		std::process::ExitCode::from(4)
	}
}
