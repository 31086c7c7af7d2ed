//! Commitments, reveals and denunciations.

use super::*;
use crate::Error;
use frame_support::{assert_noop, assert_ok};

#[test]
fn commit_errors() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		let h = H256::repeat_byte(1);
		assert_noop!(
			Labeling::commit(RuntimeOrigin::signed(A), 9, 0, h),
			Error::<Test>::UnknownTask
		);
		assert_noop!(
			Labeling::commit(RuntimeOrigin::signed(A), task, 9, h),
			Error::<Test>::UnknownItem
		);
		// Pending item: no stage yet.
		assert_noop!(
			Labeling::commit(RuntimeOrigin::signed(A), task, 0, h),
			Error::<Test>::NotCommitPhase
		);
		seat(A, task, 1);
		assert_noop!(Labeling::commit(RuntimeOrigin::signed(B), task, 0, h), Error::<Test>::NoSlot);
		assert_ok!(Labeling::commit(RuntimeOrigin::signed(A), task, 0, h));
		// One commitment per seat: it cannot be swapped for one chosen later.
		assert_noop!(
			Labeling::commit(RuntimeOrigin::signed(A), task, 0, H256::repeat_byte(2)),
			Error::<Test>::AlreadyCommitted
		);
		seat(B, task, 1);
		run_to_block(13);
		assert_noop!(
			Labeling::commit(RuntimeOrigin::signed(B), task, 0, h),
			Error::<Test>::NotCommitPhase
		);
	});
}

#[test]
fn reveals_open_early_once_every_seat_is_committed() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		seat_all(task, &[A, B, C]);
		commit(A, task, 0, &CAT);
		commit(B, task, 0, &CAT);
		assert_noop!(reveal(A, task, 0, &CAT), Error::<Test>::NotRevealPhase);
		commit(C, task, 0, &CAT);
		assert_ok!(reveal(A, task, 0, &CAT));
	});
}

#[test]
fn reveal_errors() {
	run_test(|| {
		let task = reveals_open_c_uncommitted();
		assert_noop!(reveal(D, task, 0, &CAT), Error::<Test>::NoSlot);
		assert_noop!(reveal(C, task, 0, &CAT), Error::<Test>::NotCommitted);
		// Wrong label, wrong salt.
		assert_noop!(reveal(A, task, 0, &DOG), Error::<Test>::CommitmentMismatch);
		assert_noop!(
			Labeling::reveal(RuntimeOrigin::signed(A), task, 0, CAT, [0u8; 32]),
			Error::<Test>::CommitmentMismatch
		);
		assert_noop!(reveal(A, 9, 0, &CAT), Error::<Test>::UnknownTask);
		assert_noop!(reveal(A, task, 9, &CAT), Error::<Test>::UnknownItem);
		assert_ok!(reveal(A, task, 0, &CAT));
		assert_noop!(reveal(A, task, 0, &CAT), Error::<Test>::AlreadyRevealed);
		// After the reveal phase nothing can be revealed.
		run_to_block(23);
		assert_noop!(reveal(B, task, 0, &CAT), Error::<Test>::NotRevealPhase);
	});
}

#[test]
fn a_label_outside_the_schema_cannot_be_revealed() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		seat(A, task, 1);
		let bad = Label::Class(3);
		commit(A, task, 0, &bad);
		run_to_block(13);
		assert_noop!(reveal(A, task, 0, &bad), Error::<Test>::InvalidLabel);
		assert_noop!(reveal(A, task, 0, &Label::Classes(1)), Error::<Test>::CommitmentMismatch);
	});
}

#[test]
fn a_commitment_cannot_be_copied_by_another_account_or_replayed_in_another_round() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		seat_all(task, &[A, B]);
		commit(A, task, 0, &CAT);
		// B copies A's commitment from the chain.
		let copied = commitment(A, task, 0, &CAT);
		assert_ok!(Labeling::commit(RuntimeOrigin::signed(B), task, 0, copied));
		run_to_block(13);
		assert_ok!(reveal(A, task, 0, &CAT));
		// Even with A's label and salt in hand, B's copy does not open for B.
		assert_noop!(
			Labeling::reveal(RuntimeOrigin::signed(B), task, 0, CAT, salt_of(A)),
			Error::<Test>::CommitmentMismatch
		);
		// One reveal of three: the round is void; round 1 needs a commitment to round 1.
		run_to_block(23);
		assert_ok!(Labeling::settle(RuntimeOrigin::signed(OUTSIDER), task, 0));
		assert_eq!(round_of(task, 0), 1);
		let old = commitment_of(task, 0, 0, &A, &CAT, &salt_of(A));
		seat(A, task, 1);
		assert_ok!(Labeling::commit(RuntimeOrigin::signed(A), task, 0, old));
		run_to_block(35);
		assert_noop!(reveal(A, task, 0, &CAT), Error::<Test>::CommitmentMismatch);
	});
}

