//! Property test: random sequences of calls by vendors, annotators, outsiders, the asset's
//! admin and governance never create or lose funds. After every call, every escrow and the
//! stake pool hold exactly what the pallet accounts for, the item counters match the items,
//! no asset's total issuance changes, and the issuance is all held by accounts we know of.

use super::*;
use crate::{annotation::commitment_of, task::gold_commitment};
use frame_support::traits::fungibles::Inspect;
use sp_runtime::Perbill;
use std::collections::BTreeMap;

/// xorshift64*: small, deterministic, good enough to explore call sequences.
struct Rng(u64);
impl Rng {
	fn next(&mut self) -> u64 {
		self.0 ^= self.0 >> 12;
		self.0 ^= self.0 << 25;
		self.0 ^= self.0 >> 27;
		self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
	}
	fn below(&mut self, n: u64) -> u64 {
		self.next() % n.max(1)
	}
	fn pick<T: Copy>(&mut self, v: &[T]) -> T {
		v[self.below(v.len() as u64) as usize]
	}
	fn chance(&mut self, percent: u64) -> bool {
		self.below(100) < percent
	}
}

thread_local! {
	/// Outcomes seen: settled, voided, disputed, failed items, deferred payouts, escalated
	/// items, items waiting for their vendor's answer, overturned gold answers.
	static OUTCOMES: std::cell::Cell<[u32; 8]> = const { std::cell::Cell::new([0; 8]) };
}

#[derive(Default)]
struct Model {
	/// (task, item, annotator) → (label, salt) committed.
	commitments: BTreeMap<(TaskId, ItemId, AccountId), (Label, [u8; 32])>,
	/// (task, item) → (answer, salt) of the vendor's answer commitment.
	answers: BTreeMap<(TaskId, ItemId), (Option<Label>, [u8; 32])>,
}

const ACTORS: [AccountId; 8] = [VENDOR, OTHER_VENDOR, A, B, C, D, E, OUTSIDER];

/// Mostly class 1 (so that consensus is common), sometimes another class or one outside the
/// schema.
fn random_label(rng: &mut Rng, classes: u32) -> Label {
	if rng.chance(60) {
		Label::Class(1)
	} else {
		Label::Class(rng.below(classes as u64 + 1) as u32)
	}
}

fn random_items(
	rng: &mut Rng,
	model: &mut Model,
	vendor: AccountId,
	task: TaskId,
	first: ItemId,
	with_gold: bool,
) -> Vec<NewItem> {
	(0..1 + rng.below(6) as u32)
		.map(|i| {
			let hash = H256::from_low_u64_be(rng.next());
			// Now and then a batch that breaks the all-or-none rule.
			let answer_commitment = if with_gold != rng.chance(3) {
				let answer = if rng.chance(70) { Some(random_label(rng, 2)) } else { None };
				let salt = [rng.below(255) as u8; 32];
				model.answers.insert((task, first + i), (answer.clone(), salt));
				Some(gold_commitment(&vendor, &hash, &answer, &salt))
			} else {
				None
			};
			NewItem { content: ContentRef { uri: uri("ipfs://x"), digest: hash }, answer_commitment }
		})
		.collect()
}

fn check_conservation(issuance: &BTreeMap<u32, Balance>) {
	Labeling::check_invariants(true).expect("invariants");
	let mut holders: Vec<AccountId> = ACTORS.to_vec();
	holders.push(999);
	holders.push(Labeling::stake_pool_account());
	for task in 0..NextTaskId::<Test>::get() {
		holders.push(Labeling::escrow_account(task));
	}
	for (asset, total) in issuance {
		assert_eq!(
			<Assets as Inspect<AccountId>>::total_issuance(*asset),
			*total,
			"issuance of {asset}"
		);
		let held: Balance =
			holders.iter().map(|h| <Assets as Inspect<AccountId>>::balance(*asset, h)).sum();
		assert_eq!(held, *total, "asset {asset} is all held by known accounts");
	}
}

