//! `LabelingApi`: what wallets, annotator tools and the dataset exporter read from the chain.

use crate::{pallet::*, reputation, types::*, BalanceOf};
use alloc::vec::Vec;
use codec::Codec;
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::Saturating;

/// Most item ids [`LabelingApi::open_slots`] returns in one call.
pub const MAX_OPEN_SLOTS_PAGE: u32 = 1000;
/// Most items [`LabelingApi::open_slots`] looks at in one call.
pub const MAX_OPEN_SLOTS_SCAN: u32 = 10_000;

sp_api::decl_runtime_apis! {
	/// Read access to tasks, items, results and annotators.
	pub trait LabelingApi<AccountId, AssetId, Balance, BlockNumber>
	where
		AccountId: Codec,
		AssetId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// A task with its escrow accounting, or `None` if unknown (or purged).
		fn task(task: TaskId) -> Option<TaskInfo<AccountId, AssetId, Balance, BlockNumber>>;
		/// An item (content, gold state, life-cycle state).
		fn item(task: TaskId, item: ItemId) -> Option<Item<BlockNumber>>;
		/// A settled item's result.
		fn item_result(task: TaskId, item: ItemId) -> Option<ItemResult<Balance, BlockNumber>>;
		/// An annotator's stake, strikes, reputation and vote weight.
		fn annotator(who: AccountId) -> AnnotatorInfo<Balance, BlockNumber>;
		/// Items of `task` from `start` on that `who` may take a slot of now, at most `limit`
		/// (capped at 1000, looking at no more than 10 000 items); empty when `who` may not take slots at all.
		fn open_slots(who: AccountId, task: TaskId, start: ItemId, limit: u32) -> Vec<ItemId>;
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

	/// [`LabelingApi::annotator`].
	pub fn api_annotator(who: &T::AccountId) -> AnnotatorInfo<BalanceOf<T>, BlockNumberFor<T>> {
		let ledger = Stakes::<T>::get(who).unwrap_or_else(Self::empty_ledger);
		let rep = Reputations::<T>::get(who);
		AnnotatorInfo {
			bonded: ledger.bonded,
			locked: ledger.locked,
			unbonding: Self::ledger_total(&ledger).saturating_sub(ledger.bonded),
			open_slots: ledger.open_slots,
			suspended_until: ledger.suspended_until,
			vote_weight: reputation::vote_weight(&rep),
			reputation: rep,
		}
	}

	/// [`LabelingApi::open_slots`].
	pub fn api_open_slots(
		who: &T::AccountId,
		task: TaskId,
		start: ItemId,
		limit: u32,
	) -> Vec<ItemId> {
		let mut found = Vec::new();
		let Some(t) = Tasks::<T>::get(task) else { return found };
		let now = frame_system::Pallet::<T>::block_number();
		if t.status != TaskStatus::Open
			|| &t.vendor == who
			|| Self::check_eligible(who, &t, now).is_err()
		{
			return found;
		}
		let limit = limit.min(MAX_OPEN_SLOTS_PAGE) as usize;
		let end = t.item_count.min(start.saturating_add(MAX_OPEN_SLOTS_SCAN));
		let mut item = start;
		while item < end && found.len() < limit {
			if let Some(it) = Items::<T>::get(task, item) {
				let open = match it.state {
					ItemState::Pending { .. } => true,
					ItemState::Labeling { commit_end, .. } => {
						let slots = Slots::<T>::get(task, item);
						now <= commit_end
							&& (slots.len() as u32) < t.spec.redundancy
							&& !slots.iter().any(|s| &s.annotator == who)
					}
					_ => false,
				};
				if open {
					found.push(item);
				}
			}
			item = item.saturating_add(1);
		}
		found
	}
}
