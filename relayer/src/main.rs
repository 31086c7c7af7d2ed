//! `labelchain-relayer`: one relayer of the LabelChain ↔ Ethereum bridge.
//!
//! It follows both chains and does two jobs, each idempotent against the chain state:
//! - **Deposits in.** Scans the vault's `Deposit` logs up to `head − confirmations` and submits
//!   `ethBridge.attest(deposit)` for each one this relayer has not attested and that has not
//!   executed; LabelChain executes a deposit when the threshold of relayers agree.
//! - **Transfers out.** Reads LabelChain's outbound queue at the finalized block and posts this
//!   relayer's secp256k1 signature of each message (`ethBridge.signOutbound`) — the vault's
//!   release digest, bound to the Ethereum chain id and vault. Anyone then collects `threshold`
//!   signatures from LabelChain and submits the vault's `release`.
//!
//! Progress is saved in `--state` after each step; a restart resumes there, and anything the
//! chain already holds is skipped, so nothing is attested or signed twice.
//!
//! At start it checks LabelChain's metadata against every index and extension it encodes
//! (`metadata.rs`) and refuses a runtime that moved them. Logs go through `tracing` to stderr
//! (`RUST_LOG=debug` for more); `--prometheus-port` serves metrics at `/metrics`.

mod ethereum;
mod labelchain;
mod metadata;
mod metrics;
mod state;

use anyhow::{bail, Context, Result};
use clap::Parser;
use ethereum::VaultEvent;
use labelchain::LabelChain;
use pallet_eth_bridge::{release_digest, DepositKey, EthAddress, InboundState, OutboundNonce};
use sp_core::{crypto::Pair as _, ecdsa, sr25519};
use std::{collections::BTreeSet, path::PathBuf, time::Duration};

#[derive(Parser)]
#[command(
	name = "labelchain-relayer",
	version,
	about = "A relayer of the LabelChain ↔ Ethereum bridge"
)]
struct Args {
	/// LabelChain node WebSocket RPC.
	#[arg(long, default_value = "ws://127.0.0.1:9944")]
	labelchain: String,
	/// Ethereum node WebSocket RPC.
	#[arg(long, default_value = "ws://127.0.0.1:8545")]
	ethereum: String,
	/// The vault contract (must match the vault LabelChain is configured with).
	#[arg(long)]
	vault: EthAddress,
	/// The relayer's LabelChain account: a secret URI (`//Bob` in development; a file of a
	/// secret phrase with `--suri-file` in production).
	#[arg(long, conflicts_with = "suri_file")]
	suri: Option<String>,
	/// A file holding the secret URI.
	#[arg(long)]
	suri_file: Option<PathBuf>,
	/// A file holding the relayer's secp256k1 signing key (hex, 32 bytes).
	#[arg(long)]
	eth_key_file: PathBuf,
	/// Ethereum blocks a deposit must be buried under before it is attested.
	#[arg(long, default_value_t = 12)]
	confirmations: u64,
	/// The first Ethereum block to scan (the vault's deployment block).
	#[arg(long, default_value_t = 0)]
	start_block: u64,
	/// Where progress is kept.
	#[arg(long)]
	state: PathBuf,
	/// Milliseconds between polls.
	#[arg(long, default_value_t = 2000)]
	poll_ms: u64,
	/// Most Ethereum blocks scanned per `eth_getLogs` call.
	#[arg(long, default_value_t = 1000)]
	max_range: u64,
	/// Serve Prometheus metrics on this port (`/metrics`), on localhost unless
	/// `--prometheus-external`.
	#[arg(long)]
	prometheus_port: Option<u16>,
	/// Listen for Prometheus on every interface.
	#[arg(long, requires = "prometheus_port")]
	prometheus_external: bool,
}

/// What the relayer did: an info line.
fn log(msg: impl AsRef<str>) {
	tracing::info!("{}", msg.as_ref());
}

/// Something that did not go as it should: a warning.
fn warn(msg: impl AsRef<str>) {
	tracing::warn!("{}", msg.as_ref());
}

fn read_secret(path: &PathBuf) -> Result<String> {
	Ok(std::fs::read_to_string(path)
		.with_context(|| format!("cannot read {}", path.display()))?
		.trim()
		.to_owned())
}

