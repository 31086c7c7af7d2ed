//! Benchmarks of every call, each in its worst case:
//! - the largest redundancy (`MaxRedundancy`) and bounding-box labels of `MAX_BOXES` boxes,
//!   ordered so that greedy box matching scans the most, for settlement;
//! - every payout creating the payee's asset account;
//! - first-ever bonds (pool seed), full unbonding queues, closing that empties the escrow.

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

/// Parameters that allow the largest rounds.
fn worst_params<T: Config>() {
	let mut p = Parameters::<T>::get();
	p.max_redundancy = T::MaxRedundancy::get();
	p.min_redundancy = 1;
	p.max_open_slots = u32::MAX;
	p.min_commit_window = block::<T>(1);
	p.min_reveal_window = block::<T>(1);
	if p.max_commit_window < block::<T>(10) {
		p.max_commit_window = block::<T>(10);
	}
	if p.max_reveal_window < block::<T>(10) {
		p.max_reveal_window = block::<T>(10);
	}
	// Judge at once: settlement's worst case (`finalize_item` sets its own window).
	p.dispute_period = block::<T>(0);
	p.unbonding_period = p
		.max_commit_window
		.saturating_add(p.max_reveal_window)
		.saturating_add(p.dispute_period)
		.saturating_add(block::<T>(1));
	Parameters::<T>::put(p);
}

fn funded_vendor<T: Config>() -> T::AccountId {
	let vendor: T::AccountId = account("vendor", 0, SEED);
	T::Currency::set_balance(&vendor, big::<T>());
	T::BenchmarkHelper::mint(T::BenchmarkHelper::reward_asset(), &vendor, big::<T>());
	vendor
}

fn boxes_label(reversed: bool) -> Label {
	let mut boxes: Vec<BoundingBox> = (0..MAX_BOXES)
		.map(|i| BoundingBox { class: 0, x: i * 1_000, y: 0, width: 900, height: 900 })
		.collect();
	if reversed {
		boxes.reverse();
	}
	Label::Boxes(BoundedVec::truncate_from(boxes))
}

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
			hash: H256::repeat_byte(1),
		},
		schema: LabelSchema::BoundingBoxes {
			classes: 2,
			max_boxes: MAX_BOXES,
			min_iou: Perbill::from_percent(50),
		},
		redundancy: T::MaxRedundancy::get(),
		agreement: AgreementRule { numerator: 2, denominator: 3 },
		commit_window: block::<T>(10),
		reveal_window: block::<T>(10),
		reward_asset,
		reward_per_label: min.saturating_mul(100u32.into()).max(1_000u32.into()),
		gold_bonus: min.saturating_mul(50u32.into()).max(500u32.into()),
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
			hash,
		},
		answer_commitment: answer.map(|a| gold_commitment(vendor, &hash, &a, &[9u8; 32])),
	}
}

/// A task of `items` items, each with an answer commitment to `answer`.
fn task_with<T: Config>(
	vendor: &T::AccountId,
	items: u32,
	answer: Option<Option<Label>>,
) -> TaskId {
	let list = (0..items).map(|i| new_item::<T>(vendor, i, answer.clone())).collect();
	let id = NextTaskId::<T>::get();
	Labeling::<T>::do_create_task(vendor.clone(), worst_spec::<T>(), list).expect("task created");
	id
}

fn staked<T: Config>(name: &'static str, i: u32) -> T::AccountId {
	let who: T::AccountId = account(name, i, SEED);
	T::Currency::set_balance(&who, big::<T>());
	T::BenchmarkHelper::mint(T::StakeAsset::get(), &who, big::<T>());
	let stake = Parameters::<T>::get().min_stake.saturating_mul(100u32.into());
	Labeling::<T>::do_bond(&who, stake).expect("bonded");
	who
}

fn salt(i: u32) -> [u8; 32] {
	[i as u8; 32]
}

