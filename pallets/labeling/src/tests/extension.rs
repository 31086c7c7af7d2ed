//! `CheckReveal`: a reveal that would fail is refused at validation, so it never reaches a
//! block with its label and salt (or a gold answer) in the clear.

use super::*;
use crate::{extension::refusal, CheckReveal, Error};
use frame_support::dispatch::DispatchInfo;
use sp_runtime::{
	traits::DispatchTransaction,
	transaction_validity::{InvalidTransaction, TransactionSource, TransactionValidityError},
};

fn reveal_call(task: TaskId, item: ItemId, label: &Label, salt: [u8; 32]) -> RuntimeCall {
	RuntimeCall::Labeling(Call::reveal { task, item, label: label.clone(), salt })
}

fn validate(who: AccountId, call: &RuntimeCall) -> Result<(), TransactionValidityError> {
	CheckReveal::<Test>::new()
		.validate_only(
			Some(who).into(),
			call,
			&DispatchInfo::default(),
			0,
			TransactionSource::External,
			0,
		)
		.map(|_| ())
}

fn refused_with(error: Error<Test>) -> Result<(), TransactionValidityError> {
	Err(refusal(error.into()))
}

#[test]
fn an_early_reveal_is_refused_before_it_can_leak() {
	run_test(|| {
		// Attack: A sends its reveal before reveals open. Included in a block, its label and
		// salt would let B denounce A for the whole collateral. Refused at validation, it is
		// never included, and B has nothing to denounce with.
		bond_all();
		let task = create(vec![item(1)]);
		seat_all(task, &[A, B, C]);
		commit(A, task, 0, &CAT);
		commit(B, task, 0, &CAT);
		let early = reveal_call(task, 0, &CAT, salt_of(A));
		assert_eq!(validate(A, &early), refused_with(Error::<Test>::NotRevealPhase));
		// The refusal names the pallet's error by its index, as dispatch errors do.
		let crate_error = sp_runtime::DispatchError::from(Error::<Test>::NotRevealPhase);
		let sp_runtime::DispatchError::Module(m) = crate_error else { panic!("a module error") };
		assert_eq!(
			refusal(crate_error),
			TransactionValidityError::Invalid(InvalidTransaction::Custom(m.error[0]))
		);
		// Once every seat is committed, the same reveal is valid, and goes through.
		commit(C, task, 0, &CAT);
		assert_eq!(validate(A, &early), Ok(()));
		assert_ok!(reveal(A, task, 0, &CAT));
	});
}

#[test]
fn every_failing_reveal_is_refused_and_the_refusal_names_the_error() {
	run_test(|| {
		let task = reveals_open_c_uncommitted();
		let check = |who, label: &Label, salt| validate(who, &reveal_call(task, 0, label, salt));
		assert_eq!(check(D, &CAT, salt_of(D)), refused_with(Error::<Test>::NoSlot));
		assert_eq!(check(C, &CAT, salt_of(C)), refused_with(Error::<Test>::NotCommitted));
		// A commitment mistake (label or salt) is refused, not published.
		assert_eq!(check(A, &DOG, salt_of(A)), refused_with(Error::<Test>::CommitmentMismatch));
		assert_eq!(check(A, &CAT, [0u8; 32]), refused_with(Error::<Test>::CommitmentMismatch));
		assert_eq!(
			validate(A, &reveal_call(task, 7, &CAT, salt_of(A))),
			refused_with(Error::<Test>::UnknownItem)
		);
		assert_eq!(check(A, &CAT, salt_of(A)), Ok(()));
		assert_ok!(reveal(A, task, 0, &CAT));
		assert_eq!(check(A, &CAT, salt_of(A)), refused_with(Error::<Test>::AlreadyRevealed));
		// The runtime API answers the same.
		assert_eq!(
			Labeling::api_check_reveal(&A, task, 0, &CAT, &salt_of(A)),
			Err(Error::<Test>::AlreadyRevealed.into())
		);
		assert_eq!(Labeling::api_check_reveal(&B, task, 0, &CAT, &salt_of(B)), Ok(()));
	});
}

