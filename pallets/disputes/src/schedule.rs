//! The per-block queue of due cases: each block's `on_initialize` draws the panels and tallies
//! the rounds due at it, at most `MaxCasesPerBlock`; a case whose block is full goes to the
//! next block with room, at most [`MAX_SLIP`] blocks later, and otherwise waits for anyone's
//! `advance` call. Both paths run the same [`Pallet::do_advance`].

use crate::{pallet::*, weights::WeightInfo, CaseId};
use frame_support::{traits::Get, weights::Weight};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{One, Saturating},
	DispatchError, TransactionOutcome,
};

/// How many blocks past its due block a case may be pushed when blocks are full.
pub const MAX_SLIP: u32 = 8;

impl<T: Config> Pallet<T> {
	/// Queues `case` at the first block from `from` with room; `None` if none has any.
	pub(crate) fn schedule(from: BlockNumberFor<T>, case: CaseId) -> Option<BlockNumberFor<T>> {
		let mut at = from;
		for _ in 0..=MAX_SLIP {
			if Schedule::<T>::mutate(at, |due| due.try_push(case).is_ok()) {
				return Some(at);
			}
			at = at.saturating_add(One::one());
		}
		None
	}

	/// Advances the cases due at `now`; returns the weight used. A case that is not due (an
	/// early tally already ended its round) is left alone.
	pub(crate) fn advance_due(now: BlockNumberFor<T>) -> Weight {
		let due = Schedule::<T>::take(now);
		let count = due.len() as u32;
		for case in due {
			let _ = frame_support::storage::with_transaction(|| match Self::do_advance(case) {
				Ok(()) => TransactionOutcome::Commit(Ok::<(), DispatchError>(())),
				Err(_) => TransactionOutcome::Rollback(Ok(())),
			});
		}
		let per_case = <T as Config>::WeightInfo::advance_draw()
			.max(<T as Config>::WeightInfo::advance_tally());
		T::DbWeight::get().reads_writes(1, 1).saturating_add(per_case.saturating_mul(count.into()))
	}
}
