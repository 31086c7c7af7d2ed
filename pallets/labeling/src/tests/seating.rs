//! Seat requests, the open set and the draw.

use super::*;
use crate::{seating::SeatingWork, Error};
use frame_support::{assert_noop, assert_ok, weights::Weight};

#[test]
fn a_request_locks_collateral_and_the_next_block_seats_it() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		assert_ok!(Labeling::request_seats(RuntimeOrigin::signed(A), task, 1));
		// Nothing is seated in the block of the request: its hash is the draw's seed.
		assert_eq!((ledger(A).locked, ledger(A).requested), (50, 1));
		assert!(ledger(A).seats.is_empty());
		assert!(Slots::<Test>::get(task, 0).is_empty());
		run_to_block(2);
		assert_eq!((ledger(A).locked, ledger(A).requested), (50, 0));
		assert_eq!(ledger(A).seats.to_vec(), vec![(task, 0)]);
		assert_eq!(
			Items::<Test>::get(task, 0).unwrap().state,
			ItemState::Labeling { round: 0, stage: 0, commit_end: 12, reveal_end: 22 }
		);
		let t = Tasks::<Test>::get(task).unwrap();
		assert_eq!((t.pending, t.in_progress), (0, 1));
		let events = labeling_events();
		assert!(events.contains(&Event::Seated {
			task,
			item: 0,
			round: 0,
			stage: 0,
			annotator: A
		}));
		assert!(events.contains(&Event::StageOpened {
			task,
			item: 0,
			round: 0,
			stage: 0,
			commit_end: 12,
			reveal_end: 22
		}));
	});
}

#[test]
fn request_errors() {
	run_test(|| {
		let task = create(vec![item(1), item(2)]);
		let request = |who, t, n| Labeling::request_seats(RuntimeOrigin::signed(who), t, n);
		assert_noop!(request(A, task, 0), Error::<Test>::BadSeatCount);
		assert_noop!(request(A, task, 9), Error::<Test>::BadSeatCount);
		assert_noop!(request(A, 9, 1), Error::<Test>::UnknownTask);
		assert_noop!(request(A, task, 1), Error::<Test>::NotStaked);
		bond(A, 99);
		assert_noop!(request(A, task, 1), Error::<Test>::InsufficientStake);
		bond(A, 1);
		// 100 bonded: two seats' collateral of 50 fit, a third does not.
		assert_ok!(request(A, task, 2));
		assert_noop!(request(A, task, 1), Error::<Test>::InsufficientStake);
		// A task asking for more stake than B has, or more reputation.
		bond(B, 1_000);
		let rich = create_with(TaskSpec { min_stake: 2_000, ..spec() }, vec![item(4)]);
		assert_noop!(request(B, rich, 1), Error::<Test>::InsufficientStake);
		let expert = create_with(TaskSpec { min_reputation: 2_000_000, ..spec() }, vec![item(5)]);
		assert_noop!(request(B, expert, 1), Error::<Test>::ReputationTooLow);
		// Seats held and requested are capped per account (8 in the mock).
		bond(C, 5_000);
		let many = create((0..12).map(item).collect());
		assert_ok!(request(C, many, 8));
		assert_noop!(request(C, many, 1), Error::<Test>::TooManyOpenSeats);
		// The vendor knows the gold answers of their own task.
		bond(E, 1_000);
		assert_ok!(Assets::transfer(RuntimeOrigin::signed(OTHER_VENDOR), USD, E, 10_000));
		let own = Labeling::do_create_task(E, spec(), vec![item(6)]).unwrap();
		assert_noop!(request(E, own, 1), Error::<Test>::VendorCannotAnnotate);
		assert!(Labeling::api_open_tasks(&E, own, 10).is_empty());
		// A cancelled task takes no requests; one whose items are all seated has nothing.
		let done = create(vec![item(7)]);
		assert_ok!(Labeling::cancel_task(RuntimeOrigin::signed(VENDOR), done));
		assert_noop!(request(B, done, 1), Error::<Test>::TaskNotOpen);
		let full = create_with(TaskSpec { redundancy: 1, max_seats: 1, ..spec() }, vec![item(8)]);
		seat(B, full, 1);
		assert_noop!(request(D, full, 1), Error::<Test>::NotStaked);
		bond(D, 1_000);
		assert_noop!(request(D, full, 1), Error::<Test>::NothingToLabel);
	});
}

#[test]
fn nobody_sits_twice_on_an_item_and_unfilled_seats_are_unlocked() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1), item(2)]);
		// Three seats asked of a two-item task: one per item, the third is unfilled.
		assert_eq!(seat(A, task, 3).len(), 2);
		let mut items = seats_in(A, task);
		items.sort();
		assert_eq!(items, vec![0, 1]);
		assert_eq!((ledger(A).locked, ledger(A).requested), (100, 0));
		assert!(labeling_events().contains(&Event::SeatsUnfilled { task, annotator: A, count: 1 }));
	});
}

