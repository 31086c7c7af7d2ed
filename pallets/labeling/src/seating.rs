//! Seating: annotators ask for seats in a task; a draw they cannot steer decides which items
//! they label.
//!
//! Choosing items let a group take two of an item's three seats in the block that opened it,
//! and let farmed heavy accounts target items together. So `request_seats(task, count)` only
//! queues a request and locks `count` seats' collateral; at the start of a later block,
//! `on_initialize` seats it by a draw seeded with the hash of the block that included the
//! request — a hash nobody knew when the request was signed. Each seat goes to a uniformly
//! drawn item of the task's *open set* (probing onwards past items the annotator already sits
//! on), so a member of a group lands on an item a partner sits on no more often than anyone
//! else does. The author of the request's block knows the hash first and could withhold the
//! block to re-draw once per slot it owns; a VRF source (BABE) would remove that (see
//! `docs/labeling-design.md`).
//!
//! **The open set** is a bounded list (`MaxOpenItems`) of the task's items that need seats:
//! pending items, and items whose running stage has free seats. It is refilled from the task's
//! backlog (items escalated or voided while the set was full, first in first out) and then
//! from its fresh items in id order, so a task's items are labeled roughly in order and every
//! started item fills quickly. Items leave it when their stage is full or its commit phase is
//! over.

use crate::{pallet::*, types::*, weights::WeightInfo, BalanceOf, TaskOf};
use alloc::vec::Vec;
use codec::Encode;
use frame_support::{ensure, traits::Get, weights::Weight};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{traits::Saturating, DispatchResult};

/// What one request's draws did, which their weight is counted from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SeatingWork {
	/// Seats asked for.
	pub seats: u32,
	/// Items probed, in all.
	pub probes: u32,
	/// Seats that opened their item's first stage (its state and deadline written).
	pub opened: u32,
	/// Items the open set took from the task's backlog.
	pub from_backlog: u32,
	/// Drawn after another request in the same block: the beacon and the congestion count are
	/// in the block's overlay.
	pub later: bool,
	/// Another request of the same task was drawn before it in the same block: the task's
	/// entry and its open set are in the overlay.
	pub task_seen: bool,
	/// Probes of items an earlier draw of the block read (their entry and seats).
	pub reread: u32,
	/// Seats on items whose seats an earlier draw of the block wrote.
	pub rewritten: u32,
}

/// The storage one block's draws have touched so far ([`Pallet::seat_due`]): a later draw's
/// reads of it come from the block's overlay and its writes replace a pending one, so the
/// database work is charged once, to the first draw (whose benchmark counts it).
#[derive(Default)]
pub struct BlockDraws {
	/// Requests drawn so far in the block.
	requests: u32,
	/// Tasks whose entry and open set a draw of the block read and wrote.
	tasks: alloc::collections::BTreeSet<TaskId>,
	/// Items whose entry and seats a draw of the block read.
	read: alloc::collections::BTreeSet<(TaskId, ItemId)>,
	/// Items whose seats a draw of the block wrote.
	written: alloc::collections::BTreeSet<(TaskId, ItemId)>,
}

/// What one seat's draw did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Draw {
	/// Whether a seat was taken.
	pub seated: bool,
	/// The item the seat was taken on.
	pub seated_on: Option<ItemId>,
	/// The items probed, in order.
	pub probed: Vec<ItemId>,
	/// Items probed.
	pub probes: u32,
	/// Whether the seat opened its item's first stage.
	pub opened: bool,
	/// Items the open set took from the backlog.
	pub from_backlog: u32,
}

/// What the draw may do with an item of the open set.
enum Seatable {
	/// Seat the annotator in this round and stage.
	Yes { round: RoundIndex, stage: u8 },
	/// The item no longer belongs in the open set.
	Gone,
}

