//! Bulk bills from a billing system's CSV export: parsing, and deterministic chunking into
//! `clearing.submit_batch` calls that fit the runtime's limits.
//!
//! The CSV has a header line and five columns:
//!
//! ```text
//! payer,payee,currency,amount,reference
//! 5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty,5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY,EUR,1250,100001
//! ```
//!
//! `payer` and `payee` are SS58 addresses or clearing participant indexes (plain numbers);
//! `amount` is in minor units (cents for EUR); `reference` is the billing system's record
//! number. Chunking depends only on the file, so a re-run produces the same batches with the
//! same hashes: that is what makes submission idempotent.

use codec::Encode;
use pallet_clearing::BillRecord;
use sp_runtime::AccountId32;
use std::{
	collections::BTreeSet,
	io::{BufRead, BufReader, Read},
};
use telecom_primitives::{Amount, CurrencyCode};

/// A party of a bill as the CSV names it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Party {
	/// An SS58 account.
	Account(AccountId32),
	/// A clearing participant index.
	Index(u32),
}

/// One bill line of the CSV, before participant indexes are resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvBill {
	/// Line number in the file (1 is the header).
	pub line: u64,
	/// Who owes.
	pub payer: Party,
	/// Who is owed.
	pub payee: Party,
	/// ISO 4217 currency.
	pub currency: CurrencyCode,
	/// Minor units, never zero.
	pub amount: Amount,
	/// The billing system's record number.
	pub reference: u64,
}

/// The columns the CSV must have, in this order.
pub const HEADER: [&str; 5] = ["payer", "payee", "currency", "amount", "reference"];

/// Parses a bills CSV; every error names its line.
pub fn parse_csv(input: impl Read) -> Result<Vec<CsvBill>, String> {
	let mut bills = Vec::new();
	let mut header_seen = false;
	for (n, line) in BufReader::new(input).lines().enumerate() {
		let number = u64::try_from(n).unwrap_or(u64::MAX).saturating_add(1);
		let line = line.map_err(|e| format!("line {number}: {e}"))?;
		let line = line.trim();
		if line.is_empty() || line.starts_with('#') {
			continue;
		}
		let fields: Vec<&str> = line.split(',').map(str::trim).collect();
		if !header_seen {
			let names: Vec<String> = fields.iter().map(|f| f.to_ascii_lowercase()).collect();
			if names != HEADER {
				return Err(format!(
					"line {number}: the header must be `{}`, found `{line}`",
					HEADER.join(",")
				));
			}
			header_seen = true;
			continue;
		}
		let [payer, payee, currency, amount, reference] = fields[..] else {
			return Err(format!("line {number}: expected 5 fields, found {}", fields.len()));
		};
		let party = |text: &str, column: &str| -> Result<Party, String> {
			if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
				return text
					.parse()
					.map(Party::Index)
					.map_err(|_| format!("line {number}: {column} index {text} is too large"));
			}
			crate::chain::parse_account(text)
				.map(Party::Account)
				.map_err(|e| format!("line {number}: {column}: {e}"))
		};
		let bill = CsvBill {
			line: number,
			payer: party(payer, "payer")?,
			payee: party(payee, "payee")?,
			currency: CurrencyCode::try_from(currency.to_ascii_uppercase().as_str())
				.ok()
				.ok_or_else(|| {
					format!("line {number}: currency `{currency}` is not a three-letter ISO code")
				})?,
			amount: amount.parse().ok().filter(|a: &Amount| *a > 0).ok_or_else(|| {
				format!("line {number}: amount `{amount}` must be a positive whole number of minor units")
			})?,
			reference: reference.parse().map_err(|_| {
				format!("line {number}: reference `{reference}` must be a whole number")
			})?,
		};
		if bill.payer == bill.payee {
			return Err(format!("line {number}: payer and payee are the same"));
		}
		bills.push(bill);
	}
	if !header_seen {
		return Err(format!("the file is empty; it needs the header `{}`", HEADER.join(",")));
	}
	Ok(bills)
}

/// One `submit_batch` call's worth of records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chunk {
	/// First and last CSV line in the chunk.
	pub lines: (u64, u64),
	/// The records, in file order.
	pub records: Vec<BillRecord>,
	/// Distinct (payer, payee, currency) pairs: the call's `pairs` witness.
	pub pairs: u32,
	/// Blake2-256 of the SCALE-encoded records: what the chain stores in the batch's audit
	/// record.
	pub hash: [u8; 32],
}

