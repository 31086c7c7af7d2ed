//! What `try_state` checks, and every unit test after it runs:
//! - the disputes account holds the bonds of the open appeals (exactly, in tests; anyone may
//!   send it more on a live chain);
//! - every open case is the one its item points to, and its item is disputed;
//! - panels exist only for cases in their voting phase and fit the round's size;
//! - the labeling pallet's review lock of every account equals the stake locked by its seats.

use crate::{pallet::*, types::*, BalanceOf};
use alloc::{collections::BTreeMap, format, string::String};
use frame_support::traits::{fungibles::Inspect, Get};
use pallet_labeling::ItemState;
use sp_runtime::traits::{Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// The appeal bonds the disputes account must hold.
	pub fn bonds_held() -> BalanceOf<T> {
		Cases::<T>::iter_values().fold(BalanceOf::<T>::zero(), |acc, c| match c.kind {
			CaseKind::Appeal { bond, .. } => acc.saturating_add(bond),
			CaseKind::NoConsensus => acc,
		})
	}

	/// Checks every invariant of the module documentation; `exact` also rejects a surplus.
	pub fn check_invariants(exact: bool) -> Result<(), String> {
		let held = <T as pallet_labeling::Config>::Assets::balance(
			<T as pallet_labeling::Config>::StakeAsset::get(),
			&Self::bond_account(),
		);
		let bonds = Self::bonds_held();
		if held < bonds || (exact && held != bonds) {
			return Err(format!("disputes account holds {held:?}, bonds {bonds:?}"));
		}
		let p = Parameters::<T>::get();
		for (id, case) in Cases::<T>::iter() {
			if CaseOfItem::<T>::get(case.task, case.item) != Some(id) {
				return Err(format!("case {id}: its item points elsewhere"));
			}
			let disputed = pallet_labeling::Items::<T>::get(case.task, case.item)
				.is_some_and(|it| matches!(it.state, ItemState::Disputed { .. }));
			if !disputed {
				return Err(format!("case {id}: its item is not disputed"));
			}
			let seats = Panels::<T>::get(id).len() as u32;
			match case.phase {
				Phase::Drawing { .. } if seats > 0 => {
					return Err(format!("case {id}: a panel before the draw"))
				}
				Phase::Voting { .. } if seats == 0 || seats > p.panel_size(case.round) => {
					return Err(format!("case {id}: panel of {seats} seats"))
				}
				_ => (),
			}
		}
		if CaseOfItem::<T>::iter_values().any(|id| !Cases::<T>::contains_key(id)) {
			return Err("an item points to a closed case".into());
		}
		let mut locks: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (id, panel) in Panels::<T>::iter() {
			if !Cases::<T>::contains_key(id) {
				return Err(format!("panel of closed case {id}"));
			}
			for seat in panel {
				let lock = locks.entry(seat.reviewer).or_insert_with(Zero::zero);
				*lock = lock.saturating_add(seat.locked);
			}
		}
		for (who, locked) in pallet_labeling::ReviewLocks::<T>::iter() {
			if locks.remove(&who).unwrap_or_else(Zero::zero) != locked {
				return Err(format!("{who:?}: review lock {locked:?} differs from its seats"));
			}
		}
		if locks.values().any(|l| !l.is_zero()) {
			return Err("a seat's stake is not locked".into());
		}
		Ok(())
	}

	/// The `try_state` check.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		Self::check_invariants(false).map_err(|e| {
			log::error!(target: "runtime::disputes", "invariant broken: {e}");
			sp_runtime::TryRuntimeError::Other("disputes invariant broken")
		})
	}
}
