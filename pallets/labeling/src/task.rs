//! Tasks: creation with an escrowed budget, more items, top-ups, gold answers, cancellation,
//! closing with a refund of every unspent unit, and purging records after export.
//!
//! Escrow accounting: a task's escrow account holds `owed + refundable + unclaimed + seed`,
//! where `owed` is the worst-case budget of its unsettled items (see [`Pallet::task_owed`]).

use crate::{pallet::*, types::*, BalanceOf, ItemOf, TaskOf, TaskSpecOf};
use alloc::vec::Vec;
use codec::Encode;
use frame_support::{
	ensure,
	traits::{
		fungible::MutateHold,
		fungibles::{Inspect, Mutate},
		tokens::{Precision, Preservation},
		Contains, Get,
	},
	PalletId,
};
use sp_core::H256;
use sp_runtime::{
	traits::{AccountIdConversion, Bounded, CheckedAdd, CheckedMul, Saturating, Zero},
	DispatchError, DispatchResult, Perbill,
};

/// The commitment a vendor publishes for an item's answer: binds the vendor, the item's content
/// hash, the answer (`None` for a decoy on a non-gold item) and a secret salt.
pub fn gold_commitment<AccountId: Encode>(
	vendor: &AccountId,
	content_hash: &H256,
	answer: &Option<Label>,
	salt: &[u8; 32],
) -> H256 {
	let mut data = b"labelchain/gold".to_vec();
	vendor.encode_to(&mut data);
	data.extend_from_slice(content_hash.as_bytes());
	answer.encode_to(&mut data);
	data.extend_from_slice(salt);
	H256(sp_io::hashing::blake2_256(&data))
}

impl<T: Config> Pallet<T> {
	/// The escrow account of `task`: the pallet's sub-account for the task id. Only four bytes
	/// follow the pallet id, so even 16-byte account ids keep every task's escrow distinct.
	pub fn escrow_account(task: TaskId) -> T::AccountId {
		let id: PalletId = T::PalletId::get();
		id.into_sub_account_truncating(task)
	}

	/// Budget of `items` items of which `with_answer` carry an answer commitment.
	fn items_budget(task: &TaskOf<T>, items: u32, with_answer: u32) -> Option<BalanceOf<T>> {
		let plain = Self::item_budget(task, false)?;
		let extra = Self::item_budget(task, true)?.saturating_sub(plain);
		plain.checked_mul(&items.into())?.checked_add(&extra.checked_mul(&with_answer.into())?)
	}

	/// What the escrow still owes: the worst-case budget of every unsettled item.
	pub fn task_owed(task: &TaskOf<T>) -> BalanceOf<T> {
		Self::items_budget(task, task.unsettled, task.unsettled_with_answer)
			.unwrap_or_else(BalanceOf::<T>::max_value)
	}

	/// Checks a spec against the parameters and the reward asset.
	fn validate_spec(spec: &TaskSpecOf<T>) -> DispatchResult {
		let p = Parameters::<T>::get();
		ensure!(crate::consensus::schema_is_valid(&spec.schema), Error::<T>::InvalidSchema);
		ensure!(
			spec.confidence >= Perbill::from_percent(50) && spec.confidence < Perbill::one(),
			Error::<T>::InvalidConfidence
		);
		ensure!(
			spec.redundancy >= p.min_redundancy && spec.redundancy <= p.max_seats,
			Error::<T>::RedundancyOutOfBounds
		);
		ensure!(
			spec.max_seats >= spec.redundancy && spec.max_seats <= p.max_seats,
			Error::<T>::MaxSeatsOutOfBounds
		);
		ensure!(
			spec.commit_window >= p.min_commit_window && spec.commit_window <= p.max_commit_window,
			Error::<T>::CommitWindowOutOfBounds
		);
		ensure!(
			spec.reveal_window >= p.min_reveal_window && spec.reveal_window <= p.max_reveal_window,
			Error::<T>::RevealWindowOutOfBounds
		);
		ensure!(T::Assets::asset_exists(spec.reward_asset), Error::<T>::UnknownAsset);
		ensure!(T::RewardAssets::contains(&spec.reward_asset), Error::<T>::RewardAssetNotAllowed);
		ensure!(
			!spec.reward_per_label.is_zero()
				&& spec.reward_per_label >= T::Assets::minimum_balance(spec.reward_asset),
			Error::<T>::RewardTooLow
		);
		ensure!(spec.collateral >= p.min_collateral, Error::<T>::CollateralTooLow);
		// Rewards in the stake asset: a label's penalties must be worth its pay.
		if spec.reward_asset == T::StakeAsset::get() {
			let bonus = if spec.with_gold { spec.gold_bonus } else { Zero::zero() };
			let unit = spec.reward_per_label.checked_add(&bonus).ok_or(Error::<T>::Overflow)?;
			let least = crate::settlement::percent_of(unit, p.collateral_percent)
				.ok_or(Error::<T>::Overflow)?;
			ensure!(spec.collateral >= least, Error::<T>::CollateralTooLow);
		}
		ensure!(spec.min_stake >= p.min_stake, Error::<T>::MinStakeTooLow);
		Ok(())
	}

