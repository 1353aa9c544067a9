//! GRANDPA equivocation reports through the runtime API path a node uses: two conflicting
//! prevotes signed by a validator's GRANDPA key, a key-ownership proof from
//! `generate_key_ownership_proof`, the unsigned report from
//! `submit_report_equivocation_unsigned_extrinsic` applied as a block would. The offence is
//! recorded once, the offender is disabled at once and suspended from later sessions; forged
//! reports are refused.

use super::{
	merge,
	validators::{account, peer_id},
};
use crate::{
	configs::equivocation::{
		do_try_state, InitEquivocationHistory, SuspendedList, SuspendedValidators,
		REPORTABLE_SESSIONS,
	},
	genesis_config_presets::{production_genesis, FoundingOperator},
	AccountId, Block, Executive, Grandpa, Header, Operators, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeOrigin, Session, System, UncheckedExtrinsic,
};
use codec::{Decode, Encode};
use frame_support::{
	assert_err, assert_ok,
	traits::{DisabledValidators, OnRuntimeUpgrade},
};
use sp_consensus_grandpa::{
	runtime_decl_for_grandpa_api::GrandpaApiV3, AuthorityId as GrandpaId, EquivocationProof,
	OpaqueKeyOwnershipProof, RoundNumber, SetId,
};
use sp_core::{
	ed25519,
	offchain::{testing::TestTransactionPoolExt, TransactionPoolExt},
	sr25519, Pair, H256,
};
use sp_runtime::{
	traits::Header as _,
	transaction_validity::{InvalidTransaction, TransactionSource, TransactionValidityError},
	BuildStorage, DispatchError,
};

/// The GRANDPA key of founder `n` (its secret is known to the test, as to the founder's node).
fn grandpa_pair(n: u8) -> ed25519::Pair {
	ed25519::Pair::from_seed(&[n.saturating_add(20); 32])
}

fn grandpa_id(n: u8) -> GrandpaId {
	grandpa_pair(n).public().into()
}

fn founders() -> Vec<FoundingOperator> {
	(1u8..=4)
		.map(|n| FoundingOperator {
			account: account(n),
			aura: sr25519::Public::from_raw([n.saturating_add(10); 32]).into(),
			grandpa: grandpa_id(n),
			tadig: None,
			nodes: vec![peer_id(n)],
		})
		.collect()
}

/// A production network of four founders, with a transaction pool for the unsigned reports
/// (the second value takes the last transaction the pool received).
fn network() -> (sp_io::TestExternalities, impl Fn() -> Option<Vec<u8>>) {
	let mut full = serde_json::to_value(crate::RuntimeGenesisConfig::default()).expect("json");
	merge(&mut full, production_genesis(&founders()));
	let genesis: crate::RuntimeGenesisConfig = serde_json::from_value(full).expect("decodes");
	let mut ext = sp_io::TestExternalities::new(genesis.build_storage().expect("builds"));
	let (pool, state) = TestTransactionPoolExt::new();
	ext.register_extension(TransactionPoolExt::new(pool));
	ext.execute_with(|| start_block(1));
	(ext, move || state.write().transactions.pop())
}

fn start_block(number: u32) {
	let header = Header::new(
		number,
		Default::default(),
		Default::default(),
		System::parent_hash(),
		Default::default(),
	);
	Executive::initialize_block(&header);
}

/// Two prevotes in `round` of set `set_id`, for different blocks, each signed by `signers`.
fn equivocation(
	set_id: SetId,
	round: RoundNumber,
	identity: GrandpaId,
	signers: (&ed25519::Pair, &ed25519::Pair),
	targets: (u8, u8),
) -> EquivocationProof<H256, u32> {
	let signed = |signer: &ed25519::Pair, target: u8| {
		let prevote =
			finality_grandpa::Prevote { target_hash: H256::repeat_byte(target), target_number: 1 };
		let message = finality_grandpa::Message::Prevote(prevote.clone());
		let payload = sp_consensus_grandpa::localized_payload(round, set_id, &message);
		(prevote, signer.sign(&payload).into())
	};
	EquivocationProof::new(
		set_id,
		sp_consensus_grandpa::Equivocation::Prevote(finality_grandpa::Equivocation {
			round_number: round,
			identity,
			first: signed(signers.0, targets.0),
			second: signed(signers.1, targets.1),
		}),
	)
}

/// Founder `n`'s own equivocation in `round` of the current set.
fn equivocation_of(n: u8, round: RoundNumber) -> EquivocationProof<H256, u32> {
	let pair = grandpa_pair(n);
	equivocation(Grandpa::current_set_id(), round, grandpa_id(n), (&pair, &pair), (1, 2))
}

