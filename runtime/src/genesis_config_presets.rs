//! Genesis presets: the initial state of the `development` and `local_testnet` chains.

use crate::{
	configs::MAX_OPERATORS, AccountId, AssetId, Balance, BalancesConfig, BlockNumber,
	OperatorsConfig, Runtime, RuntimeGenesisConfig, SudoConfig, UNIT,
};
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_runtime::BoundedVec;
use telecom_primitives::{CurrencyCode, TadigCode};

/// Alias of [`sp_genesis_builder::DEV_RUNTIME_PRESET`] accepted by [`get_preset`].
pub const DEV_ALIAS: &str = "dev";

/// Native tokens given to every endowed account.
pub const ENDOWMENT: Balance = 1_000_000 * UNIT;

/// A tokenised settlement currency created at genesis.
pub struct SettlementAsset {
	/// Asset id in `pallet-assets`.
	pub id: AssetId,
	/// ISO 4217 code, used as the asset's symbol.
	pub symbol: &'static [u8],
	/// Human-readable name.
	pub name: &'static [u8],
	/// Decimals of the currency's minor unit.
	pub decimals: u8,
}

/// The settlement assets of the dev chain: XDR for roaming, EUR and USD for other business.
pub const SETTLEMENT_ASSETS: [SettlementAsset; 3] = [
	SettlementAsset {
		id: 1,
		symbol: b"XDR",
		name: b"Special drawing right (settlement)",
		decimals: 2,
	},
	SettlementAsset { id: 2, symbol: b"EUR", name: b"Euro (settlement)", decimals: 2 },
	SettlementAsset { id: 3, symbol: b"USD", name: b"US dollar (settlement)", decimals: 2 },
];

/// Currencies registered for clearing at genesis, with their minor-unit exponent: roaming bills
/// in XDR, the other business pallets in EUR. The consortium registers more by governance.
pub const CLEARING_CURRENCIES: [(CurrencyCode, u8); 2] =
	[(CurrencyCode::XDR, 2), (CurrencyCode::EUR, 2)];

/// Settlement-asset balance given to each dev operator: ten million units, in minor units.
pub const SETTLEMENT_FLOAT: Balance = 1_000_000_000;

/// Unsecured clearing credit limit of each dev operator in every genesis currency, in minor
/// units (ten trillion units): room for the demo, the end-to-end tests and load runs without
/// collateral. A production chain starts with none; its council sets limits and operators post
/// collateral.
pub const DEV_CREDIT_LIMIT: u128 = 1_000_000_000_000_000;

/// The networks of the first four operators, in operator order: a German, a French, a British
/// and a Spanish network.
pub const DEMO_TADIGS: [[u8; 5]; 4] = [*b"DEUTC", *b"FRAMC", *b"GBRTC", *b"ESPTC"];

