//! Serde helper that writes an amount (`u128`) as a decimal string, so JSON clients (whose
//! numbers hold 53 bits) never lose precision; use it with `#[serde(with = "amount_string")]`.

use alloc::string::{String, ToString};

/// Writes the amount as a decimal string.
pub fn serialize<S: serde::Serializer>(amount: &u128, serializer: S) -> Result<S::Ok, S::Error> {
	serializer.serialize_str(&amount.to_string())
}

/// Reads a decimal string.
pub fn deserialize<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<u128, D::Error> {
	let text = <String as serde::Deserialize>::deserialize(deserializer)?;
	text.parse().map_err(serde::de::Error::custom)
}

/// The same for a signed amount (`i128`): `#[serde(with = "amount_string::signed")]`.
pub mod signed {
	use alloc::string::{String, ToString};

	/// Writes the amount as a decimal string (with a leading `-` when negative).
	pub fn serialize<S: serde::Serializer>(
		amount: &i128,
		serializer: S,
	) -> Result<S::Ok, S::Error> {
		serializer.serialize_str(&amount.to_string())
	}

	/// Reads a decimal string.
	pub fn deserialize<'de, D: serde::Deserializer<'de>>(
		deserializer: D,
	) -> Result<i128, D::Error> {
		let text = <String as serde::Deserialize>::deserialize(deserializer)?;
		text.parse().map_err(serde::de::Error::custom)
	}
}

/// The same for an optional signed amount (`Option<i128>`), `null` when absent:
/// `#[serde(with = "amount_string::signed_option")]`.
pub mod signed_option {
	use alloc::string::{String, ToString};

	/// Writes the amount as a decimal string, or `null`.
	pub fn serialize<S: serde::Serializer>(
		amount: &Option<i128>,
		serializer: S,
	) -> Result<S::Ok, S::Error> {
		match amount {
			Some(amount) => serializer.serialize_some(&amount.to_string()),
			None => serializer.serialize_none(),
		}
	}

	/// Reads a decimal string or `null`.
	pub fn deserialize<'de, D: serde::Deserializer<'de>>(
		deserializer: D,
	) -> Result<Option<i128>, D::Error> {
		let text = <Option<String> as serde::Deserialize>::deserialize(deserializer)?;
		text.map(|t| t.parse().map_err(serde::de::Error::custom)).transpose()
	}
}
