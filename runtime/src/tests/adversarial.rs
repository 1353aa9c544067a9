//! Adversarial scenarios against the whole runtime (issue 26, item 5): one scenario per attack
//! class found so far, each driven through the runtime's dispatchables with blocks advanced by
//! every pallet's hooks. Each asserts that no one loses money (balances are conserved, every hold
//! returns or waits on a stated path) and that nothing stays stuck (every object reaches a final
//! state some party could bring about), then runs every business pallet's `do_try_state`.
//!
//! The scenarios build on the development preset (four operators Alice, Bob, Charlie and Dave; a
//! roaming agreement GBRTC–FRAMC; Alice's site 0 shared with Bob, whose base station signs with
//! the dev key `One`; Dave's radio units) and keep to themselves, so each can be adapted alone.

use super::externalities_of;
use crate::{
	AccountId, AllPalletsWithSystem, Balance, Balances, BlockNumber, Clearing, DeviceIdentity,
	FiveGSharing, Roaming, Runtime, RuntimeHoldReason, RuntimeOrigin, Spectrum, System, Tender,
	Timestamp, DAYS, HOURS,
};
use frame_support::{
	assert_noop, assert_ok,
	traits::{
		fungible::{Inspect as _, InspectHold as _},
		Get, OnFinalize, OnInitialize,
	},
	BoundedVec,
};
use sp_core::{Pair as _, H256};
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use telecom_primitives::{CurrencyCode, DeviceSignature, SettlementPeriod, TenderId};

/// Unix time of block 0: 1 November 2026, 00:00 UTC (inside the demo roaming agreement).
const GENESIS_MILLIS: u64 = 1_793_491_200_000;
/// Aura's slot: one block every six seconds.
const BLOCK_MILLIS: u64 = 6_000;

fn account(key: Sr25519Keyring) -> AccountId {
	key.to_account_id()
}

fn signed(key: Sr25519Keyring) -> RuntimeOrigin {
	RuntimeOrigin::signed(account(key))
}

fn h(byte: u8) -> H256 {
	H256::repeat_byte(byte)
}

/// Opens block `n`: every pallet's `on_initialize`, then the block's timestamp (Aura's slot set
/// to match it, as a block author's pre-runtime digest would).
fn open_block(n: BlockNumber) {
	System::set_block_number(n);
	AllPalletsWithSystem::on_initialize(n);
	let now = GENESIS_MILLIS.saturating_add(u64::from(n).saturating_mul(BLOCK_MILLIS));
	pallet_aura::CurrentSlot::<Runtime>::put(sp_consensus_aura::Slot::from(now / BLOCK_MILLIS));
	assert_ok!(Timestamp::set(RuntimeOrigin::none(), now));
}

fn close_block() {
	AllPalletsWithSystem::on_finalize(System::block_number());
}

/// Runs every block up to and including `n`, with every pallet's hooks.
fn run_to_block(n: BlockNumber) {
	while System::block_number() < n {
		close_block();
		open_block(System::block_number().saturating_add(1));
	}
}

/// Skips to block `n` without running the blocks in between (only for stretches in which no
/// pallet has per-block work: tender, roaming and 5G sharing have no hooks, clearing's cut-off
/// is idempotent), then runs block `n` with every hook.
fn jump_to_block(n: BlockNumber) {
	close_block();
	open_block(n);
}

/// The development genesis, in its first block.
fn new_ext() -> sp_io::TestExternalities {
	let mut ext = externalities_of(DEV_RUNTIME_PRESET);
	ext.execute_with(|| open_block(1));
	ext
}

/// Every business pallet's invariants.
fn assert_invariants() {
	assert_ok!(pallet_clearing::Pallet::<Runtime>::do_try_state());
	assert_ok!(pallet_tender::Pallet::<Runtime>::do_try_state());
	assert_ok!(pallet_roaming_settlement::Pallet::<Runtime>::do_try_state());
	assert_ok!(pallet_device_identity::Pallet::<Runtime>::do_try_state());
	assert_ok!(pallet_spectrum_market::Pallet::<Runtime>::do_try_state());
	assert_ok!(pallet_5g_sharing::Pallet::<Runtime>::do_try_state());
}

/// The native balances a scenario involves: total issuance and each account's total (free and
/// held) and held amounts. Direct dispatch charges no fees, so a scenario in which no one loses
/// money ends with the same totals, and one in which nothing stays stuck with the same holds.
struct Ledger {
	issuance: Balance,
	accounts: Vec<(AccountId, Balance, Balance)>,
}

fn held(who: &AccountId) -> Balance {
	Balances::total_balance(who).saturating_sub(Balances::free_balance(who))
}

impl Ledger {
	fn open(accounts: &[AccountId]) -> Self {
		Ledger {
			issuance: Balances::total_issuance(),
			accounts: accounts
				.iter()
				.map(|who| (who.clone(), Balances::total_balance(who), held(who)))
				.collect(),
		}
	}

	/// No one gained or lost, except the stated `transfers` (from, to, amount).
	fn assert_conserved_with(&self, transfers: &[(AccountId, AccountId, Balance)]) {
		assert_eq!(Balances::total_issuance(), self.issuance, "no money created or destroyed");
		for (who, total, _) in &self.accounts {
			let mut expected = *total;
			for (from, to, amount) in transfers {
				if from == who {
					expected = expected.saturating_sub(*amount);
				}
				if to == who {
					expected = expected.saturating_add(*amount);
				}
			}
			assert_eq!(Balances::total_balance(who), expected, "balance of {who}");
		}
	}

	/// No one gained or lost.
	fn assert_conserved(&self) {
		self.assert_conserved_with(&[]);
	}

