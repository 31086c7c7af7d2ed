//! Voting: panel members commit to a vote by hash during the commit phase and reveal it in
//! the reveal phase (which opens early once every seat has committed). The round is tallied
//! when the reveal phase ends, or at once when every seat has revealed.
//!
//! The tally releases every seat's lock (slashing those who did not reveal), then looks for a
//! label backed by more than half of the revealed weight (every seat weighs the stake it
//! locked, the same for all), with at least `quorum` of the seats revealed. With one, the case
//! closes ([`case`](crate::case)); without, it escalates to a larger panel or, after the last
//! round, closes undecided.

use crate::{pallet::*, types::*, BalanceOf, CaseOf, PanelOf};
use alloc::vec::Vec;
use frame_support::ensure;
use frame_system::pallet_prelude::BlockNumberFor;
use pallet_labeling::{consensus, Label};
use sp_core::H256;
use sp_runtime::{
	traits::{Saturating, Zero},
	DispatchError, DispatchResult, Perbill,
};

impl<T: Config> Pallet<T> {
	/// Records `who`'s commitment on case `id`.
	pub fn do_commit_vote(who: &T::AccountId, id: CaseId, commitment: H256) -> DispatchResult {
		let case = Cases::<T>::get(id).ok_or(Error::<T>::UnknownCase)?;
		let now = pallet_labeling::Pallet::<T>::window_clock();
		let Phase::Voting { commit_end, .. } = case.phase else {
			return Err(Error::<T>::NotCommitPhase.into());
		};
		ensure!(now <= commit_end, Error::<T>::NotCommitPhase);
		Panels::<T>::try_mutate(id, |panel| {
			let seat =
				panel.iter_mut().find(|s| &s.reviewer == who).ok_or(Error::<T>::NotOnPanel)?;
			ensure!(seat.commitment.is_none(), Error::<T>::AlreadyCommitted);
			seat.commitment = Some(commitment);
			Ok::<(), Error<T>>(())
		})?;
		Self::deposit_event(Event::VoteCommitted { case: id, reviewer: who.clone() });
		Ok(())
	}

	/// Whether case `case`'s reveal phase is running at window-clock time `now`.
	fn reveals_open(case: &CaseOf<T>, panel: &PanelOf<T>, now: BlockNumberFor<T>) -> bool {
		match case.phase {
			Phase::Voting { commit_end, reveal_end } => {
				now <= reveal_end
					&& (now > commit_end || panel.iter().all(|s| s.commitment.is_some()))
			}
			Phase::Drawing { .. } => false,
		}
	}

	/// Reveals `who`'s vote on case `id`; returns whether the round was tallied as a result.
	pub fn do_reveal_vote(
		who: &T::AccountId,
		id: CaseId,
		vote: Label,
		salt: [u8; 32],
	) -> Result<bool, DispatchError> {
		let case = Cases::<T>::get(id).ok_or(Error::<T>::UnknownCase)?;
		let mut panel = Panels::<T>::get(id);
		let now = pallet_labeling::Pallet::<T>::window_clock();
		ensure!(Self::reveals_open(&case, &panel, now), Error::<T>::NotRevealPhase);
		let seat = panel.iter_mut().find(|s| &s.reviewer == who).ok_or(Error::<T>::NotOnPanel)?;
		let commitment = seat.commitment.ok_or(Error::<T>::NotCommitted)?;
		ensure!(seat.vote.is_none(), Error::<T>::AlreadyRevealed);
		ensure!(
			vote_commitment(id, case.round, who, &vote, &salt) == commitment,
			Error::<T>::CommitmentMismatch
		);
		let schema =
			pallet_labeling::Tasks::<T>::get(case.task).ok_or(Error::<T>::UnknownCase)?.spec.schema;
		ensure!(consensus::label_is_valid(&schema, &vote), Error::<T>::InvalidVote);
		seat.vote = Some(vote.clone());
		Panels::<T>::insert(id, &panel);
		Self::deposit_event(Event::VoteRevealed { case: id, reviewer: who.clone(), vote });
		if panel.iter().all(|s| s.vote.is_some()) {
			Self::tally(id, case, panel)?;
			return Ok(true);
		}
		Ok(false)
	}

	/// Does what is due for case `id`: the draw once its block has come, the tally once its
	/// reveal phase is over.
	pub fn do_advance(id: CaseId) -> DispatchResult {
		let case = Cases::<T>::get(id).ok_or(Error::<T>::UnknownCase)?;
		match case.phase {
			Phase::Drawing { at } => {
				ensure!(frame_system::Pallet::<T>::block_number() >= at, Error::<T>::NothingDue);
				Self::start_voting(id, case)
			}
			Phase::Voting { reveal_end, .. } => {
				let clock = pallet_labeling::Pallet::<T>::window_clock();
				ensure!(clock > reveal_end, Error::<T>::NothingDue);
				let panel = Panels::<T>::get(id);
				Self::tally(id, case, panel)
			}
		}
	}

