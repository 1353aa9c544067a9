//! `telecom-cli`: what an operator's billing system calls to work with the consortium chain.
//!
//! Keys come from `--key-file` or `$TELECOM_SURI`, never from the command line. Every command
//! prints a human summary, or one JSON document with `--json`; errors go to stderr with an exit
//! code that says why (see [`telecom_cli::exit`]): 2 invalid input, 3 refused by the chain,
//! 4 connection lost, 1 anything else.

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
	evidence,
	exit::Failure,
	keys,
	rpc::{Client, TlsFiles},
	submit,
	usage::{self, PostingSide},
};
use telecom_runtime::{Runtime, RuntimeCall};

/// The exit codes, for `--help`.
const EXIT_CODES: &str = "Exit codes:
  0  done
  1  anything else (e.g. nothing finalized within --timeout)
  2  invalid input: bad arguments, CSV/JSON, key file or key, a party that is no participant
  3  refused by the chain: the node rejected a transaction, or it failed in a block
  4  connection lost: the node could not be reached, or the connection broke and could not
     be re-opened (re-run the same command to resume)
Signed transactions are mortal (64 blocks from the finalized head); submit-bills resubmits a
batch lost from the pool (signed again with its nonce, so it is never booked twice).";

#[derive(Parser)]
#[command(
	name = "telecom-cli",
	version,
	about = "Billing-system client of the telecom consortium chain",
	after_help = EXIT_CODES
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
	/// Roaming settlement: offline rating and the monthly cycle's postings.
	Roaming {
		#[command(subcommand)]
		command: RoamingCommand,
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
	/// The Merkle root of a factory batch (offline), from a CSV of `device id,device key` lines
	/// in batch order: what `register_factory_batch` takes.
	FactoryRoot {
		/// The batch CSV.
		csv: PathBuf,
	},
	/// The enrolment proof of one device of a factory batch (offline): its index and the
	/// sibling hashes `enroll_from_batch` takes.
	ActivationProof {
		/// The batch CSV.
		csv: PathBuf,
		/// The device id (`0x` + 64 hex).
		device: String,
	},
}

