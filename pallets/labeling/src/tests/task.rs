//! Tasks: creation, validation, items, top-ups, cancellation, closing, purging, gold answers.

use super::*;
use crate::Error;
use frame_support::{assert_noop, assert_ok};

#[test]
fn create_task_escrows_the_worst_case_budget_seed_and_deposit() {
	run_test(|| {
		let task = create(vec![item(1), gold_item(2, Some(CAT))]);
		// 3 slots × 100 for the plain item, 3 × (100 + 50) for the one with an answer, + seed 1.
		assert_eq!(escrow(task), 300 + 450 + 1);
		assert_eq!(usd(VENDOR), USD_START - 751);
		// Task deposit 10 + 2 items × 1.
		assert_eq!(held(VENDOR), 12);
		let t = Tasks::<Test>::get(task).unwrap();
		assert_eq!((t.item_count, t.unsettled, t.unsettled_with_answer, t.pending), (2, 2, 1, 2));
		assert_eq!(Labeling::task_owed(&t), 750);
		assert!(labeling_events().contains(&Event::TaskCreated {
			task,
			vendor: VENDOR,
			reward_asset: USD,
			escrowed: 1
		}));
		assert!(labeling_events().contains(&Event::ItemsAdded {
			task,
			first: 0,
			count: 2,
			escrowed: 750
		}));
	});
}

#[test]
fn create_task_rejects_bad_specs_and_changes_nothing() {
	run_test(|| {
		let cases: Vec<(TaskSpecOf<Test>, Error<Test>)> = vec![
			(
				TaskSpec { schema: LabelSchema::Categorical { classes: 1 }, ..spec() },
				Error::InvalidSchema,
			),
			(
				TaskSpec { agreement: AgreementRule { numerator: 1, denominator: 2 }, ..spec() },
				Error::InvalidAgreementRule,
			),
			(TaskSpec { redundancy: 0, ..spec() }, Error::RedundancyOutOfBounds),
			(TaskSpec { redundancy: 6, ..spec() }, Error::RedundancyOutOfBounds),
			(TaskSpec { commit_window: 0, ..spec() }, Error::CommitWindowOutOfBounds),
			(TaskSpec { commit_window: 21, ..spec() }, Error::CommitWindowOutOfBounds),
			(TaskSpec { reveal_window: 0, ..spec() }, Error::RevealWindowOutOfBounds),
			(TaskSpec { reveal_window: 21, ..spec() }, Error::RevealWindowOutOfBounds),
			(TaskSpec { reward_asset: 99, ..spec() }, Error::UnknownAsset),
			(TaskSpec { reward_per_label: 0, ..spec() }, Error::RewardTooLow),
			(
				TaskSpec { reward_asset: BIG_ED, reward_per_label: BIG_ED_MIN - 1, ..spec() },
				Error::RewardTooLow,
			),
			(TaskSpec { min_stake: 99, ..spec() }, Error::MinStakeTooLow),
			(TaskSpec { reward_per_label: u64::MAX / 2, ..spec() }, Error::Overflow),
		];
		for (bad, error) in cases {
			assert_noop!(
				Labeling::create_task(
					RuntimeOrigin::signed(VENDOR),
					bad,
					BoundedVec::truncate_from(vec![item(1)])
				),
				error
			);
		}
		// A vendor without the reward asset cannot fund the escrow.
		assert!(Labeling::create_task(
			RuntimeOrigin::signed(OUTSIDER),
			spec(),
			BoundedVec::truncate_from(vec![item(1)])
		)
		.is_err());
		// More items than a batch, through the logic function.
		assert_noop!(
			Labeling::do_create_task(VENDOR, spec(), (0..17).map(item).collect()),
			Error::<Test>::BadItemBatch
		);
		assert_eq!(NextTaskId::<Test>::get(), 0);
		assert_eq!(usd(VENDOR), USD_START);
		assert_eq!(held(VENDOR), 0);
	});
}

