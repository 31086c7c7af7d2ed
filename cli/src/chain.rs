//! What the chain says about a task at one block, read through `LabelingApi`: the task, and
//! every item with its state and (when settled) its result.

use crate::{
	record::{record, Balance, BlockNumber, Provenance, Record},
	rpc::{BlockRef, Node},
};
use anyhow::{bail, Result};
use futures::future::try_join_all;
use pallet_labeling::{Item, ItemResult, ItemState, TaskInfo};
use sp_core::H256;
use sp_runtime::AccountId32;
use std::collections::HashMap;

/// The task as `LabelingApi::task` returns it on LabelChain.
pub type TaskOf = TaskInfo<AccountId32, u32, Balance, BlockNumber>;

/// Items read concurrently per round trip.
pub const PAGE: u32 = 128;

/// How many items of a task are in each state at the export block.
#[derive(Default, Debug, PartialEq, Eq)]
pub struct Census {
	/// Settled with an accepted label: exported.
	pub accepted: u32,
	/// Waiting for annotators or being labeled.
	pub in_progress: u32,
	/// Labeled, waiting for the vendor to reveal its answer commitment.
	pub awaiting_answer: u32,
	/// Under dispute.
	pub disputed: u32,
	/// Given up.
	pub failed: u32,
	/// Records removed after the task closed.
	pub purged: u32,
}

impl std::fmt::Display for Census {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		write!(
			f,
			"{} accepted, {} pending or being labeled, {} awaiting the vendor's answer, {} disputed, {} failed, {} purged",
			self.accepted, self.in_progress, self.awaiting_answer, self.disputed, self.failed, self.purged
		)
	}
}

/// The task `task` at block `at`, or a clear error when it does not exist there.
pub async fn task(node: &Node, task: u32, at: BlockRef) -> Result<TaskOf> {
	let info: Option<TaskOf> = node.call("LabelingApi_task", task, at.hash).await?;
	match info {
		Some(info) => Ok(info),
		None => bail!("task {task} does not exist at block #{} ({:?})", at.number, at.hash),
	}
}

/// Reads one item and, when it is settled, its result (which the item carries).
async fn item(
	node: &Node,
	task: u32,
	item: u32,
	at: H256,
) -> Result<(u32, Option<Item<Balance, BlockNumber>>, Option<ItemResult<Balance, BlockNumber>>)> {
	let it: Option<Item<Balance, BlockNumber>> =
		node.call("LabelingApi_item", (task, item), at).await?;
	let result = match &it {
		Some(Item { state: ItemState::Settled, result, .. }) => result.clone(),
		_ => None,
	};
	Ok((item, it, result))
}

/// The records of every accepted item of `task` at `provenance.block`, in item order, with a
/// census of all items. `progress` is called after every page with (items read, items).
pub async fn accepted(
	node: &Node,
	task_id: u32,
	task: &TaskOf,
	provenance: &Provenance,
	mut progress: impl FnMut(u32, u32),
) -> Result<(Vec<Record>, Census)> {
	let at = provenance.block_hash;
	let total = task.task.item_count;
	let schema = task.task.spec.schema;
	let mut census = Census::default();
	let mut records = Vec::new();
	let mut settled_hashes: HashMap<BlockNumber, H256> = HashMap::new();
	let mut start = 0u32;
	while start < total {
		let end = start.saturating_add(PAGE).min(total);
		let page = try_join_all((start..end).map(|i| item(node, task_id, i, at))).await?;
		for (id, it, result) in page {
			let Some(it) = it else {
				census.purged += 1;
				continue;
			};
			match (&it.state, result) {
				(ItemState::Settled, Some(result)) => {
					let hash = match settled_hashes.get(&result.settled_at) {
						Some(h) => *h,
						None => {
							let Some(h) = node.block_hash(result.settled_at).await? else {
								bail!(
									"block #{} (item {id}'s settlement) is unknown to the node",
									result.settled_at
								);
							};
							settled_hashes.insert(result.settled_at, h);
							h
						}
					};
					census.accepted += 1;
					records.push(record(
						task_id,
						id,
						&it.content,
						&schema,
						&result,
						hash,
						provenance,
					));
				}
				// A settled item always has a result; without one it cannot be exported.
				(ItemState::Settled, None) => census.purged += 1,
				(ItemState::Pending { .. } | ItemState::Labeling { .. }, _) => {
					census.in_progress += 1
				}
				(ItemState::AwaitingGold { .. }, _) => census.awaiting_answer += 1,
				(ItemState::Disputed { .. }, _) => census.disputed += 1,
				(ItemState::Failed, _) => census.failed += 1,
			}
		}
		start = end;
		progress(start, total);
	}
	Ok((records, census))
}
