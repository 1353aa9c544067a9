//! Benchmarks of the spectrum market (frame-benchmarking v2). The overlap check runs against
//! full slots — every (cell, band block) it reads holds `MaxGrantsPerSlot − 1` time-shared
//! grants and an active incumbent — while many more grants fill other slots, to show its cost
//! depends only on the slots the new grant covers. Hook work is measured per unit: per slot an
//! incumbent sweep visits, per lapsed heartbeat, per expiring grant of maximal size.

#![allow(clippy::arithmetic_side_effects, clippy::unwrap_used)]

use super::*;
use crate::pallet::*;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Mutate as _, EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_runtime::traits::Bounded as _;
use sp_runtime::KeyTypeId;
use telecom_primitives::{
	CurrencyCode, DeviceId, DeviceKey, DeviceSignature, DocumentHash, KeyType, OperatorMembership,
};

const BENCH_KEYS: KeyTypeId = KeyTypeId(*b"spbr");

/// The P-256 generator point, compressed: a valid P-256 public key.
const P256_G: [u8; 33] = [
	0x03, 0x6B, 0x17, 0xD1, 0xF2, 0xE1, 0x2C, 0x42, 0x47, 0xF8, 0xBC, 0xE6, 0xE5, 0x63, 0xA4, 0x40,
	0xF2, 0x77, 0x03, 0x7D, 0x81, 0x2D, 0xEB, 0x33, 0xA0, 0xF4, 0xA1, 0x39, 0x45, 0xD8, 0x98, 0xC2,
	0x96,
];

/// A distinct ed25519 key for benchmark radio `index` (the batch heartbeat checks no
/// signature, so it need not be a keystore key).
fn plain_key(index: u32) -> DeviceKey {
	let mut bytes = [0x5Au8; 32];
	bytes[..4].copy_from_slice(&index.to_le_bytes());
	DeviceKey::Ed25519(bytes)
}

/// Registers benchmark radio `index` with `key`, active, in `lessee`'s custody, and names it
/// on `grant`.
fn named_radio<T: Config>(
	index: u32,
	lessee: &T::AccountId,
	grant: GrantId,
	key: DeviceKey,
) -> DeviceId {
	let device = T::BenchmarkHelper::register_radio(index, lessee, key);
	Pallet::<T>::do_assign_radio(lessee.clone(), grant, device, -30, 10).unwrap();
	device
}

/// Fills `device`'s list up to `MaxGrantsPerRadio − 1` entries besides what it holds, over
/// windows after block 2,000,000 (disjoint from every benchmark grant's).
fn crowd_radio<T: Config>(device: DeviceId) {
	RadioGrants::<T>::mutate(device, |list| {
		let mut k = 0u32;
		while (list.len() as u32) < T::MaxGrantsPerRadio::get().saturating_sub(1) {
			let window = Window {
				start: block::<T>(2_000_000 + 10 * k),
				end: block::<T>(2_000_005 + 10 * k),
			};
			let entry =
				RadioEntry { grant: GrantId::MAX - u64::from(k), range: wide_range::<T>(), window };
			list.try_push(entry).unwrap();
			k += 1;
		}
	});
}

/// A live grant of the lessee's naming a radio with a `kind` key, and a well-formed signature
/// of that type that is not the radio's signature of the heartbeat: verification runs to its
/// last step (the garbage a flooder sends).
fn keyed_radio<T: Config>(kind: KeyType) -> (GrantId, DeviceSignature) {
	let (holder, _) = market::<T>(Tier::Priority);
	let lessee = operator::<T>("lessee", 0);
	let window = Window { start: block::<T>(1), end: block::<T>(1_000) };
	let id = stored_grant::<T>(
		&lessee,
		&holder,
		wide_range::<T>(),
		cells::<T>(1, 1),
		window,
		GrantState::Granted,
	);
	let (key, signature) = match kind {
		KeyType::Sr25519 => {
			let key = sp_io::crypto::sr25519_generate(BENCH_KEYS, None);
			let sig = sp_io::crypto::sr25519_sign(BENCH_KEYS, &key, b"other").unwrap();
			(DeviceKey::Sr25519(key.0), DeviceSignature::Sr25519(sig.0))
		},
		KeyType::Ecdsa => {
			let key = sp_io::crypto::ecdsa_generate(BENCH_KEYS, None);
			let sig = sp_io::crypto::ecdsa_sign(BENCH_KEYS, &key, b"other").unwrap();
			(DeviceKey::Ecdsa(key.0), DeviceSignature::Ecdsa(sig.0))
		},
		KeyType::P256 | KeyType::Ed25519 => {
			let mut sig = [0x11u8; 64];
			sig[32..].copy_from_slice(&[0x22; 32]);
			(DeviceKey::P256(P256_G), DeviceSignature::P256(sig))
		},
	};
	named_radio::<T>(0, &lessee, id, key);
	frame_system::Pallet::<T>::set_block_number(block::<T>(3));
	(id, signature)
}