/// An IOT agreement in force between the British (`GBRTC`) and French (`FRAMC`) networks, 2026 to
/// 2030, in XDR: 0.05 XDR a minute MO (per second), 0.01 MT (30 s), 0.02 an SMS, 0.0125 a MB
/// (10 KB), a 10 % discount on each side's monthly charge above 1,000 XDR, a tolerance of 0.5 % or
/// 1 XDR between claim and re-rating, one-day dispute window.
fn demo_agreements(
	operators: usize,
) -> Vec<(TadigCode, TadigCode, pallet_roaming_settlement::AgreementTerms)> {
	use pallet_roaming_settlement::{
		AgreementTerms, Discount, DiscountModel, DiscountTier, NetworkTerms, Rate, Tariff,
		Tolerance,
	};
	let (Some(gbr), Some(fra)) = (TadigCode::new(*b"GBRTC"), TadigCode::new(*b"FRAMC")) else {
		return vec![];
	};
	let (Some(from), Some(to)) = (
		telecom_primitives::SettlementPeriod::new(2026, 1),
		telecom_primitives::SettlementPeriod::new(2030, 12),
	) else {
		return vec![];
	};
	if operators < 3 {
		return vec![];
	}
	// An IOT tariff in XDR (prices in thousandths of a cent): 0.05 a minute for every MOC
	// class and VoLTE, per second; MTC 0.01 in 30 s increments; SMS MO 0.02 (MT free); data
	// 0.0125 a MB in 10 KB units; video 0.20 a minute in whole minutes.
	let tariff = Tariff {
		moc_local: Rate::per_unit(5_000, 1),
		moc_home: Rate::per_unit(5_000, 1),
		moc_international: Rate::per_unit(5_000, 1),
		mtc: Rate::per_unit(1_000, 30),
		sms_mo: Rate::per_unit(2_000, 1),
		sms_mt: Rate::per_unit(0, 1),
		data: Rate::per_unit(1_250, 10),
		volte: Rate::per_unit(5_000, 1),
		video: Rate::per_unit(20_000, 60),
	};
	let discount = Discount {
		model: DiscountModel::Incremental,
		tiers: BoundedVec::truncate_from(vec![DiscountTier { from: 100_000, basis_points: 1_000 }]),
	};
	// A claim may exceed the chain's re-rating by 0.5 % or 1 XDR before a reconciliation opens.
	let tolerance = Tolerance { basis_points: 50, minimum: 100 };
	let network = NetworkTerms {
		tariff,
		discount: Some(discount),
		tolerance,
		service_tolerances: Default::default(),
	};
	let terms = AgreementTerms {
		valid_from: from,
		valid_to: to,
		currency: CurrencyCode::XDR,
		network_a: network.clone(),
		network_b: network,
		dispute_window: crate::DAYS,
		notice_periods: 3,
		tax_included: false,
		document: sp_core::H256::repeat_byte(0xA1),
		invoice: None,
	};
	vec![(gbr, fra, terms)]
}

/// Alice's priority-access licence for 3,700–3,800 MHz over six cells of one city, with a posted
/// offer of 3,700–3,740 MHz at 0.50 EUR per MHz-hour.
fn spectrum_genesis(operators: &[AccountId]) -> pallet_spectrum_market::GenesisConfig<Runtime> {
	let Some(holder) = operators.first().cloned() else { return Default::default() };
	let cells: Vec<u64> = (613_300_001..=613_300_006).collect();
	let mhz = 1_000_000u64;
	let end: BlockNumber = 10_000_000;
	pallet_spectrum_market::GenesisConfig {
		licences: vec![(holder, 3_700 * mhz, 3_800 * mhz, cells.clone(), end, true)],
		offers: vec![(0, 3_700 * mhz, 3_740 * mhz, cells, end, 50, CurrencyCode::EUR)],
	}
}

/// The dev chains' expert registry, from which weighted tenders' panels are drawn: seven funded
/// well-known accounts that are not operators (Eve, Ferdie and five stash accounts), none
/// affiliated. Production networks start with an empty registry that the council fills.
pub fn dev_experts() -> Vec<AccountId> {
	[
		Sr25519Keyring::Eve,
		Sr25519Keyring::Ferdie,
		Sr25519Keyring::AliceStash,
		Sr25519Keyring::BobStash,
		Sr25519Keyring::CharlieStash,
		Sr25519Keyring::DaveStash,
		Sr25519Keyring::EveStash,
	]
	.iter()
	.map(|k| k.to_account_id())
	.collect()
}

/// Alice's open tender for fibre backhaul, bids due at block 300,000 (about three weeks: an
/// open procedure runs at least 20 days), and the dev expert registry.
fn tender_genesis(operators: &[AccountId]) -> pallet_tender::GenesisConfig<Runtime> {
	let Some(buyer) = operators.first().cloned() else { return Default::default() };
	pallet_tender::GenesisConfig {
		experts: dev_experts().into_iter().map(|expert| (expert, None)).collect(),
		tenders: vec![(
			buyer,
			b"Fibre backhaul for 40 shared sites".to_vec(),
			sp_core::H256::repeat_byte(0xF1),
			CurrencyCode::EUR,
			300_000,
		)],
	}
}

