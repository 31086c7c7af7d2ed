//! Benchmarks of every call, each in its worst case:
//! - the most seats per item (`MaxSeats`) and bounding-box labels of `MAX_BOXES` boxes,
//!   ordered so that greedy box matching scans the most, with the task's chance samples full of
//!   such labels, for closing a stage and judging;
//! - every payout creating the payee's asset account;
//! - a draw that probes the whole open set before it seats, fills the stage and refills the
//!   open set from the backlog;
//! - ledgers holding the most seats, first-ever bonds (pool seed), full unbonding queues,
//!   closing that empties the escrow.

use super::*;
use crate::{annotation::commitment_of, task::gold_commitment, Pallet as Labeling};
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Mutate as NativeMutate, EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_core::H256;
use sp_runtime::{
	traits::{Bounded, Saturating},
	Perbill,
};

const SEED: u32 = 0;

fn big<T: Config>() -> BalanceOf<T> {
	BalanceOf::<T>::max_value() / 1_000_000u32.into()
}

fn block<T: Config>(n: u32) -> BlockNumberFor<T> {
	n.into()
}

/// Parameters that allow the largest items.
fn worst_params<T: Config>() {
	let mut p = Parameters::<T>::get();
	p.max_seats = T::MaxSeats::get();
	p.min_redundancy = 1;
	p.max_open_seats = T::MaxOpenSeats::get();
	p.min_commit_window = block::<T>(1);
	p.min_reveal_window = block::<T>(1);
	if p.max_commit_window < block::<T>(10) {
		p.max_commit_window = block::<T>(10);
	}
	if p.max_reveal_window < block::<T>(10) {
		p.max_reveal_window = block::<T>(10);
	}
	p.unbonding_period = p.max_commit_window.saturating_add(p.max_reveal_window);
	Parameters::<T>::put(p);
}

fn funded_vendor<T: Config>() -> T::AccountId {
	let vendor: T::AccountId = account("vendor", 0, SEED);
	T::Currency::set_balance(&vendor, big::<T>());
	T::BenchmarkHelper::mint(T::BenchmarkHelper::reward_asset(), &vendor, big::<T>());
	vendor
}

fn boxes_label(reversed: bool) -> Label {
	boxes_label_of(MAX_BOXES, reversed)
}

/// A label of `b` boxes side by side (in reverse order when `reversed`).
fn boxes_label_of(b: u32, reversed: bool) -> Label {
	let mut boxes: Vec<BoundingBox> = (0..b)
		.map(|i| BoundingBox { class: 0, x: i * 1_000, y: 0, width: 900, height: 900 })
		.collect();
	if reversed {
		boxes.reverse();
	}
	Label::Boxes(BoundedVec::truncate_from(boxes))
}

/// Boxes of up to `MAX_BOXES`, every seat the item may have at once, answer commitments.
fn worst_spec<T: Config>() -> TaskSpecOf<T> {
	let p = Parameters::<T>::get();
	let reward_asset = T::BenchmarkHelper::reward_asset();
	let min =
		<T::Assets as frame_support::traits::fungibles::Inspect<T::AccountId>>::minimum_balance(
			reward_asset,
		);
	TaskSpec {
		instructions: ContentRef {
			uri: BoundedVec::truncate_from(alloc::vec![b'u'; MAX_URI_LEN as usize]),
			digest: H256::repeat_byte(1),
		},
		schema: LabelSchema::BoundingBoxes {
			classes: 2,
			max_boxes: MAX_BOXES,
			min_iou: Perbill::from_percent(50),
		},
		redundancy: T::MaxSeats::get(),
		max_seats: T::MaxSeats::get(),
		confidence: Perbill::from_percent(99),
		commit_window: block::<T>(10),
		reveal_window: block::<T>(10),
		reward_asset,
		reward_per_label: min.saturating_mul(100u32.into()).max(1_000u32.into()),
		gold_bonus: min.saturating_mul(50u32.into()).max(500u32.into()),
		collateral: p.min_collateral,
		with_gold: true,
		min_stake: p.min_stake,
		min_reputation: 0,
	}
}

fn new_item<T: Config>(vendor: &T::AccountId, i: u32, answer: Option<Option<Label>>) -> NewItem {
	let mut bytes = [0u8; 32];
	bytes[..4].copy_from_slice(&(i + 1).to_le_bytes());
	let hash = H256(bytes);
	NewItem {
		content: ContentRef {
			uri: BoundedVec::truncate_from(alloc::vec![b'i'; MAX_URI_LEN as usize]),
			digest: hash,
		},
		answer_commitment: answer.map(|a| gold_commitment(vendor, &hash, &a, &[9u8; 32])),
	}
}

/// A task of `items` items, each with an answer commitment to `answer` (none without).
fn task_with<T: Config>(
	vendor: &T::AccountId,
	items: u32,
	answer: Option<Option<Label>>,
) -> TaskId {
	task_with_seats::<T>(vendor, items, answer, T::MaxSeats::get())
}

