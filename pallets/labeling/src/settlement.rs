//! Settlement: closing an item's round, deciding the accepted label, judging each annotator,
//! paying from escrow, slashing, updating reputation, and handing items without consensus to
//! the dispute hook.
//!
//! - Fewer reveals than `redundancy / 2 + 1`: the round is void. No-shows are penalized, the
//!   others released, and the item opens a new round (or fails after `max_rounds`, when the task
//!   is no longer open, or when its gold answer is already public).
//! - A revealed gold answer is the reference label. Otherwise the reputation-weighted
//!   [`consensus`](crate::consensus) is, and without one the item is disputed.
//! - Each annotator's [`Verdict`] decides pay and penalty; what the item's budget did not pay
//!   becomes refundable to the vendor.

use crate::{consensus, pallet::*, reputation, types::*, BalanceOf, SlotsOf, TaskOf};
use alloc::vec::Vec;
use frame_support::{
	ensure,
	traits::{fungibles::Mutate, tokens::Preservation},
};
use sp_runtime::{
	traits::{Saturating, Zero},
	DispatchError, DispatchResult, Perbill, TransactionOutcome,
};

/// Where an item is judged from: the counter of its task it leaves.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Stage {
	/// Its round just closed (no appeal window).
	Running,
	/// Its appeal window ended without an appeal.
	Decided,
	/// A dispute decided it.
	Disputed,
}

impl<T: Config> Pallet<T> {
	/// Settles an item whose reveal phase is over or whose reveals are all in.
	pub fn do_settle(task: TaskId, item: ItemId) -> DispatchResult {
		let t = Tasks::<T>::get(task).ok_or(Error::<T>::UnknownTask)?;
		let it = Items::<T>::get(task, item).ok_or(Error::<T>::UnknownItem)?;
		let now = frame_system::Pallet::<T>::block_number();
		let ItemState::Labeling { reveal_end, .. } = it.state else {
			return Err(Error::<T>::CannotSettleYet.into());
		};
		let slots = Slots::<T>::get(task, item);
		ensure!(
			now > reveal_end || Self::all_revealed(&t, &it, &slots, now),
			Error::<T>::CannotSettleYet
		);
		Self::settle_round(task, item)
	}

	/// Closes the running round of an item (the caller checked that it may).
	pub(crate) fn settle_round(task: TaskId, item: ItemId) -> DispatchResult {
		let mut t = Tasks::<T>::get(task).ok_or(Error::<T>::UnknownTask)?;
		let mut it = Items::<T>::get(task, item).ok_or(Error::<T>::UnknownItem)?;
		let ItemState::Labeling { round, .. } = it.state else {
			return Err(Error::<T>::CannotSettleYet.into());
		};
		let slots = Slots::<T>::get(task, item);
		let quorum = t.spec.redundancy / 2 + 1;
		let votes: Vec<(&Label, u64)> = slots
			.iter()
			.filter_map(|s| {
				s.label.as_ref().map(|l| {
					(l, reputation::vote_weight(&Reputations::<T>::get(&s.annotator)) as u64)
				})
			})
			.collect();
		if (votes.len() as u32) < quorum {
			return Self::void_round(task, item, &mut t, &mut it, slots, round);
		}
		let reference = match &it.gold {
			Gold::Answer(answer) => Some(answer.clone()),
			_ => consensus::consensus(&t.spec.schema, &t.spec.agreement, &votes).map(|c| c.label),
		};
		drop(votes);
		match reference {
			Some(label) if Parameters::<T>::get().dispute_period.is_zero() => {
				Self::judge(task, item, &mut t, &mut it, slots, label, round, Stage::Running)
					.map(|_| ())
			}
			Some(label) => Self::await_appeals(task, item, &mut t, &mut it, round, label),
			None => {
				it.state = ItemState::Disputed { round };
				t.in_progress = t.in_progress.saturating_sub(1);
				t.disputed = t.disputed.saturating_add(1);
				Items::<T>::insert(task, item, &it);
				Tasks::<T>::insert(task, &t);
				Self::deposit_event(Event::ItemDisputed { task, item, round });
				T::OnDispute::on_dispute(task, item, round);
				Ok(())
			}
		}
	}