/// Sorts records by reference and refuses a reference that repeats: the chain books each record
/// number of a submitter once, in increasing order.
pub fn order_by_reference(records: &mut [(u64, BillRecord)]) -> Result<(), String> {
	records.sort_by_key(|(_, record)| record.reference);
	for pair in records.windows(2) {
		if let [(first, a), (second, b)] = pair {
			if a.reference == b.reference {
				return Err(format!(
					"line {second}: reference {} repeats line {first}; each record number is booked once",
					b.reference
				));
			}
		}
	}
	Ok(())
}

/// `chunk` without its records inside the submitter's booked reference intervals on chain
/// (`Clearing::BookedReferences`: booked already, under another chunking or an earlier version
/// of the file), or `None` if nothing is left. Records in a gap (a batch that failed) are kept.
pub fn without_booked(chunk: &Chunk, booked: &[(u64, u64)]) -> Option<Chunk> {
	let is_booked = |reference: u64| {
		booked.iter().any(|(first, last)| *first <= reference && reference <= *last)
	};
	let records: Vec<BillRecord> =
		chunk.records.iter().filter(|r| !is_booked(r.reference)).cloned().collect();
	if records.is_empty() {
		return None;
	}
	let pairs: BTreeSet<_> = records.iter().map(|r| (r.payer, r.payee, r.currency)).collect();
	let hash = sp_io::hashing::blake2_256(&records.encode());
	Some(Chunk {
		lines: chunk.lines,
		records,
		pairs: u32::try_from(pairs.len()).unwrap_or(u32::MAX),
		hash,
	})
}

/// Splits records (with their CSV lines) into chunks of at most `max_records` records and
/// `max_pairs` distinct pairs, in file order.
pub fn chunk(records: &[(u64, BillRecord)], max_records: usize, max_pairs: usize) -> Vec<Chunk> {
	let mut chunks = Vec::new();
	let mut current: Vec<BillRecord> = Vec::new();
	let mut pairs: BTreeSet<(u32, u32, CurrencyCode)> = BTreeSet::new();
	let mut lines = (0, 0);
	let close =
		|current: &mut Vec<BillRecord>, pairs: &mut BTreeSet<_>, lines, chunks: &mut Vec<Chunk>| {
			if current.is_empty() {
				return;
			}
			let records = std::mem::take(current);
			let hash = sp_io::hashing::blake2_256(&records.encode());
			chunks.push(Chunk {
				lines,
				records,
				pairs: u32::try_from(pairs.len()).unwrap_or(u32::MAX),
				hash,
			});
			pairs.clear();
		};
	for (line, record) in records {
		let pair = (record.payer, record.payee, record.currency);
		let new_pair = !pairs.contains(&pair);
		if current.len() >= max_records || (new_pair && pairs.len() >= max_pairs) {
			close(&mut current, &mut pairs, lines, &mut chunks);
		}
		if current.is_empty() {
			lines.0 = *line;
		}
		lines.1 = *line;
		pairs.insert(pair);
		current.push(record.clone());
	}
	close(&mut current, &mut pairs, lines, &mut chunks);
	chunks
}

#[cfg(test)]
mod tests {
	use super::*;

	const ALICE: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
	const BOB: &str = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";

	fn record(payer: u32, payee: u32, amount: u128) -> BillRecord {
		BillRecord { payer, payee, currency: CurrencyCode::EUR, amount, reference: 1 }
	}

	#[test]
	fn parses_accounts_indexes_comments_and_blank_lines() {
		let csv = format!(
			"Payer,Payee,Currency,Amount,Reference\n# exported 2026-11-25\n\n{ALICE},{BOB},EUR,1250,100001\n0,2,usd,7,9\n"
		);
		let bills = parse_csv(csv.as_bytes()).unwrap();
		assert_eq!(bills.len(), 2);
		assert_eq!(bills[0].line, 4);
		assert!(matches!(bills[0].payer, Party::Account(_)));
		assert_eq!((bills[0].amount, bills[0].reference), (1250, 100001));
		assert_eq!(bills[1].payer, Party::Index(0));
		assert_eq!(bills[1].payee, Party::Index(2));
	}