/// What a node's GRANDPA voter asks the runtime for when it sees an equivocation.
fn ownership_proof(key: GrandpaId) -> Option<OpaqueKeyOwnershipProof> {
	<Runtime as GrandpaApiV3<Block>>::generate_key_ownership_proof(Grandpa::current_set_id(), key)
}

fn decoded(proof: &OpaqueKeyOwnershipProof) -> sp_session::MembershipProof {
	proof.decode().expect("a membership proof")
}

/// Submits the report through the runtime API (into the pool) and returns the extrinsic the
/// pool received.
fn submit(
	proof: EquivocationProof<H256, u32>,
	key_owner_proof: OpaqueKeyOwnershipProof,
	pool: &impl Fn() -> Option<Vec<u8>>,
) -> UncheckedExtrinsic {
	assert_eq!(
		<Runtime as GrandpaApiV3<Block>>::submit_report_equivocation_unsigned_extrinsic(
			proof,
			key_owner_proof
		),
		Some(())
	);
	let encoded = pool().expect("the report reached the pool");
	UncheckedExtrinsic::decode(&mut &encoded[..]).expect("an extrinsic")
}

/// The report dispatched directly, as a block author's node would include it.
fn dispatch(
	proof: EquivocationProof<H256, u32>,
	key_owner_proof: &OpaqueKeyOwnershipProof,
) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Grandpa::report_equivocation_unsigned(
		RuntimeOrigin::none(),
		Box::new(proof),
		decoded(key_owner_proof),
	)
}

fn offences_recorded() -> usize {
	pallet_offences::Reports::<Runtime>::iter().count()
}

fn validator_index(who: &AccountId) -> u32 {
	Session::validators()
		.iter()
		.position(|v| v == who)
		.and_then(|i| u32::try_from(i).ok())
		.expect("a validator")
}

fn suspended() -> Vec<AccountId> {
	SuspendedValidators::get().into_inner()
}

#[test]
fn a_reported_equivocation_is_recorded_once_disables_and_suspends_the_offender() {
	let (mut ext, pool) = network();
	ext.execute_with(|| {
		let offender = account(2);
		let index = validator_index(&offender);
		let proof = equivocation_of(2, 1);
		let key_owner_proof = ownership_proof(grandpa_id(2)).expect("a validator's key is proven");
		assert_eq!(decoded(&key_owner_proof).session, 0);
		assert_eq!(decoded(&key_owner_proof).validator_count, 4);

		// The node-side path: the report goes to the pool as an unsigned extrinsic, which a
		// block then applies.
		let report = submit(proof.clone(), key_owner_proof.clone(), &pool);
		assert!(matches!(
			&report.function,
			RuntimeCall::Grandpa(pallet_grandpa::Call::report_equivocation_unsigned { .. })
		));
		assert_eq!(Executive::apply_extrinsic(report.clone()), Ok(Ok(())));

		// Recorded once, as a GRANDPA equivocation.
		assert_eq!(offences_recorded(), 1);
		assert!(System::events().iter().any(|record| matches!(
			&record.event,
			RuntimeEvent::Offences(pallet_offences::Event::Offence { kind, .. })
				if kind == b"grandpa:equivoca"
		)));
		// Disabled at once: Aura refuses its slots from now on.
		assert_eq!(Session::disabled_validators(), vec![index]);
		assert!(<Session as DisabledValidators>::is_disabled(index));
		System::assert_has_event(RuntimeEvent::Session(pallet_session::Event::ValidatorDisabled {
			validator: offender.clone(),
		}));
		// Suspended; nothing slashed: the founder's free balance is untouched.
		assert_eq!(suspended(), vec![offender.clone()]);
		assert_eq!(
			crate::Balances::free_balance(&offender),
			crate::Balances::free_balance(account(1))
		);

		// The same report again: refused by the pool's validation (stale) and by dispatch.
		let again = submit(proof.clone(), key_owner_proof.clone(), &pool);
		assert_eq!(
			Executive::apply_extrinsic(again),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Stale))
		);
		assert_err!(
			dispatch(proof, &key_owner_proof),
			pallet_grandpa::Error::<Runtime>::DuplicateOffenceReport
		);
		assert_eq!(offences_recorded(), 1);

		// Planned before the offence, the next session still has the offender: it stays
		// disabled. The session after leaves it out.
		Session::rotate_session();
		assert!(Session::validators().contains(&offender));
		assert_eq!(Session::disabled_validators(), vec![validator_index(&offender)]);
		Session::rotate_session();
		assert_eq!(Session::validators(), vec![account(1), account(3), account(4)]);
		assert!(Session::disabled_validators().is_empty());
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 3);
		// And it stays out until the council decides.
		Session::rotate_session();
		Session::rotate_session();
		assert!(!Session::validators().contains(&offender));
		assert_ok!(do_try_state());
	});
}

