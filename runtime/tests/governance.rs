//! The vendor council: two-thirds motions are the governance origin; smaller majorities and
//! failed motions change nothing.

mod common;

use codec::Encode;
use common::with_preset;
use frame_support::{assert_noop, assert_ok, weights::Weight};
use labelchain_runtime::{
	AccountId, Council, Labeling, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin, System,
};
use pallet_labeling::ParamsUpdate;
use sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave, Eve};
use sp_runtime::{traits::Hash, DispatchError};

fn set_min_stake(value: u128) -> RuntimeCall {
	RuntimeCall::Labeling(pallet_labeling::Call::update_params {
		update: ParamsUpdate { min_stake: Some(value), ..Default::default() },
	})
}

fn signed(who: sp_keyring::Sr25519Keyring) -> RuntimeOrigin {
	RuntimeOrigin::signed(who.to_account_id())
}

/// Proposes `call` with `threshold`, returns its hash and index.
fn propose(threshold: u32, call: RuntimeCall) -> (sp_core::H256, u32) {
	let index = pallet_collective::ProposalCount::<Runtime, pallet_collective::Instance1>::get();
	let len = call.encoded_size() as u32;
	let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
	assert_ok!(Council::propose(signed(Alice), threshold, Box::new(call), len));
	(hash, index)
}

fn close(hash: sp_core::H256, index: u32, call: &RuntimeCall) {
	assert_ok!(Council::close(
		signed(Dave),
		hash,
		index,
		Weight::from_parts(1_000_000_000_000, 1_000_000),
		call.encoded_size() as u32
	));
}

fn council_events() -> Vec<pallet_collective::Event<Runtime, pallet_collective::Instance1>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Council(e) => Some(e),
			_ => None,
		})
		.collect()
}

#[test]
fn two_of_three_council_members_change_a_labeling_parameter() {
	for preset in [DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET] {
		with_preset(preset, || {
			System::set_block_number(1);
			let before = pallet_labeling::Parameters::<Runtime>::get().min_stake;
			let call = set_min_stake(before * 2);
			let (hash, index) = propose(2, call.clone());
			assert_ok!(Council::vote(signed(Alice), hash, index, true));
			// One vote is not enough to close.
			assert!(Council::close(
				signed(Dave),
				hash,
				index,
				Weight::from_parts(1_000_000_000_000, 1_000_000),
				call.encoded_size() as u32
			)
			.is_err());
			assert_ok!(Council::vote(signed(Bob), hash, index, true));
			close(hash, index, &call);
			assert!(council_events()
				.iter()
				.any(|e| matches!(e, pallet_collective::Event::Executed { result: Ok(()), .. })));
			assert_eq!(pallet_labeling::Parameters::<Runtime>::get().min_stake, before * 2);
		});
	}
}

#[test]
fn a_rejected_motion_or_a_smaller_majority_changes_nothing() {
	with_preset(LOCAL_TESTNET_RUNTIME_PRESET, || {
		System::set_block_number(1);
		let before = pallet_labeling::Parameters::<Runtime>::get();
		// Two nays of three: disapproved.
		let call = set_min_stake(before.min_stake * 3);
		let (hash, index) = propose(2, call.clone());
		assert_ok!(Council::vote(signed(Alice), hash, index, true));
		assert_ok!(Council::vote(signed(Bob), hash, index, false));
		assert_ok!(Council::vote(signed(Charlie), hash, index, false));
		close(hash, index, &call);
		assert!(council_events()
			.iter()
			.any(|e| matches!(e, pallet_collective::Event::Disapproved { .. })));
		// A motion with a threshold of one executes at once, as one member: not governance.
		let call = set_min_stake(before.min_stake * 4);
		propose(1, call);
		assert!(council_events().iter().any(|e| matches!(
			e,
			pallet_collective::Event::Executed { result: Err(DispatchError::BadOrigin), .. }
		)));
		assert_eq!(pallet_labeling::Parameters::<Runtime>::get(), before);
		// No member alone, no outsider, and no sudo key in this preset.
		assert_noop!(
			Labeling::update_params(
				signed(Alice),
				ParamsUpdate { min_stake: Some(1), ..Default::default() }
			),
			DispatchError::BadOrigin
		);
		assert!(pallet_sudo::Key::<Runtime>::get().is_none());
		assert!(Council::propose(signed(Dave), 2, Box::new(set_min_stake(1)), 100).is_err());
	});
}