#[test]
fn add_items_appends_and_escrows() {
	run_test(|| {
		let task = create(vec![item(1)]);
		assert_ok!(Labeling::add_items(
			RuntimeOrigin::signed(VENDOR),
			task,
			BoundedVec::truncate_from(vec![item(2), gold_item(3, None)])
		));
		assert!(Items::<Test>::contains_key(task, 1) && Items::<Test>::contains_key(task, 2));
		assert_eq!(escrow(task), 1 + 300 + 300 + 450);
		assert_eq!(held(VENDOR), 10 + 3);
		let batch = || BoundedVec::truncate_from(vec![item(4)]);
		assert_noop!(
			Labeling::add_items(RuntimeOrigin::signed(OTHER_VENDOR), task, batch()),
			Error::<Test>::NotVendor
		);
		assert_noop!(
			Labeling::add_items(RuntimeOrigin::signed(VENDOR), 9, batch()),
			Error::<Test>::UnknownTask
		);
		assert_noop!(
			Labeling::add_items(RuntimeOrigin::signed(VENDOR), task, BoundedVec::new()),
			Error::<Test>::BadItemBatch
		);
		assert_ok!(Labeling::cancel_task(RuntimeOrigin::signed(VENDOR), task));
		assert_noop!(
			Labeling::add_items(RuntimeOrigin::signed(VENDOR), task, batch()),
			Error::<Test>::TaskNotOpen
		);
	});
}

#[test]
fn top_up_raises_rewards_of_unsettled_items() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1), gold_item(2, Some(CAT))]);
		two_agree_one_disagrees(task, 0);
		// Item 0 is settled; only item 1 (with an answer) is still owed.
		let before = usd(VENDOR);
		assert_ok!(Labeling::top_up(RuntimeOrigin::signed(VENDOR), task, 10, 5));
		assert_eq!(before - usd(VENDOR), 3 * 10 + 3 * 5);
		let t = Tasks::<Test>::get(task).unwrap();
		assert_eq!((t.spec.reward_per_label, t.spec.gold_bonus), (110, 55));
		assert_noop!(
			Labeling::top_up(RuntimeOrigin::signed(VENDOR), task, 0, 0),
			Error::<Test>::NothingToTopUp
		);
		assert_noop!(
			Labeling::top_up(RuntimeOrigin::signed(OTHER_VENDOR), task, 1, 0),
			Error::<Test>::NotVendor
		);
		assert_noop!(
			Labeling::top_up(RuntimeOrigin::signed(VENDOR), task, u64::MAX, 0),
			Error::<Test>::Overflow
		);
		// The raised reward is what the gold item pays.
		commit(A, task, 1, &CAT);
		commit(B, task, 1, &CAT);
		commit(C, task, 1, &CAT);
		for a in [A, B, C] {
			assert_ok!(reveal(a, task, 1, &CAT));
		}
		let a_before = usd(A);
		assert_ok!(Labeling::reveal_gold(
			RuntimeOrigin::signed(VENDOR),
			task,
			1,
			Some(CAT),
			GOLD_SALT
		));
		assert_eq!(usd(A) - a_before, 110 + 55);
	});
}

#[test]
fn cancel_refunds_pending_items_and_lets_started_ones_settle() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1), item(2), gold_item(3, None)]);
		commit(A, task, 0, &CAT);
		let before = usd(VENDOR);
		assert_ok!(Labeling::cancel_task(RuntimeOrigin::signed(VENDOR), task));
		// Items 1 and 2 were never started: 300 + 450 back now.
		assert_eq!(usd(VENDOR) - before, 750);
		assert!(labeling_events().contains(&Event::TaskCancelled { task, refunded: 750 }));
		// No new slots, on started or pending items.
		assert_noop!(
			Labeling::take_slot(RuntimeOrigin::signed(B), task, 0),
			Error::<Test>::TaskNotOpen
		);
		assert_noop!(
			Labeling::take_slot(RuntimeOrigin::signed(B), task, 1),
			Error::<Test>::TaskNotOpen
		);
		assert_noop!(
			Labeling::cancel_task(RuntimeOrigin::signed(VENDOR), task),
			Error::<Test>::TaskNotOpen
		);
		assert_noop!(
			Labeling::close_task(RuntimeOrigin::signed(VENDOR), task),
			Error::<Test>::ItemsInProgress
		);
		// After the commit phase A, the only slot, reveals: every slot is revealed, so the item
		// settles at once. One reveal is below the quorum of 2, so the round is void and, the
		// task being cancelled, the item fails and its budget becomes refundable.
		run_to_block(12);
		assert_ok!(reveal(A, task, 0, &CAT));
		assert_eq!(Items::<Test>::get(task, 0).unwrap().state, ItemState::Failed);
		assert!(labeling_events().contains(&Event::RoundVoided {
			task,
			item: 0,
			round: 0,
			next_round: None
		}));
		assert_noop!(
			Labeling::settle(RuntimeOrigin::signed(OUTSIDER), task, 0),
			Error::<Test>::CannotSettleYet
		);
		let before = usd(VENDOR);
		assert_ok!(Labeling::close_task(RuntimeOrigin::signed(VENDOR), task));
		// The failed item's 300 and the seed.
		assert_eq!(usd(VENDOR) - before, 301);
		assert_eq!(escrow(task), 0);
	});
}