	/// No one gained or lost but the stated `transfers`, and every hold taken during the
	/// scenario has been released (a forfeited hold leaves less held than at the start).
	fn assert_closed_with(&self, transfers: &[(AccountId, AccountId, Balance)]) {
		self.assert_conserved_with(transfers);
		for (who, _, hold) in &self.accounts {
			assert!(held(who) <= *hold, "{who} still holds {} more", held(who) - hold);
		}
	}

	/// No one gained or lost, and nothing taken during the scenario is still held.
	fn assert_closed(&self) {
		self.assert_closed_with(&[]);
	}
}

// ------------------------------------------------------------------------------------------
// 1. Free griefing of capped lists
// ------------------------------------------------------------------------------------------

/// A regulator (any of several appointed accounts) floods a device's bounded history with
/// inspection records so that the custodian's revocation finds no room. Every record costs the
/// inspector a deposit; the history is a ring, so the revocation still lands; and revoking
/// returns every deposit the history still holds.
#[test]
fn flooding_a_devices_history_costs_a_deposit_per_entry_and_never_blocks_revocation() {
	use pallet_device_identity::{DeviceEvent, DeviceStatus, History, RevocationReason};
	new_ext().execute_with(|| {
		let (alice, eve) = (account(Sr25519Keyring::Alice), account(Sr25519Keyring::Eve));
		let ledger = Ledger::open(&[alice.clone(), eve.clone()]);
		assert_ok!(DeviceIdentity::set_regulator(RuntimeOrigin::root(), eve.clone(), true));
		let device = crate::genesis_config_presets::demo_device_id("SN-AAU-2026-0001");
		let deposit: Balance =
			<Runtime as pallet_device_identity::Config>::InspectionDeposit::get();
		let max_history: u32 = <Runtime as pallet_device_identity::Config>::MaxHistory::get();
		let eves_records = || {
			History::<Runtime>::iter_prefix(device)
				.filter(|(_, entry)| {
					matches!(&entry.event, DeviceEvent::Inspected { inspector, deposit, .. }
						if *inspector == account(Sr25519Keyring::Eve) && *deposit > 0)
				})
				.count() as Balance
		};
		let hold = || {
			Balances::balance_on_hold(
				&RuntimeHoldReason::DeviceIdentity(
					pallet_device_identity::HoldReason::InspectionDeposit,
				),
				&account(Sr25519Keyring::Eve),
			)
		};
		for n in 0..max_history.saturating_add(40) {
			assert_ok!(DeviceIdentity::record_inspection(
				signed(Sr25519Keyring::Eve),
				device,
				H256::from_low_u64_be(u64::from(n)),
				pallet_device_identity::InspectionResult::Pass,
			));
			// Each stored record holds one deposit; a record folded out of the ring returns it.
			assert_eq!(hold(), deposit.saturating_mul(eves_records()));
		}
		assert_eq!(eves_records(), Balance::from(max_history), "the ring is full of Eve's records");
		assert!(hold() > 0, "the flood is paid for");
		// The custodian's vital action needs no room.
		assert_ok!(DeviceIdentity::revoke_device(
			signed(Sr25519Keyring::Alice),
			device,
			RevocationReason::KeyCompromise
		));
		let record = pallet_device_identity::Devices::<Runtime>::get(device).expect("device");
		assert_eq!(record.status, DeviceStatus::Revoked);
		// A revoked device takes no more records, so every deposit went back.
		assert_eq!(hold(), 0);
		assert_eq!(eves_records(), 0);
		ledger.assert_closed();
		assert_invariants();
	});
}

/// General-access grants (each paying its deposit) fill a slot's room so that the holder of a
/// priority grant could be refused. Priority grants have their own room: the victim is admitted
/// and pre-empts the flood, and every deposit returns once the grants are purged.
#[test]
fn general_access_filling_a_slot_never_refuses_a_priority_grant() {
	use pallet_spectrum_market::{GrantState, Grants, SuspensionCause};
	new_ext().execute_with(|| {
		let (bob, charlie, dave) = (
			account(Sr25519Keyring::Bob),
			account(Sr25519Keyring::Charlie),
			account(Sr25519Keyring::Dave),
		);
		let ledger = Ledger::open(&[bob.clone(), charlie.clone(), dave.clone()]);
		let gaa = licence_and_offer(
			Sr25519Keyring::Bob,
			pallet_spectrum_market::Tier::General,
			per_hour(1),
		);
		let pal = licence_and_offer(
			Sr25519Keyring::Bob,
			pallet_spectrum_market::Tier::Priority,
			per_hour(1),
		);
		let cap: u32 = <Runtime as pallet_spectrum_market::Config>::MaxGrantsPerSlot::get();
		let deposit: Balance = <Runtime as pallet_spectrum_market::Config>::GrantDeposit::get();
		let grant_hold = |who: &AccountId| {
			Balances::balance_on_hold(
				&RuntimeHoldReason::Spectrum(pallet_spectrum_market::HoldReason::GrantDeposit),
				who,
			)
		};
		let flood: Vec<_> = (0..cap)
			.map(|_| {
				let id = pallet_spectrum_market::NextGrantId::<Runtime>::get();
				assert_ok!(Spectrum::accept_offer(
					signed(Sr25519Keyring::Charlie),
					gaa,
					mhz(3_550, 3_555),
					cells(&[1]),
					window(10, 60)
				));
				id
			})
			.collect();
		assert_eq!(grant_hold(&charlie), deposit.saturating_mul(Balance::from(cap)));
		assert_noop!(
			Spectrum::accept_offer(
				signed(Sr25519Keyring::Charlie),
				gaa,
				mhz(3_550, 3_555),
				cells(&[1]),
				window(10, 60)
			),
			pallet_spectrum_market::Error::<Runtime>::SlotFull
		);
		// The victim's priority grant on the same slot is admitted.
		let victim = pallet_spectrum_market::NextGrantId::<Runtime>::get();
		assert_ok!(Spectrum::accept_offer(
			signed(Sr25519Keyring::Dave),
			pal,
			mhz(3_550, 3_555),
			cells(&[1]),
			window(20, 40)
		));
		run_to_block(21);
		for g in &flood {
			assert_eq!(
				Grants::<Runtime>::get(g).expect("grant").state,
				GrantState::Suspended(SuspensionCause::Priority)
			);
		}
		// Everyone's grants run out, are billed and purged by anyone: every deposit returns.
		run_to_block(61);
		for g in flood.iter().chain([victim].iter()) {
			assert_ok!(Spectrum::bill(signed(Sr25519Keyring::Eve), *g));
			assert_ok!(Spectrum::purge_grant(signed(Sr25519Keyring::Eve), *g));
		}
		assert_eq!((grant_hold(&charlie), grant_hold(&dave)), (0, 0));
		assert_ok!(Spectrum::withdraw_offer(signed(Sr25519Keyring::Bob), gaa));
		assert_ok!(Spectrum::withdraw_offer(signed(Sr25519Keyring::Bob), pal));
		ledger.assert_closed();
		assert_invariants();
	});
}

