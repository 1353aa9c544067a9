//! The spectrum runtime API's answers (what `spectrum_grant` and `spectrum_grantsOf` serve): a
//! grant comes with the radio it names — device, EIRP, antenna height and its latest
//! radio-signed heartbeat — from version 2 of `SpectrumApi` on.

use super::externalities_of;
use crate::{AccountId, Block, BlockNumber, Runtime, RuntimeOrigin, Spectrum, System, Timestamp};
use codec::Encode;
use frame_support::{assert_ok, BoundedVec};
use pallet_spectrum_market::{
	FrequencyRange, GrantOf, GrantState, OfferMode, Pricing, RadioAssignment, Tier, Window,
};
use pallet_spectrum_market_runtime_api::{
	runtime_decl_for_spectrum_api::SpectrumApiV2, SpectrumApi,
};
use sp_api::RuntimeApiInfo;
use sp_core::{Pair as _, H256};
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use telecom_primitives::{CurrencyCode, DeviceSignature};

type Declared = dyn SpectrumApi<Block, AccountId, BlockNumber, GrantOf<Runtime>>;

/// The API's answer for a grant, as the node gets it.
fn grant(id: u64) -> Option<pallet_spectrum_market::GrantAnswerOf<Runtime>> {
	<Runtime as SpectrumApiV2<Block, AccountId, BlockNumber, GrantOf<Runtime>>>::grant(id)
}

fn grants_of(who: AccountId) -> Vec<(u64, GrantOf<Runtime>, Option<RadioAssignment<BlockNumber>>)> {
	<Runtime as SpectrumApiV2<Block, AccountId, BlockNumber, GrantOf<Runtime>>>::grants_of(who)
}

fn mhz(low: u64, high: u64) -> FrequencyRange {
	FrequencyRange { low: low * 1_000_000, high: high * 1_000_000 }
}

/// Block `n` of the development chain, with its timestamp (Aura's slot set to match it, as a
/// block author's digest would).
fn at_block(n: BlockNumber) {
	System::set_block_number(n);
	let now = 1_793_491_200_000 + u64::from(n) * 6_000;
	pallet_aura::CurrentSlot::<Runtime>::put(sp_consensus_aura::Slot::from(now / 6_000));
	Timestamp::set_timestamp(now);
}

#[test]
fn the_api_is_at_version_2_and_answers_each_grant_with_its_radio() {
	assert_eq!(<Declared as RuntimeApiInfo>::VERSION, 2);
	assert!(
		crate::apis::RUNTIME_API_VERSIONS
			.iter()
			.any(|(id, version)| *id == <Declared as RuntimeApiInfo>::ID && *version == 2),
		"the runtime declares SpectrumApi version 2"
	);

	externalities_of(DEV_RUNTIME_PRESET).execute_with(|| {
		at_block(1);
		let (alice, bob) =
			(Sr25519Keyring::Alice.to_account_id(), Sr25519Keyring::Bob.to_account_id());
		// Bob's licence (the dev regulator is root) and posted offer; Alice, whose radio units
		// are in service, leases two slices of it.
		let licence = pallet_spectrum_market::NextLicenceId::<Runtime>::get();
		assert_ok!(Spectrum::register_licence(
			RuntimeOrigin::root(),
			bob.clone(),
			mhz(3_550, 3_650),
			BoundedVec::truncate_from(vec![1, 2]),
			Window { start: 1, end: 1_000_000 },
			30,
			Tier::Priority
		));
		let offer = pallet_spectrum_market::NextOfferId::<Runtime>::get();
		assert_ok!(Spectrum::create_offer(
			RuntimeOrigin::signed(bob.clone()),
			licence,
			mhz(3_550, 3_590),
			BoundedVec::truncate_from(vec![1, 2]),
			Window { start: 2, end: 100_000 },
			Pricing::PerMhzHour(1),
			CurrencyCode::EUR,
			1,
			H256::repeat_byte(0x5a),
			OfferMode::Posted
		));
		let lease = |low, high| {
			let id = pallet_spectrum_market::NextGrantId::<Runtime>::get();
			assert_ok!(Spectrum::accept_offer(
				RuntimeOrigin::signed(alice.clone()),
				offer,
				mhz(low, high),
				BoundedVec::truncate_from(vec![1]),
				Window { start: 2, end: 50_000 }
			));
			id
		};
		let (named, unnamed) = (lease(3_550, 3_560), lease(3_560, 3_570));

		// Before a radio is named the answer says so.
		let (_, history, radio) = grant(named).expect("the grant exists");
		assert_eq!(radio, None);
		assert!(!history.is_empty());

		// Alice names her unit SN-AAU-2026-0001 (key: Ferdie's ed25519 dev key): 24 dBm, 30 m.
		let device = crate::genesis_config_presets::demo_device_id("SN-AAU-2026-0001");
		assert_ok!(Spectrum::assign_radio(
			RuntimeOrigin::signed(alice.clone()),
			named,
			device,
			24,
			30
		));
		let expected = RadioAssignment { device, eirp: 24, antenna_height: 30, last_beat: None };
		let (answered, _, radio) = grant(named).expect("the grant exists");
		assert_eq!(radio, Some(expected));
		// The grant itself is answered as stored (`Grant` has no `PartialEq` at the runtime's
		// bounds: compared by encoding).
		assert_eq!(
			answered.encode(),
			pallet_spectrum_market::Grants::<Runtime>::get(named).expect("grant").encode()
		);
		assert_eq!(grant(unnamed).expect("the grant exists").2, None);

		// The radio signs a heartbeat at block 3: the answer carries it, and the grant is active.
		at_block(3);
		let payload = pallet_spectrum_market::radio_heartbeat_payload(
			&Spectrum::genesis_hash(),
			named,
			&device,
			&3u32,
		);
		assert_ok!(Spectrum::radio_heartbeat(
			RuntimeOrigin::signed(Sr25519Keyring::Eve.to_account_id()),
			named,
			3,
			DeviceSignature::Ed25519(Ed25519Keyring::Ferdie.pair().sign(&payload).0)
		));
		let (answered, _, radio) = grant(named).expect("the grant exists");
		assert_eq!(radio, Some(RadioAssignment { last_beat: Some(3), ..expected }));
		assert_eq!(answered.state, GrantState::Active);

		// The lessee's and the holder's lists answer the same radios, grant by grant.
		for who in [alice.clone(), bob.clone()] {
			let mut answers: Vec<_> =
				grants_of(who).into_iter().map(|(id, _, radio)| (id, radio)).collect();
			answers.sort_by_key(|(id, _)| *id);
			assert_eq!(
				answers,
				vec![
					(named, Some(RadioAssignment { last_beat: Some(3), ..expected })),
					(unnamed, None)
				]
			);
		}
		assert!(grant(u64::MAX).is_none());
	});
}