#[test]
fn cancelled_task_pays_work_in_progress() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1), item(2)]);
		commit(A, task, 0, &CAT);
		commit(B, task, 0, &CAT);
		commit(C, task, 0, &DOG);
		assert_ok!(Labeling::cancel_task(RuntimeOrigin::signed(VENDOR), task));
		let a = usd(A);
		assert_ok!(reveal(A, task, 0, &CAT));
		assert_ok!(reveal(B, task, 0, &CAT));
		assert_ok!(reveal(C, task, 0, &DOG));
		assert_eq!(usd(A) - a, 100);
		let before = usd(VENDOR);
		assert_ok!(Labeling::close_task(RuntimeOrigin::signed(VENDOR), task));
		// C's unpaid 100 and the seed.
		assert_eq!(usd(VENDOR) - before, 101);
	});
}

#[test]
fn close_refunds_everything_and_releases_the_escrow_account() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1), item(2)]);
		commit(A, task, 0, &CAT);
		assert_noop!(
			Labeling::close_task(RuntimeOrigin::signed(VENDOR), task),
			Error::<Test>::ItemsInProgress
		);
		commit(B, task, 0, &CAT);
		commit(C, task, 0, &DOG);
		for (who, l) in [(A, CAT), (B, CAT), (C, DOG)] {
			assert_ok!(reveal(who, task, 0, &l));
		}
		assert_noop!(
			Labeling::close_task(RuntimeOrigin::signed(OTHER_VENDOR), task),
			Error::<Test>::NotVendor
		);
		assert_noop!(
			Labeling::close_task(RuntimeOrigin::signed(VENDOR), 7),
			Error::<Test>::UnknownTask
		);
		assert_ok!(Labeling::close_task(RuntimeOrigin::signed(VENDOR), task));
		// Paid 200 of 600 escrowed: 400 + seed back; the vendor is whole but for the payouts.
		assert_eq!(usd(VENDOR), USD_START - 200);
		let account = Labeling::escrow_account(task);
		assert_eq!(escrow(task), 0);
		assert_eq!(System::providers(&account), 0);
		assert_noop!(
			Labeling::close_task(RuntimeOrigin::signed(VENDOR), task),
			Error::<Test>::TaskClosed
		);
		assert_noop!(
			Labeling::take_slot(RuntimeOrigin::signed(D), task, 1),
			Error::<Test>::TaskNotOpen
		);
		// The result stays for export.
		assert_eq!(Results::<Test>::get(task, 0).unwrap().label, CAT);
	});
}

#[test]
fn purge_releases_deposits_in_batches_after_close() {
	run_test(|| {
		let task = create((0..5).map(item).collect());
		assert_eq!(held(VENDOR), 15);
		assert_noop!(
			Labeling::purge_task(RuntimeOrigin::signed(VENDOR), task, 2),
			Error::<Test>::TaskNotClosed
		);
		assert_ok!(Labeling::close_task(RuntimeOrigin::signed(VENDOR), task));
		assert_noop!(
			Labeling::purge_task(RuntimeOrigin::signed(VENDOR), task, 0),
			Error::<Test>::BadPurgeLimit
		);
		assert_noop!(
			Labeling::purge_task(RuntimeOrigin::signed(VENDOR), task, 17),
			Error::<Test>::BadPurgeLimit
		);
		assert_noop!(
			Labeling::purge_task(RuntimeOrigin::signed(OTHER_VENDOR), task, 2),
			Error::<Test>::NotVendor
		);
		assert_ok!(Labeling::purge_task(RuntimeOrigin::signed(VENDOR), task, 3));
		assert_eq!(held(VENDOR), 12);
		assert!(!Items::<Test>::contains_key(task, 2) && Items::<Test>::contains_key(task, 3));
		assert_ok!(Labeling::purge_task(RuntimeOrigin::signed(VENDOR), task, 3));
		assert_eq!(held(VENDOR), 0);
		assert!(!Tasks::<Test>::contains_key(task));
		assert_eq!(Balances::free_balance(VENDOR), NATIVE_START);
		assert!(labeling_events().contains(&Event::TaskPurged {
			task,
			items: 2,
			deposit_released: 12,
			task_removed: true
		}));
	});
}

