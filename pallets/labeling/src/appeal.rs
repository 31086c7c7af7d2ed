//! The appeal window and the interface the disputes pallet reviews items through.
//!
//! A round that reaches a decision (consensus, or the gold answer) does not pay or penalize
//! anyone at once: the item waits `dispute_period` blocks in [`ItemState::Decided`], during
//! which its vendor or one of its annotators can appeal. Without an appeal, `on_initialize`
//! judges it by the decision when the window ends (anyone can also call `finalize_item` then).
//! With an appeal, the item is `Disputed` until a review panel decides; the decision is
//! applied once, from scratch, so nothing is ever clawed back.
//!
//! Scheduling is bounded: each block judges at most `MaxFinalizationsPerBlock` items; a
//! decision whose block is full goes to the next block with room, at most
//! [`MAX_DEADLINE_SLIP`] blocks later, and otherwise waits for `finalize_item`.

use crate::{pallet::*, settlement::Stage, types::*, weights::WeightInfo, BalanceOf, TaskOf};
use frame_support::{ensure, traits::Get, weights::Weight};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{CheckedAdd, One, Saturating, Zero},
	DispatchError, DispatchResult, TransactionOutcome,
};

/// How many blocks past its window an item's judgement may be pushed when blocks are full.
pub const MAX_DEADLINE_SLIP: u32 = 8;

impl<T: Config> Pallet<T> {
	/// Stores round `round`'s decision `label` and schedules the item's judgement for the end
	/// of its appeal window.
	pub(crate) fn await_appeals(
		task: TaskId,
		item: ItemId,
		t: &mut TaskOf<T>,
		it: &mut crate::ItemOf<T>,
		round: RoundIndex,
		label: Label,
	) -> DispatchResult {
		let now = frame_system::Pallet::<T>::block_number();
		let final_at = now.saturating_add(Parameters::<T>::get().dispute_period);
		it.state = ItemState::Decided { round, label: label.clone(), final_at };
		t.in_progress = t.in_progress.saturating_sub(1);
		t.decided = t.decided.saturating_add(1);
		Items::<T>::insert(task, item, &*it);
		Tasks::<T>::insert(task, &*t);
		let judged_at = Self::schedule_judgement(final_at, task, item);
		Self::deposit_event(Event::ItemDecided { task, item, round, label, final_at, judged_at });
		Ok(())
	}

	/// Puts the item in the first block from `from` with room; `None` if none within
	/// [`MAX_DEADLINE_SLIP`] blocks has any.
	fn schedule_judgement(
		from: BlockNumberFor<T>,
		task: TaskId,
		item: ItemId,
	) -> Option<BlockNumberFor<T>> {
		let mut at = from;
		for _ in 0..=MAX_DEADLINE_SLIP {
			if AppealDeadlines::<T>::mutate(at, |due| due.try_push((task, item)).is_ok()) {
				return Some(at);
			}
			at = at.saturating_add(One::one());
		}
		None
	}

	/// Judges the items whose appeal window ends at `now` and were not appealed; returns the
	/// weight used. Items appealed meanwhile are skipped.
	pub(crate) fn judge_due(now: BlockNumberFor<T>) -> Weight {
		let due = AppealDeadlines::<T>::take(now);
		let count = due.len() as u32;
		for (task, item) in due {
			// A failure (the item was appealed) leaves nothing behind.
			let _ = frame_support::storage::with_transaction(|| {
				match Self::do_finalize_item(task, item) {
					Ok(()) => TransactionOutcome::Commit(Ok::<(), DispatchError>(())),
					Err(_) => TransactionOutcome::Rollback(Ok(())),
				}
			});
		}
		T::DbWeight::get()
			.reads_writes(1, 1)
			.saturating_add(T::WeightInfo::finalize_item().saturating_mul(count.into()))
	}