/// A site in service, owned 60/40 by the first two operators, whose base station is the radio
/// unit SN-AAU-2026-0002: 1,000 capacity units, energy at 0.25 EUR a kWh.
fn sharing_genesis(operators: &[AccountId]) -> pallet_5g_sharing::GenesisConfig<Runtime> {
	let (Some(lead), Some(partner)) = (operators.first().cloned(), operators.get(1).cloned())
	else {
		return Default::default();
	};
	let device = demo_device_id("SN-AAU-2026-0002");
	pallet_5g_sharing::GenesisConfig {
		sites: vec![(
			lead.clone(),
			vec![(lead, 6_000), (partner, 4_000)],
			8_833_002,
			25_000_000,
			CurrencyCode::EUR,
			device,
			1_000,
			25,
		)],
	}
}

/// The demo equipment maker's identifier key, which keys its device ids. A real manufacturer keeps
/// its key secret and shares it only with the parties that look devices up by serial or IMEI;
/// this one is public so that the dev chain's demos and tests can compute the ids.
pub const DEMO_IDENTIFIER_KEY: pallet_device_identity::IdentifierKey = [0xDA; 32];

/// The id of the demo maker's device with serial number `serial`.
pub fn demo_device_id(serial: &str) -> telecom_primitives::DeviceId {
	pallet_device_identity::device_id_of(&DEMO_IDENTIFIER_KEY, serial.as_bytes())
}

/// The demo equipment maker: Dave, attesting with his ed25519 key.
pub fn demo_manufacturer() -> AccountId {
	Sr25519Keyring::Dave.to_account_id()
}

/// Dave as a manufacturer and three radio units whose (ed25519) keys are the dev keys of Ferdie,
/// One and Two; the first two are in service with the first operator, the third is in stock.
fn device_genesis(operators: &[AccountId]) -> pallet_device_identity::GenesisConfig<Runtime> {
	let maker = demo_manufacturer();
	let first_operator = operators.first().cloned();
	let unit = |serial: &str, key: Ed25519Keyring, in_service: bool| {
		let device = demo_device_id(serial);
		let key = telecom_primitives::DeviceKey::Ed25519(key.public().0);
		let operator = if in_service { first_operator.clone() } else { None };
		(maker.clone(), device, key, b"AAU 64T64R n78".to_vec(), operator)
	};
	pallet_device_identity::GenesisConfig {
		manufacturers: vec![(
			maker.clone(),
			b"Dave Radio Systems".to_vec(),
			vec![telecom_primitives::DeviceKey::Ed25519(Ed25519Keyring::Dave.public().0)],
			Some(pallet_device_identity::identifier_key_commitment(&DEMO_IDENTIFIER_KEY)),
		)],
		devices: vec![
			unit("SN-AAU-2026-0001", Ed25519Keyring::Ferdie, true),
			unit("SN-AAU-2026-0002", Ed25519Keyring::One, true),
			unit("SN-AAU-2026-0003", Ed25519Keyring::Two, false),
		],
	}
}