#[test]
fn gold_answers_reveal_only_after_the_commit_phase_and_must_match() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1), gold_item(2, Some(CAT))]);
		assert_noop!(
			Labeling::reveal_gold(RuntimeOrigin::signed(VENDOR), task, 0, Some(CAT), GOLD_SALT),
			Error::<Test>::NoAnswerCommitment
		);
		assert_noop!(
			Labeling::reveal_gold(RuntimeOrigin::signed(VENDOR), task, 1, Some(CAT), GOLD_SALT),
			Error::<Test>::NotRevealPhase
		);
		commit(A, task, 1, &CAT);
		commit(B, task, 1, &CAT);
		assert_noop!(
			Labeling::reveal_gold(RuntimeOrigin::signed(VENDOR), task, 1, Some(CAT), GOLD_SALT),
			Error::<Test>::NotRevealPhase
		);
		commit(C, task, 1, &DOG);
		assert_noop!(
			Labeling::reveal_gold(RuntimeOrigin::signed(VENDOR), task, 1, Some(DOG), GOLD_SALT),
			Error::<Test>::AnswerMismatch
		);
		assert_noop!(
			Labeling::reveal_gold(RuntimeOrigin::signed(VENDOR), task, 1, Some(CAT), [0u8; 32]),
			Error::<Test>::AnswerMismatch
		);
		assert_noop!(
			Labeling::reveal_gold(
				RuntimeOrigin::signed(OTHER_VENDOR),
				task,
				1,
				Some(CAT),
				GOLD_SALT
			),
			Error::<Test>::NotVendor
		);
		assert_noop!(
			Labeling::reveal_gold(RuntimeOrigin::signed(VENDOR), task, 5, Some(CAT), GOLD_SALT),
			Error::<Test>::UnknownItem
		);
		// Every slot committed: reveals are open; annotators reveal, the item waits for gold.
		for (who, l) in [(A, CAT), (B, CAT), (C, DOG)] {
			assert_ok!(reveal(who, task, 1, &l));
		}
		assert!(matches!(Items::<Test>::get(task, 1).unwrap().state, ItemState::Labeling { .. }));
		assert_ok!(Labeling::reveal_gold(
			RuntimeOrigin::signed(VENDOR),
			task,
			1,
			Some(CAT),
			GOLD_SALT
		));
		assert_eq!(
			verdicts(task, 1),
			vec![
				(A, Verdict::GoldPassed, 150, 0),
				(B, Verdict::GoldPassed, 150, 0),
				(C, Verdict::GoldFailed, 0, 10)
			]
		);
		let result = Results::<Test>::get(task, 1).unwrap();
		assert!(result.gold);
		assert_eq!(Reputations::<Test>::get(A).gold_passes, 1);
		assert_eq!(Reputations::<Test>::get(C).gold_fails, 1);
	});
}

#[test]
fn a_gold_answer_outside_the_schema_is_rejected() {
	run_test(|| {
		bond_all();
		let bad = Label::Class(9);
		let task = create(vec![gold_item(1, Some(bad.clone()))]);
		for who in [A, B, C] {
			commit(who, task, 0, &CAT);
		}
		assert_noop!(
			Labeling::reveal_gold(RuntimeOrigin::signed(VENDOR), task, 0, Some(bad), GOLD_SALT),
			Error::<Test>::InvalidLabel
		);
	});
}

#[test]
fn decoys_and_withheld_answers() {
	run_test(|| {
		bond_all();
		let task = create(vec![gold_item(1, None), gold_item(2, Some(CAT))]);
		for i in [0, 1] {
			for who in [A, B, C] {
				commit(who, task, i, &CAT);
			}
			for who in [A, B, C] {
				assert_ok!(reveal(who, task, i, &CAT));
			}
		}
		// A decoy revealed as not gold: base reward only, the bonus goes back.
		assert_ok!(Labeling::reveal_gold(RuntimeOrigin::signed(VENDOR), task, 0, None, GOLD_SALT));
		assert!(verdicts(task, 0).iter().all(|v| v.1 == Verdict::Agreed && v.2 == 100));
		assert!(!Results::<Test>::get(task, 0).unwrap().gold);
		// Item 1's answer is never revealed: at the end of the reveal phase anyone settles it
		// and every agreeing annotator gets the bonus.
		assert_noop!(
			Labeling::settle(RuntimeOrigin::signed(OUTSIDER), task, 1),
			Error::<Test>::CannotSettleYet
		);
		run_to_block(22);
		assert_ok!(Labeling::settle(RuntimeOrigin::signed(OUTSIDER), task, 1));
		assert!(verdicts(task, 1).iter().all(|v| v.1 == Verdict::Agreed && v.2 == 150));
		assert_eq!(Reputations::<Test>::get(A).gold_passes, 0);
	});
}
