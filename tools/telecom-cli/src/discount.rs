//! `telecom-cli roaming discount-true-up`: the true-up of a discount agreement computed offline
//! with the chain's own rating crate ([`telecom_roaming_rating::true_up`]), so a billing team
//! checks the credit note the chain books to the sub-unit.
//!
//! - **Agreement**: a [`DiscountAgreement`] in JSON (camelCase, amounts as decimal strings; see
//!   the rating crate's README) or the hex (`0x…`) of its SCALE encoding.
//! - **Months**: a JSON array of [`MonthFigures`], or a CSV with a header line naming its
//!   columns (any order): `month` (`YYYY-MM`), `network` (`a`: usage on network A, charged by
//!   A; `b`: on B), `provisional` (what monthly settlement charged, minor units) and the service
//!   columns of `roaming rate` (`moc_local_calls`, `moc_local_seconds`, …, `data_kilobytes`; a
//!   missing one is zero). One line per month and network; a network without a line in a month
//!   had no usage and no charge. `file` and `currency` columns are allowed and ignored.
//! - **Previous**: for a true-up after an interim one, that interim credit note (the JSON this
//!   command printed for it).

use crate::rate::{is_service_column, service_usage};
use codec::Decode;
use serde_json::Value;
use std::collections::BTreeMap;
use telecom_roaming_rating::{
	true_up, CreditNote, DiscountAgreement, MonthFigures, MonthUsage, PeriodMonth,
};

/// The agreement in `text` (JSON or SCALE hex), validated.
pub fn parse_agreement(text: &str) -> Result<DiscountAgreement, String> {
	let text = text.trim();
	let agreement: DiscountAgreement = if text.starts_with('{') {
		serde_json::from_str(text).map_err(|e| format!("agreement: {e}"))?
	} else {
		let bytes = hex::decode(text.trim_start_matches("0x"))
			.map_err(|e| format!("agreement: neither JSON nor hex: {e}"))?;
		let mut input = &bytes[..];
		let agreement = DiscountAgreement::decode(&mut input)
			.map_err(|e| format!("agreement: not a SCALE discount agreement: {e}"))?;
		if !input.is_empty() {
			return Err("agreement: bytes left after the SCALE discount agreement".into());
		}
		agreement
	};
	agreement.validate().map_err(|e| format!("agreement: {e}"))?;
	Ok(agreement)
}

/// `YYYY-MM`.
fn parse_month(cell: &str, number: usize) -> Result<PeriodMonth, String> {
	let bad = || format!("months line {number}: month `{cell}` is not YYYY-MM");
	let (year, month) = cell.split_once('-').ok_or_else(bad)?;
	let year = year.parse().map_err(|_| bad())?;
	let month = month.parse().map_err(|_| bad())?;
	PeriodMonth::new(year, month).ok_or_else(bad)
}

/// The months' figures in `text`: a JSON array, or the CSV of the module's documentation
/// (sorted by month).
pub fn parse_months(text: &str) -> Result<Vec<MonthFigures>, String> {
	let text = text.trim();
	if text.starts_with('[') {
		return serde_json::from_str(text).map_err(|e| format!("months: {e}"));
	}
	let mut lines = text
		.lines()
		.enumerate()
		.map(|(i, line)| (i + 1, line.trim()))
		.filter(|(_, line)| !line.is_empty() && !line.starts_with('#'));
	let (_, header) = lines.next().ok_or("months: the CSV is empty")?;
	let header: Vec<String> = header.split(',').map(|c| c.trim().to_ascii_lowercase()).collect();
	let known = |name: &str| {
		["month", "network", "provisional", "file", "currency"].contains(&name)
			|| is_service_column(name)
	};
	if let Some(unknown) = header.iter().find(|c| !known(c)) {
		return Err(format!("months: unknown column `{unknown}`"));
	}
	let column = |name: &str| {
		header.iter().position(|c| c == name).ok_or_else(|| format!("months: no `{name}` column"))
	};
	let (month_at, network_at, provisional_at) =
		(column("month")?, column("network")?, column("provisional")?);
	let mut months: BTreeMap<PeriodMonth, (Option<MonthUsage>, Option<MonthUsage>)> =
		BTreeMap::new();
	for (number, line) in lines {
		let cells: Vec<&str> = line.split(',').map(str::trim).collect();
		if cells.len() != header.len() {
			return Err(format!(
				"months line {number}: {} cells, {} columns",
				cells.len(),
				header.len()
			));
		}
		let month = parse_month(cells[month_at], number)?;
		let provisional = cells[provisional_at].parse::<u128>().map_err(|e| {
			format!("months line {number}, provisional `{}`: {e}", cells[provisional_at])
		})?;
		let figures = MonthUsage { usage: service_usage(&header, &cells, number)?, provisional };
		let entry = months.entry(month).or_default();
		let slot = match cells[network_at].to_ascii_lowercase().as_str() {
			"a" => &mut entry.0,
			"b" => &mut entry.1,
			other => {
				return Err(format!("months line {number}: network `{other}` is neither a nor b"))
			},
		};
		if slot.replace(figures).is_some() {
			return Err(format!(
				"months line {number}: a second line for {} and network {}",
				cells[month_at], cells[network_at]
			));
		}
	}
	Ok(months
		.into_iter()
		.map(|(month, (a, b))| MonthFigures {
			month,
			network_a: a.unwrap_or_default(),
			network_b: b.unwrap_or_default(),
		})
		.collect())
}

