//! Settlement: closing an item's stage, deciding (or escalating), waiting for the vendor's
//! answer, judging each annotator, paying from escrow, slashing, updating reputation, and
//! handing items to review.
//!
//! - A stage closes at its last reveal, or by anyone's `settle` after its reveal phase.
//!   Fewer reveals in stage 0 than `redundancy / 2 + 1` void the round: no-shows are
//!   penalized, the others released, and the item opens a new round (or fails after
//!   `max_rounds`, or when the task takes no more seats).
//! - Otherwise the round's revealed votes, weighted by each annotator's log-odds of being
//!   right, decide ([`consensus::decide`]): accept, escalate to more seats (the item goes
//!   back to the open set for its next stage), or no consensus.
//! - An item with an answer commitment then waits for the vendor to reveal it (the answer is
//!   never public while anyone still labels the item). A gold answer is the reference — unless
//!   the annotators' decision contradicts it, which sends the item to review
//!   (`GoldContested`); a decoy leaves the decision as the reference. Without a reveal by the
//!   deadline, the decision is the reference and every agreeing annotator gets the bonus.
//! - Each revealed label is scored by [`payout`]: paid from escrow, or slashed from its
//!   collateral; a gold fail slashes `gold_fail_slash`; a no-show `no_reveal_slash`. What the
//!   item's budget did not pay becomes refundable to the vendor.

use crate::{
	consensus, pallet::*, payout, reputation, types::*, weights::WeightInfo, BalanceOf, SlotsOf,
	TaskOf,
};
use alloc::vec::Vec;
use frame_support::{
	ensure,
	traits::{
		fungibles::{Inspect, Mutate},
		tokens::Preservation,
		Get,
	},
	weights::Weight,
};

/// The size of the labels of `schema` that closing a stage and judging are charged by
/// ([`Pallet::stage_close_weight`], [`Pallet::judging_weight`]): the most boxes of a box label.
/// A category or a text hash compares as cheaply as one box. A multi-label's per-class tally
/// (up to 64 classes) is not benchmarked on its own: it is charged as the largest box labels,
/// whose matching compares every box with every other seat's.
pub fn label_size(schema: &LabelSchema) -> u32 {
	match schema {
		LabelSchema::BoundingBoxes { max_boxes, .. } => (*max_boxes).clamp(1, MAX_BOXES),
		LabelSchema::MultiLabel { .. } => MAX_BOXES,
		LabelSchema::Categorical { .. } | LabelSchema::FreeText => 1,
	}
}
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{CheckedAdd, CheckedMul, Saturating, Zero},
	DispatchError, DispatchResult, Perbill, TransactionOutcome,
};

/// Where an item is judged from: the counter of its task it leaves.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Stage {
	/// It was in progress.
	Running,
	/// A review decided it.
	Disputed,
}

/// What an item's labels are judged against.
#[derive(Clone, PartialEq, Eq, Debug)]
pub(crate) enum Reference {
	/// The annotators' decision (each label is scored against what the other labels decide),
	/// or with `reviewed` a review panel's (each label is scored against it); `bonus` when the
	/// vendor never revealed the item's answer commitment (every agreeing annotator then gets
	/// the gold bonus).
	Decision { label: Label, bonus: bool, reviewed: bool },
	/// A gold answer; `bond` is the vendor's gold bond when reviewers overturned the vendor's
	/// answer for this one, shared by the annotators who gave it.
	Gold { label: Label, overturned: bool },
}

impl<T: Config> Pallet<T> {
	/// Budget of one item in the worst case: every seat the item may have paid the capped
	/// reward (and the bonus, with an answer commitment), the review fee, and the vendor's gold
	/// bond (with an answer commitment).
	pub fn item_budget(t: &TaskOf<T>, with_answer: bool) -> Option<BalanceOf<T>> {
		let reward = t.spec.reward_per_label;
		let bonus = if with_answer { t.spec.gold_bonus } else { Zero::zero() };
		let capped = percent_of(reward, t.pay_cap_percent)?;
		let seats = BalanceOf::<T>::from(t.spec.max_seats);
		let pay = capped.checked_add(&bonus)?.checked_mul(&seats)?;
		let review = Self::review_fee(t, with_answer)?;
		let bond = if with_answer { Self::gold_bond(t)? } else { Zero::zero() };
		pay.checked_add(&review)?.checked_add(&bond)
	}

