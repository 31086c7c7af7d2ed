//! The appeal window: decisions wait, are judged when it ends, can be appealed within it, and
//! the interface the disputes pallet uses (resolve, fail, review fees, reviewer stake).

use super::*;
use crate::{appeal::MAX_DEADLINE_SLIP, mock::*, Error, Event};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::Perbill;

const WINDOW: u64 = 10;

fn with_appeal_window() {
	assert_ok!(Labeling::update_params(
		RuntimeOrigin::root(),
		ParamsUpdate { dispute_period: Some(WINDOW), ..Default::default() }
	));
}

fn decided(task: TaskId, item: ItemId) -> (Label, u64) {
	match Items::<Test>::get(task, item).unwrap().state {
		ItemState::Decided { label, final_at, .. } => (label, final_at),
		other => panic!("not decided: {other:?}"),
	}
}

#[test]
fn a_decision_pays_nobody_until_its_window_ends_then_the_chain_judges_it() {
	run_test(|| {
		with_appeal_window();
		bond_all();
		let task = create(vec![item(1)]);
		let (escrow_before, a_before) = (escrow(task), usd(A));
		two_agree_one_disagrees(task, 0);
		let (label, final_at) = decided(task, 0);
		assert_eq!((label, final_at), (CAT, 1 + WINDOW));
		assert!(labeling_events().contains(&Event::ItemDecided {
			task,
			item: 0,
			round: 0,
			label: CAT,
			final_at,
			judged_at: Some(final_at),
		}));
		// Nothing paid, slashed or recorded; collateral stays locked; the task cannot close.
		assert!(verdicts(task, 0).is_empty());
		assert_eq!((escrow(task), usd(A)), (escrow_before, a_before));
		assert_eq!(ledger(C).locked, 50);
		assert_eq!(Reputations::<Test>::get(C), Default::default());
		assert_eq!(Tasks::<Test>::get(task).unwrap().decided, 1);
		assert_noop!(
			Labeling::finalize_item(RuntimeOrigin::signed(OUTSIDER), task, 0),
			Error::<Test>::AppealWindowOpen
		);
		assert_ok!(Labeling::cancel_task(RuntimeOrigin::signed(VENDOR), task));
		assert_noop!(
			Labeling::close_task(RuntimeOrigin::signed(VENDOR), task),
			Error::<Test>::ItemsInProgress
		);
		run_to_block(final_at - 1);
		assert!(verdicts(task, 0).is_empty());
		run_to_block(final_at);
		assert_eq!(
			verdicts(task, 0),
			vec![
				(A, Verdict::Agreed, 100, 0),
				(B, Verdict::Agreed, 100, 0),
				(C, Verdict::Disagreed, 0, 5)
			]
		);
		assert_eq!(Items::<Test>::get(task, 0).unwrap().state, ItemState::Settled);
		assert!(AppealDeadlines::<Test>::get(final_at).is_empty());
		assert_eq!(usd(A) - a_before, 100);
		assert_noop!(
			Labeling::finalize_item(RuntimeOrigin::signed(OUTSIDER), task, 0),
			Error::<Test>::NotDecided
		);
		assert_ok!(Labeling::close_task(RuntimeOrigin::signed(VENDOR), task));
	});
}

#[test]
fn decisions_of_a_full_block_slip_to_the_next_one_with_room() {
	run_test(|| {
		with_appeal_window();
		bond_all();
		// MaxFinalizationsPerBlock is 2 in the mock: the third decision of a block slips.
		let task = create(vec![item(1), item(2), item(3)]);
		for i in 0..3 {
			two_agree_one_disagrees(task, i);
		}
		let final_at = 1 + WINDOW;
		assert_eq!(AppealDeadlines::<Test>::get(final_at).into_inner(), vec![(task, 0), (task, 1)]);
		assert_eq!(AppealDeadlines::<Test>::get(final_at + 1).into_inner(), vec![(task, 2)]);
		run_to_block(final_at);
		assert_eq!(Items::<Test>::get(task, 1).unwrap().state, ItemState::Settled);
		assert!(matches!(Items::<Test>::get(task, 2).unwrap().state, ItemState::Decided { .. }));
		run_to_block(final_at + 1);
		assert_eq!(Items::<Test>::get(task, 2).unwrap().state, ItemState::Settled);
	});
}

