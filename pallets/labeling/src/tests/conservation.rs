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
	/// Outcomes seen: settled, voided, disputed, failed items, deferred payouts, decided items
	/// (waiting for their appeal window), appealed items.
	static OUTCOMES: std::cell::Cell<[u32; 7]> = const { std::cell::Cell::new([0; 7]) };
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
) -> Vec<NewItem> {
	(0..1 + rng.below(4) as u32)
		.map(|i| {
			let hash = H256::from_low_u64_be(rng.next());
			let answer_commitment = if rng.chance(50) {
				let answer = if rng.chance(70) { Some(random_label(rng, 2)) } else { None };
				let salt = [rng.below(255) as u8; 32];
				model.answers.insert((task, first + i), (answer.clone(), salt));
				Some(gold_commitment(&vendor, &hash, &answer, &salt))
			} else {
				None
			};
			NewItem { content: ContentRef { uri: uri("ipfs://x"), hash }, answer_commitment }
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
	let action = rng.below(22);
	let outcome = match action {
		0 => {
			let vendor = rng.pick(&[VENDOR, OTHER_VENDOR]);
			let big = vendor == VENDOR && rng.chance(30);
			let spec = TaskSpec {
				schema: LabelSchema::Categorical { classes },
				redundancy: 1 + rng.below(5) as u32,
				commit_window: 2 + rng.below(10),
				reveal_window: 2 + rng.below(10),
				reward_asset: if big { BIG_ED } else { USD },
				reward_per_label: if big { 10 } else { 0 } + rng.below(200),
				gold_bonus: rng.below(100),
				min_stake: 100 + rng.below(200),
				..spec()
			};
			let items = random_items(rng, model, vendor, tasks, 0);
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
			let items = random_items(rng, model, vendor, task, first);
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
			// Mostly an item that is open for slots.
			let open: Vec<(TaskId, ItemId)> = Items::<Test>::iter()
				.filter(|(_, _, i)| {
					matches!(i.state, ItemState::Pending { .. } | ItemState::Labeling { .. })
				})
				.map(|(t, i, _)| (t, i))
				.collect();
			let (t, i) =
				if !open.is_empty() && rng.chance(90) { rng.pick(&open) } else { (task, item) };
			Labeling::take_slot(origin, t, i)
		}
		12 | 13 => {
			match held_slot(rng, |t, i, s| s.commitment.is_none() && in_commit_phase(t, i)) {
				Some((t, i, holder)) => {
					let round = round_or_zero(t, i);
					let label = random_label(rng, classes);
					let salt = [rng.below(255) as u8; 32];
					let c = commitment_of(t, i, round, &holder, &label, &salt);
					let result = Labeling::commit(RuntimeOrigin::signed(holder), t, i, c);
					if result.is_ok() {
						model.commitments.insert((t, i, holder), (label, salt));
					}
					result
				}
				None => Labeling::commit(origin, task, item, H256::zero()),
			}
		}
		14 | 15 => match held_slot(rng, |_, _, s| s.commitment.is_some() && s.label.is_none()) {
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
		17 => {
			let waiting: Vec<(TaskId, ItemId)> = Items::<Test>::iter()
				.filter(|(_, _, i)| {
					matches!(i.gold, Gold::Committed(_))
						&& matches!(i.state, ItemState::Labeling { .. })
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
				.filter(|(_, _, i)| matches!(i.state, ItemState::Labeling { .. }))
				.map(|(t, i, _)| (t, i))
				.collect();
			let (t, i) = if running.is_empty() { (task, item) } else { rng.pick(&running) };
			Labeling::settle(origin, t, i)
		}
		19 => {
			let disputed: Vec<(TaskId, ItemId)> = Items::<Test>::iter()
				.filter(|(_, _, i)| matches!(i.state, ItemState::Disputed { .. }))
				.map(|(t, i, _)| (t, i))
				.collect();
			let (t, i) = if disputed.is_empty() { (task, item) } else { rng.pick(&disputed) };
			let label = random_label(rng, classes - 1);
			frame_support::storage::with_storage_layer(|| {
				Labeling::do_resolve_dispute(t, i, label).map(|_| ())
			})
		}
		20 if rng.chance(50) => {
			// The appeal window and the disputes interface.
			let decided: Vec<(TaskId, ItemId)> = Items::<Test>::iter()
				.filter(|(_, _, i)| matches!(i.state, ItemState::Decided { .. }))
				.map(|(t, i, _)| (t, i))
				.collect();
			let (t, i) = if decided.is_empty() { (task, item) } else { rng.pick(&decided) };
			match rng.below(5) {
				0 => Labeling::update_params(
					RuntimeOrigin::root(),
					ParamsUpdate { dispute_period: Some(rng.below(8)), ..Default::default() },
				),
				1 | 2 => {
					let slots: Vec<AccountId> =
						Slots::<Test>::get(t, i).iter().map(|s| s.annotator).collect();
					let appellant = if rng.chance(20) {
						Tasks::<Test>::get(t).map_or(VENDOR, |task| task.vendor)
					} else if !slots.is_empty() && rng.chance(70) {
						rng.pick(&slots)
					} else {
						who
					};
					frame_support::storage::with_storage_layer(|| {
						Labeling::do_appeal(&appellant, t, i).map(|_| ())
					})
				}
				3 => Labeling::finalize_item(origin, t, i),
				_ => {
					let disputed: Vec<(TaskId, ItemId)> = Items::<Test>::iter()
						.filter(|(_, _, i)| matches!(i.state, ItemState::Disputed { .. }))
						.map(|(t, i, _)| (t, i))
						.collect();
					let (t, i) =
						if disputed.is_empty() { (task, item) } else { rng.pick(&disputed) };
					frame_support::storage::with_storage_layer(|| {
						if rng.chance(50) {
							Labeling::do_fail_dispute(t, i)
						} else {
							let unspent =
								Labeling::do_resolve_dispute(t, i, random_label(rng, classes - 1))?;
							let fee = rng.below(unspent + 1);
							Labeling::do_pay_review_fee(
								t,
								&[(who, fee / 2), (OUTSIDER, fee - fee / 2)],
							)
						}
					})
				}
			}
		}
		20 => match rng.below(6) {
			0 => Labeling::claim_payout(origin, task),
			1 => Assets::block(RuntimeOrigin::signed(999), USD, rng.pick(&ANNOTATORS)),
			2 => Assets::thaw(RuntimeOrigin::signed(999), USD, rng.pick(&ANNOTATORS)),
			3 => Labeling::spend_slashed(RuntimeOrigin::root(), who, 1 + rng.below(50)),
			4 => Labeling::update_params(
				RuntimeOrigin::root(),
				ParamsUpdate {
					disagree_slash: Some(Perbill::from_percent(rng.below(101) as u32)),
					no_reveal_slash: Some(Perbill::from_percent(rng.below(101) as u32)),
					suspension_slash: Some(Perbill::from_percent(rng.below(101) as u32)),
					..Default::default()
				},
			),
			_ => {
				Assets::transfer(RuntimeOrigin::signed(OTHER_VENDOR), USD, rng.pick(&ANNOTATORS), 5)
			}
		},
		_ => {
			let now = System::block_number();
			run_to_block(now + 1 + rng.below(8));
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
			RuntimeEvent::Labeling(Event::ItemDecided { .. }) => seen[5] += 1,
			RuntimeEvent::Labeling(Event::ItemAppealed { .. }) => seen[6] += 1,
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

fn in_commit_phase(task: TaskId, item: ItemId) -> bool {
	matches!(
		Items::<Test>::get(task, item).map(|i| i.state),
		Some(ItemState::Labeling { commit_end, .. }) if System::block_number() <= commit_end
	)
}

fn round_or_zero(task: TaskId, item: ItemId) -> RoundIndex {
	match Items::<Test>::get(task, item).map(|i| i.state) {
		Some(ItemState::Pending { round })
		| Some(ItemState::Labeling { round, .. })
		| Some(ItemState::Disputed { round })
		| Some(ItemState::Decided { round, .. }) => round,
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
			// Half the walks start with an appeal window (others may open one later).
			if seed % 2 == 0 {
				assert!(Labeling::update_params(
					RuntimeOrigin::root(),
					ParamsUpdate { dispute_period: Some(4), ..Default::default() }
				)
				.is_ok());
			}
			for _ in 0..300 {
				step(&mut rng, &mut model);
				check_conservation(&issuance);
			}
		});
	}
	// The walk reaches every way an item can end (the seeds are fixed, so this is stable).
	let [settled, voided, disputed, failed, deferred, decided, appealed] =
		OUTCOMES.with(|c| c.get());
	println!(
		"settled {settled}, voided {voided}, disputed {disputed}, failed {failed}, \
		 deferred {deferred}, decided {decided}, appealed {appealed}"
	);
	// Items reach the disputed state by no consensus (rare with these labels) or by appeal.
	assert!(settled >= 20 && voided >= 20 && failed >= 5);
	assert!(decided >= 10 && appealed >= 3 && disputed + appealed >= 4);
}