fn operator<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	// Enough for deposits, small enough that many such accounts cannot overflow the issuance.
	let _ = T::Currency::set_balance(&who, BalanceOf::<T>::max_value() / 1_000_000u32.into());
	if !T::Operators::is_operator(&who) {
		T::Operators::add_operator(&who);
	}
	who
}

/// The regulator origin, with a regulator appointed first if none is.
fn regulator_origin<T: Config>() -> Result<T::RuntimeOrigin, ()> {
	if Regulators::<T>::get().is_empty() {
		let regulator: T::AccountId = account("regulator", 0, 0);
		Regulators::<T>::put(BoundedVec::truncate_from(alloc::vec![regulator]));
	}
	T::RegulatorOrigin::try_successful_origin()
}

fn block<T: Config>(n: u32) -> BlockNumberFor<T> {
	n.into()
}

/// The widest range the index allows, starting at band block 100.
fn wide_range<T: Config>() -> FrequencyRange {
	let width = T::BandBlockHz::get();
	let low = 100 * width;
	FrequencyRange { low, high: low + width * u64::from(T::MaxBandBlocks::get()) }
}

fn cells<T: Config>(n: u32, from: u64) -> CellsOf<T> {
	(0..u64::from(n)).map(|i| from + i).collect::<Vec<_>>().try_into().unwrap()
}

/// Licence and posted offer of the widest range over `MaxCells` cells, blocks 1 to 1,000,000.
fn market<T: Config>(tier: Tier) -> (T::AccountId, OfferId) {
	let holder = operator::<T>("holder", 0);
	let range = wide_range::<T>();
	let all = cells::<T>(T::MaxCells::get(), 1);
	let validity = Window { start: block::<T>(1), end: block::<T>(1_000_000) };
	Pallet::<T>::do_register_licence(holder.clone(), range, all.clone(), validity, 30, tier)
		.unwrap();
	let licence = NextLicenceId::<T>::get() - 1;
	Pallet::<T>::do_create_offer(
		holder.clone(),
		licence,
		range,
		all,
		validity,
		Pricing::PerMhzHour(1_000),
		CurrencyCode::EUR,
		block::<T>(1),
		DocumentHash::zero(),
		OfferMode::Posted,
	)
	.unwrap();
	(holder, NextOfferId::<T>::get() - 1)
}

/// A second licence of the holder's over the same spectrum, for auctions beside the posted offer.
fn auction_licence<T: Config>(holder: &T::AccountId) -> LicenceId {
	let validity = Window { start: block::<T>(1), end: block::<T>(1_000_000) };
	let all = cells::<T>(T::MaxCells::get(), 1);
	Pallet::<T>::do_register_licence(
		holder.clone(),
		wide_range::<T>(),
		all,
		validity,
		30,
		Tier::Priority,
	)
	.unwrap();
	NextLicenceId::<T>::get() - 1
}

/// Writes a live grant straight into storage and the index, over `cells` and `range`.
fn stored_grant<T: Config>(
	lessee: &T::AccountId,
	holder: &T::AccountId,
	range: FrequencyRange,
	area: CellsOf<T>,
	window: Window<BlockNumberFor<T>>,
	state: GrantState,
) -> GrantId {
	let id = NextGrantId::<T>::get();
	NextGrantId::<T>::put(id + 1);
	let entry = SlotEntry { grant: id, range, window, general: false };
	let (first, last) = Pallet::<T>::band_blocks(&range).unwrap();
	for cell in area.iter() {
		for b in first..=last {
			Occupancy::<T>::mutate(cell, b, |list| list.try_push(entry).unwrap());
		}
	}
	Grants::<T>::insert(
		id,
		Grant {
			licence: 0,
			offer: 0,
			holder: holder.clone(),
			lessee: lessee.clone(),
			range,
			cells: area,
			window,
			tier: Tier::Priority,
			pricing: Pricing::PerMhzHour(1_000),
			currency: CurrencyCode::EUR,
			state,
			last_heartbeat: Some(block::<T>(1)),
			heartbeat_due: None,
			incumbents: 0,
			billed_until: window.start,
			unbilled_units: 0,
			billed: 0,
			ended_at: None,
			incumbent_since: None,
			incumbent_blocks: 0,
			carry: 0,
			deposit: 0,
			bond: 0,
			preemptions: 0,
			complaints: 0,
		},
	);
	id
}