#[test]
fn a_decision_no_block_has_room_for_waits_for_finalize_item() {
	run_test(|| {
		with_appeal_window();
		bond_all();
		let task = create(vec![item(1)]);
		let final_at = 1 + WINDOW;
		// Every block the decision could slip to is full.
		for at in final_at..=final_at + MAX_DEADLINE_SLIP as u64 {
			AppealDeadlines::<Test>::insert(
				at,
				frame_support::BoundedVec::truncate_from(vec![(99, 0), (99, 1)]),
			);
		}
		let a = usd(A);
		two_agree_one_disagrees(task, 0);
		assert!(labeling_events()
			.iter()
			.any(|e| matches!(e, Event::ItemDecided { judged_at: None, .. })));
		run_to_block(final_at + MAX_DEADLINE_SLIP as u64 + 1);
		// Unknown entries and the unscheduled item are left alone.
		assert!(matches!(Items::<Test>::get(task, 0).unwrap().state, ItemState::Decided { .. }));
		assert_ok!(Labeling::finalize_item(RuntimeOrigin::signed(OUTSIDER), task, 0));
		assert_eq!(Items::<Test>::get(task, 0).unwrap().state, ItemState::Settled);
		assert_eq!(usd(A) - a, 100);
	});
}

#[test]
fn only_the_vendor_or_the_rounds_annotators_appeal_and_only_within_the_window() {
	run_test(|| {
		with_appeal_window();
		bond_all();
		let task = create(vec![item(1), item(2)]);
		assert_noop!(Labeling::do_appeal(&VENDOR, task, 0), Error::<Test>::NotDecided);
		assert_noop!(Labeling::do_appeal(&VENDOR, task, 9), Error::<Test>::UnknownItem);
		assert_noop!(Labeling::do_appeal(&VENDOR, 9, 0), Error::<Test>::UnknownTask);
		two_agree_one_disagrees(task, 0);
		two_agree_one_disagrees(task, 1);
		for outsider in [OUTSIDER, D, OTHER_VENDOR] {
			assert_noop!(Labeling::do_appeal(&outsider, task, 0), Error::<Test>::NotAffected);
		}
		assert_eq!(Labeling::do_appeal(&C, task, 0), Ok((0, CAT)));
		assert_eq!(Items::<Test>::get(task, 0).unwrap().state, ItemState::Disputed { round: 0 });
		let t = Tasks::<Test>::get(task).unwrap();
		assert_eq!((t.decided, t.disputed), (1, 1));
		assert!(labeling_events().contains(&Event::ItemAppealed {
			task,
			item: 0,
			round: 0,
			by: C
		}));
		assert_noop!(Labeling::do_appeal(&VENDOR, task, 0), Error::<Test>::NotDecided);
		// The appealed item is skipped when its window ends; the other one is judged.
		run_to_block(1 + WINDOW);
		assert_eq!(Items::<Test>::get(task, 0).unwrap().state, ItemState::Disputed { round: 0 });
		assert_eq!(Items::<Test>::get(task, 1).unwrap().state, ItemState::Settled);
		assert!(verdicts(task, 0).is_empty());
	});
}

#[test]
fn the_window_closes_at_final_at() {
	run_test(|| {
		with_appeal_window();
		bond_all();
		let task = create(vec![item(1)]);
		two_agree_one_disagrees(task, 0);
		let (_, final_at) = decided(task, 0);
		// `on_initialize` of `final_at` judges the item before any transaction of that block;
		// without it (the decision waits for `finalize_item`), appeals are still refused.
		AppealDeadlines::<Test>::remove(final_at);
		run_to_block(final_at);
		assert_noop!(Labeling::do_appeal(&VENDOR, task, 0), Error::<Test>::AppealWindowClosed);
		assert_ok!(Labeling::finalize_item(RuntimeOrigin::signed(OUTSIDER), task, 0));
	});
}

#[test]
fn an_appeal_decided_the_other_way_pays_the_former_minority() {
	run_test(|| {
		with_appeal_window();
		bond_all();
		let task = create(vec![item(1)]);
		two_agree_one_disagrees(task, 0);
		assert_ok!(Labeling::do_appeal(&VENDOR, task, 0));
		let c = usd(C);
		assert_eq!(Labeling::do_resolve_dispute(task, 0, DOG), Ok(200));
		assert_eq!(
			verdicts(task, 0),
			vec![
				(A, Verdict::Disagreed, 0, 5),
				(B, Verdict::Disagreed, 0, 5),
				(C, Verdict::Agreed, 100, 0)
			]
		);
		assert_eq!(usd(C) - c, 100);
		let r = Results::<Test>::get(task, 0).unwrap();
		assert!(r.by_dispute && r.label == DOG);
		assert_eq!(Tasks::<Test>::get(task).unwrap().refundable, 200);
		// Reviewers are paid out of what the annotators were not.
		assert_noop!(
			Labeling::do_pay_review_fee(task, &[(D, 150), (E, 51)]),
			Error::<Test>::FeeAboveRefundable
		);
		assert_noop!(Labeling::do_pay_review_fee(9, &[(D, 1)]), Error::<Test>::UnknownTask);
		let (d, e) = (usd(D), usd(E));
		assert_ok!(Labeling::do_pay_review_fee(task, &[(D, 150), (E, 50), (A, 0)]));
		assert_eq!((usd(D) - d, usd(E) - e), (150, 50));
		assert_eq!(Tasks::<Test>::get(task).unwrap().refundable, 0);
		assert!(labeling_events().contains(&Event::ReviewFeePaid {
			task,
			reviewer: D,
			amount: 150
		}));
		assert!(!labeling_events().contains(&Event::ReviewFeePaid {
			task,
			reviewer: A,
			amount: 0
		}));
	});
}