	/// Settles a disputed item with the label a dispute decided: payouts, strikes and
	/// reputation follow from it as if consensus had chosen it. Called by the disputes pallet;
	/// returns the part of the item's budget its annotators were not paid.
	pub fn do_resolve_dispute(
		task: TaskId,
		item: ItemId,
		label: Label,
	) -> Result<BalanceOf<T>, DispatchError> {
		let mut t = Tasks::<T>::get(task).ok_or(Error::<T>::UnknownTask)?;
		let mut it = Items::<T>::get(task, item).ok_or(Error::<T>::UnknownItem)?;
		let ItemState::Disputed { round } = it.state else {
			return Err(Error::<T>::NotDisputed.into());
		};
		ensure!(consensus::label_is_valid(&t.spec.schema, &label), Error::<T>::InvalidLabel);
		let slots = Slots::<T>::get(task, item);
		Self::judge(task, item, &mut t, &mut it, slots, label, round, Stage::Disputed)
	}

	/// Penalizes the no-shows of a round with too few reveals, releases the others, and
	/// reopens or fails the item.
	fn void_round(
		task: TaskId,
		item: ItemId,
		t: &mut TaskOf<T>,
		it: &mut crate::ItemOf<T>,
		slots: SlotsOf<T>,
		round: RoundIndex,
	) -> DispatchResult {
		let p = Parameters::<T>::get();
		Slots::<T>::remove(task, item);
		Self::release_round(task, item, slots);
		let with_answer = !matches!(it.gold, Gold::None);
		let next = round.saturating_add(1);
		let retry = t.status == TaskStatus::Open
			&& next < p.max_rounds
			&& !matches!(it.gold, Gold::Answer(_));
		t.in_progress = t.in_progress.saturating_sub(1);
		if retry {
			it.state = ItemState::Pending { round: next };
			t.pending = t.pending.saturating_add(1);
			if with_answer {
				t.pending_with_answer = t.pending_with_answer.saturating_add(1);
			}
		} else {
			it.state = ItemState::Failed;
			let budget = Self::item_budget(t, with_answer).unwrap_or_default();
			t.refundable = t.refundable.saturating_add(budget);
			t.unsettled = t.unsettled.saturating_sub(1);
			if with_answer {
				t.unsettled_with_answer = t.unsettled_with_answer.saturating_sub(1);
			}
		}
		Items::<T>::insert(task, item, &*it);
		Tasks::<T>::insert(task, &*t);
		Self::deposit_event(Event::RoundVoided {
			task,
			item,
			round,
			next_round: if retry { Some(next) } else { None },
		});
		if !retry {
			Self::deposit_event(Event::ItemFailed { task, item });
		}
		Ok(())
	}

	/// Ends a round without a decision: penalizes its no-shows and releases the others'
	/// collateral.
	pub(crate) fn release_round(task: TaskId, item: ItemId, slots: SlotsOf<T>) {
		let now = frame_system::Pallet::<T>::block_number();
		for slot in slots.iter() {
			let mut ledger = Stakes::<T>::get(&slot.annotator).unwrap_or_else(Self::empty_ledger);
			if slot.label.is_some() {
				Self::release_collateral(
					&slot.annotator,
					&mut ledger,
					slot.collateral,
					Perbill::zero(),
				);
			} else {
				Self::penalize_no_show(
					task,
					item,
					&slot.annotator,
					&mut ledger,
					slot.collateral,
					now,
				);
			}
			Self::store_ledger(&slot.annotator, ledger);
		}
	}

