//! The runtime's genesis presets build valid state, and the runtime's own integrity checks hold.

mod common;

use common::with_preset;
use frame_support::traits::{Get, IntegrityTest};
use labelchain_runtime::{
	genesis_config_presets::{get_preset, preset_names, ENDOWMENT},
	AllPalletsWithSystem, Runtime,
};
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::Sr25519Keyring;

#[test]
fn both_presets_are_listed_and_unknown_ones_are_not() {
	let names: Vec<PresetId> = preset_names();
	assert_eq!(
		names,
		vec![DEV_RUNTIME_PRESET.to_string(), LOCAL_TESTNET_RUNTIME_PRESET.to_string()]
	);
	assert!(get_preset(&PresetId::from("mainnet")).is_none());
}

#[test]
fn development_has_alice_as_sole_validator_and_sudo() {
	with_preset(DEV_RUNTIME_PRESET, || {
		let aura = pallet_aura::Authorities::<Runtime>::get();
		assert_eq!(aura.len(), 1);
		assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), 1);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(Sr25519Keyring::Alice.to_account_id()));
		assert_eq!(
			pallet_balances::Pallet::<Runtime>::free_balance(Sr25519Keyring::Bob.to_account_id()),
			ENDOWMENT
		);
	});
}

#[test]
fn local_testnet_has_four_validators_no_sudo_key_and_a_council() {
	with_preset(LOCAL_TESTNET_RUNTIME_PRESET, || {
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None);
		// The council's members, kept sorted by `pallet-membership`.
		let mut council = vec![
			Sr25519Keyring::Alice.to_account_id(),
			Sr25519Keyring::Bob.to_account_id(),
			Sr25519Keyring::Charlie.to_account_id(),
		];
		council.sort();
		assert_eq!(
			pallet_collective::Members::<Runtime, pallet_collective::Instance1>::get(),
			council
		);
		let aura: Vec<_> = pallet_aura::Authorities::<Runtime>::get().into_inner();
		assert_eq!(aura.len(), 4);
		let expected: Vec<sp_consensus_aura::sr25519::AuthorityId> = [
			Sr25519Keyring::Alice,
			Sr25519Keyring::Bob,
			Sr25519Keyring::Charlie,
			Sr25519Keyring::Dave,
		]
		.iter()
		.map(|k| k.public().into())
		.collect();
		assert_eq!(aura, expected);
		let grandpa = pallet_grandpa::Pallet::<Runtime>::grandpa_authorities();
		assert_eq!(grandpa.len(), 4);
		assert!(grandpa.iter().all(|(_, weight)| *weight == 1));
	});
}

#[test]
fn pallet_integrity_tests_hold() {
	sp_io::TestExternalities::default().execute_with(|| {
		<AllPalletsWithSystem as IntegrityTest>::integrity_test();
	});
}

#[test]
fn a_block_has_one_second_of_compute_and_a_three_second_slot() {
	use frame_support::weights::constants::WEIGHT_REF_TIME_PER_SECOND;
	let weights = <Runtime as frame_system::Config>::BlockWeights::get();
	assert_eq!(weights.max_block.ref_time(), WEIGHT_REF_TIME_PER_SECOND);
	assert_eq!(labelchain_runtime::SLOT_DURATION, 3_000);
	let minimum_period: u64 = <Runtime as pallet_timestamp::Config>::MinimumPeriod::get();
	assert_eq!(minimum_period, 1_500);
}
