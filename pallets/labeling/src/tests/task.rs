//! Tasks: creation, validation, items, top-ups, cancellation, closing, purging, answer
//! commitments.

use super::*;
use crate::Error;
use frame_support::{assert_noop, assert_ok};
use sp_runtime::Perbill;

/// Worst case of one item of [`spec`]: 3 seats × 200 (the pay cap) and a review fee of 50 % of
/// 3 × 100.
const PLAIN: Balance = 600 + 150;
/// With an answer commitment: 3 × (200 + 50), a fee of 50 % of 3 × 150, a bond of 3 × 150.
const WITH_ANSWER: Balance = 750 + 225 + 450;

#[test]
fn create_task_escrows_the_worst_case_budget_seed_and_deposit() {
	run_test(|| {
		let task = create(vec![item(1), item(2)]);
		assert_eq!(escrow(task), 2 * PLAIN + 1);
		assert_eq!(usd(VENDOR), USD_START - 2 * PLAIN - 1);
		// Task deposit 10 + 2 items × 1.
		assert_eq!(held(VENDOR), 12);
		let t = Tasks::<Test>::get(task).unwrap();
		assert_eq!((t.item_count, t.unsettled, t.unsettled_with_answer, t.pending), (2, 2, 0, 2));
		assert_eq!(Labeling::task_owed(&t), 2 * PLAIN);
		// The fresh items are offered for seats; no label has been revealed yet and the running
		// mean score starts at its prior.
		assert_eq!(OpenItems::<Test>::get(task).to_vec(), vec![0, 1]);
		assert_eq!((t.next_fresh, t.mean_score), (2, crate::payout::INITIAL_MEAN_SCORE));
		assert!(ChanceSamples::<Test>::get(task).is_empty());
		assert!(labeling_events().contains(&Event::TaskCreated {
			task,
			vendor: VENDOR,
			reward_asset: USD,
			escrowed: 1
		}));
		assert!(labeling_events().contains(&Event::ItemsAdded {
			task,
			first: 0,
			count: 2,
			escrowed: 2 * PLAIN
		}));
		let gold = create_with(gold_spec(), vec![gold_item(3, None)]);
		assert_eq!(escrow(gold), WITH_ANSWER + 1);
		// Escalation seats are budgeted: five seats cost two more capped rewards each.
		let wide = create_with(TaskSpec { max_seats: 5, ..spec() }, vec![item(4)]);
		assert_eq!(escrow(wide), PLAIN + 400 + 1);
	});
}

#[test]
fn create_task_rejects_bad_specs_and_changes_nothing() {
	run_test(|| {
		let cases: Vec<(TaskSpecOf<Test>, Error<Test>)> = vec![
			(
				TaskSpec { schema: LabelSchema::Categorical { classes: 1 }, ..spec() },
				Error::InvalidSchema,
			),
			(
				TaskSpec { confidence: Perbill::from_percent(49), ..spec() },
				Error::InvalidConfidence,
			),
			(TaskSpec { confidence: Perbill::one(), ..spec() }, Error::InvalidConfidence),
			(TaskSpec { redundancy: 0, ..spec() }, Error::RedundancyOutOfBounds),
			(TaskSpec { redundancy: 8, max_seats: 8, ..spec() }, Error::RedundancyOutOfBounds),
			(TaskSpec { max_seats: 2, ..spec() }, Error::MaxSeatsOutOfBounds),
			(TaskSpec { max_seats: 8, ..spec() }, Error::MaxSeatsOutOfBounds),
			(TaskSpec { commit_window: 0, ..spec() }, Error::CommitWindowOutOfBounds),
			(TaskSpec { commit_window: 21, ..spec() }, Error::CommitWindowOutOfBounds),
			(TaskSpec { reveal_window: 0, ..spec() }, Error::RevealWindowOutOfBounds),
			(TaskSpec { reveal_window: 21, ..spec() }, Error::RevealWindowOutOfBounds),
			(TaskSpec { reward_asset: 99, ..spec() }, Error::UnknownAsset),
			(TaskSpec { reward_per_label: 0, ..spec() }, Error::RewardTooLow),
			(
				TaskSpec { reward_asset: BIG_ED, reward_per_label: BIG_ED_MIN - 1, ..spec() },
				Error::RewardTooLow,
			),
			(TaskSpec { collateral: 9, ..spec() }, Error::CollateralTooLow),
			// Rewards in the stake asset: the collateral must be worth twice reward and bonus
			// (attack: a spammer profiting at a high reward from penalties on a fixed collateral).
			(
				TaskSpec { reward_asset: STAKE, collateral: 299, ..gold_spec() },
				Error::CollateralTooLow,
			),
			(TaskSpec { min_stake: 99, ..spec() }, Error::MinStakeTooLow),
			(TaskSpec { reward_per_label: u64::MAX / 2, ..spec() }, Error::Overflow),
		];
		for (bad, error) in cases {
			assert_noop!(
				Labeling::create_task(
					RuntimeOrigin::signed(VENDOR),
					bad,
					BoundedVec::truncate_from(vec![item(1)])
				),
				error
			);
		}
		// A vendor without the reward asset cannot fund the escrow.
		assert!(Labeling::create_task(
			RuntimeOrigin::signed(OUTSIDER),
			spec(),
			BoundedVec::truncate_from(vec![item(1)])
		)
		.is_err());
		// More items than a batch, through the logic function.
		assert_noop!(
			Labeling::do_create_task(VENDOR, spec(), (0..17).map(item).collect()),
			Error::<Test>::BadItemBatch
		);
		assert_eq!(NextTaskId::<Test>::get(), 0);
		assert_eq!(usd(VENDOR), USD_START);
		assert_eq!(held(VENDOR), 0);
	});
}

