//! `telecom-cli roaming rate`: a month's TAP file totals rated against an IOT tariff, offline,
//! with the chain's own rating crate ([`telecom_roaming_rating`]), so a billing team sees per
//! file and in total exactly what the chain books.
//!
//! - **Terms**: a JSON file holding an agreement's terms (`networkA`/`networkB`, pick one with
//!   `--network`), one network's terms (`{"tariff": …}`) or a tariff alone, in the chain's JSON
//!   (camelCase, as `roaming.agreements` shows them); or the hex (`0x…`) of a SCALE-encoded
//!   tariff, network terms or agreement terms.
//! - **Usage**: a CSV with a header line naming its columns (any order; a missing service
//!   column is zero): `file`, and per service `moc_local_calls`, `moc_local_seconds`,
//!   `moc_home_calls`, `moc_home_seconds`, `moc_international_calls`,
//!   `moc_international_seconds`, `mtc_calls`, `mtc_seconds`, `sms_mo`, `sms_mt`,
//!   `data_sessions`, `data_kilobytes`, `volte_calls`, `volte_seconds`, `video_calls`,
//!   `video_seconds`. The columns `sequence`, `period`, `records`, `claimed`, `currency`,
//!   `hash` and `test_file` of a usage posting are allowed and ignored; any other column is an
//!   error (a misspelt counter must not rate as zero).
//! - **Figures**: each file's charge rounded half up (what a sender claims for it, the batch's
//!   `rated`) and exactly in sub-units (`ratedExact`); the total is the exact sum rounded once,
//!   half up, as the period's `rated` total on chain.

use codec::Decode;
use pallet_roaming_settlement::{AgreementTerms, NetworkTerms, Side};
use serde_json::{json, Value};
use telecom_roaming_rating::{
	rate_services_exact, round_half_up, ExactAmount, Service, ServiceUsage, Tariff, UsageTotals,
	SUB_UNITS,
};

/// One file's totals from the CSV.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileUsage {
	/// The `file` (else `sequence`) column, else the line number.
	pub label: String,
	/// Its per-service totals.
	pub usage: UsageTotals,
}

/// One file's rating.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileCharge {
	/// The file's label.
	pub label: String,
	/// Its exact charge in sub-units.
	pub rated_exact: ExactAmount,
	/// Its charge rounded half up to the minor unit.
	pub rated: u128,
	/// Each service's exact charge.
	pub services: [(Service, ExactAmount); 9],
}

/// The rating of every file and their total.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rating {
	/// Per file, in CSV order.
	pub files: Vec<FileCharge>,
	/// Exact sum of the files, in sub-units.
	pub total_exact: ExactAmount,
	/// The exact sum rounded once, half up.
	pub total: u128,
}

/// The tariff in `text` (JSON or SCALE hex); `network` picks a side of agreement terms.
pub fn parse_terms(text: &str, network: Option<Side>) -> Result<Tariff, String> {
	let text = text.trim();
	let pick = |terms: AgreementTerms| match network {
		Some(Side::A) => Ok(terms.network_a.tariff),
		Some(Side::B) => Ok(terms.network_b.tariff),
		None => Err("the terms are an agreement's: choose --network a or b".to_string()),
	};
	if text.starts_with('{') {
		let value: Value = serde_json::from_str(text).map_err(|e| format!("terms: {e}"))?;
		if value.get("networkA").is_some() {
			let terms: AgreementTerms =
				serde_json::from_value(value).map_err(|e| format!("agreement terms: {e}"))?;
			return pick(terms);
		}
		if value.get("tariff").is_some() {
			let terms: NetworkTerms =
				serde_json::from_value(value).map_err(|e| format!("network terms: {e}"))?;
			return Ok(terms.tariff);
		}
		return serde_json::from_value(value).map_err(|e| format!("tariff: {e}"));
	}
	let bytes = hex::decode(text.trim_start_matches("0x"))
		.map_err(|e| format!("terms: neither JSON nor hex: {e}"))?;
	// A SCALE value is recognised by decoding all of the bytes and nothing more.
	fn whole<T: Decode>(bytes: &[u8]) -> Option<T> {
		let mut input = bytes;
		T::decode(&mut input).ok().filter(|_| input.is_empty())
	}
	if let Some(tariff) = whole::<Tariff>(&bytes) {
		return Ok(tariff);
	}
	if let Some(terms) = whole::<NetworkTerms>(&bytes) {
		return Ok(terms.tariff);
	}
	if let Some(terms) = whole::<AgreementTerms>(&bytes) {
		return pick(terms);
	}
	Err("terms: the hex is not a SCALE tariff, network terms or agreement terms".into())
}