/// Waits until `check` holds on the best block (the transaction was included), up to `secs`.
async fn wait_for<F, Fut>(secs: u64, mut check: F) -> Result<bool>
where
	F: FnMut() -> Fut,
	Fut: std::future::Future<Output = Result<bool>>,
{
	for _ in 0..secs * 2 {
		if check().await? {
			return Ok(true);
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
	Ok(false)
}

/// A deposit as the relayer attests it.
type DepositOf = pallet_eth_bridge::Deposit<sp_runtime::AccountId32, u128>;

struct Relayer {
	args: Args,
	chain: LabelChain,
	eth: ethereum::Ethereum,
	eth_key: ecdsa::Pair,
	state: state::State,
	/// Conflicted deposits already reported in the log.
	conflicts: BTreeSet<DepositKey>,
	metrics: metrics::Metrics,
}

impl Relayer {
	/// Registers this relayer's signing address on LabelChain if it is not registered yet.
	async fn ensure_signer(&self) -> Result<()> {
		let signer = EthAddress::from_slice(&self.eth_address());
		if self.chain.my_signer().await? == Some(signer) {
			return Ok(());
		}
		let tx = self.chain.set_signer(signer).await?;
		log(format!("registering signing address {signer:?} (tx {tx})"));
		if !wait_for(60, || async { Ok(self.chain.my_signer().await? == Some(signer)) }).await? {
			bail!("the signing address was not registered: is this account a relayer?");
		}
		Ok(())
	}

	fn eth_address(&self) -> [u8; 20] {
		eth_address(&self.eth_key)
	}

	/// Acts on the vault's logs of blocks `from..=to`: attests each deposit not yet attested by
	/// us nor executed on LabelChain, and confirms each release of a transfer still queued
	/// there; returns whether all of them are done (the others are retried).
	async fn relay_range(&mut self, from: u64, to: u64) -> Result<bool> {
		let mut all_done = true;
		for l in self.eth.vault_logs(self.args.vault, from, to).await? {
			let done = match ethereum::decode_event(&l) {
				Ok(VaultEvent::Deposit(deposit)) => self.relay_deposit(&l, deposit).await?,
				Ok(VaultEvent::Released(nonce)) => self.confirm_release(&l, nonce).await?,
				Err(e) => {
					warn(format!(
						"skipping an undecodable vault log in tx {}: {e}",
						l.transaction_hash
					));
					true
				}
			};
			all_done &= done;
		}
		Ok(all_done)
	}

	/// Attests `deposit` unless it is done; returns whether it executed (or never will).
	async fn relay_deposit(&mut self, l: &ethereum::Log, deposit: DepositOf) -> Result<bool> {
		let nonce = deposit.nonce;
		let current = self.chain.vault().await?.map(|v| v.address);
		if current != Some(self.args.vault) {
			warn(format!(
				"deposit #{nonce} (tx {}): LabelChain's vault is {current:?}, not this vault {:?} — skipped, not attested",
				l.transaction_hash, self.args.vault
			));
			return Ok(true);
		}
		let key = (self.chain.generation().await?, nonce);
		match self.chain.inbound(key).await? {
			Some(InboundState::Executed { .. }) => {
				log(format!("deposit #{nonce}: executed already — skipped"));
				return Ok(true);
			}
			Some(InboundState::Conflicted { .. }) => {
				// Retried every round: governance may replace the lying relayer and reset it.
				if self.conflicts.insert(key) {
					warn(format!(
						"deposit #{nonce}: CONFLICTED on LabelChain (relayers attested different contents); waiting for governance to reset it"
					));
				}
				return Ok(false);
			}
			_ => {}
		}
		if self.chain.my_attestation(key).await?.is_some() {
			// Ours is in; watched until it executes (a reset or a prune may need it again).
			return Ok(false);
		}
		let tx = match self.chain.attest(&deposit).await {
			Ok(tx) => tx,
			Err(e) => {
				self.metrics.attestations_failed.inc();
				warn(format!(
					"deposit #{nonce}: the attestation did not land — refused (deposit tx {}): {e:#}; retrying every round",
					l.transaction_hash
				));
				return Ok(false);
			}
		};
		log(format!(
			"deposit #{nonce} (block {}, tx {}): {} of {:?} ({} decimals) to {} — attesting (tx {tx})",
			ethereum::log_block(l)?,
			l.transaction_hash,
			deposit.amount,
			deposit.token,
			deposit.decimals,
			deposit.recipient
		));
		let landed = wait_for(20, || async {
			Ok(self.chain.my_attestation(key).await?.is_some()
				|| matches!(self.chain.inbound(key).await?, Some(InboundState::Executed { .. })))
		})
		.await?;
		if !landed {
			self.metrics.attestations_failed.inc();
			warn(format!(
				"deposit #{nonce}: the attestation did not land (paused bridge, a limit, an unknown token or other decimals?); retrying every round"
			));
			return Ok(false);
		}
		self.metrics.deposits_attested.inc();
		log(format!("deposit #{nonce}: attested"));
		// Watched until it executes: if governance resets a conflict, we attest again.
		Ok(matches!(self.chain.inbound(key).await?, Some(InboundState::Executed { .. })))
	}

	/// Confirms that the vault released transfer `nonce`, so that LabelChain drops it from its
	/// queue at the threshold; returns whether nothing is left to do for it.
	async fn confirm_release(&mut self, l: &ethereum::Log, nonce: OutboundNonce) -> Result<bool> {
		let Some(m) = self.chain.outbound(nonce, None).await? else {
			log(format!("release of transfer out #{nonce}: no longer queued — skipped"));
			return Ok(true);
		};
		if m.vault.address != self.args.vault {
			warn(format!(
				"release of transfer out #{nonce} (tx {}): LabelChain queued it for vault {:?} — skipped, not confirmed",
				l.transaction_hash, m.vault.address
			));
			return Ok(true);
		}
		if self.chain.my_confirmation(nonce).await? {
			return Ok(true);
		}
		let tx = match self.chain.confirm_release(nonce).await {
			Ok(tx) => tx,
			// Deposits in the same range must not wait for it: retried every round.
			Err(e) => {
				warn(format!(
					"transfer out #{nonce}: the confirmation was refused ({e:#}); retrying"
				));
				return Ok(false);
			}
		};
		log(format!(
			"transfer out #{nonce}: released by the vault (tx {}) — confirming (tx {tx})",
			l.transaction_hash
		));
		let landed = wait_for(20, || async {
			Ok(self.chain.my_confirmation(nonce).await?
				|| self.chain.outbound(nonce, None).await?.is_none())
		})
		.await?;
		if landed {
			self.metrics.releases_confirmed.inc();
			log(format!("transfer out #{nonce}: release confirmed"));
		} else {
			warn(format!("transfer out #{nonce}: the confirmation did not land; retrying"));
		}
		Ok(landed)
	}

	/// Attests every confirmed deposit, and retries those that did not land before.
	async fn relay_deposits(&mut self) -> Result<()> {
		for block in self.state.retry_blocks.clone() {
			if self.relay_range(block, block).await? {
				self.state.retry_blocks.remove(&block);
				self.state.save(&self.args.state)?;
			}
		}
		let head = self.eth.head().await?;
		let Some(safe) = head.checked_sub(self.args.confirmations) else { return Ok(()) };
		while self.state.eth_next_block <= safe {
			let from = self.state.eth_next_block;
			let to = safe.min(from.saturating_add(self.args.max_range - 1));
			if !self.relay_range(from, to).await? {
				// Narrow the retry down to the blocks with a deposit.
				for l in self.eth.vault_logs(self.args.vault, from, to).await? {
					self.state.retry_blocks.insert(ethereum::log_block(&l)?);
				}
			}
			self.state.eth_next_block = to + 1;
			self.state.save(&self.args.state)?;
			self.metrics.eth_next_block.set(self.state.eth_next_block);
		}
		Ok(())
	}

	/// Signs every finalized transfer out queued for this relayer's vault that we have not
	/// signed; logs every one it skips, and why.
	async fn sign_transfers(&mut self) -> Result<()> {
		let at = self.chain.finalized().await?;
		let next = self.chain.next_outbound(at).await?;
		while self.state.next_outbound < next {
			let nonce = self.state.next_outbound;
			match self.chain.outbound(nonce, Some(at)).await? {
				None => log(format!(
					"transfer out #{nonce}: released and dropped from the queue already — skipped"
				)),
				Some(m) if m.vault.address != self.args.vault => warn(format!(
					"transfer out #{nonce}: queued for vault {:?}, not this relayer's {:?} — skipped",
					m.vault.address, self.args.vault
				)),
				Some(_) if self.chain.my_signature(nonce).await?.is_some() => {
					log(format!("transfer out #{nonce}: already signed by us"))
				}
				Some(m) => {
					// Bound to the vault the transfer was queued for, and its decimals.
					let digest = release_digest(
						&m.vault,
						nonce,
						&m.token,
						&m.recipient,
						m.amount,
						m.decimals,
					);
					let signature: [u8; 65] = self.eth_key.sign_prehashed(&digest).into();
					let tx = self.chain.sign_outbound(nonce, &signature).await?;
					self.metrics.transfers_signed.inc();
					log(format!(
						"transfer out #{nonce}: {} of {:?} to {:?} — signed (tx {tx})",
						m.amount, m.token, m.recipient
					));
					if !wait_for(60, || async {
						Ok(self.chain.my_signature(nonce).await?.is_some())
					})
					.await?
					{
						bail!("transfer out #{nonce}: the signature did not land");
					}
				}
			}
			self.state.next_outbound = nonce + 1;
			self.state.save(&self.args.state)?;
			self.metrics.next_outbound.set(self.state.next_outbound);
		}
		Ok(())
	}
}

/// The Ethereum address of `key`: recovered from a signature, exactly as LabelChain and the
/// vault will recover it.
fn eth_address(key: &ecdsa::Pair) -> [u8; 20] {
	let digest = sp_crypto_hashing::keccak_256(b"labelchain-relayer/address");
	let signature: [u8; 65] = key.sign_prehashed(&digest).into();
	pallet_eth_bridge::recover_signer(&signature, &digest).map(|a| a.0).unwrap_or_default()
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<()> {
	tracing_subscriber::fmt()
		.with_env_filter(
			tracing_subscriber::EnvFilter::try_from_default_env()
				.unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
		)
		.with_writer(std::io::stderr)
		.with_ansi(false)
		.with_target(false)
		.init();
	let args = Args::parse();
	let suri = match (&args.suri, &args.suri_file) {
		(Some(s), _) => s.clone(),
		(None, Some(path)) => read_secret(path)?,
		(None, None) => bail!("pass --suri or --suri-file"),
	};
	let key = sr25519::Pair::from_string(&suri, None)
		.map_err(|e| anyhow::anyhow!("bad --suri: {e:?}"))?;
	let eth_secret = hex::decode(read_secret(&args.eth_key_file)?.trim_start_matches("0x"))
		.context("the Ethereum key file is not hex")?;
	let eth_key = ecdsa::Pair::from_seed_slice(&eth_secret)
		.map_err(|e| anyhow::anyhow!("bad Ethereum key: {e:?}"))?;
	let chain = LabelChain::connect(&args.labelchain, key).await?;
	let eth = ethereum::Ethereum::connect(&args.ethereum).await?;
	let state = state::State::load(&args.state, args.start_block, args.vault)?;
	let (metrics, registry) = metrics::Metrics::new()?;
	if let Some(port) = args.prometheus_port {
		let ip = if args.prometheus_external { [0, 0, 0, 0] } else { [127, 0, 0, 1] };
		let addr = std::net::SocketAddr::from((ip, port));
		tokio::spawn(async move {
			if let Err(e) = prometheus_endpoint::init_prometheus(addr, registry).await {
				tracing::error!("the Prometheus endpoint on {addr} stopped: {e}");
			}
		});
		log(format!("Prometheus metrics on http://{addr}/metrics"));
	}
	metrics.eth_next_block.set(state.eth_next_block);
	metrics.next_outbound.set(state.next_outbound);
	let mut relayer =
		Relayer { args, chain, eth, eth_key, state, conflicts: BTreeSet::new(), metrics };
	log(format!(
		"relayer {} (signing as 0x{}), vault {:?}, from Ethereum block {}, transfer out #{}",
		relayer.chain.account(),
		hex::encode(relayer.eth_address()),
		relayer.args.vault,
		relayer.state.eth_next_block,
		relayer.state.next_outbound
	));
	if !relayer.chain.is_relayer().await? {
		bail!("{} is not in LabelChain's relayer set", relayer.chain.account());
	}
	relayer.ensure_signer().await?;
	// SIGTERM and Ctrl-C stop the relayer between rounds (its state is saved after each step).
	let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
	loop {
		if let Err(e) = relayer.relay_deposits().await {
			relayer.metrics.errors.inc();
			tracing::error!("deposits: {e:#}");
		}
		if let Err(e) = relayer.sign_transfers().await {
			relayer.metrics.errors.inc();
			tracing::error!("transfers out: {e:#}");
		}
		tokio::select! {
			_ = tokio::time::sleep(Duration::from_millis(relayer.args.poll_ms)) => {}
			_ = terminate.recv() => break,
			_ = tokio::signal::ctrl_c() => break,
		}
	}
	log("stopped");
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_signing_address_is_the_ethereum_address_of_the_key() {
		// Key 0x01…01; its address as ethers.js computes it.
		let key = ecdsa::Pair::from_seed_slice(&[1u8; 32]).expect("key");
		assert_eq!(hex::encode(eth_address(&key)), "1a642f0e3c3af545e7acbd38b07251b3990914f1");
	}
}
