//! Stages, escalation, pay by chance-corrected agreement, penalties, voids, disputes and the
//! schemas' settlement.

use super::*;
use crate::Error;
use frame_support::{assert_noop, assert_ok};
use sp_runtime::Perbill;

#[test]
fn labels_are_paid_by_chance_corrected_agreement() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		let budget = 3 * 200 + 150;
		two_agree_one_disagrees(task);
		// The task's first item: no label revealed on another item yet, so the chance that a
		// label agrees is the pessimistic estimate (1 agreeing pseudo-sample + 4 × 1/3) / 5 =
		// 0.466666. A and B each have one peer of two agreeing (hit 0.5): score 0.033334,
		// divided by the new task's mean score 0.3: 0.111113 of 100 = 11. C has no peer
		// agreeing: score −0.466666 / 0.3 = −1.555553, slashing 1.555553 × 100 / (2 × 100) of
		// the collateral of 50 = 38.
		assert_eq!(
			verdicts(task, 0),
			vec![
				(A, Verdict::Agreed, 11, 0),
				(B, Verdict::Agreed, 11, 0),
				(C, Verdict::Disagreed, 0, 38),
			]
		);
		assert_eq!((usd(A), usd(B), usd(C)), (11, 11, 0));
		assert_eq!((ledger(C).bonded, ledger(C).locked), (962, 0));
		assert_eq!(SlashedPot::<Test>::get(), 38);
		let r = Labeling::result_of(task, 0).unwrap();
		assert_eq!(
			(r.label, r.annotators, r.agreeing, r.paid, r.gold, r.by_dispute),
			(CAT, 3, 2, 22, false, false)
		);
		let t = Tasks::<Test>::get(task).unwrap();
		assert_eq!((t.unsettled, t.in_progress, t.refundable), (0, 0, budget - 22));
		assert_eq!(Labeling::record_of(&C).disagreements, 1);
		// Every revealed label joins the task's chance samples.
		assert_eq!(ChanceSamples::<Test>::get(task).to_vec(), vec![(0, CAT), (0, CAT), (0, DOG)]);
		assert!(labeling_events().iter().any(|e| matches!(
			e,
			Event::Judged { annotator: C, score: -1_555_553, slashed: 38, .. }
		)));
	});
}

#[test]
fn a_common_label_earns_less_than_a_rare_one() {
	run_test(|| {
		bond_all();
		// Two tasks whose labels revealed on other items so far were six CAT and two DOG: one
		// item settles on CAT, the other on DOG, all three labels agreeing (hit 1).
		for (label, who) in [(CAT, [A, B, C]), (DOG, [C, D, E])] {
			let task = create(vec![item(1)]);
			let samples: Vec<(ItemId, Label)> =
				(1..=8).map(|other| (other, if other <= 6 { CAT } else { DOG })).collect();
			ChanceSamples::<Test>::insert(task, BoundedVec::truncate_from(samples));
			vote(task, &who.map(|w| (w, label.clone())));
		}
		// CAT: chance (6 + 1 agreeing pseudo-sample) / 9 = 0.777777, score 0.222223, divided by
		// the new task's mean score 0.3: 0.740743 of 100 = 74.
		assert_eq!(verdicts_of(A)[0].2, 74);
		// DOG: chance (2 + 1) / 9 = 0.333333, score 0.666667 / 0.3 = 2.22, capped at 2: 200.
		assert_eq!(verdicts_of(D)[0].2, 200);
	});
}

/// The verdicts given to `who`, in order.
fn verdicts_of(who: AccountId) -> Vec<(Verdict, i64, Balance, Balance)> {
	labeling_events()
		.into_iter()
		.filter_map(|e| match e {
			Event::Judged { annotator, verdict, score, paid, slashed, .. } if annotator == who => {
				Some((verdict, score, paid, slashed))
			}
			_ => None,
		})
		.collect()
}

