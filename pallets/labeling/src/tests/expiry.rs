//! Expiry: an item whose window ran out is settled by the chain in the weight blocks leave
//! over, without anyone calling `settle`, and a burst larger than a block's leftover carries
//! over to the next blocks until every item is settled and paid.

use super::*;
use crate::Event;
use frame_support::weights::Weight;

/// Leftover weight for `n` expired items a block (and a few empty deadlines to sweep).
fn room_for(n: u64) -> Weight {
	let db: frame_support::weights::RuntimeDbWeight =
		<Test as frame_system::Config>::DbWeight::get();
	// The cursor and the congestion count, `n` settlements, and a read for every deadline the
	// sweep passes on its way (at most one a block since its cursor, which starts at 0).
	let deadlines = System::block_number() + 2 - crate::ExpiryCursor::<Test>::get();
	db.reads_writes(2, 1)
		.saturating_add(Labeling::expiry_step_weight().saturating_mul(n))
		.saturating_add(db.reads(n + deadlines))
}

/// `whos` seated on every item of a four-item task; the first two commit CAT on every item
/// (and reveal it later), the third never commits: each item waits for its reveal window.
fn withheld_task(whos: [AccountId; 3]) -> TaskId {
	let task = create(vec![item(1), item(2), item(3), item(4)]);
	for who in whos {
		assert_ok!(Labeling::request_seats(RuntimeOrigin::signed(who), task, 4));
	}
	run_to_block(System::block_number() + 1);
	for who in whos {
		assert_eq!(seats_in(who, task).len(), 4, "{who} holds a seat on every item");
	}
	for item in 0..4 {
		commit(whos[0], task, item, &CAT);
		commit(whos[1], task, item, &CAT);
	}
	task
}

fn labeling_items(tasks: &[TaskId]) -> usize {
	tasks
		.iter()
		.flat_map(|t| Items::<Test>::iter_prefix(*t).map(|(_, it)| it.state))
		.filter(|s| matches!(s, ItemState::Labeling { .. }))
		.count()
}

fn expired_settled() -> u32 {
	labeling_events()
		.into_iter()
		.filter_map(|e| match e {
			Event::ExpiredSettled { count, .. } => Some(count),
			_ => None,
		})
		.sum()
}

/// A one-item task: A, B and C seated, A and B commit and reveal CAT (at block 13), C never
/// commits; the item waits for its reveal window to end (block 22).
fn c_stays_silent() -> TaskId {
	let task = reveals_open_c_uncommitted();
	assert_ok!(reveal(A, task, 0, &CAT));
	assert_ok!(reveal(B, task, 0, &CAT));
	task
}

#[test]
fn a_withheld_settlement_is_done_by_the_chain() {
	run_test(|| {
		let task = c_stays_silent();
		let (a, b) = (usd(A), usd(B));
		// The attack: C withholds its reveal and nobody calls `settle`. Without the sweep
		// the item stays open past its window, A's and B's pay held in escrow.
		run_to_block(30);
		assert_eq!(labeling_items(&[task]), 1);
		// With it, the next block with weight left over settles it.
		run_to_block_idle(31, room_for(1));
		assert_eq!(labeling_items(&[task]), 0);
		assert!(Labeling::result_of(task, 0).is_some());
		assert_eq!(verdicts(task, 0)[2], (C, Verdict::NoReveal, 0, 25));
		assert!(usd(A) > a && usd(B) > b, "A and B are paid");
		assert_eq!(expired_settled(), 1);
		assert!(Expiring::<Test>::iter().next().is_none(), "its entry is gone");
	});
}