/// Builds a genesis state as JSON.
fn consortium_genesis(
	validators: Vec<(AccountId, AuraId, GrandpaId)>,
	endowed: Vec<AccountId>,
	operators: Vec<AccountId>,
	root: AccountId,
	with_settlement_assets: bool,
) -> Value {
	let operators: BoundedVec<AccountId, frame_support::traits::ConstU32<MAX_OPERATORS>> =
		BoundedVec::truncate_from(operators);
	let (assets, metadata, accounts) = if with_settlement_assets {
		let assets = SETTLEMENT_ASSETS.iter().map(|a| (a.id, root.clone(), true, 1)).collect();
		let metadata = SETTLEMENT_ASSETS
			.iter()
			.map(|a| (a.id, a.name.to_vec(), a.symbol.to_vec(), a.decimals))
			.collect();
		let accounts = SETTLEMENT_ASSETS
			.iter()
			.flat_map(|a| operators.iter().map(move |op| (a.id, op.clone(), SETTLEMENT_FLOAT)))
			.collect();
		(assets, metadata, accounts)
	} else {
		(vec![], vec![], vec![])
	};
	let settlement_currencies: Vec<(CurrencyCode, AssetId)> = if with_settlement_assets {
		SETTLEMENT_ASSETS
			.iter()
			.filter_map(|a| Some((CurrencyCode::new(a.symbol.try_into().ok()?)?, a.id)))
			.collect()
	} else {
		vec![]
	};
	let credit_limits: Vec<(AccountId, CurrencyCode, u128)> = if with_settlement_assets {
		let mut currencies: Vec<CurrencyCode> =
			CLEARING_CURRENCIES.iter().map(|(currency, _)| *currency).collect();
		for (currency, _) in &settlement_currencies {
			if !currencies.contains(currency) {
				currencies.push(*currency);
			}
		}
		operators
			.iter()
			.flat_map(|op| currencies.iter().map(move |c| (op.clone(), *c, DEV_CREDIT_LIMIT)))
			.collect()
	} else {
		vec![]
	};

	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed.iter().cloned().map(|k| (k, ENDOWMENT)).collect::<Vec<_>>(),
		},
		session: session_genesis(validators),
		sudo: SudoConfig { key: Some(root) },
		operators: OperatorsConfig { members: operators.clone() },
		clearing: pallet_clearing::GenesisConfig {
			participants: operators.to_vec(),
			settlement_assets: settlement_currencies,
			// Clearing accepts registered currencies only: those the business pallets and the
			// demo bill in (settlement-asset currencies are registered with them).
			currencies: CLEARING_CURRENCIES.to_vec(),
			credit_limits,
		},
		assets: pallet_assets::GenesisConfig { assets, metadata, accounts },
		device_identity: device_genesis(&operators),
		spectrum: spectrum_genesis(&operators),
		tender: tender_genesis(&operators),
		five_g_sharing: sharing_genesis(&operators),
		roaming: pallet_roaming_settlement::GenesisConfig {
			tadigs: operators
				.iter()
				.cloned()
				.zip(DEMO_TADIGS.iter().filter_map(|code| TadigCode::new(*code)))
				.collect::<Vec<_>>(),
			agreements: demo_agreements(operators.len()),
		},
	})
}

fn authority(keyring: (Sr25519Keyring, Ed25519Keyring)) -> (AccountId, AuraId, GrandpaId) {
	(keyring.0.to_account_id(), keyring.0.public().into(), keyring.1.public().into())
}

/// The first session's validators with their session keys, in account order (the order later
/// sessions plan them in, so the first rotation changes no authority). Aura's and GRANDPA's own
/// genesis authorities stay empty: the session pallet hands them its validators' keys.
fn session_genesis(
	mut validators: Vec<(AccountId, AuraId, GrandpaId)>,
) -> pallet_session::GenesisConfig<Runtime> {
	validators.sort_by(|a, b| a.0.cmp(&b.0));
	pallet_session::GenesisConfig {
		keys: validators
			.into_iter()
			.map(|(account, aura, grandpa)| {
				(account.clone(), account, crate::opaque::SessionKeys { aura, grandpa })
			})
			.collect(),
		non_authority_keys: Vec::new(),
	}
}

