//! Review: the vendor's appeals of accepted labels, review fees, and reviewer stake.

use super::*;
use crate::{mock::*, Error, Event};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::Perbill;

#[test]
fn the_vendor_appeals_a_label_within_the_window_paying_the_review_fee() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		two_agree_one_disagrees(task);
		let settled_at = Labeling::result_of(task, 0).unwrap().settled_at;
		assert_noop!(Labeling::do_appeal_label(&A, task, 0), Error::<Test>::NotVendor);
		assert_noop!(Labeling::do_appeal_label(&VENDOR, task, 5), Error::<Test>::UnknownItem);
		let (label, fee) = Labeling::do_appeal_label(&VENDOR, task, 0).unwrap();
		assert_eq!((label, fee), (CAT, 150));
		let t = Tasks::<Test>::get(task).unwrap();
		assert_eq!(t.reserved, 150);
		assert!(labeling_events().contains(&Event::LabelAppealed { task, item: 0, fee: 150 }));
		// The review changes the label: annotators stay paid, the result records it.
		let paid = (usd(A), usd(B));
		assert_ok!(Labeling::do_change_label(task, 0, DOG));
		assert_eq!((usd(A), usd(B)), paid);
		let r = Labeling::result_of(task, 0).unwrap();
		assert_eq!((r.label, r.by_dispute), (DOG, true));
		assert_noop!(
			Labeling::do_change_label(task, 0, Label::Class(5)),
			Error::<Test>::InvalidLabel
		);
		assert_ok!(Labeling::do_pay_review_fee(task, fee, &[(D, 75), (E, 75)]));
		// The window closes `appeal_period` blocks after settlement.
		run_to_block(settled_at + 10);
		assert_noop!(
			Labeling::do_appeal_label(&VENDOR, task, 0),
			Error::<Test>::AppealWindowClosed
		);
	});
}

#[test]
fn an_appeal_needs_an_unspent_budget_for_its_fee() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		two_agree_one_disagrees(task);
		// The vendor already took everything back.
		assert_ok!(Labeling::cancel_task(RuntimeOrigin::signed(VENDOR), task));
		assert_noop!(
			Labeling::do_appeal_label(&VENDOR, task, 0),
			Error::<Test>::FeeAboveRefundable
		);
		// A closed task's labels are final (its records may be purged).
		assert_ok!(Labeling::close_task(RuntimeOrigin::signed(VENDOR), task));
		assert_noop!(Labeling::do_appeal_label(&VENDOR, task, 0), Error::<Test>::TaskClosed);
		let pending = create(vec![item(2)]);
		assert_noop!(Labeling::do_appeal_label(&VENDOR, pending, 0), Error::<Test>::NotSettled);
	});
}

#[test]
fn review_fees_are_paid_from_the_reserve_and_the_rest_refunded() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		two_agree_one_disagrees(task);
		let (_, fee) = Labeling::do_appeal_label(&VENDOR, task, 0).unwrap();
		assert_noop!(
			Labeling::do_pay_review_fee(task, fee + 1, &[]),
			Error::<Test>::FeeAboveRefundable
		);
		assert_noop!(
			Labeling::do_pay_review_fee(task, fee, &[(D, fee + 1)]),
			Error::<Test>::FeeAboveRefundable
		);
		let refundable = Tasks::<Test>::get(task).unwrap().refundable;
		assert_ok!(Labeling::do_pay_review_fee(task, fee, &[(D, 100)]));
		let t = Tasks::<Test>::get(task).unwrap();
		assert_eq!((t.reserved, t.refundable), (0, refundable + fee - 100));
		assert_eq!(usd(D), 100);
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
