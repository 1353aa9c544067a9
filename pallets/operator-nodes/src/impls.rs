//! The registry's logic: registering and removing nodes with their deposits, the authorization
//! rule, the off-chain worker's enforcement and the invariants.

use crate::{
	is_valid_peer_id, BalanceOf, Config, Error, Event, HoldReason, NodePeerId, NodeRecord,
	NodeRecordOf, Nodes, NodesOf, Pallet,
};
use alloc::{collections::BTreeMap, vec::Vec};
use frame_support::{
	ensure,
	traits::{
		fungible::{InspectHold, MutateHold},
		tokens::Precision,
		Get,
	},
};
use sp_runtime::{DispatchError, DispatchResult, Saturating};
use telecom_primitives::OperatorMembership;

const LOG_TARGET: &str = "runtime::operator-nodes";

/// The authorization rule: the peer ids registered by accounts for which `is_member` holds,
/// sorted and without repeats. Accounts that are not (or no longer) members contribute nothing,
/// whatever they still have registered.
pub fn authorized_peers<AccountId, Nodes>(
	registrations: impl IntoIterator<Item = (AccountId, Nodes)>,
	is_member: impl Fn(&AccountId) -> bool,
) -> Vec<NodePeerId>
where
	Nodes: IntoIterator<Item = NodePeerId>,
{
	let mut peers: Vec<NodePeerId> = registrations
		.into_iter()
		.filter(|(who, _)| is_member(who))
		.flat_map(|(_, nodes)| nodes)
		.collect();
	peers.sort();
	peers.dedup();
	peers
}

impl<T: Config> Pallet<T> {
	/// The peer ids this chain authorizes now: the registered nodes of current operators. The
	/// off-chain worker hands exactly this set to the node.
	pub fn authorized_nodes() -> Vec<NodePeerId> {
		authorized_peers(NodesOf::<T>::iter(), T::Operators::is_operator)
	}

	/// Hands the authorized set to this node as its sync protocol's reserved-only peer set, unless
	/// the set is empty (which would disconnect the node from everyone).
	pub(crate) fn enforce_authorized_nodes() {
		let peers = Self::authorized_nodes();
		if peers.is_empty() {
			log::debug!(target: LOG_TARGET, "no registered node of a current operator: network left open");
			return;
		}
		log::debug!(target: LOG_TARGET, "authorizing {} operator nodes", peers.len());
		let nodes =
			peers.into_iter().map(|peer| sp_core::OpaquePeerId::new(peer.into_inner())).collect();
		sp_io::offchain::set_authorized_nodes(nodes, true);
	}

	/// Registers `peer_id` as a node of `operator`, holding the node deposit. The caller has
	/// checked that `operator` may register (genesis does not).
	pub(crate) fn do_register(operator: T::AccountId, peer_id: NodePeerId) -> DispatchResult {
		ensure!(is_valid_peer_id(&peer_id), Error::<T>::InvalidPeerId);
		ensure!(!Nodes::<T>::contains_key(&peer_id), Error::<T>::AlreadyRegistered);
		let deposit = T::NodeDeposit::get();
		NodesOf::<T>::try_mutate(&operator, |nodes| -> DispatchResult {
			nodes.try_push(peer_id.clone()).map_err(|_| Error::<T>::TooManyNodes)?;
			T::Currency::hold(&HoldReason::NodeDeposit.into(), &operator, deposit)
		})?;
		Nodes::<T>::insert(&peer_id, NodeRecord { operator: operator.clone(), deposit });
		Self::deposit_event(Event::NodeRegistered { operator, peer_id, deposit });
		Ok(())
	}

	/// Removes a registered node from both indexes and releases its deposit to its operator.
	pub(crate) fn do_remove(peer_id: &NodePeerId, record: &NodeRecordOf<T>) -> DispatchResult {
		NodesOf::<T>::mutate_exists(&record.operator, |entry| {
			if let Some(nodes) = entry {
				nodes.retain(|node| node != peer_id);
				if nodes.is_empty() {
					*entry = None;
				}
			}
		});
		Nodes::<T>::remove(peer_id);
		Self::release(record)
	}

	/// Removes every node of `operator` and releases their deposits; returns how many there were.
	pub(crate) fn do_reap(operator: &T::AccountId) -> Result<u32, DispatchError> {
		let nodes = NodesOf::<T>::take(operator);
		ensure!(!nodes.is_empty(), Error::<T>::NoNodes);
		let mut reaped: u32 = 0;
		for peer_id in &nodes {
			if let Some(record) = Nodes::<T>::take(peer_id) {
				Self::release(&record)?;
			}
			reaped = reaped.saturating_add(1);
		}
		Ok(reaped)
	}

	/// Releases what a node record holds. Best effort: only this pallet moves funds held for this
	/// reason, so the full deposit is there; a node is never kept because of its deposit.
	fn release(record: &NodeRecordOf<T>) -> DispatchResult {
		T::Currency::release(
			&HoldReason::NodeDeposit.into(),
			&record.operator,
			record.deposit,
			Precision::BestEffort,
		)?;
		Ok(())
	}

	/// Checks the registry's invariants: each operator's list is non-empty, within
	/// `MaxNodesPerOperator`, free of repeats and of invalid peer ids; the forward and reverse
	/// indexes agree entry for entry; and each operator's held node deposit is the sum of its
	/// nodes' deposits (`nodes × NodeDeposit` while the deposit has never changed).
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut listed: u32 = 0;
		let mut deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (operator, nodes) in NodesOf::<T>::iter() {
			ensure!(!nodes.is_empty(), "an operator's node list is stored empty");
			ensure!(
				nodes.len() <= T::MaxNodesPerOperator::get() as usize,
				"an operator has more than MaxNodesPerOperator nodes"
			);
			let mut total = BalanceOf::<T>::default();
			for (index, peer_id) in nodes.iter().enumerate() {
				ensure!(is_valid_peer_id(peer_id), "a registered peer id is not a libp2p peer id");
				ensure!(
					!nodes.iter().take(index).any(|earlier| earlier == peer_id),
					"an operator lists a node twice"
				);
				let record = Nodes::<T>::get(peer_id).ok_or("a listed node is not in Nodes")?;
				ensure!(
					record.operator == operator,
					"a listed node's record names another operator"
				);
				total = total.saturating_add(record.deposit);
				listed = listed.saturating_add(1);
			}
			deposits.insert(operator, total);
		}
		let mut recorded: u32 = 0;
		for (peer_id, record) in Nodes::<T>::iter() {
			ensure!(
				NodesOf::<T>::get(&record.operator).contains(&peer_id),
				"a node record is missing from its operator's list"
			);
			recorded = recorded.saturating_add(1);
		}
		ensure!(listed == recorded, "the node indexes differ in size");
		for (operator, total) in deposits {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::NodeDeposit.into(), &operator) == total,
				"an operator's held node deposit differs from its nodes' deposits"
			);
		}
		Ok(())
	}
}
