//! `Erc20Api`: the ERC-20 views of any asset, for wallets, exchanges, the bridge relayer and
//! the node's `erc20_*` RPC methods.

use crate::{pallet::*, AssetIdOf, BalanceOf};
use alloc::vec::Vec;
use codec::Codec;
use frame_support::traits::fungibles::{metadata::Inspect as MetadataInspect, Inspect};

sp_api::decl_runtime_apis! {
	/// ERC-20's view functions. Each returns `None` for an asset id that does not exist.
	pub trait Erc20Api<AssetId, AccountId, Balance>
	where
		AssetId: Codec,
		AccountId: Codec,
		Balance: Codec,
	{
		/// `name()`: the asset's name as set in its metadata (UTF-8 bytes; empty if unset).
		fn name(asset: AssetId) -> Option<Vec<u8>>;
		/// `symbol()`: the asset's symbol (UTF-8 bytes; empty if unset).
		fn symbol(asset: AssetId) -> Option<Vec<u8>>;
		/// `decimals()`.
		fn decimals(asset: AssetId) -> Option<u8>;
		/// `totalSupply()`.
		fn total_supply(asset: AssetId) -> Option<Balance>;
		/// `balanceOf(owner)`.
		fn balance_of(asset: AssetId, owner: AccountId) -> Option<Balance>;
		/// `allowance(owner, spender)`.
		fn allowance(asset: AssetId, owner: AccountId, spender: AccountId) -> Option<Balance>;
	}
}

impl<T: Config> Pallet<T> {
	/// [`Erc20Api::name`].
	pub fn token_name(asset: AssetIdOf<T>) -> Option<Vec<u8>> {
		T::Assets::asset_exists(asset.clone()).then(|| T::Assets::name(asset))
	}

	/// [`Erc20Api::symbol`].
	pub fn token_symbol(asset: AssetIdOf<T>) -> Option<Vec<u8>> {
		T::Assets::asset_exists(asset.clone()).then(|| T::Assets::symbol(asset))
	}

	/// [`Erc20Api::decimals`].
	pub fn token_decimals(asset: AssetIdOf<T>) -> Option<u8> {
		T::Assets::asset_exists(asset.clone()).then(|| T::Assets::decimals(asset))
	}

	/// [`Erc20Api::total_supply`].
	pub fn total_supply(asset: AssetIdOf<T>) -> Option<BalanceOf<T>> {
		T::Assets::asset_exists(asset.clone()).then(|| T::Assets::total_issuance(asset))
	}

	/// [`Erc20Api::balance_of`].
	pub fn balance_of(asset: AssetIdOf<T>, owner: &T::AccountId) -> Option<BalanceOf<T>> {
		T::Assets::asset_exists(asset.clone()).then(|| T::Assets::balance(asset, owner))
	}

	/// [`Erc20Api::allowance`].
	pub fn allowance(
		asset: AssetIdOf<T>,
		owner: &T::AccountId,
		spender: &T::AccountId,
	) -> Option<BalanceOf<T>> {
		T::Assets::asset_exists(asset.clone()).then(|| Self::allowance_of(&asset, owner, spender))
	}
}