// ------------------------------------------------------------------------------------------
// Spectrum helpers
// ------------------------------------------------------------------------------------------

fn mhz(low: u64, high: u64) -> pallet_spectrum_market::FrequencyRange {
	pallet_spectrum_market::FrequencyRange { low: low * 1_000_000, high: high * 1_000_000 }
}

fn cells(ids: &[u64]) -> pallet_spectrum_market::CellsOf<Runtime> {
	BoundedVec::truncate_from(ids.to_vec())
}

fn per_hour(amount: u128) -> pallet_spectrum_market::Pricing {
	pallet_spectrum_market::Pricing::PerMhzHour(amount)
}

fn window(start: BlockNumber, end: BlockNumber) -> pallet_spectrum_market::Window<BlockNumber> {
	pallet_spectrum_market::Window { start, end }
}

/// A licence of 3,550–3,650 MHz in cells 1–2 for `holder` (granted by root, the dev regulator)
/// and a posted offer of 3,550–3,590 MHz for blocks 2–100,000 at `pricing`.
fn licence_and_offer(
	holder: Sr25519Keyring,
	tier: pallet_spectrum_market::Tier,
	pricing: pallet_spectrum_market::Pricing,
) -> pallet_spectrum_market::OfferId {
	let licence = pallet_spectrum_market::NextLicenceId::<Runtime>::get();
	assert_ok!(Spectrum::register_licence(
		RuntimeOrigin::root(),
		account(holder),
		mhz(3_550, 3_650),
		cells(&[1, 2]),
		window(1, 1_000_000),
		30,
		tier
	));
	let offer = pallet_spectrum_market::NextOfferId::<Runtime>::get();
	assert_ok!(Spectrum::create_offer(
		signed(holder),
		licence,
		mhz(3_550, 3_590),
		cells(&[1, 2]),
		window(2, 100_000),
		pricing,
		CurrencyCode::EUR,
		1,
		h(0x5a),
		pallet_spectrum_market::OfferMode::Posted
	));
	offer
}

// ------------------------------------------------------------------------------------------
// 2. Rounding exploitation by repeated calls
// ------------------------------------------------------------------------------------------

/// Anyone may `bill` a grant. 5 MHz at 1 minor unit per MHz-hour accrues 1/120 of a unit a
/// block, and a fixed price of 7 over two hours 7/1,200 of a unit a block: billing every block
/// must neither round each block's rent to zero (the lessor loses) nor up (the lessee loses).
/// Identical grants, one billed every block by a third party and one billed once, owe exactly
/// the same, which is exactly the rent.
#[test]
fn billing_rent_every_block_yields_exactly_the_rent_of_one_bill() {
	use pallet_spectrum_market::{Grants, Pricing, Tier};
	new_ext().execute_with(|| {
		let (bob, charlie, dave) = (
			account(Sr25519Keyring::Bob),
			account(Sr25519Keyring::Charlie),
			account(Sr25519Keyring::Dave),
		);
		let ledger = Ledger::open(&[bob.clone(), charlie.clone(), dave.clone()]);
		let hourly = licence_and_offer(Sr25519Keyring::Bob, Tier::Priority, per_hour(1));
		let fixed = licence_and_offer(Sr25519Keyring::Bob, Tier::Priority, Pricing::Fixed(7));
		let (start, end) = (10, 10 + 2 * HOURS);
		let take = |who, offer, low| {
			let id = pallet_spectrum_market::NextGrantId::<Runtime>::get();
			assert_ok!(Spectrum::accept_offer(
				signed(who),
				offer,
				mhz(low, low + 5),
				cells(&[1]),
				window(start, end)
			));
			id
		};
		// (billed every block, billed once) per pricing.
		let pairs = [
			(
				take(Sr25519Keyring::Charlie, hourly, 3_550),
				take(Sr25519Keyring::Dave, hourly, 3_555),
			),
			(take(Sr25519Keyring::Charlie, fixed, 3_560), take(Sr25519Keyring::Dave, fixed, 3_565)),
		];
		for n in 2..=end.saturating_add(1) {
			run_to_block(n);
			for (every_block, _) in pairs {
				assert_ok!(Spectrum::bill(signed(Sr25519Keyring::Eve), every_block));
			}
		}
		let billed = |g| Grants::<Runtime>::get(g).expect("grant").billed;
		for (expected, (every_block, once)) in [10, 7].into_iter().zip(pairs) {
			assert_ok!(Spectrum::bill(signed(Sr25519Keyring::Eve), once));
			assert_eq!(billed(every_block), expected, "exactly the rent");
			assert_eq!(billed(once), billed(every_block));
			// Repeating the bill once the window is over adds nothing.
			assert_ok!(Spectrum::bill(signed(Sr25519Keyring::Eve), every_block));
			assert_eq!(billed(every_block), expected);
		}
		// Clearing holds the same obligation for both lessees (cycle 0, EUR): 10 + 7 each.
		let position = |who: &AccountId| {
			pallet_clearing::Positions::<Runtime>::get((0, CurrencyCode::EUR, who))
				.map_or(0, |p| p.payable)
		};
		assert_eq!((position(&charlie), position(&dave)), (17, 17));
		for (a, b) in pairs {
			assert_ok!(Spectrum::purge_grant(signed(Sr25519Keyring::Eve), a));
			assert_ok!(Spectrum::purge_grant(signed(Sr25519Keyring::Eve), b));
		}
		assert_ok!(Spectrum::withdraw_offer(signed(Sr25519Keyring::Bob), hourly));
		assert_ok!(Spectrum::withdraw_offer(signed(Sr25519Keyring::Bob), fixed));
		ledger.assert_closed();
		assert_invariants();
	});
}