	/// `redundancy × (reward + bonus)`: the unit review fees and gold bonds are measured in.
	fn base_budget(t: &TaskOf<T>, with_answer: bool) -> Option<BalanceOf<T>> {
		let bonus = if with_answer { t.spec.gold_bonus } else { Zero::zero() };
		t.spec
			.reward_per_label
			.checked_add(&bonus)?
			.checked_mul(&BalanceOf::<T>::from(t.spec.redundancy))
	}

	/// The fee an item's review pays its reviewers, whatever label they choose.
	pub fn review_fee(t: &TaskOf<T>, with_answer: bool) -> Option<BalanceOf<T>> {
		percent_of(Self::base_budget(t, with_answer)?, t.review_fee_percent)
	}

	/// The vendor's bond on an item with an answer commitment.
	pub fn gold_bond(t: &TaskOf<T>) -> Option<BalanceOf<T>> {
		percent_of(Self::base_budget(t, true)?, t.gold_bond_percent)
	}

	/// The weight of closing a stage of `seats` seats whose labels have `boxes` boxes: the
	/// benchmarked close of one-box labels (`close_stage(s)`, linear in the seats: 218 µs of
	/// execution at 3 seats, 986 µs at 16, in the weights of 2026-12-05), plus a share of what the
	/// largest box labels add at every seat (`close_stage_boxed` − `close_stage(MaxSeats)`) in
	/// proportion to `seats · (boxes − 1)`. See [`Self::with_boxes`] for why that share is an
	/// upper bound where one linear fit over both was not.
	pub fn stage_close_weight(seats: u32, boxes: u32) -> Weight {
		Self::with_boxes(
			T::WeightInfo::close_stage(seats),
			T::WeightInfo::close_stage(T::MaxSeats::get()),
			T::WeightInfo::close_stage_boxed(),
			seats,
			boxes,
		)
	}

	/// What `reveal_many` of `n` entries within `bound` is admitted with: the reveals at the
	/// bound's label size, each closing a stage of the bound's seats and label size (at most
	/// `MaxSeats` and `MAX_BOXES`: no item holds more, no label is larger). Every entry is
	/// checked against the bound before anything is written, so no close weighs more.
	pub fn reveal_many_weight_bound(n: u32, bound: &CloseBound) -> Weight {
		let seats = bound.seats.clamp(1, T::MaxSeats::get());
		let boxes = bound.boxes.clamp(1, MAX_BOXES);
		T::WeightInfo::reveal_many(n, boxes)
			.saturating_add(Self::stage_close_weight(seats, boxes).saturating_mul(n as u64))
	}

	/// The weight of judging `seats` seats whose labels have `boxes` boxes, as
	/// [`Self::stage_close_weight`] from `judge(s)` and `judge_boxed`.
	pub fn judging_weight(seats: u32, boxes: u32) -> Weight {
		Self::with_boxes(
			T::WeightInfo::judge(seats),
			T::WeightInfo::judge(T::MaxSeats::get()),
			T::WeightInfo::judge_boxed(),
			seats,
			boxes,
		)
	}

	/// `one_box` (the benchmark at `seats` seats of one-box labels) plus the part
	/// `seats · (boxes − 1) / (MaxSeats · (MAX_BOXES − 1))` of the extra that the largest labels
	/// cost at the most seats (`largest` − `largest_one_box`).
	///
	/// The extra is the labels' comparisons: the tally compares s² pairs of labels, peer
	/// agreement and the reference s(s+1)/2 more, each pair up to b² box IoUs — terms like
	/// s²·b², s·b² and s·b (and decoding s·b boxes). Each such term is at most its value at
	/// (MaxSeats, MAX_BOXES) times s(b − 1) / (MaxSeats · (MAX_BOXES − 1)) (as s ≤ MaxSeats, and
	/// b^k − 1 ≤ (b − 1)(B^k − 1)/(B − 1)), so the share covers it. A linear fit of s and b
	/// together did not: measured (`benchmark pallet --extrinsic close_stage`, the node of 225d1b9, this machine), one-box
	/// labels cost 229 µs at 3 seats and were charged 459 µs (the fit's base came from the
	/// 16-box sweep), while 16-box labels at 12 seats cost 1,297 µs and were charged 1,233 µs.
	fn with_boxes(
		one_box: Weight,
		largest_one_box: Weight,
		largest: Weight,
		seats: u32,
		boxes: u32,
	) -> Weight {
		let extra = largest.saturating_sub(largest_one_box);
		let part = (seats.min(T::MaxSeats::get()) as u64)
			.saturating_mul(boxes.clamp(1, MAX_BOXES).saturating_sub(1) as u64);
		let whole = (T::MaxSeats::get() as u64)
			.saturating_mul(MAX_BOXES.saturating_sub(1) as u64)
			.max(1);
		one_box.saturating_add(Weight::from_parts(
			extra.ref_time().saturating_mul(part) / whole,
			extra.proof_size().saturating_mul(part) / whole,
		))
	}

