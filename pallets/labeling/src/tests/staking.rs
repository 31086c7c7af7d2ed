//! Stake: bonding, the pool seed, unbonding, withdrawal, slashing through unbonding.

use super::*;
use crate::Error;
use frame_support::{assert_noop, assert_ok};

#[test]
fn first_bond_seeds_the_pool() {
	run_test(|| {
		assert_noop!(Labeling::bond(RuntimeOrigin::signed(A), 0), Error::<Test>::ZeroAmount);
		bond(A, 500);
		// The stake asset's minimum balance (1) seeds the pool, once.
		assert_eq!(lbl(A), STAKE_START - 501);
		assert_eq!(PoolSeed::<Test>::get(), 1);
		bond(B, 500);
		assert_eq!(lbl(B), STAKE_START - 500);
		assert_eq!(lbl(Labeling::stake_pool_account()), 1001);
		assert_eq!(ledger(A).bonded, 500);
		bond(A, 100);
		assert_eq!(ledger(A).bonded, 600);
		// More than the account holds.
		assert!(Labeling::bond(RuntimeOrigin::signed(C), STAKE_START + 1).is_err());
		// An account without the stake asset.
		assert!(Labeling::bond(RuntimeOrigin::signed(VENDOR), 10).is_err());
		assert!(labeling_events().contains(&Event::Bonded { who: A, amount: 500 }));
	});
}

#[test]
fn unbond_only_free_stake_and_withdraw_after_the_period() {
	run_test(|| {
		assert_noop!(Labeling::unbond(RuntimeOrigin::signed(A), 10), Error::<Test>::NotStaked);
		bond(A, 200);
		let task = create(vec![item(1)]);
		seat(A, task, 1);
		// 50 is locked by the seat.
		assert_noop!(
			Labeling::unbond(RuntimeOrigin::signed(A), 151),
			Error::<Test>::InsufficientStake
		);
		assert_noop!(Labeling::unbond(RuntimeOrigin::signed(A), 0), Error::<Test>::ZeroAmount);
		assert_ok!(Labeling::unbond(RuntimeOrigin::signed(A), 150));
		assert!(labeling_events().contains(&Event::Unbonding {
			who: A,
			amount: 150,
			unlock_at: 102
		}));
		assert_noop!(
			Labeling::withdraw_unbonded(RuntimeOrigin::signed(A)),
			Error::<Test>::NothingToWithdraw
		);
		run_to_block(102);
		let before = lbl(A);
		assert_ok!(Labeling::withdraw_unbonded(RuntimeOrigin::signed(A)));
		assert_eq!(lbl(A) - before, 150);
		assert_eq!(ledger(A).bonded, 50);
		assert_noop!(
			Labeling::withdraw_unbonded(RuntimeOrigin::signed(B)),
			Error::<Test>::NotStaked
		);
	});
}

#[test]
fn unbonding_chunks_are_bounded_and_merged() {
	run_test(|| {
		bond(A, 1_000);
		for _ in 0..3 {
			assert_ok!(Labeling::unbond(RuntimeOrigin::signed(A), 10));
		}
		// Same block: one chunk.
		assert_eq!(ledger(A).unbonding.len(), 1);
		for n in 2..=4 {
			run_to_block(n);
			assert_ok!(Labeling::unbond(RuntimeOrigin::signed(A), 10));
		}
		run_to_block(5);
		assert_noop!(
			Labeling::unbond(RuntimeOrigin::signed(A), 10),
			Error::<Test>::TooManyUnbondingChunks
		);
	});
}

#[test]
fn withdrawing_everything_keeps_a_running_suspension() {
	// Attack: an annotator suspended for failures unbonds and withdraws everything; a ledger
	// removed with its suspension would let them come back at once.
	run_test(|| {
		bond(A, 300);
		Stakes::<Test>::mutate(A, |l| l.as_mut().unwrap().suspended_until = Some(500));
		assert_ok!(Labeling::unbond(RuntimeOrigin::signed(A), 300));
		run_to_block(101);
		assert_ok!(Labeling::withdraw_unbonded(RuntimeOrigin::signed(A)));
		assert_eq!(ledger(A).suspended_until, Some(500));
		bond(A, 300);
		let task = create(vec![item(1)]);
		assert_noop!(
			Labeling::request_seats(RuntimeOrigin::signed(A), task, 1),
			Error::<Test>::Suspended
		);
	});
}

#[test]
fn withdrawing_everything_removes_the_ledger() {
	run_test(|| {
		bond(A, 300);
		assert_ok!(Labeling::unbond(RuntimeOrigin::signed(A), 300));
		run_to_block(101);
		assert_ok!(Labeling::withdraw_unbonded(RuntimeOrigin::signed(A)));
		assert!(!Stakes::<Test>::contains_key(A));
		// Only the pool seed is left with the pool.
		assert_eq!(lbl(A), STAKE_START - 1);
		assert_eq!(lbl(Labeling::stake_pool_account()), 1);
	});
}

#[test]
fn unbonding_stake_can_still_be_slashed() {
	run_test(|| {
		bond(A, 100);
		assert_ok!(Labeling::unbond(RuntimeOrigin::signed(A), 60));
		let mut l = ledger(A);
		// A slash larger than the bonded stake reaches into the unbonding chunk.
		let slashed = Labeling::slash_ledger(&A, &mut l, 70);
		assert_eq!(slashed, 70);
		assert_eq!((l.bonded, l.unbonding[0].amount), (0, 30));
		// Never more than there is.
		assert_eq!(Labeling::slash_ledger(&A, &mut l, 1_000), 30);
		assert!(l.unbonding.is_empty());
		assert_eq!(SlashedPot::<Test>::get(), 100);
		Labeling::store_ledger(&A, l);
	});
}

#[test]
fn slashed_funds_are_spent_only_by_governance() {
	run_test(|| {
		bond(A, 100);
		let mut l = ledger(A);
		Labeling::slash_ledger(&A, &mut l, 40);
		Stakes::<Test>::insert(A, l);
		assert_noop!(
			Labeling::spend_slashed(RuntimeOrigin::signed(A), OUTSIDER, 10),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_noop!(
			Labeling::spend_slashed(RuntimeOrigin::root(), OUTSIDER, 41),
			Error::<Test>::InsufficientSlashedFunds
		);
		assert_noop!(
			Labeling::spend_slashed(RuntimeOrigin::root(), OUTSIDER, 0),
			Error::<Test>::ZeroAmount
		);
		let before = lbl(OUTSIDER);
		assert_ok!(Labeling::spend_slashed(RuntimeOrigin::root(), OUTSIDER, 40));
		assert_eq!(lbl(OUTSIDER) - before, 40);
		assert_eq!(SlashedPot::<Test>::get(), 0);
	});
}