#[test]
fn a_stage_closes_at_the_last_reveal_or_by_anyone_after_the_reveal_phase() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		seat_all(task, &[A, B, C]);
		commit(A, task, 0, &CAT);
		commit(B, task, 0, &CAT);
		assert_noop!(
			Labeling::settle(RuntimeOrigin::signed(OUTSIDER), task, 0),
			Error::<Test>::CannotSettleYet
		);
		run_to_block(13);
		assert_ok!(reveal(A, task, 0, &CAT));
		assert_ok!(reveal(B, task, 0, &CAT));
		// C never committed: the stage waits for the reveal phase to end.
		assert!(Labeling::result_of(task, 0).is_none());
		assert_noop!(
			Labeling::settle(RuntimeOrigin::signed(OUTSIDER), task, 0),
			Error::<Test>::CannotSettleYet
		);
		run_to_block(23);
		assert_ok!(Labeling::settle(RuntimeOrigin::signed(OUTSIDER), task, 0));
		let v = verdicts(task, 0);
		// C held a seat and revealed nothing: half of the collateral.
		assert_eq!(v[2], (C, Verdict::NoReveal, 0, 25));
		let rep = Labeling::record_of(&C);
		assert_eq!((rep.no_reveals, rep.strikes, rep.risk), (1, 1, 916_291));
		assert!(ledger(C).seats.is_empty());
		assert_noop!(
			Labeling::settle(RuntimeOrigin::signed(OUTSIDER), task, 0),
			Error::<Test>::CannotSettleYet
		);
	});
}

#[test]
fn a_vote_that_is_not_confident_escalates_to_more_annotators() {
	run_test(|| {
		bond_all();
		// Up to five seats; newcomers weigh ln 4 each, so a 2–1 split has a margin of ln 4,
		// short of the ln 9 that 90 % confidence needs.
		let task = create_with(TaskSpec { max_seats: 5, ..spec() }, vec![item(1)]);
		two_agree_one_disagrees(task);
		// The next stage starts at once: two more seats, its own windows.
		let now = System::block_number();
		assert_eq!(
			Items::<Test>::get(task, 0).unwrap().state,
			ItemState::Labeling { round: 0, stage: 1, commit_end: now + 10, reveal_end: now + 20 }
		);
		assert!(labeling_events().contains(&Event::Escalated {
			task,
			item: 0,
			round: 0,
			stage: 1,
			seats: 5
		}));
		// Nobody is judged yet; the item is back in the open set for two more seats.
		assert!(verdicts(task, 0).is_empty());
		assert_eq!(OpenItems::<Test>::get(task).to_vec(), vec![0]);
		assert_eq!(Tasks::<Test>::get(task).unwrap().in_progress, 1);
		// A, B and C already sit on it: the draw seats D and E.
		seat_all(task, &[D, E]);
		assert_eq!(Slots::<Test>::get(task, 0).len(), 5);
		commit(D, task, 0, &CAT);
		commit(E, task, 0, &CAT);
		assert_ok!(reveal(D, task, 0, &CAT));
		assert_ok!(reveal(E, task, 0, &CAT));
		// 4 against 1: margin 3 ln 4 ≥ ln 9. Accepted; everyone judged once.
		let r = Labeling::result_of(task, 0).unwrap();
		assert_eq!((r.label, r.annotators, r.agreeing), (CAT, 5, 4));
		let v = verdicts(task, 0);
		assert_eq!(v.len(), 5);
		assert_eq!(v.iter().filter(|x| x.1 == Verdict::Agreed).count(), 4);
		// Each CAT label has three peers of four agreeing: score 0.75 − 0.466666 (the first
		// item's chance estimate) = 0.283334, / 0.3 = 0.944447 of 100 = 94. The budget held
		// five seats: what was not paid is refundable.
		assert!(v.iter().filter(|x| x.1 == Verdict::Agreed).all(|x| x.2 == 94));
		let t = Tasks::<Test>::get(task).unwrap();
		assert_eq!(t.refundable, 5 * 200 + 150 - 4 * 94);
	});
}

