//! What `try_state` checks, and every unit test after it runs:
//! - every open case is the one its item points to, and its item is disputed (or, for a
//!   vendor's appeal, settled);
//! - panels exist only for cases in their voting phase and fit the round's size;
//! - the labeling pallet's review lock of every account equals the stake locked by its seats.

use crate::{pallet::*, types::*, BalanceOf};
use alloc::{collections::BTreeMap, format, string::String};
use pallet_labeling::ItemState;
use sp_runtime::traits::{Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// Checks every invariant of the module documentation.
	pub fn check_invariants() -> Result<(), String> {
		let p = Parameters::<T>::get();
		for (id, case) in Cases::<T>::iter() {
			if CaseOfItem::<T>::get(case.task, case.item) != Some(id) {
				return Err(format!("case {id}: its item points elsewhere"));
			}
			let state = pallet_labeling::Items::<T>::get(case.task, case.item).map(|it| it.state);
			let fits = match case.kind {
				CaseKind::Appeal { .. } => state == Some(ItemState::Settled),
				_ => matches!(state, Some(ItemState::Disputed { .. })),
			};
			if !fits {
				return Err(format!("case {id}: its item is in state {state:?}"));
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
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		Self::check_invariants().map_err(|e| {
			log::error!(target: "runtime::disputes", "invariant broken: {e}");
			sp_runtime::TryRuntimeError::Other("disputes invariant broken")
		})
	}
}
