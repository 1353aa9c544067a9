//! JSON-RPC methods of the tender pallet.
//!
//! Buyers, bidders and auditors read a tender's whole record without decoding storage. Amounts
//! are decimal strings, hashes `0x…` hex, accounts SS58, block numbers plain numbers.
//!
//! | method | answers |
//! | --- | --- |
//! | `tender_tender(id, at?)` | the notice, status, bids (sealed ones show only their commitment), clarifications, awards, challenges and the full history |
//! | `tender_bidsOf(bidder, at?)` | every bid `bidder` holds in a tender that is still running |

use codec::Codec;
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::error::{ErrorObject, ErrorObjectOwned},
};
use pallet_tender::{
	Bid, BidStatus, ChallengeStatus, HistoryEntry, TenderDetails, TenderStatus, TenderStep,
	Timetable,
};
pub use pallet_tender_runtime_api::TenderApi as TenderRuntimeApi;
use serde::{Deserialize, Serialize};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;
use std::{fmt::Display, marker::PhantomData, sync::Arc};
use telecom_primitives::{LotIndex, TenderId};

/// A tender's deadlines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TimetableView {
	/// Last block for clarification questions.
	pub clarification_deadline: u64,
	/// Last block for sealed bids.
	pub bid_deadline: u64,
	/// Last block for the panel's sealed technical scores (prices open after it).
	pub technical_end: u64,
	/// Last block for reveals.
	pub reveal_end: u64,
	/// Last block for panel scores.
	pub evaluation_end: u64,
	/// Last block of the standstill.
	pub standstill_end: u64,
}

impl<N: Into<u64>> From<Timetable<N>> for TimetableView {
	fn from(t: Timetable<N>) -> Self {
		Self {
			clarification_deadline: t.clarification_deadline.into(),
			bid_deadline: t.bid_deadline.into(),
			technical_end: t.technical_end.into(),
			reveal_end: t.reveal_end.into(),
			evaluation_end: t.evaluation_end.into(),
			standstill_end: t.standstill_end.into(),
		}
	}
}

/// One bid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BidView {
	/// The tender.
	pub tender: TenderId,
	/// The lot.
	pub lot: LotIndex,
	/// The bidder (SS58).
	pub bidder: String,
	/// The commitment.
	pub commitment: String,
	/// Order of the first commitment in the lot.
	pub sequence: u32,
	/// Block of the latest commitment.
	pub committed_at: u64,
	/// Bond held.
	pub bond: String,
	/// `sealed`, `revealed`, `invalid`, `forfeited`, `winner`, `lost` or `withdrawn`.
	pub status: String,
	/// Revealed price, if revealed.
	pub price: Option<String>,
	/// Hash of the revealed bid document, if revealed.
	pub document: Option<String>,
	/// Evaluation points (out of 100,000,000), once awarded.
	pub points: Option<String>,
}

fn bid_status(status: BidStatus) -> &'static str {
	match status {
		BidStatus::Sealed => "sealed",
		BidStatus::Revealed => "revealed",
		BidStatus::Invalid => "invalid",
		BidStatus::Forfeited => "forfeited",
		BidStatus::Winner => "winner",
		BidStatus::Lost => "lost",
		BidStatus::Withdrawn => "withdrawn",
	}
}

impl BidView {
	fn new<B: Display, N: Into<u64>>(
		tender: TenderId,
		lot: LotIndex,
		bidder: impl Display,
		bid: Bid<B, N>,
	) -> Self {
		Self {
			tender,
			lot,
			bidder: bidder.to_string(),
			commitment: format!("{:?}", bid.commitment),
			sequence: bid.sequence,
			committed_at: bid.committed_at.into(),
			bond: bid.bond.to_string(),
			status: bid_status(bid.status).into(),
			price: bid.content.as_ref().map(|c| c.price.to_string()),
			document: bid.content.as_ref().map(|c| format!("{:?}", c.document)),
			points: bid.points.map(|p| p.to_string()),
		}
	}
}

