//! The beacon: only the slot author's VRF on the right input moves it, once a block.

use crate::{mock::*, vrf, Error, Event, Noted, Randomness, INHERENT_IDENTIFIER};
use frame_support::{
	assert_noop, assert_ok,
	inherent::{InherentData, ProvideInherent},
	traits::Hooks,
};
use sp_core::{crypto::VrfSecret, sr25519, Pair};
use sp_runtime::DispatchError;

fn key(n: u8) -> sr25519::Pair {
	sr25519::Pair::from_seed(&[n; 32])
}

/// `author`'s VRF signature for `slot` after the current beacon, as the inherent carries it.
fn proof(author: &sr25519::Pair, slot: u64) -> ([u8; 32], [u8; 64]) {
	let signature = author.vrf_sign(&vrf::sign_data(slot, &Randomness::<Test>::get()));
	vrf::encode_parts(&signature)
}

fn note(parts: ([u8; 32], [u8; 64])) -> Result<(), DispatchError> {
	Beacon::note_vrf(RuntimeOrigin::none(), parts.0, parts.1)
}

fn end_block() {
	<Beacon as Hooks<u64>>::on_finalize(System::block_number());
	System::set_block_number(System::block_number() + 1);
}

#[test]
fn the_slot_authors_vrf_moves_the_beacon_once_a_block() {
	new_test_ext().execute_with(|| {
		let alice = key(1);
		set_author(7, alice.public());
		assert_eq!(Randomness::<Test>::get(), [0; 32]);
		assert_ok!(note(proof(&alice, 7)));
		let first = Randomness::<Test>::get();
		assert_ne!(first, [0; 32]);
		System::assert_last_event(Event::BeaconUpdated { slot: 7, beacon: first }.into());
		assert_noop!(note(proof(&alice, 7)), Error::<Test>::AlreadyNoted);
		end_block();
		assert!(!Noted::<Test>::get());
		// The next slot's input includes the beacon: a different output.
		set_author(8, alice.public());
		assert_ok!(note(proof(&alice, 8)));
		assert_ne!(Randomness::<Test>::get(), first);
	});
}

/// Attack: the author grinds the seed. Whatever else they vary, the beacon after their block
/// is one value: the same key, slot and previous beacon give the same output every time.
#[test]
fn an_author_cannot_choose_the_output() {
	let run = || {
		new_test_ext().execute_with(|| {
			set_author(9, key(1).public());
			assert_ok!(note(proof(&key(1), 9)));
			Randomness::<Test>::get()
		})
	};
	assert_eq!(run(), run());
}

/// Attack: an author proves a VRF with another key, for another slot, or sends garbage.
#[test]
fn only_the_slot_authors_proof_for_this_slot_counts() {
	new_test_ext().execute_with(|| {
		assert_noop!(note(proof(&key(1), 3)), Error::<Test>::UnknownAuthor);
		set_author(3, key(1).public());
		assert_noop!(note(proof(&key(2), 3)), Error::<Test>::InvalidProof);
		assert_noop!(note(proof(&key(1), 4)), Error::<Test>::InvalidProof);
		let (pre_output, mut bad) = proof(&key(1), 3);
		bad[5] ^= 1;
		assert!(note((pre_output, bad)).is_err());
		assert_noop!(
			Beacon::note_vrf(RuntimeOrigin::signed(1), pre_output, proof(&key(1), 3).1),
			DispatchError::BadOrigin
		);
		assert_eq!(Randomness::<Test>::get(), [0; 32]);
	});
}

#[test]
fn the_inherent_is_built_from_the_authors_data_and_always_required() {
	new_test_ext().execute_with(|| {
		let mut data = InherentData::new();
		assert!(Beacon::create_inherent(&data).is_none());
		assert!(matches!(Beacon::is_inherent_required(&data), Ok(Some(_))));
		set_author(5, key(1).public());
		let parts = proof(&key(1), 5);
		data.put_data(INHERENT_IDENTIFIER, &parts).unwrap();
		let call = Beacon::create_inherent(&data).expect("built");
		assert!(Beacon::is_inherent(&call));
		assert_eq!(call, crate::Call::note_vrf { pre_output: parts.0, proof: parts.1 });
	});
}

/// The benchmark's fixed proof (made with `key(7)` for slot 42 on a zero beacon) still
/// verifies: a change to the VRF input must renew it.
#[test]
fn the_benchmark_fixture_verifies() {
	let author = key(7);
	let fresh = vrf::encode_parts(&author.vrf_sign(&vrf::sign_data(42, &[0; 32])));
	let (pre_output, proof) = crate::benchmarking_fixture::PROOF;
	assert_eq!(author.public().0, crate::benchmarking_fixture::AUTHOR);
	assert_eq!(fresh.0, pre_output, "VRF outputs are unique: the fixture's must match");
	let signature = vrf::signature(&pre_output, &proof).expect("decodes");
	assert!(vrf::verified_output(&author.public(), 42, &[0; 32], &signature).is_some());
}
