//! Stake: annotators bond the stake asset into the stake pool account, lock a task's collateral
//! per seat, unbond through a period during which it stays slashable, and withdraw.
//!
//! Slashing is accounting: slashed stake moves from a ledger to [`SlashedPot`] without leaving
//! the pool account, so it can never fail on an existential-deposit rule. The pool account holds
//! `Σ bonded + Σ unbonding + slashed pot + seed`.

use crate::{pallet::*, types::*, BalanceOf, StakeLedgerOf};

/// The sub-account index of the stake pool; never a task id.
pub const STAKE_POOL_SUB_ACCOUNT: u32 = u32::MAX;
use frame_support::{
	ensure,
	traits::{
		fungibles::{Inspect, Mutate},
		tokens::Preservation,
		Get,
	},
	PalletId,
};
use sp_runtime::{
	traits::{AccountIdConversion, CheckedAdd, Saturating, Zero},
	DispatchError, DispatchResult, Perbill,
};

impl<T: Config> Pallet<T> {
	/// The account holding every annotator's stake and the slashed pot: the pallet's
	/// sub-account for `u32::MAX`, an id no task can have (task ids stop one short of it).
	pub fn stake_pool_account() -> T::AccountId {
		let id: PalletId = T::PalletId::get();
		id.into_sub_account_truncating(STAKE_POOL_SUB_ACCOUNT)
	}

	/// Total stake of a ledger, bonded and unbonding.
	pub fn ledger_total(ledger: &StakeLedgerOf<T>) -> BalanceOf<T> {
		ledger.unbonding.iter().fold(ledger.bonded, |acc, c| acc.saturating_add(c.amount))
	}

	/// Bonds `amount` of the stake asset from `who`. The very first bond also pays the pool
	/// account's seed (the stake asset's minimum balance); an annotator's first bond holds the
	/// deposit for their track record (see [`crate::record`]).
	pub fn do_bond(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		// All or nothing, also when called outside a dispatch.
		frame_support::storage::with_storage_layer(|| Self::bond_inner(who, amount))
	}

	fn bond_inner(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		Self::ensure_record_deposit(who)?;
		let asset = T::StakeAsset::get();
		let pool = Self::stake_pool_account();
		let mut ledger = Stakes::<T>::get(who).unwrap_or_else(Self::empty_ledger);
		ledger.bonded = ledger.bonded.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
		if PoolSeed::<T>::get().is_zero() {
			let seed = T::Assets::minimum_balance(asset);
			frame_system::Pallet::<T>::inc_providers(&pool);
			if !seed.is_zero() {
				T::Assets::transfer(asset, who, &pool, seed, Preservation::Preserve)?;
				PoolSeed::<T>::put(seed);
			}
		}
		T::Assets::transfer(asset, who, &pool, amount, Preservation::Preserve)?;
		Self::put_ledger(who, ledger);
		Self::deposit_event(Event::Bonded { who: who.clone(), amount });
		Ok(())
	}

	/// Moves `amount` of free bonded stake into an unbonding chunk.
	pub fn do_unbond(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let mut ledger = Self::staked_ledger(who)?;
		let free = ledger.bonded.saturating_sub(ledger.locked);
		ensure!(amount <= free, Error::<T>::InsufficientStake);
		let unlock_at = frame_system::Pallet::<T>::block_number()
			.saturating_add(Parameters::<T>::get().unbonding_period);
		match ledger.unbonding.iter_mut().find(|c| c.unlock_at == unlock_at) {
			Some(chunk) => chunk.amount = chunk.amount.saturating_add(amount),
			None => ledger
				.unbonding
				.try_push(UnbondingChunk { amount, unlock_at })
				.map_err(|_| Error::<T>::TooManyUnbondingChunks)?,
		}
		ledger.bonded = ledger.bonded.saturating_sub(amount);
		Self::put_ledger(who, ledger);
		Self::deposit_event(Event::Unbonding { who: who.clone(), amount, unlock_at });
		Ok(())
	}

	/// Pays out every unbonding chunk whose period is over.
	pub fn do_withdraw_unbonded(who: &T::AccountId) -> DispatchResult {
		let mut ledger = Self::staked_ledger(who)?;
		let now = frame_system::Pallet::<T>::block_number();
		let amount = ledger
			.unbonding
			.iter()
			.filter(|c| c.unlock_at <= now)
			.fold(BalanceOf::<T>::zero(), |acc, c| acc.saturating_add(c.amount));
		ensure!(!amount.is_zero(), Error::<T>::NothingToWithdraw);
		ledger.unbonding.retain(|c| c.unlock_at > now);
		T::Assets::transfer(
			T::StakeAsset::get(),
			&Self::stake_pool_account(),
			who,
			amount,
			Preservation::Preserve,
		)?;
		Self::store_ledger(who, ledger);
		Self::deposit_event(Event::Withdrawn { who: who.clone(), amount });
		Ok(())
	}

