//! LBL at genesis (fixed supply, metadata, keyless admin) and fees paid in LBL.

mod common;

use common::with_preset;
use frame_support::{
	assert_ok,
	dispatch::{DispatchClass, DispatchInfo, Pays, PostDispatchInfo},
	traits::{
		fungible::Inspect as NativeInspect,
		fungibles::{metadata::Inspect as MetadataInspect, Inspect, Mutate},
		tokens::{ConversionToAssetBalance, Preservation},
	},
	weights::Weight,
};
use labelchain_runtime::{
	genesis_config_presets::LBL_ENDOWMENT,
	token::{governance_account, incentive_pool_account, LblFeeConversion},
	AccountId, Assets, Balances, Runtime, RuntimeCall, RuntimeOrigin, EXISTENTIAL_DEPOSIT, LBL,
	LBL_ASSET_ID, LBL_MIN_BALANCE, LBL_TOTAL_SUPPLY, UNIT,
};
use pallet_asset_tx_payment::ChargeAssetTxPayment;
use sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	traits::DispatchTransaction,
	transaction_validity::{InvalidTransaction, TransactionValidityError},
};

fn lbl(who: &AccountId) -> u128 {
	<Assets as Inspect<AccountId>>::balance(LBL_ASSET_ID, who)
}

#[test]
fn lbl_exists_at_genesis_with_a_fixed_supply_in_every_preset() {
	for preset in [DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET] {
		with_preset(preset, || {
			let details = pallet_assets::Asset::<Runtime>::get(LBL_ASSET_ID).expect("LBL exists");
			let governance = governance_account();
			assert_eq!(
				(&details.owner, &details.issuer, &details.admin, &details.freezer),
				(&governance, &governance, &governance, &governance)
			);
			assert!(details.is_sufficient);
			assert_eq!(details.min_balance, LBL_MIN_BALANCE);
			assert_eq!(
				<Assets as MetadataInspect<AccountId>>::name(LBL_ASSET_ID),
				b"LabelChain Token"
			);
			assert_eq!(<Assets as MetadataInspect<AccountId>>::symbol(LBL_ASSET_ID), b"LBL");
			assert_eq!(<Assets as MetadataInspect<AccountId>>::decimals(LBL_ASSET_ID), 12);

			// The whole supply, and nothing more, is held by the dev accounts and the pool.
			assert_eq!(
				<Assets as Inspect<AccountId>>::total_issuance(LBL_ASSET_ID),
				LBL_TOTAL_SUPPLY
			);
			let holders: Vec<(AccountId, u128)> =
				pallet_assets::Account::<Runtime>::iter_prefix(LBL_ASSET_ID)
					.map(|(who, account)| (who, account.balance))
					.collect();
			assert_eq!(holders.iter().map(|(_, b)| b).sum::<u128>(), LBL_TOTAL_SUPPLY);
			let dev_accounts = Sr25519Keyring::iter().count() as u128;
			assert_eq!(holders.len() as u128, dev_accounts + 1);
			assert_eq!(lbl(&Sr25519Keyring::Bob.to_account_id()), LBL_ENDOWMENT);
			assert_eq!(
				lbl(&incentive_pool_account()),
				LBL_TOTAL_SUPPLY - dev_accounts * LBL_ENDOWMENT
			);
		});
	}
}

#[test]
fn no_one_can_mint_lbl() {
	with_preset(DEV_RUNTIME_PRESET, || {
		// Alice is the sudo key, not LBL's issuer; the issuer has no key.
		let alice = Sr25519Keyring::Alice.to_account_id();
		assert!(pallet_assets::Pallet::<Runtime>::mint(
			RuntimeOrigin::signed(alice.clone()),
			LBL_ASSET_ID.into(),
			alice.into(),
			LBL
		)
		.is_err());
		assert_eq!(<Assets as Inspect<AccountId>>::total_issuance(LBL_ASSET_ID), LBL_TOTAL_SUPPLY);
	});
}