	/// Creates a task owned by `vendor` with an initial batch of items; returns its id.
	pub fn do_create_task(
		vendor: T::AccountId,
		spec: TaskSpecOf<T>,
		items: Vec<NewItem>,
	) -> Result<TaskId, DispatchError> {
		ensure!(items.len() as u32 <= T::MaxItemsPerBatch::get(), Error::<T>::BadItemBatch);
		Self::validate_spec(&spec)?;
		let p = Parameters::<T>::get();
		let id = NextTaskId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let escrow = Self::escrow_account(id);
		let seed = T::Assets::minimum_balance(spec.reward_asset);
		let reward_asset = spec.reward_asset;
		let task = crate::types::Task {
			vendor: vendor.clone(),
			spec,
			status: TaskStatus::Open,
			item_count: 0,
			unsettled: 0,
			unsettled_with_answer: 0,
			pending: 0,
			pending_with_answer: 0,
			in_progress: 0,
			disputed: 0,
			next_fresh: 0,
			backlog_head: 0,
			backlog_tail: 0,
			mean_score: crate::payout::INITIAL_MEAN_SCORE,
			escalation_seats: p.escalation_seats,
			pay_cap_percent: p.pay_cap_percent,
			gold_bond_percent: p.gold_bond_percent,
			review_fee_percent: p.review_fee_percent,
			refundable: Zero::zero(),
			reserved: Zero::zero(),
			unclaimed: Zero::zero(),
			seed,
			task_deposit: p.task_deposit,
			item_deposit: p.item_deposit,
			purged: 0,
			created: frame_system::Pallet::<T>::block_number(),
		};
		T::Currency::hold(&HoldReason::TaskDeposit.into(), &vendor, p.task_deposit)?;
		// The escrow account lives as long as the task holds funds in it.
		frame_system::Pallet::<T>::inc_providers(&escrow);
		T::Assets::transfer(reward_asset, &vendor, &escrow, seed, Preservation::Preserve)?;
		NextTaskId::<T>::put(next);
		Tasks::<T>::insert(id, task);
		Self::deposit_event(Event::TaskCreated {
			task: id,
			vendor: vendor.clone(),
			reward_asset,
			escrowed: seed,
		});
		if !items.is_empty() {
			Self::do_add_items(&vendor, id, items)?;
		}
		Ok(id)
	}

	/// Loads a task and checks that `who` is its vendor.
	fn vendor_task(who: &T::AccountId, task: TaskId) -> Result<TaskOf<T>, DispatchError> {
		let t = Tasks::<T>::get(task).ok_or(Error::<T>::UnknownTask)?;
		ensure!(&t.vendor == who, Error::<T>::NotVendor);
		Ok(t)
	}

