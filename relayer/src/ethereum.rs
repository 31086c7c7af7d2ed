//! The Ethereum side as the relayer reads it: the head, and the vault's `Deposit` and
//! `Released` logs.

use anyhow::{anyhow, bail, Context, Result};
use jsonrpsee::{
	core::client::ClientT,
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use pallet_eth_bridge::{Deposit, EthAddress};
use serde::Deserialize;
use sp_core::H256;
use sp_runtime::AccountId32;
use std::time::Duration;

/// `keccak256("Deposit(uint64,address,address,bytes32,uint256,uint8)")`.
pub fn deposit_topic() -> H256 {
	H256(sp_crypto_hashing::keccak_256(b"Deposit(uint64,address,address,bytes32,uint256,uint8)"))
}

/// `keccak256("Released(uint64,address,address,uint256)")`.
pub fn released_topic() -> H256 {
	H256(sp_crypto_hashing::keccak_256(b"Released(uint64,address,address,uint256)"))
}

/// What a vault log tells the relayer.
#[derive(Debug, PartialEq, Eq)]
pub enum VaultEvent {
	/// A deposit to attest on LabelChain.
	Deposit(Deposit<AccountId32, u128>),
	/// The vault paid out transfer `nonce`: to confirm on LabelChain.
	Released(u64),
}

/// Decodes a vault log the relayer acts on.
pub fn decode_event(log: &Log) -> Result<VaultEvent> {
	match log.topics.first().map(|t| bytes(t)).transpose()? {
		Some(t) if t == deposit_topic().as_bytes() => decode_deposit(log).map(VaultEvent::Deposit),
		Some(t) if t == released_topic().as_bytes() => {
			if log.topics.len() != 4 {
				bail!("a Released log has 4 topics");
			}
			Ok(VaultEvent::Released(nonce_topic(&log.topics[1])?))
		}
		_ => bail!("neither a Deposit nor a Released log"),
	}
}

/// A `uint64` indexed topic.
fn nonce_topic(topic: &str) -> Result<u64> {
	let word: [u8; 32] =
		bytes(topic)?.try_into().map_err(|_| anyhow!("a topic is not 32 bytes"))?;
	if word[..24].iter().any(|b| *b != 0) {
		bail!("nonce does not fit 64 bits");
	}
	Ok(u64::from_be_bytes(word[24..].try_into().expect("8 bytes")))
}

/// A JSON-RPC connection to an Ethereum node.
pub struct Ethereum {
	client: WsClient,
}

/// A log as `eth_getLogs` returns it.
#[derive(Deserialize, Debug, Clone)]
#[serde(rename_all = "camelCase")]
pub struct Log {
	/// Emitting contract.
	pub address: String,
	/// Indexed topics.
	pub topics: Vec<String>,
	/// Non-indexed data.
	pub data: String,
	/// Block number (hex).
	pub block_number: String,
	/// Transaction hash.
	pub transaction_hash: String,
	/// Whether a reorg removed it.
	#[serde(default)]
	pub removed: bool,
}

fn quantity(s: &str) -> Result<u64> {
	u64::from_str_radix(s.trim_start_matches("0x"), 16)
		.map_err(|e| anyhow!("bad quantity {s}: {e}"))
}

fn bytes(s: &str) -> Result<Vec<u8>> {
	hex::decode(s.trim_start_matches("0x")).map_err(|e| anyhow!("bad hex {s}: {e}"))
}

/// Decodes a vault `Deposit` log into the deposit relayers attest.
pub fn decode_deposit(log: &Log) -> Result<Deposit<AccountId32, u128>> {
	if log.topics.len() != 4 || bytes(&log.topics[0])? != deposit_topic().as_bytes() {
		bail!("not a Deposit log");
	}
	let word = |i: usize| -> Result<[u8; 32]> {
		bytes(&log.topics[i])?.try_into().map_err(|_| anyhow!("topic {i} is not 32 bytes"))
	};
	let nonce = nonce_topic(&log.topics[1])?;
	let address = |w: [u8; 32]| EthAddress::from_slice(&w[12..]);
	let data = bytes(&log.data)?;
	if data.len() != 96 {
		bail!("Deposit data is {} bytes, not 96", data.len());
	}
	let recipient: [u8; 32] = data[..32].try_into().expect("32 bytes");
	if data[32..48].iter().any(|b| *b != 0) {
		bail!("amount does not fit 128 bits");
	}
	let amount = u128::from_be_bytes(data[48..64].try_into().expect("16 bytes"));
	if data[64..95].iter().any(|b| *b != 0) {
		bail!("decimals do not fit 8 bits");
	}
	Ok(Deposit {
		nonce,
		token: address(word(2)?),
		sender: address(word(3)?),
		recipient: AccountId32::new(recipient),
		amount,
		decimals: data[95],
	})
}

impl Ethereum {
	/// Connects to `url` (`ws://`).
	pub async fn connect(url: &str) -> Result<Self> {
		let client = WsClientBuilder::default()
			.connection_timeout(Duration::from_secs(10))
			.build(url)
			.await
			.with_context(|| format!("cannot reach the Ethereum node at {url}"))?;
		Ok(Self { client })
	}

	/// The latest block number.
	pub async fn head(&self) -> Result<u64> {
		let n: String = self.client.request("eth_blockNumber", rpc_params![]).await?;
		quantity(&n)
	}

	/// The vault's `Deposit` and `Released` logs in blocks `from..=to`, in order.
	pub async fn vault_logs(&self, vault: EthAddress, from: u64, to: u64) -> Result<Vec<Log>> {
		let filter = serde_json::json!({
			"address": format!("{vault:?}"),
			"topics": [[format!("{:?}", deposit_topic()), format!("{:?}", released_topic())]],
			"fromBlock": format!("0x{from:x}"),
			"toBlock": format!("0x{to:x}"),
		});
		let logs: Vec<Log> = self.client.request("eth_getLogs", rpc_params![filter]).await?;
		let vault = format!("{vault:?}");
		// Only the vault's logs, whatever the node's filter did.
		Ok(logs
			.into_iter()
			.filter(|l| !l.removed && l.address.eq_ignore_ascii_case(&vault))
			.collect())
	}
}

/// The block number of a log.
pub fn log_block(log: &Log) -> Result<u64> {
	quantity(&log.block_number)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_vault_deposit_log_decodes() {
		// Topics and data as the vault emits them (nonce 2, token 0xc0…, sender 0xee…,
		// recipient 0xd4…, amount 300_000_000, 6 decimals).
		let log = Log {
			address: "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512".into(),
			topics: vec![
				format!("{:?}", deposit_topic()),
				format!("0x{:064x}", 2),
				format!("0x{}{}", "00".repeat(12), "c0".repeat(20)),
				format!("0x{}{}", "00".repeat(12), "ee".repeat(20)),
			],
			data: format!("0x{}{:064x}{:064x}", "d4".repeat(32), 300_000_000u64, 6),
			block_number: "0x10".into(),
			transaction_hash: "0x00".into(),
			removed: false,
		};
		let d = decode_deposit(&log).expect("decodes");
		assert_eq!(d.nonce, 2);
		assert_eq!(d.token, EthAddress::repeat_byte(0xc0));
		assert_eq!(d.sender, EthAddress::repeat_byte(0xee));
		assert_eq!(d.recipient, AccountId32::new([0xd4; 32]));
		assert_eq!(d.amount, 300_000_000);
		assert_eq!(d.decimals, 6);
		assert_eq!(decode_event(&log).ok(), Some(VaultEvent::Deposit(d)));
		assert_eq!(log_block(&log).ok(), Some(16));
		// The topic is the event signature's keccak, as solc computes it.
		assert_eq!(
			format!("{:?}", deposit_topic()),
			format!(
				"0x{}",
				hex::encode(sp_crypto_hashing::keccak_256(
					b"Deposit(uint64,address,address,bytes32,uint256,uint8)"
				))
			)
		);
		let mut bad = log.clone();
		bad.data = format!("0x{}{}{:064x}", "d4".repeat(32), "ff".repeat(32), 6);
		assert!(decode_deposit(&bad).is_err(), "an amount above 2^128 is refused");
		bad.data = format!("0x{}{:064x}", "d4".repeat(32), 300_000_000u64);
		assert!(decode_deposit(&bad).is_err(), "a deposit without decimals (an old vault)");
		let released = Log {
			topics: vec![
				format!("{:?}", released_topic()),
				format!("0x{:064x}", 9),
				format!("0x{}{}", "00".repeat(12), "c0".repeat(20)),
				format!("0x{}{}", "00".repeat(12), "42".repeat(20)),
			],
			data: format!("0x{:064x}", 5),
			..log.clone()
		};
		assert_eq!(decode_event(&released).ok(), Some(VaultEvent::Released(9)));
		bad = log;
		bad.topics.pop();
		assert!(decode_deposit(&bad).is_err());
	}
}