#[test]
fn a_dispute_nobody_decides_fails_the_item_and_refunds_its_budget() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		commit(A, task, 0, &CAT);
		commit(B, task, 0, &DOG);
		commit(C, task, 0, &BIRD);
		assert_ok!(reveal(A, task, 0, &CAT));
		assert_ok!(reveal(B, task, 0, &DOG));
		run_to_block(22);
		assert_ok!(Labeling::settle(RuntimeOrigin::signed(OUTSIDER), task, 0));
		assert_eq!(Items::<Test>::get(task, 0).unwrap().state, ItemState::Disputed { round: 0 });
		assert_ok!(Labeling::do_fail_dispute(task, 0));
		// C never revealed: penalized; A and B released unpaid and unslashed.
		assert_eq!(verdicts(task, 0), vec![(C, Verdict::NoReveal, 0, 20)]);
		assert_eq!((ledger(A).locked, ledger(B).locked, ledger(C).locked), (0, 0, 0));
		assert_eq!(Items::<Test>::get(task, 0).unwrap().state, ItemState::Failed);
		assert!(Slots::<Test>::get(task, 0).is_empty());
		assert_eq!(Tasks::<Test>::get(task).unwrap().refundable, 300);
		assert_noop!(Labeling::do_fail_dispute(task, 0), Error::<Test>::NotDisputed);
		let v = usd(VENDOR);
		assert_ok!(Labeling::close_task(RuntimeOrigin::signed(VENDOR), task));
		assert!(usd(VENDOR) - v >= 300);
	});
}

#[test]
fn reviewers_lock_free_stake_are_slashed_into_the_pot_and_rewarded_into_stake() {
	run_test(|| {
		assert_noop!(Labeling::lock_review_stake(&D, 10), Error::<Test>::NotStaked);
		bond(D, 200);
		assert_noop!(Labeling::lock_review_stake(&D, 201), Error::<Test>::InsufficientStake);
		assert_ok!(Labeling::lock_review_stake(&D, 150));
		assert_eq!((ledger(D).locked, ReviewLocks::<Test>::get(D)), (150, 150));
		// Locked review stake cannot be unbonded.
		assert_noop!(
			Labeling::unbond(RuntimeOrigin::signed(D), 51),
			Error::<Test>::InsufficientStake
		);
		assert_noop!(Labeling::lock_review_stake(&D, 51), Error::<Test>::InsufficientStake);
		assert_eq!(Labeling::release_review_stake(&D, 100, Perbill::from_percent(30)), 30);
		assert_eq!((ledger(D).bonded, ledger(D).locked), (170, 50));
		assert_eq!(ReviewLocks::<Test>::get(D), 50);
		assert_eq!(SlashedPot::<Test>::get(), 30);
		assert_eq!(Labeling::release_review_stake(&D, 50, Perbill::zero()), 0);
		assert!(!ReviewLocks::<Test>::contains_key(D));
		// A reward moves the stake asset from the payer into the reviewer's bonded stake.
		let e = lbl(E);
		assert_noop!(Labeling::reward_stake(&E, &OUTSIDER, 10), Error::<Test>::NotStaked);
		assert_ok!(Labeling::reward_stake(&E, &D, 10));
		assert_ok!(Labeling::reward_stake(&E, &D, 0));
		assert_eq!((ledger(D).bonded, e - lbl(E)), (180, 10));
		// A suspended annotator cannot review.
		Stakes::<Test>::mutate(D, |l| l.as_mut().unwrap().suspended_until = Some(5));
		assert_noop!(Labeling::lock_review_stake(&D, 10), Error::<Test>::Suspended);
		run_to_block(5);
		assert_ok!(Labeling::lock_review_stake(&D, 10));
	});
}
