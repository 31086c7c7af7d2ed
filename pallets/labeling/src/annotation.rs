//! Annotation: committing to a label by hash, revealing it, and denouncing a commitment whose
//! preimage leaked before reveals opened.
//!
//! A stage of an item's round opens with its first seat ([`seating`](crate::seating)):
//! `commit_end = clock + commit_window`, `reveal_end = commit_end + reveal_window`, on the
//! window clock ([`clock`](crate::clock)), which does not count congested blocks. Reveals open
//! when the commit phase ends or every seat of the stage is taken and committed; the last
//! reveal of a full stage closes it ([`settlement`](crate::settlement)).

use crate::{pallet::*, reputation, types::*};
use codec::Encode;
use frame_support::{ensure, traits::Get, weights::Weight};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_core::H256;
use sp_runtime::{
	traits::{Saturating, Zero},
	DispatchError, DispatchResult,
};

/// The commitment to `label` for `round` of item `item` of task `task` by `who`:
/// `blake2_256("labelchain/commit" ‖ task ‖ item ‖ round ‖ who ‖ SCALE(label) ‖ salt)`, integers
/// as 4-byte little-endian. Binding the account and round means a commitment cannot be copied
/// by another annotator or replayed in a later round; one commitment per slot means it cannot
/// be swapped for another chosen later.
pub fn commitment_of<AccountId: Encode>(
	task: TaskId,
	item: ItemId,
	round: RoundIndex,
	who: &AccountId,
	label: &Label,
	salt: &[u8; 32],
) -> H256 {
	let mut data = b"labelchain/commit".to_vec();
	task.encode_to(&mut data);
	item.encode_to(&mut data);
	round.encode_to(&mut data);
	who.encode_to(&mut data);
	label.encode_to(&mut data);
	data.extend_from_slice(salt);
	H256(sp_io::hashing::blake2_256(&data))
}

/// What a reveal did that its weight depends on.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Revealed {
	/// What closing the item's stage weighed when the reveal closed it (by its seats and
	/// labels, less what the reveal already read and wrote:
	/// [`Pallet::close_after_reveal_weight`]); `None` when it closed nothing.
	pub closing: Option<Weight>,
	/// The size of the task's labels ([`label_size`](crate::settlement::label_size)), which a
	/// reveal's weight grows with.
	pub size: u32,
	/// The item's seats were written earlier in the block
	/// ([`Pallet::seats_written_earlier_weight`] is refunded).
	pub written_earlier: bool,
}

/// What a batch of reveals did that its weight depends on.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct RevealedBatch {
	/// The stages it closed, each as [`Revealed::closing`], a later close of a task less what
	/// it shares with the first ([`Pallet::close_shared_weight`]).
	pub closing: Weight,
	/// The largest label size of its tasks.
	pub size: u32,
	/// The refund for its items whose seats were written earlier in the block.
	pub refund: Weight,
}

impl<T: Config> Pallet<T> {
	/// Whether the reveal phase of an item's running stage is open at window-clock time `now`:
	/// its commit phase is over, or every seat of the stage is taken and committed, and its
	/// reveal phase has not ended.
	pub fn reveals_open(
		t: &crate::TaskOf<T>,
		state: &ItemState<BlockNumberFor<T>>,
		slots: &crate::SlotsOf<T>,
		now: BlockNumberFor<T>,
	) -> bool {
		match state {
			ItemState::Labeling { stage, commit_end, reveal_end, .. } => {
				now <= *reveal_end
					&& (now > *commit_end || {
						let seats = slots.iter().filter(|s| s.stage == *stage);
						seats.clone().count() as u32 == Self::stage_size(t, *stage)
							&& seats.clone().all(|s| s.commitment.is_some())
					})
			}
			_ => false,
		}
	}

	/// Whether an item's running stage can close before its reveal phase ends: every seat
	/// of the stage taken (or the commit phase over, at window-clock time `now`) and every
	/// one revealed.
	pub(crate) fn stage_complete(
		t: &crate::TaskOf<T>,
		it: &crate::ItemOf<T>,
		slots: &crate::SlotsOf<T>,
		now: BlockNumberFor<T>,
	) -> bool {
		let ItemState::Labeling { stage, commit_end, .. } = it.state else { return false };
		let seats = slots.iter().filter(|s| s.stage == stage);
		let taken = seats.clone().count() as u32;
		taken > 0
			&& seats.clone().all(|s| s.label.is_some())
			&& (taken == Self::stage_size(t, stage) || now > commit_end)
	}