#[derive(Subcommand)]
enum RoamingCommand {
	/// Rates TAP file totals against an IOT tariff offline, exactly as the chain does (the same
	/// rating crate): each file's charge and the period total, rounded once.
	Rate {
		/// JSON agreement terms, network terms or tariff, or the hex of their SCALE encoding.
		#[arg(long)]
		terms: PathBuf,
		/// CSV of file totals with a header line (see `telecom_cli::rate`), e.g.
		/// `file,moc_local_calls,moc_local_seconds,mtc_calls,mtc_seconds,sms_mo,data_sessions,data_kilobytes`.
		#[arg(long)]
		usage: PathBuf,
		/// Whose network the usage was on, when the terms are an agreement's: `a` or `b`.
		#[arg(long, value_parser = ["a", "b"])]
		network: Option<String>,
	},
	/// Trues up a discount agreement offline, exactly as the chain does (the same rating crate):
	/// prints the credit note (JSON) of each direction, their net and the payment that settles
	/// it.
	DiscountTrueUp {
		/// The discount agreement of the period: JSON, or the hex of its SCALE encoding.
		#[arg(long)]
		agreement: PathBuf,
		/// The months' figures: a CSV (`month,network,provisional` and the service columns of
		/// `roaming rate`, one line per month and network) or a JSON array (see
		/// `telecom_cli::discount`).
		#[arg(long)]
		months: PathBuf,
		/// The period's latest interim credit note (JSON), for a true-up after it.
		#[arg(long)]
		previous: Option<PathBuf>,
	},
	/// Creates an X25519 encryption key for confidential agreement terms: writes its secret to a
	/// new file readable by its owner only (0600) and prints the public key (what the operator
	/// registers on-chain and gives its counterparties). Never overwrites a file.
	Keygen {
		/// The new key file.
		#[arg(long)]
		key_file: PathBuf,
	},
	/// Prints the public key of an X25519 key file.
	PublicKey {
		/// The key file (mode 0600).
		#[arg(long)]
		key_file: PathBuf,
	},
	/// Seals agreement terms for each party (offline): writes the commitment
	/// `blake2_256(SCALE(terms) ‖ salt)`, the salt and one envelope per recipient into --out.
	SealTerms {
		/// The terms in the chain's JSON (as `roaming_agreement` returns `terms`).
		#[arg(long)]
		terms: PathBuf,
		/// A recipient's X25519 public key (0x + 64 hex); give one per party.
		#[arg(long = "to", required = true, value_name = "PUBLIC_KEY")]
		to: Vec<String>,
		/// The agreement's id (for a new proposal: the id reserved with `reserve_agreement_id`).
		#[arg(long)]
		agreement: pallet_roaming_settlement::AgreementId,
		/// The chain's genesis hash (0x + 64 hex; `chain_getBlockHash [0]`).
		#[arg(long)]
		genesis: String,
		/// The salt: reused if the file exists (re-sealing the same terms to a new key keeps the
		/// commitment), else created (0600) [default: OUT/salt].
		#[arg(long)]
		salt_file: Option<PathBuf>,
		/// Directory for the commitment, the salt and the envelopes (created if missing; nothing
		/// in it is overwritten).
		#[arg(long)]
		out: PathBuf,
	},
	/// Opens a sealed envelope of agreement terms (offline) and prints the terms once they and the
	/// salt inside match the commitment.
	OpenTerms {
		/// The recipient's X25519 key file (mode 0600).
		#[arg(long)]
		key_file: PathBuf,
		/// The envelope file (0x + hex).
		#[arg(long)]
		envelope: PathBuf,
		/// The agreement's id.
		#[arg(long)]
		agreement: pallet_roaming_settlement::AgreementId,
		/// The chain's genesis hash (0x + 64 hex).
		#[arg(long)]
		genesis: String,
		/// The commitment the chain holds for the agreement (0x + 64 hex).
		#[arg(long)]
		commitment: String,
		/// Also save the salt to this new file (0600): it is needed to reveal the terms in
		/// arbitration.
		#[arg(long)]
		salt_out: Option<PathBuf>,
	},
	/// Registers the signer's X25519 encryption key on-chain (or rotates it: the epoch goes up and
	/// envelopes sealed to the old key must be resealed): the public key of --terms-key.
	RegisterKey {
		/// The X25519 key file (`roaming keygen`, mode 0600).
		#[arg(long)]
		terms_key: PathBuf,
		/// File whose first line is the secret URI of the signing account (else $TELECOM_SURI).
		#[arg(long)]
		key_file: Option<PathBuf>,
		/// Give up when the extrinsic is not finalized within this many seconds.
		#[arg(long, default_value_t = 120)]
		timeout: u64,
	},
	/// Proposes an agreement from the signer's network --own to --counterparty. Confidential by
	/// default (`--sealed`): the terms are committed and sealed to both parties' registered keys
	/// for the id the chain will give the proposal; the commitment, the salt and the envelopes go
	/// to --out, and only the public header, the commitment and the envelopes go on-chain.
	/// `--transparent` posts the terms in the clear.
	Propose {
		/// The signer's network (TADIG code).
		#[arg(long)]
		own: String,
		/// The counterparty's network (TADIG code).
		#[arg(long)]
		counterparty: String,
		/// The terms in the chain's JSON.
		#[arg(long)]
		terms: PathBuf,
		/// Confidential terms (the default).
		#[arg(long, conflicts_with = "transparent")]
		sealed: bool,
		/// Public terms, rated by the chain.
		#[arg(long)]
		transparent: bool,
		/// Directory for the commitment, the salt (0600: keep it, it reveals the terms in
		/// arbitration) and the envelopes; required for confidential terms.
		#[arg(long, required_unless_present = "transparent")]
		out: Option<PathBuf>,
		/// File whose first line is the secret URI of the signing account (else $TELECOM_SURI).
		#[arg(long)]
		key_file: Option<PathBuf>,
		/// Give up when the extrinsic is not finalized within this many seconds.
		#[arg(long, default_value_t = 120)]
		timeout: u64,
	},
	/// Accepts the confidential proposal or amendment pending on an agreement: opens the signer's
	/// envelope with --terms-key, checks the terms against the commitment and the public header
	/// on-chain, prints them and accepts stating the acceptance digest of exactly what it
	/// checked (header, commitment and version), so a pending item swapped since is refused.
	Accept {
		/// The agreement.
		#[arg(long)]
		agreement: pallet_roaming_settlement::AgreementId,
		/// The signer's X25519 key file (mode 0600).
		#[arg(long)]
		terms_key: PathBuf,
		/// Save the salt to this new file (0600): it reveals the terms in arbitration.
		#[arg(long)]
		salt_out: Option<PathBuf>,
		/// File whose first line is the secret URI of the signing account (else $TELECOM_SURI).
		#[arg(long)]
		key_file: Option<PathBuf>,
		/// Give up when the extrinsic is not finalized within this many seconds.
		#[arg(long, default_value_t = 120)]
		timeout: u64,
	},
	/// Reveals an agreement's confidential terms and salt for arbitration: the chain checks them
	/// against the commitment and re-rates the named disputed batches. The terms become public.
	Reveal {
		/// The agreement.
		#[arg(long)]
		agreement: pallet_roaming_settlement::AgreementId,
		/// The terms in the chain's JSON (as `open-terms` printed them).
		#[arg(long)]
		terms: PathBuf,
		/// The salt file (mode 0600).
		#[arg(long)]
		salt_file: PathBuf,
		/// A disputed batch to re-rate, `a:SEQUENCE` or `b:SEQUENCE` (whose network the usage
		/// was on); up to 16.
		#[arg(long = "batch", required = true, value_name = "SIDE:SEQUENCE")]
		batches: Vec<String>,
		/// File whose first line is the secret URI of the signing account (else $TELECOM_SURI).
		#[arg(long)]
		key_file: Option<PathBuf>,
		/// Give up when the extrinsic is not finalized within this many seconds.
		#[arg(long, default_value_t = 120)]
		timeout: u64,
	},
	/// Replaces one party's envelope of an agreement's terms in force with one sealed to that
	/// party's current on-chain key (after a rotation or a lost key): same terms and salt, so the
	/// commitment is unchanged (checked before submitting).
	Reseal {
		/// The agreement.
		#[arg(long)]
		agreement: pallet_roaming_settlement::AgreementId,
		/// Whose envelope: `a` or `b`.
		#[arg(long, value_parser = ["a", "b"])]
		side: String,
		/// The terms in force, in the chain's JSON.
		#[arg(long)]
		terms: PathBuf,
		/// Their salt file (mode 0600).
		#[arg(long)]
		salt_file: PathBuf,
		/// File whose first line is the secret URI of the signing account (else $TELECOM_SURI).
		#[arg(long)]
		key_file: Option<PathBuf>,
		/// Give up when the extrinsic is not finalized within this many seconds.
		#[arg(long, default_value_t = 120)]
		timeout: u64,
	},
	/// Proposes a discount agreement (GSMA BCE / TD.201 practice) for a period of a transparent
	/// agreement in force; the signer's deposit is held until the period's final true-up.
	ProposeDiscount {
		/// The agreement.
		#[arg(long)]
		agreement: pallet_roaming_settlement::AgreementId,
		/// The discount terms: JSON (as for `discount-true-up --agreement`) or SCALE hex.
		#[arg(long)]
		terms: PathBuf,
		/// File whose first line is the secret URI of the signing account (else $TELECOM_SURI).
		#[arg(long)]
		key_file: Option<PathBuf>,
		/// Give up when the extrinsic is not finalized within this many seconds.
		#[arg(long, default_value_t = 120)]
		timeout: u64,
	},
	/// Accepts the other party's discount proposal starting in --start (or, with --cancel,
	/// withdraws or declines it).
	AcceptDiscount {
		/// The agreement.
		#[arg(long)]
		agreement: pallet_roaming_settlement::AgreementId,
		/// The discount period's first month, YYYY-MM.
		#[arg(long)]
		start: String,
		/// Withdraw or decline the proposal instead.
		#[arg(long)]
		cancel: bool,
		/// File whose first line is the secret URI of the signing account (else $TELECOM_SURI).
		#[arg(long)]
		key_file: Option<PathBuf>,
		/// Give up when the extrinsic is not finalized within this many seconds.
		#[arg(long, default_value_t = 120)]
		timeout: u64,
	},
	/// Has the chain true the discount agreement starting in --start up over its first --months
	/// months (all: the final note; a multiple of its schedule: an interim one): the credit note
	/// is stored and its net goes to clearing once. Check the figure offline with
	/// `discount-true-up`.
	TrueUpDiscount {
		/// The agreement.
		#[arg(long)]
		agreement: pallet_roaming_settlement::AgreementId,
		/// The discount period's first month, YYYY-MM.
		#[arg(long)]
		start: String,
		/// Months covered from the start.
		#[arg(long)]
		months: u8,
		/// File whose first line is the secret URI of the signing account (else $TELECOM_SURI).
		#[arg(long)]
		key_file: Option<PathBuf>,
		/// Give up when the extrinsic is not finalized within this many seconds.
		#[arg(long, default_value_t = 120)]
		timeout: u64,
	},
	/// Seals discount terms for each party (offline): writes the commitment
	/// `blake2_256(SCALE(DiscountAgreement) ‖ salt)`, the salt and one padded envelope per
	/// recipient into --out, each bound to the agreement and the period's first month.
	SealDiscount {
		/// The discount terms: JSON (as for `discount-true-up --agreement`) or SCALE hex.
		#[arg(long)]
		terms: PathBuf,
		/// A recipient's X25519 public key (0x + 64 hex); give one per party.
		#[arg(long = "to", required = true, value_name = "PUBLIC_KEY")]
		to: Vec<String>,
		/// The agreement's id.
		#[arg(long)]
		agreement: pallet_roaming_settlement::AgreementId,
		/// The chain's genesis hash (0x + 64 hex).
		#[arg(long)]
		genesis: String,
		/// The salt: reused if the file exists, else created (0600) [default: OUT/salt].
		#[arg(long)]
		salt_file: Option<PathBuf>,
		/// Directory for the commitment, the salt and the envelopes (nothing is overwritten).
		#[arg(long)]
		out: PathBuf,
	},
	/// Opens a sealed envelope of discount terms (offline) and prints the terms once they and
	/// the salt inside match the commitment.
	OpenDiscount {
		/// The recipient's X25519 key file (mode 0600).
		#[arg(long)]
		key_file: PathBuf,
		/// The envelope file (0x + hex).
		#[arg(long)]
		envelope: PathBuf,
		/// The agreement's id.
		#[arg(long)]
		agreement: pallet_roaming_settlement::AgreementId,
		/// The discount period's first month, YYYY-MM.
		#[arg(long)]
		start: String,
		/// The chain's genesis hash (0x + 64 hex).
		#[arg(long)]
		genesis: String,
		/// The discount commitment the chain holds (0x + 64 hex).
		#[arg(long)]
		commitment: String,
		/// Also save the salt to this new file (0600): it reveals the terms in arbitration.
		#[arg(long)]
		salt_out: Option<PathBuf>,
	},
	/// Proposes a confidential discount agreement on a confidential agreement in force: seals
	/// the terms to both parties' registered keys (commitment, salt and envelopes into --out)
	/// and posts only the period, the schedule, the commitment and the envelopes.
	ProposeSealedDiscount {
		/// The agreement.
		#[arg(long)]
		agreement: pallet_roaming_settlement::AgreementId,
		/// The discount terms: JSON or SCALE hex. Their IOT must be the agreement's tariffs.
		#[arg(long)]
		terms: PathBuf,
		/// Directory for the commitment, the salt (0600: keep it) and the envelopes.
		#[arg(long)]
		out: PathBuf,
		/// File whose first line is the secret URI of the signing account (else $TELECOM_SURI).
		#[arg(long)]
		key_file: Option<PathBuf>,
		/// Give up when the extrinsic is not finalized within this many seconds.
		#[arg(long, default_value_t = 120)]
		timeout: u64,
	},
	/// Accepts the other party's confidential discount proposal starting in --start: opens the
	/// signer's envelope, checks the terms against the commitment and the public header (and,
	/// with --iot-terms, the IOT against the agreement's terms the chain recorded), prints them
	/// and accepts stating the digest of exactly what it checked.
	AcceptSealedDiscount {
		/// The agreement.
		#[arg(long)]
		agreement: pallet_roaming_settlement::AgreementId,
		/// The discount period's first month, YYYY-MM.
		#[arg(long)]
		start: String,
		/// The signer's X25519 key file (mode 0600).
		#[arg(long)]
		terms_key: PathBuf,
		/// The agreement's terms (chain JSON) the discount's IOT must equal. Required: a
		/// discount whose IOT is not the agreement's tariffs can never be revealed, so its note
		/// could never be booked in arbitration.
		#[arg(long)]
		iot_terms: PathBuf,
		/// Their salt file (0600).
		#[arg(long)]
		iot_salt_file: PathBuf,
		/// Save the discount salt to this new file (0600). Required: it is what reveals the terms
		/// in arbitration if the other party never posts its note.
		#[arg(long)]
		salt_out: PathBuf,
		/// Save the opened discount terms (JSON) to this new file.
		#[arg(long)]
		terms_out: Option<PathBuf>,
		/// File whose first line is the secret URI of the signing account (else $TELECOM_SURI).
		#[arg(long)]
		key_file: Option<PathBuf>,
		/// Give up when the extrinsic is not finalized within this many seconds.
		#[arg(long, default_value_t = 120)]
		timeout: u64,
	},
	/// Computes the confidential discount agreement's note over its first --months months
	/// locally (the shared rating crate, the opened terms and the chain's month figures) and
	/// posts its net; the chain books it when the other party posts the same net.
	PostDiscountNote {
		/// The agreement.
		#[arg(long)]
		agreement: pallet_roaming_settlement::AgreementId,
		/// The discount period's first month, YYYY-MM.
		#[arg(long)]
		start: String,
		/// Months covered from the start.
		#[arg(long)]
		months: u8,
		/// The opened discount terms: JSON or SCALE hex.
		#[arg(long)]
		terms: PathBuf,
		/// Their salt file (0600): if given, the terms are checked against the commitment.
		#[arg(long)]
		salt_file: Option<PathBuf>,
		/// Compute and print the note without posting it.
		#[arg(long)]
		dry_run: bool,
		/// File whose first line is the secret URI of the signing account (else $TELECOM_SURI).
		#[arg(long)]
		key_file: Option<PathBuf>,
		/// Give up when the extrinsic is not finalized within this many seconds.
		#[arg(long, default_value_t = 120)]
		timeout: u64,
	},
	/// Reveals a confidential discount agreement's terms and the agreement's IOT terms with
	/// their salts for arbitration: the chain checks both commitments, computes the note over
	/// the first --months months and books it. The terms become public.
	RevealDiscount {
		/// The agreement.
		#[arg(long)]
		agreement: pallet_roaming_settlement::AgreementId,
		/// The discount period's first month, YYYY-MM.
		#[arg(long)]
		start: String,
		/// Months covered from the start.
		#[arg(long)]
		months: u8,
		/// The discount terms: JSON or SCALE hex.
		#[arg(long)]
		terms: PathBuf,
		/// The discount salt file (0600).
		#[arg(long)]
		salt_file: PathBuf,
		/// The agreement's terms in the chain's JSON (as `open-terms` printed them).
		#[arg(long)]
		iot_terms: PathBuf,
		/// Their salt file (0600).
		#[arg(long)]
		iot_salt_file: PathBuf,
		/// File whose first line is the secret URI of the signing account (else $TELECOM_SURI).
		#[arg(long)]
		key_file: Option<PathBuf>,
		/// Give up when the extrinsic is not finalized within this many seconds.
		#[arg(long, default_value_t = 120)]
		timeout: u64,
	},
	/// Books the net of a confidential discount note that only one party posted, once the
	/// agreement's dispute window has passed since that posting (the other party's silence
	/// accepts it).
	BookDiscountNote {
		/// The agreement.
		#[arg(long)]
		agreement: pallet_roaming_settlement::AgreementId,
		/// The discount period's first month, YYYY-MM.
		#[arg(long)]
		start: String,
		/// Months the note covers from the start.
		#[arg(long)]
		months: u8,
		/// File whose first line is the secret URI of the signing account (else $TELECOM_SURI).
		#[arg(long)]
		key_file: Option<PathBuf>,
		/// Give up when the extrinsic is not finalized within this many seconds.
		#[arg(long, default_value_t = 120)]
		timeout: u64,
	},
	/// Reseals the discount envelope of side --side to that party's current key (after a key
	/// rotation), from the opened discount terms and their salt; the commitment stays.
	ResealDiscount {
		/// The agreement.
		#[arg(long)]
		agreement: pallet_roaming_settlement::AgreementId,
		/// The discount period's first month, YYYY-MM.
		#[arg(long)]
		start: String,
		/// Whose envelope: `a` or `b`.
		#[arg(long, value_parser = ["a", "b"])]
		side: String,
		/// The discount terms as opened: JSON or SCALE hex.
		#[arg(long)]
		terms: PathBuf,
		/// Their salt file (mode 0600).
		#[arg(long)]
		salt_file: PathBuf,
		/// File whose first line is the secret URI of the signing account (else $TELECOM_SURI).
		#[arg(long)]
		key_file: Option<PathBuf>,
		/// Give up when the extrinsic is not finalized within this many seconds.
		#[arg(long, default_value_t = 120)]
		timeout: u64,
	},
	/// Voids a confidential discount agreement in force whose terms can never be revealed
	/// (invalid, contradicting the public header, or not priced against the agreement's IOT):
	/// opens both commitments on chain; the proposer's deposit goes to the other party. The
	/// terms become public.
	VoidDiscount {
		/// The agreement.
		#[arg(long)]
		agreement: pallet_roaming_settlement::AgreementId,
		/// The discount period's first month, YYYY-MM.
		#[arg(long)]
		start: String,
		/// The discount terms as opened: JSON or SCALE hex.
		#[arg(long)]
		terms: PathBuf,
		/// The discount salt file (0600).
		#[arg(long)]
		salt_file: PathBuf,
		/// The agreement's terms in the chain's JSON (as `open-terms` printed them).
		#[arg(long)]
		iot_terms: PathBuf,
		/// Their salt file (0600).
		#[arg(long)]
		iot_salt_file: PathBuf,
		/// File whose first line is the secret URI of the signing account (else $TELECOM_SURI).
		#[arg(long)]
		key_file: Option<PathBuf>,
		/// Give up when the extrinsic is not finalized within this many seconds.
		#[arg(long, default_value_t = 120)]
		timeout: u64,
	},
	/// Posts a CSV of TAP/BCE file totals to an agreement: as the visited side it files each
	/// file's batch, as the home side it posts its own totals of the same files (matched by the
	/// chain); a re-run sends only what is missing. CSV columns: see `telecom_cli::usage`.
	PostUsage {
		/// The agreement.
		#[arg(long)]
		agreement: pallet_roaming_settlement::AgreementId,
		/// `visited` (the usage was on the signer's network) or `home` (on the other party's).
		#[arg(long)]
		side: PostingSide,
		/// The CSV of file totals.
		#[arg(long)]
		csv: PathBuf,
		/// File whose first line is the secret URI (else $TELECOM_SURI).
		#[arg(long)]
		key_file: Option<PathBuf>,
		/// Journal of finalized lines (default: the CSV's path + `.journal`).
		#[arg(long)]
		journal: Option<PathBuf>,
		/// Give up on a line that is not finalized within this many seconds.
		#[arg(long, default_value_t = 120)]
		timeout: u64,
	},
}

