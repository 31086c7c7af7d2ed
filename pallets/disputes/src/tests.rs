//! Unit tests of every path: the pool, opening cases, the draw, voting, the tally's outcomes,
//! escalation, slashes, bonds and fees, the schedule, parameters, and a conservation walk.

use crate::{mock::*, pallet::*, types::*};
use frame_support::{assert_noop, assert_ok, traits::fungibles::Inspect, BoundedVec};
use pallet_labeling::{
	annotation::commitment_of, task::gold_commitment, ContentRef, ItemState, Label, LabelSchema,
	NewItem, Reputation, TaskSpec, Verdict,
};
use sp_core::H256;
use sp_runtime::{DispatchError, Perbill};

const CAT: Label = Label::Class(1);
const DOG: Label = Label::Class(2);
const BIRD: Label = Label::Class(0);

fn usd(who: AccountId) -> Balance {
	<Assets as Inspect<AccountId>>::balance(USD, &who)
}
fn bonded(who: AccountId) -> Balance {
	pallet_labeling::Stakes::<Test>::get(who).map(|l| l.bonded).unwrap_or_default()
}
fn locked(who: AccountId) -> Balance {
	pallet_labeling::Stakes::<Test>::get(who).map(|l| l.locked).unwrap_or_default()
}

fn bond(who: AccountId, amount: Balance) {
	assert_ok!(Labeling::bond(RuntimeOrigin::signed(who), amount));
}

/// Annotators A, B, C bond; `n` reviewers bond 1,000 and join the pool.
fn setup(n: usize) {
	for a in [A, B, C] {
		bond(a, 1_000);
	}
	for r in &REVIEWERS[..n] {
		bond(*r, 1_000);
		assert_ok!(Disputes::join_reviewers(RuntimeOrigin::signed(*r)));
	}
}

/// A one-item task: three classes, three annotators, 100 USD per label (50 gold bonus with
/// an answer committed to `gold`), collateral 50.
fn create_task_with(gold: Option<Option<Label>>) -> u32 {
	let id = pallet_labeling::NextTaskId::<Test>::get();
	let hash = H256::repeat_byte(2);
	let spec = TaskSpec {
		instructions: ContentRef {
			uri: BoundedVec::truncate_from(b"ipfs://i".to_vec()),
			digest: H256::repeat_byte(1),
		},
		schema: LabelSchema::Categorical { classes: 3 },
		redundancy: 3,
		max_seats: 3,
		confidence: Perbill::from_percent(90),
		commit_window: 5,
		reveal_window: 5,
		reward_asset: USD,
		reward_per_label: 100,
		gold_bonus: 50,
		collateral: 50,
		with_gold: gold.is_some(),
		min_stake: 100,
		min_reputation: 0,
	};
	let item = NewItem {
		content: ContentRef { uri: BoundedVec::truncate_from(b"ipfs://x".to_vec()), digest: hash },
		answer_commitment: gold.map(|answer| gold_commitment(&VENDOR, &hash, &answer, &GOLD_SALT)),
	};
	assert_ok!(Labeling::create_task(
		RuntimeOrigin::signed(VENDOR),
		spec,
		BoundedVec::truncate_from(vec![item])
	));
	id
}

fn create_task() -> u32 {
	create_task_with(None)
}

const GOLD_SALT: [u8; 32] = [9u8; 32];

/// A, B and C are seated on item 0 of `task`, commit, then reveal.
fn annotate(task: u32, labels: [Label; 3]) {
	let who = [A, B, C];
	for w in who {
		assert_ok!(Labeling::request_seats(RuntimeOrigin::signed(w), task, 1));
	}
	run_to_block(System::block_number() + 1);
	for (w, l) in who.iter().zip(labels.iter()) {
		let c = commitment_of(task, 0, 0, w, l, &[*w as u8; 32]);
		assert_ok!(Labeling::commit(RuntimeOrigin::signed(*w), task, 0, c));
	}
	for (w, l) in who.iter().zip(labels.iter()) {
		assert_ok!(Labeling::reveal(RuntimeOrigin::signed(*w), task, 0, l.clone(), [*w as u8; 32]));
	}
}

fn salt(who: AccountId) -> [u8; 32] {
	[who as u8 ^ 0x5a; 32]
}

fn commit_vote(case: CaseId, who: AccountId, vote: &Label) -> Result<(), DispatchError> {
	let round = Cases::<Test>::get(case).map(|c| c.round).unwrap_or_default();
	let c = vote_commitment(case, round, &who, vote, &salt(who));
	Disputes::commit_vote(RuntimeOrigin::signed(who), case, c)
}

fn reveal_vote(case: CaseId, who: AccountId, vote: &Label) -> Result<(), DispatchError> {
	Disputes::reveal_vote(RuntimeOrigin::signed(who), case, vote.clone(), salt(who))
		.map(|_| ())
		.map_err(|e| e.error)
}

fn panel(case: CaseId) -> Vec<AccountId> {
	Panels::<Test>::get(case).iter().map(|s| s.reviewer).collect()
}

fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Disputes(e) => Some(e),
			_ => None,
		})
		.collect()
}

fn verdicts() -> Vec<(AccountId, Verdict, Balance, Balance)> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Labeling(pallet_labeling::Event::Judged {
				annotator,
				verdict,
				paid,
				slashed,
				..
			}) => Some((annotator, verdict, paid, slashed)),
			_ => None,
		})
		.collect()
}

