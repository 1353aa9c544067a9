//! Domain types of the clearing pallet.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

use telecom_primitives::{Amount, CurrencyCode, DocumentHash};

/// Sequence number of a settlement cycle.
pub type CycleId = u32;
/// Identifier of a direct bill.
pub type BillId = u64;
/// Identifier of a bulk bill batch.
pub type BatchId = u64;
/// Compact number of a participant, used in bulk records instead of its 32-byte account.
pub type ParticipantIndex = u32;
/// Position of a settlement instruction within its cycle.
pub type InstructionIndex = u32;

/// Why an account may take part in clearing.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum ParticipantKind {
	/// A consortium operator, participant by right.
	Operator,
	/// A partner (content provider, retailer, MVNO) admitted by the consortium.
	Admitted,
}

/// How a participant settles its payments in one currency.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum SettlementMethod {
	/// On-chain, in the currency's tokenised settlement asset.
	OnChain,
	/// Off-chain bank transfer: the payer confirms with a bank reference, the payee acknowledges.
	OffChain,
}

/// A currency registered for clearing.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct CurrencyInfo {
	/// Minor-unit exponent: amounts are in units of 10^-exponent (2 for cents).
	pub exponent: u8,
}

/// A registered clearing participant.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Participant {
	/// Compact number used in bulk bill records.
	pub index: ParticipantIndex,
	/// Why the account participates.
	pub kind: ParticipantKind,
}

/// Phase of a settlement cycle, in the order a cycle goes through them.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum CyclePhase {
	/// Obligations are accepted into the cycle.
	Open,
	/// No more obligations; netting is pending.
	CutOff,
	/// Net positions are computed and proven to sum to zero per currency.
	Netted,
	/// Settlement instructions are issued and await payment.
	Instructed,
	/// The payment deadline passed: unpaid instructions defaulted; payments the payers confirmed
	/// off-chain await the payees' acknowledgement or non-receipt dispute until the
	/// acknowledgement deadline.
	Acknowledging,
	/// Every instruction is paid or defaulted.
	Settled,
	/// Final: statements can be read, audit records released.
	Closed,
	/// Final: the consortium aborted the cycle before instructions were issued; its positions
	/// were moved, unchanged, into the open cycle.
	Aborted,
}

impl CyclePhase {
	/// Whether the cycle is over (closed or aborted).
	pub fn is_final(&self) -> bool {
		matches!(self, Self::Closed | Self::Aborted)
	}
}

/// A settlement cycle.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Cycle<BlockNumber> {
	/// Current phase.
	pub phase: CyclePhase,
	/// Block at which the cycle opened.
	pub opened_at: BlockNumber,
	/// Block at which the cycle is cut off automatically.
	pub cut_off_due: BlockNumber,
	/// Block at which instructions were issued; payments are due `SettlementWindow` later.
	pub instructed_at: Option<BlockNumber>,
	/// Number of obligations (bills, batch pairs, pallet obligations) taken into the cycle.
	pub obligations: u64,
	/// Number of settlement instructions issued.
	pub instructions: u32,
	/// Number of instructions neither settled nor defaulted.
	pub unsettled: u32,
}

/// Gross amounts a participant owes and is owed in one cycle and currency.
#[derive(
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct Position {
	/// Sum of obligations where the participant pays.
	pub payable: Amount,
	/// Sum of obligations where the participant is paid.
	pub receivable: Amount,
}

/// A participant's net position: what it receives or pays after multilateral netting.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum NetPosition {
	/// Receives this amount.
	Credit(Amount),
	/// Pays this amount.
	Debit(Amount),
	/// Neither pays nor receives.
	Flat,
}

impl Position {
	/// The net position (receivable minus payable).
	pub fn net(&self) -> NetPosition {
		match self.receivable.checked_sub(self.payable) {
			Some(0) => NetPosition::Flat,
			Some(credit) => NetPosition::Credit(credit),
			None => NetPosition::Debit(self.payable.saturating_sub(self.receivable)),
		}
	}
}