	/// Whether an item's seats were written earlier in the current block: one of them changed
	/// in it ([`Slot::updated`]). Every write of an item's seats by a commit, a reveal or a draw
	/// marks the seat it changed, so a seat changed in this block means the seats' key is
	/// already in the block's overlay.
	pub(crate) fn seats_written_in_block(slots: &crate::SlotsOf<T>) -> bool {
		let now = frame_system::Pallet::<T>::block_number();
		slots.iter().any(|s| s.updated == now)
	}

	/// What a commit or a reveal is refunded when its item's seats were written earlier in the
	/// same block ([`Self::seats_written_in_block`]): the read and the write of the seats its
	/// benchmark counts. The key is then in the block's overlay: the read is served from it and
	/// the write changes it there, and the database writes the key once, at the end of the
	/// block, for the first writer, which was charged. Three annotators of an item commit (and
	/// reveal) within a block or two of each other; without this, the item's seats were
	/// charged as written six times.
	pub fn seats_written_earlier_weight() -> Weight {
		T::DbWeight::get().reads_writes(1, 1)
	}

	/// Records `who`'s commitment for their seat of an item's running stage; returns whether
	/// the item's seats had been written earlier in the block
	/// ([`Self::seats_written_earlier_weight`] is refunded).
	pub fn do_commit(
		who: &T::AccountId,
		task: TaskId,
		item: ItemId,
		commitment: H256,
	) -> Result<bool, DispatchError> {
		let t = Tasks::<T>::get(task).ok_or(Error::<T>::UnknownTask)?;
		let it = Items::<T>::get(task, item).ok_or(Error::<T>::UnknownItem)?;
		let now = Self::window_clock();
		let mut slots = Slots::<T>::get(task, item);
		let written = Self::seats_written_in_block(&slots);
		let stage = match it.state {
			ItemState::Labeling { stage, commit_end, .. } if now <= commit_end => stage,
			_ => return Err(Error::<T>::NotCommitPhase.into()),
		};
		ensure!(!Self::reveals_open(&t, &it.state, &slots, now), Error::<T>::NotCommitPhase);
		let slot = slots
			.iter_mut()
			.find(|s| &s.annotator == who && s.stage == stage)
			.ok_or(Error::<T>::NoSlot)?;
		ensure!(slot.commitment.is_none(), Error::<T>::AlreadyCommitted);
		slot.commitment = Some(commitment);
		slot.updated = frame_system::Pallet::<T>::block_number();
		Slots::<T>::insert(task, item, slots);
		Self::deposit_event(Event::Committed { task, item, annotator: who.clone(), commitment });
		Ok(written)
	}

	/// Checks, without writing anything, that `who` may reveal `label` with `salt` on an item
	/// now: reveals are open, `who` holds a committed, unrevealed seat of the running stage,
	/// the label and salt open that commitment and the label fits the schema. Returns the
	/// task, item, slots and the seat's index for [`Self::do_reveal`]. The transaction
	/// extension [`CheckReveal`](crate::extension::CheckReveal) runs it at validation, so a
	/// reveal that would fail here never reaches a block (its label and salt stay private).
	pub fn check_reveal(
		who: &T::AccountId,
		task: TaskId,
		item: ItemId,
		label: &Label,
		salt: &[u8; 32],
	) -> Result<(crate::TaskOf<T>, crate::ItemOf<T>, crate::SlotsOf<T>, usize), DispatchError> {
		let t = Tasks::<T>::get(task).ok_or(Error::<T>::UnknownTask)?;
		let it = Items::<T>::get(task, item).ok_or(Error::<T>::UnknownItem)?;
		let now = Self::window_clock();
		let slots = Slots::<T>::get(task, item);
		ensure!(Self::reveals_open(&t, &it.state, &slots, now), Error::<T>::NotRevealPhase);
		let ItemState::Labeling { round, stage, .. } = it.state else {
			return Err(Error::<T>::NotRevealPhase.into());
		};
		let seat = slots
			.iter()
			.position(|s| &s.annotator == who && s.stage == stage)
			.ok_or(Error::<T>::NoSlot)?;
		let slot = slots.get(seat).ok_or(Error::<T>::NoSlot)?;
		let commitment = slot.commitment.ok_or(Error::<T>::NotCommitted)?;
		ensure!(slot.label.is_none(), Error::<T>::AlreadyRevealed);
		ensure!(
			commitment_of(task, item, round, who, label, salt) == commitment,
			Error::<T>::CommitmentMismatch
		);
		ensure!(crate::consensus::label_is_valid(&t.spec.schema, label), Error::<T>::InvalidLabel);
		Ok((t, it, slots, seat))
	}

