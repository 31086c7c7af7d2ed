//! Governance-owned parameters: validation as a whole, and updates.

use crate::{pallet::*, types::*, ParamsOf, ParamsUpdateOf};
use frame_support::{ensure, traits::Get};
use sp_runtime::{
	traits::{Saturating, Zero},
	DispatchResult,
};

impl<T: Config> Pallet<T> {
	/// Checks that parameters are consistent:
	/// - redundancy bounds within `1..=MaxRedundancy`, window bounds ordered and non-zero;
	/// - at least one round, one open slot, a failure window of `1..=32` labels;
	/// - a non-zero slot collateral no larger than the minimum stake;
	/// - an unbonding period longer than the longest settlement including a dispute, so that
	///   nobody can withdraw stake before a penalty for a slot reaches it.
	pub fn params_are_valid(p: &ParamsOf<T>) -> DispatchResult {
		ensure!(
			p.min_redundancy >= 1
				&& p.min_redundancy <= p.max_redundancy
				&& p.max_redundancy <= T::MaxRedundancy::get(),
			Error::<T>::InvalidParams
		);
		ensure!(
			!p.min_commit_window.is_zero() && p.min_commit_window <= p.max_commit_window,
			Error::<T>::InvalidParams
		);
		ensure!(
			!p.min_reveal_window.is_zero() && p.min_reveal_window <= p.max_reveal_window,
			Error::<T>::InvalidParams
		);
		ensure!(p.max_rounds >= 1 && p.max_open_slots >= 1, Error::<T>::InvalidParams);
		ensure!(
			p.failure_window >= 1 && p.failure_window <= MAX_FAILURE_WINDOW,
			Error::<T>::InvalidParams
		);
		ensure!(
			!p.slot_collateral.is_zero() && p.slot_collateral <= p.min_stake,
			Error::<T>::InvalidParams
		);
		let longest_settlement = p
			.max_commit_window
			.saturating_add(p.max_reveal_window)
			.saturating_add(p.dispute_period);
		ensure!(p.unbonding_period > longest_settlement, Error::<T>::InvalidParams);
		Ok(())
	}

	/// Applies `update` to the parameters if the result is valid.
	pub fn do_update_params(update: ParamsUpdateOf<T>) -> DispatchResult {
		let params = Parameters::<T>::get().updated(update);
		Self::params_are_valid(&params)?;
		Parameters::<T>::put(&params);
		Self::deposit_event(Event::ParamsUpdated { params });
		Ok(())
	}
}
