//! Tests of the tender pallet: every stage, its boundaries, every error, and where the bonds end.

use crate::{
	evaluation::FULL_MARKS,
	mock::*,
	pallet::*,
	types::{
		commitment_of, draw_from, draw_seed_commitment_of, draw_seed_of, scores_commitment_of,
		BidContent, BidStatus, Challenge, ChallengeStatus, Clarification, DrawFailure, DrawSeed,
		Eligibility, EvaluationMethod, HistoryEntry, LotAward, Procedure, Salt, ScoreTally,
		TenderStatus, TenderStep, Timetable,
	},
	Error, Event,
};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
	BoundedVec,
};
use sp_core::H256;
use sp_runtime::Percent;
use telecom_primitives::{CurrencyCode, LotIndex, TenderId};

const BUYER: u64 = 1;
const BOND: u64 = 100;
/// Deadlines of the standard tender published at block 1.
const CLARIFY: u64 = 5;
const BID: u64 = 10;
const TECH: u64 = 12;
const REVEAL: u64 = 17;
const EVALUATE: u64 = 22;
const STANDSTILL: u64 = 32;

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn h(byte: u8) -> H256 {
	H256::repeat_byte(byte)
}

fn timetable() -> Timetable<u64> {
	Timetable {
		clarification_deadline: CLARIFY,
		bid_deadline: BID,
		technical_end: TECH,
		reveal_end: REVEAL,
		evaluation_end: EVALUATE,
		standstill_end: STANDSTILL,
	}
}

fn title() -> BoundedVec<u8, ConstTitle> {
	BoundedVec::truncate_from(b"Fibre backhaul, region north".to_vec())
}
type ConstTitle = <Test as crate::Config>::MaxTitleLen;

/// A weighted evaluation: the panel is drawn from the expert registry, not named.
fn weighted(price_weight: u8) -> EvaluationMethod {
	EvaluationMethod::Weighted { price_weight: Percent::from_percent(price_weight) }
}

/// The draw seed each test contributor uses.
fn draw_seed(who: u64) -> DrawSeed {
	let mut seed = [0x5a; 32];
	seed[0] = who as u8;
	seed
}

fn commit_seed(id: TenderId, who: u64) {
	let commitment = draw_seed_commitment_of(id, &who, &draw_seed(who));
	assert_ok!(Tender::commit_draw_seed(signed(who), id, commitment));
}

fn reveal_seed(id: TenderId, who: u64) {
	assert_ok!(Tender::reveal_draw_seed(signed(who), id, draw_seed(who)));
}

/// First block after the seed reveal period of the standard timetable: the panel is drawn.
const DRAW: u64 = BID + SEED_REVEAL_PERIOD + 1;

/// Before the bid deadline, `contributors` commit draw seeds (bidders must have bid); after
/// it they reveal them, and the panel is drawn at `DRAW`. Returns the panel.
fn draw(id: TenderId, contributors: &[u64]) -> Vec<u64> {
	for who in contributors {
		commit_seed(id, *who);
	}
	run_to_block(BID + 1);
	for who in contributors {
		reveal_seed(id, *who);
	}
	run_to_block(DRAW);
	assert_ok!(Tender::draw_panel(signed(BUYER), id));
	panel_of(id)
}

fn panel_of(id: TenderId) -> Vec<u64> {
	Tenders::<Test>::get(id).unwrap().panel.to_vec()
}

fn sorted(mut list: Vec<u64>) -> Vec<u64> {
	list.sort();
	list
}

fn seed_held(who: u64) -> u64 {
	Balances::balance_on_hold(&RuntimeHoldReason::Tender(HoldReason::DrawSeed), &who)
}

/// The procedure that fits an eligibility: open for every operator, restricted for a list.
fn procedure_for(eligibility: &EligibilityOf<Test>) -> Procedure {
	match eligibility {
		Eligibility::Operators => Procedure::Open,
		Eligibility::Invited(_) => Procedure::Restricted,
	}
}

fn invited(list: &[u64]) -> EligibilityOf<Test> {
	Eligibility::Invited(BoundedVec::truncate_from(list.to_vec()))
}

fn publish_with(
	lots: LotIndex,
	eligibility: EligibilityOf<Test>,
	method: EvaluationMethod,
) -> TenderId {
	let id = NextTenderId::<Test>::get();
	let procedure = procedure_for(&eligibility);
	assert_ok!(Tender::publish(
		signed(BUYER),
		title(),
		h(1),
		lots,
		CurrencyCode::EUR,
		eligibility,
		BOND,
		timetable(),
		method,
		procedure
	));
	id
}

/// A one-lot, lowest-price tender open to every operator.
fn publish() -> TenderId {
	publish_with(1, Eligibility::Operators, EvaluationMethod::LowestPrice)
}

fn content(price: u128) -> BidContent {
	BidContent { price, document: h(price as u8) }
}

fn salt(who: u64) -> Salt {
	[who as u8; 32]
}

fn commit(id: TenderId, lot: LotIndex, who: u64, price: u128) {
	let commitment = commitment_of(id, lot, &content(price), &salt(who), &who);
	assert_ok!(Tender::commit_bid(signed(who), id, lot, commitment));
}

fn reveal(id: TenderId, lot: LotIndex, who: u64, price: u128) {
	assert_ok!(Tender::reveal_bid(signed(who), id, lot, content(price), salt(who)));
}

fn scores(list: &[(u64, u8)]) -> ScoresOf<Test> {
	BoundedVec::truncate_from(list.to_vec())
}

fn bond_held(who: u64) -> u64 {
	Balances::balance_on_hold(&RuntimeHoldReason::Tender(HoldReason::BidBond), &who)
}

fn deposit_held(who: u64) -> u64 {
	Balances::balance_on_hold(&RuntimeHoldReason::Tender(HoldReason::TenderDeposit), &who)
}

fn free(who: u64) -> u64 {
	Balances::balance(&who)
}

fn status(id: TenderId) -> TenderStatus {
	Tenders::<Test>::get(id).unwrap().status
}

fn bid_status(id: TenderId, lot: LotIndex, who: u64) -> BidStatus {
	Bids::<Test>::get((id, lot, who)).unwrap().status
}

fn has_event(event: Event<Test>) -> bool {
	System::events().iter().any(|r| r.event == RuntimeEvent::Tender(event.clone()))
}

/// Bidders 2, 3 and 4 commit prices 300, 200 and 250; 2 and 3 reveal, 4 never does.
fn two_revealed_one_silent(id: TenderId) {
	two_revealed_one_silent_sealing(id, &[]);
}

/// As [`two_revealed_one_silent`] for a weighted tender: the buyer and bidders 2 and 3 draw
/// the panel (every expert of `EXPERTS`), whose members seal their scores (`member`, scores)
/// before prices open.
fn two_revealed_one_silent_sealing(id: TenderId, sealed: &[(u64, &[(u64, u8)])]) {
	commit(id, 0, 2, 300);
	commit(id, 0, 3, 200);
	commit(id, 0, 4, 250);
	if sealed.is_empty() {
		run_to_block(BID + 1);
	} else {
		assert_eq!(sorted(draw(id, &[BUYER, 2, 3])), EXPERTS.to_vec());
	}
	for (member, list) in sealed {
		seal_scores(id, 0, *member, list);
	}
	run_to_block(TECH + 1);
	reveal(id, 0, 2, 300);
	reveal(id, 0, 3, 200);
}

/// A panel member seals its scores for a lot, salted with its own salt.
fn seal_scores(id: TenderId, lot: LotIndex, member: u64, list: &[(u64, u8)]) {
	let commitment = scores_commitment_of(id, lot, &member, list, &salt(member));
	assert_ok!(Tender::commit_scores(signed(member), id, lot, commitment));
}

/// A panel member opens its sealed scores.
fn open_scores(
	id: TenderId,
	lot: LotIndex,
	member: u64,
	list: &[(u64, u8)],
) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Tender::score_bids(signed(member), id, lot, scores(list), salt(member))
}

/// A standard tender awarded at the first block after the reveal end: 3 wins, 2 lost, 4
/// forfeited.
fn awarded() -> TenderId {
	let id = publish();
	two_revealed_one_silent(id);
	run_to_block(REVEAL + 1);
	assert_ok!(Tender::award(signed(BUYER), id));
	id
}

// ---- Publication ----

#[test]
fn publishing_holds_the_deposit_and_starts_the_history() {
	build_and_execute(|| {
		let id = publish();
		assert_eq!(id, 0);
		let tender = Tenders::<Test>::get(id).unwrap();
		assert_eq!(tender.buyer, BUYER);
		assert_eq!(tender.status, TenderStatus::Open);
		assert_eq!(tender.timetable, timetable());
		assert_eq!(tender.deposit, TENDER_DEPOSIT);
		assert_eq!(deposit_held(BUYER), TENDER_DEPOSIT);
		assert_eq!(free(BUYER), ENDOWMENT - TENDER_DEPOSIT);
		assert_eq!(
			History::<Test>::get(id, 0),
			Some(HistoryEntry { at: 1, step: TenderStep::Published })
		);
		assert!(has_event(Event::Published {
			tender: id,
			buyer: BUYER,
			document: h(1),
			lots: 1,
			bond: BOND,
			timetable: timetable(),
		}));
		assert_eq!(NextTenderId::<Test>::get(), 1);
	});
}