	/// Adds items to an open task and escrows their budget.
	pub fn do_add_items(
		vendor: &T::AccountId,
		task: TaskId,
		items: Vec<NewItem>,
	) -> DispatchResult {
		let mut t = Self::vendor_task(vendor, task)?;
		ensure!(t.status == TaskStatus::Open, Error::<T>::TaskNotOpen);
		let count = items.len() as u32;
		ensure!(count >= 1 && count <= T::MaxItemsPerBatch::get(), Error::<T>::BadItemBatch);
		let first = t.item_count;
		let end = first.checked_add(count).ok_or(Error::<T>::TooManyItems)?;
		let with_answer = items.iter().filter(|i| i.answer_commitment.is_some()).count() as u32;
		// Either every item carries an answer commitment (so gold items look like the others)
		// or none does.
		let expected = if t.spec.with_gold { count } else { 0 };
		ensure!(with_answer == expected, Error::<T>::AnswerCommitmentMismatch);
		let budget = Self::items_budget(&t, count, with_answer).ok_or(Error::<T>::Overflow)?;
		// The task's whole worst case must stay representable.
		Self::items_budget(
			&t,
			t.unsettled.checked_add(count).ok_or(Error::<T>::Overflow)?,
			t.unsettled_with_answer.saturating_add(with_answer),
		)
		.ok_or(Error::<T>::Overflow)?;
		let deposit =
			t.item_deposit.checked_mul(&BalanceOf::<T>::from(count)).ok_or(Error::<T>::Overflow)?;

		T::Currency::hold(&HoldReason::TaskDeposit.into(), vendor, deposit)?;
		T::Assets::transfer(
			t.spec.reward_asset,
			vendor,
			&Self::escrow_account(task),
			budget,
			Preservation::Preserve,
		)?;
		for (offset, new) in items.into_iter().enumerate() {
			let gold = match new.answer_commitment {
				Some(h) => Gold::Committed(h),
				None => Gold::None,
			};
			let item = Item {
				content: new.content,
				gold,
				state: ItemState::Pending { round: 0 },
				result: None,
			};
			Items::<T>::insert(task, first.saturating_add(offset as u32), item);
		}
		t.item_count = end;
		let mut open = OpenItems::<T>::get(task);
		let _ = Self::refill_open(task, &mut t, &mut open);
		OpenItems::<T>::insert(task, open);
		t.unsettled = t.unsettled.saturating_add(count);
		t.unsettled_with_answer = t.unsettled_with_answer.saturating_add(with_answer);
		t.pending = t.pending.saturating_add(count);
		t.pending_with_answer = t.pending_with_answer.saturating_add(with_answer);
		Tasks::<T>::insert(task, t);
		Self::deposit_event(Event::ItemsAdded { task, first, count, escrowed: budget });
		Ok(())
	}

	/// Raises the rewards of every unsettled item and escrows the difference.
	pub fn do_top_up(
		vendor: &T::AccountId,
		task: TaskId,
		extra_reward: BalanceOf<T>,
		extra_bonus: BalanceOf<T>,
	) -> DispatchResult {
		let mut t = Self::vendor_task(vendor, task)?;
		ensure!(t.status == TaskStatus::Open, Error::<T>::TaskNotOpen);
		ensure!(!extra_reward.is_zero() || !extra_bonus.is_zero(), Error::<T>::NothingToTopUp);
		let before = Self::task_owed(&t);
		t.spec.reward_per_label =
			t.spec.reward_per_label.checked_add(&extra_reward).ok_or(Error::<T>::Overflow)?;
		t.spec.gold_bonus =
			t.spec.gold_bonus.checked_add(&extra_bonus).ok_or(Error::<T>::Overflow)?;
		Self::items_budget(&t, t.unsettled, t.unsettled_with_answer).ok_or(Error::<T>::Overflow)?;
		let after = Self::task_owed(&t);
		let escrowed = after.saturating_sub(before);
		T::Assets::transfer(
			t.spec.reward_asset,
			vendor,
			&Self::escrow_account(task),
			escrowed,
			Preservation::Preserve,
		)?;
		Self::deposit_event(Event::TaskToppedUp {
			task,
			reward_per_label: t.spec.reward_per_label,
			gold_bonus: t.spec.gold_bonus,
			escrowed,
		});
		Tasks::<T>::insert(task, t);
		Ok(())
	}

