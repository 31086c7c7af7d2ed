//! Batched labeling: `commit_many` and `reveal_many` do with one signature what `commit` and
//! `reveal` do item by item, all or nothing, and `CheckReveal` refuses a batch in which any
//! reveal would fail (so a failed batch never publishes the other entries' salts).

use super::*;
use crate::{extension::refusal, weights::WeightInfo, CheckReveal, Error};
use frame_support::{
	assert_noop,
	dispatch::{DispatchInfo, GetDispatchInfo},
	weights::Weight,
};
use sp_runtime::{
	traits::{DispatchTransaction, TransactionExtension},
	DispatchError,
	transaction_validity::{TransactionSource, TransactionValidityError},
};

fn sealed(who: AccountId, task: TaskId, items: &[ItemId], label: &Label) -> Vec<SealedLabel> {
	items
		.iter()
		.map(|&item| SealedLabel { task, item, commitment: commitment(who, task, item, label) })
		.collect()
}

fn opened(who: AccountId, task: TaskId, items: &[ItemId], label: &Label) -> Vec<OpenedLabel> {
	items
		.iter()
		.map(|&item| OpenedLabel { task, item, label: label.clone(), salt: salt_of(who) })
		.collect()
}

fn commit_many(who: AccountId, entries: Vec<SealedLabel>) -> DispatchResult {
	commit_charged(who, entries).map(|_| ())
}

/// `commit_many`, returning the weight it was charged.
fn commit_charged(who: AccountId, entries: Vec<SealedLabel>) -> Result<Weight, DispatchError> {
	Labeling::commit_many(RuntimeOrigin::signed(who), BoundedVec::truncate_from(entries))
		.map(|post| post.actual_weight.unwrap_or_default())
		.map_err(|e| e.error)
}

/// A bound every entry meets.
fn any() -> CloseBound {
	CloseBound::largest(
		<<Test as crate::Config>::MaxSeats as frame_support::traits::Get<u32>>::get(),
	)
}

fn reveal_many(who: AccountId, entries: Vec<OpenedLabel>) -> Result<Weight, DispatchError> {
	reveal_within(who, entries, any())
}

fn reveal_within(
	who: AccountId,
	entries: Vec<OpenedLabel>,
	bound: CloseBound,
) -> Result<Weight, DispatchError> {
	Labeling::reveal_many(RuntimeOrigin::signed(who), BoundedVec::truncate_from(entries), bound)
		.map(|post| post.actual_weight.unwrap_or_default())
		.map_err(|e| e.error)
}

fn validate(who: AccountId, entries: Vec<OpenedLabel>) -> Result<(), TransactionValidityError> {
	validate_within(who, entries, any())
}

fn validate_within(
	who: AccountId,
	entries: Vec<OpenedLabel>,
	bound: CloseBound,
) -> Result<(), TransactionValidityError> {
	let call = RuntimeCall::Labeling(Call::reveal_many {
		reveals: BoundedVec::truncate_from(entries),
		bound,
	});
	CheckReveal::<Test>::new()
		.validate_only(
			Some(who).into(),
			&call,
			&DispatchInfo::default(),
			0,
			TransactionSource::External,
			0,
		)
		.map(|_| ())
}

/// A, B and C each hold a seat on both items of a two-item task.
fn seated_on_two() -> TaskId {
	bond_all();
	let task = create(vec![item(1), item(2)]);
	for who in [A, B, C] {
		assert_ok!(Labeling::request_seats(RuntimeOrigin::signed(who), task, 2));
	}
	run_to_block(System::block_number() + 1);
	for who in [A, B, C] {
		assert_eq!(seats_in(who, task).len(), 2);
	}
	task
}

/// [`seated_on_two`], and A, B and C each committed to `CAT` on both items in one batch:
/// reveals are open.
fn committed_on_two() -> TaskId {
	let task = seated_on_two();
	for who in [A, B, C] {
		assert_ok!(commit_many(who, sealed(who, task, &[0, 1], &CAT)));
	}
	task
}