/// [`task_with`], with `seats` seats an item (its redundancy, and no escalation).
fn task_with_seats<T: Config>(
	vendor: &T::AccountId,
	items: u32,
	answer: Option<Option<Label>>,
	seats: u32,
) -> TaskId {
	task_with_shape::<T>(vendor, items, answer, seats, MAX_BOXES)
}

/// [`task_with_seats`], with labels of at most `b` boxes.
fn task_with_shape<T: Config>(
	vendor: &T::AccountId,
	items: u32,
	answer: Option<Option<Label>>,
	seats: u32,
	b: u32,
) -> TaskId {
	let list = (0..items).map(|i| new_item::<T>(vendor, i, answer.clone())).collect();
	let id = NextTaskId::<T>::get();
	let spec = TaskSpec {
		with_gold: answer.is_some(),
		redundancy: seats,
		max_seats: seats,
		schema: LabelSchema::BoundingBoxes {
			classes: 2,
			max_boxes: b,
			min_iou: Perbill::from_percent(50),
		},
		..worst_spec::<T>()
	};
	Labeling::<T>::do_create_task(vendor.clone(), spec, list).expect("task created");
	id
}

fn staked<T: Config>(name: &'static str, i: u32) -> T::AccountId {
	let who: T::AccountId = account(name, i, SEED);
	T::Currency::set_balance(&who, big::<T>());
	T::BenchmarkHelper::mint(T::StakeAsset::get(), &who, big::<T>());
	let stake = Parameters::<T>::get().min_stake.saturating_mul(1_000u32.into());
	Labeling::<T>::do_bond(&who, stake).expect("bonded");
	who
}

fn salt(i: u32) -> [u8; 32] {
	[i as u8; 32]
}

/// `n` annotators request a seat of `task` (a one-item task) and the draw seats them.
fn seated<T: Config>(task: TaskId, n: u32) -> Vec<T::AccountId> {
	let whos: Vec<T::AccountId> = (0..n).map(|i| staked::<T>("annotator", i)).collect();
	for who in whos.iter() {
		Labeling::<T>::do_request_seats(who, task, 1).expect("requested");
	}
	advance::<T>(1);
	Labeling::<T>::seat_due(frame_system::Pallet::<T>::block_number());
	whos
}

/// `n` annotators are seated on item 0 and commit to box labels (alternating order).
fn committed<T: Config>(task: TaskId, n: u32) -> Vec<(T::AccountId, Label)> {
	committed_boxes::<T>(task, n, MAX_BOXES)
}

/// [`committed`], to labels of `b` boxes.
fn committed_boxes<T: Config>(task: TaskId, n: u32, b: u32) -> Vec<(T::AccountId, Label)> {
	seated::<T>(task, n)
		.into_iter()
		.enumerate()
		.map(|(i, who)| {
			let label = boxes_label_of(b, i % 2 == 1);
			let c = commitment_of(task, 0, 0, &who, &label, &salt(i as u32));
			Labeling::<T>::do_commit(&who, task, 0, c).expect("committed");
			(who, label)
		})
		.collect()
}

/// Every one of item 0's `seats` seats reveals but the last; returns the last one.
fn revealed_but_one<T: Config>(task: TaskId, seats: u32) -> (T::AccountId, Label, u32) {
	revealed_but_one_boxes::<T>(task, seats, MAX_BOXES)
}

/// [`revealed_but_one`], with labels of `b` boxes.
fn revealed_but_one_boxes<T: Config>(
	task: TaskId,
	seats: u32,
	b: u32,
) -> (T::AccountId, Label, u32) {
	let slots = committed_boxes::<T>(task, seats, b);
	for (i, (who, label)) in slots.iter().enumerate().take(slots.len() - 1) {
		Labeling::<T>::do_reveal(who, task, 0, label.clone(), salt(i as u32)).expect("revealed");
	}
	let (who, label) = slots.last().cloned().expect("slots");
	(who, label, slots.len() as u32 - 1)
}

/// Fills the task's chance samples with box labels, so that pay compares with the most.
fn full_samples<T: Config>(task: TaskId) {
	full_samples_of::<T>(task, MAX_BOXES)
}

/// [`full_samples`], of labels of `b` boxes.
fn full_samples_of<T: Config>(task: TaskId, b: u32) {
	// On items other than the one judged (item 0), so that every sample is compared; boxes
	// that overlap none of the seats' (every IoU computed, none matching), so that agreement
	// is unlikely by chance and every agreeing seat is paid — a payout to each, at any number
	// of seats. (Samples like the seats' labels made agreement look like chance and paid
	// nothing below 14 seats: the weights then missed the payouts' reads and writes.)
	let samples: Vec<(ItemId, Label)> = (0..CHANCE_SAMPLES)
		.map(|i| {
			let mut boxes = match boxes_label_of(b, i % 2 == 0) {
				Label::Boxes(b) => b,
				other => return (1 + i, other),
			};
			boxes.iter_mut().for_each(|b| b.y = 1_000);
			(1 + i, Label::Boxes(boxes))
		})
		.collect();
	ChanceSamples::<T>::insert(task, BoundedVec::truncate_from(samples));
}