fn closed() -> Option<(Outcome, Option<Label>, u32)> {
	events().into_iter().find_map(|e| match e {
		Event::CaseClosed { outcome, label, round, .. } => Some((outcome, label, round)),
		_ => None,
	})
}

/// Runs to the draw of `case`'s current round.
fn to_draw(case: CaseId) {
	let Phase::Drawing { at } = Cases::<Test>::get(case).unwrap().phase else {
		panic!("not drawing")
	};
	run_to_block(at);
}

/// Every seat of the panel votes as `votes` says (`None`: commits nothing).
fn vote_all(case: CaseId, votes: &[Option<Label>]) {
	let seats = panel(case);
	assert_eq!(seats.len(), votes.len(), "one vote per seat");
	for (who, vote) in seats.iter().zip(votes) {
		if let Some(v) = vote {
			assert_ok!(commit_vote(case, *who, v));
		}
	}
	let Phase::Voting { commit_end, .. } = Cases::<Test>::get(case).unwrap().phase else {
		panic!("not voting")
	};
	run_to_block(commit_end + 1);
	for (who, vote) in seats.iter().zip(votes) {
		if let Some(v) = vote {
			assert_ok!(reveal_vote(case, *who, v));
		}
	}
}

/// Runs past the reveal phase of `case`'s current round (its tally).
fn to_tally(case: CaseId) {
	if let Some(Case { phase: Phase::Voting { reveal_end, .. }, .. }) = Cases::<Test>::get(case) {
		run_to_block(reveal_end + 1);
	}
}

#[test]
fn joining_the_pool_needs_stake_and_reputation() {
	run_test(|| {
		let r = REVIEWERS[0];
		assert_noop!(
			Disputes::join_reviewers(RuntimeOrigin::signed(r)),
			Error::<Test>::InsufficientStake
		);
		bond(r, 99);
		assert_noop!(
			Disputes::join_reviewers(RuntimeOrigin::signed(r)),
			Error::<Test>::InsufficientStake
		);
		bond(r, 1);
		pallet_labeling::Pallet::<Test>::insert_record(
			&r,
			Reputation { gold_fails: 3, credited_fails: 3, ..Default::default() },
		);
		assert_noop!(
			Disputes::join_reviewers(RuntimeOrigin::signed(r)),
			Error::<Test>::ReputationTooLow
		);
		pallet_labeling::Pallet::<Test>::insert_record(&r, Default::default());
		assert_ok!(Disputes::join_reviewers(RuntimeOrigin::signed(r)));
		assert_eq!(Reviewers::<Test>::get().into_inner(), vec![r]);
		assert_noop!(
			Disputes::join_reviewers(RuntimeOrigin::signed(r)),
			Error::<Test>::AlreadyReviewer
		);
		assert!(events().contains(&Event::ReviewerJoined { who: r }));
		assert_ok!(Disputes::leave_reviewers(RuntimeOrigin::signed(r)));
		assert!(Reviewers::<Test>::get().is_empty());
		assert_noop!(
			Disputes::leave_reviewers(RuntimeOrigin::signed(r)),
			Error::<Test>::NotReviewer
		);
		// A full pool of accounts without stake: the newcomer takes one's place.
		Reviewers::<Test>::put(BoundedVec::truncate_from((100..116).collect::<Vec<_>>()));
		assert_ok!(Disputes::join_reviewers(RuntimeOrigin::signed(r)));
		assert!(Reviewers::<Test>::get().contains(&r));
		assert!(events()
			.contains(&Event::ReviewerEvicted { who: 100, reason: EvictionReason::Displaced }));
		// Agreement records can be required too.
		Reviewers::<Test>::kill();
		assert_ok!(Disputes::update_params(
			RuntimeOrigin::root(),
			DisputeParamsUpdate { min_reviewer_agreements: Some(1), ..Default::default() }
		));
		assert_noop!(
			Disputes::join_reviewers(RuntimeOrigin::signed(r)),
			Error::<Test>::ReputationTooLow
		);
	});
}

#[test]
fn no_consensus_opens_a_case_whose_majority_decides_and_shares_the_review_fee() {
	run_test(|| {
		setup(4);
		// The vendor and the annotators are in the pool too: they must never be drawn.
		for who in [VENDOR, A] {
			bond(who, 1_000);
			assert_ok!(Disputes::join_reviewers(RuntimeOrigin::signed(who)));
		}
		let task = create_task();
		annotate(task, [CAT, DOG, BIRD]);
		let case = CaseOfItem::<Test>::get(task, 0).expect("case opened");
		let c = Cases::<Test>::get(case).unwrap();
		assert_eq!(
			(c.kind.clone(), c.round, c.phase),
			(CaseKind::NoConsensus, 0, Phase::Drawing { at: 4 })
		);
		// Nothing due before the draw.
		assert_noop!(
			Disputes::advance(RuntimeOrigin::signed(OUTSIDER), case),
			Error::<Test>::NothingDue
		);
		to_draw(case);
		let seats = panel(case);
		assert_eq!(seats.len(), 3);
		assert!(seats.iter().all(|r| REVIEWERS.contains(r)));
		for r in &seats {
			assert_eq!(locked(*r), 100);
		}
		// Two say DOG, one BIRD.
		let v = usd(VENDOR);
		vote_all(case, &[Some(DOG), Some(DOG), Some(BIRD)]);
		assert_eq!(closed(), Some((Outcome::Decided, Some(DOG), 0)));
		// Scored against the panel's label, on the task's first item (chance estimate
		// (1 + 4 × 1/3) / 5 = 0.466666): agreeing 0.533334 / 0.3 of 100 = 177; disagreeing
		// −1.555553, slashing 1.555553 × 100 / (2 × 100) of the collateral of 50 = 38.
		assert_eq!(
			verdicts(),
			vec![
				(A, Verdict::Disagreed, 0, 38),
				(B, Verdict::Agreed, 177, 0),
				(C, Verdict::Disagreed, 0, 38)
			]
		);
		// The review fee (50 % of 3 × 100) goes to the majority, whatever label it chose.
		assert_eq!((usd(seats[0]), usd(seats[1]), usd(seats[2])), (75, 75, 0));
		for r in &seats {
			assert_eq!((locked(*r), bonded(*r)), (0, 1_000));
		}
		assert!(Cases::<Test>::get(case).is_none());
		assert!(CaseOfItem::<Test>::get(task, 0).is_none());
		assert_eq!(pallet_labeling::Items::<Test>::get(task, 0).unwrap().state, ItemState::Settled);
		assert_ok!(Labeling::close_task(RuntimeOrigin::signed(VENDOR), task));
		// Budget 3 × 200 + 150: B's 177 and the fee spent, the rest and the seed back.
		assert_eq!(usd(VENDOR) - v, 750 - 177 - 150 + 1);
	});
}