#[test]
fn answer_commitments_are_on_every_item_or_on_none() {
	// Attack: with optional decoys, the items that carry an answer commitment are the gold
	// ones, and an annotator answers carefully only on them.
	run_test(|| {
		let mixed = |spec, items| {
			Labeling::create_task(
				RuntimeOrigin::signed(VENDOR),
				spec,
				BoundedVec::truncate_from(items),
			)
		};
		assert_noop!(
			mixed(gold_spec(), vec![gold_item(1, Some(CAT)), item(2)]),
			Error::<Test>::AnswerCommitmentMismatch
		);
		assert_noop!(
			mixed(spec(), vec![gold_item(1, Some(CAT))]),
			Error::<Test>::AnswerCommitmentMismatch
		);
		let task = create_with(gold_spec(), vec![gold_item(1, Some(CAT))]);
		assert_noop!(
			Labeling::add_items(
				RuntimeOrigin::signed(VENDOR),
				task,
				BoundedVec::truncate_from(vec![item(2)])
			),
			Error::<Test>::AnswerCommitmentMismatch
		);
	});
}

#[test]
fn add_items_appends_and_escrows() {
	run_test(|| {
		let task = create(vec![item(1)]);
		assert_ok!(Labeling::add_items(
			RuntimeOrigin::signed(VENDOR),
			task,
			BoundedVec::truncate_from(vec![item(2), item(3)])
		));
		assert!(Items::<Test>::contains_key(task, 1) && Items::<Test>::contains_key(task, 2));
		assert_eq!(escrow(task), 1 + 3 * PLAIN);
		assert_eq!(held(VENDOR), 10 + 3);
		assert_eq!(OpenItems::<Test>::get(task).to_vec(), vec![0, 1, 2]);
		let batch = || BoundedVec::truncate_from(vec![item(4)]);
		assert_noop!(
			Labeling::add_items(RuntimeOrigin::signed(OTHER_VENDOR), task, batch()),
			Error::<Test>::NotVendor
		);
		assert_noop!(
			Labeling::add_items(RuntimeOrigin::signed(VENDOR), 9, batch()),
			Error::<Test>::UnknownTask
		);
		assert_noop!(
			Labeling::add_items(RuntimeOrigin::signed(VENDOR), task, BoundedVec::new()),
			Error::<Test>::BadItemBatch
		);
		assert_ok!(Labeling::cancel_task(RuntimeOrigin::signed(VENDOR), task));
		assert_noop!(
			Labeling::add_items(RuntimeOrigin::signed(VENDOR), task, batch()),
			Error::<Test>::TaskNotOpen
		);
	});
}

