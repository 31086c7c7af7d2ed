//! `transfer`: exact amounts, zero and self transfers, no dust, every refusal with its error.

use super::*;
use crate::Error;
use frame_support::{assert_noop, assert_ok};

#[test]
fn transfer_moves_exactly_the_value_and_emits_transfer() {
	run_test(|| {
		assert_ok!(Erc20::transfer(signed(ALICE), TOKEN, BOB, 250));
		assert_eq!(balance(TOKEN, ALICE), START - 250);
		assert_eq!(balance(TOKEN, BOB), START + 250);
		assert_eq!(erc20_events(), vec![transferred(TOKEN, ALICE, BOB, 250)]);
		// A new account is opened by a transfer of at least the minimum balance.
		assert_ok!(Erc20::transfer(signed(BOB), TOKEN, DAVE, TOKEN_MIN));
		assert_eq!(balance(TOKEN, DAVE), TOKEN_MIN);
	});
}

#[test]
fn zero_transfers_succeed_emit_and_change_nothing() {
	run_test(|| {
		// From an account that holds nothing, to one that does not exist.
		assert_ok!(Erc20::transfer(signed(DAVE), TOKEN, CHARLIE, 0));
		assert_ok!(Erc20::transfer(signed(ALICE), NON_SUFFICIENT, DAVE, 0));
		assert_eq!(balance(TOKEN, CHARLIE), 0);
		assert_eq!(balance(NON_SUFFICIENT, DAVE), 0);
		assert!(!System::account_exists(&DAVE));
		assert_eq!(
			erc20_events(),
			vec![transferred(TOKEN, DAVE, CHARLIE, 0), transferred(NON_SUFFICIENT, ALICE, DAVE, 0)]
		);
		// Still an unknown asset is refused.
		assert_noop!(Erc20::transfer(signed(ALICE), UNKNOWN, BOB, 0), Error::<Test>::UnknownAsset);
	});
}

#[test]
fn self_transfers_are_checked_and_change_nothing() {
	run_test(|| {
		assert_ok!(Erc20::transfer(signed(ALICE), TOKEN, ALICE, START));
		assert_eq!(balance(TOKEN, ALICE), START);
		assert_eq!(erc20_events(), vec![transferred(TOKEN, ALICE, ALICE, START)]);
		assert_noop!(
			Erc20::transfer(signed(ALICE), TOKEN, ALICE, START + 1),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn more_than_the_balance_is_refused() {
	run_test(|| {
		assert_noop!(
			Erc20::transfer(signed(ALICE), TOKEN, BOB, START + 1),
			Error::<Test>::InsufficientBalance
		);
		// An account that never held the asset.
		assert_noop!(
			Erc20::transfer(signed(CHARLIE), TOKEN, BOB, 1),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn a_remainder_below_the_minimum_is_refused_never_burned() {
	run_test(|| {
		// 1 000 - 995 = 5 < 10: refused, not rounded up or burned.
		assert_noop!(
			Erc20::transfer(signed(ALICE), TOKEN, BOB, START - 5),
			Error::<Test>::WouldLeaveDust
		);
		// Leaving exactly the minimum is fine.
		assert_ok!(Erc20::transfer(signed(ALICE), TOKEN, BOB, START - TOKEN_MIN));
		assert_eq!(balance(TOKEN, ALICE), TOKEN_MIN);
		// So is sending everything: the account is closed and the recipient gets it all.
		assert_ok!(Erc20::transfer(signed(ALICE), TOKEN, BOB, TOKEN_MIN));
		assert_eq!(balance(TOKEN, ALICE), 0);
		assert_eq!(balance(TOKEN, BOB), 2 * START);
	});
}

#[test]
fn an_account_holding_only_the_sufficient_asset_can_send_it_all() {
	run_test(|| {
		assert!(System::account_exists(&BOB));
		assert_eq!(pallet_balances::Pallet::<Test>::free_balance(BOB), 0);
		assert_ok!(Erc20::transfer(signed(BOB), TOKEN, DAVE, START));
		assert_eq!(balance(TOKEN, DAVE), START);
		// Nothing keeps Bob's account any more; Dave's exists through the sufficient asset.
		assert!(!System::account_exists(&BOB));
		assert!(System::account_exists(&DAVE));
	});
}

#[test]
fn a_new_recipient_must_receive_at_least_the_minimum() {
	run_test(|| {
		assert_noop!(
			Erc20::transfer(signed(ALICE), TOKEN, DAVE, TOKEN_MIN - 1),
			Error::<Test>::BelowMinimum
		);
		// An existing account may receive less than the minimum.
		assert_ok!(Erc20::transfer(signed(ALICE), TOKEN, BOB, 1));
		assert_eq!(balance(TOKEN, BOB), START + 1);
	});
}

#[test]
fn a_non_sufficient_asset_needs_a_recipient_with_a_native_balance() {
	run_test(|| {
		assert_noop!(
			Erc20::transfer(signed(ALICE), NON_SUFFICIENT, DAVE, 10),
			Error::<Test>::CannotCreate
		);
		assert_ok!(Erc20::transfer(signed(ALICE), NON_SUFFICIENT, CHARLIE, 10));
		assert_eq!(balance(NON_SUFFICIENT, CHARLIE), 10);
	});
}

#[test]
fn frozen_and_blocked_accounts_and_assets_are_refused() {
	run_test(|| {
		// A frozen sender can neither send nor be spent from, but can receive.
		assert_ok!(Assets::freeze(signed(ADMIN), TOKEN.into(), ALICE));
		assert_noop!(Erc20::transfer(signed(ALICE), TOKEN, BOB, 10), Error::<Test>::Frozen);
		assert_ok!(Erc20::transfer(signed(BOB), TOKEN, ALICE, 10));
		assert_ok!(Assets::thaw(signed(ADMIN), TOKEN.into(), ALICE));
		assert_ok!(Erc20::transfer(signed(ALICE), TOKEN, BOB, 10));

		// A blocked account can neither send nor receive.
		assert_ok!(Assets::block(signed(ADMIN), TOKEN.into(), BOB));
		assert_noop!(Erc20::transfer(signed(BOB), TOKEN, ALICE, 10), Error::<Test>::Frozen);
		assert_noop!(
			Erc20::transfer(signed(ALICE), TOKEN, BOB, 10),
			Error::<Test>::RecipientBlocked
		);
		assert_ok!(Assets::thaw(signed(ADMIN), TOKEN.into(), BOB));

		// A frozen asset moves for no one.
		assert_ok!(Assets::freeze_asset(signed(ADMIN), TOKEN.into()));
		assert_noop!(Erc20::transfer(signed(ALICE), TOKEN, BOB, 10), Error::<Test>::Frozen);
		assert_ok!(Assets::thaw_asset(signed(ADMIN), TOKEN.into()));
		assert_ok!(Erc20::transfer(signed(ALICE), TOKEN, BOB, 10));
	});
}

#[test]
fn an_unknown_asset_is_refused() {
	run_test(|| {
		assert_noop!(Erc20::transfer(signed(ALICE), UNKNOWN, BOB, 10), Error::<Test>::UnknownAsset);
	});
}

#[test]
fn unsigned_calls_are_refused() {
	run_test(|| {
		assert_noop!(
			Erc20::transfer(RuntimeOrigin::none(), TOKEN, BOB, 10),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}