/// A visited network splits a month's usage into many small TAP files, each claiming the file's
/// own rating rounded half up (`rating::rate_usage`): 6 s of local MOC at 0.05 XDR a minute is half
/// a cent, claimed as a whole cent per file, ten cents for ten files where one file of 60 s
/// claims 5. The chain books each file's exact re-rating (the claim is within one minor unit of
/// it) and rounds the period's total once. Both networks send the same usage under the same
/// tariff; the period totals must be equal.
#[test]
fn splitting_usage_into_many_tap_files_books_the_same_as_one_file() {
	use pallet_roaming_settlement::{
		Agreements, Side, Totals, UsageReport, UsageTotals, VoiceUsage,
	};
	new_ext().execute_with(|| {
		let agreement = Agreements::<Runtime>::get(0).expect("demo agreement");
		let (a, b) = (agreement.tadig_a, agreement.tadig_b);
		assert_eq!(agreement.terms.network_a, agreement.terms.network_b, "one tariff both ways");
		let tariff = agreement.terms.network_a.tariff;
		let report = |sequence: u32, seconds: u64, file: u8| {
			let usage =
				UsageTotals { moc_local: VoiceUsage { calls: 1, seconds }, ..Default::default() };
			UsageReport {
				sequence,
				period: november(),
				records: 1,
				usage,
				claimed: pallet_roaming_settlement::rating::rate_usage(&tariff, &usage)
					.expect("rates"),
				currency: CurrencyCode::XDR,
				file: h(file),
				test_file: false,
			}
		};
		// Side A (GBRTC, Charlie): ten files of 6 s each.
		let first = pallet_roaming_settlement::Sequences::<Runtime>::get((a, b)).expected;
		for n in 0..10u32 {
			assert_ok!(Roaming::submit_batch(
				signed(Sr25519Keyring::Charlie),
				0,
				report(first + n, 6, 0xA0 + n as u8)
			));
		}
		// Side B (FRAMC, Bob): the same minute in one file.
		let first = pallet_roaming_settlement::Sequences::<Runtime>::get((b, a)).expected;
		assert_ok!(Roaming::submit_batch(signed(Sr25519Keyring::Bob), 0, report(first, 60, 0xB0)));
		let value = |side| Totals::<Runtime>::get((0, november(), side)).value;
		assert_invariants();
		assert_eq!(value(Side::A), value(Side::B));
	});
}

// ------------------------------------------------------------------------------------------
// 3. Front-running a counterparty's report
// ------------------------------------------------------------------------------------------

fn november() -> SettlementPeriod {
	SettlementPeriod::new(2026, 11).expect("a valid period")
}

/// The signature of the demo site's base station (dev key `One`) over an SLA measurement.
fn station_signs_sla(
	lease: pallet_5g_sharing::LeaseId,
	sequence: u32,
	availability: u16,
	throughput: u32,
) -> DeviceSignature {
	let payload = pallet_5g_sharing::sla_payload(
		&FiveGSharing::genesis_hash(),
		lease,
		november(),
		sequence,
		availability,
		throughput,
	);
	DeviceSignature::Ed25519(Ed25519Keyring::One.pair().sign(&payload).0)
}