#[test]
fn top_up_raises_rewards_of_unsettled_items() {
	run_test(|| {
		bond_all();
		let settled = create_with(gold_spec(), vec![gold_item(1, Some(CAT))]);
		let task = create_with(gold_spec(), vec![gold_item(2, Some(CAT))]);
		vote(settled, &[(A, CAT), (B, CAT), (C, DOG)]);
		let before = usd(VENDOR);
		assert_ok!(Labeling::top_up(RuntimeOrigin::signed(VENDOR), task, 10, 5));
		// Per item: 3 seats × (2 × 10 + 5), fee 50 % of 3 × 15, bond 3 × 15.
		assert_eq!(before - usd(VENDOR), 75 + 22 + 45);
		let t = Tasks::<Test>::get(task).unwrap();
		assert_eq!((t.spec.reward_per_label, t.spec.gold_bonus), (110, 55));
		assert_noop!(
			Labeling::top_up(RuntimeOrigin::signed(VENDOR), task, 0, 0),
			Error::<Test>::NothingToTopUp
		);
		assert_noop!(
			Labeling::top_up(RuntimeOrigin::signed(OTHER_VENDOR), task, 1, 0),
			Error::<Test>::NotVendor
		);
		assert_noop!(
			Labeling::top_up(RuntimeOrigin::signed(VENDOR), task, u64::MAX, 0),
			Error::<Test>::Overflow
		);
		// The raised reward is what the gold item pays.
		vote(task, &[(A, CAT), (B, CAT), (C, CAT)]);
		let a_before = usd(A);
		assert_ok!(Labeling::reveal_gold(
			RuntimeOrigin::signed(VENDOR),
			task,
			0,
			Some(CAT),
			GOLD_SALT
		));
		assert_eq!(usd(A) - a_before, 110 + 55);
	});
}

#[test]
fn cancel_refunds_pending_items_and_lets_started_ones_finish() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1), item(2), item(3)]);
		let got = seat(A, task, 1);
		let started = got[0];
		commit(A, task, started, &CAT);
		let before = usd(VENDOR);
		assert_ok!(Labeling::cancel_task(RuntimeOrigin::signed(VENDOR), task));
		// Two items were never started: their budget back now.
		assert_eq!(usd(VENDOR) - before, 2 * PLAIN);
		assert!(labeling_events().contains(&Event::TaskCancelled { task, refunded: 2 * PLAIN }));
		assert!(OpenItems::<Test>::get(task).is_empty());
		// No new seats.
		assert_noop!(
			Labeling::request_seats(RuntimeOrigin::signed(B), task, 1),
			Error::<Test>::TaskNotOpen
		);
		assert_noop!(
			Labeling::cancel_task(RuntimeOrigin::signed(VENDOR), task),
			Error::<Test>::TaskNotOpen
		);
		assert_noop!(
			Labeling::close_task(RuntimeOrigin::signed(VENDOR), task),
			Error::<Test>::ItemsInProgress
		);
		// After the commit phase A, the only seat, reveals: the stage is complete. One reveal is
		// below the quorum of 2, so the round is void and, the task being cancelled, the item
		// fails and its budget becomes refundable.
		run_to_block(13);
		assert_ok!(reveal(A, task, started, &CAT));
		assert_eq!(Items::<Test>::get(task, started).unwrap().state, ItemState::Failed);
		assert!(labeling_events().contains(&Event::RoundVoided {
			task,
			item: started,
			round: 0,
			next_round: None
		}));
		let before = usd(VENDOR);
		assert_ok!(Labeling::close_task(RuntimeOrigin::signed(VENDOR), task));
		// The failed item's budget and the seed.
		assert_eq!(usd(VENDOR) - before, PLAIN + 1);
		assert_eq!(escrow(task), 0);
	});
}