	/// The weight of closing the stage of an item of task `t` whose seats are `slots` (read
	/// before the close), by its seats and its labels' size, less the payouts' account
	/// creations it will not make ([`Self::known_payees`]). The benchmark has one seat silent
	/// and every other seat paid into a new account.
	pub fn close_weight(t: &TaskOf<T>, slots: &SlotsOf<T>) -> Weight {
		let seats = slots.len() as u32;
		let known = Self::known_payees(t, slots).min(seats.saturating_sub(1)) as u64;
		let written = Self::ledgers_written_in_block(slots).min(seats) as u64;
		Self::stage_close_weight(seats, label_size(&t.spec.schema))
			.saturating_sub(T::DbWeight::get().reads_writes(known, known))
			.saturating_sub(T::DbWeight::get().reads_writes(written, written))
	}

	/// The weight of judging an item of task `t` whose seats are `slots` (read before the
	/// judging), by its seats and its labels' size, less the payouts' account creations it will
	/// not make. The benchmark pays every seat into a new account.
	pub fn judge_weight(t: &TaskOf<T>, slots: &SlotsOf<T>) -> Weight {
		let seats = slots.len() as u32;
		let known = Self::known_payees(t, slots).min(seats) as u64;
		let written = Self::ledgers_written_in_block(slots).min(seats) as u64;
		Self::judging_weight(seats, label_size(&t.spec.schema))
			.saturating_sub(T::DbWeight::get().reads_writes(known, known))
			.saturating_sub(T::DbWeight::get().reads_writes(written, written))
	}

	/// How many of `slots`' annotators have a ledger written earlier in the current block
	/// ([`StakeLedger::updated`]): judging the item reads and writes each seat's ledger, and
	/// the benchmarks count a read and a write for every one, but a key written earlier in the
	/// block is served from the block's overlay and written to the database once, for the
	/// writer that was charged first. An annotator with many seats of a task is paid at many
	/// closes, most of them within a block or two. The ledgers are decoded here once more,
	/// inside what the close and judging benchmarks measure (they run through `settle`, which
	/// calls this).
	pub fn ledgers_written_in_block(slots: &SlotsOf<T>) -> u32 {
		let now = frame_system::Pallet::<T>::block_number();
		slots
			.iter()
			.filter(|s| Stakes::<T>::get(&s.annotator).is_some_and(|l| l.updated == now))
			.count() as u32
	}

	/// What a stage close at a reveal reads and writes that the reveal itself, in the same
	/// extrinsic, already did: the task, the item, its seats, the congestion count and the
	/// chance samples (read), the seats (written; the close removes them). The reveal is charged
	/// for these (its benchmark counts them); a second access of a key in a block is served by
	/// the block's overlay, so the close, whose benchmark (`settle`) counts them again, is
	/// charged its weight less these 5 reads and 1 write.
	pub fn close_after_reveal_weight() -> Weight {
		T::DbWeight::get().reads_writes(5, 1)
	}

	/// What a stage close of a task reads and writes, beyond
	/// [`Self::close_after_reveal_weight`], that an earlier close of the same task by the same
	/// revealer in the same extrinsic already did: the open set and the parameters (read), the
	/// reward asset's details, the slashed pot, the escrow's and the revealer's asset accounts
	/// (read and written), and the task's entry (written) — 6 reads and 5 writes of the keys
	/// the `close_stage` benchmark counts for every close. The first close's benchmark counts
	/// each of them, whether or not it touched it, so the database work is charged once; a
	/// later close is charged its own weight less these. (The revealer's ledger, which the
	/// first close wrote, is refunded as any ledger written earlier in the block:
	/// [`Self::ledgers_written_in_block`].)
	///
	/// An annotator's batch of reveals closes every item they were the last to reveal: a third
	/// of a batch's items at redundancy 3, most of them of one task.
	pub fn close_shared_weight() -> Weight {
		T::DbWeight::get().reads_writes(6, 5)
	}