#[test]
fn publish_checks_the_notice() {
	build_and_execute(|| {
		let lowest = || EvaluationMethod::LowestPrice;
		let attempt = |who: u64,
		               lots: LotIndex,
		               currency: CurrencyCode,
		               bond: u64,
		               timetable: Timetable<u64>,
		               eligibility: EligibilityOf<Test>,
		               method: EvaluationMethod| {
			let procedure = procedure_for(&eligibility);
			Tender::publish(
				signed(who),
				title(),
				h(1),
				lots,
				currency,
				eligibility,
				bond,
				timetable,
				method,
				procedure,
			)
		};
		let eur = CurrencyCode::EUR;
		let ops = || Eligibility::Operators;
		assert_noop!(
			attempt(7, 1, eur, BOND, timetable(), ops(), lowest()),
			Error::<Test>::NotOperator
		);
		assert_noop!(
			attempt(BUYER, 0, eur, BOND, timetable(), ops(), lowest()),
			Error::<Test>::InvalidLotCount
		);
		assert_noop!(
			attempt(BUYER, 4, eur, BOND, timetable(), ops(), lowest()),
			Error::<Test>::InvalidLotCount
		);
		let bad_currency = codec::Decode::decode(&mut &b"eur"[..]).unwrap();
		assert_noop!(
			attempt(BUYER, 1, bad_currency, BOND, timetable(), ops(), lowest()),
			Error::<Test>::InvalidCurrency
		);
		assert_noop!(
			attempt(BUYER, 1, eur, MIN_BOND - 1, timetable(), ops(), lowest()),
			Error::<Test>::BondTooLow
		);
		let mut late = timetable();
		late.clarification_deadline = 1;
		assert_noop!(
			attempt(BUYER, 1, eur, BOND, late, ops(), lowest()),
			Error::<Test>::InvalidTimetable
		);
		let mut disordered = timetable();
		disordered.reveal_end = BID;
		assert_noop!(
			attempt(BUYER, 1, eur, BOND, disordered, ops(), lowest()),
			Error::<Test>::InvalidTimetable
		);
		let mut rushed = timetable();
		rushed.clarification_deadline = 2;
		rushed.bid_deadline = 1 + MIN_BID_PERIOD - 1;
		assert_noop!(
			attempt(BUYER, 1, eur, BOND, rushed, ops(), lowest()),
			Error::<Test>::BidPeriodTooShort
		);
		assert_noop!(
			attempt(BUYER, 1, eur, BOND, timetable(), invited(&[]), lowest()),
			Error::<Test>::NoInvitees
		);
		// A weighted tender needs a registry able to supply its panel, and time to draw it.
		assert_noop!(
			attempt(BUYER, 1, eur, BOND, timetable(), ops(), weighted(50)),
			Error::<Test>::TooFewExperts
		);
		with_experts();
		let mut squeezed = timetable();
		squeezed.technical_end = BID + SEED_REVEAL_PERIOD;
		squeezed.reveal_end = squeezed.technical_end + MIN_REVEAL_PERIOD;
		assert_noop!(
			attempt(BUYER, 1, eur, BOND, squeezed, ops(), weighted(50)),
			Error::<Test>::DrawWindowTooShort
		);
		// The shortest allowed bid period passes (a restricted procedure).
		rushed.bid_deadline = 1 + MIN_BID_PERIOD;
		assert_ok!(attempt(BUYER, 3, eur, MIN_BOND, rushed, invited(&[2]), lowest()));
	});
}

#[test]
fn calls_on_an_unknown_tender_fail() {
	build_and_execute(|| {
		assert_noop!(Tender::commit_bid(signed(2), 9, 0, h(1)), Error::<Test>::UnknownTender);
		assert_noop!(Tender::award(signed(2), 9), Error::<Test>::UnknownTender);
		assert_noop!(Tender::cancel(signed(BUYER), 9), Error::<Test>::UnknownTender);
	});
}

// ---- Amendments and clarifications ----

#[test]
fn amendments_may_only_extend_deadlines_until_the_bid_deadline() {
	build_and_execute(|| {
		let id = publish();
		let mut later = timetable();
		later.bid_deadline = BID + 2;
		later.reveal_end = REVEAL + 2;
		later.standstill_end = STANDSTILL + 5;
		assert_noop!(Tender::amend(signed(2), id, h(9), later), Error::<Test>::NotBuyer);
		let mut earlier = later;
		earlier.evaluation_end = EVALUATE - 1;
		assert_noop!(
			Tender::amend(signed(BUYER), id, h(9), earlier),
			Error::<Test>::DeadlineBroughtForward
		);
		let mut disordered = later;
		disordered.bid_deadline = later.reveal_end + 1;
		assert_noop!(
			Tender::amend(signed(BUYER), id, h(9), disordered),
			Error::<Test>::InvalidTimetable
		);
		assert_ok!(Tender::amend(signed(BUYER), id, h(9), later));
		let tender = Tenders::<Test>::get(id).unwrap();
		assert_eq!((tender.timetable, tender.document, tender.amendments), (later, h(9), 1));
		assert!(has_event(Event::Amended { tender: id, document: h(9), timetable: later }));

		// Still possible `ANSWER_CUTOFF` blocks before the (new) bid deadline.
		run_to_block(BID + 2 - ANSWER_CUTOFF);
		assert_ok!(Tender::amend(signed(BUYER), id, h(10), later));
		assert_noop!(
			Tender::amend(signed(BUYER), id, h(11), later),
			Error::<Test>::TooManyAmendments
		);
		run_to_block(BID + 3);
		assert_noop!(Tender::amend(signed(BUYER), id, h(11), later), Error::<Test>::BiddingClosed);
	});
}

#[test]
fn clarifications_are_asked_until_their_deadline_and_answered_until_the_cutoff() {
	build_and_execute(|| {
		let id = publish();
		assert_noop!(
			Tender::ask_clarification(signed(BUYER), id, h(5)),
			Error::<Test>::BuyerCannotBid
		);
		assert_noop!(Tender::ask_clarification(signed(7), id, h(5)), Error::<Test>::NotOperator);
		run_to_block(CLARIFY);
		assert_ok!(Tender::ask_clarification(signed(2), id, h(5)));
		assert_ok!(Tender::ask_clarification(signed(3), id, h(6)));
		assert_noop!(
			Tender::ask_clarification(signed(4), id, h(7)),
			Error::<Test>::TooManyClarifications
		);
		run_to_block(CLARIFY + 1);
		assert_noop!(
			Tender::ask_clarification(signed(4), id, h(7)),
			Error::<Test>::ClarificationClosed
		);
		assert_eq!(
			Clarifications::<Test>::get(id, 0),
			Some(Clarification { asker: 2, question: h(5), answer: None })
		);

		assert_noop!(Tender::answer_clarification(signed(2), id, 0, h(8)), Error::<Test>::NotBuyer);
		assert_noop!(
			Tender::answer_clarification(signed(BUYER), id, 2, h(8)),
			Error::<Test>::UnknownClarification
		);
		run_to_block(BID - ANSWER_CUTOFF);
		assert_ok!(Tender::answer_clarification(signed(BUYER), id, 0, h(8)));
		assert!(has_event(Event::ClarificationAnswered { tender: id, index: 0, answer: h(8) }));
		assert_noop!(
			Tender::answer_clarification(signed(BUYER), id, 0, h(9)),
			Error::<Test>::AlreadyAnswered
		);
		run_to_block(BID - ANSWER_CUTOFF + 1);
		assert_noop!(
			Tender::answer_clarification(signed(BUYER), id, 1, h(9)),
			Error::<Test>::AnswerCutoffPassed
		);
		run_to_block(BID + 1);
		assert_noop!(
			Tender::answer_clarification(signed(BUYER), id, 1, h(9)),
			Error::<Test>::BiddingClosed
		);
	});
}

// ---- Sealed bids ----

#[test]
fn a_commitment_holds_the_bond_once_and_may_be_replaced_until_the_deadline() {
	build_and_execute(|| {
		let id = publish();
		commit(id, 0, 2, 500);
		assert_eq!(bond_held(2), BOND);
		assert_eq!(free(2), ENDOWMENT - BOND);
		let bid = Bids::<Test>::get((id, 0, 2)).unwrap();
		assert_eq!((bid.sequence, bid.status, bid.bond), (0, BidStatus::Sealed, BOND));
		assert!(BidsOf::<Test>::contains_key(2, (id, 0)));

		run_to_block(BID);
		commit(id, 0, 2, 450);
		commit(id, 0, 2, 400);
		assert_eq!(bond_held(2), BOND, "a replacement holds no second bond");
		let bid = Bids::<Test>::get((id, 0, 2)).unwrap();
		assert_eq!((bid.replacements, bid.committed_at, bid.sequence), (2, BID, 0));
		assert_eq!(bid.commitment, commitment_of(id, 0, &content(400), &salt(2), &2u64));
		let again = commitment_of(id, 0, &content(350), &salt(2), &2u64);
		assert_noop!(
			Tender::commit_bid(signed(2), id, 0, again),
			Error::<Test>::TooManyReplacements
		);

		run_to_block(BID + 1);
		assert_noop!(Tender::commit_bid(signed(3), id, 0, h(3)), Error::<Test>::BiddingClosed);
	});
}

#[test]
fn commit_checks_the_bidder_and_the_lot() {
	build_and_execute(|| {
		let id = publish();
		assert_noop!(Tender::commit_bid(signed(2), id, 1, h(2)), Error::<Test>::UnknownLot);
		assert_noop!(Tender::commit_bid(signed(BUYER), id, 0, h(2)), Error::<Test>::BuyerCannotBid);
		assert_noop!(Tender::commit_bid(signed(7), id, 0, h(2)), Error::<Test>::NotOperator);

		let restricted = publish_with(1, invited(&[2, 3]), EvaluationMethod::LowestPrice);
		assert_noop!(Tender::commit_bid(signed(4), restricted, 0, h(2)), Error::<Test>::NotInvited);
		assert_ok!(Tender::commit_bid(signed(2), restricted, 0, h(2)));

		// A lot takes at most MAX_BIDS bids.
		OperatorSet::mutate(|set| set.extend([6, 8, 9]));
		for who in [2, 3, 4, 5] {
			commit(id, 0, who, 100);
		}
		assert_noop!(Tender::commit_bid(signed(6), id, 0, h(2)), Error::<Test>::TooManyBids);

		// A bidder without funds for the bond is refused.
		assert_ok!(Tender::publish(
			signed(BUYER),
			title(),
			h(1),
			1,
			CurrencyCode::EUR,
			Eligibility::Operators,
			ENDOWMENT * 2,
			timetable(),
			EvaluationMethod::LowestPrice,
			Procedure::Open
		));
		assert!(Tender::commit_bid(signed(6), 2, 0, h(2)).is_err());
		assert_eq!(bond_held(6), 0);
	});
}

#[test]
fn a_withdrawn_bid_releases_its_bond_and_cannot_return() {
	build_and_execute(|| {
		let id = publish();
		assert_noop!(Tender::withdraw_bid(signed(2), id, 0), Error::<Test>::NoBid);
		commit(id, 0, 2, 500);
		run_to_block(BID);
		assert_ok!(Tender::withdraw_bid(signed(2), id, 0));
		assert_eq!(bond_held(2), 0);
		assert_eq!(free(2), ENDOWMENT);
		assert_eq!(bid_status(id, 0, 2), BidStatus::Withdrawn);
		assert!(has_event(Event::BidWithdrawn { tender: id, lot: 0, bidder: 2 }));
		assert_noop!(Tender::withdraw_bid(signed(2), id, 0), Error::<Test>::BidWithdrawnBefore);
		assert_noop!(Tender::commit_bid(signed(2), id, 0, h(2)), Error::<Test>::BidWithdrawnBefore);
		commit(id, 0, 3, 500);
		run_to_block(BID + 1);
		assert_noop!(Tender::withdraw_bid(signed(3), id, 0), Error::<Test>::BiddingClosed);
	});
}