/// The `development` preset: Alice authors and finalises alone; Alice, Bob, Charlie and Dave are
/// the four operators (networks `DEUTC`, `FRAMC`, `GBRTC`, `ESPTC`); the well-known dev accounts
/// are funded; XDR, EUR and USD settlement assets exist.
pub fn development_config_genesis() -> Value {
	consortium_genesis(
		vec![authority((Sr25519Keyring::Alice, Ed25519Keyring::Alice))],
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		vec![
			Sr25519Keyring::Alice.to_account_id(),
			Sr25519Keyring::Bob.to_account_id(),
			Sr25519Keyring::Charlie.to_account_id(),
			Sr25519Keyring::Dave.to_account_id(),
		],
		Sr25519Keyring::Alice.to_account_id(),
		true,
	)
}

/// The `local_testnet` preset: Alice, Bob, Charlie and Dave are the four validators and the
/// four operators.
pub fn local_config_genesis() -> Value {
	let validators = [
		(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
		(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
		(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
		(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
	];
	consortium_genesis(
		validators.iter().copied().map(authority).collect(),
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		validators.iter().map(|(sr, _)| sr.to_account_id()).collect(),
		Sr25519Keyring::Alice.to_account_id(),
		true,
	)
}

/// A founding operator of a production network, as it supplies itself: its account (which holds
/// its council seat and pays its fees), its validator's session keys and its networks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundingOperator {
	/// The operator's account: member of the operators' set and the council, clearing participant.
	pub account: AccountId,
	/// Block-authoring (Aura, sr25519) key of the operator's validator.
	pub aura: AuraId,
	/// Finality (GRANDPA, ed25519) key of the operator's validator.
	pub grandpa: GrandpaId,
	/// The operator's TADIG code for roaming, if it roams.
	pub tadig: Option<TadigCode>,
	/// The libp2p peer ids (multihash bytes) of the operator's nodes: the only peers the network
	/// accepts (`pallet-operator-nodes`). Each holds the node deposit from the endowment.
	pub nodes: Vec<Vec<u8>>,
}

/// Native tokens each founding operator starts with on a production network: enough for fees and
/// deposits; there is no other endowment.
pub const FOUNDER_ENDOWMENT: Balance = 100_000 * UNIT;

/// The genesis of a production network: the founding operators as validators, operators, council
/// and clearing participants, each endowed with [`FOUNDER_ENDOWMENT`]; no sudo key, no dev
/// accounts, no settlement assets (operators create them by governance) and no demo business.
/// The node's `production-spec` command builds a chain spec from it.
pub fn production_genesis(founders: &[FoundingOperator]) -> Value {
	let operators: BoundedVec<AccountId, frame_support::traits::ConstU32<MAX_OPERATORS>> =
		BoundedVec::truncate_from(founders.iter().map(|f| f.account.clone()).collect());
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: founders
				.iter()
				.map(|f| (f.account.clone(), FOUNDER_ENDOWMENT))
				.collect::<Vec<_>>(),
		},
		session: session_genesis(
			founders
				.iter()
				.map(|f| (f.account.clone(), f.aura.clone(), f.grandpa.clone()))
				.collect()
		),
		sudo: SudoConfig { key: None },
		operators: OperatorsConfig { members: operators.clone() },
		clearing: pallet_clearing::GenesisConfig {
			participants: operators.to_vec(),
			currencies: CLEARING_CURRENCIES.to_vec(),
		},
		roaming: pallet_roaming_settlement::GenesisConfig {
			tadigs: founders
				.iter()
				.filter_map(|f| Some((f.account.clone(), f.tadig?)))
				.collect::<Vec<_>>(),
		},
		operator_nodes: pallet_operator_nodes::GenesisConfig {
			nodes: founders
				.iter()
				.flat_map(|f| f.nodes.iter().map(|node| (f.account.clone(), node.clone())))
				.collect::<Vec<_>>(),
		},
	})
}

/// The JSON of the preset named `id`, if there is one.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		DEV_ALIAS => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		_ => return None,
	};
	serde_json::to_vec(&patch).ok()
}

/// The names of the presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}
