//! Roaming usage posting from a CSV of file totals (`telecom-cli roaming post-usage`): the
//! visited side files each TAP/BCE file's totals (`roaming.submit_batch`), the home side posts
//! its own totals of the same files (`roaming.post_home_totals`).
//!
//! The CSV has a header line naming its columns (any order), one file per line. Required:
//! `sequence`, `period` (YYYY-MM), `records`, `amount`, `currency` and `file`; the service
//! counters are those of `roaming rate` (`moc_local_calls`, `moc_local_seconds`, …,
//! `video_seconds`, see [`crate::rate`]), a missing one is zero, and any other column is refused
//! (a misspelt counter must not post as zero). The same CSV rates offline with `roaming rate`.
//!
//! ```text
//! sequence,period,records,moc_local_calls,moc_local_seconds,mtc_calls,mtc_seconds,sms_mo,data_sessions,data_kilobytes,amount,currency,file
//! 1,2026-11,120,60,3600,0,0,40,20,51200,444,XDR,0x8f…(64 hex)
//! ```
//!
//! `amount` is in minor units of `currency`: the visited side's claim (any currency with a
//! published rate for the period) or the home side's charge (the agreement's currency).
//! `file` is the Blake2-256 hash of the TAP file, the same on both sides. Test files are not
//! posted with this command.
//!
//! Idempotency: a line is skipped when the chain already holds it (the visited side's batch of
//! that number with that file hash, or the home side's posting of it) or when the journal
//! records it as finalized (a batch purged after its period closed is no longer on chain);
//! every line finalized is appended to the journal at once, so a re-run after a timeout or a
//! crash sends only what is missing.

use pallet_roaming_settlement::{AgreementId, FileSequence, HomeTotals, UsageReport, UsageTotals};
use sp_core::H256;
use std::{
	collections::BTreeSet,
	io::{BufRead, BufReader, Read},
};
use telecom_primitives::{Amount, CurrencyCode, SettlementPeriod};

/// The columns every posting CSV has (besides the service counters).
pub const REQUIRED: [&str; 6] = ["sequence", "period", "records", "amount", "currency", "file"];

/// Which side posts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PostingSide {
	/// The visited operator: files the batch.
	Visited,
	/// The home operator: posts its own totals of the visited side's file.
	Home,
}

impl std::str::FromStr for PostingSide {
	type Err = String;
	fn from_str(text: &str) -> Result<Self, String> {
		match text {
			"visited" => Ok(PostingSide::Visited),
			"home" => Ok(PostingSide::Home),
			other => Err(format!("side must be `visited` or `home`, not `{other}`")),
		}
	}
}

/// One file's totals as the CSV gives them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageLine {
	/// Line number in the file (1 is the header).
	pub line: u64,
	/// File sequence number.
	pub sequence: FileSequence,
	/// Usage period.
	pub period: SettlementPeriod,
	/// Call detail records.
	pub records: u32,
	/// Per-service totals.
	pub usage: UsageTotals,
	/// Claim or charge in minor units of `currency`.
	pub amount: Amount,
	/// Currency of `amount`.
	pub currency: CurrencyCode,
	/// Hash of the TAP file.
	pub file: H256,
}

impl UsageLine {
	/// The visited side's report of this file.
	pub fn report(&self) -> UsageReport {
		UsageReport {
			sequence: self.sequence,
			period: self.period,
			records: self.records,
			usage: self.usage,
			claimed: self.amount,
			currency: self.currency,
			file: self.file,
			test_file: false,
		}
	}

	/// The home side's totals of this file.
	pub fn home_totals(&self) -> HomeTotals {
		HomeTotals {
			sequence: self.sequence,
			records: self.records,
			usage: self.usage,
			charged: self.amount,
			file: self.file,
		}
	}

	/// The journal key of this line: what the journal records once it is finalized.
	pub fn journal_key(&self, agreement: AgreementId, side: PostingSide) -> String {
		let side = match side {
			PostingSide::Visited => "visited",
			PostingSide::Home => "home",
		};
		format!("{agreement},{side},{},{:?}", self.sequence, self.file)
	}
}

fn period(text: &str) -> Option<SettlementPeriod> {
	let (year, month) = text.split_once('-')?;
	SettlementPeriod::new(year.parse().ok()?, month.parse().ok()?)
}

fn hash(text: &str) -> Option<H256> {
	let digits = text.strip_prefix("0x")?;
	let bytes = hex::decode(digits).ok()?;
	(bytes.len() == 32).then(|| H256::from_slice(&bytes))
}

