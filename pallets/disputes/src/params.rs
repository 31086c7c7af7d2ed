//! Governance-owned parameters: validation as a whole, and updates.

use crate::{pallet::*, ParamsOf, ParamsUpdateOf};
use frame_support::{ensure, traits::Get};
use sp_runtime::{traits::Zero, DispatchResult, Perbill};

impl<T: Config> Pallet<T> {
	/// Checks that parameters are consistent:
	/// - a first panel of at least `MinPanelSize` seats, at least one round, and the last
	///   round's panel fits `MaxPanelSize`;
	/// - a panel delay of at least 2 blocks (the draw's seed is a block produced after the
	///   case opened) and non-zero voting windows;
	/// - a non-zero reviewer stake, and a quorum of more than half the panel.
	pub fn params_are_valid(p: &ParamsOf<T>) -> DispatchResult {
		ensure!(
			p.first_panel >= T::MinPanelSize::get().max(1) && p.max_rounds >= 1,
			Error::<T>::InvalidParams
		);
		ensure!(
			p.panel_size(p.max_rounds.saturating_sub(1)) <= T::MaxPanelSize::get(),
			Error::<T>::InvalidParams
		);
		ensure!(p.panel_delay >= 2u32.into(), Error::<T>::InvalidParams);
		ensure!(
			!p.commit_window.is_zero() && !p.reveal_window.is_zero(),
			Error::<T>::InvalidParams
		);
		ensure!(!p.reviewer_stake.is_zero(), Error::<T>::InvalidParams);
		ensure!(p.quorum > Perbill::from_percent(50), Error::<T>::InvalidParams);
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