#[test]
fn a_leaked_commitment_is_slashed_and_the_denouncer_rewarded() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		seat_all(task, &[A, B]);
		commit(A, task, 0, &CAT);
		let denounce = |who, annotator, label: Label, salt| {
			Labeling::denounce(RuntimeOrigin::signed(who), task, 0, annotator, label, salt)
		};
		assert_noop!(denounce(A, A, CAT, salt_of(A)), Error::<Test>::CannotDenounceSelf);
		assert_noop!(denounce(D, A, DOG, salt_of(A)), Error::<Test>::CommitmentMismatch);
		assert_noop!(denounce(D, C, CAT, salt_of(C)), Error::<Test>::NoSlot);
		assert_noop!(denounce(D, B, CAT, salt_of(B)), Error::<Test>::NotCommitted);
		let before = lbl(D);
		// A sold the label and salt; D publishes them.
		assert_ok!(denounce(D, A, CAT, salt_of(A)));
		// The whole collateral (50) is slashed; half goes to D, half stays in the slashed pot.
		assert_eq!(lbl(D) - before, 25);
		assert_eq!(SlashedPot::<Test>::get(), 25);
		assert_eq!((ledger(A).bonded, ledger(A).locked), (950, 0));
		assert!(ledger(A).seats.is_empty());
		let rep = Labeling::record_of(&A);
		assert_eq!((rep.strikes, rep.risk), (1, 916_291));
		assert_eq!(Slots::<Test>::get(task, 0).len(), 1);
		assert!(labeling_events().contains(&Event::Denounced {
			task,
			item: 0,
			annotator: A,
			denouncer: D,
			slashed: 50,
			reward: 25
		}));
		// The freed seat goes back to the open set and can be drawn again.
		assert_eq!(OpenItems::<Test>::get(task).to_vec(), vec![0]);
		seat_all(task, &[C, E]);
		commit(C, task, 0, &CAT);
		commit(B, task, 0, &CAT);
		commit(E, task, 0, &CAT);
		// Once reveals are open, publishing a preimage is just revealing early: no denouncing.
		assert_noop!(denounce(D, C, CAT, salt_of(C)), Error::<Test>::NotCommitPhase);
	});
}

#[test]
fn open_tasks_and_annotator_api() {
	run_test(|| {
		let task = create((0..4).map(item).collect());
		assert!(Labeling::api_open_tasks(&A, 0, 10).is_empty());
		bond_all();
		let other = create(vec![item(9)]);
		assert_eq!(Labeling::api_open_tasks(&A, 0, 10), vec![task, other]);
		assert_eq!(Labeling::api_open_tasks(&A, 1, 10), vec![other]);
		assert_eq!(Labeling::api_open_tasks(&A, 0, 1), vec![task]);
		let got = seat(A, task, 2);
		let info = Labeling::api_annotator(&A);
		assert_eq!((info.bonded, info.locked, info.requested), (1_000, 100, 0));
		assert_eq!(info.seats, got.iter().map(|i| (task, *i)).collect::<Vec<_>>());
		// A newcomer weighs ln(4/1) (the mock's probation prior).
		assert_eq!(info.vote_weight, 1_386_294);
		let t = Labeling::api_task(task).unwrap();
		// Per item: 3 seats × 200 (the pay cap) and a review fee of 50 % of 3 × 100.
		assert_eq!(t.owed, 4 * (600 + 150));
	});
}

/// The commitment formats as clients compute them: these vectors are pinned in the SDK's tests
/// too (`sdk/test/commitment.test.js`), so that a change on either side fails a test.
#[test]
fn commitment_formats_match_the_sdk_vectors() {
	use crate::{task::gold_commitment, BoundingBox, Label};
	use sp_core::crypto::AccountId32;
	let hex = |h: H256| format!("0x{}", sp_core::hexdisplay::HexDisplay::from(&h.0));
	let who = AccountId32::new([0x11; 32]);
	let salt = [0x22; 32];
	let boxes = Label::Boxes(BoundedVec::truncate_from(vec![BoundingBox {
		class: 2,
		x: 10,
		y: 20,
		width: 30,
		height: 40,
	}]));
	let vectors = [
		(Label::Class(5), "0x2024480ca579ee69edef6bf1d4b42ea91cb5d2e8339e7d90857ffba836add2ee"),
		(Label::Classes(0b1011), "0x5181bf48f9ae681ac8b6441c556873e56aa9b5c397be14020ce33ceda212ceea"),
		(boxes, "0xc23e1e1254468e3abc525db32675ed4e346602b288869f375a23cf5ff50eadca"),
		(
			Label::Text(H256::repeat_byte(0x33)),
			"0x045a9d09ddad2e819516fd850ee06869e20e9fb1fac40cb912dacc903ed7cd45",
		),
	];
	for (label, expected) in vectors {
		assert_eq!(hex(commitment_of(7, 3, 1, &who, &label, &salt)), expected, "{label:?}");
	}
	let vendor = AccountId32::new([0x44; 32]);
	let content = H256::repeat_byte(0x55);
	let gold = gold_commitment(&vendor, &content, &Some(Label::Class(1)), &[0x66; 32]);
	assert_eq!(hex(gold), "0xe44a579eb2a971da0e5e92ce52d79b30a9ec5d0a7fb2a5d026781bdd8f8d2074");
	let decoy = gold_commitment(&vendor, &content, &None, &[0x66; 32]);
	assert_eq!(hex(decoy), "0x7f09387a88c6784e13502cea047663d8ed534bca101e72aff74b1ae9f8ef6b08");
}