#[test]
fn bids_are_revealed_only_in_the_reveal_window_and_must_match() {
	build_and_execute(|| {
		let id = publish();
		commit(id, 0, 2, 300);
		commit(id, 0, 3, 200);
		run_to_block(TECH);
		// Prices stay closed through the technical envelope.
		assert_noop!(
			Tender::reveal_bid(signed(2), id, 0, content(300), salt(2)),
			Error::<Test>::NotRevealPeriod
		);
		run_to_block(TECH + 1);
		assert_noop!(
			Tender::reveal_bid(signed(2), id, 0, content(301), salt(2)),
			Error::<Test>::CommitmentMismatch
		);
		assert_noop!(
			Tender::reveal_bid(signed(2), id, 0, content(300), salt(9)),
			Error::<Test>::CommitmentMismatch
		);
		// Bidder 3 cannot reveal bidder 2's bid as its own.
		assert_noop!(
			Tender::reveal_bid(signed(3), id, 0, content(300), salt(2)),
			Error::<Test>::CommitmentMismatch
		);
		assert_noop!(
			Tender::reveal_bid(signed(4), id, 0, content(300), salt(4)),
			Error::<Test>::NoBid
		);
		reveal(id, 0, 2, 300);
		let bid = Bids::<Test>::get((id, 0, 2)).unwrap();
		assert_eq!((bid.status, bid.content), (BidStatus::Revealed, Some(content(300))));
		assert!(has_event(Event::BidRevealed {
			tender: id,
			lot: 0,
			bidder: 2,
			content: content(300),
			valid: true
		}));
		assert_noop!(
			Tender::reveal_bid(signed(2), id, 0, content(300), salt(2)),
			Error::<Test>::AlreadyRevealed
		);
		run_to_block(REVEAL);
		reveal(id, 0, 3, 200);
		run_to_block(REVEAL + 1);
		assert_noop!(
			Tender::reveal_bid(signed(3), id, 0, content(200), salt(3)),
			Error::<Test>::NotRevealPeriod
		);
	});
}

// ---- Award on price ----

#[test]
fn the_lowest_price_wins_and_unrevealed_bonds_go_to_the_treasury() {
	build_and_execute(|| {
		let id = publish();
		two_revealed_one_silent(id);
		run_to_block(REVEAL);
		assert_noop!(Tender::award(signed(BUYER), id), Error::<Test>::TooEarlyToAward);
		run_to_block(REVEAL + 1);
		// Only the buyer may award before the evaluation period ends.
		assert_noop!(Tender::award(signed(2), id), Error::<Test>::TooEarlyToAward);
		let buyer_before = free(BUYER);
		assert_ok!(Tender::award(signed(BUYER), id));

		assert_eq!(status(id), TenderStatus::Awarded);
		assert_eq!(bid_status(id, 0, 3), BidStatus::Winner);
		assert_eq!(bid_status(id, 0, 2), BidStatus::Lost);
		assert_eq!(bid_status(id, 0, 4), BidStatus::Forfeited);
		assert_eq!(
			Awards::<Test>::get(id, 0),
			Some(LotAward { winner: 3, price: 200, points: FULL_MARKS, valid_bids: 2 })
		);
		// Bidder 4's bond moved to the treasury, never the buyer.
		assert_eq!(free(BUYER), buyer_before);
		assert_eq!(free(TREASURY), ENDOWMENT + BOND);
		assert_eq!((bond_held(4), free(4)), (0, ENDOWMENT - BOND));
		// The loser's bond comes back at award; the winner's stays held until conclusion.
		assert_eq!((bond_held(2), bond_held(3)), (0, BOND));
		assert!(has_event(Event::BondForfeited {
			tender: id,
			lot: 0,
			bidder: 4,
			to: TREASURY,
			amount: BOND
		}));
		assert!(has_event(Event::LotAwarded {
			tender: id,
			lot: 0,
			winner: 3,
			price: 200,
			points: FULL_MARKS
		}));
		// The timetable's standstill end is later than the minimum: it stands.
		assert!(has_event(Event::Awarded { tender: id, standstill_end: STANDSTILL }));
		assert_noop!(Tender::award(signed(BUYER), id), Error::<Test>::NotOpen);
	});
}

#[test]
fn anyone_may_award_after_the_evaluation_period_and_the_standstill_is_at_least_the_minimum() {
	build_and_execute(|| {
		let id = publish();
		two_revealed_one_silent(id);
		run_to_block(EVALUATE);
		assert_noop!(Tender::award(signed(2), id), Error::<Test>::TooEarlyToAward);
		run_to_block(EVALUATE + 1);
		assert_ok!(Tender::award(signed(2), id));
		// Awarded one block after the evaluation end, the standstill still lasts its minimum.
		let end = EVALUATE + 1 + MIN_STANDSTILL;
		assert!(end > STANDSTILL);
		assert_eq!(Tenders::<Test>::get(id).unwrap().timetable.standstill_end, end);
		assert!(has_event(Event::Awarded { tender: id, standstill_end: end }));
	});
}

#[test]
fn invalid_bids_forfeit_to_the_treasury_too() {
	build_and_execute(|| {
		let id = publish();
		commit(id, 0, 2, 300);
		commit(id, 0, 3, 0);
		commit(id, 0, 4, 250);
		run_to_block(TECH + 1);
		reveal(id, 0, 2, 300);
		reveal(id, 0, 3, 0);
		assert_eq!(bid_status(id, 0, 3), BidStatus::Invalid);
		run_to_block(REVEAL + 1);
		let buyer_before = free(BUYER);
		assert_ok!(Tender::award(signed(BUYER), id));
		assert_eq!(free(TREASURY), ENDOWMENT + 2 * BOND);
		assert_eq!(free(BUYER), buyer_before);
		assert_eq!(bid_status(id, 0, 3), BidStatus::Forfeited);
		assert_eq!(bid_status(id, 0, 2), BidStatus::Winner);
	});
}

#[test]
fn equal_prices_go_to_the_earlier_first_commitment() {
	build_and_execute(|| {
		let id = publish();
		commit(id, 0, 3, 200);
		commit(id, 0, 2, 200);
		// Replacing keeps bidder 3's place in the commitment order.
		commit(id, 0, 3, 200);
		run_to_block(TECH + 1);
		reveal(id, 0, 2, 200);
		reveal(id, 0, 3, 200);
		run_to_block(REVEAL + 1);
		assert_ok!(Tender::award(signed(BUYER), id));
		assert_eq!(Awards::<Test>::get(id, 0).unwrap().winner, 3);
	});
}

#[test]
fn lots_are_awarded_separately() {
	build_and_execute(|| {
		let id = publish_with(2, Eligibility::Operators, EvaluationMethod::LowestPrice);
		commit(id, 0, 2, 100);
		commit(id, 0, 3, 150);
		commit(id, 1, 2, 900);
		commit(id, 1, 3, 800);
		assert_eq!(bond_held(2), 2 * BOND, "one bond per lot bid");
		run_to_block(TECH + 1);
		for (lot, who, price) in [(0, 2, 100), (0, 3, 150), (1, 2, 900), (1, 3, 800)] {
			reveal(id, lot, who, price);
		}
		run_to_block(REVEAL + 1);
		assert_ok!(Tender::award(signed(BUYER), id));
		assert_eq!(Awards::<Test>::get(id, 0).unwrap().winner, 2);
		assert_eq!(Awards::<Test>::get(id, 1).unwrap().winner, 3);
	});
}

#[test]
fn a_tender_without_valid_bids_closes_without_award() {
	build_and_execute(|| {
		let id = publish();
		commit(id, 0, 2, 300);
		run_to_block(REVEAL + 1);
		assert_ok!(Tender::award(signed(BUYER), id));
		assert_eq!(status(id), TenderStatus::Cancelled);
		assert!(has_event(Event::NoValidBids { tender: id }));
		assert!(Tender::bids_of(&2).is_empty(), "no running bid is listed");
		assert_eq!(free(2), ENDOWMENT - BOND);
		assert_eq!((free(BUYER), free(TREASURY)), (ENDOWMENT, ENDOWMENT + BOND));
		assert_eq!(deposit_held(BUYER), 0);
	});
}

// ---- Weighted evaluation ----

#[test]
fn the_panel_seals_scores_before_prices_open_and_opens_them_in_the_evaluation_period() {
	build_and_execute(|| {
		with_experts();
		let id = publish_with(1, Eligibility::Operators, weighted(40));
		commit(id, 0, 2, 300);
		commit(id, 0, 3, 200);
		commit(id, 0, 4, 250);
		// Scores are sealed only after the bid deadline and until the technical end, and only
		// by drawn members.
		assert_noop!(Tender::commit_scores(signed(20), id, 0, h(7)), Error::<Test>::NotPanelMember);
		assert_eq!(sorted(draw(id, &[BUYER, 2, 3])), EXPERTS.to_vec());
		assert_noop!(Tender::commit_scores(signed(10), id, 0, h(7)), Error::<Test>::NotPanelMember);
		assert_noop!(Tender::commit_scores(signed(20), id, 1, h(7)), Error::<Test>::UnknownLot);
		// 20 seals scores for every sealed bid (the silent bidder 4's is ignored later); 21
		// leaves a valid bid out; 22 gives a score above 100.
		seal_scores(id, 0, 20, &[(2, 100), (3, 0), (4, 10)]);
		seal_scores(id, 0, 21, &[(2, 50)]);
		seal_scores(id, 0, 22, &[(2, 50), (3, 101)]);
		assert!(has_event(Event::ScoresCommitted {
			tender: id,
			lot: 0,
			member: 20,
			commitment: scores_commitment_of(
				id,
				0,
				&20u64,
				&[(2, 100), (3, 0), (4, 10)],
				&salt(20)
			),
		}));
		run_to_block(TECH + 1);
		assert_noop!(
			Tender::commit_scores(signed(20), id, 0, h(7)),
			Error::<Test>::NotTechnicalPeriod
		);
		reveal(id, 0, 2, 300);
		reveal(id, 0, 3, 200);
		run_to_block(REVEAL);
		assert_noop!(
			open_scores(id, 0, 20, &[(2, 100), (3, 0), (4, 10)]),
			Error::<Test>::NotEvaluationPeriod
		);
		run_to_block(REVEAL + 1);
		// Prices are known now: a member cannot change its scores.
		assert_noop!(
			open_scores(id, 0, 20, &[(2, 0), (3, 100), (4, 10)]),
			Error::<Test>::ScoreCommitmentMismatch
		);
		assert_noop!(open_scores(id, 0, 21, &[(2, 50)]), Error::<Test>::ScoresIncomplete);
		assert_noop!(open_scores(id, 0, 22, &[(2, 50), (3, 101)]), Error::<Test>::ScoreTooHigh);
		assert_ok!(open_scores(id, 0, 20, &[(2, 100), (3, 0), (4, 10)]));
		assert_noop!(
			open_scores(id, 0, 20, &[(2, 100), (3, 0), (4, 10)]),
			Error::<Test>::AlreadyScored
		);
		assert_eq!(Tallies::<Test>::get((id, 0, 2)), ScoreTally { sum: 100, count: 1 });
		assert_eq!(Tallies::<Test>::get((id, 0, 4)), ScoreTally::default());
		// Not every member has scored: the buyer must wait; anyone awards after the period.
		assert_noop!(Tender::award(signed(BUYER), id), Error::<Test>::TooEarlyToAward);
		run_to_block(EVALUATE + 1);
		assert_noop!(
			open_scores(id, 0, 20, &[(2, 100), (3, 0), (4, 10)]),
			Error::<Test>::NotEvaluationPeriod
		);
		assert_ok!(Tender::award(signed(2), id));
	});
}