fn step(rng: &mut Rng, model: &mut Model) {
	let tasks = NextTaskId::<Test>::get();
	// Mostly existing tasks and items, sometimes unknown ones.
	let task = if tasks > 0 && rng.chance(90) {
		rng.below(tasks as u64) as TaskId
	} else {
		rng.below(tasks as u64 + 2) as TaskId
	};
	let item_count = Tasks::<Test>::get(task).map_or(1, |t| t.item_count.max(1));
	let beyond = if rng.chance(5) { 1 } else { 0 };
	let item = rng.below(item_count as u64 + beyond) as ItemId;
	// Mostly annotators, sometimes vendors and outsiders.
	let who = if rng.chance(80) { rng.pick(&ANNOTATORS) } else { rng.pick(&ACTORS) };
	let origin = RuntimeOrigin::signed(who);
	let classes = 2;
	let action = rng.below(30);
	let outcome = match action {
		0 => {
			let vendor = rng.pick(&[VENDOR, OTHER_VENDOR]);
			let big = vendor == VENDOR && rng.chance(30);
			let redundancy = 1 + rng.below(3) as u32;
			let with_gold = rng.chance(50);
			let spec = TaskSpec {
				schema: LabelSchema::Categorical { classes },
				redundancy,
				max_seats: redundancy + rng.below(8 - redundancy as u64) as u32,
				confidence: Perbill::from_percent(50 + rng.below(50) as u32),
				commit_window: 2 + rng.below(10),
				reveal_window: 2 + rng.below(10),
				reward_asset: if big { BIG_ED } else { USD },
				reward_per_label: if big { 10 } else { 0 } + rng.below(200),
				gold_bonus: rng.below(100),
				collateral: 10 + rng.below(100),
				with_gold,
				min_stake: 100 + rng.below(200),
				..spec()
			};
			let items = random_items(rng, model, vendor, tasks, 0, with_gold);
			Labeling::create_task(
				RuntimeOrigin::signed(vendor),
				spec,
				BoundedVec::truncate_from(items),
			)
			.map(|_| ())
		}
		1 => {
			let vendor = Tasks::<Test>::get(task).map_or(VENDOR, |t| t.vendor);
			let first = Tasks::<Test>::get(task).map_or(0, |t| t.item_count);
			let with_gold = Tasks::<Test>::get(task).is_some_and(|t| t.spec.with_gold);
			let items = random_items(rng, model, vendor, task, first, with_gold);
			Labeling::add_items(
				RuntimeOrigin::signed(vendor),
				task,
				BoundedVec::truncate_from(items),
			)
		}
		2 => {
			let vendor = Tasks::<Test>::get(task).map_or(VENDOR, |t| t.vendor);
			Labeling::top_up(RuntimeOrigin::signed(vendor), task, rng.below(20), rng.below(20))
		}
		3 if rng.chance(30) => {
			let vendor = Tasks::<Test>::get(task).map_or(VENDOR, |t| t.vendor);
			Labeling::cancel_task(RuntimeOrigin::signed(vendor), task)
		}
		4 | 5 if rng.chance(30) => {
			let vendor = Tasks::<Test>::get(task).map_or(VENDOR, |t| t.vendor);
			Labeling::close_task(RuntimeOrigin::signed(vendor), task)
		}
		6 => {
			let vendor = Tasks::<Test>::get(task).map_or(VENDOR, |t| t.vendor);
			Labeling::purge_task(RuntimeOrigin::signed(vendor), task, 1 + rng.below(4) as u32)
		}
		7 => Labeling::bond(origin, 1 + rng.below(600)),
		8 => Labeling::unbond(origin, 1 + rng.below(300)),
		9 => Labeling::withdraw_unbonded(origin),
		3..=5 | 10 | 11 => {
			// Mostly a task with items open for seats.
			let open: Vec<TaskId> = OpenItems::<Test>::iter()
				.filter(|(_, items)| !items.is_empty())
				.map(|(t, _)| t)
				.collect();
			let t = if !open.is_empty() && rng.chance(90) { rng.pick(&open) } else { task };
			Labeling::request_seats(origin, t, 1 + rng.below(3) as u32)
		}
		12 | 13 | 22 | 23 | 24 => {
			match held_slot(rng, |t, i, s| s.commitment.is_none() && in_commit_phase(t, i, s.stage))
			{
				Some((t, i, holder)) => {
					let round = round_or_zero(t, i);
					let label = random_label(rng, classes);
					let salt = [rng.below(255) as u8; 32];
					let c = commitment_of(t, i, round, &holder, &label, &salt);
					let result = Labeling::commit(RuntimeOrigin::signed(holder), t, i, c)
						.map(|_| ())
						.map_err(|e| e.error);
					if result.is_ok() {
						model.commitments.insert((t, i, holder), (label, salt));
					}
					result
				}
				None => Labeling::commit(origin, task, item, H256::zero())
					.map(|_| ())
					.map_err(|e| e.error),
			}
		}
		14 | 15 | 25 | 26 | 27 => match held_slot(rng, |t, i, s| {
			s.commitment.is_some() && s.label.is_none() && (in_reveal_phase(t, i) || i % 5 == 0)
		}) {
			Some((t, i, holder)) => {
				let (label, salt) =
					model.commitments.get(&(t, i, holder)).cloned().expect("committed here");
				let label = if rng.chance(10) { random_label(rng, classes) } else { label };
				Labeling::reveal(RuntimeOrigin::signed(holder), t, i, label, salt)
					.map(|_| ())
					.map_err(|e| e.error)
			}
			None => Ok(()),
		},
		16 => match held_slot(rng, |_, _, s| s.commitment.is_some() && s.label.is_none()) {
			Some((t, i, holder)) => {
				let (label, salt) =
					model.commitments.get(&(t, i, holder)).cloned().expect("committed here");
				Labeling::denounce(origin, t, i, holder, label, salt)
			}
			None => Ok(()),
		},
		17 | 28 => {
			let waiting: Vec<(TaskId, ItemId)> = Items::<Test>::iter()
				.filter(|(_, _, i)| {
					matches!(i.gold, Gold::Committed(_))
						&& (matches!(i.state, ItemState::AwaitingGold { .. }) || rng.chance(5))
				})
				.map(|(t, i, _)| (t, i))
				.collect();
			let (t, i) = if waiting.is_empty() { (task, item) } else { rng.pick(&waiting) };
			match (model.answers.get(&(t, i)).cloned(), Tasks::<Test>::get(t)) {
				(Some((answer, salt)), Some(task)) => {
					Labeling::reveal_gold(RuntimeOrigin::signed(task.vendor), t, i, answer, salt)
						.map(|_| ())
						.map_err(|e| e.error)
				}
				_ => Ok(()),
			}
		}
		18 => {
			let running: Vec<(TaskId, ItemId)> = Items::<Test>::iter()
				.filter(|(_, _, i)| {
					matches!(i.state, ItemState::Labeling { .. } | ItemState::AwaitingGold { .. })
				})
				.map(|(t, i, _)| (t, i))
				.collect();
			let (t, i) = if running.is_empty() { (task, item) } else { rng.pick(&running) };
			Labeling::settle(origin, t, i).map(|_| ()).map_err(|e| e.error)
		}
		19 => {
			let disputed: Vec<(TaskId, ItemId)> = Items::<Test>::iter()
				.filter(|(_, _, i)| matches!(i.state, ItemState::Disputed { .. }))
				.map(|(t, i, _)| (t, i))
				.collect();
			let (t, i) = if disputed.is_empty() { (task, item) } else { rng.pick(&disputed) };
			frame_support::storage::with_storage_layer(|| {
				let fee = if rng.chance(20) {
					Labeling::do_fail_dispute(t, i)?
				} else {
					Labeling::do_resolve_dispute(t, i, random_label(rng, classes - 1))?
				};
				let paid = rng.below(fee + 1);
				Labeling::do_pay_review_fee(t, fee, &[(who, paid / 2), (OUTSIDER, paid - paid / 2)])
			})
		}
		20 if rng.chance(50) => {
			// The vendor's appeal of an accepted label, and its review.
			let settled: Vec<(TaskId, ItemId)> = Items::<Test>::iter()
				.filter(|(_, _, it)| it.state == ItemState::Settled && it.result.is_some())
				.map(|(t, i, _)| (t, i))
				.collect();
			let (t, i) = if settled.is_empty() { (task, item) } else { rng.pick(&settled) };
			let appellant = if rng.chance(80) {
				Tasks::<Test>::get(t).map_or(VENDOR, |task| task.vendor)
			} else {
				who
			};
			frame_support::storage::with_storage_layer(|| {
				let (_, fee) = Labeling::do_appeal_label(&appellant, t, i)?;
				if rng.chance(50) {
					Labeling::do_change_label(t, i, random_label(rng, classes - 1))?;
				}
				Labeling::do_pay_review_fee(t, fee, &[(who, fee / 3)])
			})
		}
		20 => match rng.below(6) {
			0 => Labeling::claim_payout(origin, task),
			1 => {
				// A blocked account must hold the asset: give it some first.
				let target = rng.pick(&ANNOTATORS);
				if <Assets as Inspect<AccountId>>::balance(USD, &target) == 0 {
					Assets::transfer(RuntimeOrigin::signed(OTHER_VENDOR), USD, target, 5)
						.and_then(|_| Assets::block(RuntimeOrigin::signed(999), USD, target))
				} else {
					Assets::block(RuntimeOrigin::signed(999), USD, target)
				}
			}
			2 => Assets::thaw(RuntimeOrigin::signed(999), USD, rng.pick(&ANNOTATORS)),
			3 => Labeling::spend_slashed(RuntimeOrigin::root(), who, 1 + rng.below(50)),
			4 => Labeling::update_params(
				RuntimeOrigin::root(),
				ParamsUpdate {
					gold_fail_slash: Some(Perbill::from_percent(rng.below(101) as u32)),
					no_reveal_slash: Some(Perbill::from_percent(rng.below(101) as u32)),
					escalation_seats: Some(1 + rng.below(3) as u32),
					..Default::default()
				},
			),
			_ => {
				Assets::transfer(RuntimeOrigin::signed(OTHER_VENDOR), USD, rng.pick(&ANNOTATORS), 5)
			}
		},
		_ => {
			let now = System::block_number();
			run_to_block(now + 1 + rng.below(4));
			Ok(())
		}
	};
	let mut seen = OUTCOMES.with(|c| c.get());
	for record in System::events() {
		match record.event {
			RuntimeEvent::Labeling(Event::ItemSettled { .. }) => seen[0] += 1,
			RuntimeEvent::Labeling(Event::RoundVoided { .. }) => seen[1] += 1,
			RuntimeEvent::Labeling(Event::ItemDisputed { .. }) => seen[2] += 1,
			RuntimeEvent::Labeling(Event::ItemFailed { .. }) => seen[3] += 1,
			RuntimeEvent::Labeling(Event::PayoutDeferred { .. }) => seen[4] += 1,
			RuntimeEvent::Labeling(Event::Escalated { .. }) => seen[5] += 1,
			RuntimeEvent::Labeling(Event::AwaitingGold { .. }) => seen[6] += 1,
			RuntimeEvent::Labeling(Event::GoldOverturned { .. }) => seen[7] += 1,
			_ => (),
		}
	}
	OUTCOMES.with(|c| c.set(seen));
	if std::env::var("WALK_DEBUG").is_ok() {
		println!("action {action}: {outcome:?}");
	}
	System::reset_events();
}