/// A lessor that sees a breach measurement coming relays every "met" measurement of the period
/// first (filling the sample cap) and tries to settle the period before the breach lands; the
/// lessee replays the breach to double its credit. The breach still counts exactly once, the
/// period cannot be settled before its grace, and the settled statement carries the credit.
#[test]
fn a_breach_report_is_neither_crowded_out_nor_settled_away_nor_counted_twice() {
	use pallet_5g_sharing::{Error, SlaTerms};
	new_ext().execute_with(|| {
		let (alice, bob, charlie) = (
			account(Sr25519Keyring::Alice),
			account(Sr25519Keyring::Bob),
			account(Sr25519Keyring::Charlie),
		);
		let ledger = Ledger::open(&[alice.clone(), bob.clone(), charlie.clone()]);
		let site = 0;
		let offer = pallet_5g_sharing::NextOfferId::<Runtime>::get();
		let sla = SlaTerms { availability: 9_950, throughput: 100, penalty: 1_000 };
		assert_ok!(FiveGSharing::offer_capacity(
			signed(Sr25519Keyring::Alice),
			site,
			100,
			10,
			november(),
			november(),
			sla
		));
		let lease = pallet_5g_sharing::NextLeaseId::<Runtime>::get();
		assert_ok!(FiveGSharing::lease_capacity(signed(Sr25519Keyring::Charlie), offer, 50));
		let cap: u32 = <Runtime as pallet_5g_sharing::Config>::MaxSamplesPerPeriod::get();
		let breach_at = cap / 2;
		// The lessor relays every met sample of the month first.
		for sequence in (0..cap).filter(|s| *s != breach_at) {
			assert_ok!(FiveGSharing::report_sla(
				signed(Sr25519Keyring::Alice),
				lease,
				november(),
				sequence,
				9_999,
				200,
				station_signs_sla(lease, sequence, 9_999, 200)
			));
		}
		// ... and tries to settle before the breach lands: the period and its grace run on.
		assert_noop!(
			FiveGSharing::settle_period(signed(Sr25519Keyring::Alice), site, november()),
			Error::<Runtime>::PeriodNotOver
		);
		// A met sample under the breach's sequence needs the station's signature of it.
		assert_noop!(
			FiveGSharing::report_sla(
				signed(Sr25519Keyring::Alice),
				lease,
				november(),
				breach_at,
				9_999,
				200,
				station_signs_sla(lease, breach_at, 9_000, 50)
			),
			Error::<Runtime>::BadSignature
		);
		let breach = station_signs_sla(lease, breach_at, 9_000, 50);
		assert_ok!(FiveGSharing::report_sla(
			signed(Sr25519Keyring::Charlie),
			lease,
			november(),
			breach_at,
			9_000,
			50,
			breach
		));
		// The lessee's replay of the breach is refused: credited once.
		assert_noop!(
			FiveGSharing::report_sla(
				signed(Sr25519Keyring::Charlie),
				lease,
				november(),
				breach_at,
				9_000,
				50,
				breach
			),
			Error::<Runtime>::DuplicateReport
		);
		let record = pallet_5g_sharing::SlaRecords::<Runtime>::get(lease, november());
		assert_eq!((record.samples, record.breaches, record.penalty), (cap, 1, 50));
		// After November and the three days' grace (4 December), an owner settles.
		jump_to_block(33 * DAYS + 10);
		assert_ok!(FiveGSharing::settle_period(signed(Sr25519Keyring::Bob), site, november()));
		let statement =
			FiveGSharing::statement(site, november(), &charlie).expect("the lessee's statement");
		assert_eq!(statement.lease_payments, 450, "500 for the month less the 50 credit");
		// The lease's last period is settled: its deposit went back, nothing is left held.
		assert!(pallet_5g_sharing::Leases::<Runtime>::get(lease).is_none());
		ledger.assert_closed();
		assert_invariants();
	});
}

// ------------------------------------------------------------------------------------------
// Tender helpers
// ------------------------------------------------------------------------------------------

/// A restricted, lowest-price tender by Alice inviting Bob and Charlie, published at the
/// current block `now`: questions close in 10 blocks, bids 6 days later, reveals run for
/// `reveal` blocks, evaluation 10 blocks, standstill the minimum.
fn publish_tender(reveal: BlockNumber) -> Result<TenderId, sp_runtime::DispatchError> {
	let now = System::block_number();
	let cutoff: BlockNumber = <Runtime as pallet_tender::Config>::AnswerCutoff::get();
	let standstill: BlockNumber = <Runtime as pallet_tender::Config>::MinStandstill::get();
	let bid_deadline = now + 10 + cutoff;
	let reveal_end = bid_deadline + reveal;
	let timetable = pallet_tender::Timetable {
		clarification_deadline: now + 10,
		bid_deadline,
		technical_end: bid_deadline,
		reveal_end,
		evaluation_end: reveal_end + 10,
		standstill_end: reveal_end + 10 + standstill,
	};
	let id = pallet_tender::NextTenderId::<Runtime>::get();
	Tender::publish(
		signed(Sr25519Keyring::Alice),
		BoundedVec::truncate_from(b"Dark fibre, ring south".to_vec()),
		h(0x71),
		1,
		CurrencyCode::EUR,
		pallet_tender::Eligibility::Invited(BoundedVec::truncate_from(vec![
			account(Sr25519Keyring::Bob),
			account(Sr25519Keyring::Charlie),
		])),
		bond(),
		timetable,
		pallet_tender::EvaluationMethod::LowestPrice,
		pallet_tender::Procedure::Restricted,
	)?;
	Ok(id)
}

fn bond() -> Balance {
	<Runtime as pallet_tender::Config>::MinBond::get()
}

fn bid(price: u128) -> pallet_tender::BidContent {
	pallet_tender::BidContent { price, document: h(price as u8) }
}

fn commit(tender: TenderId, who: Sr25519Keyring, price: u128) {
	let salt = [price as u8; 32];
	let commitment = pallet_tender::commitment_of(tender, 0, &bid(price), &salt, &account(who));
	assert_ok!(Tender::commit_bid(signed(who), tender, 0, commitment));
}

fn reveal(
	tender: TenderId,
	who: Sr25519Keyring,
	price: u128,
) -> frame_support::dispatch::DispatchResult {
	Tender::reveal_bid(signed(who), tender, 0, bid(price), [price as u8; 32])
}

fn timetable_of(tender: TenderId) -> pallet_tender::Timetable<BlockNumber> {
	pallet_tender::Tenders::<Runtime>::get(tender).expect("tender").timetable
}

fn treasury() -> AccountId {
	crate::configs::TenderForfeitTo::get()
}

// ------------------------------------------------------------------------------------------
// 4. Censorship of a short window by a block author
// ------------------------------------------------------------------------------------------