impl<T: Config> Pallet<T> {
	/// Seats of stage `stage` of an item of `t`: the redundancy for stage 0, then the
	/// escalation's seats, never past `max_seats` in all.
	pub fn stage_size(t: &TaskOf<T>, stage: u8) -> u32 {
		Self::seats_through(t, stage).saturating_sub(if stage == 0 {
			0
		} else {
			Self::seats_through(t, stage - 1)
		})
	}

	/// The windows of a stage starting at window-clock time `now`: `(commit_end, reveal_end)`.
	pub(crate) fn stage_windows(
		t: &TaskOf<T>,
		now: BlockNumberFor<T>,
	) -> (BlockNumberFor<T>, BlockNumberFor<T>) {
		let commit_end = now.saturating_add(t.spec.commit_window);
		(commit_end, commit_end.saturating_add(t.spec.reveal_window))
	}

	/// Seats of stages `0..=stage` together.
	pub fn seats_through(t: &TaskOf<T>, stage: u8) -> u32 {
		t.spec
			.redundancy
			.saturating_add(t.escalation_seats.saturating_mul(stage as u32))
			.min(t.spec.max_seats)
	}

	/// Whether `who` may request seats of `t` now: staked, not suspended, enough stake and
	/// reputation, and not its vendor.
	pub(crate) fn check_eligible(
		who: &T::AccountId,
		t: &TaskOf<T>,
		ledger: &crate::StakeLedgerOf<T>,
		now: BlockNumberFor<T>,
	) -> DispatchResult {
		let p = Parameters::<T>::get();
		// The vendor knows the gold answers.
		ensure!(&t.vendor != who, Error::<T>::VendorCannotAnnotate);
		if let Some(until) = ledger.suspended_until {
			ensure!(now >= until, Error::<T>::Suspended);
		}
		ensure!(ledger.bonded >= t.spec.min_stake.max(p.min_stake), Error::<T>::InsufficientStake);
		ensure!(
			crate::reputation::vote_weight(&ledger.record, &p) >= t.spec.min_reputation,
			Error::<T>::ReputationTooLow
		);
		Ok(())
	}

	/// Queues `who`'s request for `count` seats of `task`, locking their collateral.
	pub fn do_request_seats(who: &T::AccountId, task: TaskId, count: u32) -> DispatchResult {
		let t = Tasks::<T>::get(task).ok_or(Error::<T>::UnknownTask)?;
		ensure!(t.status == TaskStatus::Open, Error::<T>::TaskNotOpen);
		let now = frame_system::Pallet::<T>::block_number();
		let mut ledger = Self::staked_ledger(who)?;
		Self::check_eligible(who, &t, &ledger, now)?;
		let p = Parameters::<T>::get();
		let open_seats = (ledger.seats.len() as u32).saturating_add(ledger.requested);
		ensure!(
			open_seats.saturating_add(count) <= p.max_open_seats.min(T::MaxOpenSeats::get()),
			Error::<T>::TooManyOpenSeats
		);
		let collateral = t.spec.collateral;
		let total = collateral.saturating_mul(count.into());
		ensure!(
			ledger.bonded.saturating_sub(ledger.locked) >= total,
			Error::<T>::InsufficientStake
		);
		ensure!(!OpenItems::<T>::get(task).is_empty(), Error::<T>::NothingToLabel);
		let (head, tail) = SeatQueueBounds::<T>::get();
		let next = tail.wrapping_add(1);
		ensure!(next != head, Error::<T>::SeatQueueFull);
		ledger.locked = ledger.locked.saturating_add(total);
		ledger.requested = ledger.requested.saturating_add(count);
		if ledger.suspended_until.is_some_and(|until| now >= until) {
			ledger.suspended_until = None;
		}
		Self::put_ledger(who, ledger);
		SeatQueue::<T>::insert(
			tail,
			SeatRequest { task, annotator: who.clone(), count, collateral, drawn: 0, at: now },
		);
		SeatQueueBounds::<T>::put((head, next));
		Self::deposit_event(Event::SeatsRequested {
			task,
			annotator: who.clone(),
			count,
			collateral,
		});
		Ok(())
	}

