//! The beacon in the runtime: the slot's Aura author (round robin over the session's
//! authorities) is the only key whose VRF proof moves it.

mod common;

use frame_support::assert_ok;
use labelchain_runtime::{Beacon, Runtime, RuntimeCall, RuntimeOrigin};
use sp_core::{crypto::VrfSecret, sr25519, Pair};
use sp_keyring::Sr25519Keyring;
use sp_runtime::traits::Dispatchable;

fn note(author: &sr25519::Pair, slot: u64) -> Result<(), sp_runtime::DispatchError> {
	let beacon = Beacon::beacon();
	let signature = author.vrf_sign(&pallet_beacon::vrf::sign_data(slot, &beacon));
	let (pre_output, proof) = pallet_beacon::vrf::encode_parts(&signature);
	RuntimeCall::Beacon(pallet_beacon::Call::note_vrf { pre_output, proof })
		.dispatch(RuntimeOrigin::none())
		.map(|_| ())
		.map_err(|e| e.error)
}

#[test]
fn only_the_slots_aura_author_moves_the_beacon() {
	common::with_preset(sp_genesis_builder::DEV_RUNTIME_PRESET, || {
		// The development chain's one authority is Alice: she authors every slot.
		let authorities = pallet_aura::Authorities::<Runtime>::get();
		assert_eq!(authorities.len(), 1);
		pallet_aura::CurrentSlot::<Runtime>::put(sp_consensus_aura::Slot::from(1_000u64));
		assert!(note(&Sr25519Keyring::Bob.pair(), 1_000).is_err());
		assert_eq!(Beacon::beacon(), [0; 32]);
		assert_ok!(note(&Sr25519Keyring::Alice.pair(), 1_000));
		assert_ne!(Beacon::beacon(), [0; 32]);
		// Once a block.
		assert!(note(&Sr25519Keyring::Alice.pair(), 1_000).is_err());
	});
}