#[test]
fn a_tie_at_the_last_seat_goes_to_review() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		vote(task, &[(A, CAT), (B, DOG), (C, BIRD)]);
		assert_eq!(
			Items::<Test>::get(task, 0).unwrap().state,
			ItemState::Disputed { round: 0, kind: DisputeKind::NoConsensus }
		);
		assert_eq!(Disputes::get(), vec![(task, 0, 0, DisputeKind::NoConsensus)]);
		let t = Tasks::<Test>::get(task).unwrap();
		assert_eq!((t.in_progress, t.disputed), (0, 1));
		// Nobody is judged until the review decides.
		assert!(verdicts(task, 0).is_empty());
		assert_noop!(
			Labeling::do_resolve_dispute(task, 0, Label::Class(7)),
			Error::<Test>::InvalidLabel
		);
		let fee = Labeling::do_resolve_dispute(task, 0, DOG).unwrap();
		// The review fee: 50 % of 3 × 100, set aside for the reviewers.
		assert_eq!(fee, 150);
		let t = Tasks::<Test>::get(task).unwrap();
		assert_eq!((t.disputed, t.reserved), (0, 150));
		let r = Labeling::result_of(task, 0).unwrap();
		assert_eq!((r.label, r.by_dispute), (DOG, true));
		// B is scored against the panel's label (hit 1): 1 − 0.466666 = 0.533334, / 0.3,
		// 1.777780 of 100 = 177.
		assert_eq!(verdicts(task, 0)[1], (B, Verdict::Agreed, 177, 0));
		// Reviewers paid 100 of it; the rest is refundable.
		assert_ok!(Labeling::do_pay_review_fee(task, fee, &[(D, 60), (E, 40)]));
		assert_eq!((usd(D), usd(E)), (60, 40));
		assert_eq!(Tasks::<Test>::get(task).unwrap().reserved, 0);
		assert_noop!(Labeling::do_resolve_dispute(task, 0, DOG), Error::<Test>::NotDisputed);
	});
}

#[test]
fn a_review_that_cannot_decide_fails_the_item() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		vote(task, &[(A, CAT), (B, DOG), (C, BIRD)]);
		let fee = Labeling::do_fail_dispute(task, 0).unwrap();
		assert_eq!(fee, 150);
		assert_eq!(Items::<Test>::get(task, 0).unwrap().state, ItemState::Failed);
		// Nobody paid or slashed; the budget but the fee is refundable.
		assert_eq!(SlashedPot::<Test>::get(), 0);
		assert_eq!(ledger(A).locked, 0);
		let t = Tasks::<Test>::get(task).unwrap();
		assert_eq!((t.refundable, t.reserved), (600, 150));
		assert_ok!(Labeling::do_pay_review_fee(task, fee, &[]));
		assert_eq!(Tasks::<Test>::get(task).unwrap().refundable, 750);
	});
}

#[test]
fn too_few_reveals_void_the_round_until_the_item_fails() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		let mut block = 1;
		for round in 0..3 {
			seat_all(task, &[A, B, C]);
			commit(A, task, 0, &CAT);
			block += 1 + 11;
			run_to_block(block);
			assert_ok!(reveal(A, task, 0, &CAT));
			block += 10;
			run_to_block(block);
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
		// A revealed every time and was released; B and C lost half of the collateral thrice.
		assert_eq!(ledger(A).bonded, 1_000);
		assert_eq!(ledger(B).bonded, 1_000 - 75);
		let t = Tasks::<Test>::get(task).unwrap();
		assert_eq!((t.unsettled, t.refundable), (0, 750));
	});
}

#[test]
fn gold_items_wait_for_the_vendors_answer_once_the_labels_are_in() {
	run_test(|| {
		bond_all();
		let task = create_with(gold_spec(), vec![gold_item(1, Some(CAT))]);
		seat_all(task, &[A, B, C]);
		for who in [A, B, C] {
			commit(who, task, 0, if who == C { &DOG } else { &CAT });
		}
		// While annotators can still change nothing but have not revealed, the answer must
		// stay secret: revealing it now is refused.
		assert_noop!(
			Labeling::reveal_gold(RuntimeOrigin::signed(VENDOR), task, 0, Some(CAT), GOLD_SALT),
			Error::<Test>::AnswerNotDue
		);
		for (who, l) in [(A, CAT), (B, CAT), (C, DOG)] {
			assert_ok!(reveal(who, task, 0, &l));
		}
		let now = System::block_number();
		assert_eq!(
			Items::<Test>::get(task, 0).unwrap().state,
			ItemState::AwaitingGold { round: 0, decision: Some(CAT), until: now + 10 }
		);
		assert_noop!(
			Labeling::reveal_gold(RuntimeOrigin::signed(A), task, 0, Some(CAT), GOLD_SALT),
			Error::<Test>::NotVendor
		);
		assert_noop!(
			Labeling::reveal_gold(RuntimeOrigin::signed(VENDOR), task, 0, Some(DOG), GOLD_SALT),
			Error::<Test>::AnswerMismatch
		);
		assert_ok!(Labeling::reveal_gold(
			RuntimeOrigin::signed(VENDOR),
			task,
			0,
			Some(CAT),
			GOLD_SALT
		));
		// A gold pass pays the score's reward and the bonus; a gold fail the whole collateral.
		assert_eq!(
			verdicts(task, 0),
			vec![
				(A, Verdict::GoldPassed, 150, 0),
				(B, Verdict::GoldPassed, 150, 0),
				(C, Verdict::GoldFailed, 0, 50),
			]
		);
		let rep = Labeling::record_of(&A);
		assert_eq!((rep.gold_passes, rep.credited_passes), (1, 1));
		let rep = Labeling::record_of(&C);
		assert_eq!((rep.gold_fails, rep.strikes, rep.risk), (1, 1, 916_291));
		assert!(Labeling::result_of(task, 0).unwrap().gold);
		assert_noop!(
			Labeling::reveal_gold(RuntimeOrigin::signed(VENDOR), task, 0, Some(CAT), GOLD_SALT),
			Error::<Test>::NoAnswerCommitment
		);
	});
}