	/// Penalizes a slot of `item` held without a reveal and reports the verdict.
	pub(crate) fn penalize_no_show(
		task: TaskId,
		item: ItemId,
		who: &T::AccountId,
		ledger: &mut crate::StakeLedgerOf<T>,
		collateral: BalanceOf<T>,
		now: frame_system::pallet_prelude::BlockNumberFor<T>,
	) {
		let p = Parameters::<T>::get();
		let slashed = Self::release_collateral(who, ledger, collateral, p.no_reveal_slash);
		ledger.open_slots = ledger.open_slots.saturating_sub(1);
		let mut rep = Reputations::<T>::get(who);
		rep.no_reveals = rep.no_reveals.saturating_add(1);
		rep.strikes = rep.strikes.saturating_add(1);
		Self::record_failure_rate(who, &mut rep, ledger, true, now);
		Reputations::<T>::insert(who, rep);
		Self::deposit_event(Event::Judged {
			task,
			item,
			annotator: who.clone(),
			verdict: Verdict::NoReveal,
			paid: Zero::zero(),
			slashed,
		});
	}

	/// Judges every slot against the reference label, pays, penalizes and records the result;
	/// returns the part of the item's budget that was not paid (refundable to the vendor).
	#[allow(clippy::too_many_arguments)]
	pub(crate) fn judge(
		task: TaskId,
		item: ItemId,
		t: &mut TaskOf<T>,
		it: &mut crate::ItemOf<T>,
		slots: SlotsOf<T>,
		reference: Label,
		round: RoundIndex,
		stage: Stage,
	) -> Result<BalanceOf<T>, DispatchError> {
		let by_dispute = stage == Stage::Disputed;
		let p = Parameters::<T>::get();
		let now = frame_system::Pallet::<T>::block_number();
		let escrow = Self::escrow_account(task);
		let schema = t.spec.schema;
		let reward = t.spec.reward_per_label;
		let with_bonus = reward.saturating_add(t.spec.gold_bonus);
		let mut paid = BalanceOf::<T>::zero();
		let (mut annotators, mut agreeing) = (0u32, 0u32);
		let (mut support, mut total) = (0u64, 0u64);

		for slot in slots.iter() {
			let who = &slot.annotator;
			let mut ledger = Stakes::<T>::get(who).unwrap_or_else(Self::empty_ledger);
			let Some(label) = &slot.label else {
				Self::penalize_no_show(task, item, who, &mut ledger, slot.collateral, now);
				Self::store_ledger(who, ledger);
				continue;
			};
			let mut rep = Reputations::<T>::get(who);
			let weight = reputation::vote_weight(&rep) as u64;
			annotators = annotators.saturating_add(1);
			total = total.saturating_add(weight);
			let agrees = consensus::labels_agree(&schema, label, &reference);
			let (verdict, pay, fraction) = match (&it.gold, agrees) {
				(Gold::Answer(_), true) => (Verdict::GoldPassed, with_bonus, Perbill::zero()),
				(Gold::Answer(_), false) => (Verdict::GoldFailed, Zero::zero(), p.gold_fail_slash),
				// The vendor never revealed the answer: every agreeing annotator gets the bonus.
				(Gold::Committed(_), true) => (Verdict::Agreed, with_bonus, Perbill::zero()),
				(_, true) => (Verdict::Agreed, reward, Perbill::zero()),
				(_, false) => (Verdict::Disagreed, Zero::zero(), p.disagree_slash),
			};
			match verdict {
				Verdict::Agreed | Verdict::GoldPassed => {
					support = support.saturating_add(weight);
					agreeing = agreeing.saturating_add(1);
					rep.agreements = rep.agreements.saturating_add(1);
					if verdict == Verdict::GoldPassed {
						rep.gold_passes = rep.gold_passes.saturating_add(1);
					}
				}
				_ => {
					rep.disagreements = rep.disagreements.saturating_add(1);
					rep.strikes = rep.strikes.saturating_add(1);
					if verdict == Verdict::GoldFailed {
						rep.gold_fails = rep.gold_fails.saturating_add(1);
					}
				}
			}
			let slashed = Self::release_collateral(who, &mut ledger, slot.collateral, fraction);
			let failed = !matches!(verdict, Verdict::Agreed | Verdict::GoldPassed);
			Self::record_failure_rate(who, &mut rep, &mut ledger, failed, now);
			Reputations::<T>::insert(who, rep);
			Self::store_ledger(who, ledger);
			if !pay.is_zero() {
				Self::pay_or_defer(task, t, &escrow, who, pay);
				paid = paid.saturating_add(pay);
			}
			Self::deposit_event(Event::Judged {
				task,
				item,
				annotator: who.clone(),
				verdict,
				paid: pay,
				slashed,
			});
		}

		let with_answer = !matches!(it.gold, Gold::None);
		let budget = Self::item_budget(t, with_answer).unwrap_or_default();
		let refundable = budget.saturating_sub(paid);
		t.refundable = t.refundable.saturating_add(refundable);
		t.unsettled = t.unsettled.saturating_sub(1);
		if with_answer {
			t.unsettled_with_answer = t.unsettled_with_answer.saturating_sub(1);
		}
		match stage {
			Stage::Running => t.in_progress = t.in_progress.saturating_sub(1),
			Stage::Decided => t.decided = t.decided.saturating_sub(1),
			Stage::Disputed => t.disputed = t.disputed.saturating_sub(1),
		}
		let agreement =
			if total == 0 { Perbill::zero() } else { Perbill::from_rational(support, total) };
		let gold = matches!(&it.gold, Gold::Answer(answer) if consensus::labels_agree(&schema, answer, &reference));
		it.state = ItemState::Settled;
		Results::<T>::insert(
			task,
			item,
			ItemResult {
				label: reference.clone(),
				agreement,
				annotators,
				agreeing,
				gold,
				by_dispute,
				round,
				paid,
				settled_at: now,
			},
		);
		Slots::<T>::remove(task, item);
		Items::<T>::insert(task, item, &*it);
		Tasks::<T>::insert(task, &*t);
		Self::deposit_event(Event::ItemSettled {
			task,
			item,
			label: reference,
			agreement,
			paid,
			refundable,
		});
		Ok(refundable)
	}

