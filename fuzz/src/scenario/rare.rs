//! Builders of calls that the guided search reached in some runs only: a device reported to
//! the block list (so that the regulator has a report to reject), an incumbent activity the
//! regulator declares and ends, a capacity lease its lessor renews and its lessee ends, an
//! objection to a site change that the arbiter resolves, the usage a lessee reports on a
//! usage-priced spectrum grant.

use super::{now, Cx, Step};
use codec::Decode;
use pallet_device_identity::{BlockReason, DeviceStatus};
use telecom_primitives::DeviceId;
use telecom_runtime::{AccountId, Runtime};

fn root(call: impl Into<telecom_runtime::RuntimeCall>) -> Option<Step> {
	Some(Step { who: 0, call: call.into(), sudo: true })
}

impl Cx<'_> {
	/// An operator reports a device it does not hold to the block list.
	pub(super) fn report_device(&mut self) -> Option<Step> {
		let devices: Vec<(DeviceId, AccountId)> =
			pallet_device_identity::Devices::<Runtime>::iter()
				.filter(|(_, d)| {
					!matches!(d.status, DeviceStatus::Revoked | DeviceStatus::Decommissioned)
				})
				.map(|(id, d)| (id, d.custodian))
				.collect();
		let (device, custodian) = self.pick(&devices)?;
		let reporters: Vec<usize> = (0..4)
			.filter(|i| {
				self.accounts[*i] != custodian
					&& !pallet_device_identity::BlockReports::<Runtime>::contains_key(
						device,
						&self.accounts[*i],
					)
			})
			.collect();
		let who = self.pick(&reporters)?;
		let reason = BlockReason::decode(&mut &[self.rng.below(5) as u8][..]).ok()?;
		let call = pallet_device_identity::Call::report_device { device, reason };
		Step::signed(who, call.into())
	}

	/// The regulator (root) ends an incumbent activity early, or declares one over part of a
	/// licence (ending in a few blocks, or later).
	pub(super) fn incumbent(&mut self) -> Option<Step> {
		let live: Vec<u32> = pallet_spectrum_market::Activities::<Runtime>::iter()
			.filter(|(_, a)| !a.ended)
			.map(|(id, _)| id)
			.collect();
		if let Some(activity) = self.pick(&live) {
			if self.rng.chance(60) {
				return root(pallet_spectrum_market::Call::end_incumbent { activity });
			}
		}
		let licences: Vec<_> =
			pallet_spectrum_market::Licences::<Runtime>::iter().map(|(_, l)| l).collect();
		let licence = self.take(licences)?;
		let range = self.sub_range(&licence.range);
		let take = 1 + self.rng.below(licence.cells.len().max(1));
		let cells = frame_support::BoundedVec::truncate_from(
			licence.cells.iter().copied().take(take).collect(),
		);
		let end = now() + 2 + self.rng.below(40) as u32;
		root(pallet_spectrum_market::Call::declare_incumbent { range, cells, end })
	}

	/// The lessee of a live usage-priced spectrum grant reports units used (sometimes another
	/// operator does: refused).
	pub(super) fn report_usage(&mut self) -> Option<Step> {
		let grants: Vec<(u64, usize)> = pallet_spectrum_market::Grants::<Runtime>::iter()
			.filter(|(_, g)| {
				matches!(g.pricing, pallet_spectrum_market::Pricing::PerReportedUnit(_))
					&& g.state.is_live()
			})
			.filter_map(|(id, g)| Some((id, self.index_of(&g.lessee)?)))
			.collect();
		let (grant, lessee) = self.pick(&grants)?;
		let units = 1 + self.rng.below(50_000) as u64;
		let call = pallet_spectrum_market::Call::report_usage { grant, units };
		Step::signed(self.mostly(lessee), call.into())
	}

	/// A lessee ends its lease, or an operator other than the site's owners leases part of an
	/// open capacity offer.
	pub(super) fn lease(&mut self) -> Option<Step> {
		let leases: Vec<(u32, usize)> = pallet_5g_sharing::Leases::<Runtime>::iter()
			.filter_map(|(id, lease)| Some((id, self.index_of(&lease.lessee)?)))
			.collect();
		if let Some((lease, lessee)) = self.pick(&leases) {
			let record = pallet_5g_sharing::Leases::<Runtime>::get(lease)?;
			// A renewal the lessor offered: the lessee accepts it with the same last period.
			if let Some(last) = record.renewal {
				if self.rng.chance(70) {
					let call = pallet_5g_sharing::Call::renew_lease { lease, last };
					return Step::signed(self.mostly(lessee), call.into());
				}
			}
			// The lessor (the site's lead) offers one to three more months.
			if self.rng.chance(35) {
				let project = pallet_5g_sharing::Projects::<Runtime>::get(record.site)?;
				let lead = self.index_of(&project.lead)?;
				let last = record.last.add_months(1 + self.rng.below(3) as u32)?;
				let call = pallet_5g_sharing::Call::renew_lease { lease, last };
				return Step::signed(self.mostly(lead), call.into());
			}
			if self.rng.chance(40) {
				let call = pallet_5g_sharing::Call::end_lease { lease };
				return Step::signed(self.mostly(lessee), call.into());
			}
		}
		let offers: Vec<_> =
			pallet_5g_sharing::Offers::<Runtime>::iter().filter(|(_, o)| o.available > 0).collect();
		let Some((offer, record)) = self.take(offers) else {
			return self.offer_capacity();
		};
		let project = pallet_5g_sharing::Projects::<Runtime>::get(record.site)?;
		let outsiders: Vec<usize> =
			(0..4).filter(|i| project.share_of(&self.accounts[*i]).is_none()).collect();
		let who = self.pick(&outsiders)?;
		let units = 1 + self.rng.below(record.available as usize) as u32;
		let call = pallet_5g_sharing::Call::lease_capacity { offer, units };
		Step::signed(who, call.into())
	}
}