/// A gold task whose vendor answered `answer` while A, B and C all said CAT: contested.
fn contested(answer: Label) -> (u32, CaseId) {
	setup(5);
	let task = create_task_with(Some(Some(answer.clone())));
	annotate(task, [CAT, CAT, CAT]);
	assert_ok!(Labeling::reveal_gold(
		RuntimeOrigin::signed(VENDOR),
		task,
		0,
		Some(answer),
		GOLD_SALT
	));
	let case = CaseOfItem::<Test>::get(task, 0).expect("contested");
	assert_eq!(Cases::<Test>::get(case).unwrap().kind, CaseKind::GoldContested);
	(task, case)
}

#[test]
fn reviewers_overturning_a_false_gold_answer_give_its_bond_to_the_annotators() {
	run_test(|| {
		let (_task, case) = contested(DOG);
		to_draw(case);
		let seats = panel(case);
		vote_all(case, &[Some(CAT), Some(CAT), Some(DOG)]);
		assert_eq!(closed(), Some((Outcome::Overturned, Some(CAT), 0)));
		// Judged against CAT as the answer: pass, pay and bonus; and a third of the bond
		// (3 × 150) each.
		assert!(verdicts().iter().all(|v| v.1 == Verdict::GoldPassed && v.2 == 150));
		assert_eq!((usd(A), usd(B), usd(C)), (300, 300, 300));
		// The fee (50 % of 3 × 150 = 225) to the majority: 112 each, the odd unit refunded.
		assert_eq!((usd(seats[0]), usd(seats[1]), usd(seats[2])), (112, 112, 0));
	});
}

#[test]
fn reviewers_upholding_a_true_gold_answer_fail_the_annotators() {
	run_test(|| {
		let (_task, case) = contested(DOG);
		to_draw(case);
		vote_all(case, &[Some(DOG), Some(DOG), Some(CAT)]);
		assert_eq!(closed(), Some((Outcome::Upheld, Some(DOG), 0)));
		// The whole collateral of each.
		assert!(verdicts().iter().all(|v| v.1 == Verdict::GoldFailed && v.3 == 50));
		assert_eq!(pallet_labeling::SlashedPot::<Test>::get(), 150);
	});
}

/// A settled item (A and B say CAT, C DOG) whose vendor appeals the label.
fn appealed_case() -> (u32, CaseId) {
	setup(5);
	let task = create_task();
	annotate(task, [CAT, CAT, DOG]);
	assert_eq!(pallet_labeling::Items::<Test>::get(task, 0).unwrap().state, ItemState::Settled);
	assert_ok!(Disputes::appeal(RuntimeOrigin::signed(VENDOR), task, 0));
	(task, CaseOfItem::<Test>::get(task, 0).unwrap())
}

#[test]
fn a_vendors_appeal_can_change_the_label_and_pays_the_panel_either_way() {
	run_test(|| {
		let (task, case) = appealed_case();
		assert_eq!(
			Cases::<Test>::get(case).unwrap().kind,
			CaseKind::Appeal { original: CAT, fee: 150 }
		);
		let paid = (usd(A), usd(B), usd(C));
		to_draw(case);
		let seats = panel(case);
		vote_all(case, &[Some(DOG), Some(DOG), Some(DOG)]);
		assert_eq!(closed(), Some((Outcome::Overturned, Some(DOG), 0)));
		let r = pallet_labeling::Pallet::<Test>::result_of(task, 0).unwrap();
		assert_eq!((r.label, r.by_dispute), (DOG, true));
		// The annotators were paid at settlement and stay paid.
		assert_eq!((usd(A), usd(B), usd(C)), paid);
		assert_eq!(seats.iter().map(|r| usd(*r)).collect::<Vec<_>>(), vec![50, 50, 50]);
	});
}

#[test]
fn an_upheld_appeal_keeps_the_label_and_still_pays_the_fee() {
	run_test(|| {
		let (task, case) = appealed_case();
		to_draw(case);
		let seats = panel(case);
		vote_all(case, &[Some(CAT), Some(CAT), Some(DOG)]);
		assert_eq!(closed(), Some((Outcome::Upheld, Some(CAT), 0)));
		assert_eq!(pallet_labeling::Pallet::<Test>::result_of(task, 0).unwrap().label, CAT);
		assert_eq!((usd(seats[0]), usd(seats[1]), usd(seats[2])), (75, 75, 0));
	});
}