/// `roaming rate`: offline, no node needed.
fn roaming_rate(terms: &PathBuf, usage: &PathBuf, network: Option<&str>) -> Result<Output, String> {
	let read = |path: &PathBuf| {
		std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
	};
	let side = network.map(|n| {
		if n == "a" {
			pallet_roaming_settlement::Side::A
		} else {
			pallet_roaming_settlement::Side::B
		}
	});
	let tariff = telecom_cli::rate::parse_terms(&read(terms)?, side)?;
	let files = telecom_cli::rate::parse_usage_csv(&read(usage)?)?;
	let rating = telecom_cli::rate::rate_files(&tariff, &files)?;
	Ok(Output { text: rating.text(), json: rating.json() })
}

/// `roaming discount-true-up`: offline, no node needed.
fn roaming_discount_true_up(
	agreement: &PathBuf,
	months: &PathBuf,
	previous: Option<&PathBuf>,
) -> Result<Output, String> {
	let read = |path: &PathBuf| {
		std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
	};
	let previous = previous.map(read).transpose()?;
	let note =
		telecom_cli::discount::credit_note(&read(agreement)?, &read(months)?, previous.as_deref())?;
	let json = telecom_cli::discount::note_json(&note);
	Ok(Output { text: pretty(&json), json })
}

/// `roaming keygen`, `public-key`, `seal-terms` and `open-terms`: offline, no node needed.
fn roaming_seal(command: &RoamingCommand) -> Result<Output, String> {
	use telecom_cli::seal;
	use telecom_terms_seal::SealContext;
	match command {
		RoamingCommand::Keygen { key_file } => {
			let public = seal::keygen(key_file)?;
			Ok(Output {
				text: format!("0x{}", public.to_hex()),
				json: json!({ "publicKey": format!("0x{}", public.to_hex()), "keyFile": key_file }),
			})
		},
		RoamingCommand::PublicKey { key_file } => {
			let public = seal::load_secret(key_file)?.public_key();
			Ok(Output {
				text: format!("0x{}", public.to_hex()),
				json: json!({ "publicKey": format!("0x{}", public.to_hex()) }),
			})
		},
		RoamingCommand::SealTerms { terms, to, agreement, genesis, salt_file, out } => {
			let text = std::fs::read_to_string(terms)
				.map_err(|e| format!("cannot read {}: {e}", terms.display()))?;
			let parsed =
				seal::parse_terms(&text).map_err(|e| format!("{}: {e}", terms.display()))?;
			let recipients =
				to.iter().map(|key| seal::parse_public_key(key)).collect::<Result<Vec<_>, _>>()?;
			let context = SealContext {
				genesis: seal::parse_hash(genesis, "--genesis")?,
				agreement: *agreement,
			};
			let sealed =
				seal::seal_to_files(&parsed, &recipients, &context, salt_file.as_deref(), out)?;
			let envelopes: Vec<Value> = sealed
				.envelopes
				.iter()
				.map(
					|(key, file)| json!({ "recipient": format!("0x{}", key.to_hex()), "file": file }),
				)
				.collect();
			let mut text = format!(
				"commitment {:?} (written to {})\nsalt {} {}\n",
				sealed.commitment,
				sealed.commitment_file.display(),
				if sealed.new_salt { "created in" } else { "reused from" },
				sealed.salt_file.display()
			);
			for (key, file) in &sealed.envelopes {
				text.push_str(&format!("envelope for 0x{}: {}\n", key.to_hex(), file.display()));
			}
			text.push_str(
				"keep the salt secret: with it the terms can be guessed from the commitment",
			);
			Ok(Output {
				text,
				json: json!({
					"agreement": agreement,
					"commitment": format!("{:?}", sealed.commitment),
					"commitmentFile": sealed.commitment_file,
					"saltFile": sealed.salt_file,
					"newSalt": sealed.new_salt,
					"envelopes": envelopes,
				}),
			})
		},
		RoamingCommand::OpenTerms {
			key_file,
			envelope,
			agreement,
			genesis,
			commitment,
			salt_out,
		} => {
			let context = SealContext {
				genesis: seal::parse_hash(genesis, "--genesis")?,
				agreement: *agreement,
			};
			let commitment = sp_core::H256(seal::parse_hash(commitment, "--commitment")?);
			let (terms, _salt) = seal::open_from_files(
				key_file,
				envelope,
				&context,
				&commitment,
				salt_out.as_deref(),
			)?;
			let terms = serde_json::to_value(&terms).map_err(|e| e.to_string())?;
			Ok(Output {
				text: format!(
					"{}\n(the terms and salt match commitment {commitment:?})",
					pretty(&terms)
				),
				json: json!({
					"agreement": agreement,
					"commitment": format!("{commitment:?}"),
					"verified": true,
					"terms": terms,
				}),
			})
		},
		RoamingCommand::SealDiscount { terms, to, agreement, genesis, salt_file, out } => {
			let text = std::fs::read_to_string(terms)
				.map_err(|e| format!("cannot read {}: {e}", terms.display()))?;
			let parsed = telecom_cli::discount::parse_agreement(&text)?;
			let recipients =
				to.iter().map(|key| seal::parse_public_key(key)).collect::<Result<Vec<_>, _>>()?;
			let context = telecom_terms_seal::DiscountSealContext {
				genesis: seal::parse_hash(genesis, "--genesis")?,
				agreement: *agreement,
				year: parsed.start.year,
				month: parsed.start.month,
			};
			let sealed = seal::seal_discount_to_files(
				&parsed,
				&recipients,
				&context,
				salt_file.as_deref(),
				out,
			)?;
			Ok(sealed_output(*agreement, &sealed, &parsed))
		},
		RoamingCommand::OpenDiscount {
			key_file,
			envelope,
			agreement,
			start,
			genesis,
			commitment,
			salt_out,
		} => {
			let start = parse_start(start).map_err(|e| e.message)?;
			let context = telecom_terms_seal::DiscountSealContext {
				genesis: seal::parse_hash(genesis, "--genesis")?,
				agreement: *agreement,
				year: start.year,
				month: start.month,
			};
			let commitment = sp_core::H256(seal::parse_hash(commitment, "--commitment")?);
			let (terms, _salt) = seal::open_discount_from_files(
				key_file,
				envelope,
				&context,
				&commitment,
				salt_out.as_deref(),
			)?;
			let terms = serde_json::to_value(&terms).map_err(|e| e.to_string())?;
			Ok(Output {
				text: format!(
					"{}\n(the discount terms and salt match commitment {commitment:?})",
					pretty(&terms)
				),
				json: json!({
					"agreement": agreement,
					"commitment": format!("{commitment:?}"),
					"verified": true,
					"terms": terms,
				}),
			})
		},
		_ => Err("not a sealing command".into()),
	}
}

/// What `seal-discount` and `propose-sealed-discount` print about the files they wrote.
fn sealed_output(
	agreement: pallet_roaming_settlement::AgreementId,
	sealed: &telecom_cli::seal::Sealed,
	terms: &telecom_roaming_rating::DiscountAgreement,
) -> Output {
	let envelopes: Vec<Value> = sealed
		.envelopes
		.iter()
		.map(|(key, file)| json!({ "recipient": format!("0x{}", key.to_hex()), "file": file }))
		.collect();
	let mut text = format!(
		"discount commitment {:?} (written to {})\nsalt {} {}\n",
		sealed.commitment,
		sealed.commitment_file.display(),
		if sealed.new_salt { "created in" } else { "reused from" },
		sealed.salt_file.display()
	);
	for (key, file) in &sealed.envelopes {
		text.push_str(&format!("envelope for 0x{}: {}\n", key.to_hex(), file.display()));
	}
	text.push_str("keep the salt secret: with it the terms can be guessed from the commitment");
	Output {
		text,
		json: json!({
			"agreement": agreement,
			"start": { "year": terms.start.year, "month": terms.start.month },
			"commitment": format!("{:?}", sealed.commitment),
			"commitmentFile": sealed.commitment_file,
			"saltFile": sealed.salt_file,
			"newSalt": sealed.new_salt,
			"envelopes": envelopes,
		}),
	}
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
				println!("{}", json!({ "error": error.message, "exitCode": error.code() }));
			}
			eprintln!("error: {error}");
			ExitCode::from(error.code())
		},
	}
}

struct Output {
	text: String,
	json: Value,
}

