//! The node's JSON-RPC, reduced to what the exporter reads: block hashes, the finalized head and
//! runtime-API calls (`state_call`) at a given block, decoded with the pallet's own types.

use anyhow::{anyhow, bail, Context, Result};
use codec::{Decode, Encode};
use jsonrpsee::{
	core::client::ClientT,
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use serde::Deserialize;
use sp_core::H256;
use std::time::Duration;

/// A connection to one node.
pub struct Node {
	client: WsClient,
	url: String,
}

/// A block, by number and hash.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BlockRef {
	/// Its number.
	pub number: u32,
	/// Its hash.
	pub hash: H256,
}

#[derive(Deserialize)]
struct Header {
	number: String,
}

/// `0x`-prefixed lower-case hex of `bytes`.
pub fn to_hex(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}

/// Parses `0x`-prefixed hex.
pub fn from_hex(s: &str) -> Result<Vec<u8>> {
	let digits = s.strip_prefix("0x").ok_or_else(|| anyhow!("`{s}` is not 0x-prefixed hex"))?;
	hex::decode(digits).map_err(|e| anyhow!("`{s}` is not hex: {e}"))
}

/// Parses a `0x`-prefixed 32-byte hash.
pub fn parse_hash(s: &str) -> Result<H256> {
	let bytes = from_hex(s)?;
	if bytes.len() != 32 {
		bail!("`{s}` is not a 32-byte hash");
	}
	Ok(H256::from_slice(&bytes))
}

impl Node {
	/// Connects to `url` (`ws://` or `wss://`), failing clearly when nothing answers.
	pub async fn connect(url: &str) -> Result<Self> {
		let client = WsClientBuilder::default()
			.connection_timeout(Duration::from_secs(10))
			.request_timeout(Duration::from_secs(60))
			.max_response_size(64 * 1024 * 1024)
			.build(url)
			.await
			.map_err(|e| anyhow!("cannot reach a node at {url}: {e}"))?;
		Ok(Self { client, url: url.to_owned() })
	}

	async fn request<R: serde::de::DeserializeOwned>(
		&self,
		method: &str,
		params: jsonrpsee::core::params::ArrayParams,
	) -> Result<R> {
		self.client
			.request(method, params)
			.await
			.with_context(|| format!("{method} on {}", self.url))
	}

	/// Hash of block `number` on the node's best chain, if it has one.
	pub async fn block_hash(&self, number: u32) -> Result<Option<H256>> {
		let hash: Option<String> = self.request("chain_getBlockHash", rpc_params![number]).await?;
		hash.map(|h| parse_hash(&h)).transpose()
	}

	/// The genesis hash: which chain this is.
	pub async fn genesis_hash(&self) -> Result<H256> {
		self.block_hash(0)
			.await?
			.ok_or_else(|| anyhow!("the node at {} has no genesis block", self.url))
	}

	/// The chain's name (`system_chain`).
	pub async fn chain_name(&self) -> Result<String> {
		self.request("system_chain", rpc_params![]).await
	}

	/// Number of the block `hash`.
	pub async fn block_number(&self, hash: H256) -> Result<u32> {
		let header: Option<Header> =
			self.request("chain_getHeader", rpc_params![to_hex(hash.as_bytes())]).await?;
		let header = header.ok_or_else(|| anyhow!("the node does not know block {hash:?}"))?;
		let digits = header.number.trim_start_matches("0x");
		u32::from_str_radix(digits, 16)
			.map_err(|e| anyhow!("bad block number `{}`: {e}", header.number))
	}

	/// The last finalized block.
	pub async fn finalized(&self) -> Result<BlockRef> {
		let hash: String = self.request("chain_getFinalizedHead", rpc_params![]).await?;
		let hash = parse_hash(&hash)?;
		Ok(BlockRef { number: self.block_number(hash).await?, hash })
	}

	/// Whether `block` is final: at or below the finalized head and on the finalized chain.
	pub async fn is_finalized(&self, block: BlockRef) -> Result<bool> {
		let head = self.finalized().await?;
		Ok(block.number <= head.number && self.block_hash(block.number).await? == Some(block.hash))
	}

	/// Calls runtime-API `method` with SCALE-encoded `args` in the state of block `at`.
	pub async fn call<R: Decode>(&self, method: &str, args: impl Encode, at: H256) -> Result<R> {
		let raw: String = self
			.request(
				"state_call",
				rpc_params![method, to_hex(&args.encode()), to_hex(at.as_bytes())],
			)
			.await?;
		let bytes = from_hex(&raw)?;
		R::decode(&mut &bytes[..]).with_context(|| {
			format!("{method} returned data this tool cannot decode: is the node a LabelChain node of the same version?")
		})
	}
}