/// Totals of one currency in one cycle.
#[derive(
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct CurrencyTotals {
	/// Sum of all gross obligations.
	pub gross: Amount,
	/// Sum of all net debits (= sum of all net credits) once netted: what must actually move.
	pub net_settlement: Amount,
	/// Number of participants with a position.
	pub participants: u32,
	/// Index of the currency's first settlement instruction (instructions of one currency are
	/// contiguous).
	pub first_instruction: InstructionIndex,
	/// Number of settlement instructions of the currency.
	pub instructions: u32,
}

/// State of a settlement instruction.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum InstructionStatus {
	/// Awaiting payment.
	Pending,
	/// The payer reports an off-chain payment with this bank reference hash; it awaits the
	/// payee's acknowledgement (or non-receipt dispute) until the acknowledgement deadline, after
	/// which it counts as acknowledged. Never defaulted automatically.
	PaymentConfirmed(DocumentHash),
	/// The payee disputes receipt of a confirmed payment (bank reference hash kept); the arbiter
	/// decides whether it was paid (settled) or not (defaulted and carried over).
	NonReceiptDisputed(DocumentHash),
	/// Paid: on-chain transfer done, or off-chain payment acknowledged by the payee.
	Settled,
	/// Not paid by the deadline (or not received, as the arbiter decided): the payer is in
	/// default and suspended. Its collateral in the currency paid `covered` to the payee at
	/// once; the rest (`amount - covered`) is owed again in a later cycle.
	Defaulted {
		/// Cycle whose positions carry the rest; `None` when collateral covered it all, or while
		/// the rest waits for room (the hook retries it every block, into each new open cycle).
		carried_to: Option<CycleId>,
		/// Part of the amount the payer's collateral paid to the payee at the default.
		covered: Amount,
	},
}

/// One payment that settles part of a cycle's net positions.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Instruction<AccountId> {
	/// Currency of the payment.
	pub currency: CurrencyCode,
	/// Participant with a net debit.
	pub payer: AccountId,
	/// Participant with a net credit.
	pub payee: AccountId,
	/// Amount in minor units.
	pub amount: Amount,
	/// Payment state.
	pub status: InstructionStatus,
}

/// A payer's standing authorisation for a payee's bills in one currency.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Mandate<Balance> {
	/// Most that the payee's bills may add per cycle.
	pub cap_per_cycle: Amount,
	/// Cycle that `used` refers to.
	pub used_in: CycleId,
	/// Amount already billed under the mandate in `used_in`.
	pub used: Amount,
	/// Deposit held from the payer.
	pub deposit: Balance,
}

/// Why a payer disputes a bill (TM Forum style reason codes).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum DisputeReason {
	/// The bill duplicates one already billed.
	Duplicate,
	/// The amount does not match the payer's records.
	WrongAmount,
	/// The service was not delivered.
	NotDelivered,
	/// The payer never ordered the service.
	NotAuthorised,
	/// Another reason, described in the evidence document.
	Other,
}

/// State of a direct bill.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum BillStatus {
	/// Awaiting the payer's acceptance.
	Submitted,
	/// Accepted by a mandate: drew on the mandate's cap of `cycle`; it enters netting only when
	/// released, after its dispute window, in the cycle open then. The payer may dispute it
	/// until then.
	Accepted {
		/// Cycle whose mandate cap the bill drew on.
		cycle: CycleId,
		/// Always `true` for a stored bill (a payer's own acceptance removes the bill).
		by_mandate: bool,
	},
	/// Withheld from netting until the dispute is resolved.
	Disputed {
		/// The payer's reason.
		reason: DisputeReason,
		/// Hash of the payer's evidence.
		evidence: DocumentHash,
	},
}