#[test]
fn a_full_stage_leaves_the_open_set_and_fresh_items_enter_it() {
	run_test(|| {
		for who in ANNOTATORS {
			bond(who, 2_000);
		}
		// Six items, an open set of four (the mock's `MaxOpenItems`).
		let task = create((0..6).map(item).collect());
		assert_eq!(OpenItems::<Test>::get(task).to_vec(), vec![0, 1, 2, 3]);
		assert_eq!(Tasks::<Test>::get(task).unwrap().next_fresh, 4);
		// Three annotators take all four open items: each fills up, fresh ones replace it.
		for who in [A, B, C] {
			assert_ok!(Labeling::request_seats(RuntimeOrigin::signed(who), task, 4));
		}
		run_to_block(2);
		// Every seat found an item (six items of three seats: eighteen places for twelve).
		let seated: usize = [A, B, C].iter().map(|w| seats_in(*w, task).len()).sum();
		assert_eq!(seated, 12);
		// Full items left the open set and let fresh ones in; what is listed has room.
		let full: Vec<ItemId> = (0..6).filter(|i| Slots::<Test>::get(task, i).len() == 3).collect();
		assert!(full.len() >= 2, "A and B sit on items 0–3, C fills some of them");
		let open = OpenItems::<Test>::get(task);
		assert!(full.iter().all(|i| !open.contains(i)));
		assert!(open.iter().all(|i| Slots::<Test>::get(task, i).len() < 3));
		assert_eq!(Tasks::<Test>::get(task).unwrap().next_fresh, 6);
	});
}

#[test]
fn an_item_whose_commit_phase_passed_takes_no_more_seats() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		seat(A, task, 1);
		run_to_block(13);
		// The item is still listed but its stage's commit phase is over: the draw drops it.
		assert_ok!(Labeling::request_seats(RuntimeOrigin::signed(B), task, 1));
		run_to_block(14);
		assert!(seats_in(B, task).is_empty());
		assert!(OpenItems::<Test>::get(task).is_empty());
		assert_eq!(ledger(B).locked, 0);
	});
}

#[test]
fn a_ring_cannot_choose_to_share_an_item() {
	// Two annotators of a ring ask for one seat each in the same block, in sixteen tasks of
	// sixteen items: the item each gets follows the block hash, so they share an item about as
	// often as chance says (one in four: the open set has four items), not whenever they like.
	run_test(|| {
		assert_ok!(Labeling::update_params(
			RuntimeOrigin::root(),
			ParamsUpdate { max_open_seats: Some(16), ..Default::default() }
		));
		for who in [A, B] {
			bond(who, 5_000);
		}
		let spec = TaskSpec { redundancy: 2, max_seats: 2, ..spec() };
		let tasks = 16;
		let mut together = 0;
		for n in 0..tasks {
			let task = create_with(spec.clone(), (0..16).map(|i| item(n * 16 + i)).collect());
			let got = seat_all(task, &[A, B]);
			if got[0] == got[1] {
				together += 1;
			}
		}
		// A ring that chose its items would share all sixteen.
		assert!(together <= tasks / 2, "shared an item in {together} of {tasks} tasks");
		assert!(together > 0, "shared an item in {together} of {tasks} tasks");
	});
}

#[test]
fn seats_of_a_suspended_annotator_are_not_drawn() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		assert_ok!(Labeling::request_seats(RuntimeOrigin::signed(A), task, 1));
		Stakes::<Test>::mutate(A, |l| l.as_mut().unwrap().suspended_until = Some(100));
		run_to_block(2);
		assert!(seats_in(A, task).is_empty());
		assert_eq!(ledger(A).locked, 0);
	});
}

/// A block's draws charge the database work of a key once: three annotators seated on one
/// item in one block read the task, its open set, the item and its seats once and write the
/// seats once as far as the database is concerned (the later draws find them in the block's
/// overlay). Charging each draw as if it were the block's first counted that work three times
/// and left the budget's end unused.
#[test]
fn draws_in_one_block_charge_the_keys_they_share_once() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		for who in [A, B, C] {
			assert_ok!(Labeling::request_seats(RuntimeOrigin::signed(who), task, 1));
		}
		let now = System::block_number() + 1;
		System::set_block_number(now);
		let used = Labeling::seat_due(now);
		assert!([A, B, C].iter().all(|&who| seats_in(who, task) == vec![0]));
		let first = SeatingWork { seats: 1, probes: 1, opened: 1, ..Default::default() };
		let later = SeatingWork {
			seats: 1,
			probes: 1,
			later: true,
			task_seen: true,
			reread: 1,
			rewritten: 1,
			..Default::default()
		};
		let db = db();
		// The queue's bounds, read and written once, and the budget's read (the queue emptied:
		// no request read that stops the loop).
		let queue = db.reads_writes(2, 1);
		assert_eq!(
			used,
			Labeling::seating_weight(first)
				.saturating_add(Labeling::seating_weight(later).saturating_mul(2))
				.saturating_add(queue)
		);
		// Less than three first draws by the shared reads and writes (each later draw: the
		// beacon and the congestion count, the task and its open set, the item and its seats
		// read, the seats and the task's entry and open set written), the stage opened once.
		let alone = SeatingWork { later: false, task_seen: false, reread: 0, rewritten: 0, ..later };
		assert_eq!(
			Labeling::seating_weight(alone).saturating_sub(Labeling::seating_weight(later)),
			db.reads_writes(6, 3)
		);
	});
}

