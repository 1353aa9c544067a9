//! # Operator nodes
//!
//! The runtime half of the consortium's permissioned p2p network: only nodes of member operators
//! connect. Each operator registers the libp2p peer ids of its nodes (at most
//! [`Config::MaxNodesPerOperator`], each holding [`Config::NodeDeposit`]); a peer id belongs to
//! one operator chain-wide.
//!
//! **The rule.** The authorized peer set is the registered nodes of accounts that are operators
//! *now* ([`Pallet::authorized_nodes`], [`authorized_peers`]). An operator the council removes
//! loses its nodes' authorization in the same block, before anyone reaps its registrations;
//! [`Pallet::reap_nodes`] then lets anyone clear the removed operator's nodes and return its
//! deposits.
//!
//! **Enforcement.** Every node's off-chain worker hands the authorized set to the node
//! (`sp_io::offchain::set_authorized_nodes(set, true)`), which makes it the reserved set of the
//! block-announce (sync) protocol in reserved-only mode. While no node is registered the set is
//! empty and the worker does nothing, so such a chain's network stays open (an empty reserved-only
//! set would cut every node off). See the crate README for what node operators must run.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod impls;
#[cfg(test)]
mod mock;
pub mod peer;
#[cfg(test)]
mod tests;
pub mod weights;

pub use impls::authorized_peers;
pub use pallet::*;
pub use peer::{is_valid_peer_id, NodePeerId, MAX_PEER_ID_LEN};
pub use weights::WeightInfo;