	/// Seats the requests made before `now`, oldest first, seat by seat while the block's
	/// seating budget (`MaxSeatingWeight`) has room for the next seat's worst case; returns the
	/// weight used, counted from the work the draws did (seats and probes), not from their
	/// worst case. What does not fit waits for the next block: the rest of a request stays at
	/// the head of the queue (its `drawn` seats done), so the budget is used to its end
	/// instead of stopping where a whole request's worst case no longer fits.
	///
	/// Attack: a flood of cheap seat requests. Each request was its signer's transaction, paid
	/// for; the draw's work is bounded by the budget whatever the queue holds, and what does
	/// not fit is seated in the next blocks, oldest first.
	pub fn seat_due(now: BlockNumberFor<T>) -> Weight {
		let (mut head, tail) = SeatQueueBounds::<T>::get();
		let mut weight = T::DbWeight::get().reads(1);
		if head == tail {
			return weight;
		}
		// The budget, and its read (the runtime's reads the disputes' schedule).
		let budget = T::MaxSeatingWeight::get();
		weight.saturating_accrue(T::DbWeight::get().reads(1));
		let mut used = Weight::zero();
		let mut block = BlockDraws::default();
		while head != tail {
			let Some(mut request) = SeatQueue::<T>::get(head) else {
				// Unreachable: every position between the bounds holds a request.
				head = head.wrapping_add(1);
				continue;
			};
			let left = request.count.saturating_sub(request.drawn);
			// As many of its seats as the budget has room for at their worst; the first draw
			// of a block always seats one, so that the queue moves whatever the budget.
			let room = budget.saturating_sub(used);
			let take = match Self::seats_fitting(room, left) {
				0 if used == Weight::zero() => left.min(1),
				fit => fit,
			};
			if request.at >= now || take == 0 {
				// The request read that stops the loop.
				weight = weight.saturating_add(T::DbWeight::get().reads(1));
				break;
			}
			let (work, consumed) = Self::seat_request(head, &request, take, now, &mut block);
			used = used.saturating_add(Self::seating_weight(work));
			if consumed < left {
				// The rest of the request keeps the head of the queue: the next turn draws more
				// of it if the budget still has room for a seat at its worst (the draws cost
				// less than their worst case), else it waits for the next block.
				request.drawn = request.drawn.saturating_add(consumed);
				SeatQueue::<T>::insert(head, request);
				continue;
			}
			SeatQueue::<T>::remove(head);
			head = head.wrapping_add(1);
		}
		SeatQueueBounds::<T>::put((head, tail));
		weight.saturating_add(T::DbWeight::get().writes(1)).saturating_add(used)
	}

	/// The most of `left` seats whose worst case ([`Self::seating_worst`]) fits in `room`.
	pub fn seats_fitting(room: Weight, left: u32) -> u32 {
		// The worst case grows with the seats: the largest that fits, by bisection.
		let (mut low, mut high) = (0u32, left);
		while low < high {
			let mid = low.saturating_add(high).saturating_add(1) / 2;
			if Self::seating_worst(mid).all_lte(room) {
				low = mid;
			} else {
				high = mid.saturating_sub(1);
			}
		}
		low
	}

