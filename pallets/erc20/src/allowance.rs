//! Allowances: `approve` sets, `transfer_from` spends, `increase`/`decrease_allowance` adjust.

use crate::{pallet::*, AssetIdOf, BalanceOf};
use frame_support::{ensure, traits::fungibles::Inspect};
use sp_runtime::{
	traits::{Bounded, CheckedAdd, CheckedSub, Zero},
	DispatchResult,
};

impl<T: Config> Pallet<T> {
	/// Sets `spender`'s allowance over `owner`'s `asset` to `value` (zero removes it) and emits
	/// [`Event::Approval`].
	pub fn do_approve(
		asset: AssetIdOf<T>,
		owner: &T::AccountId,
		spender: &T::AccountId,
		value: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(T::Assets::asset_exists(asset.clone()), Error::<T>::UnknownAsset);
		Self::set_allowance(asset, owner, spender, value);
		Ok(())
	}

	/// `spender` moves `value` of `from`'s `asset` to `to`, spending as much allowance.
	///
	/// The largest balance is an infinite allowance and is not decreased. No `Approval` event
	/// is emitted for the spent allowance (as in OpenZeppelin's ERC-20 since v5); the new value
	/// is readable through the `allowance` view.
	pub fn do_transfer_from(
		asset: AssetIdOf<T>,
		spender: &T::AccountId,
		from: &T::AccountId,
		to: &T::AccountId,
		value: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(T::Assets::asset_exists(asset.clone()), Error::<T>::UnknownAsset);
		let key = (asset.clone(), from.clone(), spender.clone());
		let allowance = Allowances::<T>::get(&key);
		let left = allowance.checked_sub(&value).ok_or(Error::<T>::InsufficientAllowance)?;
		// Checks every condition of the transfer before anything is written.
		Self::do_transfer(asset, from, to, value)?;
		if allowance != BalanceOf::<T>::max_value() && !value.is_zero() {
			if left.is_zero() {
				Allowances::<T>::remove(&key);
			} else {
				Allowances::<T>::insert(&key, left);
			}
		}
		Ok(())
	}

	/// Raises `spender`'s allowance over `owner`'s `asset` by `added`.
	pub fn do_increase_allowance(
		asset: AssetIdOf<T>,
		owner: &T::AccountId,
		spender: &T::AccountId,
		added: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(T::Assets::asset_exists(asset.clone()), Error::<T>::UnknownAsset);
		let current = Allowances::<T>::get((asset.clone(), owner, spender));
		let value = current.checked_add(&added).ok_or(Error::<T>::Overflow)?;
		Self::set_allowance(asset, owner, spender, value);
		Ok(())
	}

	/// Lowers `spender`'s allowance over `owner`'s `asset` by `subtracted`; more than the
	/// allowance is an error, not a floor at zero (a spender who front-runs the decrease must
	/// not make it silently succeed with a different meaning).
	pub fn do_decrease_allowance(
		asset: AssetIdOf<T>,
		owner: &T::AccountId,
		spender: &T::AccountId,
		subtracted: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(T::Assets::asset_exists(asset.clone()), Error::<T>::UnknownAsset);
		let current = Allowances::<T>::get((asset.clone(), owner, spender));
		let value = current.checked_sub(&subtracted).ok_or(Error::<T>::AllowanceBelowZero)?;
		Self::set_allowance(asset, owner, spender, value);
		Ok(())
	}

	/// Stores an allowance (removing it at zero) and emits [`Event::Approval`].
	fn set_allowance(
		asset: AssetIdOf<T>,
		owner: &T::AccountId,
		spender: &T::AccountId,
		value: BalanceOf<T>,
	) {
		let key = (asset.clone(), owner.clone(), spender.clone());
		if value.is_zero() {
			Allowances::<T>::remove(&key);
		} else {
			Allowances::<T>::insert(&key, value);
		}
		Self::deposit_event(Event::Approval {
			asset,
			owner: owner.clone(),
			spender: spender.clone(),
			value,
		});
	}

	/// `try_state`: no stored allowance is zero (zero is stored as absence).
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		ensure!(Allowances::<T>::iter_values().all(|v| !v.is_zero()), "a zero allowance is stored");
		Ok(())
	}
}
