//! The reviewer pool and the panel draw.
//!
//! Accounts volunteer with `join_reviewers`; nobody is drawn who does not, at the draw, have
//! `reviewer_stake` of free bonded stake to lock, a vote weight of at least
//! `min_reviewer_weight`, `min_reviewer_agreements` agreeing labels and no suspension. The
//! item's vendor and annotators are never drawn.
//!
//! **Randomness.** The draw of a round starting at block `s` happens at `at = s + panel_delay`
//! (`panel_delay >= 2`), seeded by `blake2_256("labelchain/panel" ‖ hash(at - 1) ‖ case ‖
//! round)`. The appellant and the annotators act at or before `s`, before block `at - 1`
//! exists, so they cannot choose the seed. Its limit: the author of block `at - 1` knows the
//! seed first and can decline to author it (its slot is skipped, another author's block takes
//! the place), so an author who colludes with a party gets one re-roll per slot it owns. With
//! Aura's round-robin authors that is at most one re-roll per validator, and a re-roll
//! redraws the whole panel rather than choosing reviewers. A VRF source (BABE) would remove it.
//! When `advance` runs so late that the block hash is pruned, the parent hash of the current
//! block is used instead.

use crate::{pallet::*, types::*, CaseOf, PanelOf, ParamsOf};
use codec::Encode;
use frame_support::{ensure, traits::Get, BoundedVec};
use frame_system::pallet_prelude::BlockNumberFor;
use pallet_labeling::reputation;
use sp_runtime::{
	traits::{One, Saturating},
	DispatchResult,
};

impl<T: Config> Pallet<T> {
	/// Adds `who` to the reviewer pool.
	pub fn do_join_reviewers(who: &T::AccountId) -> DispatchResult {
		let p = Parameters::<T>::get();
		let bonded = pallet_labeling::Stakes::<T>::get(who).map(|l| l.bonded).unwrap_or_default();
		ensure!(bonded >= p.reviewer_stake, Error::<T>::InsufficientStake);
		ensure!(Self::reputation_qualifies(who, &p), Error::<T>::ReputationTooLow);
		Reviewers::<T>::try_mutate(|pool| {
			ensure!(!pool.contains(who), Error::<T>::AlreadyReviewer);
			pool.try_push(who.clone()).map_err(|_| Error::<T>::TooManyReviewers)
		})?;
		Self::deposit_event(Event::ReviewerJoined { who: who.clone() });
		Ok(())
	}

	/// Removes `who` from the reviewer pool.
	pub fn do_leave_reviewers(who: &T::AccountId) -> DispatchResult {
		Reviewers::<T>::try_mutate(|pool| {
			let at = pool.iter().position(|r| r == who).ok_or(Error::<T>::NotReviewer)?;
			pool.remove(at);
			Ok::<(), Error<T>>(())
		})?;
		Self::deposit_event(Event::ReviewerLeft { who: who.clone() });
		Ok(())
	}

	/// Whether `who`'s track record is good enough to review.
	pub(crate) fn reputation_qualifies(who: &T::AccountId, p: &ParamsOf<T>) -> bool {
		let rep = pallet_labeling::Reputations::<T>::get(who);
		reputation::vote_weight(&rep, &pallet_labeling::Parameters::<T>::get())
			>= p.min_reviewer_weight
			&& rep.agreements >= p.min_reviewer_agreements
	}

	/// The seed of the draw of case `id`'s round `round` at block `at`.
	pub fn draw_seed(id: CaseId, round: u32, at: BlockNumberFor<T>) -> [u8; 32] {
		let mut hash = frame_system::Pallet::<T>::block_hash(at.saturating_sub(One::one()));
		if hash == Default::default() {
			hash = frame_system::Pallet::<T>::parent_hash();
		}
		sp_io::hashing::blake2_256(&(b"labelchain/panel", hash, id, round).encode())
	}

	/// Draws the panel of `case`'s current round by a seeded partial shuffle of the pool,
	/// seating the first eligible reviewers and locking their seat stake. Walks the pool once.
	pub(crate) fn draw_panel(id: CaseId, case: &CaseOf<T>, at: BlockNumberFor<T>) -> PanelOf<T> {
		let p = Parameters::<T>::get();
		let seats = p.panel_size(case.round).min(T::MaxPanelSize::get()) as usize;
		let seed = Self::draw_seed(id, case.round, at);
		let vendor = pallet_labeling::Tasks::<T>::get(case.task).map(|t| t.vendor);
		let slots = pallet_labeling::Slots::<T>::get(case.task, case.item);
		let mut pool = Reviewers::<T>::get().into_inner();
		let mut panel: PanelOf<T> = BoundedVec::new();
		let n = pool.len();
		for i in 0..n {
			if panel.len() >= seats {
				break;
			}
			let draw = sp_io::hashing::blake2_256(&(seed, i as u32).encode());
			let r = u32::from_le_bytes([draw[0], draw[1], draw[2], draw[3]]) as usize;
			pool.swap(i, i + r % (n - i));
			let who = &pool[i];
			if vendor.as_ref() == Some(who)
				|| slots.iter().any(|s| &s.annotator == who)
				|| !Self::reputation_qualifies(who, &p)
			{
				continue;
			}
			if pallet_labeling::Pallet::<T>::lock_review_stake(who, p.reviewer_stake).is_err() {
				continue;
			}
			let seat = Seat {
				reviewer: who.clone(),
				locked: p.reviewer_stake,
				commitment: None,
				vote: None,
			};
			if panel.try_push(seat).is_err() {
				// Unreachable (`seats` fits the bound); never keep a lock without a seat.
				pallet_labeling::Pallet::<T>::release_review_stake(
					who,
					p.reviewer_stake,
					sp_runtime::Perbill::zero(),
				);
				break;
			}
		}
		panel
	}
}