	/// The weight of seating one request by what its draws did: the benchmarked draw of that
	/// many seats (`draw_seats`: each seated at its first probe, opening its item's stage and
	/// taking an item from the backlog), every further probe at the cost of probing an item that
	/// leaves the open set for one from the backlog (`draw_probes`), less the storage writes the
	/// draws did not make: stages they did not open (the item's state and its deadline) and
	/// backlog entries they did not take, and the database work an earlier draw of the block
	/// did for the same keys ([`BlockDraws`]): the queue's bounds (which `seat_due` charges
	/// itself), the beacon and the congestion count after the block's first request, the
	/// task's entry and open set after its first request, items' entries and seats read again
	/// and seats written again.
	pub fn seating_weight(work: SeatingWork) -> Weight {
		let extra = work.probes.saturating_sub(work.seats);
		let db = T::DbWeight::get();
		let not_opened = work.seats.saturating_sub(work.opened) as u64;
		let not_taken = work.seats.saturating_add(extra).saturating_sub(work.from_backlog) as u64;
		let mut shared = db.reads_writes(1, 1);
		if work.later {
			shared.saturating_accrue(db.reads(2));
		}
		if work.task_seen {
			shared.saturating_accrue(db.reads_writes(2, 2));
		}
		shared.saturating_accrue(db.reads((work.reread as u64).saturating_mul(2)));
		shared.saturating_accrue(db.writes(work.rewritten as u64));
		T::WeightInfo::draw_seats(work.seats)
			.saturating_add(
				T::WeightInfo::draw_probes(extra).saturating_sub(T::WeightInfo::draw_probes(0)),
			)
			.saturating_sub(db.writes(not_opened.saturating_mul(2)))
			.saturating_sub(db.reads_writes(not_taken, not_taken))
			.saturating_sub(shared)
	}

	/// The most a request of `seats` seats may weigh: every draw probes the whole open set,
	/// opens its item's stage and takes from the backlog.
	pub fn seating_worst(seats: u32) -> Weight {
		let probes = seats.saturating_mul(T::MaxOpenItems::get());
		Self::seating_weight(SeatingWork {
			seats,
			probes,
			opened: seats,
			from_backlog: probes,
			..Default::default()
		})
	}

	/// The draw's seed for the request at queue position `position`: the beacon when it is
	/// seated (which the request's block went into), so neither the annotator nor a block
	/// author chooses it — a block hash would be the author's to grind.
	pub fn seat_seed(position: u32) -> [u8; 32] {
		sp_io::hashing::blake2_256(
			&(b"labelchain/seat", sp_core::H256(T::Beacon::get()), position).encode(),
		)
	}

	/// Draws `take` more seats of a request (those after the `drawn` ones), each by its own
	/// draw; unfilled seats' collateral is unlocked. The task, its open set and the annotator's
	/// ledger are read once and written once for all of them. Returns what the draws did and
	/// how many of the request's seats are done with: `take`, or all that were left when the
	/// annotator or the task can no longer be seated.
	fn seat_request(
		position: u32,
		request: &crate::SeatRequestOf<T>,
		take: u32,
		now: BlockNumberFor<T>,
		block: &mut BlockDraws,
	) -> (SeatingWork, u32) {
		let SeatRequest { task, ref annotator, count, collateral, drawn, at: _ } = *request;
		let left = count.saturating_sub(drawn);
		let seed = Self::seat_seed(position);
		let clock = Self::window_clock();
		let mut task_entry = Tasks::<T>::get(task);
		let mut ledger = Stakes::<T>::get(annotator);
		// Suspended since the request, or the task stopped taking seats: nothing is seated.
		let eligible = task_entry.as_ref().is_some_and(|t| t.status == TaskStatus::Open)
			&& ledger
				.as_ref()
				.is_some_and(|l| l.suspended_until.is_none_or(|until| until <= now));
		let consumed = if eligible { take.min(left) } else { left };
		let mut work = SeatingWork {
			later: block.requests > 0,
			task_seen: !block.tasks.insert(task),
			..Default::default()
		};
		block.requests = block.requests.saturating_add(1);
		let mut unfilled = consumed;
		if let (true, Some(t), Some(l)) = (eligible, task_entry.as_mut(), ledger.as_mut()) {
			let mut open = OpenItems::<T>::get(task);
			work.seats = consumed;
			for k in drawn..drawn.saturating_add(consumed) {
				let draw = sp_io::hashing::blake2_256(&(seed, k).encode());
				let rnd = u32::from_le_bytes([draw[0], draw[1], draw[2], draw[3]]);
				let d = Self::seat_one(task, t, &mut open, annotator, l, collateral, rnd, clock);
				work.probes = work.probes.saturating_add(d.probes);
				let reread = d.probed.iter().filter(|&&item| !block.read.insert((task, item)));
				work.reread = work.reread.saturating_add(reread.count() as u32);
				if let Some(item) = d.seated_on {
					let again = !block.written.insert((task, item));
					work.rewritten = work.rewritten.saturating_add(again as u32);
				}
				work.opened = work.opened.saturating_add(d.opened as u32);
				work.from_backlog = work.from_backlog.saturating_add(d.from_backlog);
				if d.seated {
					unfilled = unfilled.saturating_sub(1);
				}
			}
			OpenItems::<T>::insert(task, open);
		}
		if let Some(t) = task_entry.filter(|_| eligible) {
			Tasks::<T>::insert(task, t);
		}
		if let Some(mut l) = ledger {
			l.requested = l.requested.saturating_sub(consumed);
			l.locked = l.locked.saturating_sub(collateral.saturating_mul(unfilled.into()));
			Self::put_ledger(annotator, l);
		}
		if unfilled > 0 {
			Self::deposit_event(Event::SeatsUnfilled {
				task,
				annotator: annotator.clone(),
				count: unfilled,
			});
		}
		(work, consumed)
	}