#[test]
fn the_fee_in_lbl_is_the_fee_in_lc_scaled_by_the_minimum_balances() {
	with_preset(DEV_RUNTIME_PRESET, || {
		assert_eq!(EXISTENTIAL_DEPOSIT / LBL_MIN_BALANCE, 1_000);
		assert_eq!(LblFeeConversion::to_asset_balance(UNIT, LBL_ASSET_ID), Ok(LBL / 1_000));
		assert_eq!(LblFeeConversion::to_asset_balance(1_234_567, LBL_ASSET_ID), Ok(1_234));
		// Other assets are refused, even sufficient ones.
		assert_ok!(pallet_assets::Pallet::<Runtime>::force_create(
			RuntimeOrigin::root(),
			2.into(),
			Sr25519Keyring::Alice.to_account_id().into(),
			true,
			1
		));
		assert!(LblFeeConversion::to_asset_balance(UNIT, 2).is_err());
	});
}

fn remark() -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::remark { remark: vec![0; 32] })
}

fn info() -> DispatchInfo {
	DispatchInfo {
		call_weight: Weight::from_parts(250_000_000, 0),
		extension_weight: Weight::zero(),
		class: DispatchClass::Normal,
		pays_fee: Pays::Yes,
	}
}

/// Charges the fee of a 100-byte remark to `who`, in `asset` (`None`: `LC`).
fn charge(who: &AccountId, asset: Option<u32>) -> Result<(), TransactionValidityError> {
	let post = PostDispatchInfo { actual_weight: None, pays_fee: Pays::Yes };
	ChargeAssetTxPayment::<Runtime>::from(0, asset)
		.test_run(RuntimeOrigin::signed(who.clone()), &remark(), &info(), 100, 0, |_| Ok(post))
		.map(|_| ())
}

#[test]
fn an_account_holding_only_lbl_pays_its_fee_in_lbl_into_the_pool() {
	with_preset(DEV_RUNTIME_PRESET, || {
		let annotator = AccountId::from([7u8; 32]);
		let alice = Sr25519Keyring::Alice.to_account_id();
		assert_ok!(<Assets as Mutate<AccountId>>::transfer(
			LBL_ASSET_ID,
			&alice,
			&annotator,
			10 * LBL,
			Preservation::Preserve
		));
		assert_eq!(Balances::balance(&annotator), 0);
		let pool_before = lbl(&incentive_pool_account());

		// Without LBL named, the fee is due in LC, which the annotator does not have.
		assert_eq!(charge(&annotator, None), Err(InvalidTransaction::Payment.into()));
		assert_ok!(charge(&annotator, Some(LBL_ASSET_ID)));

		let fee_in_lc = pallet_transaction_payment::Pallet::<Runtime>::compute_fee(100, &info(), 0);
		assert!(fee_in_lc > 0);
		let fee_in_lbl = (fee_in_lc / 1_000).max(1);
		assert_eq!(lbl(&annotator), 10 * LBL - fee_in_lbl);
		assert_eq!(lbl(&incentive_pool_account()), pool_before + fee_in_lbl);
		assert_eq!(Balances::balance(&annotator), 0);
		// Fees move LBL, they do not burn it.
		assert_eq!(<Assets as Inspect<AccountId>>::total_issuance(LBL_ASSET_ID), LBL_TOTAL_SUPPLY);
	});
}

#[test]
fn fees_in_other_assets_or_beyond_the_balance_are_refused() {
	with_preset(DEV_RUNTIME_PRESET, || {
		let alice = Sr25519Keyring::Alice.to_account_id();
		assert_ok!(pallet_assets::Pallet::<Runtime>::force_create(
			RuntimeOrigin::root(),
			2.into(),
			alice.clone().into(),
			true,
			1
		));
		assert_ok!(<Assets as Mutate<AccountId>>::mint_into(2, &alice, 1_000 * LBL));
		assert_eq!(charge(&alice, Some(2)), Err(InvalidTransaction::Payment.into()));
		assert_eq!(charge(&alice, Some(99)), Err(InvalidTransaction::Payment.into()));

		// An account whose LBL would fall below the minimum balance cannot pay in LBL.
		let poor = AccountId::from([8u8; 32]);
		assert_ok!(<Assets as Mutate<AccountId>>::transfer(
			LBL_ASSET_ID,
			&alice,
			&poor,
			LBL_MIN_BALANCE,
			Preservation::Preserve
		));
		assert_eq!(charge(&poor, Some(LBL_ASSET_ID)), Err(InvalidTransaction::Payment.into()));
		assert_eq!(lbl(&poor), LBL_MIN_BALANCE);
	});
}
