//! Following the chain block by block: newly finalized blocks (with events), or new best blocks.
//!
//! Over WebSocket the head is followed by subscription (`chain_subscribeFinalizedHeads`,
//! `chain_subscribeNewHeads`); over HTTP, which has none, by polling the head. Either way every
//! block is then read by number from the last one seen, so heads the node skips (GRANDPA
//! finalizes several blocks at once) are read too, and after a dropped connection the follower
//! resubscribes and resumes from the block after the last one it returned: none is lost or read
//! twice.

use crate::{
	chain::{self, BlockContents, Result},
	rpc::{Client, Notification, Notifications},
};
use std::time::{Duration, Instant};

/// Which head to follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Head {
	/// The finalized chain: blocks that will never be reverted.
	Finalized,
	/// The best chain: blocks as soon as they are imported.
	Best,
}

impl Head {
	fn subscription(self) -> (&'static str, &'static str) {
		match self {
			Head::Finalized => ("chain_subscribeFinalizedHeads", "chain_unsubscribeFinalizedHeads"),
			Head::Best => ("chain_subscribeNewHeads", "chain_unsubscribeNewHeads"),
		}
	}
}

/// Reads each block of a head exactly once, in order.
pub struct Follower {
	head: Head,
	next: u32,
	with_events: bool,
	/// The head's notifications; `None` over HTTP, or after the connection dropped.
	notifications: Option<Notifications>,
	/// Highest head number known to this follower.
	known: u32,
	/// Subscriptions opened after the first (each one after a dropped connection).
	resubscribed: u64,
}

impl Follower {
	/// Follows `head` from the block after its current one.
	pub fn new(client: &mut Client, head: Head, with_events: bool) -> Result<Self> {
		let mut follower =
			Follower { head, next: 0, with_events, notifications: None, known: 0, resubscribed: 0 };
		follower.subscribe(client)?;
		follower.known = Self::head_number(client, head)?;
		follower.next = follower.known.saturating_add(1);
		Ok(follower)
	}

	fn head_number(client: &mut Client, head: Head) -> Result<u32> {
		match head {
			Head::Finalized => chain::finalized_head(client).map(|(n, _)| n),
			Head::Best => chain::best_number(client),
		}
	}

	fn subscribe(&mut self, client: &mut Client) -> Result<()> {
		let (method, unsubscribe) = self.head.subscription();
		self.notifications = client.subscribe(method, serde_json::json!([]), unsubscribe)?;
		Ok(())
	}

	/// Number of the next block this follower will read.
	pub fn next(&self) -> u32 {
		self.next
	}

	/// Whether the head is followed by subscription (WebSocket) rather than by polling.
	pub fn subscribed(&self) -> bool {
		self.notifications.is_some()
	}

	/// Times the subscription was opened again after its connection dropped.
	pub fn resubscribed(&self) -> u64 {
		self.resubscribed
	}

	/// Reads every block the head has reached since the last call, without waiting.
	pub fn poll(&mut self, client: &mut Client) -> Result<Vec<BlockContents>> {
		self.wait(client, Duration::ZERO)
	}

	/// Reads every block the head has reached since the last call, waiting up to `wait` for the
	/// head to move when it has not.
	pub fn wait(&mut self, client: &mut Client, wait: Duration) -> Result<Vec<BlockContents>> {
		let deadline = Instant::now() + wait;
		loop {
			self.learn_head(client, deadline)?;
			let blocks = self.read_blocks(client)?;
			if !blocks.is_empty() || Instant::now() >= deadline {
				return Ok(blocks);
			}
		}
	}

	/// Updates `known` from the notifications (or by asking for the head over HTTP), waiting
	/// until `deadline` for one if the head is not ahead of the next block.
	fn learn_head(&mut self, client: &mut Client, deadline: Instant) -> Result<()> {
		let Some(notifications) = self.notifications.as_mut() else {
			if client.transport() == crate::rpc::Transport::WebSocket {
				// The connection dropped: resubscribe (reconnecting), then catch up by number.
				self.subscribe(client)?;
				self.resubscribed = self.resubscribed.saturating_add(1);
				self.known = self.known.max(Self::head_number(client, self.head)?);
				return Ok(());
			}
			self.known = self.known.max(Self::head_number(client, self.head)?);
			if self.known < self.next {
				let left = deadline.saturating_duration_since(Instant::now());
				std::thread::sleep(left.min(Duration::from_millis(250)));
			}
			return Ok(());
		};
		let mut wait = if self.known < self.next {
			deadline.saturating_duration_since(Instant::now())
		} else {
			Duration::ZERO
		};
		loop {
			match notifications.next(wait) {
				Notification::Item(header) => {
					if let Ok(number) = chain::header_number(&header) {
						self.known = self.known.max(number);
					}
					// Take whatever else is already there, without waiting.
					wait = Duration::ZERO;
				},
				Notification::Timeout => return Ok(()),
				Notification::Closed => {
					self.notifications = None;
					client.disconnect();
					return Ok(());
				},
			}
		}
	}

	/// Reads blocks `next..=known` of the canonical chain.
	fn read_blocks(&mut self, client: &mut Client) -> Result<Vec<BlockContents>> {
		let mut blocks = Vec::new();
		while self.next <= self.known {
			let Some(hash) = chain::block_hash(client, self.next)? else { break };
			blocks.push(chain::block(client, hash, self.with_events)?);
			self.next = self.next.saturating_add(1);
		}
		Ok(blocks)
	}
}
