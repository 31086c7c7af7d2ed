//! Governance-owned parameters: validation as a whole, and updates.

use crate::{pallet::*, ParamsOf, ParamsUpdateOf};
use frame_support::{ensure, traits::Get};
use sp_runtime::{
	traits::{Saturating, Zero},
	DispatchResult,
};

impl<T: Config> Pallet<T> {
	/// Checks that parameters are consistent:
	/// - seat bounds within `1..=MaxSeats`, an escalation of at least one seat, window bounds
	///   ordered and non-zero;
	/// - at least one round, one open seat (at most `MaxOpenSeats`);
	/// - a pay cap of at least the reward (100 %), a collateral of at least the pay cap's worth
	///   (`collateral_percent ≥ pay_cap_percent`), and a non-zero minimum collateral no larger
	///   than the minimum stake;
	/// - a positive probation prior and maximum weight, and a suspension rule that a first
	///   failure never triggers on its own;
	/// - an unbonding period of at least a commit and a reveal window. Every penalty falls on
	///   collateral that stays locked (not unbondable) until its seat is judged, so the period
	///   only keeps stake from leaving faster than a stage runs.
	pub fn params_are_valid(p: &ParamsOf<T>) -> DispatchResult {
		ensure!(
			p.min_redundancy >= 1
				&& p.min_redundancy <= p.max_seats
				&& p.max_seats <= T::MaxSeats::get()
				&& p.escalation_seats >= 1,
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
		ensure!(
			p.max_rounds >= 1
				&& p.max_open_seats >= 1
				&& p.max_open_seats <= T::MaxOpenSeats::get(),
			Error::<T>::InvalidParams
		);
		ensure!(
			p.pay_cap_percent >= 100 && p.collateral_percent >= p.pay_cap_percent,
			Error::<T>::InvalidParams
		);
		ensure!(
			!p.min_collateral.is_zero() && p.min_collateral <= p.min_stake,
			Error::<T>::InvalidParams
		);
		ensure!(
			p.prior_passes >= 1 && p.prior_fails >= 1 && p.max_vote_weight >= 1,
			Error::<T>::InvalidParams
		);
		ensure!(p.suspension_threshold > p.risk_per_failure, Error::<T>::InvalidParams);
		ensure!(
			p.unbonding_period >= p.max_commit_window.saturating_add(p.max_reveal_window),
			Error::<T>::InvalidParams
		);
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
