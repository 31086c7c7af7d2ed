//! Settlement: verdicts, payouts, penalties, reputation, disputes, void rounds, schemas.

use super::*;
use crate::{reputation::vote_weight, Error};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::Perbill;

#[test]
fn two_agree_one_disagrees_pays_strikes_and_refunds() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		let (a, c) = (usd(A), usd(C));
		two_agree_one_disagrees(task, 0);
		// The last reveal settled the item.
		assert_eq!(
			verdicts(task, 0),
			vec![
				(A, Verdict::Agreed, 100, 0),
				(B, Verdict::Agreed, 100, 0),
				(C, Verdict::Disagreed, 0, 5)
			]
		);
		assert_eq!((usd(A) - a, usd(C) - c), (100, 0));
		// C loses 10 % of the slot collateral of 50.
		assert_eq!(ledger(C).bonded, 995);
		assert_eq!(SlashedPot::<Test>::get(), 5);
		let rep = Reputations::<Test>::get(C);
		assert_eq!((rep.disagreements, rep.strikes, rep.agreements), (1, 1, 0));
		assert_eq!(Reputations::<Test>::get(A).agreements, 1);
		for who in [A, B, C] {
			assert_eq!((ledger(who).locked, ledger(who).open_slots), (0, 0));
		}
		let result = Results::<Test>::get(task, 0).unwrap();
		assert_eq!(result.label, CAT);
		assert_eq!(result.agreement, Perbill::from_rational(2u32, 3u32));
		assert_eq!((result.annotators, result.agreeing, result.paid, result.round), (3, 2, 200, 0));
		assert!(!result.gold && !result.by_dispute);
		// Commitments and reveals are gone; the unpaid 100 is refundable.
		assert!(Slots::<Test>::get(task, 0).is_empty());
		let t = Tasks::<Test>::get(task).unwrap();
		assert_eq!((t.refundable, t.unsettled, t.in_progress), (100, 0, 0));
		assert!(labeling_events().contains(&Event::ItemSettled {
			task,
			item: 0,
			label: CAT,
			agreement: Perbill::from_rational(2u32, 3u32),
			paid: 200,
			refundable: 100
		}));
	});
}

#[test]
fn settle_waits_for_all_reveals_or_the_end_of_the_reveal_phase() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		assert_noop!(
			Labeling::settle(RuntimeOrigin::signed(OUTSIDER), 9, 0),
			Error::<Test>::UnknownTask
		);
		assert_noop!(
			Labeling::settle(RuntimeOrigin::signed(OUTSIDER), task, 3),
			Error::<Test>::UnknownItem
		);
		assert_noop!(
			Labeling::settle(RuntimeOrigin::signed(OUTSIDER), task, 0),
			Error::<Test>::CannotSettleYet
		);
		commit(A, task, 0, &CAT);
		commit(B, task, 0, &CAT);
		commit(C, task, 0, &DOG);
		assert_ok!(reveal(A, task, 0, &CAT));
		assert_ok!(reveal(B, task, 0, &CAT));
		assert_noop!(
			Labeling::settle(RuntimeOrigin::signed(OUTSIDER), task, 0),
			Error::<Test>::CannotSettleYet
		);
		run_to_block(22);
		// Anyone settles; C never revealed: slashed 40 % of 50, a strike.
		assert_ok!(Labeling::settle(RuntimeOrigin::signed(OUTSIDER), task, 0));
		assert_eq!(
			verdicts(task, 0),
			vec![
				(A, Verdict::Agreed, 100, 0),
				(B, Verdict::Agreed, 100, 0),
				(C, Verdict::NoReveal, 0, 20)
			]
		);
		assert_eq!(Reputations::<Test>::get(C).no_reveals, 1);
		assert_noop!(
			Labeling::settle(RuntimeOrigin::signed(OUTSIDER), task, 0),
			Error::<Test>::CannotSettleYet
		);
	});
}

