//! What the relayer has done, kept in a JSON file so that a restart resumes where it stopped.
//! The chain state is the final word (an attestation or signature already on chain is never
//! submitted again); the file only saves re-scanning.

use anyhow::{bail, Context, Result};
use pallet_eth_bridge::EthAddress;
use serde::{Deserialize, Serialize};
use std::{fs, io::Write, path::Path};

/// The relayer's progress, for one vault.
#[derive(Serialize, Deserialize, Debug, Default, PartialEq, Eq)]
pub struct State {
	/// The vault this progress is about (a migration to another vault starts a new file).
	#[serde(default)]
	pub vault: Option<EthAddress>,
	/// The next Ethereum block to scan for deposits.
	pub eth_next_block: u64,
	/// The next LabelChain transfer-out nonce to sign.
	pub next_outbound: u64,
	/// Scanned Ethereum blocks holding a deposit whose attestation did not land (the bridge
	/// was paused, a limit was reached…): scanned again every round until it does.
	#[serde(default)]
	pub retry_blocks: std::collections::BTreeSet<u64>,
}

impl State {
	/// Reads `path`, or starts from `start_block` if it does not exist. Refuses a file kept
	/// for another vault: its block and nonce positions mean nothing for this one.
	pub fn load(path: &Path, start_block: u64, vault: EthAddress) -> Result<Self> {
		let state: Self = match fs::read_to_string(path) {
			Ok(text) => serde_json::from_str(&text)
				.with_context(|| format!("corrupt state file {}", path.display()))?,
			Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
				Self { eth_next_block: start_block, ..Default::default() }
			}
			Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
		};
		match state.vault {
			Some(v) if v != vault => bail!(
				"{} is the state of vault {v:?}, not of {vault:?}: give each vault its own --state file",
				path.display()
			),
			_ => Ok(Self { vault: Some(vault), ..state }),
		}
	}

	/// Writes `path` atomically (temporary file, fsync, rename).
	pub fn save(&self, path: &Path) -> Result<()> {
		let tmp = path.with_extension("tmp");
		let mut f =
			fs::File::create(&tmp).with_context(|| format!("cannot write {}", tmp.display()))?;
		f.write_all(serde_json::to_string_pretty(self)?.as_bytes())?;
		f.sync_all()?;
		fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_state_survives_a_restart() {
		let dir = tempfile::tempdir().expect("tmp");
		let path = dir.path().join("relayer.json");
		let vault = EthAddress::repeat_byte(0xfa);
		assert_eq!(
			State::load(&path, 5, vault).expect("fresh"),
			State { vault: Some(vault), eth_next_block: 5, ..Default::default() }
		);
		let s = State {
			vault: Some(vault),
			eth_next_block: 42,
			next_outbound: 3,
			retry_blocks: [7, 9].into(),
		};
		s.save(&path).expect("saved");
		assert_eq!(State::load(&path, 0, vault).expect("loaded"), s);
		assert!(
			State::load(&path, 0, EthAddress::repeat_byte(0xfb)).is_err(),
			"another vault's progress is refused"
		);
		std::fs::write(&path, "{").expect("write");
		assert!(State::load(&path, 0, vault).is_err(), "a corrupt file stops the relayer");
	}
}
