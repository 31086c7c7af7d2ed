//! `LabelingApi`: what wallets, annotator tools and the dataset exporter read from the chain.

use crate::{pallet::*, reputation, types::*, BalanceOf};
use alloc::vec::Vec;
use codec::Codec;
use frame_system::pallet_prelude::BlockNumberFor;
use sp_core::H256;
use sp_runtime::{traits::Saturating, DispatchError};

/// Most task ids [`LabelingApi::open_tasks`] returns in one call.
pub const MAX_OPEN_TASKS_PAGE: u32 = 1000;
/// Most tasks [`LabelingApi::open_tasks`] looks at in one call.
pub const MAX_OPEN_TASKS_SCAN: u32 = 10_000;

sp_api::decl_runtime_apis! {
	/// Read access to tasks, items, results and annotators.
	///
	/// Version 2 added [`Self::commitment`], [`Self::check_reveal`] and
	/// [`Self::check_reveal_gold`], and made [`Self::item`] read `Failed` for an item its
	/// task withdrew. Version 3: [`Self::item`] carries the item's result (from settlement
	/// on), which the chain now keeps inside the item.
	#[api_version(3)]
	pub trait LabelingApi<AccountId, AssetId, Balance, BlockNumber>
	where
		AccountId: Codec,
		AssetId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// A task with its escrow accounting, or `None` if unknown (or purged).
		fn task(task: TaskId) -> Option<TaskInfo<AccountId, AssetId, Balance, BlockNumber>>;
		/// An item (content, gold state, life-cycle state). An item still waiting for its first
		/// seat when its task was cancelled or closed reads `Failed` (its budget went back to
		/// the vendor and nobody will be seated on it), although its stored record keeps the
		/// `Pending` state it had.
		fn item(task: TaskId, item: ItemId) -> Option<Item<Balance, BlockNumber>>;
		/// A settled item's result (the `result` of [`Self::item`]).
		fn item_result(task: TaskId, item: ItemId) -> Option<ItemResult<Balance, BlockNumber>>;
		/// An annotator's stake, strikes, reputation and vote weight.
		fn annotator(who: AccountId) -> AnnotatorInfo<Balance, BlockNumber>;
		/// Tasks from `start` on in which `who` may request seats now (open, with items that
		/// need seats, and `who` eligible), at most `limit` (capped at 1000, looking at no more
		/// than 10 000 tasks). The seats `who` holds are in [`Self::annotator`].
		fn open_tasks(who: AccountId, start: TaskId, limit: u32) -> Vec<TaskId>;
		/// Whether a task may pay its rewards in `asset` (an existing asset no single account
		/// controls).
		fn reward_asset_allowed(asset: AssetId) -> bool;
		/// The window clock that commit, reveal and answer windows (`commit_end`,
		/// `reveal_end`, `until`) are measured on: the block number minus the congested blocks
		/// so far (`pallet_labeling::clock`). A window is open while this is at most its end.
		fn window_clock() -> BlockNumber;
		/// The commitment the chain expects from `who` for `label` with `salt` on round
		/// `round` of an item: compare it with yours before you commit (a mismatch would
		/// only show at reveal, as a no-reveal slash).
		fn commitment(
			task: TaskId,
			item: ItemId,
			round: RoundIndex,
			who: AccountId,
			label: Label,
			salt: [u8; 32],
		) -> H256;
		/// Whether `who` may reveal `label` with `salt` on an item now, or the pallet error
		/// that a `reveal` would fail with (the transaction pool refuses such a reveal).
		fn check_reveal(
			who: AccountId,
			task: TaskId,
			item: ItemId,
			label: Label,
			salt: [u8; 32],
		) -> Result<(), DispatchError>;
		/// Whether the vendor `who` may reveal `answer` with `salt` as an item's answer
		/// commitment now, or the pallet error a `reveal_gold` would fail with.
		fn check_reveal_gold(
			who: AccountId,
			task: TaskId,
			item: ItemId,
			answer: Option<Label>,
			salt: [u8; 32],
		) -> Result<(), DispatchError>;
	}
}