#[test]
fn appeals_are_checked_and_a_refused_one_takes_nothing() {
	run_test(|| {
		setup(3);
		let task = create_task();
		assert_noop!(
			Disputes::appeal(RuntimeOrigin::signed(VENDOR), task, 0),
			pallet_labeling::Error::<Test>::NotSettled
		);
		annotate(task, [CAT, CAT, DOG]);
		// Only the vendor appeals: the annotators were paid at settlement.
		assert_noop!(
			Disputes::appeal(RuntimeOrigin::signed(C), task, 0),
			pallet_labeling::Error::<Test>::NotVendor
		);
		assert_ok!(Disputes::appeal(RuntimeOrigin::signed(VENDOR), task, 0));
		let reserved = pallet_labeling::Tasks::<Test>::get(task).unwrap().reserved;
		assert_noop!(
			Disputes::appeal(RuntimeOrigin::signed(VENDOR), task, 0),
			Error::<Test>::CaseExists
		);
		assert_eq!(pallet_labeling::Tasks::<Test>::get(task).unwrap().reserved, reserved);
		assert_noop!(
			Disputes::do_appeal(&VENDOR, task, 9),
			pallet_labeling::Error::<Test>::UnknownItem
		);
	});
}

/// Attack (found reading the appeal path while giving the fuzzer reviewers): the vendor
/// appeals a label, then closes and purges the task while the panel votes. The escrow,
/// the panel's fee with it, went back to the vendor; the tally could neither pay the panel nor
/// change the purged result, was rolled back at every try, and the reviewers' stakes stayed
/// locked for good. A task under review does not close; once the panel has decided and been
/// paid it does, and a closed task's labels are final.
#[test]
fn a_task_under_appeal_does_not_close_and_a_closed_tasks_labels_are_final() {
	run_test(|| {
		let (task, case) = appealed_case();
		assert_noop!(
			Labeling::close_task(RuntimeOrigin::signed(VENDOR), task),
			pallet_labeling::Error::<Test>::ReviewUnderWay
		);
		to_draw(case);
		let seats = panel(case);
		assert!(seats.iter().all(|r| locked(*r) > 0));
		vote_all(case, &[Some(DOG), Some(DOG), Some(DOG)]);
		assert_eq!(closed(), Some((Outcome::Overturned, Some(DOG), 0)));
		assert!(seats.iter().all(|r| locked(*r) == 0 && usd(*r) == 50));
		assert_ok!(Labeling::close_task(RuntimeOrigin::signed(VENDOR), task));
		assert_noop!(
			Disputes::appeal(RuntimeOrigin::signed(VENDOR), task, 0),
			pallet_labeling::Error::<Test>::TaskClosed
		);
	});
}

#[test]
fn the_appeal_window_closes() {
	run_test(|| {
		setup(3);
		let task = create_task();
		annotate(task, [CAT, CAT, DOG]);
		run_to_block(System::block_number() + APPEAL_WINDOW);
		assert_noop!(
			Disputes::appeal(RuntimeOrigin::signed(VENDOR), task, 0),
			pallet_labeling::Error::<Test>::AppealWindowClosed
		);
		assert_eq!(verdicts().len(), 3);
		assert!(Cases::<Test>::iter().next().is_none());
	});
}

#[test]
fn voting_rules_are_enforced() {
	run_test(|| {
		let (_task, case) = appealed_case();
		let outsider = REVIEWERS[4];
		assert_noop!(commit_vote(case, REVIEWERS[0], &CAT), Error::<Test>::NotCommitPhase);
		assert_noop!(commit_vote(9, REVIEWERS[0], &CAT), Error::<Test>::UnknownCase);
		to_draw(case);
		let seats = panel(case);
		let not_seated = REVIEWERS.iter().find(|r| !seats.contains(r)).copied().unwrap_or(outsider);
		assert_noop!(commit_vote(case, not_seated, &CAT), Error::<Test>::NotOnPanel);
		assert_noop!(reveal_vote(case, seats[0], &CAT), Error::<Test>::NotRevealPhase);
		assert_ok!(commit_vote(case, seats[0], &CAT));
		assert!(events().contains(&Event::VoteCommitted { case, reviewer: seats[0] }));
		assert_noop!(commit_vote(case, seats[0], &DOG), Error::<Test>::AlreadyCommitted);
		assert_ok!(commit_vote(case, seats[1], &Label::Class(7)));
		let Phase::Voting { commit_end, reveal_end } = Cases::<Test>::get(case).unwrap().phase
		else {
			panic!()
		};
		run_to_block(commit_end + 1);
		assert_noop!(commit_vote(case, seats[2], &CAT), Error::<Test>::NotCommitPhase);
		assert_noop!(reveal_vote(case, seats[2], &CAT), Error::<Test>::NotCommitted);
		assert_noop!(reveal_vote(case, seats[0], &DOG), Error::<Test>::CommitmentMismatch);
		assert_noop!(reveal_vote(case, seats[1], &Label::Class(7)), Error::<Test>::InvalidVote);
		assert_noop!(reveal_vote(case, not_seated, &CAT), Error::<Test>::NotOnPanel);
		assert_ok!(reveal_vote(case, seats[0], &CAT));
		assert_noop!(reveal_vote(case, seats[0], &CAT), Error::<Test>::AlreadyRevealed);
		assert_noop!(reveal_vote(9, seats[0], &CAT), Error::<Test>::UnknownCase);
		assert_noop!(
			Disputes::advance(RuntimeOrigin::signed(OUTSIDER), case),
			Error::<Test>::NothingDue
		);
		// The reveal phase ends: one of three revealed, below the 2/3 quorum. The other two
		// are slashed 20 % of their 100 locked; the case escalates to a panel of 7.
		run_to_block(reveal_end);
		assert_noop!(reveal_vote(case, seats[1], &CAT), Error::<Test>::CommitmentMismatch);
		run_to_block(reveal_end + 1);
		assert_eq!((bonded(seats[0]), bonded(seats[1]), bonded(seats[2])), (1_000, 980, 980));
		// The pot holds the reviewers' slashes and C's (38 for disagreeing on the task's
		// first item, judged at settlement).
		assert_eq!(pallet_labeling::SlashedPot::<Test>::get(), 40 + 38);
		let c = Cases::<Test>::get(case).unwrap();
		assert_eq!(c.round, 1);
		assert!(events().contains(&Event::CaseEscalated {
			case,
			round: 0,
			seats: 3,
			revealed: 1,
			draw_at: reveal_end + 1 + 2
		}));
	});
}