/// Attack: flood the seat queue so the draw overruns the block. The draw seats seat by seat
/// while the next seat's worst case fits in the block's budget; the rest of a request keeps its
/// place at the head of the queue, and every request is seated in a later block, oldest first.
/// The block is charged what the draws did, never more than the budget.
#[test]
fn the_draw_keeps_to_its_budget_and_later_requests_wait_their_turn() {
	run_test(|| {
		bond_all();
		let task = create((1..=6).map(item).collect());
		// Requests of two. Room for A's two draws (each at its first probe, opening a fresh
		// item), B's first (the block's second request, drawn onto one of A's items: the task,
		// the item and its seats are in the block's overlay) and a seat's worst case less a
		// picosecond: B's second seat does not fit at its worst.
		let work_a = SeatingWork { seats: 2, probes: 2, opened: 2, ..Default::default() };
		let work_b = SeatingWork {
			seats: 1,
			probes: 1,
			later: true,
			task_seen: true,
			reread: 1,
			rewritten: 1,
			..Default::default()
		};
		let budget = Labeling::seating_weight(work_a)
			.saturating_add(Labeling::seating_weight(work_b))
			.saturating_add(Labeling::seating_worst(1))
			.saturating_sub(Weight::from_parts(1, 0));
		crate::mock::MaxSeatingWeight::set(budget);
		for who in [A, B, C] {
			assert_ok!(Labeling::request_seats(RuntimeOrigin::signed(who), task, 2));
		}
		let now = System::block_number() + 1;
		System::set_block_number(now);
		let used = Labeling::seat_due(now);
		assert_eq!(seats_in(A, task).len(), 2);
		// A's two seats, each at its first probe, each opening a fresh item's stage, nothing
		// taken from the backlog (fresh items refill the open set): well under their worst
		// case, so the budget's rest seats part of B's request — as much as fits at its worst.
		// The queue's bounds, the request read that stops the loop, the budget's read.
		let queue = db().reads_writes(3, 1);
		assert!(Labeling::seating_weight(work_a).ref_time() < Labeling::seating_worst(2).ref_time());
		let part = Labeling::seats_fitting(budget.saturating_sub(Labeling::seating_weight(work_a)), 2);
		assert_eq!(part, 1, "the budget's rest fits one of B's seats at its worst");
		assert_eq!((seats_in(B, task).len(), ledger(B).requested), (1, 1));
		assert_eq!(ledger(C).requested, 2);
		assert_eq!(
			used,
			Labeling::seating_weight(work_a)
				.saturating_add(Labeling::seating_weight(work_b))
				.saturating_add(queue)
		);
		assert!(used.ref_time() <= budget.saturating_add(queue).ref_time());
		// B's request kept the head of the queue: its rest is drawn first in the next block.
		let (head, tail) = SeatQueueBounds::<Test>::get();
		assert_eq!(tail.wrapping_sub(head), 2);
		assert_eq!(SeatQueue::<Test>::get(head).map(|r| (r.annotator, r.drawn)), Some((B, 1)));
		// The ledgers count what is still queued: B's one seat not drawn and C's two.
		assert_eq!(Labeling::do_try_state(), Ok(()));
		System::set_block_number(now + 1);
		Labeling::seat_due(now + 1);
		assert_eq!((seats_in(B, task).len(), ledger(B).requested), (2, 0));
		assert!(!seats_in(C, task).is_empty());
		System::set_block_number(now + 2);
		Labeling::seat_due(now + 2);
		assert_eq!((seats_in(C, task).len(), ledger(C).requested), (2, 0));
		assert_eq!(SeatQueueBounds::<Test>::get().0, SeatQueueBounds::<Test>::get().1);
		// Every seat was drawn once: six seats on six items of three seats each, none twice.
		let total: usize = [A, B, C].iter().map(|w| seats_in(*w, task).len()).sum();
		assert_eq!(total, 6);
		// Each seated seat's collateral stays locked; nothing is left locked for the request.
		let collateral = Tasks::<Test>::get(task).map(|t| t.spec.collateral).unwrap_or_default();
		assert_eq!(ledger(B).locked, collateral * 2);
		// A budget below one request's worst case (as after an upgrade that lowered the
		// budget): the queue still moves, one request a block.
		crate::mock::MaxSeatingWeight::set(Weight::from_parts(1, 1));
		for who in [A, B] {
			assert_ok!(Labeling::request_seats(RuntimeOrigin::signed(who), task, 1));
		}
		System::set_block_number(now + 3);
		Labeling::seat_due(now + 3);
		assert_eq!((ledger(A).requested, ledger(B).requested), (0, 1));
		System::set_block_number(now + 4);
		Labeling::seat_due(now + 4);
		assert_eq!(ledger(B).requested, 0);
	});
}
