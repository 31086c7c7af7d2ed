//! Sessions rotate only when they change something: `pallet-session` charges a whole block for
//! every rotation, so an unchanged validator set is not rotated; a new validator, a removed
//! one or new session keys still reach Aura and GRANDPA within two periods.

mod common;

use frame_support::traits::Hooks;
use labelchain_runtime::{
	configs::RotateOnChange, genesis_config_presets::SESSION_LENGTH, AccountId, BlockNumber,
	Runtime, Session, SessionKeys,
};
use pallet_session::ShouldEndSession;
use sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET;
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

fn keys(aura: Sr25519Keyring, grandpa: Ed25519Keyring) -> SessionKeys {
	SessionKeys { aura: aura.public().into(), grandpa: grandpa.public().into() }
}

fn ends(now: BlockNumber) -> bool {
	RotateOnChange::should_end_session(now)
}

/// Rotates as `pallet-session` does at a period's end, with GRANDPA's scheduled change enacted.
fn rotate() {
	Session::rotate_session();
	<pallet_grandpa::Pallet<Runtime> as Hooks<BlockNumber>>::on_finalize(
		frame_system::Pallet::<Runtime>::block_number(),
	);
}

fn aura_len() -> usize {
	pallet_aura::Authorities::<Runtime>::get().len()
}

#[test]
fn an_unchanged_set_is_not_rotated_and_a_new_validator_is_in_two_rotations() {
	common::with_preset(LOCAL_TESTNET_RUNTIME_PRESET, || {
		// Four validators, their keys queued and active: nothing to rotate, at any period's end.
		assert_eq!(aura_len(), 4);
		assert!(!RotateOnChange::change_pending());
		assert!(!ends(SESSION_LENGTH) && !ends(2 * SESSION_LENGTH));
		// Eve registers keys and governance adds her.
		let eve: AccountId = Sr25519Keyring::Eve.to_account_id();
		pallet_session::NextKeys::<Runtime>::insert(
			&eve,
			keys(Sr25519Keyring::Eve, Ed25519Keyring::Eve),
		);
		assert!(!RotateOnChange::change_pending(), "keys alone do not make a validator");
		pallet_validator_set::Validators::<Runtime>::mutate(|v| v.try_push(eve.clone()).unwrap());
		// Only at a period's end.
		assert!(RotateOnChange::change_pending());
		assert!(!ends(SESSION_LENGTH - 1) && !ends(SESSION_LENGTH + 1));
		assert!(ends(SESSION_LENGTH));
		// The first rotation queues her; the second makes her an authority.
		rotate();
		assert_eq!(aura_len(), 4);
		assert!(ends(2 * SESSION_LENGTH), "the queued set is not active yet");
		rotate();
		assert_eq!(aura_len(), 5);
		assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), 5);
		assert!(!ends(3 * SESSION_LENGTH));
	});
}

#[test]
fn new_keys_and_a_removed_validator_rotate() {
	common::with_preset(LOCAL_TESTNET_RUNTIME_PRESET, || {
		// Bob's new GRANDPA key (his Aura key unchanged) is rotated in, both times.
		let bob: AccountId = Sr25519Keyring::Bob.to_account_id();
		let new = keys(Sr25519Keyring::Bob, Ed25519Keyring::Ferdie);
		pallet_session::NextKeys::<Runtime>::insert(&bob, new.clone());
		assert!(ends(SESSION_LENGTH));
		rotate();
		assert!(ends(2 * SESSION_LENGTH), "GRANDPA does not have the new key yet");
		rotate();
		assert!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities()
			.iter()
			.any(|(id, _)| *id == new.grandpa));
		assert!(!ends(3 * SESSION_LENGTH));
		// Dave removed: out within two rotations.
		let dave: AccountId = Sr25519Keyring::Dave.to_account_id();
		pallet_validator_set::Validators::<Runtime>::mutate(|v| v.retain(|a| *a != dave));
		assert!(ends(3 * SESSION_LENGTH));
		rotate();
		rotate();
		assert_eq!(aura_len(), 3);
		assert!(!ends(5 * SESSION_LENGTH));
	});
}
