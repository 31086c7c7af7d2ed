//! Allowances: `approve` sets, `transfer_from` spends, `increase`/`decrease_allowance` adjust;
//! every stored allowance holds a deposit and belongs to one generation of its asset.

use crate::{pallet::*, Allowance, AssetIdOf, BalanceOf};
use frame_support::{
	ensure,
	traits::{fungible::MutateHold, fungibles::Inspect, tokens::Precision, Get},
};
use sp_runtime::{
	traits::{Bounded, CheckedAdd, CheckedSub, Zero},
	DispatchResult,
};

impl<T: Config> Pallet<T> {
	/// The runtime reports that `asset` was created: allowances of any earlier asset with
	/// this id are now worth zero. Attack it stops: an allowance given on an asset that was
	/// destroyed came back to life when someone created an asset with the same id, letting
	/// the spender take the owner's balance of the new one.
	pub fn note_asset_created(asset: &AssetIdOf<T>) {
		AssetGenerations::<T>::mutate(asset, |g| *g = g.wrapping_add(1));
	}

	/// What `spender` may move of `owner`'s `asset` now: zero without an allowance, or with
	/// one of an earlier generation of the asset.
	pub fn allowance_of(
		asset: &AssetIdOf<T>,
		owner: &T::AccountId,
		spender: &T::AccountId,
	) -> BalanceOf<T> {
		match Allowances::<T>::get((asset, owner, spender)) {
			Some(a) if a.generation == AssetGenerations::<T>::get(asset) => a.value,
			_ => Zero::zero(),
		}
	}

	/// Sets `spender`'s allowance over `owner`'s `asset` to `value` (zero removes it) and emits
	/// [`Event::Approval`].
	pub fn do_approve(
		asset: AssetIdOf<T>,
		owner: &T::AccountId,
		spender: &T::AccountId,
		value: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(T::Assets::asset_exists(asset.clone()), Error::<T>::UnknownAsset);
		Self::set_allowance(asset, owner, spender, value)
	}

	/// `spender` moves `value` of `from`'s `asset` to `to`, spending as much allowance.
	///
	/// The largest balance is an infinite allowance and is not decreased. No `Approval` event
	/// is emitted for the spent allowance (as in OpenZeppelin's ERC-20 since v5); the new value
	/// is readable through the `allowance` view. An allowance spent to zero is removed and its
	/// deposit released.
	pub fn do_transfer_from(
		asset: AssetIdOf<T>,
		spender: &T::AccountId,
		from: &T::AccountId,
		to: &T::AccountId,
		value: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(T::Assets::asset_exists(asset.clone()), Error::<T>::UnknownAsset);
		let allowance = Self::allowance_of(&asset, from, spender);
		let left = allowance.checked_sub(&value).ok_or(Error::<T>::InsufficientAllowance)?;
		// Checks every condition of the transfer before anything is written.
		Self::do_transfer(asset.clone(), from, to, value)?;
		if allowance != BalanceOf::<T>::max_value() && !value.is_zero() {
			let key = (asset, from.clone(), spender.clone());
			if left.is_zero() {
				Self::remove_entry(&key);
			} else {
				Allowances::<T>::mutate(&key, |a| {
					if let Some(a) = a {
						a.value = left;
					}
				});
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
		let current = Self::allowance_of(&asset, owner, spender);
		let value = current.checked_add(&added).ok_or(Error::<T>::Overflow)?;
		Self::set_allowance(asset, owner, spender, value)
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
		let current = Self::allowance_of(&asset, owner, spender);
		let value = current.checked_sub(&subtracted).ok_or(Error::<T>::AllowanceBelowZero)?;
		Self::set_allowance(asset, owner, spender, value)
	}

	/// Removes an allowance worth zero because its asset is gone or was created anew, and
	/// releases its deposit to the owner.
	pub fn do_remove_stale_allowance(
		asset: AssetIdOf<T>,
		owner: &T::AccountId,
		spender: &T::AccountId,
	) -> DispatchResult {
		let key = (asset.clone(), owner.clone(), spender.clone());
		let stored = Allowances::<T>::get(&key).ok_or(Error::<T>::NoAllowance)?;
		ensure!(
			!T::Assets::asset_exists(asset.clone())
				|| stored.generation != AssetGenerations::<T>::get(&asset),
			Error::<T>::AllowanceNotStale
		);
		Self::remove_entry(&key);
		Self::deposit_event(Event::Approval {
			asset,
			owner: owner.clone(),
			spender: spender.clone(),
			value: Zero::zero(),
		});
		Ok(())
	}

	/// Stores an allowance in the asset's current generation (removing it at zero; a new
	/// entry holds the deposit from the owner) and emits [`Event::Approval`].
	fn set_allowance(
		asset: AssetIdOf<T>,
		owner: &T::AccountId,
		spender: &T::AccountId,
		value: BalanceOf<T>,
	) -> DispatchResult {
		let key = (asset.clone(), owner.clone(), spender.clone());
		let generation = AssetGenerations::<T>::get(&asset);
		match Allowances::<T>::get(&key) {
			_ if value.is_zero() => Self::remove_entry(&key),
			Some(stored) => {
				Allowances::<T>::insert(&key, Allowance { value, generation, ..stored });
			}
			None => {
				let deposit = T::AllowanceDeposit::get();
				T::Currency::hold(&HoldReason::AllowanceDeposit.into(), owner, deposit)
					.map_err(|_| Error::<T>::InsufficientDeposit)?;
				Allowances::<T>::insert(&key, Allowance { value, generation, deposit });
			}
		}
		Self::deposit_event(Event::Approval {
			asset,
			owner: owner.clone(),
			spender: spender.clone(),
			value,
		});
		Ok(())
	}

	/// Removes a stored allowance and releases its deposit to the owner.
	fn remove_entry(key: &(AssetIdOf<T>, T::AccountId, T::AccountId)) {
		if let Some(stored) = Allowances::<T>::take(key) {
			// The hold was made when the entry was stored: releasing it cannot fall short.
			let _ = T::Currency::release(
				&HoldReason::AllowanceDeposit.into(),
				&key.1,
				stored.deposit,
				Precision::BestEffort,
			);
		}
	}

	/// `try_state`: no stored allowance is zero (zero is stored as absence), and each owner's
	/// held allowance deposits are exactly their entries' deposits.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::traits::fungible::InspectHold;
		use sp_runtime::traits::Saturating;
		let mut held: alloc::collections::BTreeMap<T::AccountId, crate::NativeBalanceOf<T>> =
			Default::default();
		for ((_, owner, _), a) in Allowances::<T>::iter() {
			ensure!(!a.value.is_zero(), "a zero allowance is stored");
			let sum = held.entry(owner).or_default();
			*sum = sum.saturating_add(a.deposit);
		}
		for (owner, sum) in held {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::AllowanceDeposit.into(), &owner) == sum,
				"allowance deposits do not match the held balance"
			);
		}
		Ok(())
	}
}
