//! Statements in the invoice currency: an agreement settles in its settlement currency (XDR
//! in GSMA practice) but may invoice in EUR or USD. A closed period's net is converted at the
//! rate published for the agreement's rate date before it becomes the clearing obligation,
//! and the rate and its period are kept on the statement.
//!
//! Rounding (one conversion per obligation): the net in the settlement currency is converted
//! exactly and rounded half up to the invoice currency's minor unit ([`rating::convert`]). A
//! true-up of a dispute resolved after the close is converted at the statement's rate and
//! rounded the same way on its own.

use crate::{pallet::*, rating, types::*};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{ensure, pallet_prelude::*};
use scale_info::TypeInfo;
use telecom_primitives::{amount_string, Amount, CurrencyCode, SettlementPeriod};

/// Which period's published rate converts a period's statement.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
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
pub enum RateDate {
	/// The rate of the settled month itself.
	UsagePeriod,
	/// The rate of the month after it (the month the invoice is issued in).
	FollowingPeriod,
}

impl RateDate {
	/// The period whose rate converts `period`'s statement, or `None` past the calendar.
	pub fn rate_period(self, period: SettlementPeriod) -> Option<SettlementPeriod> {
		match self {
			RateDate::UsagePeriod => Some(period),
			RateDate::FollowingPeriod => period.add_months(1),
		}
	}
}

/// The currency an agreement invoices in, besides the currency it settles in.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
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
pub struct InvoiceTerms {
	/// `EUR` or `USD`.
	pub currency: CurrencyCode,
	/// Which period's rate converts a statement.
	pub rate_date: RateDate,
}

/// A statement's net converted into the invoice currency: what went to clearing.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
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
pub struct InvoiceConversion {
	/// The invoice currency.
	pub currency: CurrencyCode,
	/// The rate from the settlement currency (frozen once used).
	pub rate: ExchangeRate,
	/// The period the rate was published for (the rate date).
	pub rate_period: SettlementPeriod,
	/// The net in the invoice currency, rounded half up once.
	#[serde(with = "amount_string")]
	pub net: Amount,
}

/// Whether `currency` may be an invoice currency.
pub fn is_invoice_currency(currency: CurrencyCode) -> bool {
	currency == CurrencyCode::EUR || currency == CurrencyCode::USD
}

impl<T: Config> Pallet<T> {
	/// Checks the invoice terms of proposed terms: EUR or USD, not the settlement currency.
	pub(crate) fn check_invoice_terms(terms: &AgreementTerms) -> DispatchResult {
		if let Some(invoice) = &terms.invoice {
			ensure!(
				is_invoice_currency(invoice.currency) && invoice.currency != terms.currency,
				Error::<T>::InvalidInvoiceCurrency
			);
		}
		Ok(())
	}

	/// Converts `period`'s `net` into the agreement's invoice currency at the rate of its rate
	/// date, freezing that rate. `None` when the agreement does not invoice in another currency,
	/// or when the net is zero and nothing is `withheld` under dispute (nothing to invoice now
	/// or later: such a month closes without a rate); a month with withheld amounts keeps the
	/// rate even at a zero net, so that its true-ups are invoiced in the invoice currency.
	/// `NoInvoiceRate` while the rate is not published (the close waits for it).
	pub(crate) fn invoice_conversion(
		terms: &AgreementTerms,
		period: SettlementPeriod,
		net: Amount,
		withheld: bool,
	) -> Result<Option<InvoiceConversion>, DispatchError> {
		let Some(invoice) = terms.invoice.filter(|_| net > 0 || withheld) else {
			return Ok(None);
		};
		let rate_period = invoice.rate_date.rate_period(period).ok_or(Error::<T>::Overflow)?;
		let key = (rate_period, terms.currency, invoice.currency);
		let rate = ExchangeRates::<T>::get(key).ok_or(Error::<T>::NoInvoiceRate)?;
		RatesInUse::<T>::insert(key, ());
		let converted = rating::convert(net, &rate).ok_or(Error::<T>::RatingOverflow)?;
		Ok(Some(InvoiceConversion {
			currency: invoice.currency,
			rate,
			rate_period,
			net: converted,
		}))
	}

	/// The currency and amount an obligation of `amount` (settlement currency) is due in under
	/// `statement`: its invoice conversion's, if it has one.
	pub(crate) fn obligation_amount(
		currency: CurrencyCode,
		invoice: Option<&InvoiceConversion>,
		amount: Amount,
	) -> Result<(CurrencyCode, Amount), DispatchError> {
		match invoice {
			Some(conversion) => Ok((
				conversion.currency,
				rating::convert(amount, &conversion.rate).ok_or(Error::<T>::RatingOverflow)?,
			)),
			None => Ok((currency, amount)),
		}
	}
}