#[test]
fn rounds_without_a_majority_escalate_to_larger_panels_and_the_last_one_lets_the_label_stand() {
	run_test(|| {
		let (task, case) = appealed_case();
		// Round 0: panel of 3 (5 in the pool); a tie of 1-1 with one abstaining is no majority.
		to_draw(case);
		assert_eq!(panel(case).len(), 3);
		vote_all(case, &[Some(CAT), Some(DOG), None]);
		to_tally(case);
		assert_eq!(Cases::<Test>::get(case).unwrap().round, 1);
		// Round 1: 7 seats wanted, 5 in the pool.
		to_draw(case);
		assert_eq!(panel(case).len(), 5);
		vote_all(case, &[Some(CAT), Some(CAT), Some(DOG), Some(DOG), Some(BIRD)]);
		to_tally(case);
		assert_eq!(Cases::<Test>::get(case).unwrap().round, 2);
		// Round 2 (the last): two of five reveal, no quorum.
		to_draw(case);
		let last = panel(case);
		vote_all(case, &[Some(CAT), Some(DOG), None, None, None]);
		to_tally(case);
		assert_eq!(closed(), Some((Outcome::Undecided, Some(CAT), 2)));
		assert_eq!(pallet_labeling::Pallet::<Test>::result_of(task, 0).unwrap().label, CAT);
		// Without a majority, the reviewers who revealed in the last round share the fee.
		assert_eq!((usd(last[0]), usd(last[1]), usd(last[2])), (75, 75, 0));
	});
}

#[test]
fn a_no_consensus_item_nobody_can_review_fails_and_is_refunded() {
	run_test(|| {
		setup(0);
		let task = create_task();
		annotate(task, [CAT, DOG, BIRD]);
		let case = CaseOfItem::<Test>::get(task, 0).unwrap();
		for round in 0..3 {
			assert_eq!(Cases::<Test>::get(case).map(|c| c.round), Some(round));
			to_draw(case);
		}
		assert_eq!(closed(), Some((Outcome::Undecided, None, 2)));
		assert_eq!(pallet_labeling::Items::<Test>::get(task, 0).unwrap().state, ItemState::Failed);
		// The whole budget, fee included (nobody to pay it).
		assert_eq!(pallet_labeling::Tasks::<Test>::get(task).unwrap().refundable, 750);
	});
}

#[test]
fn ineligible_reviewers_are_skipped_at_the_draw() {
	run_test(|| {
		setup(5);
		// Two pool members cannot sit: one has its stake locked by slots, one lost reputation.
		let busy = REVIEWERS[0];
		assert_ok!(Labeling::unbond(RuntimeOrigin::signed(busy), 950));
		let poor = REVIEWERS[1];
		pallet_labeling::Pallet::<Test>::insert_record(
			&poor,
			Reputation { gold_fails: 5, credited_fails: 5, ..Default::default() },
		);
		let task = create_task();
		annotate(task, [CAT, DOG, BIRD]);
		let case = CaseOfItem::<Test>::get(task, 0).unwrap();
		to_draw(case);
		let mut seated = panel(case);
		seated.sort();
		assert_eq!(seated, REVIEWERS[2..5].to_vec());
		assert_eq!(locked(busy), 0);
	});
}

/// Attack: first comers fill the pool with minimum-stake accounts, keeping better-staked
/// reviewers out forever (the pool refused everyone once full).
#[test]
fn a_full_pool_takes_a_better_staked_newcomer_in_place_of_the_weakest() {
	run_test(|| {
		setup(8);
		// Every member bonded 1,000; the pool holds 16: fill it with stand-ins of 1,000.
		for f in 100..108 {
			use frame_support::traits::fungible::Mutate as _;
			assert_ok!(Balances::mint_into(&f, 1_000));
			assert_ok!(<Assets as frame_support::traits::fungibles::Mutate<_>>::mint_into(
				STAKE, &f, 2_000
			));
			bond(f, 1_000);
			assert_ok!(Disputes::join_reviewers(RuntimeOrigin::signed(f)));
		}
		// Same stake as the weakest: refused.
		bond(OUTSIDER, 1_000);
		assert_noop!(
			Disputes::join_reviewers(RuntimeOrigin::signed(OUTSIDER)),
			Error::<Test>::TooManyReviewers
		);
		// More stake: in, in place of the first member with the least.
		bond(OUTSIDER, 1);
		assert_ok!(Disputes::join_reviewers(RuntimeOrigin::signed(OUTSIDER)));
		let pool = Reviewers::<Test>::get();
		assert_eq!(pool.len(), 16);
		assert!(pool.contains(&OUTSIDER) && !pool.contains(&REVIEWERS[0]));
		assert!(events().contains(&Event::ReviewerEvicted {
			who: REVIEWERS[0],
			reason: EvictionReason::Displaced
		}));
	});
}