/// A bill between two participants.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Bill<AccountId, Balance, BlockNumber> {
	/// Participant that is owed the money and submitted the bill.
	pub payee: AccountId,
	/// Participant that owes the money.
	pub payer: AccountId,
	/// Currency of `amount`.
	pub currency: CurrencyCode,
	/// Amount in minor units.
	pub amount: Amount,
	/// Hash of the bill number and period, as the billing systems know it.
	pub reference: DocumentHash,
	/// Hash of the bill document.
	pub document: DocumentHash,
	/// Lifecycle state.
	pub status: BillStatus,
	/// Last block at which the payer may dispute.
	pub dispute_until: BlockNumber,
	/// Deposit held from the payee while the bill is stored.
	pub deposit: Balance,
	/// The bulk batch whose records, drawn on the payer's mandate, the bill aggregates (one
	/// bill per payer and currency); `None` for a bill submitted on its own.
	pub batch: Option<BatchId>,
}

/// One record of a bulk batch: `payer` owes `payee` `amount` of `currency`.
///
/// Participants are named by their compact index to keep records small (about 16 bytes).
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct BillRecord {
	/// Index of the paying participant.
	#[codec(compact)]
	pub payer: ParticipantIndex,
	/// Index of the paid participant.
	#[codec(compact)]
	pub payee: ParticipantIndex,
	/// Currency of `amount`.
	pub currency: CurrencyCode,
	/// Amount in minor units; never zero.
	#[codec(compact)]
	pub amount: Amount,
	/// The billing system's record number, for matching and disputes.
	#[codec(compact)]
	pub reference: u64,
}

/// Audit record of a bulk batch.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct BatchInfo<AccountId, Balance, BlockNumber> {
	/// Participant that submitted the batch.
	pub submitter: AccountId,
	/// Cycle the batch was netted in.
	pub cycle: CycleId,
	/// Blake2-256 hash of the SCALE-encoded records.
	pub hash: DocumentHash,
	/// Number of records.
	pub records: u32,
	/// Number of distinct (payer, payee, currency) pairs the records aggregated into.
	pub pairs: u32,
	/// Block of submission.
	pub submitted_at: BlockNumber,
	/// Deposit held from the submitter while the record is stored.
	pub deposit: Balance,
}

/// A participant's exposure in one currency against its cap.
#[derive(
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct Exposure {
	/// Gross payable in the open cycle.
	pub open_payable: Amount,
	/// Mandate-accepted bills (and mandate-drawn batch records) that enter netting when released.
	pub pending: Amount,
	/// Net debit in the cycle being settled, until that cycle is settled.
	pub settling_debit: Amount,
	/// Collateral held in the currency's settlement asset.
	pub collateral: Amount,
	/// The consortium's unsecured credit limit.
	pub credit_limit: Amount,
	/// The cap: collateral times `CollateralMultiplier` plus the credit limit, at most the
	/// pallet's ceiling per participant.
	pub cap: Amount,
}

impl Exposure {
	/// Open payable, pending bills and settling debit together.
	pub fn total(&self) -> Amount {
		self.open_payable.saturating_add(self.pending).saturating_add(self.settling_debit)
	}
}

/// One currency of a participant's statement.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct StatementLine<AccountId> {
	/// The currency.
	pub currency: CurrencyCode,
	/// Gross amounts owed and due.
	pub position: Position,
	/// Net after multilateral netting.
	pub net: NetPosition,
	/// The participant's settlement instructions in this currency, with their indices.
	pub instructions: Vec<(InstructionIndex, Instruction<AccountId>)>,
}

/// A participant's statement of one cycle.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct Statement<AccountId, BlockNumber> {
	/// The cycle.
	pub cycle: CycleId,
	/// Its state.
	pub info: Cycle<BlockNumber>,
	/// One line per currency in which the participant has a position.
	pub lines: Vec<StatementLine<AccountId>>,
}

/// What is left of a closed cycle pruned after its retention: the hash its statement is proven
/// from, and how far pruning has come (one currency per `prune_cycle`).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct CycleArchive {
	/// Blake2-256 hash chain over the pruned currencies' totals, positions and instructions
	/// (see the crate README); final once every currency is pruned.
	pub hash: DocumentHash,
	/// Currencies the cycle carried.
	pub currencies: u32,
	/// Currencies pruned so far, in `CycleCurrencies` order.
	pub pruned: u32,
	/// Instructions pruned so far.
	pub instructions_pruned: u32,
}
