//! Transfers with ERC-20 semantics: exactly the amount asked, zero allowed, never dust.
//!
//! Every condition that would make the registry refuse the transfer, or change its amount, is
//! checked first and answered with this pallet's own error, so nothing is written unless the
//! whole transfer happens as asked.

use crate::{pallet::*, AssetIdOf, BalanceOf};
use frame_support::{
	ensure,
	traits::{
		fungibles::{Inspect, Mutate},
		tokens::{DepositConsequence, Preservation, Provenance, WithdrawConsequence},
	},
};
use sp_runtime::{traits::Zero, DispatchResult};

impl<T: Config> Pallet<T> {
	/// Moves exactly `value` of `asset` from `from` to `to` and emits [`Event::Transfer`].
	///
	/// A zero `value`, or `from == to`, changes no balance but is checked like any transfer
	/// (the asset must exist, the sender must be able to spend `value`) and emits the event,
	/// as ERC-20 requires.
	pub fn do_transfer(
		asset: AssetIdOf<T>,
		from: &T::AccountId,
		to: &T::AccountId,
		value: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(T::Assets::asset_exists(asset.clone()), Error::<T>::UnknownAsset);
		if !value.is_zero() {
			Self::ensure_can_send(asset.clone(), from, value)?;
			if from != to {
				Self::ensure_can_receive(asset.clone(), to, value)?;
				// Checked above: the sender keeps zero or at least the minimum balance, so the
				// registry moves exactly `value` (no dust is added or burned).
				let moved =
					T::Assets::transfer(asset.clone(), from, to, value, Preservation::Expendable)?;
				ensure!(moved == value, Error::<T>::InsufficientBalance);
			}
		}
		Self::deposit_event(Event::Transfer { asset, from: from.clone(), to: to.clone(), value });
		Ok(())
	}

	/// Whether `from` can give away exactly `value`: enough balance, not frozen or blocked, and
	/// either nothing or at least the minimum balance left.
	pub fn ensure_can_send(
		asset: AssetIdOf<T>,
		from: &T::AccountId,
		value: BalanceOf<T>,
	) -> DispatchResult {
		match T::Assets::can_withdraw(asset, from, value) {
			WithdrawConsequence::Success => Ok(()),
			// Sending the whole balance empties the account: allowed, nothing is lost.
			WithdrawConsequence::ReducedToZero(rest) if rest.is_zero() => Ok(()),
			WithdrawConsequence::ReducedToZero(_) => Err(Error::<T>::WouldLeaveDust.into()),
			WithdrawConsequence::BalanceLow | WithdrawConsequence::WouldDie => {
				Err(Error::<T>::InsufficientBalance.into())
			}
			WithdrawConsequence::Frozen => Err(Error::<T>::Frozen.into()),
			WithdrawConsequence::UnknownAsset => Err(Error::<T>::UnknownAsset.into()),
			WithdrawConsequence::Underflow | WithdrawConsequence::Overflow => {
				Err(Error::<T>::Overflow.into())
			}
		}
	}

	/// Whether `to` can receive `value`: an account exists or `value` opens one, and it is not
	/// blocked.
	pub fn ensure_can_receive(
		asset: AssetIdOf<T>,
		to: &T::AccountId,
		value: BalanceOf<T>,
	) -> DispatchResult {
		match T::Assets::can_deposit(asset, to, value, Provenance::Extant) {
			DepositConsequence::Success => Ok(()),
			DepositConsequence::BelowMinimum => Err(Error::<T>::BelowMinimum.into()),
			DepositConsequence::CannotCreate => Err(Error::<T>::CannotCreate.into()),
			DepositConsequence::Blocked => Err(Error::<T>::RecipientBlocked.into()),
			DepositConsequence::UnknownAsset => Err(Error::<T>::UnknownAsset.into()),
			DepositConsequence::Overflow => Err(Error::<T>::Overflow.into()),
		}
	}
}
