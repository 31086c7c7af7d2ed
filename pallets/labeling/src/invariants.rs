//! Conservation invariants, checked by `try_state` and after every unit test.
//!
//! - Every task's escrow account holds what the task still owes (worst case of its unsettled
//!   items), what it will refund, the review fees it reserved, the payouts waiting to be
//!   claimed, and its seed. The pallet
//!   accounts for every unit it moves, so in tests the two sides are equal; `try_state` accepts a
//!   surplus, because anyone can send assets to an escrow address (the vendor gets it at close).
//! - A task's item counters match its items' states.
//! - The stake pool holds every bonded and unbonding stake, the slashed pot and its seed.
//! - Per annotator: locked stake is exactly the collateral of the seats they hold, of the
//!   seats they requested and of their review locks, and never more than bonded stake; their
//!   ledger lists exactly the seats they hold and counts exactly the seats they requested.
//! - Every task's open set lists distinct items that are pending or labeling.
//! - Every stake ledger and every stored track record has its record deposit held.

use crate::{pallet::*, types::*, BalanceOf};
use alloc::{collections::BTreeMap, format, string::String, vec::Vec};
use frame_support::traits::{fungibles::Inspect, Get};
use sp_runtime::traits::{Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// What `task`'s escrow account must hold.
	pub fn escrow_expected(t: &crate::TaskOf<T>) -> BalanceOf<T> {
		Self::task_owed(t)
			.saturating_add(t.refundable)
			.saturating_add(t.reserved)
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
			if t.unsettled != t.pending + t.in_progress + t.disputed {
				return Err(format!(
					"task {id}: unsettled {} != pending + in progress + disputed",
					t.unsettled
				));
			}
			let (mut pending, mut pending_answer, mut running, mut disputed) =
				(0u32, 0u32, 0u32, 0u32);
			for (item_id, item) in Items::<T>::iter_prefix(id) {
				// A result is what settlement leaves; nothing else writes one.
				if item.result.is_some() != (item.state == ItemState::Settled) {
					return Err(format!("task {id}: item {item_id} settled without a result"));
				}
				match item.state {
					ItemState::Pending { .. } => {
						pending += 1;
						if !matches!(item.gold, Gold::None) {
							pending_answer += 1;
						}
					}
					ItemState::Labeling { reveal_end: deadline, .. }
					| ItemState::AwaitingGold { until: deadline, .. } => {
						running += 1;
						// Expiry: the chain settles it once its window runs out.
						if !Expiring::<T>::contains_key(deadline, (id, item_id))
							|| deadline < ExpiryCursor::<T>::get()
						{
							return Err(format!(
								"task {id}: item {item_id} is running without its deadline noted"
							));
						}
					}
					ItemState::Disputed { .. } => disputed += 1,
					_ => (),
				}
			}
			if t.status == TaskStatus::Open
				&& (pending != t.pending || pending_answer != t.pending_with_answer)
			{
				return Err(format!("task {id}: {pending} pending items, counted {}", t.pending));
			}
			if running != t.in_progress || disputed != t.disputed {
				return Err(format!("task {id}: item states disagree with the counters"));
			}
			let open = OpenItems::<T>::get(id);
			for (i, item) in open.iter().enumerate() {
				if open.iter().skip(i + 1).any(|other| other == item) {
					return Err(format!("task {id}: item {item} is twice in the open set"));
				}
				match Items::<T>::get(id, item).map(|it| it.state) {
					Some(ItemState::Pending { .. }) | Some(ItemState::Labeling { .. }) => (),
					_ => return Err(format!("task {id}: item {item} in the open set")),
				}
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

		// Per annotator: (collateral of held seats, the seats, collateral and count requested).
		type Held<B> = (B, Vec<(TaskId, ItemId)>, B, u32);
		let mut held: BTreeMap<T::AccountId, Held<BalanceOf<T>>> = BTreeMap::new();
		let empty = || (Zero::zero(), Vec::new(), Zero::zero(), 0u32);
		for (task, item, slots) in Slots::<T>::iter() {
			for s in slots {
				let e = held.entry(s.annotator).or_insert_with(empty);
				e.0 = e.0.saturating_add(s.collateral);
				e.1.push((task, item));
			}
		}
		let (head, tail) = SeatQueueBounds::<T>::get();
		let mut position = head;
		while position != tail {
			let Some(r) = SeatQueue::<T>::get(position) else {
				return Err(format!("seat queue position {position} is empty"));
			};
			// A request partly drawn is still queued for its seats not drawn yet.
			if r.drawn >= r.count {
				return Err(format!("seat queue position {position} has all its seats drawn"));
			}
			let left = r.count.saturating_sub(r.drawn);
			let e = held.entry(r.annotator).or_insert_with(empty);
			e.2 = e.2.saturating_add(r.collateral.saturating_mul(left.into()));
			e.3 = e.3.saturating_add(left);
			position = position.wrapping_add(1);
		}
		if SeatQueue::<T>::iter().count() as u32 != tail.wrapping_sub(head) {
			return Err("seat queue holds requests outside its bounds".into());
		}
		for (who, ledger) in Stakes::<T>::iter() {
			if Self::stake_is_empty(&ledger) && ledger.record == Default::default() {
				return Err(format!("{who:?}: a ledger with neither stake nor record is stored"));
			}
			let (collateral, mut seats, requested_collateral, requested) =
				held.remove(&who).unwrap_or_else(empty);
			let expected = collateral
				.saturating_add(requested_collateral)
				.saturating_add(ReviewLocks::<T>::get(&who));
			if ledger.locked != expected || ledger.locked > ledger.bonded {
				return Err(format!(
					"{who:?}: locked {:?}, seats and requests account for {expected:?}",
					ledger.locked
				));
			}
			let mut listed = ledger.seats.clone().into_inner();
			listed.sort();
			seats.sort();
			if listed != seats || ledger.requested != requested {
				return Err(format!("{who:?}: the ledger's seats disagree with the items"));
			}
		}
		if !held.is_empty() {
			return Err("a seat's holder has no stake ledger".into());
		}
		if !T::RecordDeposit::get().is_zero() {
			for who in Stakes::<T>::iter_keys() {
				if Self::record_deposit(&who).is_zero() {
					return Err(format!("{who:?}: a stake ledger without a record deposit"));
				}
			}
		}
		Ok(())
	}

	/// The `try_state` check.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		Self::check_invariants(false).map_err(|e| {
			log::error!(target: "runtime::labeling", "invariant broken: {e}");
			sp_runtime::TryRuntimeError::Other("labeling invariant broken")
		})
	}
}