fn run(cli: &Cli) -> Result<Output, Failure> {
	// Offline commands: no node needed.
	match &cli.command {
		Command::FactoryRoot { csv } => {
			let text = std::fs::read_to_string(csv)
				.map_err(|e| Failure::input(format!("cannot read {}: {e}", csv.display())))?;
			let value = telecom_cli::factory::factory_root(&text).map_err(Failure::input)?;
			return Ok(Output { text: pretty(&value), json: value });
		},
		Command::ActivationProof { csv, device } => {
			let text = std::fs::read_to_string(csv)
				.map_err(|e| Failure::input(format!("cannot read {}: {e}", csv.display())))?;
			let device = device
				.parse()
				.map_err(|_| Failure::input("the device id must be 0x + 64 hex digits"))?;
			let value =
				telecom_cli::factory::activation_proof(&text, device).map_err(Failure::input)?;
			return Ok(Output { text: pretty(&value), json: value });
		},
		Command::Roaming { command: RoamingCommand::Rate { terms, usage, network } } => {
			return roaming_rate(terms, usage, network.as_deref()).map_err(Failure::input);
		},
		Command::Roaming {
			command: RoamingCommand::DiscountTrueUp { agreement, months, previous },
		} => {
			return roaming_discount_true_up(agreement, months, previous.as_ref())
				.map_err(Failure::input);
		},
		Command::Roaming {
			command:
				command @ (RoamingCommand::Keygen { .. }
				| RoamingCommand::PublicKey { .. }
				| RoamingCommand::SealTerms { .. }
				| RoamingCommand::OpenTerms { .. }
				| RoamingCommand::SealDiscount { .. }
				| RoamingCommand::OpenDiscount { .. }),
		} => return roaming_seal(command).map_err(Failure::input),
		_ => {},
	}
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
	let mut client = Client::with_tls(&url, &tls)?;
	match &cli.command {
		Command::Account { key_file } => {
			let pair = keys::load(key_file.as_deref()).map_err(Failure::input)?;
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
				.map_err(|e| Failure::input(format!("cannot open {}: {e}", csv.display())))?;
			let parsed = bills::parse_csv(file).map_err(Failure::input)?;
			let me = signer.account();
			let mut indexes = std::collections::HashMap::new();
			let mut records = Vec::with_capacity(parsed.len());
			let my_index = participant_index(&mut client, &me)?.ok_or_else(|| {
				Failure::input(format!("{} is not a clearing participant", me.to_ss58check()))
			})?;
			for bill in parsed {
				let mut index_of = |party: &Party, column: &str| -> Result<u32, Failure> {
					match party {
						Party::Index(i) => Ok(*i),
						Party::Account(who) => {
							if let Some(i) = indexes.get(who) {
								return Ok(*i);
							}
							let i = participant_index(&mut client, who)?.ok_or_else(|| {
								Failure::input(format!(
									"line {}: {column} {} is not a clearing participant",
									bill.line,
									who.to_ss58check()
								))
							})?;
							indexes.insert(who.clone(), i);
							Ok(i)
						},
					}
				};
				let payer = index_of(&bill.payer, "payer")?;
				let payee = index_of(&bill.payee, "payee")?;
				if payer != my_index && payee != my_index {
					return Err(Failure::input(format!(
						"line {}: the signing account (participant {my_index}) is neither payer nor payee",
						bill.line
					)));
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
			bills::order_by_reference(&mut records).map_err(Failure::input)?;
			// Only records the chain proves booked are dropped: a batch that failed leaves a
			// gap below later batches, and its records are sent again.
			let booked: Vec<(u64, u64)> = chain::storage(
				&mut client,
				&chain::blake2_map_key("Clearing", "BookedReferences", &me),
				None,
			)?
			.unwrap_or_default();
			let chunks = bills::chunk(&records, per_batch, max_pairs);
			let info = ChainInfo::fetch(&mut client)?;
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
			Ok(Output {
				text,
				json: serde_json::to_value(&summary).map_err(|e| Failure::from(e.to_string()))?,
			})
		},
		Command::SubmitUsage { file, key_file, timeout } => {
			let signer = signer(cli, key_file.as_deref())?;
			let text = std::fs::read_to_string(file)
				.map_err(|e| Failure::input(format!("cannot read {}: {e}", file.display())))?;
			#[derive(serde::Deserialize)]
			#[serde(deny_unknown_fields)]
			struct UsageFile {
				agreement: pallet_roaming_settlement::AgreementId,
				report: pallet_roaming_settlement::UsageReport,
			}
			let usage: UsageFile = serde_json::from_str(&text).map_err(|e| {
				Failure::input(format!("{}: not a usage summary: {e}", file.display()))
			})?;
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
		Command::Roaming {
			command: RoamingCommand::PostUsage { agreement, side, csv, key_file, journal, timeout },
		} => post_usage(
			&mut client,
			&signer(cli, key_file.as_deref())?,
			*agreement,
			*side,
			csv,
			journal.as_deref(),
			Duration::from_secs(*timeout),
		),
		Command::Roaming {
			command:
				command @ (RoamingCommand::RegisterKey { .. }
				| RoamingCommand::Propose { .. }
				| RoamingCommand::Accept { .. }
				| RoamingCommand::Reveal { .. }
				| RoamingCommand::Reseal { .. }),
		} => confidential(cli, &mut client, command),
		Command::Roaming {
			command:
				command @ (RoamingCommand::ProposeDiscount { .. }
				| RoamingCommand::AcceptDiscount { .. }
				| RoamingCommand::TrueUpDiscount { .. }),
		} => discount_call(cli, &mut client, command),
		Command::Roaming {
			command:
				command @ (RoamingCommand::ProposeSealedDiscount { .. }
				| RoamingCommand::AcceptSealedDiscount { .. }
				| RoamingCommand::PostDiscountNote { .. }
				| RoamingCommand::RevealDiscount { .. }
				| RoamingCommand::BookDiscountNote { .. }
				| RoamingCommand::ResealDiscount { .. }
				| RoamingCommand::VoidDiscount { .. }),
		} => sealed_discount_call(cli, &mut client, command),
		Command::Positions { account } => {
			let who = chain::parse_account(account).map_err(Failure::input)?;
			let value = client.call("clearing_openPositions", json!([who.to_ss58check(), null]))?;
			Ok(Output { text: pretty(&value), json: value })
		},
		Command::Statement { account, cycle } => {
			let who = chain::parse_account(account).map_err(Failure::input)?;
			let cycle = match cycle {
				Some(c) => *c,
				None => client
					.call("clearing_cycle", json!([null, null]))?
					.get("id")
					.and_then(Value::as_u64)
					.ok_or("the node reports no open cycle")?,
			};
			let value =
				client.call("clearing_statement", json!([cycle, who.to_ss58check(), null]))?;
			if value.is_null() {
				return Err(format!("no statement of cycle {cycle} for {account}").into());
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
				(None, Some(batch), Some(index)) => {
					client.call("clearing_recordProof", json!([batch, index, null]))?
				},
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
		Command::Roaming { command: RoamingCommand::Rate { terms, usage, network } } => {
			roaming_rate(terms, usage, network.as_deref()).map_err(Failure::input)
		},
		Command::VerifyDevice { device, id_key, message, signature } => {
			let id = device_id(device, id_key.as_deref())?;
			let value = client.call("device_verify", json!([id, message, signature, null]))?;
			let valid = value.get("valid").and_then(Value::as_bool).unwrap_or(false);
			let text = if valid {
				format!("valid: device {id} signed the message with its current key")
			} else {
				format!("NOT valid: {}", pretty(&value))
			};
			Ok(Output { text, json: value })
		},
		Command::FactoryRoot { .. }
		| Command::ActivationProof { .. }
		| Command::Roaming {
			command:
				RoamingCommand::DiscountTrueUp { .. }
				| RoamingCommand::Keygen { .. }
				| RoamingCommand::PublicKey { .. }
				| RoamingCommand::SealTerms { .. }
				| RoamingCommand::OpenTerms { .. }
				| RoamingCommand::SealDiscount { .. }
				| RoamingCommand::OpenDiscount { .. },
		} => Err("offline command reached the node".into()),
	}
}

type BlockNumber = frame_system::pallet_prelude::BlockNumberFor<Runtime>;

/// The roaming pallet's events of a finalized block, for printing.
fn roaming_events(block: &chain::BlockContents) -> Vec<String> {
	block
		.events
		.iter()
		.filter_map(|e| match e {
			telecom_runtime::RuntimeEvent::Roaming(event) => Some(format!("{event:?}")),
			_ => None,
		})
		.collect()
}

/// An agreement as stored, or an error naming it.
fn stored_agreement(
	client: &mut Client,
	agreement: pallet_roaming_settlement::AgreementId,
) -> Result<pallet_roaming_settlement::AgreementOf<Runtime>, Failure> {
	chain::storage(
		client,
		&usage::roaming_key("Agreements", &[codec::Encode::encode(&agreement)]),
		None,
	)?
	.ok_or_else(|| Failure::input(format!("there is no agreement {agreement}")))
}

/// `account`'s registered encryption key, or an error saying it has none.
fn encryption_key(
	client: &mut Client,
	account: &telecom_runtime::AccountId,
) -> Result<pallet_roaming_settlement::EncryptionKey<BlockNumber>, Failure> {
	chain::storage(client, &chain::blake2_map_key("Roaming", "EncryptionKeys", account), None)?
		.ok_or_else(|| {
			Failure::input(format!(
				"{} has registered no encryption key (`roaming register-key`)",
				account.to_ss58check()
			))
		})
}

/// The chain's genesis hash, which envelopes are bound to.
fn genesis(client: &mut Client) -> Result<[u8; 32], Failure> {
	let value = client.call("chain_getBlockHash", json!([0]))?;
	Ok(chain::hash_of(&value)?.0)
}

/// The terms in the chain's JSON from a file.
fn read_terms(
	path: &std::path::Path,
) -> Result<pallet_roaming_settlement::AgreementTerms, Failure> {
	let text = std::fs::read_to_string(path)
		.map_err(|e| Failure::input(format!("cannot read {}: {e}", path.display())))?;
	telecom_cli::seal::parse_terms(&text)
		.map_err(|e| Failure::input(format!("{}: {e}", path.display())))
}

/// An envelope the chain can store, from its bytes and the recipient's key epoch.
fn chain_envelope(
	epoch: pallet_roaming_settlement::KeyEpoch,
	bytes: Vec<u8>,
) -> Result<pallet_roaming_settlement::SealedEnvelope, Failure> {
	let len = bytes.len();
	Ok(pallet_roaming_settlement::SealedEnvelope {
		epoch,
		bytes: bytes.try_into().map_err(|_| {
			Failure::input(format!(
				"the envelope is {len} bytes, more than the chain's {} (the terms are too long)",
				pallet_roaming_settlement::MAX_SEALED_TERMS_LEN
			))
		})?,
	})
}

/// `roaming register-key`, `propose`, `accept`, `reveal` and `reseal`.
fn confidential(
	cli: &Cli,
	client: &mut Client,
	command: &RoamingCommand,
) -> Result<Output, Failure> {
	use pallet_roaming_settlement::{Call, SealedTerms, Side};
	use telecom_cli::seal;
	use telecom_terms_seal::{commit, open_terms, seal_terms, OsRng, SealContext};
	let mut extra = serde_json::Map::new();
	let (call, key_file, timeout, mut note) = match command {
		RoamingCommand::RegisterKey { terms_key, key_file, timeout } => {
			let public = seal::load_secret(terms_key).map_err(Failure::input)?.public_key();
			let call = Call::register_encryption_key { key: public.to_bytes() };
			(call, key_file, timeout, format!("encryption key 0x{}", public.to_hex()))
		},
		RoamingCommand::Propose {
			own,
			counterparty,
			terms,
			sealed: _,
			transparent,
			out,
			key_file,
			timeout,
		} => {
			let terms = read_terms(terms)?;
			let code = |text: &str| {
				telecom_primitives::TadigCode::try_from(text)
					.map_err(|_| Failure::input(format!("`{text}` is not a TADIG code")))
			};
			let (own, counterparty) = (code(own)?, code(counterparty)?);
			if *transparent {
				let call = Call::propose_agreement { own, counterparty, terms };
				(call, key_file, timeout, "transparent terms".to_string())
			} else {
				let out = out.as_ref().ok_or("--out is required for confidential terms")?;
				let party_a = signer(cli, key_file.as_deref())?.account();
				let party_b: telecom_runtime::AccountId = chain::storage(
					client,
					&chain::blake2_map_key("Roaming", "TadigOwner", &counterparty),
					None,
				)?
				.ok_or_else(|| {
					Failure::input(format!("no operator registered {counterparty:?}"))
				})?;
				let (key_a, key_b) =
					(encryption_key(client, &party_a)?, encryption_key(client, &party_b)?);
				// Reserve the id first, so no other proposal can take the id the envelopes are
				// sealed for (a reservation left by an earlier run that failed later is reused).
				let reservation =
					chain::blake2_map_key("Roaming", "AgreementIdReservations", &party_a);
				let reserved: Option<pallet_roaming_settlement::AgreementId> =
					chain::storage(client, &reservation, None)?;
				let id = match reserved {
					Some(id) => id,
					None => {
						let signer = signer(cli, key_file.as_deref())?;
						submit_one(
							client,
							&signer,
							RuntimeCall::Roaming(Call::reserve_agreement_id {}),
							Duration::from_secs(*timeout),
						)?;
						chain::storage(client, &reservation, None)?.ok_or(
							"the id reservation is not on chain after its block was finalized",
						)?
					},
				};
				let context = SealContext { genesis: genesis(client)?, agreement: id };
				let recipients = [
					telecom_terms_seal::PublicKey::from_bytes(key_a.key),
					telecom_terms_seal::PublicKey::from_bytes(key_b.key),
				];
				if recipients[0] == recipients[1] {
					return Err(Failure::input("both parties registered the same key"));
				}
				let written = seal::seal_to_files(&terms, &recipients, &context, None, out)
					.map_err(Failure::input)?;
				let read_envelope = |path: &std::path::Path| -> Result<Vec<u8>, Failure> {
					let text = std::fs::read_to_string(path).map_err(|e| {
						Failure::input(format!("cannot read {}: {e}", path.display()))
					})?;
					let text = text.trim();
					hex::decode(text.strip_prefix("0x").unwrap_or(text))
						.map_err(|_| Failure::input(format!("{}: not hex", path.display())))
				};
				let mut envelopes = Vec::new();
				for (key, path) in &written.envelopes {
					let epoch = if *key == recipients[0] { key_a.epoch } else { key_b.epoch };
					envelopes.push(chain_envelope(epoch, read_envelope(path)?)?);
				}
				let (Some(envelope_b), Some(envelope_a)) = (envelopes.pop(), envelopes.pop())
				else {
					return Err("sealing wrote no envelopes".into());
				};
				let sealed = SealedTerms { commitment: written.commitment, envelope_a, envelope_b };
				let call = Call::propose_sealed {
					own,
					counterparty,
					header: terms.header(),
					sealed,
					expected_id: id,
				};
				let note = format!(
					"confidential agreement {id}: commitment {:?}; salt in {} (keep it secret)",
					written.commitment,
					written.salt_file.display()
				);
				// What a billing system keeps: the id the proposal gets, the commitment, and
				// where the salt and the envelopes were written.
				extra.insert("agreement".into(), json!(id));
				extra.insert("commitment".into(), json!(format!("{:?}", written.commitment)));
				extra.insert("saltFile".into(), json!(written.salt_file));
				extra.insert(
					"envelopes".into(),
					json!(written.envelopes.iter().map(|(_, path)| path).collect::<Vec<_>>()),
				);
				(call, key_file, timeout, note)
			}
		},
		RoamingCommand::Accept { agreement, terms_key, salt_out, key_file, timeout } => {
			let stored = stored_agreement(client, *agreement)?;
			let own =
				stored.side_of(&signer(cli, key_file.as_deref())?.account()).ok_or_else(|| {
					Failure::input(format!("the signer is not a party to agreement {agreement}"))
				})?;
			// The version the pending terms come into force as: 1 for a proposal, the next
			// one for an amendment.
			let (version, header, sealed) = match &stored.amendment {
				Some(pending)
					if stored.status != pallet_roaming_settlement::AgreementStatus::Proposed =>
				{
					let next =
						stored.version.checked_add(1).ok_or("agreement version overflows")?;
					(next, pending.terms.header(), pending.sealed.clone())
				},
				_ => (1, stored.terms.header(), stored.sealed.clone()),
			};
			let sealed = sealed.ok_or_else(|| {
				Failure::input(format!("agreement {agreement} has no confidential terms pending"))
			})?;
			let secret = seal::load_secret(terms_key).map_err(Failure::input)?;
			let context = SealContext { genesis: genesis(client)?, agreement: *agreement };
			let (terms, salt) = open_terms::<pallet_roaming_settlement::AgreementTerms>(
				&secret,
				&context,
				&sealed.commitment,
				&sealed.envelope(own).bytes,
			)
			.map_err(|e| Failure::input(format!("your envelope does not open: {e}")))?;
			if terms.header() != header {
				return Err(Failure::input(
					"the sealed terms contradict the public header on chain: not accepted",
				));
			}
			if let Some(path) = salt_out {
				seal::write_salt(path, &salt).map_err(Failure::input)?;
			}
			let terms_json = serde_json::to_value(&terms).map_err(|e| e.to_string())?;
			// Accept exactly what was checked: the digest binds the opened terms' header, the
			// commitment and the version, so a pending item swapped since is not accepted.
			let digest = telecom_primitives::commitment::sealed_acceptance_digest(
				*agreement,
				version,
				&codec::Encode::encode(&terms.header()),
				&sealed.commitment,
			);
			extra.insert("terms".into(), terms_json.clone());
			extra.insert("commitment".into(), json!(format!("{:?}", sealed.commitment)));
			extra.insert("acceptanceDigest".into(), json!(format!("{digest:?}")));
			let call = Call::accept_sealed { agreement: *agreement, commitment: digest };
			let note = format!(
				"{}
accepting version {version} with commitment {:?} (acceptance digest {digest:?})",
				pretty(&terms_json),
				sealed.commitment
			);
			(call, key_file, timeout, note)
		},
		RoamingCommand::Reveal { agreement, terms, salt_file, batches, key_file, timeout } => {
			let terms = read_terms(terms)?;
			let salt = seal::load_salt(salt_file).map_err(Failure::input)?;
			let mut named = Vec::new();
			for text in batches {
				named.push(seal::parse_batch(text).map_err(Failure::input)?);
			}
			let count = named.len();
			let batches = named.try_into().map_err(|_| {
				Failure::input(format!(
					"{count} batches: at most {} per reveal",
					pallet_roaming_settlement::MAX_REVEAL_BATCHES
				))
			})?;
			let note = format!("revealing commitment {:?}", commit(&terms, &salt));
			let call = Call::reveal_terms { agreement: *agreement, terms, salt, batches };
			(call, key_file, timeout, note)
		},
		RoamingCommand::Reseal { agreement, side, terms, salt_file, key_file, timeout } => {
			let terms = read_terms(terms)?;
			let salt = seal::load_salt(salt_file).map_err(Failure::input)?;
			let stored = stored_agreement(client, *agreement)?;
			let sealed = stored
				.sealed
				.as_ref()
				.ok_or_else(|| Failure::input(format!("agreement {agreement} is transparent")))?;
			if commit(&terms, &salt) != sealed.commitment {
				return Err(Failure::input(
					"these terms and salt do not open the agreement's commitment in force",
				));
			}
			let side = if side == "a" { Side::A } else { Side::B };
			let key = encryption_key(client, stored.party(side))?;
			let context = SealContext { genesis: genesis(client)?, agreement: *agreement };
			let bytes = seal_terms(
				&mut OsRng,
				&context,
				&telecom_terms_seal::PublicKey::from_bytes(key.key),
				&terms,
				&salt,
			)
			.map_err(|e| Failure::input(e.to_string()))?;
			let envelope = chain_envelope(key.epoch, bytes)?;
			let note = format!("envelope of side {side:?} sealed to key epoch {}", key.epoch);
			(Call::reseal { agreement: *agreement, side, envelope }, key_file, timeout, note)
		},
		_ => return Err("not a confidential-terms command".into()),
	};
	let signer = signer(cli, key_file.as_deref())?;
	let block =
		submit_one(client, &signer, RuntimeCall::Roaming(call), Duration::from_secs(*timeout))?;
	let events = roaming_events(&block);
	note.push_str(&format!(
		"
finalized in block #{}",
		block.number
	));
	for event in &events {
		note.push_str(&format!(
			"
{event}"
		));
	}
	extra.insert("block".into(), json!(block.number));
	extra.insert("events".into(), json!(events));
	Ok(Output { text: note, json: Value::Object(extra) })
}

/// `YYYY-MM` as a settlement period.
fn parse_start(text: &str) -> Result<telecom_primitives::SettlementPeriod, Failure> {
	text.split_once('-')
		.and_then(|(year, month)| {
			telecom_primitives::SettlementPeriod::new(year.parse().ok()?, month.parse().ok()?)
		})
		.ok_or_else(|| Failure::input(format!("--start {text}: not YYYY-MM")))
}

/// `roaming propose-discount`, `accept-discount` and `true-up-discount`.
fn discount_call(
	cli: &Cli,
	client: &mut Client,
	command: &RoamingCommand,
) -> Result<Output, Failure> {
	use pallet_roaming_settlement::Call;
	let (call, key_file, timeout, mut note) = match command {
		RoamingCommand::ProposeDiscount { agreement, terms, key_file, timeout } => {
			let text = std::fs::read_to_string(terms)
				.map_err(|e| Failure::input(format!("cannot read {}: {e}", terms.display())))?;
			let terms = telecom_cli::discount::parse_agreement(&text).map_err(Failure::input)?;
			let note = format!(
				"proposing a {}-month discount agreement from {:04}-{:02} on agreement {agreement}",
				terms.months, terms.start.year, terms.start.month
			);
			(Call::propose_discount { agreement: *agreement, terms }, key_file, timeout, note)
		},
		RoamingCommand::AcceptDiscount { agreement, start, cancel, key_file, timeout } => {
			let start = parse_start(start)?;
			if *cancel {
				let note = format!("cancelling the discount proposal of agreement {agreement}");
				(Call::cancel_discount { agreement: *agreement, start }, key_file, timeout, note)
			} else {
				let note = format!("accepting the discount proposal of agreement {agreement}");
				(Call::accept_discount { agreement: *agreement, start }, key_file, timeout, note)
			}
		},
		RoamingCommand::TrueUpDiscount { agreement, start, months, key_file, timeout } => {
			let start = parse_start(start)?;
			let note = format!("truing up {months} month(s) of agreement {agreement}'s discount");
			let call = Call::true_up_discount { agreement: *agreement, start, months: *months };
			(call, key_file, timeout, note)
		},
		_ => return Err("not a discount-agreement command".into()),
	};
	let signer = signer(cli, key_file.as_deref())?;
	let block =
		submit_one(client, &signer, RuntimeCall::Roaming(call), Duration::from_secs(*timeout))?;
	let events = roaming_events(&block);
	note.push_str(&format!("\nfinalized in block #{}", block.number));
	for event in &events {
		note.push_str(&format!("\n{event}"));
	}
	Ok(Output { text: note, json: json!({ "block": block.number, "events": events }) })
}

/// A discount record as stored, or an error naming it.
fn stored_discount(
	client: &mut Client,
	agreement: pallet_roaming_settlement::AgreementId,
	start: telecom_primitives::SettlementPeriod,
) -> Result<pallet_roaming_settlement::DiscountRecord, Failure> {
	use codec::Encode;
	chain::storage(
		client,
		&usage::roaming_key("DiscountAgreements", &[agreement.encode(), start.encode()]),
		None,
	)?
	.ok_or_else(|| {
		Failure::input(format!(
			"agreement {agreement} has no discount agreement starting {:04}-{:02}",
			start.year, start.month
		))
	})
}

/// The opened discount terms and their salt, the agreement's IOT terms and theirs.
type OpenedDiscount = (
	(telecom_roaming_rating::DiscountAgreement, telecom_primitives::commitment::TermsSalt),
	(pallet_roaming_settlement::AgreementTerms, telecom_primitives::commitment::TermsSalt),
);

/// The sealed discount starting in `start` and the opened terms read from the (terms, salt)
/// files of the discount and of the agreement's IOT terms, once they have been checked against
/// its commitments (so a refused reveal or void never publishes terms for nothing).
fn opened_discount(
	client: &mut Client,
	agreement: pallet_roaming_settlement::AgreementId,
	start: telecom_primitives::SettlementPeriod,
	discount_files: (&std::path::Path, &std::path::Path),
	iot_files: (&std::path::Path, &std::path::Path),
) -> Result<(pallet_roaming_settlement::SealedDiscount, OpenedDiscount), Failure> {
	use telecom_cli::seal;
	use telecom_terms_seal::commit;
	let discount = (
		read_discount_terms(discount_files.0)?,
		seal::load_salt(discount_files.1).map_err(Failure::input)?,
	);
	let iot = (read_terms(iot_files.0)?, seal::load_salt(iot_files.1).map_err(Failure::input)?);
	let record = stored_discount(client, agreement, start)?;
	let pallet_roaming_settlement::DiscountTerms::Sealed(sealed) = record.terms else {
		return Err(Failure::input("this discount agreement is transparent"));
	};
	if commit(&discount.0, &discount.1) != sealed.sealed.commitment {
		return Err(Failure::input(
			"these discount terms and salt do not open the discount's commitment: nothing was sent",
		));
	}
	if commit(&iot.0, &iot.1) != sealed.iot_commitment {
		return Err(Failure::input(
			"these IOT terms and salt do not open the commitment the discount was proposed under: \
			 nothing was sent",
		));
	}
	Ok((sealed, (discount, iot)))
}

/// The chain's figures of the first `months` months of a discount period, as the pallet
/// gathers them for a true-up: each direction's counted usage and its statement's payable; a
/// month the agreement no longer covers, or that an ended agreement never closed, counts as
/// empty; a month not closed is an error.
fn chain_discount_figures(
	client: &mut Client,
	agreement: pallet_roaming_settlement::AgreementId,
	stored: &pallet_roaming_settlement::AgreementOf<Runtime>,
	start: telecom_primitives::SettlementPeriod,
	months: u8,
) -> Result<Vec<telecom_roaming_rating::MonthFigures>, Failure> {
	use codec::Encode;
	use pallet_roaming_settlement::{Side, StatementOf, UsageTotals};
	use telecom_roaming_rating::{MonthFigures, MonthUsage, PeriodMonth};
	let mut figures = Vec::new();
	for index in 0..u32::from(months) {
		let month = start.add_months(index).ok_or("the period overflows")?;
		let period_month = PeriodMonth { year: month.year, month: month.month };
		if month < stored.terms.valid_from || stored.terms.valid_to < month {
			figures.push(MonthFigures {
				month: period_month,
				network_a: MonthUsage::default(),
				network_b: MonthUsage::default(),
			});
			continue;
		}
		let statement: Option<StatementOf<Runtime>> = chain::storage(
			client,
			&usage::roaming_key("Statements", &[agreement.encode(), month.encode()]),
			None,
		)?;
		// A month an ended agreement never closed held no usage and can no longer be closed:
		// the chain counts it as empty.
		if statement.is_none() && stored.status == pallet_roaming_settlement::AgreementStatus::Ended
		{
			figures.push(MonthFigures {
				month: period_month,
				network_a: MonthUsage::default(),
				network_b: MonthUsage::default(),
			});
			continue;
		}
		let statement = statement.ok_or_else(|| {
			Failure::input(format!(
				"{:04}-{:02} is not closed yet: close it first",
				month.year, month.month
			))
		})?;
		let mut usage_of = |side: Side| -> Result<UsageTotals, Failure> {
			Ok(chain::storage(
				client,
				&usage::roaming_key(
					"DiscountUsage",
					&[agreement.encode(), month.encode(), side.encode()],
				),
				None,
			)?
			.unwrap_or_default())
		};
		let (usage_a, usage_b) = (usage_of(Side::A)?, usage_of(Side::B)?);
		figures.push(MonthFigures {
			month: period_month,
			network_a: MonthUsage { usage: usage_a, provisional: statement.network_a.payable },
			network_b: MonthUsage { usage: usage_b, provisional: statement.network_b.payable },
		});
	}
	Ok(figures)
}

/// Discount terms from a file (JSON or SCALE hex).
fn read_discount_terms(
	path: &std::path::Path,
) -> Result<telecom_roaming_rating::DiscountAgreement, Failure> {
	let text = std::fs::read_to_string(path)
		.map_err(|e| Failure::input(format!("cannot read {}: {e}", path.display())))?;
	telecom_cli::discount::parse_agreement(&text)
		.map_err(|e| Failure::input(format!("{}: {e}", path.display())))
}

/// `roaming propose-sealed-discount`, `accept-sealed-discount`, `post-discount-note` and
/// `reveal-discount`.
fn sealed_discount_call(
	cli: &Cli,
	client: &mut Client,
	command: &RoamingCommand,
) -> Result<Output, Failure> {
	use pallet_roaming_settlement::{Call, DiscountHeader, DiscountTerms, SealedTerms, Side};
	use telecom_cli::seal;
	use telecom_terms_seal::{commit, open_discount_terms, DiscountSealContext, OsRng};
	let mut extra = serde_json::Map::new();
	let (call, key_file, timeout, mut note) = match command {
		RoamingCommand::ProposeSealedDiscount { agreement, terms, out, key_file, timeout } => {
			let terms = read_discount_terms(terms)?;
			let stored = stored_agreement(client, *agreement)?;
			if stored.sealed.is_none() {
				return Err(Failure::input(format!(
					"agreement {agreement} is transparent: use propose-discount"
				)));
			}
			let (key_a, key_b) = (
				encryption_key(client, &stored.party_a)?,
				encryption_key(client, &stored.party_b)?,
			);
			let recipients = [
				telecom_terms_seal::PublicKey::from_bytes(key_a.key),
				telecom_terms_seal::PublicKey::from_bytes(key_b.key),
			];
			if recipients[0] == recipients[1] {
				return Err(Failure::input("both parties registered the same key"));
			}
			let context = DiscountSealContext {
				genesis: genesis(client)?,
				agreement: *agreement,
				year: terms.start.year,
				month: terms.start.month,
			};
			let written = seal::seal_discount_to_files(&terms, &recipients, &context, None, out)
				.map_err(Failure::input)?;
			let mut envelopes = Vec::new();
			for (key, path) in &written.envelopes {
				let epoch = if *key == recipients[0] { key_a.epoch } else { key_b.epoch };
				let bytes = seal::read_envelope(path).map_err(Failure::input)?;
				envelopes.push(chain_envelope(epoch, bytes)?);
			}
			let (Some(envelope_b), Some(envelope_a)) = (envelopes.pop(), envelopes.pop()) else {
				return Err("sealing wrote no envelopes".into());
			};
			let sealed = SealedTerms { commitment: written.commitment, envelope_a, envelope_b };
			let Value::Object(map) = sealed_output(*agreement, &written, &terms).json else {
				return Err("unreachable".into());
			};
			extra.extend(map);
			let note = format!(
				"confidential discount agreement of agreement {agreement} from {:04}-{:02}: commitment {:?}; salt in {} (keep it secret)",
				terms.start.year,
				terms.start.month,
				written.commitment,
				written.salt_file.display()
			);
			let call = Call::propose_sealed_discount {
				agreement: *agreement,
				header: DiscountHeader::of(&terms),
				sealed,
			};
			(call, key_file, timeout, note)
		},
		RoamingCommand::AcceptSealedDiscount {
			agreement,
			start,
			terms_key,
			iot_terms,
			iot_salt_file,
			salt_out,
			terms_out,
			key_file,
			timeout,
		} => {
			let start = parse_start(start)?;
			let stored = stored_agreement(client, *agreement)?;
			let own =
				stored.side_of(&signer(cli, key_file.as_deref())?.account()).ok_or_else(|| {
					Failure::input(format!("the signer is not a party to agreement {agreement}"))
				})?;
			let record = stored_discount(client, *agreement, start)?;
			let DiscountTerms::Sealed(sealed) = record.terms else {
				return Err(Failure::input("this discount agreement is transparent"));
			};
			let secret = seal::load_secret(terms_key).map_err(Failure::input)?;
			let context = DiscountSealContext {
				genesis: genesis(client)?,
				agreement: *agreement,
				year: start.year,
				month: start.month,
			};
			let (terms, salt) = open_discount_terms::<telecom_roaming_rating::DiscountAgreement>(
				&secret,
				&context,
				&sealed.sealed.commitment,
				&sealed.sealed.envelope(own).bytes,
			)
			.map_err(|e| Failure::input(format!("your envelope does not open: {e}")))?;
			if DiscountHeader::of(&terms) != sealed.header {
				return Err(Failure::input(
					"the sealed discount terms contradict the public header on chain: not accepted",
				));
			}
			terms
				.validate()
				.map_err(|e| Failure::input(format!("the sealed discount terms: {e}")))?;
			let iot = read_terms(iot_terms)?;
			let iot_salt = seal::load_salt(iot_salt_file).map_err(Failure::input)?;
			if commit(&iot, &iot_salt) != sealed.iot_commitment {
				return Err(Failure::input(
					"--iot-terms do not open the IOT commitment the chain recorded for this discount",
				));
			}
			if iot.network_a.tariff != terms.network_a.iot
				|| iot.network_b.tariff != terms.network_b.iot
			{
				return Err(Failure::input(
					"the discount's IOT is not the agreement's tariffs: not accepted",
				));
			}
			seal::write_salt(salt_out, &salt).map_err(Failure::input)?;
			let terms_json = serde_json::to_value(&terms).map_err(|e| e.to_string())?;
			if let Some(path) = terms_out {
				let mut file =
					std::fs::OpenOptions::new().write(true).create_new(true).open(path).map_err(
						|e| Failure::input(format!("cannot create {}: {e}", path.display())),
					)?;
				std::io::Write::write_all(&mut file, pretty(&terms_json).as_bytes())
					.map_err(|e| Failure::input(format!("cannot write {}: {e}", path.display())))?;
			}
			let digest = telecom_primitives::commitment::sealed_discount_acceptance_digest(
				*agreement,
				&codec::Encode::encode(&DiscountHeader::of(&terms)),
				&sealed.sealed.commitment,
				&sealed.iot_commitment,
				// The envelopes it opened: a re-proposal with another envelope under the same
				// commitment is not accepted by this digest.
				&codec::Encode::encode(&(&sealed.sealed.envelope_a, &sealed.sealed.envelope_b)),
			);
			extra.insert("terms".into(), terms_json.clone());
			extra.insert("commitment".into(), json!(format!("{:?}", sealed.sealed.commitment)));
			extra.insert("iotCommitment".into(), json!(format!("{:?}", sealed.iot_commitment)));
			extra.insert("acceptanceDigest".into(), json!(format!("{digest:?}")));
			let note = format!(
				"{}\naccepting the discount agreement with commitment {:?} (digest {digest:?})",
				pretty(&terms_json),
				sealed.sealed.commitment
			);
			let call = Call::accept_sealed_discount { agreement: *agreement, start, digest };
			(call, key_file, timeout, note)
		},
		RoamingCommand::PostDiscountNote {
			agreement,
			start,
			months,
			terms,
			salt_file,
			dry_run,
			key_file,
			timeout,
		} => {
			let start = parse_start(start)?;
			let terms = read_discount_terms(terms)?;
			let stored = stored_agreement(client, *agreement)?;
			let record = stored_discount(client, *agreement, start)?;
			let DiscountTerms::Sealed(sealed) = record.terms else {
				return Err(Failure::input(
					"this discount agreement is transparent: use true-up-discount",
				));
			};
			if DiscountHeader::of(&terms) != sealed.header {
				return Err(Failure::input("--terms are not this discount agreement's terms"));
			}
			if let Some(path) = salt_file {
				let salt = seal::load_salt(path).map_err(Failure::input)?;
				if commit(&terms, &salt) != sealed.sealed.commitment {
					return Err(Failure::input(
						"--terms and --salt-file do not open this discount agreement's commitment",
					));
				}
			}
			let figures = chain_discount_figures(client, *agreement, &stored, start, *months)?;
			let note_value = telecom_roaming_rating::true_up(&terms, &figures, None)
				.map_err(|e| Failure::input(format!("true-up: {e}")))?;
			// The chain takes the cumulative figure and books it less what earlier notes booked.
			let net_to_a = note_value.net_to_a;
			let note_net = net_to_a.checked_sub(sealed.booked_net).ok_or("the net overflows")?;
			let note_json = telecom_cli::discount::note_json(&note_value);
			extra.insert("cumulativeNote".into(), note_json.clone());
			extra.insert("bookedNet".into(), json!(sealed.booked_net.to_string()));
			extra.insert("netToA".into(), json!(net_to_a.to_string()));
			extra.insert("noteNet".into(), json!(note_net.to_string()));
			let note = format!(
				"{}\nposting the net over {months} month(s), netToA {net_to_a}; less {} booked \
				 before, this note books {note_net}",
				pretty(&note_json),
				sealed.booked_net
			);
			if *dry_run {
				return Ok(Output { text: note, json: Value::Object(extra) });
			}
			let call = Call::post_discount_note {
				agreement: *agreement,
				start,
				months: *months,
				net_to_a,
			};
			(call, key_file, timeout, note)
		},
		RoamingCommand::RevealDiscount {
			agreement,
			start,
			months,
			terms,
			salt_file,
			iot_terms,
			iot_salt_file,
			key_file,
			timeout,
		} => {
			let start = parse_start(start)?;
			// A refused extrinsic still publishes its arguments: check before sending.
			let (sealed, ((discount_terms, discount_salt), (iot, iot_salt))) = opened_discount(
				client,
				*agreement,
				start,
				(terms, salt_file),
				(iot_terms, iot_salt_file),
			)?;
			let commitment = sealed.sealed.commitment;
			extra.insert("commitment".into(), json!(format!("{commitment:?}")));
			let note = format!("revealing discount commitment {commitment:?}");
			let call = Call::reveal_discount_terms {
				agreement: *agreement,
				start,
				months: *months,
				discount_terms: Box::new(discount_terms),
				discount_salt,
				iot_terms: Box::new(iot),
				iot_salt,
			};
			(call, key_file, timeout, note)
		},
		RoamingCommand::BookDiscountNote { agreement, start, months, key_file, timeout } => {
			let note = format!(
				"booking the only posting of the note over {months} month(s) of the discount \
				 from {start}"
			);
			let start = parse_start(start)?;
			let call = Call::book_uncontested_discount_note {
				agreement: *agreement,
				start,
				months: *months,
			};
			(call, key_file, timeout, note)
		},
		RoamingCommand::ResealDiscount {
			agreement,
			start,
			side,
			terms,
			salt_file,
			key_file,
			timeout,
		} => {
			let start = parse_start(start)?;
			let terms = read_discount_terms(terms)?;
			let salt = seal::load_salt(salt_file).map_err(Failure::input)?;
			let record = stored_discount(client, *agreement, start)?;
			let DiscountTerms::Sealed(sealed) = record.terms else {
				return Err(Failure::input("this discount agreement is transparent"));
			};
			if commit(&terms, &salt) != sealed.sealed.commitment {
				return Err(Failure::input(
					"these terms and salt do not open the discount agreement's commitment",
				));
			}
			let stored = stored_agreement(client, *agreement)?;
			let side = if side == "a" { Side::A } else { Side::B };
			let key = encryption_key(client, stored.party(side))?;
			let context = DiscountSealContext {
				genesis: genesis(client)?,
				agreement: *agreement,
				year: start.year,
				month: start.month,
			};
			let bytes = telecom_terms_seal::seal_discount_terms(
				&mut OsRng,
				&context,
				&telecom_terms_seal::PublicKey::from_bytes(key.key),
				&terms,
				&salt,
			)
			.map_err(|e| Failure::input(e.to_string()))?;
			let envelope = chain_envelope(key.epoch, bytes)?;
			let note =
				format!("discount envelope of side {side:?} sealed to key epoch {}", key.epoch);
			let call =
				Call::reseal_discount_envelope { agreement: *agreement, start, side, envelope };
			(call, key_file, timeout, note)
		},
		RoamingCommand::VoidDiscount {
			agreement,
			start,
			terms,
			salt_file,
			iot_terms,
			iot_salt_file,
			key_file,
			timeout,
		} => {
			let start = parse_start(start)?;
			// A refused extrinsic still publishes the terms and both salts: check that the
			// chain will void them before sending.
			let (sealed, ((discount_terms, discount_salt), (iot, iot_salt))) = opened_discount(
				client,
				*agreement,
				start,
				(terms, salt_file),
				(iot_terms, iot_salt_file),
			)?;
			let consistent = DiscountHeader::of(&discount_terms) == sealed.header
				&& discount_terms.validate().is_ok()
				&& discount_terms.network_a.iot == iot.network_a.tariff
				&& discount_terms.network_b.iot == iot.network_b.tariff;
			if consistent {
				let stored = stored_agreement(client, *agreement)?;
				let months = sealed.header.months;
				let computes =
					match chain_discount_figures(client, *agreement, &stored, start, months) {
						Ok(figures) => {
							telecom_roaming_rating::true_up(&discount_terms, &figures, None).is_ok()
						},
						Err(_) => true,
					};
				if computes {
					return Err(Failure::input(
						"these terms are consistent with the header and the agreement's IOT and \
						 their final note computes: the chain would refuse to void them \
						 (post-discount-note or reveal-discount instead); nothing was sent",
					));
				}
			}
			let commitment = sealed.sealed.commitment;
			extra.insert("commitment".into(), json!(format!("{commitment:?}")));
			let note = format!("voiding discount commitment {commitment:?}");
			let call = Call::void_sealed_discount {
				agreement: *agreement,
				start,
				discount_terms: Box::new(discount_terms),
				discount_salt,
				iot_terms: Box::new(iot),
				iot_salt,
			};
			(call, key_file, timeout, note)
		},
		_ => return Err("not a confidential-discount command".into()),
	};
	let signer = signer(cli, key_file.as_deref())?;
	let block =
		submit_one(client, &signer, RuntimeCall::Roaming(call), Duration::from_secs(*timeout))?;
	let events = roaming_events(&block);
	note.push_str(&format!("\nfinalized in block #{}", block.number));
	for event in &events {
		note.push_str(&format!("\n{event}"));
	}
	extra.insert("block".into(), json!(block.number));
	extra.insert("events".into(), json!(events));
	Ok(Output { text: note, json: Value::Object(extra) })
}

/// `roaming post-usage`: each CSV line not yet on chain (nor finalized in the journal) is sent
/// and awaited in turn, and journaled once finalized.
fn post_usage(
	client: &mut Client,
	signer: &chain::Signer,
	agreement: pallet_roaming_settlement::AgreementId,
	side: PostingSide,
	csv: &std::path::Path,
	journal: Option<&std::path::Path>,
	timeout: Duration,
) -> Result<Output, Failure> {
	use pallet_roaming_settlement::{AgreementOf, Batch, Call, DualPosting};
	let file = std::fs::File::open(csv)
		.map_err(|e| Failure::input(format!("cannot open {}: {e}", csv.display())))?;
	let lines = usage::parse_csv(file).map_err(Failure::input)?;
	let journal = journal.map(PathBuf::from).unwrap_or_else(|| {
		let mut path = csv.as_os_str().to_owned();
		path.push(".journal");
		path.into()
	});
	let stored: AgreementOf<Runtime> = chain::storage(
		client,
		&usage::roaming_key("Agreements", &[codec::Encode::encode(&agreement)]),
		None,
	)?
	.ok_or_else(|| format!("there is no agreement {agreement}"))?;
	let own = stored.side_of(&signer.account()).ok_or_else(|| {
		format!("{} is not a party to agreement {agreement}", signer.account().to_ss58check())
	})?;
	let network = match side {
		PostingSide::Visited => own,
		PostingSide::Home => own.other(),
	};
	let done = usage::journal_done(&journal);
	// What is on chain is read at the finalized head: a line seen only in a best block could
	// still be dropped with its fork, and journaling it would skip it forever.
	let (_, finalized) = chain::finalized_head(client)?;
	let (mut journaled, mut on_chain, mut submitted) = (0u64, 0u64, 0u64);
	let mut events = Vec::new();
	let mut pending = Vec::new();
	for line in &lines {
		let key = line.journal_key(agreement, side);
		if done.contains(&key) {
			journaled += 1;
			continue;
		}
		let parts = [
			codec::Encode::encode(&agreement),
			codec::Encode::encode(&network),
			codec::Encode::encode(&line.sequence),
		];
		let present = match side {
			PostingSide::Visited => {
				let batch: Option<Batch<BlockNumber>> = chain::storage(
					client,
					&usage::roaming_key("Batches", &parts),
					Some(finalized),
				)?;
				match batch {
					Some(batch) if batch.file == line.file => true,
					Some(_) => {
						return Err(Failure::input(format!(
							"line {}: file {} is on chain with another file's hash",
							line.line, line.sequence
						)))
					},
					None => false,
				}
			},
			PostingSide::Home => {
				if line.currency != stored.terms.currency {
					return Err(Failure::input(format!(
						"line {}: the home side's charge must be in the agreement's currency",
						line.line
					)));
				}
				let posting: Option<DualPosting<BlockNumber>> = chain::storage(
					client,
					&usage::roaming_key("DualPostings", &parts),
					Some(finalized),
				)?;
				posting.is_some()
			},
		};
		if present {
			usage::journal_append(&journal, &key)?;
			on_chain += 1;
			continue;
		}
		let call = match side {
			PostingSide::Visited => {
				RuntimeCall::Roaming(Call::submit_batch { agreement, report: line.report() })
			},
			PostingSide::Home => RuntimeCall::Roaming(Call::post_home_totals {
				agreement,
				totals: line.home_totals(),
			}),
		};
		pending.push((line, key, call));
	}
	// Lines go out in windows of consecutive nonces (in file order) and are journaled as each
	// is finalized; a line the chain refuses is reported and the others still go through.
	let mut failures = Vec::new();
	let mut blocks = std::collections::BTreeSet::new();
	for window in pending.chunks(POSTING_WINDOW) {
		// After a refusal, later lines wait for the next run: sending them would open sequence
		// gaps the refused line may be meant to fill.
		if !failures.is_empty() {
			failures.push(format!("{} later lines not sent", window.len()));
			continue;
		}
		let calls: Vec<RuntimeCall> = window.iter().map(|(_, _, call)| call.clone()).collect();
		let outcomes = submit_many(client, signer, calls, timeout)?;
		for ((line, key, _), outcome) in window.iter().zip(outcomes) {
			match outcome {
				Ok(block) => {
					usage::journal_append(&journal, key)?;
					submitted += 1;
					if !blocks.insert(block.hash) {
						continue;
					}
					events.extend(block.events.iter().filter_map(|e| match e {
						telecom_runtime::RuntimeEvent::Roaming(event) => Some(format!("{event:?}")),
						_ => None,
					}));
				},
				Err(error) => {
					failures.push(format!("line {} (file {}): {error}", line.line, line.sequence))
				},
			}
		}
	}
	if !failures.is_empty() {
		return Err(Failure::refused(format!(
			"{} of {} lines refused ({} posted, journaled):\n{}",
			failures.len(),
			pending.len(),
			submitted,
			failures.join("\n")
		)));
	}
	let text = format!(
		"{} files: {} already finalized (journal), {} already on chain, {} posted\n{}",
		lines.len(),
		journaled,
		on_chain,
		submitted,
		events.join("\n")
	);
	Ok(Output {
		text,
		json: json!({
			"files": lines.len(),
			"journaled": journaled,
			"onChain": on_chain,
			"posted": submitted,
			"events": events,
		}),
	})
}

/// `0x…` ids pass through; anything else is a serial number, keyed with the manufacturer's
/// identifier key as the registry's ids are.
fn device_id(device: &str, id_key: Option<&str>) -> Result<String, Failure> {
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
) -> Result<Option<u32>, Failure> {
	let key = chain::blake2_map_key("Clearing", "Participants", who);
	let participant: Option<pallet_clearing::Participant> =
		chain::storage(&mut *client, &key, None)?;
	Ok(participant.map(|p| p.index))
}

/// The signing key, acting for `--proxy-for` if given.
fn signer(cli: &Cli, key_file: Option<&std::path::Path>) -> Result<chain::Signer, Failure> {
	let pair = keys::load(key_file).map_err(Failure::input)?;
	let real = cli
		.proxy_for
		.as_deref()
		.map(chain::parse_account)
		.transpose()
		.map_err(|e| Failure::input(format!("--proxy-for: {e}")))?;
	Ok(chain::Signer { pair, real })
}

/// Most postings in flight at once (consecutive nonces of one signer).
const POSTING_WINDOW: usize = 32;

/// Signs `calls` with consecutive nonces, submits them all and waits until each is finalized:
/// per call its block, or the dispatch error (of the call itself when it goes through a proxy).
/// Fails as a whole only when the node cannot be reached, refuses the first extrinsic, or a
/// submitted one is not finalized within `timeout`.
fn submit_many(
	client: &mut Client,
	signer: &chain::Signer,
	calls: Vec<RuntimeCall>,
	timeout: Duration,
) -> Result<Vec<Result<chain::BlockContents, String>>, Failure> {
	use telecom_cli::follow::{Follower, Head};
	let info = ChainInfo::fetch(client)?;
	let first = chain::next_nonce(client, &signer.signing_account())?;
	let mut follower = Follower::new(client, Head::Finalized, true)?;
	let mortality = chain::Mortality::fetch(client)?;
	let mut hashes = Vec::with_capacity(calls.len());
	let mut outcomes: Vec<Option<Result<chain::BlockContents, String>>> = Vec::new();
	let total = calls.len();
	for (offset, call) in calls.into_iter().enumerate() {
		let nonce = first.saturating_add(offset as telecom_runtime::Nonce);
		let xt = info.sign_mortal(&signer.pair, nonce, signer.wrap(call), &mortality);
		match chain::submit_extrinsic(client, &xt) {
			Ok(_) => {
				hashes.push(Some(chain::extrinsic_hash(&xt)));
				outcomes.push(None);
			},
			// Later nonces could not be included after a refused one: stop this window here.
			Err(e) if offset == 0 => {
				return Err(Failure::from_submission(e).context("the node refused the extrinsic"))
			},
			Err(e) => {
				hashes.push(None);
				outcomes.push(Some(Err(format!("the node refused the extrinsic: {e}"))));
				break;
			},
		}
	}
	// Calls after a refused one are not sent (their nonces would wait for it forever).
	let unsent = total.saturating_sub(outcomes.len());
	for _ in 0..unsent {
		hashes.push(None);
		outcomes.push(Some(Err("not sent: an earlier line of the window was refused".into())));
	}
	let deadline = std::time::Instant::now() + timeout;
	while outcomes.iter().any(Option::is_none) && std::time::Instant::now() < deadline {
		for block in follower.wait(client, Duration::from_secs(1))? {
			for (index, hash) in hashes.iter().enumerate() {
				let Some(hash) = hash else { continue };
				let Some(position) = block.extrinsics.iter().position(|x| x == hash) else {
					continue;
				};
				let position = u32::try_from(position).unwrap_or(u32::MAX);
				outcomes[index] = Some(match block.outcomes.get(&position) {
					Some(chain::Outcome::Failed(reason)) => {
						Err(format!("refused in block #{}: {reason}", block.number))
					},
					_ => Ok(block.clone()),
				});
			}
		}
	}
	outcomes
		.into_iter()
		.zip(&hashes)
		.map(|(outcome, hash)| {
			outcome.ok_or_else(|| {
				Failure::from(format!(
					"not finalized within {} s (extrinsic {hash:?})",
					timeout.as_secs()
				))
			})
		})
		.collect()
}

/// Signs and submits one call, and waits until it is finalized; fails with the dispatch error
/// (of the call itself when it goes through a proxy).
fn submit_one(
	client: &mut Client,
	signer: &chain::Signer,
	call: RuntimeCall,
	timeout: Duration,
) -> Result<chain::BlockContents, Failure> {
	use telecom_cli::follow::{Follower, Head};
	let info = ChainInfo::fetch(client)?;
	let nonce = chain::next_nonce(client, &signer.signing_account())?;
	let mortality = chain::Mortality::fetch(client)?;
	let xt = info.sign_mortal(&signer.pair, nonce, signer.wrap(call), &mortality);
	let hash = chain::extrinsic_hash(&xt);
	let mut follower = Follower::new(client, Head::Finalized, true)?;
	chain::submit_extrinsic(client, &xt)
		.map_err(|e| Failure::from_submission(e).context("the node refused the extrinsic"))?;
	let deadline = std::time::Instant::now() + timeout;
	while std::time::Instant::now() < deadline {
		for block in follower.wait(client, Duration::from_secs(1))? {
			if let Some(position) = block.extrinsics.iter().position(|x| *x == hash) {
				let position = u32::try_from(position).unwrap_or(u32::MAX);
				if let Some(chain::Outcome::Failed(reason)) = block.outcomes.get(&position) {
					return Err(Failure::refused(format!(
						"refused in block #{}: {reason}",
						block.number
					)));
				}
				return Ok(block);
			}
		}
	}
	Err(format!("not finalized within {} s (extrinsic {hash:?})", timeout.as_secs()).into())
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
