//! The reviewer pool and the panel draw.
//!
//! Accounts volunteer with `join_reviewers`; a member **stands** while they have
//! `reviewer_stake` bonded and a vote weight of at least `min_reviewer_weight` with
//! `min_reviewer_agreements` agreeing labels. The item's vendor and annotators are never drawn.
//!
//! **Eviction** (attack: squatting the pool). The pool holds at most `MaxReviewers`. A member
//! who no longer stands is evicted by the first draw that meets them, or by anyone's
//! `evict_reviewer`. When the pool is full, a newcomer with more bonded stake than the member
//! with the least takes that member's place: first comers holding the minimum stake cannot
//! keep better-staked reviewers out.
//!
//! **Stake-weighted draw** (attack: sybil reviewers). Each seat is drawn among the standing
//! members (without replacement) with a chance proportional to their bonded stake, so
//! splitting a stake over many accounts buys no more seats than keeping it in one; a drawn
//! member who cannot lock `reviewer_stake` at the moment (it is locked elsewhere, or they are
//! suspended) is passed over for that round.
//!
//! **Minimum panel** (attack: a one-reviewer court). A round whose draw seats fewer than
//! `MinPanelSize` reviewers has no panel: nobody's lock is kept and the round counts as
//! without majority (the case escalates to a larger panel, or ends undecided).
//!
//! **Randomness** (attack: an author grinding the panel). The draw of a round starting at
//! block `s` happens at `at = s + panel_delay` (`panel_delay >= 2`), seeded by
//! `blake2_256("labelchain/panel" ‖ beacon ‖ case ‖ round)`, where `beacon` is the chain's
//! VRF beacon (`pallet-beacon`) when the draw runs: every block since `s` folded its author's
//! VRF output in. The appellant and the annotators act at or before `s`, so they cannot know
//! it. A block hash (the seed before) is its author's to grind: varying which transactions
//! go in, and in what order, an author colluding with a party could try seeds until the panel
//! suited them. A VRF output is one value per author and slot: the most an author can do is
//! withhold its block (losing the slot) to discard one outcome.

use crate::{pallet::*, types::*, BalanceOf, CaseOf, PanelOf, ParamsOf, SeatOf};
use alloc::vec::Vec;
use codec::Encode;
use frame_support::{ensure, traits::Get, BoundedVec};
use pallet_labeling::reputation;
use sp_runtime::{traits::UniqueSaturatedInto, DispatchResult};