	#[test]
	fn every_bad_line_is_named() {
		let header = "payer,payee,currency,amount,reference\n";
		let cases = [
			("payer,payee,amount\n", "line 1: the header must be"),
			("", "the file is empty"),
			(&*format!("{header}0,1,EUR,5\n"), "line 2: expected 5 fields, found 4"),
			(&*format!("{header}0,1,EURO,5,1\n"), "line 2: currency `EURO`"),
			(&*format!("{header}0,1,EUR,0,1\n"), "line 2: amount `0` must be a positive"),
			(&*format!("{header}0,1,EUR,1.5,1\n"), "line 2: amount `1.5`"),
			(&*format!("{header}0,1,EUR,-3,1\n"), "line 2: amount `-3`"),
			(&*format!("{header}0,1,EUR,3,x\n"), "line 2: reference `x`"),
			(&*format!("{header}5Gxyz,1,EUR,3,1\n"), "line 2: payer: 5Gxyz: not an SS58 address"),
			(
				&*format!("{header}0,99999999999,EUR,3,1\n"),
				"line 2: payee index 99999999999 is too large",
			),
			(&*format!("{header}3,3,EUR,3,1\n"), "line 2: payer and payee are the same"),
		];
		for (csv, expected) in cases {
			let error = parse_csv(csv.as_bytes()).unwrap_err();
			assert!(error.starts_with(expected), "{csv:?}: {error}");
		}
	}

	#[test]
	fn chunks_respect_both_limits_and_are_deterministic() {
		let records: Vec<(u64, BillRecord)> =
			(0..10u64).map(|n| (n + 2, record(0, 1 + (n % 3) as u32, 1 + n as u128))).collect();
		// Record limit: 4 + 4 + 2.
		let by_records = chunk(&records, 4, 512);
		assert_eq!(by_records.iter().map(|c| c.records.len()).collect::<Vec<_>>(), vec![4, 4, 2]);
		assert_eq!(by_records[0].lines, (2, 5));
		assert_eq!(by_records[2].lines, (10, 11));
		assert_eq!(by_records[0].pairs, 3);
		// Pair limit: a fourth distinct pair never enters a chunk; two pairs per chunk here.
		let by_pairs = chunk(&records, 100, 2);
		assert!(by_pairs.iter().all(|c| c.pairs <= 2));
		assert_eq!(by_pairs.iter().map(|c| c.records.len()).sum::<usize>(), 10);
		// The hash is the chain's: Blake2-256 of the SCALE-encoded record list.
		assert_eq!(by_records[0].hash, sp_io::hashing::blake2_256(&by_records[0].records.encode()));
		assert_eq!(chunk(&records, 4, 512), by_records);
		assert_ne!(by_records[0].hash, by_records[1].hash);
		assert!(chunk(&[], 4, 4).is_empty());
	}

	#[test]
	fn records_are_ordered_by_reference_and_booked_ones_are_never_resent() {
		let with_ref =
			|line: u64, reference: u64| (line, BillRecord { reference, ..record(0, 1, 5) });
		let mut records = vec![with_ref(2, 30), with_ref(3, 10), with_ref(4, 20)];
		order_by_reference(&mut records).unwrap();
		let refs: Vec<u64> = records.iter().map(|(_, r)| r.reference).collect();
		assert_eq!(refs, vec![10, 20, 30]);
		let mut repeated = vec![with_ref(2, 7), with_ref(5, 7)];
		let error = order_by_reference(&mut repeated).unwrap_err();
		assert!(error.contains("reference 7 repeats line 2"), "{error}");

		let chunks = chunk(&records, 10, 10);
		let rest = without_booked(&chunks[0], &[(0, 15)]).unwrap();
		assert_eq!(rest.records.iter().map(|r| r.reference).collect::<Vec<_>>(), vec![20, 30]);
		assert_eq!(rest.hash, sp_io::hashing::blake2_256(&rest.records.encode()));
		assert!(without_booked(&chunks[0], &[(0, 30)]).is_none());
		// A gap left by a failed batch (20) is re-sent; numbers booked after it are not.
		let rest = without_booked(&chunks[0], &[(0, 15), (25, 40)]).unwrap();
		assert_eq!(rest.records.iter().map(|r| r.reference).collect::<Vec<_>>(), vec![20]);
	}
}
