//! Escrow is safe only in an asset no single account controls (issue 17): the runtime admits
//! LBL and assets whose every role is governance's or the bridge's, and refuses the rest at
//! `create_task`.

mod common;

use common::with_preset;
use frame_support::{assert_noop, assert_ok, traits::Contains, BoundedVec};
use labelchain_runtime::{
	configs::KeylessRewardAssets, token::governance_account, Assets, Balances, Labeling, Runtime,
	RuntimeOrigin, LBL_ASSET_ID, UNIT,
};
use pallet_labeling::{ContentRef, LabelSchema, NewItem, TaskSpec};
use sp_core::H256;
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{Alice, Eve};
use sp_runtime::Perbill;

const MINE: u32 = 5;

fn spec(reward_asset: u32) -> pallet_labeling::TaskSpecOf<Runtime> {
	TaskSpec {
		instructions: ContentRef {
			uri: BoundedVec::truncate_from(b"ipfs://instructions".to_vec()),
			digest: H256::repeat_byte(1),
		},
		schema: LabelSchema::Categorical { classes: 2 },
		redundancy: 3,
		max_seats: 3,
		confidence: Perbill::from_percent(90),
		commit_window: 10,
		reveal_window: 10,
		reward_asset,
		reward_per_label: 1_000,
		gold_bonus: 0,
		collateral: UNIT,
		with_gold: false,
		min_stake: 100 * UNIT,
		min_reputation: 0,
	}
}

fn items() -> BoundedVec<NewItem, <Runtime as pallet_labeling::Config>::MaxItemsPerBatch> {
	BoundedVec::truncate_from(vec![NewItem {
		content: ContentRef {
			uri: BoundedVec::truncate_from(b"ipfs://item".to_vec()),
			digest: H256::repeat_byte(2),
		},
		answer_commitment: None,
	}])
}

#[test]
fn an_asset_that_one_account_controls_cannot_hold_escrow() {
	with_preset(DEV_RUNTIME_PRESET, || {
		let alice = Alice.to_account_id();
		// Attack: Alice creates an asset; a vendor escrows a task in it; Alice, its admin and
		// freezer, could then burn, move or freeze the escrow's balance.
		assert_ok!(Assets::create(
			RuntimeOrigin::signed(alice.clone()),
			MINE.into(),
			alice.clone().into(),
			1
		));
		assert_ok!(Assets::mint(
			RuntimeOrigin::signed(alice.clone()),
			MINE.into(),
			Eve.to_account_id().into(),
			1_000_000_000
		));
		assert!(!KeylessRewardAssets::contains(&MINE));
		assert_noop!(
			Labeling::create_task(RuntimeOrigin::signed(Eve.to_account_id()), spec(MINE), items()),
			pallet_labeling::Error::<Runtime>::RewardAssetNotAllowed
		);
		// Handing the team but keeping ownership is not enough: the owner can take it back.
		let gov = governance_account();
		assert_ok!(Assets::set_team(
			RuntimeOrigin::signed(alice.clone()),
			MINE.into(),
			gov.clone().into(),
			gov.clone().into(),
			gov.clone().into()
		));
		assert!(!KeylessRewardAssets::contains(&MINE));
		// Every role governance's: the asset qualifies. (The asset's deposit moves with its
		// ownership, so the governance account must exist.)
		assert_ok!(Balances::transfer_keep_alive(
			RuntimeOrigin::signed(alice.clone()),
			gov.clone().into(),
			100 * UNIT
		));
		assert_ok!(Assets::transfer_ownership(
			RuntimeOrigin::signed(alice),
			MINE.into(),
			gov.into()
		));
		assert!(KeylessRewardAssets::contains(&MINE));
		assert_ok!(Labeling::create_task(
			RuntimeOrigin::signed(Eve.to_account_id()),
			spec(MINE),
			items()
		));
		// LBL's roles are governance's from genesis; an unknown asset never qualifies.
		assert!(KeylessRewardAssets::contains(&LBL_ASSET_ID));
		assert!(!KeylessRewardAssets::contains(&999));
	});
}

#[test]
fn bridged_assets_are_the_bridges_alone_and_their_ids_cannot_be_squatted() {
	use labelchain_runtime::{configs::RESERVED_ASSET_IDS_FROM, EthBridge};
	use pallet_eth_bridge::TokenKind;
	use sp_core::H160;
	with_preset(DEV_RUNTIME_PRESET, || {
		let alice = Alice.to_account_id();
		let usdc = H160::repeat_byte(0x55);
		let wusdc = RESERVED_ASSET_IDS_FROM + 10;
		// Attack 1: Alice creates the asset and has it registered as wrapped USDC; as its
		// issuer she could mint unbacked wrapped USDC and withdraw real USDC from the vault.
		assert_ok!(Assets::create(
			RuntimeOrigin::signed(alice.clone()),
			MINE.into(),
			alice.clone().into(),
			1
		));
		assert_noop!(
			EthBridge::register_token(
				RuntimeOrigin::root(),
				usdc,
				MINE,
				TokenKind::Wrapped,
				1_000,
				1_000,
				6
			),
			pallet_eth_bridge::Error::<Runtime>::AssetNotBridgeControlled
		);
		// Attack 2: Alice squats the id a council motion is about to register.
		assert_noop!(
			Assets::create(RuntimeOrigin::signed(alice.clone()), wusdc.into(), alice.into(), 1),
			sp_runtime::DispatchError::BadOrigin
		);
		// The motion: the bridge creates the asset and holds every role of it.
		assert_ok!(EthBridge::register_token(
			RuntimeOrigin::root(),
			usdc,
			wusdc,
			TokenKind::Wrapped,
			1_000,
			1_000,
			6
		));
		assert!(EthBridge::controls(wusdc));
		// So tasks may pay in it.
		assert!(KeylessRewardAssets::contains(&wusdc));
	});
}
