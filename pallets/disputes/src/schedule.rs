//! The per-block queue of due cases: each block's `on_initialize` draws the panels and tallies
//! the rounds due at it, at most `MaxCasesPerBlock`; a case whose block is full goes to the
//! next block with room, at most [`MAX_SLIP`] blocks later, and otherwise waits for anyone's
//! `advance` call. Both paths run the same [`Pallet::do_advance`].
//!
//! An entry names the case and the round it was queued for: an entry left from a round that
//! ended early (every reviewer revealed) is dropped. Voting windows run on the labeling
//! pallet's window clock, which skips congested blocks; a tally queued for the block its
//! reveal phase would end at without congestion is queued again as many blocks later as the
//! phase still has to run.

use crate::{pallet::*, types::Phase, weights::WeightInfo, CaseId};
use frame_support::{traits::Get, weights::Weight};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{One, Saturating},
	DispatchError, TransactionOutcome,
};

/// How many blocks past its due block a case may be pushed when blocks are full.
pub const MAX_SLIP: u32 = 8;

impl<T: Config> Pallet<T> {
	/// Queues round `round` of `case` at the first block from `from` with room; `None` if
	/// none has any.
	pub(crate) fn schedule(
		from: BlockNumberFor<T>,
		case: CaseId,
		round: u32,
	) -> Option<BlockNumberFor<T>> {
		let mut at = from;
		for _ in 0..=MAX_SLIP {
			if Schedule::<T>::mutate(at, |due| due.try_push((case, round)).is_ok()) {
				return Some(at);
			}
			at = at.saturating_add(One::one());
		}
		None
	}

	/// Queues the tally of round `round` of `case` for the first block after which its reveal
	/// phase, ending at `reveal_end` on the window clock, is over if no block until then is
	/// congested.
	pub(crate) fn schedule_tally(
		case: CaseId,
		round: u32,
		reveal_end: BlockNumberFor<T>,
	) -> Option<BlockNumberFor<T>> {
		let clock = pallet_labeling::Pallet::<T>::window_clock();
		let remaining = reveal_end.saturating_add(One::one()).saturating_sub(clock);
		Self::schedule(
			frame_system::Pallet::<T>::block_number().saturating_add(remaining),
			case,
			round,
		)
	}

	/// Advances the cases due at `now`; returns the weight used. An entry of a round that is
	/// over is dropped; a tally whose reveal phase congestion extended is queued again.
	pub(crate) fn advance_due(now: BlockNumberFor<T>) -> Weight {
		let due = Schedule::<T>::take(now);
		let count = due.len() as u32;
		let clock = pallet_labeling::Pallet::<T>::window_clock();
		for (case, round) in due {
			match Cases::<T>::get(case) {
				Some(c) if c.round == round => match c.phase {
					Phase::Voting { reveal_end, .. } if clock <= reveal_end => {
						Self::schedule_tally(case, round, reveal_end);
						continue;
					}
					_ => (),
				},
				_ => continue,
			}
			let _ = frame_support::storage::with_transaction(|| match Self::do_advance(case) {
				Ok(()) => TransactionOutcome::Commit(Ok::<(), DispatchError>(())),
				Err(_) => TransactionOutcome::Rollback(Ok(())),
			});
		}
		let per_case = <T as Config>::WeightInfo::advance_draw()
			.max(<T as Config>::WeightInfo::advance_tally());
		T::DbWeight::get().reads_writes(2, 1).saturating_add(per_case.saturating_mul(count.into()))
	}
}
