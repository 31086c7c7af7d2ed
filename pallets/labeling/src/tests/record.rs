//! The track record's deposit: held at the first bond, kept while the record is stored,
//! returned only for a clean record of an annotator with no stake left.

use super::*;
use crate::{types::Reputation, Error, Event};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect as _, InspectHold},
};

fn held(who: AccountId) -> Balance {
	<Balances as InspectHold<AccountId>>::balance_on_hold(
		&RuntimeHoldReason::Labeling(crate::HoldReason::RecordDeposit),
		&who,
	)
}

/// `who` unbonds and withdraws everything, so that no stake is left.
fn withdraw_all(who: AccountId) {
	let bonded = Stakes::<Test>::get(who).map(|l| l.bonded).unwrap_or_default();
	assert_ok!(Labeling::unbond(RuntimeOrigin::signed(who), bonded));
	run_to_block(System::block_number() + 101);
	assert_ok!(Labeling::withdraw_unbonded(RuntimeOrigin::signed(who)));
	assert!(Stakes::<Test>::get(who).is_none_or(|l| Labeling::stake_is_empty(&l)));
}

#[test]
fn the_first_bond_holds_the_record_deposit_once() {
	run_test(|| {
		bond(A, 300);
		assert_eq!(held(A), RECORD_DEPOSIT);
		assert!(System::events().iter().any(|r| r.event ==
			RuntimeEvent::Labeling(Event::RecordDepositHeld { who: A, deposit: RECORD_DEPOSIT })));
		bond(A, 100);
		assert_eq!(held(A), RECORD_DEPOSIT, "held once");
		assert_eq!(Balances::balance(&A), NATIVE_START - RECORD_DEPOSIT);
	});
}

#[test]
fn an_account_that_cannot_pay_the_record_deposit_does_not_bond() {
	run_test(|| {
		// Attack: sybil accounts funded with the stake asset only, each leaving a track record
		// in storage for good.
		let sybil: AccountId = 77;
		assert_ok!(<Assets as frame_support::traits::fungibles::Mutate<AccountId>>::mint_into(
			STAKE, &sybil, 1_000
		));
		assert_noop!(
			Labeling::bond(RuntimeOrigin::signed(sybil), 300),
			Error::<Test>::CannotHoldRecordDeposit
		);
		assert!(!Stakes::<Test>::contains_key(sybil));
		assert_eq!(lbl(sybil), 1_000);
	});
}

#[test]
fn a_withdrawn_annotator_forgets_a_clean_record_and_gets_the_deposit_back() {
	run_test(|| {
		bond(A, 300);
		Labeling::insert_record(
			&A,
			Reputation { labels: 4, agreements: 4, gold_passes: 1, ..Default::default() },
		);
		assert_noop!(
			Labeling::forget_record(RuntimeOrigin::signed(A)),
			Error::<Test>::StillStaked
		);
		withdraw_all(A);
		// Still stored, with its deposit, after the stake is gone; to the staking calls the
		// ledger holds nothing.
		assert_eq!(Labeling::record_of(&A).labels, 4);
		assert_eq!(held(A), RECORD_DEPOSIT);
		assert_noop!(Labeling::unbond(RuntimeOrigin::signed(A), 1), Error::<Test>::NotStaked);
		assert_noop!(
			Labeling::withdraw_unbonded(RuntimeOrigin::signed(A)),
			Error::<Test>::NotStaked
		);
		assert_ok!(Labeling::forget_record(RuntimeOrigin::signed(A)));
		assert!(!Stakes::<Test>::contains_key(A));
		assert_eq!(held(A), 0);
		assert_eq!(Balances::balance(&A), NATIVE_START);
		assert_eq!(
			System::events().last().map(|r| r.event.clone()),
			Some(RuntimeEvent::Labeling(Event::RecordForgotten { who: A, deposit: RECORD_DEPOSIT }))
		);
		assert_noop!(
			Labeling::forget_record(RuntimeOrigin::signed(A)),
			Error::<Test>::NoRecordDeposit
		);
		// Coming back holds a new deposit.
		bond(A, 300);
		assert_eq!(held(A), RECORD_DEPOSIT);
	});
}

#[test]
fn a_record_with_anything_against_it_keeps_its_deposit() {
	run_test(|| {
		// Attack: an annotator with failures on record withdraws and drops the record, to come
		// back with a fresh one.
		type Mark = fn(&mut crate::types::Reputation);
		let marks: [Mark; 7] = [
			|r| r.strikes = 1,
			|r| r.disagreements = 1,
			|r| r.gold_fails = 1,
			|r| r.credited_fails = 1,
			|r| r.no_reveals = 1,
			|r| r.suspensions = 1,
			|r| r.risk = 1,
		];
		bond(A, 300);
		withdraw_all(A);
		for mark in marks {
			let mut record = Reputation::default();
			mark(&mut record);
			Labeling::insert_record(&A, record);
			assert_noop!(
				Labeling::forget_record(RuntimeOrigin::signed(A)),
				Error::<Test>::RecordNotClean
			);
		}
		assert_eq!(held(A), RECORD_DEPOSIT);
		assert!(Stakes::<Test>::contains_key(A));
		// Someone who never bonded has nothing to forget.
		assert_noop!(
			Labeling::forget_record(RuntimeOrigin::signed(OUTSIDER)),
			Error::<Test>::NoRecordDeposit
		);
	});
}

#[test]
fn try_state_catches_a_record_without_its_deposit() {
	new_test_ext().execute_with(|| {
		Labeling::insert_record(&B, Reputation { labels: 1, ..Default::default() });
		assert!(Labeling::check_invariants(true).is_err());
	});
}