/// Writes `MaxPreemptions` general-access grants, each in its own far-away cell, that the
/// priority grant `pal` pre-empts (in force), so ending `pal` resumes every one.
fn preempted_by<T: Config>(pal: GrantId, holder: &T::AccountId) {
	let lessee = operator::<T>("gaa", 0);
	let window = Window { start: block::<T>(1), end: block::<T>(1_000_000) };
	let width = T::BandBlockHz::get();
	for k in 0..T::MaxPreemptions::get() {
		let low = 100 * width;
		let range = FrequencyRange { low, high: low + 1_000 };
		let cell = 1_000_000 + pal * 1_000 + u64::from(k);
		let id = stored_grant::<T>(
			&lessee,
			holder,
			range,
			alloc::vec![cell].try_into().unwrap(),
			window,
			GrantState::Suspended(SuspensionCause::Priority),
		);
		Grants::<T>::mutate(id, |g| {
			let g = g.as_mut().unwrap();
			g.tier = Tier::General;
			g.preemptions = 1;
			g.incumbent_since = Some(block::<T>(1));
		});
		Preempted::<T>::insert(pal, id, true);
	}
}

/// Fills the first `DUE_SPREAD − 1` due lists from `at`, so `schedule` reads every list it may
/// probe before it finds room in the last.
fn crowd<T: Config>(
	put: impl Fn(BlockNumberFor<T>, BoundedVec<GrantId, T::MaxDuePerBlock>),
	at: BlockNumberFor<T>,
) {
	let full: Vec<GrantId> =
		(0..u64::from(T::MaxDuePerBlock::get())).map(|i| GrantId::MAX - i).collect();
	let full: BoundedVec<GrantId, T::MaxDuePerBlock> = full.try_into().unwrap();
	for k in 0..crate::impls::DUE_SPREAD - 1 {
		put(at + block::<T>(k), full.clone());
	}
}

/// Fills every slot of `area` × the wide range with `MaxGrantsPerSlot − 1` earlier time shares.
fn fill_slots<T: Config>(holder: &T::AccountId, area: &CellsOf<T>) {
	fill_slots_with::<T>(holder, area, T::MaxGrantsPerSlot::get().saturating_sub(1));
}

/// Fills every slot of `area` × the wide range with `shares` earlier time shares.
fn fill_slots_with<T: Config>(holder: &T::AccountId, area: &CellsOf<T>, shares: u32) {
	let lessee = operator::<T>("tenant", 0);
	for k in 0..shares {
		let window = Window { start: block::<T>(10 + 10 * k), end: block::<T>(15 + 10 * k) };
		for cell in area.iter() {
			let one: CellsOf<T> = alloc::vec![*cell].try_into().unwrap();
			stored_grant::<T>(&lessee, holder, wide_range::<T>(), one, window, GrantState::Granted);
		}
	}
}

