//! LBL, the labeling token: its keyless accounts, its genesis, and fees paid in it.
//!
//! Supply policy: **fixed supply**. All [`LBL_TOTAL_SUPPLY`] is created at genesis; LBL's
//! owner, issuer, admin and freezer is [`governance_account`], which has no key, so no one can
//! mint more. What the development presets do not give to the dev accounts goes to the
//! [`incentive_pool_account`], from which governance funds rewards, and into which fees paid in
//! LBL flow back, so fees never change the supply either.
//!
//! Fees: a signer may pay in LBL by naming [`LBL_ASSET_ID`] in the `ChargeAssetTxPayment`
//! extension. The fee in LBL is the fee in `LC` scaled by LBL's minimum balance over `LC`'s
//! existential deposit ([`LblFeeConversion`]): 10⁻⁶ LBL per 10⁻³ LC, so 1 LC of fees costs
//! 0.001 LBL, and at least one unit of LBL is charged for any fee. Only LBL is accepted: any
//! other asset is refused with `InvalidTransaction::Payment`.

use crate::{
	AccountId, Assets, Balance, Balances, Runtime, LBL_ASSET_ID, LBL_DECIMALS, LBL_MIN_BALANCE,
	LBL_NAME, LBL_SYMBOL, LBL_TOTAL_SUPPLY,
};
use alloc::{vec, vec::Vec};
use frame_support::{
	traits::{fungibles, tokens::ConversionToAssetBalance},
	PalletId,
};
use pallet_asset_tx_payment::HandleCredit;
use pallet_assets::{BalanceToAssetBalance, ConversionError};
use sp_runtime::traits::{AccountIdConversion, ConvertInto};

/// Derives the keyless account that owns and administers LBL. Only governance (a two-thirds
/// council motion, or root in development) acts on LBL, through `assets.force_*` calls.
pub const GOVERNANCE_PALLET_ID: PalletId = PalletId(*b"lc/govrn");
/// Derives the keyless account that holds the LBL incentive pool.
pub const INCENTIVE_POOL_PALLET_ID: PalletId = PalletId(*b"lc/incnt");

/// LBL's owner, issuer, admin and freezer.
pub fn governance_account() -> AccountId {
	GOVERNANCE_PALLET_ID.into_account_truncating()
}

/// The LBL incentive pool: the supply not given out at genesis, and every fee paid in LBL.
pub fn incentive_pool_account() -> AccountId {
	INCENTIVE_POOL_PALLET_ID.into_account_truncating()
}

/// LBL's `pallet-assets` genesis: the asset (sufficient), its metadata, and the whole supply
/// split between `allocations` and the incentive pool, which gets the rest (the presets'
/// allocations are far below the supply; `tests` check the total).
pub fn lbl_genesis(allocations: &[(AccountId, Balance)]) -> pallet_assets::GenesisConfig<Runtime> {
	let allocated = allocations.iter().fold(0u128, |sum, (_, b)| sum.saturating_add(*b));
	let pool = LBL_TOTAL_SUPPLY.saturating_sub(allocated);
	let mut accounts: Vec<(u32, AccountId, Balance)> =
		allocations.iter().map(|(who, b)| (LBL_ASSET_ID, who.clone(), *b)).collect();
	accounts.push((LBL_ASSET_ID, incentive_pool_account(), pool));
	pallet_assets::GenesisConfig {
		assets: vec![(LBL_ASSET_ID, governance_account(), true, LBL_MIN_BALANCE)],
		metadata: vec![(
			LBL_ASSET_ID,
			LBL_NAME.as_bytes().to_vec(),
			LBL_SYMBOL.as_bytes().to_vec(),
			LBL_DECIMALS,
		)],
		accounts,
		next_asset_id: None,
		reserves: vec![],
	}
}

/// Converts a fee in `LC` to LBL at the ratio of LBL's minimum balance to `LC`'s existential
/// deposit (pallet-assets' `BalanceToAssetBalance`), and refuses every other asset.
pub struct LblFeeConversion;
impl ConversionToAssetBalance<Balance, u32, Balance> for LblFeeConversion {
	type Error = ConversionError;
	fn to_asset_balance(fee: Balance, asset: u32) -> Result<Balance, ConversionError> {
		if asset != LBL_ASSET_ID {
			return Err(ConversionError::AssetNotSufficient);
		}
		BalanceToAssetBalance::<Balances, Runtime, ConvertInto>::to_asset_balance(fee, asset)
	}
}

/// Puts fees paid in LBL into the incentive pool (so they do not shrink the fixed supply).
pub struct FeesToIncentivePool;
impl HandleCredit<AccountId, Assets> for FeesToIncentivePool {
	fn handle_credit(credit: fungibles::Credit<AccountId, Assets>) {
		// The pool holds most of the supply from genesis on, so it exists and the deposit
		// cannot fall below the minimum balance; were it refused, dropping the credit burns it.
		let _ =
			<Assets as fungibles::Balanced<AccountId>>::resolve(&incentive_pool_account(), credit);
	}
}