/// A random slot (task, item, holder) among those matching `filter`.
fn held_slot(
	rng: &mut Rng,
	filter: impl Fn(TaskId, ItemId, &crate::SlotOf<Test>) -> bool,
) -> Option<(TaskId, ItemId, AccountId)> {
	let mut all: Vec<(TaskId, ItemId, AccountId)> = Vec::new();
	for (t, i, slots) in Slots::<Test>::iter() {
		all.extend(slots.into_iter().filter(|s| filter(t, i, s)).map(|s| (t, i, s.annotator)));
	}
	if all.is_empty() {
		None
	} else {
		Some(rng.pick(&all))
	}
}

fn in_commit_phase(task: TaskId, item: ItemId, slot_stage: u8) -> bool {
	matches!(
		Items::<Test>::get(task, item).map(|i| i.state),
		Some(ItemState::Labeling { commit_end, stage, .. })
			if System::block_number() <= commit_end && stage == slot_stage
	)
}

fn in_reveal_phase(task: TaskId, item: ItemId) -> bool {
	let (Some(t), Some(it)) = (Tasks::<Test>::get(task), Items::<Test>::get(task, item)) else {
		return false;
	};
	Labeling::reveals_open(&t, &it.state, &Slots::<Test>::get(task, item), System::block_number())
}