/// The award of one lot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AwardView {
	/// The lot.
	pub lot: LotIndex,
	/// The winner (SS58).
	pub winner: String,
	/// Winning price.
	pub price: String,
	/// Winning points.
	pub points: String,
	/// Valid bids ranked.
	pub valid_bids: u32,
}

/// A clarification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClarificationView {
	/// Its index.
	pub index: u32,
	/// Who asked (SS58).
	pub asker: String,
	/// Hash of the question.
	pub question: String,
	/// Hash of the answer, once given.
	pub answer: Option<String>,
}

/// A challenge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChallengeView {
	/// The challenger (SS58).
	pub bidder: String,
	/// Hash of the grounds.
	pub grounds: String,
	/// `pending`, `rejected` or `upheld`.
	pub status: String,
}

/// An entry of the history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryView {
	/// Block of the step.
	pub at: u64,
	/// The step: `published`, `amended`, `clarificationAsked`, `clarificationAnswered`,
	/// `bidCommitted`, `bidWithdrawn`, `bidRevealed`, `scored`, `awarded`, `challenged`,
	/// `challengeDecided`, `concluded` or `cancelled`.
	pub step: String,
	/// The account the step names (bidder, panel member or challenger), if any.
	pub account: Option<String>,
	/// The lot the step concerns, if any.
	pub lot: Option<LotIndex>,
	/// Detail: document or contract hash, clarification index, validity, or outcome.
	pub detail: Option<String>,
}

impl HistoryView {
	fn new<A: Display, N: Into<u64>>(entry: HistoryEntry<A, N>) -> Self {
		let (step, account, lot, detail) = match entry.step {
			TenderStep::Published => ("published", None, None, None),
			TenderStep::Amended { document } => {
				("amended", None, None, Some(format!("{document:?}")))
			},
			TenderStep::ClarificationAsked { index } => {
				("clarificationAsked", None, None, Some(index.to_string()))
			},
			TenderStep::ClarificationAnswered { index } => {
				("clarificationAnswered", None, None, Some(index.to_string()))
			},
			TenderStep::BidCommitted { bidder, lot } => {
				("bidCommitted", Some(bidder.to_string()), Some(lot), None)
			},
			TenderStep::BidWithdrawn { bidder, lot } => {
				("bidWithdrawn", Some(bidder.to_string()), Some(lot), None)
			},
			TenderStep::BidRevealed { bidder, lot, valid } => (
				"bidRevealed",
				Some(bidder.to_string()),
				Some(lot),
				Some(if valid { "valid" } else { "invalid" }.to_string()),
			),
			TenderStep::Scored { member, lot } => {
				("scored", Some(member.to_string()), Some(lot), None)
			},
			TenderStep::Awarded => ("awarded", None, None, None),
			TenderStep::Challenged { bidder } => {
				("challenged", Some(bidder.to_string()), None, None)
			},
			TenderStep::ChallengeDecided { bidder, upheld } => (
				"challengeDecided",
				Some(bidder.to_string()),
				None,
				Some(if upheld { "upheld" } else { "rejected" }.to_string()),
			),
			TenderStep::Concluded { contract } => {
				("concluded", None, None, Some(format!("{contract:?}")))
			},
			TenderStep::Cancelled => ("cancelled", None, None, None),
			TenderStep::Lapsed => ("lapsed", None, None, None),
			TenderStep::PanelDrawn => ("panelDrawn", None, None, None),
			TenderStep::DrawFailed => ("drawFailed", None, None, None),
		};
		Self { at: entry.at.into(), step: step.into(), account, lot, detail }
	}
}

