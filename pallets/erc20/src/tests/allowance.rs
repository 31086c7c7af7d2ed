//! `approve`, `transfer_from`, `increase_allowance`, `decrease_allowance`.

use super::*;
use crate::Error;
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

fn allowance(asset: u32, owner: AccountId, spender: AccountId) -> Balance {
	Erc20::allowance_of(&asset, &owner, &spender)
}

fn deposit_held(who: AccountId) -> Balance {
	use frame_support::traits::fungible::InspectHold;
	<Balances as InspectHold<AccountId>>::balance_on_hold(
		&RuntimeHoldReason::Erc20(crate::HoldReason::AllowanceDeposit),
		&who,
	)
}

/// Attack: filling the allowance map for free (each entry is storage every node keeps).
#[test]
fn an_allowance_holds_a_deposit_until_it_is_removed() {
	run_test(|| {
		assert_ok!(Erc20::approve(signed(ALICE), TOKEN, CHARLIE, 100));
		assert_eq!(deposit_held(ALICE), ALLOWANCE_DEPOSIT);
		// Changing it holds nothing more; a second spender, a second deposit.
		assert_ok!(Erc20::approve(signed(ALICE), TOKEN, CHARLIE, 50));
		assert_ok!(Erc20::approve(signed(ALICE), TOKEN, DAVE, 50));
		assert_eq!(deposit_held(ALICE), 2 * ALLOWANCE_DEPOSIT);
		// Set to zero, or spent to zero: removed and released.
		assert_ok!(Erc20::approve(signed(ALICE), TOKEN, DAVE, 0));
		assert_ok!(Erc20::transfer_from(signed(CHARLIE), TOKEN, ALICE, CHARLIE, 50));
		assert!(!Allowances::<Test>::contains_key((TOKEN, ALICE, CHARLIE)));
		assert_eq!(deposit_held(ALICE), 0);
		// Without native balance for the deposit, no new allowance.
		assert_noop!(
			Erc20::approve(signed(BOB), TOKEN, CHARLIE, 1),
			Error::<Test>::InsufficientDeposit
		);
	});
}

/// Attack: an allowance given on an asset that was destroyed came back to life when someone
/// created a new asset with the same id: the spender took the owner's new balance.
#[test]
fn an_allowance_does_not_outlive_its_asset() {
	// Destroying and re-creating the asset changes its supply: not `run_test`'s check.
	new_test_ext().execute_with(|| {
		assert_ok!(Erc20::approve(signed(ALICE), NON_SUFFICIENT, CHARLIE, 100));
		assert_noop!(
			Erc20::remove_stale_allowance(signed(DAVE), NON_SUFFICIENT, ALICE, CHARLIE),
			Error::<Test>::AllowanceNotStale
		);
		// The asset is destroyed and another created with its id; Alice gets some of it.
		let id = NON_SUFFICIENT;
		assert_ok!(Assets::start_destroy(signed(ADMIN), id.into()));
		assert_ok!(Assets::destroy_accounts(signed(ADMIN), id.into()));
		assert_ok!(Assets::destroy_approvals(signed(ADMIN), id.into()));
		assert_ok!(Assets::finish_destroy(signed(ADMIN), id.into()));
		assert_ok!(Assets::create(signed(DAVE_FUNDED), id.into(), DAVE_FUNDED, 1));
		assert_ok!(Assets::mint(signed(DAVE_FUNDED), id.into(), ALICE, 500));
		assert_eq!(allowance(id, ALICE, CHARLIE), 0);
		assert_noop!(
			Erc20::transfer_from(signed(CHARLIE), id, ALICE, CHARLIE, 100),
			Error::<Test>::InsufficientAllowance
		);
		// Anyone removes the stale entry; the deposit goes back to Alice.
		assert_ok!(Erc20::remove_stale_allowance(signed(DAVE), id, ALICE, CHARLIE));
		assert_eq!(deposit_held(ALICE), 0);
		assert_noop!(
			Erc20::remove_stale_allowance(signed(DAVE), id, ALICE, CHARLIE),
			Error::<Test>::NoAllowance
		);
		Erc20::do_try_state().expect("try_state holds");
	});
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
		// Bob holds only the sufficient asset; the allowance's deposit needs a native balance.
		assert_ok!(<Balances as frame_support::traits::fungible::Mutate<_>>::mint_into(&BOB, 100));
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