#[test]
fn too_few_reveals_void_the_round_until_the_item_fails() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		// Three rounds (max_rounds), each with one reveal of three.
		for round in 0..3u32 {
			let start = System::block_number();
			commit(A, task, 0, &CAT);
			commit(B, task, 0, &CAT);
			assert_ok!(Labeling::take_slot(RuntimeOrigin::signed(C), task, 0));
			run_to_block(start + 11);
			assert_ok!(reveal(A, task, 0, &CAT));
			run_to_block(start + 21);
			assert_ok!(Labeling::settle(RuntimeOrigin::signed(OUTSIDER), task, 0));
			let next = if round < 2 { Some(round + 1) } else { None };
			assert!(labeling_events().contains(&Event::RoundVoided {
				task,
				item: 0,
				round,
				next_round: next
			}));
		}
		assert_eq!(Items::<Test>::get(task, 0).unwrap().state, ItemState::Failed);
		// B and C were no-shows three times: 3 × 20 each; A was released each time.
		assert_eq!(ledger(B).bonded, 940);
		assert_eq!(ledger(A).bonded, 1_000);
		assert_eq!(Reputations::<Test>::get(A), Default::default());
		let t = Tasks::<Test>::get(task).unwrap();
		assert_eq!((t.refundable, t.unsettled), (300, 0));
		assert!(labeling_events().contains(&Event::ItemFailed { task, item: 0 }));
	});
}

#[test]
fn a_public_gold_answer_is_not_reused_after_a_void_round() {
	run_test(|| {
		bond_all();
		let task = create(vec![gold_item(1, Some(CAT))]);
		commit(A, task, 0, &CAT);
		commit(B, task, 0, &CAT);
		commit(C, task, 0, &CAT);
		assert_ok!(Labeling::reveal_gold(
			RuntimeOrigin::signed(VENDOR),
			task,
			0,
			Some(CAT),
			GOLD_SALT
		));
		assert_ok!(reveal(A, task, 0, &CAT));
		run_to_block(22);
		assert_ok!(Labeling::settle(RuntimeOrigin::signed(OUTSIDER), task, 0));
		assert_eq!(Items::<Test>::get(task, 0).unwrap().state, ItemState::Failed);
		assert_eq!(Tasks::<Test>::get(task).unwrap().refundable, 450);
	});
}

#[test]
fn no_consensus_disputes_the_item_and_a_decision_settles_it() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		commit(A, task, 0, &CAT);
		commit(B, task, 0, &DOG);
		commit(C, task, 0, &BIRD);
		for (who, l) in [(A, CAT), (B, DOG), (C, BIRD)] {
			assert_ok!(reveal(who, task, 0, &l));
		}
		assert_eq!(Items::<Test>::get(task, 0).unwrap().state, ItemState::Disputed { round: 0 });
		assert_eq!(Disputes::get(), vec![(task, 0, 0)]);
		// Payouts frozen: nothing paid, collateral still locked, slots kept.
		assert!(verdicts(task, 0).is_empty());
		assert_eq!(ledger(A).locked, 50);
		assert_eq!(Slots::<Test>::get(task, 0).len(), 3);
		assert_noop!(
			Labeling::settle(RuntimeOrigin::signed(OUTSIDER), task, 0),
			Error::<Test>::CannotSettleYet
		);
		assert_noop!(
			Labeling::close_task(RuntimeOrigin::signed(VENDOR), task),
			Error::<Test>::ItemsInProgress
		);
		assert_noop!(
			Labeling::do_resolve_dispute(task, 0, Label::Class(7)),
			Error::<Test>::InvalidLabel
		);
		// Reviewers decide DOG.
		let b = usd(B);
		assert_ok!(Labeling::do_resolve_dispute(task, 0, DOG));
		assert_eq!(
			verdicts(task, 0),
			vec![
				(A, Verdict::Disagreed, 0, 5),
				(B, Verdict::Agreed, 100, 0),
				(C, Verdict::Disagreed, 0, 5)
			]
		);
		assert_eq!(usd(B) - b, 100);
		let result = Results::<Test>::get(task, 0).unwrap();
		assert!(result.by_dispute);
		assert_eq!(result.label, DOG);
		assert_noop!(Labeling::do_resolve_dispute(task, 0, DOG), Error::<Test>::NotDisputed);
		assert_ok!(Labeling::close_task(RuntimeOrigin::signed(VENDOR), task));
	});
}