	/// Reveals `who`'s label; returns what its weight depends on ([`Revealed`]).
	pub fn do_reveal(
		who: &T::AccountId,
		task: TaskId,
		item: ItemId,
		label: Label,
		salt: [u8; 32],
	) -> Result<Revealed, DispatchError> {
		let any = CloseBound::largest(T::MaxSeats::get());
		Self::do_reveal_within(who, task, item, label, salt, &any)
	}

	/// Checks that the item of a reveal checked by [`Self::check_reveal`] (`t`, `slots`) is
	/// within a batch's [`CloseBound`]: no more seats, no larger labels. The item's seats are
	/// fixed while the reveal waits (a stage seats nobody once reveals open, and it cannot
	/// close without this seat's reveal), and its task's schema never changes, so a batch the
	/// pool admitted passes again in its block.
	fn ensure_within(
		t: &crate::TaskOf<T>,
		slots: &crate::SlotsOf<T>,
		bound: &CloseBound,
	) -> DispatchResult {
		ensure!(
			slots.len() as u32 <= bound.seats &&
				crate::settlement::label_size(&t.spec.schema) <= bound.boxes,
			Error::<T>::CloseAboveBound
		);
		Ok(())
	}

	/// [`Self::do_reveal`] within `bound` ([`Self::ensure_within`]).
	fn do_reveal_within(
		who: &T::AccountId,
		task: TaskId,
		item: ItemId,
		label: Label,
		salt: [u8; 32],
		bound: &CloseBound,
	) -> Result<Revealed, DispatchError> {
		let (t, it, mut slots, seat) = Self::check_reveal(who, task, item, &label, &salt)?;
		Self::ensure_within(&t, &slots, bound)?;
		let size = crate::settlement::label_size(&t.spec.schema);
		let now = Self::window_clock();
		let written_earlier = Self::seats_written_in_block(&slots);
		let slot = slots.get_mut(seat).ok_or(Error::<T>::NoSlot)?;
		slot.label = Some(label.clone());
		slot.updated = frame_system::Pallet::<T>::block_number();
		Slots::<T>::insert(task, item, &slots);
		ChanceSamples::<T>::mutate(task, |samples| {
			crate::payout::record_revealed(samples, item, &label)
		});
		Self::deposit_event(Event::Revealed { task, item, annotator: who.clone(), label });
		let mut closing = None;
		if Self::stage_complete(&t, &it, &slots, now) {
			closing = Some(
				Self::close_weight(&t, &slots).saturating_sub(Self::close_after_reveal_weight()),
			);
			Self::close_stage(task, item)?;
		}
		Ok(Revealed { closing, size, written_earlier })
	}

	/// A batch names at least one item and no item twice.
	fn ensure_batch(items: impl Iterator<Item = (TaskId, ItemId)>) -> DispatchResult {
		let mut seen: alloc::vec::Vec<(TaskId, ItemId)> = items.collect();
		ensure!(!seen.is_empty(), Error::<T>::EmptyBatch);
		seen.sort_unstable();
		ensure!(seen.windows(2).all(|w| w[0] != w[1]), Error::<T>::DuplicateInBatch);
		Ok(())
	}

	/// Records `who`'s commitments of a batch, in order; all or nothing (the call's storage
	/// layer rolls back every entry when one fails). Returns how many entries' items had their
	/// seats written earlier in the block ([`Self::seats_written_earlier_weight`] each).
	pub fn do_commit_many(
		who: &T::AccountId,
		commitments: &[SealedLabel],
	) -> Result<u32, DispatchError> {
		Self::ensure_batch(commitments.iter().map(|c| (c.task, c.item)))?;
		let mut written_earlier = 0u32;
		for c in commitments {
			if Self::do_commit(who, c.task, c.item, c.commitment)? {
				written_earlier.saturating_inc();
			}
		}
		Ok(written_earlier)
	}