#[test]
fn a_burst_ten_times_a_blocks_leftover_is_settled_in_order_without_help() {
	run_test(|| {
		bond_all();
		// 12 items in three tasks whose windows all run out together, and room for one
		// settlement a block: twelve times what a block can take.
		// (An annotator holds at most 8 open seats: five annotators share the seats.)
		let triples = [[A, B, C], [A, B, D], [C, D, E]];
		let tasks: Vec<TaskId> = triples.iter().map(|w| withheld_task(*w)).collect();
		run_to_block(System::block_number() + 11);
		for (&task, whos) in tasks.iter().zip(&triples) {
			for item in 0..4 {
				assert_ok!(reveal(whos[0], task, item, &CAT));
				assert_ok!(reveal(whos[1], task, item, &CAT));
			}
		}
		// The sweep runs all along; nothing is due until the reveal windows end.
		// The three tasks opened a block apart: their deadlines are three consecutive blocks.
		let deadline = Items::<Test>::iter()
			.filter_map(|(_, _, it)| match it.state {
				ItemState::Labeling { reveal_end, .. } => Some(reveal_end),
				_ => None,
			})
			.min()
			.expect("running items");
		run_to_block_idle(deadline + 1, room_for(1));
		assert_eq!(labeling_items(&tasks), 12);
		// One a block, the oldest deadline first (the first task's items before the last's).
		run_to_block_idle(deadline + 7, room_for(1));
		assert_eq!(labeling_items(&tasks), 6);
		assert_eq!(labeling_items(&tasks[..1]), 0);
		run_to_block_idle(deadline + 13, room_for(1));
		assert_eq!(labeling_items(&tasks), 0, "every item settled, nobody called settle");
		assert_eq!(expired_settled(), 12);
		for (&task, whos) in tasks.iter().zip(&triples) {
			for item in 0..4 {
				let v = verdicts(task, item);
				assert_eq!(v.len(), 3);
				// (Judged, with pay by the usual rule: here every label is CAT, so agreement
				// is likely by chance and pays little or nothing — the mechanism, not the sweep.)
				for revealer in &whos[..2] {
					assert!(v.iter().any(|(who, verdict, _, slashed)| who == revealer
						&& *verdict == Verdict::Agreed
						&& *slashed == 0));
				}
				assert!(v.contains(&(whos[2], Verdict::NoReveal, 0, 25)));
			}
		}
		// Every seat is released: collateral back (or slashed, for the no-shows).
		for who in ANNOTATORS {
			assert!(ledger(who).seats.is_empty(), "{who} holds no seat");
			assert_eq!(ledger(who).locked, 0, "{who}'s collateral is released");
		}
		assert!(Expiring::<Test>::iter().next().is_none());
	});
}

#[test]
fn entries_of_items_that_moved_on_are_dropped_and_an_empty_block_does_nothing() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		two_agree_one_disagrees(task);
		// Settled at its last reveal: the entry under its deadline is stale.
		assert_eq!(Expiring::<Test>::iter().count(), 1);
		run_to_block_idle(40, room_for(1));
		assert!(Expiring::<Test>::iter().next().is_none());
		assert_eq!(expired_settled(), 0, "nothing was settled twice");
		// No leftover weight: nothing read, nothing written.
		assert_eq!(Labeling::settle_expired(Weight::zero()), Weight::zero());
	});
}

#[test]
fn a_settlement_is_charged_for_the_items_seats_and_the_sweep_counts_what_it_did() {
	run_test(|| {
		let task = c_stays_silent();
		run_to_block(23);
		// Declared for the largest item; charged for this one's three seats and its categories.
		let post = Labeling::settle(RuntimeOrigin::signed(OUTSIDER), task, 0).expect("settled");
		assert_eq!(post.actual_weight, Some(Labeling::stage_close_weight(3, 1)));
		assert!(post.actual_weight.unwrap().all_lt(Labeling::settle_weight_bound()));
		// Its entry, stale now, costs the sweep a few reads and one write, not a settlement.
		let used = Labeling::settle_expired(room_for(1));
		assert!(used.all_lt(Labeling::expiry_step_weight()), "{used:?}");
		assert!(Expiring::<Test>::iter().next().is_none());
	});
}