/// A one-item task of `s` seats and labels of `b` boxes whose stage can be closed by `settle`:
/// every seat but the last revealed (the last stays silent: the same path as the last reveal,
/// plus one no-show), the reveal phase over, the chance samples full.
fn stage_to_close<T: Config>(s: u32, b: u32) -> TaskId {
	worst_params::<T>();
	let vendor = funded_vendor::<T>();
	let task = task_with_shape::<T>(&vendor, 1, None, s, b);
	full_samples_of::<T>(task, b);
	let slots = committed_boxes::<T>(task, s, b);
	for (i, (who, label)) in slots.iter().enumerate().take(slots.len() - 1) {
		Labeling::<T>::do_reveal(who, task, 0, label.clone(), salt(i as u32)).expect("revealed");
	}
	advance::<T>(100);
	task
}

/// A one-item task of `s` seats and labels of `b` boxes with an answer commitment the vendor
/// never reveals, every seat revealed and the answer's window over: `settle` judges it
/// against its decision.
fn item_to_judge<T: Config>(s: u32, b: u32) -> TaskId {
	worst_params::<T>();
	let vendor = funded_vendor::<T>();
	let task = task_with_shape::<T>(&vendor, 1, Some(Some(boxes_label_of(b, false))), s, b);
	full_samples_of::<T>(task, b);
	let (who, label, i) = revealed_but_one_boxes::<T>(task, s, b);
	Labeling::<T>::do_reveal(&who, task, 0, label, salt(i)).expect("revealed");
	advance::<T>(100);
	task
}

/// A task of `n` items whose stage 0 runs with every seat taken: `MaxSeats - 1` others, all
/// committed, and last the returned annotator's seat (the last one a seat search finds),
/// committed to a box label when `committed`. Written to storage directly: seating one
/// annotator on `n` items of one task would need `n` draws.
fn batch_of<T: Config>(n: u32, committed: bool) -> (TaskId, T::AccountId) {
	batch_of_boxes::<T>(n, committed, MAX_BOXES)
}

/// [`batch_of`], of a task whose labels have at most `b` boxes (committed to labels of `b`).
fn batch_of_boxes<T: Config>(n: u32, committed: bool, b: u32) -> (TaskId, T::AccountId) {
	let vendor = funded_vendor::<T>();
	let task = task_with_shape::<T>(&vendor, n, Some(None), T::MaxSeats::get(), b);
	let who = staked::<T>("batcher", 0);
	let now = frame_system::Pallet::<T>::block_number();
	let collateral = Parameters::<T>::get().min_collateral;
	for item in 0..n {
		let mut slots: Vec<SlotOf<T>> = (0..T::MaxSeats::get() - 1)
			.map(|j| Slot {
				annotator: account("filler", j, SEED),
				collateral,
				stage: 0,
				commitment: Some(H256::repeat_byte(j as u8)),
				label: None,
				// Changed before this block: the call measured is the item's first writer.
				updated: Default::default(),
			})
			.collect();
		slots.push(Slot {
			annotator: who.clone(),
			collateral,
			stage: 0,
			commitment: committed.then(|| {
				commitment_of(task, item, 0, &who, &boxes_label_of(b, item % 2 == 1), &salt(item))
			}),
			label: None,
			updated: Default::default(),
		});
		Slots::<T>::insert(task, item, BoundedVec::truncate_from(slots));
		Items::<T>::mutate(task, item, |it| {
			if let Some(it) = it {
				it.state = ItemState::Labeling {
					round: 0,
					stage: 0,
					commit_end: now.saturating_add(block::<T>(10)),
					reveal_end: now.saturating_add(block::<T>(20)),
				};
			}
		});
	}
	(task, who)
}