	/// Whether the draw may seat someone on `it` at window-clock time `now`.
	fn seatable(
		t: &TaskOf<T>,
		it: &crate::ItemOf<T>,
		slots: &crate::SlotsOf<T>,
		now: BlockNumberFor<T>,
	) -> Seatable {
		match it.state {
			ItemState::Pending { round } => Seatable::Yes { round, stage: 0 },
			ItemState::Labeling { round, stage, commit_end, .. } => {
				let taken = slots.iter().filter(|s| s.stage == stage).count() as u32;
				if now > commit_end || taken >= Self::stage_size(t, stage) {
					Seatable::Gone
				} else {
					Seatable::Yes { round, stage }
				}
			}
			_ => Seatable::Gone,
		}
	}

	/// Draws one item of `task`'s open set for `who`, uniformly (starting at `rnd` and probing
	/// onwards past items `who` sits on), and seats them on it; returns what it did (whether it
	/// seated, how many items it probed, ...: what its weight depends on). Items
	/// that no longer belong in the set are dropped from it on the way (`now` is the window
	/// clock's time, [`clock`](crate::clock)). The draw does not favor
	/// items another annotator just started: a group's members would then land together. The
	/// caller reads the task `t`, its open set `open` and `who`'s ledger, and stores them.
	#[allow(clippy::too_many_arguments)]
	pub(crate) fn seat_one(
		task: TaskId,
		t: &mut TaskOf<T>,
		open: &mut frame_support::BoundedVec<ItemId, T::MaxOpenItems>,
		who: &T::AccountId,
		ledger: &mut crate::StakeLedgerOf<T>,
		collateral: BalanceOf<T>,
		rnd: u32,
		now: BlockNumberFor<T>,
	) -> Draw {
		let len = open.len();
		let mut gone: Vec<usize> = Vec::new();
		let mut chosen = None;
		let mut probes = 0u32;
		let mut probed: Vec<ItemId> = Vec::new();
		for probe in 0..len {
			probes = probes.saturating_add(1);
			let pos = (rnd as usize).wrapping_add(probe) % len;
			let Some(&item) = open.get(pos) else { break };
			probed.push(item);
			let Some(it) = Items::<T>::get(task, item) else {
				gone.push(pos);
				continue;
			};
			let slots = Slots::<T>::get(task, item);
			match Self::seatable(t, &it, &slots, now) {
				Seatable::Gone => gone.push(pos),
				Seatable::Yes { .. } if slots.iter().any(|s| &s.annotator == who) => (),
				Seatable::Yes { round, stage } => {
					chosen = Some((pos, item, it, slots, round, stage));
					break;
				}
			}
		}
		let mut seated = false;
		let mut seated_on = None;
		let mut opened = false;
		if let Some((pos, item, mut it, mut slots, round, stage)) = chosen {
			let slot = Slot {
				annotator: who.clone(),
				collateral,
				stage,
				commitment: None,
				label: None,
				updated: frame_system::Pallet::<T>::block_number(),
			};
			if slots.try_push(slot).is_ok() {
				seated = true;
				seated_on = Some(item);
				if let ItemState::Pending { .. } = it.state {
					let (commit_end, reveal_end) = Self::stage_windows(t, now);
					it.state = ItemState::Labeling { round, stage: 0, commit_end, reveal_end };
					Self::note_deadline(task, item, reveal_end);
					opened = true;
					t.pending = t.pending.saturating_sub(1);
					if !matches!(it.gold, Gold::None) {
						t.pending_with_answer = t.pending_with_answer.saturating_sub(1);
					}
					t.in_progress = t.in_progress.saturating_add(1);
					Items::<T>::insert(task, item, &it);
					Self::deposit_event(Event::StageOpened {
						task,
						item,
						round,
						stage: 0,
						commit_end,
						reveal_end,
					});
				}
				let taken = slots.iter().filter(|s| s.stage == stage).count() as u32;
				if taken >= Self::stage_size(t, stage) {
					gone.push(pos);
				}
				Slots::<T>::insert(task, item, slots);
				let _ = ledger.seats.try_push((task, item));
				Self::deposit_event(Event::Seated {
					task,
					item,
					round,
					stage,
					annotator: who.clone(),
				});
			}
		}
		gone.sort_unstable_by(|a, b| b.cmp(a));
		gone.dedup();
		for pos in gone {
			open.swap_remove(pos);
		}
		let from_backlog = Self::refill_open(task, t, open);
		Draw { seated, seated_on, probed, probes, opened, from_backlog }
	}