#[test]
fn a_batch_commits_and_reveals_many_items_with_one_signature_each() {
	run_test(|| {
		let task = committed_on_two();
		// The same commitments as one `commit` per item.
		for item in [0, 1] {
			let slots = Slots::<Test>::get(task, item);
			assert!(slots.iter().all(|s| s.commitment == Some(commitment(s.annotator, task, item, &CAT))));
		}
		// A and B's reveals close nothing: charged for the reveals only, less the seats' read
		// and write of both items, which the commits wrote earlier in the block.
		let refund = Labeling::seats_written_earlier_weight();
		for (who, written_earlier) in [(A, 2), (B, 2)] {
			assert_eq!(validate(who, opened(who, task, &[0, 1], &CAT)), Ok(()));
			let charged = reveal_many(who, opened(who, task, &[0, 1], &CAT)).expect("revealed");
			assert_eq!(
				charged,
				<() as WeightInfo>::reveal_many(2, 1).saturating_sub(refund.saturating_mul(written_earlier))
			);
		}
		// C's closes both stages: both items settle, and the two closes are charged, each for
		// its three seats and its categorical labels (not for the largest item's), less what
		// its reveal already read and wrote (the item, its seats, ...) and less the three
		// payees' ledgers, which this block's seat draw wrote already; the second also less
		// what it shares with the first in the block's overlay (the asset, the escrow's and C's
		// accounts, ...) and less the account creations of its payees, whom the first close
		// paid already.
		assert!([A, B, C].iter().all(|who| {
			Stakes::<Test>::get(who).is_some_and(|l| l.updated == System::block_number())
		}));
		let charged = reveal_many(C, opened(C, task, &[0, 1], &CAT)).expect("revealed");
		let db = db();
		assert_eq!(
			charged,
			<() as WeightInfo>::reveal_many(2, 1)
				.saturating_add(Labeling::stage_close_weight(3, 1).saturating_mul(2))
				.saturating_sub(Labeling::close_after_reveal_weight().saturating_mul(2))
				.saturating_sub(db.reads_writes(3, 3).saturating_mul(2))
				.saturating_sub(Labeling::close_shared_weight())
				.saturating_sub(db.reads_writes(2, 2))
				.saturating_sub(refund.saturating_mul(2))
		);
		assert!(Labeling::close_shared_weight().ref_time() > 0);
		assert!(Labeling::stage_close_weight(3, 1).all_lt(Labeling::stage_close_weight(8, 1)));
		// And for their labels' size: a category is charged as one box, not as the most.
		assert!(Labeling::stage_close_weight(3, 1)
			.ref_time()
			.lt(&Labeling::stage_close_weight(3, crate::types::MAX_BOXES).ref_time()));
		// The reveals too are charged by their labels' size: categorical, as one box.
		assert!(<() as WeightInfo>::reveal_many(2, 1)
			.ref_time()
			.lt(&<() as WeightInfo>::reveal_many(2, crate::types::MAX_BOXES).ref_time()));
		for item in [0, 1] {
			assert_eq!(Items::<Test>::get(task, item).map(|i| i.state), Some(ItemState::Settled));
			assert_eq!(verdicts(task, item).len(), 3);
		}
	});
}