#[test]
fn the_council_governs_its_own_membership_and_lbl() {
	with_preset(LOCAL_TESTNET_RUNTIME_PRESET, || {
		System::set_block_number(1);
		let dave: AccountId = Dave.to_account_id();
		let add = RuntimeCall::CouncilMembership(pallet_membership::Call::add_member {
			who: dave.clone().into(),
		});
		let (hash, index) = propose(2, add.clone());
		assert_ok!(Council::vote(signed(Bob), hash, index, true));
		assert_ok!(Council::vote(signed(Charlie), hash, index, true));
		close(hash, index, &add);
		assert!(pallet_collective::Members::<Runtime, pallet_collective::Instance1>::get()
			.contains(&dave));

		// LBL's forced actions: freeze the asset, by motion only.
		let freeze = RuntimeCall::Assets(pallet_assets::Call::force_asset_status {
			id: labelchain_runtime::LBL_ASSET_ID.into(),
			owner: labelchain_runtime::token::governance_account().into(),
			issuer: labelchain_runtime::token::governance_account().into(),
			admin: labelchain_runtime::token::governance_account().into(),
			freezer: labelchain_runtime::token::governance_account().into(),
			min_balance: labelchain_runtime::LBL_MIN_BALANCE,
			is_sufficient: true,
			is_frozen: true,
		});
		assert!(pallet_assets::Pallet::<Runtime>::force_asset_status(
			signed(Alice),
			labelchain_runtime::LBL_ASSET_ID.into(),
			labelchain_runtime::token::governance_account().into(),
			labelchain_runtime::token::governance_account().into(),
			labelchain_runtime::token::governance_account().into(),
			labelchain_runtime::token::governance_account().into(),
			labelchain_runtime::LBL_MIN_BALANCE,
			true,
			true,
		)
		.is_err());
		// Four members now: two thirds is three ayes.
		let (hash, index) = propose(3, freeze.clone());
		for who in [Alice, Bob, Dave] {
			assert_ok!(Council::vote(signed(who), hash, index, true));
		}
		close(hash, index, &freeze);
		let lbl = pallet_assets::Asset::<Runtime>::get(labelchain_runtime::LBL_ASSET_ID)
			.expect("LBL exists");
		assert_eq!(lbl.status, pallet_assets::AssetStatus::Frozen);
	});
}

#[test]
fn the_council_governs_dispute_parameters_and_nobody_else_does() {
	with_preset(LOCAL_TESTNET_RUNTIME_PRESET, || {
		System::set_block_number(1);
		let before = pallet_disputes::Parameters::<Runtime>::get();
		let update = pallet_disputes::DisputeParamsUpdate {
			reviewer_stake: Some(before.reviewer_stake * 2),
			..Default::default()
		};
		assert_noop!(
			labelchain_runtime::Disputes::update_params(signed(Alice), update.clone()),
			DispatchError::BadOrigin
		);
		let call = RuntimeCall::Disputes(pallet_disputes::Call::update_params { update });
		let (hash, index) = propose(2, call.clone());
		assert_ok!(Council::vote(signed(Alice), hash, index, true));
		assert_ok!(Council::vote(signed(Charlie), hash, index, true));
		close(hash, index, &call);
		assert_eq!(
			pallet_disputes::Parameters::<Runtime>::get().reviewer_stake,
			before.reviewer_stake * 2
		);
	});
}

#[test]
fn the_council_sets_the_bridge_relayers_and_pauses_it() {
	with_preset(LOCAL_TESTNET_RUNTIME_PRESET, || {
		System::set_block_number(1);
		let relayers: Vec<AccountId> = [Bob, Dave, Eve].iter().map(|k| k.to_account_id()).collect();
		let relayers = frame_support::BoundedVec::try_from(relayers).expect("fits");
		assert_noop!(
			labelchain_runtime::EthBridge::set_relayers(signed(Alice), relayers.clone(), 2),
			DispatchError::BadOrigin
		);
		assert_noop!(
			labelchain_runtime::EthBridge::set_paused(signed(Alice), true),
			DispatchError::BadOrigin
		);
		for call in [
			RuntimeCall::EthBridge(pallet_eth_bridge::Call::set_relayers {
				relayers: relayers.clone(),
				threshold: 2,
			}),
			RuntimeCall::EthBridge(pallet_eth_bridge::Call::set_paused { paused: true }),
		] {
			let (hash, index) = propose(2, call.clone());
			assert_ok!(Council::vote(signed(Alice), hash, index, true));
			assert_ok!(Council::vote(signed(Charlie), hash, index, true));
			close(hash, index, &call);
		}
		assert_eq!(pallet_eth_bridge::Relayers::<Runtime>::get(), relayers);
		assert_eq!(pallet_eth_bridge::Threshold::<Runtime>::get(), 2);
		assert!(pallet_eth_bridge::Paused::<Runtime>::get());
	});
}
