//! GRANDPA equivocation reports: a validator that signs two different votes in the same round is
//! reported (by any validator's node, through the GRANDPA runtime API and an unsigned extrinsic),
//! the offence is recorded once, the offender is disabled at once and it is not planned into any
//! later session until the council decides. Nobody is slashed: operators are accountable to the
//! council, not to a bond.
//!
//! Aura has no equivocation reporting on the runtime side (`pallet-aura` has no report call);
//! a block-production equivocation is visible only in node logs and goes to the council.

use crate::{
	AccountId, Historical, Offences, Operators, Runtime, RuntimeCall, RuntimeEvent, Session,
	UncheckedExtrinsic,
};
use alloc::vec::Vec;
use frame_support::{
	parameter_types,
	traits::{ConstU32, Contains, Get, KeyOwnerProofSystem, OnRuntimeUpgrade},
	weights::Weight,
	BoundedVec,
};
use sp_runtime::{traits::Convert, Perbill};
use sp_staking::{
	offence::{OffenceDetails, OffenceSeverity, OnOffenceHandler},
	SessionIndex,
};

use super::validators::{ClampedSessionPeriod, OperatorValidators, MAX_VALIDATORS};

/// How many sessions back an equivocation can still be proven: the session pallet's historical
/// validator roots and GRANDPA's set-id-to-session map keep this many entries (one hour at the
/// default ten-minute session, up to six days at the longest session).
pub const REPORTABLE_SESSIONS: u32 = 6;

/// The validator accounts suspended for an equivocation: at most one per validator slot.
pub type SuspendedList = BoundedVec<AccountId, ConstU32<{ MAX_VALIDATORS as u32 }>>;

parameter_types! {
	/// Validators suspended for an equivocation: they are disabled whenever they are in the
	/// active set and are never planned into a new session. The council lifts a suspension as
	/// Root (`system.setStorage` of key `twox128(":SuspendedValidators:")` with the remaining
	/// list, or `system.killStorage` to lift them all); removing the operator from the membership
	/// also drops its suspension at the next session.
	pub storage SuspendedValidators: SuspendedList = SuspendedList::new();
	/// How long an unsigned equivocation report stays valid in the pool: the reportable sessions.
	pub ReportLongevity: u64 =
		u64::from(REPORTABLE_SESSIONS).saturating_mul(u64::from(ClampedSessionPeriod::get()));
	/// GRANDPA keeps the session index of the last [`REPORTABLE_SESSIONS`] authority sets (a set
	/// lasts at least one session).
	pub const MaxSetIdSessionEntries: u64 = REPORTABLE_SESSIONS as u64;
}

/// A validator's full identification in the historical session roots: the operator account
/// alone, since nothing is bonded.
pub struct OperatorIdentification;

impl Convert<AccountId, Option<()>> for OperatorIdentification {
	fn convert(_validator: AccountId) -> Option<()> {
		Some(())
	}
}

impl pallet_session::historical::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type FullIdentification = ();
	type FullIdentificationOf = OperatorIdentification;
}

impl pallet_offences::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type IdentificationTuple = pallet_session::historical::IdentificationTuple<Self>;
	type OnOffenceHandler = DisableAndSuspend;
}

/// The block author, for the reporter of an equivocation that a block includes.
impl pallet_authorship::Config for Runtime {
	type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Self, crate::Aura>;
	type EventHandler = ();
}

/// The GRANDPA equivocation system: proofs of key ownership come from the session pallet's
/// historical roots, offences are recorded by `pallet-offences`.
pub type GrandpaEquivocationReports =
	pallet_grandpa::EquivocationReportSystem<Runtime, Offences, Historical, ReportLongevity>;

/// GRANDPA's key-ownership proof: the offender's key in a session's validator trie.
pub type GrandpaKeyOwnerProof = <Historical as KeyOwnerProofSystem<(
	sp_core::crypto::KeyTypeId,
	sp_consensus_grandpa::AuthorityId,
)>>::Proof;

/// What happens to an offender: it is disabled in the current session (within the session
/// pallet's limit of a third of the validators, so Aura keeps producing blocks) and suspended:
/// the session manager never plans it again until the council lifts the suspension or removes
/// the operator. No funds move.
pub struct DisableAndSuspend;

impl DisableAndSuspend {
	/// Suspends `validator`; a full list (every validator slot already suspended) keeps its
	/// entries, and the offender is still disabled.
	fn suspend(list: &mut SuspendedList, validator: &AccountId) {
		if !list.contains(validator) && list.try_push(validator.clone()).is_err() {
			log::warn!(target: "runtime::equivocation", "suspension list full");
		}
	}
}

impl OnOffenceHandler<AccountId, pallet_session::historical::IdentificationTuple<Runtime>, Weight>
	for DisableAndSuspend
{
	fn on_offence(
		offenders: &[OffenceDetails<
			AccountId,
			pallet_session::historical::IdentificationTuple<Runtime>,
		>],
		_slash_fraction: &[Perbill],
		_session: SessionIndex,
	) -> Weight {
		let mut suspended = SuspendedValidators::get();
		for details in offenders {
			let (validator, ()) = &details.offender;
			Session::report_offence(validator.clone(), OffenceSeverity::max_severity());
			Self::suspend(&mut suspended, validator);
		}
		SuspendedValidators::set(&suspended);
		let count = u64::try_from(offenders.len()).unwrap_or(u64::MAX);
		// Per offender: validators, disabled list (read and write); then the suspension list.
		<Runtime as frame_system::Config>::DbWeight::get()
			.reads_writes(count.saturating_mul(2).saturating_add(1), count.saturating_add(1))
	}
}

