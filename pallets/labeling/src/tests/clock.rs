//! The window clock: stuffing blocks cannot run out a commit, reveal or answer window.

use super::*;
use crate::{clock::CONGESTED, Error};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::Perbill;

/// Moves to block `n`, filling every block on the way (and the current one) as full as
/// `share` of the normal class.
fn run_to_block_filled(n: u64, share: Perbill) {
	while System::block_number() < n {
		fill_block(share);
		run_to_block(System::block_number() + 1);
	}
}

/// The running stage's `(commit_end, reveal_end)` of item 0 of `task`.
fn windows(task: TaskId) -> (u64, u64) {
	match Items::<Test>::get(task, 0).expect("item").state {
		ItemState::Labeling { commit_end, reveal_end, .. } => (commit_end, reveal_end),
		other => panic!("not labeling: {other:?}"),
	}
}

#[test]
fn on_a_chain_without_congestion_the_clock_is_the_block_number() {
	run_test(|| {
		run_to_block(7);
		assert_eq!(Labeling::window_clock(), 7);
		// Blocks just below the threshold count.
		run_to_block_filled(12, Perbill::from_percent(94));
		assert_eq!(Labeling::window_clock(), 12);
		assert_eq!(CongestedBlocks::<Test>::get(), 0);
		assert!(!labeling_events().iter().any(|e| matches!(e, Event::WindowClockStopped { .. })));
	});
}

#[test]
fn a_congested_block_stops_the_clock_by_weight_or_by_length() {
	run_test(|| {
		run_to_block(5);
		fill_block(CONGESTED);
		run_to_block(6);
		assert_eq!(Labeling::window_clock(), 5);
		assert!(labeling_events().contains(&Event::WindowClockStopped { clock: 4 }));
		// A block full in bytes, with little weight, stops it too.
		let max_len =
			*<<Test as frame_system::Config>::BlockLength as frame_support::traits::Get<
				frame_system::limits::BlockLength,
			>>::get()
			.max
			.get(frame_support::dispatch::DispatchClass::Normal);
		frame_system::BlockSize::<Test>::put(CONGESTED.mul_ceil(max_len));
		run_to_block(7);
		assert_eq!((Labeling::window_clock(), CongestedBlocks::<Test>::get()), (5, 2));
	});
}

/// Attack: an annotator's seat is committed; someone fills every block of the reveal phase so
/// that the annotator's reveal cannot get in, then settles the item to have them slashed for
/// not revealing. With windows counted in blocks, `settle` succeeded right after the phase and
/// C lost half of the collateral (`NoReveal`).
#[test]
fn stuffing_the_reveal_phase_does_not_end_it() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		seat_all(task, &[A, B, C]);
		for who in [A, B, C] {
			commit(who, task, 0, &CAT);
		}
		let (_, reveal_end) = windows(task);
		assert_ok!(reveal(A, task, 0, &CAT));
		assert_ok!(reveal(B, task, 0, &CAT));
		// Every block up to the end of the reveal phase is full.
		run_to_block_filled(reveal_end + 1, Perbill::one());
		assert!(Labeling::window_clock() <= reveal_end);
		assert_noop!(
			Labeling::settle(RuntimeOrigin::signed(OUTSIDER), task, 0),
			Error::<Test>::CannotSettleYet
		);
		// The first block with room takes C's reveal: paid, not slashed.
		assert_ok!(reveal(C, task, 0, &CAT));
		assert_eq!(
			verdicts(task, 0)
				.iter()
				.map(|(w, v, _, slashed)| (*w, *v, *slashed))
				.collect::<Vec<_>>(),
			vec![(A, Verdict::Agreed, 0), (B, Verdict::Agreed, 0), (C, Verdict::Agreed, 0)]
		);
	});
}

#[test]
fn a_reveal_phase_ends_after_as_many_blocks_with_room_as_it_is_long() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		seat_all(task, &[A, B, C]);
		commit(A, task, 0, &CAT);
		commit(B, task, 0, &CAT);
		let (_, reveal_end) = windows(task);
		// Five congested blocks on the way: the phase lasts five blocks longer.
		let start = System::block_number();
		run_to_block_filled(start + 5, Perbill::one());
		// Five blocks after its end by block number, the phase is in its last block.
		run_to_block(reveal_end + 5);
		assert_eq!(Labeling::window_clock(), reveal_end);
		assert_noop!(
			Labeling::settle(RuntimeOrigin::signed(OUTSIDER), task, 0),
			Error::<Test>::CannotSettleYet
		);
		assert_ok!(reveal(A, task, 0, &CAT));
		assert_ok!(reveal(B, task, 0, &CAT));
		run_to_block(reveal_end + 6);
		assert_noop!(reveal(C, task, 0, &CAT), Error::<Test>::NotRevealPhase);
		// C never committed: the no-show penalty applies once the (extended) phase is over.
		assert_ok!(Labeling::settle(RuntimeOrigin::signed(OUTSIDER), task, 0));
		assert!(verdicts(task, 0).contains(&(C, Verdict::NoReveal, 0, 25)));
	});
}

/// Attack: the commit phase is stuffed so that a seated annotator cannot commit (and is then
/// penalized as a no-show).
#[test]
fn stuffing_the_commit_phase_does_not_end_it() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		seat_all(task, &[A, B, C]);
		let (commit_end, _) = windows(task);
		run_to_block_filled(commit_end + 1, Perbill::one());
		for who in [A, B, C] {
			commit(who, task, 0, &CAT);
		}
		for who in [A, B, C] {
			assert_ok!(reveal(who, task, 0, &CAT));
		}
		assert!(verdicts(task, 0).iter().all(|(_, v, _, _)| *v == Verdict::Agreed));
	});
}

/// Attack: the vendor's answer window is stuffed so that the item settles without its gold
/// answer (and the vendor's check of the annotators is lost).
#[test]
fn stuffing_the_answer_window_does_not_end_it() {
	run_test(|| {
		bond_all();
		let task = create_with(gold_spec(), vec![gold_item(1, Some(CAT))]);
		vote(task, &[(A, CAT), (B, CAT), (C, DOG)]);
		let ItemState::AwaitingGold { until, .. } = Items::<Test>::get(task, 0).unwrap().state
		else {
			panic!("awaiting gold")
		};
		run_to_block_filled(until + 1, Perbill::one());
		assert_noop!(
			Labeling::settle(RuntimeOrigin::signed(OUTSIDER), task, 0),
			Error::<Test>::CannotSettleYet
		);
		assert_ok!(Labeling::reveal_gold(
			RuntimeOrigin::signed(VENDOR),
			task,
			0,
			Some(CAT),
			GOLD_SALT
		));
		assert!(verdicts(task, 0).contains(&(C, Verdict::GoldFailed, 0, 50)));
	});
}

#[test]
fn a_reveal_fits_in_the_room_below_the_threshold() {
	run_test(|| assert!(Labeling::congestion_threshold_is_sound()));
}