/// `n` annotators take slots of item 0 and commit to box labels (alternating order).
fn committed<T: Config>(task: TaskId, n: u32) -> Vec<(T::AccountId, Label)> {
	(0..n)
		.map(|i| {
			let who = staked::<T>("annotator", i);
			let label = boxes_label(i % 2 == 1);
			Labeling::<T>::do_take_slot(&who, task, 0).expect("slot");
			let c = commitment_of(task, 0, 0, &who, &label, &salt(i));
			Labeling::<T>::do_commit(&who, task, 0, c).expect("committed");
			(who, label)
		})
		.collect()
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
		let task = task_with::<T>(&vendor, 1, None);
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
		// Every item has a result to remove.
		for item in 0..n {
			Results::<T>::insert(
				task,
				item,
				ItemResult {
					label: boxes_label(false),
					agreement: Perbill::one(),
					annotators: T::MaxRedundancy::get(),
					agreeing: T::MaxRedundancy::get(),
					gold: false,
					by_dispute: false,
					round: 0,
					paid: 0u32.into(),
					settled_at: block::<T>(1),
				},
			);
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(vendor), task, n);
		assert!(!Tasks::<T>::contains_key(task));
	}

	#[benchmark]
	fn reveal_gold() {
		worst_params::<T>();
		let vendor = funded_vendor::<T>();
		let answer = boxes_label(false);
		let task = task_with::<T>(&vendor, 1, Some(Some(answer.clone())));
		committed::<T>(task, T::MaxRedundancy::get());
		#[extrinsic_call]
		_(RawOrigin::Signed(vendor), task, 0, Some(answer), [9u8; 32]);
		assert!(matches!(Items::<T>::get(task, 0).map(|i| i.gold), Some(Gold::Answer(_))));
	}

	#[benchmark]
	fn bond() {
		worst_params::<T>();
		let who: T::AccountId = account("annotator", 0, SEED);
		T::BenchmarkHelper::mint(T::StakeAsset::get(), &who, big::<T>());
		let amount = Parameters::<T>::get().min_stake;
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), amount);
		assert_eq!(Stakes::<T>::get(&who).map(|l| l.bonded), Some(amount));
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

	#[benchmark]
	fn take_slot() {
		worst_params::<T>();
		let vendor = funded_vendor::<T>();
		let task = task_with::<T>(&vendor, 1, Some(None));
		let who = staked::<T>("annotator", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), task, 0);
		assert_eq!(Slots::<T>::get(task, 0).len(), 1);
	}

	#[benchmark]
	fn commit() {
		worst_params::<T>();
		let vendor = funded_vendor::<T>();
		let task = task_with::<T>(&vendor, 1, Some(None));
		let n = T::MaxRedundancy::get();
		let mut others = Vec::new();
		for i in 0..n {
			let who = staked::<T>("annotator", i);
			Labeling::<T>::do_take_slot(&who, task, 0).expect("slot");
			others.push(who);
		}
		let who = others.pop().expect("one annotator");
		let c = commitment_of(task, 0, 0, &who, &boxes_label(false), &salt(n));
		#[extrinsic_call]
		_(RawOrigin::Signed(who), task, 0, c);
	}

	#[benchmark]
	fn reveal() {
		worst_params::<T>();
		let vendor = funded_vendor::<T>();
		let task = task_with::<T>(&vendor, 1, Some(None));
		let slots = committed::<T>(task, T::MaxRedundancy::get());
		let (who, label) = slots.last().cloned().expect("slots");
		let i = slots.len() as u32 - 1;
		#[extrinsic_call]
		_(RawOrigin::Signed(who), task, 0, label, salt(i));
		assert!(matches!(
			Items::<T>::get(task, 0).map(|i| i.state),
			Some(ItemState::Labeling { .. })
		));
	}

	#[benchmark]
	fn denounce() {
		worst_params::<T>();
		let vendor = funded_vendor::<T>();
		let task = task_with::<T>(&vendor, 1, Some(None));
		let slots = committed::<T>(task, T::MaxRedundancy::get() - 1);
		let (leaker, label) = slots.last().cloned().expect("slots");
		let i = slots.len() as u32 - 1;
		let denouncer: T::AccountId = account("denouncer", 0, SEED);
		#[extrinsic_call]
		_(RawOrigin::Signed(denouncer), task, 0, leaker, label, salt(i));
		assert_eq!(Slots::<T>::get(task, 0).len() as u32, T::MaxRedundancy::get() - 2);
	}

	#[benchmark]
	fn settle() {
		worst_params::<T>();
		let vendor = funded_vendor::<T>();
		// The answer is never revealed: consensus decides and every payout includes the bonus.
		let task = task_with::<T>(&vendor, 1, Some(Some(boxes_label(false))));
		let slots = committed::<T>(task, T::MaxRedundancy::get());
		for (i, (who, label)) in slots.iter().enumerate() {
			Labeling::<T>::do_reveal(who, task, 0, label.clone(), salt(i as u32))
				.expect("revealed");
		}
		advance::<T>(100);
		let caller: T::AccountId = whitelisted_caller();
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), task, 0);
		assert_eq!(Results::<T>::get(task, 0).map(|r| r.agreeing), Some(T::MaxRedundancy::get()));
	}

	#[benchmark]
	fn finalize_item() {
		worst_params::<T>();
		Parameters::<T>::mutate(|p| {
			p.dispute_period = block::<T>(10);
			p.unbonding_period = p.unbonding_period.saturating_add(block::<T>(10));
		});
		let vendor = funded_vendor::<T>();
		let task = task_with::<T>(&vendor, 1, Some(Some(boxes_label(false))));
		let slots = committed::<T>(task, T::MaxRedundancy::get());
		for (i, (who, label)) in slots.iter().enumerate() {
			Labeling::<T>::do_reveal(who, task, 0, label.clone(), salt(i as u32))
				.expect("revealed");
		}
		// The answer is never revealed: consensus decides when the reveal phase ends.
		advance::<T>(100);
		Labeling::<T>::do_settle(task, 0).expect("decided");
		assert!(matches!(
			Items::<T>::get(task, 0).map(|i| i.state),
			Some(ItemState::Decided { .. })
		));
		advance::<T>(100);
		let caller: T::AccountId = whitelisted_caller();
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), task, 0);
		assert_eq!(Results::<T>::get(task, 0).map(|r| r.agreeing), Some(T::MaxRedundancy::get()));
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
			slot_collateral: Some(p.slot_collateral),
			unbonding_period: Some(p.unbonding_period),
			dispute_period: Some(p.dispute_period),
			min_redundancy: Some(p.min_redundancy),
			max_redundancy: Some(p.max_redundancy),
			min_commit_window: Some(p.min_commit_window),
			max_commit_window: Some(p.max_commit_window),
			min_reveal_window: Some(p.min_reveal_window),
			max_reveal_window: Some(p.max_reveal_window),
			max_rounds: Some(p.max_rounds),
			max_open_slots: Some(p.max_open_slots),
			disagree_slash: Some(p.disagree_slash),
			gold_fail_slash: Some(p.gold_fail_slash),
			no_reveal_slash: Some(p.no_reveal_slash),
			leak_slash: Some(p.leak_slash),
			denounce_reward: Some(p.denounce_reward),
			failure_window: Some(p.failure_window),
			max_failure_rate: Some(p.max_failure_rate),
			suspension_slash: Some(p.suspension_slash),
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

	impl_benchmark_test_suite!(Labeling, crate::mock::new_test_ext(), crate::mock::Test);
}