/// The credit note of `agreement` over `months`, after the interim note `previous` if any.
pub fn credit_note(
	agreement: &str,
	months: &str,
	previous: Option<&str>,
) -> Result<CreditNote, String> {
	let agreement = parse_agreement(agreement)?;
	let months = parse_months(months)?;
	let previous: Option<CreditNote> = previous
		.map(|text| serde_json::from_str(text).map_err(|e| format!("previous note: {e}")))
		.transpose()?;
	true_up(&agreement, &months, previous.as_ref()).map_err(|e| format!("true-up: {e}"))
}

/// The note as JSON, with the payment that settles it (`obligation`: payer, payee and amount,
/// or null).
pub fn note_json(note: &CreditNote) -> Value {
	let mut value = serde_json::to_value(note).unwrap_or(Value::Null);
	let obligation = note.obligation().map(|(payer, payee, amount)| {
		serde_json::json!({
			"payer": payer,
			"payee": payee,
			"amount": amount.to_string(),
		})
	});
	if let Value::Object(map) = &mut value {
		map.insert("obligation".into(), obligation.unwrap_or(Value::Null));
	}
	value
}

#[cfg(test)]
pub(crate) mod tests {
	use super::*;
	use codec::Encode;
	use telecom_roaming_rating::ACCRUAL_UNITS;

