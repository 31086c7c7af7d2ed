//! The LabelChain side as the relayer uses it: reading the bridge pallet's storage, and signing
//! and submitting `ethBridge.attest`, `ethBridge.signOutbound`, `ethBridge.confirmRelease` and
//! `ethBridge.setSigner`.
//!
//! Extrinsics are encoded here for LabelChain's runtime (signed extrinsic format 4; extensions:
//! non-zero sender, spec and transaction version, genesis, a mortal era of 64 blocks, nonce,
//! weight, asset fee payment in LC with no tip, metadata hash not signed), so the relayer does
//! not link the runtime; at connection the chain's metadata must agree with every index and
//! extension encoded here (`metadata.rs`). Each transaction is dry-run first (`system_dryRun`, where the node allows
//! it): one that would fail is not sent, and its dispatch error is named.

use anyhow::{anyhow, Context, Result};
use codec::{Compact, Decode, Encode};
use jsonrpsee::{
	core::client::ClientT,
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use pallet_eth_bridge::{
	Deposit, DepositKey, EthAddress, EthSignature, InboundState, Outbound, OutboundNonce, Vault,
	VaultGeneration,
};
use serde::Deserialize;
use sp_core::{crypto::Pair as _, sr25519, H256};
use sp_crypto_hashing::{blake2_128, blake2_256, twox_128, twox_64};
use sp_runtime::{
	generic::Era, AccountId32, ApplyExtrinsicResult, DispatchError, MultiAddress, MultiSignature,
};
use std::{
	sync::atomic::{AtomicBool, Ordering},
	time::Duration,
};

use crate::metadata;

/// Blocks a transaction stays valid for (a mortal era): a transaction that was not included by
/// then can never be replayed.
pub const MORTALITY: u64 = 64;

/// The bridge pallet's index in LabelChain's runtime.
pub const PALLET_INDEX: u8 = 22;
/// Its name in storage keys.
const PALLET: &[u8] = b"EthBridge";

/// A transfer out as stored on LabelChain.
pub type OutboundOf = Outbound<AccountId32, u32, u128, u32>;

/// A connection to a LabelChain node, with the relayer's account.
pub struct LabelChain {
	client: WsClient,
	key: sr25519::Pair,
	genesis: H256,
	runtime: metadata::Runtime,
	/// Whether the node answers `system_dryRun` (an unsafe RPC a public node refuses).
	dry_run: AtomicBool,
}

#[derive(Deserialize)]
struct Header {
	number: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RuntimeVersion {
	spec_version: u32,
	transaction_version: u32,
}

fn to_hex(b: &[u8]) -> String {
	format!("0x{}", hex::encode(b))
}

/// Storage key of a plain value.
fn value_key(item: &[u8]) -> Vec<u8> {
	[twox_128(PALLET), twox_128(item)].concat()
}

fn twox64_concat(data: &[u8]) -> Vec<u8> {
	[twox_64(data).as_slice(), data].concat()
}

fn blake2_128_concat(data: &[u8]) -> Vec<u8> {
	[blake2_128(data).as_slice(), data].concat()
}

impl LabelChain {
	/// Connects to `url` as the account of `key`.
	pub async fn connect(url: &str, key: sr25519::Pair) -> Result<Self> {
		let client = WsClientBuilder::default()
			.connection_timeout(Duration::from_secs(10))
			.build(url)
			.await
			.with_context(|| format!("cannot reach the LabelChain node at {url}"))?;
		let genesis: String = client.request("chain_getBlockHash", rpc_params![0]).await?;
		let genesis = H256::from_slice(&hex::decode(genesis.trim_start_matches("0x"))?);
		let raw: String = client.request("state_getMetadata", rpc_params![]).await?;
		let runtime = metadata::Runtime::decode(&hex::decode(raw.trim_start_matches("0x"))?)?;
		metadata::ensure_compatible(&runtime, PALLET_INDEX)?;
		Ok(Self { client, key, genesis, runtime, dry_run: AtomicBool::new(true) })
	}

	/// The name and documentation of a dispatch error.
	pub fn explain(&self, e: &DispatchError) -> String {
		match e {
			DispatchError::Module(m) => self.runtime.error_name(m.index, m.error[0]),
			other => format!("{other:?}"),
		}
	}

	/// The relayer's LabelChain account.
	pub fn account(&self) -> AccountId32 {
		AccountId32::from(self.key.public())
	}

	/// The last finalized block.
	pub async fn finalized(&self) -> Result<H256> {
		let h: String = self.client.request("chain_getFinalizedHead", rpc_params![]).await?;
		Ok(H256::from_slice(&hex::decode(h.trim_start_matches("0x"))?))
	}

	/// Reads and decodes a storage value at `at` (the best block when `None`).
	async fn read<T: Decode>(&self, key: Vec<u8>, at: Option<H256>) -> Result<Option<T>> {
		let raw: Option<String> = self
			.client
			.request(
				"state_getStorage",
				rpc_params![to_hex(&key), at.map(|h| to_hex(h.as_bytes()))],
			)
			.await?;
		raw.map(|r| {
			let bytes = hex::decode(r.trim_start_matches("0x"))?;
			T::decode(&mut &bytes[..]).map_err(|e| anyhow!("undecodable storage: {e}"))
		})
		.transpose()
	}

	/// The vault LabelChain's bridge is configured with.
	pub async fn vault(&self) -> Result<Option<Vault>> {
		self.read(value_key(b"EthereumVault"), None).await
	}

	/// The current vault's generation, on the best block (deposits are keyed by it).
	pub async fn generation(&self) -> Result<VaultGeneration> {
		Ok(self.read(value_key(b"CurrentGeneration"), None).await?.unwrap_or(0))
	}

	/// Where deposit `key` (generation, nonce) is, on the best block.
	pub async fn inbound(&self, key: DepositKey) -> Result<Option<InboundState<u32>>> {
		let key = [value_key(b"Inbound"), twox64_concat(&key.encode())].concat();
		self.read(key, None).await
	}

	/// This relayer's attestation of deposit `key`, on the best block.
	pub async fn my_attestation(&self, key: DepositKey) -> Result<Option<H256>> {
		let key = [
			value_key(b"Attestations"),
			twox64_concat(&key.encode()),
			blake2_128_concat(&self.account().encode()),
		]
		.concat();
		self.read(key, None).await
	}

	/// The signing address this relayer registered, on the best block.
	pub async fn my_signer(&self) -> Result<Option<EthAddress>> {
		let key = [value_key(b"Signers"), blake2_128_concat(&self.account().encode())].concat();
		self.read(key, None).await
	}

	/// Whether this account is a relayer, on the best block.
	pub async fn is_relayer(&self) -> Result<bool> {
		let set: Option<Vec<AccountId32>> = self.read(value_key(b"Relayers"), None).await?;
		Ok(set.unwrap_or_default().contains(&self.account()))
	}

	/// The next outbound nonce at `at`.
	pub async fn next_outbound(&self, at: H256) -> Result<OutboundNonce> {
		Ok(self.read(value_key(b"NextOutbound"), Some(at)).await?.unwrap_or(0))
	}

	/// Transfer out `nonce` at `at` (the best block when `None`), while it is queued.
	pub async fn outbound(
		&self,
		nonce: OutboundNonce,
		at: Option<H256>,
	) -> Result<Option<OutboundOf>> {
		let key = [value_key(b"OutboundQueue"), twox64_concat(&nonce.encode())].concat();
		self.read(key, at).await
	}

	/// This relayer's signature of transfer `nonce`, on the best block.
	pub async fn my_signature(&self, nonce: OutboundNonce) -> Result<Option<EthSignature>> {
		let key = [
			value_key(b"OutboundSignatures"),
			twox64_concat(&nonce.encode()),
			blake2_128_concat(&self.account().encode()),
		]
		.concat();
		self.read(key, None).await
	}

	/// Whether this relayer confirmed the release of transfer `nonce`, on the best block.
	pub async fn my_confirmation(&self, nonce: OutboundNonce) -> Result<bool> {
		let key = [
			value_key(b"ReleaseConfirmations"),
			twox64_concat(&nonce.encode()),
			blake2_128_concat(&self.account().encode()),
		]
		.concat();
		Ok(self.read::<()>(key, None).await?.is_some())
	}

	/// Signs and submits `call` (pallet call index and arguments); returns the transaction hash.
	async fn submit(&self, call_index: u8, args: Vec<u8>) -> Result<String> {
		let call = [vec![PALLET_INDEX, call_index], args].concat();
		let version: RuntimeVersion =
			self.client.request("state_getRuntimeVersion", rpc_params![]).await?;
		let nonce: u32 = self
			.client
			.request("system_accountNextIndex", rpc_params![self.account().to_string()])
			.await?;
		// A mortal era born at the best block's parent, valid for `MORTALITY` blocks: the
		// runtime finds its birth block's hash both when the transaction is included and in a
		// dry run on the best block (whose own hash the state does not hold yet).
		let best: Header = self.client.request("chain_getHeader", rpc_params![]).await?;
		let best = u64::from_str_radix(best.number.trim_start_matches("0x"), 16)?;
		let born = best.saturating_sub(1);
		let era = Era::mortal(MORTALITY, born);
		let birth: String =
			self.client.request("chain_getBlockHash", rpc_params![era.birth(born)]).await?;
		let birth = H256::from_slice(&hex::decode(birth.trim_start_matches("0x"))?);
		// Extensions' explicit part: era, nonce, tip, fee asset (none: pay in LC) and the
		// metadata-hash mode (0: not signed with the hash; the relayer checks the metadata itself
		// at start); `CheckReveal` carries no data.
		let explicit = (era, Compact(nonce), Compact(0u128), Option::<u32>::None, 0u8).encode();
		// Their implicit part: spec and transaction version, genesis, the era's birth block, and
		// no metadata hash.
		let implicit = (
			version.spec_version,
			version.transaction_version,
			self.genesis,
			birth,
			Option::<[u8; 32]>::None,
		)
			.encode();
		let payload = [call.as_slice(), &explicit, &implicit].concat();
		let signature = if payload.len() > 256 {
			self.key.sign(&blake2_256(&payload))
		} else {
			self.key.sign(&payload)
		};
		let body = [
			vec![0x84],
			MultiAddress::<AccountId32, ()>::Id(self.account()).encode(),
			MultiSignature::Sr25519(signature).encode(),
			explicit,
			call,
		]
		.concat();
		let extrinsic = [Compact(body.len() as u32).encode(), body].concat();
		self.dry_run(&extrinsic).await?;
		self.client
			.request("author_submitExtrinsic", rpc_params![to_hex(&extrinsic)])
			.await
			.map_err(|e| anyhow!("transaction refused: {e}"))
	}

	/// Runs `extrinsic` on the best block without submitting it; an error names why it would
	/// fail. A node that does not allow dry runs lets everything through (said once).
	async fn dry_run(&self, extrinsic: &[u8]) -> Result<()> {
		if !self.dry_run.load(Ordering::Relaxed) {
			return Ok(());
		}
		let raw: String = match self
			.client
			.request("system_dryRun", rpc_params![to_hex(extrinsic)])
			.await
		{
			Ok(r) => r,
			Err(e) => {
				self.dry_run.store(false, Ordering::Relaxed);
				tracing::warn!("the node refuses dry runs ({e}); failed transactions will show only as not landing");
				return Ok(());
			}
		};
		let bytes = hex::decode(raw.trim_start_matches("0x"))?;
		match ApplyExtrinsicResult::decode(&mut &bytes[..]) {
			Ok(Ok(Ok(()))) => Ok(()),
			Ok(Ok(Err(e))) => Err(anyhow!("it would fail: {}", self.explain(&e))),
			Ok(Err(e)) => Err(anyhow!("it is invalid: {e:?}")),
			Err(e) => Err(anyhow!("the dry run's answer does not decode: {e}")),
		}
	}

	/// Submits `ethBridge.attest(deposit)`.
	pub async fn attest(&self, deposit: &Deposit<AccountId32, u128>) -> Result<String> {
		self.submit(5, deposit.encode()).await
	}

	/// Submits `ethBridge.setSigner(signer)`.
	pub async fn set_signer(&self, signer: EthAddress) -> Result<String> {
		self.submit(7, signer.encode()).await
	}

	/// Submits `ethBridge.signOutbound(nonce, signature)`.
	pub async fn sign_outbound(
		&self,
		nonce: OutboundNonce,
		signature: &EthSignature,
	) -> Result<String> {
		self.submit(8, (nonce, signature).encode()).await
	}

	/// Submits `ethBridge.confirmRelease(nonce)`.
	pub async fn confirm_release(&self, nonce: OutboundNonce) -> Result<String> {
		self.submit(10, nonce.encode()).await
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn storage_keys_follow_frame_hashers() {
		// twox128("EthBridge") ‖ twox128("NextOutbound"), as polkadot.js computes it.
		let key = value_key(b"NextOutbound");
		assert_eq!(key.len(), 32);
		assert_eq!(&key[..16], &twox_128(b"EthBridge"));
		let inbound = [value_key(b"Inbound"), twox64_concat(&(2u32, 7u64).encode())].concat();
		assert_eq!(inbound.len(), 32 + 8 + 4 + 8);
		assert_eq!(&inbound[40..44], &2u32.to_le_bytes());
		assert_eq!(&inbound[44..], &7u64.to_le_bytes());
	}
}