#[test]
fn a_member_who_sealed_nothing_cannot_score() {
	build_and_execute(|| {
		with_experts();
		let id = publish_with(1, Eligibility::Operators, weighted(40));
		two_revealed_one_silent_sealing(id, &[(21, &[(2, 50), (3, 70)])]);
		run_to_block(REVEAL + 1);
		assert_noop!(open_scores(id, 0, 20, &[(2, 50), (3, 70)]), Error::<Test>::NoScoreCommitment);
	});
}

#[test]
fn weighted_evaluation_combines_price_and_technical_points() {
	build_and_execute(|| {
		// 40 % price. Bidder 3 is cheapest (200 vs 300) but the panel rates bidder 2 far
		// higher: 2 gets 0.4 × 66.67 + 0.6 × 90 = 80.67, 3 gets 0.4 × 100 + 0.6 × 20 = 52.
		// The five drawn experts' means: 2 gets 90, 3 gets 20.
		with_experts();
		let id = publish_with(1, Eligibility::Operators, weighted(40));
		let marks: [(u64, &[(u64, u8)]); 5] = [
			(20, &[(2, 100), (3, 30)]),
			(21, &[(2, 80), (3, 10)]),
			(22, &[(2, 90), (3, 20)]),
			(23, &[(2, 90), (3, 20)]),
			(24, &[(2, 90), (3, 20)]),
		];
		two_revealed_one_silent_sealing(id, &marks);
		run_to_block(REVEAL + 1);
		for (member, list) in marks {
			assert_ok!(open_scores(id, 0, member, list));
		}
		// Every score is in: the buyer may award before the evaluation period ends.
		assert_ok!(Tender::award(signed(BUYER), id));
		let award = Awards::<Test>::get(id, 0).unwrap();
		assert_eq!(award.winner, 2);
		assert_eq!(award.points, 80_666_666);
		assert_eq!(Bids::<Test>::get((id, 0, 3)).unwrap().points, Some(52_000_000));
		assert_eq!(bid_status(id, 0, 4), BidStatus::Forfeited);
	});
}

#[test]
fn lowest_price_tenders_take_no_scores() {
	build_and_execute(|| {
		let id = publish();
		two_revealed_one_silent(id);
		run_to_block(REVEAL + 1);
		assert_noop!(open_scores(id, 0, 7, &[(2, 1), (3, 1)]), Error::<Test>::NotWeighted);
		assert_noop!(Tender::commit_scores(signed(7), id, 0, h(7)), Error::<Test>::NotWeighted);
	});
}

// ---- Standstill, challenges and conclusion ----

#[test]
fn only_losing_bidders_challenge_and_only_during_the_standstill() {
	build_and_execute(|| {
		let id = publish();
		assert_noop!(Tender::challenge(signed(2), id, h(4)), Error::<Test>::NotAwarded);
		two_revealed_one_silent(id);
		run_to_block(REVEAL + 1);
		assert_ok!(Tender::award(signed(BUYER), id));
		assert_noop!(Tender::challenge(signed(3), id, h(4)), Error::<Test>::NotLosingBidder);
		assert_noop!(Tender::challenge(signed(4), id, h(4)), Error::<Test>::NotLosingBidder);
		run_to_block(STANDSTILL);
		assert_ok!(Tender::challenge(signed(2), id, h(4)));
		assert_eq!(
			Challenges::<Test>::get(id, 2),
			Some(Challenge { grounds: h(4), status: ChallengeStatus::Pending })
		);
		assert_eq!(Tenders::<Test>::get(id).unwrap().open_challenges, 1);
		assert_noop!(Tender::challenge(signed(2), id, h(5)), Error::<Test>::AlreadyChallenged);
		run_to_block(STANDSTILL + 1);
		assert_noop!(Tender::challenge(signed(2), id, h(5)), Error::<Test>::StandstillOver);
	});
}

#[test]
fn a_rejected_challenge_lets_the_award_conclude() {
	build_and_execute(|| {
		let id = awarded();
		assert_ok!(Tender::challenge(signed(2), id, h(4)));
		run_to_block(STANDSTILL + 1);
		assert_noop!(Tender::conclude(signed(BUYER), id, h(20)), Error::<Test>::ChallengePending);
		assert_noop!(Tender::decide_challenge(signed(2), id, 2, false), Error::<Test>::NotReviewer);
		assert_noop!(
			Tender::decide_challenge(signed(REVIEWER), id, 3, false),
			Error::<Test>::NoPendingChallenge
		);
		assert_ok!(Tender::decide_challenge(signed(REVIEWER), id, 2, false));
		assert!(has_event(Event::ChallengeRejected { tender: id, bidder: 2 }));
		assert_noop!(
			Tender::decide_challenge(signed(REVIEWER), id, 2, true),
			Error::<Test>::NoPendingChallenge
		);
		assert_ok!(Tender::conclude(signed(BUYER), id, h(20)));
		assert_eq!(status(id), TenderStatus::Concluded);
		assert_eq!((bond_held(2), bond_held(3)), (0, 0));
		assert_eq!((free(2), free(3)), (ENDOWMENT, ENDOWMENT));
	});
}

#[test]
fn an_upheld_challenge_annuls_the_award_and_releases_every_bond() {
	build_and_execute(|| {
		let id = awarded();
		assert_ok!(Tender::challenge(signed(2), id, h(4)));
		assert_ok!(Tender::decide_challenge(signed(REVIEWER), id, 2, true));
		assert_eq!(status(id), TenderStatus::Cancelled);
		assert!(has_event(Event::AwardAnnulled { tender: id, bidder: 2 }));
		assert_eq!(Challenges::<Test>::get(id, 2).unwrap().status, ChallengeStatus::Upheld);
		assert_eq!((free(2), free(3)), (ENDOWMENT, ENDOWMENT));
		// The bond forfeited at award stays with the treasury; the deposit comes back.
		assert_eq!(free(4), ENDOWMENT - BOND);
		assert_eq!((free(BUYER), free(TREASURY)), (ENDOWMENT, ENDOWMENT + BOND));
		assert_eq!(deposit_held(BUYER), 0);
		assert!(BidsOf::<Test>::iter_prefix(2).next().is_none());
		run_to_block(STANDSTILL + 1);
		assert_noop!(Tender::conclude(signed(BUYER), id, h(20)), Error::<Test>::NotAwarded);
	});
}

#[test]
fn the_buyer_concludes_after_the_standstill_and_the_hook_hears_of_it() {
	build_and_execute(|| {
		let id = awarded();
		run_to_block(STANDSTILL);
		assert_noop!(Tender::conclude(signed(BUYER), id, h(20)), Error::<Test>::StandstillRunning);
		run_to_block(STANDSTILL + 1);
		assert_noop!(Tender::conclude(signed(2), id, h(20)), Error::<Test>::NotBuyer);
		assert_ok!(Tender::conclude(signed(BUYER), id, h(20)));
		let tender = Tenders::<Test>::get(id).unwrap();
		assert_eq!((tender.status, tender.contract), (TenderStatus::Concluded, Some(h(20))));
		assert!(has_event(Event::Concluded { tender: id, contract: h(20) }));
		assert_eq!(
			Concluded::get(),
			vec![telecom_primitives::ContractAward {
				tender: id,
				lot: 0,
				buyer: BUYER,
				contractor: 3,
				currency: CurrencyCode::EUR,
				price: 200,
				contract: h(20),
			}]
		);
		// Bonds: winner and loser released, the silent bidder's went to the treasury.
		assert_eq!((free(2), free(3), free(4)), (ENDOWMENT, ENDOWMENT, ENDOWMENT - BOND));
		assert_eq!((free(BUYER), free(TREASURY)), (ENDOWMENT, ENDOWMENT + BOND));
		assert_eq!(deposit_held(BUYER), 0);
		assert_noop!(Tender::conclude(signed(BUYER), id, h(20)), Error::<Test>::NotAwarded);
		assert_noop!(Tender::cancel(signed(BUYER), id), Error::<Test>::NotOpen);
	});
}

#[test]
fn cancellation_before_award_releases_every_bond() {
	build_and_execute(|| {
		let id = publish();
		commit(id, 0, 2, 300);
		commit(id, 0, 3, 200);
		run_to_block(BID);
		assert_noop!(Tender::cancel(signed(2), id), Error::<Test>::NotBuyer);
		assert_ok!(Tender::cancel(signed(BUYER), id));
		assert_eq!(status(id), TenderStatus::Cancelled);
		assert!(has_event(Event::Cancelled { tender: id }));
		for who in [2, 3] {
			assert_eq!((bond_held(who), free(who)), (0, ENDOWMENT));
		}
		assert_eq!((deposit_held(BUYER), free(BUYER)), (0, ENDOWMENT));
		run_to_block(BID + 1);
		assert_noop!(
			Tender::reveal_bid(signed(3), id, 0, content(200), salt(3)),
			Error::<Test>::NotOpen
		);
		assert_noop!(Tender::cancel(signed(BUYER), id), Error::<Test>::NotOpen);
	});
}

