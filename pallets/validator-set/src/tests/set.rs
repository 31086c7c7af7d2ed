//! Adding and removing validators, the session length, and what `pallet-session` is handed.

use crate::{mock::*, pallet::*, Error, SessionPeriod};
use frame_support::{assert_noop, assert_ok, traits::Get};
use pallet_session::{PeriodicSessions, SessionManager, ShouldEndSession};
use sp_runtime::DispatchError;

fn validators() -> Vec<AccountId> {
	Validators::<Test>::get().into_inner()
}

fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::ValidatorSet(e) => Some(e),
			_ => None,
		})
		.collect()
}

#[test]
fn governance_adds_a_validator_with_session_keys() {
	run_test(|| {
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::signed(1), 4),
			DispatchError::BadOrigin
		);
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 4));
		assert_eq!(validators(), vec![1, 2, 3, 4]);
		assert_eq!(events(), vec![Event::ValidatorAdded { who: 4 }]);
		// pallet-session is handed the new set at the next session end.
		assert_eq!(ValidatorSet::new_session(1), Some(vec![1, 2, 3, 4]));
	});
}

#[test]
fn adding_is_refused_without_keys_twice_or_beyond_the_maximum() {
	run_test(|| {
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), 9),
			Error::<Test>::NoSessionKeys
		);
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), 2),
			Error::<Test>::AlreadyValidator
		);
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 4));
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), 5),
			Error::<Test>::TooManyValidators
		);
	});
}

#[test]
fn governance_removes_a_validator_down_to_the_minimum() {
	run_test(|| {
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::signed(1), 2),
			DispatchError::BadOrigin
		);
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::root(), 7),
			Error::<Test>::NotValidator
		);
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 2));
		assert_eq!(validators(), vec![1, 3]);
		assert_eq!(events(), vec![Event::ValidatorRemoved { who: 2 }]);
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::root(), 1),
			Error::<Test>::TooFewValidators
		);
		assert_eq!(ValidatorSet::new_session(2), Some(vec![1, 3]));
	});
}

#[test]
fn the_session_length_drives_session_rotation() {
	run_test(|| {
		type Sessions = PeriodicSessions<SessionPeriod<Test>, frame_support::traits::ConstU64<0>>;
		assert_eq!(SessionPeriod::<Test>::get(), 10);
		assert!(Sessions::should_end_session(20));
		assert!(!Sessions::should_end_session(25));

		assert_noop!(
			ValidatorSet::set_session_length(RuntimeOrigin::root(), 4),
			Error::<Test>::SessionTooShort
		);
		assert_noop!(
			ValidatorSet::set_session_length(RuntimeOrigin::signed(1), 50),
			DispatchError::BadOrigin
		);
		assert_ok!(ValidatorSet::set_session_length(RuntimeOrigin::root(), 5));
		assert_eq!(events(), vec![Event::SessionLengthSet { blocks: 5 }]);
		assert!(Sessions::should_end_session(25));
	});
}

#[test]
fn genesis_keeps_the_session_length_at_least_the_minimum() {
	use sp_runtime::BuildStorage;
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	BuildStorage::assimilate_storage(
		&crate::GenesisConfig::<Test> { validators: vec![1, 2], session_length: 1 },
		&mut storage,
	)
	.unwrap();
	sp_io::TestExternalities::new(storage).execute_with(|| {
		assert_eq!(SessionLength::<Test>::get(), 5);
		assert_eq!(ValidatorSet::new_session_genesis(0), Some(vec![1, 2]));
	});
}