fn round_or_zero(task: TaskId, item: ItemId) -> RoundIndex {
	match Items::<Test>::get(task, item).map(|i| i.state) {
		Some(ItemState::Pending { round, .. })
		| Some(ItemState::Labeling { round, .. })
		| Some(ItemState::AwaitingGold { round, .. })
		| Some(ItemState::Disputed { round, .. }) => round,
		_ => 0,
	}
}

#[test]
fn random_call_sequences_never_create_or_lose_funds() {
	for seed in 1..=32u64 {
		new_test_ext().execute_with(|| {
			let issuance: BTreeMap<u32, Balance> = [STAKE, USD, BIG_ED]
				.into_iter()
				.map(|a| (a, <Assets as Inspect<AccountId>>::total_issuance(a)))
				.collect();
			let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
			let mut model = Model::default();
			for a in ANNOTATORS {
				assert!(Labeling::bond(RuntimeOrigin::signed(a), 500).is_ok());
			}
			for _ in 0..300 {
				step(&mut rng, &mut model);
				check_conservation(&issuance);
			}
		});
	}
	// The walk reaches every way an item can end (the seeds are fixed, so this is stable).
	let [settled, voided, disputed, failed, deferred, escalated, awaiting, overturned] =
		OUTCOMES.with(|c| c.get());
	println!(
		"settled {settled}, voided {voided}, disputed {disputed}, failed {failed}, \
		 deferred {deferred}, escalated {escalated}, awaiting gold {awaiting}, \
		 overturned {overturned}"
	);
	assert!(settled >= 20 && voided >= 20 && failed >= 5 && disputed >= 2);
	assert!(escalated >= 5 && awaiting >= 10 && deferred >= 1);
}