	/// Tops the open set up from the backlog, then from fresh items while the task is open;
	/// returns how many backlog entries it took.
	pub(crate) fn refill_open(
		task: TaskId,
		t: &mut TaskOf<T>,
		open: &mut frame_support::BoundedVec<ItemId, T::MaxOpenItems>,
	) -> u32 {
		let mut taken = 0u32;
		while !open.is_full() {
			let next = if t.backlog_head != t.backlog_tail {
				taken = taken.saturating_add(1);
				let item = Backlog::<T>::take(task, t.backlog_head);
				t.backlog_head = t.backlog_head.wrapping_add(1);
				item
			} else if t.status == TaskStatus::Open && t.next_fresh < t.item_count {
				let item = t.next_fresh;
				t.next_fresh = t.next_fresh.saturating_add(1);
				Some(item)
			} else {
				break;
			};
			if let Some(item) = next {
				if !open.contains(&item) {
					let _ = open.try_push(item);
				}
			}
		}
		taken
	}

	/// Offers an item for seats again (an escalation or a new round): into the open set when
	/// it has room, else at the end of the backlog.
	pub(crate) fn reopen(task: TaskId, t: &mut TaskOf<T>, item: ItemId) {
		let mut open = OpenItems::<T>::get(task);
		if open.contains(&item) {
			return;
		}
		if open.try_push(item).is_err() {
			Backlog::<T>::insert(task, t.backlog_tail, item);
			t.backlog_tail = t.backlog_tail.wrapping_add(1);
		}
		OpenItems::<T>::insert(task, open);
	}

	/// Takes an item out of its task's open set, if it is there, and refills the set.
	pub(crate) fn close_for_seats(task: TaskId, t: &mut TaskOf<T>, item: ItemId) {
		let mut open = OpenItems::<T>::get(task);
		if let Some(pos) = open.iter().position(|i| *i == item) {
			open.swap_remove(pos);
			let _ = Self::refill_open(task, t, &mut open);
			OpenItems::<T>::insert(task, open);
		}
	}

	/// Removes a judged seat from its holder's ledger.
	pub(crate) fn drop_seat(ledger: &mut crate::StakeLedgerOf<T>, task: TaskId, item: ItemId) {
		if let Some(pos) = ledger.seats.iter().position(|s| *s == (task, item)) {
			ledger.seats.swap_remove(pos);
		}
	}
}