	/// Moves the budget of items nobody started from owed to refundable; they will never be
	/// labeled.
	fn abandon_pending(t: &mut TaskOf<T>) {
		let budget = Self::items_budget(t, t.pending, t.pending_with_answer).unwrap_or_default();
		t.refundable = t.refundable.saturating_add(budget);
		t.unsettled = t.unsettled.saturating_sub(t.pending);
		t.unsettled_with_answer = t.unsettled_with_answer.saturating_sub(t.pending_with_answer);
		t.pending = 0;
		t.pending_with_answer = 0;
	}

	/// Pays the task's refundable balance to the vendor.
	fn refund(
		task: TaskId,
		t: &mut TaskOf<T>,
		preservation: Preservation,
	) -> Result<BalanceOf<T>, DispatchError> {
		let amount = t.refundable;
		if !amount.is_zero() {
			T::Assets::transfer(
				t.spec.reward_asset,
				&Self::escrow_account(task),
				&t.vendor,
				amount,
				preservation,
			)?;
		}
		t.refundable = Zero::zero();
		Ok(amount)
	}

	/// Stops new slots and refunds the pending items' budget.
	pub fn do_cancel_task(vendor: &T::AccountId, task: TaskId) -> DispatchResult {
		let mut t = Self::vendor_task(vendor, task)?;
		ensure!(t.status == TaskStatus::Open, Error::<T>::TaskNotOpen);
		Self::abandon_pending(&mut t);
		let refunded = Self::refund(task, &mut t, Preservation::Preserve)?;
		t.status = TaskStatus::Cancelled;
		// Nobody is seated any more; escalated items are decided with the votes they have.
		OpenItems::<T>::remove(task);
		Tasks::<T>::insert(task, t);
		Self::deposit_event(Event::TaskCancelled { task, refunded });
		Ok(())
	}

	/// Closes a task with no item in progress or disputed and refunds everything unspent;
	/// the escrow account is emptied unless payouts wait to be claimed.
	pub fn do_close_task(vendor: &T::AccountId, task: TaskId) -> DispatchResult {
		let mut t = Self::vendor_task(vendor, task)?;
		ensure!(t.status != TaskStatus::Closed, Error::<T>::TaskClosed);
		ensure!(t.in_progress == 0 && t.disputed == 0, Error::<T>::ItemsInProgress);
		// Attack: appeal a label, then close (and purge) the task while the panel votes. The
		// escrow — the panel's fee with it — went back to the vendor, and the tally, unable to
		// pay the panel or to change a purged result, was rolled back at every try: the case
		// never closed and the reviewers' stakes stayed locked. An appeal leaves its item
		// settled, so only the fee it reserved shows it.
		ensure!(t.reserved.is_zero(), Error::<T>::ReviewUnderWay);
		Self::abandon_pending(&mut t);
		let mut refunded = Self::refund(task, &mut t, Preservation::Preserve)?;
		if t.unclaimed.is_zero() {
			refunded = refunded.saturating_add(Self::release_seed(task, &mut t)?);
		}
		t.status = TaskStatus::Closed;
		OpenItems::<T>::remove(task);
		Tasks::<T>::insert(task, t);
		Self::deposit_event(Event::TaskClosed { task, refunded });
		Ok(())
	}

	/// Returns the escrow's seed, and whatever else the account holds, to the vendor and lets
	/// the escrow account go. Only when nothing else is owed from it.
	pub(crate) fn release_seed(
		task: TaskId,
		t: &mut TaskOf<T>,
	) -> Result<BalanceOf<T>, DispatchError> {
		let escrow = Self::escrow_account(task);
		let all = T::Assets::balance(t.spec.reward_asset, &escrow);
		if !all.is_zero() {
			T::Assets::transfer(
				t.spec.reward_asset,
				&escrow,
				&t.vendor,
				all,
				Preservation::Expendable,
			)?;
		}
		t.seed = Zero::zero();
		frame_system::Pallet::<T>::dec_providers(&escrow)?;
		Ok(all)
	}

