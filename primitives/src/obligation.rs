//! Payment obligations: what the business pallets owe each other's accounts, sent to clearing.

use crate::{Amount, CurrencyCode, DocumentHash};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::DispatchError;

/// Identifier the clearing pallet assigns to an accepted obligation.
pub type ObligationId = u64;

/// Which business process created an obligation.
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
)]
pub enum ObligationSource {
	/// A bill submitted by the payee and accepted by the payer (or under a standing mandate).
	DirectBill,
	/// The net of a closed roaming settlement period between two operators.
	Roaming,
	/// A spectrum lease charge, lessee to licence holder.
	Spectrum,
	/// A tender bond forfeit or an awarded contract payment.
	Tender,
	/// Capex, opex, lease revenue or SLA penalty of a shared 5G site.
	SiteSharing,
	/// An unpaid settlement instruction of an earlier cycle, carried into the next one.
	CarriedOver,
}

/// One payment obligation: `payer` owes `payee` `amount` minor units of `currency`.
///
/// Obligations are gross; the clearing pallet nets them per settlement cycle and currency.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Obligation<AccountId> {
	/// Account that owes the money.
	pub payer: AccountId,
	/// Account that is owed the money.
	pub payee: AccountId,
	/// Currency of `amount`.
	pub currency: CurrencyCode,
	/// Amount in minor units of `currency`; never zero.
	pub amount: Amount,
	/// Business process that created the obligation.
	pub source: ObligationSource,
	/// Hash of the statement, bill or contract that justifies the obligation.
	pub reference: DocumentHash,
}

/// Where business pallets send the obligations they create; implemented by the clearing pallet.
///
/// The runtime wiring is the only authority check: a pallet that holds a sink may create
/// obligations between any two accounts, so it must only do so for business it has verified.
pub trait ObligationSink<AccountId> {
	/// Records `obligation` for netting in the current clearing cycle and returns its id.
	///
	/// Fails if the obligation is malformed (zero amount, payer equal to payee, invalid currency)
	/// or if clearing cannot take it (for example, a party is not a clearing participant).
	fn submit(obligation: Obligation<AccountId>) -> Result<ObligationId, DispatchError>;
}

/// Discards obligations after checking their form; a stand-in until clearing is wired in.
impl<AccountId: PartialEq> ObligationSink<AccountId> for () {
	fn submit(obligation: Obligation<AccountId>) -> Result<ObligationId, DispatchError> {
		obligation.check_form()?;
		Ok(0)
	}
}

impl<AccountId: PartialEq> Obligation<AccountId> {
	/// Checks what any sink must reject: a zero amount, a self-payment or a malformed currency.
	pub fn check_form(&self) -> Result<(), DispatchError> {
		if self.amount == 0 {
			return Err(DispatchError::Other("obligation amount is zero"));
		}
		if self.payer == self.payee {
			return Err(DispatchError::Other("obligation payer and payee are the same account"));
		}
		if !self.currency.is_valid() {
			return Err(DispatchError::Other("obligation currency is not an ISO 4217 code"));
		}
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn obligation(payer: u64, payee: u64, amount: Amount) -> Obligation<u64> {
		Obligation {
			payer,
			payee,
			currency: CurrencyCode::XDR,
			amount,
			source: ObligationSource::Roaming,
			reference: DocumentHash::repeat_byte(7),
		}
	}

	#[test]
	fn unit_sink_accepts_well_formed_obligations() {
		assert_eq!(<() as ObligationSink<u64>>::submit(obligation(1, 2, 10)), Ok(0));
	}

	#[test]
	fn unit_sink_rejects_malformed_obligations() {
		assert!(<() as ObligationSink<u64>>::submit(obligation(1, 2, 0)).is_err());
		assert!(<() as ObligationSink<u64>>::submit(obligation(3, 3, 10)).is_err());
		let mut bad = obligation(1, 2, 10);
		bad.currency = CurrencyCode::decode(&mut &b"e$r"[..]).unwrap();
		assert!(<() as ObligationSink<u64>>::submit(bad).is_err());
	}
}
