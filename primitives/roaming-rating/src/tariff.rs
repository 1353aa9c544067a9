//! IOT tariffs: a rate per service in TD.201/BA.08 terms.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// A chargeable service of an IOT tariff (and the matching counter of a file's totals).
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
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub enum Service {
	/// Mobile-originated calls to numbers of the visited country.
	MocLocal,
	/// Mobile-originated calls back to the roamer's home country.
	MocHome,
	/// Mobile-originated calls to any other country.
	MocInternational,
	/// Mobile-terminated calls (received while roaming).
	Mtc,
	/// Mobile-originated SMS.
	SmsMo,
	/// Mobile-terminated SMS.
	SmsMt,
	/// Packet data (GPRS/PDP or 5G PDU sessions).
	Data,
	/// Voice over LTE/NR (IMS voice) calls.
	Volte,
	/// Video calls.
	Video,
}

impl Service {
	/// Every service, in the order of the tariff's fields.
	pub const ALL: [Service; 9] = [
		Service::MocLocal,
		Service::MocHome,
		Service::MocInternational,
		Service::Mtc,
		Service::SmsMo,
		Service::SmsMt,
		Service::Data,
		Service::Volte,
		Service::Video,
	];

	/// The service's name as the tariff's JSON spells it.
	pub fn name(self) -> &'static str {
		match self {
			Service::MocLocal => "mocLocal",
			Service::MocHome => "mocHome",
			Service::MocInternational => "mocInternational",
			Service::Mtc => "mtc",
			Service::SmsMo => "smsMo",
			Service::SmsMt => "smsMt",
			Service::Data => "data",
			Service::Volte => "volte",
			Service::Video => "video",
		}
	}

	/// Usage units (seconds, messages or kilobytes) per rating unit (minute, message or
	/// megabyte).
	pub fn units_per_rating_unit(self) -> u128 {
		match self {
			Service::SmsMo | Service::SmsMt => 1,
			Service::Data => crate::KILOBYTES_PER_MEGABYTE,
			_ => crate::SECONDS_PER_MINUTE,
		}
	}
}

/// One service's inter-operator tariff. Money is in **thousandths of a minor unit** (TAP's
/// five decimal places of an XDR: a price of 1,250 is 1.25 cents, 0.0125 XDR).
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
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct Rate {
	/// Price per rating unit (minute, message or megabyte) in thousandths of a minor unit.
	pub price: u64,
	/// Charging increment in the usage unit (seconds for calls, kilobytes for data; ignored for
	/// SMS). Chargeable usage is a whole number of increments; zero means one.
	pub increment: u32,
	/// Surcharge per event (call set-up fee, per message or per session), in thousandths of a
	/// minor unit, added to the volume charge.
	#[serde(default)]
	pub setup_fee: u64,
	/// Minimum charge per event before the set-up fee, in thousandths of a minor unit: the
	/// volume charge of a file's events is at least their number times this.
	#[serde(default)]
	pub minimum_charge: u64,
}

impl Rate {
	/// A plain volume rate: `price` per rating unit in `increment`s, no surcharge or minimum.
	pub const fn per_unit(price: u64, increment: u32) -> Self {
		Self { price, increment, setup_fee: 0, minimum_charge: 0 }
	}
}

/// The tariff a visited network charges the home operator, per service (TD.201/BA.08 IOT
/// practice).
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
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct Tariff {
	/// Mobile-originated calls within the visited country, per minute; increment in seconds.
	pub moc_local: Rate,
	/// Mobile-originated calls back to the home country, per minute; increment in seconds.
	pub moc_home: Rate,
	/// Mobile-originated calls to other countries, per minute; increment in seconds.
	pub moc_international: Rate,
	/// Mobile-terminated calls, per minute; increment in seconds.
	pub mtc: Rate,
	/// Mobile-originated SMS, per message.
	pub sms_mo: Rate,
	/// Mobile-terminated SMS, per message.
	pub sms_mt: Rate,
	/// Packet data, per megabyte (1,024 KB); increment (the rounding unit) in kilobytes.
	pub data: Rate,
	/// VoLTE/VoNR calls, per minute; increment in seconds.
	pub volte: Rate,
	/// Video calls, per minute; increment in seconds.
	pub video: Rate,
}

impl Tariff {
	/// The rate of `service`.
	pub fn rate(&self, service: Service) -> &Rate {
		match service {
			Service::MocLocal => &self.moc_local,
			Service::MocHome => &self.moc_home,
			Service::MocInternational => &self.moc_international,
			Service::Mtc => &self.mtc,
			Service::SmsMo => &self.sms_mo,
			Service::SmsMt => &self.sms_mt,
			Service::Data => &self.data,
			Service::Volte => &self.volte,
			Service::Video => &self.video,
		}
	}

	/// The rate of `service`, to change it.
	pub fn rate_mut(&mut self, service: Service) -> &mut Rate {
		match service {
			Service::MocLocal => &mut self.moc_local,
			Service::MocHome => &mut self.moc_home,
			Service::MocInternational => &mut self.moc_international,
			Service::Mtc => &mut self.mtc,
			Service::SmsMo => &mut self.sms_mo,
			Service::SmsMt => &mut self.sms_mt,
			Service::Data => &mut self.data,
			Service::Volte => &mut self.volte,
			Service::Video => &mut self.video,
		}
	}
}