#[test]
fn an_early_gold_reveal_is_refused_before_it_can_leak() {
	run_test(|| {
		// Attack: the vendor reveals an item's gold answer while annotators still label it
		// (by mistake, or to tip one off). The failing call would publish the answer; refused
		// at validation, it publishes nothing.
		bond_all();
		let task = create_with(gold_spec(), vec![gold_item(2, Some(CAT))]);
		let gold = |who, answer: Option<Label>, salt| {
			validate(who, &RuntimeCall::Labeling(Call::reveal_gold { task, item: 0, answer, salt }))
		};
		assert_eq!(gold(VENDOR, Some(CAT), GOLD_SALT), refused_with(Error::<Test>::AnswerNotDue));
		seat_all(task, &[A, B, C]);
		commit(A, task, 0, &CAT);
		assert_eq!(gold(VENDOR, Some(CAT), GOLD_SALT), refused_with(Error::<Test>::AnswerNotDue));
		assert_eq!(
			gold(OTHER_VENDOR, Some(CAT), GOLD_SALT),
			refused_with(Error::<Test>::NotVendor)
		);
		commit(B, task, 0, &CAT);
		commit(C, task, 0, &CAT);
		for who in [A, B, C] {
			assert_ok!(reveal(who, task, 0, &CAT));
		}
		assert_eq!(gold(VENDOR, Some(DOG), GOLD_SALT), refused_with(Error::<Test>::AnswerMismatch));
		assert_eq!(gold(VENDOR, Some(CAT), GOLD_SALT), Ok(()));
		assert_ok!(Labeling::reveal_gold(
			RuntimeOrigin::signed(VENDOR),
			task,
			0,
			Some(CAT),
			GOLD_SALT
		));
	});
}

#[test]
fn other_calls_and_unsigned_origins_pass_and_weigh_nothing() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1)]);
		let commit_call =
			RuntimeCall::Labeling(Call::commit { task, item: 0, commitment: H256::zero() });
		// The commit itself fails (no seat) when dispatched, as before: the extension only
		// guards what would publish a secret.
		assert_eq!(validate(A, &commit_call), Ok(()));
		let ext = CheckReveal::<Test>::new();
		use sp_runtime::traits::TransactionExtension;
		assert_eq!(ext.weight(&commit_call), frame_support::weights::Weight::zero());
		// The check's computation: the reveal is charged for reading the same four keys.
		let db = db();
		assert_eq!(
			ext.weight(&reveal_call(task, 0, &CAT, [0u8; 32])),
			<() as crate::WeightInfo>::check_reveal().saturating_sub(db.reads(4))
		);
		// An unsigned origin has no seat to reveal from: the call itself refuses it.
		let call = reveal_call(task, 0, &CAT, [0u8; 32]);
		let none = ext.validate(
			frame_system::RawOrigin::None.into(),
			&call,
			&DispatchInfo::default(),
			0,
			(),
			&sp_runtime::traits::TxBaseImplication(&call),
			TransactionSource::External,
		);
		assert!(none.is_ok());
	});
}

#[test]
fn withdrawn_items_read_failed_and_the_chain_computes_the_same_commitment() {
	run_test(|| {
		bond_all();
		let task = create(vec![item(1), item(2)]);
		seat(A, task, 1);
		let seated = seats_in(A, task)[0];
		let waiting = 1 - seated;
		assert_eq!(
			Labeling::api_item(task, waiting).map(|i| i.state),
			Some(ItemState::Pending { round: 0 })
		);
		assert_ok!(Labeling::cancel_task(RuntimeOrigin::signed(VENDOR), task));
		// The stored record is untouched; the API says what it is: never to be labeled.
		assert_eq!(
			Items::<Test>::get(task, waiting).map(|i| i.state),
			Some(ItemState::Pending { round: 0 })
		);
		assert_eq!(Labeling::api_item(task, waiting).map(|i| i.state), Some(ItemState::Failed));
		// The seated item finishes by the normal rules, and reads as it is.
		assert!(matches!(
			Labeling::api_item(task, seated).map(|i| i.state),
			Some(ItemState::Labeling { .. })
		));
		assert_eq!(
			commitment(A, task, seated, &CAT),
			commitment_of(task, seated, 0, &A, &CAT, &salt_of(A))
		);
	});
}