	/// Checks, without writing anything, that every reveal of a batch would go through: the
	/// batch is not empty, names no item twice, and each entry passes [`Self::check_reveal`]
	/// within `bound` ([`Self::ensure_within`]).
	/// Entries are about distinct items, and a reveal (or the stage it closes) changes only
	/// its own item, so entries that pass one by one pass in sequence. `CheckReveal` runs it
	/// at validation: a batch with one bad entry would otherwise be included, failed, with
	/// every other entry's label and salt in the clear.
	pub fn check_reveal_many(
		who: &T::AccountId,
		reveals: &[OpenedLabel],
		bound: &CloseBound,
	) -> DispatchResult {
		Self::ensure_batch(reveals.iter().map(|r| (r.task, r.item)))?;
		for r in reveals {
			let (t, _, slots, _) = Self::check_reveal(who, r.task, r.item, &r.label, &r.salt)?;
			Self::ensure_within(&t, &slots, bound)?;
		}
		Ok(())
	}

	/// Reveals `who`'s labels of a batch within `bound`, in order; all or nothing. Returns the
	/// weight of the stages the reveals closed (each by its number of seats, a close after the
	/// first of the same task less what the two share), the largest label size of the batch's
	/// tasks (what the reveals themselves are charged by) and what is refunded for items whose
	/// seats were written earlier in the block.
	pub fn do_reveal_many(
		who: &T::AccountId,
		reveals: frame_support::BoundedVec<OpenedLabel, T::MaxItemsPerBatch>,
		bound: &CloseBound,
	) -> Result<RevealedBatch, DispatchError> {
		Self::ensure_batch(reveals.iter().map(|r| (r.task, r.item)))?;
		let mut closing = Weight::zero();
		let mut largest = 1u32;
		let mut refund = Weight::zero();
		// Tasks whose stages this batch closed already: a later close of the same task finds
		// what they share in the block's overlay ([`Self::close_shared_weight`]).
		let mut closed_tasks: alloc::vec::Vec<TaskId> = alloc::vec::Vec::new();
		for r in reveals {
			let Revealed { closing: closed, size, written_earlier } =
				Self::do_reveal_within(who, r.task, r.item, r.label, r.salt, bound)?;
			if written_earlier {
				refund.saturating_accrue(Self::seats_written_earlier_weight());
			}
			if let Some(weight) = closed {
				let weight = if closed_tasks.contains(&r.task) {
					weight.saturating_sub(Self::close_shared_weight())
				} else {
					closed_tasks.push(r.task);
					weight
				};
				closing.saturating_accrue(weight);
			}
			largest = largest.max(size);
		}
		Ok(RevealedBatch { closing, size: largest, refund })
	}

	/// Slashes `annotator` for a commitment whose preimage `denouncer` published before
	/// reveals opened, frees the seat for someone else, and pays the denouncer a share of the
	/// slash.
	pub fn do_denounce(
		denouncer: &T::AccountId,
		task: TaskId,
		item: ItemId,
		annotator: &T::AccountId,
		label: Label,
		salt: [u8; 32],
	) -> DispatchResult {
		ensure!(denouncer != annotator, Error::<T>::CannotDenounceSelf);
		let mut t = Tasks::<T>::get(task).ok_or(Error::<T>::UnknownTask)?;
		let it = Items::<T>::get(task, item).ok_or(Error::<T>::UnknownItem)?;
		let now = frame_system::Pallet::<T>::block_number();
		let clock = Self::window_clock();
		let mut slots = Slots::<T>::get(task, item);
		let (round, stage) = match it.state {
			ItemState::Labeling { round, stage, commit_end, .. } if clock <= commit_end => {
				(round, stage)
			}
			_ => return Err(Error::<T>::NotCommitPhase.into()),
		};
		ensure!(!Self::reveals_open(&t, &it.state, &slots, clock), Error::<T>::NotCommitPhase);
		let index = slots
			.iter()
			.position(|s| &s.annotator == annotator && s.stage == stage)
			.ok_or(Error::<T>::NoSlot)?;
		let commitment = slots[index].commitment.ok_or(Error::<T>::NotCommitted)?;
		ensure!(
			commitment_of(task, item, round, annotator, &label, &salt) == commitment,
			Error::<T>::CommitmentMismatch
		);
		let slot = slots.remove(index);
		let p = Parameters::<T>::get();
		let mut ledger = Stakes::<T>::get(annotator).unwrap_or_else(Self::empty_ledger);
		let slashed =
			Self::release_collateral(annotator, &mut ledger, slot.collateral, p.leak_slash);
		Self::drop_seat(&mut ledger, task, item);
		ledger.record.strikes = ledger.record.strikes.saturating_add(1);
		Self::record_failure(annotator, &mut ledger, true, now);
		Self::store_ledger(annotator, ledger);
		Slots::<T>::insert(task, item, slots);
		// The seat is free again while the commit phase runs.
		if t.status == TaskStatus::Open {
			Self::reopen(task, &mut t, item);
			Tasks::<T>::insert(task, &t);
		}
		let reward = Self::pay_from_pot(denouncer, p.denounce_reward.mul_floor(slashed))?;
		Self::deposit_event(Event::Denounced {
			task,
			item,
			annotator: annotator.clone(),
			denouncer: denouncer.clone(),
			slashed,
			reward,
		});
		Ok(())
	}

