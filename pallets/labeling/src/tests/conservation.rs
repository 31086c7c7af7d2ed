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

#[derive(Default)]
struct Model {
	/// (task, item, annotator) → (label, salt) committed.
	commitments: BTreeMap<(TaskId, ItemId, AccountId), (Label, [u8; 32])>,
	/// (task, item) → (answer, salt) of the vendor's answer commitment.
	answers: BTreeMap<(TaskId, ItemId), (Option<Label>, [u8; 32])>,
}

const ACTORS: [AccountId; 8] = [VENDOR, OTHER_VENDOR, A, B, C, D, E, OUTSIDER];

fn random_label(rng: &mut Rng, classes: u32) -> Label {
	Label::Class(rng.below(classes as u64 + 1) as u32) // sometimes out of the schema
}

fn random_items(rng: &mut Rng, model: &mut Model, vendor: AccountId, task: TaskId, first: ItemId) -> Vec<NewItem> {
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
		assert_eq!(<Assets as Inspect<AccountId>>::total_issuance(*asset), *total, "issuance of {asset}");
		let held: Balance = holders.iter().map(|h| <Assets as Inspect<AccountId>>::balance(*asset, h)).sum();
		assert_eq!(held, *total, "asset {asset} is all held by known accounts");
	}
}

fn step(rng: &mut Rng, model: &mut Model) {
	let tasks = NextTaskId::<Test>::get();
	let task = rng.below(tasks as u64 + 1) as TaskId;
	let item_count = Tasks::<Test>::get(task).map_or(1, |t| t.item_count.max(1));
	let item = rng.below(item_count as u64) as ItemId;
	let who = rng.pick(&ACTORS);
	let origin = RuntimeOrigin::signed(who);
	let classes = 2;
	let _ = match rng.below(22) {
		0 => {
			let vendor = rng.pick(&[VENDOR, OTHER_VENDOR]);
			let big = vendor == VENDOR && rng.chance(30);
			let spec = TaskSpec {
				schema: LabelSchema::Categorical { classes },
				redundancy: 1 + rng.below(5) as u32,
				commit_window: 1 + rng.below(8),
				reveal_window: 1 + rng.below(8),
				reward_asset: if big { BIG_ED } else { USD },
				reward_per_label: if big { 10 } else { 0 } + rng.below(200),
				gold_bonus: rng.below(100),
				min_stake: 100 + rng.below(200),
				..spec()
			};
			let items = random_items(rng, model, vendor, tasks, 0);
			Labeling::create_task(RuntimeOrigin::signed(vendor), spec, BoundedVec::truncate_from(items))
				.map(|_| ())
		},
		1 => {
			let vendor = Tasks::<Test>::get(task).map_or(VENDOR, |t| t.vendor);
			let first = Tasks::<Test>::get(task).map_or(0, |t| t.item_count);
			let items = random_items(rng, model, vendor, task, first);
			Labeling::add_items(RuntimeOrigin::signed(vendor), task, BoundedVec::truncate_from(items))
		},
		2 => Labeling::top_up(origin, task, rng.below(20), rng.below(20)),
		3 => Labeling::cancel_task(origin, task),
		4 | 5 => {
			let vendor = Tasks::<Test>::get(task).map_or(VENDOR, |t| t.vendor);
			Labeling::close_task(RuntimeOrigin::signed(vendor), task)
		},
		6 => Labeling::purge_task(origin, task, 1 + rng.below(4) as u32),
		7 => Labeling::bond(origin, 1 + rng.below(600)),
		8 => Labeling::unbond(origin, 1 + rng.below(300)),
		9 => Labeling::withdraw_unbonded(origin),
		10 | 11 => Labeling::take_slot(origin, task, item),
		12 | 13 => {
			let round = Items::<Test>::get(task, item).map_or(0, |_| round_or_zero(task, item));
			let label = random_label(rng, classes);
			let salt = [rng.below(255) as u8; 32];
			let c = commitment_of(task, item, round, &who, &label, &salt);
			let result = Labeling::commit(origin, task, item, c);
			if result.is_ok() {
				model.commitments.insert((task, item, who), (label, salt));
			}
			result
		},
		14 | 15 => match model.commitments.get(&(task, item, who)).cloned() {
			Some((label, salt)) => {
				let label = if rng.chance(10) { random_label(rng, classes) } else { label };
				Labeling::reveal(origin, task, item, label, salt).map(|_| ()).map_err(|e| e.error)
			},
			None => Ok(()),
		},
		16 => {
			let annotator = rng.pick(&ANNOTATORS);
			match model.commitments.get(&(task, item, annotator)).cloned() {
				Some((label, salt)) => Labeling::denounce(origin, task, item, annotator, label, salt),
				None => Ok(()),
			}
		},
		17 => match (model.answers.get(&(task, item)).cloned(), Tasks::<Test>::get(task)) {
			(Some((answer, salt)), Some(t)) =>
				Labeling::reveal_gold(RuntimeOrigin::signed(t.vendor), task, item, answer, salt)
					.map(|_| ())
					.map_err(|e| e.error),
			_ => Ok(()),
		},
		18 => Labeling::settle(origin, task, item),
		19 => {
			frame_support::storage::with_storage_layer(|| {
				Labeling::do_resolve_dispute(task, item, random_label(rng, classes - 1))
			})
		},
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
			_ => Assets::transfer(RuntimeOrigin::signed(OTHER_VENDOR), USD, rng.pick(&ANNOTATORS), 5),
		},
		_ => {
			let now = System::block_number();
			run_to_block(now + 1 + rng.below(8));
			Ok(())
		},
	};
	System::reset_events();
}

fn round_or_zero(task: TaskId, item: ItemId) -> RoundIndex {
	match Items::<Test>::get(task, item).map(|i| i.state) {
		Some(ItemState::Pending { round }) |
		Some(ItemState::Labeling { round, .. }) |
		Some(ItemState::Disputed { round }) => round,
		_ => 0,
	}
}

#[test]
fn random_call_sequences_never_create_or_lose_funds() {
	let mut settled_items = 0u32;
	for seed in 1..=48u64 {
		new_test_ext().execute_with(|| {
			let issuance: BTreeMap<u32, Balance> = [STAKE, USD, BIG_ED]
				.into_iter()
				.map(|a| (a, <Assets as Inspect<AccountId>>::total_issuance(a)))
				.collect();
			let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
			let mut model = Model::default();
			for _ in 0..250 {
				step(&mut rng, &mut model);
				check_conservation(&issuance);
			}
			settled_items += Results::<Test>::iter().count() as u32;
		});
	}
	// The walk reaches settlement often enough to mean something.
	assert!(settled_items >= 48, "only {settled_items} items settled");
}