#[test]
fn a_decoy_settles_on_the_decision_and_a_withheld_answer_pays_the_bonus() {
	run_test(|| {
		bond_all();
		let task = create_with(gold_spec(), vec![gold_item(1, None), gold_item(2, Some(CAT))]);
		// Two items, six seats: each annotator lands on both.
		for who in [A, B, C] {
			assert_eq!(seat(who, task, 2).len(), 2);
		}
		for item in [0, 1] {
			for who in [A, B, C] {
				commit(who, task, item, &CAT);
			}
			for who in [A, B, C] {
				assert_ok!(reveal(who, task, item, &CAT));
			}
		}
		// Item 0 is a decoy: revealing it settles on the decision, without bonus. Three CAT
		// reveals on item 1 make CAT likely by chance: (3 + 1 + 1/3) / 5 = 0.866666, so a
		// unanimous CAT scores 0.133334, / 0.3 = 0.444446 of 100 = 44.
		assert_ok!(Labeling::reveal_gold(RuntimeOrigin::signed(VENDOR), task, 0, None, GOLD_SALT));
		assert_eq!(verdicts(task, 0)[0], (A, Verdict::Agreed, 44, 0));
		assert!(!Labeling::result_of(task, 0).unwrap().gold);
		// Item 1's vendor never reveals: after the deadline anyone settles it, and every
		// agreeing annotator gets the bonus (the vendor's penalty for withholding).
		assert_noop!(
			Labeling::settle(RuntimeOrigin::signed(OUTSIDER), task, 1),
			Error::<Test>::CannotSettleYet
		);
		run_to_block(System::block_number() + 11);
		assert_ok!(Labeling::settle(RuntimeOrigin::signed(OUTSIDER), task, 1));
		let v = verdicts(task, 1);
		assert_eq!(v[0].1, Verdict::Agreed);
		assert!(v[0].2 > 50, "the bonus on top of the score's pay");
	});
}

#[test]
fn a_false_gold_answer_goes_to_review_and_costs_the_vendor_its_bond() {
	// Attack: a vendor commits a wrong gold answer to judge every annotator a gold failure,
	// slash them and get the budget back. The annotators' decision contradicts it, so the
	// chain sends the item to review on its own; reviewers overturn it and the vendor's bond
	// goes to the annotators who were right.
	run_test(|| {
		bond_all();
		let task = create_with(gold_spec(), vec![gold_item(1, Some(DOG))]);
		vote(task, &[(A, CAT), (B, CAT), (C, CAT)]);
		assert_ok!(Labeling::reveal_gold(
			RuntimeOrigin::signed(VENDOR),
			task,
			0,
			Some(DOG),
			GOLD_SALT
		));
		assert_eq!(
			Items::<Test>::get(task, 0).unwrap().state,
			ItemState::Disputed { round: 0, kind: DisputeKind::GoldContested }
		);
		assert_eq!(Disputes::get(), vec![(task, 0, 0, DisputeKind::GoldContested)]);
		// Nobody was slashed for failing the false answer.
		assert_eq!(SlashedPot::<Test>::get(), 0);
		let fee = Labeling::do_resolve_dispute(task, 0, CAT).unwrap();
		// Judged against the reviewers' label as the gold answer: passes, plus a third of the
		// bond (100 % of 3 × 150 = 450) each.
		let v = verdicts(task, 0);
		assert!(v.iter().all(|x| x.1 == Verdict::GoldPassed));
		assert_eq!(usd(A), 150 + 150);
		assert!(labeling_events().contains(&Event::GoldOverturned { task, item: 0, bond: 450 }));
		let r = Labeling::result_of(task, 0).unwrap();
		assert_eq!((r.label, r.gold, r.by_dispute), (CAT, false, true));
		// The vendor paid 900 and the fee, where an honest answer would have cost 450.
		let t = Tasks::<Test>::get(task).unwrap();
		let budget = 3 * (200 + 50) + 225 + 450;
		assert_eq!(t.refundable, budget - 900 - fee);
	});
}