	/// How many of `slots`' revealed seats are held by annotators who already hold the task's
	/// reward asset: paying them does not create an account of the asset, which also writes the
	/// payee's system account (its sufficients or consumers) — a read and a write the
	/// benchmarks count for every payout. (The balance read is the payout's own, cached.)
	fn known_payees(t: &TaskOf<T>, slots: &SlotsOf<T>) -> u32 {
		slots
			.iter()
			.filter(|s| {
				s.label.is_some() &&
					!T::Assets::balance(t.spec.reward_asset, &s.annotator).is_zero()
			})
			.count() as u32
	}

	/// Moves an item on whose window has passed (see the `settle` call); returns the weight of
	/// what it did, by the item's number of seats and its labels' size.
	pub fn do_settle(task: TaskId, item: ItemId) -> Result<Weight, DispatchError> {
		let t = Tasks::<T>::get(task).ok_or(Error::<T>::UnknownTask)?;
		let it = Items::<T>::get(task, item).ok_or(Error::<T>::UnknownItem)?;
		let now = Self::window_clock();
		match it.state {
			ItemState::Labeling { reveal_end, .. } => {
				let slots = Slots::<T>::get(task, item);
				ensure!(
					now > reveal_end || Self::stage_complete(&t, &it, &slots, now),
					Error::<T>::CannotSettleYet
				);
				let weight = Self::close_weight(&t, &slots);
				Self::close_stage(task, item)?;
				Ok(weight)
			}
			ItemState::AwaitingGold { until, .. } => {
				ensure!(now > until, Error::<T>::CannotSettleYet);
				let weight = Self::judge_weight(&t, &Slots::<T>::get(task, item));
				Self::conclude_without_answer(task, item)?;
				Ok(weight)
			}
			_ => Err(Error::<T>::CannotSettleYet.into()),
		}
	}

