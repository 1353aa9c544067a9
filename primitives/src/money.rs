//! Money: ISO 4217 currency codes and amounts in minor units.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::fmt;
use scale_info::TypeInfo;

/// An amount of money in the minor unit of its currency (cents, or 1/100 of an XDR).
///
/// Amounts are always paired with a [`CurrencyCode`]; the chain never adds amounts of two
/// different currencies without an explicit exchange rate.
pub type Amount = u128;

/// An ISO 4217 alphabetic currency code: three upper-case ASCII letters, e.g. `EUR`, `USD`, or
/// `XDR` (the IMF special drawing right in which GSMA roaming charges are usually settled).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Hash,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct CurrencyCode([u8; 3]);

impl CurrencyCode {
	/// Special drawing right (IMF), the default settlement currency of roaming agreements.
	pub const XDR: Self = Self(*b"XDR");
	/// Euro.
	pub const EUR: Self = Self(*b"EUR");
	/// United States dollar.
	pub const USD: Self = Self(*b"USD");
	/// Pound sterling.
	pub const GBP: Self = Self(*b"GBP");
	/// Chinese yuan renminbi.
	pub const CNY: Self = Self(*b"CNY");

	/// Builds a code from three bytes, or `None` unless they are three upper-case ASCII letters.
	pub const fn new(code: [u8; 3]) -> Option<Self> {
		let [a, b, c] = code;
		if a.is_ascii_uppercase() && b.is_ascii_uppercase() && c.is_ascii_uppercase() {
			Some(Self(code))
		} else {
			None
		}
	}

	/// Whether the code is well-formed (three upper-case ASCII letters).
	///
	/// Codes decoded from extrinsics are not checked by the decoder; pallets call this before
	/// they store one.
	pub const fn is_valid(&self) -> bool {
		Self::new(self.0).is_some()
	}

	/// The three code bytes.
	pub const fn as_bytes(&self) -> &[u8; 3] {
		&self.0
	}

	/// The code as text (`"???"` if it is not valid ASCII, which [`Self::new`] rules out).
	pub fn as_str(&self) -> &str {
		core::str::from_utf8(&self.0).unwrap_or("???")
	}
}

impl fmt::Debug for CurrencyCode {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(self.as_str())
	}
}

impl fmt::Display for CurrencyCode {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(self.as_str())
	}
}

impl TryFrom<&str> for CurrencyCode {
	type Error = &'static str;

	fn try_from(code: &str) -> Result<Self, Self::Error> {
		let bytes: [u8; 3] =
			code.as_bytes().try_into().map_err(|_| "a currency code has three letters")?;
		Self::new(bytes).ok_or("a currency code is three upper-case ASCII letters")
	}
}

impl serde::Serialize for CurrencyCode {
	fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
		serializer.serialize_str(self.as_str())
	}
}

impl<'de> serde::Deserialize<'de> for CurrencyCode {
	fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
		let text = <alloc::string::String as serde::Deserialize>::deserialize(deserializer)?;
		Self::try_from(text.as_str()).map_err(serde::de::Error::custom)
	}
}

/// Serde helper that writes an [`Amount`] as a decimal string, so JSON clients (JavaScript
/// numbers hold 53 bits) never lose precision; use it with `#[serde(with = "amount_string")]`.
pub mod amount_string {
	use super::Amount;
	use alloc::string::{String, ToString};

	/// Writes the amount as a decimal string.
	pub fn serialize<S: serde::Serializer>(
		amount: &Amount,
		serializer: S,
	) -> Result<S::Ok, S::Error> {
		serializer.serialize_str(&amount.to_string())
	}

	/// Reads a decimal string.
	pub fn deserialize<'de, D: serde::Deserializer<'de>>(
		deserializer: D,
	) -> Result<Amount, D::Error> {
		let text = <String as serde::Deserialize>::deserialize(deserializer)?;
		text.parse().map_err(serde::de::Error::custom)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn accepts_iso_codes_and_rejects_malformed_ones() {
		assert_eq!(CurrencyCode::try_from("XDR"), Ok(CurrencyCode::XDR));
		assert_eq!(CurrencyCode::new(*b"EUR"), Some(CurrencyCode::EUR));
		assert!(CurrencyCode::try_from("eur").is_err());
		assert!(CurrencyCode::try_from("EU").is_err());
		assert!(CurrencyCode::try_from("EURO").is_err());
		assert!(CurrencyCode::new(*b"E1R").is_none());
		assert!(!CurrencyCode(*b"e1r").is_valid());
	}

	#[test]
	fn serde_uses_the_three_letter_text() {
		let json = serde_json::to_string(&CurrencyCode::XDR).unwrap();
		assert_eq!(json, "\"XDR\"");
		let back: CurrencyCode = serde_json::from_str(&json).unwrap();
		assert_eq!(back, CurrencyCode::XDR);
		assert!(serde_json::from_str::<CurrencyCode>("\"xdr\"").is_err());
	}

	#[test]
	fn amounts_travel_as_decimal_strings() {
		#[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
		struct Bill {
			#[serde(with = "amount_string")]
			total: Amount,
		}
		let bill = Bill { total: u128::MAX };
		let json = serde_json::to_string(&bill).unwrap();
		assert_eq!(json, format!("{{\"total\":\"{}\"}}", u128::MAX));
		assert_eq!(serde_json::from_str::<Bill>(&json).unwrap(), bill);
		assert!(serde_json::from_str::<Bill>("{\"total\":\"-1\"}").is_err());
	}

	#[test]
	fn scale_encoding_is_three_bytes() {
		assert_eq!(CurrencyCode::EUR.encode(), b"EUR".to_vec());
		assert_eq!(CurrencyCode::max_encoded_len(), 3);
	}
}
