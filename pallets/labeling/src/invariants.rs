//! Conservation invariants, checked by `try_state` and after every unit test.
//!
//! - Every task's escrow account holds what the task still owes (worst case of its unsettled
//!   items), what it will refund, the payouts waiting to be claimed, and its seed. The pallet
//!   accounts for every unit it moves, so in tests the two sides are equal; `try_state` accepts a
//!   surplus, because anyone can send assets to an escrow address (the vendor gets it at close).
//! - A task's item counters match its items' states.
//! - The stake pool holds every bonded and unbonding stake, the slashed pot and its seed.
//! - Per annotator: locked stake never exceeds bonded stake nor the collateral of the slots
//!   they hold plus their review locks; `open_slots` counts their unrevealed slots.
//! - A task counts its decided (appealable) items; every one is scheduled or finalizable.

use crate::{pallet::*, types::*, BalanceOf};
use alloc::{collections::BTreeMap, format, string::String};
use frame_support::traits::{fungibles::Inspect, Get};
use sp_runtime::traits::{Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// What `task`'s escrow account must hold.
	pub fn escrow_expected(t: &crate::TaskOf<T>) -> BalanceOf<T> {
		Self::task_owed(t)
			.saturating_add(t.refundable)
			.saturating_add(t.unclaimed)
			.saturating_add(t.seed)
	}

	/// What the stake pool account must hold.
	pub fn pool_expected() -> BalanceOf<T> {
		Stakes::<T>::iter_values()
			.fold(BalanceOf::<T>::zero(), |acc, l| acc.saturating_add(Self::ledger_total(&l)))
			.saturating_add(SlashedPot::<T>::get())
			.saturating_add(PoolSeed::<T>::get())
	}

	/// Checks every invariant of the module documentation; `exact` also rejects a surplus in
	/// escrow and pool accounts.
	pub fn check_invariants(exact: bool) -> Result<(), String> {
		let holds = |actual: BalanceOf<T>, expected: BalanceOf<T>| {
			if exact {
				actual == expected
			} else {
				actual >= expected
			}
		};
		for (id, t) in Tasks::<T>::iter() {
			let escrow = Self::escrow_account(id);
			let actual = T::Assets::balance(t.spec.reward_asset, &escrow);
			let expected = Self::escrow_expected(&t);
			if !holds(actual, expected) {
				return Err(format!(
					"task {id}: escrow holds {actual:?}, accounts for {expected:?}"
				));
			}
			if t.unsettled != t.pending + t.in_progress + t.decided + t.disputed {
				return Err(format!(
					"task {id}: unsettled {} != pending + in progress + decided + disputed",
					t.unsettled
				));
			}
			let (mut pending, mut pending_answer, mut labeling, mut decided, mut disputed) =
				(0u32, 0u32, 0u32, 0u32, 0u32);
			for (_, item) in Items::<T>::iter_prefix(id) {
				match item.state {
					ItemState::Pending { .. } => {
						pending += 1;
						if !matches!(item.gold, Gold::None) {
							pending_answer += 1;
						}
					}
					ItemState::Labeling { .. } => labeling += 1,
					ItemState::Disputed { .. } => disputed += 1,
					ItemState::Decided { .. } => decided += 1,
					_ => (),
				}
			}
			if t.status == TaskStatus::Open
				&& (pending != t.pending || pending_answer != t.pending_with_answer)
			{
				return Err(format!("task {id}: {pending} pending items, counted {}", t.pending));
			}
			if labeling != t.in_progress || decided != t.decided || disputed != t.disputed {
				return Err(format!("task {id}: item states disagree with the counters"));
			}
			let unclaimed = Unclaimed::<T>::iter_prefix_values(id)
				.fold(BalanceOf::<T>::zero(), |a, b| a.saturating_add(b));
			if unclaimed != t.unclaimed {
				return Err(format!("task {id}: unclaimed {unclaimed:?} != {:?}", t.unclaimed));
			}
		}

		let pool = T::Assets::balance(T::StakeAsset::get(), &Self::stake_pool_account());
		let expected = Self::pool_expected();
		if !holds(pool, expected) {
			return Err(format!("stake pool holds {pool:?}, accounts for {expected:?}"));
		}

		let mut held: BTreeMap<T::AccountId, (BalanceOf<T>, u32)> = BTreeMap::new();
		for (_, _, slots) in Slots::<T>::iter() {
			for s in slots {
				let e = held.entry(s.annotator).or_insert((Zero::zero(), 0));
				e.0 = e.0.saturating_add(s.collateral);
				if s.label.is_none() {
					e.1 += 1;
				}
			}
		}
		for (who, ledger) in Stakes::<T>::iter() {
			let (collateral, unrevealed) = held.remove(&who).unwrap_or((Zero::zero(), 0));
			let collateral = collateral.saturating_add(ReviewLocks::<T>::get(&who));
			if ledger.locked > ledger.bonded || ledger.locked > collateral {
				return Err(format!(
					"{who:?}: locked {:?} exceeds bonded or collateral",
					ledger.locked
				));
			}
			if ledger.open_slots != unrevealed {
				return Err(format!("{who:?}: open_slots {} != {unrevealed}", ledger.open_slots));
			}
		}
		if held.values().any(|(_, unrevealed)| *unrevealed > 0) {
			return Err("an unrevealed slot's holder has no stake ledger".into());
		}
		Ok(())
	}

	/// The `try_state` check.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		Self::check_invariants(false).map_err(|e| {
			log::error!(target: "runtime::labeling", "invariant broken: {e}");
			sp_runtime::TryRuntimeError::Other("labeling invariant broken")
		})
	}
}