/// Attack: a member who unbonded their stake (or lost their record) stays in the pool
/// forever, checked only when they joined.
#[test]
fn members_who_no_longer_stand_are_evicted_by_anyone_or_by_the_draw() {
	run_test(|| {
		setup(6);
		let (unbonded, failed, fine) = (REVIEWERS[0], REVIEWERS[1], REVIEWERS[2]);
		assert_ok!(Labeling::unbond(RuntimeOrigin::signed(unbonded), 950));
		pallet_labeling::Pallet::<Test>::insert_record(
			&failed,
			Reputation { gold_fails: 5, credited_fails: 5, ..Default::default() },
		);
		assert_noop!(
			Disputes::evict_reviewer(RuntimeOrigin::signed(OUTSIDER), fine),
			Error::<Test>::StillEligible
		);
		assert_noop!(
			Disputes::evict_reviewer(RuntimeOrigin::signed(OUTSIDER), OUTSIDER),
			Error::<Test>::NotReviewer
		);
		assert_ok!(Disputes::evict_reviewer(RuntimeOrigin::signed(OUTSIDER), unbonded));
		assert!(events().contains(&Event::ReviewerEvicted {
			who: unbonded,
			reason: EvictionReason::StakeTooLow
		}));
		assert!(!Reviewers::<Test>::get().contains(&unbonded));
		// Nobody evicted `failed`: the next draw does.
		let task = create_task();
		annotate(task, [CAT, DOG, BIRD]);
		let case = CaseOfItem::<Test>::get(task, 0).unwrap();
		to_draw(case);
		assert!(events().contains(&Event::ReviewerEvicted {
			who: failed,
			reason: EvictionReason::ReputationTooLow
		}));
		assert_eq!(Reviewers::<Test>::get().into_inner(), REVIEWERS[2..6].to_vec());
		assert!(!panel(case).contains(&failed));
	});
}

/// Attack: with one eligible reviewer (say, the vendor's friend), a one-seat panel decided
/// the case alone.
#[test]
fn fewer_standing_reviewers_than_the_minimum_make_no_panel() {
	run_test(|| {
		setup(2);
		let task = create_task();
		annotate(task, [CAT, DOG, BIRD]);
		let case = CaseOfItem::<Test>::get(task, 0).unwrap();
		to_draw(case);
		assert!(panel(case).is_empty());
		for r in &REVIEWERS[..2] {
			assert_eq!(locked(*r), 0);
		}
		// The round had no majority: the case escalates (and, with nobody more, ends undecided).
		assert!(events().iter().any(|e| matches!(e, Event::CaseEscalated { seats: 0, .. })));
	});
}

/// Attack: sybils — splitting a stake over many accounts to win more seats. Seats follow
/// stake: a member with 4,000 bonded is drawn first about 4,000 / 7,000 of the time against
/// three of 1,000 (a uniform draw: a quarter).
#[test]
fn seats_are_drawn_by_stake() {
	run_test(|| {
		setup(4);
		bond(REVIEWERS[0], 3_000);
		let p = Parameters::<Test>::get();
		let case = Case {
			task: 0,
			item: 0,
			kind: CaseKind::NoConsensus,
			round: 0,
			phase: Phase::Drawing { at: 1 },
			opened: 0,
		};
		let trials = 1_000u32;
		let mut first = 0u32;
		for id in 0..trials {
			let drawn = frame_support::storage::with_transaction(|| {
				let panel = Disputes::draw_panel(id, &case);
				sp_runtime::TransactionOutcome::Rollback(Ok::<_, DispatchError>(panel))
			})
			.unwrap();
			assert_eq!(drawn.len() as u32, p.first_panel);
			if drawn[0].reviewer == REVIEWERS[0] {
				first += 1;
			}
		}
		assert!((500..=650).contains(&first), "drawn first {first} times in {trials}");
	});
}

#[test]
fn the_draw_follows_the_beacon_and_not_the_parties() {
	// The same case drawn on two different beacons seats different reviewers.
	let draw = |salt: u8| {
		let mut seated = Vec::new();
		new_test_ext().execute_with(|| {
			setup(8);
			let task = create_task();
			annotate(task, [CAT, DOG, BIRD]);
			let case = CaseOfItem::<Test>::get(task, 0).unwrap();
			let Phase::Drawing { at } = Cases::<Test>::get(case).unwrap().phase else { panic!() };
			run_to_block(at - 1);
			set_beacon([salt; 32]);
			System::set_block_number(at);
			assert_ok!(Disputes::advance(RuntimeOrigin::signed(OUTSIDER), case));
			seated = panel(case);
			assert_eq!(
				Disputes::draw_seed(case, 0),
				sp_io::hashing::blake2_256(&codec::Encode::encode(&(
					b"labelchain/panel",
					H256::repeat_byte(salt),
					case,
					0u32
				)))
			);
		});
		seated
	};
	assert_eq!(draw(1), draw(1));
	assert_ne!(draw(1), draw(2));
}