#[test]
fn an_unsigned_report_from_the_network_is_refused() {
	let (mut ext, pool) = network();
	ext.execute_with(|| {
		let report =
			submit(equivocation_of(3, 1), ownership_proof(grandpa_id(3)).expect("proven"), &pool);
		// Only a node's own report (or one already in a block) is valid: a gossiped one is not.
		assert_eq!(
			Executive::validate_transaction(TransactionSource::External, report, H256::zero()),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Call))
		);
		assert_ok!(Executive::validate_transaction(
			TransactionSource::Local,
			submit(equivocation_of(3, 1), ownership_proof(grandpa_id(3)).expect("p"), &pool),
			H256::zero()
		));
	});
}

#[test]
fn a_report_with_a_bad_signature_is_refused() {
	let (mut ext, _pool) = network();
	ext.execute_with(|| {
		// The second vote is signed by founder 3 but claimed as founder 2's.
		let forged =
			equivocation(0, 1, grandpa_id(2), (&grandpa_pair(2), &grandpa_pair(3)), (1, 2));
		let key_owner_proof = ownership_proof(grandpa_id(2)).expect("proven");
		assert_err!(
			dispatch(forged, &key_owner_proof),
			pallet_grandpa::Error::<Runtime>::InvalidEquivocationProof
		);
		// Two identical votes are no equivocation.
		let pair = grandpa_pair(2);
		let same = equivocation(0, 1, grandpa_id(2), (&pair, &pair), (1, 1));
		assert_err!(
			dispatch(same, &key_owner_proof),
			pallet_grandpa::Error::<Runtime>::InvalidEquivocationProof
		);
		assert_eq!(offences_recorded(), 0);
		assert!(Session::disabled_validators().is_empty());
		assert!(suspended().is_empty());
	});
}

#[test]
fn a_report_for_an_unknown_set_id_is_refused() {
	let (mut ext, _pool) = network();
	ext.execute_with(|| {
		let pair = grandpa_pair(2);
		// Validly signed, but for set 7, which this chain never had.
		let wrong_set = equivocation(7, 1, grandpa_id(2), (&pair, &pair), (1, 2));
		let key_owner_proof = ownership_proof(grandpa_id(2)).expect("proven");
		assert_err!(
			dispatch(wrong_set, &key_owner_proof),
			pallet_grandpa::Error::<Runtime>::InvalidEquivocationProof
		);
		assert_eq!(offences_recorded(), 0);
	});
}

#[test]
fn a_key_that_is_not_a_validators_is_refused() {
	let (mut ext, pool) = network();
	ext.execute_with(|| {
		let outsider = ed25519::Pair::from_seed(&[99; 32]);
		let outsider_id: GrandpaId = outsider.public().into();
		// No proof exists for a key outside the validator set.
		assert!(ownership_proof(outsider_id.clone()).is_none());
		// Another validator's proof does not prove the outsider's key.
		let borrowed = ownership_proof(grandpa_id(2)).expect("proven");
		let proof = equivocation(0, 1, outsider_id, (&outsider, &outsider), (1, 2));
		assert_err!(
			dispatch(proof.clone(), &borrowed),
			pallet_grandpa::Error::<Runtime>::InvalidKeyOwnershipProof
		);
		let report = submit(proof, borrowed, &pool);
		assert_eq!(
			Executive::apply_extrinsic(report),
			Err(TransactionValidityError::Invalid(InvalidTransaction::BadProof))
		);
		// A proof for another validator count (forged trie) is refused too.
		let mut miscounted = decoded(&ownership_proof(grandpa_id(2)).expect("proven"));
		miscounted.validator_count = 5;
		assert_err!(
			Grandpa::report_equivocation_unsigned(
				RuntimeOrigin::none(),
				Box::new(equivocation_of(2, 1)),
				miscounted
			),
			pallet_grandpa::Error::<Runtime>::InvalidKeyOwnershipProof
		);
		// Signed origins cannot use the unsigned report.
		assert_err!(
			Grandpa::report_equivocation_unsigned(
				RuntimeOrigin::signed(account(1)),
				Box::new(equivocation_of(2, 1)),
				decoded(&ownership_proof(grandpa_id(2)).expect("proven"))
			),
			DispatchError::BadOrigin
		);
		assert_eq!(offences_recorded(), 0);
	});
}

#[test]
fn an_equivocation_of_an_earlier_session_is_provable_from_its_historical_root() {
	let (mut ext, _pool) = network();
	ext.execute_with(|| {
		// Sessions 0 and 1 were planned at genesis; from session 2 on every set has a root.
		Session::rotate_session();
		Session::rotate_session();
		assert_eq!(Session::current_index(), 2);
		let proof = equivocation_of(4, 3);
		let key_owner_proof = ownership_proof(grandpa_id(4)).expect("proven");
		Session::rotate_session();
		assert_eq!(decoded(&key_owner_proof).session, 2);
		assert_ok!(dispatch(proof, &key_owner_proof));
		assert_eq!(suspended(), vec![account(4)]);
		assert_eq!(Session::disabled_validators(), vec![validator_index(&account(4))]);
	});
}

