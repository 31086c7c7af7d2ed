//! Benchmarks of every call and of both `on_initialize` steps, each in its worst case:
//! - the largest pool (`MaxReviewers`) and the largest panel (`MaxPanelSize`, the last round);
//! - a draw that reads every member's stake and record, evicts all but `MaxPanelSize` of them
//!   (their agreement records fall short) and seats and locks the rest by stake;
//! - a join to a full pool that displaces the member with the least stake;
//! - a tally of a full panel that overturns a contested gold answer: every seat released, the
//!   review fee paid to new accounts, and the item judged with the most seats and bounding-box
//!   labels of `MAX_BOXES` boxes, every annotator paid and given a share of the vendor's bond.

use super::*;
use crate::Pallet as Disputes;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Mutate as NativeMutate, EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use pallet_labeling::{
	annotation::commitment_of, task::gold_commitment, BenchmarkHelper, BoundingBox, ContentRef,
	Label, LabelSchema, NewItem, TaskSpec, MAX_BOXES, MAX_URI_LEN,
};
use sp_core::H256;
use sp_runtime::{
	traits::{Bounded, Saturating},
	Perbill,
};

type Labeling<T> = pallet_labeling::Pallet<T>;
const SEED: u32 = 0;

fn big<T: Config>() -> BalanceOf<T> {
	BalanceOf::<T>::max_value() / 1_000_000u32.into()
}

fn block<T: Config>(n: u32) -> BlockNumberFor<T> {
	n.into()
}

fn advance_to<T: Config>(n: BlockNumberFor<T>) {
	frame_system::Pallet::<T>::set_block_number(n);
}