#[test]
fn awarded_tenders_cannot_be_cancelled() {
	build_and_execute(|| {
		let id = awarded();
		assert_noop!(Tender::cancel(signed(BUYER), id), Error::<Test>::NotOpen);
	});
}

// ---- Audit ----

#[test]
fn the_history_and_the_queries_tell_the_whole_story() {
	build_and_execute(|| {
		let id = awarded();
		assert_ok!(Tender::challenge(signed(2), id, h(4)));
		assert_ok!(Tender::decide_challenge(signed(REVIEWER), id, 2, false));
		run_to_block(STANDSTILL + 1);
		assert_ok!(Tender::conclude(signed(BUYER), id, h(20)));

		let details = Tender::tender_details(id).unwrap();
		let steps: Vec<_> = details.history.iter().map(|e| e.step.clone()).collect();
		assert_eq!(
			steps,
			vec![
				TenderStep::Published,
				TenderStep::BidCommitted { bidder: 2, lot: 0 },
				TenderStep::BidCommitted { bidder: 3, lot: 0 },
				TenderStep::BidCommitted { bidder: 4, lot: 0 },
				TenderStep::BidRevealed { bidder: 2, lot: 0, valid: true },
				TenderStep::BidRevealed { bidder: 3, lot: 0, valid: true },
				TenderStep::Awarded,
				TenderStep::Challenged { bidder: 2 },
				TenderStep::ChallengeDecided { bidder: 2, upheld: false },
				TenderStep::Concluded { contract: h(20) },
			]
		);
		assert_eq!(details.history[0].at, 1);
		assert_eq!(details.notice.status, TenderStatus::Concluded);
		assert_eq!(details.notice.title, title().into_inner());
		assert_eq!(details.bids.iter().map(|(_, who, _)| *who).collect::<Vec<_>>(), vec![2, 3, 4]);
		assert_eq!(details.awards.len(), 1);
		assert_eq!(details.challenges.len(), 1);
		assert!(Tender::tender_details(9).is_none());
	});
}

#[test]
fn a_bidder_lists_its_own_running_bids() {
	build_and_execute(|| {
		let first = publish();
		let second = publish_with(2, Eligibility::Operators, EvaluationMethod::LowestPrice);
		commit(first, 0, 2, 300);
		commit(second, 1, 2, 100);
		commit(second, 0, 3, 100);
		let mine = Tender::bids_of(&2);
		assert_eq!(mine.iter().map(|(t, l, _)| (*t, *l)).collect::<Vec<_>>(), vec![(0, 0), (1, 1)]);
		assert_ok!(Tender::cancel(signed(BUYER), first));
		assert_eq!(Tender::bids_of(&2).len(), 1);
	});
}

#[test]
fn integrity_test_passes() {
	new_test_ext().execute_with(<Tender as frame_support::traits::Hooks<u64>>::integrity_test);
}

// ---- Issue 23: bonds cannot be harvested ----

#[test]
fn a_reveal_window_shorter_than_the_minimum_is_refused_and_forfeits_go_to_the_treasury() {
	build_and_execute(|| {
		// A one-block reveal window, which the buyer's block author could censor, is refused.
		let mut one_block = timetable();
		one_block.reveal_end = TECH + 1;
		let refused = Tender::publish(
			signed(BUYER),
			title(),
			h(1),
			1,
			CurrencyCode::EUR,
			Eligibility::Operators,
			BOND,
			one_block,
			EvaluationMethod::LowestPrice,
			Procedure::Open,
		);
		assert_eq!(refused, Err(Error::<Test>::RevealPeriodTooShort.into()));
		// The minimum itself passes.
		let mut shortest = timetable();
		shortest.reveal_end = TECH + MIN_REVEAL_PERIOD;
		shortest.evaluation_end = shortest.reveal_end + 1;
		assert_ok!(Tender::publish(
			signed(BUYER),
			title(),
			h(1),
			1,
			CurrencyCode::EUR,
			Eligibility::Operators,
			BOND,
			shortest,
			EvaluationMethod::LowestPrice,
			Procedure::Open,
		));
		// An amendment moving the bid deadline later cannot squeeze the window either.
		let id = publish();
		let mut squeezed = timetable();
		squeezed.bid_deadline = REVEAL - 1;
		squeezed.technical_end = REVEAL - 1;
		assert_noop!(
			Tender::amend(signed(BUYER), id, h(9), squeezed),
			Error::<Test>::RevealPeriodTooShort
		);
		assert_ok!(Tender::cancel(signed(BUYER), id));

		// Forfeited bonds never go to the buyer: they go to the neutral treasury account.
		let id = publish();
		two_revealed_one_silent(id);
		run_to_block(REVEAL + 1);
		let buyer_before = free(BUYER);
		assert_ok!(Tender::award(signed(BUYER), id));
		assert_eq!(free(BUYER), buyer_before, "the buyer gains nothing from a silent bidder");
		assert_eq!(free(TREASURY), ENDOWMENT + BOND);
	});
}

// ---- Issue 23: losers' bonds do not wait on the buyer ----

#[test]
fn losers_get_their_bonds_back_at_award_and_anyone_closes_an_abandoned_award() {
	build_and_execute(|| {
		let id = awarded();
		// The loser's bond comes back at award; the winner's stays held until conclusion.
		assert_eq!((bond_held(2), free(2)), (0, ENDOWMENT));
		assert_eq!(bond_held(3), BOND);
		assert!(has_event(Event::BondReleased { tender: id, lot: 0, bidder: 2, amount: BOND }));
		assert_eq!(Bids::<Test>::get((id, 0, 2)).unwrap().bond, 0);
		// The buyer never concludes. Until the conclusion period ends only the buyer may.
		run_to_block(STANDSTILL + CONCLUDE_PERIOD);
		assert_noop!(Tender::conclude(signed(2), id, h(20)), Error::<Test>::NotBuyer);
		run_to_block(STANDSTILL + CONCLUDE_PERIOD + 1);
		assert_ok!(Tender::conclude(signed(2), id, h(20)));
		assert!(has_event(Event::Lapsed {
			tender: id,
			by: 2,
			to: TREASURY,
			deposit: TENDER_DEPOSIT
		}));
		assert_eq!(
			History::<Test>::get(id, Tenders::<Test>::get(id).unwrap().history_len - 1)
				.map(|entry| entry.step),
			Some(TenderStep::Lapsed)
		);
		assert_eq!(status(id), TenderStatus::Cancelled);
		assert_eq!((bond_held(3), free(3)), (0, ENDOWMENT), "the winner's bond is released");
		// The buyer who abandoned its award loses its deposit to the treasury.
		assert_eq!(deposit_held(BUYER), 0);
		assert_eq!(free(BUYER), ENDOWMENT - TENDER_DEPOSIT);
		assert_eq!(free(TREASURY), ENDOWMENT + BOND + TENDER_DEPOSIT);
		assert!(Concluded::get().is_empty(), "no contract is reported");
	});
}

#[test]
fn a_challengers_bond_is_held_again_until_the_standstill_ends() {
	build_and_execute(|| {
		let id = awarded();
		assert_eq!(bond_held(2), 0);
		assert_ok!(Tender::challenge(signed(2), id, h(4)));
		assert_eq!(bond_held(2), BOND, "a challenge holds the bond again");
		assert_ok!(Tender::decide_challenge(signed(REVIEWER), id, 2, false));
		assert_eq!(bond_held(2), BOND);
		run_to_block(STANDSTILL + 1);
		assert_ok!(Tender::conclude(signed(BUYER), id, h(20)));
		assert_eq!((bond_held(2), free(2)), (0, ENDOWMENT));
	});
}

// ---- Issue 23: no cancellation by the buyer once prices can be known ----

#[test]
fn after_the_bid_deadline_only_the_review_body_cancels_and_the_buyer_loses_its_deposit() {
	build_and_execute(|| {
		let id = publish();
		two_revealed_one_silent(id);
		assert_noop!(Tender::cancel(signed(BUYER), id), Error::<Test>::CancelNeedsReview);
		assert_noop!(Tender::cancel(signed(2), id), Error::<Test>::NotBuyer);
		assert_eq!(status(id), TenderStatus::Open);
		run_to_block(REVEAL + 1);
		assert_noop!(Tender::cancel(signed(BUYER), id), Error::<Test>::CancelNeedsReview);
		assert_ok!(Tender::cancel(signed(REVIEWER), id));
		assert!(has_event(Event::DepositForfeited {
			tender: id,
			to: TREASURY,
			amount: TENDER_DEPOSIT
		}));
		assert_eq!(bid_status(id, 0, 4), BidStatus::Forfeited);
		assert_eq!(status(id), TenderStatus::Cancelled);
		// Revealed bids get their bonds back, the silent bidder's is forfeited.
		assert_eq!((free(2), free(3), free(4)), (ENDOWMENT, ENDOWMENT, ENDOWMENT - BOND));
		// The buyer's deposit is forfeited to the treasury.
		assert_eq!(deposit_held(BUYER), 0);
		assert_eq!(free(BUYER), ENDOWMENT - TENDER_DEPOSIT);
		assert_eq!(free(TREASURY), ENDOWMENT + BOND + TENDER_DEPOSIT);
	});
}

#[test]
fn the_review_body_may_cancel_before_the_deadline_without_forfeits() {
	build_and_execute(|| {
		let id = publish();
		commit(id, 0, 2, 300);
		assert_ok!(Tender::cancel(signed(REVIEWER), id));
		assert_eq!((free(2), free(BUYER), deposit_held(BUYER)), (ENDOWMENT, ENDOWMENT, 0));
		assert_eq!(free(TREASURY), ENDOWMENT);
	});
}

#[test]
fn a_review_cancellation_during_the_reveal_releases_unrevealed_bonds() {
	build_and_execute(|| {
		let id = publish();
		two_revealed_one_silent(id);
		// Bidder 4 could still reveal: its bond is released, not forfeited.
		assert_ok!(Tender::cancel(signed(REVIEWER), id));
		assert_eq!((free(2), free(3), free(4)), (ENDOWMENT, ENDOWMENT, ENDOWMENT));
		assert_eq!(free(TREASURY), ENDOWMENT + TENDER_DEPOSIT);
	});
}

// ---- Issue 23: scoring is weighed by what it visits ----