	/// Draws the round's panel and opens its voting; a round nobody eligible can sit on has
	/// no majority.
	fn start_voting(id: CaseId, mut case: CaseOf<T>) -> DispatchResult {
		let panel = Self::draw_panel(id, &case);
		if panel.is_empty() {
			return Self::round_without_majority(id, case, 0, &[]);
		}
		let p = Parameters::<T>::get();
		// The windows run on the labeling pallet's window clock, which skips congested
		// blocks: stuffing the blocks of a reviewer's reveal phase does not end it.
		let commit_end =
			pallet_labeling::Pallet::<T>::window_clock().saturating_add(p.commit_window);
		let reveal_end = commit_end.saturating_add(p.reveal_window);
		case.phase = Phase::Voting { commit_end, reveal_end };
		let reviewers = panel.iter().map(|s| s.reviewer.clone()).collect();
		Cases::<T>::insert(id, &case);
		Panels::<T>::insert(id, panel);
		Self::schedule_tally(id, case.round, reveal_end);
		Self::deposit_event(Event::PanelDrawn {
			case: id,
			round: case.round,
			reviewers,
			commit_end,
			reveal_end,
		});
		Ok(())
	}

	/// Tallies a round: releases every seat (slashing those who did not reveal) and closes or
	/// escalates the case.
	fn tally(id: CaseId, case: CaseOf<T>, panel: PanelOf<T>) -> DispatchResult {
		let p = Parameters::<T>::get();
		let mut revealed: Vec<T::AccountId> = Vec::new();
		let mut total = BalanceOf::<T>::zero();
		let mut tallies: Vec<(Label, BalanceOf<T>)> = Vec::new();
		for seat in panel.iter() {
			let Some(vote) = &seat.vote else {
				let slashed = pallet_labeling::Pallet::<T>::release_review_stake(
					&seat.reviewer,
					seat.locked,
					p.no_reveal_slash,
				);
				Self::deposit_event(Event::ReviewerSlashed {
					case: id,
					reviewer: seat.reviewer.clone(),
					slashed,
				});
				continue;
			};
			pallet_labeling::Pallet::<T>::release_review_stake(
				&seat.reviewer,
				seat.locked,
				Perbill::zero(),
			);
			revealed.push(seat.reviewer.clone());
			total = total.saturating_add(seat.locked);
			match tallies.iter_mut().find(|(label, _)| label == vote) {
				Some((_, weight)) => *weight = weight.saturating_add(seat.locked),
				None => tallies.push((vote.clone(), seat.locked)),
			}
		}
		Panels::<T>::remove(id);
		let seats = panel.len() as u32;
		let count = revealed.len() as u32;
		let quorum = count > 0 && count >= p.quorum.mul_ceil(seats);
		let winner = tallies
			.into_iter()
			.find(|(_, weight)| weight.saturating_add(*weight) > total)
			.map(|(label, _)| label);
		match winner {
			Some(label) if quorum => {
				let majority: Vec<_> = panel
					.iter()
					.filter(|s| s.vote.as_ref() == Some(&label))
					.map(|s| s.reviewer.clone())
					.collect();
				Self::close_decided(id, case, label, &majority)
			}
			_ => Self::round_without_majority(id, case, seats, &revealed),
		}
	}

	/// Escalates a case whose round reached no majority, or closes it after the last round
	/// (paying the reviewers who revealed in it).
	fn round_without_majority(
		id: CaseId,
		mut case: CaseOf<T>,
		seats: u32,
		revealed: &[T::AccountId],
	) -> DispatchResult {
		let p = Parameters::<T>::get();
		let next = case.round.saturating_add(1);
		if next >= p.max_rounds {
			return Self::close_undecided(id, case, revealed);
		}
		let now = frame_system::Pallet::<T>::block_number();
		let draw_at = now.saturating_add(p.panel_delay);
		let round = case.round;
		case.round = next;
		case.phase = Phase::Drawing { at: draw_at };
		Cases::<T>::insert(id, &case);
		Self::schedule(draw_at, id, next);
		Self::deposit_event(Event::CaseEscalated {
			case: id,
			round,
			seats,
			revealed: revealed.len() as u32,
			draw_at,
		});
		Ok(())
	}
}