/// Columns of a usage posting that rating does not read.
const IGNORED: [&str; 8] =
	["sequence", "period", "records", "claimed", "amount", "currency", "hash", "test_file"];

/// The CSV column of each service's events and volume (`None`: SMS, whose count is both).
fn columns(service: Service) -> (&'static str, Option<&'static str>) {
	match service {
		Service::MocLocal => ("moc_local_calls", Some("moc_local_seconds")),
		Service::MocHome => ("moc_home_calls", Some("moc_home_seconds")),
		Service::MocInternational => ("moc_international_calls", Some("moc_international_seconds")),
		Service::Mtc => ("mtc_calls", Some("mtc_seconds")),
		Service::SmsMo => ("sms_mo", None),
		Service::SmsMt => ("sms_mt", None),
		Service::Data => ("data_sessions", Some("data_kilobytes")),
		Service::Volte => ("volte_calls", Some("volte_seconds")),
		Service::Video => ("video_calls", Some("video_seconds")),
	}
}

/// Whether `name` is the events or volume column of a service.
pub fn is_service_column(name: &str) -> bool {
	Service::ALL.iter().any(|s| {
		let (events, volume) = columns(*s);
		name == events || Some(name) == volume
	})
}

/// The per-service totals of one CSV line (`cells`, under the lower-case `header`): a missing
/// or empty service cell is zero. `number` is the line number, for errors.
pub fn service_usage(
	header: &[String],
	cells: &[&str],
	number: usize,
) -> Result<UsageTotals, String> {
	let number_in = |name: &str| -> Result<u64, String> {
		match header.iter().position(|c| c == name).and_then(|i| cells.get(i)).copied() {
			None | Some("") => Ok(0),
			Some(cell) => cell
				.parse::<u64>()
				.map_err(|e| format!("usage line {number}, {name} `{cell}`: {e}")),
		}
	};
	let mut usage = UsageTotals::default();
	for service in Service::ALL {
		let (events_column, volume_column) = columns(service);
		let events = u32::try_from(number_in(events_column)?)
			.map_err(|_| format!("usage line {number}: {events_column} exceeds 32 bits"))?;
		let volume = match volume_column {
			Some(column) => number_in(column)?,
			None => u64::from(events),
		};
		usage.set_service(service, ServiceUsage { events, volume });
	}
	Ok(usage)
}

/// Parses the usage CSV (see the module's documentation).
pub fn parse_usage_csv(text: &str) -> Result<Vec<FileUsage>, String> {
	let mut lines = text
		.lines()
		.enumerate()
		.map(|(i, line)| (i + 1, line.trim()))
		.filter(|(_, line)| !line.is_empty() && !line.starts_with('#'));
	let (_, header) = lines.next().ok_or("usage: the CSV is empty")?;
	let header: Vec<String> = header.split(',').map(|c| c.trim().to_ascii_lowercase()).collect();
	let known = |name: &str| name == "file" || IGNORED.contains(&name) || is_service_column(name);
	if let Some(unknown) = header.iter().find(|c| !known(c)) {
		return Err(format!("usage: unknown column `{unknown}`"));
	}
	let find = |name: &str| header.iter().position(|c| c == name);
	let mut files = Vec::new();
	for (number, line) in lines {
		let cells: Vec<&str> = line.split(',').map(str::trim).collect();
		if cells.len() != header.len() {
			return Err(format!(
				"usage line {number}: {} cells, {} columns",
				cells.len(),
				header.len()
			));
		}
		let usage = service_usage(&header, &cells, number)?;
		let label = find("file")
			.or_else(|| find("sequence"))
			.map(|i| cells[i].to_string())
			.filter(|l| !l.is_empty())
			.unwrap_or_else(|| format!("line {number}"));
		files.push(FileUsage { label, usage });
	}
	Ok(files)
}

