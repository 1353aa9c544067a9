//! TADIG codes: the GSMA identifiers of roaming partners in TAP files.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::fmt;
use scale_info::TypeInfo;

/// A GSMA TADIG code: five characters, an ISO 3166 alpha-3 country code followed by two
/// characters naming the operator (e.g. `GBRVF`, `DEUD2`, `CHNCT`).
///
/// TAP and BCE files name sender and recipient by TADIG code; an operator may hold several
/// (one per network it runs).
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
pub struct TadigCode([u8; 5]);

impl TadigCode {
	/// Builds a code, or `None` unless the country part is three upper-case ASCII letters and the
	/// operator part is two upper-case ASCII letters or digits.
	pub const fn new(code: [u8; 5]) -> Option<Self> {
		let [c1, c2, c3, o1, o2] = code;
		let country = c1.is_ascii_uppercase() && c2.is_ascii_uppercase() && c3.is_ascii_uppercase();
		let operator = (o1.is_ascii_uppercase() || o1.is_ascii_digit())
			&& (o2.is_ascii_uppercase() || o2.is_ascii_digit());
		if country && operator {
			Some(Self(code))
		} else {
			None
		}
	}

	/// Whether the code is well-formed; pallets check codes decoded from extrinsics with it.
	pub const fn is_valid(&self) -> bool {
		Self::new(self.0).is_some()
	}

	/// The ISO 3166 alpha-3 country part.
	pub fn country(&self) -> [u8; 3] {
		let [c1, c2, c3, _, _] = self.0;
		[c1, c2, c3]
	}

	/// The five code bytes.
	pub const fn as_bytes(&self) -> &[u8; 5] {
		&self.0
	}

	/// The code as text (`"?????"` if it is not valid ASCII, which [`Self::new`] rules out).
	pub fn as_str(&self) -> &str {
		core::str::from_utf8(&self.0).unwrap_or("?????")
	}
}

impl fmt::Debug for TadigCode {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(self.as_str())
	}
}

impl TryFrom<&str> for TadigCode {
	type Error = &'static str;

	fn try_from(code: &str) -> Result<Self, Self::Error> {
		let bytes: [u8; 5] =
			code.as_bytes().try_into().map_err(|_| "a TADIG code has five characters")?;
		Self::new(bytes).ok_or("a TADIG code is a country code and two letters or digits")
	}
}

impl serde::Serialize for TadigCode {
	fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
		serializer.serialize_str(self.as_str())
	}
}

impl<'de> serde::Deserialize<'de> for TadigCode {
	fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
		let text = <alloc::string::String as serde::Deserialize>::deserialize(deserializer)?;
		Self::try_from(text.as_str()).map_err(serde::de::Error::custom)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn parses_real_codes() {
		let code = TadigCode::try_from("DEUD2").unwrap();
		assert_eq!(code.country(), *b"DEU");
		assert_eq!(code.as_str(), "DEUD2");
		assert!(TadigCode::try_from("GBRVF").is_ok());
	}

	#[test]
	fn rejects_malformed_codes() {
		assert!(TadigCode::try_from("DEU").is_err());
		assert!(TadigCode::try_from("deud2").is_err());
		assert!(TadigCode::try_from("D1UD2").is_err());
		assert!(TadigCode::try_from("DEUD2X").is_err());
		assert!(TadigCode::try_from("DEU-2").is_err());
		assert!(!TadigCode(*b"DEU-2").is_valid());
	}

	#[test]
	fn serde_round_trip() {
		let code = TadigCode::try_from("CHNCT").unwrap();
		let json = serde_json::to_string(&code).unwrap();
		assert_eq!(json, "\"CHNCT\"");
		assert_eq!(serde_json::from_str::<TadigCode>(&json).unwrap(), code);
	}
}
