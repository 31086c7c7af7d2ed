//! JSON-RPC methods for ERC-20's views of any asset, served by the node:
//! `erc20_name`, `erc20_symbol`, `erc20_decimals`, `erc20_totalSupply`, `erc20_balanceOf`,
//! `erc20_allowance`.
//!
//! Each takes the asset id first and an optional block hash last (default: the best block) and
//! returns `null` for an asset that does not exist. Balances are decimal strings: a `u128` does
//! not fit a JSON number without losing precision in JavaScript. Names and symbols are the
//! asset metadata's bytes read as UTF-8 (invalid sequences replaced by U+FFFD).

use std::{marker::PhantomData, sync::Arc};

use codec::Codec;
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{error::ErrorObject, ErrorObjectOwned},
};
pub use pallet_erc20::runtime_api::Erc20Api as Erc20RuntimeApi;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;

/// The `erc20_*` methods.
#[rpc(client, server)]
pub trait Erc20Api<BlockHash, AssetId, AccountId> {
	/// ERC-20 `name()`.
	#[method(name = "erc20_name")]
	fn name(&self, asset: AssetId, at: Option<BlockHash>) -> RpcResult<Option<String>>;

	/// ERC-20 `symbol()`.
	#[method(name = "erc20_symbol")]
	fn symbol(&self, asset: AssetId, at: Option<BlockHash>) -> RpcResult<Option<String>>;

	/// ERC-20 `decimals()`.
	#[method(name = "erc20_decimals")]
	fn decimals(&self, asset: AssetId, at: Option<BlockHash>) -> RpcResult<Option<u8>>;

	/// ERC-20 `totalSupply()`, as a decimal string.
	#[method(name = "erc20_totalSupply")]
	fn total_supply(&self, asset: AssetId, at: Option<BlockHash>) -> RpcResult<Option<String>>;

	/// ERC-20 `balanceOf(owner)`, as a decimal string.
	#[method(name = "erc20_balanceOf")]
	fn balance_of(
		&self,
		asset: AssetId,
		owner: AccountId,
		at: Option<BlockHash>,
	) -> RpcResult<Option<String>>;

	/// ERC-20 `allowance(owner, spender)`, as a decimal string.
	#[method(name = "erc20_allowance")]
	fn allowance(
		&self,
		asset: AssetId,
		owner: AccountId,
		spender: AccountId,
		at: Option<BlockHash>,
	) -> RpcResult<Option<String>>;
}

/// The error code of a failed runtime call.
pub const RUNTIME_ERROR: i32 = 1;

/// Serves the `erc20_*` methods from a client's runtime.
pub struct Erc20<C, Block, Balance> {
	client: Arc<C>,
	_marker: PhantomData<(Block, Balance)>,
}

impl<C, Block, Balance> Erc20<C, Block, Balance> {
	/// Serves from `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _marker: PhantomData }
	}
}

fn runtime_error(e: impl std::fmt::Debug) -> ErrorObjectOwned {
	ErrorObject::owned(RUNTIME_ERROR, "ERC-20 view failed in the runtime", Some(format!("{e:?}")))
}

fn text(bytes: Vec<u8>) -> String {
	String::from_utf8_lossy(&bytes).into_owned()
}

impl<C, Block, AssetId, AccountId, Balance>
	Erc20ApiServer<<Block as BlockT>::Hash, AssetId, AccountId> for Erc20<C, Block, Balance>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: Erc20RuntimeApi<Block, AssetId, AccountId, Balance>,
	AssetId: Codec + Send + Sync + 'static,
	AccountId: Codec + Send + Sync + 'static,
	Balance: Codec + ToString + Send + Sync + 'static,
{
	fn name(&self, asset: AssetId, at: Option<Block::Hash>) -> RpcResult<Option<String>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let name = self.client.runtime_api().name(at, asset).map_err(runtime_error)?;
		Ok(name.map(text))
	}

	fn symbol(&self, asset: AssetId, at: Option<Block::Hash>) -> RpcResult<Option<String>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let symbol = self.client.runtime_api().symbol(at, asset).map_err(runtime_error)?;
		Ok(symbol.map(text))
	}

	fn decimals(&self, asset: AssetId, at: Option<Block::Hash>) -> RpcResult<Option<u8>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		self.client.runtime_api().decimals(at, asset).map_err(runtime_error)
	}

	fn total_supply(&self, asset: AssetId, at: Option<Block::Hash>) -> RpcResult<Option<String>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let supply = self.client.runtime_api().total_supply(at, asset).map_err(runtime_error)?;
		Ok(supply.map(|b| b.to_string()))
	}

	fn balance_of(
		&self,
		asset: AssetId,
		owner: AccountId,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<String>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let balance =
			self.client.runtime_api().balance_of(at, asset, owner).map_err(runtime_error)?;
		Ok(balance.map(|b| b.to_string()))
	}

	fn allowance(
		&self,
		asset: AssetId,
		owner: AccountId,
		spender: AccountId,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<String>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let allowance = self
			.client
			.runtime_api()
			.allowance(at, asset, owner, spender)
			.map_err(runtime_error)?;
		Ok(allowance.map(|b| b.to_string()))
	}
}