#[test]
fn a_batch_is_all_or_nothing() {
	run_test(|| {
		let task = seated_on_two();
		// A's second entry names an item of a task A holds no seat in: nothing is recorded,
		// not even the first entry, and the error is the failing entry's.
		let other = create(vec![item(3)]);
		let mut entries = sealed(A, task, &[0], &CAT);
		entries.push(SealedLabel { task: other, item: 0, commitment: H256::repeat_byte(1) });
		assert_noop!(commit_many(A, entries), Error::<Test>::NotCommitPhase);
		assert!(Slots::<Test>::get(task, 0).iter().all(|s| s.commitment.is_none()));

		// Reveals: A committed on both items, but its second reveal does not open its
		// commitment. The batch fails as a whole and item 0 keeps A's label unrevealed.
		for who in [A, B, C] {
			assert_ok!(commit_many(who, sealed(who, task, &[0, 1], &CAT)));
		}
		let mut entries = opened(A, task, &[0], &CAT);
		entries.extend(opened(A, task, &[1], &DOG));
		assert_eq!(reveal_many(A, entries), Err(Error::<Test>::CommitmentMismatch.into()));
		assert!(Slots::<Test>::get(task, 0).iter().all(|s| s.label.is_none()));
	});
}

#[test]
fn an_empty_or_repeating_batch_is_refused() {
	run_test(|| {
		let task = seated_on_two();
		assert_noop!(commit_many(A, vec![]), Error::<Test>::EmptyBatch);
		// Attack (a repeated entry): the second commit of an item would fail anyway; a
		// repeated reveal would pass validation entry by entry and fail in the block, with
		// the batch's salts in the clear. Both are refused before anything else is checked.
		assert_noop!(commit_many(A, sealed(A, task, &[0, 0], &CAT)), Error::<Test>::DuplicateInBatch);
		for who in [A, B, C] {
			assert_ok!(commit_many(who, sealed(who, task, &[0, 1], &CAT)));
		}
		assert_eq!(reveal_many(A, vec![]), Err(Error::<Test>::EmptyBatch.into()));
		let twice = opened(A, task, &[1, 0, 1], &CAT);
		assert_eq!(validate(A, twice.clone()), Err(refusal(Error::<Test>::DuplicateInBatch.into())));
		assert_eq!(reveal_many(A, twice), Err(Error::<Test>::DuplicateInBatch.into()));
		assert!(Slots::<Test>::get(task, 1).iter().all(|s| s.label.is_none()));
	});
}

#[test]
fn a_batch_with_one_reveal_that_would_fail_is_refused_before_it_can_leak() {
	run_test(|| {
		// Attack: A bundles a valid reveal with one whose reveal phase has not opened. In a
		// block, the failed batch would publish the valid entry's label and salt while the
		// other item's commitments still count, and anyone could copy or denounce them.
		let task = seated_on_two();
		for who in [A, B] {
			assert_ok!(commit_many(who, sealed(who, task, &[0, 1], &CAT)));
		}
		assert_ok!(commit_many(C, sealed(C, task, &[0], &CAT)));
		// Item 0 is fully committed (reveals open); item 1 waits for C.
		let batch = opened(A, task, &[0, 1], &CAT);
		assert_eq!(validate(A, batch.clone()), Err(refusal(Error::<Test>::NotRevealPhase.into())));
		assert_eq!(validate(A, opened(A, task, &[0], &CAT)), Ok(()));
		// The extension's weight follows the batch: one reveal check per entry, its computation
		// (the reveal itself is charged for reading the same keys).
		let call = RuntimeCall::Labeling(Call::reveal_many {
			reveals: BoundedVec::truncate_from(batch),
			bound: any(),
		});
		let db = db();
		assert_eq!(
			CheckReveal::<Test>::new().weight(&call),
			<() as WeightInfo>::check_reveal().saturating_sub(db.reads(4)).saturating_mul(2)
		);
	});
}

