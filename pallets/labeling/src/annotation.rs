//! Annotation: taking a slot of an item, committing to a label by hash, revealing it, and
//! denouncing a commitment whose preimage leaked before reveals opened.
//!
//! A round opens with the first slot: `commit_end = now + commit_window`, `reveal_end =
//! commit_end + reveal_window`. Slots can be taken until `commit_end` while fewer than
//! `redundancy` exist, one per account. Reveals open when the commit phase ends or every slot is
//! taken and committed.

use crate::{pallet::*, reputation, types::*, BalanceOf, SlotOf};
use codec::Encode;
use frame_support::ensure;
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

impl<T: Config> Pallet<T> {
	/// Whether `who` may take a slot of `task` now, and the collateral it would lock.
	pub(crate) fn check_eligible(
		who: &T::AccountId,
		task: &crate::TaskOf<T>,
		now: BlockNumberFor<T>,
	) -> Result<BalanceOf<T>, DispatchError> {
		let p = Parameters::<T>::get();
		let ledger = Stakes::<T>::get(who).ok_or(Error::<T>::NotStaked)?;
		if let Some(until) = ledger.suspended_until {
			ensure!(now >= until, Error::<T>::Suspended);
		}
		ensure!(
			ledger.bonded >= task.spec.min_stake.max(p.min_stake),
			Error::<T>::InsufficientStake
		);
		ensure!(
			ledger.bonded.saturating_sub(ledger.locked) >= p.slot_collateral,
			Error::<T>::InsufficientStake
		);
		ensure!(ledger.open_slots < p.max_open_slots, Error::<T>::TooManyOpenSlots);
		ensure!(
			reputation::vote_weight(&Reputations::<T>::get(who)) >= task.spec.min_reputation,
			Error::<T>::ReputationTooLow
		);
		Ok(p.slot_collateral)
	}

	/// Takes a slot of an item for `who`, opening a round if the item was pending.
	pub fn do_take_slot(who: &T::AccountId, task: TaskId, item: ItemId) -> DispatchResult {
		let mut t = Tasks::<T>::get(task).ok_or(Error::<T>::UnknownTask)?;
		ensure!(t.status == TaskStatus::Open, Error::<T>::TaskNotOpen);
		// The vendor knows the gold answers: labeling their own task would farm reputation.
		ensure!(&t.vendor != who, Error::<T>::VendorCannotAnnotate);
		let mut it = Items::<T>::get(task, item).ok_or(Error::<T>::UnknownItem)?;
		let now = frame_system::Pallet::<T>::block_number();
		let collateral = Self::check_eligible(who, &t, now)?;
		let mut slots = Slots::<T>::get(task, item);
		let (round, opened) = match it.state {
			ItemState::Pending { round } => {
				let commit_end = now.saturating_add(t.spec.commit_window);
				let reveal_end = commit_end.saturating_add(t.spec.reveal_window);
				(round, Some((commit_end, reveal_end)))
			}
			ItemState::Labeling { round, commit_end, .. } => {
				ensure!(now <= commit_end, Error::<T>::ItemNotOpen);
				(round, None)
			}
			_ => return Err(Error::<T>::ItemNotOpen.into()),
		};
		ensure!((slots.len() as u32) < t.spec.redundancy, Error::<T>::SlotsFull);
		ensure!(!slots.iter().any(|s| &s.annotator == who), Error::<T>::AlreadyHasSlot);
		let slot: SlotOf<T> =
			Slot { annotator: who.clone(), collateral, commitment: None, label: None };
		slots.try_push(slot).map_err(|_| Error::<T>::SlotsFull)?;

		if let Some((commit_end, reveal_end)) = opened {
			it.state = ItemState::Labeling { round, commit_end, reveal_end };
			t.pending = t.pending.saturating_sub(1);
			if !matches!(it.gold, Gold::None) {
				t.pending_with_answer = t.pending_with_answer.saturating_sub(1);
			}
			t.in_progress = t.in_progress.saturating_add(1);
			Items::<T>::insert(task, item, &it);
			Tasks::<T>::insert(task, &t);
			Self::deposit_event(Event::RoundOpened { task, item, round, commit_end, reveal_end });
		}
		Stakes::<T>::mutate(who, |ledger| {
			if let Some(l) = ledger {
				l.locked = l.locked.saturating_add(collateral);
				l.open_slots = l.open_slots.saturating_add(1);
				if l.suspended_until.is_some_and(|until| now >= until) {
					l.suspended_until = None;
				}
			}
		});
		Slots::<T>::insert(task, item, slots);
		Self::deposit_event(Event::SlotTaken {
			task,
			item,
			round,
			annotator: who.clone(),
			collateral,
		});
		Ok(())
	}

