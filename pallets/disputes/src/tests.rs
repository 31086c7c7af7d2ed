//! Unit tests of every path: the pool, opening cases, the draw, voting, the tally's outcomes,
//! escalation, slashes, bonds and fees, the schedule, parameters, and a conservation walk.

use crate::{mock::*, pallet::*, types::*};
use frame_support::{assert_noop, assert_ok, traits::fungibles::Inspect, BoundedVec};
use pallet_labeling::{
	annotation::commitment_of, AgreementRule, ContentRef, ItemState, Label, LabelSchema, NewItem,
	Reputation, TaskSpec, Verdict,
};
use sp_core::H256;
use sp_runtime::{DispatchError, Perbill};

const CAT: Label = Label::Class(1);
const DOG: Label = Label::Class(2);
const BIRD: Label = Label::Class(0);

fn lbl(who: AccountId) -> Balance {
	<Assets as Inspect<AccountId>>::balance(STAKE, &who)
}
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

/// A one-item task: three classes, three annotators, 2/3 agreement, 100 USD per label.
fn create_task() -> u32 {
	let id = pallet_labeling::NextTaskId::<Test>::get();
	let spec = TaskSpec {
		instructions: ContentRef {
			uri: BoundedVec::truncate_from(b"ipfs://i".to_vec()),
			hash: H256::repeat_byte(1),
		},
		schema: LabelSchema::Categorical { classes: 3 },
		redundancy: 3,
		agreement: AgreementRule { numerator: 2, denominator: 3 },
		commit_window: 5,
		reveal_window: 5,
		reward_asset: USD,
		reward_per_label: 100,
		gold_bonus: 0,
		min_stake: 100,
		min_reputation: 0,
	};
	let item = NewItem {
		content: ContentRef {
			uri: BoundedVec::truncate_from(b"ipfs://x".to_vec()),
			hash: H256::repeat_byte(2),
		},
		answer_commitment: None,
	};
	assert_ok!(Labeling::create_task(
		RuntimeOrigin::signed(VENDOR),
		spec,
		BoundedVec::truncate_from(vec![item])
	));
	id
}

/// A, B and C label item 0 of `task` (all commit, then all reveal).
fn annotate(task: u32, labels: [Label; 3]) {
	let who = [A, B, C];
	for (w, l) in who.iter().zip(labels.iter()) {
		assert_ok!(Labeling::take_slot(RuntimeOrigin::signed(*w), task, 0));
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
		pallet_labeling::Reputations::<Test>::insert(
			r,
			Reputation { gold_fails: 3, ..Default::default() },
		);
		assert_noop!(
			Disputes::join_reviewers(RuntimeOrigin::signed(r)),
			Error::<Test>::ReputationTooLow
		);
		pallet_labeling::Reputations::<Test>::remove(r);
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
		Reviewers::<Test>::put(BoundedVec::truncate_from((100..116).collect::<Vec<_>>()));
		assert_noop!(
			Disputes::join_reviewers(RuntimeOrigin::signed(r)),
			Error::<Test>::TooManyReviewers
		);
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
fn no_consensus_opens_a_case_whose_majority_decides_and_is_paid_from_the_unspent_budget() {
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
			(CaseKind::NoConsensus, 0, Phase::Drawing { at: 3 })
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
		// Two say DOG, one BIRD: DOG has 2/3 of the revealed weight.
		let (v, c_usd) = (usd(VENDOR), usd(B));
		vote_all(case, &[Some(DOG), Some(DOG), Some(BIRD)]);
		assert_eq!(closed(), Some((Outcome::Decided, Some(DOG), 0)));
		assert_eq!(
			verdicts(),
			vec![
				(A, Verdict::Disagreed, 0, 5),
				(B, Verdict::Agreed, 100, 0),
				(C, Verdict::Disagreed, 0, 5)
			]
		);
		assert_eq!(usd(B) - c_usd, 100);
		// Unspent budget 200: half to the majority (50 each), half refundable to the vendor.
		assert_eq!((usd(seats[0]), usd(seats[1]), usd(seats[2])), (50, 50, 0));
		assert_eq!(pallet_labeling::Tasks::<Test>::get(task).unwrap().refundable, 100);
		for r in &seats {
			assert_eq!((locked(*r), bonded(*r)), (0, 1_000));
		}
		assert!(Cases::<Test>::get(case).is_none());
		assert!(CaseOfItem::<Test>::get(task, 0).is_none());
		assert_eq!(pallet_labeling::Items::<Test>::get(task, 0).unwrap().state, ItemState::Settled);
		assert_ok!(Labeling::close_task(RuntimeOrigin::signed(VENDOR), task));
		assert_eq!(usd(VENDOR) - v, 100 + 1);
	});
}