	/// The revealed votes of an item's round, weighted by their annotators' vote weights.
	fn weighted_votes<'a>(slots: &'a SlotsOf<T>, p: &crate::ParamsOf<T>) -> Vec<(&'a Label, u64)> {
		slots
			.iter()
			.filter_map(|s| {
				s.label.as_ref().map(|l| {
					let weight = reputation::vote_weight(&Self::record_of(&s.annotator), p);
					(l, weight as u64)
				})
			})
			.collect()
	}

	/// Closes the running stage of an item (the caller checked that it may): voids the round,
	/// escalates, or concludes it.
	pub(crate) fn close_stage(task: TaskId, item: ItemId) -> DispatchResult {
		let mut t = Tasks::<T>::get(task).ok_or(Error::<T>::UnknownTask)?;
		let mut it = Items::<T>::get(task, item).ok_or(Error::<T>::UnknownItem)?;
		let (round, stage) = match it.state {
			ItemState::Labeling { round, stage, .. } => (round, stage),
			_ => return Err(Error::<T>::CannotSettleYet.into()),
		};
		Self::close_for_seats(task, &mut t, item);
		let slots = Slots::<T>::get(task, item);
		let p = Parameters::<T>::get();
		let revealed_first = slots.iter().filter(|s| s.stage == 0 && s.label.is_some()).count();
		if stage == 0 && (revealed_first as u32) < t.spec.redundancy / 2 + 1 {
			return Self::void_round(task, item, &mut t, &mut it, slots, round);
		}
		let votes = Self::weighted_votes(&slots, &p);
		// An escalation nobody came to is not tried again: the votes there are decide.
		let progressed = stage == 0 || slots.iter().any(|s| s.stage == stage && s.label.is_some());
		let can_escalate = t.status == TaskStatus::Open
			&& progressed
			&& Self::seats_through(&t, stage) < t.spec.max_seats
			&& stage < u8::MAX;
		let min_supporters = t.spec.redundancy.min(2);
		let margin = reputation::margin_for(t.spec.confidence);
		let decision =
			consensus::decide(&t.spec.schema, &votes, margin, min_supporters, can_escalate);
		drop(votes);
		match decision {
			consensus::Decision::Escalate => {
				// The next stage starts now: its seats are drawn before fresh items', and it
				// ends at its reveal window even if nobody takes them.
				let next = stage.saturating_add(1);
				let (commit_end, reveal_end) = Self::stage_windows(&t, Self::window_clock());
				it.state = ItemState::Labeling { round, stage: next, commit_end, reveal_end };
				Self::note_deadline(task, item, reveal_end);
				Items::<T>::insert(task, item, &it);
				Self::reopen(task, &mut t, item);
				Tasks::<T>::insert(task, &t);
				Self::deposit_event(Event::Escalated {
					task,
					item,
					round,
					stage: next,
					seats: Self::seats_through(&t, next),
				});
				Self::deposit_event(Event::StageOpened {
					task,
					item,
					round,
					stage: next,
					commit_end,
					reveal_end,
				});
				Ok(())
			}
			consensus::Decision::Accept(tally) => {
				Self::conclude(task, item, &mut t, &mut it, slots, round, Some(tally.label))
			}
			consensus::Decision::NoConsensus => {
				Self::conclude(task, item, &mut t, &mut it, slots, round, None)
			}
		}
	}

	/// Takes a round's decision on: to the vendor's answer when the item has a commitment, to
	/// judgement, or to review without a decision.
	fn conclude(
		task: TaskId,
		item: ItemId,
		t: &mut TaskOf<T>,
		it: &mut crate::ItemOf<T>,
		slots: SlotsOf<T>,
		round: RoundIndex,
		decision: Option<Label>,
	) -> DispatchResult {
		if matches!(it.gold, Gold::Committed(_)) {
			let until = Self::window_clock().saturating_add(t.spec.reveal_window);
			it.state = ItemState::AwaitingGold { round, decision: decision.clone(), until };
			Self::note_deadline(task, item, until);
			Items::<T>::insert(task, item, &*it);
			Tasks::<T>::insert(task, &*t);
			Self::deposit_event(Event::AwaitingGold { task, item, decision, until });
			return Ok(());
		}
		match decision {
			Some(label) => Self::judge(
				task,
				item,
				t,
				it,
				slots,
				Reference::Decision { label, bonus: false, reviewed: false },
				round,
				Stage::Running,
			)
			.map(|_| ()),
			None => Self::dispute(task, item, t, it, round, DisputeKind::NoConsensus),
		}
	}

	/// Settles an item after the vendor revealed its answer commitment (`gold` is the
	/// item's new gold state): against the gold answer, to review when the annotators'
	/// decision contradicts it, or on the decision for a decoy.
	pub(crate) fn conclude_with_answer(
		task: TaskId,
		item: ItemId,
		t: &mut TaskOf<T>,
		it: &mut crate::ItemOf<T>,
	) -> DispatchResult {
		let ItemState::AwaitingGold { round, decision, .. } = it.state.clone() else {
			return Err(Error::<T>::AnswerNotDue.into());
		};
		let slots = Slots::<T>::get(task, item);
		match (it.gold.clone(), decision) {
			(Gold::Answer(answer), Some(decided))
				if !consensus::labels_agree(&t.spec.schema, &decided, &answer) =>
			{
				Self::dispute(task, item, t, it, round, DisputeKind::GoldContested)
			}
			(Gold::Answer(answer), _) => Self::judge(
				task,
				item,
				t,
				it,
				slots,
				Reference::Gold { label: answer, overturned: false },
				round,
				Stage::Running,
			)
			.map(|_| ()),
			(_, Some(decided)) => Self::judge(
				task,
				item,
				t,
				it,
				slots,
				Reference::Decision { label: decided, bonus: false, reviewed: false },
				round,
				Stage::Running,
			)
			.map(|_| ()),
			(_, None) => Self::dispute(task, item, t, it, round, DisputeKind::NoConsensus),
		}
	}

	/// Settles an item whose vendor did not reveal its answer commitment in time: on the
	/// decision, with the bonus to every agreeing annotator (the vendor's penalty), or to review.
	fn conclude_without_answer(task: TaskId, item: ItemId) -> DispatchResult {
		let mut t = Tasks::<T>::get(task).ok_or(Error::<T>::UnknownTask)?;
		let mut it = Items::<T>::get(task, item).ok_or(Error::<T>::UnknownItem)?;
		let ItemState::AwaitingGold { round, decision, .. } = it.state.clone() else {
			return Err(Error::<T>::CannotSettleYet.into());
		};
		let slots = Slots::<T>::get(task, item);
		match decision {
			Some(label) => Self::judge(
				task,
				item,
				&mut t,
				&mut it,
				slots,
				Reference::Decision { label, bonus: true, reviewed: false },
				round,
				Stage::Running,
			)
			.map(|_| ()),
			None => Self::dispute(task, item, &mut t, &mut it, round, DisputeKind::NoConsensus),
		}
	}

	/// Sends an item to review: nobody is paid or penalized until it decides.
	fn dispute(
		task: TaskId,
		item: ItemId,
		t: &mut TaskOf<T>,
		it: &mut crate::ItemOf<T>,
		round: RoundIndex,
		kind: DisputeKind,
	) -> DispatchResult {
		it.state = ItemState::Disputed { round, kind };
		t.in_progress = t.in_progress.saturating_sub(1);
		t.disputed = t.disputed.saturating_add(1);
		Items::<T>::insert(task, item, &*it);
		Tasks::<T>::insert(task, &*t);
		Self::deposit_event(Event::ItemDisputed { task, item, round, kind });
		T::OnDispute::on_dispute(task, item, round, kind);
		Ok(())
	}

	/// Settles a disputed item with the label a review decided; returns the review fee it
	/// set aside for the reviewers (pay it with `do_pay_review_fee`). For a contested gold
	/// answer, a label that agrees with it judges the annotators against it; a different label
	/// overturns it: the annotators are judged against the reviewers' label as the gold answer
	/// and the vendor's gold bond goes to those who gave it.
	pub fn do_resolve_dispute(
		task: TaskId,
		item: ItemId,
		label: Label,
	) -> Result<BalanceOf<T>, DispatchError> {
		let mut t = Tasks::<T>::get(task).ok_or(Error::<T>::UnknownTask)?;
		let mut it = Items::<T>::get(task, item).ok_or(Error::<T>::UnknownItem)?;
		let ItemState::Disputed { round, kind } = it.state else {
			return Err(Error::<T>::NotDisputed.into());
		};
		ensure!(consensus::label_is_valid(&t.spec.schema, &label), Error::<T>::InvalidLabel);
		let reference = match (kind, &it.gold) {
			(DisputeKind::GoldContested, Gold::Answer(answer)) => {
				let overturned = !consensus::labels_agree(&t.spec.schema, answer, &label);
				Reference::Gold { label, overturned }
			}
			(_, gold) => Reference::Decision {
				label,
				bonus: matches!(gold, Gold::Committed(_)),
				reviewed: true,
			},
		};
		let slots = Slots::<T>::get(task, item);
		Self::judge(task, item, &mut t, &mut it, slots, reference, round, Stage::Disputed)
	}

	/// Fails a disputed item that no review could decide: no-shows are penalized, the other
	/// annotators released, and the item's budget becomes refundable to the vendor, but for
	/// the review fee it sets aside for the reviewers (returned).
	pub fn do_fail_dispute(task: TaskId, item: ItemId) -> Result<BalanceOf<T>, DispatchError> {
		let mut t = Tasks::<T>::get(task).ok_or(Error::<T>::UnknownTask)?;
		let mut it = Items::<T>::get(task, item).ok_or(Error::<T>::UnknownItem)?;
		ensure!(matches!(it.state, ItemState::Disputed { .. }), Error::<T>::NotDisputed);
		Self::release_round(task, item, Slots::<T>::take(task, item));
		let with_answer = !matches!(it.gold, Gold::None);
		let budget = Self::item_budget(&t, with_answer).unwrap_or_default();
		let fee = Self::review_fee(&t, with_answer).unwrap_or_default().min(budget);
		t.reserved = t.reserved.saturating_add(fee);
		t.refundable = t.refundable.saturating_add(budget.saturating_sub(fee));
		t.unsettled = t.unsettled.saturating_sub(1);
		if with_answer {
			t.unsettled_with_answer = t.unsettled_with_answer.saturating_sub(1);
		}
		t.disputed = t.disputed.saturating_sub(1);
		it.state = ItemState::Failed;
		Items::<T>::insert(task, item, &it);
		Tasks::<T>::insert(task, &t);
		Self::deposit_event(Event::ItemFailed { task, item });
		Ok(fee)
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
		let retry = t.status == TaskStatus::Open && next < p.max_rounds;
		t.in_progress = t.in_progress.saturating_sub(1);
		if retry {
			it.state = ItemState::Pending { round: next };
			t.pending = t.pending.saturating_add(1);
			if with_answer {
				t.pending_with_answer = t.pending_with_answer.saturating_add(1);
			}
			Self::reopen(task, t, item);
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

	/// Ends a round without judging it: penalizes its no-shows and releases the others'
	/// collateral.
	pub(crate) fn release_round(task: TaskId, item: ItemId, slots: SlotsOf<T>) {
		let now = frame_system::Pallet::<T>::block_number();
		for slot in slots.iter() {
			let mut ledger = Stakes::<T>::get(&slot.annotator).unwrap_or_else(Self::empty_ledger);
			Self::drop_seat(&mut ledger, task, item);
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

	/// Penalizes a seat of `item` held without a reveal and reports the verdict.
	pub(crate) fn penalize_no_show(
		task: TaskId,
		item: ItemId,
		who: &T::AccountId,
		ledger: &mut crate::StakeLedgerOf<T>,
		collateral: BalanceOf<T>,
		now: BlockNumberFor<T>,
	) {
		let p = Parameters::<T>::get();
		let slashed = Self::release_collateral(who, ledger, collateral, p.no_reveal_slash);
		ledger.record.no_reveals = ledger.record.no_reveals.saturating_add(1);
		ledger.record.strikes = ledger.record.strikes.saturating_add(1);
		Self::record_failure(who, ledger, true, now);
		Self::deposit_event(Event::Judged {
			task,
			item,
			annotator: who.clone(),
			verdict: Verdict::NoReveal,
			score: 0,
			paid: Zero::zero(),
			slashed,
		});
	}

	/// Judges every seat against the reference label, pays, penalizes and records the result;
	/// returns the review fee it set aside (for an item coming from review; zero otherwise).
	#[allow(clippy::too_many_arguments)]
	pub(crate) fn judge(
		task: TaskId,
		item: ItemId,
		t: &mut TaskOf<T>,
		it: &mut crate::ItemOf<T>,
		slots: SlotsOf<T>,
		reference: Reference,
		round: RoundIndex,
		stage: Stage,
	) -> Result<BalanceOf<T>, DispatchError> {
		let p = Parameters::<T>::get();
		let now = frame_system::Pallet::<T>::block_number();
		let escrow = Self::escrow_account(task);
		let schema = t.spec.schema;
		let reward = t.spec.reward_per_label;
		let bonus = t.spec.gold_bonus;
		let with_answer = !matches!(it.gold, Gold::None);
		// The bonus enters the slash's scale only where the collateral was sized for it.
		let slash_bonus = if t.spec.with_gold { bonus } else { Zero::zero() };
		let samples = ChanceSamples::<T>::get(task);
		let vendor = reputation::vendor_tag(&t.vendor);
		let (label, gold, bonus_all, overturned, reviewed) = match &reference {
			Reference::Decision { label, bonus, reviewed } => {
				(label.clone(), false, *bonus, false, *reviewed)
			}
			// Against the gold answer: scored as if it were a reviewed label.
			Reference::Gold { label, overturned } => {
				(label.clone(), true, false, *overturned, true)
			}
		};
		// A gold item's labels are scored against the gold answer, a reviewed item's against
		// the panel's label, the others against their peers.
		let votes: Vec<&Label> = slots.iter().filter_map(|s| s.label.as_ref()).collect();
		let peers = consensus::peer_agreement(&schema, &votes);
		let hit_of = |i: usize, given: &Label| -> Option<u32> {
			if reviewed {
				Some(if consensus::labels_agree(&schema, given, &label) {
					payout::ONE as u32
				} else {
					0
				})
			} else {
				peers.get(i).copied().flatten()
			}
		};
		let mean = t.mean_score;
		let mut revealed = 0usize;
		let mut paid = BalanceOf::<T>::zero();
		let (mut annotators, mut agreeing) = (0u32, 0u32);
		let (mut support, mut total) = (0u64, 0u64);
		let mut winners: Vec<T::AccountId> = Vec::new();
		for slot in slots.iter() {
			let who = &slot.annotator;
			let mut ledger = Stakes::<T>::get(who).unwrap_or_else(Self::empty_ledger);
			Self::drop_seat(&mut ledger, task, item);
			let Some(given) = &slot.label else {
				Self::penalize_no_show(task, item, who, &mut ledger, slot.collateral, now);
				Self::store_ledger(who, ledger);
				continue;
			};
			let weight = reputation::vote_weight(&ledger.record, &p) as u64;
			annotators = annotators.saturating_add(1);
			total = total.saturating_add(weight);
			let agrees = consensus::labels_agree(&schema, given, &label);
			// Without peers (the only label revealed), neither paid nor slashed.
			let hit = hit_of(revealed, given);
			revealed += 1;
			let raw = hit
				.map(|hit| payout::score(hit, payout::chance_of(&schema, given, item, &samples)));
			let scored = raw.is_some();
			let raw = raw.unwrap_or_default();
			// The running mean follows the peer-scored labels.
			if scored && !reviewed {
				payout::record_score(&mut t.mean_score, raw);
			}
			let score = payout::normalized(raw, mean);
			let base = payout::pay_for(score, reward, t.pay_cap_percent);
			let (verdict, pay, share) = match (gold, agrees) {
				// Gold items are judged on correctness alone: the reward and the bonus, or the
				// gold-fail slash.
				(true, true) => {
					(Verdict::GoldPassed, reward.saturating_add(bonus), Perbill::zero())
				}
				(true, false) => (Verdict::GoldFailed, Zero::zero(), p.gold_fail_slash),
				(false, agrees) => (
					if agrees { Verdict::Agreed } else { Verdict::Disagreed },
					if bonus_all && agrees { base.saturating_add(bonus) } else { base },
					payout::slash_share(score, reward, slash_bonus, t.pay_cap_percent),
				),
			};
			let rep = &mut ledger.record;
			rep.labels = rep.labels.saturating_add(1);
			if agrees {
				support = support.saturating_add(weight);
				agreeing = agreeing.saturating_add(1);
				rep.agreements = rep.agreements.saturating_add(1);
				winners.push(who.clone());
			} else {
				rep.disagreements = rep.disagreements.saturating_add(1);
			}
			match verdict {
				Verdict::GoldPassed => {
					reputation::credit_outcome(rep, vendor, true, p.gold_outcomes_per_vendor);
					Self::record_failure(who, &mut ledger, false, now);
				}
				Verdict::GoldFailed => {
					reputation::credit_outcome(rep, vendor, false, p.gold_outcomes_per_vendor);
					rep.strikes = rep.strikes.saturating_add(1);
					Self::record_failure(who, &mut ledger, true, now);
				}
				_ => (),
			}
			let slashed = Self::release_collateral(who, &mut ledger, slot.collateral, share);
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
				score,
				paid: pay,
				slashed,
			});
		}

		let budget = Self::item_budget(t, with_answer).unwrap_or_default();
		// A vendor's overturned gold answer: its bond goes to those who gave the right label.
		if overturned {
			let bond = Self::gold_bond(t).unwrap_or_default();
			if !winners.is_empty() && !bond.is_zero() {
				let share = bond / BalanceOf::<T>::from(winners.len() as u32);
				for who in winners.iter() {
					if !share.is_zero() {
						Self::pay_or_defer(task, t, &escrow, who, share);
						paid = paid.saturating_add(share);
					}
				}
				Self::deposit_event(Event::GoldOverturned {
					task,
					item,
					bond: share.saturating_mul(BalanceOf::<T>::from(winners.len() as u32)),
				});
			}
		}
		let fee = if stage == Stage::Disputed {
			Self::review_fee(t, with_answer).unwrap_or_default().min(budget.saturating_sub(paid))
		} else {
			Zero::zero()
		};
		t.reserved = t.reserved.saturating_add(fee);
		let refundable = budget.saturating_sub(paid).saturating_sub(fee);
		t.refundable = t.refundable.saturating_add(refundable);
		t.unsettled = t.unsettled.saturating_sub(1);
		if with_answer {
			t.unsettled_with_answer = t.unsettled_with_answer.saturating_sub(1);
		}
		match stage {
			Stage::Running => t.in_progress = t.in_progress.saturating_sub(1),
			Stage::Disputed => t.disputed = t.disputed.saturating_sub(1),
		}
		let agreement =
			if total == 0 { Perbill::zero() } else { Perbill::from_rational(support, total) };
		let is_gold = matches!(&it.gold, Gold::Answer(answer) if consensus::labels_agree(&schema, answer, &label));
		it.state = ItemState::Settled;
		it.result = Some(ItemResult {
			label: label.clone(),
			agreement,
			annotators,
			agreeing,
			gold: is_gold,
			by_dispute: stage == Stage::Disputed,
			round,
			paid,
			settled_at: now,
		});
		Slots::<T>::remove(task, item);
		Items::<T>::insert(task, item, &*it);
		Tasks::<T>::insert(task, &*t);
		Self::deposit_event(Event::ItemSettled { task, item, label, agreement, paid, refundable });
		Ok(fee)
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

/// `percent`% of `amount`, or `None` on overflow.
pub(crate) fn percent_of<B: sp_runtime::traits::AtLeast32BitUnsigned + Copy>(
	amount: B,
	percent: u32,
) -> Option<B> {
	let whole = amount / B::from(100u32);
	let part = amount % B::from(100u32);
	whole
		.checked_mul(&B::from(percent))?
		.checked_add(&(part.checked_mul(&B::from(percent))? / B::from(100u32)))
}
