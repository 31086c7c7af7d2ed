//! Essential tasks that do not report a failure when the node is merely shutting down.
//!
//! sc-service ends the node when an essential task's future returns, and logs
//! `Essential task ... failed` at ERROR level. On a clean stop (SIGINT/SIGTERM) the task manager
//! fires its exit signal and drops every task, but a task whose inputs (the client's import
//! notifications, the network) close in the same instant can return first and be reported as a
//! failure: an ERROR line on every clean stop, which trips an operator's alerting. Here each
//! essential task we spawn waits [`GRACE`] after its future returns before it reports: a
//! shutdown drops it during that wait, silently; a real failure still stops the node, [`GRACE`]
//! later, with sc-service's ERROR line.

use futures::{future::BoxFuture, FutureExt};
use sc_service::SpawnEssentialTaskHandle;
use sp_core::traits::SpawnEssentialNamed;
use std::time::Duration;

/// How long an ended essential task waits for a shutdown before it reports its end. A clean stop
/// drops every task within milliseconds of the signal; five seconds also covers a loaded machine.
pub const GRACE: Duration = Duration::from_secs(5);

/// `future`, then [`GRACE`] of waiting (during which a shutdown drops it).
pub fn with_grace<F>(name: &'static str, future: F) -> BoxFuture<'static, ()>
where
	F: std::future::Future<Output = ()> + Send + 'static,
{
	async move {
		future.await;
		log::debug!(
			target: "labelchain",
			"essential task `{name}` ended; reporting in {} s unless the node is shutting down",
			GRACE.as_secs()
		);
		futures_timer::Delay::new(GRACE).await;
		log::warn!(target: "labelchain", "essential task `{name}` ended while the node was running");
	}
	.boxed()
}

/// The task manager's essential spawner, with [`with_grace`] around every task: what we give to
/// the transaction pool and the import queue, and use for Aura and the GRANDPA voter.
#[derive(Clone)]
pub struct GracefulEssentialSpawner(pub SpawnEssentialTaskHandle);

impl SpawnEssentialNamed for GracefulEssentialSpawner {
	fn spawn_essential_blocking(
		&self,
		name: &'static str,
		group: Option<&'static str>,
		future: BoxFuture<'static, ()>,
	) {
		self.0.spawn_essential_blocking(name, group, with_grace(name, future));
	}

	fn spawn_essential(
		&self,
		name: &'static str,
		group: Option<&'static str>,
		future: BoxFuture<'static, ()>,
	) {
		self.0.spawn_essential(name, group, with_grace(name, future));
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use futures::{channel::oneshot, future::Either};
	use std::time::Instant;

	#[test]
	fn an_ended_task_reports_only_after_the_grace_period() {
		let started = Instant::now();
		futures::executor::block_on(with_grace("test", async {}));
		assert!(started.elapsed() >= GRACE);
	}

	#[test]
	fn a_shutdown_during_the_grace_period_drops_the_task_before_it_reports() {
		// What sc-service does: `select(on_exit, task)`, the exit firing right after the task's
		// inputs closed.
		let (exit_tx, exit_rx) = oneshot::channel::<()>();
		let task = with_grace("test", async move {
			let _ = exit_tx.send(());
		});
		let started = Instant::now();
		let winner = futures::executor::block_on(futures::future::select(exit_rx, task));
		assert!(matches!(winner, Either::Left(_)), "the exit signal wins over the grace period");
		assert!(started.elapsed() < GRACE);
	}
}