/// Whether `validator` is suspended for an equivocation.
pub struct IsSuspended;

impl Contains<AccountId> for IsSuspended {
	fn contains(validator: &AccountId) -> bool {
		SuspendedValidators::get().contains(validator)
	}
}

/// The session manager the session pallet calls: [`OperatorValidators`] plans each set, the
/// historical pallet stores a root of every planned set (so an equivocation stays provable for
/// [`REPORTABLE_SESSIONS`]), and an unchanged set is reported as "no change" so that a session
/// rotation changes no authority.
pub struct OperatorSessions;

type NoteRoots = pallet_session::historical::NoteHistoricalRoot<Runtime, OperatorValidators>;

impl pallet_session::SessionManager<AccountId> for OperatorSessions {
	fn new_session(new_index: SessionIndex) -> Option<Vec<AccountId>> {
		// A removed operator's suspension ends with its membership: re-admission is a new
		// council decision.
		let suspended = SuspendedValidators::get();
		let mut kept = suspended.clone();
		kept.retain(Operators::contains);
		if kept != suspended {
			SuspendedValidators::set(&kept);
		}
		Historical::prune_up_to(new_index.saturating_sub(REPORTABLE_SESSIONS));
		let planned =
			<NoteRoots as pallet_session::SessionManager<AccountId>>::new_session(new_index)?;
		if planned == Session::validators() {
			return None;
		}
		Some(planned)
	}

	/// At genesis the session pallet's own `keys` list is the first validator set.
	fn new_session_genesis(_new_index: SessionIndex) -> Option<Vec<AccountId>> {
		None
	}

	fn end_session(end_index: SessionIndex) {
		<NoteRoots as pallet_session::SessionManager<AccountId>>::end_session(end_index)
	}

	/// A new session clears the disabled list when its set changed: suspended validators still
	/// in the active set (it was planned before the offence) are disabled again.
	fn start_session(start_index: SessionIndex) {
		<NoteRoots as pallet_session::SessionManager<AccountId>>::start_session(start_index);
		let suspended = SuspendedValidators::get();
		for validator in Session::validators() {
			if suspended.contains(&validator) {
				Session::report_offence(validator, OffenceSeverity::max_severity());
			}
		}
	}
}

impl<LocalCall> frame_system::offchain::CreateTransactionBase<LocalCall> for Runtime
where
	RuntimeCall: From<LocalCall>,
{
	type Extrinsic = UncheckedExtrinsic;
	type RuntimeCall = RuntimeCall;
}

/// Unsigned equivocation reports are bare extrinsics.
impl<LocalCall> frame_system::offchain::CreateBare<LocalCall> for Runtime
where
	RuntimeCall: From<LocalCall>,
{
	fn create_bare(call: RuntimeCall) -> UncheckedExtrinsic {
		UncheckedExtrinsic::new_bare(call)
	}
}

/// Adding equivocation reports to a live chain: GRANDPA kept only the current authority set's
/// session (`MaxSetIdSessionEntries` was 0), but a report against set `n > 0` needs the session
/// at which set `n - 1` ended. Without it no report would be accepted until the next authority
/// change. The entry is set to the session before the upgrade's, so that equivocations from the
/// upgrade's session on are provable (older sessions have no historical root anyway). Runs only
/// while the entry is missing.
pub struct InitEquivocationHistory;

impl OnRuntimeUpgrade for InitEquivocationHistory {
	fn on_runtime_upgrade() -> Weight {
		let db = <Runtime as frame_system::Config>::DbWeight::get();
		let set_id = pallet_grandpa::CurrentSetId::<Runtime>::get();
		let Some(previous) = set_id.checked_sub(1) else {
			return db.reads(1);
		};
		if pallet_grandpa::SetIdSession::<Runtime>::contains_key(previous) {
			return db.reads(2);
		}
		let session = Session::current_index().saturating_sub(1);
		pallet_grandpa::SetIdSession::<Runtime>::insert(previous, session);
		log::info!(
			target: "runtime::equivocation",
			"GRANDPA set {previous} noted as ending at session {session}"
		);
		db.reads_writes(3, 1)
	}
}

/// The GRANDPA set-id map and the historical roots stay within [`REPORTABLE_SESSIONS`].
pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
	let stored = pallet_grandpa::SetIdSession::<Runtime>::iter_keys().count();
	frame_support::ensure!(
		stored <= REPORTABLE_SESSIONS as usize,
		"GRANDPA keeps more set-id entries than the reportable sessions"
	);
	if let Some((first, last)) = pallet_session::historical::StoredRange::<Runtime>::get() {
		frame_support::ensure!(
			last.saturating_sub(first) <= REPORTABLE_SESSIONS.saturating_add(1),
			"historical session roots exceed the reportable sessions"
		);
	}
	Ok(())
}