#[test]
fn cancelled_task_pays_work_in_progress() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		seat_all(task, &[A, B, C]);
		for (who, l) in [(A, CAT), (B, CAT), (C, DOG)] {
			commit(who, task, 0, &l);
		}
		assert_ok!(Labeling::cancel_task(RuntimeOrigin::signed(VENDOR), task));
		for (who, l) in [(A, CAT), (B, CAT), (C, DOG)] {
			assert_ok!(reveal(who, task, 0, &l));
		}
		// A 2–1 split on a task's first item pays each agreeing label 11 (worked out in
		// `labels_are_paid_by_chance_corrected_agreement`).
		assert_eq!(usd(A), 11);
		let before = usd(VENDOR);
		assert_ok!(Labeling::close_task(RuntimeOrigin::signed(VENDOR), task));
		assert_eq!(usd(VENDOR) - before, PLAIN - 22 + 1);
	});
}

#[test]
fn close_refunds_everything_and_releases_the_escrow_account() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		seat(A, task, 1);
		assert_noop!(
			Labeling::close_task(RuntimeOrigin::signed(VENDOR), task),
			Error::<Test>::ItemsInProgress
		);
		seat_all(task, &[B, C]);
		for (who, l) in [(A, CAT), (B, CAT), (C, DOG)] {
			commit(who, task, 0, &l);
		}
		for (who, l) in [(A, CAT), (B, CAT), (C, DOG)] {
			assert_ok!(reveal(who, task, 0, &l));
		}
		assert_noop!(
			Labeling::close_task(RuntimeOrigin::signed(OTHER_VENDOR), task),
			Error::<Test>::NotVendor
		);
		assert_noop!(
			Labeling::close_task(RuntimeOrigin::signed(VENDOR), 7),
			Error::<Test>::UnknownTask
		);
		assert_ok!(Labeling::close_task(RuntimeOrigin::signed(VENDOR), task));
		// Paid 2 × 11 (a 2–1 split on the first item): the vendor is whole but for the
		// payouts.
		assert_eq!(usd(VENDOR), USD_START - 22);
		let account = Labeling::escrow_account(task);
		assert_eq!(escrow(task), 0);
		assert_eq!(System::providers(&account), 0);
		assert_noop!(
			Labeling::close_task(RuntimeOrigin::signed(VENDOR), task),
			Error::<Test>::TaskClosed
		);
		assert_noop!(
			Labeling::request_seats(RuntimeOrigin::signed(D), task, 1),
			Error::<Test>::TaskNotOpen
		);
		// The result stays for export.
		assert_eq!(Labeling::result_of(task, 0).unwrap().label, CAT);
	});
}

#[test]
fn purge_releases_deposits_in_batches_after_close() {
	run_test(|| {
		let task = create((0..5).map(item).collect());
		assert_eq!(held(VENDOR), 15);
		assert_noop!(
			Labeling::purge_task(RuntimeOrigin::signed(VENDOR), task, 2),
			Error::<Test>::TaskNotClosed
		);
		assert_ok!(Labeling::close_task(RuntimeOrigin::signed(VENDOR), task));
		assert_noop!(
			Labeling::purge_task(RuntimeOrigin::signed(VENDOR), task, 0),
			Error::<Test>::BadPurgeLimit
		);
		assert_noop!(
			Labeling::purge_task(RuntimeOrigin::signed(VENDOR), task, 17),
			Error::<Test>::BadPurgeLimit
		);
		assert_noop!(
			Labeling::purge_task(RuntimeOrigin::signed(OTHER_VENDOR), task, 2),
			Error::<Test>::NotVendor
		);
		assert_ok!(Labeling::purge_task(RuntimeOrigin::signed(VENDOR), task, 3));
		assert_eq!(held(VENDOR), 12);
		assert!(!Items::<Test>::contains_key(task, 2) && Items::<Test>::contains_key(task, 3));
		assert_ok!(Labeling::purge_task(RuntimeOrigin::signed(VENDOR), task, 3));
		assert_eq!(held(VENDOR), 0);
		assert!(!Tasks::<Test>::contains_key(task));
		assert_eq!(Balances::free_balance(VENDOR), NATIVE_START);
		assert!(labeling_events().contains(&Event::TaskPurged {
			task,
			items: 2,
			deposit_released: 12,
			task_removed: true
		}));
	});
}

