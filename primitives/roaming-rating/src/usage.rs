//! Per-service usage totals of a TAP file or BCE usage report.

use crate::tariff::Service;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Call usage of one service (MOC class, MTC, VoLTE or video).
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
pub struct VoiceUsage {
	/// Calls.
	pub calls: u32,
	/// Chargeable seconds after the sender's per-call rounding.
	pub seconds: u64,
}

/// Data usage.
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
pub struct DataUsage {
	/// Sessions (GPRS/PDP or PDU contexts).
	pub sessions: u32,
	/// Chargeable kilobytes after the sender's per-session rounding.
	pub kilobytes: u64,
}

/// Per-service totals of a TAP file or BCE usage report: one counter per tariff service.
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
pub struct UsageTotals {
	/// Mobile-originated calls within the visited country.
	pub moc_local: VoiceUsage,
	/// Mobile-originated calls to the home country.
	pub moc_home: VoiceUsage,
	/// Mobile-originated calls to other countries.
	pub moc_international: VoiceUsage,
	/// Mobile-terminated calls.
	pub mtc: VoiceUsage,
	/// Mobile-originated messages.
	pub sms_mo: u32,
	/// Mobile-terminated messages.
	pub sms_mt: u32,
	/// Packet data.
	pub data: DataUsage,
	/// VoLTE/VoNR calls.
	pub volte: VoiceUsage,
	/// Video calls.
	pub video: VoiceUsage,
}

/// One service's share of a file's totals.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct ServiceUsage {
	/// Events (calls, messages or sessions).
	pub events: u32,
	/// Volume in the service's usage unit (seconds, messages or kilobytes).
	pub volume: u64,
}

impl UsageTotals {
	/// The events and volume of `service`.
	pub fn service(&self, service: Service) -> ServiceUsage {
		let call = |usage: &VoiceUsage| ServiceUsage { events: usage.calls, volume: usage.seconds };
		match service {
			Service::MocLocal => call(&self.moc_local),
			Service::MocHome => call(&self.moc_home),
			Service::MocInternational => call(&self.moc_international),
			Service::Mtc => call(&self.mtc),
			Service::SmsMo => ServiceUsage { events: self.sms_mo, volume: u64::from(self.sms_mo) },
			Service::SmsMt => ServiceUsage { events: self.sms_mt, volume: u64::from(self.sms_mt) },
			Service::Data => {
				ServiceUsage { events: self.data.sessions, volume: self.data.kilobytes }
			},
			Service::Volte => call(&self.volte),
			Service::Video => call(&self.video),
		}
	}

	/// Sets the events and volume of `service` (for SMS the volume is the message count, so
	/// only `events` is used).
	pub fn set_service(&mut self, service: Service, usage: ServiceUsage) {
		let call = VoiceUsage { calls: usage.events, seconds: usage.volume };
		match service {
			Service::MocLocal => self.moc_local = call,
			Service::MocHome => self.moc_home = call,
			Service::MocInternational => self.moc_international = call,
			Service::Mtc => self.mtc = call,
			Service::SmsMo => self.sms_mo = usage.events,
			Service::SmsMt => self.sms_mt = usage.events,
			Service::Data => {
				self.data = DataUsage { sessions: usage.events, kilobytes: usage.volume }
			},
			Service::Volte => self.volte = call,
			Service::Video => self.video = call,
		}
	}

	/// Events in the totals (calls, messages and sessions of every service).
	pub fn events(&self) -> u64 {
		Service::ALL
			.iter()
			.fold(0u64, |sum, service| sum.saturating_add(u64::from(self.service(*service).events)))
	}
}