#[test]
fn a_true_gold_answer_upheld_by_review_fails_the_annotators() {
	run_test(|| {
		bond_all();
		let task = create_with(gold_spec(), vec![gold_item(1, Some(DOG))]);
		vote(task, &[(A, CAT), (B, CAT), (C, DOG)]);
		assert_ok!(Labeling::reveal_gold(
			RuntimeOrigin::signed(VENDOR),
			task,
			0,
			Some(DOG),
			GOLD_SALT
		));
		Labeling::do_resolve_dispute(task, 0, DOG).unwrap();
		assert_eq!(
			verdicts(task, 0).iter().map(|x| x.1).collect::<Vec<_>>(),
			vec![Verdict::GoldFailed, Verdict::GoldFailed, Verdict::GoldPassed]
		);
		assert!(!labeling_events().iter().any(|e| matches!(e, Event::GoldOverturned { .. })));
		assert!(Labeling::result_of(task, 0).unwrap().gold);
	});
}

#[test]
fn repeated_gold_failures_suspend_without_slashing_the_stake() {
	// An annotator who keeps failing gold is suspended (from the first label, whatever the
	// account's age), and suspension itself slashes nothing: stake size never costs an honest
	// annotator more.
	run_test(|| {
		bond_all();
		bond(D, 8_000);
		let mut block = 1;
		for n in 0..9u8 {
			let task = create_with(gold_spec(), vec![gold_item(n, Some(CAT))]);
			vote(task, &[(A, CAT), (B, CAT), (D, DOG)]);
			assert_ok!(Labeling::reveal_gold(
				RuntimeOrigin::signed(VENDOR),
				task,
				0,
				Some(CAT),
				GOLD_SALT
			));
			block = System::block_number();
		}
		let rep = Labeling::record_of(&D);
		assert_eq!((rep.gold_fails, rep.suspensions), (9, 1));
		// Nine collaterals of 50, nothing more.
		assert_eq!(ledger(D).bonded, 9_000 - 9 * 50);
		assert_eq!(ledger(D).suspended_until, Some(block + 50));
		let next = create(vec![item(99)]);
		assert_noop!(
			Labeling::request_seats(RuntimeOrigin::signed(D), next, 1),
			Error::<Test>::Suspended
		);
		run_to_block(block + 50);
		assert_ok!(Labeling::request_seats(RuntimeOrigin::signed(D), next, 1));
		assert_eq!(ledger(D).suspended_until, None);
	});
}

#[test]
fn an_escalation_nobody_comes_to_ends_with_the_votes_there_are() {
	// Liveness: an escalated item whose task has no other annotator must not wait forever
	// (keeping its annotators' collateral locked).
	run_test(|| {
		bond_all();
		let task = create_with(TaskSpec { max_seats: 5, ..spec() }, vec![item(1)]);
		two_agree_one_disagrees(task);
		assert_eq!(OpenItems::<Test>::get(task).to_vec(), vec![0]);
		run_to_block(System::block_number() + 21);
		assert_ok!(Labeling::settle(RuntimeOrigin::signed(OUTSIDER), task, 0));
		// Decided by the last stage's rule (a positive margin, two supporters), not escalated.
		assert_eq!(Labeling::result_of(task, 0).unwrap().label, CAT);
		assert!(OpenItems::<Test>::get(task).is_empty());
		assert_eq!(ledger(A).locked, 0);
	});
}