impl<T: Config> Pallet<T> {
	/// Adds `who` to the reviewer pool; when it is full, in place of the member with the least
	/// bonded stake (members who no longer stand count as none), if `who` has more.
	pub fn do_join_reviewers(who: &T::AccountId) -> DispatchResult {
		let p = Parameters::<T>::get();
		let bonded = Self::bonded(who);
		ensure!(bonded >= p.reviewer_stake, Error::<T>::InsufficientStake);
		ensure!(Self::reputation_qualifies(who, &p), Error::<T>::ReputationTooLow);
		let displaced = Reviewers::<T>::try_mutate(|pool| {
			ensure!(!pool.contains(who), Error::<T>::AlreadyReviewer);
			if pool.try_push(who.clone()).is_ok() {
				return Ok(None);
			}
			let weakest = pool
				.iter()
				.enumerate()
				.map(|(i, r)| (i, Self::standing(r, &p).unwrap_or_default()))
				.min_by_key(|(_, stake)| *stake);
			let Some((at, stake)) = weakest else {
				return Err(Error::<T>::TooManyReviewers);
			};
			ensure!(bonded > stake, Error::<T>::TooManyReviewers);
			Ok(Some(core::mem::replace(&mut pool[at], who.clone())))
		})?;
		Self::deposit_event(Event::ReviewerJoined { who: who.clone() });
		if let Some(out) = displaced {
			Self::deposit_event(Event::ReviewerEvicted {
				who: out,
				reason: EvictionReason::Displaced,
			});
		}
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

	/// Removes a member who no longer stands from the pool (anyone may ask).
	pub fn do_evict_reviewer(who: &T::AccountId) -> DispatchResult {
		let p = Parameters::<T>::get();
		let reason = match Self::standing(who, &p) {
			Ok(_) => return Err(Error::<T>::StillEligible.into()),
			Err(reason) => reason,
		};
		Reviewers::<T>::try_mutate(|pool| {
			let at = pool.iter().position(|r| r == who).ok_or(Error::<T>::NotReviewer)?;
			pool.remove(at);
			Ok::<(), Error<T>>(())
		})?;
		Self::deposit_event(Event::ReviewerEvicted { who: who.clone(), reason });
		Ok(())
	}

	/// `who`'s bonded stake (zero without a ledger).
	fn bonded(who: &T::AccountId) -> BalanceOf<T> {
		pallet_labeling::Stakes::<T>::get(who).map(|l| l.bonded).unwrap_or_default()
	}

	/// `who`'s bonded stake if they stand as a reviewer, else why not.
	pub fn standing(who: &T::AccountId, p: &ParamsOf<T>) -> Result<BalanceOf<T>, EvictionReason> {
		let bonded = Self::bonded(who);
		if bonded < p.reviewer_stake {
			return Err(EvictionReason::StakeTooLow);
		}
		if !Self::reputation_qualifies(who, p) {
			return Err(EvictionReason::ReputationTooLow);
		}
		Ok(bonded)
	}

	/// Whether `who`'s track record is good enough to review.
	pub(crate) fn reputation_qualifies(who: &T::AccountId, p: &ParamsOf<T>) -> bool {
		let rep = pallet_labeling::Pallet::<T>::record_of(who);
		reputation::vote_weight(&rep, &pallet_labeling::Parameters::<T>::get())
			>= p.min_reviewer_weight
			&& rep.agreements >= p.min_reviewer_agreements
	}

	/// The seed of the draw of case `id`'s round `round`, from the beacon now.
	pub fn draw_seed(id: CaseId, round: u32) -> [u8; 32] {
		let beacon = sp_core::H256(<T as pallet_labeling::Config>::Beacon::get());
		sp_io::hashing::blake2_256(&(b"labelchain/panel", beacon, id, round).encode())
	}

	/// Draws the panel of `case`'s current round: evicts the members who no longer stand,
	/// then draws seats among the others by stake (see the module's doc), locking each seat's
	/// stake. Fewer than `MinPanelSize` seats make no panel (every lock released). Reads the
	/// pool once.
	pub(crate) fn draw_panel(id: CaseId, case: &CaseOf<T>) -> PanelOf<T> {
		let p = Parameters::<T>::get();
		let seats = p.panel_size(case.round).min(T::MaxPanelSize::get()) as usize;
		let seed = Self::draw_seed(id, case.round);
		let vendor = pallet_labeling::Tasks::<T>::get(case.task).map(|t| t.vendor);
		let slots = pallet_labeling::Slots::<T>::get(case.task, case.item);
		let pool = Reviewers::<T>::get();
		let mut candidates: Vec<(T::AccountId, u128)> = Vec::new();
		let mut evicted: Vec<(T::AccountId, EvictionReason)> = Vec::new();
		for who in pool.iter() {
			match Self::standing(who, &p) {
				Err(reason) => evicted.push((who.clone(), reason)),
				Ok(_) if vendor.as_ref() == Some(who) => (),
				Ok(_) if slots.iter().any(|s| &s.annotator == who) => (),
				Ok(stake) => candidates.push((who.clone(), stake.unique_saturated_into())),
			}
		}
		if !evicted.is_empty() {
			Reviewers::<T>::mutate(|pool| pool.retain(|r| !evicted.iter().any(|(e, _)| e == r)));
			for (who, reason) in evicted {
				Self::deposit_event(Event::ReviewerEvicted { who, reason });
			}
		}
		let mut panel: PanelOf<T> = BoundedVec::new();
		let mut k = 0u32;
		while panel.len() < seats && !candidates.is_empty() {
			let total = candidates.iter().fold(0u128, |sum, (_, w)| sum.saturating_add(*w));
			let draw = sp_io::hashing::blake2_256(&(seed, k).encode());
			k = k.saturating_add(1);
			let mut bytes = [0u8; 16];
			bytes.copy_from_slice(&draw[..16]);
			let mut point = u128::from_le_bytes(bytes) % total.max(1);
			let mut chosen = candidates.len() - 1;
			for (i, (_, w)) in candidates.iter().enumerate() {
				if point < *w {
					chosen = i;
					break;
				}
				point -= *w;
			}
			let (who, _) = candidates.swap_remove(chosen);
			if pallet_labeling::Pallet::<T>::lock_review_stake(&who, p.reviewer_stake).is_err() {
				continue;
			}
			let seat =
				Seat { reviewer: who, locked: p.reviewer_stake, commitment: None, vote: None };
			if let Err(seat) = panel.try_push(seat) {
				// Unreachable (`seats` fits the bound); never keep a lock without a seat.
				Self::release_seats(&[seat]);
				break;
			}
		}
		if (panel.len() as u32) < T::MinPanelSize::get() {
			Self::release_seats(&panel);
			return BoundedVec::new();
		}
		panel
	}

	/// Releases the stake locked for `seats`, slashing nothing.
	fn release_seats(seats: &[SeatOf<T>]) {
		for seat in seats {
			pallet_labeling::Pallet::<T>::release_review_stake(
				&seat.reviewer,
				seat.locked,
				sp_runtime::Perbill::zero(),
			);
		}
	}
}
