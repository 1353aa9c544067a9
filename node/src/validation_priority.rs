//! The transaction pool's validation workers, below consensus in the CPU's order.
//!
//! Substrate's pool validates every submitted, gossiped and re-checked transaction on two worker
//! threads of its own. Under a stream of submissions those threads are busy all the time: after
//! each block the fork-aware pool re-validates every ready transaction of the new view (signature
//! included), while the same node authors or imports the next block. On a validator with one core
//! for the node (`scripts/bench-network.sh`) the author's block build then took up to twice its
//! declared weight, and the block is what every operator waits for; the pool only delays
//! transactions that the next block could not hold anyway.
//!
//! [`ValidationSpawner`] starts those workers on threads of its own, `nice` steps below the
//! node's other threads (Linux only; elsewhere, or with a `nice` of 0, they run as Substrate runs
//! them). When the core is free they run at full speed; when the author, the importer or GRANDPA
//! want it, those go first.

use futures::future::BoxFuture;
use sp_core::traits::SpawnEssentialNamed;

/// The default of `--pool-validation-nice` on a validator (other nodes default to 0).
pub const VALIDATOR_VALIDATION_NICE: u8 = 10;

/// Spawns the pool's validation workers ([`sc_transaction_pool::FullChainApi`]'s blocking
/// tasks) on threads that run `nice` steps below the node's; everything else goes to `inner`.
#[derive(Clone)]
pub struct ValidationSpawner<S> {
	inner: S,
	tokio: tokio::runtime::Handle,
	nice: u8,
}

impl<S: SpawnEssentialNamed + Clone> ValidationSpawner<S> {
	/// Validation workers `nice` steps below the node, driven by the node's `tokio` runtime;
	/// other tasks and a `nice` of 0 go to `inner` unchanged.
	pub fn new(inner: S, tokio: tokio::runtime::Handle, nice: u8) -> Self {
		Self { inner, tokio, nice }
	}
}

impl<S: SpawnEssentialNamed + Clone> SpawnEssentialNamed for ValidationSpawner<S> {
	fn spawn_essential_blocking(
		&self,
		name: &'static str,
		group: Option<&'static str>,
		future: BoxFuture<'static, ()>,
	) {
		if self.nice == 0 || !cfg!(target_os = "linux") {
			return self.inner.spawn_essential_blocking(name, group, future);
		}
		// A thread of its own rather than one of tokio's blocking pool, which would go back to the
		// pool (and to other tasks) at the lower priority: an unprivileged process cannot raise it
		// again. The worker stays essential: when its thread ends, by a panic or by the pool's
		// channels closing, `done` ends and the task manager stops the node, as it would have.
		let (finished, done) = futures::channel::oneshot::channel::<()>();
		let (tokio, nice) = (self.tokio.clone(), self.nice);
		let spawned = std::thread::Builder::new().name(name.into()).spawn(move || {
			match lower_this_thread(nice) {
				Ok(now) => log::debug!(target: "txpool", "{name}: validation worker at nice {now}"),
				Err(error) => log::warn!(
					target: "txpool",
					"{name}: could not lower the validation worker's priority: {error}"
				),
			}
			tokio.block_on(future);
			drop(finished);
		});
		if let Err(error) = spawned {
			log::error!(target: "txpool", "{name}: could not start the validation worker: {error}");
		}
		self.inner.spawn_essential(
			name,
			group,
			Box::pin(async move {
				let _ = done.await;
			}),
		);
	}

	fn spawn_essential(
		&self,
		name: &'static str,
		group: Option<&'static str>,
		future: BoxFuture<'static, ()>,
	) {
		self.inner.spawn_essential(name, group, future)
	}
}

/// Lowers the calling thread's priority by `steps` nice levels (at most to 19); returns its nice
/// value after.
#[cfg(target_os = "linux")]
pub fn lower_this_thread(steps: u8) -> std::io::Result<i32> {
	use rustix::process::{getpriority_process, setpriority_process};
	// On Linux `PRIO_PROCESS` with a thread id sets that thread alone.
	let thread = Some(rustix::thread::gettid());
	let now = getpriority_process(thread)?;
	let target = now.saturating_add(i32::from(steps)).min(19);
	setpriority_process(thread, target)?;
	Ok(getpriority_process(thread)?)
}

