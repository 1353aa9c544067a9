//! Runtime API of 5G sharing: a site's owners, capacity and utilisation, its leases with their
//! SLA records, and a participant's period statement.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
use pallet_5g_sharing::{Lease, LeaseId, ParticipantStatement, ProjectId, Site, SlaRecord};
use telecom_primitives::SettlementPeriod;

sp_api::decl_runtime_apis! {
	/// Queries of 5G sharing. `Project` is the runtime's project record type.
	pub trait SharingApi<AccountId, Project>
	where
		AccountId: Codec,
		Project: Codec,
	{
		/// A project (owners and shares, capex, milestone) and its site once commissioned.
		fn site(site: ProjectId) -> Option<(Project, Option<Site>)>;

		/// A site's leases with their SLA record for `period`.
		fn leases(site: ProjectId, period: SettlementPeriod) -> Vec<(LeaseId, Lease<AccountId>, SlaRecord)>;

		/// A participant's lines of a settled period.
		fn statement(site: ProjectId, period: SettlementPeriod, who: AccountId) -> Option<ParticipantStatement>;
	}
}