/// Rates every file against `tariff` and totals them as the chain does.
pub fn rate_files(tariff: &Tariff, files: &[FileUsage]) -> Result<Rating, String> {
	let mut charges = Vec::with_capacity(files.len());
	let mut total_exact: ExactAmount = 0;
	for file in files {
		let services = rate_services_exact(tariff, &file.usage)
			.map_err(|e| format!("file {}: {e}", file.label))?;
		let rated_exact = services
			.iter()
			.try_fold(0u128, |sum, (_, c)| sum.checked_add(*c))
			.ok_or_else(|| format!("file {}: rating overflow", file.label))?;
		total_exact = total_exact
			.checked_add(rated_exact)
			.ok_or_else(|| format!("file {}: the total overflows", file.label))?;
		charges.push(FileCharge {
			label: file.label.clone(),
			rated_exact,
			rated: round_half_up(rated_exact),
			services,
		});
	}
	Ok(Rating { files: charges, total_exact, total: round_half_up(total_exact) })
}

/// An exact amount as minor units with up to six decimals (exact amounts have a factor of 3
/// in their denominator, so this is for reading; `…Exact` figures are the exact ones).
fn minor_units(exact: ExactAmount) -> String {
	let micro = exact / (SUB_UNITS / 1_000_000);
	format!("{}.{:06}", micro / 1_000_000, micro % 1_000_000)
}

impl Rating {
	/// A table: one line per file, then the total.
	pub fn text(&self) -> String {
		let mut out = String::from("file\trated\tminor units (6 d.p.)\trated exact (sub-units)\n");
		for file in &self.files {
			out.push_str(&format!(
				"{}\t{}\t{}\t{}\n",
				file.label,
				file.rated,
				minor_units(file.rated_exact),
				file.rated_exact
			));
		}
		out.push_str(&format!(
			"total\t{}\t{}\t{}\n(sub-units: {SUB_UNITS} to the minor unit; the total is the exact sum rounded once, half up)",
			self.total,
			minor_units(self.total_exact),
			self.total_exact
		));
		out
	}