/// Parses the CSV; sequence numbers must be unique.
pub fn parse_csv(input: impl Read) -> Result<Vec<UsageLine>, String> {
	let mut lines = Vec::new();
	let mut seen = BTreeSet::new();
	let mut header: Vec<String> = Vec::new();
	for (index, text) in BufReader::new(input).lines().enumerate() {
		let line = index as u64 + 1;
		let text = text.map_err(|e| format!("line {line}: {e}"))?;
		let text = text.trim();
		if line == 1 {
			header = text.split(',').map(|c| c.trim().to_ascii_lowercase()).collect();
			if let Some(missing) = REQUIRED.iter().find(|r| !header.iter().any(|c| c == *r)) {
				return Err(format!("line 1: the header has no `{missing}` column"));
			}
			if let Some(unknown) = header
				.iter()
				.find(|c| !REQUIRED.contains(&c.as_str()) && !crate::rate::is_service_column(c))
			{
				return Err(format!("line 1: unknown column `{unknown}`"));
			}
			continue;
		}
		if text.is_empty() {
			continue;
		}
		let fields: Vec<&str> = text.split(',').map(str::trim).collect();
		if fields.len() != header.len() {
			return Err(format!(
				"line {line}: {} columns expected, {} found",
				header.len(),
				fields.len()
			));
		}
		let cell = |name: &str| -> &str {
			header.iter().position(|c| c == name).and_then(|i| fields.get(i)).copied().unwrap_or("")
		};
		let number = |name: &str| -> Result<u64, String> {
			cell(name).parse().map_err(|_| format!("line {line}: {name} is not a whole number"))
		};
		let small = |name: &str| -> Result<u32, String> {
			u32::try_from(number(name)?).map_err(|_| format!("line {line}: {name} is too large"))
		};
		let sequence = small("sequence")?;
		if !seen.insert(sequence) {
			return Err(format!("line {line}: sequence {sequence} appears twice"));
		}
		let usage = crate::rate::service_usage(&header, &fields, line as usize)
			.map_err(|e| format!("line {line}: {e}"))?;
		lines.push(UsageLine {
			line,
			sequence,
			period: period(cell("period"))
				.ok_or_else(|| format!("line {line}: period must be YYYY-MM"))?,
			records: small("records")?,
			usage,
			amount: cell("amount")
				.parse()
				.map_err(|_| format!("line {line}: amount is not a whole number of minor units"))?,
			currency: <[u8; 3]>::try_from(cell("currency").as_bytes())
				.ok()
				.and_then(CurrencyCode::new)
				.ok_or_else(|| format!("line {line}: currency must be an ISO 4217 code"))?,
			file: hash(cell("file"))
				.ok_or_else(|| format!("line {line}: file must be 0x + 64 hex digits"))?,
		});
	}
	if header.is_empty() {
		return Err("line 1: the CSV is empty".into());
	}
	Ok(lines)
}

/// The keys of the lines a journal records as finalized.
pub fn journal_done(path: &std::path::Path) -> BTreeSet<String> {
	std::fs::read_to_string(path)
		.map(|text| {
			text.lines()
				.filter_map(|line| line.strip_suffix(",finalized").map(str::to_string))
				.collect()
		})
		.unwrap_or_default()
}

/// Appends a finalized line to the journal.
pub fn journal_append(path: &std::path::Path, key: &str) -> Result<(), String> {
	use std::io::Write;
	let mut file = std::fs::OpenOptions::new()
		.create(true)
		.append(true)
		.open(path)
		.map_err(|e| format!("cannot write the journal {}: {e}", path.display()))?;
	writeln!(file, "{key},finalized").map_err(|e| format!("cannot write the journal: {e}"))
}

/// Storage key of an entry of the `Twox64Concat` map `Roaming.<item>` under the SCALE-encoded
/// `parts` of its key (each part hashed on its own, as an N-map does).
pub fn roaming_key(item: &str, parts: &[Vec<u8>]) -> Vec<u8> {
	let mut key = crate::chain::value_key("Roaming", item);
	for encoded in parts {
		key.extend_from_slice(&sp_io::hashing::twox_64(encoded));
		key.extend_from_slice(encoded);
	}
	key
}

#[cfg(test)]
mod tests {
	use super::*;
	use codec::Encode;
	use pallet_roaming_settlement::VoiceUsage;

	const FILE: &str = "0x1111111111111111111111111111111111111111111111111111111111111111";

	/// The columns of the tests' lines.
	const HEADER: &str = "sequence,period,records,moc_local_calls,moc_local_seconds,mtc_calls,mtc_seconds,sms_mo,data_sessions,data_kilobytes,amount,currency,file";

	fn csv(body: &str) -> String {
		format!("{HEADER}\n{body}")
	}