/// Attack on the block's budget: box labels at many seats cost more to close than one
/// linear fit of seats and boxes charged in the middle of their range (measured 1,297 µs at
/// 12 seats of 16 boxes, charged 1,233 µs), while a three-seat categorical item paid twice
/// its cost. A close (and a judging) is charged the one-box benchmark at its seats plus a
/// share of what the largest labels add, in proportion to seats × (boxes − 1): all of it at
/// the most seats and boxes, none for one-box labels, more with either.
#[test]
fn box_labels_are_charged_a_share_of_the_largest_case_by_seats_and_boxes() {
	let most = <<Test as crate::Config>::MaxSeats as frame_support::traits::Get<u32>>::get();
	let boxes = crate::types::MAX_BOXES;
	type W = ();
	assert_eq!(Labeling::stage_close_weight(most, boxes), <W as WeightInfo>::close_stage_boxed());
	assert_eq!(Labeling::judging_weight(most, boxes), <W as WeightInfo>::judge_boxed());
	for s in [3, 5, most] {
		assert_eq!(Labeling::stage_close_weight(s, 1), <W as WeightInfo>::close_stage(s));
		assert_eq!(Labeling::judging_weight(s, 1), <W as WeightInfo>::judge(s));
	}
	let extra = <W as WeightInfo>::close_stage_boxed()
		.saturating_sub(<W as WeightInfo>::close_stage(most))
		.ref_time();
	assert!(extra > 0, "the largest labels cost more than one box");
	// Half the seats and the boxes' extra halved: a quarter of the extra.
	let (s, b) = (most / 2, (boxes - 1) / 2 + 1);
	let share = Labeling::stage_close_weight(s, b).ref_time() -
		<W as WeightInfo>::close_stage(s).ref_time();
	let expected = extra * (s as u64 * (b as u64 - 1)) / (most as u64 * (boxes as u64 - 1));
	assert_eq!(share, expected);
	assert!(Labeling::stage_close_weight(3, 2).all_lte(Labeling::stage_close_weight(3, boxes)));
	assert!(Labeling::stage_close_weight(3, boxes).all_lte(Labeling::stage_close_weight(most, boxes)));
}

/// Attack on the block's room (a heavy declared weight): the block builder admits a batch by
/// the weight it declares before running it. Declared for the largest close (16 seats of
/// 16-box labels per entry), a 16-reveal categorical batch claimed ≈ 80 ms for ≈ 5 ms of work,
/// and labeling blocks stopped at 89 % full. The batch now declares its items' seats and its
/// tasks' label size (`CloseBound`) and is admitted by closes of that size.
#[test]
fn a_batch_is_admitted_by_the_close_bound_it_states() {
	run_test(|| {
		let task = committed_on_two();
		let tight = CloseBound { seats: 3, boxes: 1 };
		let declared = |bound: CloseBound| {
			Call::<Test>::reveal_many {
				reveals: BoundedVec::truncate_from(opened(C, task, &[0, 1], &CAT)),
				bound,
			}
			.get_dispatch_info()
			.call_weight
		};
		assert_eq!(
			declared(tight),
			<() as WeightInfo>::reveal_many(2, 1)
				.saturating_add(Labeling::stage_close_weight(3, 1).saturating_mul(2))
		);
		// Less than the largest bound declares (in the runtime ≈ 4.9 ms an entry for 16 seats
		// of 16 boxes, against ≈ 1.0 ms for 3 seats of categorical labels).
		assert!(declared(tight).all_lt(declared(any())));
		// Beyond the chain's limits the bound declares no more than the largest close.
		assert_eq!(declared(CloseBound { seats: 1_000, boxes: 1_000 }), declared(any()));
		for who in [A, B] {
			assert_eq!(validate_within(who, opened(who, task, &[0, 1], &CAT), tight), Ok(()));
			assert!(reveal_within(who, opened(who, task, &[0, 1], &CAT), tight).is_ok());
		}
		// C's batch closes both stages at the tight bound, and is charged no more than it was
		// admitted with.
		let charged = reveal_within(C, opened(C, task, &[0, 1], &CAT), tight).expect("revealed");
		assert!(charged.all_lte(declared(tight)));
		for item in [0, 1] {
			assert_eq!(Items::<Test>::get(task, item).map(|i| i.state), Some(ItemState::Settled));
		}
	});
}

