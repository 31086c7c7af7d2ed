//! Slots, commitments, reveals and denunciations.

use super::*;
use crate::Error;
use frame_support::{assert_noop, assert_ok};

#[test]
fn taking_a_slot_opens_a_round_and_locks_collateral() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		assert_ok!(Labeling::take_slot(RuntimeOrigin::signed(A), task, 0));
		assert_eq!(
			Items::<Test>::get(task, 0).unwrap().state,
			ItemState::Labeling { round: 0, commit_end: 11, reveal_end: 21 }
		);
		assert_eq!((ledger(A).locked, ledger(A).open_slots), (50, 1));
		let t = Tasks::<Test>::get(task).unwrap();
		assert_eq!((t.pending, t.in_progress), (0, 1));
		assert!(labeling_events().contains(&Event::RoundOpened {
			task,
			item: 0,
			round: 0,
			commit_end: 11,
			reveal_end: 21
		}));
	});
}

#[test]
fn take_slot_errors() {
	run_test(|| {
		let task = create(vec![item(1), item(2)]);
		let take = |who, t, i| Labeling::take_slot(RuntimeOrigin::signed(who), t, i);
		assert_noop!(take(A, 9, 0), Error::<Test>::UnknownTask);
		assert_noop!(take(A, task, 9), Error::<Test>::UnknownItem);
		assert_noop!(take(A, task, 0), Error::<Test>::NotStaked);
		bond(A, 99);
		assert_noop!(take(A, task, 0), Error::<Test>::InsufficientStake);
		bond(A, 1);
		// 100 bonded: one slot's collateral of 50 fits, a third does not.
		assert_ok!(take(A, task, 0));
		assert_noop!(take(A, task, 0), Error::<Test>::AlreadyHasSlot);
		assert_ok!(take(A, task, 1));
		let third = create(vec![item(3)]);
		assert_noop!(take(A, third, 0), Error::<Test>::InsufficientStake);
		for who in [B, C, D] {
			bond(who, 1_000);
		}
		assert_ok!(take(B, task, 0));
		assert_ok!(take(C, task, 0));
		assert_noop!(take(D, task, 0), Error::<Test>::SlotsFull);
		// After the commit phase the item takes no slots.
		run_to_block(12);
		assert_noop!(take(D, task, 1), Error::<Test>::ItemNotOpen);
		// A task asking for more stake than D has, or more reputation.
		let rich = create_with(TaskSpec { min_stake: 2_000, ..spec() }, vec![item(4)]);
		assert_noop!(take(D, rich, 0), Error::<Test>::InsufficientStake);
		let expert = create_with(TaskSpec { min_reputation: 1_500_000, ..spec() }, vec![item(5)]);
		assert_noop!(take(D, expert, 0), Error::<Test>::ReputationTooLow);
		// The vendor knows the gold answers of their own task.
		bond(E, 1_000);
		assert_ok!(Assets::transfer(RuntimeOrigin::signed(OTHER_VENDOR), USD, E, 10_000));
		let own = Labeling::do_create_task(E, spec(), vec![item(6)]).unwrap();
		assert_noop!(take(E, own, 0), Error::<Test>::VendorCannotAnnotate);
		assert!(Labeling::api_open_slots(&E, own, 0, 10).is_empty());
	});
}

#[test]
fn open_slots_are_capped_per_account() {
	run_test(|| {
		bond(A, 5_000);
		let task = create((0..5).map(item).collect());
		for i in 0..4 {
			assert_ok!(Labeling::take_slot(RuntimeOrigin::signed(A), task, i));
		}
		assert_noop!(
			Labeling::take_slot(RuntimeOrigin::signed(A), task, 4),
			Error::<Test>::TooManyOpenSlots
		);
		// Revealing frees a place under the cap.
		let c = commitment(A, task, 0, &CAT);
		assert_ok!(Labeling::commit(RuntimeOrigin::signed(A), task, 0, c));
		run_to_block(12);
		assert_ok!(reveal(A, task, 0, &CAT));
		assert_eq!(ledger(A).open_slots, 3);
	});
}