/// A block author (the buyer's validator, say) leaves a bidder's reveal out of its blocks. A
/// reveal window shorter than `MinRevealPeriod` cannot be published, and a bidder censored for
/// all but the last block of the minimum window still reveals in time. With Aura's round robin
/// an author holds one slot in a row, so one honest author's block comes long before that.
#[test]
fn a_bidder_censored_for_all_but_one_block_of_the_reveal_window_still_reveals() {
	new_ext().execute_with(|| {
		let (alice, bob, charlie) = (
			account(Sr25519Keyring::Alice),
			account(Sr25519Keyring::Bob),
			account(Sr25519Keyring::Charlie),
		);
		let ledger = Ledger::open(&[alice.clone(), bob.clone(), charlie.clone(), treasury()]);
		let minimum: BlockNumber = <Runtime as pallet_tender::Config>::MinRevealPeriod::get();
		assert!(minimum >= 6 * HOURS, "six hours: 3,600 slots");
		let authors = pallet_aura::Authorities::<Runtime>::get().len().max(1) as BlockNumber;
		assert!(minimum > authors, "one honest author's slot comes inside the window");
		assert_noop!(
			publish_tender(minimum - 1),
			pallet_tender::Error::<Runtime>::RevealPeriodTooShort
		);
		let tender = publish_tender(minimum).expect("published");
		commit(tender, Sr25519Keyring::Bob, 900);
		commit(tender, Sr25519Keyring::Charlie, 1_000);
		let times = timetable_of(tender);
		// Charlie reveals at once; Bob's reveal is censored until the window's last block.
		jump_to_block(times.technical_end + 1);
		assert_ok!(reveal(tender, Sr25519Keyring::Charlie, 1_000));
		assert_noop!(
			Tender::award(signed(Sr25519Keyring::Alice), tender),
			pallet_tender::Error::<Runtime>::TooEarlyToAward
		);
		jump_to_block(times.reveal_end);
		assert_ok!(reveal(tender, Sr25519Keyring::Bob, 900));
		jump_to_block(times.reveal_end + 1);
		assert_ok!(Tender::award(signed(Sr25519Keyring::Alice), tender));
		let award = pallet_tender::Awards::<Runtime>::get(tender, 0).expect("lot 0 awarded");
		assert_eq!((award.winner, award.price), (bob.clone(), 900));
		// The standstill passes; the buyer concludes; every bond and the deposit return.
		let standstill_end = timetable_of(tender).standstill_end;
		jump_to_block(standstill_end + 1);
		assert_ok!(Tender::conclude(signed(Sr25519Keyring::Alice), tender, h(0xC0)));
		assert_eq!(
			pallet_tender::Tenders::<Runtime>::get(tender).expect("tender").status,
			pallet_tender::TenderStatus::Concluded
		);
		ledger.assert_closed();
		assert_invariants();
	});
}

/// A visited network sends its TAP files in the last minute of November and, being a block
/// author, keeps the home network's dispute out of its blocks, hoping to close November before
/// the home network objects. The period cannot be closed while a file's dispute window is open,
/// a dispute censored until the window's last block still lands, and the closed statement
/// withholds exactly the disputed amount. The smallest window an agreement may set
/// (`MinDisputeWindow`) is longer than the one slot in a row that Aura gives an author.
#[test]
fn a_home_network_censored_until_the_last_block_of_its_dispute_window_still_disputes() {
	use pallet_roaming_settlement::{
		Agreements, Error, Side, Statements, UsageReport, UsageTotals, VoiceUsage,
	};
	new_ext().execute_with(|| {
		let (bob, charlie) = (account(Sr25519Keyring::Bob), account(Sr25519Keyring::Charlie));
		let ledger = Ledger::open(&[bob.clone(), charlie.clone()]);
		let minimum: u32 = <Runtime as pallet_roaming_settlement::Config>::MinDisputeWindow::get();
		let authors = pallet_aura::Authorities::<Runtime>::get().len().max(1) as u32;
		assert!(minimum > 1 && minimum >= authors, "an honest author's slot comes in the window");
		let agreement = Agreements::<Runtime>::get(0).expect("demo agreement");
		let tariff = agreement.terms.network_a.tariff;
		let report = |sequence: u32, seconds: u64, file: u8| {
			let usage =
				UsageTotals { moc_local: VoiceUsage { calls: 1, seconds }, ..Default::default() };
			UsageReport {
				sequence,
				period: november(),
				records: 1,
				usage,
				claimed: pallet_roaming_settlement::rating::rate_usage(&tariff, &usage)
					.expect("rates"),
				currency: CurrencyCode::XDR,
				file: h(file),
				test_file: false,
			}
		};
		// 23:59 on 30 November: Charlie (GBRTC, side A) sends two files of an hour each.
		let sent_at = 30 * DAYS - 10;
		jump_to_block(sent_at);
		let first = pallet_roaming_settlement::Sequences::<Runtime>::get((
			agreement.tadig_a,
			agreement.tadig_b,
		))
		.expected;
		assert_ok!(Roaming::submit_batch(
			signed(Sr25519Keyring::Charlie),
			0,
			report(first, 3_600, 1)
		));
		assert_ok!(Roaming::submit_batch(
			signed(Sr25519Keyring::Charlie),
			0,
			report(first + 1, 3_600, 2)
		));
		let hour = report(first, 3_600, 1).claimed;
		// In December the sender tries to close November at once.
		jump_to_block(30 * DAYS + 20);
		assert_noop!(
			Roaming::close_period(signed(Sr25519Keyring::Charlie), 0, november()),
			Error::<Runtime>::DisputeWindowOpen
		);
		// Bob's dispute is censored until the last block of the window, and lands there.
		let deadline = sent_at + agreement.terms.dispute_window;
		jump_to_block(deadline);
		assert_ok!(Roaming::dispute_batch(
			signed(Sr25519Keyring::Bob),
			0,
			Side::A,
			first,
			hour,
			7,
			h(0xE1)
		));
		jump_to_block(deadline + 1);
		assert_noop!(
			Roaming::dispute_batch(
				signed(Sr25519Keyring::Bob),
				0,
				Side::A,
				first + 1,
				hour,
				7,
				h(0xE2)
			),
			Error::<Runtime>::DisputeWindowClosed
		);
		assert_ok!(Roaming::close_period(signed(Sr25519Keyring::Charlie), 0, november()));
		let statement = Statements::<Runtime>::get(0, november()).expect("closed");
		assert_eq!(statement.network_a.withheld, hour, "the disputed file is withheld");
		assert_eq!(statement.network_a.accepted, hour, "the undisputed file is due");
		// Batch deposits wait for `purge_batch`; nobody lost anything.
		ledger.assert_conserved();
		assert_invariants();
	});
}