	/// A ledger with nothing in it.
	pub(crate) fn empty_ledger() -> crate::StakeLedgerOf<T> {
		StakeLedger {
			bonded: Zero::zero(),
			locked: Zero::zero(),
			unbonding: Default::default(),
			seats: Default::default(),
			requested: 0,
			suspended_until: None,
			record: Reputation::default(),
			updated: Default::default(),
		}
	}

	/// Whether a ledger holds no stake: nothing bonded, locked or leaving, no seat held or
	/// requested, and no running suspension (withdrawing everything must not erase one).
	pub fn stake_is_empty(ledger: &crate::StakeLedgerOf<T>) -> bool {
		ledger.bonded.is_zero()
			&& ledger.locked.is_zero()
			&& ledger.unbonding.is_empty()
			&& ledger.seats.is_empty()
			&& ledger.requested == 0
			&& ledger.suspended_until.is_none()
	}

	/// `who`'s ledger if it holds any stake ([`Self::stake_is_empty`]): what the staking calls
	/// act on. A ledger left with only a track record is, to them, no ledger.
	pub(crate) fn staked_ledger(
		who: &T::AccountId,
	) -> Result<crate::StakeLedgerOf<T>, DispatchError> {
		Stakes::<T>::get(who)
			.filter(|ledger| !Self::stake_is_empty(ledger))
			.ok_or_else(|| Error::<T>::NotStaked.into())
	}

	/// `who`'s track record (empty for an account that never held a seat, or forgot its record).
	pub fn record_of(who: &T::AccountId) -> Reputation {
		Stakes::<T>::get(who).map(|ledger| ledger.record).unwrap_or_default()
	}

	/// Replaces `who`'s track record (for tests and benchmarks that start from a given record).
	#[cfg(any(feature = "std", feature = "runtime-benchmarks"))]
	pub fn insert_record(who: &T::AccountId, record: Reputation) {
		let mut ledger = Stakes::<T>::get(who).unwrap_or_else(Self::empty_ledger);
		ledger.record = record;
		Self::store_ledger(who, ledger);
	}

	/// Stores a ledger, or removes it when nothing is left in it: no stake and an empty record.
	pub(crate) fn store_ledger(who: &T::AccountId, ledger: crate::StakeLedgerOf<T>) {
		if Self::stake_is_empty(&ledger) && ledger.record == Reputation::default() {
			Stakes::<T>::remove(who);
		} else {
			Self::put_ledger(who, ledger);
		}
	}

	/// Writes a ledger, marked as written in the current block ([`StakeLedger::updated`]).
	pub(crate) fn put_ledger(who: &T::AccountId, mut ledger: crate::StakeLedgerOf<T>) {
		ledger.updated = frame_system::Pallet::<T>::block_number();
		Stakes::<T>::insert(who, ledger);
	}

	/// Records one outcome in the suspension score (`failed`, or a gold pass when not); at the
	/// threshold, suspends the annotator for `suspension_period`.
	pub(crate) fn record_failure(
		who: &T::AccountId,
		ledger: &mut crate::StakeLedgerOf<T>,
		failed: bool,
		now: BlockNumberFor<T>,
	) {
		let p = Parameters::<T>::get();
		if reputation::record_risk(&mut ledger.record, failed, &p) {
			let until = now.saturating_add(p.suspension_period);
			ledger.suspended_until = Some(until);
			ledger.record.suspensions = ledger.record.suspensions.saturating_add(1);
			Self::deposit_event(Event::Suspended { who: who.clone(), until });
		}
	}
}
