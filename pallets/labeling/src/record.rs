//! The track record's storage deposit.
//!
//! An annotator's [`Reputation`](crate::types::Reputation), kept in their ledger beside their
//! stake, outlives the stake: a suspension
//! or a strike must survive withdrawing everything, or a failing annotator would wipe their
//! record by unbonding. Without a deposit, every account that ever held a seat would stay in
//! storage for good at the price of a few fees (attack: state bloat by rotating sybil
//! accounts through one seat each). So the first bond holds [`Config::RecordDeposit`] of the
//! native token; it stays held while the record is stored, and the annotator gets it back by
//! [`forget_record`](crate::Pallet::forget_record) once they have no stake left and
//! nothing against them on record — their good history is theirs to give up, their failures
//! are not (a record with any failure keeps its deposit for good).

use crate::{pallet::*, types::Reputation, BalanceOf};
use frame_support::{
	ensure,
	traits::{
		fungible::{InspectHold, MutateHold},
		tokens::Precision,
		Get,
	},
};
use sp_runtime::{traits::Zero, DispatchResult};

impl<T: Config> Pallet<T> {
	/// What is held for `who`'s track record.
	pub fn record_deposit(who: &T::AccountId) -> BalanceOf<T> {
		T::Currency::balance_on_hold(&HoldReason::RecordDeposit.into(), who)
	}

	/// Holds the record deposit from `who` unless it is held already. Fails, changing
	/// nothing, when `who` cannot pay it.
	pub(crate) fn ensure_record_deposit(who: &T::AccountId) -> DispatchResult {
		let deposit = T::RecordDeposit::get();
		if deposit.is_zero() || !Self::record_deposit(who).is_zero() {
			return Ok(());
		}
		T::Currency::hold(&HoldReason::RecordDeposit.into(), who, deposit)
			.map_err(|_| Error::<T>::CannotHoldRecordDeposit)?;
		Self::deposit_event(Event::RecordDepositHeld { who: who.clone(), deposit });
		Ok(())
	}

	/// Whether a record holds nothing against its annotator.
	pub fn record_is_clean(rep: &Reputation) -> bool {
		rep.strikes == 0 &&
			rep.disagreements == 0 &&
			rep.gold_fails == 0 &&
			rep.credited_fails == 0 &&
			rep.no_reveals == 0 &&
			rep.suspensions == 0 &&
			rep.risk == 0
	}

	/// Drops `who`'s track record and releases its deposit. Fails, changing nothing, when
	/// `who` still has stake in their ledger, holds no record deposit, or has anything against them
	/// on record.
	pub fn do_forget_record(who: &T::AccountId) -> DispatchResult {
		let ledger = Stakes::<T>::get(who);
		ensure!(ledger.as_ref().is_none_or(Self::stake_is_empty), Error::<T>::StillStaked);
		let deposit = Self::record_deposit(who);
		ensure!(!deposit.is_zero(), Error::<T>::NoRecordDeposit);
		let record = ledger.map(|ledger| ledger.record).unwrap_or_default();
		ensure!(Self::record_is_clean(&record), Error::<T>::RecordNotClean);
		T::Currency::release(&HoldReason::RecordDeposit.into(), who, deposit, Precision::Exact)?;
		Stakes::<T>::remove(who);
		Self::deposit_event(Event::RecordForgotten { who: who.clone(), deposit });
		Ok(())
	}
}