	/// Pays `amount` from the escrow to `who`; if the asset refuses (a frozen or blocked
	/// account), keeps it as an unclaimed payout instead of failing the settlement.
	pub(crate) fn pay_or_defer(
		task: TaskId,
		t: &mut TaskOf<T>,
		escrow: &T::AccountId,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) {
		let asset = t.spec.reward_asset;
		let delivered = frame_support::storage::with_transaction(|| {
			match T::Assets::transfer(asset, escrow, who, amount, Preservation::Preserve) {
				Ok(_) => TransactionOutcome::Commit(Ok::<bool, sp_runtime::DispatchError>(true)),
				Err(_) => TransactionOutcome::Rollback(Ok(false)),
			}
		})
		.unwrap_or(false);
		if !delivered {
			Unclaimed::<T>::mutate(task, who, |u| *u = u.saturating_add(amount));
			t.unclaimed = t.unclaimed.saturating_add(amount);
			Self::deposit_event(Event::PayoutDeferred { task, annotator: who.clone(), amount });
		}
	}

	/// Delivers `who`'s deferred payout of `task`; the last claim of a closed task releases
	/// its escrow account.
	pub fn do_claim_payout(who: &T::AccountId, task: TaskId) -> DispatchResult {
		let mut t = Tasks::<T>::get(task).ok_or(Error::<T>::UnknownTask)?;
		let amount = Unclaimed::<T>::get(task, who);
		ensure!(!amount.is_zero(), Error::<T>::NothingToClaim);
		T::Assets::transfer(
			t.spec.reward_asset,
			&Self::escrow_account(task),
			who,
			amount,
			Preservation::Preserve,
		)?;
		Unclaimed::<T>::remove(task, who);
		t.unclaimed = t.unclaimed.saturating_sub(amount);
		if t.status == TaskStatus::Closed && t.unclaimed.is_zero() {
			Self::release_seed(task, &mut t)?;
		}
		Tasks::<T>::insert(task, t);
		Self::deposit_event(Event::PayoutClaimed { task, annotator: who.clone(), amount });
		Ok(())
	}
}
