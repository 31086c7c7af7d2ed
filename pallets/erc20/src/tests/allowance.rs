//! `approve`, `transfer_from`, `increase_allowance`, `decrease_allowance`.

use super::*;
use crate::Error;
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

fn allowance(asset: u32, owner: AccountId, spender: AccountId) -> Balance {
	Allowances::<Test>::get((asset, owner, spender))
}

#[test]
fn approve_sets_the_allowance_it_does_not_add() {
	run_test(|| {
		assert_ok!(Erc20::approve(signed(ALICE), TOKEN, CHARLIE, 100));
		assert_ok!(Erc20::approve(signed(ALICE), TOKEN, CHARLIE, 30));
		assert_eq!(allowance(TOKEN, ALICE, CHARLIE), 30);
		assert_eq!(
			erc20_events(),
			vec![approval(TOKEN, ALICE, CHARLIE, 100), approval(TOKEN, ALICE, CHARLIE, 30)]
		);
		// More than the balance may be approved, as in ERC-20.
		assert_ok!(Erc20::approve(signed(ALICE), TOKEN, CHARLIE, START * 10));
		// Zero removes the entry.
		assert_ok!(Erc20::approve(signed(ALICE), TOKEN, CHARLIE, 0));
		assert!(!Allowances::<Test>::contains_key((TOKEN, ALICE, CHARLIE)));
		assert_eq!(erc20_events().last(), Some(&approval(TOKEN, ALICE, CHARLIE, 0)));
		assert_noop!(
			Erc20::approve(signed(ALICE), UNKNOWN, CHARLIE, 1),
			Error::<Test>::UnknownAsset
		);
		assert_noop!(
			Erc20::approve(RuntimeOrigin::none(), TOKEN, CHARLIE, 1),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn allowances_are_per_asset_owner_and_spender() {
	run_test(|| {
		assert_ok!(Erc20::approve(signed(ALICE), TOKEN, CHARLIE, 100));
		assert_eq!(allowance(NON_SUFFICIENT, ALICE, CHARLIE), 0);
		assert_eq!(allowance(TOKEN, ALICE, DAVE), 0);
		assert_eq!(allowance(TOKEN, CHARLIE, ALICE), 0);
		assert_noop!(
			Erc20::transfer_from(signed(DAVE), TOKEN, ALICE, DAVE, 10),
			Error::<Test>::InsufficientAllowance
		);
		assert_noop!(
			Erc20::transfer_from(signed(CHARLIE), NON_SUFFICIENT, ALICE, CHARLIE, 10),
			Error::<Test>::InsufficientAllowance
		);
	});
}

#[test]
fn transfer_from_spends_the_allowance() {
	run_test(|| {
		assert_ok!(Erc20::approve(signed(ALICE), TOKEN, CHARLIE, 100));
		System::reset_events();
		// The spender sends to a third account.
		assert_ok!(Erc20::transfer_from(signed(CHARLIE), TOKEN, ALICE, DAVE, 60));
		assert_eq!(balance(TOKEN, ALICE), START - 60);
		assert_eq!(balance(TOKEN, DAVE), 60);
		assert_eq!(allowance(TOKEN, ALICE, CHARLIE), 40);
		assert_eq!(erc20_events(), vec![transferred(TOKEN, ALICE, DAVE, 60)]);
		// More than what is left of the allowance.
		assert_noop!(
			Erc20::transfer_from(signed(CHARLIE), TOKEN, ALICE, DAVE, 41),
			Error::<Test>::InsufficientAllowance
		);
		// Spending all of it removes the entry.
		assert_ok!(Erc20::transfer_from(signed(CHARLIE), TOKEN, ALICE, CHARLIE, 40));
		assert!(!Allowances::<Test>::contains_key((TOKEN, ALICE, CHARLIE)));
		assert_eq!(balance(TOKEN, CHARLIE), 40);
	});
}

#[test]
fn a_failed_transfer_from_spends_no_allowance() {
	run_test(|| {
		assert_ok!(Erc20::approve(signed(BOB), TOKEN, CHARLIE, 5 * START));
		assert_noop!(
			Erc20::transfer_from(signed(CHARLIE), TOKEN, BOB, ALICE, START + 1),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(
			Erc20::transfer_from(signed(CHARLIE), TOKEN, BOB, ALICE, START - 1),
			Error::<Test>::WouldLeaveDust
		);
		assert_noop!(
			Erc20::transfer_from(signed(CHARLIE), TOKEN, BOB, DAVE, 1),
			Error::<Test>::BelowMinimum
		);
		assert_ok!(Assets::freeze(signed(ADMIN), TOKEN.into(), BOB));
		assert_noop!(
			Erc20::transfer_from(signed(CHARLIE), TOKEN, BOB, ALICE, 10),
			Error::<Test>::Frozen
		);
		assert_eq!(allowance(TOKEN, BOB, CHARLIE), 5 * START);
		assert_noop!(
			Erc20::transfer_from(signed(CHARLIE), UNKNOWN, BOB, ALICE, 10),
			Error::<Test>::UnknownAsset
		);
	});
}

#[test]
fn the_largest_allowance_is_infinite() {
	run_test(|| {
		assert_ok!(Erc20::approve(signed(ALICE), TOKEN, CHARLIE, Balance::MAX));
		assert_ok!(Erc20::transfer_from(signed(CHARLIE), TOKEN, ALICE, BOB, 500));
		assert_eq!(allowance(TOKEN, ALICE, CHARLIE), Balance::MAX);
		assert_eq!(balance(TOKEN, BOB), START + 500);
	});
}

#[test]
fn zero_transfer_from_needs_no_allowance() {
	run_test(|| {
		assert_ok!(Erc20::transfer_from(signed(CHARLIE), TOKEN, ALICE, DAVE, 0));
		assert_eq!(erc20_events(), vec![transferred(TOKEN, ALICE, DAVE, 0)]);
		assert!(!Allowances::<Test>::contains_key((TOKEN, ALICE, CHARLIE)));
	});
}

#[test]
fn increase_and_decrease_adjust_the_allowance() {
	run_test(|| {
		assert_ok!(Erc20::increase_allowance(signed(ALICE), TOKEN, CHARLIE, 70));
		assert_ok!(Erc20::increase_allowance(signed(ALICE), TOKEN, CHARLIE, 30));
		assert_eq!(allowance(TOKEN, ALICE, CHARLIE), 100);
		assert_ok!(Erc20::decrease_allowance(signed(ALICE), TOKEN, CHARLIE, 25));
		assert_eq!(allowance(TOKEN, ALICE, CHARLIE), 75);
		assert_eq!(
			erc20_events(),
			vec![
				approval(TOKEN, ALICE, CHARLIE, 70),
				approval(TOKEN, ALICE, CHARLIE, 100),
				approval(TOKEN, ALICE, CHARLIE, 75)
			]
		);
		assert_noop!(
			Erc20::decrease_allowance(signed(ALICE), TOKEN, CHARLIE, 76),
			Error::<Test>::AllowanceBelowZero
		);
		assert_ok!(Erc20::decrease_allowance(signed(ALICE), TOKEN, CHARLIE, 75));
		assert!(!Allowances::<Test>::contains_key((TOKEN, ALICE, CHARLIE)));

		assert_ok!(Erc20::approve(signed(ALICE), TOKEN, CHARLIE, Balance::MAX - 1));
		assert_noop!(
			Erc20::increase_allowance(signed(ALICE), TOKEN, CHARLIE, 2),
			Error::<Test>::Overflow
		);
		assert_noop!(
			Erc20::increase_allowance(signed(ALICE), UNKNOWN, CHARLIE, 2),
			Error::<Test>::UnknownAsset
		);
		assert_noop!(
			Erc20::decrease_allowance(signed(ALICE), UNKNOWN, CHARLIE, 2),
			Error::<Test>::UnknownAsset
		);
		assert_noop!(
			Erc20::increase_allowance(RuntimeOrigin::none(), TOKEN, CHARLIE, 2),
			DispatchError::BadOrigin
		);
	});
}