#[test]
fn votes_are_weighted_by_gold_reputation() {
	run_test(|| {
		bond_all();
		// A has passed four gold items: weight 1 + ln 5 ≈ 2.61 against 1 + 1.
		Reputations::<Test>::mutate(A, |r| r.gold_passes = 4);
		assert_eq!(vote_weight(&Reputations::<Test>::get(A)), 2_609_437);
		let simple_majority = AgreementRule { numerator: 51, denominator: 100 };
		let task = create_with(TaskSpec { agreement: simple_majority, ..spec() }, vec![item(1)]);
		commit(A, task, 0, &CAT);
		commit(B, task, 0, &DOG);
		commit(C, task, 0, &DOG);
		for (who, l) in [(A, CAT), (B, DOG), (C, DOG)] {
			assert_ok!(reveal(who, task, 0, &l));
		}
		let result = Results::<Test>::get(task, 0).unwrap();
		assert_eq!(result.label, CAT);
		assert_eq!(result.agreement, Perbill::from_rational(2_609_437u64, 4_609_437u64));
	});
}

#[test]
fn a_failure_rate_over_the_limit_slashes_and_suspends() {
	run_test(|| {
		bond_all();
		// Window 4, limit 50 %: D fails three of four labels.
		let task = create((0..4).map(item).collect());
		for i in 0..4u32 {
			commit(A, task, i, &CAT);
			commit(B, task, i, &CAT);
			let d_label = if i == 0 { CAT } else { DOG };
			commit(D, task, i, &d_label);
			for (who, l) in [(A, CAT), (B, CAT), (D, d_label)] {
				assert_ok!(reveal(who, task, i, &l));
			}
		}
		// Three disagreement slashes of 5, then 10 % of the remaining 985.
		let suspension = labeling_events().into_iter().find_map(|e| match e {
			Event::Suspended { who, slashed, until } => Some((who, slashed, until)),
			_ => None,
		});
		assert_eq!(suspension, Some((D, 98, 51)));
		assert_eq!(ledger(D).bonded, 1_000 - 15 - 98);
		assert_eq!(Reputations::<Test>::get(D).suspensions, 1);
		let next = create(vec![item(9)]);
		assert_noop!(
			Labeling::take_slot(RuntimeOrigin::signed(D), next, 0),
			Error::<Test>::Suspended
		);
		run_to_block(51);
		assert_ok!(Labeling::take_slot(RuntimeOrigin::signed(D), next, 0));
		assert_eq!(ledger(D).suspended_until, None);
	});
}

#[test]
fn bounding_boxes_settle_by_iou() {
	run_test(|| {
		bond_all();
		let schema = LabelSchema::BoundingBoxes {
			classes: 2,
			max_boxes: 4,
			min_iou: Perbill::from_percent(50),
		};
		let task = create_with(TaskSpec { schema, ..spec() }, vec![item(1)]);
		let boxes = |x: u32| {
			Label::Boxes(BoundedVec::truncate_from(vec![BoundingBox {
				class: 1,
				x,
				y: 10,
				width: 100,
				height: 50,
			}]))
		};
		// A and B draw nearly the same box; C draws it far off.
		let (a, b, c) = (boxes(10), boxes(14), boxes(300));
		commit(A, task, 0, &a);
		commit(B, task, 0, &b);
		commit(C, task, 0, &c);
		for (who, l) in [(A, &a), (B, &b), (C, &c)] {
			assert_ok!(reveal(who, task, 0, l));
		}
		let v = verdicts(task, 0);
		assert_eq!(
			v.iter().map(|x| x.1).collect::<Vec<_>>(),
			vec![Verdict::Agreed, Verdict::Agreed, Verdict::Disagreed]
		);
		// The accepted label is one an annotator gave (the first of the agreeing pair).
		assert_eq!(Results::<Test>::get(task, 0).unwrap().label, a);
	});
}

