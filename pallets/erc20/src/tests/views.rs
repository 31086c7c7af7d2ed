//! The ERC-20 views behind `Erc20Api`.

use super::*;
use frame_support::assert_ok;

#[test]
fn views_read_the_registry_and_the_allowances() {
	run_test(|| {
		assert_eq!(Erc20::token_name(TOKEN), Some(b"LabelChain Token".to_vec()));
		assert_eq!(Erc20::token_symbol(TOKEN), Some(b"LBL".to_vec()));
		assert_eq!(Erc20::token_decimals(TOKEN), Some(12));
		assert_eq!(Erc20::total_supply(TOKEN), Some(2 * START));
		assert_eq!(Erc20::balance_of(TOKEN, &ALICE), Some(START));
		assert_eq!(Erc20::balance_of(TOKEN, &DAVE), Some(0));
		assert_eq!(Erc20::allowance(TOKEN, &ALICE, &CHARLIE), Some(0));
		assert_ok!(Erc20::approve(signed(ALICE), TOKEN, CHARLIE, 42));
		assert_eq!(Erc20::allowance(TOKEN, &ALICE, &CHARLIE), Some(42));
		// An asset without metadata has an empty name and symbol and 0 decimals.
		assert_eq!(Erc20::token_name(NON_SUFFICIENT), Some(vec![]));
		assert_eq!(Erc20::token_decimals(NON_SUFFICIENT), Some(0));
	});
}

#[test]
fn views_of_an_unknown_asset_are_none() {
	run_test(|| {
		assert_eq!(Erc20::token_name(UNKNOWN), None);
		assert_eq!(Erc20::token_symbol(UNKNOWN), None);
		assert_eq!(Erc20::token_decimals(UNKNOWN), None);
		assert_eq!(Erc20::total_supply(UNKNOWN), None);
		assert_eq!(Erc20::balance_of(UNKNOWN, &ALICE), None);
		assert_eq!(Erc20::allowance(UNKNOWN, &ALICE, &CHARLIE), None);
	});
}
