//! Unit tests of statements in the invoice currency.

#![allow(clippy::arithmetic_side_effects)]

use crate::{invoicing::*, mock::*, types::*, Error};
use frame_support::{assert_noop, assert_ok};
use telecom_primitives::{CurrencyCode, DocumentHash};

fn origin(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn invoicing(currency: CurrencyCode, rate_date: RateDate) -> AgreementTerms {
	AgreementTerms { invoice: Some(InvoiceTerms { currency, rate_date }), ..terms() }
}

fn sign(terms: AgreementTerms) -> AgreementId {
	let id = crate::NextAgreementId::<Test>::get();
	assert_ok!(Roaming::propose_agreement(origin(1), deu(), fra(), terms));
	assert_ok!(Roaming::accept_agreement(origin(2), id));
	id
}

/// 1.15 EUR (or USD) per XDR, in minor units to minor units.
fn rate() -> ExchangeRate {
	ExchangeRate { rate: 115, decimals: 2 }
}

fn publish(month: telecom_primitives::SettlementPeriod, to: CurrencyCode) {
	assert_ok!(Roaming::set_exchange_rate(
		RuntimeOrigin::signed(RATE_SETTER),
		month,
		CurrencyCode::XDR,
		to,
		rate()
	));
}

/// 61 minutes on A's network (305 XDR cents owed by B to A), November over, window passed.
fn november_usage(id: AgreementId) {
	assert_ok!(Roaming::submit_batch(origin(1), id, report(1, 61)));
	NowMillis::set(DEC_2026);
	run_to_block(12);
}

#[test]
fn a_statement_is_converted_at_its_rate_date_into_the_invoice_currency() {
	build_and_execute(|| {
		let id = sign(invoicing(CurrencyCode::EUR, RateDate::UsagePeriod));
		november_usage(id);
		let nov = period(2026, 11);
		// No rate for November yet: the close waits.
		assert_noop!(Roaming::close_period(origin(1), id, nov), Error::<Test>::NoInvoiceRate);
		publish(period(2026, 11), CurrencyCode::EUR);
		assert_ok!(Roaming::close_period(origin(2), id, nov));

		let statement = crate::Statements::<Test>::get(id, nov).unwrap();
		assert_eq!((statement.currency, statement.net), (CurrencyCode::XDR, 305));
		// 305 × 1.15 = 350.75, rounded half up once.
		assert_eq!(
			statement.invoice,
			Some(InvoiceConversion {
				currency: CurrencyCode::EUR,
				rate: rate(),
				rate_period: nov,
				net: 351,
			})
		);
		let cleared = Cleared::get();
		assert_eq!(cleared.len(), 1);
		assert_eq!((cleared[0].currency, cleared[0].amount), (CurrencyCode::EUR, 351));
		assert_eq!((cleared[0].payer, cleared[0].payee), (2, 1));
		// The rate is frozen now.
		assert_noop!(
			Roaming::set_exchange_rate(
				RuntimeOrigin::signed(RATE_SETTER),
				nov,
				CurrencyCode::XDR,
				CurrencyCode::EUR,
				ExchangeRate { rate: 2, decimals: 0 }
			),
			Error::<Test>::RateInUse
		);
	});
}

#[test]
fn a_month_with_nothing_to_invoice_closes_without_a_rate() {
	build_and_execute(|| {
		let id = sign(invoicing(CurrencyCode::EUR, RateDate::UsagePeriod));
		NowMillis::set(DEC_2026);
		assert_ok!(Roaming::close_period(origin(1), id, period(2026, 11)));
		let statement = crate::Statements::<Test>::get(id, period(2026, 11)).unwrap();
		assert_eq!((statement.net, statement.invoice, statement.obligation), (0, None, None));
		assert!(Cleared::get().is_empty());
	});
}

#[test]
fn the_following_period_rule_reads_the_next_months_rate() {
	build_and_execute(|| {
		let id = sign(invoicing(CurrencyCode::USD, RateDate::FollowingPeriod));
		november_usage(id);
		let nov = period(2026, 11);
		// November's rate is not the rate date's.
		publish(period(2026, 11), CurrencyCode::USD);
		assert_noop!(Roaming::close_period(origin(1), id, nov), Error::<Test>::NoInvoiceRate);
		publish(period(2026, 12), CurrencyCode::USD);
		assert_ok!(Roaming::close_period(origin(1), id, nov));
		let conversion = crate::Statements::<Test>::get(id, nov).unwrap().invoice.unwrap();
		assert_eq!(
			(conversion.currency, conversion.rate_period),
			(CurrencyCode::USD, period(2026, 12))
		);
		assert_eq!(Cleared::get()[0].currency, CurrencyCode::USD);
	});
}

#[test]
fn without_invoice_terms_the_obligation_stays_in_the_settlement_currency() {
	build_and_execute(|| {
		let id = sign(terms());
		november_usage(id);
		assert_ok!(Roaming::close_period(origin(1), id, period(2026, 11)));
		let statement = crate::Statements::<Test>::get(id, period(2026, 11)).unwrap();
		assert_eq!(statement.invoice, None);
		assert_eq!(
			(Cleared::get()[0].currency, Cleared::get()[0].amount),
			(CurrencyCode::XDR, 305)
		);
	});
}

#[test]
fn a_true_up_is_converted_at_the_statements_rate() {
	build_and_execute(|| {
		let id = sign(invoicing(CurrencyCode::EUR, RateDate::UsagePeriod));
		assert_ok!(Roaming::submit_batch(origin(1), id, report(1, 61)));
		assert_ok!(Roaming::dispute_batch(
			origin(2),
			id,
			Side::A,
			1,
			105,
			30,
			DocumentHash::zero()
		));
		NowMillis::set(DEC_2026);
		run_to_block(12);
		publish(period(2026, 11), CurrencyCode::EUR);
		assert_ok!(Roaming::close_period(origin(1), id, period(2026, 11)));
		// 200 XDR closed (230 EUR); the dispute then settles at the full 305: 105 XDR more.
		assert_eq!(Cleared::get()[0].amount, 230);
		assert_ok!(Roaming::arbitrate(RuntimeOrigin::signed(ARBITER), id, Side::A, 1, 305));
		let true_up = Cleared::get()[1].clone();
		// 105 × 1.15 = 120.75 → 121 EUR.
		assert_eq!((true_up.currency, true_up.amount), (CurrencyCode::EUR, 121));
	});
}

#[test]
fn invoice_terms_are_checked_and_cannot_be_amended() {
	build_and_execute(|| {
		for currency in [CurrencyCode::XDR, CurrencyCode::new(*b"GBP").unwrap()] {
			assert_noop!(
				Roaming::propose_agreement(
					origin(1),
					deu(),
					fra(),
					invoicing(currency, RateDate::UsagePeriod)
				),
				Error::<Test>::InvalidInvoiceCurrency
			);
		}
		let id = sign(invoicing(CurrencyCode::EUR, RateDate::UsagePeriod));
		for changed in [
			invoicing(CurrencyCode::USD, RateDate::UsagePeriod),
			invoicing(CurrencyCode::EUR, RateDate::FollowingPeriod),
			terms(),
		] {
			assert_noop!(
				Roaming::propose_amendment(origin(2), id, changed),
				Error::<Test>::CurrencyChange
			);
		}
		let mut same = invoicing(CurrencyCode::EUR, RateDate::UsagePeriod);
		same.dispute_window = 12;
		assert_ok!(Roaming::propose_amendment(origin(2), id, same));
	});
}

#[test]
fn a_zero_net_month_with_a_withheld_dispute_invoices_its_true_up() {
	build_and_execute(|| {
		let id = sign(invoicing(CurrencyCode::EUR, RateDate::UsagePeriod));
		assert_ok!(Roaming::submit_batch(origin(1), id, report(1, 61)));
		// The home side disputes the whole file: the month nets to zero.
		assert_ok!(Roaming::dispute_batch(
			origin(2),
			id,
			Side::A,
			1,
			305,
			30,
			DocumentHash::zero()
		));
		NowMillis::set(DEC_2026);
		run_to_block(12);
		// The withheld 305 will be trued up later: the close waits for the rate.
		assert_noop!(
			Roaming::close_period(origin(1), id, period(2026, 11)),
			Error::<Test>::NoInvoiceRate
		);
		publish(period(2026, 11), CurrencyCode::EUR);
		assert_ok!(Roaming::close_period(origin(1), id, period(2026, 11)));
		let statement = crate::Statements::<Test>::get(id, period(2026, 11)).unwrap();
		assert_eq!(statement.net, 0);
		assert_eq!(statement.invoice.map(|i| (i.currency, i.net)), Some((CurrencyCode::EUR, 0)));
		assert!(Cleared::get().is_empty());
		// Resolved in full: 305 XDR × 1.15 = 350.75 → 351 EUR, not 305 XDR.
		assert_ok!(Roaming::arbitrate(RuntimeOrigin::signed(ARBITER), id, Side::A, 1, 305));
		let true_up = Cleared::get()[0].clone();
		assert_eq!((true_up.currency, true_up.amount), (CurrencyCode::EUR, 351));
		assert_ok!(Roaming::do_try_state());
	});
}