#[test]
fn multi_label_and_free_text_settle() {
	run_test(|| {
		bond_all();
		let multi = create_with(
			TaskSpec { schema: LabelSchema::MultiLabel { classes: 4 }, ..spec() },
			vec![item(1)],
		);
		let (x, y) = (Label::Classes(0b0101), Label::Classes(0b0100));
		commit(A, multi, 0, &x);
		commit(B, multi, 0, &x);
		commit(C, multi, 0, &y);
		for (who, l) in [(A, &x), (B, &x), (C, &y)] {
			assert_ok!(reveal(who, multi, 0, l));
		}
		assert_eq!(Results::<Test>::get(multi, 0).unwrap().label, x);
		assert_eq!(verdicts(multi, 0)[2].1, Verdict::Disagreed);

		let text = create_with(TaskSpec { schema: LabelSchema::FreeText, ..spec() }, vec![item(2)]);
		let (p, q) = (Label::Text(H256::repeat_byte(1)), Label::Text(H256::repeat_byte(2)));
		commit(A, text, 0, &p);
		commit(B, text, 0, &q);
		commit(C, text, 0, &p);
		for (who, l) in [(A, &p), (B, &q), (C, &p)] {
			assert_ok!(reveal(who, text, 0, l));
		}
		assert_eq!(Results::<Test>::get(text, 0).unwrap().label, p);
	});
}

#[test]
fn undeliverable_payouts_wait_for_a_claim_and_keep_the_escrow_alive() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		// A holds some USD, and the asset's freezer blocks A's account: it can receive nothing.
		assert_ok!(Assets::transfer(RuntimeOrigin::signed(OTHER_VENDOR), USD, A, 5));
		assert_ok!(Assets::block(RuntimeOrigin::signed(999), USD, A));
		two_agree_one_disagrees(task, 0);
		assert!(labeling_events().contains(&Event::PayoutDeferred {
			task,
			annotator: A,
			amount: 100
		}));
		assert_eq!(Unclaimed::<Test>::get(task, A), 100);
		assert!(Labeling::claim_payout(RuntimeOrigin::signed(A), task).is_err());
		assert_noop!(
			Labeling::claim_payout(RuntimeOrigin::signed(B), task),
			Error::<Test>::NothingToClaim
		);
		// Closing refunds what is not owed to A; the escrow keeps A's payout and the seed.
		assert_ok!(Labeling::close_task(RuntimeOrigin::signed(VENDOR), task));
		assert_eq!(escrow(task), 101);
		// Items can be purged, the task record stays until A is paid.
		assert_ok!(Labeling::purge_task(RuntimeOrigin::signed(VENDOR), task, 1));
		assert_noop!(
			Labeling::purge_task(RuntimeOrigin::signed(VENDOR), task, 1),
			Error::<Test>::PayoutsUnclaimed
		);
		assert_ok!(Assets::thaw(RuntimeOrigin::signed(999), USD, A));
		let before = usd(A);
		assert_ok!(Labeling::claim_payout(RuntimeOrigin::signed(A), task));
		assert_eq!(usd(A) - before, 100);
		// The last claim returned the seed and let the escrow account go.
		assert_eq!(escrow(task), 0);
		assert_eq!(usd(VENDOR), USD_START - 200);
		assert_ok!(Labeling::purge_task(RuntimeOrigin::signed(VENDOR), task, 1));
		assert!(!Tasks::<Test>::contains_key(task));
	});
}