#[test]
fn commit_errors() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		let h = H256::repeat_byte(1);
		assert_noop!(
			Labeling::commit(RuntimeOrigin::signed(A), 9, 0, h),
			Error::<Test>::UnknownTask
		);
		assert_noop!(
			Labeling::commit(RuntimeOrigin::signed(A), task, 9, h),
			Error::<Test>::UnknownItem
		);
		// Pending item: no round yet.
		assert_noop!(
			Labeling::commit(RuntimeOrigin::signed(A), task, 0, h),
			Error::<Test>::NotCommitPhase
		);
		assert_ok!(Labeling::take_slot(RuntimeOrigin::signed(A), task, 0));
		assert_noop!(Labeling::commit(RuntimeOrigin::signed(B), task, 0, h), Error::<Test>::NoSlot);
		assert_ok!(Labeling::commit(RuntimeOrigin::signed(A), task, 0, h));
		// One commitment per slot: it cannot be swapped for one chosen later.
		assert_noop!(
			Labeling::commit(RuntimeOrigin::signed(A), task, 0, H256::repeat_byte(2)),
			Error::<Test>::AlreadyCommitted
		);
		assert_ok!(Labeling::take_slot(RuntimeOrigin::signed(B), task, 0));
		run_to_block(12);
		assert_noop!(
			Labeling::commit(RuntimeOrigin::signed(B), task, 0, h),
			Error::<Test>::NotCommitPhase
		);
	});
}

#[test]
fn reveals_open_early_once_every_slot_is_committed() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		commit(A, task, 0, &CAT);
		commit(B, task, 0, &CAT);
		assert_noop!(reveal(A, task, 0, &CAT), Error::<Test>::NotRevealPhase);
		commit(C, task, 0, &CAT);
		assert_ok!(reveal(A, task, 0, &CAT));
	});
}

#[test]
fn reveal_errors() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		commit(A, task, 0, &CAT);
		commit(B, task, 0, &CAT);
		assert_ok!(Labeling::take_slot(RuntimeOrigin::signed(C), task, 0));
		run_to_block(12);
		assert_noop!(reveal(D, task, 0, &CAT), Error::<Test>::NoSlot);
		assert_noop!(reveal(C, task, 0, &CAT), Error::<Test>::NotCommitted);
		// Wrong label, wrong salt.
		assert_noop!(reveal(A, task, 0, &DOG), Error::<Test>::CommitmentMismatch);
		assert_noop!(
			Labeling::reveal(RuntimeOrigin::signed(A), task, 0, CAT, [0u8; 32]),
			Error::<Test>::CommitmentMismatch
		);
		assert_noop!(reveal(A, 9, 0, &CAT), Error::<Test>::UnknownTask);
		assert_noop!(reveal(A, task, 9, &CAT), Error::<Test>::UnknownItem);
		assert_ok!(reveal(A, task, 0, &CAT));
		assert_noop!(reveal(A, task, 0, &CAT), Error::<Test>::AlreadyRevealed);
		// After the reveal phase nothing can be revealed.
		run_to_block(22);
		assert_noop!(reveal(B, task, 0, &CAT), Error::<Test>::NotRevealPhase);
	});
}

#[test]
fn a_label_outside_the_schema_cannot_be_revealed() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		let bad = Label::Class(3);
		commit(A, task, 0, &bad);
		run_to_block(12);
		assert_noop!(reveal(A, task, 0, &bad), Error::<Test>::InvalidLabel);
		assert_noop!(reveal(A, task, 0, &Label::Classes(1)), Error::<Test>::CommitmentMismatch);
	});
}

