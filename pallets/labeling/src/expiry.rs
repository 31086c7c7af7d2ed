//! Expiry: every item whose window ran out is settled by the chain itself, in the weight blocks
//! leave over, however many expire at once.
//!
//! Attack it stops (a withheld settlement): an item whose stage closes at its last reveal is
//! decided and paid at once, but one with a seat that never reveals (a no-show, or an annotator
//! who withholds a reveal on purpose) waits for its reveal window to end, and one whose vendor
//! never opens its answer waits for the answer window; after that anyone *may* call `settle`,
//! but nobody has to. A vendor that stops caring, or a no-show that would rather not be slashed,
//! left the item's honest annotators unpaid (their collateral held, their reward in escrow)
//! until somebody paid the fee for them — and in a burst, more items expired than anyone
//! settled. Now every stage that opens and every answer window is noted under its deadline
//! ([`Expiring`]), and `on_idle` settles what is due, oldest deadline first, as long as the
//! block has weight left for a whole worst-case settlement: a burst of any size carries over
//! to the next blocks and is settled in order. A `settle` call still works and is what a
//! client in a hurry uses; the entry it leaves behind is dropped when the sweep reaches it.
//!
//! Bookkeeping: one entry per opened stage or answer window, removed when its deadline is
//! swept; [`ExpiryCursor`] is the oldest deadline not yet swept. An entry whose item moved on
//! (settled early, escalated to a later deadline, its task purged) is dropped unsettled.

use crate::{pallet::*, ItemId, TaskId};
use frame_support::{storage::with_storage_layer, traits::Get, weights::Weight};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::{One, Saturating};

impl<T: Config> Pallet<T> {
	/// Notes that `item` of `task` may be settled once the window clock passes `deadline`.
	pub(crate) fn note_deadline(task: TaskId, item: ItemId, deadline: BlockNumberFor<T>) {
		Expiring::<T>::insert(deadline, (task, item), ());
	}

	/// The most that settling one expired item weighs, its entry read and removed: the larger
	/// of a stage close and a judging with every seat taken (what `settle` declares). A block
	/// settles one only with this much left, and counts what the settlement actually weighed.
	pub fn expiry_step_weight() -> Weight {
		Self::settle_weight_bound().saturating_add(T::DbWeight::get().reads_writes(1, 1))
	}

	/// The most a settlement weighs: a stage close or a judging of an item with
	/// `T::MaxSeats` seats and labels of the most boxes.
	pub fn settle_weight_bound() -> Weight {
		let (seats, boxes) = (T::MaxSeats::get(), crate::types::MAX_BOXES);
		Self::stage_close_weight(seats, boxes).max(Self::judging_weight(seats, boxes))
	}

	/// Settles the items whose deadline the window clock has passed, oldest first, within
	/// `limit`; returns the weight used. Whatever does not fit waits for the next block.
	pub fn settle_expired(limit: Weight) -> Weight {
		let db = T::DbWeight::get();
		// The cursor (read, and written back), and the clock's congestion count.
		let mut used = db.reads_writes(2, 1);
		if used.any_gt(limit) {
			return Weight::zero();
		}
		let step = Self::expiry_step_weight();
		let now = Self::window_clock();
		let start = ExpiryCursor::<T>::get();
		let mut cursor = start;
		let mut settled = 0u32;
		// Every turn reads at least one key and adds its weight to `used`, and stops before
		// `used` would pass `limit`: the loop ends within the block's leftover weight.
		while cursor < now {
			if used.saturating_add(db.reads(1)).any_gt(limit) {
				break;
			}
			used.saturating_accrue(db.reads(1));
			let Some((task, item)) = Expiring::<T>::iter_key_prefix(cursor).next() else {
				// Nothing (left) under this deadline.
				cursor.saturating_accrue(One::one());
				continue;
			};
			if used.saturating_add(step).any_gt(limit) {
				break;
			}
			used.saturating_accrue(db.writes(1));
			Expiring::<T>::remove(cursor, (task, item));
			// An item that moved on refuses (`CannotSettleYet`, `UnknownItem`, …) after a
			// couple of reads and its entry is simply dropped; a settlement that fails halfway
			// is rolled back.
			match with_storage_layer(|| Self::do_settle(task, item)) {
				Ok(weight) => {
					used.saturating_accrue(weight);
					settled = settled.saturating_add(1);
				}
				Err(_) => used.saturating_accrue(db.reads(3)),
			}
		}
		if cursor != start {
			ExpiryCursor::<T>::put(cursor);
		}
		if settled > 0 {
			Self::deposit_event(Event::ExpiredSettled { count: settled, up_to: cursor });
		}
		used
	}
}