	#[test]
	fn parses_a_file_per_line() {
		let text = csv(&format!(
			"1,2026-11,120,60,3600,2,90,40,20,51200,444,XDR,{FILE}\n\n2,2026-11,1,1,60,0,0,0,0,0,5,EUR,{FILE}\n"
		));
		let lines = parse_csv(text.as_bytes()).unwrap();
		assert_eq!(lines.len(), 2);
		let first = &lines[0];
		assert_eq!((first.line, first.sequence, first.records), (2, 1, 120));
		assert_eq!(first.period, SettlementPeriod::new(2026, 11).unwrap());
		assert_eq!(first.usage.moc_local, VoiceUsage { calls: 60, seconds: 3_600 });
		assert_eq!(first.usage.mtc, VoiceUsage { calls: 2, seconds: 90 });
		assert_eq!(first.usage.volte, VoiceUsage::default(), "a missing service is zero");
		assert_eq!((first.usage.sms_mo, first.usage.data.kilobytes), (40, 51_200));
		let report = first.report();
		assert_eq!(
			(report.claimed, report.currency, report.test_file),
			(444, CurrencyCode::XDR, false)
		);
		let home = first.home_totals();
		assert_eq!((home.charged, home.sequence, home.file), (444, 1, first.file));
		assert_eq!(lines[1].currency, CurrencyCode::EUR);
	}

	#[test]
	fn refuses_malformed_lines() {
		let cases = [
			("1,2026-13,1,0,0,0,0,0,0,0,1,XDR,".to_string() + FILE, "period"),
			("1,2026-11,1,0,0,0,0,0,0,0,1,xdr,".to_string() + FILE, "currency"),
			("1,2026-11,1,0,0,0,0,0,0,0,1,XDR,0x12".to_string(), "file"),
			("1,2026-11,1,0,0,0,0,0,0,0,-1,XDR,".to_string() + FILE, "amount"),
			("1,2026-11,1,0,0".to_string(), "13 columns expected"),
			("99999999999,2026-11,1,0,0,0,0,0,0,0,1,XDR,".to_string() + FILE, "too large"),
			(
				format!("1,2026-11,1,0,0,0,0,0,0,0,1,XDR,{FILE}\n1,2026-11,1,0,0,0,0,0,0,0,1,XDR,{FILE}"),
				"twice",
			),
		];
		for (body, expected) in cases {
			let error = parse_csv(csv(&body).as_bytes()).unwrap_err();
			assert!(error.contains(expected), "{body}: {error}");
		}
		assert!(parse_csv("sequence,amount\n".as_bytes()).unwrap_err().contains("no `period`"));
		let misspelt = HEADER.replace("mtc_calls", "mtc_cals");
		assert!(parse_csv(misspelt.as_bytes()).unwrap_err().contains("unknown column `mtc_cals`"));
	}

	#[test]
	fn the_journal_records_finalized_lines() {
		let dir = std::env::temp_dir().join(format!("post-usage-journal-{}", std::process::id()));
		let _ = std::fs::remove_file(&dir);
		let line = parse_csv(csv(&format!("7,2026-11,1,0,0,0,0,0,0,0,1,XDR,{FILE}")).as_bytes())
			.unwrap()
			.remove(0);
		let key = line.journal_key(3, PostingSide::Home);
		assert!(journal_done(&dir).is_empty());
		journal_append(&dir, &key).unwrap();
		assert!(journal_done(&dir).contains(&key));
		assert!(!journal_done(&dir).contains(&line.journal_key(3, PostingSide::Visited)));
		let _ = std::fs::remove_file(&dir);
	}

	#[test]
	fn storage_keys_hash_each_part() {
		let key = roaming_key(
			"Batches",
			&[3u32.encode(), pallet_roaming_settlement::Side::A.encode(), 7u32.encode()],
		);
		let prefix = crate::chain::value_key("Roaming", "Batches");
		assert_eq!(&key[..32], &prefix[..]);
		// Each part: 8 bytes of twox64, then the part itself.
		assert_eq!(key.len(), 32 + (8 + 4) + (8 + 1) + (8 + 4));
		assert_eq!(&key[40..44], &3u32.encode()[..]);
	}

	#[test]
	fn the_discount_storage_keys_are_the_pallets() {
		use pallet_roaming_settlement::{
			AgreementIdReservations, DiscountAgreements, DiscountUsage, Side, Statements,
		};
		use telecom_runtime::Runtime;
		let start = telecom_primitives::SettlementPeriod::new(2026, 1).unwrap();
		assert_eq!(
			roaming_key("DiscountAgreements", &[7u32.encode(), start.encode()]),
			DiscountAgreements::<Runtime>::hashed_key_for(7, start)
		);
		assert_eq!(
			roaming_key("Statements", &[7u32.encode(), start.encode()]),
			Statements::<Runtime>::hashed_key_for(7, start)
		);
		assert_eq!(
			roaming_key("DiscountUsage", &[7u32.encode(), start.encode(), Side::B.encode()]),
			DiscountUsage::<Runtime>::hashed_key_for((7u32, start, Side::B))
		);
		let account = telecom_runtime::AccountId::from([9u8; 32]);
		assert_eq!(
			crate::chain::blake2_map_key("Roaming", "AgreementIdReservations", &account),
			AgreementIdReservations::<Runtime>::hashed_key_for(&account)
		);
	}
}