/// Attack (a bound too low to pay for the close): an annotator states fewer seats or smaller
/// labels than the batch's items have, so the batch would be admitted and charged for less
/// than the close it triggers. Every entry is checked against the bound: the pool refuses the
/// batch (its salts are never published) and, dispatched anyway, it fails before writing.
#[test]
fn a_bound_below_the_items_is_refused_before_anything_is_written() {
	run_test(|| {
		let task = committed_on_two();
		let too_few_seats = CloseBound { seats: 2, boxes: 1 };
		let too_small_labels = CloseBound { seats: 3, boxes: 0 };
		for bound in [too_few_seats, too_small_labels] {
			assert_eq!(
				validate_within(A, opened(A, task, &[0, 1], &CAT), bound),
				Err(refusal(Error::<Test>::CloseAboveBound.into()))
			);
			assert_noop!(
				Labeling::reveal_many(
					RuntimeOrigin::signed(A),
					BoundedVec::truncate_from(opened(A, task, &[0, 1], &CAT)),
					bound
				),
				Error::<Test>::CloseAboveBound
			);
		}
		// One item within the bound does not carry another beyond it: the whole batch fails.
		let mut bigger = spec();
		bigger.redundancy = 4;
		bigger.max_seats = 4;
		let other = create_with(bigger, vec![item(7)]);
		for who in [A, B, C, D] {
			assert_ok!(Labeling::request_seats(RuntimeOrigin::signed(who), other, 1));
		}
		run_to_block(System::block_number() + 1);
		for who in [A, B, C, D] {
			assert_ok!(commit_many(who, sealed(who, other, &[0], &CAT)));
		}
		let mut entries = opened(A, task, &[0], &CAT);
		entries.extend(opened(A, other, &[0], &CAT));
		let three = CloseBound { seats: 3, boxes: 1 };
		assert_eq!(
			validate_within(A, entries.clone(), three),
			Err(refusal(Error::<Test>::CloseAboveBound.into()))
		);
		assert_eq!(
			reveal_within(A, entries.clone(), three),
			Err(Error::<Test>::CloseAboveBound.into())
		);
		assert!(Slots::<Test>::get(task, 0).iter().all(|s| s.label.is_none()));
		// Stated as the larger task's seats, it goes through.
		assert!(reveal_within(A, entries, CloseBound { seats: 4, boxes: 1 }).is_ok());
	});
}