#[test]
fn scoring_is_weighed_by_every_bid_of_the_lot() {
	build_and_execute(|| {
		with_experts();
		let id = publish_with(1, Eligibility::Operators, weighted(40));
		for who in [2, 3, 4, 5] {
			commit(id, 0, who, 100 + u128::from(who as u8));
		}
		draw(id, &[BUYER, 2]);
		seal_scores(id, 0, 20, &[(2, 50)]);
		run_to_block(TECH + 1);
		reveal(id, 0, 2, 102);
		run_to_block(REVEAL + 1);
		let info = open_scores(id, 0, 20, &[(2, 50)]).unwrap();
		// The call visits the lot's four bids to find its one valid bid.
		assert_eq!(
			info.actual_weight,
			Some(<() as crate::WeightInfo>::score_bids(4)),
			"weighed by the bids visited, not the scores given"
		);
	});
}

// ---- Issue 23: procedures have minimum periods, answers a cut-off ----

#[test]
fn procedures_set_their_minimum_bid_periods_and_answers_stop_before_the_deadline() {
	build_and_execute(|| {
		let attempt = |bid_deadline: u64, eligibility: EligibilityOf<Test>, procedure| {
			let mut times = timetable();
			times.clarification_deadline = 2;
			times.bid_deadline = bid_deadline;
			Tender::publish(
				signed(BUYER),
				title(),
				h(1),
				1,
				CurrencyCode::EUR,
				eligibility,
				BOND,
				times,
				EvaluationMethod::LowestPrice,
				procedure,
			)
		};
		let ops = || Eligibility::Operators;
		// Each procedure needs its own minimum period from publication (block 1).
		for (procedure, period) in [
			(Procedure::Open, MIN_OPEN_PERIOD),
			(Procedure::EuOpen, MIN_EU_OPEN_PERIOD),
			(Procedure::EuOpenWithPriorNotice, MIN_EU_PRIOR_NOTICE_PERIOD),
		] {
			assert_noop!(attempt(period, ops(), procedure), Error::<Test>::BidPeriodTooShort);
			assert_ok!(attempt(1 + period, ops(), procedure));
		}
		assert_eq!(Tenders::<Test>::get(1).unwrap().procedure, Procedure::EuOpen);
		// An open tender with only the general minimum is refused.
		assert_noop!(
			attempt(1 + MIN_BID_PERIOD, ops(), Procedure::Open),
			Error::<Test>::BidPeriodTooShort
		);
		// The procedure fits the eligibility.
		assert_noop!(
			attempt(BID, invited(&[2]), Procedure::Open),
			Error::<Test>::ProcedureMismatch
		);
		assert_noop!(attempt(BID, ops(), Procedure::Restricted), Error::<Test>::ProcedureMismatch);
		// Questions must close `ANSWER_CUTOFF` blocks before the bid deadline.
		let mut late_questions = timetable();
		late_questions.clarification_deadline = BID - ANSWER_CUTOFF + 1;
		assert_noop!(
			Tender::publish(
				signed(BUYER),
				title(),
				h(1),
				1,
				CurrencyCode::EUR,
				ops(),
				BOND,
				late_questions,
				EvaluationMethod::LowestPrice,
				Procedure::Open,
			),
			Error::<Test>::ClarificationTooLate
		);

		// Answers and amendments stop before the bid deadline; an amendment that moves the
		// deadline must leave the bidders the cut-off.
		let id = publish();
		assert_ok!(Tender::ask_clarification(signed(2), id, h(5)));
		run_to_block(BID - 1);
		assert_noop!(
			Tender::answer_clarification(signed(BUYER), id, 0, h(8)),
			Error::<Test>::AnswerCutoffPassed
		);
		let mut later = timetable();
		later.standstill_end = STANDSTILL + 1;
		assert_noop!(
			Tender::amend(signed(BUYER), id, h(9), later),
			Error::<Test>::AnswerCutoffPassed
		);
		later.bid_deadline = BID - 1 + ANSWER_CUTOFF;
		later.reveal_end = later.bid_deadline + MIN_REVEAL_PERIOD;
		assert_ok!(Tender::amend(signed(BUYER), id, h(9), later));
		assert_ok!(Tender::answer_clarification(signed(BUYER), id, 0, h(8)));
	});
}

// ---- Issue 23: interested parties do not review challenges ----

#[test]
fn challenges_are_decided_by_the_disinterested_reviewers_only() {
	build_and_execute(|| {
		ReviewBody::set(vec![1, 3, 5, REVIEWER]);
		let id = awarded();
		assert_ok!(Tender::challenge(signed(2), id, h(4)));
		// The buyer and the winner sit on the review body but may not vote on this challenge.
		assert_noop!(
			Tender::decide_challenge(signed(BUYER), id, 2, false),
			Error::<Test>::InterestedReviewer
		);
		assert_noop!(
			Tender::decide_challenge(signed(3), id, 2, false),
			Error::<Test>::InterestedReviewer
		);
		// Operator 5 and the reviewer are disinterested: both must agree (a majority of two).
		assert_ok!(Tender::decide_challenge(signed(5), id, 2, true));
		assert!(has_event(Event::ChallengeVoted {
			tender: id,
			bidder: 2,
			member: 5,
			uphold: true
		}));
		assert_eq!(Challenges::<Test>::get(id, 2).unwrap().status, ChallengeStatus::Pending);
		assert_noop!(Tender::decide_challenge(signed(5), id, 2, true), Error::<Test>::AlreadyVoted);
		assert_ok!(Tender::decide_challenge(signed(REVIEWER), id, 2, true));
		assert_eq!(Challenges::<Test>::get(id, 2).unwrap().status, ChallengeStatus::Upheld);
		assert_eq!(status(id), TenderStatus::Cancelled);
		assert!(ChallengeVotes::<Test>::get(id, 2).is_empty(), "votes are cleared");
	});
}

#[test]
fn split_votes_wait_and_root_decides_at_once() {
	build_and_execute(|| {
		ReviewBody::set(vec![1, 3, 5, REVIEWER]);
		let id = awarded();
		assert_ok!(Tender::challenge(signed(2), id, h(4)));
		assert_ok!(Tender::decide_challenge(signed(5), id, 2, true));
		assert_ok!(Tender::decide_challenge(signed(REVIEWER), id, 2, false));
		// One each way out of two: no majority, the challenge stays pending.
		assert_eq!(Challenges::<Test>::get(id, 2).unwrap().status, ChallengeStatus::Pending);
		assert_ok!(Tender::decide_challenge(RuntimeOrigin::root(), id, 2, false));
		assert_eq!(Challenges::<Test>::get(id, 2).unwrap().status, ChallengeStatus::Rejected);
		assert_eq!(status(id), TenderStatus::Awarded);
	});
}

// ---- Issue 23: records are purged after a retention period ----

#[test]
fn concluded_tenders_are_purged_after_the_retention_period_keeping_a_history_hash() {
	build_and_execute(|| {
		let id = awarded();
		assert_noop!(Tender::purge(signed(2), id), Error::<Test>::NotPurgeable);
		run_to_block(STANDSTILL + 1);
		assert_ok!(Tender::conclude(signed(BUYER), id, h(20)));
		let closed = STANDSTILL + 1;
		let tender = Tenders::<Test>::get(id).unwrap();
		assert_eq!(tender.closed_at, Some(closed));
		// The running hash is the chain of every history entry, from zero.
		let mut expected = H256::zero();
		for seq in 0..tender.history_len {
			let entry = History::<Test>::get(id, seq).unwrap();
			expected = H256::from(codec::Encode::using_encoded(
				&(expected, &entry),
				sp_io::hashing::blake2_256,
			));
		}
		assert_eq!(tender.history_hash, expected);

		run_to_block(closed + RETENTION_PERIOD);
		assert_noop!(Tender::purge(signed(2), id), Error::<Test>::NotPurgeable);
		run_to_block(closed + RETENTION_PERIOD + 1);
		assert_ok!(Tender::purge(signed(2), id));
		assert!(
			!Tenders::<Test>::contains_key(id) && History::<Test>::iter_prefix(id).next().is_none(),
			"tender records are purged after the retention period"
		);
		assert!(Bids::<Test>::iter_prefix((id, 0)).next().is_none());
		assert!(Awards::<Test>::iter_prefix(id).next().is_none());
		assert!(Challenges::<Test>::iter_prefix(id).next().is_none());
		let kept = Purged::<Test>::get(id).unwrap();
		assert_eq!(
			(kept.status, kept.contract, kept.history_len, kept.history_hash, kept.closed_at),
			(TenderStatus::Concluded, Some(h(20)), tender.history_len, expected, closed)
		);
		assert!(has_event(Event::PurgedRecords { tender: id, history_hash: expected }));
		assert!(Tender::tender_details(id).is_none());
		assert_noop!(Tender::purge(signed(2), id), Error::<Test>::UnknownTender);
	});
}

#[test]
fn a_running_or_cancelled_tender_is_purged_only_after_closing() {
	build_and_execute(|| {
		let id = publish();
		commit(id, 0, 2, 300);
		let other = publish();
		assert_ok!(Tender::cancel(signed(BUYER), other));
		run_to_block(EVALUATE);
		assert_noop!(Tender::purge(signed(2), id), Error::<Test>::NotPurgeable);
		run_to_block(1 + RETENTION_PERIOD + 1);
		assert_ok!(Tender::purge(signed(3), other));
		assert_eq!(Purged::<Test>::get(other).unwrap().status, TenderStatus::Cancelled);
	});
}

// ---- Issue 23: the panel cannot be steered by its make-up ----

#[test]
fn price_carries_a_minimum_weight() {
	build_and_execute(|| {
		let attempt = |method: EvaluationMethod| {
			Tender::publish(
				signed(BUYER),
				title(),
				h(1),
				1,
				CurrencyCode::EUR,
				Eligibility::Operators,
				BOND,
				timetable(),
				method,
				Procedure::Open,
			)
		};
		// The panel is drawn (odd, `PanelSize`, at least `MinPanel`: checked by the integrity
		// test); the registry must be able to supply it.
		with_experts();
		assert_noop!(attempt(weighted(9)), Error::<Test>::PriceWeightTooLow);
		assert_ok!(attempt(weighted(10)));
		assert_ok!(attempt(weighted(40)));
	});
}

// ---- Issue 23, defect 4: the panel is drawn, not named by the buyer ----