	/// The same figures as JSON (amounts as decimal strings, as the chain's RPC writes them).
	pub fn json(&self) -> Value {
		let files: Vec<Value> = self
			.files
			.iter()
			.map(|f| {
				let services: serde_json::Map<String, Value> = f
					.services
					.iter()
					.filter(|(_, c)| *c > 0)
					.map(|(s, c)| (s.name().to_string(), json!(c.to_string())))
					.collect();
				json!({
					"file": f.label,
					"rated": f.rated.to_string(),
					"ratedExact": f.rated_exact.to_string(),
					"servicesExact": services,
				})
			})
			.collect();
		json!({
			"files": files,
			"total": self.total.to_string(),
			"totalExact": self.total_exact.to_string(),
			"subUnits": SUB_UNITS.to_string(),
		})
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use codec::Encode;
	use pallet_roaming_settlement::{Rate, VoiceUsage};

	fn tariff() -> Tariff {
		Tariff {
			moc_local: Rate::per_unit(5_000, 1),
			moc_home: Rate { price: 10_000, increment: 1, setup_fee: 0, minimum_charge: 0 },
			moc_international: Rate {
				price: 50_000,
				increment: 60,
				setup_fee: 5_000,
				minimum_charge: 0,
			},
			mtc: Rate::per_unit(1_000, 30),
			sms_mo: Rate::per_unit(2_000, 1),
			sms_mt: Rate::per_unit(1_000, 1),
			data: Rate::per_unit(1_250, 10),
			volte: Rate { price: 5_000, increment: 1, setup_fee: 0, minimum_charge: 3_000 },
			video: Rate::per_unit(20_000, 60),
		}
	}

	const CSV: &str = "file,moc_local_calls,moc_local_seconds,moc_home_calls,moc_home_seconds,\
		moc_international_calls,moc_international_seconds,mtc_calls,mtc_seconds,sms_mo,sms_mt,\
		data_sessions,data_kilobytes,volte_calls,volte_seconds,video_calls,video_seconds,claimed\n\
		CDDEUD1FRAMC00001,1,60,2,120,1,61,0,0,0,4,0,0,10,60,1,30,184\n\
		# a comment\n\
		CDDEUD1FRAMC00002,1,6,,,,,3,3001,10,0,2,2047,,,,,\n\
		CDDEUD1FRAMC00003,1,6,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1\n";

	#[test]
	fn rates_each_file_and_the_total_as_the_chain_does() {
		let files = parse_usage_csv(CSV).unwrap();
		assert_eq!(files.len(), 3);
		assert_eq!(files[1].usage.mtc, VoiceUsage { calls: 3, seconds: 3_001 });
		let rating = rate_files(&tariff(), &files).unwrap();
		// The pallet's own figures for the same inputs: its re-rating of each batch and the
		// period's rated total (the exact sum, rounded once).
		let mut total = 0;
		for (file, charge) in files.iter().zip(&rating.files) {
			let exact = pallet_roaming_settlement::rating::rate_usage_exact(&tariff(), &file.usage)
				.unwrap();
			assert_eq!(charge.rated_exact, exact);
			assert_eq!(
				charge.rated,
				pallet_roaming_settlement::rating::rate_usage(&tariff(), &file.usage).unwrap()
			);
			total += exact;
		}
		assert_eq!(rating.total, pallet_roaming_settlement::rating::round_half_up(total));
		// By hand: 5 + 20 + 105 + 4 + 30 + 20 = 184; 0.5 + 50.5 + 20 + 2.5024 = 73.5024 → 74;
		// 0.5 → 1 as a file alone, but the period adds exactly: 258.0024 → 258, not 259.
		assert_eq!(rating.files.iter().map(|f| f.rated).collect::<Vec<_>>(), vec![184, 74, 1]);
		assert_eq!(rating.total, 258);
		assert!(rating.text().contains("total\t258\t258.002441"));
		assert_eq!(
			rating.json()["files"][0]["servicesExact"]["mocInternational"],
			json!((105 * SUB_UNITS).to_string())
		);
	}

	#[test]
	fn terms_come_as_json_or_scale_in_three_shapes() {
		let t = tariff();
		assert_eq!(parse_terms(&serde_json::to_string(&t).unwrap(), None), Ok(t));
		let network = NetworkTerms {
			tariff: t,
			discount: None,
			tolerance: Default::default(),
			service_tolerances: Default::default(),
		};
		assert_eq!(parse_terms(&serde_json::to_string(&network).unwrap(), None), Ok(t));
		assert_eq!(parse_terms(&format!("0x{}", hex::encode(t.encode())), None), Ok(t));
		assert_eq!(parse_terms(&hex::encode(network.encode()), None), Ok(t));
		let mut other = t;
		other.mtc.price = 7;
		let agreement = AgreementTerms {
			valid_from: telecom_primitives::SettlementPeriod::new(2026, 11).unwrap(),
			valid_to: telecom_primitives::SettlementPeriod::new(2027, 10).unwrap(),
			currency: telecom_primitives::CurrencyCode::XDR,
			network_a: network.clone(),
			network_b: NetworkTerms { tariff: other, ..network },
			dispute_window: 10,
			notice_periods: 3,
			tax_included: false,
			document: Default::default(),
			invoice: None,
		};
		let json = serde_json::to_string(&agreement).unwrap();
		assert_eq!(parse_terms(&json, Some(Side::B)), Ok(other));
		assert!(parse_terms(&json, None).unwrap_err().contains("--network"));
		assert_eq!(parse_terms(&hex::encode(agreement.encode()), Some(Side::A)), Ok(t));
		assert!(parse_terms("0x00", None).is_err());
		assert!(parse_terms("{\"mocLocal\": 1}", None).is_err());
	}

	#[test]
	fn bad_csv_is_refused_not_rated_as_zero() {
		assert!(parse_usage_csv("").unwrap_err().contains("empty"));
		assert!(parse_usage_csv("file,moc_local_secs\nf,1\n")
			.unwrap_err()
			.contains("moc_local_secs"));
		assert!(parse_usage_csv("file,sms_mo\nf,1,2\n")
			.unwrap_err()
			.contains("3 cells, 2 columns"));
		assert!(parse_usage_csv("file,sms_mo\nf,-1\n").unwrap_err().contains("sms_mo"));
		assert!(parse_usage_csv("file,sms_mo\nf,4294967296\n").unwrap_err().contains("32 bits"));
		let files = parse_usage_csv("sequence,sms_mt\n7,2\n,1\n").unwrap();
		assert_eq!((files[0].label.as_str(), files[1].label.as_str()), ("7", "line 3"));
		let huge = Tariff { sms_mt: Rate::per_unit(u64::MAX, 1), ..tariff() };
		let files = parse_usage_csv("file,sms_mt\nf,4294967295\n").unwrap();
		assert!(rate_files(&huge, &files).unwrap_err().contains("overflow"));
	}
}