	/// Records `who`'s commitment for their slot of an item in its commit phase.
	pub fn do_commit(
		who: &T::AccountId,
		task: TaskId,
		item: ItemId,
		commitment: H256,
	) -> DispatchResult {
		let t = Tasks::<T>::get(task).ok_or(Error::<T>::UnknownTask)?;
		let it = Items::<T>::get(task, item).ok_or(Error::<T>::UnknownItem)?;
		let now = frame_system::Pallet::<T>::block_number();
		let mut slots = Slots::<T>::get(task, item);
		match it.state {
			ItemState::Labeling { commit_end, .. } if now <= commit_end => (),
			_ => return Err(Error::<T>::NotCommitPhase.into()),
		}
		ensure!(!Self::reveals_open(&t, &it.state, &slots, now), Error::<T>::NotCommitPhase);
		let slot = slots.iter_mut().find(|s| &s.annotator == who).ok_or(Error::<T>::NoSlot)?;
		ensure!(slot.commitment.is_none(), Error::<T>::AlreadyCommitted);
		slot.commitment = Some(commitment);
		Slots::<T>::insert(task, item, slots);
		Self::deposit_event(Event::Committed { task, item, annotator: who.clone(), commitment });
		Ok(())
	}

	/// Reveals `who`'s label; returns whether the item settled as a result.
	pub fn do_reveal(
		who: &T::AccountId,
		task: TaskId,
		item: ItemId,
		label: Label,
		salt: [u8; 32],
	) -> Result<bool, DispatchError> {
		let t = Tasks::<T>::get(task).ok_or(Error::<T>::UnknownTask)?;
		let it = Items::<T>::get(task, item).ok_or(Error::<T>::UnknownItem)?;
		let now = frame_system::Pallet::<T>::block_number();
		let mut slots = Slots::<T>::get(task, item);
		ensure!(Self::reveals_open(&t, &it.state, &slots, now), Error::<T>::NotRevealPhase);
		let ItemState::Labeling { round, .. } = it.state else {
			return Err(Error::<T>::NotRevealPhase.into());
		};
		let slot = slots.iter_mut().find(|s| &s.annotator == who).ok_or(Error::<T>::NoSlot)?;
		let commitment = slot.commitment.ok_or(Error::<T>::NotCommitted)?;
		ensure!(slot.label.is_none(), Error::<T>::AlreadyRevealed);
		ensure!(
			commitment_of(task, item, round, who, &label, &salt) == commitment,
			Error::<T>::CommitmentMismatch
		);
		ensure!(crate::consensus::label_is_valid(&t.spec.schema, &label), Error::<T>::InvalidLabel);
		slot.label = Some(label.clone());
		Slots::<T>::insert(task, item, &slots);
		Stakes::<T>::mutate(who, |ledger| {
			if let Some(l) = ledger {
				l.open_slots = l.open_slots.saturating_sub(1);
			}
		});
		Self::deposit_event(Event::Revealed { task, item, annotator: who.clone(), label });
		if Self::all_revealed(&t, &it, &slots, now) {
			Self::settle_round(task, item)?;
			return Ok(true);
		}
		Ok(false)
	}