// FRAME's expansion of the pallet and error macros calls `expect` on paths that cannot fail; the
// hand-written code stays panic-free (`scripts/check-runtime-panics.sh`).
#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet {
	use super::{NodePeerId, WeightInfo};
	use alloc::vec::Vec;
	use codec::{Decode, Encode, MaxEncodedLen};
	use frame_support::{pallet_prelude::*, traits::fungible};
	use frame_system::pallet_prelude::*;
	use scale_info::TypeInfo;
	use telecom_primitives::OperatorMembership;

	/// Balance type of the currency deposits are held in.
	pub type BalanceOf<T> = <<T as Config>::Currency as fungible::Inspect<
		<T as frame_system::Config>::AccountId,
	>>::Balance;

	/// Who registered a node and what it holds for it.
	#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
	pub struct NodeRecord<AccountId, Balance> {
		/// The operator whose node it is.
		pub operator: AccountId,
		/// The deposit held from the operator for this node (returned in full when it goes).
		pub deposit: Balance,
	}

	/// A node record as stored.
	pub type NodeRecordOf<T> = NodeRecord<<T as frame_system::Config>::AccountId, BalanceOf<T>>;

	/// Peer ids of one operator's nodes.
	pub type NodeListOf<T> = BoundedVec<NodePeerId, <T as Config>::MaxNodesPerOperator>;

	/// Version of the pallet's storage layout: a release that changes the layout bumps it and
	/// ships the migration from the previous version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the operator nodes pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Native currency, from which node deposits are held.
		type Currency: fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ fungible::Mutate<Self::AccountId>;

		/// The runtime's hold reasons.
		type RuntimeHoldReason: From<HoldReason>;

		/// Consortium operators: only they register nodes, and only their nodes are authorized.
		type Operators: OperatorMembership<Self::AccountId>;

		/// Removes any operator's node (a compromised node key): in the runtime, the council.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Deposit held from the operator per registered node.
		#[pallet::constant]
		type NodeDeposit: Get<BalanceOf<Self>>;

		/// Most nodes (validators, RPC and archive nodes) one operator may register.
		#[pallet::constant]
		type MaxNodesPerOperator: Get<u32>;

		/// Weights measured by the node's `benchmark pallet` command.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Deposit for a registered node.
		NodeDeposit,
	}

	/// The peer ids of each operator's registered nodes, in registration order.
	#[pallet::storage]
	pub type NodesOf<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, NodeListOf<T>, ValueQuery>;

	/// Every registered peer id: its operator and deposit. A peer id is registered once.
	#[pallet::storage]
	pub type Nodes<T: Config> =
		StorageMap<_, Blake2_128Concat, NodePeerId, NodeRecordOf<T>, OptionQuery>;

	/// Nodes registered at genesis: the founding operators' peer ids.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// (operator, peer id as its multihash bytes). Each holds `NodeDeposit` from the operator,
		/// whom the balances genesis must fund. Listing a non-operator is allowed but its nodes
		/// are not authorized until it becomes one.
		pub nodes: Vec<(T::AccountId, Vec<u8>)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (operator, peer_id) in &self.nodes {
				let peer_id = NodePeerId::try_from(peer_id.clone());
				assert!(peer_id.is_ok(), "genesis peer id too long"); // panic-ok
				let added = Pallet::<T>::do_register(operator.clone(), peer_id.unwrap_or_default());
				assert!(added.is_ok(), "genesis node registers"); // panic-ok
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An operator registered a node; its deposit is held.
		NodeRegistered { operator: T::AccountId, peer_id: NodePeerId, deposit: BalanceOf<T> },
		/// An operator deregistered its node; its deposit is released.
		NodeDeregistered { operator: T::AccountId, peer_id: NodePeerId },
		/// The admin origin removed an operator's node (compromised key); its deposit is released
		/// to the operator.
		NodeRemoved { operator: T::AccountId, peer_id: NodePeerId },
		/// A former operator's nodes were removed and their deposits released.
		NodesReaped { operator: T::AccountId, nodes: u32 },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// Only a current operator may register a node.
		NotOperator,
		/// The bytes are not a libp2p peer id: send the multihash bytes (`PeerId::to_bytes`, the
		/// base58-decoded text) of an identity (`0x00`) or sha2-256 (`0x12`) multihash.
		InvalidPeerId,
		/// This peer id is already registered (by this or another operator).
		AlreadyRegistered,
		/// The operator already has `MaxNodesPerOperator` nodes: deregister one first.
		TooManyNodes,
		/// No node is registered with this peer id.
		UnknownNode,
		/// Only the operator that registered a node may deregister it.
		NotNodeOwner,
		/// The account is still an operator: only a former operator's nodes may be reaped.
		StillOperator,
		/// The account has no registered nodes to reap.
		NoNodes,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Gives this node the authorized peer set (see the crate docs); does nothing while the
		/// set is empty.
		fn offchain_worker(_now: BlockNumberFor<T>) {
			Self::enforce_authorized_nodes();
		}

		fn integrity_test() {
			assert!(T::MaxNodesPerOperator::get() > 0, "operators must be able to register a node");
			// panic-ok
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_now: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers a node of the calling operator by its libp2p peer id (the multihash bytes),
		/// holding `NodeDeposit`. The node is authorized from the next off-chain worker run of
		/// each member node.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_node())]
		pub fn register_node(origin: OriginFor<T>, peer_id: NodePeerId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(T::Operators::is_operator(&who), Error::<T>::NotOperator);
			Self::do_register(who, peer_id)
		}

		/// Deregisters one of the caller's nodes and releases its deposit. A former operator may
		/// still deregister its own nodes.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::deregister_node())]
		pub fn deregister_node(origin: OriginFor<T>, peer_id: NodePeerId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let record = Nodes::<T>::get(&peer_id).ok_or(Error::<T>::UnknownNode)?;
			ensure!(record.operator == who, Error::<T>::NotNodeOwner);
			Self::do_remove(&peer_id, &record)?;
			Self::deposit_event(Event::NodeDeregistered { operator: who, peer_id });
			Ok(())
		}

		/// Removes any operator's node, e.g. when its node key is compromised. The deposit goes
		/// back to the operator: a stolen key is not the operator's fault to be fined for.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::remove_node())]
		pub fn remove_node(origin: OriginFor<T>, peer_id: NodePeerId) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			let record = Nodes::<T>::get(&peer_id).ok_or(Error::<T>::UnknownNode)?;
			Self::do_remove(&peer_id, &record)?;
			Self::deposit_event(Event::NodeRemoved { operator: record.operator, peer_id });
			Ok(())
		}

		/// Removes every node of an account that is no longer an operator and releases their
		/// deposits to it. Anyone may call it: a removed operator's registrations should not
		/// linger (they are already unauthorized).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::reap_nodes(T::MaxNodesPerOperator::get()))]
		pub fn reap_nodes(
			origin: OriginFor<T>,
			operator: T::AccountId,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			ensure!(!T::Operators::is_operator(&operator), Error::<T>::StillOperator);
			let reaped = Self::do_reap(&operator)?;
			Self::deposit_event(Event::NodesReaped { operator, nodes: reaped });
			Ok(Some(T::WeightInfo::reap_nodes(reaped)).into())
		}
	}
}