fn advance<T: Config>(blocks: u32) {
	let now = frame_system::Pallet::<T>::block_number();
	frame_system::Pallet::<T>::set_block_number(now.saturating_add(blocks.into()));
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create_task(i: Linear<1, { T::MaxItemsPerBatch::get() }>) {
		worst_params::<T>();
		let vendor = funded_vendor::<T>();
		let items: Vec<NewItem> =
			(0..i).map(|n| new_item::<T>(&vendor, n, Some(Some(boxes_label(false))))).collect();
		let items = BoundedVec::truncate_from(items);
		#[extrinsic_call]
		_(RawOrigin::Signed(vendor), worst_spec::<T>(), items);
		assert_eq!(Tasks::<T>::get(0).map(|t| t.item_count), Some(i));
	}

	#[benchmark]
	fn add_items(i: Linear<1, { T::MaxItemsPerBatch::get() }>) {
		worst_params::<T>();
		let vendor = funded_vendor::<T>();
		let task = task_with::<T>(&vendor, 1, Some(None));
		let items: Vec<NewItem> =
			(0..i).map(|n| new_item::<T>(&vendor, n + 1, Some(Some(boxes_label(false))))).collect();
		let items = BoundedVec::truncate_from(items);
		#[extrinsic_call]
		_(RawOrigin::Signed(vendor), task, items);
		assert_eq!(Tasks::<T>::get(task).map(|t| t.item_count), Some(i + 1));
	}

	#[benchmark]
	fn top_up() {
		worst_params::<T>();
		let vendor = funded_vendor::<T>();
		let task = task_with::<T>(&vendor, 4, Some(None));
		#[extrinsic_call]
		_(RawOrigin::Signed(vendor), task, 10u32.into(), 10u32.into());
	}

	#[benchmark]
	fn cancel_task() {
		worst_params::<T>();
		let vendor = funded_vendor::<T>();
		let task = task_with::<T>(&vendor, 4, Some(None));
		#[extrinsic_call]
		_(RawOrigin::Signed(vendor), task);
		assert_eq!(Tasks::<T>::get(task).map(|t| t.status), Some(TaskStatus::Cancelled));
	}

	#[benchmark]
	fn close_task() {
		worst_params::<T>();
		let vendor = funded_vendor::<T>();
		let task = task_with::<T>(&vendor, 4, Some(None));
		#[extrinsic_call]
		_(RawOrigin::Signed(vendor), task);
		assert_eq!(Tasks::<T>::get(task).map(|t| t.status), Some(TaskStatus::Closed));
	}

	#[benchmark]
	fn purge_task(n: Linear<1, { T::MaxItemsPerBatch::get() }>) {
		worst_params::<T>();
		let vendor = funded_vendor::<T>();
		let task = task_with::<T>(&vendor, n, None);
		Labeling::<T>::do_close_task(&vendor, task).expect("closed");
		full_samples::<T>(task);
		// Every item has a result to remove.
		for item in 0..n {
			Items::<T>::mutate(task, item, |it| {
				if let Some(it) = it {
					it.result = Some(ItemResult {
						label: boxes_label(false),
						agreement: Perbill::one(),
						annotators: T::MaxSeats::get(),
						agreeing: T::MaxSeats::get(),
						gold: false,
						by_dispute: false,
						round: 0,
						paid: 0u32.into(),
						settled_at: block::<T>(1),
					});
				}
			});
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(vendor), task, n);
		assert!(!Tasks::<T>::contains_key(task));
	}

	/// The vendor reveals an answer that contradicts the annotators' decision: checked, and
	/// the item goes to review (the judging path is `judge`).
	#[benchmark]
	fn reveal_gold() {
		worst_params::<T>();
		let vendor = funded_vendor::<T>();
		let answer = Label::Boxes(BoundedVec::truncate_from(alloc::vec![BoundingBox {
			class: 1,
			x: 0,
			y: 0,
			width: 1,
			height: 1
		}]));
		let task = task_with::<T>(&vendor, 1, Some(Some(answer.clone())));
		let (who, label, i) = revealed_but_one::<T>(task, T::MaxSeats::get());
		Labeling::<T>::do_reveal(&who, task, 0, label, salt(i)).expect("revealed");
		assert!(matches!(
			Items::<T>::get(task, 0).map(|i| i.state),
			Some(ItemState::AwaitingGold { .. })
		));
		#[extrinsic_call]
		_(RawOrigin::Signed(vendor), task, 0, Some(answer), [9u8; 32]);
		assert!(matches!(
			Items::<T>::get(task, 0).map(|i| i.state),
			Some(ItemState::Disputed { .. })
		));
	}

	/// What `CheckReveal` does at validation for `reveal_gold`: the same checks, no write.
	#[benchmark]
	fn check_reveal_gold() {
		worst_params::<T>();
		let vendor = funded_vendor::<T>();
		let answer = Some(Label::Boxes(BoundedVec::truncate_from(alloc::vec![
			BoundingBox { class: 1, x: 0, y: 0, width: 1, height: 1 };
			MAX_BOXES as usize
		])));
		let task = task_with::<T>(&vendor, 1, Some(answer.clone()));
		let (who, label, i) = revealed_but_one::<T>(task, T::MaxSeats::get());
		Labeling::<T>::do_reveal(&who, task, 0, label, salt(i)).expect("revealed");
		#[block]
		{
			Labeling::<T>::check_reveal_gold(&vendor, task, 0, &answer, &[9u8; 32])
				.expect("a valid gold reveal");
		}
	}

	#[benchmark]
	fn bond() {
		worst_params::<T>();
		let who: T::AccountId = account("annotator", 0, SEED);
		T::Currency::set_balance(&who, big::<T>());
		T::BenchmarkHelper::mint(T::StakeAsset::get(), &who, big::<T>());
		let amount = Parameters::<T>::get().min_stake;
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), amount);
		assert_eq!(Stakes::<T>::get(&who).map(|l| l.bonded), Some(amount));
		assert_eq!(Labeling::<T>::record_deposit(&who), T::RecordDeposit::get());
	}

	#[benchmark]
	fn unbond() {
		worst_params::<T>();
		let who = staked::<T>("annotator", 0);
		for _ in 1..T::MaxUnbondingChunks::get() {
			Labeling::<T>::do_unbond(&who, 1u32.into()).expect("unbonding");
			advance::<T>(1);
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 1u32.into());
		assert_eq!(
			Stakes::<T>::get(&who).map(|l| l.unbonding.len() as u32),
			Some(T::MaxUnbondingChunks::get())
		);
	}

	#[benchmark]
	fn withdraw_unbonded() {
		worst_params::<T>();
		let who = staked::<T>("annotator", 0);
		let all = Stakes::<T>::get(&who).map(|l| l.bonded).unwrap_or_default();
		let chunks = T::MaxUnbondingChunks::get();
		let part = all / chunks.into();
		for c in 0..chunks {
			let amount =
				if c + 1 == chunks { all.saturating_sub(part * (chunks - 1).into()) } else { part };
			Labeling::<T>::do_unbond(&who, amount).expect("unbonding");
			advance::<T>(1);
		}
		let period: u32 = 1_000_000;
		advance::<T>(period);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert!(!Stakes::<T>::contains_key(&who));
	}

	/// A request by an annotator whose ledger holds all but one of the seats allowed.
	#[benchmark]
	fn request_seats() {
		worst_params::<T>();
		let vendor = funded_vendor::<T>();
		let task = task_with::<T>(&vendor, 1, Some(None));
		let who = staked::<T>("annotator", 0);
		Stakes::<T>::mutate(&who, |l| {
			if let Some(l) = l {
				while (l.seats.len() as u32) < T::MaxOpenSeats::get() - 1 {
					let _ = l.seats.try_push((u32::MAX - 1, l.seats.len() as u32));
				}
			}
		});
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), task, 1);
		assert_eq!(Stakes::<T>::get(&who).map(|l| l.requested), Some(1));
	}

	/// The draw (`on_initialize`) seating one request of `n` seats, each at its first probe:
	/// a pending item of a one-seat task, so every seat opens its item's stage (noting its
	/// deadline) and fills it; the item leaves the open set and the backlog refills its place.
	/// Probes past the first are `draw_probes`'.
	#[benchmark]
	fn draw_seats(n: Linear<1, { T::MaxSeatsPerRequest::get() }>) {
		worst_params::<T>();
		let vendor = funded_vendor::<T>();
		let open = T::MaxOpenItems::get();
		let task = task_with_seats::<T>(&vendor, open + n, Some(None), 1);
		// The backlog offers the items after the open set, one for each seat.
		Tasks::<T>::mutate(task, |t| {
			if let Some(t) = t {
				for k in 0..n {
					Backlog::<T>::insert(task, t.backlog_tail, open + k);
					t.backlog_tail = t.backlog_tail.wrapping_add(1);
				}
			}
		});
		let who = staked::<T>("annotator", 0);
		Labeling::<T>::do_request_seats(&who, task, n).expect("requested");
		advance::<T>(1);
		let next = frame_system::Pallet::<T>::block_number();
		#[block]
		{
			Labeling::<T>::seat_due(next);
		}
		assert_eq!(Stakes::<T>::get(&who).map(|l| l.seats.len() as u32), Some(n));
		assert_eq!(SeatQueueBounds::<T>::get().0, SeatQueueBounds::<T>::get().1);
	}

	/// One seat after `p` probes past items it may not take: each holds every seat but one
	/// and its commit phase is over, so it leaves the open set and the backlog refills its
	/// place; the seat then fills the stage of the item after them (of the most seats).
	#[benchmark]
	fn draw_probes(p: Linear<0, { T::MaxOpenItems::get() - 1 }>) {
		worst_params::<T>();
		let vendor = funded_vendor::<T>();
		let open = T::MaxOpenItems::get();
		let task = task_with::<T>(&vendor, 2 * open, Some(None));
		let who = staked::<T>("annotator", 0);
		let seats = T::MaxSeats::get();
		let collateral = worst_spec::<T>().collateral;
		advance::<T>(5);
		let now = Labeling::<T>::window_clock();
		let items = OpenItems::<T>::get(task);
		for (pos, item) in items.iter().enumerate() {
			let slots: SlotsOf<T> = BoundedVec::truncate_from(
				(0..seats - 1)
					.map(|k| Slot {
						annotator: account("filler", k, SEED),
						collateral: 0u32.into(),
						stage: 0,
						commitment: None,
						label: None,
						updated: Default::default(),
					})
					.collect::<Vec<_>>(),
			);
			Slots::<T>::insert(task, item, slots);
			let commit_end = if (pos as u32) < p { now.saturating_sub(block::<T>(1)) } else { now };
			Items::<T>::mutate(task, item, |it| {
				if let Some(it) = it {
					it.state = ItemState::Labeling {
						round: 0,
						stage: 0,
						commit_end,
						reveal_end: now.saturating_add(block::<T>(10)),
					};
				}
			});
		}
		// What the backlog offers in place of the items that leave.
		Tasks::<T>::mutate(task, |t| {
			if let Some(t) = t {
				for k in 0..=p {
					Backlog::<T>::insert(task, t.backlog_tail, open + k);
					t.backlog_tail = t.backlog_tail.wrapping_add(1);
				}
			}
		});
		let drawn;
		#[block]
		{
			// The draw starts at the first item of the open set; the task, its open set and
			// the ledger read and stored as `seat_request` does.
			let mut t = Tasks::<T>::get(task).expect("task");
			let mut open = OpenItems::<T>::get(task);
			let mut ledger = Stakes::<T>::get(&who).expect("staked");
			drawn = Labeling::<T>::seat_one(
				task,
				&mut t,
				&mut open,
				&who,
				&mut ledger,
				collateral,
				0,
				now,
			);
			OpenItems::<T>::insert(task, open);
			Tasks::<T>::insert(task, t);
			Stakes::<T>::insert(&who, ledger);
		}
		assert_eq!((drawn.seated, drawn.probes, drawn.from_backlog), (true, p + 1, p + 1));
		let chosen = items[p as usize];
		assert_eq!(Slots::<T>::get(task, chosen).len() as u32, seats);
		assert!(!OpenItems::<T>::get(task).contains(&chosen));
	}

	#[benchmark]
	fn commit() {
		worst_params::<T>();
		let vendor = funded_vendor::<T>();
		let task = task_with::<T>(&vendor, 1, Some(None));
		let n = T::MaxSeats::get();
		let who = seated::<T>(task, n).pop().expect("one annotator");
		let c = commitment_of(task, 0, 0, &who, &boxes_label(false), &salt(n));
		#[extrinsic_call]
		_(RawOrigin::Signed(who), task, 0, c);
	}

	/// A reveal that does not close the stage.
	#[benchmark]
	fn reveal() {
		worst_params::<T>();
		let vendor = funded_vendor::<T>();
		let task = task_with::<T>(&vendor, 1, Some(None));
		let slots = committed::<T>(task, T::MaxSeats::get());
		// The reveal joins a full ring of box labels (the largest to decode and encode).
		full_samples::<T>(task);
		let (who, label) = slots.last().cloned().expect("slots");
		let i = slots.len() as u32 - 1;
		#[extrinsic_call]
		_(RawOrigin::Signed(who), task, 0, label, salt(i));
		assert!(matches!(
			Items::<T>::get(task, 0).map(|i| i.state),
			Some(ItemState::Labeling { .. })
		));
	}

	/// What `CheckReveal` does at validation for `reveal`: the same checks, no write.
	#[benchmark]
	fn check_reveal() {
		worst_params::<T>();
		let vendor = funded_vendor::<T>();
		let task = task_with::<T>(&vendor, 1, Some(None));
		let slots = committed::<T>(task, T::MaxSeats::get());
		let (who, label) = slots.last().cloned().expect("slots");
		let i = slots.len() as u32 - 1;
		#[block]
		{
			Labeling::<T>::check_reveal(&who, task, 0, &label, &salt(i)).expect("a valid reveal");
		}
	}

	/// `commit_many` of `n` entries, each on an item whose seats are all taken (the sender's
	/// found last).
	#[benchmark]
	fn commit_many(n: Linear<1, { T::MaxItemsPerBatch::get() }>) {
		worst_params::<T>();
		let (task, who) = batch_of::<T>(n, false);
		let entries: Vec<SealedLabel> = (0..n)
			.map(|item| SealedLabel {
				task,
				item,
				commitment: commitment_of(task, item, 0, &who, &boxes_label(false), &salt(item)),
			})
			.collect();
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), BoundedVec::truncate_from(entries));
		assert!(Slots::<T>::get(task, n - 1).iter().all(|s| s.commitment.is_some()));
	}

	/// `reveal_many` of `n` labels of `b` boxes (a category or a text hash costs as one box),
	/// none closing its stage (each closed stage is charged `close_stage` on top), joining a
	/// full ring of chance samples of the same size: what a reveal decodes and stores grows
	/// with its task's labels.
	#[benchmark]
	fn reveal_many(n: Linear<1, { T::MaxItemsPerBatch::get() }>, b: Linear<1, MAX_BOXES>) {
		worst_params::<T>();
		let (task, who) = batch_of_boxes::<T>(n, true, b);
		full_samples_of::<T>(task, b);
		advance::<T>(11);
		let entries: Vec<OpenedLabel> = (0..n)
			.map(|item| OpenedLabel {
				task,
				item,
				label: boxes_label_of(b, item % 2 == 1),
				salt: salt(item),
			})
			.collect();
		// The bound every entry is checked against (the check runs, and passes, for each).
		let bound = CloseBound { seats: T::MaxSeats::get(), boxes: b };
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), BoundedVec::truncate_from(entries), bound);
		assert!(Slots::<T>::get(task, n - 1).iter().any(|s| s.label.is_some()));
	}

	#[benchmark]
	fn denounce() {
		worst_params::<T>();
		let vendor = funded_vendor::<T>();
		let task = task_with::<T>(&vendor, 1, Some(None));
		let slots = committed::<T>(task, T::MaxSeats::get() - 1);
		let (leaker, label) = slots.last().cloned().expect("slots");
		let i = slots.len() as u32 - 1;
		let denouncer: T::AccountId = account("denouncer", 0, SEED);
		#[extrinsic_call]
		_(RawOrigin::Signed(denouncer), task, 0, leaker, label, salt(i));
		assert_eq!(Slots::<T>::get(task, 0).len() as u32, T::MaxSeats::get() - 2);
	}

	/// Closing a stage that decides and judges at once (no answer commitment): every seat's
	/// label is tallied, scored against the full chance samples and paid to a new account.
	/// `s` seats (from a three-seat item to the largest), labels of one box (a category or a
	/// text hash costs as one box): linear in the seats. What larger labels add is measured
	/// at the most seats and boxes by `close_stage_boxed` and charged by share
	/// ([`Labeling::stage_close_weight`]); `reveal` / `settle` are charged for the item's own.
	#[benchmark]
	fn close_stage(s: Linear<3, { T::MaxSeats::get() }>) {
		let task = stage_to_close::<T>(s, 1);
		let caller: T::AccountId = whitelisted_caller();
		#[extrinsic_call]
		settle(RawOrigin::Signed(caller), task, 0);
		assert_eq!(Labeling::<T>::result_of(task, 0).map(|r| r.annotators), Some(s - 1));
	}

	/// [`close_stage`] with every seat and labels of the most boxes, every other seat's in
	/// reverse order (each box matched at the far end of the other label).
	#[benchmark]
	fn close_stage_boxed() {
		let s = T::MaxSeats::get();
		let task = stage_to_close::<T>(s, MAX_BOXES);
		let caller: T::AccountId = whitelisted_caller();
		#[extrinsic_call]
		settle(RawOrigin::Signed(caller), task, 0);
		assert_eq!(Labeling::<T>::result_of(task, 0).map(|r| r.annotators), Some(s - 1));
	}

	/// Judging an item against its decision: the vendor never revealed the answer, so every
	/// seat agrees, is scored against the full chance samples and gets the bonus, each payout
	/// creating the payee's account. `s` seats, one-box labels; `judge_boxed` the largest.
	#[benchmark]
	fn judge(s: Linear<3, { T::MaxSeats::get() }>) {
		let task = item_to_judge::<T>(s, 1);
		let caller: T::AccountId = whitelisted_caller();
		#[extrinsic_call]
		settle(RawOrigin::Signed(caller), task, 0);
		assert_eq!(Labeling::<T>::result_of(task, 0).map(|r| r.agreeing), Some(s));
	}

	/// [`judge`] with every seat and labels of the most boxes.
	#[benchmark]
	fn judge_boxed() {
		let s = T::MaxSeats::get();
		let task = item_to_judge::<T>(s, MAX_BOXES);
		let caller: T::AccountId = whitelisted_caller();
		#[extrinsic_call]
		settle(RawOrigin::Signed(caller), task, 0);
		assert_eq!(Labeling::<T>::result_of(task, 0).map(|r| r.agreeing), Some(s));
	}

	#[benchmark]
	fn claim_payout() {
		worst_params::<T>();
		let vendor = funded_vendor::<T>();
		let task = task_with::<T>(&vendor, 1, None);
		let who: T::AccountId = account("annotator", 0, SEED);
		let amount = worst_spec::<T>().reward_per_label;
		// A payout that could not be delivered at settlement, on a closed task: the claim is
		// the last one and releases the escrow.
		Labeling::<T>::do_close_task(&vendor, task).expect("closed");
		let asset = T::BenchmarkHelper::reward_asset();
		let seed =
			<T::Assets as frame_support::traits::fungibles::Inspect<T::AccountId>>::minimum_balance(
				asset,
			);
		let escrow = Labeling::<T>::escrow_account(task);
		frame_system::Pallet::<T>::inc_providers(&escrow);
		T::BenchmarkHelper::mint(asset, &escrow, amount.saturating_add(seed));
		Unclaimed::<T>::insert(task, &who, amount);
		Tasks::<T>::mutate(task, |t| {
			if let Some(t) = t {
				t.unclaimed = amount;
				t.seed = seed;
			}
		});
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), task);
		assert_eq!(Unclaimed::<T>::get(task, &who), 0u32.into());
	}

	#[benchmark]
	fn update_params() -> Result<(), BenchmarkError> {
		let p = Parameters::<T>::get();
		let update = ParamsUpdate {
			min_stake: Some(p.min_stake),
			min_collateral: Some(p.min_collateral),
			collateral_percent: Some(p.collateral_percent),
			pay_cap_percent: Some(p.pay_cap_percent),
			gold_bond_percent: Some(p.gold_bond_percent),
			review_fee_percent: Some(p.review_fee_percent),
			unbonding_period: Some(p.unbonding_period),
			appeal_period: Some(p.appeal_period),
			min_redundancy: Some(p.min_redundancy),
			max_seats: Some(p.max_seats),
			escalation_seats: Some(p.escalation_seats),
			min_commit_window: Some(p.min_commit_window),
			max_commit_window: Some(p.max_commit_window),
			min_reveal_window: Some(p.min_reveal_window),
			max_reveal_window: Some(p.max_reveal_window),
			max_rounds: Some(p.max_rounds),
			max_open_seats: Some(p.max_open_seats),
			gold_fail_slash: Some(p.gold_fail_slash),
			no_reveal_slash: Some(p.no_reveal_slash),
			leak_slash: Some(p.leak_slash),
			denounce_reward: Some(p.denounce_reward),
			prior_passes: Some(p.prior_passes),
			prior_fails: Some(p.prior_fails),
			gold_outcomes_per_vendor: Some(p.gold_outcomes_per_vendor),
			max_vote_weight: Some(p.max_vote_weight),
			risk_per_failure: Some(p.risk_per_failure),
			risk_per_pass: Some(p.risk_per_pass),
			suspension_threshold: Some(p.suspension_threshold),
			suspension_period: Some(p.suspension_period),
			task_deposit: Some(p.task_deposit),
			item_deposit: Some(p.item_deposit),
		};
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, update);
		Ok(())
	}

	#[benchmark]
	fn spend_slashed() -> Result<(), BenchmarkError> {
		worst_params::<T>();
		let who = staked::<T>("annotator", 0);
		let mut ledger = Stakes::<T>::get(&who).expect("staked");
		let amount = Parameters::<T>::get().min_stake;
		let slashed = Labeling::<T>::slash_ledger(&who, &mut ledger, amount);
		Stakes::<T>::insert(&who, ledger);
		let to: T::AccountId = account("treasury", 0, SEED);
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, to, slashed);
		Ok(())
	}

	/// A withdrawn annotator with a clean record (the largest: a gold pass credited by every
	/// vendor it can hold) forgets it.
	#[benchmark]
	fn forget_record() {
		let who: T::AccountId = account("annotator", 0, SEED);
		T::Currency::set_balance(&who, big::<T>());
		Labeling::<T>::ensure_record_deposit(&who).expect("held");
		let mut rep = crate::types::Reputation::default();
		for i in 0..crate::types::MAX_CREDITED_VENDORS {
			let vendor: T::AccountId = account("vendor", i, SEED);
			let tag = crate::reputation::vendor_tag(&vendor);
			crate::reputation::credit_outcome(&mut rep, tag, true, u32::MAX);
		}
		rep.labels = 1;
		rep.agreements = 1;
		Labeling::<T>::insert_record(&who, rep);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert!(!Stakes::<T>::contains_key(&who));
		assert!(sp_runtime::traits::Zero::is_zero(&Labeling::<T>::record_deposit(&who)));
	}

	/// `on_finalize` of a congested block: the normal class is full, so the window clock stops
	/// (a counter write and an event).
	#[benchmark]
	fn note_congestion() {
		let normal = T::BlockWeights::get()
			.get(frame_support::dispatch::DispatchClass::Normal)
			.max_total
			.unwrap_or(T::BlockWeights::get().max_block);
		frame_system::Pallet::<T>::register_extra_weight_unchecked(
			normal,
			frame_support::dispatch::DispatchClass::Normal,
		);
		let before = CongestedBlocks::<T>::get();
		#[block]
		{
			Labeling::<T>::note_congestion();
		}
		assert_eq!(CongestedBlocks::<T>::get(), before.saturating_add(1u32.into()));
	}

	impl_benchmark_test_suite!(Labeling, crate::mock::new_test_ext(), crate::mock::Test);
}