	/// Whether an item can settle before its reveal phase ends: every slot revealed, the
	/// slots full or the commit phase over, and no answer commitment waiting to be revealed.
	pub(crate) fn all_revealed(
		t: &crate::TaskOf<T>,
		it: &crate::ItemOf<T>,
		slots: &crate::SlotsOf<T>,
		now: BlockNumberFor<T>,
	) -> bool {
		let ItemState::Labeling { commit_end, .. } = it.state else { return false };
		!slots.is_empty()
			&& slots.iter().all(|s| s.label.is_some())
			&& (slots.len() as u32 == t.spec.redundancy || now > commit_end)
			&& !matches!(it.gold, Gold::Committed(_))
	}

	/// Slashes `annotator` for a commitment whose preimage `denouncer` published before
	/// reveals opened, frees the slot, and pays the denouncer a share of the slash.
	pub fn do_denounce(
		denouncer: &T::AccountId,
		task: TaskId,
		item: ItemId,
		annotator: &T::AccountId,
		label: Label,
		salt: [u8; 32],
	) -> DispatchResult {
		ensure!(denouncer != annotator, Error::<T>::CannotDenounceSelf);
		let t = Tasks::<T>::get(task).ok_or(Error::<T>::UnknownTask)?;
		let it = Items::<T>::get(task, item).ok_or(Error::<T>::UnknownItem)?;
		let now = frame_system::Pallet::<T>::block_number();
		let mut slots = Slots::<T>::get(task, item);
		let round = match it.state {
			ItemState::Labeling { round, commit_end, .. } if now <= commit_end => round,
			_ => return Err(Error::<T>::NotCommitPhase.into()),
		};
		ensure!(!Self::reveals_open(&t, &it.state, &slots, now), Error::<T>::NotCommitPhase);
		let index =
			slots.iter().position(|s| &s.annotator == annotator).ok_or(Error::<T>::NoSlot)?;
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
		ledger.open_slots = ledger.open_slots.saturating_sub(1);
		let mut rep = Reputations::<T>::get(annotator);
		rep.strikes = rep.strikes.saturating_add(1);
		Self::record_failure_rate(annotator, &mut rep, &mut ledger, true, now);
		Reputations::<T>::insert(annotator, rep);
		Self::store_ledger(annotator, ledger);
		Slots::<T>::insert(task, item, slots);
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
			open_slots: 0,
			suspended_until: None,
		}
	}

	/// Stores a ledger, or removes it when nothing is left in it.
	pub(crate) fn store_ledger(who: &T::AccountId, ledger: crate::StakeLedgerOf<T>) {
		let empty = ledger.bonded.is_zero()
			&& ledger.locked.is_zero()
			&& ledger.unbonding.is_empty()
			&& ledger.open_slots == 0
			&& ledger.suspended_until.is_none();
		if empty {
			Stakes::<T>::remove(who);
		} else {
			Stakes::<T>::insert(who, ledger);
		}
	}

	/// Records a settled label in the failure-rate window; over the limit, slashes the
	/// suspension share of all stake and suspends the annotator.
	pub(crate) fn record_failure_rate(
		who: &T::AccountId,
		rep: &mut Reputation,
		ledger: &mut crate::StakeLedgerOf<T>,
		failed: bool,
		now: BlockNumberFor<T>,
	) {
		let p = Parameters::<T>::get();
		if reputation::record_outcome(rep, failed, p.failure_window, p.max_failure_rate) {
			let total = Self::ledger_total(ledger);
			let slashed = Self::slash_ledger(who, ledger, p.suspension_slash.mul_floor(total));
			let until = now.saturating_add(p.suspension_period);
			ledger.suspended_until = Some(until);
			rep.suspensions = rep.suspensions.saturating_add(1);
			Self::deposit_event(Event::Suspended { who: who.clone(), slashed, until });
		}
	}
}
