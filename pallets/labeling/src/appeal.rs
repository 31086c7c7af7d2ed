//! Review: the interface the disputes pallet reviews items through, and the vendor's appeals of
//! accepted labels.
//!
//! Items reach review three ways, none of which needs an annotator to post a bond:
//! - **No consensus**: every seat the item may have was used and no label has a positive
//!   weighted margin with two supporters ([`settlement`](crate::settlement)).
//! - **Contested gold**: the annotators' decision contradicts the vendor's gold answer. Failing
//!   a gold item costs the whole collateral, so a wrong answer must not be the annotators' loss
//!   to appeal: the chain sends it to review itself, and if reviewers overturn it the vendor's
//!   gold bond goes to the annotators who were right.
//! - **A vendor's appeal** of an accepted label within `appeal_period` after settlement, for the
//!   dataset's sake. Annotators were paid at settlement and stay paid; only the label changes.
//!
//! Every review pays its reviewers the same fee whichever label they choose (so a panel gains
//! nothing by picking a label fewer annotators gave): from the item's escrowed budget for the
//! first two, from the vendor's refundable balance for an appeal.

use crate::{pallet::*, types::*, BalanceOf};
use frame_support::ensure;
use sp_runtime::{
	traits::{CheckedAdd, Saturating, Zero},
	DispatchError, DispatchResult,
};

impl<T: Config> Pallet<T> {
	/// The vendor appeals the accepted label of a settled item within the appeal window: the
	/// item's review fee moves from the task's refundable balance to its reserve for the
	/// reviewers. Returns the label and the fee. Called by the disputes pallet, which opens the
	/// review.
	pub fn do_appeal_label(
		who: &T::AccountId,
		task: TaskId,
		item: ItemId,
	) -> Result<(Label, BalanceOf<T>), DispatchError> {
		let mut t = Tasks::<T>::get(task).ok_or(Error::<T>::UnknownTask)?;
		ensure!(&t.vendor == who, Error::<T>::NotVendor);
		// A closed task's labels are final: its records may be purged while a panel votes.
		ensure!(t.status != TaskStatus::Closed, Error::<T>::TaskClosed);
		let it = Items::<T>::get(task, item).ok_or(Error::<T>::UnknownItem)?;
		ensure!(it.state == ItemState::Settled, Error::<T>::NotSettled);
		let result = it.result.ok_or(Error::<T>::NotSettled)?;
		let now = frame_system::Pallet::<T>::block_number();
		let p = Parameters::<T>::get();
		ensure!(
			now < result.settled_at.saturating_add(p.appeal_period),
			Error::<T>::AppealWindowClosed
		);
		let fee = Self::review_fee(&t, !matches!(it.gold, Gold::None)).unwrap_or_default();
		ensure!(fee <= t.refundable, Error::<T>::FeeAboveRefundable);
		t.refundable = t.refundable.saturating_sub(fee);
		t.reserved = t.reserved.saturating_add(fee);
		Tasks::<T>::insert(task, &t);
		Self::deposit_event(Event::LabelAppealed { task, item, fee });
		Ok((result.label, fee))
	}

	/// A review of the vendor's appeal decided `label` for a settled item: the result records
	/// it (and that a review decided it) when it differs.
	pub fn do_change_label(task: TaskId, item: ItemId, label: Label) -> DispatchResult {
		let t = Tasks::<T>::get(task).ok_or(Error::<T>::UnknownTask)?;
		ensure!(crate::consensus::label_is_valid(&t.spec.schema, &label), Error::<T>::InvalidLabel);
		Items::<T>::try_mutate(task, item, |it| {
			let result =
				it.as_mut().and_then(|it| it.result.as_mut()).ok_or(Error::<T>::NotSettled)?;
			if !crate::consensus::labels_agree(&t.spec.schema, &result.label, &label) {
				result.label = label.clone();
				result.by_dispute = true;
				result.gold = false;
				Self::deposit_event(Event::LabelChanged { task, item, label });
			}
			Ok::<(), Error<T>>(())
		})?;
		Ok(())
	}

	/// Pays reviewers `fees` out of the `total` review fee a review set aside in the task's
	/// reserve; what they are not paid (nobody to pay, rounding) becomes refundable. A payout
	/// the asset refuses waits for `claim_payout`.
	pub fn do_pay_review_fee(
		task: TaskId,
		total: BalanceOf<T>,
		fees: &[(T::AccountId, BalanceOf<T>)],
	) -> DispatchResult {
		let mut t = Tasks::<T>::get(task).ok_or(Error::<T>::UnknownTask)?;
		ensure!(total <= t.reserved, Error::<T>::FeeAboveRefundable);
		let paid = fees
			.iter()
			.try_fold(BalanceOf::<T>::zero(), |acc, (_, fee)| acc.checked_add(fee))
			.ok_or(Error::<T>::Overflow)?;
		ensure!(paid <= total, Error::<T>::FeeAboveRefundable);
		t.reserved = t.reserved.saturating_sub(total);
		t.refundable = t.refundable.saturating_add(total.saturating_sub(paid));
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

	/// The review fee of an item of `task`, as its reviewers would be paid.
	pub fn review_fee_of(task: TaskId, item: ItemId) -> BalanceOf<T> {
		match (Tasks::<T>::get(task), Items::<T>::get(task, item)) {
			(Some(t), Some(it)) => {
				Self::review_fee(&t, !matches!(it.gold, Gold::None)).unwrap_or_default()
			}
			_ => Zero::zero(),
		}
	}
}