#[test]
fn full_blocks_push_cases_later_and_advance_catches_up() {
	run_test(|| {
		setup(3);
		let task = create_task();
		// Every block the first draw could go to is full.
		for at in 4..=4 + crate::schedule::MAX_SLIP as u64 {
			Schedule::<Test>::insert(
				at,
				BoundedVec::truncate_from(vec![(90, 0), (91, 0), (92, 0), (93, 0)]),
			);
		}
		annotate(task, [CAT, DOG, BIRD]);
		let case = CaseOfItem::<Test>::get(task, 0).unwrap();
		run_to_block(20);
		assert!(matches!(Cases::<Test>::get(case).unwrap().phase, Phase::Drawing { .. }));
		assert_ok!(Disputes::advance(RuntimeOrigin::signed(OUTSIDER), case));
		assert_eq!(panel(case).len(), 3);
		assert_noop!(
			Disputes::advance(RuntimeOrigin::signed(OUTSIDER), 9),
			Error::<Test>::UnknownCase
		);
	});
}

/// Fills the normal class of the current block, as someone stuffing it would.
fn fill_block() {
	let weights = <<Test as frame_system::Config>::BlockWeights as frame_support::traits::Get<
		frame_system::limits::BlockWeights,
	>>::get();
	let normal = weights.get(frame_support::dispatch::DispatchClass::Normal).max_total.unwrap();
	System::register_extra_weight_unchecked(normal, frame_support::dispatch::DispatchClass::Normal);
}

/// An appealed case whose three reviewers committed and two revealed (reveals open): the case,
/// its seats and the end of its reveal phase.
fn two_of_three_revealed() -> (CaseId, Vec<AccountId>, u64) {
	let (_task, case) = appealed_case();
	to_draw(case);
	let seats = panel(case);
	for r in &seats {
		assert_ok!(commit_vote(case, *r, &CAT));
	}
	let Phase::Voting { commit_end, reveal_end } = Cases::<Test>::get(case).unwrap().phase else {
		panic!("voting")
	};
	run_to_block(commit_end + 1);
	assert_ok!(reveal_vote(case, seats[0], &CAT));
	assert_ok!(reveal_vote(case, seats[1], &CAT));
	(case, seats, reveal_end)
}

/// Attack: a panel member committed; someone fills every block of the reveal phase so that
/// their reveal cannot get in, to have them slashed for not revealing (and the panel left
/// without its vote). The phase runs on the window clock, which skips those blocks: the
/// reveal gets in after them, and the tally, queued for the phase's end, waits for it too.
#[test]
fn stuffing_a_reviewers_reveal_phase_does_not_end_it() {
	run_test(|| {
		let (case, seats, reveal_end) = two_of_three_revealed();
		while System::block_number() <= reveal_end + 1 {
			fill_block();
			run_to_block(System::block_number() + 1);
		}
		// Past the phase by block number, the round is still open: nobody slashed.
		assert!(matches!(Cases::<Test>::get(case).unwrap().phase, Phase::Voting { .. }));
		assert_eq!(bonded(seats[2]), 1_000);
		assert_noop!(
			Disputes::advance(RuntimeOrigin::signed(OUTSIDER), case),
			Error::<Test>::NothingDue
		);
		assert_ok!(reveal_vote(case, seats[2], &CAT));
		assert_eq!(closed().map(|(o, l, _)| (o, l)), Some((Outcome::Upheld, Some(CAT))));
		assert!(seats.iter().all(|r| bonded(*r) == 1_000));
	});
}

/// Without the last reveal, the tally comes by itself once the extended phase is over.
#[test]
fn a_tally_queued_before_congestion_waits_for_the_extended_phase() {
	run_test(|| {
		let (_case, seats, reveal_end) = two_of_three_revealed();
		// Three congested blocks: the phase ends three blocks later.
		for _ in 0..3 {
			fill_block();
			run_to_block(System::block_number() + 1);
		}
		run_to_block(reveal_end + 3);
		assert_eq!(closed(), None);
		run_to_block(reveal_end + 4);
		// Two of three revealed (the quorum): the label upheld, the silent one slashed 20 % of 100.
		assert_eq!(closed().map(|(o, l, _)| (o, l)), Some((Outcome::Upheld, Some(CAT))));
		assert_eq!(bonded(seats[2]), 980);
	});
}

#[test]
fn parameters_are_governed_and_validated() {
	run_test(|| {
		let update = |u: DisputeParamsUpdate<Balance, u64>| {
			Disputes::update_params(RuntimeOrigin::root(), u)
		};
		assert_noop!(
			Disputes::update_params(RuntimeOrigin::signed(A), Default::default()),
			DispatchError::BadOrigin
		);
		for bad in [
			DisputeParamsUpdate { first_panel: Some(0), ..Default::default() },
			DisputeParamsUpdate { max_rounds: Some(0), ..Default::default() },
			// 3, 7, 15, 31: the fourth round does not fit 15 seats.
			DisputeParamsUpdate { max_rounds: Some(4), ..Default::default() },
			DisputeParamsUpdate { panel_delay: Some(1), ..Default::default() },
			DisputeParamsUpdate { commit_window: Some(0), ..Default::default() },
			DisputeParamsUpdate { reveal_window: Some(0), ..Default::default() },
			DisputeParamsUpdate { reviewer_stake: Some(0), ..Default::default() },
			DisputeParamsUpdate { quorum: Some(Perbill::from_percent(50)), ..Default::default() },
		] {
			assert_noop!(update(bad), Error::<Test>::InvalidParams);
		}
		assert_ok!(update(DisputeParamsUpdate { reviewer_stake: Some(7), ..Default::default() }));
		assert_eq!(Parameters::<Test>::get().reviewer_stake, 7);
		assert_eq!(dispute_params().panel_size(2), 15);
	});
}