	/// Slashes up to `amount` from a ledger, bonded stake first, then the unbonding chunks
	/// that unlock last; returns what was slashed (added to the slashed pot).
	pub(crate) fn slash_ledger(
		who: &T::AccountId,
		ledger: &mut StakeLedgerOf<T>,
		amount: BalanceOf<T>,
	) -> BalanceOf<T> {
		let from_bonded = amount.min(ledger.bonded);
		ledger.bonded = ledger.bonded.saturating_sub(from_bonded);
		let mut remaining = amount.saturating_sub(from_bonded);
		for chunk in ledger.unbonding.iter_mut().rev() {
			if remaining.is_zero() {
				break;
			}
			let take = remaining.min(chunk.amount);
			chunk.amount = chunk.amount.saturating_sub(take);
			remaining = remaining.saturating_sub(take);
		}
		ledger.unbonding.retain(|c| !c.amount.is_zero());
		ledger.locked = ledger.locked.min(ledger.bonded);
		let slashed = amount.saturating_sub(remaining);
		if !slashed.is_zero() {
			SlashedPot::<T>::mutate(|pot| *pot = pot.saturating_add(slashed));
			Self::deposit_event(Event::Slashed { who: who.clone(), amount: slashed });
		}
		slashed
	}

	/// Slashes `fraction` of a seat's `collateral` and releases the collateral's lock; returns
	/// what was slashed.
	pub(crate) fn release_collateral(
		who: &T::AccountId,
		ledger: &mut StakeLedgerOf<T>,
		collateral: BalanceOf<T>,
		fraction: Perbill,
	) -> BalanceOf<T> {
		// Unlock first: the slash (at most the collateral) then never cuts into the bonded
		// stake that other seats' collateral keeps locked.
		ledger.locked = ledger.locked.saturating_sub(collateral);
		Self::slash_ledger(who, ledger, fraction.mul_floor(collateral))
	}

	/// Pays `amount` of the slashed pot to `to`.
	pub fn do_spend_slashed(to: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let pot = SlashedPot::<T>::get();
		ensure!(amount <= pot, Error::<T>::InsufficientSlashedFunds);
		T::Assets::transfer(
			T::StakeAsset::get(),
			&Self::stake_pool_account(),
			to,
			amount,
			Preservation::Preserve,
		)?;
		SlashedPot::<T>::put(pot.saturating_sub(amount));
		Self::deposit_event(Event::SlashedFundsSpent { to: to.clone(), amount });
		Ok(())
	}

	/// Pays `amount` of the slashed pot to a denouncer, if the asset lets it; returns what
	/// was paid.
	pub(crate) fn pay_from_pot(
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> Result<BalanceOf<T>, DispatchError> {
		if amount.is_zero() {
			return Ok(amount);
		}
		let paid = frame_support::storage::with_transaction(|| {
			use sp_runtime::TransactionOutcome;
			match T::Assets::transfer(
				T::StakeAsset::get(),
				&Self::stake_pool_account(),
				to,
				amount,
				Preservation::Preserve,
			) {
				Ok(_) => TransactionOutcome::Commit(Ok::<_, DispatchError>(amount)),
				Err(_) => TransactionOutcome::Rollback(Ok(Zero::zero())),
			}
		})?;
		SlashedPot::<T>::mutate(|pot| *pot = pot.saturating_sub(paid));
		Ok(paid)
	}

	/// Locks `amount` of `who`'s free bonded stake while they review a dispute; fails, changing
	/// nothing, when they have no stake, are suspended or have too little free stake.
	pub fn lock_review_stake(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		let mut ledger = Self::staked_ledger(who)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(ledger.suspended_until.is_none_or(|until| until <= now), Error::<T>::Suspended);
		let free = ledger.bonded.saturating_sub(ledger.locked);
		ensure!(amount <= free, Error::<T>::InsufficientStake);
		ledger.locked = ledger.locked.saturating_add(amount);
		ReviewLocks::<T>::mutate(who, |l| *l = l.saturating_add(amount));
		Self::put_ledger(who, ledger);
		Ok(())
	}

	/// Releases a review lock of `amount`, slashing `fraction` of it; returns what was slashed.
	pub fn release_review_stake(
		who: &T::AccountId,
		amount: BalanceOf<T>,
		fraction: Perbill,
	) -> BalanceOf<T> {
		ReviewLocks::<T>::mutate_exists(who, |lock| {
			let left = lock.unwrap_or_default().saturating_sub(amount);
			*lock = if left.is_zero() { None } else { Some(left) };
		});
		let Some(mut ledger) = Stakes::<T>::get(who) else { return Zero::zero() };
		let slashed = Self::release_collateral(who, &mut ledger, amount, fraction);
		Self::store_ledger(who, ledger);
		slashed
	}

	/// Moves `amount` of the stake asset from `from` into `who`'s bonded stake (a reviewer's
	/// reward), so that it never depends on `who` holding the asset's minimum balance.
	pub fn reward_stake(
		from: &T::AccountId,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		let mut ledger = Self::staked_ledger(who)?;
		ledger.bonded = ledger.bonded.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
		T::Assets::transfer(
			T::StakeAsset::get(),
			from,
			&Self::stake_pool_account(),
			amount,
			Preservation::Expendable,
		)?;
		Self::put_ledger(who, ledger);
		Self::deposit_event(Event::StakeRewarded { who: who.clone(), amount });
		Ok(())
	}
}