#[test]
fn the_buyer_cannot_choose_the_panel() {
	build_and_execute(|| {
		// Before the fix the buyer named its friends 7, 8 and 9 as the panel, and 7 could seal
		// scores. Now the notice names no panel: it is drawn from the registry.
		with_experts();
		let id = publish_with(1, Eligibility::Operators, weighted(40));
		assert!(panel_of(id).is_empty());
		commit(id, 0, 2, 300);
		let panel = draw(id, &[BUYER, 2]);
		// Whoever the buyer favours must not be able to score for that reason alone.
		assert_noop!(Tender::commit_scores(signed(7), id, 0, h(7)), Error::<Test>::NotPanelMember);
		assert_eq!(sorted(panel), EXPERTS.to_vec());
	});
}

/// A weighted tender (open to operators) with bids from 2 and 3; returns its id.
fn weighted_with_bids() -> TenderId {
	let id = publish_with(1, Eligibility::Operators, weighted(40));
	commit(id, 0, 2, 300);
	commit(id, 0, 3, 200);
	id
}

#[test]
fn governance_keeps_the_expert_registry() {
	build_and_execute(|| {
		assert_noop!(
			Tender::add_expert(signed(BUYER), 20, None, None),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_ok!(Tender::add_expert(RuntimeOrigin::root(), 20, Some(2), Some(h(0xE0))));
		assert!(has_event(Event::ExpertAdded { expert: 20, affiliation: Some(2) }));
		let registry = Experts::<Test>::get();
		assert_eq!(registry.len(), 1);
		assert_eq!(registry[0].affiliation, Some(2));
		assert_eq!(registry[0].field, Some(h(0xE0)));
		assert_eq!(registry[0].since, 1);
		assert_noop!(
			Tender::add_expert(RuntimeOrigin::root(), 20, None, None),
			Error::<Test>::AlreadyExpert
		);
		// The registry is capped at MAX_EXPERTS.
		for expert in 21..20 + MAX_EXPERTS as u64 {
			assert_ok!(Tender::add_expert(RuntimeOrigin::root(), expert, None, None));
		}
		assert_noop!(
			Tender::add_expert(RuntimeOrigin::root(), 99, None, None),
			Error::<Test>::TooManyExperts
		);
		assert_noop!(
			Tender::remove_expert(signed(BUYER), 20),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_ok!(Tender::remove_expert(RuntimeOrigin::root(), 20));
		assert!(has_event(Event::ExpertRemoved { expert: 20 }));
		assert_noop!(Tender::remove_expert(RuntimeOrigin::root(), 20), Error::<Test>::NotExpert);
		assert_eq!(Experts::<Test>::get().len() as u32, MAX_EXPERTS - 1);
	});
}

#[test]
fn draw_seeds_are_committed_by_the_buyer_and_bidders_until_the_bid_deadline() {
	build_and_execute(|| {
		with_experts();
		let lowest = publish();
		let id = weighted_with_bids();
		let commitment = draw_seed_commitment_of(id, &2u64, &draw_seed(2));
		assert_noop!(
			Tender::commit_draw_seed(signed(2), 99, commitment),
			Error::<Test>::UnknownTender
		);
		assert_noop!(
			Tender::commit_draw_seed(signed(2), lowest, commitment),
			Error::<Test>::NotWeighted
		);
		// Someone with no part in the tender (an expert among them) contributes nothing.
		assert_noop!(
			Tender::commit_draw_seed(signed(4), id, commitment),
			Error::<Test>::NotDrawContributor
		);
		assert_noop!(
			Tender::commit_draw_seed(signed(20), id, commitment),
			Error::<Test>::NotDrawContributor
		);
		// The first commitment holds the deposit; a replacement holds nothing more.
		assert_ok!(Tender::commit_draw_seed(signed(2), id, h(9)));
		assert_eq!(seed_held(2), SEED_DEPOSIT);
		assert_ok!(Tender::commit_draw_seed(signed(2), id, commitment));
		assert_eq!(seed_held(2), SEED_DEPOSIT);
		assert!(has_event(Event::DrawSeedCommitted { tender: id, contributor: 2, commitment }));
		commit_seed(id, BUYER);
		assert_eq!(PanelDraws::<Test>::get(id).unwrap().committed, 2);
		// After the bid deadline no seed can be committed or replaced.
		run_to_block(BID + 1);
		assert_noop!(
			Tender::commit_draw_seed(signed(3), id, h(3)),
			Error::<Test>::SeedCommitClosed
		);
		assert_noop!(
			Tender::commit_draw_seed(signed(2), id, h(3)),
			Error::<Test>::SeedCommitClosed
		);
	});
}

#[test]
fn draw_seeds_are_revealed_in_their_window_and_must_match() {
	build_and_execute(|| {
		with_experts();
		let id = weighted_with_bids();
		commit_seed(id, BUYER);
		commit_seed(id, 2);
		assert_noop!(
			Tender::reveal_draw_seed(signed(2), id, draw_seed(2)),
			Error::<Test>::NotSeedRevealPeriod
		);
		run_to_block(BID + 1);
		assert_noop!(
			Tender::reveal_draw_seed(signed(3), id, draw_seed(3)),
			Error::<Test>::NoSeedCommitment
		);
		assert_noop!(
			Tender::reveal_draw_seed(signed(2), id, draw_seed(9)),
			Error::<Test>::SeedCommitmentMismatch
		);
		// The first reveal fixes the anchor and freezes the pool; the deposit comes back.
		frame_system::BlockHash::<Test>::insert(BID, h(0xAB));
		reveal_seed(id, 2);
		assert_eq!(seed_held(2), 0);
		assert!(has_event(Event::DrawSeedRevealed {
			tender: id,
			contributor: 2,
			seed: draw_seed(2)
		}));
		let draw = PanelDraws::<Test>::get(id).unwrap();
		assert_eq!(draw.anchor, Some(h(0xAB)));
		assert_eq!(draw.pool.to_vec(), EXPERTS.to_vec());
		assert_eq!(draw.entropy, draw_seed(2));
		assert_eq!(draw.revealed, 1);
		assert_noop!(
			Tender::reveal_draw_seed(signed(2), id, draw_seed(2)),
			Error::<Test>::SeedAlreadyRevealed
		);
		// The window closes SEED_REVEAL_PERIOD blocks after the bid deadline.
		run_to_block(BID + SEED_REVEAL_PERIOD + 1);
		assert_noop!(
			Tender::reveal_draw_seed(signed(BUYER), id, draw_seed(BUYER)),
			Error::<Test>::NotSeedRevealPeriod
		);
	});
}

#[test]
fn the_draw_takes_exactly_the_panel_size_from_eligible_experts_and_replays() {
	build_and_execute(|| {
		// Seven experts: 25 bids (it is an operator), 26 works for the buyer, 27 for a
		// bidder; the buyer registered itself too. Exactly five remain eligible.
		with_experts();
		OperatorSet::mutate(|set| set.push(25));
		for (expert, affiliation) in [(25, None), (26, Some(BUYER)), (27, Some(3)), (BUYER, None)] {
			assert_ok!(Tender::add_expert(RuntimeOrigin::root(), expert, affiliation, None));
		}
		let id = weighted_with_bids();
		<Balances as frame_support::traits::fungible::Mutate<u64>>::set_balance(&25, ENDOWMENT);
		commit(id, 0, 25, 250);
		assert_noop!(Tender::draw_panel(signed(4), id), Error::<Test>::DrawTooEarly);
		frame_system::BlockHash::<Test>::insert(BID, h(0x11));
		let panel = draw(id, &[BUYER, 2, 3]);
		assert_eq!(sorted(panel.clone()), EXPERTS.to_vec());
		// Anyone can replay the draw from the on-chain seed and pool.
		let draw = PanelDraws::<Test>::get(id).unwrap();
		let entropy: Vec<u8> =
			(0..32).map(|i| draw_seed(BUYER)[i] ^ draw_seed(2)[i] ^ draw_seed(3)[i]).collect();
		let seed = draw_seed_of(id, &h(0x11), &entropy.try_into().unwrap(), 3);
		assert_eq!(draw.seed, Some(seed));
		assert_eq!(draw_from(&draw.pool, PANEL_SIZE, &seed), Some(panel.clone()));
		assert!(has_event(Event::PanelDrawn { tender: id, panel: panel.clone(), seed }));
		assert_eq!(
			History::<Test>::get(id, Tenders::<Test>::get(id).unwrap().history_len - 1)
				.unwrap()
				.step,
			TenderStep::PanelDrawn
		);
		assert_noop!(Tender::draw_panel(signed(4), id), Error::<Test>::PanelAlreadyDrawn);
		// The panel is public through the query.
		assert_eq!(Tender::tender_details(id).unwrap().notice.panel, panel);
	});
}

#[test]
fn one_eligible_expert_too_few_cancels_the_tender_without_forfeits() {
	build_and_execute(|| {
		// Five experts, one of them affiliated with bidder 2: four eligible.
		for expert in [20, 21, 22, 23] {
			assert_ok!(Tender::add_expert(RuntimeOrigin::root(), expert, None, None));
		}
		assert_ok!(Tender::add_expert(RuntimeOrigin::root(), 24, Some(2), None));
		let id = weighted_with_bids();
		let buyer_free = free(BUYER);
		draw_failing(id, &[BUYER, 2, 3]);
		assert!(has_event(Event::PanelDrawFailed {
			tender: id,
			reason: DrawFailure::TooFewExperts
		}));
		assert_eq!(status(id), TenderStatus::Cancelled);
		assert!(panel_of(id).is_empty());
		// No price was opened: every bid bond and the buyer's deposit come back.
		for who in [2, 3] {
			assert_eq!(bond_held(who), 0);
			assert_eq!(free(who), ENDOWMENT);
		}
		assert_eq!(deposit_held(BUYER), 0);
		assert_eq!(free(BUYER), buyer_free + TENDER_DEPOSIT);
		assert_eq!(free(TREASURY), ENDOWMENT);
	});
}

/// As [`draw`], but the draw is expected to cancel the tender.
fn draw_failing(id: TenderId, contributors: &[u64]) {
	for who in contributors {
		commit_seed(id, *who);
	}
	run_to_block(BID + 1);
	for who in contributors {
		reveal_seed(id, *who);
	}
	run_to_block(DRAW);
	assert_ok!(Tender::draw_panel(signed(4), id));
}

#[test]
fn a_draw_needs_two_revealed_seeds_and_a_withholding_buyer_loses_its_deposit() {
	build_and_execute(|| {
		with_experts();
		// Only bidder 2 reveals; the buyer committed but withholds.
		let id = weighted_with_bids();
		commit_seed(id, BUYER);
		let buyer_free = free(BUYER);
		draw_failing(id, &[2]);
		assert!(has_event(Event::PanelDrawFailed { tender: id, reason: DrawFailure::TooFewSeeds }));
		assert!(has_event(Event::DrawSeedForfeited {
			tender: id,
			contributor: BUYER,
			to: TREASURY,
			amount: SEED_DEPOSIT
		}));
		assert_eq!(free(BUYER), buyer_free);
		assert_eq!(free(TREASURY), ENDOWMENT + SEED_DEPOSIT + TENDER_DEPOSIT);
		assert_eq!(bond_held(2), 0);
		assert_eq!(status(id), TenderStatus::Cancelled);
	});
}

#[test]
fn bidders_who_withhold_their_seeds_lose_their_deposits_not_the_buyer() {
	build_and_execute(|| {
		with_experts();
		let id = weighted_with_bids();
		commit_seed(id, 2);
		commit_seed(id, 3);
		let buyer_free = free(BUYER);
		draw_failing(id, &[BUYER]);
		assert!(has_event(Event::PanelDrawFailed { tender: id, reason: DrawFailure::TooFewSeeds }));
		for who in [2, 3] {
			assert_eq!(seed_held(who), 0);
			assert_eq!(free(who), ENDOWMENT - SEED_DEPOSIT);
		}
		assert_eq!(free(TREASURY), ENDOWMENT + 2 * SEED_DEPOSIT);
		assert_eq!(free(BUYER), buyer_free + TENDER_DEPOSIT);
	});
}

#[test]
fn a_panel_not_drawn_before_the_technical_end_closes_the_tender_without_forfeits() {
	build_and_execute(|| {
		with_experts();
		let id = weighted_with_bids();
		for who in [BUYER, 2, 3] {
			commit_seed(id, who);
		}
		run_to_block(BID + 1);
		for who in [BUYER, 2, 3] {
			reveal_seed(id, who);
		}
		// Nobody draws. Prices stay sealed and no award is possible without a panel.
		run_to_block(TECH + 1);
		assert_noop!(
			Tender::reveal_bid(signed(2), id, 0, content(300), salt(2)),
			Error::<Test>::PanelNotDrawn
		);
		run_to_block(EVALUATE + 1);
		assert_noop!(Tender::award(signed(4), id), Error::<Test>::PanelNotDrawn);
		// Anyone closes it: every bond and the deposit come back, no bid forfeits.
		assert_ok!(Tender::draw_panel(signed(4), id));
		assert!(has_event(Event::PanelDrawFailed { tender: id, reason: DrawFailure::TooLate }));
		assert_eq!(status(id), TenderStatus::Cancelled);
		for who in [2, 3] {
			assert_eq!(free(who), ENDOWMENT);
		}
		assert_eq!(deposit_held(BUYER), 0);
		assert_eq!(free(TREASURY), ENDOWMENT);
		assert_noop!(Tender::draw_panel(signed(4), id), Error::<Test>::NotOpen);
	});
}

#[test]
fn the_review_body_cancels_an_undrawn_tender_without_forfeiting_bids() {
	build_and_execute(|| {
		with_experts();
		let id = weighted_with_bids();
		commit_seed(id, 2);
		run_to_block(REVEAL + 1);
		assert_ok!(Tender::cancel(signed(REVIEWER), id));
		// Nobody could reveal a price: the bids are not forfeited; the unrevealed seed is.
		assert_eq!(free(3), ENDOWMENT);
		assert_eq!(free(2), ENDOWMENT - SEED_DEPOSIT);
		assert_eq!(free(TREASURY), ENDOWMENT + SEED_DEPOSIT + TENDER_DEPOSIT);
	});
}

#[test]
fn the_buyers_cancellation_before_the_deadline_returns_seed_deposits() {
	build_and_execute(|| {
		with_experts();
		let id = weighted_with_bids();
		commit_seed(id, BUYER);
		commit_seed(id, 2);
		assert_ok!(Tender::cancel(signed(BUYER), id));
		assert_eq!(seed_held(BUYER), 0);
		assert_eq!(seed_held(2), 0);
		assert_eq!(free(2), ENDOWMENT);
		assert_eq!(free(TREASURY), ENDOWMENT);
	});
}

// ---- Bias resistance ----

/// Runs a fresh weighted tender with experts 20 to 27 and contributors buyer, 2 and 3, whose
/// seeds are revealed in `order` (`None`: withheld); returns the panel (empty if the draw
/// failed) and the treasury's gain.
fn draw_with(order: &[(u64, Option<DrawSeed>)], late_registry_change: bool) -> (Vec<u64>, u64) {
	let mut out = (Vec::new(), 0);
	build_and_execute(|| {
		for expert in 20..28 {
			assert_ok!(Tender::add_expert(RuntimeOrigin::root(), expert, None, None));
		}
		let id = weighted_with_bids();
		frame_system::BlockHash::<Test>::insert(BID, h(0x42));
		for (who, _) in order {
			commit_seed(id, *who);
		}
		run_to_block(BID + 1);
		for (who, seed) in order {
			if let Some(seed) = seed {
				let _ = Tender::reveal_draw_seed(signed(*who), id, *seed);
			}
			if late_registry_change {
				// Governance reshapes the registry once seeds are being opened.
				let _ = Tender::remove_expert(RuntimeOrigin::root(), 20);
				let _ = Tender::remove_expert(RuntimeOrigin::root(), 21);
				let _ = Tender::add_expert(RuntimeOrigin::root(), 30, None, None);
			}
		}
		run_to_block(DRAW);
		assert_ok!(Tender::draw_panel(signed(4), id));
		out = (panel_of(id), free(TREASURY).saturating_sub(ENDOWMENT));
	});
	out
}

#[test]
fn no_single_party_steers_the_draw_once_seeds_are_committed() {
	let honest =
		[(BUYER, Some(draw_seed(BUYER))), (2, Some(draw_seed(2))), (3, Some(draw_seed(3)))];
	let (panel, _) = draw_with(&honest, false);
	assert_eq!(panel.len() as u32, PANEL_SIZE);
	// The order of the reveals (which a block author controls) does not matter.
	let reordered =
		[(3, Some(draw_seed(3))), (BUYER, Some(draw_seed(BUYER))), (2, Some(draw_seed(2)))];
	assert_eq!(draw_with(&reordered, false).0, panel);
	// Registry changes after the first reveal do not move the draw: the pool is frozen.
	assert_eq!(draw_with(&honest, true).0, panel);
	// A party cannot open a different seed than it committed: the reveal is refused and the
	// seed counts as withheld.
	let forged = [(BUYER, Some([0xEE; 32])), (2, Some(draw_seed(2))), (3, Some(draw_seed(3)))];
	let withheld = [(BUYER, None), (2, Some(draw_seed(2))), (3, Some(draw_seed(3)))];
	assert_eq!(draw_with(&forged, false), draw_with(&withheld, false));
	// Withholding only drops the withholder's own seed, in a defined way (the draw over the
	// others' seeds), and costs it its deposit.
	let (without_buyer, forfeited) = draw_with(&withheld, false);
	assert_eq!(forfeited, SEED_DEPOSIT);
	let entropy: Vec<u8> = (0..32).map(|i| draw_seed(2)[i] ^ draw_seed(3)[i]).collect();
	let seed = draw_seed_of(0, &h(0x42), &entropy.try_into().unwrap(), 2);
	let pool: Vec<u64> = (20..28).collect();
	assert_eq!(draw_from(&pool, PANEL_SIZE, &seed), Some(without_buyer));
}

// ---- Removing an expert, and the invariants ----

#[test]
fn removing_a_drawn_expert_does_not_break_its_tender() {
	build_and_execute(|| {
		with_experts();
		let id = weighted_with_bids();
		let panel = draw(id, &[BUYER, 2]);
		let member = panel[0];
		assert_ok!(Tender::remove_expert(RuntimeOrigin::root(), member));
		// The member still seals and opens its scores; the tender goes on to award.
		seal_scores(id, 0, member, &[(2, 60), (3, 40)]);
		run_to_block(TECH + 1);
		reveal(id, 0, 2, 300);
		reveal(id, 0, 3, 200);
		run_to_block(REVEAL + 1);
		assert_ok!(open_scores(id, 0, member, &[(2, 60), (3, 40)]));
		run_to_block(EVALUATE + 1);
		assert_ok!(Tender::award(signed(4), id));
		assert_eq!(status(id), TenderStatus::Awarded);
		// A new weighted tender cannot be published with four experts left.
		assert_noop!(
			Tender::publish(
				signed(BUYER),
				title(),
				h(1),
				1,
				CurrencyCode::EUR,
				Eligibility::Operators,
				BOND,
				Timetable {
					clarification_deadline: 30,
					bid_deadline: 40,
					technical_end: 42,
					reveal_end: 47,
					evaluation_end: 52,
					standstill_end: 62,
				},
				weighted(40),
				Procedure::Open,
			),
			Error::<Test>::TooFewExperts
		);
	});
}

#[test]
fn try_state_catches_a_panel_that_breaks_the_rules() {
	new_test_ext().execute_with(|| {
		with_experts();
		assert_ok!(Tender::add_expert(RuntimeOrigin::root(), 25, None, None));
		let id = weighted_with_bids();
		draw(id, &[BUYER, 2]);
		Tender::do_try_state().unwrap();
		let tender = Tenders::<Test>::get(id).unwrap();
		let tamper = |panel: Vec<u64>| {
			let mut bad = tender.clone();
			bad.panel = BoundedVec::truncate_from(panel);
			Tenders::<Test>::insert(id, bad);
			let result = Tender::do_try_state();
			Tenders::<Test>::insert(id, tender.clone());
			result
		};
		let mut members = tender.panel.to_vec();
		// Too small.
		assert!(tamper(members[..4].to_vec()).is_err());
		// The buyer, a bidder, an account outside the registry pool, a member twice.
		for intruder in [BUYER, 2, 9, members[1]] {
			members[0] = intruder;
			assert!(tamper(members.clone()).is_err(), "{intruder} on the panel");
		}
		Tender::do_try_state().unwrap();
		// Seed counters and held seed deposits must match the seeds.
		PanelDraws::<Test>::mutate(id, |draw| draw.as_mut().unwrap().revealed += 1);
		assert!(Tender::do_try_state().is_err());
	});
}