fn appealed_case(appellant: AccountId) -> (u32, CaseId) {
	setup(5);
	let task = create_task();
	annotate(task, [CAT, CAT, DOG]);
	assert!(matches!(
		pallet_labeling::Items::<Test>::get(task, 0).unwrap().state,
		ItemState::Decided { .. }
	));
	let before = lbl(appellant);
	assert_ok!(Disputes::appeal(RuntimeOrigin::signed(appellant), task, 0));
	assert_eq!(before - lbl(appellant), 500);
	assert_eq!(lbl(Disputes::bond_account()), 500);
	(task, CaseOfItem::<Test>::get(task, 0).unwrap())
}

#[test]
fn an_upheld_appeal_pays_the_bond_into_the_majoritys_stake() {
	run_test(|| {
		let (_task, case) = appealed_case(C);
		assert!(matches!(
			Cases::<Test>::get(case).unwrap().kind,
			CaseKind::Appeal { appellant: C, bond: 500, original: CAT }
		));
		to_draw(case);
		let seats = panel(case);
		let c_before = lbl(C);
		vote_all(case, &[Some(CAT), Some(CAT), Some(DOG)]);
		assert_eq!(closed(), Some((Outcome::Upheld, Some(CAT), 0)));
		assert_eq!(
			verdicts(),
			vec![
				(A, Verdict::Agreed, 100, 0),
				(B, Verdict::Agreed, 100, 0),
				(C, Verdict::Disagreed, 0, 5)
			]
		);
		// The bond (500) split by equal weights: 250 each into stake; the appellant gets nothing.
		assert_eq!((bonded(seats[0]), bonded(seats[1]), bonded(seats[2])), (1_250, 1_250, 1_000));
		assert_eq!(lbl(C), c_before);
		assert_eq!(lbl(Disputes::bond_account()), 0);
		// Fee: half of C's unpaid 100, split.
		assert_eq!((usd(seats[0]), usd(seats[1])), (25, 25));
	});
}

#[test]
fn an_overturned_appeal_returns_the_bond_and_pays_the_former_minority() {
	run_test(|| {
		let (_task, case) = appealed_case(VENDOR);
		to_draw(case);
		let seats = panel(case);
		let v = lbl(VENDOR);
		vote_all(case, &[Some(DOG), Some(DOG), Some(DOG)]);
		assert_eq!(closed(), Some((Outcome::Overturned, Some(DOG), 0)));
		assert_eq!(
			verdicts(),
			vec![
				(A, Verdict::Disagreed, 0, 5),
				(B, Verdict::Disagreed, 0, 5),
				(C, Verdict::Agreed, 100, 0)
			]
		);
		assert_eq!(lbl(VENDOR) - v, 500);
		assert!(events().contains(&Event::BondReturned { case, appellant: VENDOR, amount: 500 }));
		for r in &seats {
			assert_eq!(bonded(*r), 1_000);
		}
		// Fee: half of 200 unpaid, three ways (33, 33, 34).
		let fees: Vec<_> = seats.iter().map(|r| usd(*r)).collect();
		assert_eq!(fees.iter().sum::<Balance>(), 100);
		assert_eq!(fees, vec![33, 33, 34]);
	});
}

#[test]
fn appeals_are_checked_and_a_refused_one_takes_nothing() {
	run_test(|| {
		setup(3);
		let task = create_task();
		assert_noop!(
			Disputes::appeal(RuntimeOrigin::signed(A), task, 0),
			pallet_labeling::Error::<Test>::NotDecided
		);
		annotate(task, [CAT, CAT, DOG]);
		assert_noop!(
			Disputes::appeal(RuntimeOrigin::signed(OUTSIDER), task, 0),
			pallet_labeling::Error::<Test>::NotAffected
		);
		// Not enough of the stake asset for the bond.
		assert_ok!(<Assets as frame_support::traits::fungibles::Mutate<AccountId>>::transfer(
			STAKE,
			&C,
			&OUTSIDER,
			lbl(C) - 400,
			frame_support::traits::tokens::Preservation::Expendable
		));
		assert_noop!(
			Disputes::appeal(RuntimeOrigin::signed(C), task, 0),
			sp_runtime::TokenError::FundsUnavailable
		);
		assert_ok!(Disputes::appeal(RuntimeOrigin::signed(A), task, 0));
		assert_noop!(
			Disputes::appeal(RuntimeOrigin::signed(B), task, 0),
			pallet_labeling::Error::<Test>::NotDecided
		);
		assert_noop!(Disputes::do_appeal(&B, task, 9), pallet_labeling::Error::<Test>::UnknownItem);
	});
}

#[test]
fn the_window_closes_and_an_unappealed_decision_is_judged_as_decided() {
	run_test(|| {
		setup(3);
		let task = create_task();
		annotate(task, [CAT, CAT, DOG]);
		run_to_block(1 + APPEAL_WINDOW);
		assert_noop!(
			Disputes::appeal(RuntimeOrigin::signed(C), task, 0),
			pallet_labeling::Error::<Test>::NotDecided
		);
		assert_eq!(verdicts().len(), 3);
		assert!(Cases::<Test>::iter().next().is_none());
	});
}