#[test]
fn a_cancelled_task_decides_its_escalated_items_with_the_votes_they_have() {
	run_test(|| {
		bond_all();
		let task = create_with(TaskSpec { max_seats: 5, ..spec() }, vec![item(1)]);
		two_agree_one_disagrees(task);
		assert!(matches!(
			Items::<Test>::get(task, 0).unwrap().state,
			ItemState::Labeling { stage: 1, .. }
		));
		assert_noop!(
			Labeling::settle(RuntimeOrigin::signed(OUTSIDER), task, 0),
			Error::<Test>::CannotSettleYet
		);
		assert_ok!(Labeling::cancel_task(RuntimeOrigin::signed(VENDOR), task));
		// Nobody is seated any more; when the escalation's windows end, the votes decide.
		run_to_block(System::block_number() + 21);
		assert_ok!(Labeling::settle(RuntimeOrigin::signed(OUTSIDER), task, 0));
		assert_eq!(Labeling::result_of(task, 0).unwrap().label, CAT);
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
		vote(task, &[(A, a.clone()), (B, b), (C, c)]);
		let v = verdicts(task, 0);
		assert_eq!(
			v.iter().map(|x| x.1).collect::<Vec<_>>(),
			vec![Verdict::Agreed, Verdict::Agreed, Verdict::Disagreed]
		);
		// The accepted label is one an annotator gave (the first of the agreeing pair).
		assert_eq!(Labeling::result_of(task, 0).unwrap().label, a);
		// Boxes have no prior chance of agreeing: the first item's estimate is the agreeing
		// pseudo-sample's alone, 1 / 5. A's one peer of two agrees: 0.5 − 0.2 = 0.3, / 0.3 =
		// the full reward. C: −0.2 / 0.3 = −0.666667 slashes 0.666667 × 100 / (2 × 100) of
		// the collateral of 50 = 16.
		assert_eq!(v[0].2, 100);
		assert_eq!(v[2].3, 16);
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
		vote(multi, &[(A, x.clone()), (B, x.clone()), (C, y)]);
		assert_eq!(Labeling::result_of(multi, 0).unwrap().label, x);
		assert_eq!(verdicts(multi, 0)[2].1, Verdict::Disagreed);

		let text = create_with(TaskSpec { schema: LabelSchema::FreeText, ..spec() }, vec![item(2)]);
		let (p, q) = (Label::Text(H256::repeat_byte(1)), Label::Text(H256::repeat_byte(2)));
		vote(text, &[(A, p.clone()), (B, q), (C, p.clone())]);
		assert_eq!(Labeling::result_of(text, 0).unwrap().label, p);
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
		two_agree_one_disagrees(task);
		assert!(labeling_events().contains(&Event::PayoutDeferred {
			task,
			annotator: A,
			amount: 11
		}));
		assert_eq!(Unclaimed::<Test>::get(task, A), 11);
		assert!(Labeling::claim_payout(RuntimeOrigin::signed(A), task).is_err());
		assert_noop!(
			Labeling::claim_payout(RuntimeOrigin::signed(B), task),
			Error::<Test>::NothingToClaim
		);
		// Closing refunds what is not owed to A; the escrow keeps A's payout and the seed.
		assert_ok!(Labeling::close_task(RuntimeOrigin::signed(VENDOR), task));
		assert_eq!(escrow(task), 12);
		// Items can be purged, the task record stays until A is paid.
		assert_ok!(Labeling::purge_task(RuntimeOrigin::signed(VENDOR), task, 1));
		assert_noop!(
			Labeling::purge_task(RuntimeOrigin::signed(VENDOR), task, 1),
			Error::<Test>::PayoutsUnclaimed
		);
		assert_ok!(Assets::thaw(RuntimeOrigin::signed(999), USD, A));
		let before = usd(A);
		assert_ok!(Labeling::claim_payout(RuntimeOrigin::signed(A), task));
		assert_eq!(usd(A) - before, 11);
		// The last claim returned the seed and let the escrow account go.
		assert_eq!(escrow(task), 0);
		assert_eq!(usd(VENDOR), USD_START - 22);
		assert_ok!(Labeling::purge_task(RuntimeOrigin::signed(VENDOR), task, 1));
		assert!(!Tasks::<Test>::contains_key(task));
	});
}