	/// The worked example of the rating crate's README: a year on the IOT below, with MOC
	/// tiers and two commitments on A and incremental data revenue tiers on B.
	const AGREEMENT: &str = r#"{
		"start": {"year": 2026, "month": 1},
		"months": 12,
		"trueUpEvery": 6,
		"networkA": {
			"iot": {
				"mocLocal": {"price": 5000, "increment": 1},
				"mocHome": {"price": 5000, "increment": 1},
				"mocInternational": {"price": 20000, "increment": 60},
				"mtc": {"price": 1000, "increment": 1},
				"smsMo": {"price": 2000, "increment": 0},
				"smsMt": {"price": 0, "increment": 0},
				"data": {"price": 1250, "increment": 1},
				"volte": {"price": 5000, "increment": 1},
				"video": {"price": 0, "increment": 0}
			},
			"discounts": [{
				"services": ["mocLocal", "mocHome"],
				"model": {"volumeTiers": {"style": "allUnits", "tiers": [
					{"from": 0, "price": 4000}, {"from": 10000, "price": 3000},
					{"from": 50000, "price": 2000}
				]}}
			}],
			"commitments": [
				{"services": ["mocLocal", "mocHome"], "kind": {"revenue": {"amount": "500000"}}},
				{"services": ["data"], "kind": {"volume": {"units": 2000000, "shortfallPrice": 800}}}
			]
		},
		"networkB": {
			"iot": {
				"mocLocal": {"price": 5000, "increment": 1},
				"mocHome": {"price": 5000, "increment": 1},
				"mocInternational": {"price": 20000, "increment": 60},
				"mtc": {"price": 1000, "increment": 1},
				"smsMo": {"price": 2000, "increment": 0},
				"smsMt": {"price": 0, "increment": 0},
				"data": {"price": 1250, "increment": 1},
				"volte": {"price": 5000, "increment": 1},
				"video": {"price": 0, "increment": 0}
			},
			"discounts": [{
				"services": ["data"],
				"model": {"revenueTiers": {"style": "incremental", "tiers": [
					{"from": "0", "basisPoints": 1000}, {"from": "1000000", "basisPoints": 3000}
				]}}
			}]
		}
	}"#;

	/// Each month: 5,000 minutes (300,000 s) and 125,000 MB on A, provisionally 181,250;
	/// 100,000 MB on B, provisionally 125,000.
	fn months_csv(count: u32) -> String {
		let mut csv = String::from(
			"month,network,moc_local_calls,moc_local_seconds,data_sessions,data_kilobytes,provisional\n",
		);
		for month in 1..=count {
			csv.push_str(&format!("2026-{month:02},a,1,300000,1,128000000,181250\n"));
			csv.push_str(&format!("2026-{month:02},b,,,1,102400000,125000\n"));
		}
		csv
	}

	/// The worked example's agreement.
	pub(crate) fn example_agreement() -> DiscountAgreement {
		parse_agreement(AGREEMENT).unwrap()
	}

	#[test]
	fn the_worked_example_from_json_and_csv() {
		let note = credit_note(AGREEMENT, &months_csv(12), None).unwrap();
		// A: due 120,000 (MOC) + 1,875,000 (data) + 380,000 + 400,000 (shortfalls) against
		// 2,175,000: +600,000. B: 1,250,000 against 1,500,000: −250,000. Net 850,000 to A.
		assert_eq!((note.network_a.due, note.network_a.adjustment), (2_775_000, 600_000));
		assert_eq!((note.network_b.due, note.network_b.adjustment), (1_250_000, -250_000));
		assert_eq!(note.net_to_a, 850_000);
		let json = note_json(&note);
		assert_eq!(json["netToA"], "850000");
		assert_eq!(
			json["obligation"],
			serde_json::json!({"payer": "b", "payee": "a", "amount": "850000"})
		);
		assert_eq!(json["networkA"]["shortfallExact"], (780_000 * ACCRUAL_UNITS).to_string());
		// The same months as JSON, and the agreement as SCALE hex, give the same note.
		let months = serde_json::to_string(&parse_months(&months_csv(12)).unwrap()).unwrap();
		let hex = format!("0x{}", hex::encode(parse_agreement(AGREEMENT).unwrap().encode()));
		assert_eq!(credit_note(&hex, &months, None).unwrap(), note);
		// Half-yearly: the interim note, then the final one after it, add up to the year.
		let half = credit_note(AGREEMENT, &months_csv(6), None).unwrap();
		let previous = serde_json::to_string(&note_json(&half)).unwrap();
		let rest = credit_note(AGREEMENT, &months_csv(12), Some(&previous)).unwrap();
		assert_eq!(half.net_to_a + rest.net_to_a, 850_000);
	}

	#[test]
	fn bad_input_is_refused_with_the_reason() {
		let err = |agreement: &str, months: &str| credit_note(agreement, months, None).unwrap_err();
		assert!(err("{}", "[]").contains("agreement"));
		assert!(err("0x00", "[]").contains("SCALE"));
		let invalid = AGREEMENT.replace("\"months\": 12", "\"months\": 0");
		assert!(err(&invalid, "[]").contains("InvalidLength"));
		assert!(err(AGREEMENT, "[]").contains("NoMonths"));
		assert!(err(AGREEMENT, "month,network,provisional,sms\n").contains("`sms`"));
		assert!(err(AGREEMENT, "network,provisional\n").contains("no `month`"));
		assert!(err(AGREEMENT, "month,network,provisional\n2026-13,a,0\n").contains("YYYY-MM"));
		assert!(err(AGREEMENT, "month,network,provisional\n2026-01,c,0\n").contains("neither"));
		assert!(err(AGREEMENT, "month,network,provisional\n2026-01,a,x\n").contains("provisional"));
		assert!(err(AGREEMENT, "month,network,provisional\n2026-01,a,0\n2026-01,a,0\n")
			.contains("second line"));
		assert!(err(AGREEMENT, "month,network,provisional\n2026-01,a\n").contains("2 cells"));
		// A month missing in the middle: the true-up names the month it expected.
		assert!(err(AGREEMENT, "month,network,provisional\n2026-01,a,0\n2026-03,a,0\n")
			.contains("2026-02"));
		// Three months: not on the half-yearly schedule.
		assert!(err(AGREEMENT, &months_csv(3)).contains("NotScheduled"));
		// A month with a line for one network only: the other had nothing.
		let months = parse_months("month,network,provisional,sms_mo\n2026-02,b,4,2\n").unwrap();
		assert_eq!(months[0].network_a, MonthUsage::default());
		assert_eq!((months[0].network_b.usage.sms_mo, months[0].network_b.provisional), (2, 4));
	}
}