#[test]
fn voting_rules_are_enforced() {
	run_test(|| {
		let (_task, case) = appealed_case(C);
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
		// The annotators are not judged yet: the pot holds the reviewers' slashes only.
		assert_eq!(pallet_labeling::SlashedPot::<Test>::get(), 40);
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
fn rounds_without_a_majority_escalate_to_larger_panels_and_the_last_one_lets_the_decision_stand() {
	run_test(|| {
		let (task, case) = appealed_case(C);
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
		// Round 2 (the last): nobody commits.
		to_draw(case);
		vote_all(case, &[None, None, None, None, None]);
		to_tally(case);
		assert_eq!(closed(), Some((Outcome::Undecided, Some(CAT), 2)));
		// The decision stands: A and B paid, C not; the bond went back.
		assert_eq!(verdicts().iter().filter(|v| v.1 == Verdict::Agreed).count(), 2);
		assert!(events().contains(&Event::BondReturned { case, appellant: C, amount: 500 }));
		assert_eq!(pallet_labeling::Items::<Test>::get(task, 0).unwrap().state, ItemState::Settled);
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
		assert_eq!(pallet_labeling::Tasks::<Test>::get(task).unwrap().refundable, 300);
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
		pallet_labeling::Reputations::<Test>::insert(
			poor,
			Reputation { gold_fails: 5, ..Default::default() },
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

#[test]
fn the_draw_follows_the_block_hash_and_not_the_parties() {
	// The same case drawn after two different histories seats different reviewers.
	let draw = |salt: u8| {
		let mut seated = Vec::new();
		new_test_ext().execute_with(|| {
			setup(8);
			let task = create_task();
			annotate(task, [CAT, DOG, BIRD]);
			let case = CaseOfItem::<Test>::get(task, 0).unwrap();
			let Phase::Drawing { at } = Cases::<Test>::get(case).unwrap().phase else { panic!() };
			run_to_block(at - 1);
			frame_system::BlockHash::<Test>::insert(at - 1, H256::repeat_byte(salt));
			System::set_block_number(at);
			assert_ok!(Disputes::advance(RuntimeOrigin::signed(OUTSIDER), case));
			seated = panel(case);
			assert_eq!(
				Disputes::draw_seed(case, 0, at),
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
		for at in 3..=3 + crate::schedule::MAX_SLIP as u64 {
			Schedule::<Test>::insert(at, BoundedVec::truncate_from(vec![90, 91, 92, 93]));
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
			DisputeParamsUpdate { appeal_bond: Some(0), ..Default::default() },
			DisputeParamsUpdate { quorum: Some(Perbill::from_percent(50)), ..Default::default() },
		] {
			assert_noop!(update(bad), Error::<Test>::InvalidParams);
		}
		assert_ok!(update(DisputeParamsUpdate { appeal_bond: Some(7), ..Default::default() }));
		assert_eq!(Parameters::<Test>::get().appeal_bond, 7);
		assert_eq!(dispute_params().panel_size(2), 15);
	});
}

#[test]
fn split_conserves_every_unit() {
	use crate::case::split;
	assert_eq!(split::<u8, u64>(100, &[]), vec![]);
	assert_eq!(split(100u64, &[(1u8, 0u64)]), vec![]);
	assert_eq!(split(100u64, &[(1u8, 1u64), (2, 1), (3, 1)]), vec![(1, 33), (2, 33), (3, 34)]);
	assert_eq!(split(10u64, &[(1u8, 3u64), (2, 1)]), vec![(1, 7), (2, 3)]);
	assert_eq!(split(0u64, &[(1u8, 3u64), (2, 1)]), vec![(1, 0), (2, 0)]);
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
			let task = create_task();
			annotate(task, [0, 1, 2].map(|_| labels[next(3) as usize].clone()));
			if let Some(ItemState::Decided { .. }) =
				pallet_labeling::Items::<Test>::get(task, 0).map(|i| i.state)
			{
				if next(3) > 0 {
					let who = [VENDOR, A, B, C][next(4) as usize];
					assert_ok!(Disputes::appeal(RuntimeOrigin::signed(who), task, 0));
				}
			}
			let mut committed: Vec<(CaseId, u32, AccountId, Label)> = Vec::new();
			for _ in 0..120 {
				run_to_block(System::block_number() + 1);
				Disputes::check_invariants(true).expect("disputes invariants");
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
				Disputes::bond_account(),
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
			Disputes::check_invariants(true).expect("disputes invariants");
			Labeling::check_invariants(true).expect("labeling invariants");
		});
	}
}