	/// Removes up to `limit` item records of a closed task, releasing their deposit; removes
	/// the task when its last item is gone and nothing is left to claim.
	pub fn do_purge_task(vendor: &T::AccountId, task: TaskId, limit: u32) -> DispatchResult {
		let mut t = Self::vendor_task(vendor, task)?;
		ensure!(t.status == TaskStatus::Closed, Error::<T>::TaskNotClosed);
		let start = t.purged;
		let end = start.saturating_add(limit).min(t.item_count);
		let removed = end.saturating_sub(start);
		let task_removed = end == t.item_count && t.unclaimed.is_zero();
		ensure!(removed > 0 || task_removed, Error::<T>::PayoutsUnclaimed);
		for item in start..end {
			Items::<T>::remove(task, item);
			Slots::<T>::remove(task, item);
		}
		t.purged = end;
		let mut released = t.item_deposit.saturating_mul(BalanceOf::<T>::from(removed));
		if task_removed {
			released = released.saturating_add(t.task_deposit);
		}
		T::Currency::release(
			&HoldReason::TaskDeposit.into(),
			vendor,
			released,
			Precision::BestEffort,
		)?;
		if task_removed {
			Tasks::<T>::remove(task);
			ChanceSamples::<T>::remove(task);
			let _ = Backlog::<T>::clear_prefix(task, u32::MAX, None);
		} else {
			Tasks::<T>::insert(task, t);
		}
		Self::deposit_event(Event::TaskPurged {
			task,
			items: removed,
			deposit_released: released,
			task_removed,
		});
		Ok(())
	}

	/// Checks, without writing anything, that `vendor` may reveal `answer` with `salt` as
	/// the answer commitment of an item now: the item has one, its labels are in and the
	/// vendor's window is open, the answer and salt open the commitment and the answer fits
	/// the schema. The transaction extension [`CheckReveal`](crate::extension::CheckReveal)
	/// runs it at validation, so a gold answer is never published by a call that fails.
	pub fn check_reveal_gold(
		vendor: &T::AccountId,
		task: TaskId,
		item: ItemId,
		answer: &Option<Label>,
		salt: &[u8; 32],
	) -> Result<(TaskOf<T>, ItemOf<T>), DispatchError> {
		let t = Self::vendor_task(vendor, task)?;
		let it = Items::<T>::get(task, item).ok_or(Error::<T>::UnknownItem)?;
		let Gold::Committed(expected) = it.gold else {
			return Err(Error::<T>::NoAnswerCommitment.into());
		};
		let now = Self::window_clock();
		ensure!(
			matches!(it.state, ItemState::AwaitingGold { until, .. } if now <= until),
			Error::<T>::AnswerNotDue
		);
		ensure!(
			gold_commitment(vendor, &it.content.digest, answer, salt) == expected,
			Error::<T>::AnswerMismatch
		);
		if let Some(label) = answer {
			ensure!(
				crate::consensus::label_is_valid(&t.spec.schema, label),
				Error::<T>::InvalidLabel
			);
		}
		Ok((t, it))
	}

	/// Reveals an item's answer commitment once its labels are in (never while anyone still
	/// labels it: the answer would be public), then settles it or sends it to review; returns
	/// whether it judged the item.
	pub fn do_reveal_gold(
		vendor: &T::AccountId,
		task: TaskId,
		item: ItemId,
		answer: Option<Label>,
		salt: [u8; 32],
	) -> Result<bool, DispatchError> {
		let (mut t, mut it) = Self::check_reveal_gold(vendor, task, item, &answer, &salt)?;
		let gold = answer.is_some();
		it.gold = match answer {
			Some(label) => Gold::Answer(label),
			None => Gold::NotGold,
		};
		Self::deposit_event(Event::GoldRevealed { task, item, gold });
		Self::conclude_with_answer(task, item, &mut t, &mut it)?;
		// Judged at once, or sent to review (no judging yet).
		Ok(it.state == ItemState::Settled)
	}
}