#[test]
fn a_commitment_cannot_be_copied_by_another_account_or_replayed_in_another_round() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		commit(A, task, 0, &CAT);
		// B copies A's commitment from the chain.
		let copied = commitment(A, task, 0, &CAT);
		assert_ok!(Labeling::take_slot(RuntimeOrigin::signed(B), task, 0));
		assert_ok!(Labeling::commit(RuntimeOrigin::signed(B), task, 0, copied));
		run_to_block(12);
		assert_ok!(reveal(A, task, 0, &CAT));
		// Even with A's label and salt in hand, B's copy does not open for B.
		assert_noop!(
			Labeling::reveal(RuntimeOrigin::signed(B), task, 0, CAT, salt_of(A)),
			Error::<Test>::CommitmentMismatch
		);
		// One reveal of three: the round is void; round 1 needs a commitment to round 1.
		run_to_block(22);
		assert_ok!(Labeling::settle(RuntimeOrigin::signed(OUTSIDER), task, 0));
		assert_eq!(round_of(task, 0), 1);
		let old = commitment_of(task, 0, 0, &A, &CAT, &salt_of(A));
		assert_ok!(Labeling::take_slot(RuntimeOrigin::signed(A), task, 0));
		assert_ok!(Labeling::commit(RuntimeOrigin::signed(A), task, 0, old));
		run_to_block(33);
		assert_noop!(reveal(A, task, 0, &CAT), Error::<Test>::CommitmentMismatch);
	});
}

#[test]
fn a_leaked_commitment_is_slashed_and_the_denouncer_rewarded() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		commit(A, task, 0, &CAT);
		let denounce = |who, annotator, label: Label, salt| {
			Labeling::denounce(RuntimeOrigin::signed(who), task, 0, annotator, label, salt)
		};
		assert_noop!(denounce(A, A, CAT, salt_of(A)), Error::<Test>::CannotDenounceSelf);
		assert_noop!(denounce(D, A, DOG, salt_of(A)), Error::<Test>::CommitmentMismatch);
		assert_noop!(denounce(D, B, CAT, salt_of(B)), Error::<Test>::NoSlot);
		assert_ok!(Labeling::take_slot(RuntimeOrigin::signed(B), task, 0));
		assert_noop!(denounce(D, B, CAT, salt_of(B)), Error::<Test>::NotCommitted);
		let before = lbl(D);
		// A sold the label and salt; D publishes them.
		assert_ok!(denounce(D, A, CAT, salt_of(A)));
		// The whole collateral (50) is slashed; half goes to D, half stays in the slashed pot.
		assert_eq!(lbl(D) - before, 25);
		assert_eq!(SlashedPot::<Test>::get(), 25);
		assert_eq!((ledger(A).bonded, ledger(A).locked, ledger(A).open_slots), (950, 0, 0));
		assert_eq!(Reputations::<Test>::get(A).strikes, 1);
		assert_eq!(Slots::<Test>::get(task, 0).len(), 1);
		assert!(labeling_events().contains(&Event::Denounced {
			task,
			item: 0,
			annotator: A,
			denouncer: D,
			slashed: 50,
			reward: 25
		}));
		// The freed slot can be taken again.
		commit(C, task, 0, &CAT);
		commit(A, task, 0, &DOG);
		// Once reveals are open, publishing a preimage is just revealing early: no denouncing.
		let c = commitment(B, task, 0, &CAT);
		assert_ok!(Labeling::commit(RuntimeOrigin::signed(B), task, 0, c));
		assert_noop!(denounce(D, C, CAT, salt_of(C)), Error::<Test>::NotCommitPhase);
	});
}

#[test]
fn open_slots_api_lists_what_an_annotator_may_take() {
	run_test(|| {
		let task = create((0..4).map(item).collect());
		assert!(Labeling::api_open_slots(&A, task, 0, 10).is_empty());
		bond_all();
		assert_eq!(Labeling::api_open_slots(&A, task, 0, 10), vec![0, 1, 2, 3]);
		commit(A, task, 1, &CAT);
		commit(B, task, 2, &CAT);
		commit(C, task, 2, &CAT);
		commit(D, task, 2, &CAT);
		// A holds a slot of 1; item 2 is full.
		assert_eq!(Labeling::api_open_slots(&A, task, 0, 10), vec![0, 3]);
		assert_eq!(Labeling::api_open_slots(&E, task, 1, 2), vec![1, 3]);
		assert!(Labeling::api_open_slots(&A, 7, 0, 10).is_empty());
		let info = Labeling::api_annotator(&A);
		assert_eq!(
			(info.bonded, info.locked, info.open_slots, info.vote_weight),
			(1_000, 50, 1, 1_000_000)
		);
		let t = Labeling::api_task(task).unwrap();
		assert_eq!(t.owed, 4 * 300);
	});
}