// ------------------------------------------------------------------------------------------
// 5. A party that never performs its step
// ------------------------------------------------------------------------------------------

/// The buyer awards and then never concludes, holding both bidders' bonds... Anyone closes the
/// award once the buyer's `ConcludePeriod` is over: every bond returns, and the buyer's deposit
/// goes to the treasury (its stated forfeit), never to anyone who gains from the delay.
#[test]
fn an_award_the_buyer_never_concludes_is_closed_by_anyone_and_releases_every_bond() {
	new_ext().execute_with(|| {
		let (alice, bob, charlie, eve) = (
			account(Sr25519Keyring::Alice),
			account(Sr25519Keyring::Bob),
			account(Sr25519Keyring::Charlie),
			account(Sr25519Keyring::Eve),
		);
		let ledger =
			Ledger::open(&[alice.clone(), bob.clone(), charlie.clone(), eve.clone(), treasury()]);
		let minimum: BlockNumber = <Runtime as pallet_tender::Config>::MinRevealPeriod::get();
		let tender = publish_tender(minimum).expect("published");
		let deposit = pallet_tender::Tenders::<Runtime>::get(tender).expect("tender").deposit;
		commit(tender, Sr25519Keyring::Bob, 900);
		commit(tender, Sr25519Keyring::Charlie, 1_000);
		let times = timetable_of(tender);
		jump_to_block(times.technical_end + 1);
		assert_ok!(reveal(tender, Sr25519Keyring::Bob, 900));
		assert_ok!(reveal(tender, Sr25519Keyring::Charlie, 1_000));
		// The buyer does not even award: anyone may after the evaluation period.
		jump_to_block(times.evaluation_end + 1);
		assert_ok!(Tender::award(signed(Sr25519Keyring::Eve), tender));
		let standstill_end = timetable_of(tender).standstill_end;
		let lapse: BlockNumber = <Runtime as pallet_tender::Config>::ConcludePeriod::get();
		jump_to_block(standstill_end + lapse);
		assert_noop!(
			Tender::conclude(signed(Sr25519Keyring::Eve), tender, h(0xC0)),
			pallet_tender::Error::<Runtime>::NotBuyer
		);
		jump_to_block(standstill_end + lapse + 1);
		assert_ok!(Tender::conclude(signed(Sr25519Keyring::Eve), tender, h(0xC0)));
		assert_eq!(
			pallet_tender::Tenders::<Runtime>::get(tender).expect("tender").status,
			pallet_tender::TenderStatus::Cancelled
		);
		ledger.assert_closed_with(&[(alice.clone(), treasury(), deposit)]);
		assert_invariants();
	});
}

/// The lessor never closes its auction and nobody else does either until the lease window is
/// over. Anyone closes it then: the auction fails (no grant in the past) and every hold — the
/// leader's bond and grant deposit, the holder's offer deposit — returns.
#[test]
fn an_auction_nobody_closes_in_time_ends_and_releases_every_hold() {
	use pallet_spectrum_market::OfferMode;
	new_ext().execute_with(|| {
		let (bob, charlie, dave, eve) = (
			account(Sr25519Keyring::Bob),
			account(Sr25519Keyring::Charlie),
			account(Sr25519Keyring::Dave),
			account(Sr25519Keyring::Eve),
		);
		let ledger = Ledger::open(&[bob.clone(), charlie.clone(), dave.clone(), eve.clone()]);
		let licence = pallet_spectrum_market::NextLicenceId::<Runtime>::get();
		assert_ok!(Spectrum::register_licence(
			RuntimeOrigin::root(),
			bob.clone(),
			mhz(3_550, 3_650),
			cells(&[1, 2]),
			window(1, 1_000_000),
			30,
			pallet_spectrum_market::Tier::Priority
		));
		let offer = pallet_spectrum_market::NextOfferId::<Runtime>::get();
		assert_ok!(Spectrum::create_offer(
			signed(Sr25519Keyring::Bob),
			licence,
			mhz(3_550, 3_570),
			cells(&[1]),
			window(20, 40),
			pallet_spectrum_market::Pricing::Fixed(0),
			CurrencyCode::EUR,
			1,
			h(0x5b),
			OfferMode::Auction { closes_at: 10, reserve: 100 }
		));
		assert_ok!(Spectrum::place_bid(signed(Sr25519Keyring::Charlie), offer, 150));
		assert_ok!(Spectrum::place_bid(signed(Sr25519Keyring::Dave), offer, 180));
		assert_noop!(
			Spectrum::close_auction(signed(Sr25519Keyring::Eve), offer),
			pallet_spectrum_market::Error::<Runtime>::BiddingOpen
		);
		run_to_block(50);
		assert_ok!(Spectrum::close_auction(signed(Sr25519Keyring::Eve), offer));
		assert!(!pallet_spectrum_market::Offers::<Runtime>::get(offer).expect("offer").open);
		assert_eq!(pallet_spectrum_market::Grants::<Runtime>::iter().count(), 0);
		ledger.assert_closed();
		assert_invariants();
	});
}

// ------------------------------------------------------------------------------------------
// 6. Duplicate submission after a timeout
// ------------------------------------------------------------------------------------------