/// Elsewhere the workers keep the node's priority.
#[cfg(not(target_os = "linux"))]
pub fn lower_this_thread(_steps: u8) -> std::io::Result<i32> {
	Err(std::io::Error::new(std::io::ErrorKind::Unsupported, "thread priorities are Linux only"))
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
	use super::*;
	use futures::FutureExt;
	use std::{
		sync::{mpsc, Arc, Mutex},
		time::Duration,
	};

	/// Records what reaches the inner spawner, and keeps the essential (non-blocking) futures.
	#[derive(Clone, Default)]
	struct Capture {
		spawned: Arc<Mutex<Vec<(&'static str, bool)>>>,
		essential: Arc<Mutex<Vec<BoxFuture<'static, ()>>>>,
	}

	impl SpawnEssentialNamed for Capture {
		fn spawn_essential_blocking(
			&self,
			name: &'static str,
			_: Option<&'static str>,
			_: BoxFuture<'static, ()>,
		) {
			self.spawned.lock().unwrap().push((name, true));
		}
		fn spawn_essential(
			&self,
			name: &'static str,
			_: Option<&'static str>,
			future: BoxFuture<'static, ()>,
		) {
			self.spawned.lock().unwrap().push((name, false));
			self.essential.lock().unwrap().push(future);
		}
	}

	/// A spawner at `nice` over a capturing inner spawner, with its own tokio runtime.
	fn spawner_at(nice: u8) -> (tokio::runtime::Runtime, Capture, ValidationSpawner<Capture>) {
		let runtime = tokio::runtime::Runtime::new().unwrap();
		let capture = Capture::default();
		let spawner = ValidationSpawner::new(capture.clone(), runtime.handle().clone(), nice);
		(runtime, capture, spawner)
	}

	/// Waits (at most 10 s) for an essential task to end, as the task manager would see it end.
	fn ends_soon(runtime: &tokio::runtime::Runtime, essential: BoxFuture<'static, ()>) {
		runtime.block_on(async {
			tokio::time::timeout(Duration::from_secs(10), essential)
				.await
				.expect("the essential task ends with its worker")
		});
	}

	fn nice_of_this_thread() -> i32 {
		rustix::process::getpriority_process(Some(rustix::thread::gettid())).unwrap()
	}

	#[test]
	fn a_validation_worker_runs_below_the_node_and_its_end_ends_its_essential_task() {
		let (runtime, capture, spawner) = spawner_at(7);
		let base = nice_of_this_thread();
		let (report, seen) = mpsc::channel();
		let (release, released) = futures::channel::oneshot::channel::<()>();
		spawner.spawn_essential_blocking(
			"txpool-test",
			None,
			Box::pin(async move {
				let name = std::thread::current().name().map(str::to_owned);
				report.send((nice_of_this_thread(), name)).unwrap();
				// A worker runs until the pool closes its channels.
				let _ = released.await;
			}),
		);
		let (nice, name) = seen.recv_timeout(Duration::from_secs(10)).unwrap();
		assert_eq!(nice, (base + 7).min(19));
		assert!(base >= 19 || nice > base, "the worker's priority was lowered");
		assert_eq!(name.as_deref(), Some("txpool-test"));
		// The spawning thread keeps its priority.
		assert_eq!(nice_of_this_thread(), base);
		// The task manager watches the worker through one essential task, which stays pending
		// while the worker runs (an essential task that ended would stop the node) ...
		assert_eq!(*capture.spawned.lock().unwrap(), vec![("txpool-test", false)]);
		let mut essential = capture.essential.lock().unwrap().pop().unwrap();
		std::thread::sleep(Duration::from_millis(100));
		assert!((&mut essential).now_or_never().is_none());
		// ... and ends when the worker does.
		release.send(()).unwrap();
		ends_soon(&runtime, essential);
	}

	#[test]
	fn a_panicking_worker_ends_its_essential_task() {
		let (runtime, capture, spawner) = spawner_at(3);
		spawner.spawn_essential_blocking(
			"txpool-panic",
			None,
			Box::pin(async { panic!("worker failed") }),
		);
		let essential = capture.essential.lock().unwrap().pop().unwrap();
		ends_soon(&runtime, essential);
	}

	#[test]
	fn nice_zero_leaves_the_workers_to_substrate() {
		let (_runtime, capture, spawner) = spawner_at(0);
		spawner.spawn_essential_blocking("txpool-test", None, Box::pin(async {}));
		spawner.spawn_essential("other", None, Box::pin(async {}));
		assert_eq!(*capture.spawned.lock().unwrap(), vec![("txpool-test", true), ("other", false)]);
	}
}