#[test]
fn at_most_a_third_of_the_validators_is_disabled_but_every_offender_is_suspended() {
	let (mut ext, _pool) = network();
	ext.execute_with(|| {
		for n in [2u8, 3] {
			let key_owner_proof = ownership_proof(grandpa_id(n)).expect("proven");
			assert_ok!(dispatch(equivocation_of(n, 1), &key_owner_proof));
		}
		assert_eq!(offences_recorded(), 2);
		// Four validators: one may be disabled, or Aura would lose too many slots.
		assert_eq!(Session::disabled_validators(), vec![validator_index(&account(2))]);
		assert_eq!(suspended(), vec![account(2), account(3)]);
		Session::rotate_session();
		Session::rotate_session();
		assert_eq!(Session::validators(), vec![account(1), account(4)]);
	});
}

#[test]
fn the_council_lifts_a_suspension_or_removes_the_operator() {
	let (mut ext, _pool) = network();
	ext.execute_with(|| {
		assert_ok!(dispatch(
			equivocation_of(2, 1),
			&ownership_proof(grandpa_id(2)).expect("proven")
		));
		Session::rotate_session();
		Session::rotate_session();
		assert!(!Session::validators().contains(&account(2)));

		// The council (as Root) writes the parameter without the operator: it is planned again.
		let remaining = SuspendedList::new();
		assert_ok!(System::set_storage(
			RuntimeOrigin::root(),
			vec![(SuspendedValidators::key().to_vec(), remaining.encode())]
		));
		Session::rotate_session();
		Session::rotate_session();
		assert!(Session::validators().contains(&account(2)));

		// Another offence; this time the council removes the operator, which ends the
		// suspension (a later re-admission is a fresh decision).
		assert_ok!(dispatch(
			equivocation_of(2, 9),
			&ownership_proof(grandpa_id(2)).expect("proven")
		));
		assert_eq!(suspended(), vec![account(2)]);
		assert_ok!(Operators::remove_member(RuntimeOrigin::root(), account(2).into()));
		Session::rotate_session();
		assert!(suspended().is_empty());
	});
}

#[test]
fn historical_roots_and_set_sessions_stay_bounded() {
	let (mut ext, _pool) = network();
	ext.execute_with(|| {
		// Alternate the set so that GRANDPA changes authority set every other session.
		for round in 0..(REPORTABLE_SESSIONS * 3) {
			if round % 4 == 0 {
				assert_ok!(Operators::remove_member(RuntimeOrigin::root(), account(4).into()));
			} else if round % 4 == 2 {
				assert_ok!(Operators::add_member(RuntimeOrigin::root(), account(4).into()));
			}
			Session::rotate_session();
			// GRANDPA notes the session of the set on each new session.
			assert_ok!(do_try_state());
		}
		let (first, last) =
			pallet_session::historical::StoredRange::<Runtime>::get().expect("roots stored");
		assert_eq!(last - first, REPORTABLE_SESSIONS + 1);
		assert_eq!(
			pallet_session::historical::HistoricalSessions::<Runtime>::iter_keys().count(),
			(REPORTABLE_SESSIONS + 1) as usize
		);
	});
}

#[test]
fn the_upgrade_migration_restores_the_previous_sets_session_once() {
	let (mut ext, _pool) = network();
	ext.execute_with(|| {
		// A live chain before this runtime: set 3 running, only its own entry kept.
		for _ in 0..5 {
			Session::rotate_session();
		}
		pallet_grandpa::CurrentSetId::<Runtime>::put(3);
		let _ = pallet_grandpa::SetIdSession::<Runtime>::clear(u32::MAX, None);
		pallet_grandpa::SetIdSession::<Runtime>::insert(3, 5);

		InitEquivocationHistory::on_runtime_upgrade();
		assert_eq!(pallet_grandpa::SetIdSession::<Runtime>::get(2), Some(4));
		// Idempotent.
		pallet_grandpa::SetIdSession::<Runtime>::insert(2, 1);
		InitEquivocationHistory::on_runtime_upgrade();
		assert_eq!(pallet_grandpa::SetIdSession::<Runtime>::get(2), Some(1));
		pallet_grandpa::SetIdSession::<Runtime>::insert(2, 4);

		// A report against set 3 in the current session is now accepted.
		let pair = grandpa_pair(1);
		let proof = equivocation(3, 1, grandpa_id(1), (&pair, &pair), (1, 2));
		let key_owner_proof = ownership_proof(grandpa_id(1)).expect("proven");
		assert_ok!(dispatch(proof, &key_owner_proof));
		assert_eq!(suspended(), vec![account(1)]);
	});
}
