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
			// Unbonding at least one stage (20 + 20).
			ParamsUpdate { unbonding_period: Some(39), ..Default::default() },
			ParamsUpdate { max_commit_window: Some(81), ..Default::default() },
			ParamsUpdate { max_seats: Some(9), ..Default::default() },
			ParamsUpdate { min_redundancy: Some(8), ..Default::default() },
			ParamsUpdate { escalation_seats: Some(0), ..Default::default() },
			ParamsUpdate { min_commit_window: Some(0), ..Default::default() },
			ParamsUpdate { min_reveal_window: Some(21), ..Default::default() },
			ParamsUpdate { max_rounds: Some(0), ..Default::default() },
			ParamsUpdate { max_open_seats: Some(0), ..Default::default() },
			ParamsUpdate { max_open_seats: Some(17), ..Default::default() },
			ParamsUpdate { pay_cap_percent: Some(99), ..Default::default() },
			// Penalties must be able to match the pay cap.
			ParamsUpdate { collateral_percent: Some(199), ..Default::default() },
			ParamsUpdate { min_collateral: Some(0), ..Default::default() },
			ParamsUpdate { min_collateral: Some(101), ..Default::default() },
			ParamsUpdate { prior_fails: Some(0), ..Default::default() },
			ParamsUpdate { max_vote_weight: Some(0), ..Default::default() },
			// One failure must never suspend on its own.
			ParamsUpdate { suspension_threshold: Some(916_291), ..Default::default() },
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
		seat(A, task, 1);
		assert_ok!(Labeling::update_params(
			RuntimeOrigin::root(),
			ParamsUpdate { min_stake: Some(500), ..Default::default() }
		));
		assert_noop!(
			Labeling::request_seats(RuntimeOrigin::signed(A), task, 1),
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
		assert_eq!(ledger(A).unbonding[0].unlock_at, 202);
	});
}

#[test]
fn integrity_test_accepts_the_mock() {
	new_test_ext().execute_with(|| {
		<Labeling as Hooks<u64>>::integrity_test();
		assert_eq!(Labeling::params_are_valid(&test_params()), Ok(()));
	});
}
