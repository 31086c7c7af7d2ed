//! Limits on what crosses: a maximum single transfer and a rate limit per token, direction and
//! period ([`Config::RatePeriod`] blocks), and the pause switch.

use crate::{pallet::*, types::*, BalanceOf, TokenInfoOf};
use frame_support::{ensure, traits::Get};
use sp_runtime::{
	traits::{CheckedAdd, SaturatedConversion, Zero},
	DispatchError, DispatchResult,
};

impl<T: Config> Pallet<T> {
	/// Fails when the bridge is paused.
	pub fn ensure_running() -> DispatchResult {
		ensure!(!Paused::<T>::get(), Error::<T>::BridgePaused);
		Ok(())
	}

	/// The current rate period.
	pub fn current_period() -> u32 {
		let now: u64 = frame_system::Pallet::<T>::block_number().saturated_into();
		let period: u64 = T::RatePeriod::get().saturated_into::<u64>().max(1);
		(now / period).saturated_into()
	}

	/// Checks `amount` against the token's maximum transfer and what is left of its rate limit
	/// in `direction` this period; returns the flow to record once the transfer is made
	/// ([`Self::record_flow`]). Writes nothing.
	pub fn check_allowance(
		info: &TokenInfoOf<T>,
		direction: Direction,
		amount: BalanceOf<T>,
	) -> Result<Flow<BalanceOf<T>>, DispatchError> {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		ensure!(amount <= info.max_transfer, Error::<T>::AboveMaxTransfer);
		let period = Self::current_period();
		let mut flow = Flows::<T>::get(info.asset.clone(), direction);
		if flow.period != period {
			flow = Flow { period, amount: Zero::zero() };
		}
		let total = flow.amount.checked_add(&amount).ok_or(Error::<T>::RateLimited)?;
		ensure!(total <= info.rate_limit, Error::<T>::RateLimited);
		flow.amount = total;
		Ok(flow)
	}

	/// Records a flow from [`Self::check_allowance`].
	pub fn record_flow(info: &TokenInfoOf<T>, direction: Direction, flow: Flow<BalanceOf<T>>) {
		Flows::<T>::insert(info.asset.clone(), direction, flow);
	}
}