	/// Judges a decided item by its decision once its appeal window is over.
	pub fn do_finalize_item(task: TaskId, item: ItemId) -> DispatchResult {
		let mut t = Tasks::<T>::get(task).ok_or(Error::<T>::UnknownTask)?;
		let mut it = Items::<T>::get(task, item).ok_or(Error::<T>::UnknownItem)?;
		let ItemState::Decided { round, label, final_at } = it.state.clone() else {
			return Err(Error::<T>::NotDecided.into());
		};
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now >= final_at, Error::<T>::AppealWindowOpen);
		let slots = Slots::<T>::get(task, item);
		Self::judge(task, item, &mut t, &mut it, slots, label, round, Stage::Decided).map(|_| ())
	}

	/// `who` appeals a decided item within its window: it must be the task's vendor or hold a
	/// slot of the deciding round. The item becomes `Disputed`; returns the round and the
	/// label it had decided. Called by the disputes pallet, which takes the appeal bond.
	pub fn do_appeal(
		who: &T::AccountId,
		task: TaskId,
		item: ItemId,
	) -> Result<(RoundIndex, Label), DispatchError> {
		let mut t = Tasks::<T>::get(task).ok_or(Error::<T>::UnknownTask)?;
		let mut it = Items::<T>::get(task, item).ok_or(Error::<T>::UnknownItem)?;
		let ItemState::Decided { round, label, final_at } = it.state.clone() else {
			return Err(Error::<T>::NotDecided.into());
		};
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now < final_at, Error::<T>::AppealWindowClosed);
		ensure!(
			who == &t.vendor || Slots::<T>::get(task, item).iter().any(|s| &s.annotator == who),
			Error::<T>::NotAffected
		);
		it.state = ItemState::Disputed { round };
		t.decided = t.decided.saturating_sub(1);
		t.disputed = t.disputed.saturating_add(1);
		Items::<T>::insert(task, item, &it);
		Tasks::<T>::insert(task, &t);
		Self::deposit_event(Event::ItemAppealed { task, item, round, by: who.clone() });
		Ok((round, label))
	}

	/// Fails a disputed item that no review could decide: no-shows are penalized, the other
	/// annotators released, and the item's budget becomes refundable to the vendor.
	pub fn do_fail_dispute(task: TaskId, item: ItemId) -> DispatchResult {
		let mut t = Tasks::<T>::get(task).ok_or(Error::<T>::UnknownTask)?;
		let mut it = Items::<T>::get(task, item).ok_or(Error::<T>::UnknownItem)?;
		ensure!(matches!(it.state, ItemState::Disputed { .. }), Error::<T>::NotDisputed);
		Self::release_round(task, item, Slots::<T>::take(task, item));
		let with_answer = !matches!(it.gold, Gold::None);
		let budget = Self::item_budget(&t, with_answer).unwrap_or_default();
		t.refundable = t.refundable.saturating_add(budget);
		t.unsettled = t.unsettled.saturating_sub(1);
		if with_answer {
			t.unsettled_with_answer = t.unsettled_with_answer.saturating_sub(1);
		}
		t.disputed = t.disputed.saturating_sub(1);
		it.state = ItemState::Failed;
		Items::<T>::insert(task, item, &it);
		Tasks::<T>::insert(task, &t);
		Self::deposit_event(Event::ItemFailed { task, item });
		Ok(())
	}

	/// Pays reviewers of a task's item from the task's refundable budget (what the item's
	/// annotators were not paid); a payout the asset refuses waits for `claim_payout`.
	pub fn do_pay_review_fee(
		task: TaskId,
		fees: &[(T::AccountId, BalanceOf<T>)],
	) -> DispatchResult {
		let mut t = Tasks::<T>::get(task).ok_or(Error::<T>::UnknownTask)?;
		let total = fees
			.iter()
			.try_fold(BalanceOf::<T>::zero(), |acc, (_, fee)| acc.checked_add(fee))
			.ok_or(Error::<T>::Overflow)?;
		ensure!(total <= t.refundable, Error::<T>::FeeAboveRefundable);
		t.refundable = t.refundable.saturating_sub(total);
		let escrow = Self::escrow_account(task);
		for (reviewer, amount) in fees.iter().filter(|(_, fee)| !fee.is_zero()) {
			Self::pay_or_defer(task, &mut t, &escrow, reviewer, *amount);
			Self::deposit_event(Event::ReviewFeePaid {
				task,
				reviewer: reviewer.clone(),
				amount: *amount,
			});
		}
		Tasks::<T>::insert(task, &t);
		Ok(())
	}
}