/// A billing system that timed out re-sends its batch, re-chunks it with overlapping record
/// numbers and re-sends a bill, also after the cycle it was booked in was cut off: each is
/// refused, so the obligation is booked once and one deposit is held for it.
#[test]
fn a_clearing_batch_or_bill_re_sent_after_a_timeout_is_booked_once() {
	use pallet_clearing::{BillRecord, Error, HoldReason, Participants, Totals};
	new_ext().execute_with(|| {
		let (alice, bob) = (account(Sr25519Keyring::Alice), account(Sr25519Keyring::Bob));
		let ledger = Ledger::open(&[alice.clone(), bob.clone()]);
		let index = |who: &AccountId| Participants::<Runtime>::get(who).expect("participant").index;
		let record = |amount: u128, reference: u64| BillRecord {
			payer: index(&alice),
			payee: index(&bob),
			currency: CurrencyCode::EUR,
			amount,
			reference,
		};
		let batch = |records: Vec<BillRecord>| -> pallet_clearing::BatchRecords<Runtime> {
			BoundedVec::truncate_from(records)
		};
		let sent = batch(vec![record(100, 1), record(50, 2)]);
		assert_ok!(Clearing::submit_batch(signed(Sr25519Keyring::Alice), sent.clone(), 1));
		assert_ok!(Clearing::submit_bill(
			signed(Sr25519Keyring::Bob),
			alice.clone(),
			CurrencyCode::EUR,
			70,
			h(0xB1),
			h(0xD1)
		));
		let hold = |reason, who: &AccountId| {
			Balances::balance_on_hold(&RuntimeHoldReason::Clearing(reason), who)
		};
		let batch_deposit: Balance = <Runtime as pallet_clearing::Config>::BatchDeposit::get();
		let bill_deposit: Balance = <Runtime as pallet_clearing::Config>::BillDeposit::get();
		let resend = || {
			assert_noop!(
				Clearing::submit_batch(signed(Sr25519Keyring::Alice), sent.clone(), 1),
				Error::<Runtime>::DuplicateBatch
			);
			assert_noop!(
				Clearing::submit_batch(
					signed(Sr25519Keyring::Alice),
					batch(vec![record(50, 2), record(30, 3)]),
					1
				),
				Error::<Runtime>::RecordAlreadyBooked
			);
			assert_noop!(
				Clearing::submit_bill(
					signed(Sr25519Keyring::Bob),
					alice.clone(),
					CurrencyCode::EUR,
					70,
					h(0xB1),
					h(0xD2)
				),
				Error::<Runtime>::DuplicateBill
			);
		};
		// An hour later the billing systems time out and re-send.
		run_to_block(HOURS);
		resend();
		assert_eq!(Totals::<Runtime>::get(0, CurrencyCode::EUR).gross, 150);
		// ... and again after the cycle was cut off (a day).
		jump_to_block(DAYS + 1);
		resend();
		run_to_block(DAYS + 5);
		resend();
		assert_eq!(Totals::<Runtime>::get(0, CurrencyCode::EUR).gross, 150, "booked once");
		assert_eq!(hold(HoldReason::BatchDeposit, &alice), batch_deposit);
		assert_eq!(hold(HoldReason::BillDeposit, &bob), bill_deposit);
		// The payee withdraws its pending bill: its deposit returns. The batch deposit returns
		// by `remove_batch_record` once its cycle closed and the retention passed.
		let bill = pallet_clearing::NextBillId::<Runtime>::get().saturating_sub(1);
		assert_ok!(Clearing::withdraw_bill(signed(Sr25519Keyring::Bob), bill));
		assert_eq!(hold(HoldReason::BillDeposit, &bob), 0);
		ledger.assert_conserved();
		assert_invariants();
	});
}

/// A roaming partner re-sends a TAP file after a timeout: under the same sequence number and
/// under the next one. Both are refused; the file is counted and its deposit held once.
#[test]
fn a_tap_file_re_sent_after_a_timeout_is_booked_once() {
	use pallet_roaming_settlement::{
		Agreements, Batches, Error, Side, Totals, UsageReport, UsageTotals,
	};
	new_ext().execute_with(|| {
		let (bob, charlie) = (account(Sr25519Keyring::Bob), account(Sr25519Keyring::Charlie));
		let ledger = Ledger::open(&[bob.clone(), charlie.clone()]);
		// Agreement 0: GBRTC (Charlie, side A) with FRAMC (Bob, side B).
		let agreement = Agreements::<Runtime>::get(0).expect("demo agreement");
		let usage = UsageTotals { sms_mo: 40, ..Default::default() };
		let rated = pallet_roaming_settlement::rating::rate_usage(
			&agreement.terms.network_a.tariff,
			&usage,
		)
		.expect("rates");
		let report = |sequence: u32| UsageReport {
			sequence,
			period: november(),
			records: 40,
			usage,
			claimed: rated,
			currency: CurrencyCode::XDR,
			file: h(0xF1),
			test_file: false,
		};
		let sequence = pallet_roaming_settlement::Sequences::<Runtime>::get((
			agreement.tadig_a,
			agreement.tadig_b,
		))
		.expected;
		assert_ok!(Roaming::submit_batch(signed(Sr25519Keyring::Charlie), 0, report(sequence)));
		let deposit = Balances::balance_on_hold(
			&RuntimeHoldReason::Roaming(pallet_roaming_settlement::HoldReason::BatchDeposit),
			&charlie,
		);
		assert!(deposit > 0);
		run_to_block(HOURS);
		assert!(
			Roaming::submit_batch(signed(Sr25519Keyring::Charlie), 0, report(sequence)).is_err()
		);
		assert_noop!(
			Roaming::submit_batch(signed(Sr25519Keyring::Charlie), 0, report(sequence + 1)),
			Error::<Runtime>::DuplicateFile
		);
		let totals = Totals::<Runtime>::get((0, november(), Side::A));
		assert_eq!((totals.batches, totals.value), (1, rated), "booked once");
		assert_eq!(Batches::<Runtime>::iter_prefix((0, Side::A)).count(), 1);
		assert_eq!(
			Balances::balance_on_hold(
				&RuntimeHoldReason::Roaming(pallet_roaming_settlement::HoldReason::BatchDeposit),
				&charlie,
			),
			deposit
		);
		// The deposit returns when the batch is purged after its period closed.
		ledger.assert_conserved();
		assert_invariants();
	});
}