/// An item's seats are one key, written by each of its annotators' commits and reveals, often
/// in the same block. The database writes a key once a block, whatever the number of writes
/// before: after the first, a commit or reveal of the same item in the block is refunded the
/// seats' read and write its benchmark counts. Charging each as a fresh write (50 µs with
/// ParityDB) made a label pay for its item's seats six times.
#[test]
fn a_write_of_seats_already_written_in_the_block_is_refunded_its_database_access() {
	run_test(|| {
		let task = seated_on_two();
		let refund = Labeling::seats_written_earlier_weight();
		assert_eq!(refund, db().reads_writes(1, 1));
		// The draw at the start of this block wrote both items' seats: A's commit on item 0 now
		// is refunded.
		let drawn = System::block_number();
		assert!(Slots::<Test>::get(task, 0).iter().all(|s| s.updated == drawn));
		assert_eq!(
			commit_charged(A, sealed(A, task, &[0], &CAT)),
			Ok(<() as WeightInfo>::commit_many(1).saturating_sub(refund))
		);
		// In the next block A's commit on item 1 is its seats' first write: paid in full.
		run_to_block(drawn + 1);
		let now = System::block_number();
		assert_eq!(
			commit_charged(A, sealed(A, task, &[1], &CAT)),
			Ok(<() as WeightInfo>::commit_many(1))
		);
		assert!(Slots::<Test>::get(task, 1).iter().any(|s| s.annotator == A && s.updated == now));
		// B, in the same block: item 1's seats are written already, item 0's not (A's commit
		// there was a block ago). Refunded one entry.
		assert_eq!(
			commit_charged(B, sealed(B, task, &[0, 1], &CAT)),
			Ok(<() as WeightInfo>::commit_many(2).saturating_sub(refund))
		);
		// A failed batch writes nothing and marks nothing: C's first entry is rolled back with
		// its second (a commitment on a task C holds no seat in), so C's commit on item 0 after
		// it, the first write of item 0's seats in the block that sticks, pays in full.
		run_to_block(now + 1);
		let other = create(vec![item(3)]);
		let mut entries = sealed(C, task, &[0], &CAT);
		entries.push(SealedLabel { task: other, item: 0, commitment: H256::repeat_byte(1) });
		assert!(commit_charged(C, entries).is_err());
		assert!(Slots::<Test>::get(task, 0).iter().all(|s| s.updated < now + 1));
		assert_eq!(
			Labeling::commit(RuntimeOrigin::signed(C), task, 0, commitment(C, task, 0, &CAT))
				.map(|post| post.actual_weight),
			Ok(Some(<() as WeightInfo>::commit()))
		);
		// Reveals: the first of the block on an item pays, the next is refunded.
		run_to_block(now + 2);
		assert_eq!(
			Labeling::reveal(RuntimeOrigin::signed(A), task, 0, CAT, salt_of(A))
				.map(|post| post.actual_weight),
			Ok(Some(<() as WeightInfo>::reveal()))
		);
		assert_eq!(
			Labeling::reveal(RuntimeOrigin::signed(B), task, 0, CAT, salt_of(B))
				.map(|post| post.actual_weight),
			Ok(Some(<() as WeightInfo>::reveal().saturating_sub(refund)))
		);
	});
}

/// An annotator's ledger is written at every close that pays or slashes them, and one with many
/// seats of a task is paid at many closes within a block or two. After the first write in a
/// block, a close is refunded each of its seats' ledgers that is already in the block's overlay:
/// charged once a block, not once a close.
#[test]
fn a_close_is_refunded_the_ledgers_already_written_in_the_block() {
	run_test(|| {
		let task = committed_on_two();
		for who in [A, B] {
			assert_ok!(reveal_many(who, opened(who, task, &[0, 1], &CAT)));
		}
		// In a later block nobody's ledger has been written yet: the first close pays for its
		// three ledgers; C's close of item 1, in the same block, finds them written.
		run_to_block(System::block_number() + 1);
		let slots = Slots::<Test>::get(task, 0);
		assert_eq!(Labeling::ledgers_written_in_block(&slots), 0);
		let t = Tasks::<Test>::get(task).expect("task");
		let first = Labeling::close_weight(&t, &slots);
		let charged_first = Labeling::reveal(RuntimeOrigin::signed(C), task, 0, CAT, salt_of(C))
			.expect("revealed")
			.actual_weight
			.expect("charged");
		assert_eq!(
			charged_first,
			<() as WeightInfo>::reveal()
				.saturating_add(first.saturating_sub(Labeling::close_after_reveal_weight()))
		);
		let slots = Slots::<Test>::get(task, 1);
		assert_eq!(Labeling::ledgers_written_in_block(&slots), 3);
		let t = Tasks::<Test>::get(task).expect("task");
		// (And two payees, paid by the first close, now hold the reward asset: no account
		// creation for them.)
		assert_eq!(
			Labeling::close_weight(&t, &slots),
			first.saturating_sub(db().reads_writes(3, 3)).saturating_sub(db().reads_writes(2, 2))
		);
		// A ledger is marked when written, whatever wrote it.
		let now = System::block_number();
		assert!(Stakes::<Test>::get(C).is_some_and(|l| l.updated == now));
		assert!(Stakes::<Test>::get(D).is_none_or(|l| l.updated < now));
		bond(D, 1_000);
		assert!(Stakes::<Test>::get(D).is_some_and(|l| l.updated == now));
	});
}
