//! The beacon in the runtime: the slot's Aura author (round robin over the authorities of the
//! parent block) is the only key whose VRF proof moves it, also across a session change, and a
//! block without the proof is invalid.

mod common;

use frame_support::{assert_ok, traits::Hooks};
use labelchain_runtime::{Beacon, BlockNumber, Runtime, RuntimeCall, RuntimeOrigin};
use sp_consensus_aura::{sr25519::AuthorityId as AuraId, Slot, AURA_ENGINE_ID};
use sp_core::{crypto::VrfSecret, sr25519};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{traits::Dispatchable, DigestItem};

fn note(author: &sr25519::Pair, slot: u64) -> Result<(), sp_runtime::DispatchError> {
	let beacon = Beacon::beacon();
	let signature = author.vrf_sign(&pallet_beacon::vrf::sign_data(slot, &beacon));
	let (pre_output, proof) = pallet_beacon::vrf::encode_parts(&signature);
	RuntimeCall::Beacon(pallet_beacon::Call::note_vrf { pre_output, proof })
		.dispatch(RuntimeOrigin::none())
		.map(|_| ())
		.map_err(|e| e.error)
}

/// Starts a block of `slot` as the executive would: its Aura digest, then the beacon's
/// `on_initialize` (which runs before `Session`'s).
fn start_block(slot: u64) {
	let n: BlockNumber = frame_system::Pallet::<Runtime>::block_number() + 1;
	let digest = sp_runtime::generic::Digest {
		logs: vec![DigestItem::PreRuntime(
			AURA_ENGINE_ID,
			codec::Encode::encode(&Slot::from(slot)),
		)],
	};
	frame_system::Pallet::<Runtime>::initialize(&n, &Default::default(), &digest);
	<Beacon as Hooks<BlockNumber>>::on_initialize(n);
}

fn set_authorities(keys: &[Sr25519Keyring]) {
	pallet_aura::Authorities::<Runtime>::put(frame_support::BoundedVec::truncate_from(
		keys.iter().map(|k| AuraId::from(k.public())).collect::<Vec<_>>(),
	));
}

#[test]
fn only_the_slots_aura_author_moves_the_beacon() {
	common::with_preset(sp_genesis_builder::DEV_RUNTIME_PRESET, || {
		// The development chain's one authority is Alice: she authors every slot.
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 1);
		start_block(1_000);
		assert!(note(&Sr25519Keyring::Bob.pair(), 1_000).is_err());
		assert_eq!(Beacon::beacon(), [0; 32]);
		assert_ok!(note(&Sr25519Keyring::Alice.pair(), 1_000));
		assert_ne!(Beacon::beacon(), [0; 32]);
		// Once a block.
		assert!(note(&Sr25519Keyring::Alice.pair(), 1_000).is_err());
		// Round robin: slot 1_001 of [Alice, Bob] is Bob's.
		<Beacon as Hooks<BlockNumber>>::on_finalize(1);
		set_authorities(&[Sr25519Keyring::Alice, Sr25519Keyring::Bob]);
		start_block(1_001);
		assert!(note(&Sr25519Keyring::Alice.pair(), 1_001).is_err());
		assert_ok!(note(&Sr25519Keyring::Bob.pair(), 1_001));
	});
}

/// A session change replaces Aura's authorities in `on_initialize`; the block's author was
/// chosen from the old set, and its proof must still count (else no block could be made at a
/// change of the validator set).
#[test]
fn a_session_change_does_not_reject_the_old_sets_author() {
	common::with_preset(sp_genesis_builder::DEV_RUNTIME_PRESET, || {
		set_authorities(&[Sr25519Keyring::Alice, Sr25519Keyring::Bob]);
		start_block(7);
		// Slot 7 of [Alice, Bob] is Bob's; the session then brings a set of three.
		set_authorities(&[Sr25519Keyring::Alice, Sr25519Keyring::Charlie, Sr25519Keyring::Dave]);
		assert_ok!(note(&Sr25519Keyring::Bob.pair(), 7));
	});
}

#[test]
#[should_panic(expected = "every block carries its author's VRF proof")]
fn a_block_without_the_proof_is_invalid() {
	common::with_preset(sp_genesis_builder::DEV_RUNTIME_PRESET, || {
		start_block(3);
		<Beacon as Hooks<BlockNumber>>::on_finalize(1);
	});
}