#[test]
fn equal_shares_never_add_up_to_more_than_the_fee() {
	use crate::case::split_equally;
	assert_eq!(split_equally::<u8, u64>(100, &[]), vec![]);
	assert_eq!(split_equally(100u64, &[1u8, 2, 3]), vec![(1, 33), (2, 33), (3, 33)]);
	assert_eq!(split_equally(0u64, &[1u8, 2]), vec![(1, 0), (2, 0)]);
}

/// A walk over many cases with pseudo-random labels, appeals and reviewer behaviour: after
/// every block both pallets' invariants hold exactly, every unit of both assets stays with a
/// known account, and every case closes.
#[test]
fn conservation_walk() {
	for seed in 0u64..24 {
		new_test_ext().execute_with(|| {
			let mut rng = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
			let mut next = move |n: u64| {
				rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
				(rng >> 33) % n
			};
			let issuance = |asset| <Assets as Inspect<AccountId>>::total_issuance(asset);
			let (lbl0, usd0) = (issuance(STAKE), issuance(USD));
			setup(8);
			let labels = [CAT, DOG, BIRD];
			let gold =
				if next(2) == 0 { Some(Some(labels[next(3) as usize].clone())) } else { None };
			let task = create_task_with(gold.clone());
			annotate(task, [0, 1, 2].map(|_| labels[next(3) as usize].clone()));
			if let Some(Some(answer)) = gold {
				assert_ok!(Labeling::reveal_gold(
					RuntimeOrigin::signed(VENDOR),
					task,
					0,
					Some(answer),
					GOLD_SALT
				));
			}
			let state = pallet_labeling::Items::<Test>::get(task, 0).map(|i| i.state);
			if state == Some(ItemState::Settled) && next(3) > 0 {
				assert_ok!(Disputes::appeal(RuntimeOrigin::signed(VENDOR), task, 0));
			}
			let mut committed: Vec<(CaseId, u32, AccountId, Label)> = Vec::new();
			for _ in 0..120 {
				run_to_block(System::block_number() + 1);
				Disputes::check_invariants().expect("disputes invariants");
				Labeling::check_invariants(true).expect("labeling invariants");
				let Some((case, c)) = Cases::<Test>::iter().next() else { break };
				if let Phase::Voting { commit_end, .. } = c.phase {
					let now = System::block_number();
					for seat in Panels::<Test>::get(case) {
						let key = (case, c.round, seat.reviewer);
						let done = committed.iter().any(|(a, b, r, _)| (*a, *b, *r) == key);
						if now <= commit_end && !done && next(4) > 0 {
							let vote = labels[next(2) as usize].clone();
							assert_ok!(commit_vote(case, seat.reviewer, &vote));
							committed.push((case, c.round, seat.reviewer, vote));
						} else if now > commit_end && seat.vote.is_none() && next(4) > 0 {
							if let Some((.., vote)) =
								committed.iter().find(|(a, b, r, _)| (*a, *b, *r) == key)
							{
								let _ = reveal_vote(case, seat.reviewer, &vote.clone());
							}
						}
						if !Cases::<Test>::contains_key(case) {
							break;
						}
					}
				}
			}
			run_to_block(System::block_number() + APPEAL_WINDOW + 1);
			assert!(Cases::<Test>::iter().next().is_none(), "seed {seed}: a case is still open");
			assert!(matches!(
				pallet_labeling::Items::<Test>::get(task, 0).unwrap().state,
				ItemState::Settled | ItemState::Failed
			));
			assert_eq!((issuance(STAKE), issuance(USD)), (lbl0, usd0));
			let mut everyone = vec![
				VENDOR,
				A,
				B,
				C,
				OUTSIDER,
				Labeling::stake_pool_account(),
				Labeling::escrow_account(task),
			];
			everyone.extend(REVIEWERS);
			let held = |asset| {
				everyone
					.iter()
					.map(|w| <Assets as Inspect<AccountId>>::balance(asset, w))
					.sum::<Balance>()
			};
			assert_eq!((held(STAKE), held(USD)), (lbl0, usd0), "seed {seed}");
			Disputes::check_invariants().expect("disputes invariants");
			Labeling::check_invariants(true).expect("labeling invariants");
		});
	}
}

/// The vote commitment as clients compute it: the vector is pinned in the SDK's tests too
/// (`sdk/test/commitment.test.js`).
#[test]
fn vote_commitment_matches_the_sdk_vector() {
	let reviewer = sp_core::crypto::AccountId32::new([0x77; 32]);
	let c = vote_commitment(9, 2, &reviewer, &Label::Class(3), &[0x88; 32]);
	assert_eq!(
		format!("0x{}", sp_core::hexdisplay::HexDisplay::from(&c.0)),
		"0x443b8b787d29e5bf0c55d5643a8d620415dc6db269b8790409d4559d9db7b126"
	);
}