/// A tender's whole record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TenderView {
	/// The tender.
	pub id: TenderId,
	/// The buyer (SS58).
	pub buyer: String,
	/// Title (UTF-8, lossy).
	pub title: String,
	/// Hash of the tender documents.
	pub document: String,
	/// Number of lots.
	pub lots: LotIndex,
	/// Currency of prices.
	pub currency: String,
	/// Invited bidders, or null when every operator may bid.
	pub invited: Option<Vec<String>>,
	/// Bond per bid.
	pub bond: String,
	/// Deadlines.
	pub timetable: TimetableView,
	/// `lowestPrice` or `weighted`.
	pub method: String,
	/// Price weight in percent (weighted evaluation).
	pub price_weight: Option<u8>,
	/// The evaluation panel (SS58).
	pub panel: Vec<String>,
	/// `open`, `awarded`, `concluded` or `cancelled`.
	pub status: String,
	/// Block of publication.
	pub published_at: u64,
	/// Amendments so far.
	pub amendments: u32,
	/// Challenges pending review.
	pub open_challenges: u32,
	/// Hash of the signed contract, once concluded.
	pub contract: Option<String>,
	/// Bids by lot in commitment order.
	pub bids: Vec<BidView>,
	/// Clarifications.
	pub clarifications: Vec<ClarificationView>,
	/// Awards by lot.
	pub awards: Vec<AwardView>,
	/// Challenges.
	pub challenges: Vec<ChallengeView>,
	/// The audit trail, oldest first.
	pub history: Vec<HistoryView>,
}

fn tender_status(status: TenderStatus) -> &'static str {
	match status {
		TenderStatus::Open => "open",
		TenderStatus::Awarded => "awarded",
		TenderStatus::Concluded => "concluded",
		TenderStatus::Cancelled => "cancelled",
	}
}

impl TenderView {
	fn new<A: Display, B: Display, N: Into<u64>>(details: TenderDetails<A, B, N>) -> Self {
		let TenderDetails { id, notice, clarifications, bids, awards, challenges, history } =
			details;
		let hex = |h: telecom_primitives::DocumentHash| format!("{h:?}");
		Self {
			id,
			buyer: notice.buyer.to_string(),
			title: String::from_utf8_lossy(&notice.title).into_owned(),
			document: hex(notice.document),
			lots: notice.lots,
			currency: notice.currency.to_string(),
			invited: notice.invited.map(|list| list.iter().map(ToString::to_string).collect()),
			bond: notice.bond.to_string(),
			timetable: notice.timetable.into(),
			method: if notice.price_weight.is_some() { "weighted" } else { "lowestPrice" }.into(),
			price_weight: notice.price_weight.map(|w| w.deconstruct()),
			panel: notice.panel.iter().map(ToString::to_string).collect(),
			status: tender_status(notice.status).into(),
			published_at: notice.published_at.into(),
			amendments: notice.amendments,
			open_challenges: notice.open_challenges,
			contract: notice.contract.map(hex),
			bids: bids.into_iter().map(|(lot, who, bid)| BidView::new(id, lot, who, bid)).collect(),
			clarifications: clarifications
				.into_iter()
				.map(|(index, c)| ClarificationView {
					index,
					asker: c.asker.to_string(),
					question: hex(c.question),
					answer: c.answer.map(hex),
				})
				.collect(),
			awards: awards
				.into_iter()
				.map(|(lot, a)| AwardView {
					lot,
					winner: a.winner.to_string(),
					price: a.price.to_string(),
					points: a.points.to_string(),
					valid_bids: a.valid_bids,
				})
				.collect(),
			challenges: challenges
				.into_iter()
				.map(|(who, c)| ChallengeView {
					bidder: who.to_string(),
					grounds: hex(c.grounds),
					status: match c.status {
						ChallengeStatus::Pending => "pending",
						ChallengeStatus::Rejected => "rejected",
						ChallengeStatus::Upheld => "upheld",
					}
					.into(),
				})
				.collect(),
			history: history.into_iter().map(HistoryView::new).collect(),
		}
	}
}

/// The tender RPC methods.
#[rpc(client, server)]
pub trait TenderApi<BlockHash, AccountId> {
	/// A tender's whole record, or null if there is none.
	#[method(name = "tender_tender")]
	fn tender(&self, tender: TenderId, at: Option<BlockHash>) -> RpcResult<Option<TenderView>>;

	/// Every bid `bidder` holds in a running tender.
	#[method(name = "tender_bidsOf")]
	fn bids_of(&self, bidder: AccountId, at: Option<BlockHash>) -> RpcResult<Vec<BidView>>;
}

/// Serves [`TenderApiServer`] from the runtime API.
pub struct Tender<C, Block, Balance, BlockNumber> {
	client: Arc<C>,
	_marker: PhantomData<(Block, Balance, BlockNumber)>,
}