/// Labeling parameters with room for the largest items; dispute parameters whose last round
/// has the largest panel.
fn worst_params<T: Config>() {
	pallet_labeling::Parameters::<T>::mutate(|p| {
		p.max_seats = <T as pallet_labeling::Config>::MaxSeats::get();
		p.min_redundancy = 1;
		p.max_open_seats = <T as pallet_labeling::Config>::MaxOpenSeats::get();
		p.min_commit_window = block::<T>(1);
		p.min_reveal_window = block::<T>(1);
		p.max_commit_window = p.max_commit_window.max(block::<T>(10));
		p.max_reveal_window = p.max_reveal_window.max(block::<T>(10));
		p.appeal_period = block::<T>(10);
		p.unbonding_period = p.max_commit_window.saturating_add(p.max_reveal_window);
	});
	Parameters::<T>::mutate(|p| {
		p.min_reviewer_agreements = 0;
		p.min_reviewer_weight = 0;
		// The most rounds whose panel fits, starting from the smallest panel.
		p.first_panel = T::MinPanelSize::get().max(1);
		p.max_rounds = (1..=32u32)
			.take_while(|r| p.panel_size(r - 1) <= T::MaxPanelSize::get())
			.last()
			.unwrap_or(1);
	});
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

fn staked<T: Config>(name: &'static str, i: u32) -> T::AccountId {
	let who: T::AccountId = account(name, i, SEED);
	<T as pallet_labeling::Config>::Currency::set_balance(&who, big::<T>());
	T::BenchmarkHelper::mint(<T as pallet_labeling::Config>::StakeAsset::get(), &who, big::<T>());
	let stake = pallet_labeling::Parameters::<T>::get().min_stake.saturating_mul(100u32.into());
	let stake = stake.max(Parameters::<T>::get().reviewer_stake.saturating_mul(10u32.into()));
	Labeling::<T>::do_bond(&who, stake).expect("bonded");
	who
}

/// A one-item bounding-box task whose `MaxSeats` annotators all gave the same boxes; with
/// `gold`, the vendor then reveals an answer that contradicts them (a contested gold case
/// opens); without, the item settles. Returns the task and its vendor.
fn labeled_item<T: Config>(gold: bool) -> (pallet_labeling::TaskId, T::AccountId) {
	let vendor: T::AccountId = account("vendor", 0, SEED);
	<T as pallet_labeling::Config>::Currency::set_balance(&vendor, big::<T>());
	let reward_asset = T::BenchmarkHelper::reward_asset();
	T::BenchmarkHelper::mint(reward_asset, &vendor, big::<T>());
	let min =
		<<T as pallet_labeling::Config>::Assets as frame_support::traits::fungibles::Inspect<
			T::AccountId,
		>>::minimum_balance(reward_asset);
	let seats = <T as pallet_labeling::Config>::MaxSeats::get();
	let lp = pallet_labeling::Parameters::<T>::get();
	let spec = TaskSpec {
		instructions: ContentRef {
			uri: BoundedVec::truncate_from(alloc::vec![b'u'; MAX_URI_LEN as usize]),
			digest: H256::repeat_byte(1),
		},
		schema: LabelSchema::BoundingBoxes {
			classes: 2,
			max_boxes: MAX_BOXES,
			min_iou: Perbill::from_percent(50),
		},
		redundancy: seats,
		max_seats: seats,
		confidence: Perbill::from_percent(99),
		commit_window: block::<T>(10),
		reveal_window: block::<T>(10),
		reward_asset,
		reward_per_label: min.saturating_mul(100u32.into()).max(1_000u32.into()),
		gold_bonus: min.saturating_mul(50u32.into()).max(500u32.into()),
		collateral: lp.min_collateral,
		with_gold: gold,
		min_stake: lp.min_stake,
		min_reputation: 0,
	};
	let hash = H256::repeat_byte(2);
	let wrong = Label::Boxes(BoundedVec::truncate_from(alloc::vec![BoundingBox {
		class: 1,
		x: 0,
		y: 0,
		width: 1,
		height: 1
	}]));
	let answer = Some(wrong);
	let item = NewItem {
		content: ContentRef {
			uri: BoundedVec::truncate_from(alloc::vec![b'i'; MAX_URI_LEN as usize]),
			digest: hash,
		},
		answer_commitment: gold.then(|| gold_commitment(&vendor, &hash, &answer, &[9u8; 32])),
	};
	let task = pallet_labeling::NextTaskId::<T>::get();
	Labeling::<T>::do_create_task(vendor.clone(), spec, alloc::vec![item]).expect("task");
	let annotators: Vec<T::AccountId> = (0..seats).map(|i| staked::<T>("annotator", i)).collect();
	for who in annotators.iter() {
		Labeling::<T>::do_request_seats(who, task, 1).expect("requested");
	}
	let now = frame_system::Pallet::<T>::block_number().saturating_add(block::<T>(1));
	advance_to::<T>(now);
	Labeling::<T>::seat_due(now);
	// All agree (alternating box order: the same boxes).
	let labels: Vec<Label> = (0..seats).map(|i| boxes_label(i % 2 == 1)).collect();
	for (i, who) in annotators.iter().enumerate() {
		let c = commitment_of(task, 0, 0, who, &labels[i], &[i as u8; 32]);
		Labeling::<T>::do_commit(who, task, 0, c).expect("committed");
	}
	for (i, who) in annotators.iter().enumerate() {
		Labeling::<T>::do_reveal(who, task, 0, labels[i].clone(), [i as u8; 32]).expect("revealed");
	}
	if gold {
		Labeling::<T>::do_reveal_gold(&vendor, task, 0, answer, [9u8; 32]).expect("answered");
	}
	(task, vendor)
}

/// `members` staked reviewers in the pool, after `unstaked` pool members without stake.
fn pool<T: Config>(members: u32, unstaked: u32) -> Vec<T::AccountId> {
	let mut all: Vec<T::AccountId> = (0..unstaked).map(|i| account("absent", i, SEED)).collect();
	let staked: Vec<T::AccountId> = (0..members).map(|i| staked::<T>("reviewer", i)).collect();
	all.extend(staked.iter().cloned());
	Reviewers::<T>::put(BoundedVec::truncate_from(all));
	staked
}

/// `n` staked pool members (a full ledger and track record each, read by every check);
/// `qualified` says whether their agreement records meet `min_reviewer_agreements`.
fn staked_pool<T: Config>(name: &'static str, n: u32, qualified: bool) -> Vec<T::AccountId> {
	let members: Vec<T::AccountId> = (0..n).map(|i| staked::<T>(name, i)).collect();
	let agreements = if qualified { Parameters::<T>::get().min_reviewer_agreements } else { 0 };
	for who in members.iter() {
		pallet_labeling::Pallet::<T>::insert_record(
			who,
			pallet_labeling::Reputation { agreements, ..Default::default() },
		);
	}
	Reviewers::<T>::mutate(|pool| {
		for who in members.iter() {
			let _ = pool.try_push(who.clone());
		}
	});
	members
}

/// A contested gold case in its last round, about to be drawn.
fn last_round_case<T: Config>() -> CaseId {
	let (task, _) = labeled_item::<T>(true);
	let case = CaseOfItem::<T>::get(task, 0).expect("contested");
	let last = Parameters::<T>::get().max_rounds - 1;
	Cases::<T>::mutate(case, |c| {
		if let Some(c) = c {
			c.round = last;
		}
	});
	case
}

/// A last-round case whose full panel was drawn; returns the case and its seats.
fn voting_case<T: Config>() -> (CaseId, Vec<T::AccountId>) {
	worst_params::<T>();
	let seats = Parameters::<T>::get().panel_size(Parameters::<T>::get().max_rounds - 1);
	pool::<T>(seats, 0);
	let case = last_round_case::<T>();
	let Some(Case { phase: Phase::Drawing { at }, .. }) = Cases::<T>::get(case) else {
		panic!("drawing")
	};
	advance_to::<T>(at);
	Disputes::<T>::do_advance(case).expect("drawn");
	let panel: Vec<T::AccountId> =
		Panels::<T>::get(case).iter().map(|s| s.reviewer.clone()).collect();
	assert_eq!(panel.len() as u32, seats);
	(case, panel)
}

fn vote_salt(i: usize) -> [u8; 32] {
	[i as u8; 32]
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A full pool of standing members: the joiner, with more stake, displaces the weakest.
	#[benchmark]
	fn join_reviewers() {
		worst_params::<T>();
		let max = T::MaxReviewers::get();
		staked_pool::<T>("member", max, true);
		let who = staked::<T>("joiner", 0);
		Labeling::<T>::do_bond(&who, Parameters::<T>::get().reviewer_stake).expect("bonded");
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert!(Reviewers::<T>::get().contains(&who));
		assert_eq!(Reviewers::<T>::get().len() as u32, max);
	}

	/// The last member of a full pool no longer stands (its record falls short).
	#[benchmark]
	fn evict_reviewer() {
		worst_params::<T>();
		Parameters::<T>::mutate(|p| p.min_reviewer_agreements = 1);
		let max = T::MaxReviewers::get();
		staked_pool::<T>("member", max - 1, true);
		let out = staked_pool::<T>("lapsed", 1, false).pop().expect("member");
		let caller: T::AccountId = whitelisted_caller();
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), out.clone());
		assert!(!Reviewers::<T>::get().contains(&out));
	}

	#[benchmark]
	fn leave_reviewers() {
		worst_params::<T>();
		let max = T::MaxReviewers::get();
		let last = pool::<T>(1, max - 1).pop().expect("member");
		#[extrinsic_call]
		_(RawOrigin::Signed(last));
		assert_eq!(Reviewers::<T>::get().len() as u32, max - 1);
	}

	#[benchmark]
	fn appeal() {
		worst_params::<T>();
		let (task, vendor) = labeled_item::<T>(false);
		#[extrinsic_call]
		_(RawOrigin::Signed(vendor), task, 0);
		assert!(CaseOfItem::<T>::contains_key(task, 0));
	}

	#[benchmark]
	fn commit_vote() {
		let (case, panel) = voting_case::<T>();
		let who = panel.last().cloned().expect("seat");
		let c = vote_commitment(case, 0, &who, &boxes_label(false), &vote_salt(0));
		#[extrinsic_call]
		_(RawOrigin::Signed(who), case, c);
		assert!(Panels::<T>::get(case).iter().last().is_some_and(|s| s.commitment.is_some()));
	}

	#[benchmark]
	fn reveal_vote() {
		let (case, panel) = voting_case::<T>();
		let round = Cases::<T>::get(case).map(|c| c.round).unwrap_or_default();
		for (i, who) in panel.iter().enumerate() {
			let c = vote_commitment(case, round, who, &boxes_label(false), &vote_salt(i));
			Disputes::<T>::do_commit_vote(who, case, c).expect("committed");
		}
		// The last seat reveals while another has not: no tally.
		let i = panel.len() - 1;
		#[extrinsic_call]
		_(RawOrigin::Signed(panel[i].clone()), case, boxes_label(false), vote_salt(i));
		assert!(Cases::<T>::contains_key(case));
	}

	#[benchmark]
	fn advance_draw() {
		worst_params::<T>();
		Parameters::<T>::mutate(|p| p.min_reviewer_agreements = 1);
		let seats = Parameters::<T>::get().panel_size(Parameters::<T>::get().max_rounds - 1);
		let max = T::MaxReviewers::get();
		// Every member's ledger and record read; all but a full panel evicted.
		staked_pool::<T>("lapsed", max - seats, false);
		staked_pool::<T>("reviewer", seats, true);
		let case = last_round_case::<T>();
		let Some(Case { phase: Phase::Drawing { at }, .. }) = Cases::<T>::get(case) else {
			panic!("drawing")
		};
		advance_to::<T>(at);
		let caller: T::AccountId = whitelisted_caller();
		#[extrinsic_call]
		advance(RawOrigin::Signed(caller), case);
		assert_eq!(Panels::<T>::get(case).len() as u32, seats);
		assert_eq!(Reviewers::<T>::get().len() as u32, seats);
	}

	#[benchmark]
	fn advance_tally() {
		let (case, panel) = voting_case::<T>();
		let round = Cases::<T>::get(case).map(|c| c.round).unwrap_or_default();
		for (i, who) in panel.iter().enumerate() {
			let c = vote_commitment(case, round, who, &boxes_label(false), &vote_salt(i));
			Disputes::<T>::do_commit_vote(who, case, c).expect("committed");
		}
		// Every seat but one reveals the annotators' label (overturning the vendor's answer);
		// the last is slashed at the tally.
		for (i, who) in panel.iter().enumerate().take(panel.len() - 1) {
			Disputes::<T>::do_reveal_vote(who, case, boxes_label(false), vote_salt(i))
				.expect("revealed");
		}
		let Some(Case { phase: Phase::Voting { reveal_end, .. }, .. }) = Cases::<T>::get(case)
		else {
			panic!("voting")
		};
		advance_to::<T>(reveal_end.saturating_add(block::<T>(1)));
		let caller: T::AccountId = whitelisted_caller();
		#[extrinsic_call]
		advance(RawOrigin::Signed(caller), case);
		assert!(!Cases::<T>::contains_key(case));
	}

	#[benchmark]
	fn update_params() -> Result<(), BenchmarkError> {
		let origin = <T as Config>::GovernanceOrigin::try_successful_origin()
			.map_err(|_| BenchmarkError::Weightless)?;
		let p = Parameters::<T>::get();
		let update = DisputeParamsUpdate {
			reviewer_stake: Some(p.reviewer_stake),
			min_reviewer_weight: Some(p.min_reviewer_weight),
			min_reviewer_agreements: Some(p.min_reviewer_agreements),
			first_panel: Some(p.first_panel),
			max_rounds: Some(p.max_rounds),
			panel_delay: Some(p.panel_delay),
			commit_window: Some(p.commit_window),
			reveal_window: Some(p.reveal_window),
			quorum: Some(p.quorum),
			no_reveal_slash: Some(p.no_reveal_slash),
		};
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, update);
		Ok(())
	}

	impl_benchmark_test_suite!(Disputes, crate::mock::new_test_ext(), crate::mock::Test);
}