/// [`TaskInfo`] with a runtime's types.
pub type TaskInfoOf<T> = TaskInfo<
	<T as frame_system::Config>::AccountId,
	<T as Config>::AssetId,
	BalanceOf<T>,
	BlockNumberFor<T>,
>;

impl<T: Config> Pallet<T> {
	/// [`LabelingApi::task`].
	pub fn api_task(task: TaskId) -> Option<TaskInfoOf<T>> {
		Tasks::<T>::get(task).map(|t| TaskInfo { owed: Self::task_owed(&t), task: t })
	}

	/// [`LabelingApi::item`]: the stored item, with `Failed` for one its task withdrew.
	pub fn api_item(task: TaskId, item: ItemId) -> Option<crate::ItemOf<T>> {
		let mut it = Items::<T>::get(task, item)?;
		let withdrawn = Tasks::<T>::get(task).is_none_or(|t| t.status != TaskStatus::Open);
		if withdrawn && matches!(it.state, ItemState::Pending { .. }) {
			it.state = ItemState::Failed;
		}
		Some(it)
	}

	/// [`LabelingApi::item_result`]: a settled item's result, until its task is purged.
	pub fn result_of(task: TaskId, item: ItemId) -> Option<crate::ItemResultOf<T>> {
		Items::<T>::get(task, item).and_then(|it| it.result)
	}

	/// [`LabelingApi::check_reveal`].
	pub fn api_check_reveal(
		who: &T::AccountId,
		task: TaskId,
		item: ItemId,
		label: &Label,
		salt: &[u8; 32],
	) -> Result<(), DispatchError> {
		Self::check_reveal(who, task, item, label, salt).map(|_| ())
	}

	/// [`LabelingApi::check_reveal_gold`].
	pub fn api_check_reveal_gold(
		who: &T::AccountId,
		task: TaskId,
		item: ItemId,
		answer: &Option<Label>,
		salt: &[u8; 32],
	) -> Result<(), DispatchError> {
		Self::check_reveal_gold(who, task, item, answer, salt).map(|_| ())
	}

	/// [`LabelingApi::annotator`].
	pub fn api_annotator(who: &T::AccountId) -> AnnotatorInfo<BalanceOf<T>, BlockNumberFor<T>> {
		let ledger = Stakes::<T>::get(who).unwrap_or_else(Self::empty_ledger);
		let rep = ledger.record.clone();
		AnnotatorInfo {
			bonded: ledger.bonded,
			locked: ledger.locked,
			unbonding: Self::ledger_total(&ledger).saturating_sub(ledger.bonded),
			seats: ledger.seats.into_inner(),
			requested: ledger.requested,
			suspended_until: ledger.suspended_until,
			vote_weight: reputation::vote_weight(&rep, &Parameters::<T>::get()),
			reputation: rep,
		}
	}

	/// [`LabelingApi::open_tasks`].
	pub fn api_open_tasks(who: &T::AccountId, start: TaskId, limit: u32) -> Vec<TaskId> {
		let mut found = Vec::new();
		let now = frame_system::Pallet::<T>::block_number();
		let ledger = Stakes::<T>::get(who).unwrap_or_else(Self::empty_ledger);
		let limit = limit.min(MAX_OPEN_TASKS_PAGE) as usize;
		let end = NextTaskId::<T>::get().min(start.saturating_add(MAX_OPEN_TASKS_SCAN));
		let mut task = start;
		while task < end && found.len() < limit {
			if let Some(t) = Tasks::<T>::get(task) {
				if t.status == TaskStatus::Open
					&& !OpenItems::<T>::get(task).is_empty()
					&& Self::check_eligible(who, &t, &ledger, now).is_ok()
				{
					found.push(task);
				}
			}
			task = task.saturating_add(1);
		}
		found
	}
}