/// An incumbent activity listed in every slot of `area` but outside the new grants' band.
fn incumbents_everywhere<T: Config>(area: &CellsOf<T>) {
	let range = wide_range::<T>();
	let (first, last) = Pallet::<T>::band_blocks(&range).unwrap();
	let id = NextActivityId::<T>::get();
	NextActivityId::<T>::put(id + 1);
	// It covers only the first Hz of the range's top block's neighbour: listed, not overlapping.
	let activity = IncumbentActivity {
		range: FrequencyRange { low: range.low, high: range.low + 1 },
		cells: area.clone(),
		window: Window { start: block::<T>(1), end: block::<T>(2) },
		ended: false,
	};
	Activities::<T>::insert(id, activity);
	for cell in area.iter() {
		for b in first..=last {
			IncumbentSlots::<T>::mutate(cell, b, |list| list.try_push(id).unwrap());
		}
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_licence() -> Result<(), BenchmarkError> {
		let origin = regulator_origin::<T>().map_err(|_| BenchmarkError::Weightless)?;
		let holder: T::AccountId = account("holder", 0, 0);
		let validity = Window { start: block::<T>(1), end: block::<T>(1_000) };
		let before = NextLicenceId::<T>::get();

		#[extrinsic_call]
		_(
			origin as T::RuntimeOrigin,
			holder,
			wide_range::<T>(),
			cells::<T>(T::MaxCells::get(), 1),
			validity,
			30,
			Tier::Priority,
		);

		assert_eq!(NextLicenceId::<T>::get(), before + 1);
		Ok(())
	}

	#[benchmark]
	fn set_regulators(n: Linear<1, { T::MaxRegulators::get() }>) -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let regulators: Vec<T::AccountId> = (0..n).map(|i| account("regulator", i, 0)).collect();
		let regulators: BoundedVec<_, _> = regulators.try_into().unwrap();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, regulators);

		assert_eq!(Regulators::<T>::get().len() as u32, n);
		Ok(())
	}

	#[benchmark]
	fn rescind_licence() -> Result<(), BenchmarkError> {
		let origin = regulator_origin::<T>().map_err(|_| BenchmarkError::Weightless)?;
		market::<T>(Tier::Priority);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 0);

		assert!(Licences::<T>::get(0).unwrap().rescinded);
		Ok(())
	}

	/// Worst case: the licence already has `MaxOpenOffers − 1` open offers over the same range
	/// and cells (one after another in time), each read and checked for overlap.
	#[benchmark]
	fn create_offer() {
		let (holder, _) = market::<T>(Tier::Priority);
		let licence = auction_licence::<T>(&holder);
		let others = T::MaxOpenOffers::get().saturating_sub(1);
		for k in 0..others {
			let window = Window { start: block::<T>(100 + 10 * k), end: block::<T>(110 + 10 * k) };
			Pallet::<T>::do_create_offer(
				holder.clone(),
				licence,
				wide_range::<T>(),
				cells::<T>(T::MaxCells::get(), 1),
				window,
				Pricing::Fixed(1),
				CurrencyCode::EUR,
				block::<T>(1),
				DocumentHash::zero(),
				OfferMode::Posted,
			)
			.unwrap();
		}
		let validity = Window { start: block::<T>(100 + 10 * others), end: block::<T>(1_000_000) };

		#[extrinsic_call]
		_(
			RawOrigin::Signed(holder),
			licence,
			wide_range::<T>(),
			cells::<T>(T::MaxCells::get(), 1),
			validity,
			Pricing::Fixed(1),
			CurrencyCode::EUR,
			block::<T>(1),
			DocumentHash::zero(),
			OfferMode::Auction { closes_at: block::<T>(100), reserve: 1 },
		);

		assert_eq!(LicenceOffers::<T>::get(licence).len() as u32, others + 1);
	}

	#[benchmark]
	fn withdraw_offer() {
		let (holder, offer) = market::<T>(Tier::Priority);

		#[extrinsic_call]
		_(RawOrigin::Signed(holder), offer);

		assert!(!Offers::<T>::get(offer).unwrap().open);
	}

	#[benchmark]
	fn accept_offer(c: Linear<1, { T::MaxCells::get() }>) {
		let (holder, offer) = market::<T>(Tier::Priority);
		let area = cells::<T>(c, 1);
		// Full slots: time shares, and in up to `MaxPreemptions` cells a general-access grant
		// over the new grant's window, which the new priority grant pre-empts.
		fill_slots_with::<T>(&holder, &area, T::MaxGrantsPerSlot::get().saturating_sub(2));
		let gaa_lessee = operator::<T>("gaa", 0);
		let overlapping = Window { start: block::<T>(4_000), end: block::<T>(7_000) };
		for cell in area.iter().take(T::MaxPreemptions::get() as usize) {
			let one: CellsOf<T> = alloc::vec![*cell].try_into().unwrap();
			let id = stored_grant::<T>(
				&gaa_lessee,
				&holder,
				wide_range::<T>(),
				one.clone(),
				overlapping,
				GrantState::Active,
			);
			Grants::<T>::mutate(id, |g| g.as_mut().unwrap().tier = Tier::General);
			let (first, last) = Pallet::<T>::band_blocks(&wide_range::<T>()).unwrap();
			for b in first..=last {
				Occupancy::<T>::mutate(cell, b, |list| {
					list.iter_mut().filter(|e| e.grant == id).for_each(|e| e.general = true)
				});
			}
		}
		incumbents_everywhere::<T>(&area);
		// Many more grants elsewhere: the check never reads them.
		let elsewhere = cells::<T>(T::MaxCells::get(), 1_000);
		fill_slots::<T>(&holder, &elsewhere);
		let lessee = operator::<T>("lessee", 0);
		// Starting now: the pre-emptions come into force inside the call.
		frame_system::Pallet::<T>::set_block_number(block::<T>(5_000));
		let window = Window { start: block::<T>(5_000), end: block::<T>(6_000) };
		crowd::<T>(Expiring::<T>::insert, window.end);

		#[extrinsic_call]
		_(RawOrigin::Signed(lessee), offer, wide_range::<T>(), area, window);

		let id = NextGrantId::<T>::get() - 1;
		assert!(Grants::<T>::contains_key(id));
		let in_force = Preempted::<T>::iter_prefix(id).filter(|(_, applied)| *applied).count();
		assert_eq!(in_force as u32, c.min(T::MaxPreemptions::get()));
	}

	#[benchmark]
	fn place_bid() {
		let (holder, _) = market::<T>(Tier::Priority);
		let validity = Window { start: block::<T>(1), end: block::<T>(1_000) };
		let licence = auction_licence::<T>(&holder);
		Pallet::<T>::do_create_offer(
			holder,
			licence,
			wide_range::<T>(),
			cells::<T>(1, 1),
			validity,
			Pricing::Fixed(1),
			CurrencyCode::EUR,
			block::<T>(1),
			DocumentHash::zero(),
			OfferMode::Auction { closes_at: block::<T>(100), reserve: 1 },
		)
		.unwrap();
		// The offer just created (a chain's genesis may hold offers of its own).
		let offer = NextOfferId::<T>::get() - 1;
		let first = operator::<T>("bidder", 0);
		Pallet::<T>::do_place_bid(first, offer, 10).unwrap();
		let second = operator::<T>("bidder", 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(second.clone()), offer, 20);

		assert_eq!(LeadingBids::<T>::get(offer).unwrap().bidder, second);
	}

	#[benchmark]
	fn close_auction(c: Linear<1, { T::MaxCells::get() }>) {
		let (holder, _) = market::<T>(Tier::Priority);
		let validity = Window { start: block::<T>(1), end: block::<T>(1_000) };
		let area = cells::<T>(c, 1);
		let licence = auction_licence::<T>(&holder);
		Pallet::<T>::do_create_offer(
			holder.clone(),
			licence,
			wide_range::<T>(),
			area.clone(),
			validity,
			Pricing::Fixed(1),
			CurrencyCode::EUR,
			block::<T>(1),
			DocumentHash::zero(),
			OfferMode::Auction { closes_at: block::<T>(2), reserve: 1 },
		)
		.unwrap();
		let offer = NextOfferId::<T>::get() - 1;
		incumbents_everywhere::<T>(&area);
		Pallet::<T>::do_place_bid(operator::<T>("bidder", 0), offer, 10).unwrap();
		crowd::<T>(Expiring::<T>::insert, validity.end);
		frame_system::Pallet::<T>::set_block_number(block::<T>(3));
		let caller = operator::<T>("caller", 0);
		let grant = NextGrantId::<T>::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), offer);

		assert!(!Offers::<T>::get(offer).unwrap().open);
		assert!(Grants::<T>::contains_key(grant), "won: the grant path, not the cheaper failure");
	}

	#[benchmark]
	fn heartbeat(n: Linear<1, { T::MaxHeartbeatBatch::get() }>) {
		let (holder, _) = market::<T>(Tier::Priority);
		let lessee = operator::<T>("lessee", 0);
		let width = T::BandBlockHz::get();
		let window = Window { start: block::<T>(1), end: block::<T>(1_000) };
		let ids: Vec<GrantId> = (0..n)
			.map(|i| {
				let low = 100 * width + u64::from(i) * 1_000;
				let range = FrequencyRange { low, high: low + 1_000 };
				stored_grant::<T>(
					&lessee,
					&holder,
					range,
					cells::<T>(1, 1 + u64::from(i)),
					window,
					GrantState::Granted,
				)
			})
			.collect();
		// Each names its own radio, checked active and in the lessee's custody.
		for (i, id) in ids.iter().enumerate() {
			named_radio::<T>(i as u32, &lessee, *id, plain_key(i as u32));
		}
		// Every grant probes `DUE_SPREAD` due lists, all but the last full.
		frame_system::Pallet::<T>::set_block_number(block::<T>(2));
		crowd::<T>(HeartbeatDue::<T>::insert, block::<T>(2) + T::HeartbeatInterval::get());

		#[extrinsic_call]
		_(RawOrigin::Signed(lessee), ids.clone().try_into().unwrap());

		let room = T::MaxDuePerBlock::get() as usize;
		assert!(ids
			.iter()
			.take(room)
			.all(|id| Grants::<T>::get(id).unwrap().state == GrantState::Active));
	}

	#[benchmark]
	fn relinquish(c: Linear<1, { T::MaxCells::get() }>) {
		let (holder, _) = market::<T>(Tier::Priority);
		let lessee = operator::<T>("lessee", 0);
		let window = Window { start: block::<T>(1), end: block::<T>(1_000) };
		let id = stored_grant::<T>(
			&lessee,
			&holder,
			wide_range::<T>(),
			cells::<T>(c, 1),
			window,
			GrantState::Active,
		);
		preempted_by::<T>(id, &holder);
		// Its radio's list is full: the grant leaves it.
		let radio = named_radio::<T>(0, &lessee, id, plain_key(0));
		crowd_radio::<T>(radio);

		#[extrinsic_call]
		_(RawOrigin::Signed(lessee), id);

		assert_eq!(Grants::<T>::get(id).unwrap().state, GrantState::Relinquished);
		assert!(!RadioGrants::<T>::get(radio).iter().any(|e| e.grant == id));
		assert!(Preempted::<T>::iter_prefix(id).next().is_none());
	}

	#[benchmark]
	fn declare_incumbent(c: Linear<1, { T::MaxCells::get() }>) -> Result<(), BenchmarkError> {
		let origin = regulator_origin::<T>().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, wide_range::<T>(), cells::<T>(c, 1), block::<T>(100));

		assert_eq!(NextActivityId::<T>::get(), 1);
		Ok(())
	}

	#[benchmark]
	fn end_incumbent() -> Result<(), BenchmarkError> {
		let origin = regulator_origin::<T>().map_err(|_| BenchmarkError::Weightless)?;
		Pallet::<T>::do_declare_incumbent(wide_range::<T>(), cells::<T>(1, 1), block::<T>(100))
			.unwrap();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 0);

		assert!(Activities::<T>::get(0).unwrap().ended);
		Ok(())
	}

	#[benchmark]
	fn report_usage() {
		let (holder, _) = market::<T>(Tier::Priority);
		let lessee = operator::<T>("lessee", 0);
		let window = Window { start: block::<T>(1), end: block::<T>(1_000) };
		let id = stored_grant::<T>(
			&lessee,
			&holder,
			wide_range::<T>(),
			cells::<T>(1, 1),
			window,
			GrantState::Active,
		);
		Grants::<T>::mutate(id, |g| g.as_mut().unwrap().pricing = Pricing::PerReportedUnit(5));

		#[extrinsic_call]
		_(RawOrigin::Signed(lessee), id, 1_000);

		assert_eq!(Grants::<T>::get(id).unwrap().unbilled_units, 1_000);
	}

	#[benchmark]
	fn bill() {
		let (holder, _) = market::<T>(Tier::Priority);
		let lessee = operator::<T>("lessee", 0);
		let window = Window { start: block::<T>(1), end: block::<T>(1_000) };
		let id = stored_grant::<T>(
			&lessee,
			&holder,
			wide_range::<T>(),
			cells::<T>(1, 1),
			window,
			GrantState::Active,
		);
		Grants::<T>::mutate(id, |g| g.as_mut().unwrap().incumbent_since = Some(block::<T>(50)));
		frame_system::Pallet::<T>::set_block_number(block::<T>(500));

		#[extrinsic_call]
		_(RawOrigin::Signed(holder), id);

		assert!(Grants::<T>::get(id).unwrap().billed > 0);
	}

	#[benchmark]
	fn report_interference() {
		let (holder, _) = market::<T>(Tier::Priority);
		let lessee = operator::<T>("lessee", 0);
		let window = Window { start: block::<T>(1), end: block::<T>(1_000) };
		let id = stored_grant::<T>(
			&lessee,
			&holder,
			wide_range::<T>(),
			cells::<T>(1, 1),
			window,
			GrantState::Active,
		);
		let reporter = operator::<T>("reporter", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(reporter), id, DocumentHash::zero());

		assert!(Reports::<T>::contains_key(0));
	}

	#[benchmark]
	fn resolve_interference(c: Linear<1, { T::MaxCells::get() }>) -> Result<(), BenchmarkError> {
		let origin = regulator_origin::<T>().map_err(|_| BenchmarkError::Weightless)?;
		let (holder, _) = market::<T>(Tier::Priority);
		let lessee = operator::<T>("lessee", 0);
		let window = Window { start: block::<T>(1), end: block::<T>(1_000) };
		let id = stored_grant::<T>(
			&lessee,
			&holder,
			wide_range::<T>(),
			cells::<T>(c, 1),
			window,
			GrantState::Active,
		);
		preempted_by::<T>(id, &holder);
		Pallet::<T>::do_report_interference(operator::<T>("reporter", 0), id, DocumentHash::zero())
			.unwrap();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 0, true, true);

		assert_eq!(Grants::<T>::get(id).unwrap().state, GrantState::Terminated);
		Ok(())
	}

	#[benchmark]
	fn purge_grant() {
		let (holder, offer) = market::<T>(Tier::Priority);
		let lessee = operator::<T>("lessee", 0);
		let window = Window { start: block::<T>(1), end: block::<T>(20) };
		let id = Pallet::<T>::do_accept_offer(
			lessee.clone(),
			offer,
			wide_range::<T>(),
			cells::<T>(1, 1),
			window,
		)
		.unwrap();
		named_radio::<T>(0, &lessee, id, plain_key(0));
		Pallet::<T>::process_block(block::<T>(20));
		frame_system::Pallet::<T>::set_block_number(block::<T>(30));
		Pallet::<T>::do_bill(id).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(holder), id);

		assert!(!Grants::<T>::contains_key(id));
		assert!(!GrantRadios::<T>::contains_key(id));
	}

	#[benchmark]
	fn on_initialize_idle() {
		#[block]
		{
			Pallet::<T>::process_block(block::<T>(10));
		}
	}

	/// Per slot visited by a sweep, in its worst case: a resume sweep (which also rewrites the
	/// slot's incumbent list) over slots that each hold `2 × MaxGrantsPerSlot` distinct grants
	/// (a full class of general access and a full class of the rest), each in that slot alone,
	/// so every entry visited is a grant resumed and written.
	#[benchmark]
	fn sweep_slots(n: Linear<0, { T::SweepSlotsPerBlock::get() }>) {
		let (holder, _) = market::<T>(Tier::Priority);
		let lessee = operator::<T>("tenant", 0);
		let area = cells::<T>(T::MaxCells::get(), 1);
		let width = T::BandBlockHz::get();
		let (first, last) = Pallet::<T>::band_blocks(&wide_range::<T>()).unwrap();
		let slots: Vec<(CellId, BandBlock)> =
			area.iter().flat_map(|c| (first..=last).map(move |b| (*c, b))).collect();
		for (cell, b) in slots.iter().take(T::SweepSlotsPerBlock::get() as usize) {
			let range =
				FrequencyRange { low: u64::from(*b) * width, high: u64::from(*b + 1) * width };
			for k in 0..T::MaxGrantsPerSlot::get() * 2 {
				let window =
					Window { start: block::<T>(10 + 10 * k), end: block::<T>(15 + 10 * k) };
				let one: CellsOf<T> = alloc::vec![*cell].try_into().unwrap();
				stored_grant::<T>(&lessee, &holder, range, one, window, GrantState::Active);
			}
		}
		let now = block::<T>(2);
		frame_system::Pallet::<T>::set_block_number(now);
		Pallet::<T>::do_declare_incumbent(wide_range::<T>(), area, block::<T>(100_000)).unwrap();
		Pallet::<T>::run_sweeps_limited(now, u32::MAX);
		Pallet::<T>::do_end_incumbent(0).unwrap();

		#[block]
		{
			Pallet::<T>::run_sweeps_limited(now, n);
		}

		if n == T::SweepSlotsPerBlock::get() {
			let resumed =
				Grants::<T>::iter().filter(|(_, g)| g.state == GrantState::Active).count();
			assert_eq!(resumed as u32, n * T::MaxGrantsPerSlot::get() * 2);
		}
	}

	#[benchmark]
	fn lapse_heartbeats(n: Linear<0, { T::MaxDuePerBlock::get() }>) {
		let (holder, _) = market::<T>(Tier::Priority);
		let lessee = operator::<T>("lessee", 0);
		let window = Window { start: block::<T>(1), end: block::<T>(1_000) };
		let width = T::BandBlockHz::get();
		let now = block::<T>(500);
		let ids: Vec<GrantId> = (0..n)
			.map(|i| {
				let low = 100 * width + u64::from(i) * 1_000;
				let range = FrequencyRange { low, high: low + 1_000 };
				stored_grant::<T>(
					&lessee,
					&holder,
					range,
					cells::<T>(1, 1 + u64::from(i)),
					window,
					GrantState::Active,
				)
			})
			.collect();
		HeartbeatDue::<T>::insert(now, BoundedVec::try_from(ids.clone()).unwrap());
		// Worst case: every grant was renewed since it was scheduled, so the hook checks it
		// again at that renewal's deadline, probing `DUE_SPREAD` lists all but the last full.
		let beat = now - block::<T>(1);
		for id in &ids {
			Grants::<T>::mutate(id, |g| {
				let g = g.as_mut().unwrap();
				g.last_heartbeat = Some(beat);
				g.heartbeat_due = Some(now);
			});
		}
		crowd::<T>(HeartbeatDue::<T>::insert, beat + T::HeartbeatInterval::get());

		#[block]
		{
			Pallet::<T>::process_block(now);
		}

		assert!(ids.iter().all(|id| {
			let g = Grants::<T>::get(id).unwrap();
			g.state == GrantState::Active && g.heartbeat_due.is_some_and(|at| at > now)
		}));
	}

	#[benchmark]
	fn expire_grants(n: Linear<0, { T::MaxDuePerBlock::get() }>) {
		let (holder, _) = market::<T>(Tier::Priority);
		let lessee = operator::<T>("lessee", 0);
		let now = block::<T>(500);
		let ids: Vec<GrantId> = (0..n)
			.map(|i| {
				let window = Window { start: block::<T>(1 + i), end: now };
				// Maximal grants (`MaxCells` cells each, every band block).
				let own = cells::<T>(T::MaxCells::get(), 1 + u64::from(i * T::MaxCells::get()));
				let id = stored_grant::<T>(
					&lessee,
					&holder,
					wide_range::<T>(),
					own,
					window,
					GrantState::Active,
				);
				preempted_by::<T>(id, &holder);
				named_radio::<T>(i, &lessee, id, plain_key(i));
				id
			})
			.collect();
		Expiring::<T>::insert(now, BoundedVec::try_from(ids.clone()).unwrap());

		#[block]
		{
			Pallet::<T>::process_block(now);
		}

		assert!(ids.iter().all(|id| Grants::<T>::get(id).unwrap().state == GrantState::Expired));
	}

	/// Worst case: the grant already names a radio whose list is full (it leaves it), and the
	/// new radio serves `MaxGrantsPerRadio − 1` other grants, each checked for overlap.
	#[benchmark]
	fn assign_radio() {
		let (holder, _) = market::<T>(Tier::Priority);
		let lessee = operator::<T>("lessee", 0);
		let window = Window { start: block::<T>(1), end: block::<T>(1_000) };
		let id = stored_grant::<T>(
			&lessee,
			&holder,
			wide_range::<T>(),
			cells::<T>(1, 1),
			window,
			GrantState::Granted,
		);
		let old = named_radio::<T>(0, &lessee, id, plain_key(0));
		crowd_radio::<T>(old);
		let device = T::BenchmarkHelper::register_radio(1, &lessee, plain_key(1));
		crowd_radio::<T>(device);

		#[extrinsic_call]
		_(RawOrigin::Signed(lessee), id, device, 20, 30);

		assert_eq!(GrantRadios::<T>::get(id).unwrap().device, device);
		assert_eq!(RadioGrants::<T>::get(device).len() as u32, T::MaxGrantsPerRadio::get());
	}

	/// An ed25519-signed heartbeat relayed by a third party that puts a granted grant into
	/// service, probing `DUE_SPREAD` due lists all but the last full.
	#[benchmark]
	fn radio_heartbeat() {
		let (holder, _) = market::<T>(Tier::Priority);
		let lessee = operator::<T>("lessee", 0);
		let window = Window { start: block::<T>(1), end: block::<T>(1_000) };
		let id = stored_grant::<T>(
			&lessee,
			&holder,
			wide_range::<T>(),
			cells::<T>(1, 1),
			window,
			GrantState::Granted,
		);
		Grants::<T>::mutate(id, |g| g.as_mut().unwrap().last_heartbeat = None);
		let key = sp_io::crypto::ed25519_generate(BENCH_KEYS, None);
		let device = named_radio::<T>(0, &lessee, id, DeviceKey::Ed25519(key.0));
		let now = block::<T>(3);
		frame_system::Pallet::<T>::set_block_number(now);
		let at = block::<T>(2);
		crowd::<T>(HeartbeatDue::<T>::insert, at + T::HeartbeatInterval::get());
		let payload = radio_heartbeat_payload(&Pallet::<T>::genesis_hash(), id, &device, &at);
		let signature = DeviceSignature::Ed25519(
			sp_io::crypto::ed25519_sign(BENCH_KEYS, &key, &payload).unwrap().0,
		);
		let relay = operator::<T>("relay", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(relay), id, at, signature);

		assert_eq!(Grants::<T>::get(id).unwrap().state, GrantState::Active);
		assert_eq!(GrantRadios::<T>::get(id).unwrap().last_beat, Some(at));
	}

	#[benchmark]
	fn radio_heartbeat_sr25519() {
		let (id, signature) = keyed_radio::<T>(KeyType::Sr25519);
		let relay = operator::<T>("relay", 0);
		#[block]
		{
			let origin = RawOrigin::Signed(relay).into();
			let result = Pallet::<T>::radio_heartbeat(origin, id, block::<T>(2), signature);
			assert!(result.is_err(), "verified to the end and refused");
		}
	}

	#[benchmark]
	fn radio_heartbeat_ecdsa() {
		let (id, signature) = keyed_radio::<T>(KeyType::Ecdsa);
		let relay = operator::<T>("relay", 0);
		#[block]
		{
			let origin = RawOrigin::Signed(relay).into();
			let result = Pallet::<T>::radio_heartbeat(origin, id, block::<T>(2), signature);
			assert!(result.is_err(), "verified to the end and refused");
		}
	}

	#[benchmark]
	fn radio_heartbeat_p256() {
		let (id, signature) = keyed_radio::<T>(KeyType::P256);
		let relay = operator::<T>("relay", 0);
		#[block]
		{
			let origin = RawOrigin::Signed(relay).into();
			let result = Pallet::<T>::radio_heartbeat(origin, id, block::<T>(2), signature);
			assert!(result.is_err(), "verified to the end and refused");
		}
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