impl<C, Block, Balance, BlockNumber> Tender<C, Block, Balance, BlockNumber> {
	/// Creates the RPC handler.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _marker: PhantomData }
	}
}

/// JSON-RPC error code of a runtime API call that failed.
const RUNTIME_ERROR: i32 = 1;

fn runtime_error(error: impl std::fmt::Debug) -> ErrorObjectOwned {
	ErrorObject::owned(RUNTIME_ERROR, "runtime API call failed", Some(format!("{error:?}")))
}

impl<C, Block, AccountId, Balance, BlockNumber> TenderApiServer<<Block as BlockT>::Hash, AccountId>
	for Tender<C, Block, Balance, BlockNumber>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: TenderRuntimeApi<Block, AccountId, Balance, BlockNumber>,
	AccountId: Codec + Display + Clone + Send + Sync + 'static,
	Balance: Codec + Display + Send + Sync + 'static,
	BlockNumber: Codec + Into<u64> + Copy + Send + Sync + 'static,
{
	fn tender(&self, tender: TenderId, at: Option<Block::Hash>) -> RpcResult<Option<TenderView>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let details = self.client.runtime_api().tender(at, tender).map_err(runtime_error)?;
		Ok(details.map(TenderView::new))
	}

	fn bids_of(&self, bidder: AccountId, at: Option<Block::Hash>) -> RpcResult<Vec<BidView>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let bids = self.client.runtime_api().bids_of(at, bidder.clone()).map_err(runtime_error)?;
		Ok(bids.into_iter().map(|(id, lot, bid)| BidView::new(id, lot, &bidder, bid)).collect())
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use pallet_tender::{BidContent, TenderNotice};
	use telecom_primitives::{CurrencyCode, DocumentHash};

	fn timetable() -> Timetable<u32> {
		Timetable {
			clarification_deadline: 5,
			bid_deadline: 10,
			technical_end: 12,
			reveal_end: 15,
			evaluation_end: 20,
			standstill_end: 30,
		}
	}

	#[test]
	fn a_tender_renders_amounts_as_strings_and_names_its_states() {
		let bid = Bid {
			commitment: DocumentHash::repeat_byte(1),
			sequence: 0,
			committed_at: 3u32,
			replacements: 0,
			bond: u128::MAX,
			status: BidStatus::Winner,
			content: Some(BidContent { price: 200, document: DocumentHash::repeat_byte(2) }),
			points: Some(100_000_000),
		};
		let details = TenderDetails {
			id: 7,
			notice: TenderNotice {
				buyer: 1u64,
				title: b"Backhaul".to_vec(),
				document: DocumentHash::repeat_byte(3),
				lots: 1,
				currency: CurrencyCode::EUR,
				invited: None,
				procedure: pallet_tender::Procedure::Open,
				bond: u128::MAX,
				timetable: timetable(),
				price_weight: None,
				panel: vec![],
				status: TenderStatus::Awarded,
				published_at: 1,
				amendments: 0,
				open_challenges: 0,
				contract: None,
			},
			clarifications: vec![],
			bids: vec![(0, 2u64, bid)],
			awards: vec![],
			challenges: vec![],
			history: vec![
				HistoryEntry { at: 1u32, step: TenderStep::Published },
				HistoryEntry {
					at: 11,
					step: TenderStep::BidRevealed { bidder: 2u64, lot: 0, valid: true },
				},
			],
		};
		let view = TenderView::new(details);
		let json = serde_json::to_value(&view).unwrap();
		assert_eq!(json["status"], "awarded");
		assert_eq!(json["method"], "lowestPrice");
		assert_eq!(json["bond"], u128::MAX.to_string());
		assert_eq!(json["timetable"]["bidDeadline"], 10);
		assert_eq!(json["bids"][0]["status"], "winner");
		assert_eq!(json["bids"][0]["price"], "200");
		assert_eq!(json["history"][1]["step"], "bidRevealed");
		assert_eq!(json["history"][1]["account"], "2");
		assert_eq!(json["history"][1]["detail"], "valid");
	}
}
