//! Following the chain block by block: newly finalized blocks (with events), or new best blocks.

use crate::{
	chain::{self, BlockContents, Result},
	rpc::Client,
};

/// Which head to follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Head {
	/// The finalized chain: blocks that will never be reverted.
	Finalized,
	/// The best chain: blocks as soon as they are imported.
	Best,
}

/// Reads each block of a head exactly once, in order.
pub struct Follower {
	head: Head,
	next: u32,
	with_events: bool,
}

impl Follower {
	/// Follows `head` from the block after its current one.
	pub fn new(client: &mut Client, head: Head, with_events: bool) -> Result<Self> {
		let current = Self::head_number(client, head)?;
		Ok(Follower { head, next: current.saturating_add(1), with_events })
	}

	fn head_number(client: &mut Client, head: Head) -> Result<u32> {
		match head {
			Head::Finalized => chain::finalized_head(client).map(|(n, _)| n),
			Head::Best => chain::best_number(client),
		}
	}

	/// Number of the next block this follower will read.
	pub fn next(&self) -> u32 {
		self.next
	}

	/// Reads every block the head has reached since the last poll.
	pub fn poll(&mut self, client: &mut Client) -> Result<Vec<BlockContents>> {
		let head = Self::head_number(client, self.head)?;
		let mut blocks = Vec::new();
		while self.next <= head {
			let Some(hash) = chain::block_hash(client, self.next)? else { break };
			blocks.push(chain::block(client, hash, self.with_events)?);
			self.next = self.next.saturating_add(1);
		}
		Ok(blocks)
	}
}