#[test]
fn reveal_gold_errors() {
	run_test(|| {
		bond_all();
		let plain = create(vec![item(1)]);
		let task = create_with(gold_spec(), vec![gold_item(2, Some(CAT))]);
		let answer = |who, t, i, label: Option<Label>, salt| {
			Labeling::reveal_gold(RuntimeOrigin::signed(who), t, i, label, salt)
		};
		assert_noop!(
			answer(VENDOR, plain, 0, Some(CAT), GOLD_SALT),
			Error::<Test>::NoAnswerCommitment
		);
		assert_noop!(answer(VENDOR, task, 0, Some(CAT), GOLD_SALT), Error::<Test>::AnswerNotDue);
		assert_noop!(answer(VENDOR, task, 5, Some(CAT), GOLD_SALT), Error::<Test>::UnknownItem);
		assert_noop!(answer(OTHER_VENDOR, task, 0, Some(CAT), GOLD_SALT), Error::<Test>::NotVendor);
		vote(task, &[(A, CAT), (B, CAT), (C, CAT)]);
		assert_noop!(answer(VENDOR, task, 0, Some(CAT), [0u8; 32]), Error::<Test>::AnswerMismatch);
		// Past the vendor's window the answer is refused: the item settles without it.
		run_to_block(System::block_number() + 11);
		assert_noop!(answer(VENDOR, task, 0, Some(CAT), GOLD_SALT), Error::<Test>::AnswerNotDue);
	});
}

#[test]
fn a_gold_answer_outside_the_schema_is_rejected() {
	run_test(|| {
		bond_all();
		let bad = Label::Class(9);
		let task = create_with(gold_spec(), vec![gold_item(1, Some(bad.clone()))]);
		vote(task, &[(A, CAT), (B, CAT), (C, CAT)]);
		assert_noop!(
			Labeling::reveal_gold(RuntimeOrigin::signed(VENDOR), task, 0, Some(bad), GOLD_SALT),
			Error::<Test>::InvalidLabel
		);
	});
}

#[test]
fn a_task_cannot_pay_in_an_asset_a_single_account_controls() {
	run_test(|| {
		// Attack: OUTSIDER creates an asset, the vendor escrows a task's budget in it, and
		// OUTSIDER as its admin burns or freezes the escrow. The chain refuses the asset.
		let mine = 77;
		assert_ok!(Assets::force_create(RuntimeOrigin::root(), mine, OUTSIDER, true, 1));
		assert_ok!(Assets::mint(RuntimeOrigin::signed(OUTSIDER), mine, VENDOR, 1_000_000));
		assert_noop!(
			Labeling::create_task(
				RuntimeOrigin::signed(VENDOR),
				TaskSpec { reward_asset: mine, ..spec() },
				BoundedVec::truncate_from(vec![item(1)]),
			),
			Error::<Test>::RewardAssetNotAllowed
		);
		// The mock's own assets qualify.
		assert_ok!(Labeling::create_task(
			RuntimeOrigin::signed(VENDOR),
			spec(),
			BoundedVec::truncate_from(vec![item(1)]),
		));
	});
}

#[test]
fn the_bounds_of_call_arguments_are_in_the_metadata() {
	// Clients read these to refuse an argument past its bound before they submit it.
	let constants = crate::Pallet::<Test>::pallet_constants_metadata();
	let value = |name: &str| {
		let c = constants.iter().find(|c| c.name == name).unwrap_or_else(|| panic!("{name}"));
		<u32 as codec::Decode>::decode(&mut &c.value[..]).expect("a u32")
	};
	assert_eq!(value("MaxUriLen"), crate::MAX_URI_LEN);
	assert_eq!(value("MaxBoxes"), crate::MAX_BOXES);
	assert_eq!(value("MaxMultiLabelClasses"), crate::MAX_MULTI_LABEL_CLASSES);
	let max_items = <<Test as crate::Config>::MaxItemsPerBatch as frame_support::traits::Get<u32>>::get();
	assert_eq!(value("MaxItemsPerBatch"), max_items);
	// And they are what the types bound: one byte more does not decode.
	let long = vec![b'u'; crate::MAX_URI_LEN as usize + 1];
	assert!(<crate::Uri as codec::Decode>::decode(&mut &codec::Encode::encode(&long)[..]).is_err());
}
