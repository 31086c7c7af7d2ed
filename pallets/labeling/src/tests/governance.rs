//! Governance-owned parameters.

use super::*;
use crate::Error;
use frame_support::{assert_noop, assert_ok, traits::Hooks};

#[test]
fn only_governance_updates_params_and_only_to_valid_ones() {
	run_test(|| {
		let update = ParamsUpdate { min_stake: Some(500), ..Default::default() };
		assert_noop!(
			Labeling::update_params(RuntimeOrigin::signed(A), update.clone()),
			sp_runtime::DispatchError::BadOrigin
		);
		let invalid: Vec<ParamsUpdate<Balance, u64>> = vec![
			// Unbonding must outlast the longest settlement (20 + 20 + an appeal window of 0).
			ParamsUpdate { unbonding_period: Some(40), ..Default::default() },
			ParamsUpdate { max_commit_window: Some(81), ..Default::default() },
			ParamsUpdate { dispute_period: Some(61), ..Default::default() },
			ParamsUpdate { max_redundancy: Some(9), ..Default::default() },
			ParamsUpdate { min_redundancy: Some(6), ..Default::default() },
			ParamsUpdate { min_commit_window: Some(0), ..Default::default() },
			ParamsUpdate { min_reveal_window: Some(21), ..Default::default() },
			ParamsUpdate { max_rounds: Some(0), ..Default::default() },
			ParamsUpdate { max_open_slots: Some(0), ..Default::default() },
			ParamsUpdate { failure_window: Some(33), ..Default::default() },
			ParamsUpdate { failure_window: Some(0), ..Default::default() },
			ParamsUpdate { slot_collateral: Some(0), ..Default::default() },
			ParamsUpdate { slot_collateral: Some(101), ..Default::default() },
		];
		for bad in invalid {
			assert_noop!(
				Labeling::update_params(RuntimeOrigin::root(), bad),
				Error::<Test>::InvalidParams
			);
		}
		assert_ok!(Labeling::update_params(RuntimeOrigin::root(), update));
		let params = Parameters::<Test>::get();
		assert_eq!(params, crate::Params { min_stake: 500, ..test_params() });
		assert!(labeling_events().contains(&Event::ParamsUpdated { params }));
	});
}

#[test]
fn the_pallet_uses_the_new_values() {
	run_test(|| {
		bond(A, 300);
		let task = create(vec![item(1), item(2)]);
		assert_ok!(Labeling::take_slot(RuntimeOrigin::signed(A), task, 0));
		assert_ok!(Labeling::update_params(
			RuntimeOrigin::root(),
			ParamsUpdate { min_stake: Some(500), ..Default::default() }
		));
		assert_noop!(
			Labeling::take_slot(RuntimeOrigin::signed(A), task, 1),
			Error::<Test>::InsufficientStake
		);
		// New tasks must ask for at least the new minimum.
		assert_noop!(
			Labeling::create_task(
				RuntimeOrigin::signed(VENDOR),
				spec(),
				BoundedVec::truncate_from(vec![item(3)])
			),
			Error::<Test>::MinStakeTooLow
		);
		assert_ok!(Labeling::update_params(
			RuntimeOrigin::root(),
			ParamsUpdate { unbonding_period: Some(200), ..Default::default() }
		));
		assert_ok!(Labeling::unbond(RuntimeOrigin::signed(A), 10));
		assert_eq!(ledger(A).unbonding[0].unlock_at, 201);
	});
}

#[test]
fn integrity_test_accepts_the_mock() {
	new_test_ext().execute_with(|| {
		<Labeling as Hooks<u64>>::integrity_test();
		assert_eq!(Labeling::params_are_valid(&test_params()), Ok(()));
	});
}
